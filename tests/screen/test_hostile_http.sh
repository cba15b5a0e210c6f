#!/bin/sh
# A hostile server at the HTTP level, played by
# tests/fake/faultproxy.py in front of kabinetd: a Retry-After of 2147483647, of 20
# digits or an HTTP-date is said as a wait of at most an hour, on the full screen and
# from a subcommand, without a crash; a cookie for another host, a Secure one over
# http, one for another Path, or one with control bytes in it, is not taken (the
# requests that follow do not carry it) and the client says so; endless headers and
# 100 000 interim answers are told in words of their own, not as a broken connection.
. "$(dirname "$0")/lib.sh"

RATE_LIMITED='{\"isError\":true,\"errorCode\":\"RATE_LIMITED\",\"errorMsg\":\"Too many attempts (said by the proxy)\"}'
CAPPED="Too many attempts: try again in 60 minutes or later."

# rate_limit_login VALUE: every login answered 429 with Retry-After: VALUE.
rate_limit_login() {
	fault_edit "{\"status\":429,\"headers\":[[\"Retry-After\",\"$1\"]],\"raw\":\"$RATE_LIMITED\"}" login
}

# The subcommand failed with WORDS on stderr and exit status STATUS (4: not logged
# in, 1: the server failed), and nothing else went wrong there.
failed_saying() {	# STATUS WORDS
	[ "$STATUS" = "$1" ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	case $ERR in
	*"$2"*) ;;
	*) echo "    stderr: $ERR" >&2; return 1 ;;
	esac
	case $ERR in
	*"runtime error"* | *Sanitizer* | *broke*) echo "    stderr: $ERR" >&2; return 1 ;;
	esac
}

test_retry_after_2147483647_at_login_on_the_full_screen() {
	start_faults ra_screen || return 1
	rate_limit_login 2147483647 || return 1
	start_client 80x24 -- --server "$PROXY_URL" --login demo --no-keyring \
		--config "$PROXY_DIR/config"
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "$CAPPED" 10 || return 1
	not_seen "35791395" || return 1
	alive
}

test_retry_after_capped_in_russian_at_120x40() {
	start_faults ra_ru || return 1
	rate_limit_login 99999999999999999999 || return 1
	start_client 120x40 LANG=ru_RU.UTF-8 -- --server "$PROXY_URL" --login demo \
		--no-keyring --config "$PROXY_DIR/config"
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Слишком много попыток: повторите через 60 минут или позже." 10 || return 1
	alive
}

test_retry_after_2147483647_in_a_subcommand() {
	start_faults ra_sub || return 1
	rate_limit_login 2147483647 || return 1
	through_proxy balance
	failed_saying 4 "$CAPPED"
}

test_retry_after_of_20_digits_and_as_a_date() {
	start_faults ra_forms || return 1
	rate_limit_login 99999999999999999999 || return 1
	through_proxy balance
	failed_saying 4 "$CAPPED" || return 1
	rate_limit_login "Fri, 31 Dec 9999 23:59:59 GMT" || return 1
	through_proxy balance
	failed_saying 4 "$CAPPED" || return 1
	# A date that has passed asks for no wait.
	rate_limit_login "Thu, 01 Jan 2015 00:00:00 GMT" || return 1
	through_proxy balance
	failed_saying 4 "Too many attempts: try again later."
}

# The cookies the requests after the login carried (the proxy's log of them).
cookies_sent() {
	grep -v "^login " "$PROXY_DIR/methods.headers"
}

test_a_cookie_for_another_host_is_not_sent_back() {
	start_faults cookie_domain || return 1
	fault_edit '{"headers":[["Set-Cookie","SESSION=evil; Domain=evil.example; Path=/"]]}' \
		login || return 1
	through_proxy balance
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	case $ERR in
	*"The server's SESSION cookie was ignored: it is for another host (Domain)."*) ;;
	*) echo "    stderr: $ERR" >&2; return 1 ;;
	esac
	[ -n "$(cookies_sent)" ] || { echo "    no request after the login" >&2; return 1; }
	if cookies_sent | grep -q "SESSION=evil"; then
		cookies_sent >&2
		return 1
	fi
}

# The cookie the login's answer added: ignored with WORDS, the session kept (the
# balance is read), and SESSION=evil never sent back.
added_cookie_ignored() {	# WORDS
	through_proxy balance
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	case $ERR in
	*"The server's SESSION cookie was ignored: $1."*) ;;
	*) echo "    stderr: $ERR" >&2; return 1 ;;
	esac
	[ -n "$(cookies_sent)" ] || { echo "    no request after the login" >&2; return 1; }
	if cookies_sent | grep -q "SESSION=evil"; then
		cookies_sent >&2
		return 1
	fi
}

test_a_secure_cookie_over_plain_http_is_not_sent_back() {
	start_faults cookie_secure || return 1
	fault_edit '{"headers":[["Set-Cookie","SESSION=evil; Secure; Path=/"]]}' login || return 1
	added_cookie_ignored "it is for https only, and the connection is plain http"
}

test_a_cookie_for_another_path_is_not_sent_back() {
	start_faults cookie_path || return 1
	fault_edit '{"headers":[["Set-Cookie","SESSION=evil; Path=/other"]]}' login || return 1
	added_cookie_ignored "it is for another path than the API's (Path)"
}

test_control_bytes_in_a_cookie_are_not_echoed() {
	start_faults cookie_bytes || return 1
	fault_edit '{"headers":[["Set-Cookie","CSRF-TOKEN=a\u0001b\u007fc\u001b[31md\u009be; Path=/"],["Set-Cookie","SESSION=x\ty; Path=/"]]}' \
		login || return 1
	through_proxy balance
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	case $ERR in
	*"The server's CSRF-TOKEN cookie was ignored: its value has bytes a cookie cannot have."*) ;;
	*) echo "    stderr: $ERR" >&2; return 1 ;;
	esac
	[ -n "$(cookies_sent)" ] || { echo "    no request after the login" >&2; return 1; }
	# Every byte the client sent in Cookie and CSRF-TOKEN is printable ASCII.
	if grep -F '\x' "$PROXY_DIR/methods.headers"; then
		return 1
	fi
	safe_output "$TMP/err"
}

test_endless_headers_are_told_as_such() {
	start_faults endless || return 1
	fault headers getAccounts || return 1
	through_proxy accounts
	failed_saying 1 "The server sent more than 256 KiB of headers: its answer was refused." || return 1
	# One header line without end meets libcurl's own bound on a line, and says so.
	fault headerline getAccounts || return 1
	through_proxy accounts
	failed_saying 1 "The server sent a header line longer than 100 KiB: its answer was refused." || return 1
	case $ERR in
	*"256 KiB"* | *"memory"*) echo "    stderr: $ERR" >&2; return 1 ;;
	esac
}

test_100000_interim_answers_are_told_as_such() {
	start_faults interim || return 1
	fault interim:100000 getAccounts || return 1
	through_proxy accounts
	failed_saying 1 "The server sent more than 20 interim answers (HTTP 1xx) instead of an answer: refused." || return 1
	# A few are what a server may send: the answer is taken.
	fault interim:3 getAccounts || return 1
	through_proxy accounts
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
}

test_interim_answers_on_the_full_screen() {
	start_faults interim_screen || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 80x24 -- --config "$PROXY_DIR/config" || return 1
	fault interim:100000 getAccounts || return 1
	keys r
	wait_for "more than 20 interim answers" 15 || return 1
	alive
}

run_tests
