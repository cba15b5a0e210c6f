/* The line editor every text field and the : prompt use (see ui/edit.h): a field of
 * characters with the cursor, a secret one masked and wiped, its width in columns. */
#include "kabinet/ui/edit.h"
#include "kabinet/ui/draw.h"

#include <string.h>

#include "kabinet/keys.h"
#include "kabinet/model/utf8.h"

bool ui_key_is_text(int key)
{
	int cp;

	if (!(key & KEYS_CHAR))
		return false;
	cp = key & ~KEYS_CHAR;
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp <= 0x10ffff;
}

static size_t edit_max(const struct ui_edit *e)
{
	return e->max && e->max < UI_EDIT_MAX ? e->max : UI_EDIT_MAX;
}

enum ui_edit_result ui_edit_key(struct ui_edit *e, int key)
{
	if (ui_key_is_text(key)) {
		wchar_t c = (wchar_t)(key & ~KEYS_CHAR);
		if (e->digits && (c < '0' || c > '9')) {
			beep();		/* refused aloud, as a full field is: only digits belong */
			return UI_EDIT_CHANGED;
		}
		if (e->len >= edit_max(e)) {
			beep();
			return UI_EDIT_CHANGED;
		}
		memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof(wchar_t));
		e->buf[e->cur++] = c;
		e->buf[++e->len] = L'\0';
		return UI_EDIT_CHANGED;
	}
	switch (key) {
	case KEY_BACKSPACE:
		if (e->cur == 0)
			return UI_EDIT_MOVED;
		e->cur--;
		/* fall through */
	case KEY_DC:
		if (e->cur >= e->len)
			return UI_EDIT_MOVED;
		memmove(e->buf + e->cur, e->buf + e->cur + 1, (e->len - e->cur) * sizeof(wchar_t));
		e->len--;
		e->buf[e->len + 1] = L'\0';
		return UI_EDIT_CHANGED;
	case KEY_LEFT:
		if (e->cur > 0)
			e->cur--;
		return UI_EDIT_MOVED;
	case KEY_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		return UI_EDIT_MOVED;
	case KEY_HOME:
	case KEYS_CHR(1):	/* C-a */
		e->cur = 0;
		return UI_EDIT_MOVED;
	case KEY_END:
	case KEYS_CHR(5):	/* C-e */
		e->cur = e->len;
		return UI_EDIT_MOVED;
	case KEYS_CHR(21):	/* C-u: everything before the cursor */
		memmove(e->buf, e->buf + e->cur, (e->len - e->cur + 1) * sizeof(wchar_t));
		e->len -= e->cur;
		wmemset(e->buf + e->len + 1, L'\0', UI_EDIT_MAX - e->len);
		e->cur = 0;
		return UI_EDIT_CHANGED;
	case KEYS_CHR(11):	/* C-k: everything after it */
		wmemset(e->buf + e->cur, L'\0', UI_EDIT_MAX + 1 - e->cur);
		e->len = e->cur;
		return UI_EDIT_CHANGED;
	case KEYS_CHR(23): {	/* C-w: the word before it */
		size_t from = e->cur;
		while (from > 0 && e->buf[from - 1] == L' ')
			from--;
		while (from > 0 && e->buf[from - 1] != L' ')
			from--;
		memmove(e->buf + from, e->buf + e->cur, (e->len - e->cur + 1) * sizeof(wchar_t));
		e->len -= e->cur - from;
		wmemset(e->buf + e->len + 1, L'\0', UI_EDIT_MAX - e->len);
		e->cur = from;
		return UI_EDIT_CHANGED;
	}
	default:
		return UI_EDIT_IGNORED;
	}
}

void ui_edit_set(struct ui_edit *e, const char *utf8)
{
	size_t left = utf8 ? strlen(utf8) : 0, max = edit_max(e);

	ui_edit_wipe(e);
	while (left && e->len < max) {
		uint32_t cp;
		size_t n = utf8_decode(utf8, left, &cp);
		if (n == 0)
			break;
		e->buf[e->len++] = (wchar_t)cp;
		utf8 += n;
		left -= n;
	}
	e->buf[e->len] = L'\0';
	e->cur = e->len;
}

size_t ui_edit_get(const struct ui_edit *e, char *out, size_t size)
{
	size_t used = 0;
	char enc[4];

	if (size == 0)
		return 0;
	for (size_t i = 0; i < e->len; i++) {
		size_t n = utf8_encode((uint32_t)e->buf[i], enc);
		if (used + n + 1 > size)
			break;
		memcpy(out + used, enc, n);
		used += n;
	}
	/* The text may be a password: leave no copy on the stack. */
	explicit_bzero(enc, sizeof(enc));
	out[used] = '\0';
	return used;
}

void ui_edit_wipe(struct ui_edit *e)
{
	explicit_bzero(e->buf, sizeof(e->buf));
	e->len = e->cur = 0;
	e->scroll = 0;
}

int ui_edit_draw(WINDOW *w, int y, int x, int cols, struct ui_edit *e, enum color_area area)
{
	int cur_col = 0, col = 0, total = 0, maxy, maxx;
	unsigned flags = ui_text_flags();
	char g[8];

	getmaxyx(w, maxy, maxx);
	if (cols > maxx - x)
		cols = maxx - x;
	if (cols <= 0 || y < 0 || y >= maxy || x < 0)
		return 0;
	/* Columns up to the cursor decide the scroll; a field that grew wide enough for
	 * the whole text (a resize) shows it from the start again. */
	for (size_t i = 0; i < e->len; i++) {
		int cw = e->masked ? 1 : text_glyph_cp((uint32_t)e->buf[i], flags, g);
		if (i < e->cur)
			cur_col += cw;
		total += cw;
	}
	if (cur_col < e->scroll)
		e->scroll = cur_col;
	if (cur_col - e->scroll > cols - 1)
		e->scroll = cur_col - (cols - 1);
	if (e->scroll > 0 && total - e->scroll < cols - 1)
		e->scroll = total - (cols - 1) > 0 ? total - (cols - 1) : 0;
	wattr_set(w, ui_attr(area), ui_pair(area), NULL);
	mvwhline(w, y, x, ' ', cols);
	wmove(w, y, x);
	for (size_t i = 0; i < e->len; i++) {
		int cw = text_glyph_cp(e->masked ? 0x2022 : (uint32_t)e->buf[i], flags, g);
		if (col >= e->scroll) {
			if (col - e->scroll + cw > cols)
				break;
			waddstr(w, g);
		}
		col += cw;
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	return cur_col - e->scroll;
}
