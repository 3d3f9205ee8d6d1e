/** getSwarm: the swarm as seen from one engine, in the package's shape. */
import type { ConnectionInput } from "../common/schemas";
import { engineForInput } from "../common/connection";
import { EngineError } from "../engine/errors";
import { effectiveSpec, type EffectiveSwarmSpec } from "../swarm/spec";

export interface SwarmLookup {
  /** The swarm's ID ("" when the engine is in no swarm). */
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  spec?: EffectiveSwarmSpec;
  autolock: boolean;
  joinTokens?: { worker: string; manager: string };
  /** The engine's own state in the swarm: inactive, pending, active, locked or error. */
  localNodeState: string;
  /** The engine's node ID in the swarm. */
  nodeId: string;
  /** The engine's advertised address. */
  nodeAddr: string;
  /** Whether the engine is a manager that can answer for the cluster. */
  controlAvailable: boolean;
  managers: number;
  nodes: number;
  remoteManagers: Array<{ nodeId: string; addr: string }>;
  error: string;
}

export async function getSwarm(connection?: ConnectionInput): Promise<SwarmLookup> {
  const engine = engineForInput(connection);
  const info = await engine.system.info();
  const s = info.Swarm;
  const base: SwarmLookup = {
    id: s.Cluster?.ID ?? "",
    version: 0,
    createdAt: "",
    updatedAt: "",
    autolock: false,
    localNodeState: s.LocalNodeState || "inactive",
    nodeId: s.NodeID,
    nodeAddr: s.NodeAddr,
    controlAvailable: s.ControlAvailable,
    managers: s.Managers ?? 0,
    nodes: s.Nodes ?? 0,
    remoteManagers: (s.RemoteManagers ?? []).map((m) => ({ nodeId: m.NodeID, addr: m.Addr })),
    error: s.Error ?? "",
  };
  // Only an active manager can say more; for the others the local state is the answer.
  if (base.localNodeState !== "active" || !s.ControlAvailable) return base;
  const swarm = await engine.swarm.inspect();
  return {
    ...base,
    id: swarm.ID,
    version: swarm.Version.Index,
    createdAt: swarm.CreatedAt ?? "",
    updatedAt: swarm.UpdatedAt ?? "",
    spec: effectiveSpec(swarm),
    autolock: !!swarm.Spec.EncryptionConfig?.AutoLockManagers,
    joinTokens: { worker: swarm.JoinTokens.Worker, manager: swarm.JoinTokens.Manager },
  };
}

/** The look-ups that need a manager say which engine was asked and why it could not answer. */
export async function requireManager(connection: ConnectionInput | undefined, what: string): Promise<void> {
  const engine = engineForInput(connection);
  const s = (await engine.system.info()).Swarm;
  if (s.LocalNodeState === "locked") {
    throw new EngineError({ code: "LOCKED", engineMessage: `cannot ${what}: the swarm on ${engine.host} is locked (unlock it first)`, host: engine.host });
  }
  if (!s.LocalNodeState || s.LocalNodeState === "inactive") {
    throw new EngineError({ code: "NOT_IN_SWARM", engineMessage: `cannot ${what}: ${engine.host} is not part of a swarm`, host: engine.host });
  }
  if (!s.ControlAvailable) {
    throw new EngineError({ code: "NOT_A_MANAGER", engineMessage: `cannot ${what}: ${engine.host} is not a swarm manager; ask a manager`, host: engine.host });
  }
}
