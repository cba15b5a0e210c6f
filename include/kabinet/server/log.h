/* kabinetd's log: one line per event on stderr, never a secret. */
#ifndef KABINET_SERVER_LOG_H
#define KABINET_SERVER_LOG_H

#include <stdbool.h>

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The least time between two lines of one kind of log_limited. */
#define LOG_LIMITED_MS 10000

/* A line of a kind that may come in floods (a client's fault, an attack): key names the
 * kind (the format, or any constant address). The first is written at once; those
 * within LOG_LIMITED_MS of it are held back, and the last of them is written with
 * their count by log_flush once the time is over (or when a later one comes). */
void log_limited(const void *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes the held-back lines whose time is over (all of them with `all`, at the end);
 * called every fraction of a second. */
void log_flush(bool all);

#endif
