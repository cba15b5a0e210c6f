/* `kabinet notifications [--json]`: the profile's notification settings
 * (getNotificationSettings) without the full screen: each event with the channel it
 * goes by, the low-balance threshold, and the channels the profile cannot receive
 * with why; --json prints them on one line as the API gives them. The same login and
 * exit statuses as balance (cmd_common.c); a bad answer prints nothing and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/notify.h"
#include "kabinet/model/text.h"
#include "kabinet/money.h"

struct notify_req {
	struct cmd_session *s;
	struct notify_settings settings;
};

static void on_settings(void *ud, const struct api_reply *r)
{
	struct notify_req *q = ud;
	struct model_err merr;

	if (!app_reply_ok(r))
		cmd_session_fail(q->s, _("The notification settings"), r);
	else if (model_parse_notify(r->body, &q->settings, &merr) != MODEL_OK)
		cmd_session_bad_reply(q->s, _("The notification settings"), &merr);
}

/* The events' column: the widest of their words and two spaces. */
static int event_width(void)
{
	int w = 0;

	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++)
		if (text_width(notify_event_words((enum notify_event)i), 0) > w)
			w = text_width(notify_event_words((enum notify_event)i), 0);
	return w + 2;
}

static void print_table(const struct notify_settings *s)
{
	int w = event_width();
	char money[64], line[256];

	for (int i = 0; i < NOTIFY_EVENT_COUNT; i++) {
		text_print_fit(stdout, notify_event_words((enum notify_event)i), w, TEXT_LEFT);
		text_print(stdout, notify_channel_words(s->channel[i]));
		putchar('\n');
	}
	money_format(s->threshold, i18n_money_style(), money, sizeof(money));
	snprintf(line, sizeof(line), _("Low-balance threshold: %s"), money);
	text_print(stdout, line);
	putchar('\n');
	for (int c = 0; c < NOTIFY_CHANNEL_COUNT; c++) {
		const char *why = notify_channel_why_not(s, (enum notify_channel)c);
		if (!why)
			continue;
		snprintf(line, sizeof(line), _("%s is not offered: %s."),
			 notify_channel_words((enum notify_channel)c), why);
		text_print(stdout, line);
		putchar('\n');
	}
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] notifications [--json]\n"
			      "Prints which notifications come by e-mail or SMS and the low-balance\n"
			      "threshold. --json prints them on one line as the API gives them.\n"));
}

int cmd_notifications(struct cli *cli, int argc, char **argv)
{
	struct notify_req q = { 0 };
	struct cmd_session s;
	bool json = false;
	char *body;
	int rc;

	if ((rc = cmd_json_args("notifications", argc, argv, usage, &json)) != CMD_ARGS_RUN)
		return rc;
	if ((rc = cmd_session_open(&s, cli)) != CLI_EXIT_OK)
		goto out;
	q.s = &s;
	body = model_body_empty();
	if (!body || !api_call(s.api, "getNotificationSettings", body, API_READ, on_settings, &q))
		cmd_session_no_memory(&s);
	free(body);
	api_run_until_idle(s.api);
	if ((rc = cmd_session_told(&s)) != CLI_EXIT_OK)
		goto out;
	if (json && !cmd_print_json(model_notify_json(&q.settings)))
		cmd_session_no_memory(&s);
	else if (!json)
		print_table(&q.settings);
	if ((rc = cmd_session_told(&s)) == CLI_EXIT_OK && (fflush(stdout) != 0 || ferror(stdout))) {
		cli_error("%s", _("notifications: the output could not be written"));
		rc = CLI_EXIT_FAIL;
	}
out:
	cmd_session_close(&s);
	return rc;
}
