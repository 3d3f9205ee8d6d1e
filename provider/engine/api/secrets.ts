/**
 * Secret endpoints (manager only). A secret's data is write-only: the Engine never returns it. Only
 * its labels can change after creation (`POST /secrets/{id}/update` with the version read).
 */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";

const driver = z.looseObject({ Name: z.string(), Options: z.record(z.string(), z.string()).nullish() });
const labels = z.record(z.string(), z.string()).nullish();

/** A secret as inspected: identity, version and spec, never the data. */
export const SecretSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }).nullish(),
  CreatedAt: z.string().nullish(),
  UpdatedAt: z.string().nullish(),
  Spec: z.looseObject({ Name: z.string(), Labels: labels, Driver: driver.nullish(), Templating: driver.nullish() }),
});
export type Secret = z.infer<typeof SecretSchema>;
const SecretListSchema = z.array(SecretSchema);
const CreatedSchema = z.looseObject({ ID: z.string() });

export type SecretFilters = Partial<Record<"id" | "label" | "name" | "names", string[]>>;

/** What a secret or config is made of: the Engine's SecretSpec / ConfigSpec. */
export interface DataObjectSpec {
  Name: string;
  Labels?: Record<string, string>;
  /** Base64 of the data (absent for a secret kept by an external driver). */
  Data?: string;
  Driver?: { Name: string; Options?: Record<string, string> };
  Templating?: { Name: string; Options?: Record<string, string> };
}

export class SecretsApi {
  constructor(private readonly http: HttpEngineClient) {}

  /** The `name` filter matches prefixes: filter exactly on the client when it matters. */
  list(filters?: SecretFilters): Promise<Secret[]> {
    return this.http.json("GET", "/secrets", SecretListSchema, { query: { filters: nonEmpty(filters) } });
  }

  /** By ID or name. */
  inspect(idOrName: string): Promise<Secret> {
    return this.http.json("GET", `/secrets/${encodeURIComponent(idOrName)}`, SecretSchema);
  }

  /** `data` is sent base64-encoded, as the Engine expects. */
  async create(name: string, data: string | Buffer, labels?: Record<string, string>): Promise<string> {
    return this.createSpec({ Name: name, Labels: labels, Data: Buffer.from(data).toString("base64") });
  }

  async createSpec(spec: DataObjectSpec): Promise<string> {
    return (await this.http.json("POST", "/secrets/create", CreatedSchema, { body: spec })).ID;
  }

  /** Only Labels may differ from the spec read; everything else must be sent back as read. */
  async update(id: string, version: number, spec: DataObjectSpec): Promise<void> {
    await this.http.call("POST", `/secrets/${encodeURIComponent(id)}/update`, { query: { version }, body: spec });
  }

  async remove(id: string): Promise<void> {
    await this.http.call("DELETE", `/secrets/${encodeURIComponent(id)}`);
  }
}
