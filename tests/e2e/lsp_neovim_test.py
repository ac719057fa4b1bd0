#!/usr/bin/env python3
"""The language server with a real client: Debian's Neovim 0.7.2, headless, runs lsp_neovim_test.lua on a
copy of fixtures/bicep/kv121-kv122-recovery. Exit 77 (CTest's skip) only when nvim is not installed, and
says so loudly; scripts/setup installs it.

Usage: lsp_neovim_test.py VAULTLINT FIXTURES_DIR"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

VL = os.path.abspath(sys.argv[1])
FIXTURES = os.path.abspath(sys.argv[2])
NVIM = shutil.which("nvim")
if not NVIM:
    print("SKIP: nvim is not installed; the language server is NOT tested with a real client "
          "(scripts/setup installs Debian's neovim)")
    sys.exit(77)

version = subprocess.run([NVIM, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
print(f"client: {version}")
with tempfile.TemporaryDirectory() as tmp:
    workspace = os.path.join(tmp, "workspace")
    shutil.copytree(os.path.join(FIXTURES, "bicep", "kv121-kv122-recovery"), workspace)
    results = os.path.join(tmp, "results.json")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsp_neovim_test.lua")
    env = dict(os.environ, VAULTLINT=VL, WORKSPACE=workspace, RESULTS=results, HOME=tmp, XDG_CONFIG_HOME=tmp,
               XDG_DATA_HOME=tmp, XDG_STATE_HOME=tmp, XDG_CACHE_HOME=tmp)
    p = subprocess.run([NVIM, "--headless", "--clean", "-n", "-i", "NONE", "-c", f"luafile {script}"], env=env,
                       capture_output=True, text=True, timeout=240, cwd=workspace)
    if not os.path.exists(results):
        print(f"FAIL Neovim wrote no results (exit {p.returncode}): {p.stdout[-800:]}{p.stderr[-800:]}")
        sys.exit(1)
    checks = json.load(open(results))
failed = 0
for c in checks:
    print(("ok   " if c["ok"] else "FAIL ") + c["name"] + ("" if c["ok"] else f"  [{c['detail'][:800]}]"))
    failed += 0 if c["ok"] else 1
if len(checks) < 8:
    print(f"FAIL the script stopped early ({len(checks)} checks)")
    failed += 1
print(f"{failed} failed" if failed else "all Neovim checks passed")
sys.exit(1 if failed else 0)
