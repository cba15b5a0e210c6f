/* The : command line and the / search line (prompt.c), in the bottom line. */
#ifndef KABINET_UI_PROMPT_H
#define KABINET_UI_PROMPT_H

#include <curses.h>
#include <stdbool.h>

struct app;

/* The : command line (prompt.c): open it, feed it keys while it is open, draw it
 * into the bottom line. Commands go through the shared config parser. */
void ui_prompt_open(void);
/* The same line for `/`: what is typed is a search, for the screen in front. */
void ui_prompt_open_search(void);
/* Searches the screen in front (text NULL: n/N), or says it has nothing to search. */
void ui_search(struct app *app, const char *text, int dir);
bool ui_can_search(void);
bool ui_prompt_active(void);
void ui_prompt_key(struct app *app, int key);
/* Returns the cursor's column. */
int ui_prompt_draw(WINDOW *w, int cols);

#endif
