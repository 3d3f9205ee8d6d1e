import type * as pulumi from "@pulumi/pulumi";

/**
 * Which Docker engine a resource talks to. When omitted, the provider uses DOCKER_HOST (with
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) from its environment, then `unix:///var/run/docker.sock`.
 */
export interface ConnectionArgs {
  /** A DOCKER_HOST-style URL: `unix:///var/run/docker.sock` or `tcp://host:2376`. */
  host?: pulumi.Input<string>;
  /** TLS for `tcp://` engines. Any value here turns TLS on. */
  tls?: pulumi.Input<TlsArgs>;
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
