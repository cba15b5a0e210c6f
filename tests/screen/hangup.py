#!/usr/bin/env python3
"""Runs kabinet on a pseudo-terminal with SIGHUP blocked (as under a debugger that
holds the session), closes the terminal, and reports whether kabinet left by itself.
Usage: hangup.py KABINET [ARGS...]; exit 0 when it left within 5 s with status 129."""
import os
import pty
import signal
import sys
import time

pid, fd = pty.fork()
if pid == 0:
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
    os.execv(sys.argv[1], sys.argv[1:])
deadline = time.time() + 10
buf = b""
while time.time() < deadline and b"Password" not in buf and b"\xd0\x9f\xd0\xb0\xd1\x80" not in buf:
    try:
        buf += os.read(fd, 65536)
    except OSError:
        break
os.close(fd)
start = time.time()
while time.time() - start < 5:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        code = os.waitstatus_to_exitcode(status)
        print("kabinet left with status %d" % code)
        sys.exit(0 if code == 129 else 1)
    time.sleep(0.05)
print("kabinet still running 5 s after the hang-up")
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
sys.exit(1)
