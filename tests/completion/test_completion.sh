#!/bin/bash
# The shell completions the build writes (build/completions), each run in its own
# shell: bash with kabinet.bash sourced and COMPREPLY computed by its function, zsh
# with _kabinet autoloaded (compadd and the other completion builtins, which exist
# only inside a completion widget, stood in for by functions that print what they are
# given), fish with kabinet.fish sourced and `complete -C`. Each must offer every
# subcommand and every option that the binary's --help lists (the global options
# from `kabinet --help`, each subcommand's own from `kabinet SUB --help`, so an option
# added without its completion fails here), --lang's values, the config's profiles,
# and not --csv once --json is given.
# Prints cmocka-style result lines for scripts/run-tests.sh.
cd "$(dirname "$0")/../.." || exit 1
. tests/cmocka.sh
BUILD=${KABINET_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
COMPL=$BUILD/completions
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for f in "$BUILD/kabinet" "$COMPL/kabinet.bash" "$COMPL/_kabinet" "$COMPL/kabinet.fish"; do
	[ -e "$f" ] || { echo "test_completion.sh: $f is missing (make all)" >&2; exit 1; }
done
for sh in zsh fish; do
	command -v $sh >/dev/null || { echo "test_completion.sh: $sh is missing (make deps)" >&2; exit 1; }
done
# The completions call `kabinet --list-profiles`: this build's, on a config of our own.
export PATH="$BUILD:$PATH" XDG_CONFIG_HOME="$tmp/xdg" LC_ALL=C.UTF-8
mkdir -p "$tmp/xdg/kabinet"
printf 'set language en\n[profile work]\nset login a\n[profile home]\nset login b\n' \
	>"$tmp/xdg/kabinet/config"
printf '[profile other]\nset login c\n' >"$tmp/other.conf"
# A name is the config's text: shell syntax in it is offered as text, never run.
hostile="x\$(touch $tmp/ran)\`touch $tmp/ran\` y'z"
printf '[profile "%s"]\nset login d\n' "$(printf '%s' "$hostile" | sed 's/[\\"]/\\&/g')" \
	>"$tmp/hostile.conf"

# --- what the binary lists ---
opts_of() { grep -o -- '--[a-z][a-z-]*' | sort -u; }
kabinet --help >"$tmp/help" || exit 1
subcommands=$(sed -n 's/^ *kabinet \[options\] \([a-z-]*\).*/\1/p' "$tmp/help" | sort -u)
[ -n "$subcommands" ] || { echo "test_completion.sh: no subcommand in --help" >&2; exit 1; }
for sub in $subcommands; do
	kabinet "$sub" --help | opts_of >"$tmp/own.$sub"
done
# The global options: what --help names that is no subcommand's own.
opts_of <"$tmp/help" | grep -vxF -f <(cat "$tmp"/own.*) >"$tmp/globals"

# --- one completion in each shell: the words of the line, the last the one completed;
# prints the candidates a line each ---
in_bash() {
	bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_kabinet kabinet "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPL/kabinet.bash" "$@" 2>/dev/null
}
in_zsh() {
	zsh -f -c '
		fpath=("$1" $fpath); shift
		autoload -Uz _kabinet
		words=("$@"); CURRENT=$#; want=$words[CURRENT]
		compadd() {
			while [[ $# -gt 0 && $1 != -- ]]; do shift; done
			shift
			local w; for w; do [[ $w == "$want"* ]] && print -r -- $w; done
		}
		compset() { want=${want#*=}; }
		_message() { :; }
		_files() { print -r -- "(files)"; }
		_command_names() { print -r -- "(commands)"; }
		_kabinet' _ "$COMPL" "$@" 2>/dev/null
}
in_fish() {
	local line="" w
	for w; do line+="$w "; done
	fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
		"$COMPL/kabinet.fish" "${line% }" 2>/dev/null | cut -f1
}

# What a test found wrong, a line each, indented; fails when there is any.
problems() { awk '{ print "  " $0; n++ } END { exit n > 0 }'; }
# want SHELL WHAT EXPECTED-FILE WORDS...: every line of EXPECTED is offered.
want() {
	local shell=$1 what=$2 expected=$3
	shift 3
	"in_$shell" "$@" | sort -u >"$tmp/got"
	grep -vxF -f "$tmp/got" "$expected" | sed "s|^|$shell: $what: not offered: |"
}
# exactly SHELL WHAT EXPECTED-FILE WORDS...: what is offered is EXPECTED, no more.
exactly() {
	local shell=$1 what=$2 expected=$3
	shift 3
	"in_$shell" "$@" | sort -u >"$tmp/got"
	sort -u "$expected" | diff - "$tmp/got" >/dev/null ||
		echo "$shell: $what: offered $(tr '\n' ' ' <"$tmp/got")instead of $(tr '\n' ' ' <"$expected")"
}

echo "$subcommands" >"$tmp/subs"
printf 'ru\nen\n' >"$tmp/langs"
printf 'work\nhome\n' >"$tmp/profiles"
printf 'other\n' >"$tmp/other"
printf -- '--csv\n' >"$tmp/csv"
# Every subcommand at the start, every global option, and each subcommand's own and
# the global ones after it, whatever comes before it.
offers_everything() {	# SHELL
	local shell=$1 sub
	{
		exactly $shell "kabinet <Tab>" "$tmp/subs" kabinet ''
		want $shell "kabinet --<Tab>" "$tmp/globals" kabinet --
		for sub in $subcommands; do
			cat "$tmp/own.$sub" "$tmp/globals" >"$tmp/all.$sub"
			want $shell "kabinet $sub --<Tab>" "$tmp/all.$sub" kabinet "$sub" --
			want $shell "kabinet --demo $sub --<Tab>" "$tmp/own.$sub" kabinet --demo "$sub" --
			want $shell "kabinet --server URL $sub --<Tab>" "$tmp/own.$sub" kabinet --server x "$sub" --
		done
	} | problems
}
offers_the_languages() {	# SHELL
	{
		exactly $1 "kabinet --lang <Tab>" "$tmp/langs" kabinet --lang ''
		exactly $1 "kabinet balance --json --lang <Tab>" "$tmp/langs" kabinet balance --json --lang ''
	} | problems
}
offers_the_config_profiles() {	# SHELL
	{
		exactly $1 "kabinet --profile <Tab>" "$tmp/profiles" kabinet --profile ''
		exactly $1 "kabinet --config FILE --profile <Tab>" "$tmp/other" \
			kabinet --config "$tmp/other.conf" --profile ''
	} | problems
}
# The hostile name comes back as itself (bash quotes it for the line), and nothing ran.
offers_a_hostile_name_as_text() {	# SHELL
	{
		if [ "$1" = bash ]; then
			bash -c 'printf "%q\n" "$1"' _ "$hostile" >"$tmp/hostile"
		else
			printf '%s\n' "$hostile" >"$tmp/hostile"
		fi
		exactly $1 "kabinet --config HOSTILE --profile <Tab>" "$tmp/hostile" \
			kabinet --config "$tmp/hostile.conf" --profile ''
		[ ! -e "$tmp/ran" ] || echo "$1: a profile's name was run as a command"
		rm -f "$tmp/ran"
	} | problems
}
offers_csv_only_without_json() {	# SHELL
	local sub
	{
		for sub in history charges; do
			"in_$1" kabinet $sub --json -- | grep -xF -- --csv | sed "s|^|$1: $sub --json: offered |"
			want $1 "kabinet $sub --<Tab>" "$tmp/csv" kabinet $sub --
		done
	} | problems
}

test_bash_offers_every_subcommand_and_option() { offers_everything bash; }
test_bash_offers_the_languages() { offers_the_languages bash; }
test_bash_offers_the_config_profiles() { offers_the_config_profiles bash; }
test_bash_offers_a_hostile_name_as_text() { offers_a_hostile_name_as_text bash; }
test_bash_offers_csv_only_without_json() { offers_csv_only_without_json bash; }
# bash splits --lang=ru at '=' (COMP_WORDBREAKS); what it hands the function so.
test_bash_completes_an_option_joined_by_equals() {
	{
		exactly bash "kabinet --lang=<Tab>" "$tmp/langs" kabinet --lang =
		exactly bash "kabinet --lang=r<Tab>" <(echo ru) kabinet --lang = r
	} | problems
}
test_zsh_offers_every_subcommand_and_option() { offers_everything zsh; }
test_zsh_offers_the_languages() { offers_the_languages zsh; }
test_zsh_offers_the_config_profiles() { offers_the_config_profiles zsh; }
test_zsh_offers_a_hostile_name_as_text() { offers_a_hostile_name_as_text zsh; }
test_zsh_offers_csv_only_without_json() { offers_csv_only_without_json zsh; }
test_fish_offers_every_subcommand_and_option() { offers_everything fish; }
test_fish_offers_the_languages() { offers_the_languages fish; }
test_fish_offers_the_config_profiles() { offers_the_config_profiles fish; }
test_fish_offers_a_hostile_name_as_text() { offers_a_hostile_name_as_text fish; }
test_fish_offers_csv_only_without_json() { offers_csv_only_without_json fish; }

run_test_functions
