/* The option table and its per-type parsers and printers (see options.h). */
#include "kabinet/options.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kabinet/model/number.h"
#include "kabinet/net/url.h"

#define SECONDS_MAX 86400
#define MILLISECONDS_MAX 10000
/* Less is no wait at all: the rest of an arrow's sequence would be Esc and characters. */
#define MILLISECONDS_MIN 10

struct options opt;

/* A parsed value before it is stored; every member starts at offset 0, so the
 * first `size` bytes are the value whatever its type. */
union value {
	bool b;
	unsigned u;
	char *s;
	enum opt_language lang;
};

struct type {
	size_t size;
	/* On failure *why may say why better than "expected <values>". */
	bool (*parse)(const char *text, union value *v, const char **why);
	void (*print)(const void *field, char *buf, size_t size);
	void (*changed)(const void *field);	/* after a new value is stored */
	bool owns_string;
};

static const char *const language_names[] = { "auto", "ru", "en" };

static bool parse_bool(const char *text, union value *v, const char **why)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(text, yes[i]) || !strcasecmp(text, no[i])) {
			v->b = !strcasecmp(text, yes[i]);
			return true;
		}
	}
	return false;
}

int options_parse_bool(const char *text, bool *out)
{
	union value v;

	if (!parse_bool(text, &v, NULL))
		return -1;
	*out = v.b;
	return 0;
}

static void print_bool(const void *field, char *buf, size_t size)
{
	snprintf(buf, size, "%s", *(const bool *)field ? "yes" : "no");
}

/* Read by the one number reader in either language's form: a config file is the same
 * file whatever language the interface is in (no text reads as two numbers). */
static bool parse_seconds(const char *text, union value *v, const char **why)
{
	int64_t n;

	if ((number_parse(text, NUMBER_WHOLE, MONEY_EN, &n) != NUMBER_OK &&
	     number_parse(text, NUMBER_WHOLE, MONEY_RU, &n) != NUMBER_OK) || n < 0 ||
	    n > SECONDS_MAX)
		return false;
	v->u = (unsigned)n;
	return true;
}

static bool parse_milliseconds(const char *text, union value *v, const char **why)
{
	return parse_seconds(text, v, why) && v->u >= MILLISECONDS_MIN && v->u <= MILLISECONDS_MAX;
}

static void print_seconds(const void *field, char *buf, size_t size)
{
	snprintf(buf, size, "%u", *(const unsigned *)field);
}

static bool parse_string(const char *text, union value *v, const char **why)
{
	return (v->s = strdup(text)) != NULL;
}

static void print_string(const void *field, char *buf, size_t size)
{
	snprintf(buf, size, "%s", *(char *const *)field);
}

/* Stored in the normal form: the keyring matches the server string exactly. */
static bool parse_url(const char *text, union value *v, const char **why)
{
	/* The normal form is never longer than the text. */
	if (!(v->s = malloc(strlen(text) + 1)))
		return false;
	if (url_normalize(text, v->s, strlen(text) + 1, why) < 0) {
		free(v->s);
		v->s = NULL;
		return false;
	}
	return true;
}

static bool parse_language(const char *text, union value *v, const char **why)
{
	for (size_t i = 0; i < sizeof(language_names) / sizeof(language_names[0]); i++) {
		if (!strcasecmp(text, language_names[i])) {
			v->lang = (enum opt_language)i;
			return true;
		}
	}
	return false;
}

static void print_language(const void *field, char *buf, size_t size)
{
	snprintf(buf, size, "%s", language_names[*(const enum opt_language *)field]);
}

static void language_changed(const void *field)
{
	i18n_set_lang(language_names[*(const enum opt_language *)field]);
}

/* What each type accepts, for messages and the man page. */
#define VALUES_BOOL     N_("yes or no")
#define VALUES_SECONDS  N_("a number of seconds from 0 to 86400")
#define VALUES_MILLISECONDS N_("a number of milliseconds from 10 to 10000")
#define VALUES_STRING   N_("any text")
#define VALUES_URL      N_("an http:// or https:// address")
#define VALUES_LANGUAGE N_("auto, ru or en")

enum type_id { T_BOOL, T_SECONDS, T_STRING, T_URL, T_LANGUAGE, T_MILLISECONDS };

static const struct type types[] = {
	[T_BOOL] = { sizeof(bool), parse_bool, print_bool, NULL, false },
	[T_SECONDS] = { sizeof(unsigned), parse_seconds, print_seconds, NULL, false },
	[T_STRING] = { sizeof(char *), parse_string, print_string, NULL, true },
	[T_URL] = { sizeof(char *), parse_url, print_string, NULL, true },
	[T_LANGUAGE] = { sizeof(enum opt_language), parse_language, print_language,
			 language_changed, false },
	[T_MILLISECONDS] = { sizeof(unsigned), parse_milliseconds, print_seconds, NULL, false },
};

static const struct option {
	struct option_info info;
	enum type_id type;
	void *field;
} table[] = {
#define OPTION_ROW(name, type, def, flags, help) \
	{ { #name, def, VALUES_##type, help, flags }, T_##type, &opt.name },
	OPTIONS(OPTION_ROW)
#undef OPTION_ROW
};

#define OPTION_COUNT (sizeof(table) / sizeof(table[0]))

const struct option_info *options_at(size_t i)
{
	return i < OPTION_COUNT ? &table[i].info : NULL;
}

static const struct option *find(const char *name)
{
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		const char *a = name, *b = table[i].info.name;
		for (; *a && *b; a++, b++)
			if (tolower((unsigned char)(*a == '-' ? '_' : *a)) != *b)
				break;
		if (!*a && !*b)
			return &table[i];
	}
	return NULL;
}

const struct option_info *options_find(const char *name)
{
	const struct option *o = find(name);

	return o ? &o->info : NULL;
}

/* Parses value for o; on success the result is in v (a string to free or store). */
static int check(const struct option *o, const char *name, const char *value, union value *v,
		 struct diag *d)
{
	const char *why = NULL;

	if (!o) {
		diag_add(d, _("unknown option '%s'"), name);
		return -1;
	}
	memset(v, 0, sizeof(*v));
	if (!types[o->type].parse(value, v, &why)) {
		/* The value is not repeated: it may hold a password (http://me:secret@h). */
		if (why)
			/* TRANSLATORS: option name, why its value is refused. */
			diag_add(d, _("%s: %s"), o->info.name, why);
		else
			/* TRANSLATORS: option name, what it takes ("yes or no"), the value given. */
			diag_add(d, _("%s: expected %s, not '%s'"), o->info.name,
				 _(o->info.values), value);
		return -1;
	}
	return 0;
}

static void store(const struct option *o, union value *v)
{
	const struct type *t = &types[o->type];

	if (t->owns_string)
		free(*(char **)o->field);
	memcpy(o->field, v, t->size);
	if (t->changed)
		t->changed(o->field);
}

int options_check(const char *name, const char *value, struct diag *d)
{
	const struct option *o = find(name);
	union value v;

	if (check(o, name, value, &v, d) < 0)
		return -1;
	if (types[o->type].owns_string)
		free(v.s);
	return 0;
}

int options_set(const char *name, const char *value, struct diag *d)
{
	const struct option *o = find(name);
	union value v;

	if (check(o, name, value, &v, d) < 0)
		return -1;
	store(o, &v);
	return 0;
}

char *options_print(const char *name, char *buf, size_t size)
{
	const struct option *o = find(name);

	if (!o || size == 0)
		return NULL;
	types[o->type].print(o->field, buf, size);
	return buf;
}

void options_reset(void)
{
	const char *no_color = getenv("NO_COLOR");

	for (size_t i = 0; i < OPTION_COUNT; i++) {
		union value v;
		/* The defaults are config text: they go through the same parsers,
		 * and only running out of memory can make one fail. */
		if (check(&table[i], table[i].info.name, table[i].info.def, &v, NULL) < 0)
			abort();
		store(&table[i], &v);
	}
	if (no_color && *no_color)
		opt.color = false;
}
