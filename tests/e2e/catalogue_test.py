#!/usr/bin/env python3
"""Every rule of the catalogue has fixtures: for each policies/*.yaml and each format it applies to (its
`formats:` list; all of arm, bicep and terraform when it has none), at least one failing fixture (an
`expect:` or `expect-unresolved:` of the rule in fixtures/<format>/) and at least one passing fixture (an
`expect-pass:` of the rule there). The annotations are read as tests/e2e/run_fixtures.py reads them; that
runner (CTest e2e.fixtures) proves them true against the binary.

Usage: catalogue_test.py REPOSITORY
"""
import glob
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_fixtures import collect, fixture_cases  # noqa: E402

ALL_FORMATS = ["arm", "bicep", "terraform"]


def main():
    repo = os.path.abspath(sys.argv[1])
    fixtures = os.path.join(repo, "fixtures")
    failing, passing = {}, {}  # (rule, format) -> a file that shows it
    for case in fixture_cases(fixtures):
        fmt = os.path.basename(os.path.dirname(case))
        exp = collect(case, repo)
        for rule, file, *_ in exp.findings:
            failing.setdefault((rule, fmt), file)
        for rule, file, _ in exp.passing:
            passing.setdefault((rule, fmt), file)

    problems = []
    paths = sorted(glob.glob(os.path.join(repo, "policies", "*.yaml")))
    for path in paths:
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        rule = doc["id"]
        formats = doc.get("formats", ALL_FORMATS)
        for fmt in formats:
            if (rule, fmt) not in failing:
                problems.append(f"{rule}: no failing fixture in fixtures/{fmt}/ (an `expect: {rule}` where it fires)")
            if (rule, fmt) not in passing:
                problems.append(f"{rule}: no passing fixture in fixtures/{fmt}/ (an `expect-pass: {rule}` on a "
                                f"resource it applies to)")
        if fmt_problem := set(formats) - set(ALL_FORMATS):
            problems.append(f"{rule}: unknown formats {sorted(fmt_problem)}")
    for p in problems:
        print(p)
    print(f"{len(paths)} rules, {len(problems)} gaps")
    return 1 if problems or not paths else 0


if __name__ == "__main__":
    sys.exit(main())
