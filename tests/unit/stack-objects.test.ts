/**
 * SwarmSecret / SwarmConfig / SwarmNetwork: input validation (named properties, the Engine's limits),
 * the keyed hashes and names, diff (replace vs in place), the version pruning plan, CIDR arithmetic.
 */
import { validate } from "../../provider/common/check";
import { UNKNOWN } from "../../provider/common/unknowns";
import { planPrune } from "../../provider/common/versions";
import { dataObjectInputs, dataObjectInputsBase, type DataObjectInputs } from "../../provider/data-object/args";
import { diffDataObject } from "../../provider/data-object/diff";
import { dataHashOf, engineNameOf, newHashKey, toEngineSpec } from "../../provider/data-object/spec";
import { networkInputs, overlaps, within } from "../../provider/network/args";
import { diffNetwork } from "../../provider/network/diff";
import { replacementName, toCreateRequest } from "../../provider/network/spec";

const secretFailures = (v: unknown) => validate(dataObjectInputs("secret"), v).failures;
const configFailures = (v: unknown) => validate(dataObjectInputs("config"), v).failures;

describe("SwarmSecret / SwarmConfig inputs", () => {
  it("accepts text or base64 content, labels, templating; a secret may be held by a driver", () => {
    expect(secretFailures({ _name: "db_password", data: "s3cret" })).toEqual([]);
    expect(configFailures({ _name: "app.conf", dataBase64: Buffer.from("x=1").toString("base64"), templating: { name: "golang" } })).toEqual([]);
    expect(secretFailures({ _name: "vault", driver: { name: "vault-secrets", options: { path: "kv/x" } } })).toEqual([]);
  });

  it("empty data, both forms, no content, bad base64 → named, never echoing the value", () => {
    expect(secretFailures({ _name: "a1", data: "" })).toEqual([{ property: "data", reason: "data: is empty; the Engine refuses an empty secret" }]);
    expect(secretFailures({ _name: "a1", data: "x", dataBase64: "eA==" }).map((f) => f.property)).toEqual(["dataBase64"]);
    expect(secretFailures({ _name: "a1" })[0].reason).toContain("data: is required");
    expect(configFailures({ _name: "a1", dataBase64: "not base64!" }).map((f) => f.property)).toEqual(["dataBase64"]);
  });

  it("the Engine's size limits: a secret under 500 KiB, a config at most 1000 KiB", () => {
    expect(secretFailures({ _name: "a1", data: "x".repeat(500 * 1024 - 1) })).toEqual([]);
    expect(secretFailures({ _name: "a1", data: "x".repeat(500 * 1024) })).toEqual([
      { property: "data", reason: "data: is 512000 bytes; a secret must be less than 500 KiB (512000 bytes)" },
    ]);
    expect(configFailures({ _name: "a1", data: "x".repeat(1000 * 1024) })).toEqual([]);
    expect(configFailures({ _name: "a1", data: "x".repeat(1000 * 1024 + 1) }).map((f) => f.property)).toEqual(["data"]);
  });

  it("invalid names, and names too long for the content hash → named", () => {
    expect(secretFailures({ name: "bad name!", data: "x" }).map((f) => f.property)).toEqual(["name"]);
    expect(secretFailures({ _name: "bad/name", data: "x" })[0].reason).toContain('the resource name "bad/name" is not a valid secret name');
    expect(secretFailures({ name: "a".repeat(60), data: "x" })[0].reason).toContain("too long to carry the 8-character content hash");
    expect(secretFailures({ name: "a".repeat(60), engineName: "short", data: "x" })).toEqual([]);
  });

  it("a config has no driver (only secrets have external stores)", () => {
    expect(configFailures({ _name: "c1", data: "x", driver: { name: "d" } })).toEqual([{ property: "(inputs)", reason: '(inputs): unknown property "driver"' }]);
  });
});

describe("keyed hashes and names", () => {
  const key = newHashKey();
  const inputs = (data: string) => dataObjectInputs("secret").parse({ _name: "db_password", data, _owner: "proj/dev/db_password" }) as DataObjectInputs;

  it("name = logical name + 8 hex of a keyed hash; a new content gives a new name, the same content the same", () => {
    const a = engineNameOf(inputs("one"), key);
    expect(a).toMatch(/^db_password-[0-9a-f]{8}$/);
    expect(engineNameOf(inputs("one"), key)).toBe(a);
    expect(engineNameOf(inputs("two"), key)).not.toBe(a);
    // Another key (another resource) names the same content differently: the name says nothing of the content.
    expect(engineNameOf(inputs("one"), newHashKey())).not.toBe(a);
  });

  it("the hash kept in state is keyed: not the plain SHA-256 of the data", () => {
    const h = dataHashOf(key, { data: "hunter2" });
    expect(h).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(h).not.toContain(require("node:crypto").createHash("sha256").update("hunter2").digest("hex"));
  });

  it("the Engine spec carries the content as base64 and the version label", () => {
    const spec = toEngineSpec(inputs("one"), "db_password-x");
    expect(spec).toEqual({ Name: "db_password-x", Data: Buffer.from("one").toString("base64"), Labels: { "com.pulumi.docker-swarm.version-of": "proj/dev/db_password" } });
  });
});

describe("diff: SwarmSecret / SwarmConfig", () => {
  const key = newHashKey();
  const parse = (v: Record<string, unknown>) => dataObjectInputs("secret").parse({ _name: "db", ...v }) as DataObjectInputs;
  const state = (v: Record<string, unknown>) => {
    const i = parse(v);
    return { name: "db", engineName: engineNameOf(i, key), pinned: i.engineName !== undefined, hashKey: key, dataHash: dataHashOf(key, i), labels: i.labels ?? {}, keepVersions: 0, adopt: false };
  };

  it("same content and labels → no change", () => {
    expect(diffDataObject("secret", state({ data: "a", labels: { x: "1" } }), parse({ data: "a", labels: { x: "1" } }), { data: "a", labels: { x: "1" } })).toMatchObject({ changes: false, replaces: [] });
  });

  it("new content → replace (create first), unknown content too", () => {
    expect(diffDataObject("secret", state({ data: "a" }), parse({ data: "b" }), { data: "b" })).toMatchObject({ changes: true, replaces: ["data"], deleteBeforeReplace: false });
    expect(diffDataObject("secret", state({ data: "a" }), dataObjectInputsBase("secret").parse({ _name: "db" }) as DataObjectInputs, { data: UNKNOWN }).replaces).toEqual(["data"]);
  });

  it("labels change in place; driver, templating and name replace", () => {
    expect(diffDataObject("secret", state({ data: "a" }), parse({ data: "a", labels: { x: "2" } }), { data: "a", labels: { x: "2" } })).toMatchObject({ changes: true, replaces: [] });
    expect(diffDataObject("secret", state({ data: "a" }), parse({ data: "a", templating: { name: "golang" } }), { data: "a" }).replaces).toEqual(["templating"]);
    expect(diffDataObject("secret", state({ data: "a" }), parse({ data: "a", name: "db2" }), { data: "a" }).replaces).toEqual(["name"]);
  });

  it("a pinned name and new content → replace, deleting first (one name cannot hold two objects)", () => {
    const d = diffDataObject("secret", state({ data: "a", engineName: "fixed" }), parse({ data: "b", engineName: "fixed" }), { data: "b" });
    expect(d).toMatchObject({ replaces: ["data"], deleteBeforeReplace: true });
  });
});

describe("planPrune (which versions a delete removes)", () => {
  const v = (id: string, createdAt: number, inUse = false) => ({ id, name: id, createdAt, inUse });

  it("end of a replacement: the old version goes, the current stays", () => {
    expect(planPrune([v("old", 1), v("new", 2)], "old", 0)).toMatchObject({ remove: ["old"] });
  });

  it("an old version still used by a service (a rolled-back update) is kept, to be removed by a later delete", () => {
    const p = planPrune([v("old", 1, true), v("new", 2)], "old", 0);
    expect(p.remove).toEqual([]);
    expect(p.kept).toContainEqual({ id: "old", why: "still in use by a service" });
  });

  it("keepVersions keeps the newest previous ones and sweeps older unused ones", () => {
    const p = planPrune([v("v1", 1), v("v2", 2), v("v3", 3), v("v4", 4)], "v3", 1);
    expect(p.remove.sort()).toEqual(["v1", "v2"]);
    expect(p.kept.map((k) => k.id)).toEqual(["v4", "v3"]);
  });

  it("deleting the resource itself (no newer version): every unused version goes", () => {
    expect(planPrune([v("v1", 1), v("v2", 2, true), v("v3", 3)], "v3", 5).remove.sort()).toEqual(["v1", "v3"]);
  });
});

describe("SwarmNetwork", () => {
  const failures = (v: unknown) => validate(networkInputs, v).failures;

  it("overlapping subnets within one network, an ipRange or gateway outside its subnet → named", () => {
    const f = failures({ _name: "n", ipam: { config: [{ subnet: "10.20.0.0/16" }, { subnet: "10.20.5.0/24", ipRange: "10.30.0.0/24", gateway: "10.99.0.1" }] } });
    expect(f.map((x) => x.property)).toEqual(["ipam.config[1].subnet", "ipam.config[1].ipRange", "ipam.config[1].gateway"]);
    expect(f[0].reason).toContain("10.20.5.0/24 overlaps ipam.config[0].subnet 10.20.0.0/16");
  });

  it("a bad CIDR, an attachable ingress, an encrypted non-overlay → named", () => {
    expect(failures({ _name: "n", ipam: { config: [{ subnet: "10.0.0.0/33" }] } }).map((x) => x.property)).toEqual(["ipam.config[0].subnet"]);
    expect(failures({ _name: "n", ingress: true, attachable: true }).map((x) => x.property)).toEqual(["attachable"]);
    expect(failures({ _name: "n", driver: "macvlan", encrypted: true }).map((x) => x.property)).toEqual(["encrypted"]);
  });

  it("CIDR arithmetic, IPv4 and IPv6", () => {
    expect(overlaps("10.0.0.0/8", "10.1.2.0/24")).toBe(true);
    expect(overlaps("10.0.0.0/24", "10.0.1.0/24")).toBe(false);
    expect(overlaps("fd00::/64", "fd00::1:0/112")).toBe(true);
    expect(overlaps("fd00::/64", "fd00:0:0:1::/64")).toBe(false);
    expect(within("10.0.0.128/25", "10.0.0.0/24")).toBe(true);
    expect(within("10.0.1.0/25", "10.0.0.0/24")).toBe(false);
  });

  it("every declared setting replaces (networks cannot change); adopt and connection are recorded", () => {
    const olds = { ...networkInputs.parse({ _name: "n", attachable: true }), name: "n" };
    expect(diffNetwork(olds, networkInputs.parse({ _name: "n", attachable: true }), {})).toMatchObject({ changes: false, replaces: [] });
    expect(diffNetwork(olds, networkInputs.parse({ _name: "n", attachable: false }), {}).replaces).toEqual(["attachable"]);
    expect(diffNetwork(olds, networkInputs.parse({ _name: "n", attachable: true, labels: { a: "b" } }), {}).replaces).toEqual(["labels"]);
    expect(diffNetwork(olds, networkInputs.parse({ _name: "n", attachable: true, adopt: true }), {})).toMatchObject({ changes: true, replaces: [] });
  });

  it("the create request: overlay, swarm scope, encrypted as the driver option, the version label; a replacement's name", () => {
    const i = networkInputs.parse({ _name: "backend", encrypted: true, attachable: true, _owner: "p/s/backend", ipam: { config: [{ subnet: "10.7.0.0/24" }] } });
    expect(toCreateRequest(i, "backend")).toEqual({
      Name: "backend",
      CheckDuplicate: true,
      Driver: "overlay",
      Scope: "swarm",
      Attachable: true,
      IPAM: { Driver: "default", Config: [{ Subnet: "10.7.0.0/24" }] },
      Options: { encrypted: "" },
      Labels: { "com.pulumi.docker-swarm.version-of": "p/s/backend" },
    });
    expect(replacementName(i)).toMatch(/^backend-[0-9a-f]{8}$/);
  });
});
