/* The list view (list.c) every screen that lists things stands on. */
#ifndef KABINET_UI_LIST_H
#define KABINET_UI_LIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "kabinet/actions.h"
#include "kabinet/config.h"
#include "kabinet/ui/draw.h"

#define UI_LIST_COLS_MAX 16

/* One column of a list. */
struct ui_col {
	const char *title;	/* N_() */
	enum ui_align align;
	int drop;		/* left out when narrow: the highest first; 0 never */
	int min;		/* may be cut down to this many columns before any goes; 0 never */
	int width;		/* a fixed width (no measuring), or 0 for the widest cell */
	bool whole;		/* a figure: shown whole, or as an ellipsis, never cut */
	bool (*hidden)(void *ud);	/* may be NULL: left out while it says so */
	/* Goes with the column before it (a "±" after its figure): left out whenever that
	 * one is, so that no column stands under a heading that does not say what it is,
	 * and while no row has anything in it. */
	bool with_prev;
};

/* What the screen tells the list about its rows. */
struct ui_list_ops {
	/* The text of a cell (made safe when drawn). */
	void (*cell)(void *ud, size_t row, int col, char *buf, size_t size);
	/* The color area of a cell, or AREA_DEFAULT; may be NULL. */
	enum color_area (*area)(void *ud, size_t row, int col);
	/* A row the screen draws whole (a heading over a group): true when it did; may be
	 * NULL. Its cells are not measured when heading() says it is one. */
	bool (*draw_row)(void *ud, WINDOW *w, int y, int cols, size_t row, bool selected);
	bool (*heading)(void *ud, size_t row);
	/* More text a search finds the row by (a heading's), or NULL. */
	void (*search_text)(void *ud, size_t row, char *buf, size_t size);
	/* A shorter text of a cell ("Card pmt" for "Card payment"), drawn when the full one
	 * does not fit its column; buf left empty when there is none; may be NULL. A column
	 * with such texts is cut no narrower than the widest of them. */
	void (*brief)(void *ud, size_t row, int col, char *buf, size_t size);
};

struct ui_list {
	const struct ui_col *cols;
	int ncols;
	const struct ui_list_ops *ops;
	void *ud;
	size_t n;		/* rows */
	size_t sel;		/* the selected row */
	size_t top;		/* the first row shown */
	int page;		/* rows shown at the last draw */
	bool inactive;		/* another list of the screen has the keys: the selection
				 * is not drawn */
	char pattern[256];	/* the last search */
	/* The widest cell of each column, of rows 0 .. measured-1. */
	int natural[UI_LIST_COLS_MAX];
	size_t measured;
	bool measure_valid;
	unsigned measure_flags;
	const char *measure_lang;
	/* The widest brief text of each column (0: none), of rows 0 .. measured-1. */
	int brief_w[UI_LIST_COLS_MAX];
	/* Whether any of those rows has text in the column (a companion with none goes). */
	bool filled[UI_LIST_COLS_MAX];
};

void ui_list_init(struct ui_list *l, const struct ui_col *cols, int ncols,
		  const struct ui_list_ops *ops, void *ud);
/* The number of rows; `appended` when the rows before are as they were (a page more of
 * a history), so that only the new ones are measured. The selection stays in range. */
void ui_list_set_rows(struct ui_list *l, size_t n, bool appended);
/* What the rows show changed: measured again at the next draw. */
void ui_list_changed(struct ui_list *l);
/* One row changed (a figure came): only it is measured; a column grows, never
 * shrinks, until the next ui_list_changed(). */
void ui_list_row_changed(struct ui_list *l, size_t row);
/* Draws the headings at y and the rows under them, in `rows` rows and `cols` columns
 * of w; returns the rows used. Asks for the cells of the rows shown only. */
int ui_list_draw(struct ui_list *l, WINDOW *w, int y, int rows, int cols);
/* Moves the selection for j/k, PgUp/PgDn, g/G; false for any other action. */
bool ui_list_key(struct ui_list *l, enum action act);

enum ui_search_result { UI_SEARCH_FOUND, UI_SEARCH_WRAPPED, UI_SEARCH_NONE, UI_SEARCH_EMPTY };
/* Selects the next row (dir >= 0) or the previous one whose text has `text` in it,
 * as it is or as drawn (transliterated on a terminal that is not UTF-8), ignoring
 * case (Cyrillic too, ё as е): match.h. text NULL repeats the last search (n/N); a new
 * search may match the selected row. Goes on from the other end when `wrap`. */
enum ui_search_result ui_list_search(struct ui_list *l, const char *text, int dir, bool wrap);
/* Says the outcome in the bottom line. */
void ui_list_search_say(const struct ui_list *l, enum ui_search_result r, int dir);

#endif
