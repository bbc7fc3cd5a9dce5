#!/usr/bin/env bash
# One command from a fresh clone: Node 24 (from the npm registry if needed), dependencies, then
# the whole system (scripts/quickstart.ts): migrations, the control plane with its worker, the
# demo configuration, and a gateway node pulling from it in front of server-everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -d node_modules/@modelcontextprotocol/sdk ]; then
  scripts/with-node24.sh npm ci --no-audit --no-fund
fi
exec scripts/with-node24.sh node_modules/.bin/tsx scripts/quickstart.ts "$@"
