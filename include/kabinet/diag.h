/* Warnings collected while loading configuration: returned to the caller, which
 * decides how to show them (the bottom line, stderr before the screen starts). */
#ifndef KABINET_DIAG_H
#define KABINET_DIAG_H

#include <stddef.h>

/* At most this many messages are kept; the rest are only counted in `dropped`,
 * so a file of a million bad lines cannot eat memory. */
#define DIAG_MAX 100

struct diag {
	char **msg;
	size_t count;
	size_t dropped;
};

/* Appends a formatted message. A NULL diag discards it. */
void diag_add(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The newest message, or NULL when there is none. */
const char *diag_last(const struct diag *d);
/* Frees every message and leaves an empty diag. */
void diag_clear(struct diag *d);

#endif
