import * as pulumi from "@pulumi/pulumi";
import { nodeProvider } from "./stubs";
import { protectConnection, type ConnectionArgs, type Duration, type EngineIdentity } from "./types";
import { withStackConfig } from "./config";

/** How an engine joins the swarm. Only used when it joins: changing it later never re-joins the node. */
export interface SwarmNodeJoinArgs {
  /** Addresses ("ip:port") of managers to join through, e.g. `[swarm.joinAddress]`. The Engine uses the first. */
  remoteAddrs: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The join token: the worker or manager token of the swarm (`swarm.joinTokens.worker`). Always
   * stored as a secret. A rotated token does not affect a node that already joined.
   */
  token: pulumi.Input<string>;
  /** Address the node listens on for cluster traffic (default "0.0.0.0:2377"). */
  listenAddr?: pulumi.Input<string>;
  /** Address other nodes reach this one on (IP or interface, optional port). */
  advertiseAddr?: pulumi.Input<string>;
  /** Address or interface for data-path (overlay) traffic. */
  dataPathAddr?: pulumi.Input<string>;
  /** Availability the node joins with: "active", "pause" or "drain". */
  availability?: pulumi.Input<"active" | "pause" | "drain">;
}

/** What deleting the resource does to the node. */
export interface SwarmNodeRemovalArgs {
  /**
   * Remove the node from the swarm on delete. Default: true for a node this resource joined, false
   * for one managed by `nodeId` (deleting the resource then leaves the node as it is).
   */
  remove?: pulumi.Input<boolean>;
  /** Drain the node and wait for its tasks to stop before it leaves (default true). */
  drain?: pulumi.Input<boolean>;
  /** How long to wait for the drained node's tasks to stop, e.g. "5m" (default "2m"). */
  drainTimeout?: pulumi.Input<Duration>;
}

export interface SwarmNodeArgs {
  /**
   * The engine that joins the swarm (required with `join`). A different engine is a replacement: the
   * old node is removed before the new one joins. With `nodeId`, optional: the node's own engine,
   * used to make it leave cleanly when `removal.remove` is true.
   */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Join the engine behind `connection` to a swarm. Set either this or `nodeId`. */
  join?: pulumi.Input<SwarmNodeJoinArgs>;
  /** Manage the spec of a node that is already in the swarm: its ID, an ID prefix or its hostname. */
  nodeId?: pulumi.Input<string>;
  /** A manager of the swarm, through which the node's spec is read and written and the node removed (default: the stack's docker-swarm:* configuration). */
  manager?: pulumi.Input<ConnectionArgs>;
  /** "worker" or "manager": promotes or demotes the node. Left out: not managed. */
  role?: pulumi.Input<"worker" | "manager">;
  /** "active", "pause" or "drain". Left out: not managed. */
  availability?: pulumi.Input<"active" | "pause" | "drain">;
  /** Node labels (used by placement constraints `node.labels.<key>`). Left out: not managed. See `labelsMode`. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * "exact" (default): `labels` is the node's whole label set. "merge": only the declared keys are
   * managed (and removed again when dropped from `labels`); labels set by others survive.
   */
  labelsMode?: pulumi.Input<"exact" | "merge">;
  /** The node's name in the swarm (Spec.Name, shown by `docker node inspect`). Left out: not managed. */
  name?: pulumi.Input<string>;
  /** How long to wait for a joining engine to become an active member (default "2m"). */
  joinTimeout?: pulumi.Input<Duration>;
  /** How long to wait for a promotion or demotion to take effect (default "2m"). */
  roleChangeTimeout?: pulumi.Input<Duration>;
  /** What deleting the resource does: drain, wait, demote, leave, remove. */
  removal?: pulumi.Input<SwarmNodeRemovalArgs>;
}

/** A manager's place in the raft, as the managers report it. */
export interface SwarmNodeManagerStatus {
  leader: boolean;
  /** "reachable", "unreachable" or "unknown". */
  reachability: string;
  /** "ip:port" the manager listens on for raft traffic. */
  address: string;
}

/**
 * A node of a Docker Swarm: an engine joined by this resource, or an existing node whose spec it
 * manages. Its role, availability, labels and name are applied through a manager.
 *
 * Deleting it is safe by default: the node is drained and its tasks stop (and are rescheduled
 * elsewhere), a manager is demoted, its engine leaves the swarm, and the node is removed through the
 * manager (by force when its engine cannot be reached). A demotion or removal that would leave the
 * managers without a majority is refused.
 *
 * ```ts
 * const worker = new SwarmNode("worker-1", {
 *   connection: { host: "tcp://10.0.0.12:2376" },
 *   manager: { host: "tcp://10.0.0.11:2376" },
 *   join: { remoteAddrs: [swarm.joinAddress], token: swarm.joinTokens.worker, advertiseAddr: "10.0.0.12" },
 *   labels: { zone: "a" },
 * });
 * ```
 */
export class SwarmNode extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/docker-swarm:SwarmNode";

  static override isInstance(obj: unknown): obj is SwarmNode {
    return !!obj && (obj as { __swarmType?: string }).__swarmType === SwarmNode.__pulumiType;
  }

  /** The node's ID in the swarm. */
  declare readonly nodeId: pulumi.Output<string>;
  /** The hostname of the node's engine. */
  declare readonly hostname: pulumi.Output<string>;
  /** "worker" or "manager", as the managers report it. */
  declare readonly role: pulumi.Output<string>;
  /** "active", "pause" or "drain", as the managers report it. */
  declare readonly availability: pulumi.Output<string>;
  /** The node's labels, as the managers report them (all of them, also in merge mode). */
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** The node's name in the swarm ("" when it has none). */
  declare readonly name: pulumi.Output<string>;
  /** "ready", "down", "unknown" or "disconnected". */
  declare readonly state: pulumi.Output<string>;
  /** The managers' message about the node's state (e.g. "heartbeat failure"). */
  declare readonly stateMessage: pulumi.Output<string>;
  /** The address the managers see the node at. */
  declare readonly address: pulumi.Output<string>;
  /** The Docker Engine version of the node, e.g. "26.1.5". */
  declare readonly engineVersion: pulumi.Output<string>;
  /** The node's place in the managers' raft; null unless it is a manager. */
  declare readonly managerStatus: pulumi.Output<SwarmNodeManagerStatus | null>;
  /** The node object's version index after the last write or read. */
  declare readonly version: pulumi.Output<number>;
  /** True when the engine was already a member of this swarm and the resource took it over. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The node's own engine as recorded when it joined (absent when the resource has no `connection`). */
  declare readonly engine: pulumi.Output<EngineIdentity | undefined>;
  /** The manager the node is managed through, as recorded at create: later operations go only through a manager of that swarm. */
  declare readonly managerEngine: pulumi.Output<EngineIdentity>;

  constructor(name: string, args: SwarmNodeArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...args,
      connection: protectConnection(withStackConfig(args.connection, args.join !== undefined)),
      manager: protectConnection(withStackConfig(args.manager)),
      join: protectJoin(args.join),
      _name: name,
      // Outputs, resolved from the provider's answer.
      hostname: undefined,
      state: undefined,
      stateMessage: undefined,
      address: undefined,
      engineVersion: undefined,
      managerStatus: undefined,
      version: undefined,
      adopted: undefined,
      engine: undefined,
      managerEngine: undefined,
    };
    // Inputs and outputs under one name: seeded so that they resolve from the provider's answer too.
    for (const key of ["nodeId", "role", "availability", "labels", "name"]) if (!(key in props)) props[key] = undefined;
    super(
      nodeProvider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["join"] }),
      "docker-swarm",
      "SwarmNode",
    );
    Object.defineProperty(this, "__swarmType", { value: SwarmNode.__pulumiType });
  }
}

/** The join settings carry the token: the whole object is a secret wherever it is stored. */
function protectJoin(join: pulumi.Input<SwarmNodeJoinArgs> | undefined): pulumi.Input<SwarmNodeJoinArgs> | undefined {
  return join === undefined ? undefined : (pulumi.secret(join) as pulumi.Input<SwarmNodeJoinArgs>);
}
