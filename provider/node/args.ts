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
  remoteAddrs: z.array(remoteAddress).min(1, "needs at least one manager address, such as 10.0.0.11:2377"),
  // The message never repeats the value: it is a secret.
  token: z.string().regex(/^SWMTKN-1-\S+$/, "is not a swarm join token (they start with SWMTKN-1-)"),
  listenAddr: listenAddress.default("0.0.0.0:2377"),
  advertiseAddr: listenAddress.optional(),
  dataPathAddr: interfaceAddress.optional(),
  availability: availabilityInput.optional(),
});
export type JoinInput = z.infer<typeof joinInput>;

export const removalInput = z.strictObject({
  /**
   * Remove the node from the swarm when the resource is deleted. Default: true for a node this
   * resource joined, false for one managed by `nodeId` (deleting then only stops managing it).
   */
  remove: z.boolean().optional(),
  /** Drain the node and wait for its tasks to stop before it leaves (default true). */
  drain: z.boolean().default(true),
  /** How long to wait for the drained node's tasks to stop (default "2m"). */
  drainTimeout: durationInput.default("2m"),
});
export type RemovalInput = z.infer<typeof removalInput>;

export const nodeInputsBase = z.strictObject({
  connection: connectionInput.optional(),
  join: joinInput.optional(),
  nodeId: z.string().trim().min(1, "cannot be empty").optional(),
  manager: connectionInput,
  role: roleInput.optional(),
  availability: availabilityInput.optional(),
  labels: labelsInput.optional(),
  labelsMode: z.enum(["exact", "merge"]).default("exact"),
  name: z.string().optional(),
  /** Bound on the wait for a joining engine to become an active member (default "2m"). */
  joinTimeout: durationInput.default("2m"),
  /** Bound on the wait for a promotion or demotion to take effect in the managers' raft (default "2m"). */
  roleChangeTimeout: durationInput.default("2m"),
  removal: removalInput.default({ drain: true, drainTimeout: "2m" }),
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
