#!/usr/bin/env python3
"""The vaultlint binary knows every predicate of analyzer/policy/predicates/: each file registers the
predicate it is named after (VL_REGISTER_PREDICATE, policy/predicates.h), and a rule file that calls it
loads. Self-registering files that nothing names are what a static library drops at link time, so this
runs the real binary rather than trusting the build.

Usage: predicates_test.py VAULTLINT ANALYZER_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

REGISTER = re.compile(r"^\s*VL_REGISTER_PREDICATE(?:_READING)?\((\w+)[,)]", re.M)


def rule_yaml(rule_id, predicate):
    return (f"id: {rule_id}\nname: predicate-{predicate.replace('_', '-')}\nseverity: low\n"
            f"applies_to: [Microsoft.KeyVault/vaults]\nsummary: calls {predicate}\n"
            f"message: x\nfix: x\ncheck:\n  predicate: {predicate}\n")


def load(vaultlint, files):
    """(exit code, stdout, stderr) of `vaultlint rules --policies DIR` over the given rule files."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        p = subprocess.run([vaultlint, "rules", "--policies", tmp], capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout, p.stderr


def main():
    vaultlint, analyzer = sys.argv[1], sys.argv[2]
    folder = os.path.join(analyzer, "policy", "predicates")
    problems, files = [], {}
    names = sorted(n[:-4] for n in os.listdir(folder) if n.endswith(".cpp"))
    for i, name in enumerate(names):
        registered = REGISTER.findall(open(os.path.join(folder, name + ".cpp"), encoding="utf-8").read())
        if registered != [name]:
            problems.append(f"policy/predicates/{name}.cpp registers {registered or 'nothing'}; "
                            f"it must register exactly `{name}`")
        files[f"XP{i:03d}.yaml"] = rule_yaml(f"XP{i:03d}", name)
    code, out, err = load(vaultlint, files)
    if code != 0:
        problems.append(f"the binary rejects rules that call the predicates (exit {code}): {err.strip()}")
    for rule_id in (n[:-5] for n in files):
        if rule_id not in out:
            problems.append(f"`vaultlint rules` does not list {rule_id}")
    # The control: a predicate that does not exist must be refused, or the check above proves nothing.
    code, _, err = load(vaultlint, {"XP999.yaml": rule_yaml("XP999", "no_such_predicate")})
    if code != 2 or "unknown predicate" not in err:
        problems.append(f"an unknown predicate was not refused (exit {code}): {err.strip()}")
    for p in problems:
        print(p)
    print(f"{len(names)} predicates: {', '.join(names)}; {len(problems)} problems")
    return 1 if problems or not names else 0


if __name__ == "__main__":
    sys.exit(main())
