#!/usr/bin/env python3
"""The CLI's behaviour beyond the shared contract check: options, parameter files, rule selection,
exit codes, the other commands. Usage: cli_test.py VAULTLINT (run from the repository root)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VL = os.path.abspath(sys.argv[1])
FIX = os.path.abspath("fixtures/arm")
failures = []


def run(*args, cwd=None):
    p = subprocess.run([VL, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                       env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout, p.stderr


def scan_json(*args, cwd=None):
    code, out, err = run("scan", *args, "--format", "json", cwd=cwd)
    try:
        return code, json.loads(out), err
    except ValueError:
        return code, None, err + out[:300]


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{detail}]"))
    if not ok:
        failures.append(name)


def rules_of(doc):
    return sorted((f["rule"], f["line"]) for f in doc["findings"]) if doc else None


with tempfile.TemporaryDirectory() as tmp:
    case = os.path.join(tmp, "case")
    shutil.copytree(os.path.join(FIX, "parameter-files"), case)

    # --param-file replaces the conventional parameter files for the templates it fits.
    code, doc, err = scan_json(case, "--param-file", os.path.join(case, "main.parameters.prod.json"), "--fail-on", "none")
    variants = {v for f in doc["findings"] for v in f["variants"]} if doc else set()
    check("--param-file replaces the conventional variants", doc and variants == {os.path.join(case, "main.parameters.prod.json")}
          and not any(f["rule"] == "KV122" for f in doc["findings"]), f"{variants} {err}")

    # --param overrides a value in every variant.
    code, doc, err = scan_json(case, "--param", "purgeProtection=true", "--param", "publicAccess=Disabled",
                               "--skip-rule", "KV114,KV131")  # the vault has no endpoint or diagnostic setting
    check("--param NAME=VALUE applies to every variant (typed by the parameter)", doc is not None and doc["findings"] == [] and code == 0,
          str(rules_of(doc)) + err)

    other = os.path.join(tmp, "other.parameters.json")
    with open(other, "w") as f:
        f.write('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", '
                '"parameters": {"unrelated": {"value": 1}}}')
    code, doc, err = scan_json(case, "--param-file", other, "--fail-on", "none")
    check("a --param-file that fits no template is a warning", code == 0 and "fits no scanned template" in err, err)

    code, _, err = scan_json(case, "--param", "novalue")
    check("--param without '=' is a usage error (exit 2)", code == 2, f"exit {code}")
    code, _, err = scan_json(case, "--param-file", "no-such.parameters.json")
    check("a missing --param-file exits 2 and names it", code == 2 and "no-such.parameters.json" in err, f"exit {code} {err}")

    # Rule selection and severities.
    net = os.path.join(FIX, "kv111-kv112-network")
    code, doc, _ = scan_json(net, "--rule", "KV112")
    check("--rule runs only that rule", doc and {f["rule"] for f in doc["findings"]} == {"KV112"}, str(rules_of(doc)))
    code, doc, _ = scan_json(net, "--rule", "firewall-default-deny,public-network-access")
    check("--rule takes names and comma lists", doc and {f["rule"] for f in doc["findings"]} == {"KV111", "KV112"}, str(rules_of(doc)))
    code, doc, _ = scan_json(net, "--skip-rule", "KV111")
    check("--skip-rule drops a rule", doc and "KV111" not in {f["rule"] for f in doc["findings"]}, str(rules_of(doc)))
    code, _, err = scan_json(net, "--rule", "KV999")
    check("an unknown rule id is a usage error", code == 2 and "KV999" in err, f"exit {code}")
    code, doc, _ = scan_json(net, "--min-severity", "high")
    check("--min-severity hides lower findings", doc and {f["rule"] for f in doc["findings"]} == {"KV111"}, str(rules_of(doc)))
    code, doc, _ = scan_json(net, "--rule", "KV112", "--fail-on", "high")
    check("--fail-on high ignores medium findings (exit 0)", code == 0 and doc and doc["findings"], f"exit {code}")
    code, doc, _ = scan_json(net, "--rule", "KV112", "--fail-on", "medium")
    check("--fail-on medium fails on a medium finding (exit 1)", code == 1, f"exit {code}")

    # Unresolved results: notes, failures only under --strict.
    defaults = os.path.join(FIX, "parameter-defaults")
    code, doc, _ = scan_json(defaults, "--rule", "KV101")
    check("an unresolved result alone exits 0", code == 0 and doc and doc["findings"][0]["result"] == "unresolved"
          and doc["findings"][0]["reason"], f"exit {code} {rules_of(doc)}")
    code, doc, _ = scan_json(defaults, "--rule", "KV101", "--strict")
    check("--strict makes it a failure (exit 1)", code == 1 and doc and doc["findings"][0]["result"] == "fail", f"exit {code}")

    # --as-of only changes the wording of KV141.
    kv101 = os.path.join(FIX, "kv101-rbac")
    _, before, _ = scan_json(kv101, "--rule", "KV141", "--as-of", "2026-11-25")
    _, after, _ = scan_json(kv101, "--rule", "KV141", "--as-of", "2027-03-01")
    check("--as-of decides 'retires on' or 'retired since'",
          before and after and "retires on 2027-02-27" in before["findings"][0]["message"]
          and "retired since 2027-02-27" in after["findings"][0]["message"], str(before and before["findings"][0]["message"]))
    code, _, err = scan_json(kv101, "--as-of", "tomorrow")
    check("a malformed --as-of is a usage error", code == 2, f"exit {code}")

    # Determinism across --jobs.
    outputs = {run("scan", FIX, "--format", "json", "--jobs", str(j), "--fail-on", "none")[1] for j in (1, 2, 4)}
    check("output is the same with --jobs 1, 2 and 4", len(outputs) == 1, f"{len(outputs)} different outputs")

    # --max-file-size: a template over it is a KV001 without being parsed; other JSON is skipped.
    big = os.path.join(tmp, "big")
    os.makedirs(big)
    with open(os.path.join(big, "large.json"), "w") as f:
        f.write('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [], "x": "'
                + "a" * 5000 + '"}')
    with open(os.path.join(big, "data.json"), "w") as f:
        f.write('{"rows": "' + "b" * 5000 + '"}')
    code, doc, _ = scan_json(big, "--max-file-size", "2K")
    kv001 = [f for f in doc["findings"] if f["rule"] == "KV001"] if doc else []
    check("a template over --max-file-size is a KV001; other large JSON is skipped",
          code == 1 and len(kv001) == 1 and kv001[0]["file"].endswith("large.json"), str(rules_of(doc)))
    code, _, _ = scan_json(big, "--max-file-size", "lots")
    check("a malformed --max-file-size is a usage error", code == 2, f"exit {code}")

    # --output writes the report to a file.
    out_file = os.path.join(tmp, "report.json")
    code, out, _ = run("scan", net, "--format", "json", "--output", out_file)
    check("--output writes the report there, not to stdout",
          code == 1 and out == "" and json.load(open(out_file))["findings"], f"exit {code}")

    # .gitignore limits discovery.
    ignored = os.path.join(tmp, "ignored")
    os.makedirs(os.path.join(ignored, "generated"))
    shutil.copy(os.path.join(net, "network.json"), os.path.join(ignored, "generated", "network.json"))
    with open(os.path.join(ignored, ".gitignore"), "w") as f:
        f.write("generated/\n")
    code, doc, _ = scan_json(ignored)
    check(".gitignore'd folders are not scanned", doc is not None and doc["findings"] == [], str(rules_of(doc)))
    code, doc, _ = scan_json(ignored, "--no-gitignore", "--fail-on", "none")
    check("--no-gitignore scans them", doc is not None and doc["findings"], str(rules_of(doc)))
    code, doc, _ = scan_json(os.path.join(ignored, "generated", "network.json"), "--fail-on", "none")
    check("a file named on the command line is scanned even when ignored", doc is not None and doc["findings"], "")

# The other commands.
code, out, _ = run("rules")
catalogue = sorted(n[:-5] for n in os.listdir("policies") if n.endswith(".yaml"))  # every rule file, by its id
check("`rules` lists the catalogue", code == 0 and catalogue and all(r in out for r in catalogue), out[:200])
code, out, _ = run("explain", "KV122")
check("`explain KV122` prints the rule with its fixes", code == 0 and "purge-protection" in out and "enablePurgeProtection" in out
      and "Terraform" in out, out[:200])
code, out, _ = run("explain", "purge-protection")
check("`explain` takes a rule name", code == 0 and "KV122" in out, out[:100])
code, _, err = run("explain", "KV999")
check("`explain` of an unknown rule exits 2", code == 2, f"exit {code}")
code, out, _ = run("graph", os.path.join(FIX, "symbolic-names"))
graph = json.loads(out) if code == 0 else {}
kinds = {e["kind"] for e in graph.get("edges", [])}
check("`graph` prints resources and scope/parent/references edges", {"scope", "parent", "references"} <= kinds, str(kinds))
code, out, _ = run("graph", os.path.join(FIX, "symbolic-names"), "--format", "dot")
check("`graph --format dot` prints Graphviz", code == 0 and out.startswith("digraph") and "-> " in out, out[:80])
code, _, err = run("scan", FIX, "--format", "yaml")
check("an unknown --format is a usage error", code == 2, f"exit {code}")
code, out, _ = run()
check("no arguments scans the working directory", code in (0, 1) and "vault" in out, out[-200:])

# --version alone is answered before the parser is built, with the line CLI11's flag prints when it comes
# with anything else.
with open("CMakeLists.txt", encoding="utf-8") as f:
    version = re.search(r"project\(vaultlint VERSION ([0-9.]+)", f.read()).group(1)
for args in (["--version"], ["-V"], ["--version", "--help"], ["-V", "scan"]):
    code, out, err = run(*args)
    check(f"`vaultlint {' '.join(args)}` prints the version", code == 0 and out == f"vaultlint {version}\n" and err == "",
          f"exit {code} {out!r} {err!r}")

print(f"{len(failures)} failed" if failures else "all CLI checks passed")
sys.exit(1 if failures else 0)
