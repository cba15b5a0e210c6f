/* Drawing helpers (draw.c): the one width function and fitting text into columns,
 * styles from the config's color lines, money, numbers and dates for the screen,
 * lines and boxes. */
#ifndef KABINET_UI_DRAW_H
#define KABINET_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/config.h"
#include "kabinet/model/text.h"

enum ui_align { UI_LEFT = TEXT_LEFT, UI_RIGHT = TEXT_RIGHT, UI_CENTER = TEXT_CENTER };

/* How the screen folds text to ASCII (text.h): everything when the environment's
 * locale is not UTF-8, the symbols under `set ascii_only`, nothing otherwise. Every
 * string drawn goes through text.c with these flags, so server text is made safe
 * (controls, escapes, bidi overrides, bad UTF-8) on its one way to the terminal. */
unsigned ui_text_flags(void);
/* Columns the UTF-8 text takes on the terminal, as drawn (see text_width). Never
 * strlen. */
int ui_width(const char *s);
/* Fits UTF-8 text into exactly `cols` columns: trims at a character boundary with an
 * ellipsis when too wide, pads with spaces as `align` says. Writes NUL-terminated
 * UTF-8 to out (cut at a character boundary when out is too small) and returns the
 * columns it takes. cols <= 0 gives "". */
int ui_fit(const char *s, int cols, enum ui_align align, char *out, size_t size);
/* The same, without padding: trims only. */
int ui_trim(const char *s, int cols, char *out, size_t size);
/* Draws text fitted into `cols` columns at y, x with the area's style; clips at
 * the window's edge. Returns the columns drawn. */
int ui_put(WINDOW *w, int y, int x, int cols, enum ui_align align, enum color_area area,
	   const char *s);
/* Text of several lines (a message, a reason) in `cols` columns from y: broken between
 * words and at newlines, at most `rows` rows, the last one cut when more is left.
 * Returns the rows used (with w NULL, the rows it would use, drawing nothing). */
int ui_put_wrapped(WINDOW *w, int y, int x, int cols, int rows, enum color_area area,
		   const char *s);
/* The same with explicit attributes and color pair (a highlighted negative figure). */
int ui_put_attr(WINDOW *w, int y, int x, int cols, enum ui_align align, attr_t attr, short pair,
		const char *s);
/* The attributes (color pair and A_*) of an area: colors only when the terminal has
 * them, NO_COLOR is unset or empty and `set color` is on. */
attr_t ui_attr(enum color_area area);
/* How a QR code is drawn, whatever the color scheme: black on white (a pair of its
 * own) with colors, else reverse video, so that the glyphs' ink, the dark modules,
 * is dark on a dark terminal. */
void ui_ink_on_paper(attr_t *attr, short *pair);
short ui_pair(enum color_area area);
void ui_style(WINDOW *w, enum color_area area);
/* (Re)builds the color pairs from the config; after :color and :set color. */
void ui_colors_init(void);
bool ui_colors_on(void);
/* Money for the screen: 1 234,56 ₽ / 1,234.56 RUB (drawn as 1 234,56 RUB under
 * ascii_only). */
char *ui_money(int64_t kopecks, char *buf, size_t size);
/* A date (YYYY-MM-DD, or an RFC 3339 instant) in the interface's language:
 * 27.11.2026 / Nov 27, 2026; with `brief`, a date of this year without the year
 * (27.11 / Nov 27). Text that is no date is returned as it is. Returns buf. */
char *ui_date(const char *iso, bool brief, char *buf, size_t size);
/* An integer with group separators in the interface's language: 1 250 / 1,250. */
char *ui_number(int64_t n, char *buf, size_t size);
/* "…", or "~" when text is folded to ASCII; a horizontal line. */
const char *ui_ellipsis(void);
void ui_hline(WINDOW *w, int y, int x, int cols);
/* A box around the window's edge (ACS, or ASCII under ascii_only). */
void ui_box(WINDOW *w);

#endif
