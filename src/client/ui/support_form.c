/* The form of screen 7 (support.c): a new request — topic, the account it is about
 * (one of the profile's or none), the text in the multi-line editor — or a reply to
 * one, the text only. Checked before anything is sent (a blank topic or text, a text
 * over the API's limit, which the counter shows as it is typed), sent through the one
 * change path, the server's refusals next to their field with everything typed kept.
 * What is typed is kept as a draft (drafts.h) a second after each change and when the
 * form closes unsent, offered back when the form of the same request opens again, and
 * dropped once it is sent or discarded. The staff's queue writes its replies here too
 * (staffReply, support_form_staff()), never kept as drafts: closing one with text
 * asks first. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/staff_queue.h"
#include "kabinet/ui/textarea.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/drafts.h"
#include "kabinet/i18n.h"
#include "kabinet/model/support.h"
#include "kabinet/model/text.h"

static const struct screen_ops support_form_screen;

enum { F_TOPIC, F_ACCOUNT, F_TEXT, F_SEND, F_COUNT };

#define SEND_KEY KEYS_CHR(4)	/* C-d */
/* A draft is written this long after the last change. */
#define DRAFT_DELAY_MS 1000

/* What a send carries to its answer: the form it came from, its draft, whose. */
struct sent {
	unsigned gen;
	bool staff;
	struct draft_key draft;
	bool drafted;
};

static struct {
	unsigned gen;			/* counts the forms opened */
	bool open;
	bool reply;
	bool staff;			/* a reply of the staff's queue (staffReply) */
	char req_id[64];
	char req_topic[SUPPORT_TOPIC_BYTES + 1];
	struct ui_edit topic;
	size_t acc_choice;		/* 0: none, else app->accounts.items[acc_choice - 1] */
	struct ui_textarea text;
	size_t focus;
	char err[F_COUNT][384];
	int cy, cx;
	struct draft_key draft;
	bool drafted;			/* the draft has a place on disk */
	bool dirty;			/* changed since the draft was written */
	struct timespec changed_at;
	char kept[96];			/* when the draft was last written: "14:32" */
	bool save_failed;		/* said once for this form: a draft not written */
} sf;

static bool shown(size_t f)
{
	return !sf.reply || f == F_TEXT || f == F_SEND;
}

static void focus_move(int dir)
{
	size_t f = sf.focus;

	do
		f = (f + F_COUNT + (size_t)(dir > 0 ? 1 : F_COUNT - 1)) % F_COUNT;
	while (!shown(f));
	sf.focus = f;
	ui_dirty(UI_DIRTY_PANE);
}

static void field_error(size_t f, const char *text)
{
	text_copy(sf.err[f], sizeof(sf.err[f]), text);
	sf.focus = f;
	ui_dirty(UI_DIRTY_PANE);
}

static const struct account *chosen(struct app *app)
{
	return sf.acc_choice && sf.acc_choice <= app->accounts.n
		       ? &app->accounts.items[sf.acc_choice - 1]
		       : NULL;
}

static bool ours(const void *ud)
{
	const struct sent *s = ud;
	return sf.open && s->gen == sf.gen;
}

/* --- the draft --- */

static bool blank_text(void)
{
	for (size_t i = 0; i < sf.text.len; i++)
		if (sf.text.buf[i] != L' ' && sf.text.buf[i] != L'\n' && sf.text.buf[i] != L'\t')
			return false;
	return true;
}

static void changed(void)
{
	sf.dirty = true;
	clock_gettime(CLOCK_MONOTONIC, &sf.changed_at);
}

static void draft_write(struct app *app)
{
	struct draft d = { .saved = 0 };
	const struct account *a = sf.acc_choice && sf.acc_choice <= app->accounts.n
					  ? &app->accounts.items[sf.acc_choice - 1]
					  : NULL;
	time_t now = time(NULL);
	struct tm tm;

	sf.dirty = false;
	if (!sf.drafted)
		return;
	ui_edit_get(&sf.topic, d.topic, sizeof(d.topic));
	snprintf(d.account_id, sizeof(d.account_id), "%s", a ? a->id : "");
	if (!(d.text = ui_textarea_get(&sf.text)))
		return;
	if (draft_save(&sf.draft, &d) != 0) {
		sf.kept[0] = '\0';
		/* Said once a form: the text stays in the form, only the copy on disk is
		 * missing (a full disk, a state directory that cannot be written). */
		if (!sf.save_failed)
			ui_message(UI_MSG_WARNING, _("The draft could not be kept on disk: %s."),
				   strerror(errno));
		sf.save_failed = true;
	} else if (!(support_blank(d.topic) && support_blank(d.text)) && localtime_r(&now, &tm)) {
		strftime(sf.kept, sizeof(sf.kept), "%H:%M", &tm);
	} else {
		sf.kept[0] = '\0';
	}
	memset(d.topic, 0, sizeof(d.topic));
	draft_free(&d);
	ui_dirty(UI_DIRTY_PANE);
}

/* The draft of this request, when one reads: into the form, and said. */
static void draft_restore(struct app *app)
{
	struct draft d;
	struct tm tm, today;
	time_t now = time(NULL);
	char when[96], clock[32], iso[16], day[48];

	if (!sf.drafted || draft_load(&sf.draft, &d) != 0)
		return;
	if (!sf.reply) {
		ui_edit_set(&sf.topic, d.topic);
		for (size_t i = 0; i < app->accounts.n; i++)
			if (d.account_id[0] && !strcmp(app->accounts.items[i].id, d.account_id))
				sf.acc_choice = i + 1;
	}
	ui_textarea_set(&sf.text, d.text);
	if (!blank_text())
		sf.focus = F_TEXT;
	when[0] = '\0';
	if (localtime_r(&d.saved, &tm) && localtime_r(&now, &today)) {
		strftime(when, sizeof(when), "%H:%M", &tm);
		if (tm.tm_year != today.tm_year || tm.tm_yday != today.tm_yday) {
			strftime(iso, sizeof(iso), "%Y-%m-%d", &tm);
			snprintf(clock, sizeof(clock), "%.5s", when);	/* HH:MM */
			snprintf(when, sizeof(when), "%s %s", ui_date(iso, true, day, sizeof(day)), clock);
		}
	}
	snprintf(sf.kept, sizeof(sf.kept), "%s", when);
	ui_message(UI_MSG_INFO, _("A draft from %s was restored (Esc, y: discard it)."), when);
	memset(d.topic, 0, sizeof(d.topic));
	draft_free(&d);
}

static int sf_tick(struct app *app)
{
	long ms;

	if (!sf.open || !sf.dirty)
		return -1;
	ms = ui_ms_since(&sf.changed_at);
	if (ms < DRAFT_DELAY_MS)
		return (int)(DRAFT_DELAY_MS - ms);
	draft_write(app);
	return -1;
}

static bool sf_typed(struct app *app)
{
	(void)app;
	return sf.open && (sf.topic.len > 0 || !blank_text());
}

/* The list the form was opened from, read again. */
static void reload_list(struct app *app, bool staff)
{
	if (staff)
		staff_queue_reload(app);
	else
		support_reload(app);
}

static void done(struct app *app, const struct api_reply *reply, void *ud)
{
	struct request r;
	struct model_err err;

	if (((struct sent *)ud)->staff) {
		staff_queue_replied(app, reply);
	} else if (model_parse_request(reply->body, &r, &err) != MODEL_OK) {
		support_reload(app);
	} else {
		if (sf.reply)
			ui_message(UI_MSG_INFO, _("Your reply to request %s was sent."), r.id);
		else
			ui_message(UI_MSG_INFO, _("Request %s was sent to support."), r.id);
		support_changed(app, &r, true);
		model_free_request(&r);
	}
	/* Sent: the draft is no more, whether the form is still open or not; but a newer
	 * form of the same request keeps the draft it writes. */
	if (((struct sent *)ud)->drafted &&
	    (ours(ud) || !sf.open || !sf.drafted ||
	     strcmp(sf.draft.path, ((struct sent *)ud)->draft.path) != 0))
		draft_remove(&((struct sent *)ud)->draft);
	if (ours(ud)) {
		sf.drafted = false;
		sf.dirty = false;
	}
	if (ours(ud) && ui_front() == &support_form_screen)
		ui_pop();
}

static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	const char *f = reply->field ? reply->field : "";
	char text[512];

	if (!ours(ud))
		return false;
	app_reply_text(app, reply, text, sizeof(text));
	if (!strcmp(f, "topic") && !sf.reply)
		field_error(F_TOPIC, text);
	else if (!strcmp(f, "accountId") && !sf.reply)
		field_error(F_ACCOUNT, text);
	else if (!strcmp(f, "text"))
		field_error(F_TEXT, text);
	else if (!strcmp(f, "requestId"))
		field_error(F_SEND, reply->err == APIERR_CONFLICT
				  ? _("The request is closed: it takes no more messages.")
				  : text);
	else
		return false;
	if (!strcmp(f, "requestId"))
		reload_list(app, ((struct sent *)ud)->staff);
	return true;
}

static void settle(struct app *app, void *ud)
{
	reload_list(app, ((struct sent *)ud)->staff);
}

static void submit(struct app *app)
{
	struct ui_change c = { .act = sf.staff ? ACT_STAFF_REPLY
					       : sf.reply ? ACT_REQUEST_REPLY : ACT_REQUEST_CREATE,
			       .method = sf.staff ? "staffReply"
				       : sf.reply ? "addRequestMessage" : "createRequest",
			       .flags = sf.staff ? API_STAFF : 0,
			       .done = done, .refused = refused, .settle = settle, .ud_free = free };
	char topic[UI_EDIT_MAX * 4 + 1], why[256];
	const struct account *a = chosen(app);
	size_t n = sf.text.len;
	struct sent *gen;
	char *text;

	if (ui_change_busy()) {
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return;
	}
	memset(sf.err, 0, sizeof(sf.err));
	ui_edit_get(&sf.topic, topic, sizeof(topic));
	if (!(text = ui_textarea_get(&sf.text))) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	if (support_blank(text))
		snprintf(sf.err[F_TEXT], sizeof(sf.err[F_TEXT]), "%s", _("Type the text of the message."));
	else if (n > SUPPORT_TEXT_MAX) {
		snprintf(why, sizeof(why),
			 _("The text is %zu characters long; support takes at most %d. Make it shorter."), n,
			 SUPPORT_TEXT_MAX);
		snprintf(sf.err[F_TEXT], sizeof(sf.err[F_TEXT]), "%s", why);
	}
	if (!sf.reply && support_blank(topic))
		snprintf(sf.err[F_TOPIC], sizeof(sf.err[F_TOPIC]), "%s", _("Type the topic."));
	for (size_t f = 0; f < F_COUNT; f++)
		if (sf.err[f][0]) {
			sf.focus = f;
			free(text);
			ui_dirty(UI_DIRTY_PANE);
			return;
		}
	if (!(gen = malloc(sizeof(*gen)))) {
		free(text);
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	gen->gen = sf.gen;
	gen->staff = sf.staff;
	gen->draft = sf.draft;
	gen->drafted = sf.drafted;
	c.ud = gen;
	c.body = sf.reply ? model_body_request_message(sf.req_id, text)
			  : model_body_create_request(topic, a ? a->id : NULL, text);
	free(text);
	ui_change(app, &c);
}

/* --- drawing --- */

static int label_width(void)
{
	int w = ui_width(_("Topic"));

	if (ui_width(_("Account")) > w)
		w = ui_width(_("Account"));
	return w + 2;
}

static int draw_error(WINDOW *w, int y, int x, int cols, size_t f)
{
	if (!sf.err[f][0])
		return 0;
	return ui_put_wrapped(w, y, x, cols, 2, AREA_ERROR, sf.err[f]);
}

static void sf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct account *a = chosen(app);
	char line[1024], counter[64];
	int y = 0, lw = label_width(), c, body, send_rows;
	bool over;

	sf.cy = sf.cx = -1;
	if (sf.reply)
		snprintf(line, sizeof(line), _("Reply to request %s: %s"), sf.req_id, sf.req_topic);
	else
		snprintf(line, sizeof(line), "%s", _("A new request to support"));
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, line);
	if (y < rows)
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("Tab: next field · Enter in the text: a new line · Ctrl-D: send · Esc: cancel"));
	y++;
	if (!sf.reply && y < rows) {
		ui_put(pane, y, 1, lw, UI_LEFT, AREA_DEFAULT, _("Topic"));
		c = ui_edit_draw(pane, y, 1 + lw, cols - lw - 2, &sf.topic,
				 sf.focus == F_TOPIC ? AREA_FIELD_ACTIVE : AREA_FIELD);
		if (sf.focus == F_TOPIC) {
			sf.cy = y;
			sf.cx = 1 + lw + c;
		}
		y++;
		y += draw_error(pane, y, 1 + lw, cols - lw - 2, F_TOPIC);
		if (a)
			snprintf(line, sizeof(line), "< %s · %s >", a->number, a->region);
		else
			snprintf(line, sizeof(line), "< %s >", _("none"));
		ui_put(pane, y, 1, lw, UI_LEFT, AREA_DEFAULT, _("Account"));
		c = ui_put(pane, y, 1 + lw, cols - lw - 2, UI_LEFT,
			   sf.focus == F_ACCOUNT ? AREA_FIELD_ACTIVE : AREA_DEFAULT, line);
		if (sf.focus == F_ACCOUNT)
			ui_put(pane, y, 2 + lw + c, cols - lw - c - 3, UI_LEFT, AREA_DEFAULT,
			       _("(Left, Right: another)"));
		y++;
		y += draw_error(pane, y, 1 + lw, cols - lw - 2, F_ACCOUNT);
		y++;
	}
	if (y >= rows)
		return;
	over = ui_textarea_counter(&sf.text, counter, sizeof(counter));
	if (sf.kept[0])
		snprintf(line, sizeof(line), _("Text (draft kept at %s)"), sf.kept);
	else
		snprintf(line, sizeof(line), "%s", _("Text"));
	ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	c = ui_width(counter);
	if (cols - 2 - c > ui_width(line))
		ui_put(pane, y, cols - 1 - c, c, UI_LEFT, over ? AREA_ERROR : AREA_DEFAULT, counter);
	y++;
	send_rows = 2 + (sf.err[F_TEXT][0] ? 2 : 0) + (sf.err[F_SEND][0] ? 2 : 0);
	body = rows - y - send_rows;
	if (body < 1)
		body = 1;
	ui_textarea_draw(pane, y, 1, body, cols - 2, &sf.text, sf.focus == F_TEXT, &sf.cy, &sf.cx);
	y += body;
	y += draw_error(pane, y, 1, cols - 2, F_TEXT);
	y++;
	if (y < rows) {
		snprintf(line, sizeof(line), "[ %s ]", sf.reply ? _("Send the reply") : _("Send the request"));
		ui_put(pane, y, 1, ui_width(line), UI_LEFT,
		       sf.focus == F_SEND ? AREA_FIELD_ACTIVE : AREA_DEFAULT, line);
		y++;
	}
	if (y < rows)
		draw_error(pane, y, 1, cols - 2, F_SEND);
}

/* --- keys --- */

static enum ui_key_result sf_key(struct app *app, enum action act, int key)
{
	size_t n = app->accounts.n + 1;
	enum ui_edit_result er;

	if (act == ACT_CANCEL || (act == ACT_BACK && !ui_key_is_text(key))) {
		ui_pop();
		return UI_DONE;
	}
	if (key == SEND_KEY) {
		submit(app);
		return UI_DONE;
	}
	if (act == ACT_NEXT_FIELD || act == ACT_PREV_FIELD) {
		focus_move(act == ACT_NEXT_FIELD ? 1 : -1);
		return UI_DONE;
	}
	ui_dirty(UI_DIRTY_PANE);
	switch (sf.focus) {
	case F_TOPIC:
		if ((er = ui_edit_key(&sf.topic, key)) != UI_EDIT_IGNORED) {
			sf.err[F_TOPIC][0] = '\0';
			if (er == UI_EDIT_CHANGED)
				changed();
			return UI_DONE;
		}
		if (act == ACT_ENTER || key == KEY_DOWN) {
			focus_move(1);
			return UI_DONE;
		}
		break;
	case F_ACCOUNT:
		if (key == KEY_RIGHT || key == KEY_LEFT || key == KEYS_CHR(' ')) {
			sf.acc_choice = (sf.acc_choice + (key == KEY_LEFT ? n - 1 : 1)) % n;
			sf.err[F_ACCOUNT][0] = '\0';
			changed();
			return UI_DONE;
		}
		if (act == ACT_ENTER || key == KEY_DOWN || key == KEY_UP) {
			focus_move(key == KEY_UP ? -1 : 1);
			return UI_DONE;
		}
		if (act == ACT_HELP)
			return UI_PASS;	/* `?` off a text field: the help */
		if (ui_key_is_text(key))
			return UI_DONE;
		break;
	case F_TEXT:
		if ((er = ui_textarea_key(&sf.text, key)) != UI_EDIT_IGNORED) {
			sf.err[F_TEXT][0] = '\0';
			if (er == UI_EDIT_CHANGED)
				changed();
			return UI_DONE;
		}
		break;
	case F_SEND:
		if (act == ACT_ENTER) {
			submit(app);
			return UI_DONE;
		}
		if (key == KEY_UP) {
			focus_move(-1);
			return UI_DONE;
		}
		if (act == ACT_HELP)
			return UI_PASS;
		if (ui_key_is_text(key))
			return UI_DONE;
		break;
	}
	return UI_PASS;
}

/* The topic takes a paste as one line, the text as it is. */
static enum ui_paste_result sf_paste(struct app *app, const char *text, size_t len)
{
	(void)app;
	switch (sf.focus) {
	case F_TOPIC:
		sf.err[F_TOPIC][0] = '\0';
		return ui_edit_paste(&sf.topic, text, len);
	case F_TEXT:
		sf.err[F_TEXT][0] = '\0';
		return ui_textarea_paste(&sf.text, text, len);
	default:
		return UI_PASTE_NONE;
	}
}

static bool sf_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (sf.cy < 0)
		return false;
	*y = sf.cy;
	*x = sf.cx;
	return true;
}

static void sf_open(struct app *app)
{
	(void)app;
	sf.gen++;
	sf.open = true;
}

static void sf_close(struct app *app)
{
	/* Thrown away on purpose: the draft goes too; else what is typed is kept (when
	 * this form keeps a draft at all: not under --demo, nor without a state
	 * directory). */
	if (sf.drafted && ui_discarding())
		draft_remove(&sf.draft);
	else if (sf.drafted && (sf.dirty || !sf.kept[0]))
		draft_write(app);
	sf.drafted = sf.dirty = false;
	sf.kept[0] = '\0';
	sf.open = false;
	ui_edit_wipe(&sf.topic);
	ui_textarea_free(&sf.text);
}

/* The form for a new request (id NULL) or a reply to request id; staff: sent by
 * staffReply. */
static void show(struct app *app, const char *id, const char *topic, bool staff)
{
	if (ui_front() == &support_form_screen)
		ui_pop();
	memset(sf.err, 0, sizeof(sf.err));
	ui_edit_wipe(&sf.topic);
	sf.topic.max = SUPPORT_TOPIC_MAX;
	ui_textarea_init(&sf.text, SUPPORT_TEXT_MAX);
	sf.acc_choice = 0;
	sf.reply = id != NULL;
	sf.staff = staff;
	snprintf(sf.req_id, sizeof(sf.req_id), "%s", id ? id : "");
	snprintf(sf.req_topic, sizeof(sf.req_topic), "%s", topic ? topic : "");
	sf.focus = id ? F_TEXT : F_TOPIC;
	sf.dirty = false;
	sf.kept[0] = '\0';
	sf.save_failed = false;
	/* The demo's server lives for one run (a new port each time): nothing of it is
	 * kept. A staff reply is never kept either: it is about a subscriber, and nothing
	 * of a staff session outlives it on a shared host (closing asks instead). */
	sf.drafted = !staff && !app->demo &&
		     draft_key_init(&sf.draft, app->server, app->login, id) == 0;
	draft_restore(app);
	ui_push(&support_form_screen);
}

void support_form_show(struct app *app, const struct request *r)
{
	show(app, r ? r->id : NULL, r ? r->topic : NULL, false);
}

void support_form_staff(struct app *app, const char *id, const char *topic)
{
	show(app, id, topic, true);
}

static const struct ui_hint sf_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_CANCEL, N_("cancel") },
	{ ACT_NONE, NULL },
};

static const struct ui_key_doc sf_keys[] = {
	{ N_("Typing"), N_("Goes into the topic or the text"), ACT_NONE },
	{ "Enter", N_("A new line in the text"), ACT_NONE },
	{ "C-d", N_("Send"), ACT_NONE },
	{ N_("Space, Left, Right"), N_("Another account (on the Account line)"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *sf_own_keys(struct app *app)
{
	(void)app;
	return sf_keys;
}

static const struct screen_ops support_form_screen = {
	.name = "support",
	.title = N_("Support"),
	.keymap = KEYMAP_SUPPORT,
	.text_input = true,
	.open = sf_open,
	.close = sf_close,
	.draw = sf_draw,
	.key = sf_key,
	.tick = sf_tick,
	.cursor = sf_cursor,
	.hints = sf_hints,
	.typed = sf_typed,
	.accepts = ui_form_accepts,
	.own_keys = sf_own_keys,
	.paste = sf_paste,
};
