#!/usr/bin/env bash
# `npm run pulumi -- ARGS`: the project's own Pulumi CLI (built from Go modules, cached), offline.
# Works on any program directory given with --cwd (or -C).
set -euo pipefail
source "$(dirname "$0")/env.sh"
PULUMI_BIN="$(pds_pulumi_bin)"
export PATH="$PULUMI_BIN:$PATH"
exec "$PULUMI_BIN/pulumi" "$@"
