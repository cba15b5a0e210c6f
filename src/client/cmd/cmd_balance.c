/* `kabinet balance [--json] [--below AMOUNT]`: every account's balance without the
 * full screen, for scripts, cron and monitoring. Exit statuses as in cli.h: 3 when a
 * balance is below AMOUNT. Server text is made safe on its way out: the table
 * through text.c, the JSON escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/money.h"
#include "kabinet/model/number.h"
#include "kabinet/model/text.h"

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
	/* A balance may be negative: so may the amount it is compared with. */
	static const struct number_rule below_rule = { NUMBER_MONEY, -MONEY_MAX, MONEY_MAX };
	bool json = false, has_below = false, any_below = false;
	int64_t below = 0;
	char why[256];
	struct cmd_session s;
	struct cmd_account_req *reqs = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--below") && i + 1 < argc) {
			if (number_take(argv[++i], &below_rule, &below, why, sizeof(why)) != NUMBER_OK) {
				cli_error("--below %s: %s", argv[i], why);
				return CLI_EXIT_USAGE;
			}
			has_below = true;
		} else if (cmd_is_help(argv[i])) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			return cmd_unexpected("balance", argv[i], usage);
		}
	}

	/* Two round trips in all: the accounts, then every balance at once (the api
	 * queues what its connections cannot take yet). */
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK)
		goto out;
	reqs = calloc(s.accounts.n + 1, sizeof(*reqs));
	if (!reqs)
		cmd_session_no_memory(&s);
	for (size_t i = 0; reqs && i < s.accounts.n && !s.failed; i++) {
		char *body = model_body_account(s.accounts.items[i].id);
		reqs[i] = (struct cmd_account_req){ &s, i };
		if (!body || !api_call(s.api, "getAccountBalanceV2", body, API_READ,
				       cmd_balance_read, &reqs[i]))
			cmd_session_no_memory(&s);
		model_free_secret_body(body);
	}
	api_run_until_idle(s.api);
	if ((rc = cmd_session_told(&s)) != CLI_EXIT_OK)
		goto out;
	for (size_t i = 0; has_below && i < s.accounts.n; i++)
		any_below |= s.accounts.items[i].bal.balance < below;
	if (json) {
		cmd_print_json(model_balance_json(&s.accounts, has_below ? &below : NULL, any_below));
	} else {
		print_table(&s.accounts);
	}
	rc = any_below ? CLI_EXIT_BELOW : CLI_EXIT_OK;
out:
	free(reqs);
	cmd_session_close(&s);
	return rc;
}
