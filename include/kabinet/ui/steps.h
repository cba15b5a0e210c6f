/* The step scaffold (steps.c) of the wizards — attaching an account, an autopay rule,
 * a payment, registration, password recovery: a table of steps, each with its title,
 * its form or its own keys, its drawing, its hints and help; the standard keys (Tab
 * between fields, Enter on, Esc one step back with what was typed kept, out from the
 * first), the title line, the cursor and pastes, the same in every wizard. A wizard
 * is then its table, what its steps send and what they draw. */
#ifndef KABINET_UI_STEPS_H
#define KABINET_UI_STEPS_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "kabinet/actions.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/paste.h"

struct app;

/* Where Esc goes from a step that has no back() of its own: out of the wizard. */
#define UI_STEP_OUT (-1)

/* One step. Everything but the title may be left out. */
struct ui_step {
	const char *title;	/* N_(): "1. region", after the wizard's title */
	/* The form the keys go to (Tab, typing, Enter submits), drawn below the step's
	 * own lines; NULL when the step reads its keys itself. */
	struct ui_form *form;
	/* The step's lines from row y (above its form), x, cols wide; returns the rows
	 * used. A step without a form draws all of itself here and may set the cursor
	 * (*cy, *cx stay -1 otherwise). */
	int (*draw)(struct app *app, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		    int *cx);
	/* What stands below the form (a password's rules), from row y. */
	void (*below)(struct app *app, WINDOW *w, int y, int x, int cols, int rows);
	/* What a step without a form does with a key (and a step with one, before its
	 * form is given the key: UI_PASS there hands it on to the form). */
	enum ui_key_result (*key)(struct app *app, enum action act, int key);
	/* After each key the form took: a note as it is typed. */
	void (*typed)(struct app *app);
	/* Enter on the form's last field or a button, and what it sends. */
	void (*submit)(struct app *app);
	/* Arriving at the step (focus, what it shows). */
	void (*enter)(struct app *app);
	/* Esc: the step before (an index, or UI_STEP_OUT); a step that names itself,
	 * as the first does when it leaves `back` unset, leads out ... */
	int back;
	/* ... or this, which decides itself (ui_steps_go() or ui_pop()); it also wipes
	 * what must not stay typed when the step is left backwards. */
	void (*on_back)(struct app *app);
	const struct ui_hint *hints;		/* NULL: next field, next, back */
	const struct ui_key_doc *keys;		/* NULL: the standard keys of a step */
	/* The one-line field a paste goes to when the step has no form (a filter). */
	struct ui_edit *paste_into;
	/* Added for the wizards whose steps are less regular (a payment, an autopay
	 * rule); each may be left out, and then the members above say it all. */
	/* The title line and what stands under it, drawn by the step itself from row 0
	 * (a title that follows what was chosen, a line of figures under it), x, cols
	 * wide; returns the row the step's lines start at (the title is then not
	 * drawn, and may be NULL). NULL: the title line. */
	int (*head)(struct app *app, WINDOW *w, int x, int cols);
	/* The hints when they follow the state (the field in focus); before .hints. */
	const struct ui_hint *(*hints_now)(void);
	/* The help lines when they follow the state (a mode); what it returns stands,
	 * NULL too (no lines of the step's own); before .keys. */
	const struct ui_key_doc *(*keys_now)(struct app *app);
	/* The actions the step takes (the help and the bottom line list only these);
	 * NULL: a form's (ui_form_accepts()). */
	bool (*accepts)(struct app *app, enum action act);
	/* A paste the step takes itself (a step that gives its form its keys itself, a
	 * field that follows the selection); before .form and .paste_into. */
	enum ui_paste_result (*paste)(struct app *app, const char *text, size_t len);
	/* Whether something stands in the form's place now (a list open over it, which
	 * draw() draws): the form and below() are then left out. NULL: never. */
	bool (*covered)(struct app *app);
	/* A key the form does not take stops at the step (but the help's) instead of
	 * going on to the engine: a step whose accepts() offers nothing beyond it. */
	bool holds_keys;
};

struct ui_steps {
	/* N_() with one %s for the step: "Attach: %s"; NULL: the step's title alone. */
	const char *title;
	const struct ui_step *steps;
	size_t count;
	int max_cols;			/* the widest the steps are drawn; 0: the pane's */
	/* The screen's key function, which pastes are typed through. */
	enum ui_key_result (*screen_key)(struct app *app, enum action act, int key);
	size_t at;			/* the step shown */
	int cy, cx;			/* the cursor as last drawn, -1 for none */
	/* Keys reach the steps while a change is under way too (steps that say
	 * themselves what must wait); false: they wait. */
	bool busy_keys;
};

/* The step shown. */
static inline const struct ui_step *ui_steps_now(const struct ui_steps *s)
{
	return &s->steps[s->at < s->count ? s->at : 0];
}

/* To step `to`: its enter(), and the pane and hints redrawn. */
void ui_steps_go(struct ui_steps *s, struct app *app, size_t to);
/* Esc: the step's on_back(), or its back step, or out. */
void ui_steps_back(struct ui_steps *s, struct app *app);
/* A key: Esc steps back; nothing while a change is under way; else the step's key()
 * and its form (Enter submits). */
enum ui_key_result ui_steps_key(struct ui_steps *s, struct app *app, enum action act, int key);
/* The title line, the step's lines and its form; the cursor kept for ui_steps_cursor(). */
void ui_steps_draw(struct ui_steps *s, struct app *app, WINDOW *w, int rows, int cols);
bool ui_steps_cursor(const struct ui_steps *s, int *y, int *x);
const struct ui_hint *ui_steps_hints(const struct ui_steps *s);
const struct ui_key_doc *ui_steps_keys(const struct ui_steps *s, struct app *app);
/* A paste: the step's paste(), or into its form, or the field it names. */
enum ui_paste_result ui_steps_paste(struct ui_steps *s, struct app *app, const char *text,
				    size_t len);
/* Whether the step takes an action: its accepts(), or a form's keys. */
bool ui_steps_accepts(const struct ui_steps *s, struct app *app, enum action act);

/* The standard hints of a step with a form: next field, next, back. */
extern const struct ui_hint ui_step_hints[];
/* Those of a step with one field, or a list, where Tab has nothing to move to: next,
 * back. */
extern const struct ui_hint ui_step_hints_next[];

/* The screen callbacks that only hand on to the scaffold, written once:
 * UI_STEPS_CALLBACKS(p, steps) defines p_hints_now, p_accepts, p_own_keys and p_paste
 * over the wizard's `struct ui_steps` steps, and UI_STEPS_OPS(p) names them in the
 * screen's initializer. */
#define UI_STEPS_CALLBACKS(p, steps)                                                     \
	static const struct ui_hint *p##_hints_now(struct app *app)                     \
	{                                                                               \
		(void)app;                                                              \
		return ui_steps_hints(&(steps));                                        \
	}                                                                               \
	static bool p##_accepts(struct app *app, enum action act)                       \
	{                                                                               \
		return ui_steps_accepts(&(steps), app, act);                            \
	}                                                                               \
	static const struct ui_key_doc *p##_own_keys(struct app *app)                   \
	{                                                                               \
		return ui_steps_keys(&(steps), app);                                    \
	}                                                                               \
	/* A paste goes to the field the keys go to (ui/paste.h). */                    \
	static enum ui_paste_result p##_paste(struct app *app, const char *text,        \
					      size_t len)                               \
	{                                                                               \
		return ui_steps_paste(&(steps), app, text, len);                        \
	}

#define UI_STEPS_OPS(p)                                                                  \
	.hints_now = p##_hints_now, .accepts = p##_accepts, .own_keys = p##_own_keys,   \
	.paste = p##_paste

#endif
