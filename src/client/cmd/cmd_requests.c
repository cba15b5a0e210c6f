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
	struct request_page page;	/* the page read, until it is taken */
};

static const char *number_of(const struct account_list *l, const char *id)
{
	for (size_t i = 0; id[0] && i < l->n; i++)
		if (!strcmp(l->items[i].id, id))
			return l->items[i].number;
	return id;
}

static char *page_body(void *ud, const char *cursor)
{
	(void)ud;
	return model_body_requests(PAGE_LIMIT, cursor);
}

static bool read_page(void *ud, const char *answer, size_t *rows, const char **next,
		      struct model_err *merr)
{
	struct req_run *q = ud;

	if (model_parse_requests(answer, &q->page, merr) != MODEL_OK)
		return false;
	*rows = q->page.n;
	*next = q->page.next_cursor;
	return true;
}

/* Every row is held: the table is measured on all of them. */
static bool take_page(void *ud, bool keep)
{
	struct req_run *q = ud;
	void *items = q->items;
	bool ok = !keep || cmd_rows_reserve(&items, &q->cap, q->n, q->page.n, sizeof(*q->items));

	q->items = items;
	for (size_t i = 0; keep && ok && i < q->page.n; i++)
		model_move_request(&q->items[q->n++], &q->page.items[i]);
	model_free_requests(&q->page);
	return ok;
}

static void print_json(struct req_run *q, const struct request *r)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

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
	if (!cmd_print_json(text))
		cmd_session_no_memory(q->s);
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
		date_instant(req_last_at(r), when, sizeof(when));
		if ((w = text_width(when, flags)) > when_w)
			when_w = w;
		if ((w = text_width(r->account_id[0] ? number_of(&q->s->accounts, r->account_id) : "-",
				    flags)) > acc_w)
			acc_w = w;
	}
	for (size_t i = 0; i < q->n; i++) {
		const struct request *r = &q->items[i];
		date_instant(req_last_at(r), when, sizeof(when));
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
	/* A load the guard stops prints nothing (the list is printed whole or not at
	 * all) and the exit status is 1. */
	struct cmd_paged p = { .method = "getRequests", .what = _("The support requests"),
			       .ud = &q, .body = page_body, .read = read_page, .take = take_page,
			       .stop_note = _("%s (nothing was written)") };
	struct cmd_session s;
	bool json = false;
	int rc;

	if ((rc = cmd_json_args("requests", argc, argv, usage, &json)) != CMD_ARGS_RUN)
		return rc;
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK ||
	    (rc = cmd_session_accounts(&s)) != CLI_EXIT_OK)
		goto out;
	q.s = p.s = &s;
	cmd_paged_run(&p, PAGING_SCREEN_ROWS, PAGING_SCREEN_BYTES, NULL);
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
	cmd_paged_free(&p);
	cmd_session_close(&s);
	return rc;
}
