#!/bin/sh
# Screen 2, Accounts: the accounts with their services and tariffs, an account's
# details, the attach wizard (by number, phone and service login; a wrong password
# and the attempts left; back and forth keeping what was typed; pastes), detaching, the
# invoice e-mail, the payment system, search, and read-only refusing every change.
# Each change is also checked through the API.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo, on screen 2.
on_accounts() {	# SIZE [VAR=value...] [-- kabinet arguments]
	login_as demo --no-keyring "$@" || return 1
	keys 2
	wait_for_re "Number or login|Номер или логин" 5
}

# demo's accounts through the API, one "NUMBER SYSTEM" line each.
api_accounts() {
	jar=$TMP/acc.jar
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	api "$SERVER_URL" "$jar" getAccounts | python3 -c 'import json, sys
for a in json.load(sys.stdin)["accounts"]:
    print(a["number"], a["paymentSystem"])'
}

api_info() {	# NUMBER FIELD: a field of getAccountInfo
	jar=$TMP/info.jar
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	id=$(api "$SERVER_URL" "$jar" getAccounts | grep -o "\"accountId\":\"[^\"]*\",\"number\":\"$1\"" |
		sed 's/"accountId":"\([^"]*\)".*/\1/')
	api "$SERVER_URL" "$jar" getAccountInfo "{\"accountId\":\"$id\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1]))' "$2"
}

test_accounts_with_services_in_english() {
	start_server en || return 1
	on_accounts 80x24 || return 1
	wait_for "590000000001  Пермский край · advance · your own account" 2 || return 1
	wait_for "740000000003  Челябинская область · advance · a relative's" 1 || return 1
	capture | grep "perm_ivanov" | grep -q "+ active" || { show_screen; return 1; }
	capture | grep "perm_ivanov" | grep -q "Домашний 300" || { show_screen; return 1; }
	capture | grep "chel_ivanova" | grep -q "! blocked for debt" || { show_screen; return 1; }
	wait_for "$(money -37480 en)" 1
}

test_accounts_in_russian_at_80x24_and_120x40() {
	start_server ru || return 1
	on_accounts 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "590000000001  Пермский край · аванс · ваш счёт" 2 || return 1
	capture | grep "chel_ivanova" | grep -q "! заблокирована за долг" || { show_screen; return 1; }
	# The numbers stay whole at 80 columns: the tariff gives way first.
	wait_for "+7 (342) 200-00-01" 1 || return 1
	stop_client
	on_accounts 120x40 LANG=ru_RU.UTF-8 || return 1
	capture | grep "200-00-01" | grep -q "Безлимитный местный" || { show_screen; return 1; }
}

test_details_of_an_account() {
	start_server details || return 1
	on_accounts 80x24 || return 1
	keys /
	type_text "740000000003"
	keys Enter Enter
	wait_for "Account 740000000003" 3 || return 1
	wait_for "Иванова М. П." 5 || return 1
	wait_for "Internet chel_ivanova: blocked for debt" 1 || return 1
	wait_for "not e-mailed" 1 || return 1
	keys Escape
	wait_for "Number or login" 3
}

# Enter on a service opens screen 3 on that service.
test_enter_on_a_service_opens_its_tariffs() {
	start_server svcenter || return 1
	on_accounts 80x24 || return 1
	keys /
	type_text "chel_ivanova"
	keys Enter
	wait_selected "chel_ivanova" || return 1
	keys Enter
	wait_for "Internet chel_ivanova" 5 || return 1
	wait_for "740000000003" 1 || return 1
	wait_for "Tariff" 3
}

# Enter on the overview opens the account's details on screen 2.
test_enter_on_the_overview_opens_the_details() {
	start_server oventer || return 1
	on_accounts 80x24 || return 1
	keys 1
	wait_for "Updated at" 5 || return 1
	keys G Enter
	wait_for "Account 740000000003" 3 || return 1
	wait_for "Owner" 1
}

# attach_to_password WHO: the wizard through the region (Пермский край, where demo's
# profile is) and WHO, up to the password of the first service offered.
attach_to_password() {
	keys a
	wait_for "Attach an account: 1. region" 3 || return 1
	wait_for "Пермский край" 1 || return 1
	keys Enter
	wait_for "2. which account" 2 || return 1
	type_text "$1"
	keys Enter
}

test_attach_by_number_with_a_wrong_password_first() {
	start_server attach1 || return 1
	on_accounts 80x24 || return 1
	attach_to_password 590000000010 || return 1
	wait_for "3. the service to prove the right with" 5 || return 1
	wait_for "perm_free1" 1 || return 1
	keys Enter
	wait_for "4. the service's password" 2 || return 1
	type_text "Wrong-2026"
	keys Enter
	wait_for "Attach account 590000000010 to your profile?" 3 || return 1
	keys y
	wait_for "Wrong password: 4 attempts left." 5 || return 1
	# Back and forth: the number typed is still there.
	keys Escape Escape
	wait_for "2. which account" 2 || return 1
	wait_for "590000000010" 1 || return 1
	keys Enter
	wait_for "3. the service" 5 || return 1
	keys Enter
	type_text "Service-2026"
	keys Enter
	wait_for "Attach account 590000000010" 3 || return 1
	keys y
	wait_for "Account 590000000010 is attached." 5 || return 1
	keys Enter
	wait_for "590000000010  Пермский край" 5 || return 1
	api_accounts | grep -q "^590000000010 " || { echo "    not attached" >&2; return 1; }
}

# A paste goes where the keys go: into the regions' filter on the first step and the
# field on the second; a service's password is not taken from one.
test_attach_takes_a_paste_as_typed() {
	start_server attachpaste || return 1
	on_accounts 80x24 || return 1
	keys a
	wait_for "Attach an account: 1. region" 3 || return 1
	paste_text "перм"
	wait_for_re "^ Find: +перм *$" 3 || return 1
	wait_for_re "^ Пермский край *$" 1 || return 1
	not_seen "Алтайский край" || return 1
	keys Enter
	wait_for "2. which account" 2 || return 1
	paste_text "perm_free1"
	wait_for_re "^ Account +perm_free1 +service login *$" 3 || return 1
	keys Enter
	wait_for "4. the service's password" 5 || return 1
	paste_text "Service-2026"
	wait_for "A password is not taken from a paste: type it." 3 || return 1
	wait_for_re "^ Password *$" 1
}

test_attach_by_phone() {
	start_server attach2 || return 1
	on_accounts 80x24 || return 1
	attach_to_password "+7 (342) 200-00-10" || return 1
	# Found by a phone: only that service is offered, so no choosing.
	wait_for "4. the service's password" 5 || return 1
	wait_for "Home phone +7 (342) 200-00-10" 1 || return 1
	type_text "Service-2026"
	keys Enter
	wait_for "Attach account 590000000010" 3 || return 1
	keys y
	wait_for "is attached" 5 || return 1
	api_accounts | grep -q "^590000000010 "
}

test_attach_by_service_login_in_another_region() {
	start_server attach3 || return 1
	on_accounts 80x24 LANG=ru_RU.UTF-8 || return 1
	keys a
	wait_for "Привязка лицевого счёта: 1. регион" 3 || return 1
	type_text "челяб"
	wait_for "Челябинская область" 2 || return 1
	keys Enter
	wait_for "2. какой счёт" 2 || return 1
	# The wrong region first: the server's "not found" next to the field.
	keys Escape
	keys C-u
	type_text "perm"
	keys Enter
	type_text "chel_free2"
	wait_for "логин услуги" 2 || return 1
	keys Enter
	wait_for "Такого лицевого счёта нет в регионе Пермский край" 5 || return 1
	keys Escape
	keys C-u
	type_text "Chel"
	keys Enter
	keys Enter
	wait_for "4. пароль услуги" 5 || return 1
	type_text "Service-2026"
	keys Enter
	wait_for "Привязать лицевой счёт 740000000011" 3 || return 1
	keys y
	wait_for "Лицевой счёт 740000000011 привязан" 5 || return 1
	api_accounts | grep -q "^740000000011 "
}

# An account another profile holds moves here, and the result says so.
test_attach_moves_an_account_from_another_profile() {
	start_server moved || return 1
	on_accounts 80x24 || return 1
	attach_to_password perm_smirnova || return 1
	wait_for "4. the service's password" 5 || return 1
	type_text "Service-2026"
	keys Enter
	wait_for "Attach account 590000000005" 3 || return 1
	keys y
	wait_for "Account 590000000005 is attached: it was moved here from another profile." 5 ||
		return 1
	api_accounts | grep -q "^590000000005 "
}

test_detach() {
	start_server detach || return 1
	on_accounts 80x24 || return 1
	keys j j j j
	wait_selected "590000000002" || return 1
	keys d
	wait_for "Detach account 590000000002?" 3 || return 1
	wait_for "Mobile +7 (922) 123-45-22" 1 || return 1
	keys n
	wait_for "Nothing was changed." 3 || return 1
	api_accounts | grep -q "^590000000002 " || return 1
	keys d
	wait_for "Detach account 590000000002?" 3 || return 1
	keys y
	wait_for "Account 590000000002 is detached." 5 || return 1
	wait_gone "590000000002  Пермский край" 5 || return 1
	! api_accounts | grep -q "^590000000002 "
}

# The selection stays on what it was on when the list comes back different (an account
# detached elsewhere, r).
test_selection_follows_the_row_not_its_place() {
	start_server sel || return 1
	on_accounts 80x24 || return 1
	keys /
	type_text "chel_ivanova"
	keys Enter
	wait_selected "chel_ivanova" || return 1
	jar=$TMP/sel.jar
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	id=$(api "$SERVER_URL" "$jar" getAccounts | grep -o '"accountId":"[^"]*","number":"590000000002"' |
		sed 's/"accountId":"\([^"]*\)".*/\1/')
	api "$SERVER_URL" "$jar" detachAccount "{\"accountId\":\"$id\"}" | grep -q OK || return 1
	keys r
	wait_gone "590000000002" 5 || return 1
	wait_selected "chel_ivanova"
}

test_invoice_email_set_and_stopped() {
	start_server invoices || return 1
	on_accounts 80x24 || return 1
	keys Enter
	wait_for "Account 590000000001" 3 || return 1
	wait_for "not e-mailed" 5 || return 1
	keys e
	wait_for "Where to e-mail the monthly invoices:" 2 || return 1
	type_text "bills@example"
	keys Tab
	wait_for "Not an e-mail address" 2 || return 1
	keys BTab
	type_text ".ru"
	keys Enter
	wait_for "E-mail the invoices of account 590000000001 to bills@example.ru?" 3 || return 1
	keys y
	wait_for "e-mailed to bills@example.ru" 5 || return 1
	[ "$(api_info 590000000001 invoiceEmail)" = bills@example.ru ] || return 1
	keys e
	keys Tab Tab
	keys Enter
	wait_for "Stop e-mailing the invoices of account 590000000001?" 3 || return 1
	keys y
	wait_for "not e-mailed" 5 || return 1
	[ "$(api_info 590000000001 invoiceEmail)" = None ]
}

test_payment_system_switched_and_refused() {
	start_server system || return 1
	on_accounts 80x24 || return 1
	keys Enter
	wait_for "advance: paid ahead" 5 || return 1
	keys s
	wait_for "Switch account 590000000001 to credit payment?" 3 || return 1
	keys y
	wait_for "Account 590000000001 is paid on credit now." 5 || return 1
	wait_for "credit: a month is paid by the 20th" 5 || return 1
	api_accounts | grep -q "^590000000001 CREDIT" || return 1
	keys Escape
	# A negative balance: the server says no, in its words.
	keys G
	keys k
	wait_selected "740000000003" || return 1
	keys Enter s
	wait_for "Switch account 740000000003 to credit payment?" 3 || return 1
	keys y
	wait_for_re "debt|долг" 5 || return 1
	api_accounts | grep -q "^740000000003 ADVANCE"
}

test_search_screen_2() {
	start_server search || return 1
	on_accounts 80x24 || return 1
	keys /
	type_text "IPTV"
	keys Enter
	wait_selected "IPTV" || return 1
	keys /
	type_text "челяб"
	keys Enter
	wait_selected "740000000003" || return 1
	keys n
	wait_for "Search went on from the top." 3
}

test_read_only_refuses_every_change_before_any_request() {
	start_server ro || return 1
	on_accounts 80x24 -- --read-only || return 1
	for k in a d; do
		keys "$k"
		wait_for "Read-only mode:" 3 || return 1
		keys j
	done
	not_seen "Attach an account" || return 1
	not_seen "Detach account" || return 1
	keys g Enter
	wait_for "Account 590000000001" 3 || return 1
	for k in e s d; do
		keys "$k"
		wait_for "Read-only mode:" 3 || return 1
		keys Escape
		keys Enter
	done
	not_seen "Where to e-mail" || return 1
	not_seen "Switch account" || return 1
	# The server's state as it was.
	[ "$(api_accounts | wc -l)" = 3 ] && api_accounts | grep -q "^590000000001 ADVANCE"
}

run_tests
