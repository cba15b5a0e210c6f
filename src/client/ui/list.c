/* The one list view, which every screen that lists things stands on: rows the
 * screen describes through a cell callback, selection and scrolling, search with n/N,
 * a position indicator, and columns planned for the width by one rule (plan(): text
 * is cut, to its brief form where it has one, before any column goes; then the least
 * important go first, each with its companions). A redraw asks for the cells
 * of the rows it shows and no more; column widths are measured once per change of the
 * data (only the new rows when rows were added). */
#include "kabinet/ui/list.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/match.h"

#define GAP 2		/* between columns; 1 when that makes every column fit */
#define CELL_MAX 512

void ui_list_init(struct ui_list *l, const struct ui_col *cols, int ncols,
		  const struct ui_list_ops *ops, void *ud)
{
	memset(l, 0, sizeof(*l));
	l->cols = cols;
	l->ncols = ncols < UI_LIST_COLS_MAX ? ncols : UI_LIST_COLS_MAX;
	l->ops = ops;
	l->ud = ud;
}

void ui_list_changed(struct ui_list *l)
{
	l->measured = 0;
	l->measure_valid = false;
	ui_dirty(UI_DIRTY_PANE);
}

void ui_list_set_rows(struct ui_list *l, size_t n, bool appended)
{
	if (!appended || n < l->measured)
		ui_list_changed(l);
	l->n = n;
	if (l->sel >= n)
		l->sel = n ? n - 1 : 0;
	if (l->top > l->sel)
		l->top = l->sel;
	ui_dirty(UI_DIRTY_PANE);
}

static void cell(const struct ui_list *l, size_t row, int col, char *buf, size_t size)
{
	buf[0] = '\0';
	l->ops->cell(l->ud, row, col, buf, size);
}

/* Takes the widths of row's cells (and of their brief texts) into the measures. */
static void measure_row(struct ui_list *l, size_t row)
{
	for (int c = 0; c < l->ncols; c++) {
		char buf[CELL_MAX];
		int w;
		if (l->cols[c].width)
			continue;
		cell(l, row, c, buf, sizeof(buf));
		w = ui_width(buf);
		if (w > l->natural[c])
			l->natural[c] = w;
		if (w)
			l->filled[c] = true;
		if (!l->ops->brief)
			continue;
		buf[0] = '\0';
		l->ops->brief(l->ud, row, c, buf, sizeof(buf));
		w = ui_width(buf);
		if (w > l->brief_w[c])
			l->brief_w[c] = w;
	}
}

/* The widest cell of each column, kept up to date with as little measuring as the
 * change allows: everything after ui_list_changed() or a new language or ASCII
 * folding, only the new rows after rows were added. Headings count too. */
static void measure(struct ui_list *l)
{
	unsigned flags = ui_text_flags();
	const char *lang = i18n_lang();
	size_t from = l->measured;

	if (!l->measure_valid || l->measure_flags != flags || l->measure_lang != lang) {
		for (int c = 0; c < l->ncols; c++) {
			l->natural[c] = l->cols[c].width ? l->cols[c].width : ui_width(_(l->cols[c].title));
			l->brief_w[c] = 0;
			l->filled[c] = false;
		}
		from = 0;
		l->measure_valid = true;
		l->measure_flags = flags;
		l->measure_lang = lang;
	}
	for (size_t r = from; r < l->n; r++)
		if (!l->ops->heading || !l->ops->heading(l->ud, r))
			measure_row(l, r);
	l->measured = l->n;
}

void ui_list_row_changed(struct ui_list *l, size_t row)
{
	if (!l->measure_valid || row >= l->measured)
		return;
	if (l->ops->heading && l->ops->heading(l->ud, row))
		return;
	measure_row(l, row);
	ui_dirty(UI_DIRTY_PANE);
}

/* --- the columns for a width --- */

/* The column that c goes with (itself unless it is a companion). */
static int owner(const struct ui_list *l, int c)
{
	while (c > 0 && l->cols[c].with_prev)
		c--;
	return c;
}

/* How narrow column c may be cut: its least, and no narrower than its brief texts; 0
 * when it is never cut. */
static int floor_of(const struct ui_list *l, int c)
{
	if (!l->cols[c].min)
		return 0;
	return l->cols[c].min > l->brief_w[c] ? l->cols[c].min : l->brief_w[c];
}

/* The widths of the columns not `out` (0 for those), with the columns that may be cut
 * cut as far as needed, the least important first, and the gap (1 when that makes
 * them fit). Returns the width of it all, the left margin included. */
static int fit(const struct ui_list *l, int cols, const bool out[], int width[], int *gap)
{
	int total = 1, shown = 0;

	for (int c = 0; c < l->ncols; c++) {
		width[c] = out[c] ? 0 : l->natural[c];
		if (width[c]) {
			total += width[c];
			shown++;
		}
	}
	*gap = GAP;
	total += (shown > 1 ? shown - 1 : 0) * GAP;
	for (int drop = 9; drop >= 0 && total > cols; drop--)
		for (int c = 0; c < l->ncols && total > cols; c++) {
			int least = floor_of(l, c), cut;
			if (l->cols[c].drop != drop || !width[c] || !least || width[c] <= least)
				continue;
			cut = total - cols;
			if (cut > width[c] - least)
				cut = width[c] - least;
			width[c] -= cut;
			total -= cut;
		}
	if (total > cols && shown > 1) {
		total -= shown - 1;
		*gap = 1;
	}
	return total;
}

/* The next column to leave out: the least important shown (the highest drop; 0 never
 * goes), or -1. */
static int next_out(const struct ui_list *l, const bool out[])
{
	int best = -1;

	for (int c = 0; c < l->ncols; c++)
		if (!out[c] && l->cols[c].drop && (best < 0 || l->cols[c].drop > l->cols[best].drop))
			best = c;
	return best;
}

/* Widths for `cols` columns (0: the column is left out) and the gap between them.
 * The rule, the same on every list: text columns are cut down to their least (their
 * brief texts, when they have them) before any column goes; then the gap narrows;
 * then whole columns go, the least important first, each with its companions, and
 * what is left is planned again from the full widths. A column with drop 0 (a list
 * of several accounts' account column, a figure that is the point of the list) never
 * goes. */
static int plan(struct ui_list *l, int cols, int width[UI_LIST_COLS_MAX])
{
	bool out[UI_LIST_COLS_MAX];
	int gap;

	measure(l);
	for (int c = 0; c < l->ncols; c++) {
		int o = owner(l, c);
		out[c] = (l->cols[c].hidden && l->cols[c].hidden(l->ud)) ||
			 (l->cols[o].hidden && l->cols[o].hidden(l->ud)) ||
			 (l->cols[c].with_prev && !l->cols[c].width && !l->filled[c]);
	}
	while (fit(l, cols, out, width, &gap) > cols) {
		int c = next_out(l, out);
		if (c < 0)
			break;
		out[c] = true;
		for (int k = c + 1; k < l->ncols && l->cols[k].with_prev; k++)
			out[k] = true;
	}
	return gap;
}

/* One row of cells (or the headings when row is SIZE_MAX). */
/* Returns the column after the last text drawn (for the headings: where the position
 * indicator may start). */
static int draw_cells(struct ui_list *l, WINDOW *w, int y, int cols, const int width[],
		      int gap, size_t row, bool selected)
{
	bool header = row == SIZE_MAX;
	attr_t base_attr = header ? A_BOLD : selected ? ui_attr(AREA_CURSOR) : A_NORMAL;
	short base_pair = selected && !header ? ui_pair(AREA_CURSOR) : 0;
	int x = 1, end = 0;

	if (selected) {
		wattr_set(w, base_attr, base_pair, NULL);
		mvwhline(w, y, 0, ' ', cols);
		wattr_set(w, A_NORMAL, 0, NULL);
	}
	for (int c = 0; c < l->ncols && x < cols; c++) {
		char buf[CELL_MAX];
		attr_t attr = base_attr;
		short pair = base_pair;
		int room;

		if (!width[c])
			continue;
		if (header) {
			snprintf(buf, sizeof(buf), "%s", _(l->cols[c].title));
		} else {
			cell(l, row, c, buf, sizeof(buf));
			if (l->ops->area) {
				enum color_area area = l->ops->area(l->ud, row, c);
				if (area != AREA_DEFAULT) {
					attr |= ui_attr(area);
					pair = ui_pair(area);
				}
			}
		}
		room = width[c] < cols - x ? width[c] : cols - x;
		/* Too long for its column: the brief text, when the cell has one. */
		if (!header && l->ops->brief && ui_width(buf) > room) {
			char brief[CELL_MAX] = "";
			l->ops->brief(l->ud, row, c, brief, sizeof(brief));
			if (brief[0])
				snprintf(buf, sizeof(buf), "%s", brief);
		}
		/* A figure is shown whole or not at all: "830,…" would be a lie. */
		if (!header && l->cols[c].whole && ui_width(buf) > room)
			snprintf(buf, sizeof(buf), "%s", ui_ellipsis());
		ui_put_attr(w, y, x, room, l->cols[c].align, attr, pair, buf);
		end = l->cols[c].align == UI_LEFT && ui_width(buf) < room ? x + ui_width(buf) : x + room;
		x += width[c] + gap;
	}
	return end;
}

int ui_list_draw(struct ui_list *l, WINDOW *w, int y, int rows, int cols)
{
	int width[UI_LIST_COLS_MAX], gap, page, titles_end;

	if (rows < 1 || cols < 1)
		return 0;
	gap = plan(l, cols, width);
	titles_end = draw_cells(l, w, y, cols, width, gap, SIZE_MAX, false);
	page = rows - 1;
	l->page = page > 0 ? page : 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (page > 0 && l->sel >= l->top + (size_t)page)
		l->top = l->sel - (size_t)page + 1;
	if (l->top + (size_t)(page > 0 ? page : 0) > l->n)
		l->top = l->n > (size_t)page ? l->n - (size_t)page : 0;
	for (int i = 0; i < page && l->top + (size_t)i < l->n; i++) {
		size_t row = l->top + (size_t)i;
		bool selected = row == l->sel && !l->inactive;
		if (l->ops->draw_row && l->ops->draw_row(l->ud, w, y + 1 + i, cols, row, selected))
			continue;
		draw_cells(l, w, y + 1 + i, cols, width, gap, row, selected);
	}
	/* Where the selection is, when the list is longer than what shows, and when it
	 * covers no title (a figure's column, aligned right, ends at the edge). */
	if (page > 0 && l->n > (size_t)page) {
		char pos[48];
		int pw;
		snprintf(pos, sizeof(pos), " %zu/%zu", l->sel + 1, l->n);
		pw = ui_width(pos);
		if (pw < cols && cols - pw > titles_end)
			ui_put_attr(w, y, cols - pw, pw, UI_RIGHT, A_BOLD, 0, pos);
	}
	return 1 + (page < (int)l->n ? page : (int)l->n);
}

bool ui_list_key(struct ui_list *l, enum action act)
{
	size_t page = l->page > 1 ? (size_t)l->page - 1 : 1, old = l->sel, n = l->n;

	switch (act) {
	case ACT_MOVE_DOWN:
		if (l->sel + 1 < n)
			l->sel++;
		break;
	case ACT_MOVE_UP:
		if (l->sel > 0)
			l->sel--;
		break;
	case ACT_PAGE_DOWN:
		l->sel = l->sel + page < n ? l->sel + page : (n ? n - 1 : 0);
		break;
	case ACT_PAGE_UP:
		l->sel = l->sel > page ? l->sel - page : 0;
		break;
	case ACT_MOVE_TOP:
		l->sel = 0;
		break;
	case ACT_MOVE_BOTTOM:
		l->sel = n ? n - 1 : 0;
		break;
	default:
		return false;
	}
	if (l->sel != old)
		ui_dirty(UI_DIRTY_PANE);
	return true;
}

/* --- search --- */

/* A row matches when one of its cells, or its search text, holds the pattern as it
 * is or as it is drawn (match.c). */
static bool row_matches(const struct ui_list *l, size_t row, const struct text_pattern *pat)
{
	char buf[CELL_MAX];
	unsigned flags = ui_text_flags();

	for (int c = 0; c < l->ncols; c++) {
		cell(l, row, c, buf, sizeof(buf));
		if (text_pattern_in(pat, buf, flags))
			return true;
	}
	if (l->ops->search_text) {
		l->ops->search_text(l->ud, row, buf, sizeof(buf));
		return text_pattern_in(pat, buf, flags);
	}
	return false;
}

enum ui_search_result ui_list_search(struct ui_list *l, const char *text, int dir, bool wrap)
{
	struct text_pattern pat;
	size_t start;
	bool fresh = text != NULL;

	if (fresh)
		snprintf(l->pattern, sizeof(l->pattern), "%s", text);
	if (!text_pattern_set(&pat, l->pattern))
		return UI_SEARCH_EMPTY;
	if (l->n == 0)
		return UI_SEARCH_NONE;
	/* A new search may find the selected row itself; n and N move on from it and
	 * come back to it last, round the list. */
	start = l->sel;
	for (size_t i = fresh ? 0 : 1; i < l->n + (fresh ? 0 : 1); i++) {
		size_t row;
		bool wrapped;
		if (dir >= 0) {
			row = (start + i) % l->n;
			wrapped = start + i >= l->n;
		} else {
			row = (start + l->n - i % l->n) % l->n;
			wrapped = i > start;
		}
		if (wrapped && !wrap)
			break;
		if (l->ops->heading && l->ops->heading(l->ud, row) && !l->ops->search_text)
			continue;
		if (row_matches(l, row, &pat)) {
			if (row != l->sel)
				ui_dirty(UI_DIRTY_PANE);
			l->sel = row;
			return wrapped ? UI_SEARCH_WRAPPED : UI_SEARCH_FOUND;
		}
	}
	return UI_SEARCH_NONE;
}

void ui_list_search_say(const struct ui_list *l, enum ui_search_result r, int dir)
{
	switch (r) {
	case UI_SEARCH_FOUND:
		ui_clear_message();
		break;
	case UI_SEARCH_WRAPPED:
		ui_message(UI_MSG_INFO, "%s",
			   dir >= 0 ? _("Search went on from the top.") : _("Search went on from the bottom."));
		break;
	case UI_SEARCH_NONE:
		ui_message(UI_MSG_WARNING, _("Not found: %s"), l->pattern);
		break;
	case UI_SEARCH_EMPTY:
		ui_message(UI_MSG_INFO, "%s", _("Type what to search for after /."));
		break;
	}
}
