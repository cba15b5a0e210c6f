/* Unit tests of the collection loaded a page at a time by cursor (ui/paged.c) that
 * screens 4 and 7 stand on: the first page asked for without a cursor and each next
 * with the cursor the last one named, one page at a time, more asked for only near
 * the last row, G's load to the end, a reload that keeps the rows until its first
 * page replaces them (the selection on the same row), the guard of a hostile server,
 * and an array that grows without overflowing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paged.h"

struct row {
	char id[16];
	char *text;
};

static int fetches, freed;
static bool fetch_fails;
static char asked[64];		/* the cursor of the last page asked for; "-" for none */

static bool fetch(struct app *app, const char *cursor)
{
	(void)app;
	fetches++;
	snprintf(asked, sizeof(asked), "%s", cursor ? cursor : "-");
	return !fetch_fails;
}

static void free_row(void *r)
{
	free(((struct row *)r)->text);
	freed++;
}

static const char *row_id(const void *r)
{
	return ((const struct row *)r)->id;
}

static const struct ui_paged_ops ops = {
	.size = sizeof(struct row),
	.first_cap = 4,
	.what = "The rows",
	.fetch = fetch,
	.free_row = free_row,
	.row_id = row_id,
};

static struct ui_loader load;
static struct ui_list list;
static struct ui_paged pg;

static int setup(void **state)
{
	(void)state;
	memset(&load, 0, sizeof(load));
	memset(&list, 0, sizeof(list));
	memset(&pg, 0, sizeof(pg));
	pg.ops = &ops;
	pg.load = &load;
	pg.list = &list;
	fetches = freed = 0;
	fetch_fails = false;
	asked[0] = '\0';
	ui_load_begin(&load);
	ui_paged_begin(&pg, false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ui_paged_free(&pg);
	return 0;
}

/* A page of `n` rows named from `first` came and was taken; false when the guard
 * stopped the load. */
static bool page(int first, int n, const char *next)
{
	char sel[16];

	ui_paged_came(&pg);
	if (!ui_paged_guard(&pg, (size_t)n, 100, next))
		return false;
	bool replaced = ui_paged_replace(&pg, sel, sizeof(sel));
	assert_true(ui_paged_reserve(&pg, (size_t)n));
	for (int i = 0; i < n; i++) {
		struct row *r = ui_paged_row(&pg, pg.n++);
		snprintf(r->id, sizeof(r->id), "r%d", first + i);
		r->text = strdup("text");
	}
	ui_paged_took(&pg, next);
	list.n = pg.n;
	if (replaced)
		ui_paged_select(&pg, sel);
	ui_paged_go_on(NULL, &pg);
	return true;
}

static void pages_follow_the_cursor_one_at_a_time(void **state)
{
	(void)state;
	ui_paged_fetch(NULL, &pg);
	assert_int_equal(fetches, 1);
	assert_string_equal(asked, "-");
	ui_paged_fetch(NULL, &pg);	/* one on its way already */
	assert_int_equal(fetches, 1);
	assert_true(page(0, 3, "c1"));
	assert_true(pg.more && pg.first_done);
	ui_paged_fetch(NULL, &pg);
	assert_string_equal(asked, "c1");
	assert_true(page(3, 3, ""));
	assert_int_equal(pg.n, 6);
	assert_false(pg.more);
	ui_paged_fetch(NULL, &pg);	/* the last page came */
	assert_int_equal(fetches, 2);
	assert_int_equal(pg.pages, 2);
	assert_string_equal(((struct row *)ui_paged_row(&pg, 5))->id, "r5");
}

static void more_is_asked_for_near_the_last_row(void **state)
{
	(void)state;
	ui_paged_fetch(NULL, &pg);
	assert_true(page(0, 40, "c1"));
	list.page = 10;
	list.sel = 20;
	ui_paged_maybe_more(NULL, &pg);
	assert_int_equal(fetches, 1);
	list.sel = 29;	/* 11 rows below */
	ui_paged_maybe_more(NULL, &pg);
	assert_int_equal(fetches, 2);
	assert_string_equal(asked, "c1");
	/* Not after a failure: the loader's rule says it. */
	ui_paged_failed(&pg);
	ui_load_fail(&load, "The rows", "no", false);
	ui_paged_maybe_more(NULL, &pg);
	assert_int_equal(fetches, 2);
}

static void to_the_end_page_after_page(void **state)
{
	(void)state;
	ui_paged_fetch(NULL, &pg);
	assert_true(page(0, 2, "c1"));
	ui_paged_to_end(NULL, &pg);
	assert_true(pg.to_end);
	assert_int_equal(fetches, 2);
	assert_true(page(2, 2, "c2"));
	assert_int_equal(fetches, 3);	/* went on by itself */
	assert_int_equal(list.sel, 3);	/* on the last row */
	assert_true(page(4, 2, ""));
	assert_false(pg.to_end);
	assert_int_equal(list.sel, 5);
	assert_int_equal(fetches, 3);
	/* Nothing more: G asks for nothing. */
	ui_paged_to_end(NULL, &pg);
	assert_false(pg.to_end);
	assert_int_equal(fetches, 3);
}

static void a_request_not_sent_stops_the_load_to_the_end(void **state)
{
	(void)state;
	ui_paged_fetch(NULL, &pg);
	assert_true(page(0, 2, "c1"));
	fetch_fails = true;
	ui_paged_to_end(NULL, &pg);
	assert_false(pg.to_end);
	assert_false(pg.fetching);
}

static void a_reload_keeps_the_rows_until_its_first_page(void **state)
{
	(void)state;
	ui_paged_fetch(NULL, &pg);
	assert_true(page(0, 5, ""));
	list.sel = 2;	/* r2 */
	ui_paged_begin(&pg, true);
	assert_int_equal(pg.n, 5);
	assert_true(pg.replacing);
	ui_paged_fetch(NULL, &pg);
	assert_string_equal(asked, "-");
	/* Two new rows above: the selection stays on r2. */
	assert_true(page(-2, 7, ""));
	assert_int_equal(freed, 5);
	assert_int_equal(pg.n, 7);
	assert_false(pg.replacing);
	assert_string_equal(((struct row *)ui_paged_row(&pg, list.sel))->id, "r2");
}

static void a_hostile_server_is_stopped_by_the_guard(void **state)
{
	(void)state;
	ui_paged_fetch(NULL, &pg);
	assert_true(page(0, 2, "c1"));
	ui_paged_fetch(NULL, &pg);
	assert_true(page(2, 2, "c2"));
	ui_paged_fetch(NULL, &pg);
	assert_false(page(4, 2, "c1"));	/* a cursor of this load again */
	assert_int_equal(pg.n, 4);	/* the rows loaded stay, the page is not taken */
	assert_true(pg.stopped && load.failed);
	assert_false(pg.more || pg.fetching);
	assert_non_null(strstr(load.error, "The rows: "));
	ui_paged_maybe_more(NULL, &pg);
	assert_int_equal(fetches, 3);
	/* An empty page that names a next one stops a new load too. */
	ui_load_begin(&load);
	ui_paged_begin(&pg, true);
	ui_paged_fetch(NULL, &pg);
	assert_false(page(0, 0, "c9"));
	assert_int_equal(pg.n, 4);
	assert_false(pg.replacing);
}

static void the_array_grows_without_overflow(void **state)
{
	(void)state;
	assert_true(ui_paged_reserve(&pg, 0));
	assert_true(ui_paged_reserve(&pg, 3));
	assert_int_equal(pg.cap, 4);
	assert_true(ui_paged_reserve(&pg, 9));
	assert_int_equal(pg.cap, 16);
	pg.n = 5;
	memset(pg.rows, 0, pg.cap * sizeof(struct row));
	assert_false(ui_paged_reserve(&pg, SIZE_MAX - 4));	/* n + more overflows */
	assert_false(ui_paged_reserve(&pg, SIZE_MAX / 2));	/* cap * size overflows */
	assert_int_equal(pg.cap, 16);
	assert_int_equal(pg.n, 5);
	assert_true(ui_paged_reserve(&pg, 12));
	assert_int_equal(pg.cap, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pages_follow_the_cursor_one_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(more_is_asked_for_near_the_last_row, setup, teardown),
		cmocka_unit_test_setup_teardown(to_the_end_page_after_page, setup, teardown),
		cmocka_unit_test_setup_teardown(a_request_not_sent_stops_the_load_to_the_end, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_reload_keeps_the_rows_until_its_first_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_hostile_server_is_stopped_by_the_guard, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_array_grows_without_overflow, setup, teardown),
	};
	return cmocka_run_group_tests_name("paged", tests, NULL, NULL);
}
