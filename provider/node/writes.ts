/**
 * Writes of a node's spec through a manager (read-modify-write with the node's version, a quorum
 * guard before any demotion) and the wait for a role change to take effect in the managers' raft.
 */
import type { DockerEngine } from "../engine";
import { isEngineError } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import type { Node, NodeSpec } from "../engine/schemas";
import { parseDuration } from "../common/duration";
import { ProviderError } from "../common/errors";
import { pollOrThrow } from "../common/poll";
import type { Progress } from "../common/progress";
import type { NodeInputs } from "./args";
import { quorumAfterLeaving, type RaftMember } from "./plan";
import { applyDeclared } from "./spec";

/**
 * Writes the declared role, availability, labels and name (read-modify-write), then waits for a role
 * change. Exported for the unit tests, which drive it against a mocked engine.
 * @internal
 */
export async function applySpec(manager: DockerEngine, id: string, inputs: NodeInputs, previouslyManagedKeys: string[], log: Progress): Promise<void> {
  const declared = { role: inputs.role, availability: inputs.availability, labels: inputs.labels, labelsMode: inputs.labelsMode, name: inputs.name };
  const written = await writeSpec(manager, id, (s) => applyDeclared(s, declared, previouslyManagedKeys), log);
  if (written) log(`node spec updated (${describeSpec(written)})`);
  if (inputs.role) await waitRole(manager, id, inputs.role, ms(inputs.roleChangeTimeout), log);
}

/**
 * Read-modify-write of the node spec (the Engine replaces it whole, with the version read). A
 * demotion is checked against the quorum guard right before the write, on a fresh list of managers.
 * Returns the spec written, or undefined when nothing needed writing.
 */
export async function writeSpec(
  manager: DockerEngine,
  id: string,
  change: (current: NodeSpec) => NodeSpec | undefined,
  log: Progress,
): Promise<NodeSpec | undefined> {
  let written: NodeSpec | undefined;
  await readModifyWrite<Node, NodeSpec>({
    read: () => manager.nodes.inspect(id),
    apply: (current) => change(current.Spec),
    write: async (current, next) => {
      if (next.Role === "worker" && current.ManagerStatus) {
        const guard = quorumAfterLeaving(raftMembers(await manager.nodes.list()), id);
        if (!guard.ok) throw new ProviderError("QUORUM", guard.message);
      }
      try {
        await manager.nodes.update(current.ID, current.Version.Index, next);
      } catch (e) {
        // Swarmkit's own refusals (raced with another change, or counted differently): say it plainly.
        if (isEngineError(e) && /loss of quorum|demote the last manager/i.test(e.engineMessage)) {
          throw new ProviderError("QUORUM", `the managers refused to demote node ${id}, because it would break quorum: ${e.engineMessage}`, e);
        }
        throw e;
      }
      written = next;
    },
    onRetry: (attempt) => log(`node ${id} changed while being updated (update out of sequence): reading it again (attempt ${attempt + 1})`),
  });
  return written;
}

/** Waits until the node is (manager) a reachable raft member, or (worker) out of the raft. */
export async function waitRole(manager: DockerEngine, id: string, role: string, timeoutMs: number, log: Progress): Promise<void> {
  await pollOrThrow({
    what: role === "manager" ? `node ${id} to join the managers' raft` : `node ${id} to leave the managers' raft`,
    step: async () => {
      const n = await manager.nodes.inspect(id);
      const reach = n.ManagerStatus?.Reachability;
      const done = role === "manager" ? reach === "reachable" : !n.ManagerStatus;
      return { done, value: n, status: n.ManagerStatus ? `raft member, ${reach}` : "not a raft member" };
    },
    timeoutMs,
    log,
  });
}

export function raftMembers(nodes: Node[]): RaftMember[] {
  return nodes
    .filter((n) => n.ManagerStatus)
    .map((n) => ({ id: n.ID, reachable: n.ManagerStatus?.Reachability === "reachable" }));
}

function describeSpec(s: NodeSpec): string {
  const labels = Object.entries(s.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
  return `role ${s.Role}, ${s.Availability}${s.Name ? `, name ${s.Name}` : ""}${labels ? `, labels ${labels}` : ""}`;
}

/** A duration input in milliseconds (inputs are validated, so the fallback is only a guard). */
export function ms(duration: string): number {
  const ns = parseDuration(duration);
  return typeof ns === "number" ? Math.max(1, Math.round(ns / 1e6)) : 120_000;
}
