#!/bin/sh
# Help and hints say what works here and now: under --read-only the bottom line of
# screen 4 offers no pay, transfer or promised payment, and F1 marks them refused; a
# closed request offers neither reply nor close; the top-up form's F1 and `?` list its
# own keys (Space, digits) and not the arrows of screen 4, while `?` typed into an
# amount stays in the amount; Enter on the pay form's card line pays with that card
# instead of swapping it for a new one. 80x24, English and Russian.
. "$(dirname "$0")/lib.sh"

# The bottom line as drawn.
bottom() {
	capture | tail -n 1
}

# bottom_has yes|no TEXT: the bottom line shows TEXT, or does not.
bottom_has() {
	if bottom | grep -qF -- "$2"; then
		[ "$1" = yes ] && return 0
		echo "    the bottom line should not offer: $2" >&2
	else
		[ "$1" = no ] && return 0
		echo "    the bottom line does not offer: $2" >&2
	fi
	show_screen
	return 1
}

test_read_only_hides_the_changes_and_help_marks_them() {
	start_server ro || return 1
	login_as demo --no-keyring 80x24 -- --read-only || return 1
	keys 4
	wait_for "Card payment" 10 || return 1
	wait_for "c cards" 3 || return 1
	for hint in "p pay" "t transfer" "P promised"; do
		bottom_has no "$hint" || return 1
	done
	bottom_has yes "i invoices" || return 1
	keys F1
	wait_for "Keys of the screen 'Payments'" 3 || return 1
	wait_for "Top up an account (refused: read-only)" 1 || return 1
	wait_for "Transfer money between your accounts (refused: read-only)" 1 || return 1
	wait_for "Take a promised payment (refused: read-only)" 1 || return 1
	capture | grep -F "Show the bound cards" | grep -qvF "refused" || return 1
	keys q
	wait_gone "Keys of the screen" 3
}

test_without_read_only_the_changes_are_offered() {
	start_server rw || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 4
	wait_for "Card payment" 10 || return 1
	wait_for "p pay  t transfer  P promised" 3 || return 1
	keys F1
	wait_for "Keys of the screen 'Payments'" 3 || return 1
	wait_for "Top up an account" 1 || return 1
	not_seen "refused"
}

test_read_only_in_russian() {
	start_server ro_ru || return 1
	login_as demo --no-keyring 80x24 LANG=ru_RU.UTF-8 -- --read-only || return 1
	keys 4
	wait_for "c карты" 10 || return 1
	bottom_has no "p оплатить" || return 1
	bottom_has no "t перевод" || return 1
	keys F1
	wait_for "Клавиши экрана «Платежи»" 3 || return 1
	wait_for "Оплатить (запрещено: только чтение)" 1
}

test_a_closed_request_offers_no_reply_or_close() {
	start_server closed || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10 || return 1
	wait_for "R reply  x close" 3 || return 1
	keys x
	wait_for "Close request req1?" 5 || return 1
	keys y
	wait_for "Request req1 is closed." 5 || return 1
	wait_for "closed" 3 || return 1
	bottom_has no "R reply" || return 1
	bottom_has no "x close" || return 1
	bottom_has yes "c new request" || return 1
	keys Enter
	wait_for "Status: closed" 5 || return 1
	bottom_has no "R reply" || return 1
	bottom_has no "x close" || return 1
	keys F1
	wait_for "Keys of the screen 'Support'" 3 || return 1
	wait_for "Create a support request" 1 || return 1
	not_seen "Reply to the request" || return 1
	not_seen "Close the request" || return 1
	not_seen "Go to the next field"
}

test_top_up_form_help_lists_its_own_keys() {
	start_server topup || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 4
	wait_for "Card payment" 10 || return 1
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	keys F1
	wait_for "Keys of the screen 'Top up'" 3 || return 1
	wait_for "Pick the account, or leave it out" 1 || return 1
	capture | grep -F "Pick the account" | grep -qF "Space" || { show_screen; return 1; }
	capture | grep -F "Type the amount of the account" | grep -qF "0-9" || { show_screen; return 1; }
	not_seen "Show the next account" || return 1
	not_seen "Right" || return 1
	not_seen "Top up an account" || return 1
	not_seen "Filter the history" || return 1
	keys Escape
	wait_gone "Keys of the screen" 3 || return 1
	wait_for "Top up: the accounts and amounts" 1 || return 1
	# `?` off a text field is the help too; the form stays as it was under it.
	keys ?
	wait_for "Keys of the screen 'Top up'" 3 || return 1
	keys ?
	wait_gone "Keys of the screen" 3 || return 1
	# In the amount, `?` is typed like any character and refused as an amount.
	type_text "12?"
	wait_for "12?" 3 || return 1
	not_seen "Keys of the screen" || return 1
	alive
}

test_top_up_form_help_in_russian_on_the_card_step() {
	start_server topup_ru || return 1
	login_as demo --no-keyring 80x24 LANG=ru_RU.UTF-8 || return 1
	keys p
	wait_for "Пополнение: счета" 5 || return 1
	keys Enter
	wait_for "Пополнение: карта" 5 || return 1
	wait_for "2200 00** **** 0004" 5 || return 1
	keys ?
	wait_for "Клавиши экрана «Пополнение»" 3 || return 1
	wait_for "Другая карта (в строке «Карта»)" 1 || return 1
	capture | grep -F "Другая карта" | grep -qF "Пробел, Left, Right" || { show_screen; return 1; }
	not_seen "Показать следующий счёт" || return 1
	keys F1
	wait_gone "Клавиши экрана" 3
}

test_enter_on_the_card_line_pays_with_that_card() {
	start_server cardline || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	keys Enter
	wait_for "Top up: the card" 5 || return 1
	wait_for "< 2200 00** **** 0004  MIR  12/30 >" 5 || return 1
	wait_for "Enter pay" 1 || return 1
	keys Enter
	wait_for "Pay 539.50 RUB by card 2200 00** **** 0004?" 3 || return 1
	keys n
	wait_gone "Pay 539.50 RUB by card" 3 || return 1
	# The card is still the bound one: Enter did not swap it; Space does.
	wait_for "< 2200 00** **** 0004  MIR  12/30 >" 1 || return 1
	not_seen "a new card" || return 1
	keys Space
	wait_for "< a new card >" 3
}

run_tests
