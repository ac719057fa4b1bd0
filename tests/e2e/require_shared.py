#!/usr/bin/env python3
"""Runs a test that needs the shared folder beside the repository (../shared: the CLI contract, the public
corpus), or says loudly that it cannot.

The tests that need ../shared are registered in every checkout (tests/CMakeLists.txt), so a checkout
without it does not quietly run fewer tests and report success: each of them runs this, which, when PATH
is missing, prints why and exits 77, CTest's SKIP_RETURN_CODE for them (ctest lists them under "The
following tests did not run", and `ctest -V` shows this message). scripts/test fails outright in CI
when ../shared is missing.

Usage: require_shared.py PATH -- COMMAND [ARG...]
Exit: COMMAND's exit code when PATH exists; 77 (skipped) when it does not.
"""
import os
import sys

SKIP = 77


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    path, command = sys.argv[1], sys.argv[3:]
    if not os.path.exists(path):
        print(f"SKIPPED: {os.path.normpath(path)} is missing. This test needs the shared folder beside the "
              f"repository (../shared: the CLI contract and the public corpus); without it the test does not "
              f"run. scripts/test fails in CI (CI=true) when it is missing.")
        return SKIP
    os.execvp(command[0], command)  # the test itself, its exit code and output as they are


if __name__ == "__main__":
    sys.exit(main())
