#!/bin/bash
# Benchmark: how long one write (createRequest) takes while a burst of logins is
# being checked (argon2id), against a private kabinetd with the demo data.
# Usage: bench-login-burst.sh BUILD_DIR [LOGINS] [RUNS]
set -u
build=${1:-build}
logins=${2:-16}
runs=${3:-5}
kabinetd=$build/kabinetd
[ -x "$kabinetd" ] || { echo "bench: $kabinetd not built" >&2; exit 1; }

dir=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# The burst all comes from 127.0.0.1: no per-address limit (kabinetd(8)).
"$kabinetd" --db "$dir/db" --seed demo --listen 127.0.0.1:0 --max-per-address 0 \
	>"$dir/url" 2>"$dir/log" &
pid=$!
for _ in $(seq 50); do [ -s "$dir/url" ] && break; sleep 0.1; done
url=$(sed -n 's/^kabinetd listening on //p' "$dir/url")
[ -n "$url" ] || { echo "bench: kabinetd did not start" >&2; cat "$dir/log" >&2; exit 1; }

post() {	# METHOD JSON [curl options...]
	m=$1 b=$2
	shift 2
	curl -s -H 'Content-Type: application/json' -d "$b" "$@" "$url/client-api/$m"
}
post login '{"login":"demo","passwd":"Kabinet-2026"}' -c "$dir/jar" >/dev/null
csrf=$(awk '$6=="CSRF-TOKEN"{print $7}' "$dir/jar")

echo "bench: $(nproc) cores, kabinetd default threads, $logins logins in a burst, $runs runs"
times=()
for run in $(seq "$runs"); do
	burst=()
	for _ in $(seq "$logins"); do
		post login '{"login":"other","passwd":"Kabinet-2026"}' -o /dev/null &
		burst+=($!)
	done
	sleep 0.05	# the logins are in the server now
	t=$(post createRequest '{"topic":"bench","text":"a write during logins"}' -o /dev/null \
		-w '%{time_total}' -b "$dir/jar" -H "CSRF-TOKEN: $csrf")
	wait "${burst[@]}"
	times+=("$t")
	echo "bench: run $run: createRequest answered in ${t} s"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "bench: median %.3f s, max %.3f s\n", a[int((NR+1)/2)], a[NR]}'
