/* API tests of card payments: bound cards, createPayment with every test card,
 * 3-D Secure, idempotent replay, validation, authorization, unblocking after payment. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define DEMO_CARD_MASK "2200 00** **** 0004"
#define PAN_OK "2200000000000004"
#define PAN_3DS "4000000000000002"
#define PAN_NO_FUNDS "5555555555554444"
#define PAN_BLOCKED "2200000000000038"

KD_GROUP(kd);

/* A new card object; year 2030 is in the future for any test date of this project. */
static const char *card(const char *pan, int month, int year, const char *cvc)
{
	static char bufs[4][160];
	static int next;
	char *b = bufs[next++ % 4];
	snprintf(b, sizeof(bufs[0]),
		 "{\"pan\":\"%s\",\"expMonth\":%d,\"expYear\":%d,\"holder\":\"IVAN PETROV\","
		 "\"cvc\":\"%s\"}", pan, month, year, cvc);
	return b;
}

static const char *new_card_source(const char *pan)
{
	static char bufs[4][200];
	static int next;
	char *b = bufs[next++ % 4];
	snprintf(b, sizeof(bufs[0]), "{\"card\":%s}", card(pan, 12, 2030, "123"));
	return b;
}

static const char *card_id_source(const char *card_id)
{
	static char bufs[4][120];
	static int next;
	char *b = bufs[next++ % 4];
	snprintf(b, sizeof(bufs[0]), "{\"cardId\":\"%s\"}", card_id);
	return b;
}

/* createPayment of one item; amount is raw JSON so tests can send bad values. */
static long pay(struct client *c, struct resp *r, const char *key, const char *account,
		const char *amount, const char *source)
{
	return api(c, r, "createPayment",
		   "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":%s}],"
		   "\"source\":%s}", key, account, amount, source);
}

/* The cardId of the bound card with this mask, or NULL. */
static const char *bound_card(struct client *c, const char *mask)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *it;
	const char *found = NULL;
	api(c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "cards")) {
		if (!strcmp(cJSON_GetObjectItem(it, "mask")->valuestring, mask)) {
			snprintf(id, sizeof(id), "%s", cJSON_GetObjectItem(it, "cardId")->valuestring);
			found = id;
		}
	}
	resp_free(&r);
	return found;
}

static int bound_count(struct client *c)
{
	struct resp r = { 0 };
	int n;
	api(c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	n = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "cards"));
	resp_free(&r);
	return n;
}

/* A wrong code that surely differs from the right one. */
static void wrong_code(const char *code, char *out)
{
	snprintf(out, 7, "%s", code);
	out[0] = (char)('0' + (out[0] - '0' + 1) % 10);
}

static void login_demo(struct client *c)
{
	client_init(c, &kd);
	client_login(c, "demo", "Kabinet-2026");
}

/* An outbox line holding both strings (receipts have no code, so kd_outbox_code cannot
 * find them). */
static bool outbox_has(const char *a, const char *b)
{
	FILE *f = fopen(kd.outbox, "r");
	char line[4096];
	bool found = false;
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, a) && strstr(line, b);
	fclose(f);
	return found;
}

static void demo_card_is_listed(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *first;
	login_demo(&c);
	api(&c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	first = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "cards"), 0);
	assert_non_null(first);
	assert_string_equal(cJSON_GetObjectItem(first, "mask")->valuestring, DEMO_CARD_MASK);
	assert_string_equal(cJSON_GetObjectItem(first, "paymentSystem")->valuestring, "MIR");
	assert_string_equal(cJSON_GetObjectItem(first, "expires")->valuestring, "12/30");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(first, "cardId")));
	resp_free(&r);
	client_free(&c);
}

static void bound_card_payment_credits_exact_amount(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const char *acc;
	char acc_id[64], pay_id[64];
	int64_t before;
	const cJSON *items, *top;

	login_demo(&c);
	acc = account_id_by_number(&c, "590000000001");
	snprintf(acc_id, sizeof(acc_id), "%s", acc);
	before = account_balance(&c, acc_id);
	pay(&c, &r, new_uuid(), acc_id, "12345", card_id_source(bound_card(&c, DEMO_CARD_MASK)));
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(resp_int(&r, "amount"), 12345);
	items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "accountId")->valuestring,
			    acc_id);
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	assert_int_equal(account_balance(&c, acc_id), before + 12345);

	api(&c, &r, "getPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_str(&r, "kind", "PAYMENT");
	assert_str(&r, "cardMask", DEMO_CARD_MASK);
	assert_int_equal(resp_int(&r, "amount"), 12345);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "declineReason")));
	assert_non_null(resp_str(&r, "createdAt"));
	assert_int_equal(strlen(resp_str(&r, "createdAt")), 20);

	/* The money arrived as a PAYMENT row of the history. */
	api(&c, &r, "getPaymentHistory", "{\"accountId\":\"%s\",\"limit\":1}", acc_id);
	assert_status(&r, 200);
	top = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
	assert_non_null(top);
	assert_string_equal(cJSON_GetObjectItem(top, "type")->valuestring, "PAYMENT");
	assert_int_equal((int64_t)cJSON_GetObjectItem(top, "amount")->valuedouble, 12345);
	assert_non_null(strstr(cJSON_GetObjectItem(top, "description")->valuestring, DEMO_CARD_MASK));
	resp_free(&r);
	client_free(&c);
}

static void two_item_payment(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char a1[64], a2[64];
	int64_t b1, b2;

	login_demo(&c);
	snprintf(a1, sizeof(a1), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(a2, sizeof(a2), "%s", account_id_by_number(&c, "590000000002"));
	b1 = account_balance(&c, a1);
	b2 = account_balance(&c, a2);
	api(&c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":1000},"
	    "{\"accountId\":\"%s\",\"amount\":250000}],\"source\":%s}", new_uuid(), a1, a2,
	    new_card_source(PAN_OK));
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(resp_int(&r, "amount"), 251000);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")), 2);
	assert_int_equal(account_balance(&c, a1), b1 + 1000);
	assert_int_equal(account_balance(&c, a2), b2 + 250000);
	resp_free(&r);
	client_free(&c);
}

static void declined_cards_credit_nothing(void **state)
{
	static const struct {
		const char *pan, *reason;
	} cases[] = { { PAN_NO_FUNDS, "INSUFFICIENT_FUNDS" }, { PAN_BLOCKED, "CARD_BLOCKED" } };
	struct client c;
	struct resp r = { 0 };
	char acc[64], pay_id[64];
	int64_t before;
	int cards;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	cards = bound_count(&c);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		before = account_balance(&c, acc);
		pay(&c, &r, new_uuid(), acc, "5000", new_card_source(cases[i].pan));
		assert_status(&r, 200);
		assert_str(&r, "status", "DECLINED");
		assert_str(&r, "declineReason", cases[i].reason);
		snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
		assert_int_equal(account_balance(&c, acc), before);
		api(&c, &r, "getPayment", "{\"paymentId\":\"%s\"}", pay_id);
		assert_status(&r, 200);
		assert_str(&r, "status", "DECLINED");
		assert_str(&r, "declineReason", cases[i].reason);
	}
	/* A one-off card, even a successful one, is never bound. */
	pay(&c, &r, new_uuid(), acc, "100", new_card_source(PAN_OK));
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(bound_count(&c), cards);
	resp_free(&r);
	client_free(&c);
}

/* Starts a 3-D Secure payment of `amount` on acc with the one-off 3DS card: PENDING_3DS,
 * its paymentId copied into pay_id (64 bytes), r holding the answer. Returns the code sent
 * to the card (malloc'ed). */
static char *pay_3ds(struct client *c, struct resp *r, struct kd *k, const char *acc,
		     const char *amount, char *pay_id)
{
	char *code;
	pay(c, r, new_uuid(), acc, amount, new_card_source(PAN_3DS));
	assert_status(r, 200);
	assert_str(r, "status", "PENDING_3DS");
	snprintf(pay_id, 64, "%s", resp_str(r, "paymentId"));
	code = kd_outbox_code(k, "4000 00** **** 0002");
	assert_non_null(code);
	return code;
}

static void three_ds_payment_and_safe_retry(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], pay_id[64], bad[8];
	char *code;
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	before = account_balance(&c, acc);
	code = pay_3ds(&c, &r, &kd, acc, "77700", pay_id);
	assert_str(&r, "sentTo", "4000 00** **** 0002");
	assert_int_equal(account_balance(&c, acc), before);
	assert_int_equal(strlen(code), 6);

	api(&c, &r, "getPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_str(&r, "status", "PENDING_3DS");

	wrong_code(code, bad);
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, bad);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"12ab\"}", pay_id);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":123456}", pay_id);
	assert_error(&r, 400, "BAD_REQUEST");
	assert_int_equal(account_balance(&c, acc), before);

	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(account_balance(&c, acc), before + 77700);

	/* The answer got lost; the client asks again: same status, no second credit. */
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	api(&c, &r, "getPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(account_balance(&c, acc), before + 77700);
	free(code);
	resp_free(&r);
	client_free(&c);
}

static void three_wrong_codes_decline(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], pay_id[64], bad[8];
	char *code;
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	before = account_balance(&c, acc);
	code = pay_3ds(&c, &r, &kd, acc, "4400", pay_id);
	wrong_code(code, bad);
	for (int i = 0; i < 2; i++) {
		api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, bad);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "code");
	}
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, bad);
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "3DS_FAILED");
	/* Even the right code cannot revive it now. */
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	api(&c, &r, "getPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "3DS_FAILED");
	assert_int_equal(account_balance(&c, acc), before);
	free(code);
	resp_free(&r);
	client_free(&c);
}

/* A code older than 5 minutes: a second kabinetd on the same database whose clock is a
 * day later sees the code expired. */
static void expired_code_declines(void **state)
{
	struct kd a, b;
	struct client ca, cb;
	struct resp r = { 0 };
	char acc[64], pay_id[64];
	char *code;
	int64_t before;

	assert_int_equal(kd_start(&a, "--today", "2026-11-22", NULL), 0);
	assert_int_equal(kd_start(&b, "--db", a.db, "--today", "2026-11-23", NULL), 0);
	client_init(&ca, &a);
	client_login(&ca, "demo", "Kabinet-2026");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&ca, "590000000001"));
	before = account_balance(&ca, acc);
	code = pay_3ds(&ca, &r, &a, acc, "3000", pay_id);

	client_init(&cb, &b);
	client_login(&cb, "demo", "Kabinet-2026");
	api(&cb, &r, "getPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "3DS_EXPIRED");
	api(&cb, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "3DS_EXPIRED");
	assert_int_equal(account_balance(&cb, acc), before);

	free(code);
	resp_free(&r);
	client_free(&ca);
	client_free(&cb);
	assert_int_equal(kd_stop(&b), 0);
	assert_int_equal(kd_stop(&a), 0);
}

static void idempotent_replay(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], key[40], pay_id[64];
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(key, sizeof(key), "%s", new_uuid());
	before = account_balance(&c, acc);
	pay(&c, &r, key, acc, "2100", new_card_source(PAN_OK));
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	pay(&c, &r, key, acc, "2100", new_card_source(PAN_OK));
	assert_status(&r, 200);
	assert_str(&r, "paymentId", pay_id);
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(account_balance(&c, acc), before + 2100);

	pay(&c, &r, key, acc, "2200", new_card_source(PAN_OK));
	assert_error(&r, 409, "IDEMPOTENCY_MISMATCH");
	assert_int_equal(account_balance(&c, acc), before + 2100);

	api(&c, &r, "createPayment", "{\"items\":[{\"accountId\":\"%s\",\"amount\":100}],"
				     "\"source\":%s}", acc, new_card_source(PAN_OK));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "idempotencyKey");
	assert_int_equal(account_balance(&c, acc), before + 2100);

	/* Past its 48 hours a key is forgotten: the same key is a new payment then. */
	kd_sql(&kd, "UPDATE idempotency SET created_at = created_at - 49 * 3600");
	pay(&c, &r, key, acc, "2200", new_card_source(PAN_OK));
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_string_not_equal(resp_str(&r, "paymentId"), pay_id);
	assert_int_equal(account_balance(&c, acc), before + 2100 + 2200);
	resp_free(&r);
	client_free(&c);
}

static void bad_amounts(void **state)
{
	static const struct {
		const char *json;
		long status;
	} cases[] = {
		{ "0", 422 }, { "-100", 422 }, { "99", 422 }, { "1500001", 422 }, { "1e300", 422 },
		{ "-1e300", 422 }, { "9007199254740993", 422 }, { "\"100\"", 400 }, { "100.5", 400 },
		{ "null", 422 }, { "true", 400 }, { "{}", 400 },
	};
	struct client c;
	struct resp r = { 0 };
	char acc[64];
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	before = account_balance(&c, acc);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pay(&c, &r, new_uuid(), acc, cases[i].json, new_card_source(PAN_OK));
		assert_error(&r, cases[i].status, cases[i].status == 400 ? "BAD_REQUEST" : "VALIDATION");
		assert_field(&r, "items[0].amount");
	}
	/* The limits themselves are accepted. */
	pay(&c, &r, new_uuid(), acc, "100", new_card_source(PAN_OK));
	assert_str(&r, "status", "SUCCEEDED");
	pay(&c, &r, new_uuid(), acc, "1500000", new_card_source(PAN_OK));
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(account_balance(&c, acc), before + 1500100);
	resp_free(&r);
	client_free(&c);
}

static void bad_items(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], acc2[64], items[2048];
	size_t n = 0;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(acc2, sizeof(acc2), "%s", account_id_by_number(&c, "590000000002"));

	n += (size_t)snprintf(items + n, sizeof(items) - n, "[");
	for (int i = 0; i < 11; i++)
		n += (size_t)snprintf(items + n, sizeof(items) - n, "%s{\"accountId\":\"%s\",\"amount\":100}",
				      i ? "," : "", i % 2 ? acc : acc2);
	snprintf(items + n, sizeof(items) - n, "]");
	api(&c, &r, "createPayment", "{\"idempotencyKey\":\"%s\",\"items\":%s,\"source\":%s}",
	    new_uuid(), items, new_card_source(PAN_OK));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items");

	api(&c, &r, "createPayment", "{\"idempotencyKey\":\"%s\",\"items\":[],\"source\":%s}",
	    new_uuid(), new_card_source(PAN_OK));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items");
	api(&c, &r, "createPayment", "{\"idempotencyKey\":\"%s\",\"source\":%s}", new_uuid(),
	    new_card_source(PAN_OK));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items");
	api(&c, &r, "createPayment", "{\"idempotencyKey\":\"%s\",\"items\":{},\"source\":%s}",
	    new_uuid(), new_card_source(PAN_OK));
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "createPayment", "{\"idempotencyKey\":\"%s\",\"items\":[42],\"source\":%s}",
	    new_uuid(), new_card_source(PAN_OK));
	assert_error(&r, 400, "BAD_REQUEST");
	assert_field(&r, "items[0]");

	api(&c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":100},"
	    "{\"accountId\":\"%s\",\"amount\":200}],\"source\":%s}", new_uuid(), acc, acc,
	    new_card_source(PAN_OK));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[1].accountId");

	api(&c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":100},"
	    "{\"accountId\":\"acc-no-such\",\"amount\":200}],\"source\":%s}", new_uuid(), acc,
	    new_card_source(PAN_OK));
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "items[1].accountId");

	api(&c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"amount\":100}],\"source\":%s}", new_uuid(),
	    new_card_source(PAN_OK));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[0].accountId");
	resp_free(&r);
	client_free(&c);
}

static void foreign_ids_are_404(void **state)
{
	struct client demo, other;
	struct resp r = { 0 };
	char demo_acc[64], other_acc[64], demo_pay[64], demo_card[64];
	int64_t before;

	login_demo(&demo);
	snprintf(demo_acc, sizeof(demo_acc), "%s", account_id_by_number(&demo, "590000000001"));
	snprintf(demo_card, sizeof(demo_card), "%s", bound_card(&demo, DEMO_CARD_MASK));
	before = account_balance(&demo, demo_acc);
	pay(&demo, &r, new_uuid(), demo_acc, "100", new_card_source(PAN_OK));
	assert_status(&r, 200);
	snprintf(demo_pay, sizeof(demo_pay), "%s", resp_str(&r, "paymentId"));

	client_init(&other, &kd);
	client_login(&other, "other", "Kabinet-2026");
	snprintf(other_acc, sizeof(other_acc), "%s", account_id_by_number(&other, "660000000004"));
	pay(&other, &r, new_uuid(), demo_acc, "5000", new_card_source(PAN_OK));
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "items[0].accountId");
	pay(&other, &r, new_uuid(), other_acc, "5000", card_id_source(demo_card));
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "source.cardId");
	api(&other, &r, "getPayment", "{\"paymentId\":\"%s\"}", demo_pay);
	assert_error(&r, 404, "NOT_FOUND");
	api(&other, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"123456\"}", demo_pay);
	assert_error(&r, 404, "NOT_FOUND");
	api(&other, &r, "unbindCard", "{\"cardId\":\"%s\"}", demo_card);
	assert_error(&r, 404, "NOT_FOUND");
	api(&other, &r, "getBoundCards", "{}");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "cards")), 0);
	/* other's own account takes a payment. */
	pay(&other, &r, new_uuid(), other_acc, "5000", new_card_source(PAN_OK));
	assert_str(&r, "status", "SUCCEEDED");

	api(&demo, &r, "getPayment", "{\"paymentId\":\"pay-no-such\"}");
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "paymentId");
	assert_int_equal(account_balance(&demo, demo_acc), before + 100);
	resp_free(&r);
	client_free(&demo);
	client_free(&other);
}

static void card_validation(void **state)
{
	static const struct {
		const char *pan;
		int month, year;
		const char *cvc, *field;
	} cases[] = {
		{ "2200000000000005", 12, 2030, "123", "card.pan" },	/* Luhn */
		{ "220000000000004", 12, 2030, "123", "card.pan" },	/* 15 digits */
		{ "2200 0000 0000 0004", 12, 2030, "123", "card.pan" },
		{ "6011111111111117", 12, 2030, "123", "card.pan" },	/* Discover */
		{ PAN_OK, 1, 2020, "123", "card.expMonth" },
		{ PAN_OK, 13, 2030, "123", "card.expMonth" },
		{ PAN_OK, 12, 2030, "12", "card.cvc" },
		{ PAN_OK, 12, 2030, "12a", "card.cvc" },
	};
	struct client c;
	struct resp r = { 0 };
	char acc[64];
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	before = account_balance(&c, acc);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char src[256];
		snprintf(src, sizeof(src), "{\"card\":%s}",
			 card(cases[i].pan, cases[i].month, cases[i].year, cases[i].cvc));
		pay(&c, &r, new_uuid(), acc, "100", src);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, cases[i].field);
		api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", new_uuid(),
		    card(cases[i].pan, cases[i].month, cases[i].year, cases[i].cvc));
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, cases[i].field);
	}
	/* source: exactly one of cardId and card. */
	pay(&c, &r, new_uuid(), acc, "100", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "source");
	pay(&c, &r, new_uuid(), acc, "100", "{\"cardId\":\"card1\",\"card\":{}}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "source");
	pay(&c, &r, new_uuid(), acc, "100", "\"card1\"");
	assert_error(&r, 400, "BAD_REQUEST");
	pay(&c, &r, new_uuid(), acc, "100", "{\"card\":\"" PAN_OK "\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	pay(&c, &r, new_uuid(), acc, "100", "{\"cardId\":\"card-no-such\"}");
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "source.cardId");
	assert_int_equal(account_balance(&c, acc), before);
	resp_free(&r);
	client_free(&c);
}

static void receipts(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], pay_id[64];

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
#define PAY_WITH_RECEIPT(receipt)                                                            \
	api(&c, &r, "createPayment",                                                         \
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":100}],"  \
	    "\"source\":%s,\"receipt\":%s}", new_uuid(), acc, new_card_source(PAN_OK), receipt)
	PAY_WITH_RECEIPT("{\"email\":\"receipt-test@example.org\"}");
	assert_str(&r, "status", "SUCCEEDED");
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	assert_true(outbox_has("receipt-test@example.org", pay_id));
	PAY_WITH_RECEIPT("{\"phone\":\"8 (999) 555-44-33\"}");
	assert_str(&r, "status", "SUCCEEDED");
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	assert_true(outbox_has("\"+79995554433\"", pay_id));

	PAY_WITH_RECEIPT("{\"email\":\"no-at-sign\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "receipt.email");
	PAY_WITH_RECEIPT("{\"phone\":\"12345\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "receipt.phone");
	PAY_WITH_RECEIPT("{\"email\":\"a@b.ru\",\"phone\":\"+79995554433\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "receipt");
	PAY_WITH_RECEIPT("{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "receipt");
	PAY_WITH_RECEIPT("\"a@b.ru\"");
	assert_error(&r, 400, "BAD_REQUEST");
#undef PAY_WITH_RECEIPT
	resp_free(&r);
	client_free(&c);
}

static void paying_the_debt_unblocks(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], amount[24];
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "740000000003"));
	before = account_balance(&c, acc);
	assert_int_equal(before, -37480);
	assert_string_equal(account_service_status(&c, "740000000003", 1), "BLOCKED");
	/* A part of the debt changes nothing. */
	pay(&c, &r, new_uuid(), acc, "10000", card_id_source(bound_card(&c, DEMO_CARD_MASK)));
	assert_str(&r, "status", "SUCCEEDED");
	assert_string_equal(account_service_status(&c, "740000000003", 1), "BLOCKED");
	snprintf(amount, sizeof(amount), "%lld", (long long)(-before - 10000));
	pay(&c, &r, new_uuid(), acc, amount, card_id_source(bound_card(&c, DEMO_CARD_MASK)));
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(account_balance(&c, acc), 0);
	assert_string_equal(account_service_status(&c, "740000000003", 1), "ACTIVE");
	resp_free(&r);
	client_free(&c);
}

static void bind_and_unbind_cards(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char key[40], card_id[64], card3ds[64], pay_id[64], acc[64];
	char *code;
	int cards;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	cards = bound_count(&c);

	/* Success: bound at once, listed last, pays. */
	snprintf(key, sizeof(key), "%s", new_uuid());
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", key,
	    card("4111111111111111", 11, 2029, "321"));
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_str(&r, "mask", "4111 11** **** 1111");
	assert_str(&r, "paymentSystem", "VISA");
	assert_str(&r, "expires", "11/29");
	assert_non_null(resp_str(&r, "paymentId"));
	snprintf(card_id, sizeof(card_id), "%s", resp_str(&r, "cardId"));
	assert_int_equal(bound_count(&c), cards + 1);
	assert_string_equal(bound_card(&c, "4111 11** **** 1111"), card_id);
	/* Replay of the same bind: the same answer, no second card. */
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", key,
	    card("4111111111111111", 11, 2029, "321"));
	assert_status(&r, 200);
	assert_str(&r, "cardId", card_id);
	assert_int_equal(bound_count(&c), cards + 1);
	/* Binding it again under a new key: already bound. */
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", new_uuid(),
	    card("4111111111111111", 11, 2029, "321"));
	assert_error(&r, 409, "CONFLICT");
	pay(&c, &r, new_uuid(), acc, "100", card_id_source(card_id));
	assert_str(&r, "status", "SUCCEEDED");

	/* 3-D Secure: bound only after the code. */
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", new_uuid(),
	    card(PAN_3DS, 10, 2029, "123"));
	assert_status(&r, 200);
	assert_str(&r, "status", "PENDING_3DS");
	assert_str(&r, "sentTo", "4000 00** **** 0002");
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	assert_int_equal(bound_count(&c), cards + 1);
	code = kd_outbox_code(&kd, "4000 00** **** 0002");
	assert_non_null(code);
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_str(&r, "kind", "BIND");
	snprintf(card3ds, sizeof(card3ds), "%s", resp_str(&r, "cardId"));
	assert_string_equal(bound_card(&c, "4000 00** **** 0002"), card3ds);
	assert_int_equal(bound_count(&c), cards + 2);
	free(code);
	/* A bound 3-D Secure card asks for the code on every payment. */
	pay(&c, &r, new_uuid(), acc, "100", card_id_source(card3ds));
	assert_str(&r, "status", "PENDING_3DS");

	/* Declined: nothing bound. */
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", new_uuid(),
	    card(PAN_NO_FUNDS, 12, 2030, "123"));
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "INSUFFICIENT_FUNDS");
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", new_uuid(),
	    card(PAN_BLOCKED, 12, 2030, "123"));
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "CARD_BLOCKED");
	assert_int_equal(bound_count(&c), cards + 2);
	api(&c, &r, "bindCard", "{\"card\":%s}", card("4111111111111111", 10, 2030, "321"));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "idempotencyKey");
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\"}", new_uuid());
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "card");

	/* Unbinding. */
	api(&c, &r, "unbindCard", "{\"cardId\":\"%s\"}", card_id);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_null(bound_card(&c, "4111 11** **** 1111"));
	api(&c, &r, "unbindCard", "{\"cardId\":\"%s\"}", card_id);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "cardId");
	pay(&c, &r, new_uuid(), acc, "100", card_id_source(card_id));
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "source.cardId");
	api(&c, &r, "unbindCard", "{\"cardId\":\"%s\"}", card3ds);
	assert_status(&r, 200);
	api(&c, &r, "unbindCard", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cardId");
	assert_int_equal(bound_count(&c), cards);
	/* An unbound card can be bound again. */
	api(&c, &r, "bindCard", "{\"idempotencyKey\":\"%s\",\"card\":%s}", new_uuid(),
	    card("4111111111111111", 11, 2029, "321"));
	assert_str(&r, "status", "SUCCEEDED");
	api(&c, &r, "unbindCard", "{\"cardId\":\"%s\"}", resp_str(&r, "cardId"));
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

static void autopay_card_cannot_be_unbound(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char card_id[64];

	login_demo(&c);
	snprintf(card_id, sizeof(card_id), "%s", bound_card(&c, DEMO_CARD_MASK));
	api(&c, &r, "unbindCard", "{\"cardId\":\"%s\"}", card_id);
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "cardId");
	assert_non_null(strstr(resp_str(&r, "errorMsg"), "автоплат"));
	c.en = true;
	api(&c, &r, "unbindCard", "{\"cardId\":\"%s\"}", card_id);
	assert_error(&r, 409, "CONFLICT");
	assert_non_null(strstr(resp_str(&r, "errorMsg"), "autopay"));
	assert_string_equal(bound_card(&c, DEMO_CARD_MASK), card_id);
	resp_free(&r);
	client_free(&c);
}

/* checkIdempotencyKey after a lost answer: the stored answer of the call that used the
 * key, and the check itself changes nothing; a key no call used is voided, so that a
 * late call with it moves nothing; keys are per profile. */
static void check_idempotency_key(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char acc[64], key[40], unused[40], pay_id[64];
	const cJSON *answer;
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(key, sizeof(key), "%s", new_uuid());
	snprintf(unused, sizeof(unused), "%s", new_uuid());
	pay(&c, &r, key, acc, "3300", new_card_source(PAN_OK));
	assert_str(&r, "status", "SUCCEEDED");
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	before = account_balance(&c, acc);

	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"%s\"}", key);
	assert_status(&r, 200);
	assert_str(&r, "state", "USED");
	assert_str(&r, "method", "createPayment");
	answer = json_get(r.json, "answer");
	assert_string_equal(json_str(answer, "paymentId"), pay_id);
	assert_string_equal(json_str(answer, "status"), "SUCCEEDED");
	assert_int_equal(json_int(answer, "amount"), 3300);
	assert_int_equal(account_balance(&c, acc), before);

	/* Never used: void from now on, and the late call is refused. */
	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"%s\"}", unused);
	assert_status(&r, 200);
	assert_str(&r, "state", "VOID");
	assert_false(resp_has(&r, "answer"));
	pay(&c, &r, unused, acc, "3300", new_card_source(PAN_OK));
	assert_error(&r, 409, "IDEMPOTENCY_MISMATCH");
	assert_field(&r, "idempotencyKey");
	assert_int_equal(account_balance(&c, acc), before);
	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"%s\"}", unused);
	assert_str(&r, "state", "VOID");

	/* Another profile does not see demo's key (and voids its own). */
	client_init(&o, &kd);
	client_login(&o, "other", "Kabinet-2026");
	api(&o, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"%s\"}", key);
	assert_str(&r, "state", "VOID");
	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"%s\"}", key);
	assert_str(&r, "state", "USED");

	api(&c, &r, "checkIdempotencyKey", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "idempotencyKey");
	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"short\"}");
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":7}");
	assert_error(&r, 400, "BAD_REQUEST");

	/* Past the keys' 48 hours nothing is known of it: void. */
	kd_sql(&kd, "UPDATE idempotency SET created_at = created_at - 49 * 3600");
	api(&c, &r, "checkIdempotencyKey", "{\"idempotencyKey\":\"%s\"}", key);
	assert_str(&r, "state", "VOID");
	resp_free(&r);
	client_free(&o);
	client_free(&c);
}

/* cancelPayment gives up a payment waiting for its code: declined, CANCELLED, the code
 * no longer taken; a payment that ended is answered as it stands. */
static void cancel_a_pending_payment(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], pay_id[64];
	char *code;
	int64_t before;

	login_demo(&c);
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	before = account_balance(&c, acc);
	code = pay_3ds(&c, &r, &kd, acc, "6600", pay_id);
	api(&c, &r, "cancelPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	assert_str(&r, "declineReason", "CANCELLED");
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "DECLINED");
	assert_int_equal(account_balance(&c, acc), before);
	api(&c, &r, "cancelPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_str(&r, "status", "DECLINED");
	free(code);

	/* One that succeeded stays so. */
	code = pay_3ds(&c, &r, &kd, acc, "6700", pay_id);
	api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	assert_str(&r, "status", "SUCCEEDED");
	api(&c, &r, "cancelPayment", "{\"paymentId\":\"%s\"}", pay_id);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	assert_int_equal(account_balance(&c, acc), before + 6700);
	free(code);

	api(&c, &r, "cancelPayment", "{\"paymentId\":\"pay0000\"}");
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "paymentId");
	api(&c, &r, "cancelPayment", "{}");
	assert_error(&r, 422, "VALIDATION");
	resp_free(&r);
	client_free(&c);
}

static void needs_a_session(void **state)
{
	static const char *const methods[] = { "getBoundCards", "bindCard", "unbindCard",
					       "createPayment", "confirmPayment", "getPayment",
					       "cancelPayment", "checkIdempotencyKey" };
	assert_need_session(&kd, methods, sizeof(methods) / sizeof(methods[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_card_is_listed),
		cmocka_unit_test(bound_card_payment_credits_exact_amount),
		cmocka_unit_test(two_item_payment),
		cmocka_unit_test(declined_cards_credit_nothing),
		cmocka_unit_test(three_ds_payment_and_safe_retry),
		cmocka_unit_test(three_wrong_codes_decline),
		cmocka_unit_test(expired_code_declines),
		cmocka_unit_test(idempotent_replay),
		cmocka_unit_test(bad_amounts),
		cmocka_unit_test(bad_items),
		cmocka_unit_test(foreign_ids_are_404),
		cmocka_unit_test(card_validation),
		cmocka_unit_test(receipts),
		cmocka_unit_test(paying_the_debt_unblocks),
		cmocka_unit_test(bind_and_unbind_cards),
		cmocka_unit_test(autopay_card_cannot_be_unbound),
		cmocka_unit_test(check_idempotency_key),
		cmocka_unit_test(cancel_a_pending_payment),
		cmocka_unit_test(needs_a_session),
	};
	return cmocka_run_group_tests_name("payments", tests, group_setup, group_teardown);
}
