/* kabinet: the command line, the start-up order (hardening and the keyring's log
 * routing before anything, then the locale, the configuration, the credential
 * lookup while the terminal is still a plain terminal), then the full-screen client
 * or a subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/config.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/demo.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring.h"
#include "kabinet/options.h"
#include "kabinet/remember.h"
#include "kabinet/state.h"
#include "kabinet/model/staff.h"
#include "kabinet/model/text.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/messages.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/staff.h"

/* The demo running (kabinet --demo), for its staff's code. */
static const struct demo *running_demo;

/* app->staff_code of kabinet --demo --staff: the demo's kabinetd computes it. */
static int demo_code(char *buf, size_t size)
{
	return running_demo ? demo_staff_code(running_demo, buf, size) : -1;
}

/* Where the first login comes from: --demo, password_command, the keyring, or the
 * form. Runs before the terminal starts: a password command may need it (pinentry).
 * The staff's login takes no remember token from the keyring (use_keyring is off): a
 * password command, the demo's, or the form. */
static void find_credentials(struct app *app, struct demo *demo, const struct cli *cli)
{
	struct keyring_opts ko = { opt.password_command, !app->use_keyring };
	struct keyring_cred cred = { 0 };
	struct keyring_status st = { 0 };

	if (cli->demo) {
		snprintf(app->login, sizeof(app->login), "%s",
			 app->staff_mode ? DEMO_STAFF_LOGIN : DEMO_LOGIN);
		app->start = APP_START_PASSWORD;
		app->start_secret = app->staff_mode ? demo_staff_password() : demo_password();
		app->start_from = "demo";	/* built in memory: the store is "memory only" */
		if (app->staff_mode) {
			running_demo = demo;
			app->staff_code = demo_code;
		}
		return;
	}
	if (!app->login[0]) {
		if (opt.password_command[0])
			snprintf(app->start_note, sizeof(app->start_note), "%s",
				 _("password_command needs a login: give --login or `set login`."));
		return;
	}
	keyring_obtain(&ko, app->server, app->login, &cred, &st);
	switch (cred.kind) {
	case KEYRING_CRED_PASSWORD:
		app->start = APP_START_PASSWORD;
		app->start_secret = cred.secret;
		cred.secret = NULL;
		break;
	case KEYRING_CRED_TOKEN:
		app->start = APP_START_TOKEN;
		app->start_secret = cred.secret;
		cred.secret = NULL;
		break;
	case KEYRING_CRED_NONE:
		if (st.code != KEYRING_OK && st.code != KEYRING_NOT_FOUND &&
		    !(st.code == KEYRING_NO_BUS && !ko.password_command[0]))
			snprintf(app->start_note, sizeof(app->start_note), "%s", st.msg);
		break;
	}
	keyring_cred_clear(&cred);
}

/* Whether "remember me" can be offered: a keyring that can keep a token now (one just
 * read from it can). When the keyring is used but cannot, the form says why, and no
 * remembered device is ever asked of the server. */
static void probe_keyring(struct app *app)
{
	struct keyring_status st = { 0 };

	app->keyring_ok = false;
	app->keyring_note[0] = '\0';
	if (!app->use_keyring)
		return;
	if (app->start == APP_START_TOKEN || keyring_probe(&st) == KEYRING_OK) {
		app->keyring_ok = true;
		return;
	}
	if (st.code == KEYRING_NO_BUS)
		snprintf(app->keyring_note, sizeof(app->keyring_note), "%s",
			 _("No keyring on this host: the password is asked each time."));
	else
		snprintf(app->keyring_note, sizeof(app->keyring_note),
			 _("The keyring cannot keep the login (%s): the password is asked each time."),
			 st.msg);
}

/* Without a login given (--login, the config), the one that last logged in to this
 * server on the full screen (remember.h): a subscriber's, never a staff login's. */
static void take_last_login(const struct cli *cli)
{
	char last[1024];
	struct diag d = { 0 };

	if (cli->demo || opt.staff || (opt.login && *opt.login) ||
	    remember_last_login(opt.server, last, sizeof(last)) != 0)
		return;
	(void)options_set("login", last, &d);
	diag_clear(&d);
}

/* A cookie the network layer did not take: kept in the messages (M), as a warning. */
static void notice_in_messages(void *ud, const char *text)
{
	(void)ud;
	ui_messages_add(UI_MSG_WARNING, text);
}

/* note: a warning to show first (the missing catalog), or "". */
/* The full screen could not start: the warnings of the start and why, on stderr, and
 * what works without it. */
static int no_terminal(const char *const *warnings, size_t nwarnings, bool no_cursor)
{
	const char *term = getenv("TERM");

	for (size_t i = 0; i < nwarnings; i++)
		cli_error("%s", warnings[i]);
	if (no_cursor)
		cli_error(_("TERM=%s cannot move the cursor, which the full screen needs: "
			    "set TERM to your terminal's type (xterm-256color, vt100, ...)"),
			  term ? term : "");
	else
		cli_error("%s", _("cannot start the terminal (is TERM right?)"));
	cli_error("%s", _("without the full screen, use a subcommand: balance, accounts, "
			  "history, charges, autopay, requests, access-log, notifications or logout (see kabinet "
			  "--help)"));
	return CLI_EXIT_USAGE;
}

/* kabinet --list-profiles: the names of the config's [profile NAME] sections, a line
 * each, for the shell completions; the config's warnings on stderr. */
static int list_profiles(const struct cli *cli)
{
	const struct config_profile *p;

	for (size_t i = 0; i < cli->warnings.count; i++)
		cli_error("%s", cli->warnings.msg[i]);
	for (size_t i = 0; (p = config_profile_at(i)); i++)
		printf("%s\n", p->name);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

/* A staff run ends its view and its session on the server as it quits: nothing of
 * them outlives the program on a shared host. At most 3 seconds. */
static void staff_end(struct app *app)
{
	char *body;

	if (!app->staff_mode || !api_has_staff_session(app->api))
		return;
	api_cancel_all(app->api);
	if (app->view.open && (body = model_staff_close_view_body(app->view.id))) {
		api_call(app->api, "staffCloseView", body, API_WRITE | API_STAFF, NULL, NULL);
		free(body);
	}
	api_call(app->api, "staffLogout", "{}", API_WRITE | API_STAFF, NULL, NULL);
	api_set_deadline(app->api, 3);
	api_run_until_idle(app->api);
	api_forget_staff_session(app->api);
}

static int run_client(struct cli *cli, const char *note)
{
	struct app app;
	struct demo demo = { 0 };
	struct diag state_warnings = { 0 };
	char err[512], uuid[37];
	const char **warnings, *url, *why;
	size_t nwarn;
	bool no_cursor;
	int rc;

	memset(&app, 0, sizeof(app));
	/* Without a terminal on both ends there is no one to draw for or to read keys
	 * from: say so at once, before anything starts. */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("%s", _("the full screen needs a terminal on standard input and output; "
				  "without one, use a subcommand: balance, accounts, history, charges, autopay, "
				  "requests, access-log, notifications (all with --json) or logout"));
		return CLI_EXIT_USAGE;
	}
	if (cli->demo && demo_start(&demo, err, sizeof(err)) < 0) {
		cli_error("%s", err);
		return CLI_EXIT_FAIL;
	}
	/* The demo's server is the one in use: `set server` shows it, not the default. */
	if (cli->demo) {
		struct diag dd = { 0 };
		(void)options_set("server", demo.url, &dd);
		diag_clear(&dd);
	}
	/* opt.server is in the normal form already; it can still be too long for app. */
	url = cli->demo ? demo.url : opt.server;
	if (app_set_server(&app, url, &why) < 0) {
		cli_error("%s: %s", url, why);
		demo_stop(&demo);
		return CLI_EXIT_USAGE;
	}
	if (!cli->demo)
		text_copy(app.login, sizeof(app.login), opt.login);
	app.read_only = cli->read_only || opt.read_only;
	/* A staff session has no remember token: nothing of it goes to the keyring. */
	app.staff_mode = opt.staff;
	app.use_keyring = opt.keyring && !cli->demo && !app.staff_mode;
	app.remember = opt.remember && app.use_keyring;
	app.demo = cli->demo;
	state_client_uuid(uuid, &state_warnings);
	app.api = api_new(app.server, uuid, i18n_lang(), err, sizeof(err));
	if (!app.api) {
		cli_error("%s", err);
		demo_stop(&demo);
		return CLI_EXIT_FAIL;
	}
	if (app_api_options(app.api, err, sizeof(err)) < 0) {
		cli_error("%s", err);
		api_free(app.api);
		demo_stop(&demo);
		return CLI_EXIT_USAGE;
	}
	/* On the full screen, what the network layer ignored is kept in the messages. */
	api_on_notice(app.api, notice_in_messages, NULL);
	find_credentials(&app, &demo, cli);
	probe_keyring(&app);

	nwarn = 0;
	warnings = calloc(1 + cli->warnings.count + state_warnings.count, sizeof(*warnings));
	if (warnings && note[0])
		warnings[nwarn++] = note;
	for (size_t i = 0; warnings && i < cli->warnings.count; i++)
		warnings[nwarn++] = cli->warnings.msg[i];
	for (size_t i = 0; warnings && i < state_warnings.count; i++)
		warnings[nwarn++] = state_warnings.msg[i];
	staff_tables(&ui_staff_table, &ui_office_table, &ui_view_table);
	rc = ui_run(&app, app.staff_mode ? &ui_staff_table : &ui_screen_table, warnings,
		    warnings ? nwarn : 0, &no_cursor);
	if (rc == UI_NO_TERMINAL)
		rc = no_terminal(warnings, warnings ? nwarn : 0, no_cursor);

	staff_end(&app);
	free(warnings);
	diag_clear(&state_warnings);
	app_clear_start(&app);
	app_forget_data(&app);
	api_free(app.api);
	demo_stop(&demo);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli;
	char err[512], note[1024] = "";
	int rc;

	/* No D-Bus autolaunch and the hardening, before any thread and before anything
	 * can hold a secret. */
	keyring_init();
	creds_harden_process();
	i18n_init(NULL);

	switch (cli_parse(&cli, argc, argv, err, sizeof(err))) {
	case CLI_HELP:
		cli_usage(stdout);
		return CLI_EXIT_OK;
	case CLI_VERSION:
		printf("kabinet %s\n", KABINET_VERSION);
		return CLI_EXIT_OK;
	case CLI_BAD_USAGE:
		cli_error("%s", err);
		text_print_lines(stderr, _("Try 'kabinet --help'."));
		fputc('\n', stderr);
		return CLI_EXIT_USAGE;
	case CLI_RUN:
		break;
	}
	if (cli_configure(&cli, err, sizeof(err)) < 0) {
		cli_error("%s", err);
		cli_free(&cli);
		return CLI_EXIT_USAGE;
	}
	if (cli.list_profiles) {
		rc = list_profiles(&cli);
		cli_free(&cli);
		return rc;
	}
	take_last_login(&cli);
	/* `staff = yes` of the config (--staff is refused with a subcommand already). */
	if (cli.cmd_argc && opt.staff) {
		cli_error(_("staff = yes is the full screen of the operator's staff; '%s' is a "
			    "subscriber's command: leave out the staff setting (or its profile)"),
			  cli.cmd_argv[0]);
		cli_free(&cli);
		return CLI_EXIT_USAGE;
	}
	/* Russian asked for (--lang, the config, the locale) and not to be had: said,
	 * never a silent fallback to English. */
	i18n_catalog_missing(note, sizeof(note));
	/* Without the full screen, warnings go to stderr right away. */
	if (cli.cmd_argc && note[0])
		cli_error("%s", note);
	for (size_t i = 0; cli.cmd_argc && i < cli.warnings.count; i++)
		cli_error("%s", cli.warnings.msg[i]);
	if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "balance"))
		rc = cmd_balance(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "accounts"))
		rc = cmd_accounts(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "history"))
		rc = cmd_history(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "charges"))
		rc = cmd_charges(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "autopay"))
		rc = cmd_autopay(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "requests"))
		rc = cmd_requests(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "access-log"))
		rc = cmd_access_log(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "notifications"))
		rc = cmd_notifications(&cli, cli.cmd_argc, cli.cmd_argv);
	else if (cli.cmd_argc && !strcmp(cli.cmd_argv[0], "logout"))
		rc = cmd_logout(&cli, cli.cmd_argc, cli.cmd_argv);
	else
		rc = run_client(&cli, note);
	cli_free(&cli);
	return rc;
}
