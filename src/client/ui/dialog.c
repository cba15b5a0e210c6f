/* The confirmation dialog (see ui/dialog.h): a question with what it will do, yes or
 * no, and the dialog that only informs. */
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"

#include <string.h>

#include "kabinet/i18n.h"

static struct {
	bool active;
	bool info;		/* one button: it only tells */
	char question[256];
	char detail[4096];
	bool yes;		/* the button with the focus */
	ui_confirm_fn done;
	void *ud;
	WINDOW *win;
} dlg;

bool ui_dialog_active(void)
{
	return dlg.active;
}

void ui_dialog_open(const char *question, const char *detail, bool default_yes,
		    ui_confirm_fn done, void *ud)
{
	dlg.active = true;
	dlg.info = false;
	snprintf(dlg.question, sizeof(dlg.question), "%s", question);
	snprintf(dlg.detail, sizeof(dlg.detail), "%s", detail ? detail : "");
	dlg.yes = default_yes;
	dlg.done = done;
	dlg.ud = ud;
	ui_dirty(UI_DIRTY_ALL);
}

void ui_dialog_info(const char *title, const char *detail)
{
	ui_dialog_open(title, detail, true, NULL, NULL);
	dlg.info = true;
}

static void answer(struct app *app, bool yes)
{
	ui_confirm_fn done = dlg.done;
	void *ud = dlg.ud;

	dlg.active = false;
	if (dlg.win) {
		delwin(dlg.win);
		dlg.win = NULL;
	}
	ui_dirty(UI_DIRTY_ALL);
	if (done)
		done(app, yes, ud);
}

void ui_dialog_key(struct app *app, enum action act, int key)
{
	if (dlg.info) {
		if (act == ACT_CONFIRM || act == ACT_CANCEL || act == ACT_BACK || act == ACT_ENTER)
			answer(app, true);
		return;
	}
	switch (act) {
	case ACT_CONFIRM:
		answer(app, true);
		return;
	case ACT_CANCEL:
	case ACT_BACK:
		answer(app, false);
		return;
	case ACT_ENTER:
		answer(app, dlg.yes);
		return;
	default:
		break;
	}
	if (key == KEY_LEFT || key == KEY_RIGHT || key == KEYS_TAB || key == KEY_BTAB) {
		dlg.yes = !dlg.yes;
		ui_dirty(UI_DIRTY_ALL);
	}
}

void ui_dialog_draw(int lines, int cols)
{
	char yes[64], no[64], buttons[160];
	int h, w, y, x, rows = 0;
	const char *p;

	if (!dlg.active)
		return;
	for (p = dlg.detail; *p; p++)
		rows += *p == '\n';
	if (dlg.detail[0])
		rows++;
	snprintf(yes, sizeof(yes), dlg.yes ? "[%s]" : " %s ", _("Yes (y)"));
	snprintf(no, sizeof(no), dlg.yes ? " %s " : "[%s]", _("No (n)"));
	if (dlg.info)
		snprintf(buttons, sizeof(buttons), "[%s]", _("Close (Enter)"));
	else
		snprintf(buttons, sizeof(buttons), "%s   %s", yes, no);
	w = ui_width(dlg.question);
	if (ui_width(buttons) > w)
		w = ui_width(buttons);
	for (p = dlg.detail; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		if (ui_width(line) > w)
			w = ui_width(line);
		p += n + (nl ? 1 : 0);
	}
	w += 4;
	if (w > cols)
		w = cols;
	/* A line wider than the screen is broken between words, not cut ("+250.00 …"). */
	rows = 0;
	for (p = dlg.detail; *p && w > 4;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		int used;
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		used = ui_put_wrapped(NULL, 0, 0, w - 4, lines, AREA_DIALOG, line);
		rows += used ? used : 1;
		p += n + (nl ? 1 : 0);
	}
	h = 5 + rows + (rows ? 1 : 0);
	if (h > lines)
		h = lines;
	if (w < 1 || h < 1)
		return;
	y = (lines - h) / 2;
	x = (cols - w) / 2;
	if (dlg.win)
		delwin(dlg.win);
	dlg.win = newwin(h, w, y, x);
	if (!dlg.win)
		return;
	wbkgdset(dlg.win, (chtype)(' ' | ui_attr(AREA_DIALOG) | COLOR_PAIR(ui_pair(AREA_DIALOG))));
	werase(dlg.win);
	ui_style(dlg.win, AREA_DIALOG);
	if (h >= 3 && w >= 3)
		ui_box(dlg.win);
	ui_put(dlg.win, 1, 2, w - 4, UI_LEFT, AREA_DIALOG, dlg.question);
	int row = 3;
	for (p = dlg.detail; *p && row < h - 2;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		int used;
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		used = ui_put_wrapped(dlg.win, row, 2, w - 4, h - 2 - row, AREA_DIALOG, line);
		row += used ? used : 1;
		p += n + (nl ? 1 : 0);
	}
	ui_put(dlg.win, h - 2, 2, w - 4, UI_CENTER, AREA_DIALOG, buttons);
	wnoutrefresh(dlg.win);
}
