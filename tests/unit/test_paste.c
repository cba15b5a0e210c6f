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
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/messages.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/textarea.h"

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
	ui_messages_clear();
	ui_textarea_paste(&t, "0123456789012345678901234567890123456789xyz", 43);
	assert_int_equal(t.len, 40);
	/* Said as it is: where it was cut, and that only the limit can be sent. */
	assert_string_equal(ui_messages_nth(0, NULL),
			    "The pasted text was cut at 40 characters; at most 10 can be sent.");
	ui_textarea_free(&t);
}

/* A burst of typed keys (user, Tab, password in one read) is no paste for a one-line
 * field: refused, so the keys run as keys and the Tab moves on; the multi-line editor
 * takes it as text, its last newline too. */
static void a_burst_is_text_in_a_multi_line_field_only(void **state)
{
	struct ui_field f[2] = { { .kind = UI_FIELD_TEXT }, { .kind = UI_FIELD_SECRET } };
	struct ui_form form = { .fields = f, .count = 2 };
	struct ui_edit e = { 0 };
	struct ui_textarea t;
	char *s;

	ui_paste_burst(true);
	assert_int_equal(ui_form_paste(&form, "demo\tsecretpw", 13), UI_PASTE_NONE);
	assert_int_equal(f[0].edit.len, 0);
	assert_int_equal(paste(&e, "demo\tsecretpw"), UI_PASTE_NONE);
	assert_int_equal(e.len, 0);
	ui_textarea_init(&t, 100);
	assert_int_equal(ui_textarea_paste(&t, "a\tb\n", 4), UI_PASTE_TAKEN);
	ui_paste_burst(false);
	s = ui_textarea_get(&t);
	assert_string_equal(s, "a\tb\n");
	free(s);
	ui_textarea_free(&t);
	/* A paste is still a paste. */
	assert_int_equal(ui_form_paste(&form, "demo\tx", 6), UI_PASTE_TAKEN);
	assert_string_equal(text_of(&f[0].edit), "demo x");
}

/* A card number's field as the pay form has it: digits only, grouped by the screen
 * (a space typed is left out), and the focus moves on at 16 digits. */
static struct ui_form card;
static struct ui_field card_fields[2] = { { .kind = UI_FIELD_TEXT }, { .kind = UI_FIELD_TEXT } };

static enum ui_key_result card_key(struct app *app, enum action act, int key)
{
	struct ui_edit *e = &card.fields[card.focus].edit;
	int c = key & ~KEYS_CHAR;

	(void)app;
	(void)act;
	if (c >= '0' && c <= '9' && card.focus == 0) {
		e->buf[e->len++] = (wchar_t)c;
		e->buf[e->len] = L'\0';
		e->cur = e->len;
		if (e->len == 16)
			card.focus = 1;
	}
	return UI_DONE;
}

static void a_card_number_with_spaces_goes_in_whole(void **state)
{
	const char *pan = "4111 1111 1111 1111";

	memset(card_fields, 0, sizeof(card_fields));
	card_fields[0].kind = card_fields[1].kind = UI_FIELD_TEXT;
	card = (struct ui_form){ .fields = card_fields, .count = 2 };
	ui_messages_clear();
	assert_int_equal(ui_form_paste_keys(NULL, &card, card_key, pan, strlen(pan)),
			 UI_PASTE_TAKEN);
	assert_string_equal(text_of(&card_fields[0].edit), "4111111111111111");
	assert_int_equal(card.focus, 1);
	assert_int_equal(card_fields[1].edit.len, 0);
	assert_int_equal(ui_messages_count(), 0);
	/* What the next field is not given: cut, and said. */
	memset(card_fields, 0, sizeof(card_fields));
	card_fields[0].kind = card_fields[1].kind = UI_FIELD_TEXT;
	card.focus = 0;
	assert_int_equal(ui_form_paste_keys(NULL, &card, card_key, "4111-1111-1111-1111 12", 22),
			 UI_PASTE_TAKEN);
	assert_int_equal(card_fields[0].edit.len, 16);
	assert_int_equal(card_fields[1].edit.len, 0);
	assert_int_equal(ui_messages_count(), 1);
	assert_non_null(strstr(ui_messages_nth(0, NULL), "cut"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_line_gets_tabs_and_newlines_as_spaces, setup),
		cmocka_unit_test_setup(a_line_is_cut_at_its_length, setup),
		cmocka_unit_test_setup(a_code_takes_its_digits, setup),
		cmocka_unit_test_setup(a_form_gives_it_to_the_focused_text_field_only, setup),
		cmocka_unit_test_setup(the_textarea_keeps_tabs_and_newlines, setup),
		cmocka_unit_test_setup(a_burst_is_text_in_a_multi_line_field_only, setup),
		cmocka_unit_test_setup(a_card_number_with_spaces_goes_in_whole, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
