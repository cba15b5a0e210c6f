/* Unit tests of format.c's amount as a form's field takes it back: whole roubles
 * without kopecks, kopecks after the language's decimal sign, negative amounts and the
 * least int64_t, and no groups or unit in either money style. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "kabinet/i18n.h"
#include "kabinet/model/format.h"

/* An amount in kopecks and how it reads in Russian and in English. */
struct amount_case {
	int64_t kopecks;
	const char *ru, *en;
};

static void check(const struct amount_case *c, size_t n)
{
	char buf[32];

	for (size_t i = 0; i < n; i++) {
		i18n_init("ru");
		assert_string_equal(format_amount(c[i].kopecks, buf, sizeof(buf)), c[i].ru);
		i18n_init("en");
		assert_string_equal(format_amount(c[i].kopecks, buf, sizeof(buf)), c[i].en);
	}
}

static void whole_roubles_have_no_kopecks(void **state)
{
	static const struct amount_case c[] = {
		{ 55000, "550", "550" },
		{ 0, "0", "0" },
		{ 100, "1", "1" },
		{ 123456700, "1234567", "1234567" },
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void kopecks_follow_the_money_style(void **state)
{
	static const struct amount_case c[] = {
		{ 55050, "550,50", "550.50" },
		{ 5, "0,05", "0.05" },
		{ 123456789, "1234567,89", "1234567.89" },
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void negative_amounts_keep_one_sign(void **state)
{
	static const struct amount_case c[] = {
		{ -150, "-1,50", "-1.50" },
		{ -50, "-0,50", "-0.50" },
		{ -20000, "-200", "-200" },
		{ -1, "-0,01", "-0.01" },
		{ INT64_MIN, "-92233720368547758,08", "-92233720368547758.08" },
		{ INT64_MAX, "92233720368547758,07", "92233720368547758.07" },
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void a_short_buffer_is_cut_not_overrun(void **state)
{
	char buf[5];

	(void)state;
	i18n_init("en");
	assert_string_equal(format_amount(123456, buf, sizeof(buf)), "1234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_roubles_have_no_kopecks),
		cmocka_unit_test(kopecks_follow_the_money_style),
		cmocka_unit_test(negative_amounts_keep_one_sign),
		cmocka_unit_test(a_short_buffer_is_cut_not_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
