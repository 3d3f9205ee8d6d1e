/** provider/common/check.ts validate(): dot paths, unknown (preview) values, strict objects. */
import { z } from "zod";
import { renderIssue, toDotPath, validate } from "../../provider/common/check";
import { InputError } from "../../provider/common/errors";
import { UNKNOWN } from "../../provider/common/unknowns";
import { swarmInputs } from "../../provider/swarm/args";

const schema = z.strictObject({
  name: z.string().min(1),
  replicas: z.number().int().min(0),
  spec: z.strictObject({
    raft: z.strictObject({ snapshotInterval: z.number().int().min(0, "must be zero or more").optional() }).optional(),
    ports: z.array(z.strictObject({ target: z.number().int().max(65535, "must be a port"), protocol: z.enum(["tcp", "udp"]) })).optional(),
  }),
  labels: z.record(z.string(), z.string()).optional(),
});

const valid = { name: "web", replicas: 2, spec: { raft: { snapshotInterval: 10 }, ports: [{ target: 80, protocol: "tcp" }] } };

describe("toDotPath / renderIssue", () => {
  it("joins keys with dots and indexes with brackets", () => {
    expect(toDotPath(["spec", "raft", "snapshotInterval"])).toBe("spec.raft.snapshotInterval");
    expect(toDotPath(["spec", "ports", 1, "target"])).toBe("spec.ports[1].target");
    expect(toDotPath([0, "x"])).toBe("[0].x");
    expect(toDotPath([])).toBe("");
  });

  it("renders unrecognized keys by name, singular and plural", () => {
    const one = z.strictObject({}).safeParse({ a: 1 });
    const two = z.strictObject({}).safeParse({ a: 1, b: 2 });
    expect(renderIssue(one.error!.issues[0])).toEqual({ property: "(inputs)", reason: '(inputs): unknown property "a"' });
    expect(renderIssue(two.error!.issues[0]).reason).toBe('(inputs): unknown properties "a", "b"');
  });
});

describe("validate", () => {
  it("returns the parsed value and no failures for valid, known inputs", () => {
    expect(validate(schema, valid)).toEqual({ value: valid, failures: [], hasUnknowns: false });
  });

  it("names a nested property with a dot path, in the property and in the reason", () => {
    const r = validate(schema, { ...valid, spec: { raft: { snapshotInterval: -1 } } });
    expect(r.value).toBeUndefined();
    expect(r.failures).toEqual([{ property: "spec.raft.snapshotInterval", reason: "spec.raft.snapshotInterval: must be zero or more (got -1)" }]);
  });

  it("names array items by index", () => {
    const r = validate(schema, { ...valid, spec: { ports: [{ target: 80, protocol: "tcp" }, { target: 70000, protocol: "sctp" }] } });
    expect(r.failures.map((f) => f.property).sort()).toEqual(["spec.ports[1].protocol", "spec.ports[1].target"]);
    expect(r.failures.find((f) => f.property === "spec.ports[1].target")?.reason).toBe("spec.ports[1].target: must be a port (got 70000)");
  });

  it("repeats a short offending value (Pulumi shows nested values as {<nil>}), never a secret-looking one", () => {
    const r = validate(schema, { ...valid, spec: { ports: [{ target: 70000, protocol: "tcp" }] } });
    expect(r.failures[0].reason).toContain("(got 70000)");
    const sensitive = z.strictObject({ password: z.string().min(10), connection: z.strictObject({ host: z.string().regex(/^unix:/) }) });
    const f = validate(sensitive, { password: "short", connection: { host: "ssh://u:pw@h" } }).failures;
    expect(f.map((x) => x.reason).join("\n")).not.toMatch(/short|pw@h/);
  });

  it("reports every failure, not only the first", () => {
    const r = validate(schema, { name: "", replicas: 1.5, spec: {} });
    expect(r.failures.map((f) => f.property).sort()).toEqual(["name", "replicas"]);
  });

  it("reports a missing required property at its path", () => {
    const r = validate(schema, { name: "web", spec: {} });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].property).toBe("replicas");
  });

  describe("strict objects", () => {
    it("report an unknown top-level property by name", () => {
      const r = validate(schema, { ...valid, replica: 2 });
      expect(r.failures).toEqual([{ property: "(inputs)", reason: '(inputs): unknown property "replica"' }]);
    });

    it("report an unknown nested property by name, on its parent's path", () => {
      const r = validate(schema, { ...valid, spec: { raft: { snapshotIntreval: 5 } } });
      expect(r.failures).toEqual([{ property: "spec.raft", reason: 'spec.raft: unknown property "snapshotIntreval"' }]);
    });

    it("still report an unknown property when another value of the same object is unknown", () => {
      const top = validate(schema, { ...valid, name: UNKNOWN, replica: 2 });
      expect(top.failures).toEqual([{ property: "(inputs)", reason: '(inputs): unknown property "replica"' }]);
      const nested = validate(schema, { ...valid, spec: { raft: { snapshotInterval: UNKNOWN, keep: 1 } } });
      expect(nested.failures).toEqual([{ property: "spec.raft", reason: 'spec.raft: unknown property "keep"' }]);
    });
  });

  describe("unknown values (preview)", () => {
    it("accepts an unknown leaf: no failure, no value, hasUnknowns", () => {
      const r = validate(schema, { ...valid, spec: { raft: { snapshotInterval: UNKNOWN } } });
      expect(r).toEqual({ failures: [], hasUnknowns: true });
      expect("value" in r && r.value !== undefined).toBe(false);
    });

    it("accepts an unknown required field", () => {
      expect(validate(schema, { ...valid, name: UNKNOWN }).failures).toEqual([]);
      expect(validate(schema, { ...valid, replicas: UNKNOWN }).failures).toEqual([]);
    });

    it("accepts a whole unknown object, even a required one", () => {
      expect(validate(schema, { ...valid, spec: UNKNOWN }).failures).toEqual([]);
      expect(validate(schema, { ...valid, labels: UNKNOWN }).failures).toEqual([]);
    });

    it("accepts an unknown as the whole input", () => {
      expect(validate(schema, UNKNOWN)).toEqual({ failures: [], hasUnknowns: true });
    });

    it("accepts unknown array items and unknown fields inside array items", () => {
      expect(validate(schema, { ...valid, spec: { ports: [UNKNOWN] } }).failures).toEqual([]);
      expect(validate(schema, { ...valid, spec: { ports: [{ target: UNKNOWN, protocol: "tcp" }] } }).failures).toEqual([]);
      expect(validate(schema, { ...valid, spec: { ports: [{ target: 80, protocol: UNKNOWN }] } }).failures).toEqual([]);
    });

    it("accepts an unknown label value", () => {
      expect(validate(schema, { ...valid, labels: { team: UNKNOWN, tier: "web" } }).failures).toEqual([]);
    });

    it("still reports real failures elsewhere", () => {
      const r = validate(schema, { ...valid, name: UNKNOWN, replicas: -1 });
      expect(r.failures.map((f) => f.property)).toEqual(["replicas"]);
      expect(r.hasUnknowns).toBe(true);
    });

    it("a failure in an array item after an unknown item keeps the index the user wrote", () => {
      const r = validate(schema, {
        ...valid,
        spec: { ports: [UNKNOWN, { target: 80, protocol: "tcp" }, { target: 99999, protocol: "tcp" }] },
      });
      expect(r.failures).toEqual([{ property: "spec.ports[2].target", reason: "spec.ports[2].target: must be a port (got 99999)" }]);
      const pool = validate(swarmInputs, { defaultAddrPool: [UNKNOWN, "not-a-cidr"] });
      expect(pool.failures.map((f) => f.property)).toEqual(["defaultAddrPool[1]"]);
    });

    it("works on the Swarm inputs: unknown advertiseAddr, unknown signingCACert alongside a key", () => {
      expect(validate(swarmInputs, { advertiseAddr: UNKNOWN, spec: { raft: { snapshotInterval: UNKNOWN } } }).failures).toEqual([]);
      // The refinement "signingCACert is required when signingCAKey is set" must not fire on an unknown cert.
      expect(validate(swarmInputs, { spec: { caConfig: { signingCAKey: "k", signingCACert: UNKNOWN } } }).failures).toEqual([]);
      expect(validate(swarmInputs, { connection: { host: UNKNOWN } }).failures).toEqual([]);
    });
  });

  it("InputError joins the reasons", () => {
    const r = validate(schema, { name: "", replicas: -1, spec: {} });
    const e = new InputError(r.failures);
    expect(e.name).toBe("InputError");
    expect(e.message).toContain("name: ");
    expect(e.message).toContain("replicas: ");
    expect(e.failures).toBe(r.failures);
  });
});
