#!/bin/sh
# Screen tests of "remember me" against a real gnome-keyring-daemon on a private
# session bus: the token goes to the keyring, the next start logs in with it (no
# form, whichever way the server's URL is spelled), each login rotates it, `balance`
# and `logout --forget` use it too, and without a bus the form says nothing is stored.
. "$(dirname "$0")/lib.sh"

# kabinet makes itself non-dumpable, so only root (CAP_SYS_PTRACE) may read its
# /proc/PID/maps; as another user the checks that need it are left out, said once.
can_read_maps() {
	[ "$(id -u)" = 0 ] && return 0
	[ -n "${MAPS_NOTE_SAID:-}" ] ||
		echo "    note: not root, so which libraries kabinet loaded is not checked" >&2
	MAPS_NOTE_SAID=1
	return 1
}

# The running client's memory map. Fails, saying why, when it cannot be read.
client_maps() {
	pid=$(client_pid)
	[ -n "$pid" ] || { echo "    no client process" >&2; return 1; }
	m=$(cat "/proc/$pid/maps" 2>/dev/null)
	[ -n "$m" ] || { echo "    cannot read /proc/$pid/maps" >&2; return 1; }
	echo "$m"
}

stored_token() {
	env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" \
		secret-tool lookup server "$SERVER_URL" login demo 2>/dev/null
}

test_remember_me_stores_the_token() {
	start_bus || return 1
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r
	wait_for "[x] Remember me" 2 || return 1
	keys Enter
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: keyring" 2 || return 1
	FIRST=$(stored_token)
	[ -n "$FIRST" ] || { echo "    nothing in the keyring" >&2; return 1; }
	keys Q
	wait_for "Quit kabinet?" 3 || return 1
	keys y
	wait_exit 5
}

test_next_start_logs_in_with_the_token() {
	[ -n "${FIRST:-}" ] || return 1
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- --server "$SERVER_URL" --login demo
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: keyring" 2 || return 1
	not_seen "Wrong" || return 1
	# The keyring came through the plugin, and with it libsecret.
	if can_read_maps; then
		maps=$(client_maps) || return 1
		echo "$maps" | grep -q 'kabinet-secret\.so' ||
			{ echo "    the Secret Service plugin is not loaded" >&2; return 1; }
	fi
	# loginByToken rotated it, and the keyring followed.
	second=$(stored_token)
	[ -n "$second" ] && [ "$second" != "$FIRST" ] || { echo "    the token did not rotate" >&2; return 1; }
}

# Another spelling of the same server (scheme in capitals, a leading zero in the port,
# a trailing slash) is the same keyring item: the URL is normalised where it comes in.
test_another_spelling_of_the_server_finds_the_token() {
	[ -n "${FIRST:-}" ] || return 1
	before=$(stored_token)
	port=${SERVER_URL##*:}
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- \
		--server "HTTP://127.0.0.1:0$port/" --login demo
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: keyring" 2 || return 1
	# The top line's host comes from the normal form too.
	wait_for "· 127.0.0.1:$port" 1 || return 1
	not_seen "Password" || return 1
	# The rotated token went back to the one item, under the normal form.
	after=$(stored_token)
	[ -n "$after" ] && [ "$after" != "$before" ] || { echo "    the token did not rotate" >&2; return 1; }
}

test_a_dead_token_falls_back_to_the_form() {
	[ -n "${FIRST:-}" ] || return 1
	# The first token was rotated away: presenting it again is refused.
	env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" sh -c \
		"printf '%s' '$FIRST' | secret-tool store --label=kabinet \
			xdg:schema org.kabinet.Credential server '$SERVER_URL' login demo"
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- --server "$SERVER_URL" --login demo
	wait_for "The saved login is no longer valid" 10 || return 1
	wait_for "Password" 1 || return 1
	# ...and it is forgotten, so the next start asks at once.
	[ -z "$(stored_token)" ] || { echo "    the dead token is still stored" >&2; return 1; }
}

# kabinet with the bus and no terminal (setsid): only the keyring can log it in.
# $PLUGIN, when set, is the keyring plugin it is given instead of the built one.
run_subcommand() {	# ARGS...
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" DBUS_SESSION_BUS_ADDRESS="$BUS" \
		${PLUGIN:+KABINET_SECRET_PLUGIN="$PLUGIN"} \
		setsid "$KABINET" --server "$SERVER_URL" --login demo "$@" \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
}

test_balance_and_logout_forget_use_the_keyring() {
	[ -n "${BUS:-}" ] || return 1
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r Enter
	wait_for "Updated at" 10 || return 1
	keys Q
	wait_for "Quit kabinet?" 3 || return 1
	keys y
	wait_exit 5
	before=$(stored_token)
	[ -n "$before" ] || { echo "    nothing stored" >&2; return 1; }
	# balance logs in with the stored token, and the rotation is stored back.
	run_subcommand balance
	[ "$STATUS" = 0 ] && grep -q "^590000000001" "$TMP/out" ||
		{ echo "    balance: $STATUS $(cat "$TMP/err")" >&2; return 1; }
	after=$(stored_token)
	[ -n "$after" ] && [ "$after" != "$before" ] || { echo "    no rotation stored" >&2; return 1; }
	# logout --forget: the keyring entry goes, and the server revokes that device.
	devices_before=$(devices)
	run_subcommand logout --forget
	[ "$STATUS" = 0 ] || { echo "    logout: $STATUS $(cat "$TMP/err")" >&2; return 1; }
	grep -q "Logged out; the remembered login is forgotten" "$TMP/out" ||
		{ echo "    logout said: $(cat "$TMP/out")" >&2; return 1; }
	[ -z "$(stored_token)" ] || { echo "    still stored" >&2; return 1; }
	api "$SERVER_URL" "$TMP/jar-forget" loginByToken "{\"rememberToken\":\"$after\"}" |
		grep -q '"errorCode":"UNAUTHORIZED"' || { echo "    the token still works" >&2; return 1; }
	[ "$(devices)" = $((devices_before - 1)) ] ||
		{ echo "    devices: $devices_before before, $(devices) after" >&2; return 1; }
}

# A keyring that cannot be used (here: the plugin is missing) is named as the reason,
# not passed off as "never remembered", in both subcommands.
test_a_broken_keyring_is_named_in_subcommands() {
	[ -n "${BUS:-}" ] || return 1
	PLUGIN=/nonexistent/kabinet-secret.so
	run_subcommand balance
	balance_status=$STATUS balance_err=$(cat "$TMP/err")
	run_subcommand logout --forget
	PLUGIN=
	# Not logged in, for the same reason, with the same status (4) in both.
	[ "$balance_status" = 4 ] &&
		echo "$balance_err" | grep -q "the keyring could not be read (No keyring support: " ||
		{ echo "    balance: $balance_status $balance_err" >&2; return 1; }
	[ "$STATUS" = 4 ] && grep -q "No keyring support: /nonexistent/kabinet-secret.so" "$TMP/err" ||
		{ echo "    logout: $STATUS $(cat "$TMP/err")" >&2; return 1; }
}

# A keyring that cannot be loaded: the form says why "remember me" is not offered, and
# the login is kept in memory only, with no device made on the server.
test_a_broken_keyring_is_named_after_login() {
	[ -n "${BUS:-}" ] || return 1
	before=$(devices)
	start_client 120x40 DBUS_SESSION_BUS_ADDRESS="$BUS" \
		KABINET_SECRET_PLUGIN=/nonexistent/kabinet-secret.so -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	wait_for "The keyring cannot keep the login (No keyring support:" 1 || return 1
	wait_for "/nonexistent/kabinet-secret.so" 1 || return 1
	not_seen "Remember me" || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r Enter
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: memory only." 2 || return 1
	[ "$(devices)" = "$before" ] || { echo "    a device was made" >&2; return 1; }
}

test_an_unreachable_server_does_not_cost_the_stored_login() {
	[ -n "${BUS:-}" ] || return 1
	down=http://127.0.0.1:1
	env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" sh -c \
		"printf 'token-kept' | secret-tool store --label=kabinet \
			xdg:schema org.kabinet.Credential server '$down' login demo" || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" DBUS_SESSION_BUS_ADDRESS="$BUS" \
		setsid "$KABINET" --server "$down" --login demo balance >"$TMP/out" 2>"$TMP/err" </dev/null
	[ $? = 1 ] && grep -q "Cannot connect to the server 127.0.0.1:1" "$TMP/err" ||
		{ echo "    balance: $(cat "$TMP/err")" >&2; return 1; }
	kept=$(env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" \
		secret-tool lookup server "$down" login demo 2>/dev/null)
	[ "$kept" = token-kept ] || { echo "    the stored token was dropped" >&2; return 1; }
}

# How many remembered devices demo has (a fresh password login makes none).
# Two kabinet processes share the stored token: `balance` rotates it while the full
# screen runs; when the screen's session expires, its re-login must use the token now
# in the keyring, not its own stale one (the server would revoke the device).
test_a_token_rotated_by_another_process_is_followed() {
	[ -n "${BUS:-}" ] || return 1
	start_server shared --session-ttl 3 || return 1
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r Enter
	wait_for "Updated at" 10 || return 1
	jar=$TMP/shared.jar
	api "$SERVER_URL" "$jar" login "{\"login\":\"other\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	run_subcommand balance
	[ "$STATUS" = 0 ] || { echo "    balance: $(cat "$TMP/err")" >&2; return 1; }
	before=$(capture | grep -o "Updated at [0-9:]*")
	wait_session_lost "$jar" || return 1
	keys r
	wait_refreshed "$before" || return 1
	not_seen "Password" || return 1
	# The device is alive: the token stored now still logs in.
	run_subcommand balance
	[ "$STATUS" = 0 ] || { echo "    balance after: $(cat "$TMP/err")" >&2; return 1; }
}

test_no_bus_means_memory_only() {
	start_client 80x24 -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	wait_for "No keyring on this host: the password is asked each time." 1 || return 1
	not_seen "Remember me" || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r
	keys Enter
	wait_for "Updated at" 10 || return 1
	wait_for "memory only" 2 || return 1
	# Without a bus, libsecret and GLib are never loaded.
	if can_read_maps; then
		maps=$(client_maps) || return 1
		! echo "$maps" | grep -E 'kabinet-secret\.so|libsecret|libglib' ||
			{ echo "    the keyring libraries were loaded without a bus" >&2; return 1; }
	fi
}

start_server main || exit 1
run_tests
