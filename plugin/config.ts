/**
 * The provider's configuration (`pulumi config set docker-swarm:host tcp://…`, or the inputs of an
 * explicit `pulumi:providers:docker-swarm` resource): the engine that resources without a
 * `connection` act on. It is checked in CheckConfig, compared in DiffConfig, and in Configure becomes
 * a connection that Check writes into each resource that declares none, so that the resource records
 * it (inputs and outputs) exactly as if it had been declared: refresh and destroy then reach the same
 * engine whatever configuration or environment they run with.
 */
import { z } from "zod";
import { validate, type CheckFailure } from "../provider/common/check";
import { omitUndefined } from "../provider/common/clean";
import { connectionInput, type ConnectionInput } from "../provider/common/schemas";

/** Stack configuration values arrive as strings: "true"/"false" become booleans. */
const boolish = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** A list of ssh options, given as a list or, from `pulumi config set`, as its JSON text. */
const stringList = z.union([
  z.array(z.string()),
  z.string().transform((text, ctx) => {
    try {
      const v: unknown = JSON.parse(text);
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: `must be a JSON list of strings, such as ["ProxyJump=bastion"] (got ${JSON.stringify(text)})` });
    return z.NEVER;
  }),
]);

/** The same keys as the TypeScript SDK's stack configuration (sdk/config.ts). */
export const providerConfigInput = z.strictObject({
  host: z.string().optional().meta({ description: "The engine resources without a `connection` act on: a DOCKER_HOST-style URL (`unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host`)." }),
  context: z.string().optional().meta({ description: "A docker context by name (`docker context ls`), instead of host: its endpoint and TLS material are read from the docker CLI's context store when a resource is created." }),
  tlsCertPath: z.string().optional().meta({ description: "A DOCKER_CERT_PATH-style folder holding ca.pem, cert.pem and key.pem." }),
  tlsCa: z.string().optional().meta({ description: "PEM text of the CA that signed the engine's certificate." }),
  tlsCert: z.string().optional().meta({ description: "PEM text of the client certificate." }),
  tlsKey: z.string().optional().meta({ description: "PEM text of the client key. Always a secret.", secret: true }),
  tlsVerify: boolish.optional().meta({ description: "Verify the engine's certificate (default true)." }),
  sshOptions: stringList.optional().meta({ description: 'Options for `ssh://` engines, each passed to ssh as `-o OPTION`, as a JSON list (e.g. `["ProxyJump=bastion"]`).' }),
  apiVersion: z.string().optional().meta({ description: 'Pin the Engine API version (e.g. "1.41") instead of negotiating it.' }),
  requestTimeout: z.string().optional().meta({ description: 'Timeout of each request to the engine, e.g. "1m" (default "30s").' }),
});
export type ProviderConfig = z.infer<typeof providerConfigInput>;

/** Keys the engine adds to a provider's inputs that are not configuration. */
const NOT_CONFIG = new Set(["version", "pluginDownloadURL"]);

export function configOf(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([k, v]) => !NOT_CONFIG.has(k) && v !== undefined && v !== null && v !== ""));
}

/** CheckConfig: the configuration's own rules, then the connection it makes (checked as a resource's). */
export function checkConfig(raw: Record<string, unknown>): CheckFailure[] {
  const values = configOf(raw);
  const { failures } = validate(providerConfigInput, values);
  if (failures.length) return failures;
  const connection = connectionOf(providerConfigInput.parse(values));
  if (!connection) return [];
  return validate(connectionInput, connection).failures.map((f) => {
    const key = CONFIG_KEY_OF[f.property] ?? CONFIG_KEY_OF[f.property.split(/[.[]/)[0]] ?? f.property;
    return { property: key, reason: f.reason.replace(/^[^:]*:/, `${key}:`) };
  });
}

const CONFIG_KEY_OF: Record<string, string> = {
  host: "host",
  context: "context",
  tls: "tlsCertPath",
  "tls.certPath": "tlsCertPath",
  "tls.ca": "tlsCa",
  "tls.cert": "tlsCert",
  "tls.key": "tlsKey",
  sshOptions: "sshOptions",
  apiVersion: "apiVersion",
  requestTimeout: "requestTimeout",
};

/**
 * The connection the configuration names, or undefined when it names none. A context is passed on by
 * name, as a resource would declare it: the resource reads it from the contexts store at create and
 * records where it led (provider/common/connection.ts), so the plugin and the TypeScript SDK agree.
 * "default" is the CLI's name for no context: the environment, then the default socket.
 */
export function connectionOf(config: ProviderConfig): ConnectionInput | undefined {
  const tls = omitUndefined({ certPath: config.tlsCertPath, ca: config.tlsCa, cert: config.tlsCert, key: config.tlsKey, verify: config.tlsVerify });
  const conn: ConnectionInput = omitUndefined({
    host: config.host,
    context: config.context && config.context !== "default" ? config.context : undefined,
    tls: Object.keys(tls).length ? tls : undefined,
    sshOptions: config.sshOptions,
    apiVersion: config.apiVersion,
    requestTimeout: config.requestTimeout,
  });
  return Object.keys(conn).length ? conn : undefined;
}
