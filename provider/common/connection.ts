/**
 * Which engine a resource acts on, and proof that it is the right one.
 *
 * At create, the declared `connection` is completed from the environment as the docker CLI would
 * (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_API_VERSION, else DOCKER_CONTEXT or the
 * CLI's current context), a declared `context` is read from the CLI's contexts store, and the resource
 * records what it reached: the resolved host and TLS settings (a context's TLS folder, never key
 * material), the engine's ID (`/info` ID, kept in its data root across restarts) and, where it has
 * one, the swarm's cluster ID and its node ID.
 *
 * Every later call (read, update, delete) reaches the engine from the declared connection completed
 * by that record, never from the environment of whoever runs `refresh` or `destroy`, and first proves
 * that the engine it reached is the same engine (or, for objects of the swarm, a manager of the same
 * swarm). On a mismatch nothing is done and the error names both engines.
 */
import * as fs from "node:fs";
import { z } from "zod";
import { defaultCertPath, endpointFromEnvironment, engineFor, type ConnectionSettings, type DockerEngine, type Info } from "../engine";
import { DEFAULT_CONTEXT } from "../engine/docker-config";
import { EngineError } from "../engine/errors";
import { parseDuration } from "./duration";
import { ProviderError } from "./errors";
import type { ConnectionInput } from "./schemas";

/** What a resource records at create about the engine it acts on. Never holds key material. */
export interface EngineRecord {
  /** The resolved DOCKER_HOST-style URL. */
  host: string;
  /** The engine's ID (`docker info` ID). */
  id: string;
  /** The engine's name (its hostname), for messages. */
  name?: string;
  /** The swarm's cluster ID, when the engine was a manager of one. */
  swarmId?: string;
  /** The engine's node ID in that swarm. */
  nodeId?: string;
  /** TLS settings taken from the environment or a context at create (a cert folder and verify; never key material). */
  tls?: { certPath?: string; verify?: boolean };
  /** The docker context the host and TLS folder were read from at create, if any. */
  context?: string;
  /** An API version pinned through DOCKER_API_VERSION at create. */
  apiVersion?: string;
}

const optionalString = z.string().optional().catch(undefined);

/** A record read back from state; anything unreadable counts as no record. */
export const engineRecordSchema = z.looseObject({
  host: z.string().min(1),
  id: z.string(),
  name: optionalString,
  swarmId: optionalString,
  nodeId: optionalString,
  tls: z.looseObject({ certPath: optionalString, verify: z.boolean().optional().catch(undefined) }).optional().catch(undefined),
  apiVersion: optionalString,
  context: optionalString,
});

export function recordFromState(value: unknown): EngineRecord | undefined {
  const r = engineRecordSchema.safeParse(value);
  return r.success ? (r.data as EngineRecord) : undefined;
}

/**
 * A connection echoed in state, read leniently: state written by another version of the package may
 * hold fields this one does not know, which must not make the connection unreadable (and an
 * unreadable connection must never turn into "use the environment").
 */
const lenientConnection = z
  .looseObject({
    host: optionalString,
    context: optionalString,
    sshOptions: z.array(z.string()).optional().catch(undefined),
    tls: z
      .looseObject({ ca: optionalString, cert: optionalString, key: optionalString, certPath: optionalString, verify: z.boolean().optional().catch(undefined) })
      .optional()
      .catch(undefined),
    apiVersion: optionalString,
    requestTimeout: optionalString,
  })
  .optional()
  .catch(undefined);

export function connectionFromState(value: unknown): ConnectionInput | undefined {
  return lenientConnection.parse(value) as ConnectionInput | undefined;
}

function requestTimeoutMs(c: ConnectionInput | undefined): number | undefined {
  const ns = c?.requestTimeout !== undefined ? parseDuration(c.requestTimeout) : undefined;
  return typeof ns === "number" ? Math.max(1, Math.round(ns / 1e6)) : undefined;
}

/** The Engine client's settings for a declared connection, with nothing taken from the environment. */
export function toConnectionSettings(c: ConnectionInput | undefined): ConnectionSettings | undefined {
  if (!c) return undefined;
  return omitUndefined({
    host: c.host,
    context: c.context,
    tls: c.tls,
    sshOptions: c.sshOptions,
    apiVersion: c.apiVersion,
    requestTimeoutMs: requestTimeoutMs(c),
  });
}

/**
 * At create (and for look-ups): the declared connection, completed from the environment the way the
 * docker CLI reads it. The result names everything explicitly, so it can be recorded and reused later
 * without the environment: an explicit host as declared; else a declared context (the CLI's
 * --context: it sits above DOCKER_HOST, as an explicit host does); else DOCKER_HOST with its TLS
 * settings; else DOCKER_CONTEXT, else the CLI's current context (config.json); else the default socket.
 */
export function settingsForCreate(declared: ConnectionInput | undefined, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  if (declared?.host) return toConnectionSettings(declared) as ConnectionSettings;
  const common = { sshOptions: declared?.sshOptions, requestTimeoutMs: requestTimeoutMs(declared) };
  const apiVersion = declared?.apiVersion ?? (env.DOCKER_API_VERSION || undefined);
  const ep = endpointFromEnvironment(declared?.context, env);
  if (ep.context) return omitUndefined({ host: ep.host, context: ep.context, tls: ep.tls, apiVersion, ...common });
  const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== "";
  const tlsOn = verify || env.DOCKER_TLS === "1";
  // The cert folder is named explicitly (DOCKER_CERT_PATH, else the CLI's config folder), so that it is recorded.
  const certPath = tlsOn ? env.DOCKER_CERT_PATH || defaultCertPath(undefined, env) : undefined;
  if (tlsOn && env.DOCKER_CERT_PATH && !isFolder(env.DOCKER_CERT_PATH)) {
    throw new ProviderError("INVALID_INPUT", `DOCKER_CERT_PATH "${env.DOCKER_CERT_PATH}" is not a folder (it should hold ca.pem, cert.pem and key.pem), as the docker CLI would say too`);
  }
  const fromEnvTls = tlsOn ? { certPath, verify } : undefined;
  return {
    host: ep.host,
    tls: declared?.tls ?? fromEnvTls,
    apiVersion,
    ...common,
  };
}

/**
 * For an existing resource: the declared connection (new inputs, or the one echoed in state) completed
 * by the record made at create. Never the environment: without a host from either, this fails. A
 * declared context that is not the one recorded names another engine: it is read from the contexts
 * store, as at create (the same context is not read again: the record says where it led).
 */
export function settingsForExisting(
  declared: ConnectionInput | undefined,
  record: EngineRecord | undefined,
  what: string,
  legacyHost?: string,
): ConnectionSettings {
  const context = declared?.context && declared.context !== DEFAULT_CONTEXT ? declared.context : undefined;
  if (!declared?.host && context && context !== record?.context) {
    const ep = endpointFromEnvironment(context);
    return omitUndefined({ host: ep.host, context, tls: ep.tls, sshOptions: declared?.sshOptions, apiVersion: declared?.apiVersion, requestTimeoutMs: requestTimeoutMs(declared) });
  }
  const host = declared?.host ?? record?.host ?? legacyHost;
  if (!host) {
    throw new ProviderError(
      "NO_ENGINE_RECORDED",
      `${what}: state records no engine to reach (no connection.host and no engine recorded at create), and the ` +
        "environment (DOCKER_HOST) is never used for an existing resource. Set `connection.host` on the resource to the " +
        "engine it was made on, then run the command again",
    );
  }
  // TLS settings recorded from the environment belong to the recorded host only.
  const sameHost = !declared?.host || declared.host === record?.host;
  return {
    host,
    tls: declared?.tls ?? (sameHost ? record?.tls : undefined),
    sshOptions: declared?.sshOptions,
    apiVersion: declared?.apiVersion ?? (sameHost ? record?.apiVersion : undefined),
    requestTimeoutMs: requestTimeoutMs(declared),
  };
}

/**
 * An existing resource's engine: the declared connection (new inputs, or the one echoed in state)
 * completed by the record in `state.engine` (or, for state from before records, its `resolvedHost`).
 * Never the environment.
 */
export function reachExisting(declared: ConnectionInput | undefined, state: Record<string, unknown>, what: string): { engine: DockerEngine; record?: EngineRecord; settings: ConnectionSettings } {
  const record = recordFromState(state.engine);
  const legacy = typeof state.resolvedHost === "string" ? state.resolvedHost : undefined;
  const settings = settingsForExisting(declared, record, what, legacy);
  return { engine: engineFor(settings), record, settings };
}

/** The (cached) client for explicit settings. */
export function engineAt(settings: ConnectionSettings): DockerEngine {
  return engineFor(settings);
}

/** For look-ups: the declared connection completed from the environment, as the docker CLI does. */
export function engineForInput(c: ConnectionInput | undefined): DockerEngine {
  return engineFor(settingsForCreate(c));
}

/** What to record about an engine just reached at create. */
export function recordOf(engine: DockerEngine, info: Info, settings: ConnectionSettings): EngineRecord {
  const declaredTls = settings.tls && (settings.tls.certPath !== undefined || settings.tls.verify !== undefined);
  return omitEmpty({
    host: engine.host,
    id: info.ID ?? "",
    name: info.Name ?? undefined,
    swarmId: info.Swarm.Cluster?.ID || undefined,
    nodeId: info.Swarm.NodeID || undefined,
    tls: declaredTls && !settings.tls?.ca && !settings.tls?.cert ? { certPath: settings.tls?.certPath, verify: settings.tls?.verify } : undefined,
    apiVersion: settings.apiVersion,
    context: settings.host && settings.context ? settings.context : undefined,
  });
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function omitEmpty<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(typeof v === "object" && v && Object.values(v).every((x) => x === undefined))),
  ) as T;
}

export function describeEngine(info: Pick<Info, "ID" | "Name">, host: string): string {
  return `engine ${info.Name ? `"${info.Name}" ` : ""}(ID ${shortId(info.ID ?? "?")}) at ${host}`;
}

function describeRecord(r: EngineRecord): string {
  return `engine ${r.name ? `"${r.name}" ` : ""}(ID ${shortId(r.id)}) at ${r.host}`;
}

function shortId(id: string): string {
  return id.length > 24 ? `${id.slice(0, 24)}…` : id;
}

/**
 * Proves that `engine` is the engine recorded at create; returns its /info. A record without an ID
 * (state from before identities were recorded) proves nothing and passes.
 */
export async function verifySameEngine(engine: DockerEngine, record: EngineRecord | undefined, what: string): Promise<Info> {
  const info = await engine.system.info();
  if (record?.id && info.ID && info.ID !== record.id) {
    throw new ProviderError(
      "WRONG_ENGINE",
      `${what}: refusing to act on ${describeEngine(info, engine.host)}: it was made on ${describeRecord(record)}. ` +
        "Nothing was changed. Point `connection` at the engine it was made on (the record in state is kept)",
    );
  }
  return info;
}

/**
 * Proves that `engine` is a manager of the swarm the resource belongs to; returns its /info. Any
 * manager of that swarm will do (managers share the swarm's state). Without a recorded swarm ID
 * (older state) it only requires a manager.
 */
export async function verifySwarmManager(engine: DockerEngine, swarmId: string | undefined, what: string, known?: Info): Promise<Info> {
  const info = known ?? (await engine.system.info());
  const state = info.Swarm.LocalNodeState;
  const where = describeEngine(info, engine.host);
  if (state === "locked") {
    throw new EngineError({
      code: "LOCKED",
      engineMessage: `${what}: ${where} is a locked swarm manager; unlock it first (the Swarm resource's \`pulumi up\` does, with the key held in state, or \`docker swarm unlock\`)`,
      host: engine.host,
    });
  }
  if (!state || state === "inactive") {
    throw new ProviderError(
      "WRONG_ENGINE",
      `${what}: ${where} is in no swarm${swarmId ? `, but this belongs to swarm ${swarmId}` : ""}. Nothing was changed. ` +
        "Point `connection` at a manager of that swarm",
    );
  }
  const cluster = info.Swarm.Cluster?.ID;
  if (!info.Swarm.ControlAvailable || !cluster) {
    throw new EngineError({
      code: "NOT_A_MANAGER",
      engineMessage: `${what}: ${where} is not a manager of its swarm (state ${state}); point \`connection\` at a manager`,
      host: engine.host,
    });
  }
  if (swarmId && cluster !== swarmId) {
    throw new ProviderError(
      "WRONG_ENGINE",
      `${what}: refusing to act through ${where}: it manages swarm ${cluster}, but this belongs to swarm ${swarmId}. ` +
        "Nothing was changed. Point `connection` at a manager of the swarm it was made in (the record in state is kept)",
    );
  }
  return info;
}
