/*
 * Linked into every cmocka test binary: with TEST_FILTER set (scripts/run-tests.sh -t,
 * make's T=FILE:FUNCTION), only the tests whose name matches that pattern (cmocka's:
 * * and ?) run. cmocka 1.1 has the filter but reads no variable for it, and this runs
 * before main(), so the tests' own mains stay as they are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

__attribute__((constructor)) static void test_filter(void)
{
	const char *pattern = getenv("TEST_FILTER");

	if (pattern && *pattern)
		cmocka_set_test_filter(pattern);
}
