/* Unit tests of the credential module without a keyring daemon: the password command,
 * the no-bus path, loading the Secret Service plugin, GLib's log capture, process
 * hardening, and the per-installation state (client_uuid). The real Secret Service is
 * tested in tests/keyring/.
 * This process itself never loads the plugin (forked children do): a GDBus worker
 * thread in it would not survive the later fork()s. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "kabinet/diag.h"
#include "kabinet/keyring.h"
#include "kabinet/state.h"

static char tmpdir[64];

/* In a forked child: exits with the line of the first check that fails. */
#define CHILD_CHECK(c)                          \
	do {                                    \
		if (!(c))                       \
			_exit(1 + __LINE__ % 255); \
	} while (0)

static int child_status(pid_t pid)
{
	int status;

	assert_true(pid >= 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kabinet-keyring-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path, size_t *len)
{
	static char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- password command ---- */

static void command_prints_password(void **state)
{
	struct keyring_status st;
	char *pw = NULL;

	assert_int_equal(keyring_password_command("printf 'Secret-1\\n'", &pw, &st), KEYRING_OK);
	assert_int_equal(st.code, KEYRING_OK);
	assert_string_equal(pw, "Secret-1");
	assert_string_equal(st.msg, "");
	keyring_free_secret(pw);

	/* No newline at the end, and a CRLF one, are both fine. */
	assert_int_equal(keyring_password_command("printf 'Secret-2'", &pw, &st), KEYRING_OK);
	assert_string_equal(pw, "Secret-2");
	keyring_free_secret(pw);
	assert_int_equal(keyring_password_command("printf 'p@ss w0rd\\r\\n'", &pw, &st), KEYRING_OK);
	assert_string_equal(pw, "p@ss w0rd");
	keyring_free_secret(pw);
}

static void command_first_line_only(void **state)
{
	struct keyring_status st;
	char *pw = NULL;

	/* pass(1) prints the password first and other fields after it. */
	assert_int_equal(keyring_password_command("printf 'Line-1\\nlogin: demo\\nurl: x\\n'",
						  &pw, &st), KEYRING_OK);
	assert_string_equal(pw, "Line-1");
	keyring_free_secret(pw);
}

static void command_failure_is_an_error(void **state)
{
	struct keyring_status st;
	char *pw = (char *)"untouched";

	assert_int_equal(keyring_password_command(
				 "echo 'Error: demo is not in the password store.' >&2; exit 3",
				 &pw, &st), KEYRING_ERROR);
	assert_null(pw);
	assert_int_equal(st.code, KEYRING_ERROR);
	assert_non_null(strstr(st.msg, "exit status 3"));
	assert_non_null(strstr(st.msg, "demo is not in the password store."));

	/* A failing command's output is not taken as a password, nor shown. */
	assert_int_equal(keyring_password_command("echo Leaked-1; echo Leaked-1 >&2; exit 1",
						  &pw, &st), KEYRING_ERROR);
	assert_null(pw);
	assert_null(strstr(st.msg, "Leaked-1"));

	assert_int_equal(keyring_password_command("exit 0", &pw, &st), KEYRING_ERROR);
	assert_null(pw);
	assert_non_null(strstr(st.msg, "no password"));

	assert_int_equal(keyring_password_command("kill -TERM $$", &pw, &st), KEYRING_ERROR);
	assert_non_null(strstr(st.msg, "signal 15"));

	assert_int_equal(keyring_password_command("", &pw, &st), KEYRING_ERROR);
	assert_int_equal(keyring_password_command("/nonexistent/pass-cmd", &pw, &st), KEYRING_ERROR);
	assert_non_null(strstr(st.msg, "exit status 127"));
}

/* Is pid gone (or only a zombie waiting for its reaper)? */
static int process_gone(pid_t pid)
{
	char path[64], *stat;

	if (kill(pid, 0) != 0 && errno == ESRCH)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	stat = slurp(path, NULL);
	if (!stat)
		return 1;
	stat = strrchr(stat, ')');
	return stat && stat[1] == ' ' && (stat[2] == 'Z' || stat[2] == 'X');
}

static void command_killed_after_bound(void **state)
{
	struct keyring_status st;
	char *pw = NULL, pidfile[128], cmd[256], *text;
	pid_t sleeper;

	keyring_set_bounds(0, 2000);
	snprintf(pidfile, sizeof(pidfile), "%s/sleeper.pid", tmpdir);
	/* The sleep is a grandchild: the whole process group must go. */
	snprintf(cmd, sizeof(cmd), "sleep 60 & echo $! >'%s'; wait", pidfile);
	assert_int_equal(keyring_password_command(cmd, &pw, &st), KEYRING_TIMEOUT);
	keyring_set_bounds(0, KEYRING_COMMAND_MS);
	assert_null(pw);
	assert_int_equal(st.code, KEYRING_TIMEOUT);
	assert_non_null(strstr(st.msg, "did not finish"));
	text = slurp(pidfile, NULL);
	assert_non_null(text);
	sleeper = (pid_t)atoi(text);
	assert_true(sleeper > 1);
	/* SIGKILL is delivered at once; reparenting and reaping may take a moment. */
	for (int i = 0; i < 500 && !process_gone(sleeper); i++)
		usleep(10000);
	assert_true(process_gone(sleeper));
}

static void command_left_running_in_background(void **state)
{
	struct keyring_status st;
	char *pw = NULL;

	/* It answered and exited; a child it left behind holding stdout open must not
	 * keep us waiting until the bound. */
	keyring_set_bounds(0, 30000);
	assert_int_equal(keyring_password_command("printf 'Bg-1\\n'; sleep 30 &", &pw, &st),
			 KEYRING_OK);
	keyring_set_bounds(0, KEYRING_COMMAND_MS);
	assert_string_equal(pw, "Bg-1");
	keyring_free_secret(pw);
}

static void command_still_running_after_its_line(void **state)
{
	struct keyring_status st;
	char *pw = NULL;

	/* Only taking the line at once can answer within the bound: today's wait for
	 * the exit would time out. */
	keyring_set_bounds(0, 20000);
	assert_int_equal(keyring_password_command("printf 'Pw-1\\n'; sleep 30", &pw, &st),
			 KEYRING_OK);
	assert_string_equal(pw, "Pw-1");
	keyring_free_secret(pw);

	/* Writes on into the pipe we closed: SIGPIPE is not a failure. */
	assert_int_equal(keyring_password_command("yes Pw-2", &pw, &st), KEYRING_OK);
	assert_string_equal(pw, "Pw-2");
	keyring_free_secret(pw);
	/* The same through a shell, which exits with 128 + SIGPIPE. */
	assert_int_equal(keyring_password_command("yes Pw-3 | cat", &pw, &st), KEYRING_OK);
	assert_string_equal(pw, "Pw-3");
	keyring_free_secret(pw);
	keyring_set_bounds(0, KEYRING_COMMAND_MS);

	/* Exiting at once after the line still has its status counted. */
	pw = (char *)"untouched";
	assert_int_equal(keyring_password_command("printf 'Pw-4\\n'; echo 'no luck' >&2; exit 3",
						  &pw, &st), KEYRING_ERROR);
	assert_null(pw);
	assert_non_null(strstr(st.msg, "exit status 3"));
	assert_non_null(strstr(st.msg, "no luck"));
	assert_null(strstr(st.msg, "Pw-4"));
}

/* Runs cmd, which writes "shell-pid child-pid" to tmpdir/group.pid before its line,
 * and checks that both are gone afterwards. */
static void left_nothing_behind(const char *cmd, const char *want)
{
	struct keyring_status st;
	char *pw = NULL, pidfile[128], full[512], *text;
	int shell = 0, child = 0;

	snprintf(pidfile, sizeof(pidfile), "%s/group.pid", tmpdir);
	unlink(pidfile);
	snprintf(full, sizeof(full), cmd, pidfile);
	keyring_set_bounds(0, 20000);
	assert_int_equal(keyring_password_command(full, &pw, &st), KEYRING_OK);
	keyring_set_bounds(0, KEYRING_COMMAND_MS);
	assert_string_equal(pw, want);
	keyring_free_secret(pw);
	text = slurp(pidfile, NULL);
	assert_non_null(text);
	assert_int_equal(sscanf(text, "%d %d", &shell, &child), 2);
	assert_true(shell > 1 && child > 1);
	/* The shell was ours to reap; the child is reparented, then reaped. */
	assert_int_equal(kill(shell, 0), -1);
	assert_int_equal(errno, ESRCH);
	for (int i = 0; i < 500 && !process_gone(child); i++)
		usleep(10000);
	assert_true(process_gone(child));
}

static void command_stopped_after_its_line(void **state)
{
	left_nothing_behind("sleep 30 & echo $$ $! >'%s'; printf 'Pw-5\\n'; wait", "Pw-5");
	/* Deaf to SIGTERM: SIGKILL after the grace. */
	left_nothing_behind("trap '' TERM; sleep 30 & echo $$ $! >'%s'; printf 'Pw-6\\n'; wait",
			    "Pw-6");
}

static void command_sees_no_secret_and_no_fds(void **state)
{
	struct keyring_status st;
	char *pw = NULL, secret[128], out[128], cmd[1024], *text;
	size_t len = 0;
	/* A descriptor of ours that is not close-on-exec, like the terminal's. */
	int leak = dup2(STDERR_FILENO, 47);

	assert_int_equal(leak, 47);
	snprintf(secret, sizeof(secret), "%s/secret", tmpdir);
	spit(secret, "Hunter-2-Secret\n");
	/* The command records its own argv, environment and open descriptors, then
	 * prints the password the way pass(1) would: from a file, not from its argv. */
	snprintf(cmd, sizeof(cmd),
		 "cat /proc/$$/cmdline >'%1$s/cmdline'; cat /proc/$$/environ >'%1$s/environ'; "
		 "ls /proc/$$/fd >'%1$s/fds'; readlink /proc/$$/fd/0 >'%1$s/stdin'; "
		 "cat /dev/stdin; cat '%2$s'",
		 tmpdir, secret);
	setenv("KABINET_TEST_MARK", "env-seen", 1);
	assert_int_equal(keyring_password_command(cmd, &pw, &st), KEYRING_OK);
	unsetenv("KABINET_TEST_MARK");
	close(leak);
	assert_string_equal(pw, "Hunter-2-Secret");

	snprintf(out, sizeof(out), "%s/cmdline", tmpdir);
	text = slurp(out, &len);
	assert_non_null(text);
	assert_true(len > 0);
	assert_null(memmem(text, len, "Hunter-2", 8));
	assert_non_null(memmem(text, len, "sh\0-c\0", 6));	/* it really was our sh */

	snprintf(out, sizeof(out), "%s/environ", tmpdir);
	text = slurp(out, &len);
	assert_non_null(text);
	assert_non_null(memmem(text, len, "KABINET_TEST_MARK=env-seen", 26));
	assert_null(memmem(text, len, "Hunter-2", 8));

	/* The shell's own descriptors, but not ours. */
	snprintf(out, sizeof(out), "%s/fds", tmpdir);
	text = slurp(out, NULL);
	assert_non_null(text);
	assert_true(strncmp(text, "0\n1\n", 4) == 0 && strstr(text, "\n2\n"));
	assert_null(strstr(text, "\n47\n"));
	snprintf(out, sizeof(out), "%s/stdin", tmpdir);
	assert_string_equal(slurp(out, NULL), "/dev/null\n");
	keyring_free_secret(pw);
}

static void command_ignores_parents_sigpipe(void **state)
{
	struct keyring_status st;
	char *pw = NULL;
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;

	/* With SIGPIPE ignored in us (as network programs do), `yes | head` in the
	 * command would spin forever if the child inherited the disposition. */
	sigaction(SIGPIPE, &ign, &old);
	assert_int_equal(keyring_password_command("yes Pipe-1 | head -n 1", &pw, &st), KEYRING_OK);
	sigaction(SIGPIPE, &old, NULL);
	assert_string_equal(pw, "Pipe-1");
	keyring_free_secret(pw);
}

/* ---- no bus ---- */

static void no_bus_answers_at_once(void **state)
{
	struct keyring_status st;
	char *tok = (char *)"untouched", runtime[128];

	snprintf(runtime, sizeof(runtime), "%s/runtime", tmpdir);
	assert_int_equal(mkdir(runtime, 0700), 0);
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	setenv("XDG_RUNTIME_DIR", runtime, 1);
	assert_false(keyring_bus_available());

	assert_int_equal(keyring_lookup("http://127.0.0.1:8480", "demo", &tok, &st), KEYRING_NO_BUS);
	assert_null(tok);
	assert_int_equal(st.code, KEYRING_NO_BUS);
	assert_non_null(strstr(st.msg, "No keyring"));
	assert_int_equal(keyring_store("http://127.0.0.1:8480", "demo", "tok-1", &st), KEYRING_NO_BUS);
	assert_int_equal(keyring_forget("http://127.0.0.1:8480", "demo", &st), KEYRING_NO_BUS);

	/* An empty address, the "disabled:" convention and no XDG_RUNTIME_DIR at all. */
	setenv("DBUS_SESSION_BUS_ADDRESS", "", 1);
	assert_false(keyring_bus_available());
	setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
	assert_false(keyring_bus_available());
	/* An address that would only autolaunch a bus is no bus either. */
	setenv("DBUS_SESSION_BUS_ADDRESS", "autolaunch:", 1);
	assert_false(keyring_bus_available());
	setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:;autolaunch:scope=x", 1);
	assert_false(keyring_bus_available());
	assert_int_equal(keyring_lookup("http://127.0.0.1:8480", "demo", &tok, &st), KEYRING_NO_BUS);
	setenv("DBUS_SESSION_BUS_ADDRESS", "autolaunch:;unix:path=/run/bus", 1);
	assert_true(keyring_bus_available());
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	unsetenv("XDG_RUNTIME_DIR");
	assert_false(keyring_bus_available());
	assert_int_equal(keyring_lookup("http://127.0.0.1:8480", "demo", &tok, &st), KEYRING_NO_BUS);
}

static void runtime_bus_socket_counts(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char runtime[96];
	int fd;

	snprintf(runtime, sizeof(runtime), "%s/runtime-bus", tmpdir);
	assert_int_equal(mkdir(runtime, 0700), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/bus", runtime);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	setenv("XDG_RUNTIME_DIR", runtime, 1);
	assert_true(keyring_bus_available());
	close(fd);
	unsetenv("XDG_RUNTIME_DIR");
	/* A plain file named bus is not a bus. */
	setenv("XDG_RUNTIME_DIR", tmpdir, 1);
	snprintf(runtime, sizeof(runtime), "%s/bus", tmpdir);
	spit(runtime, "");
	assert_false(keyring_bus_available());
	unlink(runtime);
	unsetenv("XDG_RUNTIME_DIR");
	setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", 1);
	assert_true(keyring_bus_available());
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
}

/* Runs lookup, store and forget against a bus address in a child process and
 * expects `want` from each: GLib keeps one session-bus connection per process, so
 * every address gets a fresh process. Returns the child's exit status (0: all as
 * expected; otherwise the line of the first surprise). */
static int calls_in_child(const char *addr, int call_ms, enum keyring_code want)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct keyring_status st;
		char *tok = (char *)"untouched";

		setenv("DBUS_SESSION_BUS_ADDRESS", addr, 1);
		keyring_set_bounds(call_ms, 0);
		if (keyring_lookup("http://127.0.0.1:8480", "demo", &tok, &st) != want || tok ||
		    st.code != want || !st.msg[0])
			_exit(1 + __LINE__ % 255);
		if (keyring_store("http://127.0.0.1:8480", "demo", "tok-1", &st) != want)
			_exit(1 + __LINE__ % 255);
		if (keyring_forget("http://127.0.0.1:8480", "demo", &st) != want)
			_exit(1 + __LINE__ % 255);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A bus that accepts the connection and then never says a word: each call is
 * cancelled at the bound and the answer is a timeout, not a hang. */
static void silent_bus_times_out(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char addr[160];
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/silent-bus", tmpdir);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 16), 0);
	snprintf(addr, sizeof(addr), "unix:path=%s", sa.sun_path);
	assert_int_equal(calls_in_child(addr, 300, KEYRING_TIMEOUT), 0);
	close(fd);
}

/* A bus address that leads nowhere is "no keyring". */
static void dead_bus_address_is_no_bus(void **state)
{
	assert_int_equal(calls_in_child("unix:path=/nonexistent/kabinet-bus", KEYRING_CALL_MS,
					KEYRING_NO_BUS), 0);
}

/* What keyring_init() leaves in DBUS_SESSION_BUS_ADDRESS for a given one (NULL:
 * unset), run in a child since it works once per process. */
static void init_leaves(const char *addr, const char *runtime, const char *want)
{
	int fds[2];
	pid_t pid;
	char got[256] = "";
	ssize_t n;
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *now;

		close(fds[0]);
		if (addr)
			setenv("DBUS_SESSION_BUS_ADDRESS", addr, 1);
		else
			unsetenv("DBUS_SESSION_BUS_ADDRESS");
		if (runtime)
			setenv("XDG_RUNTIME_DIR", runtime, 1);
		else
			unsetenv("XDG_RUNTIME_DIR");
		keyring_init();
		now = getenv("DBUS_SESSION_BUS_ADDRESS");
		if (write(fds[1], now ? now : "(unset)", strlen(now ? now : "(unset)")) < 0)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], got, sizeof(got) - 1);
	close(fds[0]);
	assert_true(n > 0);
	got[n] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_string_equal(got, want);
}

static void init_prevents_autolaunch(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char runtime[96];
	int fd;

	init_leaves(NULL, NULL, "disabled:");
	init_leaves("", NULL, "disabled:");
	init_leaves("autolaunch:", NULL, "disabled:");
	init_leaves("autolaunch:;unix:path=/run/x", NULL, "unix:path=/run/x");
	init_leaves("unix:path=/run/x;autolaunch:", NULL, "unix:path=/run/x");
	init_leaves("unix:path=/run/x", NULL, "unix:path=/run/x");
	/* With $XDG_RUNTIME_DIR/bus GLib finds the bus itself: nothing to change. */
	snprintf(runtime, sizeof(runtime), "%s/runtime-init", tmpdir);
	assert_int_equal(mkdir(runtime, 0700), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/bus", runtime);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	init_leaves(NULL, runtime, "(unset)");
	init_leaves("autolaunch:", runtime, "(unset)");
	close(fd);
}

static void obtain_follows_the_order(void **state)
{
	struct keyring_opts opts = { .password_command = "printf 'Cmd-1\\n'" };
	struct keyring_cred cred;
	struct keyring_status st;

	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	unsetenv("XDG_RUNTIME_DIR");

	assert_int_equal(keyring_obtain(&opts, "http://s", "demo", &cred, &st), KEYRING_OK);
	assert_int_equal(cred.kind, KEYRING_CRED_PASSWORD);
	assert_int_equal(cred.from, KEYRING_STORE_COMMAND);
	assert_string_equal(cred.secret, "Cmd-1");
	keyring_cred_clear(&cred);
	assert_null(cred.secret);
	assert_int_equal(cred.kind, KEYRING_CRED_NONE);

	/* A failing command is reported, not skipped over to the keyring. */
	opts.password_command = "exit 2";
	assert_int_equal(keyring_obtain(&opts, "http://s", "demo", &cred, &st), KEYRING_ERROR);
	assert_int_equal(cred.kind, KEYRING_CRED_NONE);
	assert_null(cred.secret);

	/* No command: the keyring, which is not there: ask, keep it in memory. */
	opts.password_command = NULL;
	assert_int_equal(keyring_obtain(&opts, "http://s", "demo", &cred, &st), KEYRING_NO_BUS);
	assert_int_equal(cred.kind, KEYRING_CRED_NONE);
	assert_int_equal(cred.from, KEYRING_STORE_MEMORY);
	assert_null(cred.secret);

	opts.no_keyring = true;
	assert_int_equal(keyring_obtain(&opts, "http://s", "demo", &cred, &st), KEYRING_NOT_FOUND);
	assert_int_equal(cred.kind, KEYRING_CRED_NONE);
	keyring_cred_clear(&cred);
}

static void names_for_the_bottom_line(void **state)
{
	assert_string_equal(keyring_store_name(KEYRING_STORE_KEYRING), "keyring");
	assert_string_equal(keyring_store_name(KEYRING_STORE_COMMAND), "password command");
	assert_string_equal(keyring_store_name(KEYRING_STORE_MEMORY), "memory only");
	assert_string_equal(keyring_code_name(KEYRING_LOCKED), "locked");
	assert_string_equal(keyring_code_name(KEYRING_NO_BUS), "no keyring");
	/* Only a keyring that is there and failed leaves "is anything stored?" open. */
	assert_true(keyring_unreadable(KEYRING_LOCKED));
	assert_true(keyring_unreadable(KEYRING_TIMEOUT));
	assert_true(keyring_unreadable(KEYRING_ERROR));
	assert_false(keyring_unreadable(KEYRING_OK));
	assert_false(keyring_unreadable(KEYRING_NOT_FOUND));
	assert_false(keyring_unreadable(KEYRING_NO_BUS));
}

/* Once the plugin has brought GLib in, GLib's messages go to memory for the bottom
 * line, never to the terminal. */
static void glib_log_kept_off_the_screen(void **state)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct keyring_status st;
		char buf[256], *tok = NULL;

		keyring_init();
		keyring_init();	/* twice is harmless */
		CHILD_CHECK(!keyring_log_take(buf, sizeof(buf)));	/* nothing loaded yet */
		/* A bus that leads nowhere: the plugin is loaded and answers "no keyring". */
		setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kabinet-bus", 1);
		CHILD_CHECK(keyring_lookup("http://127.0.0.1:8480", "demo", &tok, &st) ==
			    KEYRING_NO_BUS);
		while (keyring_log_take(buf, sizeof(buf)))
			;
		g_warning("keyring test warning %d", 42);
		CHILD_CHECK(keyring_log_take(buf, sizeof(buf)));
		CHILD_CHECK(strstr(buf, "keyring test warning 42"));
		CHILD_CHECK(!keyring_log_take(buf, sizeof(buf)));
		g_message("line one\nline two");
		CHILD_CHECK(keyring_log_take(buf, sizeof(buf)));
		CHILD_CHECK(!strchr(buf, '\n'));
		g_printerr("printed to stderr");
		CHILD_CHECK(keyring_log_take(buf, sizeof(buf)));
		CHILD_CHECK(strcmp(buf, "printed to stderr") == 0);
		g_debug("debug is dropped");
		CHILD_CHECK(!keyring_log_take(buf, sizeof(buf)));
		_exit(0);
	}
	assert_int_equal(child_status(pid), 0);
}

/* Runs lookup, store, forget and obtain with `plugin` as the plugin and a bus address
 * (so that a keyring is worth asking): each must be a KEYRING_ERROR whose message names
 * the problem, and obtain must fall back to asking. */
static int broken_plugin_in_child(const char *plugin, const char *want_in_msg)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct keyring_opts opts = { .password_command = NULL, .no_keyring = false };
		struct keyring_cred cred;
		struct keyring_status st;
		char *tok = (char *)"untouched";

		setenv("KABINET_SECRET_PLUGIN", plugin, 1);
		setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kabinet-bus", 1);
		CHILD_CHECK(keyring_lookup("http://127.0.0.1:8480", "demo", &tok, &st) ==
			    KEYRING_ERROR);
		CHILD_CHECK(tok == NULL);
		CHILD_CHECK(strstr(st.msg, "No keyring support: "));
		CHILD_CHECK(strstr(st.msg, want_in_msg));
		CHILD_CHECK(keyring_store("http://127.0.0.1:8480", "demo", "tok-1", &st) ==
			    KEYRING_ERROR);
		CHILD_CHECK(keyring_forget("http://127.0.0.1:8480", "demo", &st) == KEYRING_ERROR);
		CHILD_CHECK(keyring_obtain(&opts, "http://127.0.0.1:8480", "demo", &cred, &st) ==
			    KEYRING_ERROR);
		CHILD_CHECK(cred.kind == KEYRING_CRED_NONE && cred.secret == NULL);
		CHILD_CHECK(strstr(st.msg, want_in_msg));
		_exit(0);
	}
	return child_status(pid);
}

/* A plugin that is not installed, or a library that is not the plugin, is a clear
 * error and the login form asks instead. */
static void broken_plugin_is_a_clear_error(void **state)
{
	assert_int_equal(broken_plugin_in_child("/nonexistent/kabinet-secret.so",
						"/nonexistent/kabinet-secret.so"), 0);
	assert_int_equal(broken_plugin_in_child("libc.so.6", "not a plugin of this version"),
			 0);
}

static void secrets_are_wiped(void **state)
{
	char buf[16];

	memcpy(buf, "Wipe-me-please!", 16);
	keyring_wipe(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	keyring_free_secret(NULL);
	keyring_free_secret(strdup("freed"));
}

static void harden_turns_off_core_dumps(void **state)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl;

		if (creds_harden_process() != 0)
			_exit(1);
		if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 || rl.rlim_max != 0)
			_exit(2);
		if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
			_exit(3);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- state ---- */

static void use_state_home(const char *sub, char *dir, size_t size)
{
	char home[128];

	snprintf(home, sizeof(home), "%s/%s", tmpdir, sub);
	setenv("XDG_STATE_HOME", home, 1);
	snprintf(dir, size, "%s/kabinet", home);
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static void uuid_created_once_and_stable(void **state)
{
	struct diag d = { 0 };
	char dir[256], path[300], a[37], b[37], *text;
	mode_t old = umask(022);

	use_state_home("state1", dir, sizeof(dir));
	assert_int_equal(state_client_uuid(a, &d), 0);
	umask(old);
	assert_int_equal(d.count, 0);
	assert_true(state_uuid_valid(a));
	assert_int_equal(a[14], '4');
	snprintf(path, sizeof(path), "%s/client_uuid", dir);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(mode_of(dir), 0700);
	text = slurp(path, NULL);
	assert_non_null(text);
	assert_int_equal(strlen(text), 37);
	assert_memory_equal(text, a, 36);

	assert_int_equal(state_client_uuid(b, &d), 0);
	assert_int_equal(d.count, 0);
	assert_string_equal(a, b);
	unsetenv("XDG_STATE_HOME");
}

static void uuids_differ_between_installations(void **state)
{
	struct diag d = { 0 };
	char dir[256], a[37], b[37];

	use_state_home("state-a", dir, sizeof(dir));
	assert_int_equal(state_client_uuid(a, &d), 0);
	use_state_home("state-b", dir, sizeof(dir));
	assert_int_equal(state_client_uuid(b, &d), 0);
	assert_string_not_equal(a, b);
	unsetenv("XDG_STATE_HOME");
}

static void corrupt_uuid_replaced(void **state)
{
	static const char *const bad[] = {
		"garbage\n",
		"",
		"6f1c0a52-3b7d-4e8a-9c21-5d0e6f7a8b9\n",	/* one digit short */
		"6f1c0a52-3b7d-1e8a-9c21-5d0e6f7a8b90\n",	/* version 1 */
		"6F1C0A52-3B7D-4E8A-9C21-5D0E6F7A8B90\n",	/* not as we write it */
		"6f1c0a52-3b7d-4e8a-9c21-5d0e6f7a8b90\nmore\n",
		"\x01\x02\xff binary",
	};
	char dir[256], path[300], first[37], out[37], again[37], *text;

	use_state_home("state2", dir, sizeof(dir));
	assert_int_equal(state_client_uuid(first, NULL), 0);
	snprintf(path, sizeof(path), "%s/client_uuid", dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct diag d = { 0 };

		spit(path, bad[i]);
		assert_int_equal(state_client_uuid(out, &d), 0);
		assert_true(state_uuid_valid(out));
		assert_string_not_equal(out, first);
		assert_int_equal(d.count, 1);
		assert_non_null(strstr(diag_last(&d), "replaced"));
		assert_non_null(strstr(diag_last(&d), path));
		assert_int_equal(mode_of(path), 0600);
		text = slurp(path, NULL);
		assert_memory_equal(text, out, 36);
		diag_clear(&d);
		/* ... and the replacement stays. */
		assert_int_equal(state_client_uuid(again, &d), 0);
		assert_int_equal(d.count, 0);
		assert_string_equal(again, out);
	}

	/* A directory or a symlink in its place is replaced too. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	assert_int_equal(state_client_uuid(out, NULL), 0);
	assert_true(state_uuid_valid(out));
	{
		struct stat sb;

		assert_int_equal(lstat(path, &sb), 0);
		assert_true(S_ISREG(sb.st_mode));
	}
	unsetenv("XDG_STATE_HOME");
}

static void state_modes_repaired(void **state)
{
	char dir[256], path[300], a[37], b[37];

	use_state_home("state3", dir, sizeof(dir));
	assert_int_equal(state_client_uuid(a, NULL), 0);
	snprintf(path, sizeof(path), "%s/client_uuid", dir);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(state_client_uuid(b, NULL), 0);
	assert_string_equal(a, b);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(mode_of(dir), 0700);
	unsetenv("XDG_STATE_HOME");
}

static void state_home_fallback(void **state)
{
	char home[256], path[400], out[37], dir[300];
	const char *saved = getenv("HOME");
	char *saved_home = saved ? strdup(saved) : NULL;

	snprintf(home, sizeof(home), "%s/home", tmpdir);
	assert_int_equal(mkdir(home, 0755), 0);
	setenv("HOME", home, 1);
	unsetenv("XDG_STATE_HOME");
	assert_int_equal(state_dir(dir, sizeof(dir)), 0);
	snprintf(path, sizeof(path), "%s/.local/state/kabinet", home);
	assert_string_equal(dir, path);
	/* A relative XDG_STATE_HOME is ignored, as the XDG spec says. */
	setenv("XDG_STATE_HOME", "relative/state", 1);
	assert_int_equal(state_dir(dir, sizeof(dir)), 0);
	assert_string_equal(dir, path);
	assert_int_equal(state_client_uuid(out, NULL), 0);
	snprintf(path, sizeof(path), "%s/.local/state/kabinet/client_uuid", home);
	assert_int_equal(mode_of(path), 0600);
	snprintf(path, sizeof(path), "%s/.local/state", home);
	assert_int_equal(mode_of(path), 0700);
	unsetenv("XDG_STATE_HOME");
	if (saved_home)
		setenv("HOME", saved_home, 1);
	else
		unsetenv("HOME");
	free(saved_home);
}

static void state_unwritable_kept_in_memory(void **state)
{
	struct diag d = { 0 };
	char file[256], out[37];

	/* A regular file where a directory should be: even root cannot go on. */
	snprintf(file, sizeof(file), "%s/not-a-dir", tmpdir);
	spit(file, "x");
	setenv("XDG_STATE_HOME", file, 1);
	assert_int_equal(state_client_uuid(out, &d), -1);
	assert_true(state_uuid_valid(out));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(diag_last(&d), "this run only"));
	diag_clear(&d);
	unsetenv("XDG_STATE_HOME");
}

static void uuid_syntax(void **state)
{
	assert_true(state_uuid_valid("6f1c0a52-3b7d-4e8a-9c21-5d0e6f7a8b90"));
	assert_true(state_uuid_valid("00000000-0000-4000-b000-000000000000"));
	assert_false(state_uuid_valid("6f1c0a52-3b7d-4e8a-7c21-5d0e6f7a8b90"));	/* variant */
	assert_false(state_uuid_valid("6f1c0a52-3b7d-4e8a-9c21-5d0e6f7a8b90 "));
	assert_false(state_uuid_valid("6f1c0a52x3b7d-4e8a-9c21-5d0e6f7a8b90"));
	assert_false(state_uuid_valid(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(command_prints_password),
		cmocka_unit_test(command_first_line_only),
		cmocka_unit_test(command_failure_is_an_error),
		cmocka_unit_test(command_killed_after_bound),
		cmocka_unit_test(command_left_running_in_background),
		cmocka_unit_test(command_still_running_after_its_line),
		cmocka_unit_test(command_stopped_after_its_line),
		cmocka_unit_test(command_sees_no_secret_and_no_fds),
		cmocka_unit_test(command_ignores_parents_sigpipe),
		cmocka_unit_test(no_bus_answers_at_once),
		cmocka_unit_test(runtime_bus_socket_counts),
		cmocka_unit_test(silent_bus_times_out),
		cmocka_unit_test(dead_bus_address_is_no_bus),
		cmocka_unit_test(init_prevents_autolaunch),
		cmocka_unit_test(obtain_follows_the_order),
		cmocka_unit_test(names_for_the_bottom_line),
		cmocka_unit_test(glib_log_kept_off_the_screen),
		cmocka_unit_test(broken_plugin_is_a_clear_error),
		cmocka_unit_test(secrets_are_wiped),
		cmocka_unit_test(harden_turns_off_core_dumps),
		cmocka_unit_test(uuid_created_once_and_stable),
		cmocka_unit_test(uuids_differ_between_installations),
		cmocka_unit_test(corrupt_uuid_replaced),
		cmocka_unit_test(state_modes_repaired),
		cmocka_unit_test(state_home_fallback),
		cmocka_unit_test(state_unwritable_kept_in_memory),
		cmocka_unit_test(uuid_syntax),
	};

	/* Messages in English whatever the caller's locale, and no bus of the caller's. */
	setenv("LANGUAGE", "en", 1);
	/* The plugin of the build under test (run-tests.sh sets KABINET_BUILD), never an
	 * installed one: when it is missing, the tests that need it fail. */
	{
		const char *build = getenv("KABINET_BUILD");
		char path[4096], abs[4096];

		snprintf(path, sizeof(path), "%s/kabinet-secret.so", build ? build : "build");
		setenv("KABINET_SECRET_PLUGIN", realpath(path, abs) ? abs : path, 0);
	}
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
