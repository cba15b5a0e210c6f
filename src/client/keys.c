/* Key names and key maps (see keys.h). */
#include "kabinet/keys.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kabinet/i18n.h"
#include "kabinet/model/utf8.h"

/* Named keys; the first name of a key is the one shown. */
static const struct {
	const char *name;
	int key;
} named[] = {
	{ "Enter", KEYS_ENTER },     { "Return", KEYS_ENTER },
	{ "Esc", KEYS_ESC },	     { "Escape", KEYS_ESC },
	{ "Tab", KEYS_TAB },	     { "S-Tab", KEY_BTAB },
	{ "BackTab", KEY_BTAB },     { "Space", KEYS_CHR(' ') },
	{ "Backspace", KEY_BACKSPACE },
	{ "Delete", KEY_DC },	     { "Del", KEY_DC },
	{ "Insert", KEY_IC },	     { "Ins", KEY_IC },
	{ "Up", KEY_UP },	     { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT },	     { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE },	     { "PageUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE },	     { "PageDown", KEY_NPAGE },
	{ "Home", KEY_HOME },	     { "End", KEY_END },
};

#define F_KEYS_MAX 24	/* F13-F24 are the shifted F1-F12 of many terminals */

static const char *const keymap_names[KEYMAP_COUNT] = {
#define KEYMAP_NAME(id, name) [KEYMAP_##id] = name,
	KEYMAPS(KEYMAP_NAME)
#undef KEYMAP_NAME
};

struct binding {
	int key;
	enum action act;
};

static struct {
	struct binding *b;
	size_t count;
} maps[KEYMAP_COUNT];

/* One spelling per key, whichever way the terminal sends it. */
static int normalize(int key)
{
	switch (key) {
	case KEYS_CHR('\r'):
	case KEY_ENTER:
		return KEYS_ENTER;
	case KEYS_CHR(8):
	case KEYS_CHR(127):
		return KEY_BACKSPACE;
	default:
		return key;
	}
}

int keys_from_wget(int status, wint_t wc)
{
	if (status == KEY_CODE_YES)
		return normalize((int)wc);
	if (status == OK && wc > 0 && wc <= 0x10ffff)
		return normalize(KEYS_CHR(wc));
	return 0;
}

/* "C-l", "Ctrl-L", "^L" -> ^L; 0 when the name is not a control key. */
static int parse_ctrl(const char *name)
{
	size_t skip = 0;
	char c;

	if (!strncasecmp(name, "C-", 2))
		skip = 2;
	else if (!strncasecmp(name, "Ctrl-", 5))
		skip = 5;
	else if (name[0] == '^')
		skip = 1;
	if (!skip || !name[skip] || name[skip + 1])
		return 0;
	c = name[skip];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return normalize(KEYS_CHR(c & 0x1f));
	if (c == '[')
		return KEYS_ESC;
	return 0;
}

int keys_parse(const char *name)
{
	size_t len = strlen(name);
	char inner[KEYS_NAME_MAX];
	uint32_t cp;
	int n;

	/* <Enter> is Enter in angle brackets; a lone "<" or "<>" is a character or nothing. */
	if (len > 2 && name[0] == '<' && name[len - 1] == '>' && len - 2 < sizeof(inner)) {
		memcpy(inner, name + 1, len - 2);
		inner[len - 2] = '\0';
		name = inner;
		len -= 2;
	}
	if (len > 0 && utf8_decode(name, len, &cp) == len)
		/* Control characters are spelled C-x, never raw. */
		return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : KEYS_CHR(cp);
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcasecmp(name, named[i].name))
			return named[i].key;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long f = strtol(name + 1, &end, 10);
		if (!*end && f >= 1 && f <= F_KEYS_MAX)
			return KEY_F((int)f);
	}
	/* What keys_name() shows for a function key without a name. */
	if (!strncasecmp(name, "Key-", 4) && sscanf(name + 4, "%d", &n) == 1 &&
	    n > 0 && n <= KEY_MAX) {
		char back[KEYS_NAME_MAX];
		snprintf(back, sizeof(back), "%d", n);
		return strcmp(back, name + 4) ? 0 : n;
	}
	return parse_ctrl(name);
}

char *keys_name(int key, char *buf, size_t size)
{
	char utf[4];
	size_t n;

	if (size == 0)
		return buf;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].key == key) {
			snprintf(buf, size, "%s", named[i].name);
			return buf;
		}
	if (key >= KEY_F(1) && key <= KEY_F(F_KEYS_MAX))
		snprintf(buf, size, "F%d", key - KEY_F0);
	else if (key > KEYS_CHAR && key < KEYS_CHR(0x20))
		snprintf(buf, size, "C-%c", 'a' + (key & 0xff) - 1);
	else if ((key & KEYS_CHAR) && (n = utf8_encode((uint32_t)(key & ~KEYS_CHAR), utf)) > 0)
		snprintf(buf, size, "%.*s", (int)n, utf);
	else
		snprintf(buf, size, "Key-%d", key);
	return buf;
}

enum keymap keys_keymap_by_name(const char *name)
{
	for (int i = 0; i < KEYMAP_COUNT; i++)
		if (!strcmp(name, keymap_names[i]))
			return (enum keymap)i;
	return KEYMAP_UNKNOWN;
}

const char *keys_keymap_name(enum keymap map)
{
	return map >= 0 && map < KEYMAP_COUNT ? keymap_names[map] : NULL;
}

static struct binding *find(enum keymap map, int key)
{
	for (size_t i = 0; i < maps[map].count; i++)
		if (maps[map].b[i].key == key)
			return &maps[map].b[i];
	return NULL;
}

enum keys_status keys_set(enum keymap map, int key, enum action act)
{
	struct binding *b, *grown;

	if (map < 0 || map >= KEYMAP_COUNT)
		return KEYS_UNKNOWN_KEYMAP;
	if (act < ACT_NONE || act >= ACT_COUNT)
		return KEYS_UNKNOWN_ACTION;
	if (key <= 0)
		return KEYS_UNKNOWN_KEY;
	key = normalize(key);
	if ((b = find(map, key))) {
		b->act = act;
		return KEYS_OK;
	}
	grown = realloc(maps[map].b, (maps[map].count + 1) * sizeof(*grown));
	if (!grown)
		return KEYS_NO_MEMORY;
	maps[map].b = grown;
	maps[map].b[maps[map].count++] = (struct binding){ key, act };
	return KEYS_OK;
}

enum keys_status keys_remove(enum keymap map, int key)
{
	struct binding *b;

	if (map < 0 || map >= KEYMAP_COUNT)
		return KEYS_UNKNOWN_KEYMAP;
	if (!(b = find(map, normalize(key))))
		return KEYS_NOT_BOUND;
	/* Keep the order of the rest: it is the order the help lists keys in. */
	memmove(b, b + 1, (size_t)(maps[map].b + maps[map].count - (b + 1)) * sizeof(*b));
	maps[map].count--;
	return KEYS_OK;
}

/* Resolves the names of a bind or unbind line, saying in d what is wrong. */
static enum keys_status lookup(const char *mapname, const char *keyname, enum keymap *map,
			       int *key, struct diag *d)
{
	if ((*map = keys_keymap_by_name(mapname)) == KEYMAP_UNKNOWN) {
		diag_add(d, _("unknown keymap '%s'"), mapname);
		return KEYS_UNKNOWN_KEYMAP;
	}
	if (!(*key = keys_parse(keyname))) {
		diag_add(d, _("unknown key '%s'"), keyname);
		return KEYS_UNKNOWN_KEY;
	}
	return KEYS_OK;
}

static enum keys_status out_of_memory(struct diag *d)
{
	diag_add(d, "%s", _("out of memory"));
	return KEYS_NO_MEMORY;
}

enum keys_status keys_bind(const char *mapname, const char *keyname, const char *actname,
			   struct diag *d)
{
	enum keys_status st;
	enum keymap map;
	enum action act;
	int key;

	if ((st = lookup(mapname, keyname, &map, &key, d)) != KEYS_OK)
		return st;
	if ((act = action_by_name(actname)) == ACT_UNKNOWN) {
		diag_add(d, _("unknown action '%s'"), actname);
		return KEYS_UNKNOWN_ACTION;
	}
	if ((st = keys_set(map, key, act)) == KEYS_NO_MEMORY)
		return out_of_memory(d);
	return st;
}

enum keys_status keys_unbind(const char *mapname, const char *keyname, struct diag *d)
{
	enum keys_status st;
	enum keymap map;
	int key;

	if ((st = lookup(mapname, keyname, &map, &key, d)) != KEYS_OK)
		return st;
	if ((st = keys_remove(map, key)) == KEYS_NOT_BOUND)
		diag_add(d, _("key '%s' is not bound in keymap %s"), keyname, mapname);
	return st;
}

/* The keymap between a screen's and generic's (keys_set_layer). */
static enum keymap layer = KEYMAP_GENERIC;

void keys_set_layer(enum keymap map)
{
	layer = map > KEYMAP_GENERIC && map < KEYMAP_COUNT ? map : KEYMAP_GENERIC;
}

enum keymap keys_layer(void)
{
	return layer;
}

enum action keys_action(enum keymap map, int key)
{
	const struct binding *b = NULL;

	key = normalize(key);
	if (map >= 0 && map < KEYMAP_COUNT)
		b = find(map, key);
	if (!b && layer != KEYMAP_GENERIC)
		b = find(layer, key);
	if (!b)
		b = find(KEYMAP_GENERIC, key);
	return b ? b->act : ACT_NONE;
}

/* Appends ", name" (or just "name" first), whole or not at all; false when
 * it did not fit, and then nothing more is appended. */
static bool append_key(char *buf, size_t size, size_t *len, int key)
{
	char name[KEYS_NAME_MAX];
	int n;

	keys_name(key, name, sizeof(name));
	n = snprintf(buf + *len, size - *len, "%s%s", *len ? ", " : "", name);
	if (n < 0 || (size_t)n >= size - *len) {
		buf[*len] = '\0';
		return false;
	}
	*len += (size_t)n;
	return true;
}

char *keys_for_action(enum keymap map, enum action act, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (map < 0 || map >= KEYMAP_COUNT)
		return buf;
	for (size_t i = 0; i < maps[map].count; i++)
		if (maps[map].b[i].act == act && !append_key(buf, size, &len, maps[map].b[i].key))
			return buf;
	if (map == KEYMAP_GENERIC)
		return buf;
	/* The layer's keys, then generic's, count only where nothing nearer rebinds them. */
	for (size_t i = 0; map != layer && i < maps[layer].count; i++) {
		const struct binding *g = &maps[layer].b[i];
		if (g->act == act && !find(map, g->key) && !append_key(buf, size, &len, g->key))
			return buf;
	}
	for (size_t i = 0; i < maps[KEYMAP_GENERIC].count; i++) {
		const struct binding *g = &maps[KEYMAP_GENERIC].b[i];
		if (g->act == act && !find(map, g->key) && !(map != layer && find(layer, g->key)) &&
		    !append_key(buf, size, &len, g->key))
			break;
	}
	return buf;
}

char *keys_first(enum keymap map, enum action act, char *buf, size_t size)
{
	keys_for_action(map, act, buf, size);
	if (size)
		buf[strcspn(buf, ",")] = '\0';
	return buf;
}

void keys_clear(void)
{
	for (int i = 0; i < KEYMAP_COUNT; i++) {
		free(maps[i].b);
		maps[i].b = NULL;
		maps[i].count = 0;
	}
}
