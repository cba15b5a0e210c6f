#!/bin/sh
# Self-test of tests/fake/fakeserver.py: starts each scenario and checks with curl
# (and a little Python for JSON and raw bytes) that it answers as specified.
# Prints cmocka-style result lines for scripts/run-tests.sh. Nothing sleeps a fixed
# time: everything polls.

set -u
cd "$(dirname "$0")/../.." || exit 1
FAKE=$PWD/tests/fake/fakeserver.py
PASSWORD=Kabinet-2026
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fakeserver-test-XXXXXX") || exit 1
. "$PWD/tests/cmocka.sh"
PIDS=""

cleanup() {
	for pid in $PIDS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

say() {
	echo "    $*"
}

# start_fake NAME [fakeserver options...]: sets URL, PID and D (its directory,
# with stdout, log, stats.json and the curl cookie jar).
start_fake() {
	D=$TMP/$1
	shift
	mkdir -p "$D"
	python3 "$FAKE" --listen 127.0.0.1:0 --stats "$D/stats.json" "$@" \
		>"$D/stdout" 2>"$D/log" &
	PID=$!
	PIDS="$PIDS $PID"
	i=0
	while [ $i -lt 200 ]; do
		URL=$(sed -n 's/^fakeserver listening on \(http:[^ ]*\)$/\1/p' "$D/stdout" 2>/dev/null)
		[ -n "$URL" ] && return 0
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	say "fakeserver did not start:"
	cat "$D/log" >&2
	return 1
}

# stop_fake: SIGTERM; the server must exit 0 without a traceback.
stop_fake() {
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
	rc=$?
	PIDS=$(echo "$PIDS" | sed "s/ $PID\$//; s/ $PID / /")
	if [ $rc -ne 0 ]; then
		say "fakeserver exited with status $rc"
		return 1
	fi
	if grep -q Traceback "$D/log"; then
		say "traceback in the log:"
		cat "$D/log" >&2
		return 1
	fi
}

csrf() {
	awk '$6=="CSRF-TOKEN"{print $7}' "$D/jar" 2>/dev/null
}

# api METHOD [JSON]: one call with the jar; the body goes to $D/body, the status
# is printed.
api() {
	curl -s -m 20 -b "$D/jar" -c "$D/jar" -H 'Content-Type: application/json' \
		-H "CSRF-TOKEN: $(csrf)" -o "$D/body" -w '%{http_code}' \
		-d "${2:-{\}}" "$URL/client-api/$1"
}

login() {
	st=$(api login "{\"login\":\"demo\",\"passwd\":\"$PASSWORD\"${1:-}}")
	[ "$st" = 200 ] || { say "login answered $st: $(cat "$D/body")"; return 1; }
}

# expect WHAT ACTUAL WANTED
expect() {
	[ "$2" = "$3" ] && return 0
	say "$1: got '$2', wanted '$3'"
	return 1
}

# py FILE EXPR: EXPR evaluated with d = FILE parsed as JSON (raw bytes kept as
# surrogates, control characters allowed) and b = its bytes; prints the result.
py() {
	python3 -c '
import json, sys
b = open(sys.argv[1], "rb").read()
try:
    d = json.loads(b.decode("utf-8", "surrogateescape"), strict=False)
except ValueError:
    d = None
print(eval(sys.argv[2]))' "$1" "$2"
}

# body EXPR and stats EXPR: py on the last answer and on the stats file.
body() {
	py "$D/body" "$1"
}
stats() {
	py "$D/stats.json" "$1"
}

# poll_stats EXPR: waits up to 10 s for EXPR on the stats file to be True.
poll_stats() {
	i=0
	while [ $i -lt 200 ]; do
		[ "$(stats "$1" 2>/dev/null)" = True ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	say "stats never had $1: $(cat "$D/stats.json")"
	return 1
}

# --- the tests ---

test_normal_login_and_overview() {
	start_fake normal --scenario normal || return 1
	expect "getAccounts before login" "$(api getAccounts)" 401 || return 1
	expect "wrong password" "$(api login '{"login":"demo","passwd":"nope"}')" 401 || return 1
	expect "its errorCode" "$(body 'd["errorCode"]')" UNAUTHORIZED || return 1
	expect "no login field" "$(api login '{"passwd":"x"}')" 422 || return 1
	login ',"remember":true' || return 1
	expect "login answer" "$(body 'sorted(d) == ["rememberToken", "status"] and d["status"]')" OK || return 1
	token=$(body 'd["rememberToken"]')
	grep -q 'SESSION' "$D/jar" && grep -q 'CSRF-TOKEN' "$D/jar" || { say "no cookies"; return 1; }
	expect "without the CSRF header" "$(curl -s -b "$D/jar" -H 'Content-Type: application/json' \
		-o "$D/body" -w '%{http_code}' -d '{}' "$URL/client-api/getAccounts")" 403 || return 1
	expect "its errorCode" "$(body 'd["errorCode"]')" CSRF || return 1
	expect getAccounts "$(api getAccounts '{"client_uuid":"x"}')" 200 || return 1
	expect "3 accounts" "$(body 'len(d["accounts"])')" 3 || return 1
	expect "12-digit numbers" "$(body 'all(len(a["number"]) == 12 and a["number"].isdigit() for a in d["accounts"])')" True || return 1
	expect "one service each" "$(body '[len(a["services"]) for a in d["accounts"]]')" "[1, 1, 1]" || return 1
	expect "Russian regions" "$(body 'd["accounts"][0]["region"]')" "Пермский край" || return 1
	expect getAccountBalanceV2 "$(api getAccountBalanceV2 '{"accountId":"acc1"}')" 200 || return 1
	expect "balance keys" "$(body 'sorted(d)')" "['balance', 'daysToLock', 'promisedPayment', 'recommendedPayment']" || return 1
	expect "integer kopecks" "$(body 'type(d["balance"]).__name__')" int || return 1
	expect "a negative balance" "$(api getAccountBalanceV2 '{"accountId":"acc2"}') $(body 'd["balance"] < 0')" "200 True" || return 1
	expect "unknown account" "$(api getAccountBalanceV2 '{"accountId":"acc99"}') $(body 'd["errorCode"], d["field"]')" "404 ('NOT_FOUND', 'accountId')" || return 1
	expect "no accountId" "$(api getAccountBalanceV2)" 422 || return 1
	expect getProfile "$(api getProfile) $(body 'd["lastName"], d["twoStepLogin"]')" "200 ('Иванов', False)" || return 1
	expect getFplStatus "$(api getFplStatus) $(body 'd["levelInfo"]["level"], d["balanceBurningPoints"][0]["points"]')" "200 ('STANDARD', 300)" || return 1
	expect getAutopayRules "$(api getAutopayRules) $(body 'd')" "200 {'rules': []}" || return 1
	expect getDevices "$(api getDevices) $(body '[x["current"] for x in d["devices"]]')" "200 [True]" || return 1
	expect "unknown method" "$(api getNothing)" 404 || return 1
	expect loginByToken "$(api loginByToken "{\"rememberToken\":\"$token\"}")" 200 || return 1
	new=$(body 'd["rememberToken"]')
	[ -n "$new" ] && [ "$new" != "$token" ] || { say "the token was not rotated"; return 1; }
	expect "the old token again" "$(api loginByToken "{\"rememberToken\":\"$token\"}")" 401 || return 1
	expect "an unknown token" "$(api loginByToken '{"rememberToken":"nope"}')" 401 || return 1
	expect "tokens issued" "$(stats 'd["remember_tokens_issued"]')" 2 || return 1
	expect checkSession "$(api checkSession) $(body 'd["isSessionLost"]')" "200 True" || return 1
	stop_fake
}

test_services_round_robin() {
	start_fake spread --accounts 4 --services 10 || return 1
	login || return 1
	expect getAccounts "$(api getAccounts)" 200 || return 1
	expect "services per account" "$(body '[len(a["services"]) for a in d["accounts"]]')" "[3, 3, 2, 2]" || return 1
	expect "types" "$(body 'sorted({s["type"] for a in d["accounts"] for s in a["services"]})')" "[1, 2, 8, 16]" || return 1
	stop_fake
}

test_tariff_batch_limit() {
	start_fake tariffs --accounts 120 || return 1
	login || return 1
	ids=$(python3 -c 'import json; print(json.dumps(["svc%d" % i for i in range(1, 102)]))')
	hundred=$(python3 -c 'import json; print(json.dumps(["svc%d" % i for i in range(1, 101)]))')
	expect "100 ids" "$(api getServiceTariffName "{\"servicesId\":$hundred}") $(body 'len(d["tariffNames"])')" "200 100" || return 1
	expect "101 ids" "$(api getServiceTariffName "{\"servicesId\":$ids}") $(body 'd["errorCode"], d["field"]')" "422 ('VALIDATION', 'servicesId')" || return 1
	expect "no ids" "$(api getServiceTariffName '{"servicesId":[]}') $(body 'd["field"]')" "422 servicesId" || return 1
	expect "missing" "$(api getServiceTariffName)" 422 || return 1
	expect "not an array" "$(api getServiceTariffName '{"servicesId":"svc1"}')" 400 || return 1
	expect "an unknown id" "$(api getServiceTariffName '{"servicesId":["svc1","svc999"]}') $(body 'd["errorCode"], d["field"]')" "404 ('NOT_FOUND', 'servicesId')" || return 1
	expect "the largest batch" "$(stats 'd["max_tariff_batch"]')" 101 || return 1
	stop_fake
}

test_stats_file() {
	start_fake stats || return 1
	expect "keys" "$(stats 'sorted(d)')" "['by_method', 'max_concurrent_connections', 'max_tariff_batch', 'open_connections', 'remember_tokens_issued', 'requests']" || return 1
	expect "at start" "$(stats 'd["requests"], d["open_connections"]')" "(0, 0)" || return 1
	login || return 1
	api getAccounts >/dev/null
	api getAccounts >/dev/null
	expect "counts" "$(stats 'd["requests"], d["by_method"]')" "(3, {'getAccounts': 2, 'login': 1})" || return 1
	poll_stats 'd["open_connections"] == 0 and d["max_concurrent_connections"] >= 1' || return 1
	ls "$D" | grep -q tmp && { say "a temporary file was left: $(ls "$D")"; return 1; }
	stop_fake
}

test_hostile() {
	start_fake hostile --scenario hostile --fail-method getAutopayRules || return 1
	login || return 1
	expect getAccounts "$(api getAccounts)" 200 || return 1
	for bytes in 'b"\xff"' 'b"\xc3\x28"' 'b"\xc0\xaf"' 'b"\xe2\x82<"' 'b"\\u001b]0;PWNED "' \
		'b"\\u001b[2J"' 'b"\\u001b[31m"' 'b"\\r\\nFORGED LINE"' 'b"\\t"' 'b"\\u0007"' \
		'b"\\b"' 'b"\x7f"' '"\u009b".encode()' '"\u0085".encode()' '"\u202e".encode()' \
		'"\u202d".encode()' '"\u2066".encode()' '"\u2069".encode()' '"\u200f".encode()' \
		'"\u061c".encode()' '"\u2028".encode()'; do
		[ "$(body "$bytes in b")" = True ] || { say "getAccounts lacks $bytes"; return 1; }
	done
	expect "regions" "$(body 'sorted(len(a["region"]) for a in d["accounts"])[:1] + [max(len(a["region"]) for a in d["accounts"])]')" "[0, 200]" || return 1
	expect "clean numbers" "$(body 'sum(a["number"].isdigit() and len(a["number"]) == 12 for a in d["accounts"])')" 5 || return 1
	expect "valid statuses" "$(body 'all(s["status"] in ("ACTIVE", "BLOCKED", "VOLUNTARY_BLOCKED", "OPERATOR_BLOCK", "NOT_CONNECTED") for a in d["accounts"] for s in a["services"])')" True || return 1
	expect getProfile "$(api getProfile)" 200 || return 1
	expect "a raw ESC byte in the body" "$(body 'b"\x1b[7m\xe2\x80\xa8<profile.region>" in b')" True || return 1
	expect "the title payload" "$(body 'd["login"]')" "$(printf 'demo\033]0;PWNED <profile.login>\007')" || return 1
	expect getAccountBalanceV2 "$(api getAccountBalanceV2 '{"accountId":"acc1"}') $(body 'd["balance"]')" "200 83050" || return 1
	expect getServiceTariffName "$(api getServiceTariffName '{"servicesId":["svc1","svc2","svc3","svc4","svc5","svc6"]}') $(body 'all("<svc%d.tariff>" % i in d["tariffNames"]["svc%d" % i] for i in range(1, 7))')" "200 True" || return 1
	expect getFplStatus "$(api getFplStatus) $(body '"PWNED" not in d["levelInfo"]["name"] and "\x1b]52;" in d["levelInfo"]["name"]')" "200 True" || return 1
	expect "the failed method" "$(api getAutopayRules) $(body 'd["errorCode"]')" "409 CONFLICT" || return 1
	expect "its errorMsg" "$(body '"\x1b]0;PWNED <errorMsg>\x07" in d["errorMsg"] and "\r\n" in d["errorMsg"]')" True || return 1
	stop_fake
}

test_hostile_autopay_rule() {
	start_fake hostile2 --scenario hostile || return 1
	login ',"remember":true' || return 1
	expect getAutopayRules "$(api getAutopayRules) $(body '[(r["accountId"], r["enabled"], r["lastRun"]["status"]) for r in d["rules"]]')" "200 [('acc1', True, 'DECLINED')]" || return 1
	expect "device name" "$(api getDevices) $(body '"PWNED <device.name>" in d["devices"][0]["name"]')" "200 True" || return 1
	expect "hostile errors" "$(api getAccountBalanceV2 '{"accountId":"nope"}') $(body '"<errorMsg>" in d["errorMsg"]')" "404 True" || return 1
	stop_fake
}

test_odd() {
	start_fake odd --scenario odd || return 1
	login || return 1
	expect getAccounts "$(api getAccounts)" 200 || return 1
	expect "acc1 twice" "$(body '[a["accountId"] for a in d["accounts"]].count("acc1")')" 2 || return 1
	expect "a duplicate serviceId" "$(body 'any(len({s["serviceId"] for s in a["services"]}) < len(a["services"]) for a in d["accounts"])')" True || return 1
	expect "empty strings" "$(body '[(a["region"], a["address"], a["services"][0]["number"]) for a in d["accounts"] if a["accountId"] == "acc3"]')" "[('', '', '')]" || return 1
	expect "2^53+1" "$(api getAccountBalanceV2 '{"accountId":"acc1"}') $(body 'b"\"balance\":9007199254740993," in b, d["recommendedPayment"], d["daysToLock"]')" "200 (True, 0, -3)" || return 1
	expect "-(2^53)" "$(api getAccountBalanceV2 '{"accountId":"acc2"}') $(body 'b"\"balance\":-9007199254740992," in b, d["recommendedPayment"] < 0, d["daysToLock"]')" "200 (True, True, 0)" || return 1
	expect "null days" "$(api getAccountBalanceV2 '{"accountId":"acc3"}') $(body 'd["daysToLock"]')" "200 None" || return 1
	expect "far future" "$(api getAccountBalanceV2 '{"accountId":"acc4"}') $(body 'd["daysToLock"], d["promisedPayment"]["expiresAt"]')" "200 (100000, '9999-12-31T23:59:59Z')" || return 1
	expect "long login" "$(api getProfile) $(body 'len(d["login"])')" "200 300" || return 1
	stop_fake
}

test_truncated() {
	start_fake truncated --scenario truncated --accounts 50 || return 1
	login || return 1
	curl -s -m 20 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-D "$D/headers" -o "$D/body" -d '{}' "$URL/client-api/getAccounts"
	rc=$?
	expect "curl's status (18: partial file)" $rc 18 || return 1
	declared=$(tr -d '\r' <"$D/headers" | sed -n 's/^Content-Length: //p')
	got=$(wc -c <"$D/body")
	[ "$got" -gt 0 ] && [ "$got" -lt "$declared" ] || { say "declared $declared, sent $got"; return 1; }
	expect "the rest still answers" "$(api getProfile)" 200 || return 1
	stop_fake
}

test_cookie_flood() {
	start_fake cookies --scenario cookies || return 1
	curl -s -m 20 -D "$D/headers" -o "$D/body" -H 'Content-Type: application/json' \
		-d "{\"login\":\"demo\",\"passwd\":\"$PASSWORD\"}" "$URL/client-api/login" || return 1
	tr -d '\r' <"$D/headers" >"$D/h"
	expect "flood cookies" "$(grep -c '^Set-Cookie: c[0-9]' "$D/h")" 5000 || return 1
	expect "SESSION cookies" "$(grep -c '^Set-Cookie: SESSION=' "$D/h")" 4 || return 1
	sid=$(sed -n 's/^Set-Cookie: SESSION=\([^;]*\).*/\1/p' "$D/h" | tail -n 1)
	tok=$(sed -n 's/^Set-Cookie: CSRF-TOKEN=\([^;]*\).*/\1/p' "$D/h" | tail -n 1)
	case $sid in bogus*|"") say "the last SESSION is '$sid'"; return 1 ;; esac
	expect "the last SESSION works" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "Cookie: SESSION=$sid; CSRF-TOKEN=$tok" -H "CSRF-TOKEN: $tok" -d '{}' \
		"$URL/client-api/getAccounts")" 200 || return 1
	expect "a bogus one does not" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "Cookie: SESSION=bogus3" -H "CSRF-TOKEN: $tok" -d '{}' "$URL/client-api/getAccounts")" 401 || return 1
	stop_fake
}

test_hang() {
	start_fake hang --scenario hang || return 1
	login || return 1
	curl -s -m 30 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-o /dev/null -d '{}' "$URL/client-api/getAccounts" &
	cpid=$!
	poll_stats 'd["by_method"].get("getAccounts") == 1 and d["open_connections"] == 1' || { kill $cpid; return 1; }
	expect "another connection meanwhile" "$(api getProfile)" 200 || { kill $cpid; return 1; }
	kill -0 $cpid 2>/dev/null || { say "the hanging call ended by itself"; return 1; }
	kill $cpid
	wait $cpid 2>/dev/null
	poll_stats 'd["open_connections"] == 0' || return 1
	grep -q 'hang ended' "$D/log" || { say "the server did not notice the close"; return 1; }
	# SIGTERM with a call hanging: still exit 0 at once.
	curl -s -m 30 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-o /dev/null -d '{}' "$URL/client-api/getAccounts" &
	cpid=$!
	poll_stats 'd["by_method"].get("getAccounts") == 2' || { kill $cpid; return 1; }
	stop_fake || { kill $cpid; return 1; }
	wait $cpid
	expect "curl's status once the server left (52: empty reply)" $? 52
}

test_hang_method() {
	start_fake hang2 --scenario normal --hang-method getFplStatus || return 1
	login || return 1
	expect "getAccounts answers" "$(api getAccounts)" 200 || return 1
	curl -s -m 1 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-o /dev/null -d '{}' "$URL/client-api/getFplStatus"
	expect "getFplStatus times out (curl 28)" $? 28 || return 1
	stop_fake
}

test_badjson() {
	start_fake badjson --scenario badjson || return 1
	login || return 1
	expect getAccounts "$(api getAccounts) $(cat "$D/body")" '200 {"accounts": [' || return 1
	expect "the rest is JSON" "$(api getProfile) $(body 'd["login"]')" "200 demo" || return 1
	stop_fake || return 1
	start_fake badjson500 --scenario badjson --status500 || return 1
	login || return 1
	expect "getAccounts, --status500" "$(api getAccounts) $(body 'd is None')" "500 True" || return 1
	stop_fake
}

test_slow() {
	start_fake slow --scenario slow || return 1
	login || return 1
	took=$(curl -s -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-o /dev/null -w '%{time_total}' -d '{}' "$URL/client-api/getProfile")
	expect "at least 0.3 s" "$(python3 -c "print($took >= 0.3)")" True || return 1
	stop_fake
}

test_fail_method_elsewhere() {
	start_fake fail --scenario normal --fail-method getAccountBalanceV2 --fail-status 503 || return 1
	expect "wrong password stays plain" "$(api login '{"login":"demo","passwd":"x"}') $(body 'd["errorMsg"]')" "401 Неверный логин или пароль" || return 1
	login || return 1
	expect "the failed method" "$(api getAccountBalanceV2 '{"accountId":"acc1"}') $(body 'd["errorCode"], "PWNED <errorMsg>" in d["errorMsg"]')" "503 ('UNAVAILABLE', True)" || return 1
	stop_fake
}

test_bad_requests() {
	start_fake bad || return 1
	expect "GET" "$(curl -s -D "$D/h" -o /dev/null -w '%{http_code}' "$URL/client-api/login")" 405 || return 1
	grep -qi '^Allow: POST' "$D/h" || { say "no Allow: POST"; return 1; }
	expect "another path" "$(curl -s -o /dev/null -w '%{http_code}' -d '{}' "$URL/")" 404 || return 1
	expect "text/plain" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' -d '{}' "$URL/client-api/login")" 400 || return 1
	expect "not an object" "$(api login '[1]')" 400 || return 1
	expect "not JSON" "$(api login '{"login":')" 400 || return 1
	printf '{"login":"\377"}' >"$D/bad.json"
	expect "not UTF-8" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$D/bad.json" "$URL/client-api/login")" 400 || return 1
	python3 -c 'print("[" * 100000 + "]" * 100000)' >"$D/deep.json"
	expect "too large" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$D/deep.json" "$URL/client-api/login")" 413 || return 1
	python3 -c 'print("[" * 30000 + "]" * 30000)' >"$D/deep.json"
	expect "deeply nested" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$D/deep.json" "$URL/client-api/login")" 400 || return 1
	expect "a wrong type" "$(api login '{"login":"demo","passwd":"x","remember":"yes"}')" 400 || return 1
	expect "chunked" "$(curl -s -o "$D/body" -w '%{http_code}' -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' -d '{}' "$URL/client-api/checkSession")" 200 || return 1
	raw=$(python3 -c '
import socket, sys
host, port = sys.argv[1].split("//")[1].split(":")
out = []
for req in (b"GARBAGE\r\n\r\n", b"POST /client-api/login HTTP/1.1\r\nContent-Length: zz\r\n\r\n"):
    s = socket.create_connection((host, int(port)), timeout=10)
    s.sendall(req)
    out.append(s.recv(4096).split(b" ")[1].decode())
    s.close()
print(" ".join(out))' "$URL")
	expect "raw garbage" "$raw" "400 400" || return 1
	expect "still alive" "$(api checkSession)" 200 || return 1
	stop_fake
}

test_many_accounts_and_connections() {
	start_fake many --accounts 3000 --services 3500 || return 1
	login || return 1
	python3 - "$URL" "$(awk '$6=="SESSION"{print $7}' "$D/jar")" "$(csrf)" >"$D/load" 2>&1 <<'EOF'
import http.client, json, sys, threading, time
url, sid, csrf = sys.argv[1:4]
host, port = url.split("//")[1].split(":")
headers = {"Content-Type": "application/json", "CSRF-TOKEN": csrf,
           "Cookie": "SESSION=%s; CSRF-TOKEN=%s" % (sid, csrf)}
start = time.time()
c = http.client.HTTPConnection(host, int(port), timeout=30)
c.request("POST", "/client-api/getAccounts", "{}", headers)
accounts = json.loads(c.getresponse().read())["accounts"]
c.close()
assert len(accounts) == 3000, len(accounts)
assert sum(len(a["services"]) for a in accounts) == 3500
ids = [a["accountId"] for a in accounts]
conns, bad = 300, []
barrier = threading.Barrier(conns)
def worker(k):
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    c.connect()
    barrier.wait()
    for acc in ids[k::conns]:  # keep-alive: 10 calls on one connection
        c.request("POST", "/client-api/getAccountBalanceV2",
                  json.dumps({"accountId": acc}), headers)
        r = c.getresponse()
        body = json.loads(r.read())
        if r.status != 200 or "balance" not in body:
            bad.append((acc, r.status))
    c.close()
threads = [threading.Thread(target=worker, args=(k,)) for k in range(conns)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("%.2f" % (time.time() - start), len(bad))
EOF
	[ $? -eq 0 ] || { say "load: $(cat "$D/load")"; return 1; }
	read -r secs nbad <"$D/load"
	say "3001 calls, 300 connections at once: $secs s"
	expect "failed calls" "$nbad" 0 || return 1
	expect "fast enough" "$(python3 -c "print($secs < 30)")" True || return 1
	poll_stats 'd["open_connections"] == 0 and d["requests"] == 3002' || return 1
	expect "connections at once" "$(stats 'd["max_concurrent_connections"] >= 300')" True || return 1
	# Every connection thread has ended: only the main thread is left.
	i=0
	while [ $i -lt 200 ]; do
		threads=$(sed -n 's/^Threads:[[:space:]]*//p' "/proc/$PID/status")
		[ "$threads" = 1 ] && break
		sleep 0.05
		i=$((i + 1))
	done
	expect "threads left" "$threads" 1 || return 1
	stop_fake
}

# Answers over the client's limit of 8 MiB: a valid 9 MiB one with its length, an
# endless chunked one that stops when the client leaves, and a 1 TiB length with no
# body.
test_big_answers() {
	start_fake huge --scenario huge || return 1
	login || return 1
	expect "huge: status" "$(api getAccounts)" 200 || return 1
	expect "huge: 9 MiB of JSON" "$(body 'len(b) == 9 * 1024 * 1024 and len(d["accounts"]) == 3')" True ||
		return 1
	stop_fake || return 1
	start_fake endless --scenario endless || return 1
	login || return 1
	curl -s -m 20 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-D "$D/headers" -d '{}' "$URL/client-api/getAccounts" | head -c 3000000 >"$D/body"
	expect "endless: chunked" "$(grep -ci '^transfer-encoding: chunked' "$D/headers")" 1 || return 1
	expect "endless: no length" "$(grep -ci '^content-length' "$D/headers")" 0 || return 1
	expect "endless: 3 MB of accounts" "$(body 'len(b) == 3000000 and b.startswith(b"{\"accounts\":[{")')" True ||
		return 1
	i=0
	until grep -q "endless ended after" "$D/log"; do
		i=$((i + 1))
		[ $i -lt 200 ] || { say "the stream did not end with the client"; return 1; }
		sleep 0.05
	done
	stop_fake || return 1
	start_fake bigheader --scenario bigheader || return 1
	login || return 1
	curl -s -m 1 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-D "$D/headers" -o /dev/null -d '{}' "$URL/client-api/getAccounts"
	expect "bigheader: curl gave up waiting (28)" $? 28 || return 1
	expect "bigheader: 1 TiB" "$(grep -ci '^content-length: 1099511627776' "$D/headers")" 1 || return 1
	stop_fake
}

# --hold-method: held answers go once the release file exists.
test_hold_method() {
	start_fake hold --scenario normal --hold-method getProfile --release "$TMP/release" || return 1
	login || return 1
	curl -s -m 1 -b "$D/jar" -H 'Content-Type: application/json' -H "CSRF-TOKEN: $(csrf)" \
		-o /dev/null -d '{}' "$URL/client-api/getProfile"
	expect "held: no answer (28)" $? 28 || return 1
	expect "others answer" "$(api getAccounts)" 200 || return 1
	touch "$TMP/release"
	expect "released" "$(api getProfile) $(body 'd["login"]')" "200 demo" || return 1
	stop_fake
}

show_log() {
	[ -f "${D:-}/log" ] && tail -n 5 "$D/log" | sed 's/^/    log: /'
}

run_test_functions "" show_log
