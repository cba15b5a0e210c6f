/* `kabinet access-log [--json]`: who from the operator's support looked at the
 * profile's data (getAccessLog, page after page, newest first): when the view was
 * opened, the staff member's name and login, the reason they gave and what they looked
 * at, in words. The same login and exit statuses as balance (cmd_common.c); server
 * text made safe on its way out: the lines through text.c, the JSON escaped. The load
 * is bounded by paging.h's guard with a screen's limits (every view is held until the
 * last page came, as requests holds its rows); one it stops prints nothing and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/model/access.h"
#include "kabinet/model/date.h"
#include "kabinet/model/paging.h"
#include "kabinet/model/text.h"

#include <cjson/cJSON.h>

#define PAGE_LIMIT 200

struct access_run {
	struct cmd_session *s;
	struct access_view *items;
	size_t n, cap;
	struct access_page page;	/* the page read, until it is taken */
};

static char *page_body(void *ud, const char *cursor)
{
	(void)ud;
	return model_body_access_log(PAGE_LIMIT, cursor);
}

static bool read_page(void *ud, const char *answer, size_t *rows, const char **next,
		      struct model_err *merr)
{
	struct access_run *q = ud;

	if (model_parse_access_log(answer, &q->page, merr) != MODEL_OK)
		return false;
	*rows = q->page.n;
	*next = q->page.next_cursor;
	return true;
}

static bool take_page(void *ud, bool keep)
{
	struct access_run *q = ud;
	void *items = q->items;
	bool ok = !keep || cmd_rows_reserve(&items, &q->cap, q->n, q->page.n, sizeof(*q->items));

	q->items = items;
	for (size_t i = 0; keep && ok && i < q->page.n; i++)
		model_move_access_view(&q->items[q->n++], &q->page.items[i]);
	model_free_access_log(&q->page);
	return ok;
}

/* The view as the API gives it, on a line of its own. */
static void print_json(struct access_run *q, const struct access_view *v)
{
	cJSON *o = cJSON_CreateObject(), *methods;

	cJSON_AddStringToObject(o, "viewId", v->id);
	cJSON_AddStringToObject(o, "staffLogin", v->staff_login);
	cJSON_AddStringToObject(o, "staffName", v->staff_name);
	cJSON_AddStringToObject(o, "reason", v->reason);
	cJSON_AddStringToObject(o, "openedAt", v->opened_at);
	methods = cJSON_AddArrayToObject(o, "methods");
	for (size_t i = 0; methods && i < v->nmethods; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "method", v->methods[i].method);
		cJSON_AddStringToObject(m, "firstAt", v->methods[i].first_at);
		cJSON_AddItemToArray(methods, m);
	}
	if (!cmd_print_json(cJSON_PrintUnformatted(o)))
		cmd_session_no_memory(q->s);
	cJSON_Delete(o);
}

/* Two lines a view: when, who and why; then what was looked at. */
static void print_view(const struct access_view *v)
{
	char when[96], what[1024], line[1200];

	date_instant(v->opened_at, when, sizeof(when));
	text_print(stdout, when);
	fputs("  ", stdout);
	text_print(stdout, v->staff_name);
	fputs(" (", stdout);
	text_print(stdout, v->staff_login);
	fputs(")  ", stdout);
	text_print(stdout, v->reason);
	putchar('\n');
	access_methods_text(v, false, what, sizeof(what));
	snprintf(line, sizeof(line), _("looked at: %s"), what[0] ? what : _("nothing"));
	fputs("    ", stdout);
	text_print(stdout, line);
	putchar('\n');
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] access-log [--json]\n"
			      "Prints who from support looked at your data, newest first: when, the\n"
			      "staff member, the reason they gave and what they looked at.\n"
			      "--json prints one JSON object a line.\n"));
}

static void print_all(struct access_run *q, bool json)
{
	if (json) {
		for (size_t i = 0; i < q->n; i++)
			print_json(q, &q->items[i]);
	} else if (q->n == 0) {
		text_print(stdout, _("Nobody from support has looked at your data."));
		putchar('\n');
	} else {
		for (size_t i = 0; i < q->n; i++)
			print_view(&q->items[i]);
	}
}

int cmd_access_log(struct cli *cli, int argc, char **argv)
{
	struct access_run q = { 0 };
	/* A load the guard stops prints nothing (the log is printed whole or not at
	 * all) and the exit status is 1. */
	struct cmd_paged p = { .method = "getAccessLog", .what = _("Who looked at your data"),
			       .ud = &q, .body = page_body, .read = read_page, .take = take_page,
			       .stop_note = _("%s (nothing was written)") };
	struct cmd_session s;
	bool json = false;
	int rc;

	if ((rc = cmd_json_args("access-log", argc, argv, usage, &json)) != CMD_ARGS_RUN)
		return rc;
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK)
		goto out;
	q.s = p.s = &s;
	cmd_paged_run(&p, PAGING_SCREEN_ROWS, PAGING_SCREEN_BYTES, NULL);
	if ((rc = cmd_session_told(&s)) != CLI_EXIT_OK)
		goto out;
	print_all(&q, json);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("%s", _("access-log: the output could not be written"));
		rc = CLI_EXIT_FAIL;
	}
out:
	for (size_t i = 0; i < q.n; i++)
		model_free_access_view(&q.items[i]);
	free(q.items);
	cmd_paged_free(&p);
	cmd_session_close(&s);
	return rc;
}
