/* API tests of the profile methods: personal data, password change, contact change,
 * remembered devices. Mutating tests work on profiles they register themselves. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"

KD_GROUP(kd);

static void assert_bool(const struct resp *r, const char *name, bool want)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, name);
	if (!cJSON_IsBool(v) || cJSON_IsTrue(v) != want) {
		print_message("expected %s = %s: %s\n", name, want ? "true" : "false",
			      resp_dump(r));
		fail();
	}
}

/* Registers and confirms a fresh profile «Лебедева Нина Павловна» with that contact;
 * the client ends logged in. Returns the generated login (static). */
static const char *new_profile(struct client *c, const char *contact, const char *password)
{
	static char login[32];
	struct resp r = { 0 };
	char otp[64], *code;
	api(c, &r, "register",
	    "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"middleName\":\"Павловна\","
	    "\"contact\":\"%s\",\"region\":\"Пермский край\",\"password\":\"%s\"}", contact,
	    password);
	assert_status(&r, 200);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, contact);
	assert_non_null(code);
	api(c, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	snprintf(login, sizeof(login), "%s", resp_str(&r, "login"));
	free(code);
	resp_free(&r);
	return login;
}

/* --- getProfile, updateProfile -------------------------------------------------------- */

static void get_profile_of_demo(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api(&c, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_str(&r, "login", "demo");
	assert_str(&r, "lastName", "Иванов");
	assert_str(&r, "name", "Пётр");
	assert_str(&r, "middleName", "Сергеевич");
	assert_str(&r, "email", "demo@kabinet.example");
	assert_str(&r, "phone", "+79221234522");
	assert_str(&r, "region", "Пермский край");
	assert_bool(&r, "twoStepLogin", false);
	assert_str(&r, "financialBlockStatus", "NONE");
	resp_free(&r);
	client_free(&c);
}

static void update_profile(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	new_profile(&c, "+79990002001", "Nina-2026");

	api(&c, &r, "updateProfile",
	    "{\"lastName\":\"Смирнова-Лебедева\",\"name\":\"Нина\",\"region\":\"Москва\","
	    "\"twoStepLogin\":false}");
	assert_status(&r, 200);
	assert_str(&r, "lastName", "Смирнова-Лебедева");
	assert_str(&r, "middleName", "Павловна");	/* absent: kept */
	assert_str(&r, "region", "Москва");
	assert_str(&r, "phone", "+79990002001");
	assert_bool(&r, "twoStepLogin", false);

	api(&c, &r, "updateProfile",
	    "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"middleName\":\"\","
	    "\"region\":\"Пермский край\",\"twoStepLogin\":true}");
	assert_status(&r, 200);
	assert_str(&r, "middleName", "");
	assert_bool(&r, "twoStepLogin", true);
	api(&c, &r, "getProfile", "{}");
	assert_str(&r, "lastName", "Лебедева");
	assert_bool(&r, "twoStepLogin", true);

	/* Two-step login now asks for a code. */
	api(&c, &r, "login", "{\"login\":\"+79990002001\",\"passwd\":\"Nina-2026\"}");
	assert_status(&r, 200);
	assert_str(&r, "status", "OTP_REQUIRED");
	assert_str(&r, "sentTo", "+7 (999) ***-**-01");
	resp_free(&r);
	client_free(&c);
}

static void update_profile_errors(void **state)
{
	static const struct {
		const char *body, *field;
	} cases[] = {
		{ "{\"lastName\":\"Lebedeva\",\"name\":\"Нина\",\"region\":\"Пермский край\","
		  "\"twoStepLogin\":false}", "lastName" },
		{ "{\"name\":\"Нина\",\"region\":\"Пермский край\",\"twoStepLogin\":false}", "lastName" },
		{ "{\"lastName\":\"Лебедева\",\"name\":\"Н\",\"region\":\"Пермский край\","
		  "\"twoStepLogin\":false}", "name" },
		{ "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"middleName\":\"П.\","
		  "\"region\":\"Пермский край\",\"twoStepLogin\":false}", "middleName" },
		{ "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"\","
		  "\"twoStepLogin\":false}", "region" },
		{ "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"perm\","
		  "\"twoStepLogin\":false}", "region" },
		{ "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"Пермь\","
		  "\"twoStepLogin\":false}", "region" },
		{ "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"Пермский край\"}",
		  "twoStepLogin" },
	};
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	new_profile(&c, "nina.update@example.ru", "Nina-2026");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		api(&c, &r, "updateProfile", "%s", cases[i].body);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, cases[i].field);
	}
	api(&c, &r, "updateProfile",
	    "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"Пермский край\","
	    "\"twoStepLogin\":\"yes\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	/* No phone, no codes by SMS. */
	api(&c, &r, "updateProfile",
	    "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"Пермский край\","
	    "\"twoStepLogin\":true}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "twoStepLogin");
	c.en = true;
	api(&c, &r, "updateProfile",
	    "{\"lastName\":\"Lebedeva\",\"name\":\"Нина\",\"region\":\"Пермский край\","
	    "\"twoStepLogin\":false}");
	assert_str(&r, "errorMsg", "Use Cyrillic letters only (2 to 30), with at most one inner "
				   "hyphen");
	api(&c, &r, "updateProfile",
	    "{\"lastName\":\"Лебедева\",\"name\":\"Нина\",\"region\":\"perm\","
	    "\"twoStepLogin\":false}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "region");
	assert_str(&r, "errorMsg", "Choose the region from the list of Russia's regions");
	/* Nothing changed. */
	api(&c, &r, "getProfile", "{}");
	assert_str(&r, "region", "Пермский край");
	assert_bool(&r, "twoStepLogin", false);
	resp_free(&r);
	client_free(&c);
}

/* --- changePassword ------------------------------------------------------------------- */

static void change_password_revokes_others(void **state)
{
	struct client a, b, check;
	struct resp r = { 0 };
	char login[32], token[64];
	client_init(&a, &kd);
	client_init(&b, &kd);
	client_init(&check, &kd);
	snprintf(login, sizeof(login), "%s", new_profile(&a, "+79990003001", "Nina-2026"));
	api(&b, &r, "login", "{\"login\":\"%s\",\"passwd\":\"Nina-2026\",\"remember\":true}",
	    login);
	assert_status(&r, 200);
	snprintf(token, sizeof(token), "%s", resp_str(&r, "rememberToken"));

	api(&a, &r, "changePassword",
	    "{\"currentPassword\":\"Nina-2026\",\"newPassword\":\"Nina-2027\"}");
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	/* This session stays; the other one and the remembered device are gone. */
	api(&a, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_no_session(&b);
	api(&check, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token);
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&check, &r, "login", "{\"login\":\"%s\",\"passwd\":\"Nina-2026\"}", login);
	assert_error(&r, 401, "UNAUTHORIZED");
	client_login(&check, login, "Nina-2027");
	resp_free(&r);
	client_free(&a);
	client_free(&b);
	client_free(&check);
}

static void change_password_errors(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	new_profile(&c, "+79990003002", "Nina-2026");

	api(&c, &r, "changePassword", "{\"currentPassword\":\"Nina-2026\",\"newPassword\":\"weak\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "newPassword");
	api(&c, &r, "changePassword",
	    "{\"currentPassword\":\"Nina-2026\",\"newPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "newPassword");
	api(&c, &r, "changePassword", "{\"newPassword\":\"Nina-2027\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "currentPassword");
	api(&c, &r, "changePassword", "{\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "newPassword");

	/* Wrong current passwords: five, then even the right one is refused for a while. */
	for (int i = 0; i < 5; i++) {
		api(&c, &r, "changePassword",
		    "{\"currentPassword\":\"Nina-2025\",\"newPassword\":\"Nina-2027\"}");
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "currentPassword");
	}
	api(&c, &r, "changePassword",
	    "{\"currentPassword\":\"Nina-2026\",\"newPassword\":\"Nina-2027\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 0 && r.retry_after <= 900);
	/* The session itself is not affected, nor is the login lock. */
	api(&c, &r, "getProfile", "{}");
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

/* --- changeContact, confirmContact ----------------------------------------------------- */

static void change_contact_email_and_phone(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], *code;
	client_init(&c, &kd);
	new_profile(&c, "+79990004001", "Nina-2026");

	api(&c, &r, "changeContact",
	    "{\"email\":\"Nina.New@Example.ru\",\"currentPassword\":\"Nina-2026\"}");
	assert_status(&r, 200);
	assert_str(&r, "sentTo", "n***@example.ru");
	assert_int_equal(resp_int(&r, "resendAfter"), 60);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "nina.new@example.ru");
	assert_non_null(code);
	api(&c, &r, "confirmContact", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp,
	    strcmp(code, "000000") ? "000000" : "111111");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmContact", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	assert_str(&r, "email", "nina.new@example.ru");
	assert_str(&r, "phone", "+79990004001");
	free(code);

	api(&c, &r, "changeContact", "{\"phone\":\"8 999 000-40-02\",\"currentPassword\":\"Nina-2026\"}");
	assert_status(&r, 200);
	assert_str(&r, "sentTo", "+7 (999) ***-**-02");
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "+79990004002");
	assert_non_null(code);
	api(&c, &r, "confirmContact", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	assert_str(&r, "phone", "+79990004002");
	/* The new contacts log in; the old phone does not. */
	client_login(&c, "nina.new@example.ru", "Nina-2026");
	client_login(&c, "+79990004002", "Nina-2026");
	api(&c, &r, "login", "{\"login\":\"+79990004001\",\"passwd\":\"Nina-2026\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	free(code);
	resp_free(&r);
	client_free(&c);
}

static void change_contact_errors(void **state)
{
	struct client c, other;
	struct resp r = { 0 };
	char otp[64], *code;
	int before;
	client_init(&c, &kd);
	client_init(&other, &kd);
	new_profile(&c, "+79990005001", "Nina-2026");
	before = kd_outbox_count(&kd);

	api(&c, &r, "changeContact", "{\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "email");
	api(&c, &r, "changeContact", "{\"email\":\"a@example.ru\",\"phone\":\"+79990005002\","
				     "\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	api(&c, &r, "changeContact", "{\"email\":\"not-an-email\",\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "email");
	api(&c, &r, "changeContact", "{\"phone\":\"12345\",\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "phone");
	api(&c, &r, "changeContact", "{\"phone\":\"+79990005002\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "currentPassword");
	api(&c, &r, "changeContact", "{\"phone\":\"+79990005002\",\"currentPassword\":\"Nina-2025\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "currentPassword");
	api(&c, &r, "changeContact", "{\"phone\":\"+79990005001\",\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "phone");
	/* Another profile's contact. */
	api(&c, &r, "changeContact",
	    "{\"email\":\"DEMO@kabinet.example\",\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "email");
	api(&c, &r, "changeContact", "{\"phone\":\"+79221234522\",\"currentPassword\":\"Nina-2026\"}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "phone");
	assert_int_equal(kd_outbox_count(&kd), before);

	/* A code confirms only for the profile that asked for it. */
	api(&c, &r, "changeContact", "{\"email\":\"nina5@example.ru\",\"currentPassword\":\"Nina-2026\"}");
	assert_status(&r, 200);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "nina5@example.ru");
	assert_non_null(code);
	client_login(&other, "other", PASSWORD);
	api(&other, &r, "confirmContact", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	api(&c, &r, "confirmContact", "{\"otpId\":\"otp_0000000000000000\",\"code\":\"%s\"}", code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");

	/* The contact is taken between the code and its confirmation. */
	new_profile(&other, "nina5@example.ru", "Nina-2026");
	api(&c, &r, "confirmContact", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "email");
	api(&c, &r, "getProfile", "{}");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "email")));
	free(code);
	resp_free(&r);
	client_free(&c);
	client_free(&other);
}

/* --- Devices -------------------------------------------------------------------------- */

/* Logs c in with a remember token, as an installation with that client_uuid. */
static void remember_login(struct client *c, const char *login, const char *uuid, char *token)
{
	struct resp r = { 0 };
	api(c, &r, "login",
	    "{\"login\":\"%s\",\"passwd\":\"Nina-2026\",\"remember\":true,\"client_uuid\":\"%s\"}",
	    login, uuid);
	assert_status(&r, 200);
	snprintf(token, 64, "%s", resp_str(&r, "rememberToken"));
	resp_free(&r);
}

static const cJSON *find_device(const struct resp *r, const char *name_part)
{
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(r->json, "devices")) {
		const cJSON *name = cJSON_GetObjectItem(d, "name");
		if (cJSON_IsString(name) && strstr(name->valuestring, name_part))
			return d;
	}
	print_message("no device named *%s* in %s\n", name_part, resp_dump(r));
	fail();
	return NULL;
}

static void devices_list_and_revoke(void **state)
{
	struct client a, b, plain, check, other;
	struct resp r = { 0 };
	char login[32], token_a[64], token_b[64], dev_a[64], dev_b[64];
	const cJSON *d;
	const char *last;
	client_init(&a, &kd);
	client_init(&b, &kd);
	client_init(&plain, &kd);
	client_init(&check, &kd);
	client_init(&other, &kd);
	snprintf(login, sizeof(login), "%s", new_profile(&plain, "+79990006001", "Nina-2026"));
	api(&plain, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "devices")), 0);

	remember_login(&a, login, "3f2a0000-1111-4222-8333-444455556666", token_a);
	remember_login(&b, login, "9c4e0000-1111-4222-8333-444455556666", token_b);
	api(&a, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "devices")), 2);
	d = find_device(&r, "(3f2a");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "current")));
	snprintf(dev_a, sizeof(dev_a), "%s", cJSON_GetObjectItem(d, "deviceId")->valuestring);
	last = cJSON_GetObjectItem(d, "lastUsed")->valuestring;
	assert_int_equal(strlen(last), 20);
	assert_int_equal(last[10], 'T');
	assert_int_equal(last[19], 'Z');
	d = find_device(&r, "(9c4e");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(d, "current")));
	snprintf(dev_b, sizeof(dev_b), "%s", cJSON_GetObjectItem(d, "deviceId")->valuestring);
	/* A session without a remembered device has no current device. */
	api(&plain, &r, "getDevices", "{}");
	d = find_device(&r, "(9c4e");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(d, "current")));

	/* Revoke b from a: b's session and token die, a stays. */
	api(&a, &r, "revokeDevice", "{\"deviceId\":\"%s\"}", dev_b);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_no_session(&b);
	api(&check, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token_b);
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&a, &r, "getDevices", "{}");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "devices")), 1);
	api(&a, &r, "revokeDevice", "{\"deviceId\":\"%s\"}", dev_b);
	assert_error(&r, 404, "NOT_FOUND");
	assert_field(&r, "deviceId");
	api(&a, &r, "revokeDevice", "{\"deviceId\":\"dev_0000000000000000\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&a, &r, "revokeDevice", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceId");
	/* Another profile cannot see or revoke it. */
	client_login(&other, "other", PASSWORD);
	api(&other, &r, "revokeDevice", "{\"deviceId\":\"%s\"}", dev_a);
	assert_error(&r, 404, "NOT_FOUND");
	api(&other, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_null(strstr(r.raw, dev_a));

	/* Revoking the device in hand ends this session. */
	api(&a, &r, "revokeDevice", "{\"deviceId\":\"%s\"}", dev_a);
	assert_status(&r, 200);
	assert_no_session(&a);
	api(&check, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token_a);
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&plain, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "devices")), 0);
	resp_free(&r);
	client_free(&a);
	client_free(&b);
	client_free(&plain);
	client_free(&check);
	client_free(&other);
}

static void device_last_used_follows_token_logins(void **state)
{
	struct client a, check;
	struct resp r = { 0 };
	char login[32], token[64], first[32];
	const cJSON *d;
	client_init(&a, &kd);
	client_init(&check, &kd);
	snprintf(login, sizeof(login), "%s", new_profile(&a, "+79990007001", "Nina-2026"));
	remember_login(&a, login, "77770000-1111-4222-8333-444455556666", token);
	/* The device was made three days ago. */
	kd_sql(&kd, "UPDATE devices SET created_at = created_at - 259200, "
		    "last_used = last_used - 259200 WHERE client_uuid LIKE '7777%'");
	api(&a, &r, "getDevices", "{}");
	d = find_device(&r, "(7777");
	snprintf(first, sizeof(first), "%s", json_str(d, "firstUsed"));
	assert_string_equal(json_str(d, "lastUsed"), first);
	api(&check, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token);
	assert_status(&r, 200);
	/* The token login continues the same device: used last now, first as before. */
	api(&check, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "devices")), 1);
	d = find_device(&r, "(7777");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "current")));
	assert_string_equal(json_str(d, "firstUsed"), first);
	assert_true(strcmp(json_str(d, "lastUsed"), first) > 0);
	resp_free(&r);
	client_free(&a);
	client_free(&check);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(get_profile_of_demo),
		cmocka_unit_test(update_profile),
		cmocka_unit_test(update_profile_errors),
		cmocka_unit_test(change_password_revokes_others),
		cmocka_unit_test(change_password_errors),
		cmocka_unit_test(change_contact_email_and_phone),
		cmocka_unit_test(change_contact_errors),
		cmocka_unit_test(devices_list_and_revoke),
		cmocka_unit_test(device_last_used_follows_token_logins),
	};
	return cmocka_run_group_tests_name("profile", tests, group_setup, group_teardown);
}
