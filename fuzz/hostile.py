#!/usr/bin/env python3
"""Hostile variants of the real replies in fuzz/corpus/READER/ (make-corpus.sh runs it):
figures beyond 2^53, fractions, exponents, wrong types, deep nesting, long and
invalid UTF-8 strings, escaped NULs and surrogates, duplicated keys, truncation.
Written as hostile-*.json next to the replies; deterministic."""
import json
import os
import sys


def walk(v, path=()):
    """Every (path, value) of a JSON value."""
    yield path, v
    if isinstance(v, dict):
        for k, x in v.items():
            yield from walk(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from walk(x, path + (i,))


def put(v, path, new):
    if not path:
        return new
    v = json.loads(json.dumps(v))
    o = v
    for k in path[:-1]:
        o = o[k]
    o[path[-1]] = new
    return v


MARK = "\x00MARK\x00"


def raw(v, path, text):
    """v with the value at path replaced by raw JSON text (not valid JSON maybe)."""
    s = json.dumps(put(v, path, MARK), ensure_ascii=False)
    return s.replace(json.dumps(MARK), text).encode()


def variants(v):
    paths = list(walk(v))
    nums = [p for p, x in paths if isinstance(x, (int, float)) and not isinstance(x, bool)]
    strs = [p for p, x in paths if isinstance(x, str)]
    arrs = [p for p, x in paths if isinstance(x, list)]
    objs = [p for p, x in paths if isinstance(x, dict) and p]
    out = {}
    for i, p in enumerate(nums[:3]):
        out[f"num{i}-2p53"] = raw(v, p, "9007199254740992")
        out[f"num{i}-2p53m1"] = raw(v, p, "-9007199254740991")
        out[f"num{i}-huge"] = raw(v, p, "1e309")
        out[f"num{i}-fraction"] = raw(v, p, "100.5")
        out[f"num{i}-tiny"] = raw(v, p, "-4.9e-324")
        out[f"num{i}-int64"] = raw(v, p, "-9223372036854775809")
        out[f"num{i}-string"] = raw(v, p, '"100"')
    for i, p in enumerate(strs[:3]):
        if i == 0:
            out[f"str{i}-long"] = raw(v, p, json.dumps("Ж" * 1000))
        out[f"str{i}-utf8"] = raw(v, p, '"\xff\xfe\xc0\xaf\xed\xa0\x80"'.encode("latin-1").decode("latin-1"))
        out[f"str{i}-nul"] = raw(v, p, '"a\\u0000b"')
        out[f"str{i}-surrogate"] = raw(v, p, '"\\ud800\\udfff\\udc00"')
        out[f"str{i}-number"] = raw(v, p, "12")
        out[f"str{i}-null"] = raw(v, p, "null")
        out[f"str{i}-empty"] = raw(v, p, '""')
    for i, p in enumerate(arrs[:2]):
        out[f"arr{i}-object"] = raw(v, p, '{"0":{}}')
        out[f"arr{i}-deep"] = raw(v, p, "[" * 1100 + "]" * 1100)
        out[f"arr{i}-scalars"] = raw(v, p, '[1,"x",null,true,[],{}]')
        out[f"arr{i}-many"] = raw(v, p, "[" + ",".join(["{}"] * 1000) + "]")
        x = dict(walk(v))[p]
        if x and i == 0:
            out[f"arr{i}-repeat"] = raw(v, p, json.dumps(x[:1] * 20, ensure_ascii=False))
    for i, p in enumerate(objs[:2]):
        out[f"obj{i}-array"] = raw(v, p, "[]")
        out[f"obj{i}-string"] = raw(v, p, '"x"')
    text = json.dumps(v, ensure_ascii=False).encode()
    out["truncated"] = text[: len(text) // 2]
    out["duplicated"] = text[:-1] + b"," + text[1:] if text.startswith(b"{") and len(text) > 2 else text
    out["deep"] = b'{"a":' * 1100 + b"1" + b"}" * 1100
    out["array"] = b"[" + text + b"]"
    out["bom"] = b"\xef\xbb\xbf" + text
    return out


def main(corpus):
    for reader in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, reader)
        seeds = sorted(f for f in os.listdir(d) if f.endswith(".json") and not f.startswith("hostile-"))
        if not seeds:
            continue
        with open(os.path.join(d, seeds[0]), "rb") as f:
            v = json.loads(f.read())
        for name, data in variants(v).items():
            if isinstance(data, str):
                data = data.encode("latin-1")
            with open(os.path.join(d, f"hostile-{name}.json"), "wb") as f:
                f.write(data)


main(sys.argv[1])
