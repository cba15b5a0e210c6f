# What the attack tests (tests/attack/test_*.sh) and scripts/bench-slow.sh share:
# a private kabinetd, nginx in front of it (scripts/tls-deploy.sh), a probe that asks
# checkSession from another loopback address all along an attack and reports what it
# got, and slowhttptest bounded in time. Sourced; the caller sets ROOT (the checkout),
# BUILD (the build directory, absolute) and TMP (its own directory, removed by it) and
# calls attack_stop_all when done (it stops everything started here, by process id).
#
# Every address is on loopback: 127.0.0.1 attacks, 127.0.0.2 (another client to the
# server, as Linux routes all of 127/8 to lo) probes.

ATTACK_PIDS=""

# kd_start NAME [OPTION...]: kabinetd on a free port of 127.0.0.1 with a fresh
# database $TMP/NAME.db and the options given; sets KD_PID and KD_URL (http://HOST:PORT).
kd_start() {
	kd_name=$1
	shift
	"$BUILD/kabinetd" --listen 127.0.0.1:0 --db "$TMP/$kd_name.db" "$@" \
		>"$TMP/$kd_name.out" 2>"$TMP/$kd_name.log" &
	KD_PID=$!
	ATTACK_PIDS="$ATTACK_PIDS $KD_PID"
	KD_URL=$(attack_wait_line "$TMP/$kd_name.out" 'kabinetd listening on \(http:[^ ]*\).*' \
		"$KD_PID") || { sed 's/^/    /' "$TMP/$kd_name.log" >&2; return 1; }
}

# kd_stop: SIGTERM to the last kabinetd started, which must end with status 0 (under
# a sanitizer build a report or a leak makes it 86).
kd_stop() {
	kill -TERM "$KD_PID" 2>/dev/null
	wait "$KD_PID"
	kd_status=$?
	[ $kd_status -eq 0 ] && return 0
	echo "    kabinetd ended with status $kd_status:" >&2
	tail -n 20 "$TMP/$kd_name.log" | sed 's/^/    /' >&2
	return 1
}

# nginx_start BACKEND_URL: scripts/tls-deploy.sh's nginx in $TMP/nginx in front of
# BACKEND_URL; sets NGINX_URL (its listener with the good certificate, by address:
# https://127.0.0.1:PORT) and NGINX_CA (the CA to trust).
nginx_start() {
	rm -rf "$TMP/nginx"
	mkdir -p "$TMP/nginx"
	"$ROOT/scripts/tls-deploy.sh" "$TMP/nginx" "$1" >"$TMP/nginx.out" 2>"$TMP/nginx.log" &
	ATTACK_PIDS="$ATTACK_PIDS $!"
	NGINX_URL=$(attack_wait_line "$TMP/nginx.out" 'nginx listening on \(https:[^ ]*\).*' $!) ||
		{ cat "$TMP/nginx.log" "$TMP/nginx/error.log" 2>/dev/null | sed 's/^/    /' >&2; return 1; }
	NGINX_URL=$(echo "$NGINX_URL" | sed 's|//localhost:|//127.0.0.1:|')
	NGINX_CA=$TMP/nginx/ca.pem
}

# attack_wait_line FILE SED-PATTERN PID: prints \1 of the first line of FILE matching
# the pattern, waiting up to 30 s while PID runs.
attack_wait_line() {
	i=0
	while [ $i -lt 300 ]; do
		line=$(sed -n "s/^$2/\\1/p" "$1" 2>/dev/null | head -n 1)
		[ -n "$line" ] && { echo "$line"; return 0; }
		kill -0 "$3" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	echo "    no line '$2' in $1" >&2
	return 1
}

# probe_start NAME BASE_URL ADDRESS LIMIT [CURL_OPTION...]: in the background, POSTs
# {} to BASE_URL/client-api/checkSession from ADDRESS every 0.2 s, each request given
# LIMIT seconds in all, until probe_stop NAME; one line "HTTP-STATUS SECONDS" a request
# in $TMP/NAME.probe (status 000: no HTTP answer within LIMIT). One probe at a time.
probe_start() {
	probe_file=$TMP/$1.probe
	probe_url=$2/client-api/checkSession
	probe_addr=$3
	probe_limit=$4
	shift 4
	: >"$probe_file"
	rm -f "$probe_file.stop"
	while [ ! -e "$probe_file.stop" ]; do
		curl -s -o /dev/null --interface "$probe_addr" -m "$probe_limit" \
			-H 'Content-Type: application/json' -d '{}' -w '%{http_code} %{time_total}\n' \
			"$@" "$probe_url" >>"$probe_file"
		sleep 0.2
	done &
	PROBE_PID=$!
	ATTACK_PIDS="$ATTACK_PIDS $!"
}

# probe_stop NAME: ends the probe after its request under way.
probe_stop() {
	touch "$TMP/$1.probe.stop"
	wait "$PROBE_PID"
}

# probe_report NAME: prints "N requests, F without an HTTP answer, E with 5xx,
# worst S s" and succeeds when there was a request and every one had an answer below 500.
probe_report() {
	awk '{ n++; if ($1 == "000") f++; else if ($1 >= 500) e++; if ($2 > w) w = $2 }
		END { printf "%d requests, %d without an HTTP answer, %d with 5xx, worst %.3f s\n",
			n, f, e, w; exit !(n > 0 && f + e == 0) }' "$TMP/$1.probe"
}

# attack NAME SECONDS SLOWHTTPTEST-OPTION...: slowhttptest for SECONDS (its -l) with
# the options given, its statistics in $TMP/NAME.csv and its output in $TMP/NAME.log;
# killed by timeout(1) should it overrun by 30 s.
attack() {
	attack_name=$1
	attack_secs=$2
	shift 2
	timeout -k 5 $((attack_secs + 30)) slowhttptest -g -o "$TMP/$attack_name" -l "$attack_secs" \
		"$@" >"$TMP/$attack_name.log" 2>&1
}

# attack_ending NAME: how the attack NAME ended, in slowhttptest's words ("Hit test
# time limit", or "No open connections left" when the server closed them all).
attack_ending() {
	sed 's/\x1b\[[0-9;]*m//g' "$TMP/$1.log" | sed -n 's/^Exit status: *//p' | head -n 1
}

# attack_seconds NAME: the seconds the attack NAME lasted; attack_peak NAME: the most
# connections it held open at once (from its CSV: seconds, closed, pending, connected,
# service available).
attack_seconds() {
	tail -n 1 "$TMP/$1.csv" | cut -d, -f1
}

attack_peak() {
	sed 1d "$TMP/$1.csv" | cut -d, -f4 | sort -n | tail -n 1
}

# attack_stop_all: stops what was started here, newest first.
attack_stop_all() {
	for p in $ATTACK_PIDS; do
		attack_order="$p ${attack_order:-}"
	done
	for p in ${attack_order:-}; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ATTACK_PIDS=""
	attack_order=""
}
