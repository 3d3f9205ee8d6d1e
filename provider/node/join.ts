/**
 * Joining an engine to the swarm (or adopting it when it already is a member of this very swarm), and
 * waiting until it is an active member that the managers list as ready.
 */
import type { DockerEngine, Info } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import { pollOrThrow } from "../common/poll";
import type { Progress } from "../common/progress";
import type { JoinInput } from "./args";
import { inspectNode } from "./engines";
import { toJoinRequest } from "./spec";

/** The managers list a node moments after its engine joined; this only bounds a broken cluster. */
const SEEN_BY_MANAGERS_MS = 30_000;

export interface Joined {
  nodeId: string;
  adopted: boolean;
}

/**
 * `info` is the engine's /info as read when it was reached. The join call is the one that makes the
 * node: `onJoined` hears the node ID as soon as the engine reports one, so that the caller can turn
 * anything failing after it into a partial create. (A join that fails before any ID is seen leaves an
 * engine that the next `up` adopts: it is then a member of this swarm.)
 */
export async function joinOrAdopt(
  engine: DockerEngine,
  info: Info,
  manager: DockerEngine,
  join: JoinInput,
  timeoutMs: number,
  log: Progress,
  onJoined: (nodeId: string) => void,
): Promise<Joined> {
  const state = info.Swarm.LocalNodeState;
  if (state === "locked") {
    throw new EngineError({
      code: "LOCKED",
      engineMessage: `engine ${engine.host} is a locked manager of a swarm; unlock it (docker swarm unlock) before managing it as a node`,
      host: engine.host,
    });
  }
  if (state && state !== "inactive") {
    const known = info.Swarm.NodeID ? await inspectNode(manager, info.Swarm.NodeID) : undefined;
    if (known) {
      log(`engine ${engine.host} is already a member of this swarm (node ${known.ID}): adopting it instead of joining`);
      return { nodeId: known.ID, adopted: true };
    }
    throw new EngineError({
      code: "ALREADY_IN_SWARM",
      engineMessage:
        `engine ${engine.host} already holds swarm state (node ${info.Swarm.NodeID || "?"}, state ${state}) that the managers at ` +
        `${manager.host} do not know: it is in another swarm, or was removed from this one. Make it leave first ` +
        "(docker swarm leave --force on that engine)",
      host: engine.host,
    });
  }

  log(`joining ${engine.host} to the swarm at ${join.remoteAddrs.join(", ")}`);
  try {
    await engine.swarm.join(toJoinRequest(join));
  } catch (e) {
    // After 20 s the Engine answers 503 but keeps joining in the background: keep waiting for it.
    if (!(isEngineError(e) && /timeout was reached before node joined/i.test(e.engineMessage))) throw e;
    log("the engine is still joining (its own 20 s limit passed); waiting");
  }
  const active = await pollOrThrow({
    what: `${engine.host} to become an active swarm member`,
    step: async () => {
      const i = await engine.system.info();
      if (i.Swarm.NodeID) onJoined(i.Swarm.NodeID);
      return { done: i.Swarm.LocalNodeState === "active" && !!i.Swarm.NodeID, value: i, status: `state ${i.Swarm.LocalNodeState}${i.Swarm.Error ? `: ${i.Swarm.Error}` : ""}` };
    },
    timeoutMs,
    log,
  });
  const nodeId = active.Swarm.NodeID;
  await pollOrThrow({
    what: `the managers to list node ${nodeId}`,
    step: async () => {
      const n = await inspectNode(manager, nodeId);
      return { done: !!n && n.Status.State === "ready", value: n, status: n ? `state ${n.Status.State}` : "not listed yet" };
    },
    timeoutMs: Math.max(SEEN_BY_MANAGERS_MS, timeoutMs),
    log,
  });
  log(`joined as node ${nodeId}`);
  return { nodeId, adopted: false };
}
