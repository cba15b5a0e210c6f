/* API tests of getPaymentHistory's order, total and text filter: paging newest first
 * and oldest first returns each row of a listing once, in the order of the ledger
 * (date, then the order the rows were written), with `total` the count of the listing's
 * rows; `q` finds a substring of the description whatever its case, in Russian too,
 * with `%` and `_` taken literally; a cursor serves only the order and filters it came
 * from; the scale seed pages both ways, its pages and counts served by the index. */
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
#define EVER "\"from\":\"2000-01-01\",\"to\":\"2099-12-31\""

KD_GROUP(kd, "--today", TODAY);

/* One getPaymentHistory call: `extra` is more JSON members (may be empty). */
static long history(struct client *c, struct resp *r, const char *extra, int limit,
		    const char *cursor)
{
	char body[1024];
	int n = snprintf(body, sizeof(body), "{\"limit\":%d", limit);
	if (cursor)
		n += snprintf(body + n, sizeof(body) - (size_t)n, ",\"cursor\":\"%s\"", cursor);
	if (*extra)
		n += snprintf(body + n, sizeof(body) - (size_t)n, ",%s", extra);
	snprintf(body + n, sizeof(body) - (size_t)n, "}");
	return api(c, r, "getPaymentHistory", "%s", body);
}

/* A listing paged to its end: its rows' ids, comma-separated in the order the pages
 * gave them (malloc'ed), and the `total` every page answered (the same on each). */
static char *page_ids(struct client *c, const char *extra, int limit, int64_t *total)
{
	struct resp r = { 0 };
	char cursor[128] = "";
	size_t size = 64, len = 0;
	char *ids = calloc(1, size);
	int pages = 0;

	*total = -1;
	do {
		const cJSON *items, *it;
		history(c, &r, extra, limit, cursor[0] ? cursor : NULL);
		assert_status(&r, 200);
		if (*total < 0)
			*total = resp_int(&r, "total");
		assert_int_equal(resp_int(&r, "total"), *total);
		items = json_get(r.json, "items");
		assert_true(cJSON_GetArraySize(items) <= limit);
		cJSON_ArrayForEach(it, items) {
			const char *id = json_str(it, "id");
			while (len + strlen(id) + 2 > size)
				ids = realloc(ids, size *= 2);
			len += (size_t)sprintf(ids + len, "%s%s", len ? "," : "", id);
		}
		cursor[0] = '\0';
		if (resp_str(&r, "nextCursor")) {
			assert_int_equal(cJSON_GetArraySize(items), limit);
			snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
		}
		assert_true(++pages < 1000);
	} while (cursor[0]);
	resp_free(&r);
	return ids;
}

/* The ids of the rows `where` selects (SQL on history h and accounts a), in the ledger's
 * order: oldest first, or newest first when desc; "" when none. */
static char *ledger_ids(struct kd *k, const char *where, bool desc)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT COALESCE(group_concat(id, ','), '') FROM (SELECT h.id FROM history h "
		 "JOIN accounts a ON a.id = h.account_id JOIN profiles p ON p.id = a.profile_id "
		 "WHERE %s ORDER BY h.date %s, h.seq %s)", where, desc ? "DESC" : "",
		 desc ? "DESC" : "");
	return kd_sql_str(k, sql);
}

static int64_t ledger_count(struct kd *k, const char *where)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM history h JOIN accounts a ON a.id = h.account_id "
		 "JOIN profiles p ON p.id = a.profile_id WHERE %s", where);
	return kd_sql_int(k, sql);
}

static int64_t count_ids(const char *ids)
{
	int64_t n = *ids ? 1 : 0;
	for (; *ids; ids++)
		n += *ids == ',';
	return n;
}

/* Paged newest first and oldest first, at several page sizes, the listing `extra` is
 * exactly the ledger's rows `where` in the ledger's order, each once, and its total is
 * their number. */
static void assert_pages_both_ways(struct kd *k, struct client *c, const char *extra,
				   const char *where, const int *limits, size_t nlimits)
{
	char *want_desc = ledger_ids(k, where, true), *want_asc = ledger_ids(k, where, false);
	int64_t want = ledger_count(k, where);
	char body[512];

	for (size_t i = 0; i < nlimits; i++) {
		int64_t total;
		char *got;

		got = page_ids(c, extra, limits[i], &total);
		assert_string_equal(got, want_desc);
		assert_int_equal(total, want);
		free(got);
		snprintf(body, sizeof(body), "%s%s\"order\":\"desc\"", extra, *extra ? "," : "");
		got = page_ids(c, body, limits[i], &total);
		assert_string_equal(got, want_desc);
		free(got);
		snprintf(body, sizeof(body), "%s%s\"order\":\"asc\"", extra, *extra ? "," : "");
		got = page_ids(c, body, limits[i], &total);
		assert_string_equal(got, want_asc);
		assert_int_equal(total, want);
		assert_int_equal(count_ids(got), want);
		free(got);
	}
	free(want_desc);
	free(want_asc);
}

static void pages_both_ways_each_row_once(void **state)
{
	static const int limits[] = { 1, 7, 200 };
	struct client c;
	char extra[256], where[256];
	const char *acc;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	acc = account_id_by_number(&c, "590000000001");

	/* The demo's days hold several rows of several accounts each: ties in date. */
	assert_pages_both_ways(&kd, &c, EVER, "p.login = 'demo'", limits, 3);
	snprintf(extra, sizeof(extra), EVER ",\"accountId\":\"%s\"", acc);
	snprintf(where, sizeof(where), "a.id = '%s'", acc);
	assert_pages_both_ways(&kd, &c, extra, where, limits, 3);
	/* The default period: the year up to today. */
	assert_pages_both_ways(&kd, &c, "",
			       "p.login = 'demo' AND h.date BETWEEN '2025-11-22' AND '" TODAY "'",
			       limits, 3);
	assert_pages_both_ways(&kd, &c, EVER ",\"types\":[\"CHARGE\",\"TRANSFER_OUT\"]",
			       "p.login = 'demo' AND h.type IN ('CHARGE', 'TRANSFER_OUT')",
			       limits + 1, 2);
	assert_pages_both_ways(&kd, &c,
			       "\"from\":\"2026-01-01\",\"to\":\"2026-06-30\",\"q\":\"ПЛАТА ЗА\","
			       "\"types\":[\"CHARGE\"]",
			       "p.login = 'demo' AND h.date BETWEEN '2026-01-01' AND '2026-06-30' "
			       "AND h.type = 'CHARGE' AND h.description LIKE '%плата за%'",
			       limits + 1, 2);
	/* Nothing to show: total 0, no cursor. */
	assert_pages_both_ways(&kd, &c, EVER ",\"q\":\"нет такого текста\"", "0", limits, 1);
	client_free(&c);
}

/* The rows that match q over the whole ledger, paged; their number. */
static int64_t found(struct client *c, const char *q)
{
	char extra[256];
	int64_t total;
	char *ids;

	snprintf(extra, sizeof(extra), EVER ",\"q\":\"%s\"", q);
	ids = page_ids(c, extra, 50, &total);
	assert_int_equal(count_ids(ids), total);
	free(ids);
	return total;
}

static void text_ignores_case_in_russian(void **state)
{
	struct client c;
	int64_t fees = ledger_count(&kd, "p.login = 'demo' AND h.description LIKE "
					  "'Абонентская плата%'");
	int64_t autopay = ledger_count(&kd, "p.login = 'demo' AND h.description LIKE "
					    "'Автоплатёж%'");

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	assert_true(fees > 10);
	assert_true(autopay > 0);
	assert_int_equal(found(&c, "абонентская плата"), fees);
	assert_int_equal(found(&c, "АБОНЕНТСКАЯ ПЛАТА"), fees);
	assert_int_equal(found(&c, "аБоНеНтСкАя ПлАтА"), fees);
	assert_int_equal(found(&c, "ПЛАТА ЗА"), fees);
	/* Ё and Latin letters fold too; Е and Ё stay different letters. */
	assert_int_equal(found(&c, "АВТОПЛАТЁЖ"), autopay);
	assert_int_equal(found(&c, "автоплатеж"), 0);
	assert_int_equal(found(&c, "сбп"),
			 ledger_count(&kd, "p.login = 'demo' AND h.description LIKE '%СБП%'"));
	client_free(&c);
}

static void text_takes_wildcards_literally(void **state)
{
	struct client c;
	char sql[512];
	const char *acc;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	acc = account_id_by_number(&c, "590000000002");
	/* Rows of no amount (the balance stays the sum of the history) whose text holds
	 * the wildcards of LIKE. */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO history (id, account_id, date, at, type, amount, description) "
		 "VALUES ('hwild1', '%s', '2026-11-20', 0, 'BONUS', 0, 'Скидка 10%% на Связь'),"
		 "('hwild2', '%s', '2026-11-21', 0, 'BONUS', 0, 'Акция ДРУГ_2026')", acc, acc);
	kd_sql(&kd, sql);
	assert_int_equal(found(&c, "%"), 1);
	assert_int_equal(found(&c, "10%"), 1);
	assert_int_equal(found(&c, "10% НА связь"), 1);
	assert_int_equal(found(&c, "_"), 1);
	assert_int_equal(found(&c, "друг_2026"), 1);
	assert_int_equal(found(&c, "друг%"), 0);
	assert_int_equal(found(&c, "%плата"), 0);
	assert_int_equal(found(&c, "а_ц"), 0);
	kd_sql(&kd, "DELETE FROM history WHERE id IN ('hwild1', 'hwild2')");
	client_free(&c);
}

static void bad_order_and_text(void **state)
{
	static const struct {
		const char *extra;
		const char *field;
		int status;
	} cases[] = {
		{ "\"order\":\"up\"", "order", 422 },
		{ "\"order\":\"ASC\"", "order", 422 },
		{ "\"order\":\"\"", "order", 422 },
		{ "\"order\":1", "order", 400 },
		{ "\"q\":\"\"", "q", 422 },
		{ "\"q\":5", "q", 400 },
		{ "\"q\":[\"плата\"]", "q", 400 },
		/* 65 letters, 130 bytes. */
		{ "\"q\":\"ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа\"",
		  "q", 422 },
	};
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		history(&c, &r, cases[i].extra, 10, NULL);
		assert_error(&r, cases[i].status,
			     cases[i].status == 400 ? "BAD_REQUEST" : "VALIDATION");
		assert_field(&r, cases[i].field);
	}
	/* 64 letters are fine (and match nothing); null is as absent. */
	history(&c, &r, "\"q\":\"аааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа\"",
		10, NULL);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "total"), 0);
	history(&c, &r, "\"q\":null,\"order\":null", 10, NULL);
	assert_status(&r, 200);
	assert_true(resp_int(&r, "total") > 10);
	resp_free(&r);
	client_free(&c);
}

static void cursor_keeps_its_order_and_filters(void **state)
{
	/* The listing the cursor comes from, then each change that must refuse it. */
	static const char *const base = "\"types\":[\"CHARGE\",\"PAYMENT\"],\"q\":\"плата\"";
	static const char *const other[] = {
		"\"types\":[\"CHARGE\",\"PAYMENT\"],\"q\":\"плата\",\"order\":\"asc\"",
		"\"types\":[\"CHARGE\"],\"q\":\"плата\"",
		"\"q\":\"плата\"",
		"\"types\":[\"CHARGE\",\"PAYMENT\"],\"q\":\"плат\"",
		"\"types\":[\"CHARGE\",\"PAYMENT\"]",
		"\"types\":[\"CHARGE\",\"PAYMENT\"],\"q\":\"плата\",\"from\":\"2025-01-01\"",
		"\"types\":[\"CHARGE\",\"PAYMENT\"],\"q\":\"плата\",\"to\":\"" TODAY "\"",
	};
	struct client c;
	struct resp r = { 0 };
	char cursor[128], extra[256];

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	history(&c, &r, base, 2, NULL);
	assert_status(&r, 200);
	assert_non_null(resp_str(&r, "nextCursor"));
	snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		history(&c, &r, other[i], 2, cursor);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "cursor");
	}
	snprintf(extra, sizeof(extra), "%s,\"accountId\":\"%s\"", base,
		 account_id_by_number(&c, "590000000001"));
	history(&c, &r, extra, 2, cursor);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cursor");

	/* The same filters in another spelling, another limit, "desc" said aloud: the
	 * same listing, so the cursor holds. */
	history(&c, &r, "\"q\":\"ПЛАТА\",\"types\":[\"PAYMENT\",\"CHARGE\",\"CHARGE\"],"
			"\"order\":\"desc\"", 5, cursor);
	assert_status(&r, 200);

	/* An ascending cursor is refused descending. */
	history(&c, &r, "\"order\":\"asc\"", 2, NULL);
	assert_status(&r, 200);
	snprintf(cursor, sizeof(cursor), "%s", resp_str(&r, "nextCursor"));
	history(&c, &r, "", 2, cursor);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "cursor");
	history(&c, &r, "\"order\":\"asc\"", 2, cursor);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

/* EXPLAIN QUERY PLAN of the history queries as getPaymentHistory runs them (money.c),
 * but for the text filter: the sqlite3 shell has no fold_case(). */
#define PLAN_RANGE                                                                         \
	"AND (date, seq) > ('2000-01-01', 0) AND (date, seq) < ('2099-12-31', 9) "         \
	"AND (',CHARGE,' IS NULL OR instr(',CHARGE,', ',' || type || ',') > 0) "
#define PLAN_PERIOD                                                                        \
	"AND date >= '2000-01-01' AND date <= '2099-12-31' "                               \
	"AND (',CHARGE,' IS NULL OR instr(',CHARGE,', ',' || type || ',') > 0) "
/* The counts kept beside the history (history_counts) against the rows themselves:
 * the accounts whose count or first or last date differ, "" when none. */
#define COUNTS_WRONG                                                                       \
	"SELECT group_concat(a, ',') FROM (SELECT h.account_id AS a FROM history h "         \
	"GROUP BY h.account_id HAVING COUNT(*) IS NOT (SELECT n FROM history_counts k "      \
	"WHERE k.account_id = h.account_id) OR MIN(h.date) < (SELECT first_date FROM "        \
	"history_counts k WHERE k.account_id = h.account_id) OR MAX(h.date) > (SELECT "       \
	"last_date FROM history_counts k WHERE k.account_id = h.account_id))"

static void assert_counts_kept(struct kd *k)
{
	char *wrong = kd_sql_str(k, COUNTS_WRONG);

	assert_string_equal(wrong, "");
	free(wrong);
}

/* The whole history's total comes from the counts the triggers keep (no row read); they
 * follow every write: the seed's, a transfer's two rows, a row deleted. Every way of
 * counting says the same. */
static void totals_follow_every_write(void **state)
{
	static const int limits[] = { 200 };
	struct client c;
	struct resp r = { 0 };
	char from[64], to[64], items[256], *ids;
	int64_t before, total;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	assert_counts_kept(&kd);
	before = ledger_count(&kd, "p.login = 'demo'");
	snprintf(from, sizeof(from), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(to, sizeof(to), "%s", account_id_by_number(&c, "590000000002"));
	snprintf(items, sizeof(items), "{\"accountId\":\"%s\",\"amount\":100}", to);
	assert_int_equal(api(&c, &r, "transferFunds",
			     "{\"idempotencyKey\":\"%s\",\"fromAccountId\":\"%s\",\"items\":[%s]}",
			     new_uuid(), from, items), 200);
	resp_free(&r);
	assert_counts_kept(&kd);
	ids = page_ids(&c, EVER, 200, &total);
	free(ids);
	assert_int_equal(total, before + 2);
	/* Every type named is the whole history, from the counts too; every type but
	 * REFUND, of which the demo has none, the same rows counted from the index. */
	assert_pages_both_ways(&kd, &c,
			       EVER ",\"types\":[\"PAYMENT\",\"CHARGE\",\"AUTOPAY\",\"TRANSFER_IN\","
			       "\"TRANSFER_OUT\",\"PROMISED\",\"BONUS\",\"REFUND\"]",
			       "p.login = 'demo'", limits, 1);
	assert_pages_both_ways(&kd, &c,
			       EVER ",\"types\":[\"PAYMENT\",\"CHARGE\",\"AUTOPAY\",\"TRANSFER_IN\","
			       "\"TRANSFER_OUT\",\"PROMISED\",\"BONUS\"]",
			       "p.login = 'demo'", limits, 1);
	assert_int_equal(ledger_count(&kd, "p.login = 'demo' AND h.type = 'REFUND'"), 0);
	kd_sql(&kd, "DELETE FROM charge_parts WHERE history_id = (SELECT id FROM history "
		    "WHERE type = 'TRANSFER_IN' ORDER BY seq DESC LIMIT 1);"
		    "DELETE FROM history WHERE seq = (SELECT MAX(seq) FROM history "
		    "WHERE type = 'TRANSFER_IN')");
	assert_counts_kept(&kd);
	assert_pages_both_ways(&kd, &c, EVER, "p.login = 'demo'", limits, 1);
	client_free(&c);
}

#define PLAN_ACCOUNT "WHERE account_id = 'x' "
#define PLAN_PROFILE "account_id IN (SELECT id FROM accounts WHERE profile_id = 1) "

static void assert_plan(struct kd *k, const char *sql, const char *want, const char *unwanted)
{
	char query[1024];
	char *plan;

	snprintf(query, sizeof(query), "EXPLAIN QUERY PLAN %s", sql);
	plan = kd_sql_str(k, query);
	if (!strstr(plan, want) || strstr(plan, unwanted)) {
		print_message("%s\nplan: %s\n", sql, plan);
		fail();
	}
	free(plan);
}

static void scale_seed_pages_by_the_index(void **state)
{
	static const int limits[] = { 200 };
	struct kd k;
	struct client c;

	assert_int_equal(kd_start(&k, "--today", TODAY, NULL), 0);
	assert_int_equal(kd_admin(&k, "seed", "scale", "--accounts", "3", "--history", "2000",
				  NULL), 0);
	client_init(&c, &k);
	client_login(&c, "scale", PASSWD);
	assert_pages_both_ways(&k, &c, EVER, "p.login = 'scale'", limits, 1);
	assert_int_equal(ledger_count(&k, "p.login = 'scale'"), 2000);
	assert_counts_kept(&k);
	client_free(&c);

	/* A page walks the account's index either way without sorting; the count reads the
	 * index alone. */
	assert_plan(&k, "SELECT id FROM history " PLAN_ACCOUNT PLAN_RANGE
			"ORDER BY date DESC, seq DESC LIMIT 50",
		    "USING INDEX history_account_type", "TEMP B-TREE");
	assert_plan(&k, "SELECT id FROM history " PLAN_ACCOUNT PLAN_RANGE
			"ORDER BY date, seq LIMIT 50",
		    "USING INDEX history_account_type", "TEMP B-TREE");
	assert_plan(&k, "SELECT COUNT(*) FROM history " PLAN_ACCOUNT PLAN_PERIOD,
		    "USING COVERING INDEX history_account_type", "SCAN history");
	assert_plan(&k, "SELECT COUNT(*) FROM history WHERE " PLAN_PROFILE PLAN_PERIOD,
		    "USING COVERING INDEX history_account_type", "SCAN history");
	/* Without an account, a page walks the dates either way without sorting. */
	assert_plan(&k, "SELECT id FROM history WHERE +" PLAN_PROFILE PLAN_RANGE
			"ORDER BY date, seq LIMIT 50",
		    "USING INDEX history_date", "TEMP B-TREE");
	assert_int_equal(kd_stop(&k), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_both_ways_each_row_once),
		cmocka_unit_test(text_ignores_case_in_russian),
		cmocka_unit_test(text_takes_wildcards_literally),
		cmocka_unit_test(bad_order_and_text),
		cmocka_unit_test(cursor_keeps_its_order_and_filters),
		cmocka_unit_test(scale_seed_pages_by_the_index),
		cmocka_unit_test(totals_follow_every_write),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
