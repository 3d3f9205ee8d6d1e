/**
 * provider/node/spec.ts: the join request, the full NodeSpec written back (the Engine replaces it
 * whole), both label modes, and the node as read back into outputs.
 */
import { NodeSchema, type NodeSpec } from "../../provider/engine/schemas";
import { nodeInputs } from "../../provider/node/args";
import { applyDeclared, labelsFor, managedKeys, observed, toJoinRequest, type Declared } from "../../provider/node/spec";

const TOKEN = "SWMTKN-1-abc-def";

const spec = (over: Partial<NodeSpec> = {}): NodeSpec => ({ Role: "worker", Availability: "active", Labels: { a: "1" }, ...over });
const exact = (d: Partial<Declared> = {}): Declared => ({ labelsMode: "exact", ...d });
const merge = (d: Partial<Declared> = {}): Declared => ({ labelsMode: "merge", ...d });

describe("toJoinRequest", () => {
  it("maps every join setting and omits the ones not given", () => {
    const inputs = nodeInputs.parse({
      connection: {},
      manager: {},
      join: { remoteAddrs: ["10.0.0.11:2377", "10.0.0.12:2377"], token: TOKEN, advertiseAddr: "10.0.0.13", availability: "drain" },
    });
    expect(toJoinRequest(inputs.join!)).toEqual({
      ListenAddr: "0.0.0.0:2377",
      AdvertiseAddr: "10.0.0.13",
      RemoteAddrs: ["10.0.0.11:2377", "10.0.0.12:2377"],
      JoinToken: TOKEN,
      Availability: "drain",
    });
    expect("DataPathAddr" in toJoinRequest(inputs.join!)).toBe(false);
  });
});

describe("applyDeclared", () => {
  it("returns undefined when nothing declared differs (no write)", () => {
    expect(applyDeclared(spec(), exact())).toBeUndefined();
    expect(applyDeclared(spec(), exact({ role: "worker", availability: "active", labels: { a: "1" } }))).toBeUndefined();
    // An empty name and no name are the same thing to the Engine.
    expect(applyDeclared(spec(), exact({ name: "" }))).toBeUndefined();
    expect(applyDeclared(spec({ Name: "" }), exact())).toBeUndefined();
  });

  it("lays declared settings over the current spec and carries the rest over (full replacement)", () => {
    const current = spec({ Name: "n1", Labels: { a: "1", b: "2" } });
    expect(applyDeclared(current, exact({ role: "manager" }))).toEqual({ ...current, Role: "manager" });
    expect(applyDeclared(current, exact({ availability: "drain" }))).toEqual({ ...current, Availability: "drain" });
    expect(applyDeclared(current, exact({ name: "edge" }))).toEqual({ ...current, Name: "edge" });
  });

  it("clears the name when it is declared empty", () => {
    const next = applyDeclared(spec({ Name: "old" }), exact({ name: "" }))!;
    expect(next).toBeDefined();
    expect("Name" in next).toBe(false);
  });

  it("keeps unknown fields of a newer engine's spec", () => {
    const current = { ...spec(), Future: { x: 1 } } as NodeSpec;
    expect(applyDeclared(current, exact({ role: "manager" }))).toMatchObject({ Future: { x: 1 }, Role: "manager" });
  });

  it("exact labels: the declared set is the whole set; label order never matters", () => {
    expect(applyDeclared(spec({ Labels: { a: "1", x: "9" } }), exact({ labels: { a: "1" } }))!.Labels).toEqual({ a: "1" });
    expect(applyDeclared(spec({ Labels: { b: "2", a: "1" } }), exact({ labels: { a: "1", b: "2" } }))).toBeUndefined();
    expect(applyDeclared(spec({ Labels: { a: "1" } }), exact({ labels: {} }))!.Labels).toEqual({});
  });

  it("exact mode without labels leaves the labels alone", () => {
    expect(applyDeclared(spec({ Labels: { x: "9" } }), exact({ availability: "pause" }))!.Labels).toEqual({ x: "9" });
  });

  it("treats labels the Engine reports as null like no labels", () => {
    expect(applyDeclared(spec({ Labels: null }), exact({ labels: {} }))).toBeUndefined();
  });
});

describe("labelsFor (merge mode)", () => {
  it("sets the declared keys and keeps every other key", () => {
    expect(labelsFor({ other: "x", a: "0" }, merge({ labels: { a: "1" } }), [])).toEqual({ a: "1", other: "x" });
  });

  it("removes keys it managed before and no longer declares, but never foreign ones", () => {
    expect(labelsFor({ a: "1", b: "2", other: "x" }, merge({ labels: { a: "1" } }), ["a", "b"])).toEqual({ a: "1", other: "x" });
    expect(labelsFor({ a: "1", other: "x" }, merge(), ["a"])).toEqual({ other: "x" });
  });

  it("merge with nothing to change writes nothing", () => {
    expect(applyDeclared(spec({ Labels: { a: "1", other: "x" } }), merge({ labels: { a: "1" } }), ["a"])).toBeUndefined();
  });

  it("managedKeys are the declared keys, sorted", () => {
    expect(managedKeys({ labels: { z: "1", a: "2" } })).toEqual(["a", "z"]);
    expect(managedKeys({})).toEqual([]);
  });
});

describe("observed", () => {
  const base = {
    ID: "n1",
    Version: { Index: 42 },
    Spec: { Role: "manager", Availability: "active", Labels: { b: "2", a: "1" } },
    Description: { Hostname: "host-a", Engine: { EngineVersion: "26.1.5" } },
    Status: { State: "ready", Addr: "10.0.0.12" },
    ManagerStatus: { Leader: true, Reachability: "reachable", Addr: "10.0.0.12:2377" },
  };

  it("maps a manager, with sorted labels and no undefined anywhere", () => {
    const o = observed(NodeSchema.parse(base));
    expect(o).toEqual({
      nodeId: "n1",
      hostname: "host-a",
      role: "manager",
      availability: "active",
      labels: { a: "1", b: "2" },
      name: "",
      state: "ready",
      stateMessage: "",
      address: "10.0.0.12",
      engineVersion: "26.1.5",
      managerStatus: { leader: true, reachability: "reachable", address: "10.0.0.12:2377" },
      version: 42,
    });
    expect(JSON.stringify(o)).not.toContain("undefined");
  });

  it("gives a worker a null managerStatus (present, so previews do not see an unknown)", () => {
    const o = observed(NodeSchema.parse({ ...base, ManagerStatus: undefined, Spec: { Role: "worker", Availability: "drain", Labels: null } }));
    expect(o.managerStatus).toBeNull();
    expect(o.labels).toEqual({});
    expect(Object.values(o).includes(undefined as never)).toBe(false);
  });

  it("fills missing descriptions with empty strings (a node that never reported)", () => {
    const o = observed(NodeSchema.parse({ ID: "n2", Version: { Index: 1 }, Spec: { Role: "worker", Availability: "active" }, Status: { State: "unknown" } }));
    expect(o).toMatchObject({ hostname: "", address: "", engineVersion: "", state: "unknown" });
  });
});
