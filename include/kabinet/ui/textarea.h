/* The multi-line editor (textarea.c). */
#ifndef KABINET_UI_TEXTAREA_H
#define KABINET_UI_TEXTAREA_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "kabinet/ui/edit.h"

/* Text of several lines (a support request, a reply): wrapped between words to the
 * width it is drawn in, the cursor moved by characters (Left, Right), by the rows as
 * drawn (Up, Down, PgUp, PgDn; the column kept), to the row's ends (Home, End); Enter
 * puts in a new line. Tab and the rest are the caller's (ui_textarea_key says
 * IGNORED). `limit` is the API's limit in characters: the counter shows it, and
 * text up to four times longer may be typed (then the counter says how much is
 * over), so that what is too long is refused with the reason rather than cut. */
struct ui_textarea {
	wchar_t *buf;		/* len characters and a NUL; NULL while empty */
	size_t len, cap, cur;
	size_t limit;		/* characters the API takes */
	int width, page;	/* columns and rows of the last draw: Up/Down, PgUp/PgDn */
	size_t top;		/* the first row drawn */
	int goal;		/* the column Up and Down keep, -1 none */
};

/* A row as drawn: characters [from, to) of the text, without the newline. */
struct ui_ta_row {
	size_t from, to;
};

void ui_textarea_init(struct ui_textarea *t, size_t limit);
/* Zeroes and frees the text. */
void ui_textarea_free(struct ui_textarea *t);
void ui_textarea_set(struct ui_textarea *t, const char *utf8);
/* The text as UTF-8, malloc'ed (NULL when out of memory). */
char *ui_textarea_get(const struct ui_textarea *t);
enum ui_edit_result ui_textarea_key(struct ui_textarea *t, int key);
/* The rows of the text wrapped to `width` columns (at least one row), malloc'ed into
 * *rows; returns their number, 0 when out of memory. */
size_t ui_textarea_wrap(const struct ui_textarea *t, int width, struct ui_ta_row **rows);
/* The cursor's row and column in the text wrapped to `width`. */
void ui_textarea_cursor(const struct ui_textarea *t, int width, size_t *row, int *col);
/* "123 / 4000"; true when the text is over the limit. */
bool ui_textarea_counter(const struct ui_textarea *t, char *buf, size_t size);
/* Draws the text in the rectangle (y, x, rows, cols), scrolled to keep the cursor in
 * view; *cy, *cx get the cursor's place (when focused). */
void ui_textarea_draw(WINDOW *w, int y, int x, int rows, int cols, struct ui_textarea *t,
		      bool focused, int *cy, int *cx);

#endif
