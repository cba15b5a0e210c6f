#!/bin/sh
# Screen tests of logging in and the overview: the figures on the screen are the
# API's, two-step login with the code from the outbox, a wrong password, Esc on a
# slow server, an expired session renewed without the login screen.
. "$(dirname "$0")/lib.sh"

# The balances the API gives, formatted as the screen must show them.
expected_balances() {	# URL STYLE -> lines "NUMBER FORMATTED"
	jar=$TMP/jar.$$
	rm -f "$jar"
	api "$1" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	api "$1" "$jar" getAccounts | grep -o '"accountId":"[^"]*","number":"[0-9]*"' |
		sed 's/"accountId":"\([^"]*\)","number":"\([0-9]*\)"/\1 \2/' |
		while read -r id number; do
			k=$(api "$1" "$jar" getAccountBalanceV2 "{\"accountId\":\"$id\"}" |
				sed -n 's/.*"balance":\(-\{0,1\}[0-9]*\).*/\1/p')
			echo "$number $(money "$k" "$2")"
		done
}

check_overview() {	# STYLE
	expected=$(expected_balances "$SERVER_URL" "$1")
	[ "$(echo "$expected" | wc -l)" -eq 3 ] || { echo "    the API gave: $expected" >&2; return 1; }
	echo "$expected" | while read -r number amount; do
		wait_for "$number" 10 || return 1
		# The number and its balance on one line.
		capture | grep -F -- "$number" | grep -qF -- "$amount" || {
			echo "    $number: expected $amount on its line" >&2
			show_screen
			return 1
		}
	done
}

test_demo_login_russian() {
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL"
	wait_for "Вход в личный кабинет" || return 1
	login_with_password demo "$DEMO_PASSWORD" || return 1
	wait_for "Обновлено в" 10 || return 1
	check_overview ru || return 1
	# The documented demo figures, exactly as a subscriber reads them.
	wait_for "$(money 83050 ru)" 1 && wait_for "$(money 15200 ru)" 1 &&
		wait_for "$(money -37480 ru)" 1 || return 1
	wait_for "−374,80" 1 || return 1
	wait_for "Бонусы: 1${NNBSP}250 баллов" 1 || return 1
	wait_for "уровень «Стандарт»" 1 || return 1
	wait_for "заблокирована за долг" 1 || return 1
	wait_for "Вы вошли как demo" 1
}

test_demo_login_english() {
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --lang en --login demo
	wait_for "Log in to your personal cabinet" || return 1
	# --login filled the login; the cursor waits in the password.
	wait_for "demo" 1 || return 1
	wait_for "login name" 1 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 10 || return 1
	check_overview en || return 1
	wait_for "830.50 RUB" 1 && wait_for "−374.80 RUB" 1 || return 1
	wait_for "Bonus: 1,250 points" 1 || return 1
	wait_for "level 'Standard'" 1
}

test_login_kind_is_shown() {
	start_client 80x24 -- --server "$SERVER_URL"
	wait_for "Password" || return 1
	type_text "590000000001"
	wait_for "account number" 2 || return 1
	keys C-u
	type_text "+7 (922) 123-45-22"
	wait_for "phone number" 2 || return 1
	keys C-u
	type_text "demo@kabinet.example"
	wait_for "e-mail" 2 || return 1
	keys C-u
	type_text "demo"
	wait_for "login name" 2
}

test_two_step_login() {
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL"
	login_with_password demo2fa "$DEMO_PASSWORD" || return 1
	wait_for "Код отправлен на" 10 || return 1
	wait_for "Отправить код ещё раз через" 2 || return 1
	i=0
	code=""
	while [ -z "$code" ] && [ $i -lt 50 ]; do
		code=$(outbox_code "$SERVER_DIR" "+79227654311")
		[ -n "$code" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$code" ] || { echo "    no code in the outbox" >&2; return 1; }
	type_text "$code"
	keys Enter
	wait_for "590000000005" 10 || return 1
	wait_for "$(money 120000 ru)" 5 || return 1
	not_seen "590000000001"
}

test_wrong_password_keeps_the_login() {
	start_client 80x24 -- --server "$SERVER_URL"
	login_with_password demo "Wrong-password-1" || return 1
	wait_for "Wrong login or password." 10 || return 1
	# What was typed stays: the login, and the form is still here.
	capture | grep "Login" | grep -qF "demo" || {
		echo "    the login was not kept" >&2
		show_screen
		return 1
	}
	not_seen "Updated at" || return 1
	# The password was wiped: typing it again logs in.
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 10
}

test_wrong_password_russian() {
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --login demo
	wait_for "Пароль" || return 1
	type_text "Wrong-password-1"
	keys Enter
	wait_for "Неверный логин или пароль." 10 || return 1
	capture | grep "Логин" | grep -qF "demo"
}

test_escape_cancels_a_slow_request() {
	start_server slow --delay-ms 5000 || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Esc: cancel" 3 || return 1
	keys Escape
	# Well before the server's 5 s: the poll gives up after 3.
	wait_for "Cancelled." 3 || return 1
	wait_gone "Esc: cancel" 2 || return 1
	alive
}

# expire_session NAME: a session of our own, opened after the client's last request:
# once the server says it is lost, the client's is lost too.
expire_session() {
	jar=$TMP/$1.jar
	api "$SERVER_URL" "$jar" login "{\"login\":\"other\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	wait_session_lost "$jar"
}

test_expired_session_is_renewed() {
	start_server ttl --session-ttl 2 || return 1
	# "Remember me": the token that renews the session, kept in a keyring.
	[ -n "${BUS:-}" ] || start_bus || return 1
	form_login C-r || return 1
	before=$(capture | grep -o "Updated at [0-9:]*")
	expire_session ttl || return 1
	keys r
	wait_refreshed "$before" || return 1
	not_seen "Log in to your personal cabinet" || return 1
	not_seen "session has ended" || return 1
	wait_for "$(money 83050 en)" 1
}

test_expired_session_without_remember_me_asks_again() {
	start_server ttl2 --session-ttl 2 || return 1
	form_login || return 1
	expire_session ttl2 || return 1
	keys r
	# No remember token was asked for: the form again, with the login kept.
	wait_for "The session has ended: log in again." 10 || return 1
	wait_for "Login  demo" 1
}

# form_login [KEYS...]: demo logs in through the form; KEYS (C-r) before Enter. With
# the keyring's bus when there is one (start_bus): nothing else can remember.
form_login() {
	start_client 80x24 ${BUS:+DBUS_SESSION_BUS_ADDRESS="$BUS"} -- --server "$SERVER_URL" \
		--login demo
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	if [ $# -gt 0 ]; then
		keys "$@"
		[ "$1" = C-r ] && { wait_for "[x] Remember me" 3 || return 1; }
	fi
	keys Enter
	wait_for "Updated at" 10
}

test_only_remember_me_creates_a_remembered_device() {
	start_server devices || return 1
	[ -n "${BUS:-}" ] || start_bus || return 1
	before=$(devices)
	form_login || return 1
	stop_client
	form_login || return 1
	stop_client
	[ "$(devices)" = "$before" ] ||
		{ echo "    $before devices before, $(devices) after two plain logins" >&2; return 1; }
	form_login C-r || return 1
	stop_client
	[ "$(devices)" = $((before + 1)) ] ||
		{ echo "    $before devices before, $(devices) after a remembered login" >&2; return 1; }
}

test_no_keyring_hides_remember_me() {
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	not_seen "Remember me" || return 1
	# C-r does not tick anything that is not there: the login gives no token.
	keys C-r
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Credentials: memory only." 10
}

test_a_pasted_login_is_trimmed() {
	start_client 80x24 -- --server "$SERVER_URL"
	login_with_password "  demo  " "$DEMO_PASSWORD" || return 1
	wait_for "Updated at" 10 || return 1
	wait_for "Logged in as demo." 1
}

test_a_long_password_is_refused_in_the_interface_language() {
	long=$(printf '%0300d' 0)
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --login demo
	wait_for "Пароль" || return 1
	type_text "$long"
	keys Enter
	wait_for "Пароль длиннее 256 символов" 5 || return 1
	capture | grep "Логин" | grep -qF "demo" || return 1
	# Nothing was sent: the login has no failure counted against it, and the right
	# password still works after the field is cleared.
	keys C-u
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Обновлено в" 10
}

next_code() {	# TO: the newest code sent to TO after $1_before
	i=0
	while [ $i -lt 50 ]; do
		code=$(outbox_code "$SERVER_DIR" "$1")
		[ -n "$code" ] && [ "$code" != "${2:-}" ] && { echo "$code"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

test_a_wrong_code_is_cleared() {
	start_client 80x24 -- --server "$SERVER_URL"
	login_with_password demo2fa "$DEMO_PASSWORD" || return 1
	wait_for "A code was sent to" 10 || return 1
	code=$(next_code "+79227654311") || { echo "    no code" >&2; return 1; }
	# "1$code": a code may start with 0, which sh would read as octal.
	wrong=$(printf '%06d' $(( (1$code + 1) % 1000000 )))
	type_text "$wrong"
	keys Enter
	wait_for_re "[Ww]rong|[Ii]nvalid|[Nn]ot valid|attempt" 10 || return 1
	# The field is empty: typing the right code alone logs in.
	not_seen "$wrong" || return 1
	type_text "$code"
	keys Enter
	wait_for "Updated at" 10
}

test_escape_in_the_code_step_sends_no_code() {
	start_server slow2fa --delay-ms 1500 || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo2fa
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "A code was sent to" 10 || return 1
	code=$(next_code "+79227654311") || { echo "    no code" >&2; return 1; }
	type_text "$code"
	keys Escape
	# Back at the password, the code dropped; never logged in.
	wait_for "Log in to your personal cabinet" 3 || return 1
	not_seen "$code" || return 1
	# Enter, then Esc while the server still thinks: back again, not logged in.
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "A code was sent to" 10 || return 1
	code2=$(next_code "+79227654311" "$code") || { echo "    no second code" >&2; return 1; }
	type_text "$code2"
	keys Enter
	wait_for "Esc: cancel" 3 || return 1
	keys Escape
	wait_for "Cancelled: log in again for a new code." 3 || return 1
	wait_for "Log in to your personal cabinet" 1 || return 1
	# Longer than the server's delay: a late answer must change nothing.
	holds 2 not_seen "Updated at" || return 1
	alive
}

test_password_command_skips_the_form() {
	printf '#!/bin/sh\necho %s\n' "$DEMO_PASSWORD" >"$TMP/pass.sh"
	chmod +x "$TMP/pass.sh"
	start_client 80x24 -- --server "$SERVER_URL" --login demo --password-command "$TMP/pass.sh"
	wait_for "Updated at" 10 || return 1
	wait_for "Credentials: password command" 1 || return 1
	not_seen "Log in to your personal cabinet"
}

test_a_failing_password_command_says_why() {
	start_client 80x24 -- --server "$SERVER_URL" --login demo --password-command "exit 3"
	wait_for "Password" 10 || return 1
	wait_for_re "[Pp]assword command" 1
}

start_server main || exit 1
run_tests
