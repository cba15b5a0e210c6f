/* A list loaded a page at a time by cursor (paged.c), as screen 4's payment history,
 * screen 7's requests and screen 8's access log are: the rows in one array that
 * grows with checked sizes, the cursor of the next page and whether there is one,
 * more asked for as the selection nears the last row loaded, G's load page after
 * page to the end (Esc stops it, a key goes on), a reload that keeps the rows shown
 * until its first page replaces them, and paging.h's guard over the whole load with a
 * screen's limits. The screen says how a page is asked for and moves each page's rows
 * in itself. */
#ifndef KABINET_UI_PAGED_H
#define KABINET_UI_PAGED_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/paging.h"

struct app;
struct ui_list;
struct ui_loader;

struct ui_paged_ops {
	size_t size;		/* of a row */
	size_t first_cap;	/* the rows the array first has room for */
	const char *what;	/* N_(): what a stopped load names ("The payment history") */
	/* Asks through the screen's loader for the page after `cursor` (NULL: the
	 * first); false when it could not be asked. */
	bool (*fetch)(struct app *app, const char *cursor);
	void (*free_row)(void *row);		/* what a row holds, not the row */
	const char *(*row_id)(const void *row);	/* to keep the selection on a reload */
	/* The paging guard's limits over a load; 0: paging.h's for a screen. A screen
	 * that holds a window of the rows, not all of them, may lift them. */
	size_t max_rows, max_bytes;
};

struct ui_paged {
	const struct ui_paged_ops *ops;
	struct ui_loader *load;	/* the screen's */
	struct ui_list *list;	/* the list that shows the rows: its selection and page */

	void *rows;		/* n rows of ops->size bytes, room for cap */
	size_t n, cap;
	char cursor[256];	/* of the next page */
	bool first_done;	/* the first page of this load came */
	bool more;		/* a next page exists */
	bool fetching;		/* a page is on its way */
	bool to_end;		/* G: page after page until the last */
	bool replacing;		/* the rows shown stay until the first page replaces them */
	bool stopped;		/* the guard ended the load short of its last page */
	unsigned pages;		/* pages taken since the load began (round trips) */
	enum page_verdict verdict;	/* of the last page that came */
	struct page_guard guard;	/* of the load from the first page */
};

/* Row i. */
void *ui_paged_row(const struct ui_paged *p, size_t i);
/* A load from the first page: with `keep` the rows shown (and whether more were
 * below) stay until its first page replaces them, else the screen has dropped them. */
void ui_paged_begin(struct ui_paged *p, bool keep);
/* The next page, unless one is on its way or the last one came. */
void ui_paged_fetch(struct app *app, struct ui_paged *p);
/* The next page once the selection is within a screen of the last row loaded. */
void ui_paged_maybe_more(struct app *app, struct ui_paged *p);
/* A key asks for more after Esc stopped the loading: it goes on from where it was. */
void ui_paged_resume(struct app *app, struct ui_paged *p);
/* G: page after page to the last, when there is more or Esc stopped the loading. */
void ui_paged_to_end(struct app *app, struct ui_paged *p);

/* A page's reply came, before it is read. */
void ui_paged_came(struct ui_paged *p);
/* The page was not had (no reply, a reply not understood, no room for it). */
void ui_paged_failed(struct ui_paged *p);
/* The guard's word on a page of `rows` rows in `bytes` bytes that names next_cursor:
 * false when it ends the load (the rows loaded stay, no more are asked for, and the
 * load fails with the guard's words); the page's rows are then not to be taken. */
bool ui_paged_guard(struct ui_paged *p, size_t rows, size_t bytes, const char *next_cursor);
/* Before the rows of a page that the guard let through are moved in: when the load
 * replaces the rows shown, they go, and true, with the selected row's id in sel ("" if
 * none) for ui_paged_select(). */
bool ui_paged_replace(struct ui_paged *p, char *sel, size_t size);
/* Room for `more` rows after the n loaded: false (nothing changed) when the sizes
 * would overflow or memory runs out. */
bool ui_paged_reserve(struct ui_paged *p, size_t more);
/* The page's rows were moved in (n counts them): the next cursor is kept. */
void ui_paged_took(struct ui_paged *p, const char *next_cursor);
/* The selection on the row of that id while it is still loaded. */
void ui_paged_select(struct ui_paged *p, const char *id);
/* After a page was taken and shown: G's load goes on to the next page, with the
 * selection on the last row. */
void ui_paged_go_on(struct app *app, struct ui_paged *p);

/* Every row dropped (what they hold freed); the array stays. */
void ui_paged_drop(struct ui_paged *p);
/* The screen closes: the rows, the array and the guard's memory go. */
void ui_paged_free(struct ui_paged *p);

#endif
