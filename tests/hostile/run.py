#!/usr/bin/env python3
"""Hostile input (issue 22): each case is generated here (small generators, nothing large committed),
run through the real binary under a time and memory guard, and judged on what it must do: an exit code,
never a signal; the KV001/KV002 where a limit stopped evaluation, with a message that fits the cause.

Usage: tests/hostile/run.py [--sanitized] VAULTLINT [FILTER...]

--sanitized: the binary is built with AddressSanitizer, which reserves terabytes of address space and
doubles the memory it uses: no address-space guard, and peak RSS is printed but not asserted.

Per case it prints the wall time and peak RSS. Times are printed, not asserted (a case still running after
120 s is a hang, and CTest's TIMEOUT guards the whole run), except where a case says `max_seconds`: work
that grew faster than the input, bounded far above its fixed time. Peak RSS is asserted against the
case's bound (1 GB unless the case says otherwise)."""
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

ARGS = sys.argv[1:]
SANITIZED = "--sanitized" in ARGS
ARGS = [a for a in ARGS if a != "--sanitized"]
VL = os.path.abspath(ARGS[0])
FILTERS = ARGS[1:]
if SANITIZED:
    GUARD_SECONDS_SCALE = 5
else:
    GUARD_SECONDS_SCALE = 1
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

GUARD_SECONDS = 120          # a case still running after this is a hang (five times that under ASan)
GUARD_ADDRESS_SPACE = 6 << 30  # a runaway case dies here instead of taking the machine with it
DEFAULT_RSS_MB = 1024
TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time: see run_case

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
PARAM_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"


# ---- generators -----------------------------------------------------------------------------------

def vault(name="kv-hostile", tags=None, extra=None):
    r = {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": name, "location": "westeurope",
         "properties": {"tenantId": "[subscription().tenantId]", "sku": {"family": "A", "name": "standard"},
                        "enableRbacAuthorization": True, "publicNetworkAccess": "Disabled",
                        "enablePurgeProtection": True}}
    if tags is not None:
        r["tags"] = tags
    if extra:
        r.update(extra)
    return r


def arm(resources, **sections):
    t = {"$schema": SCHEMA, "contentVersion": "1.0.0.0"}
    t.update(sections)
    t["resources"] = resources
    return json.dumps(t, indent=1)


BICEP_VAULT = """resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: %s
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    publicNetworkAccess: 'Disabled'
    enablePurgeProtection: true
  }
  tags: %s
}
"""

TF_VAULT = """resource "azurerm_key_vault" "kv" {
  name                          = %s
  location                      = "westeurope"
  resource_group_name           = "rg"
  tenant_id                     = "00000000-0000-0000-0000-000000000000"
  sku_name                      = "standard"
  rbac_authorization_enabled    = true
  public_network_access_enabled = false
  purge_protection_enabled      = true
  tags                          = %s
}
"""


def arm_udf_recursion():
    fn = {"parameters": [{"name": "x", "type": "int"}], "output": {"type": "int", "value": "[ns.f(parameters('x'))]"}}
    return {"main.json": arm([vault(tags={"t": "[string(ns.f(1))]"})],
                             functions=[{"namespace": "ns", "members": {"f": fn}}])}


def arm_udf_mutual_recursion():
    f = {"parameters": [{"name": "x", "type": "int"}], "output": {"type": "int", "value": "[ns.g(parameters('x'))]"}}
    g = {"parameters": [{"name": "x", "type": "int"}], "output": {"type": "int", "value": "[ns.f(parameters('x'))]"}}
    return {"main.json": arm([vault(tags={"t": "[string(ns.f(1))]"})],
                             functions=[{"namespace": "ns", "members": {"f": f, "g": g}}])}


def arm_index_chain():
    return {"main.json": arm([vault(tags={"t": "[string(variables('a')" + "[0]" * 30000 + ")]"})],
                             variables={"a": [[0]]})}


def arm_property_chain():
    return {"main.json": arm([vault(tags={"t": "[string(variables('a')" + ".a" * 30000 + ")]"})],
                             variables={"a": {"a": 1}})}


def hcl_nested_directives(kind, heredoc):
    n = 10000
    if kind == "if":
        body = "%{ if true }" * n + "x" + "%{ endif }" * n
    else:
        body = "%{ for i in [1] }" * n + "x" + "%{ endfor }" * n
    if heredoc:
        value = "<<EOT\n" + body + "\nEOT"
    else:
        value = '"' + body + '"'
    return {"main.tf": TF_VAULT % ('"kv-hostile"', "{ t = %s\n }" % value)}


def tf_shared_subtree(op):
    lines = ["locals {", "  a0 = { x = 1 }"]
    for i in range(1, 71):
        lines.append(f"  a{i} = {{ l = local.a{i-1}, r = local.a{i-1} }}")
    use = {"hash": "sha256(jsonencode(local.a70))", "compare": "tostring(local.a70 == local.a69)"}[op]
    lines.append(f"  t = {use}")
    lines.append("}")
    return {"main.tf": "\n".join(lines) + "\n" + TF_VAULT % ('"kv-hostile"', "{ t = local.t }")}


def tf_shared_subtree_graph():
    lines = ["locals {", "  a0 = { x = 1 }"]
    for i in range(1, 71):
        lines.append(f"  a{i} = {{ l = local.a{i-1}, r = local.a{i-1} }}")
    lines.append("}")
    return {"main.tf": "\n".join(lines) + "\n" + TF_VAULT % ('"kv-hostile"', "{ t = jsonencode(local.a70) }") +
            'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n  location = "westeurope"\n  tags = local.a70\n}\n'}


def arm_shared_subtree_graph():
    variables = {"a0": {"x": 1}}
    for i in range(1, 71):
        variables[f"a{i}"] = f"[createObject('l', variables('a{i-1}'), 'r', variables('a{i-1}'))]"
    return {"main.json": arm([vault(tags="[variables('a70')]")], variables=variables)}


def bicep_shared_subtree_graph():
    lines = ["var a0 = { x: 1 }"]
    for i in range(1, 71):
        lines.append(f"var a{i} = {{ l: a{i-1}, r: a{i-1} }}")
    return {"main.bicep": "\n".join(lines) + "\n" + BICEP_VAULT % ("'kv-hostile'", "a70")}


def arm_deployment_tree():
    # Each level deploys two copies of the level below it: 2^32 deployments at the nesting limit.
    inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [vault("[concat('kv', uniqueString(deployment().name))]")]}
    for level in range(30):
        dep = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01",
               "name": f"[concat('d{level}-', copyIndex())]", "copy": {"name": f"c{level}", "count": 2},
               "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                              "template": inner}}
        inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [dep]}
    return {"main.json": json.dumps(inner)}


def arm_nested_copies():
    inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0",
             "resources": [vault("[concat('kv', copyIndex())]", extra={"copy": {"name": "v", "count": 800}})]}
    for level in range(2):
        dep = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01",
               "name": f"[concat('d{level}-', copyIndex())]", "copy": {"name": f"c{level}", "count": 800},
               "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                              "template": inner}}
        inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [dep]}
    return {"main.json": json.dumps(inner)}


def arm_linked_tree():
    files = {}
    for level in range(20):
        child = f"l{level + 1}.json"
        files[f"l{level}.json"] = arm([
            {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": f"[concat('d', copyIndex())]",
             "copy": {"name": "c", "count": 4},
             "properties": {"mode": "Incremental", "templateLink": {"relativePath": child}}}])
    files["l20.json"] = arm([vault("[uniqueString(deployment().name)]")])
    files["main.json"] = files.pop("l0.json")
    files["main.json"] = files["main.json"].replace('"l1.json"', '"l1.json"')
    return files


def tf_module_tree():
    files = {"main.tf": 'module "m" {\n  source = "./m1"\n  count = 1000\n}\n'}
    for level in range(1, 4):
        nxt = f"../m{level + 1}"
        files[f"m{level}/main.tf"] = f'module "m" {{\n  source = "{nxt}"\n  count = 1000\n}}\n'
    files["m4/main.tf"] = TF_VAULT % ('"kv-hostile"', "{}")
    return files


def arm_loop_bytes():
    big = {"copy": {"name": "v", "count": 800}}
    return {"main.json": arm([vault("[concat('kv', copyIndex())]",
                                    tags={"t": "[padLeft(string(copyIndex()), 4000000, 'x')]"}, extra=big)])}


def arm_loop_bytes_looking_up():
    # The same, looking up a literal id another unit could declare: its lowering is kept for the groups.
    hub = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub"
    template = json.loads(arm_loop_bytes()["main.json"])
    template["resources"][0]["properties"]["networkAcls"] = {"defaultAction": "Deny",
                                                             "virtualNetworkRules": [{"id": hub + "/subnets/s"}]}
    return json.dumps(template, indent=1)


def arm_many_variants():
    # Each variant does as much work as one unit may; 2,000 of them.
    files = {"main.json": arm([vault("[parameters('n')]", tags={"t": "[length(range(0, 100000))]",
                                                             "u": "[padLeft(parameters('n'), 3000000, 'x')]"})],
                              parameters={"n": {"type": "string"}})}
    for i in range(2000):
        files[f"main.parameters.p{i:04}.json"] = json.dumps(
            {"$schema": PARAM_SCHEMA, "contentVersion": "1.0.0.0", "parameters": {"n": {"value": f"kv{i}"}}})
    return files


def bicep_junk(size, one_line):
    junk = "\u00a7$`\u00b0" * (size // 7)
    if not one_line:
        junk = "\n".join(junk[i:i + 80] for i in range(0, len(junk), 80))
    return {"main.bicep": BICEP_VAULT % ("'kv-hostile'", "{}") + junk}


def arm_minified(vaults):
    # A minified template: every vault on the one line, each with several findings that need a column.
    resources = [vault(f"kv{i}", extra={"properties": {"tenantId": "x", "sku": {"family": "A", "name": "standard"},
                                                      "enablePurgeProtection": False}}) for i in range(vaults)]
    return {"main.json": arm(resources).replace("\n", "")}


def bicep_parent_chain():
    lines = ["resource r0 'Microsoft.KeyVault/vaults@2026-02-01' = {\n  name: 'kv0'\n  location: 'westeurope'\n}"]
    for i in range(1, 10000):
        lines.append(f"resource r{i} 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {{\n  parent: r{i-1}\n  name: 's{i}'\n}}")
    return {"main.bicep": "\n".join(lines) + "\n"}


def gitignore(patterns):
    lines = [f"generated-{i}-*.json" for i in range(patterns)]
    return {".gitignore": "\n".join(lines) + "\n", "main.json": arm([vault()]),
            "generated-7-x.json": arm([vault("kv-ignored", extra={"properties": {}})])}


def tf_big_string():
    return {"main.tf": TF_VAULT % ('"kv-hostile"', '{ t = "' + "x" * (20 << 20) + '" }')}


def gitignore_symlink(tmp):
    outside = os.path.join(tmp, "outside")
    os.makedirs(outside)
    with open(os.path.join(outside, "ignore-list"), "w") as f:
        f.write("*.json\n")
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, ".git"))
    with open(os.path.join(repo, "main.json"), "w") as f:
        f.write(arm([vault(extra={"properties": {"tenantId": "x", "sku": {"family": "A", "name": "standard"}}})]))
    os.symlink(os.path.join(outside, "ignore-list"), os.path.join(repo, ".gitignore"))
    return repo


def config_outside(kind):
    def setup(d):
        os.makedirs(os.path.join(d, "repo", ".git"))
        with open(os.path.join(d, "repo", "main.json"), "w") as f:
            f.write(arm([vault()]))
        os.makedirs(os.path.join(d, "outside"))
        with open(os.path.join(d, "outside", "secret.yaml"), "w") as f:
            f.write("top_secret_token_4711: 1\n")
        if kind == "symlink":
            os.symlink(os.path.join(d, "outside", "secret.yaml"), os.path.join(d, "repo", ".vaultlint.yaml"))
        else:
            with open(os.path.join(d, "repo", ".vaultlint.yaml"), "w") as f:
                f.write({"policies": "policies: [../outside]\n", "baseline": "baseline: ../outside/secret.yaml\n"}[kind])
        return os.path.join(d, "repo")
    return setup


def control_chars():
    return {"main.json": arm([vault("kv-a\nmain.json:1:1  KV999  critical  forged\x1b[2J",
                                    extra={"properties": {"tenantId": "x", "sku": {"family": "A", "name": "standard"}}})])}


def tf_root_cycle(how):
    src = os.path.join(ROOT, "examples", "terraform", "insecure")
    files = {}
    for name in os.listdir(src):
        with open(os.path.join(src, name)) as f:
            files[name] = f.read()
    if how == "self":
        files["main.tf"] += '\nmodule "self" {\n  source = "./"\n}\n'
    else:
        files["main.tf"] += '\nmodule "b" {\n  source = "./b"\n}\n'
        files["b/main.tf"] = 'module "root" {\n  source = "../"\n}\n'
    return files


def arm_concat_bomb():
    variables = {"s0": "abcdefghijklmnop"}
    for i in range(1, 30):
        variables[f"s{i}"] = f"[concat(variables('s{i-1}'), variables('s{i-1}'))]"
    return {"main.json": arm([vault(tags={"t": "[variables('s29')]"})], variables=variables)}


def symbol_doubling(fmt):
    """An unknown parameter doubled forty times: each step names its result by the symbols it joins, so
    the names would reach 2^40 bytes unless symbols are bounded (graph/symbol.h kMaxSymbolBytes)."""
    n = 40
    if fmt == "arm":
        variables = {"s0": "[parameters('p')]"}
        for i in range(1, n + 1):
            variables[f"s{i}"] = f"[concat(variables('s{i-1}'), variables('s{i-1}'))]"
        return {"main.json": arm([vault(f"[variables('s{n}')]")], variables=variables,
                                 parameters={"p": {"type": "string"}})}
    if fmt == "bicep":
        lines = ["param p string", "var s0 = p"] + [f"var s{i} = '${{s{i-1}}}${{s{i-1}}}'" for i in range(1, n + 1)]
        return {"main.bicep": "\n".join(lines) + "\n" + BICEP_VAULT % (f"s{n}", "{}")}
    lines = ['variable "p" {\n  type = string\n}', "locals {", "  s0 = var.p"]
    lines += [f'  s{i} = "${{local.s{i-1}}}${{local.s{i-1}}}"' for i in range(1, n + 1)] + ["}"]
    return {"main.tf": "\n".join(lines) + "\n" + TF_VAULT % (f"local.s{n}", "{}")}


def arm_range_huge():
    return {"main.json": arm([vault(tags={"t": "[string(length(range(0, 1000000000)))]"})])}


def arm_param_cycle():
    return {"main.json": arm([vault(tags={"t": "[parameters('a')]"})],
                             parameters={"a": {"type": "string", "defaultValue": "[parameters('b')]"},
                                         "b": {"type": "string", "defaultValue": "[parameters('a')]"}})}


def tf_module_io_cycle():
    return {"main.tf": 'module "a" {\n  source = "./m"\n  x = module.b.y\n}\nmodule "b" {\n  source = "./m"\n  x = module.a.y\n}\n' +
            TF_VAULT % ('"kv-hostile"', "{ t = module.a.y }"),
            "m/main.tf": 'variable "x" {}\noutput "y" {\n  value = var.x\n}\n'}


def bicep_parent_cycle():
    return {"main.bicep": """resource a 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: b
  name: 'a'
}
resource b 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: a
  name: 'b'
}
""" + BICEP_VAULT % ("'kv-hostile'", "{}")}


def bicep_import_missing():
    return {"main.bicep": "import { x } from 'missing.bicep'\n" + BICEP_VAULT % ("'kv-hostile'", "{ t: x }")}


def utf16_arm(bom_le=True):
    text = arm([vault(extra={"properties": {"tenantId": "x", "sku": {"family": "A", "name": "standard"}}})])
    return {"main.json": (b"\xff\xfe" + text.encode("utf-16-le")) if bom_le else (b"\xfe\xff" + text.encode("utf-16-be"))}


def utf16_bicep():
    text = BICEP_VAULT.replace("enablePurgeProtection: true", "enablePurgeProtection: false") % ("'kv-hostile'", "{}")
    return {"main.bicep": b"\xff\xfe" + text.encode("utf-16-le")}


def utf16_tf():
    text = TF_VAULT.replace("purge_protection_enabled      = true", "purge_protection_enabled      = false") % (
        '"kv-hostile"', "{}")
    return {"main.tf": b"\xff\xfe" + text.encode("utf-16-le")}


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def cr_only(fmt):
    if fmt == "arm":
        text = arm([vault(extra={"properties": {"tenantId": "x", "sku": {"family": "A", "name": "standard"},
                                                "enablePurgeProtection": False}})])
        return {"main.json": text.replace("\n", "\r")}
    text = BICEP_VAULT.replace("enablePurgeProtection: true", "enablePurgeProtection: false") % ("'kv-hostile'", "{}")
    return {"main.bicep": text.replace("\n", "\r")}


CR_ARM_LINE = line_of(arm([vault(extra={"properties": {"tenantId": "x", "sku": {"family": "A", "name": "standard"},
                                                       "enablePurgeProtection": False}})]), '"enablePurgeProtection"')
CR_BICEP_LINE = line_of(BICEP_VAULT, "enablePurgeProtection")


def tf_exponent():
    return {"main.tf": TF_VAULT.replace("purge_protection_enabled      = true", "purge_protection_enabled      = false")
            % ('"kv-hostile"', "{ a = 1e3, b = 1E+3, c = 2e-1 }")}


def bicepconfig_broken():
    return {"bicepconfig.json": '{"moduleAliases": {"br": {"x": {"registry": "r.azurecr.io"}}, }} broken',
            "main.bicep": BICEP_VAULT % ("'kv-hostile'", "{}")}


# ---- cases ----------------------------------------------------------------------------------------

class Case:
    def __init__(self, name, files, args=None, exit_codes=(1,), findings=(), no_findings=(), stderr=None,
                 rss_mb=DEFAULT_RSS_MB, setup=None, check=None, as_user=None, max_findings=None, max_seconds=None):
        self.name, self.files, self.args = name, files, args
        self.exit_codes, self.findings, self.no_findings = exit_codes, findings, no_findings
        self.stderr, self.rss_mb, self.setup, self.check = stderr, rss_mb, setup, check
        self.as_user, self.max_findings = as_user, max_findings
        # Only where the point is work that grows faster than the input (a quadratic): a bound far above
        # the fixed time, so machine load cannot fail it.
        self.max_seconds = max_seconds


def kv(rule, message=None, file=None, line=None):
    """An expected finding: rule id, a regex its message must match, the file (relative to the case
    folder) and line it must be at."""
    return (rule, message, file, line)


CASES = [
    # ---- crashes and hangs
    Case("arm-udf-self-recursion", arm_udf_recursion, findings=[kv("KV001", r"(?i)user-defined function.*(deep|depth)", "main.json")]),
    Case("arm-udf-mutual-recursion", arm_udf_mutual_recursion, findings=[kv("KV001", r"(?i)user-defined function.*(deep|depth)", "main.json")]),
    Case("arm-index-chain-30000", arm_index_chain, findings=[kv("KV001", r"(?i)nest|deep", "main.json")]),
    Case("arm-property-chain-30000", arm_property_chain, findings=[kv("KV001", r"(?i)nest|deep", "main.json")]),
    Case("hcl-if-directives-10000", lambda: hcl_nested_directives("if", False), findings=[kv("KV001", r"(?i)nest", "main.tf", 10)]),
    Case("hcl-for-directives-10000", lambda: hcl_nested_directives("for", False), findings=[kv("KV001", r"(?i)nest", "main.tf", 10)]),
    Case("hcl-if-directives-heredoc", lambda: hcl_nested_directives("if", True), findings=[kv("KV001", r"(?i)nest", "main.tf")]),
    Case("hcl-for-directives-heredoc", lambda: hcl_nested_directives("for", True), findings=[kv("KV001", r"(?i)nest", "main.tf")]),
    Case("tf-shared-subtree-hash", lambda: tf_shared_subtree("hash"), findings=[kv("KV001", r"(?i)parts|budget|too large", "main.tf")]),
    Case("tf-shared-subtree-compare", lambda: tf_shared_subtree("compare"), findings=[kv("KV001", r"(?i)parts|budget|too large", "main.tf")]),
    Case("tf-shared-subtree-graph-json", tf_shared_subtree_graph, args=["graph", "{dir}", "--format", "json"],
         exit_codes=(0, 1), rss_mb=512),
    Case("arm-shared-subtree-graph-json", arm_shared_subtree_graph, args=["graph", "{dir}", "--format", "json"],
         exit_codes=(0, 1), rss_mb=512),
    Case("bicep-shared-subtree-graph-json", bicep_shared_subtree_graph, args=["graph", "{dir}", "--format", "json"],
         exit_codes=(0, 1), rss_mb=512),
    Case("arm-shared-subtree-scan", arm_shared_subtree_graph, rss_mb=512,
         findings=[kv("KV001", r"(?i)parts|too large", "main.json")]),
    Case("tf-shared-subtree-scan", tf_shared_subtree_graph, rss_mb=512, findings=[kv("KV001", r"(?i)parts|too large", "main.tf")]),
    Case("bicep-shared-subtree-scan", bicep_shared_subtree_graph, rss_mb=512,
         findings=[kv("KV001", r"(?i)parts|too large", "main.bicep")]),
    Case("jobs-100000", lambda: {f"t{i:04}.json": arm([vault(f"kv{i}")]) for i in range(3000)},
         args=["scan", "{dir}", "--jobs", "100000", "--format", "json"], exit_codes=(0, 1), no_findings=["KV001"]),
    Case("bicep-udf-recursion", lambda: {"main.bicep": "func f(x int) int => f(x)\nfunc g(x int) int => h(x)\nfunc h(x int) int => g(x)\n" +
                                                     BICEP_VAULT % ("'kv-hostile'", "{ a: f(1), b: g(1) }")},
         findings=[kv("KV001", r"(?i)user-defined function.*(deep|depth)", "main.bicep")]),
    Case("bicep-accessor-chain-30000", lambda: {"main.bicep": "var a = [[0]]\n" + BICEP_VAULT % ("'kv-hostile'", "{ t: string(a" + "[0]" * 30000 + ") }")},
         findings=[kv("KV001", r"(?i)nest|deep", "main.bicep")]),
    Case("tf-object-100000-keys", lambda: {"main.tf": 'locals {\n  o = { for i in range(100000) : "k${i}" => i }\n}\n' +
                                            TF_VAULT % ('"kv-hostile"', "{ n = length(local.o) }")}, exit_codes=(0, 1)),
    Case("arm-object-100000-keys", lambda: {"main.json": arm([vault(tags={"n": "[string(length(toObject(range(0, 100000), lambda('i', string(lambdaVariables('i'))))))]"})])},
         exit_codes=(0, 1)),
    # ---- memory, per unit
    Case("arm-deployment-tree", arm_deployment_tree, findings=[kv("KV001", r"(?i)instances|budget", "main.json")]),
    Case("arm-nested-copies-800x800x800", arm_nested_copies, findings=[kv("KV001", r"(?i)instances|budget", "main.json")]),
    Case("arm-linked-tree", arm_linked_tree, findings=[kv("KV001", r"(?i)instances|budget|deeper")]),
    Case("tf-module-count-tree", tf_module_tree, findings=[kv("KV001", r"(?i)instances|budget")]),
    Case("arm-800-instances-of-4mb", arm_loop_bytes, findings=[kv("KV001", r"(?i)bytes|budget", "main.json")]),
    # Twelve such units that look up an id another unit could declare: each within its budget, together
    # bounded by the scan's (1 GB kept until the groups are known, plus the lowerings running: --jobs 2).
    Case("arm-12-units-of-256mb", lambda: {f"m{i:02}.json": arm_loop_bytes_looking_up() for i in range(12)},
         args=["scan", "{dir}", "--format", "json", "--jobs", "2"], rss_mb=1600,
         findings=[kv("KV001", r"(?i)limit for one scan", "m11.json")]),
    # Twelve that share no id: each is evaluated and let go as soon as it is lowered, so every one runs
    # (no scan limit) in the memory of the few running at once.
    Case("arm-12-keyless-units-of-256mb", lambda: {f"m{i:02}.json": arm_loop_bytes()["main.json"] for i in range(12)},
         args=["scan", "{dir}", "--format", "json", "--jobs", "2"], rss_mb=900,
         findings=[kv("KV001", r"(?i)bytes|budget", "m11.json")],
         check=lambda rc, out, err: ("limit for one scan" not in out, "a unit was refused by the scan's limit")),
    Case("arm-2000-variants", arm_many_variants, findings=[kv("KV001", r"(?i)parameter files|variants", "main.json")]),
    Case("bicep-junk-2mb", lambda: bicep_junk(2 << 20, False), max_findings=60,
         findings=[kv("KV001", r"(?i)more", "main.bicep")]),
    Case("bicep-junk-10mb", lambda: bicep_junk(10 << 20, False), max_findings=60,
         findings=[kv("KV001", r"(?i)more", "main.bicep")]),
    Case("bicep-junk-one-line-2mb", lambda: bicep_junk(2 << 20, True), max_findings=60,
         findings=[kv("KV001", r"(?i)more", "main.bicep", 13)]),
    # Columns were counted from the start of the line for every finding: quadratic on one long line.
    Case("arm-minified-one-line-16000-vaults", lambda: arm_minified(16000), max_seconds=60,
         findings=[kv("KV122", None, "main.json", 1)]),
    Case("bicep-parent-chain-10000", bicep_parent_chain, exit_codes=(0, 1), rss_mb=512),
    Case("gitignore-20000-patterns", lambda: gitignore(20000), exit_codes=(0, 1), no_findings=["KV122", "KV001"]),
    Case("gitignore-200000-patterns", lambda: gitignore(200000), exit_codes=(0, 1)),
    Case("tf-20mb-string-literal", tf_big_string, findings=[kv("KV001", r"(?i)string", "main.tf")]),
    # ---- safety
    Case("gitignore-symlink-outside", None, setup=gitignore_symlink, findings=[kv("KV122", None, "main.json")]),
    # A configuration found in the repository comes with the pull request: it is not read through a
    # symbolic link to outside, and names nothing outside (its errors would echo what they read).
    Case("config-symlink-outside", None, setup=config_outside("symlink"), exit_codes=(2,),
         stderr=r"(?i)outside the repository", check=lambda rc, out, err: ("top_secret" not in out + err, "the outside file was read")),
    Case("config-policies-outside", None, setup=config_outside("policies"), exit_codes=(2,), stderr=r"(?i)outside the repository"),
    Case("config-baseline-outside", None, setup=config_outside("baseline"), exit_codes=(2,), stderr=r"(?i)outside the repository"),
    Case("control-characters-text", control_chars, args=["scan", "{dir}", "--format", "text"],
         check=lambda rc, out, err: (("\x1b" not in out and "\nmain.json:1:1  KV999" not in out), "raw control characters in text output")),
    Case("control-characters-github", control_chars, args=["scan", "{dir}", "--format", "github"],
         check=lambda rc, out, err: (("\x1b" not in out and not re.search(r"^main\.json:1:1", out, re.M)), "raw control characters in github output")),
    Case("control-characters-junit", control_chars, args=["scan", "{dir}", "--format", "junit"],
         check=lambda rc, out, err: ("\x1b" not in out, "raw control characters in junit output")),
    # ---- silent wrong results
    Case("tf-module-cycle-self", lambda: tf_root_cycle("self"),
         findings=[kv("KV101", None, "main.tf"), kv("KV111", None, "main.tf"), kv("KV122", None, "main.tf"),
                   kv("KV112", None, "main.tf"), kv("KV00[12]", r"(?i)cycle|itself", "main.tf")]),
    Case("tf-module-cycle-through-b", lambda: tf_root_cycle("b"),
         findings=[kv("KV101", None, "main.tf"), kv("KV111", None, "main.tf"), kv("KV122", None, "main.tf"),
                   kv("KV112", None, "main.tf"), kv("KV00[12]", r"(?i)cycle|itself")]),
    Case("arm-concat-bomb", arm_concat_bomb, findings=[kv("KV001", r"(?i)bytes|large|limit", "main.json")]),
    Case("arm-symbol-doubling-40", lambda: symbol_doubling("arm"), exit_codes=(0, 1), max_seconds=20),
    Case("bicep-symbol-doubling-40", lambda: symbol_doubling("bicep"), exit_codes=(0, 1), max_seconds=20),
    Case("tf-symbol-doubling-40", lambda: symbol_doubling("tf"), exit_codes=(0, 1), max_seconds=20),
    Case("arm-range-1e9", arm_range_huge, findings=[kv("KV001", r"(?i)items|large|limit|count must", "main.json")]),
    Case("tf-range-1e9", lambda: {"main.tf": TF_VAULT % ('"kv-hostile"', "{ n = length(range(1000000000)) }")},
         findings=[kv("KV001", r"(?i)range", "main.tf", 10)]),
    Case("bicep-range-1e9", lambda: {"main.bicep": BICEP_VAULT % ("'kv-hostile'", "{ n: string(length(range(0, 1000000000))) }")},
         findings=[kv("KV001", r"(?i)range|count", "main.bicep")]),
    Case("tf-format-bomb", lambda: {"main.tf": "locals {\n  s0 = \"abcdefghijklmnop\"\n" +
                                              "".join(f"  s{i} = \"${{local.s{i-1}}}${{local.s{i-1}}}\"\n" for i in range(1, 30)) +
                                              "}\n" + TF_VAULT % ('"kv-hostile"', "{ t = local.s29 }")},
         findings=[kv("KV001", r"(?i)string|large|bytes", "main.tf")]),
    Case("arm-parameter-default-cycle", arm_param_cycle, findings=[kv("KV001", r"(?i)cycle|itself", "main.json")]),
    Case("tf-module-io-cycle", tf_module_io_cycle, findings=[kv("KV00[12]", r"(?i)cycle|itself", "main.tf")]),
    Case("bicep-parent-cycle", bicep_parent_cycle, findings=[kv("KV001", r"(?i)cycle|itself", "main.bicep")]),
    Case("bicep-import-missing", bicep_import_missing, findings=[kv("KV002", r"(?i)missing\.bicep", "main.bicep", 1)]),
    Case("utf16-le-arm", lambda: utf16_arm(True), findings=[kv("KV122", None, "main.json")]),
    Case("utf16-be-arm", lambda: utf16_arm(False), findings=[kv("KV122", None, "main.json")]),
    Case("utf16-bicep", utf16_bicep, findings=[kv("KV122", None, "main.bicep")]),
    Case("utf16-terraform", utf16_tf, findings=[kv("KV122", None, "main.tf")]),
    Case("unreadable-file", lambda: {"main.json": arm([vault()]), "secret.json": arm([vault("kv2")])},
         setup=lambda d: os.chmod(os.path.join(d, "secret.json"), 0), as_user="nobody",
         findings=[kv("KV001", r"(?i)permission denied", "secret.json")]),
    Case("unreadable-folder", lambda: {"main.json": arm([vault()]), "sub/main.json": arm([vault("kv2")])},
         setup=lambda d: os.chmod(os.path.join(d, "sub"), 0), as_user="nobody",
         findings=[kv("KV001", r"(?i)permission denied", "sub")]),
    Case("unreadable-file-named", lambda: {"main.json": arm([vault()])}, args=["scan", "{dir}/main.json", "--format", "json"],
         setup=lambda d: os.chmod(os.path.join(d, "main.json"), 0), as_user="nobody",
         findings=[kv("KV001", r"(?i)permission denied", "main.json")]),
    Case("fifo-named", lambda: {}, setup=lambda d: os.mkfifo(os.path.join(d, "pipe.json")),
         args=["scan", "{dir}/pipe.json", "--format", "json"], exit_codes=(2,), stderr=r"(?i)not a regular file|FIFO"),
    Case("device-named", lambda: {}, args=["scan", "/dev/null", "--format", "json"], exit_codes=(2,),
         stderr=r"(?i)not a regular file|device|not a file vaultlint"),
    Case("unknown-extension-named", lambda: {"notes.txt": "hello"}, args=["scan", "{dir}/notes.txt", "--format", "json"],
         exit_codes=(2,), stderr=r"(?i)not a file vaultlint|extension"),
    Case("cr-only-arm", lambda: cr_only("arm"), findings=[kv("KV122", None, "main.json", CR_ARM_LINE)]),
    Case("cr-only-bicep", lambda: cr_only("bicep"), findings=[kv("KV122", None, "main.bicep", CR_BICEP_LINE)]),
    Case("tf-exponent-numbers", tf_exponent, findings=[kv("KV122", None, "main.tf")], no_findings=["KV001"]),
    Case("symlinked-template-outside", None,
         setup=lambda d: (os.makedirs(os.path.join(d, "repo", ".git")),
                          open(os.path.join(d, "outside.json"), "w").write(arm([vault()])),
                          os.symlink(os.path.join(d, "outside.json"), os.path.join(d, "repo", "main.json"))) and
         os.path.join(d, "repo"),
         findings=[kv("KV002", r"(?i)outside the repository", "main.json")]),
    Case("symlinked-tfvars-outside", None,
         setup=lambda d: (os.makedirs(os.path.join(d, "repo", ".git")),
                          open(os.path.join(d, "repo", "main.tf"), "w").write('variable "n" {}\n' + TF_VAULT % ("var.n", "{}")),
                          open(os.path.join(d, "outside.tfvars"), "w").write('n = "kv"\n'),
                          os.symlink(os.path.join(d, "outside.tfvars"), os.path.join(d, "repo", "terraform.tfvars"))) and
         os.path.join(d, "repo"),
         findings=[kv("KV002", r"(?i)outside the repository", "terraform.tfvars")]),
    # ---- messages and contracts
    Case("kv001-fix-fits-cycle", arm_param_cycle,
         check=lambda rc, out, err: (any(f["rule"] == "KV001" and "syntax" not in f["fix"].lower() and "max-file-size" not in f["fix"]
                                         for f in json.loads(out)["findings"]), "a cycle's KV001 fix speaks of syntax or --max-file-size")),
    Case("kv001-no-json-exception-text", lambda: {"main.json": arm([vault(extra={"properties": {
        "tenantId": "x", "sku": {"family": "A", "name": "standard"}, "enableRbacAuthorization": True,
        "publicNetworkAccess": "Disabled", "enablePurgeProtection": "[json('{\"a\": tru').a]"}})])},
         exit_codes=(0, 1),
         check=lambda rc, out, err: ("json.exception" not in out and "json.exception" not in err, "nlohmann's exception text in a message")),
    Case("min-severity-hides-kv001", lambda: {"main.json": "{\"$schema\": \"" + SCHEMA + "\", \"resources\": [ broken"},
         args=["scan", "{dir}", "--min-severity", "critical"], exit_codes=(1,), stderr=r"(?i)KV001.*(hidden|min-severity)"),
    Case("as-of-invalid-date", lambda: {"main.json": arm([vault()])}, args=["scan", "{dir}", "--as-of", "2026-13-45"],
         exit_codes=(2,), stderr=r"(?i)as-of"),
    Case("max-file-size-overflow", lambda: {"main.json": arm([vault()])},
         args=["scan", "{dir}", "--max-file-size", "99999999999999G"], exit_codes=(2,), stderr=r"(?i)max-file-size"),
    Case("bicepconfig-malformed", bicepconfig_broken, findings=[kv("KV001", None, "bicepconfig.json")]),
]


# ---- running --------------------------------------------------------------------------------------

def write_files(d, files):
    for rel, content in files.items():
        path = os.path.join(d, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode("utf-8"))


def user_ids(name):
    import pwd
    p = pwd.getpwnam(name)
    return p.pw_uid, p.pw_gid


def run_case(case, tmp):
    d = os.path.join(tmp, "case")
    os.makedirs(d)
    scan_dir = d
    if case.files:
        write_files(d, case.files())
    if case.setup:
        r = case.setup(d)
        if isinstance(r, str):
            scan_dir = r
    args = case.args or ["scan", "{dir}", "--format", "json"]
    args = [a.replace("{dir}", scan_dir) for a in args]
    drop = None
    if case.as_user and os.geteuid() == 0:
        drop = user_ids(case.as_user)
        os.chmod(tmp, 0o755)
        for root, dirs, files in os.walk(tmp):
            for x in dirs + files:
                p = os.path.join(root, x)
                st = os.lstat(p)
                if stat.S_IMODE(st.st_mode) != 0 and not stat.S_ISLNK(st.st_mode):
                    os.chmod(p, st.st_mode | 0o755 if stat.S_ISDIR(st.st_mode) else st.st_mode | 0o644)

    def limits():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (GUARD_ADDRESS_SPACE, GUARD_ADDRESS_SPACE))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if drop:
            os.setgid(drop[1])
            os.setgroups([])
            os.setuid(drop[0])

    out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")
    # The peak RSS is measured by GNU time when it is there: a child forked from this Python process
    # inherits its high-water mark (the kernel keeps it across exec), so wait4's ru_maxrss would never
    # read below this script's own size. `time` is small, and the binary it starts has a fresh one.
    rss_path = os.path.join(tmp, "rss")
    open(rss_path, "w").close()
    os.chmod(rss_path, 0o666)  # written by `time`, which runs as the case's user
    command = [VL, *args]
    if TIME:
        command = [TIME, "-f", "%M", "-o", rss_path, *command]
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=scan_dir if
                                os.path.isdir(scan_dir) else tmp, preexec_fn=limits, start_new_session=True,
                                env=dict(os.environ, NO_COLOR="1"))
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > GUARD_SECONDS * GUARD_SECONDS_SCALE:
                os.killpg(proc.pid, signal.SIGKILL)
                timed_out = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
    seconds = time.monotonic() - start
    rss_mb = usage.ru_maxrss / 1024
    if TIME and not timed_out:
        # "Command terminated by signal N" precedes the figure when the binary died of a signal; `time`
        # then exits 128+N, which is turned back into the signal here.
        lines = open(rss_path).read().split("\n") if os.path.exists(rss_path) else []
        for line in lines:
            m = re.match(r"Command terminated by signal (\d+)", line)
            if m:
                status = int(m.group(1))  # as os.WIFSIGNALED reads a raw wait status
            elif line.strip().isdigit():
                rss_mb = int(line) / 1024
    stdout = open(out_path, encoding="utf-8", errors="replace").read()
    stderr = open(err_path, encoding="utf-8", errors="replace").read()
    problems = []
    if timed_out:
        problems.append(f"still running after {GUARD_SECONDS * GUARD_SECONDS_SCALE} s")
    elif os.WIFSIGNALED(status):
        problems.append(f"killed by signal {signal.Signals(os.WTERMSIG(status)).name}")
    rc = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    if rc is not None and rc not in case.exit_codes:
        problems.append(f"exit {rc}, expected {'/'.join(map(str, case.exit_codes))}")
    if case.max_seconds and seconds > case.max_seconds and not SANITIZED and not timed_out:
        problems.append(f"{seconds:.0f} s, over {case.max_seconds} s")
    if rss_mb > case.rss_mb and not SANITIZED:
        problems.append(f"peak RSS {rss_mb:.0f} MB over {case.rss_mb} MB")
    if rc is not None and not timed_out:
        if case.stderr and not re.search(case.stderr, stderr):
            problems.append(f"stderr does not match /{case.stderr}/: {stderr.strip()[:200]!r}")
        if case.findings or case.no_findings or case.max_findings:
            try:
                doc = json.loads(stdout)
                found = doc["findings"]
            except (ValueError, KeyError):
                found = None
                problems.append(f"no JSON report: {(stdout + stderr).strip()[:200]!r}")
            if found is not None:
                base = os.path.abspath(scan_dir)
                for rule, message, file, line in case.findings:
                    def fits(f):
                        if not re.fullmatch(rule, f["rule"]):
                            return False
                        if message and not re.search(message, f["message"]):
                            return False
                        if file:
                            path = os.path.normpath(os.path.join(scan_dir, f["file"]))
                            if os.path.relpath(path, base) != file:
                                return False
                        return line is None or f["line"] == line
                    if not any(fits(f) for f in found):
                        problems.append(f"no {rule}" + (f" /{message}/" if message else "") + (f" in {file}" if file else "") +
                                        (f":{line}" if line else "") + "; got " +
                                        "; ".join(f"{f['rule']} {f['file']}:{f['line']} {f['message'][:90]}" for f in found[:6]) +
                                        (f" (+{len(found) - 6})" if len(found) > 6 else ""))
                for rule in case.no_findings:
                    if any(f["rule"] == rule for f in found):
                        problems.append(f"unexpected {rule}")
                if case.max_findings is not None and len(found) > case.max_findings:
                    problems.append(f"{len(found)} findings, over {case.max_findings}")
        if case.check:
            ok, why = case.check(rc, stdout, stderr)
            if not ok:
                problems.append(why)
    return seconds, rss_mb, rc, problems


def main():
    failures = []
    total = time.monotonic()
    print(f"{'case':38} {'seconds':>8} {'peak MB':>8}  exit  result")
    for case in CASES:
        if FILTERS and not any(f in case.name for f in FILTERS):
            continue
        tmp = tempfile.mkdtemp(prefix="vaultlint-hostile-")
        try:
            seconds, rss, rc, problems = run_case(case, tmp)
        finally:
            for root, dirs, _ in os.walk(tmp):
                for x in dirs:
                    try:
                        os.chmod(os.path.join(root, x), 0o755)
                    except OSError:
                        pass
            shutil.rmtree(tmp, ignore_errors=True)
        verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"{case.name:38} {seconds:8.2f} {rss:8.0f}  {rc if rc is not None else '-':>4}  {verdict}", flush=True)
        if problems:
            failures.append(case.name)
    print(f"{len(failures)} of the cases failed; {time.monotonic() - total:.1f} s in all" if failures else
          f"all cases passed; {time.monotonic() - total:.1f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
