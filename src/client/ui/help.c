/* The ?/F1 overlay: the keys the screen under it takes now, straight from the action
 * table, the key maps and the screen's own word (accepts, own_keys), so it can never
 * drift from what the keys do; the bottom line's hints ask the same (ui_offers). */
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"

#define OWN_MAX 16
#define HELP_WRAP_MAX 3	/* rows of one line's help text at most */

struct help_line {
	enum action act;		/* ACT_NONE for a heading or an own key */
	const char *heading;
	const struct ui_key_doc *doc;	/* an own key of the screen */
};

static struct {
	struct help_line lines[ACT_COUNT + OWN_MAX + 8];
	int count;
	int top;		/* first line shown */
	int rows;		/* rows of the list at the last draw */
} hp;

bool ui_accepts(struct app *app, const struct screen_ops *s, enum action act)
{
	if (!s || act <= ACT_NONE || act >= ACT_COUNT || ui_menu_foreign(act))
		return false;
	if (!action_in_keymap(act, s->keymap) &&
	    !(keys_layer() != KEYMAP_GENERIC && (action_scope(act) & (1u << keys_layer()))))
		return false;
	if ((act == ACT_SEARCH || act == ACT_SEARCH_NEXT || act == ACT_SEARCH_PREV) && !s->search)
		return false;
	return !s->accepts || s->accepts(app, act);
}

bool ui_offers(struct app *app, const struct screen_ops *s, enum action act)
{
	if (action_changes(act) && (app_read_only(app) || app_cache_only(app)))
		return false;
	return ui_accepts(app, s, act);
}

bool ui_form_accepts(struct app *app, enum action act)
{
	(void)app;
	switch (act) {
	case ACT_QUIT:
	case ACT_HELP:
	case ACT_REDRAW:
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
	case ACT_ENTER:
	case ACT_CANCEL:
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
	case ACT_COMMAND_PROMPT:
	case ACT_MESSAGES:
		return true;
	default:
		return false;
	}
}

bool ui_list_accepts(struct app *app, enum action act)
{
	(void)app;
	return act != ACT_NEXT_FIELD && act != ACT_PREV_FIELD;
}

static const struct ui_key_doc form_keys[] = {
	{ N_("Typing"), N_("Goes into the text field in focus"), ACT_NONE },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

const struct ui_key_doc *ui_form_own_keys(struct app *app)
{
	(void)app;
	return form_keys;
}

static const struct ui_key_doc code_keys[] = {
	{ N_("0-9"), N_("Type the code"), ACT_NONE },
	{ NULL, N_("Confirm the code, or press the button in focus"), ACT_ENTER },
	{ NULL, N_("Send a new code (once the wait is over)"), ACT_REFRESH },
	{ NULL, N_("Back to the step before"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

const struct ui_key_doc *ui_code_own_keys(struct app *app)
{
	(void)app;
	return code_keys;
}

static const struct ui_key_doc step_keys[] = {
	{ N_("Typing"), N_("Goes into the text field in focus"), ACT_NONE },
	{ NULL, N_("On to the next step, once what is typed is right"), ACT_ENTER },
	{ NULL, N_("Back to the step before; from the first, out"), ACT_CANCEL },
	{ "?", N_("This help, when the focus is not on a text field"), ACT_NONE },
	{ NULL, NULL, ACT_NONE },
};

const struct ui_key_doc *ui_wizard_own_keys(struct app *app, bool code_step)
{
	return code_step ? ui_code_own_keys(app) : step_keys;
}

bool ui_types(struct app *app, const struct screen_ops *s)
{
	return s && (s->text_input || (s->typing && s->typing(app)));
}

/* The keys of an action on the screen, without the letters a form takes for its
 * fields (those keys type, they do not run the action there). */
static void keys_of(struct app *app, const struct screen_ops *s, enum action act, char *out,
		    size_t size)
{
	char all[256], *save = NULL;
	size_t used = 0;
	bool types = ui_types(app, s);

	keys_for_action(s->keymap, act, all, sizeof(all));
	out[0] = '\0';
	for (char *k = strtok_r(all, ", ", &save); k; k = strtok_r(NULL, ", ", &save)) {
		int key = keys_parse(k);
		if (types && ui_key_is_text(key))
			continue;
		used += (size_t)snprintf(out + used, used < size ? size - used : 0, "%s%s",
					 used ? ", " : "", k);
	}
}

/* What a line's keys column says: an own key's, else the action's keys here. */
static void line_keys(struct app *app, const struct screen_ops *s, const struct help_line *l,
		      char *out, size_t size)
{
	if (l->doc && l->doc->keys)
		snprintf(out, size, "%s", _(l->doc->keys));
	else
		keys_of(app, s, l->doc ? l->doc->act : l->act, out, size);
}

/* Whether an own key's line of the screen stands for act. */
static bool own_line_for(const struct ui_key_doc *own, enum action act)
{
	for (int i = 0; own && i < OWN_MAX && own[i].what; i++)
		if (own[i].act == act)
			return true;
	return false;
}

static void heading(bool *done, const char *text)
{
	if (*done)
		return;
	if (hp.count)	/* a blank line between the sections */
		hp.lines[hp.count++] = (struct help_line){ ACT_NONE, NULL, NULL };
	hp.lines[hp.count++] = (struct help_line){ ACT_NONE, text, NULL };
	*done = true;
}

static void build(struct app *app, const struct screen_ops *s)
{
	const struct ui_key_doc *own = s->own_keys ? s->own_keys(app) : NULL;

	hp.count = 0;
	for (int pass = 0; pass < 2; pass++) {
		bool done = false;
		for (int i = 0; pass == 0 && own && i < OWN_MAX && own[i].what; i++) {
			struct help_line l = { ACT_NONE, NULL, &own[i] };
			char keys[256];
			line_keys(app, s, &l, keys, sizeof(keys));
			if (!keys[0])
				continue;	/* an action bound to no key that works here */
			heading(&done, N_("On this screen"));
			hp.lines[hp.count++] = l;
		}
		for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			enum action act = (enum action)a;
			char keys[256];
			bool generic = action_scope(act) & (SCOPE(GENERIC) | (1u << keys_layer()));
			if (generic != (pass == 1) || !ui_accepts(app, s, act) ||
			    own_line_for(own, act))
				continue;
			keys_of(app, s, act, keys, sizeof(keys));
			if (!keys[0])
				continue;
			heading(&done, pass ? N_("Everywhere") : N_("On this screen"));
			hp.lines[hp.count++] = (struct help_line){ act, NULL, NULL };
		}
	}
}

/* What a line says: the action's help, with why it is refused now. */
static void line_help(struct app *app, const struct screen_ops *s, const struct help_line *l,
		      char *out, size_t size)
{
	const char *text = action_help(l->act), *why = "";

	if (l->doc) {
		snprintf(out, size, "%s", _(l->doc->what));
		return;
	}
	if (l->act == ACT_ENTER && ui_types(app, s))
		text = _("Go on: the next field, or the button in focus");
	if (action_changes(l->act) && app_read_only(app))
		why = _(" (refused: read-only)");
	else if (action_changes(l->act) && app_cache_only(app))
		why = _(" (waits for the fresh figures)");
	snprintf(out, size, "%s%s", text, why);
}

static void help_open(struct app *app)
{
	(void)app;
	hp.top = 0;
}

/* A line's rows: a help text too long for its column goes on below, up to three. */
static int line_rows(struct app *app, const struct screen_ops *s, const struct help_line *l,
		     int width)
{
	char help[512];

	if (l->heading || (l->act == ACT_NONE && !l->doc))
		return 1;
	line_help(app, s, l, help, sizeof(help));
	return ui_put_wrapped(NULL, 0, 0, width, HELP_WRAP_MAX, AREA_HELP, help);
}

static void help_draw(struct app *app, WINDOW *pane, int rows, int cols)
{
	const struct screen_ops *s = ui_below();
	char title[256];
	int key_w = 0, y, width, last_top, left, i;

	if (!s)
		return;
	build(app, s);
	for (i = 0; i < hp.count; i++)
		if (hp.lines[i].act != ACT_NONE || hp.lines[i].doc) {
			char keys[256];
			line_keys(app, s, &hp.lines[i], keys, sizeof(keys));
			if (ui_width(keys) > key_w)
				key_w = ui_width(keys);
		}
	if (key_w > cols / 3)
		key_w = cols / 3;
	/* The help column stops short of the arrows' column. */
	width = cols - key_w - 7 > 1 ? cols - key_w - 7 : 1;
	snprintf(title, sizeof(title), _("Keys of the screen '%s'"), _(s->title));
	ui_put(pane, 0, 1, cols - 2, UI_LEFT, AREA_HELP, title);
	mvwchgat(pane, 0, 1, ui_width(title) < cols - 2 ? ui_width(title) : cols - 2, A_BOLD,
		 ui_pair(AREA_HELP), NULL);
	hp.rows = rows - 2;
	/* The last screenful ends with the last line, however many rows its lines take. */
	last_top = hp.count;
	for (left = hp.rows; last_top > 0; last_top--) {
		left -= line_rows(app, s, &hp.lines[last_top - 1], width);
		if (left < 0)
			break;
	}
	if (hp.top > last_top)
		hp.top = last_top;
	if (hp.top < 0)
		hp.top = 0;
	y = 2;
	for (i = hp.top; i < hp.count && y < rows; i++) {
		const struct help_line *l = &hp.lines[i];
		char keys[256], help[512];
		if (l->act == ACT_NONE && !l->heading && !l->doc) {
			y++;
			continue;
		}
		if (l->heading) {
			ui_put(pane, y, 1, cols - 2, UI_LEFT, AREA_HELP, _(l->heading));
			mvwchgat(pane, y, 1, ui_width(_(l->heading)) < cols - 2 ? ui_width(_(l->heading)) : cols - 2,
				 A_UNDERLINE, ui_pair(AREA_HELP), NULL);
			y++;
			continue;
		}
		if (y + line_rows(app, s, l, width) > rows)
			break;	/* not cut: it shows whole once scrolled to */
		line_keys(app, s, l, keys, sizeof(keys));
		line_help(app, s, l, help, sizeof(help));
		ui_put(pane, y, 3, key_w, UI_LEFT, AREA_HELP, keys);
		y += ui_put_wrapped(pane, y, 3 + key_w + 2, width, HELP_WRAP_MAX, AREA_HELP, help);
	}
	/* Arrows at the right edge say there is more above or below. */
	if (hp.top > 0)
		ui_put(pane, 2, cols - 2, 1, UI_LEFT, AREA_HELP, "↑");
	if (i < hp.count)
		ui_put(pane, rows - 1, cols - 2, 1, UI_LEFT, AREA_HELP, "↓");
}

static enum ui_key_result help_key(struct app *app, enum action act, int key)
{
	(void)app;
	(void)key;
	switch (act) {
	case ACT_MOVE_DOWN:
		hp.top++;
		break;
	case ACT_MOVE_UP:
		hp.top--;
		break;
	case ACT_PAGE_DOWN:
		hp.top += hp.rows > 1 ? hp.rows - 1 : 1;
		break;
	case ACT_PAGE_UP:
		hp.top -= hp.rows > 1 ? hp.rows - 1 : 1;
		break;
	case ACT_MOVE_TOP:
		hp.top = 0;
		break;
	case ACT_MOVE_BOTTOM:
		hp.top = hp.count;
		break;
	case ACT_ENTER:
		ui_pop();
		return UI_DONE;
	default:
		return UI_PASS;
	}
	if (hp.top < 0)
		hp.top = 0;
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

static const struct ui_hint help_hints[] = {
	{ ACT_MOVE_DOWN, N_("down") },
	{ ACT_MOVE_UP, N_("up") },
	{ ACT_BACK, N_("close") },
	{ ACT_NONE, NULL },
};

const struct screen_ops help_screen = {
	.name = "help",
	.title = N_("Help"),
	.keymap = KEYMAP_HELP,
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.hints = help_hints,
};
