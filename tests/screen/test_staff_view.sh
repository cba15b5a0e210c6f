#!/bin/sh
# Screen tests of the staff's screen 2 and the read-only view (kabinet --staff), all at
# 80x24 over vt100: `:find 590000000001` lists Иванов Пётр Сергеевич with his masked
# contacts and accounts; Enter asks for the reason (too short said by the field), "T-1"
# opens the view: the subscriber's eight screens, each under the banner; `p` on the
# overview is refused and no change is offered nor ever sent (every request through
# the proxy is a read or the staff's own); Esc closes the view on the server and comes
# back to the list; the subscriber, logged in in another kabinet, finds the view on
# screen 8 → a. In Russian the banner fits 80 columns without the staff login, and q
# goes back. The reason form asks before dropping what was typed and shows the
# server's refusal by the field; a rate limit says when lookups are taken again; a
# view that ended (401) comes back to the list saying so.
. "$(dirname "$0")/lib.sh"

STAFF_PASSWORD=Staff-2026
NAME="Иванов Пётр Сергеевич"
# The subscribers' reads a view may call (docs/api.md, "Staff views").
READS="getProfile|getDevices|getAccounts|getAccountBalanceV2|getAccountInfo|getServiceTariffName"
READS="$READS|getServiceInfo|getAvailableTariffs|getUsage|getPaymentHistory|getPromisedPaymentOffer"
READS="$READS|getInvoices|getInvoice|getBoundCards|getPayment|getAutopayRules|getFplStatus"
READS="$READS|getRequests|getRequest|getAccessLog"
READS="$READS|getNotificationSettings"

# staff_code LOGIN: the current code of LOGIN's authenticator, from the server's data.
staff_code() {
	"$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" code "$1"
}

# staff_add LOGIN: a new support account (each test logs in as its own member: a code
# is taken once in its 30 seconds).
staff_add() {
	echo "$STAFF_PASSWORD" | "$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" add "$1" \
		--name "Сотрудник $1" --role support >/dev/null
}

# staff_in LOGIN [VAR=value...]: kabinet --staff at 80x24 over vt100 through the
# proxy, logged in as LOGIN (password, then the code), on the staff's screens.
staff_in() {
	login=$1
	shift
	start_client 80x24 TERM=vt100 "$@" -- --staff --server "$PROXY_URL" --login "$login"
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$STAFF_PASSWORD"
	keys Enter
	wait_for_re "Code|Код" 10 || return 1
	type_text "$(staff_code "$login")"
	keys Enter
	wait_for_re "(staff|сотрудник) $login" 10
}

# find_ivanov: `:find 590000000001`, the one subscriber found.
find_ivanov() {
	keys :
	type_text "find 590000000001"
	keys Enter
	wait_for_re "1 subscriber found|Найден 1 абонент" 10 || return 1
	wait_for_re "$NAME +\+7 \(922\) \*\*\*-\*\*-22 +d\*\*\*@kabinet\.examp.* 590000000001 \+2" 1
}

# banner TEXT: the top line is the view's banner TEXT.
banner() {
	top=$(capture | head -n 1)
	[ "$top" = " $1" ] && return 0
	echo "    the top line is [$top], not the banner [ $1]" >&2
	return 1
}

# only_reads: every request that went through the proxy was a subscriber's read or
# the staff's own (nothing that changes a subscriber's data was ever sent).
only_reads() {
	others=$(grep -vE "^($READS|staff[A-Za-z]+) " "$PROXY_DIR/methods")
	[ -z "$others" ] && return 0
	echo "    sent besides the reads: $others" >&2
	return 1
}

test_find_view_the_eight_screens_refuse_p_and_come_back() {
	staff_in support1 || return 1
	find_ivanov || return 1
	wait_for "Accounts of $NAME: 590000000001, 590000000002, 740000000003" 1 || return 1
	keys Enter
	wait_for "Open a read-only view of the cabinet" 5 || return 1
	wait_for "Subscriber: $NAME" 1 || return 1
	type_text "T"
	keys Enter
	wait_for "At least 3 characters." 3 || return 1
	type_text "-1"
	keys Enter
	wait_for "Updated at" 20 || return 1
	b="Viewing $NAME as support1 · T-1 · read-only · Esc: back"
	banner "$b" || return 1
	# Every change left out of the hints: q goes back, p pays nothing.
	wait_for "q back" 1 || return 1
	not_seen "p pay" || return 1
	for screen in "2 Home phone" "3 Tariffs" "4 all accounts · all types" "5 Autopay rules" \
		"6 Bonus program" "7 Низкая скорость интернета" "8 Two-step login" "1 Updated at"; do
		keys "${screen%% *}"
		wait_for "${screen#* }" 10 || return 1
		banner "$b" || return 1
	done
	not_seen "change to the selected one" || return 1
	# The notification settings are read in a view, never changed.
	keys 8 s
	wait_for "Low-balance threshold: 100" 10 || return 1
	banner "$b" || return 1
	keys Right
	wait_for "A read-only view of the cabinet: 'Change the notification settings' is refused." 3 ||
		return 1
	keys Escape 1
	wait_for "Updated at" 10 || return 1
	keys p
	wait_for "A read-only view of the cabinet: 'Top up an account' is refused." 3 || return 1
	not_seen "Amount" || return 1
	only_reads || return 1
	keys Escape
	wait_for "The view of $NAME is closed." 5 || return 1
	wait_for "1 subscriber found." 1 || return 1
	wait_for "kabinet · staff support1" 1 || return 1
	i=0
	until grep -q "^staffCloseView pass" "$PROXY_DIR/methods"; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "    staffCloseView was not sent" >&2; return 1; }
		sleep 0.1
	done
	only_reads || return 1
	stop_client
	# The subscriber sees the view, in another kabinet.
	login_as demo - 80x24 TERM=vt100 || return 1
	keys 8
	wait_for "Two-step login" 10 || return 1
	keys a
	wait_for "Who looked at my data · 2 views" 10 || return 1
	wait_for_re "Орлова Елена +T-1 *$" 1 || return 1
	wait_for "Reason: T-1" 1 || return 1
	# The methods in the order first called, which the loads' timing sets: the list
	# may wrap anywhere.
	wait_for "Looked at: " 1 || return 1
	wait_for_re "(^|[ ,])accounts \([0-9:]+\)" 1
}

test_the_view_in_russian_fits_80_columns() {
	staff_add support2 || return 1
	staff_in support2 LANG=ru_RU.UTF-8 || return 1
	find_ivanov || return 1
	keys Enter
	wait_for "Причина" 5 || return 1
	type_text "T-1"
	keys Enter
	wait_for "Обновлено в" 20 || return 1
	banner "Просмотр: $NAME · T-1 · только чтение · Esc: назад" || return 1
	keys p
	wait_for "Просмотр кабинета только для чтения: «Оплатить» недоступно." 3 || return 1
	only_reads || return 1
	keys q
	wait_for "Просмотр кабинета «$NAME» закрыт." 5 || return 1
	wait_for "Найден 1 абонент." 1
}

test_the_reason_form_the_limit_and_an_ended_view() {
	staff_add support3 || return 1
	staff_in support3 || return 1
	find_ivanov || return 1
	keys Enter
	wait_for "Open a read-only view of the cabinet" 5 || return 1
	type_text "T-9"
	keys Escape
	wait_for "Discard what you typed?" 3 || return 1
	keys n
	wait_for "Reason  T-9" 3 || return 1
	# The server's refusal stands by the field, the text kept.
	fault notfound staffOpenView || return 1
	keys Enter
	wait_for "This subscriber is not found any more: look them up again." 10 || return 1
	wait_for "Reason  T-9" 1 || return 1
	fault pass || return 1
	keys Escape
	wait_for "Discard what you typed?" 3 || return 1
	keys y
	wait_for "1 subscriber found." 3 || return 1
	# A rate limit says from when lookups are taken again.
	fault_edit '{"status":429,"headers":[["Retry-After","40"]],"raw":"{\"isError\":true,\"errorCode\":\"RATE_LIMITED\",\"errorMessage\":\"Too many requests\"}"}' \
		staffFindSubscribers || return 1
	keys r
	wait_for_re "Too many lookups: try again at [0-9]{2}:[0-9]{2}:[0-9]{2}\." 10 || return 1
	fault pass || return 1
	keys r
	wait_for "1 subscriber found." 10 || return 1
	# A view the server ended (401) comes back to the list, saying so.
	keys Enter
	wait_for "Open a read-only view of the cabinet" 5 || return 1
	type_text "T-10"
	keys Enter
	wait_for "Updated at" 20 || return 1
	fault_edit '{"status":401,"raw":"{\"isError\":true,\"errorCode\":\"UNAUTHORIZED\",\"errorMessage\":\"The view has ended\"}"}' \
		getAccounts || return 1
	keys r
	wait_for "The view has ended (15 minutes, or the staff session): open it again." 10 || return 1
	wait_for "1 subscriber found." 1 || return 1
	wait_for "kabinet · staff support3" 1
}

start_faults main || exit 1
run_tests
