/* `kabinet charges [--months N] [--account NUMBER] [--json|--csv]`: where the money
 * goes without the full screen: getCharges' sums, one row per month, account, service
 * and kind, newest month first. The same login and exit statuses as balance
 * (cmd_common.c); the answer is read whole by charges.h's reader, which holds each
 * account's month total to the sum of its parts (a mismatch or a sum beyond the range
 * is a bad reply: nothing printed, exit status 1). Server text made safe on its way
 * out: the table through text.c, the JSON escaped, the CSV through csv.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/model/charges.h"
#include "kabinet/model/csv.h"
#include "kabinet/model/text.h"
#include "kabinet/money.h"

#include <cjson/cJSON.h>

#define GAP 2
/* The widest a service's name is shown in the table; longer is cut with "…". */
#define SERVICE_COLS 40

enum format { FMT_TEXT, FMT_JSON, FMT_CSV };

/* One row: a kind of a service of an account in a month. */
struct charge_at {
	const struct charge_month *m;
	const struct charge_account *a;
	const struct charge_service *s;
	const struct charge_kind_sum *k;
};

struct charges_run {
	struct cmd_session *s;
	enum format fmt;
	struct charges c;
	size_t rows;
	int service_w, kind_w, amount_w;
};

static const char *kind_words(const struct charge_kind_sum *k)
{
	const char *w = charges_kind_name(k->kind);

	return w ? w : k->code;
}

static const char *service_words(const struct charge_service *s)
{
	return s->service ? s->service : _("the account as a whole");
}

static bool print_csv(const struct charge_at *r)
{
	char amount[64];

	cmd_plain_amount(r->k->amount, amount, sizeof(amount));
	return csv_put(stdout, r->m->month, false, false) &&
	       csv_put(stdout, r->a->number, true, false) &&
	       csv_put(stdout, r->s->service_id, true, false) &&
	       csv_put(stdout, r->s->service ? r->s->service : "", true, false) &&
	       csv_put(stdout, r->k->code, true, false) &&
	       csv_put(stdout, kind_words(r->k), true, false) &&
	       csv_put(stdout, amount, false, false) && csv_put(stdout, r->k->names, true, true);
}

static bool print_json(const struct charge_at *r)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	if (!o)
		return false;
	cJSON_AddStringToObject(o, "month", r->m->month);
	cJSON_AddStringToObject(o, "accountNumber", r->a->number);
	if (r->s->service_id[0]) {
		cJSON_AddStringToObject(o, "serviceId", r->s->service_id);
		cJSON_AddStringToObject(o, "service", r->s->service);
	} else {
		cJSON_AddNullToObject(o, "serviceId");
		cJSON_AddNullToObject(o, "service");
	}
	cJSON_AddStringToObject(o, "kind", r->k->code);
	cJSON_AddNumberToObject(o, "amount", (double)r->k->amount);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return cmd_print_json(text);
}

static void print_text(const struct charges_run *h, const struct charge_at *r)
{
	char amount[64];

	money_format(r->k->amount, i18n_money_style(), amount, sizeof(amount));
	text_print_fit(stdout, r->m->month, 7 + GAP, TEXT_LEFT);
	text_print_fit(stdout, r->a->number, 12 + GAP, TEXT_LEFT);
	text_print_fit(stdout, service_words(r->s), h->service_w + GAP, TEXT_LEFT);
	text_print_fit(stdout, kind_words(r->k), h->kind_w, TEXT_LEFT);
	text_print_fit(stdout, amount, h->amount_w + GAP, TEXT_RIGHT);
	if (r->k->names[0]) {
		fputs("  ", stdout);
		text_print(stdout, r->k->names);
	}
	putchar('\n');
}

static void print_row(struct charges_run *h, const struct charge_at *r)
{
	bool ok = true;

	if (h->fmt == FMT_CSV)
		ok = print_csv(r);
	else if (h->fmt == FMT_JSON)
		ok = print_json(r);
	else
		print_text(h, r);
	if (!ok)
		cmd_session_no_memory(h->s);
	h->rows++;
}

/* Every row of an account's month, in the answer's order. */
static void each_of_account(struct charges_run *h, struct charge_at *r,
			    void (*each)(struct charges_run *h, const struct charge_at *r))
{
	for (size_t k = 0; k < r->a->nservices; k++) {
		r->s = &r->a->services[k];
		for (size_t l = 0; l < r->s->nkinds; l++) {
			r->k = &r->s->kinds[l];
			each(h, r);
		}
	}
}

/* Every row, newest month first, in the answer's order. */
static void each_row(struct charges_run *h,
		     void (*each)(struct charges_run *h, const struct charge_at *r))
{
	struct charge_at r;

	for (size_t i = 0; i < h->c.nmonths; i++) {
		r.m = &h->c.months[i];
		for (size_t j = 0; j < r.m->naccounts; j++) {
			r.a = &r.m->accounts[j];
			each_of_account(h, &r, each);
		}
	}
}

static void widen(int *w, const char *s)
{
	int n = text_width(s, text_out_flags());

	if (n > *w)
		*w = n;
}

/* The table's columns: the widest of what the answer holds. */
static void measure_row(struct charges_run *h, const struct charge_at *r)
{
	char amount[64];

	money_format(r->k->amount, i18n_money_style(), amount, sizeof(amount));
	widen(&h->service_w, service_words(r->s));
	widen(&h->kind_w, kind_words(r->k));
	widen(&h->amount_w, amount);
	if (h->service_w > SERVICE_COLS)
		h->service_w = SERVICE_COLS;
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] charges [--months N] [--account NUMBER] "
			      "[--json|--csv]\n"
			      "Prints where the money goes: the charges of the last N months (1 to 24,\n"
			      "12 unless given), newest first, a line for each month, account, service\n"
			      "and kind of charge.\n"
			      "--json prints one JSON object a line, --csv a header and a line a row.\n"));
}

/* --months N: 1 to 24, digits only. */
static bool take_months(const char *value, int *months)
{
	size_t n = strlen(value);

	if (n == 0 || n > 2 || strspn(value, "0123456789") != n ||
	    atoi(value) < CHARGES_MONTHS_MIN || atoi(value) > CHARGES_MONTHS_MAX) {
		cli_error(_("charges: --months takes a number of months from 1 to 24, not %s"),
			  value);
		return false;
	}
	*months = atoi(value);
	return true;
}

/* The subcommand's own arguments: CMD_ARGS_RUN, or the exit status. */
static int take_args(int argc, char **argv, struct charges_run *h, int *months,
		     const char **number)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--json") || !strcmp(a, "--csv")) {
			enum format fmt = a[2] == 'j' ? FMT_JSON : FMT_CSV;
			if (h->fmt != FMT_TEXT && h->fmt != fmt) {
				cli_error("%s", _("charges: --json and --csv go one at a time"));
				return CLI_EXIT_USAGE;
			}
			h->fmt = fmt;
		} else if (!strcmp(a, "--account") && i + 1 < argc) {
			*number = argv[++i];
		} else if (!strcmp(a, "--months") && i + 1 < argc) {
			if (!take_months(argv[++i], months))
				return CLI_EXIT_USAGE;
		} else if (cmd_is_help(a)) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			return cmd_unexpected("charges", a, usage);
		}
	}
	return CMD_ARGS_RUN;
}

static void on_charges(void *ud, const struct api_reply *r)
{
	struct charges_run *h = ud;
	struct model_err merr;

	if (!app_reply_ok(r))
		cmd_session_fail(h->s, _("The charges"), r);
	else if (model_parse_charges(r->body, &h->c, &merr) != MODEL_OK)
		cmd_session_bad_reply(h->s, _("The charges"), &merr);
}

/* getCharges for the months and the account (NULL: every one). */
static int load(struct charges_run *h, int months, const char *account_id)
{
	char *body = model_body_charges(months, account_id);

	if (!body || !api_call(h->s->api, "getCharges", body, API_READ, on_charges, h))
		cmd_session_no_memory(h->s);
	else
		api_run_until_idle(h->s->api);
	free(body);
	return cmd_session_told(h->s);
}

static void print_all(struct charges_run *h)
{
	if (h->fmt == FMT_CSV)
		fputs("month,account,service_id,service,kind,kind_name,amount,names\n", stdout);
	if (h->fmt == FMT_TEXT)
		each_row(h, measure_row);
	each_row(h, print_row);
	if (h->fmt == FMT_TEXT && h->rows == 0) {
		text_print(stdout, _("No charges in these months."));
		putchar('\n');
	}
}

/* The account's id by its number, or the exit status of a number not the profile's. */
static int resolve(struct cmd_session *s, const char *number, const char **id)
{
	*id = NULL;
	if (!number)
		return CLI_EXIT_OK;
	if ((*id = cmd_account_id(s, number)))
		return CLI_EXIT_OK;
	cli_error(_("charges: --account %s is not an account of this profile"), number);
	return CLI_EXIT_USAGE;
}

int cmd_charges(struct cli *cli, int argc, char **argv)
{
	struct charges_run h = { .fmt = FMT_TEXT };
	int months = CHARGES_MONTHS_DEFAULT, rc;
	const char *number = NULL, *id;
	struct cmd_session s;

	if ((rc = take_args(argc, argv, &h, &months, &number)) != CMD_ARGS_RUN)
		return rc;
	h.s = &s;
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (number && (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK) ||
	    (rc = resolve(&s, number, &id)) != CLI_EXIT_OK ||
	    (rc = load(&h, months, id)) != CLI_EXIT_OK)
		goto out;
	print_all(&h);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("%s", _("charges: the output could not be written"));
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	rc = cmd_session_told(&s);
out:
	model_free_charges(&h.c);
	cmd_session_close(&s);
	return rc;
}
