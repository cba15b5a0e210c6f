#!/bin/sh
# Screen tests of the staff's login (kabinet --staff): --demo --staff lands on the queue
# with "staff support1" on the top line; against a real server, a wrong password (the
# login kept), a wrong code (said by the field, cleared), the right code from
# `kabinetd admin staff code`, Esc from the code back to the password, :logout back to
# the login, q asking to quit, :set staff refused; a password command goes to the code
# at once and a quit ends the session on the server; a locked login says for how long, a disabled one says so, a login voided by
# wrong codes starts again from the password; --staff with a subcommand (or staff = yes)
# is a usage error (exit 2). 80x24, vt100, Russian and English.
. "$(dirname "$0")/lib.sh"

STAFF_PASSWORD=Staff-2026

# staff_code LOGIN: the current code of LOGIN's authenticator, from the server's data.
staff_code() {
	"$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" code "$1"
}

# wrong_code LOGIN: a code that is not the current one (its first digit moved on).
wrong_code() {
	echo "$(staff_code "$1")" | awk '{ printf "%d%s\n", (substr($0, 1, 1) + 5) % 10, substr($0, 2) }'
}

# staff_add LOGIN: a new support account, its password from standard input.
staff_add() {
	echo "$STAFF_PASSWORD" | "$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" add "$1" \
		--name "Сотрудник $1" --role support >/dev/null
}

staff_call() {	# JAR METHOD JSON
	curl -s -b "$1" -c "$1" -H 'Content-Type: application/json' \
		-H "CSRF-TOKEN: $(awk '$6=="STAFF-CSRF-TOKEN"{print $7}' "$1" 2>/dev/null)" \
		-d "$3" "$SERVER_URL/staff-api/$2"
}

# staff_client LOGIN SIZE [VAR=value...]: kabinet --staff at the server with LOGIN given,
# on the password's field.
staff_client() {
	login=$1
	size=$2
	shift 2
	start_client "$size" "$@" -- --staff --server "$SERVER_URL" --login "$login"
	wait_for_re "Password|Пароль" 10
}

# password_then_code LOGIN: the right password typed, on the code step.
password_then_code() {
	type_text "$STAFF_PASSWORD"
	keys Enter
	wait_for_re "Code|Код" 10
}

test_demo_staff_reaches_the_queue() {
	start_client 80x24 -- --demo --staff
	wait_for "kabinet · staff support1 (Орлова Елена)" 20 || return 1
	wait_for "1 Queue" 3 || return 1
	wait_for "Logged in to the staff side as support1." 3 || return 1
	# q asks to quit, as on the subscriber's screens.
	keys q
	wait_for "Quit kabinet?" 3 || return 1
	keys y
	wait_exit 10 || return 1
	[ "$EXIT_STATUS" = 0 ]
}

test_wrong_password_wrong_code_right_login_russian() {
	staff_client support1 80x24 LANG=ru_RU.UTF-8 TERM=vt100 || return 1
	wait_for "Вход для сотрудников оператора" 3 || return 1
	wait_for "Логин  support1" 3 || return 1
	type_text "Wrong-2026"
	keys Enter
	wait_for "Неверный логин или пароль." 10 || return 1
	# The login stays; the password is typed again.
	wait_for "Логин  support1" 3 || return 1
	password_then_code support1 || return 1
	wait_for "Введите 6 цифр из приложения-аутентификатора для support1." 3 || return 1
	type_text "$(wrong_code support1)"
	keys Enter
	wait_for "Неверный код" 10 || return 1
	# The code is cleared for the next one; the right one gets in.
	capture | grep -qE '^ *Код *$' || { echo "    the wrong code stayed" >&2; show_screen; return 1; }
	type_text "$(staff_code support1)"
	keys Enter
	wait_for "kabinet · сотрудник support1 (Орлова Елена)" 10 || return 1
	wait_for "Вход сотрудника выполнен: support1." 3 || return 1
	# Read at start only.
	keys :
	type_text "set staff = no"
	keys Enter
	wait_for "staff читается при запуске" 3 || return 1
	# Another server: not while the staff session holds.
	keys :
	type_text "set server = http://127.0.0.1:1"
	keys Enter
	wait_for "сначала выйдите из сеанса сотрудника" 3 || return 1
	# :logout: the staff login again, the login kept.
	keys :
	type_text "logout"
	keys Enter
	wait_for "Вход для сотрудников оператора" 10 || return 1
	wait_for "Логин  support1" 3 || return 1
	not_seen "сотрудник support1 ("
}

test_escape_on_the_code_goes_back_to_the_password() {
	staff_client support1 80x24 || return 1
	password_then_code support1 || return 1
	wait_for "Type the 6 digits your authenticator app shows for support1." 3 || return 1
	type_text "12"
	keys Escape
	wait_for "Log in to the operator's staff side" 3 || return 1
	wait_for "Login  support1" 3 || return 1
	# The password is not kept in the form.
	not_seen "•"
}

test_a_password_command_goes_to_the_code_at_once() {
	# A login of its own: a code is taken once, and the other tests use support1's.
	staff_add desk2
	printf '%s\n' "$STAFF_PASSWORD" >"$TMP/staff-password"
	start_client 80x24 -- --staff --server "$SERVER_URL" --login desk2 \
		--password-command "cat $TMP/staff-password"
	wait_for "Type the 6 digits your authenticator app shows for desk2." 10 || return 1
	wait_for "Enter confirm  Esc back" 3 || return 1
	# Quitting ends the staff session on the server, not only here.
	type_text "$(staff_code desk2)"
	keys Enter
	wait_for "kabinet · staff desk2" 10 || return 1
	[ "$(sqlite3 "$SERVER_DIR/kabinet.db" 'SELECT count(*) FROM staff_sessions')" = 1 ] || {
		echo "    no staff session on the server" >&2; return 1; }
	keys Q
	wait_for "Quit kabinet?" 3 || return 1
	keys y
	wait_exit 10 || return 1
	[ "$(sqlite3 "$SERVER_DIR/kabinet.db" 'SELECT count(*) FROM staff_sessions')" = 0 ] || {
		echo "    the staff session outlived the quit" >&2; return 1; }
}

test_a_locked_login_says_for_how_long() {
	jar=$TMP/jar-locked
	for i in 1 2 3 4 5; do
		staff_call "$jar" staffLogin '{"login":"office1","passwd":"Wrong-2026"}' >/dev/null
	done
	staff_client office1 80x24 || return 1
	type_text "$STAFF_PASSWORD"
	keys Enter
	wait_for "Too many attempts: try again in 15 minutes." 10 || return 1
	wait_for "Login  office1" 3
}

test_a_disabled_account_says_so() {
	staff_add support3 || return 1
	"$KABINETD" admin staff --db "$SERVER_DIR/kabinet.db" disable support3 >/dev/null || return 1
	staff_client support3 80x24 || return 1
	type_text "$STAFF_PASSWORD"
	keys Enter
	wait_for "This staff account is disabled: ask the administrator of kabinetd." 10
}

test_a_login_voided_by_wrong_codes_starts_again() {
	staff_add support2 || return 1
	staff_client support2 80x24 || return 1
	password_then_code support2 || return 1
	for i in 1 2 3; do
		type_text "$(wrong_code support2)"
		keys Enter
		# The answer: the code said wrong and cleared, before the next goes.
		wait_for "Wrong code" 10 || return 1
		wait_for_re '^ *Code *$' 10 || return 1
	done
	wait_for "Wrong code. This login is no longer valid, start again" 3 || return 1
	type_text "$(staff_code support2)"
	keys Enter
	wait_for "This login is no longer valid: type the password again." 10 || return 1
	wait_for "Login  support2" 3
}

test_staff_refuses_a_subcommand() {
	subcommand -- --staff balance
	[ "$STATUS" = 2 ] || { echo "    exit status $STATUS, not 2: $ERR" >&2; return 1; }
	case $ERR in
	*"--staff is the full screen of the operator's staff; 'balance' is a subscriber's command: leave out --staff"*) ;;
	*) echo "    said: $ERR" >&2; return 1 ;;
	esac
	printf '[profile desk]\nset staff = yes\n' >"$TMP/staff.conf"
	subcommand -- --config "$TMP/staff.conf" --profile desk requests
	[ "$STATUS" = 2 ] || { echo "    exit status $STATUS, not 2: $ERR" >&2; return 1; }
	case $ERR in
	*"staff = yes is the full screen of the operator's staff; 'requests' is a subscriber's command"*) ;;
	*) echo "    said: $ERR" >&2; return 1 ;;
	esac
}

start_server main || exit 1
run_tests
