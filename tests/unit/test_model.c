/* Unit tests of the client's data model: well-formed and malformed API replies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kabinet/model/model.h"
#include "kabinet/net/envelope.h"

static const char accounts_json[] =
	"{\"accounts\":[{\"accountId\":\"acc1\",\"number\":\"590000000001\",\"region\":"
	"\"Пермский край\",\"address\":\"г. Пермь\",\"paymentSystem\":\"ADVANCE\",\"relation\":"
	"\"OWN\",\"services\":[{\"serviceId\":\"s1\",\"type\":1,\"number\":\"perm_ivanov\","
	"\"displayNumber\":\"perm_ivanov\",\"status\":\"ACTIVE\"},{\"serviceId\":\"s2\",\"type\":8,"
	"\"number\":\"iptv\",\"displayNumber\":\"IPTV\",\"status\":\"BLOCKED\"}]},"
	"{\"accountId\":\"acc3\",\"number\":\"740000000003\",\"region\":\"Челябинская область\","
	"\"address\":\"\",\"paymentSystem\":\"CREDIT\",\"relation\":\"RELATIVE\",\"services\":[]}]}";

static void parses_accounts(void **state)
{
	struct account_list list;
	struct model_err err;
	assert_int_equal(model_parse_accounts(accounts_json, &list, &err), MODEL_OK);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].number, "590000000001");
	assert_string_equal(list.items[0].region, "Пермский край");
	assert_false(list.items[0].credit);
	assert_false(list.items[0].relative);
	assert_int_equal(list.items[0].nservices, 2);
	assert_int_equal(list.items[0].services[1].type, SVC_IPTV);
	assert_int_equal(list.items[0].services[1].status, SVC_BLOCKED);
	assert_true(list.items[1].credit);
	assert_true(list.items[1].relative);
	assert_int_equal(list.items[1].nservices, 0);
	assert_false(list.items[0].bal.known);

	assert_int_equal(model_apply_tariff_names("{\"tariffNames\":{\"s1\":\"Домашний 300\"}}",
						  &list, &err), MODEL_OK);
	assert_string_equal(list.items[0].services[0].tariff, "Домашний 300");
	assert_string_equal(list.items[0].services[1].tariff, "");
	model_free_accounts(&list);
}

static void rejects_malformed_accounts(void **state)
{
	static const char *const bad[] = {
		"", "[]", "{}", "{\"accounts\":{}}", "not json", "{\"accounts\":[1]}",
		"{\"accounts\":[{\"number\":\"1\"}]}",
		"{\"accounts\":[{\"accountId\":5,\"number\":\"1\"}]}",
		"{\"accounts\":[{\"accountId\":\"a\",\"number\":\"1\",\"services\":\"x\"}]}",
		"{\"accounts\":[{\"accountId\":\"a\",\"number\":\"1\",\"services\":[{\"serviceId\":"
		"\"s\",\"type\":\"1\",\"status\":\"ACTIVE\"}]}]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct account_list list;
		struct model_err err = { "" };
		assert_int_equal(model_parse_accounts(bad[i], &list, &err), MODEL_BAD);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(list.n, 0);
		assert_null(list.items);
	}
}

static void parses_balance_in_kopecks(void **state)
{
	struct balance b;
	struct model_err err;
	assert_int_equal(model_parse_balance("{\"balance\":-37480,\"recommendedPayment\":37480,"
					     "\"daysToLock\":0,\"promisedPayment\":null}", &b, &err),
			 MODEL_OK);
	assert_true(b.known);
	assert_int_equal(b.balance, -37480);
	assert_int_equal(b.recommended, 37480);
	assert_true(b.has_days_to_lock);
	assert_int_equal(b.days_to_lock, 0);
	assert_false(b.has_promised);

	assert_int_equal(model_parse_balance("{\"balance\":83050,\"recommendedPayment\":0,"
					     "\"daysToLock\":null,\"promisedPayment\":{\"amount\":"
					     "50000,\"expiresAt\":\"2026-11-27T00:00:00Z\"}}", &b, &err),
			 MODEL_OK);
	assert_false(b.has_days_to_lock);
	assert_true(b.has_promised);
	assert_int_equal(b.promised_amount, 50000);
	assert_string_equal(b.promised_expires, "2026-11-27T00:00:00Z");
}

static void rejects_fractional_or_huge_money(void **state)
{
	static const char *const bad[] = {
		"{\"balance\":830.5}", "{\"balance\":\"83050\"}", "{\"balance\":1e300}",
		"{\"recommendedPayment\":1}", "{\"balance\":1,\"promisedPayment\":5}",
		"{\"balance\":1,\"promisedPayment\":{\"amount\":0.5}}",
		"{\"balance\":18014398509481984}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct balance b = { .balance = 7 };
		struct model_err err;
		assert_int_equal(model_parse_balance(bad[i], &b, &err), MODEL_BAD);
		assert_int_equal(b.balance, 7);
	}
}

static void parses_login_replies(void **state)
{
	struct login_reply lr;
	struct model_err err;
	assert_int_equal(model_parse_login("{\"status\":\"OK\",\"rememberToken\":\"tok\"}", &lr, &err),
			 MODEL_OK);
	assert_false(lr.otp_required);
	assert_string_equal(lr.remember_token, "tok");
	assert_int_equal(model_parse_login("{\"status\":\"OTP_REQUIRED\",\"otpId\":\"o1\",\"sentTo\":"
					   "\"+7 (922) ***-**-11\",\"resendAfter\":60}", &lr, &err),
			 MODEL_OK);
	assert_true(lr.otp_required);
	assert_string_equal(lr.otp_id, "o1");
	assert_int_equal(lr.resend_after, 60);
	assert_int_equal(model_parse_login("{\"status\":\"WHAT\"}", &lr, &err), MODEL_BAD);
	assert_int_equal(model_parse_login("{\"status\":\"OTP_REQUIRED\"}", &lr, &err), MODEL_BAD);
}

/* A one-time password from the office: the handle read, no code step, no token; a
 * handle missing or not an id is a bad reply, and nothing of it stays. */
static void parses_password_change_required(void **state)
{
	struct login_reply lr;
	struct model_err err;
	char *body;

	(void)state;
	assert_int_equal(model_parse_login("{\"status\":\"PASSWORD_CHANGE_REQUIRED\",\"handle\":"
					   "\"Xq0_abc-123\"}", &lr, &err), MODEL_OK);
	assert_true(lr.password_change);
	assert_false(lr.otp_required);
	assert_string_equal(lr.handle, "Xq0_abc-123");
	assert_string_equal(lr.remember_token, "");
	assert_int_equal(model_parse_login("{\"status\":\"PASSWORD_CHANGE_REQUIRED\"}", &lr, &err),
			 MODEL_BAD);
	assert_string_equal(lr.handle, "");
	assert_int_equal(model_parse_login("{\"status\":\"PASSWORD_CHANGE_REQUIRED\",\"handle\":"
					   "\"a b\\u001b\"}", &lr, &err), MODEL_BAD);
	assert_false(lr.password_change);
	assert_int_equal(model_parse_login("{\"status\":\"OK\"}", &lr, &err), MODEL_OK);
	assert_false(lr.password_change);
	body = model_body_initial_password("h1", "New-pass1");
	assert_string_equal(body, "{\"handle\":\"h1\",\"newPassword\":\"New-pass1\"}");
	model_free_secret_body(body);
}

static void parses_error_bodies(void **state)
{
	char code[32], msg[128], field[32];
	assert_int_equal(envelope_parse_error("{\"isError\":true,\"errorCode\":\"VALIDATION\","
					   "\"errorMsg\":\"Поле amount обязательно\",\"field\":"
					   "\"amount\"}", code, sizeof(code), msg, sizeof(msg),
					   field, sizeof(field)), 0);
	assert_string_equal(code, "VALIDATION");
	assert_string_equal(field, "amount");
	assert_int_equal(envelope_parse_error("{\"balance\":1}", code, sizeof(code), msg, sizeof(msg),
					   field, sizeof(field)), 0);
	assert_string_equal(code, "");
	assert_int_equal(envelope_parse_error("<html>", code, sizeof(code), msg, sizeof(msg), field,
					   sizeof(field)), -1);
	/* A NUL in the text is shown as U+FFFD, not an end of the message. */
	assert_int_equal(envelope_parse_error("{\"isError\":true,\"errorCode\":\"VALIDATION\","
					   "\"errorMsg\":\"a\\u0000b\"}", code, sizeof(code), msg,
					   sizeof(msg), field, sizeof(field)), 0);
	assert_string_equal(msg, "a\xef\xbf\xbd" "b");
}

static void builds_escaped_bodies(void **state)
{
	char *b = model_body_login("de\"mo", "pa\\ss", true, NULL);
	assert_string_equal(b, "{\"login\":\"de\\\"mo\",\"passwd\":\"pa\\\\ss\",\"remember\":true}");
	model_free_secret_body(b);
	/* The device's name goes only with "remember me": no device is made without. */
	b = model_body_login("demo", "pw", true, "kabinet 0.1.0 on \"desk\" (Debian 12)");
	assert_string_equal(b, "{\"login\":\"demo\",\"passwd\":\"pw\",\"remember\":true,"
			       "\"deviceName\":\"kabinet 0.1.0 on \\\"desk\\\" (Debian 12)\"}");
	model_free_secret_body(b);
	b = model_body_login("demo", "pw", false, "kabinet 0.1.0 on desk");
	assert_string_equal(b, "{\"login\":\"demo\",\"passwd\":\"pw\",\"remember\":false}");
	model_free_secret_body(b);
	b = model_body_account("acc1");
	assert_string_equal(b, "{\"accountId\":\"acc1\"}");
	model_free_secret_body(b);
}

static void parses_resend_after(void **state)
{
	char *b = model_body_resend("o1");
	assert_string_equal(b, "{\"otpId\":\"o1\"}");
	model_free_secret_body(b);
	assert_int_equal(model_parse_resend_after("{\"resendAfter\":45}", 60), 45);
	assert_int_equal(model_parse_resend_after("{}", 60), 60);
	assert_int_equal(model_parse_resend_after("{\"resendAfter\":-5}", 60), 60);
	assert_int_equal(model_parse_resend_after("{\"resendAfter\":\"x\"}", 60), 60);
	assert_int_equal(model_parse_resend_after("junk", 60), 60);
}

static void parses_bonus(void **state)
{
	struct bonus bo;
	struct model_err err;
	assert_int_equal(model_parse_bonus("{\"status\":\"ACTIVE\",\"balance\":1250,\"levelInfo\":"
					   "{\"level\":\"STANDARD\",\"name\":\"Стандарт\","
					   "\"expireDate\":\"2027-12-31\"},\"balanceBurningPoints\":"
					   "[{\"points\":300,\"burningDate\":\"2026-12-31\"}]}", &bo,
					   &err), MODEL_OK);
	assert_true(bo.active);
	assert_int_equal(bo.points, 1250);
	assert_int_equal(bo.burning_points, 300);
	assert_string_equal(bo.burning_date, "2026-12-31");
	assert_int_equal(model_parse_bonus("{\"status\":\"MISSING\",\"balance\":0,\"levelInfo\":null,"
					   "\"balanceBurningPoints\":[]}", &bo, &err), MODEL_OK);
	assert_false(bo.active);
}

/* Odd but possible data: duplicates shown once, long text cut on a character
 * boundary, ids never cut, figures beyond 2^53 refused rather than rounded. */
static void odd_data_is_taken_sensibly(void **state)
{
	struct account_list list;
	struct model_err err = { "" };
	struct balance b;
	char json[2048], region[700] = "";

	(void)state;
	for (int i = 0; i < 100; i++)
		strcat(region, "Пе");	/* 400 bytes of Cyrillic: the most a region has, kept whole */
	snprintf(json, sizeof(json),
		 "{\"accounts\":[{\"accountId\":\"a1\",\"number\":\"590000000001\",\"region\":\"%s\","
		 "\"services\":[{\"serviceId\":\"s\",\"type\":1,\"status\":\"ACTIVE\"},"
		 "{\"serviceId\":\"s\",\"type\":1,\"status\":\"ACTIVE\"}]},"
		 "{\"accountId\":\"a1\",\"number\":\"590000000002\"},"
		 "{\"accountId\":\"a2\",\"number\":\"590000000003\"}]}",
		 region);
	assert_int_equal(model_parse_accounts(json, &list, &err), MODEL_OK);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].number, "590000000001");
	assert_int_equal(list.items[0].nservices, 1);
	assert_string_equal(list.items[1].number, "590000000003");
	assert_string_equal(list.items[0].region, region);
	model_free_accounts(&list);

	/* An id too long to keep whole is a bad reply, not a shortened id. */
	memset(region, 'x', 100);
	region[100] = '\0';
	snprintf(json, sizeof(json),
		 "{\"accounts\":[{\"accountId\":\"%s\",\"number\":\"590000000001\"}]}",
		 region);
	assert_int_equal(model_parse_accounts(json, &list, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "accountId"));

	assert_int_equal(model_parse_balance("{\"balance\":9007199254740993}", &b, &err), MODEL_BAD);
	assert_non_null(strstr(err.msg, "2^53"));
	assert_int_equal(model_parse_balance("{\"balance\":-9007199254740992}", &b, &err), MODEL_BAD);
	assert_int_equal(model_parse_balance("{\"balance\":9007199254740991,\"recommendedPayment\":0,"
					     "\"daysToLock\":-3}", &b, &err), MODEL_OK);
	assert_true(b.balance == 9007199254740991LL);
	assert_true(b.has_days_to_lock && b.days_to_lock == -3);
}

/* Three accounts, the first with services s0..s119, the second with none and the
 * third with s120..s249. */
static void three_accounts_250_services(struct account_list *list, struct account accs[3],
					struct service svcs[250])
{
	memset(svcs, 0, 250 * sizeof(*svcs));
	for (int i = 0; i < 250; i++)
		snprintf(svcs[i].id, sizeof(svcs[i].id), "s%d", i);
	accs[0].services = svcs;
	accs[0].nservices = 120;
	accs[2].services = svcs + 120;
	accs[2].nservices = 130;
	list->items = accs;
	list->n = 3;
}

/* getServiceTariffName takes at most 100 ids: bodies in batches, in order. */
static void tariff_names_are_asked_in_batches(void **state)
{
	struct account_list list = { 0 };
	struct account accs[3] = { 0 };
	struct service svcs[250];
	char *body;

	(void)state;
	three_accounts_250_services(&list, accs, svcs);
	assert_int_equal(model_count_services(&list), 250);
	body = model_body_services(&list, 0, MODEL_TARIFF_BATCH);
	assert_non_null(strstr(body, "\"s0\""));
	assert_non_null(strstr(body, "\"s99\""));
	assert_null(strstr(body, "\"s100\""));
	model_free_secret_body(body);
	body = model_body_services(&list, 200, MODEL_TARIFF_BATCH);
	assert_null(strstr(body, "\"s199\""));
	assert_non_null(strstr(body, "\"s200\""));
	assert_non_null(strstr(body, "\"s249\""));
	assert_true(strstr(body, "\"s249\"]") != NULL);
	model_free_secret_body(body);
}

/* A batch that starts inside one account and ends in another. */
static void tariff_batches_step_over_whole_accounts(void **state)
{
	struct account_list list = { 0 };
	struct account accs[3] = { 0 };
	struct service svcs[250];
	char *body;

	(void)state;
	three_accounts_250_services(&list, accs, svcs);
	body = model_body_services(&list, 100, MODEL_TARIFF_BATCH);
	assert_non_null(strstr(body, "[\"s100\","));
	assert_non_null(strstr(body, "\"s119\",\"s120\""));
	assert_non_null(strstr(body, ",\"s199\"]"));
	model_free_secret_body(body);
	body = model_body_services(&list, 250, MODEL_TARIFF_BATCH);
	assert_non_null(strstr(body, "[]"));
	model_free_secret_body(body);
}

/* 10 000 accounts with a service each, and the odd ones a server may send among them:
 * an account listed again (the first kept), a service listed twice under one account
 * (once), a service id under two accounts (both rows; found under the first). Every
 * one is found by its id; tariff names go where their ids say, the first of a
 * repeated name winning. */
static void ten_thousand_accounts_are_found_by_id(void **state)
{
	size_t cap = 10050 * 200, used = 0;
	char *json = malloc(cap);
	struct account_list list;
	struct model_err err = { "" };
	const struct account *a;

	(void)state;
	assert_non_null(json);
	used += (size_t)snprintf(json + used, cap - used, "{\"accounts\":[");
	for (int i = 1; i <= 10000; i++)
		used += (size_t)snprintf(json + used, cap - used,
					 "%s{\"accountId\":\"acc%d\",\"number\":\"%012d\",\"services\":"
					 "[{\"serviceId\":\"svc%d\",\"type\":1,\"status\":\"ACTIVE\"}%s]}",
					 i > 1 ? "," : "", i, i, i,
					 i == 5000 ? ",{\"serviceId\":\"svc5000\",\"type\":2,\"status\":"
						     "\"BLOCKED\"},{\"serviceId\":\"svc1\",\"type\":1,"
						     "\"status\":\"ACTIVE\"},{\"serviceId\":\"svc1\","
						     "\"type\":2,\"status\":\"ACTIVE\"}" : "");
	snprintf(json + used, cap - used,
		 ",{\"accountId\":\"acc7\",\"number\":\"999999999999\",\"services\":[]}]}");
	assert_int_equal(model_parse_accounts(json, &list, &err), MODEL_OK);
	free(json);
	assert_int_equal(list.n, 10000);
	a = model_find_account(&list, "acc7");
	assert_non_null(a);
	assert_string_equal(a->number, "000000000007");
	assert_ptr_equal(model_find_account(&list, "acc10000"), &list.items[9999]);
	assert_null(model_find_account(&list, "acc10001"));
	assert_null(model_find_account(&list, ""));
	/* acc5000: svc5000 once (the first, ACTIVE), and svc1 of acc1 again, once. */
	a = model_find_account(&list, "acc5000");
	assert_int_equal(a->nservices, 2);
	assert_int_equal(a->services[0].status, SVC_ACTIVE);
	assert_string_equal(a->services[1].id, "svc1");
	assert_ptr_equal(model_find_service(&list, "svc1"), &list.items[0].services[0]);
	assert_ptr_equal(model_find_service(&list, "svc10000"), &list.items[9999].services[0]);
	assert_null(model_find_service(&list, "svc0"));

	assert_int_equal(model_apply_tariff_names("{\"tariffNames\":{\"svc10000\":\"Гигабит\","
						  "\"svc9999\":\"Первое\",\"nosuch\":\"x\","
						  "\"svc9998\":null,\"svc9999\":\"Второе\"}}",
						  &list, &err), MODEL_OK);
	assert_string_equal(list.items[9999].services[0].tariff, "Гигабит");
	assert_string_equal(list.items[9998].services[0].tariff, "Первое");
	assert_string_equal(list.items[9997].services[0].tariff, "");
	assert_int_equal(model_apply_tariff_names("{\"tariffNames\":{}}", &list, &err), MODEL_OK);
	assert_int_equal(model_apply_tariff_names("{\"tariffNames\":[]}", &list, &err), MODEL_BAD);
	model_free_accounts(&list);
	assert_null(model_find_account(&list, "acc7"));
}

/* A list put together by hand: found without an index, then with one; a repeated
 * account id is told. */
static void a_list_made_by_hand_is_indexed(void **state)
{
	struct account accs[3] = { 0 };
	struct service svc = { .id = "s" };
	struct account_list list = { .items = accs, .n = 3 };

	(void)state;
	snprintf(accs[0].id, sizeof(accs[0].id), "a");
	snprintf(accs[1].id, sizeof(accs[1].id), "b");
	snprintf(accs[2].id, sizeof(accs[2].id), "c");
	accs[2].services = &svc;
	accs[2].nservices = 1;
	assert_ptr_equal(model_find_account(&list, "c"), &accs[2]);
	assert_ptr_equal(model_find_service(&list, "s"), &svc);
	assert_int_equal(model_index_accounts(&list), 0);
	assert_true(list.accounts_by_id.cap > 0);
	assert_ptr_equal(model_find_account(&list, "b"), &accs[1]);
	assert_ptr_equal(model_find_service(&list, "s"), &svc);
	assert_null(model_find_service(&list, "t"));
	snprintf(accs[2].id, sizeof(accs[2].id), "a");
	assert_int_equal(model_index_accounts(&list), 1);
	assert_ptr_equal(model_find_account(&list, "a"), &accs[0]);
	free(list.accounts_by_id.slots);
	free(list.services_by_id.slots);
}

/* The API's length rules for login, said before a request is sent. */
static void login_rules_are_checked_first(void **state)
{
	char pw[512];

	(void)state;
	assert_null(model_login_problem("demo", "Kabinet-2026"));
	assert_non_null(model_login_problem("", "x"));
	assert_non_null(model_login_problem("demo", ""));
	memset(pw, 'a', 257);
	pw[257] = '\0';
	assert_non_null(model_login_problem("demo", pw));
	pw[256] = '\0';
	assert_null(model_login_problem("demo", pw));
	/* Characters, not bytes: 200 Cyrillic letters are 400 bytes and fine. */
	pw[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(pw, "жж");
	assert_null(model_login_problem(NULL, pw));
}

/* A string member of a JSON object, or NULL. */
static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* `kabinet accounts --json`: every account with its services in the API's words, the
 * tariff null until its name is known, the server's text kept (escaped, not lost). */
static void accounts_json_has_the_apis_words(void **state)
{
	struct account_list list;
	struct model_err err;
	const cJSON *accs, *a, *svcs, *sv;
	cJSON *root;
	char *text;

	(void)state;
	assert_int_equal(model_parse_accounts(accounts_json, &list, &err), MODEL_OK);
	assert_int_equal(model_apply_tariff_names("{\"tariffNames\":{\"s1\":\"Домашний \\\"300\\\"\\u001b[2J\"}}",
						  &list, &err), MODEL_OK);
	text = model_accounts_json(&list);
	assert_non_null(text);
	/* The control character is escaped, never raw, in the text. */
	assert_null(strchr(text, '\033'));
	root = cJSON_Parse(text);
	assert_non_null(root);
	accs = cJSON_GetObjectItemCaseSensitive(root, "accounts");
	assert_int_equal(cJSON_GetArraySize(accs), 2);

	a = cJSON_GetArrayItem(accs, 0);
	assert_string_equal(jstr(a, "accountId"), "acc1");
	assert_string_equal(jstr(a, "number"), "590000000001");
	assert_string_equal(jstr(a, "region"), "Пермский край");
	assert_string_equal(jstr(a, "address"), "г. Пермь");
	assert_string_equal(jstr(a, "paymentSystem"), "ADVANCE");
	assert_string_equal(jstr(a, "relation"), "OWN");
	assert_null(cJSON_GetObjectItemCaseSensitive(a, "balance"));
	svcs = cJSON_GetObjectItemCaseSensitive(a, "services");
	assert_int_equal(cJSON_GetArraySize(svcs), 2);
	sv = cJSON_GetArrayItem(svcs, 0);
	assert_string_equal(jstr(sv, "serviceId"), "s1");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(sv, "type")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(sv, "type")->valueint, SVC_INTERNET);
	assert_string_equal(jstr(sv, "number"), "perm_ivanov");
	assert_string_equal(jstr(sv, "displayNumber"), "perm_ivanov");
	assert_string_equal(jstr(sv, "status"), "ACTIVE");
	assert_string_equal(jstr(sv, "tariff"), "Домашний \"300\"\033[2J");
	sv = cJSON_GetArrayItem(svcs, 1);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(sv, "type")->valueint, SVC_IPTV);
	assert_string_equal(jstr(sv, "displayNumber"), "IPTV");
	assert_string_equal(jstr(sv, "status"), "BLOCKED");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(sv, "tariff")));

	a = cJSON_GetArrayItem(accs, 1);
	assert_string_equal(jstr(a, "paymentSystem"), "CREDIT");
	assert_string_equal(jstr(a, "relation"), "RELATIVE");
	/* Not sent: null, not "" (docs/api.md sends none empty). */
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "address")));
	svcs = cJSON_GetObjectItemCaseSensitive(a, "services");
	assert_true(cJSON_IsArray(svcs));
	assert_int_equal(cJSON_GetArraySize(svcs), 0);
	cJSON_Delete(root);
	free(text);
	model_free_accounts(&list);

	/* No accounts: an empty list, still one JSON object. */
	text = model_accounts_json(&list);
	assert_string_equal(text, "{\"accounts\":[]}");
	free(text);
}

/* A status the client does not know is passed on as the server said it. */
static void accounts_json_keeps_an_unknown_status(void **state)
{
	struct account_list list;
	struct model_err err;
	char *text;

	(void)state;
	assert_int_equal(model_parse_accounts(
		"{\"accounts\":[{\"accountId\":\"a\",\"number\":\"590000000001\",\"services\":"
		"[{\"serviceId\":\"s\",\"type\":99,\"number\":\"n\",\"status\":\"ARCHIVED\"}]}]}", &list, &err),
		MODEL_OK);
	assert_int_equal(list.items[0].services[0].status, SVC_STATUS_UNKNOWN);
	text = model_accounts_json(&list);
	assert_non_null(strstr(text, "\"type\":99,"));
	assert_non_null(strstr(text, "\"status\":\"ARCHIVED\""));
	/* displayNumber absent: null in --json (the screens show the number). */
	assert_string_equal(list.items[0].services[0].display_number, "n");
	assert_non_null(strstr(text, "\"displayNumber\":null"));
	assert_non_null(strstr(text, "\"number\":\"n\""));
	free(text);
	model_free_accounts(&list);
}

/* Text the server left out is null in --json, never "": an account's region and
 * address, a service's number and displayNumber. */
static void accounts_json_says_null_for_what_was_not_sent(void **state)
{
	struct account_list list;
	struct model_err err;
	const cJSON *a, *sv;
	cJSON *root;
	char *text;

	(void)state;
	assert_int_equal(model_parse_accounts(
		"{\"accounts\":[{\"accountId\":\"a\",\"number\":\"590000000001\",\"region\":null,"
		"\"services\":[{\"serviceId\":\"s\",\"type\":1,\"status\":\"ACTIVE\"}]}]}",
		&list, &err), MODEL_OK);
	text = model_accounts_json(&list);
	root = cJSON_Parse(text);
	a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "accounts"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "region")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "address")));
	sv = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a, "services"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(sv, "number")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(sv, "displayNumber")));
	cJSON_Delete(root);
	free(text);
	model_free_accounts(&list);
}

/* A service's status goes out in --json as the API's word: one longer than the
 * client holds, or not a word of capital letters and '_', is a bad reply, never cut. */
static void a_service_status_is_whole_or_bad(void **state)
{
	static const char *const statuses[] = {
		"\"A_STATUS_OF_MORE_THAN_THIRTY_ONE_BYTES\"", "\"active\"", "\"ACTIVE\\u0000X\"",
		"\"\"", "null", "5",
	};
	char json[512];
	struct account_list list;
	struct model_err err;

	(void)state;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		snprintf(json, sizeof(json),
			 "{\"accounts\":[{\"accountId\":\"a\",\"number\":\"590000000001\","
			 "\"services\":[{\"serviceId\":\"s\",\"type\":1,\"status\":%s}]}]}",
			 statuses[i]);
		assert_int_equal(model_parse_accounts(json, &list, &err), MODEL_BAD);
		assert_non_null(strstr(err.msg, "status"));
	}
	/* 31 bytes fit whole. */
	assert_int_equal(model_parse_accounts(
		"{\"accounts\":[{\"accountId\":\"a\",\"number\":\"590000000001\",\"services\":"
		"[{\"serviceId\":\"s\",\"type\":1,\"status\":\"A_STATUS_OF_THIRTY_ONE_BYTES_XX\"}]}]}",
		&list, &err), MODEL_OK);
	assert_string_equal(list.items[0].services[0].status_code, "A_STATUS_OF_THIRTY_ONE_BYTES_XX");
	model_free_accounts(&list);
}

/* A service's login of the API's 64 characters, Cyrillic ones (128 bytes) too, is
 * taken whole. */
static void a_long_service_login_is_whole(void **state)
{
	char login[64 * 4 + 1] = "", json[1024];
	struct account_list list;
	struct model_err err;

	(void)state;
	for (int i = 0; i < 64; i++)
		strcat(login, "\xd0\xb6");	/* ж */
	snprintf(json, sizeof(json),
		 "{\"accounts\":[{\"accountId\":\"a\",\"number\":\"590000000001\",\"services\":"
		 "[{\"serviceId\":\"s\",\"type\":1,\"number\":\"%s\",\"displayNumber\":\"%s\","
		 "\"status\":\"ACTIVE\"}]}]}", login, login);
	assert_int_equal(model_parse_accounts(json, &list, &err), MODEL_OK);
	assert_string_equal(list.items[0].services[0].number, login);
	assert_string_equal(list.items[0].services[0].display_number, login);
	model_free_accounts(&list);
}

/* [ and ]: all accounts, then each in turn, and round again; a gone id is "all". */
static void steps_through_all_and_each_account(void **state)
{
	static struct account items[2] = { { .id = "a1" }, { .id = "a2" } };
	struct account_list list = { .items = items, .n = 2 };

	(void)state;
	assert_string_equal(model_account_step(&list, "", 1), "a1");
	assert_string_equal(model_account_step(&list, "a1", 1), "a2");
	assert_string_equal(model_account_step(&list, "a2", 1), "");
	assert_string_equal(model_account_step(&list, "", -1), "a2");
	assert_string_equal(model_account_step(&list, "a1", -1), "");
	assert_string_equal(model_account_step(&list, "gone", 1), "a1");
	list.n = 0;
	assert_string_equal(model_account_step(&list, "", 1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_password_change_required),
		cmocka_unit_test(parses_accounts),
		cmocka_unit_test(steps_through_all_and_each_account),
		cmocka_unit_test(accounts_json_says_null_for_what_was_not_sent),
		cmocka_unit_test(a_service_status_is_whole_or_bad),
		cmocka_unit_test(a_long_service_login_is_whole),
		cmocka_unit_test(rejects_malformed_accounts),
		cmocka_unit_test(parses_balance_in_kopecks),
		cmocka_unit_test(rejects_fractional_or_huge_money),
		cmocka_unit_test(parses_login_replies),
		cmocka_unit_test(parses_error_bodies),
		cmocka_unit_test(builds_escaped_bodies),
		cmocka_unit_test(parses_bonus),
		cmocka_unit_test(parses_resend_after),
		cmocka_unit_test(odd_data_is_taken_sensibly),
		cmocka_unit_test(tariff_names_are_asked_in_batches),
		cmocka_unit_test(tariff_batches_step_over_whole_accounts),
		cmocka_unit_test(ten_thousand_accounts_are_found_by_id),
		cmocka_unit_test(a_list_made_by_hand_is_indexed),
		cmocka_unit_test(login_rules_are_checked_first),
		cmocka_unit_test(accounts_json_has_the_apis_words),
		cmocka_unit_test(accounts_json_keeps_an_unknown_status),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
