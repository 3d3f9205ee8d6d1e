/**
 * The Engine's task states, in the order swarmkit moves a task through them (api/types.proto
 * TaskState): a task only ever goes forward. Ranks let callers compare a task's observed state with
 * its desired state as the docker CLI does (cli/command/service/progress).
 */
export const TASK_STATE_ORDER = [
  "new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running",
  "complete", "shutdown", "failed", "rejected", "remove", "orphaned",
] as const;

/** The position of a state in TASK_STATE_ORDER; unknown states (a newer Engine) rank last. */
export function taskStateRank(s: string | null | undefined): number {
  const i = (TASK_STATE_ORDER as readonly string[]).indexOf(s ?? "");
  return i < 0 ? TASK_STATE_ORDER.length : i;
}

/** Past "running": the task has ended, one way or another. */
export function isTerminalTaskState(s: string | null | undefined): boolean {
  return taskStateRank(s) > taskStateRank("running");
}

/** The states in which a task ended in failure. */
export const FAILED_TASK_STATES: ReadonlySet<string> = new Set(["failed", "rejected", "orphaned"]);

/** The states in which a container may still be starting or running on its node. */
export const LIVE_TASK_STATES: ReadonlySet<string> = new Set(["new", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running"]);
