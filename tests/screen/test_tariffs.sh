#!/bin/sh
# Screen tests of screen 3, Tariffs & services: the header and the tariffs side by
# side, a tariff change and its pending state, an option on and off, a voluntary block
# (a bad date refused next to the field) and its removal, the usage chart over 7, 30
# and 90 days, ] and [ between services, search, read-only, and the 80x24 and 120x40
# looks in Russian and English. Each change is also checked through the API. Tests
# that change something get a server of their own.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo, on screen 3. Extra arguments as in test_screen.sh.
on_tariffs() {	# SIZE [VAR=value...] [-- kabinet arguments]
	login_as demo - "$@" || return 1
	wait_for "740000000003" 10 || return 1
	keys 3
	wait_for "perm_ivanov" 10 || return 1
	wait_for_re "Loaded at|Загружено в" 10
}


# service_id NUMBER: the id of demo's service with that number (ids are opaque).
service_id() {
	demo_api getAccounts | python3 -c '
import json, sys
for a in json.load(sys.stdin)["accounts"]:
    for s in a["services"]:
        if s["number"] == sys.argv[1]:
            print(s["serviceId"])' "$1"
}

# info NUMBER EXPR: the Python expression EXPR of getServiceInfo's answer `s` for
# demo's service NUMBER.
info() {
	demo_api getServiceInfo "{\"serviceId\":\"$(service_id "$1")\"}" |
		python3 -c 'import json, sys; s = json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}

# expect WHAT GOT WANTED: says what differs.
expect() {
	[ "$2" = "$3" ] && return 0
	echo "    $1: got '$2', wanted '$3'" >&2
	return 1
}

# Nothing of the screen is wider or taller than the window.
fits() {	# COLS ROWS
	capture | python3 -c '
import sys, unicodedata
lines = sys.stdin.read().rstrip("\n").split("\n")
wide = lambda c: 2 if unicodedata.east_asian_width(c) in "WF" else 1
sys.exit(0 if len(lines) <= int(sys.argv[2]) and
         all(sum(wide(c) for c in l) <= int(sys.argv[1]) for l in lines) else 1)' "$1" "$2" ||
		{ echo "    the screen does not fit $1x$2" >&2; show_screen; return 1; }
}

# A date N days from today as the screen writes it: day N ru|iso|en.
day() {
	case $2 in
	ru) date -u -d "$1 days" +%d.%m.%Y ;;
	iso) date -u -d "$1 days" +%Y-%m-%d ;;
	en) date -u -d "$1 days" "+%b %-d, %Y" ;;
	esac
}

test_header_and_tariffs_in_russian_at_80x24() {
	on_tariffs 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "Интернет perm_ivanov · счёт 590000000001 · активна" 3 || return 1
	wait_for "< 1/5 >" 1 || return 1
	wait_for "Тариф «Домашний 300»: $(money 65000 ru) в месяц, с опциями $(money 80000 ru)" 1 ||
		return 1
	# Side by side: fee, the difference, speed and its difference; the current one marked.
	wait_for_re "Тариф +В месяц +± +Скорость +±" 1 || return 1
	capture | grep "Домашний 500" | grep -F "$(money 85000 ru)" | grep -F "+$(money 20000 ru)" |
		grep -qF "+200 Мбит/с" || { show_screen; return 1; }
	capture | grep "Домашний 100" | grep -qF "−$(money 10000 ru)" || return 1
	capture | grep "Домашний 300" | grep -qF "текущий" || return 1
	wait_selected "Домашний 300" || return 1
	wait_for "Опции" 1 || return 1
	capture | grep "Статический IP" | grep -F "[x]" | grep -qF "подключена" || return 1
	capture | grep "Антивирус" | grep -F "[ ]" | grep -qF "$(money 9900 ru)" || return 1
	wait_for "c тариф  o опция  b блокировка  u расход" 1 || return 1
	fits 80 24
}

test_header_and_tariffs_in_english() {
	on_tariffs 80x24 -- --lang en || return 1
	wait_for "Internet perm_ivanov · account 590000000001 · active" 3 || return 1
	wait_for "Tariff \"Домашний 300\": 650.00 RUB a month, 800.00 RUB with the options" 1 ||
		return 1
	capture | grep "Гигабит" | grep -F "1,100.00 RUB" | grep -F "+450.00 RUB" |
		grep -qF "+700 Mbit/s" || { show_screen; return 1; }
	capture | grep "Домашний 300" | grep -qF "current" || return 1
	fits 80 24 || return 1
	# Enter: all a tariff says of itself, the description too.
	keys Enter
	wait_for "The service's tariff now." 3 || return 1
	wait_for "Description: Домашний интернет до 300 Мбит/с для всей семьи" 1 || return 1
	keys Enter j Enter
	wait_for "Difference: +200.00 RUB" 3 || return 1
	wait_for "c: change to this tariff" 1
}

# c on a tariff: a confirmation with the new fee and tomorrow; afterwards the pending
# change in the header and the list until billing applies it.
test_change_tariff_and_its_pending_state() {
	start_server change || return 1
	on_tariffs 80x24 LANG=ru_RU.UTF-8 || return 1
	# The current one says so instead of asking.
	keys c
	wait_for "«Домашний 300» — уже тариф услуги Интернет perm_ivanov." 3 || return 1
	keys j
	wait_selected "Домашний 500" || return 1
	keys c
	wait_for "Сменить тариф услуги Интернет perm_ivanov?" 3 || return 1
	wait_for "Новый тариф: «Домашний 500», $(money 85000 ru) в месяц (+$(money 20000 ru))" 1 ||
		return 1
	wait_for "Он начнёт действовать завтра, $(day 1 ru);" 1 || return 1
	wait_for "до тех пор остаётся «Домашний 300»." 1 || return 1
	keys y
	wait_for "С $(day 1 ru) тариф услуги Интернет perm_ivanov — «Домашний 500»." 5 || return 1
	wait_for "тариф станет «Домашний 500», $(money 85000 ru) в месяц." 3 || return 1
	capture | grep "Домашний 500" | grep -qE "с [0-9]{2}\.[0-9]{2}" || { show_screen; return 1; }
	expect pendingTariff "$(info perm_ivanov 's["pendingTariff"]["tariffId"]')" tar_inet500 || return 1
	expect effectiveFrom "$(info perm_ivanov 's["pendingTariff"]["effectiveFrom"]')" "$(day 1 iso)" ||
		return 1
	expect tariff "$(info perm_ivanov 's["tariff"]["tariffId"]')" tar_inet300 || return 1
	# Choosing it again says it is chosen already; nothing is asked.
	keys c
	wait_for "«Домашний 500» уже выбран" 3 || return 1
	not_seen "Сменить тариф услуги" || return 1
	# The pending change stays when coming back, without r.
	keys 1
	wait_for "590000000002" 5 || return 1
	keys 3
	wait_for "тариф станет «Домашний 500»" 5
}

# Esc while a change is in flight: whether it was done is not known, so the service is
# read again and shows what the server has (here the change went through).
test_escape_during_a_change_reads_the_service_again() {
	start_server slow --delay-ms 800 || return 1
	on_tariffs 80x24 -- --lang en || return 1
	keys j c
	wait_for "Change the tariff of Internet perm_ivanov?" 5 || return 1
	keys y
	wait_for "Waiting for the server" 3 || return 1
	keys Escape
	wait_for "Cancelled: whether it was done is not known, so the screen is reloaded." 3 ||
		return 1
	wait_for "the tariff becomes \"Домашний 500\"" 10 || return 1
	expect pendingTariff "$(info perm_ivanov 's["pendingTariff"]["tariffId"]')" tar_inet500
}

# o connects an option and disconnects it, each after a confirmation with its fee.
test_option_on_and_off() {
	start_server option || return 1
	on_tariffs 80x24 -- --lang en || return 1
	keys o
	wait_for "Choose the option in the list, then press the key again." 3 || return 1
	wait_for " o: connect or disconnect" 1 || return 1
	wait_selected "Антивирус" || return 1
	keys o
	wait_for "Connect the option \"Антивирус\" to Internet perm_ivanov?" 3 || return 1
	wait_for "It costs 99.00 RUB a month, from today." 1 || return 1
	wait_for "The service then costs 899.00 RUB a month." 1 || return 1
	keys y
	wait_for "The option \"Антивирус\" is connected: 99.00 RUB a month." 5 || return 1
	capture | grep "Антивирус" | grep -qF "[x]" || { show_screen; return 1; }
	wait_for "899.00 RUB with the options" 3 || return 1
	expect enabled "$(info perm_ivanov '[o["enabled"] for o in s["options"] if o["optionId"] == "opt_antivirus"][0]')" True ||
		return 1
	keys o
	wait_for "Disconnect the option \"Антивирус\" from Internet perm_ivanov?" 3 || return 1
	wait_for "You stop paying 99.00 RUB a month for it." 1 || return 1
	keys n
	wait_for "Nothing was changed." 3 || return 1
	expect enabled "$(info perm_ivanov '[o["enabled"] for o in s["options"] if o["optionId"] == "opt_antivirus"][0]')" True ||
		return 1
	keys o
	wait_for "Disconnect the option" 3 || return 1
	keys y
	wait_for "The option \"Антивирус\" is disconnected." 5 || return 1
	capture | grep "Антивирус" | grep -qF "[ ]" || { show_screen; return 1; }
	expect enabled "$(info perm_ivanov '[o["enabled"] for o in s["options"] if o["optionId"] == "opt_antivirus"][0]')" False
}

# An action typed at the command line goes to the screen in front, as its key does.
test_actions_from_the_command_line() {
	start_server prompt || return 1
	on_tariffs 80x24 -- --lang en || return 1
	keys j
	keys :
	type_text "change-tariff"
	keys Enter
	wait_for "Change the tariff of Internet perm_ivanov?" 3 || return 1
	keys n
	wait_for "Nothing was changed." 3
}

# b: the last day in the interface's format, checked as the field is left (the reason
# next to it, what was typed kept), a confirmation, the block; b again removes it.
test_voluntary_block_and_its_removal() {
	start_server block || return 1
	on_tariffs 80x24 LANG=ru_RU.UTF-8 || return 1
	keys b
	wait_for "Добровольная блокировка" 3 || return 1
	wait_for "Последний день: с $(day 1 ru) по $(day 90 ru) (не больше чем на 90 дней вперёд)." 1 ||
		return 1
	wait_for "ДД.ММ.ГГГГ" 1 || return 1
	type_text "31.02.2027"
	keys Tab
	wait_for "Такого дня нет в календаре." 3 || return 1
	wait_for "Последний день  31.02.2027" 1 || return 1
	keys BTab C-u
	type_text "$(day 91 ru)"
	keys Enter
	wait_for "Не больше 90 дней вперёд: не позже $(day 90 ru)." 3 || return 1
	not_seen "Заблокировать услугу" || return 1
	keys C-u
	type_text "$(day 0 ru)"
	keys Tab
	wait_for "Не раньше завтрашнего дня: $(day 1 ru)." 3 || return 1
	expect status "$(info perm_ivanov 's["status"]')" ACTIVE || return 1
	keys BTab C-u
	type_text "$(day 10 ru)"
	keys Enter
	wait_for "Заблокировать услугу Интернет perm_ivanov по $(day 10 ru)?" 3 || return 1
	wait_for "Она снова заработает $(day 11 ru)" 1 || return 1
	keys y
	wait_for "Услуга Интернет perm_ivanov заблокирована по $(day 10 ru) включительно." 5 || return 1
	wait_for "· добровольная блокировка" 3 || return 1
	wait_for "Добровольно заблокирована по $(day 10 ru) включительно, плата не начисляется." 3 ||
		return 1
	keys k	# the message gives way to the keys
	wait_for "b снять блокировку" 3 || return 1
	expect status "$(info perm_ivanov 's["status"]')" VOLUNTARY_BLOCKED || return 1
	expect end "$(info perm_ivanov 's["voluntaryBlockEndDate"]')" "$(day 10 iso)" || return 1
	keys b
	wait_for "Снять добровольную блокировку услуги Интернет perm_ivanov?" 3 || return 1
	keys y
	wait_for "Блокировка услуги Интернет perm_ivanov снята: она снова работает." 5 || return 1
	wait_for "· активна" 3 || return 1
	expect status "$(info perm_ivanov 's["status"]')" ACTIVE
}

# Removing a block while the account is in debt: the confirmation says the service
# will be blocked for debt instead, and the screen shows the BLOCKED that came back.
test_removing_a_block_in_debt() {
	start_server debt || return 1
	on_tariffs 80x24 -- --lang en || return 1
	keys b
	wait_for "Last day" 3 || return 1
	type_text "$(day 80 iso)"
	keys Enter
	wait_for "Block the service Internet perm_ivanov" 3 || return 1
	keys y
	wait_for "· voluntarily blocked" 5 || return 1
	# Two monthly fees of the home phone and IPTV take 590000000001 below zero.
	for month in 1 2; do
		"$KABINETD" admin bill --db "$SERVER_DIR/kabinet.db" \
			--date "$(date -u -d "$(date -u +%Y-%m-01) +$month month" +%Y-%m-%d)" >/dev/null ||
			return 1
	done
	keys 1	# the overview reads the balances again
	wait_for "−309.50 RUB" 10 || return 1
	keys 3
	wait_for "· voluntarily blocked" 5 || return 1
	keys b
	wait_for "Remove the voluntary block of Internet perm_ivanov?" 3 || return 1
	wait_for "The balance of 590000000001 is −309.50 RUB, so it is blocked" 1 || return 1
	keys y
	wait_for "The block of Internet perm_ivanov is removed, but the balance is" 5 ||
		return 1
	# Wider than the line: M shows it whole.
	wait_for "(M: more)" 3 || return 1
	keys M
	wait_for "blocked for debt now." 3 || return 1
	keys q
	wait_for "· blocked for debt" 3 || return 1
	expect status "$(info perm_ivanov 's["status"]')" BLOCKED
}

# In English the date may be typed as the API writes it; Esc leaves the form.
test_voluntary_block_in_english() {
	start_server block_en || return 1
	on_tariffs 80x24 -- --lang en || return 1
	keys b
	wait_for "YYYY-MM-DD or DD.MM.YYYY" 3 || return 1
	type_text "tomorrow"
	keys Enter
	wait_for "Type the date as YYYY-MM-DD or DD.MM.YYYY." 3 || return 1
	keys Escape
	wait_for "Discard what you typed?" 3 || return 1
	keys y
	wait_for "Nothing was changed." 3 || return 1
	wait_for "Tariffs" 1 || return 1
	keys b
	wait_for "Last day" 3 || return 1
	type_text "$(day 5 iso)"
	keys Enter
	wait_for "Block the service Internet perm_ivanov till $(day 5 en)?" 3 || return 1
	keys y
	wait_for "· voluntarily blocked" 5 || return 1
	expect end "$(info perm_ivanov 's["voluntaryBlockEndDate"]')" "$(day 5 iso)"
}

# u: the last 30 days as bars with the dates, the scale, the total and the busiest day;
# w goes through 90, 7 and 30 days; every range is fetched whole.
test_usage_chart() {
	on_tariffs 80x24 -- --lang en || return 1
	keys u
	wait_for "Usage from $(date -u -d '-29 days' '+%b %-d') to $(date -u '+%b %-d')" 5 || return 1
	usage_total=$(demo_api getUsage "{\"serviceId\":\"$(service_id perm_ivanov)\",\"from\":\"$(day -29 iso)\",\"to\":\"$(day 0 iso)\"}" |
		python3 -c 'import json, sys; t = json.load(sys.stdin)["total"]; g = (t * 10 + 512) // 1024
print("%d GB" % (g // 10) if g % 10 == 0 else "%d.%d GB" % (g // 10, g % 10))')
	wait_for "In all $usage_total · busiest day " 3 || return 1
	wait_for "a day on average" 1 || return 1
	wait_for_re "^ +0 └─+" 1 || return 1
	wait_for_re "^ +[0-9]+ GB │" 1 || return 1
	wait_for "$(date -u '+%b %-d')" 1 || return 1
	capture | grep -q "█" || { show_screen; return 1; }
	wait_for "w 7/30/90 days  u tariffs" 1 || return 1
	fits 80 24 || return 1
	keys w
	wait_for "Usage from $(date -u -d '-89 days' '+%b %-d') to $(date -u '+%b %-d') (a bar: 2 days on average)" 5 ||
		return 1
	fits 80 24 || return 1
	keys w
	wait_for "Usage from $(date -u -d '-6 days' '+%b %-d') to $(date -u '+%b %-d')" 5 || return 1
	not_seen "a bar:" || return 1
	keys w
	wait_for "Usage from $(date -u -d '-29 days' '+%b %-d')" 5 || return 1
	# Phones count minutes; IPTV records no usage and is not asked for any.
	keys ']'
	wait_for "Home phone +7 (342) 200-00-01" 5 || return 1
	wait_for_re "^ +[0-9]+ min │" 5 || return 1
	keys ']'
	wait_for "IPTV records no usage: there is no chart for it." 5 || return 1
	keys u
	wait_for "Tariffs" 3
}

# The chart reads right with text folded to ASCII (LANG=C).
test_usage_chart_in_ascii() {
	on_tariffs 80x24 LANG=C -- --lang en || return 1
	keys u
	wait_for "In all" 5 || return 1
	wait_for_re "^ +0 \+-+" 1 || return 1
	wait_for_re "^ +[0-9]+ GB \| .*#" 1 || return 1
	capture | grep -q "█" && { show_screen; return 1; }
	return 0
}

# ] and [ (and the arrows) go through every service of every account, round.
test_next_and_previous_service() {
	on_tariffs 80x24 -- --lang en || return 1
	keys ']'
	wait_for "Home phone +7 (342) 200-00-01 · account 590000000001" 5 || return 1
	wait_for "< 2/5 >" 1 || return 1
	wait_for "Безлимитный местный" 5 || return 1
	keys Right
	wait_for "IPTV · account 590000000001" 5 || return 1
	wait_for "Channels" 5 || return 1
	keys ']'
	wait_for "Mobile +7 (922) 123-45-22 · account 590000000002" 5 || return 1
	wait_for_re "Minutes .*Internet" 5 || return 1
	keys ']'
	wait_for "Internet chel_ivanova · account 740000000003 · blocked for debt" 5 || return 1
	wait_for "< 5/5 >" 1 || return 1
	wait_for "Blocked for debt while the balance of 740000000003 is below zero." 5 || return 1
	# What the server would refuse is said before anything is asked.
	keys c
	wait_for "The tariff cannot be changed now: the service is blocked for debt." 3 || return 1
	keys b
	wait_for "A service blocked for debt cannot be blocked voluntarily" 3 || return 1
	keys ']'
	wait_for "< 1/5 >" 5 || return 1
	keys '['
	wait_for "< 5/5 >" 5 || return 1
	keys Left
	wait_for "< 4/5 >" 5
}

# / searches the list with the keys: the tariffs, or the options after Tab.
test_search_tariffs_and_options() {
	on_tariffs 80x24 -- --lang en || return 1
	keys /
	type_text "ГИГАБ"
	keys Enter
	wait_selected "Гигабит" || return 1
	keys /
	type_text "до 100 Мбит"	# the description counts
	keys Enter
	wait_selected "Домашний 100" || return 1
	keys Tab
	wait_for " o: connect or disconnect" 3 || return 1
	keys /
	type_text "ip"
	keys Enter
	wait_selected "Статический IP" || return 1
	keys /
	type_text "роутер"
	keys Enter
	wait_for "Not found: роутер" 3
}

# Under --read-only every change is refused before anything is asked or sent.
test_read_only_refuses_every_change() {
	start_server readonly || return 1
	on_tariffs 80x24 -- --lang en --read-only || return 1
	keys j c
	wait_for "Read-only mode: 'Change the tariff' is refused." 3 || return 1
	keys Tab o
	wait_for "Read-only mode: 'Connect or disconnect the option' is refused." 3 || return 1
	keys b
	wait_for "Read-only mode: 'Block the service voluntarily, or remove the block' is refused." 3 ||
		return 1
	not_seen "Last day" || return 1
	keys :
	type_text "change-tariff"
	keys Enter
	wait_for "Read-only mode: 'Change the tariff' is refused." 3 || return 1
	not_seen "Change the tariff of" || return 1
	expect pending "$(info perm_ivanov 's["pendingTariff"]')" None || return 1
	expect status "$(info perm_ivanov 's["status"]')" ACTIVE || return 1
	expect options "$(info perm_ivanov '[o["optionId"] for o in s["options"] if o["enabled"]]')" \
		"['opt_static_ip']"
}

# Coming back to screen 3 shows what was loaded without asking again; r asks again.
test_coming_back_asks_nothing_r_reloads() {
	on_tariffs 80x24 -- --lang en || return 1
	before=$(capture | grep -o "Loaded at [0-9:]*")
	# A second later a new answer would show a new time.
	now=$(date +%s)
	while [ "$(date +%s)" = "$now" ]; do sleep 0.1; done
	keys 1
	wait_for "590000000002" 5 || return 1
	keys 3
	wait_for "perm_ivanov" 5 || return 1
	wait_for "$before" 1 || return 1
	keys r
	wait_refreshed_tariffs "$before"
}

wait_refreshed_tariffs() {
	i=0
	while :; do
		now=$(capture | grep -o "Loaded at [0-9:]*")
		[ -n "$now" ] && [ "$now" != "$1" ] && return 0
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    screen 3 did not reload ($1)" >&2; show_screen; return 1; }
		sleep 0.1
	done
}

# At 120x40 the descriptions show, and 90 days get a bar each.
test_120x40_look() {
	on_tariffs 120x40 LANG=ru_RU.UTF-8 || return 1
	wait_for "Описание" 3 || return 1
	wait_for "Домашний интернет до 500 Мбит/с" 1 || return 1
	fits 120 40 || return 1
	keys u w
	wait_for_re "Расход с [0-9.]+ по [0-9.]+ " 5 || return 1
	not_seen "столбик" || return 1
	wait_for_re "^ +[0-9]+ ГБ │" 3 || return 1
	fits 120 40
}

start_server main || exit 1
run_tests
