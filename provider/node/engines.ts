/**
 * The two engines a SwarmNode acts on, reached the kit's way: the node's own engine (`connection`),
 * which joins and leaves, and a manager of the swarm (`manager`), through which the node's spec is
 * read and written and the node is removed. At create both are recorded (engine ID; the swarm's
 * cluster ID for the manager); later calls reach them from state, never from DOCKER_HOST, and prove
 * the manager still manages that swarm before anything is read or written through it.
 */
import type { ConnectionSettings, DockerEngine, Info } from "../engine";
import { isEngineError } from "../engine/errors";
import type { Node } from "../engine/schemas";
import {
  engineAt,
  recordFromState,
  settingsForCreate,
  settingsForExisting,
  verifySwarmManager,
  type EngineRecord,
} from "../common/connection";
import type { ConnectionInput } from "../common/schemas";

export interface ReachedManager {
  manager: DockerEngine;
  info: Info;
  settings: ConnectionSettings;
}

/** At create: the manager from the declared connection (completed from the environment), proven a manager. */
export async function managerForCreate(declared: ConnectionInput | undefined, what: string): Promise<ReachedManager> {
  const settings = settingsForCreate(declared);
  const manager = engineAt(settings);
  return { manager, info: await verifySwarmManager(manager, undefined, what), settings };
}

/** Later: the manager from the declared connection completed by the record, proven a manager of the same swarm. */
export async function managerForExisting(declared: ConnectionInput | undefined, state: Record<string, unknown>, what: string): Promise<ReachedManager> {
  const record = recordFromState(state.managerEngine);
  const settings = settingsForExisting(declared, record, what);
  const manager = engineAt(settings);
  return { manager, info: await verifySwarmManager(manager, record?.swarmId, what), settings };
}

/** The node's own engine for an existing resource (none when the resource never had a connection). */
export function ownEngineForExisting(declared: ConnectionInput | undefined, state: Record<string, unknown>, what: string): { engine?: DockerEngine; record?: EngineRecord } {
  const record = recordFromState(state.engine);
  const legacy = typeof state.resolvedHost === "string" ? state.resolvedHost : undefined;
  if (!declared?.host && !record && !legacy) return {};
  return { engine: engineAt(settingsForExisting(declared, record, what, legacy)), record };
}

export async function inspectNode(manager: DockerEngine, id: string): Promise<Node | undefined> {
  try {
    return await manager.nodes.inspect(id);
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) return undefined;
    throw e;
  }
}
