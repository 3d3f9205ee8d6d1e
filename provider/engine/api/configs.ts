/** Config endpoints (manager only): list and inspect, to resolve the names and IDs services refer to. */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";

/** A config's identity (its data is returned too, but not needed here). */
export const ConfigSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }).nullish(),
  Spec: z.looseObject({ Name: z.string(), Labels: z.record(z.string(), z.string()).nullish() }),
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
    const body = { Name: name, Labels: labels, Data: Buffer.from(data).toString("base64") };
    return (await this.http.json("POST", "/configs/create", CreatedSchema, { body })).ID;
  }

  async remove(id: string): Promise<void> {
    await this.http.call("DELETE", `/configs/${encodeURIComponent(id)}`);
  }
}
