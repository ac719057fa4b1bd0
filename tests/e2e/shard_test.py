#!/usr/bin/env python3
"""--shard I/N on the public corpus: each shard links the whole scan and reports only its deployment
units, so the shards are disjoint, none is empty, and their union is the unsharded scan (findings
compared by fingerprint, and the per-vault verdicts). Bad values are usage errors.
Usage: shard_test.py VAULTLINT CORPUS_DIR"""
import json
import subprocess
import sys

VL, CORPUS = sys.argv[1], sys.argv[2]
N = 3
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:600]}]"))
    if not ok:
        failures.append(name)


def scan(*args):
    p = subprocess.run([VL, "scan", CORPUS, "--format", "json", "--fail-on", "none", "--as-of", "2026-11-25", *args],
                       capture_output=True, text=True, timeout=1200)
    if p.returncode != 0:
        print(p.stderr[-2000:])
        return None
    return json.loads(p.stdout)


def keys(doc):
    return [f["fingerprint"] for f in doc["findings"]]


def vaults(doc):
    return [(v["file"], v["line"], v["column"], v["rbac"], v["network"], v["recovery"]) for v in doc["summary"]["vaults"]]


whole = scan()
shards = [scan("--shard", f"{i}/{N}") for i in range(1, N + 1)]
if whole is None or any(s is None for s in shards):
    check("every scan runs", False)
else:
    union = [k for s in shards for k in keys(s)]
    check(f"the corpus has findings to shard ({len(keys(whole))})", len(keys(whole)) > 100, len(keys(whole)))
    check("fingerprints are unique in the unsharded scan", len(set(keys(whole))) == len(keys(whole)))
    check(f"the {N} shards are disjoint", len(union) == len(set(union)), len(union) - len(set(union)))
    check(f"the union of the {N} shards equals the unsharded scan (by fingerprint)", set(union) == set(keys(whole)),
          f"missing {len(set(keys(whole)) - set(union))}, extra {len(set(union) - set(keys(whole)))}")
    check("every shard reports something", all(keys(s) for s in shards), [len(keys(s)) for s in shards])
    check("the vault verdicts of the shards add up to the unsharded ones",
          sorted(v for s in shards for v in vaults(s)) == sorted(vaults(whole)),
          (len(vaults(whole)), [len(vaults(s)) for s in shards]))

for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/3"):
    p = subprocess.run([VL, "scan", CORPUS, "--shard", bad], capture_output=True, text=True, timeout=60)
    check(f"--shard {bad} is a usage error (exit 2)", p.returncode == 2 and "--shard" in p.stderr, p.returncode)

print(f"{len(failures)} failed" if failures else "all shard checks passed")
sys.exit(1 if failures else 0)
