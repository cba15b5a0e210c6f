/* API tests of companies at the office (/staff-api/, role office): a company's profile
 * made with its INN checked (a right check digit taken, a wrong one refused, a second
 * company with the same INN refused), its accounts attached by number (free, another
 * profile's, unknown), every office method refused to support, and the one-time
 * password: shown once, a login with it forced to set a password of the company's own
 * (nothing else served meanwhile), the new one then logging in, the one-time one no
 * longer, a second issue voiding the first; each action in the company's access log.
 * staffGetCompanies lists them newest first, paged, with masked contacts, the accounts
 * and the password's state, to office only (refused to support and without a session).
 * The staff log in with the demo's office1 and support1, the authenticator's code from
 * `kabinetd admin staff code`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define STAFF_PASSWORD "Staff-2026"
#define NEW_PASSWORD "Romashka-2027"

KD_GROUP(kd);

/* One staff session per role for the whole group: a code is taken once only. */
static struct client office, support;

/* The authenticator's code of login now, as `kabinetd admin staff code` prints it. */
static void current_code(const char *login, char *code)
{
	char cmd[1024];
	FILE *p;
	snprintf(cmd, sizeof(cmd), "'%s' admin staff --db '%s' code %s", kd_binary(), kd.db, login);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%6s", code), 1);
	assert_int_equal(pclose(p), 0);
}

static void staff_login(struct client *c, const char *login)
{
	struct resp r = { 0 };
	char login_id[64], code[8];

	client_init(c, &kd);
	api_staff(c, &r, "staffLogin", "{\"login\":\"%s\",\"passwd\":\"" STAFF_PASSWORD "\"}", login);
	assert_status(&r, 200);
	snprintf(login_id, sizeof(login_id), "%s", resp_str(&r, "loginId"));
	current_code(login, code);
	api_staff(c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id, code);
	assert_status(&r, 200);
	assert_str(&r, "login", login);
	resp_free(&r);
}

static int setup(void **state)
{
	(void)state;
	if (group_setup(state))
		return -1;
	staff_login(&office, "office1");
	staff_login(&support, "support1");
	return 0;
}

static int teardown(void **state)
{
	client_free(&office);
	client_free(&support);
	return group_teardown(state);
}

/* A company by the office: 200 and its login, asserted. */
static void create_company(const char *inn, const char *email, const char *phone)
{
	struct resp r = { 0 };
	char login[32];
	api_staff(&office, &r, "staffCreateCompany",
		  "{\"name\":\"  ООО Ромашка %s \",\"inn\":\"%s\",\"email\":\"%s\",\"phone\":\"%s\"}",
		  inn, inn, email, phone);
	assert_status(&r, 200);
	snprintf(login, sizeof(login), "org%s", inn);
	assert_str(&r, "login", login);
	assert_str(&r, "company", inn);
	assert_true(!strncmp(resp_str(&r, "name"), "ООО Ромашка ", strlen("ООО Ромашка ")));
	resp_free(&r);
}

/* staffIssueCompanyPassword: the password, asserted against the password rules. */
static void issue(const char *inn, char *password)
{
	struct resp r = { 0 };
	const char *p;
	bool upper = false, digit = false;

	api_staff(&office, &r, "staffIssueCompanyPassword", "{\"company\":\"%s\"}", inn);
	assert_status(&r, 200);
	p = resp_str(&r, "password");
	assert_non_null(p);
	assert_int_equal(strlen(p), 12);
	for (const char *q = p; *q; q++) {
		upper |= *q >= 'A' && *q <= 'Z';
		digit |= *q >= '0' && *q <= '9';
	}
	assert_true(upper && digit);
	snprintf(password, 32, "%s", p);
	resp_free(&r);
}

/* The client's login with password: its status ("OK", "PASSWORD_CHANGE_REQUIRED") or
 * the error code; the handle into handle when there is one. */
static const char *company_login(struct client *c, const char *inn, const char *password,
				 char *handle)
{
	static char status[64];
	struct resp r = { 0 };
	api(c, &r, "login", "{\"login\":\"org%s\",\"passwd\":\"%s\"}", inn, password);
	snprintf(status, sizeof(status), "%s",
		 r.status == 200 ? resp_str(&r, "status") : resp_code(&r));
	if (handle)
		snprintf(handle, 64, "%s", resp_has(&r, "handle") ? resp_str(&r, "handle") : "");
	resp_free(&r);
	return status;
}

static void test_inn_checked(void **state)
{
	struct resp r = { 0 };
	(void)state;

	api_staff(&office, &r, "staffCreateCompany",
		  "{\"name\":\"ООО Ромашка\",\"inn\":\"7707083894\",\"email\":\"romashka@example.org\","
		  "\"phone\":\"+79220000001\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "inn");
	api_staff(&office, &r, "staffCreateCompany",
		  "{\"name\":\"ООО\\u0007Ромашка\",\"inn\":\"7707083893\","
		  "\"email\":\"romashka@example.org\",\"phone\":\"+79220000001\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "name");
	resp_free(&r);

	create_company("7707083893", "romashka@example.org", "+79220000001");
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM profiles WHERE inn = '7707083893' "
					 "AND name = 'ООО Ромашка 7707083893'"), 1);

	api_staff(&office, &r, "staffCreateCompany",
		  "{\"name\":\"ООО Другая\",\"inn\":\"7707083893\",\"email\":\"other@example.org\","
		  "\"phone\":\"+79220000002\"}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "inn");
	resp_free(&r);
}

static void test_attach_accounts(void **state)
{
	struct resp r = { 0 };
	(void)state;

	create_company("5902292008", "vasilek@example.org", "+79220000003");
	api_staff(&office, &r, "staffAttachCompanyAccount",
		  "{\"company\":\"5902292008\",\"number\":\"590000000010\"}");
	assert_status(&r, 200);
	assert_str(&r, "status", "ATTACHED");
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM accounts a JOIN profiles p "
					 "ON p.id = a.profile_id WHERE a.number = '590000000010' "
					 "AND p.inn = '5902292008'"), 1);

	api_staff(&office, &r, "staffAttachCompanyAccount",
		  "{\"company\":\"5902292008\",\"number\":\"590000000001\"}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "number");
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM accounts a JOIN profiles p "
					 "ON p.id = a.profile_id WHERE a.number = '590000000001' "
					 "AND p.login = 'demo'"), 1);

	api_staff(&office, &r, "staffAttachCompanyAccount",
		  "{\"company\":\"5902292008\",\"number\":\"590000009999\"}");
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "number");

	api_staff(&office, &r, "staffAttachCompanyAccount",
		  "{\"company\":\"5001007329\",\"number\":\"590000000012\"}");
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "company");
	resp_free(&r);
}

static void test_support_refused(void **state)
{
	static const char *const calls[][2] = {
		{ "staffCreateCompany", "{\"name\":\"ООО Лютик\",\"inn\":\"7842000011\","
					"\"email\":\"lutik@example.org\",\"phone\":\"+79220000005\"}" },
		{ "staffAttachCompanyAccount", "{\"company\":\"7707083893\",\"number\":\"590000000012\"}" },
		{ "staffIssueCompanyPassword", "{\"company\":\"7707083893\"}" },
	};
	struct resp r = { 0 };
	(void)state;

	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		api_staff(&support, &r, calls[i][0], "%s", calls[i][1]);
		assert_error(&r, 403, "WRONG_ROLE");
	}
	resp_free(&r);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM profiles WHERE inn = '7842000011'"), 0);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM accounts "
					 "WHERE number = '590000000012' AND profile_id IS NOT NULL"), 0);
	assert_int_equal(kd_sql_int(&kd, "SELECT must_change_password FROM profiles "
					 "WHERE inn = '7707083893'"), 1);
}

static void test_first_login_changes_password(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char password[32], handle[64], sql[256];
	const cJSON *v;
	(void)state;

	create_company("6612345676", "kolokolchik@example.org", "+79220000006");
	api_staff(&office, &r, "staffAttachCompanyAccount",
		  "{\"company\":\"6612345676\",\"number\":\"740000000011\"}");
	assert_status(&r, 200);
	issue("6612345676", password);
	/* Kept as a hash only. */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM profiles WHERE inn = '6612345676' "
		 "AND pwhash LIKE '$argon2id$%%' AND instr(pwhash, '%s') = 0", password);
	assert_int_equal(kd_sql_int(&kd, sql), 1);

	client_init(&c, &kd);
	assert_string_equal(company_login(&c, "6612345676", password, handle),
			    "PASSWORD_CHANGE_REQUIRED");
	assert_true(strlen(handle) >= 32);
	/* No session meanwhile: nothing else serves the company. */
	api(&c, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&c, &r, "getAccounts", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&c, &r, "getAccessLog", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");

	api(&c, &r, "setInitialPassword", "{\"handle\":\"%s\",\"newPassword\":\"short\"}", handle);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "newPassword");
	api(&c, &r, "setInitialPassword", "{\"handle\":\"%s\",\"newPassword\":\"%s\"}", handle,
	    password);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "newPassword");
	api(&c, &r, "setInitialPassword", "{\"handle\":\"%s\",\"newPassword\":\"" NEW_PASSWORD "\"}",
	    handle);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	api(&c, &r, "getProfile", "{}");
	assert_status(&r, 200);

	/* The office's three actions, newest first, in the company's access log. */
	api(&c, &r, "getAccessLog", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "views")), 3);
	v = cJSON_GetArrayItem(json_get(r.json, "views"), 0);
	assert_string_equal(json_str(v, "staffLogin"), "office1");
	assert_string_equal(json_str(v, "reason"), "В офисе: выдан одноразовый пароль");
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(v, "methods"), 0), "method"),
			    "staffIssueCompanyPassword");
	v = cJSON_GetArrayItem(json_get(r.json, "views"), 1);
	assert_string_equal(json_str(v, "reason"), "В офисе: привязан лицевой счёт 740000000011");
	v = cJSON_GetArrayItem(json_get(r.json, "views"), 2);
	assert_string_equal(json_str(v, "reason"), "В офисе: создан профиль компании");
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(v, "methods"), 0), "method"),
			    "staffCreateCompany");

	/* The handle is used up; the new password logs in, the one-time one no longer. */
	api(&c, &r, "setInitialPassword", "{\"handle\":\"%s\",\"newPassword\":\"Other-2027\"}",
	    handle);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "handle");
	resp_free(&r);
	client_free(&c);
	client_init(&c, &kd);
	assert_string_equal(company_login(&c, "6612345676", password, NULL), "UNAUTHORIZED");
	client_login(&c, "org6612345676", NEW_PASSWORD);
	client_free(&c);
}

static void test_issue_again_voids_the_first(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char first[32], second[32], handle[64];
	(void)state;

	create_company("5001007329", "landysh@example.org", "+79220000007");
	issue("5001007329", first);
	client_init(&c, &kd);
	assert_string_equal(company_login(&c, "5001007329", first, handle),
			    "PASSWORD_CHANGE_REQUIRED");
	issue("5001007329", second);
	assert_string_not_equal(first, second);

	api(&c, &r, "setInitialPassword", "{\"handle\":\"%s\",\"newPassword\":\"" NEW_PASSWORD "\"}",
	    handle);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "handle");
	resp_free(&r);
	assert_string_equal(company_login(&c, "5001007329", first, NULL), "UNAUTHORIZED");
	assert_string_equal(company_login(&c, "5001007329", second, handle),
			    "PASSWORD_CHANGE_REQUIRED");
	api(&c, &r, "setInitialPassword", "{\"handle\":\"%s\",\"newPassword\":\"" NEW_PASSWORD "\"}",
	    handle);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

/* The list, run last: every company the tests above made, newest first. */
static void test_list_companies(void **state)
{
	struct resp r = { 0 };
	struct client none;
	const cJSON *list, *v;
	char cursor[256];
	(void)state;

	create_company("7842000011", "lutik@example.org", "+79220000008");
	api_staff(&office, &r, "staffAttachCompanyAccount",
		  "{\"company\":\"7842000011\",\"number\":\"590000000012\"}");
	assert_status(&r, 200);

	api_staff(&office, &r, "staffGetCompanies", "{\"limit\":2}");
	assert_status(&r, 200);
	list = json_get(r.json, "companies");
	assert_int_equal(cJSON_GetArraySize(list), 2);
	v = cJSON_GetArrayItem(list, 0);
	assert_string_equal(json_str(v, "company"), "7842000011");
	assert_string_equal(json_str(v, "name"), "ООО Ромашка 7842000011");
	assert_string_equal(json_str(v, "login"), "org7842000011");
	assert_null(strstr(json_str(v, "email"), "lutik"));
	assert_non_null(strchr(json_str(v, "email"), '*'));
	assert_non_null(strchr(json_str(v, "phone"), '*'));
	assert_int_equal(cJSON_GetArraySize(json_get(v, "accounts")), 1);
	assert_string_equal(cJSON_GetArrayItem(json_get(v, "accounts"), 0)->valuestring,
			    "590000000012");
	assert_string_equal(json_str(v, "password"), "NONE");
	v = cJSON_GetArrayItem(list, 1);
	assert_string_equal(json_str(v, "company"), "5001007329");
	assert_string_equal(json_str(v, "password"), "SET");
	assert_int_equal(cJSON_GetArraySize(json_get(v, "accounts")), 0);
	snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));

	/* The rest: 6612345676 (set), 5902292008 (none, 590000000010), 7707083893. */
	api_staff(&office, &r, "staffGetCompanies", "{\"limit\":2,\"cursor\":\"%s\"}", cursor);
	assert_status(&r, 200);
	list = json_get(r.json, "companies");
	assert_int_equal(cJSON_GetArraySize(list), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "company"), "6612345676");
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "password"), "SET");
	v = cJSON_GetArrayItem(list, 1);
	assert_string_equal(json_str(v, "company"), "5902292008");
	assert_string_equal(json_str(v, "password"), "NONE");
	assert_string_equal(cJSON_GetArrayItem(json_get(v, "accounts"), 0)->valuestring,
			    "590000000010");
	snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
	api_staff(&office, &r, "staffGetCompanies", "{\"cursor\":\"%s\"}", cursor);
	assert_status(&r, 200);
	list = json_get(r.json, "companies");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "company"), "7707083893");
	assert_false(resp_has(&r, "nextCursor") &&
		     cJSON_IsString(json_get(r.json, "nextCursor")));

	/* A pending one-time password. */
	api_staff(&office, &r, "staffIssueCompanyPassword", "{\"company\":\"7842000011\"}");
	assert_status(&r, 200);
	api_staff(&office, &r, "staffGetCompanies", "{\"limit\":1}");
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "companies"), 0),
				     "password"), "ISSUED");

	api_staff(&office, &r, "staffGetCompanies", "{\"limit\":0}");
	assert_error(&r, 422, "VALIDATION");
	api_staff(&support, &r, "staffGetCompanies", "{}");
	assert_error(&r, 403, "WRONG_ROLE");
	client_init(&none, &kd);
	api_staff(&none, &r, "staffGetCompanies", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	client_free(&none);
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inn_checked),
		cmocka_unit_test(test_attach_accounts),
		cmocka_unit_test(test_support_refused),
		cmocka_unit_test(test_first_login_changes_password),
		cmocka_unit_test(test_issue_again_voids_the_first),
		cmocka_unit_test(test_list_companies),
	};
	return cmocka_run_group_tests_name("staff_office", tests, setup, teardown);
}
