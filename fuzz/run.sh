#!/bin/sh
# Runs the fuzz targets of fuzz/readers.c (built by `make fuzz-build` in FUZZ_BUILD).
# Usage: fuzz/run.sh FUZZ_BUILD SECONDS [READER...]   (every reader when none is named)
# For each reader: first replays fuzz/regressions/READER/ (inputs that once crashed a
# reader: each must now pass), then fuzzes for SECONDS from fuzz/corpus/READER (the
# real replies and their hostile variants) plus what earlier runs found
# (FUZZ_BUILD/corpus/READER). A crash, leak, undefined behaviour or broken promise
# fails the run, and its input is kept in fuzz/regressions/READER/ to be committed.
# Prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)." for run-tests.sh.
set -u
build=$1 seconds=$2
shift 2
if [ $# -eq 0 ]; then
	set -- $(sed -n 's/^READER(\([a-z_]*\))$/\1/p' "$(dirname "$0")/readers.c")
fi
dir=$(dirname "$0")
passed=0 failed=0
for r in "$@"; do
	bin=$build/fuzz-$r
	regs=$dir/regressions/$r
	found=$build/corpus/$r
	crashes=$build/crashes/$r
	mkdir -p "$found" "$crashes"
	if [ -d "$regs" ] && [ -n "$(ls -A "$regs")" ]; then
		if ! "$bin" -runs=0 "$regs"/* >"$build/$r.replay.log" 2>&1; then
			cat "$build/$r.replay.log"
			echo "fuzz: $r: a regression input fails again ($regs)"
			failed=$((failed + 1))
			continue
		fi
	fi
	# The corpus loaded, then SECONDS of fuzzing; new inputs go to $found (the first
	# directory), the committed seeds are only read.
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=16384 \
		-dict="$dir/json.dict" -print_final_stats=1 \
		-artifact_prefix="$crashes/" "$found" "$dir/corpus/$r" >"$build/$r.log" 2>&1
	rc=$?
	stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb):' "$build/$r.log" |
		sed 's/^stat:://' | tr '\n' ' ')
	cov=$(grep -o 'cov: [0-9]*' "$build/$r.log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		echo "fuzz: $r: ok, $cov, $stats"
		passed=$((passed + 1))
	else
		tail -n 60 "$build/$r.log"
		mkdir -p "$regs"
		for c in "$crashes"/*; do
			[ -f "$c" ] || continue
			cp "$c" "$regs/" && echo "fuzz: $r: kept $regs/$(basename "$c")"
		done
		echo "fuzz: $r: FAILED (log: $build/$r.log)"
		failed=$((failed + 1))
	fi
done
[ $passed -gt 0 ] && echo "[  PASSED  ] $passed test(s)."
[ $failed -gt 0 ] && echo "[  FAILED  ] $failed test(s)."
[ $failed -eq 0 ]
