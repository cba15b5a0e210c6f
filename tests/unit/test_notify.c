/* Unit tests of model_notify.c: docs/api.md's getNotificationSettings answer read,
 * hostile answers refused whole (an event missing, out of order or repeated, a
 * channel out of the set, a threshold out of range or with a fraction, channels that
 * are no booleans), the channels offered going round past the ones the profile
 * cannot receive, and setNotificationSettings' body holding only what changed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/notify.h"

#define EV(e, c) "{\"event\":\"" e "\",\"channel\":\"" c "\"}"
#define FIRST7 EV("LOW_BALANCE", "SMS") "," EV("PAYMENT_RECEIPT", "EMAIL") "," \
	EV("AUTOPAY_RUN", "SMS") "," EV("AUTOPAY_DECLINE", "SMS") "," \
	EV("SUPPORT_ANSWER", "EMAIL") "," EV("TARIFF_CHANGE", "EMAIL") "," \
	EV("STAFF_VIEW", "EMAIL")
#define EVENTS "[" FIRST7 "," EV("NEW_DEVICE_LOGIN", "EMAIL") "]"
#define ANSWER(events, threshold, channels) "{\"events\":" events \
	",\"lowBalanceThreshold\":" threshold ",\"channels\":" channels "}"
#define BOTH "{\"EMAIL\":true,\"SMS\":true}"
#define DOC ANSWER(EVENTS, "10000", BOTH)

static void the_documented_answer(void **state)
{
	struct notify_settings s;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_notify(DOC, &s, &err), MODEL_OK);
	assert_int_equal(s.channel[NOTIFY_LOW_BALANCE], NOTIFY_SMS);
	assert_int_equal(s.channel[NOTIFY_PAYMENT_RECEIPT], NOTIFY_EMAIL);
	assert_int_equal(s.channel[NOTIFY_NEW_DEVICE_LOGIN], NOTIFY_EMAIL);
	assert_int_equal(s.threshold, 10000);
	assert_true(s.can[NOTIFY_EMAIL] && s.can[NOTIFY_SMS] && s.can[NOTIFY_NONE]);
	assert_string_equal(notify_event_code(NOTIFY_STAFF_VIEW), "STAFF_VIEW");
	assert_string_equal(notify_event_words(NOTIFY_LOW_BALANCE), "Low balance");
	assert_string_equal(notify_channel_words(NOTIFY_EMAIL), "e-mail");
	assert_null(notify_channel_why_not(&s, NOTIFY_SMS));
}

static void no_phone_and_limits(void **state)
{
	struct notify_settings s;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_notify(ANSWER(EVENTS, "0", "{\"EMAIL\":true,\"SMS\":false}"),
					    &s, &err), MODEL_OK);
	assert_false(s.can[NOTIFY_SMS]);
	assert_string_equal(notify_channel_why_not(&s, NOTIFY_SMS), "no phone in the profile");
	assert_int_equal(s.threshold, 0);
	assert_int_equal(model_parse_notify(ANSWER(EVENTS, "100000000", BOTH), &s, &err), MODEL_OK);
	assert_int_equal(s.threshold, 100000000);
}

static void refused(const char *json, const char *why)
{
	struct notify_settings s;
	struct model_err err;

	assert_int_equal(model_parse_notify(json, &s, &err), MODEL_BAD);
	if (!strstr(err.msg, why))
		fail_msg("'%s' does not say '%s'", err.msg, why);
}

static void hostile_answers_refused(void **state)
{
	(void)state;
	refused("[]", "");
	refused(ANSWER("[" FIRST7 "]", "10000", BOTH), "events");
	refused(ANSWER("[" FIRST7 "," EV("NEW_DEVICE_LOGIN", "EMAIL") "," EV("X", "SMS") "]",
		       "10000", BOTH), "events");
	refused(ANSWER("[" EV("PAYMENT_RECEIPT", "EMAIL") "," EV("LOW_BALANCE", "SMS") ","
		       EV("AUTOPAY_RUN", "SMS") "," EV("AUTOPAY_DECLINE", "SMS") ","
		       EV("SUPPORT_ANSWER", "EMAIL") "," EV("TARIFF_CHANGE", "EMAIL") ","
		       EV("STAFF_VIEW", "EMAIL") "," EV("NEW_DEVICE_LOGIN", "EMAIL") "]",
		       "10000", BOTH), "events[0] is not LOW_BALANCE");
	refused(ANSWER("[" FIRST7 "," EV("STAFF_VIEW", "EMAIL") "]", "10000", BOTH),
		"events[7] is not NEW_DEVICE_LOGIN");
	refused(ANSWER("[" FIRST7 "," EV("NEW_DEVICE_LOGIN", "PUSH") "]", "10000", BOTH),
		"unknown channel");
	refused(ANSWER("[" FIRST7 "," EV("NEW_DEVICE_LOGIN", "email") "]", "10000", BOTH),
		"unknown channel");
	refused(ANSWER("[" FIRST7 ",\"NEW_DEVICE_LOGIN\"]", "10000", BOTH), "not an object");
	refused(ANSWER("[" FIRST7 ",{\"event\":\"NEW_DEVICE_LOGIN\"}]", "10000", BOTH), "channel");
	refused(ANSWER("[" FIRST7 "," EV("NEW_DEVICE_LOGIN", "E\\u001bMAIL") "]", "10000", BOTH),
		"channel");
	refused(ANSWER(EVENTS, "-1", BOTH), "lowBalanceThreshold");
	refused(ANSWER(EVENTS, "100000001", BOTH), "lowBalanceThreshold");
	refused(ANSWER(EVENTS, "100.5", BOTH), "lowBalanceThreshold");
	refused(ANSWER(EVENTS, "\"10000\"", BOTH), "lowBalanceThreshold");
	refused("{\"events\":" EVENTS ",\"channels\":" BOTH "}", "lowBalanceThreshold");
	refused(ANSWER(EVENTS, "10000", "{\"EMAIL\":true}"), "channels.SMS");
	refused(ANSWER(EVENTS, "10000", "{\"EMAIL\":1,\"SMS\":true}"), "channels.EMAIL");
	refused(ANSWER(EVENTS, "10000", "[]"), "channels");
	refused("{\"events\":{},\"lowBalanceThreshold\":0,\"channels\":" BOTH "}", "events");
}

static void channels_offered(void **state)
{
	struct notify_settings s = { .can = { true, true, true } };

	(void)state;
	assert_int_equal(notify_channel_step(&s, NOTIFY_EMAIL, 1), NOTIFY_SMS);
	assert_int_equal(notify_channel_step(&s, NOTIFY_NONE, 1), NOTIFY_EMAIL);
	assert_int_equal(notify_channel_step(&s, NOTIFY_EMAIL, -1), NOTIFY_NONE);
	s.can[NOTIFY_SMS] = false;
	assert_int_equal(notify_channel_step(&s, NOTIFY_EMAIL, 1), NOTIFY_NONE);
	assert_int_equal(notify_channel_step(&s, NOTIFY_NONE, -1), NOTIFY_EMAIL);
	/* A channel the answer kept though the phone is gone is left, never chosen. */
	assert_int_equal(notify_channel_step(&s, NOTIFY_SMS, 1), NOTIFY_NONE);
	s.can[NOTIFY_EMAIL] = false;
	assert_int_equal(notify_channel_step(&s, NOTIFY_NONE, 1), NOTIFY_NONE);
}

static void body_of_what_changed(void **state)
{
	struct notify_settings was, now;
	struct model_err err;
	char *b;

	(void)state;
	assert_int_equal(model_parse_notify(DOC, &was, &err), MODEL_OK);
	now = was;
	assert_int_equal(notify_changes(&was, &now), 0);
	assert_null(model_body_notify(&was, &now));
	now.channel[NOTIFY_STAFF_VIEW] = NOTIFY_NONE;
	now.channel[NOTIFY_LOW_BALANCE] = NOTIFY_EMAIL;
	assert_int_equal(notify_changes(&was, &now), 2);
	b = model_body_notify(&was, &now);
	assert_string_equal(b, "{\"events\":[{\"event\":\"LOW_BALANCE\",\"channel\":\"EMAIL\"},"
			       "{\"event\":\"STAFF_VIEW\",\"channel\":\"NONE\"}]}");
	free(b);
	now.threshold = 123456;
	b = model_body_notify(&was, &now);
	assert_non_null(strstr(b, "\"lowBalanceThreshold\":123456}"));
	free(b);
	now = was;
	now.threshold = 100000000;
	b = model_body_notify(&was, &now);
	assert_string_equal(b, "{\"lowBalanceThreshold\":100000000}");
	free(b);
}

static void json_as_the_api_gives_it(void **state)
{
	struct notify_settings s, back;
	struct model_err err;
	char *j;

	(void)state;
	assert_int_equal(model_parse_notify(DOC, &s, &err), MODEL_OK);
	j = model_notify_json(&s);
	assert_string_equal(j, DOC);
	assert_int_equal(model_parse_notify(j, &back, &err), MODEL_OK);
	assert_memory_equal(&s, &back, sizeof(s));
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_documented_answer),
		cmocka_unit_test(no_phone_and_limits),
		cmocka_unit_test(hostile_answers_refused),
		cmocka_unit_test(channels_offered),
		cmocka_unit_test(body_of_what_changed),
		cmocka_unit_test(json_as_the_api_gives_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
