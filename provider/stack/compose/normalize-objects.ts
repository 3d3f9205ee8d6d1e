/**
 * The top-level `networks`, `volumes`, `secrets` and `configs` → their normalised form, with the
 * docker CLI's loader rules: `external: true` makes the object a reference to an existing one named by
 * `name:` or its key (the deprecated `external: { name }` too, with a warning); an external volume
 * takes no driver or labels; a secret or config that is made needs exactly one source of data.
 */
import { Findings, type PathSegment } from "./compose-error";
import { absPath, toLabels } from "./normalize-service";
import type { ComposeFileObject, ComposeNetwork, ComposeVolume, FileObjectSource } from "./project";
import type { RawConfig, RawExternal, RawNetwork, RawSecret, RawVolume } from "./schema-project";
import type { Lookup } from "./substitute-variables";

type Kind = "network" | "volume" | "secret" | "config";

/** Whether the object is external, and the name it goes by when it has one of its own. */
function identity(key: string, kind: Kind, given: { name?: string; external?: RawExternal }, findings: Findings, at: PathSegment[]) {
  const ext = given.external;
  if (ext === undefined || ext === false) return { external: false, name: given.name || undefined };
  if (typeof ext === "object" && ext.name) {
    if (given.name) {
      findings.error([...at, "external", "name"], `${kind} ${key}: ${kind}.external.name and ${kind}.name conflict; only use ${kind}.name`);
      return { external: true, name: given.name };
    }
    findings.warn([...at, "external", "name"], `${kind}.external.name is deprecated in favor of ${kind}.name`);
    return { external: true, name: ext.name };
  }
  return { external: true, name: given.name || key };
}

export function normalizeNetwork(key: string, raw: RawNetwork, findings: Findings): ComposeNetwork {
  const at = ["networks", key];
  const { external, name } = identity(key, "network", raw, findings, at);
  if (external) {
    for (const k of ["driver", "driver_opts", "ipam", "internal", "attachable", "labels"] as const) {
      if (raw[k] !== undefined) findings.warn([...at, k], "ignored: the network is external (only referred to, never created)");
    }
    return { name, external, labels: {} };
  }
  return {
    name,
    external,
    driver: raw.driver || undefined,
    driver_opts: raw.driver_opts,
    ipam: raw.ipam,
    internal: raw.internal,
    attachable: raw.attachable,
    labels: toLabels(raw.labels),
  };
}

export function normalizeVolume(key: string, raw: RawVolume, findings: Findings): ComposeVolume {
  const at = ["volumes", key];
  const { external, name } = identity(key, "volume", raw, findings, at);
  if (external) {
    const conflicting: Array<[keyof RawVolume, boolean]> = [
      ["driver", !!raw.driver],
      ["driver_opts", Object.keys(raw.driver_opts ?? {}).length > 0],
      ["labels", Object.keys(toLabels(raw.labels)).length > 0],
    ];
    for (const [k, set] of conflicting) {
      if (set) findings.error([...at, k], `conflicting parameters "external" and "${k}" specified for volume "${key}"`);
    }
    return { name, external, labels: {} };
  }
  return { name, external, driver: raw.driver || undefined, driver_opts: raw.driver_opts, labels: toLabels(raw.labels) };
}

export function normalizeFileObject(
  kind: "secret" | "config",
  key: string,
  raw: RawSecret | RawConfig,
  ctx: { workingDir: string; lookup: Lookup },
  findings: Findings,
): ComposeFileObject {
  const at = [`${kind}s`, key];
  const { external, name } = identity(key, kind, raw, findings, at);
  const driver = "driver" in raw ? raw.driver || undefined : undefined;
  const given = (["file", "environment", "content"] as const).filter((k) => (raw as RawConfig)[k] !== undefined);
  if (external) {
    for (const k of [...given, "labels", "driver", "driver_opts", "template_driver"] as const) {
      if ((raw as Record<string, unknown>)[k] !== undefined) findings.warn([...at, k], `ignored: the ${kind} is external (only referred to, never created)`);
    }
    return { name, external, labels: {} };
  }
  let source: FileObjectSource | undefined;
  if (driver) {
    if (given.length) findings.error([...at, given[0]], `${kind} ${key}: ${kind}.driver and ${kind}.${given[0]} conflict; only use ${kind}.driver`);
  } else if (given.length > 1) {
    findings.error([...at, given[1]], `give only one of ${given.join(", ")}`);
  } else if (given.length === 0) {
    const choices = kind === "secret" ? "file, environment or driver" : "file, environment or content";
    findings.error(at, `has no data: give ${choices}, or external: true for an existing ${kind}`);
  } else if (raw.file !== undefined) {
    source = { file: absPath(ctx.workingDir, raw.file) };
  } else if (raw.environment !== undefined) {
    const value = ctx.lookup(raw.environment);
    if (value === undefined) findings.error([...at, "environment"], `variable ${raw.environment} is not set`);
    else source = { environment: raw.environment, value };
  } else {
    source = { content: (raw as RawConfig).content! };
  }
  return {
    name,
    external,
    source,
    labels: toLabels(raw.labels),
    driver,
    driver_opts: "driver_opts" in raw ? raw.driver_opts : undefined,
    template_driver: raw.template_driver || undefined,
  };
}
