# Sourced by the other scripts: one cargo target directory outside the clone,
# shared by every script, by .ci/run and by every clone on this machine, so
# nothing is ever compiled twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/civitas-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"
CIVITAS_NODE="$CARGO_TARGET_DIR/release/civitas-node"
export CIVITAS_NODE
step() { printf '\n==> %s\n' "$*"; }
# Builds the release node (a no-op when it is up to date), so no script ever
# runs a stale binary.
build_node() {
	step "building civitas-node (release)"
	cargo build --release --locked -p civitas-node
}
