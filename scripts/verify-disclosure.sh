#!/usr/bin/env bash
# A verifier's check of a resident's disclosure: reads the subject's
# certificate from a node over JSON-RPC (residency_certificate), requires it
# to be valid now, and checks the disclosure against its commitment with
# `civitas-node residency verify`.
#
# Usage: scripts/verify-disclosure.sh DISCLOSURE.json CITY ACCOUNT [RPC_URL]
#   RPC_URL defaults to http://127.0.0.1:9944. Exits 0 only if it verifies.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ $# -lt 3 ]; then
	echo "usage: $0 DISCLOSURE.json CITY ACCOUNT [RPC_URL]" >&2
	exit 2
fi
disclosure=$1 city=$2 account=$3 url=${4:-http://127.0.0.1:9944}
url=${url/#ws:/http:}
url=${url/#wss:/https:}
[ -x "$CIVITAS_NODE" ] || build_node

step "reading the certificate of $account in city $city from $url"
request=$(printf '{"jsonrpc":"2.0","id":1,"method":"residency_certificate","params":[%s,"%s"]}' "$city" "$account")
response=$(curl -sS --fail -H 'Content-Type: application/json' -d "$request" "$url")
commitment=$(python3 -c '
import json, sys
reply = json.loads(sys.argv[1])
view = reply.get("result")
if "error" in reply:
    sys.exit("the node refused: %s" % reply["error"])
if view is None:
    sys.exit("no certificate of this account in this city")
if not view["valid"]:
    sys.exit("certificate %d is not valid now (status %s)" % (view["id"], json.dumps(view["certificate"]["status"])))
print(view["certificate"]["commitment"])
' "$response")
echo "certificate is valid; its commitment is $commitment"

step "checking the disclosure against it"
"$CIVITAS_NODE" residency verify --disclosure "$disclosure" --commitment "$commitment"
