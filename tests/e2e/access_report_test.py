#!/usr/bin/env python3
"""Who reaches each vault, as the reports say it: JSON summary.vaults[].access, the access lines under each
vault in the text report, the reaches / defined-by / assigned-to edges of `vaultlint graph --format json`,
and the dot picture's principal -> vault edges labelled with the role. Runs the real binary over the
Terraform and Bicep fixtures of the role rules.

Usage: access_report_test.py VAULTLINT FIXTURES_DIR
"""
import json
import os
import subprocess
import sys

FAILURES = []


def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def run(vaultlint, *args):
    p = subprocess.run([vaultlint, *args], capture_output=True, text=True, timeout=120)
    if p.returncode not in (0, 1):
        raise SystemExit(f"vaultlint {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    vaultlint, fixtures = sys.argv[1], sys.argv[2]
    tf = os.path.join(fixtures, "terraform", "kv201-kv206-inherited")
    doc = json.loads(run(vaultlint, "scan", tf, "--format", "json", "--fail-on", "none"))
    vaults = {v["name"]: v for v in doc["summary"]["vaults"]}
    policies = vaults.get("kv-tf-inherit-policies", {}).get("access", [])
    rbac = vaults.get("kv-tf-inherit-rbac", {}).get("access", [])
    by_role = {(a["role"], a["kind"], a["level"]) for a in policies}
    check("the access-policy vault lists Contributor from its resource group",
          ("Contributor", "standing", "resource_group") in by_role)
    check("... the subscription's Secrets User, standing Owner and eligible Owner",
          {("Key Vault Secrets User", "standing", "subscription"), ("Owner", "standing", "subscription"),
           ("Owner", "eligible", "subscription")} <= by_role)
    check("... and not the other group's Key Vault Administrator",
          all(a["role"] != "Key Vault Administrator" for a in policies))
    admin = [a for a in rbac if a["role"] == "Key Vault Administrator"]
    check("the RBAC vault lists Key Vault Administrator, privileged, for a group, on its resource group",
          len(admin) == 1 and admin[0]["privileged"] and admin[0]["principal_type"] == "Group"
          and admin[0]["scope"] == "resource group `rg-tf-inherit-rbac`"
          and admin[0]["principal"] == "22222222-2222-2222-2222-222222222222")
    check("an access entry names the file and line of its assignment",
          all(a["file"] and a["file"].endswith("main.tf") and a["line"] > 0 for a in policies + rbac))

    text = run(vaultlint, "scan", tf, "--fail-on", "none")
    check("the text report has an access line under each vault",
          "access: Key Vault Administrator (privileged) to 22222222-2222-2222-2222-222222222222 (Group), standing, "
          "on resource group `rg-tf-inherit-rbac`" in text)

    bicep = os.path.join(fixtures, "bicep", "kv201-kv206-assignments")
    graph = json.loads(run(vaultlint, "graph", bicep, "--format", "json"))
    resources = graph["resources"]
    edges = graph["edges"]
    reaches = [e for e in edges if e["kind"] == "reaches"]
    defined = {e["from"]: e for e in edges if e["kind"] == "defined-by"}
    assigned = {e["from"]: e for e in edges if e["kind"] == "assigned-to"}
    check("reaches edges end at vaults",
          reaches and all(resources[e["to"]]["type"] == "Microsoft.KeyVault/vaults" for e in reaches))
    assignments = [r["index"] for r in resources if r["type"] == "Microsoft.Authorization/roleAssignments"]
    check("every assignment has a defined-by and an assigned-to edge",
          all(i in defined and i in assigned for i in assignments))
    custom = [e for e in defined.values() if e["to"] is not None]
    check("a custom role's defined-by edge ends at its definition",
          len(custom) == 1 and resources[custom[0]["to"]]["type"] == "Microsoft.Authorization/roleDefinitions")
    check("an unresolved role says why", any("neither a built-in role" in e.get("reason", "") for e in defined.values()))
    storage = [r["index"] for r in resources if r.get("symbolic_name") == "storageOwner"]
    check("an assignment that reaches no vault has no reaches edge",
          storage and not any(e["from"] == storage[0] for e in reaches) and storage[0] in defined)

    dot = run(vaultlint, "graph", bicep, "--format", "dot")
    check("the dot picture draws principals", '[label="33333333-3333-3333-3333-333333333333\\nServicePrincipal", shape=ellipse]' in dot)
    check("... and an edge from a principal to the vault, labelled with the role, red when privileged",
          any("Owner\\nstanding, on Key Vault `kv-bicep-policies`" in line and "color=red" in line for line in dot.splitlines()))
    check("... and the file is still one digraph", dot.startswith("digraph vaultlint {") and dot.rstrip().endswith("}"))
    print(f"{len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
