/** Task-level inputs: resources, placement, restart policy, log driver; and the update/rollback configs. */
import { z } from "zod";
import { parseBytes } from "../../common/bytes";
import { byShape, bytesInput, durationInput, nonEmptyStringList, nonNegativeInt, oneOf, optionsInput, positiveInt } from "./common";

/** CPUs as a number (0.5 = half a CPU); the Engine's minimum is 0.001. */
const cpusInput = z.number().refine((n) => n >= 0.001, "must be at least 0.001 (the Engine's minimum)");

/** Memory: bytes or "512M"; the Engine's minimum is 4 MiB. */
const memoryInput = bytesInput.superRefine((v, ctx) => {
  const n = parseBytes(v);
  if (typeof n === "number" && n > 0 && n < 4 * 1024 * 1024) ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is below 4MiB, the Engine's minimum` });
});

export const genericResourceInput = z.strictObject({
  kind: z.string().min(1, "cannot be empty"),
  /** A string for a named resource (e.g. a GPU ID), a whole number for a discrete one (e.g. 2 SSDs). */
  value: byShape({ string: z.string().min(1, "cannot be empty"), number: nonNegativeInt }, "a string (named resource) or a whole number (discrete resource)"),
});

export const resourcesInput = z.strictObject({
  limits: z
    .strictObject({
      cpus: cpusInput.optional(),
      memory: memoryInput.optional(),
      /** Maximum number of processes (0 = unlimited). */
      pids: nonNegativeInt.optional(),
    })
    .optional(),
  reservations: z
    .strictObject({
      cpus: cpusInput.optional(),
      memory: memoryInput.optional(),
      genericResources: z.array(genericResourceInput).optional(),
    })
    .optional(),
});
export type ResourcesInput = z.infer<typeof resourcesInput>;

export const placementInput = z.strictObject({
  /** e.g. ["node.role==worker", "node.labels.zone==a"]. */
  constraints: z.array(z.string().regex(/[=!]=/, 'must compare with "==" or "!=", e.g. "node.role==worker"')).optional(),
  /** Spread tasks over the values of a node label: [{ spread: "node.labels.zone" }]. */
  preferences: z.array(z.strictObject({ spread: z.string().min(1, "cannot be empty") })).optional(),
  /** At most this many tasks of the service per node (0 = unlimited). */
  maxReplicas: nonNegativeInt.optional(),
  platforms: z.array(z.strictObject({ architecture: z.string().min(1).optional(), os: z.string().min(1).optional() })).optional(),
});
export type PlacementInput = z.infer<typeof placementInput>;

export const restartPolicyInput = z.strictObject({
  condition: oneOf(["none", "on-failure", "any"] as const, "restart condition").optional(),
  delay: durationInput.optional(),
  /** 0 = no limit. */
  maxAttempts: nonNegativeInt.optional(),
  window: durationInput.optional(),
});
export type RestartPolicyInput = z.infer<typeof restartPolicyInput>;

export const logDriverInput = z.strictObject({
  name: z.string().min(1, "cannot be empty"),
  options: optionsInput.optional(),
});

function rolloutConfig(actions: readonly [string, ...string[]]) {
  return z.strictObject({
    /** Tasks changed at a time (0 = all at once). Default 1. */
    parallelism: nonNegativeInt.optional(),
    delay: durationInput.optional(),
    failureAction: oneOf(actions, "failure action").optional(),
    /** How long each new task is watched for failure (engine default 5s). */
    monitor: durationInput.optional(),
    maxFailureRatio: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional(),
    order: oneOf(["stop-first", "start-first"] as const, "order").optional(),
  });
}

export const updateConfigInput = rolloutConfig(["continue", "pause", "rollback"] as const);
export const rollbackConfigInput = rolloutConfig(["continue", "pause"] as const);
export type UpdateConfigInput = z.infer<typeof updateConfigInput>;

export { positiveInt, nonEmptyStringList };
