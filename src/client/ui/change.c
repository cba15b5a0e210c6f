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

#include <time.h>

/* A money change is sent again this many times at most, the pauses doubling from 1 s
 * up to 30 s (about five minutes in all), before it is left to settle(). */
#define REPLAY_TRIES 14
#define REPLAY_PAUSE_MAX 30

static struct {
	bool busy;		/* a change is asked or in flight: one at a time */
	struct ui_change c;
	struct app *app;
	int tries;		/* sends of a money change so far */
	bool waiting;		/* a money change waits for its next send */
	struct timespec next;	/* when */
} ch;

static void send(struct app *app);

static void release(void)
{
	model_free_secret_body(ch.c.body);
	ch.c.body = NULL;
	ch.busy = false;
	ch.waiting = false;
}

static void free_ud(const struct ui_change *c)
{
	if (c->ud_free)
		c->ud_free(c->ud);
}

static void outcome(struct app *app, const struct ui_change *c, const struct api_reply *reply);

static long ms_until(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(t->tv_sec - now.tv_sec) * 1000L + (t->tv_nsec - now.tv_nsec) / 1000000L;
}

/* No answer to a money change: the same body with the same key goes again after a
 * pause; the server answers the first outcome, so nothing is paid twice. */
static bool replay_later(const struct api_reply *reply)
{
	int pause = 1;

	if (!ch.c.replay || reply->fail == API_FAIL_NONE || reply->fail == API_FAIL_CANCELLED ||
	    ch.tries >= REPLAY_TRIES || !ch.c.body)
		return false;
	for (int i = 1; i < ch.tries && pause < REPLAY_PAUSE_MAX; i++)
		pause *= 2;
	if (pause > REPLAY_PAUSE_MAX)
		pause = REPLAY_PAUSE_MAX;
	clock_gettime(CLOCK_MONOTONIC, &ch.next);
	ch.next.tv_sec += pause;
	ch.waiting = true;
	ui_message(UI_MSG_WARNING,
		   ngettext("No answer: asking the server again in %d second, with the same key (nothing is paid twice).",
			    "No answer: asking the server again in %d seconds, with the same key (nothing is paid twice).",
			    (unsigned long)pause),
		   pause);
	return true;
}

int ui_change_tick(struct app *app)
{
	long ms;

	if (!ch.waiting)
		return -1;
	ms = ms_until(&ch.next);
	if (ms > 0)
		return (int)(ms < 1000 ? ms : 1000);
	ch.waiting = false;
	send(app);
	return -1;
}

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;
	struct ui_change c;

	if (replay_later(reply))
		return;
	c = ch.c;

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
		 * state is read again instead of guessed. A money change keeps its key: sent
		 * again, it can only answer what was done. */
		if (c->replay)
			ui_message(UI_MSG_WARNING, "%s",
				   _("No answer, so whether it was done is not known: send it again to find out (the same key: nothing is paid twice)."));
		else
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

	/* A money change keeps its body for the sends after a lost answer. */
	if (!ch.c.replay)
		ch.c.body = NULL;
	ch.tries++;
	if (!body || !api_call(app->api, ch.c.method, body, API_WRITE, on_reply, app)) {
		if (!ch.c.replay)
			model_free_secret_body(body);
		release();
		free_ud(&ch.c);
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	if (!ch.c.replay)
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
	ch.app = app;
	ch.tries = 0;
	ch.waiting = false;
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

bool ui_change_stop(struct app *app)
{
	struct api_reply cancelled = { .fail = API_FAIL_CANCELLED };

	if (!ch.busy || !ch.waiting)
		return false;
	ch.waiting = false;
	on_reply(app, &cancelled);
	return true;
}
