/* API tests of the demo and scale seeds: what docs/demo-data.md promises is what a user
 * sees, balances equal the sum of the history, the data is the same every time, and
 * seeding again changes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWD "Kabinet-2026"
#define TODAY "2026-11-22"

KD_GROUP(kd, "--today", TODAY);

static void assert_sql(struct kd *k, const char *want, const char *query)
{
	char *got = kd_sql_str(k, query);
	if (strcmp(got, want)) {
		print_message("%s\n  expected: %s\n  got:      %s\n", query, want, got);
		free(got);
		fail();
	}
	free(got);
}

struct want_service {
	int type;
	const char *number, *display, *status;
};

struct want_account {
	const char *number, *region, *system, *relation;
	int64_t balance;
	struct want_service services[3];
};

static const struct want_account demo_accounts[] = {
	{ "590000000001", "Пермский край", "ADVANCE", "OWN", 83050,
	  { { 1, "perm_ivanov", "perm_ivanov", "ACTIVE" },
	    { 8, "iptv-590000000001", "IPTV", "ACTIVE" },
	    { 2, "3422000001", "+7 (342) 200-00-01", "ACTIVE" } } },
	{ "590000000002", "Пермский край", "ADVANCE", "OWN", 15200,
	  { { 16, "+79221234522", "+7 (922) 123-45-22", "ACTIVE" } } },
	{ "740000000003", "Челябинская область", "ADVANCE", "RELATIVE", -37480,
	  { { 1, "chel_ivanova", "chel_ivanova", "BLOCKED" } } },
};

static void demo_sees_its_three_accounts(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *list;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	api(&c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	list = cJSON_GetObjectItem(r.json, "accounts");
	assert_int_equal(cJSON_GetArraySize(list), 3);
	for (size_t i = 0; i < 3; i++) {
		const struct want_account *w = &demo_accounts[i];
		const cJSON *acc = json_find(list, "number", w->number), *svcs;
		int n = 0;
		if (!acc) {
			print_message("account %s missing: %s\n", w->number, resp_dump(&r));
			fail();
		}
		assert_string_equal(json_str(acc, "region"), w->region);
		assert_string_equal(json_str(acc, "paymentSystem"), w->system);
		assert_string_equal(json_str(acc, "relation"), w->relation);
		assert_true(strlen(json_str(acc, "address")) > 0);
		svcs = cJSON_GetObjectItem(acc, "services");
		for (; n < 3 && w->services[n].number; n++) {
			const cJSON *s = json_find(svcs, "number", w->services[n].number);
			assert_non_null(s);
			assert_int_equal(json_int(s, "type"), w->services[n].type);
			assert_string_equal(json_str(s, "displayNumber"), w->services[n].display);
			assert_string_equal(json_str(s, "status"), w->services[n].status);
			assert_true(strlen(json_str(s, "serviceId")) > 0);
		}
		assert_int_equal(cJSON_GetArraySize(svcs), n);
	}
	resp_free(&r);
	client_free(&c);
}

/* Every page of the account's history since long before the seed, summed. */
static int64_t history_sum(struct client *c, const char *account_id, int *types_seen)
{
	static const char *const types[] = { "PAYMENT", "CHARGE", "TRANSFER_IN", "TRANSFER_OUT",
					     "PROMISED", "BONUS", "REFUND", "AUTOPAY" };
	struct resp r = { 0 };
	char cursor[256] = "";
	int64_t sum = 0;
	int pages = 0;

	do {
		const cJSON *items, *it, *next;
		if (cursor[0])
			api(c, &r, "getPaymentHistory",
			    "{\"accountId\":\"%s\",\"from\":\"2000-01-01\",\"to\":\"" TODAY "\","
			    "\"limit\":200,\"cursor\":\"%s\"}", account_id, cursor);
		else
			api(c, &r, "getPaymentHistory",
			    "{\"accountId\":\"%s\",\"from\":\"2000-01-01\",\"to\":\"" TODAY "\","
			    "\"limit\":200}", account_id);
		assert_status(&r, 200);
		items = cJSON_GetObjectItem(r.json, "items");
		assert_true(cJSON_IsArray(items));
		cJSON_ArrayForEach(it, items) {
			sum += json_int(it, "amount");
			assert_string_equal(json_str(it, "accountId"), account_id);
			for (int t = 0; t < 8; t++)
				if (!strcmp(json_str(it, "type"), types[t]))
					types_seen[t]++;
		}
		next = cJSON_GetObjectItem(r.json, "nextCursor");
		cursor[0] = '\0';
		if (cJSON_IsString(next))
			snprintf(cursor, sizeof(cursor), "%s", next->valuestring);
		assert_true(++pages < 20);
	} while (cursor[0]);
	resp_free(&r);
	return sum;
}

static void balances_equal_history_through_the_api(void **state)
{
	struct client c;
	struct resp r = { 0 };
	int seen[8] = { 0 };

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	for (size_t i = 0; i < 3; i++) {
		const char *id = account_id_by_number(&c, demo_accounts[i].number);
		char idbuf[64];
		snprintf(idbuf, sizeof(idbuf), "%s", id);
		api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", idbuf);
		assert_status(&r, 200);
		assert_int_equal(resp_int(&r, "balance"), demo_accounts[i].balance);
		assert_int_equal(history_sum(&c, idbuf, seen), demo_accounts[i].balance);
	}
	/* PAYMENT, CHARGE, TRANSFER_IN, TRANSFER_OUT, PROMISED, BONUS, REFUND, AUTOPAY */
	assert_true(seen[0] > 24);
	assert_int_equal(seen[1], 3 * 24);
	assert_int_equal(seen[2], 1);
	assert_int_equal(seen[3], 1);
	assert_int_equal(seen[4], 2);
	assert_int_equal(seen[5], 1);
	assert_int_equal(seen[7], 24);
	resp_free(&r);
	client_free(&c);
}

static void balances_equal_history_in_the_database(void **state)
{
	assert_sql(&kd, "0",
		   "SELECT COUNT(*) FROM accounts a WHERE balance != "
		   "(SELECT COALESCE(SUM(amount), 0) FROM history h WHERE h.account_id = a.id)");
	assert_sql(&kd,
		   "590000000001|83050\n590000000002|15200\n590000000005|120000\n"
		   "590000000010|0\n590000000012|0\n660000000004|0\n740000000003|-37480\n"
		   "740000000011|0",
		   "SELECT number, balance FROM accounts ORDER BY number");
	/* Each row's date is the date of its instant, and seq follows time. */
	assert_sql(&kd, "0", "SELECT COUNT(*) FROM history WHERE date != date(at, 'unixepoch')");
	assert_sql(&kd, "0",
		   "SELECT COUNT(*) FROM history a JOIN history b ON b.seq > a.seq AND b.at < a.at");
	assert_sql(&kd, "0",
		   "SELECT COUNT(*) FROM history WHERE date > '" TODAY "'");
	/* Monthly charges on the 1st are the account's fee. */
	assert_sql(&kd, "590000000001|-137000|24\n590000000002|-45000|24\n"
			 "590000000005|-55000|24\n660000000004|-85000|24\n740000000003|-55000|24",
		   "SELECT a.number, MIN(h.amount), COUNT(*) FROM history h "
		   "JOIN accounts a ON a.id = h.account_id WHERE h.type = 'CHARGE' "
		   "AND substr(h.date, 9) = '01' GROUP BY a.number ORDER BY a.number");
	assert_sql(&kd, "24|24",
		   "SELECT COUNT(*), SUM(substr(date, 9) = '10') FROM history WHERE type = 'AUTOPAY'");
}

static void demo_card_autopay_bonus_invoices_support(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *list, *it, *last;
	char acc1[64];
	int unpaid = 0;

	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));

	api(&c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	list = cJSON_GetObjectItem(r.json, "cards");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	it = cJSON_GetArrayItem(list, 0);
	assert_string_equal(json_str(it, "mask"), "2200 00** **** 0004");
	assert_string_equal(json_str(it, "paymentSystem"), "MIR");
	assert_string_equal(json_str(it, "expires"), "12/30");

	api(&c, &r, "getFplStatus", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "ACTIVE");
	assert_int_equal(resp_int(&r, "balance"), 1250);
	it = cJSON_GetObjectItem(r.json, "levelInfo");
	assert_string_equal(json_str(it, "level"), "STANDARD");
	assert_string_equal(json_str(it, "expireDate"), "2027-12-31");
	list = cJSON_GetObjectItem(r.json, "balanceBurningPoints");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	assert_int_equal(json_int(cJSON_GetArrayItem(list, 0), "points"), 300);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "burningDate"), "2026-12-31");

	api(&c, &r, "getInvoices", "{\"accountId\":\"%s\"}", acc1);
	assert_status(&r, 200);
	list = cJSON_GetObjectItem(r.json, "invoices");
	assert_int_equal(cJSON_GetArraySize(list), 24);
	cJSON_ArrayForEach(it, list) {
		/* Internet on «Домашний 100» till June, its static IP connected on 12 April:
		 * 1 120,00 ₽ till April, 1 270,00 ₽ in May and June, then 1 370,00 ₽. */
		const char *period = json_str(it, "period");
		assert_int_equal(json_int(it, "amount"), strcmp(period, "2026-05") < 0   ? 112000
							 : strcmp(period, "2026-07") < 0 ? 127000
											 : 137000);
		if (!cJSON_IsTrue(cJSON_GetObjectItem(it, "paid"))) {
			unpaid++;
			assert_string_equal(json_str(it, "period"), "2026-11");
			assert_string_equal(json_str(it, "dueDate"), "2026-11-01");
		}
	}
	assert_int_equal(unpaid, 1);
	it = json_find(list, "period", "2026-11");
	assert_non_null(it);
	api(&c, &r, "getInvoice", "{\"invoiceId\":\"%s\"}", json_str(it, "invoiceId"));
	assert_status(&r, 200);
	{
		int64_t sum = 0;
		const cJSON *line;
		list = cJSON_GetObjectItem(r.json, "lines");
		assert_int_equal(cJSON_GetArraySize(list), 4);	/* 3 tariffs + static IP */
		cJSON_ArrayForEach(line, list)
			sum += json_int(line, "amount");
		assert_int_equal(sum, 137000);
	}

	api(&c, &r, "getRequests", "{}");
	assert_status(&r, 200);
	list = cJSON_GetObjectItem(r.json, "requests");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	it = cJSON_GetArrayItem(list, 0);
	assert_string_equal(json_str(it, "status"), "IN_PROGRESS");
	assert_string_equal(json_str(it, "topic"), "Низкая скорость интернета");
	assert_string_equal(json_str(it, "accountId"), acc1);

	api(&c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	list = cJSON_GetObjectItem(r.json, "rules");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	it = cJSON_GetArrayItem(list, 0);
	assert_string_equal(json_str(it, "accountId"), acc1);
	assert_string_equal(json_str(it, "kind"), "MONTHLY");
	assert_int_equal(json_int(it, "day"), 10);
	assert_int_equal(json_int(it, "amount"), 150000);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(it, "enabled")));
	last = cJSON_GetObjectItem(it, "lastRun");
	assert_string_equal(json_str(last, "date"), "2026-11-10");
	assert_string_equal(json_str(last, "status"), "SUCCEEDED");
	resp_free(&r);
	client_free(&c);
}

static void usage_for_400_days(void **state)
{
	assert_sql(&kd, "perm_ivanov|400|1\n3422000001|400|1\n+79221234522|400|1\n"
			 "chel_ivanova|400|1\nperm_smirnova|400|1\nekb_kuznetsov|400|1",
		   "SELECT s.number, COUNT(*), CASE WHEN s.type = 1 "
		   "  THEN MIN(u.value) >= 500 AND MAX(u.value) <= 6000 "
		   "  ELSE MIN(u.value) >= 0 AND MAX(u.value) <= 90 END "
		   "FROM usage u JOIN services s ON s.id = u.service_id "
		   "WHERE u.date BETWEEN date('" TODAY "', '-399 days') AND '" TODAY "' "
		   "GROUP BY s.id ORDER BY s.rowid");
}

static void other_profiles_and_free_accounts(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *list;

	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	api(&c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	list = cJSON_GetObjectItem(r.json, "accounts");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "number"), "660000000004");
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "paymentSystem"), "CREDIT");
	api(&c, &r, "getFplStatus", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "MISSING");
	client_free(&c);

	client_init(&c, &kd);
	api(&c, &r, "login", "{\"login\":\"demo2fa\",\"passwd\":\"" PASSWD "\"}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "OTP_REQUIRED");
	assert_string_equal(resp_str(&r, "sentTo"), "+7 (922) ***-**-11");
	client_free(&c);

	assert_sql(&kd, "590000000010||Петров|2\n590000000012||Соколов|1\n740000000011||Волкова|1",
		   "SELECT a.number, a.profile_id, a.owner_last, COUNT(s.id) FROM accounts a "
		   "JOIN services s ON s.account_id = a.id WHERE a.profile_id IS NULL "
		   "GROUP BY a.id ORDER BY a.number");
	assert_sql(&kd, "+79225550011|Соколов|Андрей|Ильич",
		   "SELECT owner_contact, owner_last, owner_name, owner_middle FROM accounts "
		   "WHERE number = '590000000012'");
	assert_sql(&kd, "0", "SELECT COUNT(*) FROM accounts WHERE owner_contact IS NULL "
			     "OR contract_date >= '2024-01-01'");
	resp_free(&r);
}

static void secrets_are_only_hashes(void **state)
{
	char cmd[512];
	assert_sql(&kd, "0", "SELECT COUNT(*) FROM profiles WHERE pwhash NOT LIKE '$argon2id$%'");
	assert_sql(&kd, "0",
		   "SELECT COUNT(*) FROM services WHERE service_pwhash NOT LIKE '$argon2id$%'");
	/* No clear-text password anywhere in the file. */
	snprintf(cmd, sizeof(cmd), "grep -a -q -e Kabinet-2026 -e Service-2026 '%s'", kd.db);
	assert_int_not_equal(system(cmd), 0);
}

static const char dump_query[] =
	"SELECT number || ':' || balance || ':' || payment_system || ':' || COALESCE(profile_id, '') "
	"FROM accounts ORDER BY number;"
	"SELECT account_id || ':' || date || ':' || type || ':' || amount || ':' || description "
	"FROM history ORDER BY seq;"
	"SELECT id || ':' || period || ':' || amount || ':' || due_date || ':' || paid "
	"FROM invoices ORDER BY id;"
	"SELECT COUNT(*) || ':' || SUM(value) FROM usage;"
	"SELECT * FROM tariffs ORDER BY id; SELECT * FROM options ORDER BY id;"
	"SELECT id, number, status, tariff_id FROM services ORDER BY id;"
	"SELECT * FROM bonus; SELECT * FROM bonus_burning;"
	"SELECT id, kind, amount, day, last_date, last_status, last_amount FROM autopay_rules";

static void same_data_every_time(void **state)
{
	struct kd second;
	char *a, *b;

	assert_int_equal(kd_start(&second, "--today", TODAY, NULL), 0);
	a = kd_sql_str(&kd, dump_query);
	b = kd_sql_str(&second, dump_query);
	assert_true(strlen(a) > 10000);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(kd_stop(&second), 0);
}

static void seeding_again_changes_nothing(void **state)
{
	char *before, *after;
	before = kd_sql_str(&kd, dump_query);
	assert_int_equal(kd_admin(&kd, "seed", "demo", NULL), 0);
	after = kd_sql_str(&kd, dump_query);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_sql(&kd, "3", "SELECT COUNT(*) FROM profiles");
}

static void scale_seed(void **state)
{
	struct kd k;
	struct client c;
	struct resp r = { 0 };

	assert_int_equal(kd_start(&k, NULL), 0);
	assert_int_equal(kd_admin(&k, "seed", "scale", "--accounts", "300", "--history", "1000",
				  NULL), 0);
	assert_sql(&k, "300|300|1000|0",
		   "SELECT COUNT(*), SUM(number LIKE '8___________'), "
		   "(SELECT COUNT(*) FROM history h JOIN accounts x ON x.id = h.account_id "
		   " WHERE x.profile_id = p.id), "
		   "(SELECT COUNT(*) FROM accounts x WHERE x.profile_id = p.id AND balance != "
		   " (SELECT COALESCE(SUM(amount), 0) FROM history h WHERE h.account_id = x.id)) "
		   "FROM profiles p JOIN accounts a ON a.profile_id = p.id WHERE p.login = 'scale'");
	assert_sql(&k, "300|Домашний 300",
		   "SELECT COUNT(*), t.name FROM services s JOIN tariffs t ON t.id = s.tariff_id "
		   "JOIN accounts a ON a.id = s.account_id "
		   "JOIN profiles p ON p.id = a.profile_id WHERE p.login = 'scale' GROUP BY t.name");
	/* Its fees within the last year: «Домашний 100», then «Домашний 300», and the static
	 * IP from a 1st on; each CHARGE row is what its parts add up to. */
	assert_sql(&k, "Домашний 100|Домашний 300|Статический IP|1|1|0|300",
		   "WITH p AS (SELECT h.date, h.amount, h.id, x.kind, x.name, x.amount AS part FROM history h "
		   "  JOIN charge_parts x ON x.history_id = h.id "
		   "  JOIN accounts a ON a.id = h.account_id "
		   "  JOIN profiles f ON f.id = a.profile_id WHERE f.login = 'scale') "
		   "SELECT (SELECT name FROM p WHERE kind = 'TARIFF' ORDER BY date LIMIT 1), "
		   "(SELECT name FROM p WHERE kind = 'TARIFF' ORDER BY date DESC LIMIT 1), "
		   "(SELECT DISTINCT name FROM p WHERE kind = 'OPTION'), "
		   "(SELECT MIN(date) > date('now', '-12 months') FROM p "
		   "  WHERE name = 'Домашний 300'), "
		   "(SELECT MIN(date) > date('now', '-12 months') FROM p WHERE kind = 'OPTION'), "
		   "(SELECT COUNT(*) FROM (SELECT id FROM p GROUP BY id "
		   "  HAVING MIN(amount) != -SUM(part))), "
		   "(SELECT COUNT(*) FROM service_options o JOIN services s ON s.id = o.service_id "
		   "  WHERE s.id LIKE 'svcs%' AND o.enabled = 1)");
	/* A second run leaves the profile as it is. */
	assert_int_equal(kd_admin(&k, "seed", "scale", "--accounts", "5", "--history", "5", NULL),
			 0);
	assert_sql(&k, "300", "SELECT COUNT(*) FROM accounts a JOIN profiles p "
			      "ON p.id = a.profile_id WHERE p.login = 'scale'");

	client_init(&c, &k);
	client_login(&c, "scale", PASSWD);
	api(&c, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "lastName"), "Иванов");
	assert_string_equal(resp_str(&r, "phone"), "+79990000000");
	assert_string_equal(resp_str(&r, "region"), "Пермский край");
	api(&c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "accounts")), 300);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k), 0);
}

static void scale_seed_on_an_empty_database(void **state)
{
	/* scale also works on a database without the demo: the catalogue comes with it. */
	struct kd k, view;
	char cmd[1200];

	assert_int_equal(kd_start(&k, NULL), 0);
	view = k;
	snprintf(view.db, sizeof(view.db), "%s/empty.db", k.dir);
	snprintf(cmd, sizeof(cmd), "%s admin seed --db '%s' scale --accounts 20 --history 20 "
		 ">/dev/null", kd_binary(), view.db);
	assert_int_equal(system(cmd), 0);
	assert_sql(&view, "1|20|20|Домашний 300",
		   "SELECT COUNT(*), (SELECT COUNT(*) FROM accounts), "
		   "(SELECT COUNT(*) FROM history), "
		   "(SELECT name FROM tariffs WHERE id = 'tar_inet300') FROM profiles");
	assert_int_equal(kd_stop(&k), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_sees_its_three_accounts),
		cmocka_unit_test(balances_equal_history_through_the_api),
		cmocka_unit_test(balances_equal_history_in_the_database),
		cmocka_unit_test(demo_card_autopay_bonus_invoices_support),
		cmocka_unit_test(usage_for_400_days),
		cmocka_unit_test(other_profiles_and_free_accounts),
		cmocka_unit_test(secrets_are_only_hashes),
		cmocka_unit_test(same_data_every_time),
		cmocka_unit_test(seeding_again_changes_nothing),
		cmocka_unit_test(scale_seed),
		cmocka_unit_test(scale_seed_on_an_empty_database),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
