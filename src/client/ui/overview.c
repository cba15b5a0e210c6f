/* Screen 1, the overview: every attached account with its balance and what is due,
 * the bonus balance, warnings. Loading takes two round trips whatever the number of
 * accounts: getAccounts (with getFplStatus, getProfile and getAutopayRules beside it),
 * then every getAccountBalanceV2 and the tariff names (100 services a call) at once;
 * the api runs as many at a time as its connections allow (6 over HTTP/1.1, 64 streams
 * over HTTP/2: api.h) and queues the rest. The accounts are a list view (list.c),
 * loaded through the shared loader (loader.c). */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/options.h"
#include "kabinet/model/text.h"

enum req_kind { R_ACCOUNTS, R_BONUS, R_PROFILE, R_AUTOPAY, R_BALANCE, R_TARIFFS };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct app *app;
	time_t next_auto;	/* refresh_interval */
	unsigned list_gen;	/* app->accounts_list_gen the rows were set from */
	unsigned interval;	/* refresh_interval when next_auto was set */
	/* Whether no account has a promised payment, as of app->accounts_gen
	 * promise_gen: looked for through every account only when a change may have
	 * brought one, not on every balance that comes. */
	bool no_promise;
	unsigned promise_gen;
	bool promise_known;
	bool open;
} ov;

/* A change that brought no promised payment (gen before it, and after): what
 * no_promise() knew still holds. */
static void no_new_promise(unsigned before, unsigned after)
{
	if (ov.promise_known && ov.promise_gen == before && ov.no_promise)
		ov.promise_gen = after;
}

static void load(struct app *app)
{
	ui_load_begin(&ov.load);
	/* Round one: what does not depend on the list of accounts goes with it. */
	ui_load_accounts(app, &ov.load, R_ACCOUNTS);
	ui_load_call(app, &ov.load, "getFplStatus", model_body_empty(), R_BONUS, NULL);
	ui_load_call(app, &ov.load, "getProfile", model_body_empty(), R_PROFILE, NULL);
	ui_load_call(app, &ov.load, "getAutopayRules", model_body_empty(), R_AUTOPAY, NULL);
	ov.interval = opt.refresh_interval;
	ov.next_auto = opt.refresh_interval ? time(NULL) + (time_t)opt.refresh_interval : 0;
}

/* Round two: every balance and the tariff names, all at once. */
static void load_details(struct app *app)
{
	for (size_t i = 0; i < app->accounts.n; i++) {
		struct account *a = &app->accounts.items[i];
		a->bal.failed = false;
		ui_load_call(app, &ov.load, "getAccountBalanceV2", model_body_account(a->id),
			     R_BALANCE, a->id);
	}
	ui_load_tariff_names(app, &ov.load, R_TARIFFS);
}

/* The rows follow the app's list of accounts, whichever screen read it last. */
static void follow_accounts(struct app *app)
{
	if (ov.list_gen == app->accounts_list_gen)
		return;
	ov.list_gen = app->accounts_list_gen;
	ui_list_set_rows(&ov.list, app->accounts.n, false);
}

static void take_accounts(struct app *app, struct account_list *fresh)
{
	app_take_accounts(app, fresh);
	follow_accounts(app);
}

/* What a request was for, in words: a failure names it. */
static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	const struct account *a;

	switch ((enum req_kind)kind) {
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
		a = app_find_account(app, key);
		snprintf(buf, size, _("The balance of %s"), a ? a->number : "?");
		break;
	case R_TARIFFS:
		snprintf(buf, size, "%s", _("The tariff names"));
		break;
	}
}

static void failed_item(struct app *app, int kind, const char *key)
{
	struct account *a = kind == R_BALANCE ? app_find_account(app, key) : NULL;

	if (a) {
		a->bal.failed = true;
		ui_list_row_changed(&ov.list, (size_t)(a - app->accounts.items));
	}
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;
	bool ok = true;

	switch ((enum req_kind)kind) {
	case R_ACCOUNTS: {
		struct account_list fresh = { 0 };
		ok = model_parse_accounts(reply->body, &fresh, &err) == MODEL_OK;
		if (ok) {
			take_accounts(app, &fresh);
			load_details(app);
			/* Money sent earlier and never settled: asked about now. */
			ui_intents_settle(app);
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
		struct account *a;
		ok = app_take_balance(app, key, reply->body, &a, &err);
		if (a) {
			if (!a->bal.has_promised)
				no_new_promise(app->accounts_gen - 1, app->accounts_gen);
			ui_list_row_changed(&ov.list, (size_t)(a - app->accounts.items));
		}
		break;
	}
	case R_TARIFFS:
		ok = model_apply_tariff_names(reply->body, &app->accounts, &err) == MODEL_OK;
		app->accounts_gen++;
		app->services_gen++;
		no_new_promise(app->accounts_gen - 1, app->accounts_gen);
		break;
	}
	if (!ok)
		ui_load_bad_reply(app, &ov.load, kind, key, err.msg);
	if (ui_load_complete(&ov.load)) {
		/* Every figure is fresh now: the cached ones are gone. */
		app->updated = time(NULL);
		app->cached_at = 0;
		app->cache_note[0] = '\0';
		app_save_cache(app);
	}
}

/* --- the list of accounts --- */

enum col { COL_NUMBER, COL_REGION, COL_SYSTEM, COL_BALANCE, COL_DUE, COL_DAYS, COL_PROMISED,
	   COL_COUNT };

#define REGION_MIN 8

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
			ui_money(b->recommended, buf, size);	/* a real 0 is 0 */
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
			ui_date(b->promised_expires, true, date, sizeof(date));
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
/* Promised payments are rare: their column shows only while one is active. Looked
 * for once per change of the accounts, not on every redraw. */
static bool no_promise(void *ud)
{
	const struct app *app = ud;
	bool none = true;

	if (ov.promise_known && ov.promise_gen == app->accounts_gen)
		return ov.no_promise;
	for (size_t i = 0; i < app->accounts.n && none; i++)
		if (app->accounts.items[i].bal.known && app->accounts.items[i].bal.has_promised)
			none = false;
	ov.no_promise = none;
	ov.promise_gen = app->accounts_gen;
	ov.promise_known = true;
	return none;
}

static const struct ui_col ov_cols[COL_COUNT] = {
	[COL_NUMBER] = { .title = N_("Account"), .align = UI_LEFT },
	[COL_REGION] = { .title = N_("Region"), .align = UI_LEFT, .drop = 3, .min = REGION_MIN },
	[COL_SYSTEM] = { .title = N_("Billing"), .align = UI_LEFT, .drop = 5 },
	[COL_BALANCE] = { .title = N_("Balance"), .align = UI_RIGHT, .whole = true },
	[COL_DUE] = { .title = N_("To pay"), .align = UI_RIGHT, .drop = 1, .whole = true },
	[COL_DAYS] = { .title = N_("Locks in"), .align = UI_RIGHT, .drop = 2 },
	[COL_PROMISED] = { .title = N_("Promised"), .align = UI_RIGHT, .drop = 4, .whole = true,
			   .hidden = no_promise },
};

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	struct app *app = ud;
	if (row < app->accounts.n)
		cell(&app->accounts.items[row], (enum col)col, buf, size);
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	struct app *app = ud;
	const struct balance *b = row < app->accounts.n ? &app->accounts.items[row].bal : NULL;

	if (!b || !b->known)
		return AREA_DEFAULT;
	if (col == COL_BALANCE && b->balance < 0)
		return AREA_NEGATIVE;
	if (col == COL_DAYS && b->has_days_to_lock)
		return AREA_WARNING;
	return AREA_DEFAULT;
}

static const struct ui_list_ops ov_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

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
			ui_date(app->bonus.level_expires, false, date, sizeof(date));
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
		ui_date(app->bonus.burning_date, false, date, sizeof(date));
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
		const struct account *a = app_find_account(app, d->account_id);
		char line[512], date[32], money[64];
		ui_date(d->date, false, date, sizeof(date));
		ui_money(d->amount, money, sizeof(money));
		snprintf(line, sizeof(line), _("%s %s: the autopay of %s for %s was declined"), mark,
			 a ? a->number : d->account_id, date, money);
		ui_put(pane, y + used, 1, cols - 2, UI_LEFT, AREA_WARNING, line);
		used++;
	}
	return used;
}

/* "14:02, 3 hours ago": when cached figures were taken. */
static void cache_age(time_t taken, char *buf, size_t size)
{
	char when[32], ago[96];
	time_t now = time(NULL);
	long min = now > taken ? (long)((now - taken) / 60) : 0;
	struct tm tm, today;

	localtime_r(&taken, &tm);
	localtime_r(&now, &today);
	strftime(when, sizeof(when),
		 tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday ? "%H:%M" : "%Y-%m-%d %H:%M",
		 &tm);
	if (min < 1)
		snprintf(ago, sizeof(ago), "%s", _("just now"));
	else if (min < 60)
		snprintf(ago, sizeof(ago), ngettext("%ld minute ago", "%ld minutes ago", (unsigned long)min),
			 min);
	else if (min < 48 * 60)
		snprintf(ago, sizeof(ago), ngettext("%ld hour ago", "%ld hours ago",
						    (unsigned long)(min / 60)), min / 60);
	else
		snprintf(ago, sizeof(ago), ngettext("%ld day ago", "%ld days ago",
						    (unsigned long)(min / 1440 % 1000000)), min / 1440);
	snprintf(buf, size, "%s, %s", when, ago);
}

/* The status row while cached figures are shown: never presented as current. */
static void cache_status(struct app *app, char *line, size_t size)
{
	char age[160];
	const char *why = app->cache_note[0] ? app->cache_note : ov.load.failed ? ov.load.error : NULL;

	cache_age(app->cached_at, age, sizeof(age));
	if (why)
		snprintf(line, size, _("Figures as of %s — not updated (r: try again): %s"), age, why);
	else
		snprintf(line, size, _("Figures as of %s — updating%s"), age, ui_ellipsis());
}

static void ov_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	int y = 0, list_rows, status_row, avail, footer;
	char line[1024];

	if (!app->accounts_known) {
		ui_load_draw_accounts_wait(pane, cols, &ov.load);
		return;
	}
	if (app->accounts.n == 0) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("No accounts are attached to this profile yet (screen 2)."));
		return;
	}
	follow_accounts(app);
	/* The last row says when the figures were taken or what failed; above it the
	 * list, and under the list a blank line, the bonus and the warnings as room
	 * allows: the list first. */
	status_row = rows >= 4 ? rows - 1 : -1;
	avail = status_row >= 0 ? status_row : rows;
	footer = 4;
	list_rows = 1 + (int)app->accounts.n;
	if (list_rows > avail - footer)
		list_rows = avail - 1 > 1 ? avail - 1 : avail;
	y += ui_list_draw(&ov.list, pane, 0, list_rows, cols);
	y++;
	/* What became of money sent earlier comes first: at most four lines of it. */
	if (y < avail)
		y += ui_intents_draw(app, pane, y, y + 4 < avail ? y + 4 : avail, cols);
	if (y < avail)
		y += draw_bonus(app, pane, y, avail, cols);
	if (y < avail)
		y += draw_warnings(app, pane, y, avail, cols);
	if (status_row < 0)
		return;
	if (app->cached_at) {
		bool failed = app->cache_note[0] || ov.load.failed;
		cache_status(app, line, sizeof(line));
		ui_put(pane, status_row, 1, cols - 2, UI_LEFT, failed ? AREA_ERROR : AREA_WARNING, line);
	} else if (ov.load.failed) {
		ui_put(pane, status_row, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&ov.load, line, sizeof(line)));
	} else if (app->updated) {
		char when[32];
		struct tm tm;
		localtime_r(&app->updated, &tm);
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		snprintf(line, sizeof(line), _("Updated at %s"), when);
		ui_put(pane, status_row, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
}

static enum ui_key_result ov_key(struct app *app, enum action act, int key)
{
	(void)key;
	const char *id = ov.list.sel < app->accounts.n ? app->accounts.items[ov.list.sel].id : NULL;

	switch (act) {
	case ACT_ENTER:
		/* The account's details, on screen 2: once there is a session. */
		if (id && app->awaiting_login)
			ui_message(UI_MSG_INFO, "%s",
				   _("Not logged in yet: the other screens open once the saved "
				     "login is through."));
		else if (id)
			accounts_show(app, id);
		return UI_DONE;
	case ACT_PAY:
		pay_show(app, id, 0);
		return UI_DONE;
	case ACT_PROMISED_PAYMENT:
		promised_show(app, id);
		return UI_DONE;
	default:
		break;
	}
	return ui_list_key(&ov.list, act) ? UI_DONE : UI_PASS;
}

void overview_moved(struct app *app, const char *account_id)
{
	const struct account *a = app_find_account(app, account_id);

	/* Its row is measured again, not the whole list: a column grows to what the row
	 * shows now (a promised payment) instead of showing an ellipsis. */
	if (ov.open && a)
		ui_list_row_changed(&ov.list, (size_t)(a - app->accounts.items));
}

static void ov_search(struct app *app, const char *text, int dir)
{
	(void)app;
	ui_list_search_say(&ov.list, ui_list_search(&ov.list, text, dir, opt.wrap_search), dir);
}

static void ov_open(struct app *app)
{
	bool waiting = app->awaiting_login;

	ov.app = app;
	ov.open = true;
	ov.load.done = loaded;
	ov.load.what = what_of;
	ov.load.failed_item = failed_item;
	ui_list_init(&ov.list, ov_cols, COL_COUNT, &ov_list_ops, app);
	ov.list_gen = app->accounts_list_gen - 1;
	follow_accounts(app);
	/* Cached figures shown before the saved login is through: the load waits for the
	 * session (login.c switches here again then). */
	if (waiting) {
		ui_load_begin(&ov.load);
		return;
	}
	/* A load still going on (see ov_close) goes on: a new one would ask for every
	 * balance again behind the first, 10 000 for 10 000 accounts. */
	if (ov.load.pending > 0)
		return;
	load(app);
}

/* A load still going on is kept: its replies are the app's accounts, balances and
 * tariff names, which screen 2 shows too, and its requests stay queued in the api
 * anyway. A logout or another server cancels them (api_cancel_all). */
static void ov_close(struct app *app)
{
	(void)app;
	ov.open = false;
	if (ov.load.pending == 0)
		ui_load_drop(&ov.load);
}

static void ov_refresh(struct app *app)
{
	if (app->awaiting_login)
		login_resume(app);
	else
		load(app);
}

static int ov_tick(struct app *app)
{
	time_t now;

	if (!opt.refresh_interval || ov.load.pending || app->awaiting_login)
		return -1;
	now = time(NULL);
	/* A new interval (:set refresh_interval) counts from now. */
	if (!ov.next_auto || ov.interval != opt.refresh_interval) {
		ov.interval = opt.refresh_interval;
		ov.next_auto = now + (time_t)opt.refresh_interval;
	}
	if (now >= ov.next_auto)
		load(app);
	return 1000;
}

static const struct ui_hint ov_hints[] = {
	{ ACT_MOVE_DOWN, N_("down") },
	{ ACT_ENTER, N_("details") },
	{ ACT_PAY, N_("pay") },
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
	.search = ov_search,
	.accepts = ui_list_accepts,
};
