/* The forms over screen 8: the personal data (updateProfile; the region from the list
 * of regions, region_pick.h), the password (old, new
 * twice, the rules ticked off as typed; afterwards the saved login in the keyring is
 * dropped, as the server revokes every remembered device), and a new e-mail or phone
 * with the code sent to it (changeContact, confirmContact). Each field is checked as
 * it is left; the server's refusals stand next to their field, what was typed kept and
 * the passwords wiped. Esc goes back. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/otp.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/cache.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring.h"
#include "kabinet/model/profile.h"
#include "kabinet/ui/region_pick.h"
#include "kabinet/model/text.h"

static const struct screen_ops form_screen;

/* The personal data's fields, ui_name_fields(). */
enum { E_LAST, E_NAME, E_MIDDLE, E_REGION, E_SAVE, E_COUNT };
enum { P_CURRENT, P_NEW, P_AGAIN, P_SAVE, P_COUNT };
enum { C_CONTACT, C_PASSWORD, C_SEND, C_COUNT };
#define FIELDS_MAX 5

static struct {
	enum profile_form which;
	struct ui_field fields[FIELDS_MAX];
	struct ui_form form;
	bool code_step;		/* the contact's code */
	struct ui_otp otp;
	struct region_pick region;	/* the list of regions, open over the personal data */
	char contact[256];	/* the new contact the code went to */
	enum contact_kind kind;
	int cy, cx;
	bool open;
	uint64_t print;		/* of the fields as the form opened */
} fm;

#define TEXT_MAX (UI_EDIT_MAX * 4 + 1)

/* A field's text without the spaces around it. */
static void wipe_passwords(void)
{
	for (int i = 0; i < FIELDS_MAX; i++)
		if (fm.fields[i].kind == UI_FIELD_SECRET)
			ui_edit_wipe(&fm.fields[i].edit);
}

static void validate(struct ui_form *form, size_t i, void *ud)
{
	struct ui_field *f = &form->fields[i];
	char text[TEXT_MAX];

	(void)ud;
	ui_field_text(f, text, sizeof(text));
	switch (fm.which) {
	case PROFILE_FORM_EDIT:
		ui_name_validate(form, i, ud);
		break;
	case PROFILE_FORM_PASSWORD:
		ui_edit_get(&f->edit, text, sizeof(text));
		if (i == P_CURRENT && f->edit.len == 0)
			ui_field_error(f, _("Type the password you log in with now."));
		else if ((i == P_NEW || i == P_AGAIN) && f->edit.len)
			ui_password_check(f, i == P_NEW ? NULL : &fm.fields[P_NEW],
					  _("The two new passwords differ."));
		break;
	case PROFILE_FORM_CONTACT:
		if (i == C_CONTACT && text[0])
			ui_field_error(f, profile_contact_problem(text));
		break;
	}
	model_wipe(text, sizeof(text));
}

static void init(struct app *app, enum profile_form which)
{
	const struct profile *p = &app->profile;
	struct ui_field *f = fm.fields;
	size_t n = 0;

	wipe_passwords();
	ui_otp_wipe(&fm.otp);
	memset(&fm, 0, sizeof(fm));
	fm.which = which;
	switch (which) {
	case PROFILE_FORM_EDIT:
		ui_name_fields(f, N_("Save"));
		ui_edit_set(&f[E_LAST].edit, p->last_name);
		ui_edit_set(&f[E_NAME].edit, p->name);
		ui_edit_set(&f[E_MIDDLE].edit, p->middle_name);
		ui_edit_set(&f[E_REGION].edit, p->region);
		n = E_COUNT;
		break;
	case PROFILE_FORM_PASSWORD:
		f[P_CURRENT] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("Current password") };
		f[P_NEW] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("New password") };
		f[P_AGAIN] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("New password again") };
		f[P_SAVE] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Change the password") };
		for (int i = P_CURRENT; i <= P_AGAIN; i++) {
			f[i].edit.masked = true;
			f[i].edit.max = i == P_CURRENT ? MODEL_PASSWORD_MAX : PROFILE_PASSWORD_MAX + 1;
		}
		n = P_COUNT;
		break;
	case PROFILE_FORM_CONTACT:
		f[C_CONTACT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("New e-mail or phone") };
		f[C_CONTACT].edit.max = 254;
		f[C_PASSWORD] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = N_("Current password") };
		f[C_PASSWORD].edit.masked = true;
		f[C_PASSWORD].edit.max = MODEL_PASSWORD_MAX;
		f[C_SEND] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Send the code") };
		n = C_COUNT;
		break;
	}
	fm.form = (struct ui_form){ fm.fields, n, 0, validate, NULL };
	ui_otp_init(&fm.otp, ACT_CHANGE_CONTACT, N_("Confirm"));
	ui_form_focus(&fm.form, 0);
}

void profile_form_show(struct app *app, enum profile_form which)
{
	if (ui_front() == &form_screen)
		return;
	init(app, which);
	fm.print = ui_form_print(&fm.form, 0);
	fm.open = true;
	ui_push(&form_screen);
}

static bool fm_typed(struct app *app)
{
	(void)app;
	return fm.open && ui_form_print(&fm.form, 0) != fm.print;
}

/* The first field with an error gets the focus; false when there is none. */
static bool any_error(void)
{
	for (size_t i = 0; i < fm.form.count; i++)
		if (fm.fields[i].error[0]) {
			ui_form_focus(&fm.form, i);
			return true;
		}
	return false;
}

static void check_all(void)
{
	for (size_t i = 0; i < fm.form.count; i++) {
		fm.fields[i].error[0] = '\0';
		validate(&fm.form, i, NULL);
	}
}

/* A refusal naming a field of the form goes next to it. */
static bool refused_at(struct app *app, const struct api_reply *reply, const char *const *names,
		       const int *index, size_t n)
{
	char text[512];

	wipe_passwords();
	if (!reply->field)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(reply->field, names[i])) {
			app_reply_text(app, reply, text, sizeof(text));
			ui_field_error(&fm.fields[index[i]], text);
			ui_form_focus(&fm.form, (size_t)index[i]);
			ui_dirty(UI_DIRTY_PANE);
			return true;
		}
	return false;
}

/* --- the personal data --- */

static void edited(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	if (ui_front() == &form_screen)
		ui_pop();
	profile_changed(app, reply->body);
}

static bool edit_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	static const char *const names[] = { "lastName", "name", "middleName", "region" };
	static const int index[] = { E_LAST, E_NAME, E_MIDDLE, E_REGION };

	(void)ud;
	return refused_at(app, reply, names, index, 4);
}

static void settle(struct app *app, void *ud)
{
	(void)ud;
	profile_changed(app, NULL);
}

static void submit_edit(struct app *app)
{
	struct ui_change c = { .act = ACT_EDIT_PROFILE, .method = "updateProfile", .done = edited,
			       .refused = edit_refused, .settle = settle };
	struct profile p = app->profile;

	check_all();
	if (any_error())
		return;
	ui_field_text(&fm.fields[E_LAST], p.last_name, sizeof(p.last_name));
	ui_field_text(&fm.fields[E_NAME], p.name, sizeof(p.name));
	ui_field_text(&fm.fields[E_MIDDLE], p.middle_name, sizeof(p.middle_name));
	ui_field_text(&fm.fields[E_REGION], p.region, sizeof(p.region));
	snprintf(c.done_msg, sizeof(c.done_msg), "%s", _("The personal data is saved."));
	c.body = model_body_update_profile(&p);
	ui_change(app, &c);
}

/* --- the password --- */

/* Every remembered device is revoked with its tokens (docs/api.md, changePassword): the
 * token saved in the keyring is dead, and is dropped rather than tried at the next
 * start. This session stays. */
static void password_changed(struct app *app, const struct api_reply *reply, void *ud)
{
	struct keyring_status st;
	bool had = app->remember;

	(void)reply, (void)ud;
	if (app->use_keyring)
		keyring_forget(app->server, app->login, &st);
	cache_forget(app->server, app->login);
	api_set_remember_token(app->api, NULL);
	app->remember = app->remembered = false;
	if (ui_front() == &form_screen)
		ui_pop();
	ui_message(UI_MSG_INFO, "%s",
		   had ? _("Password changed: other sessions ended; the saved login was removed.")
		       : _("Password changed: other sessions ended, remembered devices revoked."));
	profile_changed(app, NULL);
}

static bool password_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	static const char *const names[] = { "currentPassword", "newPassword" };
	static const int index[] = { P_CURRENT, P_NEW };

	(void)ud;
	if (reply->err == APIERR_VALIDATION && reply->field && !strcmp(reply->field, "currentPassword")) {
		wipe_passwords();
		ui_field_error(&fm.fields[P_CURRENT], _("This is not your current password."));
		ui_form_focus(&fm.form, P_CURRENT);
		return true;
	}
	return refused_at(app, reply, names, index, 2);
}

/* No answer: whether the password changed is not known, so the ones typed are of no
 * more use (the current one may be the old one now). */
static void password_settle(struct app *app, void *ud)
{
	wipe_passwords();
	settle(app, ud);
}

/* The passwords stay in the form while the question is asked: "no" keeps them, and
 * the focus, as they were; they are wiped once the server has answered. */
static void submit_password(struct app *app)
{
	struct ui_change c = { .act = ACT_CHANGE_PASSWORD, .method = "changePassword",
			       .done = password_changed, .refused = password_refused,
			       .settle = password_settle };
	char cur[TEXT_MAX], fresh[TEXT_MAX];

	check_all();
	if (!fm.fields[P_NEW].error[0] && fm.fields[P_NEW].edit.len == 0)
		ui_field_error(&fm.fields[P_NEW], _("Type the new password."));
	if (!fm.fields[P_AGAIN].error[0] && fm.fields[P_AGAIN].edit.len == 0)
		ui_field_error(&fm.fields[P_AGAIN], _("Type the new password once more."));
	if (any_error())
		return;
	ui_edit_get(&fm.fields[P_CURRENT].edit, cur, sizeof(cur));
	ui_edit_get(&fm.fields[P_NEW].edit, fresh, sizeof(fresh));
	if (!strcmp(cur, fresh)) {
		ui_field_error(&fm.fields[P_NEW], _("The new password is the same as the current one."));
		ui_form_focus(&fm.form, P_NEW);
	} else {
		snprintf(c.question, sizeof(c.question), "%s", _("Change the password?"));
		snprintf(c.detail, sizeof(c.detail), "%s",
			 _("This session stays. Every other session of your profile ends, and every\n"
			   "remembered device (this one too) is forgotten: there you log in again\n"
			   "with the new password."));
		c.body = model_body_change_password(cur, fresh);
		ui_change(app, &c);
	}
	model_wipe(cur, sizeof(cur));
	model_wipe(fresh, sizeof(fresh));
}

/* --- a new contact --- */

static void code_sent(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)app, (void)ud;
	wipe_passwords();
	if (!ui_otp_sent(&fm.otp, reply->body, fm.contact, false))
		return;
	fm.code_step = true;
	ui_dirty(UI_DIRTY_ALL);
}

static bool contact_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	static const char *const names[] = { "email", "phone", "currentPassword" };
	static const int index[] = { C_CONTACT, C_CONTACT, C_PASSWORD };
	char text[512];

	(void)ud;
	if (reply->err == APIERR_VALIDATION && reply->field && !strcmp(reply->field, "currentPassword")) {
		wipe_passwords();
		ui_field_error(&fm.fields[C_PASSWORD], _("This is not your current password."));
		ui_form_focus(&fm.form, C_PASSWORD);
		return true;
	}
	if (reply->err == APIERR_CONFLICT) {
		wipe_passwords();
		snprintf(text, sizeof(text), "%s",
			 fm.kind == CONTACT_EMAIL ? _("Another profile uses this e-mail.")
						  : _("Another profile uses this phone."));
		ui_field_error(&fm.fields[C_CONTACT], text);
		ui_form_focus(&fm.form, C_CONTACT);
		return true;
	}
	return refused_at(app, reply, names, index, 3);
}

static void submit_contact(struct app *app)
{
	struct ui_change c = { .act = ACT_CHANGE_CONTACT, .method = "changeContact",
			       .done = code_sent, .refused = contact_refused };
	char pw[TEXT_MAX];

	check_all();
	if (!fm.fields[C_CONTACT].error[0] && fm.fields[C_CONTACT].edit.len == 0)
		ui_field_error(&fm.fields[C_CONTACT], _("Type a phone or an e-mail."));
	if (!fm.fields[C_PASSWORD].error[0] && fm.fields[C_PASSWORD].edit.len == 0)
		ui_field_error(&fm.fields[C_PASSWORD], _("Type the password you log in with now."));
	if (any_error())
		return;
	ui_field_text(&fm.fields[C_CONTACT], fm.contact, sizeof(fm.contact));
	fm.kind = profile_contact_kind(fm.contact);
	ui_edit_get(&fm.fields[C_PASSWORD].edit, pw, sizeof(pw));
	c.body = model_body_change_contact(fm.kind, fm.contact, pw);
	model_wipe(pw, sizeof(pw));
	wipe_passwords();
	ui_change(app, &c);
}

static void contact_confirmed(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];
	struct profile p;
	struct model_err err;

	(void)ud;
	/* As the server stored it (an e-mail lowercased, a phone as +7XXXXXXXXXX). */
	if (model_parse_profile(reply->body, &p, &err) == MODEL_OK)
		text_copy(fm.contact, sizeof(fm.contact), fm.kind == CONTACT_EMAIL ? p.email : p.phone);
	ui_otp_wipe(&fm.otp);
	snprintf(text, sizeof(text),
		 fm.kind == CONTACT_EMAIL
			 ? _("Your e-mail is now %s: it works as a login at once, the old one no longer does.")
			 : _("Your phone is now %s: it works as a login at once, the old one no longer does."),
		 fm.contact);
	if (ui_front() == &form_screen)
		ui_pop();
	ui_message(UI_MSG_INFO, "%s", text);
	profile_changed(app, reply->body);
}

static bool confirm_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	if (ui_otp_refused(&fm.otp, app, reply))
		return true;
	if (reply->err == APIERR_CONFLICT) {
		fm.code_step = false;
		ui_otp_wipe(&fm.otp);
		ui_field_error(&fm.fields[C_CONTACT], fm.kind == CONTACT_EMAIL
							 ? _("Another profile took this e-mail meanwhile.")
							 : _("Another profile took this phone meanwhile."));
		ui_form_focus(&fm.form, C_CONTACT);
		return true;
	}
	return false;
}

static void submit_code(struct app *app)
{
	struct ui_change c = { .act = ACT_CHANGE_CONTACT, .method = "confirmContact",
			       .done = contact_confirmed, .refused = confirm_refused,
			       .settle = settle };

	ui_otp_confirm(&fm.otp, app, &c);
}

/* --- the screen --- */

static void fm_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	int w = cols - 2 > 76 ? 76 : cols - 2, x = 1, y = 0, cy = -1, cx = -1;
	const char *title = "";

	(void)app;
	switch (fm.which) {
	case PROFILE_FORM_EDIT:
		title = _("Edit the personal data");
		break;
	case PROFILE_FORM_PASSWORD:
		title = _("Change the password");
		break;
	case PROFILE_FORM_CONTACT:
		title = fm.code_step ? _("Confirm the new contact") : _("Change the e-mail or phone");
		break;
	}
	ui_put_attr(pane, y++, x, w, UI_LEFT, A_BOLD, 0, title);
	y++;
	fm.cy = fm.cx = -1;
	if (fm.which == PROFILE_FORM_CONTACT && fm.code_step) {
		ui_otp_draw(&fm.otp, pane, y, x, w, &cy, &cx);
	} else if (fm.which == PROFILE_FORM_EDIT && fm.region.open) {
		region_pick_draw(&fm.region, pane, y, rows - y, cols, &cy, &cx);
	} else {
		if (fm.which == PROFILE_FORM_EDIT)
			y += ui_put_wrapped(pane, y, x, w, 2, AREA_DEFAULT,
					    _("Names in Cyrillic letters, as in your passport.")) + 1;
		else if (fm.which == PROFILE_FORM_CONTACT)
			y += ui_put_wrapped(pane, y, x, w, 2, AREA_DEFAULT,
					    _("A code goes to the new contact; nothing changes until it is typed here.")) + 1;
		y += ui_form_draw(pane, y, x, w, &fm.form, &cy, &cx);
		if (fm.which == PROFILE_FORM_PASSWORD)
			ui_password_rules(pane, y + 1, x, w, rows, &fm.fields[P_NEW].edit,
					  &fm.fields[P_AGAIN].edit);
	}
	if (cy >= 0 && cy < rows) {
		fm.cy = cy;
		fm.cx = cx;
	}
}

static enum ui_key_result fm_key(struct app *app, enum action act, int key)
{
	enum ui_form_result r;
	enum ui_key_result res;

	if (fm.which == PROFILE_FORM_EDIT && fm.form.focus == E_REGION && !ui_change_busy() &&
	    region_pick_form_key(&fm.region, &fm.form, E_REGION, E_SAVE, act, key, &res))
		return res;
	if (act == ACT_CANCEL) {
		if (fm.code_step) {
			/* Back to the contact, kept; the code is dropped. */
			fm.code_step = false;
			ui_otp_wipe(&fm.otp);
			ui_form_focus(&fm.form, C_PASSWORD);
			ui_dirty(UI_DIRTY_ALL);
		} else {
			ui_pop();
		}
		return UI_DONE;
	}
	if (ui_change_busy())
		return UI_DONE;
	if (fm.code_step) {
		bool handled;
		if (ui_otp_key(&fm.otp, app, act, key, &handled) == UI_OTP_SEND)
			submit_code(app);
		return handled ? UI_DONE : UI_PASS;
	}
	r = ui_form_key(&fm.form, act, key);
	if (r == UI_FORM_PASS)
		return UI_PASS;
	if (fm.which == PROFILE_FORM_CONTACT)
		ui_contact_note(&fm.fields[C_CONTACT]);
	ui_dirty(UI_DIRTY_PANE);
	if (r == UI_FORM_SUBMIT) {
		switch (fm.which) {
		case PROFILE_FORM_EDIT:
			submit_edit(app);
			break;
		case PROFILE_FORM_PASSWORD:
			submit_password(app);
			break;
		case PROFILE_FORM_CONTACT:
			submit_contact(app);
			break;
		}
	}
	return UI_DONE;
}

static int fm_tick(struct app *app)
{
	(void)app;
	return fm.code_step ? ui_otp_tick(&fm.otp) : -1;
}

static bool fm_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (fm.cy < 0 || ui_change_busy())
		return false;
	*y = fm.cy;
	*x = fm.cx;
	return true;
}

static void fm_close(struct app *app)
{
	(void)app;
	fm.open = false;
	wipe_passwords();
	ui_otp_wipe(&fm.otp);
	fm.code_step = false;
}

static const struct ui_hint fm_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("save") },
	{ ACT_CANCEL, N_("cancel") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *fm_hints_now(struct app *app)
{
	(void)app;
	if (fm.which == PROFILE_FORM_EDIT && fm.region.open)
		return region_pick_hints;
	return fm.code_step ? ui_otp_hints : fm_hints;
}

/* The form's keys; F5 for a new code on the code step. */
static bool fm_accepts(struct app *app, enum action act)
{
	return fm.code_step ? ui_otp_accepts(app, act) : ui_form_accepts(app, act);
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result fm_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, fm.code_step ? &fm.otp.form : &fm.form, fm_key, text, len);
}

static const struct screen_ops form_screen = {
	.name = "profile",
	.title = N_("Profile"),
	.keymap = KEYMAP_PROFILE,
	.text_input = true,
	.close = fm_close,
	.draw = fm_draw,
	.key = fm_key,
	.tick = fm_tick,
	.cursor = fm_cursor,
	.hints = fm_hints,
	.hints_now = fm_hints_now,
	.typed = fm_typed,
	.accepts = fm_accepts,
	.own_keys = ui_form_own_keys,
	.paste = fm_paste,
};
