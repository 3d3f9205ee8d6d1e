/**
 * One normalised service → SwarmService inputs, key by key as docker stack deploy builds its
 * ServiceSpec (cli/compose/convert/service.go), defaults included: the namespace label on the service
 * and its containers and the image label on the service; replicas 1 when a replicated service gives
 * none (the CLI sends no count, which the Engine reads as 1, on every deploy); update/rollback
 * parallelism 1; secret and config files owned by 0:0 with mode 0444 and named after their key; the
 * service's key as an alias on every user-defined network; `<ns>_default` when no network is named.
 * Inputs whose value is the Engine's default anyway (false, "", empty) are left out.
 */
import { comparePorts } from "./parse-port-spec";
import { parseCpus, parseRamSize } from "./parse-sizes";
import type { ComposeService } from "./project";
import { planMounts } from "./plan-mounts";
import { defined, scope } from "./plan-objects";
import { IMAGE_LABEL, NAMESPACE_LABEL, type ConfigRef, type NetworkRef, type PlannedNetwork, type PlannedVolume, type SecretRef } from "./plan-types";

export interface PlannedNames {
  networks: Record<string, PlannedNetwork>;
  secrets: Record<string, { name: string }>;
  configs: Record<string, { name: string }>;
  volumes: Record<string, PlannedVolume>;
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length ? list : undefined);
const nonEmptyObject = <T extends Record<string, unknown>>(o: T | undefined): T | undefined => (o && Object.keys(o).length ? o : undefined);
const text = (s: string | undefined) => (s ? s : undefined);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** As the CLI's opts.NormalizeCapability: upper case, `CAP_` prefix, except ALL and RESET. */
function normalizeCapability(c: string): string {
  const u = c.trim().toUpperCase();
  return u === "ALL" || u === "RESET" || u.startsWith("CAP_") ? u : `CAP_${u}`;
}

/** opts.EffectiveCapAddCapDrop: ALL wins within a list, an added capability is not also dropped, sorted. */
function effectiveCapabilities(add: string[] = [], drop: string[] = []): { add: string[]; drop: string[] } {
  let a = new Set(add.map(normalizeCapability));
  let d = new Set(drop.map(normalizeCapability));
  if (a.has("ALL")) a = new Set(["ALL"]);
  if (d.has("ALL")) d = new Set(["ALL"]);
  return {
    add: [...a].filter((c) => c !== "RESET").sort(),
    drop: [...d].filter((c) => !a.has(c) && c !== "RESET").sort(),
  };
}

/** moby's NetworkMode.IsUserDefined: only such networks take aliases. */
const userDefined = (name: string) => !["default", "bridge", "host", "none"].includes(name) && !name.startsWith("container:");

function rollout(c: NonNullable<ComposeService["deploy"]["update_config"]> | undefined) {
  if (!c) return undefined;
  return defined({
    parallelism: c.parallelism ?? 1,
    delay: c.delay,
    failureAction: text(c.failure_action),
    monitor: c.monitor,
    maxFailureRatio: c.max_failure_ratio,
    order: c.order,
  });
}

function resources(r: ComposeService["deploy"]["resources"]) {
  if (!r) return undefined;
  // 0 is "no limit" to the CLI and the Engine alike, and SwarmService's minimums refuse it: left out.
  const cpus = (v: string | undefined) => (v === undefined ? undefined : (parseCpus(v) as number) || undefined);
  const memory = (v: string | undefined) => (v === undefined ? undefined : (parseRamSize(v) as number) || undefined);
  return nonEmptyObject(
    defined({
      limits: nonEmptyObject(defined({ cpus: cpus(r.limits?.cpus), memory: memory(r.limits?.memory), pids: r.limits?.pids || undefined })),
      reservations: nonEmptyObject(
        defined({
          cpus: cpus(r.reservations?.cpus),
          memory: memory(r.reservations?.memory),
          genericResources: nonEmpty(
            (r.reservations?.generic_resources ?? []).map((g) => ({ kind: g.discrete_resource_spec!.kind, value: g.discrete_resource_spec!.value })),
          ),
        }),
      ),
    }),
  );
}

function mode(d: ComposeService["deploy"]) {
  switch (d.mode || "replicated") {
    case "global":
      return { mode: "global" };
    case "global-job":
      return { mode: "global-job" };
    case "replicated-job":
      return defined({ mode: "replicated-job", maxConcurrent: d.replicas, totalCompletions: d.replicas });
    default:
      return { mode: "replicated", replicas: d.replicas ?? 1 };
  }
}

export function planService(namespace: string, key: string, s: ComposeService, names: PlannedNames): Record<string, unknown> {
  const d = s.deploy;
  const caps = effectiveCapabilities(s.cap_add, s.cap_drop);

  const fileRef = (r: ComposeService["secrets"][number]) => ({ fileName: r.target || r.source, uid: r.uid || "0", gid: r.gid || "0", mode: r.mode ?? 0o444 });
  // Sorted by the objects' names, as the CLI sorts them (so that a reordered list changes nothing).
  const secrets: SecretRef[] = s.secrets
    .map((r) => ({ secretKey: r.source, ...fileRef(r) }))
    .sort((a, b) => byName(names.secrets[a.secretKey].name, names.secrets[b.secretKey].name));
  const configs: ConfigRef[] = s.configs.map((r): ConfigRef => ({ configKey: r.source, ...fileRef(r) }));
  const credentialConfig = s.credential_spec?.config;
  if (credentialConfig) configs.push({ configKey: credentialConfig, runtime: true });
  configs.sort((a, b) => byName(names.configs[a.configKey].name, names.configs[b.configKey].name));

  const joined = Object.keys(s.networks).length ? s.networks : { default: {} };
  const networks: NetworkRef[] = Object.entries(joined)
    .map(([networkKey, n]) => {
      const target = names.networks[networkKey].name;
      const aliases = [...(n.aliases ?? []), ...(userDefined(target) ? [key] : [])];
      return { target, ref: defined({ networkKey, aliases: nonEmpty(aliases), driverOpts: n.driver_opts }) };
    })
    .sort((a, b) => byName(a.target, b.target))
    .map((n) => n.ref);

  const ports = [...s.ports].sort(comparePorts).map((p) =>
    defined({
      targetPort: p.target,
      publishedPort: p.published || undefined,
      protocol: text(p.protocol),
      publishMode: text(p.mode),
    }),
  );

  const hc = s.healthcheck;
  const healthcheck = hc
    ? hc.disable
      ? { disable: true }
      : defined({
          test: nonEmpty(hc.test),
          interval: hc.interval,
          timeout: hc.timeout,
          startPeriod: hc.start_period,
          startInterval: hc.start_interval,
          retries: hc.retries,
        })
    : undefined;

  const credentialSpec = s.credential_spec
    ? defined({
        config: credentialConfig ? names.configs[credentialConfig].name : undefined,
        file: text(s.credential_spec.file),
        registry: text(s.credential_spec.registry),
      })
    : undefined;

  const placement = d.placement;
  const env = Object.entries(s.environment)
    .map(([k, v]) => `${k}=${v}`)
    .sort(byName);

  return defined({
    name: scope(namespace, key),
    labels: { ...d.labels, [NAMESPACE_LABEL]: namespace, [IMAGE_LABEL]: s.image },
    image: s.image,
    command: nonEmpty(s.entrypoint),
    args: nonEmpty(s.command),
    env: nonEmpty(env),
    containerLabels: { ...s.labels, [NAMESPACE_LABEL]: namespace },
    hostname: text(s.hostname),
    user: text(s.user),
    workdir: text(s.working_dir),
    tty: s.tty || undefined,
    openStdin: s.stdin_open || undefined,
    readOnly: s.read_only || undefined,
    init: s.init,
    stopSignal: text(s.stop_signal),
    stopGracePeriod: s.stop_grace_period,
    healthcheck,
    hosts: nonEmpty(s.extra_hosts.map(([host, ip]) => `${ip} ${host}`)),
    dns: nonEmptyObject(defined({ nameservers: nonEmpty(s.dns), search: nonEmpty(s.dns_search) })),
    capabilityAdd: nonEmpty(caps.add),
    capabilityDrop: nonEmpty(caps.drop),
    sysctls: nonEmptyObject(s.sysctls),
    ulimits: nonEmpty(s.ulimits),
    privileges: credentialSpec ? { credentialSpec } : undefined,
    isolation: text(s.isolation),
    mounts: nonEmpty(planMounts(s, names.volumes)),
    secrets: nonEmpty(secrets),
    configs: nonEmpty(configs),
    networks,
    // The CLI always sends an EndpointSpec, and the Engine stores its empty mode as "vip" (20.10 keeps a
    // service without one as without): naming vip makes the same spec on every engine version.
    endpoint: defined({ mode: text(d.endpoint_mode?.toLowerCase()) ?? "vip", ports: nonEmpty(ports) }),
    ...mode(d),
    resources: resources(d.resources),
    restartPolicy: d.restart_policy
      ? defined({ condition: text(d.restart_policy.condition), delay: d.restart_policy.delay, maxAttempts: d.restart_policy.max_attempts, window: d.restart_policy.window })
      : undefined,
    placement: placement
      ? nonEmptyObject(
          defined({
            constraints: nonEmpty(placement.constraints),
            preferences: nonEmpty(placement.preferences?.map((p) => ({ spread: p.spread ?? "" }))),
            maxReplicas: placement.max_replicas_per_node || undefined,
          }),
        )
      : undefined,
    updateConfig: rollout(d.update_config),
    rollbackConfig: rollout(d.rollback_config),
    logDriver: s.logging?.driver ? defined({ name: s.logging.driver, options: s.logging.options }) : undefined,
  });
}
