#!/bin/sh
# `kabinet accounts` for scripts: every account with its services, status and tariff
# as the API gives them (text in words, --json in the API's ids and types), tariff
# names asked in batches of at most 100, the server's text made safe, and the same
# credentials and exit statuses as `balance`.
. "$(dirname "$0")/lib.sh"

# accounts [VAR=value...] -- ARGS...: see subcommand in lib.sh.
accounts() {
	subcommand "$@"
}

expect() {	# WHAT: says what failed, with the run's output; returns 1
	echo "    $1: status $STATUS; out: $OUT; err: $ERR" >&2
	return 1
}

# What the API says, through curl: getAccounts in $TMP/api-accounts.json and every
# service's tariff name in $TMP/api-tariffs.json.
api_truth() {
	jar=$TMP/jar-truth
	rm -f "$jar"
	api "$SERVER_URL" "$jar" login "{\"login\":\"demo\",\"passwd\":\"$DEMO_PASSWORD\"}" >/dev/null
	api "$SERVER_URL" "$jar" getAccounts >"$TMP/api-accounts.json"
	ids=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(json.dumps({"servicesId": [s["serviceId"] for a in d["accounts"] for s in a["services"]]}))' \
		"$TMP/api-accounts.json")
	api "$SERVER_URL" "$jar" getServiceTariffName "$ids" >"$TMP/api-tariffs.json"
}

# The text output against the API: one block per account (number, region, payment
# system, relation in words), one indented line per service (type, displayNumber,
# status in words, tariff). LANGUAGE=en|ru picks the words.
check_blocks() {	# en|ru FILE
	python3 - "$1" "$2" "$TMP/api-accounts.json" "$TMP/api-tariffs.json" <<'PY'
import json, sys
lang, out, acc, tar = sys.argv[1:]
words = {
    "en": {"ADVANCE": "advance", "CREDIT": "credit", "OWN": "your own account",
           "RELATIVE": "a relative's account", 1: "Internet", 2: "Home phone", 8: "IPTV",
           16: "Mobile", "ACTIVE": "active", "BLOCKED": "blocked for debt"},
    "ru": {"ADVANCE": "аванс", "CREDIT": "кредит", "OWN": "ваш счёт",
           "RELATIVE": "счёт родственника", 1: "Интернет", 2: "Домашний телефон",
           8: "IPTV", 16: "Мобильная связь", "ACTIVE": "активна",
           "BLOCKED": "заблокирована за долг"},
}[lang]
lines = open(out, encoding="utf-8").read().split("\n")
accounts = json.load(open(acc))["accounts"]
tariffs = json.load(open(tar))["tariffNames"]
blocks = "\n".join(lines).strip("\n").split("\n\n")
assert len(blocks) == len(accounts), (len(blocks), len(accounts))
for a, block in zip(accounts, blocks):
    head, *svcs = block.split("\n")
    cols = head.split("  ")
    assert head.startswith(a["number"] + "  "), (head, a["number"])
    for want in (a["region"], words[a["paymentSystem"]], words[a["relation"]]):
        assert want in head, (head, want)
    assert len(svcs) == len(a["services"]), (block, a["services"])
    for s, line in zip(a["services"], svcs):
        assert line.startswith("    "), line
        for want in (words[s["type"]], s["displayNumber"], words[s["status"]],
                     tariffs[s["serviceId"]]):
            assert want in line, (line, want)
# The columns line up: every service's displayNumber starts in the same column.
# (Characters are cells here: no wide ones in the demo data.)
starts = {l.index(s["displayNumber"], 4 + len(words[s["type"]]))
          for a, b in zip(accounts, blocks) for s, l in zip(a["services"], b.split("\n")[1:])}
assert len(starts) == 1, starts
PY
}

test_blocks_show_the_apis_accounts_and_services() {
	api_truth || return 1
	accounts -- accounts
	[ "$STATUS" = 0 ] && [ -z "$ERR" ] || expect "status" || return 1
	check_blocks en "$TMP/out" || expect "blocks" || return 1
	# docs/demo-data.md: the relative's account in debt, its internet blocked.
	echo "$OUT" | grep -q "^740000000003  Челябинская область  *advance  a relative's account$" ||
		expect "the relative's account" || return 1
	echo "$OUT" | grep -q "^    Internet  *chel_ivanova  *blocked for debt  *Домашний 100$" ||
		expect "the blocked internet"
}

test_blocks_in_russian() {
	api_truth || return 1
	accounts LANG=ru_RU.UTF-8 -- accounts
	[ "$STATUS" = 0 ] || expect "status" || return 1
	check_blocks ru "$TMP/out" || expect "ru blocks" || return 1
	echo "$OUT" | grep -q "^    Интернет  *chel_ivanova  *заблокирована за долг  *Домашний 100$" ||
		expect "ru blocked internet"
}

# Outside a UTF-8 locale: ASCII only, Russian in Latin letters.
test_blocks_in_a_locale_that_is_not_utf8_are_ascii() {
	accounts LANG=C -- accounts
	[ "$STATUS" = 0 ] || expect "status" || return 1
	LC_ALL=C grep -q '[^ -~]' "$TMP/out" && { cat -v "$TMP/out" >&2; return 1; }
	grep -q "^590000000001  Permskii krai" "$TMP/out" || expect "transliterated"
}

test_json_has_the_apis_ids_and_types() {
	api_truth || return 1
	accounts -- accounts --json
	[ "$STATUS" = 0 ] || expect "status" || return 1
	echo "$OUT" | python3 -c 'import json, sys
out = json.load(sys.stdin)["accounts"]
api = json.load(open(sys.argv[1]))["accounts"]
tariffs = json.load(open(sys.argv[2]))["tariffNames"]
assert len(out) == len(api) == 3, out
for o, a in zip(out, api):
    assert list(o) == ["accountId", "number", "region", "address", "paymentSystem",
                       "relation", "services"], list(o)
    for k in ("accountId", "number", "region", "address", "paymentSystem", "relation"):
        assert o[k] == a[k], (k, o[k], a[k])
    assert len(o["services"]) == len(a["services"])
    for os, s in zip(o["services"], a["services"]):
        assert list(os) == ["serviceId", "type", "number", "displayNumber", "status",
                            "tariff"], list(os)
        for k in ("serviceId", "type", "number", "displayNumber", "status"):
            assert os[k] == s[k], (k, os[k], s[k])
        assert type(os["type"]) is int
        assert os["tariff"] == tariffs[s["serviceId"]], os' \
		"$TMP/api-accounts.json" "$TMP/api-tariffs.json" || expect "json against the API"
}

# --demo, here after the subcommand as people type it.
test_demo_accounts() {
	env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
		KABINET_LOCALEDIR="$TMP/locale" "$KABINET" accounts --json --demo \
		>"$TMP/out" 2>"$TMP/err" </dev/null
	STATUS=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q '"displayNumber":"chel_ivanova","status":"BLOCKED"' ||
		expect "--demo accounts"
}

test_help_and_bad_arguments() {
	accounts -- accounts --help
	[ "$STATUS" = 0 ] && echo "$OUT" | grep -q "^usage: kabinet \[options\] accounts \[--json\]" ||
		expect "--help" || return 1
	accounts -- accounts --frobnicate
	[ "$STATUS" = 2 ] && echo "$ERR" | grep -q "accounts: unexpected argument --frobnicate" ||
		expect "--frobnicate" || return 1
	accounts -- accounts extra
	[ "$STATUS" = 2 ] || expect "an extra argument"
}

# The same failure, the same status as balance: a wrong password 4, no server 1, no
# login 2, a bad argument 2.
test_exit_statuses_are_balances() {
	for cmd in balance accounts; do
		env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
			KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server "$SERVER_URL" --login demo \
			--no-keyring --password-command "echo Wrong-2026" $cmd >"$TMP/out" 2>"$TMP/err" </dev/null
		STATUS=$?
		ERR=$(cat "$TMP/err")
		[ "$STATUS" = 4 ] && echo "$ERR" | grep -q "Wrong login or password" || expect "$cmd wrong" ||
			return 1
		env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
			KABINET_LOCALEDIR="$TMP/locale" "$KABINET" --server http://127.0.0.1:1 --login demo \
			--no-keyring --password-command "echo x" $cmd >"$TMP/out" 2>"$TMP/err" </dev/null
		STATUS=$?
		ERR=$(cat "$TMP/err")
		[ "$STATUS" = 1 ] && echo "$ERR" | grep -q "Cannot connect to the server 127.0.0.1:1" ||
			expect "$cmd unreachable" || return 1
		env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=en_US.UTF-8 XDG_STATE_HOME="$TMP/state" \
			XDG_CONFIG_HOME="$TMP/cfg" KABINET_LOCALEDIR="$TMP/locale" "$KABINET" \
			--server "$SERVER_URL" --no-keyring $cmd >"$TMP/out" 2>"$TMP/err" </dev/null
		STATUS=$?
		ERR=$(cat "$TMP/err")
		[ "$STATUS" = 2 ] && echo "$ERR" | grep -q "No login" || expect "$cmd no login" || return 1
	done
}

# Many services: every tariff name, asked at most 100 at a time (the API's limit).
test_tariff_names_in_batches() {
	start_fake many normal --accounts 7 --services 250 || return 1
	accounts -- accounts --json
	[ "$STATUS" = 0 ] || expect "status" || return 1
	echo "$OUT" | python3 -c 'import json, sys
d = json.load(sys.stdin)
svcs = [s for a in d["accounts"] for s in a["services"]]
assert len(d["accounts"]) == 7 and len(svcs) == 250, (len(d["accounts"]), len(svcs))
assert all(s["tariff"] for s in svcs), [s for s in svcs if not s["tariff"]][:3]' ||
		expect "250 tariffs" || return 1
	python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
assert s["by_method"]["getServiceTariffName"] == 3, s
assert s["max_tariff_batch"] == 100, s' "$SERVER_DIR/stats.json"
}

test_hostile_strings_are_safe() {
	start_fake hostile hostile || return 1
	for format in "" --json; do
		accounts -- accounts $format
		[ "$STATUS" = 0 ] || expect "accounts $format" || return 1
		safe_output "$TMP/out" || return 1
		[ -z "$format" ] || cp "$TMP/out" "$TMP/hostile.json"
	done
	# The JSON is JSON and keeps the text: the controls are escaped, not lost.
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert any("\u202e" in (a["region"] or "") for a in d["accounts"]), d
assert any("\x1b" in (s["tariff"] or "") for a in d["accounts"] for s in a["services"]), d' \
		"$TMP/hostile.json" || return 1
	# The server's own words in a failure are made safe on stderr too.
	start_fake hostile_fail hostile --fail-method getServiceTariffName || return 1
	accounts -- accounts
	[ "$STATUS" = 1 ] && echo "$ERR" | grep -q "^kabinet: The tariff names: " ||
		expect "a failed getServiceTariffName" || return 1
	safe_output "$TMP/err"
}

start_server main || exit 1
run_tests
