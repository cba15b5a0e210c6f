/* The model of support requests (docs/api.md "Support requests"): getRequests' pages,
 * one request with its messages, the bodies of createRequest, addRequestMessage and
 * closeRequest; the statuses in words. Pure like model.h: no curses, no network. */
#ifndef KABINET_SUPPORT_H
#define KABINET_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/model.h"

/* What the API takes, in characters (not bytes). */
#define SUPPORT_TOPIC_MAX 200
#define SUPPORT_TEXT_MAX 4000
/* The most bytes of UTF-8 a topic from the server may have (docs/api.md): its
 * characters at 4 bytes each and a little more; longer is a bad reply, never cut. */
#define SUPPORT_TOPIC_BYTES (4 * SUPPORT_TOPIC_MAX + 7)

enum req_status { REQ_NEW, REQ_IN_PROGRESS, REQ_RESOLVED, REQ_CLOSED, REQ_STATUS_COUNT };

struct req_message {
	bool support;		/* from SUPPORT (else USER) */
	char at[32];		/* RFC 3339 */
	char *text;		/* whole, newlines kept (unsafe: drawn through text.c) */
	/* A SUPPORT message's staff member, "" when none (unsafe: drawn through text.c). */
	char author[256];
};

struct request {
	char id[64];
	char created_at[32];
	char *topic;		/* malloc'ed, as long as it came (SUPPORT_TOPIC_BYTES at most) */
	enum req_status status;
	char account_id[64];	/* "" when null */
	struct req_message *msgs;
	size_t nmsgs;
};

struct request_page {
	struct request *items;
	size_t n;
	char next_cursor[256];	/* "" on the last page */
};

/* A request object (getRequest, createRequest, addRequestMessage, closeRequest). */
enum model_status model_parse_request(const char *json, struct request *out,
				      struct model_err *err);
/* getRequests' page. */
enum model_status model_parse_requests(const char *json, struct request_page *out,
				       struct model_err *err);
void model_free_request(struct request *r);
void model_free_requests(struct request_page *p);
/* The `messages` of a request object (the subscribers' API's and the staff's alike)
 * into a calloc'ed array of *n; NULL with err filled and nothing to free. */
struct cJSON;
struct req_message *model_req_messages(const struct cJSON *o, size_t *n, struct model_err *err);
void model_free_req_messages(struct req_message *msgs, size_t n);
/* Moves a request (its messages) from src into dst; src is left empty. */
void model_move_request(struct request *dst, struct request *src);

/* NEW, IN_PROGRESS, ... and the status in words (translated). */
const char *req_status_code(enum req_status s);
const char *req_status_name(enum req_status s);
/* When the last message was written (createdAt when there is none). */
const char *req_last_at(const struct request *r);
/* Whether the last message is support's. */
bool req_last_from_support(const struct request *r);

/* Characters of UTF-8 text (what the API's limits count); bad bytes count one each. */
size_t support_chars(const char *utf8);
/* Whether the text is only spaces, tabs and newlines (the API calls it missing). */
bool support_blank(const char *utf8);

/* Bodies (malloc'ed JSON text; NULL when out of memory). limit 0: the API's default;
 * account_id NULL or "": none. */
char *model_body_requests(int limit, const char *cursor);
char *model_body_request_id(const char *request_id);
char *model_body_create_request(const char *topic, const char *account_id, const char *text);
char *model_body_request_message(const char *request_id, const char *text);

#endif
