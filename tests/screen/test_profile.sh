#!/bin/sh
# Screen tests of screen 8, Profile: the personal data edited (the region chosen from
# the list, never free text), the password changed (the new one logs in, the old one is
# refused), the e-mail changed with the code from the outbox (a wrong code, an expired
# one), two-step login turned on (the next login asks for a code), remembered devices
# listed and revoked (this one logs out here), and --read-only refusing every change
# before any request. Each effect checked through the API. Tests that change the profile
# run on a server of their own.
. "$(dirname "$0")/lib.sh"

# as LOGIN PASSWORD METHOD [JSON]: one call in a fresh session of LOGIN; prints the
# reply (the login's own reply when it failed).
as() {
	jar=$TMP/jar-as.$$
	rm -f "$jar"
	r=$(api "$SERVER_URL" "$jar" login "{\"login\":\"$1\",\"passwd\":\"$2\"}")
	case $r in
	*'"status":"OK"'*) api "$SERVER_URL" "$jar" "$3" "${4:-{\}}" ;;
	*) echo "$r" ;;
	esac
}

profile_field() {	# FIELD: demo's profile, as the API gives it
	as demo "$DEMO_PASSWORD" getProfile | python3 -c 'import json, sys
print(json.load(sys.stdin).get(sys.argv[1]))' "$1"
}

# remember_device: a remembered device of demo, made through the API.
remember_device() {
	api "$SERVER_URL" "$TMP/jar-rem" login \
		"{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\",\"remember\":true,\"client_uuid\":\"$1\"}" >/dev/null
}

test_profile_shows_the_data_in_russian() {
	SERVER_URL=$MAIN_URL
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 8
	wait_for "Иванов Пётр Сергеевич" || return 1
	wait_for "demo@kabinet.example" 1 || return 1
	wait_for "+7 (922) 123-45-22" 1 || return 1
	wait_for "Пермский край" 1 || return 1
	wait_for "Двухэтапный вход" 1
}

test_edit_the_profile() {
	start_server edit || return 1
	login_as demo - 80x24 || return 1
	keys 8
	wait_for "Two-step login" || return 1
	keys e
	wait_for "Edit the personal data" || return 1
	# A Latin middle name is refused as it is left, what was typed kept.
	keys Tab Tab C-u
	type_text "Sergeevich"
	keys Tab
	wait_for "Cyrillic letters only" 3 || return 1
	wait_for "Sergeevich" 1 || return 1
	keys BTab C-u
	type_text "Семёнович"
	# The region comes from the list: typing on it opens the list, filtered.
	keys Tab
	type_text "sverd"
	wait_for "Find:    sverd" 3 || return 1
	wait_for "Свердловская область" 1 || return 1
	keys Enter
	wait_for_re "Region +Свердловская область" 3 || return 1
	keys Enter
	wait_for "The personal data is saved." 5 || return 1
	wait_for "Иванов Пётр Семёнович" 5 || return 1
	[ "$(profile_field middleName)" = "Семёнович" ] || { echo "    middleName: $(profile_field middleName)" >&2; return 1; }
	[ "$(profile_field region)" = "Свердловская область" ]
}

# The region is never free text: Backspace and Ctrl-U leave it as it is, a letter opens
# the list, a filter that finds nothing says so and Enter then chooses nothing, Esc
# leaves the region as it was. A region stored before the list (free text) is shown,
# and refused as the form is saved, before any request.
test_the_region_is_chosen_from_the_list() {
	start_server region || return 1
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10)
c.execute("UPDATE profiles SET region = ? WHERE login = ?", ("perm", "demo")); c.commit()' \
		"$SERVER_DIR/kabinet.db" || return 1
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 8
	wait_for_re "Регион +perm" || return 1
	keys e
	wait_for "Изменение личных данных" || return 1
	keys Tab Tab Tab
	wait_for_re "Регион +perm +Enter — список" 3 || return 1
	keys BSpace C-u
	wait_for_re "Регион +perm " 3 || return 1
	type_text "zzz"
	wait_for "Нет региона с таким названием." 3 || return 1
	keys Enter
	wait_for "Нет региона с таким названием." 1 || return 1
	keys Escape
	wait_for_re "Регион +perm " 3 || return 1
	keys Tab Enter
	wait_for "Такого региона нет в списке" 3 || return 1
	[ "$(profile_field region)" = "perm" ] || return 1
	# Chosen from the list, it is saved as the list names it.
	keys Enter
	wait_for "Найти:" 3 || return 1
	type_text "Перм"
	wait_for "Пермский край" 3 || return 1
	keys Enter
	wait_for_re "Регион +Пермский край" 3 || return 1
	keys Enter
	wait_for "Личные данные сохранены." 5 || return 1
	[ "$(profile_field region)" = "Пермский край" ]
}

test_change_the_password_russian() {
	start_server password || return 1
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 8
	wait_for "Двухэтапный вход" || return 1
	keys p
	wait_for "Текущий пароль" || return 1
	# A wrong current password: said next to it, every password wiped.
	type_text "Wrong-2026"
	keys Tab
	type_text "lower"
	wait_for "[x] только латинские буквы" 3 || return 1
	wait_for "[ ] от 8 до 20 символов" 1 || return 1
	keys C-u
	type_text "Novyj-2026"
	keys Tab
	type_text "Novyj-2026"
	wait_for "[x] оба раза одинаково" 3 || return 1
	keys Enter
	wait_for "Сменить пароль?" 3 || return 1
	wait_for "Этот сеанс остаётся" 1 || return 1
	keys y
	wait_for "Это не ваш текущий пароль." 5 || return 1
	type_text "$DEMO_PASSWORD"
	keys Tab
	type_text "Novyj-2026"
	keys Tab
	type_text "Novyj-2026"
	keys Enter
	wait_for "Сменить пароль?" 3 || return 1
	keys y
	wait_for "Пароль изменён" 5 || return 1
	as demo Novyj-2026 getProfile | grep -q '"login":"demo"' || { echo "    the new password does not log in" >&2; return 1; }
	as demo "$DEMO_PASSWORD" getProfile | grep -q '"errorCode":"UNAUTHORIZED"' || { echo "    the old password still logs in" >&2; return 1; }
	# And in kabinet: the old one refused, the new one taken.
	stop_client
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Wrong login or password." 5 || return 1
	type_text "Novyj-2026"
	keys Enter
	wait_for "Updated at" 10
}

test_change_the_email_with_the_code() {
	start_server email || return 1
	login_as demo - 80x24 || return 1
	keys 8
	wait_for "Two-step login" || return 1
	keys c
	wait_for "New e-mail or phone" || return 1
	type_text "not-an-address@"
	keys Tab
	wait_for "This is not an e-mail address" 3 || return 1
	keys BTab C-u
	type_text "Petr@Example.ru"
	wait_for "e-mail" 1 || return 1
	keys Tab
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "A code was sent to" 5 || return 1
	wait_for_re "Valid for 4:[0-9]{2} more; 3 attempts left" 3 || return 1
	wait_for_re "Send the code again in [0-9]+ s" 1 || return 1
	code=$(outbox_code "$SERVER_DIR" petr@example.ru)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	wrong=000000
	[ "$code" = 000000 ] && wrong=111111
	type_text "$wrong"
	keys Enter
	wait_for "Wrong code: 2 attempts left." 5 || return 1
	type_text "$code"
	keys Enter
	wait_for "Your e-mail is now petr@example.ru" 5 || return 1
	wait_for "petr@example.ru" 1 || return 1
	[ "$(profile_field email)" = "petr@example.ru" ]
}

test_an_expired_code_is_explained() {
	start_server expired || return 1
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 8
	wait_for "Двухэтапный вход" || return 1
	keys c
	type_text "+7 912 000-11-22"
	wait_for "телефон" 3 || return 1
	keys Tab
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Код отправлен" 5 || return 1
	code=$(outbox_code "$SERVER_DIR" +79120001122)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	# Five minutes pass on the server.
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10); c.execute("UPDATE otps SET expires_at = 0"); c.commit()' \
		"$SERVER_DIR/kabinet.db" || return 1
	type_text "$code"
	keys Enter
	wait_for "Этот код больше не действует" 5 || return 1
	[ "$(profile_field phone)" = "+79221234522" ]
}

test_two_step_login_on_then_a_login_asks_for_the_code() {
	start_server twostep || return 1
	login_as demo - 80x24 || return 1
	keys 8
	wait_for "off: a login asks only for the password" || return 1
	keys t
	wait_for "Turn two-step login on?" 3 || return 1
	wait_for "+7 (922) 123-45-22" 1 || return 1
	keys y
	wait_for "on: a login also asks for a code by SMS" 5 || return 1
	# The API's login now asks for a code too.
	as demo "$DEMO_PASSWORD" getProfile | grep -q '"status":"OTP_REQUIRED"' || return 1
	stop_client
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "A code was sent to" 10
}

test_devices_listed_and_one_revoked() {
	start_server devices || return 1
	remember_device aaaa1111
	remember_device bbbb2222
	[ "$(devices)" -eq 2 ] || return 1
	login_as demo - 80x24 || return 1
	keys 8
	wait_for "Remembered devices" || return 1
	wait_for "(aaaa" 5 || return 1
	wait_for "(bbbb" 1 || return 1
	wait_for_re "[0-9]{2}:[0-9]{2} UTC" 1 || return 1
	keys d
	wait_for "Revoke the device" 3 || return 1
	wait_for "Its saved login stops working" 1 || return 1
	keys y
	wait_for "is revoked" 5 || return 1
	[ "$(devices)" -eq 1 ]
}

test_revoking_this_device_logs_out_here() {
	start_server thisdevice || return 1
	[ -n "${BUS:-}" ] || start_bus || return 1
	start_client 80x24 LANG=ru_RU.UTF-8 DBUS_SESSION_BUS_ADDRESS="$BUS" -- \
		--server "$SERVER_URL" --login demo
	wait_for "Пароль" || return 1
	keys C-r
	wait_for "[x]" 3 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Обновлено в" 10 || return 1
	keys 8
	wait_for "это устройство" 5 || return 1
	[ "$(devices)" -eq 1 ] || return 1
	keys d
	wait_for "Это устройство, которым вы пользуетесь" 3 || return 1
	keys y
	wait_for "Вход в личный кабинет" 5 || return 1
	wait_for "Это устройство отозвано" 1 || return 1
	[ "$(devices)" -eq 0 ]
}

test_read_only_refuses_every_change() {
	SERVER_URL=$MAIN_URL
	remember_device cccc3333
	before=$(devices)
	login_as demo --read-only 80x24 || return 1
	keys 8
	wait_for "Two-step login" || return 1
	for k in e p c t d; do
		keys "$k"
		wait_for "Read-only mode:" 3 || return 1
		not_seen "Edit the personal data" || return 1
		not_seen "Current password" || return 1
	done
	wait_for "Read-only mode: 'Revoke the remembered device' is refused." 1 || return 1
	[ "$(devices)" -eq "$before" ] || return 1
	[ "$(profile_field twoStepLogin)" = False ]
}

test_profile_at_120x40() {
	SERVER_URL=$MAIN_URL
	login_as demo - 120x40 || return 1
	keys 8
	wait_for "Remembered devices" || return 1
	wait_for "e edit" 1 || return 1
	keys p
	wait_for "The new password needs:" 3 || return 1
	keys Escape
	wait_for "Remembered devices" 3
}

start_server main || exit 1
MAIN_URL=$SERVER_URL
run_tests
