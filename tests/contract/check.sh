#!/bin/sh
# make check-contract: the API tests and a set of the screen tests, with Stoplight Prism
# validating every request and answer against docs/openapi.yaml between them and
# kabinetd (tests/contract/kabinetd-prism.py is their kabinetd). Fails when a test
# fails, when any exchange broke the document (an answer out of it, or a request out
# of it that kabinetd took), when Prism logged a violation of an answer or failed,
# and when a method of the document was never called.
#
# Usage: tests/contract/check.sh BUILD_DIR [TEST...]   (default: every API test file
# and SCREEN_TESTS below). KABINET_CONTRACT_DIR keeps the record (default: a
# temporary directory, removed unless something failed).
set -u
cd "$(dirname "$0")/../.." || exit 1
build=${1:?usage: tests/contract/check.sh BUILD_DIR [TEST...]}
shift
all=$#
# The client's screens through the proxy: logins of every kind, registration, the
# profile, payments, bonuses, tariffs, history, support, the staff's screens, the
# notification settings, social login and links.
SCREEN_TESTS="test_login test_remember test_register test_first_login test_profile
test_pay test_autopay test_bonus test_tariffs test_history test_support test_access_log
test_staff_login test_staff_queue test_staff_view test_staff_companies
test_notifications test_social"
# The API tests but those of the HTTP layer under the document: test_http and
# test_http_fuzzed (bodies that are not JSON or over 64 KiB, floods of garbage, Expect
# and Transfer-Encoding: Prism reads the body itself and answers them), test_robust and
# test_guard (idle, half-sent, slow and too many connections, signals: they time the
# server's own sockets, which the proxies in between are not).
TRANSPORT='/test_\(http\|http_fuzzed\|robust\|guard\)$'
if [ $# -eq 0 ]; then
	set -- $(ls "$build"/tests/api/test_* | grep -v '\.[od]$' | grep -v "$TRANSPORT")
	for t in $SCREEN_TESTS; do
		set -- "$@" "tests/screen/$t.sh"
	done
fi
[ -x build/node/node_modules/.bin/prism ] || { echo "check-contract: no Prism in build/node: run make deps" >&2; exit 1; }

dir=${KABINET_CONTRACT_DIR:-$(mktemp -d)}
mkdir -p "$dir"
: >"$dir/exchanges"
: >"$dir/violations"
: >"$dir/prism.log"
KABINET_CONTRACT_DIR=$dir KABINETD="$PWD/tests/contract/kabinetd-prism.py" \
	KABINETD_REAL="$(cd "$build" && pwd)/kabinetd" KABINET_BUILD=$build \
	./scripts/run-tests.sh "$build" "$@"
tests=$?

failed=0
problem() { echo "check-contract: $*"; failed=1; }
[ "$tests" -eq 0 ] || problem "tests failed (above)"
if [ -s "$dir/violations" ]; then
	problem "exchanges that break docs/openapi.yaml:"
	cut -c1-2000 "$dir/violations"
fi
# Prism's own record: every violation of an answer (also those past the 8 KiB its
# header holds) and any failure of Prism itself.
if grep -q 'Violation: response\|Error:' "$dir/prism.log"; then
	problem "Prism logged:"
	grep 'Violation: response\|Error:' "$dir/prism.log" | sed 's/^\[[^]]*\] //' | sort | uniq -c | head -40
fi
# Every method of the document called at least once (when every test ran).
awk '{print $1}' "$dir/exchanges" | sort -u >"$dir/called"
grep -o '^  /[a-z-]*/[A-Za-z0-9]*:$' docs/openapi.yaml | tr -d ' :' | sort -u >"$dir/methods"
if [ "$all" -eq 0 ]; then
	never=$(comm -23 "$dir/methods" "$dir/called")
	[ -z "$never" ] || problem "methods never called: $(echo $never)"
fi
echo "check-contract: $(wc -l <"$dir/exchanges") exchanges, $(awk '$2 >= 400' "$dir/exchanges" | wc -l) of them errors ($(awk '$2 >= 400 {print $2}' "$dir/exchanges" | sort | uniq -c | awk '{printf "%s%s x%s", s, $2, $1; s=", "}')); $(comm -12 "$dir/methods" "$dir/called" | wc -l) of the document's $(wc -l <"$dir/methods") methods called"
if [ "$failed" -ne 0 ]; then
	echo "check-contract: FAILED; the record is in $dir"
	exit 1
fi
[ -n "${KABINET_CONTRACT_DIR:-}" ] || rm -rf "$dir"
echo "check-contract: passed"
