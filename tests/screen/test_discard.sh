#!/bin/sh
# Nothing typed is lost by one key: Esc, q, Ctrl-C, another screen or a quit on a form
# that holds typed text ask "Discard what you typed?" (No keeps the form as it was, Yes
# throws it away); a form with only what it opened with closes at once; Ctrl-C on a
# list asks to quit as q does, and never ends the program at once. A support reply is
# kept as a draft: through closing kabinet, kill -9 and a new start it is offered
# back, and sending it drops it. 80x24, English and Russian.
. "$(dirname "$0")/lib.sh"

on_support() {	# [VAR=value...]
	login_as demo --no-keyring 80x24 "$@" || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10
}

# The next client starts with this one's state directory (its drafts).
keep_state() {
	next=$TMP/home$((CLIENT_N + 1))
	mkdir -p "$next"
	cp -a "$CLIENT_HOME/state" "$next/"
}

test_esc_asks_and_no_keeps_the_text() {
	start_server esc || return 1
	on_support || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	# Nothing typed: Esc closes at once.
	keys Escape
	wait_for "Enter open" 5 || return 1
	not_seen "Discard what you typed?" || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Счёт за октябрь"
	keys Tab Tab
	type_text "Первая строка"
	wait_for "13 / 4000" 3 || return 1
	keys Escape
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_gone "Discard what you typed?" 5 || return 1
	wait_for "Счёт за октябрь" 1 || return 1
	# The focus stayed in the text: what is typed goes on after it.
	type_text " и вторая"
	wait_for "Первая строка и вторая" 3 || return 1
	# q is text here; Esc again, and yes throws it away.
	keys Escape
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_for "Enter open" 5 || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	wait_for "0 / 4000" 1 || return 1
	not_seen "Счёт за октябрь" || return 1
	not_seen "was restored"
}

test_ctrl_c_asks_and_never_ends_at_once() {
	start_server ctrlc || return 1
	on_support LANG=ru_RU.UTF-8 || return 1
	keys Enter
	wait_for "Обращение req1" 5 || return 1
	keys R
	wait_for "Ответ на обращение req1" 5 || return 1
	type_text "Спасибо"
	wait_for "7 / 4000" 3 || return 1
	keys C-c
	wait_for "Отбросить набранное?" 5 || return 1
	keys n
	wait_gone "Отбросить набранное?" 5 || return 1
	alive || return 1
	wait_for "Спасибо" 1 || return 1
	keys C-c
	wait_for "Отбросить набранное?" 5 || return 1
	keys y
	wait_for "Состояние: в работе" 5 || return 1
	# On the thread and the list, Ctrl-C is q with confirm_quit: it asks.
	keys C-c
	wait_for "Выйти из kabinet?" 5 || return 1
	keys n
	wait_gone "Выйти из kabinet?" 5 || return 1
	alive || return 1
	keys C-c
	wait_for "Выйти из kabinet?" 5 || return 1
	keys y
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ] || { echo "    exit status $EXIT_STATUS" >&2; return 1; }
}

# Leaving by another screen or a quit asks as well; a prefilled form that was not
# changed closes at once; the amount of a transfer counts, the accounts chosen do not.
test_other_forms_and_ways_out() {
	start_server forms || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 8
	wait_for "Иванов" 10 || return 1
	keys e
	wait_for "Last name" 5 || return 1
	keys Escape
	wait_gone "Last name" 5 || return 1
	not_seen "Discard what you typed?" || return 1
	keys e
	wait_for "Last name" 5 || return 1
	type_text "а"
	keys q
	wait_for "Ивановаq" 3 || return 1
	keys F1
	wait_for "Keys of the screen" 5 || return 1
	keys 4
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_for "Keys of the screen" 3 || return 1
	keys :
	type_text "quit"
	keys Enter
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_for "Keys of the screen" 3 || return 1
	alive || return 1
	keys F1
	wait_for "Ивановаq" 5 || return 1
	keys Escape
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_gone "Ивановаq" 5 || return 1
	[ "$(demo_api getProfile | python3 -c 'import json, sys; print(json.load(sys.stdin)["lastName"])')" = Иванов ] ||
		return 1
	# A transfer: choosing the accounts is no typing; an amount is.
	keys 4
	wait_for "Payments" 10 || return 1
	keys t
	wait_for "To account" 5 || return 1
	keys Escape
	wait_gone "To account" 5 || return 1
	not_seen "Discard what you typed?" || return 1
	keys t
	wait_for "To account" 5 || return 1
	type_text "12"
	keys Escape
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_for "To account" 3 || return 1
	# On the account choice q closes the form: asked too.
	keys BTab
	keys q
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_gone "To account" 5
}

# The login form: a password typed counts (and is never kept); Ctrl-C asks to
# discard it, and yes ends the program.
test_login_form_password_counts() {
	start_server login || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" 10 || return 1
	keys C-c
	wait_for "Quit kabinet?" 5 || return 1
	keys n
	wait_gone "Quit kabinet?" 5 || return 1
	type_text "secret"
	keys C-c
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_gone "Discard what you typed?" 5 || return 1
	alive || return 1
	keys C-c
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ] || return 1
	! grep -rq secret "$CLIENT_HOME/state" 2>/dev/null
}

# A reply kept as a draft: through the end of kabinet (SIGTERM), kill -9 and two new
# starts; sending it drops it.
test_reply_draft_survives_and_goes_when_sent() {
	start_server draft || return 1
	on_support || return 1
	keys Enter
	wait_for "Request req1" 5 || return 1
	keys R
	wait_for "Reply to request req1" 5 || return 1
	type_text "Роутер перезагружал дважды."
	wait_for "Text (draft kept at" 10 || return 1
	# Nothing of it is a command line or readable by others.
	f=$(find "$CLIENT_HOME/state/kabinet/drafts" -name 'reply-req1.json')
	[ -n "$f" ] || return 1
	[ "$(stat -c %a "$f")" = 600 ] || return 1
	grep -q "Роутер перезагружал дважды." "$f" || return 1
	kill -KILL "$(client_pid)"
	wait_exit 10 || return 1
	keep_state
	on_support || return 1
	keys Enter
	wait_for "Request req1" 5 || return 1
	keys R
	wait_for_re "A draft from [0-9]{2}:[0-9]{2} was restored" 5 || return 1
	wait_for "Роутер перезагружал дважды." 1 || return 1
	# Typed on after the text restored, then kabinet is told to end.
	type_text " Не помогло."
	wait_for "Не помогло." 3 || return 1
	kill -TERM "$(client_pid)"
	wait_exit 10 || return 1
	keep_state
	on_support || return 1
	keys Enter
	wait_for "Request req1" 5 || return 1
	keys R
	wait_for "was restored" 5 || return 1
	wait_for "Роутер перезагружал дважды. Не помогло." 1 || return 1
	# Another request's form has none of it.
	keys C-d
	wait_for "Your reply to request req1 was sent." 5 || return 1
	[ "$(demo_api getRequest '{"requestId":"req1"}' |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["messages"][-1]["text"])')" = \
		"Роутер перезагружал дважды. Не помогло." ] || return 1
	[ -z "$(find "$CLIENT_HOME/state/kabinet/drafts" -name 'reply-req1.json')" ] || return 1
	keys R
	wait_for "Reply to request req1" 5 || return 1
	wait_for "0 / 4000" 1 || return 1
	not_seen "was restored"
}

# Yes to the question on a quit throws the new request away: no draft is left behind.
test_quit_with_yes_drops_the_draft() {
	start_server quitdraft || return 1
	on_support || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Счёт за октябрь"
	keys Tab Tab
	type_text "Первая строка"
	wait_for "Text (draft kept at" 10 || return 1
	[ -n "$(find "$CLIENT_HOME/state/kabinet/drafts" -name 'new.json')" ] || return 1
	# Over the form (the help), Q quits, asked first.
	keys F1
	wait_for "Keys of the screen" 3 || return 1
	keys Q
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ] || { echo "    exit status $EXIT_STATUS" >&2; return 1; }
	[ -z "$(find "$CLIENT_HOME/state/kabinet/drafts" -name 'new.json')" ] || {
		echo "    the draft is still there" >&2
		return 1
	}
}

# A form over a list on a screen of the menu (the block form on screen 3): Ctrl-C
# cancels it, asked first, and never quits; another way to the same screen closes only
# what is over it, asking nothing; a new server is refused while the form holds text.
test_ctrl_c_cancels_a_form_on_a_menu_screen() {
	start_server blockform || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 3
	wait_for "Internet perm_ivanov · account 590000000001 · active" 10 || return 1
	wait_for "Loaded at" 10 || return 1
	keys b
	wait_for "Voluntary block" 5 || return 1
	type_text "2027-01-31"
	wait_for "2027-01-31" 3 || return 1
	keys C-c
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_gone "Discard what you typed?" 5 || return 1
	alive || return 1
	wait_for "2027-01-31" 1 || return 1
	# The help over the form, then 3: the help closes, the form stays as it was.
	keys F1
	wait_for "Keys of the screen 'Tariffs & services'" 3 || return 1
	keys 3
	wait_gone "Keys of the screen" 5 || return 1
	not_seen "Discard what you typed?" || return 1
	wait_for "2027-01-31" 1 || return 1
	keys F1
	wait_for "Keys of the screen 'Tariffs & services'" 3 || return 1
	keys :
	type_text "set server http://127.0.0.1:9"
	keys Enter
	wait_for "close the form first" 5 || return 1
	keys Escape
	wait_gone "Keys of the screen" 5 || return 1
	wait_for "2027-01-31" 1 || return 1
	keys C-c
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_gone "Voluntary block" 5 || return 1
	alive || return 1
	wait_for "Internet perm_ivanov · account 590000000001 · active" 3 || return 1
	# Off the form, Ctrl-C is q: it asks to quit.
	keys C-c
	wait_for "Quit kabinet?" 5 || return 1
	keys n
	wait_gone "Quit kabinet?" 5 || return 1
	alive
}

# The demo's server lives for one run: nothing typed under --demo is kept as a draft,
# not even when kabinet is told to end.
test_no_drafts_under_demo() {
	start_client 80x24 -- --demo
	wait_for "Logged in as demo" 20 || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10 || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Счёт за октябрь"
	wait_for "Счёт за октябрь" 3 || return 1
	kill -TERM "$(client_pid)"
	wait_exit 10 || return 1
	[ ! -e "$CLIENT_HOME/state/kabinet/drafts" ] || {
		find "$CLIENT_HOME/state/kabinet/drafts" >&2
		return 1
	}
}

# A draft that cannot be written is said, and what is typed stays in the form.
test_a_draft_not_written_is_said() {
	# The next client's drafts directory is a file: nothing can go under it.
	next=$TMP/home$((CLIENT_N + 1))
	mkdir -p "$next/state/kabinet"
	: >"$next/state/kabinet/drafts"
	start_server nodraft || return 1
	on_support || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Счёт за октябрь"
	wait_for "The draft could not be kept on disk" 10 || return 1
	wait_for "Счёт за октябрь" 1 || return 1
	not_seen "draft kept at" || return 1
	alive
}

run_tests
