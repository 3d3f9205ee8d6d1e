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
  echo "bootstrap: installing npm dependencies from the lock file (npm ci)" >&2
  # The lock must hold every platform's optional packages: regenerate it with
  # `npm install --package-lock-only` in a tree WITHOUT node_modules, or npm leaves them out and
  # `npm ci` refuses the lock on a clean clone.
  before="$(sha256sum package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  # An install must never rewrite the committed lock: CI fails if it did.
  if [[ "$(sha256sum package-lock.json)" != "$before" ]]; then
    echo "bootstrap: error: installing the dependencies changed package-lock.json; regenerate and commit it" >&2
    exit 1
  fi
  cp package-lock.json "$stamp"
fi

npm run --silent build
pds_pulumi_bin >/dev/null
echo "bootstrap: ready (node $(node -v), pulumi $("$(pds_pulumi_bin)/pulumi" version))" >&2
