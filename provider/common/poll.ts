/**
 * Waiting until something is true, tolerant of a flaky engine. Every wait of the package goes
 * through `poll`: it asks `step` again and again until it reports done or the time runs out. An
 * error from `step` (an engine restarting, a leader election, a socket closed under us) does not end
 * the wait: it is what the wait "saw" this time, said once in a progress line, and the wait goes on
 * until its own timeout, whose error names the last thing seen. Only errors `fatal` accepts stop it.
 *
 * The clock is injectable so that unit tests run a five-minute wait in no time.
 */
import { messageOf, ProviderError } from "./errors";
import { currentOperation } from "./operation";
import type { Progress } from "./progress";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface PollStep<T> {
  done: boolean;
  value?: T;
  /** One line on where things stand, for progress lines and the timeout's message. */
  status: string;
}

export interface PollOptions<T> {
  /** What is waited for, as a phrase: "node x to join the managers' raft". */
  what: string;
  step: () => Promise<PollStep<T>>;
  timeoutMs: number;
  /** Pause between steps (default 250 ms). */
  intervalMs?: number;
  /** When set, the pause doubles while the status stays the same, up to this (back-off). */
  maxIntervalMs?: number;
  /** A progress line at most this often while the status does not change (default 5 s). */
  progressEveryMs?: number;
  log?: Progress;
  clock?: Clock;
  /** Errors that end the wait at once (default: none). */
  fatal?: (e: unknown) => boolean;
}

export type PollResult<T> =
  | { ok: true; value: T; status: string }
  | {
      ok: false;
      status: string;
      lastError?: unknown;
      /** Set when the operation's deadline (common/operation.ts), not this wait's own timeout, ended it. */
      endedBy?: string;
    };

/** Polls until done; on timeout returns `ok: false` with the last status instead of throwing. */
export async function poll<T>(o: PollOptions<T>): Promise<PollResult<T>> {
  const clock = o.clock ?? realClock;
  const start = clock.now();
  const every = o.progressEveryMs ?? 5000;
  const base = o.intervalMs ?? 250;
  let pause = base;
  let status = "";
  let lastError: unknown;
  let lastLog = start;
  let failing = false;
  for (;;) {
    let next = "";
    try {
      const r = await o.step();
      if (r.done) {
        if (failing) o.log?.(`the engine answers again`);
        return { ok: true, value: r.value as T, status: r.status };
      }
      next = r.status;
      if (failing) o.log?.(`the engine answers again (${r.status})`);
      failing = false;
      lastError = undefined;
    } catch (e) {
      if (o.fatal?.(e)) throw e;
      next = `no answer: ${messageOf(e)}`;
      if (!failing) o.log?.(`waiting for ${o.what}: ${next}; still waiting`);
      failing = true;
      lastError = e;
    }
    const now = clock.now();
    if (next !== status) {
      status = next;
      pause = base;
    } else if (o.maxIntervalMs) {
      pause = Math.min(pause * 2, o.maxIntervalMs);
    }
    if (now - start >= o.timeoutMs) return { ok: false, status, lastError };
    // The caller's bound on the whole operation (a plugin request's customTimeouts, or a cancel).
    const op = currentOperation();
    const opLeft = op?.deadline === undefined ? Infinity : op.deadline - Date.now();
    if (opLeft <= 0) return { ok: false, status, lastError, endedBy: op?.deadlineSource ?? "the operation's deadline" };
    if (now - lastLog >= every) {
      o.log?.(`waiting for ${o.what}: ${status} (${Math.round((now - start) / 1000)} s)`);
      lastLog = now;
    }
    await clock.sleep(Math.min(pause, Math.max(1, start + o.timeoutMs - now), Math.max(1, opLeft)));
  }
}

/** Like `poll`, but a timeout throws a WAIT_TIMEOUT ProviderError naming what was seen last. */
export async function pollOrThrow<T>(o: PollOptions<T>): Promise<T> {
  const r = await poll(o);
  if (r.ok) return r.value;
  const limit = r.endedBy ? `, the limit set by ${r.endedBy}` : "";
  throw new ProviderError("WAIT_TIMEOUT", `timed out${r.endedBy ? "" : ` after ${Math.round(o.timeoutMs / 1000)} s`} waiting for ${o.what}${limit} (last seen: ${r.status})`, r.lastError);
}
