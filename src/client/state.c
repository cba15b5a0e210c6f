/* Per-installation state (see state.h): the directory and the client_uuid file,
 * created with care for a first run that two instances may race; the writing, naming
 * and reading helpers of the files others keep. */
#include "kabinet/state.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabinet/diag.h"
#include "kabinet/i18n.h"
#include "kabinet/xdg.h"

#define UUID_FILE "client_uuid"

int state_dir(char *buf, size_t size)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state", buf, size);
}

int state_uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return s[36] == '\0' && s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

size_t state_read_fd(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

static int random_bytes(unsigned char *b, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd >= 0) {
		got = state_read_fd(fd, b, n);
		close(fd);
	}
	/* Without /dev/urandom (a chroot), the same kernel source by system call. */
	while (got < n) {
		ssize_t r = getrandom(b + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static void new_uuid(char out[37])
{
	unsigned char b[16];

	if (random_bytes(b, sizeof(b)) != 0) {
		/* Nothing random at all: still a well-formed UUID, just not a unique one. */
		memset(b, 0, sizeof(b));
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

/* mkdir -p, each new directory 0700 (the XDG spec's mode for its base directories);
 * the last one is made 0700 even when it was already there. */
int state_make_dirs(char *path)
{
	struct stat sb;

	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -1;
	if (stat(path, &sb) != 0)
		return -1;
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if ((sb.st_mode & 07777) != 0700 && chmod(path, 0700) != 0)
		return -1;
	return 0;
}

/* Reads the file: 1 with a valid uuid in out, 0 when it is corrupt, -1 on an error
 * (errno set; ENOENT when there is none). */
static int read_uuid(const char *path, char out[37])
{
	char buf[64];
	ssize_t n;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return errno == ELOOP ? 0 : -1;	/* a symlink in its place is not ours */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return 0;
	}
	do
		n = read(fd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	buf[n] = '\0';
	if (n == 37 && buf[36] == '\n')
		buf[36] = '\0';
	if (!state_uuid_valid(buf)) {
		close(fd);
		return 0;
	}
	if ((sb.st_mode & 07777) != 0600)
		(void)fchmod(fd, 0600);
	close(fd);
	memcpy(out, buf, 37);
	return 1;
}

/* Writes uuid to a temporary file next to path and puts it in place: with link()
 * (fails if another instance got there first) when creating, rename() when
 * replacing. Returns 0, 1 when another instance won the race, or -1 (errno set). */
static int write_uuid(const char *dir, const char *path, const char *uuid, int replace)
{
	char tmp[4096 + 32], line[38];
	int fd, rc = 0, e;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, UUID_FILE) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(line, sizeof(line), "%s\n", uuid);
	if (fchmod(fd, 0600) != 0 || write(fd, line, 37) != 37 || fsync(fd) != 0)
		rc = -1;
	e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0) {
		if (replace) {
			if (rename(tmp, path) != 0) {
				rc = -1;
				e = errno;
			}
		} else if (link(tmp, path) != 0) {
			e = errno;
			rc = e == EEXIST ? 1 : -1;
		}
	}
	/* Renamed, it is gone; linked or failed, the temporary name goes. */
	if (!(rc == 0 && replace))
		unlink(tmp);
	errno = e;
	return rc;
}

int state_client_uuid(char out[37], struct diag *warnings)
{
	char dir[4096], path[4096 + 32];
	char fresh[37];
	int r, w;

	new_uuid(fresh);
	if (state_dir(dir, sizeof(dir)) != 0) {
		diag_add(warnings, "%s",
			 _("no state directory (HOME unset): client_uuid kept for this run only"));
		goto memory;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, UUID_FILE);
	if (state_make_dirs(dir) != 0) {
		diag_add(warnings, _("%s: %s: client_uuid kept for this run only"), dir, strerror(errno));
		goto memory;
	}
	/* Two tries: the second after losing a first-run race to another instance. */
	for (int attempt = 0; attempt < 2; attempt++) {
		r = read_uuid(path, out);
		if (r == 1)
			return 0;
		if (r < 0 && errno != ENOENT) {
			diag_add(warnings, _("%s: %s: client_uuid kept for this run only"), path,
				 strerror(errno));
			goto memory;
		}
		if (r == 0)
			diag_add(warnings, _("%s: not a client_uuid; replaced with a new one"), path);
		w = write_uuid(dir, path, fresh, r == 0);
		if (w == 0) {
			memcpy(out, fresh, 37);
			return 0;
		}
		if (w < 0) {
			diag_add(warnings, _("%s: %s: client_uuid kept for this run only"), path,
				 strerror(errno));
			goto memory;
		}
	}
	diag_add(warnings, _("%s: cannot be read back: client_uuid kept for this run only"), path);
memory:
	memcpy(out, fresh, 37);
	return -1;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int state_write_atomic(const char *path, const char *text)
{
	char tmp[4400];
	const char *slash = strrchr(path, '/');
	int fd, rc = 0, e = 0, n;

	n = slash ? snprintf(tmp, sizeof(tmp), "%.*s/.new.XXXXXX", (int)(slash - path), path)
		  : snprintf(tmp, sizeof(tmp), ".new.XXXXXX");
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0600) != 0 || write_all(fd, text, strlen(text)) != 0 || fsync(fd) != 0) {
		rc = -1;
		e = errno;
	}
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		unlink(tmp);
		errno = e;
	}
	return rc;
}

int state_write_text(const char *path, char *text, void (*release)(void *))
{
	int rc, e;

	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	rc = state_write_atomic(path, text);
	e = errno;
	release(text);
	errno = e;
	return rc;
}

/* FNV-1a. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

uint64_t state_key(const char *server, const char *login)
{
	/* The server with its NUL: "ab"+"c" is not "a"+"bc". */
	uint64_t h = fnv(14695981039346656037u, server, strlen(server) + 1);

	return login ? fnv(h, login, strlen(login)) : h;
}

int state_key_path(int (*get_dir)(char *dir, size_t size), const char *prefix,
		   const char *server, const char *login, const char *suffix, char *buf,
		   size_t size)
{
	char dir[4096];
	int n;

	if (get_dir(dir, sizeof(dir)) != 0)
		return -1;
	n = snprintf(buf, size, "%s/%s%016" PRIx64 "%s", dir, prefix, state_key(server, login),
		     suffix);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

bool state_json_str(const struct cJSON *o, const char *name, char *dst, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	size_t n;

	if (!cJSON_IsString(v) || !v->valuestring)
		return false;
	n = strlen(v->valuestring);
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v->valuestring[i] < 0x20 || v->valuestring[i] == 0x7f)
			return false;
	memcpy(dst, v->valuestring, n + 1);
	return true;
}

char *state_read_small(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char *buf;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	if (buf)
		got = state_read_fd(fd, buf, max);
	close(fd);
	if (buf && got >= max) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[got] = '\0';
	return buf;
}
