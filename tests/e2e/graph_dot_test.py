#!/usr/bin/env python3
"""`vaultlint graph --format dot` is read by the real Graphviz: for every fixture case, `dot -Tsvg` accepts
what vaultlint writes without an error or a warning, and the picture the README shows
(docs/graph-example.svg, drawn by scripts/render-graph-example) is what the current build draws.

Usage: graph_dot_test.py VAULTLINT   (from the repository root; Graphviz from scripts/setup)
"""
import os
import shutil
import subprocess
import sys

VL = os.path.abspath(sys.argv[1])
DOT = shutil.which("dot")
if not DOT:
    print("FAIL Graphviz's dot is not installed (scripts/setup installs Debian's graphviz)")
    sys.exit(1)

failures = []


def render(path):
    graph = subprocess.run([VL, "graph", path, "--format", "dot"], capture_output=True, text=True, timeout=120)
    if graph.returncode != 0:
        return None, f"vaultlint graph exited {graph.returncode}: {graph.stderr[-500:]}"
    svg = subprocess.run([DOT, "-Tsvg"], input=graph.stdout, capture_output=True, text=True, timeout=120)
    if svg.returncode != 0 or svg.stderr.strip():
        return None, f"dot exited {svg.returncode}: {svg.stderr[-500:]}"
    return svg.stdout, None


cases = sorted(os.path.join("fixtures", fmt, case) for fmt in os.listdir("fixtures")
               for case in os.listdir(os.path.join("fixtures", fmt)))
for case in cases:
    _, error = render(case)
    if error:
        failures.append(case)
        print(f"FAIL {case}: {error}")
print(f"{len(cases) - len(failures)} of {len(cases)} fixture graphs render with Graphviz")

picture, error = render("docs/graph-example")
with open("docs/graph-example.svg") as f:
    committed = f.read()
if error or picture != committed:
    failures.append("docs/graph-example.svg")
    print("FAIL docs/graph-example.svg is not what this build draws: run scripts/render-graph-example"
          + (f" ({error})" if error else ""))
else:
    print("ok   docs/graph-example.svg is what this build draws")
sys.exit(1 if failures else 0)
