/**
 * The SwarmService resource's inputs, as one zod schema: the single source of truth for validation.
 * Property names are the user's (camelCase, as in the SDK's SwarmServiceArgs); spec/ maps them to the
 * Engine's ServiceSpec. Split by area: container.ts, mounts.ts, refs.ts, networks.ts, task.ts.
 */
import { z } from "zod";
import { connectionInput } from "../../common/schemas";
import { durationInput, envInput, labelsInput, nonNegativeInt, optionsInput, positiveInt } from "./common";
import { containerFields } from "./container";
import { mountsInput } from "./mounts";
import { endpointInput, networkInput } from "./networks";
import { configRefInput, secretRefInput } from "./refs";
import { logDriverInput, placementInput, resourcesInput, restartPolicyInput, rollbackConfigInput, updateConfigInput } from "./task";

export const SERVICE_MODES = ["replicated", "global", "replicated-job", "global-job"] as const;
export type ServiceModeKind = (typeof SERVICE_MODES)[number];

/**
 * Credentials for pulling the image from a private registry: sent as X-Registry-Auth, never stored.
 * Or `fromDockerConfig: true`: those `docker login` stored for the image's registry (registry.ts).
 */
export const registryAuthInput = z
  .strictObject({
    username: z.string().optional(),
    password: z.string().optional(),
    serverAddress: z.string().optional(),
    identityToken: z.string().optional(),
    fromDockerConfig: z.boolean().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.fromDockerConfig) {
      if (a.username || a.password || a.identityToken || a.serverAddress) {
        ctx.addIssue({ code: "custom", message: "fromDockerConfig reads the credentials from the docker CLI's configuration: give no username, password, identityToken or serverAddress with it" });
      }
    } else if (!a.identityToken && !(a.username && a.password)) {
      ctx.addIssue({ code: "custom", message: "give username and password, or identityToken, or fromDockerConfig: true" });
    }
  });
export type RegistryAuthInput = z.infer<typeof registryAuthInput>;

export const convergenceInput = z.strictObject({
  /** Wait for the service to converge after create and update (default true). */
  enabled: z.boolean().default(true),
  /** How long to wait (default "5m"). */
  timeout: durationInput.default("5m"),
  /**
   * Give up before the timeout once a slot (or node) has failed this many times on the new spec
   * (default 3). 0 waits for the timeout whatever happens.
   */
  maxFailures: nonNegativeInt.default(3),
  /**
   * How long a converged service is watched before `up` moves on, so that a task that dies right
   * after starting still fails the operation (default: updateConfig.monitor, else "5s", as the docker
   * CLI waits). "0s" returns as soon as every task runs.
   */
  stableFor: durationInput.optional(),
  /**
   * Lines of each failed task's log shown in the error of a failed convergence (default 15; 0 shows
   * none). Values of secret inputs are scrubbed from them either way.
   */
  logTail: nonNegativeInt.max(1000, "must be at most 1000").default(15),
});

const serviceName = z
  .string()
  .min(1, "cannot be empty")
  .max(63, "must be at most 63 characters (it is a DNS name)")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "may contain only letters, digits, '_', '.' and '-', and must start with a letter or digit");

export const serviceInputsBase = z.strictObject({
  connection: connectionInput.optional(),
  /** The service's name in the swarm. Default: the resource's name. Changing it replaces the service. */
  name: serviceName.optional(),
  labels: labelsInput.optional(),

  ...containerFields,
  env: envInput.optional(),
  stopGracePeriod: durationInput.optional(),
  containerLabels: labelsInput.optional(),
  mounts: mountsInput.optional(),
  secrets: z.array(secretRefInput).optional(),
  configs: z.array(configRefInput).optional(),
  sysctls: optionsInput.optional(),

  networks: z.array(networkInput).optional(),
  resources: resourcesInput.optional(),
  restartPolicy: restartPolicyInput.optional(),
  placement: placementInput.optional(),
  logDriver: logDriverInput.optional(),
  /** Increase to restart every task without any other change. */
  forceUpdate: nonNegativeInt.optional(),

  mode: z
    .enum(SERVICE_MODES, { error: (iss) => `unknown mode ${JSON.stringify(iss.input)} (use "replicated", "global", "replicated-job" or "global-job")` })
    .default("replicated"),
  /** Replicated services: the number of tasks (default 1). */
  replicas: nonNegativeInt.optional(),
  /** Replicated jobs: tasks that may run at once (default 1). */
  maxConcurrent: positiveInt.optional(),
  /** Replicated jobs: successful completions needed (default maxConcurrent). */
  totalCompletions: nonNegativeInt.optional(),
  updateConfig: updateConfigInput.optional(),
  rollbackConfig: rollbackConfigInput.optional(),
  endpoint: endpointInput.optional(),

  registryAuth: registryAuthInput.optional(),
  /** Pin the image to tag@digest through the registry (GET /distribution) on create and update. */
  resolveImage: z.boolean().default(false),
  convergence: convergenceInput.prefault({}),
  /** Roll a failed update back to the previous spec (default true). */
  rollbackOnFailure: z.boolean().default(true),
  /** Take over an existing service of the same name instead of failing (default false). */
  adopt: z.boolean().default(false),
  _name: z.string().optional(),
  /** Set by the SDK: the top-level inputs that held a secret in the program. */
  _secretKeys: z.array(z.string()).optional(),
});

export const serviceInputs = serviceInputsBase.superRefine((v, ctx) => {
  const only = (key: "replicas" | "maxConcurrent" | "totalCompletions", mode: ServiceModeKind) => {
    if (v[key] !== undefined && v.mode !== mode) {
      ctx.addIssue({ code: "custom", path: [key], message: `only applies to mode "${mode}" (mode is "${v.mode}")` });
    }
  };
  only("replicas", "replicated");
  only("maxConcurrent", "replicated-job");
  only("totalCompletions", "replicated-job");
  if (v.mode.endsWith("-job")) {
    if (v.updateConfig) ctx.addIssue({ code: "custom", path: ["updateConfig"], message: "jobs cannot have an update config (the Engine refuses it)" });
    if (v.rollbackConfig) ctx.addIssue({ code: "custom", path: ["rollbackConfig"], message: "jobs cannot have a rollback config" });
  }
  if (v.privileges?.credentialSpec?.config) {
    const name = v.privileges.credentialSpec.config;
    const listed = (v.configs ?? []).some((c) => c.runtime && (c.configName === name || c.configId === name));
    if (!listed) {
      ctx.addIssue({
        code: "custom",
        path: ["privileges", "credentialSpec", "config"],
        message: `config "${name}" must also be listed in configs with runtime: true`,
      });
    }
  }
});
export type ServiceInputs = z.infer<typeof serviceInputs>;
