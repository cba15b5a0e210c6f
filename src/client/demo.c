/* --demo: a private kabinetd with a fresh demo database (see demo.h). */
#include "kabinet/demo.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kabinet/i18n.h"

#define START_TIMEOUT_MS 20000	/* seeding the demo takes a moment */

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* kabinetd beside this program (the build directory, or the same bin/), else PATH. */
static bool find_server(char *out, size_t size)
{
	char self[PATH_MAX - 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *path = getenv("PATH");

	if (n > 0) {
		char *slash;
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(out, size, "%s/kabinetd", self);
			if (executable(out))
				return true;
		}
	}
	while (path && *path) {
		size_t len = strcspn(path, ":");
		if (len)
			snprintf(out, size, "%.*s/kabinetd", (int)len, path);
		if (len && executable(out))
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}

char *demo_password(void)
{
	/* The demo profiles' documented password (docs/demo-data.md). */
	return strdup("Kabinet-2026");
}

int demo_start(struct demo *d, char *err, size_t errsize)
{
	char server[PATH_MAX], db[512], outbox[512], logpath[512], line[256];
	const char *tmp = getenv("TMPDIR");
	int out[2];
	struct pollfd pfd;
	size_t len = 0;
	const char *prefix = "kabinetd listening on ";

	memset(d, 0, sizeof(*d));
	if (!find_server(server, sizeof(server))) {
		snprintf(err, errsize, "%s",
			 _("--demo needs kabinetd beside kabinet or in PATH; run `make` first"));
		return -1;
	}
	snprintf(d->dir, sizeof(d->dir), "%s/kabinet-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(d->dir)) {
		snprintf(err, errsize, _("cannot create a temporary directory: %s"), strerror(errno));
		d->dir[0] = '\0';
		return -1;
	}
	snprintf(db, sizeof(db), "%s/kabinet.db", d->dir);
	snprintf(outbox, sizeof(outbox), "%s/outbox.jsonl", d->dir);
	snprintf(logpath, sizeof(logpath), "%s/kabinetd.log", d->dir);
	if (pipe(out)) {
		snprintf(err, errsize, "pipe: %s", strerror(errno));
		demo_stop(d);
		return -1;
	}
	d->pid = fork();
	if (d->pid < 0) {
		snprintf(err, errsize, "fork: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		d->pid = 0;
		demo_stop(d);
		return -1;
	}
	if (d->pid == 0) {
		int null = open("/dev/null", O_RDONLY), log = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		/* Its own process group: Ctrl-C in the terminal is for the client, which
		 * then stops the server itself; and it dies with us whatever happens. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (null >= 0)
			dup2(null, 0);
		dup2(out[1], 1);
		if (log >= 0)
			dup2(log, 2);
		close(out[0]);
		execl(server, server, "--listen", "127.0.0.1:0", "--db", db, "--seed", "demo",
		      "--outbox", outbox, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	pfd.fd = out[0];
	pfd.events = POLLIN;
	/* One line, read byte by byte so nothing after it is taken. */
	while (len + 1 < sizeof(line)) {
		char c;
		ssize_t n;
		if (poll(&pfd, 1, START_TIMEOUT_MS) <= 0)
			break;
		n = read(out[0], &c, 1);
		if (n <= 0 || c == '\n')
			break;
		line[len++] = c;
	}
	line[len] = '\0';
	close(out[0]);
	if (strncmp(line, prefix, strlen(prefix)) || strncmp(line + strlen(prefix), "http", 4)) {
		snprintf(err, errsize, _("the demo server did not start (see %s)"), logpath);
		demo_stop(d);
		return -1;
	}
	snprintf(d->url, sizeof(d->url), "%s", line + strlen(prefix));
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void demo_stop(struct demo *d)
{
	if (d->pid > 0) {
		int status;
		kill(d->pid, SIGTERM);
		while (waitpid(d->pid, &status, 0) < 0 && errno == EINTR)
			;
		d->pid = 0;
	}
	if (d->dir[0]) {
		nftw(d->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		d->dir[0] = '\0';
	}
}
