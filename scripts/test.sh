#!/usr/bin/env bash
# Command 2: builds everything and runs every check: formatting, clippy with
# warnings denied, all unit and end-to-end tests (the pallets' with their
# benchmark and try-runtime migration tests), the Polkadot.js check and the
# five-node zombienet federation network.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Set below, once this script has built the node; never taken from outside.
unset CIVITAS_NODE_BUILT
start=$(date +%s)

step "installing missing prerequisites"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

# Linted as they are built: the node and the rest with the node's features,
# the pallets and tools/try-runtime with the benchmark and try-runtime ones
# (no wasm: those checks run the runtime natively). One run over the whole
# workspace would turn try-runtime on for the node's runtime too.
step "cargo clippy (warnings denied): the node's build, then the pallets' and try-runtime's"
cargo clippy --release --locked "${WORKSPACE_BUT_PALLETS[@]}" --all-targets -- -D warnings
SKIP_WASM_BUILD=1 cargo clippy --release --locked --features runtime-benchmarks,try-runtime \
	"${CIVITAS_PALLETS[@]/#/--package=}" --package="$TRY_RUNTIME_CHECKS" --package="$NEXT_RUNTIME" \
	--all-targets -- -D warnings

# The Civitas pallets' own tests run once, in the second step, with their
# benchmark and try-runtime code compiled in: the first step leaves them out
# rather than compile and run each a second time without it (scripts/env.sh).
step "cargo test: everything but the pallets' own tests (the runtime with the fuzz harness, the node's end-to-end tests, the primitives, RPC and tools; release profile, the node the e2e tests start)"
cargo test --release --locked "${WORKSPACE_BUT_PALLETS[@]}"

# SKIP_WASM_BUILD: the try-runtime checks run the runtime natively; a wasm
# build with these features would serve nothing.
step "cargo test: every Civitas pallet's unit, benchmark and migration tests (runtime-benchmarks: each benchmark runs once on the mock; try-runtime: migrations run between their pre- and post-upgrade checks), and try-runtime on live nodes' state (tools/try-runtime, with the node built above)"
SKIP_WASM_BUILD=1 cargo test --release --locked --features runtime-benchmarks,try-runtime \
	"${CIVITAS_PALLETS[@]/#/--package=}" --package="$TRY_RUNTIME_CHECKS"

# Both wait on 6-second blocks far more than they compute: they run side by
# side, zombienet's lines prefixed. Zombienet first builds the runtime one
# spec version up for its upgrade scenario, while the Polkadot.js check runs.
step "Polkadot.js compatibility check and zombienet federation network, side by side"
build_node
export CIVITAS_NODE_BUILT=1
(
	set -o pipefail
	scripts/zombienet.sh 2>&1 | sed -u 's/^/[zombienet] /'
) &
zombienet_pid=$!
pjs=0
scripts/polkadotjs-check.sh || pjs=$?
zombienet=0
wait "$zombienet_pid" || zombienet=$?
if [ "$pjs" -ne 0 ] || [ "$zombienet" -ne 0 ]; then
	echo "error: Polkadot.js check exit $pjs, zombienet exit $zombienet" >&2
	exit 1
fi

step "all checks passed in $(($(date +%s) - start)) s"
