/* What screen 3 does to the selected company: a attaches an account by its number
 * (one field, checked as typed, then a confirmation naming both), P issues a new
 * one-time password (confirmed first: the old one and the company's sessions end),
 * shown once by staff_company_secret.c. Both go through the one change path to the
 * staff API. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/staff_companies.h"
#include "kabinet/ui/steps.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/staff_office.h"
#include "kabinet/model/wipe.h"

static struct {
	struct ui_steps steps;
	struct ui_field number;
	struct ui_form form;
	char inn[16];
	char name[1024];
	uint64_t print;
} aa;

/* The company P was pressed on, until its password is shown. */
static struct {
	char inn[16];
	char name[1024];
} pw;

/* --- a: an account attached --- */

static void number_text(char *out, size_t size)
{
	char raw[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&aa.number.edit, raw, sizeof(raw));
	company_digits(raw, out, size);
	if (!out[0] || company_number_typed(raw) != TYPED_OK)
		out[0] = '\0';
}

static void number_typed(struct app *app)
{
	char raw[UI_EDIT_MAX * 4 + 1];

	(void)app;
	ui_edit_get(&aa.number.edit, raw, sizeof(raw));
	staff_company_digits_note(&aa.number, company_number_typed(raw), 12);
}

static void attached(struct app *app, const struct api_reply *reply, void *ud)
{
	char number[16];
	bool already;
	struct model_err err;

	(void)app, (void)ud;
	staff_companies_changed();
	ui_pop();
	if (model_parse_company_attached(reply->body, number, sizeof(number), &already, &err) !=
	    MODEL_OK)
		ui_message(UI_MSG_WARNING, _("Attached, but the answer could not be read (%s)."),
			   err.msg);
	else
		ui_message(UI_MSG_INFO, already ? _("Account %s was the company's already.")
						: _("Account %s is attached."),
			   number);
}

static bool attach_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];

	(void)ud;
	app_reply_text(app, reply, text, sizeof(text));
	ui_field_error(&aa.number, text);
	aa.number.note[0] = '\0';
	return true;
}

static void attach_settle(struct app *app, void *ud)
{
	(void)app, (void)ud;
	staff_companies_changed();
	ui_message(UI_MSG_WARNING, "%s", _("No answer came: press Enter to try again."));
}

static void attach_submit(struct app *app)
{
	char number[16];
	struct ui_change c = { .act = ACT_COMPANY_ATTACH, .method = "staffAttachCompanyAccount",
			       .flags = API_STAFF, .done = attached, .refused = attach_refused,
			       .settle = attach_settle };

	number_typed(app);
	number_text(number, sizeof(number));
	if (!number[0]) {
		if (!aa.number.error[0])
			snprintf(aa.number.error, sizeof(aa.number.error), "%s",
				 _("An account number is 12 digits."));
		return;
	}
	snprintf(c.question, sizeof(c.question), _("Attach account %s to %s?"), number, aa.name);
	snprintf(c.detail, sizeof(c.detail), _("INN %s. The company sees the account in its cabinet."),
		 aa.inn);
	c.body = model_staff_attach_company_body(aa.inn, number);
	ui_change(app, &c);
}

static int attach_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		       int *cx)
{
	char line[1200];

	(void)app, (void)rows, (void)cy, (void)cx;
	snprintf(line, sizeof(line), _("Company: %s, INN %s"), aa.name, aa.inn);
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT, line);
	ui_put(w, y + 2, x, cols, UI_LEFT, AREA_DEFAULT, _("The number of the account to attach (12 digits):"));
	return 4;
}

static bool attach_accepts(struct app *app, enum action act)
{
	(void)app;
	return act == ACT_HELP || act == ACT_ENTER || act == ACT_CANCEL;
}

static const struct ui_key_doc attach_keys[] = {
	{ N_("Typing"), N_("An account number, 12 digits"), ACT_NONE },
	{ NULL, N_("Attaches it, once confirmed"), ACT_ENTER },
	{ NULL, N_("Back to the companies"), ACT_CANCEL },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_step attach_steps[] = {
	{ .title = N_("the account"), .form = &aa.form, .draw = attach_draw,
	  .typed = number_typed, .submit = attach_submit, .back = UI_STEP_OUT,
	  .hints = ui_step_hints_next, .keys = attach_keys, .accepts = attach_accepts,
	  .holds_keys = true },
};

static void aa_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&aa.steps, app, pane, rows, cols);
}

static enum ui_key_result aa_key(struct app *app, enum action act, int key)
{
	return ui_steps_key(&aa.steps, app, act, key);
}

static bool aa_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return ui_steps_cursor(&aa.steps, y, x);
}

static void aa_open(struct app *app)
{
	aa.steps = (struct ui_steps){ .title = N_("Attach an account: %s"), .steps = attach_steps,
				      .count = 1, .screen_key = aa_key, .max_cols = 76 };
	aa.number = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Account") };
	aa.number.edit.max = 16;
	aa.form = (struct ui_form){ &aa.number, 1, 0, NULL, NULL };
	ui_steps_go(&aa.steps, app, 0);
	aa.print = ui_form_print(&aa.form, 0);
}

static bool aa_typed(struct app *app)
{
	(void)app;
	return ui_form_print(&aa.form, 0) != aa.print;
}

UI_STEPS_CALLBACKS(aa, aa.steps)

static const struct screen_ops attach_screen = {
	.name = "companies",
	.title = N_("Attach an account"),
	.keymap = KEYMAP_COMPANIES,
	.text_input = true,
	.open = aa_open,
	.draw = aa_draw,
	.key = aa_key,
	.cursor = aa_cursor,
	.hints = ui_step_hints_next,
	.typed = aa_typed,
	UI_STEPS_OPS(aa),
};

void staff_company_attach(struct app *app, const char *inn, const char *name)
{
	(void)app;
	snprintf(aa.inn, sizeof(aa.inn), "%s", inn);
	snprintf(aa.name, sizeof(aa.name), "%s", name);
	ui_push(&attach_screen);
}

/* --- P: a new one-time password --- */

static void issued(struct app *app, const struct api_reply *reply, void *ud)
{
	struct company_secret s;
	struct model_err err;

	(void)ud;
	staff_companies_changed();
	if (model_parse_company_password(reply->body, &s, &err) != MODEL_OK) {
		ui_message(UI_MSG_ERROR, _("The password could not be read (%s): issue a new one with P."),
			   err.msg);
		return;
	}
	staff_company_secret_show(app, pw.name, &s);
	model_wipe(&s, sizeof(s));
}

static void issue_settle(struct app *app, void *ud)
{
	(void)app, (void)ud;
	staff_companies_changed();
	ui_message(UI_MSG_WARNING, "%s",
		   _("No answer came: a password may have been issued unseen. Press P for a new one."));
}

void staff_company_password(struct app *app, const char *inn, const char *name)
{
	struct ui_change c = { .act = ACT_COMPANY_PASSWORD, .method = "staffIssueCompanyPassword",
			       .flags = API_STAFF, .done = issued, .settle = issue_settle };

	snprintf(pw.inn, sizeof(pw.inn), "%s", inn);
	snprintf(pw.name, sizeof(pw.name), "%s", name);
	snprintf(c.question, sizeof(c.question), _("Issue %s a new one-time password?"), name);
	snprintf(c.detail, sizeof(c.detail),
		 _("INN %s. The password it has stops working and its sessions end; the new one "
		   "is shown once, and the company sets its own at the first login."), inn);
	c.body = model_staff_issue_password_body(inn);
	ui_change(app, &c);
}
