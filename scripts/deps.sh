#!/bin/sh
# Installs the Debian packages the build and the tests need, when any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu

# Every command a test or a target of `make check` runs comes from a package named here
# or from an Essential one (coreutils, grep, sed, findutils, diffutils, util-linux,
# bsdutils for script, hostname, dash, bash): ps from procps, /usr/bin/time from time
# (the history test's memory figure), awk from mawk, groff (the man pages rendered) from
# groff-base.
PKGS="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libcjson-dev libsodium-dev
libcmocka-dev libcurl4-openssl-dev libncurses-dev libsecret-1-dev gettext tmux wrk valgrind
dbus gnome-keyring libsecret-tools sqlite3 curl python3 nginx openssl
clang libclang-rt-14-dev time procps mawk groff-base ncurses-term"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
