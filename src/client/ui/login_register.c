/* Registration, over the login form: the name and region (from the list of regions,
 * region_pick.h), the phone or e-mail, the
 * password (its rules ticked off as typed) — register sends a code to the contact —
 * then the code (confirmRegistration), and the person is logged in as after a normal
 * login. Accounts whose owner has exactly this name and contact are attached by the
 * server. Esc steps back with what was typed kept (the passwords wiped). */
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

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/profile.h"
#include "kabinet/ui/region_pick.h"
#include "kabinet/model/text.h"

enum step { S_NAME, S_CONTACT, S_PASSWORD, S_CODE };
/* The forms' fields, as ui_name_fields(), ui_contact_fields() and
 * ui_new_password_fields() make them. */
enum { N_LAST, N_FIRST, N_MIDDLE, N_REGION, N_NEXT, N_COUNT };
enum { K_CONTACT, K_NEXT, K_COUNT };
enum { W_PASSWORD, W_AGAIN, W_SEND, W_COUNT };

#define TEXT_MAX (UI_EDIT_MAX * 4 + 1)

static struct {
	struct ui_steps steps;
	struct ui_field name[N_COUNT], contact[K_COUNT], pw[W_COUNT];
	struct ui_form name_form, contact_form, pw_form;
	struct ui_otp otp;
	struct region_pick region;	/* the list of regions, open over the name step */
	char sent_contact[256];
	bool open;
	uint64_t print;		/* of the forms as they opened */
} rg;

static void wipe_passwords(void)
{
	ui_edit_wipe(&rg.pw[W_PASSWORD].edit);
	ui_edit_wipe(&rg.pw[W_AGAIN].edit);
}

static void go(struct app *app, enum step s)
{
	ui_steps_go(&rg.steps, app, s);
}

/* --- register --- */

static void code_sent(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	wipe_passwords();
	if (ui_otp_sent(&rg.otp, reply->body, rg.sent_contact, false))
		go(app, S_CODE);
}

static bool register_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	static const char *const names[] = { "lastName", "name", "middleName", "region" };
	char text[512];

	(void)ud;
	wipe_passwords();
	app_reply_text(app, reply, text, sizeof(text));
	if (reply->err == APIERR_CONFLICT) {
		ui_field_error(&rg.contact[K_CONTACT],
			  _("A profile with this contact exists already: log in, or recover its password."));
		ui_form_focus(&rg.contact_form, K_CONTACT);
		go(app, S_CONTACT);
		return true;
	}
	if (!reply->field)
		return false;
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(reply->field, names[i])) {
			ui_field_error(&rg.name[i], text);
			ui_form_focus(&rg.name_form, i);
			go(app, S_NAME);
			return true;
		}
	if (!strcmp(reply->field, "contact")) {
		ui_field_error(&rg.contact[K_CONTACT], text);
		go(app, S_CONTACT);
		return true;
	}
	if (!strcmp(reply->field, "password")) {
		ui_field_error(&rg.pw[W_PASSWORD], text);
		ui_form_focus(&rg.pw_form, W_PASSWORD);
		return true;
	}
	return false;
}

static void send_register(struct app *app)
{
	struct ui_change c = { .act = ACT_REGISTER, .method = "register", .done = code_sent,
			       .refused = register_refused };
	char last[TEXT_MAX], first[TEXT_MAX], middle[TEXT_MAX], region[TEXT_MAX], pw[TEXT_MAX];

	if (!ui_form_check(&rg.pw_form))
		return;
	ui_field_text(&rg.name[N_LAST], last, sizeof(last));
	ui_field_text(&rg.name[N_FIRST], first, sizeof(first));
	ui_field_text(&rg.name[N_MIDDLE], middle, sizeof(middle));
	ui_field_text(&rg.name[N_REGION], region, sizeof(region));
	ui_field_text(&rg.contact[K_CONTACT], rg.sent_contact, sizeof(rg.sent_contact));
	ui_edit_get(&rg.pw[W_PASSWORD].edit, pw, sizeof(pw));
	c.body = model_body_register(last, first, middle, rg.sent_contact, region, pw);
	model_wipe(pw, sizeof(pw));
	ui_change(app, &c);
}

/* --- the code --- */

static void registered(struct app *app, const struct api_reply *reply, void *ud)
{
	char login[128];
	size_t attached = 0;
	struct model_err err;

	(void)ud;
	ui_otp_wipe(&rg.otp);
	if (model_parse_registered(reply->body, login, sizeof(login), &attached, &err) != MODEL_OK)
		text_copy(login, sizeof(login), rg.sent_contact);
	ui_pop();
	login_registered(app, login);
	ui_message(UI_MSG_INFO,
		   ngettext("Welcome! Your login is %s; %zu account attached.",
			    "Welcome! Your login is %s; %zu accounts attached.",
			    (unsigned long)attached),
		   login, attached);
}

static bool confirm_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	if (ui_otp_refused(&rg.otp, app, reply))
		return true;
	if (reply->err == APIERR_CONFLICT) {
		ui_otp_wipe(&rg.otp);
		ui_field_error(&rg.contact[K_CONTACT], _("Another profile took this contact meanwhile."));
		go(app, S_CONTACT);
		return true;
	}
	return false;
}

static void send_code(struct app *app)
{
	struct ui_change c = { .act = ACT_REGISTER, .method = "confirmRegistration",
			       .done = registered, .refused = confirm_refused };

	ui_otp_confirm(&rg.otp, app, &c);
}

/* --- the screen --- */

static int name_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	(void)app;
	if (rg.region.open) {
		region_pick_draw(&rg.region, w, y, rows - y, getmaxx(w), cy, cx);
		return 0;
	}
	return ui_put_wrapped(w, y, x, cols, 2, AREA_DEFAULT,
			      _("Names in Cyrillic letters, as in your passport; the region you live in.")) + 1;
}

/* The list of regions open in the form's place. */
static bool name_covered(struct app *app)
{
	(void)app;
	return rg.region.open;
}

/* The list's keys while it is open. */
static const struct ui_hint *name_hints(void)
{
	return rg.region.open ? region_pick_hints : NULL;
}

static void name_submit(struct app *app)
{
	if (ui_form_check(&rg.name_form))
		go(app, S_CONTACT);
}

static int contact_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	(void)app, (void)rows, (void)cy, (void)cx;
	return ui_put_wrapped(w, y, x, cols, 2, AREA_DEFAULT,
			      _("A code will be sent there; it will also be your login.")) + 1;
}

static void contact_typed(struct app *app)
{
	(void)app;
	ui_contact_note(&rg.contact[K_CONTACT]);
}

static void contact_submit(struct app *app)
{
	if (ui_form_check(&rg.contact_form))
		go(app, S_PASSWORD);
}

/* Arriving at the password, from the contact or back from the code: the first field. */
static void password_enter(struct app *app)
{
	(void)app;
	ui_form_focus(&rg.pw_form, W_PASSWORD);
}

static void password_below(struct app *app, WINDOW *w, int y, int x, int cols, int rows)
{
	(void)app;
	ui_password_rules(w, y + 1, x, cols, rows, &rg.pw[W_PASSWORD].edit, &rg.pw[W_AGAIN].edit);
}

static void password_back(struct app *app)
{
	wipe_passwords();
	go(app, S_CONTACT);
}

static int code_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	(void)app, (void)rows;
	return ui_otp_draw(&rg.otp, w, y, x, cols, cy, cx);
}

static enum ui_key_result code_key(struct app *app, enum action act, int key)
{
	bool handled;

	if (ui_otp_key(&rg.otp, app, act, key, &handled) == UI_OTP_SEND)
		send_code(app);
	return handled ? UI_DONE : UI_PASS;
}

static enum ui_key_result rg_key(struct app *app, enum action act, int key);

/* A paste goes into the code, typed through the screen's keys. */
static enum ui_paste_result code_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &rg.otp.form, rg_key, text, len);
}

/* The code is dropped: a new one comes with the next register. */
static void code_back(struct app *app)
{
	ui_otp_wipe(&rg.otp);
	go(app, S_PASSWORD);
}

static const struct ui_step steps[] = {
	[S_NAME] = { .title = N_("1. name and region"), .form = &rg.name_form, .draw = name_draw,
		     .covered = name_covered, .submit = name_submit, .back = UI_STEP_OUT,
		     .hints_now = name_hints },
	[S_CONTACT] = { .title = N_("2. phone or e-mail"), .form = &rg.contact_form,
			.draw = contact_draw, .typed = contact_typed, .submit = contact_submit,
			.back = S_NAME },
	[S_PASSWORD] = { .title = N_("3. password"), .form = &rg.pw_form, .below = password_below,
			 .enter = password_enter, .submit = send_register,
			 .on_back = password_back },
	[S_CODE] = { .title = N_("4. the code"), .draw = code_draw, .key = code_key,
		     .on_back = code_back, .hints = ui_otp_hints, .keys_now = ui_code_own_keys,
		     .accepts = ui_otp_accepts, .paste = code_paste },
};

static void rg_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&rg.steps, app, pane, rows, cols);
}

static enum ui_key_result rg_key(struct app *app, enum action act, int key)
{
	enum ui_key_result res;

	if (rg.steps.at == S_NAME && rg.name_form.focus == N_REGION &&
	    region_pick_form_key(&rg.region, &rg.name_form, N_REGION, N_NEXT, act, key, &res))
		return res;
	if ((act == ACT_REGISTER || act == ACT_RECOVER_PASSWORD) && !ui_change_busy())
		return UI_DONE;
	return ui_steps_key(&rg.steps, app, act, key);
}

static int rg_tick(struct app *app)
{
	(void)app;
	return rg.steps.at == S_CODE ? ui_otp_tick(&rg.otp) : -1;
}

static bool rg_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return ui_steps_cursor(&rg.steps, y, x);
}

/* What the three forms hold (the code aside: a new one comes on r). */
static uint64_t rg_print(void)
{
	return ui_form_print(&rg.name_form, 0) ^ ui_form_print(&rg.contact_form, 0) * 3 ^
	       ui_form_print(&rg.pw_form, 0) * 5;
}

static void rg_open(struct app *app)
{
	struct ui_field *n = rg.name, *k = rg.contact, *p = rg.pw;

	memset(&rg, 0, sizeof(rg));
	rg.steps = (struct ui_steps){ .title = N_("New profile: %s"), .steps = steps,
				      .count = sizeof(steps) / sizeof(steps[0]), .max_cols = 76,
				      .screen_key = rg_key };
	ui_name_fields(n, N_("Next"));
	ui_contact_fields(k, N_("Next"));
	ui_new_password_fields(p, N_("Password"), N_("Password again"), N_("Send me the code"));
	rg.name_form = (struct ui_form){ rg.name, N_COUNT, 0, ui_name_validate, NULL };
	rg.contact_form = (struct ui_form){ rg.contact, K_COUNT, 0, ui_contact_validate, NULL };
	rg.pw_form = (struct ui_form){ rg.pw, W_COUNT, 0, ui_new_password_validate, NULL };
	ui_otp_init(&rg.otp, ACT_REGISTER, N_("Confirm and log in"));
	go(app, S_NAME);
	rg.open = true;
	rg.print = rg_print();
}

static bool rg_typed(struct app *app)
{
	(void)app;
	return rg.open && rg_print() != rg.print;
}

static void rg_close(struct app *app)
{
	(void)app;
	rg.open = false;
	wipe_passwords();
	ui_otp_wipe(&rg.otp);
}

UI_STEPS_CALLBACKS(rg, rg.steps)

const struct screen_ops register_screen = {
	.name = "login",
	.title = N_("New profile"),
	.keymap = KEYMAP_LOGIN,
	.text_input = true,
	.open = rg_open,
	.close = rg_close,
	.draw = rg_draw,
	.key = rg_key,
	.tick = rg_tick,
	.cursor = rg_cursor,
	.hints = ui_step_hints,
	.typed = rg_typed,
	UI_STEPS_OPS(rg),
};
