/* Unit tests of text.c, the one way untrusted text reaches a terminal: control
 * characters, escape sequences, bidirectional controls and invalid UTF-8 are
 * neutralised; cutting happens on character boundaries with an ellipsis; ASCII
 * folding for ascii_only and for terminals that are not UTF-8; JSON made safe. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/text.h"
#include "kabinet/model/utf8.h"

#define FFFD "\xef\xbf\xbd"

static int setup(void **state)
{
	(void)state;
	i18n_init("en");
	return 0;
}

/* No byte below 0x20, no DEL, no C1 control, no bidi control, valid UTF-8. */
static void assert_terminal_safe(const char *s)
{
	size_t len = strlen(s);

	assert_true(utf8_valid(s, len));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		assert_true(c >= 0x20 && c != 0x7f);
		if (c == 0xc2 && i + 1 < len)	/* U+0080-U+009F */
			assert_false((unsigned char)s[i + 1] >= 0x80 &&
				     (unsigned char)s[i + 1] < 0xa0);
	}
	assert_null(strstr(s, "\u202e"));
	assert_null(strstr(s, "\u202d"));
	assert_null(strstr(s, "\u2066"));
	assert_null(strstr(s, "\u2069"));
	assert_null(strstr(s, "\u200f"));
	assert_null(strstr(s, "\u061c"));
}

static void controls_and_escapes_are_neutralised(void **state)
{
	char out[256];

	(void)state;
	text_clean("a\x1b]0;PWNED\x07" "b", 0, out, sizeof(out));
	assert_string_equal(out, "a" FFFD "]0;PWNED" FFFD "b");
	text_clean("\x1b[2Jclear", 0, out, sizeof(out));
	assert_string_equal(out, FFFD "[2Jclear");
	/* Line breaks and tabs are spaces: no forged line in a cron mail. */
	text_clean("line1\r\nFORGED LINE\tx\vy\fz", 0, out, sizeof(out));
	assert_string_equal(out, "line1  FORGED LINE x y z");
	text_clean("del\x7f bs\b bel\a nul-free", 0, out, sizeof(out));
	assert_string_equal(out, "del" FFFD " bs" FFFD " bel" FFFD " nul-free");
	/* C1 controls as code points (CSI, NEL), and the line separators. */
	text_clean("a\xc2\x9b" "31mb\xc2\x85" "c\u2028d\u2029e", 0, out, sizeof(out));
	assert_string_equal(out, "a" FFFD "31mb c d e");
	assert_terminal_safe(out);
}

static void bidi_controls_are_dropped(void **state)
{
	char out[256];

	(void)state;
	text_clean("\u202e500,00\u202c ₽", 0, out, sizeof(out));
	assert_string_equal(out, "500,00 ₽");
	text_clean("a\u2066b\u2067c\u2068d\u2069e\u200ef\u200fg\u061ch\u202ai\u202bj\u202dk\ufeffl",
		   0, out, sizeof(out));
	assert_string_equal(out, "abcdefghijkl");
	assert_int_equal(text_width("\u202e\u202e\u202e", 0), 0);
	assert_terminal_safe(out);
}

static void invalid_utf8_is_replaced_byte_by_byte(void **state)
{
	char out[256];

	(void)state;
	text_clean("a\xff" "b", 0, out, sizeof(out));
	assert_string_equal(out, "a" FFFD "b");
	text_clean("\xc3\x28", 0, out, sizeof(out));	/* a lead byte with no tail */
	assert_string_equal(out, FFFD "(");
	text_clean("\xc0\xaf", 0, out, sizeof(out));	/* overlong '/' */
	assert_string_equal(out, FFFD FFFD);
	text_clean("end\xe2\x82", 0, out, sizeof(out));	/* cut short */
	assert_string_equal(out, "end" FFFD FFFD);
	text_clean("\xed\xa0\x80", 0, out, sizeof(out));	/* a surrogate */
	assert_string_equal(out, FFFD FFFD FFFD);
	assert_terminal_safe(out);
	assert_int_equal(text_width("a\xff" "b", 0), 3);
	/* Good text stays as it is. */
	text_clean("Пермский край, 日本", 0, out, sizeof(out));
	assert_string_equal(out, "Пермский край, 日本");
}

static void cut_on_a_character_boundary_with_an_ellipsis(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(text_fit("Челябинская область", 12, TEXT_LEFT, false, 0, out, sizeof(out)), 12);
	assert_string_equal(out, "Челябинская…");
	/* A wide character never halves. */
	assert_int_equal(text_fit("日本語", 4, TEXT_LEFT, true, 0, out, sizeof(out)), 4);
	assert_string_equal(out, "日… ");
	/* Escapes do not count as columns of their own, nor survive a cut. */
	assert_int_equal(text_fit("\x1b[31mred text", 6, TEXT_LEFT, false, 0, out, sizeof(out)), 6);
	assert_string_equal(out, FFFD "[31m…");
	assert_int_equal(text_fit("abc", 5, TEXT_RIGHT, true, 0, out, sizeof(out)), 5);
	assert_string_equal(out, "  abc");
	/* A small buffer never ends inside a character. */
	text_fit("Пермь", 5, TEXT_LEFT, false, 0, out, 6);
	assert_string_equal(out, "Пе");
	text_clean("Пермь", 0, out, 6);
	assert_string_equal(out, "Пе");
}

static void copy_into_a_fixed_buffer_cuts_whole_characters(void **state)
{
	char buf[12];

	(void)state;
	assert_false(text_copy(buf, sizeof(buf), "Пермь"));
	assert_string_equal(buf, "Пермь");
	/* 12 bytes: "Перм" (8) + "…" (3) + NUL; one more letter would not fit. */
	assert_true(text_copy(buf, sizeof(buf), "Пермский край"));
	assert_string_equal(buf, "Перм…");
	assert_true(utf8_valid(buf, strlen(buf)));
	assert_false(text_copy(buf, sizeof(buf), ""));
	assert_string_equal(buf, "");
	assert_false(text_copy(buf, sizeof(buf), NULL));
	assert_string_equal(buf, "");
}

static void folding_to_ascii(void **state)
{
	char out[256];

	(void)state;
	text_clean("−1 234,56 ₽ «Стандарт» — ⚠ …", TEXT_ASCII_SYMBOLS, out, sizeof(out));
	assert_string_equal(out, "-1 234,56 RUB \"Стандарт\" - ! ...");
	/* A terminal that is not UTF-8 gets ASCII only: Russian in Latin letters. */
	text_clean("Пермский край, Челябинская область, Щёкино, Ёлкин, 日", TEXT_ASCII_ALL, out,
		   sizeof(out));
	assert_string_equal(out, "Permskii krai, Cheliabinskaia oblast, Shchekino, Elkin, ?");
	text_clean("bad\xff\x1b", TEXT_ASCII_ALL, out, sizeof(out));
	assert_string_equal(out, "bad??");
	assert_int_equal(text_width("Щука ₽", TEXT_ASCII_ALL), 11);	/* "Shchuka RUB" */
	assert_int_equal(text_fit("Пермский край", 6, TEXT_LEFT, false, TEXT_ASCII_ALL, out,
				  sizeof(out)), 6);
	assert_string_equal(out, "Perms~");
}

static void json_keeps_text_but_escapes_what_a_terminal_acts_on(void **state)
{
	char *out;

	(void)state;
	/* cJSON already escapes below 0x20; the rest is ours. */
	out = text_json_safe("{\"r\":\"a\xc2\x9b" "b\x7f" "c\u202e" "d\u2028" "e\xff" "f Пермь\"}");
	assert_non_null(out);
	assert_string_equal(out, "{\"r\":\"a\\u009bb\\u007fc\\u202ed\\u2028e\\ufffdf Пермь\"}");
	assert_terminal_safe(out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(controls_and_escapes_are_neutralised),
		cmocka_unit_test(bidi_controls_are_dropped),
		cmocka_unit_test(invalid_utf8_is_replaced_byte_by_byte),
		cmocka_unit_test(cut_on_a_character_boundary_with_an_ellipsis),
		cmocka_unit_test(copy_into_a_fixed_buffer_cuts_whole_characters),
		cmocka_unit_test(folding_to_ascii),
		cmocka_unit_test(json_keeps_text_but_escapes_what_a_terminal_acts_on),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
