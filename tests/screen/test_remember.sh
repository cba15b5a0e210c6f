#!/bin/sh
# Screen tests of one remembered login shared by many processes, against a real
# gnome-keyring-daemon on a private session bus: two full screens started at once,
# five `kabinet balance` runs during a start, and a start while another process is
# exchanging the token all reach their figures, and so does the start after them, the
# server's list keeping one device. Besides: the device is named after this computer
# with its first and last use on screen 8, a start without --login takes the last
# login, and without a keyring that can keep a token "remember me" is not offered and
# the server makes no device.
. "$(dirname "$0")/lib.sh"

# One person's kabinet: the clients and subcommands below share these, as the
# processes of one user on one computer do.
USER_HOME=$TMP/user
mkdir -p "$USER_HOME/state" "$USER_HOME/run" "$USER_HOME/cache" "$USER_HOME/config"
chmod 700 "$USER_HOME/run"

# A bus with no service at all to start (no Secret Service): sets BARE_BUS.
start_bare_bus() {
	bb=$TMP/barebus
	mkdir -p -m 700 "$bb"
	cat >"$bb/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$bb</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
	env -i PATH=/usr/bin:/bin HOME="$bb" dbus-run-session --config-file="$bb/session.conf" \
		-- sh -c "echo \$\$ >'$bb/pid'; echo \"\$DBUS_SESSION_BUS_ADDRESS\" >'$bb/bus';
			exec sleep 600" >"$bb/log" 2>&1 &
	i=0
	while [ ! -s "$bb/bus" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	SERVER_PIDS="$SERVER_PIDS $(cat "$bb/pid" 2>/dev/null)"
	BARE_BUS=$(cat "$bb/bus" 2>/dev/null)
	[ -n "$BARE_BUS" ] || { cat "$bb/log" >&2; return 1; }
}

stored_token() {
	env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" \
		secret-tool lookup server "$SERVER_URL" login demo 2>/dev/null
}

store_token() {	# TOKEN
	env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" sh -c \
		"printf '%s' '$1' | secret-tool store --label=kabinet \
			xdg:schema org.kabinet.Credential server '$SERVER_URL' login demo"
}

# user_client SIZE [VAR=value...] -- [kabinet arguments]: a full screen of that
# person (their directories and bus); sets SESSION.
user_client() {
	size=$1
	shift
	envs=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	start_client "$size" HOME="$USER_HOME" XDG_STATE_HOME="$USER_HOME/state" \
		XDG_RUNTIME_DIR="$USER_HOME/run" XDG_CACHE_HOME="$USER_HOME/cache" \
		XDG_CONFIG_HOME="$USER_HOME/config" DBUS_SESSION_BUS_ADDRESS="$BUS" $envs \
		-- --server "$SERVER_URL" "$@"
}

# user_command OUT ARGS...: kabinet ARGS of that person without a terminal (a cron
# job: only the keyring can log it in); its status goes to OUT.status.
user_command() {
	out=$1
	shift
	env -i PATH=/usr/bin:/bin HOME="$USER_HOME" LANG=en_US.UTF-8 TZ=UTC \
		XDG_STATE_HOME="$USER_HOME/state" XDG_RUNTIME_DIR="$USER_HOME/run" \
		XDG_CACHE_HOME="$USER_HOME/cache" XDG_CONFIG_HOME="$USER_HOME/config" \
		KABINET_LOCALEDIR="$TMP/locale" DBUS_SESSION_BUS_ADDRESS="$BUS" \
		setsid "$KABINET" --server "$SERVER_URL" "$@" >"$out" 2>"$out.err" </dev/null
	echo $? >"$out.status"
}

user_balance() {	# OUT
	user_command "$1" --login demo balance
}

# The client in SESSION reached fresh figures with the remembered login.
reached_figures() {
	wait_for "Updated at" 15 || return 1
	wait_for "Credentials: keyring" 2 || return 1
	not_seen "no longer valid"
}

# One more start of that person reaches its figures, and the server still lists one
# device: nothing was taken for theft.
next_start_too() {
	stop_client
	user_client 80x24 -- --login demo
	reached_figures || return 1
	stop_client
	[ "$(devices)" -eq 1 ] || { echo "    devices: $(devices)" >&2; return 1; }
}

test_remember_me_names_the_device_after_this_computer() {
	command -v flock >/dev/null 2>&1 || { echo "    flock not installed (make deps)" >&2; return 1; }
	start_bus || return 1
	user_client 80x24 -- --login demo
	wait_for "Password" || return 1
	wait_for "[ ] Remember me" 1 || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r Enter
	reached_figures || return 1
	[ -n "$(stored_token)" ] || { echo "    nothing in the keyring" >&2; return 1; }
	host=$(hostname | cut -c1-20)
	keys 8
	wait_for "kabinet 0.1.0 on $host" 5 || return 1
	wait_for "First used" 1 || return 1
	wait_for "this device" 1 || return 1
	[ "$(devices)" -eq 1 ] || return 1
	REMEMBERED=1
}

test_two_full_screens_started_at_once_both_reach_their_figures() {
	[ -n "${REMEMBERED:-}" ] || return 1
	user_client 80x24 -- --login demo
	first=$SESSION
	user_client 120x40 -- --login demo
	second=$SESSION
	SESSION=$first
	reached_figures || return 1
	SESSION=$second
	reached_figures || return 1
	tmx kill-session -t "$first"
	next_start_too
}

test_five_balance_runs_during_a_start_all_succeed() {
	[ -n "${REMEMBERED:-}" ] || return 1
	user_client 80x24 -- --login demo
	pids=""
	for i in 1 2 3 4 5; do
		user_balance "$TMP/balance$i" &
		pids="$pids $!"
	done
	for pid in $pids; do
		wait "$pid"
	done
	reached_figures || return 1
	for i in 1 2 3 4 5; do
		[ "$(cat "$TMP/balance$i.status")" = 0 ] && grep -q "^590000000001" "$TMP/balance$i" ||
			{ echo "    balance $i: $(cat "$TMP/balance$i.status") $(cat "$TMP/balance$i.err")" >&2; return 1; }
	done
	next_start_too
}

# Another process holds the login's lock while it exchanges the token (here: the test,
# with flock(1) and the API): the start waits, then uses the token stored meanwhile
# rather than the one it read at first.
test_a_start_while_another_process_rotates_waits_for_it() {
	[ -n "${REMEMBERED:-}" ] || return 1
	set -- "$USER_HOME"/run/kabinet/login-*.lock
	[ $# -eq 1 ] && [ -f "$1" ] || { echo "    lock files: $*" >&2; return 1; }
	lock=$1
	rm -f "$TMP/held" "$TMP/release"
	flock -x "$lock" sh -c "touch '$TMP/held'; while [ ! -e '$TMP/release' ]; do sleep 0.1; done" &
	holder=$!
	i=0
	while [ ! -e "$TMP/held" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$TMP/held" ] || { echo "    the lock was not taken" >&2; return 1; }
	user_client 80x24 -- --login demo
	# It has read the token and is waiting for its turn.
	wait_for_re "Figures as of|Logging in with the saved login" 10 || return 1
	old=$(stored_token)
	new=$(api "$SERVER_URL" "$TMP/jar-rotate" loginByToken "{\"rememberToken\":\"$old\"}" |
		sed -n 's/.*"rememberToken":"\([^"]*\)".*/\1/p')
	[ -n "$new" ] || { echo "    the test's own rotation failed" >&2; return 1; }
	store_token "$new"
	touch "$TMP/release"
	wait "$holder"
	reached_figures || return 1
	# It went on from the token stored meanwhile (a replay of the old one would have
	# been answered with that same token).
	after=$(stored_token)
	[ -n "$after" ] && [ "$after" != "$new" ] && [ "$after" != "$old" ] ||
		{ echo "    the start did not take the stored token" >&2; return 1; }
	next_start_too
}

# Processes that cannot see each other's lock (another $XDG_RUNTIME_DIR) on one
# installation: the server's grace window keeps both logged in.
test_without_a_shared_lock_the_grace_window_holds() {
	[ -n "${REMEMBERED:-}" ] || return 1
	mkdir -p -m 700 "$TMP/run-a" "$TMP/run-b"
	user_client 80x24 XDG_RUNTIME_DIR="$TMP/run-a" -- --login demo
	first=$SESSION
	user_client 80x24 XDG_RUNTIME_DIR="$TMP/run-b" -- --login demo
	second=$SESSION
	SESSION=$first
	reached_figures || return 1
	SESSION=$second
	reached_figures || return 1
	tmx kill-session -t "$first"
	next_start_too
}

test_a_start_without_login_takes_the_last_one() {
	[ -n "${REMEMBERED:-}" ] || return 1
	user_client 80x24
	reached_figures || return 1
	wait_for "Logged in as demo" 1 || return 1
	not_seen "Password" || return 1
	# A subcommand too.
	user_command "$TMP/nologin" balance
	[ "$(cat "$TMP/nologin.status")" = 0 ] && grep -q "^590000000001" "$TMP/nologin" ||
		{ echo "    balance: $(cat "$TMP/nologin.status") $(cat "$TMP/nologin.err")" >&2; return 1; }
}

# Without a remembered token the form is filled in with it.
test_the_last_login_fills_the_form() {
	[ -n "${REMEMBERED:-}" ] || return 1
	user_client 80x24 -- --no-keyring
	wait_for "Password" || return 1
	wait_for "Login  demo" 1
}

test_no_bus_no_remember_me_and_no_device() {
	start_server nobus || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	wait_for "No keyring on this host: the password is asked each time." 1 || return 1
	not_seen "Remember me" || return 1
	keys C-r
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: memory only." 2 || return 1
	[ "$(devices)" -eq 0 ] || { echo "    the server made a device" >&2; return 1; }
	stop_client
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --login demo
	wait_for "Пароль" || return 1
	wait_for "На этом компьютере нет хранилища паролей" 1
}

# Over SSH: a session bus, but no Secret Service on it.
test_a_bus_without_a_keyring_no_remember_me_and_no_device() {
	start_server barebus || return 1
	start_bare_bus || return 1
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BARE_BUS" -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	wait_for "No keyring on this host: the password is asked each time." 5 || return 1
	not_seen "Remember me" || return 1
	keys C-r
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: memory only." 2 || return 1
	[ "$(devices)" -eq 0 ] || { echo "    the server made a device" >&2; return 1; }
}

# A server that takes its time, as over a slow line: every start reads the stored token
# long before the first exchange of it is answered, so the processes do overlap.
start_server main --delay-ms 300 || exit 1
run_tests
