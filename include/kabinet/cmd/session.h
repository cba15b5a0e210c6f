/* Logging in without the full screen (the subcommands): a remember token from the
 * keyring, else password_command, else the password asked on the terminal (/dev/tty,
 * no echo), with the two-step code asked the same way. Runs the api to completion. */
#ifndef KABINET_SESSION_H
#define KABINET_SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct api;
struct api_reply;

struct session_opts {
	const char *server;
	const char *login;
	const char *password_command;
	bool no_keyring;
	const char *password;	/* given in memory (--demo); NULL otherwise */
};

/* Returns CLI_EXIT_OK when a session is held, else the exit status the failure means
 * (CLI_EXIT_FAIL, CLI_EXIT_LOGIN, CLI_EXIT_USAGE) with a translated message in err.
 * When the credential was a keyring token, the rotated token is stored back. */
int session_login(struct api *api, const struct session_opts *o, char *err, size_t errsize);
/* The exit status a failed login call means (the same for every subcommand): refused
 * credentials, too many attempts or a login the API would not take are
 * CLI_EXIT_LOGIN, the rest CLI_EXIT_FAIL. */
int session_fail_status(const struct api_reply *r);

#endif
