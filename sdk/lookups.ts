/**
 * Read-only look-ups of swarms, nodes, services, tasks and logs. Dynamic providers cannot serve
 * Pulumi invokes, so these are plain functions that call the Engine from the program's own process,
 * each in a Promise form (`getX`) and an Output form (`getXOutput`, taking Inputs), like Pulumi's own.
 * Results that hold join tokens are secret in the Output form.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./types";
import { lookupConnection } from "./config";
// Type-only: erased at run time, so the SDK still loads the Engine client lazily.
import type { ConfigLookup, NetworkLookup, NodeLookup, ObjectFilters, SecretLookup, TaskLookup } from "../provider/lookups";
import type { JoinTokens, SwarmSpecOutput } from "./swarm";
import type { SwarmServiceSpecOutput } from "./swarm-service";

type Plain<T> = T extends pulumi.Input<infer U> ? U : T;
/** A connection given as plain values (the Promise forms). */
export type PlainConnection = { [K in keyof ConnectionArgs]?: Plain<ConnectionArgs[K]> };

// Loaded lazily: programs that never look anything up do not load the Engine client.
function impl(): typeof import("../provider/lookups") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../provider/lookups");
}

// ─── swarm ───────────────────────────────────────────────────────────────────

export interface GetSwarmArgs {
  /** The engine to ask (a manager gives the full answer; any engine gives its local state). */
  connection?: PlainConnection;
}

export interface GetSwarmResult {
  /** The swarm's ID ("" when the engine is in no swarm). */
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The swarm's spec (only when asked of an active manager). */
  spec?: SwarmSpecOutput;
  autolock: boolean;
  /** Join tokens (only when asked of an active manager). Secret in getSwarmOutput. */
  joinTokens?: JoinTokens;
  /** The engine's own state: "inactive", "pending", "active", "locked" or "error". */
  localNodeState: string;
  nodeId: string;
  nodeAddr: string;
  controlAvailable: boolean;
  managers: number;
  nodes: number;
  remoteManagers: Array<{ nodeId: string; addr: string }>;
  error: string;
}

/** The swarm as seen from one engine. */
export function getSwarm(args: GetSwarmArgs = {}): Promise<GetSwarmResult> {
  return impl().getSwarm(lookupConnection(args.connection) as never) as Promise<GetSwarmResult>;
}

/** getSwarm as an Output. The whole result is secret, since it carries the join tokens. */
export function getSwarmOutput(args: { connection?: pulumi.Input<ConnectionArgs> } = {}): pulumi.Output<GetSwarmResult> {
  return pulumi.secret(pulumi.output(args).apply((a) => getSwarm(a as GetSwarmArgs)));
}

// ─── nodes ───────────────────────────────────────────────────────────────────

/** The Engine's node filters. */
export interface NodeFilters {
  id?: string[];
  /** Engine labels (`key` or `key=value`). */
  label?: string[];
  /** Node labels set on the node spec (`key`, `key=value`, `key!=value`). */
  "node.label"?: string[];
  membership?: Array<"accepted" | "pending">;
  /** Hostname prefix. */
  name?: string[];
  role?: Array<"manager" | "worker">;
}

/** A node as a manager reports it (the same shape the provider's look-up builds). */
export type NodeInfo = NodeLookup;

export interface GetNodesArgs {
  /** A manager engine. */
  connection?: PlainConnection;
  filters?: NodeFilters;
}

/** Nodes of the swarm, as a manager sees them, optionally filtered. */
export function getNodes(args: GetNodesArgs = {}): Promise<NodeInfo[]> {
  return impl().getNodes(lookupConnection(args.connection) as never, args.filters as never);
}

export function getNodesOutput(args: { connection?: pulumi.Input<ConnectionArgs>; filters?: pulumi.Input<NodeFilters> } = {}): pulumi.Output<NodeInfo[]> {
  return pulumi.output(args).apply((a) => getNodes(a as GetNodesArgs));
}

export interface GetNodeArgs {
  connection?: PlainConnection;
  /** Node ID, hostname or ID prefix. */
  id: string;
}

export function getNode(args: GetNodeArgs): Promise<NodeInfo> {
  return impl().getNode(lookupConnection(args.connection) as never, args.id);
}

export function getNodeOutput(args: { connection?: pulumi.Input<ConnectionArgs>; id: pulumi.Input<string> }): pulumi.Output<NodeInfo> {
  return pulumi.output(args).apply((a) => getNode(a as GetNodeArgs));
}

// ─── tasks ───────────────────────────────────────────────────────────────────

/** A task as a manager reports it. */
export type TaskInfo = TaskLookup;

export interface GetServiceTasksArgs {
  connection?: PlainConnection;
  /** Service name or ID. */
  service: string;
  /** Only tasks whose desired state is this (e.g. "running", "shutdown"). */
  desiredState?: string;
}

/** A service's tasks, ordered by slot (or node) and newest first. */
export function getServiceTasks(args: GetServiceTasksArgs): Promise<TaskInfo[]> {
  return impl().getServiceTasks(lookupConnection(args.connection) as never, args.service, args.desiredState);
}

export function getServiceTasksOutput(args: {
  connection?: pulumi.Input<ConnectionArgs>;
  service: pulumi.Input<string>;
  desiredState?: pulumi.Input<string>;
}): pulumi.Output<TaskInfo[]> {
  return pulumi.output(args).apply((a) => getServiceTasks(a as GetServiceTasksArgs));
}

// ─── services ────────────────────────────────────────────────────────────────

/** The Engine's service filters. */
export interface ServiceFilters {
  /** ID prefixes. */
  id?: string[];
  /** `key` or `key=value`. */
  label?: string[];
  mode?: Array<"replicated" | "global" | "replicated-job" | "global-job">;
  /** Name prefixes (the Engine matches prefixes). */
  name?: string[];
}

export interface ServiceInfo {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The spec, in the same camelCase shape as SwarmService's inputs. */
  spec: SwarmServiceSpecOutput;
  runningTasks: number;
  desiredTasks: number;
  completedTasks: number;
  /** The state of the last rolling update (`{}` when none). */
  updateStatus: { state?: string; message?: string; startedAt?: string; completedAt?: string };
}

export interface GetServicesArgs {
  /** A manager engine. */
  connection?: PlainConnection;
  filters?: ServiceFilters;
}

/** Services of the swarm with their task counts, optionally filtered. */
export function getServices(args: GetServicesArgs = {}): Promise<ServiceInfo[]> {
  return impl().getServices(lookupConnection(args.connection) as never, args.filters as never) as unknown as Promise<ServiceInfo[]>;
}

export function getServicesOutput(args: { connection?: pulumi.Input<ConnectionArgs>; filters?: pulumi.Input<ServiceFilters> } = {}): pulumi.Output<ServiceInfo[]> {
  return pulumi.output(args).apply((a) => getServices(a as GetServicesArgs));
}

export interface GetServiceArgs {
  connection?: PlainConnection;
  /** Service ID or exact name. */
  service: string;
}

export function getService(args: GetServiceArgs): Promise<ServiceInfo> {
  return impl().getService(lookupConnection(args.connection) as never, args.service) as unknown as Promise<ServiceInfo>;
}

export function getServiceOutput(args: { connection?: pulumi.Input<ConnectionArgs>; service: pulumi.Input<string> }): pulumi.Output<ServiceInfo> {
  return pulumi.output(args).apply((a) => getService(a as GetServiceArgs));
}

// ─── logs ────────────────────────────────────────────────────────────────────

export interface GetServiceLogsArgs {
  connection?: PlainConnection;
  /** Service name or ID. */
  service: string;
  /** Only the last N lines of each task. */
  tail?: number;
  /** Only lines newer than this: UNIX seconds, or an RFC 3339 time. */
  since?: number | string;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Include stdout (default true). */
  stdout?: boolean;
  /** Include stderr (default true). */
  stderr?: boolean;
  /** Keep at most this many bytes of text, the newest (default 1 MiB). */
  maxBytes?: number;
}

export interface ServiceLogs {
  /** Demultiplexed lines: which stream, and the text without its newline. */
  lines: Array<{ stream: "stdout" | "stderr" | "stdin" | "system"; text: string }>;
  /** True when older lines were dropped to stay within maxBytes. */
  truncated: boolean;
}

/** A service's logs (all its tasks), demultiplexed into lines. */
export function getServiceLogs(args: GetServiceLogsArgs): Promise<ServiceLogs> {
  const { connection, service, ...req } = args;
  return impl().getServiceLogs(lookupConnection(connection) as never, service, req);
}

export function getServiceLogsOutput(args: pulumi.Inputs & { service: pulumi.Input<string> }): pulumi.Output<ServiceLogs> {
  return pulumi.output(args).apply((a) => getServiceLogs(a as unknown as GetServiceLogsArgs));
}

// ─── secrets, configs, networks ──────────────────────────────────────────────

/** Filters of getSecrets / getConfigs / getNetworks: exact names, and labels (`key` or `key=value`). */
export type ObjectLookupFilters = ObjectFilters;
/** A swarm secret's metadata (the Engine never returns a secret's data). */
export type SecretInfo = SecretLookup;
/** A swarm config's metadata. */
export type ConfigInfo = ConfigLookup;
/** A swarm-scoped network. */
export type NetworkInfo = NetworkLookup;

export interface GetObjectsArgs {
  /** A manager of the swarm. */
  connection?: PlainConnection;
  filters?: ObjectLookupFilters;
}

/** The swarm's secrets (metadata only). */
export function getSecrets(args: GetObjectsArgs = {}): Promise<SecretInfo[]> {
  return impl().getSecrets(lookupConnection(args.connection) as never, args.filters);
}

export function getSecretsOutput(args: { connection?: pulumi.Input<ConnectionArgs>; filters?: pulumi.Input<ObjectLookupFilters> } = {}): pulumi.Output<SecretInfo[]> {
  return pulumi.output(args).apply((a) => getSecrets(a as GetObjectsArgs));
}

/** The swarm's configs (metadata only). */
export function getConfigs(args: GetObjectsArgs = {}): Promise<ConfigInfo[]> {
  return impl().getConfigs(lookupConnection(args.connection) as never, args.filters);
}

export function getConfigsOutput(args: { connection?: pulumi.Input<ConnectionArgs>; filters?: pulumi.Input<ObjectLookupFilters> } = {}): pulumi.Output<ConfigInfo[]> {
  return pulumi.output(args).apply((a) => getConfigs(a as GetObjectsArgs));
}

/** The swarm-scoped networks (overlays, the ingress). */
export function getNetworks(args: GetObjectsArgs = {}): Promise<NetworkInfo[]> {
  return impl().getNetworks(lookupConnection(args.connection) as never, args.filters);
}

export function getNetworksOutput(args: { connection?: pulumi.Input<ConnectionArgs>; filters?: pulumi.Input<ObjectLookupFilters> } = {}): pulumi.Output<NetworkInfo[]> {
  return pulumi.output(args).apply((a) => getNetworks(a as GetObjectsArgs));
}
