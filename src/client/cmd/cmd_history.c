/* `kabinet history [--account NUMBER] [--from DATE] [--to DATE] [--json|--csv]`: the
 * payment history without the full screen. Rows are streamed page by page (a page
 * printed, freed, then the next asked for), so any number of rows takes the memory of
 * one page. The same login and exit statuses as balance (cmd_common.c); server text
 * made safe on its way out: the table through text.c, the JSON escaped, the CSV
 * through csv.c (quoted, rid of controls, no field read as a formula). The load is
 * bounded by paging.h's guard: a cursor that comes again, an empty page that names
 * a next one or a load past its limits ends it with exit status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/model/csv.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/money.h"
#include "kabinet/model/paging.h"
#include "kabinet/model/history.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/date.h"
#include "kabinet/model/text.h"

#include <cjson/cJSON.h>

#define PAGE_LIMIT 200
/* No --from: the whole history, not the API's default of the last 365 days. */
#define FROM_ALL "1970-01-01"
#define GAP 2

enum format { FMT_TEXT, FMT_JSON, FMT_CSV };

struct hist_run {
	struct cmd_session *s;
	enum format fmt;
	const struct hist_filter *filter;
	struct hist_page page;	/* the page read, until it is printed */
	size_t rows;
	int type_w, amount_w, date_w;
};

/* The account's number by its id (every account of the profile is in getAccounts'
 * answer; one that is not shows as its id). */
static const char *number_of(const struct account_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].id, id))
			return l->items[i].number;
	return id;
}

/* "+1 234,56 ₽" / "−374,80 ₽": the sign always, so that a row reads without color. */
static void signed_money(int64_t k, enum money_style style, char *buf, size_t size)
{
	char m[60];

	money_format(k, style, m, sizeof(m));
	snprintf(buf, size, "%s%s", k > 0 ? "+" : "", m);
}

static void print_row(struct hist_run *h, const struct hist_row *r)
{
	const char *number = number_of(&h->s->accounts, r->account_id);
	const char *type = r->type == HIST_UNKNOWN ? r->type_code : hist_type_name(r->type);
	char amount[64];

	switch (h->fmt) {
	case FMT_CSV:
		cmd_plain_amount(r->amount, amount, sizeof(amount));
		if (!csv_put(stdout, r->date, false, false) || !csv_put(stdout, number, true, false) ||
		    !csv_put(stdout, r->type_code, true, false) || !csv_put(stdout, type, true, false) ||
		    !csv_put(stdout, amount, false, false) ||
		    !csv_put(stdout, r->description, true, true))
			cmd_session_no_memory(h->s);
		break;
	case FMT_JSON: {
		cJSON *o = cJSON_CreateObject();
		char *text;
		cJSON_AddStringToObject(o, "id", r->id);
		cJSON_AddStringToObject(o, "date", r->date);
		cJSON_AddStringToObject(o, "accountId", r->account_id);
		cJSON_AddStringToObject(o, "accountNumber", number);
		cJSON_AddStringToObject(o, "type", r->type_code);
		cJSON_AddNumberToObject(o, "amount", (double)r->amount);
		cJSON_AddStringToObject(o, "description", r->description);
		text = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (!cmd_print_json(text))
			cmd_session_no_memory(h->s);
		break;
	}
	case FMT_TEXT: {
		char date[48];
		int64_t day;
		if (date_iso_day(r->date, &day))
			date_text(day, false, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "%s", r->date);
		signed_money(r->amount, i18n_money_style(), amount, sizeof(amount));
		text_print_fit(stdout, date, h->date_w + GAP, TEXT_LEFT);
		text_print_fit(stdout, number, 12 + GAP, TEXT_LEFT);
		text_print_fit(stdout, type, h->type_w + GAP, TEXT_LEFT);
		text_print_fit(stdout, amount, h->amount_w, TEXT_RIGHT);
		fputs("  ", stdout);
		text_print(stdout, r->description);
		putchar('\n');
		break;
	}
	}
}

/* A load that failed once rows were written, or that the guard stopped (exit status
 * 1), says what was written before it: a stream cannot take it back. */
static void say_written(struct hist_run *h, bool stopped)
{
	char text[sizeof(h->s->err)];

	if (!h->s->failed || (!h->rows && !stopped))
		return;
	snprintf(text, sizeof(text), _("%s (rows written before it: %zu)"), h->s->err, h->rows);
	memcpy(h->s->err, text, sizeof(text));
}

static char *page_body(void *ud, const char *cursor)
{
	struct hist_run *h = ud;

	return model_body_history(h->filter, PAGE_LIMIT, cursor);
}

static bool read_page(void *ud, const char *answer, size_t *rows, const char **next,
		      struct model_err *merr)
{
	struct hist_run *h = ud;

	if (model_parse_history(answer, &h->page, merr) != MODEL_OK)
		return false;
	*rows = h->page.n;
	*next = h->page.next_cursor;
	return true;
}

/* One page in memory at a time: printed, then freed. */
static bool print_page(void *ud, bool keep)
{
	struct hist_run *h = ud;

	for (size_t i = 0; keep && i < h->page.n && !h->s->failed; i++)
		print_row(h, &h->page.items[i]);
	if (keep)
		h->rows += h->page.n;
	model_free_history(&h->page);
	return true;
}

/* A stream that cannot be written stops the load. */
static bool writable(void *ud)
{
	(void)ud;
	return !ferror(stdout);
}

/* The table's columns are fixed before the first row (the rows are never all held):
 * the widest type name and the widest amount the API allows. */
static void measure(struct hist_run *h)
{
	char amount[64], date[48];
	unsigned flags = text_out_flags();

	for (int t = 0; t < HIST_TYPE_COUNT; t++) {
		int w = text_width(hist_type_name((enum hist_type)t), flags);
		if (w > h->type_w)
			h->type_w = w;
	}
	signed_money(-INT64_C(99999999), i18n_money_style(), amount, sizeof(amount));
	h->amount_w = text_width(amount, flags);
	date_text(date_day(2026, 12, 30), false, date, sizeof(date));
	h->date_w = text_width(date, flags);
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] history [--account NUMBER] [--from DATE] "
			      "[--to DATE] [--json|--csv]\n"
			      "Prints the payment history, newest first (all of it unless --from says from when);\n"
			      "dates are YYYY-MM-DD.\n"
			      "--json prints one JSON object a line, --csv a header and a line a row.\n"));
}

/* A date of the command line: YYYY-MM-DD and a day of the calendar. */
static bool take_date(const char *flag, const char *value, char *out, size_t size)
{
	int64_t day;

	if (!date_iso_day(value, &day)) {
		cli_error(_("%s: %s is not a date YYYY-MM-DD"), flag, value);
		return false;
	}
	snprintf(out, size, "%s", value);
	return true;
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
	struct hist_filter f = { 0 };
	struct hist_run h = { .fmt = FMT_TEXT, .filter = &f };
	struct cmd_paged p = { .method = "getPaymentHistory", .what = _("The payment history"),
			       .ud = &h, .body = page_body, .read = read_page, .take = print_page };
	const char *number = NULL;
	struct cmd_session s;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--json") || !strcmp(a, "--csv")) {
			enum format fmt = a[2] == 'j' ? FMT_JSON : FMT_CSV;
			if (h.fmt != FMT_TEXT && h.fmt != fmt) {
				cli_error("%s", _("history: --json and --csv go one at a time"));
				return CLI_EXIT_USAGE;
			}
			h.fmt = fmt;
		} else if (!strcmp(a, "--account") && i + 1 < argc) {
			number = argv[++i];
		} else if (!strcmp(a, "--from") && i + 1 < argc) {
			if (!take_date("--from", argv[++i], f.from, sizeof(f.from)))
				return CLI_EXIT_USAGE;
		} else if (!strcmp(a, "--to") && i + 1 < argc) {
			if (!take_date("--to", argv[++i], f.to, sizeof(f.to)))
				return CLI_EXIT_USAGE;
		} else if (cmd_is_help(a)) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			return cmd_unexpected("history", a, usage);
		}
	}
	if (f.from[0] && f.to[0] && strcmp(f.from, f.to) > 0) {
		cli_error(_("history: --from %s is after --to %s"), f.from, f.to);
		return CLI_EXIT_USAGE;
	}

	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK)
		goto out;
	if (number) {
		const char *id = cmd_account_id(&s, number);
		snprintf(f.account_id, sizeof(f.account_id), "%s", id ? id : "");
		if (!f.account_id[0]) {
			cli_error(_("history: --account %s is not an account of this profile"), number);
			rc = CLI_EXIT_USAGE;
			goto out;
		}
	}
	if (!f.from[0])
		snprintf(f.from, sizeof(f.from), "%s", FROM_ALL);
	h.s = p.s = &s;
	measure(&h);
	if (h.fmt == FMT_CSV)
		fputs("date,account,type,type_name,amount,description\n", stdout);
	cmd_paged_run(&p, PAGING_CMD_ROWS, PAGING_CMD_BYTES, writable);
	say_written(&h, p.stopped);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("%s", _("history: the output could not be written"));
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if ((rc = cmd_session_told(&s)) != CLI_EXIT_OK)
		goto out;
	if (h.fmt == FMT_TEXT && h.rows == 0) {
		text_print(stdout, _("No payments in this period."));
		putchar('\n');
	}
out:
	cmd_paged_free(&p);
	cmd_session_close(&s);
	return rc;
}
