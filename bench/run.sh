#!/usr/bin/env bash
# Prints vaultlint's timings: the ARM part of the public corpus (../shared/corpus/arm and quickstart)
# with --jobs 1 and --jobs 2, its Bicep and Terraform parts, the whole of it, and a generated corpus
# (bench/bicep_parse.py prints the Bicep parser's own MB/s). With --callgrind, also the instruction count of one
# single-threaded scan of the ARM corpus (stable on a noisy machine). Figures, not pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
vl=build/vaultlint
[ -x "$vl" ] || { echo "build first: ./scripts/setup" >&2; exit 2; }
corpus=../shared/corpus

time_runs() {  # label, runs, command...
  local label=$1 runs=$2 best=
  shift 2
  for _ in $(seq "$runs"); do
    local t0 t1 ms
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%-48s best of %d: %6d ms\n' "$label" "$runs" "$best"
}

if [ -d "$corpus" ]; then
  arm_bytes=$(find "$corpus/arm" "$corpus/quickstart" -name '*.json' -print0 | xargs -0 cat | wc -c)
  echo "ARM corpus: $(find "$corpus/arm" "$corpus/quickstart" -name '*.json' | wc -l) files, $((arm_bytes / 1048576)) MB"
  time_runs "corpus ARM (arm/ + quickstart/) --jobs 1" 3 "$vl" scan "$corpus/arm" "$corpus/quickstart" --format json --fail-on none --jobs 1
  time_runs "corpus ARM (arm/ + quickstart/) --jobs 2" 3 "$vl" scan "$corpus/arm" "$corpus/quickstart" --format json --fail-on none --jobs 2
  time_runs "corpus Bicep (bicep/) --jobs 1" 3 "$vl" scan "$corpus/bicep" --format json --fail-on none --jobs 1
  time_runs "corpus Terraform (terraform/) --jobs 1" 3 "$vl" scan "$corpus/terraform" --format json --fail-on none --jobs 1
  time_runs "whole corpus --jobs 1" 3 "$vl" scan "$corpus" --format json --fail-on none --jobs 1
  time_runs "whole corpus --jobs 2" 3 "$vl" scan "$corpus" --format json --fail-on none --jobs 2
fi

generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
python3 bench/generate.py "$generated" 400 >/dev/null
echo "generated corpus: 400 templates, $(($(cat "$generated"/*.json | wc -c) / 1024)) KB"
time_runs "generated --jobs 1" 3 "$vl" scan "$generated" --format json --fail-on none --jobs 1
time_runs "generated --jobs 2" 3 "$vl" scan "$generated" --format json --fail-on none --jobs 2

if [ "${1:-}" = "--callgrind" ] && [ -d "$corpus" ]; then
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$vl" scan "$corpus/arm" "$corpus/quickstart" --format json \
    --fail-on none --jobs 1 >/dev/null 2>"$out.log" || true
  echo "callgrind, ARM corpus, --jobs 1: $(grep -o 'Collected : [0-9]*' "$out.log" | grep -o '[0-9]*') instructions"
  rm -f "$out" "$out.log"
fi
