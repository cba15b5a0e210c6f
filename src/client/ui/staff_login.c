/* The staff's login screen (kabinet --staff): the staff login and the password
 * (masked, wiped as soon as staffLogin's body is built), then the code of the staff
 * member's authenticator app (TOTP: nothing is sent, so nothing to send again) for
 * staffLoginConfirm, then the staff's screens (staff_logged_in). A password from the
 * start (password_command, --demo) is sent at once; the demo's code comes from
 * app->staff_code. What was typed stays when the server says no; Esc on the code
 * step goes back to the password. */
#include "kabinet/ui/staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/staff.h"
#include "kabinet/model/text.h"
#include "kabinet/model/wipe.h"
#include "kabinet/net/api.h"
#include "kabinet/options.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/login.h"
#include "kabinet/ui/paste.h"

#define STAFF_LOGIN_MAX 64	/* staffLogin's rule */
#define STAFF_PASSWORD_MAX 256
#define CODE_DIGITS 6

enum { F_LOGIN, F_PASSWORD, F_SUBMIT, F_COUNT };
enum { C_CODE, C_CONFIRM, C_COUNT };
enum req { REQ_LOGIN, REQ_CONFIRM };

static struct {
	bool code_step;
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	struct ui_field cfields[C_COUNT];
	struct ui_form cform;
	char login_id[64];
	unsigned gen;		/* replies of an older attempt are dropped */
	bool busy;
	bool auto_code;		/* the start's login: the demo's code goes at once */
	char msg[512];
	enum ui_msg msg_kind;
	int cy, cx;		/* the cursor as last drawn */
} sl;

static void say(enum ui_msg kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(enum ui_msg kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sl.msg, sizeof(sl.msg), fmt, ap);
	va_end(ap);
	sl.msg_kind = kind;
	ui_dirty(UI_DIRTY_PANE);
}

/* staffLogin's rules, and the code's 6 digits, said next to the field. */
static void validate(struct ui_form *form, size_t i, void *ud)
{
	struct ui_field *f = &form->fields[i];
	char text[UI_EDIT_MAX * 4 + 1];

	(void)ud;
	if (form == &sl.form && i == F_LOGIN) {
		ui_field_text(f, text, sizeof(text));
		if (!text[0])
			snprintf(f->error, sizeof(f->error), "%s", _("Type your staff login."));
		else if (f->edit.len > STAFF_LOGIN_MAX)
			snprintf(f->error, sizeof(f->error), _("At most %d characters."),
				 STAFF_LOGIN_MAX);
	} else if (form == &sl.form && i == F_PASSWORD) {
		if (f->edit.len == 0)
			snprintf(f->error, sizeof(f->error), "%s", _("Type the password."));
		else if (f->edit.len > STAFF_PASSWORD_MAX)
			snprintf(f->error, sizeof(f->error), _("At most %d characters."),
				 STAFF_PASSWORD_MAX);
	} else if (form == &sl.cform && i == C_CODE && f->edit.len > 0 &&
		   f->edit.len != CODE_DIGITS) {
		snprintf(f->error, sizeof(f->error), "%s", _("The code has 6 digits."));
	}
}

static void init_forms(struct app *app)
{
	memset(sl.fields, 0, sizeof(sl.fields));
	sl.fields[F_LOGIN] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Login") };
	sl.fields[F_LOGIN].edit.max = STAFF_LOGIN_MAX + 1;	/* too long is said, not cut */
	sl.fields[F_PASSWORD] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("Password") };
	sl.fields[F_PASSWORD].edit.masked = true;
	sl.fields[F_PASSWORD].edit.max = STAFF_PASSWORD_MAX + 1;
	sl.fields[F_SUBMIT] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Log in") };
	ui_edit_set(&sl.fields[F_LOGIN].edit, app->login);
	sl.form = (struct ui_form){ sl.fields, F_COUNT, 0, validate, NULL };
	ui_form_focus(&sl.form, app->login[0] ? F_PASSWORD : F_LOGIN);

	memset(sl.cfields, 0, sizeof(sl.cfields));
	sl.cfields[C_CODE] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Code") };
	sl.cfields[C_CODE].edit.max = CODE_DIGITS;
	sl.cfields[C_CODE].edit.digits = true;
	sl.cfields[C_CONFIRM] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Confirm") };
	sl.cform = (struct ui_form){ sl.cfields, C_COUNT, 0, validate, NULL };
}

/* --- requests --- */

struct attempt {
	struct app *app;
	unsigned gen;
	enum req kind;
};

static void on_reply(void *ud, const struct api_reply *reply);

/* Sends method with body (wiped and freed whatever happens). */
static bool send(struct app *app, const char *method, char *body, enum req kind)
{
	struct attempt *a = malloc(sizeof(*a));

	if (!body || !a) {
		free(a);
		model_free_secret_body(body);
		say(UI_MSG_ERROR, "%s", _("Out of memory."));
		return false;
	}
	*a = (struct attempt){ app, ++sl.gen, kind };
	sl.busy = api_call(app->api, method, body, API_WRITE | API_NO_RELOGIN | API_STAFF,
			   on_reply, a) != 0;
	model_free_secret_body(body);
	if (!sl.busy) {
		free(a);
		say(UI_MSG_ERROR, _("Cannot connect to the server %s."), app->host);
		return false;
	}
	sl.msg[0] = '\0';
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return true;
}

/* staffLogin with the password, wiped right away. */
static void submit_login(struct app *app, const char *login, char *password)
{
	char *body;

	if (login != app->login)
		text_copy(app->login, sizeof(app->login), login);
	if (!login[0] || strlen(password) == 0 || strlen(password) > STAFF_PASSWORD_MAX * 4) {
		/* A start-up password the API would refuse. */
		model_wipe(password, strlen(password));
		say(UI_MSG_ERROR, "%s", _("Type your staff login and password."));
		return;
	}
	body = model_staff_login_body(login, password);
	model_wipe(password, strlen(password));
	send(app, "staffLogin", body, REQ_LOGIN);
}

static void submit_form(struct app *app)
{
	char login[UI_EDIT_MAX * 4 + 1], password[UI_EDIT_MAX * 4 + 1];

	sl.auto_code = false;
	if (!ui_form_check(&sl.form)) {
		ui_dirty(UI_DIRTY_PANE);
		return;
	}
	ui_field_text(&sl.fields[F_LOGIN], login, sizeof(login));
	ui_edit_set(&sl.fields[F_LOGIN].edit, login);
	ui_edit_get(&sl.fields[F_PASSWORD].edit, password, sizeof(password));
	ui_edit_wipe(&sl.fields[F_PASSWORD].edit);
	submit_login(app, login, password);
	model_wipe(password, sizeof(password));
}

static void submit_code(struct app *app)
{
	char code[16];

	sl.cfields[C_CODE].error[0] = '\0';
	validate(&sl.cform, C_CODE, NULL);
	if (sl.cfields[C_CODE].edit.len != CODE_DIGITS) {
		if (!sl.cfields[C_CODE].error[0])
			snprintf(sl.cfields[C_CODE].error, sizeof(sl.cfields[C_CODE].error), "%s",
				 _("The code has 6 digits."));
		ui_form_focus(&sl.cform, C_CODE);
		ui_dirty(UI_DIRTY_PANE);
		return;
	}
	ui_edit_get(&sl.cfields[C_CODE].edit, code, sizeof(code));
	send(app, "staffLoginConfirm", model_staff_confirm_body(sl.login_id, code), REQ_CONFIRM);
	model_wipe(code, sizeof(code));
}

/* The program's own code for the step (the demo's), filled in; sent at once when the
 * start's login asked for it. */
static void fill_code(struct app *app)
{
	char code[16] = "";

	if (!app->staff_code || app->staff_code(code, sizeof(code)) != 0 ||
	    strlen(code) != CODE_DIGITS) {
		model_wipe(code, sizeof(code));
		return;
	}
	ui_edit_set(&sl.cfields[C_CODE].edit, code);
	model_wipe(code, sizeof(code));
	if (sl.auto_code) {
		sl.auto_code = false;
		submit_code(app);
	}
}

static void enter_code_step(struct app *app, const char *login_id)
{
	sl.code_step = true;
	snprintf(sl.login_id, sizeof(sl.login_id), "%s", login_id);
	ui_edit_wipe(&sl.cfields[C_CODE].edit);
	sl.cfields[C_CODE].error[0] = '\0';
	ui_form_focus(&sl.cform, C_CODE);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	fill_code(app);
}

/* From the code step back to the password, with the login kept. */
static void back_to_password(const char *why, enum ui_msg kind)
{
	sl.code_step = false;
	sl.auto_code = false;
	sl.gen++;	/* a reply still on its way belongs to the step left */
	ui_edit_wipe(&sl.cfields[C_CODE].edit);
	sl.cfields[C_CODE].error[0] = '\0';
	model_wipe(sl.login_id, sizeof(sl.login_id));
	sl.msg[0] = '\0';
	if (why)
		say(kind, "%s", why);
	ui_form_focus(&sl.form, sl.fields[F_LOGIN].edit.len ? F_PASSWORD : F_LOGIN);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static bool is(const struct api_reply *r, enum api_err err)
{
	return r->fail == API_FAIL_NONE && r->err == err;
}

/* staffLogin said no: the login stays, the password is typed again. */
static void login_failed(struct app *app, const struct api_reply *reply)
{
	char text[512];

	ui_form_focus(&sl.form, sl.fields[F_LOGIN].edit.len ? F_PASSWORD : F_LOGIN);
	if (is(reply, APIERR_UNAUTHORIZED)) {
		say(UI_MSG_ERROR, "%s", _("Wrong login or password."));
	} else if (is(reply, APIERR_FORBIDDEN)) {
		say(UI_MSG_ERROR, "%s",
		    _("This staff account is disabled: ask the administrator of kabinetd."));
	} else if (is(reply, APIERR_VALIDATION) && reply->field &&
		   (!strcmp(reply->field, "login") || !strcmp(reply->field, "passwd"))) {
		struct ui_field *f = &sl.fields[strcmp(reply->field, "login") ? F_PASSWORD : F_LOGIN];
		ui_field_error(f, app_reply_text(app, reply, text, sizeof(text)));
		ui_form_focus(&sl.form, (size_t)(f - sl.fields));
	} else {
		say(reply->fail == API_FAIL_CANCELLED ? UI_MSG_INFO : UI_MSG_ERROR, "%s",
		    app_reply_text(app, reply, text, sizeof(text)));
	}
}

/* staffLoginConfirm said no. A wrong or used code is said next to the field and
 * typed again; a login no longer valid, locked or disabled starts again from the
 * password. */
static void confirm_failed(struct app *app, const struct api_reply *reply)
{
	char text[512];

	if (reply->fail == API_FAIL_CANCELLED) {
		/* The code may have reached the server: it is spent either way. */
		back_to_password(_("Cancelled: log in again."), UI_MSG_INFO);
		return;
	}
	if (is(reply, APIERR_VALIDATION) && reply->field && !strcmp(reply->field, "code")) {
		ui_edit_wipe(&sl.cfields[C_CODE].edit);
		ui_field_error(&sl.cfields[C_CODE], app_reply_text(app, reply, text, sizeof(text)));
		ui_form_focus(&sl.cform, C_CODE);
		return;
	}
	if (is(reply, APIERR_VALIDATION) && reply->field && !strcmp(reply->field, "loginId")) {
		back_to_password(_("This login is no longer valid: type the password again."),
				 UI_MSG_ERROR);
		return;
	}
	if (is(reply, APIERR_FORBIDDEN)) {
		back_to_password(_("This staff account is disabled: ask the administrator of kabinetd."),
				 UI_MSG_ERROR);
		return;
	}
	if (is(reply, APIERR_RATE_LIMITED)) {
		back_to_password(app_reply_text(app, reply, text, sizeof(text)), UI_MSG_ERROR);
		return;
	}
	/* Whatever else went wrong, this code is not to be sent again as it is. */
	ui_edit_wipe(&sl.cfields[C_CODE].edit);
	ui_form_focus(&sl.cform, C_CODE);
	say(UI_MSG_ERROR, "%s", app_reply_text(app, reply, text, sizeof(text)));
}

static void confirmed(struct app *app, const struct api_reply *reply)
{
	struct staff_who who;
	struct model_err err = { 0 };

	if (model_staff_who(reply->body, &who, &err) != MODEL_OK) {
		back_to_password(_("The server's answer could not be understood."), UI_MSG_ERROR);
		return;
	}
	sl.code_step = false;
	sl.msg[0] = '\0';
	model_wipe(sl.login_id, sizeof(sl.login_id));
	app->store = NULL;
	staff_logged_in(app, &who);
	ui_message(UI_MSG_INFO, _("Logged in to the staff side as %s."), who.login);
}

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct attempt *a = ud;
	struct app *app = a->app;
	enum req kind = a->kind;
	bool current = a->gen == sl.gen;
	char login_id[64];
	struct model_err err = { 0 };

	free(a);
	if (!current)
		return;
	sl.busy = false;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	if (!app_reply_ok(reply)) {
		if (kind == REQ_LOGIN)
			login_failed(app, reply);
		else
			confirm_failed(app, reply);
		return;
	}
	if (kind == REQ_CONFIRM) {
		confirmed(app, reply);
		return;
	}
	if (model_staff_login_id(reply->body, login_id, sizeof(login_id), &err) != MODEL_OK) {
		say(UI_MSG_ERROR, "%s", _("The server's answer could not be understood."));
		return;
	}
	enter_code_step(app, login_id);
	model_wipe(login_id, sizeof(login_id));
}

/* --- the screen --- */

static void staff_login_open(struct app *app)
{
	init_forms(app);
	sl.code_step = false;
	sl.busy = false;
	sl.auto_code = false;
	sl.msg[0] = '\0';
	if (app->start_note[0]) {
		say(UI_MSG_WARNING, "%s", app->start_note);
		app->start_note[0] = '\0';
	}
	if (app->start == APP_START_PASSWORD && app->start_secret && app->login[0]) {
		char *password = app->start_secret;
		app->start_secret = NULL;
		app->start = APP_START_FORM;
		sl.auto_code = true;
		submit_login(app, app->login, password);
		model_wipe(password, strlen(password));
		free(password);
	}
	app_clear_start(app);
}

static void staff_login_close(struct app *app)
{
	(void)app;
	ui_edit_wipe(&sl.fields[F_PASSWORD].edit);
	ui_edit_wipe(&sl.cfields[C_CODE].edit);
	model_wipe(sl.login_id, sizeof(sl.login_id));
	sl.gen++;	/* nothing in flight is this screen's any more */
	sl.busy = false;
}

/* The lines under the form: what to type, the server, the demo's note. */
static void draw_notes(struct app *app, WINDOW *pane, int y, int x, int w, int rows)
{
	char line[512];

	if (y >= rows)
		return;
	if (sl.code_step) {
		if (app->staff_code)
			ui_put_wrapped(pane, y, x, w, rows - y < 2 ? rows - y : 2, AREA_DEFAULT,
				       _("The demo fills in the code for you."));
		return;
	}
	y += ui_put_wrapped(pane, y, x, w, rows - y < 2 ? rows - y : 2, AREA_DEFAULT,
			    _("Your staff login and password, then the code of your authenticator app."));
	if (y < rows) {
		snprintf(line, sizeof(line), _("Server: %s"), app->server);
		ui_put(pane, y, x, w, UI_LEFT, AREA_DEFAULT, line);
	}
}

static void staff_login_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[512];
	struct login_page page = {
		.title = sl.code_step ? _("Confirm the staff login")
				      : _("Log in to the operator's staff side"),
		.bold = true,
		.form = sl.code_step ? &sl.cform : &sl.form,
		.msg = sl.msg,
		.msg_kind = sl.msg_kind,
		.busy = sl.busy,
	};
	struct login_page_at at;

	if (sl.code_step) {
		snprintf(line, sizeof(line),
			 _("Type the 6 digits your authenticator app shows for %s."), app->login);
		page.line = line;
	}
	login_page_draw(pane, rows, cols, &page, &at);
	sl.cy = at.cy;
	sl.cx = at.cx;
	if (!at.compact)
		draw_notes(app, pane, at.y + 1, at.x, at.w, rows);
}

/* `:set login` while the form is at the bottom. */
static void staff_login_option_changed(struct app *app, const char *option)
{
	if (!strcmp(option, "login") && !sl.code_step) {
		text_copy(app->login, sizeof(app->login), opt.login);
		ui_edit_set(&sl.fields[F_LOGIN].edit, app->login);
	}
	ui_dirty(UI_DIRTY_PANE);
}

static enum ui_key_result staff_login_key(struct app *app, enum action act, int key)
{
	struct ui_form *form = sl.code_step ? &sl.cform : &sl.form;
	enum ui_form_result r;

	if (act == ACT_REGISTER || act == ACT_RECOVER_PASSWORD || act == ACT_TOGGLE_REMEMBER)
		return UI_DONE;	/* the subscribers' login's: no such thing for staff */
	if (act == ACT_CANCEL && sl.code_step && !sl.busy) {
		/* Back to the password; the login typed stays, the code is dropped. */
		back_to_password(NULL, UI_MSG_INFO);
		return UI_DONE;
	}
	r = ui_form_key(form, act, key);
	if (r == UI_FORM_PASS)
		return UI_PASS;
	ui_dirty(UI_DIRTY_PANE);
	if (r == UI_FORM_SUBMIT && !sl.busy) {
		if (sl.code_step)
			submit_code(app);
		else
			submit_form(app);
	}
	return UI_DONE;
}

static bool staff_login_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (sl.busy || sl.cy < 0)
		return false;
	*y = sl.cy;
	*x = sl.cx;
	return true;
}

static const struct ui_hint password_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("log in") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint code_hints[] = {
	{ ACT_ENTER, N_("confirm") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *staff_login_hints_now(struct app *app)
{
	(void)app;
	return sl.code_step ? code_hints : password_hints;
}

/* A password typed, or a login other than the one given: the password counts, but
 * is never kept anywhere. */
static bool staff_login_typed(struct app *app)
{
	char login[sizeof(app->login)];

	if (sl.code_step || sl.busy)
		return false;
	ui_edit_get(&sl.fields[F_LOGIN].edit, login, sizeof(login));
	return sl.fields[F_PASSWORD].edit.len > 0 || strcmp(login, app->login) != 0;
}

static bool staff_login_accepts(struct app *app, enum action act)
{
	switch (act) {
	case ACT_TOGGLE_REMEMBER:
	case ACT_REGISTER:
	case ACT_RECOVER_PASSWORD:
	case ACT_REFRESH:
		return false;
	default:
		return ui_form_accepts(app, act);
	}
}

static const struct ui_key_doc password_keys[] = {
	{ N_("Typing"), N_("Goes into the staff login or the password"), ACT_NONE },
	{ NULL, N_("Log in, from any field"), ACT_ENTER },
	{ NULL, N_("Stop a login in progress"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc code_keys[] = {
	{ N_("Digits"), N_("The code of your authenticator app"), ACT_NONE },
	{ NULL, N_("Confirm the code"), ACT_ENTER },
	{ NULL, N_("Back to the password"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *staff_login_own_keys(struct app *app)
{
	(void)app;
	return sl.code_step ? code_keys : password_keys;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result staff_login_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, sl.code_step ? &sl.cform : &sl.form, staff_login_key, text,
				  len);
}

const struct screen_ops staff_login_screen = {
	.name = "login",
	.title = N_("Staff login"),
	.keymap = KEYMAP_LOGIN,
	.top_level = true,
	.text_input = true,
	.open = staff_login_open,
	.close = staff_login_close,
	.draw = staff_login_draw,
	.key = staff_login_key,
	.cursor = staff_login_cursor,
	.hints = password_hints,
	.hints_now = staff_login_hints_now,
	.typed = staff_login_typed,
	.accepts = staff_login_accepts,
	.own_keys = staff_login_own_keys,
	.paste = staff_login_paste,
	.no_session = true,
	.option_changed = staff_login_option_changed,
};
