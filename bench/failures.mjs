// How soon do failing tasks fail? Evidence for the stability window (convergence.stableFor, default
// updateConfig.monitor else 5 s): a window catches a failure only if the task fails within it after it
// reached `running`.
//
// Typical failures, each a replicated service of one task on the bed (restart policy `any` with a 1 s
// delay, so the Engine keeps making new tasks and each kind gives several samples):
//   exit1        the process exits 1 at once                        sh -c 'exit 1'
//   missingFile  it exits after reading a file that is not there    sh -c 'cat /etc/app/config.yml'
//   healthcheck  it runs, but its healthcheck fails                 sleep 3600, test `false`, every 1 s, 3 retries
//   crash3s      it crashes after 3 s                               sh -c 'sleep 3; exit 1'
//
// Two views of each task, both on this machine's clock:
// - the engines' container events (GET /events on every engine; nanosecond timestamps): `start`,
//   `health_status: healthy|unhealthy` and `die`. Swarm reports a task `running` once its container
//   started, or, with a healthcheck, once it is healthy (the executor waits for that); so
//   running → failed is `die` − `start` (or − `healthy`); a task that never became healthy never ran;
// - the manager's task list, polled every 25 ms: did any poller see the task `running` at all (the
//   provider's watcher polls every 100–300 ms, so what a 25 ms poller misses, it misses too), and the
//   Engine's own Status.Timestamp of running and of failed.
import { sleep } from "./lib/engine.mjs";

const S = 1e9; // ns

export const FAILURES = {
  exit1: { what: "exits 1 at once", args: ["sh", "-c", "exit 1"] },
  missingFile: { what: "exits after reading a missing file", args: ["sh", "-c", "cat /etc/app/config.yml"] },
  healthcheck: {
    what: "its healthcheck fails (every 1 s, 3 retries)",
    args: ["sleep", "3600"],
    healthcheck: { Test: ["CMD", "false"], Interval: 1 * S, Timeout: 1 * S, Retries: 3, StartPeriod: 0 },
  },
  crash3s: { what: "crashes after 3 s", args: ["sh", "-c", "sleep 3; exit 1"] },
};

const serviceName = (kind) => `fail-${kind.toLowerCase()}`;

function spec(kind, image) {
  const f = FAILURES[kind];
  return {
    Name: serviceName(kind),
    TaskTemplate: {
      ContainerSpec: { Image: image, Args: f.args, StopGracePeriod: 1 * S, ...(f.healthcheck ? { Healthcheck: f.healthcheck } : {}) },
      RestartPolicy: { Condition: "any", Delay: 1 * S, MaxAttempts: 0 },
    },
    Mode: { Replicated: { Replicas: 1 } },
  };
}

/**
 * Runs every failure kind at once until each has `samples` failed tasks (or `timeoutMs` passed).
 * Returns { kinds: { kind: { what, tasks: [...], summary } } }. Removes its services afterwards.
 */
export async function failureTimes(manager, engines, image, { samples = 5, timeoutMs = 90_000 } = {}) {
  const byTask = new Map(); // task ID → what was seen
  const task = (id) => byTask.get(id) ?? byTask.set(id, { id, seenStates: [] }).get(id);
  const controller = new AbortController();
  const streams = await Promise.all(
    engines.map((e) =>
      e.stream(`/events?filters=${encodeURIComponent(JSON.stringify({ type: ["container"] }))}`, (line) => {
        const ev = JSON.parse(line);
        const a = ev.Actor?.Attributes ?? {};
        const svc = a["com.docker.swarm.service.name"] ?? "";
        const id = a["com.docker.swarm.task.id"];
        if (!svc.startsWith("fail-") || !id) return;
        const t = task(id);
        t.service = svc;
        const at = ev.timeNano / 1e6;
        if (ev.Action === "start") t.startMs ??= at;
        else if (ev.Action === "health_status: healthy") t.healthyMs ??= at;
        else if (ev.Action === "health_status: unhealthy") t.unhealthyMs ??= at;
        else if (ev.Action === "die") {
          t.dieMs ??= at;
          t.exitCode = Number(a.exitCode);
        }
      }, controller.signal),
    ),
  );
  const ids = {};
  const started = Date.now();
  try {
    for (const kind of Object.keys(FAILURES)) ids[kind] = (await manager.request("POST", "/services/create", spec(kind, image))).ID;
    const kindOf = Object.fromEntries(Object.entries(ids).map(([k, id]) => [id, k]));
    for (;;) {
      const tasks = await manager.list("/tasks", { service: Object.values(ids) });
      for (const t of tasks) {
        const x = task(t.ID);
        x.kind = kindOf[t.ServiceID];
        const state = t.Status.State;
        if (x.seenStates.at(-1) !== state) x.seenStates.push(state);
        if (state === "running") x.runningTimestampMs ??= Date.parse(t.Status.Timestamp);
        if (state === "failed" || state === "rejected") {
          x.failedTimestampMs ??= Date.parse(t.Status.Timestamp);
          x.error = t.Status.Err;
        }
      }
      const done = Object.keys(FAILURES).every((k) => [...byTask.values()].filter((x) => x.kind === k && x.dieMs && x.failedTimestampMs).length >= samples);
      if (done || Date.now() - started > timeoutMs) break;
      await sleep(25);
    }
  } finally {
    controller.abort();
    await Promise.allSettled(streams.map((s) => s.done));
    for (const id of Object.values(ids)) await manager.request("DELETE", `/services/${id}`).catch(() => undefined);
  }
  const kinds = {};
  for (const [kind, f] of Object.entries(FAILURES)) {
    const tasks = [...byTask.values()]
      .filter((x) => x.kind === kind && x.dieMs !== undefined)
      .sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0))
      .slice(0, samples)
      .map((x) => {
        // Swarm's `running`: the container started, or became healthy when it has a healthcheck.
        const runningMs = f.healthcheck ? x.healthyMs : x.startMs;
        return {
          task: x.id,
          seenStates: x.seenStates,
          seenRunning: x.seenStates.includes("running"),
          reachedRunning: runningMs !== undefined,
          startToDieMs: x.startMs !== undefined ? x.dieMs - x.startMs : undefined,
          runningToFailedMs: runningMs !== undefined ? x.dieMs - runningMs : undefined,
          managerRunningToFailedMs: x.runningTimestampMs && x.failedTimestampMs ? x.failedTimestampMs - x.runningTimestampMs : undefined,
          exitCode: x.exitCode,
          error: x.error,
        };
      });
    const r2f = tasks.map((t) => t.runningToFailedMs).filter((v) => v !== undefined);
    kinds[kind] = {
      what: f.what,
      args: f.args,
      healthcheck: f.healthcheck ? { test: f.healthcheck.Test, intervalS: f.healthcheck.Interval / S, retries: f.healthcheck.Retries } : undefined,
      tasks,
      summary: {
        samples: tasks.length,
        reachedRunning: tasks.filter((t) => t.reachedRunning).length,
        seenRunning: tasks.filter((t) => t.seenRunning).length,
        runningToFailedMedianMs: median(r2f),
        runningToFailedMaxMs: r2f.length ? Math.max(...r2f) : undefined,
        startToDieMedianMs: median(tasks.map((t) => t.startToDieMs).filter((v) => v !== undefined)),
      },
    };
  }
  return { samplesWanted: samples, elapsedMs: Date.now() - started, kinds };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
