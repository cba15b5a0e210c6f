/* kabinetd's log: one line per event on stderr, never a secret. */
#ifndef KABINET_SERVER_LOG_H
#define KABINET_SERVER_LOG_H

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
