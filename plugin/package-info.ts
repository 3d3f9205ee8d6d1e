/**
 * This package's package.json, found from the running file: dist/plugin/ once built, plugin/ under
 * ts-jest. Its version is the plugin's version (GetPluginInfo, the schema).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
  license: string;
  root: string;
}

let found: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (found) return found;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      if (pkg.name === "pulumi-docker-swarm") return (found = { ...pkg, root: dir });
    }
    if (path.dirname(dir) === dir) throw new Error(`package.json of pulumi-docker-swarm not found above ${__dirname}`);
  }
}
