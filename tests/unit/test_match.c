/* Unit tests of the search matcher (match.h): what `/` finds on a list is what is
 * drawn — the Latin spelling of a Cyrillic name on a terminal that is not UTF-8, the
 * ASCII of a symbol under ascii_only — and the original alike, whatever the case
 * (Cyrillic too, under the C locale as well) and whether ё is written е. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "kabinet/model/match.h"
#include "kabinet/model/text.h"

/* The names of the issue, as the screen shows them under LANG=C. */
static void latin_finds_what_a_c_terminal_shows(void **state)
{
	(void)state;
	assert_true(text_matches("Домашний 100", "doma", TEXT_ASCII_ALL));
	assert_true(text_matches("Антивирус", "Anti", TEXT_ASCII_ALL));
	assert_true(text_matches("Челябинская область", "Chel", TEXT_ASCII_ALL));
	assert_true(text_matches("Базовый", "Bazovyi", TEXT_ASCII_ALL));
	assert_true(text_matches("Низкая скорость интернета", "Nizk", TEXT_ASCII_ALL));
	assert_true(text_matches("Низкая скорость интернета", "skorost interneta",
				 TEXT_ASCII_ALL));
	assert_true(text_matches("Щука", "SHCH", TEXT_ASCII_ALL));
}

static void the_original_is_found_under_any_flags(void **state)
{
	(void)state;
	assert_true(text_matches("Домашний 100", "домаш", TEXT_ASCII_ALL));
	assert_true(text_matches("Домашний 100", "домаш", 0));
	assert_true(text_matches("Домашний 100", "Домашний 1", TEXT_ASCII_SYMBOLS));
}

static void latin_does_not_find_cyrillic_drawn_as_it_is(void **state)
{
	(void)state;
	/* A UTF-8 terminal shows "Домашний": "doma" is not on the screen. */
	assert_false(text_matches("Домашний 100", "doma", 0));
	assert_false(text_matches("Домашний 100", "doma", TEXT_ASCII_SYMBOLS));
}

static void case_is_ignored_cyrillic_too(void **state)
{
	(void)state;
	assert_true(text_matches("Домашний 100", "ДОМАШ", 0));
	assert_true(text_matches("ДОМАШНИЙ", "домаш", 0));
	assert_true(text_matches("Internet", "INTER", 0));
	assert_true(text_matches("Domashnii", "dOmAsH", 0));
}

static void case_is_ignored_in_the_c_locale(void **state)
{
	(void)state;
	setlocale(LC_CTYPE, "C");
	assert_true(text_matches("Домашний 100", "ДОМАШ", TEXT_ASCII_ALL));
	assert_true(text_matches("ЁЛКИНО", "ёлк", TEXT_ASCII_ALL));
	setlocale(LC_CTYPE, "");
}

static void yo_and_ye_are_one_letter(void **state)
{
	(void)state;
	assert_true(text_matches("Ёлкино", "елкино", 0));
	assert_true(text_matches("Елкино", "ЁЛКИНО", 0));
	assert_true(text_matches("Пётр Сергеевич", "петр", 0));
	assert_true(text_matches("Петр", "пётр", 0));
	assert_true(text_matches("Пётр", "Petr", TEXT_ASCII_ALL));
}

static void symbols_are_found_as_drawn(void **state)
{
	(void)state;
	assert_true(text_matches("830,50 ₽", "rub", TEXT_ASCII_SYMBOLS));
	assert_true(text_matches("830,50 ₽", "₽", TEXT_ASCII_SYMBOLS));
	assert_false(text_matches("830,50 ₽", "rub", 0));
	assert_true(text_matches("Plan «Home»", "\"home\"", TEXT_ASCII_SYMBOLS));
}

static void nothing_is_found_by_nothing(void **state)
{
	struct text_pattern p;

	(void)state;
	assert_false(text_pattern_set(&p, ""));
	assert_false(text_pattern_set(&p, NULL));
	assert_false(text_pattern_in(&p, "anything", 0));
	assert_false(text_matches(NULL, "a", 0));
	assert_false(text_matches("Антивирус", "Antivirusy", TEXT_ASCII_ALL));
	assert_true(text_pattern_set(&p, "a"));
	assert_false(text_pattern_in(&p, "", TEXT_ASCII_ALL));
}

/* Bad bytes and controls do not upset the matcher; a line break matches a space as
 * it is drawn. */
static void hostile_text_is_searched_safely(void **state)
{
	char longtext[9000];

	(void)state;
	assert_true(text_matches("line\none", "line one", 0));
	assert_true(text_matches("a\xff" "b\x1b[31mred", "red", TEXT_ASCII_ALL));
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	assert_true(text_matches(longtext, "xxxx", TEXT_ASCII_ALL));
	assert_false(text_matches(longtext, "y", TEXT_ASCII_ALL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latin_finds_what_a_c_terminal_shows),
		cmocka_unit_test(the_original_is_found_under_any_flags),
		cmocka_unit_test(latin_does_not_find_cyrillic_drawn_as_it_is),
		cmocka_unit_test(case_is_ignored_cyrillic_too),
		cmocka_unit_test(case_is_ignored_in_the_c_locale),
		cmocka_unit_test(yo_and_ye_are_one_letter),
		cmocka_unit_test(symbols_are_found_as_drawn),
		cmocka_unit_test(nothing_is_found_by_nothing),
		cmocka_unit_test(hostile_text_is_searched_safely),
	};

	setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
