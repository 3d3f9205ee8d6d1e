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
  kind: z.string().min(1, "cannot be empty").meta({ description: "The kind of resource, e.g. \"gpu\" or \"ssd\"." }),
  /** A string for a named resource (e.g. a GPU ID), a whole number for a discrete one (e.g. 2 SSDs). */
  value: byShape({ string: z.string().min(1, "cannot be empty"), number: nonNegativeInt }, "a string (named resource) or a whole number (discrete resource)").meta({ description: "A string for a named resource (e.g. a GPU ID), a whole number for a discrete one (e.g. 2 SSDs)." }),
});

export const resourcesInput = z.strictObject({
  limits: z
    .strictObject({
      cpus: cpusInput.optional().meta({ description: "CPUs, e.g. 0.5 (at least 0.001)." }),
      memory: memoryInput.optional().meta({ description: "Memory: bytes or \"512M\" (at least 4MiB)." }),
      /** Maximum number of processes (0 = unlimited). */
      pids: nonNegativeInt.optional().meta({ description: "Maximum number of processes (0 = unlimited)." }),
    })
    .optional().meta({ description: "What the tasks may use at most." }),
  reservations: z
    .strictObject({
      cpus: cpusInput.optional().meta({ description: "CPUs reserved on the node, e.g. 0.25." }),
      memory: memoryInput.optional().meta({ description: "Memory reserved on the node: bytes or \"256M\"." }),
      genericResources: z.array(genericResourceInput).optional().meta({ description: "Node resources such as GPUs: a string value is a named resource, a number a discrete one." }),
    })
    .optional().meta({ description: "What a node must have free to run a task (the scheduler reserves it)." }),
});
export type ResourcesInput = z.infer<typeof resourcesInput>;

export const placementInput = z.strictObject({
  /** e.g. ["node.role==worker", "node.labels.zone==a"]. */
  constraints: z.array(z.string().regex(/[=!]=/, 'must compare with "==" or "!=", e.g. "node.role==worker"')).optional().meta({ description: "e.g. [\"node.role==worker\", \"node.labels.zone==a\"]." }),
  /** Spread tasks over the values of a node label: [{ spread: "node.labels.zone" }]. */
  preferences: z.array(z.strictObject({ spread: z.string().min(1, "cannot be empty").meta({ description: "A node label to spread over, e.g. \"node.labels.zone\"." }) })).optional().meta({ description: "Spread tasks over the values of a node label: [{ spread: \"node.labels.zone\" }]." }),
  /** At most this many tasks of the service per node (0 = unlimited). */
  maxReplicas: nonNegativeInt.optional().meta({ description: "At most this many tasks per node (0 = unlimited)." }),
  platforms: z.array(
      z.strictObject({
        architecture: z.string().min(1).optional().meta({ description: "The CPU architecture, e.g. \"amd64\"." }),
        os: z.string().min(1).optional().meta({ description: "The operating system, e.g. \"linux\"." }),
      }),
    ).optional().meta({ description: "Platforms the image supports. When omitted, platforms set by others (the docker CLI) are kept." }),
});
export type PlacementInput = z.infer<typeof placementInput>;

export const restartPolicyInput = z.strictObject({
  condition: oneOf(["none", "on-failure", "any"] as const, "restart condition").optional().meta({ description: "\"any\" (default), \"on-failure\" or \"none\"." }),
  delay: durationInput.optional().meta({ description: "Pause before restarting (engine default \"5s\")." }),
  /** 0 = no limit. */
  maxAttempts: nonNegativeInt.optional().meta({ description: "Give up after this many restarts (0 = never)." }),
  window: durationInput.optional().meta({ description: "Window in which restarts are counted." }),
});
export type RestartPolicyInput = z.infer<typeof restartPolicyInput>;

export const logDriverInput = z.strictObject({
  name: z.string().min(1, "cannot be empty").meta({ description: "The log driver, e.g. \"json-file\" or \"syslog\"." }),
  options: optionsInput.optional().meta({ description: "The log driver's options." }),
});

function rolloutConfig(actions: readonly [string, ...string[]]) {
  return z.strictObject({
    /** Tasks changed at a time (0 = all at once). Default 1. */
    parallelism: nonNegativeInt.optional().meta({ description: "Tasks changed at a time (0 = all at once). Default 1." }),
    delay: durationInput.optional().meta({ description: "Pause between batches, e.g. \"10s\"." }),
    failureAction: oneOf(actions, "failure action").optional().meta({ description: "What the Engine does when a new task fails: \"pause\" (default), \"continue\", or (updates only) \"rollback\". This package treats a paused update or an Engine-side rollback as a failed `up`." }),
    /** How long each new task is watched for failure (engine default 5s). */
    monitor: durationInput.optional().meta({ description: "How long each new task is watched for failure (engine default \"5s\"); also how long `up` watches a converged service." }),
    maxFailureRatio: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional().meta({ description: "Fraction of tasks (0–1) allowed to fail before the failure action (default 0)." }),
    order: oneOf(["stop-first", "start-first"] as const, "order").optional().meta({ description: "\"stop-first\" (default) or \"start-first\" (the new task starts before the old one stops)." }),
  });
}

export const updateConfigInput = rolloutConfig(["continue", "pause", "rollback"] as const);
export const rollbackConfigInput = rolloutConfig(["continue", "pause"] as const);
export type UpdateConfigInput = z.infer<typeof updateConfigInput>;

export { positiveInt, nonEmptyStringList };
