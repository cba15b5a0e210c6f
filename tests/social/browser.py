#!/usr/bin/env python3
"""A person at a browser approving a kabinet device login, for the social-login tests.

    browser.py [--deny] [--code CODE] [--credentials FILE] [--lang LANG] URL

Opens URL (kabinetd's approval page, <public-url>/device?code=... or /device) in
Debian's headless chromium and goes through the pages as a person would: kabinetd's
code form (with --code, types CODE over what is there; then submits it), kabinetd's
confirm page (presses approve, or deny with --deny), the provider's login page
(glewlwyd's: the login and password from FILE, a line each), the provider's Continue
button, until the browser is back on URL's origin with nothing left to press. Prints
that final page's text on standard output and exits 0; a page that stays unfinished
(a refused login, no answer) prints where it stopped on standard error and exits 1.
Each step is done once: the code form coming back (a wrong code) is a final page.

The browser is driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
NUL-terminated JSON on descriptors 3 and 4), so nothing beyond Python's standard
library is needed. Each run has a fresh profile directory, removed at the end;
--no-sandbox only as root (chromium refuses root with its sandbox).
"""

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

TIMEOUT = 60  # seconds for the whole way
STUCK = 10  # seconds a provider's page may stay after its step


class Chrome:
    """A headless chromium and its DevTools pipe."""

    def __init__(self, lang):
        self.profile = tempfile.mkdtemp(prefix="kabinet-chromium-")
        to_chrome_r, self.w = os.pipe()
        self.r, from_chrome_w = os.pipe()

        def pipes():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        args = ["chromium", "--headless=new", "--remote-debugging-pipe", "--no-first-run",
                "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-dev-shm-usage",
                "--metrics-recording-only", "--lang=" + lang,
                "--user-data-dir=" + self.profile]
        if os.getuid() == 0:
            args.append("--no-sandbox")
        args.append("about:blank")
        with open(os.path.join(self.profile, "stderr"), "w") as err:
            self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=pipes,
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=err)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.last_id = 0

    def _message(self, timeout):
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.r], [], [], timeout)
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.r, 65536)
            if not chunk:
                raise EOFError("chromium closed its pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=20):
        """The answer to METHOD; the events that come before it are of no use here."""
        self.last_id += 1
        msg = {"id": self.last_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        while True:
            answer = self._message(timeout)
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise RuntimeError("%s: %s" % (method, answer["error"]))
                return answer.get("result", {})

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except (OSError, RuntimeError, TimeoutError, EOFError):
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.w)
        os.close(self.r)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: navigation, script evaluation, typing."""

    def __init__(self, chrome):
        self.chrome = chrome
        target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = chrome.send("Target.attachToTarget",
                                   {"targetId": target, "flatten": True})["sessionId"]
        chrome.send("Page.enable", session=self.session)
        chrome.send("Runtime.enable", session=self.session)

    def goto(self, url):
        self.chrome.send("Page.navigate", {"url": url}, session=self.session)

    def js(self, expr):
        """The value of EXPR (a DOM node comes back as {}: ask for !!node)."""
        r = self.chrome.send("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                                  "awaitPromise": True}, session=self.session)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"].get("text", "exception"))
        return r["result"].get("value")

    def type_into(self, selector, text):
        """Replaces the text of the input SELECTOR with TEXT, typed."""
        self.js("(e => { e.focus(); e.select(); })(document.querySelector(%s))"
                % json.dumps(selector))
        self.chrome.send("Input.insertText", {"text": text}, session=self.session)


# What the page in front of the person is: busy (loading, or the page a click is
# leaving), code (kabinetd's code form), confirm (approve/deny), login and continue
# (the provider's), else its origin.
CLASSIFY = """(() => {
  const shown = e => !!e && e.offsetParent !== null;
  if (document.readyState !== 'complete' || window.__kabinetLeaving) return 'busy';
  if (document.querySelector('[name=decision]')) return 'confirm';
  if (document.querySelector('form input[name=code]')) return 'code';
  if (shown(document.querySelector('#username')) && shown(document.querySelector('#password')))
    return 'login';
  if ([...document.querySelectorAll('button')].some(b => shown(b) && b.innerText.trim() === 'Continue'))
    return 'continue';
  return location.origin;
})()"""

# Clicks the element the expression finds and marks the page as being left (a page
# that does not go away, as a script's page does not, keeps the mark off: login).
CLICK = "(e => { %s e.click(); return true; })(%s)"
LEAVING = "window.__kabinetLeaving = true;"


def click(page, expr, leaves=True):
    if not page.js(CLICK % (LEAVING if leaves else "", expr)):
        raise RuntimeError("nothing to click: " + expr)


def submit_code(page, code):
    if code is not None:
        page.type_into("form input[name=code]", code)
    click(page, "(f => f.querySelector('[type=submit], button:not([type])'))"
          "(document.querySelector('form input[name=code]').form)")


def decide(page, deny):
    click(page, "document.querySelector('[name=decision][value=%s]')"
          % ("deny" if deny else "approve"))


def log_in(page, credentials):
    with open(credentials) as f:
        login, password = f.read().splitlines()[:2]
    page.type_into("#username", login)
    page.type_into("#password", password)
    click(page, "document.querySelector('#loginbut')", leaves=False)


def press_continue(page):
    click(page, "[...document.querySelectorAll('button')].find(b => b.offsetParent !== null"
          " && b.innerText.trim() === 'Continue')")


def state(page):
    try:
        return page.js(CLASSIFY)
    except RuntimeError:
        return "busy"  # the page's context went away under the evaluation


def approve(page, args):
    """Goes through the pages until the final one; its text, or None."""
    home = "%s://%s" % urlsplit(args.url)[:2]
    steps = {
        "code": lambda: submit_code(page, args.code),
        "confirm": lambda: decide(page, args.deny),
        "login": lambda: log_in(page, args.credentials),
        "continue": lambda: press_continue(page),
    }
    done = {}
    page.goto(args.url)
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        now = state(page)
        if now in steps and now not in done:
            if now == "login" and not args.credentials:
                break
            steps[now]()
            done[now] = time.monotonic()
        elif now == home or (now in ("code", "confirm") and now in done):
            return page.js("document.body.innerText")
        elif now in done and time.monotonic() - done[now] > STUCK:
            break  # the provider's page stays: a refused login, say
        time.sleep(0.1)
    try:
        where = "%s (%s); the page says:\n%s" % (
            page.js("location.href"), state(page),
            page.js("document.body && document.body.innerText"))
    except (RuntimeError, TimeoutError):
        where = "a page that does not answer"
    print("browser.py: stopped at " + where, file=sys.stderr)
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--deny", action="store_true", help="press deny, not approve")
    p.add_argument("--code", help="type this code into the code form")
    p.add_argument("--credentials", help="the provider's login and password, a line each")
    p.add_argument("--lang", default="en-US", help="the browser's language (en-US)")
    p.add_argument("url")
    args = p.parse_args()
    chrome = Chrome(args.lang)
    try:
        text = approve(Page(chrome), args)
    finally:
        chrome.close()
    if text is None:
        return 1
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
