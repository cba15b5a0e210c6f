/* Forms (form.c) built from the line editor: Tab / S-Tab between fields, validation
 * next to the field, the text kept when the server says no; the fingerprint of what
 * was typed (typed.c). */
#ifndef KABINET_UI_FORM_H
#define KABINET_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/actions.h"
#include "kabinet/ui/edit.h"

enum ui_field_kind {
	UI_FIELD_TEXT,
	UI_FIELD_SECRET,	/* masked; the screen wipes it after use */
	UI_FIELD_TOGGLE,	/* [x] / [ ], Space toggles */
	UI_FIELD_BUTTON,	/* Enter presses it */
};

struct ui_field {
	enum ui_field_kind kind;
	const char *label;	/* N_() */
	struct ui_edit edit;
	bool on;		/* a toggle's state */
	bool hidden;		/* not drawn, not focused */
	bool disabled;		/* drawn dim, not focused (a button waiting for a countdown) */
	char text[160];		/* a button's text when set, instead of the label */
	char note[128];		/* after the field, dim: "phone number" */
	char error[256];	/* under the field, in the error style */
};

enum ui_form_result {
	UI_FORM_PASS,		/* not a form key */
	UI_FORM_HANDLED,
	UI_FORM_SUBMIT,		/* Enter on a text field or a button */
};

/* validate() runs when a field is left (focus moves away); it fills field->error. */
struct ui_form {
	struct ui_field *fields;
	size_t count;
	size_t focus;
	void (*validate)(struct ui_form *form, size_t index, void *ud);
	void *ud;
};

enum ui_form_result ui_form_key(struct ui_form *f, enum action act, int key);
/* Moves the focus to a field (skipping hidden and disabled ones forward). */
void ui_form_focus(struct ui_form *f, size_t index);
/* A field's text without the spaces around it (what a name or a contact is taken
 * as). */
void ui_field_text(const struct ui_field *f, char *out, size_t size);
/* Sets a field's error (server text made safe), or clears it with NULL. */
void ui_field_error(struct ui_field *f, const char *text);
/* Checks every field with the form's validate(), as if each were left; false with the
 * focus on the first one at fault. */
bool ui_form_check(struct ui_form *f);
/* The rows the form takes, and the row of its focused field among them. */
int ui_form_height(const struct ui_form *f, int *focus_row);
/* Draws the form at y, x in cols columns: label, field, note, error line; rows
 * outside the window (y may be negative: a form scrolled) are left out.
 * Returns the rows used; *cy, *cx get the cursor position of the focused field
 * (-1 when it shows no cursor). */
int ui_form_draw(WINDOW *w, int y, int x, int cols, const struct ui_form *f, int *cy, int *cx);
/* A fingerprint of what the form's text and secret fields hold (typed.c), the fields
 * whose bit is set in `skip` aside (choices shown as text): taken as the form opens,
 * compared for its typed(). ui_edit_print() adds one editor to a print begun with
 * UI_PRINT_START. */
#define UI_PRINT_START 14695981039346656037u
uint64_t ui_form_print(const struct ui_form *f, unsigned skip);
uint64_t ui_edit_print(uint64_t h, const struct ui_edit *e);

#endif
