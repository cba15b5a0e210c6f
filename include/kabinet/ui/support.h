/* What screen 7's files share (support.c, support_seen.c). */
#ifndef KABINET_UI_SUPPORT_H
#define KABINET_UI_SUPPORT_H

#include <stdbool.h>

struct request;

/* What was read (support_seen.c), per server (host) and request: whether an answer of
 * support came after the request was last opened; its messages up to now are read. */
bool support_unread(const char *host, const struct request *r);
void support_mark_read(const char *host, const struct request *r);

#endif
