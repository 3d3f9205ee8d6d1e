import * as pulumi from "@pulumi/pulumi";
import { networkProvider } from "./stubs";
import { protectConnection, type ConnectionArgs, type EngineIdentity } from "./types";
import { withStackConfig } from "./config";

export interface SwarmNetworkIpamConfigArgs {
  /** A CIDR, e.g. "10.20.0.0/24". Subnets of one network must not overlap. */
  subnet: pulumi.Input<string>;
  /** The part of the subnet tasks get addresses from. */
  ipRange?: pulumi.Input<string>;
  gateway?: pulumi.Input<string>;
  auxAddresses?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface SwarmNetworkArgs {
  /** A manager of the swarm. */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The network's name (default: the resource's name). */
  name?: pulumi.Input<string>;
  /** "overlay" (default). */
  driver?: pulumi.Input<string>;
  /** Standalone containers may attach too (`docker run --network`). */
  attachable?: pulumi.Input<boolean>;
  /** No route out of the network. */
  internal?: pulumi.Input<boolean>;
  /** Encrypt the overlay's data path (IPsec). */
  encrypted?: pulumi.Input<boolean>;
  /** A custom routing-mesh network, replacing the swarm's `ingress` (remove that one first). */
  ingress?: pulumi.Input<boolean>;
  enableIPv6?: pulumi.Input<boolean>;
  ipam?: pulumi.Input<{
    driver?: pulumi.Input<string>;
    config?: pulumi.Input<pulumi.Input<SwarmNetworkIpamConfigArgs>[]>;
    options?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  }>;
  /** Driver options, e.g. { "com.docker.network.driver.mtu": "1400" }. */
  options?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Always "swarm" for a swarm's networks. */
  scope?: pulumi.Input<"swarm">;
  /** Take over an existing network of this name (its declared settings must match) instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A swarm-scoped network (overlay by default). The Engine cannot change a network, so every setting
 * change makes a new one: services that refer to this resource move to it with an in-place update,
 * and the old network is removed last. Services are removed before their networks on delete.
 *
 * ```ts
 * const backend = new SwarmNetwork("backend", { connection, attachable: true, encrypted: true });
 * new SwarmService("api", { connection, image, networks: [{ network: backend, aliases: ["api"] }] });
 * ```
 */
export class SwarmNetwork extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/docker-swarm:SwarmNetwork";

  declare readonly networkId: pulumi.Output<string>;
  /** The declared name. */
  declare readonly name: pulumi.Output<string>;
  /** The network's name on the Engine (the declared one, or with a short hash while a replacement's old network holds it). */
  declare readonly engineName: pulumi.Output<string>;
  declare readonly scope: pulumi.Output<string>;
  /** The subnets in use (the Engine picks one from the swarm's pools when none is declared). */
  declare readonly subnets: pulumi.Output<Array<{ subnet?: string; gateway?: string; ipRange?: string }>>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly engine: pulumi.Output<EngineIdentity>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: SwarmNetworkArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...args,
      connection: protectConnection(withStackConfig(args.connection)),
      _name: name,
      _owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
    };
    for (const key of ["networkId", "name", "engineName", "scope", "subnets", "createdAt", "engine", "adopted"]) if (!(key in props)) props[key] = undefined;
    super(networkProvider, name, props, opts, "docker-swarm", "SwarmNetwork");
    Object.defineProperty(this, "__swarmType", { value: SwarmNetwork.__pulumiType });
  }

  static override isInstance(obj: unknown): obj is SwarmNetwork {
    return !!obj && (obj as { __swarmType?: string }).__swarmType === SwarmNetwork.__pulumiType;
  }
}
