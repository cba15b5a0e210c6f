/* A promised payment (getPromisedPaymentOffer, activatePromisedPayment) over screen 4:
 * the offer in words — up to the monthly fee, for how many days, taken back on which
 * date — or why there is none; an amount field prefilled with the most, checked as it
 * is typed; taken through the one change path with the intent's idempotency key,
 * replayed after a lost answer. ] and [ go to the next and previous account. The
 * form is a description for the money-form scaffold (money_form.h), which keeps the
 * account, the amount, the intent and the keys; here: the offer, what it draws, its
 * confirmation, its answers and its refusals. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/money_form.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/number.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/text.h"

static const struct screen_ops promised_screen;

enum { R_OFFER };
enum { F_AMOUNT, F_TAKE, F_COUNT };

static const struct money_form_desc promised_desc;
static struct money_form pf = { .d = &promised_desc };

/* The offer of the account chosen. */
static struct {
	struct ui_loader load;
	struct promise_offer offer;
	bool known;
} pp;

static void load(struct app *app)
{
	ui_load_begin(&pp.load);
	if (pf.account[0][0])
		ui_load_call(app, &pp.load, "getPromisedPaymentOffer",
			     model_body_account(pf.account[0]), R_OFFER, pf.account[0]);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	const struct account *a = app_find_account(app, key);

	(void)kind;
	snprintf(buf, size, _("The promised payment offer of account %s"), a ? a->number : "?");
}

/* The offer bounds the amount, and the field is filled with its most. */
static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct promise_offer o;
	struct model_err err;

	if (model_parse_promise_offer(reply->body, &o, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &pp.load, kind, key, err.msg);
		return;
	}
	pp.offer = o;
	pp.known = true;
	pf.rule.min = o.min_amount;
	pf.rule.max = o.max_amount;
	if (o.available)
		money_form_fill(&pf, o.max_amount);
}

static void opened(struct app *app, struct money_form *mf)
{
	(void)mf;
	pp.load.done = loaded;
	pp.load.what = what_of;
	pp.known = false;
	load(app);
}

static void closed(struct app *app, struct money_form *mf)
{
	(void)app, (void)mf;
	ui_load_drop(&pp.load);
}

/* The form is there while an offer is. */
static bool shown(const struct money_form *mf)
{
	(void)mf;
	return pp.known && pp.offer.available;
}

/* ] and [: the offer of another account, a new intent for it. */
static void choose(struct app *app, struct money_form *mf, size_t field, int dir)
{
	(void)field;
	if (!money_form_next_account(app, mf, dir))
		return;
	/* An outcome for the account left is no longer the form's. */
	mf->gen++;
	pp.known = false;
	pay_intent_new(&mf->intent);
	load(app);
	ui_dirty(UI_DIRTY_PANE);
}

/* No offer (yet): the keys of screen 4 for this account. */
static enum ui_key_result off_key(struct app *app, struct money_form *mf, enum action act,
				  int key)
{
	(void)key;
	if (act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT) {
		choose(app, mf, 0, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	}
	if (act == ACT_PROMISED_PAYMENT || act == ACT_ENTER)
		return UI_DONE;
	return payments_run(app, act, mf->account[0]) ? UI_DONE : UI_PASS;
}

static bool ready(struct app *app, struct money_form *mf)
{
	return money_form_account(app, mf, 0) && pp.known && pp.offer.available;
}

static void confirm(struct app *app, struct money_form *mf, int64_t k, struct ui_change *c)
{
	const struct account *a = money_form_account(app, mf, 0);
	struct pay_item item = { .amount = k };
	char sum[64], date[32];

	ui_money(k, sum, sizeof(sum));
	ui_date(pp.offer.expires_on, false, date, sizeof(date));
	snprintf(c->question, sizeof(c->question), _("Take a promised payment of %s on account %s?"),
		 sum, a->number);
	snprintf(c->detail, sizeof(c->detail),
		 _("%s, %s.\nThe money goes on the balance at once; on %s the same amount\n"
		   "is taken back from the balance."),
		 a->number, a->region, date);
	c->body = model_body_promise(mf->account[0], k, mf->intent.key);
	snprintf(item.account_id, sizeof(item.account_id), "%s", mf->account[0]);
	ui_intent_make(app, &c->intent, INTENT_PROMISED, NULL, &item, 1, NULL);
}

static void done(struct app *app, const struct money_sent *s, const struct api_reply *reply)
{
	struct account *a = app_find_account(app, s->account[0]);
	struct promise_reply p;
	struct model_err err;
	char sum[64], bal[64];

	ui_money(s->amount, sum, sizeof(sum));
	if (model_parse_promise(reply->body, &p, &err) == MODEL_OK) {
		ui_money(p.balance, bal, sizeof(bal));
		ui_message(UI_MSG_INFO, _("Promised payment of %s taken: %s has %s now."), sum,
			   a ? a->number : "?", bal);
		if (a) {
			a->bal.balance = p.balance;
			a->bal.known = true;
			app->accounts_gen++;
		}
	} else {
		ui_message(UI_MSG_INFO, _("A promised payment of %s is on account %s."), sum,
			   a ? a->number : "?");
	}
}

/* The offer read again after an outcome not known. */
static void reread(struct app *app, struct money_form *mf)
{
	(void)mf;
	load(app);
}

static bool refused(struct app *app, const struct money_sent *s, const struct api_reply *reply)
{
	const struct account *a = app_find_account(app, s->account[0]);
	char text[512], why[384];

	switch (reply->err) {
	case APIERR_LIMIT_EXCEEDED:
		ui_message(UI_MSG_WARNING, _("No promised payment on account %s: %s."),
			   a ? a->number : "?", promise_reason_text("ALREADY_USED_THIS_MONTH"));
		if (money_form_ours(s))
			load(app);
		return true;
	case APIERR_CONFLICT:
		/* The offer changed meanwhile: it is read again and says why in words. */
		ui_message(UI_MSG_WARNING, _("No promised payment on account %s: %s"),
			   a ? a->number : "?", app_reply_text(app, reply, why, sizeof(why)));
		if (money_form_ours(s))
			load(app);
		return true;
	default:
		break;
	}
	if (money_form_ours(s) && reply->field && !strcmp(reply->field, "amount")) {
		money_form_error(&pf, F_AMOUNT, app_reply_text(app, reply, text, sizeof(text)));
		return true;
	}
	return false;
}

/* --- the screen --- */

/* The offer in words: from, to, for how long, taken back when. */
static int draw_offer(WINDOW *pane, int y, int rows, int cols)
{
	char line[1024], a1[64], a2[64], date[32];
	int y0 = y;

	ui_money(pp.offer.min_amount, a1, sizeof(a1));
	ui_money(pp.offer.max_amount, a2, sizeof(a2));
	snprintf(line, sizeof(line), _("From %s to %s (up to the account's monthly fee)."), a1, a2);
	/* Narrow, these lines wrap: the date the money is taken back is not cut off. */
	if (y < rows)
		y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y < 2 ? rows - y : 2, AREA_DEFAULT,
				    line);
	ui_date(pp.offer.expires_on, false, date, sizeof(date));
	snprintf(line, sizeof(line),
		 ngettext("It goes on the balance at once, for %lld day: it is taken back on %s.",
			  "It goes on the balance at once, for %lld days: it is taken back on %s.",
			  (unsigned long)(pp.offer.days % 1000000)),
		 (long long)pp.offer.days, date);
	if (y < rows)
		y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y < 2 ? rows - y : 2, AREA_DEFAULT,
				    line);
	return y - y0;
}

/* The title, the balance and the keys of another account; returns the next row. */
static int draw_head(struct app *app, const struct account *a, WINDOW *pane, int rows, int cols)
{
	char line[1024], title[512], a1[64], k1[32], k2[32];
	int y = 0;

	snprintf(title, sizeof(title), _("Promised payment: account %s · %s"), a->number, a->region);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&pp.load, pp.known, title, title, line, sizeof(line)));
	if (a->bal.known) {
		snprintf(line, sizeof(line), _("Balance: %s"), ui_money(a->bal.balance, a1, sizeof(a1)));
		ui_put(pane, y, 1, cols - 2, UI_LEFT,
		       a->bal.balance < 0 ? AREA_NEGATIVE : AREA_DEFAULT, line);
	}
	y++;
	if (app->accounts.n > 1 && y < rows) {
		keys_first(KEYMAP_PAYMENTS, ACT_PREV_ACCOUNT, k1, sizeof(k1));
		keys_first(KEYMAP_PAYMENTS, ACT_NEXT_ACCOUNT, k2, sizeof(k2));
		snprintf(line, sizeof(line), _("%s / %s: the previous or next account"), k1, k2);
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
	return y + 2;
}

static void pp_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct account *a = money_form_account(app, &pf, 0);
	char line[1024];
	int y;

	pf.cy = pf.cx = -1;
	if (!a) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("This account is not in the list any more."));
		return;
	}
	y = draw_head(app, a, pane, rows, cols);
	if (!pp.known) {
		ui_put(pane, y, 1, cols - 2, UI_LEFT, pp.load.failed ? AREA_ERROR : AREA_DEFAULT,
		       pp.load.failed ? ui_load_status(&pp.load, line, sizeof(line))
				      : _("Loading the offer..."));
		return;
	}
	if (!pp.offer.available) {
		snprintf(line, sizeof(line), _("No promised payment now: %s."),
			 promise_reason_text(pp.offer.reason));
		ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_WARNING, line);
		return;
	}
	y += draw_offer(pane, y, rows, cols);
	money_form_draw_fields(&pf, pane, y + 1, rows, cols);
}

static void pp_reload(struct app *app)
{
	load(app);
}

void promised_show(struct app *app, const char *account_id)
{
	const struct account *a = pay_form_account(app, ACT_PROMISED_PAYMENT, account_id);

	if (!a)
		return;
	snprintf(pf.account[0], sizeof(pf.account[0]), "%s", a->id);
	money_form_push(&pf);
}

static const struct ui_hint pp_hints[] = {
	{ ACT_ENTER, N_("take") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint pp_hints_none[] = {
	{ ACT_NEXT_ACCOUNT, N_("next account") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

/* Nothing to take: no "take" in the bottom line. */
static const struct ui_hint *pp_hints_now(struct app *app)
{
	(void)app;
	return pp.known && !pp.offer.available ? pp_hints_none : pp_hints;
}

static const struct ui_key_doc pp_keys[] = {
	{ "] [", N_("Another account"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the amount"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct money_form_desc promised_desc = {
	.screen = &promised_screen,
	.act = ACT_PROMISED_PAYMENT,
	.method = "activatePromisedPayment",
	.accounts = 1,
	.choices = 0,
	.labels = { N_("Amount (RUB)"), N_("Take the promised payment") },
	/* Its bounds are the offer's. */
	.rule = { NUMBER_MONEY, 0, 0 },
	.moved = UI_MOVED_MONEY,
	.anywhere = true,
	.check_typed = true,
	.mismatch_field = F_AMOUNT,
	.mismatch_text = N_("An earlier try may have gone through: the offer is read again."),
	.keys = pp_keys,
	.opened = opened,
	.closed = closed,
	.shown = shown,
	.off_key = off_key,
	.choose = choose,
	.ready = ready,
	.confirm = confirm,
	.done = done,
	.refused = refused,
	.reread = reread,
};

MONEY_FORM_CALLBACKS(pf)

static const struct screen_ops promised_screen = {
	.name = "payments",
	.title = N_("Promised payment"),
	.keymap = KEYMAP_PAYMENTS,
	MONEY_FORM_OPS(pf),
	.draw = pp_draw,
	.reload = pp_reload,
	.hints = pp_hints,
	.hints_now = pp_hints_now,
};
