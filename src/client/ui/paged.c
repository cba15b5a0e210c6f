/* A list loaded a page at a time by cursor (see paged.h): the state of the load and
 * the growing array of its rows, shared by screens 4, 7 and 8 (its access log). */
#include "kabinet/ui/paged.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"

void *ui_paged_row(const struct ui_paged *p, size_t i)
{
	return (char *)p->rows + i * p->ops->size;
}

void ui_paged_begin(struct ui_paged *p, bool keep)
{
	if (!keep)
		p->more = false;
	p->first_done = p->fetching = p->to_end = false;
	p->cursor[0] = '\0';
	p->pages = 0;
	page_guard_start(&p->guard, p->ops->max_rows ? p->ops->max_rows : PAGING_SCREEN_ROWS,
			 p->ops->max_bytes ? p->ops->max_bytes : PAGING_SCREEN_BYTES);
	p->stopped = false;
	p->replacing = keep;
}

void ui_paged_fetch(struct app *app, struct ui_paged *p)
{
	if (p->fetching || (p->first_done && !p->more))
		return;
	p->fetching = true;
	if (!p->ops->fetch(app, p->first_done ? p->cursor : NULL))
		p->fetching = p->to_end = false;
	ui_dirty(UI_DIRTY_PANE);
}

void ui_paged_maybe_more(struct app *app, struct ui_paged *p)
{
	size_t page = p->list->page > 0 ? (size_t)p->list->page : 20;

	if (p->first_done && p->more && !p->fetching && !p->load->failed &&
	    p->n - p->list->sel <= page + 1)
		ui_paged_fetch(app, p);
}

void ui_paged_resume(struct app *app, struct ui_paged *p)
{
	if (p->load->failed && p->load->cancelled && !p->load->pending) {
		ui_load_begin(p->load);
		p->fetching = false;
	}
	if (!p->load->failed)
		ui_paged_fetch(app, p);
}

void ui_paged_to_end(struct app *app, struct ui_paged *p)
{
	if (!p->more && !(p->load->failed && p->load->cancelled))
		return;
	p->to_end = true;
	ui_paged_resume(app, p);
	if (p->load->failed)
		p->to_end = false;
}

void ui_paged_came(struct ui_paged *p)
{
	p->fetching = false;
}

void ui_paged_failed(struct ui_paged *p)
{
	p->fetching = p->to_end = false;
}

bool ui_paged_guard(struct ui_paged *p, size_t rows, size_t bytes, const char *next_cursor)
{
	char why[256];

	p->verdict = page_guard_next(&p->guard, rows, bytes, next_cursor);
	if (!page_guard_stops(p->verdict))
		return true;
	page_guard_text(&p->guard, p->verdict, why, sizeof(why));
	p->more = p->to_end = false;
	p->replacing = false;
	p->stopped = true;
	ui_load_fail(p->load, _(p->ops->what), why, false);
	ui_dirty(UI_DIRTY_PANE);
	return false;
}

bool ui_paged_replace(struct ui_paged *p, char *sel, size_t size)
{
	if (size)
		sel[0] = '\0';
	if (!p->replacing)
		return false;
	if (p->list->sel < p->n)
		snprintf(sel, size, "%s", p->ops->row_id(ui_paged_row(p, p->list->sel)));
	ui_paged_drop(p);
	p->replacing = false;
	return true;
}

bool ui_paged_reserve(struct ui_paged *p, size_t more)
{
	size_t cap = p->cap ? p->cap : p->ops->first_cap ? p->ops->first_cap : 1;
	void *rows;

	if (more > SIZE_MAX - p->n)
		return false;
	if (p->n + more <= p->cap)
		return true;
	while (cap < p->n + more) {
		if (cap > SIZE_MAX / 2)
			return false;
		cap *= 2;
	}
	if (cap > SIZE_MAX / p->ops->size || !(rows = realloc(p->rows, cap * p->ops->size)))
		return false;
	p->rows = rows;
	p->cap = cap;
	return true;
}

void ui_paged_took(struct ui_paged *p, const char *next_cursor)
{
	p->pages++;
	p->first_done = true;
	snprintf(p->cursor, sizeof(p->cursor), "%s", next_cursor ? next_cursor : "");
	p->more = p->verdict == PAGE_NEXT;
}

void ui_paged_select(struct ui_paged *p, const char *id)
{
	for (size_t i = 0; id[0] && i < p->n; i++)
		if (!strcmp(p->ops->row_id(ui_paged_row(p, i)), id)) {
			p->list->sel = i;
			return;
		}
}

void ui_paged_go_on(struct app *app, struct ui_paged *p)
{
	if (!p->to_end)
		return;
	if (p->n)
		p->list->sel = p->n - 1;
	if (p->more)
		ui_paged_fetch(app, p);
	else
		p->to_end = false;
}

void ui_paged_drop(struct ui_paged *p)
{
	for (size_t i = 0; i < p->n; i++)
		p->ops->free_row(ui_paged_row(p, i));
	p->n = 0;
}

void ui_paged_free(struct ui_paged *p)
{
	ui_paged_drop(p);
	free(p->rows);
	p->rows = NULL;
	p->cap = 0;
	page_guard_free(&p->guard);
	p->fetching = p->to_end = p->replacing = false;
}
