/* API tests of the notification settings: getNotificationSettings and
 * setNotificationSettings (defaults, a subset set, every validation error, a channel
 * without a contact), and the outbox honouring them for each event. Tests that change
 * settings work on profiles they register themselves or on a server of their own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWD "Kabinet-2026"
#define DEMO_EMAIL "demo@kabinet.example"
#define DEMO_PHONE "+79221234522"

KD_GROUP(kd);

static const char *const event_names[] = {
	"LOW_BALANCE", "PAYMENT_RECEIPT", "AUTOPAY_RUN", "AUTOPAY_DECLINE",
	"SUPPORT_ANSWER", "TARIFF_CHANGE", "STAFF_VIEW", "NEW_DEVICE_LOGIN",
};
#define EVENTS (sizeof(event_names) / sizeof(event_names[0]))

/* ---- helpers ---- */

/* Registers and confirms a fresh profile with that contact (an e-mail or a phone), the
 * confirmation's client_uuid "reg-CONTACT"; the client ends logged in. Returns its
 * login (static buffer). */
static const char *new_profile(struct kd *k, struct client *c, const char *contact)
{
	static char login[32];
	struct resp r = { 0 };
	char otp[64], *code;

	client_init(c, k);
	api(c, &r, "register",
	    "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"middleName\":\"Павловна\","
	    "\"contact\":\"%s\",\"region\":\"Пермский край\",\"password\":\"%s\"}", contact,
	    PASSWD);
	assert_status(&r, 200);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(k, contact);
	assert_non_null(code);
	api(c, &r, "confirmRegistration",
	    "{\"otpId\":\"%s\",\"code\":\"%s\",\"client_uuid\":\"reg-%s\"}", otp, code,
	    contact);
	assert_status(&r, 200);
	snprintf(login, sizeof(login), "%s", resp_str(&r, "login"));
	free(code);
	resp_free(&r);
	return login;
}

/* The answer's events as "EVENT:CHANNEL,..." in its order (static buffer); the test
 * fails when the answer is not the full settings. */
static const char *channels_of(const struct resp *r)
{
	static char buf[512];
	const cJSON *e;
	size_t len = 0;

	assert_status(r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r->json, "events")), EVENTS);
	buf[0] = '\0';
	cJSON_ArrayForEach(e, json_get(r->json, "events"))
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s:%s", len ? "," : "",
					json_str(e, "event"), json_str(e, "channel"));
	return buf;
}

/* getNotificationSettings of c answers these channels ("EVENT:CHANNEL,...") and, unless
 * threshold is -1, this lowBalanceThreshold. */
static void assert_settings(struct client *c, const char *channels, int64_t threshold)
{
	struct resp r = { 0 };
	api(c, &r, "getNotificationSettings", "{}");
	assert_string_equal(channels_of(&r), channels);
	if (threshold >= 0)
		assert_int_equal(resp_int(&r, "lowBalanceThreshold"), threshold);
	resp_free(&r);
}

/* Whether the answer's `channels` says the profile can receive that channel. */
static bool can_receive(const struct resp *r, const char *channel)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(json_get(r->json, "channels"), channel);
	if (!cJSON_IsBool(v)) {
		print_message("channels.%s is not a bool: %s\n", channel, resp_dump(r));
		fail();
	}
	return cJSON_IsTrue(v);
}

/* A profile with an e-mail alone, every event at its default. */
#define ALL_EMAIL                                                                          \
	"LOW_BALANCE:EMAIL,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,AUTOPAY_DECLINE:EMAIL,"  \
	"SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,STAFF_VIEW:EMAIL,NEW_DEVICE_LOGIN:EMAIL"

#define DEFAULTS                                                                           \
	"LOW_BALANCE:SMS,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:SMS,AUTOPAY_DECLINE:SMS,"       \
	"SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,STAFF_VIEW:EMAIL,NEW_DEVICE_LOGIN:EMAIL"

/* setNotificationSettings with that body answers 422 VALIDATION naming field (NULL:
 * no field). */
static void assert_refused(struct client *c, const char *body, const char *field)
{
	struct resp r = { 0 };
	api(c, &r, "setNotificationSettings", "%s", body);
	assert_error(&r, 422, "VALIDATION");
	if (field)
		assert_field(&r, field);
	else if (resp_has(&r, "field") && !cJSON_IsNull(cJSON_GetObjectItem(r.json, "field"))) {
		print_message("expected no field: %s\n", resp_dump(&r));
		fail();
	}
	resp_free(&r);
}

/* ---- the settings ---- */

static void settings_need_a_session(void **state)
{
	static const char *const methods[] = { "getNotificationSettings",
					       "setNotificationSettings" };
	assert_need_session(&kd, methods, 2);
}

/* A profile that never set them: the defaults, both channels where it has both. */
static void defaults_of_a_profile_with_both_contacts(void **state)
{
	struct client c;
	struct resp r = { 0 };

	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	assert_settings(&c, DEFAULTS, 10000);
	api(&c, &r, "getNotificationSettings", "{}");
	assert_true(can_receive(&r, "EMAIL"));
	assert_true(can_receive(&r, "SMS"));
	resp_free(&r);
	client_free(&c);
}

/* With one contact, an event whose default channel it lacks goes by the other one. */
static void defaults_of_a_profile_with_one_contact(void **state)
{
	struct client c;
	struct resp r = { 0 };

	new_profile(&kd, &c, "nina.defaults@example.ru");
	assert_settings(&c, ALL_EMAIL, -1);
	api(&c, &r, "getNotificationSettings", "{}");
	assert_true(can_receive(&r, "EMAIL"));
	assert_false(can_receive(&r, "SMS"));
	client_free(&c);

	new_profile(&kd, &c, "+79990005501");
	assert_settings(&c, "LOW_BALANCE:SMS,PAYMENT_RECEIPT:SMS,AUTOPAY_RUN:SMS,"
			"AUTOPAY_DECLINE:SMS,SUPPORT_ANSWER:SMS,TARIFF_CHANGE:SMS,"
			"STAFF_VIEW:SMS,NEW_DEVICE_LOGIN:SMS", -1);
	api(&c, &r, "getNotificationSettings", "{}");
	assert_false(can_receive(&r, "EMAIL"));
	assert_true(can_receive(&r, "SMS"));
	resp_free(&r);
	client_free(&c);
}

/* A subset changes those events only; the threshold alone leaves the events. */
static void set_a_subset(void **state)
{
	struct client c, again;
	struct resp r = { 0 };
	char login[32];
	const char *two_off = "LOW_BALANCE:NONE,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,"
			      "AUTOPAY_DECLINE:EMAIL,SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,"
			      "STAFF_VIEW:NONE,NEW_DEVICE_LOGIN:EMAIL";

	snprintf(login, sizeof(login), "%s", new_profile(&kd, &c, "nina.subset@example.ru"));
	api(&c, &r, "setNotificationSettings",
	    "{\"events\":[{\"event\":\"STAFF_VIEW\",\"channel\":\"NONE\"},"
	    "{\"event\":\"LOW_BALANCE\",\"channel\":\"NONE\"}]}");
	assert_string_equal(channels_of(&r), two_off);
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 10000);

	/* The threshold alone leaves the events as they were. */
	api(&c, &r, "setNotificationSettings", "{\"lowBalanceThreshold\":0}");
	assert_string_equal(channels_of(&r), two_off);
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 0);
	api(&c, &r, "setNotificationSettings",
	    "{\"lowBalanceThreshold\":100000000,"
	    "\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"EMAIL\"}]}");
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 100000000);

	/* Kept: another session reads the same. */
	client_init(&again, &kd);
	client_login(&again, login, PASSWD);
	assert_settings(&again, "LOW_BALANCE:EMAIL,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,"
			"AUTOPAY_DECLINE:EMAIL,SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,"
			"STAFF_VIEW:NONE,NEW_DEVICE_LOGIN:EMAIL",
			100000000);
	resp_free(&r);
	client_free(&again);
	client_free(&c);
}

/* Each refusal names its field, and nothing of a refused request is kept. */
static void set_refusals(void **state)
{
	struct client c;
	struct resp r = { 0 };

	new_profile(&kd, &c, "nina.refusals@example.ru");
	assert_refused(&c, "{}", NULL);
	assert_refused(&c, "{\"events\":[]}", NULL);
	assert_refused(&c, "{\"events\":[{\"event\":\"BIRTHDAY\",\"channel\":\"EMAIL\"}]}",
		       "events[0].event");
	assert_refused(&c, "{\"events\":[{\"channel\":\"EMAIL\"}]}", "events[0].event");
	assert_refused(&c, "{\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"NONE\"},"
		       "{\"event\":\"LOW_BALANCE\",\"channel\":\"EMAIL\"}]}", "events[1].event");
	assert_refused(&c, "{\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"PIGEON\"}]}",
		       "events[0].channel");
	assert_refused(&c, "{\"events\":[{\"event\":\"LOW_BALANCE\"}]}", "events[0].channel");
	assert_refused(&c, "{\"lowBalanceThreshold\":-1}", "lowBalanceThreshold");
	assert_refused(&c, "{\"lowBalanceThreshold\":100000001}", "lowBalanceThreshold");
	/* No phone: SMS is refused, even after a change that would have been taken. */
	assert_refused(&c, "{\"events\":[{\"event\":\"STAFF_VIEW\",\"channel\":\"NONE\"},"
		       "{\"event\":\"AUTOPAY_RUN\",\"channel\":\"SMS\"}],"
		       "\"lowBalanceThreshold\":5}", "events[1].channel");

	api(&c, &r, "setNotificationSettings", "{\"events\":{}}");
	assert_error(&r, 400, "BAD_REQUEST");
	assert_field(&r, "events");
	api(&c, &r, "setNotificationSettings", "{\"lowBalanceThreshold\":\"100\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	assert_field(&r, "lowBalanceThreshold");

	assert_settings(&c, ALL_EMAIL, 10000);
	resp_free(&r);
	client_free(&c);
}

/* ---- the outbox ---- */

#define OTHER_EMAIL "other@kabinet.example"
#define OTHER_PHONE "+79031112233"
#define PAN_OK "2200000000000004"

/* setNotificationSettings with that body, asserting 200. */
static void set(struct client *c, const char *body)
{
	struct resp r = { 0 };
	api(c, &r, "setNotificationSettings", "%s", body);
	assert_status(&r, 200);
	resp_free(&r);
}

/* Rows of the outbox to `to` (NULL: to anyone) whose text is LIKE `like`. */
static int64_t sent(struct kd *k, const char *to, const char *like)
{
	char q[512];
	if (to)
		snprintf(q, sizeof(q), "SELECT COUNT(*) FROM outbox WHERE to_addr = '%s' AND "
			 "text LIKE '%s'", to, like);
	else
		snprintf(q, sizeof(q), "SELECT COUNT(*) FROM outbox WHERE text LIKE '%s'", like);
	return kd_sql_int(k, q);
}

/* The three counts of a notice: to the e-mail, to the phone, to anyone. */
static void assert_sent(struct kd *k, const char *email, const char *phone, const char *like,
			int64_t to_email, int64_t to_phone, int64_t all)
{
	assert_int_equal(sent(k, email, like), to_email);
	assert_int_equal(sent(k, phone, like), to_phone);
	assert_int_equal(sent(k, NULL, like), all);
}

/* A new card payment of 10,00 ₽ to the account (number) of c, with the raw JSON
 * receipt member (or "" for none); asserts it succeeded. */
static void pay(struct client *c, const char *number, const char *receipt)
{
	struct resp r = { 0 };
	api(c, &r, "createPayment",
	    "{\"idempotencyKey\":\"%s\",\"items\":[{\"accountId\":\"%s\",\"amount\":1000}],"
	    "\"source\":{\"card\":{\"pan\":\"" PAN_OK "\",\"expMonth\":12,\"expYear\":2030,"
	    "\"holder\":\"IVAN PETROV\",\"cvc\":\"123\"}}%s}", new_uuid(), account_id_by_number(c, number), receipt);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	resp_free(&r);
}

/* The shared server's support1, logged in on first use. */
static struct client *support1(void)
{
	static struct client s;
	if (!s.curl) {
		client_init(&s, &kd);
		client_staff_login(&s, "support1");
	}
	return &s;
}

/* Receipts: by the setting without an address in the form; to the form's address
 * whatever the setting. */
static void receipts_follow_the_setting(void **state)
{
	struct client c;
	const char *like = "Чек: платёж%";

	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	pay(&c, "660000000004", "");
	assert_sent(&kd, OTHER_EMAIL, OTHER_PHONE, like, 1, 0, 1);
	set(&c, "{\"events\":[{\"event\":\"PAYMENT_RECEIPT\",\"channel\":\"SMS\"}]}");
	pay(&c, "660000000004", "");
	assert_sent(&kd, OTHER_EMAIL, OTHER_PHONE, like, 1, 1, 2);
	set(&c, "{\"events\":[{\"event\":\"PAYMENT_RECEIPT\",\"channel\":\"NONE\"}]}");
	pay(&c, "660000000004", "");
	assert_sent(&kd, OTHER_EMAIL, OTHER_PHONE, like, 1, 1, 2);
	pay(&c, "660000000004", ",\"receipt\":{\"email\":\"buh@example.ru\"}");
	assert_int_equal(sent(&kd, "buh@example.ru", like), 1);
	assert_sent(&kd, OTHER_EMAIL, OTHER_PHONE, like, 1, 1, 3);
	client_free(&c);
}

/* The staff's step that makes a notice to other: a reply to the request `arg`, a view
 * opened of the subscriber handle `arg`. */
static void staff_reply(const char *arg)
{
	struct resp r = { 0 };
	api_staff(support1(), &r, "staffReply", "{\"requestId\":\"%s\",\"text\":\"Ответ\"}", arg);
	assert_status(&r, 200);
	resp_free(&r);
}

static void staff_open_view(const char *arg)
{
	struct resp r = { 0 };
	api_staff(support1(), &r, "staffOpenView",
		  "{\"subscriber\":\"%s\",\"reason\":\"T-77\"}", arg);
	assert_status(&r, 200);
	resp_free(&r);
}

/* other's `event` set to EMAIL, SMS and NONE in turn, each followed by cause(arg): its
 * notice (text LIKE `like`) goes to other's e-mail, then its phone, then nowhere. */
static void each_channel(const char *event, const char *like, void (*cause)(const char *),
			 const char *arg)
{
	static const char *const channels[] = { "EMAIL", "SMS", "NONE" };
	struct client c;

	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	for (int i = 0; i < 3; i++) {
		char body[160];
		snprintf(body, sizeof(body), "{\"events\":[{\"event\":\"%s\",\"channel\":\"%s\"}]}",
			 event, channels[i]);
		set(&c, body);
		cause(arg);
		assert_sent(&kd, OTHER_EMAIL, OTHER_PHONE, like, 1, i >= 1, 1 + (i >= 1));
	}
	client_free(&c);
}

/* A support answer names the topic. */
static void support_answers_follow_the_setting(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char id[64];

	client_init(&c, &kd);
	client_login(&c, "other", PASSWD);
	api(&c, &r, "createRequest", "{\"topic\":\"Уведомления\",\"text\":\"Проверка\"}");
	assert_status(&r, 200);
	snprintf(id, sizeof(id), "%s", resp_str(&r, "requestId"));
	each_channel("SUPPORT_ANSWER", "Поддержка ответила на ваше обращение «Уведомления»%",
		     staff_reply, id);
	resp_free(&r);
	client_free(&c);
}

/* A staff view opened: a notice naming the member and the reason. */
static void staff_views_follow_the_setting(void **state)
{
	struct resp r = { 0 };
	char handle[64];

	api_staff(support1(), &r, "staffFindSubscribers", "{\"query\":\"кузнецов\"}");
	assert_status(&r, 200);
	snprintf(handle, sizeof(handle), "%s",
		 json_str(cJSON_GetArrayItem(json_get(r.json, "subscribers"), 0), "subscriber"));
	each_channel("STAFF_VIEW", "Сотрудник оператора Орлова Елена открыл ваши данные%T-77%",
		     staff_open_view, handle);
	resp_free(&r);
}

/* Logs in as login with that envelope's client_uuid ("" for none) and remember. */
static void login_as(struct client *c, const char *login, const char *uuid, bool remember)
{
	struct resp r = { 0 };
	char envelope[96] = "";

	if (*uuid)
		snprintf(envelope, sizeof(envelope), ",\"client_uuid\":\"%s\"", uuid);
	client_free(c);
	client_init(c, &kd);
	api(c, &r, "login", "{\"login\":\"%s\",\"passwd\":\"%s\",\"remember\":%s%s}", login,
	    PASSWD, remember ? "true" : "false", envelope);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	resp_free(&r);
}

/* A new device: a client_uuid the profile never logged in from, or without one a new
 * remembered device; the registering client is known already. */
static void new_device_logins_follow_the_setting(void **state)
{
	struct client c;
	const char *like = "Вход в личный кабинет с нового устройства%";
	const char *email = "nina.devices@example.ru", *phone = "+79990005502";
	char login[32];

	snprintf(login, sizeof(login), "%s", new_profile(&kd, &c, email));
	login_as(&c, login, "11111111-0000-4000-8000-000000000001", false);
	assert_int_equal(sent(&kd, email, like), 1);
	login_as(&c, login, "11111111-0000-4000-8000-000000000001", true);
	login_as(&c, login, "", false);
	assert_int_equal(sent(&kd, email, like), 1);
	login_as(&c, login, "", true);
	assert_int_equal(sent(&kd, email, like), 2);
	login_as(&c, login, "reg-nina.devices@example.ru", false);
	assert_int_equal(sent(&kd, email, like), 2);
	set(&c, "{\"events\":[{\"event\":\"NEW_DEVICE_LOGIN\",\"channel\":\"NONE\"}]}");
	login_as(&c, login, "11111111-0000-4000-8000-000000000002", false);
	assert_int_equal(sent(&kd, email, like), 2);
	client_free(&c);

	/* A phone alone: by SMS. */
	snprintf(login, sizeof(login), "%s", new_profile(&kd, &c, phone));
	login_as(&c, login, "11111111-0000-4000-8000-000000000003", false);
	assert_int_equal(sent(&kd, phone, like), 1);
	client_free(&c);
}

/* ---- billing's notices, each on a server of its own ---- */

/* The server of a billing test, pinned to 2026-11-22: started by own_setup, stopped by
 * own_teardown, whether the test passed or not. */
static struct kd own;

static int own_setup(void **state)
{
	return kd_start(&own, "--today", "2026-11-22", NULL);
}

static int own_teardown(void **state)
{
	return kd_stop(&own);
}

/* demo logged in on c to the own server. */
static void own_demo(struct client *c)
{
	client_init(c, &own);
	client_login(c, "demo", PASSWD);
}

static void bill(struct kd *k, const char *date)
{
	if (kd_admin(k, "bill", "--date", date, NULL) != 0) {
		print_message("admin bill --date %s failed\n", date);
		fail();
	}
}

/* The id of demo's seeded bound card, into id (64 bytes). */
static void card_id(struct client *c, char *id)
{
	struct resp r = { 0 };
	const cJSON *card;
	api(c, &r, "getBoundCards", "{}");
	assert_status(&r, 200);
	card = json_find(json_get(r.json, "cards"), "mask", "2200 00** **** 0004");
	assert_non_null(card);
	snprintf(id, 64, "%s", json_str(card, "cardId"));
	resp_free(&r);
}

/* Binds the card that asks for 3-D Secure (autopay cannot answer it: declined), its id
 * into id (64 bytes). */
static void bind_3ds_card(struct client *c, char *id)
{
	struct resp r = { 0 };
	char pay_id[64], *code;

	api(c, &r, "bindCard",
	    "{\"idempotencyKey\":\"%s\",\"card\":{\"pan\":\"4000000000000002\",\"expMonth\":10,"
	    "\"expYear\":2029,\"holder\":\"PETR IVANOV\",\"cvc\":\"123\"}}", new_uuid());
	assert_status(&r, 200);
	snprintf(pay_id, sizeof(pay_id), "%s", resp_str(&r, "paymentId"));
	code = kd_outbox_code(&own, "4000 00** **** 0002");
	assert_non_null(code);
	api(c, &r, "confirmPayment", "{\"paymentId\":\"%s\",\"code\":\"%s\"}", pay_id, code);
	free(code);
	assert_status(&r, 200);
	assert_str(&r, "status", "SUCCEEDED");
	snprintf(id, 64, "%s", resp_str(&r, "cardId"));
	resp_free(&r);
}

/* A THRESHOLD rule of 10 000 ₽ (due every day) paying 10,00 ₽ from the card. */
static void daily_rule(struct client *c, const char *number, const char *card)
{
	struct resp r = { 0 };
	api(c, &r, "createAutopayRule",
	    "{\"accountId\":\"%s\",\"cardId\":\"%s\",\"kind\":\"THRESHOLD\","
	    "\"threshold\":1000000,\"amount\":1000}", account_id_by_number(c, number), card);
	assert_status(&r, 200);
	resp_free(&r);
}

/* An autopay run and a decline every day: by SMS, then as set. */
static void autopay_notices_follow_the_settings(void **state)
{
	struct kd *k = &own;
	struct client c;
	char ok[64], tds[64];
	const char *run = "Автоплатёж: счёт 740000000003 пополнен%",
		   *declined = "Автоплатёж % по счёту 590000000001 не выполнен%";

	own_demo(&c);
	card_id(&c, ok);
	bind_3ds_card(&c, tds);
	daily_rule(&c, "740000000003", ok);
	daily_rule(&c, "590000000001", tds);
	bill(k, "2026-11-23");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, run, 0, 1, 1);
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, declined, 0, 1, 1);

	set(&c, "{\"events\":[{\"event\":\"AUTOPAY_RUN\",\"channel\":\"EMAIL\"},"
		"{\"event\":\"AUTOPAY_DECLINE\",\"channel\":\"NONE\"}]}");
	bill(k, "2026-11-24");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, run, 1, 1, 2);
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, declined, 0, 1, 1);

	set(&c, "{\"events\":[{\"event\":\"AUTOPAY_RUN\",\"channel\":\"NONE\"},"
		"{\"event\":\"AUTOPAY_DECLINE\",\"channel\":\"EMAIL\"}]}");
	bill(k, "2026-11-25");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, run, 1, 1, 2);
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, declined, 1, 1, 2);
	client_free(&c);
}

/* The internet service of 590000000001, and a tariff it could change to (id and name,
 * 64 bytes each). */
static void other_tariff(struct client *c, char *service, char *tariff, char *name)
{
	struct resp r = { 0 };
	const cJSON *acc, *s, *t;

	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	acc = json_find(json_get(r.json, "accounts"), "number", "590000000001");
	assert_non_null(acc);
	cJSON_ArrayForEach(s, json_get(acc, "services"))
		if (json_int(s, "type") == 1)
			snprintf(service, 64, "%s", json_str(s, "serviceId"));
	api(c, &r, "getAvailableTariffs", "{\"serviceId\":\"%s\"}", service);
	assert_status(&r, 200);
	tariff[0] = '\0';
	cJSON_ArrayForEach(t, json_get(r.json, "tariffs"))
		if (!cJSON_IsTrue(json_get(t, "current")) && !tariff[0]) {
			snprintf(tariff, 64, "%s", json_str(t, "tariffId"));
			snprintf(name, 64, "%s", json_str(t, "name"));
		}
	assert_true(tariff[0] != '\0');
	resp_free(&r);
}

static void change_tariff(struct client *c, const char *service, const char *tariff)
{
	struct resp r = { 0 };
	api(c, &r, "changeTariff", "{\"serviceId\":\"%s\",\"tariffId\":\"%s\"}", service,
	    tariff);
	assert_status(&r, 200);
	resp_free(&r);
}

/* A tariff taking effect: as set (SMS), then nothing (NONE). */
static void tariff_changes_follow_the_setting(void **state)
{
	struct kd *k = &own;
	struct client c;
	char service[64], tariff[64], name[64], like[256];

	own_demo(&c);
	other_tariff(&c, service, tariff, name);
	snprintf(like, sizeof(like), "С 23.11.2026 на услуге «Интернет perm_ivanov» счёта "
		 "590000000001 действует тариф «%s».", name);
	set(&c, "{\"events\":[{\"event\":\"TARIFF_CHANGE\",\"channel\":\"SMS\"}]}");
	change_tariff(&c, service, tariff);
	bill(k, "2026-11-23");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, like, 0, 1, 1);

	other_tariff(&c, service, tariff, name);
	set(&c, "{\"events\":[{\"event\":\"TARIFF_CHANGE\",\"channel\":\"NONE\"}]}");
	change_tariff(&c, service, tariff);
	bill(k, "2026-11-24");
	assert_int_equal(sent(k, NULL, "С %действует тариф%"), 1);
	assert_int_equal(sent(k, NULL, "%perm_ivanov%"), 1);
	client_free(&c);
}

/* Low balance: below the threshold, once until the balance is at or above it again;
 * the threshold decides which accounts are low. demo: 590000000001 830,50 ₽,
 * 590000000002 152,00 ₽, 740000000003 −374,80 ₽. */
static void low_balance_follows_the_threshold(void **state)
{
	struct kd *k = &own;
	struct client c;
	/* Money as people read it: the space before ₽ is a no-break one. */
	const char *acc1 = "Баланс счёта 590000000001 — 830,50_₽, ниже%",
		   *acc2 = "Баланс счёта 590000000002 — 152,00_₽, ниже 200,00_₽%",
		   *acc3 = "Баланс счёта 740000000003 — −374,80_₽, ниже 100,00_₽%";

	own_demo(&c);
	bill(k, "2026-11-23");		/* 100 ₽ by SMS: the account in debt */
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, acc3, 0, 1, 1);
	assert_int_equal(sent(k, NULL, "Баланс счёта%"), 1);

	set(&c, "{\"lowBalanceThreshold\":20000}");	/* 200 ₽: 152 ₽ is low now */
	bill(k, "2026-11-24");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, acc2, 0, 1, 1);
	assert_int_equal(sent(k, NULL, "Баланс счёта%"), 2);

	set(&c, "{\"lowBalanceThreshold\":100000,"
		"\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"EMAIL\"}]}");
	bill(k, "2026-11-25");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, acc1, 1, 0, 1);
	assert_int_equal(sent(k, NULL, "Баланс счёта%"), 3);

	/* At 0 ₽ the two are not low; at 1 000 ₽ again they are, but NONE sends nothing. */
	set(&c, "{\"lowBalanceThreshold\":0}");
	bill(k, "2026-11-26");
	set(&c, "{\"lowBalanceThreshold\":100000,"
		"\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"NONE\"}]}");
	bill(k, "2026-11-27");
	assert_int_equal(sent(k, NULL, "Баланс счёта%"), 3);
	/* With a channel again they are told once more. */
	set(&c, "{\"lowBalanceThreshold\":0}");
	bill(k, "2026-11-28");
	set(&c, "{\"lowBalanceThreshold\":100000,"
		"\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"EMAIL\"}]}");
	bill(k, "2026-11-29");
	assert_sent(k, DEMO_EMAIL, DEMO_PHONE, acc1, 2, 0, 2);
	assert_int_equal(sent(k, NULL, "Баланс счёта%"), 5);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(settings_need_a_session),
		cmocka_unit_test(defaults_of_a_profile_with_both_contacts),
		cmocka_unit_test(defaults_of_a_profile_with_one_contact),
		cmocka_unit_test(set_a_subset),
		cmocka_unit_test(set_refusals),
		cmocka_unit_test(receipts_follow_the_setting),
		cmocka_unit_test(support_answers_follow_the_setting),
		cmocka_unit_test(staff_views_follow_the_setting),
		cmocka_unit_test(new_device_logins_follow_the_setting),
		cmocka_unit_test_setup_teardown(autopay_notices_follow_the_settings, own_setup,
						own_teardown),
		cmocka_unit_test_setup_teardown(tariff_changes_follow_the_setting, own_setup,
						own_teardown),
		cmocka_unit_test_setup_teardown(low_balance_follows_the_threshold, own_setup,
						own_teardown),
	};
	return cmocka_run_group_tests_name("notify", tests, group_setup, group_teardown);
}
