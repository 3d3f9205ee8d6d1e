/**
 * The test beds a run was started with: PDS_BEDS is a list of bed.json files (path-separated), one per
 * engine version, written by `npm run testbed -- up`. Tests that need engines run once per bed.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface BedEngine {
  name: string;
  host: string;
  /** The same engine over TCP with mutual TLS (client material in Bed.tls.certPath). */
  tcpHost: string;
  address: string;
  netns?: string;
  pid?: number;
}

export interface Bed {
  name: string;
  engine: string;
  engineVersion: string;
  apiVersion: string;
  image: string;
  /** A DOCKER_CERT_PATH-style folder (ca.pem, cert.pem, key.pem) for the engines' tcpHost. */
  tls: { certPath: string };
  engines: BedEngine[];
}

export function beds(): Bed[] {
  const list = (process.env.PDS_BEDS ?? "").split(path.delimiter).filter(Boolean);
  if (!list.length) {
    throw new Error(
      "no test bed: these tests need real engines. Run `npm run test:all`, or start a bed with " +
        "`npm run testbed -- up --nodes 3 --name dev` and set PDS_BEDS to its bed.json",
    );
  }
  return list.map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as Bed);
}

/** `[label, bed]` pairs for describe.each. */
export function bedCases(): Array<[string, Bed]> {
  return beds().map((b) => [`engine ${b.engineVersion} (API ${b.apiVersion})`, b]);
}

/** Runs the test bed script (stop/start/restart one engine), returning its stdout. */
export function testbed(args: string[]): string {
  const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
  const root = path.resolve(__dirname, "../..");
  return execFileSync("bash", [path.join(root, "tests/bed/testbed.sh"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}
