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
# The staff view's test names every client method, as a read it may call or as one it
# is refused: its reads are exactly the methods marked M_VIEW, and together with its
# refused ones they are every method of /client-api/ (the staff's all start "staff").
view_list() {
	awk -v a="static const char \\*const $1\\[\\] = \\{" '$0 ~ a {on = 1; next}
		on && /};/ {on = 0} on' tests/api/test_staff_view.c |
		grep -o '"[A-Za-z0-9]*"' | tr -d '"' | sort -u
}
echo "[ RUN      ] staff_view_test_names_every_client_method"
view_list reads >"$tmp/reads"
view_list writes >"$tmp/writes"
grep -ho '^[[:space:]]*{ "[A-Za-z0-9]*", [a-z_]*, [^}]*M_VIEW' src/server/*.c |
	sed 's/^[[:space:]]*{ "\([A-Za-z0-9]*\)".*/\1/' | sort -u >"$tmp/marked"
grep -v '^staff' "$tmp/code" >"$tmp/client"
sort -u "$tmp/reads" "$tmp/writes" >"$tmp/listed"
if [ -s "$tmp/reads" ] && cmp -s "$tmp/reads" "$tmp/marked" && cmp -s "$tmp/listed" "$tmp/client"; then
	echo "[       OK ] staff_view_test_names_every_client_method"; passed=$((passed + 1))
else
	echo "    reads vs M_VIEW: $(comm -3 "$tmp/reads" "$tmp/marked" | tr -d '\t' | tr '\n' ' ')"
	echo "    listed vs served: $(comm -3 "$tmp/listed" "$tmp/client" | tr -d '\t' | tr '\n' ' ')"
	echo "[  FAILED  ] staff_view_test_names_every_client_method"; failed=$((failed + 1))
fi
echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
	echo "[  FAILED  ] $failed test(s), listed below:"
	exit 1
fi
