#!/bin/sh
# Screen 4's sub-screens: the bound cards (unbinding the card that pays an autopay rule
# is explained), the invoices and one invoice's lines (against the API), a transfer
# between demo's accounts (checked to the kopeck through the API, an amount above the
# balance refused next to the field), a promised payment (its balance through the API,
# a second one refused in words), and --read-only refusing the forms before any
# request. Russian and English, 80x24 and 120x40.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo on screen 4, a row of 590000000001 selected (the forms
# are for the selected row's account).
on_payments() {	# SIZE [VAR=value...] [-- kabinet arguments]
	login_as demo --no-keyring "$@" || return 1
	keys 4
	wait_for_re "loaded|загружен" 10 || return 1
	keys /
	type_text "590000000001"
	keys Enter
	wait_selected "590000000001"
}




# "November 2026" / "ноябрь 2026" of YYYY-MM.
period_words() {
	python3 -c 'import sys
en = "January February March April May June July August September October November December".split()
ru = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
y, m = sys.argv[1].split("-")
print((ru if sys.argv[2] == "ru" else en)[int(m) - 1], y)' "$1" "$2"
}

# --- cards ---

test_cards_show_demos_card_and_unbinding_it_is_explained() {
	start_server cards || return 1
	on_payments 80x24 || return 1
	keys c
	wait_for "Bound cards" 5 || return 1
	wait_for "2200 00** **** 0004" 5 || return 1
	capture | grep "2200 00\*\* \*\*\*\* 0004" | grep "MIR" | grep -q "12/30" || { show_screen; return 1; }
	keys u
	wait_for "Unbind card 2200 00** **** 0004, MIR, expires 12/30?" 3 || return 1
	keys y
	# demo's card pays the MONTHLY rule: our words, not only the server's.
	wait_for "Card 2200 00** **** 0004 pays an autopay rule" 5 || return 1
	wait_for "delete the rule on screen 5" 1 || return 1
	keys Enter
	wait_gone "delete the rule on screen 5" 3 || return 1
	demo_api getBoundCards | grep -q '"mask":"2200 00\*\* \*\*\*\* 0004"'
}

test_cards_in_russian() {
	start_server cardsru || return 1
	on_payments 80x24 LANG=ru_RU.UTF-8 || return 1
	keys c
	wait_for "Привязанные карты" 5 || return 1
	wait_for "2200 00** **** 0004" 5 || return 1
	capture | grep "2200 00\*\* \*\*\*\* 0004" | grep -q "МИР" || { show_screen; return 1; }
	keys u
	wait_for "Отвязать карту 2200 00** **** 0004, МИР, действует до 12/30?" 3 || return 1
	keys y
	wait_for "Карта 2200 00** **** 0004 оплачивает автоплатёж" 5 || return 1
	wait_for "удалите правило на экране 5" 1
}

# Binding goes through 3-D Secure (the code from the outbox); the bound card is on the
# list and in the API, and unbinding it (no autopay pays with it) takes it off both.
test_bind_a_card_with_3ds_then_unbind_it() {
	start_server bind || return 1
	on_payments 80x24 || return 1
	keys c
	wait_for "2200 00** **** 0004" 5 || return 1
	keys b
	wait_for "Bind a card" 3 || return 1
	# English money in English: the rouble charged is 1.00 RUB, never "1 ₽".
	wait_for "1.00 RUB is charged and refunded at once" 3 || return 1
	not_seen "₽" || return 1
	type_text 4000000000000002
	keys Tab
	type_text 1230
	keys Tab
	type_text 123
	keys Tab Tab Enter
	wait_for "Bind card 4000 00** **** 0002?" 3 || return 1
	wait_for "1.00 RUB is charged and refunded at once; the bank may ask for a code." 1 ||
		return 1
	keys y
	wait_for "It confirms binding the card." 10 || return 1
	code=$(outbox_code "$SERVER_DIR" "4000 00** **** 0002")
	[ -n "$code" ] || { echo "    no 3-D Secure code in the outbox" >&2; return 1; }
	type_text "$code"
	keys Enter
	wait_for "Card 4000 00** **** 0002 is bound." 10 || return 1
	[ "$(demo_api getBoundCards | grep -o '"cardId"' | wc -l)" = 2 ] || { echo "    not bound" >&2; return 1; }
	keys Enter
	wait_for "4000 00** **** 0002" 5 || return 1
	keys G u
	wait_for "Unbind card 4000 00** **** 0002" 3 || return 1
	keys y
	wait_for "Card 4000 00** **** 0002 is unbound." 5 || return 1
	# Off the list (the bottom line still says what was done).
	i=0
	while capture | grep -v "is unbound" | grep -qF "4000 00** **** 0002"; do
		i=$((i + 1))
		[ $i -lt 30 ] || { echo "    still on the list" >&2; show_screen; return 1; }
		sleep 0.1
	done
	[ "$(demo_api getBoundCards | grep -o '"cardId"' | wc -l)" = 1 ] || { echo "    not unbound" >&2; return 1; }
}

# p on an unpaid invoice: the top-up form with its account and amount, straight at the
# card; once paid, the account is out of debt and the API marks the invoice paid.
test_pay_an_unpaid_invoice() {
	start_server payinv || return 1
	b1=$(demo_balance 590000000001)
	on_payments 80x24 || return 1
	keys i
	wait_for "Invoices of account 590000000001" 5 || return 1
	wait_for "! not paid" 5 || return 1
	amount=$(demo_api getInvoices "{\"accountId\":\"$(demo_account_id 590000000001)\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["invoices"][0]["amount"])')
	keys g p
	wait_for "Paying $(money "$amount" en) for 1 account" 5 || return 1
	# The bound card is in (until then the step offers a new card's form).
	wait_for "2200 00** **** 0004" 10 || return 1
	keys Tab Tab Enter
	wait_for "Pay $(money "$amount" en) by card 2200 00** **** 0004?" 3 || return 1
	capture | grep -q "590000000001" || { show_screen; return 1; }
	keys y
	wait_for "Paid $(money "$amount" en) by card 2200 00** **** 0004." 10 || return 1
	[ "$(demo_balance 590000000001)" = $((b1 + amount)) ] || { echo "    balance" >&2; return 1; }
	paid=$(demo_api getInvoices "{\"accountId\":\"$(demo_account_id 590000000001)\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["invoices"][0]["paid"])')
	[ "$paid" = True ] || { echo "    the invoice is not paid: $paid" >&2; return 1; }
}

# --- invoices ---

# check_invoices ru|en: the newest invoice of 590000000001 on the list, and its lines
# add up to its amount, as the API says.
check_invoices() {
	lang=$1
	wait_for_re "Invoices of account 590000000001|Счета на оплату: 590000000001" 5 || return 1
	first=$(demo_api getInvoices "{\"accountId\":\"$(demo_account_id 590000000001)\"}" |
		python3 -c 'import json, sys; i = json.load(sys.stdin)["invoices"][0]
print(i["invoiceId"], i["period"], i["amount"], "paid" if i["paid"] else "unpaid")')
	set -- $first
	inv=$1 period=$2 amount=$3 paid=$4
	words=$(period_words "$period" "$lang")
	wait_for "$words" 5 || return 1
	row=$(capture | grep -F "$words" | head -n 1)
	echo "$row" | grep -qF "$(money "$amount" "$lang")" || { show_screen; return 1; }
	if [ "$paid" = unpaid ]; then
		echo "$row" | grep -qE "! not paid|! не оплачен" || { show_screen; return 1; }
	fi
	keys g Enter
	wait_for_re "Total: |Итого: " 5 || return 1
	demo_api getInvoice "{\"invoiceId\":\"$inv\"}" >"$TMP/invoice.json"
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert sum(l["amount"] for l in d["lines"]) == d["amount"], "the lines do not add up"
for l in d["lines"]: print(l["amount"], l["description"])' "$TMP/invoice.json" >"$TMP/lines" || return 1
	while read -r kop desc; do
		capture | grep -F "$desc" | grep -qF "$(money "$kop" "$lang")" ||
			{ echo "    line $desc $kop" >&2; show_screen; return 1; }
	done <"$TMP/lines"
	capture | grep -qE "(Total|Итого): $(money "$amount" "$lang")" || { show_screen; return 1; }
}

test_invoices_and_the_lines_of_one() {
	start_server inv || return 1
	on_payments 80x24 || return 1
	keys i
	check_invoices en || return 1
	# Back to the list, and on to the next account.
	keys q
	wait_for "Status" 3 || return 1
	keys ]
	wait_for "Invoices of account 590000000002" 5 || return 1
	keys [
	wait_for "Invoices of account 590000000001" 5
}

test_invoices_in_russian_at_120x40() {
	start_server invru || return 1
	on_payments 120x40 LANG=ru_RU.UTF-8 || return 1
	keys i
	check_invoices ru
}

# --- transfers ---

test_transfer_between_demos_accounts_to_the_kopeck() {
	start_server tr || return 1
	b1=$(demo_balance 590000000001)
	b2=$(demo_balance 590000000002)
	on_payments 80x24 || return 1
	keys t
	wait_for "Transfer between your accounts" 5 || return 1
	wait_for "balance $(money "$b1" en)" 3 || return 1
	type_text "100.50"
	keys Enter
	wait_for "Transfer 100.50 RUB from account 590000000001 to account 590000000002?" 3 || return 1
	wait_for "The balance of 590000000001 becomes $(money $((b1 - 10050)) en)" 1 || return 1
	keys y
	wait_for "Transferred 100.50 RUB to 590000000002; 590000000001 has $(money $((b1 - 10050)) en) now." 5 ||
		return 1
	wait_gone "Transfer between your accounts" 3 || return 1
	[ "$(demo_balance 590000000001)" = $((b1 - 10050)) ] || { echo "    source: $(demo_balance 590000000001)" >&2; return 1; }
	[ "$(demo_balance 590000000002)" = $((b2 + 10050)) ] || { echo "    destination: $(demo_balance 590000000002)" >&2; return 1; }
}

test_transfer_above_the_balance_is_refused_next_to_the_field() {
	start_server trbig || return 1
	b1=$(demo_balance 590000000001)
	on_payments 80x24 LANG=ru_RU.UTF-8 || return 1
	keys t
	wait_for "Перевод между вашими счетами" 5 || return 1
	type_text "900"
	keys Tab
	wait_for "Больше, чем есть на счёте 590000000001: доступно $(money "$b1" ru)." 3 || return 1
	# What was typed stays.
	capture | grep "Сумма, ₽" | grep -q "900" || { show_screen; return 1; }
	# Sending it is refused before anything is asked.
	keys Enter
	not_seen "Перевести 900" || return 1
	# Another destination with the arrows, the amount still there.
	keys BTab Right
	wait_for "740000000003" 3 || return 1
	capture | grep "Сумма, ₽" | grep -q "900" || { show_screen; return 1; }
	[ "$(demo_balance 590000000001)" = "$b1" ]
}

# --- promised payments ---

test_promised_payment_and_a_second_one() {
	start_server pp || return 1
	b1=$(demo_balance 590000000001)
	on_payments 80x24 || return 1
	keys P
	wait_for "Promised payment: account 590000000001" 5 || return 1
	wait_for_re "From 1\.00 RUB to [0-9,.]+ RUB \(up to the account's monthly fee\)" 5 || return 1
	wait_for "for 5 days: it is taken back on" 1 || return 1
	# Prefilled with the most; checked as it is typed.
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "99999"
	wait_for_re "An amount from 1\.00 to [0-9,.]+ RUB" 2 || return 1
	keys BSpace BSpace BSpace BSpace BSpace
	type_text "200"
	wait_gone "An amount from 1.00 to" 2 || return 1
	keys Enter
	wait_for "Take a promised payment of 200.00 RUB on account 590000000001?" 3 || return 1
	keys y
	wait_for "Promised payment of 200.00 RUB taken: 590000000001 has $(money $((b1 + 20000)) en) now." 5 ||
		return 1
	[ "$(demo_balance 590000000001)" = $((b1 + 20000)) ] || return 1
	[ "$(demo_balance 590000000001 promisedPayment.amount)" = 20000 ] || return 1
	# A second one: refused in words.
	keys P
	wait_for "No promised payment now: one is active on the account already." 5
}

test_promised_payment_in_russian_on_another_account() {
	start_server ppru || return 1
	on_payments 120x40 LANG=ru_RU.UTF-8 || return 1
	keys P
	wait_for "Обещанный платёж: счёт 590000000001" 5 || return 1
	keys ]
	wait_for "Обещанный платёж: счёт 590000000002" 5 || return 1
	wait_for_re "От 1,00.₽ до [0-9 ,.]+.₽ \(не больше абонентской платы счёта\)" 5 || return 1
	wait_for "на 5 дней:" 1
}

# A credit account is offered no promised payment, and says why (profile other).
test_no_promised_payment_on_a_credit_account() {
	start_server credit || return 1
	login_as other --no-keyring 80x24 || return 1
	wait_for "660000000004" 5 || return 1
	keys P
	wait_for "Promised payment: account 660000000004" 5 || return 1
	wait_for "No promised payment now: the account is paid on credit, and promised payments" 5 ||
		return 1
	wait_for "are for advance accounts." 1
}

# --- read-only ---

test_read_only_refuses_the_forms_before_any_request() {
	start_server ro || return 1
	b1=$(demo_balance 590000000001)
	on_payments 80x24 -- --read-only || return 1
	keys t
	wait_for "Read-only mode: 'Transfer money between your accounts' is refused." 3 || return 1
	not_seen "Transfer between your accounts" || return 1
	keys P
	wait_for "Read-only mode: 'Take a promised payment' is refused." 3 || return 1
	not_seen "Promised payment:" || return 1
	# The command line goes the same way.
	keys :
	type_text "transfer"
	keys Enter
	wait_for "Read-only mode: 'Transfer money between your accounts' is refused." 3 || return 1
	keys c
	wait_for "2200 00** **** 0004" 5 || return 1
	keys u
	wait_for "Read-only mode: 'Unbind the bank card' is refused." 3 || return 1
	not_seen "Unbind card" || return 1
	# Nothing reached the server: the balance and the offer are as they were.
	[ "$(demo_balance 590000000001)" = "$b1" ] || return 1
	demo_api getPromisedPaymentOffer "{\"accountId\":\"$(demo_account_id 590000000001)\"}" |
		grep -q '"available":true' || return 1
	demo_api getBoundCards | grep -q '"cardId"'
}

run_tests
