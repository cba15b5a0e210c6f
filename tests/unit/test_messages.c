/* Unit tests of the messages kept for reading whole (src/client/ui/messages.c): the
 * last 50 of the bottom line, newest first and whole however long; every warning of
 * the start whatever their number; a message cut at the bottom line's edge ends with
 * a mark naming the key that shows it whole; the top line counts the start warnings
 * until they were read. No terminal: nothing here draws. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/messages.h"

static int reset(void **state)
{
	(void)state;
	ui_messages_clear();
	return 0;
}

static void the_last_fifty_are_kept_newest_first(void **state)
{
	char text[64];

	(void)state;
	for (int i = 1; i <= 70; i++) {
		snprintf(text, sizeof(text), "message %d", i);
		ui_messages_add(i % 3 ? UI_MSG_INFO : UI_MSG_ERROR, text);
	}
	assert_int_equal(ui_messages_count(), 50);
	assert_string_equal(ui_messages_nth(0, NULL), "message 70");
	assert_string_equal(ui_messages_nth(49, NULL), "message 21");
	assert_null(ui_messages_nth(50, NULL));
}

static void the_kind_is_kept(void **state)
{
	enum ui_msg kind = UI_MSG_INFO;

	(void)state;
	ui_messages_add(UI_MSG_ERROR, "Wrong password.");
	ui_messages_add(UI_MSG_INFO, "Logged in as demo.");
	assert_string_equal(ui_messages_nth(1, &kind), "Wrong password.");
	assert_int_equal(kind, UI_MSG_ERROR);
	assert_string_equal(ui_messages_nth(0, &kind), "Logged in as demo.");
	assert_int_equal(kind, UI_MSG_INFO);
}

static void the_same_message_twice_in_a_row_is_one(void **state)
{
	(void)state;
	ui_messages_add(UI_MSG_INFO, "Cancelled.");
	ui_messages_add(UI_MSG_INFO, "Cancelled.");
	ui_messages_add(UI_MSG_INFO, "");
	assert_int_equal(ui_messages_count(), 1);
	ui_messages_add(UI_MSG_INFO, "Not found: x");
	ui_messages_add(UI_MSG_INFO, "Cancelled.");
	assert_int_equal(ui_messages_count(), 3);
}

/* What ui_message says is kept whole, on one line, however wide the screen is. */
static void the_bottom_line_keeps_every_message_whole(void **state)
{
	const char *longer = "A service blocked for debt cannot be blocked voluntarily: "
			     "top up the account first, then block it.";

	(void)state;
	ui_message(UI_MSG_WARNING, "%s", longer);
	ui_message(UI_MSG_ERROR, "server says:\nline two\tend");
	assert_int_equal(ui_messages_count(), 2);
	assert_string_equal(ui_messages_nth(1, NULL), longer);
	assert_string_equal(ui_messages_nth(0, NULL), "server says: line two end");
	ui_clear_message();
}

static void every_start_warning_is_kept(void **state)
{
	const char *w[70];
	char text[70][64];

	(void)state;
	for (int i = 0; i < 70; i++) {
		snprintf(text[i], sizeof(text[i]), "/home/u/.config/kabinet/config:%d: unknown", i + 1);
		w[i] = text[i];
	}
	ui_messages_set_warnings(w, 70);
	for (int i = 1; i <= 60; i++)
		ui_messages_add(UI_MSG_INFO, text[i]);
	assert_int_equal(ui_messages_warnings(), 70);
	assert_string_equal(ui_messages_warning(0), "/home/u/.config/kabinet/config:1: unknown");
	assert_string_equal(ui_messages_warning(69), "/home/u/.config/kabinet/config:70: unknown");
	assert_null(ui_messages_warning(70));
}

static void a_cut_message_says_so_and_names_the_key(void **state)
{
	char text[512];

	(void)state;
	snprintf(text, sizeof(text), "%s",
		 "A service blocked for debt cannot be blocked voluntarily: top up the account first");
	ui_messages_fit(text, sizeof(text), 60, "M");
	assert_int_equal(ui_width(text), 60);
	assert_non_null(strstr(text, "… (M: more)"));
	assert_int_equal(strncmp(text, "A service blocked for debt", 26), 0);
	/* Where no key is bound, the command is named. */
	snprintf(text, sizeof(text), "%s",
		 "A service blocked for debt cannot be blocked voluntarily: top up the account first");
	ui_messages_fit(text, sizeof(text), 60, "");
	assert_non_null(strstr(text, "(:messages: more)"));
	assert_true(ui_width(text) <= 60);
}

static void a_message_that_fits_is_left_alone(void **state)
{
	char text[512] = "Logged in as demo.";

	(void)state;
	ui_messages_fit(text, sizeof(text), 18, "M");
	assert_string_equal(text, "Logged in as demo.");
	/* Too narrow for the mark: nothing is added (the drawing cuts it). */
	snprintf(text, sizeof(text), "%s", "A rather long message for a tiny window");
	ui_messages_fit(text, sizeof(text), 12, "M");
	assert_string_equal(text, "A rather long message for a tiny window");
}

static void the_top_line_counts_the_start_warnings(void **state)
{
	const char *w[] = { "config:2: a", "config:3: b", "config:9: c" };
	char note[128];

	(void)state;
	ui_messages_top_note("M", note, sizeof(note));
	assert_string_equal(note, "");
	ui_messages_set_warnings(w, 3);
	ui_messages_top_note("M", note, sizeof(note));
	assert_string_equal(note, "M: 3 warnings ");
	ui_messages_set_warnings(w, 1);
	ui_messages_top_note("", note, sizeof(note));
	assert_string_equal(note, ":messages: 1 warning ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(the_last_fifty_are_kept_newest_first, reset),
		cmocka_unit_test_setup(the_kind_is_kept, reset),
		cmocka_unit_test_setup(the_same_message_twice_in_a_row_is_one, reset),
		cmocka_unit_test_setup(the_bottom_line_keeps_every_message_whole, reset),
		cmocka_unit_test_setup(every_start_warning_is_kept, reset),
		cmocka_unit_test_setup(a_cut_message_says_so_and_names_the_key, reset),
		cmocka_unit_test_setup(a_message_that_fits_is_left_alone, reset),
		cmocka_unit_test_setup(the_top_line_counts_the_start_warnings, reset),
	};

	setenv("LANG", "C.UTF-8", 1);
	unsetenv("LC_ALL");
	unsetenv("LANGUAGE");
	i18n_init("en");
	return cmocka_run_group_tests_name("messages", tests, NULL, NULL);
}
