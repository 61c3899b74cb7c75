#!/usr/bin/env bash
# Exports a city's procurement as an OCDS 1.1 release package, from a running
# node over its RPC, and validates it against the official schema when the
# schema folder is available (CIVITAS_OCDS_SCHEMA_DIR, see
# scripts/ocds/validate.py).
#
# Usage: scripts/export-ocds.sh --city ID [--url ws://127.0.0.1:9944]
#        [--out FILE] [--currency EUR] [--ocid-prefix ocds-xxxxxx]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/polkadotjs/node_modules/@polkadot/api" ]; then
	echo "==> npm ci (scripts/polkadotjs)"
	(cd "$here/polkadotjs" && npm ci --no-audit --no-fund --loglevel=error)
fi
out=""
for ((i = 1; i <= $#; i++)); do
	if [ "${!i}" = "--out" ]; then j=$((i + 1)); out="${!j:-}"; fi
done
if [ -z "$out" ]; then
	city=""
	for ((i = 1; i <= $#; i++)); do
		if [ "${!i}" = "--city" ]; then j=$((i + 1)); city="${!j:-}"; fi
	done
	out="ocds-city-${city}.json"
	set -- "$@" --out "$out"
fi
echo "==> reading the chain"
node "$here/polkadotjs/ocds.mjs" "$@"
echo "==> validating $out against the OCDS 1.1 schema"
python3 "$here/ocds/validate.py" "$out"
