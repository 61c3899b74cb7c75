#!/usr/bin/env bash
# Starts a throw-away dev node and runs scripts/polkadotjs/check.mjs against it:
# @polkadot/api (pinned in package-lock.json) with no custom types.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

build_node

step "npm ci (scripts/polkadotjs)"
(cd scripts/polkadotjs && npm ci --no-audit --no-fund --loglevel=error)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
p2p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp -t civitas-pjs-node.XXXXXX.log)
step "starting a dev node on ws://127.0.0.1:$port (log: $log)"
"$CIVITAS_NODE" --dev --tmp --rpc-port "$port" --port "$p2p" --no-prometheus --no-telemetry >"$log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true' EXIT

step "running check.mjs"
if ! node scripts/polkadotjs/check.mjs "ws://127.0.0.1:$port"; then
	echo "---- last node log lines ----" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
