/* API tests of getCharges, where the money goes: its sums are the CHARGE rows of
 * getPaymentHistory per month and account, split per service and kind the way the fee
 * was made (the tariffs and options in force: the demo's year has a tariff change and an
 * option connected, which its invoices show too); a billing run adds its month under the
 * tariffs and options it charged; another profile's account is unknown; bad input is
 * refused; a sum beyond the range is an error, never a wrapped figure; an older
 * database's charges are the accounts' one-offs. The shared
 * server is only read; the tests that bill or plant rows start a server of their own. */
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

KD_GROUP(kd, "--today", TODAY);

/* ---- helpers ---- */

static void login(struct client *c, struct kd *k, const char *who)
{
	client_init(c, k);
	client_login(c, who, PASSWD);
}

/* The id of the service of `type` on the caller's account `number` (static buffer). */
static const char *service_id(struct client *c, const char *number, int type)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *acc, *s;

	id[0] = '\0';
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	acc = json_find(json_get(r.json, "accounts"), "number", number);
	assert_non_null(acc);
	cJSON_ArrayForEach(s, json_get(acc, "services"))
		if (json_int(s, "type") == type)
			snprintf(id, sizeof(id), "%s", json_str(s, "serviceId"));
	resp_free(&r);
	assert_true(id[0] != '\0');
	return id;
}

/* The month's object of a getCharges answer, or NULL. */
static const cJSON *month_of(const struct resp *r, const char *month)
{
	return json_find(json_get(r->json, "months"), "month", month);
}

/* The account's object in the month, or NULL. */
static const cJSON *account_in(const struct resp *r, const char *month, const char *account)
{
	const cJSON *m = month_of(r, month);
	return m ? json_find(json_get(m, "accounts"), "accountId", account) : NULL;
}

/* The account's services in the month as "service:KIND amount names|...", services in
 * the answer's order, serviceId replaced by `-` for the account's own charges. */
static char *breakdown(const cJSON *account, char *buf, size_t size)
{
	const cJSON *s, *k, *n;
	size_t len = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(s, json_get(account, "services")) {
		const cJSON *sid = json_get(s, "serviceId");
		cJSON_ArrayForEach(k, json_get(s, "kinds")) {
			len += (size_t)snprintf(buf + len, size - len, "%s%s:%s %lld",
						len ? "|" : "",
						cJSON_IsString(sid) ? sid->valuestring : "-",
						json_str(k, "kind"), (long long)json_int(k, "amount"));
			cJSON_ArrayForEach(n, json_get(k, "names"))
				len += (size_t)snprintf(buf + len, size - len, " %s",
							n->valuestring);
			if (len >= size)
				return buf;
		}
	}
	return buf;
}

/* The CHARGE rows of the account in the month (YYYY-MM) from getPaymentHistory: their
 * sum (negative), and per serviceId the sum of the rows naming it (in *by, a string
 * "service amount|..." in the order met; rows without one count as "-"). */
static int64_t history_charges(struct client *c, const char *account, const char *month,
			       char *by, size_t size)
{
	struct resp r = { 0 };
	const cJSON *it;
	int64_t sum = 0;
	char last_day[11];
	static const char *const ends[] = { "31", "28", "31", "30", "31", "30",
					    "31", "31", "30", "31", "30", "31" };
	int mo = atoi(month + 5);

	snprintf(last_day, sizeof(last_day), "%.7s-%s", month,
		 mo == 2 && atoi(month) % 4 == 0 ? "29" : ends[mo - 1]);
	api(c, &r, "getPaymentHistory",
	    "{\"accountId\":\"%s\",\"from\":\"%.7s-01\",\"to\":\"%s\",\"types\":[\"CHARGE\"],"
	    "\"limit\":200}", account, month, last_day);
	assert_status(&r, 200);
	assert_false(resp_has(&r, "nextCursor"));
	if (by)
		by[0] = '\0';
	cJSON_ArrayForEach(it, json_get(r.json, "items")) {
		const cJSON *sid = json_get(it, "serviceId");
		assert_true(cJSON_IsString(sid) || cJSON_IsNull(sid));
		sum += json_int(it, "amount");
		if (by)
			snprintf(by + strlen(by), size - strlen(by), "%s%s %lld",
				 by[0] ? "|" : "", cJSON_IsString(sid) ? sid->valuestring : "-",
				 (long long)json_int(it, "amount"));
	}
	resp_free(&r);
	return sum;
}

/* Every account's month of the answer: its total is what its kinds add up to, and is
 * minus the month's CHARGE rows of the history; a service named by the history's rows
 * charged what those rows add up to. Returns how many account months were checked. */
static int assert_sums_match_history(struct client *c, const struct resp *r)
{
	const cJSON *m, *a, *s, *k;
	int checked = 0;

	cJSON_ArrayForEach(m, json_get(r->json, "months")) {
		cJSON_ArrayForEach(a, json_get(m, "accounts")) {
			int64_t kinds = 0, per_service;
			char by[2048];
			cJSON_ArrayForEach(s, json_get(a, "services")) {
				per_service = 0;
				cJSON_ArrayForEach(k, json_get(s, "kinds")) {
					assert_true(json_int(k, "amount") > 0);
					per_service += json_int(k, "amount");
				}
				kinds += per_service;
				/* A history row of this service alone: the service's sum. */
				history_charges(c, json_str(a, "accountId"), json_str(m, "month"),
						by, sizeof(by));
				if (cJSON_IsString(json_get(s, "serviceId")) &&
				    strstr(by, json_str(s, "serviceId"))) {
					char want[128];
					snprintf(want, sizeof(want), "%s %lld",
						 json_str(s, "serviceId"), (long long)-per_service);
					assert_string_equal(by, want);
				}
			}
			assert_int_equal(json_int(a, "total"), kinds);
			assert_int_equal(-history_charges(c, json_str(a, "accountId"),
							  json_str(m, "month"), NULL, 0),
					 kinds);
			checked++;
		}
	}
	return checked;
}

/* ---- the demo's year ---- */

static void twelve_months_newest_first_equal_to_the_history(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *m;
	static const char *const want[] = { "2026-11", "2026-10", "2026-09", "2026-08",
					    "2026-07", "2026-06", "2026-05", "2026-04",
					    "2026-03", "2026-02", "2026-01", "2025-12" };
	int i = 0;

	login(&c, &kd, "demo");
	api(&c, &r, "getCharges", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "months")), 12);
	cJSON_ArrayForEach(m, json_get(r.json, "months"))
		assert_string_equal(json_str(m, "month"), want[i++]);
	/* demo's three accounts are charged every month, by number. */
	m = month_of(&r, "2026-03");
	assert_int_equal(cJSON_GetArraySize(json_get(m, "accounts")), 3);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(m, "accounts"), 0),
				     "accountNumber"), "590000000001");
	assert_int_equal(assert_sums_match_history(&c, &r), 36);
	resp_free(&r);
	client_free(&c);
}

/* 590000000001's fee is one history row of three services: the row names none, the
 * summary splits it into the tariffs and the option in force. */
static void a_fee_of_several_services_is_split_by_service_and_kind(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], inet[64], tv[64], phone[64], want[512], buf[1024], by[256];

	login(&c, &kd, "demo");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(inet, sizeof(inet), "%s", service_id(&c, "590000000001", 1));
	snprintf(phone, sizeof(phone), "%s", service_id(&c, "590000000001", 2));
	snprintf(tv, sizeof(tv), "%s", service_id(&c, "590000000001", 8));
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"months\":3}", acc);
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "months")), 3);
	snprintf(want, sizeof(want),
		 "%s:TARIFF 65000 Домашний 300|%s:OPTION 15000 Статический IP|"
		 "%s:TARIFF 25000 Безлимитный местный|%s:TARIFF 32000 Базовый",
		 inet, inet, phone, tv);
	assert_string_equal(breakdown(account_in(&r, "2026-09", acc), buf, sizeof(buf)), want);
	assert_int_equal(json_int(account_in(&r, "2026-09", acc), "total"), 137000);
	{
		const cJSON *s = cJSON_GetArrayItem(json_get(account_in(&r, "2026-09", acc),
							     "services"), 0);
		assert_string_equal(json_str(s, "service"), "Интернет perm_ivanov");
	}
	/* Only this account was asked for. */
	assert_int_equal(cJSON_GetArraySize(json_get(month_of(&r, "2026-09"), "accounts")), 1);
	history_charges(&c, acc, "2026-09", by, sizeof(by));
	assert_string_equal(by, "- -137000");
	resp_free(&r);
	client_free(&c);
}

/* The invoice of the account's month from getInvoices/getInvoice: its amount, and its
 * lines' descriptions joined by "|" into buf after checking that they add up to it. */
static int64_t invoice_of(struct client *c, const char *account, const char *month, char *buf,
			  size_t size)
{
	struct resp r = { 0 };
	const cJSON *inv, *line;
	int64_t amount, lines = 0;

	api(c, &r, "getInvoices", "{\"accountId\":\"%s\"}", account);
	assert_status(&r, 200);
	inv = json_find(json_get(r.json, "invoices"), "period", month);
	assert_non_null(inv);
	amount = json_int(inv, "amount");
	api(c, &r, "getInvoice", "{\"invoiceId\":\"%s\"}", json_str(inv, "invoiceId"));
	assert_status(&r, 200);
	buf[0] = '\0';
	cJSON_ArrayForEach(line, json_get(r.json, "lines")) {
		lines += json_int(line, "amount");
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "|" : "",
			 json_str(line, "description"));
	}
	assert_int_equal(lines, amount);
	resp_free(&r);
	return amount;
}

/* 590000000001's year as docs/demo-data.md tells it: its internet on «Домашний 100» till
 * June and «Домашний 300» from 1 July, its static IP connected on 12 April and charged
 * from May on; each month's total is the month's CHARGE rows and its invoice, whose
 * lines name the same tariff. */
static void the_demos_year_has_a_tariff_change_and_an_option_connected(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *m;
	char acc[64], inet[64], want[256], buf[1024], lines[1024];
	int months = 0;

	login(&c, &kd, "demo");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(inet, sizeof(inet), "%s", service_id(&c, "590000000001", 1));
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\"}", acc);
	assert_status(&r, 200);
	cJSON_ArrayForEach(m, json_get(r.json, "months")) {
		const char *month = json_str(m, "month");
		const cJSON *a = account_in(&r, month, acc);
		bool new_tariff = strcmp(month, "2026-07") >= 0;
		bool option = strcmp(month, "2026-05") >= 0;
		const char *tariff = new_tariff ? "Домашний 300" : "Домашний 100";

		assert_non_null(a);
		breakdown(a, buf, sizeof(buf));
		snprintf(want, sizeof(want), "%s:TARIFF %d %s|", inet, new_tariff ? 65000 : 55000,
			 tariff);
		assert_true(strncmp(buf, want, strlen(want)) == 0);
		snprintf(want, sizeof(want), "%s:OPTION 15000 Статический IP|", inet);
		assert_true((strstr(buf, want) != NULL) == option);
		assert_int_equal(json_int(a, "total"), 112000 + (option ? 15000 : 0) +
						       (new_tariff ? 10000 : 0));
		assert_int_equal(-history_charges(&c, acc, month, NULL, 0), json_int(a, "total"));
		assert_int_equal(invoice_of(&c, acc, month, lines, sizeof(lines)),
				 json_int(a, "total"));
		snprintf(want, sizeof(want), "Тариф «%s»", tariff);
		assert_non_null(strstr(lines, want));
		assert_true((strstr(lines, "Опция «Статический IP»") != NULL) == option);
		months++;
	}
	assert_int_equal(months, 12);
	resp_free(&r);
	client_free(&c);
}

/* A fee of one service names it on the history's row too. */
static void a_fee_of_one_service_names_it_in_the_history(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char acc[64], mobile[64], want[128], buf[256], by[256];

	login(&c, &kd, "demo");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	snprintf(mobile, sizeof(mobile), "%s", service_id(&c, "590000000002", 16));
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"months\":1}", acc);
	assert_status(&r, 200);
	snprintf(want, sizeof(want), "%s:TARIFF 45000 Мобильный M", mobile);
	assert_string_equal(breakdown(account_in(&r, "2026-11", acc), buf, sizeof(buf)), want);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(account_in(&r, "2026-11", acc),
								 "services"), 0), "service"),
			    "Мобильная связь +7 (922) 123-45-22");
	history_charges(&c, acc, "2026-11", by, sizeof(by));
	snprintf(want, sizeof(want), "%s -45000", mobile);
	assert_string_equal(by, want);
	resp_free(&r);
	client_free(&c);
}

/* Months before any charge are listed, with no accounts. */
static void months_without_charges_are_empty(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *m;

	login(&c, &kd, "demo");
	api(&c, &r, "getCharges", "{\"months\":24,\"to\":\"2030-01\"}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "months")), 24);
	m = cJSON_GetArrayItem(json_get(r.json, "months"), 0);
	assert_string_equal(json_str(m, "month"), "2030-01");
	assert_int_equal(cJSON_GetArraySize(json_get(m, "accounts")), 0);
	m = cJSON_GetArrayItem(json_get(r.json, "months"), 23);
	assert_string_equal(json_str(m, "month"), "2028-02");
	/* The calendar's ends. */
	api(&c, &r, "getCharges", "{\"months\":24,\"to\":\"9999-12\"}");
	assert_status(&r, 200);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "months"), 0), "month"),
			    "9999-12");
	api(&c, &r, "getCharges", "{\"months\":24,\"to\":\"1900-01\"}");
	assert_status(&r, 200);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_get(r.json, "months"), 23), "month"),
			    "1898-02");
	resp_free(&r);
	client_free(&c);
}

/* ---- billing ---- */

/* A billing run charges December with the tariff changed and an option switched on in
 * November: the summary shows the new names, November keeps the old ones, and the
 * sums equal the history again. */
static void a_billing_run_adds_its_month_by_service_and_kind(void **state)
{
	struct kd k;
	struct client c;
	struct resp r = { 0 };
	const cJSON *t, *o;
	char acc1[64], acc2[64], inet[64], mobile[64], want[512], buf[1024], by[256];

	assert_int_equal(kd_start(&k, "--today", TODAY, NULL), 0);
	login(&c, &k, "demo");
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	snprintf(acc2, sizeof(acc2), "%s", account_id_by_number(&c, "590000000002"));
	snprintf(inet, sizeof(inet), "%s", service_id(&c, "590000000001", 1));
	snprintf(mobile, sizeof(mobile), "%s", service_id(&c, "590000000002", 16));

	api(&c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", mobile);
	assert_status(&r, 200);
	t = json_find(json_get(r.json, "tariffs"), "name", "Мобильный S");
	assert_non_null(t);
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", mobile,
	    json_str(t, "tariffId"));
	assert_status(&r, 200);
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", inet);
	assert_status(&r, 200);
	o = json_find(json_get(r.json, "options"), "name", "Антивирус");
	assert_non_null(o);
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\","
	    "\"enabled\":true}", inet, json_str(o, "optionId"));
	assert_status(&r, 200);

	assert_int_equal(kd_admin(&k, "bill", "--date", "2026-12-01", NULL), 0);
	api(&c, &r, "getCharges", "{\"to\":\"2026-12\",\"months\":2}");
	assert_status(&r, 200);
	snprintf(want, sizeof(want), "%s:TARIFF 30000 Мобильный S", mobile);
	assert_string_equal(breakdown(account_in(&r, "2026-12", acc2), buf, sizeof(buf)), want);
	snprintf(want, sizeof(want), "%s:TARIFF 45000 Мобильный M", mobile);
	assert_string_equal(breakdown(account_in(&r, "2026-11", acc2), buf, sizeof(buf)), want);
	/* The options of one service are one kind: both names, the fees added. */
	breakdown(account_in(&r, "2026-12", acc1), buf, sizeof(buf));
	snprintf(want, sizeof(want), "%s:OPTION 24900 ", inet);
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(buf, "Антивирус"));
	assert_non_null(strstr(buf, "Статический IP"));
	assert_int_equal(json_int(account_in(&r, "2026-12", acc1), "total"), 146900);
	/* The run's row of the mobile account names its service. */
	history_charges(&c, acc2, "2026-12", by, sizeof(by));
	snprintf(want, sizeof(want), "%s -30000", mobile);
	assert_string_equal(by, want);
	assert_int_equal(assert_sums_match_history(&c, &r), 6);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k), 0);
}

/* ---- who may ask, what is refused ---- */

static void another_profiles_account_is_not_found(void **state)
{
	struct client c, o;
	struct resp r = { 0 };
	char other[64];

	login(&o, &kd, "other");
	snprintf(other, sizeof(other), "%s", account_id_by_number(&o, "660000000004"));
	login(&c, &kd, "demo");
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\"}", other);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "accountId");
	api(&c, &r, "getCharges", "{\"accountId\":\"acc_unknown\"}");
	assert_error(&r, 404, "NOT_FOUND");
	/* Without accountId, only the caller's own accounts. */
	api(&c, &r, "getCharges", "{}");
	assert_status(&r, 200);
	assert_null(strstr(r.raw, "660000000004"));
	api(&o, &r, "getCharges", "{\"months\":1}");
	assert_status(&r, 200);
	assert_non_null(strstr(r.raw, "660000000004"));
	assert_null(strstr(r.raw, "590000000001"));
	resp_free(&r);
	client_free(&c);
	client_free(&o);
}

static void bad_input_is_refused(void **state)
{
	static const struct {
		const char *body;
		long status;
		const char *field;
	} cases[] = {
		{ "{\"months\":0}", 422, "months" },
		{ "{\"months\":25}", 422, "months" },
		{ "{\"months\":-1}", 422, "months" },
		{ "{\"months\":\"12\"}", 400, "months" },
		{ "{\"months\":1.5}", 400, "months" },
		{ "{\"to\":\"2026-13\"}", 422, "to" },
		{ "{\"to\":\"2026-1\"}", 422, "to" },
		{ "{\"to\":\"2026-11-01\"}", 422, "to" },
		{ "{\"to\":\"abcd-ef\"}", 422, "to" },
		{ "{\"to\":202611}", 400, "to" },
		{ "{\"to\":\"1899-12\"}", 422, "to" },
		{ "{\"accountId\":5}", 400, "accountId" },
		{ "{\"accountId\":\"\"}", 422, "accountId" },
	};
	struct client c;
	struct resp r = { 0 };

	login(&c, &kd, "demo");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		api(&c, &r, "getCharges", "%s", cases[i].body);
		if (r.status != cases[i].status) {
			print_message("%s: %s\n", cases[i].body, resp_dump(&r));
			fail();
		}
		assert_field(&r, cases[i].field);
	}
	resp_free(&r);
	client_free(&c);
	assert_need_session(&kd, (const char *const[]){ "getCharges" }, 1);
}

/* Charges planted in the database whose sum leaves int64_t, or whose figure leaves
 * ±2^53: an error, not a wrapped or inexact figure; other months still answer. */
static void a_sum_beyond_the_range_is_an_error(void **state)
{
	struct kd k;
	struct client c;
	struct resp r = { 0 };
	char acc[64], sql[1024];

	assert_int_equal(kd_start(&k, "--today", TODAY, NULL), 0);
	login(&c, &k, "demo");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	snprintf(sql, sizeof(sql),
		 "INSERT INTO history (id, account_id, date, at, type, amount, description) "
		 "VALUES ('hbig1', '%s', '2026-06-05', 0, 'CHARGE', -9000000000000000000, 'x'), "
		 "('hbig2', '%s', '2026-06-06', 0, 'CHARGE', -9000000000000000000, 'x'), "
		 "('hbig3', '%s', '2026-04-05', 0, 'CHARGE', -9007199254740993, 'x');"
		 "INSERT INTO charge_parts (history_id, kind, amount) VALUES "
		 "('hbig1', 'ONE_OFF', 9000000000000000000), "
		 "('hbig2', 'ONE_OFF', 9000000000000000000), "
		 "('hbig3', 'ONE_OFF', 9007199254740993);", acc, acc, acc);
	kd_sql(&k, sql);
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"to\":\"2026-06\",\"months\":1}", acc);
	assert_error(&r, 500, "INTERNAL");
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"to\":\"2026-04\",\"months\":1}", acc);
	assert_error(&r, 500, "INTERNAL");
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"to\":\"2026-05\",\"months\":1}", acc);
	assert_status(&r, 200);
	assert_int_equal(json_int(account_in(&r, "2026-05", acc), "total"), 45000);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k), 0);
}

/* A charge of the account as a whole (the one part every charge written before parts
 * were kept has): null service, kind ONE_OFF, beside the fee's parts. */
static void a_charge_of_the_account_is_one_off_without_a_service(void **state)
{
	struct kd k;
	struct client c;
	struct resp r = { 0 };
	char acc[64], mobile[64], sql[512], want[256], buf[512];
	const cJSON *s;

	assert_int_equal(kd_start(&k, "--today", TODAY, NULL), 0);
	login(&c, &k, "demo");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	snprintf(mobile, sizeof(mobile), "%s", service_id(&c, "590000000002", 16));
	snprintf(sql, sizeof(sql),
		 "INSERT INTO history (id, account_id, date, at, type, amount, description) "
		 "VALUES ('hone', '%s', '2026-11-05', 0, 'CHARGE', -12345, 'Разовая плата');"
		 "INSERT INTO charge_parts (history_id, kind, amount) "
		 "VALUES ('hone', 'ONE_OFF', 12345);", acc);
	kd_sql(&k, sql);
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"months\":1}", acc);
	assert_status(&r, 200);
	snprintf(want, sizeof(want), "%s:TARIFF 45000 Мобильный M|-:ONE_OFF 12345", mobile);
	assert_string_equal(breakdown(account_in(&r, "2026-11", acc), buf, sizeof(buf)), want);
	s = cJSON_GetArrayItem(json_get(account_in(&r, "2026-11", acc), "services"), 1);
	assert_true(cJSON_IsNull(json_get(s, "serviceId")));
	assert_true(cJSON_IsNull(json_get(s, "service")));
	assert_int_equal(json_int(account_in(&r, "2026-11", acc), "total"), 57345);
	assert_int_equal(-history_charges(&c, acc, "2026-11", NULL, 0), 57345);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k), 0);
}

/* A database from before parts were kept: its charges become the account's one-offs
 * when kabinetd opens it (here `admin bill` of a day that bills nothing), and the sums
 * still equal the history. */
static void charges_of_an_older_database_are_the_accounts_one_offs(void **state)
{
	struct kd k;
	struct client c;
	struct resp r = { 0 };
	char acc[64], buf[256];

	assert_int_equal(kd_start(&k, "--today", TODAY, NULL), 0);
	/* Migration 14's (notification settings) and 13's (social login). */
	kd_sql(&k, "DROP TABLE notify_settings; DROP TABLE login_clients; "
		   "ALTER TABLE profiles DROP COLUMN low_balance_threshold; "
		   "ALTER TABLE accounts DROP COLUMN low_balance_told;");
	kd_sql(&k, "DROP TABLE social_links; DROP TABLE device_flows; DROP TABLE social_attempts;");
	kd_sql(&k, "DROP TRIGGER history_counts_insert; DROP TRIGGER history_counts_delete; "
		   "DROP TRIGGER history_counts_update; DROP TABLE history_counts; "
		   "DROP TABLE charge_parts; ALTER TABLE history DROP COLUMN service_id; "
		   "PRAGMA user_version = 10;");
	assert_int_equal(kd_admin(&k, "bill", "--date", "2026-11-23", NULL), 0);
	login(&c, &k, "demo");
	snprintf(acc, sizeof(acc), "%s", account_id_by_number(&c, "590000000002"));
	api(&c, &r, "getCharges", "{\"accountId\":\"%s\",\"months\":1}", acc);
	assert_status(&r, 200);
	assert_string_equal(breakdown(account_in(&r, "2026-11", acc), buf, sizeof(buf)),
			    "-:ONE_OFF 45000");
	history_charges(&c, acc, "2026-11", buf, sizeof(buf));
	assert_string_equal(buf, "- -45000");
	api(&c, &r, "getCharges", "{}");
	assert_status(&r, 200);
	assert_int_equal(assert_sums_match_history(&c, &r), 36);
	/* Migration 12 counted the rows it found. */
	assert_int_equal(kd_sql_int(&k, "SELECT SUM(n) FROM history_counts"),
			 kd_sql_int(&k, "SELECT COUNT(*) FROM history"));
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k), 0);
}

/* Only CHARGE rows name a service; every row has the member. */
static void other_rows_of_the_history_name_no_service(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *it;
	int others = 0;

	login(&c, &kd, "demo");
	api(&c, &r, "getPaymentHistory", "{\"accountId\":\"%s\",\"limit\":200}",
	    account_id_by_number(&c, "590000000002"));
	assert_status(&r, 200);
	cJSON_ArrayForEach(it, json_get(r.json, "items")) {
		if (!strcmp(json_str(it, "type"), "CHARGE"))
			assert_true(cJSON_IsString(json_get(it, "serviceId")));
		else {
			assert_true(cJSON_IsNull(json_get(it, "serviceId")));
			others++;
		}
	}
	assert_true(others > 0);
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(twelve_months_newest_first_equal_to_the_history),
		cmocka_unit_test(a_fee_of_several_services_is_split_by_service_and_kind),
		cmocka_unit_test(a_fee_of_one_service_names_it_in_the_history),
		cmocka_unit_test(the_demos_year_has_a_tariff_change_and_an_option_connected),
		cmocka_unit_test(months_without_charges_are_empty),
		cmocka_unit_test(a_billing_run_adds_its_month_by_service_and_kind),
		cmocka_unit_test(another_profiles_account_is_not_found),
		cmocka_unit_test(bad_input_is_refused),
		cmocka_unit_test(a_sum_beyond_the_range_is_an_error),
		cmocka_unit_test(a_charge_of_the_account_is_one_off_without_a_service),
		cmocka_unit_test(charges_of_an_older_database_are_the_accounts_one_offs),
		cmocka_unit_test(other_rows_of_the_history_name_no_service),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
