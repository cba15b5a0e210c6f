#!/bin/sh
# Client benchmark (not a test): the real kabinet under a pseudo-terminal against private
# kabinetd servers, with 3 accounts (demo) and with many (admin seed scale), each against
# a server with --delay-ms and one without. bench/client-bench does the measuring; this
# script seeds the databases, starts and stops the servers and prints the table.
# See docs/benchmarks.md, "Client". It builds nothing: `make bench-client` does.
#
# Usage: bench-client.sh BUILD_DIR
# Environment: BENCH_RUNS (timed runs per case, 20), BENCH_MOVES (highlight moves per
#   run, 6), BENCH_ACCOUNTS (accounts of the scale profile, 30), BENCH_DELAY_MS (50).
set -eu

build=${1:-build}
kabinetd="$build/kabinetd"
kabinet="$build/kabinet"
bench="$build/client-bench"
locale="$build/locale"
runs=${BENCH_RUNS:-20}
moves=${BENCH_MOVES:-6}
accounts=${BENCH_ACCOUNTS:-30}
delay=${BENCH_DELAY_MS:-50}
# The password of the demo and scale profiles (docs/demo-data.md). It reaches the
# bench program on stdin (printf is a shell builtin), never on a command line.
password=Kabinet-2026

for f in "$kabinetd" "$kabinet" "$bench"; do
	[ -x "$f" ] || { echo "bench-client: $f is missing (make bench-client builds it)" >&2; exit 1; }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-cbench-XXXXXX")
pids=""
stop_servers() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	pids=""
}
cleanup() {
	stop_servers
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# start_server NAME DB DELAY_MS: starts kabinetd on a free loopback port, sets $url.
start_server() {
	"$kabinetd" --listen 127.0.0.1:0 --db "$2" --outbox "$dir/$1.outbox" --delay-ms "$3" \
		>"$dir/$1.out" 2>"$dir/$1.err" &
	pid=$!
	pids="$pids $pid"
	tries=0
	until grep -q '^kabinetd listening on ' "$dir/$1.out" 2>/dev/null; do
		tries=$((tries + 1))
		if [ "$tries" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "bench-client: kabinetd did not start:" >&2
			cat "$dir/$1.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	url=$(sed -n 's/^kabinetd listening on //p' "$dir/$1.out")
}

# With --delay-ms, kabinetd serves each connection in its own thread, and each such
# thread keeps its own SQLite connection (two descriptors) until the server stops; at
# about 500 connections libmicrohttpd refuses new ones (FD_SETSIZE). So the runs of a
# delayed case are spread over enough fresh servers to stay under 350 connections each.
servers_for() { # ACCOUNTS DELAY_MS
	if [ "$2" -eq 0 ]; then
		echo 1
	else
		echo $(( ((runs + 1) * ($1 + 5) + 349) / 350 ))
	fi
}

# run_case LABEL LOGIN ACCOUNTS TEMPLATE_DB DELAY_MS
run_case() {
	label=$1 login=$2 n_acc=$3 template=$4 case_delay=$5
	servers=""
	k=0
	nserv=$(servers_for "$n_acc" "$case_delay")
	while [ "$k" -lt "$nserv" ]; do
		k=$((k + 1))
		cp "$template" "$dir/$label-$k.db"
		start_server "$label-$k" "$dir/$label-$k.db" "$case_delay"
		servers="$servers --server $url"
	done
	# shellcheck disable=SC2086
	printf '%s\n' "$password" | "$bench" --kabinet "$kabinet" --localedir "$locale" \
		--login "$login" --runs "$runs" --moves "$moves" --delay-ms "$case_delay" \
		--label "$label" $servers >"$dir/$label.report"
	grep -v '^RESULT' "$dir/$label.report"
	grep '^RESULT' "$dir/$label.report" >>"$dir/results"
	echo
	stop_servers
}

"$kabinetd" admin seed --db "$dir/demo.db" demo >/dev/null
"$kabinetd" admin seed --db "$dir/scale.db" scale --accounts "$accounts" --history 30 >/dev/null

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "kabinet client benchmark: $(nproc) CPUs ($cpu), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$runs timed runs per case plus one counting run; a fresh kabinet at 80x24 each time"
echo

: >"$dir/results"
run_case "3-accounts-delay-$delay" demo 3 "$dir/demo.db" "$delay"
run_case "3-accounts-delay-0" demo 3 "$dir/demo.db" 0
run_case "$accounts-accounts-delay-$delay" scale "$accounts" "$dir/scale.db" "$delay"
run_case "$accounts-accounts-delay-0" scale "$accounts" "$dir/scale.db" 0

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# RESULT fields: label delay runs min median p90 peak_rss_kib move_bytes redraw_bytes
# requests new_connections rounds screen2_move_bytes screen2_requests screen3_requests
# screen3_rounds again_requests
awk -F '\t' '
BEGIN {
	printf "%-24s %5s %7s %7s %7s %6s %8s %9s %6s %7s\n", "case", "runs", "min ms",
	       "median", "p90", "rounds", "requests", "peak RSS", "move B", "C-l B"
}
{
	printf "%-24s %5d %7.1f %7.1f %7.1f %6s %8d %5.1f MiB %6d %7d\n", $2, $4, $5, $6, $7,
	       $13, $11, $8 / 1024, $9, $10
	more[NR] = sprintf("%-24s %12d %14d %14s %14s %14d", $2, $14, $15, $16, $17, $18)
}
END {
	printf "\n%-24s %12s %14s %14s %14s %14s\n", "case", "2: move B", "2: requests",
	       "3: requests", "3: rounds", "2+3 again"
	for (i = 1; i <= NR; i++)
		print more[i]
}' "$dir/results"
