/* The keyring module against a real gnome-keyring-daemon on a private session bus
 * (tests/keyring/run.sh sets up dbus-run-session and a throwaway HOME): store, look
 * up, find with secret-tool, rotate, forget, a locked collection, a daemon restart,
 * one item for every spelling of a server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "kabinet/keyring.h"
#include "kabinet/net/url.h"

#define SERVER "http://127.0.0.1:8480"
#define KEYRING_PASSWORD "kabinet-test"
#define LOGIN_COLLECTION "/org/freedesktop/secrets/collection/login"

static GDBusConnection *bus(void)
{
	static GDBusConnection *conn;

	if (!conn) {
		conn = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
		assert_non_null(conn);
		g_dbus_connection_set_exit_on_close(conn, FALSE);
	}
	return conn;
}

static GVariant *bus_call(const char *method, const char *name)
{
	return g_dbus_connection_call_sync(bus(), "org.freedesktop.DBus", "/org/freedesktop/DBus",
					   "org.freedesktop.DBus", method,
					   g_variant_new("(s)", name), NULL,
					   G_DBUS_CALL_FLAGS_NO_AUTO_START, 2000, NULL, NULL);
}

static bool secrets_owned(void)
{
	GVariant *r = bus_call("NameHasOwner", "org.freedesktop.secrets");
	gboolean owned = FALSE;

	if (r) {
		g_variant_get(r, "(b)", &owned);
		g_variant_unref(r);
	}
	return owned;
}

static pid_t daemon_pid(void)
{
	GVariant *r = bus_call("GetConnectionUnixProcessID", "org.freedesktop.secrets");
	guint32 pid = 0;

	if (r) {
		g_variant_get(r, "(u)", &pid);
		g_variant_unref(r);
	}
	return (pid_t)pid;
}

/* Locks the login collection the way a screen locker would. (secret-tool lock
 * --collection of libsecret 0.20 hangs on an assertion, so not through it.) */
static void lock_login_collection(void)
{
	const char *paths[] = { LOGIN_COLLECTION, NULL };
	GError *e = NULL;
	GVariant *r = g_dbus_connection_call_sync(
		bus(), "org.freedesktop.secrets", "/org/freedesktop/secrets",
		"org.freedesktop.Secret.Service", "Lock", g_variant_new("(^ao)", paths),
		G_VARIANT_TYPE("(aoo)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 2000, NULL, &e);

	if (!r)
		fail_msg("Lock: %s", e->message);
	g_variant_unref(r);
}

static bool process_gone(pid_t pid)
{
	char path[64], buf[512];
	FILE *f;
	size_t n;
	char *p;

	if (kill(pid, 0) != 0 && errno == ESRCH)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return true;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && (p[2] == 'Z' || p[2] == 'X');
}

/* Starts the daemon with the login keyring unlocked (created on the first run) and
 * waits until it owns its bus name, so that no call races it into a second,
 * D-Bus-activated, locked instance. */
static void start_daemon(void)
{
	assert_int_equal(system("printf '" KEYRING_PASSWORD "' | gnome-keyring-daemon --unlock "
				"--components=secrets --daemonize >/dev/null 2>&1"), 0);
	for (int i = 0; i < 1000 && !secrets_owned(); i++)
		usleep(10000);
	assert_true(secrets_owned());
}

static void stop_daemon(void)
{
	pid_t pid = daemon_pid();

	assert_true(pid > 1);
	assert_int_equal(kill(pid, SIGTERM), 0);
	for (int i = 0; i < 1000 && (!process_gone(pid) || secrets_owned()); i++)
		usleep(10000);
	assert_true(process_gone(pid));
	assert_false(secrets_owned());
}

/* Runs a shell command and returns its whole output (static buffer). */
static const char *run(const char *cmd)
{
	static char out[16384];
	FILE *p = popen(cmd, "r");
	size_t n;

	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void expect_token(const char *server, const char *login, const char *want)
{
	struct keyring_status st;
	char *tok = NULL;

	assert_int_equal(keyring_lookup(server, login, &tok, &st), KEYRING_OK);
	assert_string_equal(st.msg, "");
	assert_non_null(tok);
	assert_string_equal(tok, want);
	keyring_free_secret(tok);
}

static void expect_code(const char *server, const char *login, enum keyring_code want)
{
	struct keyring_status st;
	char *tok = (char *)"untouched";

	assert_int_equal(keyring_lookup(server, login, &tok, &st), want);
	assert_int_equal(st.code, want);
	assert_null(tok);
	assert_true(st.msg[0] != '\0');
}

static void store_and_look_up(void **state)
{
	struct keyring_status st;

	assert_int_equal(keyring_store(SERVER, "demo", "tok-1", &st), KEYRING_OK);
	assert_int_equal(st.code, KEYRING_OK);
	expect_token(SERVER, "demo", "tok-1");
	/* Server and login both count. */
	expect_code(SERVER, "other", KEYRING_NOT_FOUND);
	expect_code("http://127.0.0.1:9999", "demo", KEYRING_NOT_FOUND);
}

/* The item's server attribute is matched exactly; the normal form makes two spellings
 * of one server one item. */
static void two_spellings_are_one_item(void **state)
{
	char stored[128], asked[128];
	struct keyring_status st;

	assert_int_equal(url_normalize("HTTP://127.0.0.1:08480//", stored, sizeof(stored), NULL), 0);
	assert_int_equal(url_normalize("http://127.0.0.1:8480", asked, sizeof(asked), NULL), 0);
	assert_int_equal(keyring_store(stored, "spelling", "tok-s", &st), KEYRING_OK);
	expect_token(asked, "spelling", "tok-s");
	expect_token(SERVER, "spelling", "tok-s");
	assert_int_equal(keyring_forget(asked, "spelling", &st), KEYRING_OK);
	expect_code(stored, "spelling", KEYRING_NOT_FOUND);
}

static void secret_tool_finds_it(void **state)
{
	const char *out = run("secret-tool search server '" SERVER "' 2>&1");

	assert_non_null(strstr(out, "label = kabinet: demo @ " SERVER));
	assert_non_null(strstr(out, "schema = org.kabinet.Credential"));
	assert_non_null(strstr(out, "attribute.login = demo"));
	assert_non_null(strstr(out, "attribute.server = " SERVER));
}

static void store_again_rotates(void **state)
{
	struct keyring_status st;
	const char *out;

	assert_int_equal(keyring_store(SERVER, "demo", "tok-2", &st), KEYRING_OK);
	expect_token(SERVER, "demo", "tok-2");
	/* Replaced, not added: one item for the pair. */
	out = run("secret-tool search --all server '" SERVER "' login demo 2>&1");
	assert_int_equal(count(out, "attribute.login = demo"), 1);
	assert_null(strstr(out, "tok-1"));
	/* Another login on the same server is an item of its own. */
	assert_int_equal(keyring_store(SERVER, "demo2", "tok-x", &st), KEYRING_OK);
	expect_token(SERVER, "demo", "tok-2");
	expect_token(SERVER, "demo2", "tok-x");
	out = run("secret-tool search --all server '" SERVER "' 2>&1");
	assert_int_equal(count(out, "schema = org.kabinet.Credential"), 2);
}

static void forget_removes_it(void **state)
{
	struct keyring_status st;

	assert_int_equal(keyring_forget(SERVER, "demo", &st), KEYRING_OK);
	expect_code(SERVER, "demo", KEYRING_NOT_FOUND);
	assert_int_equal(keyring_forget(SERVER, "demo", &st), KEYRING_NOT_FOUND);
	assert_null(strstr(run("secret-tool search --all server '" SERVER "' login demo 2>&1"),
			   "attribute"));
	/* The other login's token is untouched. */
	expect_token(SERVER, "demo2", "tok-x");
	assert_int_equal(keyring_forget(SERVER, "demo2", &st), KEYRING_OK);
}

static void obtain_uses_the_keyring(void **state)
{
	struct keyring_opts opts = { 0 };
	struct keyring_cred cred;
	struct keyring_status st;

	assert_int_equal(keyring_store(SERVER, "obtain", "tok-o", &st), KEYRING_OK);
	assert_int_equal(keyring_obtain(&opts, SERVER, "obtain", &cred, &st), KEYRING_OK);
	assert_int_equal(cred.kind, KEYRING_CRED_TOKEN);
	assert_int_equal(cred.from, KEYRING_STORE_KEYRING);
	assert_string_equal(cred.secret, "tok-o");
	keyring_cred_clear(&cred);
	assert_int_equal(keyring_obtain(&opts, SERVER, "nobody", &cred, &st), KEYRING_NOT_FOUND);
	assert_int_equal(cred.kind, KEYRING_CRED_NONE);
	/* --no-keyring does not even look. */
	opts.no_keyring = true;
	assert_int_equal(keyring_obtain(&opts, SERVER, "obtain", &cred, &st), KEYRING_NOT_FOUND);
	assert_null(cred.secret);
	assert_int_equal(keyring_forget(SERVER, "obtain", &st), KEYRING_OK);
}

static void survives_daemon_restart(void **state)
{
	struct keyring_status st;

	assert_int_equal(keyring_store(SERVER, "restart", "tok-r", &st), KEYRING_OK);
	stop_daemon();
	start_daemon();
	expect_token(SERVER, "restart", "tok-r");
	/* ... and still rotates and forgets on the new daemon. */
	assert_int_equal(keyring_store(SERVER, "restart", "tok-r2", &st), KEYRING_OK);
	expect_token(SERVER, "restart", "tok-r2");
	assert_int_equal(keyring_forget(SERVER, "restart", &st), KEYRING_OK);
}

static void locked_collection_reported(void **state)
{
	struct keyring_status st;
	char *tok = NULL;

	assert_int_equal(keyring_probe(&st), KEYRING_OK);
	assert_int_equal(keyring_store(SERVER, "locked", "tok-l", &st), KEYRING_OK);
	lock_login_collection();
	/* A token could not be kept now: "remember me" is not offered. */
	assert_int_equal(keyring_probe(&st), KEYRING_LOCKED);
	/* A plain lookup would say "not found" here. */
	assert_int_equal(keyring_lookup(SERVER, "locked", &tok, &st), KEYRING_LOCKED);
	assert_null(tok);
	assert_non_null(strstr(st.msg, "locked"));
	/* Nothing stored there either, whether or not there is an item already. */
	assert_int_equal(keyring_lookup(SERVER, "absent", &tok, &st), KEYRING_LOCKED);
	assert_int_equal(keyring_store(SERVER, "locked", "tok-l2", &st), KEYRING_LOCKED);
	assert_int_equal(keyring_forget(SERVER, "locked", &st), KEYRING_LOCKED);

	/* Unlocked again (the daemon's --unlock), the old token is still there. */
	stop_daemon();
	start_daemon();
	expect_token(SERVER, "locked", "tok-l");
	assert_int_equal(keyring_forget(SERVER, "locked", &st), KEYRING_OK);
	assert_int_equal(keyring_probe(&st), KEYRING_OK);
}

static void glib_said_nothing_on_stderr(void **state)
{
	char buf[512];

	/* Whatever GLib or libsecret had to say went to the buffer; print it for the
	 * log of the run, it is not a failure in itself. */
	if (keyring_log_take(buf, sizeof(buf)))
		print_message("GLib said: %s\n", buf);
}

static int setup(void **state)
{
	keyring_init();
	start_daemon();
	return 0;
}

static int teardown(void **state)
{
	if (secrets_owned())
		stop_daemon();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_and_look_up),
		cmocka_unit_test(two_spellings_are_one_item),
		cmocka_unit_test(secret_tool_finds_it),
		cmocka_unit_test(store_again_rotates),
		cmocka_unit_test(forget_removes_it),
		cmocka_unit_test(obtain_uses_the_keyring),
		cmocka_unit_test(survives_daemon_restart),
		cmocka_unit_test(locked_collection_reported),
		cmocka_unit_test(glib_said_nothing_on_stderr),
	};

	setenv("LANGUAGE", "en", 1);
	if (!getenv("DBUS_SESSION_BUS_ADDRESS")) {
		fprintf(stderr, "test_keyring_real: run it through tests/keyring/run.sh\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
