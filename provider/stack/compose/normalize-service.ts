/**
 * One validated service → its normalised form (project.ts), with the docker CLI's loader rules:
 * env_file read and merged under `environment`, empty values taken from the variables, short syntaxes
 * expanded, bind paths made absolute, and every reference to a network, volume, secret or config
 * checked against the top-level declarations. Problems are collected with their paths.
 */
import * as path from "node:path";
import { isIP } from "node:net";
import { Findings, type PathSegment } from "./compose-error";
import { checkImageReference } from "./image-reference";
import { parseEnvFile } from "./parse-env-file";
import { parsePortSpec, type PortConfig } from "./parse-port-spec";
import { parseRamSize } from "./parse-sizes";
import { parseVolumeSpec, type VolumeMountSpec } from "./parse-volume-spec";
import type { ComposeService, FileReference, TmpfsMount } from "./project";
import type { ListOrDict } from "./schema-kit";
import type { RawFileReference, RawService, RawServiceNetwork } from "./schema-service";
import type { Lookup } from "./substitute-variables";

export interface NormalizeContext {
  lookup: Lookup;
  workingDir: string;
  readFile?: (path: string) => string;
  declared: { networks: Set<string>; volumes: Set<string>; secrets: Set<string>; configs: Set<string> };
}

/**
 * list_or_dict → a mapping. A list item `KEY=value` splits at the first `=`; a bare `KEY` (and a null
 * mapping value) is null when `nullable` (environment: "no value here"), "" otherwise (labels).
 */
export function toMapping(value: ListOrDict | undefined, nullable: boolean): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (value === undefined) return out;
  if (Array.isArray(value)) {
    for (const item of value) {
      const eq = item.indexOf("=");
      if (eq < 0) out[item] = nullable ? null : "";
      else out[item.slice(0, eq)] = item.slice(eq + 1);
    }
    return out;
  }
  for (const [k, v] of Object.entries(value)) out[k] = v === null && !nullable ? "" : v;
  return out;
}

/** A mapping whose values are all strings (labels, sysctls). */
export function toLabels(value: ListOrDict | undefined): Record<string, string> {
  return toMapping(value, false) as Record<string, string>;
}

/** The CLI's absPath: a relative path is taken relative to the Compose file's folder. */
export function absPath(workingDir: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(workingDir, file);
}

const MODES = ["replicated", "global", "replicated-job", "global-job"];

export function normalizeService(key: string, raw: RawService, ctx: NormalizeContext, findings: Findings): ComposeService {
  const at = (...rest: PathSegment[]): PathSegment[] => ["services", key, ...rest];

  if (!raw.image) findings.error(at("image"), "is required: docker stack deploy runs an image (it does not build one)");
  else {
    const problem = checkImageReference(raw.image);
    if (problem) findings.error(at("image"), problem);
  }

  const deploy = raw.deploy ?? {};
  const mode = deploy.mode ?? "replicated";
  if (!MODES.includes(mode || "replicated")) findings.error(at("deploy", "mode"), `unknown mode ${JSON.stringify(mode)} (use "replicated", "global", "replicated-job" or "global-job")`);
  if (deploy.replicas !== undefined && (mode === "global" || mode === "global-job")) {
    findings.error(at("deploy", "replicas"), "replicas can only be used with replicated or replicated-job mode");
  }
  if (deploy.replicas !== undefined && deploy.replicas < 0) findings.error(at("deploy", "replicas"), "must be zero or more");
  if (deploy.endpoint_mode !== undefined && !["", "vip", "dnsrr"].includes(deploy.endpoint_mode.toLowerCase())) {
    findings.error(at("deploy", "endpoint_mode"), `unknown endpoint mode ${JSON.stringify(deploy.endpoint_mode)} (use "vip" or "dnsrr")`);
  }
  const condition = deploy.restart_policy?.condition;
  if (condition !== undefined && !["none", "on-failure", "any"].includes(condition)) {
    findings.error(at("deploy", "restart_policy", "condition"), `unknown condition ${JSON.stringify(condition)} (use "none", "on-failure" or "any")`);
  }
  for (const [which, actions] of [["update_config", ["continue", "pause", "rollback"]], ["rollback_config", ["continue", "pause"]]] as const) {
    const action = deploy[which]?.failure_action;
    if (action !== undefined && action !== "" && !(actions as readonly string[]).includes(action)) {
      findings.error(at("deploy", which, "failure_action"), `unknown failure action ${JSON.stringify(action)} (use ${actions.map((a) => `"${a}"`).join(", ")})`);
    }
  }
  (deploy.placement?.preferences ?? []).forEach((p, i) => {
    if (!p.spread) findings.error(at("deploy", "placement", "preferences", i, "spread"), "is required: the node label to spread over, such as node.labels.zone");
  });
  (deploy.resources?.reservations?.generic_resources ?? []).forEach((g, i) => {
    if (!g.discrete_resource_spec) findings.error(at("deploy", "resources", "reservations", "generic_resources", i, "discrete_resource_spec"), "is required");
  });
  if (raw.isolation !== undefined && !["", "default", "process", "hyperv"].includes(raw.isolation)) {
    findings.error(at("isolation"), `unknown isolation ${JSON.stringify(raw.isolation)} (use "default", "process" or "hyperv")`);
  }

  const healthcheck = raw.healthcheck && {
    ...raw.healthcheck,
    test: typeof raw.healthcheck.test === "string" ? ["CMD-SHELL", raw.healthcheck.test] : raw.healthcheck.test,
  };
  if (healthcheck?.disable && healthcheck.test?.length) findings.error(at("healthcheck", "test"), "test and disable can't be set at the same time");

  const credentialSpec = raw.credential_spec;
  if (credentialSpec) {
    const set = (["config", "file", "registry"] as const).filter((k) => credentialSpec[k]);
    if (set.length > 1) findings.error(at("credential_spec"), `invalid credential spec: cannot specify both ${set.map((s) => `"${s}"`).join(" and ")}`);
    if (credentialSpec.config && !ctx.declared.configs.has(credentialSpec.config)) {
      findings.error(at("credential_spec", "config"), `undefined config ${JSON.stringify(credentialSpec.config)} (declare it under the top-level configs)`);
    }
  }

  if (raw.logging && !raw.logging.driver && raw.logging.options && Object.keys(raw.logging.options).length) {
    findings.warn(at("logging", "options"), "ignored: no logging driver is named, so the Engine's default driver is used with its own options");
  }

  // env_file is merged into environment below; the project does not carry it.
  const { env_file: _merged, ...rest } = raw;
  return {
    ...rest,
    image: raw.image ?? "",
    deploy: { ...deploy, mode, labels: toLabels(deploy.labels) },
    environment: environment(raw, ctx, findings, at),
    labels: toLabels(raw.labels),
    ports: ports(raw, findings, at),
    networks: networks(raw, ctx, findings, at),
    secrets: references(raw.secrets, "secret", ctx.declared.secrets, findings, at("secrets")),
    configs: references(raw.configs, "config", ctx.declared.configs, findings, at("configs")),
    volumes: volumes(raw, ctx, findings, at),
    tmpfs: tmpfs(raw, findings, at),
    extra_hosts: extraHosts(raw.extra_hosts, findings, at("extra_hosts")),
    sysctls: toLabels(raw.sysctls),
    ulimits: Object.entries(raw.ulimits ?? {})
      .map(([name, u]) => (typeof u === "number" ? { name, soft: u, hard: u } : { name, soft: u.soft, hard: u.hard }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    dns: dns(raw.dns ?? [], findings, at("dns")),
    dns_search: raw.dns_search ?? [],
    healthcheck,
  };
}

/**
 * env_file first, `environment` over it; then, as the CLI's updateEnvironment, a variable with no
 * value or an empty one takes the value of the variable of the same name when there is one.
 */
function environment(raw: RawService, ctx: NormalizeContext, findings: Findings, at: (...p: PathSegment[]) => PathSegment[]): Record<string, string> {
  const merged: Record<string, string | null> = {};
  (raw.env_file ?? []).forEach((file, i) => {
    const where = raw.env_file!.length === 1 ? at("env_file") : at("env_file", i);
    const full = absPath(ctx.workingDir, file);
    if (!ctx.readFile) return findings.error(where, `cannot read ${full}: loadCompose was given no readFile`);
    let text: string;
    try {
      text = ctx.readFile(full);
    } catch (e) {
      return findings.error(where, `cannot read ${full}: ${(e as Error).message}`);
    }
    const parsed = parseEnvFile(text, ctx.lookup);
    if ("error" in parsed) return findings.error(where, `invalid env file (${full}): ${parsed.error}`);
    for (const [k, v] of parsed.entries) merged[k] = v;
  });
  Object.assign(merged, toMapping(raw.environment, true));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) {
    const fromVariables = v === null || v === "" ? ctx.lookup(k) : undefined;
    const value = fromVariables ?? v;
    if (value === null) {
      findings.warn(at("environment", k), `has no value and no variable ${k} is set: left out (docker stack deploy would pass the bare name, which removes ${k} from the image's environment; SwarmService cannot express that)`);
      continue;
    }
    out[k] = value;
  }
  return out;
}

function ports(raw: RawService, findings: Findings, at: (...p: PathSegment[]) => PathSegment[]): PortConfig[] {
  const out: PortConfig[] = [];
  (raw.ports ?? []).forEach((p, i) => {
    if (typeof p === "object") {
      if (p.target === undefined) return findings.error(at("ports", i, "target"), "is required");
      if (p.protocol !== undefined && !["", "tcp", "udp", "sctp"].includes(p.protocol)) {
        return findings.error(at("ports", i, "protocol"), `unknown protocol ${JSON.stringify(p.protocol)} (use "tcp", "udp" or "sctp")`);
      }
      if (p.mode !== undefined && !["", "ingress", "host"].includes(p.mode)) {
        return findings.error(at("ports", i, "mode"), `unknown mode ${JSON.stringify(p.mode)} (use "ingress" or "host")`);
      }
      out.push({ target: p.target, published: p.published ?? 0, protocol: p.protocol ?? "", mode: p.mode ?? "" });
      return;
    }
    const r = parsePortSpec(String(p));
    if ("error" in r) return findings.error(at("ports", i), r.error);
    if (r.droppedIp) findings.warn(at("ports", i), `the host IP ${r.droppedIp} is ignored: a swarm service listens on every address (as docker stack deploy does)`);
    out.push(...r.ports);
  });
  return out;
}

function networks(raw: RawService, ctx: NormalizeContext, findings: Findings, at: (...p: PathSegment[]) => PathSegment[]): Record<string, RawServiceNetwork> {
  const out: Record<string, RawServiceNetwork> = {};
  const given = raw.networks;
  const entries: Array<[string, RawServiceNetwork | null, PathSegment]> = Array.isArray(given)
    ? given.map((name, i) => [name, null, i])
    : Object.entries(given ?? {}).map(([name, v]) => [name, v, name]);
  for (const [name, config, where] of entries) {
    if (name !== "default" && !ctx.declared.networks.has(name)) {
      findings.error(at("networks", where), `undefined network ${JSON.stringify(name)} (declare it under the top-level networks)`);
      continue;
    }
    for (const k of ["ipv4_address", "ipv6_address"] as const) {
      if (config?.[k] !== undefined) findings.warn(at("networks", name, k), "ignored: swarm services get their addresses from the network (docker stack deploy ignores it too)");
    }
    out[name] = config ?? {};
  }
  return out;
}

function references(
  given: RawFileReference[] | undefined,
  kind: "secret" | "config",
  declared: Set<string>,
  findings: Findings,
  at: PathSegment[],
): FileReference[] {
  const out: FileReference[] = [];
  (given ?? []).forEach((r, i) => {
    const ref: FileReference = typeof r === "string" ? { source: r } : { ...r, source: r.source ?? "" };
    if (!ref.source) return findings.error([...at, i, "source"], "is required");
    if (!declared.has(ref.source)) {
      return findings.error(typeof r === "string" ? [...at, i] : [...at, i, "source"], `undefined ${kind} ${JSON.stringify(ref.source)} (declare it under the top-level ${kind}s)`);
    }
    if (ref.mode !== undefined && (ref.mode < 0 || ref.mode > 0o7777)) return findings.error([...at, i, "mode"], `${ref.mode} is not a file mode (write it in octal, such as 0440)`);
    out.push(ref);
  });
  return out;
}

const PROPAGATIONS = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];

const isWindowsAbs = (p: string) => /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");

function volumes(raw: RawService, ctx: NormalizeContext, findings: Findings, at: (...p: PathSegment[]) => PathSegment[]): VolumeMountSpec[] {
  const out: VolumeMountSpec[] = [];
  (raw.volumes ?? []).forEach((given, i) => {
    let v: VolumeMountSpec;
    if (typeof given === "string") {
      const r = parseVolumeSpec(given);
      if ("error" in r) return findings.error(at("volumes", i), r.error);
      if (r.ignoredOptions.length) {
        findings.warn(at("volumes", i), `option${r.ignoredOptions.length > 1 ? "s" : ""} ${r.ignoredOptions.map((o) => `"${o}"`).join(", ")} ignored (docker stack deploy ignores ${r.ignoredOptions.length > 1 ? "them" : "it"} too)`);
      }
      v = r.volume;
    } else {
      v = { ...given };
    }
    const where = at("volumes", i);
    const type = v.type || "volume";
    const incompatible = (option: "bind" | "volume" | "tmpfs") => {
      if (v[option] !== undefined) findings.error([...where, option], `${option} options are incompatible with type ${type}`);
    };
    if (!v.target) findings.error([...where, "target"], "is required: the path inside the container");
    if (v.consistency !== undefined) findings.warn([...where, "consistency"], "ignored: it only matters to Docker Desktop, and SwarmService has no input for it");
    for (const k of ["create_host_path", "selinux"] as const) {
      if (v.bind?.[k] !== undefined) findings.warn([...where, "bind", k], "ignored (docker stack deploy ignores it too)");
    }
    switch (type) {
      case "volume":
        incompatible("bind");
        incompatible("tmpfs");
        if (v.source && !ctx.declared.volumes.has(v.source)) {
          const sourcePath = typeof given === "string" ? where : [...where, "source"];
          findings.error(sourcePath, `undefined volume ${JSON.stringify(v.source)} (declare it under the top-level volumes)`);
        }
        if (!v.source && v.volume !== undefined) findings.warn(where, "volume options are ignored for an anonymous volume (as docker stack deploy does)");
        break;
      case "bind": {
        incompatible("volume");
        incompatible("tmpfs");
        if (v.bind?.propagation !== undefined && !PROPAGATIONS.includes(v.bind.propagation)) {
          findings.error([...where, "bind", "propagation"], `unknown propagation ${JSON.stringify(v.bind.propagation)} (use ${PROPAGATIONS.map((p) => `"${p}"`).join(", ")})`);
        }
        if (!v.source) {
          findings.error([...where, "source"], 'invalid mount config for type "bind": field Source must not be empty');
          break;
        }
        let source = v.source;
        if (source.startsWith("~")) {
          const home = ctx.lookup("HOME");
          if (home === undefined) findings.warn(where, "cannot expand '~': no variable HOME is set");
          else source = home + source.slice(1);
        }
        if (!path.posix.isAbsolute(source) && !isWindowsAbs(source)) source = absPath(ctx.workingDir, source);
        v.source = source;
        break;
      }
      case "tmpfs":
        incompatible("bind");
        incompatible("volume");
        if (v.source) findings.error([...where, "source"], "invalid tmpfs source, source must be empty");
        if (typeof v.tmpfs?.size === "string") v.tmpfs = { ...v.tmpfs, size: parseRamSize(v.tmpfs.size) as number };
        break;
      case "npipe":
        incompatible("volume");
        incompatible("tmpfs");
        if (!v.source) findings.error([...where, "source"], "invalid npipe source, source cannot be empty");
        if (v.bind) findings.error([...where, "bind"], "bind options are not supported on npipe mounts by SwarmService");
        break;
      case "image":
      case "cluster":
        findings.error([...where, "type"], `${type} mounts are not supported: SwarmService has no ${type} mount type (it manages mounts up to Engine API 1.45, without cluster volumes)`);
        break;
      default:
        findings.error([...where, "type"], "volume type must be volume, bind, tmpfs, npipe, or cluster");
    }
    out.push(v);
  });
  return out;
}

/**
 * The `tmpfs` key, which docker stack deploy drops silently, read like `docker run --tmpfs`:
 * `/path[:options]`, where `size=` and `mode=` are kept and other mount flags are reported.
 */
function tmpfs(raw: RawService, findings: Findings, at: (...p: PathSegment[]) => PathSegment[]): TmpfsMount[] {
  return (raw.tmpfs ?? []).flatMap((entry, i): TmpfsMount[] => {
    const where = raw.tmpfs!.length === 1 ? at("tmpfs") : at("tmpfs", i);
    const colon = entry.indexOf(":");
    const target = colon < 0 ? entry : entry.slice(0, colon);
    const mount: TmpfsMount = { target };
    if (!target.startsWith("/")) {
      findings.error(where, `${JSON.stringify(target)} is not an absolute path inside the container`);
      return [];
    }
    const ignored: string[] = [];
    for (const option of colon < 0 ? [] : entry.slice(colon + 1).split(",").filter(Boolean)) {
      const [name, value] = option.split("=", 2);
      if (name === "size" && value !== undefined) {
        const size = parseRamSize(value);
        if (typeof size === "string") findings.error(where, `size: ${size}`);
        else mount.sizeBytes = size;
      } else if (name === "mode" && value !== undefined) {
        if (!/^[0-7]{3,4}$/.test(value)) findings.error(where, `mode: "${value}" is not an octal file mode such as 1777`);
        else mount.mode = parseInt(value, 8);
      } else ignored.push(option);
    }
    if (ignored.length) findings.warn(where, `option${ignored.length > 1 ? "s" : ""} ${ignored.map((o) => `"${o}"`).join(", ")} ignored: a swarm tmpfs mount takes only size and mode (up to Engine API 1.45)`);
    return [mount];
  });
}

/**
 * extra_hosts → [hostname, IP]: a mapping (sorted, as the CLI sorts it), or a list of `host:IP` or
 * `host=IP` (the first `=`, else the first `:`, so IPv6 addresses keep their colons); brackets around
 * an IPv6 address are dropped.
 */
function extraHosts(value: ListOrDict | undefined, findings: Findings, at: PathSegment[]): Array<[string, string]> {
  if (value === undefined) return [];
  const pairs: Array<[string, string]> = [];
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      const sep = entry.includes("=") ? "=" : ":";
      const cut = entry.indexOf(sep);
      if (cut < 0) return findings.warn([...at, i], `ignored: not "host:IP" (docker stack deploy drops it too)`);
      pairs.push([entry.slice(0, cut), entry.slice(cut + 1)]);
    });
  } else {
    for (const k of Object.keys(value).sort()) if (value[k] !== null) pairs.push([k, value[k]!]);
  }
  return pairs.map(([host, ip]) => [host, ip.length > 2 && ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip]);
}

/** The CLI keeps only entries that are IP addresses (silently); the others are reported here. */
function dns(servers: string[], findings: Findings, at: PathSegment[]): string[] {
  return servers.filter((s, i) => {
    if (isIP(s)) return true;
    findings.warn(servers.length === 1 ? at : [...at, i], `${JSON.stringify(s)} is not an IP address: left out (docker stack deploy drops it too)`);
    return false;
  });
}
