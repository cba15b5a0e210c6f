/* Unit tests of model/charges_chart.c: a month's bar split by service in whole columns
 * from kopecks (the parts add up to the bar, the largest month fills the width, a
 * sum that does not divide evenly cut down, never up), getCharges' months folded for
 * one account or all, and the sentences of the monthly fees that moved: a tariff
 * changed, an option connected or disconnected, in English; a service's fee on the
 * next 1st as billing's replay (autopay.h's fee plans) will charge it, and a sum
 * beyond ±2^53 refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/charges.h"
#include "kabinet/model/autopay.h"
#include "kabinet/model/charges_chart.h"

#define KIND(kind, amount, names) \
	"{\"kind\":\"" kind "\",\"amount\":" amount ",\"names\":" names "}"
#define SVC(id, name, kinds) "{\"serviceId\":\"" id "\",\"service\":\"" name "\",\"kinds\":[" kinds "]}"
#define ACCOUNT(id, number, total, services) "{\"accountId\":\"" id "\",\"accountNumber\":\"" \
	number "\",\"total\":" total ",\"services\":[" services "]}"
#define MONTH(month, accounts) "{\"month\":\"" month "\",\"accounts\":[" accounts "]}"

/* December: Internet on «Home 500» (85 000) with «Antivirus» (9 900); November: «Home
 * 300» (65 000) without it; October: «Home 300» with «Static IP» (15 000). A second
 * account's phone is the same every month. */
#define NET_DEC SVC("net", "Internet", KIND("TARIFF", "85000", "[\"Home 500\"]") "," \
		    KIND("OPTION", "9900", "[\"Antivirus\"]"))
#define NET_NOV SVC("net", "Internet", KIND("TARIFF", "65000", "[\"Home 300\"]"))
#define NET_OCT SVC("net", "Internet", KIND("TARIFF", "65000", "[\"Home 300\"]") "," \
		    KIND("OPTION", "15000", "[\"Static IP\"]"))
#define PHONE SVC("tel", "Phone", KIND("TARIFF", "25000", "[\"Local\"]"))
#define OWN "{\"serviceId\":null,\"service\":null,\"kinds\":[" KIND("ONE_OFF", "5000", "[]") "]}"
#define ANSWER "{\"months\":[" \
	MONTH("2026-12", ACCOUNT("a1", "590000000001", "94900", NET_DEC) "," \
			 ACCOUNT("a2", "590000000002", "30000", PHONE "," OWN)) "," \
	MONTH("2026-11", ACCOUNT("a1", "590000000001", "65000", NET_NOV) "," \
			 ACCOUNT("a2", "590000000002", "25000", PHONE)) "," \
	MONTH("2026-10", ACCOUNT("a1", "590000000001", "80000", NET_OCT) "," \
			 ACCOUNT("a2", "590000000002", "25000", PHONE)) "]}"

static struct charges c;

static int setup(void **state)
{
	struct model_err err;

	(void)state;
	i18n_init(NULL);
	return model_parse_charges(ANSWER, &c, &err) == MODEL_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	model_free_charges(&c);
	return 0;
}

static void bar_parts_add_up(void **state)
{
	int64_t parts[] = { 65000, 25000, 15000 };
	int w[3];

	(void)state;
	/* The largest month fills the bar: 105 000 in 42 columns, 2 500 a column. */
	charges_bar_widths(parts, 3, 105000, 42, w);
	assert_int_equal(w[0], 26);
	assert_int_equal(w[1], 10);
	assert_int_equal(w[2], 6);
	/* Half of it in 10 columns: 5 of them, cut where the running sum falls. */
	charges_bar_widths(parts, 3, 210000, 10, w);
	assert_int_equal(w[0] + w[1] + w[2], 5);
	assert_int_equal(w[0], 3);	/* 65 000 × 10 / 210 000 = 3.09 */
	assert_int_equal(w[1], 1);	/* 90 000: 4.28 */
	assert_int_equal(w[2], 1);	/* 105 000: 5 */
}

static void bar_of_nothing_and_of_huge_figures(void **state)
{
	int64_t parts[] = { INT64_C(9007199254740991), -5, 1 };
	int w[3] = { 7, 7, 7 };

	(void)state;
	charges_bar_widths(parts, 3, 0, 40, w);
	assert_int_equal(w[0] + w[1] + w[2], 0);
	/* 2^53 − 1 kopecks times 200 columns stays exact in integers. */
	charges_bar_widths(parts, 3, INT64_C(9007199254740992), 200, w);
	assert_int_equal(w[0], 199);
	assert_int_equal(w[1], 0);	/* a refund draws nothing */
	assert_int_equal(w[2], 1);
}

static void folded_for_all_and_for_one(void **state)
{
	struct charges_chart ch;

	(void)state;
	assert_true(charges_chart_make(&c, NULL, &ch));
	assert_int_equal(ch.nmonths, 3);
	assert_int_equal(ch.nservices, 3);
	assert_string_equal(ch.services[0].service_id, "net");
	assert_string_equal(ch.services[1].service_id, "tel");
	assert_string_equal(ch.services[2].service_id, "");
	assert_null(ch.services[2].name);
	assert_int_equal(ch.months[0].total, 124900);
	assert_int_equal(ch.months[0].by[0], 94900);
	assert_int_equal(ch.months[0].by[2], 5000);
	assert_int_equal(ch.months[1].total, 90000);
	assert_int_equal(ch.max, 124900);
	assert_true(charges_chart_make(&c, "a2", &ch));
	assert_int_equal(ch.nservices, 2);
	assert_string_equal(ch.services[0].service_id, "tel");
	assert_int_equal(ch.months[0].total, 30000);
	assert_int_equal(ch.months[2].total, 25000);
	assert_int_equal(ch.max, 30000);
}

static void sentences_of_what_moved(void **state)
{
	char lines[CHART_CHANGES_MAX][CHART_CHANGE_BYTES];

	(void)state;
	assert_int_equal(charges_chart_changes(&c, NULL, lines, CHART_CHANGES_MAX), 2);
	assert_string_equal(lines[0], "Internet +299.00 RUB from December 2026: the tariff «Home 500»");
	assert_string_equal(lines[1],
			    "Internet −150.00 RUB from November 2026: the option «Static IP» disconnected");
	/* The phone never moved; the account's own one-off charge is no monthly fee. */
	assert_int_equal(charges_chart_changes(&c, "a2", lines, CHART_CHANGES_MAX), 0);
	assert_int_equal(charges_chart_changes(&c, "a1", lines, 1), 1);
}

static void an_option_connected(void **state)
{
	struct charges two;
	struct model_err err;
	char lines[2][CHART_CHANGE_BYTES];

	(void)state;
	assert_int_equal(model_parse_charges("{\"months\":["
		MONTH("2026-12", ACCOUNT("a1", "590000000001", "74900",
			SVC("net", "Internet", KIND("TARIFF", "65000", "[\"Home 300\"]") ","
				KIND("OPTION", "9900", "[\"Antivirus\"]")))) ","
		MONTH("2026-11", ACCOUNT("a1", "590000000001", "65000", NET_NOV)) "]}",
		&two, &err), MODEL_OK);
	assert_int_equal(charges_chart_changes(&two, NULL, lines, 2), 1);
	assert_string_equal(lines[0],
			    "Internet +99.00 RUB from December 2026: the option «Antivirus» connected");
	model_free_charges(&two);
}

/* The forecast of a service on a 1st: billing's replay (autopay.h), as the chart
 * draws it. */
static int64_t forecast(const struct service_info *s, const char *day)
{
	struct ap_fee_plan plan;
	int64_t fee = -1;

	assert_true(ap_fee_plan_make(s, &plan));
	assert_true(ap_fee_on(&plan, 1, ap_date_days(day), &fee));
	return fee;
}

/* Billing's rules played forward to the 1st: a pending tariff of that day or before is
 * the one charged, a voluntary block ending before it is over, options count when on. */
static void forecast_of_a_service(void **state)
{
	struct service_option opts[2] = {
		{ .id = "o1", .name = "Static IP", .fee = 15000, .enabled = true },
		{ .id = "o2", .name = "Antivirus", .fee = 9900, .enabled = false },
	};
	struct service_info s = { .status = SVC_ACTIVE, .has_tariff = true,
				  .tariff = { .id = "t1", .name = "Home 300", .fee = 65000 },
				  .options = opts, .noptions = 2 };
	char day[11];

	(void)state;
	assert_true(charges_next_first("2026-12", day));
	assert_string_equal(day, "2027-01-01");
	assert_true(charges_next_first("2026-01", day));
	assert_string_equal(day, "2026-02-01");
	assert_false(charges_next_first("2026-13", day));
	assert_int_equal(forecast(&s, "2027-01-01"), 80000);
	s.has_pending = true;
	s.pending = (struct tariff_ref){ .id = "t2", .name = "Home 500", .fee = 85000 };
	snprintf(s.pending_from, sizeof(s.pending_from), "2026-12-07");
	assert_int_equal(forecast(&s, "2027-01-01"), 100000);
	/* From the next 1st itself: that run charges it. */
	snprintf(s.pending_from, sizeof(s.pending_from), "2027-01-01");
	assert_int_equal(forecast(&s, "2027-01-01"), 100000);
	assert_int_equal(forecast(&s, "2026-12-01"), 80000);
	snprintf(s.pending_from, sizeof(s.pending_from), "2027-01-02");
	assert_int_equal(forecast(&s, "2027-01-01"), 80000);
	s.status = SVC_VOLUNTARY_BLOCKED;
	snprintf(s.block_end, sizeof(s.block_end), "2027-01-01");	/* through the 1st */
	assert_int_equal(forecast(&s, "2027-01-01"), 0);
	snprintf(s.block_end, sizeof(s.block_end), "2026-12-31");
	assert_int_equal(forecast(&s, "2027-01-01"), 80000);
	s.status = SVC_BLOCKED;	/* for debt: still charged */
	assert_int_equal(forecast(&s, "2027-01-01"), 80000);
	s.status = SVC_OPERATOR_BLOCK;
	assert_int_equal(forecast(&s, "2027-01-01"), 0);
}

/* Sums beyond ±2^53 are refused: one service's, and the services' together. */
static void forecast_beyond(void **state)
{
	struct service_option big = { .id = "o1", .name = "Big", .fee = FIGURE_LIMIT - 1,
				      .enabled = true };
	struct service_info s = { .status = SVC_ACTIVE, .has_tariff = true,
				  .tariff = { .id = "t1", .name = "Home", .fee = 100 },
				  .options = &big, .noptions = 1 };
	struct ap_fee_plan plans[2];
	int64_t fee;

	(void)state;
	assert_false(ap_fee_plan_make(&s, &plans[0]));
	s.has_tariff = false;
	assert_true(ap_fee_plan_make(&s, &plans[0]));
	plans[1] = plans[0];
	assert_false(ap_fee_on(plans, 2, ap_date_days("2027-01-01"), &fee));
	/* A pending tariff that takes it beyond. */
	s.has_pending = true;
	s.pending = (struct tariff_ref){ .id = "t2", .name = "Home 500", .fee = 1 };
	snprintf(s.pending_from, sizeof(s.pending_from), "2026-12-20");
	assert_false(ap_fee_plan_make(&s, &plans[0]));
}

/* A service charged no more (blocked over the 1st), then charged again. */
static void a_fee_that_ended_and_began(void **state)
{
	struct charges three;
	struct model_err err;
	char lines[4][CHART_CHANGE_BYTES];

	(void)state;
	assert_int_equal(model_parse_charges("{\"months\":["
		MONTH("2027-02", ACCOUNT("a2", "590000000002", "25000", PHONE)) ","
		MONTH("2027-01", ACCOUNT("a2", "590000000002", "5000", OWN)) ","
		MONTH("2026-12", ACCOUNT("a2", "590000000002", "25000", PHONE)) "]}",
		&three, &err), MODEL_OK);
	assert_int_equal(charges_chart_changes(&three, NULL, lines, 4), 2);
	assert_string_equal(lines[0], "Phone +250.00 RUB from February 2027: charged from then on");
	assert_string_equal(lines[1], "Phone −250.00 RUB from January 2027: not charged");
	model_free_charges(&three);
}

static void month_labels(void **state)
{
	char buf[48];

	(void)state;
	assert_string_equal(charges_month_name("2026-05", buf, sizeof(buf)), "May 2026");
	assert_string_equal(charges_month_name("2026-13", buf, sizeof(buf)), "2026-13");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bar_parts_add_up),
		cmocka_unit_test(bar_of_nothing_and_of_huge_figures),
		cmocka_unit_test(folded_for_all_and_for_one),
		cmocka_unit_test(sentences_of_what_moved),
		cmocka_unit_test(an_option_connected),
		cmocka_unit_test(forecast_of_a_service),
		cmocka_unit_test(forecast_beyond),
		cmocka_unit_test(a_fee_that_ended_and_began),
		cmocka_unit_test(month_labels),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
