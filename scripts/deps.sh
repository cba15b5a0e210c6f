#!/bin/sh
# Installs the Debian packages the build and the tests need, when any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# Where there is no dpkg-query (not Debian) it says what the build and `make check`
# need, and goes on when pkg-config finds every library and every command is there.
set -eu

# Every command a test or a target of `make check` runs comes from a package named here
# or from an Essential one (coreutils, grep, sed, findutils, diffutils, util-linux,
# bsdutils for script, hostname, dash, bash): ps from procps, /usr/bin/time from time
# (the history test's memory figure), awk from mawk, groff (the man pages rendered) from
# groff-base; zsh and fish run the shell completions (tests/completion), systemd gives
# systemd-analyze (the reminder's units, tests/contrib).
PKGS="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libcjson-dev libsodium-dev
libcmocka-dev libcurl4-openssl-dev libssl-dev libncurses-dev libsecret-1-dev gettext tmux wrk valgrind
dbus gnome-keyring libsecret-tools sqlite3 curl python3 nginx openssl
clang libclang-rt-14-dev time procps mawk groff-base ncurses-term zsh fish systemd
debhelper lintian debootstrap"
# kabinetd's social login: librhonabwy checks ID tokens; the tests' OpenID provider
# (tests/fake/oidc_provider.py) signs them with python3-cryptography.
PKGS="$PKGS librhonabwy-dev python3-cryptography"
# libqrencode-dev: the QR code of social login's device screen (the client).
PKGS="$PKGS libqrencode-dev"
# The attack tests (tests/attack): slowhttptest's slow headers and bodies.
PKGS="$PKGS slowhttptest"
# The social-login tests (tests/social): an OpenID provider (glewlwyd, its keys made by
# rnbyc, its admin API fed by jq) and a browser (chromium). glewlwyd wants a database
# set up by dbconfig: dbconfig-no-thanks keeps MySQL out, and "No configuration" (below)
# keeps its postinst from setting up one (it fails without) and from a service of its own.
PKGS="$PKGS glewlwyd dbconfig-no-thanks rnbyc chromium jq"
# node and npm install and run the OpenAPI document's lint and check-contract
# (scripts/deps-node.sh): Debian's nodejs and npm, unless an npm is there already (a
# node packaged elsewhere brings its own, and Debian's npm would conflict with it).
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"

# What the packages give, for a system without dpkg: the libraries (pkg-config's
# names) and the commands of the build and of `make check`.
MODULES="libmicrohttpd sqlite3 libcjson libsodium libcrypto ncursesw libcurl libsecret-1 cmocka
librhonabwy"
MODULES="$MODULES libqrencode"
COMMANDS="cc make pkg-config msgfmt msgcmp xgettext tmux python3 curl sqlite3 openssl nginx
dbus-run-session gnome-keyring-daemon secret-tool groff flock timeout xargs ps awk zsh fish
systemd-analyze glewlwyd rnbyc chromium jq"
COMMANDS="$COMMANDS slowhttptest"
# The fuzz targets' compiler, unless make check runs without them (NO_FUZZ=1).
[ -n "${NO_FUZZ:-}" ] || COMMANDS="$COMMANDS clang"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: no dpkg-query: not installing anything. The build and make check need"
	echo "deps:   libraries (pkg-config): $MODULES"
	echo "deps:   commands: $(echo "$COMMANDS" | tr "\n" " ")"
	[ -n "${NO_FUZZ:-}" ] || echo "deps:   and clang's libFuzzer runtime (or make check NO_FUZZ=1)"
	lack=""
	for m in $MODULES; do
		pkg-config --exists "$m" 2>/dev/null || lack="$lack $m"
	done
	for c in $COMMANDS; do
		command -v "$c" >/dev/null 2>&1 || lack="$lack $c"
	done
	if [ -n "$lack" ]; then
		echo "deps: not found:$lack" >&2
		exit 1
	fi
	echo "deps: all found; going on"
	exit 0
fi

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	case " $missing " in
	*" glewlwyd "*)
		echo "glewlwyd glewlwyd/config_type select No configuration" | debconf-set-selections ;;
	esac
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
else
	echo "deps: missing packages:$missing" >&2
	case " $missing " in
	*" glewlwyd "*)
		echo "deps: run: echo 'glewlwyd glewlwyd/config_type select No configuration' |" \
			"sudo debconf-set-selections" >&2 ;;
	esac
	echo "deps: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
