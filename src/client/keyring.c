/* The client's credential store (see keyring.h): the password command, the order,
 * the process hardening that keeps secrets out of core dumps, and the loading of the
 * Secret Service plugin (keyring_secret.h), which does the libsecret part. */
#include "kabinet/keyring.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/exe.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring_secret.h"

extern char **environ;

static int call_ms = KEYRING_CALL_MS;
static int command_ms = KEYRING_COMMAND_MS;

void keyring_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void keyring_free_secret(char *secret)
{
	if (!secret)
		return;
	keyring_wipe(secret, strlen(secret));
	free(secret);
}

void keyring_set_bounds(int new_call_ms, int new_command_ms)
{
	if (new_call_ms > 0)
		call_ms = new_call_ms;
	if (new_command_ms > 0)
		command_ms = new_command_ms;
}

const char *keyring_store_name(enum keyring_store store)
{
	switch (store) {
	case KEYRING_STORE_KEYRING:
		return _("keyring");
	case KEYRING_STORE_COMMAND:
		return _("password command");
	case KEYRING_STORE_MEMORY:
		break;
	}
	return _("memory only");
}

bool keyring_unreadable(enum keyring_code code)
{
	return code == KEYRING_LOCKED || code == KEYRING_TIMEOUT || code == KEYRING_ERROR;
}

const char *keyring_code_name(enum keyring_code code)
{
	switch (code) {
	case KEYRING_OK:
		return _("ok");
	case KEYRING_NOT_FOUND:
		return _("not found");
	case KEYRING_NO_BUS:
		return _("no keyring");
	case KEYRING_LOCKED:
		return _("locked");
	case KEYRING_TIMEOUT:
		return _("timed out");
	case KEYRING_ERROR:
		break;
	}
	return _("error");
}

int creds_harden_process(void)
{
	struct rlimit none = { 0, 0 };
	int rc = 0;

	if (setrlimit(RLIMIT_CORE, &none) != 0)
		rc = -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		rc = -1;
	return rc;
}


/* The address without its autolaunch: and disabled: entries (D-Bus tries the
 * ';'-separated entries in order) into out; empty when nothing usable is left. */
static void address_usable(const char *addr, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = addr; *p;) {
		size_t n = strcspn(p, ";");
		bool skip = n == 0 || strncmp(p, "autolaunch:", 11) == 0 ||
			    strncmp(p, "disabled:", 9) == 0;

		if (!skip && o + n + 2 < size) {
			if (o)
				out[o++] = ';';
			memcpy(out + o, p, n);
			o += n;
			out[o] = '\0';
		}
		p += n;
		if (*p == ';')
			p++;
	}
}

bool keyring_bus_available(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt;
	struct stat sb;
	char path[4096];

	if (addr && *addr) {
		address_usable(addr, path, sizeof(path));
		return path[0] != '\0';
	}
	rt = getenv("XDG_RUNTIME_DIR");
	if (!rt || rt[0] != '/')
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/bus", rt) >= sizeof(path))
		return false;
	return stat(path, &sb) == 0 && S_ISSOCK(sb.st_mode);
}

void keyring_init(void)
{
	static bool done;
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	char usable[4096];

	if (done)
		return;
	done = true;
	/* Without a session bus GLib would try dbus-launch (X11 autolaunch), which can
	 * hang or leave a stray bus behind; so would an explicit autolaunch: entry.
	 * Those entries go, and "disabled:" (the libdbus convention) stands for no bus
	 * at all, for us and for anything we run. setenv() is safe here: no threads yet. */
	if (addr && *addr) {
		address_usable(addr, usable, sizeof(usable));
		if (!usable[0])
			unsetenv("DBUS_SESSION_BUS_ADDRESS");
		else if (strcmp(usable, addr) != 0)
			setenv("DBUS_SESSION_BUS_ADDRESS", usable, 1);
	}
	if (!keyring_bus_available())
		setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
}

/* ---- the Secret Service, through the plugin ---- */

/* Loaded at most once and never unloaded (GLib cannot be). */
static const struct keyring_secret_ops *secret_ops;
static char secret_err[256];

static bool secret_try(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const struct keyring_secret_ops *ops;

	if (!h) {
		snprintf(secret_err, sizeof(secret_err), "%s", dlerror());
		return false;
	}
	ops = dlsym(h, KEYRING_SECRET_SYMBOL);
	if (!ops || ops->abi != KEYRING_SECRET_ABI ||
	    ops->status_size != sizeof(struct keyring_status)) {
		snprintf(secret_err, sizeof(secret_err), "%s: %s", path,
			 _("not a plugin of this version of kabinet"));
		dlclose(h);
		return false;
	}
	ops->init();
	secret_ops = ops;
	return true;
}

/* The plugin: $KABINET_SECRET_PLUGIN, else next to the executable (a build tree),
 * else PKGLIBDIR. NULL, with st saying why, when it cannot be loaded. */
static const struct keyring_secret_ops *secret_load(struct keyring_status *st)
{
	static bool tried;
	const char *env = getenv("KABINET_SECRET_PLUGIN");
	char path[4096];

	if (!tried) {
		tried = true;
		if (env && *env)
			secret_try(env);
		else if (exe_beside(path, sizeof(path), KEYRING_SECRET_FILE) &&
			 access(path, F_OK) == 0)
			secret_try(path);
		else
			secret_try(PKGLIBDIR "/" KEYRING_SECRET_FILE);
	}
	if (!secret_ops)
		keyring_status_set(st, KEYRING_ERROR, _("No keyring support: %s"), secret_err);
	return secret_ops;
}

static enum keyring_code no_bus(struct keyring_status *st)
{
	return keyring_status_set(st, KEYRING_NO_BUS, _("No keyring: no D-Bus session bus."));
}

/* What every keyring call needs first: a server and a login, a bus, the plugin.
 * KEYRING_OK when the plugin may be called; otherwise st says why. */
static enum keyring_code secret_begin(const char *server, const char *login,
				      struct keyring_status *st)
{
	if (!server || !*server || !login || !*login)
		return keyring_status_set(st, KEYRING_ERROR, _("Keyring: no server or login given."));
	if (!keyring_bus_available())
		return no_bus(st);
	return secret_load(st) ? KEYRING_OK : KEYRING_ERROR;
}

enum keyring_code keyring_lookup(const char *server, const char *login, char **token_out,
				 struct keyring_status *st)
{
	enum keyring_code code = secret_begin(server, login, st);

	*token_out = NULL;
	if (code != KEYRING_OK)
		return code;
	return secret_ops->lookup(server, login, call_ms, token_out, st);
}

enum keyring_code keyring_store(const char *server, const char *login, const char *token,
				struct keyring_status *st)
{
	enum keyring_code code;

	if (!token || !*token)
		return keyring_status_set(st, KEYRING_ERROR, _("Keyring: no token to save."));
	code = secret_begin(server, login, st);
	if (code != KEYRING_OK)
		return code;
	return secret_ops->store(server, login, token, call_ms, st);
}

enum keyring_code keyring_forget(const char *server, const char *login,
				 struct keyring_status *st)
{
	enum keyring_code code = secret_begin(server, login, st);

	if (code != KEYRING_OK)
		return code;
	return secret_ops->forget(server, login, call_ms, st);
}

enum keyring_code keyring_probe(struct keyring_status *st)
{
	if (!keyring_bus_available())
		return no_bus(st);
	if (!secret_load(st))
		return KEYRING_ERROR;
	return secret_ops->probe(call_ms, st);
}

bool keyring_log_take(char *buf, size_t size)
{
	return secret_ops && secret_ops->log_take(buf, size);
}

/* ---- the password command ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads what is there into buf (at most cap bytes kept, the rest drained and
 * dropped). Returns false at end of file or on an error. */
static bool drain(int fd, char *buf, size_t cap, size_t *len)
{
	char chunk[1024];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (*len < cap) {
		size_t take = (size_t)n < cap - *len ? (size_t)n : cap - *len;

		memcpy(buf + *len, chunk, take);
		*len += take;
	}
	keyring_wipe(chunk, sizeof(chunk));
	return true;
}

/* The first non-empty line of the command's stderr, for the message. */
static void first_line(const char *buf, size_t len, char *out, size_t size)
{
	size_t i = 0, j = 0;

	while (i < len && (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ' '))
		i++;
	while (i < len && buf[i] != '\n' && j + 1 < size)
		out[j++] = buf[i++];
	while (j && (out[j - 1] == '\r' || out[j - 1] == ' '))
		j--;
	out[j] = '\0';
}

static pid_t spawn_shell(const char *cmd, int out_fd, int err_fd, int *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t empty, dflt;
	char sh[] = "sh", dash_c[] = "-c";
	char *argv[] = { sh, dash_c, (char *)cmd, NULL };
	static const int reset[] = { SIGPIPE, SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGCHLD,
				     SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGUSR1, SIGUSR2 };
	pid_t pid = -1;

	sigemptyset(&empty);
	sigemptyset(&dflt);
	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++)
		sigaddset(&dflt, reset[i]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	/* Nothing else of ours (the terminal, sockets) leaks into the command. */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&at);
	/* Its own process group, so that a timeout kills whatever it started too. */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
					      POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &empty);
	posix_spawnattr_setsigdefault(&at, &dflt);
	*err = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return *err ? -1 : pid;
}

/* How long to keep reading after the command itself exited, in case something it
 * left behind still holds the pipe open; and how long a command that has printed its
 * line gets to exit on its own (so that its exit status still counts) before it is
 * stopped, and then after SIGTERM before SIGKILL. */
#define EXIT_GRACE_MS 200

/* Has pid exited? Leaves it unreaped: while it is a zombie its pid, and so its
 * process group's id, cannot be reused, and kill(-pid) still means our command. */
static bool exited(pid_t pid)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0 ||
	       si.si_pid == pid;
}

/* Ends a command that printed its line but kept running (a helper that waits for
 * something, `yes`), and everything it started, then reaps it. */
static void stop_group(pid_t pid)
{
	int64_t end;
	int status;

	kill(-pid, SIGTERM);
	end = now_ms() + EXIT_GRACE_MS;
	while (!exited(pid) && now_ms() < end)
		poll(NULL, 0, 10);
	/* Also whatever of the group ignored SIGTERM or is slower than its parent. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

enum keyring_code keyring_password_command(const char *cmd, char **password_out,
					   struct keyring_status *st)
{
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	char obuf[4096], ebuf[1024], line[200];
	size_t olen = 0, elen = 0;
	bool oopen = true, eopen = true, reaped = false, timed_out = false;
	/* The first line was complete and we closed stdout while the command still
	 * ran: at line_end, if it runs yet, it is stopped and the line used. */
	bool closed_early = false;
	int status = 0, err = 0;
	int64_t deadline, grace_end = 0, line_end = 0;
	pid_t pid;
	enum keyring_code code;

	*password_out = NULL;
	if (!cmd || !*cmd) {
		keyring_status_set(st, KEYRING_ERROR, _("The password command is empty."));
		return KEYRING_ERROR;
	}
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		err = errno;
		if (out[0] >= 0) {
			close(out[0]);
			close(out[1]);
		}
		keyring_status_set(st, KEYRING_ERROR, _("Cannot run the password command: %s"), strerror(err));
		return KEYRING_ERROR;
	}
	pid = spawn_shell(cmd, out[1], errp[1], &err);
	close(out[1]);
	close(errp[1]);
	if (pid < 0) {
		close(out[0]);
		close(errp[0]);
		keyring_status_set(st, KEYRING_ERROR, _("Cannot run the password command: %s"), strerror(err));
		return KEYRING_ERROR;
	}

	deadline = now_ms() + command_ms;
	for (;;) {
		struct pollfd pf[2];
		nfds_t n = 0;
		int64_t now = now_ms(), wait;

		if (!reaped) {
			pid_t w = waitpid(pid, &status, WNOHANG);

			if (w == pid || (w < 0 && errno == ECHILD)) {
				reaped = true;
				grace_end = now + EXIT_GRACE_MS;
			}
		}
		if (reaped && (!oopen && !eopen))
			break;
		if (reaped && now >= grace_end)
			break;
		if (closed_early && !reaped && now >= line_end)
			break;
		if (now >= deadline && !closed_early) {
			timed_out = !reaped;
			break;
		}
		wait = (reaped ? grace_end : closed_early ? line_end : deadline) - now;
		if (wait > 50)
			wait = 50;	/* the exit of the command is noticed by polling */
		if (oopen)
			pf[n++] = (struct pollfd){ .fd = out[0], .events = POLLIN };
		if (eopen)
			pf[n++] = (struct pollfd){ .fd = errp[0], .events = POLLIN };
		if (poll(pf, n, (int)wait) <= 0)
			continue;
		for (nfds_t i = 0; i < n; i++) {
			size_t seen = olen;

			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pf[i].fd == errp[0]) {
				eopen = drain(errp[0], ebuf, sizeof(ebuf), &elen);
				continue;
			}
			oopen = drain(out[0], obuf, sizeof(obuf), &olen);
			/* The line is all we take: a command that goes on running after
			 * printing it (a helper, `yes`) must not keep us until the bound. */
			if (oopen && memchr(obuf + seen, '\n', olen - seen)) {
				close(out[0]);
				out[0] = -1;
				oopen = false;
				closed_early = !reaped;
				line_end = now_ms() + EXIT_GRACE_MS;
			}
		}
	}
	if (out[0] >= 0)
		close(out[0]);
	close(errp[0]);
	if (timed_out) {
		kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	} else if (closed_early && !reaped) {
		stop_group(pid);
		status = 0;	/* stopped by us: the line it printed stands */
	} else if (closed_early && (WIFSIGNALED(status) ? WTERMSIG(status) == SIGPIPE :
				    WEXITSTATUS(status) == 128 + SIGPIPE)) {
		/* It wrote more after the line, into the pipe we had closed; a shell
		 * says so of its last command with 128 + SIGPIPE. */
		status = 0;
	}

	first_line(ebuf, elen, line, sizeof(line));
	if (timed_out) {
		code = KEYRING_TIMEOUT;
		keyring_status_set(st, code, _("The password command did not finish in %d s and was stopped."),
			   (command_ms + 999) / 1000);
	} else if (WIFSIGNALED(status)) {
		code = KEYRING_ERROR;
		keyring_status_set(st, code, _("The password command was killed by signal %d."), WTERMSIG(status));
	} else if (WEXITSTATUS(status) != 0) {
		size_t plen = 0;

		while (plen < olen && obuf[plen] != '\n')
			plen++;
		/* Its stderr goes to the screen: not if it repeats what it printed. */
		if (plen && memmem(line, strlen(line), obuf, plen))
			line[0] = '\0';
		code = KEYRING_ERROR;
		if (line[0])
			keyring_status_set(st, code, _("The password command failed (exit status %d): %s"),
				   WEXITSTATUS(status), line);
		else
			keyring_status_set(st, code, _("The password command failed (exit status %d)."),
				   WEXITSTATUS(status));
	} else {
		size_t plen = 0;

		while (plen < olen && obuf[plen] != '\n' && obuf[plen] != '\0')
			plen++;
		if (plen && obuf[plen - 1] == '\r')
			plen--;
		if (!plen) {
			code = KEYRING_ERROR;
			keyring_status_set(st, code, _("The password command printed no password."));
		} else if (!(*password_out = strndup(obuf, plen))) {
			code = KEYRING_ERROR;
			keyring_status_set(st, code, _("Out of memory."));
		} else {
			code = KEYRING_OK;
			keyring_status_set(st, code, NULL);
		}
	}
	keyring_wipe(obuf, sizeof(obuf));
	keyring_wipe(ebuf, sizeof(ebuf));
	keyring_wipe(line, sizeof(line));
	return code;
}

/* ---- the order ---- */

enum keyring_code keyring_obtain(const struct keyring_opts *opts, const char *server,
				 const char *login, struct keyring_cred *cred,
				 struct keyring_status *st)
{
	struct keyring_status local;

	if (!st)
		st = &local;
	memset(cred, 0, sizeof(*cred));
	cred->kind = KEYRING_CRED_NONE;
	cred->from = KEYRING_STORE_MEMORY;

	if (opts && opts->password_command && *opts->password_command) {
		if (keyring_password_command(opts->password_command, &cred->secret, st) ==
		    KEYRING_OK) {
			cred->kind = KEYRING_CRED_PASSWORD;
			cred->from = KEYRING_STORE_COMMAND;
		}
		return st->code;
	}
	if (opts && opts->no_keyring) {
		keyring_status_set(st, KEYRING_NOT_FOUND, _("Keyring not used (--no-keyring)."));
		return KEYRING_NOT_FOUND;
	}
	if (!login || !*login) {
		keyring_status_set(st, KEYRING_NOT_FOUND, _("No login given: nothing to look up in the keyring."));
		return KEYRING_NOT_FOUND;
	}
	if (keyring_lookup(server, login, &cred->secret, st) == KEYRING_OK) {
		cred->kind = KEYRING_CRED_TOKEN;
		cred->from = KEYRING_STORE_KEYRING;
	}
	return st->code;
}

void keyring_cred_clear(struct keyring_cred *cred)
{
	if (!cred)
		return;
	keyring_free_secret(cred->secret);
	memset(cred, 0, sizeof(*cred));
	cred->from = KEYRING_STORE_MEMORY;
}
