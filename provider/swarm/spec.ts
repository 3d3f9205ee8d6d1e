/**
 * Pure mapping between the Swarm resource's inputs and the Engine's objects, in both directions,
 * side by side so that a round trip can be tested without an engine.
 *
 * - `toInitRequest`: inputs → POST /swarm/init body.
 * - `applyDeclared`: the engine's current SwarmSpec + the declared inputs → the full spec to write
 *   (the Engine replaces the whole spec on update, so undeclared settings are carried over as read).
 * - `effectiveSpec`: the engine's Swarm → the spec as read back, in the user's shape and units.
 * - `declaredFlat` / `effectiveFlat`: both sides as comparable leaf values (nanoseconds, sorted maps),
 *   which is what diff compares.
 */
import { createHash } from "node:crypto";
import type { InitRequest } from "../engine/api/swarm";
import type { Swarm, SwarmSpec } from "../engine/schemas";
import { omitUndefined } from "../common/clean";
import { formatDuration, parseDuration } from "../common/duration";
import { DEFAULT_SUBNET_SIZE, type SwarmInputs, type SwarmSpecInput } from "./args";

const ns = (d: string | undefined): number | undefined => {
  if (d === undefined) return undefined;
  const v = parseDuration(d);
  return typeof v === "number" ? v : undefined;
};

export function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** The SwarmSpec for the declared settings only (used at init, where the Engine merges onto its defaults). */
export function declaredEngineSpec(spec: SwarmSpecInput | undefined, autolock: boolean | undefined): SwarmSpec {
  const s = spec ?? {};
  return omitUndefined({
    Labels: s.labels,
    Orchestration: s.taskHistoryRetentionLimit !== undefined ? { TaskHistoryRetentionLimit: s.taskHistoryRetentionLimit } : undefined,
    Raft: s.raft
      ? {
          SnapshotInterval: s.raft.snapshotInterval,
          KeepOldSnapshots: s.raft.keepOldSnapshots,
          LogEntriesForSlowFollowers: s.raft.logEntriesForSlowFollowers,
          ElectionTick: s.raft.electionTick,
          HeartbeatTick: s.raft.heartbeatTick,
        }
      : undefined,
    Dispatcher: s.dispatcherHeartbeatPeriod !== undefined ? { HeartbeatPeriod: ns(s.dispatcherHeartbeatPeriod) } : undefined,
    CAConfig: s.caConfig
      ? {
          NodeCertExpiry: ns(s.caConfig.nodeCertExpiry),
          ExternalCAs: s.caConfig.externalCAs?.map((ca) => ({
            Protocol: ca.protocol,
            URL: ca.url,
            Options: ca.options,
            CACert: ca.caCert,
          })),
          SigningCACert: s.caConfig.signingCACert,
          SigningCAKey: s.caConfig.signingCAKey,
          ForceRotate: s.caConfig.forceRotate,
        }
      : undefined,
    EncryptionConfig: autolock !== undefined ? { AutoLockManagers: autolock } : undefined,
    TaskDefaults: s.taskDefaults?.logDriver
      ? { LogDriver: { Name: s.taskDefaults.logDriver.name, Options: s.taskDefaults.logDriver.options } }
      : undefined,
  }) as SwarmSpec;
}

export function toInitRequest(inputs: SwarmInputs): InitRequest {
  return omitUndefined({
    ListenAddr: inputs.listenAddr,
    AdvertiseAddr: inputs.advertiseAddr,
    DataPathAddr: inputs.dataPathAddr,
    DataPathPort: inputs.dataPathPort,
    DefaultAddrPool: inputs.defaultAddrPool,
    // The Engine stores a missing SubnetSize as 0 (and overlays then get no subnet on 26.1); the docker
    // CLI always sends its default, 24, so do we whenever a pool is given.
    SubnetSize: inputs.subnetSize ?? (inputs.defaultAddrPool ? DEFAULT_SUBNET_SIZE : undefined),
    ForceNewCluster: inputs.forceNewCluster,
    Availability: inputs.availability,
    // The Engine reads autolock from both places at init; the spec value wins, so set both.
    AutoLockManagers: inputs.autolock,
    Spec: declaredEngineSpec(inputs.spec, inputs.autolock),
  });
}

/**
 * The full spec to write on update: what the engine has now, with every declared setting laid over it.
 * `forceRotate` and write-only CA material are only sent when they are declared; the Engine would
 * otherwise treat a missing signing cert as "no change", which is what we want.
 */
export function applyDeclared(current: SwarmSpec, spec: SwarmSpecInput | undefined, autolock: boolean | undefined): SwarmSpec {
  const d = declaredEngineSpec(spec, autolock);
  const next: SwarmSpec = structuredClone(current);
  next.Name = current.Name || "default";
  if (d.Labels) next.Labels = d.Labels;
  if (d.Orchestration) next.Orchestration = { ...current.Orchestration, ...d.Orchestration };
  if (d.Raft) next.Raft = { ...current.Raft, ...d.Raft };
  if (d.Dispatcher) next.Dispatcher = { ...current.Dispatcher, ...d.Dispatcher };
  // The CA signing material is write-only: never copy an (absent) read-back value over it.
  const { SigningCACert: _c, SigningCAKey: _k, ...currentCA } = current.CAConfig ?? {};
  next.CAConfig = omitUndefined({ ...currentCA, ...d.CAConfig });
  if (d.EncryptionConfig) next.EncryptionConfig = { ...current.EncryptionConfig, ...d.EncryptionConfig };
  if (d.TaskDefaults) next.TaskDefaults = d.TaskDefaults;
  return next;
}

/** The spec as read back from the engine, in the inputs' shape and units. */
export interface EffectiveSwarmSpec {
  labels: Record<string, string>;
  taskHistoryRetentionLimit?: number;
  raft: {
    snapshotInterval?: number;
    keepOldSnapshots?: number;
    logEntriesForSlowFollowers?: number;
    electionTick?: number;
    heartbeatTick?: number;
  };
  dispatcherHeartbeatPeriod?: string;
  caConfig: {
    nodeCertExpiry?: string;
    externalCAs: Array<{ protocol: string; url: string; options: Record<string, string>; caCert?: string }>;
    forceRotate: number;
  };
}

export function effectiveSpec(swarm: Swarm): EffectiveSwarmSpec {
  const s = swarm.Spec;
  const dur = (v: number | null | undefined) => (typeof v === "number" && v > 0 ? formatDuration(v) : undefined);
  return omitUndefined({
    labels: sortKeys(s.Labels ?? {}),
    taskHistoryRetentionLimit: s.Orchestration?.TaskHistoryRetentionLimit ?? undefined,
    raft: {
      snapshotInterval: s.Raft?.SnapshotInterval ?? undefined,
      keepOldSnapshots: s.Raft?.KeepOldSnapshots ?? undefined,
      logEntriesForSlowFollowers: s.Raft?.LogEntriesForSlowFollowers ?? undefined,
      electionTick: s.Raft?.ElectionTick ?? undefined,
      heartbeatTick: s.Raft?.HeartbeatTick ?? undefined,
    },
    dispatcherHeartbeatPeriod: dur(s.Dispatcher?.HeartbeatPeriod),
    caConfig: {
      nodeCertExpiry: dur(s.CAConfig?.NodeCertExpiry),
      externalCAs: (s.CAConfig?.ExternalCAs ?? []).map((ca) =>
        omitUndefined({ protocol: ca.Protocol, url: ca.URL, options: sortKeys(ca.Options ?? {}), caCert: ca.CACert || undefined }),
      ),
      forceRotate: s.CAConfig?.ForceRotate ?? 0,
    },
  });
}

/** Comparable leaf values, keyed by the user's property path. Only paths the engine reports back. */
export type Flat = Record<string, unknown>;

/** The declared settings that the engine reports back (so they can be checked for drift). */
export function declaredFlat(inputs: Pick<SwarmInputs, "spec" | "autolock">): Flat {
  const s = inputs.spec ?? {};
  const out: Flat = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined) out[k] = v;
  };
  put("spec.labels", s.labels && sortKeys(s.labels));
  put("spec.taskHistoryRetentionLimit", s.taskHistoryRetentionLimit);
  for (const [k, v] of Object.entries(s.raft ?? {})) put(`spec.raft.${k}`, v);
  put("spec.dispatcherHeartbeatPeriod", ns(s.dispatcherHeartbeatPeriod));
  put("spec.caConfig.nodeCertExpiry", ns(s.caConfig?.nodeCertExpiry));
  put(
    "spec.caConfig.externalCAs",
    s.caConfig?.externalCAs?.map((ca) =>
      omitUndefined({ protocol: ca.protocol, url: ca.url, options: sortKeys(ca.options ?? {}), caCert: ca.caCert?.trim() || undefined }),
    ),
  );
  put("spec.caConfig.forceRotate", s.caConfig?.forceRotate);
  put("autolock", inputs.autolock);
  return out;
}

/** The same paths, read from the effective spec stored in state (or just read from the engine). */
export function effectiveFlat(spec: EffectiveSwarmSpec, autolock: boolean): Flat {
  const out: Flat = {
    "spec.labels": sortKeys(spec.labels ?? {}),
    "spec.taskHistoryRetentionLimit": spec.taskHistoryRetentionLimit,
    "spec.dispatcherHeartbeatPeriod": ns(spec.dispatcherHeartbeatPeriod) ?? 0,
    "spec.caConfig.nodeCertExpiry": ns(spec.caConfig?.nodeCertExpiry) ?? 0,
    "spec.caConfig.externalCAs": (spec.caConfig?.externalCAs ?? []).map((ca) =>
      omitUndefined({ ...ca, options: sortKeys(ca.options ?? {}), caCert: ca.caCert?.trim() || undefined }),
    ),
    "spec.caConfig.forceRotate": spec.caConfig?.forceRotate ?? 0,
    autolock,
  };
  for (const [k, v] of Object.entries(spec.raft ?? {})) out[`spec.raft.${k}`] = v;
  // Like the durations and forceRotate above, these are `omitempty` in the Engine's Go types: 0 is not reported.
  out["spec.raft.snapshotInterval"] ??= 0;
  out["spec.raft.logEntriesForSlowFollowers"] ??= 0;
  return out;
}

/**
 * Write-only settings: the engine never returns them, so they are compared with what was applied
 * last time, which state keeps (hashed where secret).
 */
export interface AppliedWriteOnly {
  signingCACert?: string;
  signingCAKey?: string;
  taskDefaultsLogDriver?: { name: string; options: Record<string, string> };
}

export function writeOnlyOf(spec: SwarmSpecInput | undefined): AppliedWriteOnly {
  return omitUndefined({
    signingCACert: spec?.caConfig?.signingCACert ? sha256(spec.caConfig.signingCACert.trim()) : undefined,
    signingCAKey: spec?.caConfig?.signingCAKey ? sha256(spec.caConfig.signingCAKey.trim()) : undefined,
    taskDefaultsLogDriver: spec?.taskDefaults?.logDriver
      ? { name: spec.taskDefaults.logDriver.name, options: sortKeys(spec.taskDefaults.logDriver.options ?? {}) }
      : undefined,
  });
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
