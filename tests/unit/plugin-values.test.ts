/**
 * The provider plugin's pure parts: secret values on the wire (unwrapped in, wrapped out), Pulumi
 * property paths, the detailed diff from a structured change list, and the provider configuration
 * (a docker context read from the docker CLI's store).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UNKNOWN } from "../../provider/common/unknowns";
import { checkConfig, connectionOf, providerConfigInput } from "../../plugin/config";
import { settingsForCreate } from "../../provider/common/connection";
import { detailedDiff } from "../../plugin/detailed-diff";
import { containsAny, presentAt, propertyPath, secret, secretKeysOf, segmentsOf, SECRET_SIG, SIG, unwrap, wrapAt } from "../../plugin/properties";

describe("secret values", () => {
  it("unwraps secrets anywhere and collects their strings; resource references become their ID", () => {
    const { value, secrets } = unwrap({
      env: { PASSWORD: secret("hunter2-pw"), MODE: "x" },
      join: secret({ token: "SWMTKN-1-abc", remoteAddrs: ["10.0.0.1:2377"] }),
      net: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x", id: "net1" },
    });
    expect(value).toEqual({ env: { PASSWORD: "hunter2-pw", MODE: "x" }, join: { token: "SWMTKN-1-abc", remoteAddrs: ["10.0.0.1:2377"] }, net: "net1" });
    expect([...secrets].sort()).toEqual(["10.0.0.1:2377", "SWMTKN-1-abc", "hunter2-pw"]);
    expect(secretKeysOf({ env: { PASSWORD: secret("p") }, image: "x", join: secret({}) })).toEqual(["env", "join"]);
  });

  it("wraps at a path (lists item by item), and only what is there", () => {
    const v: any = { join: { token: "T" }, mounts: [{ s: "a" }, { s: "b" }], empty: { k: "" } };
    expect(wrapAt(v, ["join", "token"])).toBe(true);
    expect(wrapAt(v, ["mounts", "[]", "s"])).toBe(true);
    expect(wrapAt(v, ["connection", "tls", "key"])).toBe(false);
    expect(v).toEqual({ join: { token: { [SIG]: SECRET_SIG, value: "T" } }, mounts: [{ s: secret("a") }, { s: secret("b") }], empty: { k: "" } });
    expect(presentAt(v, ["empty", "k"])).toBe(false);
    expect(presentAt({ a: [{ b: "x" }] }, ["a", "[]", "b"])).toBe(true);
    expect(containsAny({ a: ["--pw=hunter2-pw"] }, new Set(["hunter2-pw"]))).toBe(true);
    expect(containsAny({ a: "nothing" }, new Set(["hunter2-pw"]))).toBe(false);
  });

  it("property paths in Pulumi's syntax, from the core's dot paths", () => {
    expect(propertyPath(["spec", "raft", "snapshotInterval"])).toBe("spec.raft.snapshotInterval");
    expect(propertyPath(["mounts", 0, "type"])).toBe("mounts[0].type");
    expect(propertyPath(["sysctls", "net.ipv4.ip_forward"])).toBe('sysctls["net.ipv4.ip_forward"]');
    expect(segmentsOf("mounts[0].volumeOptions.labels")).toEqual(["mounts", 0, "volumeOptions", "labels"]);
  });
});

describe("detailed diff", () => {
  it("each change at the paths that differ between old and new inputs; replaces as _REPLACE", () => {
    const olds = { labels: { a: "1", b: "2" }, name: "web", sysctls: { "net.core.somaxconn": "128" } };
    const news = { labels: { a: "1", c: "3" }, name: "web2", sysctls: { "net.core.somaxconn": "256" } };
    expect(
      detailedDiff(
        [
          { path: "labels", replace: false, reason: "" },
          { path: "name", replace: true, reason: "" },
          { path: "sysctls", replace: false, reason: "" },
        ],
        olds,
        news,
      ),
    ).toEqual({
      "labels.b": { kind: "DELETE", inputDiff: true },
      "labels.c": { kind: "ADD", inputDiff: true },
      name: { kind: "UPDATE_REPLACE", inputDiff: true },
      'sysctls["net.core.somaxconn"]': { kind: "UPDATE", inputDiff: true },
    });
  });

  it("a change the inputs do not show (drift, a lock) is at the property, from the state; no path, no entry", () => {
    expect(detailedDiff([{ path: "replicas", replace: false, reason: "" }, { path: "", replace: false, reason: "locked" }], { replicas: 3 }, { replicas: 3 })).toEqual({
      replicas: { kind: "UPDATE", inputDiff: false },
    });
  });

  it("an unknown value (preview) is an update; a list of another length is one update", () => {
    expect(detailedDiff([{ path: "image", replace: false, reason: "" }], { image: "a" }, { image: UNKNOWN })).toEqual({ image: { kind: "UPDATE", inputDiff: true } });
    expect(detailedDiff([{ path: "command", replace: false, reason: "" }], { command: ["a"] }, { command: ["a", "b"] })).toEqual({ command: { kind: "UPDATE", inputDiff: true } });
  });
});

describe("provider configuration", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-docker-config-"));
    const id = crypto.createHash("sha256").update("prod").digest("hex");
    fs.mkdirSync(path.join(dir, "contexts", "meta", id), { recursive: true });
    fs.writeFileSync(path.join(dir, "contexts", "meta", id, "meta.json"), JSON.stringify({ Name: "prod", Endpoints: { docker: { Host: "tcp://10.0.0.11:2376", SkipTLSVerify: false } } }));
    const tls = path.join(dir, "contexts", "tls", id, "docker");
    fs.mkdirSync(tls, { recursive: true });
    for (const f of ["ca.pem", "cert.pem", "key.pem"]) fs.writeFileSync(path.join(tls, f), "PEM");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a docker context is passed on by name, checked against the store as a resource's would be", () => {
    const env = { DOCKER_CONFIG: dir };
    expect(connectionOf({ context: "prod", apiVersion: "1.41" })).toEqual({ context: "prod", apiVersion: "1.41" });
    expect(connectionOf({ context: "default" })).toBeUndefined();
    // Where it leads is read at create, by the resource (the same code as a declared connection.context).
    const settings = settingsForCreate(connectionOf({ context: "prod" }), env);
    expect(settings).toMatchObject({ host: "tcp://10.0.0.11:2376", context: "prod", tls: { verify: true } });
    expect(() => settingsForCreate(connectionOf({ context: "staging" }), env)).toThrow(/docker context "staging": not found/);
    expect(checkConfig({ host: "unix:///a.sock", context: "prod" })).toEqual([
      { property: "context", reason: expect.stringMatching(/^context: give host or context, not both/) },
    ]);
  });

  it("sshOptions arrive as a JSON list from `pulumi config set`", () => {
    expect(connectionOf(providerConfigInput.parse({ host: "ssh://ops@m1", sshOptions: '["ConnectTimeout=5"]' }))).toEqual({ host: "ssh://ops@m1", sshOptions: ["ConnectTimeout=5"] });
    expect(checkConfig({ host: "ssh://ops@m1", sshOptions: "ConnectTimeout=5" }).map((f) => f.property)).toEqual(["sshOptions"]);
    expect(checkConfig({ host: "ssh://ops@m1", sshOptions: '["StrictHostKeyChecking=no"]' }).map((f) => f.property)).toEqual(["sshOptions"]);
  });

  it("config values arrive as strings; a connection is made only from what is set", () => {
    expect(connectionOf({ host: "unix:///a.sock", tlsVerify: false })).toEqual({ host: "unix:///a.sock", tls: { verify: false } });
    expect(connectionOf({})).toBeUndefined();
    expect(checkConfig({ host: "unix:///a.sock", tlsVerify: "false", version: "0.1.0" })).toEqual([]);
    expect(checkConfig({ tlsVerify: "maybe" }).map((f) => f.property)).toEqual(["tlsVerify"]);
  });
});

describe("a service's refreshed outputs", () => {
  it("show what runs under the keys the program declared (secret parts included), identity as declared", () => {
    const { resourceOf } = jest.requireActual("../../plugin/resources") as typeof import("../../plugin/resources");
    const refreshed = resourceOf("docker-swarm:index:SwarmService").refreshed!;
    const outs = {
      name: "web",
      image: "nginx:1.27",
      replicas: 3,
      env: { MODE: "prod", PASSWORD: "pw" },
      labels: { a: "1" },
      serviceId: "s1",
      spec: { name: "web", image: "nginx:1.27@sha256:abc", replicas: 1, mode: "replicated" },
      secretSpec: { env: ["MODE=prod", "PASSWORD=pw", "EXTRA=1"] },
    };
    expect(refreshed(outs)).toEqual({
      ...outs,
      replicas: 1,
      env: ["MODE=prod", "PASSWORD=pw", "EXTRA=1"],
      // Removed out of band: gone from the outputs too.
      labels: undefined,
    });
    expect("labels" in refreshed(outs)).toBe(false);
  });
});
