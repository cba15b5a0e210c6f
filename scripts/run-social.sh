#!/bin/sh
# make run-social: kabinetd with the demo data and two social providers, VK ID and
# Yandex ID, both played by a throwaway glewlwyd on 127.0.0.1 (tests/social/
# glewlwyd.sh), the demo profile already linked to the provider's test user at VK ID
# (through the API and a headless browser, tests/social/link.sh), for people to try
# kabinet's social login against; prints what to run and the test user's login and
# password, and runs until Ctrl-C, which stops both.
#
#   scripts/run-social.sh BUILD
set -eu

BUILD=${1:-build}
SOCIAL=$(cd "$(dirname "$0")/../tests/social" && pwd)
DIR=$BUILD/run-social
rm -rf "$DIR"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
pid=""
stop() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || :
	wait 2>/dev/null || :
	"$SOCIAL/glewlwyd.sh" down "$DIR/glewlwyd"
}
trap stop EXIT
trap 'exit 0' INT TERM HUP

"$SOCIAL/glewlwyd.sh" up "$DIR/glewlwyd"
. "$DIR/glewlwyd/glewlwyd.env"

: >"$DIR/kabinetd.out"
"$BUILD/kabinetd" --listen 127.0.0.1:0 --db "$DIR/demo.db" --seed demo \
	--outbox "$DIR/outbox.jsonl" --providers "$DIR/glewlwyd/providers.json" \
	>"$DIR/kabinetd.out" 2>"$DIR/kabinetd.log" &
pid=$!
i=0
until url=$(sed -n 's/^kabinetd listening on \(http:[^ ]*\).*/\1/p' "$DIR/kabinetd.out") &&
	[ -n "$url" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat "$DIR/kabinetd.log" >&2; exit 1; }
	sleep 0.1
done
"$SOCIAL/glewlwyd.sh" client "$DIR/glewlwyd" "$url/device/callback"
echo "Linking the demo profile to VK ID in a headless browser..."
"$SOCIAL/link.sh" "$url" "$DIR/glewlwyd" vk >/dev/null || { cat "$DIR/kabinetd.log" >&2; exit 1; }
{ read -r login; read -r password; } <"$DIR/glewlwyd/user"

cat <<MSG

kabinetd ($url) has two social providers, VK ID and Yandex ID, played by
glewlwyd at $GLW_URL; the demo profile is linked to its test user at VK ID.
In another terminal:

  $BUILD/kabinet --server $url

and press C-o on the login form, choose VK ID, and open the page it shows in a
browser. At the provider log in as

  login: $login   password: $password

Yandex ID knows that user too, but no profile is linked to it there: a login
through it is refused (link it in the profile, screen 8, after a password login
as demo, password Kabinet-2026). The messages kabinetd sent: $DIR/outbox.jsonl
Ctrl-C stops kabinetd and glewlwyd.
MSG
wait "$pid"
