#!/usr/bin/env python3
"""fakeserver: a scripted, hostile stand-in for kabinetd, for the client's tests only.

It is NOT a server for real use: it keeps everything in memory, accepts any login
with the demo password, and some scenarios deliberately send broken or dangerous
answers. It speaks just enough of the personal-cabinet API (docs/api.md) for
`kabinet` to log in and draw its overview: login, loginByToken, logout,
checkSession, getProfile, getAccounts, getAccountBalanceV2, getServiceTariffName,
getFplStatus, getAutopayRules, getDevices, revokeDevice, and social login and
linking (below). Anything else is
404 NOT_FOUND.

    python3 tests/fake/fakeserver.py --listen 127.0.0.1:0 --scenario NAME [options]

prints `fakeserver listening on http://HOST:PORT` once it accepts connections,
logs one line per request to stderr and runs until SIGTERM or SIGINT (exit 0).

Scenarios:
  normal     --accounts N (default 3) accounts with --services M services in all
             (default one per account, dealt round-robin), plain Russian data.
  hostile    fixed data in which every string the client may print carries a
             different terminal or encoding attack (escape sequences, CR/LF, C0
             and C1 controls, bidirectional overrides, U+2028/9, raw invalid
             UTF-8 bytes in the body); each payload names its field, e.g.
             "PWNED profile.login", so a test can tell which one leaked.
             Identifiers (ids, account and phone numbers, service numbers,
             card masks) are clean: one with such a character makes the whole
             answer bad (tests/screen/test_hostile_ids.sh).
             With --fail-method getAutopayRules that method answers 409 CONFLICT.
  odd        fixed data with possible but odd values: balances of 2^53+1 and
             -(2^53), negative recommendedPayment, daysToLock -3/0/null/100000,
             a duplicated account and a duplicated serviceId, empty strings, a
             300-character login, a promised payment ending in 9999.
  truncated  getAccounts declares a Content-Length larger than what it sends,
             then closes the connection.
  cookies    login (and loginByToken) answers carry 5000 extra Set-Cookie headers
             and three bogus SESSION cookies before the valid one.
  hang       getAccounts (or --hang-method) reads the request and never answers;
             the connection stays open until the client closes it.
  badjson    getAccounts answers 200 with `{"accounts": [`; with --status500 it
             answers 500 with an HTML page instead.
  slow       every answer is delayed by --delay-ms (default 300).
  huge       getAccounts answers 200 with valid JSON of --huge-mib MiB (default 9)
             and its Content-Length: the normal accounts and a long padding string.
  endless    getAccounts answers 200 chunked, without Content-Length, with a list of
             accounts that never ends; it logs "endless ended after N bytes" when the
             client closes the connection.
  bigheader  getAccounts answers 200 with "Content-Length: 1099511627776" (1 TiB)
             and then sends nothing, until the client closes the connection.

Social login and linking (every scenario; --no-social: no provider): five providers
whose flows end as scripted, on the third poll (the first answers SLOW_DOWN with
interval 2, the second AUTHORIZATION_PENDING): "vk" (VK ID) approves a login (login's
answer, the demo profile) and makes a link; "ok" (OK ID) ends NOT_LINKED /
LINKED_ELSEWHERE; "mail" (Mail ID) DENIED; "ya" (Yandex ID) EXPIRED_TOKEN; "sber"
(Sber ID) PROVIDER_ERROR. --social-expires S sets expiresIn (default 600). The links
are kept in memory (getSocialLinks, unlinkSocial).

Options that work in every scenario: --fail-method NAME (repeatable; that method
answers --fail-status, default 409, with a hostile errorMsg), --hang-method NAME
(repeatable), --delay-ms MS, --stats FILE (see write_stats), --hold-method NAME
(repeatable) with --release FILE: that method's answers wait until FILE exists, so a
test can look at the client while a load is surely still going on.
"""

import argparse
import json
import os
import select
import signal
import socket
import socketserver
import sys
import threading
import time
import secrets
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PASSWORD = "Kabinet-2026"
MAX_BODY = 64 * 1024
DRAIN_LIMIT = 1024 * 1024  # larger bodies are refused unread, and the connection closed
MAX_TARIFF_BATCH = 100
IDLE_TIMEOUT = 10  # seconds, as kabinetd

# json.dumps cannot write raw bytes, so hostile strings carry private-use code
# points that encode() swaps for these bytes after serialising.
RAW_BYTES = {
    "\ue000": b"\xff",  # never valid in UTF-8
    "\ue001": b"\xc3\x28",  # a lead byte followed by ASCII
    "\ue002": b"\xc0\xaf",  # overlong "/"
    "\ue003": b"\xe2\x82",  # a truncated three-byte sequence
    "\ue004": b"\x1b",  # an ESC byte unescaped inside a JSON string
}
RAW_SWAPS = [(k.encode("utf-8"), v) for k, v in RAW_BYTES.items()]

STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    422: "VALIDATION",
    429: "RATE_LIMITED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


def encode(obj):
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if b"\xee\x80" in body:
        for marker, raw in RAW_SWAPS:
            body = body.replace(marker, raw)
    return body


def now_rfc3339():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# --- scenario data ---------------------------------------------------------


class Data:
    """What the server answers with: built once at start, read-only afterwards."""

    def __init__(self):
        self.profile = {}
        self.accounts = []  # account objects as getAccounts sends them
        self.balances = {}  # accountId -> balance object
        self.tariffs = {}  # serviceId -> name (or None)
        self.fpl = {}
        self.rules = []
        self.device_name = None  # overrides the name of every device when set
        self.error_msg = None  # overrides every errorMsg when set
        self.accounts_body = b""
        self.balance_bodies = {}

    def freeze(self):
        self.accounts_body = encode({"accounts": self.accounts})
        self.balance_bodies = {k: encode(v) for k, v in self.balances.items()}
        return self


NORMAL_PROFILE = {
    "login": "demo",
    "lastName": "Иванов",
    "name": "Пётр",
    "middleName": "Сергеевич",
    "email": "demo@kabinet.example",
    "phone": "+79221234522",
    "region": "Пермский край",
    "twoStepLogin": False,
    "financialBlockStatus": "NONE",
}
NORMAL_FPL = {
    "status": "ACTIVE",
    "balance": 1250,
    "levelInfo": {"level": "STANDARD", "name": "Стандарт", "expireDate": "2027-12-31"},
    "balanceBurningPoints": [{"points": 300, "burningDate": "2027-01-31"}],
}
REGIONS = [
    ("Пермский край", "г. Пермь"),
    ("Свердловская область", "г. Екатеринбург"),
    ("Удмуртская Республика", "г. Ижевск"),
    ("Кировская область", "г. Киров"),
    ("Республика Башкортостан", "г. Уфа"),
    ("Челябинская область", "г. Челябинск"),
]
STREETS = ["ул. Ленина", "ул. Мира", "ул. Пушкина", "Комсомольский пр-т", "ул. Гагарина"]
TYPES = [1, 2, 8, 16]
TARIFFS = {1: "Домашний 300", 2: "Домашний телефон", 8: "ТВ Базовый", 16: "Смарт 15"}
MONTHLY_FEE = 65000


def phone_display(digits10):
    d = digits10
    return "+7 (%s) %s-%s-%s" % (d[0:3], d[3:6], d[6:8], d[8:10])


def normal_service(j):
    t = TYPES[(j - 1) % len(TYPES)]
    if t == 1:
        number = display = "user%d" % j
    elif t == 2:
        digits = "342%07d" % j
        number, display = digits, phone_display(digits)
    elif t == 8:
        number = display = "tv%06d" % j
    else:
        digits = "922%07d" % j
        number, display = "+7" + digits, phone_display(digits)
    if j % 13 == 0:
        status = "BLOCKED"
    elif j % 17 == 0:
        status = "VOLUNTARY_BLOCKED"
    else:
        status = "ACTIVE"
    return {
        "serviceId": "svc%d" % j,
        "type": t,
        "number": number,
        "displayNumber": display,
        "status": status,
    }


def build_normal(n_accounts, n_services):
    d = Data()
    d.profile = dict(NORMAL_PROFILE)
    d.fpl = NORMAL_FPL
    for i in range(1, n_accounts + 1):
        region, city = REGIONS[(i - 1) % len(REGIONS)]
        d.accounts.append(
            {
                "accountId": "acc%d" % i,
                "number": "59%010d" % i,
                "region": region,
                "address": "%s, %s, д. %d, кв. %d"
                % (city, STREETS[i % len(STREETS)], i % 120 + 1, i % 97 + 1),
                "paymentSystem": "CREDIT" if i % 3 == 0 else "ADVANCE",
                "relation": "RELATIVE" if i % 4 == 0 else "OWN",
                "services": [],
            }
        )
    for j in range(1, n_services + 1):
        svc = normal_service(j)
        if d.accounts:
            d.accounts[(j - 1) % n_accounts]["services"].append(svc)
            d.tariffs[svc["serviceId"]] = TARIFFS[svc["type"]]
    for i, a in enumerate(d.accounts, 1):
        if i == 1:
            bal = 83050
        elif i == 2:
            bal = -12000
        else:
            bal = (i * 7919) % 300000 - 80000
        blocked = any(s["status"] == "BLOCKED" for s in a["services"])
        promised = None
        if a["paymentSystem"] == "CREDIT":
            rec = max(0, -bal)
            days = 12 if bal < 0 else None
        else:
            rec = max(0, MONTHLY_FEE - bal)
            days = 0 if blocked else (9 if bal < MONTHLY_FEE else None)
            if bal < 0 and i % 5 == 2:
                promised = {"amount": 30000, "expiresAt": "2026-11-27T00:00:00Z"}
                rec += 30000
        d.balances[a["accountId"]] = {
            "balance": bal,
            "recommendedPayment": rec,
            "daysToLock": days,
            "promisedPayment": promised,
        }
    d.rules = []
    return d


def tag(field):
    return "<%s>" % field


# Payloads, each followed or preceded by the name of the field that carries it.
def p_osc_title(f):
    return "\x1b]0;PWNED %s\x07" % tag(f)


HOSTILE_ERROR_MSG = (
    "Ошибка" + p_osc_title("errorMsg") + "\r\nFORGED LINE\u009b2J\u202e" + tag("errorMsg")
)


def build_hostile():
    d = Data()
    long_region = ("Пермский край " * 400)[:200]  # 386 bytes: within the 400 of docs/api.md
    d.profile = {
        "login": "demo" + p_osc_title("profile.login"),
        "lastName": "Иванов\x1b[2J" + tag("profile.lastName"),
        "name": "Пётр\x1b[31m" + tag("profile.name"),
        "middleName": "Сергеевич" + tag("profile.middleName") + "\x1b",
        "email": "line1\r\nFORGED LINE " + tag("profile.email"),
        "phone": "+79221234522",
        "region": "Пермский край\ue004[7m\u2028" + tag("profile.region") + "\u2029",
        "twoStepLogin": False,
        "financialBlockStatus": "NONE",
    }

    def acc(n, number, region, address, system, services):
        return {
            "accountId": "acc%d" % n,
            "number": number,
            "region": region,
            "address": address,
            "paymentSystem": system,
            "relation": "OWN" if n % 2 else "RELATIVE",
            "services": services,
        }

    def svc(n, t, number, display, status, tariff):
        d.tariffs["svc%d" % n] = tariff
        return {
            "serviceId": "svc%d" % n,
            "type": t,
            "number": number,
            "displayNumber": display,
            "status": status,
        }

    d.accounts = [
        acc(
            1,
            "590000000001",
            "Пермский\tкрай\x07" + tag("acc1.region"),
            "г. Пермь, ул. Ленина, д. 50\x08\x08\x08\x08" + tag("acc1.address")
            + p_osc_title("acc1.address") + "\x1b[2J\x1b[31m\r\nFORGED LINE ",
            "ADVANCE",
            [
                svc(
                    1,
                    1,
                    "perm_ivanov",
                    "perm_ivanov",
                    "ACTIVE",
                    "\x1b]8;;http://evil.example/\x07Домашний 300\x1b]8;;\x07"
                    + tag("svc1.tariff"),
                ),
                svc(
                    2,
                    16,
                    "+79221234522",
                    "+7 (922) 123-45-22",
                    "BLOCKED",
                    "Смарт\x1b]52;c;UFdORUQ=\x07" + tag("svc2.tariff"),
                ),
            ],
        ),
        acc(
            2,
            "590000000002",
            long_region,
            "г. Пермь, ул. Мира, д. 1\x7f\x7f\x7f" + tag("acc2.address") + "\x1b\u009b2J",
            "CREDIT",
            [
                svc(
                    3,
                    2,
                    "3422000001",
                    "+7 (342) 200-00-01",
                    "ACTIVE",
                    "Базовый\x1b[2J" + tag("svc3.tariff"),
                ),
            ],
        ),
        acc(
            3,
            "590000000003",
            "",
            "г. Пермь\u0085ул. Горького\u009b31m\x08\u202e\u202d" + tag("acc3.address"),
            "ADVANCE",
            [
                svc(
                    4,
                    8,
                    "tv000004",
                    "tv000004",
                    "VOLUNTARY_BLOCKED",
                    "\u2066ТВ\u2067Базовый\u2068" + tag("svc4.tariff") + "\u2069",
                ),
            ],
        ),
        acc(
            4,
            "590000000004",
            "\u202eйарк йиксмреП\u202d" + tag("acc4.region"),
            "\u2066г. Пермь\u2069\u200f\u061c\u2067ул. Ленина\u2069" + tag("acc4.address")
            + "\x7f\u2028",
            "ADVANCE",
            [
                svc(
                    5,
                    1,
                    "perm_free",
                    "perm_free",
                    "ACTIVE",
                    "Домашний\r\nFORGED LINE " + tag("svc5.tariff"),
                ),
            ],
        ),
        acc(
            5,
            "590000000005",
            "Пермский край\ue000\ue001" + tag("acc5.region"),
            "г. Пермь\ue002ул.\tЛенина\ue003" + tag("acc5.address"),
            "CREDIT",
            [
                svc(
                    6,
                    16,
                    "+79220000006",
                    "+7 (922) 000-00-06",
                    "NOT_CONNECTED",
                    "Смарт\ue004[5m\u0085" + tag("svc6.tariff"),
                ),
            ],
        ),
    ]
    d.balances = {
        "acc1": {
            "balance": 83050,
            "recommendedPayment": 11950,
            "daysToLock": None,
            "promisedPayment": {
                "amount": 30000,
                "expiresAt": "2026-11-27T00:00:00Z",  # an instant: read, never shown as text
            },
        },
        "acc2": {"balance": -120000, "recommendedPayment": 120000, "daysToLock": 3,
                 "promisedPayment": None},
        "acc3": {"balance": 0, "recommendedPayment": 65000, "daysToLock": 9,
                 "promisedPayment": None},
        "acc4": {"balance": 150000, "recommendedPayment": 0, "daysToLock": None,
                 "promisedPayment": None},
        "acc5": {"balance": -500, "recommendedPayment": 500, "daysToLock": 0,
                 "promisedPayment": None},
    }
    d.fpl = {
        "status": "ACTIVE",
        "balance": 1250,
        "levelInfo": {
            "level": "STANDARD",
            "name": "Стандарт\x1b]52;c;UFdORUQ=\x07" + tag("fpl.level.name"),
            "expireDate": "2027-12-31\rFORGED " + tag("fpl.expireDate"),
        },
        "balanceBurningPoints": [
            {"points": 300, "burningDate": "\u202e2027-01-31" + tag("fpl.burningDate")}
        ],
    }
    d.rules = [
        {
            "ruleId": "apr1",
            "accountId": "acc1",
            "cardId": "card1",
            "cardMask": "2200 00** **** 0004",
            "kind": "THRESHOLD",
            "threshold": 10000,
            "amount": 50000,
            "day": None,
            "enabled": True,
            "lastRun": {
                "date": "2026-11-10\u2066" + tag("autopay.lastRun.date"),
                "status": "DECLINED",
                "amount": 50000,
            },
        }
    ]
    d.device_name = "kabinet/0.1" + p_osc_title("device.name")
    d.error_msg = HOSTILE_ERROR_MSG
    return d


def build_odd():
    d = Data()
    d.profile = dict(NORMAL_PROFILE)
    d.profile.update(
        {
            "login": ("verylonglogin" * 24)[:300],
            "middleName": "",
            "email": None,
            "phone": None,
        }
    )

    def svc(n, t, number, display, status, tariff):
        d.tariffs["svc%d" % n] = tariff
        return {"serviceId": "svc%d" % n, "type": t, "number": number,
                "displayNumber": display, "status": status}

    acc1 = {
        "accountId": "acc1", "number": "590000000001", "region": "Пермский край",
        "address": "г. Пермь, ул. Ленина, д. 50, кв. 12", "paymentSystem": "ADVANCE",
        "relation": "OWN",
        "services": [svc(1, 1, "perm_ivanov", "perm_ivanov", "ACTIVE", "Домашний 300")],
    }
    d.accounts = [
        acc1,
        {
            "accountId": "acc2", "number": "590000000002", "region": "Пермский край",
            "address": "г. Пермь, ул. Мира, д. 1", "paymentSystem": "CREDIT",
            "relation": "RELATIVE",
            "services": [
                svc(2, 2, "3422000002", "+7 (342) 200-00-02", "BLOCKED", "Базовый"),
                svc(3, 16, "+79221234523", "+7 (922) 123-45-23", "ACTIVE", "Смарт 15"),
            ],
        },
        {
            "accountId": "acc3", "number": "590000000003", "region": "", "address": "",
            "paymentSystem": "ADVANCE", "relation": "OWN",
            "services": [
                svc(4, 8, "", "", "ACTIVE", ""),
                svc(5, 6, "", "", "NOT_CONNECTED", "Аренда роутера"),
            ],
        },
        {
            "accountId": "acc4", "number": "590000000004", "region": "Свердловская область",
            "address": "г. Екатеринбург, ул. Малышева, д. 1", "paymentSystem": "ADVANCE",
            "relation": "OWN",
            "services": [
                svc(6, 15, "allo6", "allo6", "ACTIVE", "Алло"),
                svc(6, 15, "allo6", "allo6", "ACTIVE", "Алло"),
            ],
        },
        {
            "accountId": "acc5", "number": "590000000005", "region": "Пермский край",
            "address": "г. Пермь, ул. Пушкина, д. 7", "paymentSystem": "ADVANCE",
            "relation": "OWN",
            "services": [svc(7, 1, "perm_op", "perm_op", "OPERATOR_BLOCK", None)],
        },
        acc1,  # the same account again
    ]
    d.balances = {
        "acc1": {"balance": 2**53 + 1, "recommendedPayment": 0, "daysToLock": -3,
                 "promisedPayment": None},
        "acc2": {"balance": -(2**53), "recommendedPayment": -500, "daysToLock": 0,
                 "promisedPayment": None},
        "acc3": {"balance": 0, "recommendedPayment": 0, "daysToLock": None,
                 "promisedPayment": None},
        "acc4": {"balance": 12345, "recommendedPayment": 102655, "daysToLock": 100000,
                 "promisedPayment": {"amount": 50000, "expiresAt": "9999-12-31T23:59:59Z"}},
        "acc5": {"balance": 100, "recommendedPayment": 64900, "daysToLock": 5,
                 "promisedPayment": None},
    }
    d.fpl = {
        "status": "ACTIVE",
        "balance": 2**53,
        "levelInfo": {"level": "PRIVILEGE", "name": "Привилегия", "expireDate": "9999-12-31"},
        "balanceBurningPoints": [{"points": 0, "burningDate": "2026-01-01"}],
    }
    d.rules = []
    return d


# --- mutable state ---------------------------------------------------------


class State:
    def __init__(self, args, data):
        self.args = args
        self.data = data
        self.lock = threading.Lock()
        self.stats_lock = threading.Lock()
        self.sessions = {}  # SESSION -> {"csrf": str, "device": deviceId or None}
        self.tokens = {}  # remember token -> [deviceId, still valid]
        self.devices = {}  # deviceId -> {"name", "lastUsed", "token", "order"}
        self.device_seq = 0
        self.requests = 0
        self.by_method = {}
        self.open_conns = 0
        self.max_conns = 0
        self.tokens_issued = 0
        self.max_batch = 0
        self.flows = {}  # deviceCode -> {"provider", "link", "polls"}
        self.links = {}  # provider -> {"displayName", "linkedAt"}

    # connections and stats

    def conn_opened(self):
        with self.lock:
            self.open_conns += 1
            self.max_conns = max(self.max_conns, self.open_conns)

    def conn_closed(self):
        with self.lock:
            self.open_conns -= 1
        self.write_stats()

    def count_request(self, method):
        with self.lock:
            self.requests += 1
            self.by_method[method] = self.by_method.get(method, 0) + 1

    def note_batch(self, n):
        with self.lock:
            self.max_batch = max(self.max_batch, n)

    def write_stats(self):
        """Rewrites --stats FILE atomically (temp file, rename) as JSON:
        {"requests", "by_method", "max_concurrent_connections", "open_connections",
        "remember_tokens_issued", "max_tariff_batch"}."""
        path = self.args.stats
        if not path:
            return
        with self.stats_lock:
            with self.lock:
                snap = {
                    "requests": self.requests,
                    "by_method": dict(self.by_method),
                    "max_concurrent_connections": self.max_conns,
                    "open_connections": self.open_conns,
                    "remember_tokens_issued": self.tokens_issued,
                    "max_tariff_batch": self.max_batch,
                }
            tmp = "%s.tmp.%d" % (path, os.getpid())
            try:
                with open(tmp, "w", encoding="utf-8") as f:
                    json.dump(snap, f, sort_keys=True)
                    f.write("\n")
                os.replace(tmp, path)
            except OSError as e:
                log("stats: %s: %s" % (path, e))

    # sessions and devices

    def new_session(self, device=None):
        sid = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        with self.lock:
            self.sessions[sid] = {"csrf": csrf, "device": device}
        return sid, csrf

    def new_device(self, name):
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.device_seq += 1
            dev = "dev_%016x" % secrets.randbits(64)
            self.devices[dev] = {"name": name, "lastUsed": now_rfc3339(),
                                 "token": token, "order": self.device_seq}
            self.tokens[token] = [dev, True]
            self.tokens_issued += 1
        return dev, token

    def rotate(self, token):
        """The device and a new token for a valid token; None otherwise. A token
        presented again after its rotation revokes its device, as kabinetd does."""
        with self.lock:
            entry = self.tokens.get(token)
            if not entry or entry[0] not in self.devices:
                return None
            dev, valid = entry
            if not valid:
                self._revoke_locked(dev)
                return None
            entry[1] = False
            new = secrets.token_urlsafe(32)
            self.tokens[new] = [dev, True]
            self.device_seq += 1
            self.devices[dev].update(token=new, lastUsed=now_rfc3339(), order=self.device_seq)
            self.tokens_issued += 1
            return dev, new

    def _revoke_locked(self, dev):
        self.devices.pop(dev, None)
        for t in [t for t, e in self.tokens.items() if e[0] == dev]:
            del self.tokens[t]
        for s in [s for s, v in self.sessions.items() if v["device"] == dev]:
            del self.sessions[s]

    def revoke(self, dev):
        with self.lock:
            if dev not in self.devices:
                return False
            self._revoke_locked(dev)
            return True


# --- HTTP ------------------------------------------------------------------

LOG_LOCK = threading.Lock()
STOP = threading.Event()


def log(line):
    with LOG_LOCK:
        try:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


class Reply(Exception):
    """Raised by a method handler to answer an error."""

    def __init__(self, status, code, ru, en=None, field=None, headers=(), hostile=False):
        super().__init__(code)
        self.status, self.code, self.ru, self.en = status, code, ru, en or ru
        self.field, self.headers, self.hostile = field, list(headers), hostile


class BadRequest(Exception):
    pass


def parse_cookies(values):
    out = {}
    for header in values:
        for part in header.split(";"):
            name, eq, value = part.strip().partition("=")
            if eq and name not in out:
                out[name] = value
    return out


def session_cookies(sid, csrf):
    return [("Set-Cookie", "SESSION=%s; Path=/; HttpOnly" % sid),
            ("Set-Cookie", "CSRF-TOKEN=%s; Path=/" % csrf)]


CLEAR_COOKIES = [("Set-Cookie", "SESSION=; Path=/; HttpOnly; Max-Age=0"),
                 ("Set-Cookie", "CSRF-TOKEN=; Path=/; Max-Age=0")]


def cookie_flood():
    """5000 junk cookies with three bogus SESSION ones among them (first, middle,
    last); the caller appends the valid SESSION after them."""
    flood = [("Set-Cookie", "c%04d=%d; Path=/" % (i, i)) for i in range(5000)]
    bogus = [("Set-Cookie", "SESSION=bogus%d; Path=/; HttpOnly" % n) for n in (1, 2, 3)]
    return [bogus[0]] + flood[:2500] + [bogus[1]] + flood[2500:] + [bogus[2]]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakeserver"
    timeout = IDLE_TIMEOUT
    # The head and the body go out in two writes: with Nagle's algorithm the body
    # would wait for the client's delayed acknowledgement of the head (40 ms) on every
    # kept-alive connection, which kabinetd never makes a client wait.
    disable_nagle_algorithm = True

    # connection accounting (a connection is open from setup to finish)

    def setup(self):
        super().setup()
        self.state = self.server.state
        self.state.conn_opened()

    def finish(self):
        try:
            super().finish()
        finally:
            self.state.conn_closed()

    def version_string(self):
        return self.server_version

    def log_request(self, code="-", size="-"):
        pass  # answer() logs

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    # answers

    def answer(self, status, body, headers=(), close=False, send=None,
               ctype="application/json; charset=utf-8"):
        """Sends status and body (bytes) with Content-Length; `send` is how many
        bytes of the body really go out (truncated scenario)."""
        args = self.state.args
        if args.delay_ms > 0:
            time.sleep(args.delay_ms / 1000.0)
        # The stats are rewritten before the answer leaves, so that a test that has
        # the answer also sees the request counted.
        self.state.write_stats()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        out = body if send is None else body[:send]
        if self.command != "HEAD":
            self.wfile.write(out)
        self.answered = True
        log("%s %s %d %d" % (self.command, self.path, status, len(out)))

    def error_body(self, status, code, ru, en=None, field=None, hostile=False):
        msg = HOSTILE_ERROR_MSG if hostile else self.state.data.error_msg
        if msg is None:
            msg = en if (en and self.english()) else ru
        obj = {"isError": True, "errorCode": code, "errorMsg": msg}
        if field is not None:
            obj["field"] = field
        return encode(obj)

    def fail(self, status, code, ru, en=None, field=None, headers=(), close=False,
             hostile=False):
        self.answer(status, self.error_body(status, code, ru, en, field, hostile), headers,
                    close)

    def english(self):
        return self.headers.get("Accept-Language", "").strip().lower().startswith("en")

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (bad request line, headers too long, ...) as
        JSON error answers; the connection is closed after them."""
        self.answered = True
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # garbage, not HTTP/0.9: show a status line
        self.state.write_stats()
        try:
            body = encode({"isError": True, "errorCode": STATUS_CODES.get(code, "BAD_REQUEST"),
                           "errorMsg": message or "Bad request"})
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except OSError:
            pass
        self.close_connection = True
        log("%s %s %d (%s)" % (getattr(self, "command", None) or "-",
                               getattr(self, "path", None) or "-", code, message))

    # verbs

    def other_verb(self):
        self.answered = False
        try:
            self.drain_body()
        except BadRequest:
            self.close_connection = True
        if self.path.startswith("/client-api/"):
            self.count(self.path[len("/client-api/"):] or "(none)")
            self.fail(405, "METHOD_NOT_ALLOWED", "Метод не поддерживается",
                      "Method not allowed", headers=[("Allow", "POST")])
        else:
            self.count("(other)")
            self.fail(404, "NOT_FOUND", "Не найдено", "Not found")

    do_GET = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = other_verb

    def do_POST(self):
        self.answered = False
        try:
            self.post()
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True
        except Exception as e:  # never let a request kill the server
            log("%s %s: internal error: %r" % (self.command, self.path, e))
            self.close_connection = True
            if not self.answered:
                try:
                    self.fail(500, "INTERNAL", "Внутренняя ошибка", "Internal error", close=True)
                except OSError:
                    pass

    def count(self, method):
        self.state.count_request(method)

    def drain_body(self, limit=MAX_BODY):
        """The request body (Content-Length or chunked), at most `limit` bytes."""
        te = self.headers.get("Transfer-Encoding", "")
        if te.strip().lower() == "chunked":
            body = b""
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise BadRequest("bad chunk size")
                if size < 0 or len(body) + size > limit:
                    raise BadRequest("too large")
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                chunk = self.rfile.read(size)
                if len(chunk) < size:
                    raise ConnectionError("short body")
                body += chunk
                self.rfile.readline(1024)
        elif te:
            raise BadRequest("unsupported transfer encoding")
        cl = self.headers.get("Content-Length")
        if cl is None:
            return b""
        try:
            n = int(cl)
        except ValueError:
            raise BadRequest("bad content length")
        if n < 0:
            raise BadRequest("bad content length")
        if n > limit:
            if n > DRAIN_LIMIT:
                raise BadRequest("too large")
            # Read and drop a moderately large body, so that the client (still
            # sending) does not see its connection reset before the 413 arrives.
            while n > 0:
                chunk = self.rfile.read(min(n, 65536))
                if not chunk:
                    raise ConnectionError("short body")
                n -= len(chunk)
            raise BadRequest("too large, drained")
        body = self.rfile.read(n)
        if len(body) < n:
            raise ConnectionError("short body")
        return body

    def post(self):
        st, args = self.state, self.state.args
        path = self.path
        method = path[len("/client-api/"):] if path.startswith("/client-api/") else None
        try:
            body = self.drain_body()
        except BadRequest as e:
            self.count(method or "(other)")
            if str(e).startswith("too large"):
                self.fail(413, "PAYLOAD_TOO_LARGE", "Слишком большой запрос",
                          "Request too large", close=not str(e).endswith("drained"))
            else:
                self.fail(400, "BAD_REQUEST", "Некорректный запрос", "Bad request", close=True)
            return
        if not method or "/" in method or "?" in method:
            self.count("(other)")
            self.fail(404, "NOT_FOUND", "Не найдено", "Not found")
            return
        self.count(method)
        if method in args.hang_method:
            self.hang()
            return
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self.fail(400, "BAD_REQUEST", "Нужен Content-Type: application/json",
                      "Content-Type must be application/json")
            return
        try:
            req = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):
            req = None
        if not isinstance(req, dict):
            self.fail(400, "BAD_REQUEST", "Тело запроса не JSON-объект",
                      "The body is not a JSON object")
            return
        handler = METHODS.get(method)
        if handler is None:
            self.fail(404, "NOT_FOUND", "Нет такого метода", "No such method")
            return
        fn, public = handler
        if method in args.hold_method:
            while not os.path.exists(args.release) and not STOP.is_set():
                time.sleep(0.05)
        try:
            sess = None if public else self.need_session()
            if method in args.fail_method:
                raise Reply(args.fail_status, STATUS_CODES.get(args.fail_status, "CONFLICT"),
                            "Операция невозможна", "Not possible now", hostile=True)
            fn(self, req, sess)
        except Reply as r:
            self.fail(r.status, r.code, r.ru, r.en, r.field, r.headers, hostile=r.hostile)

    def hang(self):
        """Never answers: waits until the client closes the connection (or the
        server stops). Only this connection's thread waits."""
        self.close_connection = True
        self.answered = True
        self.state.write_stats()
        log("%s %s hang" % (self.command, self.path))
        sock = self.connection
        while not STOP.is_set():
            try:
                ready, _, _ = select.select([sock], [], [], 1.0)
                if ready and not sock.recv(4096):
                    break
            except (OSError, ValueError):
                break
        log("%s %s hang ended: the client closed the connection" % (self.command, self.path))

    def need_session(self):
        cookies = parse_cookies(self.headers.get_all("Cookie") or [])
        sid = cookies.get("SESSION")
        with self.state.lock:
            sess = self.state.sessions.get(sid) if sid else None
            sess = dict(sess, sid=sid) if sess else None
        if sess is None:
            raise Reply(401, "UNAUTHORIZED", "Требуется вход", "Login required")
        if self.headers.get("CSRF-TOKEN") != sess["csrf"]:
            raise Reply(403, "CSRF", "Неверный CSRF-токен", "Bad CSRF token")
        return sess

    def ok(self, obj, headers=()):
        self.answer(200, obj if isinstance(obj, bytes) else encode(obj), headers)


# --- methods ---------------------------------------------------------------


def req_str(req, name, maxlen=None):
    if name not in req or req[name] is None:
        raise Reply(422, "VALIDATION", "Поле %s обязательно" % name,
                    "The field %s is required" % name, name)
    v = req[name]
    if not isinstance(v, str):
        raise Reply(400, "BAD_REQUEST", "Поле %s должно быть строкой" % name,
                    "The field %s must be a string" % name, name)
    if not v or (maxlen and len(v) > maxlen):
        raise Reply(422, "VALIDATION", "Неверное значение поля %s" % name,
                    "Invalid value of %s" % name, name)
    return v


def device_name(h, req):
    if h.state.data.device_name is not None:
        return h.state.data.device_name
    ua = h.headers.get("User-Agent") or ""
    if not ua or len(ua) > 64 or any(not (32 <= ord(c) < 127) for c in ua):
        ua = "unknown client"
    uuid = req.get("client_uuid")
    if isinstance(uuid, str) and uuid:
        return "%s (%s…)" % (ua, uuid[:4])
    return ua


def login_cookies(h, sid, csrf):
    cookies = session_cookies(sid, csrf)
    if h.state.args.scenario == "cookies":
        return cookie_flood() + cookies
    return cookies


def m_login(h, req, sess):
    req_str(req, "login", 254)
    passwd = req_str(req, "passwd", 256)
    remember = req.get("remember", False)
    if remember is None:
        remember = False
    if not isinstance(remember, bool):
        raise Reply(400, "BAD_REQUEST", "Поле remember должно быть bool",
                    "The field remember must be a bool", "remember")
    if passwd != PASSWORD:
        raise Reply(401, "UNAUTHORIZED", "Неверный логин или пароль", "Wrong login or password")
    out = {"status": "OK"}
    dev = None
    if remember:
        dev, token = h.state.new_device(device_name(h, req))
        out["rememberToken"] = token
    sid, csrf = h.state.new_session(dev)
    h.ok(out, login_cookies(h, sid, csrf))


def m_login_by_token(h, req, sess):
    token = req_str(req, "rememberToken")
    got = h.state.rotate(token) if len(token) <= 64 else None
    if got is None:
        raise Reply(401, "UNAUTHORIZED", "Устройство не запомнено", "Device not remembered")
    dev, new = got
    sid, csrf = h.state.new_session(dev)
    h.ok({"status": "OK", "rememberToken": new}, login_cookies(h, sid, csrf))


def m_check_session(h, req, sess):
    cookies = parse_cookies(h.headers.get_all("Cookie") or [])
    sid = cookies.get("SESSION")
    with h.state.lock:
        lost = not (sid and sid in h.state.sessions)
    h.ok({"isSessionLost": lost})


def m_logout(h, req, sess):
    with h.state.lock:
        h.state.sessions.pop(sess["sid"], None)
    h.ok({"status": "OK"}, CLEAR_COOKIES)


def m_get_profile(h, req, sess):
    h.ok(h.state.data.profile)


def wait_closed(h, what):
    """Waits until the client closes the connection (or the server stops)."""
    h.close_connection = True
    h.answered = True
    sock = h.connection
    while not STOP.is_set():
        try:
            ready, _, _ = select.select([sock], [], [], 1.0)
            if ready and not sock.recv(4096):
                break
        except (OSError, ValueError):
            break
    log("%s %s %s ended: the client closed the connection" % (h.command, h.path, what))


def send_huge(h):
    """Valid JSON of --huge-mib MiB with its Content-Length."""
    head = h.state.data.accounts_body[:-1] + b',"padding":"'
    size = h.state.args.huge_mib * 1024 * 1024
    body = head + b"x" * max(0, size - len(head) - 2) + b'"}'
    h.answer(200, body)


def send_endless(h):
    """A chunked list of accounts that never ends, until the client closes."""
    h.state.write_stats()
    h.send_response(200)
    h.send_header("Content-Type", "application/json; charset=utf-8")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    h.close_connection = True
    h.answered = True
    one = encode(h.state.data.accounts[0]) if h.state.data.accounts else b"{}"
    block = b",".join([one] * max(1, 65536 // (len(one) + 1))) + b","
    sent = 0
    chunk = b'{"accounts":[' + block
    try:
        while not STOP.is_set():
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
            chunk = block
    except OSError:
        pass
    log("%s %s endless ended after %d bytes" % (h.command, h.path, sent))


def m_get_accounts(h, req, sess):
    sc = h.state.args.scenario
    data = h.state.data
    if sc == "huge":
        send_huge(h)
        return
    if sc == "endless":
        send_endless(h)
        return
    if sc == "bigheader":
        h.state.write_stats()
        h.send_response(200)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(1 << 40))
        h.end_headers()
        h.wfile.flush()
        wait_closed(h, "bigheader")
        return
    if sc == "truncated":
        body = data.accounts_body
        h.answer(200, body, close=True, send=max(1, len(body) // 2))
        return
    if sc == "badjson":
        if h.state.args.status500:
            page = b"<html><body><h1>500 Internal Server Error</h1></body></html>\n"
            h.answer(500, page, ctype="text/html; charset=utf-8")
        else:
            h.answer(200, b'{"accounts": [')
        return
    h.ok(data.accounts_body)


def m_get_balance(h, req, sess):
    acc = req_str(req, "accountId", 64)
    body = h.state.data.balance_bodies.get(acc)
    if body is None:
        raise Reply(404, "NOT_FOUND", "Счёт не найден", "No such account", "accountId")
    h.ok(body)


def m_get_tariffs(h, req, sess):
    ids = req.get("servicesId")
    if ids is None:
        raise Reply(422, "VALIDATION", "Поле servicesId обязательно",
                    "The field servicesId is required", "servicesId")
    if not isinstance(ids, list):
        raise Reply(400, "BAD_REQUEST", "servicesId должен быть массивом",
                    "servicesId must be an array", "servicesId")
    h.state.note_batch(len(ids))
    if any(not isinstance(i, str) for i in ids):
        raise Reply(400, "BAD_REQUEST", "servicesId должен быть массивом строк",
                    "servicesId must be an array of strings", "servicesId")
    if not ids or len(ids) > MAX_TARIFF_BATCH:
        raise Reply(422, "VALIDATION", "От 1 до 100 услуг за раз",
                    "1 to 100 services at a time", "servicesId")
    tariffs = h.state.data.tariffs
    names = {}
    for i in ids:
        if i not in tariffs:
            raise Reply(404, "NOT_FOUND", "Услуга не найдена", "No such service", "servicesId")
        names[i] = tariffs[i]
    h.ok({"tariffNames": names})


def m_get_fpl(h, req, sess):
    h.ok(h.state.data.fpl)


def m_get_autopay(h, req, sess):
    h.ok({"rules": h.state.data.rules})


def m_get_devices(h, req, sess):
    with h.state.lock:
        devs = sorted(h.state.devices.items(), key=lambda kv: -kv[1]["order"])
        out = [{"deviceId": k, "name": v["name"], "lastUsed": v["lastUsed"],
                "current": k == sess["device"]} for k, v in devs]
    h.ok({"devices": out})


def m_revoke_device(h, req, sess):
    dev = req_str(req, "deviceId")
    if not h.state.revoke(dev):
        raise Reply(404, "NOT_FOUND", "Устройство не найдено", "No such device", "deviceId")
    h.ok({"status": "OK"}, CLEAR_COOKIES if dev == sess["device"] else ())


# --- social login and linking (docs/api.md's contract, scripted ends) ---------

SOCIAL_PROVIDERS = [("vk", "VK ID", "VK ID"), ("ok", "OK ID", "OK ID"),
                    ("mail", "Mail ID", "Mail ID"), ("ya", "Яндекс ID", "Yandex ID"),
                    ("sber", "Сбер ID", "Sber ID")]
# provider -> (how a login ends, how a link ends) on the third poll
SOCIAL_ENDS = {"vk": ("OK", "OK"), "ok": ("NOT_LINKED", "LINKED_ELSEWHERE"),
               "mail": ("DENIED", "DENIED"), "ya": ("EXPIRED_TOKEN", "EXPIRED_TOKEN"),
               "sber": ("PROVIDER_ERROR", "PROVIDER_ERROR")}
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"


def social_providers(h):
    return [] if h.state.args.no_social else SOCIAL_PROVIDERS


def social_provider(h, req):
    pid = req_str(req, "provider", 16)
    for p in social_providers(h):
        if p[0] == pid:
            return p
    raise Reply(422, "VALIDATION", "Неизвестный провайдер", "Unknown provider", "provider")


def social_name(h, p):
    return p[2] if h.english() else p[1]


def social_link_row(h, p):
    link = h.state.links.get(p[0])
    return {"provider": p[0], "name": social_name(h, p), "linked": link is not None,
            "displayName": link["displayName"] if link else None,
            "linkedAt": link["linkedAt"] if link else None}


def m_get_social_providers(h, req, sess):
    h.ok({"providers": [{"id": p[0], "name": social_name(h, p)} for p in social_providers(h)]})


def social_start(h, req, link):
    p = social_provider(h, req)
    code = "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(8))
    code = code[:4] + "-" + code[4:]
    device_code = secrets.token_urlsafe(32)
    with h.state.lock:
        h.state.flows[device_code] = {"provider": p, "link": link, "polls": 0}
    base = "http://%s/device" % (h.headers.get("Host") or "127.0.0.1")
    h.ok({"deviceCode": device_code, "userCode": code, "verificationUri": base,
          "verificationUriComplete": base + "?code=" + code,
          "expiresIn": h.state.args.social_expires, "interval": 1})


def social_poll(h, req, link):
    device_code = req_str(req, "deviceCode", 64)
    with h.state.lock:
        flow = h.state.flows.get(device_code)
        if flow is None or flow["link"] != link:
            raise Reply(422, "VALIDATION", "Неизвестный код", "Unknown code", "deviceCode")
        flow["polls"] += 1
        polls = flow["polls"]
        if polls >= 3:
            del h.state.flows[device_code]
    if polls == 1:
        return {"status": "SLOW_DOWN", "interval": 2}
    if polls == 2:
        return {"status": "AUTHORIZATION_PENDING"}
    end = SOCIAL_ENDS[flow["provider"][0]][1 if link else 0]
    if end == "EXPIRED_TOKEN":
        return {"status": end}
    if end != "OK":
        return {"status": "ACCESS_DENIED", "reason": end}
    return flow["provider"]


def m_start_device_login(h, req, sess):
    social_start(h, req, False)


def m_poll_device_login(h, req, sess):
    got = social_poll(h, req, False)
    if isinstance(got, dict):
        h.ok(got)
        return
    out = {"status": "OK"}
    dev = None
    if req.get("remember") is True:
        dev, token = h.state.new_device(device_name(h, req))
        out["rememberToken"] = token
    sid, csrf = h.state.new_session(dev)
    h.ok(out, login_cookies(h, sid, csrf))


def m_get_social_links(h, req, sess):
    h.ok({"links": [social_link_row(h, p) for p in social_providers(h)]})


def m_start_social_link(h, req, sess):
    p = social_provider(h, req)
    if p[0] in h.state.links:
        raise Reply(409, "CONFLICT", "Уже привязан", "Already linked")
    social_start(h, req, True)


def m_poll_social_link(h, req, sess):
    got = social_poll(h, req, True)
    if isinstance(got, dict):
        h.ok(got)
        return
    with h.state.lock:
        h.state.links[got[0]] = {"displayName": "Иванов П. С.", "linkedAt": now_rfc3339()}
    h.ok({"status": "OK", "link": social_link_row(h, got)})


def m_unlink_social(h, req, sess):
    p = social_provider(h, req)
    with h.state.lock:
        if h.state.links.pop(p[0], None) is None:
            raise Reply(409, "CONFLICT", "Не привязан", "Not linked")
    h.ok({"status": "OK"})


METHODS = {
    # name: (handler, public)
    "login": (m_login, True),
    "loginByToken": (m_login_by_token, True),
    "checkSession": (m_check_session, True),
    "logout": (m_logout, False),
    "getProfile": (m_get_profile, False),
    "getAccounts": (m_get_accounts, False),
    "getAccountBalanceV2": (m_get_balance, False),
    "getServiceTariffName": (m_get_tariffs, False),
    "getFplStatus": (m_get_fpl, False),
    "getAutopayRules": (m_get_autopay, False),
    "getDevices": (m_get_devices, False),
    "revokeDevice": (m_revoke_device, False),
    "getSocialProviders": (m_get_social_providers, True),
    "startDeviceLogin": (m_start_device_login, True),
    "pollDeviceLogin": (m_poll_device_login, True),
    "getSocialLinks": (m_get_social_links, False),
    "startSocialLink": (m_start_social_link, False),
    "pollSocialLink": (m_poll_social_link, False),
    "unlinkSocial": (m_unlink_social, False),
}


# --- the server ------------------------------------------------------------


class Server(ThreadingHTTPServer):
    daemon_threads = True  # no list of threads is kept, so none leak
    allow_reuse_address = True
    request_queue_size = 1024

    def server_bind(self):
        # HTTPServer.server_bind would look the host name up; not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
            return
        log("connection from %s: %r" % (client_address[0], exc))


class Server6(Server):
    address_family = socket.AF_INET6


class Stop(Exception):
    pass


def parse_listen(s):
    host, sep, port = s.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError("expected HOST:PORT, e.g. 127.0.0.1:0")
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)


def main():
    ap = argparse.ArgumentParser(
        description="A scripted, hostile fake kabinetd for the client's tests (never a real server).")
    ap.add_argument("--listen", type=parse_listen, default=("127.0.0.1", 0),
                    help="HOST:PORT, port 0 picks a free one (default 127.0.0.1:0)")
    ap.add_argument("--scenario", default="normal",
                    choices=["normal", "hostile", "odd", "truncated", "cookies", "hang",
                             "badjson", "slow", "huge", "endless", "bigheader"])
    ap.add_argument("--accounts", type=int, default=3,
                    help="accounts in the generated data (not hostile/odd; default 3)")
    ap.add_argument("--services", type=int, default=None,
                    help="services in all, dealt round-robin (default: one per account)")
    ap.add_argument("--stats", metavar="FILE", help="rewrite FILE with JSON counters")
    ap.add_argument("--fail-method", metavar="NAME", action="append", default=[],
                    help="that method answers an error with a hostile errorMsg (repeatable)")
    ap.add_argument("--fail-status", type=int, default=409,
                    help="the HTTP status of --fail-method's error (default 409)")
    ap.add_argument("--hang-method", metavar="NAME", action="append", default=[],
                    help="that method never answers (repeatable; hang: getAccounts)")
    ap.add_argument("--delay-ms", type=int, default=None,
                    help="delay every answer (slow: default 300)")
    ap.add_argument("--status500", action="store_true",
                    help="badjson: getAccounts answers 500 with an HTML page")
    ap.add_argument("--huge-mib", type=int, default=9,
                    help="huge: the size of getAccounts' answer in MiB (default 9)")
    ap.add_argument("--hold-method", metavar="NAME", action="append", default=[],
                    help="that method answers only once --release FILE exists (repeatable)")
    ap.add_argument("--release", metavar="FILE",
                    help="the file whose creation lets --hold-method's answers go")
    ap.add_argument("--no-social", action="store_true",
                    help="no social login provider (getSocialProviders answers none)")
    ap.add_argument("--social-expires", type=int, default=600,
                    help="the social flows' expiresIn, seconds (default 600)")
    args = ap.parse_args()
    if args.accounts < 0 or (args.services is not None and args.services < 0):
        ap.error("--accounts and --services must not be negative")
    if args.hold_method and not args.release:
        ap.error("--hold-method needs --release FILE")
    if args.fail_status not in STATUS_CODES:
        ap.error("--fail-status: one of %s" % ", ".join(map(str, sorted(STATUS_CODES))))
    if args.services is None:
        args.services = args.accounts
    if args.accounts == 0:
        args.services = 0
    if args.delay_ms is None:
        args.delay_ms = 300 if args.scenario == "slow" else 0
    if args.scenario == "hang" and not args.hang_method:
        args.hang_method = ["getAccounts"]

    if args.scenario == "hostile":
        data = build_hostile()
    elif args.scenario == "odd":
        data = build_odd()
    else:
        data = build_normal(args.accounts, args.services)
    state = State(args, data.freeze())

    # Thousands of connections mean thousands of threads: keep their stacks small.
    threading.stack_size(1024 * 1024)
    host, port = args.listen
    cls = Server6 if ":" in host else Server
    try:
        server = cls((host, port), Handler)
    except OSError as e:
        print("fakeserver: cannot listen on %s:%d: %s" % (host, port, e), file=sys.stderr)
        return 1
    server.state = state
    state.write_stats()

    def stop(signum, frame):
        raise Stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    bound = server.server_address
    shown = "[%s]" % bound[0] if ":" in bound[0] else bound[0]
    print("fakeserver listening on http://%s:%d" % (shown, bound[1]), flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except Stop:
        pass
    STOP.set()
    server.server_close()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    # Daemon threads may still hold connections (hang): leave without joining them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
