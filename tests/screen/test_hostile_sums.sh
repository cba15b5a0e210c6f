#!/bin/sh
# Figures beyond what can be added: a hostile server
# (tests/fake/faultproxy.py's edit mode) sends figures each within the API's range
# (2^53 − 1 kopecks at most) whose sums are not: history pages of such amounts, an
# invoice of 1 100 such lines, 1 100 such option fees, a promised offer's days and an
# autopay forecast beyond the calendar and the range. Each time the screen or the
# subcommand says the server's figures are beyond what can be added, and no figure
# the server did not send (a wrapped sum) is shown as real. Under the sanitizer build
# (make asan) an overflow fails the test by its report.
. "$(dirname "$0")/lib.sh"

BIG=9007199254740991	# 2^53 − 1: the largest figure the API allows
BIG_EN="90,071,992,547,409.91"
BEYOND="the server's figures are beyond what can be added"

# No money figure of 10^14 roubles or more on the screen but the one the server sent:
# a sum of such figures, or one wrapped round, is never shown as if true.
no_wrapped_figure() {
	odd=$(capture | grep -oE '[0-9]{1,3}(,[0-9]{3}){4,}\.[0-9]{2}' | grep -vxF "$BIG_EN")
	[ -z "$odd" ] && return 0
	echo "    a figure the server did not send: $odd" >&2
	show_screen
	return 1
}

# A client logged in as demo through the proxy at 120x40 (the bottom line whole), in
# English, on the overview.
hostile_client() {	# NAME
	start_faults "$1" || return 1
	CLIENT_URL=$PROXY_URL login_as demo --no-keyring 120x40 -- --config "$PROXY_DIR/config"
}

# service_id NUMBER: the id of demo's service with that number (ids are opaque).
service_id() {
	demo_api getAccounts | python3 -c 'import json, sys
for a in json.load(sys.stdin)["accounts"]:
    for s in a["services"]:
        if s["number"] == sys.argv[1]: print(s["serviceId"])' "$1"
}

# raw_answer METHOD FILE: from now on METHOD's answer is FILE's body (ASCII JSON).
raw_answer() {
	FAULT_EDITS=$((${FAULT_EDITS:-0} + 1))
	python3 -c 'import json, sys; print(json.dumps({"raw": open(sys.argv[1]).read()}))' "$2" \
		>"$PROXY_DIR/edit$FAULT_EDITS.json" || return 1
	fault "edit:$PROXY_DIR/edit$FAULT_EDITS.json" "$1"
}

# History pages of the largest amounts, the next page always offered (the first one
# again): the first page already cannot be added up, so it is refused; none of its
# rows, no balance shown.
test_history_pages_beyond_what_can_be_added() {
	hostile_client hist || return 1
	fault_edit "{\"request\":{\"delete\":[\"cursor\"]},\"set\":{\"items.*.amount\":$BIG,\"nextCursor\":\"v1.again\"}}" \
		getPaymentHistory || return 1
	keys 4
	# A client that took the first page goes on to the end: G.
	wait_for_re "$BEYOND|more below" 10 || return 1
	keys G
	wait_for "$BEYOND" 20 || return 1
	not_seen "$BIG_EN" || return 1
	no_wrapped_figure || return 1
	alive
}

# An invoice of 1 100 lines of the largest amount each.
test_invoice_of_1100_lines_beyond_what_can_be_added() {
	hostile_client inv || return 1
	fault_edit "{\"set\":{\"amount\":$BIG,\"lines.*.amount\":$BIG},\"repeat\":{\"lines\":1100}}" \
		getInvoice || return 1
	keys 4
	wait_for_re "all loaded|more below" 10 || return 1
	keys i
	wait_for "Invoices of account 5" 5 || return 1
	# The list itself first: Enter on a list still loading opens nothing.
	wait_for_re "(not paid|paid)$" 20 || return 1
	keys g Enter
	wait_for "$BEYOND" 20 || return 1
	not_seen "Total: " || return 1
	no_wrapped_figure || return 1
	alive
}

# 1 100 options of the largest fee, all connected: the header says the sum cannot be
# made instead of a figure, and o does not offer a change whose cost it cannot say.
test_option_fees_beyond_what_can_be_added() {
	hostile_client opts || return 1
	demo_api getServiceInfo "{\"serviceId\":\"$(service_id perm_ivanov)\"}" >"$TMP/info.json"
	python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
o = s["options"][0]
s["options"] = [dict(o, optionId="%s_%d" % (o["optionId"], i), name="Option %d" % i,
                     monthlyFee=int(sys.argv[2]), enabled=True) for i in range(1100)]
print(json.dumps(s))' "$TMP/info.json" "$BIG" >"$TMP/options.json" || return 1
	raw_answer getServiceInfo "$TMP/options.json" || return 1
	keys 3
	wait_for "Tariff \"Домашний 300\": 650.00 RUB a month; with the options: $BEYOND" 15 ||
		return 1
	not_seen "with the options: −" || return 1
	no_wrapped_figure || return 1
	keys o
	wait_for "Choose the option in the list, then press the key again." 3 || return 1
	wait_selected "Option 0" || return 1
	keys o
	wait_for "The option cannot be changed here: $BEYOND." 3 || return 1
	not_seen "The service then costs" || return 1
	alive
}

# The subcommand: a promised offer whose days reach before the calendar, and then a
# forecast whose balance minus the fee is beyond the range: exit 1 with the words,
# nothing on stdout.
test_autopay_subcommand_beyond_what_can_be_added() {
	start_faults apsub || return 1
	real=$SERVER_URL
	SERVER_URL=$PROXY_URL
	fault_edit "{\"set\":{\"days\":$BIG}}" getPromisedPaymentOffer || return 1
	subcommand -- --config "$PROXY_DIR/config" autopay
	ok=0
	[ "$STATUS" -eq 1 ] && [ -z "$OUT" ] && echo "$ERR" | grep -qF "$BEYOND" || ok=1
	[ $ok -eq 0 ] || echo "    days: status $STATUS, out '$OUT', err '$ERR'" >&2
	if [ $ok -eq 0 ]; then
		FAULT_EDITS=$((FAULT_EDITS + 1))
		printf '{"set":{"balance":-%s,"maxAmount":%s}}\n' "$BIG" "$BIG" \
			>"$PROXY_DIR/edit$FAULT_EDITS.json"
		fault "edit:$PROXY_DIR/edit$FAULT_EDITS.json" getAccountBalanceV2 \
			getPromisedPaymentOffer || ok=1
		subcommand -- --config "$PROXY_DIR/config" autopay --json
		[ "$STATUS" -eq 1 ] && [ -z "$OUT" ] && echo "$ERR" | grep -qF "$BEYOND" || ok=1
		[ $ok -eq 0 ] || echo "    forecast: status $STATUS, out '$OUT', err '$ERR'" >&2
	fi
	SERVER_URL=$real
	return $ok
}

run_tests
