#!/usr/bin/env python3
"""The language server's answer time for one keystroke in a large workspace: bench/generate.py writes N
ARM templates (default 1,000; each a copy loop of five vaults, role assignments and a nested deployment),
`vaultlint lsp` opens the workspace, one template is opened, and each keystroke (a character typed into
a string that names the vaults, so every keystroke changes what the template deploys) is timed from the
didChange the client sends to the publishDiagnostics it receives for that document. Prints the first
scan's time and the keystrokes' median, 90th percentile and maximum. Figures, not pass/fail.

Usage: bench/lsp_keystroke.py [VAULTLINT] [N] [KEYSTROKES]"""
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
strokes = int(sys.argv[3]) if len(sys.argv) > 3 else 60

with tempfile.TemporaryDirectory() as work:
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), work, str(n)], check=True, capture_output=True)
    files = sorted(f for f in os.listdir(work) if f.endswith(".json"))
    target = os.path.join(work, files[len(files) // 2])
    text = open(target, encoding="utf-8").read()
    uri = "file://" + target
    marker = "uniqueString(resourceGroup().id, '"
    at = text.index(marker) + len(marker)

    c = Client(vaultlint, cwd=work)
    start = time.monotonic()
    c.initialize("file://" + work)
    c.open(uri, text, language="json")
    first = c.wait_published(uri, 0, timeout=600)
    opened = time.monotonic() - start
    print(f"workspace: {len(files)} ARM templates, {sum(os.path.getsize(os.path.join(work, f)) for f in files) // 1024} KB")
    print(f"first scan (initialize + didOpen -> diagnostics): {opened * 1000:.0f} ms, {len(first)} diagnostics in the document")

    times = []
    typed = ""
    for k in range(strokes):
        typed += "abcdefghijklmnopqrstuvwxyz"[k % 26]
        edited = text[:at] + typed + text[at:]
        before = len(c.published)
        t0 = time.monotonic()
        c.change(uri, edited, k + 2)
        c.wait_published(uri, before, timeout=60)
        times.append((time.monotonic() - t0) * 1000)
        time.sleep(0.02)  # a typist's pace: each keystroke is its own scan
    c.close()
    own = [l for l in c.logs if l.startswith("vaultlint: ") and " ms CPU): scan " in l][-strokes:]
    print("the server's own account of the last keystrokes:")
    for l in own[-3:]:
        print("  " + l)
    cpu = sorted(float(l.split("(")[1].split(" ms CPU")[0]) for l in own)
    wall = sorted(float(l.split(" ms (")[0].split("vaultlint: ")[1]) for l in own)
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"keystroke -> publishDiagnostics, {len(times)} keystrokes, as the client sees it: median "
          f"{statistics.median(times):.1f} ms, p90 {p90:.1f} ms, max {times[-1]:.1f} ms")
    if cpu:
        print(f"in the server: median {statistics.median(wall):.1f} ms wall, {statistics.median(cpu):.1f} ms CPU "
              f"(max {cpu[-1]:.1f} ms CPU); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
