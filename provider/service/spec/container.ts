/** ContainerSpec fields other than mounts and secret/config references, in both directions. */
import { omitUndefined } from "../../common/clean";
import type { ServiceInputs } from "../args";
import { optionsToStrings } from "../args/common";
import type { EngineContainerSpec, EngineHealthcheck, EnginePrivileges } from "../../engine/service-spec";
import { dur, nonEmpty, ns, sortKeys, trueOrUndefined } from "./units";

type ContainerInputs = Pick<
  ServiceInputs,
  | "image" | "command" | "args" | "env" | "user" | "workdir" | "hostname" | "groups" | "tty" | "openStdin" | "readOnly"
  | "init" | "stopSignal" | "stopGracePeriod" | "containerLabels" | "healthcheck" | "hosts" | "dns" | "capabilityAdd"
  | "capabilityDrop" | "sysctls" | "ulimits" | "privileges" | "isolation"
>;

/** A record is sent sorted by name; a list keeps the user's order (the Engine keeps it too). */
export function envToEngine(env: ServiceInputs["env"]): string[] | undefined {
  if (env === undefined) return undefined;
  if (Array.isArray(env)) return env;
  return Object.entries(sortKeys(env)).map(([k, v]) => `${k}=${v}`);
}

export function hostsToEngine(hosts: ServiceInputs["hosts"]): string[] | undefined {
  if (hosts === undefined) return undefined;
  if (Array.isArray(hosts)) return hosts.map((h) => h.trim().split(/\s+/).join(" "));
  return Object.entries(sortKeys(hosts)).map(([host, ip]) => `${ip} ${host}`);
}

export function healthcheckToEngine(h: ServiceInputs["healthcheck"]): EngineHealthcheck | undefined {
  if (!h) return undefined;
  const test = h.disable ? ["NONE"] : typeof h.test === "string" ? ["CMD-SHELL", h.test] : h.test;
  return omitUndefined({
    Test: test,
    Interval: ns(h.interval),
    Timeout: ns(h.timeout),
    StartPeriod: ns(h.startPeriod),
    StartInterval: ns(h.startInterval),
    Retries: h.retries,
  });
}

export function privilegesToEngine(p: ServiceInputs["privileges"], configIds: Record<string, string> = {}): EnginePrivileges | undefined {
  if (!p) return undefined;
  const cred = p.credentialSpec;
  return omitUndefined({
    CredentialSpec: cred
      ? omitUndefined({
          // The Engine wants the config's ID; users usually write its name.
          Config: cred.config !== undefined ? (configIds[cred.config] ?? cred.config) : undefined,
          File: cred.file,
          Registry: cred.registry,
        })
      : undefined,
    SELinuxContext: p.seLinuxContext
      ? omitUndefined({
          Disable: p.seLinuxContext.disable,
          User: p.seLinuxContext.user,
          Role: p.seLinuxContext.role,
          Type: p.seLinuxContext.type,
          Level: p.seLinuxContext.level,
        })
      : undefined,
    // The profile is a Go []byte: JSON carries it as base64.
    Seccomp: p.seccomp
      ? omitUndefined({ Mode: p.seccomp.mode, Profile: p.seccomp.profile !== undefined ? Buffer.from(p.seccomp.profile, "utf8").toString("base64") : undefined })
      : undefined,
    AppArmor: p.appArmor ? { Mode: p.appArmor.mode } : undefined,
    NoNewPrivileges: p.noNewPrivileges,
  });
}

export function containerToEngine(i: ContainerInputs, configIds: Record<string, string> = {}): EngineContainerSpec {
  return omitUndefined({
    Image: i.image,
    Labels: i.containerLabels,
    Command: i.command,
    Args: i.args,
    Hostname: i.hostname,
    Env: envToEngine(i.env),
    Dir: i.workdir,
    User: i.user,
    Groups: i.groups,
    Privileges: privilegesToEngine(i.privileges, configIds),
    Init: i.init,
    StopSignal: i.stopSignal,
    TTY: i.tty,
    OpenStdin: i.openStdin,
    ReadOnly: i.readOnly,
    StopGracePeriod: ns(i.stopGracePeriod),
    Healthcheck: healthcheckToEngine(i.healthcheck),
    Hosts: hostsToEngine(i.hosts),
    DNSConfig: i.dns ? omitUndefined({ Nameservers: i.dns.nameservers, Search: i.dns.search, Options: i.dns.options }) : undefined,
    Isolation: i.isolation,
    Sysctls: optionsToStrings(i.sysctls),
    CapabilityAdd: i.capabilityAdd,
    CapabilityDrop: i.capabilityDrop,
    Ulimits: i.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
  });
}

// ─── read back ───────────────────────────────────────────────────────────────

export function healthcheckFromEngine(h: EngineHealthcheck | null | undefined): ServiceInputs["healthcheck"] {
  if (!h) return undefined;
  const test = nonEmpty(h.Test);
  const disabled = test?.length === 1 && test[0] === "NONE";
  return nonEmpty(
    omitUndefined({
      test: disabled ? undefined : test,
      disable: disabled ? true : undefined,
      interval: dur(h.Interval),
      timeout: dur(h.Timeout),
      startPeriod: dur(h.StartPeriod),
      startInterval: dur(h.StartInterval),
      retries: h.Retries || undefined,
    }),
  );
}

export function privilegesFromEngine(p: EnginePrivileges | null | undefined, configNames: Record<string, string> = {}): ServiceInputs["privileges"] {
  if (!p) return undefined;
  const cred = p.CredentialSpec;
  const se = p.SELinuxContext;
  const seccompProfile = p.Seccomp?.Profile ? Buffer.from(p.Seccomp.Profile, "base64").toString("utf8") : undefined;
  return nonEmpty(
    omitUndefined({
      credentialSpec: cred
        ? nonEmpty(
            omitUndefined({
              config: cred.Config ? (configNames[cred.Config] ?? cred.Config) : undefined,
              file: cred.File || undefined,
              registry: cred.Registry || undefined,
            }),
          )
        : undefined,
      seLinuxContext: se
        ? nonEmpty(
            omitUndefined({
              disable: trueOrUndefined(se.Disable),
              user: se.User || undefined,
              role: se.Role || undefined,
              type: se.Type || undefined,
              level: se.Level || undefined,
            }),
          )
        : undefined,
      seccomp: p.Seccomp?.Mode ? omitUndefined({ mode: p.Seccomp.Mode as "default", profile: seccompProfile }) : undefined,
      appArmor: p.AppArmor?.Mode ? { mode: p.AppArmor.Mode as "default" } : undefined,
      noNewPrivileges: trueOrUndefined(p.NoNewPrivileges),
    }),
  );
}

export function containerFromEngine(c: EngineContainerSpec, configNames: Record<string, string> = {}) {
  const dns = c.DNSConfig
    ? nonEmpty(omitUndefined({ nameservers: nonEmpty(c.DNSConfig.Nameservers), search: nonEmpty(c.DNSConfig.Search), options: nonEmpty(c.DNSConfig.Options) }))
    : undefined;
  return omitUndefined({
    image: c.Image,
    containerLabels: nonEmpty(c.Labels),
    command: nonEmpty(c.Command),
    args: nonEmpty(c.Args),
    hostname: nonEmpty(c.Hostname),
    env: nonEmpty(c.Env),
    workdir: nonEmpty(c.Dir),
    user: nonEmpty(c.User),
    groups: nonEmpty(c.Groups),
    privileges: privilegesFromEngine(c.Privileges, configNames),
    init: typeof c.Init === "boolean" ? c.Init : undefined,
    stopSignal: nonEmpty(c.StopSignal),
    tty: trueOrUndefined(c.TTY),
    openStdin: trueOrUndefined(c.OpenStdin),
    readOnly: trueOrUndefined(c.ReadOnly),
    stopGracePeriod: dur(c.StopGracePeriod),
    healthcheck: healthcheckFromEngine(c.Healthcheck),
    hosts: nonEmpty(c.Hosts),
    dns,
    isolation: c.Isolation && c.Isolation !== "default" ? (c.Isolation as "process") : undefined,
    sysctls: nonEmpty(c.Sysctls),
    capabilityAdd: nonEmpty(c.CapabilityAdd),
    capabilityDrop: nonEmpty(c.CapabilityDrop),
    ulimits: nonEmpty(c.Ulimits)?.map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard })),
  });
}
