#!/usr/bin/env python3
"""`vaultlint scan --fix` over every fixture folder (and the examples), each in a temporary copy:

- `--fix --dry-run` changes no file, and its diff is the change `--fix` then makes;
- after `--fix`, a fresh scan no longer reports any finding whose SARIF result carried a fix (every
  fixable case is fixed), no finding appears, and none other goes away but those a fixed finding's rule
  names in `also_resolves`, on the same resource (KV112 after KV111) or on one whose finding points at it
  (KV202 on a role assignment that reaches the vault KV101's edit fixes);
- only the intended lines differ: each removed or changed line is a line a SARIF fix replaces, each added
  line is a member a SARIF fix inserts;
- a second `--fix` fixes none of them again, and --fix reports what is left as a scan would.

Usage: fix_test.py VAULTLINT REPO_ROOT"""
import difflib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

VL = os.path.abspath(sys.argv[1])
REPO = os.path.abspath(sys.argv[2])
AS_OF = ["--as-of", "2026-11-25"]
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:900]}]"))
    if not ok:
        failures.append(name)


def run(cwd, *args):
    # Bytes, decoded without newline translation: a diff of a CRLF file keeps its CRs.
    p = subprocess.run([VL, *args], capture_output=True, timeout=300, cwd=cwd, env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def case_args(case_dir, shown):
    args = []
    path = os.path.join(case_dir, "args.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                args.append(line.replace("{case}", shown))
    return args


def texts(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = f.read().decode("utf-8", "replace")
    return out


def also_resolves():
    """Rule id -> the rules its certain edits also make pass on the same resource (policies/*.yaml)."""
    out = {}
    for path in glob.glob(os.path.join(REPO, "policies", "*.yaml")):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        edits = doc.get("fix_edit") or []
        if isinstance(edits, dict):
            edits = [edits]
        out[doc["id"]] = {r for e in edits for r in e.get("also_resolves", [])}
    return out


def same_resource(g, f):
    """The same resource in units they share (the JSON has no declaration: a module's resource found in
    some units only is the same declaration in each)."""
    return g["resource"] == f["resource"] and bool(set(g["units"]) & set(f["units"]))


def points_at(g, f):
    """g, on another resource, says it reaches f's resource (the JSON names that resource's declaration
    only through such related locations: "it reaches Key Vault `kv` here", "it may reach ...")."""
    name = f["resource"].rsplit("/", 1)[-1]
    return bool(set(g["units"]) & set(f["units"])) and any(
        r["message"].startswith(("it reaches ", "it may reach ")) and r["message"].endswith(f"`{name}` here")
        for r in g.get("related", []))


def key(f):
    return (f["fingerprint"], f["result"])


ALSO = also_resolves()
fixed_total = cases_with_fixes = 0
with tempfile.TemporaryDirectory() as work:
    cases = sorted(glob.glob(os.path.join(REPO, "fixtures", "*", "*", ""))) + [os.path.join(REPO, "examples", "")]
    for source in cases:
        source = source.rstrip("/")
        name = os.path.relpath(source, REPO).replace("/", "-")
        shutil.copytree(source, os.path.join(work, name))
        args = case_args(source, name) + AS_OF
        scan = [name, "--fail-on", "none"] + args

        code, out, err = run(work, "scan", *scan, "--format", "json")
        if code != 0:
            check(f"{name}: the scan runs", False, err[-300:])
            continue
        before = json.loads(out)["findings"]
        code, out, _ = run(work, "scan", *scan, "--format", "sarif")
        sarif = json.loads(out)["runs"][0]["results"]
        fixable = {r["partialFingerprints"]["vaultlint/v1"]: r for r in sarif if r.get("fixes") and not r.get("suppressions")}
        original = texts(os.path.join(work, name))

        code, diff, err = run(work, "scan", *scan, "--fix", "--dry-run")
        check(f"{name}: --fix --dry-run changes nothing", texts(os.path.join(work, name)) == original, err[-300:])
        code, out, err = run(work, "scan", *scan, "--fix", "--format", "json")
        fixed_report = json.loads(out)["findings"] if out else None
        changed = texts(os.path.join(work, name))
        code, out, _ = run(work, "scan", *scan, "--format", "json")
        after = json.loads(out)["findings"]
        check(f"{name}: --fix reports what a fresh scan finds afterwards",
              fixed_report is not None and sorted(map(key, fixed_report)) == sorted(map(key, after)), err[-400:])

        before_keys = {key(f): f for f in before}
        after_keys = {key(f): f for f in after}
        appeared = [f"{f['rule']} {f['file']}:{f['line']} {f['message']}" for k, f in after_keys.items() if k not in before_keys]
        still = [f"{r['ruleId']} {r['locations'][0]['physicalLocation']['artifactLocation']['uri']}:"
                 f"{r['locations'][0]['physicalLocation']['region']['startLine']}" for fp, r in fixable.items()
                 if (fp, "fail") in after_keys]
        explained = set()
        for fp in fixable:
            f = before_keys.get((fp, "fail"))
            if not f:
                continue
            for g in before:
                if g["rule"] in ALSO.get(f["rule"], ()) and (same_resource(g, f) or points_at(g, f)):
                    explained.add(g["fingerprint"])
        other_gone = [f"{f['rule']} {f['file']}:{f['line']}" for k, f in before_keys.items()
                      if k not in after_keys and k[0] not in fixable and k[0] not in explained]
        check(f"{name}: every fixable finding is fixed ({len(fixable)})", not still, (still, err[-600:]))
        check(f"{name}: no finding appears", not appeared, appeared)
        check(f"{name}: no other finding goes away (but those also_resolves names)", not other_gone, other_gone)

        # Only the intended lines: what the SARIF fixes replace, and the members they insert.
        replaced, inserted = {}, {}
        for r in fixable.values():
            for change in r["fixes"][0]["artifactChanges"]:
                uri = change["artifactLocation"]["uri"]
                rel = os.path.relpath(uri, name)
                for rep in change["replacements"]:
                    reg = rep["deletedRegion"]
                    replaced.setdefault(rel, set()).update(range(reg["startLine"], reg["endLine"] + 1))
                    for line in rep["insertedContent"]["text"].split("\n"):
                        if line.strip().strip(","):
                            inserted.setdefault(rel, set()).add(line.strip().strip(","))
        stray, expected_diff = [], []
        for rel in sorted(set(original) | set(changed)):
            a, b = original.get(rel, "").splitlines(True), changed.get(rel, "").splitlines(True)
            if a == b:
                continue
            expected_diff += [l for l in difflib.unified_diff(a, b, f"a/{name}/{rel}", f"b/{name}/{rel}", n=3)]
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if op in ("replace", "delete"):
                    for n in range(i1 + 1, i2 + 1):
                        if n not in replaced.get(rel, set()):
                            stray.append(f"{rel}:{n} changed: {a[n - 1].strip()}")
                if op in ("replace", "insert"):
                    for line in b[j1:j2]:
                        body = line.strip().strip(",")
                        if body and op == "insert" and body not in inserted.get(rel, set()):
                            stray.append(f"{rel}: added {line.strip()}")
        check(f"{name}: only the lines the fixes name differ", not stray, stray)
        plus = sorted(l for l in diff.split("\n") if l.startswith(("+", "-")) and not l.startswith(("+++", "---")))
        want = sorted(l.rstrip("\n") for l in expected_diff if l.startswith(("+", "-")) and not l.startswith(("+++", "---")))
        check(f"{name}: the dry run's diff is the change --fix makes", plus == want, (diff[:400], want[:6]))

        # A second --fix finds none of these again (an edit may make another certain: RBAC stated, the API
        # version's edit holds too; that one is the second run's).
        code, out, _ = run(work, "scan", *scan, "--format", "sarif")
        again = {r["partialFingerprints"]["vaultlint/v1"] for r in json.loads(out)["runs"][0]["results"] if r.get("fixes")}
        check(f"{name}: a second --fix fixes none of them again", not (again & set(fixable)), sorted(again & set(fixable)))
        fixed_total += len(fixable)
        cases_with_fixes += 1 if fixable else 0

    # The command line around it.
    code, _, err = run(work, "scan", "examples", "--dry-run")
    check("--dry-run without --fix is a usage error", code == 2 and "--fix" in err, err)
    code, _, err = subprocess.run([VL, "scan", "--stdin-filename", "x.bicep", "--fix"], input="", capture_output=True,
                                  text=True, cwd=work).returncode, None, None
    check("--fix (writing) with --stdin-filename is a usage error", code == 2)

print(f"{fixed_total} fixable findings in {cases_with_fixes} folders")
check("the fixtures have fixable findings in many folders", fixed_total >= 40 and cases_with_fixes >= 15,
      (fixed_total, cases_with_fixes))
print(f"{len(failures)} failed" if failures else "all --fix checks passed")
sys.exit(1 if failures else 0)
