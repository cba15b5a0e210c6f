/* A company's first login, over the login form: the one-time password from the office
 * was right and the server asks for a password of the company's own (login's
 * PASSWORD_CHANGE_REQUIRED). The new password twice with its rules ticked off as typed,
 * then setInitialPassword with the handle; then a normal login with the new password
 * (so that "remember me" and the two-step code go as for any login), never with the
 * one-time one. Esc goes back to the form; the handle is wiped when the step closes. */
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
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/text.h"

enum { W_PASSWORD, W_AGAIN, W_SAVE, W_COUNT };

#define TEXT_MAX (UI_EDIT_MAX * 4 + 1)

static struct {
	struct ui_steps steps;
	struct ui_field pw[W_COUNT];
	struct ui_form pw_form;
	char handle[64];	/* login's, a secret */
	char login[256];
	bool open;
} fl;

static void wipe_passwords(void)
{
	ui_edit_wipe(&fl.pw[W_PASSWORD].edit);
	ui_edit_wipe(&fl.pw[W_AGAIN].edit);
}

void login_initial_start(struct app *app, const char *handle)
{
	text_copy(fl.login, sizeof(fl.login), app->login);
	snprintf(fl.handle, sizeof(fl.handle), "%s", handle);
	ui_push(&initial_password_screen);
}

static void set_done(struct app *app, const struct api_reply *reply, void *ud)
{
	char pw[TEXT_MAX], login[256];

	(void)reply, (void)ud;
	ui_edit_get(&fl.pw[W_PASSWORD].edit, pw, sizeof(pw));
	text_copy(login, sizeof(login), fl.login);
	ui_pop();	/* wipes the form and the handle */
	ui_message(UI_MSG_INFO, "%s", _("Your password is set. Logging in..."));
	login_with(app, login, pw);
	model_wipe(pw, sizeof(pw));
}

static bool set_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	if (!reply->field || reply->fail != API_FAIL_NONE)
		return false;
	if (!strcmp(reply->field, "newPassword")) {
		wipe_passwords();
		ui_field_error(&fl.pw[W_PASSWORD], app_reply_text(app, reply, text, sizeof(text)));
		ui_form_focus(&fl.pw_form, W_PASSWORD);
		return true;
	}
	if (!strcmp(reply->field, "handle")) {
		/* Expired or voided: only the one-time password again helps. */
		ui_field_error(&fl.pw[W_SAVE], app_reply_text(app, reply, text, sizeof(text)));
		return true;
	}
	return false;
}

static void send_password(struct app *app)
{
	struct ui_change c = { .act = ACT_ENTER, .method = "setInitialPassword",
			       .done = set_done, .refused = set_refused };
	char pw[TEXT_MAX];

	if (!ui_form_check(&fl.pw_form))
		return;
	if (app_read_only(app)) {
		/* Said here: the change path's refusal would name no action of the keymap. */
		ui_message(UI_MSG_ERROR, "%s",
			   _("Read-only mode: setting your own password is refused."));
		return;
	}
	ui_edit_get(&fl.pw[W_PASSWORD].edit, pw, sizeof(pw));
	c.body = model_body_initial_password(fl.handle, pw);
	model_wipe(pw, sizeof(pw));
	ui_change(app, &c);
}

static int password_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			 int *cx)
{
	(void)app, (void)rows, (void)cy, (void)cx;
	return ui_put_wrapped(w, y, x, cols, 2, AREA_DEFAULT,
			      _("The password from the office was for the first login only: choose one of your own.")) + 1;
}

static void password_below(struct app *app, WINDOW *w, int y, int x, int cols, int rows)
{
	(void)app;
	ui_password_rules(w, y + 1, x, cols, rows, &fl.pw[W_PASSWORD].edit, &fl.pw[W_AGAIN].edit);
}

static void fl_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&fl.steps, app, pane, rows, cols);
}

static enum ui_key_result fl_key(struct app *app, enum action act, int key)
{
	if ((act == ACT_REGISTER || act == ACT_RECOVER_PASSWORD) && !ui_change_busy())
		return UI_DONE;
	return ui_steps_key(&fl.steps, app, act, key);
}

static bool fl_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return ui_steps_cursor(&fl.steps, y, x);
}

static const struct ui_step steps[] = {
	{ .title = N_("Set your own password"), .form = &fl.pw_form, .draw = password_draw,
	  .below = password_below, .submit = send_password, .back = UI_STEP_OUT },
};

static void fl_open(struct app *app)
{
	memset(fl.pw, 0, sizeof(fl.pw));
	fl.steps = (struct ui_steps){ .steps = steps, .count = 1, .max_cols = 76,
				      .screen_key = fl_key };
	ui_new_password_fields(fl.pw, N_("New password"), N_("New password again"),
			       N_("Save and log in"));
	fl.pw_form = (struct ui_form){ fl.pw, W_COUNT, 0, ui_new_password_validate, NULL };
	ui_steps_go(&fl.steps, app, 0);
	fl.open = true;
}

static bool fl_typed(struct app *app)
{
	(void)app;
	return fl.open && (fl.pw[W_PASSWORD].edit.len || fl.pw[W_AGAIN].edit.len);
}

static void fl_close(struct app *app)
{
	(void)app;
	fl.open = false;
	wipe_passwords();
	model_wipe(fl.handle, sizeof(fl.handle));
}

UI_STEPS_CALLBACKS(fl, fl.steps)

const struct screen_ops initial_password_screen = {
	.name = "login",
	.title = N_("Set your own password"),
	.keymap = KEYMAP_LOGIN,
	.text_input = true,
	.open = fl_open,
	.close = fl_close,
	.draw = fl_draw,
	.key = fl_key,
	.cursor = fl_cursor,
	.hints = ui_step_hints,
	.typed = fl_typed,
	UI_STEPS_OPS(fl),
};
