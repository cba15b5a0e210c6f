#!/usr/bin/env python3
"""A connection flood from one address, for tests/attack/test_slow.sh.

    flood.py HOST PORT COUNT SECONDS

From 127.0.0.1, opens COUNT TCP connections to HOST:PORT (as fast as the kernel
takes them) and sends nothing on any; holds them for SECONDS, reading whatever the
server says, then closes them all and prints one line:

    opened N, refused N, answered 503 N, closed without an answer N, still open N

"answered 503" counts the connections whose first bytes were an HTTP 503 status line.
It never runs longer than SECONDS plus a few (the connects are bounded too).
"""

import selectors
import socket
import sys
import time


def open_all(host, port, count, deadline):
    """The connections opened before the deadline, and how many were refused."""
    socks, refused = [], 0
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        s = socket.socket()
        s.settimeout(2)
        try:
            s.bind(("127.0.0.1", 0))
            s.connect((host, port))
        except OSError:
            s.close()
            refused += 1
            continue
        s.setblocking(False)
        socks.append(s)
    return socks, refused


def hold(socks, deadline):
    """Reads from every connection until the deadline: {socket: first bytes or None
    when the server closed it}; a socket still open and silent is absent."""
    heard = {}
    sel = selectors.DefaultSelector()
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=max(0.0, deadline - time.monotonic())):
            s = key.fileobj
            try:
                data = s.recv(256)
            except OSError:
                data = b""
            if s not in heard:
                heard[s] = data or None
            if not data:
                sel.unregister(s)
    return heard


def main():
    host, port, count, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    start = time.monotonic()
    socks, refused = open_all(host, port, count, start + seconds)
    heard = hold(socks, start + seconds)
    answered = sum(1 for d in heard.values() if d and d.startswith(b"HTTP/1.1 503"))
    silent_close = sum(1 for d in heard.values() if d is None)
    still = len(socks) - len(heard)
    for s in socks:
        s.close()
    print("opened %d, refused %d, answered 503 %d, closed without an answer %d, still open %d"
          % (len(socks), refused, answered, silent_close, still))


if __name__ == "__main__":
    main()
