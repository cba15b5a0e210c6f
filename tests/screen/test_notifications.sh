#!/bin/sh
# Screen tests of the notification settings (screen 8, s) and `kabinet notifications`
# against the real kabinetd: the demo's eight events with their channels and the
# threshold, in English at 120x40 and in Russian at 80x24; channels changed in place
# and the threshold typed as money, saved by one confirmed call that the server then
# holds, the screen showing its answer; Esc with changes not saved asking first and
# dropping nothing on no; a threshold that is no amount refused next to its field; a
# profile without a phone offered no SMS, and told why; --read-only changing nothing;
# the subcommand's table and
# its JSON in the API's shape; a bad answer refused by the subcommand.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"

# open_settings: from the overview, screen 8 and then s.
open_settings() {
	keys 8
	wait_for_re "Two-step login|Двухэтапный вход" 10 || return 1
	keys s
	wait_for_re "Low-balance threshold|Порог низкого баланса" 10
}

# setting EVENT: the channel of EVENT on the server now (demo's settings), or the
# threshold with "threshold".
setting() {
	demo_api getNotificationSettings | python3 -c 'import json, sys
d = json.load(sys.stdin)
if sys.argv[1] == "threshold": print(d["lowBalanceThreshold"])
else: print([e["channel"] for e in d["events"] if e["event"] == sys.argv[1]][0])' "$1"
}

# fresh: a demo server of the test's own, its settings never changed.
fresh() {
	start_server "$1" || return 1
	rm -f "$TMP/demo.jar"
}

test_the_settings_in_english_at_120x40() {
	fresh en || return 1
	login_as demo - 120x40 || return 1
	keys 8
	wait_for "s notifications" 10 || return 1
	keys s
	wait_for_re "Event +e-mail +SMS +none" 10 || return 1
	wait_for_re "Low balance +\( \) +\(\*\) +\( \)" 1 || return 1
	wait_for_re "Payment receipt +\(\*\) +\( \) +\( \)" 1 || return 1
	wait_for_re "Login from a new device +\(\*\) +\( \) +\( \)" 1 || return 1
	wait_for_re "Low-balance threshold: 100 +100.00 RUB" 1 || return 1
	not_seen "is not offered" || return 1
	# The help names the keys of the table.
	keys '?'
	wait_for "Change the channel of the event in the row" 5 || return 1
	keys Escape
	wait_gone "Change the channel of the event in the row" 5 || return 1
	# Nothing changed: Esc goes straight back to the profile.
	keys Escape
	wait_for "Remembered devices" 5
}

test_changes_are_saved_at_once_after_a_confirmation() {
	fresh save || return 1
	login_as demo - 80x24 || return 1
	open_settings || return 1
	wait_for_re "Low balance +\( \) +\(\*\) +\( \)" 5 || return 1
	keys Right
	wait_for_re "Low balance \* +\( \) +\( \) +\(\*\)" 5 || return 1
	keys j Space
	wait_for_re "Payment receipt \* +\( \) +\(\*\) +\( \)" 5 || return 1
	keys G BSpace BSpace BSpace
	type_text "1,234.56"
	wait_for "1,234.56 RUB" 5 || return 1
	wait_for "3 changes not saved yet." 1 || return 1
	# Nothing reached the server yet.
	expect "LOW_BALANCE on the server" "$(setting LOW_BALANCE)" SMS || return 1
	keys Enter
	wait_for "Save 3 changes to the notifications?" 5 || return 1
	wait_for "Low balance: none (was SMS)" 1 || return 1
	wait_for "Payment receipt: SMS (was e-mail)" 1 || return 1
	wait_for "Low-balance threshold: 1,234.56 RUB (was 100.00 RUB)" 1 || return 1
	keys y
	wait_for "The notification settings are saved." 10 || return 1
	wait_gone "changes not saved" 5 || return 1
	# The screen shows the server's answer: the field refilled from its figure.
	wait_for_re "Low-balance threshold: 1234.56 +1,234.56 RUB" 5 || return 1
	wait_for_re "Low balance +\( \) +\( \) +\(\*\)" 1 || return 1
	expect "LOW_BALANCE on the server" "$(setting LOW_BALANCE)" NONE || return 1
	expect "PAYMENT_RECEIPT on the server" "$(setting PAYMENT_RECEIPT)" SMS || return 1
	expect "AUTOPAY_RUN on the server" "$(setting AUTOPAY_RUN)" SMS || return 1
	expect "threshold on the server" "$(setting threshold)" 123456 || return 1
	# Saved: Esc asks nothing.
	keys Escape
	wait_for "Remembered devices" 5
}

test_russian_at_80x24_money_typed_the_russian_way() {
	fresh ru || return 1
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	open_settings || return 1
	wait_for_re "Событие +e-mail +SMS +нет" 5 || return 1
	wait_for_re "Низкий баланс +\( \) +\(\*\) +\( \)" 1 || return 1
	wait_for_re "Вход с нового устройства +\(\*\) +\( \) +\( \)" 1 || return 1
	keys G BSpace BSpace BSpace
	type_text "1 234,56"
	wait_for "$(money 123456 ru)" 5 || return 1
	wait_for "1 изменение ещё не сохранено." 1 || return 1
	keys Enter
	wait_for "Сохранить 1 изменение в уведомлениях?" 5 || return 1
	wait_for "Порог низкого баланса: $(money 123456 ru) (было: $(money 10000 ru))" 1 || return 1
	keys y
	wait_for "Настройки уведомлений сохранены." 10 || return 1
	expect "threshold on the server" "$(setting threshold)" 123456
}

test_esc_with_changes_not_saved_asks_first() {
	fresh esc || return 1
	login_as demo - 80x24 || return 1
	open_settings || return 1
	wait_for_re "Tariff changed +\(\*\) +\( \) +\( \)" 5 || return 1
	keys j j j j j Left
	wait_for_re "Tariff changed \* +\( \) +\( \) +\(\*\)" 5 || return 1
	keys Escape
	wait_for "Discard what you typed?" 5 || return 1
	keys n
	wait_gone "Discard what you typed?" 5 || return 1
	# No keeps the change where it was.
	wait_for "1 change not saved yet." 5 || return 1
	keys Escape
	wait_for "Discard what you typed?" 5 || return 1
	keys y
	wait_for "Remembered devices" 5 || return 1
	expect "TARIFF_CHANGE on the server" "$(setting TARIFF_CHANGE)" EMAIL || return 1
	# Opened again, the server's settings.
	keys s
	wait_for_re "Tariff changed +\(\*\) +\( \) +\( \)" 5
}

test_a_threshold_that_is_no_amount_is_refused_in_place() {
	fresh bad || return 1
	login_as demo - 80x24 || return 1
	open_settings || return 1
	keys G
	type_text "5e3"
	wait_for "An amount from 0.00 to 1,000,000.00 RUB" 5 || return 1
	keys Enter
	wait_for "An amount from 0.00 to 1,000,000.00 RUB" 1 || return 1
	not_seen "notifications?" || return 1
	keys BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "2000000"
	wait_for "An amount from 0.00 to 1,000,000.00 RUB" 5 || return 1
	expect "threshold on the server" "$(setting threshold)" 10000
}

test_a_profile_without_a_phone_is_not_offered_sms() {
	fresh nophone || return 1
	sqlite3 "$SERVER_DIR/kabinet.db" "UPDATE profiles SET phone = NULL WHERE login = 'other'" ||
		return 1
	login_as other - 80x24 || return 1
	open_settings || return 1
	wait_for "SMS is not offered: no phone in the profile." 5 || return 1
	wait_for_re "Low balance +\(\*\) +- +\( \)" 1 || return 1
	# Right goes round e-mail and none only.
	keys Right
	wait_for_re "Low balance \* +\( \) +- +\(\*\)" 5 || return 1
	keys Right
	wait_for_re "Low balance +\(\*\) +- +\( \)" 5 || return 1
	keys Left
	wait_for_re "Low balance \* +\( \) +- +\(\*\)" 5
}

test_read_only_shows_and_changes_nothing() {
	fresh ro || return 1
	login_as demo --read-only 80x24 || return 1
	open_settings || return 1
	wait_for_re "Low balance +\( \) +\(\*\) +\( \)" 5 || return 1
	not_seen "Enter save" || return 1
	keys Right
	wait_for "Read-only mode: 'Change the notification settings' is refused." 5 || return 1
	not_seen "Low balance *" || return 1
	keys G
	type_text "5"
	wait_for "Read-only mode: 'Change the notification settings' is refused." 5 || return 1
	# Backspace is refused too: Enter then finds nothing changed.
	keys BSpace Enter
	wait_for "Nothing has changed: there is nothing to save." 5 || return 1
	wait_for_re "Low-balance threshold: 100 +100.00 RUB" 1
}

test_the_subcommand_prints_the_settings() {
	fresh sub || return 1
	subcommand -- notifications
	expect status "$STATUS" 0 || return 1
	expect "first line" "$(printf '%s\n' "$OUT" | sed -n 1p)" \
		"Low balance                 SMS" || return 1
	expect "last event" "$(printf '%s\n' "$OUT" | sed -n 8p)" \
		"Login from a new device     e-mail" || return 1
	expect threshold "$(printf '%s\n' "$OUT" | sed -n 9p)" \
		"Low-balance threshold: $(money 10000 en)" || return 1
	subcommand LANG=ru_RU.UTF-8 -- notifications
	expect "in Russian" "$(printf '%s\n' "$OUT" | sed -n 1p)" \
		"Низкий баланс                    SMS" || return 1
	expect "threshold in Russian" "$(printf '%s\n' "$OUT" | sed -n 9p)" \
		"Порог низкого баланса: $(money 10000 ru)"
}

test_the_subcommand_json_is_the_api_shape() {
	fresh json || return 1
	demo_api setNotificationSettings \
		'{"events":[{"event":"STAFF_VIEW","channel":"NONE"}],"lowBalanceThreshold":5050}' \
		>/dev/null || return 1
	subcommand -- notifications --json
	expect status "$STATUS" 0 || return 1
	expect lines "$(printf '%s\n' "$OUT" | wc -l)" 1 || return 1
	expect events "$(json_get '[e["event"] + ":" + e["channel"] for e in d["events"]]')" \
		'["LOW_BALANCE:SMS", "PAYMENT_RECEIPT:EMAIL", "AUTOPAY_RUN:SMS", "AUTOPAY_DECLINE:SMS", "SUPPORT_ANSWER:EMAIL", "TARIFF_CHANGE:EMAIL", "STAFF_VIEW:NONE", "NEW_DEVICE_LOGIN:EMAIL"]' ||
		return 1
	expect threshold "$(json_get 'd["lowBalanceThreshold"]')" 5050 || return 1
	expect channels "$(json_get 'd["channels"]')" '{"EMAIL": true, "SMS": true}' || return 1
	subcommand -- notifications --bogus
	expect status "$STATUS" 2
}

test_a_bad_answer_is_refused() {
	hostile evil || return 1
	fault_edit '{"set":{"events.0.channel":"PUSH"}}' getNotificationSettings || return 1
	sub notifications
	bad_reply "unknown channel" || return 1
	fault_edit '{"set":{"lowBalanceThreshold":100000001}}' getNotificationSettings || return 1
	sub notifications --json
	bad_reply lowBalanceThreshold
}

run_tests
