/* A form's region field as a choice from the list of regions (region_pick.h): the
 * field is never typed into; the list opens over the form with a filter, as the
 * attach wizard's first step. */
#include "kabinet/ui/region_pick.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/list.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/keys.h"

static void cell(void *ud, size_t row, int col, char *buf, size_t size)
{
	const struct region_pick *p = ud;

	(void)col;
	snprintf(buf, size, "%s", row < p->nshown ? regions_name(p->shown[row]) : "");
}

static const struct ui_col cols[] = {
	{ .title = N_("Region"), .align = UI_LEFT },
};
static const struct ui_list_ops ops = { .cell = cell };

const struct ui_hint region_pick_hints[] = {
	{ ACT_ENTER, N_("choose") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

/* The regions that have the filter's text in them; the selection on `keep` when it
 * is among them, else on the first. */
static void refilter(struct region_pick *p, const char *keep)
{
	char typed[UI_EDIT_MAX * 4 + 1];

	ui_edit_get(&p->filter, typed, sizeof(typed));
	p->nshown = 0;
	for (size_t i = 0; i < regions_count() && p->nshown < REGIONS_MAX; i++)
		if (regions_match(regions_name(i), typed))
			p->shown[p->nshown++] = i;
	ui_list_set_rows(&p->list, p->nshown, false);
	p->list.sel = 0;
	for (size_t k = 0; keep && k < p->nshown; k++)
		if (!strcmp(regions_name(p->shown[k]), keep))
			p->list.sel = k;
}

/* Opens the list at the field's region, the filter starting with `first` (a letter
 * typed on the field) or empty. */
static void open_list(struct region_pick *p, const struct ui_field *field, int first)
{
	char now[UI_EDIT_MAX * 4 + 1];

	memset(p, 0, sizeof(*p));
	p->open = true;
	p->filter.max = 64;
	ui_list_init(&p->list, cols, 1, &ops, p);
	if (first)
		ui_edit_key(&p->filter, first);
	ui_field_text(field, now, sizeof(now));
	refilter(p, now);
}

/* The field has the focus, the list is closed. */
static enum region_pick_result on_field(struct region_pick *p, struct ui_field *field,
					enum action act, int key)
{
	struct ui_edit probe;
	enum ui_edit_result r;

	if (act == ACT_NEXT_FIELD || act == ACT_PREV_FIELD || act == ACT_CANCEL || key == KEY_UP ||
	    key == KEY_DOWN)
		return REGION_PICK_FORM;
	if (act == ACT_ENTER || key == KEYS_CHR(' ')) {
		open_list(p, field, 0);
		return REGION_PICK_DONE;
	}
	/* `?` opens the help, as on every field that is not typed into. */
	if (act == ACT_HELP)
		return REGION_PICK_UNUSED;
	if (ui_key_is_text(key)) {
		open_list(p, field, key);
		return REGION_PICK_DONE;
	}
	/* What would edit the field (Backspace, Ctrl-U, the cursor keys) is swallowed:
	 * the name is only ever one of the list. */
	probe = field->edit;
	r = ui_edit_key(&probe, key);
	return r == UI_EDIT_IGNORED ? REGION_PICK_FORM : REGION_PICK_DONE;
}

enum region_pick_result region_pick_key(struct region_pick *p, struct ui_field *field,
					enum action act, int key)
{
	if (!p->open)
		return on_field(p, field, act, key);
	if (act == ACT_CANCEL) {
		p->open = false;
		return REGION_PICK_DONE;
	}
	if (act == ACT_ENTER) {
		if (p->list.sel >= p->nshown)
			return REGION_PICK_DONE;
		ui_edit_set(&field->edit, regions_name(p->shown[p->list.sel]));
		ui_field_error(field, NULL);
		p->open = false;
		return REGION_PICK_CHOSEN;
	}
	if (key != KEY_UP && key != KEY_DOWN && key != KEY_PPAGE && key != KEY_NPAGE) {
		enum ui_edit_result r = ui_edit_key(&p->filter, key);
		if (r == UI_EDIT_CHANGED)
			refilter(p, NULL);
		if (r != UI_EDIT_IGNORED)
			return REGION_PICK_DONE;
	}
	/* Typing takes the letters: the list moves with the arrows and pages. */
	if (ui_list_key(&p->list, key == KEY_UP ? ACT_MOVE_UP
				  : key == KEY_DOWN ? ACT_MOVE_DOWN
				  : key == KEY_PPAGE ? ACT_PAGE_UP
				  : key == KEY_NPAGE ? ACT_PAGE_DOWN : act))
		return REGION_PICK_DONE;
	/* Tab and the like would move the form's focus under the list. */
	return ui_key_is_text(key) || act == ACT_NEXT_FIELD || act == ACT_PREV_FIELD
		       ? REGION_PICK_DONE
		       : REGION_PICK_UNUSED;
}

void region_pick_draw(struct region_pick *p, WINDOW *w, int y, int rows, int cols_n, int *cy,
		      int *cx)
{
	int end = y + rows, fw = cols_n - 12 > 40 ? 40 : cols_n - 12;

	y += ui_put_wrapped(w, y, 1, cols_n - 2, 2, AREA_DEFAULT,
			    _("The region: type a part of its name, choose with the arrows and Enter.")) + 1;
	ui_put(w, y, 1, 8, UI_LEFT, AREA_DEFAULT, _("Find:"));
	*cy = y;
	*cx = 10 + ui_edit_draw(w, y, 10, fw, &p->filter, AREA_FIELD_ACTIVE);
	y += 2;
	if (p->nshown)
		ui_list_draw(&p->list, w, y, end - y, cols_n);
	else
		ui_put(w, y, 1, cols_n - 2, UI_LEFT, AREA_WARNING, _("No region has that in its name."));
}

bool region_pick_form_key(struct region_pick *p, struct ui_form *form, size_t index,
			  size_t next, enum action act, int key, enum ui_key_result *res)
{
	switch (region_pick_key(p, &form->fields[index], act, key)) {
	case REGION_PICK_FORM:
		return false;
	case REGION_PICK_CHOSEN:
		ui_form_focus(form, next);
		/* fall through */
	case REGION_PICK_DONE:
		ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
		*res = UI_DONE;
		return true;
	case REGION_PICK_UNUSED:
		break;
	}
	*res = UI_PASS;
	return true;
}
