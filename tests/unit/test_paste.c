/* Unit tests of pasted text into fields (paste.c, textarea.c): a one-line field gets
 * tabs and newlines as spaces and is cut at its length, a code's field takes digits
 * only, a secret field and a toggle take nothing, the multi-line editor keeps tabs and
 * newlines (CR LF as one); controls are left out. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/ui.h"

static int setup(void **state)
{
	(void)state;
	setenv("LC_ALL", "C.UTF-8", 1);
	config_reset();
	i18n_init("en");
	return 0;
}

static const char *text_of(const struct ui_edit *e)
{
	static char buf[UI_EDIT_MAX * 4 + 1];
	ui_edit_get(e, buf, sizeof(buf));
	return buf;
}

static enum ui_paste_result paste(struct ui_edit *e, const char *s)
{
	return ui_edit_paste(e, s, strlen(s));
}

static void a_line_gets_tabs_and_newlines_as_spaces(void **state)
{
	struct ui_edit e = { 0 };

	ui_edit_set(&e, "ab");
	e.cur = 1;
	assert_int_equal(paste(&e, "col1\tcol2\r\ncol3\x07ж"), UI_PASTE_TAKEN);
	assert_string_equal(text_of(&e), "acol1 col2 col3жb");
	assert_int_equal(e.cur, 16);
}

static void a_line_is_cut_at_its_length(void **state)
{
	struct ui_edit e = { .max = 5 };

	assert_int_equal(paste(&e, "1234567"), UI_PASTE_TAKEN);
	assert_string_equal(text_of(&e), "12345");
}

static void a_code_takes_its_digits(void **state)
{
	struct ui_edit e = { .digits = true };

	assert_int_equal(paste(&e, " 123-456\n"), UI_PASTE_TAKEN);
	assert_string_equal(text_of(&e), "123456");
}

static void a_form_gives_it_to_the_focused_text_field_only(void **state)
{
	struct ui_field f[3] = {
		{ .kind = UI_FIELD_TEXT },
		{ .kind = UI_FIELD_SECRET },
		{ .kind = UI_FIELD_TOGGLE },
	};
	struct ui_form form = { .fields = f, .count = 3 };

	snprintf(f[0].error, sizeof(f[0].error), "%s", "wrong");
	assert_int_equal(ui_form_paste(&form, "x\ty", 3), UI_PASTE_TAKEN);
	assert_string_equal(text_of(&f[0].edit), "x y");
	assert_string_equal(f[0].error, "");
	form.focus = 1;
	assert_int_equal(ui_form_paste(&form, "secret", 6), UI_PASTE_SECRET);
	assert_int_equal(f[1].edit.len, 0);
	form.focus = 2;
	assert_int_equal(ui_form_paste(&form, "q", 1), UI_PASTE_NONE);
	assert_false(f[2].on);
}

static void the_textarea_keeps_tabs_and_newlines(void **state)
{
	struct ui_textarea t;
	char *s;

	ui_textarea_init(&t, 10);
	assert_int_equal(ui_textarea_paste(&t, "a\tb\r\nc\rd\x1b", 9), UI_PASTE_TAKEN);
	s = ui_textarea_get(&t);
	assert_string_equal(s, "a\tb\nc\nd");
	free(s);
	/* Up to four times its limit, as typing: the counter says what is over. */
	ui_textarea_free(&t);
	ui_textarea_paste(&t, "0123456789012345678901234567890123456789xyz", 43);
	assert_int_equal(t.len, 40);
	ui_textarea_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_line_gets_tabs_and_newlines_as_spaces, setup),
		cmocka_unit_test_setup(a_line_is_cut_at_its_length, setup),
		cmocka_unit_test_setup(a_code_takes_its_digits, setup),
		cmocka_unit_test_setup(a_form_gives_it_to_the_focused_text_field_only, setup),
		cmocka_unit_test_setup(the_textarea_keeps_tabs_and_newlines, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
