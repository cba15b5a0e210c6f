/* Screen 5, Autopay: every rule of every account on the list view — account, kind and
 * figures in words, card, on or off, the last run (a declined one stands out), and what
 * happens next at today's balance and fees — with the selected rule told in full
 * under the list. a creates (autopay_form.c), e edits, Space turns a rule on or off,
 * d deletes; each confirmed, through the one change path. The fee of each 1st to come
 * is billing's replay of the services of the accounts with rules (getServiceInfo: a
 * pending tariff change, a voluntary block's end), as the chart's forecast counts it;
 * until every service of an account is in, its fee now (getPromisedPaymentOffer) is
 * counted on every 1st, and a reload keeps the plans it had until their new answers
 * come, so "Next" never shows a figure from half the services. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/apierr.h"
#include "kabinet/model/autopay.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/date.h"
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/sums.h"

enum { R_ACCOUNTS, R_RULES, R_CARDS, R_BALANCE, R_OFFER, R_SERVICE };
enum col { COL_MARK, COL_ACCOUNT, COL_KIND, COL_RULE, COL_CARD, COL_STATE, COL_LAST, COL_NEXT,
	   COL_COUNT };

/* The widths from which the card and the last run have a column of their own (they are
 * always under the list, for the selected rule). */
#define CARD_COLS 120
#define LAST_COLS 150

/* Rows the selected rule's details take under the list. */
#define DETAIL_ROWS 6

/* An account's fee and the server's today, from getPromisedPaymentOffer (maxAmount is
 * the monthly fee; expiresOn is today + days). */
struct fee {
	char account[64];
	bool known;
	int64_t fee;
	char today[11];
};

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct ap_rules rules;
	bool known;
	struct card_list cards;
	bool cards_known;
	struct fee *fees;
	size_t nfees;
	struct ap_fee_book book;	/* the services of the accounts with rules */
	bool got_accounts, got_rules;	/* both of this load in: the book is asked for */
	bool open;
	int cols;			/* the pane's width at the last draw */
} ap;

static struct fee *fee_of(const char *account_id)
{
	for (size_t i = 0; i < ap.nfees; i++)
		if (!strcmp(ap.fees[i].account, account_id))
			return &ap.fees[i];
	return NULL;
}

static void load(struct app *app)
{
	ui_load_begin(&ap.load);
	ap.got_accounts = ap.got_rules = false;
	ui_load_accounts(app, &ap.load, R_ACCOUNTS);
	ui_load_call(app, &ap.load, "getAutopayRules", model_body_empty(), R_RULES, NULL);
	ui_load_cards(app, &ap.load, R_CARDS);
}

/* Round two, once the accounts are known: today's balance and fee of each. */
static void load_accounts(struct app *app)
{
	struct fee *fees = calloc(app->accounts.n + 1, sizeof(*fees));

	if (!fees)
		return;
	for (size_t i = 0; i < app->accounts.n; i++) {
		const struct account *a = &app->accounts.items[i];
		const struct fee *old = fee_of(a->id);
		if (old)
			fees[i] = *old;
		snprintf(fees[i].account, sizeof(fees[i].account), "%s", a->id);
		ui_load_call(app, &ap.load, "getAccountBalanceV2", model_body_account(a->id),
			     R_BALANCE, a->id);
		ui_load_call(app, &ap.load, "getPromisedPaymentOffer", model_body_account(a->id),
			     R_OFFER, a->id);
	}
	free(ap.fees);
	ap.fees = fees;
	ap.nfees = app->accounts.n;
}

/* Round three, once the accounts and the rules are in: the services of the accounts
 * with rules; the plans already known stay until their new answers replace them. */
static void load_plans(struct app *app)
{
	struct ap_fee_book fresh;

	if (!ap.got_accounts || !ap.got_rules ||
	    !ap_fee_book_make(&fresh, &app->accounts, ap_rules_have_account, &ap.rules))
		return;
	for (size_t i = 0; i < fresh.n; i++)
		for (size_t j = 0; j < ap.book.n && !fresh.known[i]; j++)
			if (ap.book.known[j] && !strcmp(ap.book.service[j], fresh.service[i])) {
				fresh.plans[i] = ap.book.plans[j];
				fresh.known[i] = true;
			}
	ap_fee_book_free(&ap.book);
	ap.book = fresh;
	ui_load_plans(app, &ap.load, R_SERVICE, &ap.book);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	const struct account *a = key ? app_find_account(app, key) : NULL;

	switch (kind) {
	case R_ACCOUNTS:
		snprintf(buf, size, "%s", _("The list of accounts"));
		break;
	case R_RULES:
		snprintf(buf, size, "%s", _("The autopay rules"));
		break;
	case R_CARDS:
		snprintf(buf, size, "%s", _("The bound cards"));
		break;
	case R_BALANCE:
		snprintf(buf, size, _("The balance of %s"), a ? a->number : "?");
		break;
	case R_SERVICE:
		snprintf(buf, size, "%s", _("A service's tariff and options"));
		break;
	default:
		snprintf(buf, size, _("The monthly fee of %s"), a ? a->number : "?");
		break;
	}
}

static void take_rules(struct app *app, const char *body, struct ap_rules *fresh)
{
	struct autopay_list declined;
	struct model_err err;

	model_free_autopay_rules(&ap.rules);
	ap.rules = *fresh;
	ap.known = true;
	ui_list_set_rows(&ap.list, ap.rules.n, false);
	ui_list_changed(&ap.list);
	/* The overview's warnings follow at once. */
	if (model_parse_declined_autopay(body, &declined, &err) == MODEL_OK) {
		model_free_autopay(&app->autopay_declined);
		app->autopay_declined = declined;
	}
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;
	bool ok = true;

	switch (kind) {
	case R_ACCOUNTS:
		if (ui_load_took_accounts(app, &ap.load, kind, key, reply)) {
			load_accounts(app);
			ap.got_accounts = true;
			load_plans(app);
		}
		break;
	case R_RULES: {
		struct ap_rules fresh;
		ok = model_parse_autopay_rules(reply->body, &fresh, &err) == MODEL_OK;
		if (ok) {
			take_rules(app, reply->body, &fresh);
			ap.got_rules = true;
			load_plans(app);
		}
		break;
	}
	case R_SERVICE:
		ui_load_took_plan(app, &ap.load, kind, key, reply, &ap.book);
		break;
	case R_CARDS:
		ui_load_took_cards(app, &ap.load, kind, key, reply, &ap.cards, &ap.cards_known);
		break;
	case R_BALANCE:
		ok = app_take_balance(app, key, reply->body, NULL, &err);
		break;
	case R_OFFER: {
		struct fee *f = fee_of(key);
		struct promise_offer o;
		int64_t today;
		ok = model_parse_promise_offer(reply->body, &o, &err) == MODEL_OK;
		today = ok ? ap_date_days(o.expires_on) : INT64_MIN;
		if (ok && f && today != INT64_MIN) {
			if (!(ok = sums_days_back(today, o.days, &today))) {
				snprintf(err.msg, sizeof(err.msg), "%s", sums_beyond_text());
				break;
			}
			f->fee = o.max_amount;
			ap_days_date(today, f->today);
			f->known = true;
		}
		break;
	}
	}
	if (!ok)
		ui_load_bad_reply(app, &ap.load, kind, key, err.msg);
	ui_list_changed(&ap.list);
}

const struct ap_rules *autopay_rules(void)
{
	return &ap.rules;
}

bool autopay_account_state(struct app *app, const char *account_id, struct ap_account_state *out)
{
	const struct account *a = app_find_account(app, account_id);
	const struct fee *f = fee_of(account_id);

	memset(out, 0, sizeof(*out));
	if (!a || !f || !f->known || !a->bal.known)
		return false;
	snprintf(out->today, sizeof(out->today), "%s", f->today);
	out->balance = a->bal.balance;
	out->fee = f->fee;
	out->credit = a->credit;
	if (!ap_fee_book_account(&ap.book, account_id, &out->plans, &out->nplans))
		out->plans = NULL;
	if (a->bal.has_promised) {
		out->promised = a->bal.promised_amount;
		/* The start of the day billing takes it back: its date is that day. */
		snprintf(out->promised_back, sizeof(out->promised_back), "%.10s",
			 a->bal.promised_expires);
	}
	return true;
}

void autopay_changed(struct app *app)
{
	if (ap.open)
		load(app);
}

static void next_of(struct app *app, const struct ap_rule *r, struct ap_next *n)
{
	struct ap_account_state s;

	if (!autopay_account_state(app, r->account_id, &s))
		s.today[0] = '\0';
	ap_next(r, &s, n);
}

static bool card_gone(const struct ap_rule *r)
{
	if (!ap.cards_known)
		return false;
	for (size_t i = 0; i < ap.cards.n; i++)
		if (!strcmp(ap.cards.items[i].id, r->card_id))
			return false;
	return true;
}

/* --- the list --- */

static const struct ap_rule *selected(void)
{
	return ap.known && ap.list.sel < ap.rules.n ? &ap.rules.items[ap.list.sel] : NULL;
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	struct app *app = ud;
	const struct ap_rule *r = row < ap.rules.n ? &ap.rules.items[row] : NULL;
	const struct account *a;
	struct ap_next n;

	buf[0] = '\0';
	if (!r)
		return;
	switch ((enum col)col) {
	case COL_MARK:
		snprintf(buf, size, "%s", r->has_last && r->last_declined ? "!" : "");
		break;
	case COL_KIND:
		snprintf(buf, size, "%s", ap_kind_text(r->kind));
		break;
	case COL_ACCOUNT:
		a = app_find_account(app, r->account_id);
		snprintf(buf, size, "%s", a ? a->number : "?");
		break;
	case COL_RULE:
		ap_rule_words(r, ui_money, buf, size);
		break;
	case COL_CARD:
		snprintf(buf, size, "%s", r->card_mask);
		break;
	case COL_STATE:
		snprintf(buf, size, "%s", r->enabled ? _("enabled") : _("disabled"));
		break;
	case COL_LAST:
		ap_last_words(r, ui_money, buf, size);
		break;
	case COL_NEXT:
		next_of(app, r, &n);
		ap_next_words(&n, r->kind, ui_money, buf, size);
		break;
	case COL_COUNT:
		break;
	}
}

/* The rule and the next run in fewer words, their sums whole, where the column is
 * narrow. */
static void list_brief(void *ud, size_t row, int col, char *buf, size_t size)
{
	struct app *app = ud;
	struct ap_next n;

	if (row >= ap.rules.n)
		return;
	if (col == COL_RULE) {
		ap_rule_brief(&ap.rules.items[row], ui_money, buf, size);
	} else if (col == COL_NEXT) {
		next_of(app, &ap.rules.items[row], &n);
		ap_next_brief(&n, ap.rules.items[row].kind, ui_money, buf, size);
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	const struct ap_rule *r = row < ap.rules.n ? &ap.rules.items[row] : NULL;

	(void)ud;
	if (!r)
		return AREA_DEFAULT;
	if ((col == COL_LAST || col == COL_MARK) && r->has_last && r->last_declined)
		return AREA_ERROR;
	if (col == COL_STATE && !r->enabled)
		return AREA_WARNING;
	return AREA_DEFAULT;
}

static bool card_hidden(void *ud)
{
	(void)ud;
	return ap.cols < CARD_COLS;
}

static bool last_hidden(void *ud)
{
	(void)ud;
	return ap.cols < LAST_COLS;
}

/* The words of the rule are cut first, to their brief form (the selected rule is told
 * whole under the list), then the next run's; a declined last run is marked with "!"
 * in a column of its own. */
static const struct ui_col ap_cols[COL_COUNT] = {
	[COL_MARK] = { .title = "!", .align = UI_LEFT, .width = 1 },
	[COL_ACCOUNT] = { .title = N_("Account"), .align = UI_LEFT },
	[COL_KIND] = { .title = N_("Kind"), .align = UI_LEFT },
	[COL_RULE] = { .title = N_("Rule"), .align = UI_LEFT, .drop = 2, .min = 16 },
	[COL_CARD] = { .title = N_("Card"), .align = UI_LEFT, .drop = 3, .hidden = card_hidden },
	[COL_STATE] = { .title = N_("State"), .align = UI_LEFT },
	[COL_LAST] = { .title = N_("Last run"), .align = UI_LEFT, .drop = 4, .hidden = last_hidden },
	[COL_NEXT] = { .title = N_("Next"), .align = UI_LEFT, .drop = 1, .min = 20 },
};

static const struct ui_list_ops ap_list_ops = {
	.cell = list_cell,
	.area = list_area,
	.brief = list_brief,
};

/* --- on, off and delete --- */

static void changed(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)reply, (void)ud;
	autopay_changed(app);
}

static void settle(struct app *app, void *ud)
{
	(void)ud;
	autopay_changed(app);
}

static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	if (reply->err == APIERR_NOT_FOUND) {
		ui_message(UI_MSG_WARNING, "%s",
			   _("The rule is not there any more: the list is read again."));
		autopay_changed(app);
		return true;
	}
	return false;
}

/* "590000000001, monthly: on the 10th, top up to 1 500,00 ₽, card 2200 00** **** 0004" */
static void rule_line(struct app *app, const struct ap_rule *r, char *buf, size_t size)
{
	const struct account *a = app_find_account(app, r->account_id);
	char words[256];

	ap_rule_words(r, ui_money, words, sizeof(words));
	snprintf(buf, size, _("Account %s, %s rule:\n%s;\ncard %s."), a ? a->number : "?",
		 ap_kind_text(r->kind), words, r->card_mask);
}

static void toggle(struct app *app, const struct ap_rule *r)
{
	struct ui_change ch = { .act = ACT_AUTOPAY_TOGGLE, .method = "updateAutopayRule",
				.done = changed, .refused = refused, .settle = settle };
	const struct account *a = app_find_account(app, r->account_id);
	char line[512];

	rule_line(app, r, line, sizeof(line));
	/* An enabled rule is turned off, a disabled one on. */
	snprintf(ch.question, sizeof(ch.question),
		 r->enabled ? _("Turn off the %s autopay rule of account %s?")
			    : _("Turn on the %s autopay rule of account %s?"),
		 ap_kind_text(r->kind), a ? a->number : "?");
	snprintf(ch.detail, sizeof(ch.detail),
		 r->enabled ? _("%s\nBilling will skip it until it is turned on again.")
			    : _("%s\nBilling will run it again."), line);
	snprintf(ch.done_msg, sizeof(ch.done_msg),
		 r->enabled ? _("The %s rule of %s is off.") : _("The %s rule of %s is on."),
		 ap_kind_text(r->kind), a ? a->number : "?");
	ch.body = model_body_autopay_enable(r->id, !r->enabled);
	ui_change(app, &ch);
}

static void delete_rule(struct app *app, const struct ap_rule *r)
{
	struct ui_change ch = { .act = ACT_AUTOPAY_DELETE, .method = "deleteAutopayRule",
				.done = changed, .refused = refused, .settle = settle };
	const struct account *a = app_find_account(app, r->account_id);
	char line[512];

	rule_line(app, r, line, sizeof(line));
	snprintf(ch.question, sizeof(ch.question), _("Delete the %s autopay rule of account %s?"),
		 ap_kind_text(r->kind), a ? a->number : "?");
	snprintf(ch.detail, sizeof(ch.detail),
		 _("%s\nBilling will not pay with it any more; a rule of this kind\n"
		   "can be created again."), line);
	snprintf(ch.done_msg, sizeof(ch.done_msg), _("The %s rule of %s is deleted."),
		 ap_kind_text(r->kind), a ? a->number : "?");
	ch.body = model_body_autopay_delete(r->id);
	ui_change(app, &ch);
}

/* --- the screen --- */

/* "Next: on 10.01: 2 039,50 ₽ (at today's balance of X and a monthly fee of Y)", the
 * fee that moves before the run (a pending tariff, a block's end) told with its day. */
static void next_line(const struct ap_account_state *s, const struct ap_next *n,
		      const char *words, char *line, size_t size)
{
	char m1[64], m2[64], m3[64], when[48];
	int64_t today = ap_date_days(s->today), fee = s->fee, day, then;

	ui_money(s->balance, m1, sizeof(m1));
	if (s->plans && ap_fee_on(s->plans, s->nplans, today, &fee) &&
	    ap_fee_change(s->plans, s->nplans, today, ap_date_days(n->date), &day, &then)) {
		date_text(day, true, when, sizeof(when));
		snprintf(line, size,
			 _("Next: %s (at today's balance of %s and a monthly fee of %s, %s from %s)."),
			 words, m1, ui_money(fee, m2, sizeof(m2)), ui_money(then, m3, sizeof(m3)), when);
	} else {
		snprintf(line, size, _("Next: %s (at today's balance of %s and a monthly fee of %s)."),
			 words, m1, ui_money(fee, m2, sizeof(m2)));
	}
}

/* The selected rule in full, from y, in `rows` rows. */
static void draw_detail(struct app *app, WINDOW *pane, int y, int rows, int cols,
			const struct ap_rule *r)
{
	const struct account *a = app_find_account(app, r->account_id);
	struct ap_account_state s;
	struct ap_next n;
	char line[1024], words[256];
	int end = y + rows;

	snprintf(line, sizeof(line), _("Account %s · %s rule · %s"), a ? a->number : "?",
		 ap_kind_text(r->kind), r->enabled ? _("enabled") : _("disabled (billing skips it)"));
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, line);
	ap_rule_words(r, ui_money, words, sizeof(words));
	snprintf(line, sizeof(line), _("Rule: %s; paid with card %s."), words, r->card_mask);
	y += ui_put_wrapped(pane, y, 1, cols - 2, end - y, AREA_DEFAULT, line);
	if (y >= end)
		return;
	ap_last_words(r, ui_money, words, sizeof(words));
	if (r->has_last && r->last_declined) {
		snprintf(line, sizeof(line), _("Last run: ! %s: %s."), words,
			 pay_decline_text(r->last_reason[0] ? r->last_reason
					  : card_gone(r)   ? "CARD_DELETED"
							   : NULL));
		y += ui_put_wrapped(pane, y, 1, cols - 2, end - y, AREA_ERROR, line);
	} else {
		snprintf(line, sizeof(line), _("Last run: %s."), words);
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
	if (y >= end)
		return;
	next_of(app, r, &n);
	ap_next_words(&n, r->kind, ui_money, words, sizeof(words));
	if (n.kind == AP_NEXT_RUNS && autopay_account_state(app, r->account_id, &s))
		next_line(&s, &n, words, line, sizeof(line));
	else
		snprintf(line, sizeof(line), _("Next: %s."), words);
	ui_put_wrapped(pane, y, 1, cols - 2, end - y, AREA_DEFAULT, line);
}

static void ap_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct ap_rule *r = selected();
	char line[1024], key[64];
	int y = 0, list_rows, detail;

	if (ap.cols != cols) {
		ap.cols = cols;
		ui_list_changed(&ap.list);
	}
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&ap.load, ap.known, _("Autopay rules"), _("Autopay rules"), line,
				   sizeof(line)));
	y++;
	if (!ap.known) {
		ui_load_draw_wait(pane, y, cols, &ap.load, _("Loading the autopay rules..."));
		return;
	}
	if (ap.rules.n == 0) {
		keys_for_action(KEYMAP_AUTOPAY, ACT_AUTOPAY_CREATE, key, sizeof(key));
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("No autopay rules yet."));
		snprintf(line, sizeof(line),
			 _("Press %s to create one: a payment when the balance falls below a figure, "
			   "a monthly top-up, or the debt of a credit account on the billing day."),
			 key[0] ? key : "a");
		if (!app_read_only(app))
			y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT, line);
	} else {
		detail = rows - y >= DETAIL_ROWS + 4 ? DETAIL_ROWS : 0;
		list_rows = rows - y - (detail ? detail + 1 : 0) - (ap.load.failed ? 1 : 0);
		ui_list_draw(&ap.list, pane, y, list_rows, cols);
		if (detail && r) {
			ui_hline(pane, rows - detail - 1 - (ap.load.failed ? 1 : 0), 0, cols);
			draw_detail(app, pane, rows - detail - (ap.load.failed ? 1 : 0), detail, cols, r);
		}
	}
	if (ap.load.failed && rows > y + 1)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&ap.load, line, sizeof(line)));
}

static enum ui_key_result ap_key(struct app *app, enum action act, int key)
{
	const struct ap_rule *r = selected();

	(void)key;
	switch (act) {
	case ACT_AUTOPAY_CREATE:
		if (!ap.known)
			ui_message(UI_MSG_INFO, "%s", _("Wait until the rules have loaded."));
		else
			autopay_form_show(app, NULL);
		return UI_DONE;
	case ACT_AUTOPAY_EDIT:
	case ACT_AUTOPAY_TOGGLE:
	case ACT_AUTOPAY_DELETE:
		if (!r) {
			ui_message(UI_MSG_INFO, "%s", ap.known ? _("There is no autopay rule to change.")
							       : _("Wait until the rules have loaded."));
			return UI_DONE;
		}
		if (act == ACT_AUTOPAY_EDIT)
			autopay_form_show(app, r);
		else if (act == ACT_AUTOPAY_TOGGLE)
			toggle(app, r);
		else
			delete_rule(app, r);
		return UI_DONE;
	default:
		if (ui_list_key(&ap.list, act)) {
			ui_dirty(UI_DIRTY_PANE);
			return UI_DONE;
		}
		return UI_PASS;
	}
}

static void ap_search(struct app *app, const char *text, int dir)
{
	(void)app;
	ui_list_search_say(&ap.list, ui_list_search(&ap.list, text, dir, opt.wrap_search), dir);
}

static void ap_open(struct app *app)
{
	ap.load.done = loaded;
	ap.load.what = what_of;
	ap.open = true;
	ui_list_init(&ap.list, ap_cols, COL_COUNT, &ap_list_ops, app);
	ui_list_set_rows(&ap.list, ap.rules.n, false);
	load(app);
}

static void ap_close(struct app *app)
{
	(void)app;
	ui_load_drop(&ap.load);
	model_free_autopay_rules(&ap.rules);
	model_free_cards(&ap.cards);
	free(ap.fees);
	ap.fees = NULL;
	ap.nfees = 0;
	ap_fee_book_free(&ap.book);
	ap.known = ap.cards_known = false;
	ap.open = false;
}

static void ap_reload(struct app *app)
{
	load(app);
}

static const struct ui_hint ap_hints[] = {
	{ ACT_AUTOPAY_CREATE, N_("create") },
	{ ACT_AUTOPAY_EDIT, N_("edit") },
	{ ACT_AUTOPAY_TOGGLE, N_("on/off") },
	{ ACT_AUTOPAY_DELETE, N_("delete") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

const struct screen_ops autopay_screen = {
	.name = "autopay",
	.title = N_("Autopay"),
	.keymap = KEYMAP_AUTOPAY,
	.top_level = true,
	.open = ap_open,
	.close = ap_close,
	.draw = ap_draw,
	.key = ap_key,
	.reload = ap_reload,
	.hints = ap_hints,
	.search = ap_search,
	.accepts = ui_list_accepts,
};
