/* --demo: a private kabinetd with a fresh demo database (see demo.h), and the
 * clean-up of what killed demos left in the temporary directory. */
#include "kabinet/cmd/demo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/exe.h"
#include "kabinet/i18n.h"

#define START_TIMEOUT_MS 20000	/* seeding the demo takes a moment */
#define DIR_PREFIX "kabinet-demo-"
#define LOCK_NAME "lock"
/* The lock is made under another name and renamed when held, so a "lock" that a
 * later start finds free is never one whose owner has not locked it yet. */
#define LOCK_NEW_NAME "lock.new"
/* A directory without a lock is a demo that is starting (its lock not yet made) or
 * one of a kabinet from before the locks; only one untouched this long is left over. */
#define LOCKLESS_AGE (60 * 60)
/* Bounds that keep a start quick whatever the temporary directory holds; what is
 * left waits for the next start. */
#define MAX_CLEANED 16
#define MAX_DEPTH 8

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* kabinetd beside this program (the build directory, or the same bin/), else PATH. */
static bool find_server(char *out, size_t size)
{
	const char *path = getenv("PATH");

	if (exe_beside(out, size, "kabinetd") && executable(out))
		return true;
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

/* Removes everything inside the directory DFD (which it closes), never following a
 * symbolic link: each entry is looked at and removed relative to its directory. */
static int remove_inside(int dfd, int depth)
{
	DIR *dir = fdopendir(dfd);
	struct dirent *e;
	int rc = 0;

	if (!dir) {
		close(dfd);
		return -1;
	}
	rewinddir(dir);	/* DFD may have been read through a duplicate (last_change) */
	while ((e = readdir(dir))) {
		struct stat st;
		int sub;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			rc = -1;
		} else if (!S_ISDIR(st.st_mode)) {
			if (unlinkat(dirfd(dir), e->d_name, 0))
				rc = -1;
		} else {
			sub = depth < MAX_DEPTH ? openat(dirfd(dir), e->d_name,
							 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
			if (sub < 0 || remove_inside(sub, depth + 1) ||
			    unlinkat(dirfd(dir), e->d_name, AT_REMOVEDIR))
				rc = -1;
		}
	}
	closedir(dir);
	return rc;
}

/* When a lock-less directory last changed: the newest modification time of itself
 * and of what is directly in it (a live old-style demo writes its database and log). */
static time_t last_change(int dfd, const struct stat *st)
{
	time_t t = st->st_mtime;
	int fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return time(NULL);	/* unknown: as if just changed, so it stays */
	}
	while ((e = readdir(dir))) {
		struct stat in;
		if (!strcmp(e->d_name, ".."))
			continue;	/* the temporary directory changes all the time */
		if (!fstatat(dirfd(dir), e->d_name, &in, AT_SYMLINK_NOFOLLOW) && in.st_mtime > t)
			t = in.st_mtime;
	}
	closedir(dir);
	return t;
}

/* Whether the directory DFD (the entry NAME of TMPFD) is a demo's whose owner is gone;
 * if so, *LOCK is the lock taken from it, held while the directory is removed. */
static bool left_over(int tmpfd, const char *name, int dfd, int *lock)
{
	struct stat st, opened;
	int fd;

	*lock = -1;
	/* Only a real directory of ours, that no one else could write into; and still the
	 * same one that was opened (the name could have been replaced in between). */
	if (fstatat(tmpfd, name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) ||
	    fstat(dfd, &opened) || opened.st_dev != st.st_dev || opened.st_ino != st.st_ino)
		return false;
	fd = openat(dfd, LOCK_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT && time(NULL) - last_change(dfd, &st) > LOCKLESS_AGE;
	if (fstat(fd, &opened) || !S_ISREG(opened.st_mode) || opened.st_uid != geteuid() ||
	    flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);	/* held: its demo still runs */
		return false;
	}
	*lock = fd;
	return true;
}

int demo_clean(const char *tmpdir)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	int removed = 0;

	if (!dir)
		return 0;
	while (removed < MAX_CLEANED && (e = readdir(dir))) {
		int dfd, lock;

		if (strncmp(e->d_name, DIR_PREFIX, strlen(DIR_PREFIX)))
			continue;
		dfd = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd < 0)
			continue;
		if (!left_over(dirfd(dir), e->d_name, dfd, &lock)) {
			close(dfd);
			continue;
		}
		if (!remove_inside(dfd, 0) && !unlinkat(dirfd(dir), e->d_name, AT_REMOVEDIR))
			removed++;
		if (lock >= 0)
			close(lock);
	}
	closedir(dir);
	return removed;
}

/* Makes the directory's lock, held until this process ends (demo_stop() or a kill). */
static int take_lock(const char *path)
{
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), fd;

	if (dfd < 0)
		return -1;
	/* O_CLOEXEC: kabinetd must not hold it on when this process is gone. */
	fd = openat(dfd, LOCK_NEW_NAME, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0 && (flock(fd, LOCK_EX | LOCK_NB) || renameat(dfd, LOCK_NEW_NAME, dfd, LOCK_NAME))) {
		int saved = errno;
		close(fd);
		errno = saved;
		fd = -1;
	}
	close(dfd);
	return fd;
}

char *demo_password(void)
{
	/* The demo profiles' documented password (docs/demo-data.md). */
	return strdup("Kabinet-2026");
}

char *demo_staff_password(void)
{
	/* The demo staff's documented password (docs/demo-data.md). */
	return strdup("Staff-2026");
}

/* Reads at most size - 1 bytes of fd's first line into buf, byte by byte so that
 * nothing after it is taken, each within the start's time limit. */
static void read_line(int fd, char *buf, size_t size)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t len = 0;

	while (len + 1 < size && poll(&pfd, 1, START_TIMEOUT_MS) > 0) {
		char c;
		if (read(fd, &c, 1) <= 0 || c == '\n')
			break;
		buf[len++] = c;
	}
	buf[len] = '\0';
}

int demo_staff_code(const struct demo *d, char *buf, size_t size)
{
	char db[512];
	int out[2], status = 0;
	pid_t pid;

	if (!d->exe[0] || !d->dir[0] || size < 7 || pipe2(out, O_CLOEXEC))
		return -1;
	snprintf(db, sizeof(db), "%s/kabinet.db", d->dir);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 2);
		}
		dup2(out[1], 1);
		execl(d->exe, d->exe, "admin", "staff", "--db", db, "code", DEMO_STAFF_LOGIN,
		      (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	if (pid < 0) {
		close(out[0]);
		return -1;
	}
	read_line(out[0], buf, size);
	close(out[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strlen(buf) != 6 ||
	    strspn(buf, "0123456789") != 6) {
		memset(buf, 0, size);
		return -1;
	}
	return 0;
}

int demo_start(struct demo *d, char *err, size_t errsize)
{
	char db[512], outbox[512], logpath[512], line[256];
	char *server = d->exe;
	const char *tmp = getenv("TMPDIR");
	int out[2];
	pid_t parent;
	const char *prefix = "kabinetd listening on ";

	memset(d, 0, sizeof(*d));
	d->lock = -1;
	if (!find_server(server, sizeof(d->exe))) {
		snprintf(err, errsize, "%s",
			 _("--demo needs kabinetd beside kabinet or in PATH; run `make` first"));
		return -1;
	}
	if (!tmp || !*tmp)
		tmp = "/tmp";
	demo_clean(tmp);
	snprintf(d->dir, sizeof(d->dir), "%s/" DIR_PREFIX "XXXXXX", tmp);
	if (!mkdtemp(d->dir)) {
		snprintf(err, errsize, _("cannot create a temporary directory: %s"), strerror(errno));
		d->dir[0] = '\0';
		return -1;
	}
	d->lock = take_lock(d->dir);
	if (d->lock < 0) {
		snprintf(err, errsize, _("cannot lock the demo directory %s: %s"), d->dir,
			 strerror(errno));
		demo_stop(d);
		return -1;
	}
	snprintf(db, sizeof(db), "%s/kabinet.db", d->dir);
	snprintf(outbox, sizeof(outbox), "%s/outbox.jsonl", d->dir);
	snprintf(logpath, sizeof(logpath), "%s/kabinetd.log", d->dir);
	parent = getpid();
	/* Close-on-exec: the server gets the write end as its stdout through dup2(), and
	 * no other copy of either end. */
	if (pipe2(out, O_CLOEXEC)) {
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
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC),
		    log = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		/* Its own process group: Ctrl-C in the terminal is for the client, which
		 * then stops the server itself; and it dies with us whatever happens, even
		 * if we died before the death signal was asked for. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		if (null >= 0)
			dup2(null, 0);
		dup2(out[1], 1);
		if (log >= 0)
			dup2(log, 2);
		execl(server, server, "--listen", "127.0.0.1:0", "--db", db, "--seed", "demo",
		      "--outbox", outbox, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	read_line(out[0], line, sizeof(line));
	close(out[0]);
	if (strncmp(line, prefix, strlen(prefix)) || strncmp(line + strlen(prefix), "http", 4)) {
		snprintf(err, errsize, _("the demo server did not start (see %s)"), logpath);
		demo_stop(d);
		return -1;
	}
	snprintf(d->url, sizeof(d->url), "%s", line + strlen(prefix));
	return 0;
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
	/* d->lock means something only once demo_start() made the directory: a zeroed
	 * struct demo has 0 there, which is not ours to close. */
	if (d->dir[0]) {
		int dfd = open(d->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd >= 0 && !remove_inside(dfd, 0))
			rmdir(d->dir);
		if (d->lock >= 0)
			close(d->lock);
		d->lock = -1;
		d->dir[0] = '\0';
	}
}
