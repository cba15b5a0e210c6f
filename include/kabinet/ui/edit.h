/* The line editor (edit.c) every text field and the : prompt use: the text as wide
 * characters with the cursor, masked for secrets, digits only for a code. */
#ifndef KABINET_UI_EDIT_H
#define KABINET_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "kabinet/ui/draw.h"

#define UI_EDIT_MAX 512

struct ui_edit {
	wchar_t buf[UI_EDIT_MAX + 1];
	size_t len, cur;	/* in characters */
	size_t max;		/* accepted length; 0 means UI_EDIT_MAX */
	int scroll;		/* first column shown */
	bool masked;		/* draws a bullet per character */
	bool digits;		/* a code's field: takes only 0-9, beeps at anything else */
};

enum ui_edit_result {
	UI_EDIT_IGNORED,	/* not an editing key */
	UI_EDIT_MOVED,		/* the cursor moved */
	UI_EDIT_CHANGED,	/* the text changed */
};

/* A printable character key (KEYS_CHR with a code point >= space). */
bool ui_key_is_text(int key);
enum ui_edit_result ui_edit_key(struct ui_edit *e, int key);
void ui_edit_set(struct ui_edit *e, const char *utf8);
/* The text as UTF-8; returns its length in bytes (cut to fit size). */
size_t ui_edit_get(const struct ui_edit *e, char *out, size_t size);
/* Zeroes the text (passwords) and empties it. */
void ui_edit_wipe(struct ui_edit *e);
/* Draws the text into `cols` columns, scrolled to keep the cursor visible; returns
 * the cursor's column relative to x. */
int ui_edit_draw(WINDOW *w, int y, int x, int cols, struct ui_edit *e, enum color_area area);

#endif
