#!/bin/sh
# Scale benchmark (not a test): 10 000 accounts, and 10 000 services on one
# account, against a private kabinetd over the scale seed without delay, driven in
# tmux at 120x40: Enter on the password to a complete overview ("Updated at"), r on
# the overview and on screen 2 until the bottom line stops waiting, kabinet's peak RSS
# (VmHWM); then `kabinet balance --json` under /usr/bin/time. Times are read by
# polling the terminal every 10 ms. See docs/benchmarks.md, "Scale". It builds
# nothing: `make bench-scale` does.
#
# Usage: bench-scale.sh BUILD_DIR     (BENCH_RUNS, default 3, runs per case)
set -eu

build=$(cd "${1:-build}" && pwd)
runs=${BENCH_RUNS:-3}
password=Kabinet-2026
dir=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-sbench-XXXXXX")
sock=$dir/tmux.sock
pid=""
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
seen() { tmux -S "$sock" capture-pane -p -t b | grep -qF -- "$1"; }
wait_seen() {
	i=0
	until seen "$1"; do
		i=$((i + 1)); [ $i -lt 12000 ] || { echo "did not see $1" >&2; exit 1; }; sleep 0.01
	done
}
# A load started by a key: its progress comes (unless it is over within a second of
# polling) and goes.
wait_load() {
	i=0
	until seen "Waiting for the server" || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.01; done
	wait_gone "Waiting for the server"
}
wait_gone() {
	i=0
	while seen "$1"; do
		i=$((i + 1)); [ $i -lt 12000 ] || { echo "still see $1" >&2; exit 1; }; sleep 0.01
	done
}

# case NAME ACCOUNTS SERVICES
bench_case() {
	rm -f "$dir/k.db"*
	"$build/kabinetd" admin seed --db "$dir/k.db" scale --accounts "$2" --services "$3" \
		--history 0 >/dev/null
	"$build/kabinetd" --listen 127.0.0.1:0 --db "$dir/k.db" >"$dir/out" 2>"$dir/log" &
	pid=$!
	i=0
	until url=$(sed -n 's/^kabinetd listening on \(http:[^ ]*\).*/\1/p' "$dir/out") && [ -n "$url" ]; do
		i=$((i + 1)); [ $i -lt 100 ] || { echo "kabinetd did not start" >&2; exit 1; }; sleep 0.1
	done
	for run in $(seq "$runs"); do
		rm -rf "$dir/home"
		mkdir -p "$dir/home"
		tmux -S "$sock" -f /dev/null new-session -d -s b -x 120 -y 40 \
			"exec env -i PATH=/usr/bin:/bin HOME=$dir/home LANG=en_US.UTF-8 TZ=UTC \
			TERM=xterm-256color XDG_CONFIG_HOME=$dir/home XDG_STATE_HOME=$dir/home \
			KABINET_LOCALEDIR=$build/locale $build/kabinet --server $url --login scale --no-keyring"
		wait_seen Password
		tmux -S "$sock" send-keys -t b -l "$password"
		kpid=$(ps -o pid= --ppid "$(tmux -S "$sock" display-message -p -t b '#{pane_pid}')" | tr -d ' ')
		[ -n "$kpid" ] || kpid=$(tmux -S "$sock" display-message -p -t b '#{pane_pid}')
		t0=$(now)
		tmux -S "$sock" send-keys -t b Enter
		wait_seen "Updated at"
		t1=$(now)
		hwm1=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$kpid/status")
		cpu=$(awk '{ printf "%d", ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"' }' "/proc/$kpid/stat")
		t2=$(now)
		tmux -S "$sock" send-keys -t b r
		wait_load
		wait_seen "Updated at"
		t3=$(now)
		tmux -S "$sock" send-keys -t b 2
		wait_seen "Number or login"
		t4=$(now)
		tmux -S "$sock" send-keys -t b r
		wait_load
		t5=$(now)
		hwm2=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$kpid/status")
		echo "$1, run $run: overview $(ms "$t0" "$t1") ms (kabinet's CPU $cpu ms), peak $hwm1;" \
			"r on it $(ms "$t2" "$t3") ms; screen 2 shown $(ms "$t3" "$t4") ms, r on it" \
			"$(ms "$t4" "$t5") ms; peak after both $hwm2"
		tmux -S "$sock" kill-session -t b
	done
	t0=$(now)
	/usr/bin/time -f %M -o "$dir/time" env -i PATH=/usr/bin:/bin HOME="$dir/home" LANG=en_US.UTF-8 \
		TZ=UTC KABINET_LOCALEDIR="$build/locale" "$build/kabinet" --server "$url" --login scale \
		--no-keyring --password-command "echo $password" balance --json >"$dir/b.json" </dev/null
	t1=$(now)
	echo "$1: balance --json $(ms "$t0" "$t1") ms, peak RSS $(cat "$dir/time") kB," \
		"$(wc -c <"$dir/b.json") bytes"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=""
}

bench_case "10 000 accounts" 10000 10000
bench_case "10 000 services on one account" 1 10000
