// Was the machine otherwise idle? Every few seconds: the 1-min load average, the CPU time the whole
// machine spent (/proc/stat), and how it splits:
// - the bench: the driver and everything it started (pulumi, node, the docker CLI), plus the processes
//   of its test beds (each dockerd, containerd and shim names its bed's folder on its command line;
//   containers are their descendants);
// - others: every other user-space process (other sessions, their test beds, their builds);
// - kernel: kernel threads and interrupt time no process is charged with (some of it on the bench's
//   behalf: the beds' network and disks).
// Each group's CPU is summed over its live processes as own + reaped children's time, so a process that
// ends keeps counting through the parent that reaped it.
import * as fs from "node:fs";
import * as os from "node:os";

const HZ = 100; // USER_HZ, the unit of /proc times (100 on Linux x86-64 and arm64)

const read = (f) => {
  try {
    return fs.readFileSync(f, "utf8");
  } catch {
    return "";
  }
};

/** Busy CPU seconds of the whole machine since boot (everything but idle and iowait). */
function machineBusySeconds() {
  const cpu = read("/proc/stat").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / HZ;
}

/** pid → { ppid, cpu (own + reaped children, seconds), kthread } for every process. */
function processes() {
  const out = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const close = stat.lastIndexOf(")");
    if (close < 0) continue;
    const f = stat.slice(close + 2).split(" ");
    // after the command, 0-based from the state: ppid 1, utime 11, stime 12, cutime 13, cstime 14, flags 6
    const pid = Number(name);
    const kthread = pid === 2 || Number(f[1]) === 2 || (Number(f[6]) & 0x00200000) !== 0; // PF_KTHREAD
    out.set(pid, { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / HZ, kthread });
  }
  return out;
}

/**
 * The bench's processes: `rootPid` and the processes whose command line names one of `bedDirs`, with
 * all their descendants. Summing own + reaped-children time over live processes counts every process
 * once, dead ones included (as long as their parent reaped them).
 */
function cpuByGroup(procs, rootPid, bedDirs) {
  const children = new Map();
  for (const [pid, p] of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  const roots = new Set([rootPid]);
  if (bedDirs.length) {
    for (const pid of procs.keys()) {
      const cmd = read(`/proc/${pid}/cmdline`).replace(/\0/g, " ");
      if (bedDirs.some((d) => cmd.includes(d))) roots.add(pid);
    }
  }
  const ours = new Set();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop();
    if (ours.has(pid) || !procs.has(pid)) continue;
    ours.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  const sum = { bench: 0, others: 0, kthreads: 0 };
  for (const [pid, p] of procs) sum[ours.has(pid) ? "bench" : p.kthread ? "kthreads" : "others"] += p.cpu;
  return sum;
}

/**
 * Samples every `intervalMs` until stop(). `bedDirs()` returns the state folders of the bench's beds
 * at that moment (`/…/pulumi-docker-swarm-testbed/<bed>/`). Returns the samples and a summary:
 * load average (min, median, max), machine CPU and others' CPU in cores (average and worst interval).
 */
export function machineSampler({ rootPid = process.pid, bedDirs = () => [], intervalMs = 5000 } = {}) {
  const samples = [];
  let last;
  const take = () => {
    const t = Date.now();
    const busy = machineBusySeconds();
    const g = cpuByGroup(processes(), rootPid, bedDirs());
    const load1 = os.loadavg()[0];
    if (last) {
      const dt = (t - last.t) / 1000;
      const machineCores = (busy - last.busy) / dt;
      // A process that dies unreaped by its group takes its time with it: never below 0.
      const rate = (k) => Math.max(0, (g[k] - last.g[k]) / dt);
      const benchCores = rate("bench");
      const othersCores = rate("others");
      samples.push({ t, load1, machineCores, benchCores, othersCores, kernelCores: Math.max(0, machineCores - benchCores - othersCores) });
    } else {
      samples.push({ t, load1 });
    }
    last = { t, busy, g };
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return summarize(samples);
    },
  };
}

export function summarize(samples) {
  const loads = samples.map((s) => s.load1).sort((a, b) => a - b);
  const withCpu = samples.filter((s) => s.machineCores !== undefined);
  const span = withCpu.length ? (withCpu.at(-1).t - samples[0].t) / 1000 : 0;
  // Time-weighted averages: each sample covers the interval before it.
  let prev = samples[0]?.t;
  let machine = 0;
  let bench = 0;
  let others = 0;
  let kernel = 0;
  for (const s of withCpu) {
    const dt = (s.t - prev) / 1000;
    machine += s.machineCores * dt;
    bench += s.benchCores * dt;
    others += s.othersCores * dt;
    kernel += (s.kernelCores ?? 0) * dt;
    prev = s.t;
  }
  return {
    seconds: span,
    samples: samples.length,
    load1: loads.length ? { min: loads[0], median: loads[loads.length >> 1], max: loads.at(-1) } : undefined,
    machineCores: span ? machine / span : undefined,
    benchCores: span ? bench / span : undefined,
    othersCores: span ? others / span : undefined,
    kernelCores: span ? kernel / span : undefined,
    othersCoresWorst: withCpu.length ? Math.max(...withCpu.map((s) => s.othersCores)) : undefined,
    // The longest time between two samples: far above the interval, the machine (or its virtual
    // machine) stalled, and whatever ran across the stall is suspect.
    longestGapS: samples.length > 1 ? Math.max(...samples.slice(1).map((s, i) => (s.t - samples[i].t) / 1000)) : undefined,
    cores: os.availableParallelism(),
  };
}
