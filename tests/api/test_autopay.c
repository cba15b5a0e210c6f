/* API tests of autopay rules: listing, creating per kind, validation, updates,
 * deletion and authorization across profiles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"

KD_GROUP(kd);

static void assert_jint(const cJSON *o, const char *name, int64_t want)
{
	const cJSON *v = json_get(o, name);
	if (!cJSON_IsNumber(v) || (int64_t)v->valuedouble != want) {
		char *s = cJSON_PrintUnformatted(o);
		print_message("%s: expected %lld in %s\n", name, (long long)want, s);
		free(s);
		fail();
	}
}

static void assert_jnull(const cJSON *o, const char *name)
{
	if (!cJSON_IsNull(json_get(o, name))) {
		char *s = cJSON_PrintUnformatted(o);
		print_message("%s: expected null in %s\n", name, s);
		free(s);
		fail();
	}
}

/* The rule of that kind on that account in a getAutopayRules answer, or NULL. */
static const cJSON *find_rule(const struct resp *r, const char *account_id, const char *kind)
{
	const cJSON *rule;
	cJSON_ArrayForEach(rule, json_get(r->json, "rules")) {
		if (!strcmp(json_str(rule, "accountId"), account_id) &&
		    !strcmp(json_str(rule, "kind"), kind))
			return rule;
	}
	return NULL;
}

static int rule_count(struct client *c)
{
	struct resp r = { 0 };
	int n;
	api(c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	n = cJSON_GetArraySize(json_get(r.json, "rules"));
	resp_free(&r);
	return n;
}

/* demo's bound card, the one that pays the seeded MONTHLY rule. */
static void demo_card(struct client *c, char *card_id, size_t size)
{
	struct resp r = { 0 };
	const cJSON *card;
	api(c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	card = cJSON_GetArrayItem(json_get(r.json, "cards"), 0);
	assert_non_null(json_str(card, "cardId"));
	snprintf(card_id, size, "%s", json_str(card, "cardId"));
	resp_free(&r);
}

/* A THRESHOLD rule (0 ₽, 10,00 ₽) on account with card, created by c, is 404 NOT_FOUND
 * naming `field`: the answer to ids that are not c's (another profile's, unbound, unknown). */
static void threshold_rule_not_found(struct client *c, const char *account, const char *card,
				     const char *field)
{
	struct resp r = { 0 };
	api(c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\",\"threshold\":0,"
	    "\"amount\":1000}", account, card);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, field);
	resp_free(&r);
}

static void seeded_monthly_rule_listed(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *rule, *last;
	char acc1[64], card[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	demo_card(&c, card, sizeof(card));
	api(&c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	rule = find_rule(&r, acc1, "MONTHLY");
	assert_non_null(rule);
	assert_non_null(json_str(rule, "ruleId"));
	assert_string_equal(json_str(rule, "cardId"), card);
	assert_string_equal(json_str(rule, "cardMask"), "2200 00** **** 0004");
	assert_jint(rule, "day", 10);
	assert_jint(rule, "amount", 150000);
	assert_jnull(rule, "threshold");
	assert_true(cJSON_IsTrue(json_get(rule, "enabled")));
	last = json_get(rule, "lastRun");
	assert_true(cJSON_IsObject(last));
	assert_non_null(json_str(last, "date"));
	assert_int_equal(strlen(json_str(last, "date")), 10);
	assert_non_null(json_str(last, "status"));
	assert_true(cJSON_IsNumber(json_get(last, "amount")));
	/* Only that rule is seeded. */
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "rules")), 1);
	resp_free(&r);
	client_free(&c);
}

static void create_threshold_rule(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *rule;
	char acc2[64], card[64], rule_id[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc2, sizeof(acc2), "%s", account_id_by_number(&c, "590000000002"));
	demo_card(&c, card, sizeof(card));
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\","
	    "\"threshold\":10000,\"amount\":50000}", acc2, card);
	assert_status(&r, 200);
	assert_non_null(resp_str(&r, "ruleId"));
	snprintf(rule_id, sizeof(rule_id), "%s", resp_str(&r, "ruleId"));
	assert_string_equal(resp_str(&r, "accountId"), acc2);
	assert_string_equal(resp_str(&r, "cardId"), card);
	assert_string_equal(resp_str(&r, "cardMask"), "2200 00** **** 0004");
	assert_string_equal(resp_str(&r, "kind"), "THRESHOLD");
	assert_jint(r.json, "threshold", 10000);
	assert_jint(r.json, "amount", 50000);
	assert_jnull(r.json, "day");
	assert_true(cJSON_IsTrue(json_get(r.json, "enabled")));
	assert_jnull(r.json, "lastRun");

	api(&c, &r, "getAutopayRules", "{}");
	rule = find_rule(&r, acc2, "THRESHOLD");
	assert_non_null(rule);
	assert_string_equal(json_str(rule, "ruleId"), rule_id);
	assert_jint(rule, "threshold", 10000);

	/* One rule of each kind per account. */
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\","
	    "\"threshold\":0,\"amount\":100}", acc2, card);
	assert_error(&r, 409, "CONFLICT");
	/* A MONTHLY rule beside it is fine, and may start disabled. */
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\","
	    "\"day\":28,\"amount\":1500000,\"enabled\":false,\"threshold\":null}", acc2, card);
	assert_status(&r, 200);
	assert_true(cJSON_IsFalse(json_get(r.json, "enabled")));
	assert_jint(r.json, "day", 28);
	assert_jnull(r.json, "threshold");
	resp_free(&r);
	client_free(&c);
}

static void debt_rule_needs_credit_account(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char acc1[64], card[64], ekb[64], other_card[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	demo_card(&c, card, sizeof(card));
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"DEBT\"}", acc1, card);
	assert_error(&r, 409, "CONFLICT");

	/* other's account is on the credit system: bind a card there and set DEBT up. */
	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);
	snprintf(ekb, sizeof(ekb), "%s", account_id_by_number(&o, "660000000004"));
	api(&o, &r, "bindCard",
	    "{\"card\":{\"pan\":\"2200000000000004\",\"expMonth\":12,\"expYear\":2035,"
	    "\"holder\":\"IGOR KUZNETSOV\",\"cvc\":\"123\"},\"idempotencyKey\":\"%s\"}",
	    new_uuid());
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "SUCCEEDED");
	assert_non_null(resp_str(&r, "cardId"));
	snprintf(other_card, sizeof(other_card), "%s", resp_str(&r, "cardId"));
	/* DEBT takes no figures. */
	api(&o, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"DEBT\",\"amount\":1000}", ekb,
	    other_card);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "amount");
	api(&o, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"DEBT\"}", ekb, other_card);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "kind"), "DEBT");
	assert_jnull(r.json, "threshold");
	assert_jnull(r.json, "amount");
	assert_jnull(r.json, "day");
	api(&o, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"DEBT\"}", ekb, other_card);
	assert_error(&r, 409, "CONFLICT");
	/* other sees only its own rule. */
	assert_int_equal(rule_count(&o), 1);

	/* An unbound card pays nothing. */
	api(&o, &r, "bindCard",
	    "{\"card\":{\"pan\":\"4111111111111111\",\"expMonth\":1,\"expYear\":2034,"
	    "\"cvc\":\"321\"},\"idempotencyKey\":\"%s\"}", new_uuid());
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "SUCCEEDED");
	snprintf(other_card, sizeof(other_card), "%s", resp_str(&r, "cardId"));
	api(&o, &r, "unbindCard", "{\"cardId\":\"%s\"}", other_card);
	assert_status(&r, 200);
	threshold_rule_not_found(&o, ekb, other_card, "cardId");
	resp_free(&r);
	client_free(&o);
	client_free(&c);
}

static void expect_invalid(struct client *c, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void expect_invalid(struct client *c, const char *field, const char *fmt, ...)
{
	struct resp r = { 0 };
	char *body = NULL;
	va_list ap;
	va_start(ap, fmt);
	assert_true(vasprintf(&body, fmt, ap) > 0);
	va_end(ap);
	api(c, &r, "createAutopayRule", "%s", body);
	assert_error(&r, 422, "VALIDATION");
	if (!resp_str(&r, "field") || strcmp(resp_str(&r, "field"), field)) {
		print_message("expected field %s for %s: %s\n", field, body, resp_dump(&r));
		fail();
	}
	free(body);
	resp_free(&r);
}

static void create_validation(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc3[64], card[64];
	int before;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc3, sizeof(acc3), "%s", account_id_by_number(&c, "740000000003"));
	demo_card(&c, card, sizeof(card));
	before = rule_count(&c);

	expect_invalid(&c, "day", "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\","
		       "\"day\":0,\"amount\":10000}", acc3, card);
	expect_invalid(&c, "day", "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\","
		       "\"day\":29,\"amount\":10000}", acc3, card);
	expect_invalid(&c, "amount", "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\","
		       "\"day\":5,\"amount\":99}", acc3, card);
	expect_invalid(&c, "amount", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
		       "\"kind\":\"THRESHOLD\",\"threshold\":0,\"amount\":1500001}", acc3, card);
	expect_invalid(&c, "threshold", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
		       "\"kind\":\"THRESHOLD\",\"amount\":10000}", acc3, card);
	expect_invalid(&c, "threshold", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
		       "\"kind\":\"THRESHOLD\",\"threshold\":-1,\"amount\":10000}", acc3, card);
	expect_invalid(&c, "day", "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\","
		       "\"amount\":10000}", acc3, card);
	/* A figure the kind does not use. */
	expect_invalid(&c, "threshold", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
		       "\"kind\":\"MONTHLY\",\"day\":5,\"amount\":10000,\"threshold\":100}", acc3,
		       card);
	expect_invalid(&c, "day", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
		       "\"kind\":\"THRESHOLD\",\"threshold\":100,\"amount\":10000,\"day\":5}", acc3,
		       card);
	expect_invalid(&c, "kind", "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"WEEKLY\"}",
		       acc3, card);
	expect_invalid(&c, "kind", "{\"accountId\":\"%s\",\"cardId\":\"%s\"}", acc3, card);
	expect_invalid(&c, "cardId", "{\"accountId\":\"%s\",\"kind\":\"MONTHLY\",\"day\":5,"
		       "\"amount\":10000}", acc3);
	expect_invalid(&c, "accountId", "{\"cardId\":\"%s\",\"kind\":\"MONTHLY\",\"day\":5,"
		       "\"amount\":10000}", card);

	/* Wrong JSON types are 400. */
	api(&c, &r, "createAutopayRule", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
	    "\"kind\":\"MONTHLY\",\"day\":5,\"amount\":\"10000\"}", acc3, card);
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "createAutopayRule", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
	    "\"kind\":\"MONTHLY\",\"day\":5.5,\"amount\":10000}", acc3, card);
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "createAutopayRule", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
	    "\"kind\":\"MONTHLY\",\"day\":5,\"amount\":10000,\"enabled\":\"yes\"}", acc3, card);
	assert_error(&r, 400, "BAD_REQUEST");

	/* English message on request. */
	c.en = true;
	api(&c, &r, "createAutopayRule", "{\"accountId\":\"%s\",\"cardId\":\"%s\","
	    "\"kind\":\"MONTHLY\",\"day\":5,\"amount\":10000,\"threshold\":1}", acc3, card);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "errorMsg"), "Field threshold is not used by MONTHLY rules");
	c.en = false;

	/* Nothing was created by any of that. */
	assert_int_equal(rule_count(&c), before);
	resp_free(&r);
	client_free(&c);
}

static void update_rule(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *rule;
	char acc1[64], acc3[64], card[64], rule_id[64], seeded[64];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(acc3, sizeof(acc3), "%s", account_id_by_number(&c, "740000000003"));
	demo_card(&c, card, sizeof(card));
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\","
	    "\"threshold\":5000,\"amount\":20000}", acc3, card);
	assert_status(&r, 200);
	snprintf(rule_id, sizeof(rule_id), "%s", resp_str(&r, "ruleId"));

	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"enabled\":false}", rule_id);
	assert_status(&r, 200);
	assert_true(cJSON_IsFalse(json_get(r.json, "enabled")));
	assert_jint(r.json, "threshold", 5000);
	assert_jint(r.json, "amount", 20000);
	api(&c, &r, "getAutopayRules", "{}");
	rule = find_rule(&r, acc3, "THRESHOLD");
	assert_non_null(rule);
	assert_true(cJSON_IsFalse(json_get(rule, "enabled")));

	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"enabled\":true,\"amount\":70000}",
	    rule_id);
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(json_get(r.json, "enabled")));
	assert_jint(r.json, "amount", 70000);
	assert_jint(r.json, "threshold", 5000);
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"threshold\":0,\"cardId\":\"%s\"}",
	    rule_id, card);
	assert_status(&r, 200);
	assert_jint(r.json, "threshold", 0);
	assert_jint(r.json, "amount", 70000);
	assert_string_equal(resp_str(&r, "kind"), "THRESHOLD");
	assert_string_equal(resp_str(&r, "accountId"), acc3);

	/* The same checks as on create, for the rule's own kind. */
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"amount\":99}", rule_id);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "amount");
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"day\":5}", rule_id);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "day");
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"kind\":\"MONTHLY\"}", rule_id);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "kind");
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"accountId\":\"%s\"}", rule_id,
	    acc1);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "accountId");
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"cardId\":\"card-nope\"}", rule_id);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "cardId");
	api(&c, &r, "updateAutopayRule", "{\"enabled\":true}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "ruleId");
	/* None of the failures changed the rule. */
	api(&c, &r, "getAutopayRules", "{}");
	rule = find_rule(&r, acc3, "THRESHOLD");
	assert_jint(rule, "threshold", 0);
	assert_jint(rule, "amount", 70000);
	assert_true(cJSON_IsTrue(json_get(rule, "enabled")));

	/* The seeded MONTHLY rule: move it to the 15th, day 29 refused. */
	rule = find_rule(&r, acc1, "MONTHLY");
	assert_non_null(rule);
	snprintf(seeded, sizeof(seeded), "%s", json_str(rule, "ruleId"));
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"day\":15}", seeded);
	assert_status(&r, 200);
	assert_jint(r.json, "day", 15);
	assert_jint(r.json, "amount", 150000);
	assert_true(cJSON_IsObject(json_get(r.json, "lastRun")));
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"day\":29}", seeded);
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"threshold\":100}", seeded);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "threshold");
	resp_free(&r);
	client_free(&c);
}

static void delete_rule(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc3[64], card[64], rule_id[64];
	int before;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc3, sizeof(acc3), "%s", account_id_by_number(&c, "740000000003"));
	demo_card(&c, card, sizeof(card));
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\",\"day\":1,"
	    "\"amount\":100}", acc3, card);
	assert_status(&r, 200);
	snprintf(rule_id, sizeof(rule_id), "%s", resp_str(&r, "ruleId"));
	before = rule_count(&c);

	api(&c, &r, "deleteAutopayRule", "{\"ruleId\":\"%s\"}", rule_id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "OK");
	assert_int_equal(rule_count(&c), before - 1);
	api(&c, &r, "getAutopayRules", "{}");
	assert_null(find_rule(&r, acc3, "MONTHLY"));

	api(&c, &r, "deleteAutopayRule", "{\"ruleId\":\"%s\"}", rule_id);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "ruleId");
	api(&c, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"enabled\":false}", rule_id);
	assert_error(&r, 404, "NOT_FOUND");
	/* The kind is free again on that account. */
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"MONTHLY\",\"day\":2,"
	    "\"amount\":200}", acc3, card);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

static void foreign_ids_are_404(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char acc1[64], card[64], seeded[64], ekb[64];
	int demo_rules;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	demo_card(&c, card, sizeof(card));
	api(&c, &r, "getAutopayRules", "{}");
	assert_non_null(find_rule(&r, acc1, "MONTHLY"));
	snprintf(seeded, sizeof(seeded), "%s", json_str(find_rule(&r, acc1, "MONTHLY"), "ruleId"));
	demo_rules = rule_count(&c);

	client_init(&o, &kd);
	client_login(&o, "other", PASSWORD);
	snprintf(ekb, sizeof(ekb), "%s", account_id_by_number(&o, "660000000004"));

	/* demo's rule, seen from other. */
	api(&o, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	assert_null(find_rule(&r, acc1, "MONTHLY"));
	api(&o, &r, "updateAutopayRule", "{\"ruleId\":\"%s\",\"enabled\":false}", seeded);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "ruleId");
	api(&o, &r, "deleteAutopayRule", "{\"ruleId\":\"%s\"}", seeded);
	assert_error(&r, 404, "NOT_FOUND");
	/* demo's card on other's own account. */
	threshold_rule_not_found(&o, ekb, card, "cardId");
	/* demo's account with demo's card, from other. */
	threshold_rule_not_found(&o, acc1, card, "accountId");
	/* other's account, from demo. */
	threshold_rule_not_found(&c, ekb, card, "accountId");
	/* Unknown ids answer the same. */
	api(&c, &r, "deleteAutopayRule", "{\"ruleId\":\"ar0000000000000000\"}");
	assert_error(&r, 404, "NOT_FOUND");
	threshold_rule_not_found(&c, acc1, "card-nope", "cardId");

	/* demo's rule is untouched. */
	assert_int_equal(rule_count(&c), demo_rules);
	api(&c, &r, "getAutopayRules", "{}");
	assert_true(cJSON_IsTrue(json_get(find_rule(&r, acc1, "MONTHLY"), "enabled")));
	resp_free(&r);
	client_free(&o);
	client_free(&c);
}

static void needs_session(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api(&c, &r, "getAutopayRules", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&c, &r, "deleteAutopayRule", "{\"ruleId\":\"apr1\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seeded_monthly_rule_listed),
		cmocka_unit_test(create_threshold_rule),
		cmocka_unit_test(debt_rule_needs_credit_account),
		cmocka_unit_test(create_validation),
		cmocka_unit_test(update_rule),
		cmocka_unit_test(delete_rule),
		cmocka_unit_test(foreign_ids_are_404),
		cmocka_unit_test(needs_session),
	};
	return cmocka_run_group_tests_name("autopay", tests, group_setup, group_teardown);
}
