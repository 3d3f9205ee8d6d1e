/** getServiceTasks: a service's tasks, newest first per slot, in the package's shape. */
import type { ConnectionInput } from "../common/schemas";
import { engineForInput } from "../common/connection";
import { EngineError, isEngineError } from "../engine/errors";
import type { Task } from "../engine/schemas";
import { requireManager } from "./swarm";

export interface TaskLookup {
  id: string;
  serviceId: string;
  /** Replica slot (replicated services and jobs); 0 for global services. */
  slot: number;
  nodeId: string;
  state: string;
  desiredState: string;
  message: string;
  error: string;
  exitCode?: number;
  containerId: string;
  createdAt: string;
  updatedAt: string;
  /** When the task entered its current state. */
  timestamp: string;
  jobIteration?: number;
}

export function toTaskLookup(t: Task): TaskLookup {
  const exit = t.Status.ContainerStatus?.ExitCode;
  const out: TaskLookup = {
    id: t.ID,
    serviceId: t.ServiceID,
    slot: t.Slot ?? 0,
    nodeId: t.NodeID ?? "",
    state: t.Status.State,
    desiredState: t.DesiredState ?? "",
    message: t.Status.Message ?? "",
    error: t.Status.Err ?? "",
    containerId: t.Status.ContainerStatus?.ContainerID ?? "",
    createdAt: t.CreatedAt ?? "",
    updatedAt: t.UpdatedAt ?? "",
    timestamp: t.Status.Timestamp ?? "",
  };
  if (typeof exit === "number") out.exitCode = exit;
  if (t.JobIteration) out.jobIteration = t.JobIteration.Index;
  return out;
}

export async function getServiceTasks(
  connection: ConnectionInput | undefined,
  service: string,
  desiredState?: string,
): Promise<TaskLookup[]> {
  await requireManager(connection, `list the tasks of service "${service}"`);
  try {
    const tasks = await engineForInput(connection).tasks.list({
      service: [service],
      "desired-state": desiredState ? [desiredState] : undefined,
    });
    return tasks
      .map(toTaskLookup)
      .sort((a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId) || b.createdAt.localeCompare(a.createdAt));
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      throw new EngineError({ code: "NOT_FOUND", engineMessage: `service "${service}" not found`, status: 404, host: e.host });
    }
    throw e;
  }
}
