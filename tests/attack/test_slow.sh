#!/bin/sh
# kabinetd and its nginx deployment under slow and hostile clients, with Debian's
# slowhttptest and a connection flood, all from 127.0.0.1 on loopback: slow headers
# (slowloris), slow bodies, a flood of idle connections, against kabinetd directly and
# through nginx (scripts/tls-deploy.sh). All along each attack a probe from another
# address, 127.0.0.2, asks checkSession every 0.2 s and must get an HTTP answer below
# 500 every time (tests/attack/lib.sh); its worst latency is printed. The attacker
# must not keep what it took: trickled headers and bodies are closed (kabinetd's
# --request-timeout of 10 s and --min-body-rate, nginx's client_header_timeout), so such
# an attack ends early with no connection left; a flooding address gets 503 past
# kabinetd's --max-per-address.
#
# The probe's limit, PROBE_LIMIT (3 s), from measurement: with kabinetd's guard the
# worst probe under these attacks took 2 ms alone and 26 ms with three copies of this
# file at once under ASan (make asan), so 3 s is a hundredfold margin for a loaded
# shared machine (tests run four at a time); without the guard no probe is answered at
# all once the attack holds kabinetd's 1 000 slots (and nginx's 256 connections before
# its hardening), so the limit decides nothing there but how long a failure waits.
#
# Each attack stops by itself (slowhttptest's -l, and timeout(1) behind it) within
# 20 s (kabinetd's guard ends most sooner); the whole file takes about a minute, two at
# most. Output is cmocka's (tests/cmocka.sh).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/cmocka.sh"
BUILD=${KABINET_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-attack-XXXXXX")
. "$ROOT/tests/attack/lib.sh"
trap 'attack_stop_all; rm -rf "$TMP"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"

PROBE_LIMIT=3
ATTACK_SECS=20

for tool in slowhttptest nginx curl python3; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
		{ echo "test_slow.sh: $tool is not installed (make deps)" >&2; exit 1; }
done

# under_attack NAME BASE_URL [CURL_OPTION...] -- SLOWHTTPTEST-OPTION...: the attack for
# ATTACK_SECS with the probe from 127.0.0.2 at BASE_URL all along; fails, with the
# probe's figures, unless every probe was answered and the attack held connections.
under_attack() {
	ua_name=$1
	ua_url=$2
	shift 2
	ua_curl=""
	while [ "$1" != -- ]; do
		ua_curl="$ua_curl $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	probe_start "$ua_name" "$ua_url" 127.0.0.2 $PROBE_LIMIT $ua_curl
	attack "$ua_name" $ATTACK_SECS "$@"
	probe_stop "$ua_name"
	ua_report=$(probe_report "$ua_name")
	ua_ok=$?
	ua_peak=$(attack_peak "$ua_name")
	echo "    $ua_name: the attack held ${ua_peak:-no} connections at most;" \
		"probe from 127.0.0.2: $ua_report" >&2
	[ $ua_ok -eq 0 ] || return 1
	# An attack that never got going proves nothing: it held at least half of what
	# kabinetd allows an address.
	[ "${ua_peak:-0}" -ge 32 ] || { sed 's/^/    /' "$TMP/$ua_name.log" | tail -n 5 >&2; return 1; }
}

# attack_dropped NAME: the attack NAME ended before its time because kabinetd had
# closed every connection it held (the request timeout, 10 s, is half ATTACK_SECS).
attack_dropped() {
	[ "$(attack_ending "$1")" = "No open connections left" ] && return 0
	echo "    $1: the attack held connections to its end ($(attack_ending "$1"))," \
		"$(attack_peak "$1") at most" >&2
	return 1
}

# Slowloris: 1000 connections from 127.0.0.1 (kabinetd's whole connection limit), each
# sending a header line every 3 s, under the 10 s idle timeout.
test_slow_headers_leave_room_for_another_address() {
	kd_start kd || return 1
	under_attack headers "$KD_URL" -- -H -c 1000 -r 250 -i 3 -x 24 -p 3 -t POST \
		-u "$KD_URL/client-api/checkSession" || return 1
	attack_dropped headers || return 1
	kd_stop
}

# R-U-Dead-Yet: 1000 POSTs announcing 8 KiB and sending a few bytes every 3 s.
test_slow_bodies_leave_room_for_another_address() {
	kd_start kd || return 1
	under_attack bodies "$KD_URL" -- -B -c 1000 -r 250 -i 3 -x 24 -s 8192 -p 3 \
		-u "$KD_URL/client-api/getProfile" || return 1
	attack_dropped bodies || return 1
	kd_stop
}

# A flood of 1000 idle connections from 127.0.0.1 held for 8 s: 127.0.0.2's probe is
# answered, and a request from 127.0.0.1 itself gets 503 with Retry-After at once.
test_a_flood_from_one_address_leaves_room_and_gets_503() {
	kd_start kd || return 1
	port=${KD_URL##*:}
	probe_start flood "$KD_URL" 127.0.0.2 $PROBE_LIMIT
	python3 "$ROOT/tests/attack/flood.py" 127.0.0.1 "$port" 1000 8 >"$TMP/flood.out" 2>&1 &
	flood=$!
	ATTACK_PIDS="$ATTACK_PIDS $flood"
	sleep 4
	curl -s -D "$TMP/flood.head" -o "$TMP/flood.body" --interface 127.0.0.1 -m $PROBE_LIMIT \
		-H 'Content-Type: application/json' -d '{}' "$KD_URL/client-api/checkSession"
	wait $flood
	probe_stop flood
	report=$(probe_report flood)
	ok=$?
	echo "    flood: $(cat "$TMP/flood.out"); probe from 127.0.0.2: $report" >&2
	[ $ok -eq 0 ] || return 1
	status=$(head -n 1 "$TMP/flood.head" | cut -d' ' -f2)
	if [ "$status" != 503 ] || ! grep -qi '^Retry-After: [0-9]' "$TMP/flood.head" ||
		! grep -q '"errorCode":"UNAVAILABLE"' "$TMP/flood.body"; then
		echo "    127.0.0.1 in its own flood got '${status:-no answer}'," \
			"not 503 UNAVAILABLE with Retry-After" >&2
		return 1
	fi
	kd_stop
}

# kabinetd behind nginx (nginx connects from 127.0.0.1, its trusted proxy).
behind_nginx() {
	kd_start kd --trusted-proxy 127.0.0.1 || return 1
	nginx_start "$KD_URL"
}

# nginx cuts the headers at its 10 s client_header_timeout counted from each connection's
# opening, and 1 000 TLS handshakes take seconds of a loaded machine: this attack has 30 s
# (it ends as soon as nginx has closed them all).
test_slow_headers_through_nginx_leave_room_for_another_address() {
	behind_nginx || return 1
	ATTACK_SECS=30
	under_attack nginx-headers "$NGINX_URL" --cacert "$NGINX_CA" -- -H -c 1000 -r 250 -i 3 \
		-x 24 -p 3 -t POST -u "$NGINX_URL/client-api/checkSession" || return 1
	ATTACK_SECS=20
	attack_dropped nginx-headers || return 1
	kd_stop
}

test_slow_bodies_through_nginx_leave_room_for_another_address() {
	behind_nginx || return 1
	under_attack nginx-bodies "$NGINX_URL" --cacert "$NGINX_CA" -- -B -c 1000 -r 250 -i 3 \
		-x 24 -s 8192 -p 3 -u "$NGINX_URL/client-api/getProfile" || return 1
	kd_stop
}

run_test_functions attack_stop_all
