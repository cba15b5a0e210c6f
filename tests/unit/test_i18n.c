/* Unit tests of translation: the language from the locale or an override, on a
 * host with only C.UTF-8 installed; switching at run time; the Russian catalog
 * complete for every table string; money style following the language.
 * The catalog is the one built next to this binary: BUILD/locale. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/actions.h"
#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/options.h"

/* The environment of a user: LANG, and LC_ALL / LC_MESSAGES unset. */
static void environment(const char *lang)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	if (lang)
		setenv("LANG", lang, 1);
	else
		unsetenv("LANG");
}

static void russian_from_a_locale_that_is_not_installed(void **state)
{
	environment("ru_RU.UTF-8");
	assert_int_equal(i18n_init(NULL), 0);
	assert_string_equal(i18n_lang(), "ru");
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
	assert_string_equal(action_help(ACT_REFRESH), "Обновить данные с сервера");
	/* ncursesw still gets a UTF-8 ctype. */
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	assert_int_equal(i18n_money_style(), MONEY_RU);
}

static void russian_from_lang_over_c_utf8(void **state)
{
	environment("C.UTF-8");
	assert_int_equal(i18n_init("ru"), 0);
	assert_string_equal(i18n_lang(), "ru");
	assert_string_equal(action_help(ACT_QUIT), "Выйти из программы");
	/* And English when nothing asks for Russian. */
	assert_int_equal(i18n_init(NULL), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_string_equal(action_help(ACT_QUIT), "Quit kabinet");
}

static void russian_even_under_plain_c(void **state)
{
	/* glibc ignores LANGUAGE under the "C" locale; --lang ru must still work. */
	environment("C");
	assert_int_equal(i18n_init("ru"), 0);
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	environment(NULL);
	assert_int_equal(i18n_init("ru"), 0);
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
	/* Only messages in "C", the rest UTF-8. */
	environment("C.UTF-8");
	setenv("LC_MESSAGES", "C", 1);
	assert_int_equal(i18n_init("ru"), 0);
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
}

static void language_follows_posix_precedence(void **state)
{
	environment("ru_RU.UTF-8");
	setenv("LC_MESSAGES", "en_GB.UTF-8", 1);
	i18n_init(NULL);
	assert_string_equal(i18n_lang(), "en");
	setenv("LC_ALL", "ru_UA.UTF-8", 1);
	i18n_init(NULL);
	assert_string_equal(i18n_lang(), "ru");
	environment("en_US.UTF-8");
	setenv("LC_MESSAGES", "", 1);
	i18n_init(NULL);
	assert_string_equal(i18n_lang(), "en");
	environment("ru");
	i18n_init("auto");
	assert_string_equal(i18n_lang(), "ru");
	/* An unknown language is refused and the environment's is used. */
	environment("ru_RU.UTF-8");
	assert_int_equal(i18n_init("de"), -1);
	assert_string_equal(i18n_lang(), "ru");
}

static void switches_language_at_run_time(void **state)
{
	struct diag d = { 0 };
	struct command cmd;

	environment("C.UTF-8");
	i18n_init(NULL);
	assert_string_equal(action_help(ACT_PAY), "Top up an account");
	assert_int_equal(i18n_set_lang("ru"), 0);
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
	assert_int_equal(i18n_set_lang("en"), 0);
	assert_string_equal(action_help(ACT_PAY), "Top up an account");
	assert_int_equal(i18n_set_lang("ru"), 0);
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
	/* A refused language changes nothing. */
	assert_int_equal(i18n_set_lang("fr"), -1);
	assert_string_equal(i18n_lang(), "ru");

	/* `set language` goes through the same switch, and so does :set. */
	assert_int_equal(options_set("language", "en", NULL), 0);
	assert_string_equal(action_help(ACT_PAY), "Top up an account");
	assert_int_equal(config_exec("set language = ru", &cmd, &d), 0);
	assert_string_equal(action_help(ACT_PAY), "Оплатить");
	assert_int_equal(config_exec("set language", &cmd, &d), 0);
	assert_string_equal(cmd.text, "language = ru");
	assert_int_equal(config_exec("set language auto", &cmd, &d), 0);
	assert_int_equal(config_exec("set language", &cmd, &d), 0);
	assert_string_equal(cmd.text, "language = auto (en)");
	assert_int_equal(d.count, 0);
}

static void config_warnings_are_translated(void **state)
{
	struct diag d = { 0 };

	environment("C.UTF-8");
	i18n_init("ru");
	config_load_text("config", "frobnicate\nset read_only = maybe\nbind generic j fly\n", &d);
	assert_int_equal(d.count, 3);
	assert_string_equal(d.msg[0], "config:1: неизвестная команда «frobnicate»");
	assert_string_equal(d.msg[1], "config:2: read_only: ожидается yes или no, а не «maybe»");
	assert_string_equal(d.msg[2], "config:3: неизвестное действие «fly»");
	diag_clear(&d);
	i18n_set_lang("en");
	config_load_text("config", "frobnicate\n", &d);
	assert_string_equal(d.msg[0], "config:1: unknown command 'frobnicate'");
	diag_clear(&d);
}

/* A string the catalog must translate: in Russian it differs from English.
 * (The only exceptions would be words that read the same, and the tables have
 * none.) */
static void assert_translated(const char *english)
{
	i18n_set_lang("en");
	if (strcmp(_(english), english))
		fail_msg("\"%s\" is translated in English", english);
	i18n_set_lang("ru");
	if (!strcmp(_(english), english))
		fail_msg("no Russian for \"%s\"", english);
}

static void russian_catalog_covers_every_table_string(void **state)
{
	static const char *const areas[] = {
#define COLOR_AREA_HELP(id, name, help) help,
		COLOR_AREAS(COLOR_AREA_HELP)
#undef COLOR_AREA_HELP
	};
	const struct option_info *o;
	char english[256];

	environment("C.UTF-8");
	i18n_init(NULL);
	for (int a = ACT_NONE; a < ACT_COUNT; a++) {
		/* action_help() translates; fetch its English first. */
		i18n_set_lang("en");
		snprintf(english, sizeof(english), "%s", action_help((enum action)a));
		assert_translated(english);
		if (!strcmp(action_help((enum action)a), english))
			fail_msg("no Russian help for %s", action_name((enum action)a));
	}
	for (size_t i = 0; (o = options_at(i)); i++) {
		assert_translated(o->help);
		assert_translated(o->values);
	}
	for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		assert_translated(areas[i]);
}

static void money_style_follows_the_language(void **state)
{
	char buf[64];

	environment("C.UTF-8");
	i18n_init("ru");
	assert_int_equal(i18n_money_style(), MONEY_RU);
	assert_string_equal(money_format(123456, i18n_money_style(), buf, sizeof(buf)),
			    "1\u202f234,56\u00a0₽");
	i18n_set_lang("en");
	assert_int_equal(i18n_money_style(), MONEY_EN);
	assert_string_equal(money_format(123456, i18n_money_style(), buf, sizeof(buf)),
			    "1,234.56 RUB");
	options_set("language", "ru", NULL);
	assert_int_equal(i18n_money_style(), MONEY_RU);
}

/* Russian asked for without a catalog is said, with where it was looked for;
 * English, or Russian with the catalog, says nothing. */
static void a_missing_catalog_is_said(void **state)
{
	char *saved = strdup(getenv("KABINET_LOCALEDIR"));
	char msg[512];

	environment("C.UTF-8");
	assert_int_equal(i18n_init("ru"), 0);
	assert_false(i18n_catalog_missing(msg, sizeof(msg)));
	setenv("KABINET_LOCALEDIR", "/nonexistent/locale", 1);
	assert_int_equal(i18n_init("ru"), 0);
	assert_true(i18n_catalog_missing(msg, sizeof(msg)));
	assert_non_null(strstr(msg, "No Russian translation"));
	assert_non_null(strstr(msg, "/nonexistent/locale"));
	i18n_set_lang("en");
	assert_false(i18n_catalog_missing(msg, sizeof(msg)));
	setenv("KABINET_LOCALEDIR", saved, 1);
	free(saved);
	i18n_init(NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(russian_from_a_locale_that_is_not_installed),
		cmocka_unit_test(russian_from_lang_over_c_utf8),
		cmocka_unit_test(russian_even_under_plain_c),
		cmocka_unit_test(language_follows_posix_precedence),
		cmocka_unit_test(switches_language_at_run_time),
		cmocka_unit_test(config_warnings_are_translated),
		cmocka_unit_test(russian_catalog_covers_every_table_string),
		cmocka_unit_test(money_style_follows_the_language),
		cmocka_unit_test(a_missing_catalog_is_said),
	};
	char self[PATH_MAX], locale[PATH_MAX + 16];

	/* BUILD/tests/unit/test_i18n -> BUILD/locale, whatever BUILD is. */
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(locale, sizeof(locale), "%s/../../locale", dirname(self));
	setenv("KABINET_LOCALEDIR", locale, 1);
	config_reset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
