/**
 * examples/cluster, the program `npm run demo` deploys: a swarm, two workers joining it, a replicated
 * and a global service, through the real Pulumi CLI on every bed.
 */
import { bedCases, type Bed } from "../helpers/beds";
import { engine, resetBed } from "../helpers/engines";
import { Program } from "./harness";

jest.setTimeout(15 * 60_000);

describe.each(bedCases())("examples/cluster on %s", (_label, bed: Bed) => {
  let program: Program;

  beforeAll(async () => {
    if (bed.engines.length < 3) throw new Error("examples/cluster needs a bed of at least 3 engines");
    await resetBed(bed);
    program = Program.prepare("cluster", bed.name);
    program.config({
      engines: JSON.stringify(bed.engines.slice(0, 3).map((e) => ({ host: e.host, address: e.address }))),
      image: bed.image,
    });
  });
  afterAll(async () => {
    program?.destroy();
    await resetBed(bed);
  });

  it("deploys the whole cluster, converged; a second preview shows no changes; destroy leaves nothing", async () => {
    const up = program.up();
    expect(up.all).toContain("converged");
    const out = program.outputs();
    expect(out.webRunning).toBe("3/3");
    expect(out.agentRunning).toBe("3/3");
    const m = engine(bed, 0);
    const nodes = await m.nodes.list();
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => n.Status.State === "ready")).toBe(true);
    const services = (await m.services.list()).map((s) => s.Spec.Name).sort();
    expect(services).toEqual(["agent", "web"]);
    // The web tier runs on the workers only (placement on the label the SwarmNodes set).
    const managerId = (await m.system.info()).Swarm.NodeID;
    const webTasks = await m.tasks.list({ service: ["web"], "desired-state": ["running"] });
    expect(webTasks).toHaveLength(3);
    expect(webTasks.every((t) => t.NodeID !== managerId)).toBe(true);

    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);

    expect(program.destroy().code).toBe(0);
    for (let i = 0; i < 3; i++) expect((await engine(bed, i).system.info()).Swarm.LocalNodeState).toBe("inactive");
  });
});
