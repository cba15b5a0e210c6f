#!/bin/sh
# Screen 6, the bonus program: the status, the level and until when, the points and
# the lots that burn as the API gives them; joining as `other` (not a member); spending
# points on an account (the points and the account's balance checked to the kopeck
# through the API, the overview showing the new figures); too many points refused
# next to the field with what was typed kept, by the form and by the server; an
# answer to spendBonuses lost and settled, the points spent once; --read-only refusing
# before any request. Russian and English, 80x24.
. "$(dirname "$0")/lib.sh"

# A client logged in as LOGIN on screen 6 at URL (the server's when empty).
on_bonus() {	# LOGIN SIZE URL [VAR=value...] [-- kabinet arguments]
	who=$1
	size=$2
	CLIENT_URL=$3
	shift 3
	login_as "$who" --no-keyring "$size" "$@" || return 1
	keys 6
	wait_for_re "Bonus program|Бонусная программа" 5
}

# other_api METHOD [JSON]: one call as other, through a session of the test's own.
other_api() {
	jar=$TMP/other.jar
	if [ ! -s "$jar" ] || ! api "$SERVER_URL" "$jar" checkSession | grep -q '"isSessionLost":false'; then
		rm -f "$jar"
		api "$SERVER_URL" "$jar" login "{\"login\":\"other\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	fi
	api "$SERVER_URL" "$jar" "$1" "${2:-{\}}"
}

# A proxy in front of the server that loses the answers named; sets PROXY_URL and
# PROXY_DIR (its log of methods and of what it dropped).
start_proxy() {	# NAME [--drop METHOD]...
	real=$SERVER_URL
	PROXY_DIR=$TMP/proxy-$1
	shift
	mkdir -p "$PROXY_DIR"
	: >"$PROXY_DIR/methods"
	python3 "$SCREEN_ROOT/tests/fake/dropproxy.py" --upstream "$SERVER_URL" \
		--log "$PROXY_DIR/methods" "$@" >"$PROXY_DIR/stdout" 2>"$PROXY_DIR/log" &
	SERVER_PIDS="$SERVER_PIDS $!"
	wait_listening "$PROXY_DIR" dropproxy $! || return 1
	PROXY_URL=$SERVER_URL
	SERVER_URL=$real
}

# bonus_field PATH: a field of demo's getFplStatus (a.b, lots.N.points), as the API
# gives it.
bonus_field() {
	demo_api getFplStatus | python3 -c 'import json, sys; v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1"
}

# date_words YYYY-MM-DD ru|en: as kabinet shows a date (31.12.2027 / Dec 31, 2027).
date_words() {
	python3 -c 'import sys
y, m, d = map(int, sys.argv[1].split("-"))
en = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
print("%02d.%02d.%04d" % (d, m, y) if sys.argv[2] == "ru" else "%s %d, %d" % (en[m - 1], d, y))' "$1" "$2"
}

# check_status ru|en: the level and its date, the points and their worth, the soonest
# lot in words and every lot on the list, as getFplStatus says.
check_status() {
	lang=$1
	expire=$(date_words "$(bonus_field levelInfo.expireDate)" "$lang")
	points=$(bonus_field balance)
	lot=$(bonus_field balanceBurningPoints.0.points)
	burns=$(date_words "$(bonus_field balanceBurningPoints.0.burningDate)" "$lang")
	if [ "$lang" = ru ]; then
		wait_for "Уровень: Стандарт, до $expire" 5 || return 1
		wait_for "У вас 1${NNBSP}250 баллов — это $(money $((points * 100)) ru)" 1 || return 1
		wait_for "$lot баллов сгорят $burns — потратьте их первыми." 1 || return 1
	else
		wait_for "Level: Standard, until $expire" 5 || return 1
		wait_for "You have 1,250 points, worth $(money $((points * 100)) en)" 1 || return 1
		wait_for "$lot points burn on $burns — spend them first." 1 || return 1
	fi
	[ "$points" = 1250 ] && [ "$lot" = 300 ] || { echo "    demo's seed changed" >&2; return 1; }
	# Every lot on the list, with its date, points and worth.
	demo_api getFplStatus | python3 -c 'import json, sys
for l in json.load(sys.stdin)["balanceBurningPoints"]: print(l["burningDate"], l["points"])' >"$TMP/lots"
	while read -r d p; do
		capture | grep -v "—" | grep -F "$(date_words "$d" "$lang")" | grep -F " $p " |
			grep -qF "$(money $((p * 100)) "$lang")" ||
			{ echo "    lot $d $p not on the list" >&2; show_screen; return 1; }
	done <"$TMP/lots"
}

test_status_and_burning_lots() {
	start_server status || return 1
	on_bonus demo 80x24 "" || return 1
	check_status en || return 1
	wait_for "Bonus program: you are a member" 1 || return 1
	capture | tail -n 1 | grep -q "s spend points" || { show_screen; return 1; }
}

test_status_in_russian() {
	start_server statusru || return 1
	on_bonus demo 80x24 "" LANG=ru_RU.UTF-8 || return 1
	check_status ru || return 1
	wait_for "Бонусная программа: вы участник" 1
}

# other is not a member: the offer to join, J confirmed, then a member at level Basic
# with 0 points, as the API says.
test_join_the_program_as_other() {
	start_server join || return 1
	other_api getFplStatus | grep -q '"status":"MISSING"' || { echo "    other is a member" >&2; return 1; }
	on_bonus other 80x24 "" || return 1
	wait_for "You are not in the bonus program." 5 || return 1
	wait_for "Press J to join." 1 || return 1
	keys s
	wait_for "Join the bonus program first (J)." 3 || return 1
	keys J
	wait_for "Join the bonus program?" 3 || return 1
	wait_for "You start at the basic level with 0 points, for a year." 1 || return 1
	keys y
	wait_for "You are in the bonus program now, at level Basic." 5 || return 1
	wait_for "Level: Basic, until " 5 || return 1
	wait_for "You have 0 points, worth 0.00 RUB" 1 || return 1
	wait_for "None of your points burn." 1 || return 1
	other_api getFplStatus | python3 -c 'import json, sys; s = json.load(sys.stdin)
assert s["status"] == "ACTIVE" and s["levelInfo"]["level"] == "BASIC" and s["balance"] == 0, s' ||
		return 1
	# A second J says so, without asking the server.
	keys J
	wait_for "You are in the bonus program already." 3
}

test_join_in_russian() {
	start_server joinru || return 1
	on_bonus other 80x24 "" LANG=ru_RU.UTF-8 || return 1
	wait_for "Вы не участвуете в бонусной программе." 5 || return 1
	keys J
	wait_for "Вступить в бонусную программу?" 3 || return 1
	keys y
	wait_for "Теперь вы участвуете в бонусной программе, уровень «Базовый»." 5 || return 1
	wait_for "У вас 0 баллов — это 0,00" 5 || return 1
	other_api getFplStatus | grep -q '"status":"ACTIVE"'
}

# 300 points on 590000000001: the balance shown afterwards before sending, the
# confirmation, the new balance to the kopeck through the API, the lot that burned
# spent first, and the overview's new figure.
test_spend_points_on_an_account() {
	start_server spend || return 1
	b1=$(demo_balance 590000000001)
	on_bonus demo 80x24 "" || return 1
	wait_for "You have 1,250 points" 5 || return 1
	keys s
	wait_for "Spend bonus points" 3 || return 1
	wait_for "balance $(money "$b1" en)" 3 || return 1
	wait_for "of 1,250 points" 1 || return 1
	type_text 300
	wait_for "Afterwards account 590000000001 has $(money $((b1 + 30000)) en) (now $(money "$b1" en))." 3 || return 1
	keys Enter
	wait_for "Spend 300 points on account 590000000001?" 3 || return 1
	wait_for "They pay 300.00 RUB: the balance becomes $(money $((b1 + 30000)) en)" 1 || return 1
	wait_for "Then you have 950 points." 1 || return 1
	keys y
	wait_for "Spent 300 points: account 590000000001 has $(money $((b1 + 30000)) en) now; 950 points left." 10 || return 1
	[ "$(demo_balance 590000000001)" = $((b1 + 30000)) ] || { echo "    balance $(demo_balance 590000000001)" >&2; return 1; }
	[ "$(bonus_field balance)" = 950 ] || { echo "    points $(bonus_field balance)" >&2; return 1; }
	# The lot that burned soonest went first.
	demo_api getFplStatus | grep -q '"balanceBurningPoints":\[\]' || { echo "    the lot is left" >&2; return 1; }
	wait_for "You have 950 points" 5 || return 1
	wait_for "None of your points burn." 1 || return 1
	# The overview reads the status when it opens: the new figure, and the balance.
	keys 1
	wait_for "Bonus: 950 points" 5 || return 1
	capture | grep "590000000001" | grep -qF "$(money $((b1 + 30000)) en)" || { show_screen; return 1; }
}

# In Russian, on the second account (] chooses it), one point: "1 балл".
test_spend_one_point_in_russian_on_the_next_account() {
	start_server spendru || return 1
	b2=$(demo_balance 590000000002)
	on_bonus demo 80x24 "" LANG=ru_RU.UTF-8 || return 1
	wait_for "У вас 1${NNBSP}250 баллов" 5 || return 1
	keys s
	wait_for "Потратить бонусные баллы" 3 || return 1
	keys ]
	wait_for "590000000002" 3 || return 1
	wait_for "баланс $(money "$b2" ru)" 3 || return 1
	type_text 1
	wait_for "После этого на счёте 590000000002 будет $(money $((b2 + 100)) ru)" 3 || return 1
	keys Enter
	wait_for "Потратить 1 балл на счёт 590000000002?" 3 || return 1
	keys y
	wait_for "Потрачено 1 балл: на счёте 590000000002 теперь $(money $((b2 + 100)) ru); осталось 1${NNBSP}249 баллов." 10 || return 1
	[ "$(demo_balance 590000000002)" = $((b2 + 100)) ] || { echo "    balance" >&2; return 1; }
	[ "$(bonus_field balance)" = 1249 ] || { echo "    points" >&2; return 1; }
	[ "$(bonus_field balanceBurningPoints.0.points)" = 299 ] || { echo "    the lot" >&2; return 1; }
}

# More points than demo has: the form says so next to the field and keeps 5000; then
# points spent behind the client's back make the server refuse 500, next to the field,
# 500 kept; nothing moved on the account.
test_too_many_points_refused_next_to_the_field() {
	start_server toomany || return 1
	b1=$(demo_balance 590000000001)
	on_bonus demo 80x24 "" || return 1
	wait_for "You have 1,250 points" 5 || return 1
	keys s
	wait_for "Spend bonus points" 3 || return 1
	type_text 5000
	wait_for "More than you have: 1,250 points." 3 || return 1
	keys Enter
	wait_for "More than you have: 1,250 points." 1 || return 1
	not_seen "Spend 5000 points" || return 1
	capture | grep "Points" | grep -q "5000" || { show_screen; return 1; }
	# 1000 of the 1250 spent elsewhere: the form does not know it yet.
	demo_api spendBonuses "{\"accountId\":\"$(demo_account_id 590000000002)\",\"points\":1000,\"idempotencyKey\":\"test-elsewhere-1\"}" |
		grep -q '"balance":250' || { echo "    spending elsewhere failed" >&2; return 1; }
	keys BSpace BSpace BSpace BSpace
	type_text 500
	wait_gone "More than you have" 3 || return 1
	keys Enter
	wait_for "Spend 500 points on account 590000000001?" 3 || return 1
	keys y
	wait_for "Not enough points: 250 available" 5 || return 1
	capture | grep "Points" | grep -q "500" || { show_screen; return 1; }
	wait_for "Spend bonus points" 1 || return 1
	[ "$(demo_balance 590000000001)" = "$b1" ] || { echo "    the balance moved" >&2; return 1; }
	[ "$(bonus_field balance)" = 250 ] || { echo "    points" >&2; return 1; }
	# The points held were read again: the form checks against them now.
	keys BSpace BSpace BSpace
	type_text 300
	wait_for "More than you have: 250 points." 3
}

test_too_many_points_in_russian() {
	start_server toomanyru || return 1
	on_bonus demo 80x24 "" LANG=ru_RU.UTF-8 || return 1
	wait_for "У вас 1${NNBSP}250 баллов" 5 || return 1
	keys s
	wait_for "Потратить бонусные баллы" 3 || return 1
	type_text 1251
	wait_for "Больше, чем у вас есть: 1${NNBSP}250 баллов." 3 || return 1
	keys Escape
	wait_for "Отбросить набранное?" 3 || return 1
	keys y
	wait_for "Бонусная программа: вы участник" 3 || return 1
	[ "$(bonus_field balance)" = 1250 ]
}

# The answer to spendBonuses is lost once: the client sends the same body with the same
# key again, and the server answers the first outcome: the points spent once.
test_a_lost_answer_spends_the_points_once() {
	start_server lost || return 1
	start_proxy lost --drop spendBonuses || return 1
	b1=$(demo_balance 590000000001)
	on_bonus demo 80x24 "$PROXY_URL" || return 1
	wait_for "You have 1,250 points" 5 || return 1
	keys s
	wait_for "Spend bonus points" 3 || return 1
	type_text 200
	keys Enter
	wait_for "Spend 200 points on account 590000000001?" 3 || return 1
	keys y
	wait_for "Spent 200 points: account 590000000001 has $(money $((b1 + 20000)) en) now; 1,050 points left." 15 || return 1
	grep -q "dropped spendBonuses" "$PROXY_DIR/log" || { echo "    nothing was dropped" >&2; return 1; }
	[ "$(grep -c spendBonuses "$PROXY_DIR/methods")" = 2 ] || { echo "    not sent twice" >&2; return 1; }
	[ "$(demo_balance 590000000001)" = $((b1 + 20000)) ] || { echo "    balance" >&2; return 1; }
	[ "$(bonus_field balance)" = 1050 ] || { echo "    points $(bonus_field balance)" >&2; return 1; }
}

# Esc while the client waits to send the points again: it stops, says the outcome is
# not known and reads the figures again; Enter asks what became of the intent's key
# (checkIdempotencyKey), and the server answers the first outcome: the points spent
# once, and nothing sent again.
test_esc_then_again_spends_the_points_once() {
	start_server again || return 1
	start_proxy again --drop spendBonuses --drop spendBonuses --drop spendBonuses || return 1
	b1=$(demo_balance 590000000001)
	on_bonus demo 80x24 "$PROXY_URL" || return 1
	wait_for "You have 1,250 points" 5 || return 1
	keys s
	wait_for "Spend bonus points" 3 || return 1
	type_text 100
	keys Enter
	wait_for "Spend 100 points on account 590000000001?" 3 || return 1
	keys y
	i=0
	until grep -q "dropped spendBonuses" "$PROXY_DIR/log"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    nothing was dropped" >&2; return 1; }
		sleep 0.1
	done
	keys Escape
	wait_for "whether it was done is not known" 5 || return 1
	wait_for "Spend bonus points" 1 || return 1
	capture | grep "Points" | grep -q "100" || { show_screen; return 1; }
	# It went through once already, as the server says.
	[ "$(bonus_field balance)" = 1150 ] || { echo "    points $(bonus_field balance)" >&2; return 1; }
	sent=$(grep -c spendBonuses "$PROXY_DIR/methods")
	keys Enter
	# Asked as a check of what was sent, not as a second spend.
	wait_for_re "Check whether 100 points to 590000000001 at [0-9:]{5} went through\?" 3 || return 1
	keys y
	wait_for "Spent 100 points: account 590000000001 has $(money $((b1 + 10000)) en) now; 1,150 points left." 20 || return 1
	[ "$(grep -c spendBonuses "$PROXY_DIR/methods")" = "$sent" ] || { echo "    sent again" >&2; return 1; }
	[ "$(grep -c checkIdempotencyKey "$PROXY_DIR/methods")" = 1 ] || { echo "    not asked once" >&2; return 1; }
	[ "$(demo_balance 590000000001)" = $((b1 + 10000)) ] || { echo "    balance" >&2; return 1; }
	[ "$(bonus_field balance)" = 1150 ] || { echo "    points $(bonus_field balance)" >&2; return 1; }
}

# --read-only: s and J refused in words before any request; nothing changed.
test_read_only_refuses_spending_and_joining() {
	start_server ro || return 1
	b1=$(demo_balance 590000000001)
	on_bonus demo 80x24 "" -- --read-only || return 1
	wait_for "You have 1,250 points" 5 || return 1
	keys s
	wait_for "Read-only mode: 'Spend bonus points on an account' is refused." 3 || return 1
	not_seen "choose the account." || return 1
	keys :
	type_text "spend-bonuses"
	keys Enter
	wait_for "Read-only mode: 'Spend bonus points on an account' is refused." 3 || return 1
	stop_client
	on_bonus other 80x24 "" LANG=ru_RU.UTF-8 -- --read-only || return 1
	wait_for "Вы не участвуете в бонусной программе." 5 || return 1
	keys J
	wait_for "Только чтение: действие «Вступить в бонусную программу» запрещено." 3 || return 1
	not_seen "Вступить в бонусную программу?" || return 1
	[ "$(demo_balance 590000000001)" = "$b1" ] || { echo "    the balance moved" >&2; return 1; }
	[ "$(bonus_field balance)" = 1250 ] || { echo "    points" >&2; return 1; }
	other_api getFplStatus | grep -q '"status":"MISSING"' || { echo "    other joined" >&2; return 1; }
}

run_tests
