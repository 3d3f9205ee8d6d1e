/**
 * What the front-end that called a lifecycle knows about the operation it runs, carried through the
 * async calls without threading it through every signature (node:async_hooks AsyncLocalStorage):
 *
 * - a deadline: the caller's bound on the whole operation (a provider plugin's Create/Update/Delete
 *   request carries Pulumi's `customTimeouts` as a timeout in seconds). Every wait (common/poll.ts)
 *   stops at it, whatever its own timeout says, and says that the operation's bound ended it.
 *   `cancel()` (Pulumi's Cancel) moves the deadline to now.
 * - a progress sink: where progress lines go (common/progress.ts); without one they go to stdout, which
 *   the dynamic-provider host passes through to the CLI.
 *
 * Outside of `runOperation` (the dynamic providers, unit tests) there is no deadline and no sink.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Operation {
  /** Epoch ms after which every wait of the operation gives up. */
  deadline?: number;
  /** How the deadline was set, for messages: e.g. "the operation's timeout (customTimeouts, 30 s)". */
  deadlineSource?: string;
  /** Receives every progress line of the operation. */
  sink?: (line: string) => void;
  /** Set by cancel(). */
  cancelled?: boolean;
}

const storage = new AsyncLocalStorage<Operation>();

/** Runs `fn` as one operation: its waits and progress lines follow `op`. */
export function runOperation<T>(op: Operation, fn: () => Promise<T>): Promise<T> {
  return storage.run(op, fn);
}

export function currentOperation(): Operation | undefined {
  return storage.getStore();
}

/** Ends every wait of the operation at once (its next check gives up). */
export function cancel(op: Operation): void {
  op.cancelled = true;
  op.deadline = Date.now();
  op.deadlineSource = "the operation was cancelled";
}
