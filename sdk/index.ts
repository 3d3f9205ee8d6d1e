/**
 * pulumi-docker-swarm: Docker Swarm clusters, nodes and services as Pulumi resources.
 */
export { Swarm, type SwarmArgs, type SwarmSpecArgs, type SwarmSpecOutput, type JoinTokens } from "./swarm";
export { SwarmNode, type SwarmNodeArgs, type SwarmNodeJoinArgs, type SwarmNodeRemovalArgs, type SwarmNodeManagerStatus } from "./swarm-node";
export type { ConnectionArgs, TlsArgs, Duration, EngineIdentity } from "./types";
export { SwarmService, type SwarmServiceArgs, type SwarmServiceSpecOutput, type EndpointPort, type UpdateStatus, type ServiceMode, type ServiceMountArgs, type ServiceSecretArgs, type ServiceConfigArgs, type ServiceNetworkArgs, type ServicePortArgs, type ServiceRolloutArgs, type RegistryAuthArgs, type ByteSize, type FileMode } from "./swarm-service";
export { SwarmSecret, SwarmConfig, type SwarmSecretArgs, type SwarmConfigArgs, type DriverArgs } from "./swarm-data-object";
export { SwarmNetwork, type SwarmNetworkArgs, type SwarmNetworkIpamConfigArgs } from "./swarm-network";
export { SwarmStack, type SwarmStackArgs, type StackServiceOutput } from "./swarm-stack";
export * from "./lookups";

/** @internal The serializable provider stubs (exported for the serialization test). */
export * as _stubs from "./stubs";
