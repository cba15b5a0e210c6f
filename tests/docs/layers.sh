#!/bin/sh
# The one-way layers of the client (HACKING.md, "The one-way rule"):
#
#   utf8/text/wipe → model → net → ui toolkit → screens → screen table → main
#
# where the network stands beside the model (it uses only utf8, text and wipe: it
# reads the API's envelope itself and is given the reader of a login's answer), with
# the subcommands (cmd/) beside the terminal (the model and the network, never
# ui/), the shell's shared pieces (app, config, options, keys, cache, state, ...)
# under cmd/ and ui/, and i18n, exe, diag and src/common/ open to every layer. The
# ui toolkit is every file of ui/ that is not a screen's (by the groups' prefixes
# below) nor the screen table (screens.c).
#
# Two checks, each a cmocka-style result line for scripts/run-tests.sh:
# - includes: no file (source or header) includes a header of a layer it may not use;
# - calls: no object of the build ($KABINET_BUILD, else build) refers to a symbol that
#   an object of a layer it may not use defines (skipped when nothing is built).
#
# Exceptions allowed: none. An exception, if one is ever needed, is a line of
# `exceptions` below, "FILE HEADER-OR-SYMBOL", with its reason in a comment.
cd "$(dirname "$0")/../.." || exit 1
build=${KABINET_BUILD:-build}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

exceptions=''

# The screens' groups: a file of ui/ (or a header of include/kabinet/ui/) whose name
# starts with one of these is a screen's; screens.c is the table, the rest the toolkit.
screens='staff|login|overview|accounts|tariffs|pay|payments|autopay|bonus|support|profile'

# The layer of a source file or header, by its path.
layer_of() {
	case $1 in
	*/model/utf8.[ch] | */model/text.[ch] | */model/wipe.[ch]) echo base ;;
	src/common/* | */kabinet/money.h | */kabinet/apierr.h | */kabinet/regions.h | */kabinet/names.h | */kabinet/inn.h | */kabinet/notify_events.h) echo base ;;
	*/client/i18n.c | */client/exe.c | */client/diag.c) echo base ;;
	*/kabinet/i18n.h | */kabinet/exe.h | */kabinet/diag.h) echo base ;;
	curses.h | ncurses.h | term.h | ncursesw/*) echo curses ;;
	*/model/*) echo model ;;
	*/net/*) echo net ;;
	*/cmd/*) echo cmd ;;
	src/client/main.c) echo main ;;
	src/client/ui/screens.c) echo table ;;
	*/ui/screens.h) echo screens ;;
	*/ui/*)
		if echo "${1##*/}" | grep -Eq "^($screens)([_.])"; then
			echo screens
		else
			echo toolkit
		fi ;;
	src/client/* | include/kabinet/*) echo shell ;;
	*) echo other ;;
	esac
}

# What a layer may use besides itself.
may_use() {
	case $1 in
	base) echo "" ;;
	model) echo "base" ;;
	net) echo "base" ;;
	shell) echo "base model net curses" ;;
	cmd) echo "base model net shell" ;;
	toolkit) echo "base model net shell curses" ;;
	screens) echo "base model net shell toolkit curses" ;;
	table) echo "base model net shell toolkit screens curses" ;;
	main) echo "base model net shell toolkit screens table cmd curses" ;;
	*) echo "base model net shell toolkit screens table cmd curses other" ;;
	esac
}

# allowed FROM_LAYER TO_LAYER
allowed() {
	[ "$1" = "$2" ] && return 0
	for l in $(may_use "$1"); do
		[ "$l" = "$2" ] && return 0
	done
	return 1
}

excepted() {
	printf '%s\n' "$exceptions" | grep -qxF "$1 $2"
}

passed=0; failed=0
result() {
	if [ -s "$2" ]; then
		sed 's/^/    /' "$2"
		echo "[  FAILED  ] $1"; failed=$((failed + 1))
	else
		echo "[       OK ] $1"; passed=$((passed + 1))
	fi
}

echo "[ RUN      ] no_layer_includes_a_higher_one"
files=$(find src/client include/kabinet -name '*.[ch]' ! -path 'include/kabinet/server/*' | sort)
[ -n "$files" ] || echo "no client sources found" >"$tmp/inc"
for f in $files; do
	from=$(layer_of "$f")
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*\)[>"].*/\1/p' "$f" |
		while read -r h; do
			case $h in
			kabinet/*) to=$(layer_of "include/$h") ;;
			curses.h | ncurses.h | term.h | ncursesw/*) to=curses ;;
			*) continue ;;
			esac
			allowed "$from" "$to" || excepted "$f" "$h" ||
				echo "$f ($from) includes $h ($to)"
		done
done >>"$tmp/inc"
result no_layer_includes_a_higher_one "$tmp/inc"

echo "[ RUN      ] no_layer_calls_a_higher_one"
# Only objects whose source is still there: a build tree may keep those of moved files.
objs=$(find "$build/src/client" "$build/src/common" -name '*.o' ! -path "$build/pic/*" 2>/dev/null |
	sort | while read -r o; do
		src=${o#"$build"/}
		[ -f "${src%.o}.c" ] && echo "$o"
	done)
if [ -z "$objs" ] || ! command -v nm >/dev/null; then
	echo "    nothing built in $build: skipped"
	echo "[       OK ] no_layer_calls_a_higher_one"; passed=$((passed + 1))
else
	# SYMBOL SOURCE for what each object defines, then the same for what it uses.
	for o in $objs; do
		src=${o#"$build"/}
		src=${src%.o}.c
		nm --defined-only -g "$o" | awk -v s="$src" 'NF == 3 { print $3, s }'
	done | sort -u >"$tmp/defs"
	for o in $objs; do
		src=${o#"$build"/}
		src=${src%.o}.c
		nm -u "$o" | awk -v s="$src" '{ print $NF, s }'
	done | sort -u >"$tmp/uses"
	# Each source's layer once, then what it may use, for awk.
	cut -d' ' -f2 "$tmp/defs" "$tmp/uses" | sort -u | while read -r f; do
		l=$(layer_of "$f")
		echo "$f $l $l $(may_use "$l")"
	done >"$tmp/layers"
	join "$tmp/uses" "$tmp/defs" | awk -v ex="$exceptions" '
		BEGIN { n = split(ex, e, "\n"); for (i = 1; i <= n; i++) skip[e[i]] = 1 }
		NR == FNR { layer[$1] = $2; for (i = 3; i <= NF; i++) ok[$1, $i] = 1; next }
		!ok[$2, layer[$3]] && !skip[$2 " " $1] {
			print $2 " (" layer[$2] ") calls " $1 " of " $3 " (" layer[$3] ")"
		}' "$tmp/layers" - >"$tmp/calls"
	result no_layer_calls_a_higher_one "$tmp/calls"
fi

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
	echo "[  FAILED  ] $failed test(s), listed below:"
	exit 1
fi
