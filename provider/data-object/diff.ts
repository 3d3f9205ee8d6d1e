/**
 * Field-level comparison for SwarmSecret / SwarmConfig (pure). The Engine's secrets and configs are
 * immutable but for their labels: a new content, driver, templating or name is a new object
 * (replace, creating the new one first so that services move over before the old one goes); labels
 * are updated in place.
 */
import { changeList, type PropertyChange } from "../common/changes";
import { deepEqual } from "../common/clean";
import { updatedInPlace } from "../common/progress";
import { containsUnknown, isUnknown } from "../common/unknowns";
import { logicalName, type DataObjectInputs } from "./args";
import { dataHashOf, sortKeys } from "./spec";

export interface DataObjectState {
  name?: string;
  engineName?: string;
  /** The engine name was pinned by the user (engineName input). */
  pinned?: boolean;
  dataHash?: string;
  hashKey?: string;
  driver?: DataObjectInputs["driver"];
  templating?: DataObjectInputs["templating"];
  labels?: Record<string, string>;
  keepVersions?: number;
  adopt?: boolean;
  connection?: DataObjectInputs["connection"];
}

export interface DataObjectDiff {
  changes: boolean;
  replaces: string[];
  /** Delete the old object first: only when its pinned name must be reused. */
  deleteBeforeReplace: boolean;
  reasons: string[];
}

/** The diff with its changes structured: property path, replace or not, reason. */
export interface DetailedDataObjectDiff extends DataObjectDiff {
  properties: PropertyChange[];
}

export function diffDataObject(kind: string, olds: DataObjectState, news: DataObjectInputs, raw: Record<string, unknown>): DataObjectDiff {
  const { properties: _structured, ...d } = diffDataObjectDetailed(kind, olds, news, raw);
  return d;
}

/** diffDataObject, with the changes also as a structured list (for the provider plugin's detailed diff). */
export function diffDataObjectDetailed(kind: string, olds: DataObjectState, news: DataObjectInputs, raw: Record<string, unknown>): DetailedDataObjectDiff {
  const replaces: string[] = [];
  const list = changeList();
  const { reasons } = list;
  const contentUnknown = containsUnknown(raw.data) || containsUnknown(raw.dataBase64);
  const hash = olds.hashKey ? dataHashOf(olds.hashKey, news) : undefined;
  if (contentUnknown || hash === undefined || hash !== (olds.dataHash ?? "")) {
    const key = raw.dataBase64 !== undefined ? "dataBase64" : "data";
    replaces.push(key);
    list.add(key, `data: changed; a new ${kind} is made, services move to it with a rolling update, then the old one is removed`, true);
  }
  if (isUnknown(raw.name) || logicalName(news) !== olds.name) {
    replaces.push("name");
    list.add("name", `name: ${olds.name} → ${isUnknown(raw.name) ? "(known after apply)" : logicalName(news)}; a new ${kind} is made`, true);
  }
  const pinned = news.engineName !== undefined;
  if (containsUnknown(raw.engineName) || (pinned ? news.engineName !== olds.engineName : !!olds.pinned)) {
    replaces.push("engineName");
    list.add("engineName", `engineName: the Engine object's name changes (${olds.engineName} → ${news.engineName ?? "a name with a content hash"})`, true);
  }
  for (const key of ["driver", "templating"] as const) {
    if (containsUnknown(raw[key]) || !deepEqual(olds[key] ?? null, news[key] ?? null)) {
      replaces.push(key);
      list.add(key, `${key}: changed; a new ${kind} is made`, true);
    }
  }
  let changes = replaces.length > 0;
  if (containsUnknown(raw.labels) || !deepEqual(sortKeys(olds.labels ?? {}), sortKeys(news.labels ?? {}))) {
    changes = true;
    list.add("labels", updatedInPlace("labels"));
  }
  for (const key of ["keepVersions", "adopt", "connection"] as const) {
    if (containsUnknown(raw[key]) || !deepEqual(olds[key], news[key])) {
      changes = true;
      list.add(key, `${key}: recorded`);
    }
  }
  // A pinned name cannot be held by two objects: the old one must go first (the Engine refuses while
  // services use it; the message then says to unpin the name).
  const deleteBeforeReplace = replaces.length > 0 && pinned && news.engineName === olds.engineName;
  return { changes: changes || replaces.length > 0, replaces, deleteBeforeReplace, reasons, properties: list.properties };
}
