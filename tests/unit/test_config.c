/* Unit tests of the config language: every command form, quoting, files with
 * bad lines, profiles, colors and the option table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/config.h"
#include "kabinet/keys.h"
#include "kabinet/options.h"

static char dir[] = "/tmp/kabinet-test-config-XXXXXX";

static int reset(void **state)
{
	unsetenv("NO_COLOR");
	config_reset();
	return 0;
}

/* Runs a command-line line that must succeed. */
static struct command exec_ok(const char *line)
{
	struct diag d = { 0 };
	struct command cmd;

	if (config_exec(line, &cmd, &d) != 0)
		fail_msg("\"%s\": %s", line, diag_last(&d));
	assert_int_equal(d.count, 0);
	return cmd;
}

/* Runs a line that must fail with exactly this message. */
static void exec_fails(const char *line, const char *message)
{
	struct diag d = { 0 };
	struct command cmd;

	if (config_exec(line, &cmd, &d) != -1)
		fail_msg("\"%s\" was accepted", line);
	assert_int_equal(d.count, 1);
	if (strcmp(d.msg[0], message))
		fail_msg("\"%s\": got \"%s\", want \"%s\"", line, d.msg[0], message);
	diag_clear(&d);
}

static const char *show(const char *name)
{
	static char buf[256];
	return options_print(name, buf, sizeof(buf));
}

static enum action key_action(const char *map, const char *key)
{
	return keys_action(keys_keymap_by_name(map), keys_parse(key));
}

static char *write_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static char *write_file(const char *name, const char *text, size_t len)
{
	char *path = write_path(name);
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

static void sets_options_in_every_form(void **state)
{
	exec_ok("set login = alice");
	assert_string_equal(opt.login, "alice");
	exec_ok("set login bob");
	assert_string_equal(opt.login, "bob");
	exec_ok("set   login\t=\t\"Carol Smith\"   # a comment");
	assert_string_equal(opt.login, "Carol Smith");
	exec_ok("set read-only = yes");
	assert_true(opt.read_only);
	exec_ok("set READ_ONLY off");
	assert_false(opt.read_only);
	exec_ok("set login = \"\"");
	assert_string_equal(opt.login, "");
	/* A quoted "=" is a value, not the separator. */
	exec_ok("set login \"=\"");
	assert_string_equal(opt.login, "=");
	exec_ok("set refresh_interval = 300");
	assert_int_equal(opt.refresh_interval, 300);
	exec_ok("set server = https://lk.example.net:8443/");
	assert_string_equal(opt.server, "https://lk.example.net:8443");
}

/* The server is kept in its normal form (url.h), so the keyring sees one string for
 * every spelling, whichever way the value came in. */
static void keeps_the_server_in_its_normal_form(void **state)
{
	struct command cmd;

	exec_ok("set server = http://Example.org:80/");
	assert_string_equal(show("server"), "http://example.org");
	cmd = exec_ok("set server");
	assert_string_equal(cmd.text, "server = http://example.org");
	assert_int_equal(options_set("server", "HTTP://H:8080//", NULL), 0);
	assert_string_equal(opt.server, "http://h:8080");
	assert_int_equal(options_set("server", "http://[::1]:08480/cabinet/", NULL), 0);
	assert_string_equal(opt.server, "http://[::1]:8480/cabinet");
	/* The message does not repeat the value, which here holds a password. */
	exec_fails("set server = http://me:secret@h",
		   "server: a user name or password cannot be in the address: "
		   "a password must never be in a URL");
	exec_fails("set server = http://h:0", "server: the port must be a number from 1 to 65535");
	exec_fails("set server = http://h/?a=1",
		   "server: a query (?) or fragment (#) cannot be in the address");
	assert_string_equal(opt.server, "http://[::1]:8480/cabinet");
}

static void normalises_a_profiles_server(void **state)
{
	static const char text[] =
		"[profile work]\n"
		"set server = HTTPS://Work.Example:443/cabinet/\n"
		"[profile bad]\n"
		"set server = https://u:p@work.example\n";
	struct diag w = { 0 };

	assert_int_equal(config_load_text("t", text, &w), 1);
	assert_string_equal(w.msg[0], "t:4: server: a user name or password cannot be in the "
			    "address: a password must never be in a URL");
	diag_clear(&w);
	assert_int_equal(config_profile_apply("work", &w), 0);
	assert_string_equal(opt.server, "https://work.example/cabinet");
	/* The refused line set nothing. */
	assert_int_equal(config_profile_apply("bad", &w), 0);
	assert_string_equal(opt.server, "https://work.example/cabinet");
}

static void shows_an_option_on_the_command_line(void **state)
{
	struct command cmd = exec_ok("set confirm_quit");

	assert_int_equal(cmd.kind, CMD_SHOW);
	assert_string_equal(cmd.text, "confirm_quit = yes");
	cmd = exec_ok("set language = en");
	assert_int_equal(cmd.kind, CMD_NONE);
	cmd = exec_ok("set language");
	assert_string_equal(cmd.text, "language = en");
	exec_ok("set language = auto");
	cmd = exec_ok("set language");
	assert_int_equal(strncmp(cmd.text, "language = auto (", 17), 0);
	exec_fails("set nosuch", "unknown option 'nosuch'");
}

static void refuses_bad_set_lines(void **state)
{
	exec_ok("set request_timeout = 45");
	exec_fails("set", "usage: set NAME = VALUE");
	exec_fails("set login =", "usage: set NAME = VALUE");
	exec_fails("set login = a b", "usage: set NAME = VALUE");
	exec_fails("set colour = yes", "unknown option 'colour'");
	exec_fails("set read_only = maybe", "read_only: expected yes or no, not 'maybe'");
	exec_fails("set request_timeout = 86401",
		   "request_timeout: expected a number of seconds from 0 to 86400, not '86401'");
	exec_fails("set request_timeout = -1",
		   "request_timeout: expected a number of seconds from 0 to 86400, not '-1'");
	exec_fails("set request_timeout = 1e3",
		   "request_timeout: expected a number of seconds from 0 to 86400, not '1e3'");
	exec_fails("set request_timeout = \"12 34\"",
		   "request_timeout: expected a number of seconds from 0 to 86400, not '12 34'");
	exec_fails("set request_timeout = 1.5",
		   "request_timeout: expected a number of seconds from 0 to 86400, not '1.5'");
	exec_fails("set server = ftp://x", "server: not an http:// or https:// address");
	exec_fails("set server = http://", "server: no host name in the address");
	exec_fails("set server = \"http://a b\"",
		   "server: spaces and control characters cannot be in an address");
	exec_fails("set language = de", "language: expected auto, ru or en, not 'de'");
	/* A refused value leaves the old one. */
	assert_int_equal(opt.request_timeout, 45);
	assert_string_equal(opt.server, "http://127.0.0.1:8480");
}

static void binds_and_unbinds(void **state)
{
	exec_ok("bind generic x quit");
	assert_int_equal(key_action("overview", "x"), ACT_QUIT);
	exec_ok("bind overview x pay");
	assert_int_equal(key_action("overview", "x"), ACT_PAY);
	exec_ok("unbind overview x");
	assert_int_equal(key_action("overview", "x"), ACT_QUIT);
	/* '#' starts a comment unless quoted or escaped. */
	exec_ok("bind generic \"#\" help # the help");
	assert_int_equal(key_action("generic", "#"), ACT_HELP);
	exec_ok("bind generic \\# redraw");
	assert_int_equal(key_action("generic", "#"), ACT_REDRAW);
	exec_ok("bind generic <F2> refresh");
	assert_int_equal(key_action("generic", "F2"), ACT_REFRESH);

	exec_fails("bind generic x", "usage: bind KEYMAP KEY ACTION");
	exec_fails("bind generic x quit now", "usage: bind KEYMAP KEY ACTION");
	exec_fails("bind nowhere x quit", "unknown keymap 'nowhere'");
	exec_fails("bind generic Hyper-x quit", "unknown key 'Hyper-x'");
	exec_fails("bind generic x fly", "unknown action 'fly'");
	exec_fails("unbind generic", "usage: unbind KEYMAP KEY");
	exec_fails("unbind generic y", "key 'y' is not bound in keymap generic");
}

static void sets_colors(void **state)
{
	const struct color_style *s;
	char buf[128];

	exec_ok("color title white blue bold underline");
	s = config_color(AREA_TITLE);
	assert_int_equal(s->fg, COLOR_WHITE);
	assert_int_equal(s->bg, COLOR_BLUE);
	assert_int_equal(s->attrs, A_BOLD | A_UNDERLINE);
	exec_ok("color negative color196 default");
	s = config_color(AREA_NEGATIVE);
	assert_int_equal(s->fg, 196);
	assert_int_equal(s->bg, -1);
	assert_int_equal(s->attrs, A_NORMAL);
	assert_string_equal(config_color_print(AREA_NEGATIVE, buf, sizeof(buf)), "color196 default");
	/* A new line replaces the whole style, attributes included. */
	exec_ok("color title black cyan");
	assert_int_equal(config_color(AREA_TITLE)->attrs, A_NORMAL);

	exec_fails("color title white", "usage: color AREA FG BG [ATTR...]");
	exec_fails("color titel white blue", "unknown color area 'titel'");
	exec_fails("color title purple blue", "unknown color 'purple'");
	exec_fails("color title white color256", "unknown color 'color256'");
	exec_fails("color title white color07", "unknown color 'color07'");
	exec_fails("color title white color", "unknown color 'color'");
	exec_fails("color title white blue shiny", "unknown attribute 'shiny'");
	assert_string_equal(config_color_print(AREA_TITLE, buf, sizeof(buf)), "black cyan");
}

static void color_lines_round_trip(void **state)
{
	char line[256], style[128];

	config_load_defaults(NULL);
	for (int a = 0; a < AREA_COUNT; a++) {
		struct color_style before = *config_color((enum color_area)a);
		snprintf(line, sizeof(line), "color %s %s", config_area_name((enum color_area)a),
			 config_color_print((enum color_area)a, style, sizeof(style)));
		exec_ok("color default red red reverse blink");
		exec_ok(line);
		assert_memory_equal(config_color((enum color_area)a), &before, sizeof(before));
	}
}

static void returns_command_line_commands(void **state)
{
	struct command cmd = exec_ok("quit");

	assert_int_equal(cmd.kind, CMD_ACTION);
	assert_int_equal(cmd.action, ACT_QUIT);
	cmd = exec_ok("q");
	assert_int_equal(cmd.action, ACT_QUIT);
	cmd = exec_ok("  refresh  ");
	assert_int_equal(cmd.kind, CMD_ACTION);
	assert_int_equal(cmd.action, ACT_REFRESH);
	cmd = exec_ok("pay 1234567890 500");
	assert_int_equal(cmd.kind, CMD_ACTION);
	assert_int_equal(cmd.action, ACT_PAY);
	assert_string_equal(cmd.account, "1234567890");
	assert_int_equal(cmd.amount, 50000);
	cmd = exec_ok("pay 123456789012 \"1 234.56\"");
	assert_string_equal(cmd.account, "123456789012");
	assert_int_equal(cmd.amount, 123456);
	/* The amount is the rest of the line: no quotes needed for a grouped one. */
	cmd = exec_ok("pay 123456789012 1 234.56");
	assert_int_equal(cmd.amount, 123456);
	cmd = exec_ok("pay 123456789012 1,234.5");
	assert_int_equal(cmd.amount, 123450);
	cmd = exec_ok("");
	assert_int_equal(cmd.kind, CMD_NONE);
	cmd = exec_ok("   # only a comment");
	assert_int_equal(cmd.kind, CMD_NONE);
	cmd = exec_ok("bind generic x quit");
	assert_int_equal(cmd.kind, CMD_NONE);

	exec_fails("pay 1234567890", "usage: pay ACCOUNT AMOUNT");
	exec_fails("pay", "usage: pay ACCOUNT AMOUNT");
	exec_fails("pay 12345x 500", "'12345x' is not an account number");
	exec_fails("pay 123456789012345678901 500", "'123456789012345678901' is not an account number");
	/* The one number reader: what it does not take is refused with the form and the
	 * payment's range, never read as something else. */
#define PAY_RANGE "An amount from 1.00 to 15,000.00 RUB, e.g. 1,500.50."
	exec_fails("pay 1234567890 lots", "'lots': " PAY_RANGE);
	exec_fails("pay 1234567890 0", "'0': " PAY_RANGE);
	exec_fails("pay 1234567890 -5", "'-5': " PAY_RANGE);
	exec_fails("pay 1234567890 1e12", "'1e12': " PAY_RANGE);
	exec_fails("pay 1234567890 12 34", "'12 34': " PAY_RANGE);
	exec_fails("pay 1234567890 99999999999999", "'99999999999999': " PAY_RANGE);
	exec_fails("pay 1234567890 15000.01", "'15000.01': " PAY_RANGE);
#undef PAY_RANGE
	exec_fails("quit now", "quit takes no arguments");
	exec_fails("frobnicate", "unknown command 'frobnicate'");
	exec_fails("none", "unknown command 'none'");
	exec_fails("[profile x]", "a [profile] section belongs in the config file");
}

static void splits_words_with_quotes_and_escapes(void **state)
{
	exec_ok("set login = \"a \\\"quoted\\\" \\\\ word\"");
	assert_string_equal(opt.login, "a \"quoted\" \\ word");
	exec_ok("set login = 'single \\n stays # literal'");
	assert_string_equal(opt.login, "single \\n stays # literal");
	exec_ok("set login = two\\ words");
	assert_string_equal(opt.login, "two words");
	exec_ok("set login = \"tab\\there\\nnewline\"");
	assert_string_equal(opt.login, "tab\there\nnewline");
	exec_ok("set login = a\"b c\"'d e'");
	assert_string_equal(opt.login, "ab cd e");
	exec_ok("set login = \"Пётр # не комментарий\"");
	assert_string_equal(opt.login, "Пётр # не комментарий");
	exec_ok("set login = a#b");
	assert_string_equal(opt.login, "a#b");

	exec_fails("set login = \"open", "unterminated quote");
	exec_fails("set login = 'open", "unterminated quote");
	exec_fails("set login = a\\qb", "unknown escape '\\q'");
	exec_fails("set login = a\\жb", "unknown escape '\\ж'");
	exec_fails("set login = a\\", "the line ends with a backslash");
	exec_fails("set login = a b c d e f g h i j k l m n o p q", "too many words");
	exec_fails("set login = \"\xd0\"", "invalid UTF-8");
	exec_fails("set login = \xed\xa0\x80", "invalid UTF-8");
	exec_fails("set login = \xc0\xaf", "invalid UTF-8");
}

static void limits_line_length(void **state)
{
	char line[CONFIG_LINE_MAX + 2];
	const char *head = "set login = ";
	size_t h = strlen(head);

	/* Exactly the limit is fine, one byte more is not. */
	memcpy(line, head, h);
	memset(line + h, 'x', CONFIG_LINE_MAX - h);
	line[CONFIG_LINE_MAX] = '\0';
	exec_ok(line);
	assert_int_equal(strlen(opt.login), CONFIG_LINE_MAX - h);
	line[CONFIG_LINE_MAX] = 'x';
	line[CONFIG_LINE_MAX + 1] = '\0';
	exec_fails(line, "line is longer than 4096 bytes");
	/* A line of empty words cannot overflow the word buffer either. */
	memset(line, 0, sizeof(line));
	strcpy(line, "set login");
	for (size_t i = strlen(line); i + 3 < CONFIG_LINE_MAX; i += 3)
		memcpy(line + i, " \"\"", 3);
	exec_fails(line, "too many words");
}

static void loads_a_file_and_keeps_going_past_bad_lines(void **state)
{
	static const char text[] =
		"# kabinet config\n"			/* 1 */
		"set login = alice\n"			/* 2 */
		"frobnicate\n"				/* 3 */
		"bind generic x quit\n"			/* 4 */
		"set read_only = maybe\n"		/* 5 */
		"\n"					/* 6 */
		"quit\n"				/* 7 */
		"set confirm_quit\n"			/* 8 */
		"bind nowhere y quit\n"			/* 9 */
		"set login \"unterminated\n"		/* 10 */
		"pay 1234567890 500\n"			/* 11 */
		"set refresh_interval = 60";		/* 12: no newline at the end */
	struct diag w = { 0 };
	char *path = write_file("config", text, sizeof(text) - 1);
	char want[512];
	static const char *const messages[] = {
		"3: unknown command 'frobnicate'",
		"5: read_only: expected yes or no, not 'maybe'",
		"7: 'quit' works on the command line, not in a config file",
		"8: usage: set NAME = VALUE",
		"9: unknown keymap 'nowhere'",
		"10: unterminated quote",
		"11: 'pay' works on the command line, not in a config file",
	};

	assert_int_equal(config_load_file(path, &w), CONFIG_FILE_OK);
	assert_int_equal(w.count, sizeof(messages) / sizeof(messages[0]));
	for (size_t i = 0; i < w.count; i++) {
		snprintf(want, sizeof(want), "%s:%s", path, messages[i]);
		assert_string_equal(w.msg[i], want);
	}
	assert_string_equal(opt.login, "alice");
	assert_int_equal(key_action("generic", "x"), ACT_QUIT);
	assert_false(opt.read_only);
	assert_int_equal(opt.refresh_interval, 60);
	diag_clear(&w);
}

static void reads_crlf_bom_and_refuses_long_nul_and_bad_utf8_lines(void **state)
{
	size_t size = 3 * CONFIG_LINE_MAX + 512, len = 0;
	char *text = malloc(size), *path, want[512];
	struct diag w = { 0 };

	assert_non_null(text);
	len += (size_t)sprintf(text + len, "\xef\xbb\xbfset login = bom\r\n");	/* 1 */
	memset(text + len, 'x', 2 * CONFIG_LINE_MAX);				/* 2 */
	len += 2 * CONFIG_LINE_MAX;
	text[len++] = '\n';
	len += (size_t)sprintf(text + len, "set keyring = no\r\n");		/* 3 */
	memcpy(text + len, "set login = a\0b\n", 16);				/* 4 */
	len += 16;
	len += (size_t)sprintf(text + len, "set login = \xff\xfe\n");		/* 5 */
	/* 6: exactly the limit, with CR LF after it. */
	len += (size_t)sprintf(text + len, "set ascii_only = yes #");
	memset(text + len, '-', CONFIG_LINE_MAX - strlen("set ascii_only = yes #"));
	len += CONFIG_LINE_MAX - strlen("set ascii_only = yes #");
	len += (size_t)sprintf(text + len, "\r\n");
	len += (size_t)sprintf(text + len, "set wrap_search = no\n");		/* 7 */
	path = write_file("long", text, len);

	assert_int_equal(config_load_file(path, &w), CONFIG_FILE_OK);
	assert_int_equal(w.count, 3);
	snprintf(want, sizeof(want), "%s:2: line is longer than 4096 bytes", path);
	assert_string_equal(w.msg[0], want);
	snprintf(want, sizeof(want), "%s:4: the line contains a NUL byte", path);
	assert_string_equal(w.msg[1], want);
	snprintf(want, sizeof(want), "%s:5: invalid UTF-8", path);
	assert_string_equal(w.msg[2], want);
	assert_string_equal(opt.login, "bom");
	assert_false(opt.keyring);
	assert_true(opt.ascii_only);
	assert_false(opt.wrap_search);
	diag_clear(&w);
	free(text);
}

static void reports_missing_and_unreadable_files(void **state)
{
	struct diag w = { 0 };
	char path[256];

	snprintf(path, sizeof(path), "%s/no-such-file", dir);
	assert_int_equal(config_load_file(path, &w), CONFIG_FILE_MISSING);
	assert_int_equal(w.count, 0);
	assert_int_equal(config_load_file(dir, &w), CONFIG_FILE_ERROR);
	assert_int_equal(w.count, 1);
	diag_clear(&w);
}

static void caps_the_number_of_warnings(void **state)
{
	size_t size = 150 * 8 + 1, len = 0;
	char *text = malloc(size);
	struct diag w = { 0 };

	assert_non_null(text);
	for (int i = 0; i < 150; i++)
		len += (size_t)snprintf(text + len, size - len, "bogus\n");
	assert_int_equal(config_load_text("t", text, &w), 150);
	assert_int_equal(w.count, DIAG_MAX);
	assert_int_equal(w.dropped, 150 - DIAG_MAX);
	assert_string_equal(w.msg[0], "t:1: unknown command 'bogus'");
	diag_clear(&w);
	assert_int_equal(w.count, 0);
	assert_null(diag_last(&w));
	free(text);
}

static void keeps_profiles_apart(void **state)
{
	static const char text[] =
		"set server = http://global.example:1\n"	/* 1 */
		"[profile work]\n"				/* 2 */
		"set server = https://work.example\n"		/* 3 */
		"set login = support@example.net\n"		/* 4 */
		"set password_command = \"pass show kabinet\"\n" /* 5 */
		"set color = no\n"				/* 6 */
		"bind generic x quit\n"				/* 7 */
		"  [ profile   home ]  # comment\n"		/* 8 */
		"set language = ru\n"				/* 9 */
		"set login = me\n"				/* 10 */
		"[profil typo]\n"				/* 11 */
		"set server = https://wrong.example\n"		/* 12 */
		"[profile work]\n"				/* 13 */
		"set login = support2@example.net\n"		/* 14 */
		"set read_only = yes\n"				/* 15 */
		"[profile]\n"					/* 16 */
		"[profile a b]\n"				/* 17 */
		"[profile \"new\\nline\"]\n"			/* 18 */
		"[profile \"\x1b[31mred\"]\n"			/* 19 */
		"[profile \"c1\xc2\x9bx\"]\n"			/* 20 */
		"[profile \"$(touch x) и пробел\"]\n";	/* 21 */
	static const char *const messages[] = {
		"t:6: option color cannot be set in a profile",
		"t:7: only set lines belong in a [profile] section, not 'bind'",
		"t:11: usage: [profile NAME]",
		"t:16: usage: [profile NAME]",
		"t:17: usage: [profile NAME]",
		"t:18: a profile's name cannot hold a control character",
		"t:19: a profile's name cannot hold a control character",
		"t:20: a profile's name cannot hold a control character",
	};
	struct diag w = { 0 };
	const struct config_profile *work, *home;

	assert_int_equal(config_load_text("t", text, &w), 8);
	assert_int_equal(w.count, 8);
	for (size_t i = 0; i < w.count; i++)
		assert_string_equal(w.msg[i], messages[i]);
	diag_clear(&w);

	/* Profile lines never touch the global settings. */
	assert_string_equal(opt.server, "http://global.example:1");
	assert_string_equal(opt.login, "");
	assert_true(opt.color);
	assert_int_equal(key_action("generic", "x"), ACT_NONE);

	assert_non_null(work = config_profile_get("work"));
	assert_non_null(home = config_profile_get("home"));
	assert_null(config_profile_get("typo"));
	assert_null(config_profile_get("nobody"));
	assert_ptr_equal(config_profile_at(0), work);
	assert_ptr_equal(config_profile_at(1), home);
	/* Any printable name is a name, taken literally. */
	assert_non_null(config_profile_at(2));
	assert_string_equal(config_profile_at(2)->name, "$(touch x) и пробел");
	assert_null(config_profile_at(3));
	assert_string_equal(work->name, "work");
	assert_string_equal(config_profile_value(work, "server"), "https://work.example");
	assert_string_equal(config_profile_value(work, "login"), "support2@example.net");
	assert_string_equal(config_profile_value(work, "password-command"), "pass show kabinet");
	assert_string_equal(config_profile_value(work, "read_only"), "yes");
	assert_null(config_profile_value(work, "language"));
	assert_null(config_profile_value(work, "no such option"));
	assert_string_equal(config_profile_value(home, "language"), "ru");

	assert_int_equal(config_profile_apply("work", &w), 0);
	assert_string_equal(opt.server, "https://work.example");
	assert_string_equal(opt.login, "support2@example.net");
	assert_string_equal(opt.password_command, "pass show kabinet");
	assert_true(opt.read_only);
	assert_int_equal(config_profile_apply("nobody", &w), -1);
	assert_string_equal(diag_last(&w), "no profile 'nobody' in the config");
	diag_clear(&w);
	config_reset();
	assert_null(config_profile_get("work"));
}

static void default_config_loads_cleanly(void **state)
{
	struct diag w = { 0 };

	assert_int_equal(config_load_defaults(&w), 0);
	assert_int_equal(w.count, 0);
	assert_int_equal(config_color(AREA_TITLE)->fg, COLOR_BLACK);
	assert_int_equal(config_color(AREA_TITLE)->bg, COLOR_CYAN);
	assert_int_equal(config_color(AREA_CURSOR)->attrs, A_REVERSE);
	assert_int_equal(key_action("overview", "p"), ACT_PAY);
}

static void finds_the_user_config(void **state)
{
	char buf[256];

	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_string_equal(config_user_path(buf, sizeof(buf)), "/xdg/kabinet/config");
	/* The XDG spec ignores relative paths. */
	setenv("XDG_CONFIG_HOME", "relative", 1);
	assert_string_equal(config_user_path(buf, sizeof(buf)), "/home/u/.config/kabinet/config");
	unsetenv("XDG_CONFIG_HOME");
	assert_string_equal(config_user_path(buf, sizeof(buf)), "/home/u/.config/kabinet/config");
	assert_null(config_user_path(buf, 10));
	/* No HOME: the account's home, as for the state and the cache (test_xdg). */
	unsetenv("HOME");
	assert_true(!config_user_path(buf, sizeof(buf)) || strstr(buf, "/.config/kabinet/config"));
}

static void options_print_what_they_parse(void **state)
{
	static const struct {
		const char *name, *in, *out;
	} cases[] = {
		{ "read_only", "yes", "yes" },	{ "read_only", "TRUE", "yes" },
		{ "read_only", "on", "yes" },	{ "read_only", "1", "yes" },
		{ "read_only", "No", "no" },	{ "read_only", "false", "no" },
		{ "read_only", "off", "no" },	{ "read_only", "0", "no" },
		{ "refresh_interval", "0", "0" }, { "refresh_interval", "86400", "86400" },
		{ "refresh_interval", "007", "7" }, { "refresh_interval", "1,000", "1000" },
		{ "refresh_interval", "+1 000", "1000" }, { "language", "RU", "ru" },
		{ "language", "en", "en" },	{ "language", "auto", "auto" },
		{ "login", "Пётр", "Пётр" },	{ "server", "https://a", "https://a" },
	};
	const struct option_info *o;
	char first[256], again[256];
	size_t n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(options_set(cases[i].name, cases[i].in, NULL), 0);
		assert_string_equal(show(cases[i].name), cases[i].out);
	}
	/* Every option: the default prints as written in the table, and what is
	 * printed parses back to the same value. */
	options_reset();
	for (n = 0; (o = options_at(n)); n++) {
		assert_string_equal(options_print(o->name, first, sizeof(first)), o->def);
		assert_int_equal(options_set(o->name, first, NULL), 0);
		assert_string_equal(options_print(o->name, again, sizeof(again)), first);
		assert_ptr_equal(options_find(o->name), o);
		assert_non_null(o->help);
		assert_non_null(o->values);
	}
	assert_true(n >= 13);
	assert_null(options_at(n));
}

static void checks_options_without_setting_them(void **state)
{
	struct diag d = { 0 };
	char buf[8];

	assert_int_equal(options_check("login", "someone", &d), 0);
	assert_string_equal(opt.login, "");
	assert_int_equal(options_check("read_only", "maybe", &d), -1);
	assert_int_equal(options_check("nothing", "1", &d), -1);
	assert_int_equal(d.count, 2);
	assert_string_equal(d.msg[1], "unknown option 'nothing'");
	assert_ptr_equal(options_find("Password-Command"), options_find("password_command"));
	assert_null(options_find("password"));
	assert_null(options_print("nothing", buf, sizeof(buf)));
	/* A short buffer truncates. */
	options_set("login", "0123456789", NULL);
	assert_string_equal(options_print("login", buf, sizeof(buf)), "0123456");
	diag_clear(&d);
}

/* No Esc delay at all would make every arrow Esc and characters: below 10 ms is
 * refused with a warning that says what it takes, and the value in force stays. */
static void escdelay_has_a_floor(void **state)
{
	struct diag d = { 0 };

	assert_int_equal(options_set("escdelay", "400", &d), 0);
	assert_int_equal(options_set("escdelay", "0", &d), -1);
	assert_int_equal(options_set("escdelay", "9", &d), -1);
	assert_int_equal(d.count, 2);
	assert_string_equal(d.msg[0],
			    "escdelay: expected a number of milliseconds from 10 to 10000, not '0'");
	assert_int_equal(opt.escdelay, 400);
	assert_int_equal(options_set("escdelay", "10", &d), 0);
	assert_int_equal(opt.escdelay, 10);
	diag_clear(&d);
}

static void no_color_turns_colors_off_until_the_config_says_otherwise(void **state)
{
	setenv("NO_COLOR", "1", 1);
	config_reset();
	assert_false(opt.color);
	exec_ok("set color = yes");
	assert_true(opt.color);
	/* Set but empty is as good as unset. */
	setenv("NO_COLOR", "", 1);
	config_reset();
	assert_true(opt.color);
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sets_options_in_every_form, reset),
		cmocka_unit_test_setup(keeps_the_server_in_its_normal_form, reset),
		cmocka_unit_test_setup(normalises_a_profiles_server, reset),
		cmocka_unit_test_setup(shows_an_option_on_the_command_line, reset),
		cmocka_unit_test_setup(refuses_bad_set_lines, reset),
		cmocka_unit_test_setup(binds_and_unbinds, reset),
		cmocka_unit_test_setup(sets_colors, reset),
		cmocka_unit_test_setup(color_lines_round_trip, reset),
		cmocka_unit_test_setup(returns_command_line_commands, reset),
		cmocka_unit_test_setup(splits_words_with_quotes_and_escapes, reset),
		cmocka_unit_test_setup(limits_line_length, reset),
		cmocka_unit_test_setup(loads_a_file_and_keeps_going_past_bad_lines, reset),
		cmocka_unit_test_setup(reads_crlf_bom_and_refuses_long_nul_and_bad_utf8_lines, reset),
		cmocka_unit_test_setup(reports_missing_and_unreadable_files, reset),
		cmocka_unit_test_setup(caps_the_number_of_warnings, reset),
		cmocka_unit_test_setup(keeps_profiles_apart, reset),
		cmocka_unit_test_setup(default_config_loads_cleanly, reset),
		cmocka_unit_test_setup(finds_the_user_config, reset),
		cmocka_unit_test_setup(options_print_what_they_parse, reset),
		cmocka_unit_test_setup(checks_options_without_setting_them, reset),
		cmocka_unit_test_setup(escdelay_has_a_floor, reset),
		cmocka_unit_test_setup(no_color_turns_colors_off_until_the_config_says_otherwise, reset),
	};
	int failed;

	/* Messages are compared in English: nothing here calls setlocale(), so
	 * gettext() hands back the English text. */
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* The files the tests wrote. */
	unlink(write_path("config"));
	unlink(write_path("long"));
	rmdir(dir);
	return failed;
}
