/* Unit tests of the key sequence reader: bytes in, keys, unknown sequences and pastes
 * out, for the sequences of xterm, VT220, the Linux console, rxvt, screen, tmux and
 * PuTTY. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <string.h>

#include "kabinet/keys.h"
#include "kabinet/ui/keyseq.h"

static struct keyseq k;

static int setup(void **state)
{
	keyseq_init(&k);
	return 0;
}

static int teardown(void **state)
{
	keyseq_free(&k);
	return 0;
}

static void feed(const char *bytes)
{
	for (const unsigned char *p = (const unsigned char *)bytes; *p; p++)
		keyseq_feed(&k, *p);
}

/* The one key the bytes make, nothing pending after it. */
static int key_of(const char *bytes)
{
	struct keyseq_event ev;

	feed(bytes);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_KEY);
	assert_false(keyseq_next(&k, &ev));
	assert_false(keyseq_pending(&k));
	return ev.key;
}

static void reads_every_terminals_keys(void **state)
{
	static const struct {
		const char *seq;
		int key;
	} cases[] = {
		/* xterm, both cursor modes, and with modifiers */
		{ "\033[A", KEY_UP },	     { "\033OB", KEY_DOWN },	  { "\033[1;5C", KEY_RIGHT },
		{ "\033[1;2D", KEY_LEFT },   { "\033[H", KEY_HOME },	  { "\033OF", KEY_END },
		{ "\033[5~", KEY_PPAGE },    { "\033[6;5~", KEY_NPAGE },  { "\033[3~", KEY_DC },
		{ "\033[2~", KEY_IC },	     { "\033[Z", KEY_BTAB },	  { "\033OP", KEY_F(1) },
		{ "\033[1;2P", KEY_F(1) },   { "\033OS", KEY_F(4) },	  { "\033[15~", KEY_F(5) },
		{ "\033[17~", KEY_F(6) },    { "\033[21~", KEY_F(10) },   { "\033[24~", KEY_F(12) },
		/* VT220, screen, tmux, PuTTY: Home and End as 1~ and 4~, F1-F4 as 11~-14~ */
		{ "\033[1~", KEY_HOME },     { "\033[4~", KEY_END },	  { "\033[11~", KEY_F(1) },
		{ "\033[14~", KEY_F(4) },
		/* the Linux console */
		{ "\033[[A", KEY_F(1) },     { "\033[[E", KEY_F(5) },
		/* rxvt */
		{ "\033[7~", KEY_HOME },     { "\033[8~", KEY_END },
		/* rxvt's modified keys: Shift- and Ctrl-arrows, Ctrl-, Shift-, Ctrl-Shift- */
		{ "\033[a", KEY_UP },	     { "\033[d", KEY_LEFT },	  { "\033Ob", KEY_DOWN },
		{ "\033Oc", KEY_RIGHT },    { "\033[5^", KEY_PPAGE },   { "\033[6$", KEY_NPAGE },
		{ "\033[2@", KEY_IC },	     { "\033[3^", KEY_DC },	  { "\033[11^", KEY_F(1) },
		/* keypad Enter in application mode */
		{ "\033OM", KEYS_ENTER },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct keyseq_event ev;
		if (!cases[i].key)
			continue;
		feed(cases[i].seq);
		assert_true(keyseq_next(&k, &ev));
		if (ev.kind != KEYSEQ_KEY || ev.key != cases[i].key)
			fail_msg("case %zu (%s): kind %d key %d", i, cases[i].seq + 1, ev.kind, ev.key);
		assert_false(keyseq_next(&k, &ev));
		assert_false(keyseq_pending(&k));
	}
}

static void plain_characters_are_keys(void **state)
{
	struct keyseq_event ev;

	feed("q\t\r\x7f");
	keyseq_feed(&k, 0x436);	/* ж */
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_CHR('q'));
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_TAB);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ENTER);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEY_BACKSPACE);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_CHR(0x436));
	assert_false(keyseq_next(&k, &ev));
}

static void a_lone_esc_waits_for_the_delay(void **state)
{
	struct keyseq_event ev;

	feed("\033");
	assert_false(keyseq_next(&k, &ev));
	assert_true(keyseq_pending(&k));
	keyseq_timeout(&k);
	assert_int_equal(key_of(""), KEYS_ESC);
	/* Esc and a key typed quickly after it (or Alt and the key): Esc, then the key. */
	feed("\033:");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_int_equal(key_of(""), KEYS_CHR(':'));
	feed("\033\x15");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_int_equal(key_of(""), KEYS_CHR(0x15));
	/* Esc Esc: both wait (Alt and a sequence may follow), then are two Escs. */
	feed("\033\033");
	assert_false(keyseq_next(&k, &ev));
	assert_true(keyseq_pending(&k));
	keyseq_timeout(&k);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_int_equal(key_of(""), KEYS_ESC);
	/* Esc Esc and a key: two Escs and the key. */
	feed("\033\033q");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_int_equal(key_of(""), KEYS_CHR('q'));
}

/* rxvt and PuTTY send Alt and an arrow as Esc and the arrow's sequence: the arrow,
 * never an Esc that would close a form. */
static void alt_and_a_sequence_is_just_the_key(void **state)
{
	assert_int_equal(key_of("\033\033[A"), KEY_UP);
	assert_int_equal(key_of("\033\033OD"), KEY_LEFT);
	assert_int_equal(key_of("\033\033[6~"), KEY_NPAGE);
}

/* Esc and `[` (or `O`) typed quickly, and nothing after them: those two keys. */
static void esc_and_a_bracket_alone_are_two_keys(void **state)
{
	struct keyseq_event ev;

	feed("\033[");
	assert_false(keyseq_next(&k, &ev));
	keyseq_timeout(&k);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_int_equal(key_of(""), KEYS_CHR('['));
	feed("\033O");
	keyseq_timeout(&k);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ESC);
	assert_int_equal(key_of(""), KEYS_CHR('O'));
}

static void unknown(const char *bytes, const char *shown)
{
	struct keyseq_event ev;

	feed(bytes);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_UNKNOWN);
	assert_string_equal(ev.text, shown);
	assert_false(keyseq_next(&k, &ev));
	assert_false(keyseq_pending(&k));
}

static void unknown_sequences_are_read_whole_and_dropped(void **state)
{
	struct keyseq_event ev;

	unknown("\033[99~", "^[[99~");
	unknown("\033[?1;2c", "^[[?1;2c");	/* an answer nobody asked for */
	unknown("\033Ox", "^[Ox");
	unknown("\033[99^", "^[[99^");
	unknown("\033[I", "^[[I");		/* focus in */
	/* Longer than any sequence: read to its final byte all the same. */
	unknown("\033[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20z",
		"^[[1;2;3;4;5;6;7;8;9;10;11;12;13;1...");
	/* Cut short by the delay: dropped, not Esc and characters. */
	feed("\033[1;");
	assert_false(keyseq_next(&k, &ev));
	keyseq_timeout(&k);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_UNKNOWN);
	assert_string_equal(ev.text, "^[[1;");
	/* A character no sequence has ends it; the character is read as itself. */
	feed("\033[1\r");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_UNKNOWN);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_ENTER);
	/* After it, keys are keys again. */
	assert_int_equal(key_of("\033[6~"), KEY_NPAGE);
}

static void terminfo_sequences_are_known_too(void **state)
{
	keyseq_define(&k, "\033[30~", KEY_END);
	keyseq_define(&k, "x", KEY_HOME);	/* not an escape sequence: left out */
	assert_int_equal(key_of("\033[30~"), KEY_END);
	assert_int_equal(key_of("x"), KEYS_CHR('x'));
}

static void a_bracketed_paste_is_text(void **state)
{
	struct keyseq_event ev;

	feed("\033[200~col1\tcol2\tcol3\r\nq\r2\033[A\033[201~j");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_PASTE);
	assert_int_equal(ev.paste_len, strlen("col1\tcol2\tcol3\nq\n2\033[A"));
	assert_memory_equal(ev.paste, "col1\tcol2\tcol3\nq\n2\033[A", ev.paste_len);
	assert_false(ev.cut);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_CHR('j'));
	assert_false(keyseq_pending(&k));
	/* Non-ASCII text and an Esc inside stay text. */
	feed("\033[200~");
	keyseq_feed(&k, 0x436);
	feed("\033\033[201~");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_PASTE);
	assert_memory_equal(ev.paste, "ж\033", ev.paste_len);
}

static void a_paste_that_never_ends_ends_at_the_timeout(void **state)
{
	struct keyseq_event ev;

	feed("\033[200~abc\033[20");
	assert_true(keyseq_pending(&k));
	assert_false(keyseq_next(&k, &ev));
	keyseq_timeout(&k);
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_PASTE);
	assert_memory_equal(ev.paste, "abc\033[20", ev.paste_len);
	assert_false(keyseq_pending(&k));
}

static void a_huge_paste_is_cut(void **state)
{
	struct keyseq_event ev;

	feed("\033[200~");
	for (size_t i = 0; i < KEYSEQ_PASTE_MAX + 10; i++)
		keyseq_feed(&k, 'a');
	feed("\033[201~");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_PASTE);
	assert_int_equal(ev.paste_len, KEYSEQ_PASTE_MAX);
	assert_true(ev.cut);
}

/* A character that does not fit is the end of the paste: no smaller one after it. */
static void a_paste_is_cut_at_the_first_character_that_does_not_fit(void **state)
{
	struct keyseq_event ev;

	feed("\033[200~");
	for (size_t i = 0; i < KEYSEQ_PASTE_MAX - 2; i++)
		keyseq_feed(&k, 'a');
	keyseq_feed(&k, 0x1f600);	/* 4 bytes, 2 places left */
	feed("bc\033[201~");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_PASTE);
	assert_int_equal(ev.paste_len, KEYSEQ_PASTE_MAX - 2);
	assert_int_equal(ev.paste[ev.paste_len - 1], 'a');
	assert_true(ev.cut);
}

static void bytes(const char *b)
{
	for (const unsigned char *p = (const unsigned char *)b; *p; p++)
		keyseq_feed_byte(&k, *p);
}

/* Bytes of UTF-8: a character split across reads is whole when its last byte comes;
 * one cut short (by the delay, or by another character) is U+FFFD. */
static void a_character_split_across_reads_is_whole(void **state)
{
	struct keyseq_event ev;

	bytes("\xd0");
	assert_false(keyseq_next(&k, &ev));
	assert_true(keyseq_pending(&k));
	bytes("\xb6");
	assert_int_equal(key_of(""), KEYS_CHR(0x436));	/* ж */
	bytes("\xf0\x9f");
	bytes("\x98\x80");
	assert_int_equal(key_of(""), KEYS_CHR(0x1f600));
	bytes("q\x1b[A");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_CHR('q'));
	assert_int_equal(key_of(""), KEY_UP);
	bytes("\xe2\x82");
	keyseq_timeout(&k);
	assert_int_equal(key_of(""), KEYS_CHR(0xfffd));
	bytes("\xd0x");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.key, KEYS_CHR(0xfffd));
	assert_int_equal(key_of(""), KEYS_CHR('x'));
	bytes("\xff");
	assert_int_equal(key_of(""), KEYS_CHR(0xfffd));
	/* In a paste, too. */
	bytes("\x1b[200~\xd0");
	bytes("\xb6\x1b[201~");
	assert_true(keyseq_next(&k, &ev));
	assert_int_equal(ev.kind, KEYSEQ_PASTE);
	assert_int_equal(ev.paste_len, 2);
	assert_memory_equal(ev.paste, "ж", 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reads_every_terminals_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(plain_characters_are_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(a_lone_esc_waits_for_the_delay, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_sequences_are_read_whole_and_dropped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(terminfo_sequences_are_known_too, setup, teardown),
		cmocka_unit_test_setup_teardown(a_bracketed_paste_is_text, setup, teardown),
		cmocka_unit_test_setup_teardown(a_paste_that_never_ends_ends_at_the_timeout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_huge_paste_is_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(alt_and_a_sequence_is_just_the_key, setup, teardown),
		cmocka_unit_test_setup_teardown(a_character_split_across_reads_is_whole, setup,
						teardown),
		cmocka_unit_test_setup_teardown(esc_and_a_bracket_alone_are_two_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(a_paste_is_cut_at_the_first_character_that_does_not_fit,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
