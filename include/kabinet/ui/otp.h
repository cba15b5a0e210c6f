/* A one-time code step (otp.c) that registration, password recovery and a new
 * contact share, and the name, contact and password fields they have too. */
#ifndef KABINET_UI_OTP_H
#define KABINET_UI_OTP_H

#include <curses.h>
#include <stdbool.h>
#include <time.h>

#include "kabinet/actions.h"
#include "kabinet/model/model.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"

struct app;
struct api_reply;
struct ui_change;

enum { UI_OTP_CODE, UI_OTP_CONFIRM, UI_OTP_RESEND, UI_OTP_FIELDS };

/* The code typed, where it went, its five minutes and the countdown before another
 * can be sent, the wrong attempts left; a new code through resendOtp. */
struct ui_otp {
	struct ui_field fields[UI_OTP_FIELDS];
	struct ui_form form;
	enum action act;		/* what read-only refuses (the flow's action) */
	char otp_id[64];
	char sent_to[MODEL_SENT_TO_MAX + 1];
	time_t resend_at, expires_at;	/* monotonic seconds */
	long shown_resend, shown_expiry;
	int wrong;			/* wrong codes for this otpId */
	bool dead;			/* voided or no longer valid: only a new code helps */
};

enum ui_otp_event { UI_OTP_NONE, UI_OTP_SEND };

void ui_otp_init(struct ui_otp *o, enum action act, const char *confirm_label);
/* A code was sent: otp_id, where to (shown), seconds before another may be sent. */
void ui_otp_start(struct ui_otp *o, const char *otp_id, const char *sent_to, int resend_after);
/* The answer of a method that sent a code (register, changeContact,
 * requestPasswordReset, in `body`): the code step starts, where the code went shown as
 * the server's sentTo, or as `typed` when there is none or `as_typed`. False (and said)
 * when the answer is not understood. */
bool ui_otp_sent(struct ui_otp *o, const char *body, const char *typed, bool as_typed);
/* Change c, whose method takes the otpId and the code (confirmRegistration,
 * confirmContact), sent with the code typed; nothing sent while it has not 6 digits
 * (the reason next to it). */
void ui_otp_confirm(struct ui_otp *o, struct app *app, struct ui_change *c);
/* Draws where the code went, how long it is valid and the form; returns the rows. */
int ui_otp_draw(struct ui_otp *o, WINDOW *w, int y, int x, int cols, int *cy, int *cx);
/* A key; UI_OTP_SEND when the code is to be sent (ui_otp_code() then gives it). A new
 * code (r, F5 or the button) is asked here. */
enum ui_otp_event ui_otp_key(struct ui_otp *o, struct app *app, enum action act, int key,
			     bool *handled);
/* The code typed (7 bytes), when it has 6 digits; else false with the reason next to
 * it. */
bool ui_otp_code(struct ui_otp *o, char *code);
/* A refusal of the method that took the code: true when it was about the code (said
 * next to it, with the attempts left or why it is no longer valid). */
bool ui_otp_refused(struct ui_otp *o, struct app *app, const struct api_reply *r);
/* The countdowns; how soon to call again (ms), or -1. */
int ui_otp_tick(struct ui_otp *o);
void ui_otp_wipe(struct ui_otp *o);
/* The bottom line's keys on a code step that ends the flow: confirm, a new code, back. */
extern const struct ui_hint ui_otp_hints[];
/* What a code step takes: a form's keys, and F5 for a new code. */
bool ui_otp_accepts(struct app *app, enum action act);
/* The name and region fields of registration and the personal data, from f[0]: the
 * last, first and middle names, the region (chosen from the list, region_pick.h), then
 * a button labelled `button` (N_()). */
enum { UI_NAME_LAST, UI_NAME_FIRST, UI_NAME_MIDDLE, UI_NAME_REGION, UI_NAME_BUTTON,
       UI_NAME_FIELDS };
void ui_name_fields(struct ui_field *f, const char *button);
/* The validate() of a form of those fields: a name's or the region's problem next to it. */
void ui_name_validate(struct ui_form *form, size_t i, void *ud);
/* A phone-or-e-mail to send a code to as f[0], then a button labelled `button` (N_()),
 * and the validate() of their form. */
void ui_contact_fields(struct ui_field *f, const char *button);
void ui_contact_validate(struct ui_form *form, size_t i, void *ud);
/* A new password twice as f[0] and f[1] (labels `first` and `again`, N_()), masked,
 * then a button `button`; their form's validate() checks the first against the rules
 * and the second against the first. */
void ui_new_password_fields(struct ui_field *f, const char *first, const char *again,
			    const char *button);
void ui_new_password_validate(struct ui_form *form, size_t i, void *ud);
/* A phone-or-e-mail field: which of the two it is, in its note, as it is typed. */
void ui_contact_note(struct ui_field *f);
/* A new password's field against the API's rules (first NULL), or its repetition
 * against the first (`differ` says they differ); the reason next to it. */
void ui_password_check(struct ui_field *f, const struct ui_field *first, const char *differ);
/* The password rules from row y, each ticked off as `pw` meets it, and whether `again`
 * is the same; rows below `rows` are left out. */
void ui_password_rules(WINDOW *w, int y, int x, int cols, int rows, const struct ui_edit *pw,
		       const struct ui_edit *again);

#endif
