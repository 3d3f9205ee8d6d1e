/**
 * An engine that must never be reached: an HTTP server on a unix socket in a temp folder that answers
 * nothing useful and records every request. Pointing DOCKER_HOST at it proves that an operation did
 * not fall back to the environment (no request ever arrives), without any address off the machine.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";

export interface Trap {
  host: string;
  requests: string[];
  close(): Promise<void>;
}

export async function openTrap(): Promise<Trap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-trap-"));
  const socket = path.join(dir, "docker.sock");
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "trap: this engine must never be reached" }));
  });
  await new Promise<void>((r) => server.listen(socket, () => r()));
  return {
    host: `unix://${socket}`,
    requests,
    close: () =>
      new Promise<void>((r) =>
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          r();
        }),
      ),
  };
}
