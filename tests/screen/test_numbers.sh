#!/bin/sh
# Numbers as a person types them, in English and in Russian: the payment's amount, the
# bonus points, autopay's day, a transfer and :pay. What the interface prints in the
# language is taken (1,500 and 1,500.00 in English; 1 500,50 in Russian); anything else
# — 1e12, -5, 12,5 points, 12 34, day 1e1, 99999999999999 — stays in the field as it
# was typed and is refused with one message naming the form and the range, in the
# language and its number format. Nothing is sent for a refused number.
. "$(dirname "$0")/lib.sh"

NBSP=$(printf '\302\240')	# before the rouble sign
EN_PAY="An amount from 1.00 to 15,000.00 RUB, e.g. 1,500.50."
EN_POINTS="A whole number from 1 to 1,000,000, e.g. 1,500."
RU_PAY="Сумма от 1,00 до 15${NNBSP}000,00${NBSP}₽, например 1 500,50."
RU_POINTS="Целое число от 1 до 1${NNBSP}000${NNBSP}000, например 1 500."

# The line with LABEL shows TEXT (what was typed, kept), polled.
line_shows() {	# LABEL TEXT
	i=0
	until capture | grep -F -- "$1" | grep -qF -- "$2"; do
		i=$((i + 1))
		[ $i -lt 30 ] || { echo "    $1: no '$2'" >&2; show_screen; return 1; }
		sleep 0.1
	done
}

# In the focused field (the line with LABEL): GOOD taken first, so that no message is
# left from before; then TEXT refused with MESSAGE and kept as typed.
refused() {	# LABEL GOOD TEXT MESSAGE
	keys C-u
	type_text "$2"
	wait_gone "$4" 3 || return 1
	keys C-u
	type_text "$3"
	wait_for "$4" 3 || return 1
	line_shows "$1" "$3"
}

test_money_and_points_in_english() {
	start_server numen || return 1
	b1=$(demo_balance 590000000001)
	login_as demo --no-keyring 80x24 || return 1
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	for bad in 1e12 -5 "12 34" 12,5 99999999999999 "1 500,50"; do
		refused 590000000001 100 "$bad" "$EN_PAY" || return 1
	done
	keys Enter
	wait_for "Check the amounts marked in red." 2 || return 1
	not_seen "Paying" || return 1
	# The form the screen prints is taken: 1,500 is 1,500.00 RUB.
	keys C-u
	type_text "1,500"
	wait_gone "$EN_PAY" 3 || return 1
	wait_for "Total: 1,500.00 RUB for 1 account" 2 || return 1
	keys Escape
	wait_for "Discard what you typed?" 3 || return 1
	keys y
	wait_gone "Top up: the accounts" 3 || return 1
	keys 6
	wait_for "You have 1,250 points" 5 || return 1
	keys s
	wait_for "Spend bonus points" 3 || return 1
	for bad in 12,5 -5 1e1 "12 34" 12.0; do
		refused Points 1 "$bad" "$EN_POINTS" || return 1
	done
	keys C-u
	type_text "1,250"
	wait_gone "$EN_POINTS" 3 || return 1
	wait_for "Afterwards account 590000000001 has $(money $((b1 + 125000)) en)" 3 || return 1
	keys Escape
	wait_for "Discard what you typed?" 3 || return 1
	keys y
	wait_gone "Spend bonus points" 3 || return 1
	# Autopay's day: 1e1 is no day, not the 11th.
	keys 5
	wait_for "Autopay rules" 5 || return 1
	wait_for "590000000001" 5 || return 1
	keys e
	wait_for "Day of the month (1-28)" 3 || return 1
	refused "Day of the month" 5 1e1 "A whole number from 1 to 28." || return 1
	keys Enter
	not_seen "Which card pays?" || return 1
	[ "$(demo_balance 590000000001)" = "$b1" ] || { echo "    the balance moved" >&2; return 1; }
	demo_api getAutopayRules | grep -q '"day":10' || { echo "    the rule changed" >&2; return 1; }
}

test_money_and_points_in_russian() {
	start_server numru || return 1
	login_as demo --no-keyring 120x40 LANG=ru_RU.UTF-8 || return 1
	keys p
	wait_for "Пополнение: счета и суммы" 5 || return 1
	# 1,500 is English: here a comma marks kopecks, and three of them are none.
	for bad in "12 34" 1e12 -5 1,500 1,500.00 99999999999999; do
		refused 590000000001 100 "$bad" "$RU_PAY" || return 1
	done
	keys C-u
	type_text "1 500,50"
	wait_gone "$RU_PAY" 3 || return 1
	wait_for "Итого: $(money 150050 ru | sed 's/.₽$//')" 2 || return 1
	keys Escape
	wait_for "Отбросить набранное?" 3 || return 1
	keys y
	wait_gone "Пополнение: счета" 3 || return 1
	keys 6
	wait_for "У вас 1${NNBSP}250 баллов" 5 || return 1
	keys s
	wait_for "Потратить бонусные баллы" 3 || return 1
	for bad in 12,5 -5 1.250 1e1; do
		refused Баллы 1 "$bad" "$RU_POINTS" || return 1
	done
	keys C-u
	type_text "1 250"
	wait_gone "$RU_POINTS" 3 || return 1
	wait_for "После этого на счёте 590000000001 будет" 3 || return 1
	[ "$(demo_api getFplStatus | python3 -c 'import json,sys; print(json.load(sys.stdin)["balance"])')" = 1250 ] ||
		{ echo "    points were spent" >&2; return 1; }
}

# A transfer's amount and :pay read the same way; :pay takes a grouped amount unquoted.
test_transfer_and_pay_command() {
	start_server numcmd || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys :
	type_text "pay 590000000002 1 500.50"
	keys Enter
	wait_for "Paying 1,500.50 RUB for 1 account" 5 || return 1
	keys Escape Escape
	wait_gone "Top up: the" 3 || return 1
	keys :
	type_text "pay 590000000002 1e12"
	keys Enter
	wait_for "'1e12': $EN_PAY" 3 || return 1
	not_seen "Top up: the" || return 1
	keys 4
	wait_for_re "loaded|loading" 10 || return 1
	keys t
	wait_for "Transfer between your accounts" 5 || return 1
	type_text "12 34"
	keys Tab
	wait_for "$EN_PAY" 3 || return 1
	line_shows "Amount (RUB)" "12 34" || return 1
	keys Enter
	not_seen "Transfer 12" || return 1
}

run_tests
