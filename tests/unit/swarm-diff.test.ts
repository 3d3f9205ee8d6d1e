/**
 * diffSwarm (pure) and the Swarm inputs' validation messages. State is built the way the provider
 * builds it (inputs echoed, spec read back from the engine and converted by effectiveSpec), so these
 * tests catch spurious diffs between what a user declares and what the engine reports.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validate } from "../../provider/common/check";
import { UNKNOWN, withoutUnknowns } from "../../provider/common/unknowns";
import { SwarmSchema, type Swarm } from "../../provider/engine/schemas";
import { INIT_ONLY, swarmInputs, type SwarmInputs } from "../../provider/swarm/args";
import { diffSwarm, diffSwarmDetailed, type SwarmState } from "../../provider/swarm/diff";
import { effectiveSpec, writeOnlyOf } from "../../provider/swarm/spec";

const HOST = "unix:///var/run/docker.sock";
const CA_CERT = "-----BEGIN CERTIFICATE-----\nMIIBrootCA\n-----END CERTIFICATE-----\n";
const CA_KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIsigningKEYsecret\n-----END EC PRIVATE KEY-----\n";

/** Swarmkit's defaults as GET /swarm reports them on 20.10, with `spec` laid over the Spec. */
function engineSwarm(spec: Record<string, unknown> = {}): Swarm {
  return SwarmSchema.parse({
    ID: "q2dwxa0y3ybfbo4sgiuxhqkqi",
    Version: { Index: 11 },
    Spec: {
      Name: "default",
      Labels: {},
      Orchestration: { TaskHistoryRetentionLimit: 5 },
      Raft: { SnapshotInterval: 10000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1 },
      Dispatcher: { HeartbeatPeriod: 5000000000 },
      CAConfig: { NodeCertExpiry: 7776000000000000 },
      TaskDefaults: {},
      EncryptionConfig: { AutoLockManagers: false },
      ...spec,
    },
    JoinTokens: { Worker: "SWMTKN-1-aaa-bbb", Manager: "SWMTKN-1-aaa-ccc" },
  });
}

/** The outputs the provider stores after create/update/read (see lifecycle.ts readOutputs). */
function stateOf(raw: Record<string, unknown>, swarm: Swarm, host = HOST): SwarmState {
  const inputs = swarmInputs.parse(raw);
  const { spec, autolock: _a, ...echo } = inputs;
  return {
    ...echo,
    resolvedHost: host,
    autolock: !!swarm.Spec.EncryptionConfig?.AutoLockManagers,
    spec: effectiveSpec(swarm),
    writeOnly: writeOnlyOf(spec),
  };
}

/** diffSwarm as lifecycle.diff calls it: parsed inputs without unknowns, raw inputs to see unknowns. */
function diff(olds: SwarmState, rawNews: Record<string, unknown>, host = HOST) {
  const news: SwarmInputs = swarmInputs.parse(withoutUnknowns(rawNews));
  return diffSwarm(olds, news, rawNews, host);
}

const NO_ROTATE = { worker: false, manager: false, unlockKey: false };

describe("diffSwarm: no spurious diffs", () => {
  it("no change when nothing changed (no spec declared)", () => {
    const d = diff(stateOf({}, engineSwarm()), {});
    expect(d).toEqual({ changes: false, replaces: [], reasons: [], rotate: NO_ROTATE, recoverQuorum: false });
  });

  it("no change when declared values equal the read-back ones, whatever the units", () => {
    const raw = {
      spec: {
        dispatcherHeartbeatPeriod: "5000ms",
        caConfig: { nodeCertExpiry: "720h" },
        raft: { snapshotInterval: 10000, keepOldSnapshots: 0, electionTick: 10 },
        taskHistoryRetentionLimit: 5,
      },
    };
    // The engine reports 720h as 2592000000000000 ns.
    const swarm = engineSwarm({ CAConfig: { NodeCertExpiry: 2592000000000000 } });
    const d = diff(stateOf(raw, swarm), raw);
    expect(d.reasons).toEqual([]);
    expect(d.changes).toBe(false);
    // Another spelling of the same durations is still no change.
    const d2 = diff(stateOf(raw, swarm), { spec: { ...raw.spec, dispatcherHeartbeatPeriod: "5s", caConfig: { nodeCertExpiry: "43200m" } } });
    expect(d2.changes).toBe(false);
  });

  it("no change when labels come back in another key order", () => {
    const swarm = engineSwarm({ Labels: { a: "1", b: "2", c: "3" } });
    const d = diff(stateOf({ spec: { labels: { c: "3", a: "1", b: "2" } } }, swarm), { spec: { labels: { b: "2", c: "3", a: "1" } } });
    expect(d.changes).toBe(false);
  });

  it("no change for declared empty labels read back as {} (or null)", () => {
    expect(diff(stateOf({ spec: { labels: {} } }, engineSwarm({ Labels: {} })), { spec: { labels: {} } }).changes).toBe(false);
    expect(diff(stateOf({ spec: { labels: {} } }, engineSwarm({ Labels: null })), { spec: { labels: {} } }).changes).toBe(false);
  });

  it("no change for external CAs read back with null options and an empty CACert", () => {
    const raw = { spec: { caConfig: { externalCAs: [{ url: "https://ca.example.com/sign" }] } } };
    const swarm = engineSwarm({
      CAConfig: { NodeCertExpiry: 7776000000000000, ExternalCAs: [{ Protocol: "cfssl", URL: "https://ca.example.com/sign", Options: null, CACert: "" }] },
    });
    expect(diff(stateOf(raw, swarm), raw).changes).toBe(false);
  });

  it("no change for a declared zero the engine omits on read (Go omitempty)", () => {
    // SnapshotInterval, LogEntriesForSlowFollowers, HeartbeatPeriod, NodeCertExpiry and ForceRotate are
    // `omitempty` in the Engine's Go types: a stored 0 is not reported at all.
    const raw = {
      spec: { raft: { snapshotInterval: 0, logEntriesForSlowFollowers: 0 }, dispatcherHeartbeatPeriod: "0s", caConfig: { forceRotate: 0 } },
    };
    const swarm = engineSwarm({
      Raft: { KeepOldSnapshots: 0, ElectionTick: 10, HeartbeatTick: 1 },
      Dispatcher: {},
      CAConfig: { NodeCertExpiry: 7776000000000000 },
    });
    const d = diff(stateOf(raw, swarm), raw);
    expect(d.reasons).toEqual([]);
    expect(d.changes).toBe(false);
  });

  it("undeclared settings never produce a diff, even when the engine's values move", () => {
    const olds = stateOf({ spec: { labels: { a: "1" } } }, engineSwarm({ Labels: { a: "1" } }));
    // Somebody changed undeclared settings on the engine; a refresh stored them.
    const drifted = stateOf(
      { spec: { labels: { a: "1" } } },
      engineSwarm({
        Labels: { a: "1" },
        Raft: { SnapshotInterval: 1, KeepOldSnapshots: 9, LogEntriesForSlowFollowers: 1, ElectionTick: 10, HeartbeatTick: 1 },
        Dispatcher: { HeartbeatPeriod: 1_000_000_000 },
        CAConfig: { NodeCertExpiry: 3600_000_000_000, ForceRotate: 4 },
        Orchestration: { TaskHistoryRetentionLimit: 100 },
        EncryptionConfig: { AutoLockManagers: true },
      }),
    );
    expect(diff(olds, { spec: { labels: { a: "1" } } }).changes).toBe(false);
    expect(diff(drifted, { spec: { labels: { a: "1" } } }).changes).toBe(false);
  });
});

describe("diffSwarm: updates in place", () => {
  it("a changed declared value → changes, no replace, with a reason naming the path", () => {
    const olds = stateOf({ spec: { raft: { snapshotInterval: 10000 } } }, engineSwarm());
    const d = diff(olds, { spec: { raft: { snapshotInterval: 20000 } } });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    expect(d.reasons).toEqual(["spec.raft.snapshotInterval: differs from the program; up updates it in place"]);
  });

  it("newly declaring a value different from the engine's → changes", () => {
    const d = diff(stateOf({}, engineSwarm()), { spec: { dispatcherHeartbeatPeriod: "10s" } });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(d.reasons).toEqual(["spec.dispatcherHeartbeatPeriod: differs from the program; up updates it in place"]);
  });

  it("drift of a declared value seen by refresh → changes", () => {
    const raw = { spec: { labels: { env: "prod" } } };
    const olds = stateOf(raw, engineSwarm({ Labels: { env: "prod", extra: "added-by-hand" } }));
    expect(diff(olds, raw)).toMatchObject({ changes: true, replaces: [], reasons: ["spec.labels: differs from the program; up updates it in place"] });
  });

  it("autolock on → changes in place", () => {
    const d = diff(stateOf({}, engineSwarm()), { autolock: true });
    expect(d).toMatchObject({ changes: true, replaces: [], reasons: ["autolock: differs from the program; up updates it in place"] });
  });

  it.each([
    ["unlock", false],
    ["adopt", true],
    ["leaveOnDelete", true],
  ])("a changed package setting %s → changes, no replace", (key, value) => {
    const d = diff(stateOf({}, engineSwarm()), { [key]: value });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(d.reasons).toEqual([`${key}: recorded`]);
  });
});

describe("diffSwarm: replacements", () => {
  const base = {
    listenAddr: "0.0.0.0:2377",
    advertiseAddr: "192.168.56.10",
    dataPathAddr: "192.168.57.10",
    dataPathPort: 4789,
    defaultAddrPool: ["10.20.0.0/16"],
    subnetSize: 24,
    forceNewCluster: false,
    availability: "active",
  };
  const changed: Record<(typeof INIT_ONLY)[number], unknown> = {
    listenAddr: "0.0.0.0:2378",
    advertiseAddr: "192.168.56.11",
    dataPathAddr: "192.168.57.11",
    dataPathPort: 7789,
    defaultAddrPool: ["10.30.0.0/16"],
    subnetSize: 26,
    availability: "drain",
  };

  it("covers every init-only input", () => {
    expect(Object.keys(changed).sort()).toEqual([...INIT_ONLY].sort());
  });

  it("a changed forceNewCluster is recorded, never a replace (re-creating a swarm recovers nothing)", () => {
    const d = diff(stateOf(base, engineSwarm()), { ...base, forceNewCluster: true });
    expect(d).toMatchObject({ changes: true, replaces: [], recoverQuorum: false });
    expect(d.reasons).toEqual(["forceNewCluster: recorded"]);
  });

  it("a changed recoverQuorum trigger asks for a recovery, in place", () => {
    const olds = stateOf({ ...base, recoverQuorum: "a" }, engineSwarm());
    expect(diff(olds, { ...base, recoverQuorum: "a" })).toMatchObject({ changes: false, recoverQuorum: false });
    expect(diff(olds, { ...base, recoverQuorum: "b" })).toMatchObject({ changes: true, replaces: [], recoverQuorum: true });
    expect(diff(olds, { ...base, recoverQuorum: UNKNOWN })).toMatchObject({ changes: true, recoverQuorum: true });
  });

  it("no replace when init-only inputs are unchanged", () => {
    expect(diff(stateOf(base, engineSwarm()), base).changes).toBe(false);
  });

  it.each([...INIT_ONLY])("a changed %s → replace naming it", (key) => {
    const d = diff(stateOf(base, engineSwarm()), { ...base, [key]: changed[key] });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([key]);
    expect(d.reasons).toEqual([`${key}: set only when a swarm is initialised, so changing it re-creates the swarm`]);
  });

  it.each([...INIT_ONLY])("an unknown %s → replace naming it", (key) => {
    // diffSwarm's contract: `news` parsed where known (the unknown left out), `rawNews` as received.
    const news = { ...swarmInputs.parse(base), [key]: undefined } as SwarmInputs;
    const d = diffSwarm(stateOf(base, engineSwarm()), news, { ...base, [key]: UNKNOWN }, HOST);
    expect(d.replaces).toContain(key);
    expect(d.changes).toBe(true);
  });

  it("a different engine host → replace 'connection'", () => {
    const olds = stateOf({ connection: { host: "tcp://10.0.0.1:2375" } }, engineSwarm(), "tcp://10.0.0.1:2375");
    const d = diff(olds, { connection: { host: "tcp://10.0.0.2:2375" } }, "tcp://10.0.0.2:2375");
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual(["connection"]);
    expect(d.reasons[0]).toContain("tcp://10.0.0.1:2375 → tcp://10.0.0.2:2375");
  });

  it("the same engine host → no replace, even if other connection settings change", () => {
    const olds = stateOf({ connection: { host: "tcp://10.0.0.1:2375" } }, engineSwarm(), "tcp://10.0.0.1:2375");
    const d = diff(olds, { connection: { host: "tcp://10.0.0.1:2375", requestTimeout: "60s" } }, "tcp://10.0.0.1:2375");
    expect(d.replaces).toEqual([]);
  });

  it("an unknown connection → replace 'connection'", () => {
    const olds = stateOf({}, engineSwarm());
    expect(diff(olds, { connection: { host: UNKNOWN } }).replaces).toEqual(["connection"]);
  });
});

describe("diffSwarm: rotation triggers", () => {
  const olds = stateOf({ rotateWorkerToken: "1", rotateManagerToken: 1, rotateUnlockKey: "2026-01" }, engineSwarm());

  it("unchanged triggers → nothing", () => {
    const d = diff(olds, { rotateWorkerToken: "1", rotateManagerToken: 1, rotateUnlockKey: "2026-01" });
    expect(d).toEqual({ changes: false, replaces: [], reasons: [], rotate: NO_ROTATE, recoverQuorum: false });
  });

  it("a changed value → its rotate flag only, an update not a replace", () => {
    const d = diff(olds, { rotateWorkerToken: "2", rotateManagerToken: 1, rotateUnlockKey: "2026-01" });
    expect(d.rotate).toEqual({ worker: true, manager: false, unlockKey: false });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(d.reasons).toEqual(["rotateWorkerToken: the worker join token will be rotated"]);
    expect(diff(olds, { rotateWorkerToken: "1", rotateManagerToken: 2, rotateUnlockKey: "2026-01" }).rotate.manager).toBe(true);
    expect(diff(olds, { rotateWorkerToken: "1", rotateManagerToken: 1, rotateUnlockKey: "2026-02" }).rotate.unlockKey).toBe(true);
  });

  it("a number and a string with the same digits are different triggers", () => {
    expect(diff(olds, { rotateWorkerToken: 1, rotateManagerToken: 1, rotateUnlockKey: "2026-01" }).rotate.worker).toBe(true);
  });

  it("a trigger set for the first time → rotate", () => {
    expect(diff(stateOf({}, engineSwarm()), { rotateWorkerToken: "x" }).rotate.worker).toBe(true);
  });

  it("unset triggers → nothing", () => {
    const d = diff(olds, {});
    expect(d.rotate).toEqual(NO_ROTATE);
    expect(d.changes).toBe(false);
  });

  it("an unknown trigger → rotate", () => {
    const d = diff(olds, { rotateWorkerToken: "1", rotateManagerToken: 1, rotateUnlockKey: UNKNOWN });
    expect(d.rotate).toEqual({ worker: false, manager: false, unlockKey: true });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
  });
});

describe("diffSwarm: write-only CA material", () => {
  const raw = { spec: { caConfig: { signingCACert: CA_CERT, signingCAKey: CA_KEY } } };
  const olds = stateOf(raw, engineSwarm());

  it("state holds hashes, never the key", () => {
    expect(JSON.stringify(olds)).not.toContain("signingKEYsecret");
    expect(olds.writeOnly?.signingCAKey).toMatch(/^sha256:/);
  });

  it("the same key and cert (even with other trailing whitespace) → no change", () => {
    expect(diff(olds, raw).changes).toBe(false);
    expect(diff(olds, { spec: { caConfig: { signingCACert: CA_CERT.trim(), signingCAKey: `${CA_KEY}\n` } } }).changes).toBe(false);
  });

  it("a different key → change in place naming spec.caConfig.signingCAKey", () => {
    const d = diff(olds, { spec: { caConfig: { signingCACert: CA_CERT, signingCAKey: CA_KEY.replace("secret", "other") } } });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(d.reasons).toEqual(["spec.caConfig.signingCAKey: differs from the program; up updates it in place"]);
    expect(d.reasons.join()).not.toContain("signingKEY");
  });

  it("a different cert → change naming spec.caConfig.signingCACert", () => {
    const d = diff(olds, { spec: { caConfig: { signingCACert: CA_CERT.replace("root", "next"), signingCAKey: CA_KEY } } });
    expect(d.reasons).toEqual(["spec.caConfig.signingCACert: differs from the program; up updates it in place"]);
  });

  it("CA material declared for the first time → change", () => {
    expect(diff(stateOf({}, engineSwarm()), raw).changes).toBe(true);
  });

  it("taskDefaults.logDriver (dropped by the engine) is compared with what was applied", () => {
    const ld = { spec: { taskDefaults: { logDriver: { name: "json-file", options: { "max-size": "10m", "max-file": "3" } } } } };
    const o = stateOf(ld, engineSwarm());
    expect(diff(o, { spec: { taskDefaults: { logDriver: { name: "json-file", options: { "max-file": "3", "max-size": "10m" } } } } }).changes).toBe(
      false,
    );
    expect(diff(o, { spec: { taskDefaults: { logDriver: { name: "local" } } } }).reasons).toEqual(["spec.taskDefaults.logDriver: differs from the program; up updates it in place"]);
  });
});

describe("diffSwarm: unknown values in the spec", () => {
  it("an unknown anywhere in spec → changes, no replace", () => {
    const olds = stateOf({ spec: { raft: { snapshotInterval: 10000 } } }, engineSwarm());
    for (const spec of [UNKNOWN, { raft: { snapshotInterval: UNKNOWN } }, { labels: { env: UNKNOWN } }]) {
      const d = diff(olds, { spec });
      expect(d.changes).toBe(true);
      expect(d.replaces).toEqual([]);
      expect(d.reasons).toContain("spec: depends on values not known until apply");
    }
  });

  it("an unknown autolock → changes", () => {
    const d = diff(stateOf({}, engineSwarm()), { autolock: UNKNOWN });
    expect(d).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("Swarm inputs validation", () => {
  const failuresOf = (raw: unknown) => validate(swarmInputs, raw).failures;
  const certs = fs.mkdtempSync(path.join(os.tmpdir(), "pds-certs-"));
  for (const f of ["ca.pem", "cert.pem", "key.pem"]) fs.writeFileSync(path.join(certs, f), "-");
  afterAll(() => fs.rmSync(certs, { recursive: true, force: true }));

  it("accepts a full, valid set of inputs", () => {
    expect(
      failuresOf({
        connection: { host: "tcp://10.0.0.1:2376", tls: { certPath: certs }, apiVersion: "1.41", requestTimeout: "30s" },
        advertiseAddr: "192.168.56.10",
        dataPathPort: 4789,
        defaultAddrPool: ["10.20.0.0/16"],
        subnetSize: 24,
        autolock: true,
        spec: { labels: { a: "b" }, dispatcherHeartbeatPeriod: "5s", caConfig: { nodeCertExpiry: "2160h" } },
        rotateWorkerToken: 1,
      }),
    ).toEqual([]);
  });

  it('a bad duration "5 parsecs" → spec.dispatcherHeartbeatPeriod', () => {
    const f = failuresOf({ spec: { dispatcherHeartbeatPeriod: "5 parsecs" } });
    expect(f).toHaveLength(1);
    expect(f[0].property).toBe("spec.dispatcherHeartbeatPeriod");
    expect(f[0].reason).toContain('"5 parsecs" is not a duration');
  });

  it("a negative duration → named", () => {
    const f = failuresOf({ spec: { caConfig: { nodeCertExpiry: "-1h" } } });
    expect(f.map((x) => x.property)).toEqual(["spec.caConfig.nodeCertExpiry"]);
    expect(f[0].reason).toContain("negative");
  });

  it("dataPathPort 80 → out of range", () => {
    expect(failuresOf({ dataPathPort: 80 })).toEqual([{ property: "dataPathPort", reason: "dataPathPort: must be between 1024 and 49151" }]);
    expect(failuresOf({ dataPathPort: 49152 })[0].property).toBe("dataPathPort");
  });

  it("subnetSize without defaultAddrPool is accepted, as the Engine accepts it (the default pool is cut to that size)", () => {
    expect(failuresOf({ subnetSize: 26 })).toEqual([]);
  });

  it.each([
    ["advertiseAddr", "not an ip!!", "is not an IP address or interface name"],
    ["listenAddr", "0.0.0.0:99999", "the port 99999 is outside 1-65535"],
    ["listenAddr", "0.0.0.0:port", 'the port "port" is not a number'],
    ["advertiseAddr", "[fd00::zz]:2377", "is not an IPv6 address"],
    ["dataPathAddr", "10.0.0.1:4789", "has a port, but this address takes none"],
  ])("%s %j → names it and says why", (key, value, why) => {
    const f = failuresOf({ [key]: value });
    expect(f.map((x) => x.property)).toEqual([key]);
    expect(f[0].reason).toContain(why);
    expect(f[0].reason).toContain(JSON.stringify(value).slice(1, -1).split(":")[0]);
  });

  it.each([["10.0.0.11"], ["10.0.0.11:2377"], ["eth0"], ["eth0:2377"], ["[fd00::11]:2377"], ["fd00::11"], ["0.0.0.0:2377"]])("address %s is accepted", (a) => {
    expect(failuresOf({ advertiseAddr: a, listenAddr: a })).toEqual([]);
  });

  it("a TLS key without its certificate (or the reverse) → named", () => {
    expect(failuresOf({ connection: { host: "tcp://10.0.0.1:2376", tls: { key: "PEM" } } }).map((x) => x.property)).toEqual(["connection.tls.key"]);
    expect(failuresOf({ connection: { host: "tcp://10.0.0.1:2376", tls: { cert: "PEM" } } }).map((x) => x.property)).toEqual(["connection.tls.cert"]);
  });

  it("a certPath that does not exist, or lacks ca.pem → named, with the path", () => {
    const missing = path.join(certs, "nope");
    const f = failuresOf({ connection: { host: "tcp://10.0.0.1:2376", tls: { certPath: missing } } });
    expect(f).toEqual([{ property: "connection.tls.certPath", reason: `connection.tls.certPath: "${missing}" is not a folder (it should hold ca.pem, cert.pem and key.pem)` }]);
    const noCa = fs.mkdtempSync(path.join(os.tmpdir(), "pds-certs-"));
    try {
      expect(failuresOf({ connection: { host: "tcp://10.0.0.1:2376", tls: { certPath: noCa } } })[0].reason).toContain("holds no ca.pem");
      expect(failuresOf({ connection: { host: "tcp://10.0.0.1:2376", tls: { certPath: noCa, verify: false } } })).toEqual([]);
    } finally {
      fs.rmSync(noCa, { recursive: true, force: true });
    }
  });

  it("an empty label key → says so (not zod's generic message)", () => {
    expect(failuresOf({ spec: { labels: { "": "x" } } })).toEqual([
      { property: "spec.labels.", reason: 'spec.labels.: label keys cannot be empty (key "")' },
    ]);
  });

  it('defaultAddrPool "not-a-cidr" → names the bad entry', () => {
    expect(failuresOf({ defaultAddrPool: ["10.20.0.0/16", "not-a-cidr"] })).toEqual([
      { property: "defaultAddrPool[1]", reason: 'defaultAddrPool[1]: must be an IPv4 CIDR such as 10.20.0.0/16 (got "not-a-cidr")' },
    ]);
    // A bare string instead of a list is named too.
    expect(failuresOf({ defaultAddrPool: "not-a-cidr" }).map((x) => x.property)).toEqual(["defaultAddrPool"]);
  });

  it("an unknown property → named, at the top level and inside spec", () => {
    expect(failuresOf({ listenAddress: "0.0.0.0:2377" })).toEqual([{ property: "(inputs)", reason: '(inputs): unknown property "listenAddress"' }]);
    expect(failuresOf({ spec: { raft: { snapshotIntervall: 5 } } })).toEqual([
      { property: "spec.raft", reason: 'spec.raft: unknown property "snapshotIntervall"' },
    ]);
  });

  it("signingCAKey without signingCACert → names signingCACert", () => {
    expect(failuresOf({ spec: { caConfig: { signingCAKey: CA_KEY } } })).toEqual([
      { property: "spec.caConfig.signingCACert", reason: "spec.caConfig.signingCACert: is required when signingCAKey is set" },
    ]);
  });

  it("an ssh:// connection host is accepted, with sshOptions; what the docker CLI refuses in it is named", () => {
    expect(failuresOf({ connection: { host: "ssh://admin@manager-1" } })).toEqual([]);
    expect(failuresOf({ connection: { host: "ssh://admin@manager-1:2222/run/user/1000/docker.sock", sshOptions: ["ProxyJump=bastion", "IdentityFile ~/.ssh/deploy"] } })).toEqual([]);
    const bad = (host: string) => failuresOf({ connection: { host } });
    expect(bad("ssh://admin:hunter2@manager-1")).toEqual([
      { property: "connection.host", reason: "connection.host: a password in an ssh:// URL is not supported (use a key, the ssh agent or ~/.ssh/config)" },
    ]);
    expect(bad("ssh://admin@manager-1?x=1")[0].reason).toContain("query parameters are not allowed");
    expect(bad("ssh://admin@manager-1#frag")[0].reason).toContain("fragments are not allowed");
    expect(bad("npipe:////./pipe/docker_engine")[0].reason).toContain('unsupported scheme "npipe:"');
  });

  it("connection: host with context, tls with ssh:// or context, sshOptions without ssh://, an option that accepts any host key → each named", () => {
    const props = (connection: unknown) => failuresOf({ connection }).map((x) => x.property);
    expect(props({ host: "tcp://10.0.0.1:2376", context: "prod" })).toEqual(["connection.context"]);
    expect(props({ context: "prod", tls: { verify: false } })).toEqual(["connection.tls"]);
    expect(props({ host: "ssh://ops@m1", tls: { verify: false } })).toEqual(["connection.tls"]);
    expect(props({ host: "tcp://10.0.0.1:2375", sshOptions: ["Port=2222"] })).toEqual(["connection.sshOptions"]);
    expect(props({ context: "" })).toEqual(["connection.context"]);
    const f = failuresOf({ connection: { host: "ssh://ops@m1", sshOptions: ["StrictHostKeyChecking=no"] } });
    expect(f.map((x) => x.property)).toEqual(["connection.sshOptions[0]"]);
    expect(f[0].reason).toContain("would accept any host key: it is not allowed");
    expect(props({ host: "ssh://ops@m1", sshOptions: ["-oProxyCommand=x"] })).toEqual(["connection.sshOptions[0]"]);
    // A context alone (or with sshOptions, for an ssh:// context) is fine at preview: it is read at create.
    expect(props({ context: "prod", sshOptions: ["ConnectTimeout=5"] })).toEqual([]);
  });

  it("an availability outside active/pause/drain → named", () => {
    expect(failuresOf({ availability: "paused" }).map((x) => x.property)).toEqual(["availability"]);
  });
});

describe("diffSwarmDetailed: the same changes as a structured list", () => {
  it("names each changed property's path, whether it replaces, and the same reason", () => {
    const raw = { advertiseAddr: "10.0.0.11", spec: { taskHistoryRetentionLimit: 3 } };
    const olds = stateOf(raw, engineSwarm({ Orchestration: { TaskHistoryRetentionLimit: 3 } }));
    const next = { advertiseAddr: "10.0.0.12", spec: { taskHistoryRetentionLimit: 7, raft: { snapshotInterval: 20000 } } };
    const news: SwarmInputs = swarmInputs.parse(next);
    const d = diffSwarmDetailed(olds, news, next, HOST);
    expect(d.properties).toEqual([
      { path: "advertiseAddr", replace: true, reason: "advertiseAddr: set only when a swarm is initialised, so changing it re-creates the swarm" },
      { path: "spec.taskHistoryRetentionLimit", replace: false, reason: "spec.taskHistoryRetentionLimit: differs from the program; up updates it in place" },
      { path: "spec.raft.snapshotInterval", replace: false, reason: "spec.raft.snapshotInterval: differs from the program; up updates it in place" },
    ]);
    expect(d.reasons).toEqual(d.properties.map((p) => p.reason));
    // diffSwarm is the same diff without the list.
    const { properties: _p, ...plain } = d;
    expect(diffSwarm(olds, news, next, HOST)).toEqual(plain);
  });

  it("an unchanged swarm has an empty list", () => {
    const olds = stateOf({}, engineSwarm());
    expect(diffSwarmDetailed(olds, swarmInputs.parse({}), {}, HOST).properties).toEqual([]);
  });
});
