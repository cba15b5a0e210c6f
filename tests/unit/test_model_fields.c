/* Unit tests of the readers' required and optional fields and of free text: a
 * figure the API always sends is a bad reply when missing or null,
 * an optional one keeps "not sent" apart from 0 (null in --json), and free text is
 * kept whole up to the bound of docs/api.md, beyond which the reply is bad. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/model/history.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/support.h"

/* The reply is bad and its message names `what`. */
static void is_bad(enum model_status st, const struct model_err *err, const char *what)
{
	assert_int_equal(st, MODEL_BAD);
	if (!strstr(err->msg, what))
		fail_msg("\"%s\" does not name %s", err->msg, what);
}

static void required_figures_missing_or_null_are_bad(void **state)
{
	static const char *const balances[] = {
		"{\"balance\":100,\"daysToLock\":null,\"promisedPayment\":null}",
		"{\"balance\":100,\"recommendedPayment\":null,\"daysToLock\":null}",
	};
	struct model_err err;
	struct balance b;
	struct bonus bonus;
	struct service_info si;
	struct usage u;
	struct autopay_list ap;

	(void)state;
	for (size_t i = 0; i < 2; i++)
		is_bad(model_parse_balance(balances[i], &b, &err), &err, "recommendedPayment");
	is_bad(model_parse_balance("{\"recommendedPayment\":0}", &b, &err), &err, "balance");
	is_bad(model_parse_balance("{\"balance\":null,\"recommendedPayment\":0}", &b, &err), &err,
	       "balance");
	is_bad(model_parse_balance("{\"balance\":1,\"recommendedPayment\":0,\"promisedPayment\":"
				   "{\"expiresAt\":\"2026-11-27T00:00:00Z\"}}", &b, &err), &err, "amount");
	is_bad(model_parse_balance("{\"balance\":1,\"recommendedPayment\":0,\"promisedPayment\":"
				   "{\"amount\":1,\"expiresAt\":\"2026-11-27T00:00:00.000000000000Z\"}}",
				   &b, &err), &err, "expiresAt is not an RFC 3339 instant");
	is_bad(model_parse_balance("{\"balance\":1,\"recommendedPayment\":0,\"promisedPayment\":"
				   "{\"amount\":1,\"expiresAt\":\"2026-11-27T00:00:00Z\\u001b[31m\"}}",
				   &b, &err), &err, "expiresAt is not an RFC 3339 instant");
	is_bad(model_parse_balance("{\"balance\":1,\"recommendedPayment\":0,\"promisedPayment\":"
				   "{\"amount\":1}}", &b, &err), &err, "expiresAt");
	is_bad(model_parse_bonus("{\"status\":\"ACTIVE\"}", &bonus, &err), &err, "balance");
	is_bad(model_parse_service_info("{\"status\":\"ACTIVE\",\"type\":1,\"tariff\":"
					"{\"tariffId\":\"t\",\"name\":\"T\"},\"options\":[]}", &si, &err),
	       &err, "monthlyFee");
	is_bad(model_parse_service_info("{\"status\":\"ACTIVE\",\"type\":1,\"tariff\":null,"
					"\"options\":[{\"optionId\":\"o\",\"name\":\"O\","
					"\"monthlyFee\":null,\"enabled\":true}]}", &si, &err),
	       &err, "monthlyFee");
	is_bad(model_parse_usage("{\"unit\":\"MB\",\"items\":[]}", &u, &err), &err, "total");
	assert_null(u.items);
	is_bad(model_parse_declined_autopay("{\"rules\":[{\"accountId\":\"a\",\"enabled\":true,"
					    "\"lastRun\":{\"date\":\"2026-11-01\",\"status\":"
					    "\"DECLINED\"}}]}", &ap, &err), &err, "amount");
	assert_null(ap.items);
}

/* daysToLock and promisedPayment may be null: "not sent" is apart from a real 0, and
 * --json says null for the one and 0 for the other. */
static void optional_figures_are_apart_from_zero(void **state)
{
	struct account acc = { .id = "acc1", .number = "590000000001" };
	struct account_list list = { .items = &acc, .n = 1 };
	struct model_err err;
	char *text;

	(void)state;
	assert_int_equal(model_parse_balance("{\"balance\":0,\"recommendedPayment\":0}", &acc.bal,
					     &err), MODEL_OK);
	assert_true(acc.bal.known);
	assert_false(acc.bal.has_days_to_lock);
	assert_false(acc.bal.has_promised);
	text = model_balance_json(&list, NULL, false);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"balance\":0,\"recommendedPayment\":0,\"daysToLock\":null,"
				     "\"promisedPayment\":null"));
	free(text);

	assert_int_equal(model_parse_balance("{\"balance\":0,\"recommendedPayment\":0,"
					     "\"daysToLock\":0,\"promisedPayment\":null}", &acc.bal,
					     &err), MODEL_OK);
	assert_true(acc.bal.has_days_to_lock);
	assert_int_equal(acc.bal.days_to_lock, 0);
	text = model_balance_json(&list, NULL, false);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"daysToLock\":0,"));
	free(text);
}

/* n bytes of Cyrillic ("Ё" is two) and, when odd, a Latin letter. */
static char *cyrillic(size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	for (size_t i = 0; i + 1 < n; i += 2)
		memcpy(s + i, "Ё", 2);
	if (n % 2)
		s[n - 1] = 'x';
	s[n] = '\0';
	return s;
}

static enum model_status accounts_with(const char *region, const char *address,
				       struct account_list *list, struct model_err *err)
{
	size_t size = strlen(region) + strlen(address) + 256;
	char *json = malloc(size);
	enum model_status st;

	assert_non_null(json);
	snprintf(json, size, "{\"accounts\":[{\"accountId\":\"acc1\",\"number\":\"590000000001\","
		 "\"region\":\"%s\",\"address\":\"%s\",\"services\":[{\"serviceId\":\"s1\","
		 "\"type\":1,\"status\":\"ACTIVE\"}]}]}", region, address);
	st = model_parse_accounts(json, list, err);
	free(json);
	return st;
}

/* A region and an address at their bounds come whole, in the model and in
 * accounts --json; a byte more is a bad reply, not a cut text. */
static void region_and_address_are_whole_up_to_the_bound(void **state)
{
	char *region = cyrillic(MODEL_REGION_MAX), *address = cyrillic(MODEL_ADDRESS_MAX);
	char *longer = cyrillic(MODEL_REGION_MAX + 1), *text;
	struct account_list list;
	struct model_err err;

	(void)state;
	assert_int_equal(accounts_with(region, address, &list, &err), MODEL_OK);
	assert_string_equal(list.items[0].region, region);
	assert_string_equal(list.items[0].address, address);
	text = model_accounts_json(&list);
	assert_non_null(text);
	assert_non_null(strstr(text, region));
	assert_non_null(strstr(text, address));
	assert_null(strstr(text, "…"));
	free(text);
	model_free_accounts(&list);

	is_bad(accounts_with(longer, "", &list, &err), &err, "region is longer than 400 bytes");
	assert_int_equal(list.n, 0);
	free(longer);
	longer = cyrillic(MODEL_ADDRESS_MAX + 1);
	is_bad(accounts_with("", longer, &list, &err), &err, "address is longer than 1000 bytes");
	free(longer);
	free(region);
	free(address);
}

/* A tariff's name of 127 bytes is kept whole; one of 128 is a bad reply. */
static void tariff_names_are_whole_or_bad(void **state)
{
	char *name = cyrillic(sizeof(((struct service *)0)->tariff) - 1);
	char *longer = cyrillic(sizeof(((struct service *)0)->tariff));
	char json[512];
	struct account_list list;
	struct model_err err;

	(void)state;
	assert_int_equal(accounts_with("", "", &list, &err), MODEL_OK);
	snprintf(json, sizeof(json), "{\"tariffNames\":{\"s1\":\"%s\"}}", name);
	assert_int_equal(model_apply_tariff_names(json, &list, &err), MODEL_OK);
	assert_string_equal(list.items[0].services[0].tariff, name);
	snprintf(json, sizeof(json), "{\"tariffNames\":{\"s1\":\"%s\"}}", longer);
	is_bad(model_apply_tariff_names(json, &list, &err), &err, "tariff name");
	model_free_accounts(&list);
	free(name);
	free(longer);
}

/* A history row's description: whole up to 500 bytes, a bad reply beyond; absent is
 * empty (free text, not a figure). */
static void descriptions_are_whole_or_bad(void **state)
{
	char *text = cyrillic(HIST_DESCRIPTION_MAX), *longer = cyrillic(HIST_DESCRIPTION_MAX + 1);
	char json[2048];
	const char *row = "{\"items\":[{\"id\":\"h1\",\"accountId\":\"acc1\",\"date\":\"2026-11-10\","
			  "\"type\":\"PAYMENT\",\"amount\":100%s%s%s}],\"total\":1}";
	struct hist_page p;
	struct model_err err;

	(void)state;
	snprintf(json, sizeof(json), row, ",\"description\":\"", text, "\"");
	assert_int_equal(model_parse_history(json, &p, &err), MODEL_OK);
	assert_string_equal(p.items[0].description, text);
	model_free_history(&p);
	snprintf(json, sizeof(json), row, "", "", "");
	assert_int_equal(model_parse_history(json, &p, &err), MODEL_OK);
	assert_string_equal(p.items[0].description, "");
	model_free_history(&p);
	snprintf(json, sizeof(json), row, ",\"description\":\"", longer, "\"");
	is_bad(model_parse_history(json, &p, &err), &err, "description is longer than 500 bytes");
	assert_null(p.items);
	/* The type goes out as the API's word: one too long is bad, never cut. */
	is_bad(model_parse_history("{\"items\":[{\"id\":\"h1\",\"accountId\":\"acc1\",\"date\":"
				   "\"2026-11-10\",\"type\":\"A_TYPE_OF_TWENTY_FOUR_BY\","
				   "\"amount\":1}]}", &p, &err), &err, "type is longer than 23 bytes");
	free(text);
	free(longer);
}

/* An array of objects: missing and not an array say which, in the same words for
 * every reader; an optional one may be absent or null. */
static void arrays_missing_or_not_arrays_are_bad(void **state)
{
	struct model_err err;
	struct account_list al;
	struct tariff_list tl;
	struct card_list cl;
	struct request_page rp;
	struct hist_page hp;
	const cJSON *out = (const cJSON *)&err;
	cJSON *o = cJSON_Parse("{\"a\":[],\"s\":\"x\",\"n\":null}");

	(void)state;
	assert_true(mj_array(o, "a", true, &out, &err) && cJSON_IsArray(out));
	assert_false(mj_array(o, "s", true, &out, &err));
	assert_string_equal(err.msg, "reply: s is not an array");
	assert_false(mj_array(o, "s", false, &out, &err));
	assert_string_equal(err.msg, "reply: s is not an array");
	assert_false(mj_array(o, "b", true, &out, &err));
	assert_string_equal(err.msg, "reply: b is missing");
	assert_false(mj_array(o, "n", true, &out, &err));
	assert_string_equal(err.msg, "reply: n is not an array");
	assert_true(mj_array(o, "b", false, &out, &err) && !out);
	assert_true(mj_array(o, "n", false, &out, &err) && !out);
	cJSON_Delete(o);

	is_bad(model_parse_accounts("{}", &al, &err), &err, "accounts is missing");
	is_bad(model_parse_accounts("{\"accounts\":{}}", &al, &err), &err, "accounts is not an array");
	is_bad(model_parse_tariffs("{}", &tl, &err), &err, "tariffs is missing");
	is_bad(model_parse_cards("{\"cards\":1}", &cl, &err), &err, "cards is not an array");
	is_bad(model_parse_requests("{}", &rp, &err), &err, "requests is missing");
	is_bad(model_parse_history("{\"items\":\"\"}", &hp, &err), &err, "items is not an array");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(required_figures_missing_or_null_are_bad),
		cmocka_unit_test(optional_figures_are_apart_from_zero),
		cmocka_unit_test(region_and_address_are_whole_up_to_the_bound),
		cmocka_unit_test(tariff_names_are_whole_or_bad),
		cmocka_unit_test(descriptions_are_whole_or_bad),
		cmocka_unit_test(arrays_missing_or_not_arrays_are_bad),
	};
	return cmocka_run_group_tests_name("model_fields", tests, NULL, NULL);
}
