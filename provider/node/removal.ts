/**
 * Deleting a SwarmNode: the removal plan (pure, in plan.ts) carried out step by step. Drain first, so
 * tasks move while the node still runs them; demote a manager before it leaves; make its own engine
 * leave (only when that engine is still this very node); remove it through a manager last.
 */
import type { DockerEngine, Info } from "../engine";
import { isEngineError } from "../engine/errors";
import { InfoSchema, type Task } from "../engine/schemas";
import { LIVE_TASK_STATES } from "../engine/task-states";
import { ProviderError, messageOf } from "../common/errors";
import { connectionFromState } from "../common/connection";
import type { Raw } from "../common/lifecycle";
import { pollOrThrow } from "../common/poll";
import { progressFor, type Progress } from "../common/progress";
import type { NodeState } from "./diff";
import { inspectNode, managerForExisting, ownEngineForExisting } from "./engines";
import { planRemoval, quorumAfterLeaving } from "./plan";
import { ms, raftMembers, waitRole, writeSpec } from "./writes";

const KIND = "swarm-node";
/** Bound on the probe of the node's own engine at delete (it may be stopped or gone). */
const ENGINE_PROBE_MS = 10_000;

export async function remove(id: string, props: NodeState & Raw): Promise<void> {
  const log = progressFor(props._name, KIND);
  const what = `node ${id}`;
  const mode = props.mode ?? (props.join ? "join" : "existing");
  const removal = props.removal ?? { drain: true, drainTimeout: "2m" };
  const removeNode = removal.remove ?? mode === "join";
  if (!removeNode) {
    log(`node ${id} stays in the swarm as it is (removal.remove is false): the resource only stops managing it`);
    return;
  }
  const { manager, info: managerInfo } = await managerForExisting(connectionFromState(props.manager), props, what);
  const [node, nodes] = await Promise.all([inspectNode(manager, id), manager.nodes.list()]);
  const { engine: own, record: ownRecord } = ownEngineForExisting(connectionFromState(props.connection), props, what);
  const probed = own ? await probe(own) : undefined;
  // Another engine answering at the recorded address is not this node's engine: never make it leave.
  const engineInfo = probed && ownRecord?.id && probed.ID && probed.ID !== ownRecord.id ? undefined : probed;
  if (probed && !engineInfo) log(`the engine at ${own?.host} is not the one that joined as this node (another engine ID): it is left alone`);
  const plan = planRemoval({
    id,
    remove: true,
    drain: removal.drain,
    node: node && { id: node.ID, availability: node.Spec.Availability, state: node.Status.State, raftMember: !!node.ManagerStatus },
    managerNodeId: managerInfo.Swarm.NodeID,
    engine: {
      reachable: !!engineInfo,
      nodeId: engineInfo?.Swarm.NodeID ?? "",
      state: engineInfo?.Swarm.LocalNodeState ?? "",
    },
    quorum: quorumAfterLeaving(raftMembers(nodes), id),
  });
  for (const n of plan.notes) log(n);
  if (plan.refuse) throw new ProviderError(/quorum/i.test(plan.refuse) ? "QUORUM" : "REFUSED", plan.refuse);

  for (const step of plan.steps) {
    switch (step.kind) {
      case "drain":
        log(`draining node ${id} so that its tasks are rescheduled elsewhere`);
        await writeSpec(manager, id, (s) => (s.Availability === "drain" ? undefined : { ...s, Availability: "drain" }), log);
        break;
      case "wait-tasks":
        await waitTasksGone(manager, id, step.observeContainers, ms(removal.drainTimeout), log);
        break;
      case "demote":
        log(`demoting manager ${id} before it leaves`);
        await writeSpec(manager, id, (s) => (s.Role === "worker" ? undefined : { ...s, Role: "worker" }), log);
        await waitRole(manager, id, "worker", ms(props.roleChangeTimeout ?? "2m"), log);
        break;
      case "leave":
        log(`leaving the swarm on its engine ${own?.host}`);
        await (own as DockerEngine).swarm.leave(true).catch((e) => {
          if (!isEngineError(e, "NOT_IN_SWARM")) throw e;
        });
        break;
      case "remove":
        log(`removing node ${id} from the swarm${step.force ? " (force)" : ""}`);
        await manager.nodes.remove(id, step.force).catch(async (e) => {
          if (isEngineError(e, "NOT_FOUND")) return;
          // Seen as ready a moment ago but not any more, or the other way round: force settles it.
          if (!step.force && isEngineError(e, "INVALID_ARGUMENT") && /not down/i.test(e.engineMessage)) return manager.nodes.remove(id, true);
          throw e;
        });
        break;
    }
  }
  if (plan.steps.some((s) => s.kind === "remove")) log(`node ${id} removed`);
}

/**
 * Waits until no task on the node is meant to run (desired state running) and, when the node's
 * containers can be observed (it is ready and its engine answers), none still runs or starts. A down
 * node never reports its containers again, so only the desired state counts there.
 */
async function waitTasksGone(manager: DockerEngine, id: string, observeContainers: boolean, timeoutMs: number, log: Progress): Promise<void> {
  let remaining: Task[] = [];
  try {
    await pollOrThrow({
      what: `the tasks on node ${id} to stop`,
      step: async () => {
        const tasks = await manager.tasks.list({ node: [id] });
        remaining = tasks.filter((t) => t.DesiredState === "running" || (observeContainers && LIVE_TASK_STATES.has(t.Status.State)));
        return { done: remaining.length === 0, value: true, status: `${remaining.length} task(s) still running` };
      },
      timeoutMs,
      log,
    });
  } catch (e) {
    const list = remaining.slice(0, 10).map((t) => `${t.Name ?? t.ID} (${t.DesiredState}/${t.Status.State})`).join(", ");
    throw new ProviderError(
      "WAIT_TIMEOUT",
      `${messageOf(e)}. The node stays drained and in the swarm; still there: ${list}. ` +
        "Raise removal.drainTimeout, or set removal.drain to false to remove it without waiting",
      e,
    );
  }
  log(`no tasks left on node ${id}`);
}

/** The node's own engine's /info, or undefined when it does not answer (stopped, gone). */
async function probe(engine: DockerEngine): Promise<Info | undefined> {
  try {
    return await engine.http.json("GET", "/info", InfoSchema, { timeoutMs: ENGINE_PROBE_MS });
  } catch (e) {
    if (isEngineError(e, "UNREACHABLE") || isEngineError(e, "TIMEOUT")) return undefined;
    throw e;
  }
}
