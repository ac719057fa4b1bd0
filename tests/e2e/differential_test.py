#!/usr/bin/env python3
"""The differential test: keeps the Bicep and ARM frontends honest against the real Bicep compiler.

The shared corpus holds Azure's own Bicep modules (bicep/avm/<module>/main.bicep) and, beside them, the ARM
JSON that the real Bicep compiler made from each (arm/avm-compiled/<module>/main.json). For every pair whose
compiled template deploys a Key Vault or a role assignment, this test evaluates, in a temporary copy of the
corpus:
  - the module with its defaults, once as main.bicep and once as main.json;
  - each of its e2e tests (tests/e2e/*/main.test.bicep), once as written and once with the module path
    pointing at the compiled main.json placed beside main.bicep,
and compares what `vaultlint graph` holds (resources, evaluated names, ids, scopes and properties) and the
per-vault verdicts of `vaultlint scan` (summary.vaults). Unknown values compare as unknown, whatever their
reasons.

Differences caused by inputs the Bicep side cannot read are expected: registry modules (br/public:...),
since the copy has no Bicep module cache, and files the corpus does not hold (it keeps only .bicep files,
so loadTextContent('x.sh') is missing), while the compiled JSON has both inlined. There the Bicep side may
know less (resources and values it cannot compute, resources that only the ARM side sees), never
something else. Every other difference is a bug in one of the frontends: fixed, or listed in ALLOWED
below with the reason. The test fails on any difference that is neither.

Speed: each side is scanned twice in all (the e2e tests together, the modules together; split by unit
afterwards), not once per case: about 40 s of CPU for ~1,000 cases.

Usage: differential_test.py VAULTLINT CORPUS_DIR [--filter TEXT] [--every N] [--jobs N] [--show N] [--keep DIR]
Exit 0: every case equal or explained; 1: unexplained differences; 77: the corpus is absent (a skip).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77

# Differences that are understood and not fixed: (module path prefix, pattern the difference's text
# matches, reason). The reasons are the categories the summary counts.
DECLARED_REFERENCE = ("ARM reference() of a resource the same template declares is unknown offline, where the Bicep "
                      "frontend reads the declaration (`res.location`, `res.properties.x`)")
STALE_COMPILED = "the compiled main.json predates a change to main.bicep"
REDACTION = ("a string that a secure object parameter also holds shows as <redacted> in `vaultlint graph` "
             "(report/graph_report.cpp redacts by where a string is written), and the two frontends carry "
             "such strings into different places")
ALLOWED = [
    # A secure appSettings/secrets object holds names that resources also use.
    ("ptn/sa/chat-with-your-data", r"<redacted>", REDACTION),
    ("ptn/sa/build-your-own-copilot", r"<redacted>", REDACTION),
    ("ptn/finops-toolkit/finops-hub", r"<redacted>", REDACTION),
    # The data factory's name is redacted on the ARM side, so the two do not pair up by name.
    ("ptn/finops-toolkit/finops-hub", r"^microsoft\.datafactory/factories .*: 1 in Bicep, 0 in ARM$", REDACTION),
    # searchServiceLocation: reference('searchService', ..., 'full').location in the compiled JSON.
    ("ptn/sa/", r"projects/connections .*\.body\.properties\.metadata\.location: ", DECLARED_REFERENCE),
    # location: reference(managedInstance, ..., 'full').location.
    ("res/sql/managed-instance", r"managedinstances/databases .*\.body\.location: ", DECLARED_REFERENCE),
    # rules[].ruleId: the destination policy's reference(...).properties.rules.
    ("res/storage/storage-account", r"objectreplicationpolicies .*\.ruleid: null vs ", DECLARED_REFERENCE),
    # main.bicep writes `diskControllerType ?? 'SCSI'`; the compiled JSON passes the parameter as it is.
    ("res/compute/virtual-machine", r"\.diskcontrollertype: \"SCSI\" vs null", STALE_COMPILED),
]

# Parameter and output nodes (graph/value_node.h) are not compared: where the ARM side reads an output
# from reference() of a resource the template declares, or an output loop, it does not evaluate it (the
# Bicep side reads the declaration), and the compiled JSON holds the outputs of inline nested templates
# (AVM's telemetry deployment) that the Bicep side does not lower. The secrets rules read their
# secureness and provenance, which the fixtures test in both formats.
VALUE_NODES = {"parameter", "output"}

RELEVANT = re.compile(r'"Microsoft\.(KeyVault/vaults|Authorization/roleAssignments)')
MODULE_LINE = re.compile(r"^(\s*module\s+\S+\s+)'([^']+)'", re.M)
# Body members that are the declaration's plumbing, not what the resource is.
# Where it is deployed (`resourceGroup`, `subscriptionId` in ARM, `scope:` in Bicep) is compared through
# its id and scope.
PLUMBING = {"name", "type", "apiversion", "dependson", "scope", "copy", "condition", "comments", "metadata",
            "existing", "batchsize", "resourcegroup", "subscriptionid"}


def run_json(args, cwd):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=1200)
    if p.returncode not in (0, 1):
        raise SystemExit(f"FAIL: {' '.join(args[:3])} ... exited {p.returncode}: {p.stderr[-2000:]}")
    return json.loads(p.stdout)


MISSING_UNKNOWN = "<unknown: from a missing input>"
# A symbol marker (graph/symbol.h): the text stands for an unknown string, named for linking only. Each
# frontend names what it cannot compute after its own declarations, so symbols compare as unknown.
MARKER = "\u27e8"


def normal(v):
    """Unknowns compare as unknown (those that come from an input the Bicep side cannot read are told
    apart); everything else as written."""
    if isinstance(v, dict):
        if "$unknown" in v and set(v) <= {"$unknown", "$symbol"}:
            reason = str(v["$unknown"])
            missing = "Bicep module cache" in reason or "does not exist" in reason
            return MISSING_UNKNOWN if missing else "<unknown>"
        return {k.lower(): normal(x) for k, x in v.items()}
    if isinstance(v, list):
        return [normal(x) for x in v]
    # A symbolic string (an id built in a scope the scan could not compute) is as unknown as its parts.
    if isinstance(v, str) and MARKER in v:
        return "<unknown>"
    return v


def resource_key(r):
    name = r["name"] if isinstance(r["name"], str) else "<unknown>"
    return (r["type"].lower(), name.lower(), r.get("instance", ""))


def resource_view(r):
    body = normal(r["body"]) if isinstance(r.get("body"), dict) else {}
    if r["type"].lower() == "microsoft.resources/deployments":
        body = {}  # a module call compiles to a different body; its resources are compared instead
    else:
        body = {k: v for k, v in body.items() if k not in PLUMBING}
    # No id and a symbolic id are both an id the scan cannot compute; an unknown scope likewise.
    scope = "<unknown>" if r.get("scope_unknown") else normal((r.get("scope") or "").lower() or None)
    return {"id": normal((r["id"] or "").lower() or "<unknown>"), "scope": scope,
            "existing": r["existing"], "conditional": r["conditional"], "body": body}


def is_vault(r):
    return r["type"].lower() in ("microsoft.keyvault/vaults", "microsoft.keyvault/managedhsms") and not r["existing"]


def split_by_unit(graph, scan):
    """One scan of many entries, split by deployment unit: entry file -> (resources, vault verdicts).

    The graph names each resource's unit; a unit's first resource is declared in its entry file (the
    frontends lower the entry's own declarations first). The scan's vault summaries carry no unit, but
    they are sorted by declaration with ties in graph order, one per vault resource (no variants here),
    so the k-th summary of a declaration is the k-th vault resource declared there."""
    units, entry_of = {}, {}
    by_decl = {}
    for r in graph["resources"]:
        if r["type"] in VALUE_NODES:
            continue
        u = r["unit"]
        entry_of.setdefault(u, r["file"])
        units.setdefault(u, []).append(r)
        if is_vault(r):
            by_decl.setdefault((r["file"], r["line"], r["column"]), []).append(u)
    verdicts = {}
    seen = {}
    for v in scan["summary"]["vaults"]:
        decl = (v["file"], v["line"], v["column"])
        k = seen.get(decl, 0)
        seen[decl] = k + 1
        owners = by_decl.get(decl, [])
        if k >= len(owners):
            raise SystemExit(f"FAIL: cannot tell which unit the vault summary at {decl} belongs to")
        verdicts.setdefault(owners[k], []).append((v["type"].lower(), v["name"].lower(), v["rbac"], v["network"], v["recovery"]))
    return {entry_of[u]: (rs, sorted(verdicts.get(u, []))) for u, rs in units.items()}


def missing_inputs(scan):
    """(kind, folder) of each input the Bicep side could not read: "registry" for a registry module (the
    copy has no module cache), "file" for a file the corpus does not hold (it keeps only .bicep files, so
    loadTextContent('x.sh') is missing while the compiled JSON inlines its content)."""
    out = set()
    for f in scan["findings"]:
        if f["rule"] == "KV002":
            out.add(("registry" if "registry module" in f["message"] else "file", os.path.dirname(f["file"])))
    return out


def first_difference(a, b, path=""):
    """The first place where a and b differ: (path, value in a, value in b), or None. A member present on
    one side only is None on the other."""
    if type(a) is not type(b):
        return path or ".", a, b
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            d = first_difference(a.get(k), b.get(k), f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return path or ".", f"{len(a)} items", f"{len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else (path or ".", a, b)


def knows_less(a, b):
    """Does the Bicep side know less than the ARM side here (unknown, unset or conditional where ARM knows)?"""
    unknown_a = a is None or a is True or (isinstance(a, str) and a.startswith("<unknown"))
    unknown_b = b is None or b is True or (isinstance(b, str) and b.startswith("<unknown"))
    return unknown_a and not unknown_b


def compare(a, b, missing):
    """a, b: (resources, vault verdicts) of one case on each side. Returns [(kind, detail, expected)]."""
    diffs = []
    ga, gb = {}, {}
    # `existing` resources are references, not deployments, and compiled Bicep leaves them out unless the
    # template uses symbolic names (languageVersion 2.0): they are not compared.
    for r in a[0]:
        if not r["existing"]:
            ga.setdefault(resource_key(r), []).append(resource_view(r))
    for r in b[0]:
        if not r["existing"]:
            gb.setdefault(resource_key(r), []).append(resource_view(r))
    for key in sorted(set(ga) | set(gb)):
        xa, xb = ga.get(key, []), gb.get(key, [])
        if len(xa) != len(xb):
            # Only the ARM side sees what a registry module deploys (the compiled JSON inlines it), and
            # names that depend on a missing input are unknown on the Bicep side only.
            expected = missing and (len(xb) > len(xa) or key[1] == "<unknown>")
            diffs.append(("resources", f"{key[0]} `{key[1]}`{key[2]}: {len(xa)} in Bicep, {len(xb)} in ARM", expected))
            continue
        # Resources of one key (unknown names) pair up in a canonical order, not in lowering order.
        canonical = lambda v: json.dumps(v, sort_keys=True)
        for ra, rb in zip(sorted(xa, key=canonical), sorted(xb, key=canonical)):
            d = first_difference(ra, rb)
            if d:
                # When the module misses inputs, the Bicep side may know less than the ARM side (a value
                # from a registry module's outputs or a file's content, a condition on one), never more.
                path, va, vb = d
                expected = missing and (va == MISSING_UNKNOWN or knows_less(va, vb))
                shown = f"{path}: {json.dumps(va)[:120]} vs {json.dumps(vb)[:120]}"
                diffs.append(("value", f"{key[0]} `{key[1]}`{key[2]} {shown}", expected))
    if a[1] != b[1]:
        only_b = [v for v in b[1] if v not in a[1]]
        only_a = [v for v in a[1] if v not in b[1]]
        # With inputs missing, the Bicep side may leave a verdict unresolved that the ARM side decides (a
        # private endpoint in a registry module only the compiled JSON inlines), never decide it otherwise.
        knows_less_only = len(a[1]) == len(b[1]) and all(
            va[:2] == vb[:2] and all(x == y or x == "unresolved" for x, y in zip(va[2:], vb[2:]))
            for va, vb in zip(a[1], b[1]))
        expected = missing and (not only_a or knows_less_only)
        diffs.append(("verdict", f"vaults {only_a} in Bicep, {only_b} in ARM", expected))
    return diffs


def allowed_reason(module, detail):
    for prefix, pattern, reason in ALLOWED:
        if module.startswith(prefix) and re.search(pattern, detail):
            return reason
    return None


def prepare(corpus, work, modules):
    """Two copies of the corpus's Bicep tree: A as written, B with main.json beside each main.bicep and the
    e2e tests pointing at it. Returns the cases: (module, case name, entry in A, entry in B), relative to
    the copies."""
    cases = []
    for side in ("A", "B"):
        shutil.copytree(os.path.join(corpus, "bicep"), os.path.join(work, side, "bicep"))
        os.makedirs(os.path.join(work, side, ".git"))  # the copy is the repository: nothing outside is read
    for module in modules:
        rel = f"bicep/avm/{module}"
        shutil.copyfile(os.path.join(corpus, "arm", "avm-compiled", module, "main.json"),
                        os.path.join(work, "B", rel, "main.json"))
        cases.append((module, "(module)", f"{rel}/main.bicep", f"{rel}/main.json"))
        tests = os.path.join(work, "B", rel, "tests", "e2e")
        if not os.path.isdir(tests):
            continue
        target = os.path.normpath(os.path.join(work, "B", rel, "main.bicep"))
        for name in sorted(os.listdir(tests)):
            b_test = os.path.join(tests, name, "main.test.bicep")
            if not os.path.isfile(b_test):
                continue
            text = open(b_test, encoding="utf-8").read()

            def point_at_json(m, folder=os.path.dirname(b_test)):
                if os.path.normpath(os.path.join(folder, m.group(2))) != target:
                    return m.group(0)
                return m.group(1) + "'" + m.group(2)[: -len("main.bicep")] + "main.json'"

            rewritten = MODULE_LINE.sub(point_at_json, text)
            if rewritten == text:
                continue  # the test does not call the module by a local path
            with open(b_test, "w", encoding="utf-8") as f:
                f.write(rewritten)
            entry = f"{rel}/tests/e2e/{name}/main.test.bicep"
            cases.append((module, name, entry, entry))
    return cases


def scan_side(vl, root, entries, jobs, verbose):
    """Scans entries together (graph and verdicts), split by unit; entries that are no unit of their own
    there (a module another one in the batch uses) are scanned alone."""
    def both(paths):
        common = ["--format", "json", "-j", str(jobs)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            g = pool.submit(run_json, [vl, "graph", *paths, *common], root)
            s = pool.submit(run_json, [vl, "scan", *paths, *common, "--fail-on", "none"], root)
            return g.result(), s.result()
    t0 = time.time()
    graph, scan = both(entries)
    out = split_by_unit(graph, scan)
    if verbose:
        print(f"  [{len(entries)} entries together: {time.time() - t0:.1f} s]", file=sys.stderr)
    alone = [e for e in entries if e not in out]
    missing = missing_inputs(scan)
    t0 = time.time()
    for entry in alone:
        g, s = both([entry])
        out.update({entry: v for k, v in split_by_unit(g, s).items() if k == entry})
        out.setdefault(entry, ([], []))
        missing |= missing_inputs(s)
    if verbose:
        print(f"  [{len(alone)} entries alone: {time.time() - t0:.1f} s]", file=sys.stderr)
    return out, missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vaultlint")
    ap.add_argument("corpus")
    ap.add_argument("--filter", default="")
    ap.add_argument("--every", type=int, default=1,
                    help="compare every Nth relevant module only (a sanitizer build, ten times slower, samples)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--show", type=int, default=3, help="differences shown per case")
    ap.add_argument("--keep", help="leave the temporary copy in this folder")
    ap.add_argument("--verbose", action="store_true", help="print the time of each scan")
    args = ap.parse_args()
    vl = os.path.abspath(args.vaultlint)
    corpus = os.path.abspath(args.corpus)
    compiled = os.path.join(corpus, "arm", "avm-compiled")
    if not os.path.isdir(compiled) or not os.path.isdir(os.path.join(corpus, "bicep", "avm")):
        message = (f"*** SKIPPED: the differential test did not run: the corpus is not at {corpus} "
                   "(it needs arm/avm-compiled and bicep/avm) ***")
        print(message)
        print(message, file=sys.stderr)
        return SKIP

    start = time.time()
    pairs, modules = 0, []
    for root, _, files in os.walk(compiled):
        if "main.json" not in files:
            continue
        module = os.path.relpath(root, compiled).replace(os.sep, "/")
        if not os.path.isfile(os.path.join(corpus, "bicep", "avm", module, "main.bicep")):
            continue
        pairs += 1
        if args.filter not in module:
            continue
        if RELEVANT.search(open(os.path.join(root, "main.json"), encoding="utf-8").read()):
            modules.append(module)
    modules.sort()
    modules = modules[::max(1, args.every)]

    # A memory file system when there is one: the copies are thousands of small files.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    work = args.keep or tempfile.mkdtemp(prefix="vaultlint-differential-", dir=shm)
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
    try:
        cases = prepare(corpus, work, modules)
        sides = {}
        for side, index in (("A", 2), ("B", 3)):
            modules_first = [c[index] for c in cases if c[1] == "(module)"]
            tests = [c[index] for c in cases if c[1] != "(module)"]
            root = os.path.join(work, side)
            units_m, missing_m = scan_side(vl, root, modules_first, args.jobs, args.verbose)
            units_t, missing_t = scan_side(vl, root, tests, args.jobs, args.verbose)
            sides[side] = ({**units_m, **units_t}, missing_m | missing_t)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    equal, expected, allowed, failed = 0, {"registry": 0, "file": 0}, {}, []
    expected_kinds = {"resources": 0, "value": 0, "verdict": 0}  # differences in the expected cases
    units_a, missing_dirs = sides["A"]
    units_b = sides["B"][0]
    for case in cases:
        module, name, a_entry, b_entry = case
        prefix = f"bicep/avm/{module}/"
        # Inputs the module itself misses (its main.bicep or its local modules, not its tests: those are
        # Bicep on both sides).
        kinds = {kind for kind, d in missing_dirs
                 if (d + "/").startswith(prefix) and not (d + "/").startswith(prefix + "tests/")}
        diffs = compare(units_a.get(a_entry, ([], [])), units_b.get(b_entry, ([], [])), bool(kinds))
        unexplained = [d for d in diffs if not d[2]]
        for kind, _, is_expected in diffs:
            expected_kinds[kind] += is_expected
        if not diffs:
            equal += 1
            continue
        if not unexplained:
            expected["registry" if "registry" in kinds else "file"] += 1
            continue
        reasons = {allowed_reason(module, detail) for _, detail, _ in unexplained}
        if None in reasons:
            failed.append((case, unexplained))
        else:
            for r in reasons:
                allowed[r] = allowed.get(r, 0) + 1

    print(f"{pairs} module pairs, {len(modules)} deploy a vault or a role assignment; {len(cases)} cases "
          f"(module defaults and e2e tests) in {time.time() - start:.1f} s")
    print(f"  equal: {equal}")
    print(f"  differing only where the Bicep side misses a registry module (no cache; expected): {expected['registry']}")
    print(f"  differing only where the Bicep side misses a file the corpus does not hold (expected): {expected['file']}")
    print(f"    (their differences: {expected_kinds['resources']} resources on one side only, {expected_kinds['value']} "
          f"values, {expected_kinds['verdict']} vault verdicts)")
    for reason, n in sorted(allowed.items(), key=lambda x: -x[1]):
        print(f"  allowed ({reason}): {n}")
    print(f"  unexplained: {len(failed)}")
    for case, diffs in failed:
        print(f"DIFF {case[0]} [{case[1]}]")
        for kind, detail, _ in diffs[: args.show]:
            print(f"    {kind}: {detail}")
        if len(diffs) > args.show:
            print(f"    ... {len(diffs) - args.show} more")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
