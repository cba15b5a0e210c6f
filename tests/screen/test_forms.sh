#!/bin/sh
# Small traps in forms: "no" to a confirmation keeps what was typed and the focus where
# it was (the password form of screen 8: the three passwords stay, the cursor in the
# field it was in, and Enter asks again), in English and in Russian; the change is
# made only after "yes", checked through the API.
. "$(dirname "$0")/lib.sh"

# as LOGIN PASSWORD METHOD: one call in a fresh session of LOGIN; prints the reply (the
# login's own reply when it failed).
as() {
	jar=$TMP/jar-as.$$
	rm -f "$jar"
	r=$(api "$SERVER_URL" "$jar" login "{\"login\":\"$1\",\"passwd\":\"$2\"}")
	case $r in
	*'"status":"OK"'*) api "$SERVER_URL" "$jar" "$3" "{}" ;;
	*) echo "$r" ;;
	esac
}

cursor() {
	tmx display-message -p -t "$SESSION" '#{cursor_y},#{cursor_x}'
}

# The line of LABEL shows N bullets (a masked field with N characters).
bullets() {	# LABEL N
	want=$(printf '%*s' "$2" "" | sed 's/ /•/g')
	capture | grep -F "$1" | grep -q "  $want\( \|$\)" ||
		{ echo "    $1: not $2 characters" >&2; show_screen; return 1; }
}

# no_keeps_the_passwords NAME SIZE LANG CURRENT NEW AGAIN QUESTION NOTHING DONE
no_keeps_the_passwords() {
	start_server "$1" || return 1
	login_as demo - "$2" LANG="$3" || return 1
	shift
	keys 8
	wait_for_re "Two-step login|Двухэтапный вход" || return 1
	keys p
	wait_for "$3" || return 1
	type_text "$DEMO_PASSWORD"
	keys Tab
	type_text "Novyj-2026"
	keys Tab
	type_text "Novyj-2026"
	wait_for_re "\[x\] (typed the same twice|оба раза одинаково)" 3 || return 1
	before=$(cursor)
	keys Enter
	wait_for "$6" 3 || return 1
	keys n
	wait_for "$7" 3 || return 1
	wait_gone "$6" 3 || return 1
	bullets "$3" 12 || return 1
	bullets "$4" 10 || return 1
	bullets "$5" 10 || return 1
	[ "$(cursor)" = "$before" ] || { echo "    the cursor moved: $before -> $(cursor)" >&2; show_screen; return 1; }
	as demo "$DEMO_PASSWORD" getProfile | grep -q '"login":"demo"' || { echo "    the password changed" >&2; return 1; }
	# Asked again as it was, without typing anything again; yes changes it.
	keys Enter
	wait_for "$6" 3 || return 1
	keys y
	wait_for "$8" 5 || return 1
	as demo Novyj-2026 getProfile | grep -q '"login":"demo"' || { echo "    the new password does not log in" >&2; return 1; }
}

test_no_to_change_the_password_keeps_the_form() {
	no_keeps_the_passwords pwen 80x24 en_US.UTF-8 "Current password" "New password " "New password again" \
		"Change the password?" "Nothing was changed." "Password changed"
}

test_no_to_change_the_password_keeps_the_form_in_russian() {
	no_keeps_the_passwords pwru 120x40 ru_RU.UTF-8 "Текущий пароль" "Новый пароль " "Новый пароль ещё раз" \
		"Сменить пароль?" "Ничего не изменено." "Пароль изменён"
}

run_tests
