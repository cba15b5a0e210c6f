/* Drawing helpers: the one width function and fitting text into columns (text.c,
 * which also makes server text safe, with the interface's ASCII folding), styles from
 * the config's color lines, money and numbers for the screen. */
#include "kabinet/ui/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/date.h"
#include "kabinet/model/format.h"
#include "kabinet/model/text.h"

unsigned ui_text_flags(void)
{
	if (!i18n_utf8_env())
		return TEXT_ASCII_ALL;
	return opt.ascii_only ? TEXT_ASCII_SYMBOLS : 0;
}

int ui_width(const char *s)
{
	return text_width(s, ui_text_flags());
}

const char *ui_ellipsis(void)
{
	return ui_text_flags() ? "~" : "…";
}

int ui_fit(const char *s, int cols, enum ui_align align, char *out, size_t size)
{
	return text_fit(s, cols, (enum text_align)align, true, ui_text_flags(), out, size);
}

int ui_trim(const char *s, int cols, char *out, size_t size)
{
	return text_fit(s, cols, TEXT_LEFT, false, ui_text_flags(), out, size);
}

int ui_put(WINDOW *w, int y, int x, int cols, enum ui_align align, enum color_area area,
	   const char *s)
{
	return ui_put_attr(w, y, x, cols, align, ui_attr(area), ui_pair(area), s);
}

int ui_put_wrapped(WINDOW *w, int y, int x, int cols, int rows, enum color_area area,
		   const char *s)
{
	char line[1024];
	int used = 0;

	while (*s && used < rows) {
		size_t len = 0, fit = 0;
		/* As many whole words as fit; a word wider than the line is cut. */
		while (s[len] && s[len] != '\n') {
			size_t end = len;
			while (s[end] == ' ')
				end++;
			while (s[end] && s[end] != ' ' && s[end] != '\n')
				end++;
			if (end >= sizeof(line))
				break;
			memcpy(line, s, end);
			line[end] = '\0';
			if (ui_width(line) > cols && fit)
				break;
			fit = len = end;
		}
		if (!fit)
			fit = strcspn(s, "\n");
		if (fit >= sizeof(line))
			fit = sizeof(line) - 1;
		memcpy(line, s, fit);
		line[fit] = '\0';
		/* The last row there is takes the rest, cut. */
		if (used == rows - 1 && s[fit] && s[fit] != '\n')
			snprintf(line, sizeof(line), "%s", s);
		if (w)
			ui_put(w, y + used, x, cols, UI_LEFT, area, line);
		used++;
		s += fit;
		while (*s == ' ')
			s++;
		if (*s == '\n')
			s++;
	}
	return used;
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
	/* A column takes at most 4 bytes (a transliterated letter 4 for one column, a
	 * dropped character none), and the text never more than its own length again. */
	size = (size_t)cols * 4 + (s ? strlen(s) * 4 : 0) + 8;
	buf = malloc(size);
	if (!buf)
		return 0;
	n = text_fit(s, cols, (enum text_align)align, align != UI_LEFT, ui_text_flags(), buf, size);
	wattr_set(w, attr, pair, NULL);
	mvwaddstr(w, y, x, buf);
	wattr_set(w, A_NORMAL, 0, NULL);
	free(buf);
	return n;
}

/* --- colors --- */

static bool colors_on;
/* The pair after the areas': black on white, for a QR code. */
#define PAIR_INK_ON_PAPER ((short)(AREA_COUNT + 1))

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
	init_pair(PAIR_INK_ON_PAPER, COLOR_BLACK, COLOR_WHITE);
}

void ui_ink_on_paper(attr_t *attr, short *pair)
{
	*attr = colors_on ? A_NORMAL : A_REVERSE;
	*pair = colors_on ? PAIR_INK_ON_PAPER : 0;
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

char *ui_money(int64_t kopecks, char *buf, size_t size)
{
	return format_money(kopecks, buf, size);
}

char *ui_number(int64_t n, char *buf, size_t size)
{
	return format_number(n, buf, size);
}

char *ui_date(const char *iso, bool brief, char *buf, size_t size)
{
	return date_format(iso, brief, buf, size);
}

/* How lines are drawn: ASCII under ascii_only; the terminal's own line-drawing set
 * (ACS) on terminals whose fonts may lack Unicode box characters (vt100, the Linux
 * console: ncurses knows their quirks); Unicode box characters everywhere else, which
 * also read right in a text capture of the screen. */
enum lines { LINES_ASCII, LINES_ACS, LINES_UNICODE };

static enum lines line_style(void)
{
	const char *term = getenv("TERM");

	if (ui_text_flags())
		return LINES_ASCII;
	if (!term || !strncmp(term, "vt", 2) || !strncmp(term, "linux", 5))
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
