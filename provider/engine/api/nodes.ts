/** Node endpoints (manager only): list with filters, inspect, update (full spec + version), remove. */
import type { HttpEngineClient } from "../client";
import { NodeListSchema, NodeSchema, type Node, type NodeSpec } from "../schemas";

/** The Engine's node filters: id, label (engine labels), node.label (user labels), membership, name, role. */
export type NodeFilters = Partial<Record<"id" | "label" | "node.label" | "membership" | "name" | "role", string[]>>;

export class NodesApi {
  constructor(private readonly http: HttpEngineClient) {}

  list(filters?: NodeFilters): Promise<Node[]> {
    return this.http.json("GET", "/nodes", NodeListSchema, { query: { filters: nonEmpty(filters) } });
  }

  /** By ID, exact hostname or ID prefix (the Engine's own resolution). */
  inspect(id: string): Promise<Node> {
    return this.http.json("GET", `/nodes/${encodeURIComponent(id)}`, NodeSchema);
  }

  /** Full replacement: Role and Availability are required, omitted Labels/Name are cleared. */
  async update(id: string, version: number, spec: NodeSpec): Promise<void> {
    await this.http.call("POST", `/nodes/${encodeURIComponent(id)}/update`, { query: { version }, body: spec });
  }

  async remove(id: string, force: boolean): Promise<void> {
    await this.http.call("DELETE", `/nodes/${encodeURIComponent(id)}`, { query: { force } });
  }
}

export function nonEmpty<T extends Record<string, string[] | undefined>>(f: T | undefined): Record<string, string[]> | undefined {
  if (!f) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(f)) if (v && v.length) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}
