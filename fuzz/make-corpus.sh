#!/bin/sh
# Captures the seed corpus of the fuzz targets (fuzz/readers.c): real replies of a
# private demo kabinetd, one file a reply in fuzz/corpus/READER/, then writes the
# hostile variants (fuzz/hostile.py) and the dictionary (fuzz/json.dict).
# Usage: fuzz/make-corpus.sh [BUILD_DIR]   (BUILD_DIR/kabinetd; `make` builds it)
# The files are committed: run it again when the API's replies change.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
KABINETD=${KABINETD:-$build/kabinetd}
[ -x "$KABINETD" ] || { echo "make-corpus: no $KABINETD (run make)" >&2; exit 1; }
PASSWORD=Kabinet-2026
out=fuzz/corpus

tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$KABINETD" --listen 127.0.0.1:0 --db "$tmp/kabinet.db" --seed demo \
	--outbox "$tmp/outbox.jsonl" >"$tmp/stdout" 2>"$tmp/log" &
pid=$!
url=
i=0
while [ -z "$url" ] && [ $i -lt 100 ]; do
	url=$(sed -n 's/^kabinetd listening on \(http:[^ ]*\).*/\1/p' "$tmp/stdout")
	sleep 0.1
	i=$((i + 1))
done
[ -n "$url" ] || { cat "$tmp/log" >&2; exit 1; }

# api JAR METHOD [BODY]: as tests/screen/lib.sh's api (the session in a cookie jar).
api() {
	curl -s -b "$tmp/$1" -c "$tmp/$1" -H 'Content-Type: application/json' \
		-H "CSRF-TOKEN: $(awk '$6=="CSRF-TOKEN"{print $7}' "$tmp/$1" 2>/dev/null)" \
		-d "${3:-{\}}" "$url/client-api/$2"
}
# save READER NAME METHOD [BODY]: a reply of demo's session into the corpus; prints it.
save() {
	mkdir -p "$out/$1"
	api jar "$3" "${4:-{\}}" >"$out/$1/$2.json"
	cat "$out/$1/$2.json"
}
# get PATH < JSON: a member of the reply (a.0.b), as text.
get() {
	python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1"
}
# otp: the last code the outbox holds.
otp() {
	tail -n 1 "$tmp/outbox.jsonl" | python3 -c 'import json, re, sys
m = json.load(sys.stdin)
print(m.get("code") or re.search(r"\b\d{4,6}\b", json.dumps(m, ensure_ascii=False)).group(0))'
}

rm -rf "$out"
mkdir -p "$out"

save login login login "{\"login\":\"demo\",\"passwd\":\"$PASSWORD\",\"remember\":true}" >/dev/null
api jar2 login "{\"login\":\"demo2fa\",\"passwd\":\"$PASSWORD\"}" >"$out/login/otp.json"
save error wrong-password login '{"login":"demo","passwd":"wrong-Password1"}' >/dev/null
save error validation getAccountBalanceV2 '{}' >/dev/null
save error unknown-method noSuchMethod >/dev/null
save error not-found getAccountInfo '{"accountId":"nope"}' >/dev/null
save login relogin login "{\"login\":\"demo\",\"passwd\":\"$PASSWORD\"}" >/dev/null
mkdir -p "$out/resend_after"
# resendOtp answers RATE_LIMITED this soon (the client then keeps its default); the
# login's own resendAfter is the other shape.
api jar2 resendOtp "{\"otpId\":\"$(get otpId <"$out/login/otp.json")\"}" >"$out/resend_after/limited.json"
cp "$out/login/otp.json" "$out/resend_after/otp.json"

accounts=$(save accounts accounts getAccounts)
a1=$(echo "$accounts" | get accounts.0.accountId)
a2=$(echo "$accounts" | get accounts.1.accountId)
a3=$(echo "$accounts" | get accounts.2.accountId)
s1=$(echo "$accounts" | get accounts.0.services.0.serviceId)
s1b=$(echo "$accounts" | get accounts.0.services.1.serviceId)
s2=$(echo "$accounts" | get accounts.1.services.0.serviceId)
sids=$(echo "$accounts" | python3 -c 'import json, sys
print(json.dumps([s["serviceId"] for a in json.load(sys.stdin)["accounts"] for s in a["services"]]))')
mkdir -p "$out/tariff_names"
{ printf '%s' "$accounts"; printf '\0'; api jar getServiceTariffName "{\"servicesId\":$sids}"; } \
	>"$out/tariff_names/demo.bin"
n=1
for a in $a1 $a2 $a3; do
	save balance "balance$n" getAccountBalanceV2 "{\"accountId\":\"$a\"}" >/dev/null
	save account_info "info$n" getAccountInfo "{\"accountId\":\"$a\"}" >/dev/null
	save invoices "invoices$n" getInvoices "{\"accountId\":\"$a\"}" >/dev/null
	save promise_offer "offer$n" getPromisedPaymentOffer "{\"accountId\":\"$a\"}" >/dev/null
	n=$((n + 1))
done
inv=$(get invoices.0.invoiceId <"$out/invoices/invoices1.json")
save invoice invoice getInvoice "{\"invoiceId\":\"$inv\"}" >/dev/null
save invoice_email set setInvoiceDelivery "{\"accountId\":\"$a1\",\"email\":\"demo@kabinet.example\"}" >/dev/null
save invoice_email unset setInvoiceDelivery "{\"accountId\":\"$a1\",\"email\":null}" >/dev/null

save declined_autopay rules getAutopayRules >/dev/null
mkdir -p "$out/autopay_rules"
cp "$out/declined_autopay/rules.json" "$out/autopay_rules/rules.json"
card=$(save cards cards getBoundCards | get cards.0.cardId)
save autopay_rule threshold createAutopayRule "{\"accountId\":\"$a2\",\"cardId\":\"$card\",\"kind\":\"THRESHOLD\",\"threshold\":10000,\"amount\":50000}" >/dev/null
save autopay_rule monthly createAutopayRule "{\"accountId\":\"$a3\",\"cardId\":\"$card\",\"kind\":\"MONTHLY\",\"amount\":100000,\"day\":5}" >/dev/null

save bonus_status fpl getFplStatus >/dev/null
mkdir -p "$out/bonus"
cp "$out/bonus_status/fpl.json" "$out/bonus/fpl.json"
save bonus_spent spent spendBonuses "{\"accountId\":\"$a1\",\"points\":1,\"idempotencyKey\":\"fuzz-corpus-bonus-1\"}" >/dev/null

save profile profile getProfile >/dev/null
save devices devices getDevices >/dev/null
mkdir -p "$out/current_device"
cp "$out/devices/devices.json" "$out/current_device/devices.json"
save otp_sent change-contact changeContact "{\"email\":\"new@kabinet.example\",\"currentPassword\":\"$PASSWORD\"}" >/dev/null

save service_info internet getServiceInfo "{\"serviceId\":\"$s1\"}" >/dev/null
save service_info iptv getServiceInfo "{\"serviceId\":\"$s1b\"}" >/dev/null
save service_info mobile getServiceInfo "{\"serviceId\":\"$s2\"}" >/dev/null
save tariffs internet getAvailableTariffs "{\"serviceId\":\"$s1\"}" >/dev/null
save tariffs mobile getAvailableTariffs "{\"serviceId\":\"$s2\"}" >/dev/null
today=$(date +%Y-%m-%d)
from=$(date -d '-40 days' +%Y-%m-%d)
save usage page1 getUsage "{\"serviceId\":\"$s1\",\"from\":\"$from\",\"to\":\"$today\",\"limit\":5}" >/dev/null
save usage mobile getUsage "{\"serviceId\":\"$s2\",\"from\":\"$from\",\"to\":\"$today\"}" >/dev/null
other=$(python3 -c 'import json, sys
print([t["tariffId"] for t in json.load(sys.stdin)["tariffs"] if not t.get("current")][0])' <"$out/tariffs/internet.json")
save effective_from change changeTariff "{\"serviceId\":\"$s1\",\"tariffId\":\"$other\"}" >/dev/null
until=$(date -d '+10 days' +%Y-%m-%d)
save service_status block setVoluntaryBlock "{\"serviceId\":\"$s2\",\"until\":\"$until\"}" >/dev/null
save service_info blocked getServiceInfo "{\"serviceId\":\"$s2\"}" >/dev/null
save service_status unblock removeVoluntaryBlock "{\"serviceId\":\"$s2\"}" >/dev/null
save payment_system credit switchPaymentSystem "{\"accountId\":\"$a2\",\"system\":\"CREDIT\"}" >/dev/null
save payment_system advance switchPaymentSystem "{\"accountId\":\"$a2\",\"system\":\"ADVANCE\"}" >/dev/null

newcard() {
	echo "{\"pan\":\"$1\",\"expMonth\":12,\"expYear\":2030,\"cvc\":\"123\"}"
}
save payment bound createPayment "{\"items\":[{\"accountId\":\"$a1\",\"amount\":10000},{\"accountId\":\"$a2\",\"amount\":20000}],\"source\":{\"cardId\":\"$card\"},\"receipt\":{\"email\":\"demo@kabinet.example\"},\"idempotencyKey\":\"fuzz-corpus-pay-1\"}" >/dev/null
save payment 3ds createPayment "{\"items\":[{\"accountId\":\"$a1\",\"amount\":10000}],\"source\":{\"card\":$(newcard 4000000000000002)},\"idempotencyKey\":\"fuzz-corpus-pay-2\"}" >/dev/null
save payment declined createPayment "{\"items\":[{\"accountId\":\"$a1\",\"amount\":10000}],\"source\":{\"card\":$(newcard 5555555555554444)},\"idempotencyKey\":\"fuzz-corpus-pay-3\"}" >/dev/null
save payment bind bindCard "{\"card\":$(newcard 4111111111111111),\"idempotencyKey\":\"fuzz-corpus-bind-1\"}" >/dev/null
pay=$(get paymentId <"$out/payment/bound.json")
save payment get getPayment "{\"paymentId\":\"$pay\"}" >/dev/null
save key_check used-payment checkIdempotencyKey '{"idempotencyKey":"fuzz-corpus-pay-1"}' >/dev/null
save key_check void checkIdempotencyKey '{"idempotencyKey":"fuzz-corpus-never-used"}' >/dev/null

save history page1 getPaymentHistory '{"limit":20}' >/dev/null
save history account getPaymentHistory "{\"accountId\":\"$a1\",\"limit\":5}" >/dev/null
save transfer transfer transferFunds "{\"fromAccountId\":\"$a1\",\"items\":[{\"accountId\":\"$a3\",\"amount\":10000}],\"idempotencyKey\":\"fuzz-corpus-transfer-1\"}" >/dev/null
save promise promise activatePromisedPayment "{\"accountId\":\"$a3\",\"amount\":50000,\"idempotencyKey\":\"fuzz-corpus-promise-1\"}" >/dev/null
save balance promised getAccountBalanceV2 "{\"accountId\":\"$a3\"}" >/dev/null

save request created createRequest "{\"topic\":\"Интернет\",\"accountId\":\"$a1\",\"text\":\"Не работает\\nс утра\"}" >/dev/null
save requests page1 getRequests '{"limit":5}' >/dev/null
req=$(get requests.0.requestId <"$out/requests/page1.json")
save request get getRequest "{\"requestId\":\"$req\"}" >/dev/null
save access_log page1 getAccessLog '{"limit":5}' >/dev/null
save notify settings getNotificationSettings >/dev/null
save charges year getCharges >/dev/null
save charges account getCharges "{\"accountId\":\"$a1\",\"months\":3}" >/dev/null

save attach number attachAccount '{"region":"Пермский край","number":"590000000010"}' >/dev/null
aid=$(get attachId <"$out/attach/number.json")
asid=$(get services.0.serviceId <"$out/attach/number.json")
mkdir -p "$out/attached"
save attached confirm attachAccountConfirm "{\"attachId\":\"$aid\",\"serviceId\":\"$asid\",\"servicePassword\":\"Service-2026\"}" >/dev/null

mkdir -p "$out/registered"
api jar3 register "{\"lastName\":\"Соколов\",\"name\":\"Андрей\",\"middleName\":\"Ильич\",\"contact\":\"+79225550011\",\"region\":\"Пермский край\",\"password\":\"$PASSWORD\"}" >"$out/otp_sent/register.json"
api jar3 confirmRegistration "{\"otpId\":\"$(get otpId <"$out/otp_sent/register.json")\",\"code\":\"$(otp)\"}" >"$out/registered/registered.json"

# A reply the server refused is no seed of its reader: it would mean the script asked
# wrongly. Errors have their own corpus.
bad=0
for f in "$out"/*/*; do
	case $f in "$out"/error/* | "$out"/resend_after/limited.json) continue ;; esac
	if grep -q '"isError": *true' "$f"; then
		echo "make-corpus: $f is an error: $(cat "$f")" >&2
		bad=1
	fi
done
[ $bad -eq 0 ]

python3 fuzz/hostile.py "$out"
python3 fuzz/sums-seeds.py "$out"
echo "make-corpus: $(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KiB in $out"
