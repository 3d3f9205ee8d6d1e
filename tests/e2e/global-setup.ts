/**
 * Builds the package and packs it the way it is published (`npm pack`), once per test run. The e2e
 * programs install this tarball like a user would: a symlinked or path import would change what
 * Pulumi's closure serializer captures and hide real failures. When the caller already packed it
 * (scripts/test-all.sh packs once for every bed's jest process), PDS_TARBALL names it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const work = process.env.PDS_E2E_WORK ?? fs.mkdtempSync(path.join(os.tmpdir(), "pds-e2e-"));
  fs.mkdirSync(work, { recursive: true });
  process.env.PDS_E2E_WORK = work;
  if (process.env.PDS_TARBALL && fs.existsSync(process.env.PDS_TARBALL)) return;
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root, encoding: "utf8" });
  const tarball = path.join(work, out.trim().split("\n").pop()!.trim());
  if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
  process.env.PDS_TARBALL = tarball;
}
