#!/bin/bash
# The reminder of contrib/systemd-user (kabinet-remind.service and .timer, kabinet(1)
# EXAMPLES): `systemd-analyze --user verify` takes both units without a word (it runs
# without systemd as PID 1: --man=no, a private XDG_RUNTIME_DIR), and the service's
# ExecStart command, run by sh as systemd would run it, against this build's kabinet
# with --demo's data: a balance below KABINET_BELOW is a notify-send with the balances
# when there is a session bus and printed when there is none (exit status 3 both
# times), and nothing at all when no balance is below (exit 0). notify-send is a stand-in
# that writes down what it was given.
# Prints cmocka-style result lines for scripts/run-tests.sh.
cd "$(dirname "$0")/../.." || exit 1
. tests/cmocka.sh
BUILD=${KABINET_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
UNITS=$PWD/contrib/systemd-user
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
[ -x "$BUILD/kabinet" ] || { echo "test_remind.sh: $BUILD/kabinet is missing (make all)" >&2; exit 1; }
command -v systemd-analyze >/dev/null || { echo "test_remind.sh: systemd-analyze is missing (make deps)" >&2; exit 1; }
export LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$tmp/xdg"
mkdir -p "$tmp/bin" "$tmp/xdg"

# What a test found wrong, a line each, indented; fails when there is any.
problems() { awk '{ print "  " $0; n++ } END { exit n > 0 }'; }

# --- the units as systemd reads them ---
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
	export XDG_RUNTIME_DIR="$tmp/run"
	mkdir -m 700 "$XDG_RUNTIME_DIR"
fi
test_systemd_analyze_verify_takes_the_units() {
	{
		systemd-analyze --user verify --man=no "$UNITS/kabinet-remind.service" \
			"$UNITS/kabinet-remind.timer" 2>&1 ||
			echo "systemd-analyze verify: exit status $?"
	} | problems
}

# --- the service's command ---
# ExecStart as the shell gets it: systemd's $$ and %% are $ and %, \\ is \.
sed -n 's/^ExecStart=\/bin\/sh -c //p' "$UNITS/kabinet-remind.service" |
	sed -e "s/^'//" -e "s/'\$//" -e 's/\$\$/$/g' -e 's/%%/%/g' -e 's/\\\\/\\/g' >"$tmp/command"
# kabinet is this build's with the demo's server and data; notify-send writes its
# arguments down.
printf '#!/bin/sh\nexec "%s/kabinet" --demo "$@"\n' "$BUILD" >"$tmp/bin/kabinet"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/notified"\n' "$tmp" >"$tmp/bin/notify-send"
chmod +x "$tmp/bin/kabinet" "$tmp/bin/notify-send"
remind() {	# BELOW BUS: runs the command; its output in $tmp/out, its status echoed
	rm -f "$tmp/notified"
	env PATH="$tmp/bin:$PATH" KABINET_BELOW="$1" DBUS_SESSION_BUS_ADDRESS="$2" \
		sh -c "$(cat "$tmp/command")" >"$tmp/out" 2>&1
	echo $?
}
test_below_is_a_notification_with_a_session_bus() {
	{
		[ -s "$tmp/command" ] || echo "no ExecStart=/bin/sh -c '...' in the service"
		rc=$(remind 1000000 "unix:path=$tmp/bus")
		[ "$rc" = 3 ] || echo "with a session bus: exit status $rc, not 3"
		[ -s "$tmp/out" ] && echo "with a session bus: printed $(cat "$tmp/out")"
		grep -qx "A balance is below 1000000" "$tmp/notified" 2>/dev/null ||
			echo "with a session bus: no notify-send with the title"
		grep -q "590000000001" "$tmp/notified" 2>/dev/null ||
			echo "with a session bus: the notification does not show the accounts"
	} | problems
}
test_below_is_printed_without_a_session_bus() {
	{
		rc=$(remind 1000000 "")
		[ "$rc" = 3 ] || echo "without a session bus: exit status $rc, not 3"
		[ -e "$tmp/notified" ] && echo "without a session bus: notify-send was run"
		grep -qx "A balance is below 1000000:" "$tmp/out" || echo "without a session bus: no title printed"
		grep -q "590000000001" "$tmp/out" || echo "without a session bus: the accounts are not printed"
	} | problems
}
test_nothing_below_says_nothing() {
	{
		rc=$(remind -1000000 "unix:path=$tmp/bus")
		[ "$rc" = 0 ] || echo "nothing below: exit status $rc, not 0"
		[ -s "$tmp/out" ] && echo "nothing below: printed $(cat "$tmp/out")"
		[ -e "$tmp/notified" ] && echo "nothing below: notify-send was run"
	} | problems
}

run_test_functions
