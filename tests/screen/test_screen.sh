#!/bin/sh
# Screen tests of the engine: resizing down to 1x1 and back, NO_COLOR, the vt100 and
# linux terminals, the help overlay, the : command line, quitting, read-only, the
# menu of screens.
. "$(dirname "$0")/lib.sh"

# A client logged in as demo, on the overview. Extra arguments go before the login.
logged_in() {	# SIZE [VAR=value...] [-- kabinet arguments]
	login_as demo - "$@" || return 1
	wait_for "740000000003" 10
}

# SGR parameters that set a color (30-38, 40-48, 90-97, 100-107; not 39/49, the
# defaults) in a capture with escapes.
color_escapes() {
	tmx capture-pane -p -e -t "$SESSION" | grep -o "$(printf '\033')\[[0-9;]*m" |
		sed 's/^.\[//; s/m$//' | tr ';' '\n' |
		grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' | head -n 3
}

test_resize_down_to_1x1_and_back() {
	logged_in 80x24 || return 1
	tmx resize-window -t "$SESSION" -x 40 -y 10
	wait_for "590000000001" 5 || return 1
	wait_for "[1 Overview]" 2 || return 1	# the menu folds into the top line
	alive || return 1
	tmx resize-window -t "$SESSION" -x 19 -y 5
	wait_for "The window is" 5 || return 1
	tmx resize-window -t "$SESSION" -x 1 -y 1
	wait_for "T" 5 || return 1
	alive || return 1
	tmx resize-window -t "$SESSION" -x 200 -y 60
	wait_for "Region" 5 || return 1
	alive || return 1
	tmx resize-window -t "$SESSION" -x 80 -y 24
	wait_for "1 Overview 2 Accounts" 5 || return 1
	for n in 590000000001 590000000002 740000000003 "Bonus: 1,250 points" "Updated at"; do
		wait_for "$n" 2 || return 1
	done
	# Nothing left over from the larger sizes: 24 lines of at most 80 columns.
	[ "$(capture | wc -l)" -le 24 ] || return 1
	not_seen "The window is" || return 1
	alive
}

test_no_color() {
	logged_in 80x24 NO_COLOR=1 || return 1
	bad=$(color_escapes)
	[ -z "$bad" ] || { echo "    color SGR parameters under NO_COLOR: $bad" >&2; return 1; }
	# A negative balance still stands out by its sign.
	wait_for "−374.80 RUB" 1
}

test_colors_without_no_color() {
	logged_in 80x24 || return 1
	[ -n "$(color_escapes)" ] || { echo "    no colors at all" >&2; return 1; }
}

test_term_vt100() {
	logged_in 80x24 TERM=vt100 LANG=ru_RU.UTF-8 || return 1
	wait_for "$(money -37480 ru)" 2 || return 1
	keys q
	wait_for "Выйти из kabinet?" 2 || return 1
	keys y
	wait_exit 5 && [ "$EXIT_STATUS" = 0 ]
}

test_term_linux() {
	logged_in 80x24 TERM=linux || return 1
	wait_for "830.50 RUB" 2
}

test_help_lists_the_keys() {
	logged_in 80x24 || return 1
	keys ?
	wait_for "Keys of the screen 'Overview'" 3 || return 1
	wait_for "Move the cursor down" 1 || return 1
	capture | grep "Move the cursor down" | grep -qF "j, Down" || return 1
	wait_for "Reload the data from the server" 1 || return 1
	keys q
	wait_gone "Keys of the screen" 3 || return 1
	wait_for "590000000001" 1
}

test_help_on_the_login_screen_leaves_letters_out() {
	start_client 80x24 -- --server "$SERVER_URL"
	wait_for "Password" || return 1
	keys F1
	wait_for "Keys of the screen 'Login'" 3 || return 1
	wait_for "Register a new profile" 1 || return 1
	# No keyring here: nothing can be remembered, so its key is not listed.
	not_seen "Remember this login" || return 1
	# On the form, j types a j: it is not listed as a key there.
	not_seen "j, Down" || return 1
	wait_for "Down" 1
}

test_command_line_quit() {
	logged_in 80x24 || return 1
	quit_client || return 1
	wait_exit 5 && [ "$EXIT_STATUS" = 0 ]
}

# confirm_quit is honoured by Q and :quit alike: asked when on, at once when off.
test_confirm_quit() {
	logged_in 80x24 || return 1
	keys Q
	wait_for "Quit kabinet?" 3 || return 1
	keys n
	wait_gone "Quit kabinet?" 3 || return 1
	keys :
	type_text "set confirm_quit = no"
	keys Enter
	keys Q
	wait_exit 5 && [ "$EXIT_STATUS" = 0 ] || return 1
	mkdir -p "$TMP/noconfirm"
	printf 'set confirm_quit = no\n' >"$TMP/noconfirm/config"
	logged_in 80x24 -- --config "$TMP/noconfirm/config" || return 1
	keys :
	type_text "quit"
	keys Enter
	wait_exit 5 && [ "$EXIT_STATUS" = 0 ]
}

# Esc cancels and closes, and never quits: not on the overview, not after a dialog.
test_escape_never_quits() {
	logged_in 80x24 || return 1
	keys Escape
	keys Escape
	keys ?
	wait_for "Keys of the screen" 3 || return 1
	keys Escape
	wait_gone "Keys of the screen" 3 || return 1
	keys Escape
	# j after the Escapes moves the highlight: no dialog took the keys.
	keys j
	wait_selected 590000000002 || return 1
	not_seen "Quit kabinet?" || return 1
	alive
}

test_command_line_set_and_errors() {
	logged_in 80x24 || return 1
	keys :
	type_text "set confirm_quit"
	keys Enter
	wait_for "confirm_quit = yes" 3 || return 1
	keys :
	type_text "frobnicate"
	keys Enter
	wait_for "unknown command 'frobnicate'" 3 || return 1
	# Esc drops a line without running it.
	keys :
	type_text "quit"
	keys Escape
	wait_gone ":quit" 3 || return 1
	alive
}

test_q_asks_before_quitting() {
	logged_in 80x24 || return 1
	keys q
	wait_for "Quit kabinet?" 3 || return 1
	keys n
	wait_gone "Quit kabinet?" 3 || return 1
	alive || return 1
	keys q
	wait_for "Quit kabinet?" 3 || return 1
	keys y
	wait_exit 5 && [ "$EXIT_STATUS" = 0 ]
}

test_read_only_refuses_before_any_request() {
	logged_in 80x24 -- --read-only || return 1
	wait_for "read-only" 1 || return 1
	keys p
	wait_for "Read-only mode: 'Top up an account' is refused." 3 || return 1
	keys :
	type_text "pay 590000000001 100"
	keys Enter
	wait_for "Read-only mode: 'Top up an account' is refused." 3
}

# Every screen of the menu opens on its own content.
test_every_screen_opens() {
	logged_in 80x24 || return 1
	for s in "2 Number or login" "3 Loaded at" "4 loaded" "5 Autopay rules" "6 Bonus program" \
		"7 Last message" "8 Remembered devices" "1 Updated at"; do
		keys "${s%% *}"
		wait_for "${s#* }" 10 || return 1
	done
}

test_highlight_moves() {
	logged_in 80x24 || return 1
	wait_selected 590000000001 || return 1
	keys j
	wait_selected 590000000002
}

# / searches the overview: case does not matter (Cyrillic too), n and N go on and wrap
# with a word, nothing found is said; what is typed after / is never a command.
test_search_the_overview() {
	logged_in 80x24 || return 1
	keys /
	type_text "ЧЕЛЯБ"
	wait_for "/ЧЕЛЯБ" 3 || return 1
	not_seen "nothing to search here" || return 1
	keys Enter
	wait_selected 740000000003 || return 1
	keys /
	type_text "пермск"
	keys Enter
	wait_selected 590000000001 || return 1
	keys n
	wait_selected 590000000002 || return 1
	keys n
	wait_for "Search went on from the top." 3 || return 1
	wait_selected 590000000001 || return 1
	keys N
	wait_for "Search went on from the bottom." 3 || return 1
	wait_selected 590000000002 || return 1
	keys /
	type_text "qQ:2"
	keys Enter
	wait_for "Not found: qQ:2" 3 || return 1
	not_seen "Quit kabinet?" || return 1
	not_seen "'Accounts' is" || return 1
	# The help overlay has nothing to search, and says so as it is typed.
	keys ?
	wait_for "Keys of the screen" 3 || return 1
	keys /
	wait_for "nothing to search here" 3 || return 1
	keys Escape
	alive
}

test_set_server_logs_out_and_switches() {
	first=$SERVER_URL
	start_server second || return 1
	second=$SERVER_URL
	SERVER_URL=$first
	logged_in 80x24 || return 1
	keys :
	type_text "set server = $second/"
	keys Enter
	# The normal form, a login form there, and the first server's session ended.
	wait_for "The server is now ${second#http://}: log in to it." 10 || return 1
	wait_for "Server: $second" 1 || return 1
	not_seen "Server: $second/" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "Updated at" 10 || return 1
	wait_for "${second#http://}" 1
}

test_set_read_only_turns_on_and_stays() {
	logged_in 80x24 || return 1
	keys :
	type_text "set read_only = yes"
	keys Enter
	wait_for "read-only" 3 || return 1
	keys p
	wait_for "Read-only mode: 'Top up an account' is refused." 3 || return 1
	keys :
	type_text "set read_only = no"
	keys Enter
	wait_for "read_only stays on until kabinet is started again" 3 || return 1
	keys :
	type_text "set read_only"
	keys Enter
	wait_for "read_only = yes" 3 || return 1
	# What is read only at start is refused, never silently ignored.
	keys :
	type_text 'set password_command = "pass show x"'
	keys Enter
	wait_for "password_command is read at start" 3 || return 1
	keys :
	type_text "set login = other"
	keys Enter
	wait_for "login: log out first" 3 || return 1
	wait_for "read-only" 1
}

# A promised payment is on the overview at 80x24, in Russian and in English, beside
# the balance, what is due and the days to lock.
test_promised_payment_fits_80x24() {
	start_server promise || return 1
	jar=$TMP/promise.jar
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	id=$(api "$SERVER_URL" "$jar" getAccounts | grep -o '"accountId":"[^"]*","number":"740000000003"' |
		sed 's/"accountId":"\([^"]*\)".*/\1/')
	api "$SERVER_URL" "$jar" activatePromisedPayment \
		"{\"accountId\":\"$id\",\"amount\":50000,\"idempotencyKey\":\"promise-fits-1\"}" |
		grep -q promisedPaymentId || return 1
	logged_in 80x24 LANG=ru_RU.UTF-8 || return 1
	row=$(capture | grep "^ 740000000003")
	for want in "$(money 12520 ru)" "$(money 92480 ru)" "дн" "$(money 50000 ru) до"; do
		echo "$row" | grep -qF -- "$want" || { echo "    ru: no '$want' in: $row" >&2; return 1; }
	done
	stop_client
	logged_in 80x24 -- --lang en || return 1
	row=$(capture | grep "^ 740000000003")
	for want in "125.20 RUB" "924.80 RUB" "days" "500.00 RUB till"; do
		echo "$row" | grep -qF -- "$want" || { echo "    en: no '$want' in: $row" >&2; return 1; }
	done
}

# Esc while the balances load: they say "not loaded" and how to retry, never "…"
# for ever; r loads them.
test_a_cancelled_load_says_not_loaded() {
	start_server slowov --delay-ms 1500 || return 1
	start_client 80x24 -- --server "$SERVER_URL" --login demo --no-keyring
	wait_for "Password" || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for "590000000001" 10 || return 1
	keys Escape
	wait_for "not loaded" 3 || return 1
	wait_for "Cancelled: not everything loaded (r: try again)." 1 || return 1
	# Longer than the server's delay: nothing changes by itself.
	holds 2 wait_for "not loaded" 1 || return 1
	keys r
	wait_for "Updated at" 15 || return 1
	wait_for "830.50 RUB" 1 || return 1
	not_seen "not loaded"
}

# Nothing on the login form draws over anything else, however small the window;
# a field that grows shows the whole login again.
test_login_form_in_small_windows() {
	start_client 20x5 -- --server "$SERVER_URL" --login demo
	wait_for "Login" 5 || return 1
	capture | grep -q "demo.*Log in\|Log in.*demo" && { show_screen; return 1; }
	tmx resize-window -t "$SESSION" -x 30 -y 8
	wait_for "Password" 3 || return 1
	keys BTab
	keys C-u
	type_text "user.name@example.org"
	tmx resize-window -t "$SESSION" -x 100 -y 24
	wait_for "Login  user.name@example.org" 3 || return 1
	alive
}

# ascii_only draws no line, sign or symbol outside ASCII; a locale that is not UTF-8
# gets ASCII only, Russian in Latin letters.
test_ascii_only_and_a_locale_that_is_not_utf8() {
	logged_in 80x24 || return 1
	keys :
	type_text "set ascii_only = yes"
	keys Enter
	wait_for "-374.80 RUB" 3 || return 1
	keys G Enter
	wait_for "Account 740000000003" 3 || return 1
	# Letters may be Russian; nothing else outside ASCII.
	capture | only_chars '[\x20-\x7e\u0400-\u04ff\n]' ||
		{ echo "    symbols outside ASCII under ascii_only:" >&2; show_screen; return 1; }
	stop_client
	logged_in 80x24 LANG=C || return 1
	wait_for "Permskii krai" 3 || return 1
	capture | only_chars '[\x20-\x7e\n]' ||
		{ echo "    not ASCII under LANG=C:" >&2; show_screen; return 1; }
}

# only_chars CLASS: standard input (UTF-8) has nothing but characters of the regular
# expression class CLASS.
only_chars() {
	python3 -c 'import re, sys
t = sys.stdin.buffer.read().decode("utf-8")
bad = re.sub(sys.argv[1], "", t)
sys.exit(1 if bad else 0)' "$1"
}

test_sigterm_restores_the_terminal() {
	logged_in 80x24 || return 1
	kill -TERM "$(client_pid)"
	wait_exit 5 || return 1
	# It left through its own exit path (128 + SIGTERM), not killed by the signal.
	[ "$EXIT_STATUS" = 143 ] || { echo "    status $EXIT_STATUS" >&2; return 1; }
	# The alternate screen was left: the shell's screen is back (empty here).
	not_seen "590000000001"
}

test_declined_autopay_is_a_warning() {
	# Billing declined demo's monthly autopay (as it does for a 3-D Secure card).
	sqlite3 "$SERVER_DIR/kabinet.db" "UPDATE autopay_rules SET last_status = 'DECLINED',
		last_date = '2026-11-10', last_amount = 67000" || return 1
	logged_in 80x24 LANG=ru_RU.UTF-8 || return 1
	wait_for "590000000001: автоплатёж 10.11.2026 на $(money 67000 ru) отклонён" 5 || return 1
	stop_client
	logged_in 80x24 -- --lang en || return 1
	wait_for "590000000001: the autopay of Nov 10, 2026 for 670.00 RUB was declined" 5
	stop_client
	sqlite3 "$SERVER_DIR/kabinet.db" "UPDATE autopay_rules SET last_status = 'SUCCEEDED'"
}

test_a_hung_up_terminal_ends_the_program() {
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 TERM=xterm-256color \
		XDG_STATE_HOME="$TMP/state" KABINET_LOCALEDIR="$TMP/locale" \
		python3 "$SCREEN_ROOT/tests/screen/hangup.py" "$KABINET" --server "$SERVER_URL" \
		--login demo --no-keyring >"$TMP/hangup" 2>&1 ||
		{ sed 's/^/    /' "$TMP/hangup" >&2; return 1; }
}

start_server main || exit 1
run_tests
