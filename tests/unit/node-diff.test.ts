/**
 * The SwarmNode diff, through lifecycle.diff as Pulumi calls it (old outputs, new raw inputs with the
 * preview's unknown sentinel). State is built with outputsFor, exactly as create/update/read build it,
 * so these tests catch spurious diffs between what a user declares and what the engine reports.
 */
import { UNKNOWN } from "../../provider/common/unknowns";
import { NodeSchema, type Node } from "../../provider/engine/schemas";
import { nodeInputs } from "../../provider/node/args";
import { diff, diffDetailed } from "../../provider/node/lifecycle";
import { outputsFor } from "../../provider/node/spec";
import type { NodeState } from "../../provider/node/diff";

process.env.PDS_QUIET = "1";

const TOKEN = "SWMTKN-1-aaaa-worker";
const ENGINE = "unix:///run/engine-2.sock";
const MANAGER = "unix:///run/engine-1.sock";

const joined = (over: Record<string, unknown> = {}) => ({
  connection: { host: ENGINE },
  manager: { host: MANAGER },
  join: { remoteAddrs: ["10.0.0.11:2377"], token: TOKEN, advertiseAddr: "10.0.0.12" },
  role: "worker",
  availability: "active",
  labels: { zone: "a", pool: "app" },
  _name: "node-1",
  ...over,
});

function engineNode(spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Node {
  return NodeSchema.parse({
    ID: "n1abc",
    Version: { Index: 30 },
    // The Engine's label order is its own: state sorts it.
    Spec: { Role: "worker", Availability: "active", Labels: { zone: "a", pool: "app" }, ...spec },
    Description: { Hostname: "node2", Engine: { EngineVersion: "26.1.5" } },
    Status: { State: "ready", Addr: "10.0.0.12" },
    ...extra,
  });
}

function stateOf(raw: Record<string, unknown>, node: Node = engineNode()): NodeState {
  const inputs = nodeInputs.parse(raw);
  return outputsFor(node, inputs, { mode: inputs.join ? "join" : "existing", resolvedHost: inputs.connection ? ENGINE : undefined, adopted: false }) as NodeState;
}

describe("SwarmNode diff: no spurious changes", () => {
  it("nothing changed", async () => {
    expect(await diff("n1abc", stateOf(joined()), joined())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("label order, a missing vs empty name, and undeclared settings are no change", async () => {
    const olds = stateOf(joined(), engineNode({ Labels: { pool: "app", zone: "a" } }));
    expect((await diff("n1abc", olds, joined({ labels: { zone: "a", pool: "app" } }))).changes).toBe(false);
    expect((await diff("n1abc", olds, joined({ name: "" }))).changes).toBe(false);
    expect((await diff("n1abc", olds, joined({ role: undefined, availability: undefined, labels: undefined }))).changes).toBe(false);
  });

  it("a rotated join token, other manager addresses, or an unknown join (Swarm being updated) change nothing", async () => {
    const olds = stateOf(joined());
    const j = joined().join;
    expect(await diff("n1abc", olds, joined({ join: { ...j, token: "SWMTKN-1-bbbb-rotated" } }))).toMatchObject({ changes: false, replaces: [] });
    expect(await diff("n1abc", olds, joined({ join: { ...j, remoteAddrs: ["10.0.0.99:2377"] } }))).toMatchObject({ changes: false, replaces: [] });
    expect(await diff("n1abc", olds, joined({ join: { ...j, token: UNKNOWN, remoteAddrs: [UNKNOWN] } }))).toMatchObject({ changes: false, replaces: [] });
    expect(await diff("n1abc", olds, joined({ join: UNKNOWN }))).toMatchObject({ changes: false, replaces: [] });
  });

  it("merge mode ignores labels that others set", async () => {
    const raw = joined({ labelsMode: "merge", labels: { zone: "a" } });
    const olds = stateOf(raw, engineNode({ Labels: { zone: "a", "set-by": "someone-else" } }));
    expect((await diff("n1abc", olds, raw)).changes).toBe(false);
  });
});

describe("SwarmNode diff: changes in place", () => {
  it("role, availability, name, labels changed in the program", async () => {
    const olds = stateOf(joined());
    for (const over of [{ role: "manager" }, { availability: "drain" }, { name: "edge-1" }, { labels: { zone: "b", pool: "app" } }]) {
      const d = await diff("n1abc", olds, joined(over));
      expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    }
  });

  it("drift seen by refresh (the engine's values in state differ from the program)", async () => {
    // State after a refresh: the node was paused and labelled with the docker CLI.
    const olds = stateOf(joined(), engineNode({ Availability: "pause", Labels: { zone: "a", pool: "app", oob: "1" } }));
    expect((await diff("n1abc", olds, joined())).changes).toBe(true);
    expect((await diff("n1abc", olds, joined({ availability: "pause", labels: { zone: "a", pool: "app", oob: "1" } }))).changes).toBe(false);
  });

  it("merge mode: a declared key that differs, or a key dropped from the program that the node still has", async () => {
    const raw = joined({ labelsMode: "merge", labels: { zone: "a", pool: "app" } });
    const olds = stateOf(raw, engineNode({ Labels: { zone: "a", pool: "app", other: "x" } }));
    expect((await diff("n1abc", olds, { ...raw, labels: { zone: "b", pool: "app" } })).changes).toBe(true);
    // `pool` was managed (declared last time); dropping it removes it.
    expect((await diff("n1abc", olds, { ...raw, labels: { zone: "a" } })).changes).toBe(true);
    // A foreign key that happens to be gone is no change.
    expect((await diff("n1abc", stateOf(raw, engineNode({ Labels: { zone: "a", pool: "app" } })), raw)).changes).toBe(false);
  });

  it("switching merge → exact removes foreign labels (a change), exact → merge with equal labels only records the mode", async () => {
    const merged = joined({ labelsMode: "merge", labels: { zone: "a", pool: "app" } });
    const olds = stateOf(merged, engineNode({ Labels: { zone: "a", pool: "app", other: "x" } }));
    expect((await diff("n1abc", olds, joined({ labelsMode: "exact" }))).changes).toBe(true);
    const d = await diff("n1abc", stateOf(joined()), joined({ labelsMode: "merge" }));
    expect(d).toMatchObject({ changes: true, replaces: [] });
  });

  it("unknown node settings at preview may change: an update, never a replace", async () => {
    const olds = stateOf(joined());
    for (const key of ["role", "availability", "name", "labels"]) {
      expect(await diff("n1abc", olds, joined({ [key]: UNKNOWN }))).toMatchObject({ changes: true, replaces: [] });
    }
    expect(await diff("n1abc", olds, joined({ labels: { zone: UNKNOWN } }))).toMatchObject({ changes: true, replaces: [] });
  });

  it("settings of this package (manager, timeouts, removal, join addresses) are recorded, not replaced", async () => {
    const olds = stateOf(joined());
    for (const over of [
      { manager: { host: "unix:///run/engine-3.sock" } },
      { joinTimeout: "5m" },
      { roleChangeTimeout: "10s" },
      { removal: { drainTimeout: "10m" } },
      { join: { ...joined().join, advertiseAddr: "10.0.0.99" } },
      { connection: { host: ENGINE, requestTimeout: "1m" } },
    ]) {
      expect(await diff("n1abc", olds, joined(over))).toMatchObject({ changes: true, replaces: [] });
    }
  });
});

describe("SwarmNode diff: replacements", () => {
  it("another engine joins (connection host), or an unknown connection", async () => {
    const olds = stateOf(joined());
    expect(await diff("n1abc", olds, joined({ connection: { host: "unix:///run/engine-4.sock" } }))).toEqual({
      changes: true,
      replaces: ["connection"],
      deleteBeforeReplace: true,
    });
    expect((await diff("n1abc", olds, joined({ connection: UNKNOWN }))).replaces).toEqual(["connection"]);
  });

  it("another node to manage, or a switch between join and nodeId", async () => {
    const existing = { manager: { host: MANAGER }, nodeId: "node2", labels: { zone: "a", pool: "app" } };
    const olds = stateOf(existing);
    expect((await diff("n1abc", olds, existing)).changes).toBe(false);
    // The input as given (a hostname here) is what identifies the node, not the resolved ID.
    expect(olds.nodeRef).toBe("node2");
    expect(olds.nodeId).toBe("n1abc");
    expect((await diff("n1abc", olds, { ...existing, nodeId: "node3" })).replaces).toEqual(["nodeId"]);
    expect((await diff("n1abc", olds, { ...existing, nodeId: UNKNOWN })).replaces).toEqual(["nodeId"]);
    expect((await diff("n1abc", olds, joined())).replaces).toEqual(["join"]);
    expect((await diff("n1abc", stateOf(joined()), existing)).replaces).toEqual(["nodeId"]);
  });

  it("with nodeId, a new connection is only recorded (it is used to leave at removal)", async () => {
    const existing = { manager: { host: MANAGER }, nodeId: "n1abc" };
    const olds = stateOf(existing);
    expect(await diff("n1abc", olds, { ...existing, connection: { host: ENGINE } })).toMatchObject({ changes: true, replaces: [] });
  });

  it("an invalid new input is reported as a change (check reports the failure itself)", async () => {
    expect(await diff("n1abc", stateOf(joined()), joined({ role: "boss" }))).toEqual({ changes: true });
  });
});

describe("SwarmNode diffDetailed: the same changes as a structured list", () => {
  it("paths of in-place changes, labels in merge mode, a replacing connection", async () => {
    const olds = stateOf(joined());
    const d = await diffDetailed("n1abc", olds, joined({ availability: "drain", labels: { zone: "b", pool: "app" }, join: { ...joined().join, advertiseAddr: "10.0.0.13" } }));
    expect(d.properties).toEqual([
      { path: "availability", replace: false, reason: "availability: differs from the program (active → drain); up updates it in place" },
      { path: "labels", replace: false, reason: "labels: the declared set becomes the node's whole set" },
      { path: "join.advertiseAddr", replace: false, reason: "join.advertiseAddr: recorded; it only applies when an engine joins, so this node is not re-joined" },
    ]);
    const r = await diffDetailed("n1abc", olds, joined({ connection: { host: "unix:///run/engine-4.sock" } }));
    expect(r.properties?.[0]).toMatchObject({ path: "connection", replace: true });
    const { properties: _p, ...plain } = r;
    expect(await diff("n1abc", olds, joined({ connection: { host: "unix:///run/engine-4.sock" } }))).toEqual(plain);
  });
});
