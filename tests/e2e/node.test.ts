/**
 * The SwarmNode resource through the real Pulumi CLI (up, preview, refresh, destroy) on
 * examples/nodes, against real multi-node swarms of every bed (both engine versions): engine 0
 * initialises the swarm (a Swarm resource), engines 1..3 join it as SwarmNodes chosen by stack config.
 */
import { bedCases, testbed, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import type { Node } from "../../provider/engine/schemas";
import { Program } from "./harness";

jest.setTimeout(20 * 60_000);

interface NodeSettings {
  role?: "worker" | "manager";
  availability?: "active" | "pause" | "drain";
  labels?: Record<string, string>;
}

describe.each(bedCases())("SwarmNode on %s", (_label, bed: Bed) => {
  let program: Program;
  const stopped = new Set<number>();
  let serviceId: string | undefined;
  const manager = () => engine(bed, 0);
  const nodeIdOf = async (i: number) => (await engine(bed, i).system.info()).Swarm.NodeID;
  const nodes = async (): Promise<Node[]> => manager().nodes.list();
  const setNodes = (n: Record<string, NodeSettings>) => program.config({ nodes: JSON.stringify(n) });
  const noChanges = () => program.run(["preview", "--expect-no-changes"]);

  /** The SwarmNode `name`'s outputs as held in state. */
  const nodeState = (name: string): Record<string, any> => {
    const state = JSON.parse(program.exportStack());
    const res = state.deployment.resources.find((r: { type: string; urn: string }) => r.type.endsWith(":SwarmNode") && r.urn.endsWith(`::${name}`));
    if (!res) throw new Error(`no SwarmNode ${name} in the stack`);
    return { ...res.outputs, urn: res.urn };
  };

  const stop = (i: number) => {
    testbed(["stop", "--name", bed.name, "--node", bed.engines[i].name, "--kill"]);
    stopped.add(i);
  };
  const start = async (i: number) => {
    testbed(["start", "--name", bed.name, "--node", bed.engines[i].name]);
    stopped.delete(i);
    await waitFor(`engine ${i} to answer`, async () => (await engine(bed, i).system.ping()) || undefined);
  };

  beforeAll(async () => {
    await resetBed(bed);
    program = Program.prepare("nodes", bed.name);
    program.config({ hosts: JSON.stringify(bed.engines.map((e) => ({ host: e.host, address: e.address }))) });
  });

  afterAll(async () => {
    for (const i of [...stopped]) await start(i).catch(() => undefined);
    if (serviceId) await manager().services.remove(serviceId).catch(() => undefined);
    program?.destroy();
    await resetBed(bed);
  });

  it("joins two workers to a manager with labels and drain; a second preview shows no changes", async () => {
    setNodes({ "1": { labels: { zone: "a" } }, "2": { availability: "drain", labels: { zone: "b" } } });
    const up = program.up();
    expect(up.all).toContain("[swarm-node node-1] joining");
    expect(up.all).toContain("[swarm-node node-2] joining");

    const [id1, id2] = [await nodeIdOf(1), await nodeIdOf(2)];
    const list = await nodes();
    expect(list).toHaveLength(3);
    const n1 = list.find((n) => n.ID === id1)!;
    const n2 = list.find((n) => n.ID === id2)!;
    expect(n1.Spec).toMatchObject({ Role: "worker", Availability: "active", Labels: { pool: "app", zone: "a" } });
    expect(n2.Spec).toMatchObject({ Role: "worker", Availability: "drain", Labels: { pool: "app", zone: "b" } });
    expect(n1.Status.Addr).toBe(bed.engines[1].address);

    const out = program.outputs();
    expect(out.nodeIds).toEqual({ "1": id1, "2": id2 });
    expect(out.availability).toEqual({ "1": "active", "2": "drain" });
    const s1 = nodeState("node-1");
    expect(s1).toMatchObject({ nodeId: id1, role: "worker", state: "ready", hostname: bed.engines[1].name, managerStatus: null });
    expect(s1.engineVersion).toBe(bed.engineVersion);
    expect(s1.address).toBe(bed.engines[1].address);

    expect(noChanges().code).toBe(0);
  });

  it("manages an existing node by nodeId (the first manager) in merge mode, and leaves it be when deleted", async () => {
    const id0 = await nodeIdOf(0);
    const n = await manager().nodes.inspect(id0);
    await manager().nodes.update(id0, n.Version.Index, { ...n.Spec, Labels: { "set-by": "cli" } });
    program.config({ managerLabels: JSON.stringify({ ingress: "true" }) });
    const up = program.up();
    expect(up.all).toContain(`[swarm-node manager-0] managing the existing node ${id0}`);
    expect((await manager().nodes.inspect(id0)).Spec.Labels).toEqual({ "set-by": "cli", ingress: "true" });
    expect(nodeState("manager-0")).toMatchObject({ nodeId: id0, role: "manager", managerStatus: { leader: true, reachability: "reachable" } });
    expect(noChanges().code).toBe(0);

    program.config({ managerLabels: undefined });
    const del = program.up();
    expect(del.all).toContain(`[swarm-node manager-0] node ${id0} stays in the swarm as it is`);
    const after = await manager().nodes.inspect(id0);
    expect(after.Spec).toMatchObject({ Role: "manager", Availability: "active", Labels: { "set-by": "cli", ingress: "true" } });
    expect(noChanges().code).toBe(0);
  });

  it("promotes a worker to manager and demotes it back", async () => {
    const id1 = await nodeIdOf(1);
    setNodes({ "1": { role: "manager", labels: { zone: "a" } }, "2": { availability: "drain", labels: { zone: "b" } } });
    const preview = program.preview();
    expect(preview.all).toContain("role: differs from the program (worker → manager); up updates it in place");
    expect(preview.all).not.toMatch(/replace/);
    program.up();
    const promoted = await manager().nodes.inspect(id1);
    expect(promoted.Spec.Role).toBe("manager");
    expect(promoted.ManagerStatus?.Reachability).toBe("reachable");
    expect(program.outputs().managerStatus["1"]).toMatchObject({ reachability: "reachable", leader: false, address: `${bed.engines[1].address}:2377` });
    expect(noChanges().code).toBe(0);

    setNodes({ "1": { role: "worker", labels: { zone: "a" } }, "2": { availability: "drain", labels: { zone: "b" } } });
    program.up();
    const demoted = await manager().nodes.inspect(id1);
    expect(demoted.Spec.Role).toBe("worker");
    expect(demoted.ManagerStatus).toBeFalsy();
    expect(nodeState("node-1").managerStatus).toBeNull();
    expect(noChanges().code).toBe(0);
  });

  it("refresh shows labels and availability changed out of band; up puts them back; merge mode lets them be", async () => {
    const id1 = await nodeIdOf(1);
    const setOutOfBand = async (availability: string) => {
      const n = await manager().nodes.inspect(id1);
      await manager().nodes.update(id1, n.Version.Index, { ...n.Spec, Availability: availability, Labels: { ...n.Spec.Labels, "set-by": "cli" } });
    };
    await setOutOfBand("pause");
    // Only the node is refreshed: a refresh of the Swarm resource drops its advertiseAddr from state
    // (provider/swarm read echoes only some inputs), which the next preview would show as a replace.
    const refresh = program.ok(["refresh", "--yes", "--skip-preview", "--target", nodeState("node-1").urn]);
    expect(refresh.all).toMatch(/availability|labels/);
    const refreshed = nodeState("node-1");
    expect(refreshed.availability).toBe("pause");
    expect(refreshed.labels).toEqual({ pool: "app", zone: "a", "set-by": "cli" });
    expect(noChanges().code).not.toBe(0);
    program.up();
    const back = await manager().nodes.inspect(id1);
    expect(back.Spec.Availability).toBe("active");
    expect(back.Spec.Labels).toEqual({ pool: "app", zone: "a" });
    expect(noChanges().code).toBe(0);

    // merge: labels set by others survive, and are no change.
    program.config({ labelsMode: "merge" });
    program.up();
    const n = await manager().nodes.inspect(id1);
    await manager().nodes.update(id1, n.Version.Index, { ...n.Spec, Labels: { ...n.Spec.Labels, "set-by": "cli" } });
    program.ok(["refresh", "--yes", "--skip-preview", "--target", nodeState("node-1").urn]);
    expect(nodeState("node-1").labels["set-by"]).toBe("cli");
    expect(noChanges().code).toBe(0);
    setNodes({ "1": { labels: { zone: "a2" } }, "2": { availability: "drain", labels: { zone: "b" } } });
    program.up();
    expect((await manager().nodes.inspect(id1)).Spec.Labels).toEqual({ pool: "app", zone: "a2", "set-by": "cli" });

    // Back to exact: the foreign label goes.
    program.config({ labelsMode: undefined });
    setNodes({ "1": { labels: { zone: "a" } }, "2": { availability: "drain", labels: { zone: "b" } } });
    program.up();
    expect((await manager().nodes.inspect(id1)).Spec.Labels).toEqual({ pool: "app", zone: "a" });
    expect(noChanges().code).toBe(0);
  });

  it("removing a node from the program drains it, its tasks move, it leaves and disappears", async () => {
    setNodes({ "1": { labels: { zone: "a" } }, "2": { labels: { zone: "b" } }, "3": { labels: { zone: "c" } } });
    program.up();
    const id1 = await nodeIdOf(1);
    expect(await nodes()).toHaveLength(4);

    const svc = await manager().services.create({
      Name: "spread",
      TaskTemplate: { ContainerSpec: { Image: bed.image, Command: ["sleep", "3600"] } },
      Mode: { Replicated: { Replicas: 6 } },
    });
    serviceId = svc.id;
    const running = async () =>
      (await manager().tasks.list({ service: [svc.id], "desired-state": ["running"] })).filter((t) => t.Status.State === "running");
    await waitFor("6 running tasks, some on node 1", async () => {
      const r = await running();
      return r.length === 6 && r.some((t) => t.NodeID === id1) ? true : undefined;
    }, 120_000);

    // First with a drain timeout too short for the tasks to stop (busybox `sleep` ignores SIGTERM, so
    // each takes the 10 s stop grace period): the delete fails, saying why, and the node stays drained.
    program.config({ drainTimeout: "1s" });
    program.up(); // records the timeout in the nodes' state, which is what a delete uses
    setNodes({ "2": { labels: { zone: "b" } }, "3": { labels: { zone: "c" } } });
    const preview = program.preview();
    expect(preview.all).toMatch(/- +pulumi-nodejs:dynamic\/docker-swarm:SwarmNode: \(delete\)/);
    const failed = program.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.all).toContain(`[swarm-node node-1] draining node ${id1}`);
    expect(failed.all).toContain(`timed out after 1 s waiting for the tasks on node ${id1} to stop`);
    expect(failed.all).toContain("The node stays drained and in the swarm");
    expect((await manager().nodes.inspect(id1)).Spec.Availability).toBe("drain");
    expect((await engine(bed, 1).system.info()).Swarm.LocalNodeState).toBe("active");

    // Once its tasks have stopped, the same delete goes through.
    await waitFor("the tasks on node 1 to stop", async () => {
      const onNode = await manager().tasks.list({ node: [id1] });
      return onNode.every((t) => t.Status.State !== "running") ? true : undefined;
    }, 60_000);
    const up = program.up();
    expect(up.all).not.toContain(`[swarm-node node-1] draining node ${id1}`);
    expect(up.all).toContain(`[swarm-node node-1] no tasks left on node ${id1}`);
    expect(up.all).toContain("[swarm-node node-1] leaving the swarm on its engine");
    expect(up.all).toContain(`[swarm-node node-1] node ${id1} removed`);

    expect((await nodes()).map((n) => n.ID)).not.toContain(id1);
    expect((await engine(bed, 1).system.info()).Swarm.LocalNodeState).toBe("inactive");
    // Its tasks were rescheduled: all replicas run again, none on the removed node.
    await waitFor("6 running tasks elsewhere", async () => {
      const r = await running();
      return r.length === 6 && r.every((t) => t.NodeID !== id1) ? true : undefined;
    }, 120_000);
    program.config({ drainTimeout: undefined });
    program.up();
    expect(noChanges().code).toBe(0);
  });

  it("removes a node whose engine is stopped", async () => {
    const id3 = await nodeIdOf(3);
    stop(3);
    setNodes({ "2": { labels: { zone: "b" } } });
    const up = program.up();
    expect(up.all).toContain("[swarm-node node-3] its engine cannot be reached: it is removed by force");
    expect(up.all).toContain(`[swarm-node node-3] node ${id3} removed`);
    expect((await nodes()).map((n) => n.ID)).not.toContain(id3);
    expect(noChanges().code).toBe(0);
    // The engine comes back still believing it is a member: clear it for the next tests.
    await start(3);
    await engine(bed, 3).swarm.leave(true);
  });

  it("adopts an engine that is already in this swarm, refuses one from another swarm, and rejects bad inputs at preview", async () => {
    const eng = engine(bed, 3);
    const tokens = (await manager().swarm.inspect()).JoinTokens;
    await eng.swarm.join({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[3].address, RemoteAddrs: [`${bed.engines[0].address}:2377`], JoinToken: tokens.Worker });
    const id3 = await nodeIdOf(3);
    setNodes({ "2": { labels: { zone: "b" } }, "3": { labels: { zone: "c" } } });
    const up = program.up();
    expect(up.all).toContain(`is already a member of this swarm (node ${id3}): adopting it instead of joining`);
    expect(program.outputs().nodeIds["3"]).toBe(id3);
    expect((await manager().nodes.inspect(id3)).Spec.Labels).toEqual({ pool: "app", zone: "c" });

    // Removed out of band (docker swarm leave; docker node rm): refresh drops it from state.
    await eng.swarm.leave(true);
    await manager().nodes.remove(id3, true);
    const refresh = program.ok(["refresh", "--yes", "--skip-preview", "--target", nodeState("node-3").urn]);
    expect(refresh.all).toContain(`[swarm-node node-3] node ${id3} is no longer in the swarm (removed out of band)`);
    expect(() => nodeState("node-3")).toThrow("no SwarmNode node-3");
    setNodes({ "2": { labels: { zone: "b" } } });
    expect(noChanges().code).toBe(0);

    // Engine 3 now runs a swarm of its own: joining it is refused, saying why.
    await eng.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[3].address, Spec: {} });
    setNodes({ "2": { labels: { zone: "b" } }, "3": {} });
    const other = program.run(["up", "--yes", "--skip-preview"]);
    expect(other.code).not.toBe(0);
    expect(other.all).toContain("already holds swarm state");
    expect(other.all).toContain("Make it leave first");
    await eng.swarm.leave(true);

    setNodes({ "2": { role: "boss" as never, labels: { zone: "b" } } });
    const bad = program.preview();
    expect(bad.code).not.toBe(0);
    expect(bad.all).toMatch(/role: Invalid option: expected one of "worker"\|"manager"/);
    setNodes({ "2": { labels: { zone: "b" } } });
    expect(noChanges().code).toBe(0);
  });

  it("the quorum guard refuses a demotion or removal that would leave the managers without a majority", async () => {
    setNodes({ "1": { role: "manager", labels: { zone: "a" } }, "2": { role: "manager", labels: { zone: "b" } } });
    program.up();
    const [id1, id2] = [await nodeIdOf(1), await nodeIdOf(2)];
    const managers = (await nodes()).filter((n) => n.ManagerStatus?.Reachability === "reachable");
    expect(managers).toHaveLength(3);

    stop(2);
    await waitFor("manager 2 to be unreachable", async () => ((await manager().nodes.inspect(id2)).ManagerStatus?.Reachability === "unreachable") || undefined);

    // Demoting manager 1 would leave 2 raft members with only 1 reachable.
    setNodes({ "1": { role: "worker", labels: { zone: "a" } }, "2": { role: "manager", labels: { zone: "b" } } });
    const demote = program.run(["up", "--yes", "--skip-preview"]);
    expect(demote.code).not.toBe(0);
    expect(demote.all).toContain(`refusing to take manager ${id1} out of the raft: it would break quorum`);
    expect(demote.all).toContain("The swarm has 3 managers, 2 reachable");

    // Removing it is refused too, before anything is done (it is not even drained).
    setNodes({ "2": { role: "manager", labels: { zone: "b" } } });
    const removal = program.run(["up", "--yes", "--skip-preview"]);
    expect(removal.code).not.toBe(0);
    expect(removal.all).toContain(`refusing to take manager ${id1} out of the raft: it would break quorum`);
    const still = await manager().nodes.inspect(id1);
    expect(still.Spec).toMatchObject({ Role: "manager", Availability: "active" });
    expect(still.ManagerStatus?.Reachability).toBe("reachable");

    // With manager 2 back, the same removal goes through.
    await start(2);
    await waitFor("manager 2 to be reachable", async () => ((await manager().nodes.inspect(id2)).ManagerStatus?.Reachability === "reachable") || undefined, 120_000);
    const up = program.up();
    expect(up.all).toContain(`[swarm-node node-1] demoting manager ${id1}`);
    expect((await nodes()).map((n) => n.ID)).not.toContain(id1);
    expect((await engine(bed, 1).system.info()).Swarm.LocalNodeState).toBe("inactive");
    expect((await nodes()).filter((n) => n.ManagerStatus)).toHaveLength(2);
    expect(noChanges().code).toBe(0);
  });

  it("never holds the join tokens in plaintext in the exported stack", async () => {
    const exported = program.exportStack();
    const tokens = (await manager().swarm.inspect()).JoinTokens;
    for (const t of [tokens.Worker, tokens.Manager]) {
      expect(t).toMatch(/^SWMTKN-1-/);
      expect(exported).not.toContain(t);
    }
    expect(exported).not.toMatch(/SWMTKN-1-/);
    // The join settings are held as a secret in the node's inputs and outputs.
    const res = JSON.parse(exported).deployment.resources.find((r: any) => r.type.endsWith(":SwarmNode"));
    expect(res.inputs.join).toHaveProperty("ciphertext");
    expect(res.outputs.join).toHaveProperty("ciphertext");
  });

  it("destroy removes every node and the swarm: all engines inactive", async () => {
    if (serviceId) await manager().services.remove(serviceId);
    serviceId = undefined;
    const r = program.destroy();
    expect(r.code).toBe(0);
    for (let i = 0; i < bed.engines.length; i++) {
      expect((await engine(bed, i).system.info()).Swarm.LocalNodeState).toBe("inactive");
    }
  });
});
