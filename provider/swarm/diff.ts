/**
 * Field-level comparison for the Swarm resource (pure: no engine calls).
 *
 * `olds` are the outputs in state: the inputs echoed as given plus the spec as last read back from the
 * engine. Declared settings are compared with what the engine reported (so drift seen by refresh
 * becomes an update), write-only settings with what was applied last time, and init-only settings
 * with their previous value, where a change means a new swarm (replace, deleting first: one engine
 * cannot hold two swarms).
 */
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

/**
 * @param news   the new inputs, parsed where known (unknown values are the preview sentinel).
 * @param rawNews the new inputs as received, to see which values are unknown.
 * @param newHost the engine the new connection resolves to.
 */
export function diffSwarm(olds: SwarmState, news: SwarmInputs, rawNews: Record<string, unknown>, newHost: string): SwarmDiff {
  const replaces: string[] = [];
  const reasons: string[] = [];

  if (containsUnknown(rawNews.connection) || (olds.resolvedHost !== undefined && olds.resolvedHost !== newHost)) {
    replaces.push("connection");
    reasons.push(`connection: the swarm would be initialised on another engine (${olds.resolvedHost} → ${newHost})`);
  }
  for (const key of INIT_ONLY) {
    const unknown = containsUnknown(rawNews[key]);
    if (unknown || !deepEqual(olds[key], news[key])) {
      replaces.push(key);
      reasons.push(`${key}: set only when a swarm is initialised, so changing it re-creates the swarm`);
    }
  }

  let changes = replaces.length > 0;
  const rawSpec = rawNews.spec;
  if (containsUnknown(rawSpec) || isUnknown(rawNews.autolock)) {
    changes = true;
    reasons.push("spec: depends on values not known until apply");
  }

  const declared = declaredFlat(news);
  const effective = effectiveFlat(olds.spec ?? ({} as EffectiveSwarmSpec), olds.autolock ?? false);
  for (const [path, want] of Object.entries(declared)) {
    if (!deepEqual(want, effective[path])) {
      changes = true;
      reasons.push(updatedInPlace(path));
    }
  }

  const wo = writeOnlyOf(news.spec);
  const appliedWo = olds.writeOnly ?? {};
  for (const key of Object.keys(wo) as Array<keyof AppliedWriteOnly>) {
    if (!deepEqual(wo[key], appliedWo[key])) {
      changes = true;
      reasons.push(updatedInPlace(`spec.${key === "taskDefaultsLogDriver" ? "taskDefaults.logDriver" : `caConfig.${key}`}`));
    }
  }

  const rotate = {
    worker: triggerChanged(olds.rotateWorkerToken, rawNews.rotateWorkerToken),
    manager: triggerChanged(olds.rotateManagerToken, rawNews.rotateManagerToken),
    unlockKey: triggerChanged(olds.rotateUnlockKey, rawNews.rotateUnlockKey),
  };
  if (rotate.worker) reasons.push("rotateWorkerToken: the worker join token will be rotated");
  if (rotate.manager) reasons.push("rotateManagerToken: the manager join token will be rotated");
  if (rotate.unlockKey) reasons.push("rotateUnlockKey: the unlock key will be rotated");
  if (rotate.worker || rotate.manager || rotate.unlockKey) changes = true;
  const recoverQuorum = triggerChanged(olds.recoverQuorum, rawNews.recoverQuorum);
  if (recoverQuorum) changes = true;

  // Settings of this package only (no engine write), still recorded in state.
  for (const key of ["unlock", "adopt", "leaveOnDelete", "caRotationTimeout", "forceNewCluster"] as const) {
    if (!deepEqual(olds[key], news[key])) {
      changes = true;
      reasons.push(`${key}: recorded`);
    }
  }
  return { changes, replaces, reasons, rotate, recoverQuorum };
}

function triggerChanged(old: unknown, next: unknown): boolean {
  if (next === undefined) return false;
  return isUnknown(next) || !deepEqual(old, next);
}
