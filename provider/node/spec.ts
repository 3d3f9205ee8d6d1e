/**
 * Pure mapping between the SwarmNode resource's inputs and the Engine's node objects, both ways.
 *
 * - `toJoinRequest`: the `join` input → POST /swarm/join body.
 * - `applyDeclared`: the node's current NodeSpec + the declared settings → the full NodeSpec to write,
 *   or undefined when nothing would change. The Engine replaces the whole spec on update (an omitted
 *   Name or Labels is cleared), so every undeclared part is carried over as read.
 * - `observed`: the Engine's Node → the outputs that describe it (role, availability, labels, …).
 * - `labelsFor`: the label set to write, for both label modes.
 */
import type { JoinRequest } from "../engine/api/swarm";
import type { Node, NodeSpec } from "../engine/schemas";
import { deepEqual, omitUndefined } from "../common/clean";
import type { EngineRecord } from "../common/connection";
import type { JoinInput, NodeInputs } from "./args";

export function toJoinRequest(join: JoinInput): JoinRequest {
  return omitUndefined({
    ListenAddr: join.listenAddr,
    AdvertiseAddr: join.advertiseAddr,
    DataPathAddr: join.dataPathAddr,
    RemoteAddrs: join.remoteAddrs,
    JoinToken: join.token,
    Availability: join.availability,
  });
}

/** The settings this resource manages on the node (undefined = not managed, the node keeps its value). */
export type Declared = Pick<NodeInputs, "role" | "availability" | "labels" | "labelsMode" | "name">;

/**
 * The labels to write.
 * - exact: the declared set is the whole set.
 * - merge: the node's labels, with the declared keys set, and the keys this resource declared last
 *   time but no longer declares removed (it managed them); every other key is left alone.
 * Returns undefined when labels are not managed at all (exact mode with no `labels`).
 */
export function labelsFor(
  current: Record<string, string>,
  declared: Declared,
  previouslyManagedKeys: readonly string[],
): Record<string, string> | undefined {
  if (declared.labelsMode === "merge") {
    const want = declared.labels ?? {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(current)) {
      if (previouslyManagedKeys.includes(k) && !(k in want)) continue;
      out[k] = v;
    }
    return sortKeys({ ...out, ...want });
  }
  return declared.labels ? sortKeys(declared.labels) : undefined;
}

/** The full spec to write, or undefined when the node already has every declared setting. */
export function applyDeclared(current: NodeSpec, declared: Declared, previouslyManagedKeys: readonly string[] = []): NodeSpec | undefined {
  const currentLabels = current.Labels ?? {};
  const labels = labelsFor(currentLabels, declared, previouslyManagedKeys) ?? currentLabels;
  const next: NodeSpec = {
    ...current,
    Role: declared.role ?? current.Role,
    Availability: declared.availability ?? current.Availability,
    Labels: labels,
  };
  // An empty name and no name are the same to the Engine (the field is omitempty).
  const name = declared.name !== undefined ? declared.name : (current.Name ?? "");
  if (name) next.Name = name;
  else delete next.Name;
  const same =
    next.Role === current.Role &&
    next.Availability === current.Availability &&
    (next.Name ?? "") === (current.Name ?? "") &&
    deepEqual(labels, currentLabels);
  return same ? undefined : next;
}

/** The keys whose values this resource manages after an apply (kept in state for merge mode). */
export function managedKeys(declared: Pick<Declared, "labels">): string[] {
  return Object.keys(declared.labels ?? {}).sort();
}

export interface ManagerStatusOut {
  leader: boolean;
  reachability: string;
  address: string;
}

/** What the node looks like to the managers, in the outputs' shape (no undefined values). */
export interface ObservedNode {
  nodeId: string;
  hostname: string;
  role: string;
  availability: string;
  labels: Record<string, string>;
  name: string;
  state: string;
  stateMessage: string;
  address: string;
  engineVersion: string;
  /**
   * Null unless the node is a member of the managers' raft. Null rather than absent: an absent output
   * is "unknown" in every preview, which would show as a pending change on each one.
   */
  managerStatus: ManagerStatusOut | null;
  version: number;
}

export function observed(node: Node): ObservedNode {
  const ms = node.ManagerStatus;
  return omitUndefined({
    nodeId: node.ID,
    hostname: node.Description?.Hostname ?? "",
    role: node.Spec.Role,
    availability: node.Spec.Availability,
    labels: sortKeys(node.Spec.Labels ?? {}),
    name: node.Spec.Name ?? "",
    state: node.Status.State,
    stateMessage: node.Status.Message ?? "",
    address: node.Status.Addr ?? "",
    engineVersion: node.Description?.Engine?.EngineVersion ?? "",
    managerStatus: ms
      ? { leader: !!ms.Leader, reachability: ms.Reachability ?? "unknown", address: ms.Addr ?? "" }
      : null,
    version: node.Version.Index,
  });
}

/** The inputs kept in state: everything but the node settings, whose keys hold what the engine reports. */
export function echoOf(inputs: NodeInputs): Record<string, unknown> {
  const { role: _r, availability: _a, labels: _l, name: _n, nodeId, ...echo } = inputs;
  return { ...echo, nodeRef: nodeId };
}

/** The resource's outputs (what diff later receives as `olds`): echoed inputs, bookkeeping, the node as read. */
export function outputsFor(
  node: Node,
  inputs: NodeInputs,
  extra: { mode: "join" | "existing"; resolvedHost?: string; adopted: boolean; engine?: EngineRecord; managerEngine?: EngineRecord },
): Record<string, unknown> {
  return omitUndefined({
    ...echoOf(inputs),
    ...extra,
    managedLabelKeys: managedKeys(inputs),
    ...observed(node),
  });
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
