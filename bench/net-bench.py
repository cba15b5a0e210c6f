#!/usr/bin/env python3
"""Network benchmark of the client (not a test): the real kabinet in a pseudo-terminal,
talking to the server through a TCP proxy that adds a round-trip time, as a network
between a subscriber and the operator would. scripts/bench-network.sh starts the
servers (kabinetd direct for HTTP/1.1, nginx with TLS 1.3 and HTTP/2) and calls this
once per case; see docs/benchmarks.md, "Network".

    net-bench.py --kabinet PATH --upstream HOST:PORT --server URL_PREFIX --login LOGIN
                 [--ca-file FILE] [--rtt-ms 50] [--runs 5] [--cache] [--size 120x40]
                 [--localedir DIR] [--label TEXT] [--dump FILE] <password-on-stdin

--server is the URL the client is given without the port (http://127.0.0.1 or
https://localhost): the proxy's port is added. Without --cache, each run starts
kabinet with no remembered login and no cache, types the password and measures from
Enter to the complete overview ("Updated at"). With --cache, one untimed run first
logs in with "remember me" (a keyring must be reachable: DBUS_SESSION_BUS_ADDRESS),
and each run measures from launch to the cached overview drawn ("Figures as of") and
to the fresh one.

The proxy delays every chunk by half the round-trip time each way and holds a new
connection's first bytes for one whole round trip (the TCP handshake the loopback
does not cost). It counts round trips as an upper bound of the critical path (it can
over-count, never under-count): a chunk the client sends
is one round deeper than the deepest answer it had received by then (a new
connection's handshake is one round itself), and an answer is as deep as the last
chunk the server had received on its connection (not counting chunks too small to be
a request: HTTP/2 and TLS acknowledgements, which go out while the server is still
working on the request before them). The rounds of a run are the depth
of the deepest answer delivered before the overview was complete.
"""
import argparse
import asyncio
import fcntl
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

# Client chunks under this many bytes are acknowledgements, not requests: every API
# request is larger (its JSON envelope alone is about 50 bytes, and the headers more).
ACK_MAX = 64


class Proxy:
    def __init__(self, upstream, rtt_ms):
        self.host, port = upstream.rsplit(":", 1)
        self.port_up = int(port)
        self.half = rtt_ms / 2000.0
        self.rtt = rtt_ms / 1000.0
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.reset()
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), daemon=True).start()
        started.wait()

    def reset(self):
        with self.lock:
            self.known = 0           # the deepest round delivered to the client
            self.deepest = []        # (time, round) each time it grew
            self.accepts = []        # times of new connections

    def _run(self, started):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._link, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()

    async def _pump(self, queue, writer, on_sent):
        while True:
            item = await queue.get()
            if item is None:
                break
            when, data, depth = item
            delay = when - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                writer.write(data)
                await writer.drain()
            except (ConnectionError, OSError):
                break
            on_sent(depth, len(data))
        try:
            writer.close()
        except (ConnectionError, OSError):
            pass

    async def _link(self, creader, cwriter):
        t0 = time.monotonic()
        with self.lock:
            self.accepts.append(t0)
            handshake = self.known + 1
        ready = t0 + self.rtt
        state = {"up": handshake}
        try:
            ureader, uwriter = await asyncio.open_connection(self.host, self.port_up)
        except OSError:
            cwriter.close()
            return
        up, down = asyncio.Queue(), asyncio.Queue()

        def sent_up(depth, size):
            # A chunk too small to hold a request (an HTTP/2 SETTINGS or WINDOW_UPDATE
            # acknowledgement is 31-44 bytes in TLS) is not what the server answers.
            if size >= ACK_MAX:
                state["up"] = depth

        def sent_down(depth, size):
            with self.lock:
                if depth > self.known:
                    self.known = depth
                    self.deepest.append((time.monotonic(), depth))

        async def from_client():
            while True:
                try:
                    data = await creader.read(65536)
                except (ConnectionError, OSError):
                    data = b""
                if not data:
                    await up.put(None)
                    return
                with self.lock:
                    depth = max(self.known, handshake) + 1
                when = max(time.monotonic(), ready) + self.half
                if os.environ.get("NET_BENCH_TRACE"):
                    print(f"  {time.monotonic() % 1000:9.3f} c->s {len(data):6d} B round {depth}", file=sys.stderr)
                await up.put((when, data, depth))

        async def from_server():
            while True:
                try:
                    data = await ureader.read(65536)
                except (ConnectionError, OSError):
                    data = b""
                if not data:
                    await down.put(None)
                    return
                if os.environ.get("NET_BENCH_TRACE"):
                    print(f"  {time.monotonic() % 1000:9.3f} s->c {len(data):6d} B round {state['up']}", file=sys.stderr)
                await down.put((time.monotonic() + self.half, data, state["up"]))

        await asyncio.gather(from_client(), from_server(),
                             self._pump(up, uwriter, sent_up),
                             self._pump(down, cwriter, sent_down))

    def figures(self, since, until):
        """Rounds delivered and connections opened between two times."""
        with self.lock:
            rounds = max([d for t, d in self.deepest if t <= until], default=0)
            conns = sum(1 for t in self.accepts if since <= t <= until)
        return rounds, conns


class Terminal:
    """kabinet in a pseudo-terminal of a fixed size; everything it writes is kept."""

    def __init__(self, argv, env, cols, rows, dump):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def become_tty():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave,
                                     preexec_fn=become_tty, close_fds=True)
        os.close(slave)
        self.out = bytearray()
        self.cond = threading.Condition()
        self.last = time.monotonic()
        self.dump = dump
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            with self.cond:
                if not data:
                    self.closed = True
                    self.cond.notify_all()
                    return
                self.out += data
                self.last = time.monotonic()
                self.cond.notify_all()
            if self.dump:
                self.dump.write(data)

    def mark(self):
        with self.cond:
            return len(self.out)

    def wait(self, marker, since=0, limit=30.0):
        """The time the marker first showed after offset `since`."""
        deadline = time.monotonic() + limit
        needle = marker.encode()
        with self.cond:
            while self.out.find(needle, since) < 0:
                left = deadline - time.monotonic()
                if left <= 0 or getattr(self, "closed", False):
                    tail = bytes(self.out[-400:]).decode("utf-8", "replace")
                    raise SystemExit(f"net-bench: no \"{marker}\" on the screen; last: {tail!r}")
                self.cond.wait(left)
            return self.last

    def quiet(self, ms=300, limit=10.0):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.cond:
                idle = time.monotonic() - self.last
            if idle * 1000 >= ms:
                return
            time.sleep(0.02)

    def send(self, text):
        os.write(self.master, text.encode())

    def smaps(self):
        fig = {}
        try:
            with open(f"/proc/{self.proc.pid}/smaps_rollup") as f:
                for line in f:
                    name, _, rest = line.partition(":")
                    if name in ("Rss", "Pss", "Private_Dirty", "Private_Clean"):
                        fig[name] = int(rest.split()[0])
        except OSError:
            pass
        return fig

    def smaps_by_mapping(self):
        """Private_Dirty KiB per mapped file (or [heap], [anon]), largest first."""
        by = {}
        name = "?"
        try:
            with open(f"/proc/{self.proc.pid}/smaps") as f:
                for line in f:
                    head = line.split()
                    if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
                        name = head[5] if len(head) > 5 else "[anon]"
                    elif head[0] == "Private_Dirty:":
                        by[name] = by.get(name, 0) + int(head[1])
        except OSError:
            pass
        return sorted(by.items(), key=lambda kv: -kv[1])

    def quit(self):
        self.send("Q")
        self.quiet(200, 3)
        self.send("y")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def environment(home, localedir):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "en_US.UTF-8", "TERM": "xterm-256color", "TZ": "UTC", "HOME": home,
        "XDG_CONFIG_HOME": f"{home}/config", "XDG_STATE_HOME": f"{home}/state",
        "XDG_DATA_HOME": f"{home}/data", "XDG_CACHE_HOME": f"{home}/cache",
        "KABINET_LOCALEDIR": localedir,
    }
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        env["DBUS_SESSION_BUS_ADDRESS"] = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    return env


def median(v):
    s = sorted(v)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kabinet", required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--login", required=True)
    ap.add_argument("--ca-file")
    ap.add_argument("--rtt-ms", type=float, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", action="store_true")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--localedir", default="build/locale")
    ap.add_argument("--label", default="")
    ap.add_argument("--dump")
    a = ap.parse_args()
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise SystemExit("net-bench: no password on stdin")
    cols, rows = (int(x) for x in a.size.split("x"))
    dump = open(a.dump, "ab") if a.dump else None
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    proxy = Proxy(a.upstream, a.rtt_ms)
    url = f"{a.server}:{proxy.port}"
    argv = [a.kabinet, "--lang", "en", "--server", url, "--login", a.login]
    if a.ca_file:
        argv += ["--ca-file", a.ca_file]
    home = tempfile.mkdtemp(prefix="kabinet-nbench-")
    results = []
    try:
        if a.cache:
            # The remembered login the timed runs start from (untimed).
            t = Terminal(argv, environment(home, a.localedir), cols, rows, dump)
            t.wait("Password")
            t.quiet()
            t.send(password)
            t.send("\x12")          # Ctrl-R: remember me (ncurses redraws only the x)
            t.quiet()
            t.send("\r")
            t.wait("Updated at")
            t.quiet()
            t.quit()
        for i in range(a.runs):
            if not a.cache:
                shutil.rmtree(home, ignore_errors=True)
                os.makedirs(home)
            proxy.reset()
            t = Terminal(argv + ([] if a.cache else ["--no-keyring"]),
                         environment(home, a.localedir), cols, rows, dump)
            r = {}
            if a.cache:
                start = t.started
                r["cached_ms"] = (t.wait("Figures as of") - start) * 1000
            else:
                t.wait("Password")
                t.quiet()
                t.send(password)
                t.quiet()
                r["before"] = proxy.figures(0, time.monotonic())[1]
                start = time.monotonic()
                from_ = t.mark()
                t.send("\r")
            done = t.wait("Updated at", from_ if not a.cache else 0)
            r["ms"] = (done - start) * 1000
            r["rounds"], r["conns"] = proxy.figures(start - 1, done)
            t.quiet()
            r.update(t.smaps())
            if os.environ.get("NET_BENCH_SMAPS") and i == 0:
                for name, kib in t.smaps_by_mapping()[:25]:
                    print(f"  {kib:6d} KiB  {name}", file=sys.stderr)
                if os.environ.get("NET_BENCH_SMAPS") == "raw":
                    subprocess.run(["sh", "-c", f"grep -E '^[0-9a-f]+-|Private_Dirty' /proc/{t.proc.pid}/smaps | paste - - | awk '$NF > 0 || 1' | grep -v 'Private_Dirty: *0 kB' >&2"])
            t.quit()
            results.append(r)
            if a.cache:
                # The fresh overview was written back; the next run starts from it.
                pass
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if dump:
            dump.close()

    ms = [r["ms"] for r in results]
    line = (f"{a.label}: {a.runs} runs, RTT {a.rtt_ms:g} ms, {cols}x{rows}: "
            f"{'launch' if a.cache else 'Enter'} to full overview min {min(ms):.0f} / "
            f"median {median(ms):.0f} / max {max(ms):.0f} ms; "
            f"rounds {sorted({r['rounds'] for r in results})}; "
            f"connections {sorted({r['conns'] for r in results})}; "
            f"Private_Dirty median {median([r.get('Private_Dirty', 0) for r in results]):.0f} KiB "
            f"(max {max(r.get('Private_Dirty', 0) for r in results)}), "
            f"RSS {median([r.get('Rss', 0) for r in results]):.0f} KiB")
    if a.cache:
        line += f"; cached overview drawn after median {median([r['cached_ms'] for r in results]):.0f} ms"
    else:
        line += f"; connections before Enter {max(r['before'] for r in results)}"
    print(line)
    print("RESULT\t" + "\t".join(str(x) for x in (
        a.label, a.runs, f"{min(ms):.0f}", f"{median(ms):.0f}", f"{max(ms):.0f}",
        max(r["rounds"] for r in results), min(r["rounds"] for r in results),
        max(r["conns"] for r in results),
        f"{median([r.get('Private_Dirty', 0) for r in results]):.0f}",
        max(r.get("Private_Dirty", 0) for r in results),
        f"{median([r['cached_ms'] for r in results]):.0f}" if a.cache else "-")))


if __name__ == "__main__":
    main()
