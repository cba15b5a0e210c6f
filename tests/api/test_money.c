/* API tests of the money methods: payment history and its paging, transfers between
 * own accounts, promised payments, the payment system, invoices and their delivery.
 * The shared server is only read or changed where no other test here looks; tests
 * that move money start a server of their own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TODAY "2026-11-22"
#define DEMO_PASSWORD "Kabinet-2026"

KD_GROUP(kd, "--today", TODAY);

struct demo {
	struct client c;
	char a1[64];	/* 590000000001, 830,50 ₽ */
	char a2[64];	/* 590000000002, 152,00 ₽ */
	char a3[64];	/* 740000000003, −374,80 ₽, internet blocked for debt */
};

static void demo_login(struct demo *d, struct kd *k)
{
	client_init(&d->c, k);
	client_login(&d->c, "demo", DEMO_PASSWORD);
	snprintf(d->a1, sizeof(d->a1), "%s", account_id_by_number(&d->c, "590000000001"));
	snprintf(d->a2, sizeof(d->a2), "%s", account_id_by_number(&d->c, "590000000002"));
	snprintf(d->a3, sizeof(d->a3), "%s", account_id_by_number(&d->c, "740000000003"));
}

/* Logs `other` in and returns the id of its CREDIT account 660000000004. */
static void other_login(struct client *o, struct kd *k, char *acc, size_t size)
{
	client_init(o, k);
	client_login(o, "other", DEMO_PASSWORD);
	snprintf(acc, size, "%s", account_id_by_number(o, "660000000004"));
}

/* ---- history ---- */

/* One getPaymentHistory call; `extra` is more JSON members (may be empty). */
static long history(struct client *c, struct resp *r, const char *account, const char *extra,
		    int limit, const char *cursor)
{
	char body[1024];
	int n = snprintf(body, sizeof(body), "{\"limit\":%d", limit);
	if (account)
		n += snprintf(body + n, sizeof(body) - (size_t)n, ",\"accountId\":\"%s\"", account);
	if (cursor)
		n += snprintf(body + n, sizeof(body) - (size_t)n, ",\"cursor\":\"%s\"", cursor);
	if (extra && *extra)
		n += snprintf(body + n, sizeof(body) - (size_t)n, ",%s", extra);
	snprintf(body + n, sizeof(body) - (size_t)n, "}");
	return api(c, r, "getPaymentHistory", "%s", body);
}

/* Pages through a whole listing and returns every item (caller deletes); checks that
 * each page holds at most `limit` items and that only the last lacks nextCursor. */
static cJSON *history_all(struct client *c, const char *account, const char *extra, int limit,
			  int *pages)
{
	struct resp r = { 0 };
	cJSON *all = cJSON_CreateArray();
	char cursor[128] = "";
	int n = 0;

	for (;;) {
		const cJSON *items, *it;
		const char *next;
		history(c, &r, account, extra, limit, cursor[0] ? cursor : NULL);
		assert_status(&r, 200);
		items = json_get(r.json, "items");
		assert_true(cJSON_IsArray(items));
		assert_true(cJSON_GetArraySize(items) <= limit);
		cJSON_ArrayForEach(it, items)
			cJSON_AddItemToArray(all, cJSON_Duplicate(it, 1));
		n++;
		next = resp_str(&r, "nextCursor");
		if (!next)
			break;
		/* A page that says more follows is full. */
		assert_int_equal(cJSON_GetArraySize(items), limit);
		assert_true(strlen(next) < sizeof(cursor));
		snprintf(cursor, sizeof(cursor), "%s", next);
		assert_true(n < 10000);
	}
	if (pages)
		*pages = n;
	resp_free(&r);
	return all;
}

static int64_t sum_of(const cJSON *items)
{
	const cJSON *it;
	int64_t sum = 0;
	cJSON_ArrayForEach(it, items)
		sum += json_int(it, "amount");
	return sum;
}

/* The balance an account should have: the sum of its whole history (including rows
 * that `admin bill` dated after the server's pinned today). */
static int64_t history_sum(struct client *c, const char *account)
{
	cJSON *all = history_all(c, account, "\"from\":\"2000-01-01\",\"to\":\"2099-12-31\"",
				 200, NULL);
	int64_t sum = sum_of(all);
	cJSON_Delete(all);
	return sum;
}

/* The newest history row of an account (caller deletes). */
static cJSON *history_newest(struct client *c, const char *account)
{
	struct resp r = { 0 };
	cJSON *it;
	history(c, &r, account, "", 1, NULL);
	assert_status(&r, 200);
	it = cJSON_Duplicate(cJSON_GetArrayItem(json_get(r.json, "items"), 0), 1);
	assert_non_null(it);
	resp_free(&r);
	return it;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void assert_no_duplicate_ids(const cJSON *items)
{
	int n = cJSON_GetArraySize(items);
	const char **ids = calloc((size_t)n + 1, sizeof(*ids));
	for (int i = 0; i < n; i++) {
		ids[i] = json_str(cJSON_GetArrayItem(items, i), "id");
		assert_non_null(ids[i]);
	}
	qsort(ids, (size_t)n, sizeof(*ids), cmp_str);
	for (int i = 1; i < n; i++)
		if (!strcmp(ids[i - 1], ids[i])) {
			print_message("duplicate history id %s\n", ids[i]);
			fail();
		}
	free(ids);
}

static void assert_same_ids(const cJSON *a, const cJSON *b)
{
	assert_int_equal(cJSON_GetArraySize(a), cJSON_GetArraySize(b));
	for (int i = 0; i < cJSON_GetArraySize(a); i++)
		assert_string_equal(json_str(cJSON_GetArrayItem(a, i), "id"),
				    json_str(cJSON_GetArrayItem(b, i), "id"));
}

static void history_sum_equals_seeded_balance(void **state)
{
	struct demo d;
	demo_login(&d, &kd);
	/* demo-data.md: each account's balance equals the sum of its history. */
	assert_int_equal(history_sum(&d.c, d.a1), 83050);
	assert_int_equal(history_sum(&d.c, d.a2), 15200);
	assert_int_equal(history_sum(&d.c, d.a3), -37480);
	client_free(&d.c);
}

static void history_pages_without_gaps_or_duplicates(void **state)
{
	static const char *const all_time = "\"from\":\"2000-01-01\"";
	struct demo d;
	cJSON *big, *small, *per_account[3];
	const char *ids[3];
	int big_pages, small_pages, total = 0;
	const char *prev = TODAY;

	demo_login(&d, &kd);
	ids[0] = d.a1, ids[1] = d.a2, ids[2] = d.a3;
	big = history_all(&d.c, NULL, all_time, 200, &big_pages);
	/* Two years of demo's history: well over a hundred rows. */
	assert_true(cJSON_GetArraySize(big) > 100);
	assert_int_equal(big_pages, (cJSON_GetArraySize(big) + 199) / 200);
	assert_no_duplicate_ids(big);
	small = history_all(&d.c, NULL, all_time, 7, &small_pages);
	assert_int_equal(small_pages, (cJSON_GetArraySize(big) + 6) / 7);
	assert_same_ids(big, small);
	cJSON_Delete(small);
	small = history_all(&d.c, NULL, all_time, 50, &small_pages);
	assert_int_equal(small_pages, (cJSON_GetArraySize(big) + 49) / 50);
	assert_same_ids(big, small);

	/* Newest first; every row is one of demo's accounts. */
	for (int i = 0; i < cJSON_GetArraySize(big); i++) {
		const cJSON *it = cJSON_GetArrayItem(big, i);
		const char *date = json_str(it, "date"), *acc = json_str(it, "accountId");
		assert_non_null(date);
		assert_true(strcmp(date, prev) <= 0);
		prev = date;
		assert_true(!strcmp(acc, d.a1) || !strcmp(acc, d.a2) || !strcmp(acc, d.a3));
		assert_non_null(json_str(it, "type"));
		assert_non_null(json_str(it, "description"));
		assert_true(json_int(it, "amount") != 0);
	}
	/* It reaches back two years. */
	assert_true(strcmp(prev, "2025-01-01") < 0);

	/* The per-account listings partition the whole one, in the same order. */
	for (int a = 0; a < 3; a++) {
		int k = 0;
		per_account[a] = history_all(&d.c, ids[a], all_time, 13, NULL);
		total += cJSON_GetArraySize(per_account[a]);
		for (int i = 0; i < cJSON_GetArraySize(big); i++) {
			const cJSON *it = cJSON_GetArrayItem(big, i);
			if (strcmp(json_str(it, "accountId"), ids[a]))
				continue;
			assert_string_equal(json_str(it, "id"),
					    json_str(cJSON_GetArrayItem(per_account[a], k), "id"));
			k++;
		}
		assert_int_equal(k, cJSON_GetArraySize(per_account[a]));
		cJSON_Delete(per_account[a]);
	}
	assert_int_equal(total, cJSON_GetArraySize(big));
	cJSON_Delete(big);
	cJSON_Delete(small);
	client_free(&d.c);
}

static void history_filters(void **state)
{
	struct demo d;
	cJSON *all, *part;
	const cJSON *it;
	int want = 0;

	demo_login(&d, &kd);
	all = history_all(&d.c, d.a1, "\"from\":\"2000-01-01\"", 200, NULL);

	/* Types: exactly the rows of those types. */
	part = history_all(&d.c, d.a1, "\"from\":\"2000-01-01\",\"types\":[\"CHARGE\",\"AUTOPAY\"]",
			   50, NULL);
	cJSON_ArrayForEach(it, all)
		if (!strcmp(json_str(it, "type"), "CHARGE") ||
		    !strcmp(json_str(it, "type"), "AUTOPAY"))
			want++;
	assert_true(want > 24);
	assert_int_equal(cJSON_GetArraySize(part), want);
	cJSON_ArrayForEach(it, part)
		assert_true(!strcmp(json_str(it, "type"), "CHARGE") ||
			    !strcmp(json_str(it, "type"), "AUTOPAY"));
	cJSON_Delete(part);

	/* A period, both ends included: October 2026. */
	want = 0;
	cJSON_ArrayForEach(it, all)
		if (strcmp(json_str(it, "date"), "2026-10-01") >= 0 &&
		    strcmp(json_str(it, "date"), "2026-10-31") <= 0)
			want++;
	assert_true(want > 0);
	part = history_all(&d.c, d.a1, "\"from\":\"2026-10-01\",\"to\":\"2026-10-31\"", 3, NULL);
	assert_int_equal(cJSON_GetArraySize(part), want);
	cJSON_ArrayForEach(it, part) {
		assert_true(strcmp(json_str(it, "date"), "2026-10-01") >= 0);
		assert_true(strcmp(json_str(it, "date"), "2026-10-31") <= 0);
	}
	/* The monthly charge on the 1st is there. */
	want = 0;
	cJSON_ArrayForEach(it, part)
		if (!strcmp(json_str(it, "type"), "CHARGE") &&
		    !strcmp(json_str(it, "date"), "2026-10-01"))
			want++;
	assert_true(want >= 1);
	cJSON_Delete(part);

	/* Without from/to: the last 365 days up to today. */
	want = 0;
	cJSON_ArrayForEach(it, all)
		if (strcmp(json_str(it, "date"), "2025-11-22") >= 0)
			want++;
	part = history_all(&d.c, d.a1, "", 200, NULL);
	assert_int_equal(cJSON_GetArraySize(part), want);
	cJSON_Delete(part);

	/* Only `to`: the 365 days before it. */
	want = 0;
	cJSON_ArrayForEach(it, all)
		if (strcmp(json_str(it, "date"), "2024-12-31") >= 0 &&
		    strcmp(json_str(it, "date"), "2025-12-31") <= 0)
			want++;
	part = history_all(&d.c, d.a1, "\"to\":\"2025-12-31\"", 200, NULL);
	assert_int_equal(cJSON_GetArraySize(part), want);
	cJSON_Delete(part);

	/* Types and period together, with the account filter across all accounts. */
	part = history_all(&d.c, NULL, "\"from\":\"2000-01-01\",\"types\":[\"TRANSFER_OUT\"]", 5,
			   NULL);
	assert_true(cJSON_GetArraySize(part) >= 1);
	cJSON_ArrayForEach(it, part)
		assert_string_equal(json_str(it, "type"), "TRANSFER_OUT");
	cJSON_Delete(part);
	part = history_all(&d.c, NULL,
			   "\"from\":\"2000-01-01\",\"types\":[\"PROMISED\",\"BONUS\",\"TRANSFER_IN\"]",
			   200, NULL);
	assert_true(cJSON_GetArraySize(part) >= 3);
	cJSON_Delete(part);

	cJSON_Delete(all);
	client_free(&d.c);
}

static void history_bad_requests(void **state)
{
	/* Values out of range name their field (422); values of the wrong type are 400. */
	static const struct {
		const char *extra;
		int limit;
		const char *field;	/* NULL: 400 BAD_REQUEST */
	} cases[] = {
		{ "", 0, "limit" },
		{ "", 201, "limit" },
		{ "\"from\":\"2026-11-02\",\"to\":\"2026-11-01\"", 10, "from" },
		{ "\"from\":\"2026-02-30\"", 10, "from" },
		{ "\"types\":[\"PAYMENT\",\"GIFT\"]", 10, "types" },
		{ "\"types\":[]", 10, "types" },
		{ "\"types\":[1]", 10, NULL },
		{ "\"types\":\"PAYMENT\"", 10, NULL },
		{ "\"to\":20261101", 10, NULL },
	};
	struct demo d;
	struct client o;
	struct resp r = { 0 };
	char other_acc[64], cursor[128], bad[160];

	demo_login(&d, &kd);
	other_login(&o, &kd, other_acc, sizeof(other_acc));

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		history(&d.c, &r, NULL, cases[i].extra, cases[i].limit, NULL);
		if (!cases[i].field) {
			assert_error(&r, 400, "BAD_REQUEST");
			continue;
		}
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, cases[i].field);
	}

	/* Someone else's account is simply not found; and other cannot see demo's. */
	history(&d.c, &r, other_acc, "", 10, NULL);
	assert_error(&r, 404, "NOT_FOUND");
	history(&o, &r, d.a1, "", 10, NULL);
	assert_error(&r, 404, "NOT_FOUND");
	history(&d.c, &r, "acc-no-such", "", 10, NULL);
	assert_error(&r, 404, "NOT_FOUND");

	/* Tampered cursors. */
	history(&d.c, &r, NULL, "", 5, NULL);
	assert_status(&r, 200);
	assert_non_null(resp_str(&r, "nextCursor"));
	snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
	snprintf(bad, sizeof(bad), "%s!", cursor);
	history(&d.c, &r, NULL, "", 5, bad);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cursor");
	snprintf(bad, sizeof(bad), "v2.%s", cursor + 3);
	history(&d.c, &r, NULL, "", 5, bad);
	assert_error(&r, 422, "VALIDATION");
	history(&d.c, &r, NULL, "", 5, "v1.OTk5OTk5OTk5");	/* "999999999": no such row */
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cursor");
	history(&d.c, &r, NULL, "", 5, "v1.LTE");		/* "-1" */
	assert_error(&r, 422, "VALIDATION");
	history(&d.c, &r, NULL, "", 5, "garbage");
	assert_error(&r, 422, "VALIDATION");
	/* demo's cursor means nothing to other. */
	history(&o, &r, NULL, "", 5, cursor);
	assert_error(&r, 422, "VALIDATION");
	/* The genuine one still works. */
	history(&d.c, &r, NULL, "", 5, cursor);
	assert_status(&r, 200);

	resp_free(&r);
	client_free(&o);
	client_free(&d.c);
}

/* ---- transfers (a server of their own: they move demo's money) ---- */

static struct kd kd_tr;
static bool kd_tr_up;

static int transfer_setup(void **state)
{
	if (!kd_tr_up && kd_start(&kd_tr, "--today", TODAY, NULL) != 0)
		return -1;
	kd_tr_up = true;
	return 0;
}

static long transfer(struct client *c, struct resp *r, const char *key, const char *from,
		     const char *items)
{
	return api(c, r, "transferFunds",
		   "{\"idempotencyKey\":\"%s\",\"fromAccountId\":\"%s\",\"items\":[%s]}", key, from,
		   items);
}

static void transfer_moves_exact_kopecks_both_ways(void **state)
{
	struct demo d;
	struct resp r = { 0 };
	char items[256];
	int64_t b1, b2;
	cJSON *row;

	demo_login(&d, &kd_tr);
	b1 = history_sum(&d.c, d.a1);
	b2 = history_sum(&d.c, d.a2);

	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":12345}", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "SUCCEEDED");
	assert_non_null(resp_str(&r, "transferId"));
	assert_int_equal(resp_int(&r, "fromBalance"), b1 - 12345);
	assert_int_equal(history_sum(&d.c, d.a1), b1 - 12345);
	assert_int_equal(history_sum(&d.c, d.a2), b2 + 12345);

	row = history_newest(&d.c, d.a1);
	assert_string_equal(json_str(row, "type"), "TRANSFER_OUT");
	assert_int_equal(json_int(row, "amount"), -12345);
	assert_string_equal(json_str(row, "date"), TODAY);
	assert_string_equal(json_str(row, "description"), "Перевод на счёт 590000000002");
	cJSON_Delete(row);
	row = history_newest(&d.c, d.a2);
	assert_string_equal(json_str(row, "type"), "TRANSFER_IN");
	assert_int_equal(json_int(row, "amount"), 12345);
	assert_string_equal(json_str(row, "description"), "Перевод со счёта 590000000001");
	cJSON_Delete(row);

	/* And back: the balances are what they were, to the kopeck. */
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":12345}", d.a1);
	transfer(&d.c, &r, new_uuid(), d.a2, items);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "fromBalance"), b2);
	assert_int_equal(history_sum(&d.c, d.a1), b1);
	assert_int_equal(history_sum(&d.c, d.a2), b2);

	/* The whole balance may go: the source reaches exactly zero. */
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":%lld}", d.a1,
		 (long long)b2);
	transfer(&d.c, &r, new_uuid(), d.a2, items);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "fromBalance"), 0);
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":%lld}", d.a2,
		 (long long)b2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "fromBalance"), b1);
	assert_int_equal(history_sum(&d.c, d.a2), b2);

	resp_free(&r);
	client_free(&d.c);
}

static void transfer_to_several_accounts_unblocks_debtor(void **state)
{
	struct demo d;
	struct resp r = { 0 };
	char items[512];
	int64_t b1, b2;

	demo_login(&d, &kd_tr);
	b1 = history_sum(&d.c, d.a1);
	b2 = history_sum(&d.c, d.a2);
	assert_string_equal(account_service_status(&d.c, "740000000003", 1), "BLOCKED");

	/* Exactly the debt of 740000000003 (374,80 ₽) and one rouble to 590000000002. */
	snprintf(items, sizeof(items),
		 "{\"accountId\":\"%s\",\"amount\":37480},{\"accountId\":\"%s\",\"amount\":100}",
		 d.a3, d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "fromBalance"), b1 - 37580);
	assert_int_equal(history_sum(&d.c, d.a1), b1 - 37580);
	assert_int_equal(history_sum(&d.c, d.a2), b2 + 100);
	assert_int_equal(history_sum(&d.c, d.a3), 0);
	/* Out of debt: its internet is back. */
	assert_string_equal(account_service_status(&d.c, "740000000003", 1), "ACTIVE");

	resp_free(&r);
	client_free(&d.c);
}

static void transfer_beyond_balance_moves_nothing(void **state)
{
	struct demo d;
	struct resp r = { 0 };
	char items[512];
	int64_t b1, b2, b3;

	demo_login(&d, &kd_tr);
	b1 = history_sum(&d.c, d.a1);
	b2 = history_sum(&d.c, d.a2);
	b3 = history_sum(&d.c, d.a3);

	/* One kopeck more than there is, split across two items. */
	snprintf(items, sizeof(items),
		 "{\"accountId\":\"%s\",\"amount\":100},{\"accountId\":\"%s\",\"amount\":%lld}",
		 d.a2, d.a3, (long long)(b1 - 100 + 1));
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 409, "INSUFFICIENT_FUNDS");
	assert_int_equal(history_sum(&d.c, d.a1), b1);
	assert_int_equal(history_sum(&d.c, d.a2), b2);
	assert_int_equal(history_sum(&d.c, d.a3), b3);

	/* English message on request. */
	d.c.en = true;
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 409, "INSUFFICIENT_FUNDS");
	assert_non_null(strstr(resp_str(&r, "errorMsg"), "Insufficient funds"));
	d.c.en = false;

	resp_free(&r);
	client_free(&d.c);
}

static void transfer_validation_and_authorization(void **state)
{
	struct demo d;
	struct client o;
	struct resp r = { 0 };
	char items[2048], other_acc[64];
	int64_t b1;
	int n = 0;

	demo_login(&d, &kd_tr);
	other_login(&o, &kd_tr, other_acc, sizeof(other_acc));
	b1 = history_sum(&d.c, d.a1);

	/* To someone else's account, or from it: not found. */
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100}", other_acc);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "items[0].accountId");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100}", d.a1);
	transfer(&d.c, &r, new_uuid(), other_acc, items);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "fromAccountId");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100}", d.a2);
	transfer(&o, &r, new_uuid(), d.a1, items);
	assert_error(&r, 404, "NOT_FOUND");

	/* Amount limits, per item. */
	snprintf(items, sizeof(items),
		 "{\"accountId\":\"%s\",\"amount\":100},{\"accountId\":\"%s\",\"amount\":99}", d.a2,
		 d.a3);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[1].amount");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":1500001}", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[0].amount");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":-500}", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100.5}", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 400, "BAD_REQUEST");
	assert_field(&r, "items[0].amount");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":\"100\"}", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 400, "BAD_REQUEST");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\"}", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[0].amount");

	/* To itself, twice to one account, not an object, none, too many. */
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100}", d.a1);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[0].accountId");
	snprintf(items, sizeof(items),
		 "{\"accountId\":\"%s\",\"amount\":100},{\"accountId\":\"%s\",\"amount\":200}", d.a2,
		 d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items[1].accountId");
	transfer(&d.c, &r, new_uuid(), d.a1, "42");
	assert_error(&r, 400, "BAD_REQUEST");
	assert_field(&r, "items[0]");
	transfer(&d.c, &r, new_uuid(), d.a1, "");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items");
	for (int i = 0; i < 11; i++)
		n += snprintf(items + n, sizeof(items) - (size_t)n,
			      "%s{\"accountId\":\"%s\",\"amount\":100}", i ? "," : "", d.a2);
	transfer(&d.c, &r, new_uuid(), d.a1, items);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "items");
	api(&d.c, &r, "transferFunds", "{\"idempotencyKey\":\"%s\",\"items\":[]}", new_uuid());
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "fromAccountId");

	/* Without an idempotency key nothing runs. */
	api(&d.c, &r, "transferFunds",
	    "{\"fromAccountId\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":100}]}", d.a1,
	    d.a2);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "idempotencyKey");

	assert_int_equal(history_sum(&d.c, d.a1), b1);
	resp_free(&r);
	client_free(&o);
	client_free(&d.c);
}

static void transfer_replay_is_idempotent(void **state)
{
	struct demo d;
	struct resp r = { 0 };
	char items[256], key[64], tid[64];
	int64_t b1, b2, first_balance;

	demo_login(&d, &kd_tr);
	b1 = history_sum(&d.c, d.a1);
	b2 = history_sum(&d.c, d.a2);
	snprintf(key, sizeof(key), "%s", new_uuid());
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":777}", d.a2);

	transfer(&d.c, &r, key, d.a1, items);
	assert_status(&r, 200);
	snprintf(tid, sizeof(tid), "%s", resp_str(&r, "transferId"));
	first_balance = resp_int(&r, "fromBalance");

	/* The same key and body: the same answer, no second movement. */
	for (int i = 0; i < 3; i++) {
		transfer(&d.c, &r, key, d.a1, items);
		assert_status(&r, 200);
		assert_string_equal(resp_str(&r, "transferId"), tid);
		assert_int_equal(resp_int(&r, "fromBalance"), first_balance);
	}
	assert_int_equal(history_sum(&d.c, d.a1), b1 - 777);
	assert_int_equal(history_sum(&d.c, d.a2), b2 + 777);

	/* The same key with another amount. */
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":778}", d.a2);
	transfer(&d.c, &r, key, d.a1, items);
	assert_error(&r, 409, "IDEMPOTENCY_MISMATCH");
	assert_int_equal(history_sum(&d.c, d.a1), b1 - 777);

	/* A failed call stores nothing: its key can carry a good request afterwards. */
	snprintf(key, sizeof(key), "%s", new_uuid());
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":%lld}", d.a2,
		 (long long)(b1 - 777 + 1));
	transfer(&d.c, &r, key, d.a1, items);
	assert_error(&r, 409, "INSUFFICIENT_FUNDS");
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100}", d.a2);
	transfer(&d.c, &r, key, d.a1, items);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "fromBalance"), b1 - 877);

	resp_free(&r);
	client_free(&d.c);
}

/* ---- promised payments (a server of their own: they change 740000000003) ---- */

static long promise(struct client *c, struct resp *r, const char *key, const char *account,
		    long long amount)
{
	return api(c, r, "activatePromisedPayment",
		   "{\"idempotencyKey\":\"%s\",\"accountId\":\"%s\",\"amount\":%lld}", key, account,
		   amount);
}

static void promised_payment_unblocks_and_is_once_a_month(void **state)
{
	struct kd k;
	struct demo d;
	struct client o;
	struct resp r = { 0 };
	char key[64], pid[64], other_acc[64];
	int64_t fee, amount;
	cJSON *row;

	assert_int_equal(kd_start(&k, "--today", TODAY, NULL), 0);
	demo_login(&d, &k);

	api(&d.c, &r, "getPromisedPaymentOffer", "{\"accountId\":\"%s\"}", d.a3);
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(json_get(r.json, "available")));
	assert_true(cJSON_IsNull(json_get(r.json, "reason")));
	assert_int_equal(resp_int(&r, "minAmount"), 100);
	assert_int_equal(resp_int(&r, "days"), 5);
	assert_string_equal(resp_str(&r, "expiresOn"), "2026-11-27");
	fee = resp_int(&r, "maxAmount");
	/* «Домашний 100» costs more than the debt, so the promise can clear it. */
	assert_true(fee >= 37480);
	amount = fee;

	/* Out of range: more than the monthly fee, less than a rouble. */
	promise(&d.c, &r, new_uuid(), d.a3, fee + 1);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "amount");
	promise(&d.c, &r, new_uuid(), d.a3, 99);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "amount");
	api(&d.c, &r, "activatePromisedPayment", "{\"idempotencyKey\":\"%s\",\"accountId\":\"%s\"}",
	    new_uuid(), d.a3);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "amount");
	assert_string_equal(account_service_status(&d.c, "740000000003", 1), "BLOCKED");

	snprintf(key, sizeof(key), "%s", new_uuid());
	promise(&d.c, &r, key, d.a3, amount);
	assert_status(&r, 200);
	assert_non_null(resp_str(&r, "promisedPaymentId"));
	snprintf(pid, sizeof(pid), "%s", resp_str(&r, "promisedPaymentId"));
	assert_int_equal(resp_int(&r, "amount"), amount);
	assert_string_equal(resp_str(&r, "expiresAt"), "2026-11-27T00:00:00Z");
	assert_int_equal(resp_int(&r, "balance"), -37480 + amount);
	assert_int_equal(history_sum(&d.c, d.a3), -37480 + amount);
	row = history_newest(&d.c, d.a3);
	assert_string_equal(json_str(row, "type"), "PROMISED");
	assert_int_equal(json_int(row, "amount"), amount);
	assert_string_equal(json_str(row, "description"), "Обещанный платёж до 27.11.2026");
	cJSON_Delete(row);
	/* Out of debt: the blocked internet is back. */
	assert_string_equal(account_service_status(&d.c, "740000000003", 1), "ACTIVE");
	/* The payment system stays while the promise runs. */
	api(&d.c, &r, "switchPaymentSystem", "{\"accountId\":\"%s\",\"system\":\"CREDIT\"}", d.a3);
	assert_error(&r, 409, "CONFLICT");
	assert_null(cJSON_GetObjectItem(r.json, "field"));

	/* A replay answers the same and promises nothing more. */
	promise(&d.c, &r, key, d.a3, amount);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "promisedPaymentId"), pid);
	assert_int_equal(history_sum(&d.c, d.a3), -37480 + amount);

	/* While it is active: no second one. */
	api(&d.c, &r, "getPromisedPaymentOffer", "{\"accountId\":\"%s\"}", d.a3);
	assert_status(&r, 200);
	assert_true(cJSON_IsFalse(json_get(r.json, "available")));
	assert_string_equal(resp_str(&r, "reason"), "ACTIVE_PROMISE");
	promise(&d.c, &r, new_uuid(), d.a3, 100);
	assert_error(&r, 409, "CONFLICT");

	/* Credit accounts have no promised payments. */
	other_login(&o, &k, other_acc, sizeof(other_acc));
	api(&o, &r, "getPromisedPaymentOffer", "{\"accountId\":\"%s\"}", other_acc);
	assert_status(&r, 200);
	assert_true(cJSON_IsFalse(json_get(r.json, "available")));
	assert_string_equal(resp_str(&r, "reason"), "CREDIT_ACCOUNT");
	promise(&o, &r, new_uuid(), other_acc, 100);
	assert_error(&r, 409, "CONFLICT");
	/* Nor on someone else's account. */
	promise(&o, &r, new_uuid(), d.a1, 100);
	assert_error(&r, 404, "NOT_FOUND");
	api(&o, &r, "getPromisedPaymentOffer", "{\"accountId\":\"%s\"}", d.a1);
	assert_error(&r, 404, "NOT_FOUND");

	/* An ADVANCE account needs no debt to take one. */
	api(&d.c, &r, "getPromisedPaymentOffer", "{\"accountId\":\"%s\"}", d.a1);
	assert_status(&r, 200);
	assert_true(cJSON_IsTrue(json_get(r.json, "available")));

	/* Billing takes the promise back on its last day; the debt returns and blocks the
	 * internet again. The month's promise is spent even though none is active now. */
	assert_int_equal(kd_admin(&k, "bill", "--date", "2026-11-27", NULL), 0);
	assert_int_equal(history_sum(&d.c, d.a3), -37480);
	assert_string_equal(account_service_status(&d.c, "740000000003", 1), "BLOCKED");
	api(&d.c, &r, "getPromisedPaymentOffer", "{\"accountId\":\"%s\"}", d.a3);
	assert_status(&r, 200);
	assert_true(cJSON_IsFalse(json_get(r.json, "available")));
	assert_string_equal(resp_str(&r, "reason"), "ALREADY_USED_THIS_MONTH");
	promise(&d.c, &r, new_uuid(), d.a3, 100);
	assert_error(&r, 409, "LIMIT_EXCEEDED");
	assert_int_equal(history_sum(&d.c, d.a3), -37480);

	resp_free(&r);
	client_free(&o);
	client_free(&d.c);
	assert_int_equal(kd_stop(&k), 0);
}

/* ---- payment system ---- */

static long switch_system(struct client *c, struct resp *r, const char *account,
			  const char *system)
{
	return api(c, r, "switchPaymentSystem", "{\"accountId\":\"%s\",\"system\":\"%s\"}", account,
		   system);
}

static const char *payment_system(struct client *c, const char *number)
{
	static char system[16];
	struct resp r = { 0 };
	const cJSON *acc;
	system[0] = '\0';
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(acc, json_get(r.json, "accounts"))
		if (!strcmp(json_str(acc, "number"), number))
			snprintf(system, sizeof(system), "%s", json_str(acc, "paymentSystem"));
	resp_free(&r);
	return system;
}

/* Counts the DEBT autopay rules on an account. */
static int debt_rules(struct client *c, const char *account)
{
	struct resp r = { 0 };
	const cJSON *rule;
	int n = 0;
	api(c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(rule, json_get(r.json, "rules"))
		if (!strcmp(json_str(rule, "accountId"), account) &&
		    !strcmp(json_str(rule, "kind"), "DEBT"))
			n++;
	resp_free(&r);
	return n;
}

static void switch_payment_system_rules(void **state)
{
	struct demo d;
	struct client o;
	struct resp r = { 0 };
	char other_acc[64], card[64];

	demo_login(&d, &kd);
	other_login(&o, &kd, other_acc, sizeof(other_acc));
	assert_string_equal(payment_system(&d.c, "590000000002"), "ADVANCE");

	switch_system(&d.c, &r, d.a2, "ADVANCE");
	assert_error(&r, 409, "CONFLICT");
	switch_system(&d.c, &r, d.a2, "CREDIT");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "paymentSystem"), "CREDIT");
	assert_string_equal(payment_system(&d.c, "590000000002"), "CREDIT");
	switch_system(&d.c, &r, d.a2, "CREDIT");
	assert_error(&r, 409, "CONFLICT");

	/* A DEBT rule belongs to credit; going back to advance drops it. demo's card is
	 * the one its MONTHLY rule uses. */
	api(&d.c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	snprintf(card, sizeof(card), "%s",
		 json_str(cJSON_GetArrayItem(json_get(r.json, "rules"), 0), "cardId"));
	api(&d.c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"DEBT\",\"enabled\":true}", d.a2, card);
	assert_status(&r, 200);
	assert_int_equal(debt_rules(&d.c, d.a2), 1);
	switch_system(&d.c, &r, d.a2, "ADVANCE");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "paymentSystem"), "ADVANCE");
	assert_string_equal(payment_system(&d.c, "590000000002"), "ADVANCE");
	assert_int_equal(debt_rules(&d.c, d.a2), 0);

	/* Not with debt. */
	switch_system(&d.c, &r, d.a3, "CREDIT");
	assert_error(&r, 409, "CONFLICT");
	assert_string_equal(payment_system(&d.c, "740000000003"), "ADVANCE");

	/* Bad values, someone else's account. */
	switch_system(&d.c, &r, d.a2, "credit");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "system");
	switch_system(&d.c, &r, d.a2, "BARTER");
	assert_error(&r, 422, "VALIDATION");
	api(&d.c, &r, "switchPaymentSystem", "{\"accountId\":\"%s\"}", d.a2);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "system");
	api(&d.c, &r, "switchPaymentSystem", "{\"accountId\":\"%s\",\"system\":1}", d.a2);
	assert_error(&r, 400, "BAD_REQUEST");
	switch_system(&d.c, &r, other_acc, "ADVANCE");
	assert_error(&r, 404, "NOT_FOUND");
	switch_system(&o, &r, d.a2, "CREDIT");
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(payment_system(&d.c, "590000000002"), "ADVANCE");

	resp_free(&r);
	client_free(&o);
	client_free(&d.c);
}

/* ---- invoices ---- */

static void invoices_list_and_lines(void **state)
{
	struct demo d;
	struct client o;
	struct resp r = { 0 };
	char other_acc[64], id[64], other_inv[64], prev[8] = "9999-99";
	const cJSON *inv, *line, *first;
	int64_t amount, sum = 0;
	int n = 0;

	demo_login(&d, &kd);
	other_login(&o, &kd, other_acc, sizeof(other_acc));

	api(&d.c, &r, "getInvoices", "{\"accountId\":\"%s\"}", d.a1);
	assert_status(&r, 200);
	/* The last 24 months, newest first; the current one unpaid. */
	cJSON_ArrayForEach(inv, json_get(r.json, "invoices")) {
		const char *period = json_str(inv, "period");
		assert_non_null(period);
		assert_int_equal(strlen(period), 7);
		assert_true(strcmp(period, prev) < 0);
		snprintf(prev, sizeof(prev), "%s", period);
		assert_non_null(json_str(inv, "invoiceId"));
		assert_non_null(json_str(inv, "dueDate"));
		assert_true(json_int(inv, "amount") > 0);
		assert_true(cJSON_IsBool(json_get(inv, "paid")));
		n++;
	}
	assert_int_equal(n, 24);
	first = cJSON_GetArrayItem(json_get(r.json, "invoices"), 0);
	assert_string_equal(json_str(first, "period"), "2026-11");
	assert_true(cJSON_IsFalse(json_get(first, "paid")));
	assert_true(
		cJSON_IsTrue(json_get(cJSON_GetArrayItem(json_get(r.json, "invoices"), 1), "paid")));
	/* An older one, with its lines. */
	snprintf(id, sizeof(id), "%s",
		 json_str(cJSON_GetArrayItem(json_get(r.json, "invoices"), 1), "invoiceId"));
	amount = json_int(cJSON_GetArrayItem(json_get(r.json, "invoices"), 1), "amount");

	api(&d.c, &r, "getInvoice", "{\"invoiceId\":\"%s\"}", id);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "invoiceId"), id);
	assert_string_equal(resp_str(&r, "accountId"), d.a1);
	assert_string_equal(resp_str(&r, "period"), "2026-10");
	assert_int_equal(resp_int(&r, "amount"), amount);
	assert_non_null(resp_str(&r, "dueDate"));
	assert_true(cJSON_IsTrue(json_get(r.json, "paid")));
	n = 0;
	cJSON_ArrayForEach(line, json_get(r.json, "lines")) {
		assert_non_null(json_str(line, "service"));
		assert_non_null(json_str(line, "description"));
		sum += json_int(line, "amount");
		n++;
	}
	/* Internet, its static IP, IPTV and the home phone. */
	assert_true(n >= 3);
	assert_int_equal(sum, amount);

	/* Someone else's invoices are not found. */
	api(&o, &r, "getInvoices", "{\"accountId\":\"%s\"}", other_acc);
	assert_status(&r, 200);
	snprintf(other_inv, sizeof(other_inv), "%s",
		 json_str(cJSON_GetArrayItem(json_get(r.json, "invoices"), 0), "invoiceId"));
	api(&d.c, &r, "getInvoice", "{\"invoiceId\":\"%s\"}", other_inv);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "invoiceId");
	api(&o, &r, "getInvoice", "{\"invoiceId\":\"%s\"}", id);
	assert_error(&r, 404, "NOT_FOUND");
	api(&d.c, &r, "getInvoice", "{\"invoiceId\":\"inv-no-such\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&d.c, &r, "getInvoice", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "invoiceId");
	api(&d.c, &r, "getInvoices", "{\"accountId\":\"%s\"}", other_acc);
	assert_error(&r, 404, "NOT_FOUND");
	api(&d.c, &r, "getInvoices", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "accountId");

	resp_free(&r);
	client_free(&o);
	client_free(&d.c);
}

static const char *invoice_email(struct client *c, const char *account)
{
	static char email[300];
	struct resp r = { 0 };
	const char *v;
	api(c, &r, "getAccountInfo", "{\"accountId\":\"%s\"}", account);
	assert_status(&r, 200);
	assert_non_null(json_get(r.json, "invoiceEmail"));
	v = resp_str(&r, "invoiceEmail");
	snprintf(email, sizeof(email), "%s", v ? v : "(null)");
	resp_free(&r);
	return email;
}

static void invoice_delivery_set_and_stop(void **state)
{
	static const char *const bad[] = { "no-at-sign", "a@b", "@kabinet.example",
					   "a@@kabinet.example", "a@kabinet.", "a@.example",
					   "a b@kabinet.example", "" };
	struct demo d;
	struct client o;
	struct resp r = { 0 };
	char other_acc[64], longest[300];

	demo_login(&d, &kd);
	other_login(&o, &kd, other_acc, sizeof(other_acc));

	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":\"bills@kabinet.example\"}",
	    d.a2);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "invoiceEmail"), "bills@kabinet.example");
	assert_string_equal(invoice_email(&d.c, d.a2), "bills@kabinet.example");

	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":null}", d.a2);
	assert_status(&r, 200);
	assert_true(cJSON_IsNull(json_get(r.json, "invoiceEmail")));
	assert_string_equal(invoice_email(&d.c, d.a2), "(null)");

	/* 254 characters is the longest address. */
	memset(longest, 'a', 242);
	memcpy(longest + 242, "@example.com", 13);
	assert_int_equal(strlen(longest), 254);
	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":\"%s\"}", d.a2, longest);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "invoiceEmail"), longest);
	memmove(longest + 1, longest, 255);
	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":\"%s\"}", d.a2, longest);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "email");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":\"%s\"}", d.a2,
		    bad[i]);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "email");
	}
	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\"}", d.a2);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "email");
	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":42}", d.a2);
	assert_error(&r, 400, "BAD_REQUEST");
	api(&d.c, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":\"x@kabinet.example\"}",
	    other_acc);
	assert_error(&r, 404, "NOT_FOUND");
	api(&o, &r, "setInvoiceDelivery", "{\"accountId\":\"%s\",\"email\":null}", d.a2);
	assert_error(&r, 404, "NOT_FOUND");
	/* Nothing of that changed the stored address. */
	assert_string_equal(invoice_email(&d.c, d.a2), longest + 1);

	resp_free(&r);
	client_free(&o);
	client_free(&d.c);
}

static void money_methods_need_a_session(void **state)
{
	static const char *const methods[] = { "getPaymentHistory", "transferFunds",
					       "getPromisedPaymentOffer", "activatePromisedPayment",
					       "switchPaymentSystem", "getInvoices", "getInvoice",
					       "setInvoiceDelivery" };
	assert_need_session(&kd, methods, sizeof(methods) / sizeof(methods[0]));
}

static int group_teardown_all(void **state)
{
	int rc = 0;
	if (kd_tr_up)
		rc = kd_stop(&kd_tr);
	kd_tr_up = false;
	return group_teardown(state) | rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(history_sum_equals_seeded_balance),
		cmocka_unit_test(history_pages_without_gaps_or_duplicates),
		cmocka_unit_test(history_filters),
		cmocka_unit_test(history_bad_requests),
		cmocka_unit_test_setup(transfer_moves_exact_kopecks_both_ways, transfer_setup),
		cmocka_unit_test_setup(transfer_to_several_accounts_unblocks_debtor, transfer_setup),
		cmocka_unit_test_setup(transfer_beyond_balance_moves_nothing, transfer_setup),
		cmocka_unit_test_setup(transfer_validation_and_authorization, transfer_setup),
		cmocka_unit_test_setup(transfer_replay_is_idempotent, transfer_setup),
		cmocka_unit_test(promised_payment_unblocks_and_is_once_a_month),
		cmocka_unit_test(switch_payment_system_rules),
		cmocka_unit_test(invoices_list_and_lines),
		cmocka_unit_test(invoice_delivery_set_and_stop),
		cmocka_unit_test(money_methods_need_a_session),
	};
	return cmocka_run_group_tests_name("money", tests, group_setup, group_teardown_all);
}
