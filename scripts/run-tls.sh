#!/bin/sh
# make run-tls: kabinetd with the demo data behind nginx with TLS 1.3 and HTTP/2 and
# a throw-away CA (scripts/tls-deploy.sh; kabinetd trusts its X-Real-IP with
# --trusted-proxy 127.0.0.1), for people to try kabinet against; prints
# the URL and the --ca-file to use, and runs until Ctrl-C, which stops both.
#
#   scripts/run-tls.sh BUILD
set -eu

BUILD=${1:-build}
DIR=$BUILD/run-tls
rm -rf "$DIR"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
pids=""
stop() {
	for p in $pids; do
		kill "$p" 2>/dev/null || :
	done
	wait 2>/dev/null || :
}
trap stop EXIT
trap 'exit 0' INT TERM HUP

: >"$DIR/kabinetd.out"
"$BUILD/kabinetd" --listen 127.0.0.1:0 --db "$DIR/demo.db" --seed demo \
	--outbox "$DIR/outbox.jsonl" --trusted-proxy 127.0.0.1 >"$DIR/kabinetd.out" \
	2>"$DIR/kabinetd.log" &
pids="$!"
i=0
until backend=$(sed -n 's/^kabinetd listening on \(http:[^ ]*\).*/\1/p' "$DIR/kabinetd.out") &&
	[ -n "$backend" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat "$DIR/kabinetd.log" >&2; exit 1; }
	sleep 0.1
done

"$(dirname "$0")/tls-deploy.sh" "$DIR/nginx" "$backend" >"$DIR/nginx.out" 2>"$DIR/nginx.log" &
pids="$pids $!"
i=0
until grep -q "^nginx listening on" "$DIR/nginx.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 300 ] || { cat "$DIR/nginx.log" "$DIR/nginx/error.log" >&2 2>/dev/null; exit 1; }
	sleep 0.1
done
url=$(awk '$1 == "good" { print $2 }' "$DIR/nginx/urls")

cat <<MSG
kabinetd ($backend) is behind nginx at $url (TLS 1.3, HTTP/2),
with a certificate of a throw-away CA. In another terminal:

  $BUILD/kabinet --server $url --ca-file $DIR/nginx/ca.pem --login demo

(the password is Kabinet-2026). To see each refusal, the same with:
MSG
awk '$1 != "good" { printf "  %-11s --server %s\n", $1, $2 }' "$DIR/nginx/urls"
cat <<MSG
  no --ca-file  (an unknown CA)

nginx's log, with the protocol of each request: $DIR/nginx/access.log
Ctrl-C stops nginx and kabinetd.
MSG
wait
