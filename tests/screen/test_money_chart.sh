#!/bin/sh
# Screen 4's "Where the money goes" (m) against a real kabinetd with the demo data, the
# server's today pinned to 10 December 2026: twelve months of bars at 80x24 and 120x40,
# in English and Russian, each month's total the sum of `kabinet charges --json` for
# it; the legend names every service charged, with letters in monochrome (TERM=vt100,
# NO_COLOR) that also fill the bars, and '#' for the colour's block under LANG=C;
# ] keeps one account; Enter on a month lists its charges and Esc goes back. The demo's
# year tells its internet's tariff change and option connected in sentences. Next
# month's forecast, after a tariff change, an option switched on and a service blocked
# past the 1st, equals to the kopeck what `kabinetd admin bill` then charges on the 1st;
# a server whose today is after that run tells the change in a sentence. A tariff
# change from the next 1st moves the forecast and autopay's next run alike (one
# replay), and billing then charges and pays exactly those.
. "$(dirname "$0")/lib.sh"

TODAY=2026-12-10
NBSP=$(printf '\302\240')	# between a Russian figure and ₽

# The month totals of `kabinet charges --json`, one "YYYY-MM KOPECKS" a line.
charges_totals() {	# [--account NUMBER]
	SERVER_URL=$MAIN_URL
	subcommand -- charges --json "$@"
	[ "$STATUS" = 0 ] || { echo "    kabinet charges: $STATUS $ERR" >&2; return 1; }
	python3 -c 'import json, sys
t = {}
for l in open(sys.argv[1]):
    r = json.loads(l)
    t[r["month"]] = t.get(r["month"], 0) + r["amount"]
for m in sorted(t):
    print(m, t[m])' "$TMP/out"
}

# The chart's month lines on the screen, as "YYYY-MM KOPECKS": LANG's month names and
# figures read back (English: "December 2026 ... 2,370.00 RUB").
screen_totals() {
	capture | python3 -c 'import re, sys
names = ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"]
for line in sys.stdin:
    m = re.match(r"^ (\w+) (\d{4}) .* ([\d,]+)\.(\d\d) RUB$", line.rstrip())
    if m and m.group(1) in names:
        rub = int(m.group(3).replace(",", ""))
        print("%s-%02d %d" % (m.group(2), names.index(m.group(1)) + 1, rub * 100 + int(m.group(4))))' |
		sort
}

open_chart() {	# SIZE [VAR=value...]
	SERVER_URL=${CHART_URL:-$MAIN_URL}
	login_as demo - "$@" || return 1
	keys 4
	wait_for_re "Payments|Платежи" 10 || return 1
	keys m
}

test_chart_80x24_english_totals_equal_charges() {
	charges_totals >"$TMP/want" || return 1
	[ "$(wc -l <"$TMP/want")" = 12 ] || { echo "    not 12 months charged" >&2; return 1; }
	open_chart 80x24 || return 1
	wait_for "Where the money goes: all accounts" || return 1
	wait_for "December 2026" || return 1
	wait_for "January 2026" || return 1
	wait_for "Интернет perm_ivanov" || return 1
	wait_for "Forecast for January 2027: 2,370.00 RUB" || return 1
	screen_totals >"$TMP/got"
	diff "$TMP/want" "$TMP/got" >&2 || { show_screen; return 1; }
	# Every service charged is in the legend: five of them over three accounts.
	for s in "Интернет perm_ivanov" "Домашний телефон" "Телевидение IPTV" "Мобильная связь" \
		"Интернет chel_ivanova"; do
		capture | grep -qF "$s" || { echo "    no $s in the legend" >&2; show_screen; return 1; }
	done
	# Nothing drawn past the right edge: each month line ends with its total.
	[ "$(capture | grep -c 'RUB$')" = 12 ] || { show_screen; return 1; }
}

test_chart_120x40_russian() {
	open_chart 120x40 LANG=ru_RU.UTF-8 || return 1
	wait_for "Куда уходят деньги: все счета" || return 1
	wait_for "декабрь 2026" || return 1
	wait_for "январь 2026" || return 1
	wait_for "Прогноз на январь 2027: 2${NNBSP}370,00" || return 1
	# The demo's year: its internet's tariff changed in August, an option in June.
	wait_for "Интернет perm_ivanov +100,00${NBSP}₽ с августа 2026: тариф «Домашний 300»" ||
		return 1
	wait_for "Интернет perm_ivanov +150,00${NBSP}₽ с июня 2026: подключена опция «Статический IP»" ||
		return 1
	# The mobile account's fee stayed the same.
	keys "]"
	wait_for "Куда уходят деньги: счёт 590000000001" || return 1
	keys "]"
	wait_for "Куда уходят деньги: счёт 590000000002" || return 1
	wait_for "Абонентская плата в эти месяцы не менялась." || return 1
}

test_monochrome_legend_in_letters() {
	open_chart 80x24 TERM=vt100 || return 1
	wait_for "A Интернет perm_ivanov" || return 1
	wait_for "E Интернет chel_ivanova" || return 1
	capture | grep "December 2026" | grep -qE "A+B+C+D+E+ " || { show_screen; return 1; }
	stop_client
	open_chart 80x24 NO_COLOR=1 || return 1
	wait_for "B Домашний телефон" || return 1
}

test_ascii_under_lang_c() {
	open_chart 80x24 LANG=C || return 1
	wait_for "Where the money goes: all accounts" || return 1
	wait_for_re "December 2026 +#+ " || return 1
	not_seen "█" || return 1
}

test_one_account_then_enter_on_a_month() {
	charges_totals --account 590000000001 >"$TMP/want" || return 1
	open_chart 120x40 || return 1
	wait_for "Where the money goes: all accounts" || return 1
	keys "]"
	wait_for "Where the money goes: account 590000000001" || return 1
	wait_for "December 2026" || return 1
	wait_gone "Интернет chel_ivanova" || return 1
	screen_totals >"$TMP/got"
	diff "$TMP/want" "$TMP/got" >&2 || { show_screen; return 1; }
	keys j Enter
	wait_for "Charges of November 2026, account 590000000001: 1,370.00 RUB" || return 1
	wait_for_re "Интернет perm_ivanov +tariff +Домашний 300 +650.00 RUB" || return 1
	wait_for_re "Интернет perm_ivanov +options +Статический IP +150.00 RUB" || return 1
	keys Escape
	wait_for "Where the money goes: account 590000000001" || return 1
	keys Escape
	wait_for_re "Payments|Type" || return 1
}

# A tariff change (pending till tomorrow), an option on and a block past the 1st: the
# forecast shown, then billing from tomorrow to the 1st; the 1st's CHARGE rows, read
# from the database, are the forecast to the kopeck.
test_forecast_equals_the_next_billing_run() {
	start_server bill --today "$TODAY" || return 1
	CHART_URL=$SERVER_URL
	demo_api changeTariff '{"serviceId":"svc1","tariffId":"tar_inet500"}' |
		grep -q effectiveFrom || return 1
	demo_api setServiceOption '{"serviceId":"svc1","optionId":"opt_antivirus","enabled":true}' \
		>"$TMP/option" || return 1
	! grep -q errorCode "$TMP/option" || return 1
	demo_api setVoluntaryBlock '{"serviceId":"svc2","until":"2027-01-15"}' |
		grep -q VOLUNTARY_BLOCKED || return 1
	open_chart 80x24 || return 1
	wait_for_re "Forecast for January 2027: [0-9,]+\.[0-9]{2} RUB" || return 1
	shown=$(capture | sed -n 's/.*Forecast for January 2027: \([0-9,]*\)\.\([0-9]*\) RUB.*/\1\2/p' |
		tr -d ,)
	day=$TODAY
	while [ "$day" != 2027-01-01 ]; do
		day=$(date -u -d "$day + 1 day" +%F)
		"$KABINETD" admin bill --db "$SERVER_DIR/kabinet.db" --date "$day" >/dev/null || return 1
	done
	ids=$(for n in 590000000001 590000000002 740000000003; do demo_account_id $n; done)
	# shellcheck disable=SC2086
	charged=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(-sum(db.execute("SELECT COALESCE(SUM(amount), 0) FROM history WHERE type = ? AND "
                      "date = ? AND account_id = ?", ("CHARGE", "2027-01-01", a)).fetchone()[0]
           for a in sys.argv[2:]))' "$SERVER_DIR/kabinet.db" $ids)
	if [ -z "$shown" ] || [ "$shown" != "$charged" ]; then
		echo "    forecast $shown, billing charged $charged" >&2
		show_screen
		return 1
	fi
	# The demo's 2 370.00 less TV (320.00) plus 200.00 (Home 500) and 99.00.
	[ "$charged" = 234900 ] || { echo "    billing charged $charged" >&2; return 1; }
	stop_client
	# The same database a day after the run: January's bar and why it moved.
	bill_dir=$SERVER_DIR
	kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	mkdir -p "$TMP/after"
	"$KABINETD" --listen 127.0.0.1:0 --db "$bill_dir/kabinet.db" --today 2027-01-02 \
		>"$TMP/after/stdout" 2>"$TMP/after/log" &
	SERVER_PID=$!
	SERVER_PIDS="$SERVER_PIDS $SERVER_PID"
	wait_listening "$TMP/after" kabinetd "$SERVER_PID" || return 1
	CHART_URL=$SERVER_URL
	open_chart 120x40 || { cat "$TMP/after/log" >&2; return 1; }
	wait_for "January 2027" || return 1
	wait_for "Интернет perm_ivanov +299.00 RUB from January 2027: the tariff «Домашний 500»" ||
		return 1
	wait_for "Телевидение IPTV −320.00 RUB from January 2027: not charged" || return 1
	# February's forecast: TV's block is over by then.
	wait_for "Forecast for February 2027: 2,669.00 RUB" || return 1
}

# One replay for the chart and autopay: a tariff change from the next 1st (the server's
# today the last of November) moves the chart's forecast for 590000000001 and the next
# run of its MONTHLY autopay rule alike; billing then charges the forecast on the 1st
# and the rule pays what `kabinet autopay --json` said, on its day.
test_the_forecast_and_autopay_are_one_replay() {
	start_server replay --today 2026-11-30 || return 1
	CHART_URL=$SERVER_URL
	acc=$(demo_account_id 590000000001)
	old=$(demo_api getServiceInfo '{"serviceId":"svc1"}' |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["tariff"]["monthlyFee"])')
	demo_api changeTariff '{"serviceId":"svc1","tariffId":"tar_inet500"}' |
		grep -q '"effectiveFrom":"2026-12-01"' || return 1
	new=$(demo_api getServiceInfo '{"serviceId":"svc1"}' |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["pendingTariff"]["monthlyFee"])')
	fee=$(demo_api getPromisedPaymentOffer "{\"accountId\":\"$acc\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["maxAmount"])')
	open_chart 120x40 || return 1
	keys "]"
	wait_for "Where the money goes: account 590000000001" || return 1
	wait_for_re "Forecast for December 2026: [0-9,]+\.[0-9]{2} RUB" || return 1
	shown=$(capture | sed -n 's/.*Forecast for December 2026: \([0-9,]*\)\.\([0-9]*\) RUB.*/\1\2/p' |
		tr -d ,)
	stop_client
	# The forecast follows the new tariff: today's fee less the old, plus the new.
	[ "$shown" = $((fee - old + new)) ] ||
		{ echo "    forecast $shown, fee $fee, tariff $old -> $new" >&2; return 1; }
	subcommand -- autopay --json
	[ "$STATUS" = 0 ] || { echo "    kabinet autopay: $STATUS $ERR" >&2; return 1; }
	balance=$(demo_balance 590000000001)
	next=$(echo "$OUT" | python3 -c 'import json, sys
r = [r for r in json.load(sys.stdin)["rules"] if r["number"] == "590000000001"][0]
n = r["next"]
assert r["kind"] == "MONTHLY" and n["status"] == "RUNS", r
# The fee of the 1st is the forecast: the top-up to the rule'"'"'s sum after it.
assert n["amount"] == r["amount"] - (int(sys.argv[1]) - int(sys.argv[2])), (n, sys.argv)
print(n["date"], n["amount"])' "$balance" "$shown") || { echo "$OUT" >&2; return 1; }
	day=2026-11-30
	while [ "$day" != "${next% *}" ]; do
		day=$(date -u -d "$day + 1 day" +%F)
		"$KABINETD" admin bill --db "$SERVER_DIR/kabinet.db" --date "$day" >/dev/null || return 1
	done
	charged=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(-db.execute("SELECT COALESCE(SUM(amount), 0) FROM history WHERE type = ? AND date = ? "
                  "AND account_id = ?", ("CHARGE", "2026-12-01", sys.argv[2])).fetchone()[0])' \
		"$SERVER_DIR/kabinet.db" "$acc")
	[ "$charged" = "$shown" ] || { echo "    forecast $shown, billing charged $charged" >&2; return 1; }
	demo_api getAutopayRules | python3 -c 'import json, sys
date, amount = sys.argv[1], int(sys.argv[2])
r = [r for r in json.load(sys.stdin)["rules"] if r["accountId"] == sys.argv[3]][0]
last = r["lastRun"]
assert (last["date"], last["status"], last["amount"]) == (date, "SUCCEEDED", amount), (r, sys.argv)' \
		${next} "$acc" || return 1
}

start_server main --today "$TODAY" || exit 1
MAIN_URL=$SERVER_URL
run_tests
