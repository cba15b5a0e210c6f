#!/bin/sh
# Runs test files (cmocka binaries and scripts that print cmocka's lines), several at
# once, shows each file's output in one piece as it ends, and ends with one line
# "N passed, N failed" summed over all of them. Exit 1 when anything failed.
#
# Usage: run-tests.sh [-j N] [-t FILE[:FUNCTION]] BUILD_DIR TEST...
#   -j N    files run at once (default: twice the cores; screen tests mostly wait).
#   -t F:FN only the files whose name, without directory and .sh, matches the shell
#           pattern F, and in them only the test functions matching FN (cmocka's
#           pattern: * and ?), through TEST_FILTER (tests/cmocka.sh, tests/filter.c).
#
# Every file gets its own HOME and XDG_RUNTIME_DIR (removed when it ends) and makes
# its own directory in TMPDIR (mktemp -d); servers listen on port 0 and a screen test
# keeps its tmux socket in its directory, so files running side by side share nothing. The durations of the last run are kept in
# BUILD_DIR/test-times and the longest files start first the next time.
set -u

if [ "${1:-}" = --one ]; then
	# One file, from the pool below: --one WORK N TEST.
	work=$2 n=$3 t=$4
	d=$work/$n
	mkdir -p "$d/home" "$d/run"
	chmod 700 "$d/run"
	start=$(date +%s)
	HOME=$d/home XDG_RUNTIME_DIR=$d/run timeout 900 "$t" >"$d/log" 2>&1 </dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$d/log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$d/log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$t: exited with status $rc" >>"$d/log"
		f=1
	fi
	{
		echo "== $t ($secs s)"
		cat "$d/log"
	} >"$d/out"
	# One file's output at a time on the terminal.
	flock "$work/lock" cat "$d/out"
	echo "$p $f $secs $t" >"$work/$n.result"
	# A failed file's last lines are shown again at the very end, where a log read
	# only by its tail still names what failed.
	[ "$f" -eq 0 ] || tail -n 60 "$d/log" >"$work/$n.failed"
	rm -rf "$d"
	exit 0
fi

usage() {
	echo "usage: run-tests.sh [-j N] [-t FILE[:FUNCTION]] BUILD_DIR TEST..." >&2
	exit 2
}
jobs=""
filter=""
while getopts j:t: opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	t) filter=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
build=$1; shift
if [ -z "$jobs" ]; then
	jobs=$(($(nproc 2>/dev/null || echo 1) * 2))
fi
case $jobs in '' | *[!0-9]* | 0) echo "run-tests.sh: -j wants a number, not '$jobs'" >&2; exit 2 ;; esac

# The binaries under test are this build's, whatever the build directory is called.
export KABINET_BUILD="${KABINET_BUILD:-$build}"
export KABINETD="${KABINETD:-$build/kabinetd}"

# -t: the files by name, the functions through TEST_FILTER.
file_pat=${filter%%:*}
case $filter in
*:*) TEST_FILTER=${filter#*:} ;;
*) TEST_FILTER="" ;;
esac
export TEST_FILTER
[ -n "$TEST_FILTER" ] || unset TEST_FILTER
if [ -n "$file_pat" ]; then
	for t in "$@"; do
		shift
		name=$(basename "$t" .sh)
		# shellcheck disable=SC2254
		case $name in $file_pat) set -- "$@" "$t" ;; esac
	done
	if [ $# -eq 0 ]; then
		echo "run-tests.sh: no test file matches '$file_pat'" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-tests-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
: >"$work/lock"

# The longest files of the last run first (new ones before them: their time is not
# known), so that the last to end is not a long one started late.
times=$build/test-times
n=0
for t in "$@"; do
	n=$((n + 1))
	s=$(awk -v t="$t" '$2 == t { print $1; exit }' "$times" 2>/dev/null)
	echo "${s:-999999} $n $t"
done | sort -k1,1nr -k2,2n | awk '{ print $2, $3 }' >"$work/queue"

began=$(date +%s)
# shellcheck disable=SC2016
xargs -P "$jobs" -L 1 sh -c 'exec "$0" --one "$1" "$2" "$3"' "$0" "$work" <"$work/queue"

passed=0; failed=0; missing=""
while read -r n t; do
	if [ -f "$work/$n.result" ]; then
		read -r p f _ _ <"$work/$n.result"
	else
		missing="$missing $t"
		p=0 f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
done <"$work/queue"
[ -z "$missing" ] || echo "run-tests.sh: no result from:$missing"
[ $# -gt 1 ] && while read -r n t; do
	[ -f "$work/$n.failed" ] || continue
	echo "== failed: $t (its last lines)"
	cat "$work/$n.failed"
done <"$work/queue"
if [ -d "$build" ]; then
	{
		cat "$work"/*.result 2>/dev/null | awk '{ print $3, $4 }'
		# Files not run this time keep their last figure.
		awk 'NR == FNR { seen[$2] = 1; next } !($2 in seen)' "$work/queue" "$times" 2>/dev/null |
			awk '{ print $1, $2 }'
	} >"$work/times" && mv "$work/times" "$times"
fi
echo "run-tests.sh: $# files, $jobs at a time, $(($(date +%s) - began)) s"
# A function pattern that picked nothing is a mistyped name, not a pass.
if [ -n "${TEST_FILTER:-}" ] && [ $((passed + failed)) -eq 0 ]; then
	echo "run-tests.sh: no test function matches '$TEST_FILTER'" >&2
	failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
