/**
 * The provider's configuration (`pulumi config set docker-swarm:host tcp://…`, or the inputs of an
 * explicit `pulumi:providers:docker-swarm` resource): the engine that resources without a
 * `connection` act on. It is checked in CheckConfig, compared in DiffConfig, and in Configure becomes
 * a connection that Check writes into each resource that declares none, so that the resource records
 * it (inputs and outputs) exactly as if it had been declared: refresh and destroy then reach the same
 * engine whatever configuration or environment they run with.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";
import { validate, type CheckFailure } from "../provider/common/check";
import { omitUndefined } from "../provider/common/clean";
import { connectionInput, type ConnectionInput } from "../provider/common/schemas";

/** Stack configuration values arrive as strings: "true"/"false" become booleans. */
const boolish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const providerConfigInput = z.strictObject({
  host: z.string().optional().meta({ description: "The engine resources without a `connection` act on: a DOCKER_HOST-style URL (`unix:///var/run/docker.sock`, `tcp://host:2376`)." }),
  context: z.string().optional().meta({ description: "A docker context by name (`docker context ls`), instead of host: its endpoint and TLS material are read from the docker CLI's context store." }),
  tlsCertPath: z.string().optional().meta({ description: "A DOCKER_CERT_PATH-style folder holding ca.pem, cert.pem and key.pem." }),
  tlsCa: z.string().optional().meta({ description: "PEM text of the CA that signed the engine's certificate." }),
  tlsCert: z.string().optional().meta({ description: "PEM text of the client certificate." }),
  tlsKey: z.string().optional().meta({ description: "PEM text of the client key. Always a secret.", secret: true }),
  tlsVerify: boolish.optional().meta({ description: "Verify the engine's certificate (default true)." }),
  apiVersion: z.string().optional().meta({ description: 'Pin the Engine API version (e.g. "1.41") instead of negotiating it.' }),
  requestTimeout: z.string().optional().meta({ description: 'Timeout of each request to the engine, e.g. "1m" (default "30s").' }),
});
export type ProviderConfig = z.infer<typeof providerConfigInput>;

/** Keys the engine adds to a provider's inputs that are not configuration. */
const NOT_CONFIG = new Set(["version", "pluginDownloadURL"]);

export function configOf(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([k, v]) => !NOT_CONFIG.has(k) && v !== undefined && v !== null && v !== ""));
}

/** CheckConfig: the configuration's own rules, then the connection it makes. */
export function checkConfig(raw: Record<string, unknown>): CheckFailure[] {
  const values = configOf(raw);
  const { failures } = validate(providerConfigInput, values);
  if (failures.length) return failures;
  const parsed = providerConfigInput.parse(values);
  if (parsed.host && parsed.context) return [{ property: "context", reason: "context: set either host or context, not both" }];
  let connection: ConnectionInput | undefined;
  try {
    connection = connectionOf(parsed);
  } catch (e) {
    return [{ property: "context", reason: `context: ${(e as Error).message}` }];
  }
  if (!connection) return [];
  return validate(connectionInput, connection).failures.map((f) => ({
    property: CONFIG_KEY_OF[f.property] ?? f.property,
    reason: f.reason.replace(/^[^:]*:/, `${CONFIG_KEY_OF[f.property] ?? f.property}:`),
  }));
}

const CONFIG_KEY_OF: Record<string, string> = {
  host: "host",
  "tls.certPath": "tlsCertPath",
  "tls.ca": "tlsCa",
  "tls.cert": "tlsCert",
  "tls.key": "tlsKey",
  apiVersion: "apiVersion",
  requestTimeout: "requestTimeout",
};

/** The connection the configuration names, or undefined when it names none. */
export function connectionOf(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): ConnectionInput | undefined {
  const tls = omitUndefined({ certPath: config.tlsCertPath, ca: config.tlsCa, cert: config.tlsCert, key: config.tlsKey, verify: config.tlsVerify });
  let conn: ConnectionInput = omitUndefined({
    host: config.host,
    tls: Object.keys(tls).length ? tls : undefined,
    apiVersion: config.apiVersion,
    requestTimeout: config.requestTimeout,
  });
  if (config.context && config.context !== "default") {
    const ctx = dockerContext(config.context, env);
    conn = omitUndefined({ ...conn, host: ctx.host, tls: conn.tls ?? ctx.tls });
  }
  return Object.keys(conn).length ? conn : undefined;
}

/**
 * A docker context from the docker CLI's store ($DOCKER_CONFIG, else ~/.docker): contexts/meta/<sha256
 * of the name>/meta.json holds the endpoint, contexts/tls/<same>/docker/ the TLS material.
 */
export function dockerContext(name: string, env: NodeJS.ProcessEnv = process.env): { host: string; tls?: { certPath: string; verify: boolean } } {
  const root = env.DOCKER_CONFIG || path.join(os.homedir(), ".docker");
  const id = crypto.createHash("sha256").update(name).digest("hex");
  const metaFile = path.join(root, "contexts", "meta", id, "meta.json");
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
  } catch {
    throw new Error(`no docker context "${name}" in ${path.join(root, "contexts")} (see \`docker context ls\`)`);
  }
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) throw new Error(`docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(root, "contexts", "tls", id, "docker");
  const tls = fs.existsSync(tlsDir) ? { certPath: tlsDir, verify: !endpoint.SkipTLSVerify } : undefined;
  return omitUndefined({ host: endpoint.Host, tls });
}

