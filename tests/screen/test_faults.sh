#!/bin/sh
# Faults survived: kabinet behind tests/fake/faultproxy.py, which
# answers 502, 503 with Retry-After, nginx's HTML page, a cut body, a reset mid-body,
# nothing at all, or refuses connections, switched while the client runs. Each time
# the overview keeps its figures, the bottom line says since when the server is out
# of reach and when the next try is, the reads go again by themselves and the screen
# recovers without a key once the server answers; Esc stops the tries and r makes one
# at once; a money change is never sent twice with another key, nor any change by
# the retries; the subcommands say what failed in a line of their own and exit 1.
. "$(dirname "$0")/lib.sh"

OFFLINE_RE="Offline since [0-9][0-9]:[0-9][0-9] — retrying in [0-9]+ s \(r: now\)"
# The server, or a proxy before it, answers but cannot serve: not a lost line.
UNAVAILABLE_RE="Server unavailable since [0-9][0-9]:[0-9][0-9] — retrying in [0-9]+ s \(r: now\)"

# A client logged in as demo through the proxy, on the overview with its figures.
faulty_overview() {	# NAME SIZE [VAR=value...]
	name=$1
	size=$2
	shift 2
	start_faults "$name" || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring "$size" "$@" -- --config "$PROXY_DIR/config" || return 1
	wait_for_re "830[.,]50" 5
}

# The overview's figures are all still there, and the offline note is in the bottom
# line with what failed in the status row.
kept_while_offline() {	# REASON [NOTE_RE]
	wait_for_re "${2:-$OFFLINE_RE}" 15 || return 1
	for want in 590000000001 "830.50 RUB" "152.00 RUB" "−374.80 RUB" "Bonus: 1,250 points"; do
		capture | grep -qF -- "$want" || { echo "    lost: $want" >&2; show_screen; return 1; }
	done
	wait_for "$1" 10
}

# The server answers again: the reads go by themselves (no key), the note goes away.
recovers_by_itself() {
	fault pass || return 1
	wait_for "Back online." 40 || return 1
	wait_for "Updated at" 10 || return 1
	not_seen "Offline since" || return 1
	not_seen "unavailable since" || return 1
	not_seen "r: try again" || return 1
	alive
}

# One fault: r reads again through it, the overview keeps its figures and says so, the
# reads are sent again by themselves (more than the one r sent), then it recovers.
survives() {	# NAME MODE REASON [NOTE_RE]
	faulty_overview "$1" 80x24 || return 1
	fault "$2" || return 1
	keys r
	kept_while_offline "$3" "${4:-}" || return 1
	wait_count "$2" getAccounts 2 || return 1
	recovers_by_itself
}

test_502_bad_gateway() {
	survives bad502 502 "The server or a proxy on the way to it failed (HTTP 502)." \
		"$UNAVAILABLE_RE"
}

# nginx's HTML page never reaches the screen: our words and the status instead.
test_an_html_error_page_from_the_proxy() {
	faulty_overview html 80x24 || return 1
	fault html || return 1
	keys r
	kept_while_offline "failed (HTTP 502)" "$UNAVAILABLE_RE" || return 1
	for raw in "<html>" "nginx" "Bad Gateway" "<center>"; do
		not_seen "$raw" || return 1
	done
	wait_count html getAccounts 2 || return 1
	recovers_by_itself
}

# A 503 with Retry-After: the next try waits as long as the server asked, not 1 s; r
# tries at once all the same.
test_503_with_retry_after_is_honoured() {
	faulty_overview busy503 80x24 || return 1
	fault 503:20 || return 1
	keys r
	kept_while_offline "(HTTP 503)" "$UNAVAILABLE_RE" || return 1
	# The back-off alone would say 1 or 2 s.
	wait_for_re "retrying in ([5-9]|1[0-9]|20) s" 5 || return 1
	n=$(count 503 getAccounts)
	keys r
	wait_count 503 getAccounts $((n + 1)) || return 1
	wait_for_re "retrying in ([5-9]|1[0-9]|20) s" 5 || return 1
	recovers_by_itself
}

# kabinetd full (its connection guard's 503, Retry-After and the API's UNAVAILABLE
# body), in Russian: the status row says the server is busy, the bottom line that it
# is unavailable, not that the line is lost, and the retry waits as long as asked.
test_a_full_server_in_russian() {
	faulty_overview full 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "Обновлено в" 5 || return 1
	fault busy:9 || return 1
	keys r
	wait_for_re "Сервер недоступен с [0-9][0-9]:[0-9][0-9] — повтор через [5-9] с \(r — сейчас\)" \
		15 || return 1
	wait_for "Не обновлено: Сервер занят: повторите чуть позже." 5 || return 1
	not_seen "Нет связи" || return 1
	for want in 590000000001 "830,50" "152,00" "−374,80"; do
		capture | grep -qF -- "$want" || { echo "    lost: $want" >&2; show_screen; return 1; }
	done
	fault pass || return 1
	wait_for "Связь восстановлена." 40 || return 1
	not_seen "Сервер недоступен" || return 1
	alive
}

# A server that takes the request and never answers: request_timeout (2 s here) gives
# up on it, and the tries go on.
test_a_hanging_server_times_out_and_is_retried() {
	survives hang hang "The server did not answer in time."
}

test_a_reset_mid_body() {
	survives reset reset "broke before the answer came"
}

# The connection closed mid-body (the headers promised more).
test_an_answer_cut_mid_body() {
	survives cut truncated "The server's answer was cut short; try again."
}

# A 200 whose body is half of the JSON, with an honest Content-Length.
test_truncated_json_with_an_honest_length() {
	survives cutjson cutjson "The server's answer could not be understood."
}

# Down for a while (nothing listens, open connections reset), then back: the figures
# stay, "offline since HH:MM" in Russian too, and it comes back without a key.
test_down_for_a_while_then_back_in_russian() {
	faulty_overview down 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "Обновлено в" 5 || return 1
	fault down || return 1
	keys r
	wait_for_re "Нет связи с [0-9][0-9]:[0-9][0-9] — повтор через [0-9]+ с \(r — сейчас\)" 15 ||
		return 1
	wait_for "Не обновлено: Не удаётся подключиться к серверу" 5 || return 1
	for want in 590000000001 "830,50" "152,00" "−374,80"; do
		capture | grep -qF -- "$want" || { echo "    lost: $want" >&2; show_screen; return 1; }
	done
	# It keeps trying while down: the countdown comes back after each try.
	wait_for_re "повтор через [0-9]+ с" 15 || return 1
	fault pass || return 1
	wait_for "Связь восстановлена." 40 || return 1
	wait_for "Обновлено в" 10 || return 1
	not_seen "Нет связи" || return 1
	alive
}

# Only some methods failing: what did load is shown, the rest retried until it comes.
test_one_method_failing_keeps_the_rest() {
	faulty_overview partial 80x24 || return 1
	fault 502 getFplStatus || return 1
	keys r
	wait_for_re "$UNAVAILABLE_RE" 15 || return 1
	wait_for "Not updated: The server or a proxy on the way to it failed (HTTP 502)." 5 ||
		return 1
	wait_for "Bonus: 1,250 points" 1 || return 1
	wait_for "830.50 RUB" 1 || return 1
	wait_count 502 getFplStatus 2 || return 1
	recovers_by_itself
}

# Esc stops the tries (nothing more is sent), r starts them again.
test_esc_stops_the_retries() {
	faulty_overview esc 80x24 || return 1
	fault 502 || return 1
	keys r
	wait_for_re "$UNAVAILABLE_RE" 15 || return 1
	keys Escape
	wait_for "No more tries for now (r: try again)." 3 || return 1
	n=$(count 502 getAccounts)
	keys Escape
	wait_for_re "Server unavailable since [0-9:]+ \(r: try again\)" 3 || return 1
	# Longer than the first pauses of the back-off: nothing goes by itself.
	holds 3 count_is 502 getAccounts "$n" || return 1
	fault pass || return 1
	keys r
	wait_for "Back online." 10 || return 1
	wait_for "Updated at" 10
}

# r on the history in an outage: the rows shown stay (with their count) until the
# first page of the new load replaces them.
test_a_refresh_in_an_outage_keeps_the_history() {
	faulty_overview history 80x24 || return 1
	keys 4
	wait_for_re "[0-9]+ rows, all loaded" 10 || return 1
	rows=$(capture | grep -oE "[0-9,]+ rows, all loaded")
	fault 502 || return 1
	keys r
	wait_for "Not updated: The server or a proxy on the way to it failed (HTTP 502)." 10 ||
		return 1
	wait_for_re "$UNAVAILABLE_RE" 5 || return 1
	# The rows kept, with their count, not claimed to be current.
	wait_for "${rows%, all loaded} — not updated" 1 || return 1
	wait_for "Card pmt" 1 || return 1
	fault pass || return 1
	wait_for "Back online." 40 || return 1
	wait_for "$rows" 5 || return 1
	not_seen "Not updated" || return 1
	[ "$(grep -c "^getPaymentHistory 502" "$PROXY_DIR/methods")" -ge 1 ]
}

# r on screen 3 in an outage: the service's tariff and options stay drawn while they
# are read again.
test_a_refresh_in_an_outage_keeps_the_service() {
	faulty_overview service 80x24 || return 1
	keys 3
	wait_for "Loaded at" 10 || return 1
	fault 502 || return 1
	keys r
	wait_for "Not updated: The server or a proxy on the way to it failed (HTTP 502)." 10 ||
		return 1
	for want in "Домашний 500" "Статический IP" "Антивирус"; do
		capture | grep -qF -- "$want" || { echo "    lost: $want" >&2; show_screen; return 1; }
	done
	not_seen "Not loaded" || return 1
	fault pass || return 1
	wait_for "Back online." 40 || return 1
	wait_for "Loaded at" 5
}

# A 4xx with the API's error code is the server's considered answer, not a fault: it
# is said as it is, and not sent again.
test_a_considered_answer_is_not_retried() {
	faulty_overview answer 80x24 || return 1
	fault notfound getFplStatus || return 1
	keys r
	wait_for "The bonus points: Not found (said by the proxy)" 10 || return 1
	not_seen "Updated at" || return 1
	not_seen "Offline since" || return 1
	not_seen "unavailable since" || return 1
	# Longer than the first pause of the back-off: nothing is sent again by itself.
	holds 3 count_is notfound getFplStatus 1 || return 1
	not_seen "Offline since" || return 1
	alive
}

# A money change while the server is out of reach for reads and the answer to the
# payment itself is lost: the payment is sent again only by the change path, with
# the same idempotency key every time, and paid once.
test_a_payment_while_offline_is_paid_once() {
	faulty_overview money 80x24 || return 1
	acc=$(demo_account_id 590000000001)
	b1=$(demo_balance 590000000001)
	fault reset createPayment getAccountBalanceV2 || return 1
	keys r
	wait_for_re "$OFFLINE_RE" 15 || return 1
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	type_text "123.45"
	keys Enter
	wait_for "2200 00** **** 0004" 5 || return 1
	keys Tab Tab
	keys Enter
	wait_for "Pay 123.45 RUB by card 2200 00** **** 0004?" 5 || return 1
	keys y
	wait_for "asking the server again in" 10 || return 1
	wait_count reset createPayment 2 || return 1
	fault pass || return 1
	wait_for "Paid 123.45 RUB by card 2200 00** **** 0004." 40 || return 1
	keys=$(grep "^createPayment " "$PROXY_DIR/methods" | sed -n 's/.* key=//p' | sort -u)
	sent=$(grep -c "^createPayment " "$PROXY_DIR/methods")
	[ "$(echo "$keys" | grep -c .)" = 1 ] ||
		{ echo "    createPayment sent with keys: $keys" >&2; return 1; }
	[ "$(grep "^createPayment " "$PROXY_DIR/methods" | grep -vc " key=")" = 0 ] ||
		{ echo "    a createPayment without a key" >&2; return 1; }
	echo "    createPayment sent $sent times, one key" >&2
	got=$(demo_balance 590000000001)
	[ "$got" = $((b1 + 12345)) ] || { echo "    balance $got, expected $((b1 + 12345))" >&2; return 1; }
	paid=$(demo_api getPaymentHistory "{\"accountId\":\"$acc\",\"types\":[\"PAYMENT\"],\"limit\":200}" |
		grep -o '"amount":12345' | wc -l)
	[ "$paid" = 1 ] || { echo "    $paid payments of 123.45" >&2; return 1; }
}

# A change that is not money meets a fault: it is sent once, the screen says that
# whether it was done is not known, and the retries that follow are reads only.
test_a_change_is_never_sent_again_by_the_retries() {
	faulty_overview change 80x24 || return 1
	keys 3
	wait_for "perm_ivanov" 10 || return 1
	wait_for "Loaded at" 10 || return 1
	keys o
	wait_selected "Антивирус" || return 1
	fault 502 || return 1
	keys o
	wait_for "Connect the option \"Антивирус\" to Internet perm_ivanov?" 3 || return 1
	keys y
	wait_for "No answer: whether it was done is not known, so the screen is reloaded." 10 ||
		return 1
	# The warning stays in the bottom line until a key; the status row says why.
	wait_for "Not updated: The server or a proxy on the way to it failed (HTTP 502)." 10 ||
		return 1
	wait_count 502 getServiceInfo 2 || return 1
	fault pass || return 1
	wait_for "Back online." 40 || return 1
	[ "$(grep -c "^setServiceOption " "$PROXY_DIR/methods")" = 1 ] ||
		{ echo "    setServiceOption sent $(grep -c "^setServiceOption " "$PROXY_DIR/methods") times" >&2; return 1; }
	alive
}

# The subcommands under each fault: a line of their own that says what failed (never
# the proxy's page), exit status 1, and no longer than request_timeout for a hang.
# Enter on the autopay form's cards while they are still on their way chooses nothing:
# the pane says they are loading and the bottom line that the server is awaited.
test_enter_on_cards_still_loading_says_so() {
	start_faults cardsload || return 1
	printf 'set request_timeout = 0\n' >"$PROXY_DIR/config"
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 80x24 -- --config "$PROXY_DIR/config" || return 1
	wait_for_re "830[.,]50" 5 || return 1
	keys 5
	wait_for "590000000001" 5 || return 1
	fault hang getBoundCards || return 1
	keys a
	wait_for "New autopay rule: the account" 3 || return 1
	keys j Enter
	wait_for "Threshold: when the balance falls below" 3 || return 1
	keys Enter
	wait_for "Balance below (RUB)" 3 || return 1
	type_text "200"
	keys Tab
	type_text "500"
	keys Enter
	wait_for "Loading the cards..." 3 || return 1
	keys Enter
	wait_for "Waiting for the server..." 3 || return 1
	wait_for "Loading the cards..." 1 || return 1
	not_seen "Create a threshold autopay rule"
}

test_subcommands_under_faults() {
	start_faults sub || return 1
	real=$SERVER_URL
	SERVER_URL=$PROXY_URL
	for mode in 502 503 html truncated cutjson reset hang lose down; do
		fault "$mode" || return 1
		for cmd in balance "accounts --json"; do
			# shellcheck disable=SC2086
			subcommand -- --config "$PROXY_DIR/config" $cmd
			if [ "$STATUS" != 1 ] || [ -n "$OUT" ] || [ -z "$ERR" ]; then
				echo "    $mode $cmd: status $STATUS, out '$OUT', err '$ERR'" >&2
				SERVER_URL=$real
				return 1
			fi
			case $ERR in
			*"<"* | *nginx* | *"Bad Gateway"*)
				echo "    $mode $cmd: the page leaked: $ERR" >&2
				SERVER_URL=$real
				return 1 ;;
			esac
			safe_output "$TMP/err" || { SERVER_URL=$real; return 1; }
			[ "$(echo "$ERR" | wc -l)" = 1 ] || { echo "    $mode: $ERR" >&2; SERVER_URL=$real; return 1; }
		done
		echo "    $mode: $ERR" >&2
	done
	# Only the login's request failed: the session is what the faults hit first.
	fault 502 getAccounts || return 1
	subcommand -- --config "$PROXY_DIR/config" accounts --json
	SERVER_URL=$real
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -q "HTTP 502" ||
		{ echo "    accounts: $STATUS $ERR" >&2; return 1; }
}

run_tests
