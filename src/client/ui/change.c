/* The one path of a change (HACKING.md, "The change path"): refused under read-only
 * before anything is sent, a confirmation that restates what will happen, the
 * request, and then the outcome: done (the screen shows the new state), refused (the
 * server's words next to a field or in the bottom line, what was typed kept), or not
 * known (no answer: the screen reloads what the change touched rather than guess).
 *
 * A money change carries its intent (settle.c): refused while another of its kind on
 * the same account is unsettled, recorded on disk before the first send, and when no
 * answer came, asked about with checkIdempotencyKey (whose answer is final) before the
 * form is told that the outcome is not known. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"

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
	bool recorded;		/* its intent is on disk, held for the send */
	struct pay_intent own;	/* the intent, once the form that had it closed */
} ch;

static void send(struct app *app);

static void release(void)
{
	model_free_secret_body(ch.c.body);
	ch.c.body = NULL;
	ch.busy = false;
	ch.waiting = false;
	if (ch.recorded)
		ui_intent_sent(ch.c.intent.key);
	ch.recorded = false;
}

static void free_ud(const struct ui_change *c)
{
	if (c->ud_free)
		c->ud_free(c->ud);
}

static void outcome(struct app *app, const struct ui_change *c, const struct api_reply *reply,
		    bool final);

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
	ms = -ui_ms_since(&ch.next);
	if (ms > 0)
		return (int)(ms < 1000 ? ms : 1000);
	ch.waiting = false;
	send(app);
	return -1;
}

static void ask_key(struct app *app);

/* The change is over: the engine is free before the screen hears the outcome. `final`:
 * the reply says what became of the intent (it is settled by it). An intent whose
 * form closed meanwhile is asked about by settle.c. */
static void finish(struct app *app, const struct api_reply *reply, bool final)
{
	struct ui_change c = ch.c;
	bool orphan = c.pi == &ch.own;

	c.body = NULL;
	release();
	ui_dirty(UI_DIRTY_ALL);
	outcome(app, &c, reply, final);
	free_ud(&c);
	if (orphan) {
		ui_intent_leave(app, &ch.own);
		ch.own = (struct pay_intent){ 0 };
	}
}

/* Refusals of a request the server did not look at (its session, its CSRF header, a
 * busy or failing server, too many requests): they do not say whether an earlier send
 * of the same key took effect. The others come after the key was looked up. */
static bool looked_at(enum api_err err)
{
	switch (err) {
	case APIERR_UNAUTHORIZED:
	case APIERR_CSRF:
	case APIERR_FORBIDDEN:
	case APIERR_METHOD_NOT_ALLOWED:
	case APIERR_PAYLOAD_TOO_LARGE:
	case APIERR_RATE_LIMITED:
	case APIERR_INTERNAL:
	case APIERR_UNAVAILABLE:
	case APIERR_COUNT:
		return false;
	default:
		return true;
	}
}

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;
	bool intent = ch.c.pi && ch.recorded;

	if (replay_later(reply))
		return;
	/* No answer to a recorded intent, or a refusal of a resend that says nothing of
	 * the sends before it: ask what became of the key before saying anything. */
	if (intent && ((reply->fail != API_FAIL_NONE && reply->fail != API_FAIL_CANCELLED) ||
		       (reply->fail == API_FAIL_NONE && !app_reply_ok(reply) && ch.tries > 1 &&
			!looked_at(reply->err)))) {
		ask_key(app);
		return;
	}
	/* The one send's own answer, or a refusal after the key was looked up, is final. */
	finish(app, reply, reply->fail == API_FAIL_NONE);
}

void ui_change_forget_form(const struct pay_intent *pi)
{
	if (!ch.busy || !pi || ch.c.pi != pi)
		return;
	ch.own = *pi;
	ch.c.pi = &ch.own;
}

/* The intent's bookkeeping for an answer that is the call's own (or its stored one). */
static void intent_answered(struct app *app, const struct ui_change *c,
			    const struct api_reply *reply)
{
	struct payment p;
	struct model_err err;

	c->pi->unknown = false;
	if (app_reply_ok(reply) && (c->intent.kind == INTENT_PAY || c->intent.kind == INTENT_BIND) &&
	    model_parse_payment(reply->body, &p, &err) == MODEL_OK && p.status == PAY_PENDING_3DS)
		ui_intent_pending(app, c->intent.key, p.id);
	else
		ui_intent_settled(app, c->intent.key);
}

/* The answer to checkIdempotencyKey: the call's own answer, nothing done, or still
 * nothing known. */
static void key_read(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;
	struct key_check k = { 0 };
	struct model_err err;
	struct api_reply as_answered;

	if (!app_reply_ok(reply) || model_parse_key_check(reply->body, &k, &err) != MODEL_OK) {
		struct api_reply unknown = *reply;
		/* Whatever the question met, the change's own outcome is not known; a session
		 * that ended is said as such (the login form follows). */
		if (unknown.fail == API_FAIL_NONE && unknown.err != APIERR_UNAUTHORIZED)
			unknown.fail = API_FAIL_BROKEN;
		finish(app, &unknown, false);
		return;
	}
	if (k.used && !strcmp(k.method, ch.c.method)) {
		as_answered = (struct api_reply){ .http = 200, .err = APIERR_OK, .body = k.answer,
						  .body_len = strlen(k.answer), .detail = "" };
		finish(app, &as_answered, true);
	} else {
		struct ui_change c = ch.c;
		char words[384];

		c.body = NULL;
		release();
		ui_intent_settled(app, c.intent.key);
		pay_intent_new(c.pi);
		ui_intent_words(&c.intent, words, sizeof(words));
		ui_message(UI_MSG_WARNING,
			   _("%s did not go through: nothing was charged or moved. It can be sent again."),
			   words);
		ui_dirty(UI_DIRTY_ALL);
		if (c.voided)
			c.voided(app, c.ud);
		free_ud(&c);
	}
	model_free_key_check(&k);
}

static void ask_key(struct app *app)
{
	char *body = model_body_idempotency_key(ch.c.intent.key);

	ch.waiting = false;
	ui_message(UI_MSG_INFO, "%s", _("No answer: asking the server whether it went through..."));
	if (!body || !api_call(app->api, "checkIdempotencyKey", body, API_WRITE, key_read, app)) {
		struct api_reply none = { .fail = API_FAIL_CONNECT };
		free(body);
		finish(app, &none, false);
		return;
	}
	free(body);
	ui_dirty(UI_DIRTY_BOTTOM);
}

static void outcome(struct app *app, const struct ui_change *c, const struct api_reply *reply,
		    bool final)
{
	char text[512];

	/* A final answer settles the intent (a refusal stored nothing); else it is kept. */
	if (c->pi && final)
		intent_answered(app, c, reply);
	else if (c->pi)
		c->pi->unknown = true;
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
		if (c->pi && c->pi->held)
			ui_message(UI_MSG_WARNING, "%s",
				   _("No answer, so whether it was done is not known: it is kept and will be checked (nothing is paid twice)."));
		else if (c->replay)
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
		ui_session_ended();
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
	if (!body || !api_call(app->api, ch.c.method, body, API_WRITE | ch.c.flags, on_reply, app)) {
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

/* The first send: a money change's intent is recorded before it, or nothing goes. An
 * intent whose outcome is not known is only asked about. */
static void first_send(struct app *app)
{
	if (ch.c.pi) {
		if (!ui_intent_begin(app, ch.c.pi, &ch.c.intent)) {
			release();
			free_ud(&ch.c);
			return;
		}
		ch.recorded = true;
		if (ch.c.pi->unknown) {
			ask_key(app);
			return;
		}
	}
	send(app);
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
	first_send(app);
}

/* Another intent of the same kind on the same account is not settled: nothing new goes
 * until it is. Offers to ask about it now. */
static void check_other(struct app *app, bool yes, void *ud)
{
	(void)ud;
	if (yes)
		ui_intents_settle(app);
}

static bool other_unsettled(struct app *app, const struct ui_change *c)
{
	struct intent like = c->intent, other;
	char words[384], q[512];

	snprintf(like.key, sizeof(like.key), "%s", c->pi->key);
	if (!ui_intent_unsettled(app, &like, &other))
		return false;
	ui_intent_words(&other, words, sizeof(words));
	snprintf(q, sizeof(q), _("%s is not settled yet. Check it now?"), words);
	ui_confirm(q, _("Nothing new is sent until it is settled, so nothing is paid twice."), true,
		   check_other, NULL);
	return true;
}

bool ui_change(struct app *app, const struct ui_change *c)
{
	if (app_read_only(app)) {
		model_free_secret_body(c->body);
		free_ud(c);
		ui_message(UI_MSG_ERROR, app_refused_fmt(app), action_help(c->act));
		return false;
	}
	if (ch.busy) {
		model_free_secret_body(c->body);
		free_ud(c);
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return false;
	}
	if (c->pi && other_unsettled(app, c)) {
		model_free_secret_body(c->body);
		free_ud(c);
		return false;
	}
	ch.busy = true;
	ch.c = *c;
	ch.app = app;
	ch.tries = 0;
	ch.waiting = false;
	ch.recorded = false;
	if (c->pi && c->pi->unknown) {
		/* Sent before with no answer: this time only a question goes. */
		char words[384];
		ui_intent_recall(app, c->pi, &ch.c.intent);
		ui_intent_words(&ch.c.intent, words, sizeof(words));
		snprintf(ch.c.question, sizeof(ch.c.question), _("Check whether %s went through?"),
			 words);
		snprintf(ch.c.detail, sizeof(ch.c.detail), "%s",
			 _("Only a question goes to the server: it cannot be charged twice."));
	}
	if (!ch.c.question[0]) {
		first_send(app);
		return true;
	}
	ui_confirm(ch.c.question, ch.c.detail[0] ? ch.c.detail : NULL, false, answered, NULL);
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
