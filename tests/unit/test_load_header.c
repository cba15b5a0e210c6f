/* Unit tests of the one rule for a screen's header after its load (loader.c,
 * ui_load_header): nothing shown says "loading..." until the load fails and "could not
 * be loaded" after, never a count; figures kept while a refresh fails are "not
 * updated", or "not all loaded" when a part of the load came; all is well, the
 * screen's own figures alone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "kabinet/ui/loader.h"

static struct ui_loader fresh(void)
{
	struct ui_loader l = { 0 };

	ui_load_begin(&l);
	return l;
}

static const char *header(const struct ui_loader *l, bool shown, const char *title,
			  const char *figures)
{
	static char buf[256];

	return ui_load_header(l, shown, title, figures, buf, sizeof(buf));
}

static void loading_says_so_never_a_count(void **state)
{
	struct ui_loader l = fresh();

	(void)state;
	assert_string_equal(header(&l, false, "Support requests", "0 requests"),
			    "Support requests — loading...");
	assert_string_equal(header(&l, false, NULL, "0 rows"), "loading...");
}

static void a_failed_load_with_nothing_shown(void **state)
{
	struct ui_loader l = fresh();

	(void)state;
	ui_load_fail(&l, "The support requests", "the server's answer could not be understood",
		     false);
	assert_string_equal(header(&l, false, "Support requests", "0 requests"),
			    "Support requests — could not be loaded");
	assert_null(strstr(header(&l, false, "Support requests", "0 requests"), "0 requests"));
	assert_string_equal(header(&l, false, NULL, NULL), "could not be loaded");
}

static void a_cancelled_load_with_nothing_shown(void **state)
{
	struct ui_loader l = fresh();

	(void)state;
	ui_load_fail(&l, "The payment history", "Cancelled.", true);
	assert_string_equal(header(&l, false, "History", NULL), "History — loading stopped");
}

static void kept_figures_are_not_current(void **state)
{
	struct ui_loader l = fresh();

	(void)state;
	ui_load_fail(&l, "The support requests", "Not found", false);
	assert_string_equal(header(&l, true, "Support requests", "3 requests"),
			    "3 requests — not updated");
	/* A part of the load came (as a reply done() took counts): not all loaded. */
	l.ndone = 1;
	assert_string_equal(header(&l, true, "Support requests", "3 requests"),
			    "3 requests — not all loaded");
}

static void all_is_well(void **state)
{
	struct ui_loader l = fresh();

	(void)state;
	assert_string_equal(header(&l, true, "Support requests", "3 requests"), "3 requests");
	assert_string_equal(header(&l, true, "Support requests", "0 requests"), "0 requests");
	/* A new load forgets the failure of the last. */
	ui_load_fail(&l, "The support requests", "Not found", false);
	ui_load_begin(&l);
	assert_string_equal(header(&l, true, "Support requests", "3 requests"), "3 requests");
}

static void a_small_buffer_is_cut_not_overrun(void **state)
{
	struct ui_loader l = fresh();
	char buf[8];

	(void)state;
	ui_load_fail(&l, "x", "y", false);
	memset(buf, 'Z', sizeof(buf));
	ui_load_header(&l, false, "Support requests", NULL, buf, sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loading_says_so_never_a_count),
		cmocka_unit_test(a_failed_load_with_nothing_shown),
		cmocka_unit_test(a_cancelled_load_with_nothing_shown),
		cmocka_unit_test(kept_figures_are_not_current),
		cmocka_unit_test(all_is_well),
		cmocka_unit_test(a_small_buffer_is_cut_not_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
