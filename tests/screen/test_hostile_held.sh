#!/bin/sh
# What a hostile server's answers may hold, through
# tests/fake/faultproxy.py's edit mode: `requests`, which holds every row until it
# prints, stops at the held-rows limit (100 000 rows) rather than the streaming one;
# text the server leaves out is null in --json, never ""; a service's status that is
# too long for the client is a bad reply, never cut into --json.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"

# Pages of 55 000 requests each, every page the first with a cursor that names the
# next: the second page passes 100 000 rows, the limit of a load whose rows are all
# held, before its cursor is seen to repeat.
test_requests_stop_at_the_held_rows_limit() {
	hostile reqrows || return 1
	fault_edit '{"request":{"delete":["cursor"]},"set":{"nextCursor":"X","requests":[{"requestId":"r1","createdAt":"2026-11-17T02:08:45Z","topic":"t","status":"NEW","accountId":null,"messages":[]}]},"repeat":{"requests":55000}}' getRequests || return 1
	sub requests
	expect status "$STATUS" 1 || return 1
	expect stdout "$OUT" "" || return 1
	echo "$ERR" | grep -qF "The support requests: the load stopped at its limit of 100000 rows (nothing was written)" ||
		{ echo "    stderr: $ERR" >&2; return 1; }
	[ "$(count edit getRequests)" -eq 2 ] ||
		{ echo "    $(count edit getRequests) pages asked for" >&2; return 1; }
}

# Not sent: an account's region and address, a service's displayNumber and an
# autopay rule's cardMask are null in --json (the screens show the number for the
# displayNumber).
test_text_not_sent_is_null_in_json() {
	hostile nulls || return 1
	fault_edit '{"delete":["accounts.0.region","accounts.0.address","accounts.0.services.0.displayNumber"]}' getAccounts || return 1
	sub accounts --json
	expect status "$STATUS" 0 || return 1
	expect region "$(json_get 'd["accounts"][0]["region"]')" null || return 1
	expect address "$(json_get 'd["accounts"][0]["address"]')" null || return 1
	expect displayNumber "$(json_get 'd["accounts"][0]["services"][0]["displayNumber"]')" null || return 1
	expect number "$(json_get 'd["accounts"][0]["services"][0]["number"] is not None')" true || return 1
	# A region that came is there as it came.
	expect region "$(json_get 'd["accounts"][1]["region"]')" '"Пермский край"' || return 1
	fault_edit '{"delete":["rules.*.cardMask"]}' getAutopayRules || return 1
	sub autopay --json
	expect status "$STATUS" 0 || return 1
	expect cardMask "$(json_get 'd["rules"][0]["cardMask"]')" null || return 1
}

# A status of 40 capital letters does not fit the client: the answer is bad, never
# "ACTIVE…" in --json; a status the client does not know but holds goes out whole.
test_a_service_status_is_whole_or_bad() {
	hostile status || return 1
	fault_edit '{"set":{"accounts.0.services.0.status":"A_STATUS_OF_FORTY_CAPITAL_LETTERS_AND__"}}' getAccounts || return 1
	sub accounts --json
	expect status "$STATUS" 1 || return 1
	expect stdout "$OUT" "" || return 1
	case $ERR in
	*"could not be understood"*status*) ;;
	*) echo "    not a bad reply naming status: $ERR" >&2; return 1 ;;
	esac
	fault_edit '{"set":{"accounts.0.services.0.status":"ARCHIVED"}}' getAccounts || return 1
	sub accounts --json
	expect status "$STATUS" 0 || return 1
	expect status "$(json_get 'd["accounts"][0]["services"][0]["status"]')" '"ARCHIVED"' || return 1
}

run_tests
