#!/bin/sh
# `kabinet balance` for scripts and monitoring: the figures equal the API's, --json
# carries integer kopecks, --below sets exit status 3, failures say why (status 1 for
# the server, 4 for the login), and bad arguments are usage errors (status 2).
. "$(dirname "$0")/lib.sh"

# balance [VAR=value...] -- ARGS...: see subcommand in lib.sh.
balance() {
	subcommand "$@"
}

expect() {	# WHAT: says what failed, with the run's output; returns 1
	echo "    $1: status $STATUS; out: $OUT; err: $ERR" >&2
	return 1
}

test_table_shows_the_api_figures() {
	balance -- balance
	[ "$STATUS" = 0 ] || expect "status" || return 1
	for n in 590000000001 590000000002 740000000003; do
		line=$(echo "$OUT" | grep "^$n") || expect "no line for $n" || return 1
		want=$(money "$(demo_balance $n)" en)
		echo "$line" | grep -qF -- "$want" || expect "$n should show $want" || return 1
	done
	echo "$OUT" | grep "^740000000003" | grep -q "services blocked for debt" || expect "debt"
}

test_table_in_russian() {
	balance LANG=ru_RU.UTF-8 -- balance
	[ "$STATUS" = 0 ] || expect "status" || return 1
	echo "$OUT" | grep "^590000000001" | grep -qF "$(money 83050 ru)" || expect "ru money" || return 1
	echo "$OUT" | grep "^740000000003" | grep -q "услуги заблокированы за долг" ||
		expect "ru debt note"
}

test_json_has_integer_kopecks() {
	balance -- balance --json
	[ "$STATUS" = 0 ] || expect "status" || return 1
	for n in 590000000001 590000000002 740000000003; do
		k=$(demo_balance $n)
		echo "$OUT" | grep -q "\"number\":\"$n\",[^}]*\"balance\":$k," ||
			expect "$n should have balance $k" || return 1
	done
	# One JSON document: python's parser accepts it and sees three accounts.
	echo "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["accounts"]) == 3' ||
		expect "not JSON"
}

test_below_sets_exit_status_3() {
	balance -- balance --below 200
	[ "$STATUS" = 3 ] || expect "152 RUB is below 200" || return 1
	balance -- balance --below -400
	[ "$STATUS" = 0 ] || expect "nothing is below -400" || return 1
	balance -- balance --below "-374.80"
	[ "$STATUS" = 0 ] || expect "-374.80 is not below itself" || return 1
	balance -- balance --below "-374.79"
	[ "$STATUS" = 3 ] || expect "-374.80 is below -374.79" || return 1
	# In Russian the amount is written the Russian way.
	balance LANG=ru_RU.UTF-8 -- balance --below "−374,79"
	[ "$STATUS" = 3 ] || expect "ru: -374,80 is below -374,79" || return 1
	balance -- balance --json --below 200
	[ "$STATUS" = 3 ] && echo "$OUT" | grep -q '"below":20000,"anyBelow":true' ||
		expect "json below"
}

test_bad_arguments_are_usage_errors() {
	balance -- balance --below lots
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -q "^kabinet: --below lots: An amount from " ||
		expect "--below lots" || return 1
	# Never read as another amount: 1,5 is no English amount, 12 34 none at all.
	balance -- balance --below 1,5
	[ "$STATUS" = 2 ] || expect "--below 1,5" || return 1
	balance LANG=ru_RU.UTF-8 -- balance --below "12 34"
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -q "Сумма от " || expect "--below 12 34" || return 1
	balance -- balance --frobnicate
	[ "$STATUS" = 2 ] || expect "--frobnicate"
}

test_failures_say_why() {
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server "$SERVER_URL" --login demo \
		--no-keyring --password-command "echo Wrong-2026" balance >"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	ERR=$(cat "$TMP/err")
	[ "$STATUS" = 4 ] && echo "$ERR" | grep -q "Wrong login or password" || expect "wrong" || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server http://127.0.0.1:1 --login demo \
		--no-keyring --password-command "echo x" balance >"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	ERR=$(cat "$TMP/err")
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -q "Cannot connect to the server 127.0.0.1:1" ||
		expect "unreachable"
}

test_demo_balance() {
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --demo balance >"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	OUT=$(cat "$TMP/out")
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -qF "$(money 83050 en)" || expect "--demo balance"
}

start_server main || exit 1
run_tests
