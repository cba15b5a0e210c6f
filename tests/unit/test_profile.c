/* Unit tests of model_profile.c: getDevices and the answers that send a code as
 * docs/api.md shows them, bad answers refused, the password, name and contact rules,
 * and the bodies of the profile, registration and recovery methods. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kabinet/i18n.h"
#include "kabinet/model/profile.h"
#include "kabinet/names.h"

static void devices(void **state)
{
	struct device_list l;
	struct model_err err;

	(void)state;
	assert_int_equal(model_parse_devices(
				 "{\"devices\":[{\"deviceId\":\"dev_9f2c4e1a0b3d5e77\",\"name\":\"kabinet/0.1 (3f2a…)\","
				 "\"firstUsed\":\"2026-10-02T08:15:00Z\",\"lastUsed\":\"2026-11-22T10:00:00Z\",\"current\":true},"
				 "{\"deviceId\":\"dev_2\",\"name\":\"curl/8\",\"lastUsed\":\"2026-11-21T09:00:00Z\",\"current\":false}]}",
				 &l, &err),
			 MODEL_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].id, "dev_9f2c4e1a0b3d5e77");
	assert_string_equal(l.items[0].name, "kabinet/0.1 (3f2a…)");
	assert_string_equal(l.items[0].first_used, "2026-10-02T08:15:00Z");
	assert_string_equal(l.items[0].last_used, "2026-11-22T10:00:00Z");
	assert_true(l.items[0].current);
	/* A server that does not say when a device was first used: nothing shown. */
	assert_string_equal(l.items[1].first_used, "");
	assert_false(l.items[1].current);
	model_free_devices(&l);

	assert_int_equal(model_parse_devices("{\"devices\":[]}", &l, &err), MODEL_OK);
	assert_int_equal(l.n, 0);
	model_free_devices(&l);

	assert_int_equal(model_parse_devices("{}", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_devices("{\"devices\":[1]}", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_devices("{\"devices\":[{\"name\":\"x\"}]}", &l, &err), MODEL_BAD);
	assert_int_equal(model_parse_devices("not json", &l, &err), MODEL_BAD);
	assert_null(l.items);
}

static void codes_sent(void **state)
{
	struct otp_sent s;
	struct model_err err;
	char login[64];
	size_t n;

	(void)state;
	assert_int_equal(model_parse_otp_sent("{\"otpId\":\"otp_1\",\"sentTo\":\"n***@example.ru\",\"resendAfter\":45}",
					      &s, &err),
			 MODEL_OK);
	assert_string_equal(s.otp_id, "otp_1");
	assert_string_equal(s.sent_to, "n***@example.ru");
	assert_int_equal(s.resend_after, 45);
	/* requestPasswordReset says no sentTo; a resendAfter out of range is the default. */
	assert_int_equal(model_parse_otp_sent("{\"otpId\":\"otp_2\",\"resendAfter\":-1}", &s, &err), MODEL_OK);
	assert_string_equal(s.sent_to, "");
	assert_int_equal(s.resend_after, 60);
	assert_int_equal(model_parse_otp_sent("{\"sentTo\":\"x\"}", &s, &err), MODEL_BAD);

	assert_int_equal(model_parse_registered("{\"status\":\"OK\",\"login\":\"user482913\",\"attachedAccounts\":[\"acc1\"]}",
						login, sizeof(login), &n, &err),
			 MODEL_OK);
	assert_string_equal(login, "user482913");
	assert_int_equal(n, 1);
	assert_int_equal(model_parse_registered("{\"status\":\"OK\"}", login, sizeof(login), &n, &err),
			 MODEL_BAD);
}

static void password_rules(void **state)
{
	bool ok[PW_RULES];

	(void)state;
	assert_true(profile_password_check("Kabinet-2026", ok));
	assert_null(profile_password_problem("Kabinet-2026"));
	assert_false(profile_password_check("Kab-1", ok));
	assert_false(ok[PW_LENGTH]);
	assert_true(ok[PW_CAPITAL] && ok[PW_DIGIT] && ok[PW_CHARS]);
	assert_false(profile_password_check("kabinet-2026", ok));
	assert_false(ok[PW_CAPITAL]);
	assert_false(profile_password_check("KabinetKabinet", ok));
	assert_false(ok[PW_DIGIT]);
	assert_false(profile_password_check("Kabinet 2026", ok));
	assert_false(ok[PW_CHARS]);
	assert_false(profile_password_check("Кабинет-2026A", ok));
	assert_false(ok[PW_CHARS]);
	assert_true(profile_password_check("Abcdefgh1234567890!!", ok));	/* 20 */
	assert_false(profile_password_check("Abcdefgh1234567890!!!", ok));	/* 21 */
	assert_non_null(profile_password_problem(""));
	assert_non_null(profile_password_problem("short1A"));
}

static void names_and_contacts(void **state)
{
	(void)state;
	assert_null(profile_name_problem("Иванов", false));
	assert_null(profile_name_problem("Римский-Корсаков", false));
	assert_null(profile_name_problem("Пётр", false));
	assert_null(profile_name_problem("", true));
	assert_non_null(profile_name_problem("", false));
	assert_non_null(profile_name_problem("Ivanov", false));
	assert_non_null(profile_name_problem("Я", false));
	assert_non_null(profile_name_problem("-Иван", false));
	assert_non_null(profile_name_problem("Иван-", false));
	assert_non_null(profile_name_problem("А-Б-В", false));
	assert_non_null(profile_name_problem("Иван Петров", false));
	assert_null(profile_region_problem("Пермский край"));
	assert_non_null(profile_region_problem(""));
	/* Only a name of the list, as the server takes it. */
	assert_non_null(profile_region_problem("perm"));
	assert_non_null(profile_region_problem("Пермь"));
	assert_null(profile_region_problem("Республика Саха (Якутия)"));

	assert_int_equal(profile_contact_kind("+79221234522"), CONTACT_PHONE);
	assert_int_equal(profile_contact_kind("89221234522"), CONTACT_PHONE);
	assert_int_equal(profile_contact_kind("+7 (922) 123-45-22"), CONTACT_PHONE);
	assert_int_equal(profile_contact_kind("9221234522"), CONTACT_PHONE);
	assert_int_equal(profile_contact_kind("demo@kabinet.example"), CONTACT_EMAIL);
	assert_int_equal(profile_contact_kind("demo@kabinet"), CONTACT_NONE);
	assert_int_equal(profile_contact_kind("a@b@c.ru"), CONTACT_NONE);
	assert_int_equal(profile_contact_kind("demo"), CONTACT_NONE);
	assert_int_equal(profile_contact_kind("12345"), CONTACT_NONE);
	assert_null(profile_contact_problem("+79225550011"));
	assert_non_null(profile_contact_problem(""));
	assert_non_null(profile_contact_problem("x@"));
}

/* The one rule kabinetd refuses by and kabinet explains (src/common/names.c): each
 * fault found, and the bounds of 2 and 30 letters. */
static void the_name_rule(void **state)
{
	char name[128] = "";

	(void)state;
	assert_int_equal(name_check("Иванов"), NAME_OK);
	assert_int_equal(name_check("Ёлкина-Щукина"), NAME_OK);
	assert_int_equal(name_check(""), NAME_EMPTY);
	assert_int_equal(name_check("Ivan"), NAME_NOT_CYRILLIC);
	assert_int_equal(name_check("Ива\xd0"), NAME_NOT_CYRILLIC);	/* a letter cut */
	assert_int_equal(name_check("-Иван"), NAME_HYPHEN);
	assert_int_equal(name_check("Иван-"), NAME_HYPHEN);
	assert_int_equal(name_check("Иван--Пётр"), NAME_HYPHEN);
	assert_int_equal(name_check("А-Б-В"), NAME_HYPHEN);
	assert_int_equal(name_check("Я"), NAME_LENGTH);
	for (int i = 0; i < 30; i++)
		strcat(name, "ж");
	assert_int_equal(name_check(name), NAME_OK);
	strcat(name, "ж");
	assert_int_equal(name_check(name), NAME_LENGTH);
}

static void bodies(void **state)
{
	struct profile p = { .last_name = "Иванов", .name = "Пётр", .middle_name = "",
			     .region = "Пермский край", .two_step = true };
	char *b;
	cJSON *o;

	(void)state;
	b = model_body_update_profile(&p);
	o = cJSON_Parse(b);
	assert_string_equal(cJSON_GetObjectItem(o, "lastName")->valuestring, "Иванов");
	assert_string_equal(cJSON_GetObjectItem(o, "middleName")->valuestring, "");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "twoStepLogin")));
	cJSON_Delete(o);
	free(b);

	b = model_body_change_password("Old-2026", "New-2026");
	assert_string_equal(b, "{\"currentPassword\":\"Old-2026\",\"newPassword\":\"New-2026\"}");
	model_free_secret_body(b);
	b = model_body_change_contact(CONTACT_EMAIL, "a@b.ru", "Pw-12345");
	assert_string_equal(b, "{\"email\":\"a@b.ru\",\"currentPassword\":\"Pw-12345\"}");
	model_free_secret_body(b);
	b = model_body_change_contact(CONTACT_PHONE, "+79225550011", "Pw-12345");
	assert_string_equal(b, "{\"phone\":\"+79225550011\",\"currentPassword\":\"Pw-12345\"}");
	model_free_secret_body(b);
	b = model_body_register("Соколов", "Андрей", "Ильич", "+79225550011", "Пермский край", "Pw-12345");
	o = cJSON_Parse(b);
	assert_string_equal(cJSON_GetObjectItem(o, "middleName")->valuestring, "Ильич");
	assert_string_equal(cJSON_GetObjectItem(o, "contact")->valuestring, "+79225550011");
	assert_string_equal(cJSON_GetObjectItem(o, "password")->valuestring, "Pw-12345");
	cJSON_Delete(o);
	model_free_secret_body(b);
	b = model_body_password_reset("demo@kabinet.example");
	assert_string_equal(b, "{\"contact\":\"demo@kabinet.example\"}");
	model_free_secret_body(b);
	b = model_body_reset_password("otp_1", "123456", "New-2026");
	assert_string_equal(b, "{\"otpId\":\"otp_1\",\"code\":\"123456\",\"newPassword\":\"New-2026\"}");
	model_free_secret_body(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(devices),
		cmocka_unit_test(codes_sent),
		cmocka_unit_test(password_rules),
		cmocka_unit_test(names_and_contacts),
		cmocka_unit_test(the_name_rule),
		cmocka_unit_test(bodies),
	};
	i18n_init("en");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
