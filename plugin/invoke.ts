/**
 * Invoke: the look-ups as Pulumi functions (`docker-swarm:index:getServices`, …), on the same code the
 * TypeScript SDK's getX functions call (provider/lookups). Arguments are checked with the functions'
 * zod schemas (provider/lookups/args.ts); a call without `connection` asks the provider's engine.
 */
import { validate, type CheckFailure } from "../provider/common/check";
import type { ConnectionInput } from "../provider/common/schemas";
import * as lookups from "../provider/lookups";
import { LOOKUPS, type LookupName } from "../provider/lookups/args";
import { PACKAGE } from "./resources";
import type { Raw } from "./properties";

type Call = (connection: ConnectionInput | undefined, args: Raw) => Promise<unknown>;

const CALLS: Record<LookupName, Call> = {
  getSwarm: (c) => lookups.getSwarm(c),
  getNodes: async (c, a) => ({ nodes: await lookups.getNodes(c, a.filters as never) }),
  getNode: (c, a) => lookups.getNode(c, a.id as string),
  getServices: async (c, a) => ({ services: await lookups.getServices(c, a.filters as never) }),
  getService: (c, a) => lookups.getService(c, a.service as string),
  getServiceTasks: async (c, a) => ({ tasks: await lookups.getServiceTasks(c, a.service as string, a.desiredState as string | undefined) }),
  getServiceLogs: (c, a) => {
    const { connection: _c, service, ...req } = a;
    return lookups.getServiceLogs(c, service as string, req);
  },
  getSecrets: async (c, a) => ({ secrets: await lookups.getSecrets(c, a.filters as never) }),
  getConfigs: async (c, a) => ({ configs: await lookups.getConfigs(c, a.filters as never) }),
  getNetworks: async (c, a) => ({ networks: await lookups.getNetworks(c, a.filters as never) }),
};

export function functionOf(token: string): LookupName {
  const prefix = `${PACKAGE}:index:`;
  const name = token.startsWith(prefix) ? token.slice(prefix.length) : "";
  if (!(name in LOOKUPS)) throw new Error(`unknown function ${token} (this provider serves ${Object.keys(LOOKUPS).map((f) => prefix + f).join(", ")})`);
  return name as LookupName;
}

export async function invoke(
  token: string,
  args: Raw,
  providerConnection: ConnectionInput | undefined,
): Promise<{ result?: Raw; failures: CheckFailure[]; secretResults: string[] }> {
  const name = functionOf(token);
  const def = LOOKUPS[name];
  const { failures } = validate(def.args, args);
  if (failures.length) return { failures, secretResults: [] };
  const connection = (args.connection as ConnectionInput | undefined) ?? providerConnection;
  const result = (await CALLS[name](connection, args)) as Raw;
  return { result, failures: [], secretResults: "secretResults" in def ? [...def.secretResults] : [] };
}
