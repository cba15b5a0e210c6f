#!/bin/sh
# Social login end to end: kabinetd with two real OpenID providers (a throwaway
# glewlwyd standing for VK ID and Yandex ID, tests/social/glewlwyd.sh) and a real
# browser (headless chromium, tests/social/browser.py) approving on kabinetd's /device
# page, as docs/api.md describes the device flow. Each test starts a flow with the API
# (curl), lets the browser do what a person does, and checks the page the person ends
# on and what the poll answers: a login through a linked VK ID, a denied approval, an
# identity linked to no profile, linking through startSocialLink, a two-step profile
# (the code to the phone after the approval), and kabinet's own login screen (C-o) in
# tmux with the browser typing the code read off its screen. The tests share one
# kabinetd and one provider (eight flows in all: kabinetd allows ten starts from an
# address in ten minutes); each leaves the links as the next expects them.
#
# Skipped, with a message, where glewlwyd or chromium is not installed (make deps
# installs both). Output is cmocka's (tests/cmocka.sh).

. "$(dirname "$0")/../screen/lib.sh"

SOCIAL=$SCREEN_ROOT/tests/social
. "$SOCIAL/flow.sh"
for tool in glewlwyd rnbyc chromium jq; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test_social_e2e.sh: skipped: $tool is not installed (make deps installs it)"
		exit 0
	fi
done

GLW=$TMP/glewlwyd
social_cleanup() {
	"$SOCIAL/glewlwyd.sh" down "$GLW"
	cleanup
}
trap social_cleanup EXIT

# The provider, then kabinetd with its providers file, then the client registered with
# kabinetd's callback: <public-url>/device/callback, the public URL (kabinetd's own
# address unless --public-url says otherwise; the API may be behind a proxy, as in
# make check-contract) as a flow's verificationUri shows it. Sets SERVER_URL,
# SERVER_DIR and PUBLIC_URL.
setup() {
	"$SOCIAL/glewlwyd.sh" up "$GLW" || return 1
	. "$GLW/glewlwyd.env"
	start_server server --providers "$GLW/providers.json" || return 1
	start_flow "$SERVER_URL" "$TMP/jar-setup" startDeviceLogin '{"provider":"vk"}' || return 1
	PUBLIC_URL=$(field "$FLOW" .verificationUri)
	PUBLIC_URL=${PUBLIC_URL%/device}
	"$SOCIAL/glewlwyd.sh" client "$GLW" "$PUBLIC_URL/device/callback"
}

# expect ACTUAL WANTED WHAT: fails, saying WHAT, when they differ.
expect() {
	[ "$1" = "$2" ] && return 0
	echo "    $3: got '$1', wanted '$2'" >&2
	return 1
}

# page_says TEXT: the final page has TEXT.
page_says() {
	printf '%s\n' "$PAGE" | grep -qF -- "$1" && return 0
	echo "    the page does not say '$1'; it says:" >&2
	printf '%s\n' "$PAGE" | sed 's/^/    | /' >&2
	return 1
}

# demo_session JAR: demo logged in with the password into JAR.
demo_session() {
	rm -f "$1"
	api "$SERVER_URL" "$1" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" |
		grep -q '"status":"OK"' || { echo "    demo could not log in" >&2; return 1; }
}

# link_demo PROVIDER: demo's profile linked to the test user at PROVIDER (through the
# browser), unless it is already.
link_demo() {
	jar=$TMP/jar-link
	demo_session "$jar" || return 1
	[ "$(field "$(api "$SERVER_URL" "$jar" getSocialLinks)" \
		".links[] | select(.provider == \"$1\") | .linked")" = true ] && return 0
	"$SOCIAL/link.sh" "$SERVER_URL" "$GLW" "$1" >/dev/null
}

# How many notices the outbox has that name VK ID.
vk_notices() {
	cat "$SERVER_DIR/outbox.jsonl" 2>/dev/null | grep -c "VK ID"
}

test_link_through_the_browser() {
	jar=$TMP/jar-link
	demo_session "$jar" || return 1
	api "$SERVER_URL" "$jar" unlinkSocial '{"provider":"vk"}' >/dev/null
	notices=$(vk_notices)
	start_flow "$SERVER_URL" "$jar" startSocialLink '{"provider":"vk"}' || return 1
	browse "$GLW" "$(field "$FLOW" .verificationUriComplete)" || return 1
	page_says "VK ID" || return 1
	poll_flow "$SERVER_URL" "$jar" pollSocialLink || return 1
	expect "$(field "$ANSWER" .status)" OK "pollSocialLink's status" || return 1
	expect "$(field "$ANSWER" '.link.linked')" true "the link" || return 1
	expect "$(field "$ANSWER" '.link.displayName')" "$GLW_NAME" "the linked name" || return 1
	links=$(api "$SERVER_URL" "$jar" getSocialLinks)
	expect "$(field "$links" '[.links[] | select(.linked) | .provider] | join(",")')" vk \
		"the linked providers" || return 1
	[ "$(vk_notices)" -gt "$notices" ] ||
		{ echo "    no notice of the link in the outbox" >&2; return 1; }
}

test_login_through_a_linked_vk_id() {
	link_demo vk || return 1
	jar=$TMP/jar-login
	rm -f "$jar"
	start_flow "$SERVER_URL" "$jar" startDeviceLogin '{"provider":"vk","deviceName":"e2e-host"}' || return 1
	browse "$GLW" "$(field "$FLOW" .verificationUriComplete)" || return 1
	# The device that asked, and the profile it is now logged in to.
	page_says "e2e-host" || return 1
	page_says "Иванов П. С." || return 1
	poll_flow "$SERVER_URL" "$jar" pollDeviceLogin || return 1
	expect "$(field "$ANSWER" .status)" OK "pollDeviceLogin's status" || return 1
	# The session is demo's.
	expect "$(field "$(api "$SERVER_URL" "$jar" getProfile)" .login)" demo \
		"the profile of the session" || return 1
	# The device code is spent.
	again=$(api "$SERVER_URL" "$jar" pollDeviceLogin "{\"deviceCode\":\"$DEVICE_CODE\"}")
	expect "$(field "$again" .errorCode)" VALIDATION "a spent code polled again"
}

test_denied_approval() {
	jar=$TMP/jar-deny
	rm -f "$jar"
	start_flow "$SERVER_URL" "$jar" startDeviceLogin '{"provider":"vk"}' || return 1
	browse "$GLW" --deny "$(field "$FLOW" .verificationUriComplete)" || return 1
	page_says "denied" || return 1
	poll_flow "$SERVER_URL" "$jar" pollDeviceLogin || return 1
	expect "$(field "$ANSWER" .status)" ACCESS_DENIED "pollDeviceLogin's status" || return 1
	expect "$(field "$ANSWER" .reason)" DENIED "the reason"
}

# Yandex ID (the other provider, signing with RSA) knows the test user, whom no
# profile has linked there.
test_not_linked_identity() {
	jar=$TMP/jar-unlinked
	rm -f "$jar"
	start_flow "$SERVER_URL" "$jar" startDeviceLogin '{"provider":"yandex"}' || return 1
	browse "$GLW" "$(field "$FLOW" .verificationUriComplete)" || return 1
	page_says "not linked" || return 1
	poll_flow "$SERVER_URL" "$jar" pollDeviceLogin || return 1
	expect "$(field "$ANSWER" .status)" ACCESS_DENIED "pollDeviceLogin's status" || return 1
	expect "$(field "$ANSWER" .reason)" NOT_LINKED "the reason"
}

# demo2fa's two-step login holds through a link too: the approved poll asks for the
# code sent to the phone, as a password login does, and no session is made before it.
test_two_step_profile_through_yandex() {
	jar=$TMP/jar-2fa
	rm -f "$jar"
	login=$(api "$SERVER_URL" "$jar" login "{\"login\":\"demo2fa\",\"passwd\":\"$DEMO_PASSWORD\"}")
	confirm_otp "$jar" "$login" || return 1
	start_flow "$SERVER_URL" "$jar" startSocialLink '{"provider":"yandex"}' || return 1
	browse "$GLW" "$(field "$FLOW" .verificationUriComplete)" || return 1
	poll_flow "$SERVER_URL" "$jar" pollSocialLink || return 1
	expect "$(field "$ANSWER" .status)" OK "pollSocialLink's status" || return 1
	jar=$TMP/jar-2fa-device
	rm -f "$jar"
	start_flow "$SERVER_URL" "$jar" startDeviceLogin '{"provider":"yandex"}' || return 1
	browse "$GLW" "$(field "$FLOW" .verificationUriComplete)" || return 1
	poll_flow "$SERVER_URL" "$jar" pollDeviceLogin || return 1
	expect "$(field "$ANSWER" .status)" OTP_REQUIRED "pollDeviceLogin's status" || return 1
	expect "$(field "$(api "$SERVER_URL" "$jar" getProfile)" .errorCode)" UNAUTHORIZED \
		"a session before the code" || return 1
	confirm_otp "$jar" "$ANSWER" || return 1
	expect "$(field "$(api "$SERVER_URL" "$jar" getProfile)" .login)" demo2fa \
		"the profile of the session" || return 1
	# Yandex ID linked to no profile again, as the other tests take it.
	expect "$(field "$(api "$SERVER_URL" "$jar" unlinkSocial '{"provider":"yandex"}')" .status)" OK \
		"unlinkSocial's status"
}

# confirm_otp JAR ANSWER: confirmOtp for the OTP_REQUIRED ANSWER with the code the
# outbox has for demo2fa's phone.
confirm_otp() {
	otp=$(field "$2" '.otpId // empty')
	code=$(outbox_code "$SERVER_DIR" +79227654311)
	[ -n "$otp" ] && [ -n "$code" ] || { echo "    no code asked or sent: $2" >&2; return 1; }
	expect "$(field "$(api "$SERVER_URL" "$1" confirmOtp "{\"otpId\":\"$otp\",\"code\":\"$code\"}")" \
		.status)" OK "confirmOtp's status"
}

# kabinet's own way in: C-o on the login form, VK ID from the server's list; the
# person reads the address and the code off the screen and types the code on the page.
test_kabinet_logs_in_through_vk_id() {
	link_demo vk || return 1
	start_client 120x40 -- --server "$SERVER_URL" || return 1
	wait_for "Password" 10 || return 1
	keys C-o
	wait_for "VK ID" 10 || return 1
	wait_for "Yandex ID" 5 || return 1
	keys Enter
	wait_for "Time left" 10 || return 1
	screen=$(capture)
	code=$(printf '%s\n' "$screen" | grep -oE '([B-Z] ){4}- ([B-Z] ){3}[B-Z]' | tr -d ' ')
	url=$(printf '%s\n' "$screen" | grep -oF "$PUBLIC_URL/device" | head -n 1)
	[ -n "$code" ] && [ -n "$url" ] ||
		{ echo "    no code or address on the screen" >&2; show_screen; return 1; }
	browse "$GLW" --code "$code" "$url" || return 1
	page_says "Иванов П. С." || return 1
	wait_for "Updated at" 30
}

# On a failure: the end of kabinetd's log.
show_log() {
	tail -n 15 "$SERVER_DIR/log" | sed 's/^/    kabinetd: /' >&2
}

setup || { echo "test_social_e2e.sh: the provider or kabinetd did not start" >&2; exit 1; }
make_catalog
tmx -f /dev/null new-session -d -s keeper -x 80 -y 24 "sleep 100000"
tmx set-option -g remain-on-exit on >/dev/null
run_test_functions stop_client show_log sanitizer_reports
