#!/usr/bin/env python3
"""Azure's own Key Vault module (corpus/bicep/avm/res/key-vault/vault) with its `max` test: the Owner
assignment on the vault, whose role the module picks from its friendly-name map, is KV201 and, because
that test deploys the vault with enableRbacAuthorization false, KV202; the vault's summary lists who
reaches it. Usage: avm_roles_test.py VAULTLINT CORPUS_DIR"""
import json
import os
import subprocess
import sys

vl, corpus = sys.argv[1], sys.argv[2]
module = os.path.join(corpus, "bicep", "avm", "res", "key-vault", "vault")
p = subprocess.run([vl, "scan", module, "--format", "json", "--fail-on", "none"], capture_output=True, text=True, timeout=600)
if p.returncode != 0:
    print(f"FAIL exit {p.returncode}: {p.stderr[-2000:]}")
    sys.exit(1)
doc = json.loads(p.stdout)
failures = []


def expect(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def at(rule, result="fail"):
    return [f for f in doc["findings"] if f["rule"] == rule and f["result"] == result
            and f["file"].endswith("key-vault/vault/main.bicep")]


kv201 = [f for f in at("KV201") if "`Owner`" in f["message"]]
expect("KV201 on the Owner assignment, at its roleDefinitionId in main.bicep", len(kv201) == 1
       and "roleDefinitionId" in open(os.path.join(module, "main.bicep")).read().splitlines()[kv201[0]["line"] - 1])
expect("... from the max test", kv201 and any("max" in u for u in kv201[0]["units"]))
expect("... with a related location at the vault", kv201 and any("it reaches Key Vault" in r["message"] for r in kv201[0]["related"]))
kv202 = at("KV202")
expect("KV202 at the same place: the vault is on access policies",
       kv201 and len(kv202) == 1 and kv202[0]["line"] == kv201[0]["line"])
roles = {a["role"] for v in doc["summary"]["vaults"] for a in v["access"]}
expect("the vault's summary lists Owner, Contributor and Reader", {"Owner", "Contributor", "Reader"} <= roles)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
