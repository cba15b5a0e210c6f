#!/usr/bin/env python3
"""Seeds of the targets that sum what a reader gives (fuzz/readers.c: history_sums,
invoice_sums, option_sums, bonus_sums, autopay_forecast), from the real replies in
fuzz/corpus/READER/ (make-corpus.sh runs it after capturing them): each real reply,
and the same with every figure the sum takes at 2^53 - 1 and its array as long as
fits the fuzzer's inputs (run.sh's -max_len), so that the sum leaves the range at
once. Deterministic."""
import json
import os
import sys

BIG = 2 ** 53 - 1
MAX_LEN = 16384		# fuzz/run.sh's -max_len


def real(corpus, reader):
    d = os.path.join(corpus, reader)
    for f in sorted(os.listdir(d)):
        if f.endswith(".json") and not f.startswith("hostile-"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                yield f[:-5], json.load(fh)


def fit(v, key):
    """v with its array `key` cut to what fits MAX_LEN."""
    while len(json.dumps(v, ensure_ascii=False).encode()) > MAX_LEN and len(v[key]) > 2:
        v[key] = v[key][:len(v[key]) * 9 // 10]
    return v


def write(corpus, target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    if not isinstance(data, bytes):
        data = json.dumps(data, ensure_ascii=False).encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def many(items, key, prefix=None):
    """Copies of the first item with `key` at BIG (ids made distinct), 1 100 of them
    (fit() cuts them to what the fuzzer takes)."""
    if not items:
        return items
    out = []
    for i in range(1100):
        x = dict(items[0], **{key: BIG})
        if prefix:
            x[prefix] = "%s%d" % (items[0][prefix], i)
        out.append(x)
    return out


def main(corpus):
    for name, v in real(corpus, "history"):
        write(corpus, "history_sums", name + ".json", v)
        v = fit(dict(v, items=many(v["items"], "amount", "id")), "items")
        write(corpus, "history_sums", name + "-big.json", v)
    for name, v in real(corpus, "invoice"):
        write(corpus, "invoice_sums", name + ".json", v)
        v = fit(dict(v, lines=many(v["lines"], "amount"), amount=BIG), "lines")
        write(corpus, "invoice_sums", name + "-big.json", v)
    for name, v in real(corpus, "service_info"):
        write(corpus, "option_sums", name + ".json", v)
        if v.get("options"):
            v = fit(dict(v, options=[dict(o, enabled=True)
                                     for o in many(v["options"], "monthlyFee", "optionId")]),
                    "options")
            write(corpus, "option_sums", name + "-big.json", v)
    for name, v in real(corpus, "bonus_status"):
        write(corpus, "bonus_sums", name + ".json", v)
        v["balance"] = BIG
        for lot in v.get("balanceBurningPoints", []):
            lot["points"] = BIG
        write(corpus, "bonus_sums", name + "-big.json", v)
    rules = dict(real(corpus, "autopay_rules"))["rules"]
    balances = dict(real(corpus, "balance"))
    offers = dict(real(corpus, "promise_offer"))
    for n in sorted(offers):
        b = balances.get("balance" + n[len("offer"):], next(iter(balances.values())))
        parts = [rules, b, offers[n]]
        write(corpus, "autopay_forecast", n + ".bin",
              b"\0".join(json.dumps(p, ensure_ascii=False).encode() for p in parts))
        big = [rules, dict(b, balance=-BIG), dict(offers[n], maxAmount=BIG, days=5)]
        write(corpus, "autopay_forecast", n + "-big.bin",
              b"\0".join(json.dumps(p, ensure_ascii=False).encode() for p in big))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus")
