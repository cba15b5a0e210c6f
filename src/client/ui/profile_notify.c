/* Screen 8's "Notifications", a sub-screen over the profile (s opens it): the eight
 * events (getNotificationSettings) in a table against the channels e-mail, SMS and
 * none, edited in place — Up/Down (j/k) move between the rows, Left/Right or Space
 * change the row's channel among those the profile can receive (one it cannot is
 * not offered, and the lines under the table say why) — and the low-balance
 * threshold, a money field read by the one number reader as it is typed. Nothing is
 * sent until Enter: then every change at once, restated and confirmed, in one
 * setNotificationSettings call through the one change path, and every figure shown
 * is the server's answer. Esc, another screen or r with changes not saved asks
 * before they are dropped (the engine's "Discard" question, through typed()). */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/keys.h"
#include "kabinet/model/notify.h"
#include "kabinet/model/number.h"

static const struct screen_ops notify_screen;

enum { R_SETTINGS };
/* The rows the cursor goes over: the events, then the threshold. */
#define ROW_THRESHOLD NOTIFY_EVENT_COUNT

static const struct number_rule threshold_rule = { NUMBER_MONEY, NOTIFY_THRESHOLD_MIN,
						   NOTIFY_THRESHOLD_MAX };

static struct {
	struct ui_loader load;
	struct notify_settings was;	/* the server's, as last answered */
	struct notify_settings now;	/* as edited here */
	bool known;
	int sel;			/* 0 .. ROW_THRESHOLD */
	struct ui_edit threshold;	/* the threshold as typed */
	uint64_t print;			/* its text as the server's figure filled it */
	bool threshold_ok;		/* the text reads as a threshold (now.threshold) */
	char error[256];		/* why it does not, or the server's refusal */
	int cy, cx;			/* the field's cursor, once drawn */
} nt;

/* --- loading --- */

static void load(struct app *app)
{
	ui_load_begin(&nt.load);
	ui_load_call(app, &nt.load, "getNotificationSettings", model_body_empty(), R_SETTINGS, NULL);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("The notification settings"));
}

/* The server's settings shown as they are: what was edited here is gone. */
static void take(const struct notify_settings *s)
{
	char text[NUMBER_TEXT_MAX + 1];

	nt.was = nt.now = *s;
	nt.known = true;
	number_field_text(s->threshold, i18n_money_style(), text, sizeof(text));
	ui_edit_set(&nt.threshold, text);
	nt.print = ui_edit_print(UI_PRINT_START, &nt.threshold);
	nt.threshold_ok = true;
	nt.error[0] = '\0';
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct notify_settings s;
	struct model_err err;

	if (model_parse_notify(reply->body, &s, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &nt.load, kind, key, err.msg);
		return;
	}
	take(&s);
}

/* --- editing --- */

static bool typed_here(void)
{
	return nt.known && (notify_changes(&nt.was, &nt.now) > 0 ||
			    ui_edit_print(UI_PRINT_START, &nt.threshold) != nt.print);
}

/* The threshold's text read again as it is typed: the figure, or why not. */
static void threshold_read(void)
{
	char text[UI_EDIT_MAX * 4 + 1];
	int64_t k;

	ui_edit_get(&nt.threshold, text, sizeof(text));
	nt.threshold_ok = number_take(text, &threshold_rule, &k, nt.error, sizeof(nt.error)) ==
			  NUMBER_OK;
	if (nt.threshold_ok) {
		nt.now.threshold = k;
		nt.error[0] = '\0';
	}
}

static void move_to(int row)
{
	nt.sel = row < 0 ? 0 : row > ROW_THRESHOLD ? ROW_THRESHOLD : row;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void step_channel(struct app *app, int dir)
{
	enum notify_channel *c = &nt.now.channel[nt.sel];
	enum notify_channel next = notify_channel_step(&nt.now, *c, dir);

	if (app_read_only(app)) {
		ui_message(UI_MSG_ERROR, app_refused_fmt(app), _("Change the notification settings"));
		return;
	}
	if (next == *c)
		ui_message(UI_MSG_INFO, "%s", _("No other channel can be chosen: the profile has "
						"neither an e-mail nor a phone."));
	*c = next;
	ui_dirty(UI_DIRTY_PANE);
}

/* --- saving --- */

/* "Low balance: e-mail (was SMS)", a line for each change. */
static void changes_text(char *buf, size_t size)
{
	char was[64], now[64];
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < NOTIFY_EVENT_COUNT && used < size; i++) {
		if (nt.was.channel[i] == nt.now.channel[i])
			continue;
		used += (size_t)snprintf(buf + used, size - used, _("%s: %s (was %s)\n"),
					 notify_event_words((enum notify_event)i),
					 notify_channel_words(nt.now.channel[i]),
					 notify_channel_words(nt.was.channel[i]));
	}
	if (used < size && nt.was.threshold != nt.now.threshold)
		snprintf(buf + used, size - used, _("Low-balance threshold: %s (was %s)\n"),
			 ui_money(nt.now.threshold, now, sizeof(now)),
			 ui_money(nt.was.threshold, was, sizeof(was)));
	if ((used = strlen(buf)) > 0 && buf[used - 1] == '\n')
		buf[used - 1] = '\0';
}

static void saved(struct app *app, const struct api_reply *reply, void *ud)
{
	struct notify_settings s;
	struct model_err err;

	(void)ud;
	if (model_parse_notify(reply->body, &s, &err) != MODEL_OK) {
		ui_message(UI_MSG_ERROR, "%s: %s", _("The server's answer could not be understood"),
			   err.msg);
		load(app);
		return;
	}
	take(&s);
}

/* The threshold refused is said under its field; the rest in the bottom line, what
 * was chosen kept. */
static bool save_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)app, (void)ud;
	if (!reply->field || strcmp(reply->field, "lowBalanceThreshold") || !reply->err_msg)
		return false;
	snprintf(nt.error, sizeof(nt.error), "%s", reply->err_msg);
	move_to(ROW_THRESHOLD);
	return true;
}

static void save_settle(struct app *app, void *ud)
{
	(void)ud;
	load(app);
}

static void save(struct app *app)
{
	struct ui_change c = { .act = ACT_NOTIFICATION_SETTINGS, .method = "setNotificationSettings",
			       .done = saved, .refused = save_refused, .settle = save_settle };
	int n;

	if (!nt.threshold_ok) {
		move_to(ROW_THRESHOLD);
		ui_message(UI_MSG_ERROR, "%s", nt.error);
		return;
	}
	if ((n = notify_changes(&nt.was, &nt.now)) == 0) {
		ui_message(UI_MSG_INFO, "%s", _("Nothing has changed: there is nothing to save."));
		return;
	}
	snprintf(c.question, sizeof(c.question),
		 ngettext("Save %d change to the notifications?",
			  "Save %d changes to the notifications?", (unsigned long)n), n);
	changes_text(c.detail, sizeof(c.detail));
	snprintf(c.done_msg, sizeof(c.done_msg), "%s", _("The notification settings are saved."));
	c.body = model_body_notify(&nt.was, &nt.now);
	if (c.body)
		ui_change(app, &c);
	else
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
}

/* --- the screen --- */

/* The channels' column: the widest of their words and two spaces. */
static int channel_width(void)
{
	int w = 5;

	for (int c = 0; c < NOTIFY_CHANNEL_COUNT; c++)
		if (ui_width(notify_channel_words((enum notify_channel)c)) > w)
			w = ui_width(notify_channel_words((enum notify_channel)c));
	return w + 2;
}

static void draw_head(WINDOW *w, int y, int cols, int name_w, int ch_w)
{
	ui_put_attr(w, y, 1, name_w, UI_LEFT, A_BOLD, 0, _("Event"));
	for (int c = 0; c < NOTIFY_CHANNEL_COUNT; c++)
		ui_put_attr(w, y, 1 + name_w + c * ch_w, cols - 2 - name_w - c * ch_w < ch_w ?
			    cols - 2 - name_w - c * ch_w : ch_w, UI_CENTER, A_BOLD, 0,
			    notify_channel_words((enum notify_channel)c));
}

/* "(*)" for the row's channel, "( )" for another it may take, "-" for one the
 * profile cannot receive. */
static const char *mark(int row, enum notify_channel c)
{
	if (nt.now.channel[row] == c)
		return "(*)";
	return nt.now.can[c] ? "( )" : "-";
}

static void draw_event(WINDOW *w, int y, int cols, int row, int name_w, int ch_w)
{
	enum color_area area = row == nt.sel ? AREA_CURSOR : AREA_DEFAULT;
	bool moved = nt.now.channel[row] != nt.was.channel[row];
	char name[256];

	snprintf(name, sizeof(name), "%s%s", notify_event_words((enum notify_event)row),
		 moved ? " *" : "");
	ui_put(w, y, 1, name_w, UI_LEFT, area, name);
	for (int c = 0; c < NOTIFY_CHANNEL_COUNT; c++) {
		int x = 1 + name_w + c * ch_w, room = cols - 1 - x;
		ui_put(w, y, x, room < ch_w ? room : ch_w, UI_CENTER,
		       nt.now.channel[row] == (enum notify_channel)c && !nt.now.can[c] ? AREA_WARNING : area,
		       mark(row, (enum notify_channel)c));
	}
}

/* The threshold's line: its label, the field, the figure it reads as. */
static int draw_threshold(WINDOW *w, int y, int rows, int cols)
{
	const char *label = _("Low-balance threshold:");
	int lw = ui_width(label) + 1, fw = 16, used = 1;
	char money[64];

	if (lw > cols / 2)
		lw = cols / 2;
	ui_put(w, y, 1, lw, UI_LEFT, nt.sel == ROW_THRESHOLD ? AREA_CURSOR : AREA_DEFAULT, label);
	nt.cx = 1 + lw + ui_edit_draw(w, y, 1 + lw, fw, &nt.threshold,
				       nt.sel == ROW_THRESHOLD ? AREA_FIELD_ACTIVE : AREA_FIELD);
	nt.cy = y;
	if (nt.threshold_ok)
		ui_put(w, y, 2 + lw + fw, cols - 3 - lw - fw, UI_LEFT, AREA_DEFAULT,
		       ui_money(nt.now.threshold, money, sizeof(money)));
	if (y + 1 < rows)
		used += ui_put_wrapped(w, y + 1, 3, cols - 4, rows - y - 1 > 2 ? 2 : rows - y - 1,
				       nt.error[0] ? AREA_ERROR : AREA_DEFAULT,
				       nt.error[0] ? nt.error
						   : _("Low balance is sent when a balance falls below it."));
	return used;
}

/* Under the table: the channels not offered and why, the keys, what is not saved. */
static void draw_notes(WINDOW *w, int y, int rows, int cols)
{
	char line[512];
	int n = notify_changes(&nt.was, &nt.now);

	for (int c = 0; c < NOTIFY_CHANNEL_COUNT && y < rows; c++) {
		const char *why = notify_channel_why_not(&nt.now, (enum notify_channel)c);
		if (!why)
			continue;
		snprintf(line, sizeof(line), _("%s is not offered: %s."),
			 notify_channel_words((enum notify_channel)c), why);
		y += ui_put_wrapped(w, y, 1, cols - 2, rows - y, AREA_WARNING, line);
	}
	if (y < rows)
		y += ui_put_wrapped(w, y, 1, cols - 2, rows - y, AREA_DEFAULT,
				    _("Left/Right or Space: the row's channel. Enter: save. Esc: back."));
	if (n > 0 && y < rows) {
		snprintf(line, sizeof(line),
			 ngettext("%d change not saved yet.", "%d changes not saved yet.",
				  (unsigned long)n), n);
		ui_put(w, y, 1, cols - 2, UI_LEFT, AREA_WARNING, line);
	}
}

static void nt_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	int ch_w = channel_width(), name_w = cols - 2 - NOTIFY_CHANNEL_COUNT * ch_w, y = 2;
	char line[512];

	(void)app;
	ui_put_attr(pane, 0, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&nt.load, nt.known, _("Notifications"), _("Notifications"), line,
				   sizeof(line)));
	if (!nt.known) {
		ui_load_draw_wait(pane, 2, cols, &nt.load, _("Loading the notification settings..."));
		return;
	}
	if (name_w < 12)
		name_w = 12;
	if (name_w > 40)
		name_w = 40;
	draw_head(pane, y++, cols, name_w, ch_w);
	for (int i = 0; i < NOTIFY_EVENT_COUNT && y < rows; i++)
		draw_event(pane, y++, cols, i, name_w, ch_w);
	if (++y < rows)
		y += draw_threshold(pane, y, rows, cols) + 1;
	draw_notes(pane, y, nt.load.failed ? rows - 1 : rows, cols);
	if (nt.load.failed && rows > 3)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&nt.load, line, sizeof(line)));
}

static bool moves(enum action act)
{
	return act == ACT_MOVE_UP || act == ACT_MOVE_DOWN || act == ACT_PREV_FIELD ||
	       act == ACT_NEXT_FIELD || act == ACT_MOVE_TOP || act == ACT_MOVE_BOTTOM ||
	       act == ACT_PAGE_UP || act == ACT_PAGE_DOWN;
}

/* Under read-only the field's cursor moves but its text stays: what the key would do
 * is tried on a copy first. */
static bool threshold_refused(struct app *app, int key)
{
	static struct ui_edit trial;

	if (!app_read_only(app))
		return false;
	trial = nt.threshold;
	if (ui_edit_key(&trial, key) != UI_EDIT_CHANGED)
		return false;
	ui_message(UI_MSG_ERROR, app_refused_fmt(app), _("Change the notification settings"));
	return true;
}

/* The threshold's field takes what types and edits (Left/Right move in it); the
 * rows' moves, Enter, Esc and the help go on. */
static bool threshold_key(struct app *app, enum action act, int key)
{
	enum ui_edit_result r;

	if (act == ACT_HELP || act == ACT_ENTER || act == ACT_CANCEL ||
	    (moves(act) && !ui_key_is_text(key)))
		return false;
	if (threshold_refused(app, key))
		return true;
	if ((r = ui_edit_key(&nt.threshold, key)) == UI_EDIT_IGNORED)
		return false;
	if (r == UI_EDIT_CHANGED)
		threshold_read();
	ui_dirty(UI_DIRTY_PANE);
	return true;
}

static enum ui_key_result row_key(struct app *app, enum action act, int key)
{
	switch (act) {
	case ACT_MOVE_UP:
	case ACT_PREV_FIELD:
		move_to(nt.sel - 1);
		return UI_DONE;
	case ACT_MOVE_DOWN:
	case ACT_NEXT_FIELD:
		move_to(nt.sel + 1);
		return UI_DONE;
	case ACT_MOVE_TOP:
	case ACT_PAGE_UP:
		move_to(0);
		return UI_DONE;
	case ACT_MOVE_BOTTOM:
	case ACT_PAGE_DOWN:
		move_to(ROW_THRESHOLD);
		return UI_DONE;
	case ACT_ENTER:
		save(app);
		return UI_DONE;
	default:
		break;
	}
	if (nt.sel < ROW_THRESHOLD && (key == KEY_LEFT || key == KEY_RIGHT || key == KEYS_CHR(' '))) {
		step_channel(app, key == KEY_LEFT ? -1 : 1);
		return UI_DONE;
	}
	return UI_PASS;
}

static enum ui_key_result nt_key(struct app *app, enum action act, int key)
{
	if (act == ACT_NOTIFICATION_SETTINGS)
		return UI_DONE;
	/* r throws away what was not saved: asked first. */
	if (act == ACT_REFRESH)
		return ui_discard_ask(app, act, key) ? UI_DONE : UI_PASS;
	if (!nt.known)
		return act == ACT_ENTER ? UI_DONE : UI_PASS;
	if (nt.sel == ROW_THRESHOLD && threshold_key(app, act, key))
		return UI_DONE;
	return row_key(app, act, key);
}

static bool nt_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (!nt.known || nt.sel != ROW_THRESHOLD)
		return false;
	*y = nt.cy;
	*x = nt.cx;
	return true;
}

static void nt_open(struct app *app)
{
	nt.load.done = loaded;
	nt.load.what = what_of;
	nt.known = false;
	nt.sel = 0;
	nt.threshold.max = NUMBER_TEXT_MAX;
	load(app);
}

static void nt_close(struct app *app)
{
	(void)app;
	ui_load_drop(&nt.load);
	nt.known = false;
}

static void nt_reload(struct app *app)
{
	load(app);
}

static bool nt_typed(struct app *app)
{
	(void)app;
	return typed_here();
}

/* Letters go into the threshold's field while it has the focus. */
static bool nt_typing(struct app *app)
{
	(void)app;
	return nt.known && nt.sel == ROW_THRESHOLD;
}

/* The keys of the screen itself; the profile's own actions are not taken here. */
static bool nt_accepts(struct app *app, enum action act)
{
	(void)app;
	return (action_scope(act) & SCOPE(GENERIC)) != 0;
}

static enum ui_paste_result nt_paste(struct app *app, const char *text, size_t len)
{
	if (!nt.known || nt.sel != ROW_THRESHOLD)
		return UI_PASTE_NONE;
	return ui_paste_keys(app, &nt.threshold, nt_key, text, len);
}

static const struct ui_key_doc nt_keys[] = {
	{ N_("Space, Left, Right"), N_("Change the channel of the event in the row"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the threshold's field when it is in focus"), ACT_NONE },
	{ NULL, N_("Save every change, after a confirmation"), ACT_ENTER },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *nt_own_keys(struct app *app)
{
	(void)app;
	return nt_keys;
}

void profile_notify_show(struct app *app)
{
	(void)app;
	if (ui_front() != &notify_screen)
		ui_push(&notify_screen);
}

static const struct ui_hint nt_hints[] = {
	{ ACT_ENTER, N_("save") },
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint nt_read_only_hints[] = {
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

/* Under read-only nothing is saved: Enter is not offered. */
static const struct ui_hint *nt_hints_now(struct app *app)
{
	return app_read_only(app) ? nt_read_only_hints : nt_hints;
}

static const struct screen_ops notify_screen = {
	.name = "profile",
	.title = N_("Notifications"),
	.keymap = KEYMAP_PROFILE,
	.open = nt_open,
	.close = nt_close,
	.draw = nt_draw,
	.key = nt_key,
	.reload = nt_reload,
	.cursor = nt_cursor,
	.hints = nt_hints,
	.hints_now = nt_hints_now,
	.typed = nt_typed,
	.accepts = nt_accepts,
	.own_keys = nt_own_keys,
	.typing = nt_typing,
	.paste = nt_paste,
};
