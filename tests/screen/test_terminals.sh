#!/bin/sh
# kabinet on any terminal: for each TERM of the terminals people reach it through
# (vt100, vt220, the Linux console, screen, tmux, xterm, PuTTY), the sequences every
# such terminal sends for the arrows, PgUp, PgDn, Home, End, Insert, Delete, S-Tab and
# F2-F12 (sent as raw bytes) leave an open form with its text as it was; an unknown
# sequence is dropped with a note. Pastes (bracketed, tmux paste-buffer -p) go into
# the focused field as text: tabs kept in the request's text, spaces in its topic and
# on the : line, nothing on a list, a password refused; a burst of keys with tabs in
# one read is text as well in the request's text, while keys typed ahead into the login
# form stay keys; rxvt's modified keys and Alt and an arrow are keys. TERM=dumb is
# refused like an unknown TERM. 80x24, English.
. "$(dirname "$0")/lib.sh"

# Every common terminal's sequences, in an order that keeps the topic's cursor at its
# end: Delete and Insert, each Home followed by an End, the pages, F2-F12 in the
# VT220, xterm and Linux console forms, the arrows in both cursor modes and with
# Ctrl, S-Tab last.
SEQUENCES="1b5b337e 1b5b327e
1b5b48 1b5b46 1b4f48 1b4f46 1b5b317e 1b5b347e 1b5b377e 1b5b387e 1b5b313b3548 1b5b313b3546
1b5b357e 1b5b367e 1b5b353b357e
1b4f51 1b4f52 1b4f53 1b5b31327e 1b5b31337e 1b5b31347e 1b5b5b42 1b5b5b43 1b5b5b44 1b5b5b45
1b5b31357e 1b5b31377e 1b5b31387e 1b5b31397e 1b5b32307e 1b5b32317e 1b5b32337e 1b5b32347e
1b5b313b3251
1b5b44 1b5b43 1b4f44 1b4f43 1b5b313b3544 1b5b313b3543 1b5b41 1b4f41
1b5b5a"

# text_count N SECONDS: the request's text counter says N characters. The form keeps a
# draft a second after a change, and its label says so from then on (on a busy machine,
# before the counter is looked at).
text_count() {
	wait_for_re "^ Text( \(draft kept at [0-9:]+\))? +$1 / 4000" "$2"
}

# The support request form open with a topic typed, on a client logged in with TERM=$1.
form_with_topic() {
	login_as demo --no-keyring 80x24 TERM="$1" || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10 || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	type_text "Topic $1"
	wait_for_re "^ Topic +Topic $1 *$" 5
}

test_every_terminals_keys_keep_the_form() {
	start_server keys || return 1
	for term in vt100 vt220 linux screen tmux-256color xterm-256color putty; do
		infocmp "$term" >/dev/null 2>&1 || { echo "    no terminfo for $term (make deps)" >&2; return 1; }
		form_with_topic "$term" || return 1
		for seq in $SEQUENCES; do
			# shellcheck disable=SC2046
			keys -H $(echo "$seq" | sed 's/../& /g')
		done
		# Back on the topic from the button S-Tab went to: the text is as typed.
		keys Tab
		wait_for_re "^ Topic +Topic $term *$" 5 || { echo "    TERM=$term" >&2; return 1; }
		wait_for "A new request to support" 1 || return 1
		text_count 0 1 || return 1
		# Nothing typed: every key was a key, none Esc and characters.
		not_seen "~" || return 1
		alive || return 1
		stop_client
	done
}

test_an_unknown_sequence_is_dropped_with_a_note() {
	start_server unknown || return 1
	form_with_topic vt100 || return 1
	keys -H 1b 5b 39 39 7e
	wait_for "An unknown key (^[[99~) was ignored." 5 || return 1
	keys -H 1b 5b 3f 31 3b 32 63
	wait_for "An unknown key (^[[?1;2c) was ignored." 5 || return 1
	wait_for_re "^ Topic +Topic vt100 *$" 1 || return 1
	wait_for "A new request to support" 1
}

# A field of the request with ID, through the API (python expression on `r`).
req_field() {	# ID EXPR
	demo_api getRequest "{\"requestId\":\"$1\"}" |
		python3 -c 'import json, sys; r = json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}

test_a_paste_with_tabs_is_text() {
	start_server paste || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10 || return 1
	keys c
	wait_for "A new request to support" 5 || return 1
	# The topic is one line: the tabs become spaces, the focus stays.
	paste_text "$(printf 'col1\tcol2\tcol3')"
	wait_for_re "^ Topic +col1 col2 col3 *$" 5 || return 1
	wait_for_re "^ Account +< none >" 1 || return 1
	keys Tab Tab
	# The text keeps them, and the newline.
	paste_text "$(printf 'col1\tcol2\tcol3\nrow2')"
	text_count 19 5 || return 1
	wait_for_re "^ row2 *$" 1 || return 1
	keys C-d
	wait_for_re "Request [a-z0-9]+ was sent to support." 5 || return 1
	id=$(capture | sed -n 's/.*Request \([a-z0-9]*\) was sent to support.*/\1/p')
	[ "$(req_field "$id" 'repr(r["topic"])')" = "'col1 col2 col3'" ] ||
		{ req_field "$id" 'repr(r["topic"])' >&2; return 1; }
	[ "$(req_field "$id" 'repr(r["messages"][0]["text"])')" = "'col1\\tcol2\\tcol3\\nrow2'" ] ||
		{ req_field "$id" 'repr(r["messages"][0]["text"])' >&2; return 1; }
}

test_a_burst_of_keys_with_tabs_is_text() {
	start_server burst || return 1
	form_with_topic xterm-256color || return 1
	keys Tab Tab
	# A terminal that does not bracket its pastes: the bytes in one write go into the
	# request's text as text, the Enter at their end too.
	keys -H 61 09 62 0d 63 0d
	text_count 6 5 || return 1
	# A Tab at the end is text as well: the focus stays in the text.
	keys -H 64 09 65 09
	text_count 10 5 || return 1
	type_text f
	text_count 11 5 || return 1
	wait_for_re "^ Topic +Topic xterm-256color *$" 1
}

# Keys typed ahead (a slow link, a password manager) arrive in one read: in one-line
# fields they stay keys, so the Tab moves on and the password lands masked in its
# own field, never in clear in the login.
test_keys_typed_ahead_on_the_login_form_stay_keys() {
	start_server ahead || return 1
	start_client 80x24 -- --server "$SERVER_URL" --no-keyring
	wait_for "Password" 10 || return 1
	type_text "$(printf 'demo\t%s' "$DEMO_PASSWORD")"
	wait_for_re "Login +demo +login name" 5 || return 1
	wait_for_re "Password +•+ *$" 1 || return 1
	not_seen "$DEMO_PASSWORD" || return 1
	keys Enter
	wait_for "Updated at" 20
}

# rxvt's Shift-, Ctrl- and Ctrl-Shift-keys, and Alt and an arrow as rxvt and PuTTY send
# it (Esc and the arrow's sequence), are the keys: the cursor moves, the form stays.
test_rxvt_and_alt_keys_are_keys() {
	start_server rxvt || return 1
	form_with_topic rxvt || return 1
	keys -H 1b 5b 64		# Shift-Left
	type_text X
	keys -H 1b 1b 5b 44		# Alt-Left
	type_text Y
	keys -H 1b 4f 64		# Ctrl-Left
	type_text Z
	keys -H 1b 5b 38 24		# Shift-End
	type_text W
	keys -H 1b 5b 37 5e		# Ctrl-Home
	type_text V
	wait_for_re "^ Topic +VTopic rxvZYXtW *$" 5 || return 1
	not_seen "Discard what you typed" || return 1
	not_seen "An unknown key" || return 1
	wait_for "A new request to support" 1
}

test_a_paste_on_a_list_runs_nothing() {
	start_server list || return 1
	login_as demo --no-keyring 80x24 || return 1
	keys 7
	wait_for "Низкая скорость интернета" 10 || return 1
	paste_text "q5Q"
	wait_for "The paste was dropped: no text field has the focus." 5 || return 1
	not_seen "Quit kabinet?" || return 1
	wait_for "Низкая скорость интернета" 1 || return 1
	# The : line is a one-line field: a tab pasted there is a space, and nothing runs.
	keys :
	paste_text "$(printf 'set\tcolor')"
	wait_for_re "^:set color *$" 3 || return 1
	keys Escape
	wait_gone ":set color" 3 || return 1
	alive
}

test_a_password_is_not_pasted() {
	start_server secret || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" 10 || return 1
	paste_text "$DEMO_PASSWORD"
	wait_for "A password is not taken from a paste: type it." 5 || return 1
	not_seen "Logged in" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 20
}

# TERM=dumb cannot place the cursor: refused at once with status 2 as an unknown TERM
# is, each with the subcommands that work without the full screen.
test_a_terminal_without_cursor_addressing_is_refused() {
	for term in dumb nosuchterminal; do
		rm -f "$TMP/status"
		env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 TERM=$term \
			XDG_STATE_HOME="$TMP/state" KABINET_LOCALEDIR="$TMP/locale" \
			script -qec "'$KABINET' --server http://127.0.0.1:1 --login demo --no-keyring \
			2>'$TMP/err'; echo \$? >'$TMP/status'" /dev/null >/dev/null 2>&1
		[ "$(cat "$TMP/status")" = 2 ] && grep -q "use a subcommand: balance" "$TMP/err" ||
			{ echo "    TERM=$term: $(cat "$TMP/status") $(cat "$TMP/err")" >&2; return 1; }
	done
	grep -q "TERM=nosuchterminal" "$TMP/err" && return 1
	grep -q "cannot start the terminal" "$TMP/err" || return 1
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 TERM=dumb \
		XDG_STATE_HOME="$TMP/state" KABINET_LOCALEDIR="$TMP/locale" \
		script -qec "'$KABINET' --server http://127.0.0.1:1 --login demo --no-keyring \
		2>'$TMP/err'" /dev/null >/dev/null 2>&1
	grep -q "TERM=dumb cannot move the cursor" "$TMP/err"
}

run_tests
