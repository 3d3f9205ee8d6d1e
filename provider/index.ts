/**
 * The implementation loaded by name (`require("pulumi-docker-swarm/provider")`) inside Pulumi's
 * provider host. Nothing here is ever serialized into state: the stubs in sdk/ only delegate to it.
 */
export * as engine from "./engine";
export * as swarm from "./swarm";
export * as node from "./node";
export * as service from "./service";
export * as network from "./network";
export { secret, config } from "./data-object";
export * as lookups from "./lookups";
