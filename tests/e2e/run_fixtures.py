#!/usr/bin/env python3
"""Runs vaultlint over every fixture folder and compares its findings with the expectations written in the
fixtures themselves (DESIGN section 1).

Usage: run_fixtures.py VAULTLINT FIXTURES_DIR [CASE_FILTER] [--policies DIR]

A fixture case is a folder directly under FIXTURES_DIR/<format>/. Its files carry expectations at the end
of the lines they are about, in a comment (`//` for ARM JSON and Bicep, `#` for Terraform):
  expect: KV122 KV121     findings (result fail) of these rules point at this line
  expect@+1: KV122        ... at the next line (@-1 the previous one, @+2 ...)
  expect: KV141:40        ... at this line and column 40 (else the column is the line's first non-blank)
  expect: KV122 "can be purged"
                          ... and the finding's message contains this text (as clang-tidy's tests check
                          theirs); each rule of a line may carry its own: KV111 "public" KV122 "purged".
                          Inside the quotes, \\" is a quote and \\\\ a backslash.
  expect-unresolved: KV1  an unresolved result of this rule points at this line (text as for expect:)
  expect-related: KV122   a KV122 finding has a related location on this line
  expect-absent: KV101    no finding of this rule anywhere in this file
  expect-pass: KV122      the rule applies here and passes: on the line where a resource is declared (the
                          line `vaultlint graph` gives it), a resource of a type the rule applies to, and
                          no finding of the rule (fail or unresolved) on that resource. For a rule of
                          `kind: diagnostic` (it judges files: KV001-KV003), no finding of it in this file;
                          put it where it explains itself (the module reference, the suppressed resource).
                          tests/e2e/catalogue_test.py wants one of these per rule and format.
Files that cannot hold a comment list their expectations in `expected.txt` beside them, one per line:
  <file>:<line>[:<column>] expect: KV001 "text"
  <file> expect-absent: KV101
  <file> expect-pass: KV001      (a diagnostic rule's pass is about the whole file: no line)
Optional `args.txt` holds extra command-line arguments for the case (one per line). The runner scans the
case folder with `--format json --fail-on none` and prints, per case, what was expected but not found and
what was found but not expected. `--policies DIR` adds a folder of rule files to every run (and to the
rules that expect-pass looks up). Exit code 1 when any case differs.
"""
import glob
import json
import os
import re
import subprocess
import sys

KINDS = r"expect(?:-unresolved|-related|-absent|-pass)?"
ANNOTATION = re.compile(r"(?://|#)\s*(" + KINDS + r")(@[+-]\d+)?:\s*(.*?)\s*(?:\*/)?$")
SIDECAR = re.compile(r"^(\S+?)(?::(\d+)(?::(\d+))?)?\s+(" + KINDS + r"):\s*(.*)$")
# One expectation: a rule id, an optional column, an optional quoted message text.
TOKEN = re.compile(r'\s*(KV\d{3})(?::(\d+))?(?:\s+"((?:[^"\\]|\\.)*)")?\s*(?:,|(?=\s)|$)')
FILE_SUFFIXES = (".json", ".bicep", ".bicepparam", ".tf", ".tfvars", ".hcl")


class Expectations:
    """What a case's files say. Findings are (rule, file, line, column, result, text); text may be None."""

    def __init__(self):
        self.findings = []
        self.related = []
        self.absent = {}   # file -> set of rules
        self.passing = []  # (rule, file, line)


def first_column(line):
    stripped = line.lstrip(" \t")
    return len(line) - len(stripped) + 1


def parse_rules(text, where, allow_text):
    """[(rule, column or None, message text or None)] of an annotation's body."""
    out, pos, text = [], 0, text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SystemExit(f"{where}: cannot read expectation '{text[pos:].strip()}'")
        message = m.group(3)
        if message is not None:
            if not allow_text:
                raise SystemExit(f"{where}: message text is checked only on expect: and expect-unresolved:")
            message = re.sub(r"\\(.)", r"\1", message)
        out.append((m.group(1), int(m.group(2)) if m.group(2) else None, message))
        pos = m.end()
    return out


def add(exp, kind, rules, target, line, column_of):
    if kind == "expect-absent":
        exp.absent.setdefault(target, set()).update(r for r, _, _ in rules)
        return
    for rule, col, text in rules:
        if kind == "expect-pass":
            exp.passing.append((rule, target, line))
            continue
        entry = (rule, target, line, column_of(col), "unresolved" if kind == "expect-unresolved" else "fail", text)
        (exp.related if kind == "expect-related" else exp.findings).append(entry)


def collect(case_dir, repo_root):
    """The Expectations written in a case folder's files and sidecars."""
    exp = Expectations()
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
                    kind = m.group(4)
                    rules = parse_rules(m.group(5), f"{rel}:{n}", kind in ("expect", "expect-unresolved"))
                    if kind not in ("expect-absent", "expect-pass") and not m.group(2):
                        raise SystemExit(f"{rel}:{n}: {kind} needs a line")
                    line = int(m.group(2)) if m.group(2) else 0
                    add(exp, kind, rules, f"{base}/{m.group(1)}", line,
                        lambda col: int(m.group(3)) if m.group(3) else col)
                continue
            if name == "args.txt" or not name.endswith(FILE_SUFFIXES):
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
                rules = parse_rules(body, f"{rel}:{i}", kind in ("expect", "expect-unresolved"))
                line = i + (int(offset[1:]) if offset else 0)  # offset is "@+1" or "@-1"
                target_text = lines[line - 1] if 0 < line <= len(lines) else ""
                add(exp, kind, rules, rel, line, lambda col: col if col is not None else first_column(target_text))
    return exp


def load_rules(repo_root, policy_dirs):
    """Rule id -> its YAML document: the built-in catalogue, then the --policies folders (which replace)."""
    import yaml  # python3-yaml; only expect-pass needs it
    rules = {}
    for folder in [os.path.join(repo_root, "policies")] + policy_dirs:
        for path in sorted(glob.glob(os.path.join(folder, "*.yaml")) + glob.glob(os.path.join(folder, "*.yml"))):
            doc = yaml.safe_load(open(path, encoding="utf-8"))
            if isinstance(doc, dict) and "id" in doc:
                rules[doc["id"]] = doc
    return rules


def option_values(args, name):
    """Every value of a command-line option, split at commas (--rule and --skip-rule take lists)."""
    values = []
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            values += args[i + 1].split(",")
        elif a.startswith(name + "="):
            values += a[len(name) + 1:].split(",")
    return values


def case_args(case_dir, repo_root, extra):
    args = []
    args_file = os.path.join(case_dir, "args.txt")
    if os.path.exists(args_file):
        for line in open(args_file, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                args.append(line.replace("{case}", os.path.relpath(case_dir, repo_root)))
    return args + extra


def run(vaultlint, command, case_dir, repo_root, args):
    argv = [vaultlint, command, os.path.relpath(case_dir, repo_root), "--format", "json"]
    if command == "scan":
        argv += ["--fail-on", "none"]
    argv += ["--as-of", "2026-11-25"] + args
    p = subprocess.run(argv, cwd=repo_root, capture_output=True, text=True, timeout=120)
    if p.returncode not in (0, 1):
        return None, f"{command}: exit {p.returncode}: {p.stderr.strip()[:400]}"
    try:
        return json.loads(p.stdout), ""
    except ValueError:
        return None, f"{command}: no JSON: {p.stdout[:200]} {p.stderr[:200]}"


def check_passing(exp, findings, graph, rules, args):
    """Problems with the case's expect-pass annotations: the rule must apply there and not fire."""
    problems = []
    chosen = {r.upper() for r in option_values(args, "--rule")}
    skipped = {r.upper() for r in option_values(args, "--skip-rule")}
    for rule, file, line in exp.passing:
        where = f"expect-pass: {rule} at {file}:{line}"
        doc = rules.get(rule)
        if doc is None:
            problems.append(f"  {where}: no such rule")
            continue
        names = {rule, str(doc.get("name", "")).upper()}
        enabled = bool(chosen & names) if chosen else doc.get("enabled", True)
        if not enabled or skipped & names:
            problems.append(f"  {where}: the rule does not run in this case (args.txt or `enabled: false`)")
            continue
        if doc.get("kind") == "diagnostic":
            for f in findings:
                if f["rule"] == rule and f["file"] == file:
                    problems.append(f"  {where}: it fired in that file at {f['line']}:{f['column']}")
            continue
        types = {t.lower() for t in doc.get("applies_to", [])}
        in_file = sorted({r["line"] for r in graph["resources"] if r["file"] == file})
        here = [r for r in graph["resources"] if r["file"] == file and r["line"] == line and not r["existing"]]
        subjects = [r for r in here if r["type"].lower() in types]
        if not subjects:
            found = ", ".join(sorted({r["type"] for r in here})) or "none"
            problems.append(f"  {where}: no resource it applies to is declared on that line (found: {found})")
            continue
        # A finding is on the resource when it names it, or when it lies between this declaration and the
        # next one in the file (the resource's own lines).
        end = next((n for n in in_file if n > line), float("inf"))
        names_here = set()
        for r in subjects:
            if isinstance(r.get("name"), str):
                names_here.add(f"{r['type']}/{r['name']}".lower())
            if r.get("symbolic_name"):
                names_here.add(f"{r['type']}/{r['symbolic_name']}".lower())
        for f in findings:
            if f["rule"] != rule:
                continue
            inside = f["file"] == file and line <= f["line"] < end
            if inside or (f.get("resource") or "").lower() in names_here:
                problems.append(f"  {where}: it did not pass: {f['result']} at {f['file']}:{f['line']}:{f['column']}")
    return problems


def compare(exp, doc):
    """Problems: expected findings not found, unexpected ones, related locations, absent rules."""
    actual = [(f["rule"], f["file"], f["line"], f["column"], f["result"], f["message"]) for f in doc["findings"]]
    actual_related = {(f["rule"], r["file"], r["line"]) for f in doc["findings"] for r in f.get("related", [])}
    problems = []
    remaining = list(actual)
    for e in exp.findings:
        def matches(a, e=e):
            return (a[:3] == e[:3] and a[4] == e[4] and (e[3] is None or a[3] == e[3])
                    and (e[5] is None or e[5] in a[5]))
        match = next((a for a in remaining if matches(a)), None)
        if match:
            remaining.remove(match)
            continue
        near = [a for a in remaining if a[0] == e[0] and a[1] == e[1]]
        hint = ""
        if near:
            hint = f" (found {e[0]} at " + ", ".join(f"{a[2]}:{a[3]} {a[4]}" for a in near) + ")"
            if e[5] is not None:
                hint += "".join(f"\n    with message at {a[2]}: {a[5]}" for a in near if a[2] == e[2])
        text = f' with "{e[5]}"' if e[5] is not None else ""
        problems.append(f"  expected {e[4]} {e[0]}{text} at {e[1]}:{e[2]}:{e[3]}{hint}")
    for a in remaining:
        problems.append(f"  unexpected {a[4]} {a[0]} at {a[1]}:{a[2]}:{a[3]}")
    for r in exp.related:
        if (r[0], r[1], r[2]) not in actual_related:
            problems.append(f"  expected a {r[0]} related location at {r[1]}:{r[2]}")
    for file, rules in exp.absent.items():
        for a in actual:
            if a[1] == file and a[0] in rules:
                problems.append(f"  {a[0]} must not fire in {file} (it did at {a[2]}:{a[3]})")
    return problems


def fixture_cases(fixtures):
    cases = []
    for fmt in sorted(os.listdir(fixtures)):
        fmt_dir = os.path.join(fixtures, fmt)
        if os.path.isdir(fmt_dir):
            cases += [os.path.join(fmt_dir, c) for c in sorted(os.listdir(fmt_dir)) if os.path.isdir(os.path.join(fmt_dir, c))]
    return cases


def main(argv):
    positional, policy_dirs = [], []
    it = iter(argv)
    for a in it:
        if a == "--policies":
            policy_dirs.append(os.path.abspath(next(it)))
        else:
            positional.append(a)
    if len(positional) < 2:
        raise SystemExit(__doc__)
    vaultlint, fixtures = os.path.abspath(positional[0]), os.path.abspath(positional[1])
    only = positional[2] if len(positional) > 2 else ""
    repo_root = os.path.dirname(fixtures)
    extra = [x for d in policy_dirs for x in ("--policies", d)]
    cases = [c for c in fixture_cases(fixtures) if only in c]
    rules = None
    failed = 0
    checked = 0
    for case in cases:
        name = os.path.relpath(case, fixtures)
        exp = collect(case, repo_root)
        args = case_args(case, repo_root, extra)
        doc, error = run(vaultlint, "scan", case, repo_root, args)
        graph = {"resources": []}
        if doc is not None and exp.passing:
            if rules is None:
                rules = load_rules(repo_root, policy_dirs)
            graph, error = run(vaultlint, "graph", case, repo_root, args)
            doc = doc if graph is not None else None
        if doc is None:
            print(f"FAIL {name}: {error}")
            failed += 1
            continue
        problems = compare(exp, doc)
        if exp.passing:
            problems += check_passing(exp, doc["findings"], graph, rules, args)
        checked += 1
        if problems:
            failed += 1
            print(f"FAIL {name}")
            print("\n".join(problems))
            messages = [f"    {f['rule']} {f['file']}:{f['line']}:{f['column']} {f['result']}: {f['message']}" for f in doc["findings"]]
            if messages:
                print("  vaultlint said:\n" + "\n".join(messages))
        else:
            passing = f", {len(exp.passing)} passing" if exp.passing else ""
            print(f"ok   {name} ({len(exp.findings)} expected{passing})")
    print(f"{checked - failed if checked >= failed else 0} of {len(cases)} fixture cases match")
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
