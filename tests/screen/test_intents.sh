#!/bin/sh
# Money outlives its form and its process (issue 17, point 1): an intent is written to
# the state directory before its first send and settled only by an answer of the
# server. A slow payment closed with Esc, a client killed at the 3-D Secure step, a
# transfer whose answer was lost: each is asked about (checkIdempotencyKey, or
# getPayment by its id), said in words on the overview and on screen 4, and never
# charged twice. tests/fake/faultproxy.py makes the line slow or loses answers.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo through the proxy, on the overview, with a state
# directory of its own (STATE) that a second client can be given (STATE=dir).
intents_overview() {	# NAME SIZE [VAR=value...]
	name=$1
	size=$2
	shift 2
	start_faults "$name" || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring "$size" "$@" -- --config "$PROXY_DIR/config" || return 1
	wait_for_re "830[.,]50" 5 || return 1
	STATE=$CLIENT_HOME/state/kabinet/intents
}

# The intents kept on disk for this client: the files' count.
intents_kept() {
	find "$STATE" -name '*.json' 2>/dev/null | wc -l
}

# pay_by_card AMOUNT: on the overview with 590000000001 selected, p, the amount, the
# bound card, and Pay confirmed.
pay_by_card() {
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	type_text "$1"
	keys Enter
	wait_for "2200 00** **** 0004" 5 || return 1
	keys Tab Tab
	keys Enter
	wait_for "by card 2200 00** **** 0004?" 5 || return 1
	keys y
}

# payments_of NUMBER KOPECKS: how many PAYMENT rows of that amount the account has.
payments_of() {
	demo_api getPaymentHistory "{\"accountId\":\"$(demo_account_id "$1")\",\"types\":[\"PAYMENT\"],\"limit\":200}" |
		grep -o "\"amount\":$2[,}]" | wc -l
}

# The issue's first bullet: a payment on a slow line, Esc after a second, the form
# closed. The server did charge the card: the overview says so and shows the new
# balance, screen 4 too, and opening the form again does not pay twice by accident.
test_a_slow_payment_closed_with_esc_is_settled_once() {
	intents_overview slow 100x30 || return 1
	b1=$(demo_balance 590000000001)
	fault slow:4 createPayment || return 1
	pay_by_card 55 || return 1
	wait_count slow createPayment 1 || return 1
	keys Escape
	wait_for_re "not known" 5 || return 1
	[ "$(intents_kept)" = 1 ] || { echo "    no intent kept while not known" >&2; return 1; }
	keys Escape Escape
	wait_for "Updated at" 5 || return 1
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: paid" 10 || return 1
	got=$(demo_balance 590000000001)
	[ "$got" = $((b1 + 5500)) ] || { echo "    balance $got, expected $((b1 + 5500))" >&2; return 1; }
	wait_for "$(money $((b1 + 5500)) en)" 10 || return 1
	[ "$(intents_kept)" = 0 ] || { echo "    the settled intent is still kept" >&2; return 1; }
	[ "$(payments_of 590000000001 5500)" = 1 ] || { echo "    not one payment of 55" >&2; return 1; }
	keys 4
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: paid" 10
}

run_tests
