#!/bin/sh
# The Russian catalog against the sources: every string marked for translation in
# the client has a Russian translation, and the catalog compiles cleanly.
# Prints cmocka-style result lines for scripts/run-tests.sh.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0; names=""

check() {	# NAME COMMAND...
	name=$1; shift
	echo "[ RUN      ] $name"
	if "$@" >"$tmp/out" 2>&1; then
		echo "[       OK ] $name"; passed=$((passed + 1))
	else
		sed 's/^/    /' "$tmp/out" | head -n 40
		echo "[  FAILED  ] $name"; failed=$((failed + 1)); names="$names $name"
	fi
}

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$tmp/kabinet.pot" \
	include/kabinet/*.h include/kabinet/*/*.h src/client/*.c src/client/*/*.c || exit 1
check every_string_is_translated msgcmp po/ru.po "$tmp/kabinet.pot"
check catalog_compiles msgfmt --check -o /dev/null po/ru.po

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
	echo "[  FAILED  ] $failed test(s), listed below:"
	for n in $names; do echo "[  FAILED  ] $n"; done
	exit 1
fi
