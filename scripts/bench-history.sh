#!/bin/sh
# History benchmark (not a test): in tmux against a private kabinetd over the scale seed
# of BENCH_HISTORY rows (100 000; `BENCH_HISTORY=1000000 make bench-history` for a
# million), screen 4 opened, then G (one request: the oldest page) and its time, then
# the whole history scrolled through from the top with PgDn to the last row and back
# up with PgUp to the first (the window of pages dropping and asking again), the
# requests each way (rows / 200) and kabinet's peak RSS (VmHWM) after; and then
# `kabinet history --csv` over the same rows (time, peak RSS). See docs/benchmarks.md,
# "History". It builds nothing: `make bench-history` does.
#
# Usage: bench-history.sh BUILD_DIR
set -eu

build=$(cd "${1:-build}" && pwd)
rows=${BENCH_HISTORY:-100000}
password=Kabinet-2026
dir=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-hbench-XXXXXX")
sock=$dir/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

"$build/kabinetd" admin seed --db "$dir/k.db" scale --accounts 1 --history "$rows" >/dev/null
"$build/kabinetd" --listen 127.0.0.1:0 --db "$dir/k.db" >"$dir/out" 2>"$dir/log" &
pid=$!
i=0
until url=$(sed -n 's/^kabinetd listening on \(http:[^ ]*\).*/\1/p' "$dir/out" 2>/dev/null) && [ -n "$url" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "kabinetd did not start" >&2; exit 1; }; sleep 0.1
done

seen() { tmux -S "$sock" capture-pane -p -t b | grep -qF -- "$1"; }
wait_seen() {
	i=0
	until seen "$1"; do
		i=$((i + 1)); [ $i -lt 6000 ] || { echo "did not see $1" >&2; exit 1; }; sleep 0.01
	done
}

mkdir -p "$dir/home"
tmux -S "$sock" -f /dev/null new-session -d -s b -x 120 -y 40 \
	"exec env -i PATH=/usr/bin:/bin HOME=$dir/home LANG=en_US.UTF-8 TZ=UTC TERM=xterm-256color \
	XDG_CONFIG_HOME=$dir/home XDG_STATE_HOME=$dir/home KABINET_LOCALEDIR=$build/locale \
	$build/kabinet --server $url --login scale --no-keyring"
wait_seen Password
tmux -S "$sock" send-keys -t b -l "$password"
tmux -S "$sock" send-keys -t b Enter
wait_seen "Updated at"
kpid=$(ps -o pid= --ppid "$(tmux -S "$sock" display-message -p -t b '#{pane_pid}')" | tr -d ' ')
[ -n "$kpid" ] || kpid=$(tmux -S "$sock" display-message -p -t b '#{pane_pid}')
# scroll KEY UNTIL: KEY a hundred at a time until the screen shows UNTIL.
scroll() {
	until seen "$2"; do
		# shellcheck disable=SC2046
		tmux -S "$sock" send-keys -t b $(printf "$1 %.0s" $(seq 100))
		sleep 0.05
	done
}
n=$(echo "$rows" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')	# as the English screen writes it
t0=$(now)
tmux -S "$sock" send-keys -t b 4
wait_seen "rows, more below"
t1=$(now)
tmux -S "$sock" send-keys -t b G
wait_seen "$n of $n · 200 rows, more above"
t2=$(now)
echo "screen 4, $rows rows: first page shown in $(ms "$t0" "$t1") ms; G in $(ms "$t1" "$t2") ms," \
	"1 request (200 rows loaded)"
tmux -S "$sock" send-keys -t b g
wait_seen "1 of $n · 200 rows, more below"
t0=$(now)
scroll NPage "rows, all loaded"
tmux -S "$sock" send-keys -t b G
wait_seen "$n of $n"
t1=$(now)
scroll PPage " 1 of $n "
t2=$(now)
hwm=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$kpid/status")
echo "  scrolled down to the last row in $(ms "$t0" "$t1") ms and back up in $(ms "$t1" "$t2") ms," \
	"$(( (rows + 199) / 200 )) requests each way"
echo "  kabinet peak RSS (VmHWM): $hwm"

t0=$(now)
/usr/bin/time -v -o "$dir/time" env -i PATH=/usr/bin:/bin HOME="$dir/home" LANG=en_US.UTF-8 TZ=UTC \
	KABINET_LOCALEDIR="$build/locale" "$build/kabinet" --server "$url" --login scale --no-keyring \
	--password-command "echo $password" history --csv >"$dir/out.csv" </dev/null
t1=$(now)
echo "kabinet history --csv, $rows rows: $(($(wc -l <"$dir/out.csv") - 1)) rows in $(ms "$t0" "$t1") ms;" \
	"peak RSS $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time") kB"
