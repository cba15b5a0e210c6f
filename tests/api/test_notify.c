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

KD_GROUP(kd, "--today", "2026-11-22");

static const char *const event_names[] = {
	"LOW_BALANCE", "PAYMENT_RECEIPT", "AUTOPAY_RUN", "AUTOPAY_DECLINE",
	"SUPPORT_ANSWER", "TARIFF_CHANGE", "STAFF_VIEW", "NEW_DEVICE_LOGIN",
};
#define EVENTS (sizeof(event_names) / sizeof(event_names[0]))

/* ---- helpers ---- */

/* Registers and confirms a fresh profile with that contact (an e-mail or a phone); the
 * client ends logged in. Returns its login (static buffer). */
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
	api(c, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
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
	api(&c, &r, "getNotificationSettings", "{}");
	assert_string_equal(channels_of(&r), DEFAULTS);
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 10000);
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
	api(&c, &r, "getNotificationSettings", "{}");
	assert_string_equal(channels_of(&r),
			    "LOW_BALANCE:EMAIL,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,"
			    "AUTOPAY_DECLINE:EMAIL,SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,"
			    "STAFF_VIEW:EMAIL,NEW_DEVICE_LOGIN:EMAIL");
	assert_true(can_receive(&r, "EMAIL"));
	assert_false(can_receive(&r, "SMS"));
	client_free(&c);

	new_profile(&kd, &c, "+79990005501");
	api(&c, &r, "getNotificationSettings", "{}");
	assert_string_equal(channels_of(&r),
			    "LOW_BALANCE:SMS,PAYMENT_RECEIPT:SMS,AUTOPAY_RUN:SMS,"
			    "AUTOPAY_DECLINE:SMS,SUPPORT_ANSWER:SMS,TARIFF_CHANGE:SMS,"
			    "STAFF_VIEW:SMS,NEW_DEVICE_LOGIN:SMS");
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

	snprintf(login, sizeof(login), "%s", new_profile(&kd, &c, "nina.subset@example.ru"));
	api(&c, &r, "setNotificationSettings",
	    "{\"events\":[{\"event\":\"STAFF_VIEW\",\"channel\":\"NONE\"},"
	    "{\"event\":\"LOW_BALANCE\",\"channel\":\"NONE\"}]}");
	assert_string_equal(channels_of(&r),
			    "LOW_BALANCE:NONE,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,"
			    "AUTOPAY_DECLINE:EMAIL,SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,"
			    "STAFF_VIEW:NONE,NEW_DEVICE_LOGIN:EMAIL");
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 10000);

	api(&c, &r, "setNotificationSettings", "{\"lowBalanceThreshold\":0}");
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 0);
	api(&c, &r, "setNotificationSettings",
	    "{\"lowBalanceThreshold\":100000000,"
	    "\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"EMAIL\"}]}");
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 100000000);

	/* Kept: another session reads the same. */
	client_init(&again, &kd);
	client_login(&again, login, PASSWD);
	api(&again, &r, "getNotificationSettings", "{}");
	assert_string_equal(channels_of(&r),
			    "LOW_BALANCE:EMAIL,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,"
			    "AUTOPAY_DECLINE:EMAIL,SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,"
			    "STAFF_VIEW:NONE,NEW_DEVICE_LOGIN:EMAIL");
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 100000000);
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

	api(&c, &r, "getNotificationSettings", "{}");
	assert_string_equal(channels_of(&r),
			    "LOW_BALANCE:EMAIL,PAYMENT_RECEIPT:EMAIL,AUTOPAY_RUN:EMAIL,"
			    "AUTOPAY_DECLINE:EMAIL,SUPPORT_ANSWER:EMAIL,TARIFF_CHANGE:EMAIL,"
			    "STAFF_VIEW:EMAIL,NEW_DEVICE_LOGIN:EMAIL");
	assert_int_equal(resp_int(&r, "lowBalanceThreshold"), 10000);
	resp_free(&r);
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
	};
	return cmocka_run_group_tests_name("notify", tests, group_setup, group_teardown);
}
