#!/bin/sh
# Server benchmark (not a test): getAccountBalanceV2 with a logged-in session, driven by
# wrk. Starts a private kabinetd on a fresh demo database, logs in as demo with curl,
# then runs wrk with bench/post.lua and prints requests/s, latency percentiles and the
# error count. Exit 1 when any request was not answered 200 (or the setup failed).
#
# Usage: bench-server.sh BUILD_DIR
# Environment: BENCH_THREADS (kabinetd --threads, default: one per core),
#   BENCH_CONNECTIONS (50), BENCH_WRK_THREADS (2), BENCH_DURATION (15s),
#   KABINETD_WRAPPER (a command prefix for kabinetd, e.g. "perf record -g -o F").
set -eu

build=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
kabinetd="$build/kabinetd"
connections=${BENCH_CONNECTIONS:-50}
wrk_threads=${BENCH_WRK_THREADS:-2}
duration=${BENCH_DURATION:-15s}

for tool in wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps)" >&2; exit 1; }
done
[ -x "$kabinetd" ] || { echo "bench: $kabinetd is missing (make)" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-bench-XXXXXX")
pid=""
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# wrk's connections all come from 127.0.0.1: no per-address limit (kabinetd(8)).
set -- --listen 127.0.0.1:0 --db "$dir/kabinet.db" --seed demo --outbox "$dir/outbox.jsonl" \
	--max-per-address 0
[ -n "${BENCH_THREADS:-}" ] && set -- "$@" --threads "$BENCH_THREADS"
# shellcheck disable=SC2086
${KABINETD_WRAPPER:-} "$kabinetd" "$@" >"$dir/stdout" 2>"$dir/stderr" &
pid=$!

# The one stdout line says where it listens.
tries=0
until grep -q '^kabinetd listening on ' "$dir/stdout" 2>/dev/null; do
	tries=$((tries + 1))
	if [ "$tries" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "bench: kabinetd did not start:" >&2
		cat "$dir/stderr" >&2
		exit 1
	fi
	sleep 0.1
done
url=$(sed -n 's/^kabinetd listening on //p' "$dir/stdout")

post() { # method body [curl options...]
	m=$1; b=$2; shift 2
	curl -sS -o "$dir/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		--data "$b" "$@" "$url/client-api/$m"
}

code=$(post login '{"login":"demo","passwd":"Kabinet-2026"}' -c "$dir/jar")
[ "$code" = 200 ] || { echo "bench: login answered $code: $(cat "$dir/body")" >&2; exit 1; }
# Netscape cookie jar: name in field 6, value in field 7 (HttpOnly lines start with
# "#HttpOnly_", which awk reads like any other line).
session=$(awk -F '\t' '$6 == "SESSION" { print $7 }' "$dir/jar")
csrf=$(awk -F '\t' '$6 == "CSRF-TOKEN" { print $7 }' "$dir/jar")
if [ -z "$session" ] || [ -z "$csrf" ]; then
	echo "bench: no session cookies after login" >&2
	exit 1
fi

code=$(post getAccounts '{}' -b "$dir/jar" -H "CSRF-TOKEN: $csrf")
[ "$code" = 200 ] || { echo "bench: getAccounts answered $code: $(cat "$dir/body")" >&2; exit 1; }
# The first accountId in the answer is the first account's.
account=$(grep -o '"accountId":"[^"]*"' "$dir/body" | head -n 1 | cut -d'"' -f4)
[ -n "$account" ] || { echo "bench: no accountId in getAccounts: $(cat "$dir/body")" >&2; exit 1; }

# One call by hand first: the benchmark measures only 200 answers.
code=$(post getAccountBalanceV2 "{\"accountId\":\"$account\"}" -b "$dir/jar" -H "CSRF-TOKEN: $csrf")
[ "$code" = 200 ] || { echo "bench: getAccountBalanceV2 answered $code: $(cat "$dir/body")" >&2; exit 1; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "bench: kabinetd --threads ${BENCH_THREADS:-$(nproc)} on $(nproc) cores ($cpu)"
echo "bench: wrk -t$wrk_threads -c$connections -d$duration --latency, getAccountBalanceV2 of demo's $account"
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

BENCH_SESSION=$session BENCH_CSRF=$csrf BENCH_ACCOUNT=$account \
	wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s "$here/bench/post.lua" \
	"$url/client-api/getAccountBalanceV2" >"$dir/wrk.txt" 2>&1 || {
	cat "$dir/wrk.txt" >&2
	echo "bench: wrk failed" >&2
	exit 1
}

# wrk prints latencies with their unit (us, ms, s); in milliseconds:
ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
		printf "%.2f", n }'
}
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
total=$(awk '/ requests in / { print $1 }' "$dir/wrk.txt")
p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$dir/wrk.txt")")
p90=$(ms "$(awk '$1 == "90%" { print $2 }' "$dir/wrk.txt")")
p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$dir/wrk.txt")")
not200=$(awk '/^not-200 responses:/ { print $3 }' "$dir/wrk.txt")
sockerr=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$dir/wrk.txt")
sockerr=${sockerr:-0}

echo "bench: requests: $total, requests/s: $rps"
echo "bench: latency p50 $p50 ms, p90 $p90 ms, p99 $p99 ms"
echo "bench: not-200 responses: ${not200:-?}, socket errors: $sockerr"
if awk -v r="$rps" -v p="$p99" 'BEGIN { exit !(r >= 5000 && p < 20) }' &&
	[ "${not200:-1}" = 0 ] && [ "$sockerr" = 0 ]; then
	echo "bench: goal met (>= 5000 requests/s, p99 < 20 ms, no errors)"
else
	echo "bench: goal missed (>= 5000 requests/s, p99 < 20 ms, no errors)"
fi
if [ "${BENCH_VERBOSE:-0}" = 1 ]; then
	cat "$dir/wrk.txt"
	echo "bench: kabinetd stderr:"
	cat "$dir/stderr"
fi
if [ "${not200:-1}" != 0 ] || [ "$sockerr" != 0 ]; then
	echo "bench: FAILED: some requests were not answered 200" >&2
	exit 1
fi
