/* Password recovery, over the login form: the phone or e-mail of the profile
 * (requestPasswordReset; the server answers alike whether a profile has it or not), the
 * code sent there, checked at once (checkResetCode: a wrong one is said at the code,
 * before any password is typed), the new password with its rules ticked off as typed
 * (resetPassword), then a login with the contact and the new password — the code step
 * follows when the profile asks for one. Esc steps back with what was typed kept; the
 * code sent stays with its countdown, so that Esc and Enter on the same contact come
 * back to it rather than send another before its time. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/otp.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/profile.h"
#include "kabinet/model/text.h"

enum step { S_CONTACT, S_CODE, S_PASSWORD };
/* The forms' fields, as ui_contact_fields() and ui_new_password_fields() make them. */
enum { K_CONTACT, K_SEND, K_COUNT };
enum { W_PASSWORD, W_AGAIN, W_SAVE, W_COUNT };

#define TEXT_MAX (UI_EDIT_MAX * 4 + 1)

static struct {
	struct ui_steps steps;
	struct ui_field contact[K_COUNT], pw[W_COUNT];
	struct ui_form contact_form, pw_form;
	struct ui_otp otp;
	char code[8];		/* taken at the code step, sent with the password */
	char sent_contact[256];
	bool open;
	uint64_t print;		/* of the forms as they opened */
} rc;

static void wipe_passwords(void)
{
	ui_edit_wipe(&rc.pw[W_PASSWORD].edit);
	ui_edit_wipe(&rc.pw[W_AGAIN].edit);
}

static void go(struct app *app, enum step s)
{
	ui_steps_go(&rc.steps, app, s);
}

/* --- the contact --- */

/* Whether the code sent to `contact` still stands: no other may be sent yet, or it is
 * still good. Then Enter on the contact comes back to it. */
static bool code_stands(const char *contact)
{
	time_t now = ui_now_s();

	if (!rc.otp.otp_id[0] || strcmp(contact, rc.sent_contact))
		return false;
	return now < rc.otp.resend_at || (!rc.otp.dead && now < rc.otp.expires_at);
}

static void code_sent(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	/* No sentTo here, by design: the contact as typed. */
	if (ui_otp_sent(&rc.otp, reply->body, rc.sent_contact, true))
		go(app, S_CODE);
}

static bool contact_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	if (reply->field && !strcmp(reply->field, "contact")) {
		ui_field_error(&rc.contact[K_CONTACT], app_reply_text(app, reply, text, sizeof(text)));
		return true;
	}
	return false;
}

static void send_contact(struct app *app)
{
	struct ui_change c = { .act = ACT_RECOVER_PASSWORD, .method = "requestPasswordReset",
			       .done = code_sent, .refused = contact_refused };

	char contact[sizeof(rc.sent_contact)];

	if (!ui_form_check(&rc.contact_form))
		return;
	ui_field_text(&rc.contact[K_CONTACT], contact, sizeof(contact));
	if (code_stands(contact)) {
		ui_message(UI_MSG_INFO, _("The code sent to %s still stands."), rc.sent_contact);
		go(app, S_CODE);
		return;
	}
	ui_otp_wipe(&rc.otp);
	text_copy(rc.sent_contact, sizeof(rc.sent_contact), contact);
	c.body = model_body_password_reset(rc.sent_contact);
	ui_change(app, &c);
}

/* --- the code, checked before the new password is asked for --- */

static void code_checked(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)app, (void)reply, (void)ud;
	if (ui_front() != &recover_screen || rc.steps.at != S_CODE)
		return;
	ui_form_focus(&rc.pw_form, W_PASSWORD);
	go(app, S_PASSWORD);
}

static bool code_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	model_wipe(rc.code, sizeof(rc.code));
	return ui_otp_refused(&rc.otp, app, reply);
}

static void check_code(struct app *app)
{
	struct ui_change c = { .act = ACT_RECOVER_PASSWORD, .method = "checkResetCode",
			       .done = code_checked, .refused = code_refused };

	c.body = model_body_otp(rc.otp.otp_id, rc.code);
	ui_change(app, &c);
}

/* --- the new password --- */

static void reset_done(struct app *app, const struct api_reply *reply, void *ud)
{
	char pw[TEXT_MAX], login[256];

	(void)reply, (void)ud;
	ui_edit_get(&rc.pw[W_PASSWORD].edit, pw, sizeof(pw));
	text_copy(login, sizeof(login), rc.sent_contact);
	ui_pop();	/* wipes the form */
	ui_message(UI_MSG_INFO, "%s",
		   _("The password is changed; every session and remembered device of the profile has ended. Logging in..."));
	login_with(app, login, pw);
	model_wipe(pw, sizeof(pw));
}

static bool reset_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	model_wipe(rc.code, sizeof(rc.code));
	/* The code was checked, but is no longer good (it expired meanwhile): the new
	 * password stays typed for when the next code is checked. */
	if (ui_otp_refused(&rc.otp, app, reply)) {
		go(app, S_CODE);
		return true;
	}
	wipe_passwords();
	if (reply->field && !strcmp(reply->field, "newPassword")) {
		ui_field_error(&rc.pw[W_PASSWORD], app_reply_text(app, reply, text, sizeof(text)));
		ui_form_focus(&rc.pw_form, W_PASSWORD);
		return true;
	}
	return false;
}

static void send_password(struct app *app)
{
	struct ui_change c = { .act = ACT_RECOVER_PASSWORD, .method = "resetPassword",
			       .done = reset_done, .refused = reset_refused };
	char pw[TEXT_MAX];

	if (!ui_form_check(&rc.pw_form))
		return;
	ui_edit_get(&rc.pw[W_PASSWORD].edit, pw, sizeof(pw));
	c.body = model_body_reset_password(rc.otp.otp_id, rc.code, pw);
	model_wipe(pw, sizeof(pw));
	ui_change(app, &c);
}

/* --- the screen --- */

static int contact_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	(void)app, (void)rows, (void)cy, (void)cx;
	return ui_put_wrapped(w, y, x, cols, 3, AREA_DEFAULT,
			      _("The phone or e-mail of your profile: a code is sent there if a profile has it.")) + 1;
}

static int code_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	(void)app, (void)rows;
	return ui_otp_draw(&rc.otp, w, y, x, cols, cy, cx);
}

static int password_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			 int *cx)
{
	(void)app, (void)rows, (void)cy, (void)cx;
	return ui_put_wrapped(w, y, x, cols, 2, AREA_DEFAULT,
			      _("Every session and remembered device of the profile will end.")) + 1;
}

static void password_below(struct app *app, WINDOW *w, int y, int x, int cols, int rows)
{
	(void)app;
	ui_password_rules(w, y + 1, x, cols, rows, &rc.pw[W_PASSWORD].edit, &rc.pw[W_AGAIN].edit);
}

static void rc_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&rc.steps, app, pane, rows, cols);
}

/* The code and its countdown stay when it is left: the same contact comes back to them. */
static void password_back(struct app *app)
{
	wipe_passwords();
	model_wipe(rc.code, sizeof(rc.code));
	go(app, S_CODE);
}

static void contact_typed(struct app *app)
{
	(void)app;
	ui_contact_note(&rc.contact[K_CONTACT]);
}

static enum ui_key_result code_key(struct app *app, enum action act, int key)
{
	bool handled;

	if (ui_otp_key(&rc.otp, app, act, key, &handled) == UI_OTP_SEND &&
	    ui_otp_code(&rc.otp, rc.code))
		check_code(app);
	return handled ? UI_DONE : UI_PASS;
}

static enum ui_key_result rc_key(struct app *app, enum action act, int key);

/* A paste goes into the code, typed through the screen's keys. */
static enum ui_paste_result code_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &rc.otp.form, rc_key, text, len);
}

static enum ui_key_result rc_key(struct app *app, enum action act, int key)
{
	if ((act == ACT_REGISTER || act == ACT_RECOVER_PASSWORD) && !ui_change_busy())
		return UI_DONE;
	return ui_steps_key(&rc.steps, app, act, key);
}

static int rc_tick(struct app *app)
{
	(void)app;
	return rc.steps.at != S_CONTACT ? ui_otp_tick(&rc.otp) : -1;
}

static bool rc_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return ui_steps_cursor(&rc.steps, y, x);
}

static const struct ui_hint code_hints[] = {
	{ ACT_ENTER, N_("next") },
	{ ACT_REFRESH, N_("new code") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_step steps[] = {
	[S_CONTACT] = { .title = N_("1. phone or e-mail"), .form = &rc.contact_form,
			.draw = contact_draw, .typed = contact_typed, .submit = send_contact,
			.back = UI_STEP_OUT },
	[S_CODE] = { .title = N_("2. the code"), .draw = code_draw, .key = code_key,
		     .back = S_CONTACT, .hints = code_hints, .keys_now = ui_code_own_keys,
		     .accepts = ui_otp_accepts, .paste = code_paste },
	[S_PASSWORD] = { .title = N_("3. new password"), .form = &rc.pw_form,
			 .draw = password_draw, .below = password_below, .submit = send_password,
			 .on_back = password_back },
};

/* What the two forms hold (the code aside: a new one comes on r). */
static uint64_t rc_print(void)
{
	return ui_form_print(&rc.contact_form, 0) ^ ui_form_print(&rc.pw_form, 0) * 3;
}

static void rc_open(struct app *app)
{
	struct ui_field *k = rc.contact, *p = rc.pw;

	memset(&rc, 0, sizeof(rc));
	rc.steps = (struct ui_steps){ .title = N_("Password recovery: %s"), .steps = steps,
				      .count = sizeof(steps) / sizeof(steps[0]), .max_cols = 76,
				      .screen_key = rc_key };
	ui_contact_fields(k, N_("Send me the code"));
	ui_new_password_fields(p, N_("New password"), N_("New password again"),
			       N_("Save and log in"));
	rc.contact_form = (struct ui_form){ rc.contact, K_COUNT, 0, ui_contact_validate, NULL };
	rc.pw_form = (struct ui_form){ rc.pw, W_COUNT, 0, ui_new_password_validate, NULL };
	ui_otp_init(&rc.otp, ACT_RECOVER_PASSWORD, N_("Next"));
	/* A contact typed as the login is a good start. */
	if (profile_contact_kind(app->login) != CONTACT_NONE)
		ui_edit_set(&k[K_CONTACT].edit, app->login);
	ui_contact_note(&rc.contact[K_CONTACT]);
	go(app, S_CONTACT);
	rc.open = true;
	rc.print = rc_print();
}

static bool rc_typed(struct app *app)
{
	(void)app;
	return rc.open && rc_print() != rc.print;
}

static void rc_close(struct app *app)
{
	(void)app;
	rc.open = false;
	wipe_passwords();
	model_wipe(rc.code, sizeof(rc.code));
	ui_otp_wipe(&rc.otp);
}

UI_STEPS_CALLBACKS(rc, rc.steps)

const struct screen_ops recover_screen = {
	.name = "login",
	.title = N_("Password recovery"),
	.keymap = KEYMAP_LOGIN,
	.text_input = true,
	.open = rc_open,
	.close = rc_close,
	.draw = rc_draw,
	.key = rc_key,
	.tick = rc_tick,
	.cursor = rc_cursor,
	.hints = ui_step_hints,
	.typed = rc_typed,
	UI_STEPS_OPS(rc),
};
