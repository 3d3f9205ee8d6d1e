/**
 * Transient failures on the wire: reads (GET, HEAD) are asked again when the connection is refused or
 * reset, or when the managers answer "no leader" during an election; writes never are. Driven by a
 * real HTTP server on a unix socket in a temp folder (no network), which misbehaves on purpose.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { DockerEngine, closeAllTransports } from "../../provider/engine";
import { isEngineError } from "../../provider/engine/errors";

let dir: string;
let server: http.Server | undefined;
const sock = () => path.join(dir, "engine.sock");

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-transient-"));
});
afterEach(async () => {
  await closeAllTransports();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Serves /_ping, and hands every other request to `handle` with its running count. */
function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<void> {
  let n = 0;
  server = http.createServer((req, res) => {
    if (req.url === "/_ping") {
      res.writeHead(200, { "Api-Version": "1.45" });
      return res.end("OK");
    }
    n += 1;
    handle(req, res, n);
  });
  return new Promise((r) => server!.listen(sock(), () => r()));
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const INFO = { ID: "E1", Swarm: { LocalNodeState: "inactive" } };

it("a read whose connection is reset is sent again, and succeeds", async () => {
  await serve((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, INFO)));
  const engine = new DockerEngine({ host: `unix://${sock()}` });
  await expect(engine.system.info()).resolves.toMatchObject({ ID: "E1" });
});

it("a write whose connection is reset is not sent again (its first attempt may have landed)", async () => {
  let writes = 0;
  await serve((req, res) => {
    if (req.method === "POST") {
      writes += 1;
      return req.socket.destroy();
    }
    json(res, 200, INFO);
  });
  const engine = new DockerEngine({ host: `unix://${sock()}` });
  const e = await engine.swarm.leave(true).catch((x) => x);
  expect(isEngineError(e, "UNREACHABLE")).toBe(true);
  expect(writes).toBe(1);
});

it("an engine whose socket is gone (stopped) → UNREACHABLE after a few quick attempts", async () => {
  const engine = new DockerEngine({ host: `unix://${path.join(dir, "missing.sock")}` });
  const start = Date.now();
  const e = await engine.system.info().catch((x) => x);
  expect(isEngineError(e, "UNREACHABLE")).toBe(true);
  expect(Date.now() - start).toBeLessThan(10_000);
});

it('a read answered "no leader" during an election is asked again until the leader is back', async () => {
  await serve((_req, res, n) =>
    n <= 2 ? json(res, 503, { message: "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online." }) : json(res, 200, INFO),
  );
  const engine = new DockerEngine({ host: `unix://${sock()}` });
  await expect(engine.system.info()).resolves.toMatchObject({ ID: "E1" });
});

it('a write answered "no leader" is not repeated by the client', async () => {
  let writes = 0;
  await serve((_req, res) => {
    writes += 1;
    json(res, 503, { message: "The swarm does not have a leader." });
  });
  const engine = new DockerEngine({ host: `unix://${sock()}` });
  const e = await engine.swarm.leave(true).catch((x) => x);
  expect(isEngineError(e, "NO_LEADER")).toBe(true);
  expect(writes).toBe(1);
});

it('"not a manager" and "locked" are answers, not faults: never repeated', async () => {
  let reads = 0;
  await serve((_req, res) => {
    reads += 1;
    json(res, 503, { message: "Swarm is encrypted and needs to be unlocked before it can be used." });
  });
  const engine = new DockerEngine({ host: `unix://${sock()}` });
  const e = await engine.swarm.inspect().catch((x) => x);
  expect(isEngineError(e, "LOCKED")).toBe(true);
  expect(reads).toBe(1);
});
