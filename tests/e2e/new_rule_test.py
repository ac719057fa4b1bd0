#!/usr/bin/env python3
"""scripts/new-rule, run in a temporary copy of the checkout (scripts/, policies/, fixtures/): the rule file
it writes has every field parse_rule reads and loads into a valid catalogue (`vaultlint rules --policies`),
its fixtures pass the fixture runner with that rule added and fill the catalogue test's gaps, and it
refuses to overwrite anything or to reuse an id or a name.

Usage: new_rule_test.py VAULTLINT REPOSITORY
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(what)


def run(*argv, cwd=None):
    p = subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def snapshot(root):
    """Every file under root with its content, to prove that a refused run changed nothing."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, root)] = open(path, "rb").read()
    return out


def rule_fields(repo):
    """The top-level keys parse_rule (analyzer/policy/catalogue.cpp) reads, but `kind` (diagnostics only)."""
    text = open(os.path.join(repo, "analyzer", "policy", "catalogue.cpp"), encoding="utf-8").read()
    body = text[text.index("bool parse_rule("):]
    body = body[:body.index("\n}\n")]
    keys = set(re.findall(r'\bstr\("(\w+)"\)', body)) | set(re.findall(r'\bn\["(\w+)"\]', body))
    return keys - {"kind"}


def main():
    vaultlint, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "scripts"))
        shutil.copy2(os.path.join(repo, "scripts", "new-rule"), os.path.join(tmp, "scripts", "new-rule"))
        shutil.copytree(os.path.join(repo, "policies"), os.path.join(tmp, "policies"))
        shutil.copytree(os.path.join(repo, "fixtures"), os.path.join(tmp, "fixtures"))
        script = os.path.join(tmp, "scripts", "new-rule")
        policies = os.path.join(tmp, "policies")

        code, out, err = run(script, "KV990", "example-check")
        created = ["policies/KV990.yaml", "fixtures/arm/kv990-example-check/template.json",
                   "fixtures/bicep/kv990-example-check/main.bicep", "fixtures/terraform/kv990-example-check/main.tf"]
        check("new-rule KV990 example-check creates the rule and a case per format",
              code == 0 and all(os.path.isfile(os.path.join(tmp, p)) for p in created), f"exit {code}: {err}")
        check("it prints what it created and what to edit next",
              all(p in out for p in created) and "Next:" in out, out[:300])

        doc = yaml.safe_load(open(os.path.join(tmp, "policies", "KV990.yaml"), encoding="utf-8"))
        missing = sorted(rule_fields(repo) - set(doc))
        check("the rule file has every field a rule has", not missing and rule_fields(repo), f"missing {missing}")
        check("its snippets cover the three formats", set(doc.get("snippets", {})) == {"arm", "bicep", "terraform"},
              str(doc.get("snippets")))

        code, out, err = run(vaultlint, "rules", "--policies", policies)
        check("vaultlint loads it into a valid catalogue", code == 0 and "KV990  example-check" in out,
              f"exit {code}: {err.strip()}")

        code, out, _ = run(sys.executable, os.path.join(HERE, "run_fixtures.py"), vaultlint,
                           os.path.join(tmp, "fixtures"), "kv990-", "--policies", policies)
        check("its fixtures fail and pass as they say, in the three formats",
              code == 0 and "3 of 3 fixture cases match" in out, out)

        code, out, _ = run(sys.executable, os.path.join(HERE, "catalogue_test.py"), tmp)
        check("the catalogue test finds a failing and a passing fixture per format", code == 0, out)

        before = snapshot(tmp)
        code, _, err = run(script, "KV990", "example-check")
        check("a second run refuses to overwrite", code != 0 and "exists" in err, f"exit {code}: {err}")
        code, _, err = run(script, "KV991", "purge-protection")
        check("a name in use is refused", code != 0 and "purge-protection" in err, f"exit {code}: {err}")
        code, _, err = run(script, "kv122")
        check("an id in use is refused", code != 0 and "KV122" in err, f"exit {code}: {err}")
        code, _, err = run(script, "KV99")
        check("a malformed id is refused", code != 0, f"exit {code}")
        check("refused runs create nothing", snapshot(tmp) == before, "files changed")
        os.makedirs(os.path.join(tmp, "fixtures", "bicep", "kv992-taken"))
        before = snapshot(tmp)
        code, _, err = run(script, "KV992", "taken")
        check("an existing fixture folder is refused", code != 0 and "kv992-taken" in err, f"exit {code}: {err}")
        check("... and nothing of the rule is created", snapshot(tmp) == before and
              not os.path.exists(os.path.join(tmp, "policies", "KV992.yaml")), "files changed")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
