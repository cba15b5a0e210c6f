/* API tests of the operator's staff: `kabinetd admin staff` (add, list, disable, reset,
 * code; the password only on standard input) and the staff API (/staff-api/): the login
 * with the authenticator's code (right, wrong, replayed, a step off either way, two
 * steps off), the lockout, logout, CSRF, idle and absolute expiry, a disabled account,
 * and neither API taking the other's session. The codes are computed here as an
 * authenticator would (totp.c, linked in), from the secret the admin command printed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "kabinet/server/totp.h"

#define STAFF_PASSWORD "Staff-2026"
#define SUPPORT1_SECRET "KABINETSUPPORTDEMOSECRETTOTPKEYA"
#define OFFICE1_SECRET "KABINETOFFICEDEMOSECRETTOTPKEYAB"

KD_GROUP(kd);

/* --- Helpers ---------------------------------------------------------------------------- */

/* `kabinetd admin staff --db DB ARGS...` (NULL-terminated) with `input` on standard input;
 * its standard output into out (size bytes). Returns the exit status. */
static int staff_admin(const char *input, char *out, size_t size, ...)
{
	const char *argv[24] = { kd_binary(), "admin", "staff", "--db", kd.db };
	int n = 5, in[2], outp[2], status;
	size_t got = 0;
	ssize_t r;
	va_list ap;
	pid_t pid;

	va_start(ap, size);
	while (n < 23 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(outp), 0);
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		close(in[1]);
		close(outp[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	if (input && write(in[1], input, strlen(input)) < 0)
		fail();
	close(in[1]);
	while (got + 1 < size && (r = read(outp[0], out + got, size - 1 - got)) > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(outp[0]);
	assert_true(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The value after "secret: " in the admin command's output (32 bytes + NUL). */
static void printed_secret(const char *out, char *secret)
{
	const char *p = strstr(out, "secret: ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "secret: %32s", secret), 1);
	assert_int_equal(strlen(secret), 32);
}

/* Adds a member of staff with the password, the secret printed into secret. */
static void add_staff(const char *login, const char *role, const char *password, char *secret)
{
	char out[1024], input[64];
	snprintf(input, sizeof(input), "%s\n", password);
	assert_int_equal(staff_admin(input, out, sizeof(out), "add", login, "--name",
				     "Тестов Тест", "--role", role, NULL), 0);
	printed_secret(out, secret);
}

/* Puts a cookie into the client's jar, as if the server had set it. */
static void plant_cookie(struct client *c, const char *path, const char *name, const char *value)
{
	char line[300];
	snprintf(line, sizeof(line), "127.0.0.1\tFALSE\t%s\tFALSE\t0\t%s\t%s", path, name, value);
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, line);
}

/* The authenticator's code for secret at a step. */
static const char *code_of_step(const char *secret, int64_t step, char *code)
{
	unsigned char key[64];
	int n = totp_base32_decode(secret, key, sizeof(key));
	assert_true(n > 0);
	assert_int_equal(totp_code(key, (size_t)n, step, TOTP_DIGITS, code), 0);
	return code;
}

/* The same at the step `offset` steps from now's. */
static const char *code_at(const char *secret, int64_t now, int offset, char *code)
{
	return code_of_step(secret, totp_step(now) + offset, code);
}

/* Now, at least 10 seconds before the next step begins, so that the server (on the same
 * clock) is still in the same step when the code arrives. */
static int64_t steady_now(void)
{
	while (time(NULL) % TOTP_STEP >= TOTP_STEP - 10)
		msleep(250);
	return (int64_t)time(NULL);
}

/* staffLogin with the password (asserting its second step); the handle into login_id. */
static void first_step(struct client *c, const char *login, const char *password, char *login_id)
{
	struct resp r = { 0 };
	api_staff(c, &r, "staffLogin", "{\"login\":\"%s\",\"passwd\":\"%s\"}", login, password);
	assert_status(&r, 200);
	assert_str(&r, "status", "TOTP_REQUIRED");
	snprintf(login_id, 64, "%s", resp_str(&r, "loginId"));
	resp_free(&r);
}

/* Both steps with the code of `offset` steps; the answer in r. */
static long login_with(struct client *c, struct resp *r, const char *login, const char *secret,
		       int offset)
{
	char login_id[64], code[8];
	first_step(c, login, STAFF_PASSWORD, login_id);
	code_at(secret, steady_now(), offset, code);
	return api_staff(c, r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}",
			 login_id, code);
}

/* The first step of the window (one either side of now's) later than the login's last
 * accepted step, as a person would wait for the next code: the server takes no code
 * twice, and tests log in to one account several times a minute. */
static int free_offset(const char *login)
{
	char sql[160];
	int64_t last, now;
	snprintf(sql, sizeof(sql), "SELECT totp_step FROM staff WHERE login = '%s'", login);
	last = kd_sql_int(&kd, sql);
	for (;;) {
		now = totp_step(steady_now());
		for (int offset = -1; offset <= 1; offset++)
			if (now + offset > last)
				return offset;
		while (totp_step((int64_t)time(NULL)) == now)
			msleep(250);
	}
}

static void staff_login(struct client *c, const char *login, const char *secret)
{
	struct resp r = { 0 };
	login_with(c, &r, login, secret, free_offset(login));
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_str(&r, "login", login);
	resp_free(&r);
}

/* staffCheckSession's answer: 200 with the login, or 401. */
static void assert_staff_session(struct client *c, const char *login)
{
	struct resp r = { 0 };
	api_staff(c, &r, "staffCheckSession", "{}");
	if (login) {
		assert_status(&r, 200);
		assert_str(&r, "login", login);
	} else {
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	resp_free(&r);
}

/* --- kabinetd admin staff --------------------------------------------------------------- */

static void admin_add_prints_the_secret_and_lists(void **state)
{
	char out[1024], secret[40], uri[300];
	/* The password never comes from argv: none, empty or weak on stdin is refused. */
	assert_int_not_equal(staff_admin(NULL, out, sizeof(out), "add", "newbie", "--name", "Н",
					 "--role", "support", NULL), 0);
	assert_int_not_equal(staff_admin("\n", out, sizeof(out), "add", "newbie", "--name", "Н",
					 "--role", "support", NULL), 0);
	assert_int_not_equal(staff_admin("password\n", out, sizeof(out), "add", "newbie", "--name",
					 "Н", "--role", "support", NULL), 0);
	assert_int_not_equal(staff_admin("Newbie-2026\n", out, sizeof(out), "add", "newbie",
					 "--name", "Н", "--role", "boss", NULL), 0);
	assert_int_not_equal(staff_admin("Newbie-2026\n", out, sizeof(out), "add", "Bad Login",
					 "--name", "Н", "--role", "support", NULL), 0);
	assert_int_equal(staff_admin(NULL, out, sizeof(out), "list", NULL), 0);
	assert_null(strstr(out, "newbie"));

	assert_int_equal(staff_admin("Newbie-2026\n", out, sizeof(out), "add", "newbie", "--name",
				     "Новиков Антон", "--role", "office", NULL), 0);
	printed_secret(out, secret);
	snprintf(uri, sizeof(uri), "uri: otpauth://totp/kabinet:newbie?secret=%s&issuer=kabinet"
		 "&algorithm=SHA1&digits=6&period=30\n", secret);
	assert_non_null(strstr(out, uri));
	/* Twice is refused. */
	assert_int_not_equal(staff_admin("Newbie-2026\n", out, sizeof(out), "add", "newbie",
					 "--name", "Н", "--role", "support", NULL), 0);
	assert_int_equal(staff_admin(NULL, out, sizeof(out), "list", NULL), 0);
	assert_non_null(strstr(out, "newbie\tНовиков Антон\toffice\tactive\n"));
	assert_non_null(strstr(out, "office1\tФёдоров Максим\toffice\tactive\n"));
	assert_non_null(strstr(out, "support1\tОрлова Елена\tsupport\tactive\n"));
	/* Nothing of the password is kept in clear. */
	assert_int_equal(kd_sql_int(&kd, "SELECT COUNT(*) FROM staff WHERE login = 'newbie' "
					 "AND pwhash LIKE '$argon2id$%'"), 1);
}

static void demo_staff_log_in_with_their_documented_secrets(void **state)
{
	struct client s, o;
	struct resp r = { 0 };
	char out[64], login_id[64];

	client_init(&s, &kd);
	client_init(&o, &kd);
	staff_login(&s, "support1", SUPPORT1_SECRET);
	api_staff(&s, &r, "staffCheckSession", "{}");
	assert_status(&r, 200);
	assert_str(&r, "login", "support1");
	assert_str(&r, "name", "Орлова Елена");
	assert_str(&r, "role", "support");

	/* The code the admin command prints is one the server takes. */
	first_step(&o, "office1", STAFF_PASSWORD, login_id);
	steady_now();
	assert_int_equal(staff_admin(NULL, out, sizeof(out), "code", "office1", NULL), 0);
	out[strcspn(out, "\n")] = '\0';
	assert_int_equal(strlen(out), 6);
	api_staff(&o, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  out);
	assert_status(&r, 200);
	assert_str(&r, "role", "office");
	assert_staff_session(&o, "office1");
	assert_int_not_equal(staff_admin(NULL, out, sizeof(out), "code", "nobody", NULL), 0);
	resp_free(&r);
	client_free(&s);
	client_free(&o);
}

static void reset_gives_a_new_password_and_secret(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char old[40], fresh[40], out[1024];

	client_init(&c, &kd);
	add_staff("resetme", "support", STAFF_PASSWORD, old);
	staff_login(&c, "resetme", old);
	assert_int_not_equal(staff_admin("weak\n", out, sizeof(out), "reset", "resetme", NULL), 0);
	assert_staff_session(&c, "resetme");
	assert_int_equal(staff_admin("Fresh-2026\n", out, sizeof(out), "reset", "resetme", NULL), 0);
	printed_secret(out, fresh);
	assert_string_not_equal(old, fresh);
	/* The reset ends the sessions; the old password is wrong now. */
	assert_staff_session(&c, NULL);
	api_staff(&c, &r, "staffLogin",
		  "{\"login\":\"resetme\",\"passwd\":\"" STAFF_PASSWORD "\"}");
	assert_error(&r, 401, "UNAUTHORIZED");
	assert_int_not_equal(staff_admin("Fresh-2026\n", out, sizeof(out), "reset", "nobody", NULL), 0);
	resp_free(&r);
	client_free(&c);
}

static void disable_ends_sessions_and_logins(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char secret[40], out[1024];

	client_init(&c, &kd);
	add_staff("leaver", "office", STAFF_PASSWORD, secret);
	staff_login(&c, "leaver", secret);
	assert_staff_session(&c, "leaver");
	assert_int_equal(staff_admin(NULL, out, sizeof(out), "disable", "leaver", NULL), 0);
	assert_staff_session(&c, NULL);
	api_staff(&c, &r, "staffLogin", "{\"login\":\"leaver\",\"passwd\":\"" STAFF_PASSWORD "\"}");
	assert_error(&r, 403, "FORBIDDEN");
	assert_int_equal(staff_admin(NULL, out, sizeof(out), "list", NULL), 0);
	assert_non_null(strstr(out, "leaver\tТестов Тест\toffice\tdisabled\n"));
	resp_free(&r);
	client_free(&c);
}

/* --- The code ----------------------------------------------------------------------------- */

static void a_step_off_either_way_is_taken_and_a_code_only_once(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char secret[40], login_id[64], code[8];
	int64_t last;

	client_init(&c, &kd);
	add_staff("window", "support", STAFF_PASSWORD, secret);
	/* The step before, this one, the one after: in that order, each later than the last. */
	for (int offset = -1; offset <= 1; offset++) {
		login_with(&c, &r, "window", secret, offset);
		assert_status(&r, 200);
		assert_staff_session(&c, "window");
	}
	/* The code just taken, again: a replay. */
	last = kd_sql_int(&kd, "SELECT totp_step FROM staff WHERE login = 'window'");
	first_step(&c, "window", STAFF_PASSWORD, login_id);
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code_of_step(secret, last, code));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	assert_str(&r, "errorMsg", "Этот код уже использован, дождитесь следующего");
	/* And the step's before it: refused too. */
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code_of_step(secret, last - 1, code));
	assert_error(&r, 422, "VALIDATION");
	resp_free(&r);
	client_free(&c);
}

static void two_steps_off_and_wrong_codes_are_refused(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char secret[40], login_id[64], code[8];
	int64_t now;

	client_init(&c, &kd);
	add_staff("drift", "support", STAFF_PASSWORD, secret);
	first_step(&c, "drift", STAFF_PASSWORD, login_id);
	now = steady_now();
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code_at(secret, now, -2, code));
	assert_error(&r, 422, "VALIDATION");
	assert_str(&r, "errorMsg", "Неверный код");
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code_at(secret, now, 2, code));
	assert_error(&r, 422, "VALIDATION");
	/* The third wrong code voids the handle: even the right code is late then. */
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"12345\"}", login_id);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "code");
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code_at(secret, steady_now(), 0, code));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "loginId");
	assert_staff_session(&c, NULL);
	/* Nor is a handle an expired one. */
	first_step(&c, "drift", STAFF_PASSWORD, login_id);
	kd_sql(&kd, "UPDATE staff_logins SET expires_at = expires_at - 300");
	api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code_at(secret, steady_now(), 0, code));
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "loginId");
	resp_free(&r);
	client_free(&c);
}

static void lockout_after_five_failures(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char secret[40], other[40], login_id[64];

	client_init(&c, &kd);
	add_staff("locked", "support", STAFF_PASSWORD, secret);
	/* Wrong passwords and wrong codes count alike. */
	for (int i = 0; i < 3; i++) {
		api_staff(&c, &r, "staffLogin", "{\"login\":\"locked\",\"passwd\":\"Wrong-2026\"}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	first_step(&c, "locked", STAFF_PASSWORD, login_id);
	for (int i = 0; i < 2; i++) {
		api_staff(&c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"00000%d\"}",
			  login_id, i);
		assert_status(&r, 422);
	}
	api_staff(&c, &r, "staffLogin", "{\"login\":\"locked\",\"passwd\":\"" STAFF_PASSWORD "\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 0 && r.retry_after <= 900);
	/* Another member of staff is not held up. */
	add_staff("bystander", "support", STAFF_PASSWORD, other);
	staff_login(&c, "bystander", other);
	/* The window over, the login goes through. */
	kd_sql(&kd, "UPDATE login_failures SET at = at - 900 WHERE login_key = 'staff:locked'");
	staff_login(&c, "locked", secret);
	resp_free(&r);
	client_free(&c);
}

/* --- Sessions ----------------------------------------------------------------------------- */

static void logout_and_csrf(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char cookie[128];

	client_init(&c, &kd);
	staff_login(&c, "office1", OFFICE1_SECRET);
	client_cookie(&c, "STAFF-SESSION", cookie, sizeof(cookie));
	assert_true(cookie[0] != '\0');
	c.no_csrf = true;
	api_staff(&c, &r, "staffCheckSession", "{}");
	assert_error(&r, 403, "CSRF");
	api_staff(&c, &r, "staffLogout", "{}");
	assert_error(&r, 403, "CSRF");
	c.no_csrf = false;
	api_staff(&c, &r, "staffLogout", "{}");
	assert_status(&r, 200);
	client_cookie(&c, "STAFF-SESSION", cookie, sizeof(cookie));
	assert_string_equal(cookie, "");
	assert_staff_session(&c, NULL);
	api_staff(&c, &r, "noSuchMethod", "{}");
	assert_error(&r, 404, "NOT_FOUND");
	/* The subscribers' methods are not under /staff-api/, nor the staff's under theirs. */
	api_staff(&c, &r, "login", "{\"login\":\"demo\",\"passwd\":\"Kabinet-2026\"}");
	assert_error(&r, 404, "NOT_FOUND");
	api(&c, &r, "staffLogin", "{\"login\":\"office1\",\"passwd\":\"" STAFF_PASSWORD "\"}");
	assert_error(&r, 404, "NOT_FOUND");
	resp_free(&r);
	client_free(&c);
}

static void idle_and_absolute_expiry(void **state)
{
	struct client c, d;
	struct resp r = { 0 };
	char secret[40];

	client_init(&c, &kd);
	client_init(&d, &kd);
	add_staff("idler", "office", STAFF_PASSWORD, secret);
	staff_login(&c, "support1", SUPPORT1_SECRET);
	staff_login(&d, "idler", secret);
	/* 14 minutes idle: alive; staffCheckSession only looks, it keeps nothing alive. */
	kd_sql(&kd, "UPDATE staff_sessions SET last_seen = last_seen - 840");
	assert_staff_session(&c, "support1");
	assert_staff_session(&d, "idler");
	/* 15: over. */
	kd_sql(&kd, "UPDATE staff_sessions SET last_seen = last_seen - 60 WHERE staff_id = "
		    "(SELECT id FROM staff WHERE login = 'support1')");
	assert_staff_session(&c, NULL);
	assert_staff_session(&d, "idler");
	/* Busy all along, but 8 hours since the login: over too. */
	kd_sql(&kd, "UPDATE staff_sessions SET created_at = created_at - 28800, "
		    "last_seen = strftime('%s', 'now')");
	assert_staff_session(&d, NULL);
	api_staff(&d, &r, "staffLogout", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
	client_free(&c);
	client_free(&d);
}

static void neither_api_takes_the_other_session(void **state)
{
	struct client sub, st, forged;
	struct resp r = { 0 };
	char token[128], csrf[128], secret[40];

	client_init(&sub, &kd);
	client_init(&st, &kd);
	add_staff("crosser", "support", STAFF_PASSWORD, secret);
	client_login(&sub, "demo", "Kabinet-2026");
	staff_login(&st, "crosser", secret);
	/* Each client as it is: the other API sees no session. */
	assert_staff_session(&sub, NULL);
	api(&st, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");

	/* A subscriber's token and CSRF value presented as a staff session. */
	client_init(&forged, &kd);
	client_cookie(&sub, "SESSION", token, sizeof(token));
	client_cookie(&sub, "CSRF-TOKEN", csrf, sizeof(csrf));
	plant_cookie(&forged, "/staff-api", "STAFF-SESSION", token);
	plant_cookie(&forged, "/staff-api", "STAFF-CSRF-TOKEN", csrf);
	assert_staff_session(&forged, NULL);
	client_free(&forged);

	/* A staff token and CSRF value presented as a subscriber's session. */
	client_init(&forged, &kd);
	client_cookie(&st, "STAFF-SESSION", token, sizeof(token));
	client_cookie(&st, "STAFF-CSRF-TOKEN", csrf, sizeof(csrf));
	plant_cookie(&forged, "/", "SESSION", token);
	plant_cookie(&forged, "/", "CSRF-TOKEN", csrf);
	snprintf(forged.csrf, sizeof(forged.csrf), "%s", csrf);
	api(&forged, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	client_free(&forged);

	/* Both sessions still live for their own API. */
	assert_staff_session(&st, "crosser");
	api(&sub, &r, "getProfile", "{}");
	assert_status(&r, 200);
	assert_str(&r, "login", "demo");
	resp_free(&r);
	client_free(&sub);
	client_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(admin_add_prints_the_secret_and_lists),
		cmocka_unit_test(demo_staff_log_in_with_their_documented_secrets),
		cmocka_unit_test(reset_gives_a_new_password_and_secret),
		cmocka_unit_test(disable_ends_sessions_and_logins),
		cmocka_unit_test(a_step_off_either_way_is_taken_and_a_code_only_once),
		cmocka_unit_test(two_steps_off_and_wrong_codes_are_refused),
		cmocka_unit_test(lockout_after_five_failures),
		cmocka_unit_test(logout_and_csrf),
		cmocka_unit_test(idle_and_absolute_expiry),
		cmocka_unit_test(neither_api_takes_the_other_session),
	};
	return cmocka_run_group_tests_name("staff", tests, group_setup, group_teardown);
}
