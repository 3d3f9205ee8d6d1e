/**
 * The look-ups' Output forms inside a real program (examples/lookups) run by the Pulumi CLI: values
 * are read from a real swarm, and the join tokens stay secret in state.
 */
import { bedCases, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { Program } from "./harness";

jest.setTimeout(10 * 60_000);

describe.each(bedCases())("look-ups in a program on %s", (_label, bed: Bed) => {
  let program: Program;

  beforeAll(async () => {
    await resetBed(bed);
    const m = engine(bed, 0);
    await m.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: {} });
    const token = (await m.swarm.inspect()).JoinTokens.Worker;
    await engine(bed, 1).swarm.join({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[1].address, RemoteAddrs: [`${bed.engines[0].address}:2377`], JoinToken: token });
    const id = (await engine(bed, 1).system.info()).Swarm.NodeID;
    const n = await m.nodes.inspect(id);
    await m.nodes.update(id, n.Version.Index, { ...n.Spec, Labels: { zone: "east" } });
    await m.services.create({
      Name: "web",
      TaskTemplate: { ContainerSpec: { Image: bed.image, Command: ["sh", "-c", "echo hello-from-web; sleep 3600"] } as never },
      Mode: { Replicated: { Replicas: 2 } },
    });
    await waitFor("2 running", async () => (await m.tasks.list({ service: ["web"], "desired-state": ["running"] })).filter((t) => t.Status.State === "running").length === 2, 120_000);
    program = Program.prepare("lookups", bed.name);
    program.config({ manager: bed.engines[0].host, service: "web", zone: "east" });
  });
  afterAll(async () => {
    program?.destroy();
    await resetBed(bed);
  });

  it("reads the swarm, nodes, service, tasks and logs; join tokens are secret in state", async () => {
    program.up();
    const m = engine(bed, 0);
    const s = await m.swarm.inspect();
    const out = program.outputs(true);
    expect(out.swarmId).toBe(s.ID);
    expect(out.joinTokens).toEqual({ worker: s.JoinTokens.Worker, manager: s.JoinTokens.Manager });
    expect(out.leaderAddress).toBe(`${bed.engines[0].address}:2377`);
    expect(out.workerHostnames).toEqual([bed.engines[1].name]);
    expect(out.zoneNodes).toEqual([bed.engines[1].name]);
    expect(out.serviceImage).toBe(bed.image);
    expect(out.serviceRunning).toBe("2/2");
    expect(out.serviceTaskStates).toEqual(["1:running", "2:running"]);
    expect(out.serviceLogTail).toEqual(["hello-from-web", "hello-from-web"]);
    expect(program.outputs(false).joinTokens).toBe("[secret]");
    const exported = program.exportStack();
    expect(exported).not.toContain(s.JoinTokens.Worker);
    expect(exported).not.toContain(s.JoinTokens.Manager);
  });
});
