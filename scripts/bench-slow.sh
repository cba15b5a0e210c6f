#!/bin/sh
# Slow-client benchmark (not a test): the three slowhttptest runs of a whole minute from
# 127.0.0.1 (slow headers, slow bodies, slow reads; 1 000 connections at 200 a second)
# against kabinetd directly and through nginx (scripts/tls-deploy.sh: TLS 1.3, HTTP/2),
# each on a fresh kabinetd with a probe from 127.0.0.2 asking checkSession every 0.2 s
# (tests/attack/lib.sh); then h2load's throughput of checkSession through nginx over
# HTTP/2 and TLS (20 connections x 10 streams, and x 6: 120 requests at once, under
# nginx's limit_conn of 128 a client address, which counts HTTP/2 streams) and directly
# over HTTP/1.1 (20 connections). Prints the tables of docs/benchmarks.md, "Slow and hostile clients",
# with the load average before each run (the machine is shared).
#
# Usage: bench-slow.sh BUILD_DIR
# Environment: BENCH_SLOW_SECS (each attack's length, 60), BENCH_PROBE_LIMIT (a probe's
#   time limit in seconds, 15), BENCH_SLOW_PARTS ("attacks h2load", the default, or
#   either).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
secs=${BENCH_SLOW_SECS:-60}
limit=${BENCH_PROBE_LIMIT:-15}

for tool in slowhttptest h2load nginx openssl curl; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
		{ echo "bench-slow: $tool is not installed (make deps; h2load: nghttp2-client)" >&2; exit 1; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-slowbench-XXXXXX")
. "$ROOT/tests/attack/lib.sh"
trap 'attack_stop_all; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

load() { cut -d' ' -f1 /proc/loadavg; }

# server direct|nginx: a fresh kabinetd (behind nginx: its trusted proxy) and, through
# nginx, nginx; sets URL (where to send) and CURL_CA (the options to trust nginx's CA).
server() {
	attack_stop_all
	if [ "$1" = direct ]; then
		kd_start kd || exit 1
		URL=$KD_URL CURL_CA=""
	else
		kd_start kd --trusted-proxy 127.0.0.1 || exit 1
		nginx_start "$KD_URL" || exit 1
		URL=$NGINX_URL CURL_CA="--cacert $NGINX_CA"
	fi
}

# slow TARGET MODE NAME: one attack with the probe; prints its table row (NAME: a word).
slow() {
	server "$1"
	case $2 in
	-H) set -- "$@" -H -c 1000 -i 5 -r 200 -p 3 -t POST -x 24 -u "$URL/client-api/checkSession" ;;
	-B) set -- "$@" -B -c 1000 -i 5 -r 200 -p 3 -s 8192 -x 24 -u "$URL/client-api/getProfile" ;;
	-X) set -- "$@" -X -c 1000 -r 200 -p 3 -w 512 -y 1024 -n 5 -z 32 -k 3 \
		-u "$URL/client-api/checkSession" ;;
	esac
	target=$1 name=$3
	shift 3
	before=$(load)
	# shellcheck disable=SC2086
	probe_start "$name" "$URL" 127.0.0.2 "$limit" $CURL_CA
	attack "$name" "$secs" "$@"
	probe_stop "$name"
	report=$(probe_report "$name")
	printf '| %s | %s | %s | %s | %s s: %s | %s |\n' "$name" "$target" "$report" \
		"$(attack_peak "$name")" "$(attack_seconds "$name")" "$(attack_ending "$name")" "$before"
}

# h2load_run TARGET h1|STREAMS: h2load's figures of checkSession (POST {}), directly
# over HTTP/1.1 or through nginx over HTTP/2 with STREAMS a connection, three runs;
# prints its table row. A run is a number of
# requests, not a duration: nginx closes a connection after 1 000 requests
# (keepalive_requests), and h2load opens no other; 950 a connection stay under it.
h2load_run() {
	server "$1"
	printf '{}' >"$TMP/body.json"
	before=$(load)
	case $2 in
	h1) set -- "$1" "HTTP/1.1, 20 connections" --h1 -c 20 -m 1 -n 200000 ;;
	*) set -- "$1" "HTTP/2 + TLS 1.3, 20 connections x $2 streams" -c 20 -m "$2" -n 19000 ;;
	esac
	target=$1 what=$2
	shift 2
	rates="" failed=0
	for _ in 1 2 3; do
		h2load "$@" -d "$TMP/body.json" -H 'Content-Type: application/json' \
			"$URL/client-api/checkSession" >"$TMP/h2load.out" 2>&1
		rates="$rates${rates:+, }$(sed -n 's/^finished in [^,]*, \([0-9]*\).* req\/s.*/\1/p' "$TMP/h2load.out")"
		failed=$((failed + $(sed -n 's/^requests: .* \([0-9]*\) failed.*/\1/p' "$TMP/h2load.out")))
	done
	codes=$(sed -n 's/^status codes: //p' "$TMP/h2load.out")
	printf '| %s | %s | %s | %s | %s | %s |\n' "$target" "$what" "$rates" "$failed" "$codes" "$before"
}

attacks_table() {
	echo "Slow clients from 127.0.0.1, $secs s each; the probe from 127.0.0.2, limit $limit s"
	echo
	echo "| attack | target | probe from 127.0.0.2 | attacker's connections at most | the attack ended after | load before |"
	echo "|---|---|---|---|---|---|"
	for target in direct nginx; do
		slow "$target" -H headers
		slow "$target" -B bodies
		slow "$target" -X reads
	done
	echo
}

h2load_table() {
	echo "h2load, checkSession (POST {}): three runs of 19 000 requests (nginx) or 200 000 (direct)"
	echo
	echo "| target | protocol | requests/s, each run | failed, in all | status codes, last run | load before |"
	echo "|---|---|---|---|---|---|"
	h2load_run nginx 10
	h2load_run nginx 6
	h2load_run direct h1
	echo
}

for part in ${BENCH_SLOW_PARTS:-attacks h2load}; do
	case $part in
	attacks) attacks_table ;;
	h2load) h2load_table ;;
	*) echo "bench-slow: BENCH_SLOW_PARTS: attacks, h2load, or both" >&2; exit 2 ;;
	esac
done
