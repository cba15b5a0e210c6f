/* The line editor every text field and the : prompt use, forms built from it
 * (Tab / S-Tab between fields, validation next to the field, the text kept when the
 * server says no), and the confirmation dialog. */
#include "kabinet/ui.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/model/utf8.h"

/* --- the line editor --- */

bool ui_key_is_text(int key)
{
	int cp;

	if (!(key & KEYS_CHAR))
		return false;
	cp = key & ~KEYS_CHAR;
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp <= 0x10ffff;
}

static size_t edit_max(const struct ui_edit *e)
{
	return e->max && e->max < UI_EDIT_MAX ? e->max : UI_EDIT_MAX;
}

enum ui_edit_result ui_edit_key(struct ui_edit *e, int key)
{
	if (ui_key_is_text(key)) {
		wchar_t c = (wchar_t)(key & ~KEYS_CHAR);
		if (e->digits && (c < '0' || c > '9')) {
			beep();		/* refused aloud, as a full field is: only digits belong */
			return UI_EDIT_CHANGED;
		}
		if (e->len >= edit_max(e)) {
			beep();
			return UI_EDIT_CHANGED;
		}
		memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof(wchar_t));
		e->buf[e->cur++] = c;
		e->buf[++e->len] = L'\0';
		return UI_EDIT_CHANGED;
	}
	switch (key) {
	case KEY_BACKSPACE:
		if (e->cur == 0)
			return UI_EDIT_MOVED;
		e->cur--;
		/* fall through */
	case KEY_DC:
		if (e->cur >= e->len)
			return UI_EDIT_MOVED;
		memmove(e->buf + e->cur, e->buf + e->cur + 1, (e->len - e->cur) * sizeof(wchar_t));
		e->len--;
		e->buf[e->len + 1] = L'\0';
		return UI_EDIT_CHANGED;
	case KEY_LEFT:
		if (e->cur > 0)
			e->cur--;
		return UI_EDIT_MOVED;
	case KEY_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		return UI_EDIT_MOVED;
	case KEY_HOME:
	case KEYS_CHR(1):	/* C-a */
		e->cur = 0;
		return UI_EDIT_MOVED;
	case KEY_END:
	case KEYS_CHR(5):	/* C-e */
		e->cur = e->len;
		return UI_EDIT_MOVED;
	case KEYS_CHR(21):	/* C-u: everything before the cursor */
		memmove(e->buf, e->buf + e->cur, (e->len - e->cur + 1) * sizeof(wchar_t));
		e->len -= e->cur;
		wmemset(e->buf + e->len + 1, L'\0', UI_EDIT_MAX - e->len);
		e->cur = 0;
		return UI_EDIT_CHANGED;
	case KEYS_CHR(11):	/* C-k: everything after it */
		wmemset(e->buf + e->cur, L'\0', UI_EDIT_MAX + 1 - e->cur);
		e->len = e->cur;
		return UI_EDIT_CHANGED;
	case KEYS_CHR(23): {	/* C-w: the word before it */
		size_t from = e->cur;
		while (from > 0 && e->buf[from - 1] == L' ')
			from--;
		while (from > 0 && e->buf[from - 1] != L' ')
			from--;
		memmove(e->buf + from, e->buf + e->cur, (e->len - e->cur + 1) * sizeof(wchar_t));
		e->len -= e->cur - from;
		wmemset(e->buf + e->len + 1, L'\0', UI_EDIT_MAX - e->len);
		e->cur = from;
		return UI_EDIT_CHANGED;
	}
	default:
		return UI_EDIT_IGNORED;
	}
}

void ui_edit_set(struct ui_edit *e, const char *utf8)
{
	size_t left = utf8 ? strlen(utf8) : 0, max = edit_max(e);

	ui_edit_wipe(e);
	while (left && e->len < max) {
		uint32_t cp;
		size_t n = utf8_decode(utf8, left, &cp);
		if (n == 0)
			break;
		e->buf[e->len++] = (wchar_t)cp;
		utf8 += n;
		left -= n;
	}
	e->buf[e->len] = L'\0';
	e->cur = e->len;
}

size_t ui_edit_get(const struct ui_edit *e, char *out, size_t size)
{
	size_t used = 0;
	char enc[4];

	if (size == 0)
		return 0;
	for (size_t i = 0; i < e->len; i++) {
		size_t n = utf8_encode((uint32_t)e->buf[i], enc);
		if (used + n + 1 > size)
			break;
		memcpy(out + used, enc, n);
		used += n;
	}
	/* The text may be a password: leave no copy on the stack. */
	explicit_bzero(enc, sizeof(enc));
	out[used] = '\0';
	return used;
}

void ui_edit_wipe(struct ui_edit *e)
{
	explicit_bzero(e->buf, sizeof(e->buf));
	e->len = e->cur = 0;
	e->scroll = 0;
}

int ui_edit_draw(WINDOW *w, int y, int x, int cols, struct ui_edit *e, enum color_area area)
{
	int cur_col = 0, col = 0, total = 0, maxy, maxx;
	unsigned flags = ui_text_flags();
	char g[8];

	getmaxyx(w, maxy, maxx);
	if (cols > maxx - x)
		cols = maxx - x;
	if (cols <= 0 || y < 0 || y >= maxy || x < 0)
		return 0;
	/* Columns up to the cursor decide the scroll; a field that grew wide enough for
	 * the whole text (a resize) shows it from the start again. */
	for (size_t i = 0; i < e->len; i++) {
		int cw = e->masked ? 1 : text_glyph_cp((uint32_t)e->buf[i], flags, g);
		if (i < e->cur)
			cur_col += cw;
		total += cw;
	}
	if (cur_col < e->scroll)
		e->scroll = cur_col;
	if (cur_col - e->scroll > cols - 1)
		e->scroll = cur_col - (cols - 1);
	if (e->scroll > 0 && total - e->scroll < cols - 1)
		e->scroll = total - (cols - 1) > 0 ? total - (cols - 1) : 0;
	wattr_set(w, ui_attr(area), ui_pair(area), NULL);
	mvwhline(w, y, x, ' ', cols);
	wmove(w, y, x);
	for (size_t i = 0; i < e->len; i++) {
		int cw = text_glyph_cp(e->masked ? 0x2022 : (uint32_t)e->buf[i], flags, g);
		if (col >= e->scroll) {
			if (col - e->scroll + cw > cols)
				break;
			waddstr(w, g);
		}
		col += cw;
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	return cur_col - e->scroll;
}

/* --- forms --- */

static bool focusable(const struct ui_field *f)
{
	return !f->hidden && !f->disabled;
}

static void leave(struct ui_form *f)
{
	if (f->validate && f->focus < f->count)
		f->validate(f, f->focus, f->ud);
}

void ui_form_focus(struct ui_form *f, size_t index)
{
	for (size_t i = 0; i < f->count; i++) {
		size_t k = (index + i) % f->count;
		if (focusable(&f->fields[k])) {
			f->focus = k;
			return;
		}
	}
}

static void move_focus(struct ui_form *f, int dir)
{
	size_t k = f->focus;

	for (size_t i = 0; i < f->count; i++) {
		k = (k + f->count + (size_t)(dir > 0 ? 1 : f->count - 1)) % f->count;
		if (focusable(&f->fields[k])) {
			if (k != f->focus) {
				leave(f);
				f->focus = k;
			}
			return;
		}
	}
}

enum ui_form_result ui_form_key(struct ui_form *f, enum action act, int key)
{
	struct ui_field *fld;

	if (f->count == 0)
		return UI_FORM_PASS;
	fld = &f->fields[f->focus];
	/* Typing goes into the field before any binding (letters, digits, Home, End). */
	if (fld->kind == UI_FIELD_TEXT || fld->kind == UI_FIELD_SECRET) {
		enum ui_edit_result r = ui_edit_key(&fld->edit, key);
		if (r == UI_EDIT_CHANGED) {
			fld->error[0] = '\0';
			return UI_FORM_HANDLED;
		}
		if (r == UI_EDIT_MOVED)
			return UI_FORM_HANDLED;
	} else if (fld->kind == UI_FIELD_TOGGLE && key == KEYS_CHR(' ')) {
		fld->on = !fld->on;
		return UI_FORM_HANDLED;
	}
	if (key == KEY_DOWN)
		act = ACT_NEXT_FIELD;
	else if (key == KEY_UP)
		act = ACT_PREV_FIELD;
	switch (act) {
	case ACT_NEXT_FIELD:
		move_focus(f, 1);
		return UI_FORM_HANDLED;
	case ACT_PREV_FIELD:
		move_focus(f, -1);
		return UI_FORM_HANDLED;
	case ACT_ENTER:
		if (fld->kind == UI_FIELD_TOGGLE) {
			fld->on = !fld->on;
			return UI_FORM_HANDLED;
		}
		leave(f);
		return UI_FORM_SUBMIT;
	case ACT_HELP:
		/* `?` off a text field (and F1 anywhere): the help. */
		return (fld->kind == UI_FIELD_TEXT || fld->kind == UI_FIELD_SECRET) &&
			       ui_key_is_text(key)
			       ? UI_FORM_HANDLED
			       : UI_FORM_PASS;
	default:
		/* Other printable keys on a toggle or a button are swallowed, so that a
		 * letter meant for a field never runs a screen's action. */
		return ui_key_is_text(key) ? UI_FORM_HANDLED : UI_FORM_PASS;
	}
}

void ui_field_text(const struct ui_field *f, char *out, size_t size)
{
	char raw[UI_EDIT_MAX * 4 + 1];
	const char *t = raw;
	size_t n;

	ui_edit_get(&f->edit, raw, sizeof(raw));
	while (*t == ' ')
		t++;
	n = strlen(t);
	while (n && t[n - 1] == ' ')
		n--;
	snprintf(out, size, "%.*s", (int)n, t);
	model_wipe(raw, sizeof(raw));
}

void ui_field_error(struct ui_field *f, const char *text)
{
	if (text)
		text_copy(f->error, sizeof(f->error), text);
	else
		f->error[0] = '\0';
}

bool ui_form_check(struct ui_form *f)
{
	for (size_t i = 0; i < f->count; i++) {
		f->fields[i].error[0] = '\0';
		if (f->validate && !f->fields[i].hidden)
			f->validate(f, i, f->ud);
	}
	for (size_t i = 0; i < f->count; i++)
		if (f->fields[i].error[0]) {
			ui_form_focus(f, i);
			return false;
		}
	return true;
}

int ui_form_height(const struct ui_form *f, int *focus_row)
{
	int rows = 0;

	*focus_row = 0;
	for (size_t i = 0; i < f->count; i++) {
		if (f->fields[i].hidden)
			continue;
		if (i == f->focus)
			*focus_row = rows;
		rows += 1 + (f->fields[i].error[0] ? 1 : 0);
	}
	return rows;
}

int ui_form_draw(WINDOW *w, int y, int x, int cols, const struct ui_form *f, int *cy, int *cx)
{
	int label_w = 0, row = y, field_w;

	*cy = *cx = -1;
	for (size_t i = 0; i < f->count; i++)
		if (!f->fields[i].hidden && f->fields[i].kind != UI_FIELD_BUTTON &&
		    f->fields[i].kind != UI_FIELD_TOGGLE) {
			int lw = ui_width(_(f->fields[i].label));
			if (lw > label_w)
				label_w = lw;
		}
	if (label_w > cols / 3)
		label_w = cols / 3;
	field_w = cols - label_w - 2;
	if (field_w > 32)
		field_w = 32;
	for (size_t i = 0; i < f->count; i++) {
		const struct ui_field *fld = &f->fields[i];
		bool focused = i == f->focus;
		char buf[512];

		if (fld->hidden)
			continue;
		switch (fld->kind) {
		case UI_FIELD_TEXT:
		case UI_FIELD_SECRET: {
			int c, fw = field_w, over;
			/* A note (a balance) is shown whole: the field gives way, to 12. */
			over = fld->note[0] ? ui_width(fld->note) - (cols - label_w - 3 - fw) : 0;
			if (over > 0)
				fw = fw - over >= 12 ? fw - over : (fw < 12 ? fw : 12);
			ui_put(w, row, x, label_w, UI_RIGHT, AREA_DEFAULT, _(fld->label));
			/* The editor scrolls: it keeps its state in the form. */
			c = ui_edit_draw(w, row, x + label_w + 2, fw, (struct ui_edit *)&fld->edit,
					 focused ? AREA_FIELD_ACTIVE : AREA_FIELD);
			if (focused) {
				*cy = row;
				*cx = x + label_w + 2 + c;
			}
			if (fld->note[0])
				ui_put(w, row, x + label_w + 2 + fw + 1, cols - label_w - 3 - fw,
				       UI_LEFT, AREA_DEFAULT, fld->note);
			break;
		}
		case UI_FIELD_TOGGLE:
			snprintf(buf, sizeof(buf), "[%s] %s", fld->on ? "x" : " ", _(fld->label));
			ui_put(w, row, x + label_w + 2, cols - label_w - 2, UI_LEFT,
			       focused ? AREA_FIELD_ACTIVE : AREA_DEFAULT, buf);
			if (focused) {
				*cy = row;
				*cx = x + label_w + 3;
			}
			break;
		case UI_FIELD_BUTTON:
			if (fld->text[0])
				snprintf(buf, sizeof(buf), "%s", fld->text);
			else
				snprintf(buf, sizeof(buf), "[ %s ]", _(fld->label));
			ui_put(w, row, x + label_w + 2, cols - label_w - 2, UI_LEFT,
			       focused ? AREA_FIELD_ACTIVE : AREA_DEFAULT, buf);
			if (fld->disabled)
				mvwchgat(w, row, x + label_w + 2,
					 ui_width(buf) < cols - label_w - 2 ? ui_width(buf)
									   : cols - label_w - 2,
					 A_DIM, 0, NULL);
			if (fld->note[0])
				ui_put(w, row, x + label_w + 2 + ui_width(buf) + 1,
				       cols - label_w - 3 - ui_width(buf), UI_LEFT, AREA_DEFAULT,
				       fld->note);
			break;
		}
		row++;
		if (fld->error[0]) {
			ui_put(w, row, x + label_w + 2, cols - label_w - 2, UI_LEFT, AREA_ERROR,
			       fld->error);
			row++;
		}
	}
	return row - y;
}

/* --- the confirmation dialog --- */

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
