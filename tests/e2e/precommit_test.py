#!/usr/bin/env python3
"""The pre-commit hook with the real pre-commit (Debian's package), offline: a temporary hook
repository holds this repository's .pre-commit-hooks.yaml, a temporary project installs it by local
path and commits. An insecure vault is blocked with the finding printed; a hardened one passes; a
parameter file that makes its template insecure is blocked by the template's finding (the hook links
the whole repository); an old insecure file does not block an unrelated commit.
Usage: precommit_test.py VAULTLINT (run from the repository root)."""
import os
import shutil
import subprocess
import sys
import tempfile

VL = os.path.abspath(sys.argv[1])
HOOKS = os.path.abspath(".pre-commit-hooks.yaml")
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[-1500:]}]"))
    if not ok:
        failures.append(name)


PRE_COMMIT = shutil.which("pre-commit")
if not PRE_COMMIT:
    print("FAIL pre-commit is not installed (scripts/setup installs Debian's pre-commit)")
    sys.exit(1)

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, NO_COLOR="1", PRE_COMMIT_HOME=os.path.join(tmp, "cache"), PRE_COMMIT_COLOR="never",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_NOSYSTEM="1", HOME=tmp)
    env["PATH"] = os.path.dirname(VL) + os.pathsep + env.get("PATH", "")  # `language: system` runs vaultlint from PATH

    def sh(*args, cwd, check_ok=True):
        p = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        if check_ok and p.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed: {p.stdout}{p.stderr}")
        return p

    # The hook repository: this repository's .pre-commit-hooks.yaml, committed.
    hooks = os.path.join(tmp, "hooks")
    os.makedirs(hooks)
    sh("git", "init", "-q", "-b", "main", cwd=hooks)
    shutil.copy(HOOKS, os.path.join(hooks, ".pre-commit-hooks.yaml"))
    sh("git", "add", ".", cwd=hooks)
    sh("git", "commit", "-q", "-m", "hooks", cwd=hooks)
    rev = sh("git", "rev-parse", "HEAD", cwd=hooks).stdout.strip()

    project = os.path.join(tmp, "project")
    os.makedirs(project)
    sh("git", "init", "-q", "-b", "main", cwd=project)
    with open(os.path.join(project, ".pre-commit-config.yaml"), "w") as f:
        f.write(f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: vaultlint\n")
    sh(PRE_COMMIT, "install", cwd=project)

    def vault(name, purge, public="Disabled"):
        return ('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
                '  "contentVersion": "1.0.0.0",\n  "resources": [\n    {\n'
                f'      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "{name}",\n'
                '      "properties": {\n        "tenantId": "t",\n        "enableRbacAuthorization": true,\n'
                f'        "publicNetworkAccess": "{public}",\n        "enablePurgeProtection": {purge}\n      }}\n'
                '    }\n  ]\n}\n')

    def commit(message, *files):
        for name, text in files:
            path = os.path.join(project, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            sh("git", "add", name, cwd=project)
        before = sh("git", "rev-parse", "-q", "--verify", "HEAD", cwd=project, check_ok=False).stdout.strip()
        p = sh("git", "commit", "-m", message, cwd=project, check_ok=False)
        after = sh("git", "rev-parse", "-q", "--verify", "HEAD", cwd=project, check_ok=False).stdout.strip()
        return p.returncode, p.stdout + p.stderr, before != after

    # The vaults here stand alone: the project's configuration turns off the rules about what protects a
    # vault from elsewhere (a private endpoint, a diagnostic setting), which would fire on every one of them.
    code, out, made = commit("hardened", (".pre-commit-config.yaml", open(os.path.join(project, ".pre-commit-config.yaml")).read()),
                             (".vaultlint.yaml", "rules:\n  KV114: off\n  KV131: off\n"),
                             ("infra/hardened.json", vault("kv-hardened", "true")))
    check("a hardened vault is committed (the hook ran and passed)", code == 0 and made and "vaultlint" in out and
          "Passed" in out, out)

    code, out, made = commit("insecure", ("infra/insecure.json", vault("kv-insecure", "false", public="Enabled")))
    check("an insecure vault is blocked, with the findings printed", code != 0 and not made and "Failed" in out and
          "infra/insecure.json:11:9  KV122  high  Key Vault `kv-insecure` can be purged" in out and "KV111" in out, out)
    sh("git", "reset", "-q", "HEAD", "infra/insecure.json", cwd=project, check_ok=False)
    os.remove(os.path.join(project, "infra/insecure.json"))

    # Cross-file: the template is fine with its default; the parameter file makes it purgeable.
    template = ('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
                '  "parameters": {"purge": {"type": "bool", "defaultValue": true}},\n  "resources": [\n'
                '    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-app",\n'
                '     "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'
                '       "enablePurgeProtection": "[parameters(\'purge\')]"}}\n  ]\n}\n')
    params = ('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
              '  "parameters": {"purge": {"value": %s}}\n}\n')
    code, out, made = commit("app", ("app/main.json", template), ("app/main.parameters.json", params % "true"))
    check("a template with a safe parameter file is committed", code == 0 and made, out)
    code, out, made = commit("params", ("app/main.parameters.json", params % "false"))
    check("changing only the parameter file is blocked by the template's finding (the repository is linked)",
          code != 0 and not made and "app/main.json:7:8  KV122" in out and "see app/main.parameters.json:3:37" in out, out)
    sh("git", "checkout", "-q", "HEAD", "--", "app/main.parameters.json", cwd=project)

    # An insecure file already in the repository does not block an unrelated commit.
    code, out, made = commit("legacy", ("legacy/old.json", vault("kv-old", "false")))
    check("(setup) the legacy file is blocked too", code != 0 and not made, out)
    sh("git", "commit", "-q", "--no-verify", "-m", "legacy, accepted", cwd=project)
    code, out, made = commit("another", ("infra/second.json", vault("kv-second", "true")))
    check("an old insecure file elsewhere does not block a commit of a hardened one", code == 0 and made and
          "kv-old" not in out, out)

print(f"{len(failures)} failed" if failures else "all pre-commit checks passed")
sys.exit(1 if failures else 0)
