/* One remembered login shared by many processes (see remember.h): the rotation lock,
 * the api's guard and token sink, the last login per server, the device's name. */
#include "kabinet/remember.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/net/api.h"
#include "kabinet/state.h"

/* --- names of files --- */

/* The directory of the locks: $XDG_RUNTIME_DIR/kabinet (gone at logout, never on a
 * network file system); without that variable (a cron job) the same directory when
 * the system made it (/run/user/UID, ours and private), so that a job and a session
 * take turns at one lock; else the state directory's locks/. */
static int lock_dir(char *buf, size_t size)
{
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char state[4096], run[64];
	struct stat st;
	int n;

	snprintf(run, sizeof(run), "/run/user/%lu", (unsigned long)getuid());
	if (rt && rt[0] == '/')
		n = snprintf(buf, size, "%s/kabinet", rt);
	else if (stat(run, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
		 !(st.st_mode & 077))
		n = snprintf(buf, size, "%s/kabinet", run);
	else if (state_dir(state, sizeof(state)) == 0)
		n = snprintf(buf, size, "%s/locks", state);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int remember_lock_path(const char *server, const char *login, char *buf, size_t size)
{
	return state_key_path(lock_dir, "login-", server, login, ".lock", buf, size);
}

int remember_last_login_path(const char *server, char *buf, size_t size)
{
	return state_key_path(state_dir, "last-login-", server, NULL, "", buf, size);
}

/* --- the lock --- */

enum remember_lock remember_lock_try(const char *server, const char *login, int *fd)
{
	char dir[4096], path[4096 + 64];
	bool busy;
	int f;

	*fd = -1;
	if (lock_dir(dir, sizeof(dir)) != 0 || state_make_dirs(dir) != 0 ||
	    remember_lock_path(server, login, path, sizeof(path)) != 0)
		return REMEMBER_LOCK_NONE;
	f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
	if (f < 0)
		return REMEMBER_LOCK_NONE;
	if (flock(f, LOCK_EX | LOCK_NB) == 0) {
		*fd = f;
		return REMEMBER_LOCK_HELD;
	}
	busy = errno == EWOULDBLOCK;
	close(f);
	return busy ? REMEMBER_LOCK_BUSY : REMEMBER_LOCK_NONE;
}

void remember_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* the flock goes with the last descriptor */
}

/* --- the guard and the sink --- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void remember_init(struct remember *rm, const char *server, const char *login,
		   const bool *keep)
{
	memset(rm, 0, sizeof(*rm));
	rm->server = server;
	rm->login = login;
	rm->keep = keep;
	rm->fd = -1;
}

static bool usable(const struct remember *rm)
{
	return rm->keep && *rm->keep && rm->server && *rm->server && rm->login && *rm->login;
}

static enum api_guard_state guard_take(void *ud, char **token)
{
	struct remember *rm = ud;
	struct keyring_status st;
	char *stored = NULL;

	*token = NULL;
	if (!usable(rm))
		return API_GUARD_HELD;	/* nothing shared: nothing to wait for */
	if (rm->fd < 0 &&
	    remember_lock_try(rm->server, rm->login, &rm->fd) == REMEMBER_LOCK_BUSY) {
		if (!rm->busy_since)
			rm->busy_since = now_ms();
		if (now_ms() - rm->busy_since < REMEMBER_LOCK_WAIT_MS)
			return API_GUARD_BUSY;
		/* Held too long: go on without it (the server's grace window). */
	}
	rm->busy_since = 0;
	/* Another process may have stored a new token while this one waited, or since it
	 * read the one it has. */
	if (keyring_lookup(rm->server, rm->login, &stored, &st) == KEYRING_OK) {
		*token = strdup(stored);
		keyring_free_secret(stored);
	}
	return API_GUARD_HELD;
}

static void guard_release(void *ud)
{
	struct remember *rm = ud;

	remember_unlock(rm->fd);
	rm->fd = -1;
}

static void on_token(void *ud, const char *token)
{
	struct remember *rm = ud;

	if (!usable(rm) || !token)
		return;
	rm->tried = true;
	rm->stored = keyring_store(rm->server, rm->login, token, &rm->st) == KEYRING_OK;
}

void remember_attach(struct remember *rm, struct api *api)
{
	struct api_token_guard g = { guard_take, guard_release, rm };

	api_on_token(api, on_token, rm);
	api_token_guard(api, &g);
}

void remember_detach(struct api *api)
{
	api_on_token(api, NULL, NULL);
	api_token_guard(api, NULL);
}

/* --- the last login --- */

/* "kabinet last login\n<server>\n<login>\n": whose file it is, then the login. */
#define LAST_MAGIC "kabinet last login\n"
#define LAST_MAX 8192

static bool clean_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return n > 0;
}

int remember_last_login(const char *server, char *buf, size_t size)
{
	char path[4096 + 64], data[LAST_MAX + 1];
	const char *p, *nl;
	size_t sl = strlen(server);
	struct stat sb;
	ssize_t got;
	int fd;

	if (remember_last_login_path(server, path, sizeof(path)) != 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return -1;
	/* Ours only: a regular file of this user, not open to others. */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != getuid() ||
	    (sb.st_mode & 077) || (got = read(fd, data, LAST_MAX)) <= 0) {
		close(fd);
		return -1;
	}
	close(fd);
	data[got] = '\0';
	p = data + strlen(LAST_MAGIC);
	if (strncmp(data, LAST_MAGIC, strlen(LAST_MAGIC)) || strncmp(p, server, sl) ||
	    p[sl] != '\n')
		return -1;
	p += sl + 1;
	if (!(nl = strchr(p, '\n')) || nl[1] || !clean_line(p, (size_t)(nl - p)) ||
	    (size_t)(nl - p) >= size)
		return -1;
	memcpy(buf, p, (size_t)(nl - p));
	buf[nl - p] = '\0';
	return 0;
}

int remember_set_last_login(const char *server, const char *login)
{
	char dir[4096], path[4096 + 64], *text;
	size_t n;

	if (!clean_line(login, strlen(login)) || !clean_line(server, strlen(server))) {
		errno = EINVAL;
		return -1;
	}
	if (state_dir(dir, sizeof(dir)) != 0 ||
	    remember_last_login_path(server, path, sizeof(path)) != 0) {
		errno = ENOENT;
		return -1;
	}
	if (state_make_dirs(dir) != 0)
		return -1;
	n = strlen(LAST_MAGIC) + strlen(server) + strlen(login) + 3;
	if (n > LAST_MAX || !(text = malloc(n))) {
		errno = n > LAST_MAX ? ENAMETOOLONG : ENOMEM;
		return -1;
	}
	snprintf(text, n, "%s%s\n%s\n", LAST_MAGIC, server, login);
	return state_write_text(path, text, free);
}

int remember_forget_last_login(const char *server, const char *login)
{
	char path[4096 + 64], last[1024 * 4 + 1];

	if (remember_last_login(server, last, sizeof(last)) != 0 || strcmp(last, login) ||
	    remember_last_login_path(server, path, sizeof(path)) != 0)
		return 0;
	return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* --- the device's name --- */

/* The value of KEY= in os-release text (quotes and backslashes dropped) into buf. */
static bool os_field(const char *text, const char *key, char *buf, size_t size)
{
	size_t kl = strlen(key), n = 0;
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, key, kl) && line[kl] == '=') {
			for (const char *p = line + kl + 1; *p && *p != '\n' && n + 1 < size; p++)
				if (*p != '"' && *p != '\'' && *p != '\\')
					buf[n++] = *p;
			buf[n] = '\0';
			return n > 0;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return false;
}

/* Printable ASCII only (a host's or a system's name needs no more), spaces squeezed,
 * at most max characters, into buf. */
static void printable(const char *in, size_t max, char *buf, size_t size)
{
	size_t n = 0;

	for (const char *p = in; *p && n < max && n + 1 < size; p++) {
		char c = *p >= 0x20 && *p <= 0x7e ? *p : ' ';
		if (c == ' ' && (n == 0 || buf[n - 1] == ' '))
			continue;
		buf[n++] = c;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

char *remember_os_name(const char *os_release, char *buf, size_t size)
{
	char name[256], version[64], both[330];
	size_t nl;

	if (os_field(os_release, "NAME", name, sizeof(name)) &&
	    os_field(os_release, "VERSION_ID", version, sizeof(version))) {
		nl = strlen(name);
		if (nl > 10 && !strcmp(name + nl - 10, " GNU/Linux"))
			name[nl - 10] = '\0';
		snprintf(both, sizeof(both), "%s %s", name, version);
	} else if (!os_field(os_release, "PRETTY_NAME", both, sizeof(both))) {
		both[0] = '\0';
	}
	printable(both, 20, buf, size);
	return buf;
}

static void read_os_release(char *text, size_t size)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release" };

	text[0] = '\0';
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		FILE *f = fopen(paths[i], "re");
		size_t got;

		if (!f)
			continue;
		got = fread(text, 1, size - 1, f);
		fclose(f);
		text[got] = '\0';
		return;
	}
}

char *remember_device_name(char *buf, size_t size)
{
	char host[256] = "", shown_host[32], os_text[8192], os[32];

	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	printable(host, 24, shown_host, sizeof(shown_host));
	read_os_release(os_text, sizeof(os_text));
	remember_os_name(os_text, os, sizeof(os));
	if (!shown_host[0])
		snprintf(shown_host, sizeof(shown_host), "%s", "this computer");
	if (os[0])
		snprintf(buf, size, "kabinet %s on %s (%s)", KABINET_VERSION, shown_host, os);
	else
		snprintf(buf, size, "kabinet %s on %s", KABINET_VERSION, shown_host);
	if (strlen(buf) > 64)
		buf[64] = '\0';	/* the server's limit; all of it is ASCII */
	return buf;
}
