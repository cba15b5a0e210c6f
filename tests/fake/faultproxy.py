#!/usr/bin/env python3
"""A proxy in front of kabinetd that injects the faults a network and a reverse proxy
make, switched while the client runs, for the client's tests only.

    faultproxy.py --upstream http://127.0.0.1:8480 --control DIR/mode [--log DIR/methods]

prints "faultproxy listening on http://127.0.0.1:PORT" once it accepts connections and
runs until SIGTERM. The first line of the control file says what to do with each
request from now on (re-read for every request and every 50 ms; no file is `pass`);
once it is in force (the port closed or open again), the proxy copies the line to
CONTROL.ack:

    MODE [METHOD...]

the METHODs named (the last part of the path: getAccounts) meet MODE and the others
pass; without METHODs every request meets it. MODE is one of:

    pass       forwarded to the server, its answer sent back
    502        "502 Bad Gateway" with an empty body (not forwarded)
    503[:N]    "503 Service Unavailable" with "Retry-After: N" (default 2), empty body
               (not forwarded)
    busy[:N]   kabinetd's own answer when it is full: 503 with "Retry-After: N" (default
               2) and the API's UNAVAILABLE error body in Russian (not forwarded)
    html       nginx's HTML page of a 502, text/html (not forwarded)
    truncated  forwarded; the answer's headers promise the whole body, half of it is
               sent and the connection closed (curl: a partial file)
    cutjson    forwarded; a 200 whose honest Content-Length covers half the JSON body
    reset      forwarded; the headers and a few bytes of the body, then a TCP reset
    hang       read and never answered (not forwarded); the connection stays open
               until the client gives up or the mode changes
    lose       forwarded, and the connection closed without an answer (the server did
               the work; the answer is lost)
    slow[:N]   forwarded at once (the server does the work now), and its answer held N
               seconds (default 2) before it is sent: a slow line or a slow server; a
               client that gives up meanwhile gets nothing
    notfound   the API's own 404 NOT_FOUND error body, "Not found (said by the proxy)":
               a considered answer, not a fault (not forwarded)
    down       nothing listens on the port (connections refused) and every open
               connection is reset; back to listening on the same port after
    edit:FILE  a hostile server: the request and the answer changed as the JSON
               object in FILE says (re-read for every request):
                 "request":  {"set": {PATH: VALUE}, "delete": [PATH]}  before forwarding
                 "set":      {PATH: VALUE}   a field of the answer given VALUE
                 "delete":   [PATH]          a field of the answer removed
                 "repeat":   {PATH: N}       the array at PATH made N copies of its
                                             first element
                 "status":   N               the answer's HTTP status
                 "headers":  [[NAME, VALUE]] headers added to the answer
                 "raw":      STRING          the answer's body replaced (latin-1)
               PATH is dotted, from the top of the body: "data.accounts.0.number";
               "*" stands for every element of an array or member of an object
    headers    "200 OK" and then header lines without end (not forwarded), until the
               client gives up (or 64 MiB of them)
    headerline "200 OK" and then one header line without end (not forwarded)
    interim:N  forwarded; N interim answers ("100 Continue") go before the answer

With --log FILE, one line per request is appended: "METHOD MODE" (the mode it met), and
for a body with an idempotencyKey " key=KEY", so that a test can see what was sent,
how often, and with which key. The cookies each request carried are appended to
FILE.headers: "METHOD Cookie=... CSRF-TOKEN=..." (a header absent is "-"), every byte
outside printable ASCII written as \\xNN.
"""
import argparse
import http.client
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ left in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dropproxy import read_request  # noqa: E402  (one HTTP request reader for both)

HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            b"<center><h1>502 Bad Gateway</h1></center>\r\n"
            b"<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n")
MODES = ("pass", "502", "503", "busy", "html", "truncated", "cutjson", "reset", "hang", "lose", "notfound",
         "down", "slow", "edit", "headers", "headerline", "interim")
BUSY = json.dumps({"isError": True, "errorCode": "UNAVAILABLE",
                   "errorMsg": "Сервер перегружен: повторите через несколько секунд"},
                  ensure_ascii=False).encode()
NOT_FOUND = json.dumps({"isError": True, "errorCode": "NOT_FOUND",
                        "errorMsg": "Not found (said by the proxy)"}).encode()

lock = threading.Lock()
conns = set()          # open client connections (reset when the proxy goes down)


def read_mode(path):
    """(mode, arg, methods) from the control file: arg is the number after the colon
    (2 by default), or for `edit` the file's name."""
    try:
        with open(path) as f:
            words = f.readline().split()
    except OSError:
        words = []
    if not words:
        return "pass", 0, set()
    mode, _, arg = words[0].partition(":")
    if mode not in MODES:
        print("faultproxy: unknown mode %r, passing" % words[0], file=sys.stderr, flush=True)
        return "pass", 0, set()
    if mode == "edit":
        return mode, arg, set(words[1:])
    return mode, int(arg) if arg.isdigit() else 2, set(words[1:])


def walk(node, parts, fn):
    """Calls fn(container, key) for every place the dotted path `parts` names."""
    if not parts or node is None:
        return
    key, rest = parts[0], parts[1:]
    if isinstance(node, list):
        keys = range(len(node)) if key == "*" else [int(key)] if key.isdigit() else []
        keys = [k for k in keys if k < len(node)]
    elif isinstance(node, dict):
        keys = list(node) if key == "*" else [key]
    else:
        return
    for k in keys:
        if rest:
            walk(node.get(k) if isinstance(node, dict) else node[k], rest, fn)
        else:
            fn(node, k)


def apply_edits(doc, edits):
    """The answer (or request) body `doc` changed as `edits` says (see the docstring)."""
    for path, value in edits.get("set", {}).items():
        walk(doc, path.split("."), lambda c, k, v=value: c.__setitem__(k, json.loads(json.dumps(v))))
    for path in edits.get("delete", []):
        walk(doc, path.split("."), lambda c, k: c.pop(k, None) if isinstance(c, dict) else c.pop(k))
    for path, n in edits.get("repeat", {}).items():
        def grow(c, k, n=n):
            if isinstance(c[k], list) and c[k]:
                c[k] = [json.loads(json.dumps(c[k][0])) for _ in range(n)]
        walk(doc, path.split("."), grow)
    return doc


def load_edits(name):
    try:
        with open(name) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("faultproxy: edit file %s: %s" % (name, e), file=sys.stderr, flush=True)
        return {}


def edited(body, edits):
    """The JSON `body` changed by `edits`, as bytes; a body that is not JSON is kept."""
    try:
        doc = json.loads(body or b"{}")
    except ValueError:
        return body
    return json.dumps(apply_edits(doc, edits), ensure_ascii=True).encode()


def reset(sock, wake=False):
    """Closes with a TCP RST rather than a FIN (the descriptor itself: a makefile()
    would keep it open). `wake`: another thread may be reading it, and is woken first."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        if wake:
            sock.shutdown(socket.SHUT_RD)
        os.close(sock.detach())
    except OSError:
        pass


def head(status, reason, headers, length):
    out = ["HTTP/1.1 %d %s" % (status, reason)]
    for k, v in headers:
        if k.lower() not in ("connection", "content-length", "transfer-encoding"):
            out.append("%s: %s" % (k, v))
    out.append("Content-Length: %d" % length)
    out.append("Connection: keep-alive")
    return ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")


class Proxy:
    def __init__(self, upstream, control, log):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.control = control
        self.log = log
        self.listener = None
        self.port = 0
        self.down = False

    def listen(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        self.port = s.getsockname()[1]
        self.listener = s
        threading.Thread(target=self.accept, args=(s,), daemon=True).start()

    def accept(self, s):
        while True:
            try:
                c, _ = s.accept()
            except OSError:
                return          # closed: down
            with lock:
                conns.add(c)
            threading.Thread(target=self.serve, args=(c,), daemon=True).start()

    def watch(self):
        """Follows the control file for `down`, which no request would notice, and
        says in CONTROL.ack which line is in force (a test waits for it)."""
        acked = None
        while True:
            try:
                with open(self.control) as f:
                    line = f.readline().strip()
            except OSError:
                line = ""
            mode = read_mode(self.control)[0]
            if mode == "down" and not self.down:
                self.down = True
                try:
                    self.listener.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self.listener.close()
                with lock:
                    for c in list(conns):
                        reset(c, wake=True)
                    conns.clear()
                print("faultproxy down", file=sys.stderr, flush=True)
            elif mode != "down" and self.down:
                for _ in range(100):
                    try:
                        self.listen()
                        break
                    except OSError:
                        time.sleep(0.05)
                self.down = False
                print("faultproxy up", file=sys.stderr, flush=True)
            if line != acked:
                with open(self.control + ".ack.tmp", "w") as f:
                    f.write(line + "\n")
                os.replace(self.control + ".ack.tmp", self.control + ".ack")
                acked = line
            time.sleep(0.05)

    def forward(self, verb, path, headers, body):
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        keep = {k: v for k, v in headers if k.lower() not in ("connection", "host", "content-length")}
        conn.request(verb, path, body=body, headers=keep)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, resp.reason, resp.getheaders(), data

    def note(self, name, mode, body):
        if not self.log:
            return
        line = name + " " + mode
        try:
            key = json.loads(body or b"{}").get("idempotencyKey")
        except (ValueError, AttributeError):
            key = None
        if key:
            line += " key=" + str(key)
        with lock, open(self.log, "a") as f:
            f.write(line + "\n")

    def note_headers(self, name, headers):
        """The cookies a request carried, bytes outside printable ASCII as \\xNN."""
        if not self.log:
            return
        seen = {k.lower(): v for k, v in headers}
        shown = []
        for h in ("Cookie", "CSRF-TOKEN"):
            v = seen.get(h.lower())
            v = "-" if v is None else "".join(
                c if 0x20 <= ord(c) < 0x7f else "\\x%02x" % ord(c) for c in v)
            shown.append(h + "=" + v)
        with lock, open(self.log + ".headers", "a") as f:
            f.write(name + " " + " ".join(shown) + "\n")

    @staticmethod
    def endless_headers(c, one_line=False):
        """A status line and header lines (or one line) that never end, until the
        client goes."""
        c.sendall(b"HTTP/1.1 200 OK\r\n" + (b"X-Padding: " if one_line else b""))
        line = b"a" * 100 if one_line else b"X-Padding: " + b"a" * 100 + b"\r\n"
        for _ in range(64 * 1024 * 1024 // (len(line) * 100)):
            c.sendall(line * 100)

    @staticmethod
    def hold(c, seconds):
        """Waits `seconds` with the answer; False when the client went away meanwhile."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            c.settimeout(0.05)
            try:
                if not c.recv(1, socket.MSG_PEEK):
                    return False
            except socket.timeout:
                pass
            except OSError:
                return False
        c.settimeout(None)
        return True

    def serve(self, c):
        f = c.makefile("rb")
        try:
            while True:
                req = read_request(f)
                if req is None:
                    return
                verb, path, headers, body = req
                name = path.rsplit("/", 1)[-1]
                mode, retry_after, methods = read_mode(self.control)
                if methods and name not in methods:
                    mode = "pass"
                self.note(name, mode, body)
                self.note_headers(name, headers)
                if mode == "down":
                    reset(c)
                    return
                if mode == "hang":
                    # Held until the client gives up or the mode changes (then closed).
                    while read_mode(self.control)[0] == "hang":
                        c.settimeout(0.05)
                        try:
                            if not c.recv(1, socket.MSG_PEEK):
                                return
                        except socket.timeout:
                            pass
                        except OSError:
                            return
                    reset(c)
                    return
                if mode == "502":
                    c.sendall(head(502, "Bad Gateway", [], 0))
                    continue
                if mode == "503":
                    c.sendall(head(503, "Service Unavailable",
                                   [("Retry-After", str(retry_after))], 0))
                    continue
                if mode == "busy":
                    c.sendall(head(503, "Service Unavailable",
                                   [("Retry-After", str(retry_after)),
                                    ("Content-Type", "application/json; charset=utf-8")],
                                   len(BUSY)) + BUSY)
                    continue
                if mode == "html":
                    c.sendall(head(502, "Bad Gateway", [("Server", "nginx/1.22.1"),
                                   ("Content-Type", "text/html")], len(HTML_502)) + HTML_502)
                    continue
                if mode in ("headers", "headerline"):
                    self.endless_headers(c, mode == "headerline")
                    reset(c)
                    return
                if mode == "interim":
                    c.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" * retry_after)
                if mode == "notfound":
                    c.sendall(head(404, "Not Found", [("Content-Type", "application/json")],
                                   len(NOT_FOUND)) + NOT_FOUND)
                    continue
                edits = load_edits(retry_after) if mode == "edit" else None
                if edits and "request" in edits:
                    body = edited(body, edits["request"])
                status, reason, rh, data = self.forward(verb, path, headers, body)
                if edits is not None:
                    data = (edits["raw"].encode("latin-1") if "raw" in edits
                            else edited(data, edits))
                    status = edits.get("status", status)
                    rh = list(rh) + [tuple(h) for h in edits.get("headers", [])]
                if mode == "slow" and not self.hold(c, retry_after):
                    return
                if mode == "lose":
                    reset(c)
                    return
                if mode == "truncated":
                    c.sendall(head(status, reason, rh, len(data)) + data[:len(data) // 2])
                    c.shutdown(socket.SHUT_WR)
                    c.close()
                    return
                if mode == "cutjson":
                    cut = data[:len(data) // 2]
                    c.sendall(head(status, reason, rh, len(cut)) + cut)
                    continue
                if mode == "reset":
                    c.sendall(head(status, reason, rh, len(data)) + data[:min(8, len(data) // 2)])
                    time.sleep(0.05)    # the bytes go before the reset does
                    reset(c)
                    return
                c.sendall(head(status, reason, rh, len(data)) + data)
        except OSError:
            return
        finally:
            with lock:
                conns.discard(c)
            try:
                c.close()
            except OSError:
                pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--control", required=True, help="the file whose first line is the mode")
    p.add_argument("--log", help="appends 'METHOD MODE [key=KEY]' for every request")
    a = p.parse_args()
    proxy = Proxy(a.upstream, a.control, a.log)
    proxy.listen()
    print("faultproxy listening on http://127.0.0.1:%d" % proxy.port, flush=True)
    proxy.watch()


if __name__ == "__main__":
    main()
