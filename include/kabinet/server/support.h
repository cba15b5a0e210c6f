/* What the subscribers' support requests (support.c) share with the staff's support
 * queue (staff_queue.c): the text rules and a request's messages. */
#ifndef KABINET_SERVER_SUPPORT_H
#define KABINET_SERVER_SUPPORT_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct call;

#define SUPPORT_TEXT_MAX 4000	/* characters, not bytes: Cyrillic takes two bytes each */

/* A required text field of 1 to max characters; only spaces, tabs and newlines count as
 * missing. CALL_OK or CALL_FAIL with VALIDATION set. */
int support_in_text(struct call *c, const char *name, size_t max, const char **out);
/* Every message of the request, oldest first, into obj's array "messages" (created when
 * absent): from, at, text, and author for support's messages written by a member of
 * staff. CALL_OK or INTERNAL. */
int support_messages_out(struct call *c, cJSON *obj, const char *request_id);

#endif
