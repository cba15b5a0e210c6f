/* What the screens offer one another and the screen table (screens.c): every
 * screen's screen_ops and the entry points that open a screen or a form over the one
 * in front, or tell it that something it shows changed. The toolkit never includes
 * it: it reaches the screens through the table (struct ui_screens). */
#ifndef KABINET_UI_SCREENS_H
#define KABINET_UI_SCREENS_H

#include <stdbool.h>
#include <stdint.h>

#include "kabinet/actions.h"
#include "kabinet/ui/engine.h"

struct app;
struct account;
struct ap_rule;
struct ap_rules;
struct ap_account_state;
struct request;

/* The staff's tables (screens.c): a support engineer's, the office's (with the
 * companies), and a view's (the subscriber's eight screens under a banner). */
extern const struct ui_screens ui_staff_table;
extern const struct ui_screens ui_office_table;
extern const struct ui_screens ui_view_table;

extern const struct screen_ops login_screen;
extern const struct screen_ops overview_screen;
extern const struct screen_ops tariffs_screen;
extern const struct screen_ops accounts_screen;
extern const struct screen_ops account_screen;
extern const struct screen_ops attach_screen;
extern const struct screen_ops autopay_screen;
extern const struct screen_ops support_screen;
extern const struct screen_ops profile_screen;

/* Screen 2 with an account's details over it (Enter on the overview). */
void accounts_show(struct app *app, const char *account_id);
/* The details of an account, over the screen in front. */
void account_show(struct app *app, const char *account_id);
/* Whether the details in front are that account's. */
bool account_shows(const char *account_id);
/* Asks to detach the account (a confirmation naming it, its region and services). */
void accounts_detach(struct app *app, const struct account *a);
/* An account was attached (or may have been: id "") or detached: the list is read
 * again, the account selected, and the balances the list lacks are read. */
void accounts_changed(struct app *app, const char *account_id);

/* What a change moved, the screens' parts of it (ui_moved, through screens.c). A new
 * balance of the account: the overview measures its row again (a promised payment
 * needs its column). */
void overview_moved(struct app *app, const char *account_id);
/* Screen 4, when open: the history's first page and its count are read again
 * (`history`), or a new balance is measured in its column. */
void payments_moved(struct app *app, bool history);
/* :date: screen 4 in front with the history from that day (YYYY-MM-DD) back, its
 * newest row first: the filter's end is that day (a start after it goes). */
void payments_date(struct app *app, const char *iso);
/* The invoices of the account, when they are open, are read again (paid now?). */
void invoices_moved(struct app *app, const char *account_id);
/* The bound cards, when they are open, are read again. */
void cards_moved(struct app *app);

/* Opens screen 3 on a service (Enter on a service of screen 2). */
void tariffs_show_service(struct app *app, const char *service_id);

/* --- screen 4, Payments, and the forms over it --- */

extern const struct screen_ops payments_screen;

/* The top-up form (pay.c) over the screen in front: account_id (NULL: none picked
 * yet) picked with `amount` kopecks (0: its recommended payment). */
void pay_show(struct app *app, const char *account_id, int64_t amount);
/* `:pay NUMBER AMOUNT` and `p`: the form with that account (by number) and amount. */
void pay_show_number(struct app *app, const char *number, int64_t amount);
/* Binding a card (pay.c): the new card form, then 3-D Secure when asked; `done` runs
 * (may be NULL) once a card was bound. */
void pay_bind_card(struct app *app, void (*done)(struct app *app));
/* Where a form that moves money starts (a transfer, a promise, points): refused under
 * read-only with act's name, else the account asked for (NULL: the first one); NULL,
 * said in the bottom line, when the form is not to open. */
const struct account *pay_form_account(struct app *app, enum action act, const char *account_id);

/* Sub-screens of screen 4 (payments_cards.c, payments_invoices.c, payments_transfer.c, payments_promised.c); each works
 * in the payments keymap. account_id NULL: the first account. */
void cards_show(struct app *app);
/* "Where the money goes" (payments_charges.c) for one account (NULL: all of them). */
void money_chart_show(struct app *app, const char *account_id);
void invoices_show(struct app *app, const char *account_id);
void transfer_show(struct app *app, const char *from_account_id);
void promised_show(struct app *app, const char *account_id);
/* Runs an action of the payments keymap from any of its screens (p, t, P, b, c, i)
 * for the account in question (may be NULL); false when act is not one of them. */
bool payments_run(struct app *app, enum action act, const char *account_id);

/* --- screen 5, Autopay (autopay.c, autopay_form.c) --- */

/* The create wizard (rule NULL: account, kind, figures, card) or the edit form of a
 * rule (figures, card), over screen 5; refused under read-only. */
void autopay_form_show(struct app *app, const struct ap_rule *rule);
/* Screen 5's rules as last read (empty before the first answer). */
const struct ap_rules *autopay_rules(void);
/* What billing will see of an account (its balance, fee, the server's today); false
 * while it is not known. */
bool autopay_account_state(struct app *app, const char *account_id,
			   struct ap_account_state *out);
/* A rule was created or changed: screen 5 reads its rules again. */
void autopay_changed(struct app *app);

/* --- screen 6, Bonus (bonus.c), and the form that spends points (bonus_spend.c) --- */

extern const struct screen_ops bonus_screen;
/* The program's status is read again when screen 6 is open (points were spent, or
 * may have been); false when it is not open. */
bool bonus_reload(struct app *app);
/* The form that spends points on an account (account_id NULL: the first), over the
 * screen in front; refused under read-only. */
void bonus_spend_show(struct app *app, const char *account_id);
/* "1 250 points" / "1 250 баллов" (bonus.c), for the screen and the form. */
char *bonus_points_text(int64_t n, char *buf, size_t size);

/* --- screen 7, Support (support.c), and its form (support_form.c) --- */

/* The form of a new request (r NULL) or of a reply to r, over the screen in front. */
void support_form_show(struct app *app, const struct request *r);
/* A request as the server now has it (created, answered, closed): the list and the
 * thread show it; `opened` shows its thread. */
void support_changed(struct app *app, const struct request *r, bool opened);
/* Something was sent and no answer came: the list is read again. */
void support_reload(struct app *app);

/* --- screen 8, Profile (profile.c), and its forms (profile_forms.c) --- */

enum profile_form { PROFILE_FORM_EDIT, PROFILE_FORM_PASSWORD, PROFILE_FORM_CONTACT };
void profile_form_show(struct app *app, enum profile_form which);
/* Who from support looked at my data (profile_access.c), over screen 8. */
void profile_access_show(struct app *app);
/* The notification settings (profile_notify.c), over screen 8. */
void profile_notify_show(struct app *app);
/* The social accounts, linked or not (profile_social.c), over screen 8. */
void profile_social_show(struct app *app);
/* The profile changed (reply: its new profile object, or NULL): screen 8 shows it and
 * reads the devices again. */
void profile_changed(struct app *app, const char *profile_json);

/* --- the login screen (login.c), registration and recovery --- */

/* Registration (login_register.c) and recovery (login_recover.c), over the login form. */
extern const struct screen_ops register_screen;
extern const struct screen_ops recover_screen;
/* A registration logged in as `login`: the start path of a normal login. */
void login_registered(struct app *app, const char *login);
/* Logs in from the form with this login and password (after a recovery): the code
 * step follows when the profile asks for one. The password is wiped. After a social
 * login, login is "" (whose the password is, the profile says): asked with getProfile
 * on the session setInitialPassword opened first. */
void login_with(struct app *app, const char *login, char *password);
/* A company's first login (login_initial.c), over the login form: the new password,
 * sent with login's handle (copied; wiped when the step closes), then login_with(). */
extern const struct screen_ops initial_password_screen;
void login_initial_start(struct app *app, const char *handle);

/* Social login (login_social.c), over the login form: the server's providers, then
 * the device screen of the chosen one. An approval goes on as a password login's
 * answer would: login_social_answer() with pollDeviceLogin's answer (login's), the
 * login learnt from getProfile before "logged in" is said and the token kept. */
void login_social_show(struct app *app);
void login_social_answer(struct app *app, const char *body);
/* Whether "remember me" is ticked on the login form (and can be kept). */
bool login_remember_asked(struct app *app);
/* Linking (screen 8's social accounts): the device screen of provider (its name for
 * people); done() after the link is made, with its row. */
struct social_link;
typedef void (*social_linked_fn)(struct app *app, const struct social_link *link);
void social_link_device(struct app *app, const char *provider, const char *name,
			social_linked_fn done);

/* While the overview shows cached figures without a session (the saved login failed
 * for want of the network): tries the saved login again, or goes to the form when
 * the keyring has none any more. */
void login_resume(struct app *app);

/* The screens the engine runs (screens.c): the menu, the login screen, the hooks of
 * the toolkit; main.c hands it to ui_run. */
extern const struct ui_screens ui_screen_table;

#endif
