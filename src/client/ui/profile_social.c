/* Screen 8's "Social accounts", a sub-screen over the profile: every provider the
 * server offers, linked to this profile or not, with the name the provider gave and
 * since when (getSocialLinks). Enter (or l) on one not linked links it through the
 * device screen (social_link_device: startSocialLink, then pollSocialLink); u or
 * Delete on a linked one unlinks it (unlinkSocial) after a confirmation. After either
 * change the whole list is read again. Every text of the server's is drawn through
 * draw.c, so none of it reaches the terminal raw. */
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
#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/model.h"
#include "kabinet/model/social.h"

static const struct screen_ops social_screen;

enum { R_LINKS };
enum col { COL_PROVIDER, COL_STATE, COL_NAME, COL_SINCE, COL_COUNT };

static struct {
	struct ui_loader load;
	struct ui_list list;
	struct social_links links;
	bool known;		/* getSocialLinks answered */
} so;

/* --- loading --- */

static void reload(struct app *app)
{
	ui_load_begin(&so.load);
	ui_load_call(app, &so.load, "getSocialLinks", model_body_empty(), R_LINKS, NULL);
}

static void loaded(struct app *app, int kind, const char *key, const struct api_reply *reply)
{
	struct social_links links;
	struct model_err err;

	if (model_parse_social_links(reply->body, &links, &err) != MODEL_OK) {
		ui_load_bad_reply(app, &so.load, kind, key, err.msg);
		return;
	}
	model_free_social_links(&so.links);
	so.links = links;
	so.known = true;
	ui_list_set_rows(&so.list, so.links.n, false);
	ui_list_changed(&so.list);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

static void what_of(struct app *app, int kind, const char *key, char *buf, size_t size)
{
	(void)app, (void)kind, (void)key;
	snprintf(buf, size, "%s", _("Social accounts"));
}

/* --- the list --- */

static void list_cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct social_link *l = row < so.links.n ? &so.links.items[row] : NULL;

	(void)ud;
	buf[0] = '\0';
	if (!l)
		return;
	switch ((enum col)col) {
	case COL_PROVIDER:
		snprintf(buf, size, "%s", l->name);
		break;
	case COL_STATE:
		snprintf(buf, size, "%s", l->linked ? _("linked") : _("not linked"));
		break;
	case COL_NAME:
		snprintf(buf, size, "%s", l->display_name);
		break;
	case COL_SINCE:
		if (l->linked)
			date_instant(l->linked_at, buf, size);
		break;
	case COL_COUNT:
		break;
	}
}

static enum color_area list_area(void *ud, size_t row, int col)
{
	(void)ud;
	if (col == COL_STATE && row < so.links.n && so.links.items[row].linked)
		return AREA_POSITIVE;
	return AREA_DEFAULT;
}

static const struct ui_col so_cols[COL_COUNT] = {
	[COL_PROVIDER] = { .title = N_("Provider"), .align = UI_LEFT, .min = 8 },
	[COL_STATE] = { .title = N_("State"), .align = UI_LEFT },
	[COL_NAME] = { .title = N_("Name there"), .align = UI_LEFT, .min = 10 },
	[COL_SINCE] = { .title = N_("Since"), .align = UI_LEFT, .drop = 1 },
};

static const struct ui_list_ops so_list_ops = {
	.cell = list_cell,
	.area = list_area,
};

/* --- linking and unlinking --- */

static const struct social_link *selected(void)
{
	return so.known && so.list.sel < so.links.n ? &so.links.items[so.list.sel] : NULL;
}

static void linked(struct app *app, const struct social_link *l)
{
	ui_message(UI_MSG_INFO, _("%s is linked: you can log in with it."), l->name);
	if (ui_front() == &social_screen)
		reload(app);
}

static void unlinked(struct app *app, const struct api_reply *reply, void *ud)
{
	(void)reply, (void)ud;
	reload(app);
}

/* No answer: whether it went is not known; the list says. */
static void unlink_settle(struct app *app, void *ud)
{
	(void)ud;
	reload(app);
}

static void unlink_selected(struct app *app, const struct social_link *l)
{
	struct ui_change c = { .act = ACT_SOCIAL_UNLINK, .method = "unlinkSocial",
			       .done = unlinked, .settle = unlink_settle };

	snprintf(c.question, sizeof(c.question), _("Unlink %s?"), l->name);
	snprintf(c.detail, sizeof(c.detail), "%s",
		 _("Logging in with it will no longer work; the password still does."));
	snprintf(c.done_msg, sizeof(c.done_msg), _("%s is unlinked."), l->name);
	c.body = model_body_social_provider(l->provider);
	ui_change(app, &c);
}

static void link_selected(struct app *app, const struct social_link *l)
{
	if (app_read_only(app)) {
		ui_message(UI_MSG_ERROR, "%s", _("Read-only mode: linking an account is refused."));
		return;
	}
	if (l->linked) {
		ui_message(UI_MSG_INFO, _("%s is linked already (u unlinks it)."), l->name);
		return;
	}
	social_link_device(app, l->provider, l->name, linked);
}

/* --- the screen --- */

static void so_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	char line[1024], figures[128];
	size_t n = 0;

	(void)app;
	for (size_t i = 0; i < so.links.n; i++)
		n += so.links.items[i].linked;
	snprintf(figures, sizeof(figures), _("Social accounts · %zu of %zu linked"), n, so.links.n);
	ui_put_attr(pane, 0, 1, cols - 2, UI_LEFT, A_BOLD, 0,
		    ui_load_header(&so.load, so.known, _("Social accounts"), figures, line,
				   sizeof(line)));
	if (rows < 3)
		return;
	if (!so.known) {
		ui_load_draw_wait(pane, 2, cols, &so.load, _("Loading the social accounts..."));
		return;
	}
	if (so.links.n == 0) {
		ui_put_wrapped(pane, 2, 1, cols - 2, rows - 2, AREA_DEFAULT,
			       _("This server offers no social login."));
		return;
	}
	ui_list_draw(&so.list, pane, 1, rows - 1 - (so.load.failed ? 1 : 0), cols);
	if (so.load.failed)
		ui_put(pane, rows - 1, 1, cols - 2, UI_LEFT, AREA_ERROR,
		       ui_load_status(&so.load, line, sizeof(line)));
}

static enum ui_key_result so_key(struct app *app, enum action act, int key)
{
	const struct social_link *l = selected();

	(void)key;
	switch (act) {
	case ACT_ENTER:
	case ACT_SOCIAL_ACCOUNTS:
		if (l)
			link_selected(app, l);
		return UI_DONE;
	case ACT_SOCIAL_UNLINK:
		if (l && l->linked)
			unlink_selected(app, l);
		else if (l)
			ui_message(UI_MSG_INFO, _("%s is not linked."), l->name);
		return UI_DONE;
	default:
		break;
	}
	if (!ui_list_key(&so.list, act))
		return UI_PASS;
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
	return UI_DONE;
}

static void so_search(struct app *app, const char *text, int dir)
{
	(void)app;
	ui_list_search_say(&so.list, ui_list_search(&so.list, text, dir, false), dir);
}

static void so_open(struct app *app)
{
	so.load.done = loaded;
	so.load.what = what_of;
	so.known = false;
	ui_list_init(&so.list, so_cols, COL_COUNT, &so_list_ops, app);
	reload(app);
}

static void so_close(struct app *app)
{
	(void)app;
	ui_load_drop(&so.load);
	model_free_social_links(&so.links);
	so.known = false;
}

/* Linking and unlinking here; the profile's own changes are its screen's. */
static bool so_accepts(struct app *app, enum action act)
{
	const struct social_link *l = selected();

	/* Linking changes the profile: not offered read-only (link_selected() says why). */
	if (act == ACT_SOCIAL_ACCOUNTS || act == ACT_ENTER)
		return l && !l->linked && !app_read_only(app);
	if (act == ACT_SOCIAL_UNLINK)
		return l && l->linked;
	if (action_changes(act))
		return false;
	return ui_list_accepts(app, act);
}

void profile_social_show(struct app *app)
{
	(void)app;
	if (ui_front() != &social_screen)
		ui_push(&social_screen);
}

static const struct ui_hint so_hints[] = {
	{ ACT_ENTER, N_("link") },
	{ ACT_SOCIAL_UNLINK, N_("unlink") },
	{ ACT_REFRESH, N_("refresh") },
	{ ACT_BACK, N_("back") },
	{ ACT_NONE, NULL },
};

static const struct screen_ops social_screen = {
	.name = "profile",
	.title = N_("Social accounts"),
	.keymap = KEYMAP_PROFILE,
	.open = so_open,
	.close = so_close,
	.draw = so_draw,
	.key = so_key,
	.reload = reload,
	.hints = so_hints,
	.search = so_search,
	.accepts = so_accepts,
};
