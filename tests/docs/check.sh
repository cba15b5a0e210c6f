#!/bin/sh
# The documentation against the code: every API method kabinetd serves has its
# section in docs/api.md, and every method documented there exists.
# Prints cmocka-style result lines for scripts/run-tests.sh.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Method tables: { "name", handler, flags } rows in src/server/*.c.
grep -ho '^[[:space:]]*{ "[A-Za-z0-9]*", [a-z_]*,' src/server/*.c |
	sed 's/^[[:space:]]*{ "\([A-Za-z0-9]*\)".*/\1/' | sort -u >"$tmp/code"
grep -o '^#\{3,4\} `[A-Za-z0-9]*`$' docs/api.md | sed 's/^#* `\(.*\)`$/\1/' | sort -u >"$tmp/doc"

passed=0; failed=0
echo "[ RUN      ] every_method_is_documented"
missing=$(comm -23 "$tmp/code" "$tmp/doc")
if [ -z "$missing" ] && [ -s "$tmp/code" ]; then
	echo "[       OK ] every_method_is_documented"; passed=$((passed + 1))
else
	echo "    not in docs/api.md: $missing"
	echo "[  FAILED  ] every_method_is_documented"; failed=$((failed + 1))
fi
echo "[ RUN      ] every_documented_method_exists"
extra=$(comm -13 "$tmp/code" "$tmp/doc")
if [ -z "$extra" ]; then
	echo "[       OK ] every_documented_method_exists"; passed=$((passed + 1))
else
	echo "    documented but not served: $extra"
	echo "[  FAILED  ] every_documented_method_exists"; failed=$((failed + 1))
fi
echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
	echo "[  FAILED  ] $failed test(s), listed below:"
	exit 1
fi
