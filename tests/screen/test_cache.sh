#!/bin/sh
# Screen tests of the overview cache against a real gnome-keyring-daemon on a private
# session bus and a server that answers slowly: a remembered login leaves its last
# overview in $XDG_CACHE_HOME (0600, no token or password); the next start draws it at
# once, marked with its age, and nothing acts on it until the fresh figures replace
# it; a failed update keeps the mark; a corrupt or open file is ignored; `:set cache
# off`, `set cache = off` and no "remember me" write nothing; `logout --forget`
# removes it.
. "$(dirname "$0")/lib.sh"

DELAY_MS=2500
CACHE=$TMP/cache	# one XDG_CACHE_HOME for the clients that share a cache

stored_token() {
	env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" \
		secret-tool lookup server "$SERVER_URL" login demo 2>/dev/null
}

# The cache files in directory $1 (the cache's kabinet/ directory).
cache_files() {
	ls "$1"/overview-*.json 2>/dev/null
}

# A client sharing $CACHE with the bus, logged in as demo (the token start when one is
# stored). Extra VAR=value arguments go to start_client.
start_cached() {
	start_client 100x30 DBUS_SESSION_BUS_ADDRESS="$BUS" XDG_CACHE_HOME="$CACHE" "$@" -- \
		--server "$SERVER_URL" --login demo
}

# Logs in with the password, "remember me" ticked, and quits once the overview loaded.
remembered_login() {
	start_cached "$@"
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys C-r
	wait_for "[x] Remember me" 2 || return 1
	keys Enter
	wait_for "Updated at" 20 || return 1
	quit_client
	wait_exit 5
}

test_a_remembered_login_writes_the_cache() {
	start_bus || return 1
	remembered_login || return 1
	FILE=$(cache_files "$CACHE/kabinet")
	[ -n "$FILE" ] && [ "$(echo "$FILE" | wc -l)" = 1 ] ||
		{ echo "    cache files: '$FILE'" >&2; return 1; }
	[ "$(stat -c %a "$FILE")" = 600 ] || { echo "    mode $(stat -c %a "$FILE")" >&2; return 1; }
	[ "$(stat -c %a "$CACHE/kabinet")" = 700 ] ||
		{ echo "    directory mode $(stat -c %a "$CACHE/kabinet")" >&2; return 1; }
	grep -q '"number":"590000000001"' "$FILE" || { echo "    no account in the cache" >&2; return 1; }
	# Figures, never a secret: neither the token the keyring holds nor the password.
	token=$(stored_token)
	[ -n "$token" ] || { echo "    nothing in the keyring" >&2; return 1; }
	! grep -qF -- "$token" "$FILE" || { echo "    the token is in the cache" >&2; return 1; }
	! grep -qF -- "$DEMO_PASSWORD" "$FILE" || { echo "    the password is in the cache" >&2; return 1; }
	! grep -qiE 'token|passw|card|pan"' "$FILE" || { echo "    a secret's name in the cache" >&2; return 1; }
}

# The cached figures show before the slow server has answered the login, with their
# age; then the fresh ones replace them. A balance no account has and an age of three
# hours are written into the file to tell the two apart.
test_the_next_start_draws_the_cache_at_once() {
	[ -n "${FILE:-}" ] || return 1
	three_hours_ago=$(( $(date +%s) - 3 * 3600 - 60 ))
	sed -i -e "s/\"taken\":[0-9]*/\"taken\":$three_hours_ago/" \
		-e '0,/"balance":{"balance":-\{0,1\}[0-9]*/s//"balance":{"balance":12345678/' "$FILE"
	grep -q '"balance":12345678' "$FILE" || { echo "    the file was not edited" >&2; return 1; }
	start_cached
	# Sooner than one round trip of the server: drawn from the file.
	wait_for "123,456.78 RUB" 1 || return 1
	wait_for "Figures as of" 1 || return 1
	wait_for "3 hours ago" 1 || return 1
	wait_for "updating" 1 || return 1
	not_seen "Updated at" || return 1
	not_seen "Password" || return 1
	# Nothing acts on cached figures: pay waits for the fresh list (what it says is
	# seen in test_a_failed_update_keeps_the_figures_marked, where nothing is busy).
	keys p
	# The fresh figures take their place, and the mark goes.
	wait_for "Updated at" 20 || return 1
	wait_gone "123,456.78 RUB" 2 || return 1
	not_seen "Figures as of" || return 1
	not_seen "Top up" || return 1
	# ...and the cache holds them now.
	! grep -q '"balance":12345678' "$FILE" || { echo "    the cache was not rewritten" >&2; return 1; }
	# :set cache off removes the file at once; on writes it again.
	keys :
	type_text "set cache off"
	keys Enter
	i=0
	while [ -e "$FILE" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ ! -e "$FILE" ] || { echo "    :set cache off left the file" >&2; return 1; }
	keys :
	type_text "set cache on"
	keys Enter
	i=0
	while [ ! -e "$FILE" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$FILE" ] || { echo "    :set cache on wrote nothing" >&2; return 1; }
}

# Corrupt, or readable by others: ignored (the form's "Logging in" shows, not figures),
# removed, and replaced by a good one after the load.
check_ignored() {
	start_cached
	wait_for "Logging in with the saved login" 2 || return 1
	not_seen "Figures as of" || return 1
	wait_for "Updated at" 20 || return 1
	[ "$(stat -c %a "$FILE")" = 600 ] && grep -q '"number":"590000000001"' "$FILE" ||
		{ echo "    the cache was not replaced: $(head -c 200 "$FILE")" >&2; return 1; }
	quit_client
	wait_exit 5
}

test_a_corrupt_cache_is_ignored() {
	[ -n "${FILE:-}" ] || return 1
	printf '{"version":1,"accounts":[{"id":' >"$FILE"
	check_ignored
}

test_a_cache_others_can_read_is_ignored() {
	[ -n "${FILE:-}" ] || return 1
	chmod 644 "$FILE"
	check_ignored
}

# The server gone: the cached figures stay, marked as not updated, never as current.
test_a_failed_update_keeps_the_figures_marked() {
	[ -n "${FILE:-}" ] || return 1
	kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
	start_cached
	wait_for "Figures as of" 2 || return 1
	wait_for "not updated (r: try again)" 10 || return 1
	wait_for "Cannot connect" 1 || return 1
	not_seen "Updated at" || return 1
	keys p
	wait_for "Still updating: 'Top up an account' waits for the fresh figures." 2 || return 1
	keys 2
	wait_for "Not logged in yet: the other screens open once the saved login is through." 2 ||
		return 1
	# r tries again (and fails again) without losing the figures.
	keys r
	wait_for "not updated (r: try again)" 10 || return 1
	wait_for "590000000001" 1 || return 1
	alive
}

# logout --forget removes the cache of that server and login (the server is down:
# the keyring entry and the cache go all the same).
test_logout_forget_removes_the_cache() {
	[ -n "${FILE:-}" ] && [ -e "$FILE" ] || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		XDG_CACHE_HOME="$CACHE" KABINET_LOCALEDIR="$TMP/locale" DBUS_SESSION_BUS_ADDRESS="$BUS" \
		setsid "$KABINET" --server "$SERVER_URL" --login demo logout --forget \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	status=$?
	[ "$status" = 0 ] || { echo "    logout: $status $(cat "$TMP/err")" >&2; return 1; }
	[ ! -e "$FILE" ] || { echo "    the cache is still there" >&2; return 1; }
	[ -z "$(stored_token)" ] || { echo "    the token is still stored" >&2; return 1; }
}

test_without_remember_me_nothing_is_written() {
	[ -n "${BUS:-}" ] || return 1
	start_server second --delay-ms 200 || return 1
	CACHE=$TMP/cache-forgetful
	start_cached
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	wait_for "[ ] Remember me" 2 || return 1
	keys Enter
	wait_for "Updated at" 20 || return 1
	[ -z "$(cache_files "$CACHE/kabinet")" ] || { echo "    a cache was written" >&2; return 1; }
}

test_set_cache_off_writes_nothing() {
	[ -n "${BUS:-}" ] || return 1
	CACHE=$TMP/cache-off
	mkdir -p "$TMP/config-off/kabinet"
	echo "set cache = off" >"$TMP/config-off/kabinet/config"
	remembered_login XDG_CONFIG_HOME="$TMP/config-off" || return 1
	[ -n "$(stored_token)" ] || { echo "    nothing in the keyring" >&2; return 1; }
	[ -z "$(cache_files "$CACHE/kabinet")" ] || { echo "    a cache was written" >&2; return 1; }
}

start_server main --delay-ms "$DELAY_MS" || exit 1
run_tests
