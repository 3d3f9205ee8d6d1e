/**
 * The Swarm resource's inputs, as one zod schema: the single source of truth for validation.
 * Property names are the user's (camelCase, as in the SDK's SwarmArgs); spec.ts maps them to the Engine.
 */
import { z } from "zod";
import { connectionInput, durationInput, interfaceAddress, labelsInput, listenAddress, nonNegativeInt } from "../common/schemas";

const availability = z.enum(["active", "pause", "drain"]);

const trigger = z.union([z.string(), z.number()]);

export const swarmSpecInput = z.strictObject({
  labels: labelsInput.optional(),
  taskHistoryRetentionLimit: z.number().int("must be a whole number").optional(),
  raft: z
    .strictObject({
      snapshotInterval: nonNegativeInt.optional(),
      keepOldSnapshots: nonNegativeInt.optional(),
      logEntriesForSlowFollowers: nonNegativeInt.optional(),
      electionTick: z.number().int().min(1, "must be at least 1").optional(),
      heartbeatTick: z.number().int().min(1, "must be at least 1").optional(),
    })
    .optional(),
  dispatcherHeartbeatPeriod: durationInput.optional(),
  caConfig: z
    .strictObject({
      nodeCertExpiry: durationInput.optional(),
      externalCAs: z
        .array(
          z.strictObject({
            protocol: z.literal("cfssl").default("cfssl"),
            url: z.url("must be a URL"),
            options: z.record(z.string(), z.string()).optional(),
            caCert: z.string().optional(),
          }),
        )
        .optional(),
      signingCACert: z.string().optional(),
      signingCAKey: z.string().optional(),
      forceRotate: nonNegativeInt.optional(),
    })
    .optional(),
  taskDefaults: z
    .strictObject({
      logDriver: z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.string()).optional() }).optional(),
    })
    .optional(),
});
export type SwarmSpecInput = z.infer<typeof swarmSpecInput>;

export const swarmInputsBase = z.strictObject({
    connection: connectionInput.optional(),
    listenAddr: listenAddress.default("0.0.0.0:2377"),
    advertiseAddr: listenAddress.optional(),
    dataPathAddr: interfaceAddress.optional(),
    dataPathPort: z.number().int().min(1024, "must be between 1024 and 49151").max(49151, "must be between 1024 and 49151").optional(),
    defaultAddrPool: z.array(z.cidrv4("must be an IPv4 CIDR such as 10.20.0.0/16")).min(1).optional(),
    subnetSize: z.number().int().min(1, "must be between 1 and 29").max(29, "must be between 1 and 29").optional(),
    forceNewCluster: z.boolean().optional(),
    availability: availability.optional(),
    autolock: z.boolean().optional(),
    spec: swarmSpecInput.optional(),
    rotateWorkerToken: trigger.optional(),
    rotateManagerToken: trigger.optional(),
    rotateUnlockKey: trigger.optional(),
    /**
     * A trigger: when its value changes and the managers have lost quorum (no leader), `up` runs
     * force-new-cluster on this resource's manager, keeping the swarm's state.
     */
    recoverQuorum: trigger.optional(),
    unlock: z.boolean().default(true),
    caRotationTimeout: durationInput.default("5m"),
    adopt: z.boolean().default(false),
    leaveOnDelete: z.boolean().optional(),
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
