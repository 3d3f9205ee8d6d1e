/**
 * getSecrets / getConfigs / getNetworks: the swarm's secrets, configs and networks as a manager lists
 * them. Metadata only: the Engine never returns a secret's data, and a config's data is left out too
 * (read it from the resource that made it).
 */
import type { ConnectionInput } from "../common/schemas";
import { engineForInput } from "../common/connection";
import type { Network } from "../engine/api/networks";
import { requireManager } from "./swarm";

export interface ObjectFilters {
  /** Exact names (the Engine's own filter matches prefixes; this one does not). */
  names?: string[];
  /** "key" or "key=value" label filters, all of which must match. */
  labels?: string[];
}

export interface SecretLookup {
  id: string;
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The external store holding the data, if any. */
  driver?: string;
  templating?: string;
}

export type ConfigLookup = Omit<SecretLookup, "driver">;

export interface NetworkLookup {
  id: string;
  name: string;
  driver: string;
  scope: string;
  attachable: boolean;
  internal: boolean;
  ingress: boolean;
  encrypted: boolean;
  subnets: Array<{ subnet?: string; gateway?: string; ipRange?: string }>;
  labels: Record<string, string>;
  options: Record<string, string>;
  createdAt: string;
}

const byName = <T extends { name: string }>(xs: T[], names?: string[]) => (names?.length ? xs.filter((x) => names.includes(x.name)) : xs);

export async function getSecrets(connection?: ConnectionInput, filters: ObjectFilters = {}): Promise<SecretLookup[]> {
  await requireManager(connection, "list secrets");
  const list = await engineForInput(connection).secrets.list({ label: filters.labels, name: filters.names });
  return byName(
    list.map((s) => ({
      id: s.ID,
      name: s.Spec.Name,
      labels: s.Spec.Labels ?? {},
      createdAt: s.CreatedAt ?? "",
      updatedAt: s.UpdatedAt ?? "",
      version: s.Version?.Index ?? 0,
      ...(s.Spec.Driver?.Name ? { driver: s.Spec.Driver.Name } : {}),
      ...(s.Spec.Templating?.Name ? { templating: s.Spec.Templating.Name } : {}),
    })),
    filters.names,
  );
}

export async function getConfigs(connection?: ConnectionInput, filters: ObjectFilters = {}): Promise<ConfigLookup[]> {
  await requireManager(connection, "list configs");
  const list = await engineForInput(connection).configs.list({ label: filters.labels, name: filters.names });
  return byName(
    list.map((c) => ({
      id: c.ID,
      name: c.Spec.Name,
      labels: c.Spec.Labels ?? {},
      createdAt: c.CreatedAt ?? "",
      updatedAt: c.UpdatedAt ?? "",
      version: c.Version?.Index ?? 0,
      ...(c.Spec.Templating?.Name ? { templating: c.Spec.Templating.Name } : {}),
    })),
    filters.names,
  );
}

/** Swarm-scoped networks (overlay and the ingress), as a manager lists them. */
export async function getNetworks(connection?: ConnectionInput, filters: ObjectFilters = {}): Promise<NetworkLookup[]> {
  await requireManager(connection, "list networks");
  const list = await engineForInput(connection).networks.list({ scope: ["swarm"], label: filters.labels, name: filters.names });
  return byName(list.map(toNetworkLookup), filters.names);
}

export function toNetworkLookup(n: Network): NetworkLookup {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? "",
    scope: n.Scope ?? "",
    attachable: !!n.Attachable,
    internal: !!n.Internal,
    ingress: !!n.Ingress,
    encrypted: !!n.Options && "encrypted" in n.Options,
    subnets: (n.IPAM?.Config ?? []).map((c) => ({ ...(c.Subnet ? { subnet: c.Subnet } : {}), ...(c.Gateway ? { gateway: c.Gateway } : {}), ...(c.IPRange ? { ipRange: c.IPRange } : {}) })),
    labels: n.Labels ?? {},
    options: n.Options ?? {},
    createdAt: n.Created ?? "",
  };
}
