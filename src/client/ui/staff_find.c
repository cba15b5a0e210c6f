/* The staff's screen 2, "Subscribers" (kabinet --staff): the search line at the top
 * (`/` types the query, `:find TEXT` comes here with it: staffFindSubscribers, by
 * account number, phone, e-mail, login or the start of the name), the status of the
 * lookup (a rate limit said with when to try again) and the subscribers found on the
 * list view: name, masked contacts, accounts. Enter on one asks for the reason over
 * the list (one field, 3 to 200 characters, checked as typed; the server's refusal
 * next to it, the text kept) and opens the read-only view of their cabinet
 * (staff_view_open, staff.c); Esc from the view comes back here, the list as it was.
 * Every text of the server's is drawn through draw.c. */
#include "kabinet/ui/staff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/staff_find.h"
#include "kabinet/model/text.h"
#include "kabinet/net/api.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/paste.h"

#define QUERY_BYTES (STAFF_FIND_QUERY_MAX * 4 + 1)

enum col { COL_NAME, COL_PHONE, COL_EMAIL, COL_ACCOUNTS, COL_COUNT };

/* The lookup and what it found: kept while the staff member is in a view, so that
 * Esc comes back to the same list. */
static struct {
	struct app *app;
	char login[256];	/* the staff login the results are of */
	char query[QUERY_BYTES];	/* the last query sent */
	struct staff_find_result found;
	bool answered;		/* the last query's answer came */
	bool busy;
	unsigned gen;		/* the lookup in flight; older answers are dropped */
	char error[512];	/* why the last lookup gave nothing */
	struct ui_list list;
} sf;

/* --- the lookup --- */

static void say_error(const char *text)
{
	text_copy(sf.error, sizeof(sf.error), text);
	ui_dirty(UI_DIRTY_PANE);
}

/* A rate limit: from when the server takes lookups again, in local time (the
 * server's words when it asked for longer than is believed). */
static void say_limited(struct app *app, const struct api_reply *reply)
{
	char at[32] = "";
	time_t when = time(NULL) + reply->retry_after;
	struct tm tm;

	if (reply->retry_after > 0 && !reply->retry_capped && localtime_r(&when, &tm))
		strftime(at, sizeof(at), "%H:%M:%S", &tm);
	if (at[0])
		snprintf(sf.error, sizeof(sf.error), _("Too many lookups: try again at %s."), at);
	else
		app_reply_text(app, reply, sf.error, sizeof(sf.error));
	ui_dirty(UI_DIRTY_PANE);
}

static void took(const struct api_reply *reply)
{
	struct staff_find_result r;
	struct model_err err;
	char text[512];

	if (model_parse_staff_find(reply->body, &r, &err) != MODEL_OK) {
		snprintf(text, sizeof(text), _("The server's answer could not be read: %s"), err.msg);
		say_error(text);
		return;
	}
	model_free_staff_find(&sf.found);
	sf.found = r;
	sf.answered = true;
	ui_list_set_rows(&sf.list, sf.found.n, false);
	ui_list_changed(&sf.list);
	sf.list.sel = sf.list.top = 0;
}

static void found(void *ud, const struct api_reply *reply)
{
	char text[512];

	if ((unsigned)(uintptr_t)ud != sf.gen)
		return;	/* an older lookup's */
	sf.busy = false;
	ui_dirty(UI_DIRTY_PANE);
	if (app_reply_ok(reply)) {
		took(reply);
	} else if (reply->err == APIERR_UNAUTHORIZED && reply->fail == API_FAIL_NONE) {
		ui_session_ended();
	} else if (reply->err == APIERR_RATE_LIMITED) {
		say_limited(sf.app, reply);
	} else if (reply->fail == API_FAIL_CANCELLED) {
		say_error(_("The lookup was stopped."));
	} else {
		say_error(app_reply_text(sf.app, reply, text, sizeof(text)));
	}
}

/* Looks up `text` (trimmed): what the list shows is replaced when the answer comes. */
static void lookup(struct app *app, const char *text)
{
	char q[QUERY_BYTES];
	const char *problem;
	char *body;
	size_t b = 0, e;

	while (text[b] == ' ')
		b++;
	e = strlen(text + b);
	while (e && text[b + e - 1] == ' ')
		e--;
	snprintf(q, sizeof(q), "%.*s", (int)e, text + b);
	problem = staff_query_problem(q);
	if (problem) {
		ui_message(UI_MSG_ERROR, "%s", problem);
		return;
	}
	body = model_staff_find_body(q);
	sf.gen++;
	if (!body || !api_call(app->api, "staffFindSubscribers", body, API_READ | API_STAFF, found,
			       (void *)(uintptr_t)sf.gen)) {
		free(body);
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	free(body);
	snprintf(sf.query, sizeof(sf.query), "%s", q);
	sf.busy = true;
	sf.error[0] = '\0';
	ui_dirty(UI_DIRTY_PANE);
}

/* --- the list --- */

static const struct staff_subscriber *sub_at(size_t i)
{
	return i < sf.found.n ? &sf.found.items[i] : NULL;
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct staff_subscriber *s = sub_at(row);

	(void)ud;
	buf[0] = '\0';
	if (!s)
		return;
	switch ((enum col)col) {
	case COL_NAME:
		snprintf(buf, size, "%s", s->name);
		break;
	case COL_PHONE:
		snprintf(buf, size, "%s", s->phone[0] ? s->phone : "—");
		break;
	case COL_EMAIL:
		snprintf(buf, size, "%s", s->email[0] ? s->email : "—");
		break;
	case COL_ACCOUNTS:
		/* The first, and how many more (all of them under the list). */
		if (!s->naccounts)
			snprintf(buf, size, "—");
		else if (s->naccounts == 1)
			snprintf(buf, size, "%s", s->accounts[0]);
		else
			snprintf(buf, size, "%s +%zu", s->accounts[0], s->naccounts - 1);
		break;
	case COL_COUNT:
		break;
	}
}

static const struct ui_col sf_cols[COL_COUNT] = {
	[COL_NAME] = { .title = N_("Name"), .align = UI_LEFT, .min = 14 },
	[COL_PHONE] = { .title = N_("Phone"), .align = UI_LEFT, .drop = 1 },
	[COL_EMAIL] = { .title = N_("E-mail"), .align = UI_LEFT, .drop = 2, .min = 12 },
	[COL_ACCOUNTS] = { .title = N_("Accounts"), .align = UI_LEFT },
};

static const struct ui_list_ops sf_list_ops = {
	.cell = list_cell,
};

/* --- the reason, asked over the list --- */

static const struct screen_ops reason_screen;

static struct {
	struct ui_field field;
	struct ui_form form;
	char handle[64];	/* the subscriber's */
	char name[512];
	bool open;
	bool tried;		/* Enter was pressed once: a short reason is said too */
	uint64_t print;
	int cy, cx;
} rf;

static void reason_text(char *out, size_t size)
{
	ui_field_text(&rf.field, out, size);
}

/* Checked as typed: too long or a control character at once, too short once Enter
 * was pressed (a reason is typed from nothing). */
static void reason_check(void)
{
	char text[UI_EDIT_MAX * 4 + 1];
	const char *problem;

	reason_text(text, sizeof(text));
	problem = staff_reason_problem(text);
	if (problem && !rf.tried && !strcmp(problem, staff_reason_problem("")))
		problem = NULL;
	ui_field_error(&rf.field, problem);
}

static void reason_validate(struct ui_form *form, size_t i, void *ud)
{
	(void)form, (void)i, (void)ud;
	reason_check();
}

static void reason_refused(struct app *app, const struct api_reply *reply)
{
	char text[512];

	if (ui_front() != &reason_screen) {
		ui_message(UI_MSG_ERROR, "%s", app_reply_text(app, reply, text, sizeof(text)));
		return;
	}
	if (reply->err == APIERR_NOT_FOUND)
		ui_field_error(&rf.field, _("This subscriber is not found any more: look them up again."));
	else
		ui_field_error(&rf.field, app_reply_text(app, reply, text, sizeof(text)));
	ui_clear_info_message();
	ui_dirty(UI_DIRTY_ALL);
}

static void reason_submit(struct app *app)
{
	char text[UI_EDIT_MAX * 4 + 1];

	rf.tried = true;
	reason_check();
	if (rf.field.error[0])
		return;
	reason_text(text, sizeof(text));
	staff_view_open(app, rf.handle, text, &staff_subscribers_screen, reason_refused);
}

static void ask_reason(struct app *app, const struct staff_subscriber *s)
{
	(void)app;
	memset(&rf, 0, sizeof(rf));
	rf.field = (struct ui_field){ .kind = UI_FIELD_TEXT,
				      .label = N_("Reason") };
	rf.field.edit.max = STAFF_REASON_MAX + 20;
	rf.form = (struct ui_form){ &rf.field, 1, 0, reason_validate, NULL };
	snprintf(rf.handle, sizeof(rf.handle), "%s", s->handle);
	snprintf(rf.name, sizeof(rf.name), "%s", s->name);
	ui_form_focus(&rf.form, 0);
	rf.print = ui_form_print(&rf.form, 0);
	rf.open = true;
	ui_push(&reason_screen);
}

static void rf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	int w = cols - 2 > 76 ? 76 : cols - 2, y = 0, cy = -1, cx = -1;
	char line[1024], count[64];

	(void)app;
	ui_put_attr(pane, y++, 1, w, UI_LEFT, A_BOLD, 0, _("Open a read-only view of the cabinet"));
	y++;
	snprintf(line, sizeof(line), _("Subscriber: %s"), rf.name);
	ui_put(pane, y++, 1, w, UI_LEFT, AREA_DEFAULT, line);
	y += ui_put_wrapped(pane, y, 1, w, 3, AREA_DEFAULT,
			    _("Give the reason: a ticket number or a few words. The view is "
			      "recorded, and the subscriber sees who looked, when and why. "
			      "Nothing can be changed in it.")) + 1;
	snprintf(count, sizeof(count), _("%zu of 200 characters"), rf.field.edit.len);
	snprintf(rf.field.note, sizeof(rf.field.note), "%s", count);
	y += ui_form_draw(pane, y, 1, w, &rf.form, &cy, &cx);
	if (y + 1 < rows)
		ui_put_wrapped(pane, y + 1, 1, w, rows - y - 1, AREA_DEFAULT,
			       _("Enter: open the view · Esc: back to the list"));
	rf.cy = cy < rows ? cy : -1;
	rf.cx = cx;
}

static enum ui_key_result rf_key(struct app *app, enum action act, int key)
{
	enum ui_form_result r;

	if (act == ACT_CANCEL) {
		ui_pop();
		return UI_DONE;
	}
	r = ui_form_key(&rf.form, act, key);
	if (r == UI_FORM_PASS)
		return UI_PASS;
	if (r == UI_FORM_SUBMIT)
		reason_submit(app);
	else
		reason_check();
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static bool rf_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (rf.cy < 0)
		return false;
	*y = rf.cy;
	*x = rf.cx;
	return true;
}

static bool rf_typed(struct app *app)
{
	(void)app;
	return rf.open && ui_form_print(&rf.form, 0) != rf.print;
}

static void rf_close(struct app *app)
{
	(void)app;
	rf.open = false;
}

static enum ui_paste_result rf_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &rf.form, rf_key, text, len);
}

static const struct ui_hint rf_hints[] = {
	{ ACT_ENTER, N_("open the view") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct screen_ops reason_screen = {
	.name = "subscribers",
	.title = N_("Subscribers"),
	.keymap = KEYMAP_SUBSCRIBERS,
	.text_input = true,
	.close = rf_close,
	.draw = rf_draw,
	.key = rf_key,
	.cursor = rf_cursor,
	.hints = rf_hints,
	.typed = rf_typed,
	.accepts = ui_form_accepts,
	.own_keys = ui_form_own_keys,
	.paste = rf_paste,
};

/* --- the screen --- */

static void draw_search_line(WINDOW *pane, int y, int cols)
{
	char line[QUERY_BYTES + 64];
	int x = 1, w;

	x += ui_put_attr(pane, y, x, cols - 2, UI_LEFT, A_BOLD, 0, _("Find:"));
	x++;
	w = cols - 1 - x;
	if (w <= 0)
		return;
	if (sf.query[0]) {
		ui_put(pane, y, x, w, UI_LEFT, AREA_FIELD, sf.query);
	} else {
		snprintf(line, sizeof(line), "%s", _("press / and type what to look for"));
		ui_put(pane, y, x, w, UI_LEFT, AREA_DEFAULT, line);
	}
}

/* The line under the search: the state of the lookup. */
static void draw_status(WINDOW *pane, int y, int cols)
{
	char line[1024], count[32];

	if (sf.busy) {
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("Looking up..."));
	} else if (sf.error[0]) {
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_ERROR, sf.error);
	} else if (sf.answered && sf.found.n == 0) {
		snprintf(line, sizeof(line), _("Nobody found for \"%s\"."), sf.query);
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	} else if (sf.answered) {
		ui_number((int64_t)sf.found.n, count, sizeof(count));
		snprintf(line, sizeof(line),
			 ngettext("%s subscriber found. Enter: view the cabinet (read-only).",
				  "%s subscribers found. Enter: view the cabinet (read-only).",
				  (unsigned long)sf.found.n), count);
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
}

/* The list, and under it the selected subscriber's accounts, all of them. */
static void draw_found(WINDOW *pane, int y, int rows, int cols)
{
	const struct staff_subscriber *s;
	char accounts[STAFF_FIND_ACCOUNTS_MAX * 14 + 8], line[sizeof(accounts) + 64];
	int detail = rows >= 8 ? 3 : 0, used;

	used = ui_list_draw(&sf.list, pane, y, rows - (detail ? detail + 1 : 0), cols);
	s = sub_at(sf.list.sel);
	if (!detail || !s)
		return;
	staff_find_accounts_text(s, accounts, sizeof(accounts));
	snprintf(line, sizeof(line), _("Accounts of %s: %s"), s->name, s->naccounts ? accounts : "—");
	ui_put_wrapped(pane, y + used + 1, 1, cols - 2, detail, AREA_DEFAULT, line);
}

static void sf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	(void)app;
	draw_search_line(pane, 0, cols);
	if (rows < 3)
		return;
	draw_status(pane, 1, cols);
	if (!sf.answered && !sf.busy && !sf.error[0]) {
		ui_put_wrapped(pane, 2, 1, cols - 2, rows - 2, AREA_DEFAULT,
			       _("Look up a subscriber: press / and type an account number (12 "
				 "digits), a phone, an e-mail, a login or the start of the name, "
				 "then Enter; or :find TEXT. At most 20 are shown."));
		return;
	}
	if (sf.found.n && rows > 3)
		draw_found(pane, 3, rows - 3, cols);
}

static enum ui_key_result sf_key(struct app *app, enum action act, int key)
{
	(void)key;
	if (act == ACT_ENTER) {
		if (sub_at(sf.list.sel))
			ask_reason(app, sub_at(sf.list.sel));
		else
			ui_message(UI_MSG_INFO, "%s", _("Look a subscriber up first: /"));
		return UI_DONE;
	}
	if (!ui_list_key(&sf.list, act))
		return UI_PASS;
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

/* `/` looks up what was typed; n and N step through what was found. */
static void sf_search(struct app *app, const char *text, int dir)
{
	if (text) {
		lookup(app, text);
		return;
	}
	ui_list_key(&sf.list, dir > 0 ? ACT_MOVE_DOWN : ACT_MOVE_UP);
	ui_dirty(UI_DIRTY_PANE);
}

static void sf_reload(struct app *app)
{
	if (sf.query[0])
		lookup(app, sf.query);
}

static void sf_open(struct app *app)
{
	sf.app = app;
	if (strcmp(sf.login, app->staff.login)) {
		/* Another staff login: nothing of the one before. */
		model_free_staff_find(&sf.found);
		memset(&sf, 0, sizeof(sf));
		sf.app = app;
		snprintf(sf.login, sizeof(sf.login), "%s", app->staff.login);
	}
	ui_list_init(&sf.list, sf_cols, COL_COUNT, &sf_list_ops, app);
	ui_list_set_rows(&sf.list, sf.found.n, false);
}

static void sf_close(struct app *app)
{
	(void)app;
	/* A lookup in flight finds nobody waiting; what was found stays for Esc back. */
	if (sf.busy)
		sf.gen++;
	sf.busy = false;
}

static const struct ui_hint sf_hints[] = {
	{ ACT_SEARCH, N_("find") },
	{ ACT_ENTER, N_("view") },
	{ ACT_REFRESH, N_("again") },
	{ ACT_HELP, N_("help") },
	{ ACT_COMMAND_PROMPT, N_("command") },
	{ ACT_NONE, NULL },
};

const struct screen_ops staff_subscribers_screen = {
	.name = "subscribers",
	.title = N_("Subscribers"),
	.keymap = KEYMAP_SUBSCRIBERS,
	.top_level = true,
	.open = sf_open,
	.close = sf_close,
	.draw = sf_draw,
	.key = sf_key,
	.reload = sf_reload,
	.hints = sf_hints,
	.search = sf_search,
	.accepts = ui_list_accepts,
};

void staff_find(struct app *app, const char *text)
{
	if (ui_front() != &staff_subscribers_screen)
		ui_action(app, ACT_SCREEN_SUBSCRIBERS);
	/* Not opened (no login yet, or a form asks first): said, and nothing sent. */
	if (ui_front() != &staff_subscribers_screen)
		return;
	lookup(app, text);
}
