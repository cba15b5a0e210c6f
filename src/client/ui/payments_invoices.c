/* The invoices of an account (getInvoices) over screen 4, newest first: the month in
 * words, the amount, when it is due, paid or not (an unpaid one marked in words, not
 * only in color). ] and [ go to the next and previous account; Enter opens one
 * invoice's lines (getInvoice) with their total; p pays an unpaid one. */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/model_money.h"

static const struct screen_ops invoices_screen;

enum { R_LIST, R_DETAIL };
enum col { COL_PERIOD, COL_AMOUNT, COL_DUE, COL_PAID, COL_COUNT };
enum lcol { LCOL_SERVICE, LCOL_DESCRIPTION, LCOL_AMOUNT, LCOL_COUNT };

static struct {
	char account[64];
	struct ui_loader load;		/* the list */
	struct ui_list list;
	struct invoice_list inv;
	bool known;
	/* One invoice's lines, over the list while open. */
	bool detail;
	char detail_id[64];
	struct ui_loader dload;
	struct ui_list lines;
	struct invoice_detail d;
	bool dknown;
	bool open;
} iv;

/* "November 2026" / "ноябрь 2026" of "2026-11". */
static char *period_text(const char *period, char *buf, size_t size)
{
	static const char *const months[] = {
		N_("January %d"), N_("February %d"), N_("March %d"),	 N_("April %d"),
		N_("May %d"),	  N_("June %d"),     N_("July %d"),	 N_("August %d"),
		N_("September %d"), N_("October %d"), N_("November %d"), N_("December %d"),
	};
	int y, m;

	if (sscanf(period, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		snprintf(buf, size, "%s", period);
	else
		snprintf(buf, size, _(months[m - 1]), y);
	return buf;
}

static void load(struct app *app)
{
	ui_load_begin(&iv.load);
	if (iv.account[0])
		ui_load_call(app, &iv.load, "getInvoices", model_body_account(iv.account), R_LIST,
			     iv.account);
}

static void load_detail(struct app *app)
{
	ui_load_begin(&iv.dload);
	ui_load_call(app, &iv.dload, "getInvoice", model_body_invoice(iv.detail_id), R_DETAIL,
		     iv.detail_id);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	const struct account *a = kind == R_LIST ? app_find_account(app, key) : NULL;

	if (kind == R_LIST)
		snprintf(buf, size, _("The invoices of account %s"), a ? a->number : "?");
	else
		snprintf(buf, size, "%s", _("The invoice's lines"));
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;

	if (kind == R_LIST) {
		struct invoice_list fresh;
		if (model_parse_invoices(reply->body, &fresh, &err) != MODEL_OK) {
			ui_load_bad_reply(app, &iv.load, kind, key, err.msg);
			return;
		}
		model_free_invoices(&iv.inv);
		iv.inv = fresh;
		iv.known = true;
		ui_list_set_rows(&iv.list, iv.inv.n, false);
		ui_list_changed(&iv.list);
		return;
	}
	struct invoice_detail fresh;
	if (model_parse_invoice(reply->body, &fresh, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &iv.dload, kind, key, err.msg);
		return;
	}
	model_free_invoice(&iv.d);
	iv.d = fresh;
	iv.dknown = true;
	ui_list_set_rows(&iv.lines, iv.d.nlines, false);
	ui_list_changed(&iv.lines);
}

/* --- the list --- */

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct invoice *v = row < iv.inv.n ? &iv.inv.items[row] : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!v)
		return;
	switch ((enum col)col) {
	case COL_PERIOD:
		period_text(v->period, buf, size);
		break;
	case COL_AMOUNT:
		ui_money(v->amount, buf, size);
		break;
	case COL_DUE:
		ui_date(v->due_date, false, buf, size);
		break;
	case COL_PAID:
		snprintf(buf, size, "%s", v->paid ? _("paid") : _("! not paid"));
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud;
	return col == COL_PAID && row < iv.inv.n && !iv.inv.items[row].paid ? AREA_WARNING
									     : AREA_DEFAULT;
}

static const struct ui_col iv_cols[COL_COUNT] = {
	[COL_PERIOD] = { .title = N_("Month"), .align = UI_LEFT },
	[COL_AMOUNT] = { .title = N_("Amount"), .align = UI_RIGHT, .whole = true },
	[COL_DUE] = { .title = N_("Due"), .align = UI_LEFT, .drop = 1 },
	[COL_PAID] = { .title = N_("Status"), .align = UI_LEFT },
};

static const struct ui_list_ops iv_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

/* --- one invoice's lines --- */

static void line_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct invoice_line *l = row < iv.d.nlines ? &iv.d.lines[row] : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!l)
		return;
	switch ((enum lcol)col) {
	case LCOL_SERVICE:
		snprintf(buf, size, "%s", l->service);
		break;
	case LCOL_DESCRIPTION:
		snprintf(buf, size, "%s", l->description);
		break;
	case LCOL_AMOUNT:
		ui_money(l->amount, buf, size);
		break;
	case LCOL_COUNT:
		break;
	}
}

/* A line's service where its words do not fit: the number or login alone (from the
 * first word with a digit, '_', '@' or '+' on: "+7 (922) 123-45-22" of "Мобильная связь
 * +7 (922) 123-45-22"), so that a number is not cut. */
static void line_brief(void *ud, size_t row, int col, char *buf, size_t size)
{
	const char *s, *word;

	(void)ud;
	if (col != LCOL_SERVICE || row >= iv.d.nlines)
		return;
	s = iv.d.lines[row].service;
	for (word = s; *word; word++) {
		if (word != s && word[-1] != ' ')
			continue;
		if (strcspn(word, " ") > strcspn(word, "0123456789_@+"))
			break;
	}
	if (*word && word != s)
		snprintf(buf, size, "%s", word);
}

static const struct ui_col line_cols[LCOL_COUNT] = {
	[LCOL_SERVICE] = { .title = N_("Service"), .align = UI_LEFT, .min = 12 },
	[LCOL_DESCRIPTION] = { .title = N_("What for"), .align = UI_LEFT, .min = 10 },
	[LCOL_AMOUNT] = { .title = N_("Amount"), .align = UI_RIGHT, .whole = true },
};

static const struct ui_list_ops line_list_ops = { .cell = line_cell, .brief = line_brief };

static void open_detail(struct app *app, const struct invoice *v)
{
	snprintf(iv.detail_id, sizeof(iv.detail_id), "%s", v->id);
	iv.detail = true;
	iv.dknown = false;
	model_free_invoice(&iv.d);
	ui_list_init(&iv.lines, line_cols, LCOL_COUNT, &line_list_ops, app);
	load_detail(app);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void close_detail(void)
{
	ui_load_drop(&iv.dload);
	model_free_invoice(&iv.d);
	iv.detail = false;
	iv.dknown = false;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* The first key of an action in the payments keymap ("]" of "], Right"). */
/* --- the screen --- */

/* "Invoices of account 590000000001 · Пермский край", and the line under it. */
static int draw_title(struct app *app, WINDOW *pane, int cols)
{
	const struct account *a = app_find_account(app, iv.account);
	char title[512], head[640], key_next[64], key_prev[64], line[256];

	if (a)
		snprintf(title, sizeof(title), _("Invoices of account %s · %s"), a->number, a->region);
	else
		snprintf(title, sizeof(title), "%s", _("Invoices"));
	/* The list's load; an invoice opened says what became of its own below. */
	if (!iv.detail && iv.account[0])
		ui_load_header(&iv.load, iv.known, title, title, head, sizeof(head));
	else
		snprintf(head, sizeof(head), "%s", title);
	ui_put_attr(pane, 0, 1, cols - 2, UI_LEFT, A_BOLD, 0, head);
	if (app->accounts.n > 1) {
		keys_first(KEYMAP_PAYMENTS, ACT_PREV_ACCOUNT, key_prev, sizeof(key_prev));
		keys_first(KEYMAP_PAYMENTS, ACT_NEXT_ACCOUNT, key_next, sizeof(key_next));
		snprintf(line, sizeof(line), _("%s / %s: the previous or next account"), key_prev,
			 key_next);
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
	return 3;
}

static void draw_detail(WINDOW *pane, int y, int rows, int cols)
{
	char title[256], period[64], money[64], due[32], line[1024];
	int used;

	if (!iv.dknown) {
		ui_load_draw_wait(pane, y, cols, &iv.dload, _("Loading the invoice..."));
		return;
	}
	period_text(iv.d.inv.period, period, sizeof(period));
	ui_date(iv.d.inv.due_date, false, due, sizeof(due));
	snprintf(title, sizeof(title), iv.d.inv.paid ? _("Invoice for %s, due %s: paid")
						     : _("Invoice for %s, due %s: ! not paid"),
		 period, due);
	ui_put(pane, y, 1, cols - 2, UI_LEFT, iv.d.inv.paid ? AREA_DEFAULT : AREA_WARNING, title);
	y += 2;
	if (iv.d.nlines == 0) {
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("The invoice has no lines."));
	} else {
		used = ui_list_draw(&iv.lines, pane, y, rows - y - 2 > 1 ? rows - y - 2 : 1, cols);
		y += used;
	}
	if (y < rows)
		ui_hline(pane, y, 1, cols - 2);
	if (y + 1 < rows) {
		ui_money(iv.d.inv.amount, money, sizeof(money));
		snprintf(line, sizeof(line), _("Total: %s"), money);
		ui_put_attr(pane, y + 1, 1, cols - 2, UI_RIGHT, A_BOLD, 0, line);
	}
}

static void iv_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024];
	int y = draw_title(app, pane, cols);

	if (!iv.account[0]) {
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       app->accounts_known ? _("No accounts are attached to this profile.")
					   : _("Loading the accounts..."));
		return;
	}
	if (iv.detail) {
		draw_detail(pane, y, rows, cols);
		return;
	}
	if (!iv.known) {
		ui_load_draw_wait(pane, y, cols, &iv.load, _("Loading the invoices..."));
		return;
	}
	if (iv.inv.n == 0) {
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("This account has no invoices yet."));
		return;
	}
	ui_list_draw(&iv.list, pane, y, iv.load.failed && rows > y + 2 ? rows - y - 1 : rows - y, cols);
	if (iv.load.failed && rows > y + 2)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&iv.load, line, sizeof(line)));
}

/* The next (dir 1) or previous account of the app's list, round. */
static void other_account(struct app *app, int dir)
{
	size_t n = app->accounts.n, i;

	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		if (!strcmp(app->accounts.items[i].id, iv.account))
			break;
	i = i == n ? 0 : (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(iv.account, sizeof(iv.account), "%s", app->accounts.items[i].id);
	if (iv.detail)
		close_detail();
	iv.known = false;
	model_free_invoices(&iv.inv);
	ui_list_set_rows(&iv.list, 0, false);
	load(app);
	ui_dirty(UI_DIRTY_PANE);
}

static void pay(struct app *app, const struct invoice *v)
{
	char period[64];

	if (v && !v->paid) {
		pay_show(app, iv.account, v->amount);
		return;
	}
	if (v && v->paid) {
		ui_message(UI_MSG_INFO, _("The invoice for %s is paid already."),
			   period_text(v->period, period, sizeof(period)));
		return;
	}
	if (!payments_run(app, ACT_PAY, iv.account))
		pay_show(app, iv.account, 0);
}

static enum ui_key_result iv_key(struct app *app, enum action act, int key)
{
	const struct invoice *v = iv.known && iv.list.sel < iv.inv.n ? &iv.inv.items[iv.list.sel]
								       : NULL;

	(void)key;
	if (iv.detail) {
		switch (act) {
		case ACT_BACK:
		case ACT_CANCEL:
			close_detail();
			return UI_DONE;
		case ACT_ENTER:
			return UI_DONE;
		case ACT_PAY:
			if (iv.dknown)
				pay(app, &iv.d.inv);
			return UI_DONE;
		default:
			if (ui_list_key(&iv.lines, act))
				return UI_DONE;
			break;
		}
	}
	switch (act) {
	case ACT_SHOW_INVOICES:
		return UI_DONE;
	case ACT_NEXT_ACCOUNT:
	case ACT_PREV_ACCOUNT:
		other_account(app, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	case ACT_ENTER:
		if (v)
			open_detail(app, v);
		return UI_DONE;
	case ACT_PAY:
		pay(app, v);
		return UI_DONE;
	default:
		if (!iv.detail && ui_list_key(&iv.list, act))
			return UI_DONE;
		return payments_run(app, act, iv.account[0] ? iv.account : NULL) ? UI_DONE : UI_PASS;
	}
}

static void iv_search(struct app *app, const char *text, int dir)
{
	struct ui_list *l = iv.detail ? &iv.lines : &iv.list;

	(void)app;
	ui_list_search_say(l, ui_list_search(l, text, dir, opt.wrap_search), dir);
}

static void iv_open(struct app *app)
{
	iv.open = true;
	iv.load.done = iv.dload.done = loaded;
	iv.load.what = iv.dload.what = what_of;
	iv.known = iv.detail = iv.dknown = false;
	ui_list_init(&iv.list, iv_cols, COL_COUNT, &iv_list_ops, app);
	load(app);
}

static void iv_close(struct app *app)
{
	(void)app;
	iv.open = false;
	ui_load_drop(&iv.load);
	ui_load_drop(&iv.dload);
	model_free_invoices(&iv.inv);
	model_free_invoice(&iv.d);
	iv.known = iv.detail = iv.dknown = false;
}

static void iv_reload(struct app *app)
{
	load(app);
	if (iv.detail)
		load_detail(app);
}

/* Money that came may have paid the account's invoices. */
void invoices_moved(struct app *app, const char *account_id)
{
	if (iv.open && !strcmp(iv.account, account_id))
		iv_reload(app);
}

void invoices_show(struct app *app, const char *account_id)
{
	const char *id = account_id;

	if (!id && app->accounts.n)
		id = app->accounts.items[0].id;
	snprintf(iv.account, sizeof(iv.account), "%s", id ? id : "");
	if (ui_front() == &invoices_screen) {
		/* Already in front: show that account's. */
		if (iv.detail)
			close_detail();
		iv.known = false;
		load(app);
		ui_dirty(UI_DIRTY_PANE);
		return;
	}
	ui_push(&invoices_screen);
}

static const struct ui_hint iv_hints[] = {
	{ ACT_ENTER, N_("lines") },
	{ ACT_PAY, N_("pay") },
	{ ACT_NEXT_ACCOUNT, N_("next account") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint detail_hints[] = {
	{ ACT_PAY, N_("pay") },
	{ ACT_BACK, N_("back to the invoices") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *iv_hints_now(struct app *app)
{
	(void)app;
	return iv.detail ? detail_hints : iv_hints;
}

static const struct screen_ops invoices_screen = {
	.name = "payments",
	.title = N_("Invoices"),
	.keymap = KEYMAP_PAYMENTS,
	.open = iv_open,
	.close = iv_close,
	.draw = iv_draw,
	.key = iv_key,
	.reload = iv_reload,
	.hints = iv_hints,
	.hints_now = iv_hints_now,
	.search = iv_search,
	.accepts = ui_list_accepts,
};
