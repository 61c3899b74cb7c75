#!/usr/bin/env bash
# Runs the federation network of zombienet/federation.toml (five nodes on the
# committed local-raw chain spec) and its assertions (federation.zndsl) with
# the release civitas-node on this machine, and the runtime one spec version
# up that its upgrade scenario enacts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

build_node
# The code that the upgrade scenario (zombienet/upgrade.js) enacts.
CIVITAS_NEXT_RUNTIME_WASM="$CARGO_TARGET_DIR/release/civitas-runtime-next.compact.compressed.wasm"
export CIVITAS_NEXT_RUNTIME_WASM
build_next_runtime "$CIVITAS_NEXT_RUNTIME_WASM"
step "npm ci (zombienet/, @zombienet/cli pinned)"
(cd zombienet && npm ci --no-audit --no-fund --loglevel=error)

step "zombienet test zombienet/federation.zndsl (about 16 minutes)"
PATH="$(dirname "$CIVITAS_NODE"):$PATH" zombienet/node_modules/.bin/zombienet -p native test zombienet/federation.zndsl
