#!/bin/sh
# kabinet on a real deployment: kabinetd behind Debian's nginx with TLS 1.3 and HTTP/2
# (scripts/tls-deploy.sh, a throw-away CA). Logs in and loads the overview through it;
# a certificate of an unknown CA, an expired one and one for another name each give
# their own message naming the host, on the full screen and from a subcommand; plain
# http:// to an address that is not loopback is refused before any byte is sent.
. "$(dirname "$0")/lib.sh"

start_server tls-backend --trusted-proxy 127.0.0.1 || exit 1
BACKEND_URL=$SERVER_URL
start_tls nginx || exit 1
TLS_HOST=${TLS_URL#https://}

# tls_subcommand URL [kabinet arguments...]: `kabinet balance` against URL.
tls_subcommand() {
	SERVER_URL=$1
	shift
	subcommand -- "$@" balance
	SERVER_URL=$BACKEND_URL
}

# expect_refused URL TEXT [kabinet arguments]: balance fails (status 1), its stderr
# has TEXT and the host of URL, and nothing of the balance is on stdout.
expect_refused() {
	url=$1
	text=$2
	shift 2
	tls_subcommand "$url" "$@"
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF -- "$text" &&
		echo "$ERR" | grep -qF -- "${url#*://}" && [ -z "$OUT" ] ||
		{ echo "    $url: status $STATUS, said: $ERR / $OUT" >&2; return 1; }
}

# The requests nginx logged since line $1 of its access log came over HTTP/2 and
# TLS 1.3, and there were some.
over_h2_tls13() {
	tail -n +"$1" "$TLS_DIR/access.log" >"$TMP/seen"
	[ -s "$TMP/seen" ] || { echo "    nginx saw no request" >&2; return 1; }
	if grep -v ' HTTP/2.0 TLSv1.3 ' "$TMP/seen" >&2; then
		echo "    ^ not HTTP/2 over TLS 1.3" >&2
		return 1
	fi
}

log_lines() {
	echo $(($(wc -l <"$TLS_DIR/access.log") + 1))
}

test_balance_through_nginx_over_tls13_and_http2() {
	from=$(log_lines)
	tls_subcommand "$TLS_URL" --ca-file "$TLS_CA"
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "590000000001" ||
		{ echo "    status $STATUS: $ERR" >&2; return 1; }
	grep -q '"POST /client-api/getAccountBalanceV2 HTTP/2.0" 200' "$TLS_DIR/access.log" ||
		return 1
	over_h2_tls13 "$from"
}

# The certificate names 127.0.0.1 too: the address works as well as the name.
test_the_address_works_as_well_as_the_name() {
	tls_subcommand "https://127.0.0.1:${TLS_URL##*:}" --ca-file "$TLS_CA"
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
}

test_full_screen_logs_in_and_loads_the_overview_through_nginx() {
	from=$(log_lines)
	CLIENT_URL=$TLS_URL login_as demo "--no-keyring --ca-file $TLS_CA" 120x30 || return 1
	wait_for "590000000001" || return 1
	wait_for "$(money 83050 en)" || return 1
	grep -q '"POST /client-api/login HTTP/2.0" 200 HTTP/2.0 TLSv1.3' "$TLS_DIR/access.log" ||
		return 1
	over_h2_tls13 "$from"
}

# The nginx connections (conn=N, numbered as nginx accepted them) of the requests
# logged since line $1, first accepted first.
connections_since() {
	tail -n +"$1" "$TLS_DIR/access.log" | sed -n 's/.* conn=\([0-9]*\) .*/\1/p' | sort -nu
}

# Every request of a login and a full overview is a stream of one HTTP/2 connection.
test_one_connection_for_the_whole_overview() {
	from=$(log_lines)
	CLIENT_URL=$TLS_URL login_as demo "--no-keyring --ca-file $TLS_CA" 120x30 || return 1
	wait_for "Updated at" || return 1
	requests=$(tail -n +"$from" "$TLS_DIR/access.log" | grep -c '/client-api/')
	conns=$(connections_since "$from" | wc -l)
	[ "$requests" -ge 6 ] && [ "$conns" = 1 ] ||
		{ echo "    $requests requests on $conns connections" >&2; return 1; }
}

# The requests nginx logged since line $1 of its access log on port $2 (one listener's).
logged_on_port() {
	tail -n +"$1" "$TLS_DIR/access.log" | grep " TLSv1.3 $2 "
}

# Over HTTP/1.1 (the "http1" listener, which also closes a connection after 3
# requests), the client keeps a small pool: a later connection resumes the TLS session
# of an earlier one (nginx logs resumed=r), and the subcommand gets every balance.
# A later one, not each: OpenSSL uses a TLS 1.3 ticket for one handshake and libcurl
# keeps one ticket per server, so of two connections opened together the second
# resumes only when its hello leaves before the first one's handshake ends. nginx
# logs a request once its answer is sent, after the client may have ended: the test
# waits for the lines, not for a time.
test_a_new_connection_resumes_the_tls_session() {
	from=$(log_lines)
	url=$(tls_url http1)
	port=${url##*:}
	tls_subcommand "$url" --ca-file "$TLS_CA"
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "740000000003" ||
		{ echo "    status $STATUS: $ERR $OUT" >&2; return 1; }
	# The first connection is the login's, and a new process has no session to resume.
	first=$(logged_on_port "$from" "$port" | grep '"POST /client-api/login ' |
		sed -n 's/.* conn=\([0-9]*\) .*/\1/p')
	[ -n "$first" ] || { echo "    nginx logged no login on port $port" >&2; return 1; }
	logged_on_port "$from" "$port" | grep " conn=$first " | grep -q "resumed=\." ||
		{ echo "    the first connection resumed a session?" >&2; return 1; }
	i=0
	until logged_on_port "$from" "$port" | grep -v " conn=$first " | grep -q "resumed=r"; do
		i=$((i + 1))
		if [ $i -ge 100 ]; then
			logged_on_port "$from" "$port" >&2
			echo "    ^ no later connection resumed the TLS session" >&2
			return 1
		fi
		sleep 0.1
	done
}

test_unknown_ca_expired_and_wrong_name_each_said() {
	expect_refused "$TLS_URL" "is not signed by a known authority (unknown CA)" || return 1
	echo "$ERR" | grep -qF -- "--ca-file" || { echo "    no fix said: $ERR" >&2; return 1; }
	expect_refused "$(tls_url other-ca)" "(unknown CA)" --ca-file "$TLS_CA" || return 1
	expect_refused "$(tls_url expired)" "has expired" --ca-file "$TLS_CA" || return 1
	expect_refused "$(tls_url wrong-name)" "is for another host name (wrong name)" \
		--ca-file "$TLS_CA" || return 1
	# The CA of the other certificate lets it through: the name and the dates are right.
	tls_subcommand "$(tls_url other-ca)" --ca-file "$TLS_DIR/other-ca.pem"
	[ "$STATUS" = 0 ] || { echo "    other CA given: status $STATUS: $ERR" >&2; return 1; }
}

test_messages_are_russian_in_russian() {
	SERVER_URL=$(tls_url expired)
	subcommand LANG=ru_RU.UTF-8 -- --ca-file "$TLS_CA" balance
	SERVER_URL=$BACKEND_URL
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -qF "Срок действия сертификата" ||
		{ echo "    said: $ERR" >&2; return 1; }
}

# On the full screen: the reason and its fix on the login form, never a way on.
test_full_screen_says_why_on_the_login_form() {
	start_client 200x30 -- --server "$TLS_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "The certificate of $TLS_HOST is not signed by a known authority" || return 1
	wait_for "with --ca-file or \`set ca_file\`." || return 1
	not_seen "Updated at"
}

# :set ca_file takes effect at once, and a file that cannot be used is refused.
test_set_ca_file_at_run_time() {
	CLIENT_URL=$TLS_URL login_as demo "--no-keyring --ca-file $TLS_CA" 200x30 || return 1
	keys :
	type_text "set ca_file = $TMP/nonexistent.pem"
	keys Enter
	wait_for "ca_file: $TMP/nonexistent.pem: cannot read the CA file" || return 1
	keys :
	type_text "set ca_file = $TLS_DIR/other-ca.pem"
	keys Enter
	keys r
	wait_for "is not signed by a known authority" || return 1
	keys :
	type_text "set ca_file = $TLS_CA"
	keys Enter
	keys r
	wait_gone "is not signed by a known authority" || return 1
	wait_for "Updated at"
}

test_an_unreadable_ca_file_is_said_at_start() {
	SERVER_URL=$TLS_URL
	subcommand -- --ca-file "$TMP/nonexistent.pem" balance
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -qF "$TMP/nonexistent.pem: cannot read the CA file" ||
		{ echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "not a certificate" >"$TMP/not.pem"
	subcommand -- --ca-file "$TMP/not.pem" balance
	SERVER_URL=$BACKEND_URL
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -qF "no certificate in the CA file" ||
		{ echo "    status $STATUS: $ERR" >&2; return 1; }
}

# --- plain http beyond loopback ---

# An address of this machine that is not loopback, or nothing.
outside_address() {
	for a in $(hostname -I 2>/dev/null); do
		case $a in
		*:* | 127.*) ;;
		*) echo "$a"; return 0 ;;
		esac
	done
}

# start_listener ADDRESS: a TCP listener that logs the first bytes of every connection
# to $TMP/listener/log, one line each; sets LISTENER_URL.
start_listener() {
	mkdir -p "$TMP/listener"
	: >"$TMP/listener/log"
	: >"$TMP/listener/stdout"
	python3 - "$1" "$TMP/listener/log" >"$TMP/listener/stdout" 2>"$TMP/listener/err" <<'PY' &
import socket, sys
s = socket.socket()
s.bind((sys.argv[1], 0))
s.listen(16)
print("listener listening on http://%s:%d" % (sys.argv[1], s.getsockname()[1]), flush=True)
log = open(sys.argv[2], "a")
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try:
        data = c.recv(200)
    except OSError:
        data = b""
    log.write(repr(data.split(b"\r\n")[0]) + "\n")
    log.flush()
    c.close()
PY
	SERVER_PIDS="$SERVER_PIDS $!"
	i=0
	until LISTENER_URL=$(sed -n 's/^listener listening on //p' "$TMP/listener/stdout") &&
		[ -n "$LISTENER_URL" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$TMP/listener/err" >&2; return 1; }
		sleep 0.1
	done
}

# wait_logged TEXT: polls the listener's log until a line has TEXT.
wait_logged() {
	i=0
	until grep -qF -- "$1" "$TMP/listener/log"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    the listener never saw $1" >&2; return 1; }
		sleep 0.1
	done
}

test_plain_http_beyond_loopback_is_refused_unsent() {
	addr=$(outside_address)
	if [ -z "$addr" ]; then
		echo "    note: this machine has no address but loopback; nothing to try" >&2
		return 0
	fi
	start_listener "$addr" || return 1
	expect_refused "$LISTENER_URL" "plain http:// would show the password" || return 1
	echo "$ERR" | grep -qF "https://" && echo "$ERR" | grep -qF "insecure_http" ||
		{ echo "    no fix said: $ERR" >&2; return 1; }
	# A probe of our own, after the client ended: the listener takes connections in
	# order, so one the client had made would come before it.
	python3 -c 'import socket, sys
a, p = sys.argv[1].rsplit(":", 1)
socket.create_connection((a[len("http://"):], int(p))).sendall(b"PROBE\r\n")' "$LISTENER_URL"
	wait_logged "PROBE" || return 1
	[ "$(cat "$TMP/listener/log")" = "b'PROBE'" ] ||
		{ echo "    the listener saw: $(cat "$TMP/listener/log")" >&2; return 1; }
	# The full screen refuses the same way.
	start_client 200x30 -- --server "$LISTENER_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Not sent: ${LISTENER_URL#http://} is not this computer" || return 1
	stop_client
	# The option whose name says it is unsafe lets it through.
	tls_subcommand "$LISTENER_URL" --insecure-http
	[ "$STATUS" != 0 ] || return 1
	wait_logged "POST /client-api/login HTTP/1.1"
}

test_plain_http_to_loopback_stays_allowed() {
	tls_subcommand "$BACKEND_URL"
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	tls_subcommand "http://localhost:${BACKEND_URL##*:}"
	[ "$STATUS" = 0 ] || { echo "    localhost: status $STATUS: $ERR" >&2; return 1; }
}

run_tests
