#!/usr/bin/env python3
"""kabinetd with Stoplight Prism in front: what `make check-contract` gives the API and
screen tests as their kabinetd ($KABINETD), so that every request and answer of theirs
passes a validating proxy of docs/openapi.yaml.

    kabinetd-prism.py [kabinetd's options]

starts the real kabinetd ($KABINETD_REAL, else $KABINET_BUILD/kabinetd) with the
options, then `prism proxy docs/openapi.yaml KABINETD_URL` on a port of its own, then
prints "kabinetd listening on http://127.0.0.1:PORT" for a relay in front of Prism, and
runs until SIGTERM, which it passes on to kabinetd; it exits with kabinetd's status.
Prism counts as started when it says it listens on its port, not when something
accepts there: a port another process took between the pick and Prism's bind would
accept too (and answer for another test's server); Prism then ends, and another port
is tried.
`kabinetd admin ...` and anything without --listen is the real kabinetd itself.

The approval pages under /device are HTML for browsers, outside the document: the
relay sends them to kabinetd itself.

Prism checks every request and every answer against the document and names what
breaks it in the answer's sl-violations header; the relay reads that verdict:

  - an answer that breaks the document (a violation at "response…"), and a request
    that breaks it but that kabinetd took (an answer under 400), are the contract
    broken: the relay records them and answers 502 with them instead, so the test
    fails as well as check-contract;
  - a request that breaks the document and that kabinetd refused (400, 401, 403, 404,
    409, 413, 422, 429) is the two agreeing: a test of an error sent it on purpose.
    Its answer, kabinetd's error, is still checked like any other.

Prism's --errors would answer such a request itself, so that an error test never
reached kabinetd; the relay is what lets the error tests run through as they are.
Into $KABINET_CONTRACT_DIR (default: the database's directory) go "exchanges" (one
line a call: the path, kabinetd's status, the violations' count), "violations" (what
broke the contract, one JSON line each) and prism.log. The relay also undoes what
Prism does to headers: it joins several Set-Cookie headers into one with commas,
which no client reads as two cookies.
"""
import ctypes
import http.client
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRISM = os.path.join(ROOT, "build", "node", "node_modules", ".bin", "prism")
DOCUMENT = os.path.join(ROOT, "docs", "openapi.yaml")
# Where Prism joined two cookies: before the next one's name.
COOKIE_JOIN = re.compile(r",\s*(?=(?:STAFF-)?(?:SESSION|CSRF-TOKEN)=)")
WHOLE_ENTRY = re.compile(r'\{"location":\[[^\]]*\],[^{}]*\}')
STOPPING = threading.Event()
HOP = ("connection", "keep-alive", "transfer-encoding", "content-length", "host")


def real_kabinetd():
    p = os.environ.get("KABINETD_REAL")
    if p:
        return p
    return os.path.join(os.environ.get("KABINET_BUILD") or "build", "kabinetd")


def violations(header):
    """The list in an sl-violations header. Past 8 KiB Prism sends "Too many
    violations! " and the list's start, cut: the whole entries in it are taken (the
    request's come first; check-contract finds every answer's in Prism's log too)."""
    if header.startswith("Too many violations! "):
        return [json.loads(m) for m in WHOLE_ENTRY.findall(header)]
    try:
        return json.loads(header)
    except ValueError:
        return [{"location": ["response"], "message": "unreadable sl-violations: %r" % header}]


def die_with_me():
    """In a child before exec: SIGTERM when this wrapper ends, however it ends (the
    harness's kabinetd ends with its test; so do these)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_out(prism, log, port, started):
    """Prism's output into the log, line by line; started is set once Prism says it
    listens on port (its own word: something else may hold a port it failed to bind)."""
    mine = "Prism is listening on http://127.0.0.1:%d" % port
    with open(log, "a") as out:
        for line in prism.stdout:
            out.write(line)
            out.flush()
            if mine in line:
                started.set()


def start_prism(upstream, log, seconds=60, tries=5):
    """Prism in front of upstream on a free port: (process, port), or (None, None). A
    port taken between free_port() and Prism's bind (EADDRINUSE: Prism ends) is tried
    again with another."""
    for _ in range(tries):
        port = free_port()
        with open(log, "a") as out:
            out.write("# prism in front of %s on %d\n" % (upstream, port))
        prism = subprocess.Popen([PRISM, "proxy", DOCUMENT, upstream,
                                  "--host", "127.0.0.1", "--port", str(port)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 start_new_session=True, preexec_fn=die_with_me)
        started = threading.Event()
        threading.Thread(target=copy_out, args=(prism, log, port, started), daemon=True).start()
        end = time.monotonic() + seconds
        while time.monotonic() < end and prism.poll() is None and not started.wait(0.1):
            pass
        if started.is_set() and prism.poll() is None:
            return prism, port
        if prism.poll() is None:
            os.killpg(prism.pid, signal.SIGTERM)
        prism.wait()
    return None, None


def is_page(path):
    """The approval pages (/device, /device/approve, /device/callback): HTML for
    browsers, not methods of the API's document."""
    return path == "/device" or path.startswith(("/device?", "/device/"))


class Relay(http.server.BaseHTTPRequestHandler):
    """One request to Prism and its answer back, with Set-Cookie split again; an
    approval page's straight to kabinetd."""
    protocol_version = "HTTP/1.1"
    prism_port = 0
    kabinetd_port = 0
    out_dir = "."
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def relay(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        page = is_page(self.path)
        conn = http.client.HTTPConnection("127.0.0.1", self.kabinetd_port if page
                                          else self.prism_port, timeout=120)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            if STOPPING.is_set():  # going down as kabinetd would: no answer
                self.close_connection = True
                return
            self.record("violations", json.dumps({"path": self.path, "prism": str(e)}))
            self.send_error(502, "No answer from Prism")
            return
        finally:
            conn.close()
        verdict = [] if page else self.verdict(resp)
        if verdict:
            data = json.dumps({"contract": "broken by this exchange (docs/openapi.yaml)",
                               "status": resp.status, "violations": verdict}).encode()
            self.send_response_only(502, "Contract violation")
            self.send_header("Content-Type", "application/json")
        else:
            self.send_response_only(resp.status, resp.reason)
            self.copy_headers(resp)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def verdict(self, resp):
        """The violations that break the contract in this exchange (see the top),
        recorded; [] when there are none."""
        found = violations(resp.getheader("sl-violations") or "[]")
        broken = [v for v in found
                  if (v.get("location") or [""])[0] != "request" or resp.status < 400]
        self.record("exchanges", "%s %d %d" % (self.path, resp.status, len(broken)))
        if broken:
            self.record("violations", json.dumps({"path": self.path, "status": resp.status,
                                                  "violations": broken}, ensure_ascii=False))
        return broken

    def record(self, name, line):
        with self.lock, open(os.path.join(self.out_dir, name), "a") as f:
            f.write(line + "\n")

    def copy_headers(self, resp):
        for k, v in resp.getheaders():
            if k.lower() in HOP or k.lower() == "sl-violations":
                continue
            if k.lower() == "set-cookie":
                for cookie in COOKIE_JOIN.split(v):
                    self.send_header(k, cookie)
            else:
                self.send_header(k, v)

    do_POST = do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = relay


def main(argv):
    kabinetd = real_kabinetd()
    if "--listen" not in argv:
        os.execv(kabinetd, [kabinetd] + argv)
    db = argv[argv.index("--db") + 1] if "--db" in argv else "."
    out_dir = os.environ.get("KABINET_CONTRACT_DIR") or os.path.dirname(os.path.abspath(db))
    log = os.path.join(out_dir, "prism.log")
    kd = subprocess.Popen([kabinetd] + argv, stdout=subprocess.PIPE, text=True,
                          preexec_fn=die_with_me)
    line = kd.stdout.readline()
    m = re.match(r"kabinetd listening on (http://127\.0\.0\.1:\d+)", line)
    if not m:
        sys.stderr.write("kabinetd-prism: kabinetd did not start: %r\n" % line)
        return kd.wait() or 1
    prism, port = start_prism(m.group(1), log)
    signal.signal(signal.SIGTERM, lambda *_: STOPPING.set())
    signal.signal(signal.SIGINT, lambda *_: STOPPING.set())
    server = None
    try:
        if not prism:
            sys.stderr.write("kabinetd-prism: prism did not start; see %s\n" % log)
            return 1
        Relay.prism_port = port
        Relay.kabinetd_port = int(m.group(1).rsplit(":", 1)[1])
        Relay.out_dir = out_dir
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Relay)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("kabinetd listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
        while not STOPPING.wait(0.2):
            if kd.poll() is not None:
                break
    finally:
        # The port closes first, so that a client sees the server gone, not Prism.
        STOPPING.set()
        if server:
            server.shutdown()
            server.server_close()
        if prism:
            os.killpg(prism.pid, signal.SIGTERM)
            prism.wait()
        if kd.poll() is None:
            kd.send_signal(signal.SIGTERM)
        status = kd.wait()
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
