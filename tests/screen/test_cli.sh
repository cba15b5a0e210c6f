#!/bin/sh
# The command line: --help and --version, bad options (a clear message and exit
# status 2), and --demo, which starts its own kabinetd, logs in and cleans up.
. "$(dirname "$0")/lib.sh"

# run_cli ARGS...: runs kabinet without a terminal; sets OUT, ERR and STATUS.
run_cli() {
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_CONFIG_HOME="$TMP/cfg" \
		XDG_STATE_HOME="$TMP/state" KABINET_LOCALEDIR="$TMP/locale" \
		"$KABINET" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

expect_usage_error() {	# TEXT ARGS...
	text=$1
	shift
	run_cli "$@"
	[ "$STATUS" = 2 ] || { echo "    $*: status $STATUS, not 2" >&2; return 1; }
	echo "$ERR" | grep -qF -- "$text" || { echo "    $*: said: $ERR" >&2; return 1; }
}

test_help_and_version() {
	run_cli --help
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "^usage: kabinet" || return 1
	echo "$OUT" | grep -q -- "--password-command" || return 1
	run_cli --version
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "^kabinet [0-9]"
}

test_bad_options_exit_2() {
	expect_usage_error "unknown option --frobnicate" --frobnicate || return 1
	expect_usage_error "option --server needs a value" --server || return 1
	expect_usage_error "--server" --server ftp://example.org || return 1
	expect_usage_error "--lang" --lang de || return 1
	expect_usage_error "--profile" --profile nosuch || return 1
	expect_usage_error "unknown command 'frobnicate'" frobnicate || return 1
	expect_usage_error "no such file" --config "$TMP/nonexistent" || return 1
	expect_usage_error "--demo" --demo --server http://127.0.0.1:1
}

test_bad_config_lines_are_warnings() {
	mkdir -p "$TMP/cfgtest"
	printf 'set color yes\nfrobnicate now\nbind generic x no-such-action\n' >"$TMP/cfgtest/config"
	start_server main || return 1
	start_client 80x24 -- --server "$SERVER_URL" --config "$TMP/cfgtest/config"
	# The first bad line and how many more, in the bottom line; not fatal.
	wait_for "config:2:" 5 || return 1
	wait_for "(1 more warning)" 1 || return 1
	wait_for "Password" 1
}

test_demo() {
	start_client 80x24 -- --demo
	wait_for "740000000003" 20 || return 1
	wait_for "830.50 RUB" 5 || return 1
	wait_for "Logged in as demo" 1 || return 1
	# The private server and its directory exist while the client runs...
	ls "$CLIENT_HOME/tmp" | grep -q "^kabinet-demo-" || { echo "    no demo directory" >&2; return 1; }
	server=$(ps -o pid= --ppid "$(client_pid)" | tr -d ' ')
	[ -n "$server" ] || { echo "    no demo server" >&2; return 1; }
	keys :
	type_text "quit"
	keys Enter
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ] || return 1
	# ...and are gone with it.
	[ -z "$(ls "$CLIENT_HOME/tmp")" ] || { echo "    left behind: $(ls "$CLIENT_HOME/tmp")" >&2; return 1; }
	! kill -0 "$server" 2>/dev/null || { echo "    the demo server still runs" >&2; return 1; }
}

test_demo_password_is_not_in_argv() {
	start_client 80x24 -- --demo
	wait_for "740000000003" 20 || return 1
	server=$(ps -o pid= --ppid "$(client_pid)" | tr -d ' ')
	if tr '\0' ' ' </proc/"$server"/cmdline | grep -q "$DEMO_PASSWORD" ||
		tr '\0' ' ' </proc/"$(client_pid)"/cmdline | grep -q "$DEMO_PASSWORD"; then
		echo "    the password is on a command line" >&2
		return 1
	fi
}

run_tests
