/* Money intents that outlive their forms (intents.h keeps them on disk): the change
 * path records one before its first send, an answer settles it, and whatever is left
 * unsettled — a form closed while the outcome was not known, a quit, a crash, kill -9
 * — is asked about here: at the start, when screen 4 or a money form opens, on r.
 *
 * An intent without a payment id is asked with checkIdempotencyKey: the server
 * answers the call that took effect under its key, or voids the key so that nothing
 * can take effect under it any more; either way the answer is final. One with a
 * payment id (a 3-D Secure step was reached) is read with getPayment; a payment still
 * waiting for its code stays, to be continued or cancelled from the top-up form.
 *
 * What was found is said in words ("55,00 ₽ to 740000000003 at 14:32: paid") on the
 * overview and on screen 4 for the rest of the run, and what it moved is read again.
 * An intent held by another kabinet process (its lock) is left to that process.
 *
 * A form's intent is made here too (pay_intent_new, pay_intent_ready): its key, kept
 * while the content is the same, new when it may have been used for other content. */
#include "kabinet/ui/settle.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/moved.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/intents.h"
#include "kabinet/model/model.h"
#include "kabinet/model/text.h"

#define HELD_MAX 16
#define NOTICE_MAX 16

enum notice_state {
	N_ASKING,	/* a question is on its way */
	N_DONE,		/* it took effect */
	N_NOT_DONE,	/* nothing was done, and nothing will be */
	N_DECLINED,	/* the bank declined it (why: the reason) */
	N_PENDING,	/* a payment waits for the bank's code */
	N_NO_ANSWER,	/* the question got no answer: asked again later */
	N_ELSEWHERE,	/* another kabinet holds it */
	N_TOO_OLD,	/* older than the server keeps keys: only the history can tell */
};

/* The server keeps keys 48 hours (docs/api.md); past 47 its "never used" could be a
 * key it forgot, so an intent that old is not asked about by key. */
#define KEY_TRUST_SECONDS (47 * 3600)

struct notice {
	struct intent in;
	enum notice_state state;
	char why[160];
	unsigned gen;		/* of the question in flight, so a late answer is dropped */
};

static struct {
	struct app *app;
	struct intent_store store;
	bool store_ok;
	struct held {
		char key[PAY_KEY_SIZE];
		int fd;
		int refs;
	} held[HELD_MAX];
	struct notice notices[NOTICE_MAX];
	size_t n;
	unsigned gen;
} st;

/* The store of the session's server and login, made anew when they change. */
static struct intent_store *store(struct app *app)
{
	st.app = app;
	if (!st.store_ok || strcmp(st.store.server, app->server) || strcmp(st.store.login, app->login)) {
		if (st.store_ok && st.n)
			st.n = 0;	/* another login's notices are not this one's */
		st.store_ok = app->login[0] && intent_store_init(&st.store, app->server, app->login) == 0;
	}
	return st.store_ok ? &st.store : NULL;
}

/* --- what this process holds --- */

static struct held *held_find(const char *key)
{
	for (size_t i = 0; i < HELD_MAX; i++)
		if (st.held[i].refs > 0 && !strcmp(st.held[i].key, key))
			return &st.held[i];
	return NULL;
}

/* One more reference to the intent's lock: false when another process holds it or no
 * lock can be had. */
static bool hold(struct intent_store *s, const char *key)
{
	struct held *h = held_find(key);
	int fd;

	if (h) {
		h->refs++;
		return true;
	}
	for (size_t i = 0; i < HELD_MAX; i++)
		if (st.held[i].refs == 0) {
			if ((fd = intent_lock(s, key)) < 0)
				return false;
			st.held[i] = (struct held){ .fd = fd, .refs = 1 };
			snprintf(st.held[i].key, sizeof(st.held[i].key), "%s", key);
			return true;
		}
	errno = ENOSPC;
	return false;
}

static void unhold(const char *key)
{
	struct held *h = held_find(key);
	struct intent in;

	if (h && --h->refs == 0) {
		/* Settled: its lock file goes, while it is still held here. */
		if (st.store_ok && intent_load(&st.store, key, &in) != 0)
			intent_drop_lock(&st.store, key);
		intent_unlock(h->fd);
		h->fd = -1;
		h->key[0] = '\0';
	}
}

/* --- notices --- */

struct notice;
static bool hold_or_say(struct notice *n);

static struct notice *notice_of(const char *key)
{
	for (size_t i = 0; i < st.n; i++)
		if (!strcmp(st.notices[i].in.key, key))
			return &st.notices[i];
	return NULL;
}

/* The notice of an intent, made (the oldest dropped when full) if there is none. */
static struct notice *notice_for(const struct intent *in)
{
	struct notice *n = notice_of(in->key);

	if (n) {
		n->in = *in;
		return n;
	}
	if (st.n == NOTICE_MAX) {
		memmove(&st.notices[0], &st.notices[1], (NOTICE_MAX - 1) * sizeof(st.notices[0]));
		st.n--;
	}
	n = &st.notices[st.n++];
	/* Not asked yet: nothing known of it. */
	*n = (struct notice){ .in = *in, .state = N_NO_ANSWER };
	return n;
}

static void drop_notice(struct notice *n)
{
	size_t i = (size_t)(n - st.notices);

	memmove(&st.notices[i], &st.notices[i + 1], (st.n - i - 1) * sizeof(st.notices[0]));
	st.n--;
	ui_dirty(UI_DIRTY_PANE);
}

static void say(struct notice *n, enum notice_state state, const char *why)
{
	char line[768];

	n->state = state;
	text_copy(n->why, sizeof(n->why), why ? why : "");
	ui_intent_notice(n->in.key, line, sizeof(line));
	if (state != N_ASKING)
		ui_message(state == N_DONE ? UI_MSG_INFO : UI_MSG_WARNING, "%s", line);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

/* The lock of a notice's intent, for a question: false, said on the notice, when
 * another kabinet holds it or it cannot be had. */
static bool hold_or_say(struct notice *n)
{
	if (hold(&st.store, n->in.key))
		return true;
	if (errno == EWOULDBLOCK) {
		n->state = N_ELSEWHERE;
		n->why[0] = '\0';
	} else {
		n->state = N_NO_ANSWER;
		text_copy(n->why, sizeof(n->why), strerror(errno));
	}
	return false;
}

void ui_intent_words(const struct intent *in, char *buf, size_t size)
{
	char m[64], when[16], to[96];
	int64_t total = 0;
	struct tm tm;

	if (!intent_total(in, &total))
		total = 0;
	ui_money(total, m, sizeof(m));
	localtime_r(&in->created, &tm);
	strftime(when, sizeof(when), "%H:%M", &tm);
	if (in->n > 1)
		snprintf(to, sizeof(to), ngettext("%s and %zu more account", "%s and %zu more accounts",
						  (unsigned long)(in->n - 1)),
			 in->items[0].number[0] ? in->items[0].number : in->items[0].account_id,
			 in->n - 1);
	else if (in->n == 1)
		snprintf(to, sizeof(to), "%s",
			 in->items[0].number[0] ? in->items[0].number : in->items[0].account_id);
	else
		to[0] = '\0';
	switch (in->kind) {
	case INTENT_PAY:
		snprintf(buf, size, _("%s to %s at %s"), m, to, when);
		break;
	case INTENT_BIND:
		snprintf(buf, size, _("Binding of card %s at %s"), in->card_mask, when);
		break;
	case INTENT_TRANSFER:
		snprintf(buf, size, _("Transfer of %s from %s to %s at %s"), m,
			 in->from_number[0] ? in->from_number : in->from_id, to, when);
		break;
	case INTENT_PROMISED:
		snprintf(buf, size, _("Promised payment of %s to %s at %s"), m, to, when);
		break;
	case INTENT_BONUS:
	default:
		snprintf(buf, size, ngettext("%lld point to %s at %s", "%lld points to %s at %s",
					     (unsigned long)(total % 1000000)),
			 (long long)total, to, when);
		break;
	}
}

static const char *state_words(const struct notice *n)
{
	bool money = n->in.kind == INTENT_PAY || n->in.kind == INTENT_BIND;

	switch (n->state) {
	case N_ASKING:
		return _("checking whether it went through...");
	case N_DONE:
		return n->in.kind == INTENT_PAY ? _("paid") : n->in.kind == INTENT_BIND ? _("bound")
										      : _("done");
	case N_NOT_DONE:
		return money ? _("not paid: nothing was charged") : _("not done: nothing was moved");
	case N_DECLINED:
		return _("declined, nothing was charged");
	case N_PENDING:
		return n->in.kind == INTENT_BIND
			       ? _("waiting for the bank's code — b on the cards (c on screen 4): continue or cancel")
			       : _("waiting for the bank's code — p: continue or cancel");
	case N_NO_ANSWER:
		return _("not known yet: the server did not answer (r: ask again)");
	case N_TOO_OLD:
		return _("sent over 48 hours ago and no longer known to the server: see the history (4)");
	case N_ELSEWHERE:
	default:
		return _("being sent by another kabinet");
	}
}

bool ui_intent_notice(const char *key, char *buf, size_t size)
{
	const struct notice *n = notice_of(key);
	char words[384];

	if (!n)
		return false;
	ui_intent_words(&n->in, words, sizeof(words));
	if (n->why[0])
		snprintf(buf, size, "%s: %s (%s)", words, state_words(n), n->why);
	else
		snprintf(buf, size, "%s: %s", words, state_words(n));
	return true;
}

int ui_intents_draw(struct app *app, WINDOW *w, int y, int rows, int cols)
{
	int used = 0;

	(void)app;
	/* Newest first: what was just found is what the person wants to read. */
	for (size_t i = st.n; i-- > 0 && y + used < rows;) {
		const struct notice *n = &st.notices[i];
		enum color_area area = n->state == N_DONE ? AREA_POSITIVE
				       : n->state == N_NOT_DONE || n->state == N_ASKING ? AREA_DEFAULT
											: AREA_WARNING;
		char line[768];
		int room = rows - (y + used);
		ui_intent_notice(n->in.key, line, sizeof(line));
		/* Two lines at most: the words of the outcome are what must be read. */
		used += ui_put_wrapped(w, y + used, 1, cols - 2, room < 2 ? room : 2, area, line);
	}
	return used;
}

size_t ui_intents_shown(void)
{
	return st.n;
}

/* --- settling --- */

/* What the outcome moved is read again on every screen that shows it. */
static void moved(struct app *app, const struct intent *in)
{
	const char *ids[PAY_ITEMS_MAX + 1];
	size_t k = 0;

	if (in->from_id[0])
		ids[k++] = in->from_id;
	for (size_t i = 0; i < in->n && k < PAY_ITEMS_MAX + 1; i++)
		ids[k++] = in->items[i].account_id;
	ui_moved(app, in->kind == INTENT_BIND ? UI_MOVED_CARDS
		      : in->kind == INTENT_BONUS ? UI_MOVED_MONEY | UI_MOVED_BONUS : UI_MOVED_MONEY,
		 ids, k);
}

static void settled(struct app *app, struct notice *n, enum notice_state state, const char *why)
{
	struct intent in = n->in;

	if (st.store_ok)
		intent_remove(&st.store, in.key);
	say(n, state, why);
	if (state == N_DONE)
		moved(app, &in);
}

/* A payment as it now stands (an answer of getPayment, or the stored first answer). */
static void payment_is(struct app *app, struct notice *n, const struct payment *p)
{
	if (p->status == PAY_SUCCEEDED) {
		settled(app, n, N_DONE, NULL);
	} else if (p->status == PAY_DECLINED) {
		settled(app, n, N_DECLINED, pay_decline_text(p->decline_reason));
	} else {
		if (strcmp(n->in.payment_id, p->id)) {
			snprintf(n->in.payment_id, sizeof(n->in.payment_id), "%s", p->id);
			if (st.store_ok)
				intent_save(&st.store, &n->in);
		}
		say(n, N_PENDING, NULL);
	}
}

struct asked {
	struct app *app;
	char key[PAY_KEY_SIZE];
	unsigned gen;
};

/* The notice a late answer belongs to: NULL when it moved on. The caller lets go of
 * the question's lock once the answer is taken (asked() below). */
static struct notice *answer_for(struct asked *a)
{
	struct notice *n = notice_of(a->key);

	if (!n || n->gen != a->gen || n->state != N_ASKING)
		return NULL;
	return n;
}

static void asked_done(struct asked *a)
{
	unhold(a->key);
	free(a);
}

static void no_answer(struct notice *n, const struct api_reply *reply)
{
	char why[512];

	if (reply->err == APIERR_UNAUTHORIZED) {
		n->state = N_NO_ANSWER;
		n->why[0] = '\0';
		return;
	}
	app_fail_text(st.app ? st.app->host : "", reply, why, sizeof(why));
	say(n, N_NO_ANSWER, why);
}

static void read_payment(void *ud, const struct api_reply *reply)
{
	struct asked *a = ud;
	struct notice *n = answer_for(a);
	struct payment p;
	struct model_err err;

	if (n) {
		if (app_reply_ok(reply) && model_parse_payment(reply->body, &p, &err) == MODEL_OK)
			payment_is(a->app, n, &p);
		else if (reply->err == APIERR_NOT_FOUND)
			settled(a->app, n, N_NOT_DONE, NULL);
		else
			no_answer(n, reply);
	}
	asked_done(a);
}

static void ask_by_id(struct app *app, struct notice *n, const char *payment_id);

static void read_key(void *ud, const struct api_reply *reply)
{
	struct asked *a = ud;
	struct notice *n = answer_for(a);
	struct key_check k = { 0 };
	struct payment p;
	struct model_err err;

	if (!n) {
		asked_done(a);
		return;
	}
	if (!app_reply_ok(reply) || model_parse_key_check(reply->body, &k, &err) != MODEL_OK) {
		no_answer(n, reply);
	} else if (!k.used) {
		settled(a->app, n, N_NOT_DONE, NULL);
	} else if (n->in.kind == INTENT_PAY || n->in.kind == INTENT_BIND) {
		/* The first answer; a payment that waited for a code may have moved on. */
		if (model_parse_payment(k.answer, &p, &err) != MODEL_OK)
			say(n, N_NO_ANSWER, err.msg);
		else if (p.status == PAY_PENDING_3DS)
			ask_by_id(a->app, n, p.id);
		else
			payment_is(a->app, n, &p);
	} else {
		settled(a->app, n, N_DONE, NULL);
	}
	model_free_key_check(&k);
	asked_done(a);
}

/* Sends the question about one intent that this process now holds. */
static void ask(struct app *app, struct notice *n)
{
	struct asked *a = malloc(sizeof(*a));
	bool by_id = n->in.payment_id[0] != '\0';
	char *body = by_id ? model_body_payment_id(n->in.payment_id)
			   : model_body_idempotency_key(n->in.key);

	if (!by_id && time(NULL) - n->in.created > KEY_TRUST_SECONDS) {
		free(a);
		free(body);
		settled(app, n, N_TOO_OLD, NULL);
		unhold(n->in.key);
		return;
	}
	n->gen = ++st.gen;
	n->state = N_ASKING;
	n->why[0] = '\0';
	if (a && body) {
		*a = (struct asked){ .app = app, .gen = n->gen };
		snprintf(a->key, sizeof(a->key), "%s", n->in.key);
		if (api_call(app->api, by_id ? "getPayment" : "checkIdempotencyKey", body,
			     by_id ? API_READ : API_WRITE, by_id ? read_payment : read_key, a)) {
			free(body);
			ui_dirty(UI_DIRTY_PANE);
			return;
		}
	}
	free(a);
	free(body);
	unhold(n->in.key);
	n->state = N_NO_ANSWER;
}

/* Asks again, now by the payment's id (kept with the intent). */
static void ask_by_id(struct app *app, struct notice *n, const char *payment_id)
{
	if (!hold_or_say(n))
		return;
	if (strcmp(n->in.payment_id, payment_id)) {
		snprintf(n->in.payment_id, sizeof(n->in.payment_id), "%s", payment_id);
		if (st.store_ok)
			intent_save(&st.store, &n->in);
	}
	ask(app, n);
}

/* Takes the intent's lock and asks: nothing when another kabinet has it. */
static void ask_about(struct app *app, struct notice *n)
{
	if (hold_or_say(n))
		ask(app, n);
}

static bool can_ask(struct app *app)
{
	return api_has_session(app->api) && !app->awaiting_login && !app_read_only(app) &&
	       store(app);
}

/* Notices of what another process held, or of a payment left waiting for its code,
 * whose file is gone: settled elsewhere, and no longer this run's to say. */
static void drop_settled_elsewhere(const struct intent *list, size_t count)
{
	size_t k = 0;

	for (size_t i = 0; i < st.n; i++) {
		bool there = false;
		for (size_t j = 0; j < count && !there; j++)
			there = !strcmp(list[j].key, st.notices[i].in.key);
		if (!there && (st.notices[i].state == N_ELSEWHERE || st.notices[i].state == N_PENDING ||
			       st.notices[i].state == N_NO_ANSWER) && !held_find(st.notices[i].in.key))
			continue;
		st.notices[k++] = st.notices[i];
	}
	st.n = k;
}

void ui_intents_settle(struct app *app)
{
	struct intent *list;
	size_t count;

	if (!can_ask(app))
		return;
	count = intent_load_all(&st.store, &list);
	drop_settled_elsewhere(list, count);
	for (size_t i = 0; i < count; i++) {
		struct notice *n = notice_of(list[i].key);
		/* Held here (a form, a send in flight) or already being asked: not now. */
		if (held_find(list[i].key) || (n && n->state == N_ASKING))
			continue;
		n = notice_for(&list[i]);
		if (!hold_or_say(n))
			continue;
		/* The lock was had: the file may have been settled by its holder meanwhile. */
		if (intent_load(&st.store, list[i].key, &list[i]) != 0) {
			unhold(list[i].key);
			drop_notice(n);
			continue;
		}
		n->in = list[i];
		ask(app, n);
	}
	free(list);
	ui_dirty(UI_DIRTY_PANE);
}

/* --- the change path's side --- */

static void number_of(struct app *app, const char *id, char *buf, size_t size)
{
	const struct account *a = app_find_account(app, id);

	snprintf(buf, size, "%s", a ? a->number : "");
}

void ui_intent_make(struct app *app, struct intent *in, enum intent_kind kind,
		    const char *from_id, const struct pay_item *items, size_t n,
		    const char *card_mask)
{
	*in = (struct intent){ .kind = kind };
	if (from_id) {
		snprintf(in->from_id, sizeof(in->from_id), "%s", from_id);
		number_of(app, from_id, in->from_number, sizeof(in->from_number));
	}
	for (size_t i = 0; i < n && i < PAY_ITEMS_MAX; i++) {
		struct intent_item *it = &in->items[in->n++];
		snprintf(it->account_id, sizeof(it->account_id), "%s", items[i].account_id);
		number_of(app, items[i].account_id, it->number, sizeof(it->number));
		it->amount = items[i].amount;
	}
	if (card_mask)
		snprintf(in->card_mask, sizeof(in->card_mask), "%s", card_mask);
}

void ui_intent_recall(struct app *app, const struct pay_intent *pi, struct intent *in)
{
	struct intent before;

	snprintf(in->key, sizeof(in->key), "%s", pi->key);
	if (store(app) && intent_load(&st.store, in->key, &before) == 0)
		in->created = before.created;
	if (!in->created)
		in->created = time(NULL);
}

bool ui_intent_begin(struct app *app, struct pay_intent *pi, struct intent *in)
{
	struct intent_store *s;
	char why[256];
	bool took;

	/* Sent again (the same key): it keeps the time it was first sent. */
	ui_intent_recall(app, pi, in);
	s = store(app);
	took = s && !pi->held && hold(s, in->key);
	if (s && (pi->held || took) && intent_save(s, in) == 0) {
		pi->held = true;
		/* The change path's own reference, until its outcome is known. */
		hold(s, in->key);
		return true;
	}
	snprintf(why, sizeof(why), "%s", s ? strerror(errno) : _("no state directory"));
	if (took)
		unhold(in->key);
	ui_message(UI_MSG_ERROR,
		   _("The intent could not be recorded before sending (%s): nothing was sent."), why);
	return false;
}

bool ui_intent_adopt(struct app *app, struct pay_intent *pi, const struct intent *in)
{
	struct intent now;
	char line[768];

	if (!store(app) || intent_load(&st.store, in->key, &now) != 0) {
		if (!ui_intent_notice(in->key, line, sizeof(line)))
			snprintf(line, sizeof(line), "%s", _("It was settled meanwhile."));
		ui_message(UI_MSG_INFO, "%s", line);
		return false;
	}
	if (!hold(&st.store, in->key)) {
		ui_message(UI_MSG_WARNING, "%s",
			   _("Another kabinet is finishing this payment: see it there."));
		return false;
	}
	pay_intent_new(pi);
	snprintf(pi->key, sizeof(pi->key), "%s", in->key);
	pi->held = true;
	pi->stored = true;
	return true;
}

void ui_intent_sent(const char *key)
{
	unhold(key);
}

void ui_intent_settled(struct app *app, const char *key)
{
	struct notice *n = notice_of(key);

	if (store(app))
		intent_remove(&st.store, key);
	/* The form that settled it says how; a notice of it would say it twice, or wrong. */
	if (n)
		drop_notice(n);
}

void ui_intent_pending(struct app *app, const char *key, const char *payment_id)
{
	struct intent in;

	if (store(app) && intent_load(&st.store, key, &in) == 0 &&
	    strcmp(in.payment_id, payment_id)) {
		snprintf(in.payment_id, sizeof(in.payment_id), "%s", payment_id);
		intent_save(&st.store, &in);
	}
}

void ui_intent_leave(struct app *app, struct pay_intent *pi)
{
	struct intent in;
	struct notice *n;
	char words[384];
	bool asking;

	/* A change of this form still under way goes on without it. */
	ui_change_forget_form(pi);
	if (!app)
		app = st.app;
	if (!pi->held || !app)
		return;
	pi->held = false;
	unhold(pi->key);
	if (!store(app) || intent_load(&st.store, pi->key, &in) != 0)
		return;	/* settled */
	/* Not settled: said, and asked about now (unless something here still sends it,
	 * or a question about it is on its way already). */
	n = notice_for(&in);
	if (n->state != N_ASKING) {
		n->state = N_NO_ANSWER;
		if (!held_find(in.key) && can_ask(app))
			ask_about(app, n);
	}
	asking = n->state == N_ASKING || held_find(in.key);
	ui_intent_words(&in, words, sizeof(words));
	if (asking)
		ui_message(UI_MSG_WARNING,
			   _("%s: not known yet whether it went through; it is being checked, and the overview will say."),
			   words);
	else
		ui_message(UI_MSG_WARNING,
			   _("%s: not known yet whether it went through; it is kept, and checked on r or at the next start."),
			   words);
}

/* The oldest intent on disk that match() takes, into *out. */
static bool find_intent(struct app *app, bool (*match)(const struct intent *in, const void *arg),
			const void *arg, struct intent *out)
{
	struct intent *list;
	size_t count;
	bool found = false;

	if (!store(app))
		return false;
	count = intent_load_all(&st.store, &list);
	for (size_t i = 0; i < count && !found; i++)
		if ((found = match(&list[i], arg)))
			*out = list[i];
	free(list);
	return found;
}

static bool same_kind_other_key(const struct intent *in, const void *arg)
{
	const struct intent *like = arg;

	return strcmp(in->key, like->key) && in->kind == like->kind && intent_overlaps(in, like);
}

bool ui_intent_unsettled(struct app *app, const struct intent *like, struct intent *out)
{
	return find_intent(app, same_kind_other_key, like, out);
}

struct waiting {
	enum intent_kind kind;
	const char *account_id;
};

static bool waits_for_code(const struct intent *in, const void *arg)
{
	const struct waiting *w = arg;
	bool touches = !w->account_id || !w->account_id[0] || in->kind == INTENT_BIND;

	for (size_t k = 0; k < in->n && !touches; k++)
		touches = !strcmp(in->items[k].account_id, w->account_id);
	return in->kind == w->kind && in->payment_id[0] && touches;
}

bool ui_intent_waiting_code(struct app *app, enum intent_kind kind, const char *account_id,
			    struct intent *out)
{
	struct waiting w = { kind, account_id };

	return find_intent(app, waits_for_code, &w, out);
}

/* --- a form's intent (settle.h): its key, new or kept --- */

void pay_intent_new(struct pay_intent *in)
{
	ui_intent_leave(NULL, in);
	if (pay_new_key(in->key) != 0)
		in->key[0] = '\0';
	in->stored = false;
	in->unknown = false;
}

bool pay_intent_ready(struct pay_intent *in, bool changed)
{
	/* Other content under a key that may have been used: a new intent, and the old
	 * one is left to be settled. */
	if (!in->key[0] || ((in->stored || in->unknown) && changed))
		pay_intent_new(in);
	if (!in->key[0]) {
		ui_message(UI_MSG_ERROR, "%s", _("No random key could be made: nothing was sent."));
		return false;
	}
	return true;
}
