/* The window of screen 4's history (histwin.c): which pages of a listing read by cursor
 * are held, in the order of the rows, and the cursors to ask again for those dropped
 * before them. Only the bookkeeping: the rows are the screen's. Pure: no curses, no
 * network. A page is named by the cursor that asked for it ("" for the first page).
 *
 * The pages held run from index `before` (the number of pages dropped before them) to
 * before + held - 1; the screen drops the page at either end when more than
 * HISTWIN_PAGES are held, the one away from the selection, and asks for a dropped one
 * again with its cursor when the selection comes near it. Pages dropped after the
 * last held are asked for again by the cursor of the first of them, as a next page. */
#ifndef KABINET_HISTWIN_H
#define KABINET_HISTWIN_H

#include <stdbool.h>
#include <stddef.h>

#define HISTWIN_PAGES 6		/* pages the window keeps (one more for a moment) */
#define HISTWIN_CURSOR 128	/* a cursor is at most 120 characters (docs/api.md) */

struct histwin_page {
	char cursor[HISTWIN_CURSOR];	/* that asked for it; "" the first page */
	size_t rows;
};

struct histwin {
	struct histwin_page page[HISTWIN_PAGES + 1];	/* held, in the rows' order */
	size_t held;
	char (*dropped)[HISTWIN_CURSOR];	/* the cursors of the pages before, nearest last */
	size_t before, cap;
	size_t rows_before;	/* the rows of the pages dropped before */
	size_t seen;		/* pages ever taken from the start (the paging guard saw them) */
};

/* A load from the first page: nothing held, nothing dropped (the memory stays). */
void histwin_reset(struct histwin *w);
/* Whether the next page after those held was never taken before (the guard is to see
 * it); a page asked for again after being dropped is not. */
bool histwin_next_is_new(const struct histwin *w);
/* A page after those held came, asked for by `cursor`, with `rows` rows: false when
 * HISTWIN_PAGES + 1 are held already (the screen drops one first). */
bool histwin_took_next(struct histwin *w, const char *cursor, size_t rows);
/* More pages held than the window keeps: one is to be dropped. */
bool histwin_full(const struct histwin *w);
/* The first page held is dropped: its rows (0 when none is held, or when its cursor
 * could not be kept: nothing changed then), counted in rows_before. */
size_t histwin_drop_first(struct histwin *w);
/* The last page held is dropped: its rows (0 when at most one is held), its cursor in
 * cursor (the next page to ask for). */
size_t histwin_drop_last(struct histwin *w, char cursor[HISTWIN_CURSOR]);
/* The cursor of the nearest page dropped before those held; NULL when none is. */
const char *histwin_prev_cursor(const struct histwin *w);
/* That page came again with `rows` rows: it is held first. False when none was dropped
 * or HISTWIN_PAGES + 1 are held already. */
bool histwin_took_prev(struct histwin *w, size_t rows);
/* The window goes: the memory of the cursors too. */
void histwin_free(struct histwin *w);

#endif
