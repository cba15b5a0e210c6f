/* The model of the staff's lookup of subscribers (docs/api.md "staffFindSubscribers"):
 * its answer read as an untrusted reply (the handle by its shape, the name and the
 * masked contacts as text for people, the accounts as 12-digit numbers, at most
 * STAFF_FIND_MAX subscribers), and the body of the call. Pure like model.h. */
#ifndef KABINET_MODEL_STAFF_FIND_H
#define KABINET_MODEL_STAFF_FIND_H

#include <stddef.h>

#include "kabinet/model/model.h"

/* The most subscribers one answer gives (the API's cap): more is a bad reply. */
#define STAFF_FIND_MAX 20
/* The most accounts read of one subscriber; more is a bad reply. */
#define STAFF_FIND_ACCOUNTS_MAX 100
/* The longest query the API takes, in characters. */
#define STAFF_FIND_QUERY_MAX 200

struct staff_subscriber {
	char handle[64];	/* `subscriber`: an MJ_ID, for staffOpenView */
	char name[512];		/* for people (drawn through draw.c) */
	char phone[128];	/* masked ("+7 (922) ***-**-22"); "" when null */
	char email[320];	/* masked ("d***@kabinet.example"); "" when null */
	char (*accounts)[13];	/* 12 ASCII digits each; never NULL once read */
	size_t naccounts;
};

struct staff_find_result {
	struct staff_subscriber *items;
	size_t n;
};

/* staffFindSubscribers' answer; on MODEL_BAD out is empty. */
enum model_status model_parse_staff_find(const char *json, struct staff_find_result *out,
					 struct model_err *err);
void model_free_staff_find(struct staff_find_result *r);
/* The accounts of a subscriber joined by ", " ("590000000001, 590000000002"); cut on
 * a number's boundary with "…" when buf is too small. */
void staff_find_accounts_text(const struct staff_subscriber *s, char *buf, size_t size);

/* The reason of a view (staffOpenView), as the API takes it: 3 to STAFF_REASON_MAX
 * characters once the spaces around are trimmed, no control character. */
#define STAFF_REASON_MIN 3
#define STAFF_REASON_MAX 200
/* What is wrong with a reason (trimmed), in words (translated); NULL when nothing. */
const char *staff_reason_problem(const char *reason);
/* The same of a lookup's query (trimmed): 1 to STAFF_FIND_QUERY_MAX characters. */
const char *staff_query_problem(const char *query);

/* staffFindSubscribers' body; NULL when out of memory. */
char *model_staff_find_body(const char *query);

#endif
