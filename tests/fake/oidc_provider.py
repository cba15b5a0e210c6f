#!/usr/bin/env python3
"""oidc_provider: a scripted OpenID Connect provider, for kabinetd's social-login tests only.

It is NOT a provider for real use: it approves every authorization request at once
as the person the test named, keeps everything in memory and can be told to answer
with broken ID tokens. It speaks what kabinetd needs: discovery, JWKS (one ES256
key), the authorization endpoint (code flow, PKCE S256 required) and the token
endpoint (client_secret_basic).

    python3 tests/fake/oidc_provider.py --listen 127.0.0.1:0 --client-id ID \
        --client-secret-file FILE

prints `oidc_provider listening on http://HOST:PORT` (the issuer) once it accepts
connections and runs until SIGTERM or SIGINT.

The test scripts the next authorizations with GET /control?sub=S&name=N&mode=M:
  ok            a good ID token for S (name N)
  access_denied the authorization endpoint answers error=access_denied
  aud           the ID token's aud is another client
  iss           the ID token's iss is another issuer
  signature     the ID token is signed by another key under the same kid
  expired       the ID token's exp has passed
  nonce         the ID token's nonce is not the one asked for
  azp           the ID token's azp is another client (aud still names this one)
  iat           the ID token is issued an hour in the future
  none          the ID token is unsigned (alg "none")
  hs256         the ID token is HS256, its HMAC key the provider's public key (PEM):
                the algorithm confusion attack
  hang          the token endpoint answers only after 15 s
The issuer http://HOST:PORT/hostile has a hostile discovery document: its
token_endpoint http://127.0.0.1:80@evil.example/token looks local but names another host.
GET /log answers every request line seen so far (paths and queries; the token
endpoint's form is not logged), for the tests that look for leaks.
"""
import argparse
import base64
import hashlib
import hmac
import json
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Key:
    def __init__(self, kid):
        self.kid = kid
        self.key = ec.generate_private_key(ec.SECP256R1())

    def jwk(self):
        n = self.key.public_key().public_numbers()
        return {"kty": "EC", "crv": "P-256", "kid": self.kid, "alg": "ES256", "use": "sig",
                "x": b64u(n.x.to_bytes(32, "big")), "y": b64u(n.y.to_bytes(32, "big"))}

    def sign(self, claims, alg="ES256"):
        header = {"alg": alg, "typ": "JWT", "kid": self.kid}
        head = b64u(json.dumps(header).encode()) + "." + b64u(json.dumps(claims).encode())
        if alg == "none":
            return head + "."
        if alg == "HS256":
            pem = self.key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            return head + "." + b64u(hmac.new(pem, head.encode(), hashlib.sha256).digest())
        der = self.key.sign(head.encode(), ec.ECDSA(hashes.SHA256()))
        r, s = utils.decode_dss_signature(der)
        return head + "." + b64u(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


class State:
    def __init__(self, client_id, secret):
        self.client_id = client_id
        self.secret = secret
        self.key = Key("k1")
        self.other = Key("k1")
        self.script = {"sub": "person-1", "name": "Ivanov", "mode": "ok"}
        self.codes = {}
        self.log = []
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, ctype="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def json(self, status, obj):
        self.answer(status, json.dumps(obj))

    @property
    def st(self):
        return self.server.state

    @property
    def issuer(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        with self.st.lock:
            self.st.log.append(self.path)
        if url.path == "/.well-known/openid-configuration":
            i = self.issuer
            return self.json(200, {
                "issuer": i, "authorization_endpoint": i + "/authorize",
                "token_endpoint": i + "/token", "jwks_uri": i + "/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["ES256"],
                "code_challenge_methods_supported": ["S256"]})
        if url.path == "/hostile/.well-known/openid-configuration":
            i = self.issuer
            return self.json(200, {
                "issuer": i + "/hostile", "authorization_endpoint": i + "/authorize",
                "token_endpoint": "http://127.0.0.1:80@evil.example/token",
                "jwks_uri": i + "/jwks", "response_types_supported": ["code"]})
        if url.path == "/jwks":
            return self.json(200, {"keys": [self.st.key.jwk()]})
        if url.path == "/control":
            with self.st.lock:
                self.st.script.update(q)
            return self.json(200, self.st.script)
        if url.path == "/log":
            with self.st.lock:
                return self.answer(200, "\n".join(self.st.log) + "\n", "text/plain")
        if url.path == "/authorize":
            return self.authorize(q)
        return self.json(404, {"error": "not_found"})

    def authorize(self, q):
        if q.get("client_id") != self.st.client_id or not q.get("redirect_uri"):
            return self.json(400, {"error": "invalid_client"})
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256" \
                or not q.get("code_challenge") or "openid" not in q.get("scope", "").split():
            return self.json(400, {"error": "invalid_request"})
        with self.st.lock:
            script = dict(self.st.script)
        params = {"state": q.get("state", "")}
        if script["mode"] == "access_denied":
            params["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            with self.st.lock:
                self.st.codes[code] = {"q": q, "script": script}
            params["code"] = code
        sep = "&" if "?" in q["redirect_uri"] else "?"
        location = q["redirect_uri"] + sep + urllib.parse.urlencode(params)
        self.answer(302, "", "text/plain", [("Location", location)])

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        with self.st.lock:
            self.st.log.append(url.path)
        n = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
        if url.path != "/token":
            return self.json(404, {"error": "not_found"})
        want = "Basic " + base64.b64encode(
            (urllib.parse.quote(self.st.client_id, safe="") + ":" +
             urllib.parse.quote(self.st.secret, safe="")).encode()).decode()
        if self.headers.get("Authorization") != want:
            return self.json(401, {"error": "invalid_client"})
        with self.st.lock:
            grant = self.st.codes.pop(form.get("code", ""), None)
        if not grant or form.get("grant_type") != "authorization_code":
            return self.json(400, {"error": "invalid_grant"})
        q = grant["q"]
        if grant["script"]["mode"] == "hang":
            time.sleep(15)
        verifier = form.get("code_verifier", "")
        if b64u(hashlib.sha256(verifier.encode()).digest()) != q["code_challenge"] \
                or form.get("redirect_uri") != q["redirect_uri"]:
            return self.json(400, {"error": "invalid_grant"})
        self.json(200, {"access_token": secrets.token_urlsafe(32), "token_type": "Bearer",
                        "expires_in": 3600, "id_token": self.id_token(q, grant["script"])})

    def id_token(self, q, script):
        now = int(time.time())
        mode = script["mode"]
        claims = {"iss": self.issuer, "sub": script["sub"], "aud": self.st.client_id,
                  "azp": self.st.client_id, "exp": now + 600, "iat": now,
                  "nonce": q.get("nonce", ""), "name": script["name"]}
        if mode == "aud":
            claims["aud"] = "someone-else"
            claims.pop("azp")
        elif mode == "iss":
            claims["iss"] = "http://127.0.0.1:1"
        elif mode == "expired":
            claims["exp"] = now - 3600
            claims["iat"] = now - 7200
        elif mode == "nonce":
            claims["nonce"] = "not-the-nonce"
        elif mode == "azp":
            claims["aud"] = [self.st.client_id, "someone-else"]
            claims["azp"] = "someone-else"
        elif mode == "iat":
            claims["iat"] = now + 3600
        key = self.st.other if mode == "signature" else self.st.key
        alg = {"none": "none", "hs256": "HS256"}.get(mode, "ES256")
        return key.sign(claims, alg)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that gave up waiting (the hang mode) is no error of this server."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", default="127.0.0.1:0")
    ap.add_argument("--client-id", required=True)
    ap.add_argument("--client-secret-file", required=True)
    a = ap.parse_args()
    host, port = a.listen.rsplit(":", 1)
    with open(a.client_secret_file) as f:
        secret = f.readline().strip()
    srv = Server((host, int(port)), Handler)
    srv.state = State(a.client_id, secret)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown).start())
    print(f"oidc_provider listening on http://{host}:{srv.server_address[1]}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
