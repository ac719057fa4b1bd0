#!/usr/bin/env python3
"""SARIF output checked by the real consumers' validators: the SARIF of every fixture folder (and of the
examples, a baseline run and a shard) goes through Microsoft's `Sarif.Multitool validate` (npm
@microsoft/sarif-multitool-linux, pinned in tests/tools/pins.txt) and through the SARIF 2.1.0 JSON
schema that ships in the same package (python3-jsonschema, Draft 2020-12: the multitool checks types but
not enums, minimums or unknown properties). Then exact values: results agree with the JSON report
(rule, region, fingerprint), columns count code points, rule metadata, suppressions, automationDetails,
fixes (tests/e2e/fix_test.py applies them).

The multitool exits 0 even when a log has errors and 1 when its output file exists, so the output is
deleted first and its results are read. A known-bad log must produce an error, so the harness cannot
pass by reading nothing.

Usage: sarif_test.py VAULTLINT MULTITOOL_DIR (run from the repository root)."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

VL = os.path.abspath(sys.argv[1])
TOOL_DIR = os.path.abspath(sys.argv[2])
MULTITOOL = os.path.join(TOOL_DIR, "Sarif.Multitool")
SCHEMA = os.path.join(TOOL_DIR, "sarif-2.1.0.json")
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:600]}]"))
    if not ok:
        failures.append(name)


def run(*args, cwd=None):
    p = subprocess.run([VL, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                       env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout, p.stderr


def multitool_errors(paths, work):
    """Validates the logs; returns [(file, level, rule, message)] for every error and warning."""
    out = os.path.join(work, "validation.sarif")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([MULTITOOL, "validate", *paths, "-o", out, "--level", "Error;Warning", "-q"],
                       capture_output=True, text=True, timeout=600)
    if not os.path.exists(out):
        return [("(multitool)", "error", "no output", p.stdout[-500:] + p.stderr[-500:])]
    found = []
    for r in json.load(open(out, encoding="utf-8"))["runs"][0].get("results", []):
        where = r.get("locations", [{}])[0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "?")
        text = r["message"].get("text") or " ".join(r["message"].get("arguments", []))
        found.append((where, r.get("level", "warning"), r.get("ruleId"), text))
    return found


SCHEMA_CHECK = r"""
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    for e in validator.iter_errors(json.load(open(path, encoding="utf-8"))):
        print(path + ": " + "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200])
"""


def schema_errors(paths):
    """The JSON-schema errors of the logs. Debian's python3-jsonschema serves when this interpreter has none."""
    python = sys.executable
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        python = "/usr/bin/python3"
    p = subprocess.run([python, "-c", SCHEMA_CHECK, SCHEMA, *paths], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return ["schema check failed to run: " + p.stderr[-500:]]
    return [line for line in p.stdout.splitlines() if line]


def case_args(case):
    args = []
    path = os.path.join(case, "args.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                args.append(line.replace("{case}", case))
    return args


if not os.access(MULTITOOL, os.X_OK):
    print(f"FAIL the SARIF validator is missing: {MULTITOOL} (run scripts/setup)")
    sys.exit(1)

with tempfile.TemporaryDirectory() as work:
    logs = {}  # name -> (path, sarif document, json report)
    cases = sorted(glob.glob("fixtures/*/*/")) + ["examples/"]
    for case in cases:
        case = case.rstrip("/")
        extra = case_args(case)
        code, out, err = run("scan", case, "--format", "sarif", "--fail-on", "none", *extra)
        jcode, jout, _ = run("scan", case, "--format", "json", "--fail-on", "none", *extra)
        if code != 0 or jcode != 0:
            check(f"{case}: SARIF and JSON reports are written", False, f"exit {code}/{jcode}: {err[-300:]}")
            continue
        name = case.replace("/", "_")
        path = os.path.join(work, name + ".sarif")
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
        logs[case] = (path, json.loads(out), json.loads(jout))

    # A baseline run (external suppressions) and a shard (automationDetails) are validated too.
    base = os.path.join(work, "baseline.json")
    run("scan", "examples", "--write-baseline", base, "--format", "json")
    code, out, _ = run("scan", "examples", "--baseline", base, "--format", "sarif", "--shard", "1/1",
                       "--sarif-category", "infra")
    baseline_path = os.path.join(work, "baselined.sarif")
    with open(baseline_path, "w", encoding="utf-8") as f:
        f.write(out)
    baseline_log = json.loads(out)
    check("a baseline run exits 0 and writes SARIF", code == 0, f"exit {code}")

    paths = [p for p, _, _ in logs.values()] + [baseline_path]
    errors = multitool_errors(paths, work)
    check(f"Sarif.Multitool validate: no error or warning in {len(paths)} logs", not errors, errors[:5])
    errors = schema_errors(paths)
    check(f"the SARIF 2.1.0 schema (Draft 2020-12) accepts all {len(paths)} logs", not errors, errors[:5])

    # The harness can fail: a broken log is reported by both validators.
    bad = os.path.join(work, "broken.sarif")
    with open(bad, "w") as f:
        json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": 5,
                                                 "columnKind": "bytes"}]}, f)
    check("the multitool reports an error in a broken log", any(e[1] == "error" for e in multitool_errors([bad], work)))
    check("the schema check reports errors in a broken log", len(schema_errors([bad])) >= 2)

    # Every log agrees with the JSON report: same findings, regions and fingerprints.
    disagree = []
    for case, (_, sarif, report) in logs.items():
        run0 = sarif["runs"][0]
        rules = [r["id"] for r in run0["tool"]["driver"]["rules"]]
        got = []
        for r in run0["results"]:
            if r.get("suppressions"):
                continue
            assert rules[r["ruleIndex"]] == r["ruleId"]
            loc = r["locations"][0]["physicalLocation"]
            reg = loc["region"]
            got.append((r["ruleId"], loc["artifactLocation"]["uri"], reg["startLine"], reg["startColumn"], reg["endLine"],
                        reg["endColumn"], r["partialFingerprints"]["vaultlint/v1"], r["kind"]))
        want = [(f["rule"], f["file"], f["line"], f["column"], f["end_line"], f["end_column"], f["fingerprint"],
                 "fail" if f["result"] == "fail" else "review") for f in report["findings"]]
        if sorted(got) != sorted(want) or run0["columnKind"] != "unicodeCodePoints":
            disagree.append(case)
    check(f"SARIF results equal the JSON findings in all {len(logs)} cases (region, fingerprint, kind)", not disagree,
          disagree)

    # Exact values on the examples.
    run0 = logs["examples"][1]["runs"][0]
    driver = run0["tool"]["driver"]
    by_id = {r["id"]: r for r in driver["rules"]}
    check("the driver names the tool, its version and home", driver["name"] == "vaultlint" and driver["version"]
          and driver["informationUri"].startswith("https://"), driver.get("informationUri"))
    # The catalogue is what policies/*.yaml holds, so a new rule is checked without editing this test.
    catalogue = {yaml.safe_load(open(path, encoding="utf-8"))["id"] for path in glob.glob("policies/*.yaml")}
    check(f"the driver lists every rule of the catalogue ({len(catalogue)} in policies/), and only those",
          catalogue and catalogue == set(by_id), sorted(catalogue ^ set(by_id)))
    sev = {rid: r["properties"]["security-severity"] for rid, r in by_id.items()}
    check("security-severity follows the severity (high 8.0, medium 5.5, low 3.0)",
          sev["KV122"] == "8.0" and sev["KV112"] == "5.5" and sev["KV003"] == "3.0" and sev["KV001"] == "8.0", sev)
    kv122 = by_id["KV122"]
    check("a rule has short and full descriptions, help text and Markdown with the fix and snippets",
          kv122["shortDescription"]["text"] == "Purge protection is not enabled." and
          kv122["fullDescription"]["text"].startswith("Without purge protection a deleted vault") and
          "Set enablePurgeProtection to true" in kv122["help"]["text"] and
          '```json\n"enablePurgeProtection": true\n```' in kv122["help"]["markdown"] and
          "```hcl\npurge_protection_enabled = true\n```" in kv122["help"]["markdown"] and
          kv122["helpUri"].endswith("/policies/KV122.yaml") and "security" in kv122["properties"]["tags"], kv122)
    check("the defaults: level by severity, enabled", kv122["defaultConfiguration"] == {"level": "error", "enabled": True},
          kv122["defaultConfiguration"])
    purge = [r for r in run0["results"] if r["ruleId"] == "KV122" and
             r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/arm/biggest-mistake-vault.json"]
    check("a result: level, message, region in code points, SRCROOT-relative URI", len(purge) == 1 and purge[0]["level"] == "error"
          and purge[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 28, "startColumn": 9, "endLine": 28,
                                                                          "endColumn": 73}
          and purge[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"
          and run0["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + os.getcwd() + "/", purge)
    rel = purge[0].get("relatedLocations", []) if purge else []
    check("the value's provenance is a related location (the parameter file)", len(rel) == 1 and rel[0]["id"] == 1 and
          rel[0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/arm/biggest-mistake-vault.parameters.json"
          and rel[0]["physicalLocation"]["region"]["startLine"] == 7 and rel[0]["message"]["text"] == "the value is set here",
          rel)
    fixes = purge[0].get("fixes", []) if purge else []
    check("a certain fix is a SARIF fix where the value is written (the parameter file), as a replacement",
          len(fixes) == 1 and fixes[0]["description"]["text"] ==
          "Set enablePurgeProtection to true in examples/arm/biggest-mistake-vault.parameters.json" and
          fixes[0]["artifactChanges"] == [{"artifactLocation": {"uri": "examples/arm/biggest-mistake-vault.parameters.json",
                                                                 "uriBaseId": "SRCROOT"},
                                            "replacements": [{"deletedRegion": {"startLine": 7, "startColumn": 41,
                                                                                "endLine": 7, "endColumn": 46},
                                                              "insertedContent": {"text": "true"}}]}], fixes)
    with_fixes = sum(1 for _, sarif, _ in logs.values() for r in sarif["runs"][0]["results"] if r.get("fixes"))
    check("results carry fixes across the fixtures (validated above with the rest of each log)", with_fixes >= 30,
          with_fixes)
    check("automationDetails.id defaults to vaultlint/", run0["automationDetails"]["id"] == "vaultlint/",
          run0.get("automationDetails"))

    # Inline suppressions stay in SARIF as suppressions (and only there).
    sup = logs["fixtures/arm/suppressions"][1]["runs"][0]["results"]
    suppressed = [r for r in sup if r.get("suppressions")]
    report = logs["fixtures/arm/suppressions"][2]
    check("suppressed findings are SARIF results with an inSource suppression and its reason",
          suppressed and all(r["suppressions"][0]["kind"] == "inSource" and r["suppressions"][0]["justification"]
                             for r in suppressed) and len(sup) - len(suppressed) == len(report["findings"]),
          [r.get("suppressions") for r in sup])

    b = baseline_log["runs"][0]
    check("baselined findings are external suppressions; shard and category make the automation id",
          b["results"] and all(r["suppressions"][0]["kind"] == "external" and "baseline" in r["suppressions"][0]["justification"]
                               for r in b["results"]) and b["automationDetails"]["id"] == "infra/shard-1-of-1/",
          b.get("automationDetails"))

    # Columns are code points: a CJK and an emoji before the finding on its line.
    uni = os.path.join(work, "unicode")
    os.makedirs(uni)
    prefix = '      "properties": {"tenantId": "日本語🔐", '
    with open(os.path.join(uni, "vault.json"), "w", encoding="utf-8") as f:
        f.write('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
                '  "resources": [\n    {\n      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01",'
                ' "name": "kv-uni", "location": "westeurope",\n' + prefix +
                '"enablePurgeProtection": false, "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled"}\n'
                '    }\n  ]\n}\n')
    code, out, _ = run("scan", uni, "--format", "sarif", "--rule", "KV122")
    res = json.loads(out)["runs"][0]["results"] if out else []
    region = res[0]["locations"][0]["physicalLocation"]["region"] if res else None
    check("SARIF columns count code points (CJK and an emoji before the finding)",
          region == {"startLine": 6, "startColumn": len(prefix) + 1, "endLine": 6,
                     "endColumn": len(prefix) + 1 + len('"enablePurgeProtection": false')}, region)

print(f"{len(failures)} failed" if failures else "all SARIF checks passed")
sys.exit(1 if failures else 0)
