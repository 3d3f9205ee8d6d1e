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
    username: z.string().optional().meta({ description: "The registry user." }),
    password: z.string().optional().meta({ description: "The registry password.", secret: true }),
    serverAddress: z.string().optional().meta({ description: "The registry, e.g. \"registry.example.com\"." }),
    identityToken: z.string().optional().meta({ description: "An identity token instead of username and password.", secret: true }),
    fromDockerConfig: z.boolean().optional().meta({ description: "Take the credentials `docker login` stored for the image's registry (~/.docker/config.json and its credential helpers)." }),
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
  enabled: z.boolean().default(true).meta({ description: "Wait at all (default true)." }),
  /** How long to wait (default "5m"). */
  timeout: durationInput.default("5m").meta({ description: "How long (default \"5m\"). `customTimeouts` do not apply to dynamic resources." }),
  /**
   * Give up before the timeout once a slot (or node) has failed this many times on the new spec
   * (default 3). 0 waits for the timeout whatever happens.
   */
  maxFailures: nonNegativeInt.default(3).meta({ description: "Give up before the timeout once a slot (or node) has failed this many times on the new spec (default 3; 0 = wait for the timeout)." }),
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
  logTail: nonNegativeInt.max(1000, "must be at most 1000").default(15).meta({ description: "Lines of each failed task's log shown in the error when the service does not converge (default 15; 0 shows none). Values of secret inputs are scrubbed from them either way." }),
});

const serviceName = z
  .string()
  .min(1, "cannot be empty")
  .max(63, "must be at most 63 characters (it is a DNS name)")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "may contain only letters, digits, '_', '.' and '-', and must start with a letter or digit");

export const serviceInputsBase = z.strictObject({
  connection: connectionInput.optional().meta({ description: "The swarm manager to talk to. Default: DOCKER_HOST, then the local socket." }),
  /** The service's name in the swarm. Default: the resource's name. Changing it replaces the service. */
  name: serviceName.optional().meta({ description: "The service's name in the swarm (default: the resource's name). Changing it replaces the service." }),
  labels: labelsInput.optional().meta({ description: "Labels of the service." }),

  ...containerFields,
  env: envInput.optional().meta({ description: "Environment: a record (sent sorted by name) or a list of \"KEY=value\" (order kept)." }),
  stopGracePeriod: durationInput.optional().meta({ description: "How long a container may take to stop before it is killed (engine default \"10s\")." }),
  containerLabels: labelsInput.optional().meta({ description: "Labels of the containers." }),
  mounts: mountsInput.optional().meta({ description: "Mounts: bind, volume (with driver options), tmpfs, npipe." }),
  secrets: z.array(secretRefInput).optional().meta({ description: "Swarm secrets given to the containers as files." }),
  configs: z.array(configRefInput).optional().meta({ description: "Swarm configs given to the containers as files." }),
  sysctls: optionsInput.optional().meta({ description: "Namespaced kernel parameters, e.g. { \"net.ipv4.ip_forward\": \"1\" }." }),

  networks: z.array(networkInput).optional().meta({ description: "Networks to attach to: names or IDs, or objects with aliases and driver options. Updated in place." }),
  resources: resourcesInput.optional().meta({ description: "CPU, memory and process limits and reservations." }),
  restartPolicy: restartPolicyInput.optional().meta({ description: "When a task's container exits: restart it or not." }),
  placement: placementInput.optional().meta({ description: "Where tasks may run." }),
  logDriver: logDriverInput.optional().meta({ description: "The log driver of the containers and its options." }),
  /** Increase to restart every task without any other change. */
  forceUpdate: nonNegativeInt.optional().meta({ description: "Increase to restart every task without another change. When omitted, the current value is kept." }),

  mode: z
    .enum(SERVICE_MODES, { error: (iss) => `unknown mode ${JSON.stringify(iss.input)} (use "replicated", "global", "replicated-job" or "global-job")` })
    .default("replicated").meta({ description: "\"replicated\" (default), \"global\", \"replicated-job\" or \"global-job\". Changing it replaces the service." }),
  /** Replicated services: the number of tasks (default 1). */
  replicas: nonNegativeInt.optional().meta({ description: "Replicated services: the number of tasks. When omitted, a new service gets 1 and an existing one keeps its count (so that a scaler or `docker service scale` may own it)." }),
  /** Replicated jobs: tasks that may run at once (default 1). */
  maxConcurrent: positiveInt.optional().meta({ description: "Replicated jobs: tasks that may run at once (default 1)." }),
  /** Replicated jobs: successful completions needed (default maxConcurrent). */
  totalCompletions: nonNegativeInt.optional().meta({ description: "Replicated jobs: successful completions needed (default: maxConcurrent)." }),
  updateConfig: updateConfigInput.optional().meta({ description: "How updates roll out (not for jobs)." }),
  rollbackConfig: rollbackConfigInput.optional().meta({ description: "How the Engine rolls back (not for jobs; failureAction \"pause\" or \"continue\")." }),
  endpoint: endpointInput.optional().meta({ description: "Endpoint: \"vip\" (default) or \"dnsrr\", and published ports." }),

  registryAuth: registryAuthInput.optional().meta({ description: "Credentials for a private registry. Always a secret; never stored, only a hash of them. Changing them updates in place." }),
  /** Pin the image to tag@digest through the registry (GET /distribution) on create and update. */
  resolveImage: z.boolean().default(false).meta({ description: "Pin the image to tag@digest through the registry (GET /distribution) on create and update, and show a moved tag as a change in preview (one engine call). If the registry cannot be reached the image is used as written and a message says so. Default false." }),
  convergence: convergenceInput.prefault({}).meta({ description: "Waiting for the service to converge after create and update." }),
  /** Roll a failed update back to the previous spec (default true). */
  rollbackOnFailure: z.boolean().default(true).meta({ description: "Roll a failed update back to the previous spec (`rollback=previous`) and fail `up` saying so. Default true." }),
  /** Take over an existing service of the same name instead of failing (default false). */
  adopt: z.boolean().default(false).meta({ description: "Take over an existing service of the same name instead of failing. Default false." }),
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
