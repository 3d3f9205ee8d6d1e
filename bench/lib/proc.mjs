// Running the tools: wall time, every output line stamped with the moment it arrived (for the
// convergence latency), and a /proc sampler for the provider host's memory.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as readline from "node:readline";

/**
 * Wall-clock milliseconds since the epoch, comparable with the Engine's timestamps. The system clock
 * itself, not performance.timeOrigin + performance.now(): the monotonic clock stops while a virtual
 * machine is paused and the wall clock then jumps, after which the two disagree by the pause.
 * Durations are still measured on the monotonic clock (wallMs).
 */
export const nowMs = () => Date.now();

/**
 * Runs a command; resolves with { code, wallMs, lines: [{ t, stream, text }] }. Throws on a non-zero
 * exit unless allowFail: a failed deployment must not become a fast data point.
 */
export function run(cmd, args, { env = process.env, cwd, allowFail = false, timeoutMs = 1_200_000, onStart } = {}) {
  return new Promise((resolve, reject) => {
    const lines = [];
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    onStart?.(child);
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    const closed = [stamp(child.stdout, "out"), stamp(child.stderr, "err")];
    child.on("error", reject);
    child.on("exit", async (code, signal) => {
      const wallMs = performance.now() - t0;
      clearTimeout(timer);
      await Promise.all(closed);
      const result = { code: code ?? -1, signal, wallMs, lines };
      if (result.code !== 0 && !allowFail) {
        const tail = lines.slice(-40).map((l) => l.text).join("\n");
        reject(new Error(`${cmd} ${args.join(" ")} exited ${code ?? signal}:\n${tail}`));
      } else resolve(result);
    });

    function stamp(stream, name) {
      const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
      rl.on("line", (text) => lines.push({ t: nowMs(), stream: name, text }));
      return new Promise((r) => rl.on("close", r));
    }
  });
}

// ─── memory of the provider host ─────────────────────────────────────────────

const PROVIDER_MARK = "pulumi-resource-pulumi-nodejs";

const readOr = (file, fallback = "") => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
};

/** Resident set size of one process, in bytes (0 once it is gone). */
export function rssBytes(pid) {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readOr(`/proc/${pid}/status`));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Direct children of a process, from every thread's children file. */
function childrenOf(pid) {
  const tids = fs.existsSync(`/proc/${pid}/task`) ? fs.readdirSync(`/proc/${pid}/task`) : [];
  return tids.flatMap((tid) => readOr(`/proc/${pid}/task/${tid}/children`).trim().split(/\s+/).filter(Boolean).map(Number));
}

function descendants(pid) {
  const out = [];
  for (const c of childrenOf(pid)) out.push(c, ...descendants(c));
  return out;
}

/** Every process under `pid` (itself included) launched as the dynamic-provider plugin (its shell launcher). */
function providerRootsUnder(pid) {
  if (readOr(`/proc/${pid}/cmdline`).includes(PROVIDER_MARK)) return [pid];
  return childrenOf(pid).flatMap(providerRootsUnder);
}

/**
 * Samples, every `intervalMs`, the provider host started under `rootPid` (the `pulumi` process we
 * spawned; other Pulumi runs on the machine are not ours to count): the RSS of the plugin's launcher
 * plus all its descendants (the node process that runs the provider). peakNodeBytes is the largest
 * single process (that node). Only the small tree under `rootPid` is read, so sampling stays cheap.
 */
export function memorySampler(rootPid, intervalMs = 50) {
  let peakTree = 0;
  let peakNode = 0;
  let samples = 0;
  const seen = new Set();
  const timer = setInterval(() => {
    // A set: should the node child's command line also carry the mark, it is counted once.
    const pids = new Set();
    for (const root of providerRootsUnder(rootPid)) {
      seen.add(root);
      for (const pid of [root, ...descendants(root)]) pids.add(pid);
    }
    let tree = 0;
    for (const pid of pids) {
      const rss = rssBytes(pid);
      tree += rss;
      peakNode = Math.max(peakNode, rss);
    }
    peakTree = Math.max(peakTree, tree);
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakTreeBytes: peakTree, peakNodeBytes: peakNode, samples, intervalMs, providerProcesses: seen.size };
    },
  };
}
