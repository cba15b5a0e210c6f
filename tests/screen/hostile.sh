# The helpers of the screen tests that run subcommands against answers edited by
# tests/fake/faultproxy.py (sourced after lib.sh): a proxy to edit, a subcommand
# through it, the output's JSON read, a comparison that says what differed, and the
# checks of a bad reply.

# hostile NAME: kabinetd and the proxy in front of it; the subcommands go through the
# proxy (SERVER_URL), $REAL is kabinetd. No answer here is meant to be late, and the
# proxy builds some of megabytes in Python on a machine running other tests: a
# generous request_timeout rather than start_faults' 2 s.
hostile() {	# NAME
	start_faults "$1" || return 1
	printf 'set request_timeout = 60\n' >"$PROXY_DIR/config"
	REAL=$SERVER_URL
	SERVER_URL=$PROXY_URL
}

# sub ARGS...: a subcommand through the proxy (sets STATUS OUT ERR).
sub() {
	subcommand -- --config "$PROXY_DIR/config" "$@"
}

# json_get PYTHON-EXPRESSION: the expression over the output's JSON `d`, printed as
# JSON (None as null).
json_get() {
	printf '%s' "$OUT" | python3 -c 'import json, sys; d = json.load(sys.stdin)
print(json.dumps(eval(sys.argv[1]), ensure_ascii=False))' "$1"
}

expect() {	# WHAT GOT WANT
	[ "$2" = "$3" ] && return 0
	echo "    $1: got [$2], want [$3]" >&2
	return 1
}

# A bad reply: exit 1, one line that names the field, nothing on stdout (but the
# header of --csv, given as STDOUT).
bad_reply() {	# FIELD [STDOUT]
	expect status "$STATUS" 1 || return 1
	expect stdout "$OUT" "${2:-}" || return 1
	case $ERR in
	*"could not be understood"*"$1"*) ;;
	*) echo "    not a bad reply naming $1: $ERR" >&2; return 1 ;;
	esac
	safe_output "$TMP/err"
}
