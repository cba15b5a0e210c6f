# Screen tests: drive the real kabinet in tmux against a live kabinetd and look at
# what a person would see. Sourced by tests/screen/test_*.sh, which define test_*
# functions and end with `run_tests`. Output is cmocka's, so scripts/run-tests.sh
# counts the results. Nothing sleeps a fixed time: everything polls.
#
# Environment: KABINET_BUILD (default build) is the build directory.

set -u

SCREEN_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$SCREEN_ROOT/tests/cmocka.sh"
BUILD_DIR=${KABINET_BUILD:-build}
case $BUILD_DIR in
/*) ;;
*) BUILD_DIR=$SCREEN_ROOT/$BUILD_DIR ;;
esac
KABINET=$BUILD_DIR/kabinet
KABINETD=${KABINETD:-$BUILD_DIR/kabinetd}
DEMO_PASSWORD=Kabinet-2026
NNBSP=$(printf '\342\200\257')	# the group separator of Russian figures

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-screen-XXXXXX")
SOCK=$TMP/tmux.sock
# Under a sanitizer build (make asan) a report ends kabinet or kabinetd at once
# (-fno-sanitize-recover) with status SAN_STATUS, and a test that leaves a report fails
# (sanitizer_reports): kabinetd's in its log, kabinet's as the client's status (the
# report itself is on its terminal or in ERR). Harmless without sanitizers.
SAN_STATUS=86
SAN_DIR=$TMP/sanitizer
mkdir -p "$SAN_DIR"
SAN_OPTS="exitcode=$SAN_STATUS"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}$SAN_OPTS"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:$SAN_OPTS"
SERVER_PIDS=""
CLIENT_N=0
SESSION=""
EXIT_FILE=/nonexistent

# The clients this script started that still run (by the HOME under $TMP each was
# given), zombies aside.
own_clients() {
	for env in /proc/[0-9]*/environ; do
		pid=${env#/proc/}
		pid=${pid%/environ}
		comm=
		{ read -r comm <"/proc/$pid/comm"; } 2>/dev/null
		[ "$comm" = kabinet ] || continue
		{ tr '\0' '\n' <"$env"; } 2>/dev/null | grep -q "^HOME=$TMP/" &&
			client_running "$pid" && echo "$pid"
	done
	return 0
}

# Every client of the script gone when it ends: its terminal closed, then, 10 s later,
# killed with a warning (a client left behind would run on with nobody to see it).
stop_all_clients() {
	tmux -S "$SOCK" kill-server 2>/dev/null
	n=0
	left=$(own_clients)
	while [ -n "$left" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
		left=$(own_clients)
	done
	for pid in $left; do
		echo "    warning: kabinet ($pid) still ran 10 s after its terminal closed; killed" >&2
		kill -KILL "$pid" 2>/dev/null
	done
}

cleanup() {
	status=$?
	stop_all_clients
	for pid in $SERVER_PIDS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	# What the servers reported as they ended (leaks) fails the script.
	sanitizer_reports || status=1
	rm -rf "$TMP"
	exit $status
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

tmx() {
	tmux -S "$SOCK" "$@"
}

# sanitizer_reports: fails, showing them, when kabinetd wrote a sanitizer's report in
# its log, a client ended with SAN_STATUS, or a subcommand did (subcommand keeps its
# ERR in SAN_DIR), since the last call: each is shown once.
SAN_RE="runtime error:|ERROR: (Address|Leak|UndefinedBehavior)Sanitizer"
sanitizer_reports() {
	found=0
	for f in "$TMP"/*/log; do
		[ -f "$f" ] || continue
		n=$(grep -cE "$SAN_RE" "$f")
		[ "$n" -gt "$(cat "$f.seen" 2>/dev/null || echo 0)" ] || continue
		echo "    a sanitizer's report in $f:" >&2
		grep -E -A 12 "$SAN_RE" "$f" | head -n 40 | sed 's/^/    ! /' >&2
		echo "$n" >"$f.seen"
		found=1
	done
	for f in "$TMP"/home*/exit; do
		[ -f "$f" ] && [ ! -e "$f.seen" ] && [ "$(cat "$f")" = "$SAN_STATUS" ] || continue
		echo "    kabinet ended with a sanitizer's report (status $SAN_STATUS, on its terminal)" >&2
		: >"$f.seen"
		found=1
	done
	for f in "$SAN_DIR"/report.*; do
		[ -e "$f" ] && [ "${f%.seen}" = "$f" ] || continue
		echo "    a subcommand ended with a sanitizer's report:" >&2
		head -n 40 "$f" | sed 's/^/    ! /' >&2
		mv "$f" "$f.seen"
		found=1
	done
	[ $found -eq 0 ]
}

# san_env VAR=value: the variable as a client gets it, a sanitizer's options with this
# script's exit status kept.
san_env() {
	case $1 in
	ASAN_OPTIONS=* | UBSAN_OPTIONS=*) printf '%s' "$1:$SAN_OPTS" ;;
	*) printf '%s' "$1" ;;
	esac
}

# The catalog the tests read: the one the build compiled from po/ru.po.
make_catalog() {
	mkdir -p "$TMP/locale/ru/LC_MESSAGES"
	cp "$BUILD_DIR/locale/ru/LC_MESSAGES/kabinet.mo" "$TMP/locale/ru/LC_MESSAGES/"
}

# --- the server ---

# start_server NAME [kabinetd options...]: a fresh demo database in $TMP/NAME.
# Sets SERVER_URL, SERVER_DIR and SERVER_PID.
start_server() {
	name=$1
	shift
	SERVER_DIR=$TMP/$name
	mkdir -p "$SERVER_DIR"
	"$KABINETD" --listen 127.0.0.1:0 --db "$SERVER_DIR/kabinet.db" --seed demo \
		--outbox "$SERVER_DIR/outbox.jsonl" "$@" >"$SERVER_DIR/stdout" 2>"$SERVER_DIR/log" &
	SERVER_PID=$!
	SERVER_PIDS="$SERVER_PIDS $SERVER_PID"
	wait_listening "$SERVER_DIR" kabinetd "$SERVER_PID"
}

# wait_listening DIR NAME PID: polls DIR/stdout for "NAME listening on URL" while PID
# runs; sets SERVER_URL, or shows DIR/log.
wait_listening() {
	i=0
	while [ $i -lt 300 ]; do
		SERVER_URL=$(sed -n "s/^$2 listening on \(http:[^ ]*\).*/\1/p" "$1/stdout" 2>/dev/null)
		[ -n "$SERVER_URL" ] && return 0
		kill -0 "$3" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	echo "$2 did not start:" >&2
	cat "$1/log" >&2
	return 1
}

# start_tls NAME: nginx with TLS 1.3 and HTTP/2 in front of the server at $SERVER_URL
# (scripts/tls-deploy.sh: a throw-away CA, and one listener per certificate). Sets
# TLS_DIR (nginx's files: ca.pem, other-ca.pem, access.log), TLS_CA (the CA of the
# good certificate) and TLS_URL (the listener with the good one); tls_url NAME gives
# another listener's URL (expired, wrong-name, other-ca).
start_tls() {
	TLS_DIR=$TMP/$1
	mkdir -p "$TLS_DIR"
	"$SCREEN_ROOT/scripts/tls-deploy.sh" "$TLS_DIR" "$SERVER_URL" >"$TLS_DIR/stdout" \
		2>"$TLS_DIR/log" &
	tls_pid=$!
	SERVER_PIDS="$SERVER_PIDS $tls_pid"
	i=0
	until grep -q "^nginx listening on" "$TLS_DIR/stdout" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -ge 300 ] || ! kill -0 "$tls_pid" 2>/dev/null; then
			echo "    nginx did not start:" >&2
			cat "$TLS_DIR/log" "$TLS_DIR/error.log" >&2 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	TLS_CA=$TLS_DIR/ca.pem
	TLS_URL=$(tls_url good)
}

tls_url() {
	awk -v n="$1" '$1 == n { print $2 }' "$TLS_DIR/urls"
}

# api URL JAR METHOD [JSON]: one call with curl, as docs/api.md shows.
api() {
	curl -s -b "$2" -c "$2" -H 'Content-Type: application/json' \
		-H "CSRF-TOKEN: $(awk '$6=="CSRF-TOKEN"{print $7}' "$2" 2>/dev/null)" \
		-d "${4:-{\}}" "$1/client-api/$3"
}

# devices: how many remembered devices demo has on the server's list.
devices() {
	jar=$TMP/jar-devices
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	api "$SERVER_URL" "$jar" getDevices | grep -o '"deviceId"' | wc -l
}

# start_bus: a private session bus with an unlocked login keyring (gnome-keyring-daemon),
# for what needs one to remember a login; sets BUS, and BUS_PID (ending it ends the bus
# and the keyring daemon with it).
start_bus() {
	for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
		command -v "$tool" >/dev/null 2>&1 || { echo "    $tool not installed (make deps)" >&2; return 1; }
	done
	kr=$TMP/keyring
	mkdir -p -m 700 "$kr/home" "$kr/run"
	env -i PATH=/usr/bin:/bin HOME="$kr/home" XDG_RUNTIME_DIR="$kr/run" \
		XDG_DATA_HOME="$kr/home/.local/share" LANG=C.UTF-8 \
		dbus-run-session -- sh -c "printf 'keyring-password' | gnome-keyring-daemon --unlock \
			--components=secrets --daemonize >/dev/null 2>&1;
			echo \$\$ >'$kr/pid'; echo \"\$DBUS_SESSION_BUS_ADDRESS\" >'$kr/bus';
			exec sleep 600" >"$kr/log" 2>&1 &
	i=0
	while [ ! -s "$kr/bus" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	BUS_PID=$(cat "$kr/pid" 2>/dev/null)
	SERVER_PIDS="$SERVER_PIDS $BUS_PID"
	BUS=$(cat "$kr/bus" 2>/dev/null)
	[ -n "$BUS" ] || { cat "$kr/log" >&2; return 1; }
}

# wait_session_lost JAR: polls checkSession with the session in JAR until the server
# says it is lost (a session opened after the client's last request: once it is lost,
# the client's is lost too).
wait_session_lost() {
	i=0
	until api "$SERVER_URL" "$1" checkSession | grep -q '"isSessionLost":true'; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    the session never expired" >&2; return 1; }
		sleep 0.1
	done
}

# wait_refreshed BEFORE: polls until the overview's "Updated at" differs from BEFORE.
wait_refreshed() {
	i=0
	while :; do
		now=$(capture | grep -o "Updated at [0-9:]*")
		[ -n "$now" ] && [ "$now" != "$1" ] && return 0
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    the overview did not refresh ($1)" >&2; capture >&2; return 1; }
		sleep 0.1
	done
}

# The newest one-time code the server sent to TO, from the outbox file.
outbox_code() {
	grep -F "\"to\":\"$2\"" "$1/outbox.jsonl" 2>/dev/null | tail -n 1 |
		sed -n 's/.*"code":"\([0-9]*\)".*/\1/p'
}

# money KOPECKS ru|en: what kabinet shows (1 234,56 ₽ / 1,234.56 RUB; U+2212 minus,
# U+202F groups and U+00A0 before the rouble sign in Russian).
money() {
	awk -v k="$1" -v style="$2" 'BEGIN {
		neg = k < 0; if (neg) k = -k
		whole = int(k / 100); frac = k % 100; s = whole ""; out = ""
		sep = style == "ru" ? "\342\200\257" : ","
		while (length(s) > 3) { out = sep substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
		out = s out
		printf "%s%s%s%02d%s", neg ? "\342\210\222" : "", out, style == "ru" ? "," : ".", frac,
			style == "ru" ? "\302\240\342\202\275" : " RUB"
	}'
}

# --- the scripted stand-in ---

FAKE=$SCREEN_ROOT/tests/fake/fakeserver.py

# start_fake NAME SCENARIO [fakeserver options...]: sets SERVER_URL and SERVER_DIR.
start_fake() {
	name=$1
	shift
	SERVER_DIR=$TMP/$name
	mkdir -p "$SERVER_DIR"
	python3 "$FAKE" --listen 127.0.0.1:0 --scenario "$@" --stats "$SERVER_DIR/stats.json" \
		>"$SERVER_DIR/stdout" 2>"$SERVER_DIR/log" &
	SERVER_PIDS="$SERVER_PIDS $!"
	wait_listening "$SERVER_DIR" fakeserver $!
}

# safe_output FILE [screen]: the bytes have no escape sequence, control character,
# C1 control or bidi control of the server's, and are valid UTF-8. The terminal
# stream of the full screen has ncurses' own sequences: there only what no curses
# program writes (an OSC, a BEL, the server's own CSI text) counts.
safe_output() {
	python3 - "$1" "${2:-}" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
screen = sys.argv[2] == "screen"
bad = []
try:
    data.decode("utf-8")
except UnicodeDecodeError as e:
    bad.append("invalid UTF-8 at %d" % e.start)
for name, pat in [("OSC", rb"\x1b\]"), ("BEL", rb"\x07"), ("C1", rb"\xc2[\x80-\x9f]"),
                  ("bidi", rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xe2\x80[\x8e\x8f]|\xd8\x9c"),
                  ("line separator", rb"\xe2\x80[\xa8\xa9]"),
                  ("forged line", rb"[\r\n]FORGED"),
                  # The fake servers' own CSIs, as sent, just before a field's tag:
                  # not any CSI before a "<", which ncurses' cursor motions and
                  # attribute resets also make when a tag is drawn after them.
                  ("server CSI", rb"\x1b\[(2J|31m)<")]:
    if re.search(pat, data):
        bad.append(name)
if not screen:
    for m in re.finditer(rb"[\x00-\x09\x0b-\x1f\x7f]", data):
        bad.append("control byte %r" % m.group())
        break
if bad:
    print("    unsafe output: " + ", ".join(bad))
    sys.exit(1)
PY
}

# --- the client ---

# start_client COLSxROWS [VAR=value...] -- [kabinet arguments...]
# Starts kabinet in a new tmux session with a pinned environment; sets SESSION.
# With CLIENT_NOFILE set, the client's limit of open descriptors.
# LANG defaults to en_US.UTF-8; pass LANG=ru_RU.UTF-8 to change it.
start_client() {
	size=$1
	shift
	CLIENT_N=$((CLIENT_N + 1))
	SESSION=c$CLIENT_N
	home=$TMP/home$CLIENT_N
	mkdir -p "$home/config" "$home/state" "$home/data" "$home/cache" "$home/run" "$home/tmp"
	chmod 700 "$home/run"
	envs="PATH=/usr/local/bin:/usr/bin:/bin HOME=$home LANG=en_US.UTF-8 TZ=UTC"
	envs="$envs TERM=xterm-256color XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state"
	envs="$envs XDG_DATA_HOME=$home/data XDG_CACHE_HOME=$home/cache XDG_RUNTIME_DIR=$home/run"
	envs="$envs TMPDIR=$home/tmp KABINET_LOCALEDIR=$TMP/locale"
	envs="$envs ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $(san_env "$1")"
		shift
	done
	[ $# -gt 0 ] && shift
	args=""
	for a in "$@"; do
		args="$args '$a'"
	done
	CLIENT_HOME=$home
	# A shell around the client keeps its exit status (tmux reaps a dead pane late).
	EXIT_FILE=$home/exit
	# CLIENT_NOFILE=N: the client runs with at most N open descriptors. The shell
	# outlives a Ctrl-C (the pane's process group gets it): it is the client's to take.
	printf 'trap : INT\n%s"$@"\necho $? >"%s"\n' "${CLIENT_NOFILE:+ulimit -n $CLIENT_NOFILE; }" \
		"$EXIT_FILE" >"$home/wrap.sh"
	tmx new-session -d -s "$SESSION" -x "${size%x*}" -y "${size#*x}" \
		"exec env -i $envs /bin/sh '$home/wrap.sh' '$KABINET' $args"
}

# The client's process id (the child of the shell in the pane).
client_pid() {
	ps -o pid= --ppid "$(tmx display-message -p -t "$SESSION" '#{pane_pid}')" | tr -d ' '
}

capture() {
	tmx capture-pane -p -t "${1:-$SESSION}" 2>/dev/null
}

# The screen, indented, on stderr: what a failed check shows.
show_screen() {
	capture | sed 's/^/    | /' >&2
}

# poll_screen -F|-E SEEN TEXT SECONDS: polls the screen every 100 ms until TEXT (a fixed
# string or an extended regular expression) is on it (SEEN=yes) or off it (SEEN=no).
poll_screen() {
	limit=$(( $4 * 10 ))
	i=0
	while [ $i -lt "$limit" ]; do
		if capture | grep -q "$1" -- "$3"; then
			[ "$2" = yes ] && return 0
		else
			[ "$2" = no ] && return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	if [ "$2" = yes ]; then
		echo "    did not see: $3" >&2
	else
		echo "    still see: $3" >&2
	fi
	show_screen
	return 1
}

# wait_for TEXT [SECONDS]: until TEXT shows (10 s by default).
wait_for() {
	poll_screen -F yes "$1" "${2:-10}"
}

# wait_for_re REGEX [SECONDS]: the same with an extended regular expression.
wait_for_re() {
	poll_screen -E yes "$1" "${2:-10}"
}

# wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
wait_gone() {
	poll_screen -F no "$1" "${2:-10}"
}

# holds SECONDS COMMAND...: COMMAND (a check that says what is wrong) stays true for
# SECONDS, polled every 100 ms; fails as soon as it is not. For what must not happen
# by itself (nothing sent again, a late answer changes nothing): the time is the
# window in which it would have happened.
holds() {
	# Names of its own: the check may poll with i and limit.
	hold_limit=$(( $1 * 10 ))
	shift
	hold_i=0
	while [ $hold_i -lt "$hold_limit" ]; do
		"$@" || return 1
		sleep 0.1
		hold_i=$((hold_i + 1))
	done
	"$@"
}

# not_seen TEXT: TEXT is not on the screen now.
not_seen() {
	if capture | grep -qF -- "$1"; then
		echo "    should not see: $1" >&2
		show_screen
		return 1
	fi
}

# wait_selected TEXT: polls until the row with TEXT is drawn in reverse video (SGR 7),
# the selected row.
wait_selected() {
	i=0
	until tmx capture-pane -p -e -t "$SESSION" | grep -F -- "$1" |
		grep -q "$(printf '\033')\[[0-9;]*7m"; do
		i=$((i + 1))
		[ $i -lt 30 ] || { echo "    the highlight is not on $1" >&2; show_screen; return 1; }
		sleep 0.1
	done
}

# The client's exit status once it ended, polled.
wait_exit() {
	limit=$(( ${1:-10} * 10 ))
	i=0
	while [ $i -lt "$limit" ]; do
		if [ -s "$EXIT_FILE" ]; then
			EXIT_STATUS=$(cat "$EXIT_FILE")
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "    the client did not exit" >&2
	show_screen
	return 1
}

alive() {
	if [ -s "$EXIT_FILE" ]; then
		echo "    the client is gone (status $(cat "$EXIT_FILE"))" >&2
		return 1
	fi
}

keys() {
	tmx send-keys -t "$SESSION" "$@"
}

# type TEXT: literally, no key names.
type_text() {
	tmx send-keys -t "$SESSION" -l -- "$1"
}

# paste_text TEXT: pasted as a bracketed paste (tmux paste-buffer -p).
paste_text() {
	printf '%s' "$1" >"$TMP/pasted.txt"
	tmx load-buffer -b kp "$TMP/pasted.txt"
	tmx paste-buffer -p -d -b kp -t "$SESSION"
}

# quit_client: :quit, and yes to the question confirm_quit asks.
quit_client() {
	keys :
	type_text "quit"
	keys Enter
	wait_for_re "Quit kabinet\?|Выйти из kabinet\?" 5 || return 1
	keys y
}

# login_with_password LOGIN PASSWORD: fills the form of a client started without
# --login and presses Enter.
login_with_password() {
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$1"
	# Seen before the Tab: the password is typed into its own field.
	wait_for_re "(Login|Логин) +$1" 5 || return 1
	keys Tab
	type_text "$2"
	keys Enter
}

# login_as LOGIN FLAGS SIZE [VAR=value...] [-- kabinet arguments]: a client at
# $CLIENT_URL (the server's when unset) that logs in as LOGIN with the demo password
# typed in the form, on the overview once it loaded. FLAGS are kabinet's own options
# before the arguments ("-" for none: --no-keyring hides "remember me").
login_as() {
	login=$1
	flags=$2
	size=$3
	shift 3
	[ "$flags" = - ] && flags=""
	envs=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	start_client "$size" $envs -- --server "${CLIENT_URL:-$SERVER_URL}" --login "$login" $flags "$@"
	wait_for_re "Password|Пароль" 10 || return 1
	type_text "$DEMO_PASSWORD"
	keys Enter
	wait_for_re "Updated at|Обновлено в" 20
}

# subcommand [VAR=value...] -- ARGS...: kabinet without a terminal, logged in as
# $SUB_LOGIN (demo) with the password from a password command, in English unless a
# VAR says otherwise; $SUB_WRAP (a command and its options) runs it. Sets STATUS,
# ERR and OUT (the output's text; the file is $TMP/out).
subcommand() {
	envs="LANG=en_US.UTF-8 ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $(san_env "$1")"
		shift
	done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	${SUB_WRAP:-} env -i PATH=/usr/bin:/bin HOME="$TMP" TZ=UTC XDG_CONFIG_HOME="$TMP/cfg" \
		XDG_STATE_HOME="$TMP/state" KABINET_LOCALEDIR="$TMP/locale" $envs \
		"$KABINET" --server "$SERVER_URL" --login "${SUB_LOGIN:-demo}" --no-keyring \
		--password-command "echo $DEMO_PASSWORD" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
	if [ "$STATUS" = "$SAN_STATUS" ]; then
		SAN_N=$((${SAN_N:-0} + 1))
		cp "$TMP/err" "$SAN_DIR/report.$SAN_N"
	fi
}

# demo_api METHOD [JSON]: one call as demo through a session of the test's own (kept
# while the server keeps it).
demo_api() {
	jar=$TMP/demo.jar
	if [ ! -s "$jar" ] || ! api "$SERVER_URL" "$jar" checkSession | grep -q '"isSessionLost":false'; then
		rm -f "$jar"
		api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	fi
	api "$SERVER_URL" "$jar" "$1" "${2:-{\}}"
}

# demo_account_id NUMBER: the id of demo's account (ids are opaque).
demo_account_id() {
	demo_api getAccounts | python3 -c 'import json, sys
for a in json.load(sys.stdin)["accounts"]:
    if a["number"] == sys.argv[1]: print(a["accountId"])' "$1"
}

# demo_balance NUMBER [FIELD]: a field of getAccountBalanceV2 (balance by default;
# a.b for a nested one), as the API gives it.
demo_balance() {
	demo_api getAccountBalanceV2 "{\"accountId\":\"$(demo_account_id "$1")\"}" |
		python3 -c 'import json, sys; v = json.load(sys.stdin)
for k in sys.argv[1].split("."): v = v[k] if v is not None else None
print(v)' "${2:-balance}"
}

# Whether process $1 still runs (a zombie waiting for its reaper does not).
client_running() {
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $state in Z*) return 1 ;; esac
	return 0
}

# Closes the client's terminal and makes sure the client is gone: a client still
# running 10 s after its terminal closed is killed, with a warning (a sanitizer's exit
# work can lose a race with the hang-up's SIGCONT and wait for ever; whether kabinet
# itself ends on a hang-up is test_a_hung_up_terminal_ends_the_program's business).
stop_client() {
	[ -n "$SESSION" ] || return 0
	pid=$(client_pid 2>/dev/null)
	tmx kill-session -t "$SESSION" 2>/dev/null
	[ -n "$pid" ] || return 0
	n=0
	while client_running "$pid" && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if client_running "$pid"; then
		echo "    warning: kabinet ($pid) still ran 10 s after its terminal closed; killed" >&2
		kill -KILL "$pid" 2>/dev/null
	fi
	return 0
}

# --- tests/fake/faultproxy.py in front of kabinetd ---

# start_faults NAME: kabinetd and the proxy in front of it; sets PROXY_URL, PROXY_DIR
# (mode: the control file; methods: what came through), and a config with a short
# request_timeout in $PROXY_DIR/config.
start_faults() {
	start_server "$1" || return 1
	PROXY_DIR=$TMP/proxy-$1
	mkdir -p "$PROXY_DIR"
	echo pass >"$PROXY_DIR/mode"
	: >"$PROXY_DIR/methods"
	printf 'set request_timeout = 2\n' >"$PROXY_DIR/config"
	python3 "$SCREEN_ROOT/tests/fake/faultproxy.py" --upstream "$SERVER_URL" \
		--control "$PROXY_DIR/mode" --log "$PROXY_DIR/methods" \
		>"$PROXY_DIR/stdout" 2>"$PROXY_DIR/log" &
	SERVER_PIDS="$SERVER_PIDS $!"
	real=$SERVER_URL
	wait_listening "$PROXY_DIR" faultproxy $! || return 1
	PROXY_URL=$SERVER_URL
	SERVER_URL=$real
}

# through_proxy [VAR=value...] ARGS...: a subcommand through the proxy of start_faults,
# with its config (request_timeout 2); sets STATUS OUT ERR as subcommand does.
through_proxy() {
	envs=""
	while [ $# -gt 0 ] && case $1 in [A-Z]*=*) true ;; *) false ;; esac; do
		envs="$envs $1"
		shift
	done
	real=$SERVER_URL
	SERVER_URL=$PROXY_URL
	# shellcheck disable=SC2086
	subcommand $envs -- --config "$PROXY_DIR/config" "$@"
	SERVER_URL=$real
}

# fault MODE [METHOD...]: what the proxy does from now on (see faultproxy.py), once
# the proxy says it is in force.
fault() {
	echo "$*" >"$PROXY_DIR/mode"
	i=0
	until [ "$(cat "$PROXY_DIR/mode.ack" 2>/dev/null)" = "$*" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "    the proxy did not take: $*" >&2; return 1; }
		sleep 0.05
	done
}

# fault_edit 'JSON' [METHOD...]: a hostile server from now on: the answers (of the
# METHODs named, or all) changed as the JSON says (faultproxy.py's `edit` mode: "set",
# "delete", "repeat", "status", "headers", "raw", "request"). Each call writes a new
# edit file, so the proxy's acknowledgement names it.
fault_edit() {
	FAULT_EDITS=$((${FAULT_EDITS:-0} + 1))
	printf '%s\n' "$1" >"$PROXY_DIR/edit$FAULT_EDITS.json"
	shift
	fault "edit:$PROXY_DIR/edit$FAULT_EDITS.json" "$@"
}

# count MODE METHOD: how many METHOD requests met MODE.
count() {
	grep -c "^$2 $1\( \|\$\)" "$PROXY_DIR/methods"
}

# count_is MODE METHOD N: exactly N METHOD requests met MODE (for holds).
count_is() {
	[ "$(count "$1" "$2")" = "$3" ] && return 0
	echo "    $(count "$1" "$2") $2 met $1, not $3: sent again" >&2
	return 1
}

# wait_count MODE METHOD N: polls until at least N METHOD requests met MODE.
wait_count() {
	i=0
	until [ "$(count "$1" "$2")" -ge "$3" ]; do
		i=$((i + 1))
		[ $i -lt 400 ] || { echo "    fewer than $3 $2 met $1" >&2; return 1; }
		sleep 0.1
	done
}

# --- running ---

run_tests() {
	make_catalog
	# One tmux server for the script; panes stay after the client exits.
	tmx -f /dev/null new-session -d -s keeper -x 80 -y 24 "sleep 100000"
	tmx set-option -g remain-on-exit on >/dev/null
	tmx set-option -g history-limit 0 >/dev/null
	run_test_functions stop_client "" sanitizer_reports
}
