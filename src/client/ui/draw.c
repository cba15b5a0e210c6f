/* Drawing helpers: the one width function (wcwidth per character, never strlen),
 * fitting text into columns with an ellipsis, styles from the config's color lines,
 * money and numbers for the screen. */
#include "kabinet/ui.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/utf8.h"

/* One character of UTF-8 text: its length in bytes and columns, and what to draw
 * (a malformed byte or a control character becomes "?"). */
struct ch {
	size_t len;
	int cols;
	bool replaced;
};

static struct ch next_char(const char *s, size_t avail)
{
	uint32_t cp;
	struct ch c = { 1, 1, true };
	size_t n = utf8_decode(s, avail < 4 ? avail : 4, &cp);
	int w;

	if (n == 0)
		return c;
	c.len = n;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return c;	/* control: drawn as "?" */
	c.cols = w;
	c.replaced = false;
	return c;
}

int ui_width(const char *s)
{
	size_t left = s ? strlen(s) : 0;
	int cols = 0;

	while (left) {
		struct ch c = next_char(s, left);
		cols += c.cols;
		s += c.len;
		left -= c.len;
	}
	return cols;
}

const char *ui_ellipsis(void)
{
	return opt.ascii_only ? "~" : "…";
}

/* Appends at most n bytes of s to out (size bytes, *used so far), whole or not at all. */
static bool append(char *out, size_t size, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > size)
		return false;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return true;
}

static int fit(const char *s, int cols, enum ui_align align, bool pad, char *out, size_t size)
{
	size_t left = s ? strlen(s) : 0, used = 0;
	const char *ell = ui_ellipsis();
	int ell_cols = ui_width(ell), width = ui_width(s), taken = 0, room, before = 0;
	bool trim;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (cols <= 0)
		return 0;
	trim = width > cols;
	room = trim ? cols - ell_cols : cols;
	if (room < 0)
		room = 0;
	if (pad && !trim) {
		if (align == UI_RIGHT)
			before = cols - width;
		else if (align == UI_CENTER)
			before = (cols - width) / 2;
	}
	for (int i = 0; i < before; i++)
		if (!append(out, size, &used, " ", 1))
			return taken;
	taken = before;
	while (left) {
		struct ch c = next_char(s, left);
		if (taken + c.cols > before + room)
			break;
		if (!(c.replaced ? append(out, size, &used, "?", 1)
				 : append(out, size, &used, s, c.len)))
			return taken;
		taken += c.cols;
		s += c.len;
		left -= c.len;
	}
	if (trim && ell_cols <= cols - taken && append(out, size, &used, ell, strlen(ell)))
		taken += ell_cols;
	while (pad && taken < cols && append(out, size, &used, " ", 1))
		taken++;
	return taken;
}

int ui_fit(const char *s, int cols, enum ui_align align, char *out, size_t size)
{
	return fit(s, cols, align, true, out, size);
}

int ui_trim(const char *s, int cols, char *out, size_t size)
{
	return fit(s, cols, UI_LEFT, false, out, size);
}

int ui_put(WINDOW *w, int y, int x, int cols, enum ui_align align, enum color_area area,
	   const char *s)
{
	return ui_put_attr(w, y, x, cols, align, ui_attr(area), ui_pair(area), s);
}

int ui_put_attr(WINDOW *w, int y, int x, int cols, enum ui_align align, attr_t attr, short pair,
		const char *s)
{
	int maxy, maxx, n;
	char *buf;
	size_t size;

	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx)
		return 0;
	if (cols > maxx - x)
		cols = maxx - x;
	if (cols <= 0)
		return 0;
	/* Four bytes a column is the most UTF-8 can need, plus the padding. */
	size = (size_t)cols * 4 + (s ? strlen(s) : 0) + 8;
	buf = malloc(size);
	if (!buf)
		return 0;
	n = fit(s, cols, align, align != UI_LEFT, buf, size);
	wattr_set(w, attr, pair, NULL);
	mvwaddstr(w, y, x, buf);
	wattr_set(w, A_NORMAL, 0, NULL);
	free(buf);
	return n;
}

/* --- colors --- */

static bool colors_on;

bool ui_colors_on(void)
{
	return colors_on;
}

void ui_colors_init(void)
{
	const char *nc = getenv("NO_COLOR");

	colors_on = opt.color && !(nc && *nc) && has_colors() && start_color() == OK;
	if (!colors_on)
		return;
	use_default_colors();
	for (int a = 0; a < AREA_COUNT; a++) {
		const struct color_style *st = config_color((enum color_area)a);
		short fg = st->fg, bg = st->bg;
		/* A terminal with 8 colors cannot show 9-255: fall back to its default. */
		if (fg >= COLORS)
			fg = -1;
		if (bg >= COLORS)
			bg = -1;
		init_pair((short)(a + 1), fg, bg);
	}
}

short ui_pair(enum color_area area)
{
	if (!colors_on || area < 0 || area >= AREA_COUNT)
		return 0;
	return (short)(area + 1);
}

attr_t ui_attr(enum color_area area)
{
	const struct color_style *st;

	if (area < 0 || area >= AREA_COUNT)
		return A_NORMAL;
	st = config_color(area);
	return (attr_t)st->attrs;
}

void ui_style(WINDOW *w, enum color_area area)
{
	wattr_set(w, ui_attr(area), ui_pair(area), NULL);
}

/* --- figures --- */

/* Replaces every `from` in buf by `to` (not longer), in place. */
static void replace_all(char *buf, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *p = buf;

	while ((p = strstr(p, from))) {
		memcpy(p, to, tl);
		memmove(p + tl, p + fl, strlen(p + fl) + 1);
		p += tl;
	}
}

static void asciify(char *buf)
{
	replace_all(buf, "\u2212", "-");
	replace_all(buf, "\u202f", " ");
	replace_all(buf, "\u00a0", " ");
	replace_all(buf, "₽", "RUB");
}

char *ui_money(int64_t kopecks, char *buf, size_t size)
{
	money_format(kopecks, i18n_money_style(), buf, size);
	if (opt.ascii_only)
		asciify(buf);
	return buf;
}

char *ui_number(int64_t n, char *buf, size_t size)
{
	/* money_format groups the whole part; drop the kopecks and the unit. */
	char tmp[64];
	char *cut;

	money_format(n * 100, i18n_money_style(), tmp, sizeof(tmp));
	cut = strpbrk(tmp, i18n_money_style() == MONEY_RU ? "," : ".");
	if (cut)
		*cut = '\0';
	if (opt.ascii_only)
		asciify(tmp);
	snprintf(buf, size, "%s", tmp);
	return buf;
}

/* How lines are drawn: ASCII under ascii_only; the terminal's own line-drawing set
 * (ACS) on terminals whose fonts may lack Unicode box characters (vt100, the Linux
 * console: ncurses knows their quirks); Unicode box characters everywhere else, which
 * also read right in a text capture of the screen. */
enum lines { LINES_ASCII, LINES_ACS, LINES_UNICODE };

static enum lines line_style(void)
{
	const char *term = getenv("TERM");

	if (opt.ascii_only)
		return LINES_ASCII;
	if (!term || !strncmp(term, "vt", 2) || !strncmp(term, "linux", 5) ||
	    strcmp(nl_langinfo(CODESET), "UTF-8"))
		return LINES_ACS;
	return LINES_UNICODE;
}

static void set_wide(cchar_t *c, wchar_t wc)
{
	wchar_t s[2] = { wc, L'\0' };
	setcchar(c, s, A_NORMAL, 0, NULL);
}

void ui_hline(WINDOW *w, int y, int x, int cols)
{
	cchar_t c;

	if (cols <= 0)
		return;
	switch (line_style()) {
	case LINES_ASCII:
		mvwhline(w, y, x, '-', cols);
		break;
	case LINES_ACS:
		mvwhline(w, y, x, ACS_HLINE, cols);
		break;
	case LINES_UNICODE:
		set_wide(&c, L'─');
		mvwhline_set(w, y, x, &c, cols);
		break;
	}
}

void ui_box(WINDOW *w)
{
	cchar_t v, h, tl, tr, bl, br;

	switch (line_style()) {
	case LINES_ASCII:
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
		break;
	case LINES_ACS:
		box(w, 0, 0);
		break;
	case LINES_UNICODE:
		set_wide(&v, L'│');
		set_wide(&h, L'─');
		set_wide(&tl, L'┌');
		set_wide(&tr, L'┐');
		set_wide(&bl, L'└');
		set_wide(&br, L'┘');
		wborder_set(w, &v, &v, &h, &h, &tl, &tr, &bl, &br);
		break;
	}
}
