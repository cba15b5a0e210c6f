# The runner of the shell tests: every test_* function of the script ($0), in order,
# with cmocka's result lines, so that scripts/run-tests.sh counts them. Sourced.
#
# run_test_functions [AFTER_EACH [ON_FAILURE [VERIFY]]]: AFTER_EACH runs after every test
# (to stop what it left), then VERIFY, whose failure fails the test (what it left
# behind: a sanitizer's report), then ON_FAILURE after a failed one (to show a log).
# With TEST_FILTER set (scripts/run-tests.sh -t, make's T=FILE:FUNCTION), only the
# tests whose name matches that shell pattern run, as cmocka's own filter does.
# Exits 0 when all passed, 1 otherwise.
run_test_functions() {
	tests=""
	for t in $(grep -o '^test_[a-z0-9_]*()' "$0" | tr -d '()'); do
		# shellcheck disable=SC2254
		case $t in ${TEST_FILTER:-*}) tests="$tests $t" ;; esac
	done
	total=0
	failed=""
	nfailed=0
	for t in $tests; do
		total=$((total + 1))
	done
	echo "[==========] Running $total test(s)."
	for t in $tests; do
		echo "[ RUN      ] $t"
		passed=yes
		$t || passed=no
		[ -n "${1:-}" ] && $1
		if [ -n "${3:-}" ] && ! $3; then
			passed=no
		fi
		if [ $passed = yes ]; then
			echo "[       OK ] $t"
		else
			echo "[  FAILED  ] $t"
			failed="$failed $t"
			nfailed=$((nfailed + 1))
			[ -n "${2:-}" ] && $2
		fi
	done
	echo "[==========] $total test(s) run."
	echo "[  PASSED  ] $((total - nfailed)) test(s)."
	if [ $nfailed -gt 0 ]; then
		echo "[  FAILED  ] $nfailed test(s), listed below:"
		for t in $failed; do
			echo "[  FAILED  ] $t"
		done
		exit 1
	fi
	exit 0
}
