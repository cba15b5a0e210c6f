/* The overview cache: the last overview's figures (accounts with their balances, the
 * bonus summary, the person's name; never a token, password or card) kept in
 * $XDG_CACHE_HOME/kabinet/overview-<hash of server and login>.json, so a remembered
 * login sees its figures at once on the next start. Read back strictly: what is not
 * exactly ours is ignored, and removed when it is our file. */
#ifndef KABINET_CACHE_H
#define KABINET_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "kabinet/model/model.h"

/* Above this a file is not read (10 000 accounts take about 2.5 MB). */
#define CACHE_MAX_BYTES (8u * 1024 * 1024)
#define CACHE_MAX_ACCOUNTS 100000u

/* What the cache holds. Accounts have no services; a balance that was not known
 * when the cache was written has bal.known false. */
struct cache_view {
	time_t taken;		/* when the figures were taken from the server */
	struct account_list accounts;
	struct bonus bonus;
	bool bonus_known;
	struct profile profile;	/* only the names: login, last name, name, middle name */
	bool profile_known;
};

enum cache_status {
	CACHE_OK,
	CACHE_NONE,		/* no cache for this server and login, or no cache directory */
	CACHE_BAD,		/* corrupt, too large, readable by others: ignored (and removed) */
	CACHE_UNSAFE,		/* not ours (another owner, an open directory): ignored, left */
};

/* The cache directory ($XDG_CACHE_HOME/kabinet, else ~/.cache/kabinet) into buf.
 * Returns 0, or -1 when no home is known or buf is too small. */
int cache_dir(char *buf, size_t size);
/* The cache file of a server (normal form, url.h) and login into buf; 0 or -1. */
int cache_path(const char *server, const char *login, char *buf, size_t size);

/* The JSON text of a view (malloc'ed), or NULL when out of memory. */
char *cache_format(const struct cache_view *v, const char *server, const char *login);
/* Reads JSON text written by cache_format for this server and login into out (which
 * the caller frees with cache_view_free, on success only). Anything else is
 * CACHE_BAD, with out left empty. */
enum cache_status cache_parse(const char *json, size_t len, const char *server,
			      const char *login, struct cache_view *out);

/* Writes the view atomically (a temporary file renamed into place), the file 0600 in
 * a 0700 directory. Returns 0, or -1 with errno set. */
int cache_save(const char *server, const char *login, const struct cache_view *v);
/* Reads the cache of this server and login; see enum cache_status. */
enum cache_status cache_load(const char *server, const char *login, struct cache_view *out);
/* Removes the cache of this server and login. Returns 0 (also when there was none),
 * or -1 with errno set. */
int cache_forget(const char *server, const char *login);

void cache_view_free(struct cache_view *v);

#endif
