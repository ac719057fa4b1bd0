#!/usr/bin/env python3
"""The report formats beyond text and JSON, with exact values: GitHub workflow commands (escaping as the
Actions runner decodes it), JUnit XML (the Ant schema's shape that Azure Pipelines' PublishTestResults@2
reads), LSP diagnostics (0-based lines, UTF-16 characters after CJK and an emoji), and control
characters in quoted text (a newline in a vault name forges no line in text, GitHub or JUnit output).
Usage: formats_test.py VAULTLINT (run from the repository root)."""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

VL = os.path.abspath(sys.argv[1])
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  [{str(detail)[:700]}]"))
    if not ok:
        failures.append(name)


# The vaults here stand alone: the rules about what protects a vault from elsewhere (a private endpoint, a
# diagnostic setting) would fire on every one of them, and they are not what these checks are about.
LINKAGE = ["--skip-rule", "KV114,KV131"]


def run(*args, cwd=None):
    extra = LINKAGE if args and args[0] == "scan" else []
    p = subprocess.run([VL, *args, *extra], capture_output=True, text=True, timeout=120, cwd=cwd,
                       env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout, p.stderr


def vault_rules():
    """`KVnnn name` of every rule that runs on a vault here (enabled, applies to vaults, not skipped), by id."""
    import yaml
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "policies")
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        doc = yaml.safe_load(open(os.path.join(folder, name), encoding="utf-8"))
        if ("Microsoft.KeyVault/vaults" in doc.get("applies_to", []) and doc.get("enabled", True)
                and doc["id"] not in LINKAGE[1].split(",")):
            out.append(f"{doc['id']} {doc['name']}")
    return out


# Line 8 holds CJK and an emoji before the KV122 property; vault two's name holds a newline, a forged
# workflow command and an ESC; vault three's purge protection is a parameter without a value (unresolved);
# the suppression without a reason is a KV003 (low).
PREFIX = '      "properties": {"tenantId": "日本語🔐", '
TEMPLATE = (
    '{\n'                                                                                          # 1
    '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'  # 2
    '  "contentVersion": "1.0.0.0",\n'                                                           # 3
    '  "parameters": {"purge": {"type": "bool"}},\n'                                             # 4
    '  "resources": [\n'                                                                         # 5
    '    {\n'                                                                                    # 6
    '      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-a", "location": "westeurope",\n'  # 7
    + PREFIX + '"enablePurgeProtection": false, "enableRbacAuthorization": true, "publicNetworkAccess": "Enabled"}\n'  # 8
    '    },\n'                                                                                   # 9
    '    {\n'                                                                                    # 10
    '      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01",\n'                   # 11
    '      "name": "kv-b\\n::error title=FORGED::pwned\\u001b[31m 100%, x:y", "location": "westeurope",\n'  # 12
    '      "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'  # 13
    '        // vaultlint-disable-next-line KV141\n'                                            # 14
    '        "enablePurgeProtection": false}\n'                                                  # 15
    '    },\n'                                                                                   # 16
    '    {\n'                                                                                    # 17
    '      "type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-c", "location": "westeurope",\n'  # 18
    '      "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'  # 19
    '        "enablePurgeProtection": "[parameters(\'purge\')]"}\n'                              # 20
    '    }\n'
    '  ]\n'
    '}\n')
HARDENED = ('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
            ' "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-ok",\n'
            '  "properties": {"tenantId": "t", "enableRbacAuthorization": true, "publicNetworkAccess": "Disabled",\n'
            '   "enablePurgeProtection": true}}]}\n')

with tempfile.TemporaryDirectory() as tmp:
    # A folder name with the characters a workflow-command property must escape.
    folder = os.path.join(tmp, "infra 100%, a:b")
    os.makedirs(folder)
    with open(os.path.join(folder, "vaults.json"), "w", encoding="utf-8") as f:
        f.write(TEMPLATE)
    with open(os.path.join(folder, "ok.json"), "w", encoding="utf-8") as f:
        f.write(HARDENED)
    shown = "infra 100%, a:b/vaults.json"
    col = len(PREFIX) + 1
    end = col + len('"enablePurgeProtection": false')

    # ---- GitHub workflow commands
    code, out, err = run("scan", "infra 100%, a:b", "--format", "github", cwd=tmp)
    lines = out.splitlines()
    prop_file = "infra 100%25%2C a%3Ab/vaults.json"
    want_kv122 = (f"::error file={prop_file},line=8,col={col},endLine=8,endColumn={end},title=KV122::"
                  "Key Vault `kv-a` can be purged: enablePurgeProtection is false%0AFix: Set enablePurgeProtection to true "
                  "(irreversible; omit the property rather than setting it to false).")
    check("github: a high finding is ::error with file, line, col, endLine, endColumn, title", want_kv122 in lines,
          "\n".join(lines))
    check("github: exit code 1 with failing findings", code == 1, f"exit {code} {err}")
    check("github: medium is ::warning", any(l.startswith("::warning ") and "title=KV112::" in l for l in lines), lines)
    check("github: low (KV003) and unresolved are ::notice",
          any(l.startswith("::notice ") and "title=KV003::" in l for l in lines) and
          any(l.startswith("::notice ") and "title=KV122::" in l and "kv-c" in l for l in lines), lines)
    forged = [l for l in lines if "kv-b" in l]
    check("github: a newline, '%' and ESC in a vault name are escaped, nothing forged",
          all(l.startswith("::") for l in lines) and not any(l.startswith("::error title=FORGED") for l in lines) and
          len(forged) == 1 and "`kv-b\\n::error title=FORGED::pwned\\x1b[31m 100%25, x:y`" in forged[0], forged)

    # ---- JUnit
    code, out, _ = run("scan", "infra 100%, a:b", "--format", "junit", cwd=tmp)
    try:
        root = ET.fromstring(out)
    except ET.ParseError as e:
        root = None
        check("junit: well-formed XML", False, e)
    if root is not None:
        suites = root.findall("testsuite")
        check("junit: <testsuites> holds one <testsuite> per file",
              root.tag == "testsuites" and [s.get("name") for s in suites] == ["infra 100%, a:b/ok.json", shown],
              [s.get("name") for s in suites])
        ok_suite, suite = suites[0], suites[1]
        attrs = {"name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package"}
        check("junit: testsuite attributes of the Ant schema (timestamp without a zone)",
              all(attrs <= set(s.attrib) for s in suites) and
              re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", suite.get("timestamp")) and
              [c.tag for c in suite][0] == "properties" and [c.tag for c in suite][-2:] == ["system-out", "system-err"],
              suite.attrib)
        names = [c.get("name") for c in suite.findall("testcase")]
        rules = vault_rules()
        n = len(rules)
        check("junit: one testcase per vault x rule, and one per other finding (KV003)",
              n >= 6 and names[:n] == ["kv-a " + r for r in rules] and
              sum(1 for x in names if x.startswith("kv-b\\n::error title=FORGED")) == n and
              names[-1] == shown + " KV003 suppression-without-reason" and len(names) == 3 * n + 1, names)
        cases = {c.get("name"): c for c in suite.findall("testcase")}
        kv122 = cases["kv-a KV122 purge-protection"].find("failure")
        check("junit: a failure carries message (with location), type and the details",
              kv122 is not None and kv122.get("message") == f"{shown}:8:{col}: Key Vault `kv-a` can be purged: "
              "enablePurgeProtection is false" and kv122.get("type") == "KV122" and
              kv122.text.splitlines()[1].startswith("fix: Set enablePurgeProtection to true"),
              kv122.attrib if kv122 is not None else None)
        passing = cases["kv-a KV121 soft-delete"]
        check("junit: a rule that found nothing is a passing testcase", len(list(passing)) == 0 and
              passing.get("classname") == shown and passing.get("time") == "0", passing.attrib)
        skipped = cases["kv-c KV122 purge-protection"].find("skipped")
        check("junit: an unresolved check is <skipped> with the reason", skipped is not None and
              skipped.get("message", "").startswith("unresolved: ") and "purge" in skipped.get("message"),
              ET.tostring(cases["kv-c KV122 purge-protection"]))
        counted = sum(int(s.get("tests")) for s in suites), sum(int(s.get("failures")) for s in suites), \
            sum(int(s.get("skipped")) for s in suites)
        actual = len(root.findall(".//testcase")), len(root.findall(".//failure")), len(root.findall(".//skipped"))
        check("junit: counts add up (suites and the root)", counted == actual and
              (int(root.get("tests")), int(root.get("failures")), int(root.get("skipped"))) == actual and
              int(ok_suite.get("failures")) == 0 and int(ok_suite.get("tests")) == len(vault_rules()), (counted, actual))
        check("junit: no raw control character from a vault name in the XML", "\x1b" not in out and
              "kv-b\n" not in out, "")

    # ---- LSP diagnostics
    code, out, _ = run("scan", "infra 100%, a:b", "--format", "lsp", cwd=tmp)
    docs = [json.loads(l) for l in out.splitlines()]
    uri = "file://" + tmp.replace(" ", "%20") + "/infra%20100%25,%20a:b/vaults.json"
    by_uri = {d["uri"]: d["diagnostics"] for d in docs}
    check("lsp: one JSON object per line and file, files without findings listed empty",
          len(docs) == 2 and by_uri.get(uri) is not None and
          by_uri.get(uri.replace("vaults.json", "ok.json")) == [], list(by_uri))
    diags = by_uri.get(uri, [])
    kv122 = [d for d in diags if d["code"] == "KV122" and "kv-a" in d["message"]]
    utf16 = len(PREFIX.encode("utf-16-le")) // 2
    check("lsp: 0-based line and UTF-16 character after CJK and an emoji",
          len(kv122) == 1 and kv122[0]["range"] == {"start": {"line": 7, "character": utf16},
                                                    "end": {"line": 7, "character": utf16 + 30}} and utf16 == len(PREFIX) + 1,
          kv122[0]["range"] if kv122 else diags)
    d = kv122[0] if kv122 else {}
    check("lsp: severity, code, codeDescription.href, source, message",
          d.get("severity") == 1 and d.get("source") == "vaultlint" and
          d.get("codeDescription", {}).get("href", "").endswith("/policies/KV122.yaml") and
          d.get("message", "").startswith("Key Vault `kv-a` can be purged"), d)
    sev = {x["code"]: x["severity"] for x in diags if "kv-a" in x["message"]}
    check("lsp: severities 1 (high), 2 (medium), 3 (low and unresolved)",
          sev.get("KV111") == 1 and sev.get("KV112") == 2 and
          [x["severity"] for x in diags if x["code"] == "KV003"] == [3] and
          [x["severity"] for x in diags if "kv-c" in x["message"]] == [3], sev)
    code, out, _ = run("scan", "examples/arm", "--format", "lsp")
    docs = {json.loads(l)["uri"]: json.loads(l)["diagnostics"] for l in out.splitlines()}
    tmpl = "file://" + os.path.abspath("examples/arm/biggest-mistake-vault.json")
    related = [x for x in docs.get(tmpl, []) if x["code"] == "KV122"]
    info = related[0].get("relatedInformation", []) if related else []
    check("lsp: relatedInformation points at the parameter file that set the value",
          len(info) == 1 and info[0]["location"]["uri"] == tmpl.replace(".json", ".parameters.json") and
          info[0]["location"]["range"]["start"] == {"line": 6, "character": 40} and
          info[0]["message"] == "the value is set here", info)

    # ---- Text: control characters in quoted text
    code, out, _ = run("scan", "infra 100%, a:b", cwd=tmp)
    finding_lines = [l for l in out.splitlines() if re.match(r"^\S.*:\d+:\d+  KV\d{3}  ", l)]
    check("text: a newline in a vault name forges no finding line; ESC is shown as \\x1b",
          not any(l.startswith("::error title=FORGED") for l in out.splitlines()) and "\x1b" not in out and
          "kv-b\\n::error title=FORGED::pwned\\x1b[31m 100%, x:y" in out and len(finding_lines) == 6, finding_lines)

print(f"{len(failures)} failed" if failures else "all format checks passed")
sys.exit(1 if failures else 0)
