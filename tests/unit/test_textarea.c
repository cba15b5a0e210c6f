/* Unit tests of the multi-line editor's pure parts (textarea.c): wrapping between
 * words, at newlines and inside a word too long for the row, Cyrillic measured by
 * columns; the cursor's row and column; moving by rows with the column kept, Home and
 * End of a row, PgUp/PgDn; Enter and Backspace; UTF-8 out; the counter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kabinet/config.h"
#include "kabinet/i18n.h"
#include "kabinet/keys.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/textarea.h"

static struct ui_textarea ta;

static int setup(void **state)
{
	(void)state;
	setenv("LC_ALL", "C.UTF-8", 1);
	config_reset();
	i18n_init("en");
	return 0;
}

/* The rows of the text at `width` as "from-to from-to ...". */
static const char *rows_of(int width)
{
	static char buf[512];
	struct ui_ta_row *r;
	size_t n = ui_textarea_wrap(&ta, width, &r), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%zu-%zu", i ? " " : "",
					 r[i].from, r[i].to);
	free(r);
	return buf;
}

static void wraps(void **state)
{
	(void)state;
	ui_textarea_init(&ta, 4000);
	ui_textarea_set(&ta, "hello world foo");
	assert_string_equal(rows_of(8), "0-6 6-12 12-15");
	assert_string_equal(rows_of(80), "0-15");
	ui_textarea_set(&ta, "привет мир");
	assert_string_equal(rows_of(7), "0-7 7-10");
	/* The space that does not fit hangs off its row. */
	assert_string_equal(rows_of(6), "0-7 7-10");
	ui_textarea_set(&ta, "ab\n\ncd\n");
	assert_string_equal(rows_of(10), "0-2 3-3 4-6 7-7");
	ui_textarea_set(&ta, "abcdefghij");
	assert_string_equal(rows_of(4), "0-4 4-8 8-10");
	ui_textarea_set(&ta, "");
	assert_string_equal(rows_of(4), "0-0");
	ui_textarea_free(&ta);
}

static void cursor_and_moves(void **state)
{
	size_t row;
	int col;

	(void)state;
	ui_textarea_init(&ta, 4000);
	ui_textarea_set(&ta, "hello world foo");
	ta.width = 8;
	ta.page = 2;
	ta.cur = 6;
	ui_textarea_cursor(&ta, 8, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	ta.cur = ta.len;
	ui_textarea_cursor(&ta, 8, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 3);
	/* Up keeps the column, then Down comes back to it. */
	assert_int_equal(ui_textarea_key(&ta, KEY_UP), UI_EDIT_MOVED);
	assert_int_equal(ta.cur, 9);
	assert_int_equal(ui_textarea_key(&ta, KEY_UP), UI_EDIT_MOVED);
	assert_int_equal(ta.cur, 3);
	assert_int_equal(ui_textarea_key(&ta, KEY_DOWN), UI_EDIT_MOVED);
	assert_int_equal(ui_textarea_key(&ta, KEY_DOWN), UI_EDIT_MOVED);
	assert_int_equal(ta.cur, 15);
	/* Up on the first row goes to the start; Down on the last to the end. */
	ta.cur = 2;
	ta.goal = -1;
	ui_textarea_key(&ta, KEY_UP);
	assert_int_equal(ta.cur, 0);
	ui_textarea_key(&ta, KEY_NPAGE);
	assert_int_equal(ta.cur, 8);
	/* End of a wrapped row stops before its hanging space; Home goes to its start. */
	ta.cur = 8;
	ui_textarea_key(&ta, KEY_END);
	assert_int_equal(ta.cur, 11);
	ui_textarea_key(&ta, KEY_HOME);
	assert_int_equal(ta.cur, 6);
	ui_textarea_key(&ta, KEY_PPAGE);
	assert_int_equal(ta.cur, 0);
	ui_textarea_free(&ta);
}

static void editing(void **state)
{
	char *s, buf[32];

	(void)state;
	ui_textarea_init(&ta, 5);
	ta.width = 20;
	ta.page = 5;
	ui_textarea_key(&ta, KEYS_CHR(0x43f));	/* п */
	ui_textarea_key(&ta, KEYS_CHR(0x440));	/* р */
	assert_int_equal(ui_textarea_key(&ta, KEYS_ENTER), UI_EDIT_CHANGED);
	ui_textarea_key(&ta, KEYS_CHR('x'));
	ui_textarea_key(&ta, KEYS_CHR('y'));
	ui_textarea_key(&ta, KEY_BACKSPACE);
	s = ui_textarea_get(&ta);
	assert_string_equal(s, "пр\nx");
	free(s);
	assert_false(ui_textarea_counter(&ta, buf, sizeof(buf)));
	assert_string_equal(buf, "4 / 5");
	ui_textarea_key(&ta, KEY_LEFT);
	ui_textarea_key(&ta, KEY_LEFT);
	ui_textarea_key(&ta, KEY_DC);
	s = ui_textarea_get(&ta);
	assert_string_equal(s, "прx");
	free(s);
	assert_int_equal(ui_textarea_key(&ta, KEYS_TAB), UI_EDIT_IGNORED);
	ui_textarea_set(&ta, "абвгде");
	assert_true(ui_textarea_counter(&ta, buf, sizeof(buf)));
	assert_string_equal(buf, "6 / 5");
	ui_textarea_free(&ta);
	assert_int_equal(ta.len, 0);
	assert_int_equal(ta.limit, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wraps),
		cmocka_unit_test(cursor_and_moves),
		cmocka_unit_test(editing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
