/** From the `connection` input of any resource to the Engine client's settings. */
import { engineFor, type DockerEngine } from "../engine";
import type { ConnectionSettings } from "../engine/connection";
import { parseDuration } from "./duration";
import type { ConnectionInput } from "./schemas";

export function toConnectionSettings(c: ConnectionInput | undefined): ConnectionSettings | undefined {
  if (!c) return undefined;
  const timeout = c.requestTimeout !== undefined ? parseDuration(c.requestTimeout) : undefined;
  return {
    host: c.host,
    tls: c.tls,
    apiVersion: c.apiVersion,
    requestTimeoutMs: typeof timeout === "number" ? Math.max(1, Math.round(timeout / 1e6)) : undefined,
  };
}

export function engineForInput(c: ConnectionInput | undefined): DockerEngine {
  return engineFor(toConnectionSettings(c));
}

/** The host this connection resolves to (for display and for replace decisions). */
export function describeHost(c: ConnectionInput | undefined): string {
  return engineForInput(c).host;
}
