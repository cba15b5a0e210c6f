/* The one way a screen loads its data (HACKING.md, "The loader"): the generation
 * that drops the replies of an older load, the count in flight, the session that
 * ended, the first failure with what it was for, shown until the next load, and the
 * reads sent again by themselves after a fault of the network or the server (net,
 * below), and the words a screen shows for the load (its header, its failure, what
 * it shows while it has nothing yet).
 * A screen says what to fetch and what a reply means; it never touches the api's
 * callbacks itself. */
#include "kabinet/ui/loader.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/autopay.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/model.h"

struct load_req {
	struct app *app;
	struct ui_loader *l;
	unsigned gen;
	int kind;
	char key[64];
	unsigned flags;		/* the loader's (API_STAFF) */
	char *method;
	char *body;		/* kept for a retry; wiped when freed */
	bool retried;		/* sent again after a fault: counts in net.outstanding */
	struct load_req *next;	/* in l->again */
};

/* The link to the server as the loads see it: down since the first fault, until a
 * reply comes while no failed read is left to send again. One for every loader: the
 * server is out of reach for every screen at once. */
static struct {
	time_t down_since;	/* wall clock; 0: up */
	int attempt;		/* retries since it went down */
	bool scheduled;		/* a retry waits for retry_at */
	struct timespec retry_at;
	bool stopped;		/* Esc: no retry until the next load */
	int outstanding;	/* failed reads waiting, or sent again and not answered */
	struct ui_loader *waiting;	/* loaders with reads in their `again` */
	long shown;		/* the seconds the bottom line shows */
	bool answered;		/* the last fault was an answer (503, 502, an error page):
				 * the server or its proxy is there but unavailable,
				 * not out of reach */
} net;

static void req_free(struct load_req *r)
{
	if (!r)
		return;
	free(r->method);
	model_free_secret_body(r->body);
	free(r);
}

static void unwait(struct ui_loader *l)
{
	for (struct ui_loader **p = &net.waiting; *p; p = &(*p)->next_waiting)
		if (*p == l) {
			*p = l->next_waiting;
			break;
		}
	l->next_waiting = NULL;
}

/* The reads a loader keeps for a retry are forgotten (a new load, a closed screen). */
static void forget_again(struct ui_loader *l)
{
	while (l->again) {
		struct load_req *r = l->again;
		l->again = r->next;
		net.outstanding--;
		req_free(r);
	}
	unwait(l);
}

void ui_load_begin(struct ui_loader *l)
{
	forget_again(l);
	net.stopped = false;
	l->gen++;
	l->pending = 0;
	l->failed = false;
	l->cancelled = false;
	l->nfailed = 0;
	l->ntransient = 0;
	l->ndone = 0;
	l->error[0] = '\0';
	l->fault[0] = '\0';
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

void ui_load_drop(struct ui_loader *l)
{
	forget_again(l);
	l->gen++;
	l->pending = 0;
}

/* A failure noted; `quiet` leaves the bottom line to the offline note. */
static void note_fail(struct ui_loader *l, const char *what, const char *text, bool cancelled,
		      bool quiet)
{
	if (!l->failed) {
		l->cancelled = cancelled;
		if (cancelled)
			snprintf(l->error, sizeof(l->error), "%s", text);
		else
			snprintf(l->error, sizeof(l->error), "%s: %s", what, text);
		if (!cancelled && !quiet)
			ui_message(UI_MSG_ERROR, "%s", l->error);
	}
	l->failed = true;
	l->nfailed++;
	ui_dirty(UI_DIRTY_PANE);
}

void ui_load_fail(struct ui_loader *l, const char *what, const char *text, bool cancelled)
{
	note_fail(l, what, text, cancelled, false);
}

static void name_of(struct app *app, const struct ui_loader *l, int kind, const char *key,
		    char *buf, size_t size)
{
	buf[0] = '\0';
	if (l->what)
		l->what(app, kind, key, buf, size);
	if (!buf[0])
		snprintf(buf, size, "%s", _("A request"));
}

static void schedule(int retry_after);
static void came_back(void);

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct load_req *r = ud;
	struct ui_loader *l = r->l;
	struct app *app = r->app;
	char what[160], text[512];
	bool transient = ui_load_transient(reply), retried = r->retried;

	if (retried) {
		r->retried = false;
		net.outstanding--;
	}
	if (r->gen != l->gen) {
		/* A stale reply still tells whether the server answers. */
		if (!transient && reply->fail == API_FAIL_NONE)
			came_back();
		req_free(r);
		return;
	}
	l->pending--;
	if (retried) {
		/* Its failure counted until now, so the screen went on saying why. */
		l->nfailed--;
		l->ntransient--;
		l->failed = l->nfailed > 0;
		if (!l->failed) {
			l->cancelled = false;
			l->error[0] = '\0';
			l->fault[0] = '\0';
		}
	}
	ui_dirty(UI_DIRTY_PANE);
	if (app_reply_ok(reply)) {
		int nfailed = l->nfailed;
		l->done(app, r->kind, r->key, reply);
		/* done() may have found the answer bad: that is a failure, not a reply. */
		if (l->nfailed == nfailed && r->gen == l->gen)
			l->ndone++;
	} else if (reply->fail == API_FAIL_NONE && reply->err == APIERR_UNAUTHORIZED) {
		/* The session ended and no remember token could renew it: the server
		 * answers, and the login form knows nothing of faults before. */
		ui_load_drop(l);
		ui_load_link_reset();
		snprintf(app->start_note, sizeof(app->start_note), "%s",
			 _("The session has ended: log in again."));
		req_free(r);
		ui_session_ended();
		return;
	} else {
		if (l->failed_item)
			l->failed_item(app, r->kind, r->key);
		name_of(app, l, r->kind, r->key, what, sizeof(what));
		note_fail(l, what, app_reply_text(app, reply, text, sizeof(text)),
			  reply->fail == API_FAIL_CANCELLED, transient);
		if (transient && r->method) {
			/* Kept to be sent again, in this load's generation. */
			if (!l->again) {	/* a loader waits while it has reads to send */
				l->next_waiting = net.waiting;
				net.waiting = l;
			}
			r->next = l->again;
			l->again = r;
			l->ntransient++;
			snprintf(l->fault, sizeof(l->fault), "%s", text);
			net.outstanding++;
			net.answered = reply->fail == API_FAIL_NONE ||
				       (reply->fail == API_FAIL_BAD_REPLY && reply->http >= 500);
			if (!net.down_since) {
				net.down_since = time(NULL);
				net.attempt = 0;
				/* What was told before is old news: the note says what is now. A
				 * warning or an error stays until the next key. */
				ui_clear_info_message();
			}
			schedule(reply->retry_after);
			ui_dirty(UI_DIRTY_BOTTOM);
			return;
		}
	}
	if (reply->fail == API_FAIL_NONE && !transient)
		came_back();
	req_free(r);
}

/* Sends a read, the first time or again; false when it could not even be queued. */
static bool send_req(struct load_req *r)
{
	return api_call(r->app->api, r->method, r->body, API_READ | r->flags, on_reply, r) != 0;
}

bool ui_load_call(struct app *app, struct ui_loader *l, const char *method, char *body, int kind,
		  const char *key)
{
	struct load_req *r = body ? calloc(1, sizeof(*r)) : NULL;
	char what[160];

	if (r) {
		*r = (struct load_req){ .app = app, .l = l, .gen = l->gen, .kind = kind,
					.flags = l->flags };
		snprintf(r->key, sizeof(r->key), "%s", key ? key : "");
		r->method = strdup(method);
		r->body = body;
		body = NULL;
		if (r->method && send_req(r)) {
			l->pending++;
			return true;
		}
	}
	req_free(r);
	model_free_secret_body(body);
	name_of(app, l, kind, key, what, sizeof(what));
	ui_load_fail(l, what, _("Out of memory."), false);
	return false;
}

void ui_load_bad_reply(struct app *app, struct ui_loader *l, int kind, const char *key,
		       const char *why)
{
	char what[160], text[256];

	if (l->failed_item)
		l->failed_item(app, kind, key);
	name_of(app, l, kind, key, what, sizeof(what));
	snprintf(text, sizeof(text), _("the server's answer could not be understood (%s)"), why);
	ui_load_fail(l, what, text, false);
}

bool ui_load_complete(const struct ui_loader *l)
{
	return l->pending == 0 && !l->failed;
}

const char *ui_load_status(const struct ui_loader *l, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!l->failed)
		return buf;
	/* What to do first, then what failed: the line may be cut. */
	if (l->cancelled)
		snprintf(buf, size, "%s", _("Cancelled: not everything loaded (r: try again)."));
	else if (l->ntransient == l->nfailed && l->fault[0])
		/* Every failure is a fault, tried again: the bottom line says when; here
		 * only why, which is the same for every request. */
		snprintf(buf, size, _("Not updated: %s"), l->fault);
	else if (l->nfailed > 1)
		snprintf(buf, size,
			 ngettext("%d request failed (r: try again): %s",
				  "%d requests failed (r: try again): %s", (unsigned long)l->nfailed),
			 l->nfailed, l->error);
	else
		snprintf(buf, size, _("Not everything loaded (r: try again): %s"), l->error);
	return buf;
}

void ui_load_draw_wait(WINDOW *w, int y, int cols, const struct ui_loader *l,
		       const char *loading)
{
	char line[1024];

	ui_put(w, y, 1, cols - 2, UI_LEFT, l->failed ? AREA_ERROR : AREA_DEFAULT,
	       l->failed ? ui_load_status(l, line, sizeof(line)) : loading);
}

void ui_load_draw_accounts_wait(WINDOW *w, int cols, const struct ui_loader *l)
{
	const char *text = l->failed ? l->error : _("Loading the accounts...");

	ui_put(w, 1, 1, cols - 2, UI_LEFT, l->failed ? AREA_ERROR : AREA_DEFAULT, text);
	if (l->failed)
		ui_put(w, 2, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("Press r to try again."));
}

const char *ui_load_header(const struct ui_loader *l, bool shown, const char *title,
			   const char *figures, char *buf, size_t size)
{
	const char *state = NULL;

	if (!shown)
		state = !l->failed ? _("loading...")
			: l->cancelled ? _("loading stopped") : _("could not be loaded");
	else if (l->failed)
		/* Nothing of this load came: what is shown is what an older one left. */
		state = l->ndone ? _("not all loaded") : _("not updated");
	if (!state)
		snprintf(buf, size, "%s", figures ? figures : "");
	else if (shown && figures && figures[0])
		snprintf(buf, size, "%s — %s", figures, state);
	else if (!shown && title && title[0])
		snprintf(buf, size, "%s — %s", title, state);
	else
		snprintf(buf, size, "%s", state);
	return buf;
}

void ui_load_tariff_names(struct app *app, struct ui_loader *l, int kind)
{
	size_t services = model_count_services(&app->accounts);

	/* getServiceTariffName takes at most 100 ids a call. */
	for (size_t skip = 0; skip < services; skip += MODEL_TARIFF_BATCH)
		ui_load_call(app, l, "getServiceTariffName",
			     model_body_services(&app->accounts, skip, MODEL_TARIFF_BATCH), kind, NULL);
}

bool ui_load_accounts(struct app *app, struct ui_loader *l, int kind)
{
	return ui_load_call(app, l, "getAccounts", model_body_empty(), kind, NULL);
}

bool ui_load_took_accounts(struct app *app, struct ui_loader *l, int kind, const char *key,
			   const struct api_reply *reply)
{
	struct account_list fresh = { 0 };
	struct model_err err;

	if (model_parse_accounts(reply->body, &fresh, &err) != MODEL_OK) {
		ui_load_bad_reply(app, l, kind, key, err.msg);
		return false;
	}
	app_take_accounts(app, &fresh);
	return true;
}

bool ui_load_cards(struct app *app, struct ui_loader *l, int kind)
{
	return ui_load_call(app, l, "getBoundCards", model_body_empty(), kind, NULL);
}

bool ui_load_took_cards(struct app *app, struct ui_loader *l, int kind, const char *key,
			const struct api_reply *reply, struct card_list *cards, bool *known)
{
	struct card_list fresh;
	struct model_err err;

	if (model_parse_cards(reply->body, &fresh, &err) != MODEL_OK) {
		ui_load_bad_reply(app, l, kind, key, err.msg);
		return false;
	}
	model_free_cards(cards);
	*cards = fresh;
	*known = true;
	return true;
}

void ui_load_plans(struct app *app, struct ui_loader *l, int kind, const struct ap_fee_book *b)
{
	for (size_t i = 0; i < b->n; i++)
		ui_load_call(app, l, "getServiceInfo", model_body_service(b->service[i]), kind,
			     b->service[i]);
}

bool ui_load_took_plan(struct app *app, struct ui_loader *l, int kind, const char *key,
		       const struct api_reply *reply, struct ap_fee_book *b)
{
	struct model_err err;

	if (!ap_fee_book_take(b, key, reply->body, &err)) {
		ui_load_bad_reply(app, l, kind, key, err.msg);
		return false;
	}
	return true;
}

/* --- the link: faults survived --- */

bool ui_load_transient(const struct api_reply *reply)
{
	switch (reply->fail) {
	case API_FAIL_RESOLVE:		/* the network went away with its DNS */
	case API_FAIL_CONNECT:
	case API_FAIL_TIMEOUT:
	case API_FAIL_BROKEN:
	case API_FAIL_TRUNCATED:
	case API_FAIL_BAD_REPLY:	/* a proxy's error page, a cut JSON body */
		return true;
	case API_FAIL_NONE:
		return reply->err == APIERR_INTERNAL || reply->err == APIERR_UNAVAILABLE ||
		       reply->err == APIERR_RATE_LIMITED || reply->http >= 500;
	case API_FAIL_TLS:		/* a certificate does not mend itself */
	case API_FAIL_TOO_BIG:
	case API_FAIL_HEADERS:		/* a server that talks HTTP garbage */
	case API_FAIL_INTERIM:
	case API_FAIL_CANCELLED:
	case API_FAIL_EXPOSED:
		return false;
	}
	return false;
}

long ui_retry_delay_ms(int attempt, int retry_after, unsigned noise)
{
	long s = 1, ms;

	for (int i = 0; i < attempt && s < UI_RETRY_MAX_S; i++)
		s *= 2;
	if (s > UI_RETRY_MAX_S)
		s = UI_RETRY_MAX_S;
	ms = s * 1000 + (long)(noise % (unsigned)(s * 100 + 1));
	if (retry_after > UI_RETRY_AFTER_MAX_S)
		retry_after = UI_RETRY_AFTER_MAX_S;
	if (retry_after > 0 && ms < retry_after * 1000L)
		ms = retry_after * 1000L;
	return ms;
}

/* The next try, after the back-off of this attempt, or later when the server asked
 * for a longer pause (Retry-After). */
static void schedule(int retry_after)
{
	struct timespec at;
	long ms;

	if (net.stopped)
		return;
	ms = ui_retry_delay_ms(net.attempt, retry_after, (unsigned)rand());
	clock_gettime(CLOCK_MONOTONIC, &at);
	at.tv_sec += ms / 1000;
	at.tv_nsec += (ms % 1000) * 1000000L;
	if (at.tv_nsec >= 1000000000L) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000L;
	}
	if (net.scheduled && (retry_after <= 0 || ui_ms_since(&at) >= ui_ms_since(&net.retry_at)))
		return;
	net.retry_at = at;
	net.scheduled = true;
	net.shown = -1;
}

/* The server answered: once no failed read is left, the link is up again. */
static void came_back(void)
{
	if (!net.down_since || net.outstanding > 0)
		return;
	net.down_since = 0;
	net.attempt = 0;
	net.scheduled = false;
	ui_message(UI_MSG_INFO, "%s", _("Back online."));
}

/* Every waiting read goes again, in the generation it failed in. */
static void retry_all(void)
{
	struct ui_loader *waiting = net.waiting;

	net.waiting = NULL;
	net.scheduled = false;
	net.attempt++;
	while (waiting) {
		struct ui_loader *l = waiting;
		struct load_req *list = l->again;
		waiting = l->next_waiting;
		l->next_waiting = NULL;
		l->again = NULL;
		while (list) {
			struct load_req *r = list;
			list = r->next;
			r->next = NULL;
			/* Still counted in net.outstanding and as a failure of l, until
			 * the answer. */
			r->retried = true;
			if (send_req(r)) {
				l->pending++;
				continue;
			}
			net.outstanding--;
			req_free(r);
		}
	}
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

int ui_load_tick(struct app *app)
{
	long ms, secs;

	(void)app;
	if (!net.scheduled)
		return -1;
	if (!net.waiting) {
		net.scheduled = false;
		ui_dirty(UI_DIRTY_BOTTOM);
		return -1;
	}
	ms = -ui_ms_since(&net.retry_at);
	if (ms <= 0) {
		retry_all();
		return -1;
	}
	secs = (ms + 999) / 1000;
	if (secs != net.shown) {
		net.shown = secs;
		ui_dirty(UI_DIRTY_BOTTOM);
	}
	/* Woken when the shown second changes, and at the time itself. */
	return (int)(ms % 1000 ? ms % 1000 : 1000);
}

bool ui_load_retrying(void)
{
	return net.scheduled && net.waiting;
}

void ui_load_retry_now(void)
{
	if (net.waiting) {
		net.stopped = false;
		retry_all();
	}
}

bool ui_load_stop_retry(void)
{
	bool had = net.waiting != NULL;

	while (net.waiting) {
		struct ui_loader *l = net.waiting;
		forget_again(l);	/* unlinks l */
	}
	net.scheduled = false;
	net.stopped = true;
	ui_dirty(UI_DIRTY_BOTTOM);
	return had;
}

void ui_load_link_reset(void)
{
	ui_load_stop_retry();
	net.down_since = 0;
	net.attempt = 0;
	net.stopped = false;
}

const char *ui_load_offline_note(bool busy, char *buf, size_t size)
{
	char when[16];
	struct tm tm;

	buf[0] = '\0';
	if (!net.down_since)
		return buf;
	localtime_r(&net.down_since, &tm);
	strftime(when, sizeof(when), "%H:%M", &tm);
	/* A server that answers "busy" is not a lost line: each says which it is. */
	if (busy)
		snprintf(buf, size,
			 net.answered ? _("Server unavailable since %s — trying again%s  Esc: stop")
				      : _("Offline since %s — trying again%s  Esc: stop"),
			 when, ui_ellipsis());
	else if (ui_load_retrying()) {
		long secs = (-ui_ms_since(&net.retry_at) + 999) / 1000;
		if (secs < 1)
			secs = 1;
		snprintf(buf, size,
			 net.answered ? _("Server unavailable since %s — retrying in %ld s (r: now)")
				      : _("Offline since %s — retrying in %ld s (r: now)"),
			 when, secs);
	} else
		snprintf(buf, size,
			 net.answered ? _("Server unavailable since %s (r: try again)")
				      : _("Offline since %s (r: try again)"),
			 when);
	return buf;
}
