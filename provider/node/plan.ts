/**
 * Pure decisions for the risky node operations, kept apart from the I/O so they can be tested
 * exhaustively: the quorum guard (may this manager leave the raft?) and the removal plan (which
 * steps a delete takes, in which order, and whether it must refuse).
 */

/** A member of the managers' raft, as GET /nodes reports it (nodes with a ManagerStatus). */
export interface RaftMember {
  id: string;
  reachable: boolean;
}

export interface QuorumCheck {
  ok: boolean;
  /** Raft members now, and how many of them are reachable. */
  managers: number;
  reachable: number;
  /** The same after the node leaves the raft, and the majority that the rest needs. */
  remaining: number;
  reachableRemaining: number;
  majority: number;
  /** Why it is refused (empty when ok). */
  message: string;
}

/**
 * Whether `targetId` can leave the managers' raft (by demotion or removal) and leave the remaining
 * managers with a majority of reachable members. Raft needs floor(n/2)+1 of its n members to agree,
 * so a cluster of 3 with one manager down cannot lose another one. A node that is not a raft member
 * never affects quorum. The last manager can never leave (the swarm would have none).
 */
export function quorumAfterLeaving(members: readonly RaftMember[], targetId: string): QuorumCheck {
  const managers = members.length;
  const reachable = members.filter((m) => m.reachable).length;
  const target = members.find((m) => m.id === targetId);
  if (!target) {
    return { ok: true, managers, reachable, remaining: managers, reachableRemaining: reachable, majority: majorityOf(managers), message: "" };
  }
  const remaining = managers - 1;
  const reachableRemaining = reachable - (target.reachable ? 1 : 0);
  const majority = majorityOf(remaining);
  const base = { managers, reachable, remaining, reachableRemaining, majority };
  if (remaining === 0) {
    return { ok: false, ...base, message: `node ${targetId} is the last manager of the swarm: demoting or removing it would leave the swarm without managers` };
  }
  if (reachableRemaining < majority) {
    return {
      ok: false,
      ...base,
      message:
        `refusing to take manager ${targetId} out of the raft: it would break quorum. The swarm has ${managers} managers, ` +
        `${reachable} reachable; without this one ${remaining} would remain with ${reachableRemaining} reachable, ` +
        `but a majority of ${remaining} is ${majority}. Bring the unreachable managers back (or demote and remove them first), then retry`,
    };
  }
  return { ok: true, ...base, message: "" };
}

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** What the delete sees before it acts. */
export interface RemovalFacts {
  /** The node this resource manages (its ID in state). */
  id: string;
  /** Whether the resource removes the node at all (false: it only stops managing it). */
  remove: boolean;
  drain: boolean;
  /** The node as the managers know it; undefined when they no longer know it. */
  node?: {
    id: string;
    availability: string;
    /** "ready", "down", "unknown", "disconnected". */
    state: string;
    /** Whether it is a raft member now (has a ManagerStatus). */
    raftMember: boolean;
  };
  /** The node ID of the engine behind `manager` (the one we talk to). */
  managerNodeId: string;
  /** The node's own engine: whether it answered, and which node ID it holds ("" = not in a swarm). */
  engine: { reachable: boolean; nodeId: string; state: string };
  /** Quorum check for the node leaving the raft (only consulted when it is a raft member). */
  quorum: QuorumCheck;
}

export type RemovalStep =
  | { kind: "drain" }
  | { kind: "wait-tasks"; /** Only the desired state can be observed when the node is not ready. */ observeContainers: boolean }
  | { kind: "demote" }
  | { kind: "leave" }
  | { kind: "remove"; force: boolean };

export interface RemovalPlan {
  /** Set when the delete must not proceed: nothing is done, the message says why. */
  refuse?: string;
  steps: RemovalStep[];
  /** One line per decision, for progress output. */
  notes: string[];
}

/**
 * The order matters: drain first, so tasks are rescheduled while the node still runs them; demote
 * before leaving, so a manager never drops out of the raft uncounted; leave on its own engine, so it
 * stops cleanly and forgets the swarm; remove through a manager last. Refusals are decided before any
 * step, so a refused delete changes nothing.
 */
export function planRemoval(f: RemovalFacts): RemovalPlan {
  const notes: string[] = [];
  // Only ever make the engine leave when it still is this very node (it may have joined elsewhere since).
  const engineHoldsNode = f.engine.reachable && f.engine.nodeId === f.id;
  if (!f.remove) {
    notes.push("removal.remove is false: the node stays in the swarm as it is; the resource only stops managing it");
    return { steps: [], notes };
  }
  if (!f.node) {
    // Removed out of band: the engine may still believe it is a member.
    if (engineHoldsNode && f.engine.state !== "inactive") {
      notes.push("the managers no longer know this node; its engine still holds swarm state, so it leaves");
      return { steps: [{ kind: "leave" }], notes };
    }
    notes.push("the node is already gone from the swarm");
    return { steps: [], notes };
  }
  if (f.node.id === f.managerNodeId) {
    return {
      refuse:
        `node ${f.node.id} is the engine the \`manager\` connection talks to: it cannot remove itself. ` +
        "Point `manager` at another manager first",
      steps: [],
      notes,
    };
  }
  if (f.node.raftMember && !f.quorum.ok) return { refuse: f.quorum.message, steps: [], notes };

  const steps: RemovalStep[] = [];
  const ready = f.node.state === "ready";
  if (f.drain) {
    if (f.node.availability !== "drain") steps.push({ kind: "drain" });
    steps.push({ kind: "wait-tasks", observeContainers: ready && engineHoldsNode });
  }
  if (f.node.raftMember) steps.push({ kind: "demote" });
  if (engineHoldsNode) steps.push({ kind: "leave" });
  else notes.push(f.engine.reachable ? "its engine is no longer this node: it is only removed from the swarm" : "its engine cannot be reached: it is removed by force");
  // After a leave the managers still list the node as ready until its heartbeats time out (about
  // 10 s); it has left, so force is safe and saves that wait. A node already down needs no force.
  steps.push({ kind: "remove", force: f.node.state !== "down" });
  return { steps, notes };
}
