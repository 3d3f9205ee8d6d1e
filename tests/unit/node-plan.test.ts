/**
 * provider/node/plan.ts: the quorum guard's arithmetic and the removal plan (which steps a delete
 * takes, in which order, and when it refuses before doing anything).
 */
import { majorityOf, planRemoval, quorumAfterLeaving, type RaftMember, type RemovalFacts } from "../../provider/node/plan";

const members = (spec: string): RaftMember[] =>
  // "m1+ m2+ m3-": reachable (+) or not (-)
  spec.split(" ").map((s) => ({ id: s.slice(0, -1), reachable: s.endsWith("+") }));

describe("quorumAfterLeaving", () => {
  it("majorities", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(majorityOf)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it("a healthy cluster of 3 can lose any one manager", () => {
    for (const id of ["m1", "m2", "m3"]) expect(quorumAfterLeaving(members("m1+ m2+ m3+"), id).ok).toBe(true);
  });

  it("3 managers with one down: removing a reachable one is refused, removing the down one is fine", () => {
    const down = members("m1+ m2+ m3-");
    const refused = quorumAfterLeaving(down, "m2");
    expect(refused).toMatchObject({ ok: false, managers: 3, reachable: 2, remaining: 2, reachableRemaining: 1, majority: 2 });
    expect(refused.message).toContain("break quorum");
    expect(refused.message).toContain("m2");
    expect(refused.message).toContain("3 managers, 2 reachable");
    expect(quorumAfterLeaving(down, "m3")).toMatchObject({ ok: true, remaining: 2, reachableRemaining: 2 });
  });

  it("2 managers: leaving one is allowed when the other is reachable (1 of 1 is a majority)", () => {
    expect(quorumAfterLeaving(members("m1+ m2+"), "m2").ok).toBe(true);
    expect(quorumAfterLeaving(members("m1- m2+"), "m2").ok).toBe(false);
  });

  it("5 managers with two down cannot lose a reachable one, but can lose a down one", () => {
    const five = members("a+ b+ c+ d- e-");
    expect(quorumAfterLeaving(five, "a")).toMatchObject({ ok: false, remaining: 4, reachableRemaining: 2, majority: 3 });
    expect(quorumAfterLeaving(five, "d")).toMatchObject({ ok: true, remaining: 4, reachableRemaining: 3, majority: 3 });
  });

  it("the last manager can never leave", () => {
    const r = quorumAfterLeaving(members("m1+"), "m1");
    expect(r.ok).toBe(false);
    expect(r.message).toContain("last manager");
  });

  it("a node that is not a raft member never affects quorum", () => {
    expect(quorumAfterLeaving(members("m1+ m2- m3-"), "w1").ok).toBe(true);
  });
});

const facts = (over: Partial<RemovalFacts> = {}): RemovalFacts => ({
  id: "n2",
  remove: true,
  drain: true,
  node: { id: "n2", availability: "active", state: "ready", raftMember: false },
  managerNodeId: "n1",
  engine: { reachable: true, nodeId: "n2", state: "active" },
  quorum: quorumAfterLeaving(members("n1+"), "n2"),
  ...over,
});

const kinds = (f: RemovalFacts) => planRemoval(f).steps.map((s) => (s.kind === "remove" ? `remove${s.force ? "!" : ""}` : s.kind));

describe("planRemoval", () => {
  it("a ready worker: drain, wait for its tasks, leave, remove (forced: the managers see it ready until heartbeats time out)", () => {
    expect(kinds(facts())).toEqual(["drain", "wait-tasks", "leave", "remove!"]);
    expect(planRemoval(facts()).steps[1]).toEqual({ kind: "wait-tasks", observeContainers: true });
  });

  it("an already drained node is not drained again, but its tasks are still waited for", () => {
    expect(kinds(facts({ node: { id: "n2", availability: "drain", state: "ready", raftMember: false } }))).toEqual(["wait-tasks", "leave", "remove!"]);
  });

  it("a manager is demoted after draining and before leaving", () => {
    const f = facts({
      node: { id: "n2", availability: "active", state: "ready", raftMember: true },
      quorum: quorumAfterLeaving(members("n1+ n2+ n3+"), "n2"),
    });
    expect(kinds(f)).toEqual(["drain", "wait-tasks", "demote", "leave", "remove!"]);
  });

  it("a manager whose removal breaks quorum is refused before any step", () => {
    const f = facts({
      node: { id: "n2", availability: "active", state: "ready", raftMember: true },
      quorum: quorumAfterLeaving(members("n1+ n2+ n3-"), "n2"),
    });
    const p = planRemoval(f);
    expect(p.steps).toEqual([]);
    expect(p.refuse).toContain("break quorum");
  });

  it("a stopped engine: no leave, only desired states waited for, removal forced", () => {
    const f = facts({ engine: { reachable: false, nodeId: "", state: "" } });
    expect(kinds(f)).toEqual(["drain", "wait-tasks", "remove!"]);
    expect(planRemoval(f).steps[1]).toEqual({ kind: "wait-tasks", observeContainers: false });
    expect(planRemoval(f).notes.join()).toContain("cannot be reached");
  });

  it("a node the managers already see down: no force needed", () => {
    const f = facts({ node: { id: "n2", availability: "drain", state: "down", raftMember: false }, engine: { reachable: false, nodeId: "", state: "" } });
    expect(kinds(f)).toEqual(["wait-tasks", "remove"]);
  });

  it("a stopped manager (unreachable in the raft) is demoted and removed when the rest keeps a majority", () => {
    const f = facts({
      node: { id: "n3", availability: "active", state: "down", raftMember: true },
      engine: { reachable: false, nodeId: "", state: "" },
      quorum: quorumAfterLeaving(members("n1+ n2+ n3-"), "n3"),
    });
    expect(kinds(f)).toEqual(["drain", "wait-tasks", "demote", "remove"]);
  });

  it("an engine that now holds another node ID is not made to leave", () => {
    expect(kinds(facts({ engine: { reachable: true, nodeId: "other", state: "active" } }))).toEqual(["drain", "wait-tasks", "remove!"]);
  });

  it("drain off: straight to leave and remove", () => {
    expect(kinds(facts({ drain: false }))).toEqual(["leave", "remove!"]);
  });

  it("a node removed out of band: its engine leaves if it still holds swarm state, otherwise nothing", () => {
    expect(kinds(facts({ node: undefined }))).toEqual(["leave"]);
    expect(kinds(facts({ node: undefined, engine: { reachable: true, nodeId: "", state: "inactive" } }))).toEqual([]);
    expect(kinds(facts({ node: undefined, engine: { reachable: false, nodeId: "", state: "" } }))).toEqual([]);
    // The engine has joined something else since: never make it leave that.
    expect(kinds(facts({ node: undefined, engine: { reachable: true, nodeId: "elsewhere", state: "active" } }))).toEqual([]);
  });

  it("removal.remove false: nothing at all", () => {
    const p = planRemoval(facts({ remove: false }));
    expect(p.steps).toEqual([]);
    expect(p.refuse).toBeUndefined();
  });

  it("refuses to remove the node the manager connection talks to", () => {
    const p = planRemoval(facts({ id: "n1", node: { id: "n1", availability: "active", state: "ready", raftMember: true }, engine: { reachable: true, nodeId: "n1", state: "active" } }));
    expect(p.steps).toEqual([]);
    expect(p.refuse).toContain("cannot remove itself");
  });
});
