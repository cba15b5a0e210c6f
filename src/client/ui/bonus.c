/* Screen 6, the bonus program (getFplStatus): the status, the level and until when,
 * the points and what they are worth, every lot that burns on the list view with the
 * soonest one said in words; J joins a profile that is not a member (confirmed, then
 * the status read again), s opens the form that spends points (bonus_spend.c). */
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
#include "kabinet/apierr.h"
#include "kabinet/app.h"
#include "kabinet/model/bonus.h"
#include "kabinet/i18n.h"
#include "kabinet/model/sums.h"

enum { R_STATUS };
enum col { COL_DATE, COL_POINTS, COL_WORTH, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct bonus_status st;
	bool known;
	bool open;
} bn;

/* "1 250 points" / "1 250 баллов". */
char *bonus_points_text(int64_t n, char *buf, size_t size)
{
	char num[32];

	ui_number(n, num, sizeof(num));
	/* ngettext takes an unsigned long: the last digits choose the form. */
	snprintf(buf, size, ngettext("%s point", "%s points", (unsigned long)(n % 1000000)), num);
	return buf;
}

static void load(struct app *app)
{
	ui_load_begin(&bn.load);
	ui_load_call(app, &bn.load, "getFplStatus", model_body_empty(), R_STATUS, NULL);
}

bool bonus_reload(struct app *app)
{
	if (bn.open)
		load(app);
	return bn.open;
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("The bonus program status"));
}

/* A status object in (getFplStatus or joinBonusProgram): the screen and the overview
 * show it. */
static bool take_status(struct app *app, const char *json, struct model_err *err)
{
	struct bonus_status fresh;

	if (model_parse_bonus_status(json, &fresh, err) != MODEL_OK)
		return false;
	model_free_bonus_status(&bn.st);
	bn.st = fresh;
	bn.known = true;
	bonus_summary(&bn.st, &app->bonus);
	app->bonus_known = true;
	ui_list_set_rows(&bn.list, bn.st.nlots, false);
	ui_list_changed(&bn.list);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return true;
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct model_err err;

	if (!take_status(app, reply->body, &err))
		ui_load_bad_reply(app, &bn.load, kind, key, err.msg);
}

/* --- the lots that burn --- */

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct bonus_lot *l = row < bn.st.nlots ? &bn.st.lots[row] : NULL;
	int64_t worth;

	(void)ud;
	buf[0] = '\0';
	if (!l)
		return;
	switch ((enum col)col) {
	case COL_DATE:
		ui_date(l->date, false, buf, size);
		break;
	case COL_POINTS:
		ui_number(l->points, buf, size);
		break;
	case COL_WORTH:
		if (sums_points_worth(l->points, &worth))
			ui_money(worth, buf, size);
		else
			snprintf(buf, size, "%s", _("too large"));
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud, (void)col;
	return row == 0 ? AREA_WARNING : AREA_DEFAULT;
}

static const struct ui_col bn_cols[COL_COUNT] = {
	[COL_DATE] = { .title = N_("Burns on"), .align = UI_LEFT },
	[COL_POINTS] = { .title = N_("Points"), .align = UI_RIGHT, .whole = true },
	[COL_WORTH] = { .title = N_("Worth"), .align = UI_RIGHT, .whole = true, .drop = 1 },
};

static const struct ui_list_ops bn_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

/* --- joining --- */

static void joined(struct app *app, const struct api_reply *reply, void *ud)
{
	struct model_err err;

	(void)ud;
	if (bn.open && take_status(app, reply->body, &err) && bn.st.active)
		ui_message(UI_MSG_INFO, _("You are in the bonus program now, at level %s."),
			   bn.st.level_name);
	else
		ui_message(UI_MSG_INFO, "%s", _("You are in the bonus program now."));
	/* The status read again: what the server holds, not only what it answered. */
	bonus_reload(app);
}

static void join_settle(struct app *app, void *ud)
{
	(void)ud;
	bonus_reload(app);
}

static bool join_refused(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)ud;
	if (reply->err != APIERR_CONFLICT)
		return false;
	ui_message(UI_MSG_INFO, "%s", _("You are in the bonus program already: the status is read again."));
	bonus_reload(app);
	return true;
}

static void join(struct app *app)
{
	struct ui_change c = { .act = ACT_JOIN_BONUS, .method = "joinBonusProgram",
			       .done = joined, .refused = join_refused, .settle = join_settle };

	if (app_read_only(app)) {
		ui_message(UI_MSG_ERROR, app_refused_fmt(app),
			   action_help(ACT_JOIN_BONUS));
		return;
	}
	if (!bn.known) {
		ui_message(UI_MSG_INFO, "%s", _("Wait until the status has loaded."));
		return;
	}
	if (bn.st.active) {
		ui_message(UI_MSG_INFO, "%s", _("You are in the bonus program already."));
		return;
	}
	snprintf(c.question, sizeof(c.question), "%s", _("Join the bonus program?"));
	snprintf(c.detail, sizeof(c.detail), "%s",
		 _("You start at the basic level with 0 points, for a year.\n"
		   "Points pay for services: one point is one rouble."));
	c.body = model_body_empty();
	ui_change(app, &c);
}

/* --- the screen --- */

static int draw_member(struct app *app, WINDOW *pane, int y, int rows, int cols)
{
	char line[1024], a[64], b[64], date[32], key[32];
	int64_t worth;

	(void)app;
	ui_date(bn.st.level_expires, false, date, sizeof(date));
	snprintf(line, sizeof(line), _("Level: %s, until %s"), bn.st.level_name, date);
	ui_put(pane, y++, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	bonus_points_text(bn.st.points, a, sizeof(a));
	if (sums_points_worth(bn.st.points, &worth)) {
		ui_money(worth, b, sizeof(b));
		snprintf(line, sizeof(line),
			 _("You have %s, worth %s: one point pays one rouble on any of your accounts."),
			 a, b);
	} else {
		snprintf(line, sizeof(line), _("You have %s; what they are worth is not shown: %s."),
			 a, sums_beyond_text());
	}
	y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT, line);
	y++;
	if (bn.st.nlots && y < rows) {
		/* The soonest lot in words: it is what the next spending takes first. */
		bonus_points_text(bn.st.lots[0].points, a, sizeof(a));
		ui_date(bn.st.lots[0].date, false, date, sizeof(date));
		snprintf(line, sizeof(line),
			 ngettext("%s burns on %s — spend it first.",
				  "%s burn on %s — spend them first.",
				  (unsigned long)(bn.st.lots[0].points % 1000000)),
			 a, date);
		y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_WARNING, line);
		y++;
	} else if (y < rows) {
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, _("None of your points burn."));
		y += 2;
	}
	if (bn.st.points > 0 && !app_read_only(app) && y < rows) {
		snprintf(line, sizeof(line), _("Press %s to spend points on an account."),
			 keys_first(KEYMAP_BONUS, ACT_SPEND_BONUSES, key, sizeof(key)));
		ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
		y += 2;
	}
	if (bn.st.nlots && y < rows)
		y += ui_list_draw(&bn.list, pane, y, rows - y, cols);
	return y;
}

static void bn_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], key[32];
	int y = 0;

	ui_put_attr(pane, y++, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&bn.load, bn.known, _("Bonus program"),
				   bn.known && bn.st.active ? _("Bonus program: you are a member")
							    : _("Bonus program"),
				   line, sizeof(line)));
	y++;
	if (!bn.known) {
		ui_load_draw_wait(pane, y, cols, &bn.load, _("Loading the bonus program..."));
		return;
	}
	if (bn.st.active) {
		y = draw_member(app, pane, y, bn.load.failed ? rows - 1 : rows, cols);
	} else {
		y += ui_put_wrapped(pane, y, 1, cols - 2, rows - y, AREA_DEFAULT,
				    _("You are not in the bonus program. Its members get points that pay "
				      "for services: one point is one rouble on any of your accounts."));
		y++;
		snprintf(line, sizeof(line), _("Press %s to join."),
			 keys_first(KEYMAP_BONUS, ACT_JOIN_BONUS, key, sizeof(key)));
		if (y < rows && !app_read_only(app))
			ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_DEFAULT, line);
	}
	if (bn.load.failed && rows > y + 1)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&bn.load, line, sizeof(line)));
}

static void spend(struct app *app)
{
	if (!bn.known) {
		ui_message(UI_MSG_INFO, "%s", _("Wait until the status has loaded."));
		return;
	}
	if (!bn.st.active) {
		char key[32];
		ui_message(UI_MSG_INFO, _("Join the bonus program first (%s)."),
			   keys_first(KEYMAP_BONUS, ACT_JOIN_BONUS, key, sizeof(key)));
		return;
	}
	if (bn.st.points <= 0) {
		ui_message(UI_MSG_INFO, "%s", _("You have no points to spend."));
		return;
	}
	bonus_spend_show(app, NULL);
}

static enum ui_key_result bn_key(struct app *app, enum action act, int key)
{
	(void)key;
	switch (act) {
	case ACT_SPEND_BONUSES:
		spend(app);
		return UI_DONE;
	case ACT_JOIN_BONUS:
		join(app);
		return UI_DONE;
	default:
		return ui_list_key(&bn.list, act) ? UI_DONE : UI_PASS;
	}
}

static void bn_open(struct app *app)
{
	bn.load.done = loaded;
	bn.load.what = what_of;
	bn.known = false;
	bn.open = true;
	ui_list_init(&bn.list, bn_cols, COL_COUNT, &bn_list_ops, app);
	load(app);
}

static void bn_close(struct app *app)
{
	(void)app;
	ui_load_drop(&bn.load);
	model_free_bonus_status(&bn.st);
	bn.known = false;
	bn.open = false;
}

static void bn_reload(struct app *app)
{
	load(app);
}

static const struct ui_hint bn_hints[] = {
	{ ACT_SPEND_BONUSES, N_("spend points") },
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint bn_hints_join[] = {
	{ ACT_JOIN_BONUS, N_("join") },
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint bn_hints_wait[] = {
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_HELP, N_("help") },
	{ ACT_NONE, NULL },
};

static const struct ui_hint *bn_hints_now(struct app *app)
{
	(void)app;
	if (!bn.known)
		return bn_hints_wait;
	if (!bn.st.active)
		return bn_hints_join;
	return bn.st.points > 0 ? bn_hints : bn_hints_wait;
}

const struct screen_ops bonus_screen = {
	.name = "bonus",
	.title = N_("Bonus"),
	.keymap = KEYMAP_BONUS,
	.top_level = true,
	.open = bn_open,
	.close = bn_close,
	.draw = bn_draw,
	.key = bn_key,
	.reload = bn_reload,
	.hints = bn_hints,
	.hints_now = bn_hints_now,
	.accepts = ui_list_accepts,
};
