/**
 * The look-ups' arguments and results as zod schemas, one entry per function: the provider plugin
 * validates an Invoke's arguments with them and publishes them as the functions of its Pulumi schema
 * (`docker-swarm:index:getServices`, …). The SDK's look-ups (sdk/lookups.ts) take the same arguments.
 * Results are described down to the fields a program picks; deeper parts (a service's spec) are any.
 */
import { z } from "zod";
import { connectionInput } from "../common/schemas";

const s = z.string();
const n = z.number();
const b = z.boolean();
const strings = z.array(s);
const map = z.record(s, s);
const any = z.unknown();

const connection = connectionInput.optional().meta({
  description: "The engine to ask (a manager answers everything). Default: the provider's configuration, else DOCKER_HOST.",
});

const node = z.object({
  id: s,
  version: n,
  createdAt: s,
  updatedAt: s,
  name: s.meta({ description: "The node's name in the swarm." }),
  hostname: s,
  role: s.meta({ description: '"manager" or "worker".' }),
  availability: s.meta({ description: '"active", "pause" or "drain".' }),
  labels: map.meta({ description: "Node labels." }),
  state: s.meta({ description: '"ready", "down", "unknown" or "disconnected".' }),
  message: s,
  address: s,
  leader: b,
  reachability: s,
  managerAddress: s,
  engineVersion: s,
  engineLabels: map,
  platform: z.object({ architecture: s, os: s }),
  resources: z.object({ nanoCpus: n, memoryBytes: n }),
});

const updateStatus = z.object({ state: s.optional(), message: s.optional(), startedAt: s.optional(), completedAt: s.optional() });

const service = z.object({
  id: s,
  name: s,
  version: n,
  createdAt: s,
  updatedAt: s,
  spec: z.record(s, any).meta({ description: "The spec in the same shape as SwarmService's inputs." }),
  runningTasks: n,
  desiredTasks: n,
  completedTasks: n,
  updateStatus,
});

const task = z.object({
  id: s,
  serviceId: s,
  slot: n.meta({ description: "Replica slot (replicated services and jobs); 0 for global services." }),
  nodeId: s,
  state: s,
  desiredState: s,
  message: s,
  error: s,
  exitCode: n.optional(),
  containerId: s,
  createdAt: s,
  updatedAt: s,
  timestamp: s.meta({ description: "When the task entered its current state." }),
  jobIteration: n.optional(),
});

const object = z.object({ id: s, name: s, labels: map, createdAt: s, updatedAt: s, version: n, driver: s.optional(), templating: s.optional() });

const network = z.object({
  id: s,
  name: s,
  driver: s,
  scope: s,
  attachable: b,
  internal: b,
  ingress: b,
  encrypted: b,
  subnets: z.array(z.object({ subnet: s.optional(), gateway: s.optional(), ipRange: s.optional() })),
  labels: map,
  options: map,
  createdAt: s,
});

const objectFilters = z
  .strictObject({
    names: strings.optional().meta({ description: "Exact names." }),
    labels: strings.optional().meta({ description: '"key" or "key=value" label filters, all of which must match.' }),
  })
  .optional()
  .meta({ description: "Which objects to list (default: all)." });

export interface LookupFunction {
  description: string;
  args: z.ZodObject;
  result: z.ZodObject;
  /** Result properties that are secret (wrapped as such in the answer). */
  secretResults?: string[];
}

export const LOOKUPS = {
  getSwarm: {
    description: "The swarm as seen from one engine: its spec, join tokens (from a manager, secret) and the engine's own state.",
    args: z.strictObject({ connection }),
    result: z.object({
      id: s.meta({ description: 'The swarm\'s ID ("" when the engine is in no swarm).' }),
      version: n,
      createdAt: s,
      updatedAt: s,
      spec: z.record(s, any).optional().meta({ description: "The swarm's spec (only when asked of an active manager)." }),
      autolock: b,
      joinTokens: z.object({ worker: s, manager: s }).optional().meta({ description: "Join tokens (only when asked of an active manager). Secret.", secret: true }),
      localNodeState: s.meta({ description: '"inactive", "pending", "active", "locked" or "error".' }),
      nodeId: s,
      nodeAddr: s,
      controlAvailable: b,
      managers: n,
      nodes: n,
      remoteManagers: z.array(z.object({ nodeId: s, addr: s })),
      error: s,
    }),
    secretResults: ["joinTokens"],
  },
  getNodes: {
    description: "The swarm's nodes, as a manager lists them.",
    args: z.strictObject({
      connection,
      filters: z
        .strictObject({
          id: strings.optional(),
          label: strings.optional().meta({ description: 'Engine labels ("key" or "key=value").' }),
          "node.label": strings.optional().meta({ description: 'Node labels ("key", "key=value", "key!=value").' }),
          membership: z.array(z.enum(["accepted", "pending"])).optional(),
          name: strings.optional().meta({ description: "Hostname prefixes." }),
          role: z.array(z.enum(["manager", "worker"])).optional(),
        })
        .optional()
        .meta({ description: "The Engine's node filters." }),
    }),
    result: z.object({ nodes: z.array(node) }),
  },
  getNode: {
    description: "One node, by ID, ID prefix or hostname.",
    args: z.strictObject({ connection, id: s.meta({ description: "The node's ID, an ID prefix or its hostname." }) }),
    result: node,
  },
  getServices: {
    description: "The swarm's services, with their spec in SwarmService's shape and their task counts.",
    args: z.strictObject({
      connection,
      filters: z
        .strictObject({
          id: strings.optional(),
          label: strings.optional(),
          mode: z.array(z.enum(["replicated", "global", "replicated-job", "global-job"])).optional(),
          name: strings.optional().meta({ description: "Name prefixes." }),
        })
        .optional()
        .meta({ description: "The Engine's service filters." }),
    }),
    result: z.object({ services: z.array(service) }),
  },
  getService: {
    description: "One service, by ID or exact name.",
    args: z.strictObject({ connection, service: s.meta({ description: "The service's ID or exact name." }) }),
    result: service,
  },
  getServiceTasks: {
    description: "A service's tasks: slot, node, state, error, exit code, container.",
    args: z.strictObject({
      connection,
      service: s.meta({ description: "The service's ID or name." }),
      desiredState: s.optional().meta({ description: 'Only tasks with this desired state ("running", "shutdown", "accepted").' }),
    }),
    result: z.object({ tasks: z.array(task) }),
  },
  getServiceLogs: {
    description: "The newest lines of a service's logs, demultiplexed into stdout and stderr.",
    args: z.strictObject({
      connection,
      service: s.meta({ description: "The service's ID or name." }),
      tail: n.int().min(0).optional().meta({ description: "Only the last lines of each task." }),
      since: z.union([n, s]).optional().meta({ description: "Only lines newer than this: UNIX seconds, or an RFC 3339 time." }),
      timestamps: b.optional(),
      stdout: b.optional(),
      stderr: b.optional(),
      maxBytes: n.int().min(1).optional().meta({ description: "At most this many bytes of log text (the newest); default 1 MiB." }),
    }),
    result: z.object({
      lines: z.array(z.object({ stream: s, text: s })),
      truncated: b.meta({ description: "True when older lines were dropped to stay within maxBytes." }),
    }),
  },
  getSecrets: {
    description: "The swarm's secrets (metadata: the Engine never returns a secret's data).",
    args: z.strictObject({ connection, filters: objectFilters }),
    result: z.object({ secrets: z.array(object) }),
  },
  getConfigs: {
    description: "The swarm's configs (metadata, without their content).",
    args: z.strictObject({ connection, filters: objectFilters }),
    result: z.object({ configs: z.array(object.omit({ driver: true })) }),
  },
  getNetworks: {
    description: "The swarm-scoped networks.",
    args: z.strictObject({ connection, filters: objectFilters }),
    result: z.object({ networks: z.array(network) }),
  },
} satisfies Record<string, LookupFunction>;

export type LookupName = keyof typeof LOOKUPS;
