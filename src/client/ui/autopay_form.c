/* Creating and editing an autopay rule over screen 5, in steps: account → kind (only
 * the kinds the account can have: debt on credit accounts, one rule of each kind) →
 * figures, checked against the API's limits as they are typed → card (the bound ones;
 * a new card is bound through the Payments screen's card form) → the confirmation in
 * words, through the one change path. Editing starts at the figures (the card for a
 * debt rule). Esc steps back; the server's refusal is told next to its field with
 * what was typed kept. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/screens.h"
#include "kabinet/ui/steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/model/autopay.h"
#include "kabinet/model/format.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/number.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/text.h"

static const struct screen_ops autopay_form_screen;

enum step { S_ACCOUNT, S_KIND, S_FIGURES, S_CARD };
enum { F_DAY, F_THRESHOLD, F_AMOUNT, F_NEXT, F_COUNT };
enum { R_CARDS };

/* What a change was about, so that its answer finds the form it came from. */
struct sent {
	unsigned gen;
	bool edit;
};

static struct {
	bool open;
	unsigned gen;
	bool edit;
	struct ap_rule rule;		/* the rule edited, or the one being made */
	struct ui_steps steps;
	enum step first;
	size_t sel;			/* the selected line of a list step */
	enum ap_kind kinds[AP_KIND_COUNT];
	size_t nkinds;
	struct ui_field fields[F_COUNT];
	struct ui_form form;
	struct ui_loader load;
	struct card_list cards;
	bool cards_known;
	char want_card[64];		/* the card to select once the cards come */
	char error[512];		/* the refusal of a list step, next to it */
	uint64_t print;		/* of the figures as they were filled */
} af;

/* The kinds the account can still have: not taken, and debt only on credit. */
static size_t kinds_open(const struct account *a, enum ap_kind *out)
{
	size_t n = 0;

	for (int k = 0; k < AP_KIND_COUNT; k++) {
		if (k == AP_DEBT && !a->credit)
			continue;
		if (ap_rules_find(autopay_rules(), a->id, (enum ap_kind)k))
			continue;
		out[n++] = (enum ap_kind)k;
	}
	return n;
}

static void load_cards(struct app *app)
{
	ui_load_begin(&af.load);
	ui_load_cards(app, &af.load, R_CARDS);
}

static void cards_what(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("The bound cards"));
}

static void cards_loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	if (!ui_load_took_cards(app, &af.load, kind, key, reply, &af.cards, &af.cards_known))
		return;
	af.sel = 0;
	for (size_t i = 0; i < af.cards.n; i++)
		if (!strcmp(af.cards.items[i].id, af.want_card))
			af.sel = i;
}

/* --- the figures --- */

static void figures_init(void)
{
	char text[32];

	for (int f = 0; f < F_COUNT; f++) {
		af.fields[f].error[0] = '\0';
		af.fields[f].hidden = false;
	}
	af.fields[F_DAY].hidden = af.rule.kind != AP_MONTHLY;
	af.fields[F_THRESHOLD].hidden = af.rule.kind != AP_THRESHOLD;
	af.fields[F_AMOUNT].label = af.rule.kind == AP_MONTHLY ? N_("Top up to (RUB)")
							       : N_("Pay (RUB)");
	ui_edit_set(&af.fields[F_DAY].edit, "");
	ui_edit_set(&af.fields[F_THRESHOLD].edit, "");
	ui_edit_set(&af.fields[F_AMOUNT].edit, "");
	if (af.edit) {
		snprintf(text, sizeof(text), "%d", af.rule.day);
		ui_edit_set(&af.fields[F_DAY].edit, text);
		number_field_text(af.rule.threshold, i18n_money_style(), text, sizeof(text));
		ui_edit_set(&af.fields[F_THRESHOLD].edit, text);
		number_field_text(af.rule.amount, i18n_money_style(), text, sizeof(text));
		ui_edit_set(&af.fields[F_AMOUNT].edit, text);
	}
	af.form.focus = 0;
	ui_form_focus(&af.form, 0);
	af.print = ui_form_print(&af.form, 0);
}

static bool money_field(int f, int64_t min, int64_t max, int64_t *out)
{
	const struct number_rule rule = { NUMBER_MONEY, min, max };
	struct ui_field *fl = &af.fields[f];
	char text[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&fl->edit, text, sizeof(text));
	return number_take(text, &rule, out, fl->error, sizeof(fl->error)) == NUMBER_OK;
}

static bool day_field(int *out)
{
	static const struct number_rule rule = { NUMBER_WHOLE, AP_DAY_MIN, AP_DAY_MAX };
	struct ui_field *fl = &af.fields[F_DAY];
	char text[UI_EDIT_MAX * 4 + 1];
	int64_t day;

	ui_edit_get(&fl->edit, text, sizeof(text));
	if (number_take(text, &rule, &day, fl->error, sizeof(fl->error)) != NUMBER_OK)
		return false;
	*out = (int)day;
	return true;
}

/* Checks field f (every shown one when f < 0) into af.rule; false when one is wrong. */
static bool figures_check(int f)
{
	struct ap_rule r = af.rule;
	bool ok = true;

	if ((f < 0 || f == F_DAY) && r.kind == AP_MONTHLY)
		ok &= day_field(&r.day);
	if ((f < 0 || f == F_THRESHOLD) && r.kind == AP_THRESHOLD)
		ok &= money_field(F_THRESHOLD, AP_THRESHOLD_MIN, AP_MONEY_MAX, &r.threshold);
	if ((f < 0 || f == F_AMOUNT) && r.kind != AP_DEBT)
		ok &= money_field(F_AMOUNT, AP_AMOUNT_MIN, AP_MONEY_MAX, &r.amount);
	if (ok)
		af.rule = r;
	return ok;
}

static void validate(struct ui_form *form, size_t i, void *ud)
{
	(void)form, (void)ud;
	if (i < F_NEXT)
		figures_check((int)i);
}

/* --- the steps --- */

static void go(struct app *app, enum step s)
{
	ui_steps_go(&af.steps, app, s);
}

/* Arriving at a step: no refusal, the first line selected. */
static void list_enter(struct app *app)
{
	(void)app;
	af.error[0] = '\0';
	af.sel = 0;
}

static void figures_enter(struct app *app)
{
	list_enter(app);
	ui_form_focus(&af.form, af.form.focus < F_NEXT ? af.form.focus : 0);
}

static void card_enter(struct app *app)
{
	list_enter(app);
	snprintf(af.want_card, sizeof(af.want_card), "%s", af.rule.card_id);
	af.cards_known = false;
	load_cards(app);
}

/* Esc: out from the step the form opened at; a debt rule's card back to the kind. */
static void back(struct app *app)
{
	size_t at = af.steps.at;

	if (at == af.first) {
		ui_pop();
		return;
	}
	if (at == S_CARD && af.rule.kind == AP_DEBT)
		go(app, af.edit ? af.first : S_KIND);
	else
		go(app, at - 1);
}

static void after_bind(struct app *app)
{
	if (af.open && af.steps.at == S_CARD) {
		af.want_card[0] = '\0';
		af.cards_known = false;
		load_cards(app);
	}
}

/* --- sending --- */

static bool ours(const struct sent *s)
{
	return s && af.open && s->gen == af.gen;
}

static void done(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;

	(void)reply;
	autopay_changed(app);
	if (ours(s) && ui_front() == &autopay_form_screen)
		ui_pop();
}

static void settle(struct app *app, void *ud)
{
	(void)ud;
	autopay_changed(app);
}

static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	const struct sent *s = ud;
	const char *f = reply->field;
	char text[512];

	if (!ours(s))
		return false;
	app_reply_text(app, reply, text, sizeof(text));
	if (f && (!strcmp(f, "threshold") || !strcmp(f, "amount") || !strcmp(f, "day"))) {
		int i = !strcmp(f, "day") ? F_DAY : !strcmp(f, "threshold") ? F_THRESHOLD : F_AMOUNT;
		go(app, S_FIGURES);
		text_copy(af.fields[i].error, sizeof(af.fields[i].error), text);
		ui_form_focus(&af.form, (size_t)i);
	} else if (f && !strcmp(f, "cardId")) {
		go(app, S_CARD);
		text_copy(af.error, sizeof(af.error), text);
	} else if (f && !strcmp(f, "kind") && !af.edit) {
		/* A rule of this kind came meanwhile (or debt is not for this account). */
		autopay_changed(app);
		af.steps.at = S_KIND;
		af.sel = 0;
		text_copy(af.error, sizeof(af.error), text);
	} else if (reply->err == APIERR_NOT_FOUND && f && !strcmp(f, "ruleId")) {
		autopay_changed(app);
		ui_pop();
		ui_message(UI_MSG_WARNING, "%s",
			   _("The rule is not there any more: the list is read again."));
		return true;
	} else {
		text_copy(af.error, sizeof(af.error), text);
		return false;
	}
	ui_dirty(UI_DIRTY_PANE);
	return true;
}

/* Making a rule, or changing one: what is asked and said. */
static const struct verb {
	enum action act;
	const char *method, *question, *done;
} verbs[] = {
	{ ACT_AUTOPAY_CREATE, "createAutopayRule", N_("Create a %s autopay rule for account %s?"),
	  N_("The %s rule of %s is created.") },
	{ ACT_AUTOPAY_EDIT, "updateAutopayRule", N_("Change the %s autopay rule of account %s?"),
	  N_("The %s rule of %s is changed.") },
};

static void submit(struct app *app, const struct card *c)
{
	const struct account *a = app_find_account(app, af.rule.account_id);
	const struct verb *v = &verbs[af.edit];
	struct ui_change ch = { .done = done, .refused = refused, .settle = settle, .ud_free = free };
	struct ap_account_state st;
	struct ap_next n;
	struct sent *s;
	char words[256], next[256];

	if (!a)
		return;
	if (ui_change_busy()) {
		ui_message(UI_MSG_WARNING, "%s", _("Another change is under way: wait for it."));
		return;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		ui_message(UI_MSG_ERROR, "%s", _("Out of memory."));
		return;
	}
	s->gen = af.gen;
	s->edit = af.edit;
	snprintf(af.rule.card_id, sizeof(af.rule.card_id), "%s", c->id);
	snprintf(af.rule.card_mask, sizeof(af.rule.card_mask), "%s", c->mask);
	af.rule.enabled = af.edit ? af.rule.enabled : true;
	ap_rule_words(&af.rule, ui_money, words, sizeof(words));
	if (!autopay_account_state(app, a->id, &st))
		st.today[0] = '\0';
	ap_next(&af.rule, &st, &n);
	ap_next_words(&n, af.rule.kind, ui_money, next, sizeof(next));
	ch.act = v->act;
	ch.method = v->method;
	snprintf(ch.question, sizeof(ch.question), _(v->question), ap_kind_text(af.rule.kind),
		 a->number);
	snprintf(ch.done_msg, sizeof(ch.done_msg), _(v->done), ap_kind_text(af.rule.kind), a->number);
	ch.body = af.edit ? model_body_autopay_update(&af.rule, c->id)
			  : model_body_autopay_create(a->id, c->id, af.rule.kind, af.rule.threshold,
						      af.rule.amount, af.rule.day);
	snprintf(ch.detail, sizeof(ch.detail),
		 _("%s, %s:\n%s,\npaid with card %s.\nNext run: %s."), a->number, a->region, words,
		 c->mask, next);
	ch.ud = s;
	ui_change(app, &ch);
}

/* --- drawing --- */

static int draw_choice(WINDOW *pane, int y, int x, int cols, int rows, size_t i, const char *text)
{
	bool sel = i == af.sel;

	if (y >= rows)
		return 0;
	ui_put(pane, y, x, cols, UI_LEFT, sel ? AREA_CURSOR : AREA_DEFAULT, "");
	ui_put(pane, y, x, 2, UI_LEFT, sel ? AREA_CURSOR : AREA_DEFAULT, sel ? ">" : " ");
	ui_put(pane, y, x + 2, cols - 2, UI_LEFT, sel ? AREA_CURSOR : AREA_DEFAULT, text);
	return 1;
}

/* The title (what is made, or the rule edited) and the account's balance under it. */
static int head_lines(struct app *app, WINDOW *w, int x, int cols, const char *title,
		      bool balance)
{
	const struct account *a = app_find_account(app, af.rule.account_id);
	char line[1024], m[64];

	if (af.edit) {
		snprintf(line, sizeof(line), _("Edit the %s rule of account %s"),
			 ap_kind_text(af.rule.kind), a ? a->number : "?");
		title = line;
	}
	ui_put_attr(w, 0, x, cols, UI_LEFT, A_BOLD, 0, title);
	if (balance && a && a->bal.known) {
		snprintf(line, sizeof(line), _("Balance: %s"), ui_money(a->bal.balance, m, sizeof(m)));
		ui_put(w, 1, x, cols, UI_LEFT, a->bal.balance < 0 ? AREA_NEGATIVE : AREA_DEFAULT, line);
	}
	return 3;
}

static int account_head(struct app *app, WINDOW *w, int x, int cols)
{
	return head_lines(app, w, x, cols, _("New autopay rule: the account"), false);
}

static int kind_head(struct app *app, WINDOW *w, int x, int cols)
{
	const struct account *a = app_find_account(app, af.rule.account_id);
	char title[512];

	snprintf(title, sizeof(title), _("New autopay rule for %s: the kind"), a ? a->number : "?");
	return head_lines(app, w, x, cols, title, true);
}

static int rule_head(struct app *app, WINDOW *w, int x, int cols)
{
	const struct account *a = app_find_account(app, af.rule.account_id);
	char title[512];

	snprintf(title, sizeof(title), _("New %s rule for account %s"), ap_kind_text(af.rule.kind),
		 a ? a->number : "?");
	return head_lines(app, w, x, cols, title, true);
}

/* The refusal of a list step, over its lines. */
static int draw_refusal(WINDOW *w, int y, int x, int cols, int rows)
{
	if (!af.error[0])
		return 0;
	return ui_put_wrapped(w, y, x, cols, rows - y, AREA_ERROR, af.error) + 1;
}

static int account_draw(struct app *app, WINDOW *pane, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	char line[512], m[64];
	enum ap_kind k[AP_KIND_COUNT];
	int y0 = y;

	(void)cy, (void)cx;
	y += draw_refusal(pane, y, x, cols, rows);
	for (size_t i = 0; i < app->accounts.n && y < rows; i++) {
		const struct account *a = &app->accounts.items[i];
		size_t open = kinds_open(a, k);
		snprintf(line, sizeof(line), "%s  %s  %s%s", a->number,
			 a->bal.known ? ui_money(a->bal.balance, m, sizeof(m)) : "",
			 a->credit ? _("credit") : _("advance"),
			 open ? "" : _("  (has every kind of rule)"));
		y += draw_choice(pane, y, x, cols, rows, i, line);
	}
	return y - y0;
}

static const char *kind_help(enum ap_kind k)
{
	switch (k) {
	case AP_THRESHOLD:
		return _("Threshold: when the balance falls below a figure, pay a fixed sum");
	case AP_MONTHLY:
		return _("Monthly: on a day of the month, top the balance up to a figure");
	case AP_DEBT:
		return _("Debt: on the billing day, pay what is due (credit accounts)");
	case AP_KIND_COUNT:
		break;
	}
	return "";
}

static int kind_draw(struct app *app, WINDOW *pane, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	const struct account *a = app_find_account(app, af.rule.account_id);
	char line[512];
	size_t len = 0;
	int y0 = y;

	(void)cy, (void)cx;
	y += draw_refusal(pane, y, x, cols, rows);
	for (size_t i = 0; i < af.nkinds; i++)
		y += draw_choice(pane, y, x, cols, rows, i, kind_help(af.kinds[i]));
	y++;
	line[0] = '\0';
	for (int k = 0; a && k < AP_KIND_COUNT; k++)
		if (ap_rules_find(autopay_rules(), a->id, (enum ap_kind)k))
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
						len ? ", " : "", ap_kind_text((enum ap_kind)k));
	if (len && y < rows) {
		char said[640];
		snprintf(said, sizeof(said), _("Not offered, the account has them already: %s."), line);
		y += ui_put_wrapped(pane, y, x, cols, rows - y, AREA_DEFAULT, said);
	}
	if (a && !a->credit && y < rows)
		y += ui_put_wrapped(pane, y, x, cols, rows - y, AREA_DEFAULT,
				    _("Debt rules are for credit accounts only."));
	return y - y0;
}

static int figures_draw(struct app *app, WINDOW *pane, int y, int x, int cols, int rows, int *cy,
			int *cx)
{
	(void)app, (void)rows;
	return ui_form_draw(pane, y, x, cols, &af.form, cy, cx);
}

static void draw_cards(WINDOW *pane, int y, int x, int cols, int rows)
{
	char line[512], rouble[64];
	size_t i;

	if (!af.cards_known) {
		ui_put(pane, y, x, cols, UI_LEFT, af.load.failed ? AREA_ERROR : AREA_DEFAULT,
		       af.load.failed ? ui_load_status(&af.load, line, sizeof(line))
				      : _("Loading the cards..."));
		return;
	}
	if (!af.cards.n && y < rows)
		y += ui_put_wrapped(pane, y, x, cols, rows - y, AREA_WARNING,
				    _("No bank card is bound: bind one to pay the rule with."));
	for (i = 0; i < af.cards.n; i++) {
		const struct card *c = &af.cards.items[i];
		snprintf(line, sizeof(line), "%s  %s", c->mask, c->expires);
		y += draw_choice(pane, y, x, cols, rows, i, line);
	}
	ui_money(100, rouble, sizeof(rouble));
	snprintf(line, sizeof(line), _("Bind a new card (checked with a charge of %s, returned at once)"),
		 rouble);
	draw_choice(pane, y, x, cols, rows, i, line);
}

static int card_draw(struct app *app, WINDOW *pane, int y, int x, int cols, int rows, int *cy,
		     int *cx)
{
	char line[1024], words[256];
	int y0 = y;

	(void)app, (void)cy, (void)cx;
	y += draw_refusal(pane, y, x, cols, rows);
	if (af.rule.kind != AP_DEBT || af.edit) {
		ap_rule_words(&af.rule, ui_money, words, sizeof(words));
		snprintf(line, sizeof(line), _("The rule: %s.\nWhich card pays?"), words);
	} else {
		snprintf(line, sizeof(line), "%s", _("Which card pays?"));
	}
	y += ui_put_wrapped(pane, y, x, cols, rows - y, AREA_DEFAULT, line);
	draw_cards(pane, y + 1, x, cols, rows);
	return y - y0;
}

static void af_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	ui_steps_draw(&af.steps, app, pane, rows, cols);
}

/* --- keys --- */

static void account_choose(struct app *app)
{
	const struct account *a;

	if (af.sel >= app->accounts.n)
		return;
	a = &app->accounts.items[af.sel];
	af.nkinds = kinds_open(a, af.kinds);
	if (!af.nkinds) {
		snprintf(af.error, sizeof(af.error),
			 _("Account %s has every kind of rule it can have: edit one instead."),
			 a->number);
		return;
	}
	snprintf(af.rule.account_id, sizeof(af.rule.account_id), "%s", a->id);
	go(app, S_KIND);
}

static void kind_choose(struct app *app)
{
	if (af.sel >= af.nkinds)
		return;
	af.rule.kind = af.kinds[af.sel];
	figures_init();
	go(app, af.rule.kind == AP_DEBT ? S_CARD : S_FIGURES);
}

static void card_choose(struct app *app)
{
	if (!af.cards_known)
		return;
	if (af.sel < af.cards.n)
		submit(app, &af.cards.items[af.sel]);
	else
		pay_bind_card(app, after_bind);
}

/* The keys of a list step of n lines: move, Enter chooses, Backspace steps back. */
static enum ui_key_result list_key(struct app *app, enum action act, int key, size_t n,
				   void (*choose)(struct app *app))
{
	switch (act) {
	case ACT_BACK:
		back(app);
		return UI_DONE;
	case ACT_MOVE_DOWN:
		if (af.sel + 1 < n)
			af.sel++;
		break;
	case ACT_MOVE_UP:
		if (af.sel > 0)
			af.sel--;
		break;
	case ACT_MOVE_TOP:
		af.sel = 0;
		break;
	case ACT_MOVE_BOTTOM:
		af.sel = n ? n - 1 : 0;
		break;
	case ACT_ENTER:
		af.error[0] = '\0';
		choose(app);
		break;
	default:
		return ui_key_is_text(key) ? UI_DONE : UI_PASS;
	}
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static enum ui_key_result account_key(struct app *app, enum action act, int key)
{
	return list_key(app, act, key, app->accounts.n, account_choose);
}

static enum ui_key_result kind_key(struct app *app, enum action act, int key)
{
	return list_key(app, act, key, af.nkinds, kind_choose);
}

static enum ui_key_result card_key(struct app *app, enum action act, int key)
{
	return list_key(app, act, key, af.cards_known ? af.cards.n + 1 : 0, card_choose);
}

/* The figures' form takes its keys here: each is checked as it is typed. */
static enum ui_key_result figures_key(struct app *app, enum action act, int key)
{
	enum ui_form_result r;

	if (act == ACT_BACK && !ui_key_is_text(key)) {
		back(app);
		return UI_DONE;
	}
	r = ui_form_key(&af.form, act, key);
	if (r == UI_FORM_HANDLED && af.form.focus < F_NEXT &&
	    (ui_key_is_text(key) || key == KEY_BACKSPACE || key == KEY_DC || key == 127 || key == 8))
		figures_check((int)af.form.focus);
	if (r == UI_FORM_SUBMIT) {
		if (figures_check(-1)) {
			go(app, S_CARD);
		} else {
			for (int f = 0; f < F_NEXT; f++)
				if (!af.fields[f].hidden && af.fields[f].error[0]) {
					ui_form_focus(&af.form, (size_t)f);
					break;
				}
		}
	}
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return r == UI_FORM_PASS && (!ui_key_is_text(key) || act == ACT_HELP) ? UI_PASS : UI_DONE;
}

static enum ui_key_result af_key(struct app *app, enum action act, int key)
{
	return ui_steps_key(&af.steps, app, act, key);
}

/* The cursor on the figures' text fields (a step's lines leave it at -1). */
static bool af_cursor(struct app *app, int *y, int *x)
{
	(void)app;
	if (af.steps.cy < 0 || af.form.focus >= F_NEXT)
		return false;
	*y = af.steps.cy;
	*x = af.steps.cx;
	return true;
}

/* The lists move and choose; F5 reads the cards again. */
static bool list_accepts(struct app *app, enum action act)
{
	return act == ACT_REFRESH || act == ACT_MOVE_TOP || act == ACT_MOVE_BOTTOM ||
	       act == ACT_BACK ||
	       (ui_form_accepts(app, act) && act != ACT_NEXT_FIELD && act != ACT_PREV_FIELD);
}

static bool figures_accepts(struct app *app, enum action act)
{
	return act == ACT_REFRESH || ui_form_accepts(app, act);
}

static const struct ui_key_doc *list_keys(struct app *app)
{
	(void)app;
	return NULL;
}

/* A paste goes to the field the keys go to (ui/paste.h). */
static enum ui_paste_result figures_paste(struct app *app, const char *text, size_t len)
{
	return ui_form_paste_keys(app, &af.form, af_key, text, len);
}

static const struct ui_hint af_hints[] = {
	{ ACT_ENTER, N_("choose") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

/* What the list steps share: Esc by back(), the lists' hints, help and actions. */
#define LIST_STEP .on_back = back, .hints = af_hints, .keys_now = list_keys, \
		  .accepts = list_accepts

static const struct ui_step steps[] = {
	[S_ACCOUNT] = { .head = account_head, .draw = account_draw, .key = account_key,
			.enter = list_enter, LIST_STEP },
	[S_KIND] = { .head = kind_head, .draw = kind_draw, .key = kind_key, .enter = list_enter,
		     LIST_STEP },
	[S_FIGURES] = { .head = rule_head, .draw = figures_draw, .key = figures_key,
			.enter = figures_enter, .on_back = back, .keys_now = ui_form_own_keys,
			.accepts = figures_accepts, .paste = figures_paste },
	[S_CARD] = { .head = rule_head, .draw = card_draw, .key = card_key, .enter = card_enter,
		     LIST_STEP },
};

static void af_open(struct app *app)
{
	af.load.done = cards_loaded;
	af.load.what = cards_what;
	af.cards_known = false;
	af.open = true;
	af.gen++;
	(void)app;
}

static void af_close(struct app *app)
{
	(void)app;
	ui_load_drop(&af.load);
	model_free_cards(&af.cards);
	af.cards_known = false;
	af.open = false;
}

static void af_reload(struct app *app)
{
	if (af.steps.at == S_CARD)
		load_cards(app);
}

static void fields_make(void)
{
	memset(af.fields, 0, sizeof(af.fields));
	af.fields[F_DAY] = (struct ui_field){ .kind = UI_FIELD_TEXT,
					      .label = N_("Day of the month (1-28)") };
	af.fields[F_DAY].edit.max = NUMBER_TEXT_MAX;
	af.fields[F_THRESHOLD] = (struct ui_field){ .kind = UI_FIELD_TEXT,
						    .label = N_("Balance below (RUB)") };
	af.fields[F_THRESHOLD].edit.max = NUMBER_TEXT_MAX;
	af.fields[F_AMOUNT] = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Pay (RUB)") };
	af.fields[F_AMOUNT].edit.max = NUMBER_TEXT_MAX;
	af.fields[F_NEXT] = (struct ui_field){ .kind = UI_FIELD_BUTTON,
					       .label = N_("Next: the card") };
	af.form = (struct ui_form){ af.fields, F_COUNT, 0, validate, NULL };
	af.print = ui_form_print(&af.form, 0);
}

static bool af_typed(struct app *app)
{
	(void)app;
	return af.open && ui_form_print(&af.form, 0) != af.print;
}

void autopay_form_show(struct app *app, const struct ap_rule *rule)
{
	if (app_read_only(app)) {
		ui_message(UI_MSG_ERROR, app_refused_fmt(app),
			   action_help(rule ? ACT_AUTOPAY_EDIT : ACT_AUTOPAY_CREATE));
		return;
	}
	if (!rule && !app->accounts.n) {
		ui_message(UI_MSG_INFO, "%s",
			   app->accounts_known ? _("No accounts are attached to this profile.")
					       : _("The accounts are still loading."));
		return;
	}
	fields_make();
	memset(&af.rule, 0, sizeof(af.rule));
	af.error[0] = '\0';
	af.sel = 0;
	af.edit = rule != NULL;
	if (rule) {
		af.rule = *rule;
		figures_init();
		af.first = rule->kind == AP_DEBT ? S_CARD : S_FIGURES;
	} else {
		af.first = S_ACCOUNT;
	}
	/* Keys reach the steps while a change is under way: a choice says so itself. */
	af.steps = (struct ui_steps){ .steps = steps, .count = sizeof(steps) / sizeof(steps[0]),
				      .screen_key = af_key, .at = af.first, .busy_keys = true };
	if (ui_front() == &autopay_form_screen)
		ui_pop();
	ui_push(&autopay_form_screen);
	if (af.first == S_CARD)
		go(app, S_CARD);
}

UI_STEPS_CALLBACKS(af, af.steps)

static const struct screen_ops autopay_form_screen = {
	.name = "autopay",
	.title = N_("Autopay rule"),
	.keymap = KEYMAP_AUTOPAY,
	.text_input = true,
	.open = af_open,
	.close = af_close,
	.draw = af_draw,
	.key = af_key,
	.reload = af_reload,
	.cursor = af_cursor,
	.hints = af_hints,
	.typed = af_typed,
	UI_STEPS_OPS(af),
};
