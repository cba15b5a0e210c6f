#!/bin/sh
# docs/openapi.yaml against the code and against docs/api.md: every method in
# kabinetd's method tables is a path of the document under the right API and every
# path is a method served; docs/api.md names the same methods; the document's public
# methods, its view-token reads and its list of regions are the server's.
# Prints cmocka-style result lines for scripts/run-tests.sh.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
yaml=docs/openapi.yaml

# Method tables: { "name", handler, flags } rows in src/server/*.c; the staff's methods
# (all named staff…) are served under /staff-api/, the others under /client-api/.
rows() {
	grep -ho '^[[:space:]]*{ "[A-Za-z0-9]*", [a-z_]*, [^}]*}' src/server/*.c |
		grep -e "$1" | sed 's/^[[:space:]]*{ "\([A-Za-z0-9]*\)".*/\1/' | sort -u
}
rows . | sed 's,^staff,/staff-api/staff,; t; s,^,/client-api/,' | sort -u >"$tmp/code"
rows M_PUBLIC >"$tmp/code-public"
rows M_VIEW >"$tmp/code-view"
grep -o '^#\{3,4\} `[A-Za-z0-9]*`$' docs/api.md | sed 's/^#* `\(.*\)`$/\1/' | sort -u >"$tmp/md"

# The document's paths, each with what its operation's security says: "public" for
# `security: []`, "view" when a staff view's token is one of its ways in.
awk '/^  \/[a-z-]*\/[A-Za-z0-9]*:$/ { path = substr($1, 1, length($1) - 1); print path > out; next }
	/^  [^ ]/ || /^[^ ]/ { path = "" }
	path != "" && /^      security: \[\]$/ { print path > pub }
	path != "" && /^      security: .*viewToken/ { print path > view }' \
	out="$tmp/yaml-all" pub="$tmp/yaml-public-raw" view="$tmp/yaml-view-raw" "$yaml"
touch "$tmp/yaml-all" "$tmp/yaml-public-raw" "$tmp/yaml-view-raw"
sort -u "$tmp/yaml-all" >"$tmp/yaml"
for k in public view; do
	sed 's,.*/,,' "$tmp/yaml-$k-raw" | sort -u >"$tmp/yaml-$k"
done
sed 's,.*/,,' "$tmp/yaml" | sort -u >"$tmp/yaml-names"

passed=0; failed=0
result() { # NAME DIFFERENCE: OK when the difference is empty
	echo "[ RUN      ] $1"
	if [ -z "$2" ]; then
		echo "[       OK ] $1"; passed=$((passed + 1))
	else
		echo "$2" | sed 's/^/    /'
		echo "[  FAILED  ] $1"; failed=$((failed + 1))
	fi
}
nonempty() { [ -s "$1" ] || echo "nothing read from $1"; }

result every_served_method_is_in_openapi \
	"$(nonempty "$tmp/code")$(comm -23 "$tmp/code" "$tmp/yaml" | sed 's/^/not in the document: /')"
result every_openapi_path_is_served \
	"$(nonempty "$tmp/yaml")$(comm -13 "$tmp/code" "$tmp/yaml" | sed 's/^/not served: /')"
result openapi_and_api_md_name_the_same_methods \
	"$(comm -3 "$tmp/md" "$tmp/yaml-names" | sed 's/^\t/only in openapi.yaml: /; t; s/^/only in api.md: /')"
result public_methods_need_no_session \
	"$(nonempty "$tmp/code-public")$(comm -3 "$tmp/code-public" "$tmp/yaml-public" | tr -d '\t' | sed 's/^/security differs: /')"
result view_token_reads_are_the_servers \
	"$(nonempty "$tmp/code-view")$(comm -3 "$tmp/code-view" "$tmp/yaml-view" | tr -d '\t' | sed 's/^/viewToken differs: /')"

# The region rule's list, as register and updateProfile take it.
awk '/names\[\] = \{/ { on = 1; next } on && /};/ { on = 0 } on' src/common/regions.c |
	grep -o '"[^"]*"' | tr -d '"' >"$tmp/regions-code"
awk '/^    Region:$/ { on = 1; next } on && /^    [^ ]/ { on = 0 }
	on && /^        - const: / { sub(/^        - const: /, ""); gsub(/"/, ""); print }' "$yaml" >"$tmp/regions-yaml"
result regions_are_the_servers \
	"$(nonempty "$tmp/regions-code")$(diff "$tmp/regions-code" "$tmp/regions-yaml")"

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
	echo "[  FAILED  ] $failed test(s), listed below:"
	exit 1
fi
