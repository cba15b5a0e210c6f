#!/bin/sh
# A throwaway OpenID provider for the social-login tests and `make run-social`: one
# glewlwyd (Debian's package) on 127.0.0.1 and a free port, its SQLite database and a
# copy of its login web app in a directory of its own, with two OpenID Connect plugins
# standing for VK ID (/api/vk, an ES256 key) and Yandex ID (/api/yandex, an RS256 key),
# a test user, and the client `kabinetd`. No systemd, no privilege: as root glewlwyd
# runs as nobody.
#
#   glewlwyd.sh up DIR              starts and provisions it; writes into DIR:
#       providers.json   kabinetd's --providers file (ids vk and yandex)
#       kabinetd.secret  the client secret (mode 0600), named by providers.json
#       user             the test user's login and password, a line each (mode 0600)
#       glewlwyd.env     GLW_URL, GLW_PID, GLW_HOME (the instance), GLW_LOGIN, GLW_NAME
#   glewlwyd.sh client DIR REDIRECT_URI
#                                   registers the client `kabinetd` (anew, if it was)
#                                   with that redirect URI (kabinetd's
#                                   <public-url>/device/callback, known once kabinetd
#                                   listens; kabinetd reads the discovery lazily)
#   glewlwyd.sh down DIR            stops it (SIGKILL: the database is thrown away) and
#                                   removes the instance
#
# The admin's default password is replaced by a random one nobody keeps: the admin
# session of `up` (a cookie jar in the instance) is what `client` uses. Secrets go to
# curl on its standard input, never in argv. Needs glewlwyd, rnbyc, jq, sqlite3, curl,
# openssl, python3 (make deps).
set -eu

SCHEMA=/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3
LOGIN=ivanov
NAME="Иванов Пётр Сергеевич"
PASSWORD=Ivanov-2026

die() {
	echo "glewlwyd.sh: $*" >&2
	exit 1
}

# A port nobody listens on now (glewlwyd takes no port 0).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# write_config HOME PORT: the instance's configuration (libconfig). Note: a
# use_secure_connection key, even false, makes glewlwyd want certificates.
write_config() {
	cat >"$1/glewlwyd.conf" <<CONF
port=$2
bind_address="127.0.0.1"
external_url="http://127.0.0.1:$2"
login_url="login.html"
api_prefix="api"
allow_origin="*"
log_mode="console"
log_level="INFO"
cookie_secure=0
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm="SHA512"
database = { type = "sqlite3"; path = "$1/glewlwyd.db"; };
static_files_path = "$1/webapp/"
static_files_mime_types = (
  { extension = ".html"  mime_type = "text/html" },
  { extension = ".css"   mime_type = "text/css" },
  { extension = ".js"    mime_type = "application/javascript" },
  { extension = ".json"  mime_type = "application/json" },
  { extension = ".png"   mime_type = "image/png" },
  { extension = ".ico"   mime_type = "image/x-icon" },
  { extension = ".svg"   mime_type = "image/svg+xml" },
  { extension = ".ttf"   mime_type = "font/ttf" },
  { extension = ".woff"  mime_type = "font/woff" },
  { extension = ".woff2" mime_type = "font/woff2" },
  { extension = ".eot"   mime_type = "application/vnd.ms-fontobject" },
  { extension = ".map"   mime_type = "application/octet-stream" }
)
CONF
}

# copy_webapp HOME: the login page. Debian ships webapp/config.json as a link to a
# directory (/etc/glewlwyd/config-2.7.json/config.json is the file) and glewlwyd serves
# no symbolic link: a real copy.
copy_webapp() {
	mkdir "$1/webapp"
	for f in /usr/share/glewlwyd/webapp/*; do
		[ "${f##*/}" = config.json ] || cp -RL "$f" "$1/webapp/"
	done
	cp /etc/glewlwyd/config-2.7.json/config.json "$1/webapp/config.json"
}

# start HOME: glewlwyd on a free port (another one if that was taken meanwhile); sets
# PORT and PID.
start() {
	run=""
	if [ "$(id -u)" = 0 ]; then
		chown -R nobody:nogroup "$1"
		run="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	fi
	for try in 1 2 3; do
		PORT=$(free_port)
		write_config "$1" "$PORT"
		$run glewlwyd -c "$1/glewlwyd.conf" >"$1/glewlwyd.log" 2>&1 &
		PID=$!
		i=0
		while kill -0 "$PID" 2>/dev/null; do
			curl -sf -o /dev/null "http://127.0.0.1:$PORT/config" && return 0
			i=$((i + 1))
			[ $i -lt 200 ] || break
			sleep 0.05
		done
		kill -KILL "$PID" 2>/dev/null || :
		wait "$PID" 2>/dev/null || :
	done
	cat "$1/glewlwyd.log" >&2
	die "glewlwyd did not start (tried $try ports)"
}

# admin PATH [METHOD]: one admin API call with the body on standard input.
admin() {
	curl -sf -b "$GLW_HOME/admin.cookies" -X "${2:-POST}" -H 'Content-Type: application/json' \
		-d @- "$GLW_URL/api/$1" >/dev/null || die "admin API: ${2:-POST} /api/$1 failed"
}

# plugin NAME DISPLAY KEYGEN ALG: an OpenID Connect plugin at /api/NAME signing with a
# fresh key (rnbyc -g KEYGEN), the authorization code flow with PKCE S256 only, `name`
# in the ID token.
plugin() {
	rnbyc -j -g "$3" -k "$1-1" -a "$4" -n 0 -p /dev/null -o "$GLW_HOME/$1.jwks" >/dev/null ||
		die "rnbyc could not make a $3 key"
	jq -n --arg name "$1" --arg display "$2" --arg iss "$GLW_URL/api/$1" --arg kid "$1-1" \
		--rawfile jwks "$GLW_HOME/$1.jwks" '{module: "oidc", name: $name,
		display_name: $display, enabled: true, parameters: {
		iss: $iss, "jwks-private": $jwks, "default-kid": $kid, "jwks-show": true,
		"access-token-duration": 3600, "refresh-token-duration": 1209600,
		"code-duration": 600, "refresh-token-rolling": false, "allow-non-oidc": false,
		"auth-type-code-enabled": true, "auth-type-token-enabled": false,
		"auth-type-none-enabled": false, "auth-type-password-enabled": false,
		"auth-type-client-enabled": false, "auth-type-refresh-enabled": false,
		"auth-type-device-enabled": false, "auth-type-code-revoke-replayed": true,
		"pkce-allowed": true, "pkce-method-plain-allowed": false, "pkce-required": true,
		"subject-type": "public", scope: [], claims: [], "name-claim": "mandatory",
		"email-claim": "no", "scope-claim": "no", "request-parameter-allow": false,
		"session-management-allowed": false, "register-client-allowed": false,
		"introspection-revocation-allowed": false}}' | admin mod/plugin/
	curl -sf -o /dev/null "$GLW_URL/api/$1/.well-known/openid-configuration" ||
		die "no discovery at $GLW_URL/api/$1"
}

# provider ID ISSUER RU EN: one entry of kabinetd's providers file.
provider() {
	jq -n --arg id "$1" --arg iss "$2" --arg secret "$DIR/kabinetd.secret" --arg ru "$3" \
		--arg en "$4" '{id: $id, issuer: $iss, clientId: "kabinetd",
		clientSecretFile: $secret, scopes: "openid", name: {ru: $ru, en: $en},
		subjectClaim: "sub", nameClaim: "name"}'
}

provision() {
	# The default admin logs in once; then its password is one nobody knows.
	printf '{"username":"admin","password":"password"}' |
		curl -sf -c "$GLW_HOME/admin.cookies" -H 'Content-Type: application/json' -d @- \
			"$GLW_URL/api/auth/" >/dev/null || die "the admin could not log in"
	jq -n --arg pw "$(openssl rand -hex 24)" '{username: "admin", password: $pw,
		scope: ["g_admin", "g_profile"], enabled: true}' | admin user/admin PUT
	plugin vk "VK ID" ec256 ES256
	plugin yandex "Yandex ID" rsa2048 RS256
	# The user must have the scope openid, or the authorization bounces to the login page.
	jq -n --arg login "$LOGIN" --arg pw "$PASSWORD" --arg name "$NAME" '{username: $login,
		password: $pw, name: $name, email: "ivanov@example.test", enabled: true,
		scope: ["openid"]}' | admin user/
	(umask 077 && openssl rand -hex 24 >"$DIR/kabinetd.secret" &&
		printf '%s\n%s\n' "$LOGIN" "$PASSWORD" >"$DIR/user")
	{
		provider vk "$GLW_URL/api/vk" "VK ID" "VK ID"
		provider yandex "$GLW_URL/api/yandex" "Яндекс ID" "Yandex ID"
	} | jq -s '{providers: .}' >"$DIR/providers.json"
}

up() {
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd)
	for tool in glewlwyd rnbyc jq sqlite3 curl openssl python3; do
		command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (make deps)"
	done
	GLW_HOME=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-glewlwyd-XXXXXX")
	trap 'rm -rf "$GLW_HOME"' EXIT
	# The schema and the default data (the admin), as the package's dbconfig would
	# load them (the copy in /usr/share/doc is not there where documentation is not
	# installed, as in container images).
	sqlite3 "$GLW_HOME/glewlwyd.db" <"$SCHEMA" || die "could not make the database"
	copy_webapp "$GLW_HOME"
	start "$GLW_HOME"
	trap 'kill -KILL "$PID" 2>/dev/null; rm -rf "$GLW_HOME"' EXIT
	GLW_URL=http://127.0.0.1:$PORT
	provision
	cat >"$DIR/glewlwyd.env" <<ENV
GLW_URL=$GLW_URL
GLW_PID=$PID
GLW_HOME=$GLW_HOME
GLW_LOGIN=$LOGIN
GLW_NAME='$NAME'
ENV
	trap - EXIT
}

client() {
	# shellcheck disable=SC1091
	. "$DIR/glewlwyd.env"
	curl -s -o /dev/null -b "$GLW_HOME/admin.cookies" -X DELETE "$GLW_URL/api/client/kabinetd"
	jq -n --arg ru "$1" --rawfile secret "$DIR/kabinetd.secret" '{client_id: "kabinetd",
		name: "kabinetd", confidential: true, enabled: true,
		client_secret: ($secret | rtrimstr("\n")), redirect_uri: [$ru],
		authorization_type: ["code"], token_endpoint_auth_method: ["client_secret_basic"],
		scope: []}' | admin client/
}

down() {
	[ -f "$DIR/glewlwyd.env" ] || return 0
	# shellcheck disable=SC1091
	. "$DIR/glewlwyd.env"
	kill -KILL "$GLW_PID" 2>/dev/null || :
	i=0
	while kill -0 "$GLW_PID" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	rm -rf "$GLW_HOME"
	rm -f "$DIR/glewlwyd.env"
}

[ $# -ge 2 ] || die "usage: glewlwyd.sh up|client|down DIR [REDIRECT_URI]"
cmd=$1
DIR=$2
shift 2
case $cmd in
up) up ;;
client) [ $# -eq 1 ] || die "usage: glewlwyd.sh client DIR REDIRECT_URI"; client "$1" ;;
down) down ;;
*) die "unknown command $cmd" ;;
esac
