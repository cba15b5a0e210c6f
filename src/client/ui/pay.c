/* Paying (docs/api.md "Card payments"): the top-up form over the screen in front —
 * the accounts picked with Space, each with its amount (the recommended payment to
 * start with), the total; then the card (a bound one, or a new one typed in: number
 * grouped in fours with its system and the Luhn check, expiry, CVC, holder) and the
 * receipt; the confirmation restating every account, amount, the total and the card
 * mask; the 3-D Secure code step; the outcome. Binding a card is the same form
 * without the accounts.
 *
 * Money is never paid twice: an intent has one idempotency key, kept while the intent
 * stays the same (a lost answer, a refusal that stored nothing, a code step left and
 * taken up again) and made anew after a final outcome or when the intent changes. A
 * lost answer is settled by the change path sending the same body again; a lost
 * answer to a code by asking getPayment. The card number and CVC live only in the
 * form's fields and the request body, and are wiped when the payment is over. */
#include "kabinet/ui/pay.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/settle.h"
#include "kabinet/ui/steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/money.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/text.h"


enum mode { M_PAY, M_BIND };
/* S_PENDING: a payment sent earlier (by this or another run) waits for its code. */
enum step { S_PENDING, S_ACCOUNTS, S_CARD, S_CODE, S_RESULT };
enum field { F_CARD, F_PAN, F_EXP, F_CVC, F_HOLDER, F_RECEIPT, F_SUBMIT, F_COUNT };

static struct {
	enum mode mode;
	struct ui_steps steps;
	struct app *app;
	struct ui_loader load;
	struct pay_picks picks;	/* the accounts and their amounts */
	char want_id[64];	/* picked at open, with want_amount */
	int64_t want_amount;
	/* The card and the receipt. */
	struct card_list cards;
	bool cards_known;
	size_t card;		/* cards.n: a new card */
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	char problem[512];	/* over the form: a decline, an outcome not known */
	/* The intent. */
	struct pay_intent intent;
	uint64_t stored_hash;	/* of the intent it was stored for */
	struct payment pay;	/* the last answer */
	struct pay_code code;	/* the 3-D Secure step */
	/* The outcome. */
	char result[1024];
	bool result_ok;
	void (*bind_done)(struct app *app);
	struct intent pending;	/* S_PENDING: the payment waiting for its code */
	enum step after_pending;	/* where the form goes when it is left for later */
	bool open;
	uint64_t print;		/* of the amounts and card fields as the form opened */
} pf;

/* --- small things --- */

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static bool new_card(void)
{
	return pf.mode == M_BIND || pf.card >= pf.cards.n;
}

#define CARD (&pf.fields[F_PAN])

/* The card mask the confirmation and the outcome name. */
static void card_mask(char *out, size_t size)
{
	if (new_card())
		pay_card_mask(CARD, out, size);
	else
		snprintf(out, size, "%s", pf.cards.items[pf.card].mask);
}

/* --- the card fields --- */

static void wipe_card(bool all)
{
	pay_card_wipe(CARD, all);
}

static void show_card_choice(void)
{
	struct ui_field *f = &pf.fields[F_CARD];
	bool fresh = new_card();

	if (pf.mode == M_BIND) {
		f->hidden = true;
	} else if (!pf.cards_known) {
		snprintf(f->text, sizeof(f->text), "%s", _("< the bound cards are loading... >"));
	} else if (fresh) {
		snprintf(f->text, sizeof(f->text), "< %s >", _("a new card"));
	} else {
		const struct card *c = &pf.cards.items[pf.card];
		snprintf(f->text, sizeof(f->text), "< %s  %s  %s >", c->mask,
			 pay_card_system_name(c->system), c->expires);
	}
	if (pf.mode == M_PAY)
		snprintf(f->note, sizeof(f->note), "%s",
			 !pf.cards_known ? "" : pf.cards.n ? _("Space: another card") : _("no bound cards"));
	for (int i = F_PAN; i <= F_HOLDER; i++)
		pf.fields[i].hidden = !fresh;
	pf.fields[F_RECEIPT].hidden = pf.mode == M_BIND;
}

/* Checks a field of the form; the reason goes next to it. */
static bool check_field(size_t i)
{
	struct ui_field *f = &pf.fields[i];
	char text[256], p[32];

	if (i >= F_PAN && i <= F_HOLDER)
		return pay_card_check(CARD, (int)(i - F_PAN));
	f->error[0] = '\0';
	if (i != F_RECEIPT || f->hidden)
		return true;
	ui_edit_get(&f->edit, text, sizeof(text));
	if (text[0] && strchr(text, '@')) {
		if (!model_email_valid(text))
			snprintf(f->error, sizeof(f->error), "%s", _("Not an e-mail address."));
	} else if (text[0]) {
		pay_digits(&f->edit, p, sizeof(p));
		if (strlen(p) != 11 && strlen(p) != 10)
			snprintf(f->error, sizeof(f->error), "%s",
				 _("An e-mail or a phone (+7 and 10 digits); empty: no receipt."));
	}
	return !f->error[0];
}

static void validate(struct ui_form *form, size_t index, void *ud)
{
	(void)form;
	(void)ud;
	check_field(index);
}

static void fill_receipt(struct app *app)
{
	const char *to = app->profile_known
				 ? (app->profile.email[0] ? app->profile.email : app->profile.phone)
				 : "";
	ui_edit_set(&pf.fields[F_RECEIPT].edit, to);
}

static void set_submit_text(void)
{
	int64_t total;
	bool ok;
	char m[64];

	if (pf.mode == M_BIND) {
		snprintf(pf.fields[F_SUBMIT].text, sizeof(pf.fields[F_SUBMIT].text), "[ %s ]",
			 _("Bind the card"));
		ui_money(100, m, sizeof(m));
		snprintf(pf.fields[F_SUBMIT].note, sizeof(pf.fields[F_SUBMIT].note),
			 _("%s is charged and refunded at once"), m);
		return;
	}
	pay_picks_total(&pf.picks, &total, &ok);
	ui_money(total, m, sizeof(m));
	if (pf.intent.unknown)
		snprintf(pf.fields[F_SUBMIT].text, sizeof(pf.fields[F_SUBMIT].text), "[ %s ]",
			 _("Check whether it went through"));
	else
		snprintf(pf.fields[F_SUBMIT].text, sizeof(pf.fields[F_SUBMIT].text), _("[ Pay %s ]"), m);
}

/* --- the steps --- */

static void go(struct app *app, enum step s)
{
	ui_steps_go(&pf.steps, app, s);
}

/* Arriving at a step: the code step is in front only while it is shown. */
static void step_enter(struct app *app)
{
	(void)app;
	pf.code.active = false;
}

static void card_enter(struct app *app)
{
	step_enter(app);
	show_card_choice();
	set_submit_text();
	ui_form_focus(&pf.form, pf.mode == M_BIND ? F_PAN : F_CARD);
}

static void code_enter(struct app *app)
{
	(void)app;
	pf.code.active = true;
}

/* The outcome of a payment, whichever way it came (an answer, getPayment). */
static void outcome(struct app *app, const struct payment *p)
{
	char m[64];
	const char *ids[PAY_ITEMS_MAX];

	pf.code.settle_at = 0;
	pf.code.settle_tries = 0;
	if (p->status == PAY_PENDING_3DS) {
		pf.pay = *p;
		pay_code_start(&pf.code, p);
		go(app, S_CODE);
		return;
	}
	pf.pay = *p;
	/* A final outcome, whichever way it came (a code, a cancel): nothing to settle. */
	ui_intent_settled(app, pf.intent.key);
	if (p->status == PAY_DECLINED) {
		/* A final outcome: the next try is a new intent. The form stays, but the
		 * CVC is typed again. */
		pay_intent_new(&pf.intent);
		wipe_card(false);
		snprintf(pf.problem, sizeof(pf.problem), _("Declined: %s. Nothing was charged."),
			 pay_decline_text(p->decline_reason));
		go(app, S_CARD);
		/* A new card's CVC is typed again; a bound card can only be pressed again. */
		ui_form_focus(&pf.form, new_card() ? F_CVC : F_SUBMIT);
		ui_message(UI_MSG_ERROR, "%s", pf.problem);
		return;
	}
	/* Succeeded. */
	pay_intent_new(&pf.intent);
	wipe_card(true);
	pf.problem[0] = '\0';
	pf.result_ok = true;
	ui_money(p->amount, m, sizeof(m));
	if (p->kind == PAY_KIND_BIND) {
		snprintf(pf.result, sizeof(pf.result), _("Card %s is bound."), p->card_mask);
		ui_message(UI_MSG_INFO, "%s", pf.result);
		go(app, S_RESULT);
		ui_moved(app, UI_MOVED_CARDS, NULL, 0);
		if (pf.bind_done)
			pf.bind_done(app);
		return;
	}
	snprintf(pf.result, sizeof(pf.result), _("Paid %s by card %s."), m, p->card_mask);
	for (size_t i = 0; i < p->nitems; i++) {
		struct account *a = app_find_account(app, p->items[i].account_id);
		ids[i] = p->items[i].account_id;
		if (a)
			a->bal.known = false;	/* until the new figure comes */
	}
	ui_message(UI_MSG_INFO, "%s", _("The payment went through."));
	go(app, S_RESULT);
	ui_moved(app, UI_MOVED_MONEY, ids, p->nitems);
}

static void answered(struct app *app, const struct api_reply *reply, void *ud)
{
	struct payment p;
	struct model_err err;

	(void)ud;
	if (model_parse_payment(reply->body, &p, &err) != MODEL_OK) {
		/* Something was done, but what is not understood: never guess. */
		snprintf(pf.problem, sizeof(pf.problem),
			 _("The server's answer could not be understood (%s): see the history before paying again."),
			 err.msg);
		ui_message(UI_MSG_ERROR, "%s", pf.problem);
		return;
	}
	pf.intent.stored = true;
	outcome(app, &p);
}

/* Refusals store nothing: the same key may go again with the form corrected. */
static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	char text[512];
	const char *f = reply->field ? reply->field : "";
	int target = -1;

	(void)ud;
	app_reply_text(app, reply, text, sizeof(text));
	if (!strncmp(f, "card.pan", 8) || !strncmp(f, "source.card.pan", 15))
		target = F_PAN;
	else if (strstr(f, "expMonth") || strstr(f, "expYear"))
		target = F_EXP;
	else if (strstr(f, "cvc"))
		target = F_CVC;
	else if (strstr(f, "holder"))
		target = F_HOLDER;
	else if (!strncmp(f, "receipt", 7))
		target = F_RECEIPT;
	else if (!strncmp(f, "source", 6) || !strcmp(f, "cardId"))
		target = F_CARD;
	if (reply->err == APIERR_CONFLICT && !strcmp(f, "card"))
		snprintf(text, sizeof(text), "%s", _("This card is bound already."));
	if (reply->err == APIERR_IDEMPOTENCY_MISMATCH) {
		/* Cannot happen while the key follows the intent; a new one mends it. */
		pay_intent_new(&pf.intent);
		snprintf(text, sizeof(text), "%s", _("The payment changed meanwhile: press Pay again."));
	}
	if (target >= 0) {
		text_copy(pf.fields[target].error, sizeof(pf.fields[target].error), text);
		go(app, S_CARD);
		ui_form_focus(&pf.form, (size_t)target);
	} else if (!strncmp(f, "items", 5)) {
		/* items[N].…: the account of that item. */
		size_t n = (size_t)strtoul(f + 6, NULL, 10), k = 0;
		for (size_t i = 0; i < pf.picks.n; i++)
			if (pf.picks.items[i].on && k++ == n) {
				text_copy(pf.picks.items[i].error, sizeof(pf.picks.items[i].error), text);
				pf.picks.sel = i;
			}
		go(app, S_ACCOUNTS);
	} else {
		text_copy(pf.problem, sizeof(pf.problem), text);
	}
	ui_message(UI_MSG_ERROR, "%s", text);
	return true;
}

/* No answer after every try: the key stays, so Pay asks again and cannot pay twice. */
static void not_known(struct app *app, void *ud)
{
	const char *ids[PAY_ITEMS_MAX];

	(void)ud;
	ui_moved(app, pf.mode == M_BIND ? UI_MOVED_CARDS : UI_MOVED_MONEY, ids,
		 pay_picks_ids(&pf.picks, ids, PAY_ITEMS_MAX));
	snprintf(pf.problem, sizeof(pf.problem), "%s",
		 _("No answer, so whether it went through is not known. It is kept, and checked when this form closes; the button asks now. Nothing is charged twice."));
	if (pf.steps.at != S_CARD)
		go(app, S_CARD);
}

/* The body of the intent; its hash without the key says whether it changed. */
static char *intent_body(const char *key, struct pay_item *items, size_t n, struct pay_receipt *r)
{
	struct new_card card;
	char *body;

	if (new_card())
		pay_card_read(CARD, &card);
	if (pf.mode == M_BIND)
		body = model_body_bind_card(&card, key);
	else
		body = model_body_create_payment(items, n, new_card() ? NULL : pf.cards.items[pf.card].id,
						 new_card() ? &card : NULL, r, key);
	model_wipe(&card, sizeof(card));
	return body;
}

static void submit(struct app *app)
{
	struct ui_change c = { .act = pf.mode == M_BIND ? ACT_BIND_CARD : ACT_PAY,
			       .method = pf.mode == M_BIND ? "bindCard" : "createPayment",
			       .done = answered, .refused = refused, .settle = not_known,
			       .replay = true };
	struct pay_item items[PAY_ITEMS_MAX];
	struct pay_receipt receipt = { 0 };
	size_t n = 0, used;
	int64_t total = 0;
	bool ok = true;
	char mask[32], m[64], *probe;
	uint64_t hash;

	for (size_t i = F_PAN; i <= F_RECEIPT; i++)
		if (!check_field(i) && ok) {
			ok = false;
			ui_form_focus(&pf.form, i);
		}
	if (!ok)
		return;
	if (pf.mode == M_PAY) {
		for (size_t i = 0; i < pf.picks.n && n < PAY_ITEMS_MAX; i++) {
			struct pay_pick *pk = &pf.picks.items[i];
			if (!pk->on)
				continue;
			if (!pay_pick_amount(pk, &items[n].amount)) {
				pf.picks.sel = i;
				go(app, S_ACCOUNTS);
				return;
			}
			snprintf(items[n].account_id, sizeof(items[n].account_id), "%s", pk->id);
			total += items[n++].amount;
		}
		if (!n) {
			go(app, S_ACCOUNTS);
			return;
		}
		ui_edit_get(&pf.fields[F_RECEIPT].edit, receipt.to, sizeof(receipt.to));
		receipt.email = strchr(receipt.to, '@') != NULL;
	}
	/* One key per intent: the same intent keeps it, a changed one gets a new one. */
	probe = intent_body("", items, n, &receipt);
	hash = probe ? fnv(probe) : 0;
	model_free_secret_body(probe);
	if (!pay_intent_ready(&pf.intent, hash != pf.stored_hash))
		return;
	pf.stored_hash = hash;
	pf.problem[0] = '\0';
	card_mask(mask, sizeof(mask));
	c.body = intent_body(pf.intent.key, items, n, &receipt);
	c.pi = &pf.intent;
	ui_intent_make(app, &c.intent, pf.mode == M_BIND ? INTENT_BIND : INTENT_PAY, NULL, items,
		       pf.mode == M_BIND ? 0 : n, mask);
	if (pf.mode == M_BIND) {
		snprintf(c.question, sizeof(c.question), _("Bind card %s?"), mask);
		ui_money(100, m, sizeof(m));
		snprintf(c.detail, sizeof(c.detail),
			 _("%s is charged and refunded at once; the bank may ask for a code."), m);
	} else {
		ui_money(total, m, sizeof(m));
		snprintf(c.question, sizeof(c.question), _("Pay %s by card %s?"), m, mask);
		used = 0;
		for (size_t i = 0; i < n && used < sizeof(c.detail); i++) {
			const struct account *a = app_find_account(app, items[i].account_id);
			char am[64], amr[64], region[128];
			ui_money(items[i].amount, am, sizeof(am));
			ui_fit(a ? a->region : "", 22, UI_LEFT, region, sizeof(region));
			ui_fit(am, 14, UI_RIGHT, amr, sizeof(amr));
			used += (size_t)snprintf(c.detail + used, sizeof(c.detail) - used, "%s  %s %s\n",
						 a ? a->number : "?", region, amr);
		}
		if (used < sizeof(c.detail))
			used += (size_t)snprintf(c.detail + used, sizeof(c.detail) - used,
						 ngettext("Total: %s for %zu account", "Total: %s for %zu accounts",
							  (unsigned long)n),
						 m, n);
		if (used < sizeof(c.detail)) {
			char line[sizeof(receipt.to) + 64];
			if (receipt.to[0])
				snprintf(line, sizeof(line), _("Receipt to: %s"), receipt.to);
			else
				snprintf(line, sizeof(line), "%s", _("No receipt"));
			snprintf(c.detail + used, sizeof(c.detail) - used, "\n%s", line);
		}
	}
	ui_change(app, &c);
}

/* --- a payment sent earlier that waits for its code --- */


static void pending_read(void *ud, const struct api_reply *reply)
{
	struct app *app = ud;
	struct payment p;
	struct model_err err;
	char text[512];

	if (pf.steps.at != S_PENDING)
		return;
	if (!app_reply_ok(reply) || model_parse_payment(reply->body, &p, &err) != MODEL_OK) {
		ui_message(UI_MSG_ERROR, "%s",
			   app_reply_ok(reply) ? err.msg : app_reply_text(app, reply, text, sizeof(text)));
		return;
	}
	outcome(app, &p);
	/* The code's five minutes run from when it was sent, not from now. */
	if (pf.steps.at == S_CODE && pf.pending.created + 300 < pf.code.until)
		pf.code.until = pf.pending.created + 300;
	if (pf.steps.at == S_RESULT || pf.steps.at == S_CARD)
		pf.after_pending = (enum step)pf.steps.at;
}

/* Enter: the form takes the payment over and reads it; its code step follows. */
static void pending_continue(struct app *app)
{
	char *body;

	if (!ui_intent_adopt(app, &pf.intent, &pf.pending)) {
		go(app, pf.after_pending);
		return;
	}
	body = model_body_payment_id(pf.pending.payment_id);
	if (!body || !api_call(app->api, "getPayment", body, API_READ, pending_read, app))
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
	free(body);
}

static void cancelled(struct app *app, const struct api_reply *reply, void *ud)
{
	struct payment p;
	struct model_err err;

	(void)ud;
	if (model_parse_payment(reply->body, &p, &err) != MODEL_OK) {
		ui_message(UI_MSG_ERROR,
			   _("The server's answer could not be understood (%s): see the history before paying again."),
			   err.msg);
		return;
	}
	ui_intent_settled(app, pf.intent.key);
	if (p.status == PAY_SUCCEEDED) {
		/* The code went in first, from somewhere else. */
		outcome(app, &p);
		return;
	}
	pay_intent_new(&pf.intent);
	ui_message(UI_MSG_INFO, "%s", _("Cancelled: nothing was charged."));
	go(app, pf.after_pending);
}

/* c: the payment is given up at the bank (nothing is charged). */
static void pending_cancel(struct app *app)
{
	struct ui_change c = { .act = pf.mode == M_BIND ? ACT_BIND_CARD : ACT_PAY,
			       .method = "cancelPayment", .done = cancelled };
	char words[384];

	if (!ui_intent_adopt(app, &pf.intent, &pf.pending)) {
		go(app, pf.after_pending);
		return;
	}
	ui_intent_words(&pf.pending, words, sizeof(words));
	snprintf(c.question, sizeof(c.question), _("Cancel %s?"), words);
	snprintf(c.detail, sizeof(c.detail), "%s",
		 _("The bank's code will no longer be taken; nothing is charged."));
	c.body = model_body_payment_id(pf.pending.payment_id);
	ui_change(app, &c);
}

static int pending_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	char line[768], words[384];
	int y0 = y;

	(void)app, (void)cy, (void)cx;
	ui_intent_words(&pf.pending, words, sizeof(words));
	snprintf(line, sizeof(line), _("%s was sent and waits for the code the bank sent for card %s."),
		 words, pf.pending.card_mask);
	y += 1 + ui_put_wrapped(w, y, x, cols, 3, AREA_WARNING, line);
	if (y < rows)
		ui_put(w, y++, x + 2, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("Enter: type the code (the bank keeps it for 5 minutes)"));
	if (y < rows)
		ui_put(w, y++, x + 2, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("c: cancel the payment, and nothing is charged"));
	if (y < rows)
		ui_put(w, y++, x + 2, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("Esc: not now (it stays, and the overview says so)"));
	return y - y0;
}

static enum ui_key_result pending_key(struct app *app, enum action act, int key)
{
	if (act == ACT_ENTER)
		pending_continue(app);
	else if (key == KEYS_CHR('c') || key == KEYS_CHR('C'))
		pending_cancel(app);
	else if (act == ACT_HELP || act == ACT_REDRAW)
		return UI_PASS;
	return UI_DONE;
}

/* --- loading the cards --- */

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	if (!ui_load_took_cards(app, &pf.load, kind, key, reply, &pf.cards, &pf.cards_known))
		return;
	/* The first bound card (a new one when there is none), unless a new card is being
	 * typed already: what the person typed is never swapped away under them. */
	pf.card = CARD->edit.len || pf.form.focus > F_CARD ? pf.cards.n : 0;
	show_card_choice();
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app;
	(void)kind;
	(void)key;
	snprintf(buf, size, "%s", _("The bound cards"));
}

static void load(struct app *app)
{
	ui_load_begin(&pf.load);
	if (pf.mode == M_PAY)
		ui_load_cards(app, &pf.load, 0);
}

/* --- drawing --- */

static int draw_problem(WINDOW *w, int y, int x, int cols)
{
	if (!pf.problem[0])
		return y;
	return y + 1 + ui_put_wrapped(w, y, x, cols, 3, AREA_ERROR, pf.problem);
}

/* Till the accounts come, a line where the title and the help stand. */
static int accounts_head(struct app *app, WINDOW *w, int x, int cols)
{
	if (!app->accounts_known)
		return 1;
	ui_put_attr(w, 0, x, cols, UI_LEFT, A_BOLD, 0, _("Top up: the accounts and amounts"));
	ui_put(w, 1, x, cols, UI_LEFT, AREA_DEFAULT,
	       _("Space picks an account (up to 10); type its amount; Enter: the card."));
	return 2;
}

static int accounts_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
			 int *cx)
{
	if (!app->accounts_known) {
		ui_put(w, y, x, cols, UI_LEFT, AREA_DEFAULT,
		       _("The accounts are not loaded yet: open the overview (1) and try again."));
		return 1;
	}
	/* The picks are laid out over the whole pane. */
	pay_picks_draw(&pf.picks, app, w, draw_problem(w, y + 1, x, cols), rows, getmaxx(w), cy, cx);
	return rows - y;
}

static int card_head(struct app *app, WINDOW *w, int x, int cols)
{
	char line[512], m[64];
	int64_t total;
	bool ok;
	size_t n;

	(void)app;
	if (pf.mode == M_BIND) {
		ui_put_attr(w, 0, x, cols, UI_LEFT, A_BOLD, 0, _("Bind a card"));
		ui_put(w, 1, x, cols, UI_LEFT, AREA_DEFAULT,
		       _("The card is kept by the bank: kabinet stores neither its number nor the CVC."));
	} else {
		n = pay_picks_total(&pf.picks, &total, &ok);
		ui_money(total, m, sizeof(m));
		ui_put_attr(w, 0, x, cols, UI_LEFT, A_BOLD, 0, _("Top up: the card"));
		snprintf(line, sizeof(line),
			 ngettext("Paying %s for %zu account (Esc: back to the amounts).",
				  "Paying %s for %zu accounts (Esc: back to the amounts).", (unsigned long)n),
			 m, n);
		ui_put(w, 1, x, cols, UI_LEFT, AREA_DEFAULT, line);
	}
	return 2;
}

/* The card step draws its form itself: card_key() gives it its keys. */
static int card_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	int top = draw_problem(w, y + 1, x, cols);

	(void)app, (void)rows;
	set_submit_text();
	return top - y + ui_form_draw(w, top, x, cols, &pf.form, cy, cx);
}

static int code_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	(void)app;
	return pay_code_draw(&pf.code, w, y, x, cols, rows, cy, cx);
}

static int result_head(struct app *app, WINDOW *w, int x, int cols)
{
	(void)app;
	ui_put_attr(w, 0, x, cols, UI_LEFT, A_BOLD, 0,
		    pf.mode == M_BIND ? _("Bind a card: done") : _("Top up: done"));
	return 2;
}

static int result_draw(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		       int *cx)
{
	char line[512], m[64], bal[64];
	int y0 = y;

	(void)cy, (void)cx;
	ui_put(w, y++, x, cols, UI_LEFT, AREA_POSITIVE, pf.result);
	for (size_t i = 0; pf.mode == M_PAY && i < pf.pay.nitems && y < rows - 2; i++) {
		const struct account *a = app_find_account(app, pf.pay.items[i].account_id);
		ui_money(pf.pay.items[i].amount, m, sizeof(m));
		if (a && a->bal.known) {
			ui_money(a->bal.balance, bal, sizeof(bal));
			snprintf(line, sizeof(line), _("%s  +%s, balance now %s"), a->number, m, bal);
		} else {
			snprintf(line, sizeof(line), _("%s  +%s; the new balance is being read..."),
				 a ? a->number : pf.pay.items[i].account_id, m);
		}
		ui_put(w, ++y, x + 2, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
	ui_put(w, y + 2, x, cols, UI_LEFT, AREA_DEFAULT, _("Press Enter to close."));
	return y + 3 - y0;
}

static void pf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&pf.steps, app, pane, rows, cols);
}

/* --- keys --- */

static enum ui_key_result accounts_key(struct app *app, enum action act, int key)
{
	bool next = false;
	enum ui_key_result taken = pay_picks_key(&pf.picks, act, key, &next);

	if (next)
		go(app, S_CARD);
	return taken;
}

static enum ui_key_result card_key(struct app *app, enum action act, int key)
{
	enum ui_form_result r;
	size_t focus = pf.form.focus;

	/* The card is changed with Space or the arrows; Enter pays, as the hint says. */
	if (focus == F_CARD && pf.cards_known &&
	    (key == KEYS_CHR(' ') || key == KEY_RIGHT || key == KEY_LEFT)) {
		size_t n = pf.cards.n + 1;
		pf.card = (pf.card + (key == KEY_LEFT ? n - 1 : 1)) % n;
		show_card_choice();
		ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
		return UI_DONE;
	}
	r = ui_form_key(&pf.form, act, key);
	if ((focus == F_PAN || focus == F_EXP) && pf.form.focus == focus && r == UI_FORM_HANDLED)
		pay_card_typed(CARD, (int)(focus - F_PAN));
	if (r == UI_FORM_SUBMIT) {
		/* A bound card needs nothing more typed: Enter on its line pays too (a
		 * new card goes on to its number). */
		if (pf.form.focus == F_SUBMIT || (pf.form.focus == F_CARD && !new_card()))
			submit(app);
		else
			ui_form_key(&pf.form, ACT_NEXT_FIELD, KEYS_CHR('\t'));
	}
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);	/* the hint follows the focus */
	return r == UI_FORM_PASS ? UI_PASS : UI_DONE;
}

static enum ui_key_result code_key(struct app *app, enum action act, int key)
{
	return pay_code_key(&pf.code, app, act, key);
}

static enum ui_key_result result_key(struct app *app, enum action act, int key)
{
	(void)app, (void)key;
	if (act == ACT_HELP || act == ACT_REDRAW)
		return UI_PASS;
	if (act == ACT_ENTER || act == ACT_BACK)
		ui_pop();
	return UI_DONE;
}

static enum ui_key_result pf_key(struct app *app, enum action act, int key)
{
	/* A payment waiting to be sent again stops; one in flight is cancelled by the
	 * engine. Either way its outcome is then not known, and said so. */
	if (act == ACT_CANCEL) {
		if (ui_change_stop(app))
			return UI_DONE;
		if (ui_change_busy())
			return UI_PASS;
	}
	return ui_steps_key(&pf.steps, app, act, key);
}

/* --- Esc --- */

/* Left for later: the form goes on as it would have opened. */
static void pending_back(struct app *app)
{
	go(app, pf.after_pending);
}

/* Back to the amounts; binding has none, and closes. */
static void card_back(struct app *app)
{
	if (pf.mode == M_PAY)
		go(app, S_ACCOUNTS);
	else
		ui_pop();
}

/* A code that went to the bank may have been taken: that is settled by the payment's
 * id once the form closes, never said as "not charged". */
static void code_back(struct app *app)
{
	if (pf.code.sent)
		ui_message(UI_MSG_WARNING, "%s",
			   _("The code went to the bank: whether it was taken is kept, and checked when this form closes."));
	else
		ui_message(UI_MSG_INFO, "%s",
			   _("Not confirmed: nothing is charged, and the code expires in 5 minutes."));
	pf.code.settle_at = 0;
	pf.code.settle_tries = 0;
	go(app, S_CARD);
}

/* --- hints, help and pastes --- */

static const struct ui_hint accounts_hints[] = {
	{ ACT_ENTER, N_("next") },
	{ ACT_CANCEL, N_("close") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint card_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("pay") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint bind_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("bind") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

/* What Enter does on the card step follows the focus (card_key); on a text field, or
 * on the line of "a new card", it goes on to the next (the standard hints). */
static const struct ui_hint *card_hints_now(void)
{
	if (pf.form.focus == F_SUBMIT)
		return pf.mode == M_BIND ? bind_hints : card_hints;
	if (pf.form.focus == F_CARD && !new_card())
		return card_hints;
	return ui_step_hints;
}

static const struct ui_hint pending_hints[] = {
	{ ACT_ENTER, N_("type the code") },
	{ ACT_CANCEL, N_("not now") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint code_hints[] = {
	{ ACT_ENTER, N_("confirm") },
	{ ACT_CANCEL, N_("not now") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint result_hints[] = {
	{ ACT_ENTER, N_("close") },
	{ ACT_NONE, NULL },
};

/* What each step takes (the help and the bottom line list only these). */
static bool result_accepts(struct app *app, enum action act)
{
	(void)app;
	return act == ACT_HELP || act == ACT_REDRAW || act == ACT_CANCEL || act == ACT_ENTER ||
	       act == ACT_BACK;
}

static bool pending_accepts(struct app *app, enum action act)
{
	return act != ACT_BACK && result_accepts(app, act);
}

static bool code_accepts(struct app *app, enum action act)
{
	return pending_accepts(app, act) || act == ACT_QUIT || act == ACT_COMMAND_PROMPT ||
	       act == ACT_REFRESH;
}

static bool card_accepts(struct app *app, enum action act)
{
	return code_accepts(app, act) || act == ACT_NEXT_FIELD || act == ACT_PREV_FIELD ||
	       act == ACT_MOVE_UP || act == ACT_MOVE_DOWN;
}

static bool accounts_accepts(struct app *app, enum action act)
{
	return card_accepts(app, act) || act == ACT_MOVE_TOP || act == ACT_MOVE_BOTTOM;
}

static const struct ui_key_doc accounts_keys[] = {
	{ N_("Space"), N_("Pick the account, or leave it out"), ACT_NONE },
	{ N_("0-9 , ."), N_("Type the amount of the account"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc card_keys[] = {
	{ N_("Space, Left, Right"), N_("Another card (on the Card line)"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the text field in focus"), ACT_NONE },
	{ NULL, N_("Pay, on Pay or on a bound card's line; elsewhere the next field"), ACT_ENTER },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

/* Binding has no card to choose: the form's keys alone. */
static const struct ui_key_doc *card_keys_now(struct app *app)
{
	return pf.mode == M_BIND ? ui_form_own_keys(app) : card_keys;
}

static const struct ui_key_doc pending_keys[] = {
	{ "c", N_("Cancel the payment: nothing is charged"), ACT_NONE },
	{ "?", N_("This help"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc code_keys[] = {
	{ N_("0-9"), N_("Type the bank's code"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *no_keys(struct app *app)
{
	(void)app;
	return NULL;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result accounts_paste(struct app *app, const char *text, size_t len)
{
	if (!pf.picks.amount_col || pf.picks.sel >= pf.picks.n)
		return UI_PASTE_NONE;
	return ui_paste_keys(app, &pf.picks.items[pf.picks.sel].amount, pf_key, text, len);
}

static enum ui_paste_result card_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &pf.form, pf_key, text, len);
}

static enum ui_paste_result code_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &pf.code.form, pf_key, text, len);
}

/* The steps; their titles stand alone, or their heads follow the mode. */
static const struct ui_step steps[] = {
	[S_PENDING] = { .title = N_("A payment waits for the bank's code"), .draw = pending_draw,
			.key = pending_key, .enter = step_enter, .on_back = pending_back,
			.hints = pending_hints, .keys = pending_keys, .accepts = pending_accepts },
	[S_ACCOUNTS] = { .head = accounts_head, .draw = accounts_draw, .key = accounts_key,
			 .enter = step_enter, .back = UI_STEP_OUT, .hints = accounts_hints,
			 .keys = accounts_keys, .accepts = accounts_accepts,
			 .paste = accounts_paste },
	[S_CARD] = { .head = card_head, .draw = card_draw, .key = card_key, .enter = card_enter,
		     .on_back = card_back, .hints_now = card_hints_now, .keys_now = card_keys_now,
		     .accepts = card_accepts, .paste = card_paste },
	[S_CODE] = { .title = N_("3-D Secure: the bank's code"), .draw = code_draw,
		     .key = code_key, .enter = code_enter, .on_back = code_back,
		     .hints = code_hints, .keys = code_keys, .accepts = code_accepts,
		     .paste = code_paste },
	[S_RESULT] = { .head = result_head, .draw = result_draw, .key = result_key,
		       .enter = step_enter, .back = UI_STEP_OUT, .hints = result_hints,
		       .keys_now = no_keys, .accepts = result_accepts },
};

/* --- the screen --- */

static int pf_tick(struct app *app)
{
	return pay_code_tick(&pf.code, app);
}

/* The cursor as the step drew it. */
static bool pf_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (pf.steps.cy < 0)
		return false;
	*y = pf.steps.cy;
	*x = pf.steps.cx;
	return true;
}

static void init_fields(void)
{
	pf.fields[F_CARD] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Card") };
	pay_card_init(CARD);
	pf.fields[F_RECEIPT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Receipt to") };
	pf.fields[F_RECEIPT].edit.max = 254;
	snprintf(pf.fields[F_RECEIPT].note, sizeof(pf.fields[F_RECEIPT].note), "%s",
		 _("e-mail, phone or empty"));
	pf.fields[F_SUBMIT] = (struct ui_field){ .kind = UI_FIELD_BUTTON, .label = N_("Pay") };
	pf.form = (struct ui_form){ pf.fields, F_COUNT, 0, validate, NULL };
	pay_code_init(&pf.code, pf.mode == M_BIND ? ACT_BIND_CARD : ACT_PAY, outcome);
}

static void wipe_all(void)
{
	wipe_card(true);
	pay_code_wipe(&pf.code);
	pay_picks_free(&pf.picks);
}

/* What is typed: the amounts of the accounts, the new card, the receipt's address. */
static uint64_t pf_print(void)
{
	uint64_t h = ui_form_print(&pf.form, 0);

	for (size_t i = 0; i < pf.picks.n; i++)
		h = ui_edit_print(h, &pf.picks.items[i].amount);
	return h;
}

static bool pf_typed(struct app *app)
{
	(void)app;
	return pf.open && pf.steps.at != S_RESULT && !pay_intent_sent(&pf.intent) && pf_print() != pf.print;
}

static void pf_open(struct app *app)
{
	pf.app = app;
	pf.load.done = loaded;
	pf.load.what = what_of;
	pf.steps = (struct ui_steps){ .steps = steps, .count = sizeof(steps) / sizeof(steps[0]),
				      .screen_key = pf_key };
	pf.problem[0] = pf.result[0] = '\0';
	pf.pay = (struct payment){ 0 };
	model_free_cards(&pf.cards);
	pf.cards_known = false;
	pf.card = 0;
	init_fields();
	pay_intent_new(&pf.intent);
	if (pf.mode == M_PAY) {
		int64_t total;
		bool ok;
		fill_receipt(app);
		pay_picks_make(&pf.picks, app, pf.want_id, pf.want_amount);
		/* Straight to the card when the amount came with the account (:pay, an
		 * invoice), unless it is out of range. */
		pf.after_pending = pf.want_amount > 0 && pay_picks_total(&pf.picks, &total, &ok) && ok
					   ? S_CARD : S_ACCOUNTS;
	} else {
		pf.after_pending = S_CARD;
	}
	/* A payment of this account (a binding) sent earlier waits for its code: that
	 * first. Then whatever else was sent and never settled is asked about. */
	go(app, ui_intent_waiting_code(app, pf.mode == M_BIND ? INTENT_BIND : INTENT_PAY, NULL,
				  &pf.pending)
		   ? S_PENDING : pf.after_pending);
	ui_intents_settle(app);
	load(app);
	pf.open = true;
	pf.print = pf_print();
}

static void pf_close(struct app *app)
{
	pf.open = false;
	ui_intent_leave(app, &pf.intent);
	ui_load_drop(&pf.load);
	wipe_all();
	model_free_cards(&pf.cards);
	model_wipe(pf.intent.key, sizeof(pf.intent.key));
}

static void pf_reload(struct app *app)
{
	load(app);
}

UI_STEPS_CALLBACKS(pf, pf.steps)

static const struct screen_ops pay_screen = {
	.name = "pay",
	.title = N_("Top up"),
	.keymap = KEYMAP_PAYMENTS,
	.text_input = true,
	.open = pf_open,
	.close = pf_close,
	.draw = pf_draw,
	.key = pf_key,
	.reload = pf_reload,
	.tick = pf_tick,
	.cursor = pf_cursor,
	.hints = accounts_hints,
	.typed = pf_typed,
	UI_STEPS_OPS(pf),
};

static bool refuse_read_only(struct app *app, enum action act)
{
	if (!app_read_only(app))
		return false;
	ui_message(UI_MSG_ERROR, app_refused_fmt(app), action_help(act));
	return true;
}

const struct account *pay_form_account(struct app *app, enum action act, const char *account_id)
{
	const struct account *a;

	if (refuse_read_only(app, act))
		return NULL;
	a = account_id ? app_find_account(app, account_id) : NULL;
	if (!a && app->accounts.n)
		a = &app->accounts.items[0];
	if (!a)
		ui_message(UI_MSG_INFO, "%s",
			   app->accounts_known ? _("No accounts are attached to this profile.")
					       : _("The accounts are still loading."));
	return a;
}

void pay_show(struct app *app, const char *account_id, int64_t amount)
{
	if (refuse_read_only(app, ACT_PAY))
		return;
	if (ui_front() == &pay_screen)
		ui_pop();
	pf.mode = M_PAY;
	snprintf(pf.want_id, sizeof(pf.want_id), "%s", account_id ? account_id : "");
	pf.want_amount = amount;
	pf.bind_done = NULL;
	ui_push(&pay_screen);
}

void pay_show_number(struct app *app, const char *number, int64_t amount)
{
	if (!api_has_session(app->api)) {
		ui_message(UI_MSG_INFO, "%s", _("Log in first."));
		return;
	}
	for (size_t i = 0; i < app->accounts.n; i++)
		if (!strcmp(app->accounts.items[i].number, number)) {
			pay_show(app, app->accounts.items[i].id, amount);
			return;
		}
	if (!app->accounts_known)
		ui_message(UI_MSG_ERROR, "%s", _("The accounts are not loaded yet: try again in a moment."));
	else
		ui_message(UI_MSG_ERROR, _("No account %s in this profile."), number);
}

void pay_bind_card(struct app *app, void (*done)(struct app *app))
{
	if (refuse_read_only(app, ACT_BIND_CARD))
		return;
	if (ui_front() == &pay_screen)
		ui_pop();
	pf.mode = M_BIND;
	pf.want_id[0] = '\0';
	pf.want_amount = 0;
	pf.bind_done = done;
	ui_push(&pay_screen);
}
