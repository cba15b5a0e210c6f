/* API tests of the public methods: login in every form, the failure lockout, two-step
 * codes, remember tokens, session expiry, registration, password reset, logout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"
#define WRONG_RU "Неверный логин или пароль"
#define WRONG_EN "Wrong login or password"

KD_GROUP(kd);

static bool session_lost(struct client *c)
{
	struct resp r = { 0 };
	bool lost;
	api(c, &r, "checkSession", "{}");
	assert_status(&r, 200);
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(r.json, "isSessionLost")));
	lost = cJSON_IsTrue(cJSON_GetObjectItem(r.json, "isSessionLost"));
	resp_free(&r);
	return lost;
}

/* The login of the profile the client's session belongs to (asserts 200). */
static void assert_logged_in_as(struct client *c, const char *login)
{
	struct resp r = { 0 };
	api(c, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_str(&r, "login", login);
	resp_free(&r);
}

/* Moves the server's stored clock marks back, as if time had passed: the only way to see
 * one-minute and fifteen-minute windows without waiting for them. */
static void time_passes(const char *update)
{
	kd_sql(&kd, update);
}

/* --- login ---------------------------------------------------------------------------- */

static void login_sets_cookies_and_needs_csrf(void **state)
{
	struct client c, anon;
	struct resp r = { 0 };
	client_init(&c, &kd);
	client_init(&anon, &kd);

	api(&c, &r, "login", "{\"login\":\"demo\",\"passwd\":\"" PASSWORD "\"}");
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_false(resp_has(&r, "rememberToken"));
	assert_true(c.csrf[0] != '\0');
	assert_logged_in_as(&c, "demo");
	assert_false(session_lost(&c));

	/* The session cookie alone is not enough. */
	c.no_csrf = true;
	api(&c, &r, "getProfile", "{}");
	assert_error(&r, 403, "CSRF");
	c.no_csrf = false;
	snprintf(c.csrf, sizeof(c.csrf), "forged");
	api(&c, &r, "getProfile", "{}");
	assert_error(&r, 403, "CSRF");
	/* And no cookie at all is 401. */
	api(&anon, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	assert_true(session_lost(&anon));

	resp_free(&r);
	client_free(&c);
	client_free(&anon);
}

static void login_by_email_phone_and_account(void **state)
{
	static const char *const logins[] = {
		"demo@kabinet.example", "DEMO@Kabinet.Example", "+79221234522", "79221234522",
		"89221234522", "9221234522", "+7 (922) 123-45-22", "590000000001", "590000000002",
		"DEMO",
	};
	struct client c;
	client_init(&c, &kd);
	for (size_t i = 0; i < sizeof(logins) / sizeof(logins[0]); i++) {
		client_login(&c, logins[i], PASSWORD);
		assert_logged_in_as(&c, "demo");
	}
	client_login(&c, "660000000004", PASSWORD);
	assert_logged_in_as(&c, "other");
	client_free(&c);
}

static void wrong_password_same_message(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const char *const logins[] = { "demo", "no-such-user", "nobody@kabinet.example",
				       "+79990000001", "590000000010" /* held by nobody */ };
	client_init(&c, &kd);
	for (size_t i = 0; i < sizeof(logins) / sizeof(logins[0]); i++) {
		api(&c, &r, "login", "{\"login\":\"%s\",\"passwd\":\"%s\"}", logins[i],
		    i ? PASSWORD : "Kabinet-2025");
		assert_error(&r, 401, "UNAUTHORIZED");
		assert_str(&r, "errorMsg", WRONG_RU);
		assert_false(resp_has(&r, "field"));
	}
	c.en = true;
	api(&c, &r, "login", "{\"login\":\"no-such-user\",\"passwd\":\"x\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	assert_str(&r, "errorMsg", WRONG_EN);
	api(&c, &r, "login", "{\"login\":\"demo\",\"passwd\":\"kabinet-2026\"}");
	assert_str(&r, "errorMsg", WRONG_EN);
	resp_free(&r);
	client_free(&c);
}

static void login_missing_fields(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	api(&c, &r, "login", "{\"passwd\":\"" PASSWORD "\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "login");
	api(&c, &r, "login", "{\"login\":\"\",\"passwd\":\"" PASSWORD "\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "login");
	api(&c, &r, "login", "{\"login\":\"demo\",\"passwd\":\"\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "passwd");
	api(&c, &r, "login", "{\"login\":\"demo\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "passwd");
	api(&c, &r, "login", "{\"login\":42,\"passwd\":\"" PASSWORD "\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	api(&c, &r, "login", "{\"login\":\"demo\",\"passwd\":\"" PASSWORD "\",\"remember\":\"yes\"}");
	assert_error(&r, 400, "BAD_REQUEST");
	resp_free(&r);
	client_free(&c);
}

/* "other" by phone is used by no other test in this file. */
static void lockout_after_five_failures(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);

	/* A success clears the count: 4 failures, a success, 4 more are still not a lock. */
	for (int i = 0; i < 4; i++) {
		api(&c, &r, "login", "{\"login\":\"+79031112233\",\"passwd\":\"Wrong-1\"}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	client_login(&c, "+79031112233", PASSWORD);
	for (int i = 0; i < 4; i++) {
		api(&c, &r, "login", "{\"login\":\"+79031112233\",\"passwd\":\"Wrong-1\"}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	client_login(&c, "+79031112233", PASSWORD);

	for (int i = 0; i < 5; i++) {
		api(&c, &r, "login", "{\"login\":\"8 (903) 111-22-33\",\"passwd\":\"Wrong-1\"}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	/* Locked even with the right password, in any spelling of the same phone. */
	api(&c, &r, "login", "{\"login\":\"+79031112233\",\"passwd\":\"" PASSWORD "\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 840 && r.retry_after <= 900);
	api(&c, &r, "login", "{\"login\":\"9031112233\",\"passwd\":\"" PASSWORD "\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	/* Other spellings of the same person are other logins. */
	client_login(&c, "other", PASSWORD);

	/* Fifteen minutes after the fifth failure the lock is over. */
	time_passes("UPDATE login_failures SET at = at - 901 WHERE login_key = '+79031112233'");
	client_login(&c, "+79031112233", PASSWORD);

	/* Unknown logins lock the same way. */
	for (int i = 0; i < 5; i++) {
		api(&c, &r, "login", "{\"login\":\"ghost-user\",\"passwd\":\"Wrong-1\"}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	c.en = true;
	api(&c, &r, "login", "{\"login\":\"GHOST-USER\",\"passwd\":\"Wrong-1\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 0);
	assert_str(&r, "errorMsg", "Too many failed attempts, please try again later");
	resp_free(&r);
	client_free(&c);
}

/* --- two-step login ------------------------------------------------------------------- */

#define ANNA_PHONE "+79227654311"

/* Logs demo2fa in up to the code: the otpId goes into otp (64 bytes); returns the code
 * sent to Anna's phone (malloc'ed). */
static char *start_two_step(struct client *c, bool remember, char *otp)
{
	struct resp r = { 0 };
	char *code;
	api(c, &r, "login", "{\"login\":\"demo2fa\",\"passwd\":\"" PASSWORD "\",\"remember\":%s}",
	    remember ? "true" : "false");
	assert_status(&r, 200);
	assert_str(&r, "status", "OTP_REQUIRED");
	assert_str(&r, "sentTo", "+7 (922) ***-**-11");
	assert_int_equal(resp_int(&r, "resendAfter"), 60);
	assert_non_null(resp_str(&r, "otpId"));
	snprintf(otp, 64, "%s", resp_str(&r, "otpId"));
	/* No session before the code. */
	assert_true(session_lost(c));
	resp_free(&r);
	code = kd_outbox_code(&kd, ANNA_PHONE);
	assert_non_null(code);
	return code;
}

/* A 6-digit code that is not `code`. */
static void other_code(const char *code, char *buf)
{
	snprintf(buf, 8, "%06u", (unsigned)(atoi(code) + 1) % 1000000u);
}

static void two_step_login(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], wrong[8], *code;
	client_init(&c, &kd);

	code = start_two_step(&c, false, otp);
	assert_int_equal(strlen(code), 6);
	other_code(code, wrong);

	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, wrong);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"12ab\"}", otp);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\"}", otp);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmOtp", "{\"otpId\":\"otp_0000000000000000\",\"code\":\"%s\"}", code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");

	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_false(resp_has(&r, "rememberToken"));
	assert_logged_in_as(&c, "demo2fa");

	/* A code works once. */
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	assert_str(&r, "errorMsg", "Код недействителен, запросите новый");
	free(code);
	resp_free(&r);
	client_free(&c);
}

static void two_step_three_wrong_codes_void(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], wrong[8], *code;
	client_init(&c, &kd);

	code = start_two_step(&c, false, otp);
	other_code(code, wrong);
	for (int i = 0; i < 3; i++) {
		api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, wrong);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "code");
	}
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	assert_true(session_lost(&c));
	free(code);
	resp_free(&r);
	client_free(&c);
}

static void two_step_resend(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], *first, *second;
	int before;
	client_init(&c, &kd);

	first = start_two_step(&c, true, otp);
	before = kd_outbox_count(&kd);

	api(&c, &r, "resendOtp", "{\"otpId\":\"%s\"}", otp);
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 0 && r.retry_after <= 60);
	assert_int_equal(kd_outbox_count(&kd), before);
	api(&c, &r, "resendOtp", "{\"otpId\":\"otp_0000000000000000\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	api(&c, &r, "resendOtp", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");

	/* A minute later: a new code, and the first one is dead. */
	time_passes("UPDATE otps SET resend_at = resend_at - 60, created_at = created_at - 60");
	api(&c, &r, "resendOtp", "{\"otpId\":\"%s\"}", otp);
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "resendAfter"), 60);
	assert_int_equal(kd_outbox_count(&kd), before + 1);
	second = kd_outbox_code(&kd, ANNA_PHONE);
	assert_non_null(second);
	if (strcmp(first, second)) {
		api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, first);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "code");
	}
	api(&c, &r, "resendOtp", "{\"otpId\":\"%s\"}", otp);
	assert_error(&r, 429, "RATE_LIMITED");

	/* The remember flag survives the code step. */
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, second);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_non_null(resp_str(&r, "rememberToken"));
	assert_logged_in_as(&c, "demo2fa");
	free(first);
	free(second);
	resp_free(&r);
	client_free(&c);
}

static void two_step_code_expires(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], *code;
	client_init(&c, &kd);
	code = start_two_step(&c, false, otp);
	time_passes("UPDATE otps SET expires_at = expires_at - 300, resend_at = resend_at - 300");
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	free(code);
	resp_free(&r);
	client_free(&c);
}

/* --- Sessions ------------------------------------------------------------------------- */

static void session_expires_when_idle(void **state)
{
	struct kd short_kd;
	struct client c;
	struct resp r = { 0 };
	bool lost = false;

	assert_int_equal(kd_start(&short_kd, "--session-ttl", "2", NULL), 0);
	client_init(&c, &short_kd);
	client_login(&c, "demo", PASSWORD);
	/* Under valgrind the password hash alone can outlast a 2-second session. */
	if (!getenv("KABINETD_WRAPPER"))
		assert_false(session_lost(&c));
	/* checkSession only looks: it does not keep the session alive. */
	for (int i = 0; i < 60 && !lost; i++) {
		msleep(100);
		lost = session_lost(&c);
	}
	assert_true(lost);
	api(&c, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	assert_true(session_lost(&c));
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&short_kd), 0);
}

static void logout_ends_session(void **state)
{
	struct client c, d;
	struct resp r = { 0 };
	client_init(&c, &kd);
	client_init(&d, &kd);
	client_login(&c, "demo", PASSWORD);
	client_login(&d, "demo", PASSWORD);
	api(&c, &r, "logout", "{}");
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_true(session_lost(&c));
	assert_no_session(&c);
	api(&c, &r, "logout", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	/* Only that session. */
	assert_logged_in_as(&d, "demo");
	resp_free(&r);
	client_free(&c);
	client_free(&d);
}

/* --- Remember tokens ------------------------------------------------------------------ */

static void remember_token_rotation_and_theft(void **state)
{
	struct client c, thief, owner, plain;
	struct resp r = { 0 };
	char t1[64], t2[64];
	client_init(&c, &kd);
	client_init(&thief, &kd);
	client_init(&owner, &kd);
	client_init(&plain, &kd);
	client_login(&plain, "other", PASSWORD);

	api(&c, &r, "login", "{\"login\":\"other\",\"passwd\":\"" PASSWORD "\",\"remember\":true}");
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_non_null(resp_str(&r, "rememberToken"));
	snprintf(t1, sizeof(t1), "%s", resp_str(&r, "rememberToken"));

	/* The owner comes back the next day: new session, new token. */
	api(&owner, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", t1);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_non_null(resp_str(&r, "rememberToken"));
	snprintf(t2, sizeof(t2), "%s", resp_str(&r, "rememberToken"));
	assert_string_not_equal(t1, t2);
	assert_logged_in_as(&owner, "other");

	/* A copy of the old token shows up, not from the installation that made the
	 * device (no client_uuid here): theft. It fails, and the family dies. */
	api(&thief, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", t1);
	assert_error(&r, 401, "UNAUTHORIZED");
	assert_true(session_lost(&thief));
	api(&thief, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", t2);
	assert_error(&r, 401, "UNAUTHORIZED");
	/* Every session of the family ends too, the first login's included; a login
	 * without a token is untouched. */
	assert_no_session(&owner);
	assert_no_session(&c);
	assert_logged_in_as(&plain, "other");

	api(&thief, &r, "loginByToken", "{\"rememberToken\":\"not-a-token\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	api(&thief, &r, "loginByToken", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "rememberToken");
	resp_free(&r);
	client_free(&c);
	client_free(&thief);
	client_free(&owner);
	client_free(&plain);
}

static void remember_token_chain(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char token[64];
	client_init(&c, &kd);
	api(&c, &r, "login", "{\"login\":\"other\",\"passwd\":\"" PASSWORD "\",\"remember\":true}");
	assert_status(&r, 200);
	snprintf(token, sizeof(token), "%s", resp_str(&r, "rememberToken"));
	for (int i = 0; i < 3; i++) {
		api(&c, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token);
		assert_status(&r, 200);
		snprintf(token, sizeof(token), "%s", resp_str(&r, "rememberToken"));
		assert_logged_in_as(&c, "other");
	}
	/* An expired token is refused. */
	time_passes("UPDATE remember_tokens SET expires_at = expires_at - 2592001");
	api(&c, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token);
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&c);
}

#define UUID_HOME "5eed0000-1111-4222-8333-444455556666"
#define UUID_AWAY "0bad0000-1111-4222-8333-444455556666"

/* Logs c in as `other` with "remember me" from the installation uuid; the first token
 * into token (64 bytes). */
static void remember_from(struct client *c, const char *uuid, char *token)
{
	struct resp r = { 0 };
	api(c, &r, "login",
	    "{\"login\":\"other\",\"passwd\":\"" PASSWORD "\",\"remember\":true,"
	    "\"client_uuid\":\"%s\"}", uuid);
	assert_status(&r, 200);
	snprintf(token, 64, "%s", resp_str(&r, "rememberToken"));
	resp_free(&r);
}

/* loginByToken from the installation uuid: the HTTP status, and the token given back
 * into next (64 bytes; "" without one). */
static long token_login(struct client *c, const char *uuid, const char *token, char *next)
{
	struct resp r = { 0 };
	long status = api(c, &r, "loginByToken", "{\"rememberToken\":\"%s\",\"client_uuid\":\"%s\"}",
			  token, uuid);
	snprintf(next, 64, "%s", status == 200 ? resp_str(&r, "rememberToken") : "");
	resp_free(&r);
	return status;
}

/* Two processes of one installation read the same token; the second presents it right
 * after the first exchanged it. */
static void remember_token_replay_within_the_grace_window(void **state)
{
	struct client first, second, third, late;
	char t1[64], t2[64], again[64], t3[64], chained[64], query[256];
	client_init(&first, &kd);
	client_init(&second, &kd);
	client_init(&third, &kd);
	client_init(&late, &kd);
	remember_from(&first, UUID_HOME, t1);

	assert_int_equal(token_login(&first, UUID_HOME, t1, t2), 200);
	assert_string_not_equal(t1, t2);
	/* The same new token, not a third one, and a session of its own. */
	assert_int_equal(token_login(&second, UUID_HOME, t1, again), 200);
	assert_string_equal(again, t2);
	assert_logged_in_as(&second, "other");
	assert_logged_in_as(&first, "other");
	/* The database cannot give the new token back by itself: it is kept sealed. */
	snprintf(query, sizeof(query), "SELECT COUNT(*) FROM remember_tokens WHERE successor "
				       "IS NOT NULL AND instr(successor, '%s') = 0", t2);
	assert_true(kd_sql_int(&kd, query) >= 1);
	snprintf(query, sizeof(query), "SELECT COUNT(*) FROM remember_tokens "
				       "WHERE instr(successor, '%s') > 0", t2);
	assert_int_equal(kd_sql_int(&kd, query), 0);
	/* The family goes on: t2 is exchanged as usual... */
	assert_int_equal(token_login(&third, UUID_HOME, t2, t3), 200);
	assert_string_not_equal(t3, t2);
	/* ...and a late t1, still within its window, reaches the newest token. */
	assert_int_equal(token_login(&late, UUID_HOME, t1, chained), 200);
	assert_string_equal(chained, t3);
	assert_logged_in_as(&first, "other");
	assert_logged_in_as(&third, "other");
	client_free(&first);
	client_free(&second);
	client_free(&third);
	client_free(&late);
}

/* After the window, the same replay is theft again: the device is revoked. */
static void remember_token_replay_after_the_window_revokes(void **state)
{
	struct client first, second, check;
	char t1[64], t2[64], none[64];
	client_init(&first, &kd);
	client_init(&second, &kd);
	client_init(&check, &kd);
	remember_from(&first, UUID_HOME, t1);
	assert_int_equal(token_login(&first, UUID_HOME, t1, t2), 200);

	time_passes("UPDATE remember_tokens SET rotated_at = rotated_at - 30 WHERE rotated = 1");
	assert_int_equal(token_login(&second, UUID_HOME, t1, none), 401);
	assert_no_session(&second);
	/* The newest token died with the device, and so did the first process's session. */
	assert_int_equal(token_login(&check, UUID_HOME, t2, none), 401);
	assert_no_session(&first);
	/* Nothing sealed is kept past its window. */
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM remember_tokens "
					 "WHERE successor IS NOT NULL AND rotated_at <= "
					 "CAST(strftime('%s','now') AS INTEGER) - 30"), 0);
	client_free(&first);
	client_free(&second);
	client_free(&check);
}

/* Within the window too, a replay from another installation is theft. */
static void remember_token_replay_from_elsewhere_revokes(void **state)
{
	struct client first, thief, check;
	char t1[64], t2[64], none[64];
	client_init(&first, &kd);
	client_init(&thief, &kd);
	client_init(&check, &kd);
	remember_from(&first, UUID_HOME, t1);
	assert_int_equal(token_login(&first, UUID_HOME, t1, t2), 200);

	assert_int_equal(token_login(&thief, UUID_AWAY, t1, none), 401);
	assert_no_session(&thief);
	assert_int_equal(token_login(&check, UUID_HOME, t2, none), 401);
	assert_int_equal(token_login(&check, UUID_HOME, t1, none), 401);
	assert_no_session(&first);
	client_free(&first);
	client_free(&thief);
	client_free(&check);
}

/* The name a login gives its device survives the code step, without what a terminal
 * would take for a command. */
static void two_step_remember_keeps_the_device_name(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], *code;
	const cJSON *d;
	client_init(&c, &kd);
	api(&c, &r, "login",
	    "{\"login\":\"demo2fa\",\"passwd\":\"" PASSWORD "\",\"remember\":true,"
	    "\"deviceName\":\"kabinet 0.1.0 on \\u009b31mdesk\\n(Debian 12)\\u202e\"}");
	assert_status(&r, 200);
	assert_str(&r, "status", "OTP_REQUIRED");
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, ANNA_PHONE);
	assert_non_null(code);
	api(&c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	assert_non_null(resp_str(&r, "rememberToken"));
	api(&c, &r, "getDevices", "{}");
	assert_status(&r, 200);
	d = json_find(cJSON_GetObjectItem(r.json, "devices"), "name",
		      "kabinet 0.1.0 on  31mdesk (Debian 12) ");
	if (!d) {
		print_message("no such device: %s\n", resp_dump(&r));
		fail();
	}
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "current")));
	/* Too long a name is refused, not cut. */
	api(&c, &r, "login",
	    "{\"login\":\"demo2fa\",\"passwd\":\"" PASSWORD "\",\"remember\":true,"
	    "\"deviceName\":\"%065d\"}", 0);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceName");
	free(code);
	resp_free(&r);
	client_free(&c);
}

/* --- Registration --------------------------------------------------------------------- */

static void register_attaches_own_account(void **state)
{
	struct client c, again;
	struct resp r = { 0 };
	char otp[64], login[32], *code;
	const cJSON *ids;
	client_init(&c, &kd);
	client_init(&again, &kd);

	api(&c, &r, "register",
	    "{\"lastName\":\"Соколов\",\"name\":\"Андрей\",\"middleName\":\"Ильич\","
	    "\"contact\":\"8 922 555-00-11\",\"region\":\"Пермский край\","
	    "\"password\":\"Sokolov-2026\"}");
	assert_status(&r, 200);
	assert_str(&r, "sentTo", "+7 (922) ***-**-11");
	assert_int_equal(resp_int(&r, "resendAfter"), 60);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "+79225550011");
	assert_non_null(code);

	api(&c, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"000000x\"}", otp);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&c, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_non_null(resp_str(&r, "login"));
	snprintf(login, sizeof(login), "%s", resp_str(&r, "login"));
	assert_int_equal(strncmp(login, "user", 4), 0);
	assert_int_equal(strlen(login), 10);
	ids = cJSON_GetObjectItem(r.json, "attachedAccounts");
	assert_int_equal(cJSON_GetArraySize(ids), 1);
	/* Logged in, holding the account. */
	assert_string_equal(account_id_by_number(&c, "590000000012"),
			    cJSON_GetArrayItem(ids, 0)->valuestring);
	api(&c, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_str(&r, "lastName", "Соколов");
	assert_str(&r, "middleName", "Ильич");
	assert_str(&r, "phone", "+79225550011");
	assert_str(&r, "region", "Пермский край");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "email")));

	/* The new login and password work; the contact is taken now. */
	client_login(&again, login, "Sokolov-2026");
	client_login(&again, "+79225550011", "Sokolov-2026");
	api(&again, &r, "register",
	    "{\"lastName\":\"Соколов\",\"name\":\"Андрей\",\"contact\":\"+79225550011\","
	    "\"region\":\"Пермский край\",\"password\":\"Sokolov-2026\"}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "contact");
	api(&again, &r, "register",
	    "{\"lastName\":\"Иванов\",\"name\":\"Пётр\",\"contact\":\"Demo@Kabinet.Example\","
	    "\"region\":\"Пермский край\",\"password\":\"Ivanov-2026\"}");
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "contact");
	/* The code cannot be used twice. */
	api(&again, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	free(code);
	resp_free(&r);
	client_free(&c);
	client_free(&again);
}

static void register_by_email_without_accounts(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64], *code;
	client_init(&c, &kd);
	api(&c, &r, "register",
	    "{\"lastName\":\"Римский-Корсаков\",\"name\":\"Ёжик\",\"middleName\":\"\","
	    "\"contact\":\"Rimsky@Example.RU\",\"region\":\"Москва\","
	    "\"password\":\"Melody!mix\"}");
	assert_status(&r, 200);
	assert_str(&r, "sentTo", "r***@example.ru");
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "rimsky@example.ru");
	assert_non_null(code);
	api(&c, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "attachedAccounts")), 0);
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(r.json, "attachedAccounts")));
	api(&c, &r, "getProfile", "{}");
	assert_str(&r, "email", "rimsky@example.ru");
	assert_str(&r, "middleName", "");
	assert_str(&r, "lastName", "Римский-Корсаков");
	client_login(&c, "rimsky@example.ru", "Melody!mix");
	free(code);
	resp_free(&r);
	client_free(&c);
}

static void register_contact_taken_meanwhile(void **state)
{
	struct client a, b;
	struct resp r = { 0 };
	char otp_a[64], otp_b[64], *code_a, *code_b;
	const char *body = "{\"lastName\":\"Орлова\",\"name\":\"Вера\",\"contact\":\"vera@example.ru\","
			   "\"region\":\"Пермский край\",\"password\":\"Vera-2026\"}";
	client_init(&a, &kd);
	client_init(&b, &kd);
	api(&a, &r, "register", "%s", body);
	assert_status(&r, 200);
	snprintf(otp_a, sizeof(otp_a), "%s", resp_str(&r, "otpId"));
	code_a = kd_outbox_code(&kd, "vera@example.ru");
	api(&b, &r, "register", "%s", body);
	assert_status(&r, 200);
	snprintf(otp_b, sizeof(otp_b), "%s", resp_str(&r, "otpId"));
	code_b = kd_outbox_code(&kd, "vera@example.ru");
	assert_non_null(code_a);
	assert_non_null(code_b);
	api(&a, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp_a, code_a);
	assert_status(&r, 200);
	api(&b, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp_b, code_b);
	assert_error(&r, 409, "CONFLICT");
	assert_field(&r, "contact");
	assert_true(session_lost(&b));
	free(code_a);
	free(code_b);
	resp_free(&r);
	client_free(&a);
	client_free(&b);
}

static void register_rules(void **state)
{
	static const struct {
		const char *last, *name, *middle, *contact, *region, *password, *field;
	} cases[] = {
		{ "Smith", "Андрей", "", "+79990001001", "Пермский край", "Good-Pass1", "lastName" },
		{ "Я", "Андрей", "", "+79990001001", "Пермский край", "Good-Pass1", "lastName" },
		{ "Абвгдеёжзийклмнопрстуфхцчшщъыьэ", "Андрей", "", "+79990001001", "Пермский край",
		  "Good-Pass1", "lastName" },
		{ "-Иванов", "Андрей", "", "+79990001001", "Пермский край", "Good-Pass1", "lastName" },
		{ "Иванов-", "Андрей", "", "+79990001001", "Пермский край", "Good-Pass1", "lastName" },
		{ "Ив-ан-ов", "Андрей", "", "+79990001001", "Пермский край", "Good-Pass1", "lastName" },
		{ "Иванов", "Андрей2", "", "+79990001001", "Пермский край", "Good-Pass1", "name" },
		{ "Иванов", "Андрей Юрий", "", "+79990001001", "Пермский край", "Good-Pass1", "name" },
		{ "Иванов", "", "", "+79990001001", "Пермский край", "Good-Pass1", "name" },
		{ "Иванов", "Андрей", "Ilyich", "+79990001001", "Пермский край", "Good-Pass1", "middleName" },
		{ "Иванов", "Андрей", "", "12345", "Пермь", "Good-Pass1", "contact" },
		{ "Иванов", "Андрей", "", "a@b", "Пермь", "Good-Pass1", "contact" },
		{ "Иванов", "Андрей", "", "+79990001001", "", "Good-Pass1", "region" },
		/* Only a name of the list of regions, exactly. */
		{ "Иванов", "Андрей", "", "+79990001001", "perm", "Good-Pass1", "region" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермь", "Good-Pass1", "region" },
		{ "Иванов", "Андрей", "", "+79990001001", "пермский край", "Good-Pass1", "region" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край ", "Good-Pass1", "region" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край", "Short-1", "password" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край", "Much-Too-Long-Pass-21",
		  "password" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край", "no-capital-1", "password" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край", "NoDigitOrSym", "password" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край", "With Space-1", "password" },
		{ "Иванов", "Андрей", "", "+79990001001", "Пермский край", "Пароль-2026A", "password" },
	};
	struct client c;
	struct resp r = { 0 };
	int before = kd_outbox_count(&kd);
	client_init(&c, &kd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		api(&c, &r, "register",
		    "{\"lastName\":\"%s\",\"name\":\"%s\",\"middleName\":\"%s\",\"contact\":\"%s\","
		    "\"region\":\"%s\",\"password\":\"%s\"}", cases[i].last, cases[i].name,
		    cases[i].middle, cases[i].contact, cases[i].region, cases[i].password);
		if (r.status != 422)
			print_message("case %zu\n", i);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, cases[i].field);
	}
	assert_int_equal(kd_outbox_count(&kd), before);
	/* Exactly 30 letters, 8 and 20 characters are within the rules. */
	api(&c, &r, "register",
	    "{\"lastName\":\"Абвгдеёжзийклмнопрстуфхцчшщъыь\",\"name\":\"Ян\","
	    "\"contact\":\"+79990001002\",\"region\":\"Пермский край\",\"password\":\"Abcdefg1\"}");
	assert_status(&r, 200);
	api(&c, &r, "register",
	    "{\"lastName\":\"Ли\",\"name\":\"Ян\",\"contact\":\"+79990001003\",\"region\":\"Пермский край\","
	    "\"password\":\"Abcdefghijklmnopqr~1\"}");
	assert_status(&r, 200);
	c.en = true;
	api(&c, &r, "register",
	    "{\"lastName\":\"Ли\",\"name\":\"Ян\",\"contact\":\"+79990001003\",\"region\":\"Пермский край\","
	    "\"password\":\"abc\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_str(&r, "errorMsg", "The password must be 8 to 20 Latin letters, digits and "
				   "symbols, with at least one capital letter and at least one "
				   "digit or symbol");
	resp_free(&r);
	client_free(&c);
}

/* --- Password reset ------------------------------------------------------------------- */

/* Registers and confirms a profile with that e-mail; the client ends logged in. */
static void register_profile(struct client *c, const char *email, const char *password)
{
	struct resp r = { 0 };
	char otp[64], *code;
	api(c, &r, "register",
	    "{\"lastName\":\"Петрова\",\"name\":\"Ольга\",\"contact\":\"%s\","
	    "\"region\":\"Пермский край\",\"password\":\"%s\"}", email, password);
	assert_status(&r, 200);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, email);
	assert_non_null(code);
	api(c, &r, "confirmRegistration", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	free(code);
	resp_free(&r);
}

static void password_reset(void **state)
{
	struct client c, d;
	struct resp r = { 0 };
	char otp[64], wrong[8], *code;
	client_init(&c, &kd);
	client_init(&d, &kd);
	register_profile(&c, "olga@example.ru", "Olga-2026");
	api(&c, &r, "login", "{\"login\":\"olga@example.ru\",\"passwd\":\"Olga-2026\","
			     "\"remember\":true}");
	assert_status(&r, 200);

	api(&d, &r, "requestPasswordReset", "{\"contact\":\"OLGA@example.ru\"}");
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "resendAfter"), 60);
	assert_false(resp_has(&r, "sentTo"));
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, "olga@example.ru");
	assert_non_null(code);
	other_code(code, wrong);

	api(&d, &r, "resetPassword", "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"weak\"}",
	    otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "newPassword");
	api(&d, &r, "resetPassword",
	    "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"Olga-2027\"}", otp, wrong);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api(&d, &r, "resetPassword",
	    "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"Olga-2027\"}", otp, code);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	/* Reset does not log in; every session and device of the profile is gone. */
	assert_true(session_lost(&d));
	assert_no_session(&c);
	api(&d, &r, "login", "{\"login\":\"olga@example.ru\",\"passwd\":\"Olga-2026\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	client_login(&d, "olga@example.ru", "Olga-2027");
	api(&d, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "devices")), 0);
	api(&d, &r, "resetPassword",
	    "{\"otpId\":\"%s\",\"code\":\"%s\",\"newPassword\":\"Olga-2028\"}", otp, code);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "otpId");
	free(code);
	resp_free(&r);
	client_free(&c);
	client_free(&d);
}

static void password_reset_unknown_contact(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char otp[64];
	int before = kd_outbox_count(&kd);
	client_init(&c, &kd);

	api(&c, &r, "requestPasswordReset", "{\"contact\":\"+7 999 000-77-77\"}");
	assert_status(&r, 200);
	assert_int_equal(resp_int(&r, "resendAfter"), 60);
	assert_non_null(resp_str(&r, "otpId"));
	assert_false(resp_has(&r, "sentTo"));
	assert_int_equal(cJSON_GetArraySize(r.json), 2);
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	assert_int_equal(kd_outbox_count(&kd), before);
	/* Every code is simply wrong. */
	for (int i = 0; i < 2; i++) {
		api(&c, &r, "resetPassword",
		    "{\"otpId\":\"%s\",\"code\":\"%06d\",\"newPassword\":\"Ghost-2026\"}", otp, i);
		assert_error(&r, 422, "VALIDATION");
		assert_field(&r, "code");
	}
	api(&c, &r, "requestPasswordReset", "{\"contact\":\"ghost@example.ru\"}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(r.json), 2);
	api(&c, &r, "requestPasswordReset", "{\"contact\":\"not a contact\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "contact");
	api(&c, &r, "requestPasswordReset", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "contact");
	assert_int_equal(kd_outbox_count(&kd), before);
	resp_free(&r);
	client_free(&c);
}

/* Ten codes an hour to one contact, whether a profile has it or not: the eleventh
 * request is 429 with Retry-After, and nothing more reaches the outbox. */
static void codes_per_contact_are_limited(void **state)
{
	static const char *const contacts[] = { "demo@kabinet.example", "nobody@example.ru" };
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	for (size_t k = 0; k < 2; k++) {
		int sent;
		for (int i = 0; i < 10; i++) {
			api(&c, &r, "requestPasswordReset", "{\"contact\":\"%s\"}", contacts[k]);
			assert_status(&r, 200);
		}
		sent = kd_outbox_count(&kd);
		api(&c, &r, "requestPasswordReset", "{\"contact\":\"%s\"}", contacts[k]);
		assert_error(&r, 429, "RATE_LIMITED");
		assert_true(r.retry_after > 0 && r.retry_after <= 3600);
		assert_int_equal(kd_outbox_count(&kd), sent);
	}
	/* Another contact is not held up. */
	api(&c, &r, "requestPasswordReset", "{\"contact\":\"other@kabinet.example\"}");
	assert_status(&r, 200);
	resp_free(&r);
	client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login_sets_cookies_and_needs_csrf),
		cmocka_unit_test(login_by_email_phone_and_account),
		cmocka_unit_test(wrong_password_same_message),
		cmocka_unit_test(login_missing_fields),
		cmocka_unit_test(lockout_after_five_failures),
		cmocka_unit_test(two_step_login),
		cmocka_unit_test(two_step_three_wrong_codes_void),
		cmocka_unit_test(two_step_resend),
		cmocka_unit_test(two_step_code_expires),
		cmocka_unit_test(session_expires_when_idle),
		cmocka_unit_test(logout_ends_session),
		cmocka_unit_test(remember_token_rotation_and_theft),
		cmocka_unit_test(remember_token_chain),
		cmocka_unit_test(remember_token_replay_within_the_grace_window),
		cmocka_unit_test(remember_token_replay_after_the_window_revokes),
		cmocka_unit_test(remember_token_replay_from_elsewhere_revokes),
		cmocka_unit_test(two_step_remember_keeps_the_device_name),
		cmocka_unit_test(register_attaches_own_account),
		cmocka_unit_test(register_by_email_without_accounts),
		cmocka_unit_test(register_contact_taken_meanwhile),
		cmocka_unit_test(register_rules),
		cmocka_unit_test(password_reset),
		cmocka_unit_test(password_reset_unknown_contact),
		cmocka_unit_test(codes_per_contact_are_limited),
	};
	return cmocka_run_group_tests_name("auth", tests, group_setup, group_teardown);
}
