/**
 * The SDK's look-up functions (Promise forms) against a real 3-node swarm of every bed.
 */
import { bedCases, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { getNode, getNodes, getService, getServiceLogs, getServices, getServiceTasks, getSwarm } from "../../sdk/lookups";
import { isEngineError } from "../../provider/engine/errors";

jest.setTimeout(5 * 60_000);

describe.each(bedCases())("look-ups on %s", (_label, bed: Bed) => {
  const conn = (i: number) => ({ host: bed.engines[i].host });
  let serviceId = "";
  let ids: string[] = [];

  beforeAll(async () => {
    if (bed.engines.length < 3) throw new Error("these tests need a bed of at least 3 engines");
    await resetBed(bed);
    const m = engine(bed, 0);
    await m.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: {} });
    const token = (await m.swarm.inspect()).JoinTokens.Worker;
    for (const i of [1, 2]) {
      await engine(bed, i).swarm.join({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[i].address, RemoteAddrs: [`${bed.engines[0].address}:2377`], JoinToken: token });
    }
    ids = await Promise.all([0, 1, 2].map(async (i) => (await engine(bed, i).system.info()).Swarm.NodeID));
    const worker = await m.nodes.inspect(ids[1]);
    await m.nodes.update(worker.ID, worker.Version.Index, { ...worker.Spec, Labels: { zone: "east" } });
    serviceId = (
      await m.services.create({
        Name: `lookup-${bed.name}`,
        TaskTemplate: { ContainerSpec: { Image: bed.image, Command: ["sleep", "3600"] } as never },
        Mode: { Replicated: { Replicas: 2 } },
      })
    ).id;
    await waitFor("2 running tasks", async () => (await m.tasks.list({ service: [serviceId], "desired-state": ["running"] })).filter((t) => t.Status.State === "running").length === 2, 120_000);
  });
  afterAll(() => resetBed(bed));

  it("getSwarm: the cluster from a manager, the local state from a worker and from an engine in no swarm", async () => {
    const s = await getSwarm({ connection: conn(0) });
    expect(s.id).toBe((await engine(bed, 0).swarm.inspect()).ID);
    expect(s.localNodeState).toBe("active");
    expect(s.joinTokens?.worker).toMatch(/^SWMTKN-1-/);
    expect(s.nodes).toBe(3);
    expect(s.managers).toBe(1);
    expect(s.spec?.taskHistoryRetentionLimit).toBe(5);
    const fromWorker = await getSwarm({ connection: conn(1) });
    expect(fromWorker.localNodeState).toBe("active");
    expect(fromWorker.controlAvailable).toBe(false);
    expect(fromWorker.joinTokens).toBeUndefined();
  });

  it("getNodes with filters by role and by node label; getNode by id and hostname", async () => {
    const all = await getNodes({ connection: conn(0) });
    expect(all.map((n) => n.id).sort()).toEqual([...ids].sort());
    const managers = await getNodes({ connection: conn(0), filters: { role: ["manager"] } });
    expect(managers.map((n) => n.id)).toEqual([ids[0]]);
    expect(managers[0].leader).toBe(true);
    const workers = await getNodes({ connection: conn(0), filters: { role: ["worker"] } });
    expect(workers.map((n) => n.id).sort()).toEqual([ids[1], ids[2]].sort());
    const east = await getNodes({ connection: conn(0), filters: { "node.label": ["zone=east"] } });
    expect(east.map((n) => n.id)).toEqual([ids[1]]);
    const one = await getNode({ connection: conn(0), id: ids[1] });
    expect(one).toEqual(expect.objectContaining({ role: "worker", availability: "active", state: "ready", labels: { zone: "east" }, address: bed.engines[1].address }));
    expect(bed.engineVersion.startsWith(one.engineVersion)).toBe(true);
    expect((await getNode({ connection: conn(0), id: one.hostname })).id).toBe(ids[1]);
  });

  it("getServiceTasks: slots, nodes, states", async () => {
    const tasks = await getServiceTasks({ connection: conn(0), service: `lookup-${bed.name}`, desiredState: "running" });
    expect(tasks).toHaveLength(2);
    expect(tasks.map((t) => t.slot)).toEqual([1, 2]);
    for (const t of tasks) {
      expect(t.serviceId).toBe(serviceId);
      expect(t.state).toBe("running");
      expect(ids).toContain(t.nodeId);
      expect(t.timestamp).not.toBe("");
    }
  });

  it("getServices and getService: the spec in the package's shape, task counts", async () => {
    const all = await getServices({ connection: conn(0), filters: { name: [`lookup-${bed.name}`] } });
    expect(all.map((x) => x.name)).toContain(`lookup-${bed.name}`);
    const svc = await getService({ connection: conn(0), service: `lookup-${bed.name}` });
    expect(svc.id).toBe(serviceId);
    expect(svc.spec).toEqual(expect.objectContaining({ image: bed.image, mode: "replicated", replicas: 2, command: ["sleep", "3600"] }));
    expect(svc.runningTasks).toBe(2);
    expect(svc.desiredTasks).toBe(2);
    expect((await getServices({ connection: conn(0), filters: { mode: ["global"] } })).length).toBe(0);
  });

  it("getServiceLogs: demultiplexed stdout and stderr lines of a service that prints known lines", async () => {
    const m = engine(bed, 0);
    const name = `logs-${bed.name}`;
    await m.services.create({
      Name: name,
      TaskTemplate: {
        ContainerSpec: { Image: bed.image, Command: ["sh", "-c", "echo out-one; echo err-one >&2; echo out-two; sleep 3600"] } as never,
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    const logs = await waitFor(
      "three log lines",
      async () => {
        const l = await getServiceLogs({ connection: conn(0), service: name });
        return l.lines.length >= 3 ? l : undefined;
      },
      120_000,
    );
    expect(logs.lines.filter((l) => l.stream === "stdout").map((l) => l.text)).toEqual(["out-one", "out-two"]);
    expect(logs.lines.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["err-one"]);
    expect(logs.truncated).toBe(false);
    const onlyErr = await getServiceLogs({ connection: conn(0), service: name, stdout: false });
    expect(onlyErr.lines.map((l) => l.text)).toEqual(["err-one"]);
    // tail counts the task's last lines across both streams (the engine orders stdout and stderr by arrival).
    const tail1 = await getServiceLogs({ connection: conn(0), service: name, tail: 1 });
    expect(tail1.lines).toHaveLength(1);
    expect(["out-two", "err-one"]).toContain(tail1.lines[0].text);
    const bounded = await getServiceLogs({ connection: conn(0), service: name, maxBytes: 10 });
    expect(bounded.truncated).toBe(true);
    expect(bounded.lines.length).toBeLessThan(3);
    const stamped = await getServiceLogs({ connection: conn(0), service: name, timestamps: true, stderr: false });
    expect(stamped.lines[0].text).toMatch(/^\d{4}-\d{2}-\d{2}T.* out-one$/);
  });

  it("says clearly when asked of a worker, or for something that does not exist", async () => {
    const worker = await getNodes({ connection: conn(1) }).catch((e) => e);
    expect(isEngineError(worker, "NOT_A_MANAGER")).toBe(true);
    expect(String(worker.message)).toContain("list nodes");
    const missing = await getNode({ connection: conn(0), id: "no-such-node" }).catch((e) => e);
    expect(isEngineError(missing, "NOT_FOUND")).toBe(true);
    expect(String(missing.message)).toContain('node "no-such-node" not found');
    const noService = await getServiceTasks({ connection: conn(0), service: "no-such-service" }).catch((e) => e);
    expect(isEngineError(noService, "NOT_FOUND")).toBe(true);
    expect(String(noService.message)).toContain('service "no-such-service" not found');
    const noSvc = await getService({ connection: conn(0), service: "no-such-service" }).catch((e) => e);
    expect(isEngineError(noSvc, "NOT_FOUND")).toBe(true);
    const locked = await getServiceLogs({ connection: conn(1), service: "x" }).catch((e) => e);
    expect(isEngineError(locked, "NOT_A_MANAGER")).toBe(true);
  });
});
