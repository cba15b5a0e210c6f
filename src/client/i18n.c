/* Locale and language set-up over gettext (see i18n.h). */
#include "kabinet/i18n.h"

#include <ctype.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/exe.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "kabinet"

static const char *lang = "en";
static bool env_utf8;
/* Where the catalog was looked for, in words, for the message when it is missing. */
static char looked_in[2 * 4096 + 8];

/* The language the environment names, by the precedence POSIX gives it. */
static const char *env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ru", 2) ? "en" : "ru";
	}
	return "en";
}

/* The locale the environment names for characters: LC_ALL, LC_CTYPE, LANG. */
static const char *env_ctype(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "C";
}

/* "ru_RU.UTF-8", "en_US.utf8": a locale name that says UTF-8 (one that is not
 * installed here still tells what the terminal takes). */
static bool names_utf8(const char *name)
{
	const char *dot = strchr(name, '.');
	char codeset[16];
	size_t n = 0;

	if (!dot)
		return false;
	for (dot++; *dot && *dot != '@' && n + 1 < sizeof(codeset); dot++)
		if (*dot != '-')
			codeset[n++] = (char)tolower((unsigned char)*dot);
	codeset[n] = '\0';
	return !strcmp(codeset, "utf8");
}

static int is_named(const char *locale, const char *name)
{
	return locale && !strcmp(locale, name);
}

int i18n_set_lang(const char *want)
{
	if (!want || !strcmp(want, "auto"))
		want = env_lang();
	else if (strcmp(want, "ru") && strcmp(want, "en"))
		return -1;
	lang = !strcmp(want, "ru") ? "ru" : "en";
	/* glibc reads LANGUAGE on every lookup; textdomain() drops its cache of
	 * translations already found, so the switch shows on the next redraw. */
	setenv("LANGUAGE", lang, 1);
	textdomain(DOMAIN);
	return 0;
}

/* Whether dir holds the Russian catalog (the only one there is). */
static bool has_catalog(const char *dir)
{
	char path[4096 + 64];

	if ((size_t)snprintf(path, sizeof(path), "%s/ru/LC_MESSAGES/" DOMAIN ".mo", dir) >=
	    sizeof(path))
		return false;
	return access(path, R_OK) == 0;
}

/* $KABINET_LOCALEDIR when set; else `locale` next to the executable when it holds the
 * catalog (a build tree: the Makefile puts it in build/locale), else the installed
 * LOCALEDIR. */
static const char *find_catalog(char *buf, size_t size)
{
	const char *env = getenv("KABINET_LOCALEDIR");

	if (env && *env) {
		snprintf(looked_in, sizeof(looked_in), "%s", env);
		return env;
	}
	if (exe_beside(buf, size, "locale")) {
		if (has_catalog(buf))
			return buf;
		snprintf(looked_in, sizeof(looked_in), "%s, %s", buf, LOCALEDIR);
	} else {
		snprintf(looked_in, sizeof(looked_in), "%s", LOCALEDIR);
	}
	return LOCALEDIR;
}

int i18n_init(const char *want)
{
	char beside[4096];
	const char *messages;

	/* A locale that is not installed (ru_RU.UTF-8 on a minimal host) or not
	 * UTF-8 falls back to C.UTF-8: decoding and wcwidth() need a UTF-8 ctype, and
	 * the catalog is chosen through LANGUAGE below anyway. Whether the terminal
	 * takes UTF-8 is what the environment said, not what we fell back to. */
	if (setlocale(LC_ALL, "")) {
		env_utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	} else {
		env_utf8 = names_utf8(env_ctype());
	}
	if (!env_utf8 || strcmp(nl_langinfo(CODESET), "UTF-8"))
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "en_US.UTF-8");
	/* glibc ignores LANGUAGE while LC_MESSAGES is plain "C". */
	messages = setlocale(LC_MESSAGES, NULL);
	if (is_named(messages, "C") || is_named(messages, "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");

	bindtextdomain(DOMAIN, find_catalog(beside, sizeof(beside)));
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	if (i18n_set_lang(want) < 0) {
		i18n_set_lang(NULL);
		return -1;
	}
	return 0;
}

bool i18n_catalog_missing(char *msg, size_t size)
{
	/* A catalog that was loaded answers the empty msgid with its header (a variable,
	 * not a literal: xgettext warns about an empty msgid). */
	static const char header[] = "";

	if (strcmp(lang, "ru") || *dgettext(DOMAIN, header))
		return false;
	snprintf(msg, size, _("No Russian translation found (looked in %s): the interface "
			      "stays in English."), looked_in);
	return true;
}

bool i18n_utf8_env(void)
{
	return env_utf8;
}

const char *i18n_lang(void)
{
	return lang;
}

enum money_style i18n_money_style(void)
{
	return !strcmp(lang, "ru") ? MONEY_RU : MONEY_EN;
}
