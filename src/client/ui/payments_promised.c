/* A promised payment (getPromisedPaymentOffer, activatePromisedPayment) over screen 4:
 * the offer in words — up to the monthly fee, for how many days, taken back on which
 * date — or why there is none; an amount field prefilled with the most, checked as it
 * is typed; taken through the one change path with the intent's idempotency key,
 * replayed after a lost answer. ] and [ go to the next and previous account. */
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

#include <inttypes.h>
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

struct sent {
	unsigned gen;
	char account[64];
	int64_t amount;
	char back_on[16];		/* the offer's expiresOn */
};

static struct {
	unsigned gen;
	bool open;
	char account[64];
	struct ui_loader load;
	struct promise_offer offer;
	bool known;
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	int cy, cx;
	struct pay_intent intent;
	struct sent last;
	uint64_t print;		/* of the amount as the form opened or was filled */
} pp;

/* The amount as the field takes it back: 550, 550,50 / 550.50. */
static void amount_text(int64_t k, char *buf, size_t size)
{
	if (k % 100 == 0)
		snprintf(buf, size, "%" PRId64, k / 100);
	else
		snprintf(buf, size, "%" PRId64 "%s%02" PRId64, k / 100,
			 i18n_money_style() == MONEY_RU ? "," : ".", k % 100);
}

static void prefill(void)
{
	char text[32];

	amount_text(pp.offer.max_amount, text, sizeof(text));
	ui_edit_set(&pp.fields[F_AMOUNT].edit, text);
	pp.fields[F_AMOUNT].error[0] = '\0';
	pp.form.focus = F_AMOUNT;
	pp.print = ui_form_print(&pp.form, 0);
}

static void load(struct app *app)
{
	ui_load_begin(&pp.load);
	if (pp.account[0])
		ui_load_call(app, &pp.load, "getPromisedPaymentOffer", model_body_account(pp.account),
			     R_OFFER, pp.account);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	const struct account *a = app_find_account(app, key);

	(void)kind;
	snprintf(buf, size, _("The promised payment offer of account %s"), a ? a->number : "?");
}

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
	if (o.available)
		prefill();
}

/* The amount typed, checked against the offer. */
static bool amount_of(int64_t *out, char *err, size_t size)
{
	const struct number_rule rule = { NUMBER_MONEY, pp.offer.min_amount, pp.offer.max_amount };
	char text[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&pp.fields[F_AMOUNT].edit, text, sizeof(text));
	return number_take(text, &rule, out, err, size) == NUMBER_OK;
}

static void validate(struct ui_form *form, size_t i, void *ud)
{
	int64_t k;

	(void)form, (void)ud;
	if (i == F_AMOUNT)
		amount_of(&k, pp.fields[F_AMOUNT].error, sizeof(pp.fields[F_AMOUNT].error));
}

static bool ours(const struct sent *s)
{
	return s && pp.open && s->gen == pp.gen && !strcmp(s->account, pp.account);
}

static void money_moved(struct app *app, const struct sent *s)
{
	const char *ids[1] = { s->account };

	ui_moved(app, UI_MOVED_MONEY, ids, 1);
}

static void done(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	struct account *a = app_find_account(app, s->account);
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
	money_moved(app, s);
	if (ours(s)) {
		pay_intent_new(&pp.intent);
		if (ui_front() == &promised_screen)
			ui_pop();
	}
}

static void settle(struct app *app, void *ud)
{
	const struct sent *s = ud;

	money_moved(app, s);
	if (ours(s)) {
		pp.intent.stored = true;
		load(app);
	}
}

static void field_error(const char *text)
{
	text_copy(pp.fields[F_AMOUNT].error, sizeof(pp.fields[F_AMOUNT].error), text);
	ui_form_focus(&pp.form, F_AMOUNT);
	ui_dirty(UI_DIRTY_PANE);
}

static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	const struct account *a = app_find_account(app, s->account);
	char text[512], why[384];

	switch (reply->err) {
	case APIERR_LIMIT_EXCEEDED:
		ui_message(UI_MSG_WARNING, _("No promised payment on account %s: %s."),
			   a ? a->number : "?", promise_reason_text("ALREADY_USED_THIS_MONTH"));
		if (ours(s))
			load(app);
		return true;
	case APIERR_CONFLICT:
		/* The offer changed meanwhile: it is read again and says why in words. */
		ui_message(UI_MSG_WARNING, _("No promised payment on account %s: %s"),
			   a ? a->number : "?", app_reply_text(app, reply, why, sizeof(why)));
		if (ours(s))
			load(app);
		return true;
	case APIERR_IDEMPOTENCY_MISMATCH:
		if (!ours(s))
			return false;
		pay_intent_new(&pp.intent);
		money_moved(app, s);
		load(app);
		field_error(_("An earlier try may have gone through: the offer is read again."));
		return true;
	default:
		break;
	}
	if (ours(s) && reply->field && !strcmp(reply->field, "amount")) {
		field_error(app_reply_text(app, reply, text, sizeof(text)));
		return true;
	}
	return false;
}

static void submit(struct app *app)
{
	const struct account *a = app_find_account(app, pp.account);
	struct ui_change c = { .act = ACT_PROMISED_PAYMENT, .method = "activatePromisedPayment",
			       .done = done, .refused = refused, .settle = settle, .ud_free = free,
			       .replay = true };
	struct sent *s;
	char sum[64], date[32];
	int64_t k = 0;

	if (!a || !pp.known || !pp.offer.available)
		return;
	if (ui_change_busy()) {
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return;
	}
	if (!amount_of(&k, pp.fields[F_AMOUNT].error, sizeof(pp.fields[F_AMOUNT].error))) {
		ui_form_focus(&pp.form, F_AMOUNT);
		return;
	}
	if (!pay_intent_ready(&pp.intent, strcmp(pp.last.account, pp.account) || pp.last.amount != k))
		return;
	if (!(s = calloc(1, sizeof(*s)))) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	s->gen = pp.gen;
	snprintf(s->account, sizeof(s->account), "%s", pp.account);
	s->amount = k;
	snprintf(s->back_on, sizeof(s->back_on), "%s", pp.offer.expires_on);
	pp.last = *s;

	ui_money(k, sum, sizeof(sum));
	ui_date(pp.offer.expires_on, false, date, sizeof(date));
	snprintf(c.question, sizeof(c.question), _("Take a promised payment of %s on account %s?"),
		 sum, a->number);
	snprintf(c.detail, sizeof(c.detail),
		 _("%s, %s.\nThe money goes on the balance at once; on %s the same amount\n"
		   "is taken back from the balance."),
		 a->number, a->region, date);
	c.body = model_body_promise(pp.account, k, pp.intent.key);
	c.pi = &pp.intent;
	{
		struct pay_item item = { .amount = k };
		snprintf(item.account_id, sizeof(item.account_id), "%s", pp.account);
		ui_intent_make(app, &c.intent, INTENT_PROMISED, NULL, &item, 1, NULL);
	}
	c.ud = s;
	ui_change(app, &c);
}

/* The first key of an action in the payments keymap ("]" of "], Right"). */
/* --- the screen --- */

static void pp_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct account *a = app_find_account(app, pp.account);
	char line[1024], title[512], a1[64], a2[64], date[32], k1[32], k2[32];
	int y = 0, cy, cx;

	pp.cy = pp.cx = -1;
	if (!a) {
		ui_put(pane, 1, 1, cols - 2, UI_LEFT, AREA_DEFAULT,
		       _("This account is not in the list any more."));
		return;
	}
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
	y += 2;
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
	y++;
	ui_form_draw(pane, y, 1, cols - 2, &pp.form, &cy, &cx);
	if (cy >= 0 && cy < rows) {
		pp.cy = cy;
		pp.cx = cx;
	}
}

static void other_account(struct app *app, int dir)
{
	size_t n = app->accounts.n, i;

	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		if (!strcmp(app->accounts.items[i].id, pp.account))
			break;
	i = i == n ? 0 : (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(pp.account, sizeof(pp.account), "%s", app->accounts.items[i].id);
	pp.known = false;
	pay_intent_new(&pp.intent);
	load(app);
	ui_dirty(UI_DIRTY_PANE);
}

static enum ui_key_result pp_key(struct app *app, enum action act, int key)
{
	enum ui_form_result r;
	bool form = pp.known && pp.offer.available;

	/* Money waiting to be sent again stops first; a request in flight is cancelled by
	 * the engine. Either way the outcome is then not known, and said so. */
	if (act == ACT_CANCEL && ui_change_stop(app))
		return UI_DONE;
	if (act == ACT_CANCEL && ui_change_busy())
		return UI_PASS;
	if (act == ACT_CANCEL || (act == ACT_BACK && (!form || !ui_key_is_text(key)))) {
		ui_pop();
		return UI_DONE;
	}
	/* ] and [ change the account; the arrows stay the field's. */
	if ((act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT) && key != KEY_LEFT &&
	    key != KEY_RIGHT) {
		other_account(app, act == ACT_NEXT_ACCOUNT ? 1 : -1);
		return UI_DONE;
	}
	if (!form) {
		if (act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT) {
			other_account(app, act == ACT_NEXT_ACCOUNT ? 1 : -1);
			return UI_DONE;
		}
		if (act == ACT_PROMISED_PAYMENT || act == ACT_ENTER)
			return UI_DONE;
		return payments_run(app, act, pp.account) ? UI_DONE : UI_PASS;
	}
	r = ui_form_key(&pp.form, act, key);
	/* Checked as it is typed. */
	if (r == UI_FORM_HANDLED && pp.form.focus == F_AMOUNT && ui_key_is_text(key))
		validate(&pp.form, F_AMOUNT, NULL);
	else if (r == UI_FORM_HANDLED && pp.form.focus == F_AMOUNT &&
		 (key == KEY_BACKSPACE || key == KEY_DC || key == 127 || key == 8))
		validate(&pp.form, F_AMOUNT, NULL);
	if (r == UI_FORM_SUBMIT)
		submit(app);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return r == UI_FORM_PASS && (!ui_key_is_text(key) || act == ACT_HELP) ? UI_PASS : UI_DONE;
}

static bool pp_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (pp.cy < 0 || !pp.known || !pp.offer.available || pp.form.focus != F_AMOUNT)
		return false;
	*y = pp.cy;
	*x = pp.cx;
	return true;
}

static void pp_open(struct app *app)
{
	/* Money sent earlier and never settled is asked about first. */
	ui_intents_settle(app);
	memset(pp.fields, 0, sizeof(pp.fields));
	pp.fields[F_AMOUNT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Amount (RUB)") };
	pp.fields[F_AMOUNT].edit.max = NUMBER_TEXT_MAX;
	pp.fields[F_TAKE] = (struct ui_field){ .kind = UI_FIELD_BUTTON,
					       .label = N_("Take the promised payment") };
	pp.form = (struct ui_form){ pp.fields, F_COUNT, F_AMOUNT, validate, NULL };
	pp.load.done = loaded;
	pp.load.what = what_of;
	pp.known = false;
	pp.gen++;
	pp.open = true;
	pp.print = ui_form_print(&pp.form, 0);
	load(app);
}

static bool pp_typed(struct app *app)
{
	(void)app;
	return pp.open && !pay_intent_sent(&pp.intent) && ui_form_print(&pp.form, 0) != pp.print;
}

static void pp_close(struct app *app)
{
	ui_intent_leave(app, &pp.intent);
	ui_load_drop(&pp.load);
	pp.open = false;
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
	snprintf(pp.account, sizeof(pp.account), "%s", a->id);
	/* A new form is a new intent. */
	pay_intent_new(&pp.intent);
	if (ui_front() == &promised_screen)
		ui_pop();
	ui_push(&promised_screen);
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

/* The form's keys, ] [ for another account, F5. */
static bool pp_accepts(struct app *app, enum action act)
{
	return act == ACT_NEXT_ACCOUNT || act == ACT_PREV_ACCOUNT || act == ACT_REFRESH ||
	       ui_form_accepts(app, act);
}

static const struct ui_key_doc pp_keys[] = {
	{ "] [", N_("Another account"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the amount"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct ui_key_doc *pp_own_keys(struct app *app)
{
	(void)app;
	return pp_keys;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result pp_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, pp.known && pp.offer.available ? &pp.form : NULL, pp_key, text,
				  len);
}

static const struct screen_ops promised_screen = {
	.name = "payments",
	.title = N_("Promised payment"),
	.keymap = KEYMAP_PAYMENTS,
	.text_input = true,
	.open = pp_open,
	.close = pp_close,
	.draw = pp_draw,
	.key = pp_key,
	.reload = pp_reload,
	.cursor = pp_cursor,
	.hints = pp_hints,
	.hints_now = pp_hints_now,
	.typed = pp_typed,
	.accepts = pp_accepts,
	.own_keys = pp_own_keys,
	.paste = pp_paste,
};
