/* The confirmation dialog (dialog.c) over the screen, and the dialog that only
 * tells; the engine runs it. */
#ifndef KABINET_UI_DIALOG_H
#define KABINET_UI_DIALOG_H

#include <stdbool.h>

#include "kabinet/actions.h"

struct app;

/* A confirmation dialog over the screen: `question` and the lines of `detail`
 * (may be NULL). done() runs once with the answer. */
typedef void (*ui_confirm_fn)(struct app *app, bool yes, void *ud);
void ui_confirm(const char *question, const char *detail, bool default_yes, ui_confirm_fn done,
		void *ud);
/* A dialog that only tells: `title`, the lines of `detail`, one button that closes it
 * (Enter, Esc, q). */
void ui_dialog_info(const char *title, const char *detail);

/* The confirmation dialog's state (dialog.c), run by the engine. */
bool ui_dialog_active(void);
void ui_dialog_key(struct app *app, enum action act, int key);
void ui_dialog_draw(int lines, int cols);
/* Opens it (ui_confirm() in the engine calls this). */
void ui_dialog_open(const char *question, const char *detail, bool default_yes,
		    ui_confirm_fn done, void *ud);

#endif
