#!/bin/sh
# The command line: --help and --version, bad options (a clear message and exit
# status 2), a subcommand's password and code asked on the terminal without echo, and
# --demo, which starts its own kabinetd, logs in (`set server` naming it) and cleans up.
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
	# Refused with the reason, and without repeating the password.
	expect_usage_error "--server: server: a user name or password cannot be in the address" \
		--server http://me:secret@h || return 1
	! echo "$ERR" | grep -q secret || { echo "    the password was repeated: $ERR" >&2; return 1; }
	expect_usage_error "--lang" --lang de || return 1
	expect_usage_error "--profile" --profile nosuch || return 1
	expect_usage_error "unknown command 'frobnicate'" frobnicate || return 1
	expect_usage_error "no such file" --config "$TMP/nonexistent" || return 1
	expect_usage_error "--demo" --demo --server http://127.0.0.1:1
}

# Without a terminal the full screen refuses at once (status 2) and names the
# subcommands that work without one; it never spins.
test_no_terminal_refuses_at_once() {
	run_cli --server http://127.0.0.1:1 --login demo
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -q "needs a terminal" ||
		{ echo "    stdin not a terminal: $STATUS $ERR" >&2; return 1; }
	for sub in balance accounts history autopay requests access-log notifications logout; do
		echo "$ERR" | grep -q "$sub" || { echo "    $sub is not named: $ERR" >&2; return 1; }
	done
	# A terminal on stdin but stdout into a file: refused the same way.
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 TERM=xterm XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" script -qec "'$KABINET' --server http://127.0.0.1:1 \
		>'$TMP/out' 2>'$TMP/err'; echo \$? >'$TMP/status'" /dev/null >/dev/null 2>&1
	[ "$(cat "$TMP/status")" = 2 ] && grep -q "needs a terminal" "$TMP/err" ||
		{ echo "    stdout not a terminal: $(cat "$TMP/status") $(cat "$TMP/err")" >&2; return 1; }
}

# One table of exit statuses (kabinet(1)): the same failure, the same status, in
# every subcommand.
test_exit_statuses_are_the_same_in_every_subcommand() {
	for cmd in balance accounts logout; do
		run_cli --server http://127.0.0.1:1 --login demo --no-keyring "$cmd" --frobnicate
		[ "$STATUS" = 2 ] || { echo "    $cmd --frobnicate: $STATUS" >&2; return 1; }
		run_cli --server http://127.0.0.1:1 --no-keyring "$cmd"
		[ "$STATUS" = 2 ] && echo "$ERR" | grep -q "No login" ||
			{ echo "    $cmd without a login: $STATUS $ERR" >&2; return 1; }
		run_cli --config "$TMP/nonexistent" "$cmd"
		[ "$STATUS" = 2 ] || { echo "    $cmd --config missing: $STATUS" >&2; return 1; }
	done
	# Not logged in: a wrong password for balance, nothing remembered for logout.
	start_server exits || return 1
	run_cli --server "$SERVER_URL" --login demo --no-keyring --password-command "echo Wrong-1" \
		balance
	[ "$STATUS" = 4 ] || { echo "    balance, wrong password: $STATUS $ERR" >&2; return 1; }
	run_cli --server "$SERVER_URL" --login demo --no-keyring logout
	[ "$STATUS" = 4 ] || { echo "    logout, nothing remembered: $STATUS $ERR" >&2; return 1; }
	# The server unreachable: 1.
	run_cli --server http://127.0.0.1:1 --login demo --no-keyring --password-command "echo x" \
		balance
	[ "$STATUS" = 1 ] || { echo "    balance, no server: $STATUS $ERR" >&2; return 1; }
}

# Global options after the subcommand, as people type them: the same meaning as
# before it, the subcommand's own options still work, an unknown one is still a
# usage error naming it.
test_global_options_after_the_subcommand() {
	start_server after || return 1
	run_cli balance --json --server "$SERVER_URL" --login demo --no-keyring \
		--password-command "echo $DEMO_PASSWORD" --below 200
	[ "$STATUS" = 3 ] && echo "$OUT" | grep -q '"number":"590000000001"' &&
		echo "$OUT" | grep -q '"anyBelow":true' ||
		{ echo "    balance --json --server ...: $STATUS $OUT $ERR" >&2; return 1; }
	# --name=value, and the language taking effect: the words are Russian.
	run_cli accounts --login demo --lang ru --server="$SERVER_URL" --no-keyring \
		--password-command "echo $DEMO_PASSWORD"
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "^    Интернет  *chel_ivanova  *заблокирована за долг" ||
		{ echo "    accounts --login demo --lang ru: $STATUS $OUT $ERR" >&2; return 1; }
	# Options on both sides mix; the subcommand's own come through.
	run_cli --server "$SERVER_URL" accounts --json --login demo --no-keyring \
		--password-command "echo $DEMO_PASSWORD"
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q '"status":"BLOCKED"' ||
		{ echo "    mixed: $STATUS $OUT $ERR" >&2; return 1; }
	# logout: --login and --server after it are taken (without them: "No login").
	run_cli logout --forget --no-keyring --login demo --server "$SERVER_URL"
	[ "$STATUS" = 0 ] && echo "$ERR" | grep -q "No remembered login to log out of" ||
		{ echo "    logout --forget --no-keyring: $STATUS $OUT $ERR" >&2; return 1; }
	# After the name, --help is the subcommand's.
	run_cli accounts --server "$SERVER_URL" --help
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "^usage: kabinet \[options\] accounts" ||
		{ echo "    accounts --help: $STATUS $OUT" >&2; return 1; }
	for cmd in balance accounts logout; do
		expect_usage_error "$cmd: unexpected argument --frobnicate" $cmd --login demo --frobnicate ||
			return 1
		expect_usage_error "option --server needs a value" $cmd --server || return 1
		expect_usage_error "--server: server: a user name or password cannot be in the address" \
			$cmd --server http://me:secret@h || return 1
		expect_usage_error "--lang" $cmd --lang de || return 1
		expect_usage_error "--demo starts its own server" --server http://127.0.0.1:1 $cmd --demo ||
			return 1
	done
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

# The Russian catalog without KABINET_LOCALEDIR: a build tree finds its own
# (build/locale next to build/kabinet), on the full screen and in a subcommand.
# --list-profiles (the completions of --profile ask it): the config's profiles in its
# order, the user's or --config's; a --config that is not there is a usage error.
test_list_profiles() {
	mkdir -p "$TMP/cfg/kabinet"
	printf '[profile work]\nset login a\n[profile "at home"]\nset login b\n' >"$TMP/cfg/kabinet/config"
	printf '[profile other]\n' >"$TMP/other.conf"
	run_cli --list-profiles
	[ "$STATUS" = 0 ] && [ "$OUT" = "$(printf 'work\nat home')" ] ||
		{ echo "    status $STATUS, printed: $OUT" >&2; return 1; }
	run_cli --config "$TMP/other.conf" --list-profiles
	[ "$STATUS" = 0 ] && [ "$OUT" = other ] || { echo "    --config: printed: $OUT" >&2; return 1; }
	expect_usage_error "no such file" --config "$TMP/nonexistent" --list-profiles
}

test_russian_from_the_build_tree() {
	start_server ru_tree || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_CONFIG_HOME="$TMP/cfg" \
		XDG_STATE_HOME="$TMP/state" "$KABINET" --server "$SERVER_URL" --login demo \
		--no-keyring --password-command "echo $DEMO_PASSWORD" --lang ru balance \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	[ "$STATUS" = 0 ] && grep -q "услуги заблокированы за долг" "$TMP/out" && [ ! -s "$TMP/err" ] ||
		{ echo "    balance --lang ru: $STATUS $(cat "$TMP/out" "$TMP/err")" >&2; return 1; }
	start_client 80x24 KABINET_LOCALEDIR= -- --server "$SERVER_URL" --lang ru
	wait_for "Пароль" 10 || return 1
	not_seen "No Russian translation"
}

# A kabinet with no catalog beside it and none installed says so when Russian is
# asked for, on stderr and in the bottom line, instead of falling back silently.
test_a_missing_catalog_is_said() {
	installed=$(cut -d' ' -f1 "$BUILD_DIR/gen/paths")/ru/LC_MESSAGES/kabinet.mo
	mkdir -p "$TMP/bare" "$TMP/empty-locale"
	cp "$KABINET" "$TMP/bare/kabinet"
	# KABINET_LOCALEDIR naming a directory without the catalog: always testable.
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=ru_RU.UTF-8 XDG_CONFIG_HOME="$TMP/cfg" \
		XDG_STATE_HOME="$TMP/state" KABINET_LOCALEDIR="$TMP/empty-locale" "$KABINET" \
		--server http://127.0.0.1:1 --login demo --no-keyring --password-command "echo x" \
		balance >"$TMP/out" 2>"$TMP/err" </dev/null
	grep -q "No Russian translation found (looked in $TMP/empty-locale)" "$TMP/err" ||
		{ echo "    KABINET_LOCALEDIR without a catalog: $(cat "$TMP/err")" >&2; return 1; }
	if [ -e "$installed" ]; then
		echo "    note: $installed is installed; the bare binary finds it" >&2
		return 0
	fi
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_CONFIG_HOME="$TMP/cfg" \
		XDG_STATE_HOME="$TMP/state" "$TMP/bare/kabinet" --server http://127.0.0.1:1 \
		--login demo --no-keyring --password-command "echo x" --lang ru balance \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	[ "$STATUS" = 1 ] && grep -q "^kabinet: No Russian translation found (looked in $TMP/bare/locale," \
		"$TMP/err" && grep -q "Cannot connect" "$TMP/err" ||
		{ echo "    bare --lang ru: $STATUS $(cat "$TMP/err")" >&2; return 1; }
	# English asked for: nothing to say.
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_CONFIG_HOME="$TMP/cfg" \
		XDG_STATE_HOME="$TMP/state" "$TMP/bare/kabinet" --server http://127.0.0.1:1 \
		--login demo --no-keyring --password-command "echo x" balance \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	! grep -q "Russian" "$TMP/err" || { echo "    said for English: $(cat "$TMP/err")" >&2; return 1; }
	# The full screen: the warning in the bottom line at start, the form in English.
	saved=$KABINET
	KABINET=$TMP/bare/kabinet
	start_client 80x24 KABINET_LOCALEDIR= LANG=ru_RU.UTF-8 -- --server http://127.0.0.1:1
	KABINET=$saved
	wait_for "No Russian translation found" 10 || return 1
	wait_for "Password" 1
}

test_demo() {
	start_client 80x24 -- --demo
	wait_for "740000000003" 20 || return 1
	wait_for "830.50 RUB" 5 || return 1
	wait_for "Logged in as demo" 1 || return 1
	# `set server` names the demo's server, as the top line does.
	url=http://$(capture | head -n 1 | grep -o "127\.0\.0\.1:[0-9]*")
	[ "$url" != http:// ] || { echo "    no server on the top line" >&2; show_screen; return 1; }
	keys :
	type_text "set server"
	keys Enter
	wait_for "$url" 3 || return 1
	not_seen "8480" || return 1
	# The private server and its directory exist while the client runs...
	ls "$CLIENT_HOME/tmp" | grep -q "^kabinet-demo-" || { echo "    no demo directory" >&2; return 1; }
	server=$(ps -o pid= --ppid "$(client_pid)" | tr -d ' ')
	[ -n "$server" ] || { echo "    no demo server" >&2; return 1; }
	quit_client || return 1
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ] || return 1
	# ...and are gone with it.
	[ -z "$(ls "$CLIENT_HOME/tmp")" ] || { echo "    left behind: $(ls "$CLIENT_HOME/tmp")" >&2; return 1; }
	! kill -0 "$server" 2>/dev/null || { echo "    the demo server still runs" >&2; return 1; }
}

# demo_dirs DIR: the demo directories in DIR, one a line, without the planted link.
demo_dirs() {
	ls "$1" | grep "^kabinet-demo-" | grep -v "^kabinet-demo-foo$"
}

# wait_pid_gone PID: until process PID has ended.
wait_pid_gone() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    process $1 did not end" >&2; return 1; }
		sleep 0.1
	done
}

# A killed demo's directory stays until the next --demo in the same TMPDIR removes it;
# the directory of a demo still running and a look-alike link are left alone.
killed_demo_body() {
	tmpdir=$1
	# The first demo runs on through the test.
	start_client 80x24 TMPDIR="$tmpdir" -- --demo
	live_session=$SESSION
	live_exit=$EXIT_FILE
	wait_for "740000000003" 20 || return 1
	live=$(demo_dirs "$tmpdir")
	[ -n "$live" ] || { echo "    no directory of the running demo" >&2; return 1; }
	# The second is killed.
	start_client 80x24 TMPDIR="$tmpdir" -- --demo
	wait_for "740000000003" 20 || return 1
	killed=$(demo_dirs "$tmpdir" | grep -vxF "$live")
	[ -n "$killed" ] || { echo "    no directory of the demo to kill" >&2; return 1; }
	server=$(ps -o pid= --ppid "$(client_pid)" | tr -d ' ')
	# Only the client holds the lock: the server, which outlives it a moment, does not.
	if [ -n "$server" ] && ls -l "/proc/$server/fd" 2>/dev/null | grep -q "/lock\$"; then
		echo "    the demo server holds the lock" >&2
		return 1
	fi
	kill -KILL "$(client_pid)"
	wait_exit 10 || return 1
	[ -z "$server" ] || wait_pid_gone "$server" || return 1
	[ -d "$tmpdir/$killed" ] || { echo "    the killed demo's directory is already gone" >&2; return 1; }
	# The third cleans up after the second.
	start_client 80x24 TMPDIR="$tmpdir" -- --demo
	wait_for "740000000003" 20 || return 1
	[ ! -e "$tmpdir/$killed" ] || { echo "    the killed demo's directory is still there" >&2; return 1; }
	[ -d "$tmpdir/$live" ] || { echo "    the running demo's directory is gone" >&2; return 1; }
	[ -L "$tmpdir/kabinet-demo-foo" ] && [ -f "$TMP/foo-target/keep" ] ||
		{ echo "    the look-alike link or what it points to is gone" >&2; return 1; }
	[ "$(demo_dirs "$tmpdir" | wc -l)" = 2 ] ||
		{ echo "    not two demo directories: $(demo_dirs "$tmpdir")" >&2; return 1; }
	quit_client || return 1
	wait_exit 10 || return 1
	# The first one ends too, and only the link is left.
	SESSION=$live_session
	EXIT_FILE=$live_exit
	alive || return 1
	quit_client || return 1
	wait_exit 10 || return 1
	[ "$(ls "$tmpdir")" = kabinet-demo-foo ] || { echo "    left behind: $(ls "$tmpdir")" >&2; return 1; }
}

test_demo_cleans_up_after_a_killed_demo() {
	tmpdir=$TMP/shared-tmp
	mkdir -p "$tmpdir" "$TMP/foo-target"
	: >"$TMP/foo-target/keep"
	: >"$TMP/foo-target/lock"
	ln -s "$TMP/foo-target" "$tmpdir/kabinet-demo-foo"
	killed_demo_body "$tmpdir"
	rc=$?
	# stop_client closes only the last client; the first may still run after a failure.
	[ -n "${live_session:-}" ] && tmx kill-session -t "$live_session" 2>/dev/null
	return $rc
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

# A subcommand of a two-step login asks for the password and then the code on the
# terminal, and shows neither as it is typed.
test_subcommand_code_prompt_does_not_echo() {
	start_server otp || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo2fa --no-keyring balance
	wait_for "Password for demo2fa" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Code sent to" 10 || return 1
	code=$(outbox_code "$SERVER_DIR" +79227654311)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	type_text "$code"
	# Typed and not yet sent: the line shows nothing of it.
	not_seen "$code" || return 1
	keys Enter
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ] || { echo "    status $EXIT_STATUS" >&2; show_screen; return 1; }
	wait_for "590000000" 1 || return 1
	not_seen "$code" || return 1
	not_seen "$DEMO_PASSWORD"
}

run_tests
