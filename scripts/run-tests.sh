#!/bin/sh
# Runs cmocka test binaries, shows their output, and ends with one line
# "N passed, N failed" summed over all of them. Exit 1 when anything failed.
# Usage: run-tests.sh BUILD_DIR BINARY...
build=$1; shift
# The binaries under test are this build's, whatever the build directory is called.
export KABINET_BUILD="${KABINET_BUILD:-$build}"
export KABINETD="${KABINETD:-$build/kabinetd}"
passed=0; failed=0
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
	echo "== $t"
	timeout 900 "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$t: exited with status $rc"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
