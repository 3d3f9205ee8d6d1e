// The scale case: a swarm of many engines (25 by default: 5 managers, 20 workers) made by one Pulumi
// program, against a script of docker CLI calls doing the same, each on its own fresh test bed.
//
//   create   Pulumi: `pulumi up` of bench/program in mode "scale" (a Swarm on the first engine, a
//            SwarmNode per other engine, labels zone/rev on every node, a global SwarmService that
//            depends on all nodes). CLI: `docker swarm init`, `docker swarm join` on each engine in
//            turn (manager token for the managers), `docker node update --label-add` for every node,
//            `docker service create --mode global --detach=false`.
//   labels   a rolling label change: label rev=a → rev=b on every node (Pulumi: config rev=b, up; CLI:
//            `docker node update --label-add rev=b` for each node).
//   remove   the last 5 workers leave the swarm (Pulumi: config members lowered, up: each SwarmNode
//            delete drains the node, waits for its tasks, makes it leave and removes it; CLI:
//            `docker swarm leave` on the worker, then `docker node rm --force` on the manager).
//
// Both beds are started first and stay up during both measurements (the one not measured idles, its
// engines not in any swarm), so each tool runs under the same conditions. Each step's result is read
// back from the manager (node count, readiness, labels, running tasks of the global service).
import * as fs from "node:fs";
import * as path from "node:path";
import { Engine, sleep } from "./lib/engine.mjs";

const STEP_NAMES = ["create", "labels", "remove"];

/**
 * ctx: { run, docker, testbed, work, log, pulumiUp, newScaleStack, pulumiConfig, dropStack, nodes,
 *        managers, remove, parallel, image, beds: [nameA, nameB] }
 */
export async function scaleCase(ctx) {
  const out = { nodes: undefined, managers: ctx.managers, remove: ctx.remove, parallel: ctx.parallel, bedUp: [], pulumi: {}, cli: {} };
  // The largest bed (from ctx.nodes down, in steps of 5) that starts here, for both tools.
  let nodes = ctx.nodes;
  let beds;
  for (; nodes >= 5; nodes -= 5) {
    beds = [];
    for (const name of ctx.beds) {
      const r = await bedUp(ctx, name, nodes);
      out.bedUp.push({ bed: name, nodes, ...r.timing });
      if (!r.bed) break;
      beds.push(r.bed);
    }
    if (beds.length === ctx.beds.length) break;
    for (const name of ctx.beds) await ctx.run("bash", [ctx.testbed, "down", "--name", name, "--kill"], { allowFail: true });
  }
  if (!beds || beds.length < ctx.beds.length) throw new Error("scale: no bed of 5 or more engines started");
  out.nodes = nodes;
  const managers = Math.min(ctx.managers, nodes);
  const remove = Math.min(ctx.remove, nodes - managers);
  ctx.log(`scale: two beds of ${nodes} engines up (${out.bedUp.map((b) => `${b.bed} ${(b.ms / 1000).toFixed(0)} s`).join(", ")})`);

  out.pulumi = await withPulumi(ctx, beds[0], { nodes, managers, remove });
  await leaveAll(ctx, beds[0]); // bed A idles like bed B did
  out.cli = await withCli(ctx, beds[1], { nodes, managers, remove });
  await leaveAll(ctx, beds[1]);
  return out;
}

async function bedUp(ctx, name, nodes) {
  await ctx.run("bash", [ctx.testbed, "down", "--name", name, "--kill"], { allowFail: true });
  const t0 = performance.now();
  const r = await ctx.run("bash", [ctx.testbed, "up", "--nodes", String(nodes), "--engine", "26.1", "--name", name], { allowFail: true });
  const ms = performance.now() - t0;
  if (r.code !== 0) {
    const tail = r.lines.filter((l) => l.stream === "err").slice(-5).map((l) => l.text);
    ctx.log(`scale: bed ${name} of ${nodes} engines did not start (${(ms / 1000).toFixed(0)} s): ${tail.join(" / ")}`);
    return { timing: { ms, ok: false, error: tail.join("\n") } };
  }
  const bed = JSON.parse(r.lines.filter((l) => l.stream === "out").map((l) => l.text).join("\n"));
  return { bed, timing: { ms, ok: true, memoryAvailableAfterBytes: memAvailable() } };
}

function memAvailable() {
  const m = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/meminfo", "utf8"));
  return m ? Number(m[1]) * 1024 : undefined;
}

// ─── Pulumi ──────────────────────────────────────────────────────────────────

async function withPulumi(ctx, bed, { nodes, managers, remove }) {
  const manager = new Engine(bed.engines[0].host);
  const hosts = bed.engines.map((e) => ({ host: e.host, address: e.address }));
  const stack = await ctx.newScaleStack({ hosts: JSON.stringify(hosts), managers, members: nodes - 1, rev: "a", image: bed.image });
  const res = {};
  try {
    const create = await ctx.pulumiUp(stack, { parallel: ctx.parallel, label: "scale-create" });
    res.create = { ...summary(create), marks: marks(create), check: await checkCluster(manager, { nodes, managers, rev: "a", service: true }) };
    ctx.log(`scale: pulumi create ${secs(create.wallMs)} (${describe(res.create.check)})`);

    await ctx.pulumiConfig(stack, { rev: "b" });
    const labels = await ctx.pulumiUp(stack, { parallel: ctx.parallel, label: "scale-labels" });
    res.labels = { ...summary(labels), marks: marks(labels), check: await checkCluster(manager, { nodes, managers, rev: "b", service: true }) };
    ctx.log(`scale: pulumi label change ${secs(labels.wallMs)} (${describe(res.labels.check)})`);

    await ctx.pulumiConfig(stack, { members: nodes - 1 - remove });
    const removal = await ctx.pulumiUp(stack, { parallel: ctx.parallel, label: "scale-remove" });
    res.remove = { ...summary(removal), marks: marks(removal), check: await checkCluster(manager, { nodes: nodes - remove, managers, rev: "b", service: true }) };
    ctx.log(`scale: pulumi removal of ${remove} workers ${secs(removal.wallMs)} (${describe(res.remove.check)})`);
  } finally {
    await ctx.dropStack(stack);
    await manager.close();
  }
  return res;
}

function summary(r) {
  return { wallMs: r.wallMs, load1: r.load1, requests: r.requests, rate: r.rate, memory: r.memory };
}

/**
 * Marks in ms from the start of `up` (the CLI prints each resource's start and end as they happen): the
 * first resource operation started (before it: Pulumi's start, the program registering its resources,
 * the provider host checking and diffing each), the swarm created, the first node operation started,
 * the first and last node done (created, updated or deleted), the global service started and done.
 */
function marks(r) {
  const t0 = r.startedAt;
  const at = (re) => r.lines.filter((l) => re.test(l.text)).map((l) => l.t - t0);
  const first = (xs) => (xs.length ? Math.min(...xs) : undefined);
  const last = (xs) => (xs.length ? Math.max(...xs) : undefined);
  const nodesDone = at(/SwarmNode node-\d+ (created|updated|deleted) \(/);
  return {
    firstOperationMs: first(at(/(Swarm|SwarmNode|SwarmService) \S+ (creating|updating|deleting) \(/)),
    swarmCreatedMs: first(at(/Swarm swarm created \(/)),
    firstNodeStartedMs: first(at(/SwarmNode node-\d+ (creating|updating|deleting) \(/)),
    firstNodeDoneMs: first(nodesDone),
    lastNodeDoneMs: last(nodesDone),
    nodesDone: nodesDone.length,
    serviceStartedMs: first(at(/SwarmService global creating \(/)),
    serviceDoneMs: first(at(/SwarmService global created \(/)),
  };
}

// ─── docker CLI ──────────────────────────────────────────────────────────────

async function withCli(ctx, bed, { nodes, managers, remove }) {
  const manager = new Engine(bed.engines[0].host);
  const d = (host) => `${q(ctx.docker)} -H ${q(host)}`;
  const m = bed.engines[0];
  const hostname = (i) => `node${i + 1}`; // each bed engine's host name (tests/bed/testbed.sh)
  const scripts = {
    create: [
      `${d(m.host)} swarm init --advertise-addr ${m.address} >/dev/null`,
      `MT="$(${d(m.host)} swarm join-token -q manager)"`,
      `WT="$(${d(m.host)} swarm join-token -q worker)"`,
      ...bed.engines.slice(1).map((e, k) => `${d(e.host)} swarm join --token "$${k + 1 < managers ? "MT" : "WT"}" --advertise-addr ${e.address} ${m.address}:2377 >/dev/null`),
      "echo mark joined",
      ...bed.engines.map((_e, i) => `${d(m.host)} node update --label-add zone=z${i % 3} --label-add rev=a ${hostname(i)} >/dev/null`),
      "echo mark labelled",
      `${d(m.host)} service create --detach=false --quiet --mode global --name global --no-resolve-image --stop-grace-period 1s ${q(bed.image)} sleep 3600 >/dev/null`,
    ],
    labels: bed.engines.map((_e, i) => `${d(m.host)} node update --label-add rev=b ${hostname(i)} >/dev/null`),
    remove: bed.engines.slice(nodes - remove).flatMap((e, k) => [
      `${d(e.host)} swarm leave >/dev/null`,
      `${d(m.host)} node rm --force ${hostname(nodes - remove + k)} >/dev/null`,
    ]),
  };
  const res = {};
  try {
    for (const step of STEP_NAMES) {
      const file = path.join(ctx.work, `scale-${step}.sh`);
      fs.writeFileSync(file, ["#!/bin/sh", "set -e", ...scripts[step], ""].join("\n"));
      const startedAt = Date.now();
      const r = await ctx.run("sh", [file]);
      const stepMarks = Object.fromEntries(r.lines.filter((l) => l.text.startsWith("mark ")).map((l) => [l.text.slice(5), l.t - startedAt]));
      const expect = step === "remove" ? { nodes: nodes - remove, rev: "b" } : { nodes, rev: step === "create" ? "a" : "b" };
      res[step] = { wallMs: r.wallMs, commands: scripts[step].filter((l) => l.includes(" -H ")).length, marks: stepMarks, check: await checkCluster(manager, { ...expect, managers, service: true }) };
      ctx.log(`scale: cli ${step} ${secs(r.wallMs)} (${describe(res[step].check)})`);
    }
  } finally {
    await manager.close();
  }
  return res;
}

const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

// ─── checks and clean-up ─────────────────────────────────────────────────────

/** What the manager reports: nodes, ready ones, managers, nodes with label rev, running global tasks. */
async function checkCluster(manager, want) {
  const list = await manager.get("/nodes");
  const tasks = want.service ? await manager.list("/tasks", { service: ["global"], "desired-state": ["running"] }) : [];
  const got = {
    nodes: list.length,
    ready: list.filter((n) => n.Status.State === "ready").length,
    managers: list.filter((n) => n.Spec.Role === "manager").length,
    labelled: list.filter((n) => n.Spec.Labels?.rev === want.rev && n.Spec.Labels?.zone).length,
    running: tasks.filter((t) => t.Status.State === "running").length,
  };
  const ok = got.nodes === want.nodes && got.ready === want.nodes && got.managers === want.managers && got.labelled === want.nodes && (!want.service || got.running === want.nodes);
  return { ok, want: { nodes: want.nodes, managers: want.managers, rev: want.rev }, got };
}

const describe = (c) => `${c.got.nodes} nodes, ${c.got.ready} ready, ${c.got.managers} managers, ${c.got.labelled} labelled, ${c.got.running} global tasks running${c.ok ? "" : ": NOT as expected"}`;

/** Every engine of the bed leaves its swarm (untimed), so the bed idles outside any swarm. */
async function leaveAll(ctx, bed) {
  await Promise.all(
    [...bed.engines].reverse().map(async (e) => {
      const engine = new Engine(e.host);
      try {
        await engine.request("POST", "/swarm/leave?force=true").catch(() => undefined);
      } finally {
        await engine.close();
      }
    }),
  );
  await sleep(1000);
}

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
