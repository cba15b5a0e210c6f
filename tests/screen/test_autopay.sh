#!/bin/sh
# Screen 5, Autopay: the rules with their next run (demo's MONTHLY rule at today's
# balance and the fee of the 1st), creating each kind (a debt rule only on a credit
# account: profile other), a kind the account has already not offered, edit, disable,
# enable, delete — every effect checked through the API; a declined last run (billing
# with a card that asks for 3-D Secure) standing out with its reason; --read-only
# refusing before any request; `kabinet autopay` in text and JSON; a pending tariff
# change counted in the next run and told in its line. 80x24 and 120x40, Russian and
# English.
. "$(dirname "$0")/lib.sh"

# other_api METHOD [JSON]: one call as other (the credit account's holder).
other_api() {
	jar=$TMP/other.jar
	if [ ! -s "$jar" ] || ! api "$SERVER_URL" "$jar" checkSession | grep -q '"isSessionLost":false'; then
		rm -f "$jar"
		api "$SERVER_URL" "$jar" login "{\"login\":\"other\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	fi
	api "$SERVER_URL" "$jar" "$1" "${2:-{\}}"
}

# rules_py PYTHON: runs PYTHON with `rules` = demo's rules (or other's with RULES_OF=other).
rules_py() {
	"${RULES_OF:-demo}_api" getAutopayRules | python3 -c "import json, sys
rules = json.load(sys.stdin)['rules']
$1"
}

on_autopay() {	# LOGIN SIZE [VAR=value...] [-- kabinet arguments]
	login=$1
	shift
	login_as "$login" --no-keyring "$@" || return 1
	keys 5
	wait_for_re "Autopay rules|Правила автоплатежа" 10
}

# The card the MIR test number binds for other (it succeeds at once).
bind_mir_for_other() {
	other_api bindCard '{"card":{"pan":"2200000000000004","expMonth":12,"expYear":2030,"cvc":"123"},"idempotencyKey":"0123456789abcdef0123456789abcdef"}' |
		grep -q '"status":"SUCCEEDED"'
}

test_rules_with_their_next_run() {
	start_server next --today 2026-11-22 || return 1
	on_autopay demo 80x24 || return 1
	wait_for "590000000001" 5 || return 1
	wait_for "monthly" 1 || return 1
	# 830,50 ₽ today, 1 370 ₽ of fees on 1 December: 2 039,50 ₽ to reach 1 500 ₽.
	wait_for_re "on Dec 10(, 2026)?: 2,039\.50 RUB" 5 || return 1
	wait_for "Rule: on the 10th, top up to 1,500.00 RUB; paid with card 2200 00** **** 0004." 1 || return 1
	wait_for "Last run: Nov 10, 2026, 1,440.00 RUB, paid." 1 || return 1
	wait_for "at today's balance of 830.50 RUB and a monthly" 1 || return 1
	stop_client
	on_autopay demo 120x40 LANG=ru_RU.UTF-8 || return 1
	wait_for "ежемесячно" 5 || return 1
	wait_for "10-го числа пополнять до 1${NNBSP}500,00" 3 || return 1
	wait_for_re "10\.12(\.2026)?: 2${NNBSP}039,50" 3 || return 1
	# Wide enough for the card in a column of its own.
	capture | grep "590000000001" | grep -q "2200 00\*\* \*\*\*\* 0004" || { show_screen; return 1; }
}

# A tariff change from the next 1st (today the last of November): the next run counts
# the new fee, and the line says when the fee moves, in both languages.
test_next_run_counts_a_pending_tariff_change() {
	start_server pending --today 2026-11-30 || return 1
	demo_api changeTariff '{"serviceId":"svc1","tariffId":"tar_inet500"}' |
		grep -q '"effectiveFrom":"2026-12-01"' || return 1
	on_autopay demo 120x40 || return 1
	# 830,50 ₽ today, 1 370 ₽ of fees now and 1 570 ₽ on 1 December: 2 239,50 ₽.
	wait_for_re "on Dec 10(, 2026)?: 2,239\.50 RUB" 5 || return 1
	# The line wraps at 120 columns before the day.
	wait_for "monthly fee of 1,370.00 RUB, 1,570.00 RUB from" 3 || return 1
	wait_for_re "^ +Dec 1(, 2026)?\)\.$" 3 || return 1
	stop_client
	on_autopay demo 120x40 LANG=ru_RU.UTF-8 || return 1
	wait_for_re "10\.12(\.2026)?: 2${NNBSP}239,50" 5 || return 1
	wait_for "в месяц, 1${NNBSP}570,00" 3 || return 1
	wait_for_re "^ +01\.12(\.2026)?\)\.$" 3 || return 1
	subcommand -- autopay
	echo "$OUT" | grep -Eq "next: on Dec 10(, 2026)?: 2,239.50 RUB" || { echo "$OUT" >&2; return 1; }
}

test_create_threshold_and_monthly_and_a_taken_kind_is_not_offered() {
	start_server create || return 1
	on_autopay demo 80x24 || return 1
	wait_for "590000000001" 5 || return 1
	# 590000000002: a threshold rule, the figures checked as typed.
	keys a
	wait_for "New autopay rule: the account" 3 || return 1
	keys j Enter
	wait_for "Threshold: when the balance falls below" 3 || return 1
	wait_for "Monthly: on a day of the month" 1 || return 1
	wait_for "Debt rules are for credit accounts only." 1 || return 1
	not_seen "Debt: on the billing day" || return 1
	keys Enter
	wait_for "Balance below (RUB)" 3 || return 1
	type_text "20000"
	wait_for "An amount from 0.00 to 15,000.00 RUB" 2 || return 1
	keys BSpace BSpace
	wait_gone "An amount from 0.00 to 15,000.00 RUB" 2 || return 1
	keys Tab
	type_text "500"
	keys Enter
	wait_for "Which card pays?" 3 || return 1
	wait_for "when the balance falls below 200.00 RUB, pay 500.00 RUB" 1 || return 1
	wait_for "> 2200 00** **** 0004" 3 || return 1
	keys Enter
	wait_for "Create a threshold autopay rule for account 590000000002?" 3 || return 1
	keys y
	wait_for "The threshold rule of 590000000002 is created." 5 || return 1
	rules_py "assert [(r['kind'], r['threshold'], r['amount'], r['enabled']) for r in rules if r['kind'] == 'THRESHOLD'] == [('THRESHOLD', 20000, 50000, True)], rules" || return 1
	# The same account again: the threshold kind is taken, only monthly is offered.
	keys a
	wait_for "New autopay rule: the account" 3 || return 1
	keys j Enter
	wait_for "Not offered, the account has them already: threshold." 3 || return 1
	not_seen "Threshold: when the balance falls below" || return 1
	keys Enter
	wait_for "Day of the month (1-28)" 3 || return 1
	type_text "29"
	wait_for "A whole number from 1 to 28." 2 || return 1
	keys BSpace
	type_text "5"
	keys Tab
	type_text "1 000"
	keys Enter
	wait_for "on the 25th, top up to 1,000.00 RUB" 3 || return 1
	wait_for "> 2200 00** **** 0004" 3 || return 1
	keys Enter
	wait_for "Create a monthly autopay rule for account 590000000002?" 3 || return 1
	keys y
	wait_for "The monthly rule of 590000000002 is created." 5 || return 1
	rules_py "assert [(r['day'], r['amount']) for r in rules if r['kind'] == 'MONTHLY' and r['accountId'] != 'acc1'] == [(25, 100000)], rules" || return 1
	# 590000000001 has its monthly rule: only the threshold kind; Esc steps back.
	keys a
	wait_for "New autopay rule: the account" 3 || return 1
	keys Enter
	wait_for "Not offered, the account has them already: monthly." 3 || return 1
	not_seen "Monthly: on a day of the month" || return 1
	keys Escape
	wait_for "New autopay rule: the account" 3 || return 1
	keys Escape
	wait_for "Autopay rules" 3 || return 1
	rules_py "assert len(rules) == 3, rules"
}

test_edit_disable_enable_delete() {
	start_server change || return 1
	on_autopay demo 80x24 || return 1
	wait_for "590000000001" 5 || return 1
	keys e
	wait_for "Edit the monthly rule of account 590000000001" 3 || return 1
	wait_for "Top up to (RUB)" 1 || return 1
	keys Tab BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "2000"
	keys Enter
	wait_for "Which card pays?" 3 || return 1
	wait_for "> 2200 00** **** 0004" 3 || return 1
	keys Enter
	wait_for "Change the monthly autopay rule of account 590000000001?" 3 || return 1
	wait_for "on the 10th, top up to 2,000.00 RUB" 1 || return 1
	keys y
	wait_for "The monthly rule of 590000000001 is changed." 5 || return 1
	rules_py "assert [(r['day'], r['amount'], r['enabled']) for r in rules] == [(10, 200000, True)], rules" || return 1
	keys Space
	wait_for "Turn off the monthly autopay rule of account 590000000001?" 3 || return 1
	keys y
	wait_for "The monthly rule of 590000000001 is off." 5 || return 1
	wait_for "Next: none: the rule is off." 3 || return 1
	rules_py "assert [r['enabled'] for r in rules] == [False], rules" || return 1
	keys Space
	wait_for "Turn on the monthly autopay rule of account 590000000001?" 3 || return 1
	keys y
	wait_for "The monthly rule of 590000000001 is on." 5 || return 1
	rules_py "assert [r['enabled'] for r in rules] == [True], rules" || return 1
	keys d
	wait_for "Delete the monthly autopay rule of account 590000000001?" 3 || return 1
	keys y
	wait_for "The monthly rule of 590000000001 is deleted." 5 || return 1
	wait_for "No autopay rules yet." 3 || return 1
	rules_py "assert rules == [], rules"
}

# other's credit account: the debt kind is offered; in Russian.
test_debt_rule_on_a_credit_account_in_russian() {
	start_server debt || return 1
	bind_mir_for_other || return 1
	on_autopay other 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "Правил автоплатежа пока нет." 5 || return 1
	keys a
	wait_for "660000000004" 3 || return 1
	keys Enter
	wait_for "Долг: в день списания оплатить задолженность" 3 || return 1
	keys G Enter
	wait_for "Какой картой платить?" 3 || return 1
	wait_for "> 2200 00** **** 0004" 3 || return 1
	keys Enter
	wait_for "Создать правило автоплатежа «долг» для счёта 660000000004?" 3 || return 1
	keys y
	wait_for "Правило «долг» счёта 660000000004 создано." 5 || return 1
	wait_for "в день списания оплачивать задолженность" 3 || return 1
	RULES_OF=other rules_py "assert [(r['kind'], r['amount'], r['enabled']) for r in rules] == [('DEBT', None, True)], rules"
}

# A card that asks for 3-D Secure cannot pay autopay: billing declines the rule.
test_a_declined_last_run_stands_out() {
	start_server declined || return 1
	demo_api bindCard '{"card":{"pan":"4000000000000002","expMonth":12,"expYear":2030,"cvc":"123"},"idempotencyKey":"fedcba9876543210fedcba9876543210"}' >"$TMP/bind.json"
	pay=$(sed -n 's/.*"paymentId":"\([^"]*\)".*/\1/p' "$TMP/bind.json")
	code=$(outbox_code "$SERVER_DIR" "4000 00** **** 0002")
	card=$(demo_api confirmPayment "{\"paymentId\":\"$pay\",\"code\":\"$code\"}" |
		sed -n 's/.*"cardId":"\([^"]*\)".*/\1/p')
	[ -n "$card" ] || { echo "    the 3-D Secure card was not bound" >&2; return 1; }
	demo_api createAutopayRule "{\"accountId\":\"$(demo_account_id 740000000003)\",\"cardId\":\"$card\",\"kind\":\"THRESHOLD\",\"threshold\":0,\"amount\":50000}" |
		grep -q '"ruleId"' || return 1
	"$KABINETD" admin bill --db "$SERVER_DIR/kabinet.db" --date 2030-01-02 >/dev/null || return 1
	rules_py "assert [r['lastRun']['status'] for r in rules if r['lastRun'] and r['lastRun']['date'] == '2030-01-02'] == ['DECLINED'], rules" || return 1
	on_autopay demo 80x24 || return 1
	wait_for "740000000003" 5 || return 1
	# Marked in its row (readable without color) and told in words when selected.
	capture | grep "740000000003" | grep -q "^ *!" || { show_screen; return 1; }
	keys /
	type_text "740000000003"
	keys Enter
	wait_selected "740000000003" || return 1
	wait_for "Last run: ! Jan 2, 2030, 500.00 RUB, DECLINED" 3 || return 1
	# Why, in words (lastRun.declineReason is 3DS_REQUIRED).
	capture | tr -s ' \n' ' ' | grep -qF "DECLINED: the card asks for a confirmation code, which autopay cannot give." ||
		{ echo "    no reason in words" >&2; show_screen; return 1; }
	# The overview warns of it too.
	keys 1
	wait_for_re "740000000003.*(autopay|Autopay)|(autopay|Autopay).*740000000003" 5
}

test_read_only_refuses_before_any_request() {
	start_server ro || return 1
	rules_py "print(json.dumps(rules))" >"$TMP/before.json" || return 1
	on_autopay demo 80x24 -- --read-only || return 1
	wait_for "590000000001" 5 || return 1
	keys a
	wait_for "Read-only mode: 'Create an autopay rule' is refused." 3 || return 1
	not_seen "New autopay rule" || return 1
	keys e
	wait_for "Read-only mode: 'Edit the autopay rule' is refused." 3 || return 1
	keys Space
	wait_for "Read-only mode: 'Enable or disable the autopay rule' is refused." 3 || return 1
	keys d
	wait_for "Read-only mode: 'Delete the autopay rule' is refused." 3 || return 1
	not_seen "Delete the monthly" || return 1
	rules_py "print(json.dumps(rules))" >"$TMP/after.json" || return 1
	cmp -s "$TMP/before.json" "$TMP/after.json"
}

test_the_autopay_subcommand() {
	start_server sub --today 2026-11-22 || return 1
	subcommand -- autopay
	[ "$STATUS" = 0 ] || { echo "    status $STATUS: $ERR" >&2; return 1; }
	echo "$OUT" | grep -q "^590000000001  monthly  enabled  card 2200 00\*\* \*\*\*\* 0004" || { echo "$OUT" >&2; return 1; }
	echo "$OUT" | grep -q "on the 10th, top up to 1,500.00 RUB" || { echo "$OUT" >&2; return 1; }
	echo "$OUT" | grep -Eq "next: on Dec 10(, 2026)?: 2,039.50 RUB" || { echo "$OUT" >&2; return 1; }
	subcommand -- autopay --json
	[ "$STATUS" = 0 ] || return 1
	echo "$OUT" | python3 -c 'import json, sys
r = json.load(sys.stdin)["rules"][0]
assert r["number"] == "590000000001" and r["kind"] == "MONTHLY" and r["amount"] == 150000, r
assert r["day"] == 10 and r["threshold"] is None and r["enabled"] is True, r
assert r["next"] == {"status": "RUNS", "date": "2026-12-10", "amount": 203950, "above": None}, r
assert r["lastRun"]["status"] == "SUCCEEDED", r' || { echo "$OUT" >&2; return 1; }
	subcommand LANG=ru_RU.UTF-8 -- autopay
	[ "$STATUS" = 0 ] || return 1
	echo "$OUT" | grep -q "10-го числа пополнять до 1${NNBSP}500,00" || { echo "$OUT" >&2; return 1; }
	subcommand -- autopay --bogus
	[ "$STATUS" = 2 ] || { echo "    status $STATUS for a bad argument" >&2; return 1; }
}

run_tests
