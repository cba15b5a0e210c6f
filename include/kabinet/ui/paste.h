/* Pasted text into the field that has the focus (paste.c, textarea.c; the engine's
 * side is in engine.h, input.c). */
#ifndef KABINET_UI_PASTE_H
#define KABINET_UI_PASTE_H

#include <stddef.h>

#include "kabinet/ui/engine.h"

struct ui_edit;
struct ui_form;
struct ui_textarea;

/* Into a one-line editor at its cursor: tabs and newlines become spaces, other controls
 * are left out, a code's field takes the digits only; cut at the field's length. */
enum ui_paste_result ui_edit_paste(struct ui_edit *e, const char *text, size_t len);
/* Into the focused field of a form: a text field as above, a secret one refuses. */
enum ui_paste_result ui_form_paste(struct ui_form *f, const char *text, size_t len);
/* Into the multi-line editor: tabs and newlines kept, cut at what it takes. */
enum ui_paste_result ui_textarea_paste(struct ui_textarea *t, const char *text, size_t len);
/* The same typed through the screen's own key function (ACT_NONE and each character),
 * so that what the screen does as a field is typed (a note, a check, a card number's
 * groups) is done: into `e`, which must be the field the keys go to; stops where the
 * field stops taking them. UI_PASTE_NONE when it took nothing. */
enum ui_paste_result ui_paste_keys(struct app *app, struct ui_edit *e,
				   enum ui_key_result (*key)(struct app *app, enum action act,
							     int key),
				   const char *text, size_t len);
/* The same into the focused field of `f` (NULL: none has the focus); a secret field
 * refuses, a toggle or a button takes nothing. */
enum ui_paste_result ui_form_paste_keys(struct app *app, struct ui_form *f,
					enum ui_key_result (*key)(struct app *app,
								  enum action act, int key),
					const char *text, size_t len);
/* The : and / line, as a one-line field. */
enum ui_paste_result ui_prompt_paste(const char *text, size_t len);

#endif
