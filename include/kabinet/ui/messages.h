/* The messages of the bottom line, read whole (messages.c). */
#ifndef KABINET_UI_MESSAGES_H
#define KABINET_UI_MESSAGES_H

#include <stddef.h>

#include "kabinet/ui/engine.h"

#define UI_MESSAGES_MAX 50	/* messages kept */

/* M and :messages: the last messages and the warnings of the start, over the screen
 * in front (again: closed). */
extern const struct screen_ops messages_screen;
void ui_messages_show(void);
/* Keeps a message said in the bottom line (ui_message does); the same one twice in a
 * row is kept once. */
void ui_messages_add(enum ui_msg kind, const char *text);
/* How many are kept, and the i-th, 0 the newest (NULL past the last). */
size_t ui_messages_count(void);
const char *ui_messages_nth(size_t i, enum ui_msg *kind);
/* The warnings of the start (copied), every one of them kept whatever the count. */
void ui_messages_set_warnings(const char *const *warnings, size_t n);
size_t ui_messages_warnings(void);
const char *ui_messages_warning(size_t i);
/* Forgets everything (tests). */
void ui_messages_clear(void);
/* For the top line: "M: 3 warnings " until the messages were opened, else "".
 * `key` is the key of the messages action ("" when none: ":messages" is named). */
void ui_messages_top_note(const char *key, char *buf, size_t size);
/* A message wider than `cols` is cut to leave room for a mark saying so and naming
 * `key` ("… (M: more)"); one that fits is left as it is. */
void ui_messages_fit(char *text, size_t size, int cols, const char *key);

#endif
