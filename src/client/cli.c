/* The command line and the configuration it leads to (see cli.h). Nothing here
 * prints except cli_usage(); callers decide how to show errors. */
#include "kabinet/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/text.h"

enum {
	OPT_SERVER = 256,
	OPT_LOGIN,
	OPT_PROFILE,
	OPT_DEMO,
	OPT_READ_ONLY,
	OPT_LANG,
	OPT_CONFIG,
	OPT_NO_KEYRING,
	OPT_PASSWORD_COMMAND,
	OPT_VERSION,
	OPT_HELP,
};

static const struct option long_options[] = {
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "login", required_argument, NULL, OPT_LOGIN },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-keyring", no_argument, NULL, OPT_NO_KEYRING },
	{ "password-command", required_argument, NULL, OPT_PASSWORD_COMMAND },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static const char *const subcommands[] = { "balance", "accounts", "logout" };

void cli_usage(FILE *f)
{
	text_print_lines(f,
		_("usage: kabinet [--server URL] [--login LOGIN] [--profile NAME] [--demo]\n"
		  "               [--read-only] [--lang ru|en] [--config FILE] [--no-keyring]\n"
		  "               [--password-command CMD]\n"
		  "       kabinet [options] balance [--json] [--below AMOUNT]\n"
		  "       kabinet [options] accounts [--json]\n"
		  "       kabinet [options] logout [--forget]\n"
		  "       kabinet --version | --help\n"
		  "\n"
		  "  --server URL            the personal-cabinet server (set server)\n"
		  "  --login LOGIN           login, e-mail, phone or account number (set login)\n"
		  "  --profile NAME          use the [profile NAME] section of the config\n"
		  "  --demo                  start a private demo server and log in to it\n"
		  "  --read-only             refuse everything that moves money or changes a service\n"
		  "  --lang ru|en            the interface language (set language)\n"
		  "  --config FILE           read FILE instead of ~/.config/kabinet/config\n"
		  "  --no-keyring            never read or store the login token in the keyring\n"
		  "  --password-command CMD  run CMD and take its first line as the password\n"
		  "\n"
		  "In the program, ? or F1 lists the keys; see kabinet(1) and kabinet-config(5).\n"));
}

enum cli_status cli_parse(struct cli *cli, int argc, char **argv, char *err, size_t errsize)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	cli->argv0 = argc > 0 ? argv[0] : "kabinet";
	opterr = 0;
	optind = 1;
	/* "+": stop at the subcommand; what follows is its own. */
	while ((c = getopt_long(argc, argv, "+", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_SERVER:
			cli->server = optarg;
			break;
		case OPT_LOGIN:
			cli->login = optarg;
			break;
		case OPT_PROFILE:
			cli->profile = optarg;
			break;
		case OPT_DEMO:
			cli->demo = true;
			break;
		case OPT_READ_ONLY:
			cli->read_only = true;
			break;
		case OPT_LANG:
			cli->lang = optarg;
			break;
		case OPT_CONFIG:
			cli->config = optarg;
			break;
		case OPT_NO_KEYRING:
			cli->no_keyring = true;
			break;
		case OPT_PASSWORD_COMMAND:
			cli->password_command = optarg;
			break;
		case OPT_VERSION:
			return CLI_VERSION;
		case OPT_HELP:
			return CLI_HELP;
		case ':':
			snprintf(err, errsize, _("option %s needs a value"), argv[optind - 1]);
			return CLI_BAD_USAGE;
		default: {
			const char *bad = argv[optind - 1];
			/* getopt_long leaves a missing argument as '?' when opterr is 0 and
			 * the option string does not start with ':'. */
			for (const struct option *o = long_options; o->name; o++)
				if (o->has_arg == required_argument && !strncmp(bad, "--", 2) &&
				    !strcmp(bad + 2, o->name)) {
					snprintf(err, errsize, _("option %s needs a value"), bad);
					return CLI_BAD_USAGE;
				}
			snprintf(err, errsize, _("unknown option %s"), bad);
			return CLI_BAD_USAGE;
		}
		}
	}
	if (optind < argc) {
		bool known = false;
		for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
			known |= !strcmp(argv[optind], subcommands[i]);
		if (!known) {
			snprintf(err, errsize, _("unknown command '%s' (balance, accounts and logout are)"),
				 argv[optind]);
			return CLI_BAD_USAGE;
		}
		cli->cmd_argc = argc - optind;
		cli->cmd_argv = argv + optind;
	}
	if (cli->demo && cli->server) {
		snprintf(err, errsize, "%s", _("--demo starts its own server; leave out --server"));
		return CLI_BAD_USAGE;
	}
	return CLI_RUN;
}

/* Sets an option from the command line; a bad value is the user's error. */
static int set_from_cli(const char *flag, const char *name, const char *value, char *err,
			size_t errsize)
{
	struct diag d = { 0 };

	if (options_set(name, value, &d) == 0)
		return 0;
	snprintf(err, errsize, "%s: %s", flag, diag_last(&d) ? diag_last(&d) : _("bad value"));
	diag_clear(&d);
	return -1;
}

int cli_configure(struct cli *cli, char *err, size_t errsize)
{
	char path[4096];
	struct diag d = { 0 };

	config_reset();
	config_load_defaults(&cli->warnings);
	if (cli->config) {
		enum config_file_status st = config_load_file(cli->config, &cli->warnings);
		if (st == CONFIG_FILE_MISSING) {
			snprintf(err, errsize, _("%s: no such file"), cli->config);
			return -1;
		}
		if (st == CONFIG_FILE_ERROR) {
			snprintf(err, errsize, "%s", diag_last(&cli->warnings)
							 ? diag_last(&cli->warnings)
							 : cli->config);
			return -1;
		}
	} else if (config_user_path(path, sizeof(path))) {
		config_load_file(path, &cli->warnings);
	}
	if (cli->profile && config_profile_apply(cli->profile, &d) < 0) {
		snprintf(err, errsize, "--profile: %s",
			 diag_last(&d) ? diag_last(&d) : _("no such profile"));
		diag_clear(&d);
		return -1;
	}
	if ((cli->lang && set_from_cli("--lang", "language", cli->lang, err, errsize)) ||
	    (cli->server && set_from_cli("--server", "server", cli->server, err, errsize)) ||
	    (cli->login && set_from_cli("--login", "login", cli->login, err, errsize)) ||
	    (cli->password_command &&
	     set_from_cli("--password-command", "password_command", cli->password_command, err,
			  errsize)) ||
	    (cli->read_only && set_from_cli("--read-only", "read_only", "yes", err, errsize)) ||
	    (cli->no_keyring && set_from_cli("--no-keyring", "keyring", "no", err, errsize)))
		return -1;
	return 0;
}

void cli_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("kabinet: ", stderr);
	text_print(stderr, msg);
	fputc('\n', stderr);
}

void cli_free(struct cli *cli)
{
	diag_clear(&cli->warnings);
}
