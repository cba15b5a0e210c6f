/* The thread of a support request (thread.h): the lines made from the messages for
 * the width (a heading, the text's rows as the multi-line editor wraps them, a gap
 * between messages), drawn from the top line, scrolled by the moving actions. */
#include "kabinet/ui/thread.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/textarea.h"

#include <stdio.h>
#include <stdlib.h>

#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/support.h"
#include "kabinet/model/utf8.h"

/* One line of a thread as drawn: a message's heading, a row of its text, or a gap. */
struct ui_thread_line {
	size_t msg;
	bool heading;
	size_t from, to;	/* the row of the message's text (not a heading) */
	bool gap;
};

void ui_thread_free(struct ui_thread *t)
{
	for (size_t i = 0; i < t->ntexts; i++)
		ui_textarea_free(&t->texts[i]);
	free(t->texts);
	free(t->lines);
	t->texts = NULL;
	t->lines = NULL;
	t->ntexts = t->nlines = 0;
	t->width = 0;
}

void ui_thread_changed(struct ui_thread *t)
{
	t->width = 0;
	ui_dirty(UI_DIRTY_PANE);
}

void ui_thread_start(struct ui_thread *t)
{
	t->top = 0;
}

void ui_thread_end(struct ui_thread *t)
{
	t->top = (size_t)-1 / 2;	/* cut to the last page when drawn */
}

static bool add_line(struct ui_thread *t, size_t *cap, struct ui_thread_line l)
{
	if (t->nlines == *cap) {
		struct ui_thread_line *g = realloc(t->lines, (*cap = *cap ? *cap * 2 : 64) * sizeof(*g));
		if (!g)
			return false;
		t->lines = g;
	}
	t->lines[t->nlines++] = l;
	return true;
}

/* The lines of the thread for `width` columns of text. */
static void make(struct ui_thread *t, const struct req_message *msgs, size_t n, int width)
{
	size_t cap = 0;

	ui_thread_free(t);
	if (!(t->texts = calloc(n + 1, sizeof(*t->texts))))
		return;
	t->ntexts = n;
	for (size_t m = 0; m < n; m++) {
		struct ui_ta_row *rows;
		size_t nrows;
		ui_textarea_init(&t->texts[m], 0);
		ui_textarea_set(&t->texts[m], msgs[m].text);
		if ((m && !add_line(t, &cap, (struct ui_thread_line){ .msg = m, .gap = true })) ||
		    !add_line(t, &cap, (struct ui_thread_line){ .msg = m, .heading = true }))
			return;
		nrows = ui_textarea_wrap(&t->texts[m], width, &rows);
		for (size_t k = 0; k < nrows; k++)
			if (!add_line(t, &cap, (struct ui_thread_line){ .msg = m, .from = rows[k].from,
									 .to = rows[k].to }))
				break;
		free(rows);
	}
	t->width = width;
}

static void draw_text_row(const struct ui_thread *t, WINDOW *w, int y, int x, int cols,
			  const struct ui_thread_line *l)
{
	const struct ui_textarea *ta = &t->texts[l->msg];
	char out[4096], *p = out;

	for (size_t i = l->from; i < l->to && p - out < (long)sizeof(out) - 5; i++)
		p += utf8_encode((uint32_t)ta->buf[i], p);
	/* A wrapped row's last space is no text. */
	while (p > out && p[-1] == ' ')
		p--;
	*p = '\0';
	ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT, out);
}

void ui_thread_draw(struct ui_thread *t, WINDOW *pane, int y, int rows, int cols,
		    const struct req_message *msgs, size_t n, ui_thread_heading_fn heading)
{
	char line[1024], when[64];
	int body = rows - y, width = cols - 4 > 1 ? cols - 4 : 1;

	if (body < 1)
		return;
	if (t->width != width)
		make(t, msgs, n, width);
	/* A long thread keeps its last row to say what is below. */
	if (t->nlines > (size_t)body && body > 2)
		body--;
	t->page = body;
	if (t->nlines <= (size_t)body)
		t->top = 0;
	else if (t->top > t->nlines - (size_t)body)
		t->top = t->nlines - (size_t)body;
	for (int i = 0; i < body && t->top + (size_t)i < t->nlines; i++) {
		const struct ui_thread_line *l = &t->lines[t->top + (size_t)i];
		const struct req_message *m = &msgs[l->msg];
		if (l->gap)
			continue;
		if (l->heading) {
			heading(m, date_instant(m->at, when, sizeof(when)), line, sizeof(line));
			ui_put_attr(pane, y + i, 1, cols - 2, UI_LEFT, m->support ? A_BOLD : A_NORMAL,
				    0, line);
		} else {
			draw_text_row(t, pane, y + i, 3, width, l);
		}
	}
	/* Where in a long thread: the rows below. */
	if (t->top + (size_t)body < t->nlines) {
		snprintf(line, sizeof(line), _("↓ %zu more lines"), t->nlines - t->top - (size_t)body);
		ui_put(pane, rows - 1, 1, cols - 2, UI_RIGHT, AREA_WARNING, line);
	}
}

bool ui_thread_key(struct ui_thread *t, enum action act)
{
	size_t page = t->page > 1 ? (size_t)t->page - 1 : 1;
	size_t last = t->nlines > (size_t)t->page ? t->nlines - (size_t)t->page : 0;

	switch (act) {
	case ACT_MOVE_UP:
		t->top = t->top ? t->top - 1 : 0;
		break;
	case ACT_MOVE_DOWN:
		t->top = t->top < last ? t->top + 1 : last;
		break;
	case ACT_PAGE_UP:
		t->top = t->top > page ? t->top - page : 0;
		break;
	case ACT_PAGE_DOWN:
		t->top = t->top + page < last ? t->top + page : last;
		break;
	case ACT_MOVE_TOP:
		t->top = 0;
		break;
	case ACT_MOVE_BOTTOM:
		t->top = last;
		break;
	default:
		return false;
	}
	ui_dirty(UI_DIRTY_PANE);
	return true;
}
