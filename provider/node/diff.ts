/**
 * Field-level comparison for the SwarmNode resource (pure: no engine calls).
 *
 * `olds` are the outputs in state: the node as the managers last reported it (role, availability,
 * labels, name) plus the package's own inputs echoed. Declared node settings are compared with what
 * the engine reported, so drift seen by refresh becomes an update; settings left out are not managed.
 *
 * Identity: a node joined by this resource is the engine behind `connection`, so another engine is a
 * replace (deleting first: the old node leaves before the new one joins). A managed node is `nodeId`.
 * The join settings (token, manager addresses, listen/advertise addresses) only matter at join time:
 * a rotated token or a moved manager never re-joins or replaces a node that is already a member.
 */
import { changeList, type PropertyChange } from "../common/changes";
import { deepEqual } from "../common/clean";
import { updatedInPlace } from "../common/progress";
import { containsUnknown, isUnknown } from "../common/unknowns";
import { RECORDED, type JoinInput, type NodeInputs } from "./args";
import { sortKeys, type ObservedNode } from "./spec";

export type NodeMode = "join" | "existing";

export interface NodeState extends Partial<ObservedNode> {
  mode?: NodeMode;
  connection?: NodeInputs["connection"];
  join?: JoinInput;
  /** The `nodeId` input as given (an ID, an ID prefix or a hostname); `nodeId` holds the resolved ID. */
  nodeRef?: string;
  manager?: NodeInputs["manager"];
  labelsMode?: NodeInputs["labelsMode"];
  joinTimeout?: string;
  roleChangeTimeout?: string;
  removal?: NodeInputs["removal"];
  /** Label keys declared at the last apply: in merge mode, dropping one from the program removes it. */
  managedLabelKeys?: string[];
  /** The engine `connection` resolved to when the node joined. */
  resolvedHost?: string;
  /** The engine was already a member of this swarm when the resource was created. */
  adopted?: boolean;
  _name?: string;
}

export interface NodeDiff {
  changes: boolean;
  replaces: string[];
  /** Human-readable reasons, one per changed property. */
  reasons: string[];
}

/** The diff with its changes structured: property path, replace or not, reason. */
export interface DetailedNodeDiff extends NodeDiff {
  properties: PropertyChange[];
}

/** Join settings that are recorded when they change but never act on a node that already joined. */
const JOIN_RECORDED = ["listenAddr", "advertiseAddr", "dataPathAddr", "availability"] as const;

export function modeOf(rawNews: Record<string, unknown>): NodeMode {
  return rawNews.join !== undefined ? "join" : "existing";
}

/**
 * @param news    the new inputs, parsed where known (unknown values are the preview sentinel).
 * @param rawNews the new inputs as received, to see which values are unknown.
 * @param newHost the engine the new `connection` resolves to ("" when there is none).
 */
export function diffNode(olds: NodeState, news: NodeInputs, rawNews: Record<string, unknown>, newHost: string): NodeDiff {
  const { properties: _structured, ...d } = diffNodeDetailed(olds, news, rawNews, newHost);
  return d;
}

/** diffNode, with the changes also as a structured list (for the provider plugin's detailed diff). */
export function diffNodeDetailed(olds: NodeState, news: NodeInputs, rawNews: Record<string, unknown>, newHost: string): DetailedNodeDiff {
  const replaces: string[] = [];
  const list = changeList();
  const { reasons } = list;
  const mode = modeOf(rawNews);
  const oldMode = olds.mode ?? (olds.join ? "join" : "existing");

  if (mode !== oldMode) {
    replaces.push(mode === "join" ? "join" : "nodeId");
    list.add(
      mode === "join" ? "join" : "nodeId",
      mode === "join"
        ? "join: the resource now joins an engine instead of managing an existing node"
        : "nodeId: the resource now manages an existing node instead of the engine it joined",
      true,
    );
  } else if (mode === "join") {
    if (containsUnknown(rawNews.connection) || (olds.resolvedHost !== undefined && olds.resolvedHost !== newHost)) {
      replaces.push("connection");
      list.add("connection", `connection: another engine would join (${olds.resolvedHost ?? "?"} → ${newHost || "not known yet"}); this node leaves first`, true);
    }
  } else if (isUnknown(rawNews.nodeId) || news.nodeId !== olds.nodeRef) {
    replaces.push("nodeId");
    list.add("nodeId", `nodeId: another node would be managed (${olds.nodeRef ?? "?"} → ${news.nodeId ?? "not known yet"})`, true);
  }

  let changes = replaces.length > 0;
  const change = (reason: string, path = reason.slice(0, reason.indexOf(":")).replace(/ \(merge\)$/, "")) => {
    changes = true;
    list.add(path, reason);
  };

  for (const key of ["role", "availability"] as const) {
    if (isUnknown(rawNews[key])) change(`${key}: depends on values not known until apply`);
    else if (news[key] !== undefined && news[key] !== olds[key]) change(updatedInPlace(key, `${olds[key] ?? "?"} → ${news[key]}`));
  }
  if (isUnknown(rawNews.name)) change("name: depends on values not known until apply");
  else if (news.name !== undefined && news.name !== (olds.name ?? "")) change(updatedInPlace("name"));

  const labelsReason = labelsChange(olds, news, rawNews);
  if (labelsReason) change(labelsReason);

  // Join settings act only at join time (the token, manager addresses: never even recorded, so a
  // rotated token is not a change at all). The others are recorded, saying they do not re-join.
  if (mode === "join" && oldMode === "join" && news.join && olds.join) {
    for (const key of JOIN_RECORDED) {
      if (!isUnknown((rawNews.join as Record<string, unknown>)[key]) && !deepEqual(olds.join[key], news.join[key])) {
        change(`join.${key}: recorded; it only applies when an engine joins, so this node is not re-joined`);
      }
    }
  }

  for (const key of RECORDED) {
    if (containsUnknown(rawNews[key])) change(`${key}: depends on values not known until apply`);
    else if (!deepEqual(olds[key], news[key])) change(`${key}: recorded`);
  }
  if (!replaces.includes("connection") && !containsUnknown(rawNews.connection) && !deepEqual(olds.connection, news.connection)) {
    change("connection: recorded (same engine)");
  }
  return { changes, replaces, reasons, properties: list.properties };
}

function labelsChange(olds: NodeState, news: NodeInputs, rawNews: Record<string, unknown>): string | undefined {
  if (containsUnknown(rawNews.labels)) return "labels: depend on values not known until apply";
  const current = olds.labels ?? {};
  if (news.labelsMode === "merge") {
    const want = news.labels ?? {};
    const differing = Object.entries(want).filter(([k, v]) => current[k] !== v).map(([k]) => k);
    const dropped = (olds.managedLabelKeys ?? []).filter((k) => !(k in want) && k in current);
    if (differing.length || dropped.length) {
      const parts = [...differing.map((k) => `${k} set`), ...dropped.map((k) => `${k} removed`)];
      return `labels (merge): ${parts.join(", ")}; other labels are left alone`;
    }
    return undefined;
  }
  if (news.labels === undefined) return undefined;
  if (deepEqual(sortKeys(news.labels), sortKeys(current))) return undefined;
  return "labels: the declared set becomes the node's whole set";
}
