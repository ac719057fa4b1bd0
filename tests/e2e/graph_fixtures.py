#!/usr/bin/env python3
"""Checks the edges of the normalized resource graph against expectations written in the fixtures, on the
declaration line of the resource they are about (the line a finding about an absent property points at:
ARM the `{` of the resource, Bicep the `resource`/`module` keyword, Terraform the `resource "t" "n" {`):

  node: NAME            names the resources declared on this line (every instance, variant and unit)
  edge: KIND T1 T2 ...  the targets of the KIND edges (scope, parent, references, module) of the
                        resources declared here (every instance, variant and unit) are exactly these names; `[resource-group]`, `[subscription]`,
                        `[management-group]` name scope nodes no file declares; `-` means none
  reaches: T1 T2 ...    an extension resource: the named resources its scope is, or holds (directly or
                        through a resource group or subscription); `-` means none
  in: T1 T2 ...         the scopes that directly hold the resources declared here
Several go in one comment, separated by `;`; a comment is read only when it is made of clauses alone. Every target must be in the same deployment unit and variant
as the resource, unless written `T@elsewhere` (linked across units, which only ids that prove the same
Azure resource may do). Unnamed targets count as `?`.

Usage: graph_fixtures.py VAULTLINT FIXTURES_DIR
Runs `vaultlint graph CASE --format json` per fixture case that holds an expectation; exit 1 on any
difference, with the case, line and what was expected and found.
"""
import json
import os
import re
import subprocess
import sys

CLAUSE = re.compile(r"^(node|edge|reaches|in):\s*(.*?)\s*$")
COMMENT = re.compile(r"(//|#)(.*)$")
SCOPE_NAMES = {
    "microsoft.resources/resourcegroups": "[resource-group]",
    "microsoft.resources/subscriptions": "[subscription]",
    "microsoft.management/managementgroups": "[management-group]",
}


def annotations(case_dir, repo_root):
    """{(file, line): [(kind, args)]} for every annotated line of the case."""
    out = {}
    for root, _, names in os.walk(case_dir):
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, repo_root).replace(os.sep, "/")
            try:
                lines = open(path, encoding="utf-8").read().splitlines()
            except (UnicodeDecodeError, OSError):
                continue
            for n, text in enumerate(lines, 1):
                m = COMMENT.search(text)
                if not m:
                    continue
                # The comment is all clauses (`node: kv; edge: scope x`), or none: prose is never read as one.
                parts = [p.strip() for p in m.group(2).replace("*/", "").split(";")]
                clauses = [CLAUSE.match(p) for p in parts if p]
                if clauses and all(clauses):
                    for c in clauses:
                        out.setdefault((rel, n), []).append((c.group(1), c.group(2).split()))
    return out


def check_case(vaultlint, case_dir, repo_root):
    expected = annotations(case_dir, repo_root)
    if not expected:
        return None
    proc = subprocess.run([vaultlint, "graph", os.path.relpath(case_dir, repo_root), "--format", "json"],
                          cwd=repo_root, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return [f"vaultlint graph exited {proc.returncode}: {proc.stderr.strip()}"]
    graph = json.loads(proc.stdout)
    resources = graph["resources"]
    at = {}  # (file, line) -> resource indexes declared there
    for r in resources:
        if r.get("file"):
            at.setdefault((r["file"], r["line"]), []).append(r["index"])
    names = {}  # resource index -> node name
    for key, clauses in expected.items():
        for kind, args in clauses:
            if kind == "node":
                if key not in at:
                    return [f"{key[0]}:{key[1]}: `node: {args[0]}` but no resource is declared on this line"]
                for i in at[key]:
                    names[i] = args[0]

    def name_of(i):
        if i in names:
            return names[i]
        return SCOPE_NAMES.get(resources[i]["type"].lower(), "?") if resources[i].get("implicit") or \
            resources[i]["type"].lower() in SCOPE_NAMES else "?"

    def same_place(a, b):
        return resources[a]["unit"] == resources[b]["unit"] and resources[a]["variant"] == resources[b]["variant"]

    out_edges = {}
    for e in graph["edges"]:
        if e.get("label") == "dependsOn":
            continue  # references by dependsOn are checked by the resources that need them, not here
        out_edges.setdefault(e["from"], []).append(e)

    def shown(i, j):
        return name_of(j) if same_place(i, j) else name_of(j) + "@elsewhere"

    def contained(scope):
        seen, todo = set(), [scope]
        while todo:
            s = todo.pop()
            for e in out_edges.get(s, []):
                if e["kind"] == "contains" and e["to"] not in seen:
                    seen.add(e["to"])
                    todo.append(e["to"])
        return seen

    problems = []
    for key, clauses in sorted(expected.items()):
        where = f"{key[0]}:{key[1]}"
        sources = at.get(key, [])
        for kind, args in clauses:
            if kind == "node":
                continue
            if not sources:
                problems.append(f"{where}: `{kind}: {' '.join(args)}` but no resource is declared on this line")
                continue
            want = set(a for a in args if a != "-")
            got = set()
            for i in sources:
                if kind == "edge":
                    want = set(a for a in args[1:] if a != "-")
                    got |= {shown(i, e["to"]) for e in out_edges.get(i, []) if e["kind"] == args[0]}
                elif kind == "reaches":
                    reached = set()
                    for e in out_edges.get(i, []):
                        if e["kind"] == "scope":
                            reached.add(e["to"])
                            reached |= contained(e["to"])
                    got |= {shown(i, j) for j in reached if j in names}
                elif kind == "in":
                    got |= {shown(i, e["from"]) for e in graph["edges"] if e["kind"] == "contains" and e["to"] == i}
            if got != want:
                what = f"{args[0]} edges" if kind == "edge" else {"reaches": "reaches", "in": "is in"}[kind]
                problems.append(f"{where}: {what}: expected {sorted(want)}, found {sorted(got)}")
    return problems


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    vaultlint, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]
    repo_root = os.path.abspath(os.path.join(fixtures, os.pardir))
    failed, checked = 0, 0
    for fmt in sorted(os.listdir(fixtures)):
        fmt_dir = os.path.join(fixtures, fmt)
        if not os.path.isdir(fmt_dir):
            continue
        for case in sorted(os.listdir(fmt_dir)):
            case_dir = os.path.join(fmt_dir, case)
            if not os.path.isdir(case_dir):
                continue
            problems = check_case(vaultlint, case_dir, repo_root)
            if problems is None:
                continue
            checked += 1
            if problems:
                failed += 1
                print(f"FAIL {fmt}/{case}")
                for p in problems:
                    print(f"  {p}")
            else:
                print(f"ok   {fmt}/{case}")
    print(f"{checked - failed} of {checked} graph fixture cases as expected")
    if checked == 0:
        print("no fixture holds a graph expectation: the checker would prove nothing")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
