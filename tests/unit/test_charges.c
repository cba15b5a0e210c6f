/* Unit tests of model_charges.c: docs/api.md's getCharges answer read whole (months,
 * accounts, services, kinds, names; an account-level charge with no service), the
 * kinds in words, the body; and hostile answers refused whole: a total that is not
 * the sum of its parts, parts whose sum is beyond ±2^53, a month out of shape or
 * repeated, an account repeated in a month, ids and numbers out of shape, a service
 * named without an id or an id without a name, figures with a fraction or beyond
 * ±2^53, names that are not strings or too many, more than 24 months. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/charges.h"

#define KIND(kind, amount, names) \
	"{\"kind\":\"" kind "\",\"amount\":" amount ",\"names\":" names "}"
#define SVC1 "{\"serviceId\":\"svc1\",\"service\":\"Интернет perm_ivanov\",\"kinds\":[" \
	KIND("TARIFF", "65000", "[\"Домашний 300\"]") "," \
	KIND("OPTION", "15000", "[\"Статический IP\",\"Антивирус\"]") "]}"
#define OWN "{\"serviceId\":null,\"service\":null,\"kinds\":[" KIND("ONE_OFF", "5000", "[]") "]}"
#define ACCOUNT(id, number, total, services) "{\"accountId\":\"" id "\",\"accountNumber\":\"" \
	number "\",\"total\":" total ",\"services\":[" services "]}"
#define MONTH(month, accounts) "{\"month\":\"" month "\",\"accounts\":[" accounts "]}"
#define ANSWER(months) "{\"months\":[" months "]}"
/* One month of one account with one service. */
#define SERVICE(id, name, kinds) "{\"serviceId\":" id ",\"service\":" name ",\"kinds\":[" kinds "]}"
#define ONE(total, service) \
	ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", total, service)))
#define GOOD ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "85000", SVC1 "," OWN)) "," \
		    MONTH("2026-10", ""))

static enum model_status parse(const char *json, struct charges *c, struct model_err *err)
{
	enum model_status st = model_parse_charges(json, c, err);

	if (st != MODEL_OK) {
		assert_int_equal(c->nmonths, 0);
		assert_null(c->months);
		assert_true(err->msg[0] != '\0');
	}
	return st;
}

static void the_documented_answer(void **state)
{
	struct charges c;
	struct model_err err;
	const struct charge_account *a;

	(void)state;
	assert_int_equal(parse(GOOD, &c, &err), MODEL_OK);
	assert_int_equal(c.nmonths, 2);
	assert_string_equal(c.months[0].month, "2026-11");
	assert_int_equal(c.months[0].naccounts, 1);
	a = &c.months[0].accounts[0];
	assert_string_equal(a->account_id, "acc1");
	assert_string_equal(a->number, "590000000001");
	assert_int_equal(a->total, 85000);
	assert_int_equal(a->nservices, 2);
	assert_string_equal(a->services[0].service_id, "svc1");
	assert_string_equal(a->services[0].service, "Интернет perm_ivanov");
	assert_int_equal(a->services[0].nkinds, 2);
	assert_int_equal(a->services[0].kinds[0].kind, CHARGE_TARIFF);
	assert_int_equal(a->services[0].kinds[0].amount, 65000);
	assert_string_equal(a->services[0].kinds[0].names, "Домашний 300");
	assert_int_equal(a->services[0].kinds[1].kind, CHARGE_OPTION);
	assert_string_equal(a->services[0].kinds[1].code, "OPTION");
	assert_string_equal(a->services[0].kinds[1].names, "Статический IP, Антивирус");
	/* The account's own charge: no service, no name. */
	assert_string_equal(a->services[1].service_id, "");
	assert_null(a->services[1].service);
	assert_int_equal(a->services[1].kinds[0].kind, CHARGE_ONE_OFF);
	assert_string_equal(a->services[1].kinds[0].names, "");
	/* A month with nothing charged. */
	assert_string_equal(c.months[1].month, "2026-10");
	assert_int_equal(c.months[1].naccounts, 0);
	model_free_charges(&c);

	assert_int_equal(parse(ANSWER(""), &c, &err), MODEL_OK);
	assert_int_equal(c.nmonths, 0);
	model_free_charges(&c);
}

/* A kind this client does not know is kept by its code; the words of the others. */
static void kinds_in_words(void **state)
{
	struct charges c;
	struct model_err err;

	(void)state;
	assert_string_equal(charges_kind_name(CHARGE_TARIFF), "tariff");
	assert_string_equal(charges_kind_name(CHARGE_PROMISED_FEE), "promised payment fee");
	assert_null(charges_kind_name(CHARGE_UNKNOWN));
	assert_int_equal(parse(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "100",
		"{\"serviceId\":\"svc1\",\"service\":\"S\",\"kinds\":["
		KIND("DISCOUNT_2027", "100", "[]") "]}"))), &c, &err), MODEL_OK);
	assert_int_equal(c.months[0].accounts[0].services[0].kinds[0].kind, CHARGE_UNKNOWN);
	assert_string_equal(c.months[0].accounts[0].services[0].kinds[0].code, "DISCOUNT_2027");
	model_free_charges(&c);
}

static void refused(const char *json, const char *words)
{
	struct charges c;
	struct model_err err = { "" };

	if (parse(json, &c, &err) != MODEL_BAD) {
		model_free_charges(&c);
		fail_msg("taken: %s", json);
	}
	if (!strstr(err.msg, words))
		fail_msg("refused as [%s], not for [%s]", err.msg, words);
}

static void totals_are_held_to_their_parts(void **state)
{
	(void)state;
	/* One kopeck off. */
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "85001", SVC1 "," OWN))),
		"total 85001 is not the sum of its parts, 85000");
	/* Parts within ±2^53 whose sum is not. */
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "0",
		"{\"serviceId\":\"svc1\",\"service\":\"S\",\"kinds\":["
		KIND("TARIFF", "9007199254740000", "[]") ","
		KIND("OPTION", "9007199254740000", "[]") "]}"))),
		"beyond what can be added");
	/* The account's total is named in the message's path. */
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "1", OWN))),
		"months[0]: accounts[0]: total 1");
}

static void hostile_answers_refused(void **state)
{
	static const char *const months[] = { "2026-13", "2026-00", "2026-1", "26-11", "0000-01",
					      "2026-11-01", "2026/11", "" };
	char json[512];

	(void)state;
	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		snprintf(json, sizeof(json), ANSWER(MONTH("%s", "")), months[i]);
		refused(json, "month");
	}
	refused(ANSWER(MONTH("2026-11", "") "," MONTH("2026-11", "")), "repeats a month");
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "5000", OWN) ","
			     ACCOUNT("acc1", "590000000001", "5000", OWN))), "repeats an account");
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc 1", "590000000001", "5000", OWN))),
		"accountId");
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "59000000000", "5000", OWN))),
		"accountNumber");
	refused(ANSWER(MONTH("2026-11", ACCOUNT("acc1", "5900000000O1", "5000", OWN))),
		"accountNumber");
	refused(ONE("5000", SERVICE("null", "\"Интернет\"", KIND("ONE_OFF", "5000", "[]"))),
		"without a serviceId");
	refused(ONE("5000", SERVICE("\"svc1\"", "null", KIND("ONE_OFF", "5000", "[]"))),
		"service is missing");
	refused(ONE("5000", SERVICE("\"svc\\u001b1\"", "\"S\"", KIND("ONE_OFF", "5000", "[]"))),
		"serviceId");
	refused(ONE("50.5", SERVICE("null", "null", KIND("ONE_OFF", "50.5", "[]"))), "total");
	refused(ONE("0", SERVICE("null", "null", KIND("ONE_OFF", "9007199254740993", "[]"))),
		"amount");
	refused(ONE("5000", SERVICE("null", "null", KIND("ONE_OFF", "5000", "[1]"))), "name");
	refused(ONE("5000", SERVICE("null", "null", KIND("ONE OFF", "5000", "[]"))), "kind");
	refused(ONE("5000", "{\"serviceId\":null,\"service\":null}"), "kinds");
	refused("{\"months\":{}}", "months");
	refused("{\"months\":[1]}", "months[0]");
	refused("[]", "");
}

/* More than the API's 24 months, more than 32 names: refused, never cut. */
static void too_much_is_refused_not_cut(void **state)
{
	char *json = malloc(8192), names[512];
	size_t at;

	(void)state;
	at = (size_t)sprintf(json, "{\"months\":[");
	for (int i = 0; i < 25; i++)
		at += (size_t)sprintf(json + at, "%s" MONTH("2020-%02d", ""), i ? "," : "",
				      i % 12 + 1);
	strcpy(json + at, "]}");
	refused(json, "more than 24");
	strcpy(names, "[");
	for (int i = 0; i < 33; i++)
		sprintf(names + strlen(names), "%s\"o%d\"", i ? "," : "", i);
	strcat(names, "]");
	snprintf(json, 8192, ANSWER(MONTH("2026-11", ACCOUNT("acc1", "590000000001", "1",
		"{\"serviceId\":\"svc1\",\"service\":\"S\",\"kinds\":["
		KIND("OPTION", "1", "%s") "]}"))), names);
	refused(json, "more than 32");
	free(json);
}

static void body(void **state)
{
	char *b;

	(void)state;
	b = model_body_charges(12, NULL);
	assert_string_equal(b, "{\"months\":12}");
	free(b);
	b = model_body_charges(3, "acc1");
	assert_string_equal(b, "{\"months\":3,\"accountId\":\"acc1\"}");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_documented_answer),
		cmocka_unit_test(kinds_in_words),
		cmocka_unit_test(totals_are_held_to_their_parts),
		cmocka_unit_test(hostile_answers_refused),
		cmocka_unit_test(too_much_is_refused_not_cut),
		cmocka_unit_test(body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
