/**
 * One normal form for ServiceSpecs, applied to both sides of every comparison: the spec built from
 * the inputs and the spec read back from the Engine (engine-api §11: never compare raw JSON).
 *
 * `normalizeSpec` folds away what the Engine adds or omits on its own: empty maps and lists, null
 * Privileges members, `Isolation: "default"`, `Runtime: "container"`, `ForceUpdate: 0`, default
 * Mode/RestartPolicy/UpdateConfig/RollbackConfig/EndpointSpec values, bind propagation "rprivate";
 * and it names networks, secrets and configs by name where the references know them.
 *
 * `carryOver` handles what is relative to the current spec: undeclared settings this package leaves
 * to whoever else manages them (replicas, ForceUpdate, platforms) and an image the current spec runs
 * pinned to a digest. It is applied before comparing and before writing, so the two agree.
 */
import { omitUndefined } from "../common/clean";
import type {
  EngineContainerSpec,
  EngineMount,
  EnginePrivileges,
  EngineServiceSpec,
  EngineTaskTemplate,
  EngineUpdateConfig,
} from "../engine/service-spec";
import { modeKindOf, modeToEngine } from "./spec";
import { idToName, type References } from "../engine/service-references";
import { byKey, nonEmpty } from "./spec/units";
import { normalImage, sameImage } from "./image";

const positive = (v: number | null | undefined) => (typeof v === "number" && v > 0 ? v : undefined);
const truthy = (v: boolean | null | undefined) => (v ? true : undefined);

function privileges(p: EnginePrivileges | null | undefined, configNames: Record<string, string>): EnginePrivileges | undefined {
  if (!p) return undefined;
  const cred = p.CredentialSpec;
  const se = p.SELinuxContext;
  return nonEmpty(
    omitUndefined({
      CredentialSpec: cred
        ? nonEmpty(omitUndefined({ Config: cred.Config ? (configNames[cred.Config] ?? cred.Config) : undefined, File: nonEmpty(cred.File), Registry: nonEmpty(cred.Registry) }))
        : undefined,
      SELinuxContext: se
        ? nonEmpty(omitUndefined({ Disable: truthy(se.Disable), User: nonEmpty(se.User), Role: nonEmpty(se.Role), Type: nonEmpty(se.Type), Level: nonEmpty(se.Level) }))
        : undefined,
      // "default" profiles are what a container gets anyway.
      Seccomp: p.Seccomp?.Mode && (p.Seccomp.Mode !== "default" || p.Seccomp.Profile) ? omitUndefined({ Mode: p.Seccomp.Mode, Profile: nonEmpty(p.Seccomp.Profile) }) : undefined,
      AppArmor: p.AppArmor?.Mode && p.AppArmor.Mode !== "default" ? { Mode: p.AppArmor.Mode } : undefined,
      NoNewPrivileges: truthy(p.NoNewPrivileges),
    }),
  );
}

function mount(m: EngineMount): EngineMount {
  const b = m.BindOptions;
  const v = m.VolumeOptions;
  const t = m.TmpfsOptions;
  return omitUndefined({
    Type: m.Type,
    Source: nonEmpty(m.Source),
    Target: m.Target,
    ReadOnly: truthy(m.ReadOnly),
    // rprivate is the default propagation of bind mounts (and what the Engine reports for it).
    BindOptions: b ? nonEmpty(omitUndefined({ Propagation: b.Propagation && b.Propagation !== "rprivate" ? b.Propagation : undefined, NonRecursive: truthy(b.NonRecursive) })) : undefined,
    VolumeOptions: v
      ? nonEmpty(
          omitUndefined({
            NoCopy: truthy(v.NoCopy),
            Labels: nonEmpty(v.Labels),
            Subpath: nonEmpty(v.Subpath),
            DriverConfig: v.DriverConfig ? nonEmpty(omitUndefined({ Name: nonEmpty(v.DriverConfig.Name), Options: nonEmpty(v.DriverConfig.Options) })) : undefined,
          }),
        )
      : undefined,
    TmpfsOptions: t ? nonEmpty(omitUndefined({ SizeBytes: positive(t.SizeBytes), Mode: positive(t.Mode) })) : undefined,
  });
}

function container(c: EngineContainerSpec, n: Names): EngineContainerSpec {
  const h = c.Healthcheck;
  const dns = c.DNSConfig;
  const refKey = (name?: string, id?: string) => name ?? id ?? "";
  return omitUndefined({
    Image: normalImage(c.Image),
    Labels: nonEmpty(c.Labels),
    Command: nonEmpty(c.Command),
    Args: nonEmpty(c.Args),
    Hostname: nonEmpty(c.Hostname),
    Env: nonEmpty(c.Env),
    Dir: nonEmpty(c.Dir),
    User: nonEmpty(c.User),
    Groups: nonEmpty(c.Groups),
    Privileges: privileges(c.Privileges, n.configs),
    Init: typeof c.Init === "boolean" ? c.Init : undefined,
    StopSignal: nonEmpty(c.StopSignal),
    TTY: truthy(c.TTY),
    OpenStdin: truthy(c.OpenStdin),
    ReadOnly: truthy(c.ReadOnly),
    Mounts: nonEmpty(c.Mounts)?.map(mount),
    StopGracePeriod: positive(c.StopGracePeriod),
    Healthcheck: h
      ? nonEmpty(
          omitUndefined({
            Test: nonEmpty(h.Test),
            Interval: positive(h.Interval),
            Timeout: positive(h.Timeout),
            StartPeriod: positive(h.StartPeriod),
            StartInterval: positive(h.StartInterval),
            Retries: positive(h.Retries),
          }),
        )
      : undefined,
    Hosts: nonEmpty(c.Hosts)?.map((x) => x.trim().split(/\s+/).join(" ")),
    DNSConfig: dns ? nonEmpty(omitUndefined({ Nameservers: nonEmpty(dns.Nameservers), Search: nonEmpty(dns.Search), Options: nonEmpty(dns.Options) })) : undefined,
    // By name when the name is known: the ID of a name is fixed while a service uses it.
    Secrets: nonEmpty(c.Secrets)
      ?.map((s) => {
        const name = s.SecretName || (s.SecretID ? n.secrets[s.SecretID] : undefined);
        return omitUndefined({ SecretName: name, SecretID: name ? undefined : s.SecretID, File: s.File ?? undefined });
      })
      .sort(byKey((s) => `${refKey(s.SecretName, s.SecretID)}\u0000${s.File?.Name ?? ""}`)),
    Configs: nonEmpty(c.Configs)
      ?.map((x) => {
        const name = x.ConfigName || (x.ConfigID ? n.configs[x.ConfigID] : undefined);
        // A relative config target is a path from the container's root: "app.conf" and "/app.conf" are one file.
        const file = x.File ? { ...x.File, Name: x.File.Name && !x.File.Name.startsWith("/") ? `/${x.File.Name}` : x.File.Name } : undefined;
        return omitUndefined({ ConfigName: name, ConfigID: name ? undefined : x.ConfigID, File: file, Runtime: x.Runtime ? {} : undefined });
      })
      .sort(byKey((x) => `${refKey(x.ConfigName, x.ConfigID)}\u0000${x.File?.Name ?? ""}`)),
    Isolation: c.Isolation && c.Isolation !== "default" ? c.Isolation : undefined,
    Sysctls: nonEmpty(c.Sysctls),
    CapabilityAdd: nonEmpty(c.CapabilityAdd),
    CapabilityDrop: nonEmpty(c.CapabilityDrop),
    Ulimits: nonEmpty(c.Ulimits)
      ?.map((u) => ({ Name: u.Name, Soft: u.Soft, Hard: u.Hard }))
      .sort(byKey((u) => u.Name)),
  });
}

function task(t: EngineTaskTemplate, n: Names): EngineTaskTemplate {
  const r = t.Resources;
  const rp = t.RestartPolicy;
  const p = t.Placement;
  const set = (x: NonNullable<EngineTaskTemplate["Resources"]>["Limits"]) =>
    x ? nonEmpty(omitUndefined({ NanoCPUs: positive(x.NanoCPUs), MemoryBytes: positive(x.MemoryBytes), Pids: positive(x.Pids), GenericResources: nonEmpty(x.GenericResources) })) : undefined;
  const restart = rp
    ? omitUndefined({ Condition: nonEmpty(rp.Condition) ?? "any", Delay: positive(rp.Delay), MaxAttempts: positive(rp.MaxAttempts), Window: positive(rp.Window) })
    : undefined;
  return omitUndefined({
    ContainerSpec: container(t.ContainerSpec, n),
    Resources: r ? nonEmpty(omitUndefined({ Limits: set(r.Limits), Reservations: set(r.Reservations) })) : undefined,
    // No policy means restart on any exit: the same as { Condition: "any" } and nothing else.
    RestartPolicy: restart && Object.keys(restart).length === 1 && restart.Condition === "any" ? undefined : restart,
    Placement: p
      ? nonEmpty(
          omitUndefined({
            Constraints: nonEmpty(p.Constraints),
            Preferences: nonEmpty(p.Preferences),
            MaxReplicas: positive(p.MaxReplicas),
            Platforms: nonEmpty(p.Platforms)?.map((x) => omitUndefined({ Architecture: nonEmpty(x.Architecture), OS: nonEmpty(x.OS) })),
          }),
        )
      : undefined,
    Networks: nonEmpty(t.Networks)
      ?.map((x) => omitUndefined({ Target: n.networks[x.Target] ?? x.Target, Aliases: nonEmpty(x.Aliases), DriverOpts: nonEmpty(x.DriverOpts) }))
      .sort(byKey((x) => x.Target)),
    LogDriver: t.LogDriver?.Name ? omitUndefined({ Name: t.LogDriver.Name, Options: nonEmpty(t.LogDriver.Options) }) : undefined,
    ForceUpdate: positive(t.ForceUpdate),
  });
}

/** swarmkit's run-time defaults, which also apply when no config is stored. */
const ROLLOUT_DEFAULTS: EngineUpdateConfig = { Parallelism: 1, FailureAction: "pause", MaxFailureRatio: 0, Order: "stop-first" };

function rollout(c: EngineUpdateConfig | null | undefined): EngineUpdateConfig {
  if (!c) return { ...ROLLOUT_DEFAULTS };
  return omitUndefined({
    Parallelism: c.Parallelism ?? 0,
    Delay: positive(c.Delay),
    FailureAction: nonEmpty(c.FailureAction) ?? "pause",
    Monitor: positive(c.Monitor),
    MaxFailureRatio: c.MaxFailureRatio ?? 0,
    Order: nonEmpty(c.Order) ?? "stop-first",
  });
}

interface Names {
  secrets: Record<string, string>;
  configs: Record<string, string>;
  networks: Record<string, string>;
}

/** The normal form of a ServiceSpec; `refs` (name → ID) lets IDs be compared as names. */
export function normalizeSpec(spec: EngineServiceSpec, refs: References): EngineServiceSpec {
  const n: Names = { secrets: idToName(refs.secrets), configs: idToName(refs.configs), networks: idToName(refs.networks) };
  const kind = modeKindOf(spec.Mode);
  const m = spec.Mode ?? {};
  const isJob = kind.endsWith("-job");
  const ports = nonEmpty(spec.EndpointSpec?.Ports)
    ?.map((p) =>
      omitUndefined({ Name: nonEmpty(p.Name), Protocol: nonEmpty(p.Protocol) ?? "tcp", TargetPort: p.TargetPort, PublishedPort: positive(p.PublishedPort), PublishMode: nonEmpty(p.PublishMode) ?? "ingress" }),
    )
    .sort(byKey((p) => `${String(p.TargetPort).padStart(5, "0")}/${p.Protocol}/${String(p.PublishedPort ?? 0).padStart(5, "0")}`));
  const endpointMode = nonEmpty(spec.EndpointSpec?.Mode) ?? "vip";
  return omitUndefined({
    Name: spec.Name,
    Labels: nonEmpty(spec.Labels),
    TaskTemplate: task(spec.TaskTemplate, n),
    Mode: modeToEngine({
      mode: kind,
      replicas: m.Replicated?.Replicas ?? undefined,
      maxConcurrent: m.ReplicatedJob?.MaxConcurrent || undefined,
      totalCompletions: m.ReplicatedJob?.TotalCompletions || undefined,
    }),
    // Jobs have no rollouts (the Engine refuses a config for them).
    UpdateConfig: isJob ? (spec.UpdateConfig ? rollout(spec.UpdateConfig) : undefined) : rollout(spec.UpdateConfig),
    RollbackConfig: isJob ? (spec.RollbackConfig ? rollout(spec.RollbackConfig) : undefined) : rollout(spec.RollbackConfig),
    EndpointSpec: endpointMode === "vip" && !ports ? undefined : omitUndefined({ Mode: endpointMode, Ports: ports }),
  });
}

/** Which carried-over settings the program declares (and so owns). */
export interface Declared {
  replicas: boolean;
  forceUpdate: boolean;
  platforms: boolean;
}

/**
 * `desired` with the current values of what it does not own: replicas and ForceUpdate when not
 * declared (a scaler or `docker service update --force` may own them), platforms when not declared
 * (the docker CLI fills them in), and the current image string when it runs the declared image
 * (a digest pinned by the CLI or by resolveImage is kept rather than dropped, which would restart
 * every task).
 */
export function carryOver(desired: EngineServiceSpec, current: EngineServiceSpec | undefined, declared: Declared): EngineServiceSpec {
  if (!current) return desired;
  const next = structuredClone(desired);
  const cs = next.TaskTemplate.ContainerSpec;
  const cur = current.TaskTemplate.ContainerSpec;
  if (cur?.Image && cs.Image && sameImage(cs.Image, cur.Image)) cs.Image = cur.Image;
  if (!declared.forceUpdate) {
    if (current.TaskTemplate.ForceUpdate) next.TaskTemplate.ForceUpdate = current.TaskTemplate.ForceUpdate;
    else delete next.TaskTemplate.ForceUpdate;
  }
  if (!declared.replicas && next.Mode?.Replicated && current.Mode?.Replicated) {
    next.Mode = { Replicated: { Replicas: current.Mode.Replicated.Replicas ?? 1 } };
  }
  const platforms = current.TaskTemplate.Placement?.Platforms;
  if (!declared.platforms && platforms && platforms.length) {
    next.TaskTemplate.Placement = { ...(next.TaskTemplate.Placement ?? {}), Platforms: platforms };
  }
  return next;
}
