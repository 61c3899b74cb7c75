#!/usr/bin/env bash
# Command 1: builds the release node and runs a local Civitas dev chain that
# keeps its state in $CIVITAS_BASE_PATH (default ~/.local/share/civitas/dev).
# RPC for Polkadot.js Apps: ws://127.0.0.1:9944. Extra arguments go to the node.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step "installing missing prerequisites"
scripts/setup.sh

echo "    (the first build takes about 26 min on 2 cores; later ones seconds to minutes)"
build_node

base="${CIVITAS_BASE_PATH:-$HOME/.local/share/civitas/dev}"
step "starting the dev chain: base path $base, RPC ws://127.0.0.1:9944"
echo "    (to start over: $CIVITAS_NODE purge-chain --dev --base-path $base)"
exec "$CIVITAS_NODE" --dev --base-path "$base" --rpc-port 9944 "$@"
