/* Key names and the key maps: which action a key runs on which screen.
 * A key is an int: function keys are ncurses KEY_* codes as they are, and
 * characters carry KEYS_CHAR so that the two ranges never collide. */
#ifndef KABINET_KEYS_H
#define KABINET_KEYS_H

#include <stddef.h>
#include <wchar.h>

#include "kabinet/actions.h"
#include "kabinet/diag.h"

#define KEYS_CHAR 0x01000000	/* above KEY_MAX and every Unicode code point */
#define KEYS_CHR(c) (KEYS_CHAR | (int)(c))
#define KEYS_ENTER KEYS_CHR('\n')
#define KEYS_ESC   KEYS_CHR(27)
#define KEYS_TAB   KEYS_CHR('\t')

/* Longest name keys_name() writes, with its NUL. */
#define KEYS_NAME_MAX 16

enum keys_status {
	KEYS_OK,
	KEYS_UNKNOWN_KEYMAP,
	KEYS_UNKNOWN_KEY,
	KEYS_UNKNOWN_ACTION,
	KEYS_NOT_BOUND,
	KEYS_NO_MEMORY,
};

/* What wget_wch() returned (its status and the wint_t it stored) as a key:
 * Return and keypad Enter become KEYS_ENTER, DEL and ^H become KEY_BACKSPACE.
 * 0 when there was no key (ERR). */
int keys_from_wget(int status, wint_t wc);
/* "j", "G", "Enter", "S-Tab", "PgDn", "F5", "C-l", "Space", "ж", "<Esc>", ...
 * Named keys ignore case, single characters do not. 0 when it names no key. */
int keys_parse(const char *name);
/* The display name of a key ("Enter", "C-l", "j"), written to buf. Parsing it
 * gives the key back. */
char *keys_name(int key, char *buf, size_t size);

/* "generic" -> KEYMAP_GENERIC; KEYMAP_UNKNOWN when there is no such keymap. */
enum keymap keys_keymap_by_name(const char *name);
const char *keys_keymap_name(enum keymap map);

/* Binds a key in a keymap by their names, as a config `bind` line does; the
 * action "none" hides a generic binding. A failure says why in `d`. */
enum keys_status keys_bind(const char *map, const char *key, const char *action, struct diag *d);
/* Removes a binding, so the key falls back to the generic keymap again. */
enum keys_status keys_unbind(const char *map, const char *key, struct diag *d);
/* The same by value. */
enum keys_status keys_set(enum keymap map, int key, enum action act);
enum keys_status keys_remove(enum keymap map, int key);

/* The action of a key on a screen: the screen's keymap, then the layer's (see
 * keys_set_layer), then "generic"; ACT_NONE when none binds it. */
enum action keys_action(enum keymap map, int key);
/* A keymap looked up between every screen's own and "generic", in keys_action and
 * keys_for_action: "staff" while the staff's screens run (kabinet --staff), so that
 * 1, 2 and 3 open those; KEYMAP_GENERIC (the start) for none. */
void keys_set_layer(enum keymap map);
enum keymap keys_layer(void);
/* The keys that run `act` on that screen ("j, Down"), for the help overlay and
 * the bottom line; "" when none does. Never cuts a key name in half. */
char *keys_for_action(enum keymap map, enum action act, char *buf, size_t size);
/* The first of them ("j"), for a hint in a sentence; "" when none does. */
char *keys_first(enum keymap map, enum action act, char *buf, size_t size);
/* Forgets every binding. */
void keys_clear(void);

#endif
