/**
 * The docker-swarm provider plugin through the real Pulumi CLI, with YAML and Python programs, against
 * real engines (issue 15):
 *
 * - a YAML and a Python program each declare a swarm, a joined worker and a service: preview, up, a
 *   preview with no changes, an in-place update, refresh after a change made with the docker CLI, destroy;
 * - `pulumi preview --diff` shows the changed properties and the reason of a replacement;
 * - `pulumi import` of a service made with `docker service create`, then a preview with no changes;
 * - a customTimeouts bound ends a wait that would last minutes; secrets never reach state in plaintext;
 * - a stack of dynamic resources moves to the plugin without recreating anything (import), and the
 *   same scenario through the dynamic providers and through the plugin leaves the same Engine state.
 *
 * The plugin runs from the packed npm package installed in each program's folder (Pulumi.yaml
 * `plugins.providers`); the YAML and Python language hosts are built from Go modules
 * (tests/bed/build-language-hosts.sh). These proofs run on every bed they are given (both engine
 * versions in `npm test`); PDS_PLUGIN_ENGINE=20.10 or 26.1 limits them to one.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beds, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { Program } from "./harness";

jest.setTimeout(30 * 60_000);

const ROOT = path.resolve(__dirname, "../..");
const WANTED = process.env.PDS_PLUGIN_ENGINE;
const bed: Bed | undefined = beds().find((b) => !WANTED || b.engine === WANTED);
const describeOnBed = bed ? describe : describe.skip;
const SIG = "4dabf18193072939515e22adb298388d";

/** The language hosts (next to the CLI) and the Python virtualenv, built once into the cache. */
function languageHosts(what: "bin" | "venv"): string {
  return execFileSync("bash", [path.join(ROOT, "tests/bed/build-language-hosts.sh"), what], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 1_200_000 }).trim();
}

/** The docker CLI against one engine of the bed (never the machine's default socket). */
function docker(b: Bed, index: number, ...args: string[]): string {
  return execFileSync("docker", ["-H", b.engines[index].host, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function expectOk(r: { code: number; all: string }): void {
  if (r.code !== 0) throw new Error(`pulumi exited ${r.code}:\n${r.all}`);
}

async function swarmState(b: Bed, index: number): Promise<string> {
  return (await engine(b, index).system.info()).Swarm.LocalNodeState ?? "";
}

async function serviceNamed(b: Bed, name: string) {
  return (await engine(b, 0).services.list({ name: [name] })).find((s) => s.Spec.Name === name);
}

/** The Engine state a scenario leaves: the swarm's spec, the worker node's spec, the services' specs. */
async function engineState(b: Bed) {
  const m = engine(b, 0);
  const swarm = await m.swarm.inspect();
  const nodes = await m.nodes.list();
  const worker = nodes.find((n) => n.Spec.Role === "worker");
  const services = (await m.services.list()).sort((x, y) => (x.Spec.Name ?? "").localeCompare(y.Spec.Name ?? ""));
  return {
    swarm: swarm.Spec,
    nodes: nodes.map((n) => ({ role: n.Spec.Role, hostname: n.Description?.Hostname, addr: n.Status?.Addr })).sort((x, y) => String(x.addr).localeCompare(String(y.addr))),
    worker: worker?.Spec,
    services: services.map((s) => s.Spec),
  };
}

describeOnBed(`the provider plugin on engine ${bed?.engine}`, () => {
  const b = bed as Bed;
  const manager = () => engine(b, 0);

  beforeAll(async () => {
    languageHosts("bin");
    await resetBed(b);
  });

  afterAll(async () => {
    await resetBed(b);
  });

  // ─── YAML ──────────────────────────────────────────────────────────────────

  describe("a YAML program", () => {
    let program: Program;
    const password = "pw-plugin-yaml-0d1e";

    beforeAll(() => {
      program = Program.prepare("plugin-yaml", b.name);
      program.config({
        "docker-swarm:host": b.engines[0].host,
        advertiseAddr: b.engines[0].address,
        workerHost: b.engines[1].host,
        workerAddr: b.engines[1].address,
      });
      program.ok(["config", "set", "--secret", "password", password]);
    });

    afterAll(() => {
      program?.destroy();
    });

    it("preview shows what will be made; up makes the swarm, joins the worker, runs the service; then no changes", async () => {
      const preview = program.run(["preview", "--diff"]);
      expectOk(preview);
      for (const t of ["Swarm", "SwarmNode", "SwarmService"]) expect(preview.all).toContain(`+ docker-swarm:index:${t}: (create)`);
      // The provider's engine is written into the resources that declare none (the worker's manager too).
      expect(preview.all).toContain(`host: "${b.engines[0].host}"`);

      const up = program.up();
      expect(up.all).toContain("initialising a swarm");
      expect(up.all).toMatch(/converged: 2\/2 running/);
      const out = program.outputs();
      expect(out.swarmId).toBe((await manager().swarm.inspect()).ID);
      const worker = await manager().nodes.inspect(out.workerNodeId);
      expect(worker.Spec).toMatchObject({ Role: "worker", Labels: { zone: "a" } });
      const web = await serviceNamed(b, "web");
      expect(web?.ID).toBe(out.serviceId);
      expect(web?.Spec.Mode?.Replicated?.Replicas).toBe(2);
      expect(web?.Spec.TaskTemplate.ContainerSpec.Env).toEqual([`MODE=test`, `PASSWORD=${password}`]);
      // The look-up (Invoke) answered through the plugin.
      expect(out.lookedUpReplicas).toBe(2);

      expectOk(program.run(["preview", "--expect-no-changes"]));
    });

    it("secrets stay secret: no join token, unlock key or secret input in the exported state", async () => {
      const swarm = await manager().swarm.inspect();
      const unlockKey = await manager().swarm.unlockKey();
      const exported = program.exportStack();
      for (const s of [swarm.JoinTokens.Worker, swarm.JoinTokens.Manager, unlockKey, password]) {
        expect(s.length).toBeGreaterThan(8);
        expect(exported).not.toContain(s);
      }
      const state = JSON.parse(exported).deployment.resources as Array<{ type: string; inputs: any; outputs: any }>;
      const swarmRes = state.find((r) => r.type === "docker-swarm:index:Swarm")!;
      expect(swarmRes.outputs.joinTokens[SIG]).toBeDefined();
      expect(swarmRes.outputs.unlockKey[SIG]).toBeDefined();
      const workerRes = state.find((r) => r.type === "docker-swarm:index:SwarmNode")!;
      expect(workerRes.inputs.join.token[SIG]).toBeDefined();
      expect(workerRes.outputs.join[SIG]).toBeDefined();
      const webRes = state.find((r) => r.type === "docker-swarm:index:SwarmService")!;
      expect(webRes.outputs.env[SIG]).toBeDefined();
      expect(webRes.outputs.secretSpec[SIG]).toBeDefined();
    });

    it("preview --diff shows each changed property and the reason of a replacement; up updates in place", async () => {
      const before = await serviceNamed(b, "web");
      program.config({ replicas: 3, mode: "prod" });
      const preview = program.preview();
      expectOk(preview);
      expect(preview.all).toContain("~ docker-swarm:index:SwarmService: (update)");
      expect(preview.all).toMatch(/~ replicas: 2 => 3/);
      expect(preview.all).toMatch(/~ MODE\s*: "test" => "prod"/);
      expect(preview.all).toContain("[swarm-service web] replicas: differs from the program; up updates it in place");

      program.config({ serviceName: "web2" });
      const replace = program.preview();
      expectOk(replace);
      expect(replace.all).toContain("+-docker-swarm:index:SwarmService: (replace)");
      expect(replace.all).toMatch(/~ name\s*: "web" => "web2"/);
      expect(replace.all).toContain(`[swarm-service web] name: the Engine cannot rename a service, so "web" is replaced by "web2"`);
      program.config({ serviceName: undefined });

      program.up();
      const after = await serviceNamed(b, "web");
      expect(after?.ID).toBe(before?.ID);
      expect(after?.Spec.Mode?.Replicated?.Replicas).toBe(3);
      expect(after?.Spec.TaskTemplate.ContainerSpec.Env).toContain("MODE=prod");
      expectOk(program.run(["preview", "--expect-no-changes"]));
    });

    it("refresh sees what the docker CLI changed; up puts the declared values back", async () => {
      const workerId = program.outputs().workerNodeId;
      docker(b, 0, "service", "update", "--detach", "--env-add", "EXTRA=1", "--replicas", "1", "web");
      docker(b, 0, "node", "update", "--label-add", "oob=1", workerId);

      expectOk(program.run(["refresh", "--yes", "--skip-preview"]));
      const web = program.resources("SwarmService")[0];
      expect(web.outputs.spec.replicas).toBe(1);
      expect(program.resources("SwarmNode")[0].outputs.labels).toEqual({ zone: "a", oob: "1" });

      const preview = program.preview();
      expectOk(preview);
      expect(preview.all).toMatch(/~ replicas: 1 => 3/);
      expect(preview.all).toMatch(/- oob\s*: "1"/);

      program.up();
      const svc = await serviceNamed(b, "web");
      expect(svc?.Spec.Mode?.Replicated?.Replicas).toBe(3);
      expect(svc?.Spec.TaskTemplate.ContainerSpec.Env).not.toContain("EXTRA=1");
      expect((await manager().nodes.inspect(workerId)).Spec.Labels).toEqual({ zone: "a" });
    });

    it("pulumi import of a service made with `docker service create`, then a preview with no changes", async () => {
      const id = docker(b, 0, "service", "create", "--detach", "--quiet", "--name", "imported", "--replicas", "1", "--constraint", "node.role==worker", "--env", "FROM=cli", b.image, "sleep", "3600");
      const imp = Program.prepare("plugin-scratch", `${b.name}-import`);
      imp.config({ "docker-swarm:host": b.engines[0].host });
      // The generated code goes to a file of its own first: the CLI creates the --out file before it
      // runs the (then empty) program, and YAML would take an empty Main.yaml for the program.
      const generated = path.join(imp.dir, "imported.yaml");
      const r = imp.run(["import", "docker-swarm:index:SwarmService", "imported", id, "--yes", "--protect=false", "--out", generated]);
      expectOk(r);
      expect(r.all).toMatch(/= +docker-swarm:index:SwarmService +imported +imported/);
      const code = fs.readFileSync(generated, "utf8");
      fs.renameSync(generated, path.join(imp.dir, "Main.yaml"));
      expect(code).toMatch(/type: docker-swarm:(index:)?SwarmService/);
      expect(code).toMatch(/image: pds\/busybox:latest/);
      expect(code).toMatch(/FROM=cli/);
      expect(imp.resources("SwarmService")[0].id).toBe(id);
      expectOk(imp.run(["preview", "--expect-no-changes", "--diff"]));
      // The imported service is managed: destroying the stack removes it.
      expectOk(imp.destroy());
      expect(await serviceNamed(b, "imported")).toBeUndefined();
    });

    it("a customTimeouts bound ends the convergence wait, and the service made stays in state", async () => {
      const t = Program.prepare("plugin-scratch", `${b.name}-timeouts`);
      t.config({ "docker-swarm:host": b.engines[0].host });
      fs.writeFileSync(
        path.join(t.dir, "Main.yaml"),
        [
          "resources:",
          "  stuck:",
          "    type: docker-swarm:index:SwarmService",
          "    properties:",
          `      image: ${b.image}`,
          "      command: [sleep, '3600']",
          "      placement:",
          "        constraints: ['node.labels.nowhere==true']",
          "      convergence:",
          "        timeout: 10m",
          "    options:",
          "      customTimeouts:",
          "        create: 15s",
          "",
        ].join("\n"),
      );
      const started = Date.now();
      const up = t.run(["up", "--yes", "--skip-preview"]);
      const took = (Date.now() - started) / 1000;
      expect(up.code).not.toBe(0);
      expect(up.all).toContain("the limit set by the operation's timeout (customTimeouts: 15 s)");
      expect(took).toBeLessThan(120);
      // Created, then failed: a partial failure keeps it in state, so destroy removes it.
      const stuck = t.resources("SwarmService");
      expect(stuck).toHaveLength(1);
      expect((await serviceNamed(b, "stuck"))?.ID).toBe(stuck[0].id);
      expectOk(t.destroy());
      expect(await serviceNamed(b, "stuck")).toBeUndefined();
    });

    it("destroy removes the service, the worker leaves, the swarm is gone", async () => {
      expectOk(program.destroy());
      await waitFor("both engines out of the swarm", async () => (await swarmState(b, 0)) === "inactive" && (await swarmState(b, 1)) === "inactive");
    });
  });

  // ─── Python ────────────────────────────────────────────────────────────────

  describe("a Python program", () => {
    let program: Program;

    beforeAll(async () => {
      await resetBed(b);
      const venv = languageHosts("venv");
      const bin = languageHosts("bin");
      program = Program.prepare("plugin-python", b.name);
      // The Python SDK, generated from the installed package's schema by Pulumi's own generator, and
      // installed into the virtualenv (README: "Other languages").
      const schema = path.join(program.dir, "node_modules/pulumi-docker-swarm/schema.json");
      execFileSync(path.join(bin, "pulumi-gen-sdk"), ["--language", "python", "--out", path.join(program.dir, "sdk"), schema], { stdio: "pipe" });
      execFileSync(path.join(venv, "bin/pip"), ["install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "--force-reinstall", path.join(program.dir, "sdk/python")], {
        stdio: "pipe",
        timeout: 300_000,
      });
      const pulumiYaml = path.join(program.dir, "Pulumi.yaml");
      fs.writeFileSync(pulumiYaml, fs.readFileSync(pulumiYaml, "utf8").replace("virtualenv: venv", `virtualenv: ${venv}`));
      // The v3.68.0 host predates runtime options sent by the CLI: it finds the interpreter through
      // PULUMI_PYTHON_CMD (or the PATH of an activated virtualenv).
      program.env.PULUMI_PYTHON_CMD = path.join(venv, "bin/python");
      program.config({
        "docker-swarm:host": b.engines[0].host,
        advertiseAddr: b.engines[0].address,
        workerHost: b.engines[1].host,
        workerAddr: b.engines[1].address,
      });
    });

    afterAll(() => {
      program?.destroy();
    });

    it("preview, up (swarm, joined worker, service), then no changes", async () => {
      const preview = program.run(["preview"]);
      expectOk(preview);
      expect(preview.all).toMatch(/\+ +docker-swarm:index:SwarmService +web +create/);
      program.up();
      const out = program.outputs();
      expect(out.swarmId).toBe((await manager().swarm.inspect()).ID);
      expect((await manager().nodes.inspect(out.workerNodeId)).Spec).toMatchObject({ Role: "worker", Labels: { zone: "a" } });
      expect((await serviceNamed(b, "web"))?.Spec.Mode?.Replicated?.Replicas).toBe(2);
      expect(out.running).toBe(2);
      expect(out.workers).toBe(1);
      expectOk(program.run(["preview", "--expect-no-changes"]));
    });

    it("an in-place update", async () => {
      const before = await serviceNamed(b, "web");
      program.config({ replicas: 3 });
      const preview = program.preview();
      expectOk(preview);
      expect(preview.all).toMatch(/~ replicas: 2 => 3/);
      program.up();
      const after = await serviceNamed(b, "web");
      expect(after?.ID).toBe(before?.ID);
      expect(after?.Spec.Mode?.Replicated?.Replicas).toBe(3);
    });

    it("refresh after a change made with the docker CLI; up puts it back", async () => {
      docker(b, 0, "service", "scale", "--detach", "web=1");
      expectOk(program.run(["refresh", "--yes", "--skip-preview"]));
      expect(program.resources("SwarmService")[0].outputs.spec.replicas).toBe(1);
      expect(program.preview().all).toMatch(/~ replicas: 1 => 3/);
      program.up();
      expect((await serviceNamed(b, "web"))?.Spec.Mode?.Replicated?.Replicas).toBe(3);
    });

    it("destroy", async () => {
      expectOk(program.destroy());
      await waitFor("both engines out of the swarm", async () => (await swarmState(b, 0)) === "inactive" && (await swarmState(b, 1)) === "inactive");
    });
  });

  // ─── migration and conformance ─────────────────────────────────────────────

  describe("from the dynamic providers to the plugin", () => {
    let dynamicState: Awaited<ReturnType<typeof engineState>>;

    beforeAll(() => resetBed(b));

    /**
     * The scenario of programs/plugin-dynamic/index.js as a YAML program. With `ids`, the objects made
     * by the dynamic stack: the worker is then a node this stack manages by its ID, and with `importing`
     * each resource carries an `import:` option.
     */
    function conformanceYaml(ids?: { swarm: string; worker: string; web: string }, importing = false): string {
      const options = (id: string, dependsOn?: string) => [
        ...(importing || dependsOn ? ["    options:"] : []),
        ...(importing ? [`      import: ${id}`] : []),
        ...(dependsOn ? [`      dependsOn: ['\${${dependsOn}}']`] : []),
      ];
      return [
        "resources:",
        "  swarm:",
        "    type: docker-swarm:index:Swarm",
        "    properties:",
        `      advertiseAddr: ${b.engines[0].address}`,
        "      spec:",
        "        taskHistoryRetentionLimit: 4",
        "        dispatcherHeartbeatPeriod: 4s",
        "        labels:",
        "          owner: conformance",
        ...options(ids?.swarm ?? ""),
        "  worker:",
        "    type: docker-swarm:index:SwarmNode",
        "    properties:",
        "      connection:",
        `        host: ${b.engines[1].host}`,
        // A node made by another stack is imported as a node this one manages (by its ID); removal
        // keeps what a joined node does on destroy (leave and be removed).
        ...(ids
          ? [`      nodeId: ${ids.worker}`, "      removal:", "        remove: true", "        drainTimeout: 30s"]
          : [
              "      join:",
              "        remoteAddrs: ['${swarm.joinAddress}']",
              "        token: ${swarm.joinTokens.worker}",
              `        advertiseAddr: ${b.engines[1].address}`,
              "      removal:",
              "        drainTimeout: 30s",
            ]),
        "      availability: active",
        "      labels:",
        "        zone: b",
        "        tier: app",
        // A managed node refers to no output of the swarm: the dependency keeps the order of deletes.
        ...options(ids?.worker ?? "", ids ? "swarm" : undefined),
        "  web:",
        "    type: docker-swarm:index:SwarmService",
        "    properties:",
        "      name: conformance-web",
        `      image: ${b.image}`,
        "      command: [sleep, '3600']",
        "      replicas: 2",
        "      env:",
        "        MODE: conformance",
        "        LEVEL: '2'",
        "      labels:",
        "        app: web",
        "      containerLabels:",
        "        role: frontend",
        "      stopGracePeriod: 2s",
        "      restartPolicy:",
        "        condition: on-failure",
        "        delay: 1s",
        "        maxAttempts: 3",
        "      placement:",
        "        constraints: ['node.labels.zone==b']",
        "      resources:",
        "        limits:",
        "          memory: 64M",
        "          cpus: 0.5",
        "      updateConfig:",
        "        parallelism: 1",
        "        order: start-first",
        "        monitor: 1s",
        "      healthcheck:",
        "        test: 'true'",
        "        interval: 5s",
        ...options(ids?.web ?? "", "worker"),
        "",
      ].join("\n");
    }

    it("a stack of dynamic resources moves to the plugin by import: same objects, nothing recreated", async () => {
      const dyn = Program.prepare("plugin-dynamic", b.name);
      dyn.config({ manager: b.engines[0].host, advertiseAddr: b.engines[0].address, worker: b.engines[1].host, workerAddr: b.engines[1].address });
      dyn.up();
      dynamicState = await engineState(b);
      const ids = dyn.outputs();
      const before = await manager().services.inspect(ids.serviceId);
      const swarmBefore = await manager().swarm.inspect();

      // 1. The old stack forgets the objects (nothing is deleted on the engines).
      for (const type of ["SwarmService", "SwarmNode", "Swarm"]) expectOk(dyn.run(["state", "delete", dyn.resources(type)[0].urn, "--yes"]));
      expect(dyn.resources("SwarmService")).toHaveLength(0);
      expect((await manager().services.inspect(ids.serviceId)).ID).toBe(ids.serviceId);

      // 2. The new program declares them with `import:` options; up adopts them as they are.
      const mig = Program.prepare("plugin-scratch", `${b.name}-migrate`);
      mig.config({ "docker-swarm:host": b.engines[0].host });
      const made = { swarm: ids.swarmId, worker: ids.workerNodeId, web: ids.serviceId };
      fs.writeFileSync(path.join(mig.dir, "Main.yaml"), conformanceYaml(made, true));
      const up = mig.up();
      expect(up.all).toMatch(/3 imported/);
      expect(up.all).not.toMatch(/docker-swarm:index:\w+ \S+ (creat|replac|delet)/);
      expect(mig.resources("Swarm")[0].id).toBe(ids.swarmId);
      expect(mig.resources("SwarmNode")[0].id).toBe(ids.workerNodeId);
      expect(mig.resources("SwarmService")[0].id).toBe(ids.serviceId);
      const after = await manager().services.inspect(ids.serviceId);
      expect(after.CreatedAt).toBe(before.CreatedAt);
      expect(after.Version.Index).toBe(before.Version.Index);
      expect((await manager().swarm.inspect()).CreatedAt).toBe(swarmBefore.CreatedAt);

      // 3. Without the import options, the program describes what runs: no changes.
      fs.writeFileSync(path.join(mig.dir, "Main.yaml"), conformanceYaml(made, false));
      expectOk(mig.run(["preview", "--expect-no-changes"]));

      // 4. The plugin's stack now owns them: destroy removes them.
      expectOk(mig.destroy());
      await waitFor("both engines out of the swarm", async () => (await swarmState(b, 0)) === "inactive" && (await swarmState(b, 1)) === "inactive");
    });

    it("the same scenario through the plugin leaves the same Engine state as through the dynamic providers", async () => {
      const conf = Program.prepare("plugin-scratch", `${b.name}-conformance`);
      conf.config({ "docker-swarm:host": b.engines[0].host });
      fs.writeFileSync(path.join(conf.dir, "Main.yaml"), conformanceYaml());
      conf.up();
      const pluginState = await engineState(b);
      try {
        expect(dynamicState).toBeDefined();
        expect(pluginState.services).toEqual(dynamicState.services);
        expect(pluginState.worker).toEqual(dynamicState.worker);
        expect(pluginState.nodes).toEqual(dynamicState.nodes);
        expect(pluginState.swarm).toEqual(dynamicState.swarm);
        // It compares something: the scenario's own settings are there.
        expect(pluginState.services[0]).toMatchObject({ Name: "conformance-web", Labels: { app: "web" }, Mode: { Replicated: { Replicas: 2 } } });
        expect(pluginState.worker).toMatchObject({ Role: "worker", Labels: { zone: "b", tier: "app" } });
        expect(pluginState.swarm.Orchestration?.TaskHistoryRetentionLimit).toBe(4);
      } finally {
        expectOk(conf.destroy());
      }
    });
  });
});
