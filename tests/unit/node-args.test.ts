/**
 * The SwarmNode inputs' validation (provider/node/args.ts through check's validate()): every failure
 * names the property, unknown (preview) values never fail, and the join token never appears in a
 * message.
 */
import { validate } from "../../provider/common/check";
import { UNKNOWN } from "../../provider/common/unknowns";
import { nodeInputs } from "../../provider/node/args";
import { check } from "../../provider/node/lifecycle";

const TOKEN = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx";
const manager = { host: "unix:///run/m.sock" };
const joinArgs = { remoteAddrs: ["10.0.0.11:2377"], token: TOKEN };
const valid = { connection: { host: "unix:///run/n.sock" }, manager, join: joinArgs };

function failures(inputs: unknown) {
  return validate(nodeInputs, inputs).failures;
}

describe("SwarmNode inputs", () => {
  it("accepts a join and fills in the defaults", () => {
    const v = validate(nodeInputs, valid).value!;
    expect(v.join?.listenAddr).toBe("0.0.0.0:2377");
    expect(v.labelsMode).toBe("exact");
    expect(v.joinTimeout).toBe("2m");
    expect(v.roleChangeTimeout).toBe("2m");
    expect(v.removal).toEqual({ drain: true, drainTimeout: "2m" });
  });

  it("accepts an existing node by nodeId, without connection", () => {
    expect(failures({ manager, nodeId: "abc123", labels: { a: "b" }, labelsMode: "merge" })).toEqual([]);
  });

  it("requires exactly one of join and nodeId", () => {
    expect(failures({ manager })).toEqual([{ property: "join", reason: "join: is required unless nodeId names an existing node to manage" }]);
    expect(failures({ ...valid, nodeId: "abc" })[0]).toEqual({
      property: "nodeId",
      reason: "nodeId: set either join (to join an engine) or nodeId (to manage an existing node), not both",
    });
  });

  it("requires connection with join, and manager always", () => {
    expect(failures({ manager, join: joinArgs })).toEqual([
      { property: "connection", reason: "connection: is required with join: it is the engine that joins the swarm" },
    ]);
    expect(failures({ nodeId: "abc" }).map((f) => f.property)).toEqual(["manager"]);
  });

  it("names each invalid property with its path", () => {
    const f = failures({
      ...valid,
      join: { remoteAddrs: [], token: TOKEN, availability: "sleeping" },
      role: "boss",
      availability: "off",
      labels: { "": "x" },
      labelsMode: "union",
      joinTimeout: "5 parsecs",
      removal: { drainTimeout: "-1s", wipe: true },
    });
    const props = f.map((x) => x.property).sort();
    expect(props).toEqual(
      [
        "availability",
        "join.availability",
        "join.remoteAddrs",
        "joinTimeout",
        // The path ends in the offending key, which here is the empty string.
        "labels.",
        "labelsMode",
        "removal",
        "removal.drainTimeout",
        "role",
      ].sort(),
    );
    for (const x of f) expect(x.reason.startsWith(`${x.property}: `)).toBe(true);
    expect(f.find((x) => x.property === "join.remoteAddrs")!.reason).toContain("at least one manager address");
    expect(f.find((x) => x.property === "removal")!.reason).toContain('unknown property "wipe"');
  });

  it("rejects something that is not a join token without repeating it", () => {
    const secretish = "my-password-123";
    const f = failures({ ...valid, join: { ...joinArgs, token: secretish } });
    expect(f).toHaveLength(1);
    expect(f[0].property).toBe("join.token");
    expect(f[0].reason).toContain("SWMTKN-1-");
    expect(f[0].reason).not.toContain(secretish);
  });

  it("does not fail on values unknown at preview (token, addresses, a whole join, the connection)", () => {
    expect(failures({ ...valid, join: { remoteAddrs: [UNKNOWN], token: UNKNOWN } })).toEqual([]);
    expect(failures({ ...valid, join: UNKNOWN })).toEqual([]);
    expect(failures({ ...valid, connection: UNKNOWN })).toEqual([]);
  });

  it("check() answers with the inputs untouched and the failures", async () => {
    const news = { ...valid, role: "boss", __provider: "stub" };
    const r = await check({}, news);
    expect(r.inputs).toBe(news);
    expect(r.failures).toEqual([{ property: "role", reason: expect.stringMatching(/^role: /) }]);
  });
});
