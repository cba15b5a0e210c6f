/* The login screen: login (name, e-mail, phone or account number, the kind shown as
 * it is typed), password (masked, wiped as soon as the request body is built),
 * "remember me", the code step of two-step profiles with the resend countdown, and
 * the start-up paths that skip the form (a token from the keyring, a password from
 * password_command or --demo). What was typed stays when the server says no. A
 * social login (login_social.c) hands its approved answer here: the same paths, the
 * login then learnt from getProfile and the token kept under it. */
#include "kabinet/ui/login.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cache.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring.h"
#include "kabinet/model/model.h"
#include "kabinet/options.h"
#include "kabinet/remember.h"
#include "kabinet/model/text.h"

#define RESEND_DEFAULT 60	/* resendOtp's documented pause, when no answer says */

enum { F_LOGIN, F_PASSWORD, F_REMEMBER, F_SUBMIT, F_COUNT };
enum { C_CODE, C_CONFIRM, C_RESEND, C_COUNT };

static struct {
	bool code_step;
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	struct ui_field cfields[C_COUNT];
	struct ui_form cform;
	char otp_id[64];
	char sent_to[MODEL_SENT_TO_MAX + 1];
	time_t resend_at;	/* monotonic seconds */
	long shown_left;	/* the countdown as last drawn */
	unsigned gen;		/* replies of an older attempt are dropped */
	bool busy;
	char msg[512];
	enum ui_msg msg_kind;
	int cy, cx;		/* the cursor as last drawn */
	/* Where this session's credential came from; where its tokens go, in turn with
	 * other processes (rm.tried, rm.stored and rm.st say how the last write went). */
	enum keyring_store from;
	struct remember rm;
	/* A social login (login_social_answer): the login is not typed but learnt from
	 * getProfile once the session is open, and the token kept under it then when
	 * "remember me" was ticked (social_remember). */
	bool social, social_remember;
} lg;

/* --- the kind of login --- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

enum login_kind login_detect_kind(const char *text)
{
	char digits[64];
	size_t n = 0, len;
	bool plus = false;

	while (*text == ' ')
		text++;
	len = strlen(text);
	while (len && text[len - 1] == ' ')
		len--;
	if (len == 0)
		return LOGIN_KIND_EMPTY;
	if (len == 12 && all_digits(text, 12))
		return LOGIN_KIND_ACCOUNT;
	if (memchr(text, '@', len))
		return LOGIN_KIND_EMAIL;
	/* A phone: digits with spaces, '-', '(' and ')' ignored, maybe a leading '+'. */
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '+' && i == 0) {
			plus = true;
		} else if (isdigit((unsigned char)c)) {
			if (n + 1 >= sizeof(digits))
				return LOGIN_KIND_NAME;
			digits[n++] = c;
		} else if (c != ' ' && c != '-' && c != '(' && c != ')') {
			return LOGIN_KIND_NAME;
		}
	}
	if (plus ? n == 11 && digits[0] == '7'
		 : n == 10 || (n == 11 && (digits[0] == '7' || digits[0] == '8')))
		return LOGIN_KIND_PHONE;
	return LOGIN_KIND_NAME;
}

const char *login_kind_name(enum login_kind kind)
{
	switch (kind) {
	case LOGIN_KIND_NAME:
		return _("login name");
	case LOGIN_KIND_EMAIL:
		return _("e-mail");
	case LOGIN_KIND_PHONE:
		return _("phone number");
	case LOGIN_KIND_ACCOUNT:
		return _("account number");
	case LOGIN_KIND_EMPTY:
	default:
		return "";
	}
}

/* --- helpers --- */

static void say(enum ui_msg kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(enum ui_msg kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lg.msg, sizeof(lg.msg), fmt, ap);
	va_end(ap);
	lg.msg_kind = kind;
	ui_dirty(UI_DIRTY_PANE);
}

static void update_kind_note(void)
{
	char login[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&lg.fields[F_LOGIN].edit, login, sizeof(login));
	snprintf(lg.fields[F_LOGIN].note, sizeof(lg.fields[F_LOGIN].note), "%s",
		 login_kind_name(login_detect_kind(login)));
}

/* The login as typed, without the spaces a paste brings around it. */
static void typed_login(char *out, size_t size)
{
	char raw[UI_EDIT_MAX * 4 + 1];
	const char *s = raw;
	size_t n;

	ui_edit_get(&lg.fields[F_LOGIN].edit, raw, sizeof(raw));
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	snprintf(out, size, "%.*s", (int)n, s);
	model_wipe(raw, sizeof(raw));
}

/* The API's rules, checked here and said in the interface's language. */
static void validate(struct ui_form *form, size_t i, void *ud)
{
	struct ui_field *f = &form->fields[i];
	char text[UI_EDIT_MAX * 4 + 1];
	const char *problem = NULL;

	(void)ud;
	if (form == &lg.form && i == F_LOGIN) {
		typed_login(text, sizeof(text));
		problem = model_login_problem(text, NULL);
	} else if (form == &lg.form && i == F_PASSWORD) {
		ui_edit_get(&f->edit, text, sizeof(text));
		problem = model_login_problem(NULL, text);
		model_wipe(text, sizeof(text));
	}
	if (problem)
		snprintf(f->error, sizeof(f->error), "%s", problem);
	if (form == &lg.cform && i == C_CODE && f->edit.len > 0 && f->edit.len != 6)
		snprintf(f->error, sizeof(f->error), "%s", _("The code has 6 digits."));
}

static bool can_remember(const struct app *app)
{
	return app->use_keyring && app->keyring_ok;
}

static void init_forms(struct app *app)
{
	memset(lg.fields, 0, sizeof(lg.fields));
	lg.fields[F_LOGIN] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Login") };
	lg.fields[F_LOGIN].edit.max = 254;
	lg.fields[F_PASSWORD] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("Password") };
	lg.fields[F_PASSWORD].edit.masked = true;
	/* One more than the API takes, so that too long is said rather than cut. */
	lg.fields[F_PASSWORD].edit.max = MODEL_PASSWORD_MAX + 1;
	lg.fields[F_REMEMBER] = (struct ui_field){ .kind = UI_FIELD_TOGGLE,
						   .label = N_("Remember me on this computer") };
	lg.fields[F_SUBMIT] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Log in") };
	/* Without a keyring that can keep a token nothing could be remembered: the choice
	 * is not offered (the form says why), and the server makes no device. */
	lg.fields[F_REMEMBER].hidden = !can_remember(app);
	lg.fields[F_REMEMBER].on = can_remember(app) && (app->remember || opt.remember);
	ui_edit_set(&lg.fields[F_LOGIN].edit, app->login);
	lg.form = (struct ui_form){ lg.fields, F_COUNT, 0, validate, NULL };
	ui_form_focus(&lg.form, app->login[0] ? F_PASSWORD : F_LOGIN);
	update_kind_note();

	memset(lg.cfields, 0, sizeof(lg.cfields));
	lg.cfields[C_CODE] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Code") };
	lg.cfields[C_CODE].edit.max = 6;
	lg.cfields[C_CODE].edit.digits = true;
	lg.cfields[C_CONFIRM] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Confirm") };
	lg.cfields[C_RESEND] = (struct ui_field){ .kind = UI_FIELD_BUTTON,
						  .label = N_("Send the code again") };
	lg.cform = (struct ui_form){ lg.cfields, C_COUNT, 0, validate, NULL };
}

/* --- the credential stores --- */

/* Every remember token the server hands out (login, confirmOtp, loginByToken, and the
 * rotation during a transparent re-login) goes to the keyring through lg.rm while the
 * person asks to be remembered (app->remember), so the stored copy follows the
 * rotation; each loginByToken goes in turn with other kabinet processes (remember.h). */

/* A new attempt: what the keyring said of an earlier one no longer counts. */
static void store_fresh(void)
{
	lg.rm.tried = lg.rm.stored = false;
}

static void logged_in(struct app *app)
{
	char store[sizeof(lg.rm.st.msg) + 64];
	bool stored = lg.rm.stored, tried = lg.rm.tried;
	const struct keyring_status *st = &lg.rm.st;

	/* The login itself is no secret: the next start without --login takes it. */
	if (!app->demo)
		(void)remember_set_last_login(app->server, app->login);
	if (stored)
		snprintf(store, sizeof(store), "%s", keyring_store_name(KEYRING_STORE_KEYRING));
	else if (tried && st->code == KEYRING_ERROR && st->msg[0])
		/* "error" alone says nothing: then the reason itself. */
		snprintf(store, sizeof(store), "%s (%s)", keyring_store_name(KEYRING_STORE_MEMORY),
			 st->msg);
	else if (tried)
		snprintf(store, sizeof(store), _("%s (keyring: %s)"),
			 keyring_store_name(KEYRING_STORE_MEMORY), keyring_code_name(st->code));
	else
		snprintf(store, sizeof(store), "%s", keyring_store_name(lg.from));
	app->store = stored ? keyring_store_name(KEYRING_STORE_KEYRING) : keyring_store_name(lg.from);
	/* The overview cache rides on the keyring's trust: only a token kept there. */
	app->remembered = stored || (lg.from == KEYRING_STORE_KEYRING && !tried);
	app->awaiting_login = false;
	lg.code_step = false;
	lg.msg[0] = '\0';
	ui_switch(&overview_screen);
	ui_message(tried && !stored ? UI_MSG_WARNING : UI_MSG_INFO,
		   _("Logged in as %s. Credentials: %s."), app->login, store);
}

/* --- requests --- */

struct attempt {
	struct app *app;
	unsigned gen;
	enum { REQ_LOGIN, REQ_TOKEN, REQ_OTP, REQ_RESEND } kind;
};

static void on_reply(void *ud, const struct api_reply *reply);

/* Sends method with body (wiped and freed); REQ_TOKEN sends loginByToken with the
 * api's remember token instead (body NULL), in turn with other processes. */
static bool send(struct app *app, const char *method, char *body, int kind)
{
	struct attempt *a = malloc(sizeof(*a));

	if ((!body && kind != REQ_TOKEN) || !a) {
		free(a);
		model_free_secret_body(body);
		say(UI_MSG_ERROR, "%s", _("Out of memory."));
		return false;
	}
	*a = (struct attempt){ app, ++lg.gen, kind };
	if (kind == REQ_TOKEN)
		lg.busy = api_login_by_token(app->api, on_reply, a) != 0;
	else
		lg.busy = api_call(app->api, method, body, API_NO_RELOGIN, on_reply, a) != 0;
	model_free_secret_body(body);
	if (!lg.busy) {
		free(a);
		say(UI_MSG_ERROR, _("Cannot connect to the server %s."), app->host);
		return false;
	}
	lg.msg[0] = '\0';
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return true;
}

/* loginByToken with token (the caller wipes it), the stored one by the time it goes. */
static bool send_token(struct app *app, const char *token)
{
	api_set_remember_token(app->api, token);
	store_fresh();
	return send(app, "loginByToken", NULL, REQ_TOKEN);
}

/* Builds the login body and wipes the password right away. */
static void submit_login(struct app *app, const char *login, char *password)
{
	const char *problem = model_login_problem(login, password);
	char device[128];
	char *body;

	if (login != app->login)
		text_copy(app->login, sizeof(app->login), login);
	lg.social = false;
	if (problem) {
		/* A password from password_command or --demo that the API would refuse. */
		model_wipe(password, strlen(password));
		say(UI_MSG_ERROR, "%s", problem);
		ui_edit_set(&lg.fields[F_LOGIN].edit, app->login);
		return;
	}
	app->remember = lg.fields[F_REMEMBER].on && can_remember(app);
	/* A remember token only when asked for: each one is a remembered device on the
	 * server's list, named so that a person can tell it apart. Without one, an
	 * expired session means logging in again. */
	body = model_body_login(login, password, app->remember,
				remember_device_name(device, sizeof(device)));
	model_wipe(password, strlen(password));
	store_fresh();
	send(app, "login", body, REQ_LOGIN);
}

static void submit_form(struct app *app)
{
	char login[UI_EDIT_MAX * 4 + 1], password[UI_EDIT_MAX * 4 + 1];

	lg.fields[F_LOGIN].error[0] = lg.fields[F_PASSWORD].error[0] = '\0';
	validate(&lg.form, F_LOGIN, NULL);
	validate(&lg.form, F_PASSWORD, NULL);
	if (lg.fields[F_LOGIN].error[0] || lg.fields[F_PASSWORD].error[0]) {
		ui_form_focus(&lg.form, lg.fields[F_LOGIN].error[0] ? F_LOGIN : F_PASSWORD);
		ui_dirty(UI_DIRTY_PANE);
		return;
	}
	typed_login(login, sizeof(login));
	ui_edit_set(&lg.fields[F_LOGIN].edit, login);
	ui_edit_get(&lg.fields[F_PASSWORD].edit, password, sizeof(password));
	ui_edit_wipe(&lg.fields[F_PASSWORD].edit);
	lg.from = KEYRING_STORE_MEMORY;
	submit_login(app, login, password);
	model_wipe(password, sizeof(password));
}

static void submit_code(struct app *app)
{
	char code[16];

	validate(&lg.cform, C_CODE, NULL);
	if (lg.cfields[C_CODE].edit.len != 6) {
		if (!lg.cfields[C_CODE].error[0])
			snprintf(lg.cfields[C_CODE].error, sizeof(lg.cfields[C_CODE].error), "%s",
				 _("The code has 6 digits."));
		ui_form_focus(&lg.cform, C_CODE);
		ui_dirty(UI_DIRTY_PANE);
		return;
	}
	ui_edit_get(&lg.cfields[C_CODE].edit, code, sizeof(code));
	send(app, "confirmOtp", model_body_otp(lg.otp_id, code), REQ_OTP);
	model_wipe(code, sizeof(code));
}

static long resend_left(void)
{
	long left = (long)(lg.resend_at - ui_now_s());
	return left > 0 ? left : 0;
}

static void update_resend(void)
{
	struct ui_field *f = &lg.cfields[C_RESEND];
	long left = resend_left();

	f->disabled = left > 0;
	if (left > 0)
		snprintf(f->text, sizeof(f->text), _("Send the code again in %ld s"), left);
	else
		f->text[0] = '\0';
	if (f->disabled && lg.cform.focus == C_RESEND)
		ui_form_focus(&lg.cform, C_CODE);
	lg.shown_left = left;
}

static void resend(struct app *app)
{
	if (resend_left() > 0)
		return;
	send(app, "resendOtp", model_body_resend(lg.otp_id), REQ_RESEND);
}

static void enter_code_step(const struct login_reply *lr)
{
	lg.code_step = true;
	snprintf(lg.otp_id, sizeof(lg.otp_id), "%s", lr->otp_id);
	snprintf(lg.sent_to, sizeof(lg.sent_to), "%s", lr->sent_to);
	lg.resend_at = ui_now_s() + (lr->resend_after > 0 ? lr->resend_after : RESEND_DEFAULT);
	ui_edit_wipe(&lg.cfields[C_CODE].edit);
	lg.cfields[C_CODE].error[0] = '\0';
	ui_form_focus(&lg.cform, C_CODE);
	update_resend();
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* From the code step back to the password, with the login kept. */
static void back_to_password(struct app *app, const char *why)
{
	lg.code_step = false;
	lg.social = false;
	lg.gen++;	/* a reply still on its way belongs to the step left */
	ui_edit_wipe(&lg.cfields[C_CODE].edit);
	lg.cfields[C_CODE].error[0] = '\0';
	model_wipe(lg.otp_id, sizeof(lg.otp_id));
	api_forget_session(app->api);
	lg.msg[0] = '\0';
	if (why)
		say(UI_MSG_INFO, "%s", why);
	ui_form_focus(&lg.form, F_PASSWORD);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void failed(struct app *app, int kind, const struct api_reply *reply)
{
	char text[512];

	if (reply->fail == API_FAIL_NONE && reply->err == APIERR_UNAUTHORIZED) {
		if (kind == REQ_TOKEN) {
			struct keyring_status st;
			/* A dead token: forget it, so the next start does not try it again;
			 * what was cached on its trust goes with it. */
			keyring_forget(app->server, app->login, &st);
			cache_forget(app->server, app->login);
			say(UI_MSG_ERROR, "%s",
			    _("The saved login is no longer valid: log in with your password."));
		} else {
			say(UI_MSG_ERROR, "%s", _("Wrong login or password."));
		}
		ui_form_focus(&lg.form, lg.fields[F_LOGIN].edit.len ? F_PASSWORD : F_LOGIN);
		return;
	}
	if (reply->fail == API_FAIL_NONE && reply->err == APIERR_VALIDATION && reply->field) {
		struct ui_field *f = NULL;
		if (!strcmp(reply->field, "login"))
			f = &lg.fields[F_LOGIN];
		else if (!strcmp(reply->field, "passwd"))
			f = &lg.fields[F_PASSWORD];
		else if (!strcmp(reply->field, "code") || !strcmp(reply->field, "otpId"))
			f = &lg.cfields[C_CODE];
		if (f) {
			app_reply_text(app, reply, f->error, sizeof(f->error));
			if (!strcmp(reply->field, "otpId"))
				snprintf(f->error, sizeof(f->error), "%s",
					 _("The code is no longer valid: request a new one."));
			/* A wrong code is typed again from scratch. */
			if (f == &lg.cfields[C_CODE]) {
				ui_edit_wipe(&f->edit);
				ui_form_focus(&lg.cform, C_CODE);
			}
			ui_dirty(UI_DIRTY_PANE);
			return;
		}
	}
	if (kind == REQ_OTP) {
		/* Whatever went wrong, this code is not to be sent again as it is. */
		ui_edit_wipe(&lg.cfields[C_CODE].edit);
		ui_form_focus(&lg.cform, C_CODE);
	}
	if (kind == REQ_RESEND && reply->err == APIERR_RATE_LIMITED && reply->retry_after > 0) {
		lg.resend_at = ui_now_s() + reply->retry_after;
		update_resend();
	}
	say(reply->fail == API_FAIL_CANCELLED ? UI_MSG_INFO : UI_MSG_ERROR, "%s",
	    app_reply_text(app, reply, text, sizeof(text)));
}

/* From the cached overview back to the form: no session, no figures. */
static void leave_cache(struct app *app)
{
	app->awaiting_login = false;
	app_forget_data(app);
	ui_session_ended();
}

/* The saved login did not get through (no network, cancelled): the cached figures
 * stay, marked as not updated, and r tries again (login_resume). */
static void cached_failed(struct app *app, const struct api_reply *reply)
{
	app_reply_text(app, reply, app->cache_note, sizeof(app->cache_note));
	ui_message(reply->fail == API_FAIL_CANCELLED ? UI_MSG_INFO : UI_MSG_ERROR,
		   _("Not logged in: %s (r: try again)"), app->cache_note);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

void login_resume(struct app *app)
{
	struct keyring_status st;
	char *token = NULL;

	if (lg.busy)
		return;
	if (keyring_lookup(app->server, app->login, &token, &st) != KEYRING_OK) {
		leave_cache(app);
		say(UI_MSG_ERROR, "%s", st.msg[0] ? st.msg : _("Log in with your password."));
		return;
	}
	lg.from = KEYRING_STORE_KEYRING;
	app->remember = true;
	app->cache_note[0] = '\0';
	if (send_token(app, token)) {
		ui_message(UI_MSG_INFO, "%s", _("Logging in with the saved login..."));
	} else {
		snprintf(app->cache_note, sizeof(app->cache_note), "%s", lg.msg);
		ui_message(UI_MSG_ERROR, "%s", lg.msg);
	}
	keyring_free_secret(token);
	ui_dirty(UI_DIRTY_PANE);
}

/* --- a social login (login_social.c) --- */

/* The token of a social login goes to the keyring under the login just learnt, when
 * "remember me" was ticked (as on_token would have stored it for a typed login). */
static void keep_social_token(struct app *app)
{
	const char *token = api_remember_token(app->api);

	lg.social = false;
	app->remember = lg.social_remember;
	if (!app->remember || !token || !token[0])
		return;
	lg.rm.tried = true;
	lg.rm.stored = keyring_store(app->server, app->login, token, &lg.rm.st) == KEYRING_OK;
}

static void on_profile(void *ud, const struct api_reply *reply)
{
	struct attempt *a = ud;
	struct app *app = a->app;
	bool current = a->gen == lg.gen;
	struct profile p;
	struct model_err err;

	free(a);
	if (!current)
		return;
	lg.busy = false;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	if (!app_reply_ok(reply) || model_parse_profile(reply->body, &p, &err) != MODEL_OK) {
		lg.social = false;
		api_forget_session(app->api);
		say(UI_MSG_ERROR, "%s", _("Logged in, but the profile could not be read: log in again."));
		return;
	}
	text_copy(app->login, sizeof(app->login), p.login);
	ui_edit_set(&lg.fields[F_LOGIN].edit, app->login);
	update_kind_note();
	keep_social_token(app);
	logged_in(app);
}

/* A social login's session is open: which login it is comes from the profile. */
static void learn_login(struct app *app)
{
	struct attempt *a = malloc(sizeof(*a));

	if (a) {
		*a = (struct attempt){ app, ++lg.gen, REQ_LOGIN };
		lg.busy = api_call(app->api, "getProfile", "{}", API_NO_RELOGIN, on_profile, a) != 0;
	}
	if (!a || !lg.busy) {
		free(a);
		lg.social = false;
		say(UI_MSG_ERROR, _("Cannot connect to the server %s."), app->host);
	}
}

/* What a login answered (login, confirmOtp, loginByToken, pollDeviceLogin). */
static void answered(struct app *app, const struct login_reply *lr)
{
	if ((lr->otp_required || lr->password_change) && app->awaiting_login)
		leave_cache(app);	/* the code step is the form's */
	if (lr->password_change)
		login_initial_start(app, lr->handle);
	else if (lr->otp_required)
		enter_code_step(lr);
	else if (lg.social)
		learn_login(app);
	else
		logged_in(app);
}

bool login_remember_asked(struct app *app)
{
	return lg.fields[F_REMEMBER].on && can_remember(app);
}

void login_social_answer(struct app *app, const char *body)
{
	struct login_reply lr;
	struct model_err err;

	lg.from = KEYRING_STORE_MEMORY;
	lg.social = true;
	lg.social_remember = login_remember_asked(app);
	/* Not stored by the api's token sink under whatever login the form holds. */
	app->remember = false;
	store_fresh();
	lg.msg[0] = '\0';
	if (model_parse_login(body, &lr, &err) != MODEL_OK) {
		lg.social = false;
		say(UI_MSG_ERROR, "%s", _("The server's answer could not be understood."));
		return;
	}
	answered(app, &lr);
	model_wipe(&lr, sizeof(lr));
}

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct attempt *a = ud;
	struct app *app = a->app;
	int kind = a->kind;
	bool current = a->gen == lg.gen;
	struct login_reply lr;
	struct model_err err;

	free(a);
	if (!current)
		return;
	lg.busy = false;
	ui_dirty(UI_DIRTY_PANE);
	if (kind == REQ_OTP && reply->fail == API_FAIL_CANCELLED) {
		/* The code may have reached the server already: it is spent either way,
		 * and a session it may have opened is not ours to keep. */
		back_to_password(app, _("Cancelled: log in again for a new code."));
		return;
	}
	if (kind == REQ_TOKEN && app->awaiting_login && !app_reply_ok(reply) &&
	    !(reply->fail == API_FAIL_NONE && reply->err == APIERR_UNAUTHORIZED)) {
		cached_failed(app, reply);
		return;
	}
	if (kind == REQ_TOKEN && app->awaiting_login && !app_reply_ok(reply)) {
		/* A dead token: the cached figures go, and the form asks for the password. */
		leave_cache(app);
	}
	if (!app_reply_ok(reply)) {
		failed(app, kind, reply);
		return;
	}
	if (kind == REQ_RESEND) {
		lg.resend_at = ui_now_s() + model_parse_resend_after(reply->body, RESEND_DEFAULT);
		update_resend();
		ui_edit_wipe(&lg.cfields[C_CODE].edit);
		lg.cfields[C_CODE].error[0] = '\0';
		say(UI_MSG_INFO, _("A new code was sent to %s."), lg.sent_to);
		return;
	}
	if (model_parse_login(reply->body, &lr, &err) != MODEL_OK) {
		if (app->awaiting_login) {
			snprintf(app->cache_note, sizeof(app->cache_note), "%s",
				 _("The server's answer could not be understood."));
			ui_message(UI_MSG_ERROR, "%s", app->cache_note);
			return;
		}
		say(UI_MSG_ERROR, "%s", _("The server's answer could not be understood."));
		return;
	}
	answered(app, &lr);
	model_wipe(&lr, sizeof(lr));
}

/* --- registration and recovery (login_register.c, login_recover.c) --- */

void login_registered(struct app *app, const char *login)
{
	text_copy(app->login, sizeof(app->login), login);
	ui_edit_set(&lg.fields[F_LOGIN].edit, app->login);
	app->remember = false;	/* confirmRegistration gives no remember token */
	lg.from = KEYRING_STORE_MEMORY;
	store_fresh();
	logged_in(app);
}

void login_with(struct app *app, const char *login, char *password)
{
	text_copy(app->login, sizeof(app->login), login);
	ui_edit_set(&lg.fields[F_LOGIN].edit, app->login);
	update_kind_note();
	ui_edit_wipe(&lg.fields[F_PASSWORD].edit);
	lg.fields[F_LOGIN].error[0] = lg.fields[F_PASSWORD].error[0] = '\0';
	lg.code_step = false;
	lg.from = KEYRING_STORE_MEMORY;
	submit_login(app, app->login, password);
}

/* --- the screen --- */

static void login_open(struct app *app)
{
	init_forms(app);
	lg.code_step = false;
	lg.busy = false;
	lg.msg[0] = '\0';
	lg.from = KEYRING_STORE_MEMORY;
	/* Once: the form opens again (a logout, a dead token) while a loginByToken may
	 * still hold the lock through lg.rm, which must then let it go. */
	if (!lg.rm.server)
		remember_init(&lg.rm, app->server, app->login, &app->remember);
	remember_attach(&lg.rm, app->api);
	if (app->start_note[0]) {
		say(UI_MSG_WARNING, "%s", app->start_note);
		app->start_note[0] = '\0';
	}
	if (app->start == APP_START_TOKEN && app->start_secret) {
		struct cache_view cached;
		bool sent;
		lg.from = KEYRING_STORE_KEYRING;
		app->remember = true;	/* it came from the keyring: keep the rotation there */
		sent = send_token(app, app->start_secret);
		app_clear_start(app);
		if (sent) {
			say(UI_MSG_INFO, "%s", _("Logging in with the saved login..."));
			/* The last overview at once, while the login goes its round trips. */
			if (opt.cache && cache_load(app->server, app->login, &cached) == CACHE_OK) {
				app_take_cache(app, &cached);
				app->awaiting_login = true;
				ui_switch(&overview_screen);
				return;
			}
		}
	} else if (app->start == APP_START_PASSWORD && app->start_secret && app->login[0]) {
		char *password = app->start_secret;
		lg.from = app->start_from && !strcmp(app->start_from, "demo") ? KEYRING_STORE_MEMORY
									     : KEYRING_STORE_COMMAND;
		app->start_secret = NULL;
		app->start = APP_START_FORM;
		submit_login(app, app->login, password);
		model_wipe(password, strlen(password));
		free(password);
	}
	app_clear_start(app);
}

static void login_close(struct app *app)
{
	(void)app;
	ui_edit_wipe(&lg.fields[F_PASSWORD].edit);
	ui_edit_wipe(&lg.cfields[C_CODE].edit);
	model_wipe(lg.otp_id, sizeof(lg.otp_id));
}

void login_page_draw(WINDOW *pane, int rows, int cols, const struct login_page *p,
		     struct login_page_at *at)
{
	int w = cols - 4 > 72 ? 72 : cols - 4, x = (cols - w) / 2, y = 1, cy, cx, focus_row;
	int form_h = ui_form_height(p->form, &focus_row), msg_h = p->msg[0] ? 1 : 0;
	/* The title, its line (where the code went) and the blank lines go first when the
	 * window is short; then the form scrolls to keep its focused field in view, the
	 * message staying on the last row. Nothing is drawn over anything else. */
	int line_h = p->line ? ui_put_wrapped(NULL, 0, 0, w < 8 ? cols : w, 2, AREA_DEFAULT,
					      p->line) + 1 : 0;
	bool compact = rows < 1 + 2 + line_h + form_h + 1 + msg_h;

	if (w < 8) {
		w = cols;
		x = 0;
	}
	at->cy = at->cx = -1;
	if (compact) {
		int room = rows - msg_h;
		y = focus_row >= room ? room - 1 - focus_row : 0;
	} else {
		ui_put(pane, y, x, w, UI_LEFT, AREA_DEFAULT, p->title);
		if (p->bold)
			mvwchgat(pane, y, x, ui_width(p->title) < w ? ui_width(p->title) : w, A_BOLD,
				 0, NULL);
		y += 2;
		if (p->line)
			y += ui_put_wrapped(pane, y, x, w, 2, AREA_DEFAULT, p->line) + 1;
	}
	y += ui_form_draw(pane, y, x, w, p->form, &cy, &cx);
	if (compact && msg_h)
		wmove(pane, rows - 1, 0), wclrtoeol(pane);
	if (!p->busy && cy >= 0 && cy < rows - (compact ? msg_h : 0)) {
		at->cy = cy;
		at->cx = cx;
	}
	if (!compact)
		y++;
	else
		y = rows - msg_h;
	if (p->msg[0] && y < rows) {
		enum color_area area = p->msg_kind == UI_MSG_ERROR     ? AREA_ERROR
				       : p->msg_kind == UI_MSG_WARNING ? AREA_WARNING
								       : AREA_DEFAULT;
		/* A failure can need its reason and its fix (a TLS certificate): up to
		 * three lines when there is room, one when the window is short. */
		if (compact)
			ui_put(pane, y++, x, w, UI_LEFT, area, p->msg);
		else
			y += ui_put_wrapped(pane, y, x, w, rows - y < 3 ? rows - y : 3, area,
					    p->msg);
	}
	at->x = x;
	at->w = w;
	at->y = y;
	at->compact = compact;
}

static void login_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[512], sent[512];
	struct login_page page = {
		.title = lg.code_step ? _("Confirm the login") : _("Log in to your personal cabinet"),
		.bold = !lg.code_step,
		.form = lg.code_step ? &lg.cform : &lg.form,
		.msg = lg.msg,
		.msg_kind = lg.msg_kind,
		.busy = lg.busy,
	};
	struct login_page_at at;
	int x, w, y;
	bool compact;

	if (lg.code_step) {
		snprintf(sent, sizeof(sent), _("A code was sent to %s."), lg.sent_to);
		page.line = sent;
	}
	login_page_draw(pane, rows, cols, &page, &at);
	lg.cy = at.cy;
	lg.cx = at.cx;
	x = at.x;
	w = at.w;
	y = at.y;
	compact = at.compact;
	y++;
	/* Where "remember me" would be, why it is not. */
	if (!lg.code_step && !compact && y < rows && app->use_keyring && !app->keyring_ok &&
	    app->keyring_note[0])
		y += ui_put_wrapped(pane, y, x, w, rows - y < 3 ? rows - y : 3, AREA_DEFAULT,
				    app->keyring_note) + 1;
	if (!lg.code_step && !compact && y < rows) {
		y += ui_put_wrapped(pane, y, x, w, rows - y < 2 ? rows - y : 2, AREA_DEFAULT,
				    _("A login, e-mail, phone or account number (12 digits) will do."));
		if (y < rows) {
			snprintf(line, sizeof(line), _("Server: %s"), app->server);
			ui_put(pane, y++, x, w, UI_LEFT, AREA_DEFAULT, line);
		}
		y++;
		if (y < rows) {
			char reg[32], rec[32];
			keys_for_action(KEYMAP_LOGIN, ACT_REGISTER, reg, sizeof(reg));
			keys_for_action(KEYMAP_LOGIN, ACT_RECOVER_PASSWORD, rec, sizeof(rec));
			snprintf(line, sizeof(line),
				 _("No profile yet? %s registers one. Forgot the password? %s."),
				 reg[0] ? reg : "-", rec[0] ? rec : "-");
			y += ui_put_wrapped(pane, y, x, w, rows - y, AREA_DEFAULT, line);
		}
		if (y < rows) {
			char soc[32];
			keys_for_action(KEYMAP_LOGIN, ACT_SOCIAL_LOGIN, soc, sizeof(soc));
			if (soc[0]) {
				snprintf(line, sizeof(line), _("A social account (VK ID and the like): %s."), soc);
				ui_put_wrapped(pane, y, x, w, rows - y, AREA_DEFAULT, line);
			}
		}
	}
}

/* `:set login` and `:set remember` while the login form is at the bottom. */
static void login_option_changed(struct app *app, const char *option)
{
	if (!strcmp(option, "login") && !lg.code_step) {
		text_copy(app->login, sizeof(app->login), opt.login);
		ui_edit_set(&lg.fields[F_LOGIN].edit, app->login);
		update_kind_note();
	} else if (!strcmp(option, "remember") && !lg.fields[F_REMEMBER].hidden) {
		lg.fields[F_REMEMBER].on = opt.remember;
	}
	ui_dirty(UI_DIRTY_PANE);
}

static enum ui_key_result login_key(struct app *app, enum action act, int key)
{
	struct ui_form *form = lg.code_step ? &lg.cform : &lg.form;
	enum ui_form_result r;

	if (act == ACT_TOGGLE_REMEMBER && !lg.code_step) {
		if (!lg.fields[F_REMEMBER].hidden)
			lg.fields[F_REMEMBER].on = !lg.fields[F_REMEMBER].on;
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	}
	if ((act == ACT_REGISTER || act == ACT_RECOVER_PASSWORD) && !lg.busy) {
		if (lg.code_step)
			back_to_password(app, NULL);
		ui_push(act == ACT_REGISTER ? &register_screen : &recover_screen);
		return UI_DONE;
	}
	if (act == ACT_SOCIAL_LOGIN && !lg.busy) {
		if (lg.code_step)
			back_to_password(app, NULL);
		login_social_show(app);
		return UI_DONE;
	}
	if (act == ACT_REFRESH && lg.code_step) {
		if (!lg.busy)
			resend(app);
		return UI_DONE;
	}
	if (act == ACT_CANCEL && lg.code_step) {
		/* Back to the password; the login typed stays, the code is dropped. */
		back_to_password(app, NULL);
		return UI_DONE;
	}
	r = ui_form_key(form, act, key);
	if (r == UI_FORM_PASS)
		return UI_PASS;
	ui_dirty(UI_DIRTY_PANE);
	if (!lg.code_step)
		update_kind_note();
	if (r == UI_FORM_SUBMIT && !lg.busy) {
		if (!lg.code_step)
			submit_form(app);
		else if (lg.cform.focus == C_RESEND)
			resend(app);
		else
			submit_code(app);
	}
	return UI_DONE;
}

static int login_tick(struct app *app)
{
	(void)app;
	if (!lg.code_step)
		return -1;
	if (resend_left() != lg.shown_left) {
		update_resend();
		ui_dirty(UI_DIRTY_PANE);
	}
	return lg.shown_left > 0 ? 250 : -1;
}

static bool login_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (lg.busy || lg.cy < 0)
		return false;
	*y = lg.cy;
	*x = lg.cx;
	return true;
}

static const struct ui_hint login_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("log in") },
	{ ACT_TOGGLE_REMEMBER, N_("remember") },
	{ ACT_REGISTER, N_("new profile") },
	{ ACT_RECOVER_PASSWORD, N_("forgot password") },
	{ ACT_SOCIAL_LOGIN, N_("social") },
	{ ACT_NONE, NULL },
};

/* Without a keyring that can keep a token "remember me" is not offered, nor its key. */
static const struct ui_hint login_hints_no_keyring[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("log in") },
	{ ACT_REGISTER, N_("new profile") },
	{ ACT_RECOVER_PASSWORD, N_("forgot password") },
	{ ACT_SOCIAL_LOGIN, N_("social") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint code_hints[] = {
	{ ACT_ENTER, N_("confirm") },
	{ ACT_REFRESH, N_("new code") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *login_hints_now(struct app *app)
{
	if (lg.code_step)
		return code_hints;
	return can_remember(app) ? login_hints : login_hints_no_keyring;
}

/* A password typed, or a login other than the one given or last used. The password
 * counts, but is never kept anywhere. */
static bool login_typed(struct app *app)
{
	char login[sizeof(app->login)];

	if (lg.code_step || lg.busy)
		return false;
	ui_edit_get(&lg.fields[F_LOGIN].edit, login, sizeof(login));
	return lg.fields[F_PASSWORD].edit.len > 0 || strcmp(login, app->login) != 0;
}

/* The form's keys, "remember me" when it is offered, the ways to a new profile and
 * a new password; on the code step F5 for a new code and no "remember me". */
static bool login_accepts(struct app *app, enum action act)
{
	switch (act) {
	case ACT_TOGGLE_REMEMBER:
		return !lg.code_step && can_remember(app);
	case ACT_REGISTER:
	case ACT_RECOVER_PASSWORD:
	case ACT_SOCIAL_LOGIN:
		return true;
	case ACT_REFRESH:
		return lg.code_step;
	default:
		return ui_form_accepts(app, act);
	}
}

static const struct ui_key_doc login_keys[] = {
	{ N_("Typing"), N_("Goes into the login or the password"), ACT_NONE },
	{ N_("Space"), N_("Tick or clear \"Remember me\" (on its line)"), ACT_NONE },
	{ NULL, N_("Log in, from any field"), ACT_ENTER },
	{ NULL, N_("Stop a login in progress"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc login_keys_no_keyring[] = {
	{ N_("Typing"), N_("Goes into the login or the password"), ACT_NONE },
	{ NULL, N_("Log in, from any field"), ACT_ENTER },
	{ NULL, N_("Stop a login in progress"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *login_own_keys(struct app *app)
{
	if (lg.code_step)
		return ui_code_own_keys(app);
	return can_remember(app) ? login_keys : login_keys_no_keyring;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result login_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, lg.code_step ? &lg.cform : &lg.form, login_key, text, len);
}

const struct screen_ops login_screen = {
	.name = "login",
	.title = N_("Login"),
	.keymap = KEYMAP_LOGIN,
	.top_level = true,
	.text_input = true,
	.open = login_open,
	.close = login_close,
	.draw = login_draw,
	.key = login_key,
	.tick = login_tick,
	.cursor = login_cursor,
	.hints = login_hints,
	.hints_now = login_hints_now,
	.typed = login_typed,
	.accepts = login_accepts,
	.own_keys = login_own_keys,
	.paste = login_paste,
	.no_session = true,
	.option_changed = login_option_changed,
};
