#!/bin/sh
# A server whose pages never end: behind
# tests/fake/faultproxy.py, a nextCursor that always comes back (the request's cursor
# dropped, so every page is the first) or an empty page that names a next one ends
# `history --csv` and `requests` with a message and exit status 1, having written
# nothing twice, and stops the paging of screen 4 and screen 7 with the message in the
# bottom line;
# --timeout ends a subcommand whose server never answers (and refuses a bad value);
# descriptions that a spreadsheet would take as formulas come out of --csv with a '
# in front, the amounts still numbers, and --json unchanged.
. "$(dirname "$0")/lib.sh"

ENDLESS='{"request":{"delete":["cursor"]},"set":{"nextCursor":"X"}}'
REPEAT_RE="named a next page it had named before"

# How many rows demo's history has (one page).
demo_rows() {
	demo_api getPaymentHistory '{"from":"1970-01-01","limit":200}' |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))'
}

test_history_csv_with_a_cursor_that_repeats_ends() {
	start_faults csvloop || return 1
	n=$(demo_rows)
	fault_edit "$ENDLESS" getPaymentHistory || return 1
	through_proxy history --csv
	[ "$STATUS" = 1 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "The payment history: the server $REPEAT_RE" ||
		{ echo "    stderr: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "(rows written before it: $n)" || { echo "    stderr: $ERR" >&2; return 1; }
	# The header and the first page once: nothing written twice.
	[ "$(wc -l <"$TMP/out")" -eq $((n + 1)) ] ||
		{ echo "    $(wc -l <"$TMP/out") lines, want $((n + 1))" >&2; return 1; }
	[ "$(sort "$TMP/out" | uniq -d | wc -l)" -eq 0 ] || { echo "    a row written twice" >&2; return 1; }
	# Two pages asked for: the first, and the one that named X again.
	[ "$(count edit getPaymentHistory)" -eq 2 ]
}

test_history_text_and_json_end_the_same_way() {
	start_faults textloop || return 1
	fault_edit "$ENDLESS" getPaymentHistory || return 1
	through_proxy history --json
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF "$REPEAT_RE" || { echo "    $STATUS: $ERR" >&2; return 1; }
	through_proxy history
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF "$REPEAT_RE" || { echo "    $STATUS: $ERR" >&2; return 1; }
	# In Russian too.
	through_proxy LANG=ru_RU.UTF-8 history --csv
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF "страницы не кончились бы никогда" ||
		{ echo "    $STATUS: $ERR" >&2; return 1; }
}

test_requests_with_a_cursor_that_repeats_ends() {
	start_faults reqloop || return 1
	fault_edit "$ENDLESS" getRequests || return 1
	through_proxy requests
	[ "$STATUS" = 1 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "The support requests: the server $REPEAT_RE" ||
		{ echo "    stderr: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "(nothing was written)" || { echo "    stderr: $ERR" >&2; return 1; }
	[ -z "$OUT" ] || { echo "    written: $OUT" >&2; return 1; }
	through_proxy requests --json
	[ "$STATUS" = 1 ] && [ -z "$OUT" ] || { echo "    $STATUS: $OUT" >&2; return 1; }
}

test_an_empty_page_that_names_a_next_one_ends() {
	start_faults empty || return 1
	fault_edit '{"set":{"items":[],"nextCursor":"more"}}' getPaymentHistory || return 1
	through_proxy history --csv
	[ "$STATUS" = 1 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "a page with no rows that names a next page" ||
		{ echo "    stderr: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "(rows written before it: 0)" || { echo "    stderr: $ERR" >&2; return 1; }
	[ "$OUT" = "date,account,type,type_name,amount,description" ] || { echo "    out: $OUT" >&2; return 1; }
	fault_edit '{"set":{"requests":[],"nextCursor":"more"}}' getRequests || return 1
	through_proxy requests
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF "a page with no rows" || { echo "    $STATUS: $ERR" >&2; return 1; }
}

# A server that never answers: --timeout ends the subcommand, whatever
# request_timeout says (0 here: wait for ever).
test_timeout_ends_a_subcommand() {
	start_faults slowpoke || return 1
	printf 'set request_timeout = 0\n' >"$PROXY_DIR/config"
	fault hang getPaymentHistory || return 1
	through_proxy --timeout 2 history --csv
	[ "$STATUS" = 1 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "$ERR" | grep -qF "The command's time limit of 2 s passed before it was done" ||
		{ echo "    stderr: $ERR" >&2; return 1; }
	# The same from the config, after the subcommand's name too.
	printf 'set request_timeout = 0\nset timeout = 1\n' >"$PROXY_DIR/config"
	fault hang getRequests || return 1
	through_proxy requests
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF "time limit of 1 s passed" ||
		{ echo "    $STATUS: $ERR" >&2; return 1; }
}

test_a_bad_timeout_is_a_usage_error() {
	start_server badtimeout || return 1
	for bad in abc -1 86401 1.5 ""; do
		subcommand -- --timeout "$bad" balance
		[ "$STATUS" = 2 ] || { echo "    --timeout '$bad': status $STATUS" >&2; return 1; }
		echo "$ERR" | grep -qF -- "--timeout:" || { echo "    --timeout '$bad': $ERR" >&2; return 1; }
		echo "$ERR" | grep -qF "0 to 86400" || { echo "    --timeout '$bad': $ERR" >&2; return 1; }
	done
	subcommand -- balance --timeout
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -qF "option --timeout needs a value" ||
		{ echo "    $STATUS: $ERR" >&2; return 1; }
	# A generous one changes nothing.
	subcommand -- --timeout 300 balance
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
}

test_csv_formulas_get_a_quote_in_front() {
	start_faults formulas || return 1
	# Python writes the edit: the strings carry quotes, a tab and a CR.
	python3 - "$TMP/formulas.json" <<'PY' || return 1
import json, sys
descriptions = ['=HYPERLINK("http://evil.example","Pay debt here")',
                "@SUM(1+1)*cmd|' /C calc'!A0", "+79001234567", "-1+1", "\tTab", "\rCR"]
edit = {"set": {"items.%d.description" % i: d for i, d in enumerate(descriptions)}}
edit["set"]["items.0.amount"] = -12345
edit["set"]["items.0.type"] = "=1+1"
json.dump(edit, open(sys.argv[1], "w"))
PY
	fault_edit "$(cat "$TMP/formulas.json")" getPaymentHistory || return 1
	through_proxy history --csv
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	for want in "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Pay debt here\"\")\"" \
		"\"'@SUM(1+1)*cmd|' /C calc'!A0\"" "\"'+79001234567\"" "\"'-1+1\"" \
		"\"' Tab\"" "\"' CR\"" ",\"'=1+1\",\"'=1+1\",-123.45,"; do
		grep -qF -- "$want" "$TMP/out" || { echo "    not in the CSV: $want" >&2; cat "$TMP/out" >&2; return 1; }
	done
	# No field begins with a formula character unguarded; the amounts stay numbers.
	python3 - "$TMP/out" <<'PY' || return 1
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["date", "account", "type", "type_name", "amount", "description"], rows[0]
for r in rows[1:]:
    for f in r[1:4] + r[5:]:
        assert not f or f[0] not in "=+-@\t\r", r
    assert re.fullmatch(r"-?[0-9]+\.[0-9]{2}", r[4]), r
PY
	# --json keeps the server's text as it is.
	through_proxy history --json
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	python3 - "$TMP/out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[0]["description"] == '=HYPERLINK("http://evil.example","Pay debt here")', rows[0]
assert rows[0]["amount"] == -12345, rows[0]
assert rows[4]["description"] == "\tTab", rows[4]
PY
}

# A spreadsheet that trims spaces reads a formula behind them: a line break or spaces
# in front of = + - @ do not hide it from the rule.
test_csv_formula_behind_blank_space_gets_a_quote_too() {
	start_faults blankformulas || return 1
	python3 - "$TMP/blank.json" <<'PY' || return 1
import json, sys
descriptions = ['\n=HYPERLINK("http://evil.example","Pay debt here")', " =1+1",
                "   @SUM(1)", "  Top-up"]
edit = {"set": {"items.%d.description" % i: d for i, d in enumerate(descriptions)}}
json.dump(edit, open(sys.argv[1], "w"))
PY
	fault_edit "$(cat "$TMP/blank.json")" getPaymentHistory || return 1
	through_proxy history --csv
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	for want in "\"' =HYPERLINK(\"\"http://evil.example\"\",\"\"Pay debt here\"\")\"" \
		"\"' =1+1\"" "\"'   @SUM(1)\"" ",\"  Top-up\""; do
		grep -qF -- "$want" "$TMP/out" || { echo "    not in the CSV: $want" >&2; cat "$TMP/out" >&2; return 1; }
	done
	python3 - "$TMP/out" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
for r in rows[1:]:
    for f in r[1:4] + r[5:]:
        assert not f.lstrip() or f.lstrip()[0] not in "=+-@", r
PY
}

# Screen 4: moving down follows the pages (G asks for the oldest page alone now), and a
# cursor that comes back ends it with the message in the bottom line; the rows loaded
# stay.
test_screen_4_paging_stops_at_a_cursor_that_repeats() {
	start_faults screen4 || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 120x40 -- --config "$PROXY_DIR/config" || return 1
	fault_edit "$ENDLESS" getPaymentHistory || return 1
	keys 4
	wait_for "more below" 10 || return 1
	keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
	wait_for "$REPEAT_RE" 10 || return 1
	wait_for "The payment history" 1 || return 1
	# The header does not say "all loaded".
	wait_for_re "[0-9]+ rows, the load stopped" 1 || return 1
	not_seen "all loaded" || return 1
	# Asked twice, no more: the first page and the one that named X again.
	[ "$(count edit getPaymentHistory)" -eq 2 ] ||
		{ echo "    $(count edit getPaymentHistory) pages asked for" >&2; return 1; }
	alive
}

# Screen 7 asks for the next page of requests by itself: the same guard ends it.
test_screen_7_stops_at_a_cursor_that_repeats() {
	start_faults screen7 || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 120x40 -- --config "$PROXY_DIR/config" || return 1
	fault_edit "$ENDLESS" getRequests || return 1
	keys 7
	wait_for "The support requests: the server $REPEAT_RE" 10 || return 1
	wait_for "req1" 1 || return 1
	[ "$(count edit getRequests)" -eq 2 ] ||
		{ echo "    $(count edit getRequests) pages asked for" >&2; return 1; }
	alive
}

test_screen_4_in_russian_at_80x24() {
	start_faults screen4ru || return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 80x24 LANG=ru_RU.UTF-8 -- --config "$PROXY_DIR/config" || return 1
	fault_edit "$ENDLESS" getPaymentHistory || return 1
	keys 4
	wait_for "ниже есть ещё" 10 || return 1
	keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
	wait_for_re "сервер снова назвал|История платежей" 10 || return 1
	alive
}

run_tests
