/* The bound cards (getBoundCards) over screen 4, on the list view: mask, system,
 * expiry, an expired card marked in words. b binds one (the card form of pay.c), u
 * unbinds the selected one after a confirmation naming it, through the one change
 * path; a card that pays an autopay rule is explained rather than refused bare. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/apierr.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/cards.h"
#include "kabinet/model/payments.h"

static const struct screen_ops cards_screen;

enum { R_CARDS };
enum col { COL_MASK, COL_SYSTEM, COL_EXPIRES, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct card_list cards;
	bool known;
	bool open;
} cd;

static void load(struct app *app)
{
	ui_load_begin(&cd.load);
	ui_load_cards(app, &cd.load, R_CARDS);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("The bound cards"));
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	if (!ui_load_took_cards(app, &cd.load, kind, key, reply, &cd.cards, &cd.known))
		return;
	ui_list_set_rows(&cd.list, cd.cards.n, false);
	ui_list_changed(&cd.list);
}

/* MM/YY before this month: the card cannot pay any more. */
static bool expired(const struct card *c)
{
	int m, y;
	time_t now = time(NULL);
	struct tm tm;

	if (sscanf(c->expires, "%2d/%2d", &m, &y) != 2 || m < 1 || m > 12)
		return false;
	localtime_r(&now, &tm);
	return (2000 + y) * 12 + m < (tm.tm_year + 1900) * 12 + tm.tm_mon + 1;
}

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct card *c = row < cd.cards.n ? &cd.cards.items[row] : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!c)
		return;
	switch ((enum col)col) {
	case COL_MASK:
		snprintf(buf, size, "%s", c->mask);
		break;
	case COL_SYSTEM:
		snprintf(buf, size, "%s", pay_card_system_name(c->system));
		break;
	case COL_EXPIRES:
		if (expired(c))
			snprintf(buf, size, _("%s ! expired"), c->expires);
		else
			snprintf(buf, size, "%s", c->expires);
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud;
	return col == COL_EXPIRES && row < cd.cards.n && expired(&cd.cards.items[row])
		       ? AREA_WARNING
		       : AREA_DEFAULT;
}

static const struct ui_col cd_cols[COL_COUNT] = {
	[COL_MASK] = { .title = N_("Card"), .align = UI_LEFT },
	[COL_SYSTEM] = { .title = N_("System"), .align = UI_LEFT, .drop = 1 },
	[COL_EXPIRES] = { .title = N_("Expires"), .align = UI_LEFT },
};

static const struct ui_list_ops cd_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

/* --- unbinding --- */

static void reload_if_open(struct app *app)
{
	if (cd.open)
		load(app);
}

static void unbound(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)reply, (void)ud;
	reload_if_open(app);
}

static void unbind_settle(struct app *app, void *ud)
{
	(void)ud;
	reload_if_open(app);
}

/* ud: "mask (expires MM/YY)" of the card, for the words of a refusal. */
static bool unbind_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	if (reply->err == APIERR_CONFLICT) {
		char title[256];
		snprintf(title, sizeof(title), _("Card %s pays an autopay rule"), (const char *)ud);
		ui_dialog_info(title, _("An autopay rule pays with this card, so it cannot be unbound.\n"
					"Give the rule another card or delete the rule on screen 5\n"
					"(Autopay), then unbind the card."));
		ui_message(UI_MSG_WARNING, "%s", _("The card is not unbound: it pays an autopay rule."));
		return true;
	}
	if (reply->err == APIERR_NOT_FOUND) {
		ui_message(UI_MSG_WARNING, _("Card %s is not bound any more: the list is read again."),
			   (const char *)ud);
		reload_if_open(app);
		return true;
	}
	return false;
}

static void unbind(struct app *app, const struct card *c)
{
	struct ui_change ch = { .act = ACT_UNBIND_CARD, .method = "unbindCard", .done = unbound,
				.refused = unbind_refused, .settle = unbind_settle,
				.ud_free = free };
	char name[96];

	snprintf(name, sizeof(name), "%s", c->mask);
	snprintf(ch.question, sizeof(ch.question), _("Unbind card %s, %s, expires %s?"), c->mask,
		 pay_card_system_name(c->system), c->expires);
	snprintf(ch.detail, sizeof(ch.detail), "%s",
		 _("It will not pay any more, by hand or by autopay;\n"
		   "its past payments stay in the history. It can be bound again later."));
	snprintf(ch.done_msg, sizeof(ch.done_msg), _("Card %s is unbound."), c->mask);
	ch.body = model_body_card_id(c->id);
	ch.ud = strdup(name);
	ui_change(app, &ch);
}

/* --- the screen --- */

static void cd_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], key[64], rouble[64];
	int y = 0;

	(void)app;
	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&cd.load, cd.known, _("Bound cards"), _("Bound cards"), line,
				   sizeof(line)));
	y++;
	if (!cd.known) {
		ui_load_draw_wait(pane, y, cols, &cd.load, _("Loading the cards..."));
		return;
	}
	if (cd.cards.n == 0) {
		keys_for_action(KEYMAP_PAYMENTS, ACT_BIND_CARD, key, sizeof(key));
		ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("No bank card is bound."));
		ui_money(100, rouble, sizeof(rouble));
		snprintf(line, sizeof(line),
			 _("Press %s to bind one: it is checked with a charge of %s, returned at once."),
			 key[0] ? key : "b", rouble);
		if (!app_read_only(app))
			ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	} else {
		ui_list_draw(&cd.list, pane, y, cd.load.failed && rows > y + 2 ? rows - y - 1 : rows - y,
			     cols);
	}
	if (cd.load.failed && rows > y + 2)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&cd.load, line, sizeof(line)));
}

void cards_moved(struct app *app)
{
	reload_if_open(app);
}

static enum ui_key_result cd_key(struct app *app, enum action act, int key)
{
	(void)key;
	switch (act) {
	case ACT_SHOW_CARDS:
		return UI_DONE;
	case ACT_BIND_CARD:
		pay_bind_card(app, NULL);	/* ui_moved() reads the cards again */
		return UI_DONE;
	case ACT_UNBIND_CARD:
		if (!cd.known)
			ui_message(UI_MSG_INFO, "%s", _("Wait until the cards have loaded."));
		else if (cd.list.sel < cd.cards.n)
			unbind(app, &cd.cards.items[cd.list.sel]);
		else
			ui_message(UI_MSG_INFO, "%s", _("No bank card is bound."));
		return UI_DONE;
	default:
		if (ui_list_key(&cd.list, act))
			return UI_DONE;
		return payments_run(app, act, NULL) ? UI_DONE : UI_PASS;
	}
}

static void cd_search(struct app *app, const char *text, int dir)
{
	(void)app;
	ui_list_search_say(&cd.list, ui_list_search(&cd.list, text, dir, opt.wrap_search), dir);
}

static void cd_open(struct app *app)
{
	cd.load.done = loaded;
	cd.load.what = what_of;
	cd.known = false;
	cd.open = true;
	ui_list_init(&cd.list, cd_cols, COL_COUNT, &cd_list_ops, app);
	load(app);
}

static void cd_close(struct app *app)
{
	(void)app;
	ui_load_drop(&cd.load);
	model_free_cards(&cd.cards);
	cd.known = false;
	cd.open = false;
}

static void cd_reload(struct app *app)
{
	load(app);
}

void cards_show(struct app *app)
{
	(void)app;
	if (ui_front() != &cards_screen)
		ui_push(&cards_screen);
}

static const struct ui_hint cd_hints[] = {
	{ ACT_BIND_CARD, N_("bind") },
	{ ACT_UNBIND_CARD, N_("unbind") },
	{ ACT_HELP, N_("help") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct screen_ops cards_screen = {
	.name = "payments",
	.title = N_("Bound cards"),
	.keymap = KEYMAP_PAYMENTS,
	.open = cd_open,
	.close = cd_close,
	.draw = cd_draw,
	.key = cd_key,
	.reload = cd_reload,
	.hints = cd_hints,
	.search = cd_search,
	.accepts = ui_list_accepts,
};
