/* Unit tests of model_history.c: getPaymentHistory's pages (docs/api.md's example,
 * bad rows named by their field, unknown types kept, the total when sent), the request
 * body with only the filters given (the text and the order too), and the types' codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/history.h"

static void a_page(void **state)
{
	struct hist_page p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_history(
				 "{\"items\":[{\"id\":\"h3f0c\",\"accountId\":\"acc1\",\"date\":\"2026-11-10\","
				 "\"type\":\"AUTOPAY\",\"amount\":80300,"
				 "\"description\":\"Автоплатёж картой 2200 00** **** 0004\"},"
				 "{\"id\":\"h2\",\"accountId\":\"acc2\",\"date\":\"2026-11-01\","
				 "\"type\":\"CHARGE\",\"amount\":-45000,\"description\":\"Абонентская плата\"}],"
				 "\"nextCursor\":\"v1.MTI0\",\"total\":2}",
				 &p, &err),
			 MODEL_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.next_cursor, "v1.MTI0");
	assert_string_equal(p.items[0].id, "h3f0c");
	assert_string_equal(p.items[0].account_id, "acc1");
	assert_string_equal(p.items[0].date, "2026-11-10");
	assert_int_equal(p.items[0].type, HIST_AUTOPAY);
	assert_int_equal(p.items[0].amount, 80300);
	assert_string_equal(p.items[0].description, "Автоплатёж картой 2200 00** **** 0004");
	assert_int_equal(p.items[1].type, HIST_CHARGE);
	assert_int_equal(p.items[1].amount, -45000);
	model_free_history(&p);

	/* The last page: no cursor; an empty one is a page too. */
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":2}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next_cursor, "");
	model_free_history(&p);
}

static void unknown_type_is_kept(void **state)
{
	struct hist_page p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_history(
				 "{\"items\":[{\"id\":\"h1\",\"accountId\":\"a\",\"date\":\"2026-01-02\","
				 "\"type\":\"CASHBACK\",\"amount\":100,\"description\":\"x\"}],\"total\":1}",
				 &p, &err),
			 MODEL_OK);
	assert_int_equal(p.items[0].type, HIST_UNKNOWN);
	assert_string_equal(p.items[0].type_code, "CASHBACK");
	model_free_history(&p);
}

/* Each bad row is a bad reply that names the field. */
static void bad_rows(void **state)
{
	static const struct {
		const char *json, *field;
	} cases[] = {
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\",\"type\":\"PAYMENT\","
		  "\"amount\":1.5}]}", "amount" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\",\"type\":\"PAYMENT\","
		  "\"amount\":\"100\"}]}", "amount" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\",\"type\":\"PAYMENT\"}]}",
		  "amount" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\",\"type\":\"PAYMENT\","
		  "\"amount\":1e300}]}", "amount" },
		{ "{\"items\":[{\"accountId\":\"a\",\"date\":\"2026-01-02\",\"type\":\"PAYMENT\","
		  "\"amount\":1}]}", "id" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":7,\"date\":\"2026-01-02\",\"type\":\"PAYMENT\","
		  "\"amount\":1}]}", "accountId" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"yesterday\",\"type\":\"PAYMENT\","
		  "\"amount\":1}]}", "date" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\",\"amount\":1}]}",
		  "type" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\",\"type\":\"PAYMENT\","
		  "\"amount\":1,\"description\":5}]}", "description" },
		{ "{\"items\":[5]}", "row" },
		{ "{\"items\":{}}", "items" },
		{ "{}", "items" },
		{ "{\"items\":[],\"nextCursor\":5}", "nextCursor" },
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\","
		  "\"type\":\"PAYMENT\",\"amount\":1,\"description\":\"Оплата\"}],\"nextCursor\":5}",
		  "nextCursor" },
		/* A bad row after good ones: it is named, and the good ones are let go. */
		{ "{\"items\":[{\"id\":\"h\",\"accountId\":\"a\",\"date\":\"2026-01-02\","
		  "\"type\":\"PAYMENT\",\"amount\":1,\"description\":\"Оплата\"},"
		  "{\"id\":\"g\",\"accountId\":\"a\",\"date\":\"2026-01-03\","
		  "\"type\":\"PAYMENT\",\"amount\":2,\"description\":\"Ещё\"},5]}", "items[2]: a row" },
	};
	struct hist_page p;
	struct model_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(model_parse_history(cases[i].json, &p, &err), MODEL_BAD);
		if (!strstr(err.msg, cases[i].field))
			fail_msg("%s: \"%s\" does not name %s", cases[i].json, err.msg, cases[i].field);
		assert_null(p.items);
		assert_int_equal(p.n, 0);
	}
	assert_int_equal(model_parse_history("[1]", &p, &err), MODEL_BAD);
	assert_int_equal(model_parse_history(NULL, &p, &err), MODEL_BAD);
}

static void bodies(void **state)
{
	struct hist_filter f = { 0 };
	char *b;

	(void)state;
	b = model_body_history(&f, 200, NULL);
	assert_string_equal(b, "{\"limit\":200}");
	free(b);
	b = model_body_history(&f, 50, "");
	assert_string_equal(b, "{\"limit\":50}");
	free(b);
	strcpy(f.account_id, "acc1");
	strcpy(f.from, "2025-01-01");
	strcpy(f.to, "2025-12-31");
	f.types = 1u << HIST_CHARGE | 1u << HIST_AUTOPAY;
	b = model_body_history(&f, 200, "v1.MTI0");
	assert_string_equal(b, "{\"accountId\":\"acc1\",\"from\":\"2025-01-01\",\"to\":\"2025-12-31\","
			       "\"types\":[\"CHARGE\",\"AUTOPAY\"],\"limit\":200,\"cursor\":\"v1.MTI0\"}");
	free(b);
	/* Only what is given. */
	memset(&f, 0, sizeof(f));
	strcpy(f.to, "2025-12-31");
	b = model_body_history(&f, 0, NULL);
	assert_string_equal(b, "{\"to\":\"2025-12-31\"}");
	free(b);
}

/* The total of the rows the filters select: always sent, so a missing, null, negative
 * or fractional one is a bad reply, never a total of 0. */
static void totals(void **state)
{
	struct hist_page p;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":100000}", &p, &err), MODEL_OK);
	assert_int_equal(p.total, 100000);
	model_free_history(&p);
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":0}", &p, &err), MODEL_OK);
	assert_int_equal(p.total, 0);
	model_free_history(&p);
	assert_int_equal(model_parse_history("{\"items\":[]}", &p, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "total is missing"));
	assert_null(p.items);
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":null}", &p, &err), MODEL_BAD);
	assert_null(p.items);
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":-1}", &p, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "total is negative"));
	assert_null(p.items);
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":1.5}", &p, &err), MODEL_BAD);
	assert_int_equal(model_parse_history("{\"items\":[],\"total\":\"7\"}", &p, &err), MODEL_BAD);
}

/* The search text and the oldest-first order go out when given. */
static void text_and_order(void **state)
{
	struct hist_filter f = { 0 };
	char *b;

	(void)state;
	strcpy(f.q, "Возврат \"50%\"");
	f.asc = true;
	b = model_body_history(&f, 200, "v1.MTI0");
	assert_string_equal(b, "{\"q\":\"Возврат \\\"50%\\\"\",\"order\":\"asc\",\"limit\":200,"
			       "\"cursor\":\"v1.MTI0\"}");
	free(b);
}

static void types(void **state)
{
	(void)state;
	for (int i = 0; i < HIST_TYPE_COUNT; i++) {
		assert_int_equal(hist_type_by_code(hist_type_code((enum hist_type)i)), i);
		assert_true(strlen(hist_type_name((enum hist_type)i)) > 0);
	}
	assert_string_equal(hist_type_code(HIST_TRANSFER_OUT), "TRANSFER_OUT");
	assert_int_equal(hist_type_by_code("payment"), HIST_UNKNOWN);
	assert_int_equal(hist_type_by_code(""), HIST_UNKNOWN);
	assert_int_equal(hist_type_by_code(NULL), HIST_UNKNOWN);
	assert_string_equal(hist_type_code(HIST_UNKNOWN), "");
	assert_string_equal(hist_type_name(HIST_CHARGE), "Charge");
	/* The short words of a narrow column: an abbreviation, or the word itself when it
	 * is short already; never wider than 11 columns. */
	for (int i = 0; i < HIST_TYPE_COUNT; i++)
		assert_true(strlen(hist_type_brief((enum hist_type)i)) <= 11);
	assert_string_equal(hist_type_brief(HIST_PAYMENT), "Card pmt");
	assert_string_equal(hist_type_brief(HIST_PROMISED), "Promise");
	assert_string_equal(hist_type_brief(HIST_CHARGE), "Charge");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_page),
		cmocka_unit_test(unknown_type_is_kept),
		cmocka_unit_test(bad_rows),
		cmocka_unit_test(bodies),
		cmocka_unit_test(totals),
		cmocka_unit_test(text_and_order),
		cmocka_unit_test(types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
