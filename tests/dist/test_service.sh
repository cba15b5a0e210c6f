#!/bin/sh
# dist/kabinetd.service and dist/kabinetd.default against systemd and the program:
# `systemd-analyze verify` finds nothing wrong with the unit (its ExecStart pointed at
# the build's kabinetd), `systemd-analyze security` rates its exposure 2.0 or better, and
# the ExecStart line, expanded as systemd expands it with the default file's settings,
# starts kabinetd, which SIGTERM then stops with status 0. Needs no running systemd.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/cmocka.sh"
BUILD=${KABINET_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-service-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
UNIT=$ROOT/dist/kabinetd.service

# The unit with the installed binary's path replaced by the build's.
built_unit() {
	mkdir -p "$TMP/unit"
	sed "s|/usr/bin/kabinetd|$BUILD/kabinetd|" "$UNIT" >"$TMP/unit/kabinetd.service"
}

test_the_unit_verifies() {
	built_unit
	systemd-analyze verify --man=no "$TMP/unit/kabinetd.service" >"$TMP/verify" 2>&1 ||
		{ sed 's/^/    /' "$TMP/verify" >&2; return 1; }
	[ ! -s "$TMP/verify" ] || { sed 's/^/    /' "$TMP/verify" >&2; return 1; }
}

# The exposure (0 best, 10 worst) at most 2.0: --threshold counts tenths.
test_the_sandbox_rates_2_or_better() {
	built_unit
	systemd-analyze security --offline=true --threshold=20 --no-pager \
		"$TMP/unit/kabinetd.service" >"$TMP/security" 2>&1 ||
		{ grep -E 'Overall|✗' "$TMP/security" | sed 's/^/    /' >&2; return 1; }
	grep -q 'Overall exposure level for kabinetd.service: [01]\.[0-9]' "$TMP/security" ||
		{ tail -n 1 "$TMP/security" >&2; return 1; }
}

# ExecStart as systemd runs it: ${VAR} one word, $VAR split at blanks (none when empty),
# with the state directory and the port made the test's own.
exec_start() {	# DEFAULT-FILE
	line=$(sed -n 's/^ExecStart=//p' "$UNIT")
	KABINETD_LISTEN= KABINETD_OPTS=
	# shellcheck disable=SC1090
	. "$1"
	printf '%s\n' "$line" | sed -e "s|\\\$KABINETD_OPTS|$KABINETD_OPTS|" \
		-e "s|/usr/bin/kabinetd|$BUILD/kabinetd|" -e "s|/var/lib/kabinetd|$TMP/state|g" \
		-e 's|\${KABINETD_LISTEN}|127.0.0.1:0|'
}

start_and_stop() {	# DEFAULT-FILE
	rm -rf "$TMP/state" && mkdir -p "$TMP/state"
	# shellcheck disable=SC2046
	set -- $(exec_start "$1")
	"$@" >"$TMP/out" 2>"$TMP/err" &
	pid=$!
	i=0
	until grep -q '^kabinetd listening on http://127.0.0.1:' "$TMP/out"; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 $pid 2>/dev/null; then
			echo "    did not start: $* ($(cat "$TMP/err"))" >&2
			kill $pid 2>/dev/null
			return 1
		fi
		sleep 0.05
	done
	[ -f "$TMP/state/kabinet.db" ] || { echo "    no database in the state directory" >&2; return 1; }
	kill -TERM $pid
	wait $pid
	status=$?
	[ $status -eq 0 ] || { echo "    SIGTERM: status $status ($(cat "$TMP/err"))" >&2; return 1; }
}

test_the_default_settings_start_and_stop() {
	start_and_stop "$ROOT/dist/kabinetd.default"
}

# An option in KABINETD_OPTS reaches kabinetd as its own words.
test_options_from_the_default_file_are_taken() {
	sed 's/^KABINETD_OPTS="\(.*\)"/KABINETD_OPTS="\1 --threads 2 --seed demo"/' \
		"$ROOT/dist/kabinetd.default" >"$TMP/default"
	start_and_stop "$TMP/default" || return 1
	[ "$(sqlite3 "$TMP/state/kabinet.db" "SELECT count(*) FROM profiles WHERE login = 'demo'")" = 1 ] ||
		{ echo "    --seed demo was not taken" >&2; return 1; }
}

run_test_functions
