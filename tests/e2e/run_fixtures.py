#!/usr/bin/env python3
"""Runs vaultlint over every fixture folder and compares its findings with the expectations written in the
fixtures themselves (DESIGN section 1).

Usage: run_fixtures.py VAULTLINT FIXTURES_DIR [CASE_FILTER]

A fixture case is a folder directly under FIXTURES_DIR/<format>/. Its files carry expectations at the end
of the lines they are about, in a comment (`//` for ARM JSON and Bicep, `#` for Terraform):
  expect: KV122 KV121     findings (result fail) of these rules point at this line
  expect@+1: KV122        ... at the next line (@-1 the previous one, @+2 ...)
  expect: KV141:40        ... at this line and column 40 (else the column is the line's first non-blank)
  expect-unresolved: KV1  an unresolved result of this rule points at this line
  expect-related: KV122   a KV122 finding has a related location on this line
  expect-absent: KV101    no finding of this rule anywhere in this file
Files that cannot hold a comment list their expectations in `expected.txt` beside them, one per line:
  <file>:<line>[:<column>] expect: KV001
  <file> expect-absent: KV101
Optional `args.txt` holds extra command-line arguments for the case (one per line). The runner scans the
case folder with `--format json --fail-on none` and prints, per case, what was expected but not found and
what was found but not expected. Exit code 1 when any case differs.
"""
import json
import os
import re
import subprocess
import sys

ANNOTATION = re.compile(r"(?://|#)\s*(expect(?:-unresolved|-related|-absent)?)(@[+-]\d+)?:\s*(.*?)\s*(?:\*/)?$")
SIDECAR = re.compile(r"^(\S+?)(?::(\d+)(?::(\d+))?)?\s+(expect(?:-unresolved|-related|-absent)?):\s*(.*)$")
RULE = re.compile(r"^(KV\d{3})(?::(\d+))?$")


def first_column(line):
    stripped = line.lstrip(" \t")
    return len(line) - len(stripped) + 1


def parse_rules(text, where):
    out = []
    for token in re.split(r"[\s,]+", text.strip()):
        if not token:
            continue
        m = RULE.match(token)
        if not m:
            raise SystemExit(f"{where}: cannot read expectation '{token}'")
        out.append((m.group(1), int(m.group(2)) if m.group(2) else None))
    return out


def collect(case_dir, repo_root):
    """Returns (expected findings, expected related, absent rules per file)."""
    expected, related, absent = [], [], {}
    for root, _, names in os.walk(case_dir):
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, repo_root).replace(os.sep, "/")
            if name == "expected.txt":
                base = os.path.relpath(root, repo_root).replace(os.sep, "/")
                for n, raw in enumerate(open(path, encoding="utf-8"), 1):
                    raw = raw.strip()
                    if not raw or raw.startswith("#"):
                        continue
                    m = SIDECAR.match(raw)
                    if not m:
                        raise SystemExit(f"{rel}:{n}: cannot read '{raw}'")
                    target = f"{base}/{m.group(1)}"
                    kind, rules = m.group(4), parse_rules(m.group(5), f"{rel}:{n}")
                    if kind == "expect-absent":
                        absent.setdefault(target, set()).update(r for r, _ in rules)
                        continue
                    line = int(m.group(2))
                    for rule, col in rules:
                        column = int(m.group(3)) if m.group(3) else col
                        entry = (rule, target, line, column, "unresolved" if kind == "expect-unresolved" else "fail")
                        (related if kind == "expect-related" else expected).append(entry)
                continue
            if name == "args.txt" or not name.endswith((".json", ".bicep", ".bicepparam", ".tf", ".tfvars", ".hcl")):
                continue
            try:
                lines = open(path, encoding="utf-8-sig").read().split("\n")
            except UnicodeDecodeError:
                continue
            for i, text in enumerate(lines, 1):
                m = ANNOTATION.search(text)
                if not m:
                    continue
                kind, offset, body = m.group(1), m.group(2), m.group(3)
                rules = parse_rules(body, f"{rel}:{i}")
                if kind == "expect-absent":
                    absent.setdefault(rel, set()).update(r for r, _ in rules)
                    continue
                line = i + (int(offset[1:]) if offset else 0)  # offset is "@+1" or "@-1"
                target_text = lines[line - 1] if 0 < line <= len(lines) else ""
                for rule, col in rules:
                    column = col if col is not None else first_column(target_text)
                    entry = (rule, rel, line, column, "unresolved" if kind == "expect-unresolved" else "fail")
                    (related if kind == "expect-related" else expected).append(entry)
    return expected, related, absent


def run_case(vaultlint, case_dir, repo_root):
    args = [vaultlint, "scan", os.path.relpath(case_dir, repo_root), "--format", "json", "--fail-on", "none",
            "--as-of", "2026-11-25"]
    args_file = os.path.join(case_dir, "args.txt")
    if os.path.exists(args_file):
        for line in open(args_file, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                args.append(line.replace("{case}", os.path.relpath(case_dir, repo_root)))
    p = subprocess.run(args, cwd=repo_root, capture_output=True, text=True, timeout=120)
    if p.returncode not in (0, 1):
        return None, f"exit {p.returncode}: {p.stderr.strip()[:400]}"
    try:
        return json.loads(p.stdout), ""
    except ValueError:
        return None, f"no JSON: {p.stdout[:200]} {p.stderr[:200]}"


def main():
    vaultlint, fixtures = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    repo_root = os.path.dirname(fixtures)
    cases = []
    for fmt in sorted(os.listdir(fixtures)):
        fmt_dir = os.path.join(fixtures, fmt)
        if os.path.isdir(fmt_dir):
            cases += [os.path.join(fmt_dir, c) for c in sorted(os.listdir(fmt_dir)) if os.path.isdir(os.path.join(fmt_dir, c))]
    cases = [c for c in cases if only in c]
    failed = 0
    checked = 0
    for case in cases:
        name = os.path.relpath(case, fixtures)
        expected, related, absent = collect(case, repo_root)
        doc, error = run_case(vaultlint, case, repo_root)
        if doc is None:
            print(f"FAIL {name}: {error}")
            failed += 1
            continue
        actual = []
        actual_related = set()
        for f in doc["findings"]:
            actual.append((f["rule"], f["file"], f["line"], f["column"], f["result"]))
            for r in f.get("related", []):
                actual_related.add((f["rule"], r["file"], r["line"]))
        problems = []
        remaining = list(actual)
        for e in expected:
            match = next((a for a in remaining if a[:3] == e[:3] and a[4] == e[4] and (e[3] is None or a[3] == e[3])), None)
            if match:
                remaining.remove(match)
            else:
                near = [a for a in remaining if a[0] == e[0] and a[1] == e[1]]
                hint = f" (found {e[0]} at " + ", ".join(f"{a[2]}:{a[3]} {a[4]}" for a in near) + ")" if near else ""
                problems.append(f"  expected {e[4]} {e[0]} at {e[1]}:{e[2]}:{e[3]}{hint}")
        for a in remaining:
            problems.append(f"  unexpected {a[4]} {a[0]} at {a[1]}:{a[2]}:{a[3]}")
        for r in related:
            if (r[0], r[1], r[2]) not in actual_related:
                problems.append(f"  expected a {r[0]} related location at {r[1]}:{r[2]}")
        for file, rules in absent.items():
            for a in actual:
                if a[1] == file and a[0] in rules:
                    problems.append(f"  {a[0]} must not fire in {file} (it did at {a[2]}:{a[3]})")
        checked += 1
        if problems:
            failed += 1
            print(f"FAIL {name}")
            print("\n".join(problems))
            messages = [f"    {f['rule']} {f['file']}:{f['line']}:{f['column']} {f['result']}: {f['message']}" for f in doc["findings"]]
            if messages:
                print("  vaultlint said:\n" + "\n".join(messages))
        else:
            print(f"ok   {name} ({len(expected)} expected)")
    print(f"{checked - failed if checked >= failed else 0} of {len(cases)} fixture cases match")
    sys.exit(1 if failed or not cases else 0)


main()
