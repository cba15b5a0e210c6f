#!/bin/sh
# Screen tests of social login and linking against the real kabinetd with the scripted
# OpenID provider (tests/fake/oidc_provider.py) as "VK ID" and "Yandex ID": the
# providers listed by name, the device screen at 80x24 in Russian and English and at
# 120x40 (the code, the address, a QR code whose dark modules are dark: black on
# white, or reverse video under NO_COLOR), the address alone under LANG=C, ascii_only
# and in a small window, Esc back to the form with the login kept, the ends (denied,
# not linked, the provider's answer refused), linking and unlinking on screen 8, a
# login through the link that "remember me" keeps in the keyring, a two-step
# profile's code after it, and a profile that must set its own password first. What a browser does on the approval pages is done with
# curl. The fake server's scripted flows give what the real one cannot in a test's
# time: a code that expires, an identity linked elsewhere, a server with no provider.
. "$(dirname "$0")/lib.sh"

OIDC=$SCREEN_ROOT/tests/fake/oidc_provider.py
CODE_RE='[B-Z] [B-Z] [B-Z] [B-Z] - [B-Z] [B-Z] [B-Z] [B-Z]'
# The approval page: kabinetd's own address (its public URL), which a proxy in front of
# it (check-contract's) does not change.
PAGE_RE='http://127\.0\.0\.1:[0-9]+/device'
# The top row of the QR code's two upper finder patterns, as half blocks.
FINDER='█▀▀▀▀▀█ .* █▀▀▀▀▀█'

# start_social NAME [kabinetd options]: the provider, then kabinetd with it as vk and
# ya; sets OIDC_URL and SERVER_URL.
start_social() {
	dir=$TMP/oidc-$1
	mkdir -p "$dir"
	printf 'client-secret-of-the-test\n' >"$dir/secret"
	chmod 600 "$dir/secret"
	python3 "$OIDC" --listen 127.0.0.1:0 --client-id kabinet-test \
		--client-secret-file "$dir/secret" >"$dir/stdout" 2>"$dir/log" &
	SERVER_PIDS="$SERVER_PIDS $!"
	wait_listening "$dir" oidc_provider $! || return 1
	OIDC_URL=$SERVER_URL
	cat >"$dir/providers.json" <<EOF
{"providers": [
 {"id": "vk", "issuer": "$OIDC_URL", "clientId": "kabinet-test",
  "clientSecretFile": "$dir/secret", "name": {"ru": "VK ID", "en": "VK ID"}},
 {"id": "ya", "issuer": "$OIDC_URL", "clientId": "kabinet-test",
  "clientSecretFile": "$dir/secret", "name": {"ru": "Яндекс ID", "en": "Yandex ID"}}
]}
EOF
	srv=$1
	shift
	start_server "social-$srv" --providers "$dir/providers.json" "$@"
}

# social_server [NAME [kabinetd options]]: the provider and kabinetd of start_social,
# started once a NAME
# ("first" by default; kabinetd takes 10 new flows from one address in 10 minutes, so
# the ends and the linking tests have servers of their own); sets SERVER_URL,
# SERVER_DIR and OIDC_URL to them.
social_server() {
	srv_name=${1:-first}
	[ $# -gt 0 ] && shift
	if [ -z "$(eval echo "\${SOCIAL_URL_$srv_name:-}")" ]; then
		start_social "$srv_name" "$@" || return 1
		eval "SOCIAL_URL_$srv_name=\$SERVER_URL OIDC_URL_$srv_name=\$OIDC_URL"
		eval "SOCIAL_DIR_$srv_name=\$SERVER_DIR"
	fi
	eval "SERVER_URL=\$SOCIAL_URL_$srv_name OIDC_URL=\$OIDC_URL_$srv_name"
	eval "SERVER_DIR=\$SOCIAL_DIR_$srv_name"
}

# script_provider SUB NAME MODE: how the provider answers the next authorizations.
script_provider() {
	curl -s -G --data-urlencode "sub=$1" --data-urlencode "name=$2" --data-urlencode "mode=$3" \
		"$OIDC_URL/control" >/dev/null
}

csrf_of() {
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# decide CODE approve|deny [PAGE]: a person's browser at the address on the screen (or
# PAGE): the form, the code, the decision; an approval follows the redirects to the
# provider and back. The last page goes to $TMP/decided.html.
decide() {
	djar=$TMP/jar-device
	rm -f "$djar"
	page=${3:-$(capture | grep -oE 'https?://[^ ]+/device' | head -n 1)}
	[ -n "$page" ] || { echo "    no address on the screen" >&2; return 1; }
	curl -s -c "$djar" -b "$djar" "$page?code=$1&lang=en" >"$TMP/form.html"
	curl -s -c "$djar" -b "$djar" --data-urlencode "code=$1" \
		--data-urlencode "csrf=$(csrf_of "$TMP/form.html")" -d lang=en \
		"$page" >"$TMP/confirm.html"
	curl -s -L -c "$djar" -b "$djar" --data-urlencode "code=$1" \
		--data-urlencode "csrf=$(csrf_of "$TMP/confirm.html")" -d "decision=$2" -d lang=en \
		"$page/approve" >"$TMP/decided.html"
}

# The user code on the screen, as typed (XXXX-XXXX).
shown_code() {
	capture | grep -oE "$CODE_RE" | head -n 1 | tr -d ' '
}

# open_flow PROVIDER_NAME: C-o on the login form, the provider chosen, the code shown.
open_flow() {
	wait_for_re "Password|Пароль" 10 || return 1
	keys C-o
	# The list, not the form's line that names VK ID.
	wait_for_re "^ +$1\$" 10 || return 1
	[ "$1" = "VK ID" ] || keys Down
	keys Enter
	wait_for_re "$CODE_RE" 10
}

# The QR code is drawn and reads as printed: its finder patterns' top rows in half
# blocks, black (30) on white (47) whatever the colors of the scheme.
qr_black_on_white() {
	wait_for_re "$FINDER" 5 || return 1
	tmx capture-pane -p -e -t "$SESSION" | grep -E "$FINDER" | head -n 1 |
		grep -q "$(printf '\033')\[30m$(printf '\033')\[47m" ||
		{ echo "    the QR code is not black on white" >&2; tmx capture-pane -p -e -t "$SESSION" | grep -E "$FINDER" | cat -v >&2; return 1; }
}

# social_accounts: from the overview to screen 8's social accounts.
social_accounts() {
	keys 8
	wait_for "Remembered devices" 10 || return 1
	keys l
	wait_for "Social accounts" 10
}

# link_vk_on_screen_8: Enter on VK ID, not linked yet: its code is shown.
link_vk_on_screen_8() {
	social_accounts || return 1
	wait_for_re "VK ID +not linked" 10 || return 1
	keys Enter
	wait_for_re "$CODE_RE" 10
}

test_the_providers_are_listed_by_their_names() {
	social_server || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "A social account (VK ID and the like): C-o." 10 || return 1
	keys C-o
	wait_for "Log in with:" 10 || return 1
	wait_for "VK ID" 1 || return 1
	wait_for "Yandex ID" 1 || return 1
	wait_for "Enter choose" 1
}

test_the_code_and_the_qr_fit_80x24_in_english() {
	social_server || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	wait_for "Log in with VK ID" 1 || return 1
	wait_for "Scan the QR code, or open this address:" 1 || return 1
	wait_for_re "$PAGE_RE\$" 1 || return 1
	wait_for_re "Time left: (10:00|9:[0-9][0-9])" 1 || return 1
	qr_black_on_white || return 1
	# The whole code's art is on the screen: the bottom-left finder too.
	[ "$(capture | grep -cE '█▀▀▀▀▀█')" -eq 2 ] || { show_screen; return 1; }
	wait_for "Esc stop" 1
}

test_the_code_and_the_qr_fit_80x24_in_russian() {
	social_server || return 1
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	wait_for "Вход через VK ID" 1 || return 1
	wait_for "Отсканируйте QR-код или откройте адрес:" 1 || return 1
	wait_for "и введите код:" 1 || return 1
	wait_for_re "Осталось: (10:00|9:[0-9][0-9])" 1 || return 1
	qr_black_on_white
}

test_at_120x40_the_qr_stands_beside_the_text() {
	social_server || return 1
	start_client 120x40 -- --server "$SERVER_URL" --no-keyring
	open_flow "Yandex ID" || return 1
	wait_for "Log in with Yandex ID" 1 || return 1
	capture | grep -E "$FINDER" | grep -q "Scan the QR code" ||
		{ echo "    the text is not beside the QR code" >&2; show_screen; return 1; }
	qr_black_on_white
}

# A public URL of a real site makes a larger code (version 4, 33 modules): at 80x24
# it still fits, on the login's device screen and on the link's under the menu.
test_a_longer_address_still_fits_80x24() {
	social_server long --public-url https://lk.kabinet.example.ru/cabinet || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	# Too long for its column, the address breaks after a slash.
	wait_for_re "https://lk\.kabinet\.example\.ru/cabinet/\$" 1 || return 1
	wait_for_re " device\$" 1 || return 1
	qr_black_on_white || return 1
	stop_client
	login_as demo --no-keyring 80x24 || return 1
	link_vk_on_screen_8 || return 1
	wait_for "1 Overview 2 Accounts" 1 || return 1
	qr_black_on_white
}

test_under_no_color_the_qr_is_in_reverse_video() {
	social_server || return 1
	start_client 80x24 NO_COLOR=1 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	wait_for_re "$FINDER" 5 || return 1
	tmx capture-pane -p -e -t "$SESSION" | grep -E "$FINDER" | head -n 1 |
		grep -q "$(printf '\033')\[7m" || { echo "    not in reverse video" >&2; return 1; }
}

test_under_lang_c_the_address_goes_alone_with_a_note() {
	social_server || return 1
	start_client 80x24 LANG=C -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	wait_for "No QR code on a terminal that is not UTF-8" 1 || return 1
	wait_for_re "$PAGE_RE\?code=[B-Z]{4}-[B-Z]{4}" 1 || return 1
	if capture | grep -q '▀'; then
		echo "    a QR code drawn without UTF-8" >&2
		return 1
	fi
}

test_set_ascii_only_takes_the_qr_away() {
	social_server || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	wait_for_re "$FINDER" 5 || return 1
	keys :
	type_text "set ascii_only = yes"
	keys Enter
	wait_for "No QR code on a terminal that is not UTF-8 or under ascii_only" 5 || return 1
	wait_for_re "$PAGE_RE\?code=[B-Z]{4}-[B-Z]{4}" 1 || return 1
	not_seen "▀"
}

test_a_window_too_small_gives_the_address_alone() {
	social_server || return 1
	start_client 60x20 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	wait_for "The window is too small for the QR code" 1 || return 1
	wait_for_re "$PAGE_RE\?code=[B-Z]{4}-[B-Z]{4}" 1
}

test_esc_stops_and_keeps_the_login_typed() {
	social_server || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Password" 10 || return 1
	type_text "someone"
	open_flow "VK ID" || return 1
	keys Escape
	wait_for "Log in to your personal cabinet" 5 || return 1
	wait_for_re "Login +someone" 1
}

test_a_denied_login_says_so() {
	social_server ends || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	decide "$(shown_code)" deny || return 1
	wait_for "The login was denied on the approval page." 20 || return 1
	wait_for "Enter new code" 1
}

test_an_identity_not_linked_says_where_to_link_it() {
	social_server ends || return 1
	script_provider nobody-linked "Петров" ok
	start_client 80x24 LANG=ru_RU.UTF-8 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	decide "$(shown_code)" approve || return 1
	wait_for "не привязан ни к одному профилю" 20 || return 1
	wait_for "экране 8" 1
}

test_a_provider_answer_that_fails_its_check_is_an_error() {
	social_server ends || return 1
	script_provider person-1 "Ivanov" aud
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	decide "$(shown_code)" approve || return 1
	wait_for "could not be reached, or its answer could not be verified" 20
}

test_screen_8_links_an_account() {
	social_server linking || return 1
	script_provider person-1 "Иванов П. С." ok
	login_as demo --no-keyring 80x24 || return 1
	social_accounts || return 1
	wait_for "Social accounts · 0 of 2 linked" 10 || return 1
	wait_for_re "VK ID +not linked" 1 || return 1
	keys Enter
	wait_for "Link VK ID" 10 || return 1
	wait_for_re "$CODE_RE" 10 || return 1
	qr_black_on_white || return 1
	decide "$(shown_code)" approve || return 1
	wait_for "VK ID is linked: you can log in with it." 20 || return 1
	wait_for "Social accounts · 1 of 2 linked" 5 || return 1
	wait_for_re "VK ID +linked +Иванов П. С." 1 || return 1
	LINKED=1
}

test_a_login_through_the_link_is_remembered() {
	social_server linking || return 1
	[ -n "${LINKED:-}" ] || return 1
	start_bus || return 1
	start_client 80x24 DBUS_SESSION_BUS_ADDRESS="$BUS" -- --server "$SERVER_URL"
	wait_for "[ ] Remember me" 10 || return 1
	keys C-r
	wait_for "[x] Remember me" 5 || return 1
	open_flow "VK ID" || return 1
	decide "$(shown_code)" approve || return 1
	grep -q "Иванов" "$TMP/decided.html" || { echo "    the page did not name the person" >&2; return 1; }
	wait_for "Logged in as demo. Credentials: keyring." 20 || return 1
	token=$(env -i PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$BUS" \
		secret-tool lookup server "$SERVER_URL" login demo 2>/dev/null)
	[ -n "$token" ] || { echo "    nothing in the keyring" >&2; return 1; }
}

test_screen_8_unlinks_after_a_confirmation() {
	social_server linking || return 1
	[ -n "${LINKED:-}" ] || return 1
	login_as demo --no-keyring 80x24 || return 1
	social_accounts || return 1
	wait_for "Social accounts · 1 of 2 linked" 10 || return 1
	keys u
	wait_for "Unlink VK ID?" 5 || return 1
	keys n
	wait_gone "Unlink VK ID?" 5 || return 1
	wait_for "Social accounts · 1 of 2 linked" 1 || return 1
	keys Delete
	wait_for "Unlink VK ID?" 5 || return 1
	keys y
	wait_for "VK ID is unlinked." 10 || return 1
	wait_for "Social accounts · 0 of 2 linked" 5
}

# Under --read-only the list is there, but neither a link nor an unlink is offered or
# taken.
test_read_only_neither_links_nor_unlinks() {
	social_server linking || return 1
	login_as demo "--no-keyring --read-only" 80x24 || return 1
	social_accounts || return 1
	wait_for_re "VK ID +(not )?linked" 10 || return 1
	not_seen "Enter link" || return 1
	keys Enter
	wait_for "Read-only mode: linking an account is refused." 5 || return 1
	keys u
	wait_for "is refused" 5 || return 1
	not_seen "Unlink VK ID?"
}

# The number of codes sent to PHONE so far (the outbox's lines with a code).
codes_sent() {
	grep -F "\"to\":\"$1\"" "$SERVER_DIR/outbox.jsonl" 2>/dev/null | grep -c '"code":"'
}

# wait_code PHONE COUNT: the newest code sent to PHONE once more than COUNT were sent.
wait_code() {
	i=0
	while [ "$(codes_sent "$1")" -le "$2" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    no code sent to $1" >&2; return 1; }
		sleep 0.1
	done
	grep -F "\"to\":\"$1\"" "$SERVER_DIR/outbox.jsonl" | grep '"code":"' | tail -n 1 |
		sed -n 's/.*"code":"\([0-9]*\)".*/\1/p'
}

test_a_two_step_profile_asks_its_code_after_a_social_login() {
	social_server linking || return 1
	script_provider person-2 "Петров" ok
	phone=+79227654311
	start_client 80x24 -- --server "$SERVER_URL" --login demo2fa --no-keyring
	wait_for "Password" 10 || return 1
	n=$(codes_sent $phone)
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "A code was sent to" 10 || return 1
	type_text "$(wait_code $phone "$n")"
	keys Enter
	wait_for "Updated at" 20 || return 1
	link_vk_on_screen_8 || return 1
	decide "$(shown_code)" approve || return 1
	wait_for "VK ID is linked" 20 || return 1
	# Logged in with it, on a new client: the code step, then demo2fa's figures.
	n=$(codes_sent $phone)
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	decide "$(shown_code)" approve || return 1
	wait_for "A code was sent to" 20 || return 1
	type_text "$(wait_code $phone "$n")"
	keys Enter
	wait_for "Logged in as demo2fa." 20
}

# link_by_api PROVIDER: demo links PROVIDER to the provider's next person as the API
# is called: startSocialLink, the approval, pollSocialLink until it is made.
link_by_api() {
	jar=$TMP/jar-link
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	flow=$(api "$SERVER_URL" "$jar" startSocialLink "{\"provider\":\"$1\"}")
	field() { printf '%s' "$flow" | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
	decide "$(field userCode)" approve "$(field verificationUri)" || return 1
	i=0
	until api "$SERVER_URL" "$jar" pollSocialLink "{\"deviceCode\":\"$(field deviceCode)\"}" |
		grep -q '"status":"OK"'; do
		i=$((i + 1))
		[ $i -lt 30 ] || { echo "    the link was not made" >&2; return 1; }
		sleep 1
	done
}

test_a_profile_that_must_set_its_password_sets_it_then_logs_in() {
	social_server initial || return 1
	script_provider person-3 "Иванов П. С." ok
	link_by_api vk || return 1
	sqlite3 "$SERVER_DIR/kabinet.db" \
		"UPDATE profiles SET must_change_password = 1 WHERE login = 'demo';" || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	decide "$(shown_code)" approve || return 1
	wait_for "Set your own password" 20 || return 1
	type_text "Novyi-Parol-2027"
	keys Tab
	type_text "Novyi-Parol-2027"
	keys Enter
	wait_for "Logged in as demo." 20 || return 1
	wait_for "Updated at" 20
}

test_an_expired_code_says_so_and_enter_gives_a_new_one() {
	start_fake social-fake normal --social-expires 2 || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	open_flow "VK ID" || return 1
	first=$(shown_code)
	wait_for "The code has expired. Enter gives a new one." 10 || return 1
	keys Enter
	wait_for_re "$CODE_RE" 10 || return 1
	[ "$(shown_code)" != "$first" ] || { echo "    the same code again" >&2; return 1; }
}

test_a_linked_elsewhere_identity_says_so() {
	start_fake social-fake2 normal || return 1
	login_as demo --no-keyring 80x24 || return 1
	social_accounts || return 1
	wait_for_re "OK ID +not linked" 10 || return 1
	keys Down Enter
	wait_for "Link OK ID" 10 || return 1
	# The fake's third poll ends it, after a SLOW_DOWN: a poll sooner than the interval
	# it raised would count for nothing, and the end never came.
	wait_for "This OK ID account is already linked to another profile." 20
}

# The providers' names and a link's name of a hostile server reach the terminal made
# safe: on the list of the login form, the device screen and screen 8's list.
test_hostile_names_are_made_safe() {
	start_fake social-hostile hostile || return 1
	: >"$TMP/raw"
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	tmx pipe-pane -t "$SESSION" -o "cat >>'$TMP/raw'"
	wait_for "Password" 10 || return 1
	keys C-o
	wait_for_re "^ +VK ID" 10 || return 1
	keys Enter
	wait_for_re "$CODE_RE" 10 || return 1
	keys Escape
	wait_for "Password" 5 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 20 || return 1
	social_accounts || return 1
	wait_for "Social accounts" 10 || return 1
	keys Enter
	wait_for "is linked: you can log in with it" 20 || return 1
	wait_for "1 of 5 linked" 5 || return 1
	capture | grep -q "^FORGED" && { show_screen; return 1; }
	stop_client
	safe_output "$TMP/raw" screen
}

# Esc while a poll is out (held by the fake): the engine cancels the request, and the
# flow stops with it, back to the form, as Esc at any other moment.
test_esc_while_a_poll_is_out_stops_the_flow() {
	start_fake social-held normal --hold-method pollDeviceLogin \
		--release "$TMP/release-polls" || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Password" 10 || return 1
	type_text "someone"
	open_flow "VK ID" || return 1
	# The first poll goes after 1 s (the interval): at 9:58 it is out, held.
	wait_for "Time left: 9:58" 10 || return 1
	keys Escape
	wait_for "Log in to your personal cabinet" 5 || return 1
	wait_for_re "Login +someone" 1 || return 1
	touch "$TMP/release-polls"
	holds 2 not_seen "Log in with VK ID"
}

test_a_server_without_providers_says_so() {
	start_fake social-none normal --no-social || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Password" 10 || return 1
	keys C-o
	wait_for "This server offers no social login: log in with your password." 10
}

run_tests
