/* The multi-line editor (ui/textarea.h): a growing array of
 * characters, wrapped between words to the width it is drawn in, the cursor moved by
 * characters and by the rows as drawn. Widths come from text.c, as everything drawn,
 * so the rows measured are the rows shown (Cyrillic, wide characters, tabs). */
#include "kabinet/ui/textarea.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/paste.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/utf8.h"

/* Text up to this many times the limit may be typed: the counter says it is over. */
#define OVER_FACTOR 4

static size_t hard_max(const struct ui_textarea *t)
{
	return t->limit ? t->limit * OVER_FACTOR : 16000;
}

static int cw(wchar_t c)
{
	char g[8];

	if (c == L'\n')
		return 0;
	return text_glyph_cp((uint32_t)c, ui_text_flags(), g);
}

void ui_textarea_init(struct ui_textarea *t, size_t limit)
{
	memset(t, 0, sizeof(*t));
	t->limit = limit;
	t->goal = -1;
}

void ui_textarea_free(struct ui_textarea *t)
{
	size_t limit = t->limit;

	if (t->buf)
		memset(t->buf, 0, t->cap * sizeof(wchar_t));
	free(t->buf);
	ui_textarea_init(t, limit);
}

static bool reserve(struct ui_textarea *t, size_t n)
{
	wchar_t *b;
	size_t cap = t->cap ? t->cap : 256;

	if (n + 1 <= t->cap)
		return true;
	while (cap < n + 1)
		cap *= 2;
	if (!(b = realloc(t->buf, cap * sizeof(wchar_t))))
		return false;
	t->buf = b;
	t->cap = cap;
	return true;
}

static bool insert(struct ui_textarea *t, wchar_t c)
{
	if (t->len >= hard_max(t) || !reserve(t, t->len + 1))
		return false;
	memmove(t->buf + t->cur + 1, t->buf + t->cur, (t->len - t->cur) * sizeof(wchar_t));
	t->buf[t->cur++] = c;
	t->buf[++t->len] = L'\0';
	return true;
}

void ui_textarea_set(struct ui_textarea *t, const char *utf8)
{
	size_t left = utf8 ? strlen(utf8) : 0;

	ui_textarea_free(t);
	while (left)
		if (!insert(t, (wchar_t)utf8_next(&utf8, &left)))
			break;
}

char *ui_textarea_get(const struct ui_textarea *t)
{
	char *out = malloc(t->len * 4 + 1), *p = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < t->len; i++)
		p += utf8_encode((uint32_t)t->buf[i], p);
	*p = '\0';
	return out;
}

size_t ui_textarea_wrap(const struct ui_textarea *t, int width, struct ui_ta_row **rows)
{
	size_t n = 0, cap = 16, p = 0;
	struct ui_ta_row *r = malloc(cap * sizeof(*r));

	if (width < 1)
		width = 1;
	if (!r)
		return 0;
	for (;;) {
		size_t q = p, start = p;
		while (q < t->len && t->buf[q] != L'\n')
			q++;
		/* The paragraph [p, q) in rows of at most `width` columns. */
		do {
			size_t end = start, from = start;
			int col = 0;
			while (end < q && col + cw(t->buf[end]) <= width)
				col += cw(t->buf[end++]);
			if (end < q) {
				size_t s = end;
				if (t->buf[end] == L' ') {
					end++;	/* the space that does not fit hangs off the row */
				} else {
					while (s > start && t->buf[s - 1] != L' ')
						s--;
					if (s > start)
						end = s;	/* after the last space that fits */
					else if (end == start)
						end++;	/* one character wider than the row */
				}
			}
			if (n == cap) {
				struct ui_ta_row *g = realloc(r, (cap *= 2) * sizeof(*r));
				if (!g) {
					free(r);
					return 0;
				}
				r = g;
			}
			r[n].from = from;
			r[n].to = end;
			n++;
			start = end;
		} while (start < q);
		if (q >= t->len)
			break;
		p = q + 1;
	}
	*rows = r;
	return n;
}

/* The row of index `i`: a wrapped row's end is the next row's start. */
static size_t row_of(const struct ui_ta_row *r, size_t n, size_t i)
{
	for (size_t k = 0; k < n; k++)
		if (i >= r[k].from && (i < r[k].to || (i == r[k].to && (k + 1 == n || r[k + 1].from != i))))
			return k;
	return n ? n - 1 : 0;
}

static int col_of(const struct ui_textarea *t, const struct ui_ta_row *row, size_t i)
{
	int col = 0;

	for (size_t k = row->from; k < i && k < row->to; k++)
		col += cw(t->buf[k]);
	return col;
}

void ui_textarea_cursor(const struct ui_textarea *t, int width, size_t *row, int *col)
{
	struct ui_ta_row *r;
	size_t n = ui_textarea_wrap(t, width, &r);

	*row = 0;
	*col = 0;
	if (!n)
		return;
	*row = row_of(r, n, t->cur);
	*col = col_of(t, &r[*row], t->cur);
	if (*col > width - 1 && width > 0)
		*col = width - 1;
	free(r);
}

/* The index in row k nearest column `goal` (not after a wrapped row's end, which is
 * the next row's start). */
static size_t at_col(const struct ui_textarea *t, const struct ui_ta_row *r, size_t n, size_t k,
		     int goal)
{
	size_t i = r[k].from, last = r[k].to;
	int col = 0;

	if (k + 1 < n && r[k + 1].from == last && last > r[k].from)
		last--;
	while (i < last && col + cw(t->buf[i]) <= goal)
		col += cw(t->buf[i++]);
	return i;
}

/* Up (-1) or down (+1) by `by` rows as drawn, the column kept. */
static enum ui_edit_result vertical(struct ui_textarea *t, int dir, size_t by)
{
	struct ui_ta_row *r;
	size_t n = ui_textarea_wrap(t, t->width, &r), k, to;

	if (!n)
		return UI_EDIT_MOVED;
	k = row_of(r, n, t->cur);
	if (t->goal < 0)
		t->goal = col_of(t, &r[k], t->cur);
	if (dir < 0)
		to = k > by ? k - by : 0;
	else
		to = k + by < n ? k + by : n - 1;
	if (to == k)
		t->cur = dir < 0 ? 0 : t->len;
	else
		t->cur = at_col(t, r, n, to, t->goal);
	free(r);
	return UI_EDIT_MOVED;
}

/* Home (-1) or End (+1) of the row as drawn. */
static enum ui_edit_result row_end(struct ui_textarea *t, int dir)
{
	struct ui_ta_row *r;
	size_t n = ui_textarea_wrap(t, t->width, &r), k;

	if (!n)
		return UI_EDIT_MOVED;
	k = row_of(r, n, t->cur);
	t->cur = dir < 0 ? r[k].from : at_col(t, r, n, k, 1 << 30);
	free(r);
	return UI_EDIT_MOVED;
}

enum ui_edit_result ui_textarea_key(struct ui_textarea *t, int key)
{
	int goal = t->goal;

	t->goal = -1;
	if (ui_key_is_text(key) || key == KEYS_ENTER) {
		if (!insert(t, key == KEYS_ENTER ? L'\n' : (wchar_t)(key & ~KEYS_CHAR)))
			beep();
		return UI_EDIT_CHANGED;
	}
	switch (key) {
	case KEY_BACKSPACE:
		if (t->cur == 0)
			return UI_EDIT_MOVED;
		t->cur--;
		/* fall through */
	case KEY_DC:
		if (t->cur >= t->len)
			return UI_EDIT_MOVED;
		memmove(t->buf + t->cur, t->buf + t->cur + 1, (t->len - t->cur) * sizeof(wchar_t));
		t->len--;
		return UI_EDIT_CHANGED;
	case KEY_LEFT:
		if (t->cur > 0)
			t->cur--;
		return UI_EDIT_MOVED;
	case KEY_RIGHT:
		if (t->cur < t->len)
			t->cur++;
		return UI_EDIT_MOVED;
	case KEY_UP:
	case KEY_DOWN:
	case KEY_PPAGE:
	case KEY_NPAGE:
		t->goal = goal;
		return vertical(t, key == KEY_UP || key == KEY_PPAGE ? -1 : 1,
				key == KEY_UP || key == KEY_DOWN ? 1
				: t->page > 1 ? (size_t)t->page - 1 : 1);
	case KEY_HOME:
	case KEYS_CHR(1):	/* C-a */
		return row_end(t, -1);
	case KEY_END:
	case KEYS_CHR(5):	/* C-e */
		return row_end(t, 1);
	default:
		return UI_EDIT_IGNORED;
	}
}

/* A paste stopped at the hard cap: where it was cut, and what can be sent (the limit,
 * which the cap is a multiple of, to leave room to edit a long text down). */
static void cut_said(const struct ui_textarea *t)
{
	if (t->limit)
		ui_message(UI_MSG_WARNING,
			   _("The pasted text was cut at %zu characters; at most %zu can be sent."),
			   t->len, t->limit);
	else
		ui_message(UI_MSG_WARNING,
			   _("The pasted text was cut: this field takes at most %zu characters."),
			   hard_max(t));
}

enum ui_paste_result ui_textarea_paste(struct ui_textarea *t, const char *text, size_t len)
{
	uint32_t last = 0;

	t->goal = -1;
	while (len) {
		uint32_t c = utf8_next(&text, &len);
		/* CR LF and CR are a newline. */
		if (c == '\n' && last == '\r') {
			last = c;
			continue;
		}
		last = c;
		if (c == '\r')
			c = '\n';
		/* Tabs and newlines are text here; other controls are left out. */
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0))
			continue;
		if (!insert(t, (wchar_t)c)) {
			cut_said(t);
			break;
		}
	}
	return UI_PASTE_TAKEN;
}

bool ui_textarea_counter(const struct ui_textarea *t, char *buf, size_t size)
{
	snprintf(buf, size, "%zu / %zu", t->len, t->limit);
	return t->limit && t->len > t->limit;
}

void ui_textarea_draw(WINDOW *w, int y, int x, int rows, int cols, struct ui_textarea *t,
		      bool focused, int *cy, int *cx)
{
	enum color_area area = focused ? AREA_FIELD_ACTIVE : AREA_FIELD;
	unsigned flags = ui_text_flags();
	struct ui_ta_row *r;
	size_t n, k;
	int col;

	if (rows < 1 || cols < 1)
		return;
	t->width = cols;
	t->page = rows;
	if (!(n = ui_textarea_wrap(t, cols, &r)))
		return;
	ui_textarea_cursor(t, cols, &k, &col);
	if (k < t->top)
		t->top = k;
	if (k >= t->top + (size_t)rows)
		t->top = k - (size_t)rows + 1;
	if (t->top + (size_t)rows > n)
		t->top = n > (size_t)rows ? n - (size_t)rows : 0;
	wattr_set(w, ui_attr(area), ui_pair(area), NULL);
	for (int i = 0; i < rows; i++) {
		size_t row = t->top + (size_t)i;
		int c = 0;
		mvwhline(w, y + i, x, ' ', cols);
		wmove(w, y + i, x);
		for (size_t j = row < n ? r[row].from : 0; row < n && j < r[row].to; j++) {
			char g[8];
			int gw = text_glyph_cp((uint32_t)t->buf[j], flags, g);
			if (c + gw > cols)
				break;
			waddstr(w, g);
			c += gw;
		}
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	if (focused) {
		*cy = y + (int)(k - t->top);
		*cx = x + col;
	}
	free(r);
}
