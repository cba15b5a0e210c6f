/* Unit tests of the interface's pure parts: the one width function (Cyrillic, wide
 * and combining characters, trimming with an ellipsis, padding), the line editor,
 * money for the screen, and login-kind detection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/options.h"
#include "kabinet/keys.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/login.h"

static int setup(void **state)
{
	(void)state;
	config_reset();
	i18n_init("en");
	return 0;
}

static void width_counts_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(ui_width(""), 0);
	assert_int_equal(ui_width("demo"), 4);
	assert_int_equal(ui_width("Пермский край"), 13);
	assert_int_equal(ui_width("−374,80 ₽"), 9);
	assert_int_equal(ui_width("日本"), 4);		/* wide */
	assert_int_equal(ui_width("e\xcc\x81"), 1);	/* e + combining acute */
	assert_int_equal(ui_width("a\x01" "b"), 3);	/* a control byte shows as ? */
	assert_int_equal(ui_width("\xff"), 1);		/* malformed: one ? */
	assert_int_equal(ui_width(NULL), 0);
}

static void fit_trims_at_characters_with_an_ellipsis(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(ui_fit("Челябинская область", 12, UI_LEFT, out, sizeof(out)), 12);
	assert_string_equal(out, "Челябинская…");
	assert_int_equal(ui_trim("Челябинская область", 12, out, sizeof(out)), 12);
	assert_string_equal(out, "Челябинская…");
	/* A wide character that does not fit whole is left out, never cut. */
	assert_int_equal(ui_fit("日本語", 4, UI_LEFT, out, sizeof(out)), 4);
	assert_string_equal(out, "日… ");
	assert_int_equal(ui_trim("日本語", 4, out, sizeof(out)), 3);
	assert_string_equal(out, "日…");
	assert_int_equal(ui_fit("abc", 1, UI_LEFT, out, sizeof(out)), 1);
	assert_string_equal(out, "…");
	assert_int_equal(ui_fit("abc", 0, UI_LEFT, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void fit_pads_and_aligns(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(ui_fit("₽", 4, UI_RIGHT, out, sizeof(out)), 4);
	assert_string_equal(out, "   ₽");
	assert_int_equal(ui_fit("ab", 5, UI_CENTER, out, sizeof(out)), 5);
	assert_string_equal(out, " ab  ");
	assert_int_equal(ui_fit("ab", 4, UI_LEFT, out, sizeof(out)), 4);
	assert_string_equal(out, "ab  ");
	/* A small buffer cuts at a character boundary. */
	ui_fit("Пермь", 5, UI_LEFT, out, 6);
	assert_memory_equal(out, "Пе", 4);
	assert_true(strlen(out) < 6);
}

static void ascii_only_money_and_ellipsis(void **state)
{
	char buf[64], out[128];
	struct diag d = { 0 };

	(void)state;
	i18n_set_lang("ru");
	assert_string_equal(ui_money(-37480, buf, sizeof(buf)), "−374,80\u00a0₽");
	assert_string_equal(ui_number(1250, buf, sizeof(buf)), "1\u202f250");
	assert_int_equal(options_set("ascii_only", "yes", &d), 0);
	/* The figure stays what it is; drawing folds it, and the width says so. */
	ui_money(-123456, buf, sizeof(buf));
	assert_int_equal(ui_width(buf), 13);
	assert_int_equal(ui_trim(buf, 40, out, sizeof(out)), 13);
	assert_string_equal(out, "-1 234,56 RUB");
	assert_int_equal(ui_trim("«Стандарт» · 1 250 баллов — ⚠ … ↑", 60, out, sizeof(out)), 35);
	assert_string_equal(out, "\"Стандарт\" - 1 250 баллов - ! ... ^");
	assert_string_equal(ui_ellipsis(), "~");
	assert_int_equal(ui_trim("Челябинская область", 8, out, sizeof(out)), 8);
	assert_string_equal(out, "Челябин~");
	options_set("ascii_only", "no", &d);
	i18n_set_lang("en");
	assert_string_equal(ui_money(123456, buf, sizeof(buf)), "1,234.56 RUB");
	assert_string_equal(ui_number(1250, buf, sizeof(buf)), "1,250");
	diag_clear(&d);
}

static void line_editor_edits_and_wipes(void **state)
{
	struct ui_edit e;
	char out[64];

	(void)state;
	memset(&e, 0, sizeof(e));
	ui_edit_set(&e, "Пётр");
	assert_int_equal(e.len, 4);
	ui_edit_key(&e, KEY_BACKSPACE);
	ui_edit_key(&e, KEY_HOME);
	ui_edit_key(&e, KEYS_CHR(0x436));	/* ж */
	ui_edit_get(&e, out, sizeof(out));
	assert_string_equal(out, "жПёт");
	assert_int_equal(ui_edit_key(&e, KEYS_CHR(11)), UI_EDIT_CHANGED);	/* C-k */
	ui_edit_get(&e, out, sizeof(out));
	assert_string_equal(out, "ж");
	ui_edit_set(&e, "one two");
	ui_edit_key(&e, KEYS_CHR(23));	/* C-w */
	ui_edit_get(&e, out, sizeof(out));
	assert_string_equal(out, "one ");
	/* Digits-only fields take nothing else; a maximum holds. */
	memset(&e, 0, sizeof(e));
	e.digits = true;
	e.max = 3;
	ui_edit_key(&e, KEYS_CHR('a'));
	for (int i = 0; i < 5; i++)
		ui_edit_key(&e, KEYS_CHR('7'));
	ui_edit_get(&e, out, sizeof(out));
	assert_string_equal(out, "777");
	assert_int_equal(ui_edit_key(&e, KEY_F(5)), UI_EDIT_IGNORED);
	ui_edit_wipe(&e);
	assert_int_equal(e.len, 0);
	for (size_t i = 0; i <= UI_EDIT_MAX; i++)
		assert_int_equal(e.buf[i], 0);
}

static void detects_the_kind_of_login(void **state)
{
	(void)state;
	assert_int_equal(login_detect_kind(""), LOGIN_KIND_EMPTY);
	assert_int_equal(login_detect_kind("  "), LOGIN_KIND_EMPTY);
	assert_int_equal(login_detect_kind("demo"), LOGIN_KIND_NAME);
	assert_int_equal(login_detect_kind("590000000001"), LOGIN_KIND_ACCOUNT);
	assert_int_equal(login_detect_kind("59000000000"), LOGIN_KIND_NAME);
	assert_int_equal(login_detect_kind("5900000000012"), LOGIN_KIND_NAME);
	assert_int_equal(login_detect_kind("demo@kabinet.example"), LOGIN_KIND_EMAIL);
	assert_int_equal(login_detect_kind("+79221234522"), LOGIN_KIND_PHONE);
	assert_int_equal(login_detect_kind("89221234522"), LOGIN_KIND_PHONE);
	assert_int_equal(login_detect_kind("79221234522"), LOGIN_KIND_PHONE);
	assert_int_equal(login_detect_kind("9221234522"), LOGIN_KIND_PHONE);
	assert_int_equal(login_detect_kind("+7 (922) 123-45-22"), LOGIN_KIND_PHONE);
	assert_int_equal(login_detect_kind("+8 922 123 45 22"), LOGIN_KIND_NAME);
	assert_int_equal(login_detect_kind("59221234522"), LOGIN_KIND_NAME);
	assert_int_equal(login_detect_kind("92212345"), LOGIN_KIND_NAME);
	assert_string_equal(login_kind_name(LOGIN_KIND_PHONE), "phone number");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(width_counts_columns_not_bytes, setup),
		cmocka_unit_test_setup(fit_trims_at_characters_with_an_ellipsis, setup),
		cmocka_unit_test_setup(fit_pads_and_aligns, setup),
		cmocka_unit_test_setup(ascii_only_money_and_ellipsis, setup),
		cmocka_unit_test_setup(line_editor_edits_and_wipes, setup),
		cmocka_unit_test_setup(detects_the_kind_of_login, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
