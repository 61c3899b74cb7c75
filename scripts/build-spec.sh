#!/usr/bin/env bash
# Regenerates chain-specs/local.json (plain) and chain-specs/local-raw.json
# from the node's build-spec. Commit the result; a test fails while they are
# stale.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

build_node

step "writing chain-specs/local.json"
"$CIVITAS_NODE" build-spec --chain local --disable-default-bootnode >chain-specs/local.json
step "writing chain-specs/local-raw.json"
"$CIVITAS_NODE" build-spec --chain local --disable-default-bootnode --raw >chain-specs/local-raw.json
git --no-pager diff --stat -- chain-specs/ || true
