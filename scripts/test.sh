#!/usr/bin/env bash
# Command 2: builds everything and runs every check: formatting, clippy with
# warnings denied, all unit and end-to-end tests, the pallets' benchmark
# and try-runtime migration tests, the Polkadot.js check and the four-node
# zombienet federation network.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
start=$(date +%s)

step "installing missing prerequisites"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings denied)"
cargo clippy --release --locked --workspace --all-targets -- -D warnings

step "cargo test (unit and end-to-end; release profile, the node the e2e tests start)"
cargo test --release --locked --workspace

step "benchmark and migration tests of every Civitas pallet (runtime-benchmarks: each benchmark runs once on the mock; try-runtime: migrations run between their pre- and post-upgrade checks)"
cargo test --release --locked --features runtime-benchmarks,try-runtime \
	-p pallet-cities -p pallet-city-treasury -p pallet-procurement \
	-p pallet-residency -p pallet-asset-registry -p pallet-sortition

step "Polkadot.js compatibility check"
scripts/polkadotjs-check.sh

step "zombienet federation network"
scripts/zombienet.sh

step "all checks passed in $(($(date +%s) - start)) s"
