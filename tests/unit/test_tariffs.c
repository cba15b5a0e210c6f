/* Unit tests of the calendar (model/date.c) and screen 3's pure helpers
 * (tariffs_calc.c): calendar days, the block's last day as typed and the API's rule for
 * it, dates for people, the differences to the current tariff, the usage chart's scale;
 * and the answer of the block methods (model_services.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/options.h"
#include "kabinet/ui/tariffs_calc.h"

static int setup(void **state)
{
	(void)state;
	config_reset();
	i18n_init("en");
	return 0;
}

static void days_round_trip(void **state)
{
	int y, m, d;
	int64_t day;

	(void)state;
	assert_int_equal(date_day(1970, 1, 1), 0);
	assert_int_equal(date_day(2000, 3, 1) - date_day(2000, 2, 28), 2);	/* leap */
	assert_int_equal(date_day(2100, 3, 1) - date_day(2100, 2, 28), 1);	/* not */
	assert_int_equal(date_day(2027, 1, 1) - date_day(2026, 12, 31), 1);
	for (day = date_day(1999, 12, 25); day < date_day(2031, 1, 10); day += 17) {
		date_of(day, &y, &m, &d);
		assert_true(date_valid(y, m, d));
		assert_int_equal(date_day(y, m, d), day);
	}
	assert_true(date_iso_day("2026-02-28", &day));
	assert_int_equal(day, date_day(2026, 2, 28));
	assert_false(date_iso_day("2026-02-29", &day));
	assert_true(date_iso_day("2028-02-29", &day));
	assert_false(date_iso_day("2026-2-01", &day));
	assert_false(date_iso_day("2026-12-01T00:00:00Z", &day));
	assert_false(date_iso_day("", &day));
	{
		char iso[11];
		date_iso(date_day(2027, 3, 4), iso);
		assert_string_equal(iso, "2027-03-04");
	}
}

static void block_date_as_typed(void **state)
{
	int64_t today = date_day(2026, 11, 20), day = 0;

	(void)state;
	/* DD.MM.YYYY in both languages; YYYY-MM-DD in English only. */
	assert_int_equal(tariffs_block_date("15.12.2026", false, today, &day), TARIFFS_DATE_OK);
	assert_int_equal(day, date_day(2026, 12, 15));
	assert_int_equal(tariffs_block_date(" 5.1.2027 ", false, today, &day), TARIFFS_DATE_OK);
	assert_int_equal(day, date_day(2027, 1, 5));
	assert_int_equal(tariffs_block_date("2026-12-15", true, today, &day), TARIFFS_DATE_OK);
	assert_int_equal(day, date_day(2026, 12, 15));
	assert_int_equal(tariffs_block_date("15.12.2026", true, today, &day), TARIFFS_DATE_OK);
	assert_int_equal(tariffs_block_date("2026-12-15", false, today, &day), TARIFFS_DATE_FORMAT);
	/* What is not a date in the accepted forms. */
	assert_int_equal(tariffs_block_date("", true, today, &day), TARIFFS_DATE_EMPTY);
	assert_int_equal(tariffs_block_date("   ", true, today, &day), TARIFFS_DATE_EMPTY);
	assert_int_equal(tariffs_block_date("15.12.26", false, today, &day), TARIFFS_DATE_FORMAT);
	assert_int_equal(tariffs_block_date("15/12/2026", true, today, &day), TARIFFS_DATE_FORMAT);
	assert_int_equal(tariffs_block_date("115.12.2026", false, today, &day), TARIFFS_DATE_FORMAT);
	assert_int_equal(tariffs_block_date("15.12.20266", false, today, &day), TARIFFS_DATE_FORMAT);
	assert_int_equal(tariffs_block_date("завтра", false, today, &day), TARIFFS_DATE_FORMAT);
	assert_int_equal(tariffs_block_date("15.12.2026x", false, today, &day), TARIFFS_DATE_FORMAT);
	/* The calendar. */
	assert_int_equal(tariffs_block_date("31.02.2027", false, today, &day), TARIFFS_DATE_NO_SUCH);
	assert_int_equal(tariffs_block_date("29.02.2027", false, today, &day), TARIFFS_DATE_NO_SUCH);
	assert_int_equal(tariffs_block_date("2026-13-01", true, today, &day), TARIFFS_DATE_NO_SUCH);
	assert_int_equal(tariffs_block_date("00.12.2026", false, today, &day), TARIFFS_DATE_NO_SUCH);
	/* The API's rule: 1 to 90 days after today. */
	assert_int_equal(tariffs_block_date("20.11.2026", false, today, &day),
			 TARIFFS_DATE_NOT_AFTER_TODAY);
	assert_int_equal(tariffs_block_date("01.01.2020", false, today, &day),
			 TARIFFS_DATE_NOT_AFTER_TODAY);
	assert_int_equal(tariffs_block_date("21.11.2026", false, today, &day), TARIFFS_DATE_OK);
	assert_int_equal(tariffs_block_date("18.02.2027", false, today, &day), TARIFFS_DATE_OK);
	assert_int_equal(day - today, 90);
	assert_int_equal(tariffs_block_date("19.02.2027", false, today, &day), TARIFFS_DATE_TOO_FAR);
}

static void dates_for_people(void **state)
{
	char buf[64];
	int y, m, d;
	int64_t today = date_today();

	(void)state;
	date_of(today, &y, &m, &d);
	date_text(date_day(2026, 12, 4), false, buf, sizeof(buf));
	assert_string_equal(buf, "Dec 4, 2026");
	date_input(date_day(2026, 12, 4), buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-04");
	/* A date of this year without its year. */
	date_text(date_day(y, 3, 9), true, buf, sizeof(buf));
	assert_string_equal(buf, "Mar 9");
	date_text(date_day(y + 1, 3, 9), true, buf, sizeof(buf));
	assert_true(strstr(buf, ", ") != NULL);
	i18n_set_lang("ru");
	date_text(date_day(2026, 12, 4), false, buf, sizeof(buf));
	assert_string_equal(buf, "04.12.2026");
	date_text(date_day(y, 12, 4), true, buf, sizeof(buf));
	assert_string_equal(buf, "04.12");
	date_input(date_day(2026, 12, 4), buf, sizeof(buf));
	assert_string_equal(buf, "04.12.2026");
	i18n_set_lang("en");
}

static void differences_to_the_current_tariff(void **state)
{
	char buf[64];

	(void)state;
	tariffs_diff_money(80000, 65000, buf, sizeof(buf));
	assert_string_equal(buf, "+150.00 RUB");
	tariffs_diff_money(45000, 65000, buf, sizeof(buf));
	assert_string_equal(buf, "−200.00 RUB");
	tariffs_diff_money(65000, 65000, buf, sizeof(buf));
	assert_string_equal(buf, "same");
	tariffs_diff_figure(500, 300, "%s Mbit/s", buf, sizeof(buf));
	assert_string_equal(buf, "+200 Mbit/s");
	tariffs_diff_figure(100, 1300, "%s Mbit/s", buf, sizeof(buf));
	assert_string_equal(buf, "−1,200 Mbit/s");
	i18n_set_lang("ru");
	tariffs_diff_money(110000, 65000, buf, sizeof(buf));
	assert_string_equal(buf, "+450,00\u00a0₽");
	tariffs_diff_money(0, 123456, buf, sizeof(buf));
	assert_string_equal(buf, "−1\u202f234,56\u00a0₽");
	tariffs_diff_figure(1500, 600, "%s", buf, sizeof(buf));
	assert_string_equal(buf, "+900");
	tariffs_diff_figure(7, 7, "%s", buf, sizeof(buf));
	assert_string_equal(buf, "столько же");
	i18n_set_lang("en");
}

static void chart_scale(void **state)
{
	char buf[64];
	struct usage_plan p;

	(void)state;
	assert_int_equal(usage_nice_ceiling(0), 1);
	assert_int_equal(usage_nice_ceiling(1), 1);
	assert_int_equal(usage_nice_ceiling(7), 8);
	assert_int_equal(usage_nice_ceiling(9), 10);
	assert_int_equal(usage_nice_ceiling(59), 60);
	assert_int_equal(usage_nice_ceiling(61), 80);
	assert_int_equal(usage_nice_ceiling(91), 100);
	assert_int_equal(usage_nice_ceiling(4001), 5000);
	/* Megabytes below a gigabyte, whole gigabytes above, minutes as they are. */
	assert_int_equal(usage_axis(900, true), 1000);
	assert_int_equal(usage_axis(1000, true), 1000);
	assert_int_equal(usage_axis(1010, true), 1024);
	assert_int_equal(usage_axis(1024, true), 1024);
	assert_int_equal(usage_axis(5900, true), 6 * 1024);
	assert_int_equal(usage_axis(6145, true), 8 * 1024);
	assert_int_equal(usage_axis(90, false), 100);
	assert_int_equal(usage_axis(0, false), 1);
	/* Bar heights in eighths of a row: nothing only for nothing, never above the top. */
	assert_int_equal(usage_eighths(0, 100, 10), 0);
	assert_int_equal(usage_eighths(1, 1000, 10), 1);
	assert_int_equal(usage_eighths(50, 100, 10), 40);
	assert_int_equal(usage_eighths(100, 100, 10), 80);
	assert_int_equal(usage_eighths(500, 100, 10), 80);
	assert_int_equal(usage_eighths(33, 100, 3), 8);
	assert_int_equal(usage_eighths(5, 0, 10), 0);
	/* Amounts. */
	usage_amount(850, true, buf, sizeof(buf));
	assert_string_equal(buf, "850 MB");
	usage_amount(5939, true, buf, sizeof(buf));
	assert_string_equal(buf, "5.8 GB");
	usage_amount(6 * 1024, true, buf, sizeof(buf));
	assert_string_equal(buf, "6 GB");
	usage_amount(98304 + 205, true, buf, sizeof(buf));
	assert_string_equal(buf, "96.2 GB");
	usage_amount(4093, false, buf, sizeof(buf));
	assert_string_equal(buf, "4,093 min");
	i18n_set_lang("ru");
	usage_amount(5939, true, buf, sizeof(buf));
	assert_string_equal(buf, "5,8 ГБ");
	usage_amount(52, false, buf, sizeof(buf));
	assert_string_equal(buf, "52 мин");
	i18n_set_lang("en");
	/* Days into columns: a column or more a day while they fit, else days a bar. */
	p = usage_plan(30, 66);
	assert_int_equal(p.per_bar, 1);
	assert_int_equal(p.bars, 30);
	assert_int_equal(p.width, 1);
	assert_int_equal(p.gap, 1);
	p = usage_plan(7, 66);
	assert_int_equal(p.bars, 7);
	assert_int_equal(p.width, 6);
	assert_int_equal(p.gap, 1);
	p = usage_plan(90, 66);
	assert_int_equal(p.per_bar, 2);
	assert_int_equal(p.bars, 45);
	assert_int_equal(p.width, 1);
	assert_int_equal(p.gap, 0);
	p = usage_plan(90, 106);
	assert_int_equal(p.per_bar, 1);
	assert_int_equal(p.bars, 90);
	assert_true(p.bars * (p.width + p.gap) <= 106);
	p = usage_plan(90, 1);
	assert_int_equal(p.bars, 1);
	p = usage_plan(30, 0);
	assert_int_equal(p.bars, 0);
}

static void block_answers(void **state)
{
	enum service_status st = SVC_ACTIVE;
	char end[16];
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_service_status(
				 "{\"status\":\"VOLUNTARY_BLOCKED\",\"voluntaryBlockEndDate\":\"2026-12-15\"}",
				 &st, end, sizeof(end), &err),
			 MODEL_OK);
	assert_int_equal(st, SVC_VOLUNTARY_BLOCKED);
	assert_string_equal(end, "2026-12-15");
	assert_int_equal(model_parse_service_status("{\"status\":\"BLOCKED\"}", &st, end, sizeof(end),
						    &err),
			 MODEL_OK);
	assert_int_equal(st, SVC_BLOCKED);
	assert_string_equal(end, "");
	assert_int_equal(model_parse_service_status("{\"voluntaryBlockEndDate\":null}", &st, end,
						    sizeof(end), &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_service_status("[]", &st, end, sizeof(end), &err), MODEL_BAD);
}

int main(int argc, char **argv)
{
	char self[PATH_MAX], locale[PATH_MAX + 16];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(days_round_trip, setup),
		cmocka_unit_test_setup(block_date_as_typed, setup),
		cmocka_unit_test_setup(dates_for_people, setup),
		cmocka_unit_test_setup(differences_to_the_current_tariff, setup),
		cmocka_unit_test_setup(chart_scale, setup),
		cmocka_unit_test_setup(block_answers, setup),
	};
	(void)argc;
	/* BUILD/tests/unit/test_tariffs -> BUILD/locale: the catalog of this build. */
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(locale, sizeof(locale), "%s/../../locale", dirname(self));
	setenv("KABINET_LOCALEDIR", locale, 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
