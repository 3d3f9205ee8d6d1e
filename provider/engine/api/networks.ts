/** Network endpoints. Networks cannot be updated: a change is a new network. */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";

const str = z.string().nullish();

export const IpamConfigSchema = z.looseObject({
  Subnet: str,
  IPRange: str,
  Gateway: str,
  AuxiliaryAddresses: z.record(z.string(), z.string()).nullish(),
});

/** Networks spell their ID "Id" (unlike swarm objects). */
export const NetworkSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Created: str,
  Scope: str,
  Driver: str,
  EnableIPv6: z.boolean().nullish(),
  Internal: z.boolean().nullish(),
  Attachable: z.boolean().nullish(),
  Ingress: z.boolean().nullish(),
  IPAM: z.looseObject({ Driver: str, Config: z.array(IpamConfigSchema).nullish(), Options: z.record(z.string(), z.string()).nullish() }).nullish(),
  Options: z.record(z.string(), z.string()).nullish(),
  Labels: z.record(z.string(), z.string()).nullish(),
  Containers: z.record(z.string(), z.unknown()).nullish(),
});
export type Network = z.infer<typeof NetworkSchema>;
const NetworkListSchema = z.array(NetworkSchema);
const CreatedSchema = z.looseObject({ Id: z.string() });

export type NetworkFilters = Partial<Record<"id" | "label" | "name" | "driver" | "scope" | "type", string[]>>;

export interface NetworkCreateRequest {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }>; Options?: Record<string, string> };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
  CheckDuplicate?: boolean;
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
