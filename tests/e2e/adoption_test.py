#!/usr/bin/env python3
"""Adopting vaultlint in an existing repository: the configuration file (.vaultlint.yaml, found upward or
--config; every key; errors with file:line:column), baselines keyed by fingerprint (surviving inserted
lines and a renamed unrelated resource, while a new finding still fails), --stdin-filename (an editor's
buffer, its neighbours on disk), --link-repo (report on some files, link the repository).
Usage: adoption_test.py VAULTLINT (run from the repository root)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

VL = os.path.abspath(sys.argv[1])
REPO = os.getcwd()
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:600]}]"))
    if not ok:
        failures.append(name)


def run(*args, cwd=None, stdin=None):
    # The vaults here stand alone: the rules about what protects a vault from elsewhere (a private endpoint,
    # a diagnostic setting) would fire on every one of them, and they are not what these checks are about.
    extra = ["--skip-rule", "KV114,KV131"] if args and args[0] == "scan" else []
    p = subprocess.run([VL, *args, *extra], capture_output=True, text=True, timeout=120, cwd=cwd, input=stdin,
                       env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout, p.stderr


def scan_json(*args, cwd=None, stdin=None):
    code, out, err = run("scan", *args, "--format", "json", cwd=cwd, stdin=stdin)
    try:
        return code, json.loads(out), err
    except ValueError:
        return code, None, err + out[:300]


def found(doc):
    return sorted((f["file"], f["rule"], f["line"]) for f in doc["findings"]) if doc else None


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def vault(name, purge="false", api="2026-02-01", extra=""):
    return ('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
            '  "contentVersion": "1.0.0.0",\n  "resources": [\n    {\n'
            f'      "type": "Microsoft.KeyVault/vaults", "apiVersion": "{api}", "name": "{name}",\n'
            '      "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'
            f'        {extra}"enablePurgeProtection": {purge}}}\n    }}\n  ]\n}}\n')


with tempfile.TemporaryDirectory() as tmp:
    # ------------------------------------------------------------------ configuration
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, ".git"))
    write(os.path.join(repo, "infra", "app", "vault.json"), vault("kv-app", api="2023-07-01"))
    write(os.path.join(repo, "infra", "legacy", "old.json"), vault("kv-old"))
    app = os.path.join(repo, "infra", "app")
    code, doc, err = scan_json(app)
    check("without configuration: KV122 and KV141 (high, medium)", found(doc) and
          [r for _, r, _ in found(doc)] == ["KV122", "KV141"], found(doc))

    cfg = os.path.join(repo, ".vaultlint.yaml")
    write(cfg, "rules:\n  KV141: off\n")
    code, doc, err = scan_json(app)
    check(".vaultlint.yaml is found upward from the scan root (rules: KV141 off)", doc and
          [r for _, r, _ in found(doc)] == ["KV122"], found(doc))
    write(os.path.join(tmp, ".vaultlint.yaml"), "rules:\n  KV122: off\n")
    code, doc, _ = scan_json(app)
    check("the search stops at the repository root", doc and [r for _, r, _ in found(doc)] == ["KV122"], found(doc))
    os.remove(os.path.join(tmp, ".vaultlint.yaml"))

    code, doc, _ = scan_json(os.path.join(repo, "infra"))
    check("both files are scanned without an exclude", doc and len({f for f, _, _ in found(doc)}) == 2, found(doc))
    write(cfg, "exclude:\n  - infra/legacy/**\n")
    code, doc, _ = scan_json(os.path.join(repo, "infra"))
    check("exclude: globs are relative to the configuration's folder, whatever the scan root",
          doc and {os.path.basename(f) for f, _, _ in found(doc)} == {"vault.json"}, found(doc))
    code, doc, _ = scan_json(os.path.join(repo, "infra"), "--exclude", "app/**")
    check("--exclude replaces the file's exclude list", doc and {os.path.basename(f) for f, _, _ in found(doc)} ==
          {"old.json"}, found(doc))

    write(cfg, "severity:\n  KV122: low\n  api-version: critical\nfail_on: high\n")
    code, doc, _ = scan_json(app)
    sev = {f["rule"]: f["severity"] for f in doc["findings"]} if doc else {}
    check("severity overrides (by id and by name) reach the report", sev == {"KV122": "low", "KV141": "critical"}, sev)
    check("fail_on: high fails on the critical KV141 (exit 1)", code == 1, f"exit {code}")
    code, _, _ = scan_json(app, "--skip-rule", "KV141")
    check("fail_on: high ignores a low KV122 (exit 0)", code == 0, f"exit {code}")
    code, _, _ = scan_json(app, "--skip-rule", "KV141", "--fail-on", "low")
    check("--fail-on wins over fail_on", code == 1, f"exit {code}")
    code, out, _ = run("rules", cwd=repo)
    check("`vaultlint rules` shows the overridden severity", "KV122  purge-protection  low" in out, out[:400])

    write(cfg, "as_of: 2027-03-01\n")
    code, doc, _ = scan_json(app, "--rule", "KV141")
    check("as_of decides KV141's wording", doc and "retired since 2027-02-27" in doc["findings"][0]["message"], found(doc))
    code, doc, _ = scan_json(app, "--rule", "KV141", "--as-of", "2026-11-25")
    check("--as-of wins over as_of", doc and "retires on 2027-02-27" in doc["findings"][0]["message"], found(doc))

    # parameter_files: a template's variants from files that the conventional names would not find.
    write(os.path.join(repo, "arm", "main.json"),
          '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
          ' "parameters": {"purge": {"type": "bool", "defaultValue": true}},\n'
          ' "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-p",\n'
          '   "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'
          '     "enablePurgeProtection": "[parameters(\'purge\')]"}}]}\n')
    params = ('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
              ' "parameters": {"purge": {"value": %s}}}\n')
    write(os.path.join(repo, "arm", "env", "prod.json"), params % "false")
    write(os.path.join(repo, "arm", "env", "dev.json"), params % "true")
    write(cfg, "parameter_files:\n  arm/main.json: [arm/env/prod.json, arm/env/dev.json]\n")
    code, doc, _ = scan_json(os.path.join(repo, "arm"))
    f = doc["findings"] if doc else []
    check("parameter_files: the mapped files are the template's variants (prod fails, dev passes)",
          len(f) == 1 and f[0]["rule"] == "KV122" and [os.path.basename(v) for v in f[0]["variants"]] == ["prod.json"]
          and os.path.basename(f[0]["related"][0]["file"]) == "prod.json", f)
    write(cfg, "")
    code, doc, _ = scan_json(os.path.join(repo, "arm"))
    check("without the mapping the template runs with its defaults (no finding)", doc and doc["findings"] == [], found(doc))

    # policies: extra rule folders; --config FILE names a file anywhere.
    extra = os.path.join(repo, "rules")
    rule = open(os.path.join(REPO, "policies", "KV122.yaml"), encoding="utf-8").read()
    write(os.path.join(extra, "KV900.yaml"), rule.replace("id: KV122", "id: KV900").replace("name: purge-protection",
                                                                                            "name: purge-protection-copy"))
    other = os.path.join(tmp, "elsewhere.yaml")
    write(other, f"policies: [{extra}]\nrules: {{KV900: on}}\n")
    code, doc, _ = scan_json(app, "--config", other)
    check("--config FILE; policies: adds rule folders", doc and {f["rule"] for f in doc["findings"]} >= {"KV900", "KV122"},
          found(doc))
    code, _, err = scan_json(app, "--config", os.path.join(tmp, "missing.yaml"))
    check("a missing --config exits 2 and names it", code == 2 and "missing.yaml" in err, f"exit {code} {err}")

    # Errors: exit 2 with file:line:column of the key.
    bad = [
        ("exclude: [a]\nexlude: [b]\n", "2:1", "unknown key `exlude`"),
        ("fail_on: sometimes\n", "1:1", "`fail_on` must be none, low, medium, high or critical"),
        ("rules:\n  KV122: off\n  KV999: on\n", "3:3", "unknown rule `KV999`"),
        ("rules:\n  KV122: maybe\n", "2:3", "expects on or off"),
        ("severity:\n  KV122: extreme\n", "2:3", "must be low, medium, high or critical"),
        ("exclude: {a: 1}\n", "1:1", "expects a string or a list of strings"),
        ("as_of: tomorrow\n", "1:1", "expects a date"),
        ("policies:\n  - no-such-folder\n", "2:5", "no such policy folder"),
        ("parameter_files:\n  arm/main.json:\n    - arm/env/none.json\n", "3:7", "no such parameter file"),
        ("rules:\n  KV122: off\n  KV122: on\n", "3:3", "given twice"),
        ("fail_on: [high\n", None, "invalid YAML"),
        ("- just\n- a list\n", "1:1", "must be a mapping"),
    ]
    for text, where, message in bad:
        write(cfg, text)
        code, out, err = run("scan", app)
        want = ".vaultlint.yaml:" + (where or "")
        check(f"config error exits 2 at {where or 'the YAML error'}: {message}", code == 2 and want in err and message in err
              and out == "", f"exit {code} {err.strip()}")
    write(cfg, "")

    # ------------------------------------------------------------------ baselines
    for fmt in ("arm", "terraform"):
        base_repo = os.path.join(tmp, "baseline-" + fmt)
        os.makedirs(os.path.join(base_repo, ".git"))
        if fmt == "arm":
            main = os.path.join(base_repo, "vaults.json")

            def template(blank=0, other="kv-other", softdelete=True):
                return ('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
                        '  "resources": [\n' + "\n" * blank +
                        '    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "' + other + '",\n'
                        '     "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'
                        '       "enablePurgeProtection": true}},\n'
                        '    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-legacy",\n'
                        '     "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Enabled",\n'
                        + ('' if softdelete else '       "enableSoftDelete": false,\n') +
                        '       "enablePurgeProtection": false}}\n  ]\n}\n')
        else:
            main = os.path.join(base_repo, "main.tf")

            def template(blank=0, other="other", softdelete=True):
                return ("\n" * blank +
                        f'resource "azurerm_key_vault" "{other}" {{\n  name = "kv-other"\n  location = "westeurope"\n'
                        '  resource_group_name = "rg"\n  tenant_id = "t"\n  sku_name = "standard"\n'
                        '  rbac_authorization_enabled = true\n  public_network_access_enabled = false\n'
                        '  purge_protection_enabled = true\n}\n\n'
                        'resource "azurerm_key_vault" "legacy" {\n  name = "kv-legacy"\n  location = "westeurope"\n'
                        '  resource_group_name = "rg"\n  tenant_id = "t"\n  sku_name = "standard"\n'
                        '  rbac_authorization_enabled = true\n  public_network_access_enabled = true\n'
                        + ('' if softdelete else '  soft_delete_retention_days = 3\n') +
                        '  purge_protection_enabled = false\n}\n')
        write(main, template())
        baseline = os.path.join(base_repo, ".vaultlint-baseline.json")
        code, before, _ = scan_json(base_repo)
        code, out, err = run("scan", base_repo, "--write-baseline", baseline)
        written = json.load(open(baseline)) if os.path.exists(baseline) else {}
        fps = [f["fingerprint"] for f in written.get("findings", [])]
        check(f"{fmt}: --write-baseline records every finding, sorted by fingerprint, and exits 0",
              code == 0 and before and sorted(fps) == fps and set(fps) == {f["fingerprint"] for f in before["findings"]}
              and len(fps) >= 2 and "wrote" in err, f"exit {code} {err} {fps}")
        write(main, template(blank=5, other="kv-renamed" if fmt == "arm" else "renamed"))
        code, doc, err = scan_json(base_repo, "--baseline", baseline)
        code_text, _, _ = run("scan", base_repo)
        check(f"{fmt}: the baseline survives inserted lines and a renamed unrelated resource (exit 0, nothing reported)",
              code == 0 and doc and doc["findings"] == [] and code_text == 1, f"exit {code} {found(doc)}")
        write(main, template(blank=5, other="kv-renamed" if fmt == "arm" else "renamed", softdelete=False))
        code, doc, _ = scan_json(base_repo, "--baseline", baseline)
        check(f"{fmt}: a new finding still fails (exit 1, only it is reported)", code == 1 and doc and
              [f["rule"] for f in doc["findings"]] == ["KV121"], found(doc))
        write(os.path.join(base_repo, ".vaultlint.yaml"), "baseline: .vaultlint-baseline.json\n")
        code, doc, _ = scan_json(base_repo)
        check(f"{fmt}: the configuration's baseline: key works like --baseline", code == 1 and doc and
              [f["rule"] for f in doc["findings"]] == ["KV121"], found(doc))
    code, _, err = scan_json(base_repo, "--baseline", os.path.join(tmp, "none.json"))
    check("a missing baseline exits 2", code == 2 and "none.json" in err, f"exit {code} {err}")
    write(os.path.join(tmp, "notbaseline.json"), '{"findings": 3}')
    code, _, err = scan_json(base_repo, "--baseline", os.path.join(tmp, "notbaseline.json"))
    check("a file that is not a baseline exits 2", code == 2 and "not a vaultlint baseline" in err, f"exit {code} {err}")

    # ------------------------------------------------------------------ --stdin-filename
    ex = os.path.join(tmp, "ex")
    shutil.copytree(os.path.join(REPO, "examples", "arm"), ex)
    tmpl = os.path.join(ex, "biggest-mistake-vault.json")
    disk = open(tmpl, encoding="utf-8").read()
    code, doc, _ = scan_json("--stdin-filename", tmpl, stdin=disk)
    kv122 = [f for f in doc["findings"] if f["rule"] == "KV122"] if doc else []
    check("--stdin-filename: the buffer's neighbours resolve on disk (the parameter file gives the value)",
          len(kv122) == 1 and kv122[0]["related"][0]["file"].endswith("biggest-mistake-vault.parameters.json")
          and {f["file"] for f in doc["findings"]} == {tmpl}, found(doc))
    buffer = "\n\n" + disk.replace('"publicNetworkAccess": "Enabled"', '"publicNetworkAccess": "Disabled"')
    code, doc, _ = scan_json("--stdin-filename", tmpl, stdin=buffer)
    rules = {(f["rule"], f["line"]) for f in doc["findings"]} if doc else set()
    check("--stdin-filename: the buffer, not the disk, is scanned (KV111 fixed, lines moved by 2)",
          ("KV111", 29) not in rules and ("KV122", 30) in rules and not any(r == "KV111" for r, _ in rules), rules)
    new = os.path.join(ex, "unsaved.json")
    code, doc, _ = scan_json("--stdin-filename", new, stdin=vault("kv-new"))
    check("--stdin-filename: a buffer not yet on disk is scanned", doc and [(f["file"], f["rule"]) for f in doc["findings"]]
          == [(new, "KV122")], found(doc))
    code, out, _ = run("scan", "--stdin-filename", os.path.join(ex, "biggest-mistake-vault.parameters.json"), "--format",
                       "lsp", stdin=open(os.path.join(ex, "biggest-mistake-vault.parameters.json")).read().replace(
                           '"value": false', '"value": true'))
    docs = {json.loads(l)["uri"]: json.loads(l)["diagnostics"] for l in out.splitlines()}
    check("--stdin-filename of a parameter file: the template's findings follow the buffer (KV122 gone), LSP lists the selection",
          set(docs) == {"file://" + tmpl, "file://" + tmpl.replace(".json", ".parameters.json")} and
          not any(d["code"] == "KV122" for d in docs["file://" + tmpl]) and docs["file://" + tmpl], docs.keys())

    # ------------------------------------------------------------------ --link-repo
    lr = os.path.join(tmp, "link")
    os.makedirs(os.path.join(lr, ".git"))
    shutil.copytree(os.path.join(REPO, "examples", "arm"), os.path.join(lr, "arm"))
    shutil.copytree(os.path.join(REPO, "examples", "terraform"), os.path.join(lr, "tf"))
    code, doc, _ = scan_json("--link-repo", "arm/biggest-mistake-vault.parameters.json", cwd=lr)
    check("--link-repo: a parameter file reports its template's findings, nothing else",
          doc and {f["file"] for f in doc["findings"]} == {"arm/biggest-mistake-vault.json"} and code == 1, found(doc))
    code, doc, _ = scan_json("--link-repo", "arm/hardened-vault.json", cwd=lr)
    check("--link-repo: a hardened file reports nothing (exit 0) although the repository has findings",
          code == 0 and doc is not None and doc["findings"] == [] and len(doc["summary"]["vaults"]) == 1, found(doc))
    write(os.path.join(lr, "tf", "insecure", "terraform.tfvars"), "purge_protection = false\n")
    code, doc, _ = scan_json("--link-repo", "tf/insecure/terraform.tfvars", cwd=lr)
    tf_files = {f["file"] for f in doc["findings"]} if doc else set()
    check("--link-repo: a tfvars file reports its root module's findings", tf_files == {"tf/insecure/main.tf"}, tf_files)
    code, _, err = run("scan", "--link-repo", cwd=lr)
    check("--link-repo without files is a usage error", code == 2, f"exit {code}")

print(f"{len(failures)} failed" if failures else "all adoption checks passed")
sys.exit(1 if failures else 0)
