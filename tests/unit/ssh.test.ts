/**
 * ssh:// engines: the URL and the ssh command line as the docker CLI builds them, what ssh's failures
 * mean, and the transport itself against a fake `ssh` (a script on PATH that bridges its stdin/stdout
 * to a local HTTP server on a unix socket, as `docker system dial-stdio` does, or fails like ssh).
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { DockerEngine, EngineError, closeAllTransports } from "../../provider/engine";
import { classifySshFailure, parseSshUrl, sshArgs, sshOptionProblem, sshPids } from "../../provider/engine/ssh";
import { watcherOptionsFor } from "../../provider/engine/watcher";

describe("parseSshUrl", () => {
  it("takes user, host, port and a socket path, as the CLI does", () => {
    expect(parseSshUrl("ssh://ops@manager-1:2222")).toEqual({ user: "ops", host: "manager-1", port: "2222", path: undefined });
    expect(parseSshUrl("ssh://manager-1")).toEqual({ user: undefined, host: "manager-1", port: undefined, path: undefined });
    expect(parseSshUrl("ssh://ops@manager-1/run/user/1000/docker.sock")).toMatchObject({ path: "/run/user/1000/docker.sock" });
    expect(parseSshUrl("ssh://ops@[fd00::1]:22")).toMatchObject({ host: "fd00::1", port: "22" });
  });

  it.each([
    ["ssh://ops:pw@m1", "password"],
    ["ssh://m1?socket=/x", "query parameters"],
    ["ssh://m1#x", "fragments"],
    ["ssh://", "host name is empty"],
    ["ssh://-oProxyCommand=x", "not a host name"],
    ["tcp://m1", "not an ssh:// URL"],
  ])("%p → refused (%s)", (url, why) => {
    expect(parseSshUrl(url)).toEqual(expect.stringContaining(why));
  });
});

describe("sshArgs", () => {
  it("is the CLI's command line, with BatchMode added so that nothing can prompt", () => {
    expect(sshArgs({ user: "ops", host: "m1", port: "2222" })).toEqual([
      "-l", "ops", "-p", "2222", "-o", "ConnectTimeout=30", "-o", "BatchMode=yes", "-T", "--", "m1", "docker system dial-stdio",
    ]);
  });

  it("passes sshOptions as -o, and leaves ConnectTimeout and BatchMode to them when they set these", () => {
    expect(sshArgs({ host: "m1" }, ["ProxyJump=bastion", "ConnectTimeout 5", "BatchMode=no"])).toEqual([
      "-o", "ProxyJump=bastion", "-o", "ConnectTimeout 5", "-o", "BatchMode=no", "-T", "--", "m1", "docker system dial-stdio",
    ]);
  });

  it("a socket path in the URL → docker --host=unix://PATH on the remote, quoted for its shell", () => {
    expect(sshArgs({ host: "m1", path: "/run/user/1000/docker.sock" }).slice(-1)).toEqual(["docker --host=unix:///run/user/1000/docker.sock system dial-stdio"]);
    expect(sshArgs({ host: "m1", path: "/tmp/my dir/d.sock" }).slice(-1)).toEqual(["docker '--host=unix:///tmp/my dir/d.sock' system dial-stdio"]);
  });

  it("never turns host key checking off", () => {
    expect(sshArgs({ host: "m1" }).join(" ")).not.toMatch(/StrictHostKeyChecking/i);
    expect(sshOptionProblem("StrictHostKeyChecking=no")).toContain("would accept any host key");
    expect(sshOptionProblem("stricthostkeychecking off")).toContain("would accept any host key");
    expect(sshOptionProblem("StrictHostKeyChecking=yes")).toBeUndefined();
    expect(sshOptionProblem("-v")).toContain("is not an ssh option");
  });
});

describe("classifySshFailure", () => {
  const spec = { user: "ops", host: "10.0.0.5", port: "2222" };
  const c = (stderr: string, code: number | null = 255) => classifySshFailure(spec, stderr, code);

  it("an unknown host key: never accepted, says how to add it after checking it", () => {
    const e = c("No ED25519 host key is known for [10.0.0.5]:2222 and you have requested strict checking.\nHost key verification failed.\n");
    expect(e.code).toBe("SSH_HOST_KEY_UNKNOWN");
    expect(e.message).toContain("ssh to ops@10.0.0.5:2222: the host key of 10.0.0.5 is not in known_hosts");
    expect(e.message).toContain("ssh-keyscan -p 2222 10.0.0.5 >> ~/.ssh/known_hosts");
    expect(e.message).toContain("ssh said: No ED25519 host key is known");
  });

  it("a changed host key: says it may be an attack", () => {
    const e = c("@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@\nHost key verification failed.\n");
    expect(e.code).toBe("SSH_HOST_KEY_CHANGED");
    expect(e.message).toContain("has CHANGED");
    expect(e.message).toContain("ssh-keygen -R 10.0.0.5");
  });

  it("a refused login: names the user and what to check", () => {
    const e = c("ops@10.0.0.5: Permission denied (publickey).\n");
    expect(e.code).toBe("SSH_AUTH");
    expect(e.message).toContain('10.0.0.5 refused the login of user "ops"');
    expect(e.message).toContain("authorized_keys");
    expect(classifySshFailure({ host: "m1" }, "Permission denied (publickey).", 255).message).toContain("none in the URL");
  });

  it("no docker on the remote, or one without dial-stdio", () => {
    expect(c("bash: line 1: docker: command not found\n", 127)).toMatchObject({ code: "SSH_NO_DOCKER" });
    expect(c("sh: 1: docker: not found\n", 127).message).toContain("there is no docker CLI on 10.0.0.5");
    expect(c("docker: 'system dial-stdio' is not a docker command.\n", 1).message).toContain("Docker 18.09 or newer");
  });

  it("the remote docker cannot use its engine", () => {
    const e = c("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: …\n", 1);
    expect(e.code).toBe("SSH_REMOTE_ENGINE");
    expect(e.message).toContain('"docker" group');
    expect(c("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", 1).message).toContain("is dockerd running there?");
  });

  it("cannot connect, and anything else: ssh's own words, with the host", () => {
    expect(c("ssh: connect to host 10.0.0.5 port 2222: Connection refused\n")).toMatchObject({ code: "SSH_CONNECT" });
    const e = c("something new\n", 3);
    expect(e.code).toBe("SSH_FAILED");
    expect(e.message).toBe("ssh to ops@10.0.0.5:2222 exited with code 3 before the engine answered (ssh said: something new)");
  });
});

describe("the ssh transport (a fake ssh on PATH)", () => {
  let dir: string;
  let server: http.Server;
  let savedPath: string | undefined;
  const calls = () => (fs.existsSync(path.join(dir, "calls")) ? fs.readFileSync(path.join(dir, "calls"), "utf8").split("\n").filter(Boolean) : []);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-ssh-unit-"));
    const socket = path.join(dir, "engine.sock");
    server = http.createServer((req, res) => {
      res.setHeader("api-version", "1.45");
      if (req.url?.endsWith("/info")) {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ID: "ENGINE-1", Name: "remote", Swarm: { LocalNodeState: "inactive" } }));
      } else res.end("OK");
    });
    await new Promise<void>((r) => server.listen(socket, () => r()));
    // The fake ssh: records its arguments; "ok" bridges stdin/stdout to the engine socket, the others fail as ssh would.
    const fake = `#!${process.execPath}
const fs = require("fs"), net = require("net");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(path.join(dir, "calls"))}, args.join(" ") + "\\n");
const host = args[args.indexOf("--") + 1];
const fail = (msg, code) => { process.stderr.write(msg); process.exit(code); };
if (host === "unknown-key") fail("Host key verification failed.\\n", 255);
if (host === "denied") fail("bob@denied: Permission denied (publickey).\\n", 255);
if (host === "no-docker") fail("bash: line 1: docker: command not found\\n", 127);
const s = net.connect(${JSON.stringify(socket)});
// "flaky": the connection drops (as when the network goes) when the second request arrives.
let requests = 0;
process.stdin.on("data", (d) => {
  requests += (d.toString().match(/^(GET|POST|HEAD) /gm) || []).length;
  if (host === "flaky" && requests >= 2) fail("client_loop: send disconnect: Connection reset by peer\\n", 255);
  s.write(d);
});
s.pipe(process.stdout);
s.on("end", () => process.exit(0));
process.stdin.on("end", () => s.end());
`;
    fs.writeFileSync(path.join(dir, "ssh"), fake, { mode: 0o755 });
    savedPath = process.env.PATH;
    process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
  });

  afterAll(async () => {
    process.env.PATH = savedPath;
    await closeAllTransports();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => fs.rmSync(path.join(dir, "calls"), { force: true }));

  it("speaks HTTP through one ssh process per engine, reused by every request, ended by closeAllTransports", async () => {
    const engine = new DockerEngine({ host: "ssh://ops@ok:2200", sshOptions: ["IdentityFile=/keys/deploy"] });
    const infos = await Promise.all([engine.system.info(), engine.system.info(), engine.system.info()]);
    expect(infos.map((i) => i.ID)).toEqual(["ENGINE-1", "ENGINE-1", "ENGINE-1"]);
    expect(await engine.apiVersion()).toBe("1.45");
    expect(calls()).toEqual(["-l ops -p 2200 -o IdentityFile=/keys/deploy -o ConnectTimeout=30 -o BatchMode=yes -T -- ok docker system dial-stdio"]);
    const pids = sshPids();
    expect(pids).toHaveLength(1);
    await closeAllTransports();
    expect(sshPids()).toEqual([]);
    expect(() => process.kill(pids[0], 0)).toThrow();
  });

  it.each([
    ["unknown-key", "the host key of unknown-key is not in known_hosts"],
    ["denied", 'denied refused the login of user "bob"'],
    ["no-docker", "there is no docker CLI on no-docker"],
  ])("ssh failing on %p → one clear error naming the host, and no retry storm", async (host, text) => {
    const engine = new DockerEngine({ host: `ssh://bob@${host}` });
    const e = await engine.system.info().then(() => undefined, (x) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe("UNREACHABLE");
    expect((e as EngineError).message).toContain(text);
    expect((e as EngineError).message).toContain(`on ssh://bob@${host}`);
    // HEAD /_ping, then GET /_ping: the second is answered from the first failure, without a new ssh.
    expect(calls()).toHaveLength(1);
    expect(sshPids()).toEqual([]);
  });

  it("a connection lost after it worked: a read is sent again on a new ssh, a write is not", async () => {
    const engine = new DockerEngine({ host: "ssh://ops@flaky", apiVersion: "1.45" });
    expect((await engine.system.info()).ID).toBe("ENGINE-1");
    expect((await engine.system.info()).ID).toBe("ENGINE-1");
    expect(calls()).toHaveLength(2);
    const e = await engine.http.call("POST", "/swarm/leave").then(() => undefined, (x) => x);
    expect(String(e)).toContain("the ssh connection to ops@flaky ended (code 255): client_loop: send disconnect: Connection reset by peer");
    expect(calls()).toHaveLength(2);
    await closeAllTransports();
  });

  it("the convergence watcher does not hold the one ssh connection with the event stream", () => {
    expect(watcherOptionsFor(new DockerEngine({ host: "ssh://ops@ok" }))).toEqual({ events: false });
    expect(watcherOptionsFor(new DockerEngine({ host: "unix:///x.sock" }))).toEqual({});
  });

  it("no ssh client on PATH → says to install one", async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, "nothing-here");
    try {
      const e = await new DockerEngine({ host: "ssh://ops@ok-again" }).system.info().then(() => undefined, (x) => x);
      expect(String(e)).toContain('cannot reach ops@ok-again: no ssh client ("ssh" is not on the PATH)');
      expect(String(e)).toContain("apt-get install openssh-client");
    } finally {
      process.env.PATH = saved;
    }
  });
});
