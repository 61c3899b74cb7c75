#!/usr/bin/env bash
# Measures how many of each city operation per second a dev node finalises
# (docs/performance.md): builds the node and civitas-tps, starts a dev node
# (the dev chain spec, exported raw, with Alice authoring) on a fresh base
# path with a transaction pool large enough to hold a whole run, runs
# civitas-tps against it, stops the node.
# The state (trie) cache is capped at TPS_TRIE_CACHE bytes (256 MiB; the
# node's default is 1 GiB, which alone would exceed the 1 GiB memory target).
# TPS_IMPORT=1 then re-executes every finalised block of the run with
# `benchmark block` (the node built with runtime-benchmarks: a long build the
# first time) and prints, for each block with 100 extrinsics or more, the
# time its import took against the weight it charged.
# Arguments go to civitas-tps (e.g. --ops transfer --count 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PORT="${TPS_RPC_PORT:-9966}"
TRIE_CACHE="${TPS_TRIE_CACHE:-268435456}"

IMPORT="${TPS_IMPORT:-0}"
IMPORT_REPEAT="${TPS_IMPORT_REPEAT:-3}"

if [ "$IMPORT" = 1 ]; then
	build_bench_node
fi
build_node

WORK=$(mktemp -d)
LOG="$WORK/node.log"
SPEC="$WORK/dev-raw.json"
# The run's blocks are re-executed by the benchmark node, whose own `--dev`
# genesis holds its own runtime: both open the same exported spec.
step "exporting the dev chain spec to $SPEC"
"$CIVITAS_NODE" build-spec --chain dev --raw > "$SPEC" 2> /dev/null
"$CIVITAS_NODE" key generate-node-key --chain "$SPEC" --base-path "$WORK/node" 2> /dev/null
step "starting civitas-node (dev chain, Alice authoring) on port $PORT (log: $LOG)"
"$CIVITAS_NODE" --chain "$SPEC" --alice --validator --force-authoring \
	--base-path "$WORK/node" --rpc-port "$PORT" --port 0 \
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
status=0
"$CARGO_TARGET_DIR/release/civitas-tps" --url "ws://127.0.0.1:$PORT" \
	--node-pid "$NODE" --node-log "$LOG" "$@" || status=$?
[ "$IMPORT" = 1 ] || exit "$status"

FINALISED=$(grep -o 'finalized #[0-9]*' "$LOG" | tail -1 | tr -dc '0-9')
if [ -z "$FINALISED" ]; then
	echo "error: the node's log shows no finalised block; nothing to re-execute" >&2
	exit 1
fi
step "stopping the node; re-executing blocks 1 to $FINALISED ($IMPORT_REPEAT times each, no state cache)"
kill "$NODE"
wait "$NODE" 2> /dev/null || true
"$BENCH_NODE" benchmark block --chain "$SPEC" --base-path "$WORK/node" --database paritydb \
	--from 1 --to "$FINALISED" --repeat "$IMPORT_REPEAT" --wasm-execution compiled \
	> "$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }
# "Block 7 with  8657 tx used  84.17% of its weight ( 1,893,... of  2,250,... ns)"
awk 'match($0, /Block [0-9]+ with +[0-9]+ tx used +[0-9.]+% of its weight \( *[0-9,]+ of +[0-9,]+ ns\)/) {
		split(substr($0, RSTART, RLENGTH), f, /[ (]+/)
		took = f[11]; weight = f[13]; gsub(",", "", took); gsub(",", "", weight)
		if (f[4] + 0 < 100) next
		n++; if (f[7] + 0 > max) { max = f[7] + 0; at = f[2] }
		printf "  block #%s: %5d extrinsics, import %7.1f ms, weight %7.1f ms: %s\n",
			f[2], f[4], took / 1e6, weight / 1e6, f[7]
	}
	END {
		if (n == 0) { print "no block with 100 extrinsics or more" > "/dev/stderr"; exit 1 }
		printf "import took at most %.2f%% of the weight charged (block #%s)\n", max, at
	}' "$WORK/import.log"
exit "$status"
