/**
 * The Engine client against real engines of every bed (both engine versions): system, swarm, nodes,
 * services and tasks, including a real "update out of sequence" race and a real locked swarm.
 */
import { bedCases, testbed, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { readModifyWrite } from "../../provider/engine/retry";
import { isEngineError, EngineError } from "../../provider/engine/errors";
import type { DockerEngine } from "../../provider/engine";

jest.setTimeout(5 * 60_000);

async function expectCode(p: Promise<unknown>, code: EngineError["code"]): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    expect(isEngineError(e)).toBe(true);
    expect((e as EngineError).code).toBe(code);
    return e as EngineError;
  }
  throw new Error(`expected an EngineError ${code}, but the call succeeded`);
}

describe.each(bedCases())("Engine client on %s", (_label, bed: Bed) => {
  let manager: DockerEngine;

  beforeAll(async () => {
    await resetBed(bed);
    manager = engine(bed, 0);
  });
  afterAll(() => resetBed(bed));

  it("negotiates the API version and reads version and info", async () => {
    expect(await manager.apiVersion()).toBe(bed.apiVersion);
    const v = await manager.system.version();
    expect(v.Version).toBe(bed.engineVersion);
    expect(await manager.system.ping()).toBe(true);
    const info = await manager.system.info();
    expect(info.Swarm.LocalNodeState).toBe("inactive");
  });

  it("talks TCP with mutual TLS: a cert folder or PEM strings; refuses without a client certificate", async () => {
    const fs = await import("node:fs");
    const { DockerEngine } = await import("../../provider/engine");
    const dir = bed.tls.certPath;
    const viaFolder = new DockerEngine({ host: bed.engines[0].tcpHost, tls: { certPath: dir } });
    expect((await viaFolder.system.version()).Version).toBe(bed.engineVersion);
    const pem = (f: string) => fs.readFileSync(`${dir}/${f}`, "utf8");
    const viaPem = new DockerEngine({ host: bed.engines[0].tcpHost, tls: { ca: pem("ca.pem"), cert: pem("cert.pem"), key: pem("key.pem") } });
    expect(await viaPem.system.ping()).toBe(true);
    const noCert = new DockerEngine({ host: bed.engines[0].tcpHost, tls: { ca: pem("ca.pem") } });
    const e = await expectCode(noCert.system.ping(), "UNREACHABLE");
    expect(e.message).not.toContain("PRIVATE KEY");
    // DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, as the docker CLI reads them.
    const { resolveConnection } = await import("../../provider/engine/connection");
    const fromEnv = new DockerEngine(
      resolveConnection(undefined, { DOCKER_HOST: bed.engines[0].tcpHost, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: dir }),
    );
    expect(await fromEnv.apiVersion()).toBe(bed.apiVersion);
  });

  it("maps 'not in a swarm' to a typed error carrying the request line", async () => {
    const e = await expectCode(manager.swarm.inspect(), "NOT_IN_SWARM");
    expect(e.status).toBe(503);
    expect(e.request).toBe(`GET /v${bed.apiVersion}/swarm`);
    expect(e.host).toBe(bed.engines[0].host);
  });

  it("inits a swarm, inspects it, and refuses a second init", async () => {
    const nodeId = await manager.swarm.init({
      ListenAddr: "0.0.0.0:2377",
      AdvertiseAddr: bed.engines[0].address,
      Spec: { Orchestration: { TaskHistoryRetentionLimit: 2 } },
    });
    expect(nodeId).toMatch(/^[a-z0-9]{25}$/);
    const s = await manager.swarm.inspect();
    expect(s.Spec.Orchestration?.TaskHistoryRetentionLimit).toBe(2);
    expect(s.JoinTokens.Worker).toMatch(/^SWMTKN-1-/);
    const again = await expectCode(
      manager.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: {} }),
      "ALREADY_IN_SWARM",
    );
    expect(again.message).not.toMatch(/SWMTKN/);
  });

  it("updates the swarm with its version; a stale version is OUT_OF_SEQUENCE, and readModifyWrite recovers", async () => {
    const s = await manager.swarm.inspect();
    await manager.swarm.update(s.Version.Index, { ...s.Spec, Labels: { a: "1" } });
    // Writing again with the version read before the first write: a real race.
    const stale = await expectCode(manager.swarm.update(s.Version.Index, { ...s.Spec, Labels: { b: "2" } }), "OUT_OF_SEQUENCE");
    expect(stale.status).toBe(500);

    // Two writers at once, each read-modify-writing with bounded retries: both changes land.
    const bump = (key: string) =>
      readModifyWrite({
        read: () => manager.swarm.inspect(),
        apply: (cur) => ({ ...cur.Spec, Labels: { ...(cur.Spec.Labels ?? {}), [key]: "x" } }),
        write: (cur, next) => manager.swarm.update(cur.Version.Index, next),
        attempts: 10,
        backoffMs: 20,
      });
    await Promise.all([bump("w1"), bump("w2"), bump("w3")]);
    const labels = (await manager.swarm.inspect()).Spec.Labels;
    expect(labels).toEqual(expect.objectContaining({ a: "1", w1: "x", w2: "x", w3: "x" }));
  });

  it("lists and updates nodes with the full spec and version", async () => {
    const nodes = await manager.nodes.list({ role: ["manager"] });
    expect(nodes).toHaveLength(1);
    const n = nodes[0];
    expect(n.Status.State).toBe("ready");
    await manager.nodes.update(n.ID, n.Version.Index, { ...n.Spec, Labels: { zone: "a" } });
    const after = await manager.nodes.inspect(n.ID);
    expect(after.Spec.Labels).toEqual({ zone: "a" });
    await expectCode(manager.nodes.update(n.ID, n.Version.Index, n.Spec), "OUT_OF_SEQUENCE");
    await expectCode(manager.nodes.inspect("no-such-node"), "NOT_FOUND");
    const filtered = await manager.nodes.list({ "node.label": ["zone=a"] });
    expect(filtered.map((x) => x.ID)).toEqual([n.ID]);
  });

  it("creates, inspects, updates and deletes a service, and lists its tasks", async () => {
    const { id } = await manager.services.create({
      Name: `client-${bed.name}`,
      TaskTemplate: { ContainerSpec: { Image: bed.image, Command: ["sleep", "3600"] } as never },
      Mode: { Replicated: { Replicas: 1 } },
    });
    const svc = await manager.services.inspect(id);
    expect(svc.Spec.Name).toBe(`client-${bed.name}`);
    const running = await waitFor(
      "a running task",
      async () => (await manager.tasks.list({ service: [id], "desired-state": ["running"] })).find((t) => t.Status.State === "running"),
      120_000,
    );
    expect(running.ServiceID).toBe(id);
    expect(await manager.tasks.inspect(running.ID)).toEqual(expect.objectContaining({ ID: running.ID }));

    await manager.services.update(id, svc.Version.Index, { ...svc.Spec, Labels: { v: "2" } });
    expect((await manager.services.inspect(id)).Spec.Labels).toEqual({ v: "2" });
    await expectCode(manager.services.update(id, svc.Version.Index, svc.Spec), "OUT_OF_SEQUENCE");
    const listed = await manager.services.list({ name: [`client-${bed.name}`] }, true);
    expect(listed[0].ServiceStatus?.DesiredTasks).toBe(1);

    await manager.services.remove(id);
    await expectCode(manager.services.inspect(id), "NOT_FOUND");
  });

  it("locks with autolock after a restart, and unlocks with the key", async () => {
    const s = await manager.swarm.inspect();
    await manager.swarm.update(s.Version.Index, { ...s.Spec, EncryptionConfig: { AutoLockManagers: true } });
    const key = await manager.swarm.unlockKey();
    expect(key).toMatch(/^SWMKEY-1-/);

    testbed(["restart", "--name", bed.name, "--node", bed.engines[0].name]);
    const fresh = engine(bed, 0);
    await waitFor("the locked state", async () => (await fresh.system.info()).Swarm.LocalNodeState === "locked", 60_000);
    const locked = await expectCode(fresh.swarm.inspect(), "LOCKED");
    expect(locked.status).toBe(503);
    const wrong = await expectCode(fresh.swarm.unlock("SWMKEY-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "UNAUTHORIZED");
    expect(wrong.message).not.toContain("SWMKEY-1-AAAA");
    await fresh.swarm.unlock(key);
    await waitFor("active again", async () => (await fresh.system.info()).Swarm.ControlAvailable === true, 60_000);
    await expectCode(fresh.swarm.unlock(key), "NOT_LOCKED");
  });

  it("leaves the swarm", async () => {
    await manager.swarm.leave(true);
    expect((await manager.system.info()).Swarm.LocalNodeState).toBe("inactive");
    await expectCode(manager.swarm.leave(true), "NOT_IN_SWARM");
  });
});
