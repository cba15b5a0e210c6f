/* Unit tests of model_staff_find.c: docs/api.md's staffFindSubscribers answer (the
 * handle, the name, the masked contacts, null contacts empty, the accounts), the
 * accounts joined and cut, the body, and hostile replies refused whole (more than 20
 * subscribers, a handle out of shape, an account that is no 12-digit number, a
 * subscriber that is no object, the list missing). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/staff_find.h"

#define SUB(handle, accounts) "{\"subscriber\":\"" handle "\",\"name\":\"Иванов Пётр Сергеевич\"," \
	"\"phone\":\"+7 (922) ***-**-22\",\"email\":\"d***@kabinet.example\",\"accounts\":" accounts "}"
#define ACCOUNTS "[\"590000000001\",\"590000000002\",\"740000000003\"]"

static void the_documented_answer(void **state)
{
	struct staff_find_result r;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_staff_find("{\"subscribers\":[" SUB("sub_5f0e2c7a9b1d3e48", ACCOUNTS)
						 ",{\"subscriber\":\"sub_2\",\"name\":\"Анна\","
						 "\"phone\":null,\"email\":null,\"accounts\":[]}]}",
						 &r, &err), MODEL_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.items[0].handle, "sub_5f0e2c7a9b1d3e48");
	assert_string_equal(r.items[0].name, "Иванов Пётр Сергеевич");
	assert_string_equal(r.items[0].phone, "+7 (922) ***-**-22");
	assert_string_equal(r.items[0].email, "d***@kabinet.example");
	assert_int_equal(r.items[0].naccounts, 3);
	assert_string_equal(r.items[0].accounts[2], "740000000003");
	assert_string_equal(r.items[1].phone, "");
	assert_string_equal(r.items[1].email, "");
	assert_int_equal(r.items[1].naccounts, 0);
	assert_non_null(r.items[1].accounts);
	model_free_staff_find(&r);

	assert_int_equal(model_parse_staff_find("{\"subscribers\":[]}", &r, &err), MODEL_OK);
	assert_int_equal(r.n, 0);
	model_free_staff_find(&r);
}

static void accounts_joined_and_cut(void **state)
{
	struct staff_find_result r;
	struct model_err err;
	char buf[64];

	(void)state;
	assert_int_equal(model_parse_staff_find("{\"subscribers\":[" SUB("s1", ACCOUNTS) "]}", &r, &err),
			 MODEL_OK);
	staff_find_accounts_text(&r.items[0], buf, sizeof(buf));
	assert_string_equal(buf, "590000000001, 590000000002, 740000000003");
	staff_find_accounts_text(&r.items[0], buf, 32);
	assert_string_equal(buf, "590000000001, 590000000002, …");
	staff_find_accounts_text(&r.items[0], buf, 8);
	assert_string_equal(buf, "…");
	model_free_staff_find(&r);
}

static void bad(const char *json, const char *says)
{
	struct staff_find_result r;
	struct model_err err;

	assert_int_equal(model_parse_staff_find(json, &r, &err), MODEL_BAD);
	assert_int_equal(r.n, 0);
	assert_null(r.items);
	if (!strstr(err.msg, says))
		fail_msg("\"%s\" does not say \"%s\"", err.msg, says);
}

static void hostile_replies_refused(void **state)
{
	char json[8192];
	size_t used;

	(void)state;
	bad("{}", "subscribers");
	bad("{\"subscribers\":{}}", "subscribers");
	bad("{\"subscribers\":[1]}", "not an object");
	bad("{\"subscribers\":[" SUB("sub 1", ACCOUNTS) "]}", "subscriber");
	bad("{\"subscribers\":[" SUB("s1", "[\"59000000001\"]") "]}", "accounts[0]");
	bad("{\"subscribers\":[" SUB("s1", "[\"5900000000012\"]") "]}", "accounts[0]");
	bad("{\"subscribers\":[" SUB("s1", "[\"590000000001\",59000000002]") "]}", "accounts[1]");
	bad("{\"subscribers\":[" SUB("s1", "[\"５９0000000001\"]") "]}", "accounts[0]");
	bad("{\"subscribers\":[" SUB("s1", "null") "]}", "accounts");
	/* 21 subscribers: more than the API gives. */
	used = (size_t)snprintf(json, sizeof(json), "{\"subscribers\":[");
	for (int i = 0; i < 21; i++)
		used += (size_t)snprintf(json + used, sizeof(json) - used, "%s" SUB("s1", "[]"),
					 i ? "," : "");
	snprintf(json + used, sizeof(json) - used, "]}");
	bad(json, "more than 20");
}

static void body(void **state)
{
	char *b;

	(void)state;
	b = model_staff_find_body("ИВАНОВ П");
	assert_string_equal(b, "{\"query\":\"ИВАНОВ П\"}");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_documented_answer),
		cmocka_unit_test(accounts_joined_and_cut),
		cmocka_unit_test(hostile_replies_refused),
		cmocka_unit_test(body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
