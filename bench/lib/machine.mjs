// Was the machine otherwise idle? Every few seconds: the 1-min load average, the CPU time the whole
// machine spent (/proc/stat), and the CPU time of the bench's own processes: the driver and everything
// it started (pulumi, node, the docker CLI), plus the processes of its test beds (each dockerd,
// containerd and shim names its bed's folder on its command line; containers are their descendants).
// The rest is "others": other users' processes and kernel work (including kernel work on the bench's
// behalf, such as network and disk interrupts, so it is an upper bound of what others used).
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

/** pid → { ppid, cpu (own + reaped children, seconds) } for every process. */
function processes() {
  const out = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const close = stat.lastIndexOf(")");
    if (close < 0) continue;
    const f = stat.slice(close + 2).split(" ");
    // fields after the command: state ppid … utime(12) stime(13) cutime(14) cstime(15), 0-based from state
    out.set(Number(name), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / HZ });
  }
  return out;
}

/**
 * The bench's processes: `rootPid` and the processes whose command line names one of `bedDirs`, with
 * all their descendants. Summing own + reaped-children time over live processes counts every process
 * once, dead ones included (as long as their parent reaped them).
 */
function benchCpuSeconds(procs, rootPid, bedDirs) {
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
  let cpu = 0;
  for (const pid of ours) cpu += procs.get(pid).cpu;
  return cpu;
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
    const bench = benchCpuSeconds(processes(), rootPid, bedDirs());
    const load1 = os.loadavg()[0];
    if (last) {
      const dt = (t - last.t) / 1000;
      const machineCores = (busy - last.busy) / dt;
      // A bench process that died unreaped by a bench parent takes its time with it: never below 0.
      const benchCores = Math.max(0, (bench - last.bench) / dt);
      samples.push({ t, load1, machineCores, benchCores, othersCores: Math.max(0, machineCores - benchCores) });
    } else {
      samples.push({ t, load1 });
    }
    last = { t, busy, bench };
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
  for (const s of withCpu) {
    const dt = (s.t - prev) / 1000;
    machine += s.machineCores * dt;
    bench += s.benchCores * dt;
    others += s.othersCores * dt;
    prev = s.t;
  }
  return {
    seconds: span,
    samples: samples.length,
    load1: loads.length ? { min: loads[0], median: loads[loads.length >> 1], max: loads.at(-1) } : undefined,
    machineCores: span ? machine / span : undefined,
    benchCores: span ? bench / span : undefined,
    othersCores: span ? others / span : undefined,
    othersCoresWorst: withCpu.length ? Math.max(...withCpu.map((s) => s.othersCores)) : undefined,
    cores: os.availableParallelism(),
  };
}
