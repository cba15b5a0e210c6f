/* Unit tests of the paged loads' guard (paging.h) and the CSV field rule (csv.h): a
 * load ends on any cursor seen before in it, on an empty page that names a next one,
 * and at its limits of rows and bytes; a CSV text field that a spreadsheet would take
 * as a formula gets a ' in front, figures of kabinet's own never do. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/csv.h"
#include "kabinet/i18n.h"
#include "kabinet/model/paging.h"

/* Messages are compared in English: nothing but the last test, which reads them in
 * Russian, calls setlocale(). */

static void a_load_of_distinct_cursors_runs_to_its_last_page(void **state)
{
	struct page_guard g = { 0 };
	char c[32];

	(void)state;
	page_guard_start(&g, 1000000, 1 << 30);
	for (int i = 0; i < 4000; i++) {
		snprintf(c, sizeof(c), "c%d", i);
		assert_int_equal(page_guard_next(&g, 200, 1000, c), PAGE_NEXT);
	}
	assert_int_equal(page_guard_next(&g, 17, 1000, ""), PAGE_LAST);
	assert_int_equal(g.rows, 4000 * 200 + 17);
	page_guard_free(&g);
}

static void a_cursor_that_repeats_stops_the_load(void **state)
{
	struct page_guard g = { 0 };

	(void)state;
	page_guard_start(&g, 1000000, 1 << 30);
	assert_int_equal(page_guard_next(&g, 200, 100, "X"), PAGE_NEXT);
	/* The page that names X again is not taken: it may be the first one again. */
	assert_int_equal(page_guard_next(&g, 200, 100, "X"), PAGE_REPEATED);
	assert_true(page_guard_stops(PAGE_REPEATED));
	assert_int_equal(g.rows, 200);
	page_guard_free(&g);
}

static void a_circle_of_cursors_stops_too(void **state)
{
	struct page_guard g = { 0 };

	(void)state;
	page_guard_start(&g, 1000000, 1 << 30);
	assert_int_equal(page_guard_next(&g, 1, 100, "A"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 1, 100, "B"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 1, 100, "C"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 1, 100, "A"), PAGE_REPEATED);
	/* A new load forgets the old one's cursors. */
	page_guard_start(&g, 1000000, 1 << 30);
	assert_int_equal(page_guard_next(&g, 1, 100, "A"), PAGE_NEXT);
	page_guard_free(&g);
}

static void an_empty_page_that_names_a_next_one_stops(void **state)
{
	struct page_guard g = { 0 };

	(void)state;
	page_guard_start(&g, 1000000, 1 << 30);
	assert_int_equal(page_guard_next(&g, 0, 100, "next"), PAGE_EMPTY);
	assert_true(page_guard_stops(PAGE_EMPTY));
	/* An empty last page is an empty history, not a fault. */
	page_guard_start(&g, 1000000, 1 << 30);
	assert_int_equal(page_guard_next(&g, 0, 100, ""), PAGE_LAST);
	assert_int_equal(page_guard_next(&g, 0, 100, NULL), PAGE_LAST);
	page_guard_free(&g);
}

static void the_limits_of_rows_and_bytes_stop_before_the_page(void **state)
{
	struct page_guard g = { 0 };

	(void)state;
	page_guard_start(&g, 500, 10000);
	assert_int_equal(page_guard_next(&g, 200, 1000, "a"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 200, 1000, "b"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 100, 1000, "c"), PAGE_NEXT);	/* 500: at the limit */
	assert_int_equal(page_guard_next(&g, 1, 1000, "d"), PAGE_ROWS);
	assert_int_equal(g.rows, 500);
	assert_true(page_guard_stops(PAGE_ROWS));
	assert_false(page_guard_stops(PAGE_LAST));

	page_guard_start(&g, 500, 10000);
	assert_int_equal(page_guard_next(&g, 1, 6000, "a"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 1, 4001, "b"), PAGE_BYTES);
	assert_int_equal(page_guard_next(&g, 1, 4000, "b"), PAGE_NEXT);
	assert_int_equal(page_guard_next(&g, 1, 1, "c"), PAGE_BYTES);
	page_guard_free(&g);
}

static void every_stop_has_words(void **state)
{
	struct page_guard g = { 0 };
	char buf[256];

	(void)state;
	page_guard_start(&g, 1000000, (size_t)256 << 20);
	page_guard_text(&g, PAGE_REPEATED, buf, sizeof(buf));
	assert_non_null(strstr(buf, "named before"));
	page_guard_text(&g, PAGE_EMPTY, buf, sizeof(buf));
	assert_non_null(strstr(buf, "no rows"));
	page_guard_text(&g, PAGE_ROWS, buf, sizeof(buf));
	assert_string_equal(buf, "the load stopped at its limit of 1000000 rows");
	page_guard_text(&g, PAGE_BYTES, buf, sizeof(buf));
	assert_string_equal(buf, "the load stopped at its limit of 256 MiB");
	page_guard_text(&g, PAGE_NEXT, buf, sizeof(buf));
	assert_string_equal(buf, "");
	page_guard_free(&g);
}

/* One field as csv_put writes it, without its trailing ','. */
static const char *cell(const char *s, bool text)
{
	static char out[1024];
	FILE *f = fmemopen(out, sizeof(out), "w");

	assert_non_null(f);
	assert_true(csv_put(f, s, text, false));
	fclose(f);
	out[strlen(out) - 1] = '\0';
	return out;
}

static void formulas_in_text_fields_get_a_quote_in_front(void **state)
{
	(void)state;
	assert_string_equal(cell("=HYPERLINK(\"http://x.example\",\"Pay debt here\")", true),
			    "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Pay debt here\"\")\"");
	assert_string_equal(cell("@SUM(1+1)*cmd|' /C calc'!A0", true),
			    "\"'@SUM(1+1)*cmd|' /C calc'!A0\"");
	assert_string_equal(cell("+79001234567", true), "\"'+79001234567\"");
	assert_string_equal(cell("-2+3", true), "\"'-2+3\"");
	/* A tab or CR is a space in the output, and still marks the field. */
	assert_string_equal(cell("\t=1+1", true), "\"' =1+1\"");
	assert_string_equal(cell("\r=1+1", true), "\"' =1+1\"");
	/* A bidi control dropped in cleaning does not hide the = behind it. */
	assert_string_equal(cell("\xe2\x80\xae=1+1", true), "\"'=1+1\"");
}

/* A spreadsheet that trims spaces reads a formula behind them: blank space before
 * = + - @ (spaces, a line break, a no-break space) does not hide it. */
static void a_formula_behind_blank_space_gets_a_quote_too(void **state)
{
	(void)state;
	assert_string_equal(cell("\n=HYPERLINK(\"http://x.example\")", true),
			    "\"' =HYPERLINK(\"\"http://x.example\"\")\"");
	assert_string_equal(cell(" =1+1", true), "\"' =1+1\"");
	assert_string_equal(cell("   @SUM(1)", true), "\"'   @SUM(1)\"");
	assert_string_equal(cell("\n\n+7", true), "\"'  +7\"");
	assert_true(csv_formula_lead("\xc2\xa0-2+3", "\xc2\xa0-2+3"));
	assert_string_equal(cell("\xe2\x80\xae =1", true), "\"' =1\"");
	/* Text after the spaces, or a formula character later on, is plain text. */
	assert_string_equal(cell("  Top-up", true), "\"  Top-up\"");
	assert_string_equal(cell("   ", true), "\"   \"");
	assert_false(csv_formula_lead(" x=1", " x=1"));
}

static void plain_text_and_figures_stay_as_they_are(void **state)
{
	(void)state;
	assert_string_equal(cell("Top-up by card", true), "\"Top-up by card\"");
	assert_string_equal(cell("a=b", true), "\"a=b\"");
	assert_string_equal(cell("", true), "\"\"");
	assert_string_equal(cell("say \"hi\"", true), "\"say \"\"hi\"\"\"");
	/* kabinet's own figures and dates: bare, a minus and all. */
	assert_string_equal(cell("-123.45", false), "-123.45");
	assert_string_equal(cell("2026-11-17", false), "2026-11-17");
	assert_true(csv_formula_lead("=x", "=x"));
	assert_false(csv_formula_lead("x", "x"));
}

/* The limits said in Russian in plain words, the rows with their plural forms. */
static void the_limits_read_plainly_in_russian(void **state)
{
	struct page_guard g = { 0 };
	char buf[256];

	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LANGUAGE");
	setenv("LANG", "C.UTF-8", 1);
	assert_int_equal(i18n_init("ru"), 0);
	page_guard_start(&g, 1000000, (size_t)256 << 20);
	page_guard_text(&g, PAGE_ROWS, buf, sizeof(buf));
	assert_string_equal(buf, "загрузка остановлена: достигнут предел в 1000000 строк");
	page_guard_text(&g, PAGE_BYTES, buf, sizeof(buf));
	assert_string_equal(buf, "загрузка остановлена: достигнут предел в 256 МиБ");
	page_guard_free(&g);
	page_guard_start(&g, 21, 1 << 20);
	page_guard_text(&g, PAGE_ROWS, buf, sizeof(buf));
	assert_string_equal(buf, "загрузка остановлена: достигнут предел в 21 строку");
	page_guard_free(&g);
	page_guard_start(&g, 3, 1 << 20);
	page_guard_text(&g, PAGE_ROWS, buf, sizeof(buf));
	assert_string_equal(buf, "загрузка остановлена: достигнут предел в 3 строки");
	page_guard_free(&g);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_load_of_distinct_cursors_runs_to_its_last_page),
		cmocka_unit_test(a_cursor_that_repeats_stops_the_load),
		cmocka_unit_test(a_circle_of_cursors_stops_too),
		cmocka_unit_test(an_empty_page_that_names_a_next_one_stops),
		cmocka_unit_test(the_limits_of_rows_and_bytes_stop_before_the_page),
		cmocka_unit_test(every_stop_has_words),
		cmocka_unit_test(formulas_in_text_fields_get_a_quote_in_front),
		cmocka_unit_test(a_formula_behind_blank_space_gets_a_quote_too),
		cmocka_unit_test(plain_text_and_figures_stay_as_they_are),
		cmocka_unit_test(the_limits_read_plainly_in_russian),	/* last: the locale */
	};
	char self[PATH_MAX], locale[PATH_MAX + 16];

	/* BUILD/tests/unit/test_paging -> BUILD/locale, whatever BUILD is. */
	(void)argc;
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(locale, sizeof(locale), "%s/../../locale", dirname(self));
	setenv("KABINET_LOCALEDIR", locale, 1);
	return cmocka_run_group_tests_name("paging", tests, NULL, NULL);
}
