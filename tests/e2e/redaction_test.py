#!/usr/bin/env python3
"""Secrets never reach a report: scans the fixtures that hold literal secrets (KV304, KV306) in every
output format, and `vaultlint graph` in both of its formats, and fails when any of the secrets' text appears
in what the binary prints. Every literal secret in those fixtures contains the marker below, so a secret
that leaks is found whatever its place (a message, a quoted source line, a related location, a body).

Usage: redaction_test.py VAULTLINT REPOSITORY

A format the binary does not offer yet (it says so and exits 2) is skipped with a note; text and json must
run. The test also proves it can fail: the fixtures hold the marker, and the scan reports KV304 on them.
"""
import json
import os
import subprocess
import sys

MARKER = "TopSecret"
CASES = ["fixtures/arm/kv304-hardcoded-secret", "fixtures/bicep/kv304-hardcoded-secret",
         "fixtures/terraform/kv304-hardcoded-secret", "fixtures/arm/kv306-copied-secret",
         "fixtures/bicep/kv306-copied-secret", "fixtures/terraform/kv306-copied-secret",
         "fixtures/arm/kv307-managed-identity"]
FORMATS = ["text", "json", "sarif", "junit", "github", "lsp"]
REQUIRED = {"text", "json"}


def run(argv, cwd):
    p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


# A secret written on the lines around a certain fix: the dry run's diff quotes them as context.
NEAR_A_FIX = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2026-02-01",
      "name": "kv-secret-near-fix",
      "location": "westeurope",
      "properties": {
        "tenantId": "[subscription().tenantId]",
        "sku": { "family": "A", "name": "standard" },
        "publicNetworkAccess": "Disabled",
        "enableRbacAuthorization": true,
        "enablePurgeProtection": false
      }
    },
    { "type": "Microsoft.KeyVault/vaults/secrets", "apiVersion": "2026-02-01", "name": "kv-secret-near-fix/admin", "properties": { "value": "TopSecret-near-a-fix", "attributes": { "exp": 1893456000 } } }
  ]
}
"""


def secret_beside_a_fix(vaultlint):
    import tempfile
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "main.json"), "w", encoding="utf-8") as f:
            f.write(NEAR_A_FIX)
        code, out = run([vaultlint, "scan", ".", "--fix", "--dry-run", "--fail-on", "none", "--as-of", "2026-11-25"], work)
        if "+        \"enablePurgeProtection\": true" not in out or "kv-secret-near-fix/admin" not in out:
            return [f"a secret beside a fix: the dry run's diff does not quote the lines around the secret, so it proves nothing: {out[:600]}"]
        if MARKER in out:
            return ["a secret beside a fix: --fix --dry-run shows it: " + next(l for l in out.splitlines() if MARKER in l).strip()]
    return []


def main():
    vaultlint, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    problems, checked = [], 0
    cases = [c for c in CASES if os.path.isdir(os.path.join(repo, c))]
    if len(cases) < 3:
        problems.append("the fixtures with literal secrets are missing")
    for case in cases:
        held = "".join(open(os.path.join(root, f), encoding="utf-8").read()
                       for root, _, files in os.walk(os.path.join(repo, case)) for f in files)
        if MARKER not in held:
            problems.append(f"{case}: holds no `{MARKER}` secret, so it proves nothing")
        for fmt in FORMATS:
            code, out = run([vaultlint, "scan", case, "--format", fmt, "--fail-on", "none"], repo)
            if code == 2 and "not available" in out:
                if fmt in REQUIRED:
                    problems.append(f"{case}: --format {fmt} must run")
                else:
                    print(f"note {case}: --format {fmt} is not offered by this build")
                continue
            if code not in (0, 1):
                problems.append(f"{case}: --format {fmt} exited {code}: {out[:300]}")
                continue
            checked += 1
            if MARKER in out:
                line = next(l for l in out.splitlines() if MARKER in l)
                problems.append(f"{case}: --format {fmt} shows a secret: {line.strip()[:200]}")
            if fmt == "json":
                rules = {f["rule"] for f in json.loads(out)["findings"]}
                if not rules & {"KV304", "KV306"}:
                    problems.append(f"{case}: the scan reports no KV304 or KV306, so it proves nothing")
        # --fix --dry-run quotes the lines around its edits.
        code, out = run([vaultlint, "scan", case, "--fix", "--dry-run", "--fail-on", "none"], repo)
        checked += 1
        if code not in (0, 1):
            problems.append(f"{case}: --fix --dry-run exited {code}: {out[:300]}")
        elif MARKER in out:
            line = next(l for l in out.splitlines() if MARKER in l)
            problems.append(f"{case}: --fix --dry-run shows a secret: {line.strip()[:200]}")
        for fmt in ["json", "dot"]:
            code, out = run([vaultlint, "graph", case, "--format", fmt], repo)
            checked += 1
            if code != 0:
                problems.append(f"{case}: graph --format {fmt} exited {code}")
            elif MARKER in out:
                line = next(l for l in out.splitlines() if MARKER in l)
                problems.append(f"{case}: graph --format {fmt} shows a secret: {line.strip()[:200]}")
    problems += secret_beside_a_fix(vaultlint)
    checked += 1
    for p in problems:
        print("FAIL " + p)
    print(f"{checked} outputs checked, {len(problems)} problems")
    return 1 if problems or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
