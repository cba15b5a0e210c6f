/* Unit tests of money formatting: integer kopecks, Russian and English (what people
 * type is read by number.h: test_number.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "kabinet/money.h"

static void formats_russian(void **state)
{
	char buf[64];
	assert_string_equal(money_format(123456, MONEY_RU, buf, sizeof(buf)), "1\u202f234,56\u00a0₽");
	assert_string_equal(money_format(0, MONEY_RU, buf, sizeof(buf)), "0,00\u00a0₽");
	assert_string_equal(money_format(5, MONEY_RU, buf, sizeof(buf)), "0,05\u00a0₽");
	assert_string_equal(money_format(-37480, MONEY_RU, buf, sizeof(buf)), "−374,80\u00a0₽");
	assert_string_equal(money_format(100000000, MONEY_RU, buf, sizeof(buf)),
			    "1\u202f000\u202f000,00\u00a0₽");
}

static void formats_english(void **state)
{
	char buf[64];
	assert_string_equal(money_format(123456, MONEY_EN, buf, sizeof(buf)), "1,234.56 RUB");
	assert_string_equal(money_format(-1, MONEY_EN, buf, sizeof(buf)), "−0.01 RUB");
	assert_string_equal(money_format(99999999999, MONEY_EN, buf, sizeof(buf)),
			    "999,999,999.99 RUB");
}

static void formats_extremes_without_overflow(void **state)
{
	char buf[64];
	assert_string_equal(money_format(INT64_MIN, MONEY_EN, buf, sizeof(buf)),
			    "−92,233,720,368,547,758.08 RUB");
	/* A short buffer truncates but stays terminated. */
	money_format(123456, MONEY_EN, buf, 4);
	assert_string_equal(buf, "1,2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_russian),
		cmocka_unit_test(formats_english),
		cmocka_unit_test(formats_extremes_without_overflow),
	};
	return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
