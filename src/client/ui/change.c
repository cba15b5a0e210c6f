/* The one path of a change (STYLE: one change path): refused under read-only before
 * anything is sent, a confirmation that restates what will happen, the request, and
 * then the outcome: done (the screen shows the new state), refused (the server's words
 * next to a field or in the bottom line, what was typed kept), or not known (no
 * answer: the screen reloads what the change touched rather than guess). */
#include "kabinet/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model.h"

static struct {
	bool busy;		/* a change is asked or in flight: one at a time */
	struct ui_change c;
} ch;

static void release(void)
{
	model_free_secret_body(ch.c.body);
	ch.c.body = NULL;
	ch.busy = false;
}

static void free_ud(const struct ui_change *c)
{
	if (c->ud_free)
		c->ud_free(c->ud);
}

static void outcome(struct app *app, const struct ui_change *c, const struct api_reply *reply);

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;
	struct ui_change c = ch.c;

	c.body = NULL;
	release();
	ui_dirty(UI_DIRTY_ALL);
	outcome(app, &c, reply);
	free_ud(&c);
}

static void outcome(struct app *app, const struct ui_change *c, const struct api_reply *reply)
{
	char text[512];

	if (app_reply_ok(reply)) {
		if (c->done_msg[0])
			ui_message(UI_MSG_INFO, "%s", c->done_msg);
		if (c->done)
			c->done(app, reply, c->ud);
		return;
	}
	if (reply->fail != API_FAIL_NONE) {
		/* The request may have reached the server: its outcome is not known, and the
		 * state is read again instead of guessed. */
		ui_message(UI_MSG_WARNING, "%s",
			   reply->fail == API_FAIL_CANCELLED
				   ? _("Cancelled: whether it was done is not known, so the screen is reloaded.")
				   : _("No answer: whether it was done is not known, so the screen is reloaded."));
		if (c->settle)
			c->settle(app, c->ud);
		return;
	}
	if (reply->err == APIERR_UNAUTHORIZED) {
		snprintf(app->start_note, sizeof(app->start_note), "%s",
			 _("The session has ended: log in again."));
		ui_switch(&login_screen);
		return;
	}
	if (c->refused && c->refused(app, reply, c->ud))
		return;
	ui_message(UI_MSG_ERROR, "%s", app_reply_text(app, reply, text, sizeof(text)));
}

static void send(struct app *app)
{
	char *body = ch.c.body;

	ch.c.body = NULL;
	if (!body || !api_call(app->api, ch.c.method, body, API_WRITE, on_reply, app)) {
		model_free_secret_body(body);
		release();
		free_ud(&ch.c);
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	model_free_secret_body(body);
	ui_dirty(UI_DIRTY_BOTTOM);
}

static void answered(struct app *app, bool yes, void *ud)
{
	(void)ud;
	if (!yes) {
		release();
		free_ud(&ch.c);
		ui_message(UI_MSG_INFO, "%s", _("Nothing was changed."));
		return;
	}
	send(app);
}

bool ui_change(struct app *app, const struct ui_change *c)
{
	if (app_read_only(app)) {
		model_free_secret_body(c->body);
		free_ud(c);
		ui_message(UI_MSG_ERROR, _("Read-only mode: '%s' is refused."), action_help(c->act));
		return false;
	}
	if (ch.busy) {
		model_free_secret_body(c->body);
		free_ud(c);
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return false;
	}
	ch.busy = true;
	ch.c = *c;
	if (!c->question[0]) {
		send(app);
		return true;
	}
	ui_confirm(c->question, c->detail[0] ? c->detail : NULL, false, answered, NULL);
	return true;
}

bool ui_change_busy(void)
{
	return ch.busy;
}
