/* Unit tests of money parsing and formatting: integer kopecks, Russian and English. */
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

static void parses_user_text(void **state)
{
	static const struct {
		const char *text;
		int64_t kopecks;
	} ok[] = {
		{ "500", 50000 },	  { "1 234,56", 123456 }, { "1234.5", 123450 },
		{ "1,234.56", 123456 },	  { "-12,30", -1230 },	  { "0,01", 1 },
		{ "1\u202f234,56 ₽", 123456 }, { "−5", -500 },	  { " 7 руб", 700 },
		{ "1'000", 100000 },	  { "15000", 1500000 },	  { "1,5", 150 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int64_t v = -999;
		assert_int_equal(money_parse(ok[i].text, &v), 0);
		assert_int_equal(v, ok[i].kopecks);
	}
}

static void rejects_bad_text(void **state)
{
	static const char *const bad[] = { "", "abc", "1.234", "12,345,6", "1e5", "--5",
					   "5 долларов", "99999999999999999999", ",", "1.2.3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 42;
		assert_int_equal(money_parse(bad[i], &v), -1);
		assert_int_equal(v, 42);
	}
}

static void round_trips(void **state)
{
	static const int64_t values[] = { 0, 1, 99, 100, 123456, -37480, 150000000 };
	char buf[64];
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		int64_t v;
		assert_int_equal(money_parse(money_format(values[i], MONEY_RU, buf, sizeof(buf)), &v), 0);
		assert_int_equal(v, values[i]);
		assert_int_equal(money_parse(money_format(values[i], MONEY_EN, buf, sizeof(buf)), &v), 0);
		assert_int_equal(v, values[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_russian),
		cmocka_unit_test(formats_english),
		cmocka_unit_test(formats_extremes_without_overflow),
		cmocka_unit_test(parses_user_text),
		cmocka_unit_test(rejects_bad_text),
		cmocka_unit_test(round_trips),
	};
	return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
