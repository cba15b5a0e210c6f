/* What the subcommands that read the cabinet share (balance, accounts, history,
 * autopay, requests; logout takes only its wording of a time limit): the private
 * server of --demo, the api, the login (session.h: the same credentials and exit
 * statuses for all of them), getAccounts, and the first failure, told on stderr
 * with what it was for. */
#ifndef KABINET_CMD_COMMON_H
#define KABINET_CMD_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "kabinet/cmd/demo.h"
#include "kabinet/model/model.h"

struct api;
struct api_reply;
struct cli;

struct cmd_session {
	struct api *api;
	const char *server;		/* the server's URL, for messages */
	struct account_list accounts;	/* getAccounts' answer (cmd_session_accounts) */
	int failed;			/* an exit status once something failed, else 0 */
	char err[1024];			/* that failure, for people */

	/* The session's own. */
	struct demo demo;
	bool demo_started;
	char *demo_pass;
};

/* Starts the private server for --demo, opens the api (with the time limit of
 * --timeout on everything it runs until idle) and logs in. Returns
 * CLI_EXIT_OK, or the exit status with the message already on stderr; call
 * cmd_session_close() either way. */
int cmd_session_open(struct cmd_session *s, const struct cli *cli);
/* getAccounts into s->accounts: CLI_EXIT_OK, or the status with the message told. */
int cmd_session_accounts(struct cmd_session *s);

/* The first failure is the one kept; `what` names what the request was for (NULL:
 * nothing to add). A reply that failed, one that could not be understood, no memory. */
void cmd_session_fail(struct cmd_session *s, const char *what, const struct api_reply *r);
void cmd_session_bad_reply(struct cmd_session *s, const char *what,
			   const struct model_err *merr);
void cmd_session_no_memory(struct cmd_session *s);
/* A failure in words of the subcommand's own ("what: text"), such as a paged load
 * stopped by paging.h's guard. */
void cmd_session_fail_text(struct cmd_session *s, const char *what, const char *text);
/* The words for --timeout's limit passed (opt.timeout seconds). */
void cmd_timeout_text(char *buf, size_t size);
/* After a round of requests: the failure, if any, on stderr; returns s->failed. */
int cmd_session_told(struct cmd_session *s);

/* The arguments after the subcommand's name. cmd_is_help(): --help or -h.
 * cmd_unexpected(): "NAME: unexpected argument ARG" and the usage on stderr; returns
 * CLI_EXIT_USAGE. cmd_json_args() is the whole loop of a subcommand that takes only
 * --json and --help: CMD_ARGS_RUN to run it (*json said), else the exit status, the
 * usage printed on stdout for --help. */
#define CMD_ARGS_RUN (-1)
bool cmd_is_help(const char *arg);
int cmd_unexpected(const char *name, const char *arg, void (*usage)(FILE *));
int cmd_json_args(const char *name, int argc, char **argv, void (*usage)(FILE *), bool *json);

/* Frees the accounts and the api, wipes the demo password, stops the demo server. */
void cmd_session_close(struct cmd_session *s);

#endif
