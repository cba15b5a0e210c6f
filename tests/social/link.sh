#!/bin/sh
# Links the demo profile of a kabinetd with the demo data to the test user of a
# throwaway provider (glewlwyd.sh), the way a person does it: the password login,
# startSocialLink, the browser approving (browser.py), pollSocialLink.
#
#   link.sh URL GLW_DIR PROVIDER     URL: kabinetd's; GLW_DIR: glewlwyd.sh's directory
#
# Prints the link (pollSocialLink's "link") and exits 0; else says what went wrong.
set -u

SOCIAL=$(cd "$(dirname "$0")" && pwd)
. "$SOCIAL/flow.sh"

[ $# -eq 3 ] || { echo "usage: link.sh URL GLW_DIR PROVIDER" >&2; exit 2; }
url=$1
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
flow_call "$url" "$jar" login '{"login":"demo","passwd":"Kabinet-2026"}' | grep -q '"status":"OK"' ||
	{ echo "link.sh: demo could not log in at $url" >&2; exit 1; }
start_flow "$url" "$jar" startSocialLink "{\"provider\":\"$3\"}" || exit 1
browse "$2" "$(field "$FLOW" .verificationUriComplete)" || exit 1
poll_flow "$url" "$jar" pollSocialLink || exit 1
if [ "$(field "$ANSWER" .status)" != OK ]; then
	echo "link.sh: pollSocialLink answered $ANSWER; the page said:" >&2
	printf '%s\n' "$PAGE" >&2
	exit 1
fi
field "$ANSWER" .link
