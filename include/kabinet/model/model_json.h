/* What the model's readers share to read replies and write bodies: every one of the
 * model's files includes it; nothing outside the model does. */
#ifndef KABINET_MODEL_JSON_H
#define KABINET_MODEL_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "kabinet/model/model.h"

/* Fills err and returns MODEL_BAD. */
enum model_status mj_bad(struct model_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text for people into dst; absent or null is "" when optional. Too long is cut on a
 * character boundary with "…". */
bool mj_str(const cJSON *obj, const char *name, bool required, char *dst, size_t size,
	    struct model_err *err);
/* The identifiers' shapes of the contract (docs/api.md, "Conventions"). */
enum mj_ident {
	MJ_ID,			/* 1 to MJ_ID_MAX of A-Z a-z 0-9 - _ . ~ : */
	MJ_CURSOR,		/* the same alphabet, 1 to MJ_CURSOR_MAX */
	MJ_ACCOUNT_NUMBER,	/* 12 ASCII digits */
	MJ_PHONE,		/* +7 and 10 ASCII digits */
	MJ_CARD_MASK,		/* ASCII digits, '*' and spaces: 2200 00** **** 0004 */
	MJ_LABEL,		/* a name shown as an identifier (a service's number or
				 * login): no control, bidi, invisible character or
				 * non-ASCII digit */
};
#define MJ_ID_MAX 48
#define MJ_CURSOR_MAX 120
#define MJ_STR_(x) #x
#define MJ_STR(x) MJ_STR_(x)
/* An identifier into dst: one that does not have its kind's shape, or does not fit
 * dst, is a bad reply, never cut. Absent, null or "" is "" when optional. */
bool mj_ident(const cJSON *obj, const char *name, enum mj_ident kind, bool required,
	      char *dst, size_t size, struct model_err *err);
/* An id the client sends back: required, an MJ_ID. */
bool mj_id(const cJSON *obj, const char *name, char *dst, size_t size, struct model_err *err);
/* An integer (money, counts): no fraction, within ±2^53; *present says whether it was
 * there (may be NULL). */
bool mj_int(const cJSON *obj, const char *name, bool required, bool *present, int64_t *out,
	    struct model_err *err);
/* An RFC 3339 instant (2026-11-27T00:00:00Z): another shape is a bad reply. */
bool mj_instant(const cJSON *obj, const char *name, bool required, char *dst, size_t size,
		struct model_err *err);
/* Free text that goes out whole (--json, --csv) into dst; absent or null is "" when
 * optional. Longer than dst holds is a bad reply, never cut. */
bool mj_text(const cJSON *obj, const char *name, bool required, char *dst, size_t size,
	     struct model_err *err);
/* The same into *dst, malloc'ed to the size that came (a row held by the thousand
 * takes no more than its text): more than max bytes is a bad reply. *dst is NULL
 * unless it returns true; free it. */
bool mj_text_dup(const cJSON *obj, const char *name, bool required, size_t max, char **dst,
		 struct model_err *err);
/* The array member `name` of obj into *out: absent is "reply: NAME is missing" when
 * required (absent or null is *out = NULL when optional), anything but an array
 * "reply: NAME is not an array". */
bool mj_array(const cJSON *obj, const char *name, bool required, const cJSON **out,
	      struct model_err *err);
/* How mj_items() reads an array of objects into a new array of items. */
struct mj_items {
	const char *name;	/* the array member */
	bool required;		/* absent or null is no items when false */
	size_t size;		/* one item's size */
	/* Reads one element into item (zeroed): false with err filled, leaving
	 * nothing in item to free. */
	bool (*parse)(const cJSON *it, void *item, struct model_err *err);
	/* Frees what a read item holds, or NULL when it holds nothing. */
	void (*free_one)(void *item);
	/* A failure says which element: "reply: NAME[i]: what of it". */
	bool indexed;
};
/* The array member how->name of obj (as mj_array() reads it) read element by element
 * into a calloc'ed array of *n items with a spare slot (never NULL on success). On a
 * failure everything read is freed, *n is 0 and it returns NULL with err filled. */
void *mj_items(const cJSON *obj, const struct mj_items *how, size_t *n, struct model_err *err);
/* The same of a reply that is only that list: the reply text as an object
 * (mj_object()), its array read by mj_items(). */
void *mj_list(const char *json, const struct mj_items *how, size_t *n, struct model_err *err);
/* The same of a page of a list read by cursor: the list, then its nextCursor into
 * cursor (an MJ_CURSOR, "" when absent; too long is a bad reply, never cut). On a
 * failure cursor is "". */
void *mj_page(const char *json, const struct mj_items *how, size_t *n, char *cursor,
	      size_t cursor_size, struct model_err *err);
/* The body that asks for a page of a list by cursor: {"limit": N, "cursor": "..."},
 * limit 0 leaving the API's default and a NULL or "" cursor the first page. */
char *mj_page_body(int limit, const char *cursor);
/* A reply that is one object: out (size bytes) zeroed, the reply text as an object
 * (mj_object()), read into out by parse (as struct mj_items' parse). */
enum model_status mj_one(const char *json, bool (*parse)(const cJSON *o, void *out,
							 struct model_err *err),
			 void *out, size_t size, struct model_err *err);
/* The reply text as a JSON object, or NULL with err filled. */
cJSON *mj_object(const char *json, struct model_err *err);
/* Prints and deletes o; with `secret` the strings in it are wiped first. */
char *mj_print(cJSON *o, bool secret);
/* A body of string members: key, value, ..., NULL. `secret` is an int, not a bool:
 * va_start after a parameter that undergoes promotion is undefined (C11 7.16.1.4). */
char *mj_body(int secret, ...) __attribute__((sentinel));

#endif
