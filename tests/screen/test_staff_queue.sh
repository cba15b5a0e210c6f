#!/bin/sh
# Screen tests of the staff's support queue (kabinet --staff, screen 1): a subscriber's
# new request in the queue after the older unanswered ones, waiting, with their name and account; its thread
# opened, answered with R in the multi-line editor as support1, the answer headed with
# the staff member's name; the answer then seen by the subscriber in another kabinet on
# screen 7, marked unread, and the notice in the outbox (80x24, vt100, Russian). a
# assigns it to me, s sets "waiting for the subscriber" (the subscriber's RESOLVED),
# then "closed" after a confirmation; a closed request refuses R, s and a with a
# message and nothing opened (120x40, English). Every effect is checked through the
# subscribers' API.
. "$(dirname "$0")/lib.sh"

STAFF_PASSWORD=Staff-2026

# new_request TOPIC TEXT: demo writes a request to support; prints its id.
new_request() {
	demo_api createRequest "{\"topic\":\"$1\",\"text\":\"$2\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["requestId"])'
}

# A field of demo's request ID, through the subscribers' API (python expression on r).
req_field() {	# ID EXPR
	demo_api getRequest "{\"requestId\":\"$1\"}" |
		python3 -c 'import json, sys; r = json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}

# on_queue SIZE [VAR=value...]: kabinet --staff logged in as support1 (password, then
# the authenticator's code from the server's data), on the queue once it loaded.
on_queue() {
	size=$1
	shift
	start_client "$size" "$@" -- --staff --server "$SERVER_URL" --login support1
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$STAFF_PASSWORD"
	keys Enter
	wait_for_re "Code|Код" 10 || return 1
	type_text "$("$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" code support1)"
	keys Enter
	wait_for_re "[0-9]+ (requests?|обращени)" 20
}

test_answered_and_seen_by_the_subscriber_russian_vt100() {
	start_server answer || return 1
	make_catalog
	id=$(new_request "Не работает IPTV" "Не показывает ни один канал") || return 1
	[ -n "$id" ] || return 1
	on_queue 80x24 LANG=ru_RU.UTF-8 TERM=vt100 || return 1
	# The demo's two older unanswered requests first, the longest waiting first; the
	# new one after them, with the subscriber's name; the answered one last.
	wait_for "3 ждут ответа" 5 || return 1
	rows=$(capture | grep -E "^ *(новое|в работе) " | awk '{ print $NF }' | tr '\n' ' ')
	capture | grep -E "^ *(новое|в работе) " | sed -n 1p | grep -q "Кузнецов Игорь" &&
		capture | grep -E "^ *(новое|в работе) " | sed -n 2p | grep -q "Смирнова Анна" || {
		echo "    the queue's order is wrong: $rows" >&2; show_screen; return 1; }
	wait_for_re "^ *новое +(меньше минуты|[0-9]+ мин) +Иванов Пётр.*Не работает IPTV" 5 || return 1
	keys j j
	keys Enter
	wait_for "Обращение $id: Не работает IPTV" 5 || return 1
	wait_for "Иванов Пётр Сергеевич · счёт 590000000001 · открыто" 3 || return 1
	wait_for "без исполнителя" 1 || return 1
	wait_for_re "^ Иванов Пётр Сергеевич · " 1 || return 1
	wait_for "Не показывает ни один канал" 1 || return 1
	keys R
	wait_for "Ответ на обращение $id" 5 || return 1
	wait_for "0 / 4000" 1 || return 1
	type_text "Здравствуйте! Перезагрузите приставку."
	keys Enter
	type_text "Если не поможет — напишите."
	keys C-d
	wait_for "Ваш ответ на обращение $id отправлен." 10 || return 1
	wait_for_re "^ Поддержка, Орлова Елена · " 5 || return 1
	wait_for "Перезагрузите приставку." 1 || return 1
	wait_for "в работе" 3 || return 1
	[ "$(req_field "$id" 'r["status"]')" = IN_PROGRESS ] || return 1
	[ "$(req_field "$id" 'r["messages"][1]["from"] + ":" + r["messages"][1]["author"]')" = \
		"SUPPORT:Орлова Елена" ] || return 1
	[ "$(req_field "$id" 'repr(r["messages"][1]["text"])')" = \
		"'Здравствуйте! Перезагрузите приставку.\\nЕсли не поможет — напишите.'" ] || return 1
	grep -q "Поддержка ответила на ваше обращение «Не работает IPTV»" "$SERVER_DIR/outbox.jsonl" ||
		return 1
	# Back on the queue: answered now.
	keys Escape
	wait_for_re "^ *в работе +отвечено +Иванов Пётр.*Не работает IPTV" 5 || return 1
	# The subscriber, in another kabinet: screen 7 marks the answer unread.
	login_as demo --no-keyring 80x24 LANG=ru_RU.UTF-8 TERM=vt100 || return 1
	keys 7
	wait_for "Не работает IPTV" 10 || return 1
	wait_for_re "^ \* +$id +Не работает IPTV" 3 || return 1
	# The demo's own request is unread too (a new client).
	wait_for "* 2 с новыми ответами" 1 || return 1
	keys Enter
	wait_for_re "^ Поддержка, Орлова Елена · " 5 || return 1
	wait_for "Если не поможет — напишите." 1
}

test_assign_status_and_closed_refused_english_120x40() {
	start_server status || return 1
	id=$(new_request "Счёт за ноябрь" "Пришёл двойной счёт") || return 1
	[ -n "$id" ] || return 1
	on_queue 120x40 || return 1
	wait_for_re "^ *new +(under a minute|[0-9]+ min) +Иванов Пётр Сергеевич +590000000001 +Счёт за ноябрь" 5 ||
		return 1
	wait_for "Enter open" 3 || return 1
	wait_for "a assign to me" 1 || return 1
	# After the demo's two older unanswered requests.
	keys j j
	# A staff reply is never kept as a draft on disk: closing one with text asks.
	keys R
	wait_for "Reply to request $id" 5 || return 1
	type_text "Про абонента: черновик"
	keys Escape
	wait_for "Discard what you typed?" 3 || return 1
	keys y
	wait_for "a assign to me" 3 || return 1
	[ -z "$(find "$CLIENT_HOME" -path '*draft*' -type f 2>/dev/null)" ] || {
		echo "    a staff reply was kept on disk" >&2; return 1; }
	keys a
	wait_for "Request $id is assigned to you." 5 || return 1
	wait_for_re "Счёт за ноябрь +Орлова Елена" 5 || return 1
	# Again: said, nothing sent.
	keys a
	wait_for "Request $id is assigned to you already." 3 || return 1
	keys s
	wait_for "Status of request $id" 3 || return 1
	wait_for "2  waiting for the subscriber" 1 || return 1
	wait_for "Enter set" 1 || return 1
	keys 2
	wait_for "Request $id is now waiting for the subscriber." 5 || return 1
	wait_for_re "^ *waiting for the subscriber +(under a minute|[0-9]+ min) +Иванов" 5 || return 1
	[ "$(req_field "$id" 'r["status"]')" = RESOLVED ] || return 1
	# In the thread: closed after a confirmation.
	keys Enter
	wait_for "Request $id: Счёт за ноябрь" 5 || return 1
	wait_for "assigned to Орлова Елена" 3 || return 1
	keys s
	wait_for "Status of request $id" 3 || return 1
	keys 3
	wait_for "Close request $id?" 3 || return 1
	wait_for "Topic: Счёт за ноябрь" 1 || return 1
	keys y
	wait_for "Request $id is now closed." 5 || return 1
	wait_for "Status: closed" 5 || return 1
	[ "$(req_field "$id" 'r["status"]')" = CLOSED ] || return 1
	# A closed request: R, s and a refused with a message, nothing opened, no hint.
	not_seen "R reply" || return 1
	keys R
	wait_for "Request $id is closed: it takes no reply, status or assignee." 3 || return 1
	not_seen "Reply to request" || return 1
	keys s
	not_seen "Status of request" || return 1
	keys q
	wait_for "Subscriber" 5 || return 1
	[ "$(req_field "$id" 'len(r["messages"])')" = 1 ]
}

run_tests
