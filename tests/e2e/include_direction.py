#!/usr/bin/env python3
"""Includes flow one way (DESIGN section 1): every `#include "stage/..."` under analyzer/ must name a stage
that the including file's stage may use, and inside a stage with rooms (ROOMS below) a room that the
including file's room may use. The link dependencies in analyzer/CMakeLists.txt enforce the same
for symbols; this catches what a header alone brings in (types, inline and template code).

Usage: include_direction.py ANALYZER_DIR

Known exceptions are listed below, each with its reason; one that no longer occurs is reported too, so
the list shrinks as the code is fixed.
"""
import os
import re
import sys

# The stages each stage may include, besides itself: the direct uses of DESIGN section 1 and what they use
# in turn. A frontend never includes another frontend, scan (it hands scan its units through
# graph/unit_task.h), policy or report; policy never includes a frontend;
# nothing includes cli.
BELOW_EVAL = {"eval", "graph", "source"}
FRONTENDS = {"frontends/arm", "frontends/bicep", "frontends/terraform"}
ALLOWED = {
    "source": set(),
    "graph": {"source"},
    "eval": {"graph", "source"},
    "policy": {"graph", "source"},
    "frontends/arm": BELOW_EVAL,
    "frontends/bicep": BELOW_EVAL,
    # Terraform has its own evaluator and does not use eval/ (issue 16).
    "frontends/terraform": {"graph", "source"},
    "scan": FRONTENDS | {"policy"} | BELOW_EVAL,
    # fix: certain edits from findings and the texts they point into, beside report (which carries them
    # in SARIF); the CLI (--fix) and the language server (quick fixes) use it too.
    "fix": {"policy", "graph", "source"},
    "report": {"fix", "policy", "graph", "source"},
    # The language server is a thin client of scan, report and fix, as the CLI is; the CLI starts it.
    "lsp": {"scan", "report", "fix", "policy", "graph", "source"},
    "cli": {"lsp", "scan", "report", "fix", "policy", "graph", "source"},
}

# Rooms inside a stage: a folder of the stage and what it may include besides itself ("" is the stage's
# own top folder, its interface). The Terraform frontend reads HCL (hcl/), evaluates it (evaluation/), maps
# resources to ARM's shape (mapping/) and instantiates modules (modules/), each room using only those
# before it; modules/ also includes the frontend's interface for the request it serves.
ROOMS = {
    "frontends/terraform": {
        "hcl": set(),
        "evaluation": {"hcl"},
        "mapping": {"evaluation", "hcl"},
        "modules": {"mapping", "evaluation", "hcl", ""},
        "": {"modules", "mapping", "evaluation", "hcl"},
    },
}

# (including file, included header): why it is allowed for now.
EXCEPTIONS = {
    ("report/report.h", "scan/scan.h"):
        "permanent: a report formats the scan's result (ScanResult), which scan/ defines",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def stage_of(path):
    """The stage of a path relative to analyzer/ ("frontends/bicep/lexer.h" -> "frontends/bicep")."""
    parts = path.split("/")
    if parts[0] == "frontends" and len(parts) > 2:
        return "frontends/" + parts[1]
    return parts[0] if len(parts) > 1 else None


def room_of(path, stage):
    """The room of a path inside a stage with rooms ("frontends/terraform/hcl/x.h" -> "hcl"; "" at the top)."""
    rest = path[len(stage) + 1:].split("/")
    return rest[0] if len(rest) > 1 else ""


def main():
    root = os.path.abspath(sys.argv[1])
    problems, used = [], set()
    files = 0
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith((".h", ".hpp", ".cpp", ".cc")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            stage = stage_of(rel)
            if stage is None:
                continue
            files += 1
            if stage not in ALLOWED:
                problems.append(f"{rel}: stage `{stage}` is not in this test's table; add it with its uses")
                continue
            text = open(path, encoding="utf-8").read()
            for m in INCLUDE.finditer(text):
                header = m.group(1)
                target = stage_of(header)
                if target == stage and stage in ROOMS:
                    rooms = ROOMS[stage]
                    here, there = room_of(rel, stage), room_of(header, stage)
                    if here not in rooms:
                        problems.append(f"{rel}: room `{here or '(top)'}` of `{stage}` is not in this test's table")
                    elif there != here and there not in rooms[here]:
                        line = text.count("\n", 0, m.start()) + 1
                        problems.append(f"{rel}:{line}: room `{here or '(top)'}` of `{stage}` may not include `{header}` "
                                        f"(room `{there or '(top)'}`); it may use: "
                                        f"{', '.join(sorted(r or '(top)' for r in rooms[here])) or 'nothing'}")
                    continue
                if target is None or target == stage or target in ALLOWED[stage]:
                    continue
                if target not in ALLOWED:
                    continue  # not one of ours ("catch2/...", a generated file)
                if (rel, header) in EXCEPTIONS:
                    used.add((rel, header))
                    continue
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{rel}:{line}: `{stage}` may not include `{header}` (stage `{target}`); "
                                f"it may use: {', '.join(sorted(ALLOWED[stage])) or 'nothing'}")
    for key in sorted(set(EXCEPTIONS) - used):
        problems.append(f"{key[0]} no longer includes {key[1]}: remove the exception from tests/e2e/include_direction.py")
    for p in problems:
        print(p)
    print(f"{files} files checked, {len(used)} known exceptions, {len(problems)} problems")
    return 1 if problems or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
