#!/usr/bin/env python3
"""`vaultlint lsp` spoken to in raw JSON-RPC: framing (two messages in one write, LF-only headers,
Content-Type), malformed messages (no Content-Length, invalid JSON, not an object, no jsonrpc, an id of
the wrong type, batches) answered with JSON-RPC errors while the server keeps running, requests before
initialize, unknown methods, invalid params; position encoding negotiated (UTF-16 by default, UTF-8 when
offered); diagnostics on open and after changes; a change in one file republishing another's (a Bicep
module's input from its caller, an ARM parameter file); non-ASCII text before a finding in UTF-16 and
UTF-8 positions; code actions whose edit, applied, clears the finding; buffers over disk and back on
close; shutdown and exit codes.

Usage: lsp_test.py VAULTLINT"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client  # noqa: E402

VL = os.path.abspath(sys.argv[1])
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:700]}]"))
    if not ok:
        failures.append(name)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def uri(path):
    return "file://" + path


def codes(diagnostics):
    return sorted(d["code"] for d in diagnostics)


def offset(text, line, character, utf16):
    """The index into `text` of an LSP position."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[:line])
    l = lines[line]
    if not utf16:
        return start + len(l.encode("utf-8")[:character].decode("utf-8"))
    units = 0
    for i, ch in enumerate(l):
        if units >= character:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(l)


def apply_edits(text, edits, utf16):
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        s = offset(text, e["range"]["start"]["line"], e["range"]["start"]["character"], utf16)
        t = offset(text, e["range"]["end"]["line"], e["range"]["end"]["character"], utf16)
        text = text[:s] + e["newText"] + text[t:]
    return text


MODULE = """param purge bool
resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: 'kv-module'
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    publicNetworkAccess: 'Disabled'
    enablePurgeProtection: purge
  }
}
"""
CALLER = """module vault './modules/vault.bicep' = {
  name: 'vault'
  params: {
    purge: false
  }
}
"""
TEMPLATE = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "purge": { "type": "bool" } },
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-arm", "location": "westeurope",
      "properties": {
        "tenantId": "[subscription().tenantId]", "sku": { "family": "A", "name": "standard" },
        "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",
        "enablePurgeProtection": "[parameters('purge')]"
      }
    }
  ]
}
"""
PARAMS = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "purge": { "value": false } }
}
"""
# KV114 across the files of one Terraform root module: the endpoint comes in another file, open in the editor.
TF_VAULT = """resource "azurerm_key_vault" "kv" {
  name                          = "kv-tf-endpoint"
  location                      = "westeurope"
  resource_group_name           = "rg-app"
  tenant_id                     = "00000000-0000-0000-0000-000000000000"
  sku_name                      = "standard"
  public_network_access_enabled = false
}
"""
TF_ENDPOINT = """resource "azurerm_private_endpoint" "kv" {
  name                = "pe-kv-tf-endpoint"
  location            = "westeurope"
  resource_group_name = "rg-app"
  subnet_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"

  private_service_connection {
    name                           = "kv"
    private_connection_resource_id = azurerm_key_vault.kv.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }
}
"""
PREFIX = '      "properties": {"tenantId": "日本語🔐", '
UNICODE = ('{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
           '  "resources": [\n    {\n      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01",'
           ' "name": "kv-uni", "location": "westeurope",\n' + PREFIX +
           '"enablePurgeProtection": false, "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled"}\n'
           '    }\n  ]\n}\n')

with tempfile.TemporaryDirectory() as root:
    root = os.path.realpath(root)
    write(os.path.join(root, "bicep", "main.bicep"), CALLER)
    write(os.path.join(root, "bicep", "modules", "vault.bicep"), MODULE)
    write(os.path.join(root, "arm", "azuredeploy.json"), TEMPLATE)
    write(os.path.join(root, "arm", "azuredeploy.parameters.json"), PARAMS)
    write(os.path.join(root, "unicode", "vault.json"), UNICODE)
    caller, module = uri(os.path.join(root, "bicep", "main.bicep")), uri(os.path.join(root, "bicep", "modules", "vault.bicep"))
    template, params = uri(os.path.join(root, "arm", "azuredeploy.json")), uri(os.path.join(root, "arm", "azuredeploy.parameters.json"))
    unicode_uri = uri(os.path.join(root, "unicode", "vault.json"))
    write(os.path.join(root, "tf", "main.tf"), TF_VAULT)
    tf_vault, tf_endpoint = uri(os.path.join(root, "tf", "main.tf")), uri(os.path.join(root, "tf", "endpoint.tf"))

    # ---- JSON-RPC and framing -------------------------------------------------------------------------
    c = Client(VL, cwd=root)
    i = c.request("textDocument/codeAction", {})
    r = c.response(i)
    check("a request before initialize: ServerNotInitialized (-32002)", r.get("error", {}).get("code") == -32002, r)

    # Two messages in one write, one with Content-Type, one with LF-only header lines.
    init = json.dumps({"jsonrpc": "2.0", "id": 100, "method": "initialize",
                       "params": {"rootUri": uri(root), "capabilities": {}}}).encode()
    unknown = json.dumps({"jsonrpc": "2.0", "id": 101, "method": "vaultlint/nothing", "params": {}}).encode()
    c.send_bytes(b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" % len(init) + init
                 + b"Content-Length: %d\n\n" % len(unknown) + unknown)
    r = c.response(100)
    caps = r.get("result", {}).get("capabilities", {})
    check("initialize (two messages in one write, Content-Type, LF headers): full sync, code actions, utf-16",
          caps.get("textDocumentSync", {}).get("change") == 1 and caps.get("codeActionProvider") and
          caps.get("positionEncoding") == "utf-16" and r["result"]["serverInfo"]["name"] == "vaultlint", r)
    r = c.response(101)
    check("an unknown request: MethodNotFound (-32601)", r.get("error", {}).get("code") == -32601, r)
    c.notify("initialized", {})
    c.notify("vaultlint/unknownNotification", {"x": 1})  # ignored

    c.send_bytes(b"Content-Type: application/json\r\n\r\n")
    r = c.error_response()
    check("a header without Content-Length: ParseError (-32700), id null", r["error"]["code"] == -32700 and r["id"] is None, r)
    c.send_bytes(b"Content-Length: twelve\r\n\r\n")
    r = c.error_response()
    check("a Content-Length that is not a number: ParseError", r["error"]["code"] == -32700, r)
    c.send_body("{not json")
    r = c.error_response()
    check("a body that is not JSON: ParseError", r["error"]["code"] == -32700 and r["id"] is None, r)
    c.send_body("42")
    r = c.error_response()
    check("a message that is not an object: InvalidRequest (-32600)", r["error"]["code"] == -32600, r)
    c.send_body(json.dumps({"id": 7, "method": "shutdown"}))
    r = c.error_response()
    check("no \"jsonrpc\": \"2.0\": InvalidRequest with the id", r["error"]["code"] == -32600 and r["id"] == 7, r)
    c.send_body(json.dumps({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}))
    r = c.error_response()
    check("an id that is an object: InvalidRequest, id null", r["error"]["code"] == -32600 and r["id"] is None, r)
    c.send_body(json.dumps({"jsonrpc": "2.0", "id": 8, "method": 5}))
    r = c.error_response()
    check("a method that is not a string: InvalidRequest", r["error"]["code"] == -32600 and r["id"] == 8, r)
    c.send_body("[]")
    r = c.error_response()
    check("an empty batch: InvalidRequest", isinstance(r, dict) and r["error"]["code"] == -32600, r)
    c.send_body(json.dumps([{"jsonrpc": "2.0", "id": 9, "method": "vaultlint/nothing"},
                            {"jsonrpc": "2.0", "method": "vaultlint/ignored"}, 5]))
    r = c.error_response()
    check("a batch: one array of responses (notifications get none)",
          isinstance(r, list) and len(r) == 2 and r[0]["id"] == 9 and r[0]["error"]["code"] == -32601 and
          r[1]["error"]["code"] == -32600, r)
    i = c.request("textDocument/codeAction", {"textDocument": {"uri": 5}})
    r = c.response(i)
    check("invalid params: InvalidParams (-32602)", r.get("error", {}).get("code") == -32602, r)
    i = c.request("initialize", {"capabilities": {}})
    r = c.response(i)
    check("a second initialize is refused, and the server goes on", "error" in r, r)
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri(os.path.join(root, "nothing.bicep"))},
                                        "contentChanges": [{"text": "x"}]})

    # ---- Diagnostics, cross-file updates, code actions -----------------------------------------------
    n = len(c.published)
    c.open(module, MODULE)
    d = c.wait_published(module, n)
    kv122 = [x for x in d if x["code"] == "KV122"]
    check("didOpen: the module's KV122 at the property that uses the caller's value, related to the caller",
          len(kv122) == 1 and kv122[0]["range"]["start"] == {"line": 9, "character": 4} and
          kv122[0]["relatedInformation"][0]["location"]["uri"] == caller and kv122[0]["severity"] == 1 and
          kv122[0]["source"] == "vaultlint", d)
    n = len(c.published)
    c.open(caller, CALLER)
    c.wait_published(caller, n)
    n = len(c.published)
    c.change(caller, CALLER.replace("purge: false", "purge: true"), 2)
    d = c.wait_published(module, n, timeout=20, until=lambda d: "KV122" not in codes(d))
    check("a change in the caller republishes the module's file without KV122", "KV122" not in codes(d), d)
    n = len(c.published)
    c.change(caller, CALLER, 3)
    d = c.wait_published(module, n, timeout=20, until=lambda d: "KV122" in codes(d))
    check("... and with it again when the value is back", "KV122" in codes(d), d)

    n = len(c.published)
    c.open(template, TEMPLATE, language="json")
    d = c.wait_published(template, n)
    check("an ARM template with a parameter file: KV122 from the parameter file", "KV122" in codes(d), d)
    n = len(c.published)
    c.open(params, PARAMS, language="json")
    c.change(params, PARAMS.replace('"value": false', '"value": true'), 2)
    d = c.wait_published(template, n, timeout=20, until=lambda d: "KV122" not in codes(d))
    check("a change in the parameter file republishes the template without KV122", "KV122" not in codes(d), d)

    # Files changed on disk, outside the editor: seen after a save, or when the client says so.
    c.notify("textDocument/didClose", {"textDocument": {"uri": params}})
    d = c.wait_published(template, n, timeout=20, until=lambda d: "KV122" in codes(d))
    check("closing the parameter file: the file on disk counts again (KV122 is back)", "KV122" in codes(d), d)
    write(os.path.join(root, "arm", "azuredeploy.parameters.json"), PARAMS.replace('"value": false', '"value": true'))
    n = len(c.published)
    c.notify("textDocument/didSave", {"textDocument": {"uri": module}})
    d = c.wait_published(template, n, timeout=20, until=lambda d: "KV122" not in codes(d))
    check("a file written on disk is read again after a save", "KV122" not in codes(d), d)
    write(os.path.join(root, "arm", "azuredeploy.parameters.json"), PARAMS)
    n = len(c.published)
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": params, "type": 2}]})
    d = c.wait_published(template, n, timeout=20, until=lambda d: "KV122" in codes(d))
    check("... and after workspace/didChangeWatchedFiles", "KV122" in codes(d), d)

    # A quick fix: its edit, applied, clears the finding.
    i = c.request("textDocument/codeAction", {"textDocument": {"uri": module},
                                              "range": {"start": {"line": 9, "character": 6}, "end": {"line": 9, "character": 6}},
                                              "context": {"diagnostics": []}})
    actions = c.response(i).get("result", [])
    fix = [a for a in actions if a["title"].startswith("Fix KV122")]
    edits = fix[0]["edit"]["changes"] if fix else {}
    check("a quick fix for KV122 edits the caller, where the value is written",
          fix and fix[0]["kind"] == "quickfix" and list(edits) == [caller] and edits[caller][0]["newText"] == "true" and
          fix[0]["title"] == "Fix KV122: Set enablePurgeProtection to true in bicep/main.bicep", actions)
    if fix:
        fixed = apply_edits(CALLER, edits[caller], True)
        n = len(c.published)
        c.change(caller, fixed, 4)
        d = c.wait_published(module, n, timeout=20, until=lambda d: "KV122" not in codes(d))
        check("the quick fix applied clears the finding", "KV122" not in codes(d), (fixed, d))

    # A private endpoint added in another open file clears KV114 in the vault's file, and closing that
    # unsaved file brings it back.
    n = len(c.published)
    c.open(tf_vault, TF_VAULT, language="terraform")
    d = c.wait_published(tf_vault, n)
    check("a Terraform vault with no private endpoint: KV114", "KV114" in codes(d), d)
    n = len(c.published)
    c.open(tf_endpoint, TF_ENDPOINT, language="terraform")
    d = c.wait_published(tf_vault, n, timeout=20, until=lambda d: "KV114" not in codes(d))
    check("an endpoint added in another open file republishes the vault's file without KV114", "KV114" not in codes(d), d)
    n = len(c.published)
    c.notify("textDocument/didClose", {"textDocument": {"uri": tf_endpoint}})
    d = c.wait_published(tf_vault, n, timeout=20, until=lambda d: "KV114" in codes(d))
    check("... and with it again when that unsaved file is closed", "KV114" in codes(d), d)

    # An unsaved buffer of a file that is not on disk, then closed.
    new_uri = uri(os.path.join(root, "bicep", "new.bicep"))
    n = len(c.published)
    c.open(new_uri, MODULE.replace("param purge bool", "var purge = false"))
    d = c.wait_published(new_uri, n)
    check("a buffer not yet on disk is scanned", "KV122" in codes(d), d)
    n = len(c.published)
    c.notify("textDocument/didClose", {"textDocument": {"uri": new_uri}})
    d = c.wait_published(new_uri, n)
    check("closing it clears its diagnostics (the file is not on disk)", d == [], d)

    i = c.request("shutdown")
    r = c.response(i)
    check("shutdown answers null", "result" in r and r["result"] is None, r)
    i = c.request("textDocument/codeAction", {})
    r = c.response(i)
    check("a request after shutdown: InvalidRequest", r.get("error", {}).get("code") == -32600, r)
    c.notify("exit")
    code = c.proc.wait(timeout=30)
    check("exit after shutdown: exit code 0", code == 0, code)
    check("the server kept running through every malformed message", not any("internal" in l for l in c.logs), c.logs)

    # ---- Positions: non-ASCII text before a finding -------------------------------------------------
    for offer, name, units in ((None, "utf-16", len(PREFIX.encode("utf-16-le")) // 2),
                               (["utf-8", "utf-16"], "utf-8", len(PREFIX.encode("utf-8")))):
        c = Client(VL, cwd=root)
        r = c.initialize(uri(os.path.join(root, "unicode")),
                         {"general": {"positionEncodings": offer}} if offer else {})
        check(f"position encoding {name} negotiated", r["result"]["capabilities"]["positionEncoding"] == name, r)
        n = len(c.published)
        c.open(unicode_uri, UNICODE, language="json")
        d = [x for x in c.wait_published(unicode_uri, n) if x["code"] == "KV122"]
        want = {"start": {"line": 5, "character": units},
                "end": {"line": 5, "character": units + len('"enablePurgeProtection": false')}}
        check(f"non-ASCII text before a finding: {name} characters (CJK and an emoji)", d and d[0]["range"] == want,
              (d[0]["range"] if d else d, want))
        i = c.request("textDocument/codeAction", {"textDocument": {"uri": unicode_uri}, "range": want,
                                                  "context": {"diagnostics": d}})
        actions = c.response(i).get("result", [])
        edit = actions[0]["edit"]["changes"][unicode_uri] if actions else []
        fixed = apply_edits(UNICODE, edit, name == "utf-16")
        check(f"the quick fix's range is in {name} too", '"enablePurgeProtection": true, "enableRbac' in fixed, fixed)
        c.close()

    # A client that can watch files is asked to (client/registerCapability).
    c = Client(VL, cwd=root)
    c.initialize(uri(root), {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}})
    asked = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and asked is None:
        m = c.next_message(timeout=20)
        if isinstance(m, dict) and m.get("method") == "client/registerCapability":
            asked = m
    check("the server asks the client to watch the files it scans",
          asked and asked["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles" and
          {"globPattern": "**/*.bicep"} in asked["params"]["registrations"][0]["registerOptions"]["watchers"], asked)
    if asked:
        c.send({"jsonrpc": "2.0", "id": asked["id"], "result": None})  # its answer is taken without a fuss
    c.close()

    # Exit without shutdown: exit code 1.
    c = Client(VL, cwd=root)
    c.initialize(uri(root))
    c.notify("exit")
    code = c.proc.wait(timeout=30)
    check("exit without shutdown: exit code 1", code == 1, code)

print(f"{len(failures)} failed" if failures else "all language server checks passed")
sys.exit(1 if failures else 0)
