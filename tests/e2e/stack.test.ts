/**
 * SwarmStack through the real Pulumi CLI on examples/compose (a Compose file using most keys), against
 * every bed: the same file deployed with `docker stack deploy` on a second swarm makes the same
 * service specs (key by key; the differences are the documented ones); a changed image previews as
 * that one service changing and updates it in place; a service and a secret dropped from the file are
 * kept and reported without prune, removed with it; a stack deployed with the CLI is adopted with no
 * write; bad files fail at preview naming the path; destroy leaves nothing of the stack.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { DockerEngine } from "../../provider/engine";
import type { Service } from "../../provider/engine/schemas";
import { bedCases, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { threeNodeSwarm } from "../helpers/service-bed";
import { Program, requestLog, writesIn } from "./harness";

jest.setTimeout(20 * 60_000);

const NS = "shop";
/** The content of examples/compose/secrets/api_key.txt: it must never be in state. */
const API_KEY = "changeme-api-key";
const docker = (host: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync("docker", ["-H", host, ...args], { encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });

/**
 * A service spec in comparable form: object IDs replaced by names, the content hash of our secret and
 * config names cut off (the one documented difference: names that let them rotate), Engine-set
 * fields dropped.
 */
async function comparable(e: DockerEngine, s: Service): Promise<unknown> {
  const nets = Object.fromEntries((await e.networks.list()).map((n) => [n.Id, n.Name]));
  const spec = JSON.parse(JSON.stringify(s.Spec)) as any;
  const c = spec.TaskTemplate.ContainerSpec;
  const unhash = (n: string) => n.replace(/-[0-9a-f]{8}$/, "");
  for (const x of c.Secrets ?? []) {
    delete x.SecretID;
    x.SecretName = unhash(x.SecretName);
  }
  for (const x of c.Configs ?? []) {
    delete x.ConfigID;
    x.ConfigName = unhash(x.ConfigName);
  }
  for (const n of spec.TaskTemplate.Networks ?? []) n.Target = nets[n.Target] ?? n.Target;
  delete spec.TaskTemplate.ForceUpdate;
  // The CLI sends `Privileges: {}`; engines from API 1.44 store it as {NoNewPrivileges: false}, their
  // default, the same as no Privileges at all (what a spec without privileges gets).
  if (c.Privileges?.NoNewPrivileges === false) delete c.Privileges.NoNewPrivileges;
  // Nulls, empty lists and empty objects (the CLI sends `Privileges: {}`) mean nothing: drop them,
  // twice, so that an object emptied by the first pass goes too.
  const prune = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (v === null || (Array.isArray(v) && !v.length) || (v && typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length) ? undefined : v)));
  return prune(prune(spec));
}

describe.each(bedCases())("SwarmStack on %s", (_label, bed: Bed) => {
  let program: Program;
  const m = () => engine(bed, 0);
  const cliSwarm = 3;
  const stackServices = async (e: DockerEngine) =>
    Object.fromEntries((await e.services.list({ label: [`com.docker.stack.namespace=${NS}`] })).map((s) => [s.Spec.Name ?? s.ID, s]));
  const file = () => path.join(program.dir, "docker-stack.yml");
  const editFile = (f: (text: string) => string) => fs.writeFileSync(file(), f(fs.readFileSync(file(), "utf8")));

  beforeAll(async () => {
    await resetBed(bed);
    await threeNodeSwarm(bed);
    await engine(bed, cliSwarm).swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[cliSwarm].address, Spec: {} });
    program = Program.prepare("compose", bed.name);
    program.config({ manager: bed.engines[0].host });
  });

  afterAll(async () => {
    program?.destroy();
    await resetBed(bed);
  });

  it("deploys the Compose file: services, networks, secrets, configs named and labelled as the CLI does; every service waited for", async () => {
    const up = program.up();
    expect(up.all).toContain("[swarm-service shop-web] converged: 2/2 running");
    const services = await stackServices(m());
    expect(Object.keys(services).sort()).toEqual(["shop_migrate", "shop_web", "shop_worker"]);
    const nets = (await m().networks.list({ label: [`com.docker.stack.namespace=${NS}`] })).map((n) => n.Name).sort();
    expect(nets).toEqual(["shop_backend", "shop_default", "shop_frontend"]);
    const out = program.outputs();
    expect(out.services.web).toMatchObject({ name: "shop_web", runningTasks: 2, desiredTasks: 2 });
    expect(out.secrets.db_password).toMatch(/^shop_db_password-[0-9a-f]{8}$/);
    expect(program.exportStack()).not.toContain(API_KEY);
    expect(program.run(["preview", "--expect-no-changes"]).code).toBe(0);
  });

  it("makes the same service specs as `docker stack deploy` of the same file (key by key, but for the secret and config names' content hash)", async () => {
    const cli = engine(bed, cliSwarm);
    docker(bed.engines[cliSwarm].host, ["stack", "deploy", "--detach=true", "--resolve-image", "never", "-c", file(), NS]);
    const ours = await stackServices(m());
    const theirs = await stackServices(cli);
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(ours).sort());
    for (const name of Object.keys(ours)) {
      expect({ name, spec: await comparable(m(), ours[name]) }).toEqual({ name, spec: await comparable(cli, theirs[name]) });
    }
  });

  it("a changed image: preview shows that one service changing, up updates it in place and waits", async () => {
    const before = (await stackServices(m())).shop_worker.ID;
    await m().http.call("POST", `/images/${encodeURIComponent(bed.image)}/tag`, { query: { repo: "pds/busybox", tag: "v2" } });
    for (let i = 1; i < 3; i++) await engine(bed, i).http.call("POST", `/images/${encodeURIComponent(bed.image)}/tag`, { query: { repo: "pds/busybox", tag: "v2" } });
    editFile((t) => t.replace('    command: ["sleep", "3600"]', '    image: pds/busybox:v2\n    command: ["sleep", "3600"]'));
    const preview = program.preview();
    expect(preview.code).toBe(0);
    expect(preview.all).toContain("[swarm-service shop-worker] image: differs from the program; up updates it in place");
    expect(preview.all).toMatch(/~ 1 to update/);
    expect(preview.all).not.toMatch(/to create|to delete|to replace/);
    const up = program.up();
    expect(up.all).toMatch(/\[swarm-service shop-worker\] updated in place: .*image/);
    const after = (await stackServices(m())).shop_worker;
    expect(after.ID).toBe(before);
    expect(after.Spec.TaskTemplate.ContainerSpec.Image).toBe("pds/busybox:v2");
  });

  it("a service and a secret dropped from the file: kept and reported without prune; removed with prune", async () => {
    editFile((t) => t.replace(/\n  migrate:\n(    .*\n|      .*\n)+/, "\n").replace(/      - source: api_key\n        target: api.key\n        mode: 0400\n/, "").replace(/  api_key:\n    file: .\/secrets\/api_key.txt\n/, ""));
    const kept = program.up();
    expect(kept.all).toMatch(/kept \(not in the file; prune is off\): .*service shop_migrate/);
    expect(kept.all).toMatch(/kept \(not in the file; prune is off\): .*secret shop_api_key-/);
    expect(Object.keys(await stackServices(m()))).toContain("shop_migrate");
    program.config({ prune: true });
    const pruned = program.up();
    expect(pruned.all).toContain("prune: removing what the file no longer declares");
    expect(Object.keys(await stackServices(m()))).not.toContain("shop_migrate");
    expect((await m().secrets.list()).map((s) => s.Spec.Name).filter((n) => n.startsWith("shop_api_key"))).toEqual([]);
    expect(program.outputs().strays).toEqual([]);
  });

  it("bad files fail at preview naming the path, without a write", () => {
    const original = fs.readFileSync(file(), "utf8");
    const cases: Array<[string, (t: string) => string, RegExp]> = [
      ["unknown key", (t) => t.replace("      replicas: 2", "      replicaz: 2"), /services\.web\.deploy\.replicaz/],
      ["wrong type", (t) => t.replace("      replicas: 2", "      replicas: two"), /services\.web\.deploy\.replicas/],
      ["undefined variable with :?", (t) => t.replace("${APP_ENV:-production}", "${NOT_SET_ANYWHERE:?is required}"), /NOT_SET_ANYWHERE.*is required|is required/],
    ];
    for (const [what, edit, expected] of cases) {
      fs.writeFileSync(file(), edit(original));
      const log = path.join(program.dir, `bad-${what.replace(/\W+/g, "-")}.log`);
      const r = program.run(["preview"], { PDS_REQUEST_LOG: log });
      expect({ what, failed: r.code !== 0 }).toEqual({ what, failed: true });
      expect(r.all).toMatch(expected);
      expect(writesIn(requestLog(log))).toEqual([]);
    }
    fs.writeFileSync(file(), original);
  });

  it("adopts a stack deployed with `docker stack deploy`: the first up writes no service, the next up writes nothing", async () => {
    const e = engine(bed, cliSwarm);
    // The CLI's stack on the second swarm (from the comparison above), adopted by a second program.
    const adopter = Program.prepare("compose", `${bed.name}-adopt`);
    try {
      adopter.config({ manager: bed.engines[cliSwarm].host, adopt: true });
      const before = Object.fromEntries(Object.entries(await stackServices(e)).map(([k, s]) => [k, s.Version.Index]));
      const log = path.join(adopter.dir, "adopt.log");
      const first = adopter.up({ PDS_REQUEST_LOG: log });
      expect(first.all).toContain("adopting the existing service shop_web");
      expect(writesIn(requestLog(log)).filter((l) => l.startsWith("POST /services"))).toEqual([]);
      const after = Object.fromEntries(Object.entries(await stackServices(e)).map(([k, s]) => [k, s.Version.Index]));
      expect(after).toEqual(before);
      const log2 = path.join(adopter.dir, "adopt2.log");
      adopter.up({ PDS_REQUEST_LOG: log2 });
      expect(writesIn(requestLog(log2))).toEqual([]);
    } finally {
      adopter.destroy();
    }
    await waitFor("the adopted stack to be gone", async () => Object.keys(await stackServices(e)).length === 0);
  });

  it('rollback "stack": an update of three services where the third fails puts all three back on their previous specs', async () => {
    const p = Program.prepare("compose", `${bed.name}-rollback`);
    const trio = (env: string, failThird: boolean) => `
services:
${["a", "b", "c"]
  .map(
    (k) => `  ${k}:
    image: ${bed.image}
    command: ${k === "c" && failThird ? '["sh", "-c", "exit 3"]' : '["sleep", "3600"]'}
    environment: { RELEASE: "${env}" }
    stop_grace_period: 1s
    deploy:
      restart_policy: { condition: on-failure, delay: 1s }
      update_config: { monitor: 2s }
`,
  )
  .join("")}`;
    try {
      fs.writeFileSync(path.join(p.dir, "trio.yml"), trio("v1", false));
      p.config({ manager: bed.engines[0].host, composeFile: "trio.yml", namespace: "trio", rollback: "stack" });
      p.up();
      const specs = async () =>
        Object.fromEntries((await m().services.list({ label: ["com.docker.stack.namespace=trio"] })).map((s) => [s.Spec.Name, s.Spec.TaskTemplate.ContainerSpec.Env]));
      expect(await specs()).toEqual({ trio_a: ["RELEASE=v1"], trio_b: ["RELEASE=v1"], trio_c: ["RELEASE=v1"] });
      fs.writeFileSync(path.join(p.dir, "trio.yml"), trio("v2", true));
      const failed = p.run(["up", "--yes", "--skip-preview"]);
      expect(failed.code).not.toBe(0);
      expect(failed.all).toContain('every service it changed was put back (rollback: "stack")');
      // On the Engine: all three run their previous spec again.
      expect(await specs()).toEqual({ trio_a: ["RELEASE=v1"], trio_b: ["RELEASE=v1"], trio_c: ["RELEASE=v1"] });
      for (const s of await m().services.list({ label: ["com.docker.stack.namespace=trio"] })) {
        expect(s.Spec.TaskTemplate.ContainerSpec.Args ?? s.Spec.TaskTemplate.ContainerSpec.Command).toEqual(["sleep", "3600"]);
      }
      // The stack's state says what runs: fixing the file rolls v2 out to all three.
      fs.writeFileSync(path.join(p.dir, "trio.yml"), trio("v2", false));
      p.up();
      expect(await specs()).toEqual({ trio_a: ["RELEASE=v2"], trio_b: ["RELEASE=v2"], trio_c: ["RELEASE=v2"] });
    } finally {
      p.destroy();
    }
  });

  it("destroy removes everything of the stack", async () => {
    expect(program.destroy().code).toBe(0);
    expect(await stackServices(m())).toEqual({});
    const label = [`com.docker.stack.namespace=${NS}`];
    expect(await m().networks.list({ label })).toEqual([]);
    expect(await m().secrets.list({ label })).toEqual([]);
    expect(await m().configs.list({ label })).toEqual([]);
  });
});
