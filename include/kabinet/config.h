/* The config language, one parser for the config file, the `:` command line and
 * the tests: set / bind / unbind / color lines, [profile NAME] sections, and the
 * commands only the command line takes (quit, pay ACCOUNT AMOUNT, any action). */
#ifndef KABINET_CONFIG_H
#define KABINET_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "kabinet/actions.h"
#include "kabinet/diag.h"
#include "kabinet/i18n.h"

/* Longest line in bytes, without its newline. */
#define CONFIG_LINE_MAX 4096

/* X(ENUM, "name", N_("what it colors")) */
#define COLOR_AREAS(X) \
	X(DEFAULT,      "default",      N_("everything not named below")) \
	X(TITLE,        "title",        N_("the top line")) \
	X(MENU,         "menu",         N_("the menu of screens")) \
	X(MENU_ACTIVE,  "menu-active",  N_("the current screen in the menu")) \
	X(STATUS,       "status",       N_("the bottom line")) \
	X(CURSOR,       "cursor",       N_("the selected line")) \
	X(NEGATIVE,     "negative",     N_("negative balances")) \
	X(POSITIVE,     "positive",     N_("incoming money")) \
	X(WARNING,      "warning",      N_("warnings: blocked services, a declined autopay")) \
	X(ERROR,        "error",        N_("error messages")) \
	X(DIALOG,       "dialog",       N_("dialogs")) \
	X(FIELD,        "field",        N_("form fields")) \
	X(FIELD_ACTIVE, "field-active", N_("the form field being edited")) \
	X(HELP,         "help",         N_("the help overlay"))

enum color_area {
#define COLOR_AREA_ENUM(id, name, help) AREA_##id,
	COLOR_AREAS(COLOR_AREA_ENUM)
#undef COLOR_AREA_ENUM
	AREA_COUNT
};

/* Colors as ncurses numbers (-1 is the terminal's default), attrs as A_* bits. */
struct color_style {
	short fg, bg;
	unsigned attrs;
};

/* What a command-line line asks the UI to do; config lines act at once. */
enum command_kind {
	CMD_NONE,	/* nothing left to do (blank, comment, or a config line done) */
	CMD_ACTION,	/* run `action`; for ACT_PAY with account and amount */
	CMD_SHOW,	/* show `text`, such as "language = auto (ru)" */
	CMD_FIND,	/* find TEXT: the staff's lookup of subscribers by `text` */
	CMD_DATE,	/* date DATE: screen 4 from that day back; `text` its YYYY-MM-DD */
};

#define CONFIG_ACCOUNT_MAX 20

struct command {
	enum command_kind kind;
	const char *option;	/* the option a `set` line changed (its table name), or NULL */
	enum action action;
	char account[CONFIG_ACCOUNT_MAX + 1];
	int64_t amount;		/* kopecks, above zero */
	char text[1024];
};

struct profile_setting {
	const char *option;	/* the option's name in the table */
	char *value;		/* config text, already checked */
};

struct config_profile {
	char *name;
	struct profile_setting *set;
	size_t count;
};

enum config_file_status {
	CONFIG_FILE_OK,		/* read; bad lines are in the warnings */
	CONFIG_FILE_MISSING,	/* no such file: not an error for the user's config */
	CONFIG_FILE_ERROR,	/* could not be read; the reason is in the warnings */
};

/* What a running program says to a `set` of the command line before the value is
 * stored: 0 to go on, -1 (with the reason in d) to refuse, say for an option that is
 * only read at start. `option` is the table's name of the option, `value` its text,
 * already checked by the option's own parser. Config files never go through it. */
typedef int (*config_set_guard_fn)(const char *option, const char *value, struct diag *d);
void config_set_guard(config_set_guard_fn fn);

/* Every option to its default, no bindings, no colors, no profiles. Call it once
 * before anything reads `opt`, then config_load_defaults() and the user's file.
 * The language option goes back to auto too, so command-line overrides such as
 * --lang are applied after the files, with options_set(). */
void config_reset(void);
/* Runs one command-line line. Config lines take effect at once; the rest come
 * back in cmd for the UI to run. Returns 0, or -1 and says why in d. */
int config_exec(const char *line, struct command *cmd, struct diag *d);
/* Reads config text line by line; each bad line is a "name:line: message"
 * warning and the next line is read. Returns the number of bad lines. */
int config_load_text(const char *name, const char *text, struct diag *warnings);
/* The same for a file. */
enum config_file_status config_load_file(const char *path, struct diag *warnings);
/* The shipped default bindings and colors (src/client/default-config). */
int config_load_defaults(struct diag *warnings);
/* $XDG_CONFIG_HOME/kabinet/config, else ~/.config/kabinet/config (xdg.h); NULL when
 * no home is known (or buf is too small). */
char *config_user_path(char *buf, size_t size);

/* The style of an area (the terminal's defaults until a color line sets it). */
const struct color_style *config_color(enum color_area area);
const char *config_area_name(enum color_area area);
/* An area's style as the words of a color line: "black cyan bold". */
char *config_color_print(enum color_area area, char *buf, size_t size);

/* A [profile NAME] section; NULL when the config has none by that name. */
const struct config_profile *config_profile_get(const char *name);
/* The i-th profile in the order of the config, NULL past the end. */
const struct config_profile *config_profile_at(size_t i);
/* A setting of a profile (option names as options_find takes them), or NULL. */
const char *config_profile_value(const struct config_profile *p, const char *option);
/* Sets the profile's options. Returns 0, or -1 and says why in d. */
int config_profile_apply(const char *name, struct diag *d);

#endif
