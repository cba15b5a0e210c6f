/* Unit tests of histwin.c, screen 4's window of history pages: pages taken after
 * those held, the first dropped with its cursor kept and asked for again, the last
 * dropped and named as the next page, the guard's pages told from those read again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kabinet/model/histwin.h"

/* Pages "" (the first), c1, c2, ... of 200 rows each, taken after those held. */
static void take(struct histwin *w, int from, int to)
{
	char cursor[16];

	for (int i = from; i < to; i++) {
		snprintf(cursor, sizeof(cursor), i ? "c%d" : "", i);
		assert_true(histwin_took_next(w, cursor, 200));
	}
}

static void forward_drops_the_first(void **state)
{
	struct histwin w = { 0 };

	(void)state;
	histwin_reset(&w);
	take(&w, 0, HISTWIN_PAGES);
	assert_false(histwin_full(&w));
	assert_null(histwin_prev_cursor(&w));
	take(&w, HISTWIN_PAGES, HISTWIN_PAGES + 1);
	assert_true(histwin_full(&w));
	/* One page more than the window cannot come before one goes. */
	assert_false(histwin_took_next(&w, "x", 1));
	assert_int_equal(histwin_drop_first(&w), 200);
	assert_false(histwin_full(&w));
	assert_int_equal(w.rows_before, 200);
	assert_string_equal(histwin_prev_cursor(&w), "");
	take(&w, HISTWIN_PAGES + 1, HISTWIN_PAGES + 2);
	assert_int_equal(histwin_drop_first(&w), 200);
	assert_string_equal(histwin_prev_cursor(&w), "c1");
	assert_int_equal(w.before, 2);
	assert_int_equal(w.rows_before, 400);
	histwin_free(&w);
}

static void back_drops_the_last(void **state)
{
	struct histwin w = { 0 };
	char next[HISTWIN_CURSOR];

	(void)state;
	take(&w, 0, HISTWIN_PAGES + 1);
	histwin_drop_first(&w);
	take(&w, HISTWIN_PAGES + 1, HISTWIN_PAGES + 2);
	histwin_drop_first(&w);
	/* Back up: c1 comes again and is held first; the last (c7) goes and is the next
	 * page to ask for, a page the guard saw already. */
	assert_true(histwin_took_prev(&w, 200));
	assert_string_equal(w.page[0].cursor, "c1");
	assert_true(histwin_full(&w));
	assert_int_equal(histwin_drop_last(&w, next), 200);
	assert_string_equal(next, "c7");
	assert_false(histwin_next_is_new(&w));
	assert_true(histwin_took_prev(&w, 200));
	assert_string_equal(w.page[0].cursor, "");
	assert_null(histwin_prev_cursor(&w));
	assert_int_equal(w.rows_before, 0);
	assert_false(histwin_took_prev(&w, 200));
	histwin_drop_last(&w, next);
	assert_string_equal(next, "c6");
	/* Forward again: c6 and c7 were seen, c8 is new. */
	take(&w, 6, 7);
	assert_false(histwin_next_is_new(&w));
	histwin_drop_first(&w);
	take(&w, 7, 8);
	assert_true(histwin_next_is_new(&w));
	histwin_free(&w);
}

static void small_windows(void **state)
{
	struct histwin w = { 0 };
	char next[HISTWIN_CURSOR];

	(void)state;
	assert_int_equal(histwin_drop_first(&w), 0);
	assert_int_equal(histwin_drop_last(&w, next), 0);
	take(&w, 0, 1);
	/* The only page held never goes from the end. */
	assert_int_equal(histwin_drop_last(&w, next), 0);
	assert_true(histwin_next_is_new(&w));
	histwin_reset(&w);
	assert_int_equal(w.held, 0);
	histwin_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forward_drops_the_first),
		cmocka_unit_test(back_drops_the_last),
		cmocka_unit_test(small_windows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
