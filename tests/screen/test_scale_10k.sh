#!/bin/sh
# 10 000 accounts, and 10 000 services on one account: the load ends with
# every row there (the count shown, the last row at G, a search near the end, the
# last batch of tariff names), the screen answers keys while the load is still going
# on (shown by order, with answers held back by the fake server, never by timing),
# and kabinet's peak RSS is said (and kept sane).
. "$(dirname "$0")/lib.sh"

# scale_server NAME ACCOUNTS SERVICES: kabinetd over the scale profile (login
# "scale"; service j on account (j - 1) % ACCOUNTS + 1; see docs/demo-data.md).
scale_server() {
	mkdir -p "$TMP/$1"
	"$KABINETD" admin seed --db "$TMP/$1/kabinet.db" scale --accounts "$2" --services "$3" \
		--history 0 >/dev/null || return 1
	start_server "$1"
}

# Freed memory is not held back under AddressSanitizer, so that the peak is kabinet's.
scale_login() {	# SIZE
	start_client "$1" ASAN_OPTIONS=quarantine_size_mb=0 -- --server "$SERVER_URL" \
		--login scale --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
}

# peak_rss WHAT: says the client's VmHWM and fails above 256 MiB (10 000 accounts
# take about 45 MiB).
peak_rss() {
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$(client_pid)/status")
	echo "    peak RSS with $1: $hwm kB" >&2
	[ -n "$hwm" ] && [ "$hwm" -lt 262144 ]
}

# search TEXT: / TEXT Enter on the screen in front.
search() {
	keys /
	type_text "$1"
	keys Enter
}

test_10000_accounts_on_the_overview_and_screen_2() {
	scale_server a10k 10000 10000 || return 1
	scale_login 120x40 || return 1
	wait_for "Updated at" 60 || return 1
	not_seen "r: try again" || return 1
	wait_for " 1/10000" 1 || return 1
	keys G
	wait_for "10000/10000" 5 || return 1
	wait_selected "800000010000" || return 1
	# A search from the top finds a row near the end.
	keys g
	wait_for " 1/10000" 5 || return 1
	search 800000009990
	wait_for "9990/10000" 5 || return 1
	wait_selected "800000009990" || return 1
	# Screen 2: a heading and a service for each account, nothing asked again.
	keys 2
	wait_for " 1/20000" 5 || return 1
	keys G
	wait_for "20000/20000" 5 || return 1
	wait_selected "scale_10000" || return 1
	search scale_9990
	wait_for_re " (19979|19980)/20000" 5 || return 1
	wait_selected "scale_9990" || return 1
	peak_rss "10 000 accounts"
}

# The tariff names go 100 ids a call: the last service's name comes with the 100th.
test_10000_services_on_one_account() {
	scale_server s10k 1 10000 || return 1
	sqlite3 "$SERVER_DIR/kabinet.db" \
		"UPDATE services SET tariff_id = 'tar_inet1000' WHERE id = 'svcs9999'" || return 1
	scale_login 80x24 || return 1
	wait_for "Updated at" 60 || return 1
	not_seen "r: try again" || return 1
	keys 2
	wait_for " 1/10001" 5 || return 1
	# The server lists the services by login: scale_9999 is the last.
	keys G
	wait_for "10001/10001" 5 || return 1
	wait_selected "scale_9999" || return 1
	capture | grep -q "scale_9999 .*Гигабит" || { show_screen; return 1; }
	capture | grep -q "scale_9998 .*Домашний 300" || { show_screen; return 1; }
	search scale_5000
	wait_selected "scale_5000" || return 1
	# Screen 2 loaded again from the server: the same rows, the names again.
	keys r
	wait_gone "Waiting for the server" 30 || return 1
	keys G
	wait_for "10001/10001" 5 || return 1
	capture | grep -q "scale_9999 .*Гигабит" || { show_screen; return 1; }
	peak_rss "10 000 services"
}

# While 10 000 balances are held back by the server, keys act: the highlight goes to
# the last row, help opens and closes, the highlight moves back, screen 2 opens and the
# overview again (its load going on, not begun again); all before the load ended,
# which it can only do once the test lets the balances go.
test_keys_act_while_10000_balances_load() {
	start_fake held normal --accounts 10000 --hold-method getAccountBalanceV2 \
		--release "$TMP/release" || return 1
	start_client 120x40 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for " 1/10000" 20 || return 1
	wait_for "Waiting for the server" 1 || return 1
	keys G
	wait_for "10000/10000" 5 || return 1
	wait_selected "590000010000" || return 1
	keys '?'
	wait_for "Show the keys of this screen" 5 || return 1
	keys q	# (Esc would cancel the load)
	wait_for "10000/10000" 5 || return 1
	keys k
	wait_for "9999/10000" 5 || return 1
	wait_selected "590000009999" || return 1
	# Screen 2 and back: the load goes on, not asked again (10 000 balances more).
	keys 2
	wait_for " 1/20000" 5 || return 1
	keys 1
	wait_for " 1/10000" 5 || return 1
	# Not one balance came meanwhile: the load was going on all along.
	[ ! -e "$TMP/release" ] || return 1
	not_seen "Updated at" || return 1
	capture | grep -q "RUB" && { show_screen; return 1; }
	touch "$TMP/release"
	wait_for "Updated at" 60 || return 1
	not_seen "not loaded" || return 1
	# (The promised payments' column now takes the room of the position.)
	keys G
	wait_selected "590000010000" || return 1
	capture | grep -q "^ 590000010000 .*RUB" || { show_screen; return 1; }
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["by_method"]
assert d["getAccountBalanceV2"] == 10000 and d["getServiceTariffName"] == 100, d' \
		"$SERVER_DIR/stats.json"
}

run_tests
