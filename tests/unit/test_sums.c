/* Unit tests of the checked sums of server figures (money.h's figure_add and the
 * like, sums.c) and of the sums that use them: a history page's running sums, an
 * invoice's lines, a service's fee with its options, bonus points' worth, the autopay
 * forecast, the day a promised offer names. Each hostile case would overflow int64_t
 * if summed plainly (2^53 − 1 kopecks 1 100 times). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/autopay.h"
#include "kabinet/money.h"
#include "kabinet/model/history.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/date.h"
#include "kabinet/ui/tariffs_calc.h"
#include "kabinet/model/services.h"

#define BIG INT64_C(9007199254740991)	/* 2^53 − 1: the largest figure on the wire */
#define MANY 1100

static void helpers_at_the_edges(void **state)
{
	int64_t r = 7;

	(void)state;
	assert_true(figure_add(BIG - 1, 1, &r));
	assert_true(r == BIG);
	r = 7;
	assert_false(figure_add(BIG, 1, &r));
	assert_true(r == 7);	/* untouched */
	assert_false(figure_add(INT64_MAX, 1, &r));
	assert_false(figure_add(INT64_MIN, -1, &r));
	assert_true(figure_add(-BIG + 1, -1, &r));
	assert_true(r == -BIG);
	assert_false(figure_sub(-BIG, 1, &r));
	assert_false(figure_sub(0, INT64_MIN, &r));
	assert_true(figure_sub(BIG, BIG, &r));
	assert_true(r == 0);
	assert_true(figure_mul(BIG / 100, 100, &r));
	assert_false(figure_mul(BIG, 100, &r));
	assert_false(figure_mul(INT64_MIN, -1, &r));
	assert_true(figure_fits(BIG) && figure_fits(-BIG));
	assert_false(figure_fits(BIG + 1) || figure_fits(-BIG - 1));
	assert_string_equal(sums_beyond_text(), "the server's figures are beyond what can be added");
}

static void history_running_sums(void **state)
{
	struct hist_row rows[3] = { { .amount = 100 }, { .amount = -30 }, { .amount = 5 } };
	struct hist_page p = { .items = rows, .n = 3 };
	int64_t newer[4];

	(void)state;
	assert_true(sums_history(&p, 1000, newer));
	assert_true(newer[0] == 1000 && newer[1] == 1100 && newer[2] == 1070 && newer[3] == 1075);
	/* Page after page of the largest amounts: refused at the second, never wrapped. */
	struct hist_row *big = calloc(MANY, sizeof(*big));
	int64_t *sums = calloc(MANY + 1, sizeof(*sums));
	assert_non_null(big);
	assert_non_null(sums);
	for (size_t i = 0; i < MANY; i++)
		big[i].amount = BIG;
	p.items = big;
	p.n = MANY;
	assert_false(sums_history(&p, 0, sums));
	p.n = 1;
	assert_true(sums_history(&p, 0, sums));
	assert_false(sums_history(&p, 1, sums));
	free(big);
	free(sums);
}

/* An invoice of MANY lines of `amount` each, its total `total`. */
static char *invoice_json(int64_t amount, int64_t total)
{
	size_t size = 256 + MANY * 96;
	char *j = malloc(size);
	size_t n;

	assert_non_null(j);
	n = (size_t)snprintf(j, size, "{\"invoiceId\":\"inv9\",\"accountId\":\"acc1\","
			     "\"period\":\"2026-11\",\"amount\":%lld,\"dueDate\":\"2026-12-01\","
			     "\"paid\":false,\"lines\":[", (long long)total);
	for (int i = 0; i < MANY; i++)
		n += (size_t)snprintf(j + n, size - n, "%s{\"service\":\"s\",\"description\":\"d%d\","
				      "\"amount\":%lld}", i ? "," : "", i, (long long)amount);
	snprintf(j + n, size - n, "]}");
	return j;
}

static void invoice_lines(void **state)
{
	struct invoice_detail d;
	struct model_err err;
	char *j = invoice_json(BIG, BIG);

	(void)state;
	assert_int_equal(model_parse_invoice(j, &d, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "beyond what can be added"));
	assert_null(d.lines);
	free(j);
	/* Many small lines still add up. */
	j = invoice_json(100, 100 * MANY);
	assert_int_equal(model_parse_invoice(j, &d, &err), MODEL_OK);
	assert_int_equal(d.nlines, MANY);
	model_free_invoice(&d);
	free(j);
}

static char *options_json(int64_t fee, bool enabled)
{
	size_t size = 512 + MANY * 128;
	char *j = malloc(size);
	size_t n;

	assert_non_null(j);
	n = (size_t)snprintf(j, size, "{\"status\":\"ACTIVE\",\"type\":1,\"number\":\"n1\","
			     "\"displayNumber\":\"n1\",\"tariff\":{\"tariffId\":\"t1\",\"name\":\"T\","
			     "\"monthlyFee\":65000},\"pendingTariff\":null,"
			     "\"voluntaryBlockEndDate\":null,\"options\":[");
	for (int i = 0; i < MANY; i++)
		n += (size_t)snprintf(j + n, size - n, "%s{\"optionId\":\"opt%d\",\"name\":\"O%d\","
				      "\"monthlyFee\":%lld,\"enabled\":%s}", i ? "," : "", i, i,
				      (long long)fee, enabled ? "true" : "false");
	snprintf(j + n, size - n, "]}");
	return j;
}

static void option_fees(void **state)
{
	struct service_info s;
	struct model_err err;
	int64_t month = 0;
	char *j = options_json(BIG, true);

	(void)state;
	assert_int_equal(model_parse_service_info(j, &s, &err), MODEL_OK);
	assert_int_equal(s.noptions, MANY);
	assert_false(sums_service_month(&s, true, SIZE_MAX, &month));
	assert_false(sums_service_month(&s, false, SIZE_MAX, &month));
	assert_false(sums_service_month(&s, true, 0, &month));
	model_free_service_info(&s);
	free(j);
	/* All off: one of them switched on is the tariff and that option. */
	j = options_json(BIG - 65000, false);
	assert_int_equal(model_parse_service_info(j, &s, &err), MODEL_OK);
	assert_true(sums_service_month(&s, true, SIZE_MAX, &month));
	assert_true(month == 65000);
	assert_true(sums_service_month(&s, true, 3, &month));
	assert_true(month == BIG);
	assert_true(sums_service_month(&s, false, 3, &month));
	assert_true(month == BIG - 65000);
	model_free_service_info(&s);
	free(j);
}

static void points_and_days(void **state)
{
	int64_t v = 0, today = date_day(2026, 12, 6);

	(void)state;
	assert_true(sums_points_worth(1250, &v));
	assert_true(v == 125000);
	assert_false(sums_points_worth(BIG, &v));
	assert_true(sums_days_back(today, 5, &v));
	assert_true(v == date_day(2026, 12, 1));
	assert_false(sums_days_back(today, BIG, &v));
	assert_false(sums_days_back(today, -BIG, &v));
	assert_false(sums_days_back(today, 800000, &v));	/* before year 1 */
}

static void autopay_forecast(void **state)
{
	struct ap_rule r = { .kind = AP_MONTHLY, .amount = 150000, .day = 10, .enabled = true };
	struct ap_account_state s = { .today = "2026-11-22", .balance = -BIG + 1, .fee = BIG };
	struct ap_next n;

	(void)state;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_BEYOND);
	/* A debt rule: the debt itself cannot be worked out. */
	r.kind = AP_DEBT;
	s.credit = true;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_BEYOND);
	/* The promised payment taken back, then the fee: beyond as well. */
	r.kind = AP_THRESHOLD;
	r.threshold = 10000;
	s.balance = -BIG + 1;
	s.fee = 0;
	s.promised = BIG;
	strcpy(s.promised_back, "2026-11-25");
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_RUNS);	/* below the threshold tomorrow already */
	s.balance = BIG - 1;
	r.threshold = -BIG + 1;
	s.promised = BIG;
	s.fee = BIG;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_BEYOND);
}

/* Differences of tariffs and the usage chart's bars: never a wrapped figure. */
static void differences_and_bars(void **state)
{
	char buf[128];

	(void)state;
	tariffs_diff_money(BIG, -BIG, buf, sizeof(buf));
	assert_string_equal(buf, "too large");
	tariffs_diff_money(85000, 65000, buf, sizeof(buf));
	assert_string_equal(buf, "+200.00 RUB");
	tariffs_diff_figure(-BIG, BIG, "%s Mbit/s", buf, sizeof(buf));
	assert_string_equal(buf, "too large");
	tariffs_diff_figure(500, 300, "%s Mbit/s", buf, sizeof(buf));
	assert_string_equal(buf, "+200 Mbit/s");
	/* Half the axis is half the bar, at figures whose product with the parts overflows. */
	assert_int_equal(usage_eighths(BIG / 2, BIG - 1, 1000), 4000);
	assert_int_equal(usage_eighths(INT64_MAX / 2, INT64_MAX - 1, 100000), 400000);
	assert_int_equal(usage_eighths(1, 2, 10), 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helpers_at_the_edges),
		cmocka_unit_test(history_running_sums),
		cmocka_unit_test(invoice_lines),
		cmocka_unit_test(option_fees),
		cmocka_unit_test(points_and_days),
		cmocka_unit_test(autopay_forecast),
		cmocka_unit_test(differences_and_bars),
	};
	return cmocka_run_group_tests_name("sums", tests, NULL, NULL);
}
