#!/usr/bin/env python3
"""Parses every .bicep and .bicepparam file under a folder and prints "parsed N files, E with errors" and the
parser's throughput on one thread (the lexer and parser alone, files already in memory), then the same
count from a real scan (KV001 findings in Bicep files from `vaultlint scan --jobs 1`) with its wall time.

Usage: bench/bicep_parse.py [FOLDER] [--build DIR] [--rounds N]
       (defaults: ../shared/corpus, build/; the unit-test binary of that build hosts the benchmark)
"""
import argparse
import json
import os
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
ap = argparse.ArgumentParser()
ap.add_argument("folder", nargs="?", default=os.path.join(repo, "..", "shared", "corpus"))
ap.add_argument("--build", default=os.path.join(repo, "build"))
ap.add_argument("--rounds", type=int, default=3)
args = ap.parse_args()
folder = os.path.abspath(args.folder)
tests = os.path.join(args.build, "tests", "vaultlint_tests")
vaultlint = os.path.join(args.build, "vaultlint")

env = dict(os.environ, VAULTLINT_BICEP_BENCH_DIR=folder, VAULTLINT_BENCH_ROUNDS=str(args.rounds))
p = subprocess.run([tests, "[bicep-parse-bench]"], env=env, capture_output=True, text=True)
lines = [l for l in p.stdout.splitlines() if l.startswith(("parsed ", "error: ")) or "MB/s" in l]
print("parser:", *lines, sep="\n  ")
if p.returncode != 0:
    print(p.stdout[-2000:], p.stderr[-2000:])
    sys.exit(1)

start = time.time()
scan = subprocess.run([vaultlint, "scan", folder, "--format", "json", "--fail-on", "none", "--jobs", "1"],
                      capture_output=True, text=True)
elapsed = time.time() - start
if scan.returncode not in (0, 1):
    print(scan.stderr[-2000:])
    sys.exit(1)
doc = json.loads(scan.stdout)
bicep_files = set()
for root, _, names in os.walk(folder):
    for n in names:
        if n.endswith((".bicep", ".bicepparam")):
            bicep_files.add(os.path.join(root, n))
errors = set()
for f in doc["findings"]:
    path = os.path.abspath(f["file"])
    if f["rule"] == "KV001" and path.endswith((".bicep", ".bicepparam")):
        errors.add(path)
        print(f"  KV001 {f['file']}:{f['line']}:{f['column']}: {f['message']}")
print(f"scan: parsed {len(bicep_files)} files, {len(errors)} with errors (KV001), whole scan of the folder "
      f"in {elapsed:.2f} s on one thread")
sys.exit(1 if errors else 0)
