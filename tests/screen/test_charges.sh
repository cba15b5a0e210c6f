#!/bin/sh
# `kabinet charges` against a real kabinetd with the demo data: its JSON Lines add up,
# for every month and account, to minus that month's CHARGE rows of `kabinet history
# --json`; --account keeps one account's rows (another number is exit status 2); the
# CSV is read back by Python's csv module as the same rows; --months outside 1 to 24 is
# refused before any request; the table speaks the interface's language. Through a
# hostile proxy: a service's name with an escape sequence, a title, a bidi override and
# a line break reaches no output unsafe, and an answer whose total is not the sum of
# its parts, or whose parts add up beyond ±2^53, is a bad reply (exit 1, nothing
# printed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"

# The months getCharges covers now (the server's today), newest first, one a line.
api_months() {	# [MONTHS]
	demo_api getCharges "{\"months\":${1:-12}}" | python3 -c 'import json, sys
for m in json.load(sys.stdin)["months"]:
    print(m["month"])'
}

test_json_lines_add_up_to_the_history() {
	SERVER_URL=$MAIN_URL
	api_months >"$TMP/months" || return 1
	subcommand -- charges --json
	expect status "$STATUS" 0 || return 1
	cp "$TMP/out" "$TMP/charges.jsonl"
	subcommand -- history --json
	expect status "$STATUS" 0 || return 1
	python3 - "$TMP/charges.jsonl" "$TMP/out" "$TMP/months" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
history = [json.loads(l) for l in open(sys.argv[2])]
months = set(open(sys.argv[3]).read().split())
bad = []
if len(months) != 12:
    bad.append("the API covers %d months, not 12" % len(months))
if not rows:
    bad.append("no rows")
keys = {"month", "accountNumber", "serviceId", "service", "kind", "amount"}
charged, services = {}, set()
for r in rows:
    if set(r) != keys:
        bad.append("keys %s" % sorted(r))
        continue
    if not re.fullmatch(r"\d{4}-\d{2}", r["month"]) or r["month"] not in months:
        bad.append("month %r" % r["month"])
    if not re.fullmatch(r"\d{12}", r["accountNumber"]):
        bad.append("accountNumber %r" % r["accountNumber"])
    if r["kind"] not in ("TARIFF", "OPTION", "ONE_OFF", "PROMISED_FEE"):
        bad.append("kind %r" % r["kind"])
    if (r["serviceId"] is None) != (r["service"] is None):
        bad.append("serviceId %r with service %r" % (r["serviceId"], r["service"]))
    if not isinstance(r["amount"], int) or r["amount"] <= 0:
        bad.append("amount %r" % r["amount"])
    key = (r["month"], r["accountNumber"])
    charged[key] = charged.get(key, 0) + r["amount"]
    services.add(r["serviceId"])
history_charged = {}
for h in history:
    if h["type"] == "CHARGE" and h["date"][:7] in months:
        key = (h["date"][:7], h["accountNumber"])
        history_charged[key] = history_charged.get(key, 0) - h["amount"]
if charged != history_charged:
    bad.append("charges %s != history %s" % (sorted(charged.items()), sorted(history_charged.items())))
if len(services) < 3:
    bad.append("only %d services charged" % len(services))
for b in bad[:10]:
    print("    " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

test_one_account() {
	SERVER_URL=$MAIN_URL
	subcommand -- charges --json
	expect status "$STATUS" 0 || return 1
	grep '"accountNumber":"590000000001"' "$TMP/out" >"$TMP/want"
	[ -s "$TMP/want" ] || { echo "    no rows of 590000000001" >&2; return 1; }
	subcommand -- charges --account 590000000001 --json
	expect status "$STATUS" 0 || return 1
	expect rows "$OUT" "$(cat "$TMP/want")" || return 1
	subcommand -- charges --account 590000000099
	expect status "$STATUS" 2 || return 1
	expect stdout "$OUT" "" || return 1
	expect stderr "$ERR" "kabinet: charges: --account 590000000099 is not an account of this profile"
}

test_csv_is_the_same_rows() {
	SERVER_URL=$MAIN_URL
	subcommand -- charges --json
	expect status "$STATUS" 0 || return 1
	cp "$TMP/out" "$TMP/charges.jsonl"
	subcommand -- charges --csv
	expect status "$STATUS" 0 || return 1
	python3 - "$TMP/charges.jsonl" "$TMP/out" <<'PY'
import csv, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    table = list(csv.DictReader(f))
    f.seek(0)
    header = f.readline().strip()
bad = []
if header != "month,account,service_id,service,kind,kind_name,amount,names":
    bad.append("header %r" % header)
if len(table) != len(rows):
    bad.append("%d CSV rows, %d JSON lines" % (len(table), len(rows)))
for c, j in zip(table, rows):
    rubles, _, kopecks = c["amount"].partition(".")
    got = (c["month"], c["account"], c["service_id"] or None, c["service"] or None, c["kind"],
           int(rubles) * 100 + int(kopecks))
    want = (j["month"], j["accountNumber"], j["serviceId"], j["service"], j["kind"], j["amount"])
    if got != want or len(kopecks) != 2:
        bad.append("%r != %r" % (got, want))
    if not c["kind_name"] or (c["kind"] == "TARIFF" and not c["names"]):
        bad.append("kind_name %r, names %r" % (c["kind_name"], c["names"]))
for b in bad[:10]:
    print("    " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

test_months_outside_1_to_24_are_refused() {
	SERVER_URL=$MAIN_URL
	for n in 0 25 -1 abc 1.5 ""; do
		subcommand -- charges --months "$n"
		expect "status of --months $n" "$STATUS" 2 || return 1
		expect stdout "$OUT" "" || return 1
		case $ERR in
		*"charges: --months takes a number of months from 1 to 24, not $n"*) ;;
		*) echo "    --months $n: $ERR" >&2; return 1 ;;
		esac
	done
	subcommand -- charges --json --csv
	expect status "$STATUS" 2 || return 1
	subcommand -- --staff charges
	expect "status with --staff" "$STATUS" 2 || return 1
	# One month: the current one only, as the API counts it.
	subcommand -- charges --months 1 --json
	expect status "$STATUS" 0 || return 1
	expect months "$(printf '%s\n' "$OUT" | sed 's/^{"month":"\([0-9-]*\)".*/\1/' | sort -u)" \
		"$(api_months 1)"
}

test_the_table_in_english_and_russian() {
	SERVER_URL=$MAIN_URL
	month=$(api_months 1)
	subcommand -- charges --months 1 --account 590000000001
	expect status "$STATUS" 0 || return 1
	printf '%s\n' "$OUT" | grep -q "^$month  590000000001  Интернет perm_ivanov  *tariff  *650.00 RUB  Домашний 300$" ||
		{ echo "    $OUT" >&2; return 1; }
	subcommand LANG=ru_RU.UTF-8 -- charges --months 1 --account 590000000001
	expect status "$STATUS" 0 || return 1
	printf '%s\n' "$OUT" | grep -q "^$month  590000000001  Интернет perm_ivanov  *тариф  *650,00[^0-9]*₽  Домашний 300$" ||
		{ echo "    $OUT" >&2; return 1; }
}

# Server text is untrusted: a service's name is free text, kept whole, printed safely.
test_a_hostile_service_name_is_printed_safely() {
	hostile evil || return 1
	fault_edit '{"set":{"months.*.accounts.*.services.0.service":"\u001b]0;PWNED\u0007\u001b[2J\u202eИнтернет evil\nFORGED"}}' \
		getCharges || return 1
	for format in "" --json --csv; do
		# shellcheck disable=SC2086
		sub charges $format
		expect "status of charges $format" "$STATUS" 0 || return 1
		grep -q "evil" "$TMP/out" || { echo "    no name in $format: $OUT" >&2; return 1; }
		safe_output "$TMP/out" || return 1
	done
}

# The figures must add up: a total a kopeck off, or parts beyond what can be added,
# is refused whole, whatever the format.
test_totals_that_do_not_add_up_are_refused() {
	hostile sums || return 1
	fault_edit '{"set":{"months.0.accounts.0.total":1}}' getCharges || return 1
	sub charges
	bad_reply "total 1 is not the sum of its parts" || return 1
	sub charges --json
	bad_reply "total 1" || return 1
	sub charges --csv
	bad_reply "total 1" || return 1
	fault_edit '{"set":{"months.0.accounts.0.services.0.kinds.0.amount":9007199254740000,"months.0.accounts.0.services.1.kinds.0.amount":9007199254740000}}' \
		getCharges || return 1
	sub charges --json
	bad_reply "beyond what can be added"
}

start_server main || exit 1
MAIN_URL=$SERVER_URL
run_tests
