import * as pulumi from "@pulumi/pulumi";
import { serviceProvider } from "./stubs";
import type { SwarmConfig, SwarmSecret } from "./swarm-data-object";
import type { SwarmNetwork } from "./swarm-network";
import { protectConnection, secretKeysOf, type ConnectionArgs, type Duration, type EngineIdentity } from "./types";
import { registryAuthWithStackConfig, withStackConfig } from "./config";

/** A byte size: a number of bytes, or a string in Docker's binary units such as "512M", "1G", "64k". */
export type ByteSize = number | string;

/** File permissions: a number (0o444) or an octal string ("0444"). */
export type FileMode = number | string;

/** The service's mode. Changing it replaces the service (the Engine cannot change it in place). */
export type ServiceMode = "replicated" | "global" | "replicated-job" | "global-job";

/** A mount of the service's containers. */
export interface ServiceMountArgs {
  /** "bind" (a host path), "volume" (a named or anonymous volume), "tmpfs" or "npipe" (Windows). */
  type: pulumi.Input<"bind" | "volume" | "tmpfs" | "npipe">;
  /** Host path (bind, absolute), volume name (volume; omit for an anonymous volume) or pipe (npipe). Not for tmpfs. */
  source?: pulumi.Input<string>;
  /** Path inside the container. */
  target: pulumi.Input<string>;
  /** Mount read-only. */
  readOnly?: pulumi.Input<boolean>;
  /** Bind mounts only. */
  bindOptions?: pulumi.Input<{
    /** Propagation: "rprivate" (default), "private", "shared", "rshared", "slave" or "rslave". */
    propagation?: pulumi.Input<"private" | "rprivate" | "shared" | "rshared" | "slave" | "rslave">;
    /** Do not mount submounts recursively. */
    nonRecursive?: pulumi.Input<boolean>;
  }>;
  /** Volume mounts only. */
  volumeOptions?: pulumi.Input<{
    /** Do not copy the image's content at the target into a new volume. */
    noCopy?: pulumi.Input<boolean>;
    /** Labels of a volume created for the service. */
    labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The volume driver and its options, e.g. `{ name: "local", options: { type: "nfs", o: "addr=10.0.0.1", device: ":/export" } }`. */
    driverConfig?: pulumi.Input<{ name?: pulumi.Input<string>; options?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>> }>;
    /** Mount only this path inside the volume (API 1.45; Docker 27 and later honour it). */
    subpath?: pulumi.Input<string>;
  }>;
  /** tmpfs mounts only. */
  tmpfsOptions?: pulumi.Input<{
    /** Size limit: bytes or "64m". */
    sizeBytes?: pulumi.Input<ByteSize>;
    /** Permissions of the mount's root: 0o1777 or "1777". */
    mode?: pulumi.Input<FileMode>;
  }>;
}

/**
 * A swarm secret given to the service as a file under /run/secrets: a `SwarmSecret` resource (`secret`),
 * or an existing secret by name or ID (the other is looked up).
 */
export interface ServiceSecretArgs {
  /**
   * A SwarmSecret of this program. When it rotates, the service is updated in place to the new
   * secret (a rolling update) before the old one is removed; the file name stays the same.
   */
  secret?: SwarmSecret;
  /** File name under /run/secrets (default: the secret's logical name, or its name). Same as fileName. */
  target?: pulumi.Input<string>;
  /** The secret's name. */
  secretName?: pulumi.Input<string>;
  /** The secret's ID. */
  secretId?: pulumi.Input<string>;
  /** File name under /run/secrets (default: the secret's name). */
  fileName?: pulumi.Input<string>;
  /** Owner user ID of the file (default "0"). */
  uid?: pulumi.Input<string | number>;
  /** Owner group ID of the file (default "0"). */
  gid?: pulumi.Input<string | number>;
  /** Permissions (default 0o444). */
  mode?: pulumi.Input<FileMode>;
}

/**
 * A swarm config given to the service as a file: a `SwarmConfig` resource (`config`), or an existing
 * config by name or ID (the other is looked up).
 */
export interface ServiceConfigArgs {
  /** A SwarmConfig of this program (rotations update the service in place, as for secrets). */
  config?: SwarmConfig;
  /** Path of the file in the container (default: "/" + the config's logical name). Same as fileName. */
  target?: pulumi.Input<string>;
  /** The config's name. */
  configName?: pulumi.Input<string>;
  /** The config's ID. */
  configId?: pulumi.Input<string>;
  /** Path of the file in the container (default: "/" + the config's name). */
  fileName?: pulumi.Input<string>;
  /** Owner user ID of the file (default "0"). */
  uid?: pulumi.Input<string | number>;
  /** Owner group ID of the file (default "0"). */
  gid?: pulumi.Input<string | number>;
  /** Permissions (default 0o444). */
  mode?: pulumi.Input<FileMode>;
  /** Give the config to the runtime only (for `privileges.credentialSpec.config`), not as a file. */
  runtime?: pulumi.Input<boolean>;
}

/** A network to attach the service's tasks to, with aliases and driver options. */
export interface ServiceNetworkArgs {
  /** A SwarmNetwork of this program (when it is replaced, the service moves to the new one in place). */
  network?: SwarmNetwork;
  /** An existing network's name or ID (a swarm-scoped network, e.g. an overlay). */
  target?: pulumi.Input<string>;
  /** Extra DNS names of the service on this network. */
  aliases?: pulumi.Input<pulumi.Input<string>[]>;
  /** Options for the network driver. */
  driverOpts?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
}

/** A published port. */
export interface ServicePortArgs {
  /** A name for the port. */
  name?: pulumi.Input<string>;
  /** "tcp" (default), "udp" or "sctp". */
  protocol?: pulumi.Input<"tcp" | "udp" | "sctp">;
  /** The port inside the containers (1–65535). */
  targetPort: pulumi.Input<number>;
  /** The port on the nodes (1–65535). Omit to let the Engine pick one (ingress mode). */
  publishedPort?: pulumi.Input<number>;
  /** "ingress" (default: the routing mesh, on every node) or "host" (only on nodes running a task). */
  publishMode?: pulumi.Input<"ingress" | "host">;
}

/** How tasks are replaced during an update, or during a rollback. */
export interface ServiceRolloutArgs {
  /** Tasks changed at a time (0 = all at once). Default 1. */
  parallelism?: pulumi.Input<number>;
  /** Pause between batches, e.g. "10s". */
  delay?: pulumi.Input<Duration>;
  /**
   * What the Engine does when a new task fails: "pause" (default), "continue", or (updates only)
   * "rollback". This package treats a paused update or an Engine-side rollback as a failed `up`.
   */
  failureAction?: pulumi.Input<"pause" | "continue" | "rollback">;
  /** How long each new task is watched for failure (engine default "5s"); also how long `up` watches a converged service. */
  monitor?: pulumi.Input<Duration>;
  /** Fraction of tasks (0–1) allowed to fail before the failure action (default 0). */
  maxFailureRatio?: pulumi.Input<number>;
  /** "stop-first" (default) or "start-first" (the new task starts before the old one stops). */
  order?: pulumi.Input<"stop-first" | "start-first">;
}

/** Registry credentials for pulling the image. Sent to the Engine as X-Registry-Auth only; never kept in state. */
export interface RegistryAuthArgs {
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** The registry, e.g. "registry.example.com". */
  serverAddress?: pulumi.Input<string>;
  /** An identity token instead of username and password. */
  identityToken?: pulumi.Input<string>;
  /** Instead of the above: the credentials `docker login` stored for the image's registry (~/.docker/config.json or DOCKER_CONFIG, credential helpers too), read at each preview and up. */ fromDockerConfig?: pulumi.Input<boolean>;
}

export interface SwarmServiceArgs {
  /** The swarm manager to talk to. Default: DOCKER_HOST, then the local socket. */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The service's name in the swarm (default: the resource's name). Changing it replaces the service. */
  name?: pulumi.Input<string>;
  /** Labels of the service. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;

  // ── container ──
  /** The image, e.g. "nginx:1.27" or "registry.example.com/app@sha256:…". Kept as written (see resolveImage). */
  image: pulumi.Input<string>;
  /** Replaces the image's ENTRYPOINT, e.g. ["sleep", "3600"]. */
  command?: pulumi.Input<pulumi.Input<string>[]>;
  /** Replaces the image's CMD. */
  args?: pulumi.Input<pulumi.Input<string>[]>;
  /** Environment: a record (sent sorted by name) or a list of "KEY=value" (order kept). */
  env?: pulumi.Input<Record<string, pulumi.Input<string>> | pulumi.Input<string>[]>;
  /** User (name or ID, optionally ":group"). */
  user?: pulumi.Input<string>;
  /** Working directory. */
  workdir?: pulumi.Input<string>;
  /** Hostname of the containers. */
  hostname?: pulumi.Input<string>;
  /** Additional groups of the user. */
  groups?: pulumi.Input<pulumi.Input<string>[]>;
  /** Allocate a TTY (logs are then a raw stream). */
  tty?: pulumi.Input<boolean>;
  /** Keep stdin open. */
  openStdin?: pulumi.Input<boolean>;
  /** Mount the container's root filesystem read-only. */
  readOnly?: pulumi.Input<boolean>;
  /** Run an init process as PID 1 (forwards signals, reaps zombies). */
  init?: pulumi.Input<boolean>;
  /** Signal that stops the containers, e.g. "SIGINT". */
  stopSignal?: pulumi.Input<string>;
  /** How long a container may take to stop before it is killed (engine default "10s"). */
  stopGracePeriod?: pulumi.Input<Duration>;
  /** Labels of the containers. */
  containerLabels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Mounts: bind, volume (with driver options), tmpfs, npipe. */
  mounts?: pulumi.Input<pulumi.Input<ServiceMountArgs>[]>;
  /** Swarm secrets given to the containers as files. */
  secrets?: pulumi.Input<pulumi.Input<ServiceSecretArgs>[]>;
  /** Swarm configs given to the containers as files. */
  configs?: pulumi.Input<pulumi.Input<ServiceConfigArgs>[]>;
  /** Healthcheck (replaces the image's). */
  healthcheck?: pulumi.Input<{
    /** ["CMD", …], ["CMD-SHELL", "…"], or a string run with the shell. */
    test?: pulumi.Input<string | pulumi.Input<string>[]>;
    /** Turn off the image's healthcheck. */
    disable?: pulumi.Input<boolean>;
    /** Time between checks, e.g. "30s". */
    interval?: pulumi.Input<Duration>;
    /** Time a check may take. */
    timeout?: pulumi.Input<Duration>;
    /** Grace period after start during which failures do not count. */
    startPeriod?: pulumi.Input<Duration>;
    /** Time between checks during the start period (API 1.44, Docker 25). */
    startInterval?: pulumi.Input<Duration>;
    /** Failures in a row before the container is unhealthy. */
    retries?: pulumi.Input<number>;
  }>;
  /** Extra /etc/hosts entries: a record hostname → IP, or a list of "IP hostname [alias…]". */
  hosts?: pulumi.Input<Record<string, pulumi.Input<string>> | pulumi.Input<string>[]>;
  /** DNS settings of the containers. */
  dns?: pulumi.Input<{
    nameservers?: pulumi.Input<pulumi.Input<string>[]>;
    search?: pulumi.Input<pulumi.Input<string>[]>;
    /** resolv.conf options, e.g. ["ndots:2"]. */
    options?: pulumi.Input<pulumi.Input<string>[]>;
  }>;
  /** Kernel capabilities to add, e.g. ["CAP_NET_ADMIN"]. */
  capabilityAdd?: pulumi.Input<pulumi.Input<string>[]>;
  /** Kernel capabilities to drop. */
  capabilityDrop?: pulumi.Input<pulumi.Input<string>[]>;
  /** Namespaced kernel parameters, e.g. { "net.ipv4.ip_forward": "1" }. */
  sysctls?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Resource limits of the processes, e.g. [{ name: "nofile", soft: 1024, hard: 2048 }]. */
  ulimits?: pulumi.Input<pulumi.Input<{ name: pulumi.Input<string>; soft: pulumi.Input<number>; hard: pulumi.Input<number> }>[]>;
  /** Security settings of the containers. */
  privileges?: pulumi.Input<{
    /** Windows gMSA credential spec: exactly one of config (a config listed in `configs` with runtime: true), file or registry. */
    credentialSpec?: pulumi.Input<{ config?: pulumi.Input<string>; file?: pulumi.Input<string>; registry?: pulumi.Input<string> }>;
    /** SELinux labels. */
    seLinuxContext?: pulumi.Input<{
      disable?: pulumi.Input<boolean>;
      user?: pulumi.Input<string>;
      role?: pulumi.Input<string>;
      type?: pulumi.Input<string>;
      level?: pulumi.Input<string>;
    }>;
    /** Seccomp: mode "default", "unconfined" or "custom" with a JSON profile (API 1.44). */
    seccomp?: pulumi.Input<{ mode: pulumi.Input<"default" | "unconfined" | "custom">; profile?: pulumi.Input<string> }>;
    /** AppArmor: mode "default" or "disabled" (API 1.44). */
    appArmor?: pulumi.Input<{ mode: pulumi.Input<"default" | "disabled"> }>;
    /** Forbid gaining privileges (setuid) (API 1.44). */
    noNewPrivileges?: pulumi.Input<boolean>;
  }>;
  /** Isolation technology (Windows): "default", "process" or "hyperv". */
  isolation?: pulumi.Input<"default" | "process" | "hyperv">;

  // ── task ──
  /** Networks to attach to: names or IDs, or objects with aliases and driver options. Updated in place. */
  networks?: pulumi.Input<pulumi.Input<string | ServiceNetworkArgs>[]>;
  /** CPU, memory and process limits and reservations. */
  resources?: pulumi.Input<{
    limits?: pulumi.Input<{
      /** CPUs, e.g. 0.5 (at least 0.001). */
      cpus?: pulumi.Input<number>;
      /** Memory: bytes or "512M" (at least 4MiB). */
      memory?: pulumi.Input<ByteSize>;
      /** Maximum number of processes (0 = unlimited). */
      pids?: pulumi.Input<number>;
    }>;
    reservations?: pulumi.Input<{
      /** CPUs reserved on the node, e.g. 0.25. */
      cpus?: pulumi.Input<number>;
      /** Memory reserved on the node: bytes or "256M". */
      memory?: pulumi.Input<ByteSize>;
      /** Node resources such as GPUs: a string value is a named resource, a number a discrete one. */
      genericResources?: pulumi.Input<pulumi.Input<{ kind: pulumi.Input<string>; value: pulumi.Input<string | number> }>[]>;
    }>;
  }>;
  /** When a task's container exits: restart it or not. */
  restartPolicy?: pulumi.Input<{
    /** "any" (default), "on-failure" or "none". */
    condition?: pulumi.Input<"none" | "on-failure" | "any">;
    /** Pause before restarting (engine default "5s"). */
    delay?: pulumi.Input<Duration>;
    /** Give up after this many restarts (0 = never). */
    maxAttempts?: pulumi.Input<number>;
    /** Window in which restarts are counted. */
    window?: pulumi.Input<Duration>;
  }>;
  /** Where tasks may run. */
  placement?: pulumi.Input<{
    /** e.g. ["node.role==worker", "node.labels.zone==a"]. */
    constraints?: pulumi.Input<pulumi.Input<string>[]>;
    /** Spread tasks over the values of a node label: [{ spread: "node.labels.zone" }]. */
    preferences?: pulumi.Input<pulumi.Input<{ spread: pulumi.Input<string> }>[]>;
    /** At most this many tasks per node (0 = unlimited). */
    maxReplicas?: pulumi.Input<number>;
    /** Platforms the image supports. When omitted, platforms set by others (the docker CLI) are kept. */
    platforms?: pulumi.Input<pulumi.Input<{ architecture?: pulumi.Input<string>; os?: pulumi.Input<string> }>[]>;
  }>;
  /** The log driver of the containers and its options. */
  logDriver?: pulumi.Input<{ name: pulumi.Input<string>; options?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>> }>;
  /** Increase to restart every task without another change. When omitted, the current value is kept. */
  forceUpdate?: pulumi.Input<number>;

  // ── service ──
  /** "replicated" (default), "global", "replicated-job" or "global-job". Changing it replaces the service. */
  mode?: pulumi.Input<ServiceMode>;
  /**
   * Replicated services: the number of tasks. When omitted, a new service gets 1 and an existing one
   * keeps its count (so that a scaler or `docker service scale` may own it).
   */
  replicas?: pulumi.Input<number>;
  /** Replicated jobs: tasks that may run at once (default 1). */
  maxConcurrent?: pulumi.Input<number>;
  /** Replicated jobs: successful completions needed (default: maxConcurrent). */
  totalCompletions?: pulumi.Input<number>;
  /** How updates roll out (not for jobs). */
  updateConfig?: pulumi.Input<ServiceRolloutArgs>;
  /** How the Engine rolls back (not for jobs; failureAction "pause" or "continue"). */
  rollbackConfig?: pulumi.Input<ServiceRolloutArgs>;
  /** Endpoint: "vip" (default) or "dnsrr", and published ports. */
  endpoint?: pulumi.Input<{ mode?: pulumi.Input<"vip" | "dnsrr">; ports?: pulumi.Input<pulumi.Input<ServicePortArgs>[]> }>;

  // ── how this package acts ──
  /** Credentials for a private registry. Always a secret; never stored, only a hash of them. Changing them updates in place. */
  registryAuth?: pulumi.Input<RegistryAuthArgs>;
  /**
   * Pin the image to tag@digest through the registry (GET /distribution) on create and update, and
   * show a moved tag as a change in preview (one engine call). If the registry cannot be reached the
   * image is used as written and a message says so. Default false.
   */
  resolveImage?: pulumi.Input<boolean>;
  /** Waiting for the service to converge after create and update. */
  convergence?: pulumi.Input<{
    /** Wait at all (default true). */
    enabled?: pulumi.Input<boolean>;
    /** How long (default "5m"). `customTimeouts` do not apply to dynamic resources. */
    timeout?: pulumi.Input<Duration>;
    /** Give up before the timeout once a slot (or node) has failed this many times on the new spec (default 3; 0 = wait for the timeout). */
    maxFailures?: pulumi.Input<number>;
    /**
     * How long a converged service is watched before `up` moves on, so that a task that dies right
     * after starting still fails `up` (default: updateConfig.monitor, else "5s", as the docker CLI
     * waits). "0s" returns as soon as every task runs; see the README's "Stability window".
     */
    stableFor?: pulumi.Input<Duration>;
    /**
     * Lines of each failed task's log shown in the error when the service does not converge (default
     * 15; 0 shows none). Values of secret inputs are scrubbed from them either way.
     */
    logTail?: pulumi.Input<number>;
  }>;
  /** Roll a failed update back to the previous spec (`rollback=previous`) and fail `up` saying so. Default true. */
  rollbackOnFailure?: pulumi.Input<boolean>;
  /** Take over an existing service of the same name instead of failing. Default false. */
  adopt?: pulumi.Input<boolean>;
}

/** A published port as the Engine reports it (including the port it picked). */
export interface EndpointPort {
  name?: string;
  protocol: string;
  targetPort: number;
  publishedPort: number;
  publishMode: string;
}

/** The Engine's account of the last update or rollback. Empty when there was none. */
export interface UpdateStatus {
  state?: "updating" | "paused" | "completed" | "rollback_started" | "rollback_paused" | "rollback_completed" | string;
  message?: string;
  startedAt?: string;
  completedAt?: string;
}

/**
 * The service's spec as read back from the Engine, in the same shape and units as the inputs
 * (durations as "10s", CPUs as numbers, networks by name).
 */
export type SwarmServiceSpecOutput = {
  [K in Exclude<keyof SwarmServiceArgs, "connection" | "registryAuth" | "resolveImage" | "convergence" | "rollbackOnFailure" | "adopt">]?: pulumi.Unwrap<
    SwarmServiceArgs[K]
  >;
} & { name: string; image: string; mode: ServiceMode };

/**
 * A Docker Swarm service: created, updated in place with a rolling update, and waited for until it
 * has converged (replicated, global and job modes). A failed update is rolled back to the previous
 * spec and fails `up`, with the failing tasks' errors and logs.
 *
 * ```ts
 * const web = new SwarmService("web", {
 *   connection: { host: "tcp://manager:2376" },
 *   image: "nginx:1.27",
 *   replicas: 3,
 *   env: { LOG_LEVEL: "info" },
 *   endpoint: { ports: [{ targetPort: 80, publishedPort: 8080 }] },
 *   updateConfig: { parallelism: 1, order: "start-first", monitor: "10s" },
 * });
 * export const ports = web.endpointPorts;
 * ```
 */
export class SwarmService extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/docker-swarm:SwarmService";

  static override isInstance(obj: unknown): obj is SwarmService {
    return !!obj && (obj as { __swarmType?: string }).__swarmType === SwarmService.__pulumiType;
  }

  /** The service's ID. */
  declare readonly serviceId: pulumi.Output<string>;
  /** The service's name in the swarm. */
  declare readonly name: pulumi.Output<string>;
  /** The image as declared. */
  declare readonly image: pulumi.Output<string>;
  /** The service object's version index after the last write. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /** The spec as read back from the Engine, in the inputs' shape. */
  declare readonly spec: pulumi.Output<SwarmServiceSpecOutput>;
  /**
   * The parts of the read-back spec under inputs that held a secret (`env` when one of its values is
   * a `pulumi.secret`): kept out of `spec`, and always a secret.
   */
  declare readonly secretSpec: pulumi.Output<Partial<SwarmServiceSpecOutput>>;
  /** The engine the service was made on: its address and ID, and the swarm's cluster ID. Later operations act only there. */
  declare readonly engine: pulumi.Output<EngineIdentity>;
  /** Published ports, with the ports the Engine assigned. */
  declare readonly endpointPorts: pulumi.Output<EndpointPort[]>;
  /** Virtual IPs of the service on its networks. */
  declare readonly virtualIps: pulumi.Output<Array<{ networkId: string; addr: string }>>;
  /** Running tasks (as the Engine counted them when last read). */
  declare readonly runningTasks: pulumi.Output<number>;
  /** Desired tasks. */
  declare readonly desiredTasks: pulumi.Output<number>;
  /** Completed tasks (jobs). */
  declare readonly completedTasks: pulumi.Output<number>;
  /** The last update's status. */
  declare readonly updateStatus: pulumi.Output<UpdateStatus>;
  /** Jobs: the current iteration. */
  declare readonly jobIteration: pulumi.Output<number | undefined>;
  /** The image pinned by resolveImage (name:tag@digest), when it could be resolved. */
  declare readonly resolvedImage: pulumi.Output<string | undefined>;
  /** A hash of the registry credentials last sent (to notice a change). Secret. */
  declare readonly registryAuthHash: pulumi.Output<string>;
  /** Name → ID of the secrets, configs and networks the service refers to. */
  declare readonly references: pulumi.Output<{ secrets: Record<string, string>; configs: Record<string, string>; networks: Record<string, string> }>;
  /** True when this resource took over an existing service. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The Engine API version used. */
  declare readonly apiVersion: pulumi.Output<string>;

  constructor(name: string, args: SwarmServiceArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...serviceInputsOf(name, { ...args, connection: withStackConfig(args.connection) }),
      // Outputs, resolved from the provider's answer.
      serviceId: undefined,
      version: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      spec: undefined,
      secretSpec: undefined,
      engine: undefined,
      endpointPorts: undefined,
      virtualIps: undefined,
      runningTasks: undefined,
      desiredTasks: undefined,
      completedTasks: undefined,
      updateStatus: undefined,
      jobIteration: undefined,
      resolvedImage: undefined,
      registryAuthHash: undefined,
      references: undefined,
      adopted: undefined,
      apiVersion: undefined,
    };
    super(
      serviceProvider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["registryAuthHash", "secretSpec"] }),
      "docker-swarm",
      "SwarmService",
    );
    Object.defineProperty(this, "__swarmType", { value: SwarmService.__pulumiType });
  }
}

/**
 * A service's inputs as the provider receives them (also for the members of a SwarmStack deployed
 * as one): credentials made secret, references to SwarmSecret / SwarmConfig / SwarmNetwork resources
 * turned into IDs and names (which makes the service depend on them, so that a rotation updates it
 * before the old object goes), and the names of the inputs that hold a secret.
 * @internal
 */
export function serviceInputsOf(name: string, args: SwarmServiceArgs): Record<string, unknown> {
  return {
    ...args,
    connection: protectConnection(args.connection),
    registryAuth: registryAuthWithStackConfig(args.registryAuth),
    secrets: args.secrets === undefined ? undefined : pulumi.output(args.secrets).apply((list) => pulumi.output(list.map(secretRef))),
    configs: args.configs === undefined ? undefined : pulumi.output(args.configs).apply((list) => pulumi.output(list.map(configRef))),
    networks: args.networks === undefined ? undefined : pulumi.output(args.networks).apply((list) => pulumi.output(list.map(networkRef))),
    _name: name,
    _secretKeys: secretKeysOf(args, ["registryAuth", "connection"]),
  };
}

type Unwrapped<T> = pulumi.Unwrap<T>;

function secretRef(s: Unwrapped<ServiceSecretArgs>): unknown {
  const { secret, target, ...rest } = s as Unwrapped<ServiceSecretArgs> & { secret?: SwarmSecret };
  const fileName = rest.fileName ?? target;
  if (!secret) return { ...rest, ...(fileName !== undefined ? { fileName } : {}) };
  return { ...rest, secretId: secret.secretId, secretName: secret.engineName, fileName: fileName ?? secret.name };
}

function configRef(c: Unwrapped<ServiceConfigArgs>): unknown {
  const { config, target, ...rest } = c as Unwrapped<ServiceConfigArgs> & { config?: SwarmConfig };
  const fileName = rest.fileName ?? target;
  if (!config) return { ...rest, ...(fileName !== undefined ? { fileName } : {}) };
  return { ...rest, configId: config.configId, configName: config.engineName, fileName: fileName ?? config.name.apply((n) => `/${n}`) };
}

function networkRef(n: Unwrapped<string | ServiceNetworkArgs>): unknown {
  if (typeof n === "string") return n;
  const { network, ...rest } = n as Unwrapped<ServiceNetworkArgs> & { network?: SwarmNetwork };
  return network ? { ...rest, target: network.networkId } : rest;
}
