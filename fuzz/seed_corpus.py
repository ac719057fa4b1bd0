#!/usr/bin/env python3
"""Seeds for fuzz_scan: each fixture case folder packed into one input of fuzz_scan's format (a line
`=== PATH` before each file). Writes into the folder given (default fuzz/corpus/scan); the fuzzer then
merges what adds coverage:  build-asan/fuzz/fuzz_scan -merge=1 fuzz/corpus/scan SEEDS

Usage: fuzz/seed_corpus.py [OUT]"""
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "corpus", "scan")
os.makedirs(OUT, exist_ok=True)
count = 0
for fmt in sorted(os.listdir(os.path.join(ROOT, "fixtures"))):
    base = os.path.join(ROOT, "fixtures", fmt)
    if not os.path.isdir(base):
        continue
    for case in sorted(os.listdir(base)):
        folder = os.path.join(base, case)
        if not os.path.isdir(folder):
            continue
        parts = []
        for dirpath, dirs, names in os.walk(folder):
            dirs.sort()
            for n in sorted(names):
                path = os.path.join(dirpath, n)
                rel = os.path.relpath(path, folder)
                if os.path.islink(path) or rel.count("/") > 3:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                if b"\n=== " in data or len(data) > 32768:
                    continue
                parts.append(b"=== " + rel.encode() + b"\n" + data + (b"" if data.endswith(b"\n") else b"\n"))
        if not parts or len(parts) > 16:
            continue
        blob = b"".join(parts)
        with open(os.path.join(OUT, hashlib.sha1(blob).hexdigest()), "wb") as f:
            f.write(blob)
        count += 1
print(f"{count} seeds in {OUT}")
