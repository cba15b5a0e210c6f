/* The command line as data: the global options and the subcommands with their own
 * options. cli.c reads its getopt table and the known subcommands from here, and
 * tools/gen-completions.c writes the bash, zsh and fish completions from the same
 * tables (tests/completion/check.sh holds them to what --help prints). */
#ifndef KABINET_CMD_COMMANDS_H
#define KABINET_CMD_COMMANDS_H

#include <stddef.h>

/* What completes an option's value. */
enum cli_complete {
	CLI_COMPLETE_NONE,	/* free text: nothing offered */
	CLI_COMPLETE_WORDS,	/* the value's name is the list: "ru|en" */
	CLI_COMPLETE_FILE,	/* a file name */
	CLI_COMPLETE_COMMAND,	/* a command (--password-command) */
	CLI_COMPLETE_PROFILE,	/* a [profile NAME] of the config (kabinet --list-profiles) */
};

/* X(ID, "name", "VALUE", COMPLETE): the global options, in --help's order; "" for
 * VALUE when the option takes none. */
#define CLI_OPTIONS(X) \
	X(SERVER,           "server",           "URL",     NONE) \
	X(LOGIN,            "login",            "LOGIN",   NONE) \
	X(PROFILE,          "profile",          "NAME",    PROFILE) \
	X(DEMO,             "demo",             "",        NONE) \
	X(READ_ONLY,        "read-only",        "",        NONE) \
	X(LANG,             "lang",             "ru|en",   WORDS) \
	X(CONFIG,           "config",           "FILE",    FILE) \
	X(NO_KEYRING,       "no-keyring",       "",        NONE) \
	X(PASSWORD_COMMAND, "password-command", "CMD",     COMMAND) \
	X(CA_FILE,          "ca-file",          "FILE",    FILE) \
	X(INSECURE_HTTP,    "insecure-http",    "",        NONE) \
	X(TIMEOUT,          "timeout",          "SECONDS", NONE) \
	X(STAFF,            "staff",            "",        NONE) \
	X(LIST_PROFILES,    "list-profiles",    "",        NONE) \
	X(VERSION,          "version",          "",        NONE) \
	X(HELP,             "help",             "",        NONE)

/* One option of a subcommand: "--json", its value's name (NULL for none), what
 * completes the value, and its group: options of the same non-zero group exclude
 * each other (--json and --csv), so a completion offers none once one is given. */
struct cli_arg {
	const char *name;
	const char *value;
	enum cli_complete complete;
	int group;
};

#define CLI_ARGS_MAX 6

/* A subcommand and its own options (the global ones are taken after it too). */
struct cli_command {
	const char *name;
	struct cli_arg args[CLI_ARGS_MAX];	/* up to the first without a name */
};

/* The i-th subcommand, NULL past the end; by name, NULL when unknown. */
const struct cli_command *cli_command_at(size_t i);
const struct cli_command *cli_command_find(const char *name);

#endif
