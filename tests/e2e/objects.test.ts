/**
 * SwarmSecret, SwarmConfig and SwarmNetwork through the real Pulumi CLI on examples/stack-objects,
 * against a 3-node swarm of every bed (both engine versions): services read the secret and the config
 * from their files; a new secret rotates without downtime (new object, services updated in place,
 * old object removed); a rotation whose service update fails rolls that service back onto the old
 * secret, which stays until the next `up` has moved it; a service moves to another network in place;
 * objects made with the docker CLI are adopted with no write on the next `up`; destroy removes
 * services before their networks, secrets and configs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { getServiceLogs } from "../../provider/lookups";
import { VERSION_OF_LABEL } from "../../provider/common/versions";
import type { Service } from "../../provider/engine/schemas";
import { bedCases, type Bed } from "../helpers/beds";
import { engine, waitFor } from "../helpers/engines";
import { emptySwarm, runningUpToDate, threeNodeSwarm } from "../helpers/service-bed";
import { Program, requestLog, writesIn } from "./harness";

jest.setTimeout(15 * 60_000);

const PW1 = "pw-one-7c1d3e-secret";
const PW2 = "pw-two-91a4bb-secret";
const PW3 = "pw-three-4e0f22-secret";

describe.each(bedCases())("secrets, configs and networks on %s", (_label, bed: Bed) => {
  let program: Program;
  const m = () => engine(bed, 0);
  const connection = () => ({ host: bed.engines[0].host });
  const services = async (): Promise<Record<string, Service>> => Object.fromEntries((await m().services.list()).map((s) => [s.Spec.Name ?? s.ID, s]));
  const ours = async () => (await m().secrets.list()).filter((s) => s.Spec.Labels?.[VERSION_OF_LABEL]);
  const secretRefOf = async (name: string) => (await services())[name]?.Spec.TaskTemplate.ContainerSpec.Secrets?.[0];
  /** The lines a service's current task printed (waiting until it printed `marker`). */
  const printed = (service: string, marker: string) =>
    waitFor(`${service} to print ${marker}`, async () => {
      const logs = await getServiceLogs(connection(), service, { tail: 50 });
      const lines = logs.lines.map((l) => l.text);
      return lines.some((l) => l.includes(marker)) ? lines : undefined;
    }, 90_000, 500);
  const setPassword = (pw: string) => program.ok(["config", "set", "--secret", "dbPassword", pw]);

  beforeAll(async () => {
    await threeNodeSwarm(bed);
    program = Program.prepare("stack-objects", bed.name);
    program.config({ manager: bed.engines[0].host });
    setPassword(PW1);
  });

  afterAll(async () => {
    program?.destroy();
    await emptySwarm(m());
  });

  it("creates two networks, a secret, a config and 3 services that read them; a second preview makes no Engine call", async () => {
    const up = program.up();
    expect(up.all).toContain("[swarm-secret db_password] creating secret db_password-");
    const out = program.outputs();
    expect(out.secretName).toMatch(/^db_password-[0-9a-f]{8}$/);
    for (const s of ["api0", "api1", "api2"]) {
      const lines = await printed(s, "password=");
      expect(lines).toContain(`password=${PW1}`);
      expect(lines).toContain("conf=listen 8080");
      expect((await secretRefOf(s))?.File?.Name).toBe("db_password");
    }
    const log = path.join(program.dir, "preview.log");
    expect(program.run(["preview", "--expect-no-changes"], { PDS_REQUEST_LOG: log }).code).toBe(0);
    expect(requestLog(log)).toEqual([]);
    expect(program.exportStack()).not.toContain(PW1);
  });

  it("rotates the secret: a new object, the same services updated in place to it, the old object removed; no plaintext in state", async () => {
    const before = program.outputs();
    const ids = Object.fromEntries(Object.entries(await services()).map(([k, s]) => [k, s.ID]));
    setPassword(PW2);
    const preview = program.preview();
    expect(preview.all).toMatch(/\+-pulumi-nodejs:dynamic\/docker-swarm:SwarmSecret: \(replace\)/);
    expect(preview.all).not.toMatch(/SwarmService: \(replace\)/);
    const t0 = Date.now();
    program.up();
    const tUp = Date.now() - t0;
    const after = program.outputs();
    expect(after.secretId).not.toBe(before.secretId);
    expect(after.secretName).not.toBe(before.secretName);
    const now = await services();
    for (const s of ["api0", "api1", "api2"]) {
      expect(now[s].ID).toBe(ids[s]);
      expect((await secretRefOf(s))?.SecretID).toBe(after.secretId);
      expect((await secretRefOf(s))?.File?.Name).toBe("db_password");
      expect(await printed(s, `password=${PW2}`)).toContain(`password=${PW2}`);
    }
    const remaining = await ours();
    expect(remaining.map((s) => s.ID)).toEqual([after.secretId]);
    const exported = program.exportStack();
    expect(exported).not.toContain(PW1);
    expect(exported).not.toContain(PW2);
    // Figures for the closing note: the new object, every service converged on it, the old one removed.
    const created = Date.parse((await m().secrets.inspect(after.secretId)).CreatedAt ?? "") - t0;
    const converged = Math.max(...Object.values(now).map((s) => Date.parse(s.UpdateStatus?.CompletedAt ?? "") || 0)) - t0;
    process.stderr.write(`[${bed.engineVersion}] secret rotation across 3 services: new secret at +${created} ms, all converged at +${converged} ms, old removed by the end of up at +${tUp} ms\n`);
  });

  it("a rotation whose service update fails: that service is back on the previous secret, which stays; the next up moves it and removes the old secret", async () => {
    const before = program.outputs();
    setPassword(PW3);
    program.config({ failFor: 0 });
    const failed = program.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.all).toContain("update of service api0 failed");
    expect(failed.all).toMatch(/cannot start|exit/);
    // api0 rolled back onto the old secret, which therefore still exists.
    expect((await secretRefOf("api0"))?.SecretID).toBe(before.secretId);
    expect((await ours()).map((s) => s.ID)).toContain(before.secretId);
    expect((await runningUpToDate(m(), (await services()).api0.ID)).length).toBe(1);

    program.config({ failFor: undefined });
    program.up();
    const after = program.outputs();
    expect(after.secretId).not.toBe(before.secretId);
    for (const s of ["api0", "api1", "api2"]) expect((await secretRefOf(s))?.SecretID).toBe(after.secretId);
    expect((await ours()).map((s) => s.ID)).toEqual([after.secretId]);
    expect(await printed("api0", `password=${PW3}`)).toContain(`password=${PW3}`);
    expect(program.exportStack()).not.toContain(PW3);
  });

  it("moves a service to the second network in place (same service), then back", async () => {
    const id = (await services()).api1.ID;
    program.config({ frontendFor: 1 });
    const preview = program.preview();
    expect(preview.all).toContain("[swarm-service api1] networks: differs from the program; up updates it in place");
    expect(preview.all).not.toMatch(/replace/);
    program.up();
    const out = program.outputs();
    const svc = (await services()).api1;
    expect(svc.ID).toBe(id);
    expect(svc.Spec.TaskTemplate.Networks?.map((n: { Target: string }) => n.Target)).toEqual([out.networks.frontend]);
    await waitFor("api1 running on frontend", async () => (await runningUpToDate(m(), id)).length === 1);
    program.config({ frontendFor: undefined });
    program.up();
    expect((await services()).api1.Spec.TaskTemplate.Networks?.map((n: { Target: string }) => n.Target)).toEqual([out.networks.backend]);
  });

  it("adopts a secret, a config and a network made with the docker CLI; the next up writes nothing", async () => {
    await m().secrets.create("adopted-secret", "adopted-value-1");
    await m().configs.create("adopted-config", "adopted\n");
    await m().networks.create({ Name: "adopted-net", Driver: "overlay", Attachable: true, Scope: "swarm" });
    program.ok(["config", "set", "--secret", "adoptedSecret", "adopted-value-1"]);
    program.config({ adoptExisting: true });
    const up = program.up();
    expect(up.all).toContain("adopting the existing secret adopted-secret");
    expect(up.all).toContain("adopting the existing config adopted-config");
    expect(up.all).toContain("adopting the existing network adopted-net");
    const log = path.join(program.dir, "adopt.log");
    fs.rmSync(log, { force: true });
    const again = program.up({ PDS_REQUEST_LOG: log });
    expect(again.code).toBe(0);
    expect(writesIn(requestLog(log))).toEqual([]);
    program.config({ adoptExisting: undefined });
    program.up();
    // Removed from the program: adopted objects are deleted like the others.
    expect((await m().secrets.list()).map((s) => s.Spec.Name)).not.toContain("adopted-secret");
  });

  it("destroy removes the services first, then their networks, secret and config: nothing is left", async () => {
    const out = program.outputs();
    const destroy = program.destroy();
    expect(destroy.code).toBe(0);
    expect(await m().services.list()).toEqual([]);
    expect(await ours()).toEqual([]);
    expect((await m().configs.list()).filter((c) => c.Spec.Labels?.[VERSION_OF_LABEL])).toEqual([]);
    const nets = (await m().networks.list()).map((n) => n.Id);
    expect(nets).not.toContain(out.networks.backend);
    expect(nets).not.toContain(out.networks.frontend);
    // Services went before the networks they used (the delete order Pulumi printed).
    const order = destroy.all.split("\n").filter((l) => /deleted|deleting/.test(l)).join("\n");
    expect(order.indexOf("api0")).toBeLessThan(order.lastIndexOf("backend"));
  });
});
