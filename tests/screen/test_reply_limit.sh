#!/bin/sh
# An answer over the client's limit (API_REPLY_LIMIT, 8 MiB) is refused and
# said so, on the screen and by a subcommand: a 9 MiB getAccounts with its
# Content-Length, one that streams without end (chunked, no Content-Length), and one
# that announces 1 TiB and sends nothing (refused from its header alone: waiting for
# the body would end in a timeout instead). Memory stays near the limit.
. "$(dirname "$0")/lib.sh"

TOO_BIG="The list of accounts: The server's answer is too large (over 8 MiB): refused."

# Freed memory is not held back under AddressSanitizer, so that the peak is kabinet's.
limit_client() {	# SIZE
	start_client "$1" ASAN_OPTIONS=quarantine_size_mb=0 -- --server "$SERVER_URL" \
		--login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
}

hwm() {
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$(client_pid)/status"
}

# The peak of a client that loaded demo's three accounts from the fake server.
BASE_HWM=""
base_hwm() {
	[ -n "$BASE_HWM" ] && return 0
	start_fake base normal || return 1
	limit_client 80x24 || return 1
	wait_for "Updated at" 10 || return 1
	BASE_HWM=$(hwm)
	stop_client
}

# refused SCENARIO: the overview says what was refused, and keeps answering keys;
# kabinet's peak stays within twice the limit of what a small answer takes.
refused() {
	base_hwm || return 1
	start_fake "$1" "$1" || return 1
	limit_client 80x24 || return 1
	wait_for "$TOO_BIG" 10 || return 1
	wait_for "Press r to try again." 1 || return 1
	peak=$(hwm)
	echo "    peak RSS: $peak kB ($BASE_HWM kB with 3 accounts)" >&2
	[ "$peak" -lt $((BASE_HWM + 16384)) ] || { echo "    memory grew past the limit" >&2; return 1; }
	keys '?'
	wait_for "Show the keys of this screen" 5 || return 1
	keys q
	wait_for "$TOO_BIG" 5 || return 1
	# Asked again, refused again: the screen is as it was, and alive.
	keys r
	wait_for "$TOO_BIG" 10 || return 1
	alive
}

test_a_9_mib_answer_is_refused_on_the_screen() {
	refused huge
}

test_an_endless_chunked_answer_is_refused_on_the_screen() {
	refused endless || return 1
	# The client closed the connection rather than read on.
	i=0
	until grep -q "endless ended after" "$SERVER_DIR/log"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    the stream went on" >&2; return 1; }
		sleep 0.1
	done
}

test_a_1_tib_content_length_is_refused_at_once() {
	refused bigheader || return 1
	grep -q "bigheader ended: the client closed" "$SERVER_DIR/log" || return 1
	# The 30 s timeout was never waited for: the body was not.
	not_seen "did not answer in time"
}

# balance and accounts: the message on stderr, status 1 (the server's failure),
# nothing on stdout; their peak under /usr/bin/time.
test_subcommands_refuse_it_and_fail() {
	[ -x /usr/bin/time ] || { echo "    /usr/bin/time is needed" >&2; return 1; }
	for scenario in huge endless bigheader; do
		start_fake "sub_$scenario" "$scenario" || return 1
		for cmd in balance "accounts --json"; do
			# shellcheck disable=SC2086
			SUB_WRAP="/usr/bin/time -f %M -o $TMP/rss" subcommand \
				ASAN_OPTIONS=quarantine_size_mb=0 -- $cmd
			[ "$STATUS" = 1 ] && [ "$ERR" = "kabinet: $TOO_BIG" ] && [ -z "$OUT" ] ||
				{ echo "    $scenario, $cmd: status $STATUS, $ERR" >&2; return 1; }
		done
		echo "    $scenario: accounts --json peaked at $(tail -n 1 "$TMP/rss") kB" >&2
	done
}

run_tests
