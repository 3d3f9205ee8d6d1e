// The benchmark driver (run by bench/run.sh, which prepares the bed, the CLIs and the program):
// deploys N = 1, 10, 50 identical services with each tool, measures, cleans up, and writes
// results.json. Tools are interleaved round by round, so that a slow drift of the machine spreads
// over all of them instead of landing on one. Around that: the provider host's memory baselines,
// how soon failing tasks fail (failures.mjs), and the 25-engine scale case (scale.mjs); the machine's
// load and the CPU used by anything but the bench are sampled throughout (lib/machine.mjs).
//
//   node bench/bench.mjs  (configured by environment, see CONFIG below)
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, removeAllServices, sleep, waitUntilEmpty } from "./lib/engine.mjs";
import { floorCreate, floorUpdate } from "./floor.mjs";
import { failureTimes } from "./failures.mjs";
import { machineSampler } from "./lib/machine.mjs";
import { countingProxy } from "./lib/proxy.mjs";
import { memorySampler, rssBytes, run } from "./lib/proc.mjs";
import { convergenceWindow, countLines, followRequestLog, rateIn, stampedText } from "./lib/requests.mjs";
import { scaleCase } from "./scale.mjs";
import { STACK, composeFile, createArgs, names } from "./lib/spec.mjs";

const CONFIG = {
  bed: JSON.parse(fs.readFileSync(need("BENCH_BED_JSON"), "utf8")),
  program: need("BENCH_PROGRAM"), // the bench program, with the packed package installed
  work: need("BENCH_WORK"), // scratch: compose files, scripts, request logs
  docker: need("BENCH_DOCKER"), // docker CLI >= 26
  out: need("BENCH_OUT"), // results.json
  ns: (process.env.BENCH_NS ?? "1 10 50").split(/\s+/).filter(Boolean).map(Number),
  runsSmall: Number(process.env.BENCH_RUNS_SMALL ?? 3), // runs per tool for N <= 10, and for fast tools
  runsLarge: Number(process.env.BENCH_RUNS_LARGE ?? 2), // runs of stack deploy (minutes each) for N >= 50
  scriptRunsLarge: Number(process.env.BENCH_SCRIPT_RUNS_LARGE ?? 1), // runs of the create script (~5 min each) for N >= 50
  // Pulumi's default --parallel is 4 x GOMAXPROCS (8 on 2 cores): the variants set it to these. 32 is
  // the default of an 8-core machine.
  midParallel: Number(process.env.BENCH_MID_PARALLEL ?? 32),
  wideParallel: Number(process.env.BENCH_WIDE_PARALLEL ?? 100),
  // The stability window, seconds (unset: every tool's default, 5 s). See lib/spec.mjs.
  window: process.env.BENCH_WINDOW ? Number(process.env.BENCH_WINDOW) : undefined,
  // Which parts run (all by default): baseline (provider host memory idle, start-up costs), failures,
  // fixed (Pulumi's fixed cost), deploy (N services with every tool, and the follow-ups), scale.
  steps: new Set((process.env.BENCH_STEPS ?? "baseline failures fixed deploy scale").split(/\s+/).filter(Boolean)),
  // Which tools the deploy step runs (all by default; a trial may leave the slow ones out).
  tools: new Set((process.env.BENCH_TOOLS ?? "floor pulumi pulumi32 pulumiWide createScript stackDeploy").split(/\s+/).filter(Boolean)),
  failureSamples: Number(process.env.BENCH_FAILURE_SAMPLES ?? 5),
  testbed: process.env.BENCH_TESTBED ?? "tests/bed/testbed.sh",
  scaleNodes: Number(process.env.BENCH_SCALE_NODES ?? 25),
  scaleManagers: Number(process.env.BENCH_SCALE_MANAGERS ?? 5),
  scaleRemove: Number(process.env.BENCH_SCALE_REMOVE ?? 5),
  scaleParallel: process.env.BENCH_SCALE_PARALLEL ? Number(process.env.BENCH_SCALE_PARALLEL) : undefined, // default: Pulumi's
  scaleBeds: (process.env.BENCH_SCALE_BEDS ?? "bench-sa bench-sb").split(/\s+/).filter(Boolean),
  // Re-running `stack deploy --detach=false` unchanged waits its 5 s window per service again: ~4.5 min
  // more at N = 50, over the time budget, so off by default (the detached re-run is measured always).
  noChangeWait: process.env.BENCH_NOCHANGE_WAIT === "1",
};

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run bench/run.sh)`);
  return v;
}

const manager = new Engine(CONFIG.bed.engines[0].host);
const engines = CONFIG.bed.engines.map((e) => new Engine(e.host));
const image = CONFIG.bed.image;
const results = { meta: {}, load: [], fixedCost: [], fixedNoop: [], deploy: {}, pulumiRuns: [], noopRuns: [], noChange: {}, update: {} };
const started = Date.now();

const log = (msg) => console.error(`bench [${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}`);
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

// ─── the tools ───────────────────────────────────────────────────────────────

const pulumiEnv = (requestLog) => ({ ...process.env, PDS_REQUEST_LOG: requestLog ?? "" });

function pulumi(args, stack, opts = {}) {
  return run("pulumi", [...args, "--stack", stack, "--cwd", CONFIG.program, "--non-interactive"], { env: pulumiEnv(opts.requestLog), ...opts });
}

let stackSeq = 0;
/** A fresh stack (its own state, nothing deployed) configured for n services. */
async function newStack(n, rev = "a", extra = {}) {
  const stack = `run${++stackSeq}`;
  await run("pulumi", ["stack", "init", stack, "--cwd", CONFIG.program, "--non-interactive"]);
  const window = CONFIG.window !== undefined ? { window: `${CONFIG.window}s` } : {};
  await pulumi(["config", "set-all", ...kv({ manager: CONFIG.bed.engines[0].host, n, image, rev, ...window, ...extra })], stack);
  return stack;
}

/** A fresh stack of the scale program (bench/program/scale.ts). */
async function newScaleStack(config) {
  const stack = `run${++stackSeq}`;
  await run("pulumi", ["stack", "init", stack, "--cwd", CONFIG.program, "--non-interactive"]);
  await pulumi(["config", "set-all", ...kv({ mode: "scale", ...config })], stack);
  return stack;
}

const pulumiConfig = (stack, config) => pulumi(["config", "set-all", ...kv(config)], stack);
const kv = (o) => Object.entries(o).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]);

async function dropStack(stack) {
  await run("pulumi", ["stack", "rm", "--force", "--yes", "--stack", stack, "--cwd", CONFIG.program, "--non-interactive"]);
}

/**
 * `pulumi up` timed, with the provider host's memory sampled and its Engine requests logged and
 * stamped as they happen (lib/requests.mjs). `rate`: requests per second while the services converged
 * (first write to a service → last SwarmService done); `rateWhole`: first → last request of the run.
 */
async function pulumiUp(stack, { parallel, label }) {
  const requestLog = path.join(CONFIG.work, `requests-${stack}-${label}.log`);
  const args = ["up", "--yes", "--skip-preview", ...(parallel ? ["--parallel", String(parallel)] : [])];
  let sampler;
  const follower = followRequestLog(requestLog);
  const startedAt = Date.now();
  const loadBefore = os.loadavg()[0];
  let res;
  let stamped;
  try {
    res = await pulumi(args, stack, { requestLog, onStart: (child) => (sampler = memorySampler(child.pid, 50)) });
  } finally {
    stamped = follower.stop();
  }
  const memory = sampler.stop();
  fs.writeFileSync(requestLog.replace(/\.log$/, ".stamped.log"), stampedText(stamped));
  // The CLI's output, stamped, for a closer look after the run.
  fs.writeFileSync(path.join(CONFIG.work, `up-${stack}-${label}.out`), res.lines.map((l) => `${l.t.toFixed(1)} ${l.stream} ${l.text}\n`).join(""));
  const done = res.lines.filter((l) => /SwarmService \S+ (created|updated) \(/.test(l.text)).map((l) => l.t);
  const rate = rateIn(stamped, ...convergenceWindow(stamped, done.length ? Math.max(...done) : undefined));
  const rateWhole = stamped.length > 1 ? rateIn(stamped, stamped[0].t, stamped.at(-1).t) : undefined;
  return {
    wallMs: res.wallMs, startedAt, lines: res.lines, memory, load1: loadBefore, parallel: parallel ?? DEFAULT_PARALLEL,
    requests: countLines(stamped.map((r) => r.line)), rate, rateWhole,
  };
}

/** Engine requests of a run that is not followed live (preview). */
function countRequests(file) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  return countLines(lines);
}

function docker(args, opts = {}) {
  return run(CONFIG.docker, ["-H", opts.host ?? CONFIG.bed.engines[0].host, ...args], opts);
}

function writeCompose(n, rev) {
  const file = path.join(CONFIG.work, `compose-${n}-${rev}.yml`);
  fs.writeFileSync(file, composeFile(n, image, rev, CONFIG.window));
  return file;
}

const stackDeploy = (n, rev, { detach = false, host } = {}) =>
  docker(["stack", "deploy", `--detach=${detach}`, "--resolve-image", "never", "-c", writeCompose(n, rev), STACK], { host });

/** A shell script of N `docker service create` calls, one after the other, each waiting (the default). */
function createScript(n, rev) {
  const file = path.join(CONFIG.work, `create-${n}.sh`);
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const body = names(n).map((name) => [CONFIG.docker, "-H", CONFIG.bed.engines[0].host, ...createArgs(name, image, rev, CONFIG.window)].map(q).join(" "));
  fs.writeFileSync(file, ["#!/bin/sh", "set -e", ...body, ""].join("\n"));
  return file;
}

async function clean({ stack = false } = {}) {
  if (stack) await docker(["stack", "rm", STACK], { allowFail: true });
  await removeAllServices(manager, engines);
}

// ─── what the Engine says afterwards: task timestamps vs. our output lines ───

/**
 * Per service: when its task reached running (the task's Status.Timestamp, Engine clock = this
 * machine's clock), when the provider said so (its "N/N running" progress line reached the CLI's
 * output), and when the CLI reported the resource done ("created"/"updated" line).
 */
async function convergenceLatency(lines, rev, verb) {
  const services = await manager.get("/services");
  const idOf = new Map(services.map((s) => [s.Spec.Name, s.ID]));
  const tasks = await manager.list("/tasks", { "desired-state": ["running"] });
  const per = [];
  for (const [name, id] of idOf) {
    const task = tasks.find((t) => t.ServiceID === id && t.Status.State === "running" && (t.Spec.ContainerSpec.Env ?? []).includes(`BENCH_REV=${rev}`));
    // "1/1 running", or during a rolling update "old 1 running, new 1/1 running".
    const noticedAt = new RegExp(`\\[swarm-service ${name}\\] (?:old \\d+ running, new )?1/1 running`);
    const noticed = lines.find((l) => noticedAt.test(l.text));
    const done = lines.find((l) => new RegExp(`SwarmService ${name} ${verb} \\(`).test(l.text));
    if (!task || !noticed || !done) continue;
    const runningAt = Date.parse(task.Status.Timestamp);
    per.push({ name, runningAt, noticedMs: noticed.t - runningAt, returnedMs: done.t - runningAt, doneAt: done.t });
  }
  if (!per.length) return undefined;
  const last = per.reduce((a, b) => (b.runningAt > a.runningAt ? b : a));
  const lastDone = Math.max(...per.map((p) => p.doneAt));
  return {
    services: per.length,
    noticedMedianMs: median(per.map((p) => p.noticedMs)),
    noticedMaxMs: Math.max(...per.map((p) => p.noticedMs)),
    returnedMedianMs: median(per.map((p) => p.returnedMs)),
    returnedMaxMs: Math.max(...per.map((p) => p.returnedMs)),
    // The issue's measure: from the last task running to the provider returning (last resource done).
    lastRunningToLastDoneMs: lastDone - last.runningAt,
    lastTaskNoticedMs: last.noticedMs,
    noticed: per.map((p) => Math.round(p.noticedMs)), // every service's, for pooled medians
  };
}

/**
 * Marks of a pulumi run's output (ms from spawning the CLI): the program registered its stack (its
 * first line about the Stack resource), the first service started, the last service was done.
 */
function timeline(r, verb) {
  const t0 = r.lines.length ? Math.min(r.startedAt, r.lines[0].t) : r.startedAt;
  const stack = r.lines.find((l) => /pulumi:pulumi:Stack /.test(l.text));
  const starts = r.lines.filter((l) => /SwarmService svc-\d+ (creating|updating) \(/.test(l.text)).map((l) => l.t - t0);
  const dones = r.lines.filter((l) => new RegExp(`SwarmService svc-\\d+ ${verb} \\(`).test(l.text)).map((l) => l.t - t0);
  return {
    programStartedMs: stack ? stack.t - t0 : undefined,
    firstResourceMs: starts.length ? Math.min(...starts) : undefined, lastDoneMs: dones.length ? Math.max(...dones) : undefined,
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ─── the steps ───────────────────────────────────────────────────────────────

/** Pulumi's fixed cost: `pulumi up` of the same program with n = 0, on a fresh stack; then unchanged. */
async function fixedCost() {
  for (let r = 0; r < CONFIG.runsSmall; r++) {
    const stack = await newStack(0);
    const first = await pulumiUp(stack, { label: "fixed" });
    const again = await pulumiUp(stack, { label: "fixed-noop" });
    results.fixedCost.push(first.wallMs);
    results.fixedNoop.push(again.wallMs);
    log(`fixed cost: up of the empty program ${secs(first.wallMs)}, unchanged ${secs(again.wallMs)}`);
    await dropStack(stack);
  }
}

/**
 * What the provider host weighs before it does any work: Pulumi's dynamic-provider host idle (it only
 * starts its gRPC server), and the same with the module a SwarmService stub loads
 * (pulumi-docker-swarm/provider/service). Evidence for the memory target, next to the peak of an
 * empty dynamic provider under `pulumi up` (noopUp).
 */
async function providerBaseline() {
  const host = path.join(CONFIG.program, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
  const idle = async (nodeArgs) => {
    // The engine address is only dialled when a request arrives: an unused port keeps it idle. Read
    // once its RSS has settled (3 s unchanged within 1 MiB; at least 4 s, at most 30 s): on a busy
    // machine the host may still be loading after a fixed pause.
    const child = spawn("node", [...nodeArgs, host, "127.0.0.1:1"], { cwd: CONFIG.program, stdio: "ignore" });
    const t0 = performance.now();
    let last = 0;
    let stableSince = t0;
    for (;;) {
      await sleep(250);
      const rss = rssBytes(child.pid);
      const now = performance.now();
      if (Math.abs(rss - last) > 2 ** 20) stableSince = now;
      last = rss;
      if ((now - t0 >= 4000 && now - stableSince >= 3000) || now - t0 >= 30_000) break;
    }
    child.kill();
    return last;
  };
  results.providerBaseline = {
    hostIdleBytes: await idle([]),
    hostWithProviderModuleBytes: await idle(["--require", "pulumi-docker-swarm/provider/service"]),
    providerModule: "pulumi-docker-swarm/provider/service",
  };
  log(`provider host idle: ${(results.providerBaseline.hostIdleBytes / 2 ** 20).toFixed(0)} MiB, with the provider module loaded ${(results.providerBaseline.hostWithProviderModuleBytes / 2 ** 20).toFixed(0)} MiB`);
}

/**
 * Start-up costs that `pulumi up` pays only when the program has a dynamic resource, and so are not in
 * the empty program's fixed cost: serializing the provider object in the program (Pulumi loads its
 * closure serializer, TypeScript included, on first use), and starting the provider host until it
 * listens. Measured standalone, 3 times each.
 */
async function startupCosts() {
  const mod = (p) => JSON.stringify(path.join(CONFIG.program, "node_modules", p));
  const serialize = `const t0 = performance.now();
    const sc = require(${mod("@pulumi/pulumi/runtime/closure/serializeClosure")});
    const { serviceProvider } = require(${mod("pulumi-docker-swarm/dist/sdk/stubs.js")});
    const t1 = performance.now();
    sc.serializeFunction(() => serviceProvider, { allowSecrets: true }).then(() => console.log(JSON.stringify({ loadMs: t1 - t0, serializeMs: performance.now() - t1 })));`;
  const launcher = path.join(path.dirname((await run("sh", ["-c", "command -v pulumi"])).lines[0].text), "pulumi-resource-pulumi-nodejs");
  const out = { serializeLoadMs: [], serializeMs: [], hostListeningMs: [] };
  for (let i = 0; i < 3; i++) {
    const r = JSON.parse((await run("node", ["-e", serialize], { cwd: CONFIG.program })).lines.filter((l) => l.stream === "out").at(-1).text);
    out.serializeLoadMs.push(r.loadMs);
    out.serializeMs.push(r.serializeMs);
    out.hostListeningMs.push(await untilFirstOutput("sh", [launcher, "127.0.0.1:1"]));
  }
  results.startupCosts = out;
  log(`start-up: closure serializer load ${secs(median(out.serializeLoadMs))} + serialize ${secs(median(out.serializeMs))}; provider host listening after ${secs(median(out.hostListeningMs))}`);
}

/** Milliseconds from spawning a command to its first stdout bytes (then it is stopped). */
function untilFirstOutput(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: CONFIG.program, stdio: ["ignore", "pipe", "ignore"], detached: true });
    child.on("error", reject);
    child.stdout.once("data", () => {
      resolve(performance.now() - t0);
      process.kill(-child.pid); // the launcher and its node child
    });
  });
}

const TOOLS = ["floor", "pulumi", "pulumi32", "pulumiWide", "createScript", "stackDeploy"];

const DEFAULT_PARALLEL = 4 * os.availableParallelism(); // pulumi's default --parallel (4 x GOMAXPROCS)
const PARALLEL = { pulumi: undefined, pulumi32: CONFIG.midParallel, pulumiWide: CONFIG.wideParallel };
const effective = (tool, n) => Math.min(n, PARALLEL[tool] ?? DEFAULT_PARALLEL);

function runsOf(tool, n) {
  if (!CONFIG.tools.has(tool)) return 0;
  // A --parallel variant runs only where it lets more services go at once than the one before it.
  if (tool === "pulumi32" && effective("pulumi32", n) <= effective("pulumi", n)) return 0;
  if (tool === "pulumiWide" && effective("pulumiWide", n) <= Math.max(effective("pulumi", n), effective("pulumi32", n))) return 0;
  if (n >= 50 && tool === "stackDeploy") return CONFIG.runsLarge;
  if (n >= 50 && tool === "createScript") return CONFIG.scriptRunsLarge;
  return CONFIG.runsSmall;
}

/**
 * Pulumi's own dynamic-provider host serving an empty dynamic provider (bench/program/noop.ts): `pulumi
 * up` of one resource (the baseline of the memory target) and of N (Pulumi's own per-resource cost),
 * on fresh stacks, sampled like every Pulumi run. Run once per round at the largest N, next to the
 * SwarmService runs.
 */
async function noopUps(n) {
  for (const count of [...new Set([1, n])]) {
    const stack = await newStack(count, "a", { mode: "noop" });
    const r = await pulumiUp(stack, { label: `noop-${count}` });
    results.noopRuns.push({ n: count, wallMs: r.wallMs, memory: r.memory, requests: r.requests.total, load1: r.load1 });
    log(`empty dynamic provider, ${count} resource(s): ${secs(r.wallMs)}, provider host peak ${(r.memory.peakTreeBytes / 2 ** 20).toFixed(0)} MiB`);
    await dropStack(stack);
  }
}

async function deployRound(n, r) {
  if (n === Math.max(...CONFIG.ns)) await noopUps(n);
  for (const tool of TOOLS) {
    if (r >= runsOf(tool, n)) continue;
    const last = r === runsOf(tool, n) - 1;
    // The steps on an unchanged / changed cluster run on the last N = 50 deployment of each tool.
    const followUp = last && n === Math.max(...CONFIG.ns);
    const wallMs = await deployWith(tool, n, followUp);
    (results.deploy[n] ??= {})[tool] ??= [];
    results.deploy[n][tool].push(wallMs);
  }
}

async function deployWith(tool, n, followUp) {
  switch (tool) {
    case "floor": {
      const f = await floorCreate(manager, n, image, "a", CONFIG.window);
      log(`N=${n} floor: accepted in ${secs(f.acceptedMs)}, all running at ${secs(f.wallMs)}`);
      if (followUp) await floorUpdates(n);
      await clean();
      return f.wallMs;
    }
    case "pulumi":
    case "pulumi32":
    case "pulumiWide": {
      const parallel = PARALLEL[tool];
      const stack = await newStack(n);
      const r = await pulumiUp(stack, { parallel, label: "deploy" });
      const latency = await convergenceLatency(r.lines, "a", "created");
      results.pulumiRuns.push({ step: "deploy", tool, n, parallel: r.parallel, wallMs: r.wallMs, load1: r.load1, memory: r.memory, requests: r.requests, rate: r.rate, latency, ...timeline(r, "created") });
      log(`N=${n} ${tool}: ${secs(r.wallMs)} (provider host peak ${(r.memory.peakTreeBytes / 2 ** 20).toFixed(0)} MiB, ${r.requests.total} requests, ${r.rate ? r.rate.perSecond.toFixed(1) : "–"}/s while converging)`);
      if (followUp) await pulumiFollowUps(stack, n, parallel, tool);
      await clean();
      await dropStack(stack);
      return r.wallMs;
    }
    case "createScript": {
      const res = await run("sh", [createScript(n, "a")]);
      log(`N=${n} createScript: ${secs(res.wallMs)}`);
      await clean();
      return res.wallMs;
    }
    case "stackDeploy": {
      const res = await stackDeploy(n, "a");
      log(`N=${n} stackDeploy: ${secs(res.wallMs)}`);
      if (followUp) await stackFollowUps(n);
      await clean({ stack: true });
      return res.wallMs;
    }
  }
  throw new Error(tool);
}

/** No change (default parallelism only), then BENCH_REV changed in every service, runsSmall times. */
async function pulumiFollowUps(stack, n, parallel, tool) {
  if (!parallel) {
    for (let r = 0; r < CONFIG.runsSmall; r++) {
      const requestLog = path.join(CONFIG.work, `requests-${stack}-preview-${r}.log`);
      fs.rmSync(requestLog, { force: true });
      const p = await pulumi(["preview"], stack, { requestLog });
      push(results.noChange, "pulumiPreview", { wallMs: p.wallMs, requests: countRequests(requestLog) });
      const u = await pulumiUp(stack, { label: `noop-${r}` });
      push(results.noChange, "pulumiUp", { wallMs: u.wallMs, requests: u.requests });
      log(`N=${n} no change: pulumi preview ${secs(p.wallMs)}, pulumi up ${secs(u.wallMs)} (${u.requests.total} requests, ${u.requests.writes} writes)`);
    }
  }
  for (let r = 0; r < CONFIG.runsSmall; r++) {
    const rev = `p${r + 1}`;
    await pulumi(["config", "set", "rev", rev], stack);
    const u = await pulumiUp(stack, { parallel, label: `update-${r}` });
    const latency = await convergenceLatency(u.lines, rev, "updated");
    results.pulumiRuns.push({ step: "update", tool, n, parallel: u.parallel, wallMs: u.wallMs, load1: u.load1, memory: u.memory, requests: u.requests, rate: u.rate, latency, ...timeline(u, "updated") });
    push(results.update, tool, u.wallMs);
    log(`N=${n} one change in all, ${tool}: ${secs(u.wallMs)} (${u.requests.writes} writes, ${u.rate ? u.rate.perSecond.toFixed(1) : "–"} requests/s)`);
  }
}

async function stackFollowUps(n) {
  for (let r = 0; r < CONFIG.runsSmall; r++) {
    const res = await stackDeploy(n, "a", { detach: true });
    push(results.noChange, "stackDeployDetached", { wallMs: res.wallMs });
    log(`N=${n} no change: stack deploy (detached) ${secs(res.wallMs)}`);
  }
  // The CLI's requests, counted once through a proxy (not timed: the proxy adds its own latency).
  const proxy = await countingProxy(path.join(CONFIG.work, "count.sock"), CONFIG.bed.engines[0].host);
  await stackDeploy(n, "a", { detach: true, host: proxy.host });
  await proxy.close();
  results.noChange.stackDeployRequests = countLines(proxy.requests);
  log(`N=${n} no change: stack deploy made ${proxy.requests.length} requests (${results.noChange.stackDeployRequests.writes} writes)`);
  if (CONFIG.noChangeWait) {
    const res = await stackDeploy(n, "a");
    push(results.noChange, "stackDeployWait", { wallMs: res.wallMs });
    log(`N=${n} no change: stack deploy --detach=false ${secs(res.wallMs)}`);
  }
  for (let r = 0; r < CONFIG.runsLarge; r++) {
    const res = await stackDeploy(n, `s${r + 1}`);
    push(results.update, "stackDeploy", res.wallMs);
    log(`N=${n} one change in all, stackDeploy: ${secs(res.wallMs)}`);
  }
}

async function floorUpdates(n) {
  for (let r = 0; r < CONFIG.runsSmall; r++) {
    const f = await floorUpdate(manager, n, image, `f${r + 1}`, CONFIG.window);
    push(results.update, "floor", f.wallMs);
    log(`N=${n} one change in all, floor: accepted in ${secs(f.acceptedMs)}, all running at ${secs(f.wallMs)}`);
  }
}

function push(obj, key, value) {
  (obj[key] ??= []).push(value);
}

async function versions() {
  const ver = await manager.get("/version");
  const cli = await docker(["version", "--format", "{{.Client.Version}}"]);
  const pv = await run("pulumi", ["version"]);
  const pkg = JSON.parse(fs.readFileSync(path.join(CONFIG.program, "node_modules/pulumi-docker-swarm/package.json"), "utf8"));
  const sdk = JSON.parse(fs.readFileSync(path.join(CONFIG.program, "node_modules/@pulumi/pulumi/package.json"), "utf8"));
  const text = (r) => r.lines.map((l) => l.text).join(" ").trim();
  return {
    engine: ver.Version,
    engineApi: ver.ApiVersion,
    engines: CONFIG.bed.engines.length,
    dockerCli: text(cli),
    dockerCliPath: CONFIG.docker,
    pulumiCli: text(pv),
    pulumiSdk: sdk.version,
    package: `${pkg.name} ${pkg.version}`,
    node: process.version,
  };
}

function machine() {
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryBytes: os.totalmem(), kernel: os.release(), platform: `${os.type()} ${os.arch()}` };
}

/** results.json, without this machine's paths (home folder as ~, the checkout as .). */
function save() {
  let text = JSON.stringify(results, (_k, v) => (v instanceof Set ? [...v] : v), 2);
  const swap = (from, to) => (text = text.split(from).join(to));
  swap(`${process.cwd()}/`, "");
  swap(os.homedir(), "~");
  fs.writeFileSync(CONFIG.out, text);
}

/** How soon failing tasks fail (failures.mjs), on the bench's swarm. */
async function failures() {
  log(`failure timing: ${CONFIG.failureSamples} failed tasks of each kind`);
  results.failures = await failureTimes(manager, engines, image, { samples: CONFIG.failureSamples });
  for (const [kind, k] of Object.entries(results.failures.kinds)) {
    const sm = k.summary;
    log(`  ${kind}: ${sm.samples} tasks, ${sm.reachedRunning} reached running, running → failed median ${sm.runningToFailedMedianMs?.toFixed(0) ?? "–"} ms, max ${sm.runningToFailedMaxMs?.toFixed(0) ?? "–"} ms`);
  }
  await clean();
}

async function scale() {
  log(`scale: ${CONFIG.scaleNodes} engines (${CONFIG.scaleManagers} managers), Pulumi on bed ${CONFIG.scaleBeds[0]}, the docker CLI on bed ${CONFIG.scaleBeds[1]}`);
  results.scale = await scaleCase({
    run, docker: CONFIG.docker, testbed: CONFIG.testbed, work: CONFIG.work, log, pulumiUp, newScaleStack, pulumiConfig, dropStack,
    nodes: CONFIG.scaleNodes, managers: CONFIG.scaleManagers, remove: CONFIG.scaleRemove, parallel: CONFIG.scaleParallel, beds: CONFIG.scaleBeds,
  });
  results.scale.defaultParallel = DEFAULT_PARALLEL;
}

/**
 * Runs a step whose failure must not cost the rest of the run (the failure timing, the scale case, each
 * minutes after the deploy steps): the error goes into results.json and RESULTS.md instead.
 */
async function survive(step, fn) {
  try {
    await fn();
  } catch (e) {
    log(`${step} failed: ${e.message ?? e}`);
    (results.errors ??= []).push({ step, message: String(e.message ?? e).split("\n").slice(0, 20).join("\n") });
    await clean().catch(() => undefined);
  }
}

async function main() {
  await waitUntilEmpty(manager, engines);
  results.meta = { startedAt: new Date(started).toISOString(), machine: machine(), config: { ...CONFIG, bed: undefined }, versions: await versions(), defaultParallel: DEFAULT_PARALLEL };
  // Was the machine otherwise idle? 10 s with the bench's bed idle and nothing else of ours running,
  // then samples through the whole run (lib/machine.mjs).
  const stateRoot = path.dirname(CONFIG.bed.stateDir);
  const bedDirs = () => [CONFIG.bed.stateDir, ...CONFIG.scaleBeds.map((b) => path.join(stateRoot, b))].map((d) => `${d}/`);
  const before = machineSampler({ bedDirs, intervalMs: 1000 });
  await sleep(10_000);
  const machineBefore = before.stop();
  const during = machineSampler({ bedDirs, intervalMs: 5000 });
  log(`machine before the run: load ${machineBefore.load1.max.toFixed(2)}, ${machineBefore.othersCores.toFixed(2)} cores used by other processes`);
  try {
    if (CONFIG.steps.has("baseline")) {
      await providerBaseline();
      await startupCosts();
    }
    if (CONFIG.steps.has("failures")) await survive("failures", failures);
    if (CONFIG.steps.has("fixed")) {
      log(`fixed cost (${CONFIG.runsSmall} runs)`);
      await fixedCost();
    }
    if (CONFIG.steps.has("deploy")) {
      for (const n of CONFIG.ns) {
        const rounds = Math.max(...TOOLS.map((t) => runsOf(t, n)));
        for (let r = 0; r < rounds; r++) {
          // The machine may be shared: its load at each round goes with the numbers.
          results.load.push({ n, round: r + 1, load1: os.loadavg()[0] });
          log(`N=${n}, round ${r + 1}/${rounds} (load ${os.loadavg()[0].toFixed(2)})`);
          await deployRound(n, r);
          save(); // partial results survive a failure
        }
      }
    }
    if (CONFIG.steps.has("scale")) await survive("scale", scale);
  } finally {
    results.machine = { before: machineBefore, during: during.stop(), samples: during.samples };
    results.meta.finishedAt = new Date().toISOString();
    results.meta.durationS = Math.round((Date.now() - started) / 1000);
    save();
  }
  log(`done in ${results.meta.durationS} s: ${CONFIG.out} (load ${results.machine.during.load1.median.toFixed(2)} median, ${results.machine.during.othersCores.toFixed(2)} cores used by other processes on average)`);
  await Promise.all([manager, ...engines].map((e) => e.close()));
}

/** `--startup-only`: adds the start-up costs to an existing results.json (a run that predates them). */
async function startupOnly() {
  Object.assign(results, JSON.parse(fs.readFileSync(CONFIG.out, "utf8")));
  await startupCosts();
  results.startupCosts.measuredAfterTheRun = new Date().toISOString();
  save();
  await Promise.all([manager, ...engines].map((e) => e.close()));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  (process.argv.includes("--startup-only") ? startupOnly() : main()).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
