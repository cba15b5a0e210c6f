/* Unit tests of the command line: global options before and after the subcommand,
 * read by one parser over one table, the subcommand's own arguments kept in order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/options.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static void options_after_the_subcommand_are_global(void **state)
{
	char *argv[] = { "kabinet", "--lang", "en", "balance", "--below", "100", "--server",
			 "http://h", "--json", "--login=demo", "--no-keyring", "--help", NULL };
	struct cli cli;
	char err[256] = "";

	(void)state;
	assert_int_equal(cli_parse(&cli, ARGC(argv), argv, err, sizeof(err)), CLI_RUN);
	assert_string_equal(cli.lang, "en");
	assert_string_equal(cli.server, "http://h");
	assert_string_equal(cli.login, "demo");
	assert_true(cli.no_keyring);
	/* What is the subcommand's stays, in its order; --help after the name is its. */
	assert_int_equal(cli.cmd_argc, 5);
	assert_string_equal(cli.cmd_argv[0], "balance");
	assert_string_equal(cli.cmd_argv[1], "--below");
	assert_string_equal(cli.cmd_argv[2], "100");
	assert_string_equal(cli.cmd_argv[3], "--json");
	assert_string_equal(cli.cmd_argv[4], "--help");
	cli_free(&cli);
}

static void after_a_double_dash_everything_is_the_subcommands(void **state)
{
	char *argv[] = { "kabinet", "logout", "--forget", "--", "--server", "x", NULL };
	struct cli cli;
	char err[256] = "";

	(void)state;
	assert_int_equal(cli_parse(&cli, ARGC(argv), argv, err, sizeof(err)), CLI_RUN);
	assert_null(cli.server);
	assert_int_equal(cli.cmd_argc, 5);
	assert_string_equal(cli.cmd_argv[2], "--");
	assert_string_equal(cli.cmd_argv[3], "--server");
	cli_free(&cli);
}

static void usage_errors_after_the_subcommand(void **state)
{
	char *missing[] = { "kabinet", "accounts", "--json", "--server", NULL };
	char *both[] = { "kabinet", "--server", "http://h", "accounts", "--demo", NULL };
	char *version[] = { "kabinet", "accounts", "--version", NULL };
	char *unknown[] = { "kabinet", "accounts", "--frobnicate", NULL };
	struct cli cli;
	char err[256] = "";

	(void)state;
	assert_int_equal(cli_parse(&cli, ARGC(missing), missing, err, sizeof(err)), CLI_BAD_USAGE);
	assert_string_equal(err, "option --server needs a value");
	assert_int_equal(cli_parse(&cli, ARGC(both), both, err, sizeof(err)), CLI_BAD_USAGE);
	assert_non_null(strstr(err, "--demo"));
	assert_int_equal(cli_parse(&cli, ARGC(version), version, err, sizeof(err)), CLI_VERSION);
	/* Not a global option: the subcommand's to refuse, with its name. */
	assert_int_equal(cli_parse(&cli, ARGC(unknown), unknown, err, sizeof(err)), CLI_RUN);
	assert_int_equal(cli.cmd_argc, 2);
	assert_string_equal(cli.cmd_argv[1], "--frobnicate");
	cli_free(&cli);
}

/* --staff is the full screen's: with a subcommand, before or after its name, a usage
 * error that names both. */
static void staff_refuses_a_subcommand(void **state)
{
	char *alone[] = { "kabinet", "--staff", "--server", "http://h", NULL };
	char *before[] = { "kabinet", "--staff", "balance", NULL };
	char *after[] = { "kabinet", "requests", "--json", "--staff", NULL };
	struct cli cli;
	char err[256] = "";

	(void)state;
	assert_int_equal(cli_parse(&cli, ARGC(alone), alone, err, sizeof(err)), CLI_RUN);
	assert_true(cli.staff);
	assert_int_equal(cli.cmd_argc, 0);
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, ARGC(before), before, err, sizeof(err)), CLI_BAD_USAGE);
	assert_non_null(strstr(err, "--staff"));
	assert_non_null(strstr(err, "'balance'"));
	assert_int_equal(cli_parse(&cli, ARGC(after), after, err, sizeof(err)), CLI_BAD_USAGE);
	assert_non_null(strstr(err, "'requests'"));
}

/* `staff = yes` in a [profile] (or --staff over the config) sets the option; off by
 * default and outside the profile. */
static void staff_from_a_profile_or_the_flag(void **state)
{
	char path[] = "/tmp/kabinet-test-cli-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char *plain[] = { "kabinet", "--config", path, NULL };
	char *profile[] = { "kabinet", "--config", path, "--profile", "desk", NULL };
	char *flag[] = { "kabinet", "--config", path, "--staff", NULL };
	struct cli cli;
	char err[256] = "";

	(void)state;
	assert_non_null(f);
	fputs("set server = http://127.0.0.1:8480\n[profile desk]\nset staff = yes\n", f);
	fclose(f);
	assert_int_equal(cli_parse(&cli, ARGC(plain), plain, err, sizeof(err)), CLI_RUN);
	assert_int_equal(cli_configure(&cli, err, sizeof(err)), 0);
	assert_false(opt.staff);
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, ARGC(profile), profile, err, sizeof(err)), CLI_RUN);
	assert_int_equal(cli_configure(&cli, err, sizeof(err)), 0);
	assert_true(opt.staff);
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, ARGC(flag), flag, err, sizeof(err)), CLI_RUN);
	assert_int_equal(cli_configure(&cli, err, sizeof(err)), 0);
	assert_true(opt.staff);
	assert_int_equal(cli.warnings.count, 0);
	cli_free(&cli);
	unlink(path);
}

static FILE *usage_to;
static int usages;

static void usage_stub(FILE *f)
{
	usage_to = f;
	usages++;
}

/* The loop of the subcommands that take only --json: --json said, --help the usage on
 * stdout, anything else the usage on stderr and a usage error, nothing run. */
static void json_args_take_json_and_help_only(void **state)
{
	char *none[] = { "accounts", NULL };
	char *json[] = { "accounts", "--json", NULL };
	char *help[] = { "accounts", "--json", "-h", NULL };
	char *other[] = { "accounts", "--json", "--frobnicate", "--help", NULL };
	bool j = true;

	(void)state;
	usages = 0;
	assert_int_equal(cmd_json_args("accounts", ARGC(none), none, usage_stub, &j), CMD_ARGS_RUN);
	assert_false(j);
	assert_int_equal(cmd_json_args("accounts", ARGC(json), json, usage_stub, &j), CMD_ARGS_RUN);
	assert_true(j);
	assert_int_equal(usages, 0);
	assert_int_equal(cmd_json_args("accounts", ARGC(help), help, usage_stub, &j), CLI_EXIT_OK);
	assert_int_equal(usages, 1);
	assert_ptr_equal(usage_to, stdout);
	assert_int_equal(cmd_json_args("accounts", ARGC(other), other, usage_stub, &j), CLI_EXIT_USAGE);
	assert_int_equal(usages, 2);
	assert_ptr_equal(usage_to, stderr);
	assert_true(cmd_is_help("--help") && cmd_is_help("-h"));
	assert_false(cmd_is_help("--helpme") || cmd_is_help("help"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_after_the_subcommand_are_global),
		cmocka_unit_test(after_a_double_dash_everything_is_the_subcommands),
		cmocka_unit_test(usage_errors_after_the_subcommand),
		cmocka_unit_test(json_args_take_json_and_help_only),
		cmocka_unit_test(staff_refuses_a_subcommand),
		cmocka_unit_test(staff_from_a_profile_or_the_flag),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
