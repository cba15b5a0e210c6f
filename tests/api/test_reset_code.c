/* API tests of checkResetCode: a recovery code checked before the new password is asked
 * for, left live for resetPassword; wrong codes counted against the same three
 * attempts; a used, voided, foreign or unknown-contact code refused as resetPassword
 * refuses it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

KD_GROUP(kd);

static void other_code(const char *code, char *buf)
{
	snprintf(buf, 8, "%06u", (unsigned)(atoi(code) + 1) % 1000000u);
}

/* A reset for CONTACT: its otpId in otp, the code sent (malloc'ed). */
static char *reset_for(struct client *c, const char *contact, char *otp, size_t size)
{
	struct resp r = { 0 };
	char *code;

	api(c, &r, "requestPasswordReset", "{\"contact\":\"%s\"}", contact);
	assert_status(&r, 200);
	snprintf(otp, size, "%s", resp_str(&r, "otpId"));
	resp_free(&r);
	code = kd_outbox_code(&kd, contact);
	assert_non_null(code);
	return code;
}

static void check(struct client *c, const char *otp, const char *code, long status,
		  const char *field)
{
	struct resp r = { 0 };

	api(c, &r, "checkResetCode", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	if (status == 200) {
		assert_status(&r, 200);
		assert_str(&r, "status", "OK");
	} else {
		assert_error(&r, status, "VALIDATION");
		assert_field(&r, field);
	}
	resp_free(&r);
}

/* Right: OK, and again OK (not used up); resetPassword then takes the same code; after
 * that the code is used, for the check too. */
static void a_right_code_is_checked_and_stays_live(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], wrong[8], *code;

	client_init(&c, &kd);
	code = reset_for(&c, "demo@kabinet.example", otp, sizeof(otp));
	other_code(code, wrong);
	check(&c, otp, "12ab", 422, "code");	/* not 6 digits: no attempt used */
	check(&c, otp, wrong, 422, "code");
	check(&c, otp, code, 200, NULL);
	check(&c, otp, code, 200, NULL);
	api(&c, &r, "resetPassword", "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"Vosstanov-1\"}",
	    otp, code);
	assert_status(&r, 200);
	check(&c, otp, code, 422, "otpId");
	client_login(&c, "demo", "Vosstanov-1");
	free(code);
	resp_free(&r);
	client_free(&c);
}

/* Two wrong checks and a wrong reset are the three attempts: the code is void, for the
 * check and for the reset, though it was right. */
static void wrong_checks_count_against_the_three_attempts(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], wrong[8], *code;

	client_init(&c, &kd);
	code = reset_for(&c, "+79221234522", otp, sizeof(otp));
	other_code(code, wrong);
	check(&c, otp, wrong, 422, "code");
	check(&c, otp, wrong, 422, "code");
	api(&c, &r, "resetPassword", "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"Vosstanov-2\"}",
	    otp, wrong);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	check(&c, otp, code, 422, "otpId");
	api(&c, &r, "resetPassword", "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"Vosstanov-2\"}",
	    otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	free(code);
	resp_free(&r);
	client_free(&c);
}

/* A contact no profile has: every code is wrong, as in resetPassword. A code of
 * another purpose (a registration's) is no reset code; nor is an expired one. */
static void other_codes_are_refused(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], *code;

	client_init(&c, &kd);
	api(&c, &r, "requestPasswordReset", "{\"contact\":\"nobody.reset@example.ru\"}");
	assert_status(&r, 200);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	for (int i = 0; i < 2; i++) {
		char guess[16];
		snprintf(guess, sizeof(guess), "%06d", i);
		check(&c, otp, guess, 422, "code");
	}
	api(&c, &r, "register", "{\"lastName\":\"Петрова\",\"name\":\"Ольга\",\"contact\":"
				"\"olga.reg@example.ru\",\"region\":\"Пермский край\","
				"\"password\":\"Olga-2026\"}");
	assert_status(&r, 200);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "olga.reg@example.ru");
	assert_non_null(code);
	check(&c, otp, code, 422, "otpId");
	free(code);
	code = reset_for(&c, "other@kabinet.example", otp, sizeof(otp));
	kd_sql(&kd, "UPDATE otps SET expires_at = 0");
	check(&c, otp, code, 422, "otpId");
	free(code);
	api(&c, &r, "checkResetCode", "{\"code\":\"123456\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	api(&c, &r, "checkResetCode", "{\"otpId\":\"%s\"}", otp);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_right_code_is_checked_and_stays_live),
		cmocka_unit_test(wrong_checks_count_against_the_three_attempts),
		cmocka_unit_test(other_codes_are_refused),
	};
	return cmocka_run_group_tests_name("reset_code", tests, group_setup, group_teardown);
}
