#!/bin/sh
# Screen 7, Support: the demo request's thread read (and no longer marked as unread);
# a reply; a new request with two lines of Cyrillic typed in the multi-line editor,
# then closed after a confirmation; an answer of support (written to the database, as
# support staff do) marked on `r` until it is opened; a text over the API's limit
# refused by the counter before anything is sent; --read-only refusing c, R and x with
# nothing changed; `kabinet requests` as a table and as JSON. Every effect is checked
# through the API. 80x24, Russian and English.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo on screen 7 with the demo request listed.
on_support() {	# [VAR=value...] [-- kabinet arguments]
	login_as demo --no-keyring 80x24 "$@" || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10
}

# req1's row carries the unread mark (yes) or not (no).
marked() {
	i=0
	while [ $i -lt 50 ]; do
		if capture | grep -qE '^ \* +req1 '; then
			[ "$1" = yes ] && return 0
		elif capture | grep -qE '^   +req1 '; then
			[ "$1" = no ] && return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "    req1 marked unread should be: $1" >&2
	show_screen
	return 1
}

# A field of the request with ID, through the API (python expression on `r`).
req_field() {	# ID EXPR
	demo_api getRequest "{\"requestId\":\"$1\"}" |
		python3 -c 'import json, sys; r = json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}

requests_count() {
	demo_api getRequests | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["requests"]))'
}

test_read_the_demo_thread() {
	start_server thread || return 1
	on_support || return 1
	marked yes || return 1
	wait_for "in progress" 1 || return 1
	wait_for "1 with a new answer" 1 || return 1
	keys Enter
	wait_for "Request req1: Низкая скорость интернета" 5 || return 1
	wait_for "Status: in progress · account 590000000001" 1 || return 1
	wait_for_re "^ You · " 1 || return 1
	wait_for_re "^ Support · " 1 || return 1
	wait_for "Роутер перезагружал." 1 || return 1
	wait_for "Здравствуйте, Пётр Сергеевич!" 1 || return 1
	keys q
	wait_for "Last message" 5 || return 1
	marked no || return 1
	not_seen "with a new answer"
}

test_reply_in_russian() {
	start_server reply || return 1
	on_support LANG=ru_RU.UTF-8 || return 1
	keys Enter
	wait_for "Обращение req1: Низкая скорость интернета" 5 || return 1
	wait_for "Состояние: в работе" 1 || return 1
	keys R
	wait_for "Ответ на обращение req1" 5 || return 1
	wait_for "0 / 4000" 1 || return 1
	type_text "Спасибо, жду инженеров."
	wait_for "23 / 4000" 3 || return 1
	keys C-d
	wait_for "Ваш ответ на обращение req1 отправлен." 5 || return 1
	wait_for "Спасибо, жду инженеров." 1 || return 1
	[ "$(req_field req1 'len(r["messages"])')" = 3 ] || return 1
	[ "$(req_field req1 'r["messages"][2]["from"] + ":" + r["messages"][2]["text"]')" = \
		"USER:Спасибо, жду инженеров." ]
}

test_create_and_close_a_request() {
	start_server create || return 1
	on_support || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Счёт за октябрь"
	keys Tab Right Tab
	wait_for "< 590000000001 · Пермский край >" 3 || return 1
	type_text "Первая строка текста"
	keys Enter
	type_text "Вторая строка"
	wait_for "34 / 4000" 3 || return 1
	wait_for_re "^ Первая строка текста *$" 1 || return 1
	wait_for_re "^ Вторая строка *$" 1 || return 1
	keys C-d
	wait_for_re "Request [a-z0-9]+ was sent to support." 5 || return 1
	wait_for "Status: new · account 590000000001" 1 || return 1
	id=$(capture | sed -n 's/.*Request \([a-z0-9]*\) was sent to support.*/\1/p')
	[ -n "$id" ] || return 1
	[ "$(req_field "$id" 'r["topic"] + "|" + r["status"]')" = "Счёт за октябрь|NEW" ] || return 1
	[ "$(req_field "$id" 'r["accountId"]')" = "$(demo_account_id 590000000001)" ] || return 1
	[ "$(req_field "$id" 'repr(r["messages"][0]["text"])')" = "'Первая строка текста\\nВторая строка'" ] ||
		{ req_field "$id" 'repr(r["messages"][0]["text"])' >&2; return 1; }
	keys x
	wait_for "Close request $id?" 5 || return 1
	wait_for "Topic: Счёт за октябрь" 1 || return 1
	keys y
	wait_for "Request $id is closed." 5 || return 1
	wait_for "Status: closed" 1 || return 1
	[ "$(req_field "$id" 'r["status"]')" = CLOSED ] || return 1
	# A closed request takes no reply: said, nothing opened.
	keys R
	wait_for "Request $id is closed: it takes no more messages." 3
}

test_a_new_answer_is_unread_until_opened() {
	start_server answer || return 1
	on_support || return 1
	keys Enter
	wait_for "Request req1" 5 || return 1
	keys q
	marked no || return 1
	# Support staff answer in the database.
	sqlite3 "$SERVER_DIR/kabinet.db" "INSERT INTO request_messages (request_id, sender, at, text) VALUES ('req1', 'SUPPORT', strftime('%s', 'now'), 'Инженер приедет завтра с 10 до 12.')" ||
		return 1
	[ "$(req_field req1 'len(r["messages"])')" = 3 ] || return 1
	keys r
	marked yes || return 1
	wait_for "1 with a new answer" 1 || return 1
	keys Enter
	wait_for "Инженер приедет завтра с 10 до 12." 5 || return 1
	keys q
	marked no
}

test_too_long_a_text_is_refused_by_the_counter() {
	start_server long || return 1
	on_support || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Длинный текст"
	keys Tab Tab
	type_text "$(python3 -c 'print("ж" * 4001, end="")')"
	wait_for "4001 / 4000" 20 || return 1
	keys C-d
	wait_for "The text is 4001 characters long; support takes at most 4000." 5 || return 1
	# Nothing was sent; what was typed stays, and shortened it goes.
	[ "$(requests_count)" = 1 ] || return 1
	keys BSpace
	wait_for "4000 / 4000" 5 || return 1
	keys C-d
	wait_for_re "Request [a-z0-9]+ was sent to support." 5 || return 1
	[ "$(requests_count)" = 2 ]
}

test_read_only_refuses_create_reply_and_close() {
	start_server ro || return 1
	on_support LANG=ru_RU.UTF-8 -- --read-only || return 1
	keys c
	wait_for "Только чтение: действие «Написать в поддержку» запрещено." 3 || return 1
	not_seen "Новое обращение в поддержку" || return 1
	keys R
	wait_for "Только чтение: действие «Ответить на обращение» запрещено." 3 || return 1
	keys Enter
	wait_for "Обращение req1" 5 || return 1
	keys x
	wait_for "Только чтение: действие «Закрыть обращение» запрещено." 3 || return 1
	not_seen "Закрыть обращение req1?" || return 1
	[ "$(requests_count)" = 1 ] || return 1
	[ "$(req_field req1 'r["status"] + ":" + str(len(r["messages"]))')" = "IN_PROGRESS:2" ]
}

test_requests_subcommand() {
	start_server sub || return 1
	subcommand -- requests
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "$OUT" | grep -qE '^req1 +in progress +[A-Z][a-z]{2} [0-9]+, [0-9]{4} [0-9]{2}:[0-9]{2} +590000000001 +Низкая скорость интернета$' ||
		{ echo "    out: $OUT" >&2; return 1; }
	subcommand LANG=ru_RU.UTF-8 -- requests
	echo "$OUT" | grep -q '^req1 *в работе .*Низкая скорость интернета$' || { echo "    out: $OUT" >&2; return 1; }
	subcommand -- requests --json
	[ "$STATUS" = 0 ] || return 1
	echo "$OUT" | python3 -c 'import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 1, rows
r = rows[0]
assert r["requestId"] == "req1" and r["status"] == "IN_PROGRESS", r
assert r["topic"] == "Низкая скорость интернета" and r["accountNumber"] == "590000000001", r
assert r["lastMessageFrom"] == "SUPPORT" and r["messages"] == 2, r' || return 1
	safe_output "$TMP/out" || return 1
	# A request about no account: both accountId and accountNumber are null.
	demo_api createRequest '{"topic":"Без счёта","text":"Вопрос о тарифах"}' | grep -q '"requestId"' ||
		return 1
	subcommand -- requests --json
	[ "$STATUS" = 0 ] || return 1
	echo "$OUT" | python3 -c 'import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 2, rows
for r in rows:
    assert "accountId" in r and "accountNumber" in r, r
r = [r for r in rows if r["topic"] == "Без счёта"][0]
assert r["accountId"] is None and r["accountNumber"] is None, r' || return 1
	subcommand -- requests --bogus
	[ "$STATUS" = 2 ]
}

run_tests
