/* What a change moved, read again: a change that was done, or may have been (no answer
 * came), names what it can have changed (ui_moved), and every screen that shows it
 * follows. A screen that is open (in front, or under the form that made the change)
 * reads its part again now; one that is not reads everything fresh when it opens. The
 * figures the app keeps for every screen — the balances, the list of accounts with
 * their services' statuses, the bonus points — are read here whichever screen is open,
 * so that none shows one the change made false. The screens' parts go through the
 * hooks of the screen table (struct ui_moved_screens, given by screens.c): nothing
 * here names a screen. */
#include "kabinet/ui/moved.h"
#include "kabinet/ui/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/model/model.h"

/* A read of the app's figures; its answer is dropped when the session moved on. */
struct read {
	struct app *app;
	unsigned data_gen;
	char id[64];		/* the account, or "" */
};

static bool still_ours(const struct read *r, const struct api_reply *reply)
{
	return r->data_gen == r->app->data_gen && app_reply_ok(reply);
}

/* Starts method with body (taken) for the app's figures; done() gets the reply. */
static void read_figures(struct app *app, const char *method, char *body, const char *id,
			 api_done_fn done)
{
	struct read *r = malloc(sizeof(*r));

	if (r && body) {
		*r = (struct read){ app, app->data_gen, "" };
		snprintf(r->id, sizeof(r->id), "%s", id ? id : "");
		if (api_call(app->api, method, body, API_READ, done, r))
			r = NULL;
	}
	free(r);
	free(body);
}

/* A new balance: the screens that measure their columns by it measure again. */
static void balance_read(void *ud, const struct api_reply *reply)
{
	struct read *r = ud;
	struct app *app = r->app;
	struct account *a;
	struct model_err err;

	if (still_ours(r, reply) && app_take_balance(app, r->id, reply->body, &a, &err) && a) {
		if (ui_screens()->moved && ui_screens()->moved->balance)
			ui_screens()->moved->balance(app, a->id);
		ui_dirty(UI_DIRTY_PANE);
	}
	free(r);
}

/* The list again: the services' statuses (a payment unblocks what debt blocked). */
static void accounts_read(void *ud, const struct api_reply *reply)
{
	struct read *r = ud;
	struct account_list fresh = { 0 };
	struct model_err err;

	if (still_ours(r, reply) && model_parse_accounts(reply->body, &fresh, &err) == MODEL_OK) {
		app_take_accounts(r->app, &fresh);
		r->app->services_gen++;
		ui_dirty(UI_DIRTY_PANE);
	}
	free(r);
}

/* The points, for the overview (screen 6 reads its own when open). */
static void bonus_read(void *ud, const struct api_reply *reply)
{
	struct read *r = ud;
	struct bonus b;
	struct model_err err;

	if (still_ours(r, reply) && model_parse_bonus(reply->body, &b, &err) == MODEL_OK) {
		r->app->bonus = b;
		r->app->bonus_known = true;
		ui_dirty(UI_DIRTY_PANE);
	}
	free(r);
}

/* Whether debt blocks a service of the account: money that came may unblock it. */
static bool debt_blocked(struct app *app, const char *account_id)
{
	const struct account *a = app_find_account(app, account_id);

	for (size_t k = 0; a && k < a->nservices; k++)
		if (a->services[k].status == SVC_BLOCKED)
			return true;
	return false;
}

static void money_moved(struct app *app, const char *const *account_ids, size_t n)
{
	const struct ui_moved_screens *screens = ui_screens()->moved;
	bool blocked = false;

	if (screens && screens->money)
		screens->money(app, account_ids, n);
	for (size_t i = 0; i < n; i++)
		blocked |= debt_blocked(app, account_ids[i]);
	if (blocked)
		read_figures(app, "getAccounts", model_body_empty(), NULL, accounts_read);
}

void ui_moved(struct app *app, unsigned what, const char *const *account_ids, size_t n)
{
	const struct ui_moved_screens *screens = ui_screens()->moved;

	if (what & (UI_MOVED_BALANCES | UI_MOVED_MONEY))
		for (size_t i = 0; i < n; i++)
			read_figures(app, "getAccountBalanceV2", model_body_account(account_ids[i]),
				     account_ids[i], balance_read);
	if (what & UI_MOVED_MONEY)
		money_moved(app, account_ids, n);
	if ((what & UI_MOVED_BONUS) && !(screens && screens->bonus && screens->bonus(app)))
		read_figures(app, "getFplStatus", model_body_empty(), NULL, bonus_read);
	if ((what & UI_MOVED_ACCOUNTS) && screens && screens->accounts)
		screens->accounts(app, n ? account_ids[0] : "");
	if ((what & UI_MOVED_CARDS) && screens && screens->cards)
		screens->cards(app);
}
