/* Screen 7, Support: the profile's requests on the list view (getRequests, a page at a
 * time by cursor), newest first — number, topic, status in words, when the last
 * message came, and a mark on those with an answer not read yet; Enter opens a
 * request as a thread (who wrote, when, the text wrapped to the width, scrolled);
 * R replies and c creates (support_form.c), x closes after a confirmation.
 * What was read is support_seen.c's. */
#include "kabinet/ui/support.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paged.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/date.h"
#include "kabinet/model/support.h"
#include "kabinet/model/text.h"

#define PAGE_LIMIT 50

enum { R_PAGE };
enum col { COL_MARK, COL_NUMBER, COL_TOPIC, COL_STATUS, COL_LAST, COL_COUNT };

static struct {
	struct app *app;
	struct ui_loader load;
	struct ui_list list;
	struct ui_paged pg;	/* the requests, loaded by cursor (paged.h) */

	/* The thread of one request, over the list while open. */
	bool thread;
	char thread_id[64];
	struct ui_thread th;
} sp;

/* --- what was read (support_seen.c) --- */

/* Not in a staff member's view: what the subscriber has read is theirs to mark. */
static void mark_read(const struct request *r)
{
	if (!sp.app->view.open)
		support_mark_read(sp.app->host, r);
}

/* A staff member's view knows nothing of what the subscriber has read: no marks. */
static bool unread(const struct request *r)
{
	return !sp.app->view.open && support_unread(sp.app->host, r);
}

/* --- loading --- */

static struct request *req_at(size_t i)
{
	return ui_paged_row(&sp.pg, i);
}

static bool fetch_page(struct app *app, const char *cursor)
{
	return ui_load_call(app, &sp.load, "getRequests", model_body_requests(PAGE_LIMIT, cursor),
			    R_PAGE, NULL);
}

static void free_row(void *r)
{
	model_free_request(r);
}

static const char *row_id(const void *r)
{
	return ((const struct request *)r)->id;
}

static const struct ui_paged_ops sp_paged = {
	.size = sizeof(struct request),
	.first_cap = 64,
	.what = N_("The support requests"),
	.fetch = fetch_page,
	.free_row = free_row,
	.row_id = row_id,
};

/* From the first page; the requests shown stay until it replaces them, and the
 * selected request stays selected when it is still there. */
static void reload(struct app *app)
{
	ui_load_begin(&sp.load);
	ui_paged_begin(&sp.pg, true);
	if (!app->accounts_known)
		ui_load_accounts(app, &sp.load, R_PAGE + 1);
	ui_paged_fetch(app, &sp.pg);
}

static struct request *find(const char *id)
{
	for (size_t i = 0; i < sp.pg.n; i++)
		if (!strcmp(req_at(i)->id, id))
			return req_at(i);
	return NULL;
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct request_page page;
	struct model_err err;
	char sel[sizeof(((struct request *)0)->id)];

	if (kind != R_PAGE) {
		ui_load_took_accounts(app, &sp.load, kind, key, reply);
		return;
	}
	ui_paged_came(&sp.pg);
	if (model_parse_requests(reply->body, &page, &err) != MODEL_OK) {
		ui_paged_failed(&sp.pg);
		ui_load_bad_reply(app, &sp.load, kind, key, err.msg);
		return;
	}
	if (!ui_paged_guard(&sp.pg, page.n, reply->body_len, page.next_cursor)) {
		model_free_requests(&page);
		return;
	}
	ui_paged_replace(&sp.pg, sel, sizeof(sel));
	if (!ui_paged_reserve(&sp.pg, page.n)) {
		model_free_requests(&page);
		ui_paged_failed(&sp.pg);
		ui_load_fail(&sp.load, _("The support requests"), _("Out of memory."), false);
		return;
	}
	for (size_t i = 0; i < page.n; i++)
		model_move_request(req_at(sp.pg.n++), &page.items[i]);
	ui_paged_took(&sp.pg, page.next_cursor);
	model_free_requests(&page);
	ui_list_set_rows(&sp.list, sp.pg.n, false);
	ui_list_changed(&sp.list);
	ui_paged_select(&sp.pg, sel);
	/* An open thread shows what came, and what is shown is read. */
	if (sp.thread && find(sp.thread_id))
		mark_read(find(sp.thread_id));
	ui_thread_changed(&sp.th);
}

static void failed_item(struct app *app, int kind, const char *key)
{
	(void)app, (void)key;
	if (kind == R_PAGE)
		ui_paged_failed(&sp.pg);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)key;
	snprintf(buf, size, "%s", kind == R_PAGE ? _("The support requests") : _("The list of accounts"));
}

/* --- the list --- */

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct request *r = row < sp.pg.n ? req_at(row) : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!r)
		return;
	switch ((enum col)col) {
	case COL_MARK:
		snprintf(buf, size, "%s", unread(r) ? "*" : "");
		break;
	case COL_NUMBER:
		snprintf(buf, size, "%s", r->id);
		break;
	case COL_TOPIC:
		snprintf(buf, size, "%s", r->topic);
		break;
	case COL_STATUS:
		snprintf(buf, size, "%s", req_status_name(r->status));
		break;
	case COL_LAST:
		date_instant(req_last_at(r), buf, size);
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud;
	if (row < sp.pg.n && (col == COL_MARK || col == COL_TOPIC) && unread(req_at(row)))
		return AREA_WARNING;
	return AREA_DEFAULT;
}

static const struct ui_col sp_cols[COL_COUNT] = {
	/* Not translated: the mark itself, which the line above the list explains. */
	[COL_MARK] = { .title = "*", .align = UI_LEFT, .width = 1 },
	[COL_NUMBER] = { .title = N_("Number"), .align = UI_LEFT, .drop = 1 },
	[COL_TOPIC] = { .title = N_("Topic"), .align = UI_LEFT, .min = 12 },
	[COL_STATUS] = { .title = N_("Status"), .align = UI_LEFT },
	[COL_LAST] = { .title = N_("Last message"), .align = UI_LEFT, .drop = 2 },
};

static const struct ui_list_ops sp_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

/* --- the thread --- */

/* A message's heading: who (support with the staff member's name when the server
 * gave one, made safe) and when. */
static void thread_heading(const struct req_message *m, const char *when, char *line,
			   size_t size)
{
	char author[sizeof(m->author)];

	if (m->support && m->author[0]) {
		text_clean(m->author, text_out_flags(), author, sizeof(author));
		snprintf(line, size, _("Support, %s · %s"), author, when);
	} else {
		/* In a staff member's view "you" would be the staff member. */
		snprintf(line, size, "%s · %s",
			 m->support ? _("Support") : sp.app->view.open ? _("Subscriber") : _("You"),
			 when);
	}
}

static void draw_thread(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct request *r = find(sp.thread_id);
	const struct account *a;
	char line[1024], when[64], acc[128];
	int y = 0;

	if (!r) {
		ui_load_draw_wait(pane, 0, cols, &sp.load, _("Loading the request..."));
		return;
	}
	snprintf(line, sizeof(line), _("Request %s: %s"), r->id, r->topic);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, line);
	a = r->account_id[0] ? app_find_account(app, r->account_id) : NULL;
	if (r->account_id[0])
		snprintf(acc, sizeof(acc), _("account %s"), a ? a->number : r->account_id);
	else
		snprintf(acc, sizeof(acc), "%s", _("no account"));
	snprintf(line, sizeof(line), _("Status: %s · %s · opened %s"), req_status_name(r->status), acc,
		 date_instant(r->created_at, when, sizeof(when)));
	/* Narrow, the day without its time (the first message tells it), not a cut date. */
	if (ui_width(line) > cols - 2)
		snprintf(line, sizeof(line), _("Status: %s · %s · opened %s"),
			 req_status_name(r->status), acc, ui_date(r->created_at, true, when, sizeof(when)));
	if (y < rows)
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	if (y < rows)
		ui_hline(pane, y++, 1, cols - 2);
	ui_thread_draw(&sp.th, pane, y, rows, cols, r->msgs, r->nmsgs, thread_heading);
}

static void open_thread(const struct request *r)
{
	snprintf(sp.thread_id, sizeof(sp.thread_id), "%s", r->id);
	sp.thread = true;
	ui_thread_free(&sp.th);
	ui_thread_start(&sp.th);
	mark_read(r);
	ui_list_changed(&sp.list);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void close_thread(void)
{
	sp.thread = false;
	ui_thread_free(&sp.th);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* --- changes --- */

void support_changed(struct app *app, const struct request *r, bool opened)
{
	struct request copy = { 0 }, *have;
	char *topic;

	(void)app;
	/* The screen went away while the change was under way: it reads the list anew. */
	if (!sp.app)
		return;
	/* A copy of its own: the list keeps it. */
	if (!(topic = strdup(r->topic ? r->topic : "")))
		return;
	have = find(r->id);
	if (!have) {
		if (!ui_paged_reserve(&sp.pg, 1)) {
			free(topic);
			return;
		}
		have = req_at(0);
		memmove(have + 1, have, sp.pg.n * sizeof(*have));
		memset(have, 0, sizeof(*have));
		sp.pg.n++;
		sp.list.sel = 0;
	}
	copy = *r;
	copy.topic = topic;
	copy.msgs = calloc(r->nmsgs + 1, sizeof(*copy.msgs));
	for (size_t i = 0; copy.msgs && i < r->nmsgs; i++) {
		copy.msgs[i] = r->msgs[i];
		if (!(copy.msgs[i].text = strdup(r->msgs[i].text ? r->msgs[i].text : ""))) {
			copy.nmsgs = i;
			break;
		}
	}
	if (!copy.msgs)
		copy.nmsgs = 0;
	model_free_request(have);
	*have = copy;
	ui_list_set_rows(&sp.list, sp.pg.n, false);
	ui_list_changed(&sp.list);
	for (size_t i = 0; i < sp.pg.n; i++)
		if (req_at(i) == have)
			sp.list.sel = i;
	if (opened || (sp.thread && !strcmp(sp.thread_id, have->id))) {
		open_thread(have);
		ui_thread_end(&sp.th);
	}
	ui_dirty(UI_DIRTY_PANE);
}

void support_reload(struct app *app)
{
	if (sp.app)
		reload(app);
}

static void closed(struct app *app, const struct api_reply *reply, void *ud)
{
	struct request r;
	struct model_err err;

	(void)ud;
	if (model_parse_request(reply->body, &r, &err) != MODEL_OK) {
		reload(app);
		return;
	}
	support_changed(app, &r, false);
	model_free_request(&r);
}

static void settle(struct app *app, void *ud)
{
	(void)ud;
	reload(app);
}

static void close_request(struct app *app, const struct request *r)
{
	struct ui_change c = { .act = ACT_REQUEST_CLOSE, .method = "closeRequest", .done = closed,
			       .settle = settle };

	if (r->status == REQ_CLOSED) {
		ui_message(UI_MSG_INFO, _("Request %s is closed already."), r->id);
		return;
	}
	snprintf(c.question, sizeof(c.question), _("Close request %s?"), r->id);
	snprintf(c.detail, sizeof(c.detail), _("Topic: %s\nA closed request takes no more messages."),
		 r->topic);
	snprintf(c.done_msg, sizeof(c.done_msg), _("Request %s is closed."), r->id);
	c.body = model_body_request_id(r->id);
	ui_change(app, &c);
}

/* --- the screen --- */

static const struct request *selected(void)
{
	if (sp.thread)
		return find(sp.thread_id);
	return sp.list.sel < sp.pg.n ? req_at(sp.list.sel) : NULL;
}

static void sp_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], figures[512], count[32];
	size_t nunread = 0;

	if (sp.thread) {
		draw_thread(app, pane, rows, cols);
		return;
	}
	for (size_t i = 0; i < sp.pg.n; i++)
		nunread += unread(req_at(i));
	ui_number((int64_t)sp.pg.n, count, sizeof(count));
	snprintf(figures, sizeof(figures),
		 ngettext("%s request", "%s requests", (unsigned long)(sp.pg.n % 1000000)), count);
	if (nunread) {
		size_t used = strlen(figures);
		snprintf(figures + used, sizeof(figures) - used,
			 ngettext(" · * %zu with a new answer", " · * %zu with new answers",
				  (unsigned long)nunread),
			 nunread);
	}
	/* Requests an older load left stay shown while a new one fails. */
	ui_load_header(&sp.load, sp.pg.first_done || sp.pg.n > 0, _("Support requests"), figures, line,
		       sizeof(line));
	ui_put(pane, 0, 1, cols - 2, UI_LEFT, sp.load.failed ? AREA_ERROR : AREA_DEFAULT, line);
	if (rows < 3)
		return;
	if (sp.pg.n == 0) {
		const char *text = sp.load.failed ? ui_load_status(&sp.load, line, sizeof(line))
				   : !sp.pg.first_done ? _("Loading the support requests...")
						    : _("No requests yet. Press c to write to support.");
		ui_put(pane, 2, 1, cols - 2, UI_LEFT, sp.load.failed ? AREA_ERROR : AREA_DEFAULT, text);
		return;
	}
	ui_list_draw(&sp.list, pane, 1, sp.load.failed && rows > 3 ? rows - 2 : rows - 1, cols);
	if (sp.load.failed && rows > 3)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&sp.load, line, sizeof(line)));
}

static enum ui_key_result sp_key(struct app *app, enum action act, int key)
{
	const struct request *r = selected();

	(void)key;
	switch (act) {
	case ACT_REQUEST_CREATE:
		support_form_show(app, NULL);
		return UI_DONE;
	case ACT_REQUEST_REPLY:
		if (!r)
			return UI_DONE;
		if (r->status == REQ_CLOSED)
			ui_message(UI_MSG_INFO, _("Request %s is closed: it takes no more messages."), r->id);
		else
			support_form_show(app, r);
		return UI_DONE;
	case ACT_REQUEST_CLOSE:
		if (r)
			close_request(app, r);
		return UI_DONE;
	default:
		break;
	}
	if (sp.thread) {
		if (act == ACT_BACK || act == ACT_CANCEL) {
			close_thread();
			return UI_DONE;
		}
		if (act == ACT_ENTER)
			return UI_DONE;
		return ui_thread_key(&sp.th, act) ? UI_DONE : UI_PASS;
	}
	if (act == ACT_ENTER) {
		if (r)
			open_thread(r);
		return UI_DONE;
	}
	if (!ui_list_key(&sp.list, act))
		return UI_PASS;
	ui_paged_maybe_more(app, &sp.pg);
	return UI_DONE;
}

static void sp_search(struct app *app, const char *text, int dir)
{
	if (sp.thread)
		close_thread();
	ui_list_search_say(&sp.list, ui_list_search(&sp.list, text, dir, opt.wrap_search), dir);
	ui_paged_maybe_more(app, &sp.pg);
}

static int sp_tick(struct app *app)
{
	ui_paged_maybe_more(app, &sp.pg);
	return -1;
}

static void sp_open(struct app *app)
{
	sp.app = app;
	sp.load.done = loaded;
	sp.load.what = what_of;
	sp.load.failed_item = failed_item;
	ui_list_init(&sp.list, sp_cols, COL_COUNT, &sp_list_ops, app);
	sp.pg.ops = &sp_paged;
	sp.pg.load = &sp.load;
	sp.pg.list = &sp.list;
	ui_paged_drop(&sp.pg);
	sp.thread = false;
	reload(app);
}

static void sp_close(struct app *app)
{
	(void)app;
	ui_load_drop(&sp.load);
	ui_thread_free(&sp.th);
	ui_paged_free(&sp.pg);
	sp.thread = false;
	sp.app = NULL;
}

static void sp_reload(struct app *app)
{
	reload(app);
}

static const struct ui_hint sp_hints[] = {
	{ ACT_ENTER, N_("open") },
	{ ACT_REQUEST_CREATE, N_("new request") },
	{ ACT_REQUEST_REPLY, N_("reply") },
	{ ACT_REQUEST_CLOSE, N_("close") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint thread_hints[] = {
	{ ACT_REQUEST_REPLY, N_("reply") },
	{ ACT_REQUEST_CLOSE, N_("close") },
	{ ACT_PAGE_DOWN, N_("scroll") },
	{ ACT_BACK, N_("back to the list") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *sp_hints_now(struct app *app)
{
	(void)app;
	return sp.thread ? thread_hints : sp_hints;
}

/* A closed request takes neither a reply nor a close: neither is offered. */
static bool sp_accepts(struct app *app, enum action act)
{
	const struct request *r = selected();

	if (act == ACT_REQUEST_REPLY || act == ACT_REQUEST_CLOSE)
		return r && r->status != REQ_CLOSED;
	return ui_list_accepts(app, act);
}

const struct screen_ops support_screen = {
	.name = "support",
	.title = N_("Support"),
	.keymap = KEYMAP_SUPPORT,
	.top_level = true,
	.open = sp_open,
	.close = sp_close,
	.draw = sp_draw,
	.key = sp_key,
	.reload = sp_reload,
	.tick = sp_tick,
	.hints = sp_hints,
	.hints_now = sp_hints_now,
	.search = sp_search,
	.accepts = sp_accepts,
};
