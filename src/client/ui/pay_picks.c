/* The accounts of a payment (pay.c's first step): every account of the profile with
 * its balance, picked with Space (up to 10), each with its amount — the recommended
 * payment to start with, typed over in the interface's format ("500", "500,50",
 * "1 500") and checked as it is typed by the number reader (1 to 15 000 ₽) — and
 * the total. The keys work in two columns: on the checkbox Space picks; typing a
 * digit, a sign or a decimal mark on an account goes into its amount, where every
 * character typed stays but the letters that move between the accounts (j, k, g, G):
 * a wrong one is refused with the form and the range, never dropped. */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/pay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/number.h"
#include "kabinet/model/payments.h"

#define AMOUNT_W 16	/* columns of the amount field */
#define BALANCE_W 13

/* The amount of a pick; false with the reason in why. */
static bool amount_of(const struct pay_pick *p, int64_t *out, char *why, size_t size)
{
	static const struct number_rule rule = { NUMBER_MONEY, PAY_AMOUNT_MIN, PAY_AMOUNT_MAX };
	char text[NUMBER_TEXT_MAX * 4 + 1];

	ui_edit_get(&p->amount, text, sizeof(text));
	return number_take(text, &rule, out, why, size) == NUMBER_OK;
}

bool pay_pick_amount(struct pay_pick *p, int64_t *out)
{
	return amount_of(p, out, p->error, sizeof(p->error));
}

size_t pay_picks_total(const struct pay_picks *p, int64_t *total, bool *all_ok)
{
	size_t n = 0;
	char why[160];

	*total = 0;
	*all_ok = true;
	for (size_t i = 0; i < p->n; i++) {
		int64_t k;
		if (!p->items[i].on)
			continue;
		n++;
		if (amount_of(&p->items[i], &k, why, sizeof(why)))
			*total += k;
		else
			*all_ok = false;
	}
	return n;
}

size_t pay_picks_ids(const struct pay_picks *p, const char **ids, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n && n < max; i++)
		if (p->items[i].on)
			ids[n++] = p->items[i].id;
	return n;
}

static size_t count_on(const struct pay_picks *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->items[i].on;
	return n;
}

void pay_picks_free(struct pay_picks *p)
{
	for (size_t i = 0; i < p->n; i++)
		ui_edit_wipe(&p->items[i].amount);
	free(p->items);
	*p = (struct pay_picks){ 0 };
}

void pay_picks_make(struct pay_picks *p, const struct app *app, const char *want_id,
		    int64_t want_amount)
{
	size_t n = app->accounts.n;

	pay_picks_free(p);
	p->items = calloc(n ? n : 1, sizeof(*p->items));
	p->n = p->items ? n : 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct account *a = &app->accounts.items[i];
		struct pay_pick *pk = &p->items[i];
		int64_t k = a->bal.known ? a->bal.recommended : 0;
		char text[64];
		snprintf(pk->id, sizeof(pk->id), "%s", a->id);
		pk->amount.max = NUMBER_TEXT_MAX;
		if (want_id && want_id[0] && !strcmp(a->id, want_id)) {
			pk->on = true;
			p->sel = i;
			if (want_amount > 0)
				k = want_amount;
		}
		if (k > 0) {
			/* Typed over as it is: 1370,00 / 1370.00, no group separators. An
			 * amount out of range stays as it came, and says so. */
			snprintf(text, sizeof(text), "%lld%s%02lld", (long long)(k / 100),
				 i18n_money_style() == MONEY_RU ? "," : ".", (long long)(k % 100));
			ui_edit_set(&pk->amount, text);
		}
		/* An empty amount is asked for when Enter is pressed, not before. */
		if (pk->on && pk->amount.len)
			pay_pick_amount(pk, &k);
	}
}

void pay_picks_draw(struct pay_picks *p, struct app *app, WINDOW *w, int y, int rows, int cols,
		    int *cy, int *cx)
{
	char line[512], m[64], bal[64];
	int64_t total;
	bool ok;
	size_t n = pay_picks_total(p, &total, &ok);
	int list_rows = rows - y - 2, x = cols - 2 - AMOUNT_W;

	*cy = *cx = -1;
	if (list_rows < 1)
		list_rows = 1;
	if (p->sel < p->top)
		p->top = p->sel;
	/* Each row takes one line, and its error one more: the selected one in view. */
	for (;;) {
		int used = 0;
		for (size_t i = p->top; i <= p->sel && i < p->n; i++)
			used += 1 + (p->items[i].on && p->items[i].error[0]);
		if (used <= list_rows - 1 || p->top >= p->sel)
			break;
		p->top++;
	}
	/* The columns' names over them. */
	ui_put_attr(w, y, 5, x - BALANCE_W - 6, UI_LEFT, A_DIM, 0, _("Account"));
	ui_put_attr(w, y, x - BALANCE_W - 1, BALANCE_W, UI_RIGHT, A_DIM, 0, _("Balance"));
	ui_put_attr(w, y, x, AMOUNT_W, UI_LEFT, A_DIM, 0, _("To pay"));
	y++;
	for (size_t i = p->top; i < p->n && y < rows - 2; i++) {
		struct pay_pick *pk = &p->items[i];
		const struct account *a = app_find_account(app, pk->id);
		bool cur = i == p->sel;
		bal[0] = '\0';
		if (a && a->bal.known)
			ui_money(a->bal.balance, bal, sizeof(bal));
		snprintf(line, sizeof(line), "[%s] %s  %s", pk->on ? "x" : " ", a ? a->number : "?",
			 a ? a->region : "");
		ui_put(w, y, 1, x - BALANCE_W - 3, UI_LEFT, cur ? AREA_CURSOR : AREA_DEFAULT, line);
		if (bal[0])
			ui_put(w, y, x - BALANCE_W - 1, BALANCE_W, UI_RIGHT,
			       a->bal.balance < 0 ? AREA_NEGATIVE : AREA_DEFAULT, bal);
		if (pk->on) {
			int c = ui_edit_draw(w, y, x, AMOUNT_W, &pk->amount,
					     cur && p->amount_col ? AREA_FIELD_ACTIVE : AREA_FIELD);
			if (cur && p->amount_col) {
				*cy = y;
				*cx = x + c;
			}
		}
		if (cur && !p->amount_col) {
			*cy = y;
			*cx = 2;
		}
		y++;
		if (pk->on && pk->error[0] && y < rows - 2)
			ui_put(w, y++, 1, cols - 2, UI_RIGHT, AREA_ERROR, pk->error);
	}
	ui_money(total, m, sizeof(m));
	if (n)
		snprintf(line, sizeof(line),
			 ngettext("Total: %s for %zu account", "Total: %s for %zu accounts", (unsigned long)n),
			 m, n);
	else
		snprintf(line, sizeof(line), "%s", _("No account is picked yet."));
	ui_put_attr(w, rows - 1, 1, cols - 2, UI_LEFT, A_BOLD, 0, line);
}

/* A key that starts an amount from the checkbox: a digit, a sign, a decimal mark. */
static bool amount_char(int key)
{
	return ui_key_is_text(key) && key != KEYS_CHR(' ') &&
	       strchr("0123456789,.+-", (int)(key - KEYS_CHR(0))) != NULL;
}

/* An action that moves between the accounts. */
static bool moves(enum action act)
{
	return act == ACT_MOVE_UP || act == ACT_MOVE_DOWN || act == ACT_MOVE_TOP ||
	       act == ACT_MOVE_BOTTOM;
}

/* Picks or unpicks an account; false (said why) at the eleventh. */
static bool pick(struct pay_picks *p, struct pay_pick *pk, bool on)
{
	int64_t k;

	if (on && !pk->on && count_on(p) >= PAY_ITEMS_MAX) {
		ui_message(UI_MSG_WARNING, "%s", _("One payment pays at most 10 accounts."));
		return false;
	}
	pk->on = on;
	if (on && pk->amount.len)
		pay_pick_amount(pk, &k);
	return true;
}

enum ui_key_result pay_picks_key(struct pay_picks *p, enum action act, int key, bool *next)
{
	struct pay_pick *pk = p->sel < p->n ? &p->items[p->sel] : NULL;
	int64_t k, total;
	bool ok;

	*next = false;
	if (!pk)
		return act == ACT_ENTER ? UI_DONE : UI_PASS;
	/* In the amount every character typed goes in but the moving letters: what is
	 * not an amount is refused as it stands, never dropped. */
	if (p->amount_col && pk->on && key != KEY_UP && key != KEY_DOWN &&
	    !(ui_key_is_text(key) && moves(act)) && ui_edit_key(&pk->amount, key) != UI_EDIT_IGNORED) {
		pay_pick_amount(pk, &k);
		ui_dirty(UI_DIRTY_PANE);
		return UI_DONE;
	}
	if (key == KEYS_CHR(' ')) {
		pick(p, pk, !pk->on);
		p->amount_col = false;
	} else if (amount_char(key) || key == KEY_BACKSPACE) {
		if (!pick(p, pk, true))
			return UI_DONE;
		if (!p->amount_col && key != KEY_BACKSPACE)
			ui_edit_wipe(&pk->amount);	/* typed over */
		p->amount_col = true;
		ui_edit_key(&pk->amount, key);
		pay_pick_amount(pk, &k);
	} else if (act == ACT_NEXT_FIELD || act == ACT_PREV_FIELD) {
		p->amount_col = pk->on && !p->amount_col;
	} else if (key == KEY_UP || act == ACT_MOVE_UP) {
		p->amount_col = false;
		if (p->sel > 0)
			p->sel--;
	} else if (key == KEY_DOWN || act == ACT_MOVE_DOWN) {
		p->amount_col = false;
		if (p->sel + 1 < p->n)
			p->sel++;
	} else if (act == ACT_MOVE_TOP || act == ACT_MOVE_BOTTOM) {
		p->amount_col = false;
		p->sel = act == ACT_MOVE_TOP || !p->n ? 0 : p->n - 1;
	} else if (act == ACT_ENTER) {
		p->amount_col = false;
		if (!pay_picks_total(p, &total, &ok))
			pick(p, pk, true);	/* Enter on an account not picked yet picks it */
		else if (!ok) {
			/* Every amount that is not taken says why. */
			for (size_t i = 0; i < p->n; i++)
				if (p->items[i].on)
					pay_pick_amount(&p->items[i], &k);
			ui_message(UI_MSG_ERROR, "%s", _("Check the amounts marked in red."));
		}
		else
			*next = true;
	} else if (!ui_key_is_text(key) || act == ACT_HELP) {
		return UI_PASS;	/* `?` too: the amount is not being typed */
	}
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}
