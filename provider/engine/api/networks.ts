/** Network endpoints: inspect and list to resolve names ↔ IDs of the networks services attach to. */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";

/** Networks spell their ID "Id" (unlike swarm objects). */
export const NetworkSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Scope: z.string().nullish(),
  Driver: z.string().nullish(),
  Attachable: z.boolean().nullish(),
  Ingress: z.boolean().nullish(),
});
export type Network = z.infer<typeof NetworkSchema>;
const NetworkListSchema = z.array(NetworkSchema);
const CreatedSchema = z.looseObject({ Id: z.string() });

export type NetworkFilters = Partial<Record<"id" | "label" | "name" | "driver" | "scope" | "type", string[]>>;

export interface NetworkCreateRequest {
  Name: string;
  Driver?: string;
  Attachable?: boolean;
  Labels?: Record<string, string>;
  Options?: Record<string, string>;
}

export class NetworksApi {
  constructor(private readonly http: HttpEngineClient) {}

  list(filters?: NetworkFilters): Promise<Network[]> {
    return this.http.json("GET", "/networks", NetworkListSchema, { query: { filters: nonEmpty(filters) } });
  }

  /** By ID, name or ID prefix. */
  inspect(idOrName: string): Promise<Network> {
    return this.http.json("GET", `/networks/${encodeURIComponent(idOrName)}`, NetworkSchema);
  }

  async create(req: NetworkCreateRequest): Promise<string> {
    return (await this.http.json("POST", "/networks/create", CreatedSchema, { body: req })).Id;
  }

  async remove(id: string): Promise<void> {
    await this.http.call("DELETE", `/networks/${encodeURIComponent(id)}`);
  }
}
