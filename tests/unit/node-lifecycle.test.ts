/**
 * The node spec write (provider/node/lifecycle.ts applySpec) against undici's MockAgent: a version
 * race with another writer ("update out of sequence") is retried on a fresh read, so the other
 * writer's change is kept and ours still lands; a demotion that would break quorum is refused before
 * anything is written.
 */
import { MockAgent } from "undici";
import { DockerEngine } from "../../provider/engine";
import { nodeInputs } from "../../provider/node/args";
import { applySpec } from "../../provider/node/writes";

const ORIGIN = "http://localhost";
const API = "/v1.45";

let agent: MockAgent;
let pool: ReturnType<MockAgent["get"]>;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  pool = agent.get(ORIGIN);
  pool.intercept({ path: "/_ping", method: "HEAD" }).reply(200, "", { headers: { "Api-Version": "1.45" } });
});

afterEach(async () => {
  await agent.close();
});

const manager = () => new DockerEngine({ host: "unix:///fake.sock" }, { origin: ORIGIN, dispatcher: agent });

function node(version: number, spec: Record<string, unknown>, managerStatus?: Record<string, unknown>) {
  return {
    ID: "n1",
    Version: { Index: version },
    Spec: { Role: "worker", Availability: "active", ...spec },
    Status: { State: "ready", Addr: "10.0.0.12" },
    ...(managerStatus ? { ManagerStatus: managerStatus } : {}),
  };
}

interface Write {
  path: string;
  body: Record<string, unknown>;
}

const inputs = (over: Record<string, unknown>) => nodeInputs.parse({ manager: {}, nodeId: "n1", ...over });

describe("applySpec", () => {
  it("retries an out-of-sequence update with a fresh read, keeping the other writer's change", async () => {
    // First read: version 10. Another writer then adds a label (version 11), so our write is refused.
    pool.intercept({ path: `${API}/nodes/n1`, method: "GET" }).reply(200, node(10, { Labels: { zone: "a" } }));
    pool.intercept({ path: `${API}/nodes/n1`, method: "GET" }).reply(200, node(11, { Labels: { zone: "a", other: "x" } }));
    const writes: Write[] = [];
    const answers = [
      { statusCode: 500, data: { message: "rpc error: code = Unknown desc = update out of sequence" } },
      { statusCode: 200, data: "" },
    ];
    pool
      .intercept({ path: (p: string) => p.startsWith(`${API}/nodes/n1/update`), method: "POST" })
      .reply((opts) => {
        writes.push({ path: opts.path, body: JSON.parse(String(opts.body)) });
        return answers[writes.length - 1] as { statusCode: number; data: object };
      })
      .times(2);
    const log: string[] = [];

    await applySpec(manager(), "n1", inputs({ labelsMode: "merge", labels: { zone: "b" }, availability: "drain" }), ["zone"], (m) => log.push(m));

    expect(writes.map((w) => w.path)).toEqual([`${API}/nodes/n1/update?version=10`, `${API}/nodes/n1/update?version=11`]);
    expect(writes[1].body).toEqual({ Role: "worker", Availability: "drain", Labels: { other: "x", zone: "b" } });
    expect(log.join("\n")).toContain("update out of sequence");
  });

  it("writes nothing when the node already has every declared setting", async () => {
    pool.intercept({ path: `${API}/nodes/n1`, method: "GET" }).reply(200, node(10, { Labels: { zone: "a" } }));
    // No POST intercept: a write would fail with a MockNotMatchedError.
    await applySpec(manager(), "n1", inputs({ labels: { zone: "a" }, availability: "active" }), [], () => undefined);
  });

  it("refuses a demotion that would break quorum, without writing", async () => {
    const member = (id: string, reachability: string) => ({ ...node(5, { Role: "manager" }, { Reachability: reachability }), ID: id });
    pool.intercept({ path: `${API}/nodes/n1`, method: "GET" }).reply(200, node(10, { Role: "manager" }, { Reachability: "reachable" }));
    pool
      .intercept({ path: (p: string) => p.startsWith(`${API}/nodes?`) || p === `${API}/nodes`, method: "GET" })
      .reply(200, [member("n0", "reachable"), member("n1", "reachable"), member("n2", "unreachable")]);
    await expect(applySpec(manager(), "n1", inputs({ role: "worker" }), [], () => undefined)).rejects.toThrow(
      "refusing to take manager n1 out of the raft: it would break quorum. The swarm has 3 managers, 2 reachable",
    );
  });

  it("says plainly when the managers themselves refuse a demotion for quorum", async () => {
    pool.intercept({ path: `${API}/nodes/n1`, method: "GET" }).reply(200, node(10, { Role: "manager" }, { Reachability: "reachable" }));
    pool
      .intercept({ path: (p: string) => p.startsWith(`${API}/nodes?`) || p === `${API}/nodes`, method: "GET" })
      .reply(200, [node(1, {}, { Reachability: "reachable" }), { ...node(1, {}, { Reachability: "reachable" }), ID: "n0" }]);
    pool
      .intercept({ path: (p: string) => p.startsWith(`${API}/nodes/n1/update`), method: "POST" })
      .reply(400, { message: "rpc error: code = FailedPrecondition desc = can't remove member from the raft: this would result in a loss of quorum" });
    await expect(applySpec(manager(), "n1", inputs({ role: "worker" }), [], () => undefined)).rejects.toThrow(
      /the managers refused to demote node n1, because it would break quorum: .*loss of quorum/,
    );
  });
});
