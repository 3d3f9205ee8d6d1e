/** Read-only look-ups (the SDK's getX / getXOutput functions call these from the program's process). */
export { getSwarm, type SwarmLookup } from "./swarm";
export { getNodes, getNode, toNodeLookup, type NodeLookup } from "./nodes";
export { getServiceTasks, toTaskLookup, type TaskLookup } from "./tasks";
export { getServices, getService, getServiceLogs, type ServiceLookup, type LogsRequest, type LogsLookup } from "./services";
export { getSecrets, getConfigs, getNetworks, type SecretLookup, type ConfigLookup, type NetworkLookup, type ObjectFilters } from "./objects";
