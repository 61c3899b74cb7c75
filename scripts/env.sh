# Sourced by the other scripts: one cargo target directory outside the clone,
# shared by every script, by .ci/run and by every clone on this machine, so
# nothing is ever compiled twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/civitas-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"
CIVITAS_NODE="$CARGO_TARGET_DIR/release/civitas-node"
export CIVITAS_NODE
step() { printf '\n==> %s\n' "$*"; }
# The six Civitas pallets. scripts/test.sh runs their tests in a cargo run of
# their own, with their benchmark and try-runtime features.
CIVITAS_PALLETS=(pallet-cities pallet-city-treasury pallet-procurement
	pallet-residency pallet-asset-registry pallet-sortition)
# tools/try-runtime: the runtime compiled with try-runtime, run natively on
# live state. Its tests join the pallets' cargo run, whose features it needs
# (a runtime with try-runtime must never reach the node's build).
TRY_RUNTIME_CHECKS=civitas-try-runtime
# tools/next-runtime: the runtime's wasm one spec version up, for the
# zombienet upgrade scenario. Only scripts/zombienet.sh builds its blob
# (build_next_runtime); scripts/test.sh lints it in the pallets' clippy run,
# where SKIP_WASM_BUILD leaves the blob out, so no other build waits on it.
NEXT_RUNTIME=civitas-next-runtime
# Every other build selects the rest of the workspace. Cargo compiles a crate
# once per set of features, and the set depends on which packages a command
# selects (their default features, and civitas-tps' WebSocket client in
# jsonrpsee, which the node's servers share). So the node `cargo test` builds
# for the end-to-end tests and the node the scripts run are one build, not two.
WORKSPACE_BUT_PALLETS=(--workspace "${CIVITAS_PALLETS[@]/#/--exclude=}"
	--exclude="$TRY_RUNTIME_CHECKS" --exclude="$NEXT_RUNTIME")
# Builds the release node and civitas-tps (a no-op when they are up to date),
# so no script ever runs a stale binary. A caller that has just built them
# and runs scripts side by side sets CIVITAS_NODE_BUILT=1, so that their
# builds do not queue on cargo's lock behind another one's.
build_node() {
	if [ "${CIVITAS_NODE_BUILT:-}" = 1 ]; then
		return
	fi
	step "building civitas-node and civitas-tps (release)"
	cargo build --release --locked "${WORKSPACE_BUT_PALLETS[@]}"
}
# Builds the runtime's wasm with spec_version one above and writes it to $1.
build_next_runtime() {
	step "building the runtime one spec version up (tools/next-runtime, wasm only)"
	# Niced: it may run beside a check that waits on a live node's blocks.
	nice -n 10 cargo build --release --locked -p "$NEXT_RUNTIME"
	"$CARGO_TARGET_DIR/release/$NEXT_RUNTIME" "$1"
}
# Builds the node with `--features runtime-benchmarks` (its `benchmark`
# subcommand) and keeps it aside as $BENCH_NODE: both builds write
# target/release/civitas-node, so callers run build_node again at the end.
BENCH_NODE="$CARGO_TARGET_DIR/release/civitas-node-benchmarks"
build_bench_node() {
	step "building civitas-node with --features runtime-benchmarks"
	# frame-benchmarking-cli's own test runtime cannot be built from the
	# registry by substrate-wasm-builder (it is not in this workspace), and
	# only `benchmark storage --enable-pov-recorder` would need it.
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		cargo build --release --locked -p civitas-node --features runtime-benchmarks
	cp "$CIVITAS_NODE" "$BENCH_NODE"
	if ! "$BENCH_NODE" benchmark --help > /dev/null 2>&1; then
		echo "error: $BENCH_NODE has no benchmark subcommand" >&2
		exit 1
	fi
}
