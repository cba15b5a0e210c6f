/* What the subcommands that read the cabinet share (balance, accounts, history,
 * charges, autopay, requests, access-log, notifications; logout takes only its wording of a time
 * limit): the private server of --demo, the api, the login (session.h: the same
 * credentials and exit statuses for all of them), getAccounts, an account's balance,
 * a list read page after page, a JSON line printed safely, an amount for --csv, and
 * the first failure, told on stderr with what it was for. */
#ifndef KABINET_CMD_COMMON_H
#define KABINET_CMD_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kabinet/cmd/demo.h"
#include "kabinet/model/model.h"
#include "kabinet/model/paging.h"

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

/* The id of the account of s->accounts with that number (--account NUMBER), or NULL. */
const char *cmd_account_id(const struct cmd_session *s, const char *number);

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

/* A request about one account of s->accounts. cmd_balance_read() is the api's
 * callback of getAccountBalanceV2 for it (ud: a struct cmd_account_req): the balance
 * kept on the account, a failure kept in the session ("balance of NUMBER"). */
struct cmd_account_req {
	struct cmd_session *s;
	size_t index;
};
void cmd_balance_read(void *ud, const struct api_reply *r);

/* Prints a JSON text the subcommand made (NULL: it could not be made) on a line of
 * its own, made safe by text_json_safe(), and frees it. False when out of memory
 * (nothing printed). */
bool cmd_print_json(char *text);

/* Kopecks as -1234.56: a dot and no groups, for spreadsheets and scripts (--csv). */
void cmd_plain_amount(int64_t k, char *buf, size_t size);

/* A list read page after page by cursor (getPaymentHistory, getRequests,
 * getAccessLog), bounded by paging.h's guard: cmd_paged_run() asks for one page at a
 * time until the last one, a failure (kept in the session) or the guard's stop (kept
 * in words: "WHAT: why"). */
struct cmd_paged {
	struct cmd_session *s;
	const char *method;		/* the API's */
	const char *what;		/* what a failure was for: "The payment history" */
	void *ud;			/* the subcommand's, for the three below */
	/* The body that asks for the page at cursor ("": the first); NULL: no memory. */
	char *(*body)(void *ud, const char *cursor);
	/* Reads an answer into the subcommand's page: its rows and its next cursor (valid
	 * while the page is), or false with merr filled (nothing kept). */
	bool (*read)(void *ud, const char *answer, size_t *rows, const char **next,
		     struct model_err *merr);
	/* The page read is taken (`keep`: its rows printed or kept; false when out of
	 * memory) or dropped (the guard stopped the load); freed either way. */
	bool (*take)(void *ud, bool keep);
	/* Words after the guard's when it stops the load (NULL: none). */
	const char *stop_note;

	/* The load's own. */
	struct page_guard guard;
	char cursor[256];
	bool more;
	bool stopped;			/* by the guard */
};
/* Runs the load with the guard's limits; afterwards, while_more (NULL: none) is asked
 * between pages whether to go on (a stream that cannot be written stops). */
void cmd_paged_run(struct cmd_paged *p, size_t max_rows, size_t max_bytes,
		   bool (*while_more)(void *ud));
/* Frees the guard. */
void cmd_paged_free(struct cmd_paged *p);
/* Room in *items (an array of `size`-byte rows, *cap of them) for `more` rows after
 * the n held, doubling: false (nothing changed) when the sizes would overflow or
 * memory runs out. For a subcommand that holds every row until the last page. */
bool cmd_rows_reserve(void **items, size_t *cap, size_t n, size_t more, size_t size);

/* Frees the accounts and the api, wipes the demo password, stops the demo server. */
void cmd_session_close(struct cmd_session *s);

#endif
