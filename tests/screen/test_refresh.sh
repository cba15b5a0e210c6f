#!/bin/sh
# What the screens show after a change is read again, on every screen that shows it:
# screen 4's history (its count and the new rows) after a payment and a transfer made
# from it; the overview's Promised column after a promised payment taken from it; the
# blocked service's warning gone once a payment paid the debt; an attached account's
# balance on screen 2 without the overview; the points and the balance after a bonus
# spend on screens 6, 2 and 1; autopay's next run after a payment made over screen 5;
# a payment with no answer read back all the same; and, after each kind of change in
# turn, screens 1, 2, 4, 5 and 6 agreeing with the API. Every figure is checked
# against the API. Russian and English, 80x24 and 120x40.
. "$(dirname "$0")/lib.sh"

# history_rows: how many rows demo's whole history has (one page of the API).
history_rows() {
	demo_api getPaymentHistory '{"from":"1970-01-01","limit":200}' |
		python3 -c 'import json, sys; d = json.load(sys.stdin)
assert not d.get("nextCursor"), "more than a page"
print(len(d["items"]))'
}

# short_date ISO ru|en: the date as a column shows it ("Dec 11", "11.12"; with the
# year when it is not this one's).
short_date() {
	python3 -c 'import sys, time
y, m, d = (int(x) for x in sys.argv[1][:10].split("-"))
mon = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[m - 1]
this = y == time.gmtime().tm_year
if sys.argv[2] == "ru": print("%02d.%02d" % (d, m) if this else "%02d.%02d.%04d" % (d, m, y))
else: print("%s %d" % (mon, d) if this else "%s %d, %04d" % (mon, d, y))' "$1" "$2"
}

# rows_said N ru|en: screen 4's count of N rows, all loaded.
rows_said() {
	if [ "$2" = ru ]; then
		python3 -c 'import sys; n = int(sys.argv[1])
f = "операция" if n % 10 == 1 and n % 100 != 11 else "операции" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "операций"
print("%d %s, загружено всё" % (n, f))' "$1"
	else
		echo "$1 rows, all loaded"
	fi
}

# A client logged in as demo on screen 4, the whole history loaded.
on_payments() {	# SIZE [VAR=value...]
	login_as demo --no-keyring "$@" || return 1
	keys 4
	wait_for_re "all loaded|загружено всё" 10
}

# pay_by_command NUMBER AMOUNT: `:pay`, then Pay with demo's bound card.
pay_by_command() {
	keys :
	type_text "pay $1 $2"
	keys Enter
	wait_for_re "Paying .* for 1 account|Оплата .* за 1 сч" 5 || return 1
	# The bound card is in (until then the step offers a new card's form).
	wait_for "2200 00** **** 0004" 10 || return 1
	keys Tab Tab Enter
	wait_for_re "Pay .* by card|Оплатить .* картой" 5 || return 1
	keys y
	wait_for_re "Paid .* by card|Оплачено .* картой" 10 || return 1
	keys Enter
	wait_gone "Top up: the" 3
}

test_a_payment_from_screen_4_shows_in_its_history_at_once() {
	start_server histpay || return 1
	n=$(history_rows)
	on_payments 80x24 || return 1
	wait_for "$(rows_said "$n" en)" 5 || return 1
	keys /
	type_text "590000000001"
	keys Enter
	wait_selected "590000000001" || return 1
	pay_by_command 590000000002 77 || return 1
	[ "$(history_rows)" = $((n + 1)) ] || { echo "    the API has $(history_rows) rows" >&2; return 1; }
	wait_for "$(rows_said $((n + 1)) en)" 5 || return 1
	# The new row is the first; the selection stays on the row it was on.
	capture | sed -n 5p | grep "590000000002" | grep "Card pmt" | grep -qF "+$(money 7700 en)" ||
		{ show_screen; return 1; }
	wait_selected "590000000001"
}

test_a_transfer_from_screen_4_shows_in_its_history_in_russian() {
	start_server histtr || return 1
	n=$(history_rows)
	on_payments 120x40 LANG=ru_RU.UTF-8 || return 1
	wait_for "$(rows_said "$n" ru)" 5 || return 1
	# A row of 590000000001: the transfer is from it (to 590000000002).
	keys /
	type_text "590000000001"
	keys Enter
	wait_selected "590000000001" || return 1
	keys t
	wait_for "Перевод между вашими счетами" 5 || return 1
	type_text "12,34"
	keys Enter
	wait_for "Перевести $(money 1234 ru) со счёта 590000000001 на счёт 590000000002?" 3 || return 1
	keys y
	wait_gone "Перевод между вашими счетами" 5 || return 1
	[ "$(history_rows)" = $((n + 2)) ] || { echo "    the API has $(history_rows) rows" >&2; return 1; }
	wait_for "$(rows_said $((n + 2)) ru)" 5 || return 1
	capture | grep "590000000002" | grep -qF "+$(money 1234 ru)" || { show_screen; return 1; }
	capture | grep "590000000001" | grep -qF "$(money -1234 ru)" || { show_screen; return 1; }
}

# P on the overview: the Promised column shows the amount and its date on the row, not
# an ellipsis, and the balance with it.
test_a_promised_payment_shows_in_the_overviews_column() {
	start_server promised || return 1
	b2=$(demo_balance 590000000002)
	login_as demo --no-keyring 120x40 || return 1
	not_seen "Promised" || return 1
	keys j
	wait_selected "590000000002" || return 1
	keys P
	wait_for "Promised payment: account 590000000002" 5 || return 1
	wait_for_re "From 1\.00 RUB to" 5 || return 1
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "250"
	keys Enter
	wait_for "Take a promised payment of 250.00 RUB on account 590000000002?" 3 || return 1
	keys y
	wait_gone "Promised payment: account" 5 || return 1
	[ "$(demo_balance 590000000002 promisedPayment.amount)" = 25000 ] || return 1
	back=$(short_date "$(demo_balance 590000000002 promisedPayment.expiresAt)" en)
	wait_for "Promised" 5 || return 1
	wait_for "$(money 25000 en) till $back" 5 || return 1
	capture | grep "590000000002" | grep -F "$(money $((b2 + 25000)) en)" |
		grep -qF "$(money 25000 en) till $back" || { show_screen; return 1; }
}

# Paying the debt of 740000000003 from the overview unblocks its internet: the
# warning goes, and screen 2 says it is active, without a refresh.
test_paying_a_debt_clears_the_blocked_warning() {
	start_server debt || return 1
	b3=$(demo_balance 740000000003)
	login_as demo --no-keyring 80x24 || return 1
	wait_for "740000000003: Internet chel_ivanova" 5 || return 1
	pay_by_command 740000000003 400 || return 1
	wait_for "$(money $((b3 + 40000)) en)" 5 || return 1
	wait_gone "is blocked for debt" 5 || return 1
	demo_api getAccounts | grep -q '"status":"BLOCKED"' && { echo "    still blocked in the API" >&2; return 1; }
	keys 2
	wait_for "740000000003" 5 || return 1
	capture | grep "chel_ivanova" | grep -q "+ active" || { show_screen; return 1; }
}

# An account just attached shows its balance on screen 2 at once: the overview is not
# visited after the attach.
test_an_attached_account_shows_its_balance_on_screen_2() {
	start_server attach || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 2
	wait_for "590000000001  Пермский край" 5 || return 1
	keys a
	wait_for "Attach an account: 1. region" 3 || return 1
	wait_for "Пермский край" 1 || return 1
	keys Enter
	wait_for "2. which account" 2 || return 1
	type_text "590000000010"
	keys Enter
	wait_for "3. the service to prove the right with" 5 || return 1
	keys Enter
	wait_for "4. the service's password" 2 || return 1
	type_text "Service-2026"
	keys Enter
	wait_for "Attach account 590000000010 to your profile?" 3 || return 1
	keys y
	wait_for "Account 590000000010 is attached." 5 || return 1
	keys Enter
	b=$(demo_balance 590000000010) || return 1
	[ -n "$b" ] && [ "$b" != None ] || { echo "    no balance in the API: $b" >&2; return 1; }
	wait_for "590000000010  Пермский край" 5 || return 1
	i=0
	until capture | grep "590000000010  Пермский край" | grep -qF "$(money "$b" en)"; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "    no balance $(money "$b" en) beside it" >&2; show_screen; return 1; }
		sleep 0.1
	done
}

# Points spent on screen 6: the points there, the account's balance on screen 2 (the
# overview not visited), then the overview's points and balance.
test_a_bonus_spend_shows_on_screens_6_2_and_1_in_russian() {
	start_server spend || return 1
	b1=$(demo_balance 590000000001)
	login_as demo --no-keyring 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 6
	wait_for "У вас 1${NNBSP}250 баллов" 5 || return 1
	keys s
	wait_for "Потратить бонусные баллы" 3 || return 1
	type_text 100
	keys Enter
	wait_for "Потратить 100 баллов на счёт 590000000001?" 3 || return 1
	keys y
	wait_for "У вас 1${NNBSP}150 баллов" 10 || return 1
	[ "$(demo_api getFplStatus | python3 -c 'import json, sys; print(json.load(sys.stdin)["balance"])')" = 1150 ] ||
		{ echo "    the API has other points" >&2; return 1; }
	[ "$(demo_balance 590000000001)" = $((b1 + 10000)) ] || { echo "    balance" >&2; return 1; }
	keys 2
	wait_for "590000000001  Пермский край" 5 || return 1
	capture | grep "590000000001  Пермский край" | grep -qF "$(money $((b1 + 10000)) ru)" ||
		{ show_screen; return 1; }
	keys 1
	wait_for "Бонусы: 1${NNBSP}150 баллов" 5 || return 1
	capture | grep "590000000001" | grep -qF "$(money $((b1 + 10000)) ru)" || { show_screen; return 1; }
}

# A payment made over screen 5 (:pay): the rule's next run follows the new balance.
test_autopays_next_run_follows_a_payment_at_120x40() {
	start_server autopay || return 1
	b1=$(demo_balance 590000000001)
	login_as demo --no-keyring 120x40 || return 1
	keys 5
	wait_for "at today's balance of $(money "$b1" en)" 5 || return 1
	capture | grep "590000000001" | grep -qF "$(money $((150000 - b1)) en)" || { show_screen; return 1; }
	pay_by_command 590000000001 100 || return 1
	wait_for "at today's balance of $(money $((b1 + 10000)) en)" 5 || return 1
	capture | grep "590000000001  monthly" | grep -qF "$(money $((150000 - b1 - 10000)) en)" ||
		{ show_screen; return 1; }
}

# A proxy in front of the server that loses the answers named; sets PROXY_URL, and
# SERVER_URL stays the server's.
start_proxy() {	# NAME [--drop METHOD]...
	dir=$TMP/proxy-$1
	shift
	mkdir -p "$dir"
	real=$SERVER_URL
	python3 "$(dirname "$0")/../fake/dropproxy.py" --upstream "$SERVER_URL" "$@" \
		>"$dir/stdout" 2>"$dir/log" &
	SERVER_PIDS="$SERVER_PIDS $!"
	wait_listening "$dir" dropproxy $! || return 1
	PROXY_URL=$SERVER_URL
	SERVER_URL=$real
}

# No answer to a payment, and Esc stops the asking: whether it went through is not
# known, so screen 4 reads its history again, and the server's row shows.
test_a_payment_with_no_answer_shows_in_the_history_all_the_same() {
	start_server paylost || return 1
	start_proxy paylost --drop createPayment --drop createPayment || return 1
	n=$(history_rows)
	b2=$(demo_balance 590000000002)
	CLIENT_URL=$PROXY_URL on_payments 80x24 || return 1
	wait_for "$(rows_said "$n" en)" 5 || return 1
	keys :
	type_text "pay 590000000002 66"
	keys Enter
	wait_for "Paying 66.00 RUB for 1 account" 5 || return 1
	# The bound card is in (until then the step offers a new card's form).
	wait_for "2200 00** **** 0004" 10 || return 1
	keys Tab Tab Enter
	wait_for "Pay 66.00 RUB by card 2200 00** **** 0004?" 3 || return 1
	keys y
	wait_for "asking the server again in 2 seconds, with the same key" 10 || return 1
	keys Escape
	wait_for "No answer, so whether it went through is not known." 3 || return 1
	[ "$(history_rows)" = $((n + 1)) ] || { echo "    the API has $(history_rows) rows" >&2; return 1; }
	# The balance beside the account in the form is read again too.
	keys Escape
	wait_for "Top up: the accounts and amounts" 3 || return 1
	wait_for "$(money $((b2 + 6600)) en)" 5 || return 1
	keys Escape
	wait_gone "Top up: the" 3 || return 1
	wait_for "$(rows_said $((n + 1)) en)" 5 || return 1
	# Closed while not known, it was asked about: said over the rows, and the new row
	# is the first under the header.
	wait_for_re "66\.00 RUB to 590000000002 at [0-9:]{5}: paid" 5 || return 1
	capture | sed -n '/Date  *Account/{n;p;}' | grep "590000000002" | grep -qF "+$(money 6600 en)" ||
		{ show_screen; return 1; }
}

# wait_line KEY TEXT: polls until one line of the screen has both.
wait_line() {
	i=0
	until capture | grep -F -- "$1" | grep -qF -- "$2"; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "    no line with $1 and $2" >&2; show_screen; return 1; }
		sleep 0.1
	done
}

# Screens 1, 2, 4, 5 and 6 each agree with the API: every balance of demo's accounts
# (and the promised payment of 590000000002, when there is one), the history's count,
# the autopay rule's balance, the points.
every_screen_agrees() {
	demo_api getAccounts | python3 -c 'import json, sys
for a in json.load(sys.stdin)["accounts"]: print(a["number"])' >"$TMP/numbers"
	keys 1
	while read -r number; do
		wait_line "$number" "$(money "$(demo_balance "$number")" en)" || return 1
	done <"$TMP/numbers"
	promised=$(demo_balance 590000000002 promisedPayment.amount)
	if [ "$promised" != None ]; then
		wait_line 590000000002 "$(money "$promised" en) till" || return 1
	fi
	keys 2
	while read -r number; do
		wait_line "$number  " "$(money "$(demo_balance "$number")" en)" || return 1
	done <"$TMP/numbers"
	keys 4
	wait_for "$(rows_said "$(history_rows)" en)" 5 || return 1
	keys 5
	wait_for "at today's balance of $(money "$(demo_balance 590000000001)" en)" 5 || return 1
	keys 6
	wait_for "You have $(demo_api getFplStatus | python3 -c 'import json, sys
print("{:,}".format(json.load(sys.stdin)["balance"]))') points" 5
}

# A payment, a transfer, a promised payment, points spent and an account attached, one
# after another: after each, every screen agrees with the API.
test_after_each_change_every_screen_agrees_with_the_api() {
	start_server every || return 1
	login_as demo --no-keyring 120x40 || return 1
	every_screen_agrees || return 1
	keys 4
	pay_by_command 590000000001 10 || return 1
	every_screen_agrees || return 1
	keys 4
	wait_for "all loaded" 5 || return 1
	keys /
	type_text "590000000001"
	keys Enter
	wait_selected "590000000001" || return 1
	keys t
	wait_for "Transfer between your accounts" 5 || return 1
	type_text "20"
	keys Enter
	wait_for "Transfer 20.00 RUB from account 590000000001 to account 590000000002?" 3 || return 1
	keys y
	wait_gone "Transfer between your accounts" 5 || return 1
	every_screen_agrees || return 1
	keys 1
	keys j
	wait_selected "590000000002" || return 1
	keys P
	wait_for "Promised payment: account 590000000002" 5 || return 1
	wait_for_re "From 1\.00 RUB to" 5 || return 1
	keys Enter
	wait_for "Take a promised payment of" 3 || return 1
	keys y
	wait_gone "Promised payment: account" 5 || return 1
	every_screen_agrees || return 1
	keys s
	wait_for "Spend bonus points" 3 || return 1
	type_text 30
	keys Enter
	wait_for "Spend 30 points on account 590000000001?" 3 || return 1
	keys y
	wait_gone "Spend bonus points" 5 || return 1
	every_screen_agrees || return 1
	keys 2 a
	wait_for "Attach an account: 1. region" 3 || return 1
	wait_for "Пермский край" 1 || return 1
	keys Enter
	wait_for "2. which account" 2 || return 1
	type_text "590000000010"
	keys Enter
	wait_for "3. the service to prove the right with" 5 || return 1
	keys Enter
	wait_for "4. the service's password" 2 || return 1
	type_text "Service-2026"
	keys Enter
	wait_for "Attach account 590000000010 to your profile?" 3 || return 1
	keys y
	wait_for "Account 590000000010 is attached." 5 || return 1
	keys Enter
	every_screen_agrees
}

run_tests
