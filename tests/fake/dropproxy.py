#!/usr/bin/env python3
"""A proxy in front of kabinetd that loses answers: every request goes to the server,
but the answer to the first call of each METHOD named with --drop never comes back
(the client's connection is closed instead), as when a network breaks after the
server has done the work. With --log FILE, the method of every request is appended
to FILE (a test that nothing was sent). Prints "dropproxy listening on http://HOST:PORT" when
ready and one line "dropped METHOD" to stderr per answer it lost.

    dropproxy.py --upstream http://127.0.0.1:8480 --drop createPayment [--drop ...]
"""
import argparse
import http.client
import socket
import socketserver
import sys
import threading
import urllib.parse

lock = threading.Lock()
to_drop = {}


def read_request(f):
    line = f.readline()
    if not line:
        return None
    headers = []
    length = 0
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = f.read(length) if length else b""
    method, path, _ = line.decode("latin-1").split(" ", 2)
    return method, path, headers, body


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        up = urllib.parse.urlsplit(self.server.upstream)
        while True:
            req = read_request(self.rfile)
            if req is None:
                return
            verb, path, headers, body = req
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=30)
            keep = {k: v for k, v in headers if k.lower() not in ("connection", "host", "content-length")}
            conn.request(verb, path, body=body, headers=keep)
            resp = conn.getresponse()
            data = resp.read()
            name = path.rsplit("/", 1)[-1]
            with lock:
                if self.server.log:
                    with open(self.server.log, "a") as f:
                        f.write(name + "\n")
                drop = to_drop.get(name, 0) > 0
                if drop:
                    to_drop[name] -= 1
            if drop:
                print("dropped " + name, file=sys.stderr, flush=True)
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            out = ["HTTP/1.1 %d %s" % (resp.status, resp.reason)]
            for k, v in resp.getheaders():
                if k.lower() not in ("connection", "content-length", "transfer-encoding"):
                    out.append("%s: %s" % (k, v))
            out.append("Content-Length: %d" % len(data))
            out.append("Connection: keep-alive")
            self.wfile.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + data)
            self.wfile.flush()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--drop", action="append", default=[])
    p.add_argument("--log", help="appends the method of every request to this file")
    a = p.parse_args()
    for m in a.drop:
        to_drop[m] = to_drop.get(m, 0) + 1
    srv = Server(("127.0.0.1", 0), Handler)
    srv.upstream = a.upstream
    srv.log = a.log
    print("dropproxy listening on http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
