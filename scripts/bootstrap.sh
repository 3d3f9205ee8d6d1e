#!/usr/bin/env bash
# Prepares a machine (fresh or not) for everything else: Node >= 22, the npm dependencies, the build,
# and the Pulumi CLI built from Go modules. Each step is skipped when already done.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PDS_ROOT"

if ! command -v go >/dev/null; then
  echo "bootstrap: installing Go (the Pulumi CLI is built from Go modules)" >&2
  apt-get update -qq && apt-get install -y -qq golang-go >/dev/null
fi

stamp="node_modules/.pds-lock-stamp"
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "bootstrap: installing npm dependencies" >&2
  # `npm install`, not `npm ci`: npm 11 writes lock files that its own `npm ci` rejects for missing
  # optional platform packages (@unrs/resolver-binding-*). The lock file still pins every version.
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

npm run --silent build
pds_pulumi_bin >/dev/null
echo "bootstrap: ready (node $(node -v), pulumi $("$(pds_pulumi_bin)/pulumi" version))" >&2
