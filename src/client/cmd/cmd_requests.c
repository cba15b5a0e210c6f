/* `kabinet requests [--json]`: the profile's support requests, newest first, with
 * their status and when the last message came (getRequests, page after page). The
 * same login and exit statuses as balance (cmd_common.c); server text made safe on
 * its way out: the table through text.c, the JSON escaped. The load is bounded by
 * paging.h's guard; one it stops prints nothing and exits 1. Every row is held until
 * the last page came (the table's columns are measured on all of them), so the load
 * takes the limits of a screen, whose rows are all held too, not a streaming one's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/model/paging.h"
#include "kabinet/model/support.h"
#include "kabinet/model/date.h"
#include "kabinet/model/text.h"

#include <cjson/cJSON.h>

#define PAGE_LIMIT 200
#define GAP 2

struct req_run {
	struct cmd_session *s;
	struct request *items;
	size_t n, cap;
	char cursor[256];
	bool more;
	struct page_guard guard;
};

static const char *number_of(const struct account_list *l, const char *id)
{
	for (size_t i = 0; id[0] && i < l->n; i++)
		if (!strcmp(l->items[i].id, id))
			return l->items[i].number;
	return id;
}

/* The load ended short of its last page: nothing is printed (the list is printed
 * whole or not at all) and the exit status is 1. */
static void stopped(struct req_run *q, enum page_verdict v)
{
	char why[256], text[512];

	page_guard_text(&q->guard, v, why, sizeof(why));
	snprintf(text, sizeof(text), _("%s (nothing was written)"), why);
	cmd_session_fail_text(q->s, _("The support requests"), text);
}

static void on_page(void *ud, const struct api_reply *r)
{
	struct req_run *q = ud;
	struct request_page page;
	struct model_err merr;
	enum page_verdict v;

	q->more = false;
	if (!app_reply_ok(r)) {
		cmd_session_fail(q->s, _("The support requests"), r);
		return;
	}
	if (model_parse_requests(r->body, &page, &merr) != MODEL_OK) {
		cmd_session_bad_reply(q->s, _("The support requests"), &merr);
		return;
	}
	v = page_guard_next(&q->guard, page.n, r->body_len, page.next_cursor);
	if (page_guard_stops(v)) {
		model_free_requests(&page);
		stopped(q, v);
		return;
	}
	if (q->n + page.n > q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		struct request *g;
		while (cap < q->n + page.n)
			cap *= 2;
		if (!(g = realloc(q->items, cap * sizeof(*g)))) {
			model_free_requests(&page);
			cmd_session_no_memory(q->s);
			return;
		}
		q->items = g;
		q->cap = cap;
	}
	for (size_t i = 0; i < page.n; i++)
		model_move_request(&q->items[q->n++], &page.items[i]);
	snprintf(q->cursor, sizeof(q->cursor), "%s", page.next_cursor);
	q->more = v == PAGE_NEXT;
	model_free_requests(&page);
}

/* The instant in the local time: the date as the history prints it, and HH:MM. */
static void when_text(const char *iso, char *buf, size_t size)
{
	struct tm tm = { 0 }, lt;
	char date[48];
	int off = 0, oh, om;
	const char *z;
	time_t t;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(buf, size, "%s", iso);
		return;
	}
	z = iso + 19 + strspn(iso + 19, ".0123456789");
	if ((*z == '+' || *z == '-') && sscanf(z + 1, "%2d:%2d", &oh, &om) == 2)
		off = (*z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) - off;
	localtime_r(&t, &lt);
	date_text(date_day(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday), false, date,
			  sizeof(date));
	snprintf(buf, size, "%s %02d:%02d", date, lt.tm_hour, lt.tm_min);
}

static void print_json(struct req_run *q, const struct request *r)
{
	cJSON *o = cJSON_CreateObject();
	char *text, *safe;

	cJSON_AddStringToObject(o, "requestId", r->id);
	cJSON_AddStringToObject(o, "topic", r->topic);
	cJSON_AddStringToObject(o, "status", req_status_code(r->status));
	if (r->account_id[0]) {
		cJSON_AddStringToObject(o, "accountId", r->account_id);
		cJSON_AddStringToObject(o, "accountNumber", number_of(&q->s->accounts, r->account_id));
	} else {
		cJSON_AddNullToObject(o, "accountId");
		cJSON_AddNullToObject(o, "accountNumber");
	}
	cJSON_AddStringToObject(o, "createdAt", r->created_at);
	cJSON_AddStringToObject(o, "lastMessageAt", req_last_at(r));
	cJSON_AddStringToObject(o, "lastMessageFrom",
				!r->nmsgs ? "" : r->msgs[r->nmsgs - 1].support ? "SUPPORT" : "USER");
	cJSON_AddNumberToObject(o, "messages", (double)r->nmsgs);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	safe = text ? text_json_safe(text) : NULL;
	if (safe)
		printf("%s\n", safe);
	else
		cmd_session_no_memory(q->s);
	free(safe);
	free(text);
}

static void print_table(struct req_run *q)
{
	unsigned flags = text_out_flags();
	int id_w = 0, st_w = 0, when_w = 0, acc_w = 0;
	char when[96];

	for (size_t i = 0; i < q->n; i++) {
		const struct request *r = &q->items[i];
		int w;
		if ((w = text_width(r->id, flags)) > id_w)
			id_w = w;
		if ((w = text_width(req_status_name(r->status), flags)) > st_w)
			st_w = w;
		when_text(req_last_at(r), when, sizeof(when));
		if ((w = text_width(when, flags)) > when_w)
			when_w = w;
		if ((w = text_width(r->account_id[0] ? number_of(&q->s->accounts, r->account_id) : "-",
				    flags)) > acc_w)
			acc_w = w;
	}
	for (size_t i = 0; i < q->n; i++) {
		const struct request *r = &q->items[i];
		when_text(req_last_at(r), when, sizeof(when));
		text_print_fit(stdout, r->id, id_w + GAP, TEXT_LEFT);
		text_print_fit(stdout, req_status_name(r->status), st_w + GAP, TEXT_LEFT);
		text_print_fit(stdout, when, when_w + GAP, TEXT_LEFT);
		text_print_fit(stdout, r->account_id[0] ? number_of(&q->s->accounts, r->account_id) : "-",
			       acc_w + GAP, TEXT_LEFT);
		text_print(stdout, r->topic);
		putchar('\n');
	}
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] requests [--json]\n"
			      "Prints the support requests, newest first: number, status, when the last\n"
			      "message came, the account and the topic.\n"
			      "--json prints one JSON object a line.\n"));
}

int cmd_requests(struct cli *cli, int argc, char **argv)
{
	struct req_run q = { 0 };
	struct cmd_session s;
	bool json = false;
	int rc;

	if ((rc = cmd_json_args("requests", argc, argv, usage, &json)) != CMD_ARGS_RUN)
		return rc;
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK)
		goto out;
	q.s = &s;
	page_guard_start(&q.guard, PAGING_SCREEN_ROWS, PAGING_SCREEN_BYTES);
	do {
		char *body = model_body_requests(PAGE_LIMIT, q.cursor);
		q.more = false;
		if (!body || !api_call(s.api, "getRequests", body, API_READ, on_page, &q))
			cmd_session_no_memory(&s);
		else
			api_run_until_idle(s.api);
		free(body);
	} while (q.more && !s.failed);
	if ((rc = cmd_session_told(&s)) != CLI_EXIT_OK)
		goto out;
	if (json) {
		for (size_t i = 0; i < q.n; i++)
			print_json(&q, &q.items[i]);
	} else if (q.n == 0) {
		text_print(stdout, _("No support requests."));
		putchar('\n');
	} else {
		print_table(&q);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("%s", _("requests: the output could not be written"));
		rc = CLI_EXIT_FAIL;
	}
out:
	for (size_t i = 0; i < q.n; i++)
		model_free_request(&q.items[i]);
	free(q.items);
	page_guard_free(&q.guard);
	cmd_session_close(&s);
	return rc;
}
