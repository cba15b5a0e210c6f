/* The subcommands and their own options (see commands.h): what their usage lines say,
 * kept as data for cli.c and the shell completions. */
#include "kabinet/cmd/commands.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --json and --csv are one group: a subcommand prints one or the other. */
enum { GROUP_FORMAT = 1 };

static const struct cli_command commands[] = {
	{ "balance", { { "--json", NULL, CLI_COMPLETE_NONE, 0 },
		       { "--below", "AMOUNT", CLI_COMPLETE_NONE, 0 } } },
	{ "accounts", { { "--json", NULL, CLI_COMPLETE_NONE, 0 } } },
	{ "history", { { "--account", "NUMBER", CLI_COMPLETE_NONE, 0 },
		       { "--from", "DATE", CLI_COMPLETE_NONE, 0 },
		       { "--to", "DATE", CLI_COMPLETE_NONE, 0 },
		       { "--json", NULL, CLI_COMPLETE_NONE, GROUP_FORMAT },
		       { "--csv", NULL, CLI_COMPLETE_NONE, GROUP_FORMAT } } },
	{ "charges", { { "--months", "N", CLI_COMPLETE_NONE, 0 },
		       { "--account", "NUMBER", CLI_COMPLETE_NONE, 0 },
		       { "--json", NULL, CLI_COMPLETE_NONE, GROUP_FORMAT },
		       { "--csv", NULL, CLI_COMPLETE_NONE, GROUP_FORMAT } } },
	{ "autopay", { { "--json", NULL, CLI_COMPLETE_NONE, 0 } } },
	{ "requests", { { "--json", NULL, CLI_COMPLETE_NONE, 0 } } },
	{ "access-log", { { "--json", NULL, CLI_COMPLETE_NONE, 0 } } },
	{ "notifications", { { "--json", NULL, CLI_COMPLETE_NONE, 0 } } },
	{ "logout", { { "--forget", NULL, CLI_COMPLETE_NONE, 0 } } },
};

const struct cli_command *cli_command_at(size_t i)
{
	return i < COUNT(commands) ? &commands[i] : NULL;
}

const struct cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < COUNT(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}
