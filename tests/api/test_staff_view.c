/* API tests of staff looking at subscribers: staffFindSubscribers by each key (account
 * number, phone, e-mail, login, the start of the name), its cap of 20, the masking of
 * contacts and its rate limit; staffOpenView's reason; a view reading the subscriber's
 * cabinet through /client-api/ with the VIEW-TOKEN header, only that profile's, and
 * refused by every other method of the client API (403 READ_ONLY_VIEW, nothing changed);
 * the audit rows of a scripted view, exact, and the subscriber's getAccessLog showing
 * them to that subscriber only; a view ending when closed, after 15 minutes, when its
 * staff member is disabled and with the staff session. The demo's staff log in with
 * their documented TOTP secrets (totp.c, linked in). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "kabinet/server/totp.h"

#define PASSWORD "Kabinet-2026"
#define STAFF_PASSWORD "Staff-2026"
#define SUPPORT1_SECRET "KABINETSUPPORTDEMOSECRETTOTPKEYA"
#define OFFICE1_SECRET "KABINETOFFICEDEMOSECRETTOTPKEYAB"

KD_GROUP(kd);

/* support1's and office1's sessions, each logged in once for the whole file (a TOTP code
 * is taken once). */
static struct client sup, off;
static bool sup_in, off_in;

/* --- Helpers ---------------------------------------------------------------------------- */

/* Both login steps with the authenticator's code of now, computed far enough from the
 * step's end that the server is in the same step. Each login logs in once. */
static void staff_login(struct client *c, const char *login, const char *secret)
{
	struct resp r = { 0 };
	unsigned char key[64];
	char code[8], login_id[64];
	int n = totp_base32_decode(secret, key, sizeof(key));

	client_init(c, &kd);
	api_staff(c, &r, "staffLogin", "{\"login\":\"%s\",\"passwd\":\"%s\"}", login,
		  STAFF_PASSWORD);
	assert_status(&r, 200);
	snprintf(login_id, sizeof(login_id), "%s", resp_str(&r, "loginId"));
	while (time(NULL) % TOTP_STEP >= TOTP_STEP - 10)
		msleep(250);
	assert_true(n > 0);
	assert_int_equal(totp_code(key, (size_t)n, totp_step((int64_t)time(NULL)), TOTP_DIGITS,
				   code), 0);
	api_staff(c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}",
		  login_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	resp_free(&r);
}

static struct client *support1(void)
{
	if (!sup_in) {
		staff_login(&sup, "support1", SUPPORT1_SECRET);
		sup_in = true;
	}
	return &sup;
}

static struct client *office1(void)
{
	if (!off_in) {
		staff_login(&off, "office1", OFFICE1_SECRET);
		off_in = true;
	}
	return &off;
}

/* staffFindSubscribers for query; asserts 200 and returns the list (in r). */
static const cJSON *find(struct client *c, struct resp *r, const char *query)
{
	api_staff(c, r, "staffFindSubscribers", "{\"query\":\"%s\"}", query);
	assert_status(r, 200);
	return json_get(r->json, "subscribers");
}

/* The handle of the only subscriber a query finds, into handle (64 bytes). */
static void handle_of(const char *query, char *handle)
{
	struct resp r = { 0 };
	const cJSON *list = find(support1(), &r, query);
	assert_int_equal(cJSON_GetArraySize(list), 1);
	snprintf(handle, 64, "%s", json_str(cJSON_GetArrayItem(list, 0), "subscriber"));
	resp_free(&r);
}

/* Opens a view of the subscriber found by query with reason; a client whose calls carry
 * its token into v, and the view's id into id (64 bytes). */
static void open_view(struct client *s, const char *query, const char *reason,
		      struct client *v, char *id)
{
	struct resp r = { 0 };
	char handle[64];
	handle_of(query, handle);
	api_staff(s, &r, "staffOpenView", "{\"subscriber\":\"%s\",\"reason\":\"%s\"}",
		  handle, reason);
	assert_status(&r, 200);
	client_init(v, &kd);
	snprintf(v->view, sizeof(v->view), "%s", resp_str(&r, "viewToken"));
	snprintf(id, 64, "%s", resp_str(&r, "view"));
	resp_free(&r);
}

/* The account numbers of a getAccounts answer, comma-separated (static buffer). */
static const char *account_numbers(const struct resp *r)
{
	static char buf[256];
	const cJSON *a;
	size_t len = 0;
	buf[0] = '\0';
	cJSON_ArrayForEach(a, json_get(r->json, "accounts"))
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "," : "",
					json_str(a, "number"));
	return buf;
}

/* The database as it stands, but for what a view's calls legitimately add: the audit
 * trail and the staff side's own bookkeeping (malloc'ed). */
static char *data_snapshot(void)
{
	return kd_sql_str(&kd, ".dump\nSELECT 1");
}

static bool bookkeeping(const char *line, size_t len)
{
	static const char *const skip[] = {
		"INSERT INTO audit_calls",	"INSERT INTO audit_views",
		"INSERT INTO staff_lookups",	"INSERT INTO login_failures",
		"INSERT INTO staff_sessions",
	};
	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (len >= strlen(skip[i]) && !strncmp(line, skip[i], strlen(skip[i])))
			return true;
	return false;
}

/* The snapshot without the bookkeeping lines (in place). */
static char *data_only(char *dump)
{
	char *in = dump, *out = dump;
	while (*in) {
		size_t len = strcspn(in, "\n");
		if (!bookkeeping(in, len)) {
			memmove(out, in, len);
			out += len;
			*out++ = '\n';
		}
		in += len + (in[len] == '\n');
	}
	*out = '\0';
	return dump;
}

/* --- Lookup ----------------------------------------------------------------------------- */

static void finds_by_each_key(void **state)
{
	static const char *const demo_keys[] = { "590000000002", "8 (922) 123-45-22",
						 "+79221234522", "DEMO@kabinet.example", "demo",
						 "иванов", "ИВАНОВ П", "Иванов Пётр Сергеевич" };
	struct resp r = { 0 };
	const cJSON *list, *s;
	char *accounts;

	for (size_t i = 0; i < sizeof(demo_keys) / sizeof(demo_keys[0]); i++) {
		list = find(support1(), &r, demo_keys[i]);
		if (cJSON_GetArraySize(list) != 1) {
			print_message("%s: %s\n", demo_keys[i], resp_dump(&r));
			fail();
		}
		s = cJSON_GetArrayItem(list, 0);
		assert_string_equal(json_str(s, "name"), "Иванов Пётр Сергеевич");
		assert_int_equal(strncmp(json_str(s, "subscriber"), "sub_", 4), 0);
	}
	/* A relative's account is found under the profile that holds it. */
	list = find(support1(), &r, "740000000003");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	s = cJSON_GetArrayItem(list, 0);
	assert_string_equal(json_str(s, "name"), "Иванов Пётр Сергеевич");
	accounts = cJSON_PrintUnformatted(json_get(s, "accounts"));
	assert_string_equal(accounts, "[\"590000000001\",\"590000000002\",\"740000000003\"]");
	free(accounts);
	list = find(support1(), &r, "кузн");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "name"),
			    "Кузнецов Игорь Олегович");
	/* Whole keys only: part of a number, a phone or an e-mail finds nobody; an account
	 * that nobody holds neither. */
	assert_int_equal(cJSON_GetArraySize(find(support1(), &r, "59000000000")), 0);
	assert_int_equal(cJSON_GetArraySize(find(support1(), &r, "590000000010")), 0);
	assert_int_equal(cJSON_GetArraySize(find(support1(), &r, "demo@kabinet")), 0);
	assert_int_equal(cJSON_GetArraySize(find(support1(), &r, "Петров")), 0);
	resp_free(&r);
}

static void results_show_masked_contacts_only(void **state)
{
	struct resp r = { 0 };
	const cJSON *s;

	find(support1(), &r, "demo");
	s = cJSON_GetArrayItem(json_get(r.json, "subscribers"), 0);
	assert_string_equal(json_str(s, "phone"), "+7 (922) ***-**-22");
	assert_string_equal(json_str(s, "email"), "d***@kabinet.example");
	/* The handle, the name, the two contacts and the accounts: nothing else. */
	assert_int_equal(cJSON_GetArraySize(s), 5);
	assert_null(strstr(r.raw, "1234522"));
	assert_null(strstr(r.raw, "9221234"));
	assert_null(strstr(r.raw, "demo@"));
	assert_null(strstr(r.raw, "\"login\""));
	resp_free(&r);
}

static void at_most_20_results(void **state)
{
	struct resp r = { 0 };
	kd_sql(&kd, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25) "
		    "INSERT INTO profiles (login, pwhash, last_name, name, region, created_at) "
		    "SELECT 'many' || i, 'x', 'Многоев', 'Тест' || i, 'Пермский край', 0 FROM n");
	assert_int_equal(cJSON_GetArraySize(find(support1(), &r, "многоев")), 20);
	resp_free(&r);
}

/* office1 may look up too; the 31st lookup within a minute is refused, then the limit
 * says when to come back. support1's lookups are counted apart. */
static void lookups_are_rate_limited_per_login(void **state)
{
	struct client *o = office1();
	struct resp r = { 0 };
	int i;

	kd_sql(&kd, "DELETE FROM staff_lookups");
	for (i = 0; i < 30; i++)
		find(o, &r, "demo");
	api_staff(o, &r, "staffFindSubscribers", "{\"query\":\"demo\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after >= 1 && r.retry_after <= 60);
	assert_null(resp_str(&r, "subscribers"));
	find(support1(), &r, "demo");
	/* A minute later the window is empty again. */
	kd_sql(&kd, "UPDATE staff_lookups SET at = at - 60");
	find(o, &r, "demo");
	resp_free(&r);
}

static void lookup_needs_a_staff_session(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api_staff(&c, &r, "staffFindSubscribers", "{\"query\":\"demo\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api_staff(&c, &r, "staffOpenView", "{\"subscriber\":\"sub_x\",\"reason\":\"T-1\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	/* A subscriber's session is no staff session. */
	client_login(&c, "demo", PASSWORD);
	api_staff(&c, &r, "staffFindSubscribers", "{\"query\":\"demo\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&c);
}

/* --- Views ------------------------------------------------------------------------------ */

static void a_view_needs_a_reason_of_3_to_200_characters(void **state)
{
	static const char *const bad[] = { "", "ab", "  ab  ", "T-1\\nx", "T-\\t1", "\\u001b[2J" };
	struct resp r = { 0 };
	char handle[64], reason[260];

	handle_of("demo", handle);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		api_staff(support1(), &r, "staffOpenView",
			  "{\"subscriber\":\"%s\",\"reason\":\"%s\"}", handle, bad[i]);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "reason");
	}
	memset(reason, 'x', 201);
	reason[201] = '\0';
	api_staff(support1(), &r, "staffOpenView", "{\"subscriber\":\"%s\",\"reason\":\"%s\"}",
		  handle, reason);
	assert_error(&r, 422, "VALIDATION");
	/* 200 Cyrillic letters (400 bytes) are 200 characters. */
	reason[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(reason, "я");
	api_staff(support1(), &r, "staffOpenView", "{\"subscriber\":\"%s\",\"reason\":\"%s%s\"}",
	      handle, reason, reason);
	assert_status(&r, 200);
	api_staff(support1(), &r, "staffOpenView", "{\"subscriber\":\"sub_0000000000000000\","
					       "\"reason\":\"T-1\"}");
	assert_error(&r, 404, "NOT_FOUND");
	/* No view was recorded for the refused ones. */
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM audit_views WHERE length(reason) "
					 "< 3 OR reason LIKE 'x%' OR reason = 'T-1'"), 0);
	resp_free(&r);
}

static void a_view_reads_the_subscribers_cabinet(void **state)
{
	struct client v;
	struct resp r = { 0 };
	char id[64], acc[64];

	open_view(support1(), "demo", "T-7", &v, id);
	api(&v, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	assert_string_equal(account_numbers(&r), "590000000001,590000000002,740000000003");
	snprintf(acc, sizeof(acc), "%s",
		 json_str(cJSON_GetArrayItem(json_get(r.json, "accounts"), 0), "accountId"));
	api(&v, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_str(&r, "login", "demo");
	api(&v, &r, "getPaymentHistory", "{\"accountId\":\"%s\"}", acc);
	assert_status(&r, 200);
	assert_true(cJSON_GetArraySize(json_get(r.json, "items")) > 0);
	api(&v, &r, "getCharges", "{\"accountId\":\"%s\",\"months\":1}", acc);
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "months")), 1);
	/* No staff session and no subscriber's session came with it: the token alone. */
	resp_free(&r);
	client_free(&v);
}

/* No method names a profile: each reads the caller's. The view's caller is the viewed
 * profile, so another's account is as unknown to it as to a stranger. */
static void a_view_reads_no_other_profile(void **state)
{
	struct client v, o;
	struct resp r = { 0 };
	char id[64], other_acc[64];

	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);
	snprintf(other_acc, sizeof(other_acc), "%s", account_id_by_number(&o, "660000000004"));
	open_view(support1(), "demo", "T-8", &v, id);
	api(&v, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", other_acc);
	assert_error(&r, 404, "NOT_FOUND");
	api(&v, &r, "getPaymentHistory", "{\"accountId\":\"%s\"}", other_acc);
	assert_error(&r, 404, "NOT_FOUND");
	api(&v, &r, "getAccounts", "{}");
	assert_null(strstr(r.raw, "660000000004"));
	/* A subscriber's own session sent beside a view's token does not make the call
	 * theirs: the view decides. */
	snprintf(o.view, sizeof(o.view), "%s", v.view);
	api(&o, &r, "getAccounts", "{}");
	assert_string_equal(account_numbers(&r), "590000000001,590000000002,740000000003");
	resp_free(&r);
	client_free(&o);
	client_free(&v);
}

/* Every method of the client API but the reads below (tests/docs/check.sh checks that
 * writes[] and reads[] together are every method served, and reads[] exactly those
 * marked M_VIEW), each with a body that would do something for the subscriber: in a
 * view, 403 READ_ONLY_VIEW, and the data unchanged. */
static void a_view_is_refused_by_every_write(void **state)
{
	static const char *const writes[] = {
		"login", "confirmOtp", "resendOtp", "loginByToken", "checkSession", "register",
		"confirmRegistration", "requestPasswordReset", "checkResetCode", "resetPassword",
		"logout", "updateProfile", "changePassword", "changeContact", "confirmContact",
		"revokeDevice", "attachAccount", "attachAccountConfirm", "detachAccount",
		"changeTariff", "setServiceOption", "setVoluntaryBlock", "removeVoluntaryBlock",
		"transferFunds", "activatePromisedPayment", "switchPaymentSystem",
		"setInvoiceDelivery", "bindCard", "unbindCard", "createPayment", "confirmPayment",
		"cancelPayment", "checkIdempotencyKey", "createAutopayRule", "updateAutopayRule",
		"deleteAutopayRule", "joinBonusProgram", "spendBonuses", "createRequest",
		"addRequestMessage", "closeRequest", "setInitialPassword",
		"getSocialProviders", "startDeviceLogin", "pollDeviceLogin", "startSocialLink",
		"pollSocialLink", "unlinkSocial",
		"setNotificationSettings",
	};
	struct client v;
	struct resp r = { 0 };
	char id[64], acc[64], *before, *after;

	open_view(support1(), "demo", "T-9", &v, id);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&v, "590000000001"));
	before = data_only(data_snapshot());
	assert_non_null(strstr(before, "INSERT INTO profiles"));
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		api(&v, &r, writes[i],
		    "{\"accountId\":\"%s\",\"login\":\"demo\",\"passwd\":\"%s\",\"name\":\"Пётр\","
		    "\"lastName\":\"Иванов\",\"topic\":\"Вопрос\",\"text\":\"Текст\","
		    "\"idempotencyKey\":\"%s\",\"amount\":100}", acc, PASSWORD, new_uuid());
		if (r.status != 403 || strcmp(resp_code(&r), "READ_ONLY_VIEW")) {
			print_message("%s: %s\n", writes[i], resp_dump(&r));
			fail();
		}
	}
	after = data_only(data_snapshot());
	assert_string_equal(before, after);
	/* None was recorded as looked at: none ran. */
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM audit_calls a JOIN audit_views v "
					 "ON v.id = a.view_id WHERE v.reason = 'T-9' "
					 "AND a.method != 'getAccounts'"), 0);
	free(before);
	free(after);
	resp_free(&r);
	client_free(&v);
}

/* Every read a view may call answers it (not READ_ONLY_VIEW). */
static void a_view_may_call_every_read(void **state)
{
	static const char *const reads[] = {
		"getProfile", "getDevices", "getAccounts", "getAccountBalanceV2", "getAccountInfo",
		"getServiceTariffName", "getServiceInfo", "getAvailableTariffs", "getUsage",
		"getPaymentHistory", "getPromisedPaymentOffer", "getInvoices", "getInvoice",
		"getBoundCards", "getPayment", "getAutopayRules", "getFplStatus", "getRequests",
		"getRequest", "getAccessLog", "getCharges",
		"getSocialLinks",
		"getNotificationSettings",
	};
	struct client v;
	struct resp r = { 0 };
	char id[64];

	open_view(support1(), "demo", "T-10", &v, id);
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		api(&v, &r, reads[i], "{}");
		if (r.status == 403 || r.status == 401) {
			print_message("%s: %s\n", reads[i], resp_dump(&r));
			fail();
		}
	}
	resp_free(&r);
	client_free(&v);
}

/* --- Audit ------------------------------------------------------------------------------ */

static void a_scripted_view_is_audited_exactly(void **state)
{
	struct client v, demo, other;
	struct resp r = { 0 };
	char id[64], q[512], *rows;
	const cJSON *view, *m;

	open_view(support1(), "кузнецов", "T-1042: проверка", &v, id);
	api(&v, &r, "getAccounts", "{}");
	api(&v, &r, "getProfile", "{}");
	api(&v, &r, "getAccounts", "{}");
	api(&v, &r, "updateProfile", "{\"name\":\"Игорь\"}");
	assert_error(&r, 403, "READ_ONLY_VIEW");

	snprintf(q, sizeof(q), "SELECT p.login, v.staff_login, v.staff_name, v.reason, "
		 "v.remote_addr, (SELECT group_concat(method) FROM (SELECT method FROM audit_calls "
		 "WHERE view_id = v.id ORDER BY id)) FROM audit_views v JOIN profiles p ON "
		 "p.id = v.profile_id WHERE v.id = '%s'", id);
	rows = kd_sql_str(&kd, q);
	assert_string_equal(rows, "other|support1|Орлова Елена|T-1042: проверка|127.0.0.1|"
				  "getAccounts,getProfile,getAccounts");
	free(rows);
	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM audit_calls WHERE view_id = '%s'", id);
	assert_int_equal(kd_sql_int(&kd, q), 3);

	/* other sees it, newest first, each method once. */
	client_init(&other, &kd);
	client_login(&other, "other", PASSWORD);
	api(&other, &r, "getAccessLog", "{}");
	assert_status(&r, 200);
	view = cJSON_GetArrayItem(json_get(r.json, "views"), 0);
	assert_string_equal(json_str(view, "viewId"), id);
	assert_string_equal(json_str(view, "staffLogin"), "support1");
	assert_string_equal(json_str(view, "staffName"), "Орлова Елена");
	assert_string_equal(json_str(view, "reason"), "T-1042: проверка");
	assert_int_equal(cJSON_GetArraySize(json_get(view, "methods")), 2);
	m = cJSON_GetArrayItem(json_get(view, "methods"), 0);
	assert_string_equal(json_str(m, "method"), "getAccounts");
	m = cJSON_GetArrayItem(json_get(view, "methods"), 1);
	assert_string_equal(json_str(m, "method"), "getProfile");
	/* demo does not. */
	client_init(&demo, &kd);
	client_login(&demo, "demo", PASSWORD);
	api(&demo, &r, "getAccessLog", "{\"limit\":200}");
	assert_status(&r, 200);
	assert_null(strstr(r.raw, id));
	assert_null(strstr(r.raw, "T-1042: проверка"));
	resp_free(&r);
	client_free(&v);
	client_free(&demo);
	client_free(&other);
}

/* --- The end of a view ------------------------------------------------------------------ */

static void assert_view_ended(struct client *v)
{
	struct resp r = { 0 };
	api(v, &r, "getAccounts", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
}

static void a_view_ends_when_closed(void **state)
{
	struct client v;
	struct resp r = { 0 };
	char id[64];

	open_view(support1(), "demo", "T-11", &v, id);
	api_staff(support1(), &r, "staffCloseView", "{\"view\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_view_ended(&v);
	api_staff(support1(), &r, "staffCloseView", "{\"view\":\"%s\"}", id);
	assert_error(&r, 404, "NOT_FOUND");
	/* A made-up token is no view either. */
	snprintf(v.view, sizeof(v.view), "made-up");
	assert_view_ended(&v);
	resp_free(&r);
	client_free(&v);
}

static void a_view_ends_after_15_minutes(void **state)
{
	struct client v;
	struct resp r = { 0 };
	char id[64], q[160];

	open_view(support1(), "demo", "T-12", &v, id);
	snprintf(q, sizeof(q), "UPDATE staff_views SET opened_at = opened_at - 14 * 60 "
		 "WHERE id = '%s'", id);
	kd_sql(&kd, q);
	api(&v, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	snprintf(q, sizeof(q), "UPDATE staff_views SET opened_at = opened_at - 60 WHERE id = '%s'",
		 id);
	kd_sql(&kd, q);
	assert_view_ended(&v);
	/* The staff session itself goes on; the view is not there to close any more. */
	api_staff(support1(), &r, "staffCheckSession", "{}");
	assert_status(&r, 200);
	api_staff(support1(), &r, "staffCloseView", "{\"view\":\"%s\"}", id);
	assert_status(&r, 404);
	assert_string_equal(resp_code(&r), "NOT_FOUND");
	resp_free(&r);
	client_free(&v);
}

static void a_view_ends_when_its_staff_member_is_disabled(void **state)
{
	struct client v;
	struct resp r = { 0 };
	char handle[64];

	handle_of("other", handle);
	api_staff(office1(), &r, "staffOpenView", "{\"subscriber\":\"%s\",\"reason\":\"T-13\"}",
		  handle);
	assert_status(&r, 200);
	client_init(&v, &kd);
	snprintf(v.view, sizeof(v.view), "%s", resp_str(&r, "viewToken"));
	api(&v, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	assert_int_equal(kd_admin(&kd, "staff", "disable", "office1", NULL), 0);
	assert_view_ended(&v);
	resp_free(&r);
	client_free(&v);
	client_free(&off);
	off_in = false;
}

/* A new member of staff with support1's password and authenticator secret (a row of
 * its own, so its codes are counted apart), logged in. */
static void extra_staff(struct client *c, const char *login)
{
	char q[400];
	snprintf(q, sizeof(q), "INSERT INTO staff (login, name, role, pwhash, totp_secret, "
		 "created_at) SELECT '%s', 'Запасной Сотрудник', 'support', pwhash, totp_secret, 0 "
		 "FROM staff WHERE login = 'support1'", login);
	kd_sql(&kd, q);
	staff_login(c, login, SUPPORT1_SECRET);
}

/* The staff session of `login` idle 15 minutes, or 8 hours old (SQL on its times). */
static void a_view_ends_when_its_staff_session_expires(void **state)
{
	static const char *const ages[] = {
		"UPDATE staff_sessions SET last_seen = last_seen - 15 * 60 WHERE staff_id = "
		"(SELECT id FROM staff WHERE login = 'idle1')",
		"UPDATE staff_sessions SET created_at = created_at - 8 * 3600 WHERE staff_id = "
		"(SELECT id FROM staff WHERE login = 'old1')",
	};
	static const char *const logins[] = { "idle1", "old1" };
	struct client s, v;
	struct resp r = { 0 };
	char id[64];

	for (int i = 0; i < 2; i++) {
		extra_staff(&s, logins[i]);
		open_view(&s, "demo", "T-15", &v, id);
		api(&v, &r, "getAccounts", "{}");
		assert_status(&r, 200);
		kd_sql(&kd, ages[i]);
		assert_view_ended(&v);
		client_free(&v);
		client_free(&s);
	}
	resp_free(&r);
}

/* Last: it ends support1's session. */
static void a_view_ends_with_the_staff_session(void **state)
{
	struct client v;
	struct resp r = { 0 };
	char id[64];

	open_view(support1(), "demo", "T-14", &v, id);
	api(&v, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	api_staff(support1(), &r, "staffLogout", "{}");
	assert_status(&r, 200);
	assert_view_ended(&v);
	resp_free(&r);
	client_free(&v);
	client_free(&sup);
	sup_in = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_by_each_key),
		cmocka_unit_test(results_show_masked_contacts_only),
		cmocka_unit_test(at_most_20_results),
		cmocka_unit_test(lookups_are_rate_limited_per_login),
		cmocka_unit_test(lookup_needs_a_staff_session),
		cmocka_unit_test(a_view_needs_a_reason_of_3_to_200_characters),
		cmocka_unit_test(a_view_reads_the_subscribers_cabinet),
		cmocka_unit_test(a_view_reads_no_other_profile),
		cmocka_unit_test(a_view_is_refused_by_every_write),
		cmocka_unit_test(a_view_may_call_every_read),
		cmocka_unit_test(a_scripted_view_is_audited_exactly),
		cmocka_unit_test(a_view_ends_when_closed),
		cmocka_unit_test(a_view_ends_after_15_minutes),
		cmocka_unit_test(a_view_ends_when_its_staff_member_is_disabled),
		cmocka_unit_test(a_view_ends_when_its_staff_session_expires),
		cmocka_unit_test(a_view_ends_with_the_staff_session),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
