#!/usr/bin/env bash
# Measures the weights on this machine and writes them into the source:
#   - every Civitas pallet: pallets/*/src/weights.rs (scripts/benchmark/pallet-weights.hbs);
#   - frame_system, its transaction extensions, balances, timestamp, transaction
#     payment, utility, sudo, nfts, the council (collective) and session:
#     runtime/src/weights/*.rs;
#   - block and extrinsic overhead, ParityDB read/write: runtime/src/weights/.
# It builds a second node with `--features runtime-benchmarks` (a long build
# the first time) and runs `civitas-node benchmark ...`. Review the diff, then
# rebuild the normal node. STEPS and REPEAT may be set in the environment;
# PALLETS="pallet_residency pallet_asset_registry" benchmarks only those
# pallets (and skips overhead, storage and machine).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-10}"
PALLETS="${PALLETS:-}"

build_bench_node
# A benchmark measured while something else uses the CPU is inflated (a
# concurrent build once doubled a median): wait for a quiet machine.
step "waiting for a quiet machine (no rustc, cargo or node running; load < 0.5)"
for i in $(seq 1 60); do
	busy=0
	for name in rustc cargo civitas-node zombienet polkadot; do
		busy=$((busy + $(pgrep -c -x "$name" || true)))
	done
	load=$(cut -d' ' -f1 /proc/loadavg)
	if [ "$busy" -eq 0 ] && awk -v l="$load" 'BEGIN { exit !(l < 0.5) }'; then
		break
	fi
	if [ "$i" -eq 60 ]; then
		echo "error: the machine is busy ($busy build or node processes, load $load);" \
			"benchmarks measured now would be inflated" >&2
		exit 1
	fi
	echo "  $busy build or node processes, load $load: waiting"
	sleep 10
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

FAILED=()
pallet() { # pallet-name output [template]
	local name=$1 output=$2 template=${3:-}
	if [ -n "$PALLETS" ] && [[ " $PALLETS " != *" $name "* ]]; then
		return 0
	fi
	step "benchmark pallet $name (steps $STEPS, repeat $REPEAT) -> $output"
	# A failing pallet keeps its old weights; the others still run.
	"$BENCH_NODE" benchmark pallet --chain dev --pallet "$name" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled --heap-pages 4096 \
		--output "$output" ${template:+--template "$template"} || FAILED+=("$name")
}

for p in cities:pallet_cities treasury:pallet_city_treasury procurement:pallet_procurement \
	residency:pallet_residency registry:pallet_asset_registry sortition:pallet_sortition; do
	pallet "${p#*:}" "pallets/${p%%:*}/src/weights.rs" scripts/benchmark/pallet-weights.hbs
done
mkdir -p runtime/src/weights
for p in frame_system frame_system_extensions pallet_balances pallet_timestamp \
	pallet_transaction_payment pallet_utility pallet_sudo pallet_nfts pallet_collective \
	pallet_session; do
	pallet "$p" "runtime/src/weights/$p.rs"
done

if [ -n "$PALLETS" ]; then
	step "PALLETS is set: overhead, storage and machine benchmarks skipped"
else
	step "benchmark overhead: block execution and extrinsic base weights"
	"$BENCH_NODE" benchmark overhead --chain dev --base-path "$WORK/overhead" \
		--wasm-execution compiled --weight-path runtime/src/weights/

	step "benchmark storage: ParityDB read and write weights"
	# The dev genesis has few keys: write them one per commit (--batch-size 1),
	# which prices a write without amortising the commit over many. The 95th
	# percentile leaves out only the runtime code (5 MiB, 1 key in 56), which
	# no call reads or writes but a runtime upgrade.
	"$BENCH_NODE" benchmark storage --chain dev --base-path "$WORK/storage" --database paritydb \
		--batch-size 1 --metric p95 --warmups 3 \
		--state-version 1 --weight-path runtime/src/weights/

	step "this machine against the reference hardware"
	"$BENCH_NODE" benchmark machine --chain dev --base-path "$WORK/machine" --allow-fail 2>&1 \
		| tee runtime/src/weights/machine.txt
fi

cargo fmt --all
build_node
if [ ${#FAILED[@]} -gt 0 ]; then
	echo "error: these pallets' benchmarks failed and kept their old weights: ${FAILED[*]}" >&2
	exit 1
fi
step "weights written; review with: git diff --stat"
