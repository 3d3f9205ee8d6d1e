/**
 * The SwarmNode resource's provider: check / diff / create / read / update, through the lifecycle
 * kit (delete is in removal.ts, joining in join.ts). Called by the tiny stub in sdk/ inside Pulumi's
 * provider host.
 */
import type { PropertyChange } from "../common/changes";
import { omitUndefined } from "../common/clean";
import { validate, type CheckFailure } from "../common/check";
import { connectionFromState, engineAt, recordOf, settingsForCreate, settingsForExisting, recordFromState, type EngineRecord } from "../common/connection";
import { ProviderError, messageOf } from "../common/errors";
import { keepTrack, parseOrThrow, PartialFailure, stripProvider, withProvider, type Raw } from "../common/lifecycle";
import { progressFor } from "../common/progress";
import { isUnknown, withoutUnknowns } from "../common/unknowns";
import { nodeInputs, nodeInputsBase, type JoinInput, type NodeInputs } from "./args";
import { diffNodeDetailed, type NodeMode, type NodeState } from "./diff";
import { inspectNode, managerForCreate, managerForExisting } from "./engines";
import { joinOrAdopt } from "./join";
import { echoOf, observed, outputsFor } from "./spec";
import { applySpec, ms } from "./writes";

export { remove } from "./removal";

const KIND = "swarm-node";

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const { failures } = validate(nodeInputs, stripProvider(news));
  return { inputs: news, failures };
}

export async function diff(id: string, olds: NodeState, news: Raw) {
  const { properties: _structured, ...d } = await diffDetailed(id, olds, news);
  return d;
}

/** diff, with the changes also as a structured list: the provider plugin's detailed diff. */
export async function diffDetailed(_id: string, olds: NodeState, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean; properties?: PropertyChange[] }> {
  const rawNews = stripProvider(news);
  const parsed = parseForDiff(rawNews);
  if (!parsed) return { changes: true };
  const host = hostOf(parsed, olds as Raw);
  const d = diffNodeDetailed(olds, parsed, rawNews, host);
  const log = progressFor(parsed._name, KIND);
  for (const r of d.reasons) log(r);
  // One engine holds one swarm membership: the old node must leave before another one joins.
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: true, properties: d.properties };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parseOrThrow(nodeInputs, stripProvider(news));
  const log = progressFor(inputs._name, KIND);
  const what = `node ${inputs._name ?? ""}`.trim();
  const { manager, info: managerInfo, settings: managerSettings } = await managerForCreate(inputs.manager, what);
  const managerEngine = recordOf(manager, managerInfo, managerSettings);
  const mode: NodeMode = inputs.join ? "join" : "existing";

  if (!inputs.join) {
    const node = await inspectNode(manager, inputs.nodeId as string);
    if (!node) {
      throw new ProviderError(
        "INVALID_INPUT",
        `nodeId: no node "${inputs.nodeId}" in the swarm managed through ${manager.host} (nodeId takes a node ID, an ID prefix or a hostname)`,
      );
    }
    let engine: EngineRecord | undefined;
    if (inputs.connection) {
      const settings = settingsForCreate(inputs.connection);
      const own = engineAt(settings);
      engine = recordOf(own, await own.system.info(), settings);
    }
    log(`managing the existing node ${node.ID} (${node.Description?.Hostname ?? "?"})`);
    const extra = { mode, resolvedHost: engine?.host, adopted: false, engine, managerEngine };
    await applySpec(manager, node.ID, inputs, [], log);
    const outs = outputsFor(await manager.nodes.inspect(node.ID), inputs, extra);
    return { id: node.ID, outs };
  }

  const settings = settingsForCreate(inputs.connection);
  const own = engineAt(settings);
  const ownInfo = await own.system.info();
  let joinedId: string | undefined;
  const record = (nodeId?: string): EngineRecord => ({ ...recordOf(own, ownInfo, settings), swarmId: managerEngine.swarmId, nodeId: nodeId ?? joinedId });
  const fallback = (nodeId: string): Raw => omitUndefined({ ...echoOf(inputs), mode, resolvedHost: own.host, adopted: false, engine: record(nodeId), managerEngine, nodeId });
  let joined: { nodeId: string; adopted: boolean };
  try {
    joined = await joinOrAdopt(own, ownInfo, manager, inputs.join, ms(inputs.joinTimeout), log, (id) => (joinedId = id));
  } catch (e) {
    // The engine has joined (its node ID was seen): record the node anyway, so that the next `up`
    // resumes and a `destroy` removes it, instead of leaving a member nobody tracks.
    if (!joinedId) throw e;
    throw new PartialFailure(messageOf(e), joinedId, withProvider(fallback(joinedId), news), e);
  }
  const { nodeId, adopted } = joined;
  const extra = { mode, resolvedHost: own.host, adopted, engine: record(nodeId), managerEngine };
  return keepTrack(
    nodeId,
    news,
    async () => {
      await applySpec(manager, nodeId, inputs, [], log);
      const outs = outputsFor(await manager.nodes.inspect(nodeId), inputs, extra);
      log(`node ${nodeId} is ${outs.role}, ${outs.availability}, ${outs.state}`);
      return { id: nodeId, outs };
    },
    async () => outputsFor(await manager.nodes.inspect(nodeId), inputs, extra),
    () => fallback(nodeId),
  );
}

export async function read(id: string, props: NodeState & Raw): Promise<{ id?: string; props?: Raw }> {
  const log = progressFor(props._name, KIND);
  // The manager is proven to manage this node's swarm before its answer can remove the node from state.
  const { manager } = await managerForExisting(connectionFromState(props.manager), props, `node ${id}`);
  const node = await inspectNode(manager, id);
  if (!node) {
    log(`node ${id} is no longer in the swarm (removed out of band)`);
    return {};
  }
  return { id, props: omitUndefined({ ...props, ...observed(node) }) };
}

export async function update(id: string, olds: NodeState & Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parseOrThrow(nodeInputs, stripProvider(news));
  const log = progressFor(inputs._name, KIND);
  const { manager, info, settings } = await managerForExisting(inputs.manager, olds, `node ${id}`);
  if (!(await inspectNode(manager, id))) {
    throw new ProviderError(
      "REFUSED",
      `node ${id} is no longer in the swarm (it was removed out of band); run \`pulumi refresh\`, then \`pulumi up\` to join it again`,
    );
  }
  await applySpec(manager, id, inputs, olds.managedLabelKeys ?? [], log);
  const mode = olds.mode ?? (olds.join ? "join" : "existing");
  // The node's own engine never changes in an update (another engine is a replace, see diff).
  const engine = recordFromState(olds.engine);
  const managerEngine = recordFromState(olds.managerEngine) ?? recordOf(manager, info, settings);
  const outs = outputsFor(await manager.nodes.inspect(id), inputs, { mode, resolvedHost: olds.resolvedHost, adopted: !!olds.adopted, engine, managerEngine });
  return { outs };
}

// ─── helpers ─────────────────────────────────────────────────────────────────

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

/** The engine the (new) connection reaches, completed by the record; "" when there is none. */
function hostOf(inputs: NodeInputs, olds: Raw): string {
  const record = recordFromState(olds.engine);
  const legacy = typeof olds.resolvedHost === "string" ? olds.resolvedHost : undefined;
  if (!inputs.connection && !record && !legacy) return "";
  try {
    return engineAt(settingsForExisting(inputs.connection, record, "node", legacy)).host;
  } catch {
    return String(inputs.connection?.host ?? "");
  }
}
