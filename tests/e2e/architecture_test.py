#!/usr/bin/env python3
"""docs/architecture.md stays true: every folder and file it names still exists, and the README links it.

What counts as a name: a word in `code` or in a fenced block that holds a `/` (`frontends/arm/`,
`"policy/rule.h"`) or ends in a source or data extension (`lowering.cpp`). A path is looked up from the
repository root, then from analyzer/ (where the includes start); a bare name (`lowering.cpp`, `arm/`)
anywhere in the repository. A pattern (`*`, or `KVnnn` for a rule id) must match at least one file.
Names that start with a dot (`.bicep`, `.vaultlint.yaml`) are kinds of files, not files of this tree.

Usage: architecture_test.py REPOSITORY
"""
import glob
import os
import re
import sys

EXTENSIONS = (".cpp", ".h", ".py", ".yaml", ".md", ".txt", ".cmake", ".lua", ".json")
SKIP_DIRS = {".git", "build", "build-asan", "vendor", "node_modules", "corpus"}
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
INLINE = re.compile(r"`([^`\n]+)`")


def names(text):
    """The path-like words of the document, each once, in order."""
    words = []
    for block in FENCE.findall(text):
        words += block.split()[1:]  # the first word is the fence itself
    words += INLINE.findall(FENCE.sub("", text))
    out = []
    for word in words:
        word = word.strip("\"'`,;:()[]").rstrip(".")
        if " " in word or not word.strip("/") or word.startswith(("//", "http", "-", "<")) or "::" in word:
            continue
        if word.startswith(".") and "/" not in word:
            continue  # a kind of file (.bicep), not a file of the tree
        if "/" in word.strip("/") or word.endswith("/") or word.endswith(EXTENSIONS):
            if word not in out:
                out.append(word)
    return out


def basenames(repo):
    """Every file and folder name in the repository (outside builds and vendored code)."""
    seen = set()
    for dirpath, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith("build")]
        seen.update(d + "/" for d in dirs)
        seen.update(files)
    return seen


def exists(repo, name, known):
    pattern = name.replace("KVnnn", "KV[0-9][0-9][0-9]")
    if "/" in name.rstrip("/"):
        for root in (repo, os.path.join(repo, "analyzer")):
            if glob.glob(os.path.join(root, pattern.rstrip("/"))):
                return True
        return False
    if any(ch in pattern for ch in "*["):
        return any(glob.fnmatch.fnmatch(k.rstrip("/"), pattern.rstrip("/")) for k in known)
    return name in known or name.rstrip("/") in known


def main():
    repo = os.path.abspath(sys.argv[1])
    doc = os.path.join(repo, "docs", "architecture.md")
    text = open(doc, encoding="utf-8").read()
    known = basenames(repo)
    found = names(text)
    missing = [n for n in found if not exists(repo, n, known)]
    problems = [f"docs/architecture.md names `{n}`, which is not in the repository" for n in missing]
    readme = open(os.path.join(repo, "README.md"), encoding="utf-8").read()
    if "docs/architecture.md" not in readme:
        problems.append("README.md does not link docs/architecture.md")
    for p in problems:
        print(p)
    print(f"{len(found)} names checked, {len(problems)} problems")
    return 1 if problems or not found else 0


if __name__ == "__main__":
    sys.exit(main())
