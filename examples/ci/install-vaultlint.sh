#!/usr/bin/env bash
# Builds vaultlint from a checkout of its sources and installs it into /usr/local/bin, on Debian 12 as
# root (a CI container). Used by github-actions.yml and azure-pipelines.yml beside it.
#   install-vaultlint.sh [SOURCE_DIR]   (default: the checkout this script is in)
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ca-certificates g++ cmake ninja-build pkg-config nlohmann-json3-dev \
  libyaml-cpp-dev libcli11-dev libre2-dev libssl-dev nodejs npm >/dev/null
"$src/grammars/fetch.sh"  # the pinned tree-sitter runtime and HCL grammar, verified by sha512
cmake -S "$src" -B "$src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVAULTLINT_TESTS=OFF >/dev/null
cmake --build "$src/build" --parallel "$(nproc)"
cmake --install "$src/build" --prefix /usr/local >/dev/null
vaultlint --version
