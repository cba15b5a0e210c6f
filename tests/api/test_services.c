/* API tests of the service methods: tariff names, service details, the tariff
 * catalogue, tariff changes, options, voluntary blocks, usage paging, authorization
 * across profiles and bad input. */
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

static struct kd kd;

/* demo's services, found once through getAccounts. */
static struct {
	char inet[64];		/* 590000000001 internet perm_ivanov, «Домашний 300» */
	char iptv[64];		/* 590000000001 IPTV «Базовый» */
	char phone[64];		/* 590000000001 home phone «Безлимитный местный» */
	char mobile[64];	/* 590000000002 mobile «Мобильный M» */
	char blocked[64];	/* 740000000003 internet, BLOCKED for debt, «Домашний 100» */
	char acc1[64];
	char theirs[64];	/* other's internet on 660000000004 */
} ids;

/* Copies the serviceId of the service of `type` on account `number`. */
static void pick(const struct resp *r, const char *number, int type, char *out)
{
	const cJSON *acc, *svc;
	out[0] = '\0';
	cJSON_ArrayForEach(acc, cJSON_GetObjectItem(r->json, "accounts")) {
		if (strcmp(json_str(acc, "number"), number))
			continue;
		cJSON_ArrayForEach(svc, json_get(acc, "services"))
			if (json_int(svc, "type") == type)
				snprintf(out, 64, "%s", json_str(svc, "serviceId"));
	}
}

static int group_setup(void **state)
{
	struct client c;
	struct resp r = { 0 };

	if (kd_group_start(&kd, "--today", TODAY, NULL) != 0)
		return -1;
	client_init(&c, &kd);
	client_login(&c, "demo", PASSWD);
	api(&c, &r, "getAccounts", "{}");
	pick(&r, "590000000001", 1, ids.inet);
	pick(&r, "590000000001", 8, ids.iptv);
	pick(&r, "590000000001", 2, ids.phone);
	pick(&r, "590000000002", 16, ids.mobile);
	pick(&r, "740000000003", 1, ids.blocked);
	snprintf(ids.acc1, sizeof(ids.acc1), "%s", account_id_by_number(&c, "590000000001"));
	client_login(&c, "other", PASSWD);
	api(&c, &r, "getAccounts", "{}");
	pick(&r, "660000000004", 1, ids.theirs);
	resp_free(&r);
	client_free(&c);
	return ids.inet[0] && ids.iptv[0] && ids.phone[0] && ids.mobile[0] && ids.blocked[0] &&
			       ids.theirs[0]
		       ? 0
		       : -1;
}

static int group_teardown(void **state)
{
	return kd_group_stop(&kd);
}

static void login_demo(struct client *c)
{
	client_init(c, &kd);
	client_login(c, "demo", PASSWD);
}

static void tariff_names(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *names;

	login_demo(&c);
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":[\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"]}",
	    ids.inet, ids.iptv, ids.phone, ids.mobile, ids.blocked);
	assert_status(&r, 200);
	names = json_get(r.json, "tariffNames");
	assert_int_equal(cJSON_GetArraySize(names), 5);
	assert_string_equal(json_str(names, ids.inet), "Домашний 300");
	assert_string_equal(json_str(names, ids.iptv), "Базовый");
	assert_string_equal(json_str(names, ids.phone), "Безлимитный местный");
	assert_string_equal(json_str(names, ids.mobile), "Мобильный M");
	assert_string_equal(json_str(names, ids.blocked), "Домашний 100");
	/* A repeated id is answered once. */
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":[\"%s\",\"%s\"]}", ids.inet, ids.inet);
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "tariffNames")), 1);

	/* One foreign or unknown id spoils the whole request. */
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":[\"%s\",\"%s\"]}", ids.inet,
	    ids.theirs);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "servicesId");
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":[\"no-such-service\"]}");
	assert_error(&r, 404, "NOT_FOUND");

	/* Shape and size. */
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":[]}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "servicesId");
	api(&c, &r, "getServiceTariffName", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "servicesId");
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":\"%s\"}", ids.inet);
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "getServiceTariffName", "{\"servicesId\":[\"%s\",7]}", ids.inet);
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "servicesId");
	{
		char body[4096];
		size_t n = (size_t)snprintf(body, sizeof(body), "{\"servicesId\":[");
		for (int i = 0; i < 101; i++)
			n += (size_t)snprintf(body + n, sizeof(body) - n, "%s\"%s\"", i ? "," : "",
					      ids.inet);
		snprintf(body + n, sizeof(body) - n, "]}");
		api(&c, &r, "getServiceTariffName", "%s", body);
		assert_error(&r, 422, "VALIDATION");
	}
	resp_free(&r);
	client_free(&c);
}

static void service_info(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *opt;
	int n = 0, on = 0;

	login_demo(&c);
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.inet);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "ACTIVE");
	assert_int_equal(json_int(r.json, "type"), 1);
	assert_string_equal(json_str(r.json, "number"), "perm_ivanov");
	assert_non_null(json_str(r.json, "displayNumber"));
	assert_string_equal(json_str(json_get(r.json, "tariff"), "name"), "Домашний 300");
	assert_true(json_int(json_get(r.json, "tariff"), "monthlyFee") > 0);
	assert_non_null(json_str(json_get(r.json, "tariff"), "tariffId"));
	assert_true(cJSON_IsNull(json_get(r.json, "pendingTariff")));
	assert_true(cJSON_IsNull(json_get(r.json, "voluntaryBlockEndDate")));
	/* Every internet option, the static IP switched on. */
	cJSON_ArrayForEach(opt, json_get(r.json, "options")) {
		n++;
		assert_non_null(json_str(opt, "optionId"));
		assert_true(json_int(opt, "monthlyFee") > 0);
		if (cJSON_IsTrue(json_get(opt, "enabled"))) {
			on++;
			assert_string_equal(json_str(opt, "name"), "Статический IP");
		}
	}
	assert_true(n >= 2);
	assert_int_equal(on, 1);

	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.blocked);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "BLOCKED");
	assert_string_equal(json_str(json_get(r.json, "tariff"), "name"), "Домашний 100");

	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.mobile);
	assert_status(&r, 200);
	assert_int_equal(json_int(r.json, "type"), 16);
	assert_string_equal(json_str(r.json, "number"), "+79221234522");
	resp_free(&r);
	client_free(&c);
}

static void available_tariffs(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *t;
	int64_t last_fee = -1;
	int current = 0, n = 0;

	login_demo(&c);
	api(&c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", ids.inet);
	assert_status(&r, 200);
	cJSON_ArrayForEach(t, json_get(r.json, "tariffs")) {
		n++;
		assert_true(json_int(t, "monthlyFee") >= last_fee);
		last_fee = json_int(t, "monthlyFee");
		assert_non_null(json_str(t, "tariffId"));
		assert_non_null(json_str(t, "description"));
		assert_true(json_int(t, "speedMbps") > 0);
		assert_null(cJSON_GetObjectItem(t, "channels"));
		assert_null(cJSON_GetObjectItem(t, "minutes"));
		assert_null(cJSON_GetObjectItem(t, "gigabytes"));
		if (cJSON_IsTrue(json_get(t, "current"))) {
			current++;
			assert_string_equal(json_str(t, "name"), "Домашний 300");
			assert_int_equal(json_int(t, "speedMbps"), 300);
		}
	}
	assert_true(n >= 2);
	assert_int_equal(current, 1);

	api(&c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", ids.mobile);
	assert_status(&r, 200);
	cJSON_ArrayForEach(t, json_get(r.json, "tariffs")) {
		assert_true(json_int(t, "minutes") > 0);
		assert_true(json_int(t, "gigabytes") > 0);
		assert_null(cJSON_GetObjectItem(t, "speedMbps"));
		if (!strcmp(json_str(t, "name"), "Мобильный M"))
			assert_true(cJSON_IsTrue(json_get(t, "current")));
		else
			assert_false(cJSON_IsTrue(json_get(t, "current")));
	}

	api(&c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_status(&r, 200);
	cJSON_ArrayForEach(t, json_get(r.json, "tariffs")) {
		assert_true(json_int(t, "channels") > 0);
		assert_null(cJSON_GetObjectItem(t, "speedMbps"));
	}
	resp_free(&r);
	client_free(&c);
}

/* The id of a tariff by name in getAvailableTariffs of a service (static buffer). */
static const char *tariff_id(struct client *c, const char *service, const char *name)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *t;
	id[0] = '\0';
	api(c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", service);
	assert_status(&r, 200);
	cJSON_ArrayForEach(t, json_get(r.json, "tariffs"))
		if (!strcmp(json_str(t, "name"), name))
			snprintf(id, sizeof(id), "%s", json_str(t, "tariffId"));
	resp_free(&r);
	if (!id[0]) {
		print_message("no tariff %s\n", name);
		fail();
	}
	return id;
}

static void change_tariff(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char cur[64], small[64], large[64], tv[64];
	const cJSON *p;

	login_demo(&c);
	snprintf(cur, sizeof(cur), "%s", tariff_id(&c, ids.mobile, "Мобильный M"));
	snprintf(small, sizeof(small), "%s", tariff_id(&c, ids.mobile, "Мобильный S"));
	snprintf(large, sizeof(large), "%s", tariff_id(&c, ids.mobile, "Мобильный L"));
	snprintf(tv, sizeof(tv), "%s", tariff_id(&c, ids.iptv, "Расширенный"));

	/* The tariff in use. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", ids.mobile, cur);
	assert_error(&r, 409, "CONFLICT");
	/* Another type's tariff, or none at all. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", ids.mobile, tv);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "tariffId");
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"no-such\"}", ids.mobile);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "tariffId");

	/* From tomorrow; the current tariff stays until then. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", ids.mobile, large);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "effectiveFrom"), "2026-11-23");
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.mobile);
	assert_string_equal(json_str(json_get(r.json, "tariff"), "name"), "Мобильный M");
	p = json_get(r.json, "pendingTariff");
	assert_string_equal(json_str(p, "tariffId"), large);
	assert_string_equal(json_str(p, "name"), "Мобильный L");
	assert_string_equal(json_str(p, "effectiveFrom"), "2026-11-23");
	assert_true(json_int(p, "monthlyFee") > 0);

	/* A second change replaces the first. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", ids.mobile, small);
	assert_status(&r, 200);
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.mobile);
	assert_string_equal(json_str(json_get(r.json, "pendingTariff"), "name"), "Мобильный S");
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", ids.mobile, cur);
	assert_error(&r, 409, "CONFLICT");

	/* Not while blocked for debt. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", ids.blocked,
	    tariff_id(&c, ids.inet, "Домашний 500"));
	assert_error(&r, 409, "CONFLICT");

	/* Bad input. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\"}", ids.mobile);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "tariffId");
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":5}", ids.mobile);
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "tariffId");
	resp_free(&r);
	client_free(&c);
}

/* The option named `name` of a service's getServiceInfo (static buffer); *enabled set. */
static const char *option_id(struct client *c, const char *service, const char *name,
			     bool *enabled)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *o;
	id[0] = '\0';
	api(c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", service);
	assert_status(&r, 200);
	cJSON_ArrayForEach(o, json_get(r.json, "options"))
		if (!strcmp(json_str(o, "name"), name)) {
			snprintf(id, sizeof(id), "%s", json_str(o, "optionId"));
			if (enabled)
				*enabled = cJSON_IsTrue(json_get(o, "enabled"));
		}
	resp_free(&r);
	assert_true(id[0] != '\0');
	return id;
}

static void service_options(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char boost[64], cinema[64];
	bool on = true;

	login_demo(&c);
	snprintf(boost, sizeof(boost), "%s", option_id(&c, ids.inet, "Ускорение скорости", &on));
	assert_false(on);
	snprintf(cinema, sizeof(cinema), "%s", option_id(&c, ids.iptv, "Кинозал", NULL));

	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":true}",
	    ids.inet, boost);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "optionId"), boost);
	assert_true(cJSON_IsTrue(json_get(r.json, "enabled")));
	option_id(&c, ids.inet, "Ускорение скорости", &on);
	assert_true(on);
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":true}",
	    ids.inet, boost);
	assert_error(&r, 409, "CONFLICT");

	api(&c, &r, "setServiceOption",
	    "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":false}", ids.inet, boost);
	assert_status(&r, 200);
	assert_false(cJSON_IsTrue(json_get(r.json, "enabled")));
	option_id(&c, ids.inet, "Ускорение скорости", &on);
	assert_false(on);
	api(&c, &r, "setServiceOption",
	    "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":false}", ids.inet, boost);
	assert_error(&r, 409, "CONFLICT");

	/* An IPTV option on internet, or an unknown one. */
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":true}",
	    ids.inet, cinema);
	assert_error(&r, 404, "NOT_FOUND");
	assert_string_equal(resp_str(&r, "field"), "optionId");
	api(&c, &r, "setServiceOption",
	    "{\"serviceId\":\"%s\",\"optionId\":\"no-such\",\"enabled\":true}", ids.inet);
	assert_error(&r, 404, "NOT_FOUND");
	/* Not on a blocked service. */
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":true}",
	    ids.blocked, boost);
	assert_error(&r, 409, "CONFLICT");
	/* Bad input. */
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\"}", ids.inet,
	    boost);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "enabled");
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":1}",
	    ids.inet, boost);
	assert_error(&r, 400, "BAD_REQUEST");
	assert_string_equal(resp_str(&r, "field"), "enabled");
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"enabled\":true}", ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "optionId");
	resp_free(&r);
	client_free(&c);
}

static void voluntary_block(void **state)
{
	static const char *const bad_dates[] = { TODAY, "2026-11-21", "2027-02-21", "2030-01-01",
						 "2026-02-30", "22.12.2026", "" };
	struct client c;
	struct resp r = { 0 };
	int64_t before, during;

	login_demo(&c);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", ids.acc1);
	before = json_int(r.json, "recommendedPayment");

	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
		api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"%s\"}", ids.iptv,
		    bad_dates[i]);
		assert_error(&r, 422, "VALIDATION");
		assert_string_equal(resp_str(&r, "field"), "until");
	}
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "until");
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":20261201}", ids.iptv);
	assert_error(&r, 400, "BAD_REQUEST");

	/* 90 days ahead is the longest block. */
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2027-02-20\"}", ids.iptv);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "VOLUNTARY_BLOCKED");
	assert_string_equal(json_str(r.json, "voluntaryBlockEndDate"), "2027-02-20");
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_string_equal(json_str(r.json, "status"), "VOLUNTARY_BLOCKED");
	assert_string_equal(json_str(r.json, "voluntaryBlockEndDate"), "2027-02-20");
	/* No monthly fee while blocked: the recommended payment drops by the tariff. */
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", ids.acc1);
	during = json_int(r.json, "recommendedPayment");
	assert_true(during < before);

	/* Only from ACTIVE; no options meanwhile. */
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2026-12-01\"}", ids.iptv);
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"%s\",\"enabled\":true}",
	    ids.iptv, option_id(&c, ids.iptv, "Кинозал", NULL));
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2026-11-23\"}",
	    ids.blocked);
	assert_error(&r, 409, "CONFLICT");

	api(&c, &r, "removeVoluntaryBlock", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "ACTIVE");
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_string_equal(json_str(r.json, "status"), "ACTIVE");
	assert_true(cJSON_IsNull(json_get(r.json, "voluntaryBlockEndDate")));
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", ids.acc1);
	assert_int_equal(json_int(r.json, "recommendedPayment"), before);
	api(&c, &r, "removeVoluntaryBlock", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "removeVoluntaryBlock", "{\"serviceId\":\"%s\"}", ids.blocked);
	assert_error(&r, 409, "CONFLICT");

	/* One day ahead is the shortest. */
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2026-11-23\"}", ids.iptv);
	assert_status(&r, 200);
	api(&c, &r, "removeVoluntaryBlock", "{\"serviceId\":\"%s\"}", ids.iptv);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

/* With billing: a pending tariff takes over on its date, and ending a voluntary block
 * on an account in debt leaves the service blocked for debt. On a private server,
 * stepped through the days with `admin bill`. */
static void billing_applies_the_choices(void **state)
{
	struct kd k2;
	struct client c;
	struct resp r = { 0 };
	char acc1[64], inet[64], iptv[64], phone[64], gig[64];
	int64_t fee = 0, balance;
	const cJSON *opt;

	assert_int_equal(kd_start(&k2, "--today", TODAY, NULL), 0);
	client_init(&c, &k2);
	client_login(&c, "demo", PASSWD);
	snprintf(acc1, sizeof(acc1), "%s", account_id_by_number(&c, "590000000001"));
	api(&c, &r, "getAccounts", "{}");
	pick(&r, "590000000001", 1, inet);
	pick(&r, "590000000001", 8, iptv);
	pick(&r, "590000000001", 2, phone);
	snprintf(gig, sizeof(gig), "%s", tariff_id(&c, inet, "Гигабит"));

	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", inet, gig);
	assert_status(&r, 200);
	assert_int_equal(kd_admin(&k2, "bill", "--date", "2026-11-23", NULL), 0);
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", inet);
	assert_string_equal(json_str(json_get(r.json, "tariff"), "name"), "Гигабит");
	assert_true(cJSON_IsNull(json_get(r.json, "pendingTariff")));

	/* IPTV off for December: the fee of 1 December leaves the balance below zero
	 * and the other services are blocked for debt. */
	api(&c, &r, "setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2026-12-10\"}", iptv);
	assert_status(&r, 200);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", acc1);
	balance = json_int(r.json, "balance");
	assert_int_equal(balance, 83050);
	{
		const char *const counted[] = { inet, phone };
		for (int i = 0; i < 2; i++) {
			api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", counted[i]);
			fee += json_int(json_get(r.json, "tariff"), "monthlyFee");
			cJSON_ArrayForEach(opt, json_get(r.json, "options"))
				if (cJSON_IsTrue(json_get(opt, "enabled")))
					fee += json_int(opt, "monthlyFee");
		}
	}
	assert_true(fee > balance);
	assert_int_equal(kd_admin(&k2, "bill", "--date", "2026-12-01", NULL), 0);
	api(&c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", acc1);
	assert_int_equal(json_int(r.json, "balance"), balance - fee);
	assert_int_equal(json_int(r.json, "daysToLock"), 0);
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", inet);
	assert_string_equal(json_str(r.json, "status"), "BLOCKED");
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", iptv);
	assert_string_equal(json_str(r.json, "status"), "VOLUNTARY_BLOCKED");

	/* Back from the voluntary block straight into the debt block. */
	api(&c, &r, "removeVoluntaryBlock", "{\"serviceId\":\"%s\"}", iptv);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "BLOCKED");
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", iptv);
	assert_string_equal(json_str(r.json, "status"), "BLOCKED");
	/* A blocked service takes no tariff change and no option. */
	api(&c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", iptv,
	    tariff_id(&c, iptv, "Расширенный"));
	assert_error(&r, 409, "CONFLICT");
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&k2), 0);
}

/* Pages through [from, to] and checks dates, order and the sum against total. */
static void usage_pages(struct client *c, const char *service, const char *from, const char *to,
			int limit, int want_items, int want_pages)
{
	struct resp r = { 0 };
	char cursor[128] = "", last[11] = "";
	int64_t sum = 0, total = -1;
	int items = 0, pages = 0;

	for (;;) {
		const cJSON *it, *next;
		if (cursor[0])
			api(c, &r, "getUsage",
			    "{\"serviceId\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"limit\":%d,"
			    "\"cursor\":\"%s\"}", service, from, to, limit, cursor);
		else
			api(c, &r, "getUsage",
			    "{\"serviceId\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"limit\":%d}",
			    service, from, to, limit);
		assert_status(&r, 200);
		pages++;
		if (total < 0)
			total = json_int(r.json, "total");
		assert_int_equal(json_int(r.json, "total"), total);
		assert_true(cJSON_GetArraySize(json_get(r.json, "items")) <= limit);
		cJSON_ArrayForEach(it, json_get(r.json, "items")) {
			const char *d = json_str(it, "date");
			assert_true(strcmp(d, from) >= 0 && strcmp(d, to) <= 0);
			assert_true(strcmp(d, last) > 0);
			snprintf(last, sizeof(last), "%s", d);
			assert_true(json_int(it, "value") >= 0);
			sum += json_int(it, "value");
			items++;
		}
		next = cJSON_GetObjectItem(r.json, "nextCursor");
		if (!next)
			break;
		assert_true(cJSON_IsString(next));
		snprintf(cursor, sizeof(cursor), "%s", next->valuestring);
		assert_true(pages < 100);
	}
	assert_int_equal(items, want_items);
	assert_int_equal(pages, want_pages);
	assert_int_equal(sum, total);
	resp_free(&r);
}

static void usage(void **state)
{
	struct client c;
	struct resp r = { 0 };

	login_demo(&c);
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-22\"}",
	    ids.inet);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "unit"), "MB");
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "items")), 22);
	assert_null(cJSON_GetObjectItem(r.json, "nextCursor"));
	assert_true(json_int(r.json, "total") > 0);

	/* 53 days in pages of 20: 20 + 20 + 13, summing to the total. */
	usage_pages(&c, ids.inet, "2026-10-01", "2026-11-22", 20, 53, 3);
	/* Exactly one full page: no cursor after it. */
	usage_pages(&c, ids.phone, "2026-11-03", "2026-11-22", 20, 20, 1);
	/* A whole year of 366 days in the default pages of 50 and the largest of 200. */
	usage_pages(&c, ids.mobile, "2025-11-22", "2026-11-22", 50, 366, 8);
	usage_pages(&c, ids.mobile, "2025-11-22", "2026-11-22", 200, 366, 2);
	/* Days in the future have no usage yet. */
	usage_pages(&c, ids.inet, "2026-11-20", "2026-12-31", 50, 3, 1);

	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-02\"}",
	    ids.phone);
	assert_string_equal(json_str(r.json, "unit"), "MIN");
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-02\"}",
	    ids.mobile);
	assert_string_equal(json_str(r.json, "unit"), "MIN");

	/* IPTV counts nothing. */
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-02\"}",
	    ids.iptv);
	assert_error(&r, 409, "CONFLICT");

	/* Ranges. */
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-02\",\"to\":\"2026-11-01\"}",
	    ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "to");
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2025-11-21\",\"to\":\"2026-11-22\"}",
	    ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "to");
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-13-01\",\"to\":\"2026-11-22\"}",
	    ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "from");
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"to\":\"2026-11-22\"}", ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "from");
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\"}", ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "to");
	api(&c, &r, "getUsage", "{\"serviceId\":\"%s\",\"from\":20261101,\"to\":\"2026-11-22\"}",
	    ids.inet);
	assert_error(&r, 400, "BAD_REQUEST");
	/* Paging. */
	api(&c, &r, "getUsage",
	    "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-22\",\"limit\":0}",
	    ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "limit");
	api(&c, &r, "getUsage",
	    "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-22\",\"limit\":201}",
	    ids.inet);
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "getUsage",
	    "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-22\",\"cursor\":\"bogus\"}",
	    ids.inet);
	assert_error(&r, 422, "VALIDATION");
	assert_string_equal(resp_str(&r, "field"), "cursor");
	resp_free(&r);
	client_free(&c);
}

/* Every service method answers 404 for another profile's service and an unknown one. */
static void foreign_and_unknown_services_are_404(void **state)
{
	static const char *const bodies[] = {
		"getServiceInfo", "{\"serviceId\":\"%s\"}",
		"getAvailableTariffs", "{\"serviceId\":\"%s\"}",
		"changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"x\"}",
		"setServiceOption", "{\"serviceId\":\"%s\",\"optionId\":\"x\",\"enabled\":true}",
		"setVoluntaryBlock", "{\"serviceId\":\"%s\",\"until\":\"2026-12-01\"}",
		"removeVoluntaryBlock", "{\"serviceId\":\"%s\"}",
		"getUsage", "{\"serviceId\":\"%s\",\"from\":\"2026-11-01\",\"to\":\"2026-11-02\"}",
	};
	struct client demo, other;
	struct resp r = { 0 };

	login_demo(&demo);
	client_init(&other, &kd);
	client_login(&other, "other", PASSWD);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i += 2) {
		char body[256];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(body, sizeof(body), bodies[i + 1], ids.theirs);
		api(&demo, &r, bodies[i], "%s", body);
		assert_error(&r, 404, "NOT_FOUND");
		assert_string_equal(resp_str(&r, "field"), "serviceId");
		snprintf(body, sizeof(body), bodies[i + 1], "no-such-service");
		api(&demo, &r, bodies[i], "%s", body);
		assert_error(&r, 404, "NOT_FOUND");
		snprintf(body, sizeof(body), bodies[i + 1], ids.inet);
		api(&other, &r, bodies[i], "%s", body);
		assert_error(&r, 404, "NOT_FOUND");
#pragma GCC diagnostic pop
	}
	api(&other, &r, "getServiceTariffName", "{\"servicesId\":[\"%s\"]}", ids.inet);
	assert_error(&r, 404, "NOT_FOUND");
	/* Nothing changed for the owner. */
	api(&other, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.theirs);
	assert_status(&r, 200);
	assert_string_equal(json_str(r.json, "status"), "ACTIVE");
	resp_free(&r);
	client_free(&demo);
	client_free(&other);
}

static void bad_service_ids(void **state)
{
	static const char *const methods[] = { "getServiceInfo", "getAvailableTariffs",
					       "changeTariff", "setServiceOption",
					       "setVoluntaryBlock", "removeVoluntaryBlock", "getUsage" };
	struct client c;
	struct resp r = { 0 };

	login_demo(&c);
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		api(&c, &r, methods[i], "{}");
		assert_error(&r, 422, "VALIDATION");
		assert_string_equal(resp_str(&r, "field"), "serviceId");
		api(&c, &r, methods[i], "{\"serviceId\":12}");
		assert_error(&r, 400, "BAD_REQUEST");
		assert_string_equal(resp_str(&r, "field"), "serviceId");
		api(&c, &r, methods[i], "{\"serviceId\":{\"id\":\"%s\"}}", ids.inet);
		assert_error(&r, 400, "BAD_REQUEST");
	}
	client_free(&c);
	client_init(&c, &kd);
	api(&c, &r, "getServiceInfo", "{\"serviceId\":\"%s\"}", ids.inet);
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tariff_names),
		cmocka_unit_test(service_info),
		cmocka_unit_test(available_tariffs),
		cmocka_unit_test(change_tariff),
		cmocka_unit_test(service_options),
		cmocka_unit_test(voluntary_block),
		cmocka_unit_test(billing_applies_the_choices),
		cmocka_unit_test(usage),
		cmocka_unit_test(foreign_and_unknown_services_are_404),
		cmocka_unit_test(bad_service_ids),
	};
	return cmocka_run_group_tests_name("services", tests, group_setup, group_teardown);
}
