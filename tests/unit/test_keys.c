/* Unit tests of key names, key maps and the shipped default bindings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <string.h>

#include "kabinet/config.h"
#include "kabinet/keys.h"

static int reset(void **state)
{
	config_reset();
	return 0;
}

static const char *name_of(int key)
{
	static char buf[KEYS_NAME_MAX];
	return keys_name(key, buf, sizeof(buf));
}

static void parses_key_names(void **state)
{
	static const struct {
		const char *name;
		int key;
	} cases[] = {
		{ "j", KEYS_CHR('j') },	       { "G", KEYS_CHR('G') },
		{ ":", KEYS_CHR(':') },	       { "?", KEYS_CHR('?') },
		{ "/", KEYS_CHR('/') },	       { "1", KEYS_CHR('1') },
		{ "#", KEYS_CHR('#') },	       { "<", KEYS_CHR('<') },
		{ "ж", KEYS_CHR(0x436) },      { "€", KEYS_CHR(0x20ac) },
		{ "😀", KEYS_CHR(0x1f600) },
		{ "Enter", KEYS_ENTER },       { "enter", KEYS_ENTER },
		{ "<Enter>", KEYS_ENTER },     { "Return", KEYS_ENTER },
		{ "Esc", KEYS_ESC },	       { "Escape", KEYS_ESC },
		{ "Tab", KEYS_TAB },	       { "S-Tab", KEY_BTAB },
		{ "BackTab", KEY_BTAB },       { "Space", KEYS_CHR(' ') },
		{ "Up", KEY_UP },	       { "DOWN", KEY_DOWN },
		{ "Left", KEY_LEFT },	       { "Right", KEY_RIGHT },
		{ "PgUp", KEY_PPAGE },	       { "PageUp", KEY_PPAGE },
		{ "PgDn", KEY_NPAGE },	       { "PageDown", KEY_NPAGE },
		{ "Home", KEY_HOME },	       { "End", KEY_END },
		{ "Insert", KEY_IC },	       { "Del", KEY_DC },
		{ "Backspace", KEY_BACKSPACE }, { "F1", KEY_F(1) },
		{ "f5", KEY_F(5) },	       { "F12", KEY_F(12) },
		{ "F24", KEY_F(24) },	       { "C-l", KEYS_CHR(12) },
		{ "Ctrl-L", KEYS_CHR(12) },    { "^L", KEYS_CHR(12) },
		{ "C-r", KEYS_CHR(18) },       { "C-m", KEYS_ENTER },
		{ "C-i", KEYS_TAB },	       { "C-[", KEYS_ESC },
		{ "C-h", KEY_BACKSPACE },      { "Key-410", 410 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (keys_parse(cases[i].name) != cases[i].key)
			fail_msg("keys_parse(\"%s\") = %d, want %d", cases[i].name,
				 keys_parse(cases[i].name), cases[i].key);
	}
}

static void refuses_what_is_no_key(void **state)
{
	static const char *const bad[] = {
		"", "Foo", "F0", "F25", "F1x", "C-", "C-1", "C-ll", "Ctrl-", "Key-0",
		"Key-99999", "Key-x", "\x01", "\x7f", "\xc2\x85", "\xff", "\xd0", "jj", "<>",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (keys_parse(bad[i]))
			fail_msg("keys_parse(\"%s\") = %d, want 0", bad[i], keys_parse(bad[i]));
}

static void names_round_trip(void **state)
{
	static const char *const canonical[] = {
		"j", "G", "Enter", "Esc", "Tab", "S-Tab", "Space", "Backspace", "Up", "Down",
		"PgUp", "PgDn", "Home", "End", "F1", "F12", "C-l", "C-r", "ж", ":", "?", "/",
	};
	static const struct {
		const char *alias, *shown;
	} aliases[] = {
		{ "Ctrl-L", "C-l" }, { "^L", "C-l" },   { "BackTab", "S-Tab" }, { "<Enter>", "Enter" },
		{ "return", "Enter" }, { "PageDown", "PgDn" }, { "C-m", "Enter" }, { "C-[", "Esc" },
	};

	for (size_t i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++)
		assert_string_equal(name_of(keys_parse(canonical[i])), canonical[i]);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		assert_string_equal(name_of(keys_parse(aliases[i].alias)), aliases[i].shown);
	/* Every printable ASCII character, every function key, every ncurses code. */
	for (int c = 0x21; c < 0x7f; c++)
		assert_int_equal(keys_parse(name_of(KEYS_CHR(c))), KEYS_CHR(c));
	for (int f = 1; f <= 24; f++)
		assert_int_equal(keys_parse(name_of(KEY_F(f))), KEY_F(f));
	for (int k = KEY_MIN; k <= KEY_MAX; k++)
		if (k != KEY_ENTER)
			assert_int_equal(keys_parse(name_of(k)), k);
}

static void reads_keys_from_wget_wch(void **state)
{
	assert_int_equal(keys_from_wget(OK, 'j'), keys_parse("j"));
	assert_int_equal(keys_from_wget(OK, L'ж'), keys_parse("ж"));
	assert_int_equal(keys_from_wget(KEY_CODE_YES, KEY_UP), keys_parse("Up"));
	assert_int_equal(keys_from_wget(KEY_CODE_YES, KEY_F(5)), keys_parse("F5"));
	assert_int_equal(keys_from_wget(OK, 12), keys_parse("C-l"));
	/* Return, keypad Enter and ^J are all Enter; DEL and ^H are Backspace. */
	assert_int_equal(keys_from_wget(OK, '\r'), KEYS_ENTER);
	assert_int_equal(keys_from_wget(OK, '\n'), KEYS_ENTER);
	assert_int_equal(keys_from_wget(KEY_CODE_YES, KEY_ENTER), KEYS_ENTER);
	assert_int_equal(keys_from_wget(OK, 127), KEY_BACKSPACE);
	assert_int_equal(keys_from_wget(OK, 8), KEY_BACKSPACE);
	assert_int_equal(keys_from_wget(OK, 27), KEYS_ESC);
	/* A character whose code equals a KEY_* value is still a character. */
	assert_int_not_equal(keys_from_wget(OK, KEY_DOWN), keys_from_wget(KEY_CODE_YES, KEY_DOWN));
	assert_int_equal(keys_from_wget(ERR, 0), 0);
}

static void binds_and_falls_back_to_generic(void **state)
{
	struct diag d = { 0 };
	int j = keys_parse("j");

	assert_int_equal(keys_bind("generic", "j", "move-down", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_OVERVIEW, j), ACT_MOVE_DOWN);
	assert_int_equal(keys_action(KEYMAP_GENERIC, j), ACT_MOVE_DOWN);

	assert_int_equal(keys_bind("overview", "j", "pay", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_OVERVIEW, j), ACT_PAY);
	assert_int_equal(keys_action(KEYMAP_ACCOUNTS, j), ACT_MOVE_DOWN);

	/* Binding again replaces; unbinding brings the generic binding back. */
	assert_int_equal(keys_bind("overview", "j", "transfer", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_OVERVIEW, j), ACT_TRANSFER);
	assert_int_equal(keys_unbind("overview", "j", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_OVERVIEW, j), ACT_MOVE_DOWN);

	/* "none" hides the generic binding on one screen only. */
	assert_int_equal(keys_bind("overview", "j", "none", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_OVERVIEW, j), ACT_NONE);
	assert_int_equal(keys_action(KEYMAP_PAYMENTS, j), ACT_MOVE_DOWN);

	assert_int_equal(keys_unbind("generic", "j", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_PAYMENTS, j), ACT_NONE);
	assert_int_equal(keys_action(KEYMAP_PAYMENTS, keys_parse("x")), ACT_NONE);
	assert_int_equal(d.count, 0);

	/* The same spelling whichever way the terminal sends it. */
	assert_int_equal(keys_bind("generic", "Enter", "enter", &d), KEYS_OK);
	assert_int_equal(keys_action(KEYMAP_LOGIN, keys_from_wget(OK, '\r')), ACT_ENTER);
	assert_int_equal(keys_action(KEYMAP_LOGIN, keys_from_wget(KEY_CODE_YES, KEY_ENTER)), ACT_ENTER);
	diag_clear(&d);
}

static void reports_bad_bindings(void **state)
{
	struct diag d = { 0 };

	assert_int_equal(keys_bind("nowhere", "j", "quit", &d), KEYS_UNKNOWN_KEYMAP);
	assert_string_equal(diag_last(&d), "unknown keymap 'nowhere'");
	assert_int_equal(keys_bind("generic", "Hyper-j", "quit", &d), KEYS_UNKNOWN_KEY);
	assert_string_equal(diag_last(&d), "unknown key 'Hyper-j'");
	assert_int_equal(keys_bind("generic", "j", "fly", &d), KEYS_UNKNOWN_ACTION);
	assert_string_equal(diag_last(&d), "unknown action 'fly'");
	assert_int_equal(keys_unbind("generic", "j", &d), KEYS_NOT_BOUND);
	assert_string_equal(diag_last(&d), "key 'j' is not bound in keymap generic");
	assert_int_equal(keys_set(KEYMAP_UNKNOWN, 'j', ACT_QUIT), KEYS_UNKNOWN_KEYMAP);
	assert_int_equal(keys_set(KEYMAP_COUNT, 'j', ACT_QUIT), KEYS_UNKNOWN_KEYMAP);
	assert_int_equal(keys_set(KEYMAP_GENERIC, KEYS_CHR('j'), ACT_COUNT), KEYS_UNKNOWN_ACTION);
	assert_int_equal(keys_action(KEYMAP_GENERIC, KEYS_CHR('j')), ACT_NONE);
	assert_int_equal(d.count, 4);
	diag_clear(&d);
}

static void lists_the_keys_of_an_action(void **state)
{
	char buf[64];

	keys_bind("generic", "j", "move-down", NULL);
	keys_bind("generic", "Down", "move-down", NULL);
	keys_bind("generic", "C-n", "move-down", NULL);
	assert_string_equal(keys_for_action(KEYMAP_GENERIC, ACT_MOVE_DOWN, buf, sizeof(buf)),
			    "j, Down, C-n");
	/* A screen lists its own keys first and drops generic keys it rebinds. */
	keys_bind("bonus", "j", "join-bonus", NULL);
	keys_bind("bonus", "J", "move-down", NULL);
	assert_string_equal(keys_for_action(KEYMAP_BONUS, ACT_MOVE_DOWN, buf, sizeof(buf)),
			    "J, Down, C-n");
	assert_string_equal(keys_for_action(KEYMAP_BONUS, ACT_JOIN_BONUS, buf, sizeof(buf)), "j");
	assert_string_equal(keys_for_action(KEYMAP_OVERVIEW, ACT_JOIN_BONUS, buf, sizeof(buf)), "");
	/* A short buffer never cuts a key name in half. */
	assert_string_equal(keys_for_action(KEYMAP_GENERIC, ACT_MOVE_DOWN, buf, 8), "j, Down");
	assert_string_equal(keys_for_action(KEYMAP_GENERIC, ACT_MOVE_DOWN, buf, 7), "j");
	assert_string_equal(keys_for_action(KEYMAP_GENERIC, ACT_MOVE_DOWN, buf, 1), "");
}

/* Actions reached through the command line only (":logout"), by design. */
static bool unbound_by_design(enum action act)
{
	return act == ACT_LOGOUT;
}

static void default_config_binds_every_action(void **state)
{
	struct diag d = { 0 };
	char buf[128];

	assert_int_equal(config_load_defaults(&d), 0);
	assert_int_equal(d.count, 0);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		for (int m = 0; m < KEYMAP_COUNT; m++) {
			bool own = action_scope((enum action)a) & (1u << m);
			keys_for_action((enum keymap)m, (enum action)a, buf, sizeof(buf));
			/* Every action has a key wherever it belongs... */
			if (own && !*buf && !unbound_by_design((enum action)a))
				fail_msg("%s has no key in keymap %s", action_name((enum action)a),
					 keys_keymap_name((enum keymap)m));
			/* ...and none where it does not. */
			if (*buf && !action_in_keymap((enum action)a, (enum keymap)m))
				fail_msg("%s is bound in keymap %s (%s)", action_name((enum action)a),
					 keys_keymap_name((enum keymap)m), buf);
		}
	}
}

static void default_config_has_the_keys_of_the_spec(void **state)
{
	static const struct {
		const char *map, *key;
		enum action act;
	} spec[] = {
		{ "generic", "j", ACT_MOVE_DOWN },	 { "generic", "Down", ACT_MOVE_DOWN },
		{ "generic", "k", ACT_MOVE_UP },	 { "generic", "Up", ACT_MOVE_UP },
		{ "generic", "PgUp", ACT_PAGE_UP },	 { "generic", "PgDn", ACT_PAGE_DOWN },
		{ "generic", "g", ACT_MOVE_TOP },	 { "generic", "G", ACT_MOVE_BOTTOM },
		{ "generic", "Enter", ACT_ENTER },	 { "generic", "Esc", ACT_CANCEL },
		{ "generic", "q", ACT_BACK },		 { "generic", "Tab", ACT_NEXT_FIELD },
		{ "generic", "S-Tab", ACT_PREV_FIELD },	 { "generic", "1", ACT_SCREEN_OVERVIEW },
		{ "generic", "2", ACT_SCREEN_ACCOUNTS }, { "generic", "3", ACT_SCREEN_TARIFFS },
		{ "generic", "4", ACT_SCREEN_PAYMENTS }, { "generic", "5", ACT_SCREEN_AUTOPAY },
		{ "generic", "6", ACT_SCREEN_BONUS },	 { "generic", "7", ACT_SCREEN_SUPPORT },
		{ "generic", "8", ACT_SCREEN_PROFILE },	 { "generic", "r", ACT_REFRESH },
		{ "generic", "F5", ACT_REFRESH },	 { "generic", "/", ACT_SEARCH },
		{ "generic", "n", ACT_SEARCH_NEXT },	 { "generic", "N", ACT_SEARCH_PREV },
		{ "generic", "?", ACT_HELP },		 { "generic", "F1", ACT_HELP },
		{ "generic", ":", ACT_COMMAND_PROMPT },	 { "generic", "C-l", ACT_REDRAW },
		{ "overview", "j", ACT_MOVE_DOWN },	 { "dialog", "Esc", ACT_CANCEL },
		{ "dialog", "q", ACT_CANCEL },		 { "bonus", "j", ACT_MOVE_DOWN },
	};

	config_load_defaults(NULL);
	for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		enum action got = keys_action(keys_keymap_by_name(spec[i].map), keys_parse(spec[i].key));
		if (got != spec[i].act)
			fail_msg("%s %s runs %s, want %s", spec[i].map, spec[i].key, action_name(got),
				 action_name(spec[i].act));
	}
}

/* The staff's layer: 1, 2, 3 open the staff's screens on every screen while it is
 * set (a screen's own binding still comes first), and the subscriber's without it. */
static void the_staff_layer_comes_between(void **state)
{
	char keys[64];

	(void)state;
	config_load_defaults(NULL);
	keys_set_layer(KEYMAP_STAFF);
	assert_int_equal(keys_action(KEYMAP_QUEUE, keys_parse("1")), ACT_SCREEN_QUEUE);
	assert_int_equal(keys_action(KEYMAP_OVERVIEW, keys_parse("3")), ACT_SCREEN_COMPANIES);
	assert_int_equal(keys_action(KEYMAP_QUEUE, keys_parse("R")), ACT_STAFF_REPLY);
	assert_int_equal(keys_action(KEYMAP_QUEUE, keys_parse("4")), ACT_SCREEN_PAYMENTS);
	assert_int_equal(keys_action(KEYMAP_QUEUE, keys_parse("j")), ACT_MOVE_DOWN);
	assert_string_equal(keys_for_action(KEYMAP_QUEUE, ACT_SCREEN_SUBSCRIBERS, keys, sizeof(keys)),
			    "2");
	/* generic's 2 is hidden under the layer's. */
	assert_string_equal(keys_for_action(KEYMAP_QUEUE, ACT_SCREEN_ACCOUNTS, keys, sizeof(keys)), "");
	keys_set_layer(KEYMAP_GENERIC);
	assert_int_equal(keys_action(KEYMAP_QUEUE, keys_parse("1")), ACT_SCREEN_OVERVIEW);
	assert_string_equal(keys_for_action(KEYMAP_QUEUE, ACT_SCREEN_ACCOUNTS, keys, sizeof(keys)), "2");
}

static void names_keymaps(void **state)
{
	for (int m = 0; m < KEYMAP_COUNT; m++)
		assert_int_equal(keys_keymap_by_name(keys_keymap_name((enum keymap)m)), m);
	assert_int_equal(keys_keymap_by_name("Generic"), KEYMAP_UNKNOWN);
	assert_null(keys_keymap_name(KEYMAP_UNKNOWN));
	assert_null(keys_keymap_name(KEYMAP_COUNT));
}

static void action_table_lookups(void **state)
{
	for (int a = ACT_NONE; a < ACT_COUNT; a++)
		assert_int_equal(action_by_name(action_name((enum action)a)), a);
	assert_int_equal(action_by_name("none"), ACT_NONE);
	assert_int_equal(action_by_name("move-down"), ACT_MOVE_DOWN);
	assert_int_equal(action_by_name("move_down"), ACT_UNKNOWN);
	assert_int_equal(action_by_name(""), ACT_UNKNOWN);
	assert_null(action_name(ACT_UNKNOWN));
	assert_null(action_name(ACT_COUNT));
	assert_string_equal(action_help(ACT_COUNT), "");
	assert_true(action_changes(ACT_PAY));
	assert_true(action_changes(ACT_REVOKE_DEVICE));
	assert_false(action_changes(ACT_MOVE_DOWN));
	assert_false(action_changes(ACT_LOGOUT));
	assert_false(action_changes(ACT_UNKNOWN));
	assert_true(action_in_keymap(ACT_MOVE_DOWN, KEYMAP_BONUS));
	assert_true(action_in_keymap(ACT_PAY, KEYMAP_OVERVIEW));
	assert_true(action_in_keymap(ACT_PAY, KEYMAP_PAYMENTS));
	assert_false(action_in_keymap(ACT_PAY, KEYMAP_BONUS));
	assert_false(action_in_keymap(ACT_PAY, KEYMAP_UNKNOWN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_key_names),
		cmocka_unit_test(refuses_what_is_no_key),
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(reads_keys_from_wget_wch),
		cmocka_unit_test_setup(binds_and_falls_back_to_generic, reset),
		cmocka_unit_test_setup(reports_bad_bindings, reset),
		cmocka_unit_test_setup(lists_the_keys_of_an_action, reset),
		cmocka_unit_test_setup(default_config_binds_every_action, reset),
		cmocka_unit_test_setup(default_config_has_the_keys_of_the_spec, reset),
		cmocka_unit_test_setup(the_staff_layer_comes_between, reset),
		cmocka_unit_test(names_keymaps),
		cmocka_unit_test(action_table_lookups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
