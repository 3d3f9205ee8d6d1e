/**
 * Read-modify-write for Engine objects that are replaced whole on update (swarm, nodes, services).
 * The write carries the version that was read; when another writer got there first the Engine answers
 * "update out of sequence" (HTTP 500), and we read again and re-apply, a bounded number of times.
 * Version indexes also move on their own (allocator, update status), so this happens without any
 * concurrent user too.
 */
import { EngineError, isEngineError } from "./errors";

export interface ReadModifyWrite<T, R> {
  read: () => Promise<T>;
  /** Returns what to write, or `undefined` when nothing needs to change (no write at all). */
  apply: (current: T) => R | undefined | Promise<R | undefined>;
  write: (current: T, next: R) => Promise<void>;
  /** Total attempts (default 5). */
  attempts?: number;
  /** Pause between attempts in ms (default 100, doubled each time). */
  backoffMs?: number;
  /** Called before each retry (for progress lines). */
  onRetry?: (attempt: number, error: EngineError) => void;
}

export async function readModifyWrite<T, R>(op: ReadModifyWrite<T, R>): Promise<{ current: T; written: boolean }> {
  const attempts = op.attempts ?? 5;
  let delay = op.backoffMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    const current = await op.read();
    const next = await op.apply(current);
    if (next === undefined) return { current, written: false };
    try {
      await op.write(current, next);
      return { current, written: true };
    } catch (e) {
      if (!isEngineError(e, "OUT_OF_SEQUENCE") || attempt >= attempts) {
        if (isEngineError(e, "OUT_OF_SEQUENCE")) {
          throw new EngineError({
            code: "OUT_OF_SEQUENCE",
            engineMessage: `${e.engineMessage}; still out of sequence after ${attempts} attempts with a fresh read each time`,
            status: e.status,
            request: e.request,
            host: e.host,
            cause: e,
          });
        }
        throw e;
      }
      op.onRetry?.(attempt, e);
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}
