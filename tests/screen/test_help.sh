#!/bin/sh
# Help and hints say what works here and now: under --read-only the bottom line of
# screen 4 offers no pay, transfer or promised payment, and F1 marks them refused; a
# closed request offers neither reply nor close; the top-up form's F1 and `?` list its
# own keys (Space, digits) and not the arrows of screen 4, while `?` typed into an
# amount stays in the amount; Enter on the pay form's card line pays with that card
# instead of swapping it for a new one, and the card step's hint says what Enter does
# where the focus is; the history's filter form, the tariffs' block form, login and
# registration list their own keys and none of the screen behind them. 80x24, English
# and Russian; login, registration and the filter form's help also at 60x20, where a
# long help text goes on below.
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
	wait_for "Card pmt" 10 || return 1
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
	wait_for "Card pmt" 10 || return 1
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
	wait_for "Card pmt" 10 || return 1
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

test_the_card_step_hint_follows_the_focus() {
	start_server cardhint || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys p
	wait_for "Top up: the accounts and amounts" 5 || return 1
	keys Enter
	wait_for "< 2200 00** **** 0004  MIR  12/30 >" 5 || return 1
	# The bound card's line: Enter pays.
	wait_for "Enter pay" 1 || return 1
	# A new card's line and its text fields: Enter goes on to the next field.
	keys Space
	wait_for "< a new card >" 3 || return 1
	wait_for "Enter next" 3 || return 1
	keys Tab
	wait_for "Card number" 1 || return 1
	bottom_has yes "Enter next" || return 1
	bottom_has no "Enter pay" || return 1
	keys BTab Space
	wait_for "< 2200 00** **** 0004  MIR  12/30 >" 3 || return 1
	wait_for "Enter pay" 3 || return 1
	# The receipt's field, then the Pay button.
	keys Tab
	wait_for "Enter next" 3 || return 1
	keys Tab
	wait_for "Enter pay" 3
}

test_filter_form_help_lists_only_its_keys() {
	start_server filterhelp || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 4
	wait_for "Card pmt" 10 || return 1
	keys f
	wait_for "Filter the history" 3 || return 1
	wait_for "Enter apply  Esc cancel" 3 || return 1
	keys F1
	wait_for "Keys of the screen 'Payments'" 3 || return 1
	wait_for "Tick or clear the type (on a type's line)" 1 || return 1
	capture | grep -F "Another account, or any" | grep -qF "Space, Left, Right" || { show_screen; return 1; }
	capture | grep -F "Apply the filter" | grep -qF "Enter" || { show_screen; return 1; }
	not_seen "Top up an account" || return 1
	not_seen "Show the next account" || return 1
	not_seen "Filter the history by" || return 1
	not_seen "Search this screen" || return 1
	not_seen "Quit kabinet" || return 1
	keys Escape
	wait_gone "Keys of the screen" 3 || return 1
	# Enter applies from the account's line too, as the form and its hint say.
	wait_for "Filter the history" 1 || return 1
	keys Right
	wait_for "< 590000000001 >" 2 || return 1
	keys Enter
	# The header may cut the period at 80 columns (the position in the total comes first).
	wait_for "account 590000000001 · all types · the whole " 5 || return 1
	# Behind the form, the list's own keys again.
	keys F1
	wait_for "Filter the history by account, type and period" 3 || return 1
	not_seen "Apply the filter"
}

test_filter_form_help_in_russian() {
	start_server filterhelp_ru || return 1
	login_as demo --no-keyring 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 4
	wait_for "c карты" 10 || return 1
	keys f
	wait_for "Отбор истории" 3 || return 1
	keys F1
	wait_for "Клавиши экрана «Платежи»" 3 || return 1
	wait_for "Отметить тип или снять отметку (в строке типа)" 1 || return 1
	wait_for "Применить отбор" 1 || return 1
	not_seen "Оплатить"
}

# At 60x20 a help text too long for its column goes on below rather than being cut.
test_filter_form_help_at_60x20_wraps() {
	start_server filterhelp60 || return 1
	login_as demo --no-keyring 60x20 LANG=ru_RU.UTF-8 || return 1
	keys 4
	wait_for "Платежи" 10 || return 1
	keys f
	wait_for "Отбор истории" 3 || return 1
	keys F1
	wait_for "Клавиши экрана «Платежи»" 3 || return 1
	wait_for "«Лицевой счёт»)" 1 || return 1
	wait_for "текстовом поле" 1 || return 1
	if capture | grep -F "в строке" | grep -qF "…"; then
		show_screen
		return 1
	fi
}

test_block_form_help_lists_only_its_keys() {
	start_server blockhelp || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 3
	wait_for "Internet perm_ivanov · account 590000000001 · active" 10 || return 1
	wait_for "Loaded at" 10 || return 1
	keys b
	wait_for "Voluntary block" 5 || return 1
	keys F1
	wait_for "Keys of the screen 'Tariffs & services'" 3 || return 1
	wait_for "Goes into the last day" 1 || return 1
	capture | grep -F "Go to the next or previous field" | grep -qF "Tab" || { show_screen; return 1; }
	not_seen "Change the tariff" || return 1
	not_seen "Go between the tariffs and the options" || return 1
	not_seen "Show the next service"
}

# login_help SIZE: the login form's help, then the registration's, in English.
login_help() {
	start_client "$1" -- --server "$SERVER_URL" --no-keyring
	wait_for "Password" 10 || return 1
	keys F1
	wait_for "Keys of the screen 'Login'" 3 || return 1
	wait_for "Goes into the login or the password" 1 || return 1
	capture | grep -F "Log in, from any field" | grep -qF "Enter" || { show_screen; return 1; }
	capture | grep -F "Register a new profile" | grep -qF "C-n" || { show_screen; return 1; }
	not_seen "Reload the data from the server" || return 1
	not_seen "Show the overview" || return 1
	not_seen "Log out" || return 1
	# No keyring: nothing to remember, so neither the key nor Space for it.
	not_seen "Remember" || return 1
	keys F1
	wait_gone "Keys of the screen" 3 || return 1
	keys C-n
	wait_for "Last name" 5 || return 1
	keys F1
	wait_for "Keys of the screen 'New profile'" 3 || return 1
	wait_for "Back to the step before; from the first, out" 1 || return 1
	not_seen "Register a new profile" || return 1
	not_seen "Recover a forgotten password" || return 1
	keys F1
	wait_gone "Keys of the screen" 3 || return 1
	alive
}

test_login_help_lists_its_own_keys() {
	start_server loginhelp || return 1
	login_help 80x24
}

test_login_help_lists_its_own_keys_at_60x20() {
	start_server loginhelp60 || return 1
	login_help 60x20
}

test_login_help_in_russian() {
	start_server loginhelp_ru || return 1
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL"
	wait_for "Пароль" 10 || return 1
	keys F1
	wait_for "Клавиши экрана «Логин»" 3 || return 1
	wait_for "Вводится в логин или пароль" 1 || return 1
	wait_for "Войти, из любого поля" 1 || return 1
	not_seen "Обновить данные"
}

# The account's invoice e-mail form: letters type there, so the help names no letter
# key for an action (F5 for a reload, not r).
test_email_form_help_names_no_letter_keys() {
	start_server emailhelp || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 2
	wait_for "Number or login" 5 || return 1
	keys /
	type_text "740000000003"
	keys Enter Enter
	wait_for "Account 740000000003" 3 || return 1
	keys e
	wait_for "Send invoices here" 5 || return 1
	keys F1
	wait_for "Keys of the screen 'Account'" 3 || return 1
	capture | grep -F "Reload the data from the server" | grep -qF "F5" || { show_screen; return 1; }
	! capture | grep -F "Reload the data from the server" | grep -qF "r," || { show_screen; return 1; }
}

# ? on the region field (a list, not typed into) opens the help, not the list.
test_question_mark_on_the_region_field_opens_the_help() {
	start_server regionhelp || return 1
	login_as demo - 80x24 || return 1
	keys 8
	wait_for "Two-step login" 5 || return 1
	keys e
	wait_for "Edit the personal data" 5 || return 1
	keys Tab Tab Tab
	keys ?
	wait_for "Keys of the screen" 3 || return 1
	not_seen "Find:" || return 1
	keys Escape
	wait_for "Edit the personal data" 3 || return 1
	not_seen "Find:"
}

run_tests
