/* The command line: global options, the subcommands (balance, accounts, history,
 * charges, autopay, requests, access-log, notifications, logout), and the configuration they lead to (shipped defaults,
 * the user's file, a [profile], then the command line on top). Shared by the
 * full-screen client and the subcommands. */
#ifndef KABINET_CLI_H
#define KABINET_CLI_H

#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>

#include "kabinet/diag.h"

struct cli {
	/* As given; NULL when absent. */
	const char *server;
	const char *login;
	const char *profile;
	const char *lang;
	const char *config;
	const char *password_command;
	const char *ca_file;
	const char *timeout;	/* --timeout SECONDS: the subcommands' time limit */
	bool demo;
	bool insecure_http;	/* --insecure-http */
	bool read_only;		/* sticky: `:set read_only no` cannot lift it */
	bool no_keyring;
	bool staff;		/* --staff: the operator's staff side (set staff) */
	bool list_profiles;	/* --list-profiles: print the profiles' names and exit */
	const char *argv0;

	/* The subcommand and its own arguments, in order, without the global options
	 * given after its name (argv[0] is "balance"); argc 0 for none. The array is
	 * cli_free()'s to free, the strings are main's argv. */
	int cmd_argc;
	char **cmd_argv;

	/* Config warnings ("file:line: message"), shown after start. */
	struct diag warnings;
};

/* The exit statuses, the same for the full screen and every subcommand (the table of
 * kabinet(1), EXIT STATUS). */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,	/* the server could not be reached, failed or refused */
	CLI_EXIT_USAGE = 2,	/* the command line, an option value, a profile, the config
				 * file, no login given, no terminal for the full screen */
	CLI_EXIT_BELOW = 3,	/* balance --below: a balance is below the amount */
	CLI_EXIT_LOGIN = 4,	/* not logged in: wrong login or password, too many attempts,
				 * no password to be had (no remembered login, no terminal to
				 * ask, a password command or keyring that failed) */
};

/* "kabinet: MESSAGE" on stderr, the message made safe for a terminal first (it may
 * carry a server's words). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

enum cli_status {
	CLI_RUN,		/* run the full-screen client or the subcommand */
	CLI_HELP,		/* --help: print cli_usage() and exit 0 */
	CLI_VERSION,		/* --version */
	CLI_BAD_USAGE,		/* the message is in err: exit 2 */
};

/* Parses argv: global options, then an optional subcommand with its own arguments,
 * among which the global options are taken too, with the same meaning (--help there
 * is the subcommand's; what follows "--" is all the subcommand's). Only CLI_RUN
 * leaves anything for cli_free(). */
enum cli_status cli_parse(struct cli *cli, int argc, char **argv, char *err, size_t errsize);
void cli_usage(FILE *f);
/* Loads the configuration and applies the command line over it: config_reset(), the
 * shipped defaults, the user's file (or --config), the [profile] (--profile), then
 * --server, --login, --lang, --read-only, --no-keyring, --password-command, --staff.
 * Bad lines of files become warnings; a bad option value, an unknown profile or a
 * missing --config file is an error: returns -1 with the message in err (exit 2). */
int cli_configure(struct cli *cli, char *err, size_t errsize);
void cli_free(struct cli *cli);

/* The subcommands (src/client/cmd/cmd_balance.c, cmd_accounts.c, cmd_history.c,
 * cmd_charges.c, cmd_autopay.c, cmd_requests.c, cmd_access_log.c, cmd_notifications.c,
 * cmd_logout.c). argv[0] is the
 * subcommand's name; they parse their own options. Return the exit status
 * (enum cli_exit). */
int cmd_balance(struct cli *cli, int argc, char **argv);
int cmd_accounts(struct cli *cli, int argc, char **argv);
int cmd_logout(struct cli *cli, int argc, char **argv);
int cmd_history(struct cli *cli, int argc, char **argv);
int cmd_charges(struct cli *cli, int argc, char **argv);
int cmd_autopay(struct cli *cli, int argc, char **argv);
int cmd_requests(struct cli *cli, int argc, char **argv);
int cmd_access_log(struct cli *cli, int argc, char **argv);
int cmd_notifications(struct cli *cli, int argc, char **argv);

#endif
