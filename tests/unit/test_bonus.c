/* Unit tests of model_bonus.c: the status object of a member and of a profile that is
 * not one (docs/api.md's examples), every lot that burns, the answer and the body of
 * spendBonuses (the points as typed are number.h's) — and replies that must be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/bonus.h"

static void member(void **state)
{
	struct bonus_status s;
	struct bonus b;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_bonus_status(
				 "{\"status\":\"ACTIVE\",\"balance\":1250,"
				 "\"levelInfo\":{\"level\":\"STANDARD\",\"name\":\"Стандарт\","
				 "\"expireDate\":\"2027-12-31\"},"
				 "\"balanceBurningPoints\":[{\"points\":300,\"burningDate\":\"2026-12-31\"},"
				 "{\"points\":50,\"burningDate\":\"2027-03-31\"}]}",
				 &s, &err),
			 MODEL_OK);
	assert_true(s.active);
	assert_int_equal(s.points, 1250);
	assert_string_equal(s.level, "STANDARD");
	assert_string_equal(s.level_name, "Стандарт");
	assert_string_equal(s.level_expires, "2027-12-31");
	assert_int_equal(s.nlots, 2);
	assert_int_equal(s.lots[0].points, 300);
	assert_string_equal(s.lots[0].date, "2026-12-31");
	assert_int_equal(s.lots[1].points, 50);
	assert_string_equal(s.lots[1].date, "2027-03-31");

	/* What the overview shows: the soonest lot. */
	bonus_summary(&s, &b);
	assert_true(b.active);
	assert_int_equal(b.points, 1250);
	assert_string_equal(b.level_name, "Стандарт");
	assert_string_equal(b.level_expires, "2027-12-31");
	assert_int_equal(b.burning_points, 300);
	assert_string_equal(b.burning_date, "2026-12-31");
	model_free_bonus_status(&s);
	assert_null(s.lots);

	/* A member with nothing that burns. */
	assert_int_equal(model_parse_bonus_status(
				 "{\"status\":\"ACTIVE\",\"balance\":0,\"levelInfo\":{\"level\":\"BASIC\","
				 "\"name\":\"Basic\",\"expireDate\":\"2027-11-22\"},"
				 "\"balanceBurningPoints\":[]}",
				 &s, &err),
			 MODEL_OK);
	assert_int_equal(s.nlots, 0);
	bonus_summary(&s, &b);
	assert_int_equal(b.burning_points, 0);
	model_free_bonus_status(&s);
}

static void not_a_member(void **state)
{
	struct bonus_status s;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_bonus_status("{\"status\":\"MISSING\",\"balance\":0,"
						  "\"levelInfo\":null,\"balanceBurningPoints\":[]}",
						  &s, &err),
			 MODEL_OK);
	assert_false(s.active);
	assert_int_equal(s.points, 0);
	assert_string_equal(s.level, "");
	assert_int_equal(s.nlots, 0);
	model_free_bonus_status(&s);
}

/* One bad reply: refused, err names what, nothing left to free. */
static void bad(const char *json, const char *says)
{
	struct bonus_status s;
	struct model_err err = { "" };

	assert_int_equal(model_parse_bonus_status(json, &s, &err), MODEL_BAD);
	assert_null(s.lots);
	assert_int_equal(s.nlots, 0);
	if (!strstr(err.msg, says))
		fail_msg("\"%s\" does not say \"%s\"", err.msg, says);
}

#define LEVEL "\"levelInfo\":{\"level\":\"STANDARD\",\"name\":\"Стандарт\",\"expireDate\":\"2027-12-31\"}"

static void bad_status(void **state)
{
	(void)state;
	bad("[]", "");
	bad("not json", "");
	bad("{\"balance\":0,\"levelInfo\":null,\"balanceBurningPoints\":[]}", "status");
	bad("{\"status\":\"GOLD\",\"balance\":0,\"levelInfo\":null,\"balanceBurningPoints\":[]}",
	    "status");
	bad("{\"status\":\"ACTIVE\"," LEVEL ",\"balanceBurningPoints\":[]}", "balance");
	bad("{\"status\":\"ACTIVE\",\"balance\":12.5," LEVEL ",\"balanceBurningPoints\":[]}",
	    "balance");
	bad("{\"status\":\"ACTIVE\",\"balance\":\"1250\"," LEVEL ",\"balanceBurningPoints\":[]}",
	    "balance");
	bad("{\"status\":\"ACTIVE\",\"balance\":9007199254740993," LEVEL
	    ",\"balanceBurningPoints\":[]}",
	    "balance");
	bad("{\"status\":\"ACTIVE\",\"balance\":-1," LEVEL ",\"balanceBurningPoints\":[]}",
	    "below zero");
	/* A member without a level, or with a level without its date. */
	bad("{\"status\":\"ACTIVE\",\"balance\":1,\"levelInfo\":null,\"balanceBurningPoints\":[]}",
	    "levelInfo");
	bad("{\"status\":\"ACTIVE\",\"balance\":1,\"levelInfo\":{\"level\":\"BASIC\",\"name\":\"B\"},"
	    "\"balanceBurningPoints\":[]}",
	    "expireDate");
	bad("{\"status\":\"ACTIVE\",\"balance\":1,\"levelInfo\":{\"level\":\"BASIC\",\"name\":\"B\","
	    "\"expireDate\":\"31.12.2027\"},\"balanceBurningPoints\":[]}",
	    "expireDate");
	/* Lots: missing, not a list, no points, a fraction, no date, out of order. */
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL "}", "balanceBurningPoints");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL ",\"balanceBurningPoints\":{}}",
	    "balanceBurningPoints");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL
	    ",\"balanceBurningPoints\":[{\"points\":0,\"burningDate\":\"2026-12-31\"}]}",
	    "no points");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL
	    ",\"balanceBurningPoints\":[{\"points\":30.5,\"burningDate\":\"2026-12-31\"}]}",
	    "points");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL
	    ",\"balanceBurningPoints\":[{\"points\":300}]}",
	    "burningDate");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL
	    ",\"balanceBurningPoints\":[{\"points\":300,\"burningDate\":\"2026-13-01\"}]}",
	    "burningDate");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL
	    ",\"balanceBurningPoints\":[{\"points\":300,\"burningDate\":\"2027-01-31\"},"
	    "{\"points\":300,\"burningDate\":\"2026-12-31\"}]}",
	    "soonest first");
	bad("{\"status\":\"ACTIVE\",\"balance\":1250," LEVEL ",\"balanceBurningPoints\":[300]}",
	    "not an object");
	/* Not a member, yet with points, a level or lots. */
	bad("{\"status\":\"MISSING\",\"balance\":5,\"levelInfo\":null,\"balanceBurningPoints\":[]}",
	    "not a member");
	bad("{\"status\":\"MISSING\",\"balance\":0," LEVEL ",\"balanceBurningPoints\":[]}",
	    "not a member");
	bad("{\"status\":\"MISSING\",\"balance\":0,\"levelInfo\":null,"
	    "\"balanceBurningPoints\":[{\"points\":300,\"burningDate\":\"2026-12-31\"}]}",
	    "not a member");
}

static void spent(void **state)
{
	struct bonus_spent s;
	struct model_err err;
	char *body;

	(void)state;
	assert_int_equal(model_parse_bonus_spent("{\"balance\":1150,\"accountBalance\":93050}", &s,
						 &err),
			 MODEL_OK);
	assert_int_equal(s.points, 1150);
	assert_int_equal(s.account_balance, 93050);
	/* A negative account stays negative after a small payment. */
	assert_int_equal(model_parse_bonus_spent("{\"balance\":0,\"accountBalance\":-27480}", &s,
						 &err),
			 MODEL_OK);
	assert_int_equal(s.account_balance, -27480);

	assert_int_equal(model_parse_bonus_spent("{\"balance\":1150}", &s, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "accountBalance"));
	assert_int_equal(model_parse_bonus_spent("{\"balance\":1150,\"accountBalance\":930.5}", &s,
						 &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_bonus_spent("{\"accountBalance\":93050}", &s, &err), MODEL_BAD);
	assert_int_equal(model_parse_bonus_spent("{\"balance\":-1,\"accountBalance\":93050}", &s,
						 &err),
			 MODEL_BAD);
	assert_int_equal(model_parse_bonus_spent("\"ok\"", &s, &err), MODEL_BAD);

	body = model_body_spend_bonuses("acc1", 300, "0123456789abcdef0123456789abcdef");
	assert_non_null(body);
	assert_string_equal(body, "{\"accountId\":\"acc1\",\"points\":300,"
				  "\"idempotencyKey\":\"0123456789abcdef0123456789abcdef\"}");
	free(body);
	body = model_body_spend_bonuses("acc\"2", 1000000, "k");
	assert_non_null(strstr(body, "\"accountId\":\"acc\\\"2\""));
	assert_non_null(strstr(body, "\"points\":1000000,"));
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(member),
		cmocka_unit_test(not_a_member),
		cmocka_unit_test(bad_status),
		cmocka_unit_test(spent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
