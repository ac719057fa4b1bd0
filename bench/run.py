#!/usr/bin/env python3
"""vaultlint's performance figures (issue 23), printed, never pass/fail:

  1. the public corpus (../shared/corpus beside the repository), per format and whole, --jobs 1 and 2
  2. a generated 10,000-file corpus (bench/generate.py: ARM with parameter files, Bicep with modules and
     .bicepparam, Terraform module folders with tfvars), --jobs 1 and 2
  3. one small file per format: the median of 50 runs, and `vaultlint --version`
  4. the parse-only floor per format (build/vaultlint_parse_floor) and each full scan as a multiple of it
  5. with --callgrind: instruction counts of fixed slices (repeatable on a noisy machine)
  6. with CHECKOV set to Checkov's command: the same inputs through it, and the ratio

For each run: files, MB, wall, CPU (user + system), files/s, MB/s and peak RSS.
Usage: bench/run.py [--build DIR] [--quick] [--callgrind]   (--quick: 3 runs of each, 2,000 generated files)
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))
SUFFIXES = {
    "arm": (".json",),
    "bicep": (".bicep", ".bicepparam"),
    "terraform": (".tf", ".tf.json", ".tfvars", ".tfvars.json"),
}


def size_of(paths, fmt=None):
    files, total = 0, 0
    for p in paths:
        for root, _, names in os.walk(p):
            for n in names:
                suffixes = SUFFIXES[fmt] if fmt else sum(SUFFIXES.values(), ())
                if fmt == "arm" and (n.endswith(".tf.json") or n.endswith(".tfvars.json")):
                    continue
                if n.endswith(suffixes):
                    files += 1
                    total += os.path.getsize(os.path.join(root, n))
    return files, total


def measure(cmd):
    """(wall s, cpu s, peak RSS MB) of one run of cmd."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best_of(cmd, runs):
    results = [measure(cmd) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def row(label, files, total, wall, cpu, rss, extra=""):
    mb = total / 1048576
    print(f"{label:<44} {files:>6} {mb:>7.1f} {wall * 1000:>8.0f} {cpu * 1000:>8.0f} "
          f"{files / wall:>8.0f} {mb / wall:>7.1f} {rss:>7.0f}  {extra}")


def header(title):
    print(f"\n{title}")
    print(f"{'':<44} {'files':>6} {'MB':>7} {'wall ms':>8} {'cpu ms':>8} {'files/s':>8} {'MB/s':>7} {'RSS MB':>7}")


def scan_cmd(vl, paths, jobs):
    return [vl, "scan", *paths, "--format", "json", "--fail-on", "none", "--jobs", str(jobs)]


def floor(build, fmt, paths, jobs):
    tool = os.path.join(build, "vaultlint_parse_floor")
    if not os.path.exists(tool):
        return None
    total = 0.0
    for p in paths:
        out = subprocess.run([tool, fmt, p, str(jobs)], capture_output=True, text=True).stdout.split()
        total += float(out[out.index("s") - 1]) if "s" in out else 0.0
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--callgrind", action="store_true")
    args = ap.parse_args()
    vl = os.path.join(args.build, "vaultlint")
    if not os.path.exists(vl):
        raise SystemExit("build first: ./scripts/setup")
    runs = 3 if args.quick else 5
    print(f"vaultlint benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, {os.uname().machine}; best of {runs}")

    parts = []
    if os.path.isdir(CORPUS):
        parts = [("arm", [os.path.join(CORPUS, "arm"), os.path.join(CORPUS, "quickstart")]),
                 ("bicep", [os.path.join(CORPUS, "bicep")]),
                 ("terraform", [os.path.join(CORPUS, "terraform")])]
        header("public corpus (../shared/corpus)")
        for fmt, paths in parts:
            files, total = size_of(paths, fmt)
            for jobs in (1, 2):
                row(f"{fmt} --jobs {jobs}", files, total, *best_of(scan_cmd(vl, paths, jobs), runs))
        files, total = size_of([CORPUS])
        whole = {}
        for jobs in (1, 2):
            whole[jobs] = best_of(scan_cmd(vl, [CORPUS], jobs), runs)
            row(f"whole corpus --jobs {jobs}", files, total, *whole[jobs])
        print(f"--jobs 2 is {whole[1][0] / whole[2][0]:.2f}x as fast as --jobs 1")
    else:
        print(f"\n(no public corpus at {CORPUS})")

    work = tempfile.mkdtemp(prefix="vaultlint-bench-")
    try:
        count = 2000 if args.quick else 10000
        generated = os.path.join(work, "generated")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), generated, str(count)], check=True,
                       stdout=subprocess.DEVNULL)
        header(f"generated corpus (bench/generate.py, {count} files)")
        files, total = size_of([generated])
        for jobs in (1, 2):
            row(f"generated --jobs {jobs}", files, total, *best_of(scan_cmd(vl, [generated], jobs), runs))

        header("one small file, median of 50 runs")
        small = {"arm": os.path.join(generated, "arm", "app0000", "azuredeploy.json"),
                 "bicep": os.path.join(generated, "bicep", "app0002", "modules", "endpoint.bicep"),
                 "terraform": os.path.join(generated, "terraform", "app0004", "variables.tf")}
        for fmt, path in small.items():
            results = [measure(scan_cmd(vl, [path], 1)) for _ in range(50)]
            wall = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            row(f"{fmt}: {os.path.basename(path)}", 1, os.path.getsize(path), wall, cpu, max(r[2] for r in results))
        results = [measure([vl, "--version"]) for _ in range(50)]
        row("vaultlint --version", 0, 0, statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results), max(r[2] for r in results))

        header("parse-only floor (vaultlint_parse_floor) and the full scan as a multiple of it, --jobs 1")
        floors = parts + [("arm", [os.path.join(generated, "arm")]), ("bicep", [os.path.join(generated, "bicep")]),
                          ("terraform", [os.path.join(generated, "terraform")])]
        for fmt, paths in floors:
            parse = min(floor(args.build, fmt, paths, 1) or 0 for _ in range(runs))
            full = best_of(scan_cmd(vl, paths, 1), runs)
            files, total = size_of(paths, fmt)
            where = "generated" if paths[0].startswith(work) else "corpus"
            ratio = f"full scan = {full[0] / parse:.2f}x the floor ({parse * 1000:.0f} ms)" if parse else "(no floor tool)"
            row(f"{fmt} ({where})", files, total, *full, extra=ratio)

        if args.callgrind and shutil.which("valgrind"):
            print("\ncallgrind instruction counts (stable: same binary, same input, any load)")
            slices = [("examples/", [os.path.join(REPO, "examples")]),
                      ("generated arm/app0000..", [os.path.join(generated, "arm", "app0000")])]
            if os.path.isdir(CORPUS):
                slices.append(("corpus bicep/avm/res/key-vault", [os.path.join(CORPUS, "bicep", "avm", "res", "key-vault")]))
            for label, paths in slices:
                out = os.path.join(work, "callgrind.out")
                p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *scan_cmd(vl, paths, 1)],
                                   capture_output=True, text=True)
                counts = [l for l in p.stderr.splitlines() if "Collected" in l]
                print(f"  {label:<40} {counts[0].split()[-1] if counts else '?'} instructions")

        checkov = os.environ.get("CHECKOV")
        if checkov and parts:
            print("\nside by side with Checkov (CHECKOV), one run each")
            for label, paths in [("whole corpus", [CORPUS]), ("generated", [generated])]:
                ours = measure(scan_cmd(vl, paths, 2))[0]
                t0 = time.monotonic()
                subprocess.run([*checkov.split(), "-d", paths[0], "--quiet", "-o", "json"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                theirs = time.monotonic() - t0
                print(f"  {label:<40} vaultlint {ours * 1000:.0f} ms, Checkov {theirs * 1000:.0f} ms: {theirs / ours:.0f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
