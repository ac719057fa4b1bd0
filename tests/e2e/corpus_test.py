#!/usr/bin/env python3
"""Scans the public corpus (../shared/corpus): every ARM file must scan without a KV001 and without a
crash. Prints the counts and the time. Usage: corpus_test.py VAULTLINT CORPUS_DIR"""
import collections
import json
import subprocess
import sys
import time

vl, corpus = sys.argv[1], sys.argv[2]
start = time.time()
p = subprocess.run([vl, "scan", corpus, "--format", "json", "--fail-on", "none"], capture_output=True, text=True,
                   timeout=1200)
elapsed = time.time() - start
if p.returncode != 0:
    print(f"FAIL exit {p.returncode}: {p.stderr[-2000:]}")
    sys.exit(1)
doc = json.loads(p.stdout)
findings = doc["findings"]
kv001 = [f for f in findings if f["rule"] == "KV001"]
s = doc["summary"]
print(f"{s['files']} files, {s['units']} deployment units, {s['parameter_files']} parameter files, "
      f"{s['resources']} resources, {len(s['vaults'])} vaults, {len(findings)} findings in {elapsed:.1f} s")
print("by rule:", dict(sorted(collections.Counter(f["rule"] + "/" + f["result"] for f in findings).items())))
for f in kv001[:20]:
    print(f"KV001 {f['file']}:{f['line']}:{f['column']}: {f['message']}")
sys.exit(1 if kv001 else 0)
