#!/bin/sh
# Network benchmark of the client (not a test): kabinet through a proxy that adds a
# round-trip time (bench/net-bench.py), to kabinetd directly (HTTP/1.1) and through
# nginx (TLS 1.3, HTTP/2; scripts/tls-deploy.sh), with 3 accounts (demo) and 30
# (scale), cold (no remembered login: the password typed, Enter to full overview)
# and with the cache (a remembered login in a private keyring: launch to the cached
# overview, and to the fresh one). Prints the table of docs/benchmarks.md, "Network".
#
# Usage: bench-network.sh BUILD_DIR
# Environment: BENCH_RUNS (timed runs per case, 5), BENCH_RTT_MS (50),
#   BENCH_ACCOUNTS (accounts of the scale profile, 30), BENCH_SIZE (120x40).
set -eu

build=${1:-build}
runs=${BENCH_RUNS:-5}
rtt=${BENCH_RTT_MS:-50}
accounts=${BENCH_ACCOUNTS:-30}
size=${BENCH_SIZE:-120x40}
root=$(cd "$(dirname "$0")/.." && pwd)
# The password of the demo and scale profiles (docs/demo-data.md): to the bench on
# stdin, never on a command line.
password=Kabinet-2026

for tool in dbus-run-session gnome-keyring-daemon nginx openssl python3; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
		{ echo "bench-network: $tool is not installed (make deps)" >&2; exit 1; }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-nbench-XXXXXX")
pids=""
cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

wait_line() { # FILE PATTERN PID
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$3" 2>/dev/null; then
			echo "bench-network: $1 never said $2" >&2
			cat "$dir"/*.err >&2 2>/dev/null
			exit 1
		fi
		sleep 0.1
	done
}

# backend NAME PROFILE...: kabinetd with a seeded database; sets $backend (host:port)
# and $tls (the nginx listener in front of it, host:port) and $ca.
backend() {
	name=$1
	shift
	"$build/kabinetd" admin seed --db "$dir/$name.db" "$@" >/dev/null
	"$build/kabinetd" --listen 127.0.0.1:0 --db "$dir/$name.db" --outbox "$dir/$name.outbox" \
		--trusted-proxy 127.0.0.1 \
		>"$dir/$name.out" 2>"$dir/$name.err" &
	pids="$pids $!"
	wait_line "$dir/$name.out" '^kabinetd listening on ' $!
	backend=$(sed -n 's|^kabinetd listening on http://||p' "$dir/$name.out")
	"$root/scripts/tls-deploy.sh" "$dir/$name-nginx" "http://$backend" \
		>"$dir/$name-nginx.out" 2>"$dir/$name-nginx.err" &
	pids="$pids $!"
	wait_line "$dir/$name-nginx.out" '^nginx listening on ' $!
	tls=$(sed -n 's|^nginx listening on https://localhost:|127.0.0.1:|p' "$dir/$name-nginx.out")
	ca=$dir/$name-nginx/ca.pem
}

# A private session bus with an unlocked keyring, for the cached cases.
mkdir -p -m 700 "$dir/keyring/home" "$dir/keyring/run"
env -i PATH=/usr/bin:/bin HOME="$dir/keyring/home" XDG_RUNTIME_DIR="$dir/keyring/run" \
	XDG_DATA_HOME="$dir/keyring/home/.local/share" LANG=C.UTF-8 \
	dbus-run-session -- sh -c "printf 'keyring-password' | gnome-keyring-daemon --unlock \
		--components=secrets --daemonize >/dev/null 2>&1;
		echo \"\$DBUS_SESSION_BUS_ADDRESS\" >'$dir/bus'; exec sleep 3600" \
	>"$dir/bus.out" 2>"$dir/bus.err" &
pids="$pids $!"
i=0
while [ ! -s "$dir/bus" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$dir/bus" ] || { echo "bench-network: no session bus" >&2; cat "$dir/bus.err" >&2; exit 1; }
bus=$(cat "$dir/bus")

: >"$dir/results"
# run_case LABEL LOGIN UPSTREAM SERVER [net-bench arguments...]
run_case() {
	label=$1 login=$2 upstream=$3 server=$4
	shift 4
	printf '%s\n' "$password" | DBUS_SESSION_BUS_ADDRESS=$bus python3 "$root/bench/net-bench.py" \
		--kabinet "$build/kabinet" --localedir "$build/locale" --login "$login" \
		--upstream "$upstream" --server "$server" --rtt-ms "$rtt" --runs "$runs" \
		--size "$size" --label "$label" "$@" >"$dir/$label.report"
	grep -v '^RESULT' "$dir/$label.report"
	grep '^RESULT' "$dir/$label.report" >>"$dir/results"
}

# A binary just linked sits in the page cache as dirty pages until written back, and
# smaps counts those as kabinet's Private_Dirty: written back first.
sync
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "kabinet network benchmark: $(nproc) CPUs ($cpu), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "round trip $rtt ms added by the proxy, $runs timed runs per case, $size"
echo

for profile in demo scale; do
	if [ "$profile" = demo ]; then
		backend demo demo
		n=3
	else
		backend scale scale --accounts "$accounts" --history 0
		n=$accounts
	fi
	for how in cold cache; do
		flag=""
		[ "$how" = cache ] && flag=--cache
		run_case "$n-accounts-http1-$how" "$profile" "$backend" http://127.0.0.1 $flag
		run_case "$n-accounts-http2-tls-$how" "$profile" "$tls" https://localhost \
			--ca-file "$ca" $flag
	done
done

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# RESULT fields: label runs min median max rounds_max rounds_min connections_max
# private_dirty_median_kib private_dirty_max_kib cached_median_ms
awk -F '\t' '
BEGIN {
	printf "%-30s %7s %7s %7s %7s %12s %14s %10s\n", "case", "min ms", "median", "max",
	       "rounds", "connections", "Private_Dirty", "cached ms"
}
{
	rounds = $7 == $8 ? $7 : $8 "-" $7
	printf "%-30s %7d %7d %7d %7s %12d %10.2f MiB %10s\n", $2, $4, $5, $6, rounds, $9,
	       $10 / 1024, $12
}' "$dir/results"
