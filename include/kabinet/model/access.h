/* The model of the audit trail a subscriber reads (docs/api.md "Who looked at my
 * data"): getAccessLog's pages of views, each a member of the operator's staff who
 * opened a read-only view of the profile (who, why, when) and what they looked at;
 * the methods in words for people. Pure like model.h: no curses, no network. */
#ifndef KABINET_ACCESS_H
#define KABINET_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/model.h"

/* What the API gives a reason, in characters; the most bytes of UTF-8 read for it
 * (4 a character and a little more): longer is a bad reply, never cut. */
#define ACCESS_REASON_MAX 200
#define ACCESS_REASON_BYTES (4 * ACCESS_REASON_MAX + 7)
/* The most bytes of a staff member's display name; longer is a bad reply. */
#define ACCESS_NAME_BYTES 512
/* The most methods one view may list: each of the API's read methods once makes
 * about twenty; more is a bad reply. */
#define ACCESS_METHODS_MAX 64

struct access_method {
	char method[64];	/* the API method's name (an MJ_ID) */
	char first_at[32];	/* RFC 3339: its first call in the view */
};

struct access_view {
	char id[64];		/* viewId */
	char staff_login[260];	/* a label: no control, bidi or invisible character */
	char *staff_name;	/* malloc'ed, as it came (unsafe: drawn through text.c) */
	char *reason;		/* malloc'ed, as it came (unsafe: drawn through text.c) */
	char opened_at[32];	/* RFC 3339 */
	struct access_method *methods;	/* in the order first called; never NULL once read */
	size_t nmethods;
};

struct access_page {
	struct access_view *items;
	size_t n;
	char next_cursor[256];	/* "" on the last page */
};

/* getAccessLog's page. */
enum model_status model_parse_access_log(const char *json, struct access_page *out,
					 struct model_err *err);
void model_free_access_view(struct access_view *v);
void model_free_access_log(struct access_page *p);
/* Moves a view (what it holds) from src into dst; src is left empty. */
void model_move_access_view(struct access_view *dst, struct access_view *src);

/* What a method let the staff member see, in words (translated): "accounts",
 * "payment history", ...; a method the client does not know is its own name. */
const char *access_method_words(const char *method);
/* The view's methods in words joined by ", " (each named once, in their order); "" when
 * none; `with_times`: each with the local time it was first looked at
 * ("accounts (13:00)", the date too when not the day the view was opened). Cut on a character boundary when buf is too
 * small. */
void access_methods_text(const struct access_view *v, bool with_times, char *buf,
			 size_t size);

/* getAccessLog's body: limit 0 is the API's default; cursor NULL or "": the first page. */
char *model_body_access_log(int limit, const char *cursor);

#endif
