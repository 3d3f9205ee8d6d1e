/**
 * The per-engine watcher (provider/engine/watcher.ts) with a fake engine and an injectable clock: many
 * services share one poll (the request count does not grow with them), events wake it early, it backs
 * off while nothing changes, a failed poll fails only that round, and a removed service is told apart.
 */
import { EngineError } from "../../provider/engine/errors";
import { ServiceSchema, TaskSchema, type Service, type Task } from "../../provider/engine/schemas";
import { ServiceWatcher, type WatchedEngine, type WatcherClock } from "../../provider/engine/watcher";
import type { EngineEvent } from "../../provider/engine/api/events";

const svc = (id: string, version = 1): Service =>
  ServiceSchema.parse({ ID: id, Version: { Index: version }, Spec: { Name: id, TaskTemplate: { ContainerSpec: { Image: "x" } }, Mode: { Replicated: { Replicas: 1 } } } });
const task = (service: string, state: string): Task => TaskSchema.parse({ ID: `${service}-t`, ServiceID: service, Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: state } });

/** A clock whose sleeps only pass when the test says so, and that records the pauses asked for. */
function manualClock(): WatcherClock & { pauses: number[]; tick(): Promise<void>; t: number } {
  const sleeps: Array<() => void> = [];
  const c = {
    t: 0,
    pauses: [] as number[],
    now: () => c.t,
    sleep: (ms: number, w: { wake?: () => void }) =>
      new Promise<void>((resolve) => {
        c.pauses.push(ms);
        const done = () => {
          w.wake = undefined;
          resolve();
        };
        w.wake = done;
        sleeps.push(() => {
          c.t += ms;
          done();
        });
      }),
    /** Ends the pending sleep (time passes by its length). */
    tick: async () => {
      await flush();
      sleeps.shift()?.();
      await flush();
    },
  };
  return c;
}
const flush = () => new Promise((r) => setImmediate(r));

interface Fake extends WatchedEngine {
  requests: string[];
  state: Map<string, string>;
  fail?: unknown;
  emit?: (e: EngineEvent) => void;
}

function fakeEngine(ids: string[]): Fake {
  const state = new Map(ids.map((id) => [id, "starting"]));
  const f: Fake = {
    requests: [],
    state,
    services: {
      list: async (filters?: { id?: string[] }) => {
        f.requests.push("GET /services");
        if (f.fail) throw f.fail;
        return (filters?.id ?? []).filter((id) => state.has(id)).map((id) => svc(id));
      },
    },
    tasks: {
      list: async (filters?: { service?: string[] }) => {
        f.requests.push("GET /tasks");
        if (f.fail) throw f.fail;
        const want = filters?.service ?? [];
        if (want.some((id) => !state.has(id))) throw new EngineError({ code: "NOT_FOUND", engineMessage: "service not found", status: 404 });
        return want.map((id) => task(id, state.get(id)!));
      },
    },
    nodes: {
      list: async () => {
        f.requests.push("GET /nodes");
        return [];
      },
    },
    events: {
      subscribe: (_filters: unknown, onEvent: (e: EngineEvent) => void, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          f.emit = onEvent;
          signal.addEventListener("abort", () => resolve());
        }),
    },
  };
  return f;
}

it("50 services waiting at once are answered from one poll: 3 requests (and the node list once), not 150", async () => {
  const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
  const engine = fakeEngine(ids);
  const clock = manualClock();
  const w = new ServiceWatcher(engine, { clock });
  const answers = await Promise.all(ids.map((id) => w.next(id)));
  expect(answers.map((a) => a.service.ID)).toEqual(ids);
  expect(answers.every((a, i) => a.tasks.length === 1 && a.tasks[0].ServiceID === ids[i])).toBe(true);
  expect(engine.requests.sort()).toEqual(["GET /nodes", "GET /services", "GET /tasks", "GET /tasks"]);
  expect(w.polls).toBe(1);
});

it("requests per poll do not grow with the number of services in flight", async () => {
  for (const n of [1, 10, 50]) {
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    const engine = fakeEngine(ids);
    const clock = manualClock();
    const w = new ServiceWatcher(engine, { clock, events: false });
    for (let round = 0; round < 5; round++) {
      const p = Promise.all(ids.map((id) => w.next(id)));
      if (round > 0) await clock.tick();
      await p;
    }
    expect(w.polls).toBe(5);
    expect(engine.requests.filter((r) => r !== "GET /nodes")).toHaveLength(15);
  }
});

it("backs off while nothing changes, and returns to the shortest pause when something does", async () => {
  const engine = fakeEngine(["a"]);
  const clock = manualClock();
  const w = new ServiceWatcher(engine, { clock, events: false, minIntervalMs: 100, maxIntervalMs: 300 });
  await w.next("a");
  for (let i = 0; i < 4; i++) {
    const p = w.next("a");
    await clock.tick();
    await p;
  }
  engine.state.set("a", "running");
  const p = w.next("a");
  await clock.tick();
  expect((await p).tasks[0].Status.State).toBe("running");
  // 100 → 150 → 225 → 300 (capped), then back to 100 after the change.
  expect(clock.pauses.slice(0, 6)).toEqual([100, 150, 225, 300, 300, 100]);
});

it("an event wakes the poll at once, before its pause is over", async () => {
  const engine = fakeEngine(["a"]);
  const clock = manualClock();
  const w = new ServiceWatcher(engine, { clock, minIntervalMs: 100, maxIntervalMs: 300 });
  await w.next("a");
  const p = w.next("a");
  await flush();
  expect(w.polls).toBe(1);
  engine.state.set("a", "running");
  engine.emit?.({ Type: "service", Action: "update", Actor: { ID: "a" } });
  const o = await p;
  expect(o.tasks[0].Status.State).toBe("running");
  expect(clock.t).toBe(0); // no pause had to pass
});

it("an engine restart in the middle fails that round only; the next round answers again", async () => {
  const engine = fakeEngine(["a", "b"]);
  const clock = manualClock();
  const w = new ServiceWatcher(engine, { clock, events: false });
  await Promise.all([w.next("a"), w.next("b")]);
  engine.fail = new EngineError({ code: "UNREACHABLE", engineMessage: "cannot reach the engine (ECONNREFUSED)" });
  const failed = Promise.allSettled([w.next("a"), w.next("b")]);
  await clock.tick();
  expect((await failed).map((r) => r.status)).toEqual(["rejected", "rejected"]);
  engine.fail = undefined;
  const again = Promise.all([w.next("a"), w.next("b")]);
  await clock.tick();
  expect((await again).map((o) => o.service.ID)).toEqual(["a", "b"]);
});

it("a service removed while waited for: its wait learns it is gone; the others go on", async () => {
  const engine = fakeEngine(["a", "b"]);
  const clock = manualClock();
  const w = new ServiceWatcher(engine, { clock, events: false });
  engine.state.delete("b");
  const [a, b] = await Promise.allSettled([w.next("a"), w.next("b")]);
  expect(a.status).toBe("fulfilled");
  expect(b.status).toBe("rejected");
  expect(String((b as PromiseRejectedResult).reason)).toContain("service b no longer exists");
});
