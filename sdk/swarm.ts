import * as pulumi from "@pulumi/pulumi";
import { swarmProvider } from "./stubs";
import { protectConnection, type ConnectionArgs, type Duration, type EngineIdentity } from "./types";
import { withStackConfig } from "./config";

/** Settings of the swarm that can be changed at any time (updated in place). */
export interface SwarmSpecArgs {
  /** Labels of the swarm. When set, this is the exact set. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** How many old tasks to keep per slot or node (engine default 5; negative keeps all). */
  taskHistoryRetentionLimit?: pulumi.Input<number>;
  /** Raft consensus settings. */
  raft?: pulumi.Input<{
    /** Log entries between snapshots (engine default 10000). */
    snapshotInterval?: pulumi.Input<number>;
    /** Snapshots to keep beyond the current one (default 0). */
    keepOldSnapshots?: pulumi.Input<number>;
    /** Log entries kept for slow followers after a snapshot (default 500). */
    logEntriesForSlowFollowers?: pulumi.Input<number>;
    /** Ticks without a leader before an election (default 10). The engine stores it; its running raft uses its own daemon setting. */
    electionTick?: pulumi.Input<number>;
    /** Ticks between leader heartbeats (default 1). Same caveat as electionTick. */
    heartbeatTick?: pulumi.Input<number>;
  }>;
  /** How often nodes report to the dispatcher, e.g. "5s" (engine default). */
  dispatcherHeartbeatPeriod?: pulumi.Input<Duration>;
  /** Certificate authority settings. */
  caConfig?: pulumi.Input<{
    /** Validity of node certificates, e.g. "2160h" (engine default, 90 days; minimum "1h"). */
    nodeCertExpiry?: pulumi.Input<Duration>;
    /** External CAs that issue node certificates. */
    externalCAs?: pulumi.Input<
      pulumi.Input<{
        /** Only "cfssl" exists. */
        protocol?: pulumi.Input<"cfssl">;
        url: pulumi.Input<string>;
        options?: pulumi.Input<Record<string, pulumi.Input<string>>>;
        /** PEM of the external CA's root certificate. */
        caCert?: pulumi.Input<string>;
      }>[]
    >;
    /** PEM of a new root CA certificate to rotate to. */
    signingCACert?: pulumi.Input<string>;
    /** PEM of its key. Always stored as a secret; never in outputs. */
    signingCAKey?: pulumi.Input<string>;
    /** Increase to force a root CA rotation. */
    forceRotate?: pulumi.Input<number>;
  }>;
  /** Defaults for tasks. */
  taskDefaults?: pulumi.Input<{
    /**
     * Default log driver of tasks. Note: the Docker Engine accepts but drops this setting
     * (moby/moby#53396); it is sent, and compared only with what this program applied before.
     */
    logDriver?: pulumi.Input<{ name: pulumi.Input<string>; options?: pulumi.Input<Record<string, pulumi.Input<string>>> }>;
  }>;
}

export interface SwarmArgs {
  /** The engine that initialises the swarm and becomes its first manager. */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Address the manager listens on for cluster traffic, e.g. "0.0.0.0:2377" (default). Init only. */
  listenAddr?: pulumi.Input<string>;
  /** Address other nodes use to reach this manager (IP or interface, optional port). Init only. */
  advertiseAddr?: pulumi.Input<string>;
  /** Address or interface for data-path (overlay) traffic. Init only. */
  dataPathAddr?: pulumi.Input<string>;
  /** UDP port for data-path (VXLAN) traffic, 1024–49151 (engine default 4789). Init only. */
  dataPathPort?: pulumi.Input<number>;
  /** Address pools for overlay networks, as CIDRs (engine default 10.0.0.0/8). Init only. */
  defaultAddrPool?: pulumi.Input<pulumi.Input<string>[]>;
  /** Prefix length of each overlay subnet taken from the pools (default 24). Init only. */
  subnetSize?: pulumi.Input<number>;
  /**
   * Initialise with force-new-cluster (from this engine's existing swarm state). Only read at create;
   * changing it later does nothing (use `recoverQuorum` to recover a swarm that lost quorum).
   */
  forceNewCluster?: pulumi.Input<boolean>;
  /** Availability of the first manager when it joins: "active", "pause" or "drain". Init only. */
  availability?: pulumi.Input<"active" | "pause" | "drain">;
  /** Lock managers' keys at rest: a restarted manager must be unlocked with `unlockKey`. */
  autolock?: pulumi.Input<boolean>;
  /** Cluster settings, updated in place. Settings left out are not managed: the swarm keeps its values. */
  spec?: pulumi.Input<SwarmSpecArgs>;
  /** Change this value (any string or number) to rotate the worker join token on the next `up`. */
  rotateWorkerToken?: pulumi.Input<string | number>;
  /** Change this value to rotate the manager join token on the next `up`. */
  rotateManagerToken?: pulumi.Input<string | number>;
  /** Change this value to rotate the unlock key on the next `up` (autolock on). */
  rotateUnlockKey?: pulumi.Input<string | number>;
  /**
   * Recovery from a lost quorum, on request. When the managers can no longer form a majority (the
   * swarm has no leader: too many managers are down for good), change this value (the date, say) and
   * run `up`: it runs `docker swarm init --force-new-cluster` on this resource's manager, which keeps
   * the swarm (ID, services, secrets, configs, networks, nodes) and makes it the only raft member.
   * `preview` says so; with a healthy quorum a changed value does nothing. Never automatic: a
   * partition that heals would otherwise leave two swarms.
   */
  recoverQuorum?: pulumi.Input<string | number>;
  /**
   * How long `up` waits for a root CA rotation (new signing material or forceRotate) to reach every
   * node, e.g. "10m" (default "5m").
   */
  caRotationTimeout?: pulumi.Input<Duration>;
  /** When the manager is found locked, unlock it on `up` with the key held in state (default true). */
  unlock?: pulumi.Input<boolean>;
  /**
   * Take over the swarm that already exists on this engine instead of initialising one
   * (`pulumi import` does not work for dynamic resources). Default false.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Make the engine leave the swarm when this resource is deleted. Default: true for a swarm this
   * resource initialised, false for an adopted one.
   */
  leaveOnDelete?: pulumi.Input<boolean>;
}

/** Join tokens of a swarm. Secret. */
export interface JoinTokens {
  worker: string;
  manager: string;
}

/** The swarm settings as read back from the engine. */
export interface SwarmSpecOutput {
  labels: Record<string, string>;
  taskHistoryRetentionLimit?: number;
  raft: {
    snapshotInterval?: number;
    keepOldSnapshots?: number;
    logEntriesForSlowFollowers?: number;
    electionTick?: number;
    heartbeatTick?: number;
  };
  dispatcherHeartbeatPeriod?: string;
  caConfig: {
    nodeCertExpiry?: string;
    externalCAs: Array<{ protocol: string; url: string; options: Record<string, string>; caCert?: string }>;
    forceRotate: number;
  };
}

/**
 * A Docker Swarm, initialised on the engine given by `connection`, which becomes its first manager.
 *
 * ```ts
 * const swarm = new Swarm("cluster", {
 *   connection: { host: "unix:///var/run/docker.sock" },
 *   advertiseAddr: "10.0.0.11",
 *   autolock: true,
 *   spec: { taskHistoryRetentionLimit: 3, caConfig: { nodeCertExpiry: "720h" } },
 * });
 * export const workerToken = swarm.joinTokens.worker; // secret
 * ```
 */
export class Swarm extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/docker-swarm:Swarm";

  static override isInstance(obj: unknown): obj is Swarm {
    return !!obj && (obj as { __swarmType?: string }).__swarmType === Swarm.__pulumiType;
  }

  /** The swarm's cluster ID. */
  declare readonly swarmId: pulumi.Output<string>;
  /** The ID of the manager node this resource initialised (or adopted). */
  declare readonly nodeId: pulumi.Output<string>;
  /** The swarm object's version index after the last write. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /** Worker and manager join tokens. Secret. */
  declare readonly joinTokens: pulumi.Output<JoinTokens>;
  /** The key that unlocks a restarted manager; empty when autolock is off. Secret. */
  declare readonly unlockKey: pulumi.Output<string>;
  /** The address nodes join, "ip:port" of this manager. */
  declare readonly joinAddress: pulumi.Output<string>;
  /** The manager's local state: "active", or "locked" after a restart with autolock. */
  declare readonly localNodeState: pulumi.Output<string>;
  /** Whether autolock is on, as read back. */
  declare readonly autolock: pulumi.Output<boolean>;
  /** The swarm settings as read back from the engine. */
  declare readonly spec: pulumi.Output<SwarmSpecOutput>;
  /** PEM of the swarm's root CA certificate. */
  declare readonly trustRoot: pulumi.Output<string>;
  /** True when this resource took over an existing swarm. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The engine's version, e.g. "26.1.5". */
  declare readonly engineVersion: pulumi.Output<string>;
  /** The engine this swarm was initialised (or adopted) on; later operations act only there. */
  declare readonly engine: pulumi.Output<EngineIdentity>;
  /** The Engine API version used. */
  declare readonly apiVersion: pulumi.Output<string>;
  /** The overlay subnet size the swarm uses. */
  declare readonly subnetSizeInUse: pulumi.Output<number>;
  /** The overlay address pools the swarm uses. */
  declare readonly defaultAddrPoolInUse: pulumi.Output<string[]>;
  /** The data-path (VXLAN) port the swarm uses. */
  declare readonly dataPathPortInUse: pulumi.Output<number>;

  constructor(name: string, args: SwarmArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...args,
      connection: protectConnection(withStackConfig(args.connection)),
      // The CA signing key travels apart from the spec, always as a secret, so that the rest of the
      // spec stays readable in state and outputs.
      spec: args.spec && pulumi.output(args.spec).apply(withoutSigningKey),
      _signingCAKey: args.spec && pulumi.secret(pulumi.output(args.spec).apply((s) => s?.caConfig?.signingCAKey ?? "")),
      _name: name,
      // Outputs, resolved from the provider's answer.
      swarmId: undefined,
      nodeId: undefined,
      version: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      joinTokens: undefined,
      unlockKey: undefined,
      joinAddress: undefined,
      localNodeState: undefined,
      trustRoot: undefined,
      adopted: undefined,
      engineVersion: undefined,
      engine: undefined,
      apiVersion: undefined,
      subnetSizeInUse: undefined,
      defaultAddrPoolInUse: undefined,
      dataPathPortInUse: undefined,
    };
    super(
      swarmProvider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["joinTokens", "unlockKey"] }),
      "docker-swarm",
      "Swarm",
    );
    Object.defineProperty(this, "__swarmType", { value: Swarm.__pulumiType });
  }
}

function withoutSigningKey(s: pulumi.Unwrap<SwarmSpecArgs>): pulumi.Unwrap<SwarmSpecArgs> {
  if (!s?.caConfig?.signingCAKey) return s;
  const { signingCAKey: _key, ...caConfig } = s.caConfig;
  return { ...s, caConfig };
}
