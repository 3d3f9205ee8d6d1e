// results.json → RESULTS.md and the chart's SVG. Every number in RESULTS.md comes from results.json;
// the explanations quote the numbers they rest on, so that a new run re-checks them. Parts a run did
// not measure (a trial with BENCH_STEPS or BENCH_NS narrowed, an older results.json) are said to be
// missing, never filled in.
//
//   node bench/report.mjs bench/results.json bench/RESULTS.md /tmp/pds-bench/deploy-time.svg
import * as fs from "node:fs";
import { deployChart } from "./chart.mjs";

const [resultsFile, mdFile, svgFile] = process.argv.slice(2);
const R = JSON.parse(fs.readFileSync(resultsFile, "utf8"));

// ─── helpers ─────────────────────────────────────────────────────────────────

const med = (xs) => {
  const s = [...(xs ?? [])].filter((x) => x !== undefined && x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const avg = (xs) => {
  const s = (xs ?? []).filter((x) => x !== undefined && x !== null);
  return s.length ? s.reduce((a, b) => a + b, 0) / s.length : undefined;
};
const max = (xs) => {
  const s = (xs ?? []).filter((x) => x !== undefined && x !== null);
  return s.length ? Math.max(...s) : undefined;
};
const def = (v) => v !== undefined && v !== null && Number.isFinite(v);
const s = (ms, d = 2) => (def(ms) ? `${(ms / 1000).toFixed(d)} s` : "–");
const msf = (ms) => (def(ms) ? `${Math.round(ms)} ms` : "–");
const x = (v) => (def(v) ? `${v.toFixed(v < 10 ? 2 : 1)}×` : "–");
const mib = (b) => (def(b) ? `${(b / 2 ** 20).toFixed(0)} MiB` : "–");
const rps = (v) => (def(v) ? `${v.toFixed(1)}/s` : "–");
const pct = (v) => (def(v) ? `${v >= 0 ? "+" : ""}${(v * 100).toFixed(0)} %` : "–");
const runs = (xs, d = 2) => (xs ?? []).map((v) => (v / 1000).toFixed(d)).join(", ");
const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const ok = (b) => (b === undefined ? "not measured" : b ? "**met**" : "**missed**");

const cfg = R.meta.config;
const m = R.meta.machine;
const v = R.meta.versions;
const DEFAULT_PARALLEL = R.meta.defaultParallel ?? 4 * m.cores;
const PAR = { pulumi: DEFAULT_PARALLEL, pulumi32: cfg.midParallel ?? 32, pulumiWide: cfg.wideParallel ?? 100 };
const PULUMI_TOOLS = ["pulumi", "pulumi32", "pulumiWide"];
const NAMES = {
  pulumi: `\`pulumi up\` (this package, default --parallel ${DEFAULT_PARALLEL})`,
  pulumi32: `\`pulumi up --parallel ${PAR.pulumi32}\``,
  pulumiWide: `\`pulumi up --parallel ${PAR.pulumiWide}\``,
  stackDeploy: "`docker stack deploy --detach=false`",
  createScript: "script of `docker service create`",
  floor: "raw Engine API floor",
};
const ns = Object.keys(R.deploy ?? {}).map(Number).sort((a, b) => a - b);
const N = ns.length ? Math.max(...ns) : undefined;
const deployMed = (n, tool) => med(R.deploy?.[n]?.[tool] ?? []);
const fixed = med(R.fixedCost ?? []);
const pr = (step, tool, n) => (R.pulumiRuns ?? []).filter((p) => p.step === step && p.tool === tool && p.n === n);
/** The Pulumi variant that ran N services with `p` of them at once (the default may be that one). */
function toolAt(n, p) {
  const want = Math.min(n, p);
  return PULUMI_TOOLS.find((t) => R.deploy?.[n]?.[t] && Math.min(n, PAR[t]) === want);
}
/** The widest Pulumi variant at N: every service converging at once when its parallelism ≥ N. */
function widestAt(n) {
  return [...PULUMI_TOOLS].reverse().find((t) => R.deploy?.[n]?.[t]);
}
const waves = (n, tool) => Math.ceil(n / Math.min(n, PAR[tool]));
// The stability window each tool waited: set by BENCH_WINDOW for every tool, else each one's default.
const windowS = cfg.window ?? 5;
const windowMs = windowS * 1000;
const windowText = def(cfg.window)
  ? `${windowS} s for every tool (BENCH_WINDOW): UpdateConfig.Monitor = ${windowS} s in every spec, and the Pulumi program also sets \`convergence.stableFor: "${windowS}s"\``
  : "5 s for every tool, each by its default: `docker stack deploy --detach=false` and `docker service create` wait UpdateConfig.Monitor (the CLI's default, 5 s) after a service converged; `convergence.stableFor` defaults to `updateConfig.monitor`, else 5 s";
const missing = (what) => `not measured in this run (${what})`;

// ─── sections ────────────────────────────────────────────────────────────────

function idleVerdict() {
  const d = R.machine?.during;
  if (!d) return { text: "not sampled in this run (a results.json from before the machine sampler)", idle: undefined };
  const idle = d.othersCores < 0.1 && (R.machine.before?.othersCores ?? 0) < 0.1;
  return {
    idle,
    text: idle
      ? `**yes**: user-space processes outside the bench used ${d.othersCores.toFixed(2)} of ${m.cores} cores on average (worst 5-s sample ${d.othersCoresWorst.toFixed(2)}; criterion: under 0.1 core on average, before and during the run)`
      : `**no**: user-space processes outside the bench used ${d.othersCores.toFixed(2)} of ${m.cores} cores on average (worst 5-s sample ${d.othersCoresWorst.toFixed(2)}; criterion for idle: under 0.1 core). Every tool ran under the same conditions, round by round, but absolute times are inflated and noisier than on an idle machine`,
  };
}

/** The longest time between two machine samples (5 s apart when the machine runs). */
function longestGap() {
  const q = R.machine?.samples ?? [];
  return R.machine?.during?.longestGapS ?? (q.length > 1 ? Math.max(...q.slice(1).map((z, i) => (z.t - q[i].t) / 1000)) : undefined);
}

function header() {
  const d = R.machine?.during;
  const b = R.machine?.before;
  const rounds = (R.load ?? []).map((l) => l.load1);
  const loadText = d
    ? `1-min load average every 5 s: min ${d.load1.min.toFixed(2)}, median ${d.load1.median.toFixed(2)}, max ${d.load1.max.toFixed(2)} (on ${m.cores} cores). CPU, in cores on average: the whole machine ${d.machineCores.toFixed(2)}; the bench's own processes (driver, pulumi, node, docker CLI, the beds' engines and containers) ${d.benchCores.toFixed(2)}; other user-space processes ${d.othersCores.toFixed(2)}; kernel threads and interrupts ${def(d.kernelCores) ? d.kernelCores.toFixed(2) : "–"}`
    : rounds.length
      ? `1-min load average at the start of each round: min ${Math.min(...rounds).toFixed(2)}, median ${med(rounds).toFixed(2)}, max ${Math.max(...rounds).toFixed(2)} (on ${m.cores} cores)`
      : "not recorded";
  const beforeText = b ? `load ${b.load1.max.toFixed(2)}; ${b.othersCores.toFixed(2)} cores used by other user-space processes (10 s with only the bench's idle bed running)` : "not sampled";
  return `# Benchmark: pulumi-docker-swarm against the tools users would pick instead

Generated by \`npm run bench\` (bench/run.sh) from bench/results.json: run ${R.meta.startedAt} – ${R.meta.finishedAt ?? "?"}
(${Math.round((R.meta.durationS ?? 0) / 60)} min). Every number below is from that run. The chart is bench/deploy-time.png.

## Machine and versions

| | |
|---|---|
| machine | ${m.cores} cores (${m.cpu}), ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, ${m.platform}, kernel ${m.kernel} |
| load during the run | ${loadText} |
| before the run | ${beforeText} |
| otherwise idle? | ${idleVerdict().text} |
| engines | ${v.engines} × Docker Engine ${v.engine} (API ${v.engineApi}), one swarm: 1 manager + ${v.engines - 1} workers, each \`dockerd\` in its own network namespace (tests/bed/testbed.sh, bed \`bench\`)${R.scale ? `; the scale case: two more beds of ${R.scale.nodes} engines` : ""} |
| docker CLI | ${v.dockerCli} (${v.dockerCliPath}) |
| Pulumi | CLI ${v.pulumiCli}, @pulumi/pulumi ${v.pulumiSdk}, file backend, local passphrase; default \`--parallel\` here 4 × GOMAXPROCS = ${DEFAULT_PARALLEL} |
| this package | ${v.package}, installed in the bench program from its \`npm pack\` tarball |
| Node.js | ${v.node} |
| stability window | ${windowText} |
${(R.errors ?? []).map((e) => `\n**The ${e.step} step failed in this run**, so its rows are missing: \`${e.message.split("\n")[0]}\`\n`).join("")}${def(longestGap()) && longestGap() > 15 ? `\n**The machine stalled during this run**: ${Math.round(longestGap())} s passed between two of the 5-s samples (the machine, or its virtual machine, did not run the bench meanwhile). Runs that span the stall are suspect; the raw runs and the minute-by-minute table at the end show which.\n` : ""}`;
}

function method() {
  const host = "unix://…/bench/node1/docker.sock";
  return `## What was run

Each tool deploys N identical services (N = ${ns.join(", ") || "–"}): replicated, 1 replica, image \`pds/busybox:latest\`,
\`sleep 3600\`, env \`BENCH_REV=<rev>\`, stop grace period 1 s (busybox \`sleep\` as PID 1 ignores SIGTERM; 10 s of grace
would dominate every update and clean-up, so all tools get 1 s), no published port (no IPVS in this kernel), no network
of their own (the compose file declares its default network external \`bridge\`, so \`stack deploy\` creates no overlay:
every tool's containers end up on the engine's default bridge). No registry lookups: \`--no-resolve-image\`,
\`--resolve-image never\`, Pulumi's \`resolveImage\` off. All services are removed between runs (\`docker stack rm\` for
stacks) and the bench waits until no task and no container is left on any engine.

| tool | command (per run) |
|---|---|
| ${NAMES.pulumi} | \`pulumi up --yes --skip-preview\` on a fresh stack of bench/program (N \`SwarmService\` resources; N, rev from stack config) |
| ${NAMES.pulumi32} | the same with \`--parallel ${PAR.pulumi32}\` (Pulumi's default on an 8-core machine); only where it lets more services run at once than the default |
| ${NAMES.pulumiWide} | the same with \`--parallel ${PAR.pulumiWide}\`: every service at once; only where it lets more run at once than ${PAR.pulumi32} |
| Pulumi's fixed cost | \`pulumi up --yes --skip-preview\` of the same program with n = 0 (no resource) on a fresh stack |
| empty dynamic provider | \`pulumi up\` of the same program in mode \`noop\` (bench/program/noop.ts): 1 (and N) dynamic resources whose provider does nothing, Pulumi's own provider host as the memory baseline |
| ${NAMES.stackDeploy} | \`docker -H ${host} stack deploy --detach=false --resolve-image never -c compose.yml bench\` |
| ${NAMES.createScript} | \`sh create.sh\`: N lines \`docker -H ${host} service create --quiet --no-resolve-image --name svc-NNN --stop-grace-period 1s --env BENCH_REV=a pds/busybox:latest sleep 3600\` (each waits, the CLI's default) |
| ${NAMES.floor} | bench/floor.mjs: N \`POST /services/create\` sent at once (undici over the unix socket), then \`GET /tasks\` every 50 ms until every service has a running task. No stability window |

Runs: ${cfg.runsSmall} per tool and N, except at N ≥ 50: stack deploy ${cfg.runsLarge}, the create script ${cfg.scriptRunsLarge ?? cfg.runsLarge}
(each takes minutes). Tools are interleaved round by round. Tables show medians; every raw run is listed at the end.
Engine requests are counted by the provider (PDS_REQUEST_LOG, one line per request), stamped by the bench as each line
appears (the file is read every 20 ms). The provider host's memory is the RSS of \`pulumi-resource-pulumi-nodejs\` and its
children, sampled every 50 ms.`;
}

// ─── targets (issue 14) ──────────────────────────────────────────────────────

function targetRows() {
  const rows = [];
  const floor = N && deployMed(N, "floor");
  const stack = N && deployMed(N, "stackDeploy");
  const where = (tool) => (tool ? NAMES[tool] : "");

  // 1. deploy ratios against stack deploy
  for (const [p, target, label] of [
    [PAR.pulumi32, 10, `${N} services to converged, \`--parallel ${PAR.pulumi32}\` (Pulumi's default on 8 cores)`],
    [DEFAULT_PARALLEL, 6, `${N} services, this machine's default parallelism (${DEFAULT_PARALLEL})`],
  ]) {
    const tool = N && toolAt(N, p);
    const d = tool && deployMed(N, tool);
    if (!def(d) || !def(stack)) {
      rows.push([label, `≥ ${target}× faster than stack deploy --detach=false, same window`, missing(`N = ${N}, ${tool ? "stack deploy" : `--parallel ${p}`}`), "not measured", "", ""]);
      continue;
    }
    const ratio = stack / d;
    rows.push([
      label,
      `≥ ${target}× faster than \`stack deploy --detach=false\` (same ${windowS} s window)`,
      `${s(d)} vs ${s(stack)}: **${x(ratio)}**`,
      ok(ratio >= target),
      ratio >= target ? `${x(ratio / target)} the target` : `${x(ratio)} instead of ${target}×: ${s(d - stack / target)} too slow (needs ≤ ${s(stack / target)})`,
      whyDeploy(tool, d, stack),
    ]);
  }

  // 2. --parallel 100 against the floor
  {
    const tool = N && toolAt(N, PAR.pulumiWide);
    const d = tool && deployMed(N, tool);
    if (def(d) && def(fixed) && def(floor)) {
      const rest = d - fixed - windowMs;
      const r = rest / floor;
      if (rest <= 0) {
        rows.push([
          `${N} services, \`--parallel ${PAR.pulumiWide}\`: (\`up\` − Pulumi's fixed cost − stableFor)`,
          "≤ 1.5× the raw-API floor",
          `${s(d)} − ${s(fixed)} − ${s(windowMs, 0)} = ${s(rest)}`,
          "**inconclusive**",
          "",
          `the fixed cost measured in this run (runs: ${runs(R.fixedCost)} s) is not below the whole \`up\`: the machine's load changed too much between them to subtract one from the other`,
        ]);
      } else rows.push([
        `${N} services, \`--parallel ${PAR.pulumiWide}\`: (\`up\` − Pulumi's fixed cost − stableFor)`,
        "≤ 1.5× the raw-API floor",
        `${s(d)} − ${s(fixed)} − ${s(windowMs, 0)} = ${s(rest)} vs floor ${s(floor)}: **${x(r)}**`,
        ok(r <= 1.5),
        r <= 1.5 ? `${s(1.5 * floor - rest)} to spare` : `${x(r / 1.5)} over: ${s(rest - 1.5 * floor)} too slow`,
        whyOverFloor(tool, rest, floor),
      ]);
    } else rows.push([`${N} services, \`--parallel ${PAR.pulumiWide}\`: (up − fixed cost − stableFor)`, "≤ 1.5× the raw-API floor", missing("floor, fixed cost or the wide run"), "not measured", "", ""]);
  }

  // 3. one field changed
  const upStack = med(R.update?.stackDeploy ?? []);
  for (const tool of PULUMI_TOOLS.filter((t) => R.update?.[t])) {
    const u = med(R.update[tool]);
    const label = `one field changed in ${N} services, ${tool === "pulumi" ? `default --parallel ${DEFAULT_PARALLEL}` : `--parallel ${PAR[tool]}`}`;
    if (!def(upStack)) {
      rows.push([label, "faster than `stack deploy --detach=false` of the same change", `${s(u)}; stack deploy ${missing("its update")}`, "not measured", "", ""]);
      continue;
    }
    rows.push([
      label,
      "faster than `stack deploy --detach=false` of the same change",
      `${s(u)} vs ${s(upStack)} (${x(upStack / u)})`,
      ok(u < upStack),
      u < upStack ? `${s(upStack - u)} faster` : `${s(u - upStack)} slower (${x(u / upStack)} its time)`,
      whyUpdate(tool, u, upStack),
    ]);
  }
  if (!PULUMI_TOOLS.some((t) => R.update?.[t])) rows.push([`one field changed in ${N} services`, "faster than stack deploy of the same change", missing("no update step"), "not measured", "", ""]);

  // 4. requests per second
  const rate = rateAt(N);
  const rate10 = rateAt(10);
  if (rate) {
    rows.push([
      `Engine requests per second while ${N} services converge (${NAMES[rate.tool]}: all at once)`,
      "≤ 20",
      `**${rps(rate.perSecond)}** (watcher ${rps(rate.watcherPerSecond)}, per-service work ${rps(rate.otherPerSecond)}; busiest second ${rate.peakSecond})`,
      ok(rate.perSecond <= 20),
      rate.perSecond <= 20 ? `${rps(20 - rate.perSecond)} under` : `${rps(rate.perSecond - 20)} over (${x(rate.perSecond / 20)})`,
      whyRate(rate),
    ]);
    if (rate10 && N !== 10) {
      const diff = rate.perSecond / rate10.perSecond - 1;
      const wdiff = rate.watcherPerSecond / rate10.watcherPerSecond - 1;
      rows.push([
        `… the same at N = 10 and N = ${N}`,
        "± 20 %",
        `N = 10: ${rps(rate10.perSecond)} (${NAMES[rate10.tool]}), N = ${N}: ${rps(rate.perSecond)}: **${pct(diff)}**; the watcher alone ${rps(rate10.watcherPerSecond)} → ${rps(rate.watcherPerSecond)} (${pct(wdiff)})`,
        ok(Math.abs(diff) <= 0.2),
        Math.abs(diff) <= 0.2 ? "within" : `${(Math.abs(diff) * 100 - 20).toFixed(0)} points outside`,
        `the watcher's polls ${Math.abs(wdiff) <= 0.2 ? "do not grow" : "change"} with N (${pct(wdiff)}); the per-service requests (create, inspect, check) are ${rps(rate10.otherPerSecond)} at 10 and ${rps(rate.otherPerSecond)} at ${N}: they are one-off work per service, so their rate follows N over a window of similar length (${s(rate10.windowMs)} vs ${s(rate.windowMs)})`,
      ]);
    }
  } else rows.push([`Engine requests per second while ${N} services converge`, "≤ 20", missing("no timestamped request log"), "not measured", "", ""]);

  // 5. convergence noticed
  const lat = latencyAt(N);
  if (lat) {
    rows.push([
      `convergence noticed after the last task runs (N = ${N}, every service of every run)`,
      "≤ 250 ms median, ≤ 500 ms worst",
      `median **${msf(lat.median)}**, worst **${msf(lat.worst)}** (${lat.count !== undefined ? `${lat.count} services in ` : ""}${lat.runs} runs)`,
      ok(lat.median <= 250 && lat.worst <= 500),
      [lat.median <= 250 ? `median ${msf(250 - lat.median)} under` : `median ${msf(lat.median - 250)} over`, lat.worst <= 500 ? `worst ${msf(500 - lat.worst)} under` : `worst ${msf(lat.worst - 500)} over`].join(", "),
      `from the Engine's running timestamp to the provider's \`1/1 running\` line reaching the CLI: the watcher polls every 100–300 ms (${lat.byTool})`,
    ]);
  } else rows.push(["convergence noticed after the last task runs", "≤ 250 ms median, ≤ 500 ms worst", missing("no deploy at N"), "not measured", "", ""]);

  // 6. memory share
  const mem = memoryShares();
  if (mem) {
    const worst = mem.rows.reduce((a, b) => (b.share > a.share ? b : a));
    rows.push([
      `this package's share of the provider host's peak RSS at ${N} services`,
      "≤ 40 MiB",
      `${mem.rows.map((r) => `${r.label}: ${mib(r.peak)} − ${mib(mem.base)} = **${mib(r.share)}**`).join("; ")}`,
      ok(worst.share <= 40 * 2 ** 20),
      worst.share <= 40 * 2 ** 20 ? `${mib(40 * 2 ** 20 - worst.share)} under (worst variant)` : `${mib(worst.share - 40 * 2 ** 20)} over (${worst.label})`,
      `baseline: Pulumi's host serving an empty dynamic provider (1 resource) peaked at ${mib(mem.base)}${def(mem.baseN) ? `, with ${N} empty resources at ${mib(mem.baseN)} (Pulumi's own per-resource cost: ${mib(mem.baseN - mem.base)})` : ""}${moduleCost() !== undefined ? `; the host with \`provider/service\` loaded, idle: ${mib(R.providerBaseline.hostWithProviderModuleBytes)} vs ${mib(R.providerBaseline.hostIdleBytes)} without` : ""}`,
    ]);
  } else rows.push([`this package's share of the provider host's peak RSS at ${N} services`, "≤ 40 MiB", missing("no empty-provider baseline"), "not measured", "", ""]);

  // 7. scale
  const sc = R.scale;
  if (sc?.pulumi?.create && sc?.cli?.create) {
    const p = sc.pulumi.create.wallMs;
    const c = sc.cli.create.wallMs;
    rows.push([
      `${sc.nodes} engines (${sc.managers} managers): all joined, labelled and a global service converged`,
      "≤ 30 s, and faster than the CLI script",
      `\`pulumi up\` ${s(p)} vs CLI script ${s(c)} (${x(c / p)})${sc.pulumi.create.check.ok && sc.cli.create.check.ok ? "" : " (a result did not check out, see the scale section)"}`,
      ok(p <= 30_000 && p < c),
      [p <= 30_000 ? `${s(30_000 - p)} under 30 s` : `${s(p - 30_000)} over 30 s`, p < c ? `${s(c - p)} faster than the CLI` : `${s(p - c)} slower than the CLI`].join(", "),
      whyScale(sc),
    ]);
  } else rows.push(["25 engines: all joined, labelled and a global service converged", "≤ 30 s, and faster than the CLI script", missing("no scale step"), "not measured", "", ""]);

  // 8. no change
  const nc = R.noChange ?? {};
  if (nc.pulumiUp?.length && nc.pulumiPreview?.length) {
    const upWrites = Math.max(...nc.pulumiUp.map((r) => r.requests.writes));
    const upCalls = Math.max(...nc.pulumiUp.map((r) => r.requests.total));
    const previewCalls = Math.max(...nc.pulumiPreview.map((r) => r.requests.total));
    rows.push([`no-change \`preview\` / \`up\` (${N} services)`, "0 Engine calls / 0 writes (keep)", `preview ${previewCalls} calls; up ${upCalls} calls, ${upWrites} writes (max over runs)`, ok(previewCalls === 0 && upWrites === 0), "", "state and diff only: nothing changed, nothing is asked"]);
  } else rows.push(["no-change preview / up", "0 Engine calls / 0 writes (keep)", missing("no no-change step"), "not measured", "", ""]);
  return rows;
}

function targets() {
  return `## Targets (issue 14)

${table(["workload", "target", "measured", "result", "by how much", "why (from the numbers of this run)"], targetRows())}`;
}

// ─── the "why" of each target, from this run's numbers ───────────────────────

/** Where a deploy's time went: before the first service, the services, after; and the waves. */
function phases(tool, n, verb = "deploy") {
  const p = pr(verb, tool, n);
  if (!p.length) return undefined;
  return {
    stack: med(p.map((r) => r.programStartedMs)),
    first: med(p.map((r) => r.firstResourceMs)),
    last: med(p.map((r) => r.lastDoneMs)),
    wall: med(p.map((r) => r.wallMs)),
  };
}

function whyDeploy(tool, d, stack) {
  const w = waves(N, tool);
  const ph = phases(tool, N);
  const parts = [`${w} wave(s) of ≤ ${Math.min(N, PAR[tool])} services, each waiting the ${windowS} s window once converged: ≥ ${s(w * windowMs, 0)} of the ${s(d)}`];
  if (ph) parts.push(`${s(ph.first)} pass before the first service starts (fixed cost ${s(fixed)}), services from then to ${s(ph.last)}`);
  parts.push(`stack deploy waits the same window per service, one after the other: ${s(stack / N)} per service`);
  return parts.join("; ");
}

function whyOverFloor(tool, rest, floor) {
  const ph = phases(tool, N);
  const sc = R.startupCosts;
  const startup = sc ? med(sc.serializeLoadMs) + med(sc.serializeMs) + med(sc.hostListeningMs) : undefined;
  const parts = [];
  if (ph) parts.push(`from the stack's registration (${s(ph.stack)}) to the first service starting: ${s(ph.first - ph.stack)}${def(startup) ? `, of which the provider's start-up (closure serializer, serializing the provider, host listening; measured standalone) is ${s(startup)}` : ""}`);
  if (ph) parts.push(`the services phase (first start → last done) ${s(ph.last - ph.first)} holds the ${windowS} s window and the Engine's work (floor ${s(floor)})`);
  return parts.join("; ") || "–";
}

function whyUpdate(tool, u, upStack) {
  const w = waves(N, tool);
  const p = pr("update", tool, N);
  const lastRun = med(p.map((r) => r.latency?.lastRunningToLastDoneMs));
  return `${w} wave(s) of ≤ ${Math.min(N, PAR[tool])} updates, each a stop (1 s grace), a start and the Engine's own ${windowS} s update monitor; stack deploy sends all ${N} at once and the Engine monitors them in parallel (${s(upStack)}); the last task running → the last resource done: ${s(lastRun)}; floor ${s(med(R.update?.floor ?? []))}`;
}

function whyRate(rate) {
  const routes = Object.entries(rate.byRoute).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ×${n}`).join(", ");
  return `${rate.requests} requests in ${s(rate.windowMs)} (first service write → last service done): ${routes}; the watcher paused ${msf(rate.pollGapMedianMs)} between polls (median; 100 ms minimum, 300 ms backed off)`;
}

function whyScale(sc) {
  const mk = sc.pulumi.create.marks ?? {};
  const cm = sc.cli.create.marks ?? {};
  const par = sc.parallel ?? sc.defaultParallel ?? DEFAULT_PARALLEL;
  return `Pulumi (--parallel ${par}, ${sc.nodes} SwarmNodes in ≥ ${Math.ceil(sc.nodes / par)} waves): the first resource operation started at ${s(mk.firstOperationMs)}, the swarm was created at ${s(mk.swarmCreatedMs)}, nodes done from ${s(mk.firstNodeDoneMs)} to ${s(mk.lastNodeDoneMs)}, the global service started at ${s(mk.serviceStartedMs)} and was done at ${s(mk.serviceDoneMs)} (its ${windowS} s window included; the empty program's fixed cost is ${s(fixed)}); the CLI script: ${sc.cli.create.commands} commands in turn, all joined at ${s(cm.joined)}, labelled at ${s(cm.labelled)}, then \`service create --detach=false\` (same window)`;
}

// ─── measurements behind the targets ─────────────────────────────────────────

/** The request rate of the runs where all n services converged at once (widest variant at n). */
function rateAt(n) {
  const tool = widestAt(n);
  if (!tool || Math.min(n, PAR[tool]) < n) return undefined;
  const rates = pr("deploy", tool, n).map((r) => r.rate).filter(Boolean);
  if (!rates.length) return undefined;
  const pick = (k) => med(rates.map((r) => r[k]));
  const routes = {};
  for (const r of rates) for (const [k, c] of Object.entries(r.byRoute)) routes[k] = (routes[k] ?? 0) + c / rates.length;
  return {
    tool,
    perSecond: pick("perSecond"),
    watcherPerSecond: pick("watcherPerSecond"),
    otherPerSecond: pick("otherPerSecond"),
    peakSecond: max(rates.map((r) => r.peakSecond)),
    windowMs: pick("windowMs"),
    pollGapMedianMs: pick("pollGapMedianMs"),
    requests: Math.round(pick("requests")),
    byRoute: Object.fromEntries(Object.entries(routes).map(([k, c]) => [k, Math.round(c)])),
  };
}

function latencyAt(n) {
  const runs = (R.pulumiRuns ?? []).filter((p) => p.step === "deploy" && p.n === n && p.latency);
  const all = runs.flatMap((p) => p.latency.noticed ?? []);
  if (!all.length) {
    // Results from before per-service values were kept: each run's median and worst.
    if (!runs.length) return undefined;
    return { median: med(runs.map((p) => p.latency.noticedMedianMs)), worst: max(runs.map((p) => p.latency.noticedMaxMs)), count: undefined, runs: runs.length, byTool: "the median of the runs' medians, the worst of their worst" };
  }
  const byTool = PULUMI_TOOLS.map((t) => {
    const v = runs.filter((p) => p.tool === t).flatMap((p) => p.latency.noticed ?? []);
    return v.length ? `--parallel ${PAR[t]}: median ${msf(med(v))}, worst ${msf(max(v))}` : undefined;
  }).filter(Boolean);
  return { median: med(all), worst: max(all), count: all.length, runs: runs.length, byTool: byTool.join("; ") };
}

/** What loading provider/service adds to an idle host (undefined when not measured or implausible). */
function moduleCost() {
  const b = R.providerBaseline;
  const d = b ? b.hostWithProviderModuleBytes - b.hostIdleBytes : undefined;
  return def(d) && d >= 0 ? d : undefined;
}

function memoryShares() {
  const noop = R.noopRuns ?? [];
  const base = med(noop.filter((r) => r.n === 1).map((r) => r.memory.peakTreeBytes));
  if (!def(base) || !N) return undefined;
  const baseN = N !== 1 ? med(noop.filter((r) => r.n === N).map((r) => r.memory.peakTreeBytes)) : undefined;
  const rows = [];
  for (const tool of PULUMI_TOOLS) {
    const p = pr("deploy", tool, N);
    if (!p.length) continue;
    const peak = med(p.map((r) => r.memory.peakTreeBytes));
    rows.push({ tool, label: tool === "pulumi" ? `default (${DEFAULT_PARALLEL})` : `--parallel ${PAR[tool]}`, peak, share: peak - base });
  }
  return rows.length ? { base, baseN, rows } : undefined;
}

// ─── detail sections ─────────────────────────────────────────────────────────

function deploySection() {
  if (!ns.length) return "## 1. Deploy to converged\n\nNot measured in this run.";
  const rows = [];
  for (const n of ns) {
    const stack = deployMed(n, "stackDeploy");
    const floor = deployMed(n, "floor");
    for (const tool of ["pulumi", "pulumi32", "pulumiWide", "stackDeploy", "createScript", "floor"]) {
      const d = deployMed(n, tool);
      if (d === undefined) continue;
      rows.push([n, NAMES[tool], s(d), x(stack / d), x(d / floor), runs(R.deploy[n][tool])]);
    }
    for (const tool of PULUMI_TOOLS) {
      const d = deployMed(n, tool);
      if (d !== undefined) rows.push([n, `${NAMES[tool]} − fixed cost − window`, s(d - fixed - windowMs), "", x((d - fixed - windowMs) / floor), ""]);
    }
  }
  const timeRows = [];
  for (const n of ns) {
    for (const tool of PULUMI_TOOLS) {
      const p = pr("deploy", tool, n);
      if (!p.length) continue;
      timeRows.push([n, NAMES[tool], waves(n, tool), msf(med(p.map((r) => r.programStartedMs))), msf(med(p.map((r) => r.firstResourceMs))), msf(med(p.map((r) => r.lastDoneMs))), msf(med(p.map((r) => r.wallMs))), (med(p.map((r) => r.requests.total)) / n).toFixed(1)]);
    }
  }
  return `## 1. Deploy to converged

Pulumi's fixed cost (\`pulumi up\` of the empty program): **${s(fixed)}** median (runs: ${runs(R.fixedCost)} s).
"× stack deploy" is how many times faster than \`docker stack deploy --detach=false\` (higher is better).

${table(["N", "tool", "median", "× stack deploy", "× floor", "runs (s)"], rows)}

Where Pulumi's time goes (medians; ms from starting the CLI):

${table(["N", "tool", "waves", "program registered its stack", "first service started", "last service done", "exit", "requests per service"], timeRows)}`;
}

function noChangeSection() {
  const nc = R.noChange ?? {};
  if (!nc.pulumiUp?.length) return `## 2. No change\n\nNot measured in this run.`;
  const reqs = (list) => {
    const tot = list.map((r) => r.requests);
    return `${med(tot.map((t) => t.total))} (${tot.map((t) => t.writes).reduce((a, b) => Math.max(a, b), 0)} writes)`;
  };
  const routes = (byRoute) => Object.entries(byRoute ?? {}).map(([k, c]) => `${k} ×${c}`).join(", ") || "none";
  const rows = [
    ["`pulumi preview`", s(med(nc.pulumiPreview.map((r) => r.wallMs))), reqs(nc.pulumiPreview), runs(nc.pulumiPreview.map((r) => r.wallMs))],
    ["`pulumi up --yes --skip-preview`", s(med(nc.pulumiUp.map((r) => r.wallMs))), reqs(nc.pulumiUp), runs(nc.pulumiUp.map((r) => r.wallMs))],
    ["(fixed cost: `pulumi up`, empty program, unchanged)", s(med(R.fixedNoop)), "0", runs(R.fixedNoop)],
  ];
  if (nc.stackDeployDetached) rows.push(["`docker stack deploy` (detached, the default)", s(med(nc.stackDeployDetached.map((r) => r.wallMs))), `${nc.stackDeployRequests.total} (${nc.stackDeployRequests.writes} writes)`, runs(nc.stackDeployDetached.map((r) => r.wallMs))]);
  if (nc.stackDeployWait) rows.push(["`docker stack deploy --detach=false`", s(med(nc.stackDeployWait.map((r) => r.wallMs))), "(as above)", runs(nc.stackDeployWait.map((r) => r.wallMs))]);
  return `## 2. No change (${N} services deployed, nothing changed)

${table(["command", "median", "Engine requests", "runs (s)"], rows)}

Engine requests by route: pulumi up: ${routes(nc.pulumiUp.at(-1).requests.byRoute)}; pulumi preview: ${routes(nc.pulumiPreview.at(-1).requests.byRoute)}${nc.stackDeployRequests ? `;
stack deploy (counted through a proxy socket, in a separate untimed run): ${routes(nc.stackDeployRequests.byRoute)}` : ""}.`;
}

function updateSection() {
  const u = R.update ?? {};
  if (!Object.keys(u).length) return `## 3. One field changed\n\nNot measured in this run.`;
  const floor = med(u.floor ?? []);
  const peer = med(u.stackDeploy ?? []);
  const rows = [...PULUMI_TOOLS, "stackDeploy", "floor"]
    .filter((t) => u[t])
    .map((t) => [NAMES[t], s(med(u[t])), x(peer / med(u[t])), x(med(u[t]) / floor), runs(u[t])]);
  const writes = pr("update", "pulumi", N).map((p) => p.requests.writes);
  return `## 3. One field changed in all ${N} services (env BENCH_REV), to converged

${table(["tool", "median", "× stack deploy (faster)", "× floor", "runs (s)"], rows)}

Pulumi wrote ${writes.join(", ") || "–"} times per run at the default parallelism (one \`POST /services/{id}/update\` per service).`;
}

function rateSection() {
  const rows = (R.pulumiRuns ?? [])
    .filter((p) => p.rate)
    .map((p) => [p.step, NAMES[p.tool], p.n, s(p.rate.windowMs), p.rate.requests, rps(p.rate.perSecond), rps(p.rate.watcherPerSecond), rps(p.rate.otherPerSecond), p.rate.peakSecond, def(p.rate.pollGapMedianMs) ? `${msf(p.rate.pollGapMedianMs)} (${msf(p.rate.pollGapP90Ms)})` : "–", (p.requests.total / p.n).toFixed(1)]);
  if (!rows.length) return "## 4. Engine requests per second\n\nNot measured in this run (no timestamped request log).";
  return `## 4. Engine requests per second while services converge

Each request the provider made, stamped as it appeared in PDS_REQUEST_LOG. The window runs from the first
\`POST /services/create\` (or \`/update\`) to the CLI's last \`SwarmService … created\`/\`updated\` line, so it holds the
stability window too. "Watcher" is the engine's one watcher (one \`GET /services\` and one \`GET /tasks\` per poll, \`GET /nodes\`,
\`GET /events\`); "per-service" is everything else (each create's name look-up, the create, its reads, updates). The log
has no query strings, so the watcher's \`GET /services\` are counted as one per \`GET /tasks\`.

${table(["step", "tool", "N", "window", "requests", "per second", "watcher", "per-service", "busiest second", "watcher's pause between polls: median (90th pct)", "requests per service (whole run)"], rows)}

The watcher pauses 100 ms between polls while something changes and backs off to 300 ms while nothing does; a median
pause near 100 ms over a window that is mostly the stability window (nothing changing) means the back-off did not hold.`;
}

function latencySection() {
  const rows = (R.pulumiRuns ?? [])
    .filter((p) => p.latency)
    .map((p) => [p.step, NAMES[p.tool], p.n, msf(p.latency.noticedMedianMs), msf(p.latency.noticedMaxMs), msf(p.latency.lastTaskNoticedMs), msf(p.latency.returnedMedianMs), msf(p.latency.lastRunningToLastDoneMs)]);
  return `## 5. Convergence detection latency

Per service: the Engine's \`Status.Timestamp\` of its running task (read after the run; same clock) against the moment the
provider's progress line \`[swarm-service svc-NNN] 1/1 running\` reached the CLI's output ("noticed", includes the hop through
the provider host and the CLI's display) and the moment the CLI printed the resource \`created\`/\`updated\` ("returned",
after the stability window).

${rows.length ? table(["step", "tool", "N", "noticed: median", "noticed: worst service", "noticed: last task", "returned: median", "last task running → last resource done"], rows) : "Not measured in this run."}`;
}

function memorySection() {
  const b = R.providerBaseline;
  const rows = (R.pulumiRuns ?? []).map((p) => [p.step, NAMES[p.tool], p.n, mib(p.memory.peakTreeBytes), mib(p.memory.peakNodeBytes), p.memory.samples]);
  const noopRows = (R.noopRuns ?? []).map((r) => ["empty dynamic provider", r.n, s(r.wallMs), mib(r.memory.peakTreeBytes), mib(r.memory.peakNodeBytes), r.memory.samples]);
  const mem = memoryShares();
  return `## 6. Peak memory of the provider host

RSS of \`pulumi-resource-pulumi-nodejs\` (the launcher shell) plus its children (the node process that runs the provider),
sampled every ${R.pulumiRuns?.[0]?.memory.intervalMs ?? 50} ms from /proc, only under the \`pulumi\` process the bench started.
${b ? `Idle (no resource, no request): Pulumi's dynamic-provider host **${mib(b.hostIdleBytes)}**; the same with \`${b.providerModule ?? "pulumi-docker-swarm/provider"}\` loaded **${mib(b.hostWithProviderModuleBytes)}**.` : ""}

Pulumi's own host under \`pulumi up\`, serving an empty dynamic provider (bench/program/noop.ts), measured in the same rounds:

${noopRows.length ? table(["program", "resources", "up", "peak (launcher + node)", "peak node process", "samples"], noopRows) : "Not measured in this run."}

${mem ? `This package's share at N = ${N} (median peak of the SwarmService runs − median peak of the empty provider with 1 resource, ${mib(mem.base)}): ${mem.rows.map((r) => `${r.label} **${mib(r.share)}**`).join(", ")}.${def(mem.baseN) ? ` Of that, Pulumi's own cost of ${N} resources (the empty provider with ${N} resources: ${mib(mem.baseN)}) is ${mib(mem.baseN - mem.base)}.` : ""}` : ""}

Every Pulumi run with SwarmServices:

${table(["step", "tool", "N", "peak (launcher + node)", "peak node process", "samples"], rows)}`;
}

function failureSection() {
  const f = R.failures;
  if (!f) return "## 7. How soon do failing tasks fail? (the stability window)\n\nNot measured in this run.";
  const kinds = Object.entries(f.kinds);
  const rows = kinds.map(([k, d]) => [
    `\`${k}\`: ${d.what}`,
    `\`${d.args.map((a) => (/[\s;'"]/.test(a) ? `'${a}'` : a)).join(" ")}\`${d.healthcheck ? `, healthcheck \`${d.healthcheck.test.join(" ")}\` every ${d.healthcheck.intervalS} s, ${d.healthcheck.retries} retries` : ""}`,
    d.summary.samples,
    `${d.summary.reachedRunning}/${d.summary.samples}`,
    `${d.summary.seenRunning}/${d.summary.samples}`,
    d.summary.reachedRunning ? msf(d.summary.runningToFailedMedianMs) : "never running",
    d.summary.reachedRunning ? msf(d.summary.runningToFailedMaxMs) : "–",
    msf(d.summary.startToDieMedianMs),
  ]);
  const windows = [0.5, 1, 2, 3, 5, 10];
  const caught = (d, w) => {
    if (!d.summary.reachedRunning) return "yes (never converges)";
    return d.summary.runningToFailedMaxMs < w * 1000 ? "yes" : "no";
  };
  const wrows = windows.map((w) => [`${w} s`, ...kinds.map(([, d]) => caught(d, w))]);
  const cost = N
    ? PULUMI_TOOLS.filter((t) => R.deploy?.[N]?.[t]).map((t) => `${t === "pulumi" ? `default --parallel ${DEFAULT_PARALLEL}` : `--parallel ${PAR[t]}`}: ${waves(N, t)} s`).join(", ")
    : "";
  return `## 7. How soon do failing tasks fail? (evidence for the stability window)

Each kind is a replicated service of one task on the bench's swarm (restart policy \`any\`, 1 s delay, so the Engine keeps
making new tasks); ${f.samplesWanted} failed tasks of each were timed (${s(f.elapsedMs, 0)} in all). Swarm reports a task
\`running\` once its container started, or, with a healthcheck, once the container is healthy. Running → failed is the
container's \`die\` event − its \`start\` (or \`health_status: healthy\`) event, from the engines' event streams (ns
timestamps). "Seen running" counts the tasks a poller of the manager's task list every 25 ms saw in state \`running\` at all
(the provider's watcher polls every 100–300 ms: what 25 ms misses, it misses).

${table(["failure", "command", "tasks", "reached running", "seen running (25 ms poll)", "running → failed: median", "worst", "start → exit: median"], rows)}

Which windows catch which failure (a failure is caught when every measured task failed within the window after
reaching running; one that never reaches running keeps the service from converging at all, and the provider fails it
after \`convergence.maxFailures\` failed tasks, whatever the window):

${table(["window", ...kinds.map(([k]) => `\`${k}\``)], wrows)}

The price of the window: it is waited once per wave of services, so each second of window costs, at N = ${N}: ${cost}
(one wave per \`--parallel\` services). ${windowVerdict(kinds)}`;
}

function windowVerdict(kinds) {
  const running = kinds.filter(([, d]) => d.summary.reachedRunning);
  const fast = running.filter(([, d]) => d.summary.runningToFailedMaxMs < 1000);
  const slow = running.filter(([, d]) => d.summary.runningToFailedMaxMs >= 1000);
  const never = kinds.filter(([, d]) => !d.summary.reachedRunning);
  const parts = [];
  if (fast.length) parts.push(`Failures at start (${fast.map(([k]) => `\`${k}\``).join(", ")}) failed at most ${msf(max(fast.map(([, d]) => d.summary.runningToFailedMaxMs)))} after running: a 1 s window catches them`);
  if (never.length) parts.push(`a failing healthcheck (${never.map(([k]) => `\`${k}\``).join(", ")}) never let its task reach running: no window is needed for it`);
  if (slow.length) parts.push(`a crash some seconds in (${slow.map(([k, d]) => `\`${k}\` after ${s(d.summary.runningToFailedMaxMs)}`).join(", ")}) is caught only by a window longer than that`);
  return `${parts.join("; ")}. So a shorter default than 5 s (say 1 s) would still catch every failure at start and every failing healthcheck, and would miss crashes that come later than the window; the 5 s default (the docker CLI's) catches crashes up to 5 s after start, at ${windowS} s per wave.`;
}

function scaleSection() {
  const sc = R.scale;
  if (!sc) return "## 8. Scale: a swarm of 25 engines\n\nNot measured in this run.";
  const bedRows = sc.bedUp.map((b) => [b.bed, b.nodes, b.ok ? "yes" : "**no**", s(b.ms, 1), def(b.memoryAvailableAfterBytes) ? mib(b.memoryAvailableAfterBytes) : "–", b.error ? b.error.split("\n").at(-1) : ""]);
  const chk = (c) => (c ? `${c.got.nodes} nodes, ${c.got.ready} ready, ${c.got.managers} managers, ${c.got.labelled} labelled rev=${c.want.rev}, ${c.got.running} global tasks running${c.ok ? " ✓" : " **(expected " + c.want.nodes + " nodes)**"}` : "–");
  const steps = [
    ["create", `all ${sc.nodes} joined (${sc.managers} managers), labelled, a global service converged`],
    ["labels", `label rev=a → rev=b on all ${sc.nodes} nodes`],
    ["remove", `${sc.remove} workers removed`],
  ];
  const rows = steps.map(([k, what]) => {
    const p = sc.pulumi[k];
    const c = sc.cli[k];
    return [what, s(p?.wallMs), s(c?.wallMs), def(p?.wallMs) && def(c?.wallMs) ? x(c.wallMs / p.wallMs) : "–", chk(p?.check), chk(c?.check)];
  });
  const par = sc.parallel ?? sc.defaultParallel ?? DEFAULT_PARALLEL;
  const pm = sc.pulumi.create?.marks ?? {};
  const cm = sc.cli.create?.marks ?? {};
  const lm = sc.pulumi.labels?.marks ?? {};
  const rm = sc.pulumi.remove?.marks ?? {};
  return `## 8. Scale: a swarm of ${sc.nodes} engines

Two fresh beds of ${sc.nodes} engines (Docker ${v.engine}), both up during both measurements (the one not measured idles
outside any swarm). ${sc.bedUp.some((b) => !b.ok) ? `**Not every bed size started**: see the table; the largest that did, ${sc.nodes}, was used.` : `Both started.`}

${table(["bed", "engines", "started", "in", "memory available after", "error"], bedRows)}

- **Pulumi** (bed \`${sc.bedUp[0]?.bed}\`, \`--parallel ${par}\`): bench/program in mode \`scale\` (bench/program/scale.ts): a \`Swarm\` on
  the first engine, a \`SwarmNode\` per other engine (${sc.managers - 1} with the manager token and role \`manager\`, the rest workers),
  labels \`zone\` and \`rev\` on every node (the first manager's through a \`SwarmNode\` by \`nodeId\`, merge mode), and a global
  \`SwarmService\` depending on every node. Then \`rev=b\` (a label change on every node), then the last ${sc.remove} workers dropped
  from the program (each \`SwarmNode\` delete drains the node, waits for its tasks, makes it leave and removes it).
- **docker CLI** (bed \`${sc.bedUp[1]?.bed}\`): a script of \`docker swarm init\`, \`docker swarm join\` on each engine in turn
  (manager token for the managers), \`docker node update --label-add\` for every node, \`docker service create --mode global
  --detach=false\`; then \`docker node update --label-add rev=b\` for every node; then, per removed worker, \`docker swarm leave\`
  on it and \`docker node rm --force\` on the manager (without \`--force\` the manager refuses a node that still looks ready for
  ~10 s after it left). It does not drain first.

Each result was read back from the first manager after the step (node list and the global service's tasks).

${table(["step", "`pulumi up`", "CLI script", "× (CLI / Pulumi)", "Pulumi: read back", "CLI: read back"], rows)}

Where Pulumi's time went (s from starting \`pulumi up\`; the empty program's fixed cost is ${s(fixed)}; before the first
resource operation, Pulumi starts, the program registers its resources and the provider host checks and diffs each one):

${table(
  ["step", "first resource operation started", "first node started", "first node done", "last node done", "nodes done", "global service started", "… done", "exit", "requests (writes)", "provider host peak"],
  [["create", pm], ["labels", lm], ["remove", rm]].map(([k, q]) => [k, s(q.firstOperationMs), s(q.firstNodeStartedMs), s(q.firstNodeDoneMs), s(q.lastNodeDoneMs), q.nodesDone ?? "–", s(q.serviceStartedMs), s(q.serviceDoneMs), s(sc.pulumi[k]?.wallMs), `${sc.pulumi[k]?.requests?.total ?? "–"} (${sc.pulumi[k]?.requests?.writes ?? "–"})`, mib(sc.pulumi[k]?.memory?.peakTreeBytes)]),
)}

The CLI script had every engine joined at ${s(cm.joined)} and every node labelled at ${s(cm.labelled)}; its label change
is ${sc.cli.labels?.commands ?? "–"} \`docker node update\` calls (${s(sc.cli.labels?.wallMs)}), against a \`pulumi up\` that pays its fixed cost, then
reads, diffs and writes each node through the provider (${sc.pulumi.labels?.requests?.writes ?? "–"} writes).`;
}

function why() {
  if (!N) return "";
  const lines = ["## Why, from the evidence", ""];
  const p = phases("pulumi", N);
  const sc = R.startupCosts;
  const stack = deployMed(N, "stackDeploy");
  if (p && def(stack)) {
    lines.push(
      `**Deploy.** At N = ${N}, \`pulumi up\` spent ${s(p.first)} before the first service started (the empty program's fixed cost is ${s(fixed)}; ` +
        (sc ? `loading Pulumi's closure serializer ${s(med(sc.serializeLoadMs))}, serializing the provider ${s(med(sc.serializeMs))} and starting the provider host ${s(med(sc.hostListeningMs))} are measured standalone` : "the provider's start-up is not broken down in this run") +
        `), then ${s(p.last - p.first)} on the services. Each service, once converged, waits the ${windowS} s window; with ${DEFAULT_PARALLEL} at a time that is ${waves(N, "pulumi")} waves. ` +
        `\`docker stack deploy --detach=false\` creates every service at once but waits for them one after the other, each for the same window: ${s(stack / N)} per service, ${s(stack)} for ${N}. ` +
        "Pulumi's parallelism is the largest lever (`--parallel`, or PULUMI_PARALLEL): it sets how many windows are waited side by side.",
    );
  }
  const rate = rateAt(N);
  if (rate) {
    lines.push(
      "",
      `**Requests.** With all ${N} services converging at once (${NAMES[rate.tool]}), the provider made ${rate.perSecond.toFixed(1)} requests per second over ${s(rate.windowMs)}: the watcher ${rps(rate.watcherPerSecond)} (one poll answers every service: \`GET /services\` + \`GET /tasks\`; it pauses 100 ms between polls while something changes and backs off to 300 ms while nothing does; here it paused ${msf(rate.pollGapMedianMs)} between polls, median) and per-service work ${rps(rate.otherPerSecond)} (each create, its name look-up and its reads: a fixed number per service, so their rate grows with the number of services started in the window).`,
    );
  }
  const mem = memoryShares();
  if (mem) {
    lines.push(
      "",
      `**Memory.** Pulumi's dynamic-provider host serving a provider that does nothing peaked at ${mib(mem.base)} under \`pulumi up\`${def(mem.baseN) ? ` (${mib(mem.baseN)} with ${N} such resources)` : ""}; with ${N} SwarmServices it peaked at ${mem.rows.map((r) => `${mib(r.peak)} (${r.label})`).join(", ")}. The difference is this package's share: the \`provider/service\` module${moduleCost() !== undefined ? ` (loaded in an idle host, it adds ${mib(moduleCost())})` : ""}, and the working memory of the run (requests and parsed answers, gRPC messages with each resource's inputs and outputs).`,
    );
  }
  return lines.join("\n");
}

function raw() {
  const lines = ["## All raw runs", "", "Deploy (seconds, in run order):", ""];
  for (const n of ns) for (const [tool, xs] of Object.entries(R.deploy[n])) lines.push(`- N = ${n}, ${NAMES[tool] ?? tool}: ${runs(xs, 3)}`);
  lines.push("", `Fixed cost: ${runs(R.fixedCost ?? [], 3)}; unchanged empty program: ${runs(R.fixedNoop ?? [], 3)}.`, "", "One change in all:", "");
  for (const [tool, xs] of Object.entries(R.update ?? {})) lines.push(`- ${NAMES[tool] ?? tool}: ${runs(xs, 3)}`);
  lines.push("", "Every Pulumi run (wall, marks in ms from start, requests by method, peak memory, 1-min load at start):", "");
  lines.push(
    table(
      ["step", "tool", "N", "parallel", "wall", "first Stack line", "first service", "last done", "requests", "peak", "load"],
      (R.pulumiRuns ?? []).map((p) => [p.step, p.tool, p.n, p.parallel ?? "–", s(p.wallMs, 3), msf(p.programStartedMs), msf(p.firstResourceMs), msf(p.lastDoneMs), Object.entries(p.requests.byMethod).map(([k, c]) => `${k} ${c}`).join(", "), mib(p.memory.peakTreeBytes), p.load1?.toFixed(2) ?? "–"]),
    ),
  );
  const samples = R.machine?.samples ?? [];
  if (samples.length) {
    // One line per minute: the load and the CPU split, so a busy stretch can be matched to the runs above.
    const t0 = samples[0].t;
    const perMinute = new Map();
    for (const smp of samples.filter((q) => q.machineCores !== undefined)) {
      const k = Math.floor((smp.t - t0) / 60000);
      if (!perMinute.has(k)) perMinute.set(k, []);
      perMinute.get(k).push(smp);
    }
    lines.push("", "The machine, minute by minute (1-min load at the minute's last sample; CPU in cores, the mean of the minute's 5-s samples):", "");
    lines.push(
      table(
        ["minute", "load", "machine", "bench", "other processes", "kernel"],
        [...perMinute].map(([k, q]) => [k, q.at(-1).load1.toFixed(2), ...["machineCores", "benchCores", "othersCores", "kernelCores"].map((f) => (avg(q.map((z) => z[f])) ?? 0).toFixed(2))]),
      ),
    );
  }
  return lines.join("\n");
}

function chart() {
  const series = [
    { key: "stackDeploy", name: "docker stack deploy --detach=false", color: "#d62728" },
    { key: "createScript", name: "docker service create script", color: "#ff7f0e" },
    { key: "pulumi", name: `pulumi up (default --parallel ${DEFAULT_PARALLEL})`, color: "#1f77b4" },
    { key: "pulumi32", name: `pulumi up --parallel ${PAR.pulumi32}`, color: "#9467bd" },
    { key: "pulumiWide", name: `pulumi up --parallel ${PAR.pulumiWide}`, color: "#17becf" },
    { key: "floor", name: "raw Engine API floor", color: "#2ca02c" },
  ].map((t) => ({ ...t, points: ns.filter((n) => deployMed(n, t.key) !== undefined).map((n) => [n, deployMed(n, t.key) / 1000]) }));
  if (def(fixed)) series.push({ name: "pulumi up − fixed cost", color: "#1f77b4", dashed: true, points: ns.filter((n) => def(deployMed(n, "pulumi"))).map((n) => [n, (deployMed(n, "pulumi") - fixed) / 1000]) });
  const drawn = series.filter((t) => t.points.length && t.points.every(([, y]) => y > 0));
  return drawn.length ? deployChart(drawn, `Deploy N services to converged (Docker ${v.engine}, ${m.cores} cores)`) : `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><text x="10" y="30">no deploy measured</text></svg>`;
}

fs.writeFileSync(
  mdFile,
  [header(), method(), targets(), deploySection(), noChangeSection(), updateSection(), rateSection(), latencySection(), memorySection(), failureSection(), scaleSection(), why(), raw(), ""].join("\n\n"),
);
fs.writeFileSync(svgFile, chart());
console.error(`report: wrote ${mdFile} and ${svgFile}`);
