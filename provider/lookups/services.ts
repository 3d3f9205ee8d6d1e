/** getServices / getService / getServiceLogs: services as a manager sees them, in the package's shape. */
import type { ConnectionInput } from "../common/schemas";
import { engineForInput } from "../common/connection";
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import type { ServiceFilters } from "../engine/api/services";
import type { Service } from "../engine/schemas";
import { fromEngineSpec, type EffectiveSpec } from "../service/spec";
import { referencesOfSpec } from "../engine/service-references";
import { decodeLogs, type LogLine } from "../engine/logs";
import { requireManager } from "./swarm";

export interface ServiceLookup {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The spec in the same camelCase shape as SwarmService's inputs. */
  spec: EffectiveSpec;
  runningTasks: number;
  desiredTasks: number;
  completedTasks: number;
  updateStatus: { state: string; message: string; startedAt?: string; completedAt?: string } | Record<string, never>;
}

async function toServiceLookup(engine: DockerEngine, s: Service, status?: Service["ServiceStatus"]): Promise<ServiceLookup> {
  const spec = s.Spec;
  const refs = await referencesOfSpec(engine, spec);
  const us = s.UpdateStatus;
  const out: ServiceLookup = {
    id: s.ID,
    name: s.Spec.Name ?? "",
    version: s.Version.Index,
    createdAt: s.CreatedAt ?? "",
    updatedAt: s.UpdatedAt ?? "",
    spec: fromEngineSpec(spec, refs),
    runningTasks: status?.RunningTasks ?? 0,
    desiredTasks: status?.DesiredTasks ?? 0,
    completedTasks: status?.CompletedTasks ?? 0,
    updateStatus: us?.State ? { state: us.State, message: us.Message ?? "" } : {},
  };
  if (us?.StartedAt && "state" in out.updateStatus) out.updateStatus.startedAt = us.StartedAt;
  if (us?.CompletedAt && "state" in out.updateStatus) out.updateStatus.completedAt = us.CompletedAt;
  return out;
}

export async function getServices(connection?: ConnectionInput, filters?: ServiceFilters): Promise<ServiceLookup[]> {
  await requireManager(connection, "list services");
  const engine = engineForInput(connection);
  // The list endpoint is the only one that reports task counts (status=true).
  const list = await engine.services.list(filters, true);
  const out = await Promise.all(list.map((s) => toServiceLookup(engine, s, s.ServiceStatus)));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** By ID or exact name. */
export async function getService(connection: ConnectionInput | undefined, idOrName: string): Promise<ServiceLookup> {
  await requireManager(connection, `look up service "${idOrName}"`);
  const engine = engineForInput(connection);
  let s: Service;
  try {
    s = await engine.services.inspect(idOrName);
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      throw new EngineError({ code: "NOT_FOUND", engineMessage: `service "${idOrName}" not found`, status: 404, host: e.host });
    }
    throw e;
  }
  const listed = await engine.services.list({ id: [s.ID] }, true);
  return toServiceLookup(engine, s, listed.find((x) => x.ID === s.ID)?.ServiceStatus);
}

export interface LogsRequest {
  tail?: number;
  /** Only lines newer than this: UNIX seconds, or an RFC 3339 time. */
  since?: number | string;
  timestamps?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  /** At most this many bytes of log text are returned (the newest); default 1 MiB. */
  maxBytes?: number;
}

export interface LogsLookup {
  lines: LogLine[];
  /** True when older lines were dropped to stay within maxBytes. */
  truncated: boolean;
}

export async function getServiceLogs(connection: ConnectionInput | undefined, service: string, req: LogsRequest = {}): Promise<LogsLookup> {
  await requireManager(connection, `read the logs of service "${service}"`);
  if (req.stdout === false && req.stderr === false) {
    throw new EngineError({ code: "INVALID_ARGUMENT", engineMessage: "stdout and stderr cannot both be false" });
  }
  const engine = engineForInput(connection);
  const since = typeof req.since === "string" ? Date.parse(req.since) / 1000 : req.since;
  if (since !== undefined && Number.isNaN(since)) {
    throw new EngineError({ code: "INVALID_ARGUMENT", engineMessage: `since: "${req.since}" is neither UNIX seconds nor an RFC 3339 time` });
  }
  let res: { body: Buffer; contentType?: string };
  try {
    res = await engine.services.logs(service, {
      stdout: req.stdout ?? true,
      stderr: req.stderr ?? true,
      timestamps: req.timestamps,
      since,
      tail: req.tail ?? "all",
    });
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      throw new EngineError({ code: "NOT_FOUND", engineMessage: `service "${service}" not found`, status: 404, host: e.host });
    }
    throw e;
  }
  const all = decodeLogs(res.body, res.contentType);
  const max = req.maxBytes ?? 1024 * 1024;
  let bytes = 0;
  let start = all.length;
  while (start > 0 && bytes + Buffer.byteLength(all[start - 1].text) + 1 <= max) bytes += Buffer.byteLength(all[--start].text) + 1;
  return { lines: all.slice(start), truncated: start > 0 };
}
