/* Forms built from the line editor (see ui/form.h): Tab / S-Tab between fields,
 * validation next to the field, the text kept when the server says no. */
#include "kabinet/ui/form.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"

#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/keys.h"
#include "kabinet/model/model.h"

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
