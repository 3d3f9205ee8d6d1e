/**
 * The SwarmNode resource's inputs, as one zod schema: the single source of truth for validation.
 * Property names are the user's (camelCase, as in the SDK's SwarmNodeArgs); spec.ts maps them to the
 * Engine's NodeSpec.
 */
import { z } from "zod";
import { connectionInput, durationInput, interfaceAddress, labelsInput, listenAddress, remoteAddress } from "../common/schemas";

export const roleInput = z.enum(["worker", "manager"]);
export const availabilityInput = z.enum(["active", "pause", "drain"]);

export const joinInput = z.strictObject({
  remoteAddrs: z.array(remoteAddress).min(1, "needs at least one manager address, such as 10.0.0.11:2377").meta({ description: "Addresses (\"ip:port\") of managers to join through, e.g. `[swarm.joinAddress]`. The Engine uses the first." }),
  // The message never repeats the value: it is a secret.
  token: z.string().regex(/^SWMTKN-1-\S+$/, "is not a swarm join token (they start with SWMTKN-1-)").meta({ description: "The join token: the worker or manager token of the swarm (`swarm.joinTokens.worker`). Always stored as a secret. A rotated token does not affect a node that already joined.", secret: true }),
  listenAddr: listenAddress.default("0.0.0.0:2377").meta({ description: "Address the node listens on for cluster traffic (default \"0.0.0.0:2377\")." }),
  advertiseAddr: listenAddress.optional().meta({ description: "Address other nodes reach this one on (IP or interface, optional port)." }),
  dataPathAddr: interfaceAddress.optional().meta({ description: "Address or interface for data-path (overlay) traffic." }),
  availability: availabilityInput.optional().meta({ description: "Availability the node joins with: \"active\", \"pause\" or \"drain\"." }),
});
export type JoinInput = z.infer<typeof joinInput>;

export const removalInput = z.strictObject({
  /**
   * Remove the node from the swarm when the resource is deleted. Default: true for a node this
   * resource joined, false for one managed by `nodeId` (deleting then only stops managing it).
   */
  remove: z.boolean().optional().meta({ description: "Remove the node from the swarm on delete. Default: true for a node this resource joined, false for one managed by `nodeId` (deleting the resource then leaves the node as it is)." }),
  /** Drain the node and wait for its tasks to stop before it leaves (default true). */
  drain: z.boolean().default(true).meta({ description: "Drain the node and wait for its tasks to stop before it leaves (default true)." }),
  /** How long to wait for the drained node's tasks to stop (default "2m"). */
  drainTimeout: durationInput.default("2m").meta({ description: "How long to wait for the drained node's tasks to stop, e.g. \"5m\" (default \"2m\")." }),
});
export type RemovalInput = z.infer<typeof removalInput>;

export const nodeInputsBase = z.strictObject({
  connection: connectionInput.optional().meta({ description: "The engine that joins the swarm (required with `join`). A different engine is a replacement: the old node is removed before the new one joins. With `nodeId`, optional: the node's own engine, used to make it leave cleanly when `removal.remove` is true." }),
  join: joinInput.optional().meta({ description: "Join the engine behind `connection` to a swarm. Set either this or `nodeId`." }),
  nodeId: z.string().trim().min(1, "cannot be empty").optional().meta({ description: "Manage the spec of a node that is already in the swarm: its ID, an ID prefix or its hostname." }),
  manager: connectionInput.meta({ description: "A manager of the swarm, through which the node's spec is read and written and the node removed." }),
  role: roleInput.optional().meta({ description: "\"worker\" or \"manager\": promotes or demotes the node. Left out: not managed." }),
  availability: availabilityInput.optional().meta({ description: "\"active\", \"pause\" or \"drain\". Left out: not managed." }),
  labels: labelsInput.optional().meta({ description: "Node labels (used by placement constraints `node.labels.<key>`). Left out: not managed. See `labelsMode`." }),
  labelsMode: z.enum(["exact", "merge"]).default("exact").meta({ description: "\"exact\" (default): `labels` is the node's whole label set. \"merge\": only the declared keys are managed (and removed again when dropped from `labels`); labels set by others survive." }),
  name: z.string().optional().meta({ description: "The node's name in the swarm (Spec.Name, shown by `docker node inspect`). Left out: not managed." }),
  /** Bound on the wait for a joining engine to become an active member (default "2m"). */
  joinTimeout: durationInput.default("2m").meta({ description: "How long to wait for a joining engine to become an active member (default \"2m\")." }),
  /** Bound on the wait for a promotion or demotion to take effect in the managers' raft (default "2m"). */
  roleChangeTimeout: durationInput.default("2m").meta({ description: "How long to wait for a promotion or demotion to take effect (default \"2m\")." }),
  removal: removalInput.default({ drain: true, drainTimeout: "2m" }).meta({ description: "What deleting the resource does: drain, wait, demote, leave, remove." }),
  _name: z.string().optional(),
  /** Set by the SDK: the top-level inputs that held a secret in the program. */
  _secretKeys: z.array(z.string()).optional(),
});

export const nodeInputs = nodeInputsBase.superRefine((v, ctx) => {
  if (v.join && v.nodeId !== undefined) {
    ctx.addIssue({ code: "custom", path: ["nodeId"], message: "set either join (to join an engine) or nodeId (to manage an existing node), not both" });
  }
  if (!v.join && v.nodeId === undefined) {
    ctx.addIssue({ code: "custom", path: ["join"], message: "is required unless nodeId names an existing node to manage" });
  }
  if (v.join && !v.connection) {
    ctx.addIssue({ code: "custom", path: ["connection"], message: "is required with join: it is the engine that joins the swarm" });
  }
});
export type NodeInputs = z.infer<typeof nodeInputsBase>;

/** Settings of this package only (no engine write): a change is recorded in state. */
export const RECORDED = ["manager", "labelsMode", "joinTimeout", "roleChangeTimeout", "removal"] as const;
