#!/usr/bin/env bash
# An auditor's check of a draw: reads the draw and its inputs from a node
# (storage, through the metadata), re-verifies the drand signature or the
# commit-reveal values, recomputes the winners or panel with an independent
# implementation of the documented algorithm, and prints whether they match.
#
# Usage: scripts/verify-draw.sh DRAW_ID [WS_URL]   (default ws://127.0.0.1:9944)
# Exits 0 only on a match. Pools are append-only (positions are never
# removed; ends are recorded with their block), so the latest state suffices.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
	echo "usage: $0 DRAW_ID [WS_URL]" >&2
	exit 2
fi
draw=$1 url=${2:-ws://127.0.0.1:9944}
if [ ! -d scripts/polkadotjs/node_modules ]; then
	echo "==> npm ci (scripts/polkadotjs)"
	(cd scripts/polkadotjs && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "==> recomputing draw $draw from $url"
node scripts/polkadotjs/verify-draw.mjs "$url" "$draw"
