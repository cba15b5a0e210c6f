#!/bin/sh
# Screen tests of `/` on the lists: under LANG=C the screen shows Russian names in
# Latin letters, and what it shows is what a search finds ("Domashnii 100",
# "Antivirus", "Cheliabinskaia oblast", "Bazovyi", "Nizkaia skorost interneta"); in
# Russian case does not matter, Cyrillic too, nor whether ё is written е.
. "$(dirname "$0")/lib.sh"

# search TEXT: / TEXT Enter.
search() {
	keys /
	type_text "$1"
	keys Enter
}

# found TEXT ROW: / TEXT selects the row with ROW, and nothing says "Not found".
found() {
	search "$1"
	wait_selected "$2" || return 1
	not_seen "Not found" || return 1
	not_seen "Не найдено"
}

test_what_a_c_terminal_shows_is_found() {
	login_as demo - 80x24 LANG=C || return 1
	wait_for "Cheliabinskaia oblast" 10 || return 1
	found Chel 740000000003 || return 1
	found cheliab 740000000003 || return 1
	keys 3
	wait_for "Domashnii 300" 10 || return 1
	wait_for "Loaded at" 10 || return 1
	found doma "Domashnii" || return 1
	found "DOMASHNII 5" "Domashnii 500" || return 1
	keys Tab
	wait_for " o: connect or disconnect" 3 || return 1
	found Anti "Antivirus" || return 1
	# The IPTV service's tariffs (the third service), the tariffs' list in focus.
	keys ']' ']'
	wait_for "< 3/5 >" 5 || return 1
	wait_for "Bazovyi" 10 || return 1
	if capture | grep -qF "Tariffs  Tab: go here"; then
		keys Tab
		wait_for "Options  Tab: go here" 3 || return 1
	fi
	found Bazovyi "Bazovyi" || return 1
	keys 7
	wait_for "Nizkaia skorost interneta" 10 || return 1
	found Nizk "Nizkaia skorost interneta" || return 1
	# The original still counts, and what is nowhere is said.
	found "Низк" "Nizkaia skorost interneta" || return 1
	search "Nizkk"
	wait_for "Not found: Nizkk" 3
}

test_russian_ignores_case_and_yo() {
	login_as demo - 80x24 LANG=ru_RU.UTF-8 || return 1
	keys 3
	wait_for "Домашний 300" 10 || return 1
	wait_for "Загружено в" 10 || return 1
	found "домашний 5" "Домашний 500" || return 1
	found "ДОМАШНИЙ 1" "Домашний 100" || return 1
	found "домаш" "Домашний" || return 1
	found "ДОМАШ" "Домашний" || return 1
	# What a UTF-8 terminal shows is Cyrillic: Latin finds nothing there.
	search "Domashnii"
	wait_for "Не найдено: Domashnii" 3 || return 1
	keys 4
	wait_for "Автоплатёж" 10 || return 1
	found "автоплатеж" "Автоплатёж" || return 1
	found "ОБЕЩАННОГО ПЛАТЕЖ" "Списание обещанного"
}

start_server main || exit 1
run_tests
