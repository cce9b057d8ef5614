#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate the JSON documents a guest test handed over with t_json (tests/vm/lib.sh).

Usage: json-check.py CONSOLE_LOG
Every line "# JSON <name> <base64>" (any indent) is decoded and parsed with Python's
json module (strict: no NaN/Infinity, no duplicate keys). Prints one line per document,
"ok <name>" or "fail <name>: <why>"; exit status 1 if any failed.
"""
import base64
import json
import re
import sys


def no_dups(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise ValueError("duplicate keys: " + ", ".join(sorted(dup)))
    return dict(pairs)


def bad_const(name):
    raise ValueError("not JSON: " + name)


def main():
    bad = 0
    pat = re.compile(r"^\s*# JSON (\S+) (\S*)\s*$")
    with open(sys.argv[1], errors="replace") as f:
        for line in f:
            m = pat.match(line)
            if not m:
                continue
            name = m.group(1)
            try:
                text = base64.b64decode(m.group(2), validate=True).decode("utf-8")
                if not text.strip():
                    raise ValueError("empty document")
                json.loads(text, object_pairs_hook=no_dups, parse_constant=bad_const)
                print("ok " + name)
            except Exception as e:  # every failure is reported, none stops the others
                bad += 1
                print("fail %s: %s" % (name, str(e).splitlines()[0][:200]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
