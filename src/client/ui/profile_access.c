/* Screen 8's "Who looked at my data", a sub-screen over the profile: the views that
 * the operator's support staff opened of this profile (getAccessLog, a page at a
 * time by cursor through paged.h), newest first, on the list view — when, the staff
 * member's name, the reason they gave — and under the list the selected view in full:
 * the staff member with their login, the reason wrapped, and what they looked at, in
 * words, with when each was first looked at. Read only: nothing here changes anything.
 * Every text of the server's is drawn through draw.c, so none of it reaches the
 * terminal raw. */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paged.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/access.h"
#include "kabinet/model/date.h"

#define PAGE_LIMIT 50
/* The rows the selected view's details take under the list, at most. */
#define DETAIL_ROWS 7

static const struct screen_ops access_screen;

enum { R_PAGE };
enum col { COL_WHEN, COL_STAFF, COL_REASON, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct ui_paged pg;	/* the views, loaded by cursor (paged.h) */
} ac;

/* --- loading --- */

static struct access_view *view_at(size_t i)
{
	return ui_paged_row(&ac.pg, i);
}

static bool fetch_page(struct app *app, const char *cursor)
{
	return ui_load_call(app, &ac.load, "getAccessLog", model_body_access_log(PAGE_LIMIT, cursor),
			    R_PAGE, NULL);
}

static void free_row(void *v)
{
	model_free_access_view(v);
}

static const char *row_id(const void *v)
{
	return ((const struct access_view *)v)->id;
}

static const struct ui_paged_ops ac_paged = {
	.size = sizeof(struct access_view),
	.first_cap = 16,
	.what = N_("Who looked at my data"),
	.fetch = fetch_page,
	.free_row = free_row,
	.row_id = row_id,
};

static void reload(struct app *app)
{
	ui_load_begin(&ac.load);
	ui_paged_begin(&ac.pg, true);
	ui_paged_fetch(app, &ac.pg);
}

/* The page's views moved in, the guard's word taken first. */
static void took_page(struct app *app, struct access_page *page, size_t bytes)
{
	char sel[sizeof(((struct access_view *)0)->id)];

	(void)app;
	if (!ui_paged_guard(&ac.pg, page->n, bytes, page->next_cursor))
		return;
	ui_paged_replace(&ac.pg, sel, sizeof(sel));
	if (!ui_paged_reserve(&ac.pg, page->n)) {
		ui_paged_failed(&ac.pg);
		ui_load_fail(&ac.load, _("Who looked at my data"), _("Out of memory."), false);
		return;
	}
	for (size_t i = 0; i < page->n; i++)
		model_move_access_view(view_at(ac.pg.n++), &page->items[i]);
	ui_paged_took(&ac.pg, page->next_cursor);
	ui_list_set_rows(&ac.list, ac.pg.n, false);
	ui_list_changed(&ac.list);
	ui_paged_select(&ac.pg, sel);
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct access_page page;
	struct model_err err;

	ui_paged_came(&ac.pg);
	if (model_parse_access_log(reply->body, &page, &err) != MODEL_OK) {
		ui_paged_failed(&ac.pg);
		ui_load_bad_reply(app, &ac.load, kind, key, err.msg);
		return;
	}
	took_page(app, &page, reply->body_len);
	model_free_access_log(&page);
	ui_paged_go_on(app, &ac.pg);
	ui_dirty(UI_DIRTY_PANE);
}

static void failed_item(struct app *app, int kind, const char *key)
{
	(void)app, (void)kind, (void)key;
	ui_paged_failed(&ac.pg);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("Who looked at my data"));
}

/* --- the list --- */

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct access_view *v = row < ac.pg.n ? view_at(row) : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!v)
		return;
	switch ((enum col)col) {
	case COL_WHEN:
		date_instant(v->opened_at, buf, size);
		break;
	case COL_STAFF:
		snprintf(buf, size, "%s", v->staff_name);
		break;
	case COL_REASON:
		snprintf(buf, size, "%s", v->reason);
		break;
	case COL_COUNT:
		break;
	}
}

static const struct ui_col ac_cols[COL_COUNT] = {
	[COL_WHEN] = { .title = N_("When"), .align = UI_LEFT },
	[COL_STAFF] = { .title = N_("Staff member"), .align = UI_LEFT, .min = 10 },
	[COL_REASON] = { .title = N_("Reason"), .align = UI_LEFT, .min = 12 },
};

static const struct ui_list_ops ac_list_ops = {
	.cell = list_cell,
};

/* --- the selected view in full --- */

static int detail_line(WINDOW *w, int y, int cols, int rows, const char *label,
		       const char *value)
{
	char line[4096];

	snprintf(line, sizeof(line), "%s: %.3000s", label, value);
	/* One paragraph: a line break of the server's starts no line of its own. */
	for (char *c = line; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return ui_put_wrapped(w, y, 1, cols - 2, rows, AREA_DEFAULT, line);
}

static void draw_detail(WINDOW *w, int y, int rows, int cols)
{
	const struct access_view *v = ac.list.sel < ac.pg.n ? view_at(ac.list.sel) : NULL;
	char text[2048], staff[1200];
	int end = y + rows;

	if (!v || rows < 1)
		return;
	snprintf(staff, sizeof(staff), "%s (%s)", v->staff_name, v->staff_login);
	y += detail_line(w, y, cols, end - y, _("Staff member"), staff);
	if (y < end)
		y += detail_line(w, y, cols, 1, _("Opened"), date_instant(v->opened_at, text, sizeof(text)));
	if (y < end)
		y += detail_line(w, y, cols, end - y > 3 ? 3 : end - y, _("Reason"), v->reason);
	access_methods_text(v, true, text, sizeof(text));
	if (y < end)
		detail_line(w, y, cols, end - y, _("Looked at"), v->nmethods ? text : _("nothing"));
}

/* --- the screen --- */

static void ac_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], figures[128], count[32];
	int list_rows, detail;

	(void)app;
	ui_number((int64_t)ac.pg.n, count, sizeof(count));
	snprintf(figures, sizeof(figures), ngettext("Who looked at my data · %s view",
						    "Who looked at my data · %s views",
						    (unsigned long)(ac.pg.n % 1000000)), count);
	ui_put_attr(pane, 0, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&ac.load, ac.pg.first_done || ac.pg.n > 0, _("Who looked at my data"),
				   figures, line, sizeof(line)));
	if (rows < 3)
		return;
	if (ac.pg.n == 0) {
		if (ac.load.failed || !ac.pg.first_done)
			ui_load_draw_wait(pane, 2, cols, &ac.load, _("Loading who looked at your data..."));
		else
			ui_put_wrapped(pane, 2, 1, cols - 2, rows - 2, AREA_DEFAULT,
				       _("Nobody from support has looked at your data."));
		return;
	}
	detail = rows >= 12 ? DETAIL_ROWS : rows >= 8 ? 3 : 0;
	list_rows = rows - 1 - (detail ? detail + 1 : 0) - (ac.load.failed ? 1 : 0);
	/* The selected view in full right under the rows the list took. */
	list_rows = ui_list_draw(&ac.list, pane, 1, list_rows, cols);
	if (detail)
		draw_detail(pane, 2 + list_rows, detail, cols);
	if (ac.load.failed)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&ac.load, line, sizeof(line)));
}

static enum ui_key_result ac_key(struct app *app, enum action act, int key)
{
	(void)key;
	switch (act) {
	case ACT_ACCESS_LOG:
	case ACT_ENTER:
		return UI_DONE;
	case ACT_MOVE_BOTTOM:
		ui_list_key(&ac.list, act);
		ui_paged_to_end(app, &ac.pg);
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	default:
		break;
	}
	if (!ui_list_key(&ac.list, act))
		return UI_PASS;
	if (act == ACT_MOVE_DOWN || act == ACT_PAGE_DOWN)
		ui_paged_resume(app, &ac.pg);
	ui_paged_maybe_more(app, &ac.pg);
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static void ac_search(struct app *app, const char *text, int dir)
{
	ui_list_search_say(&ac.list, ui_list_search(&ac.list, text, dir, opt.wrap_search), dir);
	ui_paged_maybe_more(app, &ac.pg);
}

static int ac_tick(struct app *app)
{
	ui_paged_maybe_more(app, &ac.pg);
	return -1;
}

static void ac_open(struct app *app)
{
	ac.load.done = loaded;
	ac.load.what = what_of;
	ac.load.failed_item = failed_item;
	ui_list_init(&ac.list, ac_cols, COL_COUNT, &ac_list_ops, app);
	ac.pg.ops = &ac_paged;
	ac.pg.load = &ac.load;
	ac.pg.list = &ac.list;
	ui_paged_drop(&ac.pg);
	reload(app);
}

static void ac_close(struct app *app)
{
	(void)app;
	ui_load_drop(&ac.load);
	ui_paged_free(&ac.pg);
}

static void ac_reload(struct app *app)
{
	reload(app);
}

/* The profile's changes (and a, which led here) are the profile's own screen's: not
 * offered over it. */
static bool ac_accepts(struct app *app, enum action act)
{
	if (action_changes(act) || act == ACT_ACCESS_LOG)
		return false;
	return ui_list_accepts(app, act);
}

void profile_access_show(struct app *app)
{
	(void)app;
	if (ui_front() != &access_screen)
		ui_push(&access_screen);
}

static const struct ui_hint ac_hints[] = {
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct screen_ops access_screen = {
	.name = "profile",
	.title = N_("Who looked at my data"),
	.keymap = KEYMAP_PROFILE,
	.open = ac_open,
	.close = ac_close,
	.draw = ac_draw,
	.key = ac_key,
	.reload = ac_reload,
	.tick = ac_tick,
	.hints = ac_hints,
	.search = ac_search,
	.accepts = ac_accepts,
};
