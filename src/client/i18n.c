/* Locale and language set-up over gettext (see i18n.h). */
#include "kabinet/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "kabinet"

static const char *lang = "en";

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

int i18n_init(const char *want)
{
	const char *dir = getenv("KABINET_LOCALEDIR");
	const char *messages;

	/* A locale that is not installed (ru_RU.UTF-8 on a minimal host) or not
	 * UTF-8 falls back to C.UTF-8: ncursesw needs a UTF-8 ctype to draw
	 * Cyrillic, and the catalog is chosen through LANGUAGE below anyway. */
	if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8"))
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "en_US.UTF-8");
	/* glibc ignores LANGUAGE while LC_MESSAGES is plain "C". */
	messages = setlocale(LC_MESSAGES, NULL);
	if (is_named(messages, "C") || is_named(messages, "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");

	bindtextdomain(DOMAIN, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	if (i18n_set_lang(want) < 0) {
		i18n_set_lang(NULL);
		return -1;
	}
	return 0;
}

const char *i18n_lang(void)
{
	return lang;
}

enum money_style i18n_money_style(void)
{
	return !strcmp(lang, "ru") ? MONEY_RU : MONEY_EN;
}
