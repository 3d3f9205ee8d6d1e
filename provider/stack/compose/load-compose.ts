/**
 * Compose file text → a validated, normalised project, the way `docker stack deploy -c` reads it:
 * YAML (anchors, merge keys) → the CLI's refused keys → interpolation → schema validation → per-key
 * normalisation and cross-reference checks. Every problem is collected, and the load fails once with a
 * ComposeError listing them all; what the CLI would accept and ignore comes back as warnings.
 *
 * No I/O of its own: env_file contents are read through `readFile`; secret and config files are only
 * resolved to absolute paths (the plan carries the path; whoever creates the object reads it).
 */
import { Findings, pathText, type PathSegment } from "./compose-error";
import { interpolateTree } from "./interpolate";
import { DEPRECATED_KEYS, FORBIDDEN_KEYS, NO_SERVICE_INPUT_KEYS, SILENTLY_IGNORED_KEYS, UNSUPPORTED_KEYS } from "./ignored-keys";
import { normalizeFileObject, normalizeNetwork, normalizeVolume } from "./normalize-objects";
import { normalizeService, type NormalizeContext } from "./normalize-service";
import type { ComposeProject } from "./project";
import { readComposeYaml } from "./read-yaml";
import { describeIssues } from "./schema-kit";
import { projectSchema, type RawProject } from "./schema-project";
import type { RawDeploy, RawService } from "./schema-service";
import type { Lookup } from "./substitute-variables";

export interface LoadComposeOptions {
  /** Values for `${VAR}`, looked up first. */
  variables?: Record<string, string>;
  /** The environment (e.g. process.env), looked up after `variables`, only when `useEnvironment`. */
  environment?: Record<string, string | undefined>;
  /** Let the environment fill in variables (`docker stack deploy` always does). Default false. */
  useEnvironment?: boolean;
  /** The folder relative paths (env_file, bind mounts, secret and config files) are resolved against: the Compose file's folder. */
  workingDir: string;
  /** Reads an env_file (given an absolute path). Needed only when a service has env_file. */
  readFile?: (path: string) => string;
}

export interface LoadComposeResult {
  project: ComposeProject;
  /** One line per key that is accepted but ignored, or changed on the way, each naming its path. */
  warnings: string[];
}

export function loadCompose(text: string, options: LoadComposeOptions): LoadComposeResult {
  const findings = new Findings();
  const tree = readComposeYaml(text, findings);
  findings.throwIfAny();

  checkForbidden(tree!, findings);
  const lookup = makeLookup(options);
  const interpolated = interpolateTree(tree, lookup, findings) as Record<string, unknown>;

  // reportInput: the messages say what was expected, which depends on what was found.
  const parsed = projectSchema.safeParse(interpolated, { reportInput: true });
  if (!parsed.success) {
    // A key already reported (refused, or failed interpolation) is not reported again by the schema.
    const reported = new Set(findings.issues.map((i) => i.path));
    for (const issue of describeIssues(parsed.error.issues)) {
      const where = pathText(issue.path as PathSegment[]);
      if (reported.has(where)) continue;
      const hint = where === "name" ? " (docker stack deploy has no project name: the stack's namespace names it)" : "";
      findings.issues.push({ path: where, message: issue.message + hint });
    }
  }
  findings.throwIfAny();
  const raw = parsed.data!;

  const version = checkVersion(raw.version, findings);
  warnIgnored(raw, interpolated, findings);

  const ctx: NormalizeContext = {
    lookup,
    workingDir: options.workingDir,
    readFile: options.readFile,
    declared: {
      networks: new Set(Object.keys(raw.networks ?? {})),
      volumes: new Set(Object.keys(raw.volumes ?? {})),
      secrets: new Set(Object.keys(raw.secrets ?? {})),
      configs: new Set(Object.keys(raw.configs ?? {})),
    },
  };
  const project: ComposeProject = {
    version,
    workingDir: options.workingDir,
    services: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    extensions: Object.fromEntries(Object.entries(interpolated).filter(([k]) => k.startsWith("x-"))),
  };
  for (const [key, n] of Object.entries(raw.networks ?? {})) project.networks[key] = normalizeNetwork(key, n, findings);
  for (const [key, v] of Object.entries(raw.volumes ?? {})) project.volumes[key] = normalizeVolume(key, v, findings);
  for (const [key, s] of Object.entries(raw.secrets ?? {})) project.secrets[key] = normalizeFileObject("secret", key, s, ctx, findings);
  for (const [key, c] of Object.entries(raw.configs ?? {})) project.configs[key] = normalizeFileObject("config", key, c, ctx, findings);
  for (const [key, s] of Object.entries(raw.services ?? {})) {
    project.services[key] = normalizeService(key, withLegacyRestart(key, s, findings), ctx, findings);
  }
  warnUnusedNetworks(project, findings);
  findings.throwIfAny();
  return { project, warnings: findings.warnings };
}

/** Variables first, then (only when asked) the environment. Own keys only: "constructor" is no variable. */
function makeLookup(o: LoadComposeOptions): Lookup {
  return (name) => {
    if (o.variables && Object.hasOwn(o.variables, name)) return o.variables[name];
    if (o.useEnvironment && o.environment && Object.hasOwn(o.environment, name)) return o.environment[name];
    return undefined;
  };
}

/** Keys the CLI refuses outright, checked (as there) before interpolation. */
function checkForbidden(tree: Record<string, unknown>, findings: Findings): void {
  const services = tree.services;
  if (!services || typeof services !== "object" || Array.isArray(services)) return;
  for (const [key, service] of Object.entries(services)) {
    if (!service || typeof service !== "object") continue;
    for (const [k, why] of Object.entries(FORBIDDEN_KEYS)) {
      if (k in service) findings.error(["services", key, k], `not supported by docker stack deploy: ${why}`);
    }
  }
}

/** The CLI reads versions 3.0 to 3.13 (none, or "3", means the latest). */
function checkVersion(version: string | undefined, findings: Findings): string {
  if (version === undefined || version === "" || version === "3") return "3.13";
  if (!/^3\.(\d|1[0-3])$/.test(version)) findings.error(["version"], `unsupported Compose file version: ${version} (docker stack deploy reads versions 3.0 to 3.13)`);
  return version;
}

function warnIgnored(raw: RawProject, tree: Record<string, unknown>, findings: Findings): void {
  for (const [key, s] of Object.entries(raw.services ?? {})) {
    const has = (k: string) => (s as Record<string, unknown>)[k] !== undefined;
    for (const k of UNSUPPORTED_KEYS) if (has(k)) findings.warn(["services", key, k], "ignored: docker stack deploy does not support it (\"Ignoring unsupported options\")");
    for (const [k, why] of Object.entries(DEPRECATED_KEYS)) if (has(k)) findings.warn(["services", key, k], `ignored: ${why}`);
    for (const [k, why] of Object.entries(SILENTLY_IGNORED_KEYS)) if (has(k)) findings.warn(["services", key, k], `ignored: ${why}`);
    for (const [k, why] of Object.entries(NO_SERVICE_INPUT_KEYS)) if (has(k)) findings.warn(["services", key, k], `not supported: ${why}`);
  }
  const volumes = (tree.volumes ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [key, v] of Object.entries(volumes)) {
    if (v && v["x-cluster-spec"] !== undefined) findings.warn(["volumes", key, "x-cluster-spec"], "ignored: cluster (CSI) volumes are not supported (docker stack deploy does not create them either)");
  }
}

/**
 * The legacy `restart` key. docker stack deploy lists it as unsupported, yet uses it as the restart
 * policy when deploy.restart_policy is absent (convertRestartPolicy): so does this, saying so.
 */
function withLegacyRestart(key: string, s: RawService, findings: Findings): RawService {
  if (s.restart === undefined) return s;
  const at = ["services", key, "restart"];
  if (s.deploy?.restart_policy) {
    findings.warn(at, "ignored: deploy.restart_policy is set");
    return s;
  }
  const [name, count, ...extra] = s.restart.split(":");
  if (s.restart.includes(":") && name === "") {
    findings.error(at, "invalid restart policy format: no policy provided before colon");
    return s;
  }
  if (extra.length || (count !== undefined && count !== "" && !/^[-+]?\d+$/.test(count))) {
    findings.error(at, "invalid restart policy format: maximum retry count must be an integer");
    return s;
  }
  const attempts = count ? Number(count) : 0;
  if (attempts < 0) {
    findings.error(at, "invalid restart policy: maximum retry count cannot be negative");
    return s;
  }
  let policy: NonNullable<RawDeploy["restart_policy"]> | undefined;
  if (name === "always" || name === "unless-stopped") policy = { condition: "any" };
  else if (name === "on-failure") policy = { condition: "on-failure" };
  else if (name !== "no" && name !== "") {
    findings.error(at, `invalid restart policy: unknown policy '${name}' (must be one of 'no', 'always', 'on-failure', or 'unless-stopped')`);
    return s;
  }
  if (policy && attempts > 0) policy.max_attempts = attempts;
  findings.warn(
    at,
    policy
      ? `used as the restart policy (condition ${policy.condition}${policy.max_attempts ? `, max_attempts ${policy.max_attempts}` : ""}), as docker stack deploy does when deploy.restart_policy is absent; prefer deploy.restart_policy`
      : "no restart policy set (the Engine's default, condition any, applies), as docker stack deploy does; prefer deploy.restart_policy",
  );
  return policy ? { ...s, deploy: { ...(s.deploy ?? {}), restart_policy: policy } } : s;
}

/** docker stack deploy creates only the networks some service joins; the others are left out. */
function warnUnusedNetworks(project: ComposeProject, findings: Findings): void {
  const used = new Set<string>();
  for (const s of Object.values(project.services)) {
    const keys = Object.keys(s.networks);
    for (const k of keys.length ? keys : ["default"]) used.add(k);
  }
  for (const key of Object.keys(project.networks)) {
    if (!used.has(key)) findings.warn(["networks", key], "not used by any service: not created (as docker stack deploy)");
  }
}
