/* Unit tests of model_access.c: docs/api.md's getAccessLog page, the methods in words,
 * the body, and hostile replies refused whole (an id out of shape, a staff login with
 * an escape, a reason past its cap, an instant that is no instant, a method that is no
 * name, too many methods, a view that is no object, a cursor too long) or kept as text
 * that the drawing makes safe (an escape in the reason or the name). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/model/access.h"
#include "kabinet/model/text.h"

#define METHODS "[{\"method\":\"getAccounts\",\"firstAt\":\"2026-11-20T10:00:05Z\"}," \
	"{\"method\":\"getPaymentHistory\",\"firstAt\":\"2026-11-20T10:00:40Z\"}]"
#define VIEW(reason, methods) "{\"viewId\":\"view1\",\"staffLogin\":\"support1\"," \
	"\"staffName\":\"Смирнова Ирина\",\"reason\":\"" reason "\"," \
	"\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":" methods "}"

static enum model_status parse(const char *json, struct access_page *p, struct model_err *err)
{
	enum model_status st = model_parse_access_log(json, p, err);

	if (st != MODEL_OK)
		assert_int_equal(p->n, 0);
	return st;
}

static void the_documented_page(void **state)
{
	struct access_page p;
	struct model_err err;
	char words[256];

	(void)state;
	assert_int_equal(parse("{\"views\":[" VIEW("T-1042: сверка платежа", METHODS) "],"
			       "\"nextCursor\":\"c2\"}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.next_cursor, "c2");
	assert_string_equal(p.items[0].id, "view1");
	assert_string_equal(p.items[0].staff_login, "support1");
	assert_string_equal(p.items[0].staff_name, "Смирнова Ирина");
	assert_string_equal(p.items[0].reason, "T-1042: сверка платежа");
	assert_string_equal(p.items[0].opened_at, "2026-11-20T10:00:00Z");
	assert_int_equal(p.items[0].nmethods, 2);
	assert_string_equal(p.items[0].methods[1].method, "getPaymentHistory");
	assert_string_equal(p.items[0].methods[1].first_at, "2026-11-20T10:00:40Z");
	access_methods_text(&p.items[0], false, words, sizeof(words));
	assert_string_equal(words, "accounts, payment history");
	model_free_access_log(&p);

	assert_int_equal(parse("{\"views\":[" VIEW("abc", "[]") "]}", &p, &err), MODEL_OK);
	assert_int_equal(p.items[0].nmethods, 0);
	assert_non_null(p.items[0].methods);
	access_methods_text(&p.items[0], false, words, sizeof(words));
	assert_string_equal(words, "");
	model_free_access_log(&p);

	assert_int_equal(parse("{\"views\":[]}", &p, &err), MODEL_OK);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next_cursor, "");
	model_free_access_log(&p);
}

static void methods_in_words(void **state)
{
	struct access_view v = { 0 };
	struct access_method m[] = {
		{ "getInvoices", "" }, { "getInvoice", "" }, { "getSomethingNew", "" },
		{ "getProfile", "" },
	};
	char words[256], small[12];

	(void)state;
	assert_string_equal(access_method_words("getAccounts"), "accounts");
	assert_string_equal(access_method_words("getFplStatus"), "bonus program");
	assert_string_equal(access_method_words("getSomethingNew"), "getSomethingNew");
	assert_string_equal(access_method_words("staffIssueCompanyPassword"), "one-time password issued");
	v.methods = m;
	v.nmethods = 4;
	/* Two methods of the same thing are named once; one not known by its name. */
	access_methods_text(&v, false, words, sizeof(words));
	assert_string_equal(words, "invoices, getSomethingNew, profile");
	/* Cut on a character boundary, never past the buffer. */
	access_methods_text(&v, false, small, sizeof(small));
	assert_true(strlen(small) < sizeof(small));
	assert_int_equal(strncmp(small, "invoices", 8), 0);
	assert_non_null(strstr(small, "…"));

	/* With times: the local time alone on the day the view was opened. */
	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	snprintf(v.opened_at, sizeof(v.opened_at), "2026-11-20T10:00:00Z");
	snprintf(m[0].first_at, sizeof(m[0].first_at), "2026-11-20T10:00:05Z");
	snprintf(m[2].first_at, sizeof(m[2].first_at), "2026-11-20T10:01:00Z");
	snprintf(m[3].first_at, sizeof(m[3].first_at), "2026-11-20T21:30:00Z");
	access_methods_text(&v, true, words, sizeof(words));
	assert_string_equal(words, "invoices (13:00), getSomethingNew (13:01), profile (Nov 21, 2026 00:30)");
}

/* Free text keeps what came (the drawing makes it safe); nothing of it is cut. */
static void hostile_text_is_kept_and_made_safe(void **state)
{
	struct access_page p;
	struct model_err err;
	char safe[256];

	(void)state;
	assert_int_equal(parse("{\"views\":[" VIEW("\\u001b[2J\\u001b]0;pwned\\u0007T-1\\u202e",
						     METHODS) "]}", &p, &err), MODEL_OK);
	assert_string_equal(p.items[0].reason, "\x1b[2J\x1b]0;pwned\aT-1\u202e");
	text_clean(p.items[0].reason, 0, safe, sizeof(safe));
	assert_null(strchr(safe, '\x1b'));
	assert_null(strchr(safe, '\a'));
	assert_null(strstr(safe, "\u202e"));
	assert_non_null(strstr(safe, "T-1"));
	model_free_access_log(&p);
}

static void bad(const char *json, const char *says)
{
	struct access_page p;
	struct model_err err;

	assert_int_equal(parse(json, &p, &err), MODEL_BAD);
	if (!strstr(err.msg, says))
		fail_msg("\"%s\" does not say \"%s\"", err.msg, says);
}

static void hostile_replies_refused(void **state)
{
	(void)state;
	bad("{}", "views");
	bad("{\"views\":{}}", "views");
	bad("{\"views\":[1]}", "views[0]");
	bad("{\"views\":[" VIEW("ok reason", METHODS) ",7]}", "views[1]");
	bad("{\"views\":[{\"viewId\":\"v 1\",\"staffLogin\":\"s\",\"staffName\":\"n\","
	    "\"reason\":\"abc\",\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":[]}]}", "viewId");
	bad("{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"s\\u001b[31m\",\"staffName\":\"n\","
	    "\"reason\":\"abc\",\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":[]}]}",
	    "staffLogin");
	bad("{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"\",\"staffName\":\"n\","
	    "\"reason\":\"abc\",\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":[]}]}",
	    "staffLogin is empty");
	bad("{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"s\",\"staffName\":7,"
	    "\"reason\":\"abc\",\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":[]}]}", "staffName");
	bad("{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"s\",\"staffName\":\"n\","
	    "\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":[]}]}", "reason");
	bad("{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"s\",\"staffName\":\"n\","
	    "\"reason\":\"abc\",\"openedAt\":\"yesterday\",\"methods\":[]}]}", "openedAt");
	bad("{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"s\",\"staffName\":\"n\","
	    "\"reason\":\"abc\",\"openedAt\":\"2026-11-20T10:00:00Z\"}]}", "methods");
	bad("{\"views\":[" VIEW("abc", "[{\"method\":\"get\\u001bX\",\"firstAt\":\"2026-11-20T10:00:05Z\"}]")
	    "]}", "method");
	bad("{\"views\":[" VIEW("abc", "[{\"method\":\"getAccounts\"}]") "]}", "firstAt");
	bad("{\"views\":[" VIEW("abc", "[\"getAccounts\"]") "]}", "methods[0]");
	bad("{\"views\":[" VIEW("abc", METHODS) "],\"nextCursor\":\"a b\"}", "nextCursor");
}

static void too_much_is_refused_not_cut(void **state)
{
	char reason[ACCESS_REASON_BYTES + 2], *json, *at;
	size_t cap = 64 * 1024;
	struct access_page p;
	struct model_err err;

	(void)state;
	memset(reason, 'x', ACCESS_REASON_BYTES);
	reason[ACCESS_REASON_BYTES] = '\0';
	json = malloc(cap);
	assert_non_null(json);
	snprintf(json, cap, "{\"views\":[" VIEW("%s", "[]") "]}", reason);
	assert_int_equal(parse(json, &p, &err), MODEL_OK);
	assert_int_equal(strlen(p.items[0].reason), ACCESS_REASON_BYTES);
	model_free_access_log(&p);
	strcat(reason, "x");
	snprintf(json, cap, "{\"views\":[" VIEW("%s", "[]") "]}", reason);
	bad(json, "reason");

	/* ACCESS_METHODS_MAX methods are read, one more is a bad reply. */
	for (int n = ACCESS_METHODS_MAX; n <= ACCESS_METHODS_MAX + 1; n++) {
		at = json + sprintf(json, "%s", "{\"views\":[{\"viewId\":\"v1\",\"staffLogin\":\"s\","
				    "\"staffName\":\"n\",\"reason\":\"abc\","
				    "\"openedAt\":\"2026-11-20T10:00:00Z\",\"methods\":[");
		for (int i = 0; i < n; i++)
			at += sprintf(at, "%s{\"method\":\"getAccounts\",\"firstAt\":\"2026-11-20T10:00:05Z\"}",
				      i ? "," : "");
		strcpy(at, "]}]}");
		if (n == ACCESS_METHODS_MAX) {
			if (parse(json, &p, &err) != MODEL_OK)
				fail_msg("%s", err.msg);
			assert_int_equal(p.items[0].nmethods, ACCESS_METHODS_MAX);
			model_free_access_log(&p);
		} else {
			bad(json, "more than");
		}
	}
	free(json);
}

static void body(void **state)
{
	char *b;

	(void)state;
	b = model_body_access_log(0, NULL);
	assert_string_equal(b, "{}");
	free(b);
	b = model_body_access_log(50, "c2");
	assert_string_equal(b, "{\"limit\":50,\"cursor\":\"c2\"}");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_documented_page),
		cmocka_unit_test(methods_in_words),
		cmocka_unit_test(hostile_text_is_kept_and_made_safe),
		cmocka_unit_test(hostile_replies_refused),
		cmocka_unit_test(too_much_is_refused_not_cut),
		cmocka_unit_test(body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
