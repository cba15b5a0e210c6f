/* A transfer between the profile's own accounts (transferFunds), a form over screen
 * 4: the source (its balance beside it), the destination, the amount — each checked
 * as it is left, the reason next to the field. Sent through the one change path with
 * the intent's idempotency key, replayed after a lost answer; the key is kept across
 * retries of one intent and made anew once the server may have stored an answer for
 * other content (docs/api.md "Idempotency"). The form is a description for the
 * money-form scaffold (money_form.h), which keeps the accounts, the amount, the
 * intent and the keys; here: the destination's choice, what it draws, its
 * confirmation, its answers and its refusals. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/money_form.h"
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

static const struct screen_ops transfer_screen;

enum { F_FROM, F_TO, F_AMOUNT, F_SEND, F_COUNT };
enum { FROM, TO };

static const struct money_form_desc transfer_desc;
static struct money_form tf = { .d = &transfer_desc };

/* No more than the source has. */
static bool check(struct app *app, struct money_form *mf, int64_t k, char *err, size_t size)
{
	const struct account *from = money_form_account(app, mf, FROM);
	char money[64];

	if (from && from->bal.known && k > from->bal.balance) {
		ui_money(from->bal.balance > 0 ? from->bal.balance : 0, money, sizeof(money));
		snprintf(err, size, _("More than account %s has: %s available."), from->number, money);
		return false;
	}
	return true;
}

/* The destination, as it is left: another account than the source. */
static void left(struct app *app, struct money_form *mf, size_t field)
{
	(void)app;
	if (field == F_TO && (!mf->account[TO][0] || !strcmp(mf->account[TO], mf->account[FROM])))
		snprintf(mf->fields[F_TO].error, sizeof(mf->fields[F_TO].error), "%s",
			 _("Choose an account other than the source."));
}

static bool ready(struct app *app, struct money_form *mf)
{
	left(app, mf, F_TO);
	if (!money_form_account(app, mf, FROM))
		money_form_error(mf, F_FROM, _("Choose the account to take the money from."));
	return true;
}

/* The next (dir 1) or previous account after `id`, skipping `skip`. */
static void cycle(struct app *app, char *id, size_t size, const char *skip, int dir)
{
	size_t n = app->accounts.n, i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		if (!strcmp(app->accounts.items[i].id, id))
			break;
	if (i == n)
		i = 0;
	for (size_t step = 0; step < n; step++) {
		i = (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
		if (strcmp(app->accounts.items[i].id, skip)) {
			snprintf(id, size, "%s", app->accounts.items[i].id);
			return;
		}
	}
}

static void choose(struct app *app, struct money_form *mf, size_t field, int dir)
{
	char *from = mf->account[FROM], *to = mf->account[TO];
	int64_t k;

	if (field == F_FROM) {
		cycle(app, from, sizeof(mf->account[FROM]), "", dir);
		if (!strcmp(from, to))
			cycle(app, to, sizeof(mf->account[TO]), from, 1);
	} else {
		cycle(app, to, sizeof(mf->account[TO]), from, dir);
	}
	mf->fields[F_FROM].error[0] = mf->fields[F_TO].error[0] = '\0';
	money_form_show(app, mf);
	/* The source's balance bounds the amount: checked again when one was typed. */
	mf->fields[F_AMOUNT].error[0] = '\0';
	if (mf->fields[F_AMOUNT].edit.len)
		money_form_amount_of(app, mf, &k, mf->fields[F_AMOUNT].error,
				     sizeof(mf->fields[F_AMOUNT].error));
}

static void confirm(struct app *app, struct money_form *mf, int64_t k, struct ui_change *c)
{
	const struct account *from = money_form_account(app, mf, FROM);
	const struct account *to = money_form_account(app, mf, TO);
	struct pay_item item;
	char sum[64], bal[64], after[64];
	int64_t rest;

	ui_money(k, sum, sizeof(sum));
	snprintf(c->question, sizeof(c->question), _("Transfer %s from account %s to account %s?"),
		 sum, from->number, to->number);
	/* The balance afterwards only when it can be worked out; else the plain lines. */
	if (from->bal.known && figure_sub(from->bal.balance, k, &rest)) {
		ui_money(from->bal.balance, bal, sizeof(bal));
		ui_money(rest, after, sizeof(after));
		snprintf(c->detail, sizeof(c->detail),
			 _("From: %s, %s\nTo: %s, %s\nThe balance of %s becomes %s (now %s)."),
			 from->number, from->region, to->number, to->region, from->number, after, bal);
	} else {
		snprintf(c->detail, sizeof(c->detail), _("From: %s, %s\nTo: %s, %s"), from->number,
			 from->region, to->number, to->region);
	}
	snprintf(item.account_id, sizeof(item.account_id), "%s", mf->account[TO]);
	item.amount = k;
	c->body = model_body_transfer(mf->account[FROM], &item, 1, mf->intent.key);
	ui_intent_make(app, &c->intent, INTENT_TRANSFER, mf->account[FROM], &item, 1, NULL);
}

static void done(struct app *app, const struct money_sent *s, const struct api_reply *reply)
{
	struct account *from = app_find_account(app, s->account[FROM]);
	struct account *to = app_find_account(app, s->account[TO]);
	struct transfer_reply t;
	struct model_err err;
	char sum[64], bal[64];

	ui_money(s->amount, sum, sizeof(sum));
	if (model_parse_transfer(reply->body, &t, &err) == MODEL_OK) {
		ui_money(t.from_balance, bal, sizeof(bal));
		ui_message(UI_MSG_INFO, _("Transferred %s to %s; %s has %s now."), sum,
			   to ? to->number : "?", from ? from->number : "?", bal);
		if (from) {
			from->bal.balance = t.from_balance;
			from->bal.known = true;
			app->accounts_gen++;
		}
	} else {
		ui_message(UI_MSG_INFO, _("Transferred %s from %s to %s."), sum,
			   from ? from->number : "?", to ? to->number : "?");
	}
}

/* Not enough money: said with the balance known, and the balances read again. */
static void insufficient(struct app *app, const struct money_sent *s,
			 const struct api_reply *reply)
{
	const struct account *from = app_find_account(app, s->account[FROM]);
	char text[512], money[64], why[384];

	if (from && from->bal.known) {
		ui_money(from->bal.balance > 0 ? from->bal.balance : 0, money, sizeof(money));
		snprintf(text, sizeof(text), _("More than account %s has: %s available."),
			 from->number, money);
	} else {
		snprintf(text, sizeof(text), _("Not enough money on the account: %s"),
			 app_reply_text(app, reply, why, sizeof(why)));
	}
	money_form_error(&tf, F_AMOUNT, text);
	/* The balance we knew was old: it is read again. */
	money_form_moved(app, s);
}

/* The server's refusals next to the field they are about, the form kept. */
static bool refused(struct app *app, const struct money_sent *s, const struct api_reply *reply)
{
	const char *f = reply->field ? reply->field : "";
	char text[512];

	if (!money_form_ours(s))
		return false;
	switch (reply->err) {
	case APIERR_INSUFFICIENT_FUNDS:
		insufficient(app, s, reply);
		return true;
	case APIERR_NOT_FOUND:
		if (!strcmp(f, "fromAccountId")) {
			money_form_error(&tf, F_FROM, _("This account is not in your profile any more."));
			return true;
		}
		if (!strncmp(f, "items[", 6)) {
			money_form_error(&tf, F_TO, _("This account is not in your profile any more."));
			return true;
		}
		return false;
	default:
		break;
	}
	app_reply_text(app, reply, text, sizeof(text));
	if (strstr(f, ".amount")) {
		money_form_error(&tf, F_AMOUNT, text);
		return true;
	}
	if (strstr(f, ".accountId")) {
		money_form_error(&tf, F_TO, text);
		return true;
	}
	if (!strcmp(f, "fromAccountId")) {
		money_form_error(&tf, F_FROM, text);
		return true;
	}
	return false;
}

/* --- the screen --- */

static void tf_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[256], k1[32], k2[32];
	int y = 0;

	money_form_show(app, &tf);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, _("Transfer between your accounts"));
	keys_first(KEYMAP_PAYMENTS, ACT_PREV_ACCOUNT, k1, sizeof(k1));
	keys_first(KEYMAP_PAYMENTS, ACT_NEXT_ACCOUNT, k2, sizeof(k2));
	snprintf(line, sizeof(line), _("On an account field %s and %s choose another one."), k1,
		 k2);
	if (y < rows)
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	y++;
	money_form_draw_fields(&tf, pane, y, rows, cols);
}

static void tf_reload(struct app *app)
{
	const char *ids[2] = { tf.account[FROM], tf.account[TO] };

	ui_moved(app, UI_MOVED_BALANCES, ids, 2);
}

void transfer_show(struct app *app, const char *from_account_id)
{
	const struct account *a = pay_form_account(app, ACT_TRANSFER, from_account_id);

	if (!a)
		return;
	if (app->accounts.n < 2) {
		ui_message(UI_MSG_INFO, "%s", _("A transfer needs two accounts, and this profile has fewer."));
		return;
	}
	snprintf(tf.account[FROM], sizeof(tf.account[FROM]), "%s", a->id);
	tf.account[TO][0] = '\0';
	cycle(app, tf.account[TO], sizeof(tf.account[TO]), tf.account[FROM], 1);
	money_form_push(&tf);
}

static const struct ui_hint tf_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("transfer") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_key_doc tf_keys[] = {
	{ N_("Space, Left, Right, ], ["), N_("Another account (on the From account and To account lines)"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the amount"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

/* The balances read again, and the source's shown, after an outcome not known. */
static void reread(struct app *app, struct money_form *mf)
{
	money_form_show(app, mf);
}

static const struct money_form_desc transfer_desc = {
	.screen = &transfer_screen,
	.act = ACT_TRANSFER,
	.method = "transferFunds",
	.accounts = 2,
	.choices = 2,
	.labels = { N_("From account"), N_("To account"), N_("Amount (RUB)"), N_("Transfer") },
	.rule = { NUMBER_MONEY, PAY_AMOUNT_MIN, PAY_AMOUNT_MAX },
	.moved = UI_MOVED_MONEY,
	.mismatch_field = F_SEND,
	.mismatch_text = N_("An earlier try of this transfer may have gone through: check the "
			    "balances, then press Enter to send it as a new transfer."),
	.keys = tf_keys,
	.choose = choose,
	.check = check,
	.left = left,
	.ready = ready,
	.confirm = confirm,
	.done = done,
	.refused = refused,
	.reread = reread,
};

MONEY_FORM_CALLBACKS(tf)

static const struct screen_ops transfer_screen = {
	.name = "payments",
	.title = N_("Transfer between your accounts"),
	.keymap = KEYMAP_PAYMENTS,
	MONEY_FORM_OPS(tf),
	.draw = tf_draw,
	.reload = tf_reload,
	.hints = tf_hints,
};
