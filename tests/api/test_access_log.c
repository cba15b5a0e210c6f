/* API tests of the audit trail as the subscriber reads it (getAccessLog): the seeded
 * view of demo's cabinet, rows exact and newest first, paging with each row once, a
 * profile's views seen by that profile only, the rows unchangeable at the database,
 * and no access without a session. The staff side that opens views writes through
 * audit.h inside kabinetd; here the demo seed wrote demo's view that way, and the test
 * adds the other rows with the sqlite3 shell, as the trail's schema stores them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"
#define OTHER_VIEWS 7

KD_GROUP(kd);

/* "2026-11-22T10:00:00Z" */
static void assert_instant(const char *s)
{
	if (strlen(s) != 20 || s[4] != '-' || s[10] != 'T' || s[19] != 'Z') {
		print_message("not an RFC 3339 UTC instant: \"%s\"\n", s);
		fail();
	}
}

static void need_sqlite3(void)
{
	if (system("command -v sqlite3 >/dev/null 2>&1") != 0)
		skip();
}

/* The method names of a view's "methods", joined with commas (static buffer). */
static const char *method_names(const cJSON *view)
{
	static char buf[512];
	const cJSON *m;
	size_t len = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(m, json_get(view, "methods")) {
		assert_instant(json_str(m, "firstAt"));
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "," : "",
					json_str(m, "method"));
	}
	return buf;
}

/* Views of `other` (profile by login) with the sqlite3 shell: view o1 .. oN, each an
 * hour later than the one before, oK with K calls of getAccounts then one of getUsage. */
static void add_other_views(void)
{
	char q[8192];
	size_t len = 0;

	for (int i = 1; i <= OTHER_VIEWS; i++) {
		len += (size_t)snprintf(q + len, sizeof(q) - len,
					"INSERT INTO audit_views (id, profile_id, staff_login, "
					"staff_name, reason, opened_at, remote_addr) SELECT 'o%d', id, "
					"'support2', 'Петрова Ольга', 'T-%d', %d, '10.0.0.2' FROM "
					"profiles WHERE login = 'other';",
					i, i, 1700000000 + i * 3600);
		for (int k = 0; k < i; k++)
			len += (size_t)snprintf(q + len, sizeof(q) - len,
						"INSERT INTO audit_calls (view_id, method, at) "
						"VALUES ('o%d', 'getAccounts', %d);",
						i, 1700000000 + i * 3600 + k);
		len += (size_t)snprintf(q + len, sizeof(q) - len,
					"INSERT INTO audit_calls (view_id, method, at) "
					"VALUES ('o%d', 'getUsage', %d);",
					i, 1700000000 + i * 3600 + 60);
	}
	kd_sql(&kd, q);
}

static void seeded_view_listed(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *views, *v;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getAccessLog", "{}");
	assert_status(&r, 200);
	views = json_get(r.json, "views");
	assert_int_equal(cJSON_GetArraySize(views), 1);
	assert_false(resp_has(&r, "nextCursor"));
	v = cJSON_GetArrayItem(views, 0);
	assert_string_equal(json_str(v, "viewId"), "view1");
	assert_string_equal(json_str(v, "staffLogin"), "support1");
	assert_string_equal(json_str(v, "staffName"), "Орлова Елена");
	assert_string_equal(json_str(v, "reason"), "T-1042: сверка платежа");
	assert_instant(json_str(v, "openedAt"));
	/* Three calls of two methods: each name once, in the order first called. */
	assert_string_equal(method_names(v), "getAccounts,getPaymentHistory");
	/* The staff member's address is for the operator, not the subscriber. */
	assert_null(cJSON_GetObjectItemCaseSensitive(v, "remoteAddr"));
	assert_int_equal(cJSON_GetArraySize(v), 6);
	resp_free(&r);
	client_free(&c);
}

/* One page of other's log from `cursor` (NULL: the first): checks each view's content
 * by its number, newest first from `expect`, counting views into *seen. Copies
 * nextCursor into next ("" at the end). Returns the next expected number. */
static int other_page(struct client *c, const char *cursor, int expect, int *seen, char *next,
		      size_t size)
{
	struct resp r = { 0 };
	const cJSON *v;
	char id[16], reason[16];

	if (cursor)
		api(c, &r, "getAccessLog", "{\"limit\":3,\"cursor\":\"%s\"}", cursor);
	else
		api(c, &r, "getAccessLog", "{\"limit\":3}");
	assert_status(&r, 200);
	assert_true(cJSON_GetArraySize(json_get(r.json, "views")) <= 3);
	cJSON_ArrayForEach(v, json_get(r.json, "views")) {
		snprintf(id, sizeof(id), "o%d", expect);
		snprintf(reason, sizeof(reason), "T-%d", expect);
		assert_string_equal(json_str(v, "viewId"), id);
		assert_string_equal(json_str(v, "staffLogin"), "support2");
		assert_string_equal(json_str(v, "staffName"), "Петрова Ольга");
		assert_string_equal(json_str(v, "reason"), reason);
		assert_string_equal(method_names(v), "getAccounts,getUsage");
		expect--;
		(*seen)++;
	}
	snprintf(next, size, "%s", resp_has(&r, "nextCursor") ? resp_str(&r, "nextCursor") : "");
	resp_free(&r);
	return expect;
}

/* other reads exactly their seven views, newest first, three to a page, each once; demo
 * still sees only their own, even with other's cursor. */
static void paged_newest_first_each_once(void **state)
{
	struct client c, d;
	struct resp r = { 0 };
	char cursor[128] = "", first_cursor[128];
	int expect = OTHER_VIEWS, seen = 0, pages = 0;

	need_sqlite3();
	add_other_views();
	client_init(&c, &kd);
	client_login(&c, "other", PASSWORD);
	do {
		expect = other_page(&c, pages ? cursor : NULL, expect, &seen, cursor,
				    sizeof(cursor));
		if (pages++ == 0)
			snprintf(first_cursor, sizeof(first_cursor), "%s", cursor);
	} while (cursor[0] && pages < 10);
	assert_int_equal(seen, OTHER_VIEWS);
	assert_int_equal(expect, 0);
	assert_int_equal(pages, 3);

	client_init(&d, &kd);
	client_login(&d, "demo", PASSWORD);
	api(&d, &r, "getAccessLog", "{}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "views")), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "views"), 0), "viewId"),
			    "view1");
	api(&d, &r, "getAccessLog", "{\"cursor\":\"%s\"}", first_cursor);
	assert_status(&r, 200);
	assert_null(json_find(json_get(r.json, "views"), "staffLogin", "support2"));
	resp_free(&r);
	client_free(&d);
	client_free(&c);
}

/* A profile nobody looked at has an empty log (other, before the next test). */
static void nobody_looked(void **state)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "other", PASSWORD);
	api(&c, &r, "getAccessLog", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "views")), 0);
	assert_false(resp_has(&r, "nextCursor"));
	resp_free(&r);
	client_free(&c);
}

/* Runs SQL that must fail; returns the sqlite3 shell's exit status. */
static int sql_status(const char *query)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' \"%s\" >/dev/null 2>&1", kd.db, query);
	return system(cmd);
}

static void rows_cannot_change(void **state)
{
	static const char *const refused[] = {
		"UPDATE audit_views SET reason = 'nothing' WHERE id = 'view1'",
		"UPDATE audit_views SET staff_login = 'nobody'",
		"DELETE FROM audit_views WHERE id = 'view1'",
		"DELETE FROM audit_views",
		"UPDATE audit_calls SET method = 'getProfile'",
		"DELETE FROM audit_calls WHERE view_id = 'view1'",
		"DELETE FROM audit_calls",
	};
	struct client c;
	struct resp r = { 0 };
	int64_t views, calls;

	need_sqlite3();
	views = kd_sql_int(&kd, "SELECT count(*) FROM audit_views");
	calls = kd_sql_int(&kd, "SELECT count(*) FROM audit_calls");
	assert_true(views >= 1 && calls >= 3);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (sql_status(refused[i]) == 0) {
			print_message("the database allowed: %s\n", refused[i]);
			fail();
		}
	assert_int_equal(kd_sql_int(&kd, "SELECT count(*) FROM audit_views"), views);
	assert_int_equal(kd_sql_int(&kd, "SELECT count(*) FROM audit_calls"), calls);

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getAccessLog", "{}");
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "views"), 0), "reason"),
			    "T-1042: сверка платежа");
	resp_free(&r);
	client_free(&c);
}

static void needs_session_and_csrf(void **state)
{
	static const char *const methods[] = { "getAccessLog" };
	struct client c;
	struct resp r = { 0 };

	assert_need_session(&kd, methods, 1);
	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	c.no_csrf = true;
	api(&c, &r, "getAccessLog", "{}");
	assert_error(&r, 403, "CSRF");
	assert_false(resp_has(&r, "views"));
	resp_free(&r);
	client_free(&c);
}

static void bad_paging_refused(void **state)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getAccessLog", "{\"cursor\":\"garbage\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cursor");
	api(&c, &r, "getAccessLog", "{\"limit\":0}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "limit");
	api(&c, &r, "getAccessLog", "{\"limit\":201}");
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "getAccessLog", "{\"limit\":\"3\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seeded_view_listed),
		cmocka_unit_test(nobody_looked),
		cmocka_unit_test(paged_newest_first_each_once),
		cmocka_unit_test(rows_cannot_change),
		cmocka_unit_test(needs_session_and_csrf),
		cmocka_unit_test(bad_paging_refused),
	};
	return cmocka_run_group_tests_name("access_log", tests, group_setup, group_teardown);
}
