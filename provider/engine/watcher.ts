/**
 * One watcher per engine for every service converging on it. A wait asks `next(serviceId)` for its
 * next observation; the watcher answers every pending wait from one poll of the manager: one
 * `GET /services` and two `GET /tasks` (filtered to the services in flight: their up-to-date tasks,
 * and those meant to run, which during a rolling update include the old ones still serving),
 * with the node list cached and refreshed on node events (or every few seconds). So the Engine sees
 * the same few requests per second whether 1 or 50 services converge.
 *
 * The poll runs only while a wait is pending. It is woken early by the Engine's event stream (service
 * and node events, on managers since API 1.30), and backs off while nothing changes between polls.
 * A failed poll fails the waits of that round (a restarting engine, an election): each wait decides
 * for itself whether to go on (common/poll.ts rides such errors out).
 */
import type { DockerEngine } from "./engine";
import { EngineError, isEngineError } from "./errors";
import type { EngineEvent } from "./api/events";
import type { Node, Service, Task } from "./schemas";

export interface Observation {
  service: Service;
  /** The service's tasks on its current spec (`_up-to-date`). */
  tasks: Task[];
  /** Its other tasks meant to run: during a rolling update, the old ones still serving. */
  previous: Task[];
  nodes: Node[];
}

/** What the watcher needs of an engine (a DockerEngine; a fake in unit tests). */
export interface WatchedEngine {
  services: Pick<DockerEngine["services"], "list">;
  tasks: Pick<DockerEngine["tasks"], "list">;
  nodes: Pick<DockerEngine["nodes"], "list">;
  events?: Pick<DockerEngine["events"], "subscribe">;
}

export interface WatcherClock {
  now(): number;
  /** Sleeps up to `ms`; resolves early when `wake` is called. */
  sleep(ms: number, wakeable: { wake?: () => void }): Promise<void>;
}

const realClock: WatcherClock = {
  now: () => Date.now(),
  sleep: (ms, w) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        w.wake = undefined;
        resolve();
      }
      w.wake = done;
    }),
};

/**
 * The poll's pace: 3 requests a poll, every 200 ms while tasks change and up to every 400 ms while
 * nothing does, keeps the Engine under ~15 requests a second whatever the number of services, and
 * still notices a converged service within a few hundred milliseconds (events wake it sooner).
 */
const MIN_INTERVAL_MS = 200;
const MAX_INTERVAL_MS = 400;

export interface WatcherOptions {
  /** Pause between polls while things change (default 200 ms). */
  minIntervalMs?: number;
  /** Longest pause, reached while nothing changes (default 400 ms: convergence is still noticed fast). */
  maxIntervalMs?: number;
  /** Node list refresh without a node event (default 10 s). */
  nodesEveryMs?: number;
  /** Follow the Engine's events to wake early (default true). */
  events?: boolean;
  clock?: WatcherClock;
}

interface Waiter {
  serviceId: string;
  resolve: (o: Observation) => void;
  reject: (e: unknown) => void;
}

export class ServiceWatcher {
  private waiters: Waiter[] = [];
  private running = false;
  private nodes: Node[] = [];
  private nodesAt = -Infinity;
  private nodesDirty = true;
  private lastSignature = "";
  private interval: number;
  private readonly sleeper: { wake?: () => void } = {};
  private events?: AbortController;
  /** Polls made (for tests and the benchmark's request counts). */
  polls = 0;

  constructor(
    private readonly engine: WatchedEngine,
    private readonly o: WatcherOptions = {},
  ) {
    this.interval = o.minIntervalMs ?? MIN_INTERVAL_MS;
  }

  private get clock(): WatcherClock {
    return this.o.clock ?? realClock;
  }

  /** The next observation of the service made after this call. */
  next(serviceId: string): Promise<Observation> {
    return new Promise<Observation>((resolve, reject) => {
      this.waiters.push({ serviceId, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Start on the next turn, so that waits asked together share the first poll.
        setImmediate(() => void this.loop());
      }
    });
  }

  private async loop(): Promise<void> {
    this.followEvents();
    try {
      while (this.waiters.length) {
        const round = this.waiters.splice(0);
        await this.poll(round);
        if (!this.waiters.length) {
          // A wait re-asks right after it evaluated: give it a moment before stopping.
          await this.clock.sleep(this.interval, this.sleeper);
          if (!this.waiters.length) break;
        } else {
          await this.clock.sleep(this.interval, this.sleeper);
        }
      }
    } finally {
      this.running = false;
      this.events?.abort();
      this.events = undefined;
    }
  }

  private async poll(round: Waiter[]): Promise<void> {
    const ids = [...new Set(round.map((w) => w.serviceId))];
    this.polls += 1;
    try {
      const [services, tasks, running] = await Promise.all([
        this.engine.services.list({ id: ids }),
        this.engine.tasks.list({ service: ids, "_up-to-date": ["true"] }),
        this.engine.tasks.list({ service: ids, "desired-state": ["running"] }),
      ]);
      const current = new Set(tasks.map((t) => t.ID));
      const now = this.clock.now();
      if (this.nodesDirty || now - this.nodesAt > (this.o.nodesEveryMs ?? 10_000)) {
        this.nodes = await this.engine.nodes.list();
        this.nodesAt = now;
        this.nodesDirty = false;
      }
      this.pace(services, tasks);
      for (const w of round) {
        const service = services.find((s) => s.ID === w.serviceId);
        if (!service) w.reject(gone(w.serviceId));
        else {
          w.resolve({
            service,
            tasks: tasks.filter((t) => t.ServiceID === w.serviceId),
            previous: running.filter((t) => t.ServiceID === w.serviceId && !current.has(t.ID)),
            nodes: this.nodes,
          });
        }
      }
    } catch (e) {
      if (isEngineError(e, "NOT_FOUND") && ids.length > 1) {
        // A service in the filter was removed: the Engine refuses the whole task query. Ask again
        // for the services that still exist; waits for the others learn that theirs is gone.
        const existing = new Set((await this.engine.services.list({ id: ids }).catch(() => [])).map((s) => s.ID));
        for (const w of round) if (!existing.has(w.serviceId)) w.reject(gone(w.serviceId));
        const rest = round.filter((w) => existing.has(w.serviceId));
        if (rest.length && rest.length < round.length) return this.poll(rest);
      }
      for (const w of round) w.reject(e);
    }
  }

  /** Back off while nothing changes; back to the shortest pause as soon as something does. */
  private pace(services: Service[], tasks: Task[]): void {
    const signature = JSON.stringify([
      services.map((s) => [s.ID, s.Version.Index, s.UpdateStatus?.State ?? ""]),
      tasks.map((t) => [t.ID, t.Status.State, t.DesiredState]).sort(),
    ]);
    const min = this.o.minIntervalMs ?? MIN_INTERVAL_MS;
    const max = this.o.maxIntervalMs ?? MAX_INTERVAL_MS;
    this.interval = signature === this.lastSignature ? Math.min(max, Math.round(this.interval * 1.5)) : min;
    this.lastSignature = signature;
  }

  /** Service and node events wake the poll early; node events also refresh the node list. */
  private followEvents(): void {
    if (this.o.events === false || !this.engine.events || this.events) return;
    const controller = new AbortController();
    this.events = controller;
    const onEvent = (e: EngineEvent) => {
      if (e.Type === "node") this.nodesDirty = true;
      this.interval = this.o.minIntervalMs ?? MIN_INTERVAL_MS;
      this.sleeper.wake?.();
    };
    // The stream is a help, never a need: when it fails, polling alone goes on.
    void this.engine.events.subscribe({ type: ["service", "node"] }, onEvent, controller.signal).catch(() => undefined);
  }
}

function gone(id: string): EngineError {
  return new EngineError({ code: "NOT_FOUND", engineMessage: `service ${id} no longer exists (removed while it was being waited for)` });
}

const watchers = new WeakMap<object, ServiceWatcher>();

/**
 * How an engine is watched: without the event stream over ssh://, whose engine has one connection
 * (one ssh process, see ssh.ts) that a never-ending /events answer would hold for itself; the polls
 * alone notice convergence there.
 */
export function watcherOptionsFor(engine: Pick<DockerEngine, "http">): WatcherOptions {
  return engine.http.connection.kind === "ssh" ? { events: false } : {};
}

/** The one watcher of this engine (for the life of the provider process). */
export function watcherFor(engine: DockerEngine): ServiceWatcher {
  let w = watchers.get(engine);
  if (!w) {
    w = new ServiceWatcher(engine, watcherOptionsFor(engine));
    watchers.set(engine, w);
  }
  return w;
}
