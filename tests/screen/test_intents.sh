#!/bin/sh
# Money outlives its form and its process: an intent is written to
# the state directory before its first send and settled only by an answer of the
# server. A slow payment closed with Esc, a client killed at the 3-D Secure step, a
# transfer whose answer was lost: each is asked about (checkIdempotencyKey, or
# getPayment by its id), said in words on the overview and on screen 4, and never
# charged twice. tests/fake/faultproxy.py makes the line slow or loses answers.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo through the proxy, on the overview, with a state
# directory of its own (STATE) that a second client can be given (STATE=dir).
# TIMEOUT, when set, is its request_timeout (the proxy's config says 2 s).
intents_overview() {	# NAME SIZE [VAR=value...]
	name=$1
	size=$2
	shift 2
	start_faults "$name" || return 1
	[ -n "${TIMEOUT:-}" ] && printf 'set request_timeout = %s\n' "$TIMEOUT" >"$PROXY_DIR/config"
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

# A transfer whose answers are lost: the form is closed while its outcome is not known;
# the question about its key finds it done, once, and screen 4 says so.
test_a_lost_transfer_closed_is_settled_once() {
	intents_overview lost 100x30 || return 1
	fault lose transferFunds || return 1
	keys 4
	wait_for "Date" 10 || return 1
	keys t
	wait_for "Transfer between your accounts" 5 || return 1
	type_text 100
	keys Enter
	wait_for_re "Transfer 100\.00 RUB from account [0-9]+ to account [0-9]+\?" 3 || return 1
	from=$(capture | sed -n 's/.*Transfer 100\.00 RUB from account \([0-9]*\) to account.*/\1/p')
	to=$(capture | sed -n 's/.*Transfer 100\.00 RUB from account [0-9]* to account \([0-9]*\)?.*/\1/p')
	b1=$(demo_balance "$from")
	b2=$(demo_balance "$to")
	keys y
	wait_count lose transferFunds 1 || return 1
	wait_for "asking the server again in" 10 || return 1
	keys Escape
	wait_for_re "not known" 5 || return 1
	keys Escape
	wait_for_re "Transfer of 100\.00 RUB from $from to $to at [0-9]{2}:[0-9]{2}: done" 10 || return 1
	[ "$(demo_balance "$from")" = $((b1 - 10000)) ] || { echo "    source $(demo_balance "$from")" >&2; return 1; }
	[ "$(demo_balance "$to")" = $((b2 + 10000)) ] || { echo "    destination $(demo_balance "$to")" >&2; return 1; }
	[ "$(intents_kept)" = 0 ] || { echo "    the settled intent is still kept" >&2; return 1; }
	keys 1
	wait_for_re "Transfer of 100\.00 RUB .*: done" 5
}

# While the server cannot be asked, the intent stays unsettled, and a new payment to
# the same account is not sent: it offers to check the first one. Once the server
# answers, the first one is found never to have arrived: not paid, and nothing was.
test_an_unsettled_payment_is_checked_before_another() {
	intents_overview first 100x30 || return 1
	b1=$(demo_balance 590000000001)
	fault 502 createPayment checkIdempotencyKey || return 1
	pay_by_card 55 || return 1
	wait_for "asking the server again in" 10 || return 1
	keys Escape
	wait_for_re "not known" 5 || return 1
	keys Escape Escape
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: not known yet: the server did not answer" 10 ||
		return 1
	[ "$(intents_kept)" = 1 ] || { echo "    the intent was not kept" >&2; return 1; }
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	type_text 55
	keys Enter
	wait_for "2200 00** **** 0004" 5 || return 1
	keys Tab Tab
	keys Enter
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2} is not settled yet\. Check it now\?" 5 || return 1
	not_seen "by card 2200 00** **** 0004?" 1 || return 1
	fault pass || return 1
	keys y
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: not paid: nothing was charged" 10 || return 1
	[ "$(count pass createPayment)" = 0 ] || { echo "    a createPayment reached the server" >&2; return 1; }
	[ "$(demo_balance 590000000001)" = "$b1" ] || { echo "    balance $(demo_balance 590000000001)" >&2; return 1; }
	[ "$(intents_kept)" = 0 ]
}

# Two kabinet processes on one state directory: the second leaves alone what the
# first is still sending, and forgets it once the first settled it.
test_a_second_client_leaves_the_first_ones_payment_alone() {
	intents_overview two 100x30 || return 1
	first=$SESSION
	b1=$(demo_balance 590000000001)
	fault slow:20 createPayment || return 1
	pay_by_card 55 || return 1
	wait_count slow createPayment 1 || return 1
	login_as demo --no-keyring 100x30 XDG_STATE_HOME="$(dirname "$(dirname "$STATE")")" -- \
		--config "$PROXY_DIR/config" || return 1
	second=$SESSION
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: being sent by another kabinet" 10 || return 1
	[ "$(grep -c '^checkIdempotencyKey' "$PROXY_DIR/methods")" = 0 ] ||
		{ echo "    the second client asked about it" >&2; return 1; }
	SESSION=$first
	keys Escape
	wait_for_re "not known" 5 || return 1
	keys Escape Escape
	wait_for_re "55\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: paid" 10 || return 1
	SESSION=$second
	keys r
	wait_gone "being sent by another kabinet" 10 || return 1
	wait_for "$(money $((b1 + 5500)) en)" 10 || return 1
	[ "$(payments_of 590000000001 5500)" = 1 ]
}

# The card line while the bound cards load on a slow line: no "no bound cards" before
# they came, and a new card being typed meanwhile is not swapped away when they come.
test_a_new_card_typed_while_the_cards_load_stays() {
	TIMEOUT=10
	intents_overview cards 100x30 || return 1
	TIMEOUT=
	fault slow:3 getBoundCards || return 1
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	type_text 77
	keys Enter
	wait_for "< the bound cards are loading... >" 5 || return 1
	not_seen "no bound cards" 1 || return 1
	keys Tab
	type_text 4000000000000002
	wait_for "4000 0000 0000 0002" 2 || return 1
	wait_count slow getBoundCards 1 || return 1
	wait_for "< a new card >" 10 || return 1
	wait_for "4000 0000 0000 0002" 1 || return 1
	not_seen "< 2200 00** **** 0004" 1
}

# Esc while the bank's code is being checked: the code is already with the bank, and
# the client says so and asks what it decided; the payment is credited once.
test_esc_while_the_code_is_checked_tells_the_truth() {
	TIMEOUT=10
	intents_overview code 100x30 || return 1
	TIMEOUT=
	b1=$(demo_balance 590000000001)
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	type_text 88
	keys Enter
	wait_for "2200 00** **** 0004" 5 || return 1
	keys Space
	wait_for "a new card" 2 || return 1
	keys Tab
	type_text 4000000000000002
	keys Tab
	type_text 1230
	keys Tab
	type_text 123
	keys Tab Tab Tab Enter
	wait_for "Pay 88.00 RUB by card 4000 00** **** 0002?" 5 || return 1
	keys y
	wait_for "3-D Secure" 10 || return 1
	fault slow:3 confirmPayment getPayment || return 1
	code=$(outbox_code "$SERVER_DIR" "4000 00** **** 0002")
	type_text "$code"
	keys Enter
	wait_count slow confirmPayment 1 || return 1
	keys Escape
	wait_for "The code may already be with the bank: asking what it decided" 5 || return 1
	wait_for "Paid 88.00 RUB by card 4000 00** **** 0002." 15 || return 1
	[ "$(grep -c '^confirmPayment ' "$PROXY_DIR/methods")" = 1 ] || { echo "    the code went twice" >&2; return 1; }
	wait_count slow getPayment 1 || return 1
	[ "$(demo_balance 590000000001)" = $((b1 + 8800)) ] || { echo "    balance $(demo_balance 590000000001)" >&2; return 1; }
	[ "$(intents_kept)" = 0 ]
}

# The answer to a payment is lost, and its resend is refused because the session ended
# meanwhile (the password changed in another terminal): that refusal says nothing of
# the first send, so the intent is kept, and after the next login it is found paid —
# never forgotten, never paid twice.
test_a_resend_refused_for_an_ended_session_keeps_the_intent() {
	intents_overview ended 100x30 || return 1
	b1=$(demo_balance 590000000001)
	fault lose createPayment || return 1
	pay_by_card 44 || return 1
	wait_count lose createPayment 1 || return 1
	demo_api changePassword "{\"currentPassword\":\"$DEMO_PASSWORD\",\"newPassword\":\"Kabinet-2027\"}" |
		grep -q '"status":"OK"' || { echo "    the password did not change" >&2; return 1; }
	fault pass || return 1
	wait_for_re "Password|The session has ended" 20 || return 1
	[ "$(intents_kept)" = 1 ] || { echo "    the intent was not kept" >&2; return 1; }
	[ "$(payments_of 590000000001 4400)" = 1 ] || { echo "    not one payment of 44" >&2; return 1; }
	wait_for_re "Password" 5 || return 1
	type_text Kabinet-2027
	keys Enter
	wait_for_re "44\.00 RUB to 590000000001 at [0-9]{2}:[0-9]{2}: paid" 20 || return 1
	[ "$(intents_kept)" = 0 ] || { echo "    the settled intent is still kept" >&2; return 1; }
	[ "$(payments_of 590000000001 4400)" = 1 ] || { echo "    not one payment of 44" >&2; return 1; }
	[ "$(demo_balance 590000000001)" = $((b1 + 4400)) ]
}

run_tests
