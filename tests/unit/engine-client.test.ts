/**
 * The Engine client's HTTP core against undici's MockAgent: API version negotiation, versioned paths,
 * the mapping of engine failures to EngineError codes (with the engine bodies of engine-api §3.3),
 * redaction of secrets, zod validation of responses and query/header encoding.
 */
import { MockAgent } from "undici";
import { DockerEngine, EngineError, encodeQuery, type EngineErrorCode } from "../../provider/engine";
import type { SwarmSpec } from "../../provider/engine/schemas";

const ORIGIN = "http://localhost";

let agent: MockAgent;
let pool: ReturnType<MockAgent["get"]>;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  pool = agent.get(ORIGIN);
});

afterEach(async () => {
  await agent.close();
});

function engine(settings: { apiVersion?: string; requestTimeoutMs?: number } = {}): DockerEngine {
  return new DockerEngine({ host: "unix:///fake.sock", ...settings }, { origin: ORIGIN, dispatcher: agent });
}

/** The engine answers HEAD /_ping with this API version (once: negotiation must be cached). */
function ping(version: string | undefined, headerName = "Api-Version"): void {
  pool
    .intercept({ path: "/_ping", method: "HEAD" })
    .reply(200, "", version === undefined ? {} : { headers: { [headerName]: version } });
}

/** What the mock saw of a request (undici's MockResponseCallbackOptions). */
interface Captured {
  path: string;
  method: string;
  headers?: unknown;
  body?: unknown;
}

/** Intercepts one request whose path starts with `prefix`, records it and answers `status`/`data`. */
function capture(method: string, prefix: string, status: number, data: unknown, seen: Captured[]): void {
  pool
    .intercept({ path: (p: string) => p.startsWith(prefix), method })
    .reply((opts) => {
      seen.push(opts);
      return { statusCode: status, data: data as object };
    });
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EngineError);
  return e as EngineError;
}

const VERSION_BODY = { Version: "20.10.24+dfsg1", ApiVersion: "1.41", MinAPIVersion: "1.12", Os: "linux", Arch: "amd64" };

function swarmBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ID: "q2dwxa0y3ybfbo4sgiuxhqkqi",
    Version: { Index: 10 },
    CreatedAt: "2026-01-01T00:00:00.000000000Z",
    UpdatedAt: "2026-01-01T00:00:01.000000000Z",
    Spec: {
      Name: "default",
      Labels: {},
      Orchestration: { TaskHistoryRetentionLimit: 5 },
      Raft: { SnapshotInterval: 10000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1 },
      Dispatcher: { HeartbeatPeriod: 5000000000 },
      CAConfig: { NodeCertExpiry: 7776000000000000 },
      TaskDefaults: {},
      EncryptionConfig: { AutoLockManagers: false },
    },
    TLSInfo: { TrustRoot: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", CertIssuerSubject: "MBMx", CertIssuerPublicKey: "MFkw" },
    RootRotationInProgress: false,
    DefaultAddrPool: ["10.0.0.0/8"],
    SubnetSize: 24,
    DataPathPort: 4789,
    JoinTokens: {
      Worker: "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx",
      Manager: "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-7p73s1dx5in4tatdymyhg9hu2",
    },
    ...overrides,
  };
}

// ─── API version negotiation ─────────────────────────────────────────────────

describe("API version negotiation", () => {
  it("uses the engine's Api-Version from HEAD /_ping as the path prefix", async () => {
    ping("1.41");
    pool.intercept({ path: "/v1.41/version", method: "GET" }).reply(200, VERSION_BODY);
    const e = engine();
    expect(await e.apiVersion()).toBe("1.41");
    const v = await e.system.version();
    expect(v.Version).toBe("20.10.24+dfsg1");
    agent.assertNoPendingInterceptors();
  });

  it("reads the header case-insensitively (20.10 sends API-Version)", async () => {
    ping("1.41", "API-Version");
    expect(await engine().apiVersion()).toBe("1.41");
  });

  it("negotiates once per client: a second request does not ping again", async () => {
    ping("1.43"); // one ping interceptor only: a second ping would find no match
    pool.intercept({ path: "/v1.43/version", method: "GET" }).reply(200, VERSION_BODY).times(2);
    const e = engine();
    await e.system.version();
    await e.system.version();
    agent.assertNoPendingInterceptors();
  });

  it("caps a newer engine (1.47) at the client's maximum 1.45", async () => {
    ping("1.47");
    pool.intercept({ path: "/v1.45/info", method: "GET" }).reply(200, { Swarm: { LocalNodeState: "inactive" } });
    const e = engine();
    expect(await e.apiVersion()).toBe("1.45");
    const info = await e.system.info();
    expect(info.Swarm.LocalNodeState).toBe("inactive");
    agent.assertNoPendingInterceptors();
  });

  it("compares versions numerically, not as strings (1.9 < 1.41 < 1.100)", async () => {
    ping("1.9");
    expect((await failure(engine().apiVersion())).code).toBe("API_VERSION");
    ping("1.100");
    expect(await engine().apiVersion()).toBe("1.45");
  });

  it("a pinned apiVersion skips the ping entirely", async () => {
    // No /_ping interceptor: a ping would fail with MockNotMatchedError and the request with it.
    pool.intercept({ path: "/v1.43/version", method: "GET" }).reply(200, VERSION_BODY);
    const e = engine({ apiVersion: "1.43" });
    expect(await e.apiVersion()).toBe("1.43");
    await expect(e.system.version()).resolves.toMatchObject({ ApiVersion: "1.41" });
    agent.assertNoPendingInterceptors();
  });

  it("falls back to GET /_ping when HEAD answers an error status", async () => {
    pool.intercept({ path: "/_ping", method: "HEAD" }).reply(405, "");
    pool.intercept({ path: "/_ping", method: "GET" }).reply(200, "OK", { headers: { "Api-Version": "1.42" } });
    pool.intercept({ path: "/v1.42/version", method: "GET" }).reply(200, VERSION_BODY);
    const e = engine();
    await e.system.version();
    expect(await e.apiVersion()).toBe("1.42");
    agent.assertNoPendingInterceptors();
  });

  it("falls back to GET /_ping when HEAD fails at the transport level", async () => {
    pool.intercept({ path: "/_ping", method: "HEAD" }).replyWithError(new Error("socket hang up"));
    pool.intercept({ path: "/_ping", method: "GET" }).reply(200, "OK", { headers: { "Api-Version": "1.44" } });
    expect(await engine().apiVersion()).toBe("1.44");
    agent.assertNoPendingInterceptors();
  });

  it("assumes 1.24 when the engine sends no Api-Version header, and refuses it as too old", async () => {
    ping(undefined);
    const err = await failure(engine().apiVersion());
    expect(err.code).toBe("API_VERSION");
    expect(err.engineMessage).toContain("API 1.24");
    expect(err.engineMessage).toContain("1.41 or newer");
  });

  it("rejects a malformed Api-Version header as INVALID_RESPONSE", async () => {
    ping("latest");
    const err = await failure(engine().apiVersion());
    expect(err.code).toBe("INVALID_RESPONSE");
    expect(err.engineMessage).toContain('"latest"');
  });

  it("does not cache a failed negotiation: a later call can succeed", async () => {
    const refused = () => Object.assign(new Error("connect ECONNREFUSED /fake.sock"), { code: "ECONNREFUSED" });
    pool.intercept({ path: "/_ping", method: "HEAD" }).replyWithError(refused());
    pool.intercept({ path: "/_ping", method: "GET" }).replyWithError(refused());
    const e = engine();
    const err = await failure(e.system.version());
    expect(err.code).toBe("UNREACHABLE");
    expect(err.request).toBe("GET /_ping");

    ping("1.41");
    pool.intercept({ path: "/v1.41/version", method: "GET" }).reply(200, VERSION_BODY);
    await expect(e.system.version()).resolves.toMatchObject({ Version: "20.10.24+dfsg1" });
  });

  it("does not prefix unversioned paths, nor negotiate for them (GET /_ping for system.ping)", async () => {
    // Only the GET: a HEAD negotiation would find no interceptor (and then consume this GET).
    pool.intercept({ path: "/_ping", method: "GET" }).reply(200, "OK");
    expect(await engine().system.ping()).toBe(true);
    agent.assertNoPendingInterceptors();
  });
});

// ─── error mapping ───────────────────────────────────────────────────────────

describe("error mapping (engine-api §3.3)", () => {
  const spec: SwarmSpec = { Name: "default", Labels: {} };

  type Case = [label: string, status: number, message: string, code: EngineErrorCode];
  const swarmUpdateCases: Case[] = [
    ["stale version", 500, "rpc error: code = Unknown desc = update out of sequence", "OUT_OF_SEQUENCE"],
    [
      "worker node",
      503,
      "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
      "NOT_A_MANAGER",
    ],
    [
      "manager being prepared",
      503,
      "This node is not a swarm manager. Manager is being prepared or has trouble connecting to the cluster.",
      "NOT_A_MANAGER",
    ],
    [
      "no swarm at all",
      503,
      'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
      "NOT_IN_SWARM",
    ],
    [
      "locked",
      503,
      'Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker swarm unlock" to unlock it.',
      "LOCKED",
    ],
    ["bad spec name", 400, 'swarm spec must be named "default"', "INVALID_ARGUMENT"],
    ["too old client", 400, "client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version", "API_VERSION"],
    ["too new client", 400, "client version 1.45 is too new. Maximum supported API version is 1.41", "API_VERSION"],
    ["certificates expired", 503, "Swarm certificates have expired. To replace them, leave the swarm and join again.", "ENGINE_ERROR"],
  ];

  it.each(swarmUpdateCases)("POST /swarm/update, %s → %s", async (_label, status, message, code) => {
    pool.intercept({ path: "/v1.41/swarm/update?version=3", method: "POST" }).reply(status, { message });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.update(3, spec));
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.engineMessage).toBe(message);
    expect(err.request).toBe("POST /v1.41/swarm/update?version=3");
    expect(err.host).toBe("unix:///fake.sock");
    expect(err.message).toContain(message);
    expect(err.message).toContain("POST /v1.41/swarm/update?version=3");
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it("a negotiated version appears in the request line too", async () => {
    ping("1.41");
    pool.intercept({ path: "/v1.41/swarm/update?version=3", method: "POST" }).reply(500, {
      message: "rpc error: code = Unknown desc = update out of sequence",
    });
    const err = await failure(engine().swarm.update(3, spec));
    expect(err.code).toBe("OUT_OF_SEQUENCE");
    expect(err.request).toBe("POST /v1.41/swarm/update?version=3");
  });

  it("init on an engine already in a swarm (503) → ALREADY_IN_SWARM", async () => {
    const message = 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
    pool.intercept({ path: "/v1.41/swarm/init", method: "POST" }).reply(503, { message });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.init({ ListenAddr: "0.0.0.0:2377", Spec: {} }));
    expect(err).toMatchObject({ code: "ALREADY_IN_SWARM", status: 503, engineMessage: message, request: "POST /v1.41/swarm/init" });
  });

  it("leave when not in a swarm (503) → NOT_IN_SWARM", async () => {
    pool.intercept({ path: "/v1.41/swarm/leave?force=true", method: "POST" }).reply(503, { message: "This node is not part of a swarm" });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.leave(true));
    expect(err).toMatchObject({ code: "NOT_IN_SWARM", status: 503, request: "POST /v1.41/swarm/leave?force=true" });
  });

  it("unlock when not locked (409) → NOT_LOCKED", async () => {
    pool.intercept({ path: "/v1.41/swarm/unlock", method: "POST" }).reply(409, { message: "swarm is not locked" });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.unlock("SWMKEY-1-abc"));
    expect(err).toMatchObject({ code: "NOT_LOCKED", status: 409 });
  });

  it("404 service not found → NOT_FOUND", async () => {
    pool.intercept({ path: "/v1.41/services/web", method: "GET" }).reply(404, { message: "service web not found" });
    const err = await failure(engine({ apiVersion: "1.41" }).services.inspect("web"));
    expect(err).toMatchObject({ code: "NOT_FOUND", status: 404, engineMessage: "service web not found", request: "GET /v1.41/services/web" });
  });

  it("400 ambiguous prefix → INVALID_ARGUMENT", async () => {
    pool.intercept({ path: "/v1.41/nodes/ab", method: "GET" }).reply(400, { message: "node ab is ambiguous (2 matches found)" });
    const err = await failure(engine({ apiVersion: "1.41" }).nodes.inspect("ab"));
    expect(err).toMatchObject({ code: "INVALID_ARGUMENT", status: 400, request: "GET /v1.41/nodes/ab" });
  });

  it("409 name conflict → CONFLICT", async () => {
    const message = "rpc error: code = AlreadyExists desc = name conflicts with an existing object: service web already exists";
    pool.intercept({ path: "/v1.41/services/create", method: "POST" }).reply(409, { message });
    const err = await failure(engine({ apiVersion: "1.41" }).services.create({ Name: "web", TaskTemplate: {} }));
    expect(err).toMatchObject({ code: "CONFLICT", status: 409, engineMessage: message, request: "POST /v1.41/services/create" });
  });

  it("401 wrong unlock key → UNAUTHORIZED", async () => {
    pool.intercept({ path: "/v1.41/swarm/unlock", method: "POST" }).reply(401, { message: "swarm could not be unlocked: invalid key provided" });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.unlock("SWMKEY-1-wrong"));
    expect(err).toMatchObject({ code: "UNAUTHORIZED", status: 401, request: "POST /v1.41/swarm/unlock" });
  });

  it("501 mode change → NOT_IMPLEMENTED", async () => {
    pool.intercept({ path: "/v1.41/services/abc/update?version=7", method: "POST" }).reply(501, { message: "service mode change is not allowed" });
    const err = await failure(engine({ apiVersion: "1.41" }).services.update("abc", 7, { TaskTemplate: {} }));
    expect(err).toMatchObject({
      code: "NOT_IMPLEMENTED",
      status: 501,
      engineMessage: "service mode change is not allowed",
      request: "POST /v1.41/services/abc/update?version=7",
    });
  });

  it("an unclassified 500 → ENGINE_ERROR", async () => {
    pool.intercept({ path: "/v1.41/services/create", method: "POST" }).reply(500, { message: "network backend not found" });
    const err = await failure(engine({ apiVersion: "1.41" }).services.create({ TaskTemplate: {} }));
    expect(err).toMatchObject({ code: "ENGINE_ERROR", status: 500, engineMessage: "network backend not found" });
  });

  it("a non-JSON error body is used as the engine message", async () => {
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(502, "Bad Gateway\n", { headers: { "content-type": "text/plain" } });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.inspect());
    expect(err).toMatchObject({ code: "ENGINE_ERROR", status: 502, engineMessage: "Bad Gateway", request: "GET /v1.41/swarm" });
  });

  it("a plain-text 404 (unknown route) still maps to NOT_FOUND", async () => {
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(404, "404 page not found\n");
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.inspect());
    expect(err).toMatchObject({ code: "NOT_FOUND", engineMessage: "404 page not found" });
  });

  it("an empty error body says so", async () => {
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(500, "");
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.inspect());
    expect(err).toMatchObject({ code: "ENGINE_ERROR", status: 500, engineMessage: "(empty response)" });
  });

  it("connection refused → UNREACHABLE naming the transport's code", async () => {
    pool
      .intercept({ path: "/v1.41/info", method: "GET" })
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED /fake.sock"), { code: "ECONNREFUSED" }));
    const err = await failure(engine({ apiVersion: "1.41" }).system.info());
    expect(err.code).toBe("UNREACHABLE");
    expect(err.status).toBeUndefined();
    expect(err.request).toBe("GET /v1.41/info");
    expect(err.engineMessage).toContain("ECONNREFUSED");
    expect(err.message).toContain("unix:///fake.sock");
  });

  it("a reply slower than requestTimeoutMs → TIMEOUT", async () => {
    pool.intercept({ path: "/v1.41/info", method: "GET" }).reply(200, { Swarm: {} }).delay(400);
    const started = Date.now();
    const err = await failure(engine({ apiVersion: "1.41", requestTimeoutMs: 40 }).system.info());
    expect(Date.now() - started).toBeLessThan(350);
    expect(err.code).toBe("TIMEOUT");
    expect(err.request).toBe("GET /v1.41/info");
    expect(err.engineMessage).toContain("40 ms");
  });
});

// ─── secrets never surface ───────────────────────────────────────────────────

describe("redaction of secrets in errors", () => {
  const token = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx";
  const tokenBody = "3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl";
  const unlockKey = "SWMKEY-1-7c7fnHdxk3SRbc6Ig2XQmgFJtKeGCcH+eQKc1/lP0Dg=";
  const unlockBody = "7c7fnHdxk3SRbc6Ig2XQmgFJtKeGCcH+eQKc1/lP0Dg=";

  it("a join token in the engine's message is redacted in .message and .engineMessage", async () => {
    pool.intercept({ path: "/v1.41/swarm/join", method: "POST" }).reply(400, { message: `invalid join token ${token}: token rejected` });
    const err = await failure(
      engine({ apiVersion: "1.41" }).swarm.join({ ListenAddr: "0.0.0.0:2377", RemoteAddrs: ["10.0.0.1:2377"], JoinToken: token }),
    );
    expect(err.code).toBe("INVALID_ARGUMENT");
    for (const text of [err.message, err.engineMessage, JSON.stringify(err)]) {
      expect(text).not.toContain(tokenBody);
    }
    expect(err.engineMessage).toBe("invalid join token SWMTKN-1-[redacted]: token rejected");
    expect(err.message).toContain("SWMTKN-1-[redacted]");
  });

  it("an unlock key in the engine's message is redacted in .message and .engineMessage", async () => {
    pool.intercept({ path: "/v1.41/swarm/unlock", method: "POST" }).reply(401, {
      message: `swarm could not be unlocked: invalid key provided (${unlockKey})`,
    });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.unlock(unlockKey));
    expect(err.code).toBe("UNAUTHORIZED");
    for (const text of [err.message, err.engineMessage, JSON.stringify(err)]) {
      expect(text).not.toContain(unlockBody);
      expect(text).not.toContain("eQKc1");
    }
    expect(err.engineMessage).toContain("SWMKEY-1-[redacted]");
  });

  it("a PEM private key in a message is redacted", async () => {
    const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBsecretsecretsecret\n-----END EC PRIVATE KEY-----";
    pool.intercept({ path: "/v1.41/swarm/update?version=1", method: "POST" }).reply(400, { message: `invalid signing key ${pem}` });
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.update(1, {}));
    expect(err.message).not.toContain("secretsecret");
    expect(err.engineMessage).toBe("invalid signing key [redacted private key]");
  });

  it("a transport error quoting a secret is redacted too", async () => {
    pool.intercept({ path: "/v1.41/swarm/join", method: "POST" }).replyWithError(new Error(`socket closed while sending ${token}`));
    const err = await failure(
      engine({ apiVersion: "1.41" }).swarm.join({ ListenAddr: "0.0.0.0:2377", RemoteAddrs: ["10.0.0.1:2377"], JoinToken: token }),
    );
    expect(err.code).toBe("UNREACHABLE");
    expect(err.message).not.toContain(tokenBody);
    expect(err.engineMessage).not.toContain(tokenBody);
  });

  it("the request line never carries the body (join token, unlock key)", async () => {
    pool.intercept({ path: "/v1.41/swarm/join", method: "POST" }).reply(500, { message: "boom" });
    const err = await failure(
      engine({ apiVersion: "1.41" }).swarm.join({ ListenAddr: "0.0.0.0:2377", RemoteAddrs: ["10.0.0.1:2377"], JoinToken: token }),
    );
    expect(err.request).toBe("POST /v1.41/swarm/join");
    expect(err.message).not.toContain("SWMTKN");
  });
});

// ─── response validation ─────────────────────────────────────────────────────

describe("zod response validation", () => {
  it("a wrong field type → INVALID_RESPONSE naming the field path", async () => {
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(200, swarmBody({ Version: { Index: "ten" } }));
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.inspect());
    expect(err.code).toBe("INVALID_RESPONSE");
    expect(err.status).toBe(200);
    expect(err.request).toBe("GET /v1.41/swarm");
    expect(err.engineMessage).toMatch(/^Version\.Index: /);
  });

  it("a missing required field deep inside → its dot path", async () => {
    const body = swarmBody();
    body.JoinTokens = { Manager: "SWMTKN-1-x-y" };
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(200, body);
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.inspect());
    expect(err.code).toBe("INVALID_RESPONSE");
    expect(err.engineMessage).toMatch(/^JoinTokens\.Worker: /);
  });

  it("a bad element of a list names its index", async () => {
    const node = {
      ID: "n1",
      Version: { Index: 1 },
      Spec: { Role: "manager", Availability: "active" },
      Status: { State: "ready" },
    };
    pool.intercept({ path: "/v1.41/nodes", method: "GET" }).reply(200, [node, { ...node, ID: 42 }]);
    const err = await failure(engine({ apiVersion: "1.41" }).nodes.list());
    expect(err.code).toBe("INVALID_RESPONSE");
    expect(err.engineMessage).toMatch(/^1\.ID: /);
  });

  it("a root of the wrong type → (root)", async () => {
    pool.intercept({ path: "/v1.41/nodes", method: "GET" }).reply(200, { message: "not a list" });
    const err = await failure(engine({ apiVersion: "1.41" }).nodes.list());
    expect(err.code).toBe("INVALID_RESPONSE");
    expect(err.engineMessage).toMatch(/^\(root\): /);
  });

  it("a 200 whose body is not JSON → INVALID_RESPONSE", async () => {
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(200, "<html>proxy</html>");
    const err = await failure(engine({ apiVersion: "1.41" }).swarm.inspect());
    expect(err).toMatchObject({ code: "INVALID_RESPONSE", engineMessage: "the body is not JSON", request: "GET /v1.41/swarm" });
  });

  it("tolerates (and keeps) unknown extra fields from newer engines, and nulls", async () => {
    const body = swarmBody({ FutureTopLevel: { a: 1 } });
    (body.Spec as Record<string, unknown>).Raft = {
      SnapshotInterval: 10000,
      KeepOldSnapshots: 0,
      LogEntriesForSlowFollowers: 500,
      ElectionTick: 10,
      HeartbeatTick: 1,
      FutureRaftKnob: true,
    };
    (body.Spec as Record<string, unknown>).CAConfig = { NodeCertExpiry: 7776000000000000, ExternalCAs: null };
    pool.intercept({ path: "/v1.41/swarm", method: "GET" }).reply(200, body);
    const s = (await engine({ apiVersion: "1.41" }).swarm.inspect()) as Record<string, unknown> & { Spec: SwarmSpec };
    expect(s.ID).toBe("q2dwxa0y3ybfbo4sgiuxhqkqi");
    expect(s.FutureTopLevel).toEqual({ a: 1 });
    expect((s.Spec.Raft as Record<string, unknown>).FutureRaftKnob).toBe(true);
    expect(s.Spec.CAConfig?.ExternalCAs).toBeNull();
  });

  it("accepts an unknown enum value from a future engine", async () => {
    pool.intercept({ path: "/v1.41/tasks/t1", method: "GET" }).reply(200, {
      ID: "t1",
      ServiceID: "s1",
      Status: { State: "hibernating" },
    });
    const t = await engine({ apiVersion: "1.41" }).tasks.inspect("t1");
    expect(t.Status.State).toBe("hibernating");
  });

  it("init answers a JSON string, parsed as the node ID", async () => {
    pool.intercept({ path: "/v1.41/swarm/init", method: "POST" }).reply(200, '"7v2t1dq4w5l1c9lwtsbfqcnhb"\n');
    await expect(engine({ apiVersion: "1.41" }).swarm.init({ ListenAddr: "0.0.0.0:2377", Spec: {} })).resolves.toBe(
      "7v2t1dq4w5l1c9lwtsbfqcnhb",
    );
  });
});

// ─── request encoding ────────────────────────────────────────────────────────

describe("request encoding", () => {
  it("filters are URL-encoded JSON", async () => {
    const seen: Captured[] = [];
    capture("GET", "/v1.41/nodes", 200, [], seen);
    await engine({ apiVersion: "1.41" }).nodes.list({ role: ["manager"], "node.label": ["zone=eu west"] });
    expect(seen).toHaveLength(1);
    const [pathname, search] = seen[0].path.split("?");
    expect(pathname).toBe("/v1.41/nodes");
    expect(search).toBe(`filters=${encodeURIComponent(JSON.stringify({ role: ["manager"], "node.label": ["zone=eu west"] }))}`);
    // Decodes back to exactly the JSON the engine expects.
    expect(JSON.parse(new URLSearchParams(search).get("filters")!)).toEqual({ role: ["manager"], "node.label": ["zone=eu west"] });
    expect(search).not.toMatch(/[{}"[\] ]/);
  });

  it("empty filters are not sent at all", async () => {
    const seen: Captured[] = [];
    capture("GET", "/v1.41/services", 200, [], seen);
    capture("GET", "/v1.41/tasks", 200, [], seen);
    await engine({ apiVersion: "1.41" }).services.list({ name: [] });
    await engine({ apiVersion: "1.41" }).tasks.list({});
    expect(seen.map((s) => s.path)).toEqual(["/v1.41/services", "/v1.41/tasks"]);
  });

  it("booleans are sent as true/false, and false flags that mean 'off' are omitted", async () => {
    const seen: Captured[] = [];
    capture("DELETE", "/v1.41/nodes/n1", 200, "", seen);
    capture("DELETE", "/v1.41/nodes/n2", 200, "", seen);
    capture("GET", "/v1.41/services", 200, [], seen);
    capture("GET", "/v1.41/services", 200, [], seen);
    capture("POST", "/v1.41/swarm/update", 200, "", seen);
    const e = engine({ apiVersion: "1.41" });
    await e.nodes.remove("n1", true);
    await e.nodes.remove("n2", false);
    await e.services.list(undefined, true);
    await e.services.list();
    await e.swarm.update(12, { Name: "default" }, { rotateWorkerToken: true, rotateManagerToken: false });
    expect(seen.map((s) => s.path)).toEqual([
      "/v1.41/nodes/n1?force=true",
      "/v1.41/nodes/n2?force=false",
      "/v1.41/services?status=true",
      "/v1.41/services",
      "/v1.41/swarm/update?version=12&rotateWorkerToken=true",
    ]);
  });

  it("a JSON body is sent with content-type application/json", async () => {
    const seen: Captured[] = [];
    capture("POST", "/v1.41/swarm/update", 200, "", seen);
    await engine({ apiVersion: "1.41" }).swarm.update(4, { Name: "default", Labels: { a: "1" } });
    const headers = seen[0].headers as Record<string, string>;
    expect(headers["content-type"]).toBe("application/json");
    expect(JSON.parse(String(seen[0].body))).toEqual({ Name: "default", Labels: { a: "1" } });
  });

  it("path segments are escaped", async () => {
    const seen: Captured[] = [];
    capture("GET", "/v1.41/services/", 404, { message: "service a/b not found" }, seen);
    const err = await failure(engine({ apiVersion: "1.41" }).services.inspect("a/b?x"));
    expect(seen[0].path).toBe("/v1.41/services/a%2Fb%3Fx");
    expect(err.code).toBe("NOT_FOUND");
  });

  it("encodeQuery skips undefined and encodes keys and values", () => {
    expect(encodeQuery(undefined)).toBe("");
    expect(encodeQuery({ a: undefined })).toBe("");
    expect(encodeQuery({ version: 3, force: false, tail: "all", "a b": "c&d" })).toBe("?version=3&force=false&tail=all&a%20b=c%26d");
  });
});

describe("X-Registry-Auth", () => {
  // Chosen so that standard base64 would contain '+', '/' or '=' and base64url must differ.
  const auth = { username: "deploy", password: "p>?~s3cr3t!!", serveraddress: "registry.example.com" };
  const json = JSON.stringify(auth);

  // base64url with padding (Go's base64.URLEncoding, as the docker CLI encodes it): swarm agents drop unpadded credentials.
  const padded = (text: string) => {
    const b = Buffer.from(text).toString("base64url");
    return b + "=".repeat((4 - (b.length % 4)) % 4);
  };

  it("is padded base64url of the JSON credentials", async () => {
    expect(Buffer.from(json).toString("base64")).toMatch(/[+/=]/); // the test discriminates base64 from base64url
    expect(Buffer.from(json).toString("base64url").length % 4).not.toBe(0); // … and padded from unpadded
    const seen: Captured[] = [];
    capture("POST", "/v1.41/services/create", 201, { ID: "svc1", Warnings: null }, seen);
    const res = await engine({ apiVersion: "1.41" }).services.create({ Name: "web", TaskTemplate: {} }, auth);
    expect(res).toEqual({ id: "svc1", warnings: [] });
    const header = (seen[0].headers as Record<string, string>)["x-registry-auth"];
    expect(header).toBe(padded(json));
    expect(header).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(header.length % 4).toBe(0);
    expect(JSON.parse(Buffer.from(header, "base64url").toString("utf8"))).toEqual(auth);
  });

  it("never appears in an error, and the password neither", async () => {
    const header = padded(json);
    pool.intercept({ path: "/v1.41/services/abc/update?version=2", method: "POST" }).reply(500, {
      message: "rpc error: code = Unknown desc = update out of sequence",
    });
    const err = await failure(engine({ apiVersion: "1.41" }).services.update("abc", 2, { TaskTemplate: {} }, { registryAuth: auth }));
    expect(err.code).toBe("OUT_OF_SEQUENCE");
    for (const text of [err.message, err.engineMessage, err.request ?? "", JSON.stringify(err)]) {
      expect(text).not.toContain(header);
      expect(text).not.toContain(auth.password);
    }
  });

  it("registryAuthFrom is only sent without explicit credentials", async () => {
    const seen: Captured[] = [];
    capture("POST", "/v1.41/services/abc/update", 200, { Warnings: ["image could not be accessed"] }, seen);
    capture("POST", "/v1.41/services/abc/update", 200, "", seen);
    const e = engine({ apiVersion: "1.41" });
    expect(await e.services.update("abc", 2, { TaskTemplate: {} }, { registryAuthFrom: "previous-spec" })).toEqual([
      "image could not be accessed",
    ]);
    expect(await e.services.update("abc", 3, { TaskTemplate: {} }, { registryAuth: auth, registryAuthFrom: "spec", rollback: true })).toEqual(
      [],
    );
    expect(seen[0].path).toBe("/v1.41/services/abc/update?version=2&registryAuthFrom=previous-spec");
    expect((seen[0].headers as Record<string, string>)["x-registry-auth"]).toBeUndefined();
    expect(seen[1].path).toBe("/v1.41/services/abc/update?version=3&rollback=previous");
    expect((seen[1].headers as Record<string, string>)["x-registry-auth"]).toBe(padded(json));
  });
});
