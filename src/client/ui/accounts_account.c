/* An account's details, over screen 2 (Enter on an account): the contract's owner,
 * address and date, the payment system and the invoice e-mail (getAccountInfo), its
 * figures and services. e sets or stops the invoice e-mail (a field checked as it is
 * left), s switches between advance and credit payment, d detaches it; each change
 * goes through the one change path. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/model/text.h"

enum { R_INFO, R_ACCOUNTS };
enum { F_EMAIL, F_SAVE, F_STOP, F_COUNT };

static struct {
	struct ui_loader load;
	char id[64];
	bool known;		/* info came */
	struct account_info info;
	bool editing;		/* the invoice e-mail form is open */
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	int cy, cx;
	uint64_t print;		/* of the e-mail as the form opened */
} ad;

static void load(struct app *app)
{
	ui_load_begin(&ad.load);
	ui_load_call(app, &ad.load, "getAccountInfo", model_body_account(ad.id), R_INFO, ad.id);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	const struct account *a = app_find_account(app, key);

	if (kind == R_ACCOUNTS)
		snprintf(buf, size, "%s", _("The list of accounts"));
	else
		snprintf(buf, size, _("The details of account %s"), a ? a->number : "?");
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;

	if (kind == R_ACCOUNTS) {
		ui_load_took_accounts(app, &ad.load, kind, key, reply);
		return;
	}
	if (model_parse_account_info(reply->body, &ad.info, &err) == MODEL_OK)
		ad.known = true;
	else
		ui_load_bad_reply(app, &ad.load, kind, key, err.msg);
}

/* A change names its account: the answer may come when another one is shown. */
static char *change_ud(const char *account_id)
{
	return strdup(account_id);
}

static bool shown(const void *ud)
{
	return ui_front() == &account_screen && ud && !strcmp(ud, ad.id);
}

bool account_shows(const char *account_id)
{
	return shown(account_id);
}

/* --- the invoice e-mail --- */

static void validate(struct ui_form *form, size_t i, void *ud)
{
	char email[UI_EDIT_MAX * 4 + 1];

	(void)ud;
	if (i != F_EMAIL)
		return;
	ui_edit_get(&form->fields[F_EMAIL].edit, email, sizeof(email));
	if (email[0] && !model_email_valid(email))
		snprintf(form->fields[F_EMAIL].error, sizeof(form->fields[F_EMAIL].error), "%s",
			 _("Not an e-mail address: one @, a dot after it, no spaces."));
}

static void open_form(void)
{
	memset(ad.fields, 0, sizeof(ad.fields));
	ad.fields[F_EMAIL] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("E-mail") };
	ad.fields[F_EMAIL].edit.max = 254;
	ad.fields[F_SAVE] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Send invoices here") };
	ad.fields[F_STOP] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Stop sending them") };
	ad.fields[F_STOP].hidden = !ad.info.has_invoice_email;
	ui_edit_set(&ad.fields[F_EMAIL].edit, ad.info.has_invoice_email ? ad.info.invoice_email : "");
	ad.form = (struct ui_form){ ad.fields, F_COUNT, F_EMAIL, validate, NULL };
	ad.print = ui_form_print(&ad.form, 0);
	ad.editing = true;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void email_done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct model_err err;

	if (!shown(ud))
		return;
	if (model_parse_invoice_email(reply->body, &ad.info, &err) != MODEL_OK)
		load(app);
	ad.editing = false;
}

static void email_settle(struct app *app, void *ud)
{
	if (!shown(ud))
		return;
	ad.editing = false;
	load(app);
}

/* The server's refusal of the address goes next to the field, the text kept. */
static bool email_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	if (!shown(ud) || !ad.editing || !reply->field || strcmp(reply->field, "email"))
		return false;
	app_reply_text(app, reply, ad.fields[F_EMAIL].error, sizeof(ad.fields[F_EMAIL].error));
	ui_form_focus(&ad.form, F_EMAIL);
	return true;
}

static void send_email(struct app *app, bool stop)
{
	const struct account *a = app_find_account(app, ad.id);
	char email[UI_EDIT_MAX * 4 + 1];
	struct ui_change c = { .act = ACT_INVOICE_EMAIL, .method = "setInvoiceDelivery",
			       .done = email_done, .refused = email_refused,
			       .settle = email_settle, .ud_free = free };

	if (!a)
		return;
	ui_edit_get(&ad.fields[F_EMAIL].edit, email, sizeof(email));
	if (!stop) {
		ad.fields[F_EMAIL].error[0] = '\0';
		validate(&ad.form, F_EMAIL, NULL);
		if (!email[0])
			snprintf(ad.fields[F_EMAIL].error, sizeof(ad.fields[F_EMAIL].error), "%s",
				 _("Type the address, or choose to stop sending."));
		if (ad.fields[F_EMAIL].error[0]) {
			ui_form_focus(&ad.form, F_EMAIL);
			return;
		}
		snprintf(c.question, sizeof(c.question), _("E-mail the invoices of account %s to %s?"),
			 a->number, email);
		snprintf(c.done_msg, sizeof(c.done_msg), _("The invoices of %s go to %s now."),
			 a->number, email);
	} else {
		snprintf(c.question, sizeof(c.question), _("Stop e-mailing the invoices of account %s?"),
			 a->number);
		snprintf(c.detail, sizeof(c.detail), _("They go to %s now."), ad.info.invoice_email);
		snprintf(c.done_msg, sizeof(c.done_msg), _("The invoices of %s are not e-mailed any more."),
			 a->number);
	}
	c.body = model_body_invoice_email(a->id, stop ? NULL : email);
	c.ud = change_ud(a->id);
	ui_change(app, &c);
}

/* --- the payment system --- */

/* The system the server says the account has now; its figures follow it when the
 * overview reads them again. */
static void system_done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct account *a = ud ? app_find_account(app, ud) : NULL;
	struct model_err err;
	bool credit;

	if (a && model_parse_payment_system(reply->body, &credit, &err) == MODEL_OK) {
		a->credit = credit;
		app->accounts_gen++;
	} else {
		ui_load_accounts(app, &ad.load, R_ACCOUNTS);
	}
}

/* Whether it switched is not known: the accounts say. */
static void system_settle(struct app *app, void *ud)
{
	(void)ud;
	ui_load_accounts(app, &ad.load, R_ACCOUNTS);
}

static void switch_system(struct app *app)
{
	const struct account *a = app_find_account(app, ad.id);
	struct ui_change c = { .act = ACT_PAYMENT_SYSTEM, .method = "switchPaymentSystem",
			       .done = system_done, .settle = system_settle, .ud_free = free };

	if (!a)
		return;
	/* A credit account goes to advance payment, an advance one to credit. */
	snprintf(c.question, sizeof(c.question),
		 a->credit ? _("Switch account %s to advance payment?")
			   : _("Switch account %s to credit payment?"), a->number);
	snprintf(c.detail, sizeof(c.detail), "%s",
		 a->credit ? _("You pay ahead, and a negative balance blocks the services.\n"
			       "An autopay rule that pays this account's debt is deleted.")
			   : _("A month is paid by the 20th of the next one, by its invoice;\n"
			       "the services are blocked when an invoice is not paid in time."));
	snprintf(c.done_msg, sizeof(c.done_msg),
		 a->credit ? _("Account %s is paid in advance now.")
			   : _("Account %s is paid on credit now."), a->number);
	c.body = model_body_payment_system(a->id, !a->credit);
	c.ud = change_ud(a->id);
	ui_change(app, &c);
}

/* --- the screen --- */

static int put_line(WINDOW *w, int y, int rows, int cols, int label_w, const char *label,
		    const char *value, enum color_area area)
{
	if (y >= rows)
		return y;
	ui_put(w, y, 1, label_w, UI_LEFT, AREA_DEFAULT, label);
	ui_put(w, y, 2 + label_w, cols - 3 - label_w, UI_LEFT, area, value);
	return y + 1;
}

static void ad_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct account *a = app_find_account(app, ad.id);
	char title[128], value[512], line[1024];
	int y = 0, label_w = 0, cy, cx;
	const char *labels[] = { _("Owner"), _("Region"), _("Address"), _("Contract of"),
				 _("Payment"), _("Invoices"), _("Balance") };

	ad.cy = ad.cx = -1;
	if (!a) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("This account is not in the list any more."));
		return;
	}
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (ui_width(labels[i]) > label_w)
			label_w = ui_width(labels[i]);
	if (label_w > cols / 3)
		label_w = cols / 3;
	snprintf(title, sizeof(title), _("Account %s"), a->number);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&ad.load, ad.known, title, title, line, sizeof(line)));
	y++;
	y = put_line(pane, y, rows, cols, label_w, labels[0],
		     ad.known ? ad.info.owner : ui_ellipsis(), AREA_DEFAULT);
	y = put_line(pane, y, rows, cols, label_w, labels[1], a->region, AREA_DEFAULT);
	y = put_line(pane, y, rows, cols, label_w, labels[2],
		     ad.known ? ad.info.address : a->address, AREA_DEFAULT);
	y = put_line(pane, y, rows, cols, label_w, labels[3],
		     ad.known ? ui_date(ad.info.contract_date, false, value, sizeof(value))
			      : ui_ellipsis(),
		     AREA_DEFAULT);
	snprintf(value, sizeof(value), "%s, %s",
		 a->credit ? _("credit: a month is paid by the 20th of the next one")
			   : _("advance: paid ahead"),
		 a->relative ? _("a relative's account") : _("your own account"));
	y = put_line(pane, y, rows, cols, label_w, labels[4], value, AREA_DEFAULT);
	if (!ad.known)
		snprintf(value, sizeof(value), "%s", ui_ellipsis());
	else if (ad.info.has_invoice_email)
		snprintf(value, sizeof(value), _("e-mailed to %s"), ad.info.invoice_email);
	else
		snprintf(value, sizeof(value), "%s", _("not e-mailed"));
	y = put_line(pane, y, rows, cols, label_w, labels[5], value, AREA_DEFAULT);
	if (a->bal.known) {
		ui_money(a->bal.balance, value, sizeof(value));
		y = put_line(pane, y, rows, cols, label_w, labels[6], value,
			     a->bal.balance < 0 ? AREA_NEGATIVE : AREA_DEFAULT);
	}
	y++;
	if (ad.editing) {
		if (y < rows)
			ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
			       _("Where to e-mail the monthly invoices:"));
		y += ui_form_draw(pane, y, 1, cols - 2, &ad.form, &cy, &cx);
		if (cy >= 0 && cy < rows) {
			ad.cy = cy;
			ad.cx = cx;
		}
	} else {
		if (y < rows)
			ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
			       a->nservices ? _("Services:") : _("No services."));
		for (size_t k = 0; k < a->nservices && y < rows; k++) {
			const struct service *s = &a->services[k];
			snprintf(value, sizeof(value), "%s %s: %s%s%s%s", model_service_type_name(s->type),
				 s->display_number, model_service_status_name(s->status),
				 s->tariff[0] ? ", «" : "", s->tariff, s->tariff[0] ? "»" : "");
			ui_put(pane, y++, 3, cols - 4, UI_LEFT, AREA_DEFAULT, value);
		}
	}
	if (ad.load.failed && rows > 1)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&ad.load, line, sizeof(line)));
}

static enum ui_key_result ad_key(struct app *app, enum action act, int key)
{
	const struct account *a = app_find_account(app, ad.id);
	enum ui_form_result r;

	if (ad.editing) {
		if (act == ACT_CANCEL) {
			if (ui_discard_ask(app, act, key))
				return UI_DONE;
			ad.editing = false;
			ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
			return UI_DONE;
		}
		r = ui_form_key(&ad.form, act, key);
		if (r == UI_FORM_SUBMIT && !ui_change_busy())
			send_email(app, ad.form.focus == F_STOP);
		ui_dirty(UI_DIRTY_PANE);
		return r == UI_FORM_PASS && (!ui_key_is_text(key) || act == ACT_HELP) ? UI_PASS : UI_DONE;
	}
	switch (act) {
	case ACT_INVOICE_EMAIL:
		if (ad.known)
			open_form();
		else
			ui_message(UI_MSG_INFO, "%s", _("The details are still loading."));
		return UI_DONE;
	case ACT_PAYMENT_SYSTEM:
		switch_system(app);
		return UI_DONE;
	case ACT_DETACH_ACCOUNT:
		if (a)
			accounts_detach(app, a);
		return UI_DONE;
	case ACT_ENTER:
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static bool ad_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (!ad.editing || ad.cy < 0)
		return false;
	*y = ad.cy;
	*x = ad.cx;
	return true;
}

static void ad_open(struct app *app)
{
	ad.load.done = loaded;
	ad.load.what = what_of;
	ad.known = false;
	ad.editing = false;
	memset(&ad.info, 0, sizeof(ad.info));
	load(app);
}

static void ad_close(struct app *app)
{
	(void)app;
	ui_load_drop(&ad.load);
	ad.editing = false;
}

static void ad_reload(struct app *app)
{
	load(app);
}

void account_show(struct app *app, const char *account_id)
{
	(void)app;
	snprintf(ad.id, sizeof(ad.id), "%s", account_id);
	ui_push(&account_screen);
}

static const struct ui_hint ad_hints[] = {
	{ ACT_INVOICE_EMAIL, N_("invoice e-mail") },
	{ ACT_PAYMENT_SYSTEM, N_("payment") },
	{ ACT_DETACH_ACCOUNT, N_("detach") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint edit_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("choose") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *ad_hints_now(struct app *app)
{
	(void)app;
	return ad.editing ? edit_hints : ad_hints;
}

static bool ad_typed(struct app *app)
{
	(void)app;
	return ad.editing && ui_form_print(&ad.form, 0) != ad.print;
}

/* Letters type while the e-mail form is open: the help names no key that types. */
static bool ad_typing(struct app *app)
{
	(void)app;
	return ad.editing;
}

/* The e-mail form's keys while it is open; no fields to go between otherwise. */
static bool ad_accepts(struct app *app, enum action act)
{
	return ad.editing ? ui_form_accepts(app, act) || act == ACT_REFRESH
			  : ui_list_accepts(app, act);
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result ad_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, ad.editing ? &ad.form : NULL, ad_key, text, len);
}

const struct screen_ops account_screen = {
	.name = "account",
	.title = N_("Account"),
	.keymap = KEYMAP_ACCOUNT,
	.open = ad_open,
	.close = ad_close,
	.draw = ad_draw,
	.key = ad_key,
	.reload = ad_reload,
	.cursor = ad_cursor,
	.hints = ad_hints,
	.hints_now = ad_hints_now,
	.typed = ad_typed,
	.accepts = ad_accepts,
	.paste = ad_paste,
	.typing = ad_typing,
};
