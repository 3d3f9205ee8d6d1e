/**
 * The lifecycle kit every resource goes through (provider/common): partial failures that keep a made
 * object in state, lenient reads of state, the tolerant poll, reaching an existing resource's engine
 * from state and never from the environment, and proving it is the same engine or swarm.
 */
import * as os from "node:os";
import { MockAgent } from "undici";
import { DockerEngine } from "../../provider/engine";
import {
  connectionFromState,
  recordFromState,
  recordOf,
  settingsForCreate,
  settingsForExisting,
  verifySameEngine,
  verifySwarmManager,
} from "../../provider/common/connection";
import { isProviderError } from "../../provider/common/errors";
import { inputsFromState, keepTrack, PartialFailure, withProvider } from "../../provider/common/lifecycle";
import { poll, pollOrThrow, type Clock } from "../../provider/common/poll";
import { joinSecretSpec, scrubStrings, secretStrings, splitSecretSpec } from "../../provider/common/secrets";
import { InfoSchema } from "../../provider/engine/schemas";
import { serviceInputsBase } from "../../provider/service/args";

function fakeClock(): Clock & { t: number } {
  const c = { t: 0, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
  return c;
}

describe("PartialFailure and keepTrack", () => {
  it("carries exactly what Pulumi's dynamic provider host reads: id, properties, reasons", () => {
    const e = new PartialFailure("service web was created but did not converge", "svc1", { serviceId: "svc1" });
    expect(e.id).toBe("svc1");
    expect(e.properties).toEqual({ serviceId: "svc1" });
    expect(e.reasons).toEqual(["service web was created but did not converge"]);
  });

  it("redacts secrets from the message", () => {
    expect(new PartialFailure("token SWMTKN-1-abc-def leaked", "x", {}).message).toBe("token SWMTKN-1-[redacted] leaked");
  });

  it("a failure after the object was made → partial failure with its ID, read-back properties and the provider", async () => {
    const news = { __provider: "exports.handler = …", image: "x" };
    const err = await keepTrack("svc1", news, () => Promise.reject(new Error("engine restarted")), async () => ({ serviceId: "svc1", spec: {} }), () => ({ serviceId: "svc1" })).catch((e) => e);
    expect(err).toBeInstanceOf(PartialFailure);
    expect(err).toMatchObject({ id: "svc1", message: "engine restarted", properties: { serviceId: "svc1", spec: {}, __provider: "exports.handler = …" } });
  });

  it("when reading back fails too → the fallback properties, still with the ID and the provider", async () => {
    const err = await keepTrack("n1", { __provider: "p" }, () => Promise.reject(new Error("boom")), () => Promise.reject(new Error("down")), () => ({ nodeId: "n1" })).catch((e) => e);
    expect(err).toMatchObject({ id: "n1", properties: { nodeId: "n1", __provider: "p" } });
  });

  it("a partial failure from inside keeps its own properties and gains the provider", async () => {
    const inner = new PartialFailure("did not converge", "svc1", { serviceId: "svc1", runningTasks: 1 });
    const err = await keepTrack("svc1", { __provider: "p" }, () => Promise.reject(inner), async () => ({}), () => ({})).catch((e) => e);
    expect(err.properties).toEqual({ serviceId: "svc1", runningTasks: 1, __provider: "p" });
  });

  it("success passes through untouched", async () => {
    await expect(keepTrack("a", {}, async () => 42, async () => ({}), () => ({}))).resolves.toBe(42);
  });

  it("withProvider adds nothing when there is no provider", () => {
    expect(withProvider({ a: 1 }, {})).toEqual({ a: 1 });
  });
});

describe("inputsFromState (lenient)", () => {
  it("one field this version rejects does not lose the others", () => {
    const props = { image: "busybox", replicas: 3, connection: { host: "unix:///x.sock", futureOption: ["-v"] }, mode: "replicated", futureField: 1 };
    const inputs = inputsFromState(serviceInputsBase, props);
    expect(inputs.image).toBe("busybox");
    expect(inputs.replicas).toBe(3);
    // The strict connection schema would reject the unknown field: the connection is read leniently instead.
    expect(inputs.connection).toEqual({ host: "unix:///x.sock", futureOption: ["-v"] });
    expect(inputs.connection).toEqual(connectionFromState(props.connection));
  });

  it("an unreadable connection is no connection, never an error", () => {
    expect(connectionFromState("tcp://x")).toBeUndefined();
    expect(connectionFromState({ host: 42, tls: "yes" })).toEqual({ host: undefined, tls: undefined });
  });
});

describe("poll", () => {
  it("errors are what the wait saw: said once, then it goes on until done", async () => {
    const lines: string[] = [];
    let n = 0;
    const v = await pollOrThrow({
      what: "the thing",
      step: async () => {
        n += 1;
        if (n < 4) throw new Error("ECONNREFUSED");
        return { done: n >= 5, value: n, status: `step ${n}` };
      },
      timeoutMs: 60_000,
      log: (l) => lines.push(l),
      clock: fakeClock(),
    });
    expect(v).toBe(5);
    expect(lines).toEqual(["waiting for the thing: no answer: ECONNREFUSED; still waiting", "the engine answers again (step 4)"]);
  });

  it("a timeout names what was seen last (an error included)", async () => {
    const e: any = await pollOrThrow({ what: "the manager", step: async () => { throw new Error("no leader"); }, timeoutMs: 3000, clock: fakeClock() }).catch((x) => x);
    expect(isProviderError(e, "WAIT_TIMEOUT")).toBe(true);
    expect(e.message).toBe("timed out after 3 s waiting for the manager (last seen: no answer: no leader)");
  });

  it("fatal errors end the wait at once", async () => {
    let n = 0;
    const bad = new Error("invalid argument");
    await expect(poll({ what: "x", step: async () => { n++; throw bad; }, timeoutMs: 60_000, fatal: (e) => e === bad, clock: fakeClock() })).rejects.toBe(bad);
    expect(n).toBe(1);
  });

  it("backs off while nothing changes, and prints a progress line at most every progressEveryMs", async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const r = await poll({ what: "x", step: async () => ({ done: false, status: "same" }), timeoutMs: 10_000, intervalMs: 100, maxIntervalMs: 1600, progressEveryMs: 4000, log: (l) => lines.push(l), clock });
    expect(r.ok).toBe(false);
    // 100, 200, 400, 800, 1600, 1600, … : far fewer than 100 steps in 10 s.
    expect(clock.t).toBeGreaterThanOrEqual(10_000);
    expect(lines.length).toBeLessThanOrEqual(3);
  });
});

describe("which engine: settings", () => {
  // DOCKER_CERT_PATH must be a folder (any will do here: nothing is read).
  const certs = os.tmpdir();
  const env = { DOCKER_HOST: "tcp://10.9.9.9:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs, DOCKER_API_VERSION: "1.41" };

  it("at create, the environment completes an absent host, as the docker CLI does, and says so explicitly", () => {
    expect(settingsForCreate(undefined, env)).toEqual({ host: "tcp://10.9.9.9:2376", tls: { certPath: certs, verify: true }, apiVersion: "1.41", requestTimeoutMs: undefined });
    expect(settingsForCreate(undefined, {}).host).toBe("unix:///var/run/docker.sock");
    expect(settingsForCreate({ host: "unix:///a.sock" }, env)).toEqual({ host: "unix:///a.sock", tls: undefined, apiVersion: undefined, requestTimeoutMs: undefined });
  });

  it("for an existing resource, the record fills in, never the environment", () => {
    const record = { host: "tcp://10.0.0.11:2376", id: "E1", tls: { certPath: "/bed/tls", verify: true } };
    process.env.DOCKER_HOST = "unix:///elsewhere.sock";
    try {
      expect(settingsForExisting(undefined, record, "service web")).toMatchObject({ host: "tcp://10.0.0.11:2376", tls: { certPath: "/bed/tls", verify: true } });
      // A declared host wins; the TLS recorded for another host does not follow it.
      expect(settingsForExisting({ host: "unix:///a.sock" }, record, "service web")).toMatchObject({ host: "unix:///a.sock", tls: undefined });
      expect(settingsForExisting(undefined, undefined, "service web", "unix:///legacy.sock").host).toBe("unix:///legacy.sock");
    } finally {
      delete process.env.DOCKER_HOST;
    }
  });

  it("nothing recorded and no host declared → a clear error, not DOCKER_HOST", () => {
    process.env.DOCKER_HOST = "unix:///elsewhere.sock";
    try {
      let err: unknown;
      try {
        settingsForExisting(undefined, undefined, "service web");
      } catch (e) {
        err = e;
      }
      expect(isProviderError(err, "NO_ENGINE_RECORDED")).toBe(true);
      expect(String(err)).toContain("the environment (DOCKER_HOST) is never used for an existing resource");
    } finally {
      delete process.env.DOCKER_HOST;
    }
  });

  it("records round-trip through state; an unreadable one is none", () => {
    expect(recordFromState({ host: "unix:///a", id: "E1", swarmId: "S1", extra: 1 })).toMatchObject({ host: "unix:///a", id: "E1", swarmId: "S1" });
    expect(recordFromState({ id: "E1" })).toBeUndefined();
    expect(recordFromState("x")).toBeUndefined();
  });
});

describe("which engine: proofs", () => {
  const ORIGIN = "http://localhost";
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ path: "/_ping", method: "HEAD" }).reply(200, "", { headers: { "Api-Version": "1.45" } });
  });
  afterEach(() => agent.close());
  const engine = () => new DockerEngine({ host: "unix:///fake.sock" }, { origin: ORIGIN, dispatcher: agent });
  const info = (o: { id: string; name?: string; state?: string; cluster?: string; control?: boolean }) => ({
    ID: o.id,
    Name: o.name ?? "node1",
    Swarm: { NodeID: "N1", LocalNodeState: o.state ?? "active", ControlAvailable: o.control ?? true, Cluster: o.cluster ? { ID: o.cluster } : undefined },
  });
  const answer = (body: object) => agent.get(ORIGIN).intercept({ path: "/v1.45/info", method: "GET" }).reply(200, body);

  it("the same engine passes and returns its /info", async () => {
    answer(info({ id: "E1" }));
    await expect(verifySameEngine(engine(), { host: "unix:///fake.sock", id: "E1" }, "swarm S")).resolves.toMatchObject({ ID: "E1" });
  });

  it("another engine at the recorded address → WRONG_ENGINE naming both", async () => {
    answer(info({ id: "E2", name: "other" }));
    const e = await verifySameEngine(engine(), { host: "unix:///fake.sock", id: "E1", name: "node1" }, "swarm S").catch((x) => x);
    expect(isProviderError(e, "WRONG_ENGINE")).toBe(true);
    expect(e.message).toContain('engine "other" (ID E2)');
    expect(e.message).toContain('engine "node1" (ID E1)');
    expect(e.message).toContain("Nothing was changed");
  });

  it("a manager of the recorded swarm passes; another swarm, no swarm, a worker are refused", async () => {
    const e = engine();
    answer(info({ id: "E9", cluster: "S1" }));
    await expect(verifySwarmManager(e, "S1", "service web")).resolves.toMatchObject({ ID: "E9" });
    answer(info({ id: "E9", cluster: "S2" }));
    await expect(verifySwarmManager(e, "S1", "service web")).rejects.toThrow(/manages swarm S2, but this belongs to swarm S1/);
    answer(info({ id: "E9", state: "inactive" }));
    await expect(verifySwarmManager(e, "S1", "service web")).rejects.toThrow(/is in no swarm, but this belongs to swarm S1/);
    answer(info({ id: "E9", control: false }));
    await expect(verifySwarmManager(e, "S1", "service web")).rejects.toThrow(/is not a manager/);
    answer(info({ id: "E9", state: "locked" }));
    await expect(verifySwarmManager(e, "S1", "service web")).rejects.toThrow(/locked swarm manager/);
  });

  it("recordOf keeps TLS settings from the environment, never PEM material", () => {
    const i = InfoSchema.parse(info({ id: "E1", cluster: "S1" }));
    expect(recordOf(engine(), i, { host: "unix:///fake.sock", tls: { certPath: "/c", verify: true } })).toEqual({
      host: "unix:///fake.sock", id: "E1", name: "node1", swarmId: "S1", nodeId: "N1", tls: { certPath: "/c", verify: true },
    });
    expect(recordOf(engine(), i, { host: "unix:///fake.sock", tls: { cert: "PEM", key: "KEY" } }).tls).toBeUndefined();
  });
});

describe("secret inputs nested in larger values", () => {
  it("the read-back parts under secret keys move to secretSpec, and come back together for diff", () => {
    const spec = { image: "x", env: ["A=1", "PASSWORD=hunter2"], labels: { a: "b" } };
    const s = splitSecretSpec(spec, ["env"]);
    expect(s).toEqual({ spec: { image: "x", labels: { a: "b" } }, secretSpec: { env: ["A=1", "PASSWORD=hunter2"] } });
    expect(joinSecretSpec(s.spec, s.secretSpec)).toEqual(spec);
    expect(joinSecretSpec(s.spec, {})).toBe(s.spec);
  });

  it("the strings under secret keys are scrubbed from text, values of KEY=value lists too", () => {
    const secrets = secretStrings({ env: { PASSWORD: "hunter2-long" }, command: ["sh", "-c", "echo $PASSWORD"], args: ["x"] }, ["env", "args"]);
    expect(secrets).toEqual(["hunter2-long"]);
    expect(scrubStrings("login failed for hunter2-long (hunter2-long)", secrets)).toBe("login failed for [secret] ([secret])");
    expect(secretStrings({ env: ["PASSWORD=s3cr3t-value"] }, ["env"])).toEqual(["PASSWORD=s3cr3t-value", "s3cr3t-value"]);
  });
});
