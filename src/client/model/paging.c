/* The guard of a paged load (see paging.h). Cursors are remembered as 64-bit hashes
 * in an open-addressing set: a load of a million one-row pages takes 16 MiB at most,
 * and a server that makes two of its cursors collide only ends its own load early. */
#include "kabinet/model/paging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"

void page_guard_free(struct page_guard *g)
{
	free(g->seen);
	g->seen = NULL;
	g->nseen = g->cap = 0;
}

void page_guard_start(struct page_guard *g, size_t max_rows, size_t max_bytes)
{
	page_guard_free(g);
	g->max_rows = max_rows;
	g->max_bytes = max_bytes;
	g->rows = g->bytes = 0;
}

/* FNV-1a; never 0, which marks a free slot. */
static uint64_t hash_of(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h ? h : 1;
}

static uint64_t *slot(uint64_t *set, size_t cap, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 32)) & (cap - 1);

	while (set[i] && set[i] != h)
		i = (i + 1) & (cap - 1);
	return &set[i];
}

static bool grow(struct page_guard *g)
{
	size_t cap = g->cap ? g->cap * 2 : 64;
	uint64_t *set = calloc(cap, sizeof(*set));

	if (!set)
		return false;
	for (size_t i = 0; i < g->cap; i++)
		if (g->seen[i])
			*slot(set, cap, g->seen[i]) = g->seen[i];
	free(g->seen);
	g->seen = set;
	g->cap = cap;
	return true;
}

/* Remembers the cursor; false when it was there already (*repeated) or when out of
 * memory. */
static bool remember(struct page_guard *g, const char *cursor, bool *repeated)
{
	uint64_t h = hash_of(cursor), *s;

	*repeated = false;
	if ((g->nseen + 1) * 2 > g->cap && !grow(g))
		return false;
	s = slot(g->seen, g->cap, h);
	if (*s) {
		*repeated = true;
		return false;
	}
	*s = h;
	g->nseen++;
	return true;
}

enum page_verdict page_guard_next(struct page_guard *g, size_t rows, size_t bytes,
				  const char *next_cursor)
{
	bool more = next_cursor && next_cursor[0], repeated;

	/* rows <= max_rows and bytes <= max_bytes always: only what fits is counted. */
	if (bytes > g->max_bytes - g->bytes)
		return PAGE_BYTES;
	if (rows > g->max_rows - g->rows)
		return PAGE_ROWS;
	if (more && rows == 0)
		return PAGE_EMPTY;
	if (more && !remember(g, next_cursor, &repeated))
		return repeated ? PAGE_REPEATED : PAGE_NO_MEMORY;
	g->rows += rows;
	g->bytes += bytes;
	return more ? PAGE_NEXT : PAGE_LAST;
}

bool page_guard_stops(enum page_verdict v)
{
	return v != PAGE_NEXT && v != PAGE_LAST;
}

void page_guard_text(const struct page_guard *g, enum page_verdict v, char *buf, size_t size)
{
	switch (v) {
	case PAGE_REPEATED:
		snprintf(buf, size, "%s",
			 _("the server named a next page it had named before, so the pages would never end; the load stopped"));
		break;
	case PAGE_EMPTY:
		snprintf(buf, size, "%s",
			 _("the server sent a page with no rows that names a next page; the load stopped"));
		break;
	case PAGE_ROWS:
		snprintf(buf, size,
			 ngettext("the load stopped at its limit of %zu row",
				  "the load stopped at its limit of %zu rows", (unsigned long)g->max_rows),
			 g->max_rows);
		break;
	case PAGE_BYTES:
		snprintf(buf, size, _("the load stopped at its limit of %zu MiB"), g->max_bytes >> 20);
		break;
	case PAGE_NO_MEMORY:
		snprintf(buf, size, "%s", _("Out of memory."));
		break;
	default:
		buf[0] = '\0';
	}
}
