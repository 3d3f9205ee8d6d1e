/**
 * Convergence decisions as pure functions over task lists (shaped like GET /tasks answers seen on
 * the test beds), and the wait loop driven by a fake observer and clock.
 */
import { ServiceSchema, TaskSchema, NodeSchema, type Node, type Service, type Task } from "../../provider/engine/schemas";
import { evaluate, tooManyFailures, waitForConvergence, type EvalOptions, type Observer } from "../../provider/service/convergence";
import { describeTask, nodeNames } from "../../provider/service/failure";

const T0 = Date.parse("2026-11-22T01:58:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function service(mode: Record<string, unknown>, extra: Record<string, unknown> = {}): Service {
  return ServiceSchema.parse({
    ID: "svc",
    Version: { Index: 10 },
    Spec: { Name: "web", TaskTemplate: { ContainerSpec: { Image: "img" } }, Mode: mode },
    ...extra,
  });
}

let n = 0;
function task(state: string, o: { slot?: number; node?: string; desired?: string; created?: number; iteration?: number; err?: string; exit?: number } = {}): Task {
  n += 1;
  return TaskSchema.parse({
    ID: `task${String(n).padStart(3, "0")}xxxxxxxxxxxxxxxx`,
    CreatedAt: at(o.created ?? 1),
    UpdatedAt: at((o.created ?? 1) + 1),
    ServiceID: "svc",
    Slot: o.slot,
    NodeID: o.node ?? "n1",
    DesiredState: o.desired ?? (["failed", "rejected", "shutdown", "complete"].includes(state) ? (state === "complete" ? "complete" : "shutdown") : "running"),
    Status: { Timestamp: at((o.created ?? 1) + 1), State: state, Message: state === "failed" ? "started" : state, Err: o.err, ContainerStatus: o.exit !== undefined ? { ExitCode: o.exit } : undefined },
    JobIteration: o.iteration !== undefined ? { Index: o.iteration } : undefined,
  });
}

function node(id: string, o: { state?: string; availability?: string; hostname?: string } = {}): Node {
  return NodeSchema.parse({
    ID: id,
    Version: { Index: 1 },
    Spec: { Role: "worker", Availability: o.availability ?? "active" },
    Description: { Hostname: o.hostname ?? id },
    Status: { State: o.state ?? "ready" },
  });
}

const NODES = [node("n1"), node("n2"), node("n3")];
const OPTS: EvalOptions = { watchUpdateStatus: true, rollback: false, maxFailures: 3, since: T0 };

describe("evaluate: replicated", () => {
  const svc = service({ Replicated: { Replicas: 3 } });

  it("during a rolling update, says how many old tasks still run beside the new ones", () => {
    const old = [task("running", { slot: 1 }), task("running", { slot: 2 }), task("running", { slot: 3 })];
    const e = evaluate(svc, [task("running", { slot: 1 })], NODES, OPTS, old);
    expect(e.summary).toBe("old 3 running, new 1/3 running");
    expect(e.state).toBe("progress");
  });

  it("counts running tasks per slot and converges at the replica count", () => {
    const e = evaluate(svc, [task("running", { slot: 1 }), task("running", { slot: 2 }), task("starting", { slot: 3 })], NODES, OPTS);
    expect(e).toMatchObject({ state: "progress", running: 2, desired: 3, summary: "2/3 running" });
    const done = evaluate(svc, [task("running", { slot: 1 }), task("running", { slot: 2 }), task("running", { slot: 3 })], NODES, OPTS);
    expect(done).toMatchObject({ state: "converged", running: 3, summary: "3/3 running" });
  });

  it("per slot, the task with the lowest desired state counts (an old shut-down task does not hide the new one)", () => {
    const tasks = [task("shutdown", { slot: 1, desired: "shutdown" }), task("running", { slot: 1 }), task("running", { slot: 2 }), task("running", { slot: 3 })];
    expect(evaluate(svc, tasks, NODES, OPTS).state).toBe("converged");
    // A task still running but told to shut down is not counted.
    const leaving = [task("running", { slot: 1, desired: "shutdown" }), task("running", { slot: 2 }), task("running", { slot: 3 })];
    expect(evaluate(svc, leaving, NODES, OPTS).running).toBe(2);
  });

  it("skips tasks on nodes that are down", () => {
    const nodes = [node("n1"), node("n2", { state: "down" }), node("n3")];
    const tasks = [task("running", { slot: 1 }), task("running", { slot: 2, node: "n2" }), task("running", { slot: 3, node: "n3" })];
    expect(evaluate(svc, tasks, nodes, OPTS).running).toBe(2);
  });

  it("0 replicas converge at once", () => {
    expect(evaluate(service({ Replicated: { Replicas: 0 } }), [], NODES, OPTS).state).toBe("converged");
  });

  it("a paused update, an Engine-side rollback and a paused rollback are failures", () => {
    const paused = service({ Replicated: { Replicas: 3 } }, { UpdateStatus: { State: "paused", Message: "update paused due to failure or early termination of task abc" } });
    expect(evaluate(paused, [], NODES, OPTS)).toMatchObject({ state: "failed", reason: "the Engine paused the update: update paused due to failure or early termination of task abc" });
    const rolled = service({ Replicated: { Replicas: 3 } }, { UpdateStatus: { State: "rollback_completed", Message: "rollback completed" } });
    const all = [task("running", { slot: 1 }), task("running", { slot: 2 }), task("running", { slot: 3 })];
    expect(evaluate(rolled, all, NODES, OPTS)).toMatchObject({ state: "failed", engineRolledBack: true });
    const rbPaused = service({ Replicated: { Replicas: 3 } }, { UpdateStatus: { State: "rollback_paused", Message: "x" } });
    expect(evaluate(rbPaused, all, NODES, OPTS).state).toBe("failed");
  });

  it("ignores UpdateStatus when this operation wrote nothing (it speaks about an older change)", () => {
    const old = service({ Replicated: { Replicas: 1 } }, { UpdateStatus: { State: "rollback_completed" } });
    expect(evaluate(old, [task("running", { slot: 1 })], NODES, { ...OPTS, watchUpdateStatus: false }).state).toBe("converged");
  });

  it("during a rollback it asked for, waits for rollback_completed", () => {
    const all = [task("running", { slot: 1 }), task("running", { slot: 2 }), task("running", { slot: 3 })];
    const started = service({ Replicated: { Replicas: 3 } }, { UpdateStatus: { State: "rollback_started", Message: "manually requested rollback" } });
    expect(evaluate(started, all, NODES, { ...OPTS, rollback: true })).toMatchObject({ state: "progress", summary: "rolling back: 3/3 running" });
    const done = service({ Replicated: { Replicas: 3 } }, { UpdateStatus: { State: "rollback_completed" } });
    expect(evaluate(done, all, NODES, { ...OPTS, rollback: true })).toMatchObject({ state: "converged", updateCompleted: true });
  });

  it("gives up when a slot failed maxFailures times since the operation started, listing the failed tasks newest first", () => {
    const tasks = [
      task("failed", { slot: 1, created: 1, err: "task: non-zero exit (1)", exit: 1 }),
      task("failed", { slot: 1, created: 3, err: "task: non-zero exit (1)", exit: 1 }),
      task("failed", { slot: 1, created: 5, err: "task: non-zero exit (1)", exit: 1 }),
      task("starting", { slot: 1, created: 7 }),
    ];
    const e = evaluate(service({ Replicated: { Replicas: 1 } }), tasks, NODES, OPTS);
    expect(e.state).toBe("failed");
    expect(e.reason).toMatch(/slot 1 failed 3 times/);
    expect(e.failedTasks.map((t) => t.CreatedAt)).toEqual([at(5), at(3), at(1)]);
    // Failures from before this operation do not count.
    expect(evaluate(service({ Replicated: { Replicas: 1 } }), tasks, NODES, { ...OPTS, since: T0 + 4000 }).state).toBe("progress");
    // maxFailures 0: never give up early.
    expect(evaluate(service({ Replicated: { Replicas: 1 } }), tasks, NODES, { ...OPTS, maxFailures: 0 }).state).toBe("progress");
  });
});

describe("evaluate: global", () => {
  const svc = service({ Global: {} });

  it("needs one running task on every ready, active node when there are no constraints", () => {
    expect(evaluate(svc, [task("running", { node: "n1" }), task("running", { node: "n2" })], NODES, OPTS)).toMatchObject({
      state: "progress",
      summary: "2/3 nodes running",
    });
    const all = ["n1", "n2", "n3"].map((id) => task("running", { node: id }));
    expect(evaluate(svc, all, NODES, OPTS)).toMatchObject({ state: "converged", running: 3, desired: 3 });
  });

  it("does not wait for a drained node", () => {
    const nodes = [node("n1"), node("n2"), node("n3", { availability: "drain" })];
    expect(evaluate(svc, [task("running", { node: "n1" }), task("running", { node: "n2" })], nodes, OPTS).state).toBe("converged");
  });

  it("with constraints, counts the nodes the Engine gave a task", () => {
    const constrained = ServiceSchema.parse({ ...svc, Spec: { ...svc.Spec, TaskTemplate: { ContainerSpec: { Image: "img" }, Placement: { Constraints: ["node.role==manager"] } } } });
    expect(evaluate(constrained, [task("running", { node: "n1" })], NODES, OPTS).state).toBe("converged");
    expect(evaluate(constrained, [], NODES, OPTS).state).toBe("progress");
  });

  it("fails per node", () => {
    expect(tooManyFailures([task("failed", { node: "n2" }), task("failed", { node: "n2" })], "global", 2)).toMatch(/node n2 failed 2 times/);
  });
});

describe("evaluate: jobs", () => {
  it("a replicated job converges on completions of the current iteration only", () => {
    const svc = service({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }, { JobStatus: { JobIteration: { Index: 1 } } });
    const old = [task("complete", { slot: 1, iteration: 0 }), task("complete", { slot: 2, iteration: 0 })];
    expect(evaluate(svc, old, NODES, OPTS)).toMatchObject({ state: "progress", completed: 0, summary: "0/2 completed, 0 running" });
    const now = [...old, task("complete", { slot: 1, iteration: 1 }), task("running", { slot: 2, iteration: 1 })];
    expect(evaluate(svc, now, NODES, OPTS)).toMatchObject({ state: "progress", completed: 1, running: 1 });
    now.push(task("complete", { slot: 2, iteration: 1 }));
    expect(evaluate(svc, now, NODES, OPTS)).toMatchObject({ state: "converged", completed: 2 });
  });

  it("the first iteration is 0, which the Engine leaves out (JobIteration: {})", () => {
    const svc = service({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } }, { JobStatus: { JobIteration: {} } });
    expect(evaluate(svc, [task("complete", { slot: 1 })], NODES, OPTS).state).toBe("converged");
  });

  it("a global job converges when every eligible node completed", () => {
    const svc = service({ GlobalJob: {} }, { JobStatus: { JobIteration: {} } });
    const two = [task("complete", { node: "n1" }), task("complete", { node: "n2" })];
    expect(evaluate(svc, two, NODES, OPTS)).toMatchObject({ state: "progress", summary: "2/3 nodes completed, 0 running" });
    expect(evaluate(svc, [...two, task("complete", { node: "n3" })], NODES, OPTS).state).toBe("converged");
  });
});

describe("waitForConvergence", () => {
  function fake(frames: Array<{ svc: Service; tasks: Task[] }>): { obs: Observer; calls: () => number } {
    let i = 0;
    let calls = 0;
    return {
      obs: {
        observe: async () => {
          calls += 1;
          const f = frames[Math.min(i++, frames.length - 1)];
          return { service: f.svc, tasks: f.tasks, previous: [], nodes: NODES };
        },
      },
      calls: () => calls,
    };
  }

  function clock() {
    let t = 0;
    return { clock: { now: () => t, sleep: async (ms: number) => void (t += ms) } };
  }

  const svc = service({ Replicated: { Replicas: 2 } });
  const running2 = [task("running", { slot: 1 }), task("running", { slot: 2 })];

  it("prints a line only when the summary changes, then watches the converged service for the monitor period", async () => {
    const lines: string[] = [];
    const { obs, calls } = fake([{ svc, tasks: [] }, { svc, tasks: [] }, { svc, tasks: [running2[0]] }, { svc, tasks: running2 }]);
    const r = await waitForConvergence(obs, { ...OPTS, timeoutMs: 60_000, stableMs: 1000, pollMs: 100, log: (l) => lines.push(l), ...clock() });
    expect(r.ok).toBe(true);
    expect(lines).toEqual(["0/2 running", "1/2 running", "2/2 running"]);
    // 4 frames to converge, then 1000 ms of watching at 100 ms.
    expect(calls()).toBeGreaterThanOrEqual(4 + 10);
  });

  it("a task dying during the monitor period resets the watch", async () => {
    const lines: string[] = [];
    const frames = [{ svc, tasks: running2 }, { svc, tasks: [running2[0]] }, { svc, tasks: running2 }];
    const { obs, calls } = fake(frames);
    const c = clock();
    const r = await waitForConvergence(obs, { ...OPTS, timeoutMs: 60_000, stableMs: 500, pollMs: 100, log: (l) => lines.push(l), ...c });
    expect(r.ok).toBe(true);
    expect(lines).toEqual(["2/2 running", "1/2 running", "2/2 running"]);
    // Converged again at t=200 ms, so watched until t=700 ms (not 500 ms from the first convergence).
    expect(c.clock.now()).toBe(700);
    expect(calls()).toBe(8);
  });

  it("a crash-looping task that is running at the first look is caught by the window, not taken for converged", async () => {
    // What a no-write update sees on a service that never ran: three failed tasks in its slot, and the
    // fourth "running" for a moment before it exits too.
    const one = service({ Replicated: { Replicas: 1 } });
    const failed = [1, 3, 5].map((c) => task("failed", { slot: 1, created: c, exit: 1 }));
    const frames = [{ svc: one, tasks: [...failed, task("running", { slot: 1, created: 7 })] }, { svc: one, tasks: [...failed, task("failed", { slot: 1, created: 7, exit: 1 })] }];
    const watched = await waitForConvergence(fake(frames).obs, { ...OPTS, timeoutMs: 60_000, stableMs: 1000, pollMs: 100, log: () => undefined, ...clock() });
    expect(watched).toMatchObject({ ok: false, last: { reason: expect.stringMatching(/slot 1 failed 4 times/) } });
    // Without a window the running moment would have passed for success.
    const unwatched = await waitForConvergence(fake(frames).obs, { ...OPTS, timeoutMs: 60_000, stableMs: 0, pollMs: 100, log: () => undefined, ...clock() });
    expect(unwatched.ok).toBe(true);
  });

  it("times out with the last summary", async () => {
    const { obs } = fake([{ svc, tasks: [running2[0]] }]);
    const r = await waitForConvergence(obs, { ...OPTS, timeoutMs: 2000, stableMs: 0, pollMs: 150, log: () => undefined, ...clock() });
    expect(r).toMatchObject({ ok: false, timedOut: true, last: { summary: "1/2 running" } });
  });

  it("rides out an engine that stops answering for a while (restart), saying so once, and converges", async () => {
    const lines: string[] = [];
    let i = 0;
    const down = new Error("engine unreachable: cannot reach the engine (ECONNREFUSED)");
    const obs: Observer = {
      observe: async () => {
        i += 1;
        if (i >= 2 && i <= 6) throw down;
        return { service: svc, tasks: i < 8 ? [running2[0]] : running2, previous: [], nodes: NODES };
      },
    };
    const r = await waitForConvergence(obs, { ...OPTS, timeoutMs: 60_000, stableMs: 0, pollMs: 100, log: (l) => lines.push(l), ...clock() });
    expect(r.ok).toBe(true);
    expect(lines.filter((l) => l.includes("ECONNREFUSED"))).toHaveLength(1);
    expect(lines).toContain("2/2 running");
    expect(lines.some((l) => l.startsWith("the engine answers again"))).toBe(true);
  });

  it("an engine that never answers again → a timeout naming what it saw last", async () => {
    const obs: Observer = { observe: async () => { throw new Error("engine unreachable (ENOENT)"); } };
    await expect(waitForConvergence(obs, { ...OPTS, timeoutMs: 2000, stableMs: 0, log: () => undefined, ...clock() })).rejects.toThrow(
      /timed out after 2 s waiting for the service to converge: the engine never answered \(no answer: engine unreachable \(ENOENT\)\)/,
    );
  });

  it("stops at once on a paused update", async () => {
    const paused = service({ Replicated: { Replicas: 2 } }, { UpdateStatus: { State: "paused", Message: "update paused" } });
    const { obs, calls } = fake([{ svc: paused, tasks: [] }]);
    const r = await waitForConvergence(obs, { ...OPTS, timeoutMs: 60_000, stableMs: 0, log: () => undefined, ...clock() });
    expect(r.ok).toBe(false);
    expect(r.timedOut).toBeUndefined();
    expect(calls()).toBe(1);
  });

  it("the periodic waiting line and the timeout carry it", async () => {
    const lines: string[] = [];
    const svc2 = service({ Replicated: { Replicas: 2 } });
    const stuck = [task("pending", { slot: 1, err: "no suitable node (insufficient resources on 3 nodes)" }), task("running", { slot: 2 })];
    const { obs } = fake([{ svc: svc2, tasks: stuck }]);
    const r = await waitForConvergence(obs, { ...OPTS, timeoutMs: 20_000, stableMs: 0, pollMs: 1000, log: (l) => lines.push(l), ...clock() });
    expect(r).toMatchObject({ ok: false, timedOut: true, last: { summary: "1/2 running", waiting: "1 pending: no suitable node (insufficient resources on 3 nodes)" } });
    expect(lines[0]).toBe("1/2 running");
    expect(lines).toContain("waiting for the service to converge: 1/2 running; 1 pending: no suitable node (insufficient resources on 3 nodes) (15 s)");
  });
});

describe("failure description", () => {
  it("names the task, slot, node, state, error, message and exit code", () => {
    const t = task("failed", { slot: 2, node: "n2", err: "task: non-zero exit (1)", exit: 1 });
    expect(describeTask(t, nodeNames([node("n2", { hostname: "node2" })]))).toBe(
      `task ${t.ID.slice(0, 12)} (slot 2) on node2: failed "task: non-zero exit (1)" (started) exit code 1`,
    );
  });
});

describe("what the tasks that do not run yet are doing", () => {
  const svc = service({ Replicated: { Replicas: 2 } });

  it("says it with the scheduler's reason, outside the summary (which changes only with the counts)", () => {
    const pending = [task("pending", { slot: 1, err: "no suitable node (max replicas per node limit exceed)" }), task("pending", { slot: 2 })];
    const e = evaluate(svc, pending, NODES, OPTS);
    expect(e).toMatchObject({ state: "progress", summary: "0/2 running", waiting: "2 pending: no suitable node (max replicas per node limit exceed)" });
    expect(evaluate(svc, [task("running", { slot: 1 }), task("preparing", { slot: 2 })], NODES, OPTS).waiting).toBe("1 preparing");
    expect(evaluate(svc, [], NODES, OPTS).waiting).toBe("no task yet");
    expect(evaluate(svc, [task("running", { slot: 1 }), task("running", { slot: 2 })], NODES, OPTS).waiting).toBeUndefined();
  });
});
