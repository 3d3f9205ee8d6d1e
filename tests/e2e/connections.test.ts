/**
 * Connections the way Docker users have them, through the real Pulumi CLI on a program installed from
 * the packed package, against a test bed:
 * - ssh:// (a real sshd in a bed engine's namespace, key-only, its host key pinned in a known_hosts
 *   this test writes, the key held by an ssh-agent): every resource kind and a look-up, an unknown
 *   host key and a wrong user failing clearly, no ssh process left behind;
 * - docker contexts made with `docker context create`, by name and by DOCKER_CONTEXT (one that
 *   skips TLS verification);
 * - stack configuration only (docker-swarm:host, tlsCertPath, a secret tlsKey, apiVersion), then
 *   destroy from a shell whose DOCKER_HOST points at a trap: the recorded engine is used;
 * - a private registry (Debian's docker-registry, htpasswd) and the credentials `docker login`
 *   stored: created, credentials rotated in the file → updated in place; no password in state.
 *
 * Runs on the 26.1 bed of a run (PDS_CONNECTIONS_ANY_BED=1: on the first bed of any version).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beds, type Bed } from "../helpers/beds";
import { engine, resetBed, waitFor } from "../helpers/engines";
import { openTrap } from "../helpers/trap";
import { Program } from "./harness";

jest.setTimeout(900_000);

const ROOT = path.resolve(__dirname, "../..");
const all = beds();
const bed: Bed | undefined = all.find((b) => b.engine === "26.1") ?? (process.env.PDS_CONNECTIONS_ANY_BED === "1" ? all[0] : undefined);
const suite = bed ? describe : describe.skip;

function bedScript(script: string, args: string[]): string {
  return execFileSync("bash", [path.join(ROOT, "tests/bed", script), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

suite(`connections (engine ${bed?.engineVersion ?? "26.1, not in this run"})`, () => {
  const b = bed as Bed;
  const node1 = () => b.engines[0];
  let tmp: string;
  let sshd: { address: string; knownHosts: string; clientKey: string };
  let sshd2: { address: string; knownHosts: string; clientKey: string };
  let agent: { pid: number; sock: string } | undefined;
  let registryUp = false;
  const programs: Program[] = [];

  /** The ssh client processes this suite's runs started (their command lines name our temp folder), ssh-agent aside. */
  function sshProcesses(): string[] {
    let out = "";
    try {
      out = execFileSync("pgrep", ["-af", tmp], { encoding: "utf8" });
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
    return out.split("\n").filter((l) => /^\d+ ssh\s/.test(l));
  }

  /** The docker CLI against one bed engine, with a given config folder. */
  function docker(args: string[], dockerConfig: string, host = node1().host, input?: string): string {
    return execFileSync("docker", args, {
      encoding: "utf8",
      input,
      env: { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_HOST: host, DOCKER_CONTEXT: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
  }

  const sshEnv = () => ({ SSH_AUTH_SOCK: agent?.sock });

  beforeAll(async () => {
    await resetBed(b);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pds-conn-"));
    // An sshd in node1's and node2's namespaces; their host keys pinned in our own known_hosts.
    sshd = JSON.parse(bedScript("sshd.sh", ["start", "--name", b.name, "--node", "node1"]));
    sshd2 = JSON.parse(bedScript("sshd.sh", ["start", "--name", b.name, "--node", "node2"]));
    fs.writeFileSync(path.join(tmp, "known_hosts"), `${sshd.knownHosts}\n${sshd2.knownHosts}\n`);
    fs.writeFileSync(path.join(tmp, "empty_known_hosts"), "");
    // The keys live in an agent of our own (its socket in our temp folder): ssh takes them from there.
    const sock = path.join(tmp, "agent.sock");
    const started = execFileSync("ssh-agent", ["-s", "-a", sock], { encoding: "utf8" });
    agent = { pid: Number(/SSH_AGENT_PID=(\d+)/.exec(started)?.[1]), sock };
    [sshd, sshd2].forEach((d, i) => {
      const key = path.join(tmp, `id${i + 1}`);
      fs.copyFileSync(d.clientKey, key);
      fs.chmodSync(key, 0o600);
      execFileSync("ssh-add", ["-q", key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: "ignore" });
    });
  }, 300_000);

  afterAll(async () => {
    for (const p of programs) p.destroy();
    if (agent?.pid) {
      try {
        process.kill(agent.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    for (const node of ["node1", "node2"]) bedScript("sshd.sh", ["stop", "--name", b.name, "--node", node]);
    if (registryUp) bedScript("registry.sh", ["stop", "--name", b.name, "--node", "node1"]);
    await resetBed(b);
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 600_000);

  describe("ssh://", () => {
    let p: Program;
    const host = () => `ssh://root@${sshd.address}`;

    it("reaches the swarm for every resource kind and a look-up, from stack configuration only; no ssh process is left", () => {
      p = Program.prepare("connections", "ssh");
      programs.push(p);
      p.config({
        "docker-swarm:host": host(),
        "docker-swarm:sshOptions": JSON.stringify([`UserKnownHostsFile=${path.join(tmp, "known_hosts")}`]),
        advertiseAddr: sshd.address,
        worker: JSON.stringify({ host: `ssh://root@${sshd2.address}`, sshOptions: [`UserKnownHostsFile=${path.join(tmp, "known_hosts")}`], address: sshd2.address }),
        image: b.image,
        lookups: true,
      });
      p.up(sshEnv());
      const out = p.outputs();
      expect(out.swarmEngine.host).toBe(host());
      expect(out.workerManagerEngine.host).toBe(host());
      expect(out.serviceEngine.host).toBe(host());
      expect(out.running).toBe(1);
      expect(out.lookedUpNodes).toBe(2);
      expect(out.lookedUpServices).toEqual(["svc"]);
      // The configuration is recorded in the inputs, as a declared connection would be.
      const swarm = p.resources("Swarm")[0];
      expect(swarm.inputs.connection).toEqual({ host: host(), sshOptions: [`UserKnownHostsFile=${path.join(tmp, "known_hosts")}`] });
      const node = p.resources("SwarmNode")[0];
      expect(node.inputs.manager).toEqual(swarm.inputs.connection);
      expect(node.outputs.engine.host).toBe(`ssh://root@${sshd2.address}`);
      expect(sshProcesses()).toEqual([]);
    });

    it("is the engines behind those sshds: the swarm and the service on node1, the worker is node2", async () => {
      const out = p.outputs();
      const info = await engine(b, 0).system.info();
      expect(out.swarmEngine.id).toBe(info.ID);
      expect(out.swarmEngine.swarmId).toBe(info.Swarm.Cluster?.ID);
      const info2 = await engine(b, 1).system.info();
      expect(p.resources("SwarmNode")[0].outputs.engine.id).toBe(info2.ID);
      expect(info2.Swarm.LocalNodeState).toBe("active");
      expect((await engine(b, 0).services.inspect(out.serviceId)).Spec.Name).toBe("svc");
    });

    it("an unknown host key fails clearly and is never accepted; a wrong user fails clearly", () => {
      const q = Program.prepare("connections", "ssh-bad");
      programs.push(q);
      const empty = path.join(tmp, "empty_known_hosts");
      q.config({ "docker-swarm:host": host(), "docker-swarm:sshOptions": JSON.stringify([`UserKnownHostsFile=${empty}`]), image: b.image, serviceName: "never" });
      const unknown = q.run(["up", "--yes", "--skip-preview"], sshEnv());
      expect(unknown.code).not.toBe(0);
      expect(unknown.all).toContain(`ssh to root@${sshd.address}: the host key of ${sshd.address} is not in known_hosts, and an unknown host key is never accepted`);
      expect(unknown.all).toContain(`ssh-keyscan -p 22 ${sshd.address} >> ~/.ssh/known_hosts`);
      expect(fs.readFileSync(empty, "utf8")).toBe("");

      q.config({ "docker-swarm:host": `ssh://nobody@${sshd.address}`, "docker-swarm:sshOptions": JSON.stringify([`UserKnownHostsFile=${path.join(tmp, "known_hosts")}`]) });
      const denied = q.run(["up", "--yes", "--skip-preview"], sshEnv());
      expect(denied.code).not.toBe(0);
      expect(denied.all).toContain(`ssh to nobody@${sshd.address}: ${sshd.address} refused the login of user "nobody"`);
      expect(q.resources("SwarmService")).toEqual([]);
      expect(sshProcesses()).toEqual([]);
    });
  });

  describe("docker contexts", () => {
    let config: string;
    const made: Program[] = [];

    beforeAll(() => {
      config = path.join(tmp, "docker-config");
      fs.mkdirSync(config);
      const certs = b.tls.certPath;
      const tcp = node1().tcpHost;
      docker(["context", "create", "pds-ctx", "--docker", `host=${tcp},ca=${certs}/ca.pem,cert=${certs}/cert.pem,key=${certs}/key.pem`], config);
      // No CA, and SkipTLSVerify: TLS with the client certificate, the engine's certificate not checked.
      docker(["context", "create", "pds-lax", "--docker", `host=${tcp},cert=${certs}/cert.pem,key=${certs}/key.pem,skip-tls-verify=true`], config);
    });

    it("a context by name: its endpoint and TLS files; the record keeps the host and the TLS folder", async () => {
      const p = Program.prepare("connections", "ctx-name");
      made.push(p);
      programs.push(p);
      p.config({ connection: JSON.stringify({ context: "pds-ctx" }), image: b.image, serviceName: "svc-ctx" });
      p.up({ DOCKER_CONFIG: config });
      const out = p.outputs();
      expect(out.serviceEngine.host).toBe(node1().tcpHost);
      expect(out.running).toBe(1);
      const record = p.resourceOutputs("SwarmService").engine;
      expect(record.context).toBe("pds-ctx");
      expect(record.tls).toEqual({ certPath: expect.stringMatching(new RegExp(`^${config}/contexts/tls/[0-9a-f]{64}/docker$`)), verify: true });
      expect(p.exportStack()).not.toContain("PRIVATE KEY");
      expect((await engine(b, 0).services.inspect(out.serviceId)).Spec.Name).toBe("svc-ctx");
    });

    it("DOCKER_CONTEXT (a context that skips TLS verification): warned once, recorded with verify false", () => {
      const p = Program.prepare("connections", "ctx-env");
      made.push(p);
      programs.push(p);
      p.config({ image: b.image, serviceName: "svc-ctx-env" });
      const r = p.up({ DOCKER_CONFIG: config, DOCKER_CONTEXT: "pds-lax", DOCKER_HOST: "" });
      expect(r.all).toContain(`warning: ${node1().tcpHost} is reached over TLS without verifying its certificate`);
      const record = p.resourceOutputs("SwarmService").engine;
      expect(record).toMatchObject({ host: node1().tcpHost, context: "pds-lax", tls: { verify: false } });
      expect(p.outputs().running).toBe(1);
    });

    it("later commands use the record, not the shell: destroy with another DOCKER_CONFIG and DOCKER_HOST at a trap", async () => {
      const trap = await openTrap();
      try {
        for (const p of made) {
          const r = await p.start(["destroy", "--yes", "--skip-preview"], { DOCKER_CONFIG: path.join(tmp, "nothing"), DOCKER_CONTEXT: "", DOCKER_HOST: trap.host });
          expect(r.code).toBe(0);
        }
        expect(trap.requests).toEqual([]);
        const names = (await engine(b, 0).services.list()).map((s) => s.Spec.Name);
        expect(names).not.toContain("svc-ctx");
        expect(names).not.toContain("svc-ctx-env");
      } finally {
        await trap.close();
      }
    });
  });

  describe("stack configuration only", () => {
    it("tcp:// with tlsCertPath, a secret tlsKey and apiVersion; destroy from a shell whose DOCKER_HOST is a trap acts on the recorded engine", async () => {
      const certs = path.join(tmp, "certs-without-key");
      fs.mkdirSync(certs);
      fs.copyFileSync(path.join(b.tls.certPath, "ca.pem"), path.join(certs, "ca.pem"));
      fs.copyFileSync(path.join(b.tls.certPath, "cert.pem"), path.join(certs, "cert.pem"));
      const key = fs.readFileSync(path.join(b.tls.certPath, "key.pem"), "utf8");
      const p = Program.prepare("connections", "stack-config");
      programs.push(p);
      p.config({ "docker-swarm:host": node1().tcpHost, "docker-swarm:tlsCertPath": certs, "docker-swarm:apiVersion": b.apiVersion, image: b.image, serviceName: "svc-config" });
      // Multi-line: through stdin, as Pulumi's CLI takes such values.
      const set = spawnSync("bash", [path.join(ROOT, "scripts/pulumi.sh"), "config", "set", "--secret", "docker-swarm:tlsKey", "--cwd", p.dir, "--non-interactive"], {
        env: p.env,
        input: key,
        encoding: "utf8",
      });
      expect(set.status).toBe(0);
      p.up();
      const out = p.outputs();
      expect(out.serviceEngine.host).toBe(node1().tcpHost);
      const state = p.exportStack();
      const keyLine = key.split("\n").find((l) => l.length > 40 && !l.startsWith("-----")) as string;
      expect(state).not.toContain(keyLine);
      expect(p.resources("SwarmService")[0].inputs.connection).toHaveProperty("ciphertext");

      // Nothing left in the stack's configuration, and the shell points elsewhere.
      for (const k of ["host", "tlsCertPath", "apiVersion", "tlsKey"]) p.ok(["config", "rm", `docker-swarm:${k}`]);
      const trap = await openTrap();
      try {
        const r = await p.start(["destroy", "--yes", "--skip-preview"], { DOCKER_HOST: trap.host, DOCKER_CONTEXT: "" });
        expect(r.code).toBe(0);
        expect(trap.requests).toEqual([]);
      } finally {
        await trap.close();
      }
      expect((await engine(b, 0).services.list()).map((s) => s.Spec.Name)).not.toContain("svc-config");
    });
  });

  describe("registry credentials from `docker login`", () => {
    it("created with them, rotated in the file → updated in place; no password in state", async () => {
      const reg = JSON.parse(bedScript("registry.sh", ["start", "--name", b.name, "--node", "node1", "--users", "alice:first-pass-1x7"]));
      registryUp = true;
      const config = path.join(tmp, "registry-config");
      fs.mkdirSync(config);
      docker(["login", reg.address, "--username", "alice", "--password-stdin"], config, node1().host, "first-pass-1x7");
      const image = `${reg.address}/pds/private:1`;
      docker(["tag", b.image, image], config);
      docker(["push", image], config);
      // No engine holds it under that name now (not even from an earlier run on a kept bed): a task
      // can only run it by pulling it, with credentials.
      const untagEverywhere = () => {
        for (const e of b.engines) {
          try {
            docker(["rmi", "-f", image], config, e.host);
          } catch {
            // not on that engine
          }
        }
      };
      untagEverywhere();

      const p = Program.prepare("connections", "registry");
      programs.push(p);
      p.config({ "docker-swarm:registryAuthFromDockerConfig": true, connection: JSON.stringify({ host: node1().host }), image, serviceName: "svc-private" });
      p.up({ DOCKER_CONFIG: config });
      const first = p.outputs();
      expect(first.running).toBe(1);
      let state = p.exportStack();
      expect(state).not.toContain("first-pass-1x7");
      expect(state).not.toContain(Buffer.from("alice:first-pass-1x7").toString("base64"));
      const m = engine(b, 0);
      const before = new Set((await m.tasks.list({ service: [first.serviceId] })).map((t) => t.ID));

      // Rotation: the registry now knows bob only; `docker login` as bob rewrites the file.
      bedScript("registry.sh", ["start", "--name", b.name, "--node", "node1", "--users", "bob:second-pass-2y8"]);
      docker(["login", reg.address, "--username", "bob", "--password-stdin"], config, node1().host, "second-pass-2y8");
      untagEverywhere();
      const preview = p.preview({ DOCKER_CONFIG: config });
      expect(preview.all).toContain("registryAuth: new credentials are sent with an in-place update");
      expect(preview.all).not.toMatch(/replace/i);
      p.up({ DOCKER_CONFIG: config });
      const second = p.outputs();
      expect(second.serviceId).toBe(first.serviceId);
      expect(second.running).toBe(1);
      // The swarm keeps running tasks when only the credentials change (it stores them for the next
      // pulls). Force new tasks, keeping the stored credentials: a new task can only get the image
      // (untagged everywhere, alice revoked) with bob's, so it runs only if the update stored them.
      const svc = await m.services.inspect(first.serviceId);
      const task = { ...svc.Spec.TaskTemplate, ForceUpdate: (svc.Spec.TaskTemplate.ForceUpdate ?? 0) + 1 };
      await m.services.update(first.serviceId, svc.Version.Index, { ...svc.Spec, TaskTemplate: task }, { registryAuthFrom: "spec" });
      await waitFor("a new task running", async () => {
        const tasks = await m.tasks.list({ service: [first.serviceId] });
        return tasks.some((t) => !before.has(t.ID) && t.Status.State === "running");
      }, 60_000);
      state = p.exportStack();
      expect(state).not.toContain("second-pass-2y8");
      expect(state).not.toContain(Buffer.from("bob:second-pass-2y8").toString("base64"));
      expect(p.destroy().code).toBe(0);
    });
  });

  describe("ssh:// (later)", () => {
    it("refresh and destroy reach the recorded engine over ssh, without the stack configuration, DOCKER_HOST at a trap", async () => {
      const p = programs[0];
      for (const k of ["host", "sshOptions"]) p.ok(["config", "rm", `docker-swarm:${k}`]);
      const trap = await openTrap();
      try {
        const refresh = await p.start(["refresh", "--yes", "--skip-preview"], { ...sshEnv(), DOCKER_HOST: trap.host });
        expect(refresh.code).toBe(0);
        const destroy = await p.start(["destroy", "--yes", "--skip-preview"], { ...sshEnv(), DOCKER_HOST: trap.host });
        expect(destroy.code).toBe(0);
        expect(trap.requests).toEqual([]);
      } finally {
        await trap.close();
      }
      expect(p.resources("Swarm")).toEqual([]);
      const info = await engine(b, 0).system.info();
      expect(info.Swarm.LocalNodeState).toBe("inactive");
    });

    it("leaves no ssh process behind", () => {
      expect(sshProcesses()).toEqual([]);
    });
  });
});
