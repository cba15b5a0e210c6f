/* Screen 2, Accounts: every attached account with its services under it — type,
 * number or login, status in words with a marker readable without color, tariff —
 * on the list view. Enter opens an account's details (accounts_account.c) or a service's
 * tariffs (screen 3); a attaches an account (the wizard, accounts_attach.c), d detaches one.
 * The accounts are the app's: shown at once when the overview loaded them. */
#include "kabinet/ui/change.h"
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
#include "kabinet/model/model.h"
#include "kabinet/options.h"
#include "kabinet/model/text.h"

enum req_kind { R_ACCOUNTS, R_TARIFFS };

/* A row: an account's heading, or one of its services. */
struct row {
	size_t acc;
	size_t svc;		/* SVC_HEADING for the heading */
};
#define SVC_HEADING ((size_t)-1)

enum col { COL_TYPE, COL_NUMBER, COL_STATUS, COL_TARIFF, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct app *app;
	struct row *rows;
	size_t nrows;
	unsigned list_gen;	/* app->accounts_list_gen the rows were made from */
	unsigned services_gen;	/* app->services_gen the rows were measured with */
	bool made;
	char select_id[64];	/* an account to select once the rows are made */
	bool balances;		/* the next list: read the balances it lacks (attached) */
	/* What the selection is on, by id: rows are remade from a new list of accounts,
	 * whose places need not be the old ones. */
	char sel_acc[64], sel_svc[64];
} ac;

static void load(struct app *app)
{
	ui_load_begin(&ac.load);
	ui_load_accounts(app, &ac.load, R_ACCOUNTS);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app;
	(void)key;
	snprintf(buf, size, "%s", kind == R_ACCOUNTS ? _("The list of accounts") : _("The tariff names"));
}

/* An account just attached has no balance yet: it shows here without the overview. */
static void read_balances(struct app *app)
{
	ac.balances = false;
	for (size_t i = 0; i < app->accounts.n; i++) {
		const char *id = app->accounts.items[i].id;
		if (!app->accounts.items[i].bal.known)
			ui_moved(app, UI_MOVED_BALANCES, &id, 1);
	}
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;

	if (kind == R_ACCOUNTS) {
		if (ui_load_took_accounts(app, &ac.load, kind, key, reply)) {
			ui_load_tariff_names(app, &ac.load, R_TARIFFS);
			if (ac.balances)
				read_balances(app);
		}
		return;
	}
	bool ok = model_apply_tariff_names(reply->body, &app->accounts, &err) == MODEL_OK;
	app->accounts_gen++;
	app->services_gen++;
	if (!ok)
		ui_load_bad_reply(app, &ac.load, kind, key, err.msg);
}

/* --- rows --- */

static const struct account *row_account(const struct app *app, size_t row);
static const struct service *row_service(const struct app *app, size_t row);

/* Notes what the selection is on (after a move, a search, new rows). */
static void remember_selection(const struct app *app)
{
	const struct account *a = row_account(app, ac.list.sel);
	const struct service *s = row_service(app, ac.list.sel);

	snprintf(ac.sel_acc, sizeof(ac.sel_acc), "%s", a ? a->id : "");
	snprintf(ac.sel_svc, sizeof(ac.sel_svc), "%s", s ? s->id : "");
}

/* The rows follow the app's list of accounts; the selection stays on what it was on.
 * A new balance needs only a redraw (it is in the heading, drawn, never measured),
 * new tariff names or statuses a measure: neither remakes 20 000 rows, which every
 * one of 10 000 balances coming while this screen is shown did. */
static void make_rows(struct app *app)
{
	size_t n = 0, sel = 0;
	struct row *rows;

	if (ac.made && ac.list_gen == app->accounts_list_gen) {
		if (ac.services_gen != app->services_gen) {
			ac.services_gen = app->services_gen;
			ui_list_changed(&ac.list);
		}
		return;
	}
	if (ac.select_id[0]) {
		snprintf(ac.sel_acc, sizeof(ac.sel_acc), "%s", ac.select_id);
		ac.sel_svc[0] = ac.select_id[0] = '\0';
	}
	for (size_t i = 0; i < app->accounts.n; i++)
		n += 1 + app->accounts.items[i].nservices;
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows)
		return;
	n = 0;
	for (size_t i = 0; i < app->accounts.n; i++) {
		const struct account *a = &app->accounts.items[i];
		bool here = !strcmp(a->id, ac.sel_acc);
		if (here && !ac.sel_svc[0])
			sel = n;
		rows[n++] = (struct row){ i, SVC_HEADING };
		for (size_t k = 0; k < a->nservices; k++) {
			if (here && !strcmp(a->services[k].id, ac.sel_svc))
				sel = n;
			rows[n++] = (struct row){ i, k };
		}
	}
	free(ac.rows);
	ac.rows = rows;
	ac.nrows = n;
	ac.list_gen = app->accounts_list_gen;
	ac.services_gen = app->services_gen;
	ac.made = true;
	ui_list_set_rows(&ac.list, n, false);
	ac.list.sel = sel;
	remember_selection(app);
}

static const struct account *row_account(const struct app *app, size_t row)
{
	return row < ac.nrows && ac.rows[row].acc < app->accounts.n
		       ? &app->accounts.items[ac.rows[row].acc]
		       : NULL;
}

static const struct service *row_service(const struct app *app, size_t row)
{
	const struct account *a = row_account(app, row);
	size_t k = row < ac.nrows ? ac.rows[row].svc : SVC_HEADING;

	return a && k != SVC_HEADING && k < a->nservices ? &a->services[k] : NULL;
}

/* A marker before the status, so that it reads without color too. */
static const char *status_marker(enum service_status s)
{
	switch (s) {
	case SVC_ACTIVE:
		return "+";
	case SVC_BLOCKED:
	case SVC_OPERATOR_BLOCK:
		return "!";
	case SVC_VOLUNTARY_BLOCKED:
		return "-";
	case SVC_NOT_CONNECTED:
		return "~";
	default:
		return "?";
	}
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	struct app *app = ud;
	const struct service *s = row_service(app, row);

	buf[0] = '\0';
	if (!s)
		return;
	switch ((enum col)col) {
	case COL_TYPE:
		snprintf(buf, size, "  %s", model_service_type_name(s->type));
		break;
	case COL_NUMBER:
		snprintf(buf, size, "%s", s->display_number[0] ? s->display_number : "—");
		break;
	case COL_STATUS:
		snprintf(buf, size, "%s %s", status_marker(s->status),
			 model_service_status_name(s->status));
		break;
	case COL_TARIFF:
		snprintf(buf, size, "%s", s->tariff[0] ? s->tariff : "—");
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	const struct service *s = row_service(ud, row);

	if (!s || col != COL_STATUS)
		return AREA_DEFAULT;
	switch (s->status) {
	case SVC_ACTIVE:
		return AREA_POSITIVE;
	case SVC_BLOCKED:
	case SVC_OPERATOR_BLOCK:
		return AREA_WARNING;
	default:
		return AREA_DEFAULT;
	}
}

static bool list_heading(void *ud, size_t row)
{
	(void)ud;
	return row < ac.nrows && ac.rows[row].svc == SVC_HEADING;
}

/* "590000000001  Пермский край · advance · your own account" */
static void heading_text(const struct account *a, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s · %s · %s", a->number, a->region[0] ? "  " : "", a->region,
		 a->credit ? _("credit") : _("advance"),
		 a->relative ? _("a relative's account") : _("your own account"));
}

static bool list_draw_row(void *ud, WINDOW *w, int y, int cols, size_t row, bool selected)
{
	struct app *app = ud;
	const struct account *a;
	char text[512], money[64] = "";
	attr_t attr = A_BOLD | (selected ? ui_attr(AREA_CURSOR) : 0);
	short pair = selected ? ui_pair(AREA_CURSOR) : 0;
	int mw = 0;

	if (!list_heading(ud, row) || !(a = row_account(app, row)))
		return false;
	if (selected) {
		wattr_set(w, attr, pair, NULL);
		mvwhline(w, y, 0, ' ', cols);
		wattr_set(w, A_NORMAL, 0, NULL);
	}
	/* The balance on the right, when known and when there is room for it whole. */
	if (a->bal.known) {
		ui_money(a->bal.balance, money, sizeof(money));
		mw = ui_width(money);
		if (mw + 20 > cols)
			mw = 0;
	}
	heading_text(a, text, sizeof(text));
	ui_put_attr(w, y, 1, cols - 2 - (mw ? mw + 2 : 0), UI_LEFT, attr, pair, text);
	if (mw) {
		attr_t ma = attr;
		short mp = pair;
		if (a->bal.balance < 0 && !selected) {
			ma |= ui_attr(AREA_NEGATIVE);
			mp = ui_pair(AREA_NEGATIVE);
		}
		ui_put_attr(w, y, cols - 1 - mw, mw, UI_RIGHT, ma, mp, money);
	}
	return true;
}

static void list_search_text(void *ud, size_t row, char *buf, size_t size)
{
	const struct account *a = list_heading(ud, row) ? row_account(ud, row) : NULL;

	buf[0] = '\0';
	if (a)
		heading_text(a, buf, size);
}

/* A number or login is shown whole (a cut phone number is a wrong one); the words of
 * the status and the tariff's name are cut first. */
static const struct ui_col ac_cols[COL_COUNT] = {
	[COL_TYPE] = { .title = N_("Service"), .align = UI_LEFT },
	[COL_NUMBER] = { .title = N_("Number or login"), .align = UI_LEFT },
	[COL_STATUS] = { .title = N_("Status"), .align = UI_LEFT, .min = 10 },
	[COL_TARIFF] = { .title = N_("Tariff"), .align = UI_LEFT, .drop = 1, .min = 8 },
};

static const struct ui_list_ops ac_list_ops = {
	.cell = list_cell,
	.area = list_area,
	.draw_row = list_draw_row,
	.heading = list_heading,
	.search_text = list_search_text,
};

/* --- detaching --- */

/* The list (and the overview, when it opens) comes back from the server; the details
 * of the account that went are closed. */
static void detached(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)reply;
	if (account_shows(ud))
		ui_pop();
	ui_moved(app, UI_MOVED_ACCOUNTS, NULL, 0);
}

/* Whether it was detached is not known: the list says. */
static void detach_settle(struct app *app, void *ud)
{
	detached(app, NULL, ud);
}

void accounts_detach(struct app *app, const struct account *a)
{
	struct ui_change c = { .act = ACT_DETACH_ACCOUNT, .method = "detachAccount",
			       .done = detached, .settle = detach_settle, .ud_free = free };
	size_t used;

	c.body = model_body_account(a->id);
	c.ud = strdup(a->id);
	snprintf(c.question, sizeof(c.question), _("Detach account %s?"), a->number);
	used = (size_t)snprintf(c.detail, sizeof(c.detail), "%s\n", a->region);
	for (size_t k = 0; k < a->nservices && used < sizeof(c.detail); k++)
		used += (size_t)snprintf(c.detail + used, sizeof(c.detail) - used, "  %s %s\n",
					 model_service_type_name(a->services[k].type),
					 a->services[k].display_number);
	if (used < sizeof(c.detail))
		snprintf(c.detail + used, sizeof(c.detail) - used, "%s",
			 _("Its balance, history and invoices stay with the account;\n"
			   "it can be attached again with the wizard."));
	snprintf(c.done_msg, sizeof(c.done_msg), _("Account %s is detached."), a->number);
	ui_change(app, &c);
}

/* --- the screen --- */

static void ac_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024];
	int used;

	make_rows(app);
	if (!app->accounts_known) {
		ui_load_draw_accounts_wait(pane, cols, &ac.load);
		return;
	}
	if (app->accounts.n == 0) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("No accounts are attached to this profile yet: press a to attach one."));
		return;
	}
	/* The last row says what failed, when something did. */
	used = ui_list_draw(&ac.list, pane, 0, ac.load.failed && rows > 2 ? rows - 1 : rows, cols);
	(void)used;
	if (ac.load.failed && rows > 2)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&ac.load, line, sizeof(line)));
}

static enum ui_key_result ac_key(struct app *app, enum action act, int key)
{
	const struct account *a;
	const struct service *s;

	(void)key;
	make_rows(app);
	a = row_account(app, ac.list.sel);
	s = row_service(app, ac.list.sel);
	switch (act) {
	case ACT_ENTER:
		if (s)
			tariffs_show_service(app, s->id);
		else if (a)
			account_show(app, a->id);
		return UI_DONE;
	case ACT_ATTACH_ACCOUNT:
		ui_push(&attach_screen);
		return UI_DONE;
	case ACT_DETACH_ACCOUNT:
		if (a)
			accounts_detach(app, a);
		return UI_DONE;
	default:
		if (!ui_list_key(&ac.list, act))
			return UI_PASS;
		remember_selection(app);
		return UI_DONE;
	}
}

static void ac_search(struct app *app, const char *text, int dir)
{
	make_rows(app);
	ui_list_search_say(&ac.list, ui_list_search(&ac.list, text, dir, opt.wrap_search), dir);
	remember_selection(app);
}

static void ac_open(struct app *app)
{
	ac.app = app;
	ac.load.done = loaded;
	ac.load.what = what_of;
	ui_list_init(&ac.list, ac_cols, COL_COUNT, &ac_list_ops, app);
	ac.made = false;
	ac.sel_acc[0] = ac.sel_svc[0] = '\0';
	make_rows(app);
	/* The overview loaded them: nothing to ask unless it could not. */
	if (!app->accounts_known)
		load(app);
}

static void ac_close(struct app *app)
{
	(void)app;
	ui_load_drop(&ac.load);
	free(ac.rows);
	ac.rows = NULL;
	ac.nrows = 0;
	ac.made = false;
}

static void ac_reload(struct app *app)
{
	load(app);
}

void accounts_show(struct app *app, const char *account_id)
{
	ui_action(app, ACT_SCREEN_ACCOUNTS);
	if (ui_front() != &accounts_screen)
		return;
	snprintf(ac.select_id, sizeof(ac.select_id), "%s", account_id);
	ac.made = false;
	make_rows(app);
	account_show(app, account_id);
}

void accounts_changed(struct app *app, const char *account_id)
{
	if (account_id[0])
		snprintf(ac.select_id, sizeof(ac.select_id), "%s", account_id);
	ac.balances = true;
	load(app);
}

static const struct ui_hint ac_hints[] = {
	{ ACT_ENTER, N_("open") },
	{ ACT_ATTACH_ACCOUNT, N_("attach") },
	{ ACT_DETACH_ACCOUNT, N_("detach") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("quit") },
	{ ACT_NONE, NULL },
};

const struct screen_ops accounts_screen = {
	.name = "accounts",
	.title = N_("Accounts"),
	.keymap = KEYMAP_ACCOUNTS,
	.top_level = true,
	.open = ac_open,
	.close = ac_close,
	.draw = ac_draw,
	.key = ac_key,
	.reload = ac_reload,
	.hints = ac_hints,
	.search = ac_search,
	.accepts = ui_list_accepts,
};
