# The device flow of docs/api.md ("Social login") from a shell, for the social-login
# tests and `make run-social`: the API calls with curl, the polling at the interval
# the server asks for, and the browser (browser.py) approving as the provider's test
# user (tests/social/glewlwyd.sh). Sourced by a script that has set SOCIAL to this
# directory; needs curl, jq, python3 and chromium.
# shellcheck shell=sh

# flow_call URL JAR METHOD [JSON]: one API call with the session (and its CSRF-TOKEN)
# in the cookie jar JAR.
flow_call() {
	curl -s -b "$2" -c "$2" -H 'Content-Type: application/json' \
		-H "CSRF-TOKEN: $(awk '$6=="CSRF-TOKEN"{print $7}' "$2" 2>/dev/null)" \
		-d "${4:-{\}}" "$1/client-api/$3"
}

# field JSON FILTER: one value of an answer (jq -r).
field() {
	printf '%s' "$1" | jq -r "$2"
}

# start_flow URL JAR METHOD JSON: startDeviceLogin or startSocialLink; sets FLOW (the
# answer), DEVICE_CODE, USER_CODE, INTERVAL and POLLED (when the interval began, ns).
start_flow() {
	FLOW=$(flow_call "$1" "$2" "$3" "$4")
	DEVICE_CODE=$(field "$FLOW" '.deviceCode // empty')
	USER_CODE=$(field "$FLOW" '.userCode // empty')
	INTERVAL=$(field "$FLOW" '.interval // empty')
	POLLED=$(date +%s%N)
	[ -n "$DEVICE_CODE" ] && [ -n "$USER_CODE" ] && [ -n "$INTERVAL" ] && return 0
	echo "    $3 answered: $FLOW" >&2
	return 1
}

# poll_flow URL JAR METHOD [JSON fields]: polls the flow no sooner than its interval
# (which SLOW_DOWN makes longer) until the answer is no longer pending; sets ANSWER.
poll_flow() {
	polls=0
	while [ $polls -lt 20 ]; do
		wait_ns=$((POLLED + INTERVAL * 1000000000 - $(date +%s%N)))
		[ $wait_ns -le 0 ] || sleep "$((wait_ns / 1000000000 + 1))"
		ANSWER=$(flow_call "$1" "$2" "$3" "{\"deviceCode\":\"$DEVICE_CODE\"${4:+,$4}}")
		POLLED=$(date +%s%N)
		case $(field "$ANSWER" .status) in
		AUTHORIZATION_PENDING) ;;
		SLOW_DOWN) INTERVAL=$(field "$ANSWER" .interval) ;;
		*) return 0 ;;
		esac
		polls=$((polls + 1))
	done
	echo "    $3 still pending: $ANSWER" >&2
	return 1
}

# browse GLW_DIR [browser.py options] URL: the browser goes through the pages as the
# test user of the provider set up in GLW_DIR; sets PAGE (the text it ended on).
browse() {
	glw_dir=$1
	shift
	# shellcheck disable=SC2034 # PAGE is for the sourcing script
	PAGE=$(python3 "$SOCIAL/browser.py" --credentials "$glw_dir/user" "$@") && return 0
	echo "    the browser did not get through" >&2
	return 1
}
