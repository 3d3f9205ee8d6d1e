/** provider/swarm/spec.ts: inputs → init request, read-modify-write spec, read-back spec in the user's units. */
import { SwarmSchema, type Swarm, type SwarmSpec } from "../../provider/engine/schemas";
import { swarmInputs } from "../../provider/swarm/args";
import {
  applyDeclared,
  declaredEngineSpec,
  effectiveFlat,
  effectiveSpec,
  sha256,
  toInitRequest,
  writeOnlyOf,
} from "../../provider/swarm/spec";

const CA_CERT = "-----BEGIN CERTIFICATE-----\nMIIBrootCA\n-----END CERTIFICATE-----\n";
const CA_KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIsigningKEYsecret\n-----END EC PRIVATE KEY-----\n";

/** GET /swarm of a fresh 20.10 swarm with swarmkit defaults (engine-api §4.2, §4.9). */
function engineSwarm(spec: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Swarm {
  return SwarmSchema.parse({
    ID: "q2dwxa0y3ybfbo4sgiuxhqkqi",
    Version: { Index: 11 },
    CreatedAt: "2026-01-01T00:00:00Z",
    UpdatedAt: "2026-01-01T00:00:01Z",
    Spec: {
      Name: "default",
      Labels: { env: "test" },
      Orchestration: { TaskHistoryRetentionLimit: 5 },
      Raft: { SnapshotInterval: 10000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1 },
      Dispatcher: { HeartbeatPeriod: 5000000000 },
      CAConfig: {
        NodeCertExpiry: 7776000000000000,
        ExternalCAs: [{ Protocol: "cfssl", URL: "https://ca.example.com/sign", Options: { b: "2", a: "1" }, CACert: "" }],
      },
      TaskDefaults: {},
      EncryptionConfig: { AutoLockManagers: false },
      ...spec,
    },
    TLSInfo: { TrustRoot: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" },
    RootRotationInProgress: false,
    DefaultAddrPool: ["10.0.0.0/8"],
    SubnetSize: 24,
    DataPathPort: 4789,
    JoinTokens: { Worker: "SWMTKN-1-aaa-bbb", Manager: "SWMTKN-1-aaa-ccc" },
    ...top,
  });
}

const inputs = (raw: Record<string, unknown>) => swarmInputs.parse(raw);

describe("toInitRequest", () => {
  it("maps the init-only inputs and defaults ListenAddr to 0.0.0.0:2377", () => {
    const req = toInitRequest(
      inputs({
        advertiseAddr: "192.168.56.10",
        dataPathAddr: "192.168.57.10",
        dataPathPort: 7789,
        defaultAddrPool: ["10.20.0.0/16"],
        subnetSize: 26,
        forceNewCluster: false,
        availability: "drain",
      }),
    );
    expect(req).toEqual({
      ListenAddr: "0.0.0.0:2377",
      AdvertiseAddr: "192.168.56.10",
      DataPathAddr: "192.168.57.10",
      DataPathPort: 7789,
      DefaultAddrPool: ["10.20.0.0/16"],
      SubnetSize: 26,
      ForceNewCluster: false,
      Availability: "drain",
      Spec: {},
    });
  });

  it("a pool without subnetSize sends the CLI's default 24 (the Engine would store 0, and 26.1 then gives overlays no subnet)", () => {
    expect(toInitRequest(inputs({ defaultAddrPool: ["10.20.0.0/16"] }))).toMatchObject({ DefaultAddrPool: ["10.20.0.0/16"], SubnetSize: 24 });
    // subnetSize alone is sent as given: the Engine cuts its default pool to that size.
    expect(toInitRequest(inputs({ subnetSize: 26 }))).toMatchObject({ SubnetSize: 26 });
    expect(toInitRequest(inputs({})).SubnetSize).toBeUndefined();
  });

  it("sends no undefined members (they would break protobuf Struct / JSON)", () => {
    const req = toInitRequest(inputs({}));
    expect(req).toEqual({ ListenAddr: "0.0.0.0:2377", Spec: {} });
    expect(Object.values(req).includes(undefined)).toBe(false);
  });

  it.each([true, false])("sets autolock=%p both top-level and in Spec.EncryptionConfig", (autolock) => {
    const req = toInitRequest(inputs({ autolock }));
    expect(req.AutoLockManagers).toBe(autolock);
    expect(req.Spec.EncryptionConfig).toEqual({ AutoLockManagers: autolock });
  });

  it("leaves autolock out entirely when not declared", () => {
    const req = toInitRequest(inputs({}));
    expect(req).not.toHaveProperty("AutoLockManagers");
    expect(req.Spec).not.toHaveProperty("EncryptionConfig");
  });

  it("converts durations to integer nanoseconds and maps the spec", () => {
    const req = toInitRequest(
      inputs({
        spec: {
          labels: { env: "prod" },
          taskHistoryRetentionLimit: 10,
          raft: { snapshotInterval: 5000, keepOldSnapshots: 1 },
          dispatcherHeartbeatPeriod: "5s",
          caConfig: {
            nodeCertExpiry: "2160h",
            externalCAs: [{ url: "https://ca.example.com/sign", options: { k: "v" } }],
            forceRotate: 1,
          },
          taskDefaults: { logDriver: { name: "json-file", options: { "max-size": "10m" } } },
        },
      }),
    );
    expect(req.Spec).toEqual({
      Labels: { env: "prod" },
      Orchestration: { TaskHistoryRetentionLimit: 10 },
      Raft: { SnapshotInterval: 5000, KeepOldSnapshots: 1 },
      Dispatcher: { HeartbeatPeriod: 5_000_000_000 },
      CAConfig: {
        NodeCertExpiry: 7_776_000_000_000_000,
        ExternalCAs: [{ Protocol: "cfssl", URL: "https://ca.example.com/sign", Options: { k: "v" } }],
        ForceRotate: 1,
      },
      TaskDefaults: { LogDriver: { Name: "json-file", Options: { "max-size": "10m" } } },
    });
    expect(Number.isSafeInteger(req.Spec.CAConfig?.NodeCertExpiry)).toBe(true);
  });

  it("converts compound and sub-second durations exactly", () => {
    const req = toInitRequest(inputs({ spec: { dispatcherHeartbeatPeriod: "1m30s", caConfig: { nodeCertExpiry: "1h30m" } } }));
    expect(req.Spec.Dispatcher?.HeartbeatPeriod).toBe(90_000_000_000);
    expect(req.Spec.CAConfig?.NodeCertExpiry).toBe(5_400_000_000_000);
    expect(toInitRequest(inputs({ spec: { dispatcherHeartbeatPeriod: "2500ms" } })).Spec.Dispatcher?.HeartbeatPeriod).toBe(2_500_000_000);
  });

  it("sends declared signing CA material at init", () => {
    const req = toInitRequest(inputs({ spec: { caConfig: { signingCACert: CA_CERT, signingCAKey: CA_KEY } } }));
    expect(req.Spec.CAConfig).toEqual({ SigningCACert: CA_CERT, SigningCAKey: CA_KEY });
  });
});

describe("applyDeclared", () => {
  it("carries every undeclared setting over as read from the engine", () => {
    const current = engineSwarm().Spec;
    const next = applyDeclared(current, { raft: { snapshotInterval: 20000 } }, undefined);
    expect(next).toEqual({
      ...current,
      Raft: { SnapshotInterval: 20000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1 },
    });
  });

  it("returns the engine's spec unchanged (as a new object) when nothing is declared", () => {
    const current = engineSwarm().Spec;
    const next = applyDeclared(current, undefined, undefined);
    expect(next).toEqual(current);
    expect(next).not.toBe(current);
  });

  it("does not mutate the spec that was read", () => {
    const current = engineSwarm().Spec;
    const before = structuredClone(current);
    applyDeclared(current, { labels: { x: "y" }, raft: { snapshotInterval: 1 }, caConfig: { forceRotate: 3 } }, true);
    expect(current).toEqual(before);
  });

  it("lays declared settings over the current ones, per section", () => {
    const current = engineSwarm().Spec;
    const next = applyDeclared(
      current,
      {
        labels: { team: "infra" },
        taskHistoryRetentionLimit: 2,
        dispatcherHeartbeatPeriod: "10s",
        caConfig: { nodeCertExpiry: "720h" },
        taskDefaults: { logDriver: { name: "local" } },
      },
      true,
    );
    expect(next.Labels).toEqual({ team: "infra" }); // labels are declared whole: the engine's env=test goes
    expect(next.Orchestration).toEqual({ TaskHistoryRetentionLimit: 2 });
    expect(next.Dispatcher).toEqual({ HeartbeatPeriod: 10_000_000_000 });
    expect(next.CAConfig).toEqual({ ...current.CAConfig, NodeCertExpiry: 2_592_000_000_000_000 });
    expect(next.EncryptionConfig).toEqual({ AutoLockManagers: true });
    expect(next.TaskDefaults).toEqual({ LogDriver: { Name: "local" } });
    expect(next.Raft).toEqual(current.Raft);
  });

  it('always names the spec "default" (the engine rejects any other name)', () => {
    const { Name: _n, ...unnamed } = engineSwarm().Spec;
    expect(applyDeclared(unnamed, undefined, undefined).Name).toBe("default");
    expect(applyDeclared({ ...unnamed, Name: "" }, undefined, undefined).Name).toBe("default");
    expect(applyDeclared({ ...unnamed, Name: null }, undefined, undefined).Name).toBe("default");
  });

  it("never copies write-only CA material from what was read", () => {
    // The engine never returns these, but a spec held from an earlier write might: they must not be re-sent.
    const current: SwarmSpec = {
      ...engineSwarm().Spec,
      CAConfig: { NodeCertExpiry: 7776000000000000, SigningCACert: CA_CERT, SigningCAKey: CA_KEY, ForceRotate: 0 },
    };
    for (const spec of [undefined, { labels: { a: "b" } }, { caConfig: { forceRotate: 1 } }]) {
      const next = applyDeclared(current, spec, undefined);
      expect(next.CAConfig).not.toHaveProperty("SigningCACert");
      expect(next.CAConfig).not.toHaveProperty("SigningCAKey");
      expect(JSON.stringify(next)).not.toContain("signingKEYsecret");
    }
  });

  it("sends declared CA material, and carries the rest of CAConfig", () => {
    const current = engineSwarm().Spec;
    const next = applyDeclared(current, { caConfig: { signingCACert: CA_CERT, signingCAKey: CA_KEY, forceRotate: 1 } }, undefined);
    expect(next.CAConfig).toEqual({ ...current.CAConfig, SigningCACert: CA_CERT, SigningCAKey: CA_KEY, ForceRotate: 1 });
  });

  it("copes with null sections from the engine", () => {
    const current: SwarmSpec = { Name: "default", Labels: null, Raft: null, CAConfig: null, EncryptionConfig: null };
    const next = applyDeclared(current, { raft: { snapshotInterval: 5 } }, false);
    expect(next.Raft).toEqual({ SnapshotInterval: 5 });
    expect(next.EncryptionConfig).toEqual({ AutoLockManagers: false });
    expect(next.CAConfig).toEqual({});
  });
});

describe("effectiveSpec", () => {
  it("turns nanoseconds back into the shortest duration and sorts maps", () => {
    const eff = effectiveSpec(engineSwarm());
    expect(eff).toEqual({
      labels: { env: "test" },
      taskHistoryRetentionLimit: 5,
      raft: { snapshotInterval: 10000, keepOldSnapshots: 0, logEntriesForSlowFollowers: 500, electionTick: 10, heartbeatTick: 1 },
      dispatcherHeartbeatPeriod: "5s",
      caConfig: {
        nodeCertExpiry: "2160h",
        externalCAs: [{ protocol: "cfssl", url: "https://ca.example.com/sign", options: { a: "1", b: "2" } }],
        forceRotate: 0,
      },
    });
    expect(Object.keys(eff.caConfig.externalCAs[0].options)).toEqual(["a", "b"]);
  });

  it("formats compound durations", () => {
    const eff = effectiveSpec(engineSwarm({ Dispatcher: { HeartbeatPeriod: 90_000_000_000 }, CAConfig: { NodeCertExpiry: 2_592_000_000_000_000 } }));
    expect(eff.dispatcherHeartbeatPeriod).toBe("1m30s");
    expect(eff.caConfig.nodeCertExpiry).toBe("720h");
  });

  it("null and absent values from the engine come out absent (not null, not undefined members)", () => {
    const eff = effectiveSpec(
      engineSwarm({
        Labels: null,
        Orchestration: null,
        Raft: { SnapshotInterval: null, ElectionTick: 10, HeartbeatTick: 1 },
        Dispatcher: { HeartbeatPeriod: null },
        CAConfig: { NodeCertExpiry: 0, ExternalCAs: null },
      }),
    );
    expect(eff).toEqual({ labels: {}, raft: { electionTick: 10, heartbeatTick: 1 }, caConfig: { externalCAs: [], forceRotate: 0 } });
    const json = JSON.stringify(eff);
    expect(json).not.toContain("null");
    expect(eff).not.toHaveProperty("dispatcherHeartbeatPeriod");
    expect(eff).not.toHaveProperty("taskHistoryRetentionLimit");
  });

  it("omits an empty CACert of an external CA", () => {
    const eff = effectiveSpec(engineSwarm());
    expect(eff.caConfig.externalCAs[0]).not.toHaveProperty("caCert");
  });

  it("round-trips with declared settings: init spec → engine → effective spec", () => {
    const declared = {
      labels: { b: "2", a: "1" },
      taskHistoryRetentionLimit: 3,
      raft: { snapshotInterval: 2000, keepOldSnapshots: 2, logEntriesForSlowFollowers: 100, electionTick: 10, heartbeatTick: 1 },
      dispatcherHeartbeatPeriod: "7s",
      caConfig: { nodeCertExpiry: "720h", externalCAs: [{ url: "https://ca.example.com/sign", options: { x: "y" } }], forceRotate: 2 },
    };
    const engineSpec = declaredEngineSpec(inputs({ spec: declared }).spec, undefined);
    const eff = effectiveSpec(engineSwarm(engineSpec as Record<string, unknown>));
    expect(eff).toEqual({
      ...declared,
      labels: { a: "1", b: "2" },
      caConfig: { ...declared.caConfig, externalCAs: [{ protocol: "cfssl", url: "https://ca.example.com/sign", options: { x: "y" } }] },
    });
  });
});

describe("write-only settings and comparable values", () => {
  it("are kept as hashes of the trimmed PEM, never as text", () => {
    const wo = writeOnlyOf({ caConfig: { signingCACert: `${CA_CERT}\n\n`, signingCAKey: CA_KEY } });
    expect(wo).toEqual({ signingCACert: sha256(CA_CERT.trim()), signingCAKey: sha256(CA_KEY.trim()) });
    expect(wo.signingCAKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(wo)).not.toContain("signingKEYsecret");
  });

  it("effectiveFlat treats values the engine omits when zero (Go omitempty) as zero", () => {
    const flat = effectiveFlat(
      effectiveSpec(engineSwarm({ Dispatcher: {}, CAConfig: {}, Raft: { KeepOldSnapshots: 0, ElectionTick: 10, HeartbeatTick: 1 } })),
      false,
    );
    expect(flat["spec.raft.snapshotInterval"]).toBe(0);
    expect(flat["spec.raft.logEntriesForSlowFollowers"]).toBe(0);
    expect(flat["spec.raft.keepOldSnapshots"]).toBe(0);
    expect(flat["spec.dispatcherHeartbeatPeriod"]).toBe(0);
    expect(flat["spec.caConfig.nodeCertExpiry"]).toBe(0);
    expect(flat["spec.caConfig.forceRotate"]).toBe(0);
  });
});
