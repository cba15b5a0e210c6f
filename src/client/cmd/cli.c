/* The command line and the configuration it leads to (see cli.h). Nothing here
 * prints except cli_usage(); callers decide how to show errors. */
#include "kabinet/cmd/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/cmd/commands.h"
#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/text.h"

/* getopt_long's codes and table, from the one table of commands.h. */
enum {
	OPT_BEFORE_FIRST = 255,
#define CLI_OPTION_ENUM(id, name, value, complete) OPT_##id,
	CLI_OPTIONS(CLI_OPTION_ENUM)
#undef CLI_OPTION_ENUM
};

static const struct option long_options[] = {
#define CLI_OPTION_ENTRY(id, name, value, complete) \
	{ name, sizeof(value) > 1 ? required_argument : no_argument, NULL, OPT_##id },
	CLI_OPTIONS(CLI_OPTION_ENTRY)
#undef CLI_OPTION_ENTRY
	{ NULL, 0, NULL, 0 },
};

void cli_usage(FILE *f)
{
	text_print_lines(f,
		_("usage: kabinet [--server URL] [--login LOGIN] [--profile NAME] [--demo]\n"
		  "               [--read-only] [--lang ru|en] [--config FILE] [--no-keyring]\n"
		  "               [--password-command CMD] [--ca-file FILE] [--insecure-http]\n"
		  "               [--timeout SECONDS] [--staff]\n"
		  "       kabinet [--config FILE] --list-profiles\n"
		  "       kabinet [options] balance [--json] [--below AMOUNT]\n"
		  "       kabinet [options] accounts [--json]\n"
		  "       kabinet [options] history [--account NUMBER] [--from DATE] [--to DATE]\n"
		  "                                 [--json|--csv]\n"
		  "       kabinet [options] charges [--months N] [--account NUMBER] [--json|--csv]\n"
		  "       kabinet [options] autopay [--json]\n"
		  "       kabinet [options] requests [--json]\n"
		  "       kabinet [options] access-log [--json]\n"
		  "       kabinet [options] notifications [--json]\n"
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
		  "  --ca-file FILE          check the server's certificate against the CA\n"
		  "                          certificates in FILE (set ca_file)\n"
		  "  --insecure-http         UNSAFE: allow plain http:// to a host that is not\n"
		  "                          this computer (set insecure_http)\n"
		  "  --timeout SECONDS       give a subcommand so many seconds in all, 300 unless\n"
		  "                          set; 0 waits for ever (set timeout)\n"
		  "  --staff                 log in to the operator's staff side: the support\n"
		  "                          queue, subscribers' cabinets read-only (set staff)\n"
		  "  --list-profiles         print the config's profile names, a line each, and exit\n"
		  "Options may also follow the subcommand: kabinet balance --json --server URL\n"
		  "\n"
		  "In the program, ? or F1 lists the keys; see kabinet(1) and kabinet-config(5).\n"));
}

/* Whether `arg` is "--NAME" of a global option that takes a value. */
static bool needs_value(const char *arg)
{
	for (const struct option *o = long_options; o->name; o++)
		if (o->has_arg == required_argument && !strncmp(arg, "--", 2) &&
		    !strcmp(arg + 2, o->name))
			return true;
	return false;
}

enum took { TOOK, TOOK_UNKNOWN, TOOK_HELP, TOOK_VERSION, TOOK_BAD };

/* One result of getopt_long over long_options (optarg set, argv[optind - 1] the option
 * just read), wherever on the command line it was. */
static enum took take_option(struct cli *cli, int c, char *const *argv, char *err,
			     size_t errsize)
{
	const char *bad = argv[optind - 1];

	switch (c) {
	case OPT_SERVER:
		cli->server = optarg;
		return TOOK;
	case OPT_LOGIN:
		cli->login = optarg;
		return TOOK;
	case OPT_PROFILE:
		cli->profile = optarg;
		return TOOK;
	case OPT_DEMO:
		cli->demo = true;
		return TOOK;
	case OPT_READ_ONLY:
		cli->read_only = true;
		return TOOK;
	case OPT_LANG:
		cli->lang = optarg;
		return TOOK;
	case OPT_CONFIG:
		cli->config = optarg;
		return TOOK;
	case OPT_NO_KEYRING:
		cli->no_keyring = true;
		return TOOK;
	case OPT_PASSWORD_COMMAND:
		cli->password_command = optarg;
		return TOOK;
	case OPT_CA_FILE:
		cli->ca_file = optarg;
		return TOOK;
	case OPT_INSECURE_HTTP:
		cli->insecure_http = true;
		return TOOK;
	case OPT_TIMEOUT:
		cli->timeout = optarg;
		return TOOK;
	case OPT_STAFF:
		cli->staff = true;
		return TOOK;
	case OPT_LIST_PROFILES:
		cli->list_profiles = true;
		return TOOK;
	case OPT_VERSION:
		return TOOK_VERSION;
	case OPT_HELP:
		return TOOK_HELP;
	default:
		/* getopt_long leaves a missing argument as '?' when opterr is 0 and the
		 * option string does not start with ':'. */
		if (c == ':' || needs_value(bad)) {
			snprintf(err, errsize, _("option %s needs a value"), bad);
			return TOOK_BAD;
		}
		return TOOK_UNKNOWN;
	}
}

/* After the subcommand's name: each global option is taken with the same meaning as
 * before it (`kabinet balance --json --server URL`), read by the same getopt_long
 * over the same table, one argument (and its value) at a time so that nothing is
 * reordered; everything else -- the subcommand's own options and their values,
 * --help, what follows "--" -- is left to the subcommand, which refuses what it does
 * not know (exit 2). Fills cli->cmd_argc / cmd_argv (a new array). */
static enum cli_status take_after_subcommand(struct cli *cli, int argc, char **argv, int first,
					     char *err, size_t errsize)
{
	char **rest = calloc((size_t)(argc - first) + 1, sizeof(*rest));
	int n = 0;

	if (!rest) {
		snprintf(err, errsize, "%s", _("Out of memory."));
		return CLI_BAD_USAGE;
	}
	rest[n++] = argv[first];
	for (int i = first + 1; i < argc; i++) {
		char *one[] = { argv[0], argv[i], i + 1 < argc ? argv[i + 1] : NULL, NULL };
		int c;

		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				rest[n++] = argv[i++];
			break;
		}
		if (strncmp(argv[i], "--", 2)) {
			rest[n++] = argv[i];
			continue;
		}
		optind = 0;	/* glibc: start afresh on the new vector */
		c = getopt_long(one[2] ? 3 : 2, one, "+", long_options, NULL);
		switch (take_option(cli, c, one, err, errsize)) {
		case TOOK:
			i += optind - 2;	/* the option, and its value when separate */
			break;
		case TOOK_UNKNOWN:
		case TOOK_HELP:
			rest[n++] = argv[i];
			break;
		case TOOK_VERSION:
			free(rest);
			return CLI_VERSION;
		case TOOK_BAD:
			free(rest);
			return CLI_BAD_USAGE;
		}
	}
	cli->cmd_argc = n;
	cli->cmd_argv = rest;
	return CLI_RUN;
}

enum cli_status cli_parse(struct cli *cli, int argc, char **argv, char *err, size_t errsize)
{
	enum cli_status st;
	int c;

	memset(cli, 0, sizeof(*cli));
	cli->argv0 = argc > 0 ? argv[0] : "kabinet";
	opterr = 0;
	optind = 1;
	/* "+": stop at the subcommand; what follows is read by take_after_subcommand(). */
	while ((c = getopt_long(argc, argv, "+", long_options, NULL)) != -1) {
		switch (take_option(cli, c, argv, err, errsize)) {
		case TOOK:
			break;
		case TOOK_HELP:
			return CLI_HELP;
		case TOOK_VERSION:
			return CLI_VERSION;
		case TOOK_UNKNOWN:
			snprintf(err, errsize, _("unknown option %s"), argv[optind - 1]);
			return CLI_BAD_USAGE;
		case TOOK_BAD:
			return CLI_BAD_USAGE;
		}
	}
	if (optind < argc) {
		if (!cli_command_find(argv[optind])) {
			snprintf(err, errsize, _("unknown command '%s' (balance, accounts, history, charges, autopay, requests, access-log, notifications and logout are)"),
				 argv[optind]);
			return CLI_BAD_USAGE;
		}
		st = take_after_subcommand(cli, argc, argv, optind, err, errsize);
		if (st != CLI_RUN)
			return st;
	}
	if (cli->demo && cli->server) {
		snprintf(err, errsize, "%s", _("--demo starts its own server; leave out --server"));
		cli_free(cli);
		return CLI_BAD_USAGE;
	}
	if (cli->staff && cli->cmd_argc) {
		snprintf(err, errsize, _("--staff is the full screen of the operator's staff; '%s' is a "
					 "subscriber's command: leave out --staff"),
			 cli->cmd_argv[0]);
		cli_free(cli);
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
	    (cli->ca_file && set_from_cli("--ca-file", "ca_file", cli->ca_file, err, errsize)) ||
	    (cli->insecure_http &&
	     set_from_cli("--insecure-http", "insecure_http", "yes", err, errsize)) ||
	    (cli->read_only && set_from_cli("--read-only", "read_only", "yes", err, errsize)) ||
	    (cli->no_keyring && set_from_cli("--no-keyring", "keyring", "no", err, errsize)) ||
	    (cli->timeout && set_from_cli("--timeout", "timeout", cli->timeout, err, errsize)) ||
	    (cli->staff && set_from_cli("--staff", "staff", "yes", err, errsize)))
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
	free(cli->cmd_argv);
	cli->cmd_argv = NULL;
	cli->cmd_argc = 0;
}
