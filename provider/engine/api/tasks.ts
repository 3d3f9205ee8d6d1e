/** Task endpoints (manager only). */
import type { HttpEngineClient } from "../client";
import { TaskListSchema, TaskSchema, type Task } from "../schemas";
import { nonEmpty } from "./nodes";

/**
 * The Engine's task filters. `_up-to-date` (undocumented, used by the docker CLI) keeps only tasks
 * whose spec matches the service's current spec.
 */
export type TaskFilters = Partial<
  Record<"id" | "name" | "label" | "service" | "node" | "desired-state" | "_up-to-date", string[]>
>;

export class TasksApi {
  constructor(private readonly http: HttpEngineClient) {}

  list(filters?: TaskFilters): Promise<Task[]> {
    return this.http.json("GET", "/tasks", TaskListSchema, { query: { filters: nonEmpty(filters) } });
  }

  inspect(id: string): Promise<Task> {
    return this.http.json("GET", `/tasks/${encodeURIComponent(id)}`, TaskSchema);
  }
}
