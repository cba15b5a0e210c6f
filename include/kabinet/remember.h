/* One remembered login shared by many processes, and what is remembered besides the
 * token itself.
 *
 * The remember token rotates at every loginByToken, and the server takes a rotated
 * token presented again for theft. Every kabinet process of one server and login
 * (full screens, subcommands, cron jobs) exchanges the stored token in turn:
 *
 *   struct remember rm;
 *   remember_init(&rm, server, login, &keep);  keep: tokens go to the keyring
 *   remember_attach(&rm, api);                 api_on_token + api_token_guard
 *   api_set_remember_token(api, token);        the one found at start
 *   api_login_by_token(api, done, ud);         and every transparent re-login
 *
 * Right before each loginByToken goes out the guard takes the lock of that server and
 * login (flock on $XDG_RUNTIME_DIR/kabinet/login-<hash>.lock, else the same name
 * under the state directory's locks/), without ever blocking the caller: while
 * another process holds it the call waits, parked (api.h). Holding it, the guard
 * reads the token from the keyring again — another process may have stored a new one
 * meanwhile — and the call goes out with that. The answer's new token goes to the
 * keyring (api_on_token), and the lock goes when the call is done with. A holder that
 * takes longer than REMEMBER_LOCK_WAIT_MS (a hung network) is not waited for: the
 * server's grace window (docs/api.md) covers the overlap.
 *
 * Besides: the last login per server (state directory, not a secret) and the name a
 * remembered device is given ("kabinet 0.1.0 on desk (Debian 12)"). */
#ifndef KABINET_REMEMBER_H
#define KABINET_REMEMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/keyring.h"

struct api;

#define REMEMBER_LOCK_WAIT_MS 10000

struct remember {
	/* Read at each use: they may point at a login being typed, a choice the person
	 * changes. *keep: new tokens go to the keyring, and are read back from it. */
	const char *server;
	const char *login;
	const bool *keep;
	/* What the last keyring write said (for the bottom line). */
	bool tried, stored;
	struct keyring_status st;
	/* The lock, when held; since when it was found busy (monotonic ms, 0 not). */
	int fd;
	long long busy_since;
};

enum remember_lock {
	REMEMBER_LOCK_HELD,	/* *fd holds it */
	REMEMBER_LOCK_BUSY,	/* another process holds it */
	REMEMBER_LOCK_NONE,	/* no lock file can be had (no directory): go on without */
};

void remember_init(struct remember *rm, const char *server, const char *login,
		   const bool *keep);
/* Sets rm as the api's token sink and guard; remember_detach() unsets both. rm must
 * live as long as it is attached. */
void remember_attach(struct remember *rm, struct api *api);
void remember_detach(struct api *api);

/* The lock file of a server and login into buf: 0, or -1 when no directory is known
 * or buf is too small. The directory is not created. */
int remember_lock_path(const char *server, const char *login, char *buf, size_t size);
/* Takes the lock without waiting (the directory is made, 0700, the file 0600). */
enum remember_lock remember_lock_try(const char *server, const char *login, int *fd);
void remember_unlock(int fd);

/* The login that last logged in to server from this account into buf (size > 254 *
 * 4): 0, or -1 when none is kept (or the file is not one we wrote). */
int remember_last_login(const char *server, char *buf, size_t size);
/* Keeps login as the last one of server: <state dir>/last-login-<hash>, written
 * atomically, 0600. Returns 0, or -1 with errno set. */
int remember_set_last_login(const char *server, const char *login);
/* Removes the last login of server when it is login. Returns 0 (also when it was not
 * kept), or -1 with errno set. */
int remember_forget_last_login(const char *server, const char *login);
/* The file of remember_last_login(); 0 or -1. */
int remember_last_login_path(const char *server, char *buf, size_t size);

/* The operating system's name from the text of os-release(5): NAME without a trailing
 * "GNU/Linux", and VERSION_ID ("Debian 12"); else PRETTY_NAME; else "". Printable
 * characters only, at most 20. Returns buf. */
char *remember_os_name(const char *os_release, char *buf, size_t size);
/* "kabinet 0.1.0 on HOST (OS)" for this computer (/etc/os-release, else
 * /usr/lib/os-release), at most 64 characters, nothing a terminal would take for a
 * command. Returns buf. */
char *remember_device_name(char *buf, size_t size);

#endif
