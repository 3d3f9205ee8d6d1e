/**
 * Declared recovery from a lost quorum. A swarm whose managers cannot form a majority has no leader:
 * it keeps running its tasks but cannot change or even be read. The way back that keeps the swarm
 * (its ID, services, secrets, configs, networks and nodes) is `docker swarm init --force-new-cluster`
 * on a surviving manager: it becomes a one-manager raft from its own copy of the state, and the lost
 * managers drop out of the raft (their nodes stay listed, down, until removed).
 *
 * It is never automatic: a partition that heals would otherwise leave two swarms. The user asks for
 * it by changing the Swarm's `recoverQuorum` trigger; `preview` says what `up` will do, and `up` runs
 * it only when the managers really have no leader (after the client's own wait through an election).
 */
import type { DockerEngine } from "../engine";
import { isEngineError, isTransientAnswer } from "../engine/errors";
import { ProviderError } from "../common/errors";
import { pollOrThrow } from "../common/poll";
import type { Progress } from "../common/progress";
import type { SwarmInputs } from "./args";

export function quorumLostMessage(host: string): string {
  return (
    `the swarm managed through ${host} has no leader: too few of its managers are reachable to form a majority ` +
    "(quorum). Bring the stopped managers back if you can. If they are lost for good, recover the swarm on this " +
    "manager, keeping its services, secrets and nodes: set `recoverQuorum` on the Swarm resource to a new value " +
    "(for example the date) and run `pulumi up`; it runs `docker swarm init --force-new-cluster` there"
  );
}

/** True when the managers answer with a leader (a read of the swarm succeeds after the election wait). */
export async function swarmHasLeader(engine: DockerEngine): Promise<boolean> {
  try {
    await engine.swarm.inspect();
    return true;
  } catch (e) {
    if (isTransientAnswer(e)) return false;
    throw e;
  }
}

/** Runs force-new-cluster on `engine` if (and only if) its swarm has no leader; waits until it serves again. */
export async function recoverQuorum(engine: DockerEngine, inputs: SwarmInputs, log: Progress): Promise<void> {
  if (await swarmHasLeader(engine)) {
    log("recoverQuorum: the managers have a leader; there is nothing to recover");
    return;
  }
  log(`recoverQuorum: the swarm has no leader; running force-new-cluster on ${engine.host} (its state is kept)`);
  try {
    // An empty spec: at init the Engine only merges the values given onto the swarm's current spec.
    await engine.swarm.init({ ListenAddr: inputs.listenAddr, AdvertiseAddr: inputs.advertiseAddr, ForceNewCluster: true, Spec: {} });
  } catch (e) {
    if (!isEngineError(e)) throw e;
    throw new ProviderError("QUORUM", `force-new-cluster on ${engine.host} failed: ${e.message}`, e);
  }
  await pollOrThrow({
    what: `the recovered swarm on ${engine.host} to elect this manager`,
    step: async () => {
      const ok = await swarmHasLeader(engine);
      return { done: ok, value: true, status: ok ? "leader elected" : "no leader yet" };
    },
    timeoutMs: 120_000,
    intervalMs: 500,
    log,
  });
  log("recoverQuorum: the swarm runs again with this manager as its only raft member; re-add managers with SwarmNode");
}
