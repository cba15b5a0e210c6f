/* Unit tests of the list view (src/client/ui/list.c): only the rows that fit are
 * asked for, the selection stays in view, search ignores case (Cyrillic too) and
 * wraps, narrow widths cut text (to its brief form) and then drop the least important
 * columns first, each with its companions, and 1x1 is survived.
 * Drawing goes to curses windows over a terminal whose output is thrown away; what
 * they hold is read back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/list.h"

enum { C_NAME, C_CITY, C_SUM, C_NOTE, C_COUNT };

static const struct ui_col cols[C_COUNT] = {
	[C_NAME] = { .title = "Name", .align = UI_LEFT },
	[C_CITY] = { .title = "City", .align = UI_LEFT, .drop = 2, .min = 4 },
	[C_SUM] = { .title = "Sum", .align = UI_RIGHT, .whole = true },
	[C_NOTE] = { .title = "Note", .align = UI_LEFT, .drop = 3 },
};

static const char *const cities[] = { "Пермь", "Челябинск", "Ёлкино", "Moscow" };

static struct {
	size_t cells;		/* cell() calls */
	size_t asked_max;	/* the highest row asked for */
} calls;

static void cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	(void)ud;
	calls.cells++;
	if (row > calls.asked_max)
		calls.asked_max = row;
	switch (col) {
	case C_NAME:
		snprintf(buf, size, "row%06zu", row);
		break;
	case C_CITY:
		snprintf(buf, size, "%s", cities[row % 4]);
		break;
	case C_SUM:
		snprintf(buf, size, "%zu.00", row * 3 % 1000);
		break;
	case C_NOTE:
		snprintf(buf, size, "note");
		break;
	}
}

static const struct ui_list_ops ops = { .cell = cell };

static SCREEN *term;
static FILE *sink;

static int setup(void **state)
{
	(void)state;
	config_reset();
	i18n_init("en");
	sink = fopen("/dev/null", "w");
	term = newterm("xterm-256color", sink, stdin);
	if (!term)
		return -1;
	set_term(term);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	endwin();
	delscreen(term);
	fclose(sink);
	return 0;
}

/* Row y of the window as text (UTF-8, trailing spaces dropped). */
static const char *line(WINDOW *w, int y)
{
	static char buf[1024];
	wchar_t wbuf[256];
	int n = mvwinnwstr(w, y, 0, wbuf, 255);
	size_t len;

	wbuf[n > 0 ? n : 0] = L'\0';
	len = wcstombs(buf, wbuf, sizeof(buf) - 1);
	if (len == (size_t)-1)
		len = 0;
	buf[len] = '\0';
	while (len && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return buf;
}

static void only_the_rows_that_fit_are_asked_for(void **state)
{
	struct ui_list l;
	WINDOW *w = newwin(10, 60, 0, 0);

	(void)state;
	ui_list_init(&l, cols, C_COUNT, &ops, NULL);
	ui_list_set_rows(&l, 100000, false);
	ui_list_draw(&l, w, 0, 10, 60);	/* the first draw measures every row once */
	memset(&calls, 0, sizeof(calls));
	werase(w);
	assert_int_equal(ui_list_draw(&l, w, 0, 10, 60), 10);
	/* Nine rows of four cells: the work of a redraw is the pane's, not the list's. */
	assert_int_equal(calls.cells, 9 * C_COUNT);
	assert_int_equal(calls.asked_max, 8);
	assert_non_null(strstr(line(w, 0), "Name"));
	assert_non_null(strstr(line(w, 0), " 1/100000"));	/* where the selection is */
	assert_non_null(strstr(line(w, 1), "row000000"));
	/* G: the last row in view, and still only the pane's rows asked for. */
	assert_true(ui_list_key(&l, ACT_MOVE_BOTTOM));
	memset(&calls, 0, sizeof(calls));
	werase(w);
	ui_list_draw(&l, w, 0, 10, 60);
	assert_int_equal(calls.cells, 9 * C_COUNT);
	assert_non_null(strstr(line(w, 9), "row099999"));
	assert_non_null(strstr(line(w, 0), "100000/100000"));
	/* Rows appended (a page more of a history): only the new ones are measured. */
	ui_list_set_rows(&l, 100010, true);
	memset(&calls, 0, sizeof(calls));
	ui_list_draw(&l, w, 0, 10, 60);
	assert_int_equal(calls.cells, (9 + 10) * C_COUNT);
	delwin(w);
}

static void moving_keeps_the_selection_in_view(void **state)
{
	struct ui_list l;
	WINDOW *w = newwin(6, 60, 0, 0);

	(void)state;
	ui_list_init(&l, cols, C_COUNT, &ops, NULL);
	ui_list_set_rows(&l, 20, false);
	ui_list_draw(&l, w, 0, 6, 60);
	assert_int_equal(l.page, 5);
	for (int i = 0; i < 7; i++)
		ui_list_key(&l, ACT_MOVE_DOWN);
	werase(w);
	ui_list_draw(&l, w, 0, 6, 60);
	assert_int_equal(l.sel, 7);
	assert_non_null(strstr(line(w, 5), "row000007"));
	ui_list_key(&l, ACT_PAGE_DOWN);
	assert_int_equal(l.sel, 11);
	ui_list_key(&l, ACT_MOVE_TOP);
	assert_int_equal(l.sel, 0);
	ui_list_key(&l, ACT_MOVE_UP);
	assert_int_equal(l.sel, 0);
	assert_false(ui_list_key(&l, ACT_REFRESH));
	/* Fewer rows than there were: the selection follows. */
	l.sel = 19;
	ui_list_set_rows(&l, 3, false);
	assert_int_equal(l.sel, 2);
	delwin(w);
}

static void search_ignores_case_and_wraps(void **state)
{
	struct ui_list l;

	(void)state;
	ui_list_init(&l, cols, C_COUNT, &ops, NULL);
	ui_list_set_rows(&l, 8, false);
	assert_int_equal(ui_list_search(&l, "ЧЕЛЯБ", 1, true), UI_SEARCH_FOUND);
	assert_int_equal(l.sel, 1);
	/* n: the next one, then round to the first again with a word of it. */
	assert_int_equal(ui_list_search(&l, NULL, 1, true), UI_SEARCH_FOUND);
	assert_int_equal(l.sel, 5);
	assert_int_equal(ui_list_search(&l, NULL, 1, true), UI_SEARCH_WRAPPED);
	assert_int_equal(l.sel, 1);
	/* N: backwards, round the other end. */
	assert_int_equal(ui_list_search(&l, NULL, -1, true), UI_SEARCH_WRAPPED);
	assert_int_equal(l.sel, 5);
	/* ё is е. */
	assert_int_equal(ui_list_search(&l, "елкино", 1, true), UI_SEARCH_FOUND);
	assert_int_equal(l.sel, 6);
	/* Without wrap_search it stops at the end. */
	assert_int_equal(ui_list_search(&l, "пермь", 1, false), UI_SEARCH_NONE);
	assert_int_equal(l.sel, 6);
	assert_int_equal(ui_list_search(&l, "nowhere", 1, true), UI_SEARCH_NONE);
	assert_int_equal(ui_list_search(&l, "", 1, true), UI_SEARCH_EMPTY);
	/* A new search may find the selected row itself. */
	l.sel = 3;
	assert_int_equal(ui_list_search(&l, "row000003", 1, true), UI_SEARCH_FOUND);
	assert_int_equal(l.sel, 3);
}

static void narrow_widths_drop_the_least_important_first(void **state)
{
	struct ui_list l;
	WINDOW *w = newwin(4, 60, 0, 0);

	(void)state;
	ui_list_init(&l, cols, C_COUNT, &ops, NULL);
	ui_list_set_rows(&l, 3, false);
	/* 1 + 9 + 2 + 9 + 2 + 4 + 2 + 4 = 33: everything fits. */
	ui_list_draw(&l, w, 0, 4, 60);
	assert_string_equal(line(w, 0), " Name       City        Sum  Note");
	/* 28: the city is cut to its least first ... */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 28);
	assert_string_equal(line(w, 0), " Name       City   Sum  Note");
	assert_string_equal(line(w, 2), " row000001  Чел…  3.00  note");
	/* ... then the gaps close ... */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 26);
	assert_string_equal(line(w, 0), " Name      City  Sum Note");
	/* ... then the note (drop 3) goes before the city (drop 2), and its room goes back
	 * to the gaps; name and sum stay. */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 22);
	assert_string_equal(line(w, 0), " Name       City   Sum");
	werase(w);
	ui_list_draw(&l, w, 0, 4, 17);
	assert_string_equal(line(w, 0), " Name        Sum");
	/* A figure that does not fit whole is an ellipsis, never a cut number. */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 13);
	assert_string_equal(line(w, 2), " row000001  …");
	delwin(w);
}

/* A figure and its "±" (a companion), and a type with a brief word. */
enum { K_NAME, K_TYPE, K_FEE, K_DFEE, K_SPEED, K_DSPEED, K_COUNT };

static const struct ui_col kcols[K_COUNT] = {
	[K_NAME] = { .title = "Name", .align = UI_LEFT },
	[K_TYPE] = { .title = "Type", .align = UI_LEFT, .min = 4 },
	[K_FEE] = { .title = "Fee", .align = UI_RIGHT, .whole = true },
	[K_DFEE] = { .title = "±", .align = UI_RIGHT, .drop = 2, .whole = true, .with_prev = true },
	/* The speed goes before its "±" would by its own drop: the "±" goes along. */
	[K_SPEED] = { .title = "Speed", .align = UI_RIGHT, .drop = 3, .whole = true },
	[K_DSPEED] = { .title = "±", .align = UI_RIGHT, .drop = 1, .whole = true,
		       .with_prev = true },
};

static void kcell(void *ud, size_t row, int col, char *buf, size_t size)
{
	static const char *const text[K_COUNT] = { "tariff", "Card payment", "650.00", "+100.00",
						   "300", "+200" };
	(void)ud;
	snprintf(buf, size, "%s%s", text[col], col == K_NAME && row ? "2" : "");
}

static void kbrief(void *ud, size_t row, int col, char *buf, size_t size)
{
	(void)ud;
	(void)row;
	if (col == K_TYPE)
		snprintf(buf, size, "Card pmt");
}

static const struct ui_list_ops kops = { .cell = kcell, .brief = kbrief };

static void companions_go_with_their_figure_and_text_shrinks_to_its_brief(void **state)
{
	struct ui_list l;
	WINDOW *w = newwin(4, 80, 0, 0);

	(void)state;
	ui_list_init(&l, kcols, K_COUNT, &kops, NULL);
	ui_list_set_rows(&l, 2, false);
	/* 1 + 7 + 2 + 12 + 2 + 6 + 2 + 7 + 2 + 5 + 2 + 4 = 52: everything fits. */
	ui_list_draw(&l, w, 0, 4, 80);
	assert_string_equal(line(w, 0), " Name     Type             Fee        ±  Speed     ±");
	assert_string_equal(line(w, 1), " tariff   Card payment  650.00  +100.00    300  +200");
	/* 48: the type gives way first, to its brief word, never to "Card pa…". */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 48);
	assert_string_equal(line(w, 0), " Name     Type         Fee        ±  Speed     ±");
	assert_string_equal(line(w, 1), " tariff   Card pmt  650.00  +100.00    300  +200");
	/* 42: the speed (drop 3) goes and takes its "±" along, though that one's own drop
	 * would keep it longest; the room they leave is given back. */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 42);
	assert_string_equal(line(w, 0), " Name     Type             Fee        ±");
	assert_string_equal(line(w, 1), " tariff   Card payment  650.00  +100.00");
	/* 30: then the fee's "±"; the fee (drop 0) stays. */
	werase(w);
	ui_list_draw(&l, w, 0, 4, 30);
	assert_string_equal(line(w, 0), " Name     Type             Fee");
	werase(w);
	ui_list_draw(&l, w, 0, 4, 24);
	assert_string_equal(line(w, 1), " tariff  Card pmt 650.00");
	delwin(w);
}

static void tiny_windows_are_survived(void **state)
{
	struct ui_list l;
	WINDOW *w = newwin(1, 1, 0, 0);

	(void)state;
	ui_list_init(&l, cols, C_COUNT, &ops, NULL);
	ui_list_set_rows(&l, 5, false);
	assert_int_equal(ui_list_draw(&l, w, 0, 1, 1), 1);
	assert_int_equal(ui_list_draw(&l, w, 0, 0, 1), 0);
	assert_int_equal(ui_list_draw(&l, w, 0, 1, 0), 0);
	ui_list_key(&l, ACT_PAGE_DOWN);	/* no page known yet: one row */
	assert_int_equal(l.sel, 1);
	ui_list_set_rows(&l, 0, false);
	assert_int_equal(ui_list_search(&l, "x", 1, true), UI_SEARCH_NONE);
	assert_true(ui_list_key(&l, ACT_MOVE_BOTTOM));
	assert_int_equal(l.sel, 0);
	delwin(w);
}

/* ui_put_wrapped: between words, at newlines, the last row cut when more is left. */
static void text_wraps_between_words(void **state)
{
	WINDOW *w = newwin(4, 20, 0, 0);

	(void)state;
	assert_int_equal(ui_put_wrapped(w, 0, 0, 20, 4, AREA_DEFAULT,
					"Счёт оплачивается в кредит, обещанный платёж не нужен"),
			 3);
	assert_string_equal(line(w, 0), "Счёт оплачивается в");
	assert_string_equal(line(w, 1), "кредит, обещанный");
	assert_string_equal(line(w, 2), "платёж не нужен");
	werase(w);
	assert_int_equal(ui_put_wrapped(w, 0, 0, 20, 2, AREA_DEFAULT, "one\ntwo three four five six seven"), 2);
	assert_string_equal(line(w, 0), "one");
	assert_string_equal(line(w, 1), "two three four five…");
	werase(w);
	/* A word wider than the line is cut, and nothing is lost before it. */
	assert_int_equal(ui_put_wrapped(w, 0, 0, 10, 4, AREA_DEFAULT, "a 0123456789abcdef b"), 3);
	assert_string_equal(line(w, 0), "a");
	assert_string_equal(line(w, 1), "012345678…");
	assert_string_equal(line(w, 2), "b");
	assert_int_equal(ui_put_wrapped(w, 0, 0, 10, 0, AREA_DEFAULT, "x"), 0);
	delwin(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_rows_that_fit_are_asked_for),
		cmocka_unit_test(moving_keeps_the_selection_in_view),
		cmocka_unit_test(search_ignores_case_and_wraps),
		cmocka_unit_test(narrow_widths_drop_the_least_important_first),
		cmocka_unit_test(companions_go_with_their_figure_and_text_shrinks_to_its_brief),
		cmocka_unit_test(tiny_windows_are_survived),
		cmocka_unit_test(text_wraps_between_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
