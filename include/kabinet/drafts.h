/* Drafts of the multi-line texts of screen 7 (a new support request, a reply to a
 * request), kept on disk until they are sent or discarded.
 *
 * A draft is <state dir>/drafts/<server and login>/<name>.json: "new" for a new
 * request, "reply-<request id>" for a reply; it holds the topic, the account it is
 * about, the text, when it was saved, and the server and login it belongs to. It is
 * written whole and renamed into place (0600, directories 0700). A file that does not
 * read back as a draft of this server, login and request (cut, edited, too large, not
 * UTF-8) is ignored, never believed. Nothing secret is ever a draft.
 *
 * Pure state: no curses, no network. */
#ifndef KABINET_DRAFTS_H
#define KABINET_DRAFTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "kabinet/model/support.h"

/* The largest draft file read (a text of 16 000 characters, escaped, fits). */
#define DRAFT_FILE_MAX (256 * 1024)

struct draft {
	char topic[4 * SUPPORT_TOPIC_MAX + 8];	/* "" for a reply */
	char account_id[64];			/* "" for none */
	char *text;				/* malloc'ed UTF-8, never NULL once loaded */
	time_t saved;
};

/* Where the drafts of this server and login are, and which one: request_id NULL or ""
 * for a new request. */
struct draft_key {
	char path[4400];
	char server[512];
	char login[1024];
	char request_id[64];
};

/* The key of a draft. -1 when there is no state directory or the request's id cannot
 * name a file (then no draft is kept). */
int draft_key_init(struct draft_key *k, const char *server, const char *login,
		   const char *request_id);
/* Writes the draft (saved: now when 0). A draft with nothing in it (a blank topic
 * and text) removes the file instead. 0, or -1 with errno. */
int draft_save(const struct draft_key *k, const struct draft *d);
/* Reads the draft into *out (draft_free() it after). 0 when one was there and reads
 * as this key's; -1 otherwise (none, or one that is not believed). */
int draft_load(const struct draft_key *k, struct draft *out);
/* The draft is no more (sent or discarded). 0, or -1 with errno. */
int draft_remove(const struct draft_key *k);
/* Zeroes and frees the text. */
void draft_free(struct draft *d);

#endif
