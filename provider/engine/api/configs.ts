/**
 * Config endpoints (manager only). Unlike a secret, a config's data is returned by inspect (base64).
 * Only its labels can change after creation.
 */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";
import type { DataObjectSpec } from "./secrets";

const driver = z.looseObject({ Name: z.string(), Options: z.record(z.string(), z.string()).nullish() });

export const ConfigSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }).nullish(),
  CreatedAt: z.string().nullish(),
  UpdatedAt: z.string().nullish(),
  Spec: z.looseObject({
    Name: z.string(),
    Labels: z.record(z.string(), z.string()).nullish(),
    Data: z.string().nullish(),
    Templating: driver.nullish(),
  }),
});
export type Config = z.infer<typeof ConfigSchema>;
const ConfigListSchema = z.array(ConfigSchema);
const CreatedSchema = z.looseObject({ ID: z.string() });

export type ConfigFilters = Partial<Record<"id" | "label" | "name" | "names", string[]>>;

export class ConfigsApi {
  constructor(private readonly http: HttpEngineClient) {}

  /** The `name` filter matches prefixes: filter exactly on the client when it matters. */
  list(filters?: ConfigFilters): Promise<Config[]> {
    return this.http.json("GET", "/configs", ConfigListSchema, { query: { filters: nonEmpty(filters) } });
  }

  /** By ID or name. */
  inspect(idOrName: string): Promise<Config> {
    return this.http.json("GET", `/configs/${encodeURIComponent(idOrName)}`, ConfigSchema);
  }

  /** `data` is sent base64-encoded, as the Engine expects. */
  async create(name: string, data: string | Buffer, labels?: Record<string, string>): Promise<string> {
    return this.createSpec({ Name: name, Labels: labels, Data: Buffer.from(data).toString("base64") });
  }

  async createSpec(spec: DataObjectSpec): Promise<string> {
    return (await this.http.json("POST", "/configs/create", CreatedSchema, { body: spec })).ID;
  }

  /** Only Labels may differ from the spec read; everything else must be sent back as read. */
  async update(id: string, version: number, spec: DataObjectSpec): Promise<void> {
    await this.http.call("POST", `/configs/${encodeURIComponent(id)}/update`, { query: { version }, body: spec });
  }

  async remove(id: string): Promise<void> {
    await this.http.call("DELETE", `/configs/${encodeURIComponent(id)}`);
  }
}
