#!/bin/sh
# Screen tests of "Who looked at my data" (screen 8, a) and `kabinet access-log`: the
# demo's one view by support1 listed with the staff member's name, the reason and the
# two things looked at, in English and Russian, at 120x40 and at 80x24 over vt100; the
# subcommand's lines and its JSON; a hostile reply (an escape sequence, a title and a
# bidi override in the reason) shown safely on the screen and in the output, a staff
# login out of shape refused; a next page named twice stopping the load; another
# subscriber's log empty on both.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"

# open_access_log: from the overview, screen 8 and then a.
open_access_log() {
	keys 8
	wait_for_re "Two-step login|Двухэтапный вход" 10 || return 1
	keys a
}

test_the_view_is_listed_in_english() {
	SERVER_URL=$MAIN_URL
	login_as demo - 120x40 || return 1
	open_access_log || return 1
	wait_for "Who looked at my data · 1 view" 10 || return 1
	wait_for_re "$STAFF +T-1042: сверка платежа" 1 || return 1
	wait_for "Staff member: $STAFF (support1)" 1 || return 1
	wait_for "Reason: T-1042: сверка платежа" 1 || return 1
	wait_for_re "Looked at: accounts \([0-9:]+\), payment history \([0-9:]+\)" 1 || return 1
	# Esc goes back to the profile.
	keys Escape
	wait_for "Remembered devices" 5
}

test_the_view_is_listed_in_russian_at_80x24_over_vt100() {
	SERVER_URL=$MAIN_URL
	login_as demo - 80x24 LANG=ru_RU.UTF-8 TERM=vt100 || return 1
	open_access_log || return 1
	wait_for "Кто смотрел мои данные · 1 просмотр" 10 || return 1
	wait_for_re "$STAFF +T-1042: сверка платежа" 1 || return 1
	wait_for "Сотрудник: $STAFF (support1)" 1 || return 1
	wait_for_re "Смотрели: счета \([0-9:]+\), история платежей \([0-9:]+\)" 1 || return 1
	# The key is named in screen 8's help; at 80 columns its hint has no room, the help
	# key's has.
	keys Escape
	wait_for "d отозвать  ? справка" 5 || return 1
	keys '?'
	wait_for "Показать, кто из поддержки смотрел мои данные" 5
}

test_the_subcommand_lists_the_view() {
	SERVER_URL=$MAIN_URL
	subcommand -- access-log
	expect status "$STATUS" 0 || return 1
	case $OUT in
	*"$STAFF (support1)  T-1042: сверка платежа"*) ;;
	*) echo "    no view: $OUT" >&2; return 1 ;;
	esac
	expect "second line" "$(printf '%s\n' "$OUT" | sed -n 2p)" \
		"    looked at: accounts, payment history" || return 1
	subcommand LANG=ru_RU.UTF-8 -- access-log
	expect "in Russian" "$(printf '%s\n' "$OUT" | sed -n 2p)" \
		"    смотрели: счета, история платежей"
}

test_the_subcommand_json_is_the_api_shape() {
	SERVER_URL=$MAIN_URL
	subcommand -- access-log --json
	expect status "$STATUS" 0 || return 1
	expect lines "$(printf '%s\n' "$OUT" | wc -l)" 1 || return 1
	expect view "$(json_get '[d["staffLogin"], d["staffName"], d["reason"], [m["method"] for m in d["methods"]]]')" \
		"[\"support1\", \"$STAFF\", \"T-1042: сверка платежа\", [\"getAccounts\", \"getPaymentHistory\"]]" ||
		return 1
	expect instant "$(json_get 'd["openedAt"].endswith("Z") and bool(d["viewId"])')" true
}

# The reason is free text: it comes whole, made safe; a staff login out of shape (a
# label may carry no control character) is a bad reply, never printed.
test_a_hostile_reason_is_shown_safely() {
	hostile evil || return 1
	fault_edit '{"set":{"views.0.reason":"\u001b]0;PWNED\u0007\u001b[2J\u202eT-1 evil\nFORGED"}}' \
		getAccessLog || return 1
	sub access-log
	expect status "$STATUS" 0 || return 1
	safe_output "$TMP/out" || return 1
	sub access-log --json
	expect status "$STATUS" 0 || return 1
	safe_output "$TMP/out" || return 1
	expect "reason whole" "$(json_get 'd["reason"].endswith("T-1 evil\nFORGED")')" true || return 1
	: >"$TMP/raw"
	start_client 80x24 -- --server "$PROXY_URL" --login demo --no-keyring --config "$PROXY_DIR/config"
	tmx pipe-pane -t "$SESSION" -o "cat >>'$TMP/raw'"
	wait_for "Password" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 20 || return 1
	open_access_log || return 1
	wait_for "T-1 evil" 10 || return 1
	wait_for "1 Overview 2 Accounts" 1 || return 1
	[ "$(tmx display-message -p -t "$SESSION" '#{pane_title}')" != PWNED ] || return 1
	# The reason's line break starts no line of its own on the screen.
	capture | grep -q "^ *FORGED" && { show_screen; return 1; }
	stop_client
	safe_output "$TMP/raw" screen || return 1
	fault_edit '{"set":{"views.0.staffLogin":"support1\u001b[31m"}}' getAccessLog || return 1
	sub access-log
	bad_reply staffLogin
}

# A server that names the same next page again: the load stops with the guard's words,
# nothing printed (exit 1); on the screen the views that came stay, the header says
# not all is loaded.
test_a_cursor_seen_before_stops_the_load() {
	hostile loop || return 1
	fault_edit '{"request":{"delete":["cursor"]},"set":{"nextCursor":"X"}}' getAccessLog || return 1
	sub access-log
	expect status "$STATUS" 1 || return 1
	expect stdout "$OUT" "" || return 1
	case $ERR in
	*"Who looked at your data: "*"(nothing was written)"*) ;;
	*) echo "    not stopped by the guard: $ERR" >&2; return 1 ;;
	esac
	start_client 80x24 -- --server "$PROXY_URL" --login demo --no-keyring --config "$PROXY_DIR/config"
	wait_for "Password" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 20 || return 1
	open_access_log || return 1
	wait_for "$STAFF" 10 || return 1
	keys G
	wait_for "not all loaded" 10
}

test_another_subscriber_sees_an_empty_log() {
	SERVER_URL=$MAIN_URL
	SUB_LOGIN=other subcommand -- access-log
	expect status "$STATUS" 0 || return 1
	expect stdout "$OUT" "Nobody from support has looked at your data." || return 1
	SUB_LOGIN=other subcommand -- access-log --json
	expect status "$STATUS" 0 || return 1
	expect stdout "$OUT" "" || return 1
	login_as other - 80x24 || return 1
	open_access_log || return 1
	wait_for "Nobody from support has looked at your data." 10 || return 1
	not_seen "$STAFF"
}

test_the_subcommand_takes_only_json() {
	SERVER_URL=$MAIN_URL
	subcommand -- access-log --bogus
	expect status "$STATUS" 2 || return 1
	subcommand -- access-log --help
	expect status "$STATUS" 0 || return 1
	case $OUT in
	*"usage: kabinet [options] access-log [--json]"*) ;;
	*) echo "    no usage: $OUT" >&2; return 1 ;;
	esac
}

start_server main || exit 1
MAIN_URL=$SERVER_URL
# The staff member's display name as the demo seeds it (docs/demo-data.md), from the
# API: what the screen and the subcommand must show.
STAFF=$(demo_api getAccessLog | python3 -c 'import json, sys
print(json.load(sys.stdin)["views"][0]["staffName"])')
[ -n "$STAFF" ] || { echo "no view in the demo's access log" >&2; exit 1; }
run_tests
