/* Unit tests of model_staff_office.c: docs/api.md's staffGetCompanies page and the
 * answers of the office's three writes read; hostile replies refused whole (an INN
 * that is not 10 digits, an account that is no number, a password state unknown, a
 * one-time password with a control character or cut); the INN and the account
 * numbers checked as typed; the bodies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/staff_office.h"

#define COMPANY(inn, accounts, password) "{\"company\":\"" inn "\",\"name\":\"ООО Ромашка\"," \
	"\"login\":\"org" inn "\",\"email\":\"r***@example.org\",\"phone\":null," \
	"\"accounts\":" accounts ",\"password\":\"" password "\"}"

static void the_documented_page(void **state)
{
	struct company_page p;
	struct model_err err;
	char text[64];

	(void)state;
	assert_int_equal(model_parse_companies("{\"companies\":[" COMPANY("7707083893",
		"[\"590000000010\",\"590000000012\"]", "ISSUED") "," COMPANY("5902292008", "[]",
		"SET") "],\"nextCursor\":\"c2\"}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0].inn, "7707083893");
	assert_string_equal(p.items[0].name, "ООО Ромашка");
	assert_string_equal(p.items[0].login, "org7707083893");
	assert_string_equal(p.items[0].email, "r***@example.org");
	assert_string_equal(p.items[0].phone, "");
	assert_int_equal(p.items[0].password, COMPANY_PASSWORD_ISSUED);
	company_accounts_text(&p.items[0], text, sizeof(text));
	assert_string_equal(text, "590000000010, 590000000012");
	company_accounts_text(&p.items[0], text, 20);
	assert_string_equal(text, "590000000010");
	assert_int_equal(p.items[1].password, COMPANY_PASSWORD_SET);
	assert_int_equal(p.items[1].naccounts, 0);
	assert_string_equal(p.next_cursor, "c2");
	model_free_companies(&p);
}

static void hostile_pages_refused(void **state)
{
	static const char *const bad[] = {
		"{\"companies\":[" COMPANY("770708389", "[]", "SET") "]}",
		"{\"companies\":[" COMPANY("77070838x3", "[]", "SET") "]}",
		"{\"companies\":[" COMPANY("7707083893", "[\"59000000001\"]", "SET") "]}",
		"{\"companies\":[" COMPANY("7707083893", "[\"590000000010\",5]", "SET") "]}",
		"{\"companies\":[" COMPANY("7707083893", "[]", "LOST") "]}",
		"{\"companies\":[" COMPANY("7707083893", "{}", "SET") "]}",
		"{\"companies\":[1]}",
		"{\"companies\":{}}",
		"{}",
	};
	struct company_page p;
	struct model_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(model_parse_companies(bad[i], &p, &err), MODEL_BAD);
		assert_int_equal(p.n, 0);
		assert_true(err.msg[0] != '\0');
	}
}

static void the_writes_answers(void **state)
{
	struct company_created c;
	struct company_secret s;
	struct model_err err;
	char number[16];
	bool already;

	(void)state;
	assert_int_equal(model_parse_company_created("{\"company\":\"7707083893\",\"login\":"
		"\"org7707083893\",\"name\":\"ООО Ромашка\"}", &c, &err), MODEL_OK);
	assert_string_equal(c.login, "org7707083893");
	assert_int_equal(model_parse_company_attached("{\"company\":\"7707083893\",\"number\":"
		"\"590000000010\",\"status\":\"ALREADY_ATTACHED\"}", number, sizeof(number),
		&already, &err), MODEL_OK);
	assert_string_equal(number, "590000000010");
	assert_true(already);
	assert_int_equal(model_parse_company_attached("{\"number\":\"590000000010\",\"status\":"
		"\"MAYBE\"}", number, sizeof(number), &already, &err), MODEL_BAD);

	assert_int_equal(model_parse_company_password("{\"login\":\"org7707083893\","
		"\"password\":\"Kx7mQp2vRt9a\"}", &s, &err), MODEL_OK);
	assert_string_equal(s.password, "Kx7mQp2vRt9a");
	assert_int_equal(model_parse_company_password("{\"login\":\"org7707083893\","
		"\"password\":\"Kx7m\\u001b[2J9a\"}", &s, &err), MODEL_BAD);
	assert_string_equal(s.password, "");
	assert_int_equal(model_parse_company_password("{\"login\":\"org7707083893\","
		"\"password\":\"short\"}", &s, &err), MODEL_BAD);
	assert_int_equal(model_parse_company_password("{\"login\":\"org7707083893\","
		"\"password\":\"0123456789012345678901234567890123456789012345678901234567890123\"}",
		&s, &err), MODEL_BAD);
}

static void checked_as_typed(void **state)
{
	char digits[16];

	(void)state;
	assert_int_equal(company_inn_typed(""), TYPED_EMPTY);
	assert_int_equal(company_inn_typed("  "), TYPED_EMPTY);
	assert_int_equal(company_inn_typed("77070"), TYPED_SHORT);
	assert_int_equal(company_inn_typed("7707o83893"), TYPED_NOT_DIGITS);
	assert_int_equal(company_inn_typed("7707083894"), TYPED_BAD_CHECK);
	assert_int_equal(company_inn_typed(" 7707083893 "), TYPED_OK);
	assert_int_equal(company_inn_typed("770708389312"), TYPED_LONG);
	assert_int_equal(company_number_typed("59000000001"), TYPED_SHORT);
	assert_int_equal(company_number_typed("590000000010"), TYPED_OK);
	assert_int_equal(company_number_typed("5900-0000001"), TYPED_NOT_DIGITS);
	company_digits(" 7707083893 ", digits, sizeof(digits));
	assert_string_equal(digits, "7707083893");
	company_digits("77a", digits, sizeof(digits));
	assert_string_equal(digits, "");
}

static void the_bodies(void **state)
{
	char *b;

	(void)state;
	b = model_staff_create_company_body("ООО \"Ромашка\"", "7707083893", "r@example.org",
					    "+79220000001");
	assert_string_equal(b, "{\"name\":\"ООО \\\"Ромашка\\\"\",\"inn\":\"7707083893\","
			       "\"email\":\"r@example.org\",\"phone\":\"+79220000001\"}");
	free(b);
	b = model_staff_attach_company_body("7707083893", "590000000010");
	assert_string_equal(b, "{\"company\":\"7707083893\",\"number\":\"590000000010\"}");
	free(b);
	b = model_staff_issue_password_body("7707083893");
	assert_string_equal(b, "{\"company\":\"7707083893\"}");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_documented_page),
		cmocka_unit_test(hostile_pages_refused),
		cmocka_unit_test(the_writes_answers),
		cmocka_unit_test(checked_as_typed),
		cmocka_unit_test(the_bodies),
	};
	return cmocka_run_group_tests_name("staff_office", tests, NULL, NULL);
}
