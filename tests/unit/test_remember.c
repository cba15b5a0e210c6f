/* Unit tests of one remembered login shared by many processes: the lock of a server
 * and login, a loginByToken that waits for it (parked, never blocking) and lets it go
 * only after its answer was taken, the last login per server, the device's name. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabinet/net/api.h"
#include "kabinet/remember.h"

#define SERVER "http://127.0.0.1:8480"
/* Nothing listens there: a call that goes out fails at once. */
#define NOWHERE "http://127.0.0.1:1"

static char dir[] = "/tmp/kabinet-test-remember-XXXXXX";
static char run[300], state[300];

static int make_tmpdir(void **unused)
{
	(void)unused;
	if (!mkdtemp(dir))
		return -1;
	snprintf(run, sizeof(run), "%s/run", dir);
	snprintf(state, sizeof(state), "%s/state", dir);
	mkdir(run, 0700);
	setenv("XDG_RUNTIME_DIR", run, 1);
	setenv("XDG_STATE_HOME", state, 1);
	/* No bus: every keyring call answers "no keyring" at once. */
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	return 0;
}

static int remove_tmpdir(void **unused)
{
	char cmd[128];

	(void)unused;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* --- the lock --- */

static void the_lock_is_one_per_server_and_login(void **unused)
{
	char a[4200], b[4200], c[4200];
	struct stat sb;
	int fd, other;

	(void)unused;
	assert_int_equal(remember_lock_path(SERVER, "demo", a, sizeof(a)), 0);
	assert_int_equal(remember_lock_path(SERVER, "other", b, sizeof(b)), 0);
	assert_int_equal(remember_lock_path("http://127.0.0.1:8481", "demo", c, sizeof(c)), 0);
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strncmp(a, run, strlen(run)), 0);

	assert_int_equal(remember_lock_try(SERVER, "demo", &fd), REMEMBER_LOCK_HELD);
	/* A second holder (another open file, as another process has) waits... */
	assert_int_equal(remember_lock_try(SERVER, "demo", &other), REMEMBER_LOCK_BUSY);
	assert_int_equal(other, -1);
	/* ...another login does not. */
	assert_int_equal(remember_lock_try(SERVER, "other", &other), REMEMBER_LOCK_HELD);
	remember_unlock(other);
	remember_unlock(fd);
	assert_int_equal(remember_lock_try(SERVER, "demo", &other), REMEMBER_LOCK_HELD);
	remember_unlock(other);
	/* The directory is private, the file too. */
	snprintf(c, sizeof(c), "%s/kabinet", run);
	assert_int_equal(stat(c, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(a, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

/* Without $XDG_RUNTIME_DIR (a cron job) the lock is where the session has it when the
 * system made /run/user/UID, else under the state directory. */
static void without_a_runtime_dir_the_state_dir_holds_the_lock(void **unused)
{
	char path[4200], want[400], run_user[64];
	struct stat sb;
	int fd;

	(void)unused;
	unsetenv("XDG_RUNTIME_DIR");
	assert_int_equal(remember_lock_path(SERVER, "demo", path, sizeof(path)), 0);
	snprintf(run_user, sizeof(run_user), "/run/user/%lu", (unsigned long)getuid());
	if (stat(run_user, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == getuid() &&
	    !(sb.st_mode & 077))
		snprintf(want, sizeof(want), "%s/kabinet/login-", run_user);
	else
		snprintf(want, sizeof(want), "%s/kabinet/locks/login-", state);
	assert_int_equal(strncmp(path, want, strlen(want)), 0);
	assert_int_equal(remember_lock_try(SERVER, "demo", &fd), REMEMBER_LOCK_HELD);
	remember_unlock(fd);
	setenv("XDG_RUNTIME_DIR", run, 1);
}

/* --- a loginByToken through the guard --- */

struct probe {
	int takes, busy_for, releases, callbacks;
	bool released_after_callback;
	const char *fresh;
	enum api_fail fail;
};

static enum api_guard_state take(void *ud, char **token)
{
	struct probe *p = ud;

	*token = NULL;
	if (p->takes++ < p->busy_for)
		return API_GUARD_BUSY;
	*token = p->fresh ? strdup(p->fresh) : NULL;
	return API_GUARD_HELD;
}

static void release(void *ud)
{
	struct probe *p = ud;

	p->releases++;
	p->released_after_callback = p->callbacks > 0;
}

static void on_done(void *ud, const struct api_reply *reply)
{
	struct probe *p = ud;

	p->callbacks++;
	p->fail = reply->fail;
}

static struct api *client(void)
{
	char err[256];
	struct api *api = api_new(NOWHERE, "test-client", "en", err, sizeof(err));

	if (!api)
		fail_msg("api_new: %s", err);
	api_set_timeout(api, 5);
	return api;
}

static void run_until(struct api *api, const int *count)
{
	for (int i = 0; i < 2000 && !*count; i++) {
		api_wait(api, -1, 10);
		api_dispatch(api);
	}
}

/* While the guard is busy the call waits (the caller is not blocked), and goes out
 * with the token the guard read; the guard goes only after the answer was taken. */
static void a_token_login_waits_for_the_guard(void **unused)
{
	struct api *api = client();
	struct probe p = { .busy_for = 3, .fresh = "fresh-token" };
	struct api_token_guard g = { take, release, &p };

	(void)unused;
	api_token_guard(api, &g);
	api_set_remember_token(api, "stale-token");
	assert_true(api_login_by_token(api, on_done, &p) > 0);
	assert_int_equal(p.takes, 1);
	assert_int_equal(api_busy(api), 1);
	run_until(api, &p.callbacks);
	assert_int_equal(p.callbacks, 1);
	assert_int_equal(p.takes, 4);
	assert_int_equal(p.fail, API_FAIL_CONNECT);
	assert_string_equal(api_remember_token(api), "fresh-token");
	assert_int_equal(p.releases, 1);
	assert_true(p.released_after_callback);
	api_free(api);
}

/* Esc while it waits: the call ends as cancelled, and nothing was held. */
static void a_waiting_token_login_can_be_cancelled(void **unused)
{
	struct api *api = client();
	struct probe p = { .busy_for = 1000000 };
	struct api_token_guard g = { take, release, &p };

	(void)unused;
	api_token_guard(api, &g);
	api_set_remember_token(api, "token");
	assert_true(api_login_by_token(api, on_done, &p) > 0);
	api_wait(api, -1, 10);
	api_dispatch(api);
	assert_int_equal(p.callbacks, 0);
	api_cancel_all(api);
	assert_int_equal(p.callbacks, 1);
	assert_int_equal(p.fail, API_FAIL_CANCELLED);
	assert_int_equal(p.releases, 0);
	assert_int_equal(api_busy(api), 0);
	api_free(api);
}

/* Two runs of one login: the second's call waits while the first holds the lock, and
 * the lock is free again once its answer came. */
static void the_lock_of_the_login_orders_token_logins(void **unused)
{
	struct api *api = client();
	static const bool keep = true;
	struct remember rm;
	struct probe p = { 0 };
	int other, fd;

	(void)unused;
	remember_init(&rm, NOWHERE, "demo", &keep);
	remember_attach(&rm, api);
	api_set_remember_token(api, "token");
	assert_int_equal(remember_lock_try(NOWHERE, "demo", &other), REMEMBER_LOCK_HELD);
	assert_true(api_login_by_token(api, on_done, &p) > 0);
	for (int i = 0; i < 10; i++) {
		api_wait(api, -1, 10);
		api_dispatch(api);
	}
	assert_int_equal(p.callbacks, 0);
	assert_int_equal(api_busy(api), 1);
	remember_unlock(other);
	run_until(api, &p.callbacks);
	assert_int_equal(p.callbacks, 1);
	/* No keyring here: the call went with this run's token, and failed to connect. */
	assert_int_equal(p.fail, API_FAIL_CONNECT);
	assert_int_equal(remember_lock_try(NOWHERE, "demo", &fd), REMEMBER_LOCK_HELD);
	remember_unlock(fd);
	remember_detach(api);
	api_free(api);
}

/* --- the last login --- */

static void the_last_login_is_kept_per_server(void **unused)
{
	char got[1100], path[4200];
	struct stat sb;

	(void)unused;
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), -1);
	assert_int_equal(remember_set_last_login(SERVER, "demo"), 0);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), 0);
	assert_string_equal(got, "demo");
	assert_int_equal(remember_set_last_login(SERVER, "Иванов@почта.рф"), 0);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), 0);
	assert_string_equal(got, "Иванов@почта.рф");
	/* Another server has its own, or none. */
	assert_int_equal(remember_last_login("http://127.0.0.1:8481", got, sizeof(got)), -1);
	/* Not a secret, but not everyone's to read or to forge. */
	assert_int_equal(remember_last_login_path(SERVER, path, sizeof(path)), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	chmod(path, 0644);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), -1);
	chmod(path, 0600);
	/* A login that is no line is refused, and the kept one stays. */
	assert_int_equal(remember_set_last_login(SERVER, "two\nlines"), -1);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), 0);
	assert_string_equal(got, "Иванов@почта.рф");
	/* Too small a buffer is none, not a cut login. */
	assert_int_equal(remember_last_login(SERVER, got, 4), -1);
	/* logout --forget of another login leaves it; of this one, removes it. */
	assert_int_equal(remember_forget_last_login(SERVER, "demo"), 0);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), 0);
	assert_int_equal(remember_forget_last_login(SERVER, "Иванов@почта.рф"), 0);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), -1);
	assert_int_equal(remember_forget_last_login(SERVER, "Иванов@почта.рф"), 0);
}

static void a_last_login_file_not_ours_is_not_believed(void **unused)
{
	static const char *const bodies[] = {
		"demo\n",					/* no mark */
		"kabinet last login\nhttp://127.0.0.1:9999\ndemo\n",	/* another server */
		"kabinet last login\n" SERVER "\n\n",		/* no login */
		"kabinet last login\n" SERVER "\ndemo\nmore\n",	/* more than one */
		"kabinet last login\n" SERVER "\nde\033mo\n",	/* a control character */
	};
	char got[1100], path[4200], target[400];

	(void)unused;
	snprintf(target, sizeof(target), "%s/target", dir);
	assert_int_equal(remember_last_login_path(SERVER, path, sizeof(path)), 0);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, bodies[i], strlen(bodies[i])), (ssize_t)strlen(bodies[i]));
		close(fd);
		assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), -1);
	}
	unlink(path);
	/* A symlink in its place is not followed. */
	assert_int_equal(remember_set_last_login(SERVER, "demo"), 0);
	rename(path, target);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(remember_last_login(SERVER, got, sizeof(got)), -1);
	unlink(path);
	unlink(target);
}

/* --- the device's name --- */

static void the_system_is_named_from_os_release(void **unused)
{
	char buf[64];

	(void)unused;
	assert_string_equal(remember_os_name("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
					     "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
					     "ID=debian\n", buf, sizeof(buf)),
			    "Debian 12");
	assert_string_equal(remember_os_name("NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\n", buf,
					     sizeof(buf)),
			    "Ubuntu 24.04");
	/* No version (a rolling release): the pretty name. */
	assert_string_equal(remember_os_name("NAME=\"Arch Linux\"\nPRETTY_NAME=\"Arch Linux\"\n",
					     buf, sizeof(buf)),
			    "Arch Linux");
	/* What a terminal would act on goes; too long is cut. */
	assert_string_equal(remember_os_name("NAME=Evil\033]0;x\007\nVERSION_ID=1\n", buf,
					     sizeof(buf)),
			    "Evil ]0;x 1");
	assert_string_equal(remember_os_name("PRETTY_NAME=\"A very long distribution name 2\"\n",
					     buf, sizeof(buf)),
			    "A very long distribu");
	assert_string_equal(remember_os_name("", buf, sizeof(buf)), "");
}

static void the_device_is_named_after_this_computer(void **unused)
{
	char name[128], host[256] = "", want[300];

	(void)unused;
	remember_device_name(name, sizeof(name));
	assert_true(strlen(name) <= 64);
	snprintf(want, sizeof(want), "kabinet %s on ", KABINET_VERSION);
	assert_int_equal(strncmp(name, want, strlen(want)), 0);
	gethostname(host, sizeof(host) - 1);
	host[10] = '\0';
	assert_non_null(strstr(name, host));
	for (const char *c = name; *c; c++)
		assert_true(*c >= 0x20 && *c <= 0x7e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_lock_is_one_per_server_and_login),
		cmocka_unit_test(without_a_runtime_dir_the_state_dir_holds_the_lock),
		cmocka_unit_test(a_token_login_waits_for_the_guard),
		cmocka_unit_test(a_waiting_token_login_can_be_cancelled),
		cmocka_unit_test(the_lock_of_the_login_orders_token_logins),
		cmocka_unit_test(the_last_login_is_kept_per_server),
		cmocka_unit_test(a_last_login_file_not_ours_is_not_believed),
		cmocka_unit_test(the_system_is_named_from_os_release),
		cmocka_unit_test(the_device_is_named_after_this_computer),
	};
	return cmocka_run_group_tests_name("remember", tests, make_tmpdir, remove_tmpdir);
}
