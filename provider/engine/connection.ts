/**
 * Which engine to talk to and how: one `connection` value, the same shape on every resource.
 *
 * Resolution follows the Docker CLI so that users get what they expect:
 * - an explicit `host` (a DOCKER_HOST-style URL, the CLI's -H) or `context` (the CLI's --context) wins;
 * - otherwise the environment of the process running the provider: DOCKER_HOST (with
 *   DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), else DOCKER_CONTEXT, else `currentContext` of the CLI's
 *   config.json (docker-config.ts), and DOCKER_API_VERSION;
 * - otherwise the default socket `unix:///var/run/docker.sock`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { contextFromEnvironment, dockerConfigDir, readContext, DEFAULT_CONTEXT } from "./docker-config";
import { EngineError } from "./errors";
import { parseSshUrl, type SshSpec } from "./ssh";

/** The user-facing connection settings (validated by the resources' zod schemas before they get here). */
export interface ConnectionSettings {
  /** `unix:///path/docker.sock`, `tcp://host:2376` or `ssh://user@host[:port][/socket/path]`. */
  host?: string;
  /** A docker context (from the CLI's contexts store), instead of `host`. */
  context?: string;
  tls?: TlsSettings;
  /** Extra ssh options for ssh:// hosts, each given to ssh as `-o OPTION`. */
  sshOptions?: string[];
  /** Pin the API version (e.g. "1.41") instead of negotiating it. */
  apiVersion?: string;
  /** Timeout of each request, in milliseconds (default 30 000). */
  requestTimeoutMs?: number;
}

export interface TlsSettings {
  /** PEM text of the CA that signed the engine's certificate. */
  ca?: string;
  /** PEM text of the client certificate. */
  cert?: string;
  /** PEM text of the client key (a secret). */
  key?: string;
  /** A DOCKER_CERT_PATH-style folder holding ca.pem, cert.pem and key.pem. */
  certPath?: string;
  /** Verify the engine's certificate (DOCKER_TLS_VERIFY). Default true. */
  verify?: boolean;
}

export type ResolvedConnection =
  | { kind: "unix"; host: string; socketPath: string; apiVersion?: string; requestTimeoutMs: number }
  | {
      kind: "tcp";
      host: string;
      origin: string;
      tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
      apiVersion?: string;
      requestTimeoutMs: number;
    }
  | { kind: "ssh"; host: string; ssh: SshSpec; sshOptions: string[]; apiVersion?: string; requestTimeoutMs: number };

export const DEFAULT_SOCKET = "/var/run/docker.sock";
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Where the environment points when nothing explicit is given (or the context to use when one is):
 * a host, and where its TLS settings come from. `envTls`: DOCKER_TLS_VERIFY / DOCKER_CERT_PATH apply
 * (the "default" context); otherwise a context's own TLS folder does.
 */
export function endpointFromEnvironment(
  context: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { host: string; tls?: TlsSettings; context?: string; envTls: boolean } {
  const name = context && context !== DEFAULT_CONTEXT ? context : context ? undefined : contextFromEnvironment(env);
  if (name) {
    const c = readContext(name, env);
    return { host: c.host, tls: c.tls, context: c.context, envTls: false };
  }
  return { host: env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`, envTls: true };
}

export function resolveConnection(
  settings: ConnectionSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConnection {
  let host = settings?.host;
  let tlsSettings = settings?.tls;
  let envTls = false;
  if (host === undefined) {
    const ep = endpointFromEnvironment(settings?.context, env);
    host = ep.host;
    tlsSettings ??= ep.tls;
    envTls = ep.envTls;
  }
  const fromEnv = !settings?.host;
  const apiVersion = settings?.apiVersion ?? (fromEnv ? env.DOCKER_API_VERSION || undefined : undefined);
  const requestTimeoutMs = settings?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw invalid(host, "it is not a URL such as unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host");
  }
  switch (url.protocol) {
    case "unix:": {
      const socketPath = decodeURIComponent(url.pathname);
      if (!socketPath) throw invalid(host, "the socket path is empty");
      return { kind: "unix", host, socketPath, apiVersion, requestTimeoutMs };
    }
    case "tcp:":
    case "http:":
    case "https:": {
      const tls = resolveTls(tlsSettings, envTls ? env : {}, url.protocol === "https:", env);
      const port = url.port || (tls ? "2376" : "2375");
      // WHATWG URL already brackets IPv6 literals in `hostname` ("[fd00::1]").
      const origin = `${tls ? "https" : "http"}://${url.hostname}:${port}`;
      return { kind: "tcp", host, origin, tls, apiVersion, requestTimeoutMs };
    }
    case "ssh:": {
      const spec = parseSshUrl(host);
      if (typeof spec === "string") throw invalid(host, spec);
      return { kind: "ssh", host, ssh: spec, sshOptions: settings?.sshOptions ?? [], apiVersion, requestTimeoutMs };
    }
    default:
      throw invalid(host, `unsupported scheme "${url.protocol}"`);
  }
}

/** A stable key for caching one client (and its keep-alive pool) per engine. Never contains key material. */
export function connectionKey(c: ResolvedConnection): string {
  if (c.kind === "unix") return `unix:${c.socketPath}|${c.apiVersion ?? ""}|${c.requestTimeoutMs}`;
  if (c.kind === "ssh") return `ssh:${c.host}|${JSON.stringify(c.sshOptions)}|${c.apiVersion ?? ""}|${c.requestTimeoutMs}`;
  const tlsId = c.tls
    ? `${c.tls.rejectUnauthorized}:${fingerprint(c.tls.ca)}:${fingerprint(c.tls.cert)}:${fingerprint(c.tls.key)}`
    : "plain";
  return `tcp:${c.origin}|${tlsId}|${c.apiVersion ?? ""}|${c.requestTimeoutMs}`;
}

/**
 * @param env      where DOCKER_TLS_VERIFY / DOCKER_CERT_PATH / DOCKER_TLS are read ({} for an explicit host or a context).
 * @param dirsEnv  where the CLI's configuration folder is found (DOCKER_CONFIG, HOME): the default cert folder.
 */
function resolveTls(
  tls: TlsSettings | undefined,
  env: NodeJS.ProcessEnv,
  forced: boolean,
  dirsEnv: NodeJS.ProcessEnv,
): { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } | undefined {
  // DOCKER_TLS_VERIFY: any non-empty value turns TLS on and verifies the server (as the CLI does).
  const envVerify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== "";
  const wantsTls = forced || tls !== undefined || envVerify || env.DOCKER_TLS === "1";
  if (!wantsTls) return undefined;
  const certPath = tls?.certPath ?? (env.DOCKER_CERT_PATH || undefined) ?? defaultCertPath(tls, dirsEnv);
  const read = (file: string) => {
    if (!certPath) return undefined;
    const p = path.join(certPath, file);
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
  };
  return {
    ca: tls?.ca ?? read("ca.pem"),
    cert: tls?.cert ?? read("cert.pem"),
    key: tls?.key ?? read("key.pem"),
    rejectUnauthorized: tls?.verify ?? (tls ? true : envVerify),
  };
}

/**
 * Like the docker CLI (whose --tlscacert/--tlscert/--tlskey default to its configuration folder): with
 * TLS on and neither a cert folder nor PEM given, the configuration folder (DOCKER_CONFIG, else
 * ~/.docker) holds ca.pem, cert.pem and key.pem. This holds for an explicit host too (`-H tcp://… --tlsverify`).
 */
export function defaultCertPath(tls: TlsSettings | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (tls?.ca || tls?.cert || tls?.key) return undefined;
  const dir = dockerConfigDir(env);
  return dir && fs.existsSync(dir) ? dir : undefined;
}

function fingerprint(pem: string | undefined): string {
  if (!pem) return "-";
  // A cheap, non-reversible id: length plus a rolling hash. Enough to tell two materials apart in a cache key.
  let h = 0;
  for (let i = 0; i < pem.length; i++) h = (Math.imul(h, 31) + pem.charCodeAt(i)) | 0;
  return `${pem.length}.${(h >>> 0).toString(36)}`;
}

function invalid(host: string, why: string): EngineError {
  return new EngineError({ code: "INVALID_ARGUMENT", engineMessage: `connection.host "${host}": ${why}` });
}
