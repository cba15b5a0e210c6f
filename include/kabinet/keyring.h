/* Where the client's credential comes from and goes to — never a clear-text file:
 * a password command, the Secret Service (libsecret), or memory for this run only.
 *
 * How the login screen uses it:
 *
 *   keyring_init();                          first thing in main(), before initscr()
 *   creds_harden_process();                  no core dumps, no ptrace
 *   keyring_obtain(&opts, server, login, &cred, &st);
 *     cred.kind == KEYRING_CRED_PASSWORD     log in with cred.secret (from the command)
 *     cred.kind == KEYRING_CRED_TOKEN        loginByToken with cred.secret (keyring)
 *     cred.kind == KEYRING_CRED_NONE         ask in the form; st says why, if it matters
 *   keyring_cred_clear(&cred);               wipes it
 *   after a login with "remember me" (and on every rotation, api_on_token()):
 *     keyring_store(server, login, token, &st)
 *   kabinet logout --forget: keyring_forget(server, login, &st)
 *   the bottom line: keyring_store_name(where), st.msg, keyring_log_take()
 *
 * What is stored is the server's rotating remember token, never the password:
 * schema "org.kabinet.Credential", attributes "server" (the base URL, matched exactly:
 * callers pass its normal form, url.h) and "login", so
 * `secret-tool search server http://127.0.0.1:8480` finds it.
 *
 * Nothing here ever hangs: without a session bus (no DBUS_SESSION_BUS_ADDRESS and no
 * $XDG_RUNTIME_DIR/bus) the answer is KEYRING_NO_BUS at once, D-Bus is never
 * autolaunched, and every keyring call gives up after 2 s (KEYRING_TIMEOUT).
 * Functions return a status and never print. */
#ifndef KABINET_KEYRING_H
#define KABINET_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

enum keyring_code {
	KEYRING_OK,
	KEYRING_NOT_FOUND,	/* nothing stored for this server and login */
	KEYRING_NO_BUS,		/* no session bus, or no Secret Service on it */
	KEYRING_LOCKED,		/* the item or the collection is locked */
	KEYRING_TIMEOUT,	/* the keyring or the password command took too long */
	KEYRING_ERROR,		/* anything else; msg says what */
};

/* A status for the bottom line. msg is translated, never holds a secret, and is
 * empty only for KEYRING_OK. */
struct keyring_status {
	enum keyring_code code;
	char msg[256];
};

/* Which store a credential came from or went to, for the bottom line. */
enum keyring_store {
	KEYRING_STORE_KEYRING,	/* the Secret Service */
	KEYRING_STORE_COMMAND,	/* password_command */
	KEYRING_STORE_MEMORY,	/* asked, kept in memory for this run only */
};

/* Default bounds; keyring_set_bounds() changes them (tests). */
#define KEYRING_CALL_MS 2000
#define KEYRING_COMMAND_MS 10000

/* Turns off D-Bus autolaunch when there is no session bus (for us and for anything we
 * run). Call first in main(), before any thread. Idempotent. GLib itself comes only
 * with the Secret Service plugin (keyring_secret.h), whose loading routes GLib's log
 * output into an in-memory buffer instead of the terminal. */
void keyring_init(void);

/* Copies the newest GLib message that arrived since the last call into buf and
 * returns true; false (buf untouched) when there is none, or no plugin is loaded. */
bool keyring_log_take(char *buf, size_t size);

/* Whether a session bus can be reached without autolaunching one; false means every
 * keyring call answers KEYRING_NO_BUS. Does no I/O beyond a stat(). */
bool keyring_bus_available(void);

/* The Secret Service, each call bounded by KEYRING_CALL_MS.
 * keyring_lookup: *token_out is a new string (free it with keyring_free_secret())
 * on KEYRING_OK, NULL otherwise. A token in a locked collection is KEYRING_LOCKED,
 * not KEYRING_NOT_FOUND, and is never unlocked (that would need a prompt).
 * keyring_store: stores or replaces (rotation) the token; KEYRING_LOCKED when the
 * default collection is locked.
 * keyring_forget: removes it; KEYRING_NOT_FOUND when there was nothing. */
enum keyring_code keyring_lookup(const char *server, const char *login, char **token_out,
				 struct keyring_status *st);
enum keyring_code keyring_store(const char *server, const char *login, const char *token,
				struct keyring_status *st);
enum keyring_code keyring_forget(const char *server, const char *login,
				 struct keyring_status *st);
/* Whether a remember token could be kept now (before asking the server for one):
 * KEYRING_OK when the Secret Service answers and its default collection is there and
 * unlocked; otherwise st says why (KEYRING_NO_BUS at once without a bus). Bounded by
 * KEYRING_CALL_MS like every call. */
enum keyring_code keyring_probe(struct keyring_status *st);

/* Runs `cmd` through /bin/sh -c with stdin from /dev/null, in its own process group;
 * the first line of its standard output is the password (*password_out, free with
 * keyring_free_secret()). Nothing secret goes into any argv or environment. Once
 * the line is complete stdout is closed; a command still running a moment later
 * has its process group stopped and the line stands. A non-zero exit is
 * KEYRING_ERROR with the command's stderr in msg; after KEYRING_COMMAND_MS without
 * a line the process group is killed (KEYRING_TIMEOUT). */
enum keyring_code keyring_password_command(const char *cmd, char **password_out,
					   struct keyring_status *st);

/* The whole order in one call. */
struct keyring_opts {
	const char *password_command;	/* config or --password-command; NULL or "" for none */
	bool no_keyring;		/* --no-keyring */
};

enum keyring_cred_kind {
	KEYRING_CRED_NONE,	/* ask the user; keep the answer in memory only */
	KEYRING_CRED_PASSWORD,	/* from password_command */
	KEYRING_CRED_TOKEN,	/* a remember token from the keyring: loginByToken */
};

struct keyring_cred {
	enum keyring_cred_kind kind;
	enum keyring_store from;	/* for keyring_store_name() */
	char *secret;			/* NULL for KEYRING_CRED_NONE */
};

/* password_command when set (its failure is not papered over: KEYRING_CRED_NONE with
 * the error in st), else the keyring (unless no_keyring), else ask. st is KEYRING_OK
 * when the credential came from somewhere, or says why the user has to be asked
 * (KEYRING_NOT_FOUND is the quiet usual case). Returns st->code. */
enum keyring_code keyring_obtain(const struct keyring_opts *opts, const char *server,
				 const char *login, struct keyring_cred *cred,
				 struct keyring_status *st);
/* Wipes and frees cred->secret and resets the struct. */
void keyring_cred_clear(struct keyring_cred *cred);

/* "keyring", "password command", "memory only" (translated). */
const char *keyring_store_name(enum keyring_store store);
/* Whether code means a keyring that is there but could not be read (locked, timed
 * out, broken): whether anything is stored is then unknown, unlike KEYRING_NOT_FOUND
 * and KEYRING_NO_BUS. */
bool keyring_unreadable(enum keyring_code code);
/* A short translated name of a code ("locked", "no keyring", ...). */
const char *keyring_code_name(enum keyring_code code);

/* Zeroes a secret string and frees it. NULL is fine. */
void keyring_free_secret(char *secret);
/* Zeroes memory in a way the compiler cannot drop. */
void keyring_wipe(void *p, size_t n);

/* Changes the bounds (milliseconds; <= 0 keeps the current one). For tests. */
void keyring_set_bounds(int call_ms, int command_ms);

/* No core dumps (RLIMIT_CORE 0) and not dumpable (no ptrace, no /proc/<pid>/mem by
 * other processes of the user), so a secret in memory does not end up on disk.
 * main() calls it first. Returns 0, or -1 when either step failed. */
int creds_harden_process(void);

#endif
