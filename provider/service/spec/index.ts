/**
 * Pure mapping between the SwarmService inputs and the Engine's ServiceSpec, in both directions:
 *
 * - `toEngineSpec(inputs, refs)`: the ServiceSpec to write (or to compare), with names resolved to IDs
 *   where `refs` knows them.
 * - `fromEngineSpec(spec, refs)`: a ServiceSpec read back → the inputs' shape and units (the `spec`
 *   output). It parses with the input schema, so `toEngineSpec(fromEngineSpec(s))` is `s` again, up to
 *   normalisation (normalize.ts): that round trip is what diff relies on.
 */
import { omitUndefined } from "../../common/clean";
import type { ServiceInputs, ServiceModeKind } from "../args";
import type { UpdateConfigInput } from "../args/task";
import { containerFromEngine, containerToEngine } from "./container";
import type { EngineMode, EngineServiceSpec, EngineUpdateConfig } from "../../engine/service-spec";
import { mountFromEngine, mountToEngine } from "./mounts";
import { endpointFromEngine, endpointToEngine, networkFromEngine, networkToEngine } from "./networks";
import { emptyReferences, idToName, type References } from "../../engine/service-references";
import { configFromEngine, configToEngine, secretFromEngine, secretToEngine } from "./refs";
import { taskFromEngine, taskToEngine } from "./task";
import { dur, nonEmpty, ns } from "./units";

/** The inputs that make up the service's spec (everything else is about how this package acts). */
export const SPEC_KEYS = [
  "name", "labels", "image", "command", "args", "env", "user", "workdir", "hostname", "groups", "tty", "openStdin",
  "readOnly", "init", "stopSignal", "stopGracePeriod", "containerLabels", "mounts", "secrets", "configs", "healthcheck",
  "hosts", "dns", "capabilityAdd", "capabilityDrop", "sysctls", "ulimits", "privileges", "isolation", "networks",
  "resources", "restartPolicy", "placement", "logDriver", "forceUpdate", "mode", "replicas", "maxConcurrent",
  "totalCompletions", "updateConfig", "rollbackConfig", "endpoint",
] as const;
export type SpecKey = (typeof SPEC_KEYS)[number];

/** The spec as read back, in the inputs' shape: the `spec` output. */
export type EffectiveSpec = Partial<Pick<ServiceInputs, SpecKey>> & { image: string; name: string; mode: ServiceModeKind };

export type SpecInputs = Partial<Pick<ServiceInputs, SpecKey>> & { image: string; mode: ServiceModeKind };

export function modeToEngine(i: Pick<SpecInputs, "mode" | "replicas" | "maxConcurrent" | "totalCompletions">): EngineMode {
  switch (i.mode) {
    case "global":
      return { Global: {} };
    case "global-job":
      return { GlobalJob: {} };
    case "replicated-job": {
      const max = i.maxConcurrent ?? 1;
      return { ReplicatedJob: { MaxConcurrent: max, TotalCompletions: i.totalCompletions ?? max } };
    }
    default:
      return { Replicated: { Replicas: i.replicas ?? 1 } };
  }
}

export function modeKindOf(mode: EngineMode | null | undefined): ServiceModeKind {
  if (mode?.Global) return "global";
  if (mode?.GlobalJob) return "global-job";
  if (mode?.ReplicatedJob) return "replicated-job";
  return "replicated";
}

/**
 * An update/rollback config as the docker CLI sends it: parallelism 1 unless given (an explicit 0
 * means "all at once", so a missing value must not become 0), pause on failure, stop-first.
 */
export function rolloutToEngine(c: UpdateConfigInput | undefined): EngineUpdateConfig | undefined {
  if (!c) return undefined;
  return omitUndefined({
    Parallelism: c.parallelism ?? 1,
    Delay: ns(c.delay),
    FailureAction: c.failureAction ?? "pause",
    Monitor: ns(c.monitor),
    MaxFailureRatio: c.maxFailureRatio ?? 0,
    Order: c.order ?? "stop-first",
  });
}

function rolloutFromEngine(c: EngineUpdateConfig | null | undefined): UpdateConfigInput | undefined {
  if (!c) return undefined;
  return omitUndefined({
    parallelism: c.Parallelism ?? 0,
    delay: dur(c.Delay),
    failureAction: (nonEmpty(c.FailureAction) ?? "pause") as "pause",
    monitor: dur(c.Monitor),
    maxFailureRatio: c.MaxFailureRatio ?? 0,
    order: (nonEmpty(c.Order) ?? "stop-first") as "stop-first",
  });
}

/** `refs` (name → ID) fills in the IDs the Engine stores, and the names of objects given by ID. */
export function toEngineSpec(i: SpecInputs, refs: References = emptyReferences()): EngineServiceSpec {
  const secretNames = idToName(refs.secrets);
  const configNames = idToName(refs.configs);
  return omitUndefined({
    Name: i.name,
    Labels: i.labels,
    TaskTemplate: omitUndefined({
      ContainerSpec: omitUndefined({
        ...containerToEngine(i, refs.configs),
        Mounts: i.mounts?.map(mountToEngine),
        Secrets: i.secrets?.map((s) => secretToEngine(s, refs.secrets, secretNames)),
        Configs: i.configs?.map((c) => configToEngine(c, refs.configs, configNames)),
      }),
      ...taskToEngine(i),
      Networks: i.networks?.map((n) => networkToEngine(n, refs.networks)),
      ForceUpdate: i.forceUpdate,
    }),
    Mode: modeToEngine(i),
    UpdateConfig: rolloutToEngine(i.updateConfig),
    RollbackConfig: rolloutToEngine(i.rollbackConfig),
    EndpointSpec: endpointToEngine(i.endpoint),
  });
}

/** `refs` maps names to IDs; the read-back spec holds IDs, shown by name where known. */
export function fromEngineSpec(s: EngineServiceSpec, refs: References = emptyReferences()): EffectiveSpec {
  const t = s.TaskTemplate;
  const c = t.ContainerSpec;
  const kind = modeKindOf(s.Mode);
  const mode = s.Mode ?? {};
  return omitUndefined({
    name: s.Name ?? "",
    labels: nonEmpty(s.Labels),
    ...containerFromEngine(c, idToName(refs.configs)),
    mounts: nonEmpty(c.Mounts)?.map(mountFromEngine),
    secrets: nonEmpty(c.Secrets)?.map(secretFromEngine),
    configs: nonEmpty(c.Configs)?.map(configFromEngine),
    ...taskFromEngine(t),
    networks: nonEmpty(t.Networks)?.map((n) => networkFromEngine(n, idToName(refs.networks))),
    forceUpdate: t.ForceUpdate || undefined,
    mode: kind,
    replicas: kind === "replicated" ? (mode.Replicated?.Replicas ?? 1) : undefined,
    maxConcurrent: kind === "replicated-job" ? (mode.ReplicatedJob?.MaxConcurrent ?? 1) : undefined,
    totalCompletions: kind === "replicated-job" ? (mode.ReplicatedJob?.TotalCompletions ?? mode.ReplicatedJob?.MaxConcurrent ?? 1) : undefined,
    updateConfig: rolloutFromEngine(s.UpdateConfig),
    rollbackConfig: rolloutFromEngine(s.RollbackConfig),
    endpoint: endpointFromEngine(s.EndpointSpec),
  }) as EffectiveSpec;
}

/** The spec inputs out of all inputs (for echoing and for mapping). */
export function specInputsOf(i: ServiceInputs, name: string): SpecInputs {
  const out: Record<string, unknown> = {};
  for (const k of SPEC_KEYS) if (i[k] !== undefined) out[k] = i[k];
  out.name = name;
  return out as SpecInputs;
}
