#!/bin/sh
# Layout by rule at 60x20, 80x24 and 120x40, in English and Russian: every screen (1
# Overview ... 8 Profile) and the sub-screens and forms reached from them (account
# details, cards, invoices and an invoice's lines, where the money goes and a month's
# charges, usage, a change of tariff, a request, who looked at my data, the
# notification settings, the block, pay,
# transfer, promised payment and bonus forms) checked for what a user looks at: money
# printed whole (never "537.80 …"), numbers and phones whole, the account column
# wherever several accounts' rows are listed, a heading over every column kept (no "±"
# without its figure), the history's types abbreviated by rule ("Card pmt") rather than
# cut, the usage chart's scale labels whole.
#
# Golden captures: each view but the usage chart, the change of tariff, the block form
# (their days follow the client's clock) and who looked at my data (the seed's dates)
# is also compared with tests/screen/golden/VIEW-SIZE-LANG.txt, made stable: the demo
# server's today is pinned (December 20 of this year), years are written relative to
# this one (YYYY, YY-1, ...), times of day as HH:MM, an account's contract date (so
# many days back) as DATE, and the top line (the server's address and port) and the
# bottom line (the hints) are left out. After a deliberate change of a screen, look at
# the new captures and write them with
#   KABINET_GOLDEN=update tests/screen/test_layout.sh
# (a view without a golden file is only checked by the rules above).
. "$(dirname "$0")/lib.sh"

GOLDEN_DIR=$SCREEN_ROOT/tests/screen/golden
YEAR=$(date -u +%Y)
TODAY=$YEAR-12-20	# the next monthly autopay run falls in January of next year

# check_view VIEW: the rules every view keeps, on the screen without its top line (the
# server's address, cut where it must) and its bottom line.
check_view() {
	capture | sed '1d;$d' >"$TMP/view"
	python3 - "$TMP/view" "$1" <<'PY' || { show_screen; return 1; }
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
view = sys.argv[2]
bad = []
rules = [
    ("money cut", r"\d[.,]\d?…|\d[.,]\d\d(\s?R?U?)?[…~]|\d,\d\d[\u00a0 ]?…"),
    ("a figure shown as an ellipsis", r"\S  +…(\s|$)"),
    ("a phone number cut", r"\+7 \(\d{3}\)[ \d-]*…"),
    ("a scale label cut", r"[…~]\s*[│└]"),
    ("a '±' without its figure", r"±\s+±"),
]
for name, pat in rules:
    m = re.search(pat, text, re.M)
    if m:
        line = text[:m.start()].count("\n") + 1
        bad.append("%s: %s (line %d: %r)" % (view, name, line, text.splitlines()[line - 1]))
if bad:
    print("    " + "\n    ".join(bad))
    sys.exit(1)
PY
	golden "$1"
}

# stable_view: the screen as a golden capture holds it (see the top of this file).
stable_view() {
	capture | sed '1d;$d' | python3 -c '
import re, sys
year = int(sys.argv[1])
def rel(m):
    d = int(m.group(0)) - year
    return "YYYY" if d == 0 else "YY%+d" % d
for line in sys.stdin.read().split("\n"):
    # The contract is dated so many days back: leap days move it.
    line = re.sub(r"(Contract of|Договор от) .*", r"\1 DATE", line)
    line = re.sub(r"\b20\d\d\b", rel, line)
    line = re.sub(r"\b\d\d:\d\d(:\d\d)?\b", lambda m: "HH:MM" + ("   " if m.group(1) else ""), line)
    print(line.rstrip())' "$YEAR"
}

# golden VIEW: the view against its golden capture, polled while parts of it load;
# with KABINET_GOLDEN=update, written once it stays the same for half a second.
golden() {
	[ -n "${NO_GOLDEN:-}" ] && return 0
	file=$GOLDEN_DIR/$1-$SIZE-$LANG_TAG.txt
	if [ "${KABINET_GOLDEN:-}" = update ]; then
		mkdir -p "$GOLDEN_DIR"
		stable_view >"$TMP/golden"
		same=0
		while [ $same -lt 5 ]; do
			sleep 0.1
			stable_view >"$TMP/golden.new"
			if cmp -s "$TMP/golden" "$TMP/golden.new"; then
				same=$((same + 1))
			else
				same=0
				mv "$TMP/golden.new" "$TMP/golden"
			fi
		done
		cp "$TMP/golden" "$file"
		return 0
	fi
	[ -f "$file" ] || return 0
	i=0
	until stable_view >"$TMP/golden" && cmp -s "$file" "$TMP/golden"; do
		i=$((i + 1))
		if [ $i -ge 50 ]; then
			echo "    $1 at $SIZE ($LANG_TAG) differs from $file:" >&2
			diff -u "$file" "$TMP/golden" | sed 's/^/    /' >&2
			return 1
		fi
		sleep 0.1
	done
}

# on VIEW REGEX: waits for REGEX (what the view shows once loaded), then checks it.
on() {
	wait_for_re "$2" 10 || { echo "    view $1" >&2; return 1; }
	check_view "$1"
}

# back REGEX: Esc until REGEX (the screen under it) shows; a question whether to
# throw away what a form holds is answered yes.
back() {
	keys Escape
	i=0
	until capture | sed '$d' | grep -Eq -- "$1"; do
		if capture | grep -Eq '\((y/n|д/н)\)'; then
			keys y
		fi
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    did not get back to: $1" >&2; show_screen; return 1; }
		sleep 0.1
	done
}

# row_with REGEX: the first line of the screen (but the bottom one) with REGEX.
row_with() {
	capture | sed '$d' | grep -E -- "$1" | head -n 1
}

# type_column_whole: the history's type column (from its heading to the description's)
# has no cut word on any row.
type_column_whole() {
	capture | sed '$d' | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
head = next((i for i, l in enumerate(lines) if ("Type" in l and "Descr" in l) or
             ("Тип" in l and "Описание" in l)), None)
if head is None:
    print("    no heading with Type and Description"); sys.exit(1)
h = lines[head]
start = h.find("Type") if "Type" in h else h.find("Тип")
end = h.find("Descr") if "Descr" in h else h.find("Описание")
for l in lines[head + 1:]:
    cell = l[start:end]
    if "…" in cell:
        print("    a type cut: %r" % cell.strip()); sys.exit(1)
' || { show_screen; return 1; }
}

# The whole round at SIZE in LANG (en or ru).
layout_round() {
	SIZE=$1
	LANG_TAG=$2
	if [ "$2" = ru ]; then
		set -- LANG=ru_RU.UTF-8
	else
		set --
	fi
	start_server "layout-$SIZE-$LANG_TAG" --today "$TODAY" || return 1
	login_as demo --no-keyring "$SIZE" "$@" || return 1

	# 1 Overview: every account with its balance whole.
	on overview "Updated at|Обновлено в" || return 1
	for n in 590000000001 590000000002 740000000003; do
		row_with "^ $n" | grep -Eq "[0-9][.,][0-9]{2}.(RUB|₽)" ||
			{ echo "    no whole balance for $n" >&2; show_screen; return 1; }
	done
	row_with "Balance|Баланс" | grep -Eq "^ (Account|Лицевой счёт) " ||
		{ echo "    the overview lost its account column" >&2; show_screen; return 1; }
	keys p
	on pay "Top up: the accounts|Пополнение: счета" || return 1
	back "Updated at|Обновлено в" || return 1

	# An account's details (on screen 2), and 2 Accounts: numbers and phones whole.
	keys Enter
	# Its figures come by a call of their own, after the services: the owner's name
	# says they are in (before it, "…" stands where each will be).
	wait_for_re "(Owner|Владелец) +[^ …]" 10 || return 1
	on details "Services:|Услуги:" || return 1
	back "chel_ivanova" || return 1
	check_view accounts || return 1
	for n in "+7 (342) 200-00-01" "+7 (922) 123-45-22" perm_ivanov; do
		capture | grep -qF -- "$n" || { echo "    $n is not whole" >&2; show_screen; return 1; }
	done

	# 3 Tariffs: a "±" only next to its figure; the speed kept before its "±".
	keys 3
	on tariffs "Гигабит" || return 1
	row_with "^ (Tariff|Тариф) +(Per month|В месяц)" | grep -Eq "(Speed|Скорость)" ||
		{ echo "    the speed column went before its ±" >&2; show_screen; return 1; }
	capture | grep -Eq "1,000 Mbit/s|1${NNBSP}000 Мбит/с" || { show_screen; return 1; }
	keys u
	wait_for_re "busiest|самый активный" 10 || return 1
	# 90 days back from the client's today.
	keys w
	wait_for_re "Usage from $(date -u -d '-89 days' '+%b %-d') |Расход с $(date -u -d '-89 days' '+%d.%m') " 10 ||
		return 1
	NO_GOLDEN=1 on usage "[0-9] (GB|MB|ГБ|МБ) +│" || return 1
	keys u
	wait_for "Гигабит" || return 1
	# A change of tariff asked about, and the block form (their dates are the client's).
	keys j c
	NO_GOLDEN=1 on change "Change the tariff of|Сменить тариф услуги" || return 1
	keys n
	poll_screen -E no "Change the tariff of|Сменить тариф услуги" 10 || return 1
	keys b
	NO_GOLDEN=1 on block "Voluntary block|Добровольная блокировка" || return 1
	back "Гигабит" || return 1
	poll_screen -E no "Voluntary block|Добровольная блокировка" 10 || return 1

	# 4 Payments: the account on every row, the types abbreviated by rule.
	keys 4
	on payments "all loaded|загружено всё" || return 1
	row_with "(Date|Дата) " | grep -Eq "(Account|Лицевой счёт)" ||
		{ echo "    the history lost its account column" >&2; show_screen; return 1; }
	if capture | sed '1,4d;$d' | grep -E "^ [A-Z0-9][a-z0-9]" | grep -vEq " [0-9]{12} "; then
		echo "    a row of the history without its account" >&2
		show_screen
		return 1
	fi
	type_column_whole || return 1
	if [ "$SIZE" = 120x40 ]; then
		capture | grep -Eq "Card payment|Оплата картой  " || { show_screen; return 1; }
	else
		capture | grep -Eq "Card pmt|Опл. картой" || { show_screen; return 1; }
	fi
	promise=Promise
	[ "$LANG_TAG" = ru ] && promise=Обещанный
	keys /
	type_text "$promise"
	keys Enter
	wait_selected "$promise" || return 1
	if [ "$SIZE" = 120x40 ]; then
		wait_for_re "Promised payment|Обещанный платёж" || return 1
	else
		wait_for_re "Promise  |Обещанный  " || return 1
	fi
	check_view payments-promised || return 1
	type_column_whole || return 1
	keys c
	on cards "2200 00\*\* \*\*\*\* 0004" || return 1
	back "all loaded|загружено всё" || return 1
	keys i
	on invoices "Invoices of account|Счета на оплату" || return 1
	keys Enter
	on invoice "Total:|Итого:" || return 1
	keys Escape
	poll_screen -E no "Total:|Итого:" 10 || return 1
	back "all loaded|загружено всё" || return 1
	keys t
	on transfer "Transfer between|Перевод между" || return 1
	back "all loaded|загружено всё" || return 1
	keys P
	on promised "Promised payment: account|Обещанный платёж: счёт" || return 1
	back "all loaded|загружено всё" || return 1
	# Where the money goes, and a month's charges (the months follow the server's today).
	keys m
	NO_GOLDEN=1 on chart "(Forecast for|Прогноз на) .*[0-9]" || return 1
	keys Enter
	NO_GOLDEN=1 on chart-month "(Charges of|Списания за) " || return 1
	back "(Where the money goes|Куда уходят деньги): " || return 1
	back "all loaded|загружено всё" || return 1

	# 5 Autopay: the next run with its sum whole.
	keys 5
	on autopay "Rule:|Правило:" || return 1
	row_with "^ +590000000001 " | grep -Eq "[0-9][.,][0-9]{2}.(RUB|₽)" ||
		{ echo "    the next run's sum is not whole" >&2; show_screen; return 1; }

	# 6 Bonus, and spending points: the balance whole.
	keys 6
	on bonus "Burns on|Сгорают" || return 1
	keys s
	on spend "Spend bonus points|Потратить бонусные баллы" || return 1
	back "Burns on|Сгорают" || return 1

	# 7 Support, and a request.
	keys 7
	on support "req1" || return 1
	keys Enter
	on request "Request req1|Обращение req1" || return 1
	back "(Last message|Последнее сообщение)|req1  " || return 1

	# 8 Profile, and who looked at my data (its dates are the seed's, so no golden).
	keys 8
	on profile "No device is remembered|Запомненных устройств нет" || return 1
	keys a
	NO_GOLDEN=1 on access "(Looked at|Смотрели): " || return 1
	back "No device is remembered|Запомненных устройств нет" || return 1
	# The notification settings.
	keys s
	on notifications "(Low-balance threshold|Порог низкого баланса): 100 " || return 1
	back "No device is remembered|Запомненных устройств нет" || return 1
}

test_layout_60x20_in_english() {
	layout_round 60x20 en
}

test_layout_60x20_in_russian() {
	layout_round 60x20 ru
}

test_layout_80x24_in_english() {
	layout_round 80x24 en
}

test_layout_80x24_in_russian() {
	layout_round 80x24 ru
}

test_layout_120x40_in_english() {
	layout_round 120x40 en
}

test_layout_120x40_in_russian() {
	layout_round 120x40 ru
}

run_tests
