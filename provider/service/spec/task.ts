/** Task-level settings (resources, placement, restart policy, log driver) in both directions. */
import { omitUndefined } from "../../common/clean";
import type { ServiceInputs } from "../args";
import { optionsToStrings } from "../args/common";
import type { EngineResourceSet, EngineTaskTemplate } from "../../engine/service-spec";
import { bytes, cpus, dur, nanoCpus, nonEmpty, ns } from "./units";

type TaskInputs = Pick<ServiceInputs, "resources" | "placement" | "restartPolicy" | "logDriver">;

export function resourcesToEngine(r: ServiceInputs["resources"]): EngineTaskTemplate["Resources"] | undefined {
  if (!r) return undefined;
  return omitUndefined({
    Limits: r.limits ? omitUndefined({ NanoCPUs: nanoCpus(r.limits.cpus), MemoryBytes: bytes(r.limits.memory), Pids: r.limits.pids }) : undefined,
    Reservations: r.reservations
      ? omitUndefined({
          NanoCPUs: nanoCpus(r.reservations.cpus),
          MemoryBytes: bytes(r.reservations.memory),
          GenericResources: r.reservations.genericResources?.map((g) =>
            typeof g.value === "string"
              ? { NamedResourceSpec: { Kind: g.kind, Value: g.value } }
              : { DiscreteResourceSpec: { Kind: g.kind, Value: g.value } },
          ),
        })
      : undefined,
  });
}

export function taskToEngine(i: TaskInputs): Omit<EngineTaskTemplate, "ContainerSpec"> {
  const p = i.placement;
  const rp = i.restartPolicy;
  return omitUndefined({
    Resources: resourcesToEngine(i.resources),
    RestartPolicy: rp ? omitUndefined({ Condition: rp.condition, Delay: ns(rp.delay), MaxAttempts: rp.maxAttempts, Window: ns(rp.window) }) : undefined,
    Placement: p
      ? omitUndefined({
          Constraints: p.constraints,
          Preferences: p.preferences?.map((x) => ({ Spread: { SpreadDescriptor: x.spread } })),
          MaxReplicas: p.maxReplicas,
          Platforms: p.platforms?.map((x) => omitUndefined({ Architecture: x.architecture, OS: x.os })),
        })
      : undefined,
    LogDriver: i.logDriver ? omitUndefined({ Name: i.logDriver.name, Options: optionsToStrings(i.logDriver.options) }) : undefined,
  });
}

// ─── read back ───────────────────────────────────────────────────────────────

function limitsFromEngine(l: EngineResourceSet | null | undefined) {
  if (!l) return undefined;
  return nonEmpty(omitUndefined({ cpus: cpus(l.NanoCPUs), memory: l.MemoryBytes || undefined, pids: l.Pids || undefined }));
}

export function taskFromEngine(t: EngineTaskTemplate): TaskInputs {
  const res = t.Resources;
  const rp = t.RestartPolicy;
  const p = t.Placement;
  const generic = nonEmpty(res?.Reservations?.GenericResources)?.map((g) =>
    g.NamedResourceSpec ? { kind: g.NamedResourceSpec.Kind, value: g.NamedResourceSpec.Value } : { kind: g.DiscreteResourceSpec!.Kind, value: g.DiscreteResourceSpec!.Value },
  );
  const reservations = res?.Reservations
    ? nonEmpty(omitUndefined({ ...limitsFromEngine({ ...res.Reservations, Pids: undefined }), genericResources: generic }))
    : undefined;
  return omitUndefined({
    resources: res ? nonEmpty(omitUndefined({ limits: limitsFromEngine(res.Limits), reservations })) : undefined,
    restartPolicy: rp
      ? nonEmpty(
          omitUndefined({
            condition: nonEmpty(rp.Condition) as "any" | undefined,
            delay: dur(rp.Delay),
            maxAttempts: rp.MaxAttempts || undefined,
            window: dur(rp.Window),
          }),
        )
      : undefined,
    placement: p
      ? nonEmpty(
          omitUndefined({
            constraints: nonEmpty(p.Constraints),
            preferences: nonEmpty(p.Preferences)
              ?.filter((x) => x.Spread)
              .map((x) => ({ spread: x.Spread!.SpreadDescriptor })),
            maxReplicas: p.MaxReplicas || undefined,
            platforms: nonEmpty(p.Platforms)?.map((x) => omitUndefined({ architecture: nonEmpty(x.Architecture), os: nonEmpty(x.OS) })),
          }),
        )
      : undefined,
    logDriver: t.LogDriver?.Name ? omitUndefined({ name: t.LogDriver.Name, options: nonEmpty(t.LogDriver.Options) }) : undefined,
  });
}
