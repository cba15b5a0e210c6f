/* The office's screen 3, "Companies" (kabinet --staff, role office): the companies
 * made at the office, newest first (staffGetCompanies, a page at a time by cursor
 * through paged.h), on the list view — INN, name, accounts, where the password stands
 * — and under the list the selected one in full: its login, masked contacts and
 * accounts. n makes a company (the wizard), a attaches an account to the selected one,
 * P issues it a new one-time password. Every text of the server's is drawn through
 * draw.c, so none of it reaches the terminal raw. */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paged.h"
#include "kabinet/ui/staff.h"
#include "kabinet/ui/staff_companies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/staff_office.h"

#define PAGE_LIMIT 50
/* The rows the selected company's details take under the list. */
#define DETAIL_ROWS 4

enum { R_PAGE };
enum col { COL_INN, COL_NAME, COL_ACCOUNTS, COL_PASSWORD, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct ui_paged pg;	/* the companies, loaded by cursor (paged.h) */
	bool stale;		/* a company changed: read again when in front */
} co;

/* --- loading --- */

static struct company *company_at(size_t i)
{
	return ui_paged_row(&co.pg, i);
}

static bool fetch_page(struct app *app, const char *cursor)
{
	return ui_load_call(app, &co.load, "staffGetCompanies",
			    model_staff_companies_body(PAGE_LIMIT, cursor), R_PAGE, NULL);
}

static void free_row(void *c)
{
	model_free_company(c);
}

static const char *row_id(const void *c)
{
	return ((const struct company *)c)->inn;
}

static const struct ui_paged_ops co_paged = {
	.size = sizeof(struct company),
	.first_cap = 16,
	.what = N_("Companies"),
	.fetch = fetch_page,
	.free_row = free_row,
	.row_id = row_id,
};

static void reload(struct app *app)
{
	co.stale = false;
	ui_load_begin(&co.load);
	ui_paged_begin(&co.pg, true);
	ui_paged_fetch(app, &co.pg);
}

void staff_companies_changed(void)
{
	co.stale = true;
	ui_dirty(UI_DIRTY_PANE);
}

/* The page's companies moved in, the guard's word taken first. */
static void took_page(struct company_page *page, size_t bytes)
{
	char sel[sizeof(((struct company *)0)->inn)];

	if (!ui_paged_guard(&co.pg, page->n, bytes, page->next_cursor))
		return;
	ui_paged_replace(&co.pg, sel, sizeof(sel));
	if (!ui_paged_reserve(&co.pg, page->n)) {
		ui_paged_failed(&co.pg);
		ui_load_fail(&co.load, _("Companies"), _("Out of memory."), false);
		return;
	}
	for (size_t i = 0; i < page->n; i++) {
		*company_at(co.pg.n++) = page->items[i];
		memset(&page->items[i], 0, sizeof(page->items[i]));
	}
	ui_paged_took(&co.pg, page->next_cursor);
	ui_list_set_rows(&co.list, co.pg.n, false);
	ui_list_changed(&co.list);
	ui_paged_select(&co.pg, sel);
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct company_page page;
	struct model_err err;

	ui_paged_came(&co.pg);
	if (model_parse_companies(reply->body, &page, &err) != MODEL_OK) {
		ui_paged_failed(&co.pg);
		ui_load_bad_reply(app, &co.load, kind, key, err.msg);
		return;
	}
	took_page(&page, reply->body_len);
	model_free_companies(&page);
	ui_paged_go_on(app, &co.pg);
	ui_dirty(UI_DIRTY_PANE);
}

static void failed_item(struct app *app, int kind, const char *key)
{
	(void)app, (void)kind, (void)key;
	ui_paged_failed(&co.pg);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("Companies"));
}

/* --- the list --- */

static const char *password_words(enum company_password p)
{
	switch (p) {
	case COMPANY_PASSWORD_ISSUED:
		return _("issued, no login yet");
	case COMPANY_PASSWORD_SET:
		return _("first login done");
	default:
		return _("none issued");
	}
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct company *c = row < co.pg.n ? company_at(row) : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!c)
		return;
	switch ((enum col)col) {
	case COL_INN:
		snprintf(buf, size, "%s", c->inn);
		break;
	case COL_NAME:
		snprintf(buf, size, "%s", c->name);
		break;
	case COL_ACCOUNTS:
		company_accounts_text(c, buf, size);
		break;
	case COL_PASSWORD:
		snprintf(buf, size, "%s", password_words(c->password));
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	const struct company *c = row < co.pg.n ? company_at(row) : NULL;

	(void)ud;
	return c && col == COL_PASSWORD && c->password == COMPANY_PASSWORD_NONE ? AREA_WARNING
										: AREA_DEFAULT;
}

static const struct ui_col co_cols[COL_COUNT] = {
	[COL_INN] = { .title = N_("INN"), .align = UI_LEFT, .whole = true },
	[COL_NAME] = { .title = N_("Company"), .align = UI_LEFT, .min = 12 },
	[COL_ACCOUNTS] = { .title = N_("Accounts"), .align = UI_LEFT, .min = 12, .drop = 1 },
	[COL_PASSWORD] = { .title = N_("Password"), .align = UI_LEFT, .min = 10 },
};

static const struct ui_list_ops co_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

static const struct company *selected(void)
{
	return co.list.sel < co.pg.n ? company_at(co.list.sel) : NULL;
}

/* --- the selected company in full --- */

static int detail_line(WINDOW *w, int y, int cols, int rows, const char *label,
		       const char *value)
{
	char line[2048];

	snprintf(line, sizeof(line), "%s: %s", label, value);
	return ui_put_wrapped(w, y, 1, cols - 2, rows, AREA_DEFAULT, line);
}

static void draw_detail(WINDOW *w, int y, int rows, int cols)
{
	const struct company *c = selected();
	char text[1024];
	int end = y + rows;

	if (!c || rows < 1)
		return;
	y += detail_line(w, y, cols, 1, _("Login"), c->login);
	snprintf(text, sizeof(text), "%s, %s", c->email[0] ? c->email : "—",
		 c->phone[0] ? c->phone : "—");
	if (y < end)
		y += detail_line(w, y, cols, 1, _("Contacts"), text);
	company_accounts_text(c, text, sizeof(text));
	if (y < end)
		y += detail_line(w, y, cols, end - y > 2 ? 2 : end - y, _("Accounts"),
				 c->naccounts ? text : _("none"));
	if (y < end)
		detail_line(w, y, cols, 1, _("Password"), password_words(c->password));
}

/* --- the screen --- */

static void co_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], figures[128], count[32];
	int list_rows, detail;

	(void)app;
	ui_number((int64_t)co.pg.n, count, sizeof(count));
	snprintf(figures, sizeof(figures),
		 ngettext("Companies · %s company", "Companies · %s companies",
			  (unsigned long)(co.pg.n % 1000000)), count);
	ui_put_attr(pane, 0, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&co.load, co.pg.first_done || co.pg.n > 0, _("Companies"),
				   figures, line, sizeof(line)));
	if (rows < 3)
		return;
	if (co.pg.n == 0) {
		if (co.load.failed || !co.pg.first_done)
			ui_load_draw_wait(pane, 2, cols, &co.load, _("Loading the companies..."));
		else
			ui_put_wrapped(pane, 2, 1, cols - 2, rows - 2, AREA_DEFAULT,
				       _("No company has been made at the office yet. Press n to make one."));
		return;
	}
	detail = rows >= 10 ? DETAIL_ROWS : 0;
	list_rows = rows - 1 - (detail ? detail + 1 : 0) - (co.load.failed ? 1 : 0);
	list_rows = ui_list_draw(&co.list, pane, 1, list_rows, cols);
	if (detail)
		draw_detail(pane, 2 + list_rows, detail, cols);
	if (co.load.failed)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&co.load, line, sizeof(line)));
}

static enum ui_key_result co_key(struct app *app, enum action act, int key)
{
	const struct company *c = selected();

	(void)key;
	switch (act) {
	case ACT_COMPANY_CREATE:
		staff_company_new(app);
		return UI_DONE;
	case ACT_COMPANY_ATTACH:
	case ACT_COMPANY_PASSWORD:
		if (!c)
			ui_message(UI_MSG_INFO, "%s", _("No company is selected."));
		else if (act == ACT_COMPANY_ATTACH)
			staff_company_attach(app, c->inn, c->name);
		else
			staff_company_password(app, c->inn, c->name);
		return UI_DONE;
	case ACT_ENTER:
		return UI_DONE;
	case ACT_MOVE_BOTTOM:
		ui_list_key(&co.list, act);
		ui_paged_to_end(app, &co.pg);
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	default:
		break;
	}
	if (!ui_list_key(&co.list, act))
		return UI_PASS;
	if (act == ACT_MOVE_DOWN || act == ACT_PAGE_DOWN)
		ui_paged_resume(app, &co.pg);
	ui_paged_maybe_more(app, &co.pg);
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static void co_search(struct app *app, const char *text, int dir)
{
	ui_list_search_say(&co.list, ui_list_search(&co.list, text, dir, opt.wrap_search), dir);
	ui_paged_maybe_more(app, &co.pg);
}

static int co_tick(struct app *app)
{
	if (co.stale)
		reload(app);
	ui_paged_maybe_more(app, &co.pg);
	return -1;
}

static void co_open(struct app *app)
{
	co.load.done = loaded;
	co.load.what = what_of;
	co.load.failed_item = failed_item;
	co.load.flags = API_STAFF;
	ui_list_init(&co.list, co_cols, COL_COUNT, &co_list_ops, app);
	co.pg.ops = &co_paged;
	co.pg.load = &co.load;
	co.pg.list = &co.list;
	ui_paged_drop(&co.pg);
	reload(app);
}

static void co_close(struct app *app)
{
	(void)app;
	ui_load_drop(&co.load);
	ui_paged_free(&co.pg);
}

static void co_reload(struct app *app)
{
	reload(app);
}

/* a and P need a company to act on. */
static bool co_accepts(struct app *app, enum action act)
{
	if ((act == ACT_COMPANY_ATTACH || act == ACT_COMPANY_PASSWORD) && !selected())
		return false;
	return ui_list_accepts(app, act);
}

static const struct ui_hint co_hints[] = {
	{ ACT_COMPANY_CREATE, N_("new company") },
	{ ACT_COMPANY_ATTACH, N_("attach account") },
	{ ACT_COMPANY_PASSWORD, N_("new password") },
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

const struct screen_ops staff_companies_screen = {
	.name = "companies",
	.title = N_("Companies"),
	.keymap = KEYMAP_COMPANIES,
	.top_level = true,
	.open = co_open,
	.close = co_close,
	.draw = co_draw,
	.key = co_key,
	.reload = co_reload,
	.tick = co_tick,
	.hints = co_hints,
	.search = co_search,
	.accepts = co_accepts,
};
