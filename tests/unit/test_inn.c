/* Unit tests of a company's INN check (inn.h): real companies' numbers pass, a changed
 * check digit, a wrong length and anything but digits are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kabinet/inn.h"

static const char *const known[] = {
	"7707083893",	/* Sberbank */
	"7736207543",	/* Yandex */
	"7728168971",	/* Alfa-Bank */
};

static void known_companies_pass(void **state)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_true(inn_valid(known[i]));
}

/* Every other last digit than the right one is refused. */
static void changed_check_digit_refused(void **state)
{
	char s[16];

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		for (char d = '0'; d <= '9'; d++) {
			strcpy(s, known[i]);
			if (d == s[9])
				continue;
			s[9] = d;
			if (inn_valid(s)) {
				print_message("accepted %s\n", s);
				fail();
			}
		}
	}
}

/* A changed digit among the first nine breaks the check too. */
static void changed_leading_digit_refused(void **state)
{
	assert_false(inn_valid("7707083894"));
	assert_false(inn_valid("8707083893"));
	assert_false(inn_valid("7707038893"));
}

static void wrong_length_refused(void **state)
{
	assert_false(inn_valid("770708389"));		/* 9 digits */
	assert_false(inn_valid("77070838930"));		/* 11 digits */
	assert_false(inn_valid("770708389312"));	/* 12: a person's INN */
	assert_false(inn_valid(""));
	assert_false(inn_valid(NULL));
}

static void not_digits_refused(void **state)
{
	assert_false(inn_valid("77070838a3"));
	assert_false(inn_valid("INN7707083"));
	assert_false(inn_valid("7707 083893"));
	assert_false(inn_valid(" 7707083893"));
	assert_false(inn_valid("7707083893 "));
	assert_false(inn_valid("7707083893\n"));
	assert_false(inn_valid("-707083893"));
	assert_false(inn_valid("７７０７０８３８９３"));	/* full-width digits */
}

/* The check digit's edges: 001000000 sums to 10, whose remainder 10 gives 0;
 * 500000001 sums to 2*5 + 8*1 = 18, remainder 7; nine zeros give 0. */
static void remainder_ten_gives_zero(void **state)
{
	assert_true(inn_valid("0010000000"));
	assert_false(inn_valid("0010000001"));
	assert_true(inn_valid("5000000017"));
	assert_true(inn_valid("0000000000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_companies_pass),
		cmocka_unit_test(changed_check_digit_refused),
		cmocka_unit_test(changed_leading_digit_refused),
		cmocka_unit_test(wrong_length_refused),
		cmocka_unit_test(not_digits_refused),
		cmocka_unit_test(remainder_ten_gives_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
