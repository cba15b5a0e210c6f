#!/bin/sh
# Fields a hostile server leaves out, nulls or makes long,
# through tests/fake/faultproxy.py's edit mode: a required figure missing or null is a
# bad reply (exit 1, no figure shown), an optional one is "—" on the screen and null
# in --json, a real 0 is 0 on both; free text comes whole in --json and --csv and is
# cut with "…" only on the screen; text beyond the bound of docs/api.md is a bad reply.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"

# recommendedPayment is always sent (docs/api.md): without it, or null, the balance
# is not shown at all, rather than as 0 or "—".
test_a_missing_recommended_payment_is_a_bad_reply() {
	hostile norec || return 1
	for edit in '{"delete":["recommendedPayment"]}' '{"set":{"recommendedPayment":null}}'; do
		fault_edit "$edit" getAccountBalanceV2 || return 1
		sub balance --json
		bad_reply recommendedPayment || return 1
		sub balance
		bad_reply recommendedPayment || return 1
	done
	# The full screen: the balances not loaded, the bottom line says why.
	start_client 120x40 -- --server "$PROXY_URL" --login demo --no-keyring \
		--config "$PROXY_DIR/config"
	wait_for_re "Password" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "recommendedPayment is missing" 10 || return 1
	wait_for_re "590000000001 .* not loaded" 5 || return 1
	not_seen "0.00 RUB"
}

test_a_missing_balance_or_number_is_a_bad_reply() {
	hostile nobal || return 1
	fault_edit '{"delete":["balance"]}' getAccountBalanceV2 || return 1
	sub balance --json
	bad_reply balance || return 1
	fault_edit '{"set":{"balance":null}}' getAccountBalanceV2 || return 1
	sub balance
	bad_reply balance || return 1
	fault_edit '{"delete":["accounts.0.number"]}' getAccounts || return 1
	sub accounts --json
	bad_reply number || return 1
	sub balance --json
	bad_reply number
}

# A real 0 to pay is 0 in --json and on the screen, never "—".
test_a_real_zero_is_zero() {
	hostile zero || return 1
	fault_edit '{"set":{"recommendedPayment":0}}' getAccountBalanceV2 || return 1
	sub balance --json
	expect status "$STATUS" 0 || return 1
	expect "to pay" "$(json_get '[a["recommendedPayment"] for a in d["accounts"]]')" "[0, 0, 0]" ||
		return 1
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 80x24 -- --config "$PROXY_DIR/config" || return 1
	wait_for_re "590000000001 .* 830\.50 RUB +0\.00 RUB" 5 || return 1
	wait_for_re "740000000003 .* −374\.80 RUB +0\.00 RUB" 5
}

# daysToLock is optional (null when nothing is due): absent or null, it is null in
# --json and "—" on the screen; a real 0 is a lock ("now"), not "—".
test_an_absent_optional_figure_is_null_and_a_dash() {
	hostile nodays || return 1
	for edit in '{"delete":["daysToLock"]}' '{"set":{"daysToLock":null}}'; do
		fault_edit "$edit" getAccountBalanceV2 || return 1
		sub balance --json
		expect status "$STATUS" 0 || return 1
		expect "days" "$(json_get '[a["daysToLock"] for a in d["accounts"]]')" \
			"[null, null, null]" || return 1
		expect "to pay" "$(json_get '[a["recommendedPayment"] > 0 for a in d["accounts"]]')" \
			"[true, true, true]" || return 1
	done
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 120x40 -- --config "$PROXY_DIR/config" || return 1
	wait_for_re "590000000001 .* 830\.50 RUB +539\.50 RUB +— *$" 5 || return 1
	fault_edit '{"set":{"daysToLock":0}}' getAccountBalanceV2 || return 1
	keys r
	wait_for_re "590000000001 .* 830\.50 RUB +539\.50 RUB +now *$" 10
}

# A region of 200 bytes: whole in accounts --json and balance --json, cut with "…" in
# the accounts table and on the full screen.
test_a_long_region_is_cut_only_on_screen() {
	region=""
	for i in 1 2 3 4 5 6 7 8; do
		region="${region}Пермский край, "
	done
	region="${region}конец"
	hostile region || return 1
	bytes=$(printf '%s' "$region" | wc -c)
	[ "$bytes" -ge 200 ] || { echo "    the region has $bytes bytes" >&2; return 1; }
	fault_edit "{\"set\":{\"accounts.0.region\":\"$region\"}}" getAccounts || return 1
	sub accounts --json
	expect status "$STATUS" 0 || return 1
	expect "accounts --json" "$(json_get 'd["accounts"][0]["region"]')" "\"$region\"" || return 1
	not_in "$OUT" "…" || return 1
	sub balance --json
	expect "balance --json" "$(json_get 'd["accounts"][0]["region"]')" "\"$region\"" || return 1
	sub accounts
	expect status "$STATUS" 0 || return 1
	case $OUT in
	*"$region"*) echo "    the table has the whole region" >&2; return 1 ;;
	"590000000001  Пермский край, Пермский край"*"…  advance  "*) ;;
	*) echo "    the table: $OUT" >&2; return 1 ;;
	esac
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 120x40 -- --config "$PROXY_DIR/config" || return 1
	wait_for_re "590000000001  Пермский край, Пермский край, .*…  advance" 5 || return 1
	not_seen "$region"
}

# Beyond the 400 bytes docs/api.md allows a region, the reply is bad, not cut.
test_a_region_beyond_the_bound_is_a_bad_reply() {
	region=$(python3 -c 'print("Ё" * 201)')
	hostile bigregion || return 1
	fault_edit "{\"set\":{\"accounts.1.region\":\"$region\"}}" getAccounts || return 1
	sub accounts --json
	bad_reply "region is longer than 400 bytes"
}

# A history row's description of 300 bytes comes whole in --json and --csv.
test_a_long_description_comes_whole() {
	text=""
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		text="${text}Оплата, "
	done
	text="${text}конец"
	hostile descr || return 1
	fault_edit "{\"set\":{\"items.*.description\":\"$text\"}}" getPaymentHistory || return 1
	sub history --json
	expect status "$STATUS" 0 || return 1
	first=$(printf '%s\n' "$OUT" | head -n 1 | python3 -c 'import json, sys
print(json.load(sys.stdin)["description"])')
	expect "history --json" "$first" "$text" || return 1
	sub history --csv
	expect status "$STATUS" 0 || return 1
	printf '%s\n' "$OUT" | sed -n 2p | grep -qF ",\"$text\"" ||
		{ echo "    history --csv: $(printf '%s\n' "$OUT" | sed -n 2p)" >&2; return 1; }
	fault_edit "{\"set\":{\"items.0.description\":\"$text$text$text$text\"}}" getPaymentHistory ||
		return 1
	sub history --csv
	bad_reply "description is longer than 500 bytes" \
		"date,account,type,type_name,amount,description"
}

# The history's total is always sent (docs/api.md): without it, or null, a page is a
# bad reply, never a history of "0 rows".
test_a_missing_history_total_is_a_bad_reply() {
	hostile nototal || return 1
	for edit in '{"delete":["total"]}' '{"set":{"total":null}}'; do
		fault_edit "$edit" getPaymentHistory || return 1
		sub history --json
		bad_reply "total is missing" || return 1
	done
	CLIENT_URL=$PROXY_URL
	login_as demo --no-keyring 80x24 -- --config "$PROXY_DIR/config" || return 1
	keys 4
	wait_for "the whole history — could not be loaded" 10 || return 1
	not_seen " of 0 " || return 1
	# At 80 columns the reason is cut: M reads it whole.
	keys M
	wait_for "total is missing" 5
}

not_in() {	# TEXT PART
	case $1 in
	*"$2"*) echo "    has $2: $1" >&2; return 1 ;;
	esac
	return 0
}

run_tests
