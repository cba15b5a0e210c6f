#!/bin/sh
# Screen 4, Payments: the history of every account at 80x24 in English and Russian
# with signed amounts checked against the API, G to the last row (one page of demo's
# history; over the scale seed's, G and g one page each with the server's total in the
# header), the filter by account (with the balance column), by type and by period (a
# bad date said next to the field), search (on the server when the rows loaded do not
# have it), :date.
. "$(dirname "$0")/lib.sh"

# scale_seed NAME ROWS: the scale seed of ROWS rows on one account in $TMP/NAME, for
# start_server NAME.
scale_seed() {
	mkdir -p "$TMP/$1"
	"$KABINETD" admin seed --db "$TMP/$1/kabinet.db" scale --accounts 1 --history "$2" >/dev/null
}

# A client logged in as LOGIN on screen 4, its history loaded.
on_payments() {	# LOGIN SIZE [VAR=value...]
	login=$1
	shift
	login_as "$login" --no-keyring "$@" || return 1
	keys 4
	wait_for_re "all loaded|more below|загружено всё|ниже есть ещё" 10
}

# api_rows MEMBERS: getPaymentHistory's first page for the body's MEMBERS in
# $TMP/rows.json.
api_rows() {
	jar=$TMP/jar-pay
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	api "$SERVER_URL" "$jar" getPaymentHistory "{$1}" >"$TMP/rows.json"
}

row_field() {	# INDEX FIELD (of $TMP/rows.json; -1 the last)
	python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["items"][int(sys.argv[2])][sys.argv[3]])' "$TMP/rows.json" "$1" "$2"
}

# signed KOPECKS ru|en: the amount as the history shows it (+ before incoming money).
signed() {
	if [ "$1" -gt 0 ]; then
		printf '+%s' "$(money "$1" "$2")"
	else
		money "$1" "$2"
	fi
}

test_history_in_english_at_80x24() {
	start_server en || return 1
	on_payments demo 80x24 || return 1
	wait_for "all accounts · all types · the whole history" 1 || return 1
	wait_for "148 rows, all loaded" 1 || return 1
	for col in Date Account Type Description Amount; do
		capture | sed -n 4p | grep -q "$col" || { echo "    no column $col" >&2; show_screen; return 1; }
	done
	api_rows '"limit":2'
	d=$(row_field 0 description)
	a=$(row_field 0 amount)
	capture | sed -n 5p | grep -F "$(signed "$a" en)" | grep -qF "${d%% *}" ||
		{ echo "    the first row is not $a $d" >&2; show_screen; return 1; }
	# A charge: negative, with its minus sign.
	capture | grep "Charge" | grep -qF "$(money -137000 en)" || { show_screen; return 1; }
	# Too narrow for "Card payment": the type's short word, whole.
	capture | grep -q "Card pmt .*+" || { show_screen; return 1; }
}

test_history_in_russian_at_80x24() {
	start_server ru || return 1
	on_payments demo 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "все счета · все типы · вся история" 1 || return 1
	wait_for "148 операций, загружено всё" 1 || return 1
	for col in Дата Тип Описание Сумма; do
		capture | sed -n 4p | grep -q "$col" || { echo "    no column $col" >&2; show_screen; return 1; }
	done
	capture | grep "Списание" | grep -qF "$(money -137000 ru)" || { show_screen; return 1; }
	capture | grep "Опл. картой" | grep -qF "+" || { show_screen; return 1; }
}

test_bottom_reaches_the_last_row_of_demos_history() {
	start_server last || return 1
	on_payments demo 80x24 || return 1
	api_rows '"from":"1970-01-01","limit":200'
	d=$(row_field -1 date)
	a=$(row_field -1 amount)
	keys G
	wait_selected "$(signed "$a" en)" || return 1
	capture | grep -F "$(signed "$a" en)" | grep -q "$(echo "$d" | cut -c1-4)" ||
		{ echo "    the last row is not of $d" >&2; show_screen; return 1; }
	# And back to the top.
	keys g
	api_rows '"limit":1'
	wait_selected "$(signed "$(row_field 0 amount)" en)"
}

# 1 000 rows are five pages of 200: moving down asks for the next page; G asks for one
# page, the oldest, shown at the bottom, and the header counts in the server's total;
# moving up from there asks for the page above; g is one page again.
test_bottom_and_top_are_one_page_each() {
	scale_seed scale 1000 || return 1
	start_server scale || return 1
	on_payments scale 80x24 || return 1
	wait_for "1 of 1,000 · 200 rows, more below" 5 || return 1
	# Moving down within a screen of the end asks for the next page.
	keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
	wait_for "400 rows, more below" 5 || return 1
	keys G
	wait_for "1,000 of 1,000 · 200 rows, more above" 5 || return 1
	# The last row is the oldest: two years back.
	wait_selected "Dec" 5 || return 1
	keys PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage
	wait_for "400 rows, more above" 5 || return 1
	keys g
	wait_for "1 of 1,000 · 200 rows, more below" 5
}

# scroll_until KEY TEXT: KEY five at a time until the screen shows TEXT.
scroll_until() {
	i=0
	until capture | grep -qF -- "$2"; do
		i=$((i + 1)); [ $i -lt 200 ] || { show_screen; return 1; }
		keys "$1" "$1" "$1" "$1" "$1"
		sleep 0.1
	done
}

# 2 000 rows paged down through and back: the screen holds a window of six pages at
# most, the far ones dropped and asked for again when scrolled back to; the place in
# the total follows.
test_window_holds_a_few_pages() {
	scale_seed scale2k 2000 || return 1
	start_server scale2k || return 1
	on_payments scale 80x24 || return 1
	wait_for "200 rows, more below" 5 || return 1
	scroll_until NPage "all loaded" || return 1
	# The end is held: G moves there without a request.
	keys G
	wait_for_re "2,000 of 2,000 · 1,[0-2][0-9]{2} rows, all loaded" 5 || return 1
	scroll_until PPage " 1 of 2,000 " || return 1
	# The newest row selected, its page asked for again, the far end dropped.
	wait_for_re " 1 of 2,000 · 1,[0-2][0-9]{2} rows, more below" 5
}

# The scale seed's oldest row renamed: a search finds it on the server, its page never
# loaded; the filter form shows the text, and clearing it brings every row back.
test_search_finds_a_row_never_loaded() {
	scale_seed scale 1000 || return 1
	sqlite3 "$TMP/scale/kabinet.db" "UPDATE history SET description = 'Возврат за Редкую услугу'
		WHERE seq = (SELECT min(seq) FROM history)" || return 1
	start_server scale || return 1
	on_payments scale 80x24 || return 1
	wait_for "200 rows, more below" 5 || return 1
	keys /
	type_text "редкую"
	keys Enter
	wait_for "1 of 1 · 1 row, all loaded" 5 || return 1
	wait_selected "Возврат за Редкую" 5 || return 1
	# n stays on the one match; the form shows the text, and clears it.
	keys n f
	wait_for "Filter the history" 3 || return 1
	wait_for "редкую" 1 || return 1
	keys Down Down Down Down Down Down Down Down Down Down Down C-u Enter
	wait_for "1 of 1,000 · 200 rows, more below" 5
}

# :date lands on that day in one request: its newest row first, the period's end there.
test_date_command_jumps_to_a_day() {
	scale_seed scale 1000 || return 1
	want=$(sqlite3 "$TMP/scale/kabinet.db" "SELECT count(*) FROM history WHERE date <= '2025-03-01'
		AND date >= date('2025-03-01', '-365 days')")
	start_server scale || return 1
	on_payments scale 80x24 || return 1
	keys :
	type_text "date 2025-03-01"
	keys Enter
	wait_for "until Mar 1, 2025" 5 || return 1
	wait_for_re "1 of $(printf "%'d" "$want" 2>/dev/null || echo "$want") · " 5 || return 1
	capture | sed -n 5p | grep -q "Mar 1, 2025\|Feb 2[0-9], 2025" || { show_screen; return 1; }
	# A date that is none is refused with the usage.
	keys :
	type_text "date 2025-02-30"
	keys Enter
	wait_for "usage: date YYYY-MM-DD" 3
}

test_filter_by_account_shows_its_balance() {
	start_server acc || return 1
	on_payments demo 80x24 || return 1
	keys f
	wait_for "Filter the history" 3 || return 1
	keys Right
	wait_for "< 590000000001 >" 2 || return 1
	# Down to Apply: eight types, from, to.
	keys Down Down Down Down Down Down Down Down Down Down Down Enter
	# The place in the server's total goes first at 80 columns, and the period is cut.
	wait_for "1 of 50 · 50 rows, all loaded — account 590000000001 · all types · the whole" 5 ||
		return 1
	wait_for "all loaded" 5 || return 1
	not_seen "740000000003" || return 1
	# The balance after the newest row is the balance now (830,50).
	capture | sed -n 4p | grep -q "Balance" || { show_screen; return 1; }
	capture | sed -n 5p | grep -qF "$(money 83050 en)" || { show_screen; return 1; }
}

test_filter_by_type_and_period() {
	start_server types || return 1
	on_payments demo 80x24 LANG=ru_RU.UTF-8 || return 1
	keys f
	wait_for "Отбор истории" 3 || return 1
	# Every type off but Бонусы (the sixth).
	keys Down Space Down Space Down Space Down Space Down Space Down Down Space Down Space
	keys Down Enter
	wait_for "все счета · Бонусы · вся история" 5 || return 1
	wait_for "Оплата бонусами" 5 || return 1
	not_seen "Списание" || return 1
	# A period: a day the calendar has not is said next to the field and not applied.
	keys f
	wait_for "Отбор истории" 3 || return 1
	keys Down Down Down Down Down Down Down Down Down
	type_text "31.02.2025"
	keys Tab
	wait_for "Такого дня нет в календаре." 3 || return 1
	keys Up
	for i in 1 2 3 4 5 6 7 8 9 10; do keys BSpace; done
	type_text "01.01.2025"
	keys Down
	type_text "31.01.2025"
	keys Enter
	wait_for "с 01.01.2025 по 31.01.2025" 5 || return 1
	api_rows '"from":"2025-01-01","to":"2025-01-31","types":["BONUS"],"limit":200'
	n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$TMP/rows.json")
	if [ "$n" = 0 ]; then
		wait_for "За этот период платежей нет." 5
	else
		wait_for "$n операц" 5
	fi
}

test_next_account_shows_its_history() {
	start_server cycle || return 1
	on_payments demo 80x24 || return 1
	keys ]
	wait_for "account 590000000001" 5 || return 1
	wait_for_re "all loaded|more below" 5 || return 1
	capture | grep -q "590000000002" && { echo "    another account's row" >&2; show_screen; return 1; }
	keys ]
	wait_for "account 590000000002" 5 || return 1
	keys [ [
	wait_for "all accounts" 5
}

test_search_finds_a_row() {
	start_server search || return 1
	on_payments demo 80x24 || return 1
	keys /
	type_text "бонусами"
	keys Enter
	wait_selected "Bonuses" || return 1
	# The actions of screen 4 are for the selected row's account.
	keys i
	wait_for "Invoices of account 590000000001" 3
}

run_tests
