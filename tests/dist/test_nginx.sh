#!/bin/sh
# The hardened nginx of scripts/tls-deploy.sh (docs/deployment.md's production example)
# in front of a kabinetd started with --trusted-proxy 127.0.0.1, as a client sees it:
# every answer carries Strict-Transport-Security and a Server header with no version;
# a burst of logins from one address gets 429 RATE_LIMITED with Retry-After and the
# API's error envelope, and more requests at once than limit_conn allows get 503
# UNAVAILABLE, while another address (127.0.0.2) is served meanwhile; a body over
# 64 KiB gets 413 PAYLOAD_TOO_LARGE in the envelope; the approval page goes through, and
# its refusals (limit_conn, a form over 16 KiB) are pages in the browser's language, and
# kabinetd counts each client's address behind it (X-Real-IP); a
# client trickling its headers is cut by client_header_timeout (shortened to 2 s here).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/cmocka.sh"
BUILD=${KABINET_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-nginx-XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# wait_for FILE PATTERN PID: until FILE has PATTERN (at most 30 s, while PID runs).
wait_for() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$3" 2>/dev/null; then
			echo "    $1 never said $2:" >&2
			cat "$TMP"/*.err "$TMP"/*/error.log >&2 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
}

# start_nginx NAME [ENV...]: tls-deploy.sh's nginx in front of kabinetd, in $TMP/NAME;
# sets PORT (its good listener's) and CA.
start_nginx() {
	name=$1
	shift
	env "$@" "$ROOT/scripts/tls-deploy.sh" "$TMP/$name" "$BACKEND" >"$TMP/$name.out" \
		2>"$TMP/$name.err" &
	PIDS="$PIDS $!"
	wait_for "$TMP/$name.out" '^nginx listening on ' $! || return 1
	PORT=$(sed -n 's|^nginx listening on https://localhost:||p' "$TMP/$name.out")
	CA=$TMP/$name/ca.pem
}

"$BUILD/kabinetd" --listen 127.0.0.1:0 --db "$TMP/kabinet.db" --seed demo \
	--outbox "$TMP/outbox.jsonl" --trusted-proxy 127.0.0.1 >"$TMP/kabinetd.out" \
	2>"$TMP/kabinetd.err" &
PIDS=$!
wait_for "$TMP/kabinetd.out" '^kabinetd listening on ' $! || exit 1
BACKEND=$(sed -n 's/^kabinetd listening on \(http:[^ ]*\).*/\1/p' "$TMP/kabinetd.out")
start_nginx nginx || exit 1

# call METHOD JSON [CURL OPTIONS...]: POST /client-api/METHOD through nginx; the
# answer's headers and body on stdout.
call() {
	method=$1
	body=$2
	shift 2
	curl -si --cacert "$CA" -H 'Content-Type: application/json' -d "$body" "$@" \
		"https://localhost:$PORT/client-api/$method" 2>&1
}

# has ANSWER PATTERN: the answer (headers and body) has a line matching PATTERN.
has() {
	printf '%s\n' "$1" | tr -d '\r' | grep -qi -- "$2" ||
		{ printf '    no "%s" in:\n%s\n' "$2" "$1" | sed '2,$s/^/    /' >&2; return 1; }
}

HSTS='^strict-transport-security: max-age=31536000; includeSubDomains$'

test_answers_carry_hsts_and_no_server_version() {
	a=$(call checkSession '{}')
	has "$a" '^HTTP/2 200' && has "$a" "$HSTS" && has "$a" '^server: nginx$' || return 1
	a=$(curl -si --cacert "$CA" "https://localhost:$PORT/nothing/here")
	has "$a" '^HTTP/2 404' && has "$a" "$HSTS" && has "$a" '^server: nginx$' &&
		has "$a" '<center>nginx</center>'
}

# 40 logins in a row (past the burst of 30) over one connection: some are refused by
# nginx before kabinetd sees them, in the API's envelope, with Retry-After. (Empty ones,
# which kabinetd refuses at once: no password hashing, no lockout of a login.)
test_a_burst_of_logins_gets_429_and_another_address_logs_in() {
	i=0
	while [ $i -lt 40 ]; do
		echo "url = \"https://localhost:$PORT/client-api/login\""
		i=$((i + 1))
	done >"$TMP/burst"
	a=$(curl -si --cacert "$CA" -H 'Content-Type: application/json' -H 'Accept-Language: en' \
		-d '{}' -w '\n' -K "$TMP/burst")
	has "$a" '^HTTP/2 429' && has "$a" '^retry-after: 1$' &&
		has "$a" '^{"isError":true,"errorCode":"RATE_LIMITED","errorMsg":"Too many requests, please try again later"}' &&
		has "$a" "$HSTS" || return 1
	a=$(call login '{"login":"demo","passwd":"Kabinet-2026"}' --interface 127.0.0.2)
	has "$a" '^HTTP/2 200' && has "$a" '^set-cookie: SESSION='
}

# hold_requests N: python3 (which scripts/tls-deploy.sh needs too) holds N requests over HTTP/1.1, each waiting
# for the rest of its body (a byte every 3 s, for at most 40 s), and says "holding".
hold_requests() {
	python3 - "$PORT" "$CA" "$1" <<'EOF' >"$TMP/hold.out" 2>"$TMP/hold.err" &
import socket, ssl, sys, time
port, ca, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)
held = []
for _ in range(n):
    t = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                        server_hostname="localhost")
    t.sendall(b"POST /client-api/checkSession HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/json\r\nContent-Length: 64\r\n\r\n")
    held.append(t)
print("holding", len(held), flush=True)
start = time.monotonic()
while time.monotonic() - start < 40:
    time.sleep(3)
    for t in held:
        t.sendall(b" ")
EOF
	HOLDER=$!
	PIDS="$PIDS $HOLDER"
	wait_for "$TMP/hold.out" '^holding' $HOLDER
}

# limit_conn (128 a client address) full from 127.0.0.1: its next request is 503 in
# the envelope with Retry-After; 127.0.0.2 is served.
test_more_requests_at_once_than_limit_conn_get_503_another_address_is_served() {
	hold_requests 128 || return 1
	a=$(call checkSession '{}')
	b=$(call checkSession '{}' --interface 127.0.0.2)
	# The approval page is read by a browser: a page, not JSON.
	c=$(curl -si --cacert "$CA" "https://localhost:$PORT/device")
	kill $HOLDER
	wait $HOLDER 2>/dev/null
	has "$a" '^HTTP/2 503' && has "$a" '^retry-after: 1$' &&
		has "$a" '^{"isError":true,"errorCode":"UNAVAILABLE","errorMsg":"Сервер занят, повторите запрос"}' &&
		has "$a" "$HSTS" && has "$b" '^HTTP/2 200' && has "$b" '^{"isSessionLost":true}' &&
		has "$c" '^HTTP/2 503' && has "$c" '^retry-after: 1$' &&
		has "$c" '^content-type: text/html; charset=utf-8$' && has "$c" "$HSTS" &&
		has "$c" '<p>Сервер занят: обновите страницу через несколько секунд.</p>'
}

# kabinetd's own limit, 64 KiB, answered by nginx in kabinetd's words.
test_a_body_over_64k_gets_413_in_the_envelope() {
	head -c 70000 /dev/zero | tr '\0' ' ' >"$TMP/big"
	a=$(call checkSession @"$TMP/big")
	has "$a" '^HTTP/2 413' &&
		has "$a" '^{"isError":true,"errorCode":"PAYLOAD_TOO_LARGE","errorMsg":"Тело запроса больше 64 КиБ"}'
}

# The approval form takes a code and a token: 16 KiB is plenty, and a larger one is
# refused by nginx with a page in the browser's language.
test_a_large_approval_form_gets_413_as_a_page() {
	head -c 20000 /dev/zero | tr '\0' 'a' | sed 's/^/user_code=/' >"$TMP/form"
	a=$(curl -si --cacert "$CA" -H 'Accept-Language: en-GB,en;q=0.8' \
		--data-binary @"$TMP/form" "https://localhost:$PORT/device")
	has "$a" '^HTTP/2 413' && has "$a" '^content-type: text/html; charset=utf-8$' &&
		has "$a" "$HSTS" && has "$a" '<p>The form sent is too large.</p>' || return 1
	a=$(curl -si --cacert "$CA" --data-binary @"$TMP/form" "https://localhost:$PORT/device")
	has "$a" '^HTTP/2 413' && has "$a" '<p>Отправленная форма слишком велика.</p>' &&
		! printf '%s' "$a" | grep -q isError
}

# wrong_code ADDRESS: the approval form fetched and a wrong code sent from ADDRESS,
# with a cookie jar of that address's own; the answer to the code on stdout.
wrong_code() {
	jar=$TMP/jar-$1
	form=$(curl -s --cacert "$CA" --interface "$1" -c "$jar" -H 'Accept-Language: en' \
		"https://localhost:$PORT/device")
	csrf=$(printf '%s' "$form" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	curl -si --cacert "$CA" --interface "$1" -b "$jar" -H 'Accept-Language: en' \
		--data "csrf=$csrf&lang=en&code=WRONG-CODE" "https://localhost:$PORT/device"
}

# Behind nginx every connection to kabinetd comes from 127.0.0.1; kabinetd counts the
# client's own address (X-Real-IP, from its --trusted-proxy) for its limits: three
# wrong codes lock 127.0.0.1's approval form, while 127.0.0.2's is not locked.
test_kabinetd_counts_each_client_address_behind_nginx() {
	a=$(wrong_code 127.0.0.1)
	has "$a" '^HTTP/2 200' && has "$a" 'The code is wrong or has expired' || return 1
	wrong_code 127.0.0.1 >/dev/null
	a=$(wrong_code 127.0.0.1)
	has "$a" '^HTTP/2 429' && has "$a" 'The code was wrong too many times' || return 1
	b=$(wrong_code 127.0.0.2)
	has "$b" '^HTTP/2 200' && has "$b" 'The code is wrong or has expired'
}

test_the_approval_page_goes_through() {
	a=$(curl -si --cacert "$CA" "https://localhost:$PORT/device")
	has "$a" '^HTTP/2 200' && has "$a" '^content-type: text/html' &&
		has "$a" '<form method="post" action="/device">' && has "$a" "$HSTS" || return 1
	a=$(curl -si --cacert "$CA" "https://localhost:$PORT/devices")
	has "$a" '^HTTP/2 404'
}

# A header line every 0.5 s for up to 30 s: nginx closes the connection at
# client_header_timeout (2 s here), long before, and logs 408; the next client is served.
test_a_client_trickling_headers_is_cut_by_client_header_timeout() {
	start_nginx slow TLS_DEPLOY_HEADER_TIMEOUT=2s || return 1
	took=$(python3 - "$PORT" "$CA" <<'EOF'
import socket, ssl, sys, time
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
t = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
start = time.monotonic()
t.sendall(b"POST /client-api/checkSession HTTP/1.1\r\nHost: localhost\r\n")
t.settimeout(0.5)
while time.monotonic() - start < 30:
    try:
        if t.recv(4096) == b"":
            break
    except socket.timeout:
        pass
    except OSError:
        break
    try:
        t.sendall(b"X-Slow: 1\r\n")
    except OSError:
        break
print(int(time.monotonic() - start))
EOF
	)
	[ -n "$took" ] && [ "$took" -lt 20 ] ||
		{ echo "    the trickling client was not cut (after ${took:-?} s)" >&2; return 1; }
	grep -q '"POST /client-api/checkSession HTTP/1.1" 408 ' "$TMP/slow/access.log" ||
		{ echo "    no 408 in nginx's log" >&2; return 1; }
	a=$(call checkSession '{}')
	has "$a" '^HTTP/2 200'
}

run_test_functions
