/* `kabinet balance [--json] [--below AMOUNT]`: every account's balance without the
 * full screen, for scripts, cron and monitoring. Exit status 0, 3 when a balance is
 * below AMOUNT, 1 when it cannot be learnt, 2 for a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "kabinet/api.h"
#include "kabinet/cli.h"
#include "kabinet/demo.h"
#include "kabinet/i18n.h"
#include "kabinet/model.h"
#include "kabinet/money.h"
#include "kabinet/options.h"
#include "kabinet/session.h"
#include "kabinet/state.h"

#define EXIT_BELOW 3

struct fetch {
	struct account_list list;
	bool failed;
	char err[256];
};

struct balance_req {
	struct fetch *f;
	size_t index;
};

static void fail_from(struct fetch *f, const struct api_reply *r)
{
	if (f->failed)
		return;
	f->failed = true;
	if (r->fail == API_FAIL_CONNECT || r->fail == API_FAIL_TIMEOUT)
		snprintf(f->err, sizeof(f->err), "%s", _("Cannot reach the server"));
	else if (r->err_msg && *r->err_msg)
		snprintf(f->err, sizeof(f->err), "%s", r->err_msg);
	else
		snprintf(f->err, sizeof(f->err), "%s", _("The server sent a reply that is not understood"));
}

static void on_balance(void *ud, const struct api_reply *r)
{
	struct balance_req *br = ud;
	struct model_err merr;
	if (r->fail != API_FAIL_NONE || r->err != APIERR_OK) {
		fail_from(br->f, r);
	} else if (model_parse_balance(r->body, &br->f->list.items[br->index].bal, &merr) !=
		   MODEL_OK) {
		br->f->failed = true;
		snprintf(br->f->err, sizeof(br->f->err), "%s", merr.msg);
	}
}

static void on_accounts(void *ud, const struct api_reply *r)
{
	struct fetch *f = ud;
	struct model_err merr;
	if (r->fail != API_FAIL_NONE || r->err != APIERR_OK) {
		fail_from(f, r);
	} else if (model_parse_accounts(r->body, &f->list, &merr) != MODEL_OK) {
		f->failed = true;
		snprintf(f->err, sizeof(f->err), "%s", merr.msg);
	}
}

/* Pads to a column width counted in terminal cells, not bytes (Cyrillic). */
static void print_padded(const char *s, int width)
{
	wchar_t wbuf[256];
	size_t n = mbstowcs(wbuf, s, 255);
	int w = n == (size_t)-1 ? (int)strlen(s) : wcswidth(wbuf, n);
	if (w < 0)
		w = (int)strlen(s);
	fputs(s, stdout);
	for (; w < width; w++)
		putchar(' ');
}

/* "services lock in 9 days", with the Russian plural. */
static const char *money_days_to_lock(int64_t days, char *buf, size_t size)
{
	snprintf(buf, size, ngettext("locks in %lld day", "locks in %lld days", (unsigned long)days),
		 (long long)days);
	return buf;
}

static void print_table(const struct account_list *list)
{
	enum money_style style = i18n_money_style();
	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		char money[64], buf_days[64];
		money_format(a->bal.balance, style, money, sizeof(money));
		print_padded(a->number, 14);
		print_padded(a->region, 24);
		/* Right-align the money in 16 cells. */
		wchar_t wbuf[64];
		size_t n = mbstowcs(wbuf, money, 63);
		int w = n == (size_t)-1 ? (int)strlen(money) : wcswidth(wbuf, n);
		for (; w < 16; w++)
			putchar(' ');
		fputs(money, stdout);
		if (a->bal.has_days_to_lock && a->bal.days_to_lock == 0)
			printf("  %s", _("services blocked for debt"));
		else if (a->bal.has_days_to_lock)
			printf("  %s", money_days_to_lock(a->bal.days_to_lock, buf_days, sizeof(buf_days)));
		putchar('\n');
	}
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: kabinet [options] balance [--json] [--below AMOUNT]\n"
			   "Prints every account's balance. Exit status 3 when a balance is below AMOUNT.\n"));
}

int cmd_balance(struct cli *cli, int argc, char **argv)
{
	bool json = false, has_below = false, any_below = false;
	int64_t below = 0;
	char err[512] = "", uuid[37] = "";
	struct demo demo = { 0 };
	struct fetch f = { 0 };
	struct api *api;
	char *demo_pass = NULL;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--below") && i + 1 < argc) {
			if (money_parse(argv[++i], &below) != 0) {
				fprintf(stderr, _("kabinet: --below: %s is not an amount of money\n"), argv[i]);
				return 2;
			}
			has_below = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, _("kabinet: balance: unexpected argument %s\n"), argv[i]);
			usage(stderr);
			return 2;
		}
	}

	struct session_opts so = { .server = opt.server, .login = opt.login,
				   .password_command = opt.password_command,
				   .no_keyring = cli->no_keyring || !opt.keyring };
	if (cli->demo) {
		if (demo_start(&demo, err, sizeof(err)) < 0) {
			fprintf(stderr, "kabinet: %s\n", err);
			return 1;
		}
		demo_pass = demo_password();
		so.server = demo.url;
		so.login = DEMO_LOGIN;
		so.password = demo_pass;
	}
	state_client_uuid(uuid, NULL);
	api = api_new(so.server, uuid, i18n_lang(), err, sizeof(err));
	if (!api) {
		fprintf(stderr, "kabinet: %s\n", err);
		goto out;
	}
	if (session_login(api, &so, err, sizeof(err)) != 0) {
		fprintf(stderr, "kabinet: %s\n", err);
		goto out;
	}
	/* Two round trips in all: the accounts, then every balance at once. */
	if (!api_call(api, "getAccounts", "{}", API_READ, on_accounts, &f)) {
		fprintf(stderr, "kabinet: %s\n", _("Cannot reach the server"));
		goto out;
	}
	api_run_until_idle(api);
	struct balance_req *reqs = f.failed ? NULL : calloc(f.list.n + 1, sizeof(*reqs));
	for (size_t i = 0; reqs && i < f.list.n; i++) {
		char *body = model_body_account(f.list.items[i].id);
		reqs[i] = (struct balance_req){ &f, i };
		if (!body || !api_call(api, "getAccountBalanceV2", body, API_READ, on_balance, &reqs[i]))
			f.failed = true;
		model_free_secret_body(body);
	}
	api_run_until_idle(api);
	free(reqs);
	if (f.failed) {
		fprintf(stderr, "kabinet: %s\n", f.err[0] ? f.err : _("Cannot reach the server"));
		goto out;
	}
	for (size_t i = 0; has_below && i < f.list.n; i++)
		any_below |= f.list.items[i].bal.balance < below;
	if (json) {
		char *text = model_balance_json(&f.list, has_below ? &below : NULL, any_below);
		if (text)
			printf("%s\n", text);
		free(text);
	} else {
		print_table(&f.list);
	}
	rc = any_below ? EXIT_BELOW : 0;
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
