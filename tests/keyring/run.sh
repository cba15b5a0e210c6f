#!/bin/sh
# The real-keyring tests: test_keyring_real against gnome-keyring-daemon on a private
# session bus (dbus-run-session), with a throwaway HOME, so the user's own keyring and
# bus are never touched. Prints cmocka's lines, which scripts/run-tests.sh counts.
# The build directory comes from $KABINET_BUILD (the Makefile sets it), else build.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${KABINET_BUILD:-build}
case $build in /*) ;; *) build=$here/../../$build ;; esac
bin=$build/tests/keyring/test_keyring_real
# The test links keyring.o; the libsecret part is the plugin kabinet-secret.so.
plugin=$build/kabinet-secret.so

fail() {
	echo "tests/keyring/run.sh: $*"
	echo "[  FAILED  ] 1 test(s), listed below:"
	echo "[  FAILED  ] keyring_setup"
	exit 1
}

[ -x "$bin" ] || fail "$bin not built (make check-keyring)"
[ -f "$plugin" ] || fail "$plugin not built (make check-keyring)"
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not installed (make deps)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-keyring.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
mkdir -m 700 "$tmp/home" "$tmp/run"

# No display: nothing may try a graphical prompt. cmocka writes to both streams; the
# bus's own chatter (service activation, the fd limit) is shown only when it failed.
env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
	-u DISPLAY -u WAYLAND_DISPLAY \
	HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" \
	XDG_CONFIG_HOME="$tmp/home/.config" XDG_CACHE_HOME="$tmp/home/.cache" \
	XDG_STATE_HOME="$tmp/home/.local/state" XDG_RUNTIME_DIR="$tmp/run" \
	LANG=C.UTF-8 LANGUAGE=en KABINET_SECRET_PLUGIN="$plugin" \
	timeout -k 5 120 dbus-run-session -- "$bin" >"$tmp/log" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	grep -v '^dbus-daemon\[' "$tmp/log"
else
	cat "$tmp/log"
fi
exit "$rc"
