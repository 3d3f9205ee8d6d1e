#!/usr/bin/env bash
# `npm run bench`: the whole benchmark in one command (issues 6 and 14). Starts its own 3-engine test bed
# (Docker 26.1, bed "bench"), deploys N = 1, 10, 50 identical services with `pulumi up` (this package, at
# Pulumi's default parallelism, --parallel 32 and --parallel 100), `docker stack deploy --detach=false`,
# a script of `docker service create` calls and the raw Engine API floor; measures how soon failing
# tasks fail, Pulumi's own dynamic-provider host with an empty provider, and a 25-engine swarm made by a
# Pulumi program and by a docker CLI script (two more beds, "bench-sa" and "bench-sb"); and writes
# bench/results.json, bench/RESULTS.md and bench/deploy-time.png. ~50 min on 2 cores.
#
# Knobs (environment): BENCH_NS="1 10 50", BENCH_RUNS_SMALL=3, BENCH_RUNS_LARGE=2 (stack deploy at N=50),
# BENCH_SCRIPT_RUNS_LARGE=1 (the create script at N=50), BENCH_MID_PARALLEL=32, BENCH_WIDE_PARALLEL=100,
# BENCH_WINDOW (stability window in seconds for every tool; unset: their default, 5 s),
# BENCH_STEPS="baseline failures fixed deploy scale" (which parts run), BENCH_FAILURE_SAMPLES=5,
# BENCH_SCALE_NODES=25, BENCH_SCALE_PARALLEL (default: Pulumi's), BENCH_NOCHANGE_WAIT=0 (1: also time an
# unchanged `stack deploy --detach=false`), BENCH_OUT_DIR=bench (where results.json, RESULTS.md and the
# chart go), PDS_BENCH_WORK=/tmp/pds-bench, PDS_DOCKER_CLI=path.
# Written for a Debian machine, as root (like the test bed). The beds are torn down at the end, always.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

BED=bench
SCALE_BEDS=(bench-sa bench-sb)
WORK="${PDS_BENCH_WORK:-/tmp/pds-bench}"
OUT_DIR="${BENCH_OUT_DIR:-$PWD/bench}"   # a trial run can write its results elsewhere

log() { echo "bench: $*" >&2; }

# Everything the bench needs, installed when missing: the project's own toolchain (npm dependencies,
# build, Pulumi CLI), a docker CLI >= 26, and rsvg-convert for the chart.
install_tools() {
  bash scripts/bootstrap.sh
  DOCKER="$(bash bench/install-docker-cli.sh)"
  if ! command -v rsvg-convert >/dev/null; then
    log "installing librsvg2-bin (rsvg-convert, for the chart)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=300 >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 librsvg2-bin >&2
  fi
  PULUMI_BIN="$(pds_pulumi_bin)"
  export PATH="$PULUMI_BIN:$PATH"
}

# The bench program with the package installed from its packed tarball, as a user's program has it.
prepare_program() {
  rm -rf "$WORK" && mkdir -p "$WORK/state"
  local tarball
  tarball="$(npm pack --silent --pack-destination "$WORK" | tail -1)"
  cp -r bench/program "$WORK/program"
  (cd "$WORK/program" && npm install --no-audit --no-fund --loglevel=error "$WORK/$tarball" >/dev/null)
}

# Every bed of the bench, together (a 25-engine bed takes a minute or two to stop).
bed_down() {
  local b
  for b in "$BED" "${SCALE_BEDS[@]}"; do
    bash tests/bed/testbed.sh down --name "$b" --kill >/dev/null 2>&1 &
  done
  wait || true
}

# Three engines, one swarm: node1 is the only manager, node2 and node3 join as workers.
bed_up() {
  bed_down
  bash tests/bed/testbed.sh up --nodes 3 --engine 26.1 --name "$BED" > "$WORK/bed.json"
  local hosts addr token i
  mapfile -t hosts < <(jq -r '.engines[].host' "$WORK/bed.json")
  addr="$(jq -r '.engines[0].address' "$WORK/bed.json")"
  "$DOCKER" -H "${hosts[0]}" swarm init --advertise-addr "$addr" >/dev/null
  token="$("$DOCKER" -H "${hosts[0]}" swarm join-token -q worker)"
  for ((i = 1; i < ${#hosts[@]}; i++)); do
    "$DOCKER" -H "${hosts[$i]}" swarm join --token "$token" "$addr:2377" >/dev/null
  done
  log "swarm of ${#hosts[@]} engines up (manager ${hosts[0]})"
}

main() {
  [[ "$(id -u)" == 0 ]] || { log "must run as root (the test bed creates network namespaces)"; exit 1; }
  mkdir -p "$OUT_DIR"
  install_tools
  prepare_program
  trap bed_down EXIT
  bed_up
  # Every stack of the bench lives in its own state folder, never in the developer's.
  export PULUMI_BACKEND_URL="file://$WORK/state" PULUMI_CONFIG_PASSPHRASE=bench
  BENCH_BED_JSON="$WORK/bed.json" BENCH_PROGRAM="$WORK/program" BENCH_WORK="$WORK" BENCH_DOCKER="$DOCKER" \
    BENCH_OUT="$OUT_DIR/results.json" BENCH_TESTBED=tests/bed/testbed.sh BENCH_SCALE_BEDS="${SCALE_BEDS[*]}" node bench/bench.mjs
  node bench/report.mjs "$OUT_DIR/results.json" "$OUT_DIR/RESULTS.md" "$WORK/deploy-time.svg"
  rsvg-convert -o "$OUT_DIR/deploy-time.png" "$WORK/deploy-time.svg"
  log "wrote $OUT_DIR/results.json, RESULTS.md, deploy-time.png"
}

main "$@"
