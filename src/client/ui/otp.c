/* The one-time code step that registration, password recovery and a new contact share:
 * where the code went, its five minutes counted down, the wait before another may be
 * sent (resendOtp), the wrong attempts left and why a code is no longer valid; and the
 * name, contact and password fields those forms have too. */
#include "kabinet/ui/otp.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/profile.h"

const struct ui_hint ui_otp_hints[] = {
	{ ACT_ENTER, N_("confirm") },
	{ ACT_REFRESH, N_("new code") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static long left_of(time_t t)
{
	long left = (long)(t - ui_now_s());
	return left > 0 ? left : 0;
}

void ui_otp_init(struct ui_otp *o, enum action act, const char *confirm_label)
{
	memset(o, 0, sizeof(*o));
	o->act = act;
	o->fields[UI_OTP_CODE] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Code") };
	o->fields[UI_OTP_CODE].edit.max = 6;
	o->fields[UI_OTP_CODE].edit.digits = true;
	o->fields[UI_OTP_CONFIRM] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = confirm_label };
	o->fields[UI_OTP_RESEND] = (struct ui_field){ .kind = UI_FIELD_BUTTON,
						      .label = N_("Send the code again") };
	o->form = (struct ui_form){ o->fields, UI_OTP_FIELDS, 0, NULL, NULL };
}

static void update_resend(struct ui_otp *o)
{
	struct ui_field *f = &o->fields[UI_OTP_RESEND];
	long left = left_of(o->resend_at);

	f->disabled = left > 0;
	if (left > 0)
		snprintf(f->text, sizeof(f->text), _("Send the code again in %ld s"), left);
	else
		f->text[0] = '\0';
	if (f->disabled && o->form.focus == UI_OTP_RESEND)
		ui_form_focus(&o->form, UI_OTP_CODE);
	o->shown_resend = left;
	o->shown_expiry = left_of(o->expires_at);
}

/* A code was sent: its clocks start, its attempts are whole, the field is empty. */
static void code_sent(struct ui_otp *o, int resend_after)
{
	o->resend_at = ui_now_s() + resend_after;
	o->expires_at = ui_now_s() + PROFILE_OTP_TTL;
	o->wrong = 0;
	o->dead = false;
	ui_edit_wipe(&o->fields[UI_OTP_CODE].edit);
	o->fields[UI_OTP_CODE].error[0] = '\0';
	ui_form_focus(&o->form, UI_OTP_CODE);
	update_resend(o);
}

void ui_otp_start(struct ui_otp *o, const char *otp_id, const char *sent_to, int resend_after)
{
	snprintf(o->otp_id, sizeof(o->otp_id), "%s", otp_id);
	snprintf(o->sent_to, sizeof(o->sent_to), "%s", sent_to);
	code_sent(o, resend_after > 0 ? resend_after : 60);
	ui_dirty(UI_DIRTY_PANE);
}

bool ui_otp_sent(struct ui_otp *o, const char *body, const char *typed, bool as_typed)
{
	struct otp_sent s;
	struct model_err err;

	if (model_parse_otp_sent(body, &s, &err) != MODEL_OK) {
		ui_message(UI_MSG_ERROR, "%s", _("The server's answer could not be understood."));
		return false;
	}
	ui_otp_start(o, s.otp_id, s.sent_to[0] && !as_typed ? s.sent_to : typed, s.resend_after);
	model_wipe(&s, sizeof(s));
	return true;
}

void ui_otp_confirm(struct ui_otp *o, struct app *app, struct ui_change *c)
{
	char code[8];

	if (!ui_otp_code(o, code))
		return;
	c->body = model_body_otp(o->otp_id, code);
	model_wipe(code, sizeof(code));
	ui_change(app, c);
}

int ui_otp_draw(struct ui_otp *o, WINDOW *w, int y, int x, int cols, int *cy, int *cx)
{
	char line[512];
	int y0 = y;
	long left = left_of(o->expires_at);
	int tries = PROFILE_OTP_ATTEMPTS - o->wrong;

	snprintf(line, sizeof(line), _("A code was sent to %s."), o->sent_to);
	y += ui_put_wrapped(w, y, x, cols, 2, AREA_DEFAULT, line);
	if (o->dead) {
		ui_put(w, y++, x, cols, UI_LEFT, AREA_WARNING,
		       _("This code is no longer valid: ask for a new one."));
	} else if (left == 0) {
		ui_put(w, y++, x, cols, UI_LEFT, AREA_WARNING,
		       _("The code has expired (a code is valid 5 minutes): ask for a new one."));
	} else {
		snprintf(line, sizeof(line),
			 ngettext("Valid for %ld:%02ld more; %d attempt left.",
				  "Valid for %ld:%02ld more; %d attempts left.",
				  (unsigned long)(tries > 0 ? tries : 0)),
			 left / 60, left % 60, tries > 0 ? tries : 0);
		ui_put(w, y++, x, cols, UI_LEFT, AREA_DEFAULT, line);
	}
	y++;
	y += ui_form_draw(w, y, x, cols, &o->form, cy, cx);
	return y - y0;
}

static void resent(struct app *app, const struct api_reply *reply, void *ud)
{
	struct ui_otp *o = ud;

	(void)app;
	code_sent(o, model_parse_resend_after(reply->body, 60));
	ui_message(UI_MSG_INFO, _("A new code was sent to %s."), o->sent_to);
}

static bool resend_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	struct ui_otp *o = ud;

	(void)app;
	if (reply->err == APIERR_RATE_LIMITED && reply->retry_after > 0) {
		o->resend_at = ui_now_s() + reply->retry_after;
		update_resend(o);
		ui_message(UI_MSG_WARNING, "%s", _("Not yet: wait for the countdown."));
		return true;
	}
	if (reply->err == APIERR_VALIDATION) {
		o->dead = true;
		snprintf(o->fields[UI_OTP_CODE].error, sizeof(o->fields[UI_OTP_CODE].error), "%s",
			 _("New codes are sent for 30 minutes only: press Esc and start again."));
		return true;
	}
	return false;
}

static void resend(struct ui_otp *o, struct app *app)
{
	struct ui_change c = { .act = o->act, .method = "resendOtp", .done = resent,
			       .refused = resend_refused, .ud = o };

	if (left_of(o->resend_at) > 0) {
		ui_message(UI_MSG_INFO, _("A new code can be sent in %ld s."), left_of(o->resend_at));
		return;
	}
	c.body = model_body_resend(o->otp_id);
	ui_change(app, &c);
}

enum ui_otp_event ui_otp_key(struct ui_otp *o, struct app *app, enum action act, int key,
			     bool *handled)
{
	enum ui_form_result r;

	*handled = true;
	/* r and F5 ask for a new code: the code field takes digits only. */
	if (act == ACT_REFRESH) {
		resend(o, app);
		return UI_OTP_NONE;
	}
	r = ui_form_key(&o->form, act, key);
	if (r == UI_FORM_PASS) {
		*handled = false;
		return UI_OTP_NONE;
	}
	ui_dirty(UI_DIRTY_PANE);
	if (r != UI_FORM_SUBMIT)
		return UI_OTP_NONE;
	if (o->form.focus == UI_OTP_RESEND) {
		resend(o, app);
		return UI_OTP_NONE;
	}
	return UI_OTP_SEND;
}

bool ui_otp_code(struct ui_otp *o, char *code)
{
	struct ui_field *f = &o->fields[UI_OTP_CODE];

	if (f->edit.len != 6) {
		snprintf(f->error, sizeof(f->error), "%s", _("The code has 6 digits."));
		ui_form_focus(&o->form, UI_OTP_CODE);
		ui_dirty(UI_DIRTY_PANE);
		return false;
	}
	ui_edit_get(&f->edit, code, 7);
	return true;
}

bool ui_otp_refused(struct ui_otp *o, struct app *app, const struct api_reply *r)
{
	struct ui_field *f = &o->fields[UI_OTP_CODE];
	int left;

	(void)app;
	if (r->err != APIERR_VALIDATION || !r->field ||
	    (strcmp(r->field, "code") && strcmp(r->field, "otpId")))
		return false;
	ui_edit_wipe(&f->edit);
	ui_form_focus(&o->form, UI_OTP_CODE);
	ui_dirty(UI_DIRTY_PANE);
	if (!strcmp(r->field, "otpId")) {
		o->dead = true;
		snprintf(f->error, sizeof(f->error), "%s",
			 left_of(o->expires_at) == 0
				 ? _("The code has expired (a code is valid 5 minutes): ask for a new one.")
				 : _("This code is no longer valid (used, voided or expired): ask for a new one."));
		return true;
	}
	left = PROFILE_OTP_ATTEMPTS - ++o->wrong;
	if (left <= 0) {
		o->dead = true;
		snprintf(f->error, sizeof(f->error), "%s",
			 _("Three wrong codes: this code is void. Ask for a new one."));
	} else {
		snprintf(f->error, sizeof(f->error),
			 ngettext("Wrong code: %d attempt left.", "Wrong code: %d attempts left.",
				  (unsigned long)left),
			 left);
	}
	return true;
}

int ui_otp_tick(struct ui_otp *o)
{
	if (!o->otp_id[0])
		return -1;
	if (left_of(o->resend_at) != o->shown_resend || left_of(o->expires_at) != o->shown_expiry) {
		update_resend(o);
		ui_dirty(UI_DIRTY_PANE);
	}
	return o->shown_expiry > 0 || o->shown_resend > 0 ? 250 : -1;
}

bool ui_otp_accepts(struct app *app, enum action act)
{
	return act == ACT_REFRESH || ui_form_accepts(app, act);
}

void ui_otp_wipe(struct ui_otp *o)
{
	ui_edit_wipe(&o->fields[UI_OTP_CODE].edit);
	model_wipe(o->otp_id, sizeof(o->otp_id));
	o->fields[UI_OTP_CODE].error[0] = '\0';
}

void ui_name_fields(struct ui_field *f, const char *button)
{
	f[UI_NAME_LAST] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Last name") };
	f[UI_NAME_FIRST] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("First name") };
	f[UI_NAME_MIDDLE] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Middle name") };
	f[UI_NAME_REGION] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Region") };
	f[UI_NAME_BUTTON] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = button };
	for (int i = UI_NAME_LAST; i <= UI_NAME_REGION; i++)
		f[i].edit.max = 64;
	snprintf(f[UI_NAME_MIDDLE].note, sizeof(f[UI_NAME_MIDDLE].note), "%s", _("if any"));
	snprintf(f[UI_NAME_REGION].note, sizeof(f[UI_NAME_REGION].note), "%s", _("Enter: the list"));
}

void ui_name_validate(struct ui_form *form, size_t i, void *ud)
{
	struct ui_field *f = &form->fields[i];
	char text[UI_EDIT_MAX * 4 + 1];

	(void)ud;
	ui_field_text(f, text, sizeof(text));
	if (i <= UI_NAME_MIDDLE)
		ui_field_error(f, profile_name_problem(text, i == UI_NAME_MIDDLE));
	else if (i == UI_NAME_REGION)
		ui_field_error(f, profile_region_problem(text));
	model_wipe(text, sizeof(text));
}

void ui_contact_fields(struct ui_field *f, const char *button)
{
	f[0] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Phone or e-mail") };
	f[0].edit.max = 254;
	f[1] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = button };
}

void ui_contact_validate(struct ui_form *form, size_t i, void *ud)
{
	char text[UI_EDIT_MAX * 4 + 1];

	(void)ud;
	if (i != 0)
		return;
	ui_field_text(&form->fields[i], text, sizeof(text));
	ui_field_error(&form->fields[i], profile_contact_problem(text));
	model_wipe(text, sizeof(text));
}

void ui_new_password_fields(struct ui_field *f, const char *first, const char *again,
			    const char *button)
{
	f[0] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = first };
	f[1] = (struct ui_field){ .kind = UI_FIELD_SECRET, .label = again };
	f[2] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = button };
	for (int i = 0; i <= 1; i++) {
		f[i].edit.masked = true;
		f[i].edit.max = PROFILE_PASSWORD_MAX + 1;
	}
}

void ui_new_password_validate(struct ui_form *form, size_t i, void *ud)
{
	(void)ud;
	if (i <= 1)
		ui_password_check(&form->fields[i], i == 0 ? NULL : &form->fields[0],
				  _("The two passwords differ."));
}

void ui_contact_note(struct ui_field *f)
{
	char text[UI_EDIT_MAX * 4 + 1];
	enum contact_kind k;

	ui_field_text(f, text, sizeof(text));
	k = profile_contact_kind(text);
	snprintf(f->note, sizeof(f->note), "%s",
		 k == CONTACT_PHONE ? _("phone number") : k == CONTACT_EMAIL ? _("e-mail") : "");
}

void ui_password_check(struct ui_field *f, const struct ui_field *first, const char *differ)
{
	char text[UI_EDIT_MAX * 4 + 1], other[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&f->edit, text, sizeof(text));
	if (!first) {
		ui_field_error(f, profile_password_problem(text));
	} else {
		ui_edit_get(&first->edit, other, sizeof(other));
		ui_field_error(f, strcmp(text, other) ? differ : NULL);
		model_wipe(other, sizeof(other));
	}
	model_wipe(text, sizeof(text));
}

void ui_password_rules(WINDOW *w, int y, int x, int cols, int rows, const struct ui_edit *pw_edit,
		       const struct ui_edit *again_edit)
{
	char pw[UI_EDIT_MAX * 4 + 1], again[UI_EDIT_MAX * 4 + 1], line[256];
	bool ok[PW_RULES], same;

	ui_edit_get(pw_edit, pw, sizeof(pw));
	ui_edit_get(again_edit, again, sizeof(again));
	profile_password_check(pw, ok);
	same = pw[0] && !strcmp(pw, again);
	model_wipe(pw, sizeof(pw));
	model_wipe(again, sizeof(again));
	if (y < rows)
		ui_put(w, y++, x, cols, UI_LEFT, AREA_DEFAULT, _("The new password needs:"));
	for (int i = 0; i < PW_RULES && y < rows; i++) {
		snprintf(line, sizeof(line), "%s %s", ok[i] ? "[x]" : "[ ]",
			 profile_password_rule((enum pw_rule)i));
		ui_put(w, y++, x, cols, UI_LEFT, ok[i] ? AREA_POSITIVE : AREA_DEFAULT, line);
	}
	if (y < rows) {
		snprintf(line, sizeof(line), "%s %s", same ? "[x]" : "[ ]", _("typed the same twice"));
		ui_put(w, y, x, cols, UI_LEFT, same ? AREA_POSITIVE : AREA_DEFAULT, line);
	}
}
