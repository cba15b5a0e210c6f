/* The model of the staff's support queue (docs/api.md "The support queue"):
 * staffGetQueue's pages, staffGetRequest's request with its messages (the answer of
 * staffReply, staffSetRequestStatus and staffAssignRequest too), every field read as
 * untrusted; the statuses and the waiting time in words; the bodies of the calls.
 * Pure like model.h: no curses, no network. */
#ifndef KABINET_MODEL_STAFF_QUEUE_H
#define KABINET_MODEL_STAFF_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"
#include "kabinet/model/support.h"

/* The staff API's four statuses (WAITING is the subscribers' RESOLVED). */
enum staff_req_status { SRQ_NEW, SRQ_IN_PROGRESS, SRQ_WAITING, SRQ_CLOSED, SRQ_STATUS_COUNT };

struct staff_request {
	char id[64];
	char *topic;			/* malloc'ed (SUPPORT_TOPIC_BYTES at most; unsafe) */
	enum staff_req_status status;
	char subscriber[256];		/* the subscriber's name (unsafe: drawn through text.c) */
	char account_number[16];	/* 12 digits, "" when null */
	char created_at[32];		/* RFC 3339 */
	bool waiting;			/* unanswered: waitingSeconds is a number */
	int64_t waiting_seconds;	/* 0 or more while waiting */
	char assignee_login[256];	/* "" when none (a label) */
	char assignee_name[256];	/* unsafe: drawn through text.c */
	/* staffGetRequest's only (none in a queue's page): */
	char account_id[64];		/* "" when null */
	struct req_message *msgs;
	size_t nmsgs;
};

struct staff_queue_page {
	struct staff_request *items;
	size_t n;
	char next_cursor[256];		/* "" on the last page */
};

/* staffGetRequest's (staffReply's, ...) request, messages required. */
enum model_status model_parse_staff_request(const char *json, struct staff_request *out,
					    struct model_err *err);
/* staffGetQueue's page. */
enum model_status model_parse_staff_queue(const char *json, struct staff_queue_page *out,
					  struct model_err *err);
void model_free_staff_request(struct staff_request *r);
void model_free_staff_queue(struct staff_queue_page *p);
/* Moves a request from src into dst; src is left empty. */
void model_move_staff_request(struct staff_request *dst, struct staff_request *src);

/* NEW, IN_PROGRESS, ... and the status in words (translated). */
const char *staff_req_status_code(enum staff_req_status s);
const char *staff_req_status_name(enum staff_req_status s);
/* How long the request has waited, in words ("2 h 5 min", "3 d 4 h", "under a
 * minute"; translated), `since` seconds after the server said so (the wait counts up
 * between loads); "answered" when it is not waiting. */
void staff_req_age(const struct staff_request *r, int64_t since, char *buf, size_t size);

/* Bodies (malloc'ed JSON text; NULL when out of memory). limit 0: the API's default.
 * staffGetRequest and staffAssignRequest take model_body_request_id()'s body, staffReply
 * model_body_request_message()'s (support.h). */
char *model_body_staff_queue(int limit, const char *cursor);
char *model_body_staff_status(const char *request_id, enum staff_req_status status);

#endif
