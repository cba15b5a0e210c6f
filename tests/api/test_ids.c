/* API tests of the identifiers kabinetd makes: every id, token and page cursor it
 * answers (the seed's and the new ones: a device, a card, a payment, an autopay rule,
 * a request, an attachment) has the shape docs/api.md promises and the client holds
 * it to (1 to 48 characters, a cursor 1 to 120, of ASCII letters, digits, - _ . ~ :),
 * and every card mask is ASCII digits, '*' and spaces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWD "Kabinet-2026"

KD_GROUP(kd, "--today", "2026-11-22");

#define ID_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~:"

static int checked;

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcmp(s + n - m, tail);
}

static void check_shape(const char *method, const char *key, const char *v)
{
	size_t n = strlen(v);
	size_t max = !strcmp(key, "nextCursor") ? 120 : 48;
	const char *set = ID_ALPHABET;

	if (!strcmp(key, "mask") || !strcmp(key, "cardMask")) {
		set = "0123456789* ";
		max = 31;
	}
	if (n < 1 || n > max || strspn(v, set) != n)
		fail_msg("%s: %s \"%s\" is out of the documented shape", method, key, v);
	checked++;
}

/* Every member that is an id, a token, a cursor or a card mask, at any depth. */
static void walk(const char *method, const cJSON *o)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o) {
		const char *k = it->string;
		if (cJSON_IsObject(it) || cJSON_IsArray(it))
			walk(method, it);
		else if (k && cJSON_IsString(it) &&
			 (!strcmp(k, "id") || ends_with(k, "Id") || !strcmp(k, "nextCursor") ||
			  !strcmp(k, "rememberToken") || !strcmp(k, "mask") ||
			  !strcmp(k, "cardMask")))
			check_shape(method, k, it->valuestring);
	}
}

static void ask(struct client *c, struct resp *r, const char *method, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void ask(struct client *c, struct resp *r, const char *method, const char *fmt, ...)
{
	char body[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	api(c, r, method, "%s", body);
	assert_status(r, 200);
	walk(method, r->json);
}

static void every_id_kabinetd_answers_has_the_documented_shape(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc1[64], card[64];

	(void)state;
	client_init(&c, &kd);
	ask(&c, &r, "login", "{\"login\":\"demo\",\"passwd\":\"" PASSWD "\",\"remember\":true}");
	assert_non_null(resp_str(&r, "rememberToken"));
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	ask(&c, &r, "getAccounts", "{}");
	ask(&c, &r, "getDevices", "{}");
	ask(&c, &r, "bindCard",
	    "{\"card\":{\"pan\":\"2200000000000012\",\"expMonth\":12,\"expYear\":2030,"
	    "\"holder\":\"PETR IVANOV\",\"cvc\":\"123\"},\"idempotencyKey\":\"%s\"}", new_uuid());
	snprintf(card, sizeof(card), "%s", json_str(r.json, "cardId"));
	ask(&c, &r, "getBoundCards", "{}");
	ask(&c, &r, "createPayment",
	    "{\"source\":{\"cardId\":\"%s\"},\"items\":[{\"accountId\":\"%s\","
	    "\"amount\":10000}],\"idempotencyKey\":\"%s\"}", card, acc1, new_uuid());
	ask(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\",\"threshold\":10000,"
	    "\"amount\":50000}", acc1, card);
	ask(&c, &r, "getAutopayRules", "{}");
	ask(&c, &r, "createRequest", "{\"topic\":\"Вопрос\",\"text\":\"Текст\"}");
	ask(&c, &r, "createRequest", "{\"topic\":\"Ещё вопрос\",\"text\":\"Текст\"}");
	ask(&c, &r, "getRequests", "{\"limit\":1}");
	assert_true(resp_has(&r, "nextCursor"));
	ask(&c, &r, "getPaymentHistory", "{\"accountId\":\"%s\",\"limit\":1}", acc1);
	assert_true(resp_has(&r, "nextCursor"));
	ask(&c, &r, "getInvoices", "{\"accountId\":\"%s\"}", acc1);
	ask(&c, &r, "attachAccount", "{\"region\":\"Свердловская область\",\"number\":\"660000000004\"}");
	/* login, device, card, payment, rule, requests, cursors, attachment at least. */
	assert_true(checked >= 20);
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_id_kabinetd_answers_has_the_documented_shape),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
