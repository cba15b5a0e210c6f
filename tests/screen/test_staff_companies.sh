#!/bin/sh
# Screen tests of the office's screen 3, Companies (kabinet --staff as office1): the
# company wizard at 80x24 in Russian over TERM=vt100 — a wrong INN refused as it is
# typed (the check digit), the right one taken, the contacts, an account checked as
# typed, the confirmation in words, the one-time password shown once, large, with the
# login and the note that it is not shown again, gone once Enter closes it; the list
# then shows the company with its account and the password issued; the company logs in
# with that password in another kabinet and is asked to set its own. support1 has no
# screen 3: 3 says so there.
. "$(dirname "$0")/lib.sh"

STAFF_PASSWORD=Staff-2026

# staff_client LOGIN: kabinet --staff at the server in Russian over vt100, 80x24,
# logged in as LOGIN (the code from `kabinetd admin staff code`), on the queue.
staff_client() {
	start_client 80x24 LANG=ru_RU.UTF-8 TERM=vt100 -- --staff --no-keyring \
		--server "$SERVER_URL" --login "$1"
	wait_for "Пароль" 10 || return 1
	type_text "$STAFF_PASSWORD"
	keys Enter
	wait_for "Код" 10 || return 1
	type_text "$("$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" code "$1")"
	keys Enter
	wait_for "1 Очередь" 10
}

# The one-time password as drawn: the line of twelve characters two spaces apart
# inside the box.
shown_password() {
	capture | python3 -c '
import sys
for line in sys.stdin:
    s = line.strip()
    parts = s[1:-1].strip().split("  ") if len(s) > 4 else []
    if len(parts) == 12 and all(len(p) == 1 for p in parts):
        print("".join(parts))
        break'
}

test_wizard_and_first_login_russian() {
	staff_client office1 || return 1
	keys 3
	wait_for "Ни одной компании ещё не создано" 10 || return 1
	keys n
	wait_for "Новая компания: 1. название и ИНН" 5 || return 1
	type_text "ООО Ромашка"
	keys Tab
	type_text "7707083894"
	wait_for "Контрольная цифра не сходится" 3 || return 1
	# Enter does not go on with a wrong INN.
	keys Enter
	wait_for "Контрольная цифра не сходится" 3 || return 1
	wait_for "1. название и ИНН" 3 || return 1
	keys BSpace
	type_text "3"
	wait_for "контрольная цифра верна" 3 || return 1
	keys Enter
	wait_for "2. контакты" 3 || return 1
	type_text "romashka@example.org"
	keys Tab
	type_text "+79220000001"
	keys Enter
	wait_for "3. счета для привязки" 3 || return 1
	type_text "5900000000"
	wait_for "10 из 12 цифр" 3 || return 1
	type_text "1x"
	wait_for "Только цифры." 3 || return 1
	keys BSpace BSpace
	type_text "10"
	keys Enter
	wait_for "1. 590000000010" 3 || return 1
	keys Enter
	wait_for "4. подтверждение" 3 || return 1
	wait_for "Создать профиль компании «ООО Ромашка», ИНН 7707083893, логин" 3 || return 1
	wait_for "590000000010" 3 || return 1
	keys Enter
	wait_for "Одноразовый пароль" 10 || return 1
	wait_for "Логин: org7707083893" 3 || return 1
	wait_for "Больше он не будет показан" 3 || return 1
	pw=$(shown_password)
	[ ${#pw} = 12 ] || { echo "    no password on the screen" >&2; show_screen; return 1; }
	# Esc or q by habit does not lose a password shown once: only Enter closes it.
	keys Escape
	wait_for "Нажмите Enter, когда пароль передан: больше он показан не будет." 3 || return 1
	keys q
	[ "$(shown_password)" = "$pw" ] || { echo "    Esc or q closed the password" >&2; return 1; }
	keys Enter
	wait_for "7707083893  ООО Ромашка" 10 || return 1
	wait_for "выдан, входа ещё не было" 5 || return 1
	wait_for "590000000010" 3 || return 1
	not_seen "Одноразовый пароль" || return 1
	[ -z "$(shown_password)" ] || { echo "    the password is still shown" >&2; return 1; }
	staff=$SESSION

	# The company logs in with it in another kabinet and must set its own.
	start_client 80x24 LANG=ru_RU.UTF-8 TERM=vt100 -- --server "$SERVER_URL" --no-keyring \
		--login org7707083893
	wait_for "Пароль" 10 || return 1
	type_text "$pw"
	keys Enter
	wait_for "Задайте свой пароль" 10 || return 1
	SESSION=$staff
	keys r
	wait_for "выдан, входа ещё не было" 10
}

test_support_has_no_companies() {
	staff_client support1 || return 1
	not_seen "3 Компании" || return 1
	keys 3
	wait_for "здесь нет такого экрана" 3 || return 1
	not_seen "Ни одной компании" || return 1
	not_seen "Новая компания" || return 1
}

start_server main || exit 1
run_tests
