/** getNodes / getNode: nodes as seen by a manager, in the package's shape. */
import type { ConnectionInput } from "../common/schemas";
import { engineForInput } from "../common/connection";
import { EngineError, isEngineError } from "../engine/errors";
import type { NodeFilters } from "../engine/api/nodes";
import type { Node } from "../engine/schemas";
import { requireManager } from "./swarm";

export interface NodeLookup {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  name: string;
  hostname: string;
  role: string;
  availability: string;
  labels: Record<string, string>;
  state: string;
  message: string;
  address: string;
  leader: boolean;
  reachability: string;
  managerAddress: string;
  engineVersion: string;
  engineLabels: Record<string, string>;
  platform: { architecture: string; os: string };
  resources: { nanoCpus: number; memoryBytes: number };
}

export function toNodeLookup(n: Node): NodeLookup {
  return {
    id: n.ID,
    version: n.Version.Index,
    createdAt: n.CreatedAt ?? "",
    updatedAt: n.UpdatedAt ?? "",
    name: n.Spec.Name ?? "",
    hostname: n.Description?.Hostname ?? "",
    role: n.Spec.Role,
    availability: n.Spec.Availability,
    labels: n.Spec.Labels ?? {},
    state: n.Status.State,
    message: n.Status.Message ?? "",
    address: n.Status.Addr ?? "",
    leader: !!n.ManagerStatus?.Leader,
    reachability: n.ManagerStatus?.Reachability ?? "",
    managerAddress: n.ManagerStatus?.Addr ?? "",
    engineVersion: n.Description?.Engine?.EngineVersion ?? "",
    engineLabels: n.Description?.Engine?.Labels ?? {},
    platform: { architecture: n.Description?.Platform?.Architecture ?? "", os: n.Description?.Platform?.OS ?? "" },
    resources: { nanoCpus: n.Description?.Resources?.NanoCPUs ?? 0, memoryBytes: n.Description?.Resources?.MemoryBytes ?? 0 },
  };
}

export async function getNodes(connection?: ConnectionInput, filters?: NodeFilters): Promise<NodeLookup[]> {
  await requireManager(connection, "list nodes");
  const nodes = await engineForInput(connection).nodes.list(filters);
  return nodes.map(toNodeLookup).sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
}

export async function getNode(connection: ConnectionInput | undefined, id: string): Promise<NodeLookup> {
  await requireManager(connection, `look up node "${id}"`);
  try {
    return toNodeLookup(await engineForInput(connection).nodes.inspect(id));
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      throw new EngineError({ code: "NOT_FOUND", engineMessage: `node "${id}" not found (by ID, hostname or ID prefix)`, status: 404, host: e.host });
    }
    throw e;
  }
}
