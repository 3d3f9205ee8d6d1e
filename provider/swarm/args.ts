/**
 * The Swarm resource's inputs, as one zod schema: the single source of truth for validation.
 * Property names are the user's (camelCase, as in the SDK's SwarmArgs); spec.ts maps them to the Engine.
 */
import { z } from "zod";
import { connectionInput, durationInput, interfaceAddress, labelsInput, listenAddress, nonNegativeInt } from "../common/schemas";

const availability = z.enum(["active", "pause", "drain"]);

const trigger = z.union([z.string(), z.number()]);

export const swarmSpecInput = z.strictObject({
  labels: labelsInput.optional().meta({ description: "Labels of the swarm. When set, this is the exact set." }),
  taskHistoryRetentionLimit: z.number().int("must be a whole number").optional().meta({ description: "How many old tasks to keep per slot or node (engine default 5; negative keeps all)." }),
  raft: z
    .strictObject({
      snapshotInterval: nonNegativeInt.optional().meta({ description: "Log entries between snapshots (engine default 10000)." }),
      keepOldSnapshots: nonNegativeInt.optional().meta({ description: "Snapshots to keep beyond the current one (default 0)." }),
      logEntriesForSlowFollowers: nonNegativeInt.optional().meta({ description: "Log entries kept for slow followers after a snapshot (default 500)." }),
      electionTick: z.number().int().min(1, "must be at least 1").optional().meta({ description: "Ticks without a leader before an election (default 10). The engine stores it; its running raft uses its own daemon setting." }),
      heartbeatTick: z.number().int().min(1, "must be at least 1").optional().meta({ description: "Ticks between leader heartbeats (default 1). Same caveat as electionTick." }),
    })
    .optional().meta({ description: "Raft consensus settings." }),
  dispatcherHeartbeatPeriod: durationInput.optional().meta({ description: "How often nodes report to the dispatcher, e.g. \"5s\" (engine default)." }),
  caConfig: z
    .strictObject({
      nodeCertExpiry: durationInput.optional().meta({ description: "Validity of node certificates, e.g. \"2160h\" (engine default, 90 days; minimum \"1h\")." }),
      externalCAs: z
        .array(
          z.strictObject({
            protocol: z.literal("cfssl").default("cfssl").meta({ description: "Only \"cfssl\" exists." }),
            url: z.url("must be a URL").meta({ description: "The external CA's signing endpoint (cfssl's API URL)." }),
            options: z.record(z.string(), z.string()).optional().meta({ description: "Options for the external CA's protocol driver." }),
            caCert: z.string().optional().meta({ description: "PEM of the external CA's root certificate." }),
          }),
        )
        .optional().meta({ description: "External CAs that issue node certificates." }),
      signingCACert: z.string().optional().meta({ description: "PEM of a new root CA certificate to rotate to." }),
      signingCAKey: z.string().optional().meta({ description: "PEM of its key. Always stored as a secret; never in outputs.", secret: true }),
      forceRotate: nonNegativeInt.optional().meta({ description: "Increase to force a root CA rotation." }),
    })
    .optional().meta({ description: "Certificate authority settings." }),
  taskDefaults: z
    .strictObject({
      logDriver: z
        .strictObject({
          name: z.string().min(1).meta({ description: "The log driver, e.g. \"json-file\"." }),
          options: z.record(z.string(), z.string()).optional().meta({ description: "The log driver's options." }),
        })
        .optional().meta({ description: "Default log driver of tasks. Note: the Docker Engine accepts but drops this setting (moby/moby#53396); it is sent, and compared only with what this program applied before." }),
    })
    .optional().meta({ description: "Defaults for tasks." }),
});
export type SwarmSpecInput = z.infer<typeof swarmSpecInput>;

export const swarmInputsBase = z.strictObject({
    connection: connectionInput.optional().meta({ description: "The engine that initialises the swarm and becomes its first manager." }),
    listenAddr: listenAddress.default("0.0.0.0:2377").meta({ description: "Address the manager listens on for cluster traffic, e.g. \"0.0.0.0:2377\" (default). Init only." }),
    advertiseAddr: listenAddress.optional().meta({ description: "Address other nodes use to reach this manager (IP or interface, optional port). Init only." }),
    dataPathAddr: interfaceAddress.optional().meta({ description: "Address or interface for data-path (overlay) traffic. Init only." }),
    dataPathPort: z.number().int().min(1024, "must be between 1024 and 49151").max(49151, "must be between 1024 and 49151").optional().meta({ description: "UDP port for data-path (VXLAN) traffic, 1024–49151 (engine default 4789). Init only." }),
    defaultAddrPool: z.array(z.cidrv4("must be an IPv4 CIDR such as 10.20.0.0/16")).min(1).optional().meta({ description: "Address pools for overlay networks, as CIDRs (engine default 10.0.0.0/8). Init only." }),
    subnetSize: z.number().int().min(1, "must be between 1 and 29").max(29, "must be between 1 and 29").optional().meta({ description: "Prefix length of each overlay subnet taken from the pools (default 24). Init only." }),
    forceNewCluster: z.boolean().optional().meta({ description: "Initialise with force-new-cluster (from this engine's existing swarm state). Only read at create; changing it later does nothing (use `recoverQuorum` to recover a swarm that lost quorum)." }),
    availability: availability.optional().meta({ description: "Availability of the first manager when it joins: \"active\", \"pause\" or \"drain\". Init only." }),
    autolock: z.boolean().optional().meta({ description: "Lock managers' keys at rest: a restarted manager must be unlocked with `unlockKey`." }),
    spec: swarmSpecInput.optional().meta({ description: "Cluster settings, updated in place. Settings left out are not managed: the swarm keeps its values." }),
    rotateWorkerToken: trigger.optional().meta({ description: "Change this value (any string or number) to rotate the worker join token on the next `up`." }),
    rotateManagerToken: trigger.optional().meta({ description: "Change this value to rotate the manager join token on the next `up`." }),
    rotateUnlockKey: trigger.optional().meta({ description: "Change this value to rotate the unlock key on the next `up` (autolock on)." }),
    /**
     * A trigger: when its value changes and the managers have lost quorum (no leader), `up` runs
     * force-new-cluster on this resource's manager, keeping the swarm's state.
     */
    recoverQuorum: trigger.optional().meta({ description: "Recovery from a lost quorum, on request. When the managers can no longer form a majority (the swarm has no leader: too many managers are down for good), change this value (the date, say) and run `up`: it runs `docker swarm init --force-new-cluster` on this resource's manager, which keeps the swarm (ID, services, secrets, configs, networks, nodes) and makes it the only raft member. `preview` says so; with a healthy quorum a changed value does nothing. Never automatic: a partition that heals would otherwise leave two swarms." }),
    unlock: z.boolean().default(true).meta({ description: "When the manager is found locked, unlock it on `up` with the key held in state (default true)." }),
    caRotationTimeout: durationInput.default("5m").meta({ description: "How long `up` waits for a root CA rotation (new signing material or forceRotate) to reach every node, e.g. \"10m\" (default \"5m\")." }),
    adopt: z.boolean().default(false).meta({ description: "Take over the swarm that already exists on this engine instead of initialising one (`pulumi import` does not work for dynamic resources). Default false." }),
    leaveOnDelete: z.boolean().optional().meta({ description: "Make the engine leave the swarm when this resource is deleted. Default: true for a swarm this resource initialised, false for an adopted one." }),
    _name: z.string().optional(),
    /** Set by the SDK: the top-level inputs that held a secret in the program. */
    _secretKeys: z.array(z.string()).optional(),
  });

export const swarmInputs = swarmInputsBase.superRefine((v, ctx) => {
    if (v.spec?.caConfig?.signingCAKey && !v.spec.caConfig.signingCACert) {
      ctx.addIssue({ code: "custom", path: ["spec", "caConfig", "signingCACert"], message: "is required when signingCAKey is set" });
    }
  });
export type SwarmInputs = z.infer<typeof swarmInputs>;

/**
 * Inputs that only matter when the swarm is initialised: changing one means a new swarm (replace).
 * `forceNewCluster` is not one: re-creating a swarm recovers nothing (see recoverQuorum).
 */
export const INIT_ONLY = [
  "listenAddr",
  "advertiseAddr",
  "dataPathAddr",
  "dataPathPort",
  "defaultAddrPool",
  "subnetSize",
  "availability",
] as const;

/** The Engine's overlay subnet size when a pool is given without one (the docker CLI's default). */
export const DEFAULT_SUBNET_SIZE = 24;
