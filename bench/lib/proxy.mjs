// A counting proxy for the docker CLI: listens on a unix socket, forwards every request to the bed's
// engine socket unchanged, and records `METHOD /path` (version prefix and query removed, as the
// provider's PDS_REQUEST_LOG does), so that the CLI's calls can be counted like ours.
import * as fs from "node:fs";
import * as http from "node:http";

export async function countingProxy(listenPath, targetHost) {
  const target = targetHost.slice("unix://".length);
  const requests = [];
  fs.rmSync(listenPath, { force: true });
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url.split("?")[0].replace(/^\/v\d+\.\d+/, "")}`);
    const up = http.request({ socketPath: target, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(listenPath, resolve));
  return {
    host: `unix://${listenPath}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
