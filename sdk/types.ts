import type * as pulumi from "@pulumi/pulumi";

/**
 * Which Docker engine a resource talks to. When omitted: the stack's configuration
 * (`docker-swarm:host`, `docker-swarm:context`, …; see config.ts), else, at create, the environment
 * as the docker CLI reads it (DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, else
 * DOCKER_CONTEXT, else the CLI's current context), then `unix:///var/run/docker.sock`.
 */
export interface ConnectionArgs {
  /** A DOCKER_HOST-style URL: `unix:///var/run/docker.sock`, `tcp://host:2376` or `ssh://user@host[:port]`. */
  host?: pulumi.Input<string>;
  /** A docker context by name (`docker context ls`): its endpoint and TLS files. Instead of `host`. */
  context?: pulumi.Input<string>;
  /** TLS for `tcp://` engines. Any value here turns TLS on. */
  tls?: pulumi.Input<TlsArgs>;
  /** For `ssh://` engines: options passed to ssh as `-o`, e.g. ["ProxyJump=bastion", "IdentityFile=~/.ssh/deploy"]. */
  sshOptions?: pulumi.Input<pulumi.Input<string>[]>;
  /** Pin the Engine API version (e.g. "1.41") instead of negotiating it. */
  apiVersion?: pulumi.Input<string>;
  /** Timeout of each request to the engine, as a duration such as "30s" (default "30s"). */
  requestTimeout?: pulumi.Input<string>;
}

export interface TlsArgs {
  /** PEM text of the CA that signed the engine's certificate. */
  ca?: pulumi.Input<string>;
  /** PEM text of the client certificate. */
  cert?: pulumi.Input<string>;
  /** PEM text of the client key. Always stored as a secret. */
  key?: pulumi.Input<string>;
  /** A folder holding ca.pem, cert.pem and key.pem, like DOCKER_CERT_PATH. */
  certPath?: pulumi.Input<string>;
  /** Verify the engine's certificate (DOCKER_TLS_VERIFY). Default true. */
  verify?: pulumi.Input<boolean>;
}

/**
 * The engine a resource was made on, as recorded at create. Every later operation reaches this engine
 * (never DOCKER_HOST) and checks that it still is the same engine, or a manager of the same swarm,
 * before it reads, changes or deletes anything.
 */
export interface EngineIdentity {
  /** The address it was reached at (a DOCKER_HOST-style URL). */
  host: string;
  /** The engine's ID (`docker info` ID). */
  id: string;
  /** The engine's name (its hostname). */
  name?: string;
  /** The swarm's cluster ID. */
  swarmId?: string;
  /** The engine's node ID in the swarm. */
  nodeId?: string;
}

/** A Docker-style duration: "300ms", "5s", "1h30m", "2160h". */
export type Duration = string;

/**
 * A connection that holds a TLS key is stored as a secret as a whole, so the key is encrypted
 * wherever the connection is kept (inputs and outputs in state).
 * @internal
 */
export function protectConnection(c: pulumi.Input<ConnectionArgs> | undefined): pulumi.Input<ConnectionArgs> | undefined {
  if (c === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const p: typeof pulumi = require("@pulumi/pulumi");
  return p.output(c).apply((conn) => (conn?.tls?.key ? p.secret(conn) : conn)) as pulumi.Input<ConnectionArgs>;
}

/**
 * The top-level inputs that hold a secret anywhere inside them (`env: { PASSWORD: pulumi.secret(…) }`
 * makes "env" one). Secret marks are stripped before a dynamic provider sees its inputs, so the
 * provider is told which inputs they were: it keeps what it reads back from those out of plain
 * outputs, and scrubs their values from error texts and log tails.
 * @internal
 */
export function secretKeysOf(args: object, skip: readonly string[] = []): pulumi.Output<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const p: typeof pulumi = require("@pulumi/pulumi");
  const entries = Object.entries(args).filter(([k, v]) => v !== undefined && !skip.includes(k));
  const flags = Promise.all(entries.map(async ([k, v]) => ((await p.isSecret(p.output(v))) ? k : undefined)));
  return p.output(flags.then((ks) => ks.filter((k): k is string => k !== undefined).sort()));
}
