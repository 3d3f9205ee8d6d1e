/**
 * Docker contexts: the contexts store read as the docker CLI writes it (`docker context create`), the
 * order in which the environment picks an engine, and what a resource records about a context at
 * create so that later commands reach the same engine from any shell.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contextFromEnvironment, readContext } from "../../provider/engine/docker-config";
import { EngineError, resolveConnection, type ResolvedConnection } from "../../provider/engine";
import { recordOf, settingsForCreate, settingsForExisting } from "../../provider/common/connection";
import { connectionInput } from "../../provider/common/schemas";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBcontextCA\n-----END CERTIFICATE-----\n";
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBcontextCERT\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEcontextKEYsecret\n-----END PRIVATE KEY-----\n";

let config: string;
const sha = (name: string) => createHash("sha256").update(name).digest("hex");

/** Writes a context the way `docker context create NAME --docker host=…,ca=…,cert=…,key=…,skip-tls-verify=…` does. */
function writeContext(name: string, host: string, opts: { tls?: boolean; skip?: boolean } = {}): string {
  const meta = path.join(config, "contexts", "meta", sha(name));
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, "meta.json"), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: !!opts.skip } } }));
  const tls = path.join(config, "contexts", "tls", sha(name), "docker");
  if (opts.tls) {
    fs.mkdirSync(tls, { recursive: true });
    fs.writeFileSync(path.join(tls, "ca.pem"), CA);
    fs.writeFileSync(path.join(tls, "cert.pem"), CERT);
    fs.writeFileSync(path.join(tls, "key.pem"), KEY);
  }
  return tls;
}

let prodTls: string;
let laxTls: string;

beforeAll(() => {
  config = fs.mkdtempSync(path.join(os.tmpdir(), "pds-contexts-"));
  prodTls = writeContext("prod", "tcp://10.0.0.11:2376", { tls: true });
  laxTls = writeContext("lax", "tcp://10.0.0.12:2376", { skip: true });
  writeContext("plain", "tcp://10.0.0.13:2375");
  writeContext("remote", "ssh://ops@10.0.0.14");
  fs.writeFileSync(path.join(config, "config.json"), JSON.stringify({ auths: {}, currentContext: "prod" }));
});

afterAll(() => fs.rmSync(config, { recursive: true, force: true }));

function tcp(c: ResolvedConnection): Extract<ResolvedConnection, { kind: "tcp" }> {
  expect(c.kind).toBe("tcp");
  return c as Extract<ResolvedConnection, { kind: "tcp" }>;
}

describe("readContext", () => {
  it("reads the endpoint and the TLS folder of a context from meta/<sha256(name)> and tls/<sha256(name)>/docker", () => {
    expect(readContext("prod", { DOCKER_CONFIG: config })).toEqual({ context: "prod", host: "tcp://10.0.0.11:2376", tls: { certPath: prodTls, verify: true } });
    // SkipTLSVerify without TLS files: TLS on, not verified (as the CLI does).
    expect(readContext("lax", { DOCKER_CONFIG: config })).toEqual({ context: "lax", host: "tcp://10.0.0.12:2376", tls: { certPath: laxTls, verify: false } });
    expect(readContext("plain", { DOCKER_CONFIG: config }).tls).toBeUndefined();
    expect(readContext("remote", { DOCKER_CONFIG: config })).toEqual({ context: "remote", host: "ssh://ops@10.0.0.14", tls: undefined });
  });

  it("a missing context → a clear error naming it, the store, and what to do", () => {
    let e: unknown;
    try {
      readContext("staging", { DOCKER_CONFIG: config });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(EngineError);
    expect(String(e)).toContain(`docker context "staging": not found in ${path.join(config, "contexts")}`);
    expect(String(e)).toContain("docker context ls");
  });

  it("~/.docker when DOCKER_CONFIG is unset", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "pds-home-"));
    try {
      fs.cpSync(config, path.join(home, ".docker"), { recursive: true });
      expect(readContext("plain", { HOME: home }).host).toBe("tcp://10.0.0.13:2375");
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("which context the environment selects (the CLI's order)", () => {
  it("DOCKER_HOST > DOCKER_CONTEXT > currentContext; \"default\" is the environment itself", () => {
    expect(contextFromEnvironment({ DOCKER_CONFIG: config })).toBe("prod");
    expect(contextFromEnvironment({ DOCKER_CONFIG: config, DOCKER_CONTEXT: "lax" })).toBe("lax");
    expect(contextFromEnvironment({ DOCKER_CONFIG: config, DOCKER_CONTEXT: "lax", DOCKER_HOST: "unix:///x.sock" })).toBeUndefined();
    expect(contextFromEnvironment({ DOCKER_CONFIG: config, DOCKER_CONTEXT: "default" })).toBeUndefined();
    expect(contextFromEnvironment({ DOCKER_CONFIG: path.join(config, "nothing") })).toBeUndefined();
  });

  it("resolveConnection follows it: the current context's endpoint and TLS files", () => {
    const c = tcp(resolveConnection(undefined, { DOCKER_CONFIG: config }));
    expect(c.host).toBe("tcp://10.0.0.11:2376");
    expect(c.tls).toEqual({ ca: CA, cert: CERT, key: KEY, rejectUnauthorized: true });
    expect(tcp(resolveConnection({ context: "lax" }, { DOCKER_CONFIG: config })).tls).toEqual({ ca: undefined, cert: undefined, key: undefined, rejectUnauthorized: false });
    expect(tcp(resolveConnection({ context: "plain" }, { DOCKER_CONFIG: config })).origin).toBe("http://10.0.0.13:2375");
    expect(resolveConnection({ context: "remote" }, { DOCKER_CONFIG: config })).toMatchObject({ kind: "ssh", ssh: { user: "ops", host: "10.0.0.14" } });
    // An explicit context comes before DOCKER_HOST (as --context does); an explicit host before everything.
    expect(resolveConnection({ context: "plain" }, { DOCKER_CONFIG: config, DOCKER_HOST: "unix:///x.sock" }).host).toBe("tcp://10.0.0.13:2375");
    expect(resolveConnection(undefined, { DOCKER_CONFIG: config, DOCKER_HOST: "unix:///x.sock" }).host).toBe("unix:///x.sock");
  });
});

describe("a context at create, and later", () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => (env = { DOCKER_CONFIG: config }));

  it("settingsForCreate names the context's host and TLS folder explicitly (a declared context, DOCKER_CONTEXT, currentContext)", () => {
    expect(settingsForCreate({ context: "prod" }, env)).toEqual({ host: "tcp://10.0.0.11:2376", context: "prod", tls: { certPath: prodTls, verify: true } });
    expect(settingsForCreate(undefined, { ...env, DOCKER_CONTEXT: "lax" })).toEqual({ host: "tcp://10.0.0.12:2376", context: "lax", tls: { certPath: laxTls, verify: false } });
    expect(settingsForCreate(undefined, env)).toMatchObject({ host: "tcp://10.0.0.11:2376", context: "prod" });
    expect(settingsForCreate({ context: "remote", sshOptions: ["Port=2222"] }, env)).toEqual({ host: "ssh://ops@10.0.0.14", context: "remote", sshOptions: ["Port=2222"] });
    // DOCKER_HOST wins over DOCKER_CONTEXT and currentContext, but not over a declared context.
    expect(settingsForCreate(undefined, { ...env, DOCKER_CONTEXT: "lax", DOCKER_HOST: "unix:///x.sock" })).toMatchObject({ host: "unix:///x.sock" });
    expect(settingsForCreate({ context: "lax" }, { ...env, DOCKER_HOST: "unix:///x.sock" })).toMatchObject({ host: "tcp://10.0.0.12:2376" });
    // DOCKER_TLS_VERIFY without DOCKER_CERT_PATH: the CLI's config folder, named so that it is recorded.
    expect(settingsForCreate(undefined, { DOCKER_CONFIG: config, DOCKER_HOST: "tcp://10.0.0.9:2376", DOCKER_TLS_VERIFY: "1" }).tls).toEqual({ certPath: config, verify: true });
    // A DOCKER_CERT_PATH that is not there: said at once, not a TLS handshake failing later.
    expect(() => settingsForCreate(undefined, { DOCKER_HOST: "tcp://10.0.0.9:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: path.join(config, "nope") })).toThrow(
      `DOCKER_CERT_PATH "${path.join(config, "nope")}" is not a folder`,
    );
  });

  it("the record holds the host, the context's TLS folder and its name: never key material", () => {
    const settings = settingsForCreate({ context: "prod" }, env);
    const engine = { host: settings.host } as never;
    const record = recordOf(engine, { ID: "E1", Name: "m1", Swarm: { LocalNodeState: "active", NodeID: "N1", Cluster: { ID: "S1" } } } as never, settings);
    expect(record).toEqual({ host: "tcp://10.0.0.11:2376", id: "E1", name: "m1", swarmId: "S1", nodeId: "N1", tls: { certPath: prodTls, verify: true }, context: "prod" });
    expect(JSON.stringify(record)).not.toContain("BEGIN");
  });

  it("later, the same context is not read again (the record says where it led, from any shell); another context is", () => {
    const record = { host: "tcp://10.0.0.11:2376", id: "E1", tls: { certPath: prodTls, verify: true }, context: "prod" };
    const elsewhere = { DOCKER_CONFIG: path.join(config, "nothing"), DOCKER_HOST: "unix:///elsewhere.sock" };
    const saved = { ...process.env };
    Object.assign(process.env, elsewhere);
    try {
      expect(settingsForExisting({ context: "prod" }, record, "swarm")).toMatchObject({ host: "tcp://10.0.0.11:2376", tls: { certPath: prodTls, verify: true } });
      expect(settingsForExisting(undefined, record, "swarm")).toMatchObject({ host: "tcp://10.0.0.11:2376" });
      process.env.DOCKER_CONFIG = config;
      expect(settingsForExisting({ context: "plain" }, record, "swarm")).toMatchObject({ host: "tcp://10.0.0.13:2375", context: "plain" });
    } finally {
      process.env = saved;
    }
  });
});

describe("connection schema and contexts", () => {
  it("accepts a context, refuses it with a host or with tls", () => {
    expect(connectionInput.safeParse({ context: "prod" }).success).toBe(true);
    expect(connectionInput.safeParse({ context: "prod", host: "tcp://x:2376" }).success).toBe(false);
    expect(connectionInput.safeParse({ context: "prod", tls: { verify: false } }).success).toBe(false);
  });
});
