/**
 * The SwarmService resource through the real Pulumi CLI (preview, up, refresh, destroy) on
 * examples/service, against a 3-node swarm of real engines on every bed (both engine versions).
 * The swarm, the image tag, the secret, config and network are set up with the Engine client, so
 * that only the resource under test is managed by Pulumi.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isEngineError } from "../../provider/engine/errors";
import { bedCases, type Bed } from "../helpers/beds";
import { engine, waitFor } from "../helpers/engines";
import { containersOf, createSpecObjects, emptySwarm, runningUpToDate, servicesNamed, tagImage, threeNodeSwarm, type SpecObjects } from "../helpers/service-bed";
import { Program, requestLog, writesIn } from "./harness";

jest.setTimeout(15 * 60_000);

const TYPE = "pulumi-nodejs:dynamic/docker-swarm:SwarmService";
const BOOM = "boom-marker-e2e";
const PASSWORD = "hunter2-e2e-registry-password";

describe.each(bedCases())("SwarmService on %s", (_label, bed: Bed) => {
  let program: Program;
  let objects: SpecObjects;
  let imageV2: string;
  const manager = () => engine(bed, 0);
  const webId = () => program.outputs().webId as string;
  const inspectWeb = () => manager().services.inspect(webId());
  const logFile = () => {
    const f = path.join(program.dir, `requests-${Date.now()}.log`);
    fs.rmSync(f, { force: true });
    return f;
  };

  beforeAll(async () => {
    await threeNodeSwarm(bed);
    imageV2 = await tagImage(bed, "pds/busybox", "v2");
    objects = await createSpecObjects(bed);
    program = Program.prepare("service", bed.name);
    program.config({ manager: bed.engines[0].host });
  });

  afterAll(async () => {
    program?.destroy();
    // The swarm stays for the next run (see threeNodeSwarm); only what this file created goes.
    await emptySwarm(manager());
  });

  it("creates a replicated service of 3 that converges; a second preview makes no engine call and an up no write", async () => {
    const up = program.up();
    expect(up.all).toContain("[swarm-service web] creating service web (replicated");
    expect(up.all).toMatch(/\[swarm-service web\] [0-2]\/3 running/);
    expect(up.all).toContain("[swarm-service web] converged: 3/3 running");
    const svc = await inspectWeb();
    expect(svc.Spec.Mode?.Replicated?.Replicas).toBe(3);
    expect(await runningUpToDate(manager(), svc.ID)).toHaveLength(3);
    const out = program.outputs();
    expect(out.webRunning).toBe(3);
    expect(out.webPorts).toEqual([{ protocol: "tcp", publishMode: "ingress", publishedPort: 18080, targetPort: 80 }]);
    expect(out.webSpec).toMatchObject({ name: "web", image: bed.image, replicas: 3, env: ["APP_ENV=dev", "FEATURE=on"], stopGracePeriod: "1s" });

    const previewLog = logFile();
    expect(program.run(["preview", "--expect-no-changes"], { PDS_REQUEST_LOG: previewLog }).code).toBe(0);
    expect(requestLog(previewLog)).toEqual([]);
    const upLog = logFile();
    const again = program.up({ PDS_REQUEST_LOG: upLog });
    expect(again.all).not.toContain("updated in place");
    expect(writesIn(requestLog(upLog))).toEqual([]);
  });

  it("rolls an env change out in place (same service) and converges", async () => {
    const before = await inspectWeb();
    program.config({ env: "staging" });
    const preview = program.preview();
    expect(preview.all).toMatch(new RegExp(`~ ${TYPE}: \\(update\\)`));
    expect(preview.all).toContain("[swarm-service web] env: differs from the program; up updates it in place");
    expect(preview.all).not.toMatch(/replace/);
    const up = program.up();
    expect(up.all).toContain("[swarm-service web] updated in place: env");
    expect(up.all).toContain("[swarm-service web] converged: 3/3 running");
    const after = await inspectWeb();
    expect(after.ID).toBe(before.ID);
    expect(after.Spec.TaskTemplate.ContainerSpec?.Env).toEqual(["APP_ENV=staging", "FEATURE=on"]);
    expect(await runningUpToDate(manager(), after.ID)).toHaveLength(3);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("rolls an image change out in place and converges", async () => {
    const before = await inspectWeb();
    program.config({ image: imageV2 });
    const up = program.up();
    expect(up.all).toContain("updated in place: image");
    const after = await inspectWeb();
    expect(after.ID).toBe(before.ID);
    expect(after.Spec.TaskTemplate.ContainerSpec?.Image).toBe(imageV2);
    const tasks = await runningUpToDate(manager(), after.ID);
    expect(tasks).toHaveLength(3);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("fails an update whose new command exits 1 with the task's error and logs, and rolls the service back", async () => {
    const before = await inspectWeb();
    program.config({ command: JSON.stringify(["sh", "-c", `echo ${BOOM} >&2; exit 1`]) });
    try {
      const up = program.run(["up", "--yes", "--skip-preview"]);
      expect(up.code).not.toBe(0);
      expect(up.all).toContain("update of service web failed: the Engine paused the update");
      expect(up.all).toMatch(/failed "task: non-zero exit \(1\)".*exit code 1/);
      expect(up.all).toContain(`stderr: ${BOOM}`);
      expect(up.all).toContain("Rolled back to the previous spec (rollback=previous), which converged: 3/3 running");
      const after = await inspectWeb();
      expect(after.ID).toBe(before.ID);
      expect(after.Spec.TaskTemplate.ContainerSpec?.Command).toEqual(["sleep", "3600"]);
      expect(after.UpdateStatus?.State).toBe("rollback_completed");
      expect(await runningUpToDate(manager(), after.ID)).toHaveLength(3);
      // State holds what runs (the previous spec), so the failed change is still pending.
      expect(program.resourceOutputs("SwarmService").spec.command).toEqual(["sleep", "3600"]);
      expect(program.preview().all).toContain("command: differs from the program; up updates it in place");
    } finally {
      program.config({ command: undefined });
    }
    program.up();
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("refresh shows an env added and a scale made out of band; up puts them back", async () => {
    const e = manager();
    const svc = await inspectWeb();
    const spec = structuredClone(svc.Spec) as any;
    spec.TaskTemplate.ContainerSpec.Env.push("OOB=1");
    spec.Mode.Replicated.Replicas = 2;
    await e.services.update(svc.ID, svc.Version.Index, spec);

    const refresh = program.ok(["refresh", "--yes", "--skip-preview", "--diff"]);
    expect(refresh.all).toContain("OOB=1");
    const state = program.resourceOutputs("SwarmService");
    expect(state.spec.env).toEqual(["APP_ENV=staging", "FEATURE=on", "OOB=1"]);
    expect(state.spec.replicas).toBe(2);
    const preview = program.preview();
    expect(preview.all).toContain("env: differs from the program; up updates it in place");
    expect(preview.all).toContain("replicas: differs from the program; up updates it in place");
    program.up();
    const after = await inspectWeb();
    expect(after.Spec.TaskTemplate.ContainerSpec?.Env).toEqual(["APP_ENV=staging", "FEATURE=on"]);
    expect(after.Spec.Mode?.Replicated?.Replicas).toBe(3);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it.each([
    ["a bad duration", ["stopGracePeriod=10 parsecs"], "stopGracePeriod", "not a duration"],
    ["negative replicas", ["replicas=-1"], "replicas", "must be zero or more"],
    ["an unknown mount type", ["mountType=nfs"], "mounts[0].type", 'unknown mount type "nfs"'],
    ["a port out of range", ["publishedPort=70000"], "endpoint.ports[0].publishedPort", "must be between 1 and 65535"],
  ])("refuses %s at preview, naming the property, without any write", (_what, settings, property, message) => {
    const log = logFile();
    program.ok(["config", "set-all", ...settings.flatMap((s) => ["--plaintext", s])]);
    try {
      const preview = program.preview({ PDS_REQUEST_LOG: log });
      expect(preview.code).not.toBe(0);
      expect(preview.all).toContain(`has a problem: ${property}: `);
      expect(preview.all).toContain(message);
      const up = program.run(["up", "--yes"], { PDS_REQUEST_LOG: log });
      expect(up.code).not.toBe(0);
      expect(writesIn(requestLog(log))).toEqual([]);
    } finally {
      program.config(Object.fromEntries(settings.map((s) => [s.split("=")[0], undefined])));
    }
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("gates fields on the Engine's API version (privileges.noNewPrivileges needs API 1.44)", async () => {
    program.config({ noNewPrivileges: true });
    try {
      await gating();
    } finally {
      program.config({ noNewPrivileges: undefined });
    }
    program.up();
  });

  async function gating() {
    if (bed.apiVersion === "1.41") {
      const log = logFile();
      const preview = program.preview({ PDS_REQUEST_LOG: log });
      expect(preview.code).not.toBe(0);
      expect(preview.all).toContain("privileges.noNewPrivileges: needs Engine API 1.44 (Docker 25.0 or later)");
      expect(preview.all).toContain("speaks API 1.41");
      // Only the call that asks the version.
      expect(requestLog(log).length).toBeGreaterThan(0);
      expect(requestLog(log).every((l) => l.endsWith("/_ping"))).toBe(true);
      expect(writesIn(requestLog(log))).toEqual([]);
    } else {
      const up = program.up();
      expect(up.all).toContain("updated in place: privileges");
      expect((await inspectWeb()).Spec.TaskTemplate.ContainerSpec?.Privileges).toMatchObject({ NoNewPrivileges: true });
      expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
    }
  }

  it("applies a broad spec (mounts, secret, config, network, healthcheck, limits, …) in place, converges, with no spurious diff after", async () => {
    program.config({ full: true, secretName: objects.secretName, configName: objects.configName, networkName: objects.networkName });
    const up = program.up();
    expect(up.all).toContain("converged: 3/3 running");
    const svc = await inspectWeb();
    const c = svc.Spec.TaskTemplate.ContainerSpec as any;
    expect(c.Secrets).toEqual([{ File: { Name: objects.secretName, UID: "0", GID: "0", Mode: 0o400 }, SecretID: objects.secretId, SecretName: objects.secretName }]);
    expect(c.Configs[0]).toMatchObject({ ConfigID: objects.configId, ConfigName: objects.configName, File: { Name: "/etc/app.conf" } });
    expect((svc.Spec.TaskTemplate as any).Networks).toEqual([{ Target: objects.networkId, Aliases: ["web-alias"] }]);
    expect(c.Mounts.map((m: any) => m.Type)).toEqual(["tmpfs", "volume", "bind"]);
    expect(c.Ulimits).toEqual([{ Name: "nofile", Soft: 1024, Hard: 2048 }]);
    expect((svc.Spec.TaskTemplate as any).Resources.Limits).toEqual({ NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024, Pids: 200 });
    expect(await runningUpToDate(manager(), svc.ID)).toHaveLength(3);
    const spec = program.resourceOutputs("SwarmService").spec;
    expect(spec.networks).toEqual([{ target: objects.networkName, aliases: ["web-alias"] }]);
    expect(spec.hosts).toEqual(["10.0.0.5 db.internal"]);
    const log = logFile();
    expect(program.run(["preview", "--expect-no-changes"], { PDS_REQUEST_LOG: log }).code).toBe(0);
    expect(requestLog(log)).toEqual([]);
  });

  it("sends registry credentials without storing them; changing them updates in place", async () => {
    program.ok(["config", "set", "--secret", "registryPassword", PASSWORD]);
    const up = program.up();
    expect(up.all).toContain("updated in place: registry credentials");
    const exported = program.exportStack();
    expect(exported).not.toContain(PASSWORD);
    const res = JSON.parse(exported).deployment.resources.find((r: any) => r.type === TYPE);
    expect(res.outputs.registryAuthHash).toHaveProperty("ciphertext");
    expect(res.outputs).not.toHaveProperty("registryAuth");
    expect(res.inputs.registryAuth).toHaveProperty("ciphertext");
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);

    program.ok(["config", "set", "--secret", "registryPassword", `${PASSWORD}-rotated`]);
    const preview = program.preview();
    expect(preview.all).toContain("registryAuth: new credentials are sent with an in-place update");
    expect(preview.all).toMatch(new RegExp(`~ ${TYPE}: \\(update\\)`));
    program.up();
    expect(program.exportStack()).not.toContain(PASSWORD);
  });

  it("resolveImage falls back to the image as written, saying why, when the registry is unreachable", async () => {
    program.config({ resolveImage: true });
    try {
      const up = program.up();
      expect(up.all).toContain(`resolveImage: cannot resolve ${imageV2} through its registry`);
      expect((await inspectWeb()).Spec.TaskTemplate.ContainerSpec?.Image).toBe(imageV2);
    } finally {
      program.config({ resolveImage: undefined });
    }
    program.up();
  });

  it("runs a global service with one task per node of the 3-node swarm, and a replicated job to completion", async () => {
    program.config({ withGlobal: true, withJob: true });
    const up = program.up();
    expect(up.all).toContain("[swarm-service agent] converged: 3/3 nodes running");
    expect(up.all).toContain("[swarm-service migrate] converged: 2/2 completed");
    const out = program.outputs();
    const agentTasks = await runningUpToDate(manager(), out.agentId);
    expect(new Set(agentTasks.map((t) => t.NodeID)).size).toBe(3);
    expect(agentTasks).toHaveLength(3);
    const jobTasks = await manager().tasks.list({ service: [out.jobId] });
    expect(jobTasks.filter((t) => t.Status.State === "complete")).toHaveLength(2);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("previews and applies a mode change as a replace (delete first: the name stays)", async () => {
    program.config({ full: undefined, mode: "global" });
    const before = webId();
    const preview = program.preview();
    expect(preview.code).toBe(0);
    expect(preview.all).toMatch(new RegExp(`\\+-${TYPE}: \\(replace\\)`));
    expect(preview.all).toContain("mode: the Engine cannot change a service's mode (replicated → global)");
    const up = program.up();
    expect(up.all).toContain("[swarm-service web] converged: 3/3 nodes running");
    const after = webId();
    expect(after).not.toBe(before);
    expect((await manager().services.inspect(after)).Spec.Mode?.Global).toBeDefined();
    const gone = await manager().services.inspect(before).then(() => undefined, (e: unknown) => e);
    expect(isEngineError(gone, "NOT_FOUND")).toBe(true);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("destroy removes the services and their tasks", async () => {
    const out = program.outputs();
    const services = [out.webId, out.agentId] as string[];
    const r = program.destroy();
    expect(r.code).toBe(0);
    expect(r.all).toMatch(/\[swarm-service web\] removed service \w+; its \d+ task\(s\) are gone/);
    const tasks = await manager().tasks.list();
    expect(tasks.filter((t) => services.includes(t.ServiceID))).toEqual([]);
    // The nodes remove the containers of removed tasks shortly after (26.1 lags a little).
    for (const id of services) expect(await waitFor(`containers of ${id} to be removed`, async () => (await containersOf(bed, id)) === 0, 30_000)).toBe(true);
    // A job's tasks have all completed; Docker 20.10 keeps their records (and exited containers)
    // after the service is deleted, 26.1 removes them.
    const jobTasks = tasks.filter((t) => t.ServiceID === out.jobId);
    expect(jobTasks.every((t) => t.Status.State === "complete")).toBe(true);
    if (bed.apiVersion !== "1.41") expect(jobTasks).toEqual([]);
    expect(await manager().services.list()).toEqual([]);
  });

  it("refuses to take over an existing service of the same name unless adopt is set", async () => {
    program.config({ mode: undefined, withGlobal: undefined, withJob: undefined, registryPassword: undefined });
    const e = manager();
    const { id } = await e.services.create({
      Name: "web",
      TaskTemplate: { ContainerSpec: { Image: bed.image, Command: ["sleep", "3600"] } },
      Mode: { Replicated: { Replicas: 1 } },
    });
    const refused = program.run(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.all).toContain('a service named "web" already exists');
    expect(refused.all).toContain("adopt: true");

    program.config({ adopt: true });
    const up = program.up();
    expect(up.all).toContain(`adopting the existing service web (${id})`);
    expect(webId()).toBe(id);
    expect((await e.services.inspect(id)).Spec.Mode?.Replicated?.Replicas).toBe(3);
    expect(await runningUpToDate(e, id)).toHaveLength(3);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
    expect(program.destroy().code).toBe(0);
    expect(await servicesNamed(e, "web")).toEqual([]);
  });

  it("records a created service that did not converge in state, with the failing tasks in the error; refresh forgets it once removed out of band", async () => {
    const broken = Program.prepare("service", `${bed.name}-broken`);
    try {
      broken.config({
        manager: bed.engines[0].host,
        name: "broken",
        replicas: 1,
        command: JSON.stringify(["sh", "-c", `echo ${BOOM} >&2; exit 3`]),
        publishedPort: 18081,
      });
      const up = broken.run(["up", "--yes", "--skip-preview"]);
      expect(up.code).not.toBe(0);
      expect(up.all).toContain("service broken was created but did not converge: tasks keep failing");
      expect(up.all).toMatch(/failed "task: non-zero exit \(3\)".*exit code 3/);
      expect(up.all).toContain(`stderr: ${BOOM}`);
      const state = broken.resourceOutputs("SwarmService");
      const [svc] = await servicesNamed(manager(), "broken");
      expect(state.serviceId).toBe(svc.ID);
      // Removed out of band: refresh drops it from the stack.
      await manager().services.remove(svc.ID);
      const refresh = broken.ok(["refresh", "--yes", "--skip-preview"]);
      expect(refresh.all).toContain(`service ${svc.ID} no longer exists`);
      expect(() => broken.resourceOutputs("SwarmService")).toThrow(/no SwarmService resource/);
    } finally {
      broken.destroy();
    }
  });
});
