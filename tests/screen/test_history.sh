#!/bin/sh
# `kabinet history` for scripts: every row of getPaymentHistory once and in the API's
# order, --account, --from/--to, the CSV and JSON Lines forms, dates checked before
# any request (exit status 2), and memory that does not grow with the rows (the scale
# seed at 20 000 and 100 000 rows).
. "$(dirname "$0")/lib.sh"

# hist [VAR=value...] -- ARGS...: kabinet without a terminal as LOGIN (demo unless
# HIST_LOGIN says), the password from a password command; sets OUT (a file), ERR and
# STATUS. With HIST_TIME set, under /usr/bin/time -v into $TMP/time.
hist() {
	envs=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	SUB_WRAP=""
	[ -n "${HIST_TIME:-}" ] && SUB_WRAP="/usr/bin/time -v -o $TMP/time"
	SUB_LOGIN=${HIST_LOGIN:-demo}
	# shellcheck disable=SC2086
	subcommand $envs -- history "$@"
	SUB_WRAP=""
	SUB_LOGIN=""
	OUT=$TMP/out
}

expect() {	# WHAT
	echo "    $1: status $STATUS; err: $ERR; out: $(head -c 400 "$OUT")" >&2
	return 1
}

# api_rows BODY: every row the API gives for the filters in BODY (a JSON object's
# members, without braces), paged by its own cursor, one JSON object a line in
# $TMP/api.jsonl.
api_rows() {
	jar=$TMP/jar-hist
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	: >"$TMP/api.jsonl"
	cursor=""
	while :; do
		body="{${1:+$1,}\"limit\":200${cursor:+,\"cursor\":\"$cursor\"}}"
		api "$SERVER_URL" "$jar" getPaymentHistory "$body" >"$TMP/page.json"
		cursor=$(python3 - "$TMP/page.json" "$TMP/api.jsonl" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
with open(sys.argv[2], "a") as f:
    for it in d["items"]:
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
print(d.get("nextCursor", ""))
PY
)
		[ -n "$cursor" ] || break
	done
}

# The ids of --json against the API's: the same rows, once each, in the same order.
same_rows() {
	python3 - "$OUT" "$TMP/api.jsonl" <<'PY'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
want = [json.loads(l) for l in open(sys.argv[2])]
ids = [g["id"] for g in got]
if len(ids) != len(set(ids)):
    sys.exit("    a row came twice")
if ids != [w["id"] for w in want]:
    sys.exit("    %d rows, the API has %d, or another order" % (len(ids), len(want)))
for g, w in zip(got, want):
    if g["amount"] != w["amount"] or g["type"] != w["type"] or g["date"] != w["date"]:
        sys.exit("    row %s: %r is not the API's %r" % (g["id"], g, w))
    if not isinstance(g["amount"], int):
        sys.exit("    amount is not an integer of kopecks: %r" % g)
PY
}

test_every_row_once_in_the_apis_order() {
	start_server all || return 1
	hist -- --json
	[ "$STATUS" = 0 ] && [ -z "$ERR" ] || expect "status" || return 1
	api_rows '"from":"1970-01-01"'
	# Two years and more of demo's history: more than one page of 50 (the default).
	[ "$(wc -l <"$TMP/api.jsonl")" -gt 100 ] || { echo "    too few rows to page" >&2; return 1; }
	same_rows
}

test_json_lines_have_kopecks_ids_and_numbers() {
	start_server json || return 1
	hist -- --json --account 740000000003
	[ "$STATUS" = 0 ] || expect "status" || return 1
	python3 - "$OUT" <<'PY' || return 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows, "no rows"
for r in rows:
    assert r["accountNumber"] == "740000000003", r
    assert r["accountId"] and isinstance(r["amount"], int), r
    assert r["type"] in ("PAYMENT", "CHARGE", "TRANSFER_IN", "TRANSFER_OUT", "PROMISED",
                         "BONUS", "REFUND", "AUTOPAY"), r
# The relative's account is charged 550,00 a month.
assert any(r["type"] == "CHARGE" and r["amount"] == -55000 for r in rows), rows[:3]
PY
}

test_account_filter_gives_that_accounts_rows() {
	start_server account || return 1
	id=$(api "$SERVER_URL" "$TMP/jar-a" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null;
		api "$SERVER_URL" "$TMP/jar-a" getAccounts | python3 -c 'import json, sys
print([a["accountId"] for a in json.load(sys.stdin)["accounts"] if a["number"] == "590000000002"][0])')
	hist -- --json --account 590000000002
	[ "$STATUS" = 0 ] || expect "status" || return 1
	api_rows "\"accountId\":\"$id\",\"from\":\"1970-01-01\""
	same_rows || return 1
	hist -- --account 590000000009
	[ "$STATUS" = 2 ] || expect "an unknown account" || return 1
	echo "$ERR" | grep -q "590000000009" || expect "the message names the account"
}

test_period_gives_the_rows_of_those_days() {
	start_server period || return 1
	hist -- --json --from 2025-01-01 --to 2025-03-31
	[ "$STATUS" = 0 ] || expect "status" || return 1
	api_rows '"from":"2025-01-01","to":"2025-03-31"'
	[ -s "$TMP/api.jsonl" ] || { echo "    no rows in the period" >&2; return 1; }
	same_rows || return 1
	python3 - "$OUT" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)["date"]
    assert "2025-01-01" <= d <= "2025-03-31", d
PY
}

test_csv_has_a_header_and_the_apis_rows() {
	start_server csv || return 1
	hist -- --csv
	[ "$STATUS" = 0 ] || expect "status" || return 1
	[ "$(head -n 1 "$OUT")" = "date,account,type,type_name,amount,description" ] ||
		expect "the header" || return 1
	api_rows '"from":"1970-01-01"'
	[ $(($(wc -l <"$OUT") - 1)) = "$(wc -l <"$TMP/api.jsonl")" ] || expect "one line a row" || return 1
	# The first row as a spreadsheet reads it: ISO date, the number, a dot decimal.
	python3 - "$OUT" "$TMP/api.jsonl" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
api = [json.loads(l) for l in open(sys.argv[2])]
for got, want in zip(rows[1:], api):
    k = want["amount"]
    amount = "%s%d.%02d" % ("-" if k < 0 else "", abs(k) // 100, abs(k) % 100)
    assert got[0] == want["date"] and got[2] == want["type"] and got[4] == amount, (got, want)
    assert got[5] == want["description"], (got, want)
    assert len(got[1]) == 12 and got[1].isdigit(), got
assert any(r[4].startswith("-") for r in rows[1:]) and any("." in r[4] for r in rows[1:])
PY
}

test_table_has_signed_amounts_in_words() {
	start_server table || return 1
	hist -- --from 2026-12-01 --to 2026-12-01
	[ "$STATUS" = 0 ] || expect "status" || return 1
	grep "590000000001" "$OUT" | grep "Charge" | grep -qF "$(money -137000 en)" ||
		expect "the charge of 590000000001" || return 1
	hist LANG=ru_RU.UTF-8 -- --lang ru --from 2026-12-01 --to 2026-12-01
	grep "590000000001" "$OUT" | grep "Списание" | grep -qF "$(money -137000 ru)" ||
		expect "the charge in Russian" || return 1
	safe_output "$OUT"
}

test_bad_dates_are_usage_errors_before_any_request() {
	# No server at all: the dates are refused before anything is asked.
	SERVER_URL=http://127.0.0.1:9
	for args in "--from 2025-02-30" "--to 2025-13-01" "--from 25-01-01" "--to yesterday" \
		"--from 2025-05-01 --to 2025-04-30" "--from" "--json --csv" "--since 2025-01-01"; do
		# shellcheck disable=SC2086
		hist -- $args
		[ "$STATUS" = 2 ] || expect "$args" || return 1
	done
}

# scale_run ROWS: `history --csv` as the scale profile over ROWS rows; sets RSS (kB).
scale_run() {
	mkdir -p "$TMP/scale$1"
	"$KABINETD" admin seed --db "$TMP/scale$1/kabinet.db" scale --accounts 1 --history "$1" \
		>/dev/null || return 1
	start_server "scale$1" || return 1
	rows=$(sqlite3 "$SERVER_DIR/kabinet.db" "SELECT count(*) FROM history h JOIN accounts a
		ON a.id = h.account_id JOIN profiles p ON p.id = a.profile_id WHERE p.login = 'scale'")
	# Under AddressSanitizer, freed memory waits in a quarantine (256 MB) before it is
	# reused, which would grow with the rows whatever kabinet holds: none here.
	HIST_TIME=1 HIST_LOGIN=scale hist ASAN_OPTIONS=quarantine_size_mb=0 -- --csv
	[ "$STATUS" = 0 ] || expect "status" || return 1
	[ $(($(wc -l <"$OUT") - 1)) = "$rows" ] || { echo "    $(wc -l <"$OUT") lines for $rows rows" >&2; return 1; }
	RSS=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time")
	[ -n "$RSS" ]
}

test_memory_does_not_grow_with_the_rows() {
	[ -x /usr/bin/time ] || { echo "    /usr/bin/time is needed" >&2; return 1; }
	scale_run 20000 || return 1
	small=$RSS
	scale_run 100000 || return 1
	big=$RSS
	echo "    peak RSS: $small kB at 20 000 rows, $big kB at 100 000" >&2
	# Holding the rows would take some 20 MB more; a page is 200 rows.
	[ "$big" -le $((small + small / 10 + 1024)) ] ||
		{ echo "    memory grew with the rows" >&2; return 1; }
}

run_tests
