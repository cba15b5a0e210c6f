/* `kabinet accounts [--json]`: every account with its services, their status and
 * tariff, without the full screen, for scripts. The same login and exit statuses as
 * balance (cmd_common.c). Server text is made safe on its way out: the blocks
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
#include "kabinet/model/text.h"

/* The widest a column grows before its text is cut (with an ellipsis): a hostile or
 * odd server's long string must not push the others off every line. */
#define REGION_MAX 30
#define TYPE_MAX 20
#define NUMBER_MAX 24
#define STATUS_MAX 26
#define GAP 2

static void on_tariffs(void *ud, const struct api_reply *r)
{
	struct cmd_session *s = ud;
	struct model_err merr;

	if (!app_reply_ok(r))
		cmd_session_fail(s, _("The tariff names"), r);
	else if (model_apply_tariff_names(r->body, &s->accounts, &merr) != MODEL_OK)
		cmd_session_bad_reply(s, _("The tariff names"), &merr);
}

/* Every tariff name at once, in batches of what getServiceTariffName takes. */
static int fetch_tariffs(struct cmd_session *s)
{
	size_t services = model_count_services(&s->accounts);

	for (size_t skip = 0; skip < services && !s->failed; skip += MODEL_TARIFF_BATCH) {
		char *body = model_body_services(&s->accounts, skip, MODEL_TARIFF_BATCH);
		if (!body || !api_call(s->api, "getServiceTariffName", body, API_READ, on_tariffs, s))
			cmd_session_no_memory(s);
		model_free_secret_body(body);
	}
	api_run_until_idle(s->api);
	return cmd_session_told(s);
}

static const char *payment_system(const struct account *a)
{
	return a->credit ? _("credit") : _("advance");
}

static int widest(int now, const char *s, int max)
{
	int w = text_width(s, text_out_flags());
	if (w > max)
		w = max;
	return w > now ? w : now;
}

struct widths {
	int number, region, system;		/* the account's line */
	int type, display, status;		/* a service's line */
};

/* Columns in terminal cells (Cyrillic is the normal case), the same for every block,
 * measured over the whole list. */
static struct widths measure(const struct account_list *list)
{
	struct widths w = { 0 };

	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		w.number = widest(w.number, a->number, NUMBER_MAX);
		w.region = widest(w.region, a->region, REGION_MAX);
		w.system = widest(w.system, payment_system(a), REGION_MAX);
		for (size_t k = 0; k < a->nservices; k++) {
			const struct service *sv = &a->services[k];
			w.type = widest(w.type, model_service_type_name(sv->type), TYPE_MAX);
			w.display = widest(w.display, sv->display_number, NUMBER_MAX);
			w.status = widest(w.status, model_service_status_name(sv->status), STATUS_MAX);
		}
	}
	return w;
}

/* One block per account: its line, then a line per service, indented; a blank line
 * between blocks. */
static void print_blocks(const struct account_list *list)
{
	struct widths w = measure(list);

	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		if (i)
			putchar('\n');
		text_print_fit(stdout, a->number, w.number + GAP, TEXT_LEFT);
		/* A region cut with "…" keeps the gap after it. */
		text_print_fit(stdout, a->region, w.region, TEXT_LEFT);
		printf("%*s", GAP, "");
		text_print_fit(stdout, payment_system(a), w.system + GAP, TEXT_LEFT);
		text_print(stdout, a->relative ? _("a relative's account") : _("your own account"));
		putchar('\n');
		if (!a->nservices) {
			fputs("    ", stdout);
			text_print(stdout, _("No services."));
			putchar('\n');
		}
		for (size_t k = 0; k < a->nservices; k++) {
			const struct service *sv = &a->services[k];
			fputs("    ", stdout);
			text_print_fit(stdout, model_service_type_name(sv->type), w.type + GAP, TEXT_LEFT);
			text_print_fit(stdout, sv->display_number, w.display + GAP, TEXT_LEFT);
			text_print_fit(stdout, model_service_status_name(sv->status), w.status + GAP,
				       TEXT_LEFT);
			text_print(stdout, sv->tariff[0] ? sv->tariff : "—");
			putchar('\n');
		}
	}
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] accounts [--json]\n"
			      "Prints every account with its services, their status and tariff.\n"));
}

int cmd_accounts(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	struct cmd_session s;
	int rc;

	if ((rc = cmd_json_args("accounts", argc, argv, usage, &json)) != CMD_ARGS_RUN)
		return rc;

	/* Two round trips: the accounts with their services, then every tariff name. */
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK ||
	    (rc = fetch_tariffs(&s)) != CLI_EXIT_OK)
		goto out;
	if (json) {
		if (!cmd_print_json(model_accounts_json(&s.accounts))) {
			cli_error("%s", _("Out of memory."));
			rc = CLI_EXIT_FAIL;
		}
	} else {
		print_blocks(&s.accounts);
	}
out:
	cmd_session_close(&s);
	return rc;
}
