#!/bin/sh
# A hostile or broken server, scripted (tests/fake/fakeserver.py): no control
# character, escape sequence, bidi override or bad UTF-8 from its strings reaches the
# terminal, on the full screen or from `kabinet balance`; odd figures are shown
# sensibly; a cut-short answer, a bad one, a flood of cookies and TLS spoken to a
# plain server each say what happened.
. "$(dirname "$0")/lib.sh"

# The full screen as demo, with every byte it writes to the terminal kept in $TMP/raw.
hostile_client() {	# SIZE [VAR=value...]
	size=$1
	shift
	: >"$TMP/raw"
	start_client "$size" "$@" -- --server "$SERVER_URL" --login demo --no-keyring
	tmx pipe-pane -t "$SESSION" -o "cat >>'$TMP/raw'"
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
}

test_hostile_strings_never_reach_the_screen() {
	start_fake hostile hostile || return 1
	hostile_client 120x40 || return 1
	wait_for "Updated at" 10 || return 1
	# What the payloads would have done did not happen: no title set, no screen
	# cleared (the menu is still there), no forged line of its own.
	[ "$(tmx display-message -p -t "$SESSION" '#{pane_title}')" != PWNED ] || return 1
	wait_for "1 Overview 2 Accounts" 1 || return 1
	capture | grep -q "^FORGED" && { show_screen; return 1; }
	keys Enter
	wait_for "Account " 3 || return 1
	keys Escape
	stop_client
	safe_output "$TMP/raw" screen
}

test_hostile_strings_in_russian_and_at_80x24() {
	start_fake hostile_ru hostile --fail-method getAutopayRules || return 1
	hostile_client 80x24 LANG=ru_RU.UTF-8 || return 1
	# The server's own error message, made safe, in the status line.
	wait_for "Правила автоплатежа:" 10 || return 1
	# Read whole with M, the message is as safe.
	keys M
	wait_for "Сообщения, новые сверху" 3 || return 1
	wait_for "Правила автоплатежа:" 3 || return 1
	stop_client
	safe_output "$TMP/raw" screen
}

test_balance_output_is_safe() {
	start_fake hostile_b hostile || return 1
	for format in "" --json; do
		env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
			KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server "$SERVER_URL" --login demo \
			--no-keyring --password-command "echo $DEMO_PASSWORD" balance $format \
			>"$TMP/out" 2>"$TMP/err" </dev/null
		status=$?
		[ "$status" = 0 ] || { echo "    balance $format: $status $(cat "$TMP/err")" >&2; return 1; }
		safe_output "$TMP/out" || return 1
	done
	# The JSON is JSON, and keeps the text: the controls are escaped, not lost.
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert any("\u202e" in (a["region"] or "") for a in d["accounts"]), d' "$TMP/out" || return 1
	# A failure's words from the server are made safe on stderr too.
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server "$SERVER_URL" --login demo \
		--no-keyring --password-command "echo Wrong-1" balance >"$TMP/out" 2>"$TMP/err" </dev/null
	safe_output "$TMP/err"
}

test_balance_in_a_locale_that_is_not_utf8_is_ascii() {
	start_fake hostile_c hostile || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=C XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server "$SERVER_URL" --login demo \
		--no-keyring --password-command "echo $DEMO_PASSWORD" balance >"$TMP/out" 2>"$TMP/err" \
		</dev/null || return 1
	LC_ALL=C grep -q '[^ -~]' "$TMP/out" && { cat -v "$TMP/out" >&2; return 1; }
	grep -q "Permskii krai" "$TMP/out"
}

# Odd but possible figures: shown sensibly, never rounded, never "-3 days", one row
# per account, no crash.
test_odd_figures_are_shown_sensibly() {
	start_fake odd odd || return 1
	hostile_client 120x40 || return 1
	wait_for_re "Updated at|r: try again" 10 || return 1
	wait_for "not loaded" 1 || return 1
	capture | grep -q -- "-3 day" && { show_screen; return 1; }
	capture | grep -q "9,007,199,254,740" && { show_screen; return 1; }
	[ "$(capture | grep -c "^ 590000000001 ")" = 1 ] || { show_screen; return 1; }
	keys Enter
	wait_for "Account 590000000001" 3 || return 1
	keys Escape G
	alive
}

test_a_cut_short_answer_says_so() {
	start_fake truncated truncated || return 1
	hostile_client 80x24 || return 1
	wait_for "The list of accounts: The server's answer was cut short; try again." 10 || return 1
	wait_for "Press r to try again." 1
}

test_an_answer_that_is_not_json_says_so() {
	start_fake badjson badjson || return 1
	hostile_client 80x24 || return 1
	wait_for "The list of accounts: The server's answer could not be understood." 10
}

test_a_flood_of_cookies_is_survived() {
	start_fake cookies cookies || return 1
	hostile_client 80x24 || return 1
	wait_for "Updated at" 10 || return 1
	wait_for "590000000001" 1
}

test_tls_to_a_plain_server_says_so() {
	start_server plain || return 1
	start_client 80x24 -- --server "https://${SERVER_URL#http://}" --login demo --no-keyring
	wait_for "Password" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "The secure connection (TLS) to ${SERVER_URL#http://} failed" 10 || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server "https://${SERVER_URL#http://}" \
		--login demo --no-keyring --password-command "echo $DEMO_PASSWORD" balance \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	status=$?
	[ "$status" = 1 ] && grep -q "The secure connection (TLS)" "$TMP/err" ||
		{ echo "    balance: $status $(cat "$TMP/err")" >&2; return 1; }
}

# Many accounts through a few connections: over HTTP/1.1 the server never sees more
# than the client's pool (API_POOL, 6) at once.
test_connections_are_capped() {
	start_fake many normal --accounts 300 || return 1
	hostile_client 80x24 || return 1
	wait_for "Updated at" 30 || return 1
	python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
assert s["by_method"]["getAccountBalanceV2"] == 300, s
assert 1 < s["max_concurrent_connections"] <= 6, s' "$SERVER_DIR/stats.json"
}

run_tests
