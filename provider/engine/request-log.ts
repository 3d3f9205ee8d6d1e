/**
 * Counts Engine API requests by method and path, for benchmarks and for tests that assert a run made
 * no writes. Off unless PDS_REQUEST_LOG names a file: the provider runs inside Pulumi's provider host,
 * so a file is the only way out. Each request appends one line: `<METHOD> <path without query>`.
 */
import * as fs from "node:fs";

export function recordRequest(method: string, path: string): void {
  const file = process.env.PDS_REQUEST_LOG;
  if (!file) return;
  const bare = path.split("?")[0].replace(/^\/v\d+\.\d+/, "");
  try {
    fs.appendFileSync(file, `${method} ${bare}\n`);
  } catch {
    // Counting must never break a deployment.
  }
}
