#!/usr/bin/env bash
# Measures how many of each city operation per second a dev node finalises
# (docs/performance.md): builds the node and civitas-tps, starts
# `civitas-node --dev` on a fresh base path with a transaction pool large
# enough to hold a whole run, runs civitas-tps against it, stops the node.
# The state (trie) cache is capped at TPS_TRIE_CACHE bytes (256 MiB; the
# node's default is 1 GiB, which alone would exceed the 1 GiB memory target).
# Arguments go to civitas-tps (e.g. --ops transfer --count 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PORT="${TPS_RPC_PORT:-9966}"
TRIE_CACHE="${TPS_TRIE_CACHE:-268435456}"

build_node
step "building civitas-tps (release)"
cargo build --release --locked -p civitas-tps

WORK=$(mktemp -d)
LOG="$WORK/node.log"
step "starting civitas-node --dev on port $PORT (log: $LOG)"
"$CIVITAS_NODE" --dev --base-path "$WORK/node" --rpc-port "$PORT" --port 0 \
	--no-prometheus --no-telemetry --no-mdns \
	--pool-limit 100000 --pool-kbytes 512000 --trie-cache-size "$TRIE_CACHE" \
	2> "$LOG" &
NODE=$!
trap 'kill "$NODE" 2>/dev/null; wait "$NODE" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 60); do
	grep -q "Running JSON-RPC server" "$LOG" && break
	kill -0 "$NODE" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
	sleep 1
done

step "civitas-tps $*"
"$CARGO_TARGET_DIR/release/civitas-tps" --url "ws://127.0.0.1:$PORT" \
	--node-pid "$NODE" --node-log "$LOG" "$@"
