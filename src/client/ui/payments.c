/* Screen 4, Payments: the payment history of every account (or of one) on the list
 * view, fetched by cursor a page at a time as the selection nears the last row loaded;
 * G and g are one request each whatever the size (G: the oldest page, order "asc",
 * shown reversed at the bottom, pages above it fetched as the selection nears the
 * top; the rows between are not loaded); the header places the selection in the
 * server's total ("12 of 100 000"). A filter by account, type, period and text (the
 * server's `q`) in a form over the list; a search not found among the rows loaded
 * asks the server (`q`); :date shows the history from a day back (payments_date).
 * And the way into the payment forms and sub-screens (payments_run). The rows and
 * their loading by cursor are paged.c's; the list measures only new pages. */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/paged.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/utf8.h"
#include "kabinet/model/model.h"
#include "kabinet/options.h"
#include "kabinet/model/history.h"
#include "kabinet/model/histwin.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/sums.h"
#include "kabinet/ui/tariffs_calc.h"

#define PAGE_LIMIT 200
/* The most characters of a search the server takes (docs/api.md, `q`). */
#define Q_MAX 64
/* No "from" in the filter: the whole history, not the API's last 365 days. */
#define FROM_ALL "1970-01-01"

enum req_kind { R_PAGE, R_PREV, R_ACCOUNTS };

enum col { COL_DATE, COL_ACCOUNT, COL_TYPE, COL_DESCRIPTION, COL_AMOUNT, COL_BALANCE, COL_COUNT };

/* The filter form's fields. */
enum {
	F_ACCOUNT,
	F_TYPE0,
	F_FROM = F_TYPE0 + HIST_TYPE_COUNT,
	F_TO,
	F_TEXT,
	F_APPLY,
	F_COUNT
};

struct prow {
	struct hist_row r;
	int64_t newer;		/* the sum of the amounts of the rows above it */
};

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct app *app;
	struct ui_paged pg;	/* the rows (struct prow), loaded by cursor (paged.h) */
	/* G: the rows came oldest first (order "asc") and are shown reversed, the oldest
	 * at the bottom; pages further up come as the selection nears the top row. */
	bool bottom;
	/* The pages held (histwin.h): the far ones dropped, asked for again by cursor. */
	struct histwin win;
	char asked[HISTWIN_CURSOR];	/* the cursor of the next page on its way */
	bool prev_fetching;		/* a dropped page before those held is on its way */
	bool has_total;		/* a page came with the filter's total */
	int64_t total;
	bool open;
	struct hist_filter filter;

	/* The filter form, over the list. */
	bool form_open;
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	size_t acc_choice;	/* 0: any account, else app->accounts.items[acc_choice - 1] */
	char form_acc_id[64];
	int cy, cx;
	uint64_t print;		/* of the filter's dates as the form opened */
} ps;

/* --- loading --- */

static struct prow *prow_at(size_t i)
{
	return ui_paged_row(&ps.pg, i);
}

/* Row `row` as shown: from the bottom, the array's last row is at the top. */
static struct prow *shown_at(size_t row)
{
	return prow_at(ps.bottom ? ps.pg.n - 1 - row : row);
}

static bool ask_page(struct app *app, const char *cursor, int kind)
{
	struct hist_filter f = ps.filter;

	f.asc = ps.bottom;
	if (!f.from[0])
		snprintf(f.from, sizeof(f.from), "%s", FROM_ALL);
	return ui_load_call(app, &ps.load, "getPaymentHistory", model_body_history(&f, PAGE_LIMIT, cursor),
			    kind, NULL);
}

static bool fetch_page(struct app *app, const char *cursor)
{
	snprintf(ps.asked, sizeof(ps.asked), "%s", cursor ? cursor : "");
	return ask_page(app, cursor, R_PAGE);
}

/* The page before those held, dropped earlier, again by its cursor. */
static void fetch_prev(struct app *app)
{
	const char *cursor = histwin_prev_cursor(&ps.win);

	if (!cursor || ps.prev_fetching || ps.load.failed)
		return;
	ps.prev_fetching = ask_page(app, cursor[0] ? cursor : NULL, R_PREV);
}

/* A row's description goes with it. */
static void free_row(void *r)
{
	free(((struct prow *)r)->r.description);
}

static const char *row_id(const void *r)
{
	return ((const struct prow *)r)->r.id;
}

static const struct ui_paged_ops ps_paged = {
	.size = sizeof(struct prow),
	.first_cap = 256,
	.what = N_("The payment history"),
	.fetch = fetch_page,
	.free_row = free_row,
	.row_id = row_id,
	/* The window holds a few pages, whatever the size of the history. */
	.max_rows = SIZE_MAX,
	.max_bytes = SIZE_MAX,
};

/* From the first page of the newest (or with `bottom` of the oldest, for G): what
 * was loaded goes, what is in flight is dropped. */
static void load_from(struct app *app, bool bottom)
{
	ps.bottom = bottom;
	ps.has_total = false;
	ps.prev_fetching = false;
	histwin_reset(&ps.win);
	ui_load_begin(&ps.load);
	ui_paged_drop(&ps.pg);
	ui_paged_begin(&ps.pg, false);
	ui_list_set_rows(&ps.list, 0, false);
	ps.list.sel = ps.list.top = 0;
	if (!app->accounts_known)
		ui_load_accounts(app, &ps.load, R_ACCOUNTS);
	ui_paged_fetch(app, &ps.pg);
}

static void reload(struct app *app)
{
	load_from(app, false);
}

/* The same filter read again (r): what is shown stays, with its count, until the
 * first page comes, so that a refresh that meets a fault blanks nothing. */
static void read_again(struct app *app)
{
	if (!ps.pg.n || ps.bottom) {
		load_from(app, ps.bottom);
		return;
	}
	ui_load_begin(&ps.load);
	ui_paged_begin(&ps.pg, true);
	ui_paged_fetch(app, &ps.pg);
}

/* The page's rows after those loaded, each with the sum of the amounts above it:
 * APPEND_BEYOND when a sum is beyond what can be added (nothing appended). */
enum append_result { APPEND_OK, APPEND_NO_MEMORY, APPEND_BEYOND };

/* The page's rows move here: the page keeps no description of them. */
static enum append_result append(struct hist_page *p)
{
	int64_t start = 0, *newer;
	size_t n = ps.pg.n;

	if (n && !figure_add(prow_at(n - 1)->newer, prow_at(n - 1)->r.amount, &start))
		return APPEND_BEYOND;
	if (!(newer = malloc((p->n + 1) * sizeof(*newer))))
		return APPEND_NO_MEMORY;
	if (!sums_history(p, start, newer)) {
		free(newer);
		return APPEND_BEYOND;
	}
	if (!ui_paged_reserve(&ps.pg, p->n)) {
		free(newer);
		return APPEND_NO_MEMORY;
	}
	for (size_t i = 0; i < p->n; i++) {
		prow_at(ps.pg.n)->r = p->items[i];
		p->items[i].description = NULL;
		prow_at(ps.pg.n)->newer = newer[i];
		ps.pg.n++;
	}
	free(newer);
	return APPEND_OK;
}

/* The rows of a page are in: only the new rows are measured (all of them when they
 * replaced the old). From the bottom they came above the rows shown, which keep their
 * place; the first page's selection is the oldest row, at the bottom. */
static void took_rows(bool replaced, size_t added)
{
	bool first = ps.pg.n == added;

	ui_list_set_rows(&ps.list, ps.pg.n, !replaced && !ps.bottom);
	if (!ps.bottom)
		return;
	if (first) {
		ps.list.sel = ps.pg.n ? ps.pg.n - 1 : 0;
		return;
	}
	ps.list.sel += added;
	ps.list.top += added;
}

/* The selection and the view follow rows that came or went before them in the list
 * as shown: before the array's start from the top, after its end from the bottom. */
static void shift_shown(bool at_start, size_t k, bool added)
{
	if (at_start == ps.bottom)
		return;
	if (added) {
		ps.list.sel += k;
		ps.list.top += k;
		return;
	}
	ps.list.sel = ps.list.sel >= k ? ps.list.sel - k : 0;
	ps.list.top = ps.list.top >= k ? ps.list.top - k : 0;
}

/* The k rows at the array's start or end go (what they hold freed). */
static void drop_rows(bool at_start, size_t k)
{
	size_t from = at_start ? 0 : ps.pg.n - k;

	for (size_t i = from; i < from + k; i++)
		free_row(prow_at(i));
	if (at_start)
		memmove(prow_at(0), prow_at(k), (ps.pg.n - k) * sizeof(struct prow));
	ps.pg.n -= k;
	shift_shown(at_start, k, false);
	ui_list_set_rows(&ps.list, ps.pg.n, false);
}

/* The window keeps HISTWIN_PAGES pages: the one at the far end from the page that
 * came goes (after: the first; before: the last, asked for again as the next page). */
static void keep_window(bool came_after)
{
	char cursor[HISTWIN_CURSOR];
	size_t k;

	if (!histwin_full(&ps.win))
		return;
	if (came_after) {
		drop_rows(true, histwin_drop_first(&ps.win));
		return;
	}
	if ((k = histwin_drop_last(&ps.win, cursor))) {
		drop_rows(false, k);
		snprintf(ps.pg.cursor, sizeof(ps.pg.cursor), "%s", cursor);
		ps.pg.more = true;
	}
}

/* A page dropped earlier came again: its rows go before those held, with the sums of
 * the amounts above them counted back from the first row held. */
static enum append_result prepend(struct hist_page *p)
{
	int64_t *newer, shift = 0;

	if (!(newer = malloc((p->n + 1) * sizeof(*newer))))
		return APPEND_NO_MEMORY;
	if (!sums_history(p, 0, newer) || (ps.pg.n && !figure_sub(prow_at(0)->newer, newer[p->n], &shift))) {
		free(newer);
		return APPEND_BEYOND;
	}
	if (!ui_paged_reserve(&ps.pg, p->n)) {
		free(newer);
		return APPEND_NO_MEMORY;
	}
	memmove(prow_at(p->n), prow_at(0), ps.pg.n * sizeof(struct prow));
	for (size_t i = 0; i < p->n; i++) {
		prow_at(i)->r = p->items[i];
		p->items[i].description = NULL;
		prow_at(i)->newer = newer[i] + shift;	/* the sums of rows held before */
	}
	ps.pg.n += p->n;
	free(newer);
	return APPEND_OK;
}

static void loaded_prev(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;
	struct hist_page page;
	enum append_result added;

	ps.prev_fetching = false;
	if (model_parse_history(reply->body, &page, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &ps.load, kind, key, err.msg);
		return;
	}
	added = histwin_prev_cursor(&ps.win) ? prepend(&page) : APPEND_OK;
	if (added != APPEND_OK) {
		model_free_history(&page);
		ui_load_fail(&ps.load, _("The payment history"),
			     added == APPEND_BEYOND ? sums_beyond_text() : _("Out of memory."), false);
		return;
	}
	if (histwin_took_prev(&ps.win, page.n))
		shift_shown(true, page.n, true);
	model_free_history(&page);
	keep_window(false);
	ui_list_set_rows(&ps.list, ps.pg.n, false);
	ui_dirty(UI_DIRTY_PANE);
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;

	if (kind == R_ACCOUNTS) {
		if (ui_load_took_accounts(app, &ps.load, kind, key, reply))
			ui_list_changed(&ps.list);
		return;
	}
	if (kind == R_PREV) {
		loaded_prev(app, kind, key, reply);
		return;
	}
	struct hist_page page;
	ui_paged_came(&ps.pg);
	if (model_parse_history(reply->body, &page, &err) != MODEL_OK) {
		ui_paged_failed(&ps.pg);
		ui_load_bad_reply(app, &ps.load, kind, key, err.msg);
		return;
	}
	/* The first page of a load, or one never taken: the guard sees it; a page asked
	 * for again after the window dropped it was seen. */
	bool first = !ps.pg.first_done || ps.pg.replacing;
	if (first || histwin_next_is_new(&ps.win)) {
		if (!ui_paged_guard(&ps.pg, page.n, reply->body_len, page.next_cursor)) {
			model_free_history(&page);
			return;
		}
	} else {
		ps.pg.verdict = page.next_cursor[0] ? PAGE_NEXT : PAGE_LAST;
	}
	/* Rows read again (new ones above, after a change): the selection stays on the
	 * row it was on while that row is still loaded, and the view where it was, so
	 * that the new rows show above it. */
	char sel_id[sizeof(((struct prow *)0)->r.id)];
	bool replaced = ui_paged_replace(&ps.pg, sel_id, sizeof(sel_id));
	size_t before = ps.pg.n;
	if (first)
		histwin_reset(&ps.win);
	enum append_result added = append(&page);
	if (added != APPEND_OK) {
		model_free_history(&page);
		ui_paged_failed(&ps.pg);
		ui_load_fail(&ps.load, _("The payment history"),
			     added == APPEND_BEYOND ? sums_beyond_text() : _("Out of memory."), false);
		return;
	}
	ui_paged_took(&ps.pg, page.next_cursor);
	histwin_took_next(&ps.win, ps.asked, page.n);
	ps.has_total = true;
	ps.total = page.total;
	model_free_history(&page);
	took_rows(replaced, ps.pg.n - before);
	keep_window(true);
	ui_paged_select(&ps.pg, sel_id);
	ui_paged_go_on(app, &ps.pg);
	ui_dirty(UI_DIRTY_PANE);
}

static void failed_item(struct app *app, int kind, const char *key)
{
	(void)app, (void)key;
	if (kind == R_PAGE)
		ui_paged_failed(&ps.pg);
	else if (kind == R_PREV)
		ps.prev_fetching = false;
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)key;
	snprintf(buf, size, "%s", kind != R_ACCOUNTS ? _("The payment history") : _("The list of accounts"));
}

/* --- rows --- */

/* The balance after each row, counted back from the account's balance now: honest only
 * when every row of the account from today back is here (one account, every type, no
 * end date) and its balance is known. */
static bool balance_hidden(void *ud)
{
	const struct account *a;

	(void)ud;
	if (!ps.filter.account_id[0] || ps.filter.types || ps.filter.to[0] || ps.filter.q[0] ||
	    ps.bottom)
		return true;
	a = app_find_account(ps.app, ps.filter.account_id);
	return !a || !a->bal.known;
}

/* One account shown: its number on every row says nothing. */
static bool account_hidden(void *ud)
{
	(void)ud;
	return ps.filter.account_id[0] != '\0';
}

static void signed_money(int64_t k, char *buf, size_t size)
{
	char m[60];

	ui_money(k, m, sizeof(m));
	snprintf(buf, size, "%s%s", k > 0 ? "+" : "", m);
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct hist_row *r;
	const struct account *a;
	int64_t after;

	(void)ud;
	buf[0] = '\0';
	if (row >= ps.pg.n)
		return;
	r = &shown_at(row)->r;
	switch ((enum col)col) {
	case COL_DATE:
		ui_date(r->date, false, buf, size);
		break;
	case COL_ACCOUNT:
		a = app_find_account(ps.app, r->account_id);
		snprintf(buf, size, "%s", a ? a->number : r->account_id);
		break;
	case COL_TYPE:
		snprintf(buf, size, "%s", r->type == HIST_UNKNOWN ? r->type_code : hist_type_name(r->type));
		break;
	case COL_DESCRIPTION:
		snprintf(buf, size, "%s", r->description);
		break;
	case COL_AMOUNT:
		signed_money(r->amount, buf, size);
		break;
	case COL_BALANCE:
		a = app_find_account(ps.app, ps.filter.account_id);
		if (a && a->bal.known && figure_sub(a->bal.balance, shown_at(row)->newer, &after))
			ui_money(after, buf, size);
		else if (a && a->bal.known)
			snprintf(buf, size, "%s", _("too large"));
		break;
	case COL_COUNT:
		break;
	}
}

/* The type abbreviated, for a column too narrow for its words. */
static void list_brief(void *ud, size_t row, int col, char *buf, size_t size)
{
	(void)ud;
	if (col == COL_TYPE && row < ps.pg.n && shown_at(row)->r.type != HIST_UNKNOWN)
		snprintf(buf, size, "%s", hist_type_brief(shown_at(row)->r.type));
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	const struct account *a;
	int64_t after;

	(void)ud;
	if (row >= ps.pg.n)
		return AREA_DEFAULT;
	if (col == COL_AMOUNT)
		return shown_at(row)->r.amount < 0 ? AREA_NEGATIVE : AREA_POSITIVE;
	if (col == COL_BALANCE && (a = app_find_account(ps.app, ps.filter.account_id)) &&
	    (!figure_sub(a->bal.balance, shown_at(row)->newer, &after) || after < 0))
		return AREA_NEGATIVE;
	return AREA_DEFAULT;
}

/* Several accounts' rows never lose their account; the type is abbreviated (brief)
 * before the description is cut, and only the balance goes when narrow. */
static const struct ui_col ps_cols[COL_COUNT] = {
	[COL_DATE] = { .title = N_("Date"), .align = UI_LEFT },
	[COL_ACCOUNT] = { .title = N_("Account"), .align = UI_LEFT, .hidden = account_hidden },
	[COL_TYPE] = { .title = N_("Type"), .align = UI_LEFT, .min = 7 },
	[COL_DESCRIPTION] = { .title = N_("Description"), .align = UI_LEFT, .min = 8 },
	[COL_AMOUNT] = { .title = N_("Amount"), .align = UI_RIGHT, .whole = true },
	[COL_BALANCE] = { .title = N_("Balance"), .align = UI_RIGHT, .whole = true, .drop = 1,
			  .hidden = balance_hidden },
};

static const struct ui_list_ops ps_list_ops = {
	.cell = list_cell,
	.area = list_area,
	.brief = list_brief,
};

/* --- the header: what is shown --- */

static void period_text(const struct hist_filter *f, char *buf, size_t size)
{
	char from[32], to[32];

	ui_date(f->from, false, from, sizeof(from));
	ui_date(f->to, false, to, sizeof(to));
	if (f->from[0] && f->to[0])
		snprintf(buf, size, _("%s to %s"), from, to);
	else if (f->from[0])
		snprintf(buf, size, _("since %s"), from);
	else if (f->to[0])
		snprintf(buf, size, _("until %s"), to);
	else
		snprintf(buf, size, "%s", _("the whole history"));
}

static void filter_text(char *buf, size_t size)
{
	const struct account *a = app_find_account(ps.app, ps.filter.account_id);
	char acc[64], types[256] = "", period[96];
	size_t used = 0;

	if (ps.filter.account_id[0])
		snprintf(acc, sizeof(acc), _("account %s"), a ? a->number : ps.filter.account_id);
	else
		snprintf(acc, sizeof(acc), "%s", _("all accounts"));
	if (!ps.filter.types)
		snprintf(types, sizeof(types), "%s", _("all types"));
	for (int t = 0; ps.filter.types && t < HIST_TYPE_COUNT && used < sizeof(types); t++)
		if (ps.filter.types & (1u << t))
			used += (size_t)snprintf(types + used, sizeof(types) - used, "%s%s",
						 used ? ", " : "", hist_type_name((enum hist_type)t));
	period_text(&ps.filter, period, sizeof(period));
	if (ps.filter.q[0])
		snprintf(buf, size, _("%s · %s · %s · containing “%s”"), acc, types, period, ps.filter.q);
	else
		snprintf(buf, size, "%s · %s · %s", acc, types, period);
}

/* "12 of 100 000": the selected row's place in the whole listing, by the server's
 * total; false while there is no total or no row. */
static bool where_text(char *buf, size_t size)
{
	char place[32], total[32];
	int64_t n = (int64_t)ps.pg.n, sel = (int64_t)ps.list.sel, pos;
	int64_t before = (int64_t)ps.win.rows_before;	/* dropped before the array's start */

	if (!ps.has_total || !n || ps.list.sel >= ps.pg.n || ps.load.failed)
		return false;
	pos = ps.bottom ? ps.total - before - (n - 1 - sel) : before + sel + 1;
	if (pos < 1 || pos > ps.total)
		return false;
	ui_number(pos, place, sizeof(place));
	ui_number(ps.total, total, sizeof(total));
	snprintf(buf, size, _("%s of %s"), place, total);
	return true;
}

static void draw_header(WINDOW *w, int cols)
{
	char filter[512], count[32], rows[160], state[256], at[96], shown_text[400], line[1024];
	/* Nothing of this load yet and nothing kept: not "0 rows, all loaded". */
	bool shown = ps.pg.first_done || ps.pg.replacing;

	filter_text(filter, sizeof(filter));
	ui_number((int64_t)ps.pg.n, count, sizeof(count));
	if (ps.pg.stopped && shown)	/* the guard's reason is on the bottom line */
		snprintf(state, sizeof(state),
			 ngettext("%s row, %s", "%s rows, %s", (unsigned long)(ps.pg.n % 1000000)), count,
			 _("the load stopped"));
	else {
		if (ps.load.failed)	/* the loader's rule says what became of the rest */
			snprintf(rows, sizeof(rows),
				 ngettext("%s row", "%s rows", (unsigned long)(ps.pg.n % 1000000)), count);
		else
			snprintf(rows, sizeof(rows),
				 ngettext("%s row, %s", "%s rows, %s", (unsigned long)(ps.pg.n % 1000000)),
				 count, !ps.pg.more ? _("all loaded") : ps.bottom ? _("more above") : _("more below"));
		ui_load_header(&ps.load, shown, NULL, rows, state, sizeof(state));
	}
	/* "12 of 100 000 · 200 rows, more below" */
	if (where_text(at, sizeof(at)))
		snprintf(shown_text, sizeof(shown_text), "%s · %s", at, state);
	else
		snprintf(shown_text, sizeof(shown_text), "%s", state);
	snprintf(line, sizeof(line), "%s — %s", filter, shown_text);
	/* What is loaded matters more than the filter when the line is cut: it goes first
	 * when narrow. */
	if (ui_width(line) > cols - 2)
		snprintf(line, sizeof(line), "%s — %s", shown_text, filter);
	ui_put(w, 0, 1, cols - 2, UI_LEFT, ps.load.failed ? AREA_ERROR : AREA_DEFAULT, line);
}

/* --- the filter form --- */

static const struct account *choice_account(struct app *app, size_t choice)
{
	return choice && choice <= app->accounts.n ? &app->accounts.items[choice - 1] : NULL;
}

static void show_choice(struct app *app)
{
	const struct account *a = choice_account(app, ps.acc_choice);
	struct ui_field *f = &ps.fields[F_ACCOUNT];

	snprintf(f->text, sizeof(f->text), "%s: < %s >", _("Account"),
		 a ? a->number : _("any account"));
	snprintf(ps.form_acc_id, sizeof(ps.form_acc_id), "%s", a ? a->id : "");
}

static bool english(void)
{
	return !strcmp(i18n_lang(), "en");
}

/* A date field: "" (none), or a day; false with the reason in the field. */
static bool field_day(struct ui_field *f, bool *given, int64_t *day)
{
	char text[64];
	enum tariffs_date st;

	ui_edit_get(&f->edit, text, sizeof(text));
	/* Far enough in the past that any date is "after today" and "too far": only the
	 * form and the calendar are checked here. */
	st = tariffs_block_date(text, true, INT64_C(-100000000), day);
	*given = st != TARIFFS_DATE_EMPTY;
	f->error[0] = '\0';
	if (st == TARIFFS_DATE_FORMAT)
		snprintf(f->error, sizeof(f->error), "%s",
			 english() ? _("Not a date: type it as YYYY-MM-DD or DD.MM.YYYY.")
				   : _("Not a date: type it as DD.MM.YYYY."));
	else if (st == TARIFFS_DATE_NO_SUCH)
		snprintf(f->error, sizeof(f->error), "%s", _("There is no such day in the calendar."));
	return f->error[0] == '\0';
}

static bool check_dates(void)
{
	bool gf, gt;
	int64_t from = 0, to = 0;
	bool ok = field_day(&ps.fields[F_FROM], &gf, &from);

	ok = field_day(&ps.fields[F_TO], &gt, &to) && ok;
	if (ok && gf && gt && from > to) {
		snprintf(ps.fields[F_TO].error, sizeof(ps.fields[F_TO].error), "%s",
			 _("The end is before the start."));
		ok = false;
	}
	return ok;
}

static bool check_types(void)
{
	bool any = false;

	for (int t = 0; t < HIST_TYPE_COUNT; t++)
		any |= ps.fields[F_TYPE0 + t].on;
	ps.fields[F_TYPE0].error[0] = '\0';
	if (!any)
		snprintf(ps.fields[F_TYPE0].error, sizeof(ps.fields[F_TYPE0].error), "%s",
			 _("Choose at least one type."));
	return any;
}

static void validate(struct ui_form *form, size_t index, void *ud)
{
	(void)form, (void)ud;
	if (index == F_FROM || index == F_TO)
		check_dates();
	else if (index >= F_TYPE0 && index < F_TYPE0 + HIST_TYPE_COUNT)
		check_types();
}

static void form_open(struct app *app)
{
	memset(ps.fields, 0, sizeof(ps.fields));
	ps.fields[F_ACCOUNT] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Account") };
	ps.acc_choice = 0;
	for (size_t i = 0; i < app->accounts.n; i++)
		if (!strcmp(app->accounts.items[i].id, ps.filter.account_id))
			ps.acc_choice = i + 1;
	show_choice(app);
	for (int t = 0; t < HIST_TYPE_COUNT; t++) {
		struct ui_field *f = &ps.fields[F_TYPE0 + t];
		*f = (struct ui_field){ .kind = UI_FIELD_TOGGLE,
					.label = hist_type_name((enum hist_type)t) };
		f->on = !ps.filter.types || (ps.filter.types & (1u << t));
	}
	ps.fields[F_FROM] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("From") };
	ps.fields[F_TO] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("To") };
	for (int i = F_FROM; i <= F_TO; i++) {
		const char *iso = i == F_FROM ? ps.filter.from : ps.filter.to;
		int64_t day;
		char text[32];
		ps.fields[i].edit.max = 16;
		snprintf(ps.fields[i].note, sizeof(ps.fields[i].note), "%s",
			 english() ? _("YYYY-MM-DD or DD.MM.YYYY") : _("DD.MM.YYYY"));
		if (date_iso_day(iso, &day)) {
			date_input(day, text, sizeof(text));
			ui_edit_set(&ps.fields[i].edit, text);
		}
	}
	ps.fields[F_TEXT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Text") };
	ps.fields[F_TEXT].edit.max = Q_MAX;
	snprintf(ps.fields[F_TEXT].note, sizeof(ps.fields[F_TEXT].note), "%s",
		 _("in the description, searched on the server"));
	ui_edit_set(&ps.fields[F_TEXT].edit, ps.filter.q);
	ps.fields[F_APPLY] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Apply") };
	ps.form = (struct ui_form){ .fields = ps.fields, .count = F_COUNT, .validate = validate };
	ps.form_open = true;
	ps.print = ui_form_print(&ps.form, 1u << F_ACCOUNT);
	ps.cy = ps.cx = -1;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void form_close(void)
{
	ps.form_open = false;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void form_apply(struct app *app)
{
	struct hist_filter f = { 0 };
	bool gf, gt, dates = check_dates(), types = check_types();
	int64_t from, to;

	if (!dates || !types) {
		ui_form_focus(&ps.form, !types ? F_TYPE0 : ps.fields[F_FROM].error[0] ? F_FROM : F_TO);
		return;
	}
	snprintf(f.account_id, sizeof(f.account_id), "%s", ps.form_acc_id);
	for (int t = 0; t < HIST_TYPE_COUNT; t++)
		if (ps.fields[F_TYPE0 + t].on)
			f.types |= 1u << t;
	if (f.types == (1u << HIST_TYPE_COUNT) - 1)
		f.types = 0;	/* every type: none named */
	if (field_day(&ps.fields[F_FROM], &gf, &from) && gf)
		date_iso(from, f.from);
	if (field_day(&ps.fields[F_TO], &gt, &to) && gt)
		date_iso(to, f.to);
	ui_edit_get(&ps.fields[F_TEXT].edit, f.q, sizeof(f.q));
	ps.filter = f;
	form_close();
	ui_list_changed(&ps.list);
	reload(app);
}

static enum ui_key_result form_key(struct app *app, enum action act, int key)
{
	size_t n = app->accounts.n + 1;

	if (act == ACT_CANCEL || act == ACT_BACK) {
		if (!ui_discard_ask(app, act, key))
			form_close();
		return UI_DONE;
	}
	/* Space or the arrows choose; Enter applies, on every line, as the form says. */
	if (ps.form.focus == F_ACCOUNT &&
	    (key == KEY_RIGHT || key == KEY_LEFT || key == KEYS_CHR(' '))) {
		ps.acc_choice = (ps.acc_choice + (key == KEY_LEFT ? n - 1 : 1)) % n;
		show_choice(app);
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	}
	if (act == ACT_ENTER && ps.fields[ps.form.focus].kind == UI_FIELD_TOGGLE) {
		form_apply(app);
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	}
	switch (ui_form_key(&ps.form, act, key)) {
	case UI_FORM_SUBMIT:
		form_apply(app);
		break;
	case UI_FORM_HANDLED:
		break;
	case UI_FORM_PASS:
		/* Keys of the screen behind the form wait until it is closed; the engine's
		 * (help, screens, quit) still work. */
		if (act == ACT_HELP || act == ACT_QUIT || act == ACT_REDRAW || act == ACT_COMMAND_PROMPT)
			return UI_PASS;
		break;
	}
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static void form_draw(WINDOW *w, int rows, int cols)
{
	int focus_row, h = ui_form_height(&ps.form, &focus_row), y = 2;

	ui_put(w, 0, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
	       _("Filter the history: Space or arrows choose, Enter applies, Esc cancels."));
	/* Scrolled so that the focused field shows on a small window. */
	if (focus_row + 1 > rows - y)
		y = rows - 1 - focus_row;
	(void)h;
	ui_form_draw(w, y, 1, cols - 2, &ps.form, &ps.cy, &ps.cx);
}

/* --- the screen --- */

static void ps_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024];
	int body;

	(void)app;
	if (ps.form_open) {
		form_draw(pane, rows, cols);
		return;
	}
	draw_header(pane, cols);
	if (rows < 2)
		return;
	if (ps.pg.n == 0) {
		const char *text;
		enum color_area area = AREA_DEFAULT;
		if (ps.load.failed) {
			text = ui_load_status(&ps.load, line, sizeof(line));
			area = AREA_ERROR;
		} else if (!ps.pg.first_done) {
			text = _("Loading the payment history...");
		} else {
			text = _("No payments in this period.");
		}
		ui_put(pane, 2, 1, cols - 2, UI_LEFT, area, text);
		if (ps.pg.first_done && !ps.load.failed && rows > 3)
			ui_put(pane, 3, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
			       _("Press f to change the filter."));
		return;
	}
	body = rows - 1;
	if (ps.load.failed && body > 2)
		body--;
	/* What became of money sent earlier, over the rows: at most three lines. */
	if (ui_intents_shown() && body > 4) {
		int used = ui_intents_draw(app, pane, 1, 1 + (body - 1 < 3 ? body - 1 : 3), cols);
		ui_list_draw(&ps.list, pane, 1 + used, body - used, cols);
	} else {
		ui_list_draw(&ps.list, pane, 1, body, cols);
	}
	if (ps.load.failed && rows > 3)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&ps.load, line, sizeof(line)));
}

/* The account an action of the payments keymap is for: the selected row's, else the
 * filter's, else none. */
static const char *action_account(void)
{
	if (ps.pg.n && ps.list.sel < ps.pg.n)
		return shown_at(ps.list.sel)->r.account_id;
	return ps.filter.account_id[0] ? ps.filter.account_id : NULL;
}

bool payments_run(struct app *app, enum action act, const char *account_id)
{
	switch (act) {
	case ACT_PAY:
		pay_show(app, account_id, 0);
		return true;
	case ACT_TRANSFER:
		transfer_show(app, account_id);
		return true;
	case ACT_PROMISED_PAYMENT:
		promised_show(app, account_id);
		return true;
	case ACT_BIND_CARD:
		pay_bind_card(app, NULL);
		return true;
	case ACT_SHOW_CARDS:
	case ACT_UNBIND_CARD:
		cards_show(app);
		return true;
	case ACT_SHOW_INVOICES:
		invoices_show(app, account_id);
		return true;
	case ACT_MONEY_CHART:
		money_chart_show(app, NULL);	/* all accounts; ] and [ pick one */
		return true;
	default:
		return false;
	}
}

/* The next page once the selection is within a screen of the last row loaded: below
 * from the top, above from the bottom. */
static void more_if_near(struct app *app)
{
	size_t page = ps.list.page > 0 ? (size_t)ps.list.page : 20;

	size_t from_start = ps.bottom ? ps.pg.n - 1 - ps.list.sel : ps.list.sel;

	if (!ps.bottom)
		ui_paged_maybe_more(app, &ps.pg);
	else if (ps.pg.first_done && ps.pg.more && !ps.pg.fetching && !ps.load.failed &&
		 ps.list.sel <= page + 1)
		ui_paged_fetch(app, &ps.pg);
	/* The rows dropped before the window's first: again when the selection nears it. */
	if (ps.pg.n && ps.list.sel < ps.pg.n && from_start <= page + 1)
		fetch_prev(app);
}

/* G and g: within the rows loaded when the end is among them, else one request for
 * the first page from that end (the oldest page for G, shown at the bottom). */
static void jump(struct app *app, enum action act)
{
	bool to_bottom = act == ACT_MOVE_BOTTOM;
	/* From the top the array's start is the top; from the bottom, the bottom. */
	bool at_start = to_bottom == ps.bottom;
	bool end_loaded = at_start ? ps.pg.first_done && !ps.win.before
				   : ps.pg.first_done && !ps.pg.more && !ps.load.failed;

	if (end_loaded)
		ui_list_key(&ps.list, act);
	else
		load_from(app, to_bottom);
	ui_dirty(UI_DIRTY_PANE);
}

/* ] and [: the history of the next or previous account, then of all of them. */
static void cycle_account(struct app *app, int dir)
{
	snprintf(ps.filter.account_id, sizeof(ps.filter.account_id), "%s",
		 model_account_step(&app->accounts, ps.filter.account_id, dir));
	reload(app);
}

static enum ui_key_result ps_key(struct app *app, enum action act, int key)
{
	char id[64];

	if (ps.form_open)
		return form_key(app, act, key);
	switch (act) {
	case ACT_HISTORY_FILTER:
		form_open(app);
		return UI_DONE;
	case ACT_NEXT_ACCOUNT:
	case ACT_PREV_ACCOUNT:
		cycle_account(app, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	case ACT_MOVE_BOTTOM:
	case ACT_MOVE_TOP:
		jump(app, act);
		return UI_DONE;
	default:
		break;
	}
	/* The action's account copied: the call may reload the rows. */
	snprintf(id, sizeof(id), "%s", action_account() ? action_account() : "");
	if (payments_run(app, act, id[0] ? id : NULL))
		return UI_DONE;
	if (!ui_list_key(&ps.list, act))
		return UI_PASS;
	if (ps.bottom ? act == ACT_MOVE_UP || act == ACT_PAGE_UP
		      : act == ACT_MOVE_DOWN || act == ACT_PAGE_DOWN)
		ui_paged_resume(app, &ps.pg);
	more_if_near(app);
	return UI_DONE;
}

/* A search finds the rows loaded first; one that is not among them while rows are
 * not loaded asks the server for the rows that contain it (`q`): the history then
 * shows only those, as the filter's text, and n and N move between them. */
static void ps_search(struct app *app, const char *text, int dir)
{
	enum ui_search_result r = ui_list_search(&ps.list, text, dir, opt.wrap_search);

	if (r == UI_SEARCH_NONE && text && text[0] && (ps.pg.more || ps.win.before) &&
	    utf8_chars(text) <= Q_MAX &&
	    strcmp(text, ps.filter.q)) {
		snprintf(ps.filter.q, sizeof(ps.filter.q), "%s", text);
		ui_message(UI_MSG_INFO, "%s", _("Not among the rows loaded: searching the whole history."));
		reload(app);
		return;
	}
	ui_list_search_say(&ps.list, r, dir);
	more_if_near(app);
}

static int ps_tick(struct app *app)
{
	more_if_near(app);
	return -1;
}

static bool ps_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (!ps.form_open || ps.cy < 0)
		return false;
	*y = ps.cy;
	*x = ps.cx;
	return true;
}

static void ps_open(struct app *app)
{
	ps.app = app;
	ps.open = true;
	ps.load.done = loaded;
	ps.load.what = what_of;
	ps.load.failed_item = failed_item;
	ui_list_init(&ps.list, ps_cols, COL_COUNT, &ps_list_ops, app);
	ps.pg.ops = &ps_paged;
	ps.pg.load = &ps.load;
	ps.pg.list = &ps.list;
	ps.form_open = false;
	/* Money may have moved since the last time: read from the first page, and what
	 * was sent earlier and never settled is asked about. */
	reload(app);
	ui_intents_settle(app);
}

static void ps_close(struct app *app)
{
	(void)app;
	ps.open = false;
	ui_load_drop(&ps.load);
	ui_paged_free(&ps.pg);
	histwin_free(&ps.win);
	ps.prev_fetching = false;
	ps.form_open = false;
}

/* A change moved money: the first page and its count read again as r does (the rows
 * shown stay until it comes); a new balance measured in the balance column. */
void payments_moved(struct app *app, bool history)
{
	if (!ps.open)
		return;
	if (history)
		read_again(app);
	else if (!balance_hidden(NULL))
		ui_list_changed(&ps.list);
}

void payments_date(struct app *app, const char *iso)
{
	snprintf(ps.filter.to, sizeof(ps.filter.to), "%s", iso);
	if (ps.filter.from[0] && strcmp(ps.filter.from, ps.filter.to) > 0)
		ps.filter.from[0] = '\0';
	ui_list_changed(&ps.list);
	if (ps.open && ui_front() == &payments_screen)
		reload(app);
	else
		ui_switch(&payments_screen);
}

static void ps_reload(struct app *app)
{
	if (ps.form_open)
		return;
	read_again(app);
	ui_intents_settle(app);
}

static const struct ui_hint ps_hints[] = {
	{ ACT_PAY, N_("pay") },
	{ ACT_TRANSFER, N_("transfer") },
	{ ACT_PROMISED_PAYMENT, N_("promised") },
	{ ACT_SHOW_CARDS, N_("cards") },
	{ ACT_SHOW_INVOICES, N_("invoices") },
	{ ACT_HISTORY_FILTER, N_("filter") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint ps_form_hints[] = {
	{ ACT_ENTER, N_("apply") },
	{ ACT_CANCEL, N_("cancel") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *ps_hints_now(struct app *app)
{
	(void)app;
	return ps.form_open ? ps_form_hints : ps_hints;
}

static bool ps_typed(struct app *app)
{
	(void)app;
	return ps.form_open && ui_form_print(&ps.form, 1u << F_ACCOUNT) != ps.print;
}

/* The list's actions; with the filter form open, the form's. */
static bool ps_accepts(struct app *app, enum action act)
{
	return ps.form_open ? ui_form_accepts(app, act) : ui_list_accepts(app, act);
}

static const struct ui_key_doc ps_form_keys[] = {
	{ N_("Space, Left, Right"), N_("Another account, or any (on the Account line)"), ACT_NONE },
	{ N_("Space"), N_("Tick or clear the type (on a type's line)"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the date in focus"), ACT_NONE },
	{ NULL, N_("Apply the filter"), ACT_ENTER },
	{ NULL, N_("Close the form; the filter stays as it was"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *ps_own_keys(struct app *app)
{
	(void)app;
	return ps.form_open ? ps_form_keys : NULL;
}

static bool ps_typing(struct app *app)
{
	(void)app;
	return ps.form_open;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result ps_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, ps.form_open ? &ps.form : NULL, ps_key, text, len);
}

const struct screen_ops payments_screen = {
	.name = "payments",
	.title = N_("Payments"),
	.keymap = KEYMAP_PAYMENTS,
	.top_level = true,
	.open = ps_open,
	.close = ps_close,
	.draw = ps_draw,
	.key = ps_key,
	.reload = ps_reload,
	.tick = ps_tick,
	.cursor = ps_cursor,
	.hints = ps_hints,
	.hints_now = ps_hints_now,
	.search = ps_search,
	.typed = ps_typed,
	.accepts = ps_accepts,
	.own_keys = ps_own_keys,
	.typing = ps_typing,
	.paste = ps_paste,
};
