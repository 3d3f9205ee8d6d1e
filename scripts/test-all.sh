#!/usr/bin/env bash
# The whole test suite (`npm test`), from a fresh machine: installs what it needs, runs the unit tests,
# starts two test beds of real engines (Debian's docker.io 20.10 / API 1.41 and 26.1 / API 1.45, each
# engine in its own network namespace), runs the Engine client and end-to-end (real Pulumi CLI) tests
# against both beds at once (one jest process per bed), and tears the beds down whatever happens.
#
# Options (environment): PDS_ENGINES="20.10 26.1" (which versions), PDS_NODES=5 (engines per bed),
# PDS_KEEP_BEDS=1 (leave the beds running afterwards), PDS_SERIAL=1 (one bed after the other),
# PDS_TESTS="faults service" (only the e2e/engine test files whose path matches these words).
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
PHASES=()
phase() { PHASES+=("$(printf '%-34s %5ss' "$1" "$(( $(date +%s) - $2 ))")"); }

t=$(date +%s)
source scripts/env.sh
bash scripts/bootstrap.sh
phase "bootstrap (node, npm ci, build, CLI)" "$t"

# The YAML and Python language hosts (and the Python SDK's virtualenv) for the provider plugin's
# end-to-end proofs (tests/e2e/plugin.test.ts), built once into the cache like the CLI.
t=$(date +%s)
bash tests/bed/build-language-hosts.sh >/dev/null
phase "language hosts (YAML, Python)" "$t"

# Fail closed: no test may reach an engine it was not given. A default (DOCKER_HOST unset) would be
# /var/run/docker.sock; this socket does not exist, so an accidental default fails loudly instead.
export DOCKER_HOST="unix:///nonexistent/pulumi-docker-swarm-tests/docker.sock"
unset DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_CONTEXT DOCKER_API_VERSION

ENGINES="${PDS_ENGINES:-20.10 26.1}"
NODES="${PDS_NODES:-5}"
RESULTS="$(mktemp -d "${TMPDIR:-/tmp}/pds-test-results.XXXXXX")"
BEDS=()

cleanup() {
  if [[ "${PDS_KEEP_BEDS:-}" != 1 ]]; then
    for bed in "${BEDS[@]}"; do bash tests/bed/testbed.sh down --name "$bed" >/dev/null 2>&1 || true; done
  fi
  # Scratch folders of the e2e runs (program copies, their node_modules and state).
  rm -rf "$RESULTS"/work-* 2>/dev/null || true
}
trap cleanup EXIT

status=0
t=$(date +%s)
echo "== unit tests" >&2
npx jest --selectProjects unit --json --outputFile="$RESULTS/unit.json" || status=1
phase "unit tests" "$t"

t=$(date +%s)
echo "== starting test beds: $ENGINES ($NODES engines each)" >&2
pids=()
for v in $ENGINES; do
  bed="pds-test-${v//./}"
  BEDS+=("$bed")
  bash tests/bed/testbed.sh up --nodes "$NODES" --engine "$v" --name "$bed" > "$RESULTS/$bed.json" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || { echo "test bed failed to start" >&2; exit 1; }; done
phase "test beds up" "$t"

# The package is built and packed once (`npm pack`, as it is published); every e2e program installs
# that tarball.
t=$(date +%s)
tarball="$RESULTS/$(npm pack --silent --pack-destination "$RESULTS" | tail -1)"
export PDS_TARBALL="$tarball"
phase "npm pack" "$t"

filter=()
[[ -n "${PDS_TESTS:-}" ]] && filter=(--testPathPatterns "$(echo "$PDS_TESTS" | tr ' ' '|')")
run_bed() {
  local bed="$1"
  PDS_BEDS="$RESULTS/$bed.json" PDS_E2E_WORK="$RESULTS/work-$bed" \
    npx jest --selectProjects engine e2e --runInBand "${filter[@]}" --json --outputFile="$RESULTS/real-$bed.json" 2>&1 |
    sed -u "s/^/[$bed] /"
  return "${PIPESTATUS[0]}"
}

echo "== engine and end-to-end tests ($( [[ "${PDS_SERIAL:-}" == 1 ]] && echo "one bed after the other" || echo "both beds at once"))" >&2
t=$(date +%s)
declare -A bed_pid bed_start
for bed in "${BEDS[@]}"; do
  bed_start[$bed]=$(date +%s)
  if [[ "${PDS_SERIAL:-}" == 1 ]]; then
    run_bed "$bed" || status=1
    phase "e2e + engine on $bed" "${bed_start[$bed]}"
  else
    run_bed "$bed" &
    bed_pid[$bed]=$!
  fi
done
if [[ "${PDS_SERIAL:-}" != 1 ]]; then
  for bed in "${BEDS[@]}"; do
    wait "${bed_pid[$bed]}" || status=1
    phase "e2e + engine on $bed" "${bed_start[$bed]}"
  done
fi
phase "engine and end-to-end tests" "$t"

node -e '
  const fs = require("fs");
  let p = 0, f = 0, s = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { f++; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    p += r.numPassedTests; f += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0); s += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`tests: ${p} passed, ${f} failed, ${s} skipped`);
' "$RESULTS/unit.json" $(for bed in "${BEDS[@]}"; do echo "$RESULTS/real-$bed.json"; done)

echo "== timings" >&2
for line in "${PHASES[@]}"; do echo "  $line" >&2; done
printf '  %-34s %5ss\n' "total" "$(( $(date +%s) - T0 ))" >&2
exit $status
