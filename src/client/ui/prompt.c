/* The : command line: one line edited in the bottom line, with history; Enter runs
 * it through the same parser as the config file (set, bind, unbind, color, quit,
 * pay, any action by name), Esc drops it. Errors go to the bottom line. The same
 * line after / is a search. */
#include "kabinet/ui/prompt.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/paste.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/options.h"

#define HISTORY_MAX 50

static struct {
	bool active;
	bool search;		/* opened by /, not : */
	struct ui_edit line;
	char *history[HISTORY_MAX];	/* oldest first */
	size_t count;
	size_t browse;			/* == count: the line being typed */
	char typed[CONFIG_LINE_MAX + 1];	/* what was typed before browsing */
} pr;

bool ui_prompt_active(void)
{
	return pr.active;
}

void ui_prompt_open_search(void)
{
	ui_prompt_open();
	pr.search = true;
}

void ui_prompt_open(void)
{
	pr.active = true;
	pr.search = false;
	pr.line.max = UI_EDIT_MAX;
	ui_edit_wipe(&pr.line);
	pr.browse = pr.count;
	ui_dirty(UI_DIRTY_BOTTOM);
}

static void close_prompt(void)
{
	pr.active = false;
	ui_edit_wipe(&pr.line);
	ui_dirty(UI_DIRTY_BOTTOM);
}

static void remember(const char *line)
{
	char *copy;

	if (!*line || (pr.count && !strcmp(pr.history[pr.count - 1], line)))
		return;
	if (!(copy = strdup(line)))
		return;
	if (pr.count == HISTORY_MAX) {
		free(pr.history[0]);
		memmove(pr.history, pr.history + 1, (HISTORY_MAX - 1) * sizeof(char *));
		pr.count--;
	}
	pr.history[pr.count++] = copy;
}

static void browse(int dir)
{
	size_t to;

	if (dir < 0 && pr.browse == 0)
		return;
	if (dir > 0 && pr.browse >= pr.count)
		return;
	if (pr.browse == pr.count)
		ui_edit_get(&pr.line, pr.typed, sizeof(pr.typed));
	to = dir < 0 ? pr.browse - 1 : pr.browse + 1;
	pr.browse = to;
	ui_edit_set(&pr.line, to == pr.count ? pr.typed : pr.history[to]);
}

static void run(struct app *app, const char *line)
{
	struct command cmd;
	struct diag d = { 0 };

	if (config_exec(line, &cmd, &d) < 0) {
		const char *why = diag_last(&d);
		ui_message(UI_MSG_ERROR, "%s", why ? why : _("The command failed."));
		diag_clear(&d);
		return;
	}
	diag_clear(&d);
	switch (cmd.kind) {
	case CMD_NONE:
		if (cmd.option)
			ui_option_changed(app, cmd.option);
		else
			ui_config_changed(app);
		break;
	case CMD_SHOW:
		ui_message(UI_MSG_INFO, "%s", cmd.text);
		break;
	case CMD_ACTION:
		/* As if its key were pressed on the screen in front, with the same
		 * read-only check (:pay ACCOUNT AMOUNT too). */
		if (cmd.action == ACT_PAY && cmd.account[0]) {
			/* :pay NUMBER AMOUNT, on any screen: the form with both filled in. */
			if (app_read_only(app) || app_cache_only(app) || !ui_screens()->pay_number)
				ui_action(app, ACT_PAY);	/* says why it is refused */
			else
				ui_screens()->pay_number(app, cmd.account, cmd.amount);
			break;
		}
		ui_run_action(app, cmd.action);
		break;
	case CMD_FIND:
		if (ui_screens()->find)
			ui_screens()->find(app, cmd.text);
		else
			ui_message(UI_MSG_ERROR, "%s",
				   _("':find' finds subscribers on the staff's side (kabinet --staff)."));
		break;
	case CMD_DATE:
		if (ui_screens()->history_date)
			ui_screens()->history_date(app, cmd.text);
		else
			ui_message(UI_MSG_ERROR, "%s", _("':date' is for a subscriber's payment history."));
		break;
	}
}

void ui_prompt_key(struct app *app, int key)
{
	char line[CONFIG_LINE_MAX + 1];

	switch (key) {
	case KEYS_ESC:
	case KEYS_CHR(3):	/* C-c */
	case KEYS_CHR(7):	/* C-g */
		close_prompt();
		return;
	case KEYS_ENTER:
		ui_edit_get(&pr.line, line, sizeof(line));
		if (pr.search) {
			close_prompt();
			ui_search(app, line, 1);
			return;
		}
		remember(line);
		close_prompt();
		run(app, line);
		return;
	case KEY_UP:
		if (!pr.search)
			browse(-1);
		return;
	case KEY_DOWN:
		if (!pr.search)
			browse(1);
		return;
	case KEY_BACKSPACE:
		/* Backspace on an empty line leaves the prompt. */
		if (pr.line.len == 0) {
			close_prompt();
			return;
		}
		break;
	default:
		break;
	}
	ui_edit_key(&pr.line, key);
}

enum ui_paste_result ui_prompt_paste(const char *text, size_t len)
{
	ui_dirty(UI_DIRTY_BOTTOM);
	return ui_edit_paste(&pr.line, text, len);
}

int ui_prompt_draw(WINDOW *w, int cols)
{
	const char *note = pr.search && !ui_can_search() ? _("nothing to search here") : "";
	int x, nw = ui_width(note), field = cols - 1;

	/* The note goes when the line needs the room. */
	if (nw && nw + 4 < cols / 2)
		field -= nw + 2;
	else
		nw = 0;
	ui_put(w, 0, 0, 1, UI_LEFT, AREA_STATUS, pr.search ? "/" : ":");
	x = ui_edit_draw(w, 0, 1, field, &pr.line, AREA_STATUS);
	if (nw)
		ui_put(w, 0, cols - nw, nw, UI_LEFT, AREA_STATUS, note);
	return 1 + x;
}
