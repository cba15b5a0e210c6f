/* API tests of the account methods: the demo accounts and their figures, balances by
 * the recommendedPayment/daysToLock rules, owner details, the attach wizard (by
 * number, service login and phone), reattaching another profile's account, detaching,
 * authorization across profiles and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TODAY "2026-11-22"
#define PASSWD "Kabinet-2026"
#define SVC_PASSWD "Service-2026"
#define PERM "Пермский край"

KD_GROUP(kd, "--today", TODAY);

/* The account with this number in a getAccounts answer, NULL when absent. */
static const cJSON *find_account(const struct resp *r, const char *number)
{
	const cJSON *acc;
	cJSON_ArrayForEach(acc, cJSON_GetObjectItem(r->json, "accounts"))
		if (!strcmp(json_str(acc, "number"), number))
			return acc;
	return NULL;
}

/* What the account's services cost a month, as a user would add it up from
 * getServiceInfo: the tariff and enabled options of every ACTIVE or BLOCKED service. */
static int64_t monthly_fee(struct client *c, const char *number)
{
	struct resp r = { 0 }, info = { 0 };
	const cJSON *svc, *opt;
	int64_t fee = 0;

	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(svc, json_get(find_account(&r, number), "services")) {
		const char *status = json_str(svc, "status");
		if (strcmp(status, "ACTIVE") && strcmp(status, "BLOCKED"))
			continue;
		api(c, &info, "getServiceInfo", "{\"serviceId\":\"%s\"}",
		    json_str(svc, "serviceId"));
		assert_status(&info, 200);
		fee += json_int(json_get(info.json, "tariff"), "monthlyFee");
		cJSON_ArrayForEach(opt, json_get(info.json, "options"))
			if (cJSON_IsTrue(json_get(opt, "enabled")))
				fee += json_int(opt, "monthlyFee");
	}
	resp_free(&info);
	resp_free(&r);
	return fee;
}

/* The id of the first service of `type` on an account; static buffer. */
static const char *service_id_of(struct client *c, const char *number, int type)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *svc;
	id[0] = '\0';
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(svc, json_get(find_account(&r, number), "services"))
		if (json_int(svc, "type") == type && !id[0])
			snprintf(id, sizeof(id), "%s", json_str(svc, "serviceId"));
	resp_free(&r);
	assert_true(id[0] != '\0');
	return id;
}

static void demo_accounts_listed(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *accs, *a, *s;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	api(&c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	accs = json_get(r.json, "accounts");
	assert_int_equal(cJSON_GetArraySize(accs), 3);

	/* Same attach time for all three: ordered by number. */
	a = cJSON_GetArrayItem(accs, 0);
	assert_string_equal(json_str(a, "number"), "590000000001");
	assert_string_equal(json_str(a, "region"), PERM);
	assert_string_equal(json_str(a, "paymentSystem"), "ADVANCE");
	assert_string_equal(json_str(a, "relation"), "OWN");
	assert_non_null(json_str(a, "accountId"));
	assert_true(strlen(json_str(a, "address")) > 0);
	s = json_get(a, "services");
	assert_int_equal(cJSON_GetArraySize(s), 3);
	/* internet, home phone, IPTV: by type */
	assert_int_equal(json_int(cJSON_GetArrayItem(s, 0), "type"), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 0), "number"), "perm_ivanov");
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 0), "status"), "ACTIVE");
	assert_int_equal(json_int(cJSON_GetArrayItem(s, 1), "type"), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 1), "number"), "3422000001");
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 1), "status"), "ACTIVE");
	assert_int_equal(json_int(cJSON_GetArrayItem(s, 2), "type"), 8);
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 2), "status"), "ACTIVE");
	for (int i = 0; i < 3; i++) {
		assert_non_null(json_str(cJSON_GetArrayItem(s, i), "serviceId"));
		assert_non_null(json_str(cJSON_GetArrayItem(s, i), "displayNumber"));
	}

	a = cJSON_GetArrayItem(accs, 1);
	assert_string_equal(json_str(a, "number"), "590000000002");
	assert_string_equal(json_str(a, "relation"), "OWN");
	s = json_get(a, "services");
	assert_int_equal(cJSON_GetArraySize(s), 1);
	assert_int_equal(json_int(cJSON_GetArrayItem(s, 0), "type"), 16);
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 0), "number"), "+79221234522");
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 0), "status"), "ACTIVE");

	a = cJSON_GetArrayItem(accs, 2);
	assert_string_equal(json_str(a, "number"), "740000000003");
	assert_string_equal(json_str(a, "region"), "Челябинская область");
	assert_string_equal(json_str(a, "relation"), "RELATIVE");
	s = json_get(a, "services");
	assert_int_equal(cJSON_GetArraySize(s), 1);
	assert_int_equal(json_int(cJSON_GetArrayItem(s, 0), "type"), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 0), "number"), "chel_ivanova");
	assert_string_equal(json_str(cJSON_GetArrayItem(s, 0), "status"), "BLOCKED");

	/* Nobody else's accounts. */
	assert_null(find_account(&r, "660000000004"));
	assert_null(find_account(&r, "590000000005"));
	assert_null(find_account(&r, "590000000010"));
	resp_free(&r);
	client_free(&c);
}

static void demo_balances_follow_the_rules(void **state)
{
	struct client c;
	struct resp r = { 0 };
	int64_t fee;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);

	/* 830,50 on an ADVANCE account whose fee is higher: pay the difference, and the
	 * services lock on the next billing day, 1 December (9 days from 22 November). */
	fee = monthly_fee(&c, "590000000001");
	assert_true(fee > 0);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}",
	    account_id_by_number(&c, "590000000001"));
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), 83050);
	assert_int_equal(json_int(r.json, "recommendedPayment"), fee > 83050 ? fee - 83050 : 0);
	if (fee > 83050)
		assert_int_equal(json_int(r.json, "daysToLock"), 9);
	else
		assert_true(cJSON_IsNull(json_get(r.json, "daysToLock")));
	assert_true(cJSON_IsNull(json_get(r.json, "promisedPayment")));

	fee = monthly_fee(&c, "590000000002");
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}",
	    account_id_by_number(&c, "590000000002"));
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), 15200);
	assert_int_equal(json_int(r.json, "recommendedPayment"), fee > 15200 ? fee - 15200 : 0);
	if (fee > 15200)
		assert_int_equal(json_int(r.json, "daysToLock"), 9);

	/* In debt with a service blocked: locked already (0), pay the debt and the fee. */
	fee = monthly_fee(&c, "740000000003");
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}",
	    account_id_by_number(&c, "740000000003"));
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), -37480);
	assert_int_equal(json_int(r.json, "recommendedPayment"), fee + 37480);
	assert_int_equal(json_int(r.json, "daysToLock"), 0);
	assert_true(cJSON_IsNull(json_get(r.json, "promisedPayment")));
	resp_free(&r);
	client_free(&c);
}

/* A CREDIT account at zero owes nothing and has no lock date. */
static void credit_balance_of_other(void **state)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	api(&c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "accounts")), 1);
	assert_string_equal(json_str(find_account(&r, "660000000004"), "paymentSystem"), "CREDIT");
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}",
	    account_id_by_number(&c, "660000000004"));
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), 0);
	assert_int_equal(json_int(r.json, "recommendedPayment"), 0);
	assert_true(cJSON_IsNull(json_get(r.json, "daysToLock")));
	assert_true(cJSON_IsNull(json_get(r.json, "promisedPayment")));
	resp_free(&r);
	client_free(&c);
}

/* A CREDIT account in debt: pay the debt, by the due date of the oldest unpaid
 * invoice. other's account is charged December's fee by `admin bill` on a private
 * server; November's invoice (due 20 December) is still unpaid. */
static void credit_balance_in_debt(void **state)
{
	struct kd k2;
	struct client c;
	struct resp r = { 0 };
	char acc[64];
	int64_t fee;

	assert_int_equal(kd_start(&k2, "--today", TODAY, NULL), 0);
	client_init(&c, &k2);
	client_login(&c, "other", PASSWD);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "660000000004"));
	fee = monthly_fee(&c, "660000000004");
	assert_true(fee > 0);
	assert_int_equal(kd_admin(&k2, "bill", "--date", "2026-12-01", NULL), 0);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", acc);
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), -fee);
	assert_int_equal(json_int(r.json, "recommendedPayment"), fee);
	assert_int_equal(json_int(r.json, "daysToLock"), 28);
	assert_true(cJSON_IsNull(json_get(r.json, "promisedPayment")));
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k2), 0);
}

/* With a promised payment the figures follow the promise: on a private server, since
 * a promise changes the balances other tests read. */
static void balance_with_promised_payment(void **state)
{
	struct kd k2;
	struct client c;
	struct resp r = { 0 };
	int64_t fee;
	char acc[64];

	assert_int_equal(kd_start(&k2, "--today", TODAY, NULL), 0);
	client_init(&c, &k2);
	client_login(&c, "demo", PASSWD);

	/* The relative's account: 500,00 promised on -374,80 leaves 125,20, less than the
	 * promise, so the lock date is the promise's last day, 5 days ahead. */
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "740000000003"));
	fee = monthly_fee(&c, "740000000003");
	assert_true(fee >= 50000);
	api(&c, &r, "activatePromisedPayment",
	    "{\"accountId\":\"%s\",\"amount\":50000,\"idempotencyKey\":\"%s\"}", acc, new_uuid());
	assert_status(&r, 200);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", acc);
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), 12520);
	assert_int_equal(json_int(r.json, "recommendedPayment"), fee + 50000 - 12520);
	assert_int_equal(json_int(r.json, "daysToLock"), 5);
	assert_int_equal(json_int(json_get(r.json, "promisedPayment"), "amount"), 50000);
	assert_string_equal(json_str(json_get(r.json, "promisedPayment"), "expiresAt"),
			    "2026-11-27T00:00:00Z");

	/* 590000000001: 100,00 promised on 830,50 leaves more than the promise, so the
	 * lock date is the billing day again. */
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	fee = monthly_fee(&c, "590000000001");
	api(&c, &r, "activatePromisedPayment",
	    "{\"accountId\":\"%s\",\"amount\":10000,\"idempotencyKey\":\"%s\"}", acc, new_uuid());
	assert_status(&r, 200);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", acc);
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), 93050);
	assert_int_equal(json_int(r.json, "recommendedPayment"),
			 fee + 10000 > 93050 ? fee + 10000 - 93050 : 0);
	if (fee > 93050)
		assert_int_equal(json_int(r.json, "daysToLock"), 9);
	else
		assert_true(cJSON_IsNull(json_get(r.json, "daysToLock")));
	assert_int_equal(json_int(json_get(r.json, "promisedPayment"), "amount"), 10000);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k2), 0);
}

static void account_info_masks_owner(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const char *date;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	api(&c, &r, "getAccountInfo", "{\"accountId\":\"%s\"}",
	    account_id_by_number(&c, "740000000003"));
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "ownerName"), "Иванова М. П.");
	assert_string_equal(json_str(r.json, "number"), "740000000003");
	assert_string_equal(json_str(r.json, "region"), "Челябинская область");
	assert_true(strlen(json_str(r.json, "address")) > 0);
	date = json_str(r.json, "contractDate");
	assert_int_equal(strlen(date), 10);
	assert_true(date[4] == '-' && date[7] == '-' && strcmp(date, TODAY) < 0);
	assert_true(cJSON_IsNull(json_get(r.json, "invoiceEmail")));

	api(&c, &r, "getAccountInfo", "{\"accountId\":\"%s\"}",
	    account_id_by_number(&c, "590000000001"));
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "ownerName"), "Иванов П. С.");
	resp_free(&r);
	client_free(&c);
}

/* Another profile's ids answer exactly like unknown ones. */
static void foreign_and_unknown_ids_are_404(void **state)
{
	static const char *const methods[] = { "getAccountBalanceV2", "getAccountInfo",
					       "detachAccount" };
	struct client demo, other;
	struct resp r = { 0 };
	char theirs[64], mine[64];

	client_init(&demo, &kd);
	client_init(&other, &kd);
	client_login(&demo, "demo", PASSWD);
	client_login(&other, "other", PASSWD);
	snprintf(theirs, sizeof(theirs), "%s", account_id_by_number(&other, "660000000004"));
	snprintf(mine, sizeof(mine), "%s", account_id_by_number(&demo, "590000000001"));

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		api(&demo, &r, methods[i], "{\"accountId\":\"%s\"}", theirs);
		assert_error(&r, 404, "NOT_FOUND");
		assert_string_equal(resp_str(&r, "field"), "accountId");
		api(&demo, &r, methods[i], "{\"accountId\":\"acc-no-such-id\"}");
		assert_error(&r, 404, "NOT_FOUND");
		api(&other, &r, methods[i], "{\"accountId\":\"%s\"}", mine);
		assert_error(&r, 404, "NOT_FOUND");
	}
	/* Still theirs, untouched. */
	api(&other, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", theirs);
	assert_status(&r, 200);

	/* An attachId is the profile's own too. */
	api(&other, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000000012\"}", PERM);
	assert_status(&r, 200);
	api(&demo, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    json_str(r.json, "attachId"),
	    json_str(cJSON_GetArrayItem(json_get(r.json, "services"), 0), "serviceId"));
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "attachId");
	resp_free(&r);
	client_free(&demo);
	client_free(&other);
}

static void without_session_is_401(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api(&c, &r, "getAccounts", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"x\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000000010\"}", PERM);
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&c);
}

static void bad_input(void **state)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	/* Wrong types: 400 naming the field. */
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":42}");
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "getAccountInfo", "{\"accountId\":[\"a\"]}");
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "detachAccount", "{\"accountId\":true}");
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "attachAccount", "{\"region\":1,\"number\":\"590000000010\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "region");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":590000000010}", PERM);
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "number");
	api(&c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"a\",\"serviceId\":\"s\",\"servicePassword\":123}");
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "servicePassword");

	/* Missing: 422 naming the field. */
	api(&c, &r, "getAccountBalanceV2", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "getAccountInfo", "{\"accountId\":\"\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "detachAccount", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "attachAccount", "{\"number\":\"590000000010\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "region");
	api(&c, &r, "attachAccountConfirm", "{\"serviceId\":\"s\",\"servicePassword\":\"p\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "attachId");
	api(&c, &r, "attachAccountConfirm", "{\"attachId\":\"a\",\"servicePassword\":\"p\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "serviceId");
	api(&c, &r, "attachAccountConfirm", "{\"attachId\":\"a\",\"serviceId\":\"s\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "servicePassword");

	/* English on request. */
	c.en = true;
	api(&c, &r, "getAccountBalanceV2", "{}");
	assert_string_equal(resp_str(&r, "errorMsg"), "Field accountId is required");
	resp_free(&r);
	client_free(&c);
}

static void attach_lookup_errors(void **state)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	/* Exactly one of number, phone, serviceLogin. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "attachAccount",
	    "{\"region\":\"%s\",\"number\":\"590000000010\",\"serviceLogin\":\"perm_free1\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "attachAccount",
	    "{\"region\":\"%s\",\"number\":\"590000000010\",\"phone\":\"3422000010\","
	    "\"serviceLogin\":\"perm_free1\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	/* Malformed number and phone. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"59000000001\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "number");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"59000000001x\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"phone\":\"342200001\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "phone");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"phone\":\"+1 342 200 00 10\"}", PERM);
	assert_error(&r, 422, "VALIDATION");
	/* Not in that region, or nowhere. */
	api(&c, &r, "attachAccount",
	    "{\"region\":\"Челябинская область\",\"number\":\"590000000010\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "attachAccount",
	    "{\"region\":\"Челябинская область\",\"serviceLogin\":\"perm_free1\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "attachAccount", "{\"region\":\"Челябинская область\",\"phone\":\"3422000010\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000009999\"}", PERM);
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"serviceLogin\":\"no_such_login\"}", PERM);
	assert_error(&r, 404, "NOT_FOUND");
	/* An Internet login is no phone. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"phone\":\"3422000099\"}", PERM);
	assert_error(&r, 404, "NOT_FOUND");
	/* Already this profile's, however it is found. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000000001\"}", PERM);
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"phone\":\"+7 922 123-45-22\"}", PERM);
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"serviceLogin\":\"perm_ivanov\"}", PERM);
	assert_error(&r, 409, "CONFLICT");
	resp_free(&r);
	client_free(&c);
}

/* attachAccount then attachAccountConfirm with the service's password; returns the
 * accountId (static buffer). */
static const char *attach_and_confirm(struct client *c, const char *lookup, int want_services,
				      int pick)
{
	static char account[64];
	struct resp r = { 0 };
	const cJSON *svc;
	char attach_id[64], service_id[64];

	api(c, &r, "attachAccount", "%s", lookup);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "number"), "590000000010");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "services")), want_services);
	snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
	svc = cJSON_GetArrayItem(json_get(r.json, "services"), pick);
	snprintf(service_id, sizeof(service_id), "%s", json_str(svc, "serviceId"));
	api(c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    attach_id, service_id);
	assert_status(&r, 200);
	assert_false(cJSON_IsTrue(json_get(r.json, "reattached")));
	snprintf(account, sizeof(account), "%s", json_str(r.json, "accountId"));
	/* The attempt is used up. */
	api(c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    attach_id, service_id);
	assert_error(&r, 404, "NOT_FOUND");
	resp_free(&r);
	return account;
}

static void detach(struct client *c, const char *account)
{
	struct resp r = { 0 };
	api(c, &r, "detachAccount", "{\"accountId\":\"%s\"}", account);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "OK");
	api(c, &r, "getAccounts", "{}");
	assert_null(find_account(&r, "590000000010"));
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "accounts")), 3);
	api(c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", account);
	assert_error(&r, 404, "NOT_FOUND");
	api(c, &r, "detachAccount", "{\"accountId\":\"%s\"}", account);
	assert_error(&r, 404, "NOT_FOUND");
	resp_free(&r);
}

static void attach_by_number_then_detach(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *svcs, *acc;
	char account[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000000010\"}", PERM);
	assert_status(&r, 200);
	assert_true(strlen(json_str(r.json, "attachId")) > 0);
	svcs = json_get(r.json, "services");
	assert_int_equal(cJSON_GetArraySize(svcs), 2);
	assert_int_equal(json_int(cJSON_GetArrayItem(svcs, 0), "type"), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(svcs, 0), "number"), "perm_free1");
	assert_int_equal(json_int(cJSON_GetArrayItem(svcs, 1), "type"), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(svcs, 1), "number"), "3422000010");
	assert_non_null(json_str(cJSON_GetArrayItem(svcs, 1), "displayNumber"));

	/* Prove it with the home phone's password this time. */
	snprintf(account, sizeof(account), "%s",
		 attach_and_confirm(&c, "{\"region\":\"" PERM "\",\"number\":\"590000000010\"}",
				    2, 1));
	api(&c, &r, "getAccounts", "{}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "accounts")), 4);
	/* The newest attachment comes last; the owner is no Иванов: a relative's. */
	acc = cJSON_GetArrayItem(json_get(r.json, "accounts"), 3);
	assert_string_equal(json_str(acc, "number"), "590000000010");
	assert_string_equal(json_str(acc, "accountId"), account);
	assert_string_equal(json_str(acc, "relation"), "RELATIVE");
	assert_int_equal(cJSON_GetArraySize(json_get(acc, "services")), 2);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", account);
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "balance"), 0);
	api(&c, &r, "getAccountInfo", "{\"accountId\":\"%s\"}", account);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "ownerName"), "Петров Н. А.");
	/* Attached now: a second attach is a conflict. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000000010\"}", PERM);
	assert_error(&r, 409, "CONFLICT");
	detach(&c, account);
	resp_free(&r);
	client_free(&c);
}

static void attach_by_service_login(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *svcs;
	char attach_id[64], inet[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	/* The login offers only its own service, whatever its case. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"serviceLogin\":\"perm_free1\"}", PERM);
	assert_status(&r, 200);
	svcs = json_get(r.json, "services");
	assert_int_equal(cJSON_GetArraySize(svcs), 1);
	assert_int_equal(json_int(cJSON_GetArrayItem(svcs, 0), "type"), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(svcs, 0), "number"), "perm_free1");
	snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
	snprintf(inet, sizeof(inet), "%s", json_str(cJSON_GetArrayItem(svcs, 0), "serviceId"));

	/* The home phone of the same account was not offered. */
	api(&c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    attach_id, service_id_of(&c, "590000000001", 2));
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "serviceId");
	api(&c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"no-such-service\",\"servicePassword\":\"x\"}",
	    attach_id);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "serviceId");

	detach(&c, attach_and_confirm(&c, "{\"region\":\"" PERM "\",\"serviceLogin\":\"PERM_FREE1\"}",
				      1, 0));
	resp_free(&r);
	client_free(&c);
}

static void attach_by_phone(void **state)
{
	static const char *const forms[] = { "3422000010", "83422000010", "+73422000010",
					     "+7 (342) 200-00-10", "7 342 200 00 10" };
	struct client c;
	struct resp r = { 0 };
	const cJSON *svcs;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"phone\":\"%s\"}", PERM, forms[i]);
		assert_status(&r, 200);
		svcs = json_get(r.json, "services");
		assert_int_equal(cJSON_GetArraySize(svcs), 1);
		assert_int_equal(json_int(cJSON_GetArrayItem(svcs, 0), "type"), 2);
		assert_string_equal(json_str(cJSON_GetArrayItem(svcs, 0), "number"), "3422000010");
	}
	detach(&c, attach_and_confirm(&c, "{\"region\":\"" PERM "\",\"phone\":\"8 342 200-00-10\"}",
				      1, 0));
	resp_free(&r);
	client_free(&c);
}

static void attach_wrong_password_limit(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char attach_id[64], svc[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"number\":\"590000000010\"}", PERM);
	assert_status(&r, 200);
	snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
	snprintf(svc, sizeof(svc), "%s",
		 json_str(cJSON_GetArrayItem(json_get(r.json, "services"), 0), "serviceId"));
	for (int i = 1; i <= 4; i++) {
		api(&c, &r, "attachAccountConfirm",
		    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"Wrong-%d\"}",
		    attach_id, svc, i);
		assert_error(&r, 422, "VALIDATION");
		assert_string_equal(resp_str(&r, "field"), "servicePassword");
	}
	/* The 5th wrong password voids the attempt ... */
	api(&c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"Wrong-5\"}",
	    attach_id, svc);
	assert_error(&r, 409, "LIMIT_EXCEEDED");
	/* ... so even the right one no longer works with it. */
	api(&c, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    attach_id, svc);
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "getAccounts", "{}");
	assert_null(find_account(&r, "590000000010"));
	resp_free(&r);
	client_free(&c);
}

/* Wrong passwords over many attachIds: a day's budget per profile, then 429. On a
 * private server, since the budget is the profile's. */
static void attach_daily_failure_budget(void **state)
{
	struct kd k2;
	struct client c;
	struct resp r = { 0 };
	char attach_id[64], svc[64];

	assert_int_equal(kd_start(&k2, "--today", TODAY, NULL), 0);
	client_init(&c, &k2);
	client_login(&c, "demo", PASSWD);
	for (int round = 0; round < 4; round++) {
		api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"serviceLogin\":\"perm_free1\"}",
		    PERM);
		assert_status(&r, 200);
		snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
		snprintf(svc, sizeof(svc), "%s",
			 json_str(cJSON_GetArrayItem(json_get(r.json, "services"), 0),
				  "serviceId"));
		for (int i = 0; i < 5; i++) {
			api(&c, &r, "attachAccountConfirm",
			    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"bad%d\"}",
			    attach_id, svc, i);
			assert_error(&r, i < 4 ? 422 : 409, i < 4 ? "VALIDATION" : "LIMIT_EXCEEDED");
		}
	}
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"serviceLogin\":\"perm_free1\"}", PERM);
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 0);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k2), 0);
}

/* other's account moves to demo with the service password; other's autopay rule on it
 * goes, since it pays with other's card. */
static void reattach_from_other_profile(void **state)
{
	struct kd k2;
	struct client demo, other;
	struct resp r = { 0 };
	char theirs[64], attach_id[64], card[64];
	const cJSON *acc;

	assert_int_equal(kd_start(&k2, "--today", TODAY, NULL), 0);
	client_init(&demo, &k2);
	client_init(&other, &k2);
	client_login(&demo, "demo", PASSWD);
	client_login(&other, "other", PASSWD);
	snprintf(theirs, sizeof(theirs), "%s", account_id_by_number(&other, "660000000004"));
	api(&other, &r, "bindCard",
	    "{\"card\":{\"pan\":\"2200000000000004\",\"expMonth\":12,\"expYear\":2030,"
	    "\"holder\":\"IGOR KUZNETSOV\",\"cvc\":\"123\"},\"idempotencyKey\":\"%s\"}", new_uuid());
	assert_status(&r, 200);
	snprintf(card, sizeof(card), "%s", json_str(r.json, "cardId"));
	api(&other, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\",\"threshold\":10000,"
	    "\"amount\":50000}", theirs, card);
	assert_status(&r, 200);
	api(&other, &r, "getAutopayRules", "{}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "rules")), 1);

	api(&demo, &r, "attachAccount",
	    "{\"region\":\"Свердловская область\",\"number\":\"660000000004\"}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "services")), 1);
	snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
	api(&demo, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    attach_id, json_str(cJSON_GetArrayItem(json_get(r.json, "services"), 0), "serviceId"));
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(json_get(r.json, "reattached")));
	assert_string_equal(json_str(r.json, "accountId"), theirs);

	/* demo holds it now, as a relative's account; other sees it no more. */
	api(&demo, &r, "getAccounts", "{}");
	acc = find_account(&r, "660000000004");
	assert_non_null(acc);
	assert_string_equal(json_str(acc, "relation"), "RELATIVE");
	api(&demo, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", theirs);
	assert_status(&r, 200);
	api(&other, &r, "getAccounts", "{}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "accounts")), 0);
	api(&other, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", theirs);
	assert_error(&r, 404, "NOT_FOUND");
	api(&other, &r, "getAutopayRules", "{}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "rules")), 0);
	api(&demo, &r, "getAutopayRules", "{}");
	cJSON_ArrayForEach(acc, json_get(r.json, "rules"))
		assert_string_not_equal(json_str(acc, "accountId"), theirs);

	/* other can take it back the same way. */
	api(&other, &r, "attachAccount",
	    "{\"region\":\"Свердловская область\",\"serviceLogin\":\"ekb_kuznetsov\"}");
	assert_status(&r, 200);
	snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
	api(&other, &r, "attachAccountConfirm",
	    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD "\"}",
	    attach_id, json_str(cJSON_GetArrayItem(json_get(r.json, "services"), 0), "serviceId"));
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(json_get(r.json, "reattached")));
	api(&other, &r, "getAccounts", "{}");
	assert_string_equal(json_str(find_account(&r, "660000000004"), "relation"), "OWN");
	api(&demo, &r, "getAccounts", "{}");
	assert_null(find_account(&r, "660000000004"));
	resp_free(&r);
	client_free(&demo);
	client_free(&other);
	assert_int_equal(kd_stop(&k2), 0);
}

/* Detaching an account removes its autopay rules with it. */
static void detach_drops_autopay_rules(void **state)
{
	struct kd k2;
	struct client c;
	struct resp r = { 0 };
	const cJSON *rule;
	char acc[64];
	int before = 0;

	assert_int_equal(kd_start(&k2, "--today", TODAY, NULL), 0);
	client_init(&c, &k2);
	client_login(&c, "demo", PASSWD);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	api(&c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(rule, json_get(r.json, "rules"))
		before += !strcmp(json_str(rule, "accountId"), acc);
	assert_int_equal(before, 1);
	api(&c, &r, "detachAccount", "{\"accountId\":\"%s\"}", acc);
	assert_status(&r, 200);
	api(&c, &r, "getAutopayRules", "{}");
	cJSON_ArrayForEach(rule, json_get(r.json, "rules"))
		assert_string_not_equal(json_str(rule, "accountId"), acc);
	api(&c, &r, "getAccounts", "{}");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "accounts")), 2);
	assert_null(find_account(&r, "590000000001"));

	/* Back with the internet password; the rule stays gone. */
	api(&c, &r, "attachAccount", "{\"region\":\"%s\",\"serviceLogin\":\"perm_ivanov\"}", PERM);
	assert_status(&r, 200);
	{
		char attach_id[64];
		snprintf(attach_id, sizeof(attach_id), "%s", json_str(r.json, "attachId"));
		api(&c, &r, "attachAccountConfirm",
		    "{\"attachId\":\"%s\",\"serviceId\":\"%s\",\"servicePassword\":\"" SVC_PASSWD
		    "\"}", attach_id,
		    json_str(cJSON_GetArrayItem(json_get(r.json, "services"), 0), "serviceId"));
	}
	assert_status(&r, 200);
	assert_false(cJSON_IsTrue(json_get(r.json, "reattached")));
	api(&c, &r, "getAccounts", "{}");
	assert_string_equal(json_str(find_account(&r, "590000000001"), "relation"), "OWN");
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "accounts"), 2), "number"),
			    "590000000001");
	api(&c, &r, "getAutopayRules", "{}");
	cJSON_ArrayForEach(rule, json_get(r.json, "rules"))
		assert_string_not_equal(json_str(rule, "accountId"), acc);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_accounts_listed),
		cmocka_unit_test(demo_balances_follow_the_rules),
		cmocka_unit_test(credit_balance_of_other),
		cmocka_unit_test(credit_balance_in_debt),
		cmocka_unit_test(balance_with_promised_payment),
		cmocka_unit_test(account_info_masks_owner),
		cmocka_unit_test(foreign_and_unknown_ids_are_404),
		cmocka_unit_test(without_session_is_401),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(attach_lookup_errors),
		cmocka_unit_test(attach_by_number_then_detach),
		cmocka_unit_test(attach_by_service_login),
		cmocka_unit_test(attach_by_phone),
		cmocka_unit_test(attach_wrong_password_limit),
		cmocka_unit_test(attach_daily_failure_budget),
		cmocka_unit_test(reattach_from_other_profile),
		cmocka_unit_test(detach_drops_autopay_rules),
	};
	return cmocka_run_group_tests_name("accounts", tests, group_setup, group_teardown);
}
