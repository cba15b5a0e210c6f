#!/bin/sh
# Identifiers from a hostile server: kabinet behind
# tests/fake/faultproxy.py's edit mode, which changes kabinetd's answers. An account
# number of 16 digits, one with a zero-width space or in Arabic-Indic digits, two ids
# that differ only after a NUL, a phone number with a bidi control: each makes the
# answer bad. `balance` and `accounts --json` say so on stderr and exit 1 with nothing
# on stdout; the full screen says the answer could not be understood and shows no
# account. Never a shortened or look-alike number printed as if it were real.
. "$(dirname "$0")/lib.sh"

ZWSP_NUMBER='5900000000\u200b02'
ARABIC_NUMBER='\u0665\u0669\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0662'

# refused EDIT METHOD WORDS: with the answers of METHOD edited as EDIT says, `balance`
# and `accounts --json` exit 1, print nothing, and say on one line of stderr that the
# answer could not be understood, naming WORDS (the field, the shape it broke).
refused() {
	fault_edit "$1" "$2" || return 1
	for cmd in balance "accounts --json"; do
		# shellcheck disable=SC2086
		subcommand -- --config "$PROXY_DIR/config" $cmd
		if [ "$STATUS" != 1 ] || [ -n "$OUT" ] || [ "$(echo "$ERR" | wc -l)" != 1 ]; then
			echo "    $1 $cmd: status $STATUS, out '$OUT', err '$ERR'" >&2
			return 1
		fi
		case $ERR in
		*"could not be understood"*"$3"*) ;;
		*) echo "    $1 $cmd: $ERR" >&2; return 1 ;;
		esac
		safe_output "$TMP/err" || return 1
	done
}

# Through the proxy, for the subcommands.
via_proxy() {	# NAME
	start_faults "$1" || return 1
	SERVER_URL=$PROXY_URL
}

test_a_long_account_number_is_refused_not_cut() {
	via_proxy long || return 1
	refused '{"set":{"accounts.0.number":"5900000000010002"}}' getAccounts \
		"number is not an account number (12 ASCII digits)" || return 1
	echo "$ERR" | grep -q "590000000001…" && { echo "    cut: $ERR" >&2; return 1; }
	# And with the answer as kabinetd gave it, the same commands work.
	fault pass || return 1
	subcommand -- --config "$PROXY_DIR/config" accounts --json
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q '"number":"590000000001"'
}

test_look_alike_account_numbers_are_refused() {
	via_proxy alike || return 1
	refused "{\"set\":{\"accounts.0.number\":\"$ZWSP_NUMBER\"}}" getAccounts \
		"number is not an account number" || return 1
	refused "{\"set\":{\"accounts.1.number\":\"$ARABIC_NUMBER\"}}" getAccounts \
		"number is not an account number"
}

test_ids_that_differ_after_a_nul_are_not_one() {
	via_proxy nul || return 1
	refused '{"set":{"accounts.0.accountId":"abc","accounts.1.accountId":"abc\u0000def"}}' \
		getAccounts "accountId is not an id"
}

test_a_phone_number_with_a_bidi_control_is_refused() {
	via_proxy bidi || return 1
	refused '{"set":{"accounts.*.services.*.displayNumber":"+7 (922) 123-\u202e45-22"}}' \
		getAccounts "displayNumber is not a name without control"
}

# The full screen: the overview says the answer was bad, and shows no account.
screen_refuses() {	# NAME SIZE EDIT [VAR=value...]
	name=$1
	size=$2
	edit=$3
	shift 3
	start_faults "$name" || return 1
	fault_edit "$edit" getAccounts || return 1
	start_client "$size" "$@" -- --server "$PROXY_URL" --login demo --no-keyring \
		--config "$PROXY_DIR/config"
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for_re "answer could not be understood|ответ сервера не удалось разобрать" 20 ||
		return 1
	capture | grep -q "59000000" && { show_screen; return 1; }
	capture | grep -q "$(printf '\342\200\213\|\331\245')" && { show_screen; return 1; }
	alive
}

test_the_overview_shows_no_fake_account() {
	screen_refuses long 80x24 '{"set":{"accounts.0.number":"5900000000010002"}}' || return 1
	stop_client
	screen_refuses zwsp 120x40 "{\"set\":{\"accounts.0.number\":\"$ZWSP_NUMBER\"}}" || return 1
	stop_client
	screen_refuses arabic 80x24 "{\"set\":{\"accounts.1.number\":\"$ARABIC_NUMBER\"}}" \
		LANG=ru_RU.UTF-8 || return 1
	capture | grep -q "Счета" || { show_screen; return 1; }
}

run_tests
