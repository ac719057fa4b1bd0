#!/usr/bin/env python3
"""Byte-identical output check (issue 23: every performance change keeps the output byte for byte).

  golden.py save DIR [--build B] [--quick]    run every case below and keep its stdout (and exit code) in DIR
  golden.py check DIR [--build B] [--quick]   run them again and name every case whose bytes differ

The cases, each run from the repository root with a fixed `--as-of` so that no date moves the output:
  - the public corpus (../shared/corpus beside the repository): scan as json, text and sarif, json with
    --jobs 1 and 2 (the same bytes either way), and `graph --format json`
  - every fixture case folder (its args.txt applied, as tests/e2e/run_fixtures.py runs it): scan json and
    text, graph json
  - the whole fixtures folder: scan json, text and sarif
  - a generated corpus (bench/generate.py, 2,000 files; deterministic): scan json and text
--quick leaves out the public corpus graph and the generated corpus. Exit code 1 when anything differs.
"""
import argparse
import concurrent.futures
import hashlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))
AS_OF = ["--as-of", "2026-11-25"]


def case_args(case_dir):
    args = []
    path = os.path.join(case_dir, "args.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                args.append(line.replace("{case}", os.path.relpath(case_dir, REPO)))
    return args


def cases(vl, generated, quick):
    """[(name, argv)] of every run whose bytes are kept."""
    out = []
    scan = lambda paths, fmt, extra=(): [vl, "scan", *paths, "--format", fmt, "--fail-on", "none", *AS_OF, *extra]
    if os.path.isdir(CORPUS):
        corpus = os.path.relpath(CORPUS, REPO)
        out += [("corpus.json", scan([corpus], "json", ["--jobs", "2"])),
                ("corpus.jobs1.json", scan([corpus], "json", ["--jobs", "1"])),
                ("corpus.txt", scan([corpus], "text", ["--jobs", "2"])),
                ("corpus.sarif", scan([corpus], "sarif", ["--jobs", "2"]))]
        if not quick:
            out.append(("corpus.graph.json", [vl, "graph", corpus, "--format", "json", *AS_OF]))
    out += [("fixtures.json", scan(["fixtures"], "json")), ("fixtures.txt", scan(["fixtures"], "text")),
            ("fixtures.sarif", scan(["fixtures"], "sarif"))]
    for fmt in sorted(os.listdir(os.path.join(REPO, "fixtures"))):
        fmt_dir = os.path.join(REPO, "fixtures", fmt)
        if not os.path.isdir(fmt_dir):
            continue
        for case in sorted(os.listdir(fmt_dir)):
            case_dir = os.path.join(fmt_dir, case)
            if not os.path.isdir(case_dir):
                continue
            rel, args = os.path.relpath(case_dir, REPO), case_args(case_dir)
            name = f"case.{fmt}.{case}"
            out += [(name + ".json", scan([rel], "json", args)), (name + ".txt", scan([rel], "text", args)),
                    (name + ".graph.json", [vl, "graph", rel, "--format", "json", *AS_OF, *args])]
    if generated:
        out += [("generated.json", scan([generated], "json", ["--jobs", "2"])),
                ("generated.txt", scan([generated], "text", ["--jobs", "2"]))]
    return out


def run_one(argv):
    p = subprocess.run(argv, cwd=REPO, capture_output=True, timeout=900)
    return p.stdout + f"\n--- exit {p.returncode}\n".encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["save", "check"])
    ap.add_argument("dir")
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    vl = os.path.join(os.path.abspath(args.build), "vaultlint")
    os.makedirs(args.dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vaultlint-golden-") as work:
        generated = None
        if not args.quick:
            # A fixed path: the generated corpus's paths appear in the output.
            generated = os.path.join(work, "generated")
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), generated, "2000"], check=True,
                           stdout=subprocess.DEVNULL)
        todo = cases(vl, generated, args.quick)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            outputs = list(pool.map(lambda c: run_one(c[1]), todo))
    differ = 0
    for (name, _), data in zip(todo, outputs):
        if generated:
            data = data.replace(generated.encode(), b"<generated>")
        path = os.path.join(args.dir, name)
        if args.mode == "save":
            with open(path, "wb") as f:
                f.write(data)
            continue
        if not os.path.exists(path):
            print(f"new   {name} (no saved output)")
            differ += 1
            continue
        old = open(path, "rb").read()
        if old != data:
            differ += 1
            print(f"DIFF  {name}: {len(old)} -> {len(data)} bytes, sha256 "
                  f"{hashlib.sha256(old).hexdigest()[:12]} -> {hashlib.sha256(data).hexdigest()[:12]}")
            with open(path + ".new", "wb") as f:
                f.write(data)
    if args.mode == "save":
        print(f"saved {len(todo)} outputs in {args.dir}")
        return 0
    print(f"{len(todo) - differ} of {len(todo)} outputs byte-identical" + (f"; {differ} differ (.new beside each)" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
