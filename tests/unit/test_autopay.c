/* Unit tests of model_autopay.c and autopay_next.c: the rule object read strictly, the
 * bodies of the calls, and "what happens next" over month ends, February (leap and
 * not), days 28 to 31, disabled rules, credit and advance accounts, a threshold above
 * and below the balance, the fee of the 1st and a promised payment going back; the fee
 * of each 1st replayed from the services' plans (a pending tariff change, a voluntary
 * block's end, sums beyond refused) and the book the plans are loaded into. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/autopay.h"

static struct ap_rule rule(enum ap_kind k, int64_t threshold, int64_t amount, int day)
{
	struct ap_rule r;

	memset(&r, 0, sizeof(r));
	strcpy(r.id, "apr1");
	strcpy(r.account_id, "acc1");
	r.kind = k;
	r.threshold = threshold;
	r.amount = amount;
	r.day = day;
	r.enabled = true;
	return r;
}

static struct ap_account_state state(const char *today, int64_t balance, int64_t fee, bool credit)
{
	struct ap_account_state s;

	memset(&s, 0, sizeof(s));
	strcpy(s.today, today);
	s.balance = balance;
	s.fee = fee;
	s.credit = credit;
	return s;
}

static void expect_run(const struct ap_rule *r, const struct ap_account_state *s,
		       const char *date, int64_t amount)
{
	struct ap_next n;

	ap_next(r, s, &n);
	assert_int_equal(n.kind, AP_NEXT_RUNS);
	assert_string_equal(n.date, date);
	assert_int_equal(n.amount, amount);
}

static void parse_rules(void **st)
{
	struct ap_rules l;
	struct model_err err;

	(void)st;
	assert_int_equal(model_parse_autopay_rules(
				 "{\"rules\":[{\"ruleId\":\"apr1\",\"accountId\":\"acc1\",\"cardId\":\"card1\","
				 "\"cardMask\":\"2200 00** **** 0004\",\"kind\":\"MONTHLY\",\"threshold\":null,"
				 "\"amount\":150000,\"day\":10,\"enabled\":true,\"lastRun\":{\"date\":"
				 "\"2026-11-10\",\"status\":\"SUCCEEDED\",\"amount\":144000}},"
				 "{\"ruleId\":\"apr2\",\"accountId\":\"acc1\",\"cardId\":\"card1\","
				 "\"cardMask\":\"2200 00** **** 0004\",\"kind\":\"THRESHOLD\",\"threshold\":10000,"
				 "\"amount\":50000,\"day\":null,\"enabled\":false,\"lastRun\":{\"date\":"
				 "\"2026-12-01\",\"status\":\"DECLINED\",\"amount\":50000}},"
				 "{\"ruleId\":\"apr3\",\"accountId\":\"acc2\",\"cardId\":\"card1\","
				 "\"cardMask\":\"2200 00** **** 0004\",\"kind\":\"DEBT\",\"threshold\":null,\"amount\":null,"
				 "\"day\":null,\"enabled\":true,\"lastRun\":null}]}",
				 &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].kind, AP_MONTHLY);
	assert_int_equal(l.items[0].amount, 150000);
	assert_int_equal(l.items[0].day, 10);
	assert_true(l.items[0].has_last);
	assert_false(l.items[0].last_declined);
	assert_string_equal(l.items[0].last_date, "2026-11-10");
	assert_int_equal(l.items[0].last_amount, 144000);
	assert_int_equal(l.items[1].kind, AP_THRESHOLD);
	assert_int_equal(l.items[1].threshold, 10000);
	assert_false(l.items[1].enabled);
	assert_true(l.items[1].last_declined);
	assert_int_equal(l.items[2].kind, AP_DEBT);
	assert_false(l.items[2].has_last);
	assert_non_null(ap_rules_find(&l, "acc1", AP_THRESHOLD));
	assert_null(ap_rules_find(&l, "acc2", AP_THRESHOLD));
	assert_non_null(ap_rules_find(&l, "acc2", AP_DEBT));
	model_free_autopay_rules(&l);
	assert_int_equal(model_parse_autopay_rules("{\"rules\":[]}", &l, &err), MODEL_OK);
	assert_int_equal(l.n, 0);
	model_free_autopay_rules(&l);
}

static void parse_refused(void **st)
{
	static const char *const bad[] = {
		"not json",
		"{\"rules\":{}}",
		"{}",
		/* a kind that is none */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"WEEKLY\","
		"\"enabled\":true}]}",
		/* MONTHLY without its day */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"MONTHLY\","
		"\"amount\":100,\"enabled\":true}]}",
		/* DEBT with an amount */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"DEBT\","
		"\"amount\":100,\"enabled\":true}]}",
		/* a fraction of a kopeck */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"THRESHOLD\","
		"\"threshold\":1.5,\"amount\":100,\"enabled\":true}]}",
		/* day out of range */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"MONTHLY\","
		"\"amount\":100,\"day\":31,\"enabled\":true}]}",
		/* enabled missing */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"DEBT\"}]}",
		/* a lastRun of another status, and of no date */
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"DEBT\","
		"\"enabled\":true,\"lastRun\":{\"date\":\"2026-11-10\",\"status\":\"LOST\",\"amount\":1}}]}",
		"{\"rules\":[{\"ruleId\":\"r\",\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"DEBT\","
		"\"enabled\":true,\"lastRun\":{\"date\":\"2026-02-30\",\"status\":\"DECLINED\",\"amount\":1}}]}",
		/* no rule id */
		"{\"rules\":[{\"accountId\":\"a\",\"cardId\":\"c\",\"kind\":\"DEBT\",\"enabled\":true}]}",
	};
	struct ap_rules l;
	struct model_err err;

	(void)st;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(model_parse_autopay_rules(bad[i], &l, &err), MODEL_BAD);
		assert_null(l.items);
		assert_true(err.msg[0] != '\0');
	}
}

static void bodies(void **st)
{
	struct ap_rule r = rule(AP_MONTHLY, 0, 150000, 10);
	char *b;

	(void)st;
	b = model_body_autopay_create("acc1", "card1", AP_THRESHOLD, 10000, 50000, 0);
	assert_string_equal(b, "{\"accountId\":\"acc1\",\"cardId\":\"card1\",\"kind\":\"THRESHOLD\","
			       "\"threshold\":10000,\"amount\":50000}");
	free(b);
	b = model_body_autopay_create("acc1", "card1", AP_DEBT, 1, 2, 3);
	assert_string_equal(b, "{\"accountId\":\"acc1\",\"cardId\":\"card1\",\"kind\":\"DEBT\"}");
	free(b);
	b = model_body_autopay_update(&r, "card2");
	assert_string_equal(b, "{\"ruleId\":\"apr1\",\"cardId\":\"card2\",\"amount\":150000,\"day\":10}");
	free(b);
	b = model_body_autopay_update(&r, NULL);
	assert_string_equal(b, "{\"ruleId\":\"apr1\",\"amount\":150000,\"day\":10}");
	free(b);
	b = model_body_autopay_enable("apr1", false);
	assert_string_equal(b, "{\"ruleId\":\"apr1\",\"enabled\":false}");
	free(b);
	b = model_body_autopay_delete("apr1");
	assert_string_equal(b, "{\"ruleId\":\"apr1\"}");
	free(b);
}

static void dates(void **st)
{
	char d[11];

	(void)st;
	assert_int_equal(ap_date_days("1970-01-01"), 0);
	assert_int_equal(ap_date_days("2028-02-29") - ap_date_days("2028-02-28"), 1);
	assert_int_equal(ap_date_days("2027-02-29"), INT64_MIN);
	assert_int_equal(ap_date_days("2100-02-29"), INT64_MIN);
	assert_true(ap_date_days("2000-02-29") != INT64_MIN);
	assert_int_equal(ap_date_days("2026-11-31"), INT64_MIN);
	assert_int_equal(ap_date_days("2026-1-01"), INT64_MIN);
	assert_int_equal(ap_date_days(""), INT64_MIN);
	ap_days_date(ap_date_days("2026-12-31") + 1, d);
	assert_string_equal(d, "2027-01-01");
	ap_days_date(ap_date_days("2028-02-28") + 1, d);
	assert_string_equal(d, "2028-02-29");
}

/* demo's rule: 830,50 ₽ on 22 November, 1 370 ₽ of fees on 1 December, day 10 tops up
 * to 1 500 ₽: 2 039,50 ₽ on 10 December (docs/api.md's billing example). */
static void monthly_demo(void **st)
{
	struct ap_rule r = rule(AP_MONTHLY, 0, 150000, 10);
	struct ap_account_state s = state("2026-11-22", 83050, 137000, false);

	(void)st;
	expect_run(&r, &s, "2026-12-10", 203950);
	/* No fee: the top-up of today's balance. */
	s.fee = 0;
	expect_run(&r, &s, "2026-12-10", 66950);
	/* The day still to come this month. */
	r.day = 25;
	expect_run(&r, &s, "2026-11-25", 66950);
	/* Today's run is over: the day of today is next month's. */
	r.day = 22;
	expect_run(&r, &s, "2026-12-22", 66950);
}

static void monthly_month_ends(void **st)
{
	struct ap_rule r = rule(AP_MONTHLY, 0, 100000, 28);
	struct ap_account_state s = state("2027-01-31", 0, 0, false);

	(void)st;
	/* The 28th comes in every month, February too. */
	expect_run(&r, &s, "2027-02-28", 100000);
	/* The days February lacks: billing runs a rule only on its very day, so a 29th
	 * waits for March in a common year and comes in February of a leap year. */
	r.day = 29;
	expect_run(&r, &s, "2027-03-29", 100000);
	strcpy(s.today, "2028-01-31");
	expect_run(&r, &s, "2028-02-29", 100000);
	r.day = 30;
	expect_run(&r, &s, "2028-03-30", 100000);
	r.day = 31;
	strcpy(s.today, "2026-11-30");
	expect_run(&r, &s, "2026-12-31", 100000);
	strcpy(s.today, "2027-03-31");
	expect_run(&r, &s, "2027-05-31", 100000);
	/* Across the year's end, the fee of 1 January counted. */
	r.day = 5;
	s = state("2026-12-20", 50000, 20000, false);
	expect_run(&r, &s, "2027-01-05", 70000);
}

/* A balance at the figure already: the next month the fee brings it under. */
static void monthly_above(void **st)
{
	struct ap_rule r = rule(AP_MONTHLY, 0, 150000, 10);
	struct ap_account_state s = state("2026-11-22", 300000, 100000, false);
	struct ap_next n;

	(void)st;
	/* 3 000 ₽ − 1 000 ₽ on 1 Dec = 2 000 ₽ ≥ 1 500 ₽; − 1 000 ₽ on 1 Jan = 1 000 ₽. */
	expect_run(&r, &s, "2027-01-10", 50000);
	s.fee = 0;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_STAYS_ABOVE);
	assert_int_equal(n.above, 150000);
}

static void threshold(void **st)
{
	struct ap_rule r = rule(AP_THRESHOLD, 10000, 50000, 0);
	struct ap_account_state s = state("2026-11-22", 5000, 0, false);
	struct ap_next n;

	(void)st;
	/* Below: tomorrow's billing pays. */
	expect_run(&r, &s, "2026-11-23", 50000);
	/* At the threshold exactly: not below, nothing without a fee. */
	s.balance = 10000;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_STAYS_ABOVE);
	assert_int_equal(n.above, 10000);
	/* Above, until the fee of the 1st brings it under. */
	s.balance = 83050;
	s.fee = 137000;
	expect_run(&r, &s, "2026-12-01", 50000);
	/* On the last day of a month, the 1st is tomorrow. */
	strcpy(s.today, "2027-02-28");
	expect_run(&r, &s, "2027-03-01", 50000);
	/* A large balance and a small fee: months away. */
	s = state("2026-11-22", 30000, 10000, false);
	expect_run(&r, &s, "2027-02-01", 50000);
}

static void promised_goes_back(void **st)
{
	struct ap_rule r = rule(AP_THRESHOLD, 10000, 50000, 0);
	struct ap_account_state s = state("2026-11-22", 20000, 0, false);

	(void)st;
	s.promised = 55000;
	strcpy(s.promised_back, "2026-11-27");
	expect_run(&r, &s, "2026-11-27", 50000);
	r = rule(AP_MONTHLY, 0, 100000, 27);
	expect_run(&r, &s, "2026-11-27", 135000);
}

static void debt(void **st)
{
	struct ap_rule r = rule(AP_DEBT, 0, 0, 0);
	struct ap_account_state s = state("2026-11-22", 0, 85000, true);
	struct ap_next n;

	(void)st;
	/* Credit: the fee of the 1st makes the debt the rule pays the same day. */
	expect_run(&r, &s, "2026-12-01", 85000);
	/* In debt already, with the fee on top. */
	s.balance = -20000;
	expect_run(&r, &s, "2026-12-01", 105000);
	/* A debt beyond one payment's most is paid up to it. */
	s.balance = -2000000;
	expect_run(&r, &s, "2026-12-01", AP_MONEY_MAX);
	/* No fee and no debt: nothing. */
	s.balance = 1000;
	s.fee = 0;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_STAYS_ABOVE);
	assert_int_equal(n.above, 0);
	/* An advance account: billing never runs a debt rule. */
	s.credit = false;
	s.balance = -50000;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_NOT_CREDIT);
}

/* A threshold rule on a credit account: the fee of the 1st, no promise. */
static void credit_threshold(void **st)
{
	struct ap_rule r = rule(AP_THRESHOLD, 0, 100000, 0);
	struct ap_account_state s = state("2026-12-31", 0, 85000, true);

	(void)st;
	expect_run(&r, &s, "2027-01-01", 100000);
}

/* A service of fee `fee` now; `pending` from `from` when from is not NULL. */
static struct ap_fee_plan plan(const char *status, int64_t fee, const char *block_end,
			       int64_t pending, const char *from)
{
	struct service_info s;
	struct ap_fee_plan p;

	memset(&s, 0, sizeof(s));
	s.status = !strcmp(status, "VOLUNTARY_BLOCKED") ? SVC_VOLUNTARY_BLOCKED : SVC_ACTIVE;
	snprintf(s.block_end, sizeof(s.block_end), "%s", block_end ? block_end : "");
	s.has_tariff = true;
	s.tariff.fee = fee;
	if (from) {
		s.has_pending = true;
		s.pending.fee = pending;
		snprintf(s.pending_from, sizeof(s.pending_from), "%s", from);
	}
	assert_true(ap_fee_plan_make(&s, &p));
	return p;
}

/* A tariff change pending from the next 1st: the fee of that 1st is the new one, so a
 * monthly top-up grows and a threshold is crossed a month sooner. */
static void pending_tariff(void **st)
{
	struct ap_fee_plan plans[2] = { plan("ACTIVE", 87000, NULL, 0, NULL),
					plan("ACTIVE", 50000, NULL, 70000, "2026-12-01") };
	struct ap_rule r = rule(AP_MONTHLY, 0, 150000, 10);
	struct ap_account_state s = state("2026-11-22", 83050, 137000, false);
	int64_t day, fee;

	(void)st;
	expect_run(&r, &s, "2026-12-10", 203950);
	s.plans = plans;
	s.nplans = 2;
	expect_run(&r, &s, "2026-12-10", 223950);
	assert_true(ap_fee_change(plans, 2, ap_date_days("2026-11-22"), ap_date_days("2026-12-10"),
				  &day, &fee));
	assert_int_equal(day, ap_date_days("2026-12-01"));
	assert_int_equal(fee, 157000);
	assert_false(ap_fee_change(plans, 2, ap_date_days("2026-11-22"),
				   ap_date_days("2026-11-30"), &day, &fee));
	/* 1 450,00 less the fee of 1 December is below 0 only with the new tariff. */
	r = rule(AP_THRESHOLD, 0, 50000, 0);
	s.balance = 145000;
	expect_run(&r, &s, "2026-12-01", 50000);
	s.plans = NULL;
	expect_run(&r, &s, "2027-01-01", 50000);
}

/* A voluntary block "until 15 December" ends mid-month: 1 December does not charge the
 * service, 1 January does. */
static void block_ends_mid_month(void **st)
{
	struct ap_fee_plan plans[2] = { plan("ACTIVE", 87000, NULL, 0, NULL),
					plan("VOLUNTARY_BLOCKED", 50000, "2026-12-15", 0, NULL) };
	struct ap_rule r = rule(AP_MONTHLY, 0, 150000, 10);
	struct ap_account_state s = state("2026-11-22", 83050, 87000, false);
	int64_t fee;

	(void)st;
	s.plans = plans;
	s.nplans = 2;
	expect_run(&r, &s, "2026-12-10", 153950);
	assert_true(ap_fee_on(plans, 2, ap_date_days("2026-12-01"), &fee));
	assert_int_equal(fee, 87000);
	assert_true(ap_fee_on(plans, 2, ap_date_days("2027-01-01"), &fee));
	assert_int_equal(fee, 137000);
	/* 1 500,00 left by December's fee: nothing due on the 5th; January's fee is both
	 * services', 1 370,00. */
	r.day = 5;
	s.balance = 150000 + 87000;
	expect_run(&r, &s, "2027-01-05", 137000);
	/* A block without an end is never charged. */
	plans[1] = plan("VOLUNTARY_BLOCKED", 50000, NULL, 0, NULL);
	assert_true(ap_fee_on(plans, 2, ap_date_days("2030-01-01"), &fee));
	assert_int_equal(fee, 87000);
}

/* Fees whose sum is beyond ±2^53: the replay says so rather than a figure. */
static void plans_beyond(void **st)
{
	struct ap_fee_plan plans[2] = { plan("ACTIVE", INT64_C(9007199254740991), NULL, 0, NULL),
					plan("ACTIVE", 1, NULL, 0, NULL) };
	struct ap_rule r = rule(AP_MONTHLY, 0, 150000, 10);
	struct ap_account_state s = state("2026-11-22", 83050, 137000, false);
	struct ap_next n;
	int64_t fee;

	(void)st;
	s.plans = plans;
	s.nplans = 2;
	assert_false(ap_fee_on(plans, 2, ap_date_days("2026-12-01"), &fee));
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_BEYOND);
}

#define SERVICE_INFO(status, fee, pending)                                                   \
	"{\"status\":\"" status "\",\"type\":1,\"number\":\"n\",\"displayNumber\":\"n\","   \
	"\"tariff\":{\"tariffId\":\"t1\",\"name\":\"T\",\"monthlyFee\":" fee "},"           \
	"\"pendingTariff\":" pending ",\"voluntaryBlockEndDate\":null,\"options\":[]}"

static bool wants_acc2(const struct account *a, void *ud)
{
	(void)ud;
	return !strcmp(a->id, "acc2");
}

/* The book: an account's plans once all its services are in, those of accounts that
 * were not wanted never asked for. */
static void fee_book(void **st)
{
	struct service svcs[3] = { { .id = "s1" }, { .id = "s2" }, { .id = "s3" } };
	struct account accs[2] = { { .id = "acc1", .services = svcs, .nservices = 2 },
				   { .id = "acc2", .services = svcs + 2, .nservices = 1 } };
	struct account_list list = { .items = accs, .n = 2 };
	struct ap_fee_book b;
	struct model_err err;
	const struct ap_fee_plan *p;
	size_t n;
	int64_t fee;

	(void)st;
	assert_true(ap_fee_book_make(&b, &list, NULL, NULL));
	assert_int_equal(b.n, 3);
	assert_false(ap_fee_book_account(&b, "acc1", &p, &n));
	assert_true(ap_fee_book_take(&b, "s1", SERVICE_INFO("ACTIVE", "65000", "null"), &err));
	assert_false(ap_fee_book_account(&b, "acc1", &p, &n));
	assert_true(ap_fee_book_take(&b, "s2", SERVICE_INFO("ACTIVE", "30000",
		"{\"tariffId\":\"t2\",\"name\":\"U\",\"monthlyFee\":50000,"
		"\"effectiveFrom\":\"2027-01-01\"}"), &err));
	assert_true(ap_fee_book_account(&b, "acc1", &p, &n));
	assert_int_equal(n, 2);
	assert_true(ap_fee_on(p, n, ap_date_days("2027-01-01"), &fee));
	assert_int_equal(fee, 115000);
	assert_false(ap_fee_book_account(&b, "", &p, &n));
	assert_false(ap_fee_book_take(&b, "s3", "{\"status\":1}", &err));
	assert_true(ap_fee_book_take(&b, "s3", SERVICE_INFO("NOT_CONNECTED", "100", "null"), &err));
	assert_true(ap_fee_book_account(&b, NULL, &p, &n));
	assert_int_equal(n, 3);
	assert_true(ap_fee_on(p, n, ap_date_days("2026-12-01"), &fee));
	assert_int_equal(fee, 95000);
	/* An account the book holds no service of has no plans (not a fee of 0): a rule
	 * being created on it keeps to today's fee. */
	assert_false(ap_fee_book_account(&b, "acc3", &p, &n));
	ap_fee_book_free(&b);
	assert_true(ap_fee_book_make(&b, &list, wants_acc2, NULL));
	assert_int_equal(b.n, 1);
	assert_false(ap_fee_book_account(&b, "acc1", &p, &n));
	ap_fee_book_free(&b);
}

static void disabled_and_unknown(void **st)
{
	struct ap_rule r = rule(AP_THRESHOLD, 10000, 50000, 0);
	struct ap_account_state s = state("2026-11-22", 0, 0, false);
	struct ap_next n;

	(void)st;
	r.enabled = false;
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_DISABLED);
	r.enabled = true;
	s.today[0] = '\0';
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_UNKNOWN);
	strcpy(s.today, "2026-02-30");
	ap_next(&r, &s, &n);
	assert_int_equal(n.kind, AP_NEXT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_rules),
		cmocka_unit_test(parse_refused),
		cmocka_unit_test(bodies),
		cmocka_unit_test(dates),
		cmocka_unit_test(monthly_demo),
		cmocka_unit_test(monthly_month_ends),
		cmocka_unit_test(monthly_above),
		cmocka_unit_test(threshold),
		cmocka_unit_test(promised_goes_back),
		cmocka_unit_test(debt),
		cmocka_unit_test(credit_threshold),
		cmocka_unit_test(disabled_and_unknown),
		cmocka_unit_test(pending_tariff),
		cmocka_unit_test(block_ends_mid_month),
		cmocka_unit_test(plans_beyond),
		cmocka_unit_test(fee_book),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
