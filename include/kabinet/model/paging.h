/* The guard of a paged load (getPaymentHistory, getRequests, getUsage): whether the
 * next cursor of a page may be followed. A load ends, with words for it, when a
 * cursor comes that this load has seen before (not only the last one: a server that
 * goes round in a circle of cursors would never end), when a page has no rows but
 * names a next one, or when the load passes its limit of rows or of answer bytes.
 * The subcommands and the screens take the same guard with limits of their own. */
#ifndef KABINET_PAGING_H
#define KABINET_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The limits of a subcommand's load that streams its rows (history) and of one whose
 * rows are all held: a screen's while it is shown, and `requests`, which prints them
 * at the end. A held row takes some 200 bytes and its text as long as it came. */
#define PAGING_CMD_ROWS 1000000
#define PAGING_CMD_BYTES ((size_t)256 << 20)
#define PAGING_SCREEN_ROWS 100000
#define PAGING_SCREEN_BYTES ((size_t)64 << 20)

struct page_guard {
	size_t max_rows, max_bytes;
	size_t rows, bytes;	/* taken so far in this load */
	uint64_t *seen;		/* the cursors seen, hashed; open addressing, 0 is free */
	size_t nseen, cap;
};

enum page_verdict {
	PAGE_NEXT,		/* take the page's rows and ask for the next */
	PAGE_LAST,		/* take the page's rows: no cursor, the load is complete */
	/* The rest stop the load, the page's rows not taken: a server that names a page
	 * again may well have sent this one before. */
	PAGE_REPEATED,		/* the next cursor came before in this load */
	PAGE_EMPTY,		/* no rows, yet a next page named */
	PAGE_ROWS,		/* the page's rows would pass max_rows */
	PAGE_BYTES,		/* the answers would pass max_bytes */
	PAGE_NO_MEMORY,		/* the cursor could not be remembered */
};

/* A new load (what an old one remembered is dropped); the struct may start zeroed. */
void page_guard_start(struct page_guard *g, size_t max_rows, size_t max_bytes);
/* One page of the load came: `rows` rows in an answer of `bytes` bytes that names
 * `next_cursor` ("" or NULL on the last page). Its rows and bytes are counted only
 * when it is taken (PAGE_NEXT, PAGE_LAST). */
enum page_verdict page_guard_next(struct page_guard *g, size_t rows, size_t bytes,
				  const char *next_cursor);
/* Whether the verdict ends the load short of its last page (the page not taken). */
bool page_guard_stops(enum page_verdict v);
/* Words for a verdict that stops the load ("the server named a page it had sent
 * before..."), translated; "" for PAGE_NEXT and PAGE_LAST. */
void page_guard_text(const struct page_guard *g, enum page_verdict v, char *buf, size_t size);
void page_guard_free(struct page_guard *g);

#endif
