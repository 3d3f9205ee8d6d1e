#!/usr/bin/env bash
# `npm run demo`: on a fresh machine, installs what is needed, starts three throwaway Docker engines
# (each in its own network namespace, no route out), deploys the example cluster in examples/cluster
# with the real Pulumi CLI, and shows the result.
#   npm run demo                  deploy (again: shows no changes, converges what drifted)
#   npm run demo -- pulumi ARGS   any Pulumi command on the demo stack (its backend and passphrase are set)
#   npm run demo -- down          destroy the stack and stop the engines
# Options (environment): PDS_DEMO_ENGINE=26.1|20.10 (default 26.1), PDS_DEMO_EXAMPLE=cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

ENGINE="${PDS_DEMO_ENGINE:-26.1}"
EXAMPLE="${PDS_DEMO_EXAMPLE:-cluster}"
BED=demo
DEMO_DIR="$PDS_CACHE/demo"
PROGRAM="$DEMO_DIR/$EXAMPLE"
export PULUMI_BACKEND_URL="file://$DEMO_DIR/state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo}"
mkdir -p "$DEMO_DIR/state"

pulumi_() { bash scripts/pulumi.sh "$@" --cwd "$PROGRAM"; }

if [[ "${1:-}" == pulumi ]]; then
  shift
  [[ -d "$PROGRAM" ]] || { echo "demo: no demo stack yet; run 'npm run demo' first" >&2; exit 1; }
  exec bash scripts/pulumi.sh "$@" --cwd "$PROGRAM" --stack demo
fi

if [[ "${1:-}" == down ]]; then
  if [[ -d "$PROGRAM" ]]; then pulumi_ destroy --yes --skip-preview --stack demo || true; fi
  bash tests/bed/testbed.sh down --name "$BED"
  rm -rf "$PROGRAM"
  echo "demo: stack destroyed and engines stopped"
  exit 0
fi

bash scripts/bootstrap.sh
echo "demo: starting 3 throwaway engines (Docker $ENGINE)" >&2
bash tests/bed/testbed.sh up --nodes 3 --engine "$ENGINE" --name "$BED" > "$DEMO_DIR/bed.json"

# Install the package the way users do: from its packed tarball.
tarball="$(npm pack --silent --pack-destination "$DEMO_DIR" | tail -1)"
if [[ ! -d "$PROGRAM/node_modules" ]]; then
  rm -rf "$PROGRAM" && cp -r "examples/$EXAMPLE" "$PROGRAM"
fi
(cd "$PROGRAM" && npm install --no-audit --no-fund --loglevel=error "$DEMO_DIR/$tarball" >/dev/null)

pulumi_ stack select demo --create >/dev/null
engines="$(node -e 'const b=require(process.argv[1]);console.log(JSON.stringify(b.engines.map(e=>({host:e.host,address:e.address}))))' "$DEMO_DIR/bed.json")"
manager="$(node -e 'console.log(require(process.argv[1]).engines[0].host)' "$DEMO_DIR/bed.json")"
address="$(node -e 'console.log(require(process.argv[1]).engines[0].address)' "$DEMO_DIR/bed.json")"
image="$(node -e 'console.log(require(process.argv[1]).image)' "$DEMO_DIR/bed.json")"
pulumi_ config set engines "$engines" >/dev/null
pulumi_ config set manager "$manager" >/dev/null
pulumi_ config set advertiseAddr "$address" >/dev/null
pulumi_ config set image "$image" >/dev/null

pulumi_ up --yes
echo
echo "== stack outputs"
pulumi_ stack output
echo
echo "== the cluster, as the Docker CLI sees it (docker -H $manager)"
docker -H "$manager" node ls 2>/dev/null || true
docker -H "$manager" service ls 2>/dev/null || true
echo
echo "demo: done. Run it again to see 'no changes'; 'npm run demo -- down' removes everything."
echo "demo: drive the stack by hand with 'npm run demo -- pulumi <command>' (e.g. preview, refresh, stack output),"
echo "      or in your shell with: PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE=$PULUMI_CONFIG_PASSPHRASE npm run pulumi -- <command> --cwd $PROGRAM --stack demo"
