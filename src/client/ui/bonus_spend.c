/* Spending bonus points on an account (spendBonuses), a form over screen 6: the
 * account (its balance beside it, [ and ] choose another), the points checked as they
 * are typed against the API's limits and the points held, and what the balance will
 * be afterwards. Sent through the one change path with the intent's idempotency key,
 * replayed after a lost answer; the key is kept across retries of one intent and made
 * anew once the server may hold an answer for other content (docs/api.md
 * "Idempotency"). The form is a description for the money-form scaffold
 * (money_form.h), which keeps the account, the points, the intent and the keys;
 * here: what it draws, its confirmation, its answers and its refusals. */
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
#include "kabinet/model/bonus.h"
#include "kabinet/i18n.h"
#include "kabinet/model/number.h"
#include "kabinet/model/payments.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/text.h"

static const struct screen_ops spend_screen;

enum { F_ACCOUNT, F_POINTS, F_SEND, F_COUNT };

static const struct money_form_desc spend_desc;
static struct money_form sp = { .d = &spend_desc };

/* The points held beside the points typed. */
static void notes(struct app *app, struct money_form *mf)
{
	char text[64];

	mf->fields[F_POINTS].note[0] = '\0';
	if (app->bonus_known)
		snprintf(mf->fields[F_POINTS].note, sizeof(mf->fields[F_POINTS].note), _("of %s"),
			 bonus_points_text(app->bonus.points, text, sizeof(text)));
}

/* No more than the points held. */
static bool check(struct app *app, struct money_form *mf, int64_t n, char *err, size_t size)
{
	char b[64];

	(void)mf;
	if (app->bonus_known && n > app->bonus.points) {
		snprintf(err, size, _("More than you have: %s."),
			 bonus_points_text(app->bonus.points, b, sizeof(b)));
		return false;
	}
	return true;
}

static void choose(struct app *app, struct money_form *mf, size_t field, int dir)
{
	(void)field;
	if (!money_form_next_account(app, mf, dir))
		return;
	mf->fields[F_ACCOUNT].error[0] = '\0';
	money_form_show(app, mf);
	ui_dirty(UI_DIRTY_PANE);
}

static bool ready(struct app *app, struct money_form *mf)
{
	if (!money_form_account(app, mf, 0))
		money_form_error(mf, F_ACCOUNT, _("Choose the account to pay with the points."));
	return true;
}

static void confirm(struct app *app, struct money_form *mf, int64_t n, struct ui_change *c)
{
	const struct account *a = money_form_account(app, mf, 0);
	struct pay_item item = { .amount = n };
	char pts[64], sum[64], bal[64], after[64], left[64];
	int64_t worth;

	bonus_points_text(n, pts, sizeof(pts));
	ui_money(n * BONUS_POINT_KOPECKS, sum, sizeof(sum));
	snprintf(c->question, sizeof(c->question), _("Spend %s on account %s?"), pts, a->number);
	bonus_points_text(app->bonus.points - n, left, sizeof(left));
	/* The balance afterwards only when it can be worked out; else the plain lines. */
	if (a->bal.known && sums_points_worth(n, &worth) &&
	    figure_add(a->bal.balance, worth, &worth)) {
		ui_money(a->bal.balance, bal, sizeof(bal));
		ui_money(worth, after, sizeof(after));
		snprintf(c->detail, sizeof(c->detail),
			 _("%s, %s.\nThey pay %s: the balance becomes %s (now %s).\nThen you have %s."),
			 a->number, a->region, sum, after, bal, left);
	} else {
		snprintf(c->detail, sizeof(c->detail), _("%s, %s.\nThey pay %s.\nThen you have %s."),
			 a->number, a->region, sum, left);
	}
	c->body = model_body_spend_bonuses(mf->account[0], n, mf->intent.key);
	snprintf(item.account_id, sizeof(item.account_id), "%s", mf->account[0]);
	ui_intent_make(app, &c->intent, INTENT_BONUS, NULL, &item, 1, NULL);
}

static void done(struct app *app, const struct money_sent *s, const struct api_reply *reply)
{
	struct account *a = app_find_account(app, s->account[0]);
	struct bonus_spent r;
	struct model_err err;
	char pts[64], left[64], bal[64];

	bonus_points_text(s->amount, pts, sizeof(pts));
	if (model_parse_bonus_spent(reply->body, &r, &err) == MODEL_OK) {
		ui_money(r.account_balance, bal, sizeof(bal));
		bonus_points_text(r.points, left, sizeof(left));
		ui_message(UI_MSG_INFO, _("Spent %s: account %s has %s now; %s left."), pts,
			   a ? a->number : "?", bal, left);
		if (a) {
			a->bal.balance = r.account_balance;
			a->bal.known = true;
			app->accounts_gen++;
		}
		if (app->bonus_known)
			app->bonus.points = r.points;
	} else {
		ui_message(UI_MSG_INFO, _("Spent %s on account %s."), pts, a ? a->number : "?");
	}
}

/* The server's refusals next to the field they are about, the form kept. */
static bool refused(struct app *app, const struct money_sent *s, const struct api_reply *reply)
{
	const char *f = reply->field ? reply->field : "";
	char text[512];

	if (!money_form_ours(s))
		return false;
	app_reply_text(app, reply, text, sizeof(text));
	switch (reply->err) {
	case APIERR_LIMIT_EXCEEDED:
		/* The points we knew were old: they are read again. */
		money_form_error(&sp, F_POINTS, text);
		bonus_reload(app);
		return true;
	case APIERR_CONFLICT:
		ui_message(UI_MSG_WARNING, _("No points were spent: %s"), text);
		bonus_reload(app);
		if (ui_front() == &spend_screen)
			ui_pop();
		return true;
	case APIERR_NOT_FOUND:
		money_form_error(&sp, F_ACCOUNT, _("This account is not in your profile any more."));
		return true;
	default:
		break;
	}
	if (!strcmp(f, "points")) {
		money_form_error(&sp, F_POINTS, text);
		return true;
	}
	if (!strcmp(f, "accountId")) {
		money_form_error(&sp, F_ACCOUNT, text);
		return true;
	}
	return false;
}

/* --- the screen --- */

static void sp_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct account *a = money_form_account(app, &sp, 0);
	char line[1024], k1[32], k2[32], a1[64], a2[64], a3[64];
	int y = 0;
	int64_t n, worth;

	money_form_show(app, &sp);
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0, _("Spend bonus points"));
	if (y < rows) {
		keys_first(KEYMAP_BONUS, ACT_PREV_ACCOUNT, k1, sizeof(k1));
		keys_first(KEYMAP_BONUS, ACT_NEXT_ACCOUNT, k2, sizeof(k2));
		snprintf(line, sizeof(line),
			 _("One point pays one rouble. %s and %s choose the account."), k1, k2);
		y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT, line);
	}
	y++;
	y += money_form_draw_fields(&sp, pane, y, rows, cols);
	/* What the balance will be, as the points are typed. */
	if (++y < rows && a && sp.fields[F_POINTS].edit.len &&
	    money_form_amount_of(app, &sp, &n, line, sizeof(line))) {
		ui_money(n * BONUS_POINT_KOPECKS, a1, sizeof(a1));
		if (a->bal.known && sums_points_worth(n, &worth) &&
		    figure_add(a->bal.balance, worth, &worth)) {
			ui_money(worth, a2, sizeof(a2));
			ui_money(a->bal.balance, a3, sizeof(a3));
			snprintf(line, sizeof(line), _("Afterwards account %s has %s (now %s)."),
				 a->number, a2, a3);
		} else {
			snprintf(line, sizeof(line), _("Account %s gets %s."), a->number, a1);
		}
		ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT, line);
	}
}

/* r: the balances and the points read again. */
static void sp_reload(struct app *app)
{
	const char *ids[1] = { sp.account[0] };

	if (sp.account[0][0])
		ui_moved(app, UI_MOVED_BALANCES, ids, 1);
	bonus_reload(app);
}

void bonus_spend_show(struct app *app, const char *account_id)
{
	const struct account *a = pay_form_account(app, ACT_SPEND_BONUSES, account_id);
	const char *ids[1] = { sp.account[0] };

	if (!a)
		return;
	snprintf(sp.account[0], sizeof(sp.account[0]), "%s", a->id);
	if (!money_form_push(&sp))
		return;
	/* The balance beside the account is read fresh. */
	if (!a->bal.known)
		ui_moved(app, UI_MOVED_BALANCES, ids, 1);
}

static const struct ui_hint sp_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_NEXT_ACCOUNT, N_("next account") },
	{ ACT_ENTER, N_("spend") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct ui_key_doc sp_keys[] = {
	{ "] [", N_("Another account"), ACT_NONE },
	{ N_("Space, Left, Right"), N_("Another account (on the Account line)"), ACT_NONE },
	{ N_("Typing"), N_("Goes into the points"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

static const struct money_form_desc spend_desc = {
	.screen = &spend_screen,
	.act = ACT_SPEND_BONUSES,
	.method = "spendBonuses",
	.accounts = 1,
	.choices = 1,
	.labels = { N_("Account"), N_("Points"), N_("Spend the points") },
	.rule = { NUMBER_WHOLE, BONUS_SPEND_MIN, BONUS_SPEND_MAX },
	.moved = UI_MOVED_MONEY | UI_MOVED_BONUS,
	.anywhere = true,
	.check_typed = true,
	.hold_busy = true,
	.mismatch_field = F_SEND,
	.mismatch_text = N_("An earlier try may have gone through: check the points and "
			    "the balance, then press Enter to spend them anew."),
	.keys = sp_keys,
	.notes = notes,
	.choose = choose,
	.check = check,
	.ready = ready,
	.confirm = confirm,
	.done = done,
	.refused = refused,
};

MONEY_FORM_CALLBACKS(sp)

static const struct screen_ops spend_screen = {
	.name = "bonus",
	.title = N_("Spend bonus points"),
	.keymap = KEYMAP_BONUS,
	MONEY_FORM_OPS(sp),
	.draw = sp_draw,
	.reload = sp_reload,
	.hints = sp_hints,
};
