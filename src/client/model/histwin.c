/* The window of screen 4's history (see histwin.h): the pages held as a short array in
 * the rows' order, the cursors of the pages dropped before them as a stack grown with
 * checked sizes. */
#include "kabinet/model/histwin.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void histwin_reset(struct histwin *w)
{
	w->held = w->before = w->seen = w->rows_before = 0;
}

bool histwin_next_is_new(const struct histwin *w)
{
	return w->before + w->held >= w->seen;
}

bool histwin_took_next(struct histwin *w, const char *cursor, size_t rows)
{
	struct histwin_page *p;

	if (w->held > HISTWIN_PAGES)
		return false;	/* one more than the window: a page is to go first */
	if (histwin_next_is_new(w))
		w->seen = w->before + w->held + 1;
	p = &w->page[w->held++];
	snprintf(p->cursor, sizeof(p->cursor), "%s", cursor ? cursor : "");
	p->rows = rows;
	return true;
}

bool histwin_full(const struct histwin *w)
{
	return w->held > HISTWIN_PAGES;
}

/* Room for one cursor more on the stack of those dropped. */
static bool room_for_one(struct histwin *w)
{
	size_t cap = w->cap ? w->cap : 16;
	void *grown;

	if (w->before < w->cap)
		return true;
	while (cap <= w->before) {
		if (cap > SIZE_MAX / 2)
			return false;
		cap *= 2;
	}
	if (cap > SIZE_MAX / HISTWIN_CURSOR || !(grown = realloc(w->dropped, cap * HISTWIN_CURSOR)))
		return false;
	w->dropped = grown;
	w->cap = cap;
	return true;
}

size_t histwin_drop_first(struct histwin *w)
{
	size_t rows;

	if (!w->held || !room_for_one(w))
		return 0;
	memcpy(w->dropped[w->before++], w->page[0].cursor, HISTWIN_CURSOR);
	rows = w->page[0].rows;
	w->rows_before += rows;
	memmove(&w->page[0], &w->page[1], --w->held * sizeof(w->page[0]));
	return rows;
}

size_t histwin_drop_last(struct histwin *w, char cursor[HISTWIN_CURSOR])
{
	if (w->held < 2)
		return 0;
	w->held--;
	memcpy(cursor, w->page[w->held].cursor, HISTWIN_CURSOR);
	return w->page[w->held].rows;
}

const char *histwin_prev_cursor(const struct histwin *w)
{
	return w->before ? w->dropped[w->before - 1] : NULL;
}

bool histwin_took_prev(struct histwin *w, size_t rows)
{
	if (!w->before || w->held > HISTWIN_PAGES)
		return false;
	memmove(&w->page[1], &w->page[0], w->held++ * sizeof(w->page[0]));
	memcpy(w->page[0].cursor, w->dropped[--w->before], HISTWIN_CURSOR);
	w->page[0].rows = rows;
	w->rows_before = w->rows_before > rows ? w->rows_before - rows : 0;
	return true;
}

void histwin_free(struct histwin *w)
{
	free(w->dropped);
	memset(w, 0, sizeof(*w));
}
