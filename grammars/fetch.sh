#!/usr/bin/env bash
# Fetches the pinned npm tarballs of grammars/pins.txt into grammars/vendor/<folder>, verifies each
# against its sha512 integrity and unpacks it. No install scripts run (npm pack only downloads).
# A stamp per package makes a second run a no-op. `fetch.sh PINS VENDOR` does the same for another
# pins file (the test tools: tests/tools/pins.txt into tests/tools/vendor).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pins="${1:-$here/pins.txt}"
vendor="${2:-$here/vendor}"
mkdir -p "$vendor"
vendor=$(cd "$vendor" && pwd)
grep -v '^\s*#' "$pins" | grep -v '^\s*$' | while read -r folder package version integrity; do
  stamp="$vendor/$folder.stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$package@$version $integrity" ]; then
    continue
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$package@$version" --silent >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    echo "grammars/fetch.sh: $package@$version does not match its pin" >&2
    echo "  expected $integrity" >&2
    echo "  got      $actual" >&2
    exit 1
  fi
  rm -rf "${vendor:?}/$folder"
  mkdir -p "$vendor/$folder"
  tar -xzf "$tarball" --strip-components=1 --no-same-owner -C "$vendor/$folder"
  echo "$package@$version $integrity" > "$stamp"
  rm -rf "$tmp"
  trap - EXIT
  echo "fetched $package@$version"
done
