/* The set-up, the requests and the printing the reading subcommands share (see
 * cmd_common.h). */
#include "kabinet/cmd/cmd_common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/cmd/session.h"
#include "kabinet/state.h"
#include "kabinet/model/text.h"

int cmd_session_open(struct cmd_session *s, const struct cli *cli)
{
	char err[512] = "", uuid[37] = "";
	int rc;
	struct session_opts so = { .server = opt.server, .login = opt.login,
				   .password_command = opt.password_command,
				   .no_keyring = cli->no_keyring || !opt.keyring };

	memset(s, 0, sizeof(*s));
	if (cli->demo) {
		if (demo_start(&s->demo, err, sizeof(err)) < 0) {
			cli_error("%s", err);
			return CLI_EXIT_FAIL;
		}
		s->demo_started = true;
		s->demo_pass = demo_password();
		so.server = s->demo.url;
		so.login = DEMO_LOGIN;
		so.password = s->demo_pass;
	}
	s->server = so.server;
	state_client_uuid(uuid, NULL);
	s->api = api_new(so.server, uuid, i18n_lang(), err, sizeof(err));
	if (!s->api) {
		cli_error("%s", err);
		return CLI_EXIT_FAIL;
	}
	if (app_api_options(s->api, err, sizeof(err)) < 0) {
		cli_error("%s", err);
		return CLI_EXIT_USAGE;
	}
	api_set_deadline(s->api, opt.timeout);
	rc = session_login(s->api, &so, err, sizeof(err));
	if (rc != CLI_EXIT_OK && api_deadline_passed(s->api)) {
		cmd_timeout_text(err, sizeof(err));
		rc = CLI_EXIT_FAIL;
	}
	if (rc != CLI_EXIT_OK)
		cli_error("%s", err);
	return rc;
}

bool cmd_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cmd_unexpected(const char *name, const char *arg, void (*usage)(FILE *))
{
	cli_error(_("%s: unexpected argument %s"), name, arg);
	usage(stderr);
	return CLI_EXIT_USAGE;
}

int cmd_json_args(const char *name, int argc, char **argv, void (*usage)(FILE *), bool *json)
{
	*json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			*json = true;
		} else if (cmd_is_help(argv[i])) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			return cmd_unexpected(name, argv[i], usage);
		}
	}
	return CMD_ARGS_RUN;
}

void cmd_timeout_text(char *buf, size_t size)
{
	snprintf(buf, size,
		 _("The command's time limit of %u s passed before it was done (--timeout SECONDS or set timeout changes it)."),
		 opt.timeout);
}

void cmd_session_fail_text(struct cmd_session *s, const char *what, const char *text)
{
	if (s->failed)
		return;
	s->failed = CLI_EXIT_FAIL;
	snprintf(s->err, sizeof(s->err), "%s%s%s", what ? what : "", what ? ": " : "", text);
}

void cmd_session_fail(struct cmd_session *s, const char *what, const struct api_reply *r)
{
	char text[768];

	if (s->failed)
		return;
	s->failed = CLI_EXIT_FAIL;
	if (api_deadline_passed(s->api)) {
		/* Cancelled by --timeout: that, not a cancel, is what happened. */
		cmd_timeout_text(s->err, sizeof(s->err));
		return;
	}
	app_fail_text_url(s->server, r, text, sizeof(text));
	if (what)
		snprintf(s->err, sizeof(s->err), "%s: %s", what, text);
	else
		snprintf(s->err, sizeof(s->err), "%s", text);
}

void cmd_session_bad_reply(struct cmd_session *s, const char *what,
			   const struct model_err *merr)
{
	if (s->failed)
		return;
	s->failed = CLI_EXIT_FAIL;
	snprintf(s->err, sizeof(s->err), "%s%s%s: %s", what ? what : "", what ? ": " : "",
		 _("The server's answer could not be understood"), merr->msg);
}

void cmd_session_no_memory(struct cmd_session *s)
{
	if (s->failed)
		return;
	s->failed = CLI_EXIT_FAIL;
	snprintf(s->err, sizeof(s->err), "%s", _("Out of memory."));
}

int cmd_session_told(struct cmd_session *s)
{
	if (s->failed)
		cli_error("%s", s->err);
	return s->failed;
}

static void on_accounts(void *ud, const struct api_reply *r)
{
	struct cmd_session *s = ud;
	struct model_err merr;

	if (!app_reply_ok(r))
		cmd_session_fail(s, _("The list of accounts"), r);
	else if (model_parse_accounts(r->body, &s->accounts, &merr) != MODEL_OK)
		cmd_session_bad_reply(s, _("The list of accounts"), &merr);
}

int cmd_session_accounts(struct cmd_session *s)
{
	if (!api_call(s->api, "getAccounts", "{}", API_READ, on_accounts, s))
		cmd_session_no_memory(s);
	else
		api_run_until_idle(s->api);
	return cmd_session_told(s);
}

const char *cmd_account_id(const struct cmd_session *s, const char *number)
{
	for (size_t i = 0; i < s->accounts.n; i++)
		if (!strcmp(s->accounts.items[i].number, number))
			return s->accounts.items[i].id;
	return NULL;
}

void cmd_balance_read(void *ud, const struct api_reply *r)
{
	struct cmd_account_req *q = ud;
	struct account *a = &q->s->accounts.items[q->index];
	struct model_err merr;
	char what[64];

	snprintf(what, sizeof(what), _("balance of %s"), a->number);
	if (!app_reply_ok(r))
		cmd_session_fail(q->s, what, r);
	else if (model_parse_balance(r->body, &a->bal, &merr) != MODEL_OK)
		cmd_session_bad_reply(q->s, what, &merr);
}

bool cmd_print_json(char *text)
{
	char *safe = text ? text_json_safe(text) : NULL;

	if (safe)
		printf("%s\n", safe);
	free(safe);
	free(text);
	return safe != NULL;
}

void cmd_plain_amount(int64_t k, char *buf, size_t size)
{
	uint64_t a = k < 0 ? (uint64_t)0 - (uint64_t)k : (uint64_t)k;

	snprintf(buf, size, "%s%llu.%02llu", k < 0 ? "-" : "", (unsigned long long)(a / 100),
		 (unsigned long long)(a % 100));
}

/* The guard stopped the load: the page dropped, the words kept. */
static void paged_stopped(struct cmd_paged *p, enum page_verdict v)
{
	char why[256], text[512];

	p->take(p->ud, false);
	p->stopped = true;
	page_guard_text(&p->guard, v, why, sizeof(why));
	if (p->stop_note)
		snprintf(text, sizeof(text), p->stop_note, why);
	else
		snprintf(text, sizeof(text), "%s", why);
	cmd_session_fail_text(p->s, p->what, text);
}

static void paged_answer(void *ud, const struct api_reply *r)
{
	struct cmd_paged *p = ud;
	struct model_err merr;
	const char *next;
	enum page_verdict v;
	size_t rows;

	p->more = false;
	if (!app_reply_ok(r)) {
		cmd_session_fail(p->s, p->what, r);
		return;
	}
	if (!p->read(p->ud, r->body, &rows, &next, &merr)) {
		cmd_session_bad_reply(p->s, p->what, &merr);
		return;
	}
	v = page_guard_next(&p->guard, rows, r->body_len, next);
	if (page_guard_stops(v)) {
		paged_stopped(p, v);
		return;
	}
	snprintf(p->cursor, sizeof(p->cursor), "%s", next);
	if (!p->take(p->ud, true)) {
		cmd_session_no_memory(p->s);
		return;
	}
	p->more = v == PAGE_NEXT;
}

void cmd_paged_run(struct cmd_paged *p, size_t max_rows, size_t max_bytes,
		   bool (*while_more)(void *ud))
{
	page_guard_start(&p->guard, max_rows, max_bytes);
	do {
		char *body = p->body(p->ud, p->cursor);
		p->more = false;
		if (!body || !api_call(p->s->api, p->method, body, API_READ, paged_answer, p))
			cmd_session_no_memory(p->s);
		else
			api_run_until_idle(p->s->api);
		free(body);
		if (while_more && !while_more(p->ud))
			break;
	} while (p->more && !p->s->failed);
}

void cmd_paged_free(struct cmd_paged *p)
{
	page_guard_free(&p->guard);
}

bool cmd_rows_reserve(void **items, size_t *cap, size_t n, size_t more, size_t size)
{
	size_t want = *cap ? *cap : 16;
	void *g;

	if (more > SIZE_MAX - n)
		return false;
	if (n + more <= *cap)
		return true;
	while (want < n + more) {
		if (want > SIZE_MAX / 2)
			return false;
		want *= 2;
	}
	if (want > SIZE_MAX / size || !(g = realloc(*items, want * size)))
		return false;
	*items = g;
	*cap = want;
	return true;
}

void cmd_session_close(struct cmd_session *s)
{
	model_free_accounts(&s->accounts);
	api_free(s->api);
	s->api = NULL;
	if (s->demo_pass) {
		model_wipe(s->demo_pass, strlen(s->demo_pass));
		free(s->demo_pass);
		s->demo_pass = NULL;
	}
	if (s->demo_started)
		demo_stop(&s->demo);
	s->demo_started = false;
}
