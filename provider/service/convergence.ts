/**
 * Waiting for a service to converge after create, update and rollback.
 *
 * `evaluate` is pure: one observation (the service, its up-to-date tasks, the nodes) → converged,
 * still in progress, or failed, with a one-line summary. It follows the docker CLI's own rules
 * (cli/command/service/progress): per slot (replicated) or per node (global) the task with the
 * lowest desired state counts, tasks on down nodes are skipped; jobs count completions of the
 * current job iteration. Unlike the CLI it treats an Engine-side rollback or a paused update as a
 * failure, has a timeout, and gives up early when a slot keeps failing.
 *
 * `waitForConvergence` asks for observations until then (from the engine's one watcher, which polls
 * for every service in flight at once), printing a progress line whenever the summary changes, and
 * once converged keeps watching for the stability window so that a task that dies right after
 * starting is still caught.
 */
import type { Node, Service, Task } from "../engine/schemas";
import type { Observation } from "../engine/watcher";
import { FAILED_TASK_STATES, isTerminalTaskState, taskStateRank } from "../engine/task-states";
import { ProviderError } from "../common/errors";
import { poll, realClock, type Clock } from "../common/poll";
import type { ServiceModeKind } from "./args";
import { modeKindOf } from "./spec";
import type { EngineServiceSpec } from "../engine/service-spec";

const rank = taskStateRank;
const isTerminal = isTerminalTaskState;
const FAILED_STATES = FAILED_TASK_STATES;

export interface EvalOptions {
  /** We wrote the spec in this operation, so UpdateStatus speaks about our change. */
  watchUpdateStatus: boolean;
  /** We asked for this rollback (rollback_* states are then expected). */
  rollback: boolean;
  /** Give up once a slot or node has failed this many times since `since` (0 = never). */
  maxFailures: number;
  /** Only failures of tasks created at or after this time count (ISO time or ms). */
  since: number;
}

export interface Evaluation {
  state: "converged" | "progress" | "failed";
  mode: ServiceModeKind;
  running: number;
  desired: number;
  completed: number;
  summary: string;
  /** Why it failed. */
  reason?: string;
  /** The Engine rolled the update back on its own (UpdateConfig.FailureAction = rollback). */
  engineRolledBack?: boolean;
  /** The UpdateStatus reports that the Engine finished its own monitoring of the update. */
  updateCompleted?: boolean;
  /** Up-to-date tasks that failed since the operation started, newest first. */
  failedTasks: Task[];
  /**
   * What the counted tasks that do not run yet are doing ("2 pending: no suitable node (…)"), or that
   * there is none yet; only while not converged. Said in the periodic "waiting" lines and in a timeout's
   * error, not in the change-triggered summary lines (their states pass in a blink as a rule).
   */
  waiting?: string;
}

function pickPerGroup(tasks: Task[], key: (t: Task) => string): Map<string, Task> {
  const out = new Map<string, Task>();
  for (const t of tasks) {
    const k = key(t);
    const existing = out.get(k);
    if (existing) {
      if (rank(existing.DesiredState) < rank(t.DesiredState)) continue;
      // Same desired state: the lower observed state breaks the tie.
      if (existing.DesiredState === t.DesiredState && rank(existing.Status.State) <= rank(t.Status.State)) continue;
    }
    out.set(k, t);
  }
  return out;
}

function time(v: string | null | undefined): number {
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Nodes that can run tasks: ready and active. */
function eligible(nodes: Node[]): Node[] {
  return nodes.filter((n) => n.Status.State === "ready" && n.Spec.Availability === "active");
}

function hasConstraints(spec: EngineServiceSpec): boolean {
  const p = spec.TaskTemplate.Placement;
  return !!(p?.Constraints?.length || p?.MaxReplicas);
}

/**
 * @param upToDate the service's tasks on its current spec
 * @param previous its other tasks meant to run (a rolling update's old ones): they only add
 *   `old N running` to the summary, since they still serve while the new ones come up.
 */
export function evaluate(service: Service, upToDate: Task[], nodes: Node[], o: EvalOptions, previous: Task[] = []): Evaluation {
  const spec = service.Spec;
  const mode = modeKindOf(spec.Mode);
  const down = new Set(nodes.filter((n) => n.Status.State === "down").map((n) => n.ID));
  const iteration = service.JobStatus?.JobIteration?.Index ?? 0;
  const isJob = mode.endsWith("-job");
  const tasks = upToDate.filter((t) => !down.has(t.NodeID ?? "") && (!isJob || (t.JobIteration?.Index ?? 0) === iteration));

  const failedTasks = tasks
    .filter((t) => FAILED_STATES.has(t.Status.State) && time(t.CreatedAt) >= o.since)
    .sort((a, b) => time(b.Status.Timestamp ?? b.UpdatedAt) - time(a.Status.Timestamp ?? a.UpdatedAt));
  const base = { mode, failedTasks };

  // ── what the Engine says about the rollout ──
  const us = o.watchUpdateStatus ? service.UpdateStatus : undefined;
  const usState = us?.State ?? undefined;
  const usMessage = us?.Message ? `: ${us.Message}` : "";
  let rollingBack = false;
  if (usState === "paused") return fail(`the Engine paused the update${usMessage}`);
  if (usState === "rollback_paused") return fail(`the Engine paused the rollback${usMessage}`);
  if (usState === "rollback_started") {
    if (!o.rollback) {
      return { ...progress(countsOf()), summary: `the Engine is rolling the update back${usMessage}` };
    }
    rollingBack = true;
  }
  if (usState === "rollback_completed" && !o.rollback) {
    return { ...fail(`the Engine rolled the update back${usMessage}`), engineRolledBack: true };
  }

  const counts = countsOf();
  const failures = o.maxFailures > 0 ? tooManyFailures(failedTasks, mode, o.maxFailures) : undefined;
  if (counts.converged && !(rollingBack && usState === "rollback_started")) {
    return { ...base, state: "converged", ...counts.n, summary: counts.summary, updateCompleted: usState === "completed" || usState === "rollback_completed" };
  }
  if (failures) return fail(failures);
  return progress(counts);

  // ── helpers (hoisted) ──
  function fail(reason: string): Evaluation {
    const c = countsOf();
    return { ...base, state: "failed", ...c.n, summary: c.summary, reason, ...(c.waiting ? { waiting: c.waiting } : {}) };
  }
  function progress(c: ReturnType<typeof countsOf>): Evaluation {
    return { ...base, state: "progress", ...c.n, summary: c.summary, ...(c.waiting ? { waiting: c.waiting } : {}) };
  }
  function countsOf(): { n: { running: number; desired: number; completed: number }; summary: string; converged: boolean; waiting?: string } {
    const c = counted();
    return { ...c, waiting: c.converged ? undefined : waitingNote(c.live) };
  }
  function counted(): { n: { running: number; desired: number; completed: number }; summary: string; converged: boolean; live: Task[] } {
    const failedNote = failedTasks.length ? `, ${failedTasks.length} failed` : "";
    const oldRunning = previous.filter((t) => t.DesiredState === "running" && t.Status.State === "running" && !down.has(t.NodeID ?? "")).length;
    const prefix = (rollingBack ? "rolling back: " : "") + (oldRunning ? `old ${oldRunning} running, new ` : "");
    switch (mode) {
      case "replicated": {
        const desired = spec.Mode?.Replicated?.Replicas ?? 1;
        const bySlot = pickPerGroup(tasks, (t) => String(t.Slot ?? 0));
        const running = [...bySlot.values()].filter((t) => !isTerminal(t.DesiredState) && t.Status.State === "running").length;
        return { n: { running, desired, completed: 0 }, summary: `${prefix}${running}/${desired} running${failedNote}`, converged: running >= desired, live: [...bySlot.values()] };
      }
      case "global": {
        const byNode = pickPerGroup(tasks.filter((t) => t.NodeID), (t) => t.NodeID!);
        const withTasks = [...byNode.values()].filter((t) => !isTerminal(t.DesiredState));
        // Without constraints, every ready and active node must run one; otherwise the nodes the
        // Engine gave a task to (as the CLI does: it cannot evaluate constraints itself).
        const desired = hasConstraints(spec) ? withTasks.length : Math.max(withTasks.length, eligible(nodes).length);
        const running = withTasks.filter((t) => t.Status.State === "running").length;
        return {
          n: { running, desired, completed: 0 },
          summary: `${prefix}${running}/${desired} nodes running${failedNote}`,
          converged: desired > 0 && running >= desired,
          live: withTasks,
        };
      }
      case "replicated-job": {
        const total = spec.Mode?.ReplicatedJob?.TotalCompletions ?? spec.Mode?.ReplicatedJob?.MaxConcurrent ?? 1;
        const completed = tasks.filter((t) => t.Status.State === "complete").length;
        const running = tasks.filter((t) => t.Status.State === "running").length;
        return {
          n: { running, desired: total, completed },
          summary: `${prefix}${completed}/${total} completed, ${running} running${failedNote}`,
          converged: completed >= total,
          live: tasks,
        };
      }
      case "global-job": {
        const nodesWithTask = new Set(tasks.filter((t) => t.NodeID).map((t) => t.NodeID!));
        const desired = hasConstraints(spec) ? nodesWithTask.size : Math.max(nodesWithTask.size, eligible(nodes).length);
        const done = new Set(tasks.filter((t) => t.Status.State === "complete" && t.NodeID).map((t) => t.NodeID!));
        const running = tasks.filter((t) => t.Status.State === "running").length;
        return {
          n: { running, desired, completed: done.size },
          summary: `${prefix}${done.size}/${desired} nodes completed, ${running} running${failedNote}`,
          converged: desired > 0 && done.size >= desired,
          live: tasks,
        };
      }
    }
  }
}

/**
 * The tasks meant to run that are not running (nor done) yet, by state, with the scheduler's or the
 * Engine's reason where it gives one: "2 pending: no suitable node (max replicas per node limit
 * exceed)", "1 preparing". "no task yet" when the Engine has made none.
 */
export function waitingNote(tasks: Task[]): string {
  const live = tasks.filter((t) => !isTerminal(t.DesiredState));
  if (!live.length) return "no task yet";
  const byState = new Map<string, { n: number; why?: string }>();
  for (const t of live) {
    const state = t.Status.State;
    if (state === "running" || state === "complete") continue;
    const e = byState.get(state) ?? { n: 0 };
    e.n += 1;
    e.why ??= t.Status.Err || undefined;
    byState.set(state, e);
  }
  return [...byState.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([state, e]) => `${e.n} ${state}${e.why ? `: ${e.why}` : ""}`)
    .join(", ");
}

/** A slot (replicated) or node (global) that failed `max` times: retrying further is unlikely to help. */
export function tooManyFailures(failed: Task[], mode: ServiceModeKind, max: number): string | undefined {
  const perGroup = new Map<string, number>();
  const byNode = mode === "global" || mode === "global-job";
  for (const t of failed) {
    const k = byNode ? (t.NodeID ?? "?") : String(t.Slot ?? 0);
    perGroup.set(k, (perGroup.get(k) ?? 0) + 1);
  }
  for (const [k, n] of perGroup) {
    if (n >= max) return `tasks keep failing (${byNode ? `node ${k}` : `slot ${k}`} failed ${n} times; convergence.maxFailures is ${max})`;
  }
  return undefined;
}

// ─── the wait loop ───────────────────────────────────────────────────────────

/** Where observations come from: the engine's shared watcher (engine/watcher.ts), or a fake in tests. */
export interface Observer {
  /** The service, its up-to-date tasks and the nodes, as seen by one poll made after this call. */
  observe(): Promise<Observation>;
}

export interface WaitOptions extends EvalOptions {
  timeoutMs: number;
  /** Once converged, keep watching this long (the update monitor period); 0 for jobs. */
  stableMs: number;
  pollMs?: number;
  log: (line: string) => void;
  /** For tests: the clock and the pause. */
  clock?: Clock;
}

export interface WaitResult {
  ok: boolean;
  timedOut?: boolean;
  /** What ended the wait when it was not its own timeout: the operation's deadline (common/operation.ts). */
  endedBy?: string;
  last: Evaluation;
  service: Service;
}

/**
 * Polls the service until it converged (and stayed so for `stableMs`), failed, or the time ran out.
 * A failed observation (an engine restarting, a leader election, a dead keep-alive socket) is not the
 * end: the wait says what it saw and goes on until its timeout (common/poll.ts).
 */
export async function waitForConvergence(obs: Observer, o: WaitOptions): Promise<WaitResult> {
  const clock = o.clock ?? realClock;
  let lastSummary = "";
  let convergedAt: number | undefined;
  let last: { e: Evaluation; service: Service } | undefined;
  const r = await poll<WaitResult>({
    what: "the service to converge",
    timeoutMs: o.timeoutMs,
    intervalMs: o.pollMs ?? 150,
    progressEveryMs: 15_000,
    clock,
    log: o.log,
    step: async () => {
      const { service, tasks, nodes, previous } = await obs.observe();
      const e = evaluate(service, tasks, nodes, o, previous);
      last = { e, service };
      if (e.summary !== lastSummary) {
        o.log(e.summary);
        lastSummary = e.summary;
      }
      const status = e.waiting ? `${e.summary}; ${e.waiting}` : e.summary;
      if (e.state === "failed") return { done: true, value: { ok: false, last: e, service }, status };
      if (e.state === "converged") {
        const isJob = e.mode.endsWith("-job");
        // The Engine has finished its own monitoring: no need to watch again.
        if (isJob || o.stableMs <= 0 || e.updateCompleted) return { done: true, value: { ok: true, last: e, service }, status: e.summary };
        convergedAt ??= clock.now();
        if (clock.now() - convergedAt >= o.stableMs) return { done: true, value: { ok: true, last: e, service }, status: e.summary };
      } else {
        convergedAt = undefined;
      }
      return { done: false, status };
    },
  });
  if (r.ok) return r.value;
  if (last) return { ok: false, timedOut: true, endedBy: r.endedBy, last: last.e, service: last.service };
  throw new ProviderError("WAIT_TIMEOUT", `timed out after ${Math.round(o.timeoutMs / 1000)} s waiting for the service to converge: the engine never answered (${r.status})`, r.lastError);
}
