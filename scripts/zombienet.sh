#!/usr/bin/env bash
# Runs the three-validator network of zombienet/local.toml and its assertions
# (zombienet/local.zndsl) with the release civitas-node on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

build_node
step "npm ci (zombienet/, @zombienet/cli pinned)"
(cd zombienet && npm ci --no-audit --no-fund --loglevel=error)

step "zombienet test zombienet/local.zndsl"
PATH="$(dirname "$CIVITAS_NODE"):$PATH" zombienet/node_modules/.bin/zombienet -p native test zombienet/local.zndsl
