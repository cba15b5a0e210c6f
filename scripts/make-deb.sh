#!/bin/sh
# `make deb`: the Debian packages kabinet and kabinetd (debian/), built by
# dpkg-buildpackage -us -uc -b in a clean copy of the source under BUILD/deb/, so that
# nothing is written outside the checkout, then checked by lintian, which must report
# no error and no warning, and the binaries for the hardening flags of dpkg-buildflags.
# The packages and the .changes are left in BUILD/deb/.
#
# Usage: make-deb.sh BUILD_DIR
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(mkdir -p "${1:-build}" && cd "${1:-build}" && pwd)
version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
out=$build/deb
src=$out/kabinet-$version

rm -rf "$out"
mkdir -p "$src"
# The tracked files as the work tree has them when this is a git checkout (what a
# clone has, with the changes not yet committed; a file deleted but not yet committed
# is left out), else all but the build trees.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$root" && git ls-files --cached | while IFS= read -r f; do
		[ ! -e "$f" ] || printf '%s\n' "$f"
	done | xargs -d '\n' cp --parents -t "$src")
else
	(cd "$root" && tar --exclude='./build*' -cf - .) | (cd "$src" && tar -xf -)
fi
# Tracked files that are gone from the work tree are simply not there: check one.
[ -f "$src/debian/rules" ] || { echo "make-deb: the copy has no debian/rules" >&2; exit 1; }

(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log" >&2; echo "make-deb: the build failed (log: $out/build.log)" >&2; exit 1; }
changes=$(ls "$out"/kabinet_"$version"_*.changes)
lintian --fail-on error,warning --display-info "$changes" >"$out/lintian.log" 2>&1 ||
	{ cat "$out/lintian.log" >&2; echo "make-deb: lintian found problems" >&2; exit 1; }
# The hardening flags of dpkg-buildflags reached the binaries (the Makefile takes CFLAGS,
# CPPFLAGS and LDFLAGS from the environment): position-independent, bound now,
# read-only relocations, stack protector, fortified functions.
mkdir -p "$out/x"
for deb in "$out"/kabinet_"$version"_*.deb "$out"/kabinetd_"$version"_*.deb; do
	dpkg-deb -x "$deb" "$out/x"
done
for bin in "$out/x/usr/bin/kabinet" "$out/x/usr/bin/kabinetd"; do
	readelf -d "$bin" | grep -q 'Flags:.*NOW.*PIE' &&
		readelf -lW "$bin" | grep -q GNU_RELRO &&
		nm -D "$bin" | grep -q ' __stack_chk_fail' &&
		nm -D "$bin" | grep -q '_chk@' ||
		{ echo "make-deb: $bin is not built with the hardening flags" >&2; exit 1; }
done
rm -rf "$src" "$out/x"
echo "make-deb: built and checked (lintian, hardening):"
ls "$out"/*.deb | sed 's/^/  /'
[ ! -s "$out/lintian.log" ] || sed 's/^/  lintian: /' "$out/lintian.log"
