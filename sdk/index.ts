/**
 * pulumi-docker-swarm: Docker Swarm clusters, nodes and services as Pulumi resources.
 */
export { Swarm, type SwarmArgs, type SwarmSpecArgs, type SwarmSpecOutput, type JoinTokens } from "./swarm";
export type { ConnectionArgs, TlsArgs, Duration } from "./types";

/** @internal The serializable provider stubs (exported for the serialization test). */
export * as _stubs from "./stubs";
