/* API tests of the bonus program: status, paying an account with points, limits,
 * idempotent replay, joining. The server's date is pinned so that dates are exact. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"
#define TODAY "2026-11-22"

KD_GROUP(kd, "--today", TODAY);

static int64_t points(struct client *c)
{
	struct resp r = { 0 };
	int64_t p;
	api(c, &r, "getFplStatus", "{}");
	assert_status(&r, 200);
	p = resp_int(&r, "balance");
	resp_free(&r);
	return p;
}

static void demo_status(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *info, *burning, *lot;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getFplStatus", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "ACTIVE");
	assert_int_equal(resp_int(&r, "balance"), 1250);
	info = json_get(r.json, "levelInfo");
	assert_string_equal(json_str(info, "level"), "STANDARD");
	assert_string_equal(json_str(info, "name"), "Стандарт");
	assert_string_equal(json_str(info, "expireDate"), "2027-12-31");
	burning = json_get(r.json, "balanceBurningPoints");
	assert_int_equal(cJSON_GetArraySize(burning), 1);
	lot = cJSON_GetArrayItem(burning, 0);
	assert_int_equal(json_int(lot, "points"), 300);
	assert_string_equal(json_str(lot, "burningDate"), "2026-12-31");

	c.en = true;
	api(&c, &r, "getFplStatus", "{}");
	assert_status(&r, 200);
	assert_string_equal(json_str(json_get(r.json, "levelInfo"), "name"), "Standard");
	resp_free(&r);
	client_free(&c);
}

static void spend_pays_account(void **state)
{
	struct client c;
	struct resp r = { 0 }, again = { 0 };
	const cJSON *burning, *item;
	char acc1[64], key[40];
	int64_t before;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	before = account_balance(&c, acc1);
	snprintf(key, sizeof(key), "%s", new_uuid());

	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":100,\"idempotencyKey\":\"%s\"}",
	    acc1, key);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "balance"), 1150);
	assert_int_equal(resp_int(&r, "accountBalance"), before + 10000);
	assert_int_equal(account_balance(&c, acc1), before + 10000);

	/* The points that burn soonest went first. */
	api(&c, &again, "getFplStatus", "{}");
	assert_int_equal(resp_int(&again, "balance"), 1150);
	burning = json_get(again.json, "balanceBurningPoints");
	assert_int_equal(cJSON_GetArraySize(burning), 1);
	assert_int_equal(json_int(cJSON_GetArrayItem(burning, 0), "points"), 200);

	/* The account's history shows the payment. */
	api(&c, &again, "getPaymentHistory", "{\"accountId\":\"%s\",\"types\":[\"BONUS\"]}", acc1);
	assert_status(&again, 200);
	item = cJSON_GetArrayItem(json_get(again.json, "items"), 0);
	assert_non_null(item);
	assert_string_equal(json_str(item, "date"), TODAY);
	assert_int_equal(json_int(item, "amount"), 10000);
	assert_string_equal(json_str(item, "description"), "Оплата бонусами: 100 баллов");

	/* The same key and body: the first answer again, nothing spent twice. */
	api(&c, &again, "spendBonuses",
	    "{\"accountId\":\"%s\",\"points\":100,\"idempotencyKey\":\"%s\"}", acc1, key);
	assert_status(&again, 200);
	assert_int_equal(resp_int(&again, "balance"), 1150);
	assert_int_equal(resp_int(&again, "accountBalance"), before + 10000);
	assert_int_equal(account_balance(&c, acc1), before + 10000);
	assert_int_equal(points(&c), 1150);
	/* The same key with another body. */
	api(&c, &again, "spendBonuses",
	    "{\"accountId\":\"%s\",\"points\":101,\"idempotencyKey\":\"%s\"}", acc1, key);
	assert_error(&again, 409, "IDEMPOTENCY_MISMATCH");
	assert_int_equal(points(&c), 1150);
	resp_free(&again);
	resp_free(&r);
	client_free(&c);
}

static void spend_limits(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char acc1[64], ekb[64];
	int64_t have, before;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	have = points(&c);
	before = account_balance(&c, acc1);

	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":%lld,\"idempotencyKey\":\"%s\"}",
	    acc1, (long long)have + 1, new_uuid());
	assert_error(&r, 409, "LIMIT_EXCEEDED");
	assert_string_equal(resp_str(&r, "field"), "points");
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":0,\"idempotencyKey\":\"%s\"}",
	    acc1, new_uuid());
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "points");
	api(&c, &r, "spendBonuses",
	    "{\"accountId\":\"%s\",\"points\":1000001,\"idempotencyKey\":\"%s\"}", acc1, new_uuid());
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"idempotencyKey\":\"%s\"}", acc1,
	    new_uuid());
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "points");
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":1.5,\"idempotencyKey\":\"%s\"}",
	    acc1, new_uuid());
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":10}", acc1);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "idempotencyKey");

	/* Another profile's account is not found, like an unknown one. */
	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);
	snprintf(ekb, sizeof(ekb), "%s", account_id_by_number(&o, "660000000004"));
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":10,\"idempotencyKey\":\"%s\"}",
	    ekb, new_uuid());
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "spendBonuses",
	    "{\"accountId\":\"acc-nope\",\"points\":10,\"idempotencyKey\":\"%s\"}", new_uuid());
	assert_error(&r, 404, "NOT_FOUND");

	/* Nothing moved. */
	assert_int_equal(points(&c), have);
	assert_int_equal(account_balance(&c, acc1), before);
	resp_free(&r);
	client_free(&o);
	client_free(&c);
}

static void spend_more_than_the_burning_lot(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc1[64];
	int64_t have;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	have = points(&c);
	assert_int_equal(have, 1150);
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":250,\"idempotencyKey\":\"%s\"}",
	    acc1, new_uuid());
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "balance"), 900);
	api(&c, &r, "getFplStatus", "{}");
	assert_int_equal(resp_int(&r, "balance"), 900);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "balanceBurningPoints")), 0);
	resp_free(&r);
	client_free(&c);
}

/* The statuses of an account's services, comma-separated (static buffer). */
static const char *account_services(struct client *c, const char *number)
{
	static char buf[256];
	struct resp r = { 0 };
	const cJSON *acc, *svc;
	buf[0] = '\0';
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(acc, json_get(r.json, "accounts")) {
		if (strcmp(json_str(acc, "number"), number))
			continue;
		cJSON_ArrayForEach(svc, json_get(acc, "services")) {
			strncat(buf, json_str(svc, "status"), sizeof(buf) - strlen(buf) - 2);
			strcat(buf, ",");
		}
	}
	resp_free(&r);
	return buf;
}

/* The relative's account is blocked for debt (−374,80 ₽); 375 points clear it. */
static void spend_unblocks_account(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc3[64];
	int64_t before;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc3, sizeof(acc3), "%s", account_id_by_number(&c, "740000000003"));
	before = account_balance(&c, acc3);
	assert_int_equal(before, -37480);
	assert_true(strstr(account_services(&c, "740000000003"), "BLOCKED") != NULL);
	api(&c, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":375,\"idempotencyKey\":\"%s\"}",
	    acc3, new_uuid());
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "accountBalance"), 20);
	assert_string_equal(account_services(&c, "740000000003"), "ACTIVE,");
	resp_free(&r);
	client_free(&c);
}

static void other_joins(void **state)
{
	struct client o;
	struct resp r = { 0 };
	const cJSON *info;
	char ekb[64];

	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);
	snprintf(ekb, sizeof(ekb), "%s", account_id_by_number(&o, "660000000004"));
	api(&o, &r, "getFplStatus", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "MISSING");
	assert_int_equal(resp_int(&r, "balance"), 0);
	assert_true(cJSON_IsNull(json_get(r.json, "levelInfo")));
	assert_true(cJSON_IsArray(json_get(r.json, "balanceBurningPoints")));
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "balanceBurningPoints")), 0);

	api(&o, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":1,\"idempotencyKey\":\"%s\"}",
	    ekb, new_uuid());
	assert_error(&r, 409, "CONFLICT");

	api(&o, &r, "joinBonusProgram", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "ACTIVE");
	assert_int_equal(resp_int(&r, "balance"), 0);
	info = json_get(r.json, "levelInfo");
	assert_string_equal(json_str(info, "level"), "BASIC");
	assert_string_equal(json_str(info, "name"), "Базовый");
	assert_string_equal(json_str(info, "expireDate"), "2027-11-22");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "balanceBurningPoints")), 0);

	api(&o, &r, "joinBonusProgram", "{}");
	assert_error(&r, 409, "CONFLICT");
	/* In the program, with no points to spend. */
	api(&o, &r, "spendBonuses", "{\"accountId\":\"%s\",\"points\":1,\"idempotencyKey\":\"%s\"}",
	    ekb, new_uuid());
	assert_error(&r, 409, "LIMIT_EXCEEDED");

	o.en = true;
	api(&o, &r, "getFplStatus", "{}");
	assert_string_equal(resp_str(&r, "status"), "ACTIVE");
	assert_string_equal(json_str(json_get(r.json, "levelInfo"), "name"), "Basic");
	api(&o, &r, "joinBonusProgram", "{}");
	assert_error(&r, 409, "CONFLICT");
	assert_string_equal(resp_str(&r, "errorMsg"), "You are already in the bonus program");
	resp_free(&r);
	client_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_status),
		cmocka_unit_test(spend_pays_account),
		cmocka_unit_test(spend_limits),
		cmocka_unit_test(spend_more_than_the_burning_lot),
		cmocka_unit_test(spend_unblocks_account),
		cmocka_unit_test(other_joins),
	};
	return cmocka_run_group_tests_name("bonus", tests, group_setup, group_teardown);
}
