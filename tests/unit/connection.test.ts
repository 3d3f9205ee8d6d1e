/** resolveConnection / connectionKey: DOCKER_HOST-style resolution, TLS material, stable cache keys. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EngineError, connectionKey, resolveConnection, type ResolvedConnection } from "../../provider/engine";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBcaCAcaCAcaCA\n-----END CERTIFICATE-----\n";
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBclientCERTclient\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCsecretKEYmaterial\n-----END PRIVATE KEY-----\n";

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-certs-"));
  fs.writeFileSync(path.join(dir, "ca.pem"), CA);
  fs.writeFileSync(path.join(dir, "cert.pem"), CERT);
  fs.writeFileSync(path.join(dir, "key.pem"), KEY);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function tcp(c: ResolvedConnection): Extract<ResolvedConnection, { kind: "tcp" }> {
  expect(c.kind).toBe("tcp");
  return c as Extract<ResolvedConnection, { kind: "tcp" }>;
}

function invalid(fn: () => unknown): EngineError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EngineError);
  expect((caught as EngineError).code).toBe("INVALID_ARGUMENT");
  return caught as EngineError;
}

describe("resolveConnection", () => {
  it("uses the default unix socket when nothing is set", () => {
    expect(resolveConnection(undefined, {})).toEqual({
      kind: "unix",
      host: "unix:///var/run/docker.sock",
      socketPath: "/var/run/docker.sock",
      apiVersion: undefined,
      requestTimeoutMs: 30_000,
    });
    expect(resolveConnection({}, {})).toMatchObject({ kind: "unix", socketPath: "/var/run/docker.sock" });
  });

  it("uses DOCKER_HOST (and DOCKER_API_VERSION) when no host is given", () => {
    const c = resolveConnection({}, { DOCKER_HOST: "unix:///run/user/1000/docker.sock", DOCKER_API_VERSION: "1.41" });
    expect(c).toMatchObject({ kind: "unix", host: "unix:///run/user/1000/docker.sock", socketPath: "/run/user/1000/docker.sock", apiVersion: "1.41" });
  });

  it("an explicit host wins over DOCKER_HOST, and the environment's TLS and API version are not mixed in", () => {
    const env = { DOCKER_HOST: "tcp://other:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: dir, DOCKER_API_VERSION: "1.40" };
    const c = resolveConnection({ host: "unix:///srv/docker.sock" }, env);
    expect(c).toEqual({ kind: "unix", host: "unix:///srv/docker.sock", socketPath: "/srv/docker.sock", apiVersion: undefined, requestTimeoutMs: 30_000 });
    const t = tcp(resolveConnection({ host: "tcp://engine.internal" }, env));
    expect(t.origin).toBe("http://engine.internal:2375");
    expect(t.tls).toBeUndefined();
  });

  it("tcp:// without TLS → an http origin on port 2375", () => {
    const t = tcp(resolveConnection({ host: "tcp://10.1.2.3" }, {}));
    expect(t).toEqual({ kind: "tcp", host: "tcp://10.1.2.3", origin: "http://10.1.2.3:2375", tls: undefined, apiVersion: undefined, requestTimeoutMs: 30_000 });
    expect(tcp(resolveConnection({ host: "tcp://10.1.2.3:12375" }, {})).origin).toBe("http://10.1.2.3:12375");
  });

  it("brackets IPv6 hosts in the origin", () => {
    expect(tcp(resolveConnection({ host: "tcp://[fd00::1]:2375" }, {})).origin).toBe("http://[fd00::1]:2375");
  });

  it("keeps the pinned apiVersion and the request timeout", () => {
    expect(resolveConnection({ host: "unix:///x.sock", apiVersion: "1.43", requestTimeoutMs: 5000 }, {})).toMatchObject({
      apiVersion: "1.43",
      requestTimeoutMs: 5000,
    });
  });

  it("DOCKER_TLS_VERIFY=1 + DOCKER_CERT_PATH → https on 2376, verifying, with the PEM files read", () => {
    const t = tcp(resolveConnection(undefined, { DOCKER_HOST: "tcp://swarm-1.example.com", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: dir }));
    expect(t.origin).toBe("https://swarm-1.example.com:2376");
    expect(t.tls).toEqual({ ca: CA, cert: CERT, key: KEY, rejectUnauthorized: true });
  });

  it("DOCKER_CERT_PATH with missing files leaves those parts out", () => {
    const partial = fs.mkdtempSync(path.join(os.tmpdir(), "pds-certs-"));
    try {
      fs.writeFileSync(path.join(partial, "ca.pem"), CA);
      const t = tcp(resolveConnection(undefined, { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: partial }));
      expect(t.tls).toEqual({ ca: CA, cert: undefined, key: undefined, rejectUnauthorized: true });
    } finally {
      fs.rmSync(partial, { recursive: true, force: true });
    }
  });

  it("TLS from PEM strings → https, verifying by default; verify: false turns verification off", () => {
    const t = tcp(resolveConnection({ host: "tcp://h", tls: { ca: CA, cert: CERT, key: KEY } }, {}));
    expect(t.origin).toBe("https://h:2376");
    expect(t.tls).toEqual({ ca: CA, cert: CERT, key: KEY, rejectUnauthorized: true });
    const u = tcp(resolveConnection({ host: "tcp://h:2376", tls: { ca: CA, verify: false } }, {}));
    expect(u.tls?.rejectUnauthorized).toBe(false);
  });

  it("tls.certPath reads the same three files", () => {
    const t = tcp(resolveConnection({ host: "tcp://h:2376", tls: { certPath: dir } }, {}));
    expect(t.tls).toEqual({ ca: CA, cert: CERT, key: KEY, rejectUnauthorized: true });
  });

  it("TLS on without a cert folder or PEM → the docker config folder (DOCKER_CONFIG, else ~/.docker), as the CLI does", () => {
    const c = tcp(resolveConnection(undefined, { DOCKER_HOST: "tcp://10.0.0.9:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CONFIG: dir }));
    expect(c.tls).toEqual({ ca: CA, cert: CERT, key: KEY, rejectUnauthorized: true });
    const home = tcp(resolveConnection({ host: "tcp://10.0.0.9:2376", tls: { verify: true } }, { HOME: path.dirname(dir) }));
    // No ~/.docker there: nothing read, verification still on.
    expect(home.tls).toEqual({ ca: undefined, cert: undefined, key: undefined, rejectUnauthorized: true });
    // PEM given: the folder is not read.
    expect(tcp(resolveConnection({ host: "tcp://10.0.0.9:2376", tls: { ca: "X" } }, { DOCKER_CONFIG: dir })).tls?.cert).toBeUndefined();
  });

  it("https:// forces TLS", () => {
    const t = tcp(resolveConnection({ host: "https://h" }, {}));
    expect(t.origin).toBe("https://h:2376");
    expect(t.tls).toBeDefined();
  });

  it("ssh:// → an ssh connection with the URL's parts and the sshOptions (also through DOCKER_HOST)", () => {
    const c = resolveConnection({ host: "ssh://admin@manager-1:2222", sshOptions: ["ProxyJump=bastion"] }, {});
    expect(c).toEqual({
      kind: "ssh",
      host: "ssh://admin@manager-1:2222",
      ssh: { user: "admin", host: "manager-1", port: "2222", path: undefined },
      sshOptions: ["ProxyJump=bastion"],
      apiVersion: undefined,
      requestTimeoutMs: 30_000,
    });
    expect(resolveConnection(undefined, { DOCKER_HOST: "ssh://manager-1/run/user/1000/docker.sock" })).toMatchObject({
      kind: "ssh",
      ssh: { user: undefined, host: "manager-1", port: undefined, path: "/run/user/1000/docker.sock" },
      sshOptions: [],
    });
    // What the docker CLI refuses in an ssh URL is refused here too, naming the host.
    const e = invalid(() => resolveConnection({ host: "ssh://admin:pw@manager-1" }, {}));
    expect(e.message).toContain("connection.host");
    expect(e.message).toContain("password");
    expect(invalid(() => resolveConnection({ host: "ssh://manager-1?socket=x" }, {})).message).toContain("query parameters");
  });

  it.each(["not a url", "docker.sock", "", "localhost:2375"])("garbage %p → INVALID_ARGUMENT naming connection.host", (host) => {
    const e = invalid(() => resolveConnection({ host }, {}));
    expect(e.message).toContain("connection.host");
  });

  it("an unsupported scheme → INVALID_ARGUMENT naming it", () => {
    const e = invalid(() => resolveConnection({ host: "npipe:////./pipe/docker_engine" }, {}));
    expect(e.message).toContain("connection.host");
    expect(e.message).toContain("npipe:");
  });
});

describe("connectionKey", () => {
  it("never contains key material, certificates or the cert path contents", () => {
    const conns = [
      resolveConnection({ host: "tcp://h:2376", tls: { ca: CA, cert: CERT, key: KEY } }, {}),
      resolveConnection(undefined, { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: dir }),
    ];
    for (const c of conns) {
      const key = connectionKey(c);
      expect(key).not.toContain("secretKEYmaterial");
      expect(key).not.toContain("MIIE");
      expect(key).not.toContain("PRIVATE");
      expect(key).not.toContain("clientCERT");
      expect(key).not.toContain("BEGIN");
    }
  });

  it("tells apart different materials, settings and engines, and is stable for equal ones", () => {
    const base = { host: "tcp://h:2376", tls: { ca: CA, cert: CERT, key: KEY } };
    const k = (s: Parameters<typeof resolveConnection>[0]) => connectionKey(resolveConnection(s, {}));
    expect(k(base)).toBe(k({ ...base, tls: { ...base.tls } }));
    expect(k(base)).not.toBe(k({ ...base, tls: { ...base.tls, key: KEY.replace("secret", "Secret") } }));
    expect(k(base)).not.toBe(k({ ...base, tls: { ...base.tls, verify: false } }));
    expect(k(base)).not.toBe(k({ ...base, host: "tcp://h2:2376" }));
    expect(k(base)).not.toBe(k({ ...base, apiVersion: "1.41" }));
    expect(k(base)).not.toBe(k({ ...base, requestTimeoutMs: 1000 }));
    expect(k({ host: "unix:///a.sock" })).not.toBe(k({ host: "unix:///b.sock" }));
  });
});
