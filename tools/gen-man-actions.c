/* Fills in man/kabinet-config.5.in: the lines @ACTIONS@, @OPTIONS@, @COLORS@ and
 * @KEYMAPS@ become tables made from the code's own tables and the shipped
 * default config, so that the man page cannot drift from the program.
 * Usage: gen-man-actions TEMPLATE >kabinet-config.5
 * With --names instead, prints every name the config language takes, a line each:
 * "action NAME", "keymap NAME", "option NAME", "area NAME" (tests/docs/man.sh checks
 * the man pages against them). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/config.h"
#include "kabinet/keys.h"
#include "kabinet/options.h"

/* Text for roff: a backslash is \e, a hyphen is a real minus (these are names
 * to type), and \& keeps a leading dot or quote from being a request. */
static void roff(const char *s)
{
	fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

/* A table cell that may be long and wraps: T{ text T}. */
static void block(const char *s)
{
	fputs("T{\n", stdout);
	roff(s);
	fputs("\nT}", stdout);
}

/* Appends to a string, cutting what does not fit. */
static void add(char *out, size_t size, const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out + len, size - len, fmt, ap);
	va_end(ap);
}

/* The keys of an action: those of the generic keymap, then "screens: keys" for
 * the keymaps where they differ, keymaps with the same keys together. */
static void action_keys(enum action act, char *out, size_t size)
{
	char keys[KEYMAP_COUNT][128];

	for (int m = 0; m < KEYMAP_COUNT; m++)
		keys_for_action((enum keymap)m, act, keys[m], sizeof(keys[m]));
	snprintf(out, size, "%s", keys[KEYMAP_GENERIC]);
	for (int m = KEYMAP_GENERIC + 1; m < KEYMAP_COUNT; m++) {
		bool listed = false;
		for (int k = KEYMAP_GENERIC; k < m; k++)
			listed |= !strcmp(keys[k], keys[m]);
		if (listed || !*keys[m])
			continue;
		add(out, size, "%s%s", *out ? "; " : "", keys_keymap_name((enum keymap)m));
		for (int k = m + 1; k < KEYMAP_COUNT; k++)
			if (!strcmp(keys[k], keys[m]))
				add(out, size, ", %s", keys_keymap_name((enum keymap)k));
		add(out, size, ": %s", keys[m]);
	}
}

static void actions(void)
{
	char keys[512];

	puts(".TS\nl l l lx.\n\\fBAction\\fR\t\\fBKeys\\fR\t\\fBChanges\\fR\t\\fBDescription\\fR\n_");
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		action_keys((enum action)a, keys, sizeof(keys));
		roff(action_name((enum action)a));
		putchar('\t');
		if (*keys)
			block(keys);
		else
			fputs("\\(em", stdout);
		printf("\t%s\t", action_changes((enum action)a) ? "yes" : "");
		block(action_help((enum action)a));
		putchar('\n');
	}
	puts(".TE");
}

/* Options as a tagged list: a table is too narrow for their descriptions. */
static void options(void)
{
	const struct option_info *o;

	for (size_t i = 0; (o = options_at(i)); i++) {
		fputs(".TP\n\\fB", stdout);
		roff(o->name);
		fputs("\\fR = \\fI", stdout);
		roff(o->values);
		fputs("\\fR (default: ", stdout);
		roff(*o->def ? o->def : "empty");
		puts(")");
		roff(o->help);
		puts(o->flags & OPTF_PROFILE ? ".\nMay be set in a profile." : ".");
	}
}

static void colors(void)
{
	static const char *const what[AREA_COUNT] = {
#define COLOR_AREA_HELP(id, name, help) [AREA_##id] = help,
		COLOR_AREAS(COLOR_AREA_HELP)
#undef COLOR_AREA_HELP
	};
	char style[128];

	puts(".TS\nl l lx.\n\\fBArea\\fR\t\\fBDefault\\fR\t\\fBWhat it colors\\fR\n_");
	for (int a = 0; a < AREA_COUNT; a++) {
		roff(config_area_name((enum color_area)a));
		putchar('\t');
		roff(config_color_print((enum color_area)a, style, sizeof(style)));
		putchar('\t');
		block(what[a]);
		putchar('\n');
	}
	puts(".TE");
}

static void keymaps(void)
{
	for (int m = 0; m < KEYMAP_COUNT; m++) {
		fputs(".BR ", stdout);
		roff(keys_keymap_name((enum keymap)m));
		puts(m + 1 < KEYMAP_COUNT ? " ," : " .");
	}
}

static void names(void)
{
	const struct option_info *o;

	for (int a = ACT_NONE; a < ACT_COUNT; a++)
		printf("action %s\n", action_name((enum action)a));
	for (int m = 0; m < KEYMAP_COUNT; m++)
		printf("keymap %s\n", keys_keymap_name((enum keymap)m));
	for (size_t i = 0; (o = options_at(i)); i++)
		printf("option %s\n", o->name);
	for (int a = 0; a < AREA_COUNT; a++)
		printf("area %s\n", config_area_name((enum color_area)a));
}

int main(int argc, char **argv)
{
	static const struct {
		const char *line;
		void (*print)(void);
	} slots[] = {
		{ "@ACTIONS@\n", actions },
		{ "@OPTIONS@\n", options },
		{ "@COLORS@\n", colors },
		{ "@KEYMAPS@\n", keymaps },
	};
	struct diag warnings = { 0 };
	char line[1024];
	FILE *in;

	if (argc == 2 && !strcmp(argv[1], "--names")) {
		names();
		return ferror(stdout) ? 1 : 0;
	}
	if (argc != 2 || !(in = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: gen-man-actions TEMPLATE\n");
		return 2;
	}
	config_reset();
	if (config_load_defaults(&warnings) > 0) {
		for (size_t i = 0; i < warnings.count; i++)
			fprintf(stderr, "%s\n", warnings.msg[i]);
		return 1;
	}
	while (fgets(line, sizeof(line), in)) {
		size_t i;
		for (i = 0; i < sizeof(slots) / sizeof(slots[0]) && strcmp(line, slots[i].line); i++)
			;
		if (i < sizeof(slots) / sizeof(slots[0]))
			slots[i].print();
		else
			fputs(line, stdout);
	}
	fclose(in);
	return ferror(stdout) ? 1 : 0;
}
