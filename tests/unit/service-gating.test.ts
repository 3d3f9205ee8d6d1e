/**
 * Fields newer than the Engine's API version are refused at check, naming the field; check makes an
 * engine call only when such a field is used, and diff makes none (preview of an unchanged program
 * costs no engine call).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gatedFields, refusedAt } from "../../provider/service/gating";
import { check, diff } from "../../provider/service/lifecycle";
import { parseInputs, stateOf } from "../helpers/service-state";
import { toEngineSpec, specInputsOf } from "../../provider/service/spec";

const BASE = { image: "pds/busybox:latest", command: ["sleep", "3600"], _name: "web" };

describe("gatedFields", () => {
  it("lists each used field with its minimum API version", () => {
    const uses = gatedFields(
      parseInputs({
        ...BASE,
        privileges: { noNewPrivileges: true, seccomp: { mode: "unconfined" } },
        healthcheck: { test: "true", startInterval: "1s" },
        ulimits: [{ name: "nofile", soft: 1, hard: 2 }],
        mounts: [{ type: "volume", source: "v", target: "/v", volumeOptions: { subpath: "a" } }],
      }),
    );
    expect(refusedAt(uses, "1.41").map((u) => `${u.property}@${u.minApi}`)).toEqual([
      "privileges.seccomp@1.44",
      "privileges.noNewPrivileges@1.44",
      "healthcheck.startInterval@1.44",
      "mounts[0].volumeOptions.subpath@1.45",
    ]);
    expect(refusedAt(uses, "1.44").map((u) => u.property)).toEqual(["mounts[0].volumeOptions.subpath"]);
    expect(refusedAt(uses, "1.45")).toEqual([]);
    expect(refusedAt(uses, "1.40").map((u) => u.property)).toContain("ulimits");
  });

  it("nothing for a plain service", () => {
    expect(gatedFields(parseInputs(BASE))).toEqual([]);
  });
});

describe("check and diff engine calls", () => {
  let log: string;
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean) : []);
  beforeEach(() => {
    log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pds-gating-")), "requests.log");
    process.env.PDS_REQUEST_LOG = log;
    process.env.PDS_QUIET = "1";
  });
  afterEach(() => {
    delete process.env.PDS_REQUEST_LOG;
    delete process.env.PDS_QUIET;
  });

  // A socket nobody listens on: any call would fail (and be logged) rather than succeed.
  const connection = { host: "unix:///nonexistent/pds-gating.sock" };

  it("refuses a field the pinned API version lacks, naming it, without an engine call", async () => {
    const r = await check({}, { ...BASE, connection: { ...connection, apiVersion: "1.41" }, privileges: { noNewPrivileges: true } });
    expect(r.failures).toEqual([
      { property: "privileges.noNewPrivileges", reason: expect.stringMatching(/^privileges\.noNewPrivileges: needs Engine API 1\.44 \(Docker 25\.0 or later\).*speaks API 1\.41/) },
    ]);
    expect(calls()).toEqual([]);
  });

  it("accepts it when the pinned version has it", async () => {
    const r = await check({}, { ...BASE, connection: { ...connection, apiVersion: "1.45" }, privileges: { noNewPrivileges: true } });
    expect(r.failures).toEqual([]);
  });

  it("asks the engine (one call) only when a newer field is used", async () => {
    expect((await check({}, { ...BASE, connection })).failures).toEqual([]);
    expect(calls()).toEqual([]);
    // Unreachable engine: check lets it through (create checks again) after trying once.
    expect((await check({}, { ...BASE, connection, privileges: { noNewPrivileges: true } })).failures).toEqual([]);
    expect(calls().length).toBeGreaterThan(0);
    expect(calls().every((l) => /\/_ping$/.test(l))).toBe(true);
  });

  it("diff of an unchanged service makes no engine call", async () => {
    const raw = { ...BASE, connection, env: { A: "1" } };
    const olds = stateOf(raw, toEngineSpec(specInputsOf(parseInputs(raw), "web")));
    const d = await diff("svc1", olds as never, raw);
    expect(d).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
    expect(calls()).toEqual([]);
  });
});
