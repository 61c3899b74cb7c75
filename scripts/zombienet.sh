#!/usr/bin/env bash
# Runs the federation network of zombienet/federation.toml (five nodes on the
# committed local-raw chain spec) and its assertions (federation.zndsl) with
# the release civitas-node on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

build_node
step "npm ci (zombienet/, @zombienet/cli pinned)"
(cd zombienet && npm ci --no-audit --no-fund --loglevel=error)

step "zombienet test zombienet/federation.zndsl (about 12 minutes)"
PATH="$(dirname "$CIVITAS_NODE"):$PATH" zombienet/node_modules/.bin/zombienet -p native test zombienet/federation.zndsl
