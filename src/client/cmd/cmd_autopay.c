/* `kabinet autopay [--json]`: every autopay rule with its next run at today's balance
 * and fees, without the full screen, for scripts. The same login and exit statuses as
 * balance (cmd_common.c); the words are the screen's (autopay_words.c). The fee of
 * each 1st is billing's replay of the services of the accounts with rules (their
 * getServiceInfo, read after the rules: a pending tariff change, a voluntary block's
 * end), as on screen 5 and in the chart's forecast. Server text is made safe on its
 * way out: the lines through text.c, the JSON escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/model/autopay.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/text.h"

/* An account's fee and the server's today (getPromisedPaymentOffer), as screen 5. */
struct acct_req {
	struct cmd_account_req at;	/* first: the balance's callback takes it */
	bool fee_known;
	int64_t fee;
	char today[11];
};

struct rules_req {
	struct cmd_session *s;
	struct ap_rules rules;
	struct ap_fee_book book;	/* the services of the accounts with rules */
};

/* One service's getServiceInfo, into the book's plan i. */
struct plan_req {
	struct rules_req *rr;
	size_t i;
};

static void on_rules(void *ud, const struct api_reply *r)
{
	struct rules_req *rr = ud;
	struct model_err merr;

	if (!app_reply_ok(r))
		cmd_session_fail(rr->s, _("The autopay rules"), r);
	else if (model_parse_autopay_rules(r->body, &rr->rules, &merr) != MODEL_OK)
		cmd_session_bad_reply(rr->s, _("The autopay rules"), &merr);
}

static void on_plan(void *ud, const struct api_reply *r)
{
	struct plan_req *q = ud;
	struct ap_fee_book *b = &q->rr->book;
	struct model_err merr;

	if (!app_reply_ok(r))
		cmd_session_fail(q->rr->s, _("A service's tariff and options"), r);
	else if (!ap_fee_book_take(b, b->service[q->i], r->body, &merr))
		cmd_session_bad_reply(q->rr->s, _("A service's tariff and options"), &merr);
}

/* Round two: the services of the accounts with rules. */
static void load_plans(struct rules_req *rr)
{
	struct plan_req *reqs;

	if (!ap_fee_book_make(&rr->book, &rr->s->accounts, ap_rules_have_account, &rr->rules) ||
	    !(reqs = calloc(rr->book.n + 1, sizeof(*reqs)))) {
		cmd_session_no_memory(rr->s);
		return;
	}
	for (size_t i = 0; i < rr->book.n && !rr->s->failed; i++) {
		char *body = model_body_service(rr->book.service[i]);
		reqs[i] = (struct plan_req){ rr, i };
		if (!body || !api_call(rr->s->api, "getServiceInfo", body, API_READ, on_plan, &reqs[i]))
			cmd_session_no_memory(rr->s);
		free(body);
	}
	api_run_until_idle(rr->s->api);
	free(reqs);
}

static void on_offer(void *ud, const struct api_reply *r)
{
	struct acct_req *q = ud;
	const struct account *a = &q->at.s->accounts.items[q->at.index];
	struct promise_offer o;
	struct model_err merr;
	char what[64];
	int64_t today;

	snprintf(what, sizeof(what), _("monthly fee of %s"), a->number);
	if (!app_reply_ok(r)) {
		cmd_session_fail(q->at.s, what, r);
	} else if (model_parse_promise_offer(r->body, &o, &merr) != MODEL_OK) {
		cmd_session_bad_reply(q->at.s, what, &merr);
	} else if ((today = ap_date_days(o.expires_on)) != INT64_MIN) {
		if (!sums_days_back(today, o.days, &today)) {
			snprintf(merr.msg, sizeof(merr.msg), "%s", sums_beyond_text());
			cmd_session_bad_reply(q->at.s, what, &merr);
			return;
		}
		q->fee = o.max_amount;
		ap_days_date(today, q->today);
		q->fee_known = true;
	}
}

static char *money_out(int64_t k, char *buf, size_t size)
{
	return money_format(k, i18n_money_style(), buf, size);
}

static struct acct_req *req_of(struct acct_req *reqs, size_t n, const char *account_id,
			       const struct cmd_session *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s->accounts.items[i].id, account_id))
			return &reqs[i];
	return NULL;
}

static void next_of(const struct ap_rule *r, const struct acct_req *q,
		    const struct rules_req *rr, struct ap_next *n)
{
	const struct cmd_session *s = rr->s;
	struct ap_account_state st;

	memset(&st, 0, sizeof(st));
	if (q && q->fee_known) {
		const struct account *a = &s->accounts.items[q->at.index];
		snprintf(st.today, sizeof(st.today), "%s", q->today);
		st.balance = a->bal.balance;
		st.fee = q->fee;
		st.credit = a->credit;
		if (!ap_fee_book_account(&rr->book, a->id, &st.plans, &st.nplans))
			st.plans = NULL;
		if (a->bal.has_promised) {
			st.promised = a->bal.promised_amount;
			snprintf(st.promised_back, sizeof(st.promised_back), "%.10s",
				 a->bal.promised_expires);
		}
	}
	ap_next(r, &st, n);
}

static const char *next_code(enum ap_next_kind k)
{
	static const char *const codes[] = {
		[AP_NEXT_RUNS] = "RUNS", [AP_NEXT_DISABLED] = "DISABLED",
		[AP_NEXT_STAYS_ABOVE] = "NOT_WHILE_ABOVE", [AP_NEXT_NOT_CREDIT] = "NEVER",
		[AP_NEXT_UNKNOWN] = "UNKNOWN", [AP_NEXT_BEYOND] = "BEYOND",
	};
	return codes[k];
}

static void add_int_or_null(cJSON *o, const char *name, bool used, int64_t v)
{
	if (used)
		cJSON_AddNumberToObject(o, name, (double)v);
	else
		cJSON_AddNullToObject(o, name);
}

/* {"rules":[{ruleId, accountId, number, kind, threshold, amount, day, cardId, cardMask,
 * enabled, lastRun, next:{status, date, amount, above}}]} in the API's words. */
static char *rules_json(const struct rules_req *rr, struct acct_req *reqs)
{
	const struct ap_rules *l = &rr->rules;
	const struct cmd_session *s = rr->s;
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "rules");
	char *text;

	for (size_t i = 0; i < l->n; i++) {
		const struct ap_rule *r = &l->items[i];
		const struct acct_req *q = req_of(reqs, s->accounts.n, r->account_id, s);
		cJSON *o = cJSON_CreateObject(), *next;
		struct ap_next n;

		cJSON_AddStringToObject(o, "ruleId", r->id);
		cJSON_AddStringToObject(o, "accountId", r->account_id);
		if (q)
			cJSON_AddStringToObject(o, "number", s->accounts.items[q->at.index].number);
		else
			cJSON_AddNullToObject(o, "number");
		cJSON_AddStringToObject(o, "kind", ap_kind_code(r->kind));
		add_int_or_null(o, "threshold", r->kind == AP_THRESHOLD, r->threshold);
		add_int_or_null(o, "amount", r->kind != AP_DEBT, r->amount);
		add_int_or_null(o, "day", r->kind == AP_MONTHLY, r->day);
		cJSON_AddStringToObject(o, "cardId", r->card_id);
		if (r->card_mask[0])
			cJSON_AddStringToObject(o, "cardMask", r->card_mask);
		else
			cJSON_AddNullToObject(o, "cardMask");
		cJSON_AddBoolToObject(o, "enabled", r->enabled);
		if (r->has_last) {
			cJSON *last = cJSON_AddObjectToObject(o, "lastRun");
			cJSON_AddStringToObject(last, "date", r->last_date);
			cJSON_AddStringToObject(last, "status", r->last_declined ? "DECLINED" : "SUCCEEDED");
			cJSON_AddNumberToObject(last, "amount", (double)r->last_amount);
		} else {
			cJSON_AddNullToObject(o, "lastRun");
		}
		next_of(r, q, rr, &n);
		next = cJSON_AddObjectToObject(o, "next");
		cJSON_AddStringToObject(next, "status", next_code(n.kind));
		add_int_or_null(next, "amount", n.kind == AP_NEXT_RUNS, n.amount);
		if (n.kind == AP_NEXT_RUNS)
			cJSON_AddStringToObject(next, "date", n.date);
		else
			cJSON_AddNullToObject(next, "date");
		add_int_or_null(next, "above", n.kind == AP_NEXT_STAYS_ABOVE, n.above);
		cJSON_AddItemToArray(arr, o);
	}
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

/* One block per rule: account, kind, on or off, card; the figures; last and next run. */
static void print_rules(const struct rules_req *rr, struct acct_req *reqs)
{
	const struct ap_rules *l = &rr->rules;
	const struct cmd_session *s = rr->s;
	char words[512], line[1024];
	struct ap_next n;

	if (!l->n) {
		text_print(stdout, _("No autopay rules."));
		putchar('\n');
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct ap_rule *r = &l->items[i];
		const struct acct_req *q = req_of(reqs, s->accounts.n, r->account_id, s);

		if (i)
			putchar('\n');
		snprintf(line, sizeof(line), _("%s  %s  %s  card %s"),
			 q ? s->accounts.items[q->at.index].number : r->account_id, ap_kind_text(r->kind),
			 r->enabled ? _("enabled") : _("disabled"), r->card_mask);
		text_print(stdout, line);
		putchar('\n');
		ap_rule_words(r, money_out, words, sizeof(words));
		fputs("    ", stdout);
		text_print(stdout, words);
		putchar('\n');
		ap_last_words(r, money_out, words, sizeof(words));
		snprintf(line, sizeof(line), r->has_last && r->last_declined ? _("last run: ! %s")
									   : _("last run: %s"), words);
		fputs("    ", stdout);
		text_print(stdout, line);
		putchar('\n');
		next_of(r, q, rr, &n);
		ap_next_words(&n, r->kind, money_out, words, sizeof(words));
		snprintf(line, sizeof(line), _("next: %s"), words);
		fputs("    ", stdout);
		text_print(stdout, line);
		putchar('\n');
	}
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] autopay [--json]\n"
			      "Prints every autopay rule with its last run and what happens next.\n"));
}

int cmd_autopay(struct cli *cli, int argc, char **argv)
{
	struct rules_req rr = { 0 };
	struct acct_req *reqs = NULL;
	bool json = false;
	struct cmd_session s;
	int rc;

	if ((rc = cmd_json_args("autopay", argc, argv, usage, &json)) != CMD_ARGS_RUN)
		return rc;

	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK)
		goto out;
	rr.s = &s;
	reqs = calloc(s.accounts.n + 1, sizeof(*reqs));
	if (!reqs) {
		cmd_session_no_memory(&s);
	} else {
		char *body = model_body_empty();
		if (!body || !api_call(s.api, "getAutopayRules", body, API_READ, on_rules, &rr))
			cmd_session_no_memory(&s);
		free(body);
		for (size_t i = 0; i < s.accounts.n && !s.failed; i++) {
			reqs[i] = (struct acct_req){ .at = { .s = &s, .index = i } };
			body = model_body_account(s.accounts.items[i].id);
			if (!body ||
			    !api_call(s.api, "getAccountBalanceV2", body, API_READ, cmd_balance_read,
				      &reqs[i].at) ||
			    !api_call(s.api, "getPromisedPaymentOffer", body, API_READ, on_offer, &reqs[i]))
				cmd_session_no_memory(&s);
			free(body);
		}
		api_run_until_idle(s.api);
		if (!s.failed)
			load_plans(&rr);
	}
	if ((rc = cmd_session_told(&s)) != CLI_EXIT_OK)
		goto out;
	/* A forecast whose figures cannot be added: a bad answer, nothing printed. */
	for (size_t i = 0; i < rr.rules.n; i++) {
		struct ap_next n;
		next_of(&rr.rules.items[i], req_of(reqs, s.accounts.n, rr.rules.items[i].account_id, &s),
			&rr, &n);
		if (n.kind == AP_NEXT_BEYOND) {
			cli_error("%s: %s", _("The server's answer could not be understood"),
				  sums_beyond_text());
			rc = CLI_EXIT_FAIL;
			goto out;
		}
	}
	if (json) {
		if (!cmd_print_json(rules_json(&rr, reqs))) {
			cli_error("%s", _("Out of memory."));
			rc = CLI_EXIT_FAIL;
		}
	} else {
		print_rules(&rr, reqs);
	}
out:
	model_free_autopay_rules(&rr.rules);
	ap_fee_book_free(&rr.book);
	free(reqs);
	cmd_session_close(&s);
	return rc;
}
