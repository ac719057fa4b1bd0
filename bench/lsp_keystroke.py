#!/usr/bin/env python3
"""The language server's answer time for one keystroke in a large workspace: bench/generate.py writes a
workspace of N files (default 1,000) in all three formats (ARM templates with parameter files, Bicep
templates with modules and .bicepparam files, Terraform roots with a vault module and tfvars), `vaultlint
lsp` opens it, and in one document per format each keystroke (a character typed into the string that
names the application's vault, so every keystroke changes what the unit deploys) is timed from the
didChange the client sends to the publishDiagnostics it receives for that document. Prints the first
scan's time and, per format and over all, the keystrokes' median, 90th percentile and maximum, and the
server's own account (wall and CPU time). Figures, not pass/fail.

Usage: bench/lsp_keystroke.py [VAULTLINT] [N] [KEYSTROKES per format]"""
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))
from lsp_client import Client  # noqa: E402

vaultlint = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "vaultlint"))
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
strokes = int(sys.argv[3]) if len(sys.argv) > 3 else 40

# Per format: the documents to pick from (the middle one is typed into), the language id, and the text
# after which the characters are typed (inside the string that names the vault).
TARGETS = [
    ("arm", "arm/*/azuredeploy.json", "json", '"defaultValue": "app'),
    ("bicep", "bicep/*/main.bicep", "bicep", "var vaultName = 'kv-"),
    ("terraform", "terraform/*/main.tf", "terraform", 'name                = "kv-'),
]


def summary(times):
    times = sorted(times)
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    return f"median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, max {times[-1]:.1f} ms"


with tempfile.TemporaryDirectory() as work:
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), work, str(n)], check=True, capture_output=True)
    files = [p for p in glob.glob(os.path.join(work, "**", "*"), recursive=True) if os.path.isfile(p)]
    size = sum(os.path.getsize(p) for p in files) // 1024
    print(f"workspace: {len(files)} files ({size} KB) from bench/generate.py")

    c = Client(vaultlint, cwd=work)
    start = time.monotonic()
    c.initialize("file://" + work)
    documents = []
    for label, pattern, language, marker in TARGETS:
        candidates = sorted(glob.glob(os.path.join(work, pattern)))
        if not candidates:
            continue
        path = candidates[len(candidates) // 2]
        text = open(path, encoding="utf-8").read()
        documents.append((label, "file://" + path, text, text.index(marker) + len(marker)))
    for label, uri, text, _ in documents:
        c.open(uri, text, language=dict((t[0], t[2]) for t in TARGETS)[label])
    for label, uri, _, _ in documents:
        c.wait_published(uri, 0, timeout=600)
    print(f"first scan (initialize + didOpen of {len(documents)} documents -> their diagnostics): "
          f"{(time.monotonic() - start) * 1000:.0f} ms")

    every = []
    for label, uri, text, at in documents:
        times = []
        typed = ""
        for k in range(strokes):
            typed += "abcdefghijklmnopqrstuvwxyz"[k % 26]
            before = len(c.published)
            t0 = time.monotonic()
            c.change(uri, text[:at] + typed + text[at:], k + 2)
            c.wait_published(uri, before, timeout=60)
            times.append((time.monotonic() - t0) * 1000)
            time.sleep(0.02)  # a typist's pace: each keystroke is its own scan
        every += times
        print(f"{label}: keystroke -> publishDiagnostics, {len(times)} keystrokes in {os.path.relpath(uri[7:], work)}: "
              f"{summary(times)}")
    c.close()
    print(f"all formats, as the client sees it: {summary(every)}")
    own = [l for l in c.logs if l.startswith("vaultlint: ") and " ms CPU): scan " in l][-len(every):]
    print("the server's own account of the last keystrokes:")
    for l in own[-3:]:
        print("  " + l)
    cpu = sorted(float(l.split("(")[1].split(" ms CPU")[0]) for l in own)
    wall = sorted(float(l.split(" ms (")[0].split("vaultlint: ")[1]) for l in own)
    if cpu:
        print(f"in the server: median {statistics.median(wall):.1f} ms wall, {statistics.median(cpu):.1f} ms CPU "
              f"(max {cpu[-1]:.1f} ms CPU); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
