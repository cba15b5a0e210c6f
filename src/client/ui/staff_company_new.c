/* The office's company wizard (n on screen 3), over the step scaffold: the company's
 * name and INN (checked as typed, the check digit too), its e-mail and phone, the
 * accounts to attach (12 digits each, checked as typed, several), a confirmation that
 * restates it all in words — then staffCreateCompany, each staffAttachCompanyAccount
 * and staffIssueCompanyPassword in turn, ending on the one-time password shown once
 * (staff_company_secret.c). What was done stays done: a refusal midway (an account
 * attached to another profile) brings back the step to mend, and going on again does
 * only what is left, never making the company twice. */
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
#include "kabinet/model/text.h"
#include "kabinet/model/wipe.h"

#define ACCOUNTS_MAX 20
#define NUMBER_DIGITS 12
#define INN_DIGITS 10

enum step { S_COMPANY, S_CONTACTS, S_ACCOUNTS, S_CONFIRM };
enum { F_NAME, F_INN };
enum { F_EMAIL, F_PHONE };

static struct {
	struct ui_steps steps;
	struct ui_field company[2];
	struct ui_form company_form;
	struct ui_field contacts[2];
	struct ui_form contacts_form;
	struct ui_field account;
	struct ui_form account_form;
	/* The accounts to attach, and which are attached. */
	char numbers[ACCOUNTS_MAX][NUMBER_DIGITS + 1];
	bool attached[ACCOUNTS_MAX];
	size_t n;
	/* As it was made: the company's profile exists from then on. */
	bool created;
	char inn[16];
	char login[64];
	bool open;
	uint64_t print;
} nw;

static void go(struct app *app, enum step s)
{
	ui_steps_go(&nw.steps, app, s);
}

/* A field's text without the spaces around. */
static void field(const struct ui_field *f, char *out, size_t size)
{
	char raw[UI_EDIT_MAX * 4 + 1];
	const char *s = raw;
	size_t n;

	ui_edit_get(&f->edit, raw, sizeof(raw));
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	snprintf(out, size, "%.*s", (int)n, s);
}

/* --- checked as typed --- */

void staff_company_digits_note(struct ui_field *f, enum typed_digits t, int want)
{
	char text[UI_EDIT_MAX * 4 + 1];

	f->note[0] = f->error[0] = '\0';
	field(f, text, sizeof(text));
	switch (t) {
	case TYPED_EMPTY:
		break;
	case TYPED_SHORT:
		snprintf(f->note, sizeof(f->note), _("%d of %d digits"), (int)strlen(text), want);
		break;
	case TYPED_NOT_DIGITS:
		snprintf(f->error, sizeof(f->error), "%s", _("Digits only."));
		break;
	case TYPED_LONG:
		snprintf(f->error, sizeof(f->error), want == INN_DIGITS
			 ? _("A company's INN is 10 digits (12 are a person's).")
			 : _("An account number is 12 digits."));
		break;
	case TYPED_BAD_CHECK:
		snprintf(f->error, sizeof(f->error), "%s",
			 _("The check digit does not match: a digit is mistyped."));
		break;
	case TYPED_OK:
		snprintf(f->note, sizeof(f->note), "%s",
			 want == INN_DIGITS ? _("the check digit is right") : _("12 digits"));
		break;
	}
}

static void company_typed(struct app *app)
{
	char inn[UI_EDIT_MAX * 4 + 1];

	(void)app;
	field(&nw.company[F_INN], inn, sizeof(inn));
	staff_company_digits_note(&nw.company[F_INN], company_inn_typed(inn), INN_DIGITS);
	nw.company[F_NAME].error[0] = '\0';
}

static void account_typed(struct app *app)
{
	char number[UI_EDIT_MAX * 4 + 1];

	(void)app;
	field(&nw.account, number, sizeof(number));
	staff_company_digits_note(&nw.account, company_number_typed(number), NUMBER_DIGITS);
}

/* --- the steps' Enter --- */

static void company_next(struct app *app)
{
	char name[UI_EDIT_MAX * 4 + 1], inn[UI_EDIT_MAX * 4 + 1];

	field(&nw.company[F_NAME], name, sizeof(name));
	field(&nw.company[F_INN], inn, sizeof(inn));
	company_typed(app);
	if (!name[0]) {
		snprintf(nw.company[F_NAME].error, sizeof(nw.company[F_NAME].error), "%s",
			 _("Type the company's name."));
		ui_form_focus(&nw.company_form, F_NAME);
		return;
	}
	if (company_inn_typed(inn) != TYPED_OK) {
		if (!nw.company[F_INN].error[0])
			snprintf(nw.company[F_INN].error, sizeof(nw.company[F_INN].error), "%s",
				 _("Type the company's INN: 10 digits."));
		ui_form_focus(&nw.company_form, F_INN);
		return;
	}
	go(app, S_CONTACTS);
}

static void contacts_next(struct app *app)
{
	char email[UI_EDIT_MAX * 4 + 1], phone[UI_EDIT_MAX * 4 + 1];

	field(&nw.contacts[F_EMAIL], email, sizeof(email));
	field(&nw.contacts[F_PHONE], phone, sizeof(phone));
	nw.contacts[F_EMAIL].error[0] = nw.contacts[F_PHONE].error[0] = '\0';
	if (!strchr(email, '@')) {
		snprintf(nw.contacts[F_EMAIL].error, sizeof(nw.contacts[F_EMAIL].error), "%s",
			 _("Type the company's e-mail."));
		ui_form_focus(&nw.contacts_form, F_EMAIL);
		return;
	}
	if (strspn(phone, "+0123456789 ()-") != strlen(phone) || strlen(phone) < 10) {
		snprintf(nw.contacts[F_PHONE].error, sizeof(nw.contacts[F_PHONE].error), "%s",
			 _("Type the company's phone: +7 and 10 digits."));
		ui_form_focus(&nw.contacts_form, F_PHONE);
		return;
	}
	go(app, S_ACCOUNTS);
}

/* Enter on the accounts' field: the number typed joins the list; an empty field goes
 * on, once there is one. */
static void account_next(struct app *app)
{
	char number[UI_EDIT_MAX * 4 + 1];
	enum typed_digits t;

	field(&nw.account, number, sizeof(number));
	t = company_number_typed(number);
	if (t == TYPED_EMPTY) {
		/* One account at least, unless the company is made and its only one was
		 * refused: the password may still be issued. */
		if (!nw.n && !nw.created) {
			snprintf(nw.account.error, sizeof(nw.account.error), "%s",
				 _("Type the number of an account to attach."));
			return;
		}
		go(app, S_CONFIRM);
		return;
	}
	account_typed(app);
	if (t != TYPED_OK) {
		if (!nw.account.error[0])
			snprintf(nw.account.error, sizeof(nw.account.error), "%s",
				 _("An account number is 12 digits."));
		return;
	}
	for (size_t i = 0; i < nw.n; i++)
		if (!strcmp(nw.numbers[i], number)) {
			snprintf(nw.account.error, sizeof(nw.account.error), "%s",
				 _("This account is in the list already."));
			return;
		}
	if (nw.n == ACCOUNTS_MAX) {
		snprintf(nw.account.error, sizeof(nw.account.error),
			 _("At most %d accounts at once: attach more later with a."), ACCOUNTS_MAX);
		return;
	}
	company_digits(number, nw.numbers[nw.n], sizeof(nw.numbers[nw.n]));
	nw.attached[nw.n++] = false;
	ui_edit_set(&nw.account.edit, "");
	nw.account.note[0] = '\0';
}

/* Backspace on the empty field takes the last account off (one not attached yet). */
static enum ui_key_result accounts_key(struct app *app, enum action act, int key)
{
	(void)app, (void)act;
	if (key == KEY_BACKSPACE && nw.account.edit.len == 0 && nw.n && !nw.attached[nw.n - 1]) {
		nw.n--;
		nw.account.error[0] = '\0';
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	}
	return UI_PASS;
}

/* Once the company exists, Esc from its accounts leaves: what was done stays, and the
 * list does the rest (a, P). */
static void accounts_back(struct app *app)
{
	if (!nw.created) {
		go(app, S_CONTACTS);
		return;
	}
	ui_pop();
	ui_message(UI_MSG_INFO, _("Company %s is made: attach accounts with a, issue its password with P."),
		   nw.inn);
}

/* --- the changes, one after the other --- */

static void run(struct app *app);

static bool create_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];
	const char *f = reply->field ? reply->field : "";
	struct ui_field *at = !strcmp(f, "name")    ? &nw.company[F_NAME]
			      : !strcmp(f, "inn")   ? &nw.company[F_INN]
			      : !strcmp(f, "email") ? &nw.contacts[F_EMAIL]
			      : !strcmp(f, "phone") ? &nw.contacts[F_PHONE]
						    : NULL;

	(void)ud;
	if (!at)
		return false;
	app_reply_text(app, reply, text, sizeof(text));
	ui_field_error(at, text);
	at->note[0] = '\0';
	go(app, at == &nw.company[F_NAME] || at == &nw.company[F_INN] ? S_COMPANY : S_CONTACTS);
	ui_form_focus(at == &nw.company[F_NAME] ? &nw.company_form
		      : at == &nw.company[F_INN] ? &nw.company_form
						 : &nw.contacts_form,
		      at == &nw.company[F_INN] || at == &nw.contacts[F_PHONE] ? 1 : 0);
	return true;
}

static void created(struct app *app, const struct api_reply *reply, void *ud)
{
	struct company_created c;
	struct model_err err;

	(void)ud;
	nw.created = true;
	staff_companies_changed();
	if (model_parse_company_created(reply->body, &c, &err) == MODEL_OK)
		snprintf(nw.login, sizeof(nw.login), "%s", c.login);
	run(app);
}

/* Whether the company was made is not known: the list says; a and P go on from it. */
static void create_settle(struct app *app, void *ud)
{
	(void)app, (void)ud;
	staff_companies_changed();
	ui_pop();
	ui_message(UI_MSG_WARNING, "%s",
		   _("No answer came: see in the list whether the company was made."));
}

/* The account the attach was for: the first not attached yet. */
static size_t next_account(void)
{
	size_t i = 0;

	while (i < nw.n && nw.attached[i])
		i++;
	return i;
}

/* The account goes back into the field with the server's words, to be mended or
 * taken off (Enter on the empty field then goes on with the rest). */
static bool attach_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512], why[512];
	size_t i = next_account();

	(void)ud;
	if (i >= nw.n || !reply->field || strcmp(reply->field, "number"))
		return false;
	app_reply_text(app, reply, why, sizeof(why));
	snprintf(text, sizeof(text), _("Account %s: %s"), nw.numbers[i], why);
	ui_edit_set(&nw.account.edit, nw.numbers[i]);
	memmove(&nw.numbers[i], &nw.numbers[i + 1], (nw.n - i - 1) * sizeof(nw.numbers[0]));
	memmove(&nw.attached[i], &nw.attached[i + 1], (nw.n - i - 1) * sizeof(nw.attached[0]));
	nw.n--;
	go(app, S_ACCOUNTS);
	ui_field_error(&nw.account, text);
	nw.account.note[0] = '\0';
	return true;
}

static void attached(struct app *app, const struct api_reply *reply, void *ud)
{
	size_t i = next_account();

	(void)reply, (void)ud;
	if (i < nw.n)
		nw.attached[i] = true;
	staff_companies_changed();
	run(app);
}

/* Attaching again is harmless (ALREADY_ATTACHED): Enter sends it again. */
static void again_settle(struct app *app, void *ud)
{
	(void)app, (void)ud;
	ui_message(UI_MSG_WARNING, "%s", _("No answer came: press Enter to try again."));
}

static void issued(struct app *app, const struct api_reply *reply, void *ud)
{
	struct company_secret s;
	struct model_err err;
	char name[UI_EDIT_MAX * 4 + 1];

	(void)ud;
	staff_companies_changed();
	field(&nw.company[F_NAME], name, sizeof(name));
	if (model_parse_company_password(reply->body, &s, &err) != MODEL_OK) {
		ui_message(UI_MSG_ERROR, _("The password could not be read (%s): issue a new one with P."),
			   err.msg);
		ui_pop();
		return;
	}
	ui_pop();
	staff_company_secret_show(app, name, &s);
	model_wipe(&s, sizeof(s));
}

/* What is left to do, the next of it: the company, each account, the password. */
static void run(struct app *app)
{
	char name[UI_EDIT_MAX * 4 + 1], email[UI_EDIT_MAX * 4 + 1], phone[UI_EDIT_MAX * 4 + 1];
	struct ui_change c = { .act = ACT_COMPANY_CREATE, .flags = API_STAFF };
	size_t i = next_account();

	if (!nw.created) {
		field(&nw.company[F_NAME], name, sizeof(name));
		field(&nw.contacts[F_EMAIL], email, sizeof(email));
		field(&nw.contacts[F_PHONE], phone, sizeof(phone));
		c.method = "staffCreateCompany";
		c.body = model_staff_create_company_body(name, nw.inn, email, phone);
		c.done = created;
		c.refused = create_refused;
		c.settle = create_settle;
	} else if (i < nw.n) {
		c.method = "staffAttachCompanyAccount";
		c.body = model_staff_attach_company_body(nw.inn, nw.numbers[i]);
		c.done = attached;
		c.refused = attach_refused;
		c.settle = again_settle;
	} else {
		c.method = "staffIssueCompanyPassword";
		c.body = model_staff_issue_password_body(nw.inn);
		c.done = issued;
		c.settle = again_settle;
	}
	ui_change(app, &c);
	ui_dirty(UI_DIRTY_PANE);
}

static void confirm_next(struct app *app)
{
	if (!nw.created) {
		char inn[UI_EDIT_MAX * 4 + 1];
		field(&nw.company[F_INN], inn, sizeof(inn));
		company_digits(inn, nw.inn, sizeof(nw.inn));
	}
	run(app);
}

static enum ui_key_result confirm_key(struct app *app, enum action act, int key)
{
	(void)key;
	if (act == ACT_HELP)
		return UI_PASS;
	if (act == ACT_ENTER)
		confirm_next(app);
	return UI_DONE;
}

/* --- drawing --- */

static int company_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	(void)app, (void)rows, (void)cy, (void)cx;
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT,
	       _("The company's name, and its INN: 10 digits, the last a check digit."));
	return 2;
}

static int contacts_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			 int *cx)
{
	(void)app, (void)rows, (void)cy, (void)cx;
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT,
	       _("The company's contacts: no other profile may have them."));
	return 2;
}

static int accounts_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			 int *cx)
{
	char line[256];
	int y0 = y;

	(void)app, (void)cy, (void)cx;
	y += ui_put_wrapped(w, y, x, cols, 2, AREA_DEFAULT,
			    _("Type an account number (12 digits) and press Enter; then the next. "
			      "Enter on the empty field goes on; Backspace there takes the last off."));
	y++;
	for (size_t i = 0; i < nw.n && y < rows - 4; i++, y++) {
		snprintf(line, sizeof(line), nw.attached[i] ? _("%zu. %s — attached") : "%zu. %s",
			 i + 1, nw.numbers[i]);
		ui_put(w, y, x + 2, cols - 2, UI_LEFT, nw.attached[i] ? AREA_POSITIVE : AREA_DEFAULT,
		       line);
	}
	if (!nw.n)
		ui_put(w, y++, x + 2, cols - 2, UI_LEFT, AREA_DEFAULT, _("No account yet."));
	return y + 1 - y0;
}

/* The confirmation in words: what will be done, and what is done already. */
static int confirm_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	char name[UI_EDIT_MAX * 4 + 1], email[UI_EDIT_MAX * 4 + 1], phone[UI_EDIT_MAX * 4 + 1];
	char inn[UI_EDIT_MAX * 4 + 1], list[ACCOUNTS_MAX * 16], text[4096];
	size_t used = 0;
	int y0 = y;

	(void)app, (void)cy, (void)cx;
	field(&nw.company[F_NAME], name, sizeof(name));
	field(&nw.company[F_INN], inn, sizeof(inn));
	field(&nw.contacts[F_EMAIL], email, sizeof(email));
	field(&nw.contacts[F_PHONE], phone, sizeof(phone));
	list[0] = '\0';
	/* Once the company is made, only the accounts not attached yet are left. */
	for (size_t i = 0; i < nw.n; i++)
		if (!nw.created || !nw.attached[i])
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
						 used ? ", " : "", nw.numbers[i]);
	if (nw.created && list[0])
		snprintf(text, sizeof(text),
			 _("The profile of «%s» (INN %s) is made. Left to do: attach the accounts "
			   "%s, then issue the one-time password, shown once on the next screen."),
			 name, nw.inn, list);
	else if (nw.created)
		snprintf(text, sizeof(text),
			 _("The profile of «%s» (INN %s) is made. Left to do: issue the one-time "
			   "password, shown once on the next screen."), name, nw.inn);
	else
		snprintf(text, sizeof(text),
			 _("Make the profile of the company «%s», INN %s, login org%s, with the "
			   "e-mail %s and the phone %s; attach its accounts %s; then issue its "
			   "one-time password, shown once on the next screen."),
			 name, inn, inn, email, phone, list);
	y += ui_put_wrapped(w, y, x, cols, rows - y - 4 > 1 ? rows - y - 4 : 1, AREA_DEFAULT, text);
	y++;
	for (size_t i = 0; i < nw.n && y < rows - 2; i++)
		if (nw.attached[i]) {
			snprintf(text, sizeof(text), _("Account %s is attached."), nw.numbers[i]);
			ui_put(w, y++, x, cols, UI_LEFT, AREA_POSITIVE, text);
		}
	ui_put(w, y + 1 < rows ? y + 1 : y, x, cols, UI_LEFT, AREA_DEFAULT,
	       ui_change_busy() ? _("Under way...") : _("Press Enter to do it, Esc to go back."));
	return y + 2 - y0;
}

/* --- the screen --- */

static bool field_accepts(struct app *app, enum action act)
{
	(void)app;
	return act == ACT_HELP || act == ACT_ENTER || act == ACT_CANCEL;
}

static const struct ui_key_doc field_keys[] = {
	{ N_("Typing"), N_("Goes into the field"), ACT_NONE },
	{ NULL, N_("On to the next step, once what is typed is right"), ACT_ENTER },
	{ NULL, N_("Back to the step before; from the first, out"), ACT_CANCEL },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc account_keys[] = {
	{ N_("Typing"), N_("An account number, 12 digits"), ACT_NONE },
	{ NULL, N_("Adds the number typed; on the empty field, on to the confirmation"), ACT_ENTER },
	{ N_("Backspace"), N_("On the empty field, takes the last account off"), ACT_NONE },
	{ NULL, N_("Back to the step before"), ACT_CANCEL },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc confirm_keys[] = {
	{ NULL, N_("Makes the company, attaches its accounts and issues its password"), ACT_ENTER },
	{ NULL, N_("Back to the accounts"), ACT_CANCEL },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_hint confirm_hints[] = {
	{ ACT_ENTER, N_("do it") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_step steps[] = {
	[S_COMPANY] = { .title = N_("1. name and INN"), .form = &nw.company_form,
			.draw = company_draw, .typed = company_typed, .submit = company_next,
			.back = UI_STEP_OUT, .hints = ui_step_hints, .keys = field_keys,
			.accepts = ui_form_accepts, .holds_keys = true },
	[S_CONTACTS] = { .title = N_("2. contacts"), .form = &nw.contacts_form,
			 .draw = contacts_draw, .submit = contacts_next, .back = S_COMPANY,
			 .hints = ui_step_hints, .keys = field_keys, .accepts = ui_form_accepts,
			 .holds_keys = true },
	[S_ACCOUNTS] = { .title = N_("3. accounts to attach"), .form = &nw.account_form,
			 .draw = accounts_draw, .key = accounts_key, .typed = account_typed,
			 .submit = account_next, .on_back = accounts_back,
			 .hints = ui_step_hints_next, .keys = account_keys,
			 .accepts = field_accepts, .holds_keys = true },
	[S_CONFIRM] = { .title = N_("4. confirmation"), .draw = confirm_draw, .key = confirm_key,
			.back = S_ACCOUNTS, .hints = confirm_hints, .keys = confirm_keys,
			.accepts = field_accepts },
};

static void nw_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&nw.steps, app, pane, rows, cols);
}

static enum ui_key_result nw_key(struct app *app, enum action act, int key)
{
	return ui_steps_key(&nw.steps, app, act, key);
}

static bool nw_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	return ui_steps_cursor(&nw.steps, y, x);
}

static uint64_t nw_print(void)
{
	return ui_form_print(&nw.contacts_form, 0) ^ (ui_form_print(&nw.company_form, 0) * 31) ^
	       ui_edit_print(UI_PRINT_START, &nw.account.edit) ^ (uint64_t)nw.n;
}

static void text_field(struct ui_field *f, const char *label, size_t max)
{
	*f = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = label };
	f->edit.max = max;
}

static void nw_open(struct app *app)
{
	memset(&nw, 0, sizeof(nw));
	nw.steps = (struct ui_steps){ .title = N_("New company: %s"), .steps = steps,
				      .count = sizeof(steps) / sizeof(steps[0]),
				      .screen_key = nw_key, .max_cols = 76 };
	text_field(&nw.company[F_NAME], N_("Company name"), 200);
	text_field(&nw.company[F_INN], N_("INN"), 16);
	nw.company_form = (struct ui_form){ nw.company, 2, 0, NULL, NULL };
	text_field(&nw.contacts[F_EMAIL], N_("E-mail"), 254);
	text_field(&nw.contacts[F_PHONE], N_("Phone"), 32);
	nw.contacts_form = (struct ui_form){ nw.contacts, 2, 0, NULL, NULL };
	text_field(&nw.account, N_("Account"), 16);
	nw.account_form = (struct ui_form){ &nw.account, 1, 0, NULL, NULL };
	go(app, S_COMPANY);
	nw.open = true;
	nw.print = nw_print();
}

/* What was typed is lost on leaving before the company is made; after, the list
 * has it. */
static bool nw_typed(struct app *app)
{
	(void)app;
	return nw.open && !nw.created && nw_print() != nw.print;
}

static void nw_close(struct app *app)
{
	(void)app;
	nw.open = false;
}

UI_STEPS_CALLBACKS(nw, nw.steps)

static const struct screen_ops company_new_screen = {
	.name = "companies",
	.title = N_("New company"),
	.keymap = KEYMAP_COMPANIES,
	.text_input = true,
	.open = nw_open,
	.close = nw_close,
	.draw = nw_draw,
	.key = nw_key,
	.cursor = nw_cursor,
	.hints = ui_step_hints,
	.typed = nw_typed,
	UI_STEPS_OPS(nw),
};

void staff_company_new(struct app *app)
{
	(void)app;
	ui_push(&company_new_screen);
}
