#!/bin/sh
# kabinetd behind Debian's nginx with TLS 1.3 and HTTP/2, as in production
# (docs/deployment.md), with a throw-away CA made by openssl here. No root needed:
# the pid file, the logs and nginx's temporary files are all in DIR.
#
#   scripts/tls-deploy.sh DIR BACKEND_URL
#
# BACKEND_URL is a running kabinetd (http://127.0.0.1:PORT). Makes in DIR:
#   ca.pem                 the CA that signed the good, expired and wrong-name certificates
#   other-ca.pem           another CA, which signed the other-ca certificate
#   good.pem, expired.pem, wrong-name.pem, other-ca.pem's leaf other.pem (and .key)
#   nginx.conf, access.log (with $server_protocol and $ssl_protocol, and per request
#                          conn=N (nginx's connection), req=N (its N-th request) and
#                          resumed=r|. (whether the TLS session was resumed)), error.log
# then runs nginx in the foreground (exec: the caller's background job is nginx
# itself), one TLS 1.3 + HTTP/2 listener per certificate on free ports of 127.0.0.1.
# Once nginx answers, DIR/urls has one "NAME URL" line per listener, and stdout the
# line "nginx listening on URL" (the good one). Names: good, expired, wrong-name,
# other-ca, and http1: the good certificate, HTTP/1.1 only (no HTTP/2), and a
# connection closed after 3 requests, so that a client must open others. Each certificate names localhost and 127.0.0.1 (wrong-name:
# kabinet.invalid only).
#
# Hardened as docs/deployment.md's production example: no version in the Server
# header, Strict-Transport-Security, per-address limits (limit_conn: 503 UNAVAILABLE;
# limit_req on the public methods: 429 RATE_LIMITED; both with Retry-After and the
# API's JSON error body), the API's timeouts and sizes, X-Real-IP to kabinetd (start
# it with --trusted-proxy 127.0.0.1). The approval pages (/device...) are passed on
# as in production. worker_rlimit_nofile is 8192, or the hard limit of open files when
# that is lower (no root here to raise it), and worker_connections half of it.
# Environment (for tests and benchmarks; the defaults are production's):
#   TLS_DEPLOY_HEADER_TIMEOUT  client_header_timeout (10s)
#   TLS_DEPLOY_CONN_PER_ADDRESS  limit_conn per client address (128)
set -eu

[ $# -eq 2 ] || { echo "usage: $0 DIR BACKEND_URL" >&2; exit 2; }
DIR=$1
BACKEND=${2#http://}
BACKEND=${BACKEND%%/*}
command -v nginx >/dev/null 2>&1 || NGINX=/usr/sbin/nginx
NGINX=${NGINX:-nginx}
[ -x "$(command -v "$NGINX")" ] || { echo "$0: nginx is not installed (make deps)" >&2; exit 1; }
command -v openssl >/dev/null 2>&1 || { echo "$0: openssl is not installed (make deps)" >&2; exit 1; }

mkdir -p "$DIR/tmp" "$DIR/ca"
DIR=$(cd "$DIR" && pwd)
cd "$DIR"

# --- certificates ---

# A CA with openssl ca's bookkeeping, so that any validity period can be given.
make_ca() {	# NAME SUBJECT
	mkdir -p "ca/$1"
	: >"ca/$1/index.txt"
	cat >"ca/$1/ca.cnf" <<EOF
[ca]
default_ca = this
[this]
dir = $DIR/ca/$1
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
certificate = $DIR/$1.pem
private_key = \$dir/key.pem
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = copy
[anything]
commonName = supplied
[ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
EOF
	openssl rand -hex 8 >"ca/$1/serial"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "ca/$1/key.pem" -out "$1.pem" -days 2 -subj "/CN=$2" \
		-addext "basicConstraints=critical,CA:true" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# issue CA NAME SAN START END: NAME.pem and NAME.key, valid from START to END
# (openssl ca's YYYYMMDDHHMMSSZ).
issue() {
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$2.key" -out "ca/$2.csr" -subj "/CN=${3%%,*}" \
		-addext "subjectAltName=$(echo "$3" | sed 's/\([^,]*\)/DNS:\1/g; s/DNS:\([0-9.]*\)\(,\|$\)/IP:\1\2/g')" \
		2>/dev/null
	openssl ca -batch -notext -config "ca/$1/ca.cnf" -extensions ext -startdate "$4" \
		-enddate "$5" -in "ca/$2.csr" -out "$2.pem" 2>/dev/null
}

utc() {	# OFFSET (a date(1) expression)
	date -u -d "$1" +%Y%m%d%H%M%SZ
}

make_ca ca "kabinet test CA"
make_ca other-ca "another test CA"
NOW=$(utc "-1 hour")
LATER=$(utc "+1 day")
issue ca good "localhost,127.0.0.1" "$NOW" "$LATER"
issue ca expired "localhost,127.0.0.1" "$(utc "-30 days")" "$(utc "-1 day")"
issue ca wrong-name "kabinet.invalid" "$NOW" "$LATER"
issue other-ca other "localhost,127.0.0.1" "$NOW" "$LATER"

# --- nginx ---

# Free ports of 127.0.0.1, as the kernel hands them out.
PORTS=$(python3 -c 'import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')

USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user $(id -un) $(id -gn);"

# Open files: 8192 unless the hard limit is lower (only root may raise it); each
# proxied request holds two connections (the client's and kabinetd's).
NOFILE=$(ulimit -Hn)
if [ "$NOFILE" = unlimited ] || [ "$NOFILE" -gt 8192 ]; then
	NOFILE=8192
fi
HEADER_TIMEOUT=${TLS_DEPLOY_HEADER_TIMEOUT:-10s}
CONN_PER_ADDRESS=${TLS_DEPLOY_CONN_PER_ADDRESS:-128}

# refusal TYPE STATUS NAME [RETRY_AFTER]: a named location answering STATUS with the
# text of the map $kabinet_<NAME> (chosen by Accept-Language) as TYPE. Its own
# add_header replaces the server's, hence Strict-Transport-Security again.
refusal() {
	cat <<EOF
		location @$3 {
			default_type "$1; charset=utf-8";
			add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
			${4:+add_header Retry-After $4 always;}
			return $2 \$kabinet_$3;
		}
EOF
}

# The API's error envelope, for the API's clients.
error_json() {	# STATUS NAME [RETRY_AFTER]
	refusal application/json "$@"
}

# The approval pages' refusals: a browser reads them, so a page rather than JSON.
error_html() {	# STATUS NAME [RETRY_AFTER]
	refusal text/html "$@"
}

server_block() {	# PORT CERT [DIRECTIVE [LISTEN_FLAGS]]
	cat <<EOF
	server {
		listen 127.0.0.1:$1 ssl${4- http2};
		server_name localhost;
		${3:-}
		ssl_certificate $DIR/$2.pem;
		ssl_certificate_key $DIR/$2.key;
		add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
		limit_conn kabinet_addr $CONN_PER_ADDRESS;
		limit_req zone=kabinet_public burst=30 nodelay;
		error_page 429 @rate_limited;
		error_page 503 @unavailable;
		error_page 413 @too_large;
		location /client-api/ {
			proxy_pass http://kabinetd;
		}
		location ~ ^/device(/approve|/callback)?\$ {
			proxy_pass http://kabinetd;
			client_max_body_size 16k;
			error_page 413 @too_large_page;
			error_page 503 @unavailable_page;
		}
		location / {
			return 404;
		}
$(error_json 429 rate_limited 1)
$(error_json 503 unavailable 1)
$(error_json 413 too_large)
$(error_html 413 too_large_page)
$(error_html 503 unavailable_page 1)
	}
EOF
}

# The page of error_html: a title and one sentence.
page_map() {	# NAME ENGLISH RUSSIAN
	cat <<EOF
	map \$http_accept_language \$kabinet_$1 {
		~*^en '<!doctype html><html lang="en"><meta charset="utf-8"><title>$2</title><p>$2</p></html>';
		default '<!doctype html><html lang="ru"><meta charset="utf-8"><title>$3</title><p>$3</p></html>';
	}
EOF
}

# The API's error envelope (docs/api.md), Russian unless Accept-Language says en.
error_map() {	# NAME CODE ENGLISH RUSSIAN
	cat <<EOF
	map \$http_accept_language \$kabinet_$1 {
		~*^en '{"isError":true,"errorCode":"$2","errorMsg":"$3"}';
		default '{"isError":true,"errorCode":"$2","errorMsg":"$4"}';
	}
EOF
}

{
	cat <<EOF
# Written by scripts/tls-deploy.sh; see docs/deployment.md.
$USER_LINE
worker_processes 1;
worker_rlimit_nofile $NOFILE;
daemon off;
pid $DIR/nginx.pid;
error_log $DIR/error.log warn;
events {
	worker_connections $((NOFILE / 2));
}
http {
	log_format kabinet '\$remote_addr [\$time_local] "\$request" \$status '
			   '\$server_protocol \$ssl_protocol \$server_port \$body_bytes_sent '
			   'conn=\$connection req=\$connection_requests resumed=\$ssl_session_reused';
	access_log $DIR/access.log kabinet;
	client_body_temp_path $DIR/tmp/body;
	proxy_temp_path $DIR/tmp/proxy;
	fastcgi_temp_path $DIR/tmp/fastcgi;
	uwsgi_temp_path $DIR/tmp/uwsgi;
	scgi_temp_path $DIR/tmp/scgi;

	ssl_protocols TLSv1.3;
	ssl_session_cache shared:kabinet:1m;
	ssl_session_timeout 1h;

	server_tokens off;
	client_header_timeout $HEADER_TIMEOUT;
	client_body_timeout 10s;
	send_timeout 10s;
	keepalive_timeout 30s;
	client_header_buffer_size 1k;
	large_client_header_buffers 4 8k;
	client_max_body_size 64k;

	limit_conn_zone \$binary_remote_addr zone=kabinet_addr:10m;
	limit_conn_status 503;
	map \$uri \$kabinet_public_addr {
		~^/client-api/(login|confirmOtp|resendOtp|loginByToken|register|confirmRegistration|requestPasswordReset|checkResetCode|resetPassword|setInitialPassword|startDeviceLogin|pollDeviceLogin)\$ \$binary_remote_addr;
		default "";
	}
	limit_req_zone \$kabinet_public_addr zone=kabinet_public:10m rate=1r/s;
	limit_req_status 429;
$(error_map rate_limited RATE_LIMITED "Too many requests, please try again later" \
	"Слишком много запросов, повторите позже")
$(error_map unavailable UNAVAILABLE "The server is busy, please retry" \
	"Сервер занят, повторите запрос")
$(error_map too_large PAYLOAD_TOO_LARGE "The request body is larger than 64 KiB" \
	"Тело запроса больше 64 КиБ")
$(page_map too_large_page "The form sent is too large." "Отправленная форма слишком велика.")
$(page_map unavailable_page "The server is busy: reload the page in a few seconds." \
	"Сервер занят: обновите страницу через несколько секунд.")

	upstream kabinetd {
		server $BACKEND;
		keepalive 16;
		keepalive_timeout 5s;
	}
	proxy_http_version 1.1;
	proxy_set_header Connection "";
	proxy_set_header Host \$host;
	proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
	proxy_set_header X-Forwarded-Proto \$scheme;
	proxy_set_header X-Real-IP \$remote_addr;
	proxy_read_timeout 60s;

EOF
	set -- $PORTS
	server_block "$1" good
	server_block "$2" expired
	server_block "$3" wrong-name
	server_block "$4" other
	server_block "$5" good "keepalive_requests 3;" ""
	echo "}"
} >nginx.conf

set -- $PORTS
printf 'good https://localhost:%s\nexpired https://localhost:%s\nwrong-name https://localhost:%s\nother-ca https://localhost:%s\nhttp1 https://localhost:%s\n' \
	"$1" "$2" "$3" "$4" "$5" >urls.tmp
"$NGINX" -t -q -p "$DIR" -e "$DIR/error.log" -c "$DIR/nginx.conf"

# Tells the caller once nginx answers with the good certificate.
(
	i=0
	while [ $i -lt 300 ]; do
		if curl -s -o /dev/null --cacert "$DIR/ca.pem" "https://localhost:$1/"; then
			mv urls.tmp urls
			echo "nginx listening on https://localhost:$1"
			exit 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "$0: nginx did not answer on port $1" >&2
) &
exec "$NGINX" -p "$DIR" -e "$DIR/error.log" -c "$DIR/nginx.conf"
