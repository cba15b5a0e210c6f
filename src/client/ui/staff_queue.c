/* The staff's screen 1, the support queue (kabinet --staff): every subscriber's
 * requests on the list view as screen 7 lists the subscriber's own (staffGetQueue, a
 * page at a time by cursor, in the server's order: open ones first, the longest
 * waiting first) — status, how long it has waited (or answered), the subscriber,
 * the account, the topic, the assignee. Enter opens a request's thread
 * (staffGetRequest), drawn as screen 7 draws one (thread.c). On the list or in the
 * thread: R replies in screen 7's form (support_form_staff(), staffReply), s sets the
 * status from a small choice (closing asks first), a assigns the request to me; each
 * through the one change path (API_STAFF), after which the queue and the thread are
 * read again. A closed request takes none of the three: refused before any request. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paged.h"
#include "kabinet/ui/staff.h"
#include "kabinet/ui/staff_queue.h"
#include "kabinet/ui/thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/date.h"
#include "kabinet/model/staff_queue.h"
#include "kabinet/model/text.h"

#define PAGE_LIMIT 50

enum { R_PAGE, R_THREAD };
enum col { COL_STATUS, COL_AGE, COL_NAME, COL_ACCOUNT, COL_TOPIC, COL_ASSIGNEE, COL_COUNT };

/* The statuses a member of staff sets, in the order of the choice. */
static const enum staff_req_status choices[] = { SRQ_IN_PROGRESS, SRQ_WAITING, SRQ_CLOSED };
#define NCHOICES (sizeof(choices) / sizeof(choices[0]))

static struct {
	struct app *app;
	struct ui_loader load;
	struct ui_list list;
	struct ui_paged pg;	/* the queue, loaded by cursor (paged.h) */

	/* The thread of one request, over the list while open. */
	bool thread;
	char thread_id[64];
	bool have_thread;		/* tr holds thread_id's request as it came */
	bool to_end;			/* the newest message in view once it comes */
	struct staff_request tr;
	struct ui_thread th;

	/* The status choice, over the list or the thread while open. */
	bool choosing;
	size_t choice;

	/* When the queue's last page and the thread came (monotonic seconds): the waits
	 * count up from the server's figures; the minute drawn last. */
	time_t page_at, thread_at;
	time_t drawn_minute;
} sq;

/* --- loading --- */

static struct staff_request *req_at(size_t i)
{
	return ui_paged_row(&sq.pg, i);
}

static bool fetch_page(struct app *app, const char *cursor)
{
	return ui_load_call(app, &sq.load, "staffGetQueue", model_body_staff_queue(PAGE_LIMIT, cursor),
			    R_PAGE, NULL);
}

static void free_row(void *r)
{
	model_free_staff_request(r);
}

static const char *row_id(const void *r)
{
	return ((const struct staff_request *)r)->id;
}

static const struct ui_paged_ops sq_paged = {
	.size = sizeof(struct staff_request),
	.first_cap = 64,
	.what = N_("The support queue"),
	.fetch = fetch_page,
	.free_row = free_row,
	.row_id = row_id,
};

/* From the first page, and the open thread: what is shown stays until the answers
 * replace it, and the selected request stays selected when it is still there. */
static void reload(struct app *app)
{
	ui_load_begin(&sq.load);
	ui_paged_begin(&sq.pg, true);
	ui_paged_fetch(app, &sq.pg);
	if (sq.thread)
		ui_load_call(app, &sq.load, "staffGetRequest", model_body_request_id(sq.thread_id),
			     R_THREAD, NULL);
}

void staff_queue_reload(struct app *app)
{
	if (sq.app)
		reload(app);
}

static void took_thread(struct app *app, const char *key, const struct api_reply *reply)
{
	struct staff_request r;
	struct model_err err;

	if (model_parse_staff_request(reply->body, &r, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &sq.load, R_THREAD, key, err.msg);
		return;
	}
	/* An answer for a thread closed (or another opened) meanwhile finds nobody. */
	if (!sq.thread || strcmp(r.id, sq.thread_id)) {
		model_free_staff_request(&r);
		return;
	}
	model_free_staff_request(&sq.tr);
	model_move_staff_request(&sq.tr, &r);
	sq.thread_at = ui_now_s();
	sq.have_thread = true;
	ui_thread_changed(&sq.th);
	if (sq.to_end)
		ui_thread_end(&sq.th);
	sq.to_end = false;
	ui_dirty(UI_DIRTY_BOTTOM);
}

static void took_page(struct app *app, const char *key, const struct api_reply *reply)
{
	struct staff_queue_page page;
	struct model_err err;
	char sel[sizeof(((struct staff_request *)0)->id)];

	ui_paged_came(&sq.pg);
	if (model_parse_staff_queue(reply->body, &page, &err) != MODEL_OK) {
		ui_paged_failed(&sq.pg);
		ui_load_bad_reply(app, &sq.load, R_PAGE, key, err.msg);
		return;
	}
	if (!ui_paged_guard(&sq.pg, page.n, reply->body_len, page.next_cursor)) {
		model_free_staff_queue(&page);
		return;
	}
	ui_paged_replace(&sq.pg, sel, sizeof(sel));
	if (!ui_paged_reserve(&sq.pg, page.n)) {
		model_free_staff_queue(&page);
		ui_paged_failed(&sq.pg);
		ui_load_fail(&sq.load, _("The support queue"), _("Out of memory."), false);
		return;
	}
	for (size_t i = 0; i < page.n; i++)
		model_move_staff_request(req_at(sq.pg.n++), &page.items[i]);
	sq.page_at = ui_now_s();
	ui_paged_took(&sq.pg, page.next_cursor);
	model_free_staff_queue(&page);
	ui_list_set_rows(&sq.list, sq.pg.n, false);
	ui_list_changed(&sq.list);
	ui_paged_select(&sq.pg, sel);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	if (kind == R_THREAD)
		took_thread(app, key, reply);
	else
		took_page(app, key, reply);
}

static void failed_item(struct app *app, int kind, const char *key)
{
	(void)app, (void)key;
	if (kind == R_PAGE)
		ui_paged_failed(&sq.pg);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)key;
	snprintf(buf, size, "%s", kind == R_PAGE ? _("The support queue") : _("The request"));
}

/* --- the list --- */

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct staff_request *r = row < sq.pg.n ? req_at(row) : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!r)
		return;
	switch ((enum col)col) {
	case COL_STATUS:
		snprintf(buf, size, "%s", staff_req_status_name(r->status));
		break;
	case COL_AGE:
		staff_req_age(r, ui_now_s() - sq.page_at, buf, size);
		break;
	case COL_NAME:
		snprintf(buf, size, "%s", r->subscriber);
		break;
	case COL_ACCOUNT:
		snprintf(buf, size, "%s", r->account_number);
		break;
	case COL_TOPIC:
		snprintf(buf, size, "%s", r->topic);
		break;
	case COL_ASSIGNEE:
		snprintf(buf, size, "%s", r->assignee_name);
		break;
	case COL_COUNT:
		break;
	}
}

/* What waits for an answer stands out. */
static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud;
	if (row < sq.pg.n && col == COL_AGE && req_at(row)->waiting &&
	    req_at(row)->status != SRQ_CLOSED)
		return AREA_WARNING;
	return AREA_DEFAULT;
}

/* No request listed is assigned: the column would stand empty. */
static bool nobody_assigned(void *ud)
{
	(void)ud;
	for (size_t i = 0; i < sq.pg.n; i++)
		if (req_at(i)->assignee_name[0])
			return false;
	return true;
}

/* The topic is cut before the name (a whole name is 21 characters or so: Иванов Пётр
 * Сергеевич). */
static const struct ui_col sq_cols[COL_COUNT] = {
	[COL_STATUS] = { .title = N_("Status"), .align = UI_LEFT },
	[COL_AGE] = { .title = N_("Waiting"), .align = UI_LEFT },
	[COL_NAME] = { .title = N_("Subscriber"), .align = UI_LEFT, .min = 21 },
	[COL_ACCOUNT] = { .title = N_("Account"), .align = UI_LEFT, .drop = 2 },
	[COL_TOPIC] = { .title = N_("Topic"), .align = UI_LEFT, .min = 12 },
	[COL_ASSIGNEE] = { .title = N_("Assignee"), .align = UI_LEFT, .drop = 1,
			   .hidden = nobody_assigned },
};

static const struct ui_list_ops sq_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

static struct staff_request *find(const char *id)
{
	for (size_t i = 0; i < sq.pg.n; i++)
		if (!strcmp(req_at(i)->id, id))
			return req_at(i);
	return NULL;
}

/* --- the thread --- */

/* Who wrote a message: support with the staff member's name, or the subscriber. */
static void thread_heading(const struct req_message *m, const char *when, char *line,
			   size_t size)
{
	char who[sizeof(m->author)];

	if (m->support && m->author[0]) {
		text_clean(m->author, text_out_flags(), who, sizeof(who));
		snprintf(line, size, _("Support, %s · %s"), who, when);
	} else if (m->support) {
		snprintf(line, size, "%s · %s", _("Support"), when);
	} else {
		text_clean(sq.tr.subscriber, text_out_flags(), who, sizeof(who));
		snprintf(line, size, "%s · %s", who, when);
	}
}

/* The request's lines over its thread: who asked about what account, since when;
 * its status, wait and assignee. */
static int thread_top(WINDOW *pane, int rows, int cols, const struct staff_request *r)
{
	char line[1024], when[64], acc[64], age[64], who[320];
	int y = 0;

	snprintf(line, sizeof(line), _("Request %s: %s"), r->id, r->topic);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, line);
	if (r->account_number[0])
		snprintf(acc, sizeof(acc), _("account %s"), r->account_number);
	else
		snprintf(acc, sizeof(acc), "%s", _("no account"));
	snprintf(line, sizeof(line), _("%s · %s · opened %s"), r->subscriber, acc,
		 date_instant(r->created_at, when, sizeof(when)));
	if (y < rows)
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	staff_req_age(r, ui_now_s() - sq.thread_at, age, sizeof(age));
	if (r->assignee_name[0])
		snprintf(who, sizeof(who), _("assigned to %s"), r->assignee_name);
	else
		snprintf(who, sizeof(who), "%s", _("not assigned"));
	if (r->waiting && r->status != SRQ_CLOSED)
		snprintf(line, sizeof(line), _("Status: %s · waiting %s · %s"),
			 staff_req_status_name(r->status), age, who);
	else
		snprintf(line, sizeof(line), _("Status: %s · %s"), staff_req_status_name(r->status), who);
	if (y < rows)
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	if (y < rows)
		ui_hline(pane, y++, 1, cols - 2);
	return y;
}

static void draw_thread(WINDOW *pane, int rows, int cols)
{
	int y;

	if (!sq.have_thread) {
		ui_load_draw_wait(pane, 0, cols, &sq.load, _("Loading the request..."));
		return;
	}
	y = thread_top(pane, rows, cols, &sq.tr);
	ui_thread_draw(&sq.th, pane, y, rows, cols, sq.tr.msgs, sq.tr.nmsgs, thread_heading);
}

static void thread_drop(void)
{
	ui_thread_free(&sq.th);
	model_free_staff_request(&sq.tr);
	sq.have_thread = false;
}

/* The thread of request id is the one shown (what it showed of another is dropped). */
static void thread_set(const char *id)
{
	if (!sq.thread || strcmp(sq.thread_id, id))
		thread_drop();
	snprintf(sq.thread_id, sizeof(sq.thread_id), "%s", id);
	sq.thread = true;
	ui_thread_start(&sq.th);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void open_thread(struct app *app, const char *id)
{
	thread_set(id);
	ui_load_call(app, &sq.load, "staffGetRequest", model_body_request_id(id), R_THREAD, NULL);
}

static void close_thread(void)
{
	sq.thread = false;
	thread_drop();
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* --- changes --- */

/* The request the keys are about: the thread's, else the selected row. */
static const struct staff_request *selected(void)
{
	if (sq.thread)
		return sq.have_thread ? &sq.tr : find(sq.thread_id);
	return sq.list.sel < sq.pg.n ? req_at(sq.list.sel) : NULL;
}

void staff_queue_replied(struct app *app, const struct api_reply *reply)
{
	struct staff_request r;
	struct model_err err;

	if (!sq.app)
		return;
	if (model_parse_staff_request(reply->body, &r, &err) == MODEL_OK) {
		ui_message(UI_MSG_INFO, _("Your reply to request %s was sent."), r.id);
		/* As screen 7 does: the thread with the reply, the newest message in view. */
		thread_set(r.id);
		sq.to_end = true;
		model_free_staff_request(&r);
	}
	reload(app);
}

static void changed(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)reply, (void)ud;
	if (sq.app)
		reload(app);
}

static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)reply, (void)ud;
	/* Closed or gone meanwhile: what the queue shows is read anew; the server's
	 * words go to the bottom line. */
	if (sq.app)
		reload(app);
	return false;
}

static void settle(struct app *app, void *ud)
{
	changed(app, NULL, ud);
}

/* Whether r takes a reply, a status or an assignee: a closed one says no here. */
static bool open_or_say(const struct staff_request *r)
{
	if (r->status != SRQ_CLOSED)
		return true;
	ui_message(UI_MSG_INFO, _("Request %s is closed: it takes no reply, status or assignee."),
		   r->id);
	return false;
}

static void set_status(struct app *app, const struct staff_request *r, enum staff_req_status s)
{
	struct ui_change c = { .act = ACT_STAFF_STATUS, .method = "staffSetRequestStatus",
			       .flags = API_STAFF, .done = changed, .refused = refused,
			       .settle = settle };

	if (s == SRQ_CLOSED) {
		snprintf(c.question, sizeof(c.question), _("Close request %s?"), r->id);
		snprintf(c.detail, sizeof(c.detail),
			 _("Topic: %s\nA closed request takes no more messages."), r->topic);
	}
	snprintf(c.done_msg, sizeof(c.done_msg), _("Request %s is now %s."), r->id,
		 staff_req_status_name(s));
	c.body = model_body_staff_status(r->id, s);
	ui_change(app, &c);
}

static void assign(struct app *app, const struct staff_request *r)
{
	struct ui_change c = { .act = ACT_STAFF_ASSIGN, .method = "staffAssignRequest",
			       .flags = API_STAFF, .done = changed, .refused = refused,
			       .settle = settle };

	if (!strcmp(r->assignee_login, app->staff.login)) {
		ui_message(UI_MSG_INFO, _("Request %s is assigned to you already."), r->id);
		return;
	}
	snprintf(c.done_msg, sizeof(c.done_msg), _("Request %s is assigned to you."), r->id);
	c.body = model_body_request_id(r->id);
	ui_change(app, &c);
}

/* --- the status choice --- */

/* A small box in the middle of the pane: the three statuses, the chosen one marked. */
static void draw_choice(WINDOW *pane, int rows, int cols)
{
	const struct staff_request *r = selected();
	int w = cols - 4 < 50 ? cols - 4 : 50, h = (int)NCHOICES + 4;
	WINDOW *box;
	char line[512];

	if (!r || w < 16 || rows < h ||
	    !(box = derwin(pane, h, w, (rows - h) / 2, (cols - w) / 2)))
		return;
	werase(box);
	ui_box(box);
	snprintf(line, sizeof(line), _("Status of request %s"), r->id);
	ui_put_attr(box, 1, 2, w - 4, UI_LEFT, A_BOLD, 0, line);
	for (size_t i = 0; i < NCHOICES; i++) {
		snprintf(line, sizeof(line), "%zu  %s", i + 1, staff_req_status_name(choices[i]));
		ui_put(box, 2 + (int)i, 2, w - 4, UI_LEFT,
		       i == sq.choice ? AREA_FIELD_ACTIVE : AREA_DEFAULT, line);
	}
	touchwin(pane);
	delwin(box);
}

static void choose(struct app *app)
{
	const struct staff_request *r = selected();

	if (!r || !open_or_say(r))
		return;
	sq.choosing = true;
	sq.choice = r->status == SRQ_IN_PROGRESS ? 1 : 0;
	(void)app;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void choice_end(void)
{
	sq.choosing = false;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static enum ui_key_result choice_key(struct app *app, enum action act, int key)
{
	const struct staff_request *r = selected();

	if (key >= KEYS_CHR('1') && key < KEYS_CHR('1') + (int)NCHOICES) {
		sq.choice = (size_t)(key - KEYS_CHR('1'));
		act = ACT_ENTER;
	}
	switch (act) {
	case ACT_MOVE_UP:
		sq.choice = (sq.choice + NCHOICES - 1) % NCHOICES;
		break;
	case ACT_MOVE_DOWN:
		sq.choice = (sq.choice + 1) % NCHOICES;
		break;
	case ACT_ENTER:
		choice_end();
		if (r)
			set_status(app, r, choices[sq.choice]);
		return UI_DONE;
	case ACT_CANCEL:
	case ACT_BACK:
		choice_end();
		return UI_DONE;
	case ACT_HELP:
	case ACT_QUIT:
		return UI_PASS;
	default:
		break;
	}
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

/* --- the screen --- */

static void sq_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], figures[512], count[32];
	size_t nwaiting = 0;

	(void)app;
	if (sq.thread) {
		draw_thread(pane, rows, cols);
	} else {
		for (size_t i = 0; i < sq.pg.n; i++)
			nwaiting += req_at(i)->waiting && req_at(i)->status != SRQ_CLOSED;
		ui_number((int64_t)sq.pg.n, count, sizeof(count));
		snprintf(figures, sizeof(figures),
			 ngettext("%s request", "%s requests", (unsigned long)(sq.pg.n % 1000000)), count);
		if (nwaiting) {
			size_t used = strlen(figures);
			snprintf(figures + used, sizeof(figures) - used,
				 ngettext(" · %zu waiting for an answer", " · %zu waiting for an answer",
					  (unsigned long)nwaiting),
				 nwaiting);
		}
		/* Requests an older load left stay shown while a new one fails. */
		ui_load_header(&sq.load, sq.pg.first_done || sq.pg.n > 0, _("Support queue"), figures,
			       line, sizeof(line));
		ui_put(pane, 0, 1, cols - 2, UI_LEFT, sq.load.failed ? AREA_ERROR : AREA_DEFAULT, line);
		if (rows < 3)
			return;
		if (sq.pg.n == 0) {
			const char *text = sq.load.failed ? ui_load_status(&sq.load, line, sizeof(line))
					   : !sq.pg.first_done ? _("Loading the support queue...")
							    : _("The queue is empty: no requests.");
			ui_put(pane, 2, 1, cols - 2, UI_LEFT, sq.load.failed ? AREA_ERROR : AREA_DEFAULT,
			       text);
		} else {
			ui_list_draw(&sq.list, pane, 1, sq.load.failed && rows > 3 ? rows - 2 : rows - 1,
				     cols);
			if (sq.load.failed && rows > 3)
				ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
				       ui_load_status(&sq.load, line, sizeof(line)));
		}
	}
	if (sq.choosing)
		draw_choice(pane, rows, cols);
}

/* R, s, a on the request the keys are about; false for any other action. */
static bool change_key(struct app *app, enum action act)
{
	const struct staff_request *r;

	if (act != ACT_STAFF_REPLY && act != ACT_STAFF_STATUS && act != ACT_STAFF_ASSIGN)
		return false;
	if (!(r = selected()) || !open_or_say(r))
		return true;
	if (act == ACT_STAFF_REPLY)
		support_form_staff(app, r->id, r->topic);
	else if (act == ACT_STAFF_STATUS)
		choose(app);
	else
		assign(app, r);
	return true;
}

static enum ui_key_result sq_key(struct app *app, enum action act, int key)
{
	const struct staff_request *r = selected();

	if (sq.choosing)
		return choice_key(app, act, key);
	if (change_key(app, act))
		return UI_DONE;
	if (sq.thread) {
		if (act == ACT_BACK || act == ACT_CANCEL) {
			close_thread();
			return UI_DONE;
		}
		if (act == ACT_ENTER)
			return UI_DONE;
		return ui_thread_key(&sq.th, act) ? UI_DONE : UI_PASS;
	}
	if (act == ACT_ENTER) {
		if (r)
			open_thread(app, r->id);
		return UI_DONE;
	}
	if (!ui_list_key(&sq.list, act))
		return UI_PASS;
	ui_paged_maybe_more(app, &sq.pg);
	return UI_DONE;
}

static void sq_search(struct app *app, const char *text, int dir)
{
	if (sq.thread)
		close_thread();
	ui_list_search_say(&sq.list, ui_list_search(&sq.list, text, dir, opt.wrap_search), dir);
	ui_paged_maybe_more(app, &sq.pg);
}

/* The waits shown count up: the pane again each new minute. */
static int sq_tick(struct app *app)
{
	time_t now = ui_now_s(), minute = (now - sq.page_at) / 60;

	ui_paged_maybe_more(app, &sq.pg);
	if (!sq.pg.n)
		return -1;
	if (minute != sq.drawn_minute) {
		sq.drawn_minute = minute;
		ui_dirty(UI_DIRTY_PANE);
	}
	return (int)(60 - (now - sq.page_at) % 60) * 1000;
}

static void sq_open(struct app *app)
{
	sq.app = app;
	sq.load.done = loaded;
	sq.load.what = what_of;
	sq.load.failed_item = failed_item;
	sq.load.flags = API_STAFF;
	ui_list_init(&sq.list, sq_cols, COL_COUNT, &sq_list_ops, app);
	sq.pg.ops = &sq_paged;
	sq.pg.load = &sq.load;
	sq.pg.list = &sq.list;
	ui_paged_drop(&sq.pg);
	sq.thread = sq.choosing = false;
	reload(app);
}

static void sq_close(struct app *app)
{
	(void)app;
	ui_load_drop(&sq.load);
	thread_drop();
	ui_paged_free(&sq.pg);
	sq.thread = sq.choosing = false;
	sq.app = NULL;
}

static void sq_reload(struct app *app)
{
	reload(app);
}

static const struct ui_hint sq_hints[] = {
	{ ACT_ENTER, N_("open") },
	{ ACT_STAFF_REPLY, N_("reply") },
	{ ACT_STAFF_STATUS, N_("status") },
	{ ACT_STAFF_ASSIGN, N_("assign to me") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint thread_hints[] = {
	{ ACT_STAFF_REPLY, N_("reply") },
	{ ACT_STAFF_STATUS, N_("status") },
	{ ACT_STAFF_ASSIGN, N_("assign to me") },
	{ ACT_PAGE_DOWN, N_("scroll") },
	{ ACT_BACK, N_("back to the queue") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint choice_hints[] = {
	{ ACT_ENTER, N_("set") },
	{ ACT_CANCEL, N_("cancel") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *sq_hints_now(struct app *app)
{
	(void)app;
	return sq.choosing ? choice_hints : sq.thread ? thread_hints : sq_hints;
}

/* A closed request takes no reply, status or assignee: none is offered. */
static bool sq_accepts(struct app *app, enum action act)
{
	const struct staff_request *r = selected();

	if (act == ACT_STAFF_REPLY || act == ACT_STAFF_STATUS || act == ACT_STAFF_ASSIGN)
		return !sq.choosing && r && r->status != SRQ_CLOSED;
	return ui_list_accepts(app, act);
}

static const struct ui_key_doc sq_keys[] = {
	{ "Enter", N_("Open the request's thread (in the status choice: set the status)"), ACT_NONE },
	{ "1, 2, 3", N_("In the status choice: in progress, waiting for the subscriber, closed"),
	  ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *sq_own_keys(struct app *app)
{
	(void)app;
	return sq_keys;
}

const struct screen_ops staff_queue_screen = {
	.name = "queue",
	.title = N_("Queue"),
	.keymap = KEYMAP_QUEUE,
	.top_level = true,
	.open = sq_open,
	.close = sq_close,
	.draw = sq_draw,
	.key = sq_key,
	.reload = sq_reload,
	.tick = sq_tick,
	.hints = sq_hints,
	.hints_now = sq_hints_now,
	.search = sq_search,
	.accepts = sq_accepts,
	.own_keys = sq_own_keys,
};
