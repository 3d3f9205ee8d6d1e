/**
 * Field-by-field comparison of two normalised ServiceSpecs, by the user's property names, so that
 * preview can say which inputs change. A final whole-spec comparison guarantees that a difference in
 * a field without its own entry still counts.
 */
import { deepEqual } from "../common/clean";
import type { ServiceInputs } from "./args";
import { carryOver, normalizeSpec, type Declared } from "./normalize";
import { toEngineSpec, type SpecInputs } from "./spec";
import type { EngineServiceSpec } from "../engine/service-spec";
import type { References } from "../engine/service-references";

type Pick_ = (s: EngineServiceSpec) => unknown;
const cs = (s: EngineServiceSpec) => s.TaskTemplate.ContainerSpec;
const tt = (s: EngineServiceSpec) => s.TaskTemplate;

/** [property, value in a normalised spec]. */
export const FIELDS: ReadonlyArray<readonly [string, Pick_]> = [
  ["name", (s) => s.Name],
  ["labels", (s) => s.Labels],
  ["image", (s) => cs(s).Image],
  ["command", (s) => cs(s).Command],
  ["args", (s) => cs(s).Args],
  ["env", (s) => cs(s).Env],
  ["user", (s) => cs(s).User],
  ["workdir", (s) => cs(s).Dir],
  ["hostname", (s) => cs(s).Hostname],
  ["groups", (s) => cs(s).Groups],
  ["tty", (s) => cs(s).TTY],
  ["openStdin", (s) => cs(s).OpenStdin],
  ["readOnly", (s) => cs(s).ReadOnly],
  ["init", (s) => cs(s).Init],
  ["stopSignal", (s) => cs(s).StopSignal],
  ["stopGracePeriod", (s) => cs(s).StopGracePeriod],
  ["containerLabels", (s) => cs(s).Labels],
  ["mounts", (s) => cs(s).Mounts],
  ["secrets", (s) => cs(s).Secrets],
  ["configs", (s) => cs(s).Configs],
  ["healthcheck", (s) => cs(s).Healthcheck],
  ["hosts", (s) => cs(s).Hosts],
  ["dns", (s) => cs(s).DNSConfig],
  ["capabilityAdd", (s) => cs(s).CapabilityAdd],
  ["capabilityDrop", (s) => cs(s).CapabilityDrop],
  ["sysctls", (s) => cs(s).Sysctls],
  ["ulimits", (s) => cs(s).Ulimits],
  ["privileges", (s) => cs(s).Privileges],
  ["isolation", (s) => cs(s).Isolation],
  ["networks", (s) => tt(s).Networks],
  ["resources", (s) => tt(s).Resources],
  ["restartPolicy", (s) => tt(s).RestartPolicy],
  ["placement", (s) => tt(s).Placement],
  ["logDriver", (s) => tt(s).LogDriver],
  ["forceUpdate", (s) => tt(s).ForceUpdate],
  ["mode", (s) => Object.keys(s.Mode ?? {})[0]],
  ["replicas", (s) => s.Mode?.Replicated?.Replicas],
  ["maxConcurrent", (s) => s.Mode?.ReplicatedJob?.MaxConcurrent],
  ["totalCompletions", (s) => s.Mode?.ReplicatedJob?.TotalCompletions],
  ["updateConfig", (s) => s.UpdateConfig],
  ["rollbackConfig", (s) => s.RollbackConfig],
  ["endpoint", (s) => s.EndpointSpec],
];

/** The properties whose values differ between two normalised specs. */
export function specDifferences(desired: EngineServiceSpec, current: EngineServiceSpec): string[] {
  const out = FIELDS.filter(([, pick]) => !deepEqual(pick(desired), pick(current))).map(([name]) => name);
  if (!out.length && !deepEqual(desired, current)) out.push("spec");
  return out;
}

export function declaredOf(i: Pick<ServiceInputs, "replicas" | "forceUpdate" | "placement">): Declared {
  return { replicas: i.replicas !== undefined, forceUpdate: i.forceUpdate !== undefined, platforms: i.placement?.platforms !== undefined };
}

/**
 * The spec to write (or compare) for these inputs, given the current spec, and both normalised.
 * `desired` is what to send (not normalised: the Engine gets the inputs as written).
 */
export function plan(
  inputs: SpecInputs,
  declared: Declared,
  current: EngineServiceSpec | undefined,
  refs: References,
): { desired: EngineServiceSpec; normalDesired: EngineServiceSpec; normalCurrent?: EngineServiceSpec; changed: string[] } {
  const desired = carryOver(toEngineSpec(inputs, refs), current, declared);
  const normalDesired = normalizeSpec(desired, refs);
  if (!current) return { desired, normalDesired, changed: [] };
  const normalCurrent = normalizeSpec(current, refs);
  return { desired, normalDesired, normalCurrent, changed: specDifferences(normalDesired, normalCurrent) };
}
