/* The messages of the bottom line, kept to be read whole: the last UI_MESSAGES_MAX
 * said (ui_message) and every warning of the start (the config's, with its file and
 * line), shown by M and :messages over the screen in front, wrapped, newest first,
 * scrollable. A message cut at the bottom line's edge says so and names the key; the
 * number of start warnings stays on the top line until they were looked at. The text
 * is kept as it was said; drawing makes it safe (text.c). */
#include "kabinet/ui/messages.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/i18n.h"
#include "kabinet/model/text.h"

#define TEXT_MAX 512	/* as the bottom line's message */

struct entry {
	char text[TEXT_MAX];
	enum ui_msg kind;
	time_t at;
};

static struct {
	struct entry log[UI_MESSAGES_MAX];	/* a ring: next is where the next one goes */
	size_t next, count;
	char **warnings;
	size_t nwarnings;
	bool warnings_seen;
	int top;		/* first row shown */
	int rows;		/* rows of the list at the last draw */
	int total;		/* rows of the whole list at the last draw */
} ms;

void ui_messages_add(enum ui_msg kind, const char *text)
{
	struct entry *last = ms.count ? &ms.log[(ms.next + UI_MESSAGES_MAX - 1) % UI_MESSAGES_MAX] : NULL;
	struct entry *e;

	if (!text || !text[0])
		return;
	/* The same message again (a key pressed twice) is one line. */
	if (last && last->kind == kind && !strcmp(last->text, text)) {
		last->at = time(NULL);
		return;
	}
	e = &ms.log[ms.next];
	snprintf(e->text, sizeof(e->text), "%s", text);
	e->kind = kind;
	e->at = time(NULL);
	ms.next = (ms.next + 1) % UI_MESSAGES_MAX;
	if (ms.count < UI_MESSAGES_MAX)
		ms.count++;
	if (ui_front() == &messages_screen)
		ui_dirty(UI_DIRTY_PANE);
}

size_t ui_messages_count(void)
{
	return ms.count;
}

const char *ui_messages_nth(size_t i, enum ui_msg *kind)
{
	const struct entry *e;

	if (i >= ms.count)
		return NULL;
	e = &ms.log[(ms.next + UI_MESSAGES_MAX - 1 - i) % UI_MESSAGES_MAX];
	if (kind)
		*kind = e->kind;
	return e->text;
}

void ui_messages_clear(void)
{
	for (size_t i = 0; i < ms.nwarnings; i++)
		free(ms.warnings[i]);
	free(ms.warnings);
	memset(&ms, 0, sizeof(ms));
}

void ui_messages_set_warnings(const char *const *warnings, size_t n)
{
	for (size_t i = 0; i < ms.nwarnings; i++)
		free(ms.warnings[i]);
	free(ms.warnings);
	ms.warnings = n ? calloc(n, sizeof(*ms.warnings)) : NULL;
	ms.nwarnings = 0;
	ms.warnings_seen = false;
	for (size_t i = 0; ms.warnings && i < n; i++)
		if (warnings[i] && (ms.warnings[ms.nwarnings] = strdup(warnings[i])))
			ms.nwarnings++;
}

size_t ui_messages_warnings(void)
{
	return ms.nwarnings;
}

const char *ui_messages_warning(size_t i)
{
	return i < ms.nwarnings ? ms.warnings[i] : NULL;
}

void ui_messages_top_note(const char *key, char *buf, size_t size)
{
	if (!size)
		return;
	buf[0] = '\0';
	if (!ms.nwarnings || ms.warnings_seen)
		return;
	/* In the order of the bottom line's hints: the key, then what it shows. */
	snprintf(buf, size,
		 ngettext("%s: %zu warning ", "%s: %zu warnings ", (unsigned long)ms.nwarnings),
		 key[0] ? key : ":messages", ms.nwarnings);
}

void ui_messages_fit(char *text, size_t size, int cols, const char *key)
{
	char mark[128], *cut;
	size_t cut_size = (size_t)(cols > 0 ? cols : 0) * 4 + 8;
	int mw;

	if (ui_width(text) <= cols)
		return;
	snprintf(mark, sizeof(mark), _("(%s: more)"), key[0] ? key : ":messages");
	mw = ui_width(mark) + 1;
	/* Too narrow for the mark and some text: the ellipsis says it alone. */
	if (cols - mw < 8 || !(cut = malloc(cut_size)))
		return;
	ui_trim(text, cols - mw, cut, cut_size);
	snprintf(text, size, "%s %s", cut, mark);
	free(cut);
}

/* --- the screen --- */

static enum color_area area_of(enum ui_msg kind)
{
	return kind == UI_MSG_ERROR ? AREA_ERROR : kind == UI_MSG_WARNING ? AREA_WARNING : AREA_HELP;
}

static void heading(WINDOW *pane, int y, int cols, const char *text)
{
	int w = ui_width(text) < cols - 2 ? ui_width(text) : cols - 2;

	if (ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_HELP, text))
		mvwchgat(pane, y, 1, w, A_UNDERLINE, ui_pair(AREA_HELP), NULL);
}

/* The columns of the first n bytes of s, as drawn. */
static int width_of(const char *s, size_t n)
{
	int cols = 0;

	while (n) {
		char g[8];
		int w;
		size_t k = text_glyph(s, n, ui_text_flags(), g, &w);
		cols += w;
		s += k;
		n -= k;
	}
	return cols;
}

/* The bytes of s that fit in `cols` columns, whole words where one fits, else as many
 * characters as fit (at least one): a long path is broken, not cut. */
static size_t line_of(const char *s, int cols)
{
	size_t len = 0, fit = 0, left = strlen(s);
	int w = 0;

	while (s[len]) {
		size_t end = len;
		while (s[end] == ' ')
			end++;
		while (s[end] && s[end] != ' ')
			end++;
		if (width_of(s, end) > cols)
			break;
		fit = len = end;
	}
	if (fit)
		return fit;
	while (fit < left) {
		char g[8];
		int gw;
		size_t k = text_glyph(s + fit, left - fit, ui_text_flags(), g, &gw);
		if (fit && w + gw > cols)
			break;
		w += gw;
		fit += k;
	}
	return fit;
}

/* Text wrapped whole from row y (rows outside the window are counted, not drawn);
 * returns the rows it takes. */
static int put_whole(WINDOW *w, int y, int x, int cols, enum color_area area, const char *s)
{
	int used = 0;

	while (*s == ' ')
		s++;
	while (*s) {
		size_t n = line_of(s, cols);
		char *line = strndup(s, n);
		if (line)
			ui_put(w, y + used, x, cols, UI_LEFT, area, line);
		free(line);
		used++;
		s += n;
		while (*s == ' ')
			s++;
	}
	return used;
}

/* One entry at row y; returns the rows it takes. */
static int entry(WINDOW *pane, int y, int cols, const char *stamp, const char *text,
		 enum color_area area)
{
	int x = 3 + (stamp[0] ? ui_width(stamp) + 2 : 0);

	if (cols - x - 2 < 10)
		x = 3;
	if (cols - x - 2 < 1)
		return 0;
	if (stamp[0] && x > 3)
		ui_put(pane, y, 3, x - 3, UI_LEFT, AREA_HELP, stamp);
	return put_whole(pane, y, x, cols - x - 2, area, text);
}

/* The list, from row `top` of it on: what is above is measured, not drawn. Returns
 * the rows of the whole list. */
static int draw_list(WINDOW *w, int cols)
{
	int y = -ms.top;

	if (ms.nwarnings) {
		heading(w, y++, cols, _("Warnings at start"));
		for (size_t i = 0; i < ms.nwarnings; i++)
			y += entry(w, y, cols, "", ms.warnings[i], AREA_WARNING);
		y++;
	}
	heading(w, y++, cols, _("Messages, the newest first"));
	if (!ms.count)
		ui_put(w, y++, 3, cols - 4, UI_LEFT, AREA_HELP, _("No messages yet."));
	for (size_t i = 0; i < ms.count; i++) {
		const struct entry *e = &ms.log[(ms.next + UI_MESSAGES_MAX - 1 - i) % UI_MESSAGES_MAX];
		char stamp[16];
		struct tm tm;
		stamp[0] = '\0';
		if (localtime_r(&e->at, &tm))
			strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		y += entry(w, y, cols, stamp, e->text, area_of(e->kind));
	}
	return y + ms.top;
}

static void messages_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const char *title = _("Messages");
	WINDOW *list;

	(void)app;
	ui_put(pane, 0, 1, cols - 2, UI_LEFT, AREA_HELP, title);
	mvwchgat(pane, 0, 1, ui_width(title) < cols - 2 ? ui_width(title) : cols - 2, A_BOLD,
		 ui_pair(AREA_HELP), NULL);
	ms.rows = rows - 2;
	if (ms.rows < 1 || !(list = derwin(pane, ms.rows, cols, 2, 0)))
		return;
	ms.total = draw_list(list, cols);
	delwin(list);
	/* Arrows at the right edge say there is more above or below. */
	if (ms.top > 0)
		ui_put(pane, 2, cols - 2, 1, UI_LEFT, AREA_HELP, "↑");
	if (ms.top + ms.rows < ms.total)
		ui_put(pane, rows - 1, cols - 2, 1, UI_LEFT, AREA_HELP, "↓");
}

static void messages_open(struct app *app)
{
	(void)app;
	ms.top = 0;
	/* Looked at: the top line stops counting them. */
	if (!ms.warnings_seen) {
		ms.warnings_seen = true;
		ui_dirty(UI_DIRTY_TOP);
	}
}

static enum ui_key_result messages_key(struct app *app, enum action act, int key)
{
	int page = ms.rows > 1 ? ms.rows - 1 : 1, last = ms.total - ms.rows;

	(void)app;
	(void)key;
	switch (act) {
	case ACT_MOVE_DOWN:
		ms.top++;
		break;
	case ACT_MOVE_UP:
		ms.top--;
		break;
	case ACT_PAGE_DOWN:
		ms.top += page;
		break;
	case ACT_PAGE_UP:
		ms.top -= page;
		break;
	case ACT_MOVE_TOP:
		ms.top = 0;
		break;
	case ACT_MOVE_BOTTOM:
		ms.top = last;
		break;
	case ACT_ENTER:
	case ACT_MESSAGES:
		ui_pop();
		return UI_DONE;
	default:
		return UI_PASS;
	}
	if (ms.top > last)
		ms.top = last;
	if (ms.top < 0)
		ms.top = 0;
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

void ui_messages_show(void)
{
	if (ui_front() == &messages_screen)
		ui_pop();
	else
		ui_push(&messages_screen);
}

static const struct ui_hint messages_hints[] = {
	{ ACT_MOVE_DOWN, N_("down") },
	{ ACT_MOVE_UP, N_("up") },
	{ ACT_BACK, N_("close") },
	{ ACT_NONE, NULL },
};

const struct screen_ops messages_screen = {
	.name = "messages",
	.title = N_("Messages"),
	.keymap = KEYMAP_HELP,
	.open = messages_open,
	.draw = messages_draw,
	.key = messages_key,
	.hints = messages_hints,
};
