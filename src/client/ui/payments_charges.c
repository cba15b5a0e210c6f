/* "Where the money goes" over screen 4 (m): getCharges' last 12 months as one
 * horizontal bar a month, split by service, with the legend, the month's total and
 * the changes worth a sentence (model/charges_chart.c); for one account or all, ] and
 * [ going through them as on screen 4. In colour a service is a colour; without
 * colours (NO_COLOR, a terminal without them) a letter, so the legend still tells the
 * parts apart; under ASCII the colour's block is '#'. Enter on a month lists its
 * charges (service, kind, names, amount); Esc goes back to the chart. Under the bars,
 * next month's forecast: getServiceInfo of every service, its fee plan played forward
 * to the 1st after getCharges' newest month (the server's today) by ap_fee_on(),
 * billing's replay that autopay's "what happens next" runs too (autopay.h). */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/options.h"
#include "kabinet/model/autopay.h"
#include "kabinet/model/charges.h"
#include "kabinet/model/charges_chart.h"
#include "kabinet/model/sums.h"

static const struct screen_ops chart_screen;

enum { R_CHARGES, R_ACCOUNTS, R_SERVICE };
enum col { COL_SERVICE, COL_KIND, COL_NAMES, COL_AMOUNT, COL_COUNT };

/* A charge of the month opened: a kind of a service of an account. */
struct mrow {
	const struct charge_service *svc;
	const struct charge_kind_sum *kind;
};

static struct {
	struct ui_loader load;
	struct charges charges;
	struct charges_chart chart;
	bool known, open, detail;
	char account_id[64];
	size_t sel;		/* the month selected */
	struct ui_list list;	/* the month's charges */
	struct mrow *rows;
	size_t nrows;
	struct ap_fee_book book;	/* the plans of app->accounts' services */
	char next_first[11];	/* the 1st after the newest month, "" until known */
	struct app *app;
} mc;

/* Round two, once the accounts are known: each service as it stands now. */
static void load_services(struct app *app)
{
	ap_fee_book_free(&mc.book);
	if (ap_fee_book_make(&mc.book, &app->accounts, NULL, NULL))
		ui_load_plans(app, &mc.load, R_SERVICE, &mc.book);
}

static void load(struct app *app)
{
	ui_load_begin(&mc.load);
	ui_load_call(app, &mc.load, "getCharges",
		     model_body_charges(CHARGES_MONTHS_DEFAULT, mc.account_id), R_CHARGES, NULL);
	ui_load_accounts(app, &mc.load, R_ACCOUNTS);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)key;
	snprintf(buf, size, "%s",
		 kind == R_CHARGES    ? _("The charges of the last months")
		 : kind == R_ACCOUNTS ? _("The list of accounts")
				      : _("A service's tariff and options"));
}

static void took_charges(struct app *app, int kind, const char *key,
			 const struct api_reply *reply);

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	/* The plans depend on the accounts alone: asked once a load, when they are in. */
	if (kind == R_ACCOUNTS) {
		if (ui_load_took_accounts(app, &mc.load, kind, key, reply))
			load_services(app);
		return;
	}
	if (kind == R_SERVICE) {
		ui_load_took_plan(app, &mc.load, kind, key, reply, &mc.book);
		ui_dirty(UI_DIRTY_PANE);
		return;
	}
	took_charges(app, kind, key, reply);
}

/* getCharges' answer; the forecast's day, the 1st after its newest month, follows it
 * (the server's today: no clock of the client's). */
static void took_charges(struct app *app, int kind, const char *key,
			 const struct api_reply *reply)
{
	struct charges fresh;
	struct charges_chart chart;
	struct model_err err;

	if (model_parse_charges(reply->body, &fresh, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &mc.load, kind, key, err.msg);
		return;
	}
	/* Built aside: a failure leaves the chart shown as it was. */
	if (!charges_chart_make(&fresh, mc.account_id, &chart)) {
		model_free_charges(&fresh);
		ui_load_bad_reply(app, &mc.load, kind, key, sums_beyond_text());
		return;
	}
	model_free_charges(&mc.charges);
	mc.charges = fresh;
	mc.chart = chart;
	mc.known = true;
	if (mc.sel >= mc.chart.nmonths)
		mc.sel = 0;
	mc.detail = false;
	if (!mc.charges.nmonths || !charges_next_first(mc.charges.months[0].month, mc.next_first))
		mc.next_first[0] = '\0';
	ui_dirty(UI_DIRTY_PANE);
}

/* --- the month's charges --- */

static void rows_free(void)
{
	free(mc.rows);
	mc.rows = NULL;
	mc.nrows = 0;
}

static bool rows_make(const struct charge_month *m)
{
	size_t n = 0;

	rows_free();
	for (size_t a = 0; a < m->naccounts; a++)
		for (size_t s = 0; s < m->accounts[a].nservices; s++)
			n += m->accounts[a].services[s].nkinds;
	mc.rows = calloc(n ? n : 1, sizeof(*mc.rows));
	if (!mc.rows)
		return false;
	for (size_t a = 0; a < m->naccounts; a++) {
		const struct charge_account *acc = &m->accounts[a];
		if (mc.account_id[0] && strcmp(acc->account_id, mc.account_id))
			continue;
		for (size_t s = 0; s < acc->nservices; s++)
			for (size_t k = 0; k < acc->services[s].nkinds; k++)
				mc.rows[mc.nrows++] = (struct mrow){ &acc->services[s],
								     &acc->services[s].kinds[k] };
	}
	return true;
}

static const char *service_name(const char *name)
{
	return name ? name : _("The account as a whole");
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct mrow *r = row < mc.nrows ? &mc.rows[row] : NULL;
	const char *kind;

	(void)ud;
	buf[0] = '\0';
	if (!r)
		return;
	switch ((enum col)col) {
	case COL_SERVICE:
		snprintf(buf, size, "%s", service_name(r->svc->service));
		break;
	case COL_KIND:
		kind = charges_kind_name(r->kind->kind);
		snprintf(buf, size, "%s", kind ? kind : r->kind->code);
		break;
	case COL_NAMES:
		snprintf(buf, size, "%s", r->kind->names ? r->kind->names : "");
		break;
	case COL_AMOUNT:
		ui_money(r->kind->amount, buf, size);
		break;
	case COL_COUNT:
		break;
	}
}

static const struct ui_col mc_cols[COL_COUNT] = {
	[COL_SERVICE] = { .title = N_("Service"), .align = UI_LEFT },	/* its number whole */
	[COL_KIND] = { .title = N_("Kind"), .align = UI_LEFT, .drop = 1 },
	[COL_NAMES] = { .title = N_("Names"), .align = UI_LEFT, .min = 8, .drop = 2 },
	[COL_AMOUNT] = { .title = N_("Amount"), .align = UI_RIGHT, .whole = true },
};

static const struct ui_list_ops mc_list_ops = { .cell = list_cell };

static void detail_open(void)
{
	if (mc.sel >= mc.chart.nmonths || !rows_make(mc.chart.months[mc.sel].src))
		return;
	ui_list_set_rows(&mc.list, mc.nrows, false);
	ui_list_changed(&mc.list);
	mc.list.sel = 0;
	mc.list.top = 0;
	mc.detail = true;
}

/* --- drawing --- */

static const short palette[CHART_SERVICES_MAX] = { COLOR_BLUE, COLOR_GREEN, COLOR_YELLOW,
						   COLOR_MAGENTA, COLOR_CYAN, COLOR_RED,
						   COLOR_WHITE, COLOR_BLACK };

/* The colour pair of a legend entry, 0 without colours: the pairs after the areas'. */
static short service_pair(size_t i)
{
	short pair = (short)(AREA_COUNT + 1 + (int)i);

	if (!ui_colors_on() || pair >= COLOR_PAIRS)
		return 0;
	init_pair(pair, palette[i], -1);
	return pair;
}

/* n marks of a legend entry, put at once: blocks in its colour, or its letter. */
static int put_mark(WINDOW *w, int y, int x, int n, size_t i)
{
	short pair = service_pair(i);
	char cell[8], run[1024];
	size_t len, at = 0;

	if (pair)
		snprintf(cell, sizeof(cell), "%s", ui_text_flags() ? "#" : "█");
	else
		snprintf(cell, sizeof(cell), "%c", (char)('A' + i));
	len = strlen(cell);
	for (int c = 0; c < n && at + len < sizeof(run); c++, at += len)
		memcpy(run + at, cell, len);
	run[at] = '\0';
	if (at)
		ui_put_attr(w, y, x, (int)(at / len), UI_LEFT, 0, pair, run);
	return n;
}

/* "all accounts" or "account 590000000001". */
static const char *account_words(char *buf, size_t size)
{
	const struct account *a = app_find_account(mc.app, mc.account_id);

	if (a)
		snprintf(buf, size, _("account %s"), a->number);
	else
		snprintf(buf, size, "%s", _("all accounts"));
	return buf;
}

static const char *legend_name(size_t i)
{
	return mc.chart.folded && i + 1 == mc.chart.nservices ? _("the others")
							       : service_name(mc.chart.services[i].name);
}

/* The legend: each service's mark and name, one after the other, on as many lines as
 * the names take whole (a service's name holds its number or phone, never cut but
 * where one is wider than the line); returns the lines used. */
static int draw_legend(WINDOW *w, int y, int cols)
{
	int x = 1, line = 0;

	for (size_t i = 0; i < mc.chart.nservices; i++) {
		int need = 2 + ui_width(legend_name(i)) + 3;
		if (x > 1 && x + need > cols - 1) {
			line++;
			x = 1;
		}
		put_mark(w, y + line, x, 1, i);
		ui_put(w, y + line, x + 2, cols - x - 3, UI_LEFT, AREA_DEFAULT, legend_name(i));
		x += need;
	}
	return line + 1;
}

/* One month's line: its name, its bar split by service, its total. */
static void draw_month(WINDOW *w, int y, int cols, size_t m, int label_w, int total_w)
{
	const struct chart_month *cm = &mc.chart.months[m];
	char label[48], total[48];
	int widths[CHART_SERVICES_MAX], x, bar_w = cols - 2 - label_w - 2 - total_w - 2;

	charges_month_name(cm->src->month, label, sizeof(label));
	ui_put(w, y, 1, label_w + 1, UI_LEFT, m == mc.sel ? AREA_CURSOR : AREA_DEFAULT, label);
	x = 1 + label_w + 2;
	charges_bar_widths(cm->by, mc.chart.nservices, mc.chart.max, bar_w, widths);
	for (size_t i = 0; i < mc.chart.nservices; i++)
		x += put_mark(w, y, x, widths[i], i);
	ui_put(w, y, cols - 1 - total_w, total_w, UI_RIGHT, AREA_DEFAULT,
	       ui_money(cm->total, total, sizeof(total)));
}

static void draw_changes(WINDOW *w, int y, int rows, int cols)
{
	char lines[CHART_CHANGES_MAX][CHART_CHANGE_BYTES];
	size_t n = charges_chart_changes(&mc.charges, mc.account_id, lines, CHART_CHANGES_MAX);
	int bottom = y + rows;

	if (rows < 1)
		return;
	ui_put(w, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
	       n ? _("What changed:") : _("No monthly fee changed in these months."));
	/* Each change wrapped in the rows left, two columns in. */
	for (size_t i = 0; i < n && y < bottom; i++)
		y += ui_put_wrapped(w, y, 2, cols - 3, bottom - y, AREA_DEFAULT, lines[i]);
}

/* Next month's forecast: the fees of the accounts shown on the next 1st, once every
 * service's answer is in. */
static void draw_forecast(WINDOW *w, int y, int cols)
{
	char line[256], month[48], sum[48];
	const struct ap_fee_plan *plans;
	size_t n;
	int64_t total = 0;
	bool known = mc.next_first[0] &&
		     ap_fee_book_account(&mc.book, mc.account_id, &plans, &n);

	if (!mc.next_first[0])
		return;
	snprintf(month, sizeof(month), "%.7s", mc.next_first);
	charges_month_name(month, month, sizeof(month));
	if (known && !ap_fee_on(plans, n, ap_date_days(mc.next_first), &total))
		snprintf(line, sizeof(line), _("Forecast for %s: %s"), month, sums_beyond_text());
	else if (known)
		snprintf(line, sizeof(line), _("Forecast for %s: %s (tariffs and options on the 1st)"),
			 month, ui_money(total, sum, sizeof(sum)));
	else if (mc.load.failed)
		snprintf(line, sizeof(line), _("Forecast for %s: not known, a service could not be read."),
			 month);
	else
		snprintf(line, sizeof(line), _("Forecast for %s: loading..."), month);
	ui_put(w, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
}

static void draw_chart(WINDOW *w, int y, int rows, int cols)
{
	char total[48];
	int label_w = 0, total_w = 0, shown, top, bottom = y + rows;

	if (mc.chart.nmonths == 0 || mc.chart.max <= 0) {
		ui_put(w, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("Nothing was charged in these months."));
		draw_forecast(w, y + 2, cols);
		return;
	}
	y += draw_legend(w, y, cols) + 1;
	for (size_t m = 0; m < mc.chart.nmonths; m++) {
		char label[48];
		int lw = ui_width(charges_month_name(mc.chart.months[m].src->month, label,
						     sizeof(label)));
		int tw = ui_width(ui_money(mc.chart.months[m].total, total, sizeof(total)));
		label_w = lw > label_w ? lw : label_w;
		total_w = tw > total_w ? tw : total_w;
	}
	/* Under the months: a blank, the forecast, the changes' heading and one change. */
	shown = (int)mc.chart.nmonths < bottom - y - 4 ? (int)mc.chart.nmonths : bottom - y - 4;
	/* The selected month always shows: the lines scroll under it. */
	top = shown > 0 && (int)mc.sel >= shown ? (int)mc.sel - shown + 1 : 0;
	for (int m = 0; m < shown; m++)
		draw_month(w, y + m, cols, (size_t)(top + m), label_w, total_w);
	y += shown + 1;
	draw_forecast(w, y++, cols);
	draw_changes(w, y, bottom - y, cols);
}

static void mc_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[512], figures[256], who[64], month[48];
	int y = 0;

	(void)app;
	if (mc.detail && mc.sel < mc.chart.nmonths) {
		const struct chart_month *m = &mc.chart.months[mc.sel];
		char total[48];
		snprintf(figures, sizeof(figures), _("Charges of %s, %s: %s"),
			 charges_month_name(m->src->month, month, sizeof(month)),
			 account_words(who, sizeof(who)), ui_money(m->total, total, sizeof(total)));
		ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, figures);
		ui_list_draw(&mc.list, pane, y + 1, rows - y - 1, cols);
		return;
	}
	snprintf(figures, sizeof(figures), _("Where the money goes: %s"),
		 account_words(who, sizeof(who)));
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&mc.load, mc.known, _("Where the money goes"), figures, line,
				   sizeof(line)));
	if (!mc.known) {
		ui_load_draw_wait(pane, y + 1, cols, &mc.load, _("Loading the charges..."));
		return;
	}
	draw_chart(pane, y, rows - y - (mc.load.failed ? 1 : 0), cols);
	if (mc.load.failed && rows > 4)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&mc.load, line, sizeof(line)));
}

/* --- keys --- */

/* ] and [: the next or previous account, then all of them, as on screen 4. */
static void cycle_account(struct app *app, int dir)
{
	snprintf(mc.account_id, sizeof(mc.account_id), "%s",
		 model_account_step(&app->accounts, mc.account_id, dir));
	mc.known = false;
	mc.detail = false;
	load(app);
}

static enum ui_key_result detail_key(enum action act)
{
	if (act == ACT_BACK || act == ACT_CANCEL) {
		mc.detail = false;
		return UI_DONE;
	}
	return ui_list_key(&mc.list, act) ? UI_DONE : UI_PASS;
}

static enum ui_key_result chart_key(enum action act)
{
	switch (act) {
	case ACT_MOVE_DOWN:
		if (mc.sel + 1 < mc.chart.nmonths)
			mc.sel++;
		return UI_DONE;
	case ACT_MOVE_UP:
		if (mc.sel > 0)
			mc.sel--;
		return UI_DONE;
	case ACT_MOVE_TOP:
		mc.sel = 0;
		return UI_DONE;
	case ACT_MOVE_BOTTOM:
		mc.sel = mc.chart.nmonths ? mc.chart.nmonths - 1 : 0;
		return UI_DONE;
	case ACT_ENTER:
		if (mc.known)
			detail_open();
		return UI_DONE;
	default:
		return UI_PASS;
	}
}

static enum ui_key_result chart_or_detail_key(struct app *app, enum action act)
{
	switch (act) {
	case ACT_MONEY_CHART:
		return UI_DONE;
	case ACT_NEXT_ACCOUNT:
	case ACT_PREV_ACCOUNT:
		cycle_account(app, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	default:
		break;
	}
	if (mc.detail)
		return detail_key(act);
	if (chart_key(act) == UI_DONE)
		return UI_DONE;
	return payments_run(app, act, mc.account_id[0] ? mc.account_id : NULL) ? UI_DONE : UI_PASS;
}

/* What a key changed is drawn at once (the selection, the chart or the month). */
static enum ui_key_result mc_key(struct app *app, enum action act, int key)
{
	enum ui_key_result r = chart_or_detail_key(app, act);

	(void)key;
	if (r == UI_DONE)
		ui_dirty(UI_DIRTY_PANE);
	return r;
}

static void mc_search(struct app *app, const char *text, int dir)
{
	(void)app;
	if (mc.detail)
		ui_list_search_say(&mc.list, ui_list_search(&mc.list, text, dir, opt.wrap_search), dir);
}

static void mc_open(struct app *app)
{
	mc.app = app;
	mc.load.done = loaded;
	mc.load.what = what_of;
	mc.known = false;
	mc.detail = false;
	mc.open = true;
	mc.sel = 0;
	ui_list_init(&mc.list, mc_cols, COL_COUNT, &mc_list_ops, app);
	load(app);
}

static void mc_close(struct app *app)
{
	(void)app;
	ui_load_drop(&mc.load);
	rows_free();
	ap_fee_book_free(&mc.book);
	mc.next_first[0] = '\0';
	model_free_charges(&mc.charges);
	memset(&mc.chart, 0, sizeof(mc.chart));
	mc.known = false;
	mc.open = false;
}

static void mc_reload(struct app *app)
{
	load(app);
}

void money_chart_show(struct app *app, const char *account_id)
{
	(void)app;
	snprintf(mc.account_id, sizeof(mc.account_id), "%s", account_id ? account_id : "");
	if (ui_front() != &chart_screen)
		ui_push(&chart_screen);
}

static const struct ui_hint mc_hints[] = {
	{ ACT_ENTER, N_("month's charges") },
	{ ACT_NEXT_ACCOUNT, N_("account") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint mc_month_hints[] = {
	{ ACT_BACK, N_("the chart") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *mc_hints_now(struct app *app)
{
	(void)app;
	return mc.detail ? mc_month_hints : mc_hints;
}

static const struct screen_ops chart_screen = {
	.name = "payments",
	.title = N_("Where the money goes"),
	.keymap = KEYMAP_PAYMENTS,
	.open = mc_open,
	.close = mc_close,
	.draw = mc_draw,
	.key = mc_key,
	.reload = mc_reload,
	.hints = mc_hints,
	.hints_now = mc_hints_now,
	.search = mc_search,
};
