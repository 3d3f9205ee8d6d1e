/** Service endpoints (manager only): list, inspect, create, update (version, rollback, auth), remove, logs. */
import type { HttpEngineClient } from "../client";
import {
  ServiceCreateResponseSchema,
  ServiceListSchema,
  ServiceSchema,
  ServiceUpdateResponseSchema,
  type Service,
  type ServiceSpec,
} from "../schemas";
import { nonEmpty } from "./nodes";

export type ServiceFilters = Partial<Record<"id" | "label" | "mode" | "name", string[]>>;

export interface RegistryAuth {
  username?: string;
  password?: string;
  serveraddress?: string;
  identitytoken?: string;
}

export interface ServiceUpdateOptions {
  /** Roll back to PreviousSpec (the body must still be the current spec). */
  rollback?: boolean;
  registryAuth?: RegistryAuth;
  registryAuthFrom?: "spec" | "previous-spec";
}

export interface LogOptions {
  stdout?: boolean;
  stderr?: boolean;
  timestamps?: boolean;
  /** UNIX seconds. */
  since?: number;
  tail?: number | "all";
}

export class ServicesApi {
  constructor(private readonly http: HttpEngineClient) {}

  /** With `status` (API >= 1.41) each service carries ServiceStatus {RunningTasks, DesiredTasks, CompletedTasks}. */
  list(filters?: ServiceFilters, status = false): Promise<Service[]> {
    return this.http.json("GET", "/services", ServiceListSchema, {
      query: { filters: nonEmpty(filters), status: status || undefined },
    });
  }

  /** By ID, exact name or ID prefix. */
  inspect(idOrName: string, insertDefaults = false): Promise<Service> {
    return this.http.json("GET", `/services/${encodeURIComponent(idOrName)}`, ServiceSchema, {
      query: { insertDefaults: insertDefaults || undefined },
    });
  }

  async create(spec: ServiceSpec, registryAuth?: RegistryAuth): Promise<{ id: string; warnings: string[] }> {
    const res = await this.http.json("POST", "/services/create", ServiceCreateResponseSchema, {
      body: spec,
      headers: authHeader(registryAuth),
    });
    return { id: res.ID, warnings: res.Warnings ?? [] };
  }

  async update(id: string, version: number, spec: ServiceSpec, opts: ServiceUpdateOptions = {}): Promise<string[]> {
    const res = await this.http.json("POST", `/services/${encodeURIComponent(id)}/update`, ServiceUpdateResponseSchema, {
      query: {
        version,
        rollback: opts.rollback ? "previous" : undefined,
        registryAuthFrom: opts.registryAuth ? undefined : opts.registryAuthFrom,
      },
      body: spec,
      headers: authHeader(opts.registryAuth),
    });
    return res?.Warnings ?? [];
  }

  async remove(id: string): Promise<void> {
    await this.http.call("DELETE", `/services/${encodeURIComponent(id)}`);
  }

  /** The raw log stream (multiplexed frames unless the service has a TTY). */
  async logs(id: string, opts: LogOptions = {}): Promise<{ body: Buffer; contentType?: string }> {
    const res = await this.http.call("GET", `/services/${encodeURIComponent(id)}/logs`, {
      query: {
        stdout: opts.stdout ?? true,
        stderr: opts.stderr ?? true,
        timestamps: opts.timestamps || undefined,
        since: opts.since,
        tail: opts.tail,
        follow: false,
      },
    });
    const ct = res.headers["content-type"];
    return { body: res.body, contentType: Array.isArray(ct) ? ct[0] : ct };
  }
}

/**
 * X-Registry-Auth: base64url of the JSON credentials, WITH padding, as the docker CLI sends it (Go's
 * base64.URLEncoding). The swarm agents decode the stored credentials with that padded alphabet: an
 * unpadded value is dropped by them as invalid, and the image is then pulled without credentials.
 * Sent as a header only, never logged or stored.
 */
export function authHeader(auth: RegistryAuth | undefined): Record<string, string> | undefined {
  if (!auth) return undefined;
  const encoded = Buffer.from(JSON.stringify(auth), "utf8").toString("base64url");
  return { "x-registry-auth": encoded + "=".repeat((4 - (encoded.length % 4)) % 4) };
}
