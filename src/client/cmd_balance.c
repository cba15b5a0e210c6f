/* `kabinet balance [--json] [--below AMOUNT]`: every account's balance without the
 * full screen, for scripts, cron and monitoring. Exit statuses as in cli.h: 3 when a
 * balance is below AMOUNT. Server text is made safe on its way out: the table
 * through text.c, the JSON escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/api.h"
#include "kabinet/app.h"
#include "kabinet/cli.h"
#include "kabinet/demo.h"
#include "kabinet/i18n.h"
#include "kabinet/model.h"
#include "kabinet/money.h"
#include "kabinet/options.h"
#include "kabinet/session.h"
#include "kabinet/state.h"
#include "kabinet/text.h"

struct fetch {
	struct account_list list;
	const char *server;
	int failed;		/* an exit status once something failed, else 0 */
	char err[1024];
};

struct balance_req {
	struct fetch *f;
	size_t index;
};

/* The first failure is the one told; `what` names what it was for. */
static void fail_from(struct fetch *f, const char *what, const struct api_reply *r)
{
	char text[768];

	if (f->failed)
		return;
	f->failed = CLI_EXIT_FAIL;
	app_fail_text_url(f->server, r, text, sizeof(text));
	if (what)
		snprintf(f->err, sizeof(f->err), "%s: %s", what, text);
	else
		snprintf(f->err, sizeof(f->err), "%s", text);
}

static void bad_reply(struct fetch *f, const char *what, const struct model_err *merr)
{
	if (f->failed)
		return;
	f->failed = CLI_EXIT_FAIL;
	snprintf(f->err, sizeof(f->err), "%s%s%s: %s", what ? what : "", what ? ": " : "",
		 _("The server's answer could not be understood"), merr->msg);
}

static void on_balance(void *ud, const struct api_reply *r)
{
	struct balance_req *br = ud;
	struct account *a = &br->f->list.items[br->index];
	struct model_err merr;
	char what[64];

	snprintf(what, sizeof(what), _("balance of %s"), a->number);
	if (!app_reply_ok(r))
		fail_from(br->f, what, r);
	else if (model_parse_balance(r->body, &a->bal, &merr) != MODEL_OK)
		bad_reply(br->f, what, &merr);
}

static void on_accounts(void *ud, const struct api_reply *r)
{
	struct fetch *f = ud;
	struct model_err merr;
	if (!app_reply_ok(r))
		fail_from(f, NULL, r);
	else if (model_parse_accounts(r->body, &f->list, &merr) != MODEL_OK)
		bad_reply(f, NULL, &merr);
}

/* "locks in 9 days", with the Russian plural; a lock date passed is a lock. */
static const char *days_to_lock(int64_t days, char *buf, size_t size)
{
	if (days <= 0)
		snprintf(buf, size, "%s", _("services blocked for debt"));
	else
		snprintf(buf, size,
			 ngettext("locks in %lld day", "locks in %lld days", (unsigned long)(days % 1000000)),
			 (long long)days);
	return buf;
}

/* Columns counted in terminal cells, never bytes (Cyrillic); the server's text made
 * safe on its way out (text.c). */
static void print_table(const struct account_list *list)
{
	enum money_style style = i18n_money_style();
	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		char money[64], days[64];
		money_format(a->bal.balance, style, money, sizeof(money));
		text_print_fit(stdout, a->number, 14, TEXT_LEFT);
		text_print_fit(stdout, a->region, 24, TEXT_LEFT);
		text_print_fit(stdout, money, 16, TEXT_RIGHT);
		if (a->bal.has_days_to_lock) {
			fputs("  ", stdout);
			text_print(stdout, days_to_lock(a->bal.days_to_lock, days, sizeof(days)));
		}
		putchar('\n');
	}
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] balance [--json] [--below AMOUNT]\n"
			   "Prints every account's balance. Exit status 3 when a balance is below AMOUNT.\n"));
}

int cmd_balance(struct cli *cli, int argc, char **argv)
{
	bool json = false, has_below = false, any_below = false;
	int64_t below = 0;
	char err[512] = "", uuid[37] = "";
	struct demo demo = { 0 };
	struct fetch f = { 0 };
	struct api *api = NULL;
	char *demo_pass = NULL;
	int rc = CLI_EXIT_FAIL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--below") && i + 1 < argc) {
			if (money_parse(argv[++i], &below) != 0) {
				cli_error(_("--below: %s is not an amount of money"), argv[i]);
				return CLI_EXIT_USAGE;
			}
			has_below = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			cli_error(_("balance: unexpected argument %s"), argv[i]);
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}

	struct session_opts so = { .server = opt.server, .login = opt.login,
				   .password_command = opt.password_command,
				   .no_keyring = cli->no_keyring || !opt.keyring };
	if (cli->demo) {
		if (demo_start(&demo, err, sizeof(err)) < 0) {
			cli_error("%s", err);
			return CLI_EXIT_FAIL;
		}
		demo_pass = demo_password();
		so.server = demo.url;
		so.login = DEMO_LOGIN;
		so.password = demo_pass;
	}
	f.server = so.server;
	state_client_uuid(uuid, NULL);
	api = api_new(so.server, uuid, i18n_lang(), err, sizeof(err));
	if (!api) {
		cli_error("%s", err);
		goto out;
	}
	api_set_timeout(api, opt.request_timeout);
	if ((rc = session_login(api, &so, err, sizeof(err))) != CLI_EXIT_OK) {
		cli_error("%s", err);
		goto out;
	}
	rc = CLI_EXIT_FAIL;
	/* Two round trips in all: the accounts, then every balance at once (the api
	 * queues what its connections cannot take yet). */
	if (!api_call(api, "getAccounts", "{}", API_READ, on_accounts, &f)) {
		cli_error("%s", _("Out of memory."));
		goto out;
	}
	api_run_until_idle(api);
	struct balance_req *reqs = f.failed ? NULL : calloc(f.list.n + 1, sizeof(*reqs));
	if (!f.failed && !reqs)
		snprintf(f.err, sizeof(f.err), "%s", _("Out of memory."));
	for (size_t i = 0; reqs && i < f.list.n && !f.failed; i++) {
		char *body = model_body_account(f.list.items[i].id);
		reqs[i] = (struct balance_req){ &f, i };
		if (!body || !api_call(api, "getAccountBalanceV2", body, API_READ, on_balance, &reqs[i])) {
			f.failed = CLI_EXIT_FAIL;
			snprintf(f.err, sizeof(f.err), "%s", _("Out of memory."));
		}
		model_free_secret_body(body);
	}
	api_run_until_idle(api);
	free(reqs);
	if (f.failed || !reqs) {
		cli_error("%s", f.err);
		goto out;
	}
	for (size_t i = 0; has_below && i < f.list.n; i++)
		any_below |= f.list.items[i].bal.balance < below;
	if (json) {
		char *text = model_balance_json(&f.list, has_below ? &below : NULL, any_below);
		char *safe = text ? text_json_safe(text) : NULL;
		if (safe)
			printf("%s\n", safe);
		free(safe);
		free(text);
	} else {
		print_table(&f.list);
	}
	rc = any_below ? CLI_EXIT_BELOW : CLI_EXIT_OK;
out:
	model_free_accounts(&f.list);
	api_free(api);
	if (demo_pass) {
		model_wipe(demo_pass, strlen(demo_pass));
		free(demo_pass);
	}
	if (cli->demo)
		demo_stop(&demo);
	return rc;
}
