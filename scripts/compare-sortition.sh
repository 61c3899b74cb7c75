#!/usr/bin/env bash
# Compares the selection probabilities of Civitas stratified panels with the
# PyPI package sortition-algorithms on the same pool (scripts/sortition/compare.py).
# Needs python3 with venv and the package registries; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
VENV="${SORTITION_VENV:-$HOME/.cache/civitas-sortition-venv}"
VERSION="0.12.15"
if [ ! -x "$VENV/bin/python" ]; then
	step "creating a Python virtual environment in $VENV"
	python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('sortition-algorithms') != '$VERSION')" 2>/dev/null; then
	step "installing sortition-algorithms $VERSION from PyPI"
	"$VENV/bin/pip" install --quiet "sortition-algorithms==$VERSION"
fi
step "building the pallet tests (SKIP_WASM_BUILD=1, target $CARGO_TARGET_DIR)"
SKIP_WASM_BUILD=1 cargo test --release -p pallet-sortition --locked --lib --no-run
step "comparing"
exec "$VENV/bin/python" scripts/sortition/compare.py
