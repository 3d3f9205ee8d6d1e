#!/usr/bin/env bash
# Prints the bin folder of the Node.js this project runs on. The Pulumi Node SDK needs Node >= 22 and
# undici 8 needs >= 22.19.0; a machine whose node is older (or absent) gets a pinned Node from the npm
# registry's `node-linux-<arch>` package (it ships the node binary itself) and the npm release that
# Node version bundles, installed once into a cache outside the repository.
set -euo pipefail
CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
NODE_VERSION="${PDS_NODE_VERSION:-24.22.3}"
# The npm that Node $NODE_VERSION ships (its changelog: "deps: upgrade npm to 11.19.1").
NPM_VERSION="${PDS_NPM_VERSION:-11.19.1}"
MIN_NODE="22.19.0"

version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" == "$2" ]]; }

if [[ -z "${PDS_NODE_VERSION:-}" ]] && command -v node >/dev/null; then
  current="$(node -p 'process.versions.node')"
  if version_ge "$current" "$MIN_NODE"; then dirname "$(command -v node)"; exit 0; fi
fi

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  ppc64le) arch=ppc64le ;;
  s390x) arch=s390x ;;
  *) echo "ensure-node: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
DIR="$CACHE_ROOT/node-$NODE_VERSION"
BIN="$DIR/bin"
if [[ ! -x "$DIR/node_modules/node-linux-$arch/bin/node" || ! -f "$DIR/node_modules/npm/bin/npm-cli.js" ]]; then
  command -v npm >/dev/null || { apt-get update -qq >&2 && apt-get install -y -qq nodejs npm >&2; }
  mkdir -p "$DIR"
  echo "ensure-node: installing node-linux-$arch@$NODE_VERSION and npm@$NPM_VERSION into $DIR" >&2
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "node-linux-$arch@$NODE_VERSION" "npm@$NPM_VERSION" >&2
fi
mkdir -p "$BIN"
ln -sf "../node_modules/node-linux-$arch/bin/node" "$BIN/node"
for tool in npm npx; do
  printf '#!/bin/sh\nexec "%s/node" "%s/node_modules/npm/bin/%s-cli.js" "$@"\n' "$BIN" "$DIR" "$tool" > "$BIN/$tool"
  chmod +x "$BIN/$tool"
done
echo "$BIN"
