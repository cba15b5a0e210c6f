/* Screen 1, the overview: every attached account with its balance and what is due,
 * the bonus balance, warnings. Loading takes two round trips whatever the number of
 * accounts: getAccounts (with getFplStatus and getProfile beside it), then every
 * getAccountBalanceV2 and the tariff names (100 services a call) at once; the api
 * runs them a few connections at a time. */
#include "kabinet/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model.h"
#include "kabinet/options.h"
#include "kabinet/text.h"

enum req_kind { R_ACCOUNTS, R_BONUS, R_PROFILE, R_AUTOPAY, R_BALANCE, R_TARIFFS };

struct req {
	struct app *app;
	unsigned gen;
	enum req_kind kind;
	char account_id[64];
};

static struct {
	unsigned gen;		/* replies of an older refresh are dropped */
	int pending;
	bool failed;		/* something of this refresh failed */
	int nfailed;		/* how many of its requests did */
	bool cancelled;		/* the first failure was Esc */
	char error[512];	/* the first failure, shown until the next success */
	size_t sel;
	size_t top;		/* first account row shown */
	int list_rows;		/* account rows that fit, at the last draw */
	unsigned data_gen;	/* counts changes of what the rows show */
	time_t next_auto;	/* refresh_interval */
} ov;

static void on_reply(void *ud, const struct api_reply *reply);

static void call(struct app *app, const char *method, char *body, enum req_kind kind,
		 const char *account_id)
{
	struct req *r = malloc(sizeof(*r));

	if (!r || !body) {
		free(r);
		model_free_secret_body(body);
		ov.failed = true;
		snprintf(ov.error, sizeof(ov.error), "%s", _("Out of memory."));
		return;
	}
	*r = (struct req){ app, ov.gen, kind, "" };
	if (account_id)
		snprintf(r->account_id, sizeof(r->account_id), "%s", account_id);
	if (api_call(app->api, method, body, API_READ, on_reply, r)) {
		ov.pending++;
		app->loading++;
	} else {
		free(r);
		ov.failed = true;
		snprintf(ov.error, sizeof(ov.error), _("Cannot connect to the server %s."), app->host);
	}
	model_free_secret_body(body);
}

static char *empty_body(void)
{
	return strdup("{}");
}

static void load(struct app *app)
{
	ov.gen++;
	ov.pending = 0;
	app->loading = 0;
	ov.failed = false;
	ov.nfailed = 0;
	/* Round one: what does not depend on the list of accounts goes with it. */
	call(app, "getAccounts", empty_body(), R_ACCOUNTS, NULL);
	call(app, "getFplStatus", empty_body(), R_BONUS, NULL);
	call(app, "getProfile", empty_body(), R_PROFILE, NULL);
	call(app, "getAutopayRules", empty_body(), R_AUTOPAY, NULL);
	if (opt.refresh_interval)
		ov.next_auto = time(NULL) + (time_t)opt.refresh_interval;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* Round two: every balance and the tariff names, all at once. */
static void load_details(struct app *app)
{
	size_t services = model_count_services(&app->accounts);

	for (size_t i = 0; i < app->accounts.n; i++) {
		struct account *a = &app->accounts.items[i];
		a->bal.failed = false;
		call(app, "getAccountBalanceV2", model_body_account(a->id), R_BALANCE, a->id);
	}
	for (size_t skip = 0; skip < services; skip += MODEL_TARIFF_BATCH)
		call(app, "getServiceTariffName",
		     model_body_services(&app->accounts, skip, MODEL_TARIFF_BATCH), R_TARIFFS, NULL);
}

/* A new list keeps the figures of the old one until the new ones come, so a refresh
 * does not blank the screen. */
static void take_accounts(struct app *app, struct account_list *fresh)
{
	for (size_t i = 0; i < fresh->n; i++)
		for (size_t k = 0; k < app->accounts.n; k++) {
			const struct account *old = &app->accounts.items[k];
			struct account *a = &fresh->items[i];
			if (strcmp(old->id, a->id))
				continue;
			a->bal = old->bal;
			for (size_t s = 0; s < a->nservices; s++)
				for (size_t t = 0; t < old->nservices; t++)
					if (!strcmp(a->services[s].id, old->services[t].id))
						snprintf(a->services[s].tariff,
							 sizeof(a->services[s].tariff), "%s",
							 old->services[t].tariff);
		}
	model_free_accounts(&app->accounts);
	app->accounts = *fresh;
	app->accounts_known = true;
	ov.data_gen++;
	if (ov.sel >= app->accounts.n)
		ov.sel = app->accounts.n ? app->accounts.n - 1 : 0;
}

static struct account *find_account(struct app *app, const char *id)
{
	for (size_t i = 0; i < app->accounts.n; i++)
		if (!strcmp(app->accounts.items[i].id, id))
			return &app->accounts.items[i];
	return NULL;
}

/* What a request was for, in words: a failure names it. */
static void what_of(const struct app *app, const struct req *r, char *buf, size_t size)
{
	const struct account *a;

	switch (r->kind) {
	case R_ACCOUNTS:
		snprintf(buf, size, "%s", _("The list of accounts"));
		break;
	case R_BONUS:
		snprintf(buf, size, "%s", _("The bonus points"));
		break;
	case R_PROFILE:
		snprintf(buf, size, "%s", _("The profile"));
		break;
	case R_AUTOPAY:
		snprintf(buf, size, "%s", _("The autopay rules"));
		break;
	case R_BALANCE:
		a = find_account((struct app *)app, r->account_id);
		snprintf(buf, size, _("The balance of %s"), a ? a->number : "?");
		break;
	case R_TARIFFS:
		snprintf(buf, size, "%s", _("The tariff names"));
		break;
	}
}

/* The first failure of a refresh is the one told, with what it was for; the others
 * are counted. A cancel (Esc) is told as such, not as an error. */
static void note_failure(const char *what, const char *text, bool cancelled)
{
	if (!ov.failed) {
		ov.cancelled = cancelled;
		if (cancelled)
			snprintf(ov.error, sizeof(ov.error), "%s", text);
		else
			snprintf(ov.error, sizeof(ov.error), "%s: %s", what, text);
		if (!cancelled)
			ui_message(UI_MSG_ERROR, "%s", ov.error);
	}
	ov.failed = true;
	ov.nfailed++;
}

static void fail(struct app *app, const struct req *r, const struct api_reply *reply)
{
	char text[512], what[128];

	if (reply->fail == API_FAIL_NONE && reply->err == APIERR_UNAUTHORIZED) {
		/* The session ended and the remember token could not renew it. */
		ov.gen++;
		snprintf(app->start_note, sizeof(app->start_note), "%s",
			 _("The session has ended: log in again."));
		ui_switch(&login_screen);
		return;
	}
	if (r->kind == R_BALANCE) {
		struct account *a = find_account(app, r->account_id);
		if (a)
			a->bal.failed = true;
	}
	what_of(app, r, what, sizeof(what));
	note_failure(what, app_reply_text(app, reply, text, sizeof(text)),
		     reply->fail == API_FAIL_CANCELLED);
}

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct req *r = ud;
	struct app *app = r->app;
	struct model_err err;
	bool ok = true;

	if (r->gen != ov.gen) {
		free(r);
		return;
	}
	ov.pending--;
	ov.data_gen++;
	if (app->loading)
		app->loading--;
	ui_dirty(UI_DIRTY_PANE);
	if (!app_reply_ok(reply)) {
		fail(app, r, reply);
		free(r);
		return;
	}
	switch (r->kind) {
	case R_ACCOUNTS: {
		struct account_list fresh = { 0 };
		ok = model_parse_accounts(reply->body, &fresh, &err) == MODEL_OK;
		if (ok) {
			take_accounts(app, &fresh);
			load_details(app);
		}
		break;
	}
	case R_BONUS:
		ok = model_parse_bonus(reply->body, &app->bonus, &err) == MODEL_OK;
		app->bonus_known |= ok;
		break;
	case R_PROFILE:
		ok = model_parse_profile(reply->body, &app->profile, &err) == MODEL_OK;
		app->profile_known |= ok;
		ui_dirty(UI_DIRTY_TOP);
		break;
	case R_AUTOPAY: {
		struct autopay_list fresh;
		ok = model_parse_declined_autopay(reply->body, &fresh, &err) == MODEL_OK;
		if (ok) {
			model_free_autopay(&app->autopay_declined);
			app->autopay_declined = fresh;
		}
		break;
	}
	case R_BALANCE: {
		struct account *a = find_account(app, r->account_id);
		struct balance b;
		ok = model_parse_balance(reply->body, &b, &err) == MODEL_OK;
		if (ok && a)
			a->bal = b;
		else if (a)
			a->bal.failed = true;
		break;
	}
	case R_TARIFFS:
		ok = model_apply_tariff_names(reply->body, &app->accounts, &err) == MODEL_OK;
		break;
	}
	if (!ok) {
		char what[128], text[256];
		what_of(app, r, what, sizeof(what));
		snprintf(text, sizeof(text), _("the server's answer could not be understood (%s)"),
			 err.msg);
		note_failure(what, text, false);
	}
	free(r);
	if (ov.pending == 0 && !ov.failed) {
		app->updated = time(NULL);
		ov.error[0] = '\0';
	}
}

/* --- drawing --- */

enum col { COL_NUMBER, COL_REGION, COL_SYSTEM, COL_BALANCE, COL_DUE, COL_DAYS, COL_PROMISED,
	   COL_COUNT };

static const struct {
	const char *title;
	enum ui_align align;
	int drop;		/* dropped first when narrow: higher goes first; 0 never */
} cols_info[COL_COUNT] = {
	[COL_NUMBER] = { N_("Account"), UI_LEFT, 0 },
	[COL_REGION] = { N_("Region"), UI_LEFT, 3 },
	[COL_SYSTEM] = { N_("Billing"), UI_LEFT, 5 },
	[COL_BALANCE] = { N_("Balance"), UI_RIGHT, 0 },
	[COL_DUE] = { N_("To pay"), UI_RIGHT, 1 },
	[COL_DAYS] = { N_("Locks in"), UI_RIGHT, 2 },
	[COL_PROMISED] = { N_("Promised"), UI_RIGHT, 4 },
};

#define GAP 2		/* between columns; 1 when that makes every column fit */
#define REGION_MIN 8

/* "27.11.2026" / "Nov 27, 2026" from an RFC 3339 instant or a date; with `brief`,
 * a date of this year without the year ("27.11" / "Nov 27"). */
static void date_text(const char *iso, bool brief, char *buf, size_t size)
{
	static const char *const months[] = { N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
					      N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
					      N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec") };
	int y, m, d;
	time_t now = time(NULL);
	struct tm tm;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(buf, size, "%s", iso);
		return;
	}
	localtime_r(&now, &tm);
	brief = brief && y == tm.tm_year + 1900;
	if (i18n_money_style() == MONEY_RU)
		snprintf(buf, size, brief ? "%02d.%02d" : "%02d.%02d.%04d", d, m, y);
	else if (brief)
		snprintf(buf, size, "%s %d", _(months[m - 1]), d);
	else
		snprintf(buf, size, "%s %d, %04d", _(months[m - 1]), d, y);
}

static void short_date(const char *iso, char *buf, size_t size)
{
	date_text(iso, false, buf, size);
}

static void cell(const struct account *a, enum col c, char *buf, size_t size)
{
	const struct balance *b = &a->bal;
	char money[64], date[32];

	buf[0] = '\0';
	switch (c) {
	case COL_NUMBER:
		snprintf(buf, size, "%s", a->number);
		break;
	case COL_REGION:
		snprintf(buf, size, "%s", a->region);
		break;
	case COL_SYSTEM:
		snprintf(buf, size, "%s", a->credit ? _("credit") : _("advance"));
		break;
	case COL_BALANCE:
		if (b->known)
			ui_money(b->balance, buf, size);
		else if (b->failed)
			snprintf(buf, size, "%s", _("not loaded"));
		else
			snprintf(buf, size, "%s", ui_ellipsis());
		break;
	case COL_DUE:
		if (b->known)
			snprintf(buf, size, "%s", b->recommended > 0 ? ui_money(b->recommended, money, sizeof(money)) : "—");
		break;
	case COL_DAYS:
		if (!b->known)
			break;
		if (!b->has_days_to_lock)
			snprintf(buf, size, "—");
		else if (b->days_to_lock <= 0)	/* blocked already; never "-3 days" */
			snprintf(buf, size, "%s", _("now"));
		else
			snprintf(buf, size,
				 ngettext("%lld day", "%lld days", (unsigned long)(b->days_to_lock % 1000000)),
				 (long long)b->days_to_lock);
		break;
	case COL_PROMISED:
		if (!b->known)
			break;
		if (!b->has_promised) {
			snprintf(buf, size, "—");
			break;
		}
		ui_money(b->promised_amount, money, sizeof(money));
		if (b->promised_expires[0]) {
			date_text(b->promised_expires, true, date, sizeof(date));
			snprintf(buf, size, _("%s till %s"), money, date);
		} else {
			snprintf(buf, size, "%s", money);
		}
		break;
	case COL_COUNT:
		break;
	}
}

/* Column widths for `cols` columns, 0 for a column dropped, and the gap between
 * them. Narrow first costs the region its length, then a column's gap, and only
 * then columns, the least important first. */
/* The width each column wants: its widest cell. Measuring every row is work in
 * proportion to the list, so it is done once per change of the data, the language
 * or the ASCII folding, not on every redraw. */
static void natural_widths(const struct app *app, int width[COL_COUNT])
{
	static struct {
		bool valid;
		unsigned data_gen, flags;
		const char *lang;
		int width[COL_COUNT];
	} cache;

	if (!cache.valid || cache.data_gen != ov.data_gen || cache.flags != ui_text_flags() ||
	    cache.lang != i18n_lang()) {
		for (int c = 0; c < COL_COUNT; c++) {
			cache.width[c] = ui_width(_(cols_info[c].title));
			for (size_t i = 0; i < app->accounts.n; i++) {
				char buf[256];
				cell(&app->accounts.items[i], (enum col)c, buf, sizeof(buf));
				if (ui_width(buf) > cache.width[c])
					cache.width[c] = ui_width(buf);
			}
		}
		cache.valid = true;
		cache.data_gen = ov.data_gen;
		cache.flags = ui_text_flags();
		cache.lang = i18n_lang();
	}
	memcpy(width, cache.width, sizeof(cache.width));
}

static int plan(const struct app *app, int cols, int width[COL_COUNT])
{
	int total = 1, shown = 0, gap = GAP;	/* 1: the left margin */

	natural_widths(app, width);
	/* Promised payments are rare: their column shows only while one is active. */
	bool any_promise = false;
	for (size_t i = 0; i < app->accounts.n; i++)
		any_promise |= app->accounts.items[i].bal.known && app->accounts.items[i].bal.has_promised;
	if (!any_promise)
		width[COL_PROMISED] = 0;
	for (int c = 0; c < COL_COUNT; c++)
		if (width[c]) {
			total += width[c];
			shown++;
		}
	total += (shown - 1) * gap;
	if (total > cols && width[COL_REGION] > REGION_MIN) {
		int cut = total - cols;
		if (cut > width[COL_REGION] - REGION_MIN)
			cut = width[COL_REGION] - REGION_MIN;
		width[COL_REGION] -= cut;
		total -= cut;
	}
	if (total > cols) {
		total -= shown - 1;
		gap = 1;
	}
	for (int drop = 5; drop >= 1 && total > cols; drop--)
		for (int c = 0; c < COL_COUNT; c++)
			if (cols_info[c].drop == drop && width[c]) {
				total -= width[c] + gap;
				width[c] = 0;
			}
	return gap;
}

static int draw_row(WINDOW *pane, int y, int cols, const int width[COL_COUNT], int gap,
		    const struct account *a, bool header, bool selected)
{
	int x = 1;
	attr_t base_attr = selected ? ui_attr(AREA_CURSOR) : A_NORMAL;
	short base_pair = selected ? ui_pair(AREA_CURSOR) : 0;

	if (header) {
		base_attr = A_BOLD;
		base_pair = ui_pair(AREA_DEFAULT);
	}
	if (selected) {
		wattr_set(pane, base_attr, base_pair, NULL);
		mvwhline(pane, y, 0, ' ', cols);
		wattr_set(pane, A_NORMAL, 0, NULL);
	}
	for (int c = 0; c < COL_COUNT; c++) {
		char buf[256];
		attr_t attr = base_attr;
		short pair = base_pair;

		if (!width[c])
			continue;
		if (x >= cols)
			break;
		if (header) {
			snprintf(buf, sizeof(buf), "%s", _(cols_info[c].title));
		} else {
			cell(a, (enum col)c, buf, sizeof(buf));
			if (c == COL_BALANCE && a->bal.known && a->bal.balance < 0) {
				attr |= ui_attr(AREA_NEGATIVE);
				pair = ui_pair(AREA_NEGATIVE);
			} else if (c == COL_DAYS && a->bal.known && a->bal.has_days_to_lock) {
				attr |= ui_attr(AREA_WARNING);
				pair = ui_pair(AREA_WARNING);
			}
		}
		/* A figure is shown whole or not at all: "830,…" would be a lie. */
		if (!header && (c == COL_BALANCE || c == COL_DUE || c == COL_PROMISED) &&
		    ui_width(buf) > cols - x)
			snprintf(buf, sizeof(buf), "%s", ui_ellipsis());
		ui_put_attr(pane, y, x, width[c] < cols - x ? width[c] : cols - x,
			    cols_info[c].align, attr, pair, buf);
		x += width[c] + gap;
	}
	return 1;
}

/* The bonus: points and level on one line, the points that burn soonest on the next. */
static int draw_bonus(struct app *app, WINDOW *pane, int y, int rows, int cols)
{
	char line[512], num[64], date[32], part[256];
	int used = 0;
	size_t n;

	if (!app->bonus_known) {
		snprintf(line, sizeof(line), "%s %s", _("Bonus:"), ui_ellipsis());
	} else if (!app->bonus.active) {
		snprintf(line, sizeof(line), "%s",
			 _("Bonus program: you have not joined it yet (screen 6)."));
	} else {
		ui_number(app->bonus.points, num, sizeof(num));
		n = (size_t)snprintf(line, sizeof(line),
				     ngettext("Bonus: %s point", "Bonus: %s points",
					      (unsigned long)(app->bonus.points % 1000000)),
				     num);
		if (app->bonus.level_name[0] && n < sizeof(line)) {
			short_date(app->bonus.level_expires, date, sizeof(date));
			snprintf(part, sizeof(part),
				 app->bonus.level_expires[0] ? _(", level '%s' till %s") : _(", level '%s'"),
				 app->bonus.level_name, date);
			snprintf(line + n, sizeof(line) - n, "%s", part);
		}
	}
	ui_put(pane, y + used++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	if (app->bonus_known && app->bonus.active && app->bonus.burning_points > 0 &&
	    y + used < rows) {
		ui_number(app->bonus.burning_points, num, sizeof(num));
		short_date(app->bonus.burning_date, date, sizeof(date));
		snprintf(line, sizeof(line),
			 ngettext("%s point burns on %s unless spent",
				  "%s points burn on %s unless spent",
				  (unsigned long)(app->bonus.burning_points % 1000000)),
			 num, date);
		ui_put(pane, y + used++, 1 + 2, cols - 4, UI_LEFT, AREA_DEFAULT, line);
	}
	return used;
}

/* Warnings: services blocked for debt or by the operator. */
static int draw_warnings(struct app *app, WINDOW *pane, int y, int rows, int cols)
{
	int used = 0;
	const char *mark = "⚠";	/* "!" when folded to ASCII */

	for (size_t i = 0; i < app->accounts.n && y + used < rows; i++) {
		const struct account *a = &app->accounts.items[i];
		for (size_t k = 0; k < a->nservices && y + used < rows; k++) {
			const struct service *s = &a->services[k];
			char line[768], tariff[192] = "";
			if (s->status != SVC_BLOCKED && s->status != SVC_OPERATOR_BLOCK)
				continue;
			if (s->tariff[0])
				snprintf(tariff, sizeof(tariff), _(" \"%s\""), s->tariff);
			snprintf(line, sizeof(line), _("%s %s: %s %s%s is %s"), mark, a->number,
				 model_service_type_name(s->type), s->display_number, tariff,
				 model_service_status_name(s->status));
			/* The tariff is the first thing to go when the line is too long. */
			if (ui_width(line) > cols - 2 && tariff[0])
				snprintf(line, sizeof(line), _("%s %s: %s %s%s is %s"), mark,
					 a->number, model_service_type_name(s->type),
					 s->display_number, "", model_service_status_name(s->status));
			ui_put(pane, y + used, 1, cols - 2, UI_LEFT, AREA_WARNING, line);
			used++;
		}
	}
	for (size_t i = 0; i < app->autopay_declined.n && y + used < rows; i++) {
		const struct autopay_declined *d = &app->autopay_declined.items[i];
		const struct account *a = find_account(app, d->account_id);
		char line[512], date[32], money[64];
		short_date(d->date, date, sizeof(date));
		ui_money(d->amount, money, sizeof(money));
		snprintf(line, sizeof(line), _("%s %s: the autopay of %s for %s was declined"), mark,
			 a ? a->number : d->account_id, date, money);
		ui_put(pane, y + used, 1, cols - 2, UI_LEFT, AREA_WARNING, line);
		used++;
	}
	return used;
}

static void ov_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	int width[COL_COUNT], y = 0, list_rows, footer, status_row, avail, gap;

	if (!app->accounts_known) {
		const char *text = ov.error[0] ? ov.error : _("Loading the accounts...");
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, ov.error[0] ? AREA_ERROR : AREA_DEFAULT, text);
		if (ov.error[0])
			ui_put(pane, 2, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
			       _("Press r to try again."));
		return;
	}
	if (app->accounts.n == 0) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("No accounts are attached to this profile yet (screen 2)."));
		return;
	}
	gap = plan(app, cols, width);
	/* The last row says when the figures were taken; above it the header, the list,
	 * and under the list a blank line, the bonus and the warnings as room allows. */
	status_row = rows >= 4 ? rows - 1 : -1;
	avail = status_row >= 0 ? status_row : rows;
	footer = 4;
	list_rows = avail - 1 - footer;
	if (list_rows < (int)app->accounts.n)
		list_rows = avail - 1 - 1;	/* the list first: the bonus may go */
	if (list_rows < 1)
		list_rows = 1;
	ov.list_rows = list_rows;
	if (ov.sel < ov.top)
		ov.top = ov.sel;
	if (ov.sel >= ov.top + (size_t)list_rows)
		ov.top = ov.sel - (size_t)list_rows + 1;
	draw_row(pane, y++, cols, width, gap, NULL, true, false);
	for (size_t i = ov.top; i < app->accounts.n && y <= list_rows && y < avail; i++)
		y += draw_row(pane, y, cols, width, gap, &app->accounts.items[i], false, i == ov.sel);
	y++;
	if (y < avail)
		y += draw_bonus(app, pane, y, avail, cols);
	if (y < avail)
		y += draw_warnings(app, pane, y, avail, cols);
	if (status_row >= 0) {
		char line[1024], when[32];
		if (ov.failed) {
			/* What to do first, then what failed: the line may be cut. */
			if (ov.cancelled)
				snprintf(line, sizeof(line), "%s",
					 _("Cancelled: not everything loaded (r: try again)."));
			else if (ov.nfailed > 1)
				snprintf(line, sizeof(line),
					 ngettext("%d request failed (r: try again): %s",
						  "%d requests failed (r: try again): %s",
						  (unsigned long)ov.nfailed),
					 ov.nfailed, ov.error);
			else
				snprintf(line, sizeof(line), _("Not everything loaded (r: try again): %s"),
					 ov.error);
			ui_put(pane, status_row, 1, cols - 2, UI_LEFT, AREA_ERROR, line);
		} else if (app->updated) {
			struct tm tm;
			localtime_r(&app->updated, &tm);
			strftime(when, sizeof(when), "%H:%M:%S", &tm);
			snprintf(line, sizeof(line), _("Updated at %s"), when);
			ui_put(pane, status_row, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
		}
	}
}

static void ov_open(struct app *app)
{
	ov.sel = 0;
	ov.top = 0;
	ov.error[0] = '\0';
	load(app);
}

static void ov_close(struct app *app)
{
	(void)app;
	ov.gen++;	/* replies still in flight find nobody */
}

/* Appends one line of the details; server text is made one line first (a line break
 * in it must not start a line of its own in the dialog). */
static void detail_line(char *buf, size_t size, const char *label, const char *value)
{
	size_t used = strlen(buf);
	char *clean = text_clean_dup(value, 0);

	if (used < size)
		snprintf(buf + used, size - used, "%s%s%s%s", used ? "\n" : "", label,
			 label[0] ? " " : "", clean ? clean : "");
	free(clean);
}

/* Enter on a row: what the overview knows of the account, in a dialog. */
static void show_details(struct app *app)
{
	const struct account *a;
	char text[4096] = "", title[128], value[512], money[64], num[32];
	size_t shown = 0;
	enum { SERVICES_SHOWN = 10 };

	if (!app->accounts_known || ov.sel >= app->accounts.n)
		return;
	a = &app->accounts.items[ov.sel];
	text_clean(a->number, 0, num, sizeof(num));
	snprintf(title, sizeof(title), _("Account %s"), num);
	detail_line(text, sizeof(text), _("Region:"), a->region[0] ? a->region : "—");
	detail_line(text, sizeof(text), _("Address:"), a->address[0] ? a->address : "—");
	snprintf(value, sizeof(value), "%s, %s", a->credit ? _("credit") : _("advance"),
		 a->relative ? _("a relative's account") : _("your own account"));
	detail_line(text, sizeof(text), _("Billing:"), value);
	for (int c = COL_BALANCE; c <= COL_PROMISED; c++) {
		if (c == COL_PROMISED && !a->bal.has_promised)
			continue;
		cell(a, (enum col)c, money, sizeof(money));
		snprintf(value, sizeof(value), "%s:", _(cols_info[c].title));
		detail_line(text, sizeof(text), value, money[0] ? money : ui_ellipsis());
	}
	if (a->nservices == 0)
		detail_line(text, sizeof(text), _("No services."), "");
	else
		detail_line(text, sizeof(text), _("Services:"), "");
	for (size_t k = 0; k < a->nservices && shown < SERVICES_SHOWN; k++, shown++) {
		const struct service *sv = &a->services[k];
		char tariff[192] = "";
		if (sv->tariff[0])
			snprintf(tariff, sizeof(tariff), _(" \"%s\""), sv->tariff);
		snprintf(value, sizeof(value), "%s %s: %s%s", model_service_type_name(sv->type),
			 sv->display_number, model_service_status_name(sv->status), tariff);
		detail_line(text, sizeof(text), " ", value);
	}
	if (a->nservices > shown) {
		snprintf(value, sizeof(value),
			 ngettext("and %zu more service", "and %zu more services",
				  (unsigned long)(a->nservices - shown)),
			 a->nservices - shown);
		detail_line(text, sizeof(text), " ", value);
	}
	ui_dialog_info(title, text);
}

static enum ui_key_result ov_key(struct app *app, enum action act, int key)
{
	size_t n = app->accounts.n, page = ov.list_rows > 1 ? (size_t)ov.list_rows - 1 : 1;
	size_t old = ov.sel;

	(void)key;
	switch (act) {
	case ACT_MOVE_DOWN:
		if (ov.sel + 1 < n)
			ov.sel++;
		break;
	case ACT_MOVE_UP:
		if (ov.sel > 0)
			ov.sel--;
		break;
	case ACT_PAGE_DOWN:
		ov.sel = ov.sel + page < n ? ov.sel + page : (n ? n - 1 : 0);
		break;
	case ACT_PAGE_UP:
		ov.sel = ov.sel > page ? ov.sel - page : 0;
		break;
	case ACT_MOVE_TOP:
		ov.sel = 0;
		break;
	case ACT_MOVE_BOTTOM:
		ov.sel = n ? n - 1 : 0;
		break;
	case ACT_ENTER:
		show_details(app);
		return UI_DONE;
	default:
		return UI_PASS;
	}
	if (ov.sel != old)
		ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static void ov_refresh(struct app *app)
{
	load(app);
}

static int ov_tick(struct app *app)
{
	time_t now;

	if (!opt.refresh_interval || ov.pending)
		return -1;
	now = time(NULL);
	if (!ov.next_auto)
		ov.next_auto = now + (time_t)opt.refresh_interval;
	if (now >= ov.next_auto)
		load(app);
	return 1000;
}

static const struct ui_hint ov_hints[] = {
	{ ACT_MOVE_DOWN, N_("down") },
	{ ACT_ENTER, N_("details") },
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_COMMAND_PROMPT, N_("command") },
	{ ACT_BACK, N_("quit") },
	{ ACT_NONE, NULL },
};

const struct screen_ops overview_screen = {
	.name = "overview",
	.title = N_("Overview"),
	.keymap = KEYMAP_OVERVIEW,
	.top_level = true,
	.open = ov_open,
	.close = ov_close,
	.draw = ov_draw,
	.key = ov_key,
	.reload = ov_refresh,
	.tick = ov_tick,
	.hints = ov_hints,
};
