/**
 * The Swarm resource through the real Pulumi CLI (preview, up, refresh, destroy) on examples/swarm,
 * against real engines of every bed (both engine versions).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bedCases, testbed, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { Program, requestLog, writesIn } from "./harness";

jest.setTimeout(15 * 60_000);

describe.each(bedCases())("Swarm on %s", (_label, bed: Bed) => {
  let program: Program;
  const manager = () => engine(bed, 0);

  beforeAll(async () => {
    await resetBed(bed);
    program = Program.prepare("swarm", bed.name);
    program.config({ manager: bed.engines[0].host, advertiseAddr: bed.engines[0].address });
  });

  afterAll(async () => {
    program?.destroy();
    await resetBed(bed);
  });

  it("creates the swarm with the declared spec; a second preview shows no changes", async () => {
    const up = program.up();
    expect(up.all).toContain("initialising a swarm");
    const out = program.outputs(true);
    const swarm = await manager().swarm.inspect();
    expect(out.swarmId).toBe(swarm.ID);
    expect(out.joinAddress).toBe(`${bed.engines[0].address}:2377`);
    expect(out.engineVersion).toBe(bed.engineVersion);
    expect(swarm.Spec.Orchestration?.TaskHistoryRetentionLimit).toBe(3);
    expect(swarm.Spec.Dispatcher?.HeartbeatPeriod).toBe(5e9);
    expect(swarm.Spec.CAConfig?.NodeCertExpiry).toBe(720 * 3600e9);
    expect(swarm.Spec.Labels).toEqual({ owner: "pulumi", env: "dev" });
    expect(out.joinTokens.worker).toBe(swarm.JoinTokens.Worker);
    expect(out.spec.caConfig.nodeCertExpiry).toBe("720h");
    expect(out.unlockKey).toBe("");

    const again = program.run(["preview", "--expect-no-changes"]);
    expect(again.code).toBe(0);
  });

  it("updates the spec in place, keeping the same swarm", async () => {
    const before = await manager().swarm.inspect();
    program.config({ taskHistory: 5, env: "staging" });
    const preview = program.preview();
    expect(preview.all).toMatch(/~ pulumi-nodejs:dynamic\/docker-swarm:Swarm: \(update\)/);
    expect(preview.all).not.toMatch(/replace/);
    program.up();
    const after = await manager().swarm.inspect();
    expect(after.ID).toBe(before.ID);
    expect(after.Spec.Orchestration?.TaskHistoryRetentionLimit).toBe(5);
    expect(after.Spec.Labels).toEqual({ owner: "pulumi", env: "staging" });
    // Undeclared settings are carried over, not reset.
    expect(after.Spec.Raft?.LogEntriesForSlowFollowers).toBe(before.Spec.Raft?.LogEntriesForSlowFollowers);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("previews an init-only change as a replace, saying why", () => {
    program.config({ listenAddr: "0.0.0.0:2378" });
    const preview = program.preview();
    expect(preview.code).toBe(0);
    expect(preview.all).toMatch(/\+-pulumi-nodejs:dynamic\/docker-swarm:Swarm: \(replace\)/);
    expect(preview.all).toContain("listenAddr: set only when a swarm is initialised");
    program.config({ listenAddr: undefined });
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("rotates the worker join token when its trigger changes", async () => {
    const before = (await manager().swarm.inspect()).JoinTokens;
    program.config({ workerTokenGeneration: "2" });
    program.up();
    const after = (await manager().swarm.inspect()).JoinTokens;
    expect(after.Worker).not.toBe(before.Worker);
    expect(after.Manager).toBe(before.Manager);
    expect(program.outputs(true).joinTokens.worker).toBe(after.Worker);
  });

  it("rejects bad inputs at preview, naming the property, without writing to the engine", async () => {
    const log = path.join(program.dir, "requests.log");
    fs.rmSync(log, { force: true });
    program.config({ heartbeat: "5 parsecs" });
    const preview = program.preview({ PDS_REQUEST_LOG: log });
    expect(preview.code).not.toBe(0);
    expect(preview.all).toContain("spec.dispatcherHeartbeatPeriod");
    expect(preview.all).toContain("not a duration");
    const up = program.run(["up", "--yes"], { PDS_REQUEST_LOG: log });
    expect(up.code).not.toBe(0);
    expect(writesIn(requestLog(log))).toEqual([]);
    program.config({ heartbeat: undefined });
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("turns autolock on, exposes a secret unlock key, and unlocks a restarted manager on up", async () => {
    program.config({ autolock: true });
    program.up();
    const out = program.outputs(true);
    expect(out.unlockKey).toMatch(/^SWMKEY-1-/);
    expect(program.outputs(false).unlockKey).toBe("[secret]");
    expect(await manager().swarm.unlockKey()).toBe(out.unlockKey);

    testbed(["restart", "--name", bed.name, "--node", bed.engines[0].name]);
    await waitFor("the manager to come back locked", async () => (await manager().system.info()).Swarm.LocalNodeState === "locked");

    const refresh = program.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.all).toContain("LOCKED");
    const up = program.up();
    expect(up.all).toContain("unlocking the manager");
    const info = await manager().system.info();
    expect(info.Swarm.LocalNodeState).toBe("active");
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("rotates the manager token and the unlock key when their triggers change", async () => {
    const before = await manager().swarm.inspect();
    const keyBefore = await manager().swarm.unlockKey();
    program.config({ managerTokenGeneration: "1", unlockKeyGeneration: "1" });
    program.up();
    const after = await manager().swarm.inspect();
    expect(after.JoinTokens.Manager).not.toBe(before.JoinTokens.Manager);
    expect(after.JoinTokens.Worker).toBe(before.JoinTokens.Worker);
    const keyAfter = await manager().swarm.unlockKey();
    expect(keyAfter).not.toBe(keyBefore);
    expect(program.outputs(true).unlockKey).toBe(keyAfter);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("sends spec.taskDefaults.logDriver but says the engine drops it, without diffing forever", async () => {
    program.config({ taskLogDriver: "json-file" });
    const up = program.up();
    expect(up.all).toContain("spec.taskDefaults.logDriver is sent to the engine, but the Docker Engine drops it");
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
    program.config({ taskLogDriver: undefined });
  });

  it("rotates the root CA to a given signing certificate, waits for it, and never stores the key in plaintext", async () => {
    const dir = fs.mkdtempSync(path.join(program.dir, "ca-"));
    const { execFileSync } = await import("node:child_process");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650",
      "-subj", "/CN=pulumi-docker-swarm test root", "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      "-keyout", path.join(dir, "ca-key.pem"), "-out", path.join(dir, "ca.pem"),
    ], { stdio: "ignore" });
    program.config({ signingCAPath: dir });
    const up = program.up();
    expect(up.all).toContain("root CA rotation");
    const swarm = await manager().swarm.inspect();
    expect(swarm.RootRotationInProgress).toBeFalsy();
    const norm = (pem: string) => pem.replace(/\s+/g, "");
    expect(norm(swarm.TLSInfo?.TrustRoot ?? "")).toBe(norm(fs.readFileSync(path.join(dir, "ca.pem"), "utf8")));
    const keyBody = fs.readFileSync(path.join(dir, "ca-key.pem"), "utf8").split("\n").filter((l) => l && !l.startsWith("-----")).join("");
    expect(program.exportStack()).not.toContain(keyBody.slice(0, 40));
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("sees out-of-band changes on refresh", async () => {
    const eng = manager();
    const s = await eng.swarm.inspect();
    await eng.swarm.update(s.Version.Index, { ...s.Spec, Orchestration: { TaskHistoryRetentionLimit: 7 } });
    const refresh = program.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.all).toMatch(/taskHistoryRetentionLimit/);
    expect(program.resourceOutputs("Swarm").spec.taskHistoryRetentionLimit).toBe(7);
    // The program still declares its own value (3 unless configured): the next up puts it back.
    const configured = program.run(["config", "get", "taskHistory"]);
    const declared = configured.code === 0 ? Number(configured.stdout.trim()) : 3;
    const preview = program.preview();
    expect(preview.all).toMatch(/~ pulumi-nodejs:dynamic\/docker-swarm:Swarm: \(update\)/);
    expect(preview.all).not.toMatch(/replace/);
    program.up();
    const after = await eng.swarm.inspect();
    expect(after.ID).toBe(s.ID);
    expect(after.Spec.Orchestration?.TaskHistoryRetentionLimit).toBe(declared);
  });

  it("keeps every secret out of the exported stack in plaintext; the provider stub is tiny", async () => {
    const exported = program.exportStack();
    const s = await manager().swarm.inspect();
    const key = await manager().swarm.unlockKey();
    for (const secret of [s.JoinTokens.Worker, s.JoinTokens.Manager, key]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(exported).not.toContain(secret);
    }
    expect(exported).not.toMatch(/SWMTKN-1-|SWMKEY-1-/);
    const state = JSON.parse(exported);
    const res = state.deployment.resources.find((r: any) => r.type.endsWith(":Swarm"));
    expect(res.outputs.__provider.length).toBeLessThan(4096);
  });

  it("destroys: the engine leaves the swarm", async () => {
    const r = program.destroy();
    expect(r.code).toBe(0);
    expect((await manager().system.info()).Swarm.LocalNodeState).toBe("inactive");
  });

  it("adopts an existing swarm and leaves it running on destroy", async () => {
    const eng = manager();
    await eng.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: {} });
    const id = (await eng.swarm.inspect()).ID;
    program.config({ adopt: true, autolock: false });
    const up = program.up();
    expect(up.all).toContain("adopting the existing swarm");
    expect(program.outputs().swarmId).toBe(id);
    expect((await eng.swarm.inspect()).Spec.Orchestration?.TaskHistoryRetentionLimit).toBe(5);
    expect(program.destroy().code).toBe(0);
    const info = await eng.system.info();
    expect(info.Swarm.LocalNodeState).toBe("active");
    expect(info.Swarm.Cluster?.ID).toBe(id);
  });

  it("refuses to initialise on an engine that is already in a swarm unless adopting", async () => {
    program.config({ adopt: false });
    const up = program.run(["up", "--yes", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    expect(up.all).toContain("already part of a swarm");
    expect(up.all).toContain("adopt: true");
  });

  it("works over tcp:// with mutual TLS given as PEM text, and keeps the TLS key out of state in plaintext", async () => {
    await resetBed(bed);
    const tls = Program.prepare("swarm", `${bed.name}-tls`);
    try {
      tls.config({ manager: bed.engines[0].tcpHost, advertiseAddr: bed.engines[0].address, tlsCertPath: bed.tls.certPath });
      tls.up();
      expect(tls.outputs().swarmId).toBe((await manager().swarm.inspect()).ID);
      const exported = tls.exportStack();
      const key = fs.readFileSync(path.join(bed.tls.certPath, "key.pem"), "utf8");
      const body = key.split("\n").filter((l) => l && !l.startsWith("-----")).join("");
      expect(body.length).toBeGreaterThan(40);
      expect(exported).not.toContain(body.slice(0, 40));
      expect(exported).not.toContain("PRIVATE KEY");
      expect(tls.run(["preview", "--expect-no-changes"]).code).toBe(0);
    } finally {
      expect(tls.destroy().code).toBe(0);
    }
    expect((await manager().system.info()).Swarm.LocalNodeState).toBe("inactive");
  });
});
