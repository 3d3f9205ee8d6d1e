#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, runs the unit tests, starts two
# test beds of real engines (Debian's docker.io 20.10 / API 1.41 and 26.1 / API 1.45, each engine in
# its own network namespace), runs the Engine client and end-to-end (real Pulumi CLI) tests against
# both, and tears the beds down whatever happens.
#
# Options (environment): PDS_ENGINES="20.10 26.1" (which versions), PDS_NODES=4 (engines per bed),
# PDS_KEEP_BEDS=1 (leave the beds running afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/bootstrap.sh

ENGINES="${PDS_ENGINES:-20.10 26.1}"
NODES="${PDS_NODES:-4}"
RESULTS="$(mktemp -d "${TMPDIR:-/tmp}/pds-test-results.XXXXXX")"
BEDS=()

cleanup() {
  if [[ "${PDS_KEEP_BEDS:-}" != 1 ]]; then
    for bed in "${BEDS[@]}"; do bash tests/bed/testbed.sh down --name "$bed" >/dev/null 2>&1 || true; done
  fi
}
trap cleanup EXIT

status=0
echo "== unit tests" >&2
npx jest --selectProjects unit --json --outputFile="$RESULTS/unit.json" || status=1

echo "== starting test beds: $ENGINES ($NODES engines each)" >&2
bed_files=()
pids=()
for v in $ENGINES; do
  bed="pds-test-${v//./}"
  BEDS+=("$bed")
  bash tests/bed/testbed.sh up --nodes "$NODES" --engine "$v" --name "$bed" > "$RESULTS/$bed.json" &
  pids+=($!)
  bed_files+=("$RESULTS/$bed.json")
done
for pid in "${pids[@]}"; do wait "$pid" || { echo "test bed failed to start" >&2; exit 1; }; done
PDS_BEDS="$(IFS=:; echo "${bed_files[*]}")"
export PDS_BEDS

echo "== engine and end-to-end tests" >&2
npx jest --selectProjects engine e2e --runInBand --json --outputFile="$RESULTS/real.json" || status=1

node -e '
  const fs = require("fs");
  let p = 0, f = 0, s = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { f++; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    p += r.numPassedTests; f += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0); s += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`tests: ${p} passed, ${f} failed, ${s} skipped`);
' "$RESULTS/unit.json" "$RESULTS/real.json"
exit $status
