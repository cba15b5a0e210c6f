/* kabinetd's log: timestamped lines on stderr. Callers never pass secrets. Lines of a
 * kind that may come in floods go through log_limited. */
#include "kabinet/server/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "kabinet/server/srv.h"

#define LINE_MAX_BYTES 1024
#define LIMITED_KINDS 32

static void write_line(const char *line)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* One fprintf per line so that threads do not interleave inside a line. */
	fprintf(stderr, "kabinetd %s %s\n", stamp, line);
}

void log_msg(const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	write_line(line);
}

/* The kinds seen lately: when each last wrote a line, and the lines held back since
 * (their count and the last of them). A kind not seen for long gives its place up. */
static struct {
	pthread_mutex_t lock;
	struct {
		const void *key;
		int64_t last_ms;
		unsigned held;
		char line[LINE_MAX_BYTES];
	} kind[LIMITED_KINDS];
} limited = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The line for what was held back: the last such line and how many there were. */
static void write_held(const char *line, unsigned held)
{
	char out[LINE_MAX_BYTES + 96];
	snprintf(out, sizeof(out), "%s (%u such in the last %d s)", line, held,
		 LOG_LIMITED_MS / 1000);
	write_line(out);
}

/* The place of key's kind: its own, a free one, or the one idle longest (whose held
 * lines, if any, are written first). Under the lock. */
static int kind_of(const void *key, int64_t now)
{
	int oldest = 0;
	for (int i = 0; i < LIMITED_KINDS; i++) {
		if (limited.kind[i].key == key)
			return i;
		if (limited.kind[i].last_ms < limited.kind[oldest].last_ms)
			oldest = i;
	}
	if (limited.kind[oldest].held)
		write_held(limited.kind[oldest].line, limited.kind[oldest].held);
	limited.kind[oldest].key = key;
	limited.kind[oldest].last_ms = now - LOG_LIMITED_MS;
	limited.kind[oldest].held = 0;
	return oldest;
}

void log_limited(const void *key, const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	int64_t now = srv_mono_ms();
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&limited.lock);
	i = kind_of(key, now);
	if (now - limited.kind[i].last_ms >= LOG_LIMITED_MS) {
		if (limited.kind[i].held)
			write_held(limited.kind[i].line, limited.kind[i].held);
		limited.kind[i].held = 0;
		limited.kind[i].last_ms = now;
		write_line(line);
	} else {
		limited.kind[i].held++;
		snprintf(limited.kind[i].line, sizeof(limited.kind[i].line), "%s", line);
	}
	pthread_mutex_unlock(&limited.lock);
}

void log_flush(bool all)
{
	int64_t now = srv_mono_ms();
	pthread_mutex_lock(&limited.lock);
	for (int i = 0; i < LIMITED_KINDS; i++)
		if (limited.kind[i].held &&
		    (all || now - limited.kind[i].last_ms >= LOG_LIMITED_MS)) {
			write_held(limited.kind[i].line, limited.kind[i].held);
			limited.kind[i].held = 0;
			limited.kind[i].last_ms = now;
		}
	pthread_mutex_unlock(&limited.lock);
}
