/* Per-installation state under $XDG_STATE_HOME/kabinet/ (else ~/.local/state/kabinet/):
 * the client_uuid the server uses to tell devices apart, and the directory, the
 * whole-file writing, the files' names by server and login and the reading of their
 * strings that the others kept on disk use (the last login, drafts, money intents,
 * locks, the support messages seen, the overview's cache). Nothing secret is ever
 * written there. */
#ifndef KABINET_STATE_H
#define KABINET_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct diag;

/* The state directory's path into buf (not created). Returns 0, or -1 when neither
 * $XDG_STATE_HOME (absolute) nor a home directory is known or buf is too small. */
int state_dir(char *buf, size_t size);

/* This installation's client_uuid, a random UUID v4 ("xxxxxxxx-xxxx-4xxx-yxxx-
 * xxxxxxxxxxxx", lowercase) into out. Created from /dev/urandom on first use in
 * <state dir>/client_uuid (file 0600, directory 0700), the same ever after. A corrupt
 * file is replaced, with a warning in `warnings`. Returns 0; -1 when it could not be
 * kept on disk (out still holds a fresh UUID for this run; the warning says why). */
int state_client_uuid(char out[37], struct diag *warnings);

/* mkdir -p, each new directory 0700, the last one made 0700 even when it was there
 * already. Returns 0, or -1 with errno set. path is changed and put back. */
int state_make_dirs(char *path);

/* Writes text to path whole or not at all: a temporary file beside it (mode 0600),
 * synced, then renamed over it. The directory must exist. 0, or -1 with errno. */
int state_write_atomic(const char *path, const char *text);

/* The same of a text that was just made (NULL: it could not be, ENOMEM), which is
 * then given to release (free, cJSON_free); errno is the write's. */
int state_write_text(const char *path, char *text, void (*release)(void *));

/* The name of the files kept for a server and a login (NULL: the server's alone):
 * FNV-1a of both, which only keeps them apart; each file says whose it is inside. */
uint64_t state_key(const char *server, const char *login);
/* The path of such a file: DIR/PREFIX, the key of server and login in 16 hex digits,
 * then SUFFIX. Returns 0, or -1 when there is no DIR (get_dir failed) or buf is too
 * small. */
int state_key_path(int (*get_dir)(char *dir, size_t size), const char *prefix,
		   const char *server, const char *login, const char *suffix, char *buf,
		   size_t size);

/* Reads from fd into buf until n bytes, the end of the file or an error (a signal's
 * interruption is read through); returns the bytes read. */
size_t state_read_fd(int fd, void *buf, size_t n);

/* A whole file under `max` bytes as a string (malloc'ed), never following a symbolic
 * link; NULL when it cannot be read or is max bytes or longer. */
char *state_read_small(const char *path, size_t max);

/* The string member `name` of a JSON object of a file kept here into dst as it is:
 * false when absent, not a string, too long for dst (never cut) or holding a control
 * character. */
bool state_json_str(const struct cJSON *o, const char *name, char *dst, size_t size);

/* Whether s is a UUID as state_client_uuid() writes it. */
int state_uuid_valid(const char *s);

#endif
