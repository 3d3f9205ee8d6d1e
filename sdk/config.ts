/**
 * Stack configuration for the engine, as `pulumi config set docker-swarm:host ssh://ops@manager1`:
 * every resource and look-up of the program that has no `connection` uses it.
 *
 *   docker-swarm:host            a DOCKER_HOST-style URL (unix://, tcp://, ssh://)
 *   docker-swarm:context         a docker context by name (instead of host)
 *   docker-swarm:tlsCertPath     a DOCKER_CERT_PATH-style folder (ca.pem, cert.pem, key.pem)
 *   docker-swarm:tlsCa, tlsCert  PEM text
 *   docker-swarm:tlsKey          PEM text of the client key (set it with --secret; it is kept secret either way)
 *   docker-swarm:tlsVerify       true / false
 *   docker-swarm:sshOptions      a JSON list of ssh options, e.g. ["ProxyJump=bastion"]
 *   docker-swarm:apiVersion      e.g. "1.41"
 *   docker-swarm:requestTimeout  e.g. "1m"
 *   docker-swarm:registryAuthFromDockerConfig   true: every SwarmService without registryAuth pulls
 *                                               with the credentials `docker login` stored
 *
 * It is resolved here, in the program, and written into the resource's inputs like a declared
 * `connection`: `refresh` and `destroy` then reach the same engine whatever shell runs them (they
 * never read the stack's configuration, nor the environment). A context is read from the contexts
 * store at create, and the resource records where it led.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./types";

export const CONFIG_NAMESPACE = "docker-swarm";

function pulumiModule(): typeof pulumi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@pulumi/pulumi");
}

function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The connection the stack's configuration names, or undefined when it names none. `plain`: the TLS
 * key as plain text (look-ups, which run in the program and return plain values), else as a secret.
 */
export function stackConnection(plain = false): ConnectionArgs | undefined {
  const p = pulumiModule();
  const cfg = new p.Config(CONFIG_NAMESPACE);
  const key = plain ? cfg.get("tlsKey") : cfg.getSecret("tlsKey");
  const tls = omitUndefined({ certPath: cfg.get("tlsCertPath"), ca: cfg.get("tlsCa"), cert: cfg.get("tlsCert"), key, verify: cfg.getBoolean("tlsVerify") });
  const conn: ConnectionArgs = omitUndefined({
    host: cfg.get("host"),
    context: cfg.get("context"),
    tls: Object.keys(tls).length ? tls : undefined,
    sshOptions: cfg.getObject<string[]>("sshOptions"),
    apiVersion: cfg.get("apiVersion"),
    requestTimeout: cfg.get("requestTimeout"),
  });
  return Object.keys(conn).length ? conn : undefined;
}

/**
 * A resource's connection: the declared one, else the stack's configuration (when `applies`: a
 * SwarmNode's own engine only when it joins one). @internal
 */
export function withStackConfig(c: pulumi.Input<ConnectionArgs> | undefined, applies = true): pulumi.Input<ConnectionArgs> | undefined {
  return c !== undefined || !applies ? c : stackConnection();
}

/** A look-up's connection (plain values): the given one, else the stack's configuration. @internal */
export function lookupConnection<C extends object>(c: C | undefined): C | undefined {
  return c !== undefined ? c : (stackConnection(true) as C | undefined);
}

/**
 * A SwarmService's registryAuth: the declared one, else `{ fromDockerConfig: true }` when the stack
 * says `docker-swarm:registryAuthFromDockerConfig: true`; always a secret in the inputs. @internal
 */
export function registryAuthWithStackConfig<A>(a: pulumi.Input<A> | undefined): pulumi.Input<A> | undefined {
  const p = pulumiModule();
  const value = a !== undefined ? a : new p.Config(CONFIG_NAMESPACE).getBoolean("registryAuthFromDockerConfig") ? ({ fromDockerConfig: true } as A) : undefined;
  return value === undefined ? undefined : (p.secret(value) as pulumi.Input<A>);
}
