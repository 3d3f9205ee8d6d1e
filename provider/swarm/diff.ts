/**
 * Field-level comparison for the Swarm resource (pure: no engine calls).
 *
 * `olds` are the outputs in state: the inputs echoed as given plus the spec as last read back from the
 * engine. Declared settings are compared with what the engine reported (so drift seen by refresh
 * becomes an update), write-only settings with what was applied last time, and init-only settings
 * with their previous value, where a change means a new swarm (replace, deleting first: one engine
 * cannot hold two swarms).
 */
import { changeList, type PropertyChange } from "../common/changes";
import { deepEqual } from "../common/clean";
import { updatedInPlace } from "../common/progress";
import { containsUnknown, isUnknown } from "../common/unknowns";
import { INIT_ONLY, type SwarmInputs } from "./args";
import { declaredFlat, effectiveFlat, writeOnlyOf, type AppliedWriteOnly, type EffectiveSwarmSpec } from "./spec";

export interface SwarmState extends Partial<Omit<SwarmInputs, "spec" | "autolock">> {
  spec?: EffectiveSwarmSpec;
  autolock?: boolean;
  writeOnly?: AppliedWriteOnly;
  localNodeState?: string;
  adopted?: boolean;
  resolvedHost?: string;
}

export interface SwarmDiff {
  changes: boolean;
  replaces: string[];
  /** Human-readable reasons, one per changed property. */
  reasons: string[];
  /** Rotations requested by a changed trigger. */
  rotate: { worker: boolean; manager: boolean; unlockKey: boolean };
  /** The recoverQuorum trigger changed: recover if the managers have lost quorum. */
  recoverQuorum: boolean;
}

/** The diff with its changes structured: property path, replace or not, reason. */
export interface DetailedSwarmDiff extends SwarmDiff {
  properties: PropertyChange[];
}

/**
 * @param news   the new inputs, parsed where known (unknown values are the preview sentinel).
 * @param rawNews the new inputs as received, to see which values are unknown.
 * @param newHost the engine the new connection resolves to.
 */
export function diffSwarm(olds: SwarmState, news: SwarmInputs, rawNews: Record<string, unknown>, newHost: string): SwarmDiff {
  const { properties: _structured, ...d } = diffSwarmDetailed(olds, news, rawNews, newHost);
  return d;
}

/** diffSwarm, with the changes also as a structured list (for the provider plugin's detailed diff). */
export function diffSwarmDetailed(olds: SwarmState, news: SwarmInputs, rawNews: Record<string, unknown>, newHost: string): DetailedSwarmDiff {
  const replaces: string[] = [];
  const list = changeList();
  const { reasons } = list;

  if (containsUnknown(rawNews.connection) || (olds.resolvedHost !== undefined && olds.resolvedHost !== newHost)) {
    replaces.push("connection");
    list.add("connection", `connection: the swarm would be initialised on another engine (${olds.resolvedHost} → ${newHost})`, true);
  }
  for (const key of INIT_ONLY) {
    const unknown = containsUnknown(rawNews[key]);
    if (unknown || !deepEqual(olds[key], news[key])) {
      replaces.push(key);
      list.add(key, `${key}: set only when a swarm is initialised, so changing it re-creates the swarm`, true);
    }
  }

  let changes = replaces.length > 0;
  const rawSpec = rawNews.spec;
  if (containsUnknown(rawSpec) || isUnknown(rawNews.autolock)) {
    changes = true;
    list.add(containsUnknown(rawSpec) ? "spec" : "autolock", "spec: depends on values not known until apply");
  }

  const declared = declaredFlat(news);
  const effective = effectiveFlat(olds.spec ?? ({} as EffectiveSwarmSpec), olds.autolock ?? false);
  for (const [path, want] of Object.entries(declared)) {
    if (!deepEqual(want, effective[path])) {
      changes = true;
      list.add(path, updatedInPlace(path));
    }
  }

  const wo = writeOnlyOf(news.spec);
  const appliedWo = olds.writeOnly ?? {};
  for (const key of Object.keys(wo) as Array<keyof AppliedWriteOnly>) {
    if (!deepEqual(wo[key], appliedWo[key])) {
      changes = true;
      const path = `spec.${key === "taskDefaultsLogDriver" ? "taskDefaults.logDriver" : `caConfig.${key}`}`;
      list.add(path, updatedInPlace(path));
    }
  }

  const rotate = {
    worker: triggerChanged(olds.rotateWorkerToken, rawNews.rotateWorkerToken),
    manager: triggerChanged(olds.rotateManagerToken, rawNews.rotateManagerToken),
    unlockKey: triggerChanged(olds.rotateUnlockKey, rawNews.rotateUnlockKey),
  };
  if (rotate.worker) list.add("rotateWorkerToken", "rotateWorkerToken: the worker join token will be rotated");
  if (rotate.manager) list.add("rotateManagerToken", "rotateManagerToken: the manager join token will be rotated");
  if (rotate.unlockKey) list.add("rotateUnlockKey", "rotateUnlockKey: the unlock key will be rotated");
  if (rotate.worker || rotate.manager || rotate.unlockKey) changes = true;
  const recoverQuorum = triggerChanged(olds.recoverQuorum, rawNews.recoverQuorum);
  if (recoverQuorum) {
    changes = true;
    // The reason names the engine: the lifecycle adds it (it knows the host).
    list.properties.push({ path: "recoverQuorum", replace: false, reason: "recoverQuorum: if the managers have lost quorum, `up` runs force-new-cluster" });
  }

  // Settings of this package only (no engine write), still recorded in state.
  for (const key of ["unlock", "adopt", "leaveOnDelete", "caRotationTimeout", "forceNewCluster"] as const) {
    if (!deepEqual(olds[key], news[key])) {
      changes = true;
      list.add(key, `${key}: recorded`);
    }
  }
  return { changes, replaces, reasons, properties: list.properties, rotate, recoverQuorum };
}

function triggerChanged(old: unknown, next: unknown): boolean {
  if (next === undefined) return false;
  return isUnknown(next) || !deepEqual(old, next);
}
