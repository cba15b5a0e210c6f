#!/bin/sh
# A screen whose load failed says so in its header as its bottom line does, by one
# rule of the loader (ui_load_header): kabinet behind
# tests/fake/faultproxy.py, whose answers to every screen's reads fail (an answer that
# is no JSON, or the API's own NOT_FOUND), on every screen with a load, at 80x24 and
# 120x40, in English and in Russian. The header never says "0 requests" nor
# "loading..." once the load failed; figures an older load left, kept while a refresh
# fails, are said to be not updated; a load that succeeds again gives the header back.
. "$(dirname "$0")/lib.sh"

# The reads of screens 3 to 8 (the overview's own, getAccounts and the balances, pass).
READS="getRequests getPaymentHistory getAutopayRules getFplStatus getProfile getDevices
getServiceInfo getAvailableTariffs"

# The words of the rule and the screens' titles in LANG ($1).
words() {
	case $1 in
	ru*)
		FAILED="не удалось загрузить"
		STALE="не обновлено"
		PARTLY="загружено не всё"
		LOADING="загрузка..."
		SUPPORT="Обращения в поддержку"
		AUTOPAY="Правила автоплатежа"
		BONUS="Бонусная программа"
		MEMBER="Бонусная программа: вы участник"
		PROFILE="Профиль"
		DEVICES="Запомненные устройства"
		ZERO="0 обращений"
		NO_ROWS="0 операций"
		ONE_REQUEST="1 обращение"
		ROWS="148 операций"
		A_MONTH="в месяц"
		HISTORY="вся история"
		;;
	*)
		FAILED="could not be loaded"
		STALE="not updated"
		PARTLY="not all loaded"
		LOADING="loading..."
		SUPPORT="Support requests"
		AUTOPAY="Autopay rules"
		BONUS="Bonus program"
		MEMBER="Bonus program: you are a member"
		PROFILE="Profile"
		DEVICES="Remembered devices"
		ZERO="0 requests"
		NO_ROWS="0 rows"
		ONE_REQUEST="1 request"
		ROWS="148 rows"
		A_MONTH="a month"
		HISTORY="the whole history"
		;;
	esac
}

# row_says ROW TEXT [SECONDS]: polls until row ROW of the screen (1: the top) has TEXT.
row_says() {
	hs_limit=$(( ${3:-15} * 10 ))
	hs_i=0
	while [ $hs_i -lt "$hs_limit" ]; do
		capture | sed -n "$1p" | grep -qF -- "$2" && return 0
		sleep 0.1
		hs_i=$((hs_i + 1))
	done
	echo "    row $1 does not say: $2" >&2
	show_screen
	return 1
}

# row_is ROW TEXT: polls until row ROW is TEXT and nothing more (a title whose load is
# done: no state after it).
row_is() {
	hs_i=0
	while [ $hs_i -lt 150 ]; do
		[ "$(capture | sed -n "$1p" | sed 's/^ *//; s/ *$//')" = "$2" ] && return 0
		sleep 0.1
		hs_i=$((hs_i + 1))
	done
	echo "    row $1 is not: $2" >&2
	show_screen
	return 1
}

# row_never ROW TEXT...: row ROW says none of the TEXTs.
row_never() {
	hs_row=$1
	shift
	for hs_word in "$@"; do
		if capture | sed -n "${hs_row}p" | grep -qF -- "$hs_word"; then
			echo "    row $hs_row says: $hs_word" >&2
			show_screen
			return 1
		fi
	done
}

# The reads of screens 3 to 8 fail as MODE says from now on: `raw` (a 200 whose body
# is no JSON: a fault, tried again by itself) or `notfound` (a considered answer).
reads_fail() {	# MODE
	# shellcheck disable=SC2086
	case $1 in
	raw) fault_edit '{"raw":"not json"}' $READS ;;
	*) fault "$1" $READS ;;
	esac
}

# The pane's first row is the screen's header (the title bar and the menu above it).
HEAD=3

# Each screen opened for the first time while its reads fail: the header says the load
# failed, with no count and no "loading...".
headers_of_a_failed_first_load() {
	keys 7
	row_says $HEAD "$SUPPORT — $FAILED" || return 1
	row_never $HEAD "$ZERO" "$LOADING" || return 1
	keys 4
	row_says $HEAD "$HISTORY" || return 1
	row_says $HEAD "$FAILED" || return 1
	row_never $HEAD "$NO_ROWS" "$LOADING" || return 1
	keys 5
	row_says $HEAD "$AUTOPAY — $FAILED" || return 1
	keys 6
	row_says $HEAD "$BONUS — $FAILED" || return 1
	# The profile the overview loaded stays, not presented as current; the devices
	# come with the profile's load only.
	keys 8
	row_says $HEAD "$PROFILE — $STALE" || return 1
	wait_for "$DEVICES — $FAILED" || return 1
	# The tariff line under the service's title, without its fee.
	keys 3
	row_says $((HEAD + 1)) "Домашний 300" || return 1
	row_says $((HEAD + 1)) "$FAILED" || return 1
	alive
}

# The server answers again: r on each screen gives the header its figures back.
headers_come_back() {
	fault pass || return 1
	keys 7 r
	row_says $HEAD "$ONE_REQUEST" || return 1
	row_never $HEAD "$FAILED" "$STALE" || return 1
	keys 4 r
	row_says $HEAD "$ROWS" || return 1
	row_never $HEAD "$FAILED" "$STALE" "$PARTLY" || return 1
	keys 5 r
	row_is $HEAD "$AUTOPAY" || return 1
	wait_for "590000000001" || return 1
	keys 6 r
	row_is $HEAD "$MEMBER" || return 1
	wait_for_re "1(,|$NNBSP)250" || return 1
	keys 8 r
	row_is $HEAD "$PROFILE" || return 1
	wait_for "$DEVICES" || return 1
	wait_gone "$DEVICES — " || return 1
	keys 3 r
	row_says $((HEAD + 1)) "$A_MONTH" || return 1
	row_never $((HEAD + 1)) "$FAILED" || return 1
}

# A refresh (r) of the screen in front that fails keeps what is shown and says it is
# not updated (or not all loaded, when a part of it came), never "0" nor "loading...".
refresh_fails() {	# MODE ROW SHOWN SAID
	reads_fail "$1" || return 1
	keys r
	row_says "$2" "$4" || return 1
	row_says "$2" "$3" || return 1
	row_never "$2" "$ZERO" "$NO_ROWS" "$LOADING" "$FAILED" || return 1
	fault pass
}

# Each screen loaded, then refreshed while its reads fail (a screen opened anew loads
# from nothing: what it showed goes with it).
headers_of_a_failed_refresh() {	# MODE
	refresh_fails "$1" $HEAD "$ONE_REQUEST" "— $STALE" || return 1
	keys 4
	row_says $HEAD "$ROWS" || return 1
	refresh_fails "$1" $HEAD "$ROWS" "— $STALE" || return 1
	keys 5
	row_is $HEAD "$AUTOPAY" || return 1
	wait_for "590000000001" || return 1
	# The autopay screen reads the accounts again too: that part came.
	refresh_fails "$1" $HEAD "$AUTOPAY" "— $PARTLY" || return 1
	keys 6
	row_is $HEAD "$MEMBER" || return 1
	refresh_fails "$1" $HEAD "$MEMBER" "— $STALE" || return 1
	keys 8
	row_is $HEAD "$PROFILE" || return 1
	wait_for "$DEVICES" || return 1
	wait_gone "$DEVICES — " || return 1
	refresh_fails "$1" $HEAD "$PROFILE" "— $STALE" || return 1
	keys 3
	row_says $((HEAD + 1)) "$A_MONTH" || return 1
	refresh_fails "$1" $((HEAD + 1)) "Домашний 300" "— $STALE" || return 1
	alive
}

# SIZE LANG MODE: the whole round on one client.
every_screen() {
	words "$2"
	start_faults "s$CLIENT_N" || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring "$1" LANG="$2" -- --config "$PROXY_DIR/config" || return 1
	reads_fail "$3" || return 1
	headers_of_a_failed_first_load || return 1
	headers_come_back || return 1
	keys 7
	row_says $HEAD "$ONE_REQUEST" || return 1
	headers_of_a_failed_refresh "$3"
}

test_every_screen_at_80x24_in_english_with_an_answer_that_is_no_json() {
	every_screen 80x24 en_US.UTF-8 raw
}

test_every_screen_at_120x40_in_english_with_not_found() {
	every_screen 120x40 en_US.UTF-8 notfound
}

test_every_screen_at_80x24_in_russian_with_not_found() {
	every_screen 80x24 ru_RU.UTF-8 notfound
}

test_every_screen_at_120x40_in_russian_with_an_answer_that_is_no_json() {
	every_screen 120x40 ru_RU.UTF-8 raw
}

# The screens opened from others follow the same rule: from screen 4 the bound cards
# (c), the invoices (i) and the promised payment (P), from screen 2 an account's
# details (Enter).
opened_screens() {	# SIZE LANG CARDS INVOICES PROMISED ACCOUNT
	words "$2"
	start_faults "op$CLIENT_N" || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring "$1" LANG="$2" -- --config "$PROXY_DIR/config" || return 1
	keys 4
	row_says $HEAD "$ROWS" || return 1
	fault notfound getBoundCards getInvoices getPromisedPaymentOffer getAccountInfo || return 1
	keys c
	row_says $HEAD "$3 — $FAILED" || return 1
	keys Escape
	row_says $HEAD "$ROWS" || return 1
	keys i
	row_says $HEAD "$4" || return 1
	row_says $HEAD "— $FAILED" || return 1
	keys Escape
	row_says $HEAD "$ROWS" || return 1
	keys P
	row_says $HEAD "$5" || return 1
	row_says $HEAD "— $FAILED" || return 1
	keys Escape 2
	row_says $((HEAD + 1)) "590000000001" || return 1
	keys Enter
	row_says $HEAD "$6 590000000001 — $FAILED" || return 1
	alive
}

test_opened_screens_at_80x24_in_english() {
	opened_screens 80x24 en_US.UTF-8 "Bound cards" "Invoices of account" "Promised payment: account" \
		"Account"
}

test_opened_screens_at_120x40_in_russian() {
	opened_screens 120x40 ru_RU.UTF-8 "Привязанные карты" "Счета на оплату" "Обещанный платёж: счёт" \
		"Лицевой счёт"
}

# Finding 10 as it was: screen 7 while its answer is not understood, and while it is
# still on the way: the header never says "0 requests" then.
test_support_while_loading_and_after_an_answer_not_understood() {
	words en_US.UTF-8
	start_faults slow || return 1
	# Time for the held answer (5 s) to come.
	printf 'set request_timeout = 20\n' >"$PROXY_DIR/config"
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 80x24 -- --config "$PROXY_DIR/config" || return 1
	fault slow:5 getRequests || return 1
	keys 7
	row_says $HEAD "$SUPPORT — $LOADING" || return 1
	row_says $HEAD "$ONE_REQUEST" || return 1
	fault_edit '{"raw":"not json"}' getRequests || return 1
	keys r
	wait_for "The server's answer could not be understood" || return 1
	row_says $HEAD "$ONE_REQUEST" || return 1
	row_says $HEAD "$STALE" || return 1
	row_never $HEAD "$ZERO" || return 1
	alive
}

run_tests
