/* API tests of `kabinetd admin bill`: a server pinned to 2026-11-22 while billing steps
 * day by day through the next month, seen through the API the way a user sees it.
 * The tests of the first server run in order and carry the month forward (each starts
 * where the previous one stopped); the credit test runs its own server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWD "Kabinet-2026"
#define DEMO_PHONE "+79221234522"
#define PAN_OK "2200000000000004"
#define PAN_3DS "4000000000000002"

KD_GROUP(kd, "--today", "2026-11-22");

/* What the ordered tests hand on to one another. */
static struct {
	char acc1[64], acc2[64], acc3[64];
	char iptv[64], mobile[64];
	char card3ds[64];
	char last_billed[11];
} m;

/* ---- helpers ---- */

static void next_date(char *d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(d), mo = atoi(d + 5), da = atoi(d + 8);
	int len = days[mo - 1] + (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	if (++da > len) {
		da = 1;
		if (++mo > 12) {
			mo = 1;
			y++;
		}
	}
	snprintf(d, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u,
		 (unsigned)da % 100u);
}

static void bill(struct kd *k, const char *date)
{
	if (kd_admin(k, "bill", "--date", date, NULL) != 0) {
		print_message("admin bill --date %s failed\n", date);
		fail();
	}
}

/* Bills every day after *last up to and including `to`. */
static void bill_until(struct kd *k, char *last, const char *to)
{
	while (strcmp(last, to) < 0) {
		next_date(last);
		bill(k, last);
	}
}

/* Every service of the account (by number) has the status: as getAccounts shows it. */
static void assert_services(struct client *c, const char *number, const char *status)
{
	struct resp r = { 0 };
	const cJSON *acc, *s;
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	acc = json_find(cJSON_GetObjectItem(r.json, "accounts"), "number", number);
	assert_non_null(acc);
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(acc, "services")) {
		if (strcmp(json_str(s, "status"), status)) {
			print_message("%s: expected %s: %s\n", number, status, resp_dump(&r));
			fail();
		}
	}
	resp_free(&r);
}

static void service_status(struct client *c, const char *service, const char *want)
{
	struct resp r = { 0 };
	api(c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", service);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), want);
	resp_free(&r);
}

/* The rule's lastRun as "date status amount", or "null". */
static char *last_run(struct client *c, const char *account, const char *kind, char *buf)
{
	struct resp r = { 0 };
	const cJSON *rule, *last;
	api(c, &r, "getAutopayRules", "{}");
	assert_status(&r, 200);
	strcpy(buf, "none");
	cJSON_ArrayForEach(rule, cJSON_GetObjectItem(r.json, "rules")) {
		if (strcmp(json_str(rule, "accountId"), account) ||
		    strcmp(json_str(rule, "kind"), kind))
			continue;
		last = cJSON_GetObjectItem(rule, "lastRun");
		if (cJSON_IsNull(last))
			strcpy(buf, "null");
		else {
			/* The reason of a declined run follows it; null for a paid one. */
			const cJSON *why = cJSON_GetObjectItem(last, "declineReason");
			assert_true(cJSON_IsString(why) || cJSON_IsNull(why));
			snprintf(buf, 96, "%s %s %lld%s%s", json_str(last, "date"),
				 json_str(last, "status"), (long long)cJSON_GetObjectItem(last, "amount")->valuedouble,
				 cJSON_IsString(why) ? " " : "", cJSON_IsString(why) ? why->valuestring : "");
		}
	}
	resp_free(&r);
	return buf;
}

static void pay_card(struct client *c, const char *account, int64_t amount)
{
	struct resp r = { 0 };
	api(c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":%lld}],"
	    "\"source\":{\"card\":{\"pan\":\"" PAN_OK "\",\"expMonth\":12,\"expYear\":2030,"
	    "\"holder\":\"PETR IVANOV\",\"cvc\":\"123\"}}}", new_uuid(), account,
	    (long long)amount);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "SUCCEEDED");
	resp_free(&r);
}

static void login_demo(struct client *c, struct kd *k)
{
	client_init(c, k);
	client_login(c, "demo", PASSWD);
}

/* The history rows of one account on one day, as "TYPE amount|..." newest first. */
static char *history_on(struct client *c, const char *account, const char *date, char *buf,
			size_t size)
{
	struct resp r = { 0 };
	const cJSON *it;
	size_t len = 0;
	api(c, &r, "getPaymentHistory",
	    "{\"accountId\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}", account, date, date);
	assert_status(&r, 200);
	buf[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(r.json, "items")) {
		len += (size_t)snprintf(buf + len, size - len, "%s%s %lld %s", len ? "|" : "",
					json_str(it, "type"),
					(long long)cJSON_GetObjectItem(it, "amount")->valuedouble,
					json_str(it, "description"));
		if (len >= size)
			break;
	}
	resp_free(&r);
	return buf;
}

/* ---- the month, in order ---- */

static void before_the_month(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *acc, *s, *t;
	char *code;

	strcpy(m.last_billed, "2026-11-22");
	login_demo(&c, &kd);
	api(&c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	acc = json_find(cJSON_GetObjectItem(r.json, "accounts"), "number", "590000000001");
	snprintf(m.acc1, sizeof(m.acc1), "%s", json_str(acc, "accountId"));
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(acc, "services"))
		if (cJSON_GetObjectItem(s, "type")->valueint == 8)
			snprintf(m.iptv, sizeof(m.iptv), "%s", json_str(s, "serviceId"));
	acc = json_find(cJSON_GetObjectItem(r.json, "accounts"), "number", "590000000002");
	snprintf(m.acc2, sizeof(m.acc2), "%s", json_str(acc, "accountId"));
	s = cJSON_GetArrayItem(cJSON_GetObjectItem(acc, "services"), 0);
	snprintf(m.mobile, sizeof(m.mobile), "%s", json_str(s, "serviceId"));
	acc = json_find(cJSON_GetObjectItem(r.json, "accounts"), "number", "740000000003");
	snprintf(m.acc3, sizeof(m.acc3), "%s", json_str(acc, "accountId"));
	assert_true(m.acc1[0] && m.acc2[0] && m.acc3[0] && m.iptv[0] && m.mobile[0]);

	/* The relative's account in debt gets a promised payment: its internet is back. */
	api(&c, &r, "activatePromisedPayment",
	    "{\"idempotencyKey\":\"%s\",\"accountId\":\"%s\",\"amount\":55000}", new_uuid(), m.acc3);
	assert_status(&r, 200);
	assert_int_equal(account_balance(&c, m.acc3), 17520);
	assert_services(&c, "740000000003", "ACTIVE");

	/* IPTV on a voluntary block to the 25th (inclusive). */
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2026-11-25\"}", m.iptv);
	assert_status(&r, 200);
	service_status(&c, m.iptv, "VOLUNTARY_BLOCKED");

	/* The mobile moves to «Мобильный S» (300 ₽) from tomorrow. */
	api(&c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", m.mobile);
	assert_status(&r, 200);
	t = json_find(cJSON_GetObjectItem(r.json, "tariffs"), "name", "Мобильный S");
	assert_non_null(t);
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", m.mobile,
	    json_str(t, "tariffId"));
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "effectiveFrom"), "2026-11-23");

	/* A 3-D Secure card pays a THRESHOLD rule of the mobile account: billing cannot
	 * ask anyone for the code, so those payments will be declined. */
	api(&c, &r, "bindCard",
	    "{\"idempotencyKey\":\"%s\",\"card\":{\"pan\":\"" PAN_3DS "\",\"expMonth\":10,"
	    "\"expYear\":2029,\"holder\":\"PETR IVANOV\",\"cvc\":\"123\"}}", new_uuid());
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "PENDING_3DS");
	code = kd_outbox_code(&kd, "4000 00** **** 0002");
	assert_non_null(code);
	{
		char pay_id[64];
		snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
		api(&c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	}
	free(code);
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "status"), "SUCCEEDED");
	snprintf(m.card3ds, sizeof(m.card3ds), "%s", resp_str(&r, "cardId"));
	assert_true(m.card3ds[0]);
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\","
	    "\"threshold\":10000,\"amount\":50000}", m.acc2, m.card3ds);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

static void late_november(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char buf[512];
	int64_t b1, b2;

	login_demo(&c, &kd);
	b1 = account_balance(&c, m.acc1);
	b2 = account_balance(&c, m.acc2);

	/* 23rd: the new tariff is the current one. */
	bill_until(&kd, m.last_billed, "2026-11-23");
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", m.mobile);
	assert_status(&r, 200);
	assert_string_equal(json_str(cJSON_GetObjectItem(r.json, "tariff"), "name"), "Мобильный S");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "pendingTariff")));

	/* The voluntary block lasts through its last day and ends the day after. */
	bill_until(&kd, m.last_billed, "2026-11-25");
	service_status(&c, m.iptv, "VOLUNTARY_BLOCKED");
	bill_until(&kd, m.last_billed, "2026-11-26");
	service_status(&c, m.iptv, "ACTIVE");
	assert_services(&c, "740000000003", "ACTIVE");
	assert_int_equal(account_balance(&c, m.acc3), 17520);

	/* The promise (taken on the 22nd for 5 days) is written off on the 27th; the
	 * account is in debt again, so its internet is blocked again. */
	bill_until(&kd, m.last_billed, "2026-11-27");
	assert_int_equal(account_balance(&c, m.acc3), -37480);
	assert_services(&c, "740000000003", "BLOCKED");
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", m.acc3);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "promisedPayment")));
	assert_string_equal(history_on(&c, m.acc3, "2026-11-27", buf, sizeof(buf)),
			    "PROMISED -55000 Списание обещанного платежа");

	/* Mid-month days move no money; the THRESHOLD rule is not due (152 ₽ >= 100 ₽). */
	bill_until(&kd, m.last_billed, "2026-11-30");
	assert_int_equal(account_balance(&c, m.acc1), b1);
	assert_int_equal(account_balance(&c, m.acc2), b2);
	assert_string_equal(last_run(&c, m.acc2, "THRESHOLD", buf), "null");
	assert_services(&c, "590000000001", "ACTIVE");
	assert_services(&c, "590000000002", "ACTIVE");
	resp_free(&r);
	client_free(&c);
}

static void first_of_december(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *inv;
	char buf[512];
	int64_t b1, b2, b3, rows, sms;
	char *snapshot, *again;

	login_demo(&c, &kd);
	b1 = account_balance(&c, m.acc1);
	b2 = account_balance(&c, m.acc2);
	b3 = account_balance(&c, m.acc3);
	bill_until(&kd, m.last_billed, "2026-12-01");

	/* Exactly the month's fee: 650 + 150 (static IP) + 320 + 250; 300; 550. */
	assert_int_equal(account_balance(&c, m.acc1), b1 - 137000);
	assert_int_equal(account_balance(&c, m.acc2), b2 - 30000);
	assert_int_equal(account_balance(&c, m.acc3), b3 - 55000);
	assert_string_equal(history_on(&c, m.acc1, "2026-12-01", buf, sizeof(buf)),
			    "CHARGE -137000 Абонентская плата за декабрь 2026");

	api(&c, &r, "getInvoices", "{\"accountId\":\"%s\"}", m.acc2);
	assert_status(&r, 200);
	inv = json_find(cJSON_GetObjectItem(r.json, "invoices"), "period", "2026-12");
	assert_non_null(inv);
	assert_int_equal(cJSON_GetObjectItem(inv, "amount")->valuedouble, 30000);
	assert_string_equal(json_str(inv, "dueDate"), "2026-12-01");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(inv, "paid")));
	api(&c, &r, "getInvoice", "{\"invoiceId\":\"%s\"}", json_str(inv, "invoiceId"));
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "lines")), 1);

	/* Not enough money on the ADVANCE accounts: blocked. */
	assert_services(&c, "590000000001", "BLOCKED");
	assert_services(&c, "590000000002", "BLOCKED");
	assert_services(&c, "740000000003", "BLOCKED");

	/* The THRESHOLD rule was due but its card needs 3-D Secure: declined, and the
	 * owner is told by SMS. */
	assert_string_equal(last_run(&c, m.acc2, "THRESHOLD", buf),
			    "2026-12-01 DECLINED 50000 3DS_REQUIRED");
	assert_int_equal(account_balance(&c, m.acc2), b2 - 30000);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox WHERE to_addr = '" DEMO_PHONE
				      "' AND text LIKE 'Автоплатёж%590000000002%не выполнен%'"), 1);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM payments WHERE kind = 'AUTOPAY' "
				      "AND status = 'DECLINED' AND decline_reason = '3DS_REQUIRED'"),
			 1);

	/* The same day again changes nothing. */
	rows = kd_sql_int(&kd, "SELECT COUNT(*) FROM history");
	sms = kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox");
	snapshot = kd_sql_str(&kd, "SELECT number, balance FROM accounts ORDER BY number; "
			    "SELECT account_id, period, amount, paid FROM invoices ORDER BY id; "
			    "SELECT id, status FROM services ORDER BY id");
	bill(&kd, "2026-12-01");
	bill(&kd, "2026-12-01");
	again = kd_sql_str(&kd, "SELECT number, balance FROM accounts ORDER BY number; "
			 "SELECT account_id, period, amount, paid FROM invoices ORDER BY id; "
			 "SELECT id, status FROM services ORDER BY id");
	assert_string_equal(snapshot, again);
	free(snapshot);
	free(again);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM history"), rows);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox"), sms);
	assert_int_equal(account_balance(&c, m.acc1), b1 - 137000);

	/* The other profiles' accounts: demo2fa's ADVANCE with money stays on; other's
	 * CREDIT account owes the month but is not blocked for it. */
	client_free(&c);
	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	assert_int_equal(account_balance(&c, account_id_by_number(&c, "660000000004")), -85000);
	assert_services(&c, "660000000004", "ACTIVE");
	assert_int_equal(kd_sql_int(&kd, "SELECT balance FROM accounts "
					 "WHERE number = '590000000005'"),
			 65000);
	resp_free(&r);
	client_free(&c);
}

static void payment_unblocks(void **state)
{
	struct client c;
	char buf[128];

	login_demo(&c, &kd);
	assert_int_equal(account_balance(&c, m.acc2), -14800);
	pay_card(&c, m.acc2, 10000);		/* not enough: still blocked */
	assert_int_equal(account_balance(&c, m.acc2), -4800);
	assert_services(&c, "590000000002", "BLOCKED");
	pay_card(&c, m.acc2, 5000);
	assert_int_equal(account_balance(&c, m.acc2), 200);
	assert_services(&c, "590000000002", "ACTIVE");

	/* The next days leave it on. 2 ₽ is below the THRESHOLD rule's 100 ₽, so the rule
	 * tries every day and is declined every day; the balance stays >= 0. */
	bill_until(&kd, m.last_billed, "2026-12-02");
	assert_services(&c, "590000000002", "ACTIVE");
	assert_string_equal(last_run(&c, m.acc2, "THRESHOLD", buf), "2026-12-02 DECLINED 50000 3DS_REQUIRED");
	assert_int_equal(account_balance(&c, m.acc2), 200);
	bill_until(&kd, m.last_billed, "2026-12-09");
	assert_services(&c, "590000000001", "BLOCKED");
	assert_services(&c, "590000000002", "ACTIVE");
	client_free(&c);
}

static void autopay_on_the_10th(void **state)
{
	struct client c;
	char buf[512];
	int64_t before, sms;

	login_demo(&c, &kd);
	before = account_balance(&c, m.acc1);
	assert_int_equal(before, 83050 - 137000);
	sms = kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox WHERE text LIKE 'Автоплатёж:%'");
	bill_until(&kd, m.last_billed, "2026-12-10");

	/* Topped up to exactly 1 500,00 ₽, and the services are back. */
	assert_int_equal(account_balance(&c, m.acc1), 150000);
	assert_services(&c, "590000000001", "ACTIVE");
	assert_string_equal(last_run(&c, m.acc1, "MONTHLY", buf), "2026-12-10 SUCCEEDED 203950");
	assert_string_equal(history_on(&c, m.acc1, "2026-12-10", buf, sizeof(buf)),
			    "AUTOPAY 203950 Автоплатёж картой 2200 00** **** 0004");
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox WHERE to_addr = '" DEMO_PHONE
				      "' AND text LIKE 'Автоплатёж: счёт 590000000001 пополнен%'"),
			 sms + 1);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM payments p JOIN payment_items i "
				      "ON i.payment_id = p.id WHERE p.kind = 'AUTOPAY' "
				      "AND p.status = 'SUCCEEDED' AND i.amount = 203950"), 1);

	/* Again: nothing more. */
	bill(&kd, "2026-12-10");
	assert_int_equal(account_balance(&c, m.acc1), 150000);
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM outbox "
					 "WHERE text LIKE 'Автоплатёж:%'"),
			 sms + 1);
	client_free(&c);
}

static void through_the_21st(void **state)
{
	struct client c;
	int64_t b1, b2, b3;

	login_demo(&c, &kd);
	b1 = account_balance(&c, m.acc1);
	b2 = account_balance(&c, m.acc2);
	b3 = account_balance(&c, m.acc3);
	bill_until(&kd, m.last_billed, "2026-12-21");
	assert_int_equal(account_balance(&c, m.acc1), b1);
	assert_int_equal(account_balance(&c, m.acc3), b3);
	assert_services(&c, "740000000003", "BLOCKED");
	assert_services(&c, "590000000001", "ACTIVE");
	/* 2 ₽ is below the THRESHOLD rule's 100 ₽ every day, but its card is declined. */
	assert_int_equal(account_balance(&c, m.acc2), b2);
	assert_services(&c, "590000000002", "ACTIVE");
	client_free(&c);

	/* other's CREDIT account: November was due by 20 December and is paid; December's
	 * invoice is not due yet, so nothing is blocked on the 21st. */
	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	assert_services(&c, "660000000004", "ACTIVE");
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM invoices i JOIN accounts a "
				      "ON a.id = i.account_id WHERE a.number = '660000000004' "
				      "AND i.paid = 0"), 1);
	client_free(&c);
}

/* ---- a credit account on its own server ---- */

static void credit_account_blocks_on_the_21st(void **state)
{
	struct kd k;
	struct client c;
	struct resp r = { 0 };
	char last[11] = "2026-11-22", buf[64], card[64];
	char acc2[64];
	const cJSON *it;

	assert_int_equal(kd_start(&k, "--today", "2026-11-22", NULL), 0);
	login_demo(&c, &k);
	snprintf(acc2, sizeof(acc2), "%s", account_id_by_number(&c, "590000000002"));
	api(&c, &r, "switchPaymentSystem", "{\"accountId\":\"%s\",\"system\":\"CREDIT\"}", acc2);
	assert_status(&r, 200);

	/* December is charged on the 1st and due on 20 January. */
	bill_until(&k, last, "2026-12-01");
	assert_int_equal(account_balance(&c, acc2), 15200 - 45000);
	assert_services(&c, "590000000002", "ACTIVE");
	api(&c, &r, "getInvoices", "{\"accountId\":\"%s\"}", acc2);
	it = json_find(cJSON_GetObjectItem(r.json, "invoices"), "period", "2026-12");
	assert_non_null(it);
	assert_string_equal(json_str(it, "dueDate"), "2027-01-20");

	/* Bonus points burn after their date: 300 of 1 250 on 31 December. */
	bill_until(&k, last, "2026-12-31");
	api(&c, &r, "getFplStatus", "{}");
	assert_int_equal(resp_int(&r, "balance"), 1250);
	bill_until(&k, last, "2027-01-01");
	api(&c, &r, "getFplStatus", "{}");
	assert_int_equal(resp_int(&r, "balance"), 950);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "balanceBurningPoints")), 0);

	/* Still on through the due date, blocked the day after with December unpaid. */
	bill_until(&k, last, "2027-01-20");
	assert_int_equal(account_balance(&c, acc2), 15200 - 2 * 45000);
	assert_services(&c, "590000000002", "ACTIVE");
	bill_until(&k, last, "2027-01-21");
	assert_services(&c, "590000000002", "BLOCKED");

	/* Paying December (the rest is January's, due 20 February) lifts the block on
	 * the next billing day. */
	pay_card(&c, acc2, 29800);
	assert_int_equal(account_balance(&c, acc2), -45000);
	bill_until(&k, last, "2027-01-22");
	assert_services(&c, "590000000002", "ACTIVE");
	api(&c, &r, "getInvoices", "{\"accountId\":\"%s\"}", acc2);
	it = json_find(cJSON_GetObjectItem(r.json, "invoices"), "period", "2026-12");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(it, "paid")));

	/* A DEBT rule pays what is owed on the 1st. */
	api(&c, &r, "getBoundCards", "{}");
	it = json_find(cJSON_GetObjectItem(r.json, "cards"), "mask", "2200 00** **** 0004");
	assert_non_null(it);
	snprintf(card, sizeof(card), "%s", json_str(it, "cardId"));
	api(&c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"DEBT\"}", acc2, card);
	assert_status(&r, 200);
	bill_until(&k, last, "2027-02-01");
	assert_int_equal(account_balance(&c, acc2), 0);
	assert_string_equal(last_run(&c, acc2, "DEBT", buf), "2027-02-01 SUCCEEDED 90000");
	assert_services(&c, "590000000002", "ACTIVE");
	assert_services(&c, "740000000003", "BLOCKED");

	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k), 0);
}

static void bad_dates_are_refused(void **state)
{
	assert_int_not_equal(kd_admin(&kd, "bill", "--date", "2026-02-30", NULL), 0);
	assert_int_not_equal(kd_admin(&kd, "bill", "--date", "yesterday", NULL), 0);
	assert_int_not_equal(kd_admin(&kd, "bill", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(before_the_month),
		cmocka_unit_test(late_november),
		cmocka_unit_test(first_of_december),
		cmocka_unit_test(payment_unblocks),
		cmocka_unit_test(autopay_on_the_10th),
		cmocka_unit_test(through_the_21st),
		cmocka_unit_test(credit_account_blocks_on_the_21st),
		cmocka_unit_test(bad_dates_are_refused),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
