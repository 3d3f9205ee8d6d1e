/**
 * Trust under faults, through the real Pulumi CLI on real engines (every bed, both engine versions).
 * Each case injects one fault with the test bed (an engine restarted, killed, stopped for good; the
 * environment or an address pointing at another engine; state written by another package version)
 * and then checks the engines themselves, not only Pulumi's output: nothing made is lost from state,
 * nothing is made twice, and no engine other than the recorded one is ever touched.
 *
 * Each case counts what it injected and what was lost or duplicated into FAULTS (printed at the end,
 * and reported in the README's "Faults" section).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isEngineError } from "../../provider/engine/errors";
import { bedCases, testbed, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { runningUpToDate, servicesNamed, threeNodeSwarm } from "../helpers/service-bed";
import { openTrap } from "../helpers/trap";
import { Program, type RunResult } from "./harness";

jest.setTimeout(20 * 60_000);

const FAULTS: Array<{ bed: string; fault: string; survived: boolean; lost: number; duplicated: number }> = [];
afterAll(() => {
  const lines = FAULTS.map((f) => `  ${f.bed}: ${f.fault}: ${f.survived ? "survived" : "NOT survived"}, lost ${f.lost}, duplicated ${f.duplicated}`);
  process.stderr.write(`fault-injection summary (${FAULTS.length} faults):\n${lines.join("\n")}\n`);
});

describe.each(bedCases())("faults on %s", (_label, bed: Bed) => {
  const e = (i: number) => engine(bed, i);
  const stopped = new Set<number>();
  const stop = (i: number, kill = true) => {
    testbed(["stop", "--name", bed.name, "--node", bed.engines[i].name, ...(kill ? ["--kill"] : [])]);
    stopped.add(i);
  };
  const start = async (i: number) => {
    testbed(["start", "--name", bed.name, "--node", bed.engines[i].name]);
    stopped.delete(i);
    await waitFor(`engine ${i} to answer`, async () => (await e(i).system.ping()) || undefined, 120_000);
  };
  const record = (fault: string, survived: boolean, lost: number, duplicated: number) => FAULTS.push({ bed: bed.engineVersion, fault, survived, lost, duplicated });
  /** The services of the stack's state, by name → ID. */
  const stateServices = (p: Program) => Object.fromEntries(p.resources("SwarmService").map((r) => [r.outputs.name as string, r.id]));
  /** Runs `up` once more when the first one failed, as a user would: the second must succeed. */
  const upAgainIfNeeded = (p: Program, first: RunResult) => (first.code === 0 ? first : p.up());

  afterEach(async () => {
    for (const i of [...stopped]) await start(i).catch(() => undefined);
  });
  afterAll(async () => {
    for (const i of [...stopped]) await start(i).catch(() => undefined);
    await resetBed(bed);
  });

  it("1. the manager restarts while `up` waits for a new service → `up` converges (or fails clearly) and the next `up` converges; one service", async () => {
    await threeNodeSwarm(bed);
    const p = Program.prepare("faults", `${bed.name}-restart`);
    p.config({ manager: bed.engines[0].host, replicas: 2, monitor: "8s" });
    let restarted = false;
    const run = p.start(["up", "--yes", "--skip-preview"], {}, (all) => {
      if (!restarted && all.includes("creating service svc0")) {
        restarted = true;
        setTimeout(() => testbed(["restart", "--name", bed.name, "--node", bed.engines[0].name]), 1500);
      }
    });
    const first = await run;
    expect(restarted).toBe(true);
    if (first.code !== 0) {
      expect(first.all).not.toMatch(/already exists/);
      expect(first.all).toMatch(/svc0/);
    }
    const second = upAgainIfNeeded(p, first);
    expect(second.code).toBe(0);
    const onEngine = await servicesNamed(e(0), "svc0");
    expect(onEngine).toHaveLength(1);
    expect(stateServices(p)).toEqual({ svc0: onEngine[0].ID });
    await waitFor("2 running tasks", async () => (await runningUpToDate(e(0), onEngine[0].ID)).length === 2, 120_000);
    expect(p.run(["preview", "--expect-no-changes"]).code).toBe(0);
    record("manager restarted during convergence", true, 0, onEngine.length - 1);
    expect(p.destroy().code).toBe(0);
  });

  it("2. the manager is killed right after it created the service → state holds it; after a restart the next `up` updates it (no \"already exists\")", async () => {
    await threeNodeSwarm(bed);
    const p = Program.prepare("faults", `${bed.name}-kill`);
    p.config({ manager: bed.engines[0].host, timeout: "20s" });
    const run = p.start(["up", "--yes", "--skip-preview"]);
    const created = await waitFor("the service to exist", async () => (await servicesNamed(e(0), "svc0"))[0], 120_000, 50);
    stop(0);
    const first = await run;
    expect(first.code).not.toBe(0);
    expect(first.all).toMatch(/svc0/);
    // The service made before the fault is in state, with its ID.
    expect(stateServices(p)).toEqual({ svc0: created.ID });
    await start(0);
    await waitFor("the manager to serve the swarm", async () => (await e(0).system.info()).Swarm.ControlAvailable || undefined, 120_000);
    const second = p.up();
    expect(second.all).not.toMatch(/already exists/);
    const onEngine = await servicesNamed(e(0), "svc0");
    expect(onEngine.map((s) => s.ID)).toEqual([created.ID]);
    record("manager killed right after services/create", true, 0, onEngine.length - 1);
    expect(p.destroy().code).toBe(0);
  });

  it("3. the leader of 3 managers is stopped during an `up` of 10 services → `up` completes (or the next one does); no duplicates", async () => {
    await resetBed(bed);
    await e(0).swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: { Dispatcher: { HeartbeatPeriod: 2e9 } } });
    const token = (await e(0).swarm.inspect()).JoinTokens.Manager;
    for (const i of [1, 2]) {
      await e(i).swarm.join({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[i].address, RemoteAddrs: [`${bed.engines[0].address}:2377`], JoinToken: token });
    }
    await waitFor("3 reachable managers", async () => (await e(0).nodes.list()).filter((n) => n.ManagerStatus?.Reachability === "reachable").length === 3);
    const p = Program.prepare("faults", `${bed.name}-leader`);
    // The program talks to manager 2; the leader (manager 1) goes away under it.
    p.config({ manager: bed.engines[1].host, count: 10 });
    let stoppedLeader = false;
    const first = await p.start(["up", "--yes", "--skip-preview"], {}, (all) => {
      if (!stoppedLeader && all.includes("creating service")) {
        stoppedLeader = true;
        stop(0);
      }
    });
    expect(stoppedLeader).toBe(true);
    const second = upAgainIfNeeded(p, first);
    expect(second.code).toBe(0);
    const names = (await e(1).services.list()).map((s) => s.Spec.Name ?? "").sort();
    const expected = Array.from({ length: 10 }, (_, i) => `svc${i}`).sort();
    expect(names).toEqual(expected);
    expect(Object.keys(stateServices(p)).sort()).toEqual(expected);
    record("leader stopped during an up of 10 services", true, expected.length - names.length, names.length - new Set(names).size);
    expect(p.destroy().code).toBe(0);
    await start(0);
  });

  describe("4. DOCKER_HOST, or the recorded address, pointing at another swarm's engine", () => {
    const other = 3;
    let otherService: string;
    beforeAll(async () => {
      await resetBed(bed);
      await e(other).swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[other].address, Spec: {} });
      otherService = (await e(other).services.create({ Name: "other", TaskTemplate: { ContainerSpec: { Image: bed.image, Command: ["sleep", "3600"] } }, Mode: { Replicated: { Replicas: 1 } } })).id;
    });
    const otherUntouched = async () => {
      const info = await e(other).system.info();
      expect(info.Swarm.LocalNodeState).toBe("active");
      expect((await e(other).services.list()).map((s) => s.ID)).toEqual([otherService]);
    };

    it("without `connection`: refresh and destroy under another DOCKER_HOST act on the recorded engine only", async () => {
      const p = Program.prepare("faults", `${bed.name}-envhost`);
      p.config({ withSwarm: true, advertiseAddr: bed.engines[0].address });
      p.up({ DOCKER_HOST: bed.engines[0].host });
      const swarmId = (await e(0).system.info()).Swarm.Cluster?.ID;
      const before = p.resources("SwarmService").map((r) => r.id);
      expect(before).toHaveLength(1);
      const refresh = p.run(["refresh", "--yes", "--skip-preview"], { DOCKER_HOST: bed.engines[other].host });
      expect(refresh.code).toBe(0);
      expect(p.resources("SwarmService").map((r) => r.id)).toEqual(before);
      expect(p.resources("Swarm").map((r) => r.id)).toEqual([swarmId]);
      const destroy = p.run(["destroy", "--yes", "--skip-preview"], { DOCKER_HOST: bed.engines[other].host });
      expect(destroy.code).toBe(0);
      expect(destroy.all).toContain(`left swarm ${swarmId}`);
      expect((await e(0).system.info()).Swarm.LocalNodeState).toBe("inactive");
      await otherUntouched();
      record("destroy with DOCKER_HOST at another swarm (no connection)", true, 0, 0);
    });

    it("with `connection`: when the recorded address now reaches another engine, refresh and destroy refuse, naming both; nothing changes", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-addr-"));
      const link = path.join(dir, "manager.sock");
      const socketOf = (i: number) => bed.engines[i].host.replace(/^unix:\/\//, "");
      try {
        fs.symlinkSync(socketOf(0), link);
        const p = Program.prepare("faults", `${bed.name}-moved`);
        p.config({ manager: `unix://${link}`, withSwarm: true, advertiseAddr: bed.engines[0].address });
        p.up();
        const swarmId = (await e(0).system.info()).Swarm.Cluster?.ID as string;
        const svc = (await servicesNamed(e(0), "svc0"))[0];
        // The name now leads to another engine (a DNS name moved, a socket re-pointed).
        fs.rmSync(link);
        fs.symlinkSync(socketOf(other), link);
        for (const cmd of [["refresh", "--yes", "--skip-preview"], ["destroy", "--yes", "--skip-preview"]]) {
          const r = p.run(cmd);
          expect(r.code).not.toBe(0);
          expect(r.all).toMatch(/refusing to act/);
          expect(r.all).toContain(swarmId);
        }
        await otherUntouched();
        expect((await e(0).system.info()).Swarm.Cluster?.ID).toBe(swarmId);
        expect((await servicesNamed(e(0), "svc0")).map((s) => s.ID)).toEqual([svc.ID]);
        expect(p.resources("SwarmService").map((r) => r.id)).toEqual([svc.ID]);
        // Back to the right engine: destroy goes through.
        fs.rmSync(link);
        fs.symlinkSync(socketOf(0), link);
        expect(p.destroy().code).toBe(0);
        expect((await e(0).system.info()).Swarm.LocalNodeState).toBe("inactive");
        record("recorded address reaching another engine", true, 0, 0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it("5. state whose stored connection this version rejects → refresh works from the record; with nothing recorded it fails clearly; DOCKER_HOST is never reached", async () => {
    await threeNodeSwarm(bed);
    const trap = await openTrap();
    try {
      const p = Program.prepare("faults", `${bed.name}-oldstate`);
      p.config({ manager: bed.engines[0].host });
      p.up();
      const original = p.exportStack();
      const id = p.resources("SwarmService")[0].id;
      const edit = (f: (outputs: Record<string, any>) => void) => {
        const state = JSON.parse(original);
        for (const r of state.deployment.resources) if (r.type.endsWith(":SwarmService")) f(r.outputs);
        const file = path.join(p.dir, "edited-state.json");
        fs.writeFileSync(file, JSON.stringify(state));
        p.ok(["stack", "import", "--file", file]);
      };
      // A connection field from another version: the strict schema rejects it; refresh still reads the service.
      edit((o) => (o.connection = { ...o.connection, sshOptions: ["-o", "BatchMode=yes"], futureFlag: true }));
      const refresh = p.run(["refresh", "--yes", "--skip-preview"], { DOCKER_HOST: trap.host });
      expect(refresh.code).toBe(0);
      expect(p.resources("SwarmService").map((r) => r.id)).toEqual([id]);
      // Nothing recorded at all (no host, no engine record): a clear error, and the trap still untouched.
      edit((o) => {
        o.connection = { futureFlag: true };
        delete o.engine;
        delete o.resolvedHost;
      });
      const blind = p.run(["refresh", "--yes", "--skip-preview"], { DOCKER_HOST: trap.host });
      expect(blind.code).not.toBe(0);
      expect(blind.all).toContain("state records no engine to reach");
      expect(p.resources("SwarmService").map((r) => r.id)).toEqual([id]);
      expect(trap.requests).toEqual([]);
      const restored = path.join(p.dir, "original-state.json");
      fs.writeFileSync(restored, original);
      p.ok(["stack", "import", "--file", restored]);
      expect(p.destroy().code).toBe(0);
      expect(await servicesNamed(e(0), "svc0")).toEqual([]);
      record("stored connection unreadable", true, 0, 0);
    } finally {
      await trap.close();
    }
  });

  it("6. a secret env value printed by failing tasks is in neither the output, the errors nor the exported stack; logTail 0 shows no logs", async () => {
    await threeNodeSwarm(bed);
    const secret = `pw-${Date.now().toString(36)}-not-for-logs`;
    const p = Program.prepare("faults", `${bed.name}-secret`);
    p.config({ manager: bed.engines[0].host, timeout: "60s", command: JSON.stringify(["sh", "-c", "echo the password is $PASSWORD; exit 1"]) });
    p.ok(["config", "set", "--secret", "password", secret]);
    const failing = p.run(["up", "--yes", "--skip-preview"]);
    expect(failing.code).not.toBe(0);
    expect(failing.all).toContain("did not converge");
    expect(failing.all).toContain("the password is [secret]");
    expect(failing.all).not.toContain(secret);
    // Recorded despite the failure, and the exported stack holds no plaintext of it.
    expect(p.resources("SwarmService")).toHaveLength(1);
    expect(p.exportStack()).not.toContain(secret);
    p.config({ logTail: 0 });
    const quiet = p.run(["up", "--yes", "--skip-preview"]);
    expect(quiet.code).not.toBe(0);
    expect(quiet.all).not.toContain("logs of task");
    expect(quiet.all).not.toContain(secret);
    p.config({ command: JSON.stringify(["sleep", "3600"]), logTail: undefined });
    expect(p.up().all).not.toContain(secret);
    const exported = p.exportStack();
    expect(exported).not.toContain(secret);
    const outputs = p.resources("SwarmService")[0].outputs;
    expect(outputs.spec.env).toBeUndefined();
    expect(JSON.stringify(outputs.secretSpec)).toContain("ciphertext");
    record("secret env value in failing task logs", true, 0, 0);
    expect(p.destroy().code).toBe(0);
  });

  it("7. quorum loss: 2 of 3 managers stopped for good → the error names the way out; recoverQuorum brings the swarm back with its services; 2 new managers restore 3", async () => {
    if (bed.engines.length < 5) throw new Error(`this case needs a bed of 5 engines (this one has ${bed.engines.length}); the full test run starts 5`);
    await resetBed(bed);
    const p = Program.prepare("faults", `${bed.name}-quorum`);
    const managersOf = (idx: number[]) => JSON.stringify(idx.map((i) => ({ host: bed.engines[i].host, address: bed.engines[i].address })));
    p.config({ manager: bed.engines[0].host, withSwarm: true, advertiseAddr: bed.engines[0].address, joinManagers: managersOf([1, 2]), replicas: 2 });
    p.up();
    const swarmId = (await e(0).system.info()).Swarm.Cluster?.ID as string;
    const svcId = stateServices(p).svc0;
    expect((await e(0).nodes.list()).filter((n) => n.ManagerStatus).length).toBe(3);

    stop(1);
    stop(2);
    // The leader notices the lost majority after its election timeout (~10 s).
    await waitFor("the swarm to have no leader", async () => e(0).swarm.inspect().then(() => false, (err) => isEngineError(err, "NO_LEADER")), 120_000, 1000);
    const refresh = p.run(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.code).not.toBe(0);
    expect(refresh.all).toContain("recoverQuorum");

    p.config({ recoverQuorum: "1" });
    const preview = p.preview();
    expect(preview.all).toContain("recoverQuorum: if the managers have lost quorum, `up` runs force-new-cluster");
    const up = p.up();
    expect(up.all).toContain("running force-new-cluster");
    const info = await e(0).system.info();
    expect(info.Swarm.Cluster?.ID).toBe(swarmId);
    expect((await e(0).services.list()).map((s) => s.ID)).toEqual([svcId]);
    await waitFor("the service's 2 tasks running again", async () => (await runningUpToDate(e(0), svcId)).length === 2, 180_000);

    // The lost managers are replaced by two fresh engines, through SwarmNode.
    p.config({ joinManagers: managersOf([3, 4]) });
    p.up();
    const raft = (await e(0).nodes.list()).filter((n) => n.ManagerStatus?.Reachability === "reachable");
    expect(raft).toHaveLength(3);
    expect((await e(0).services.list()).map((s) => s.ID)).toEqual([svcId]);
    record("quorum lost (2 of 3 managers stopped for good)", true, 0, 0);
    expect(p.destroy().code).toBe(0);
    // The lost engines still hold the old swarm's state: they leave it when they come back.
    for (const i of [1, 2]) {
      await start(i);
      await e(i).swarm.leave(true).catch(() => undefined);
    }
  });
});
