#!/bin/sh
# Screen tests of what comes before a login: registration from the login form (the name
# and the region chosen from the list, the contact, the password with its rules, the
# code from the outbox, then logged in — with the seed's account attached for Соколов
# Андрей Ильич), password recovery (the contact, the code checked before the new
# password, then logged in; Esc keeping the code sent and its countdown), wrong and
# expired codes, and --read-only refusing both. Each effect checked through the API.
. "$(dirname "$0")/lib.sh"

# as LOGIN PASSWORD METHOD [JSON]: one call in a fresh session of LOGIN.
as() {
	jar=$TMP/jar-as.$$
	rm -f "$jar"
	r=$(api "$SERVER_URL" "$jar" login "{\"login\":\"$1\",\"passwd\":\"$2\"}")
	case $r in
	*'"status":"OK"'*) api "$SERVER_URL" "$jar" "$3" "${4:-{\}}" ;;
	*) echo "$r" ;;
	esac
}

expire_codes() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10); c.execute("UPDATE otps SET expires_at = 0"); c.commit()' \
		"$SERVER_DIR/kabinet.db"
}

test_register_sokolov_russian() {
	start_server sokolov || return 1
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --no-keyring
	wait_for "Вход в личный кабинет" || return 1
	wait_for "C-n — регистрация" 1 || return 1
	keys C-n
	wait_for "Новый профиль: 1. ФИО и регион" 3 || return 1
	# A Latin name is refused as it is left.
	type_text "Sokolov"
	keys Tab
	wait_for "Только русские буквы" 3 || return 1
	keys BTab C-u
	type_text "Соколов"
	keys Tab
	type_text "Андрей"
	keys Tab
	type_text "Ильич"
	keys Tab
	# The region from the list: Latin letters find it too; Enter puts it in.
	type_text "perm"
	wait_for "Найти:   perm" 3 || return 1
	wait_for "Пермский край" 1 || return 1
	not_seen "Свердловская область" || return 1
	keys Enter
	wait_for_re "Регион +Пермский край" 3 || return 1
	keys Enter
	wait_for "Новый профиль: 2. телефон или e-mail" 3 || return 1
	type_text "+7 922 555-00-11"
	wait_for "телефон" 1 || return 1
	keys Enter
	wait_for "Новый профиль: 3. пароль" 3 || return 1
	type_text "kabinet"
	wait_for "[ ] хотя бы одна заглавная латинская буква" 3 || return 1
	keys C-u
	type_text "$DEMO_PASSWORD"
	wait_for "[x] хотя бы одна заглавная латинская буква" 3 || return 1
	wait_for "[x] от 8 до 20 символов" 1 || return 1
	keys Tab
	type_text "$DEMO_PASSWORD"
	wait_for "[x] оба раза одинаково" 3 || return 1
	keys Enter
	wait_for "Новый профиль: 4. код" 5 || return 1
	wait_for "Код отправлен на" 1 || return 1
	code=$(outbox_code "$SERVER_DIR" +79225550011)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	type_text "$code"
	keys Enter
	wait_for "Добро пожаловать! Ваш логин — user" 10 || return 1
	wait_for "привязан 1 счёт" 1 || return 1
	wait_for "590000000012" 10 || return 1
	# The profile exists and holds the seed's account; the phone logs in.
	as +79225550011 "$DEMO_PASSWORD" getAccounts | grep -q '"number":"590000000012"' || {
		echo "    590000000012 is not attached" >&2
		return 1
	}
	as +79225550011 "$DEMO_PASSWORD" getProfile | grep -q '"lastName":"Соколов"' || return 1
	as +79225550011 "$DEMO_PASSWORD" getProfile | grep -q '"region":"Пермский край"'
}

test_register_english_wrong_and_expired_codes() {
	start_server register || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Log in to your personal cabinet" || return 1
	keys C-n
	wait_for "New profile: 1. name and region" 3 || return 1
	type_text "Петрова"
	keys Tab
	type_text "Ольга"
	keys Tab Tab
	# Enter on the empty region opens the whole list; typing filters it.
	keys Enter
	wait_for "Find:" 3 || return 1
	wait_for "Республика Адыгея" 1 || return 1
	type_text "Челяб"
	wait_for "Челябинская область" 3 || return 1
	not_seen "Республика Адыгея" || return 1
	keys Enter
	wait_for_re "Region +Челябинская область" 3 || return 1
	keys Enter
	wait_for "New profile: 2. phone or e-mail" 3 || return 1
	# Esc steps back with what was typed kept.
	keys Escape
	wait_for "Челябинская область" 3 || return 1
	keys Enter
	wait_for "New profile: 2. phone or e-mail" 3 || return 1
	type_text "olga@example.ru"
	keys Enter
	type_text "Olga-2026"
	keys Tab
	type_text "Olga-2026"
	keys Enter
	wait_for "A code was sent to" 5 || return 1
	wait_for_re "Send the code again in [0-9]+ s" 1 || return 1
	code=$(outbox_code "$SERVER_DIR" olga@example.ru)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	wrong=000000
	[ "$code" = 000000 ] && wrong=111111
	type_text "$wrong"
	keys Enter
	wait_for "Wrong code: 2 attempts left." 5 || return 1
	expire_codes || return 1
	type_text "$code"
	keys Enter
	wait_for "This code is no longer valid" 5 || return 1
	# Nothing was created.
	as olga@example.ru Olga-2026 getProfile | grep -q UNAUTHORIZED
}

test_recover_the_password() {
	start_server recover || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Log in to your personal cabinet" || return 1
	wait_for "C-p." 1 || return 1
	keys C-p
	wait_for "Password recovery: 1. phone or e-mail" 3 || return 1
	type_text "demo@kabinet.example"
	keys Enter
	wait_for "Password recovery: 2. the code" 5 || return 1
	wait_for "A code was sent to demo@kabinet.example." 1 || return 1
	code=$(outbox_code "$SERVER_DIR" demo@kabinet.example)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	type_text "$code"
	keys Enter
	wait_for "Password recovery: 3. new password" 3 || return 1
	type_text "Vosstanov-1"
	keys Tab
	type_text "Vosstanov-1"
	keys Enter
	wait_for "Updated at" 10 || return 1
	as demo Vosstanov-1 getProfile | grep -q '"login":"demo"' || { echo "    the new password does not log in" >&2; return 1; }
	as demo "$DEMO_PASSWORD" getProfile | grep -q UNAUTHORIZED
}

test_recover_russian_wrong_code() {
	start_server recover_ru || return 1
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --no-keyring
	wait_for "Вход в личный кабинет" || return 1
	keys C-p
	wait_for "Восстановление пароля: 1. телефон или e-mail" 3 || return 1
	type_text "89221234522"
	keys Enter
	wait_for "Восстановление пароля: 2. код" 5 || return 1
	code=$(outbox_code "$SERVER_DIR" +79221234522)
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	wrong=000000
	[ "$code" = 000000 ] && wrong=111111
	type_text "$wrong"
	keys Enter
	# The code is checked before any password is asked for: the attempts left said
	# at the code.
	wait_for "Неверный код: осталось 2 попытки." 5 || return 1
	wait_for "Восстановление пароля: 2. код" 1 || return 1
	not_seen "Восстановление пароля: 3. новый пароль" || return 1
	type_text "$code"
	keys Enter
	wait_for "Восстановление пароля: 3. новый пароль" 5 || return 1
	as demo "$DEMO_PASSWORD" getProfile | grep -q '"login":"demo"'
}

# Esc from the code and Enter on the same contact come back to the code sent, its
# countdown running: no second code goes out before its time. Another contact gets
# its own code.
test_recover_esc_keeps_the_code_and_its_countdown() {
	start_server recover_esc || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Log in to your personal cabinet" || return 1
	keys C-p
	wait_for "Password recovery: 1. phone or e-mail" 3 || return 1
	type_text "demo@kabinet.example"
	keys Enter
	wait_for "Password recovery: 2. the code" 5 || return 1
	wait_for_re "Send the code again in [0-9]+ s" 1 || return 1
	type_text "12"
	for i in 1 2 3; do
		keys Escape
		wait_for "Password recovery: 1. phone or e-mail" 3 || return 1
		keys Enter
		wait_for "Password recovery: 2. the code" 3 || return 1
		wait_for "The code sent to demo@kabinet.example still stands" 1 || return 1
		wait_for_re "Send the code again in [0-9]+ s" 1 || return 1
	done
	# What was typed of the code stayed too.
	capture | grep "Code" | grep -q "12" || { show_screen; return 1; }
	[ "$(grep -c '"to":"demo@kabinet.example"' "$SERVER_DIR/outbox.jsonl")" = 1 ] ||
		{ echo "    more than one code was sent" >&2; return 1; }
	# Another contact is another recovery.
	keys Escape
	wait_for "Password recovery: 1. phone or e-mail" 3 || return 1
	keys C-u
	type_text "+79221234522"
	keys Enter
	wait_for "A code was sent to +79221234522." 5 || return 1
	[ -n "$(outbox_code "$SERVER_DIR" +79221234522)" ]
}

test_read_only_refuses_registration_and_recovery() {
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring --read-only
	wait_for "Log in to your personal cabinet" || return 1
	keys C-n
	wait_for "Read-only mode: 'Register a new profile' is refused." 3 || return 1
	keys C-p
	wait_for "Read-only mode: 'Recover a forgotten password with a code' is refused." 3 || return 1
	not_seen "Password recovery"
}

test_register_at_120x40() {
	start_client 120x40 -- --server "$SERVER_URL" --no-keyring
	wait_for "Log in to your personal cabinet" || return 1
	keys C-n
	wait_for "New profile: 1. name and region" 3 || return 1
	keys Escape
	wait_for "Log in to your personal cabinet" 3
}

start_server main || exit 1
run_tests
