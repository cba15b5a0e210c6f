/* kabinetd's log: timestamped lines on stderr. Callers never pass secrets. */
#include "kabinet/server/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void log_msg(const char *fmt, ...)
{
	char line[1024], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One fprintf per line so that threads do not interleave inside a line. */
	fprintf(stderr, "kabinetd %s %s\n", stamp, line);
}
