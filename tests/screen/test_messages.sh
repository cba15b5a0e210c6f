#!/bin/sh
# Screen tests of messages read whole: three bad lines of the config are all readable
# with M and with :messages (F2 on the login form, where letters type), their count
# stays on the top line until then, "Logged in as..." notwithstanding; a message cut
# at the bottom line's edge ends with a mark naming M, and M shows it whole.
. "$(dirname "$0")/lib.sh"

# A config with three bad lines (2, 3 and 9); its path in CONFIG.
bad_config() {
	CONFIG=$TMP/bad-config
	printf '%s\n' 'set color = yes' 'bind nosuchmap x quit' 'set nosuchoption = 1' \
		'' '' '' '' '' 'bind nosuchmapwithaverylongname q quit' >"$CONFIG"
}

# The three warnings, each with its file and line, on the screen now.
all_three_shown() {
	wait_for "$CONFIG:2: unknown keymap 'nosuchmap'" 3 || return 1
	wait_for "$CONFIG:3: unknown option 'nosuchoption'" 3 || return 1
	wait_for "$CONFIG:9: unknown keymap" 3 || return 1
	wait_for "'nosuchmapwithaverylongname'" 3
}

test_three_config_warnings_are_read_whole() {
	bad_config
	start_client 80x24 -- --server "$SERVER_URL" --login demo --config "$CONFIG"
	wait_for_re "Password" 10 || return 1
	# On the login form letters type: F2 is the key named, and it shows them.
	wait_for "F2: 3 warnings" 3 || return 1
	wait_for "(2 more warnings)" 3 || return 1
	wait_for "(F2: more)" 3 || return 1
	keys F2
	all_three_shown || return 1
	keys Escape
	wait_for "Password" 3 || return 1
	# Read once: the count is gone from the top line.
	wait_gone "3 warnings" 3 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 20 || return 1
	wait_for "Logged in as demo" 3 || return 1
	keys M
	all_three_shown || return 1
	wait_for "Logged in as demo" 3 || return 1
	keys q
	wait_for "Updated at" 3 || return 1
	keys :
	type_text messages
	keys Enter
	all_three_shown || return 1
	keys M
	wait_for "Updated at" 3 || return 1
	alive
}

# Not read on the login form: the count stays on the top line after the login.
test_the_warning_count_outlives_the_login() {
	bad_config
	login_as demo - 80x24 -- --config "$CONFIG" || return 1
	wait_for "Logged in as demo" 3 || return 1
	wait_for "M: 3 warnings" 3 || return 1
	keys M
	all_three_shown || return 1
	keys q
	wait_gone "M: 3 warnings" 3
}

# On screen 3 the blocked service of 740000000003 refuses a voluntary block with a
# message wider than 80 columns.
test_a_cut_message_is_marked_and_read_whole() {
	login_as demo - 80x24 || return 1
	keys 3
	wait_for "perm_ivanov" 10 || return 1
	keys '['
	wait_for "< 5/5 >" 5 || return 1
	wait_for "chel_ivanova" 10 || return 1
	wait_for "Loaded at" 10 || return 1
	keys b
	wait_for "A service blocked for debt cannot be blocked voluntarily" 3 || return 1
	wait_for "… (M: more)" 3 || return 1
	not_seen "top up the account first." || return 1
	keys M
	wait_for "Messages, the newest first" 3 || return 1
	wait_for "the account first." 3 || return 1
	keys q
	wait_for "chel_ivanova" 3 || return 1
	stop_client
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 3
	wait_for "perm_ivanov" 10 || return 1
	keys '['
	wait_for "< 5/5 >" 5 || return 1
	wait_for "chel_ivanova" 10 || return 1
	wait_for "Загружено в" 10 || return 1
	keys b
	wait_for "(M: целиком)" 3 || return 1
	keys M
	wait_for "Сообщения, новые сверху" 3 || return 1
	wait_for "пополните" 3
}

start_server main || exit 1
# Where a form open over a list takes letters (the block form on screen 3), the top
# line names F2 for the warnings, not M, which types there.
test_a_form_over_a_list_names_f2() {
	bad_config
	login_as demo - 80x24 -- --config "$CONFIG" || return 1
	wait_for "M: 3 warnings" 3 || return 1
	keys 3
	wait_for "Internet perm_ivanov" 10 || return 1
	wait_for "Loaded at" 10 || return 1
	keys b
	wait_for "Voluntary block" 5 || return 1
	wait_for "F2: 3 warnings" 3 || return 1
	not_seen "M: 3 warnings" || return 1
	keys Escape
	wait_gone "Voluntary block" 5 || return 1
	wait_for "M: 3 warnings" 3
}

run_tests
