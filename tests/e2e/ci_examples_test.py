#!/usr/bin/env python3
"""The CI samples in examples/ci say what they should and their vaultlint commands work: the GitHub
workflow uploads the SARIF file it writes with github/codeql-action/upload-sarif and annotates with
--format github; the Azure pipeline publishes the JUnit file it writes with PublishTestResults@2 and
the SARIF as the CodeAnalysisLogs artifact. Every `vaultlint scan` line of both is run (on a copy of
examples/) and its output checked. (Building vaultlint in CI, install-vaultlint.sh, is what
scripts/setup does here.) Usage: ci_examples_test.py VAULTLINT (run from the repository root)."""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import yaml

VL = os.path.abspath(sys.argv[1])
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:600]}]"))
    if not ok:
        failures.append(name)


def commands(text):
    """The `vaultlint scan ...` commands of a script, one per line."""
    return [line.strip() for line in text.splitlines() if line.strip().startswith("vaultlint scan")]


gha = yaml.safe_load(open("examples/ci/github-actions.yml"))
steps = gha["jobs"]["vaultlint"]["steps"]
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
gha_cmds = [c for s in steps for c in commands(s.get("run", ""))]
sarif_out = [re.search(r"--output (\S+)", c).group(1) for c in gha_cmds if "--format sarif" in c]
check("github: SARIF is written and uploaded with upload-sarif (always), annotations with --format github",
      len(upload) == 1 and upload[0]["with"]["sarif_file"] == sarif_out[0] and upload[0]["if"] == "always()" and
      any("--format github" in c for c in gha_cmds) and gha["permissions"]["security-events"] == "write", gha_cmds)
check("github: the build step uses install-vaultlint.sh", any("install-vaultlint.sh" in s.get("run", "") for s in steps))

azp = yaml.safe_load(open("examples/ci/azure-pipelines.yml"))
tasks = {s["task"]: s for s in azp["steps"] if "task" in s}
azp_cmds = [c.rstrip("'") for s in azp["steps"] for c in commands(s.get("script", ""))]
junit_out = [re.search(r"--output (\S+)", c).group(1) for c in azp_cmds if "--format junit" in c]
sarif_azp = [re.search(r"--output (\S+)", c).group(1) for c in azp_cmds if "--format sarif" in c]
pub = tasks.get("PublishTestResults@2", {}).get("inputs", {})
art = tasks.get("PublishBuildArtifacts@1", {}).get("inputs", {})
check("azure: PublishTestResults@2 reads the JUnit file the scan writes",
      pub.get("testResultsFormat") == "JUnit" and junit_out and pub.get("testResultsFiles") == junit_out[0] and
      tasks["PublishTestResults@2"].get("condition") == "succeededOrFailed()", (pub, junit_out))
check("azure: the SARIF is published as the CodeAnalysisLogs artifact",
      art.get("ArtifactName") == "CodeAnalysisLogs" and sarif_azp and art.get("PathtoPublish") == sarif_azp[0], art)

with tempfile.TemporaryDirectory() as tmp:
    work = os.path.join(tmp, "repo")
    shutil.copytree("examples", work, ignore=shutil.ignore_patterns("ci"))
    os.makedirs(os.path.join(work, "reports"))
    env = dict(os.environ, NO_COLOR="1", PATH=os.path.dirname(VL) + os.pathsep + os.environ.get("PATH", ""))
    for cmd in gha_cmds + azp_cmds:
        p = subprocess.run(shlex.split(cmd), cwd=work, env=env, capture_output=True, text=True, timeout=120)
        expect_fail = "--fail-on none" not in cmd
        check(f"runs: {cmd}", p.returncode == (1 if expect_fail else 0), f"exit {p.returncode} {p.stderr[-300:]}")
        if "--format github" in cmd:
            check("  it prints workflow commands", p.stdout.startswith("::error file=") and "title=KV" in p.stdout, p.stdout[:200])
    sarif = json.load(open(os.path.join(work, sarif_out[0])))
    check("the SARIF file is a SARIF 2.1.0 log with results", sarif["version"] == "2.1.0" and sarif["runs"][0]["results"])
    root = ET.parse(os.path.join(work, junit_out[0])).getroot()
    check("the JUnit file holds failing testcases", root.tag == "testsuites" and int(root.get("failures")) > 0)

print(f"{len(failures)} failed" if failures else "all CI sample checks passed")
sys.exit(1 if failures else 0)
