/** Secret endpoints (manager only): list and inspect, to resolve the names and IDs services refer to. */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";

/** A secret's identity only: the data is never returned by the Engine. */
export const SecretSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }).nullish(),
  Spec: z.looseObject({ Name: z.string(), Labels: z.record(z.string(), z.string()).nullish() }),
});
export type Secret = z.infer<typeof SecretSchema>;
const SecretListSchema = z.array(SecretSchema);
const CreatedSchema = z.looseObject({ ID: z.string() });

export type SecretFilters = Partial<Record<"id" | "label" | "name" | "names", string[]>>;

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
    const body = { Name: name, Labels: labels, Data: Buffer.from(data).toString("base64") };
    return (await this.http.json("POST", "/secrets/create", CreatedSchema, { body })).ID;
  }

  async remove(id: string): Promise<void> {
    await this.http.call("DELETE", `/secrets/${encodeURIComponent(id)}`);
  }
}
