/* The step scaffold of the wizards (ui/steps.h): which step is shown, where Esc and
 * Enter lead, the title line, the form and the cursor, the hints, help and pastes of
 * the step. What a step sends and draws is the wizard's own. */
#include "kabinet/ui/steps.h"

#include <stdio.h>

#include "kabinet/i18n.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"

const struct ui_hint ui_step_hints[] = {
	{ ACT_NEXT_FIELD, N_("next field") },
	{ ACT_ENTER, N_("next") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

const struct ui_hint ui_step_hints_next[] = {
	{ ACT_ENTER, N_("next") },
	{ ACT_CANCEL, N_("back") },
	{ ACT_NONE, NULL },
};

void ui_steps_go(struct ui_steps *s, struct app *app, size_t to)
{
	s->at = to < s->count ? to : 0;
	if (ui_steps_now(s)->enter)
		ui_steps_now(s)->enter(app);
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

void ui_steps_back(struct ui_steps *s, struct app *app)
{
	const struct ui_step *st = ui_steps_now(s);

	if (st->on_back)
		st->on_back(app);
	else if (st->back < 0 || (size_t)st->back >= s->count || (size_t)st->back == s->at)
		ui_pop();
	else
		ui_steps_go(s, app, (size_t)st->back);
}

enum ui_key_result ui_steps_key(struct ui_steps *s, struct app *app, enum action act, int key)
{
	const struct ui_step *st = ui_steps_now(s);
	enum ui_form_result r;

	if (act == ACT_CANCEL) {
		ui_steps_back(s, app);
		return UI_DONE;
	}
	if (ui_change_busy() && !s->busy_keys)
		return UI_DONE;
	if (st->key) {
		enum ui_key_result k = st->key(app, act, key);
		if (k != UI_PASS || !st->form)
			return k;
	}
	if (!st->form)
		return UI_PASS;
	r = ui_form_key(st->form, act, key);
	if (r != UI_FORM_PASS && st->typed)
		st->typed(app);
	if (r == UI_FORM_SUBMIT && st->submit)
		st->submit(app);
	if (r == UI_FORM_PASS)
		return st->holds_keys && act != ACT_HELP ? UI_DONE : UI_PASS;
	ui_dirty(UI_DIRTY_PANE);
	return UI_DONE;
}

void ui_steps_draw(struct ui_steps *s, struct app *app, WINDOW *w, int rows, int cols)
{
	const struct ui_step *st = ui_steps_now(s);
	int width = cols - 2, y = 2, cy = -1, cx = -1;
	char title[256];
	bool covered;

	if (s->max_cols > 0 && width > s->max_cols)
		width = s->max_cols;
	if (st->head) {
		y = st->head(app, w, 1, width);
	} else {
		if (s->title)
			snprintf(title, sizeof(title), _(s->title), _(st->title));
		else
			snprintf(title, sizeof(title), "%s", _(st->title));
		ui_put_attr(w, 0, 1, width, UI_LEFT, A_BOLD, 0, title);
	}
	if (st->draw)
		y += st->draw(app, w, y, 1, width, rows, &cy, &cx);
	covered = st->covered && st->covered(app);
	if (st->form && !covered)
		y += ui_form_draw(w, y, 1, width, st->form, &cy, &cx);
	if (st->below && !covered)
		st->below(app, w, y, 1, width, rows);
	s->cy = s->cx = -1;
	if (cy >= 0 && cy < rows) {
		s->cy = cy;
		s->cx = cx;
	}
}

bool ui_steps_cursor(const struct ui_steps *s, int *y, int *x)
{
	if (s->cy < 0 || ui_change_busy())
		return false;
	*y = s->cy;
	*x = s->cx;
	return true;
}

const struct ui_hint *ui_steps_hints(const struct ui_steps *s)
{
	const struct ui_step *st = ui_steps_now(s);
	const struct ui_hint *h = st->hints_now ? st->hints_now() : st->hints;

	return h ? h : ui_step_hints;
}

const struct ui_key_doc *ui_steps_keys(const struct ui_steps *s, struct app *app)
{
	const struct ui_step *st = ui_steps_now(s);
	const struct ui_key_doc *k = st->keys;

	if (st->keys_now)
		return st->keys_now(app);
	return k ? k : ui_wizard_own_keys(app, false);
}

enum ui_paste_result ui_steps_paste(struct ui_steps *s, struct app *app, const char *text,
				    size_t len)
{
	const struct ui_step *st = ui_steps_now(s);

	if (st->paste)
		return st->paste(app, text, len);
	if (st->form)
		return ui_form_paste_keys(app, st->form, s->screen_key, text, len);
	if (st->paste_into)
		return ui_paste_keys(app, st->paste_into, s->screen_key, text, len);
	return UI_PASTE_NONE;
}

bool ui_steps_accepts(const struct ui_steps *s, struct app *app, enum action act)
{
	const struct ui_step *st = ui_steps_now(s);

	return st->accepts ? st->accepts(app, act) : ui_form_accepts(app, act);
}
