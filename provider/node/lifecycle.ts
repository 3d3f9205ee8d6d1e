/**
 * The SwarmNode resource's provider: check / diff / create / read / update / delete, using the Engine
 * client. Called by the tiny stub in sdk/ inside Pulumi's provider host.
 *
 * Two engines are involved: the node's own engine (`connection`), which joins and leaves, and a
 * manager (`manager`), through which the node's spec is read and written and the node is removed.
 */
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import { InfoSchema, type Info, type Node, type NodeSpec, type Task } from "../engine/schemas";
import { omitUndefined } from "../common/clean";
import { InputError, validate, type CheckFailure } from "../common/check";
import { engineForInput } from "../common/connection";
import { parseDuration } from "../common/duration";
import { progressFor, type Progress } from "../common/progress";
import { isUnknown, withoutUnknowns } from "../common/unknowns";
import { nodeInputs, nodeInputsBase, type JoinInput, type NodeInputs } from "./args";
import { diffNode, type NodeMode, type NodeState } from "./diff";
import { planRemoval, quorumAfterLeaving, type RaftMember } from "./plan";
import { applyDeclared, echoOf, observed, outputsFor, toJoinRequest } from "./spec";

type Raw = Record<string, unknown>;

const KIND = "swarm-node";
/** How often waits print a progress line. */
const PROGRESS_EVERY_MS = 5_000;
/** The managers list a node moments after its engine joined; this only bounds a broken cluster. */
const SEEN_BY_MANAGERS_MS = 30_000;
/** Bound on the probe of the node's own engine at delete (it may be stopped or gone). */
const ENGINE_PROBE_MS = 10_000;

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const { failures } = validate(nodeInputs, stripProvider(news));
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: NodeState, news: Raw) {
  const rawNews = stripProvider(news);
  const parsed = parseForDiff(rawNews);
  if (!parsed) return { changes: true };
  const host = hostOf(parsed);
  const d = diffNode(olds, parsed, rawNews, host);
  const log = progressFor(parsed._name, KIND);
  for (const r of d.reasons) log(r);
  // One engine holds one swarm membership: the old node must leave before another one joins.
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: true };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parse(news);
  const log = progressFor(inputs._name, KIND);
  const manager = engineForInput(inputs.manager);
  const mode: NodeMode = inputs.join ? "join" : "existing";
  let nodeId: string;
  let adopted = false;
  let resolvedHost: string | undefined;

  if (inputs.join) {
    const engine = engineForInput(inputs.connection);
    resolvedHost = engine.host;
    ({ nodeId, adopted } = await joinOrAdopt(engine, manager, inputs.join, ms(inputs.joinTimeout), log));
  } else {
    const node = await inspectNode(manager, inputs.nodeId as string);
    if (!node) {
      throw new EngineError({
        code: "NOT_FOUND",
        engineMessage: `no node "${inputs.nodeId}" in the swarm managed through ${manager.host} (nodeId takes a node ID, an ID prefix or a hostname)`,
        host: manager.host,
      });
    }
    nodeId = node.ID;
    if (inputs.connection) resolvedHost = engineForInput(inputs.connection).host;
    log(`managing the existing node ${node.ID} (${node.Description?.Hostname ?? "?"})`);
  }

  const extra = { mode, resolvedHost, adopted };
  try {
    await applySpec(manager, nodeId, inputs, [], log);
    const outs = outputsFor(await manager.nodes.inspect(nodeId), inputs, extra);
    log(`node ${nodeId} is ${outs.role}, ${outs.availability}, ${outs.state}`);
    return { id: nodeId, outs };
  } catch (e) {
    if (mode !== "join") throw e;
    // The engine has joined: record the node anyway (a partial create), so that the next `up`
    // retries the spec and a `destroy` removes it, instead of leaving a member nobody tracks.
    const node = await manager.nodes.inspect(nodeId).catch(() => undefined);
    const properties = node ? outputsFor(node, inputs, extra) : omitUndefined({ ...echoOf(inputs), ...extra, nodeId });
    throw Object.assign(new Error((e as Error).message), { id: nodeId, properties, reasons: [(e as Error).message] });
  }
}

export async function read(id: string, props: NodeState & Raw): Promise<{ id?: string; props?: Raw }> {
  const log = progressFor(props._name, KIND);
  const manager = engineForInput(props.manager);
  const node = await inspectNode(manager, id);
  if (!node) {
    log(`node ${id} is no longer in the swarm (removed out of band)`);
    return {};
  }
  return { id, props: omitUndefined({ ...props, ...observed(node) }) };
}

export async function update(id: string, olds: NodeState & Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parse(news);
  const log = progressFor(inputs._name, KIND);
  const manager = engineForInput(inputs.manager);
  if (!(await inspectNode(manager, id))) {
    throw new EngineError({
      code: "NOT_FOUND",
      engineMessage: `node ${id} is no longer in the swarm (it was removed out of band); run \`pulumi refresh\`, then \`pulumi up\` to join it again`,
      host: manager.host,
    });
  }
  await applySpec(manager, id, inputs, olds.managedLabelKeys ?? [], log);
  const mode = olds.mode ?? (olds.join ? "join" : "existing");
  const resolvedHost = inputs.connection ? engineForInput(inputs.connection).host : olds.resolvedHost;
  const outs = outputsFor(await manager.nodes.inspect(id), inputs, { mode, resolvedHost, adopted: !!olds.adopted });
  return { outs };
}

export async function remove(id: string, props: NodeState & Raw): Promise<void> {
  const log = progressFor(props._name, KIND);
  const mode = props.mode ?? (props.join ? "join" : "existing");
  const removal = props.removal ?? { drain: true, drainTimeout: "2m" };
  const removeNode = removal.remove ?? mode === "join";
  if (!removeNode) {
    log(`node ${id} stays in the swarm as it is (removal.remove is false): the resource only stops managing it`);
    return;
  }
  const manager = engineForInput(props.manager);
  const [node, managerInfo, nodes] = await Promise.all([inspectNode(manager, id), manager.system.info(), manager.nodes.list()]);
  const own = props.connection ? engineForInput(props.connection) : undefined;
  const engineInfo = own ? await probe(own) : undefined;
  const members = raftMembers(nodes);
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
    quorum: quorumAfterLeaving(members, id),
  });
  for (const n of plan.notes) log(n);
  if (plan.refuse) throw new Error(plan.refuse);

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

// ─── create helpers ──────────────────────────────────────────────────────────

async function joinOrAdopt(
  engine: DockerEngine,
  manager: DockerEngine,
  join: JoinInput,
  timeoutMs: number,
  log: Progress,
): Promise<{ nodeId: string; adopted: boolean }> {
  const info = await engine.system.info();
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
  const active = await poll(
    `${engine.host} to become an active swarm member`,
    async () => {
      const i = await engine.system.info();
      return { done: i.Swarm.LocalNodeState === "active" && !!i.Swarm.NodeID, value: i, status: `state ${i.Swarm.LocalNodeState}${i.Swarm.Error ? `: ${i.Swarm.Error}` : ""}` };
    },
    timeoutMs,
    log,
  );
  const nodeId = active.Swarm.NodeID;
  await poll(
    `the managers to list node ${nodeId}`,
    async () => {
      const n = await inspectNode(manager, nodeId);
      return { done: !!n && n.Status.State === "ready", value: n, status: n ? `state ${n.Status.State}` : "not listed yet" };
    },
    Math.max(SEEN_BY_MANAGERS_MS, timeoutMs),
    log,
  );
  log(`joined as node ${nodeId}`);
  return { nodeId, adopted: false };
}

// ─── spec ────────────────────────────────────────────────────────────────────

/**
 * Writes the declared role, availability, labels and name (read-modify-write), then waits for a role
 * change. Exported for the unit tests, which drive it against a mocked engine.
 * @internal
 */
export async function applySpec(manager: DockerEngine, id: string, inputs: NodeInputs, previouslyManagedKeys: string[], log: Progress): Promise<void> {
  const declared = { role: inputs.role, availability: inputs.availability, labels: inputs.labels, labelsMode: inputs.labelsMode, name: inputs.name };
  const written = await writeSpec(manager, id, (s) => applyDeclared(s, declared, previouslyManagedKeys), log);
  if (written) log(`node spec updated (${describeSpec(written)})`);
  if (inputs.role) await waitRole(manager, id, inputs.role, ms(inputs.roleChangeTimeout), log);
}

/**
 * Read-modify-write of the node spec (the Engine replaces it whole, with the version read). A
 * demotion is checked against the quorum guard right before the write, on a fresh list of managers.
 * Returns the spec written, or undefined when nothing needed writing.
 */
async function writeSpec(
  manager: DockerEngine,
  id: string,
  change: (current: NodeSpec) => NodeSpec | undefined,
  log: Progress,
): Promise<NodeSpec | undefined> {
  let written: NodeSpec | undefined;
  await readModifyWrite<Node, NodeSpec>({
    read: () => manager.nodes.inspect(id),
    apply: (current) => change(current.Spec),
    write: async (current, next) => {
      if (next.Role === "worker" && current.ManagerStatus) {
        const guard = quorumAfterLeaving(raftMembers(await manager.nodes.list()), id);
        if (!guard.ok) throw new Error(guard.message);
      }
      try {
        await manager.nodes.update(current.ID, current.Version.Index, next);
      } catch (e) {
        // Swarmkit's own refusals (raced with another change, or counted differently): say it plainly.
        if (isEngineError(e) && /loss of quorum|demote the last manager/i.test(e.engineMessage)) {
          throw new Error(`the managers refused to demote node ${id}, because it would break quorum: ${e.engineMessage}`);
        }
        throw e;
      }
      written = next;
    },
    onRetry: (attempt) => log(`node ${id} changed while being updated (update out of sequence): reading it again (attempt ${attempt + 1})`),
  });
  return written;
}

/** Waits until the node is (manager) a reachable raft member, or (worker) out of the raft. */
async function waitRole(manager: DockerEngine, id: string, role: string, timeoutMs: number, log: Progress): Promise<void> {
  await poll(
    role === "manager" ? `node ${id} to join the managers' raft` : `node ${id} to leave the managers' raft`,
    async () => {
      const n = await manager.nodes.inspect(id);
      const reach = n.ManagerStatus?.Reachability;
      const done = role === "manager" ? reach === "reachable" : !n.ManagerStatus;
      return { done, value: n, status: n.ManagerStatus ? `raft member, ${reach}` : "not a raft member" };
    },
    timeoutMs,
    log,
  );
}

// ─── delete helpers ──────────────────────────────────────────────────────────

/** Task states in which a container may still run on the node. */
const LIVE = new Set(["new", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running"]);

/**
 * Waits until no task on the node is meant to run (desired state running) and, when the node's
 * containers can be observed (it is ready and its engine answers), none still runs or starts. A down
 * node never reports its containers again, so only the desired state counts there.
 */
async function waitTasksGone(manager: DockerEngine, id: string, observeContainers: boolean, timeoutMs: number, log: Progress): Promise<void> {
  let remaining: Task[] = [];
  try {
    await poll(
      `the tasks on node ${id} to stop`,
      async () => {
        const tasks = await manager.tasks.list({ node: [id] });
        remaining = tasks.filter((t) => t.DesiredState === "running" || (observeContainers && LIVE.has(t.Status.State)));
        return { done: remaining.length === 0, value: true, status: `${remaining.length} task(s) still running` };
      },
      timeoutMs,
      log,
    );
  } catch (e) {
    const list = remaining.slice(0, 10).map((t) => `${t.Name ?? t.ID} (${t.DesiredState}/${t.Status.State})`).join(", ");
    throw new Error(
      `${(e as Error).message}. The node stays drained and in the swarm; still there: ${list}. ` +
        "Raise removal.drainTimeout, or set removal.drain to false to remove it without waiting",
    );
  }
  log(`no tasks left on node ${id}`);
}

async function probe(engine: DockerEngine): Promise<Info | undefined> {
  try {
    return await engine.http.json("GET", "/info", InfoSchema, { timeoutMs: ENGINE_PROBE_MS });
  } catch (e) {
    if (isEngineError(e, "UNREACHABLE") || isEngineError(e, "TIMEOUT")) return undefined;
    throw e;
  }
}

function raftMembers(nodes: Node[]): RaftMember[] {
  return nodes
    .filter((n) => n.ManagerStatus)
    .map((n) => ({ id: n.ID, reachable: n.ManagerStatus?.Reachability === "reachable" }));
}

// ─── shared ──────────────────────────────────────────────────────────────────

async function inspectNode(manager: DockerEngine, id: string): Promise<Node | undefined> {
  try {
    return await manager.nodes.inspect(id);
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) return undefined;
    throw e;
  }
}

/**
 * Polls `step` until it reports done, printing a progress line every few seconds; throws after
 * `timeoutMs` with the last status. Transient errors (a leader election, say) are retried until then.
 */
async function poll<T>(
  what: string,
  step: () => Promise<{ done: boolean; value: T; status: string }>,
  timeoutMs: number,
  log: Progress,
): Promise<T> {
  const start = Date.now();
  let lastLog = start;
  let status = "";
  for (;;) {
    try {
      const r = await step();
      if (r.done) return r.value;
      status = r.status;
    } catch (e) {
      status = (e as Error).message;
    }
    const now = Date.now();
    if (now - start > timeoutMs) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what} (${status})`);
    if (now - lastLog >= PROGRESS_EVERY_MS) {
      log(`waiting for ${what}: ${status} (${Math.round((now - start) / 1000)} s)`);
      lastLog = now;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function describeSpec(s: NodeSpec): string {
  const labels = Object.entries(s.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
  return `role ${s.Role}, ${s.Availability}${s.Name ? `, name ${s.Name}` : ""}${labels ? `, labels ${labels}` : ""}`;
}

function ms(duration: string): number {
  const ns = parseDuration(duration);
  return typeof ns === "number" ? Math.max(1, Math.round(ns / 1e6)) : 120_000;
}

function parse(news: Raw): NodeInputs {
  const raw = stripProvider(news);
  const parsed = nodeInputs.safeParse(raw);
  if (!parsed.success) throw new InputError(validate(nodeInputs, raw).failures);
  return parsed.data;
}

/**
 * The new inputs for diff, where values may be unknown (preview). The join settings are parsed
 * leniently: a token or manager address still unknown (a Swarm being updated) must not turn into a
 * failed parse, which would be reported as a change.
 */
function parseForDiff(rawNews: Raw): NodeInputs | undefined {
  const { join: rawJoin, ...rest } = rawNews;
  const parsed = nodeInputsBase.omit({ join: true }).safeParse(withoutUnknowns(rest));
  if (!parsed.success) return undefined;
  let join: JoinInput | undefined;
  if (rawJoin !== undefined && !isUnknown(rawJoin) && typeof rawJoin === "object" && rawJoin) {
    const j = withoutUnknowns(rawJoin as Raw);
    join = { listenAddr: "0.0.0.0:2377", ...j } as JoinInput;
  }
  return { ...parsed.data, join };
}

function hostOf(inputs: NodeInputs): string {
  if (!inputs.connection) return "";
  try {
    return engineForInput(inputs.connection).host;
  } catch {
    return String(inputs.connection.host ?? "");
  }
}

function stripProvider(news: Raw): Raw {
  const { __provider: _p, ...rest } = news;
  return rest;
}

