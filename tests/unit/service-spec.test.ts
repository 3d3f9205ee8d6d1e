/**
 * The pure mapping between SwarmService inputs and the Engine's ServiceSpec, in both directions,
 * checked against specs that real engines (20.10 and 26.1) returned for a service created from
 * known inputs.
 */
import { serviceInputsBase } from "../../provider/service/args";
import { normalizeSpec } from "../../provider/service/normalize";
import { fromEngineSpec, specInputsOf, toEngineSpec } from "../../provider/service/spec";
import type { EngineServiceSpec } from "../../provider/engine/service-spec";
import { emptyReferences } from "../../provider/engine/service-references";
import { RICH_SERVICE_ENGINE_20_10, RICH_SERVICE_ENGINE_26_1 } from "../helpers/service-fixtures";
import { parseInputs, RICH_INPUTS, richRefs } from "../helpers/service-state";

const specOf = (f: { Spec: unknown }) => f.Spec as unknown as EngineServiceSpec;

describe.each([
  ["20.10", RICH_SERVICE_ENGINE_20_10],
  ["26.1", RICH_SERVICE_ENGINE_26_1],
])("mapping against a spec read back from Engine %s", (_v, fixture) => {
  const refs = richRefs(fixture);
  const readBack = specOf(fixture);

  it("the inputs map to the spec the Engine stored (after normalisation)", () => {
    const inputs = parseInputs(RICH_INPUTS);
    const written = toEngineSpec(specInputsOf(inputs, "rich"), refs);
    expect(normalizeSpec(written, refs)).toEqual(normalizeSpec(readBack, refs));
  });

  it("the read-back spec maps to valid inputs, which map back to the same spec (round trip)", () => {
    const effective = fromEngineSpec(readBack, refs);
    const parsed = serviceInputsBase.safeParse(effective);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const again = toEngineSpec(specInputsOf(parsed.data!, effective.name), refs);
    expect(normalizeSpec(again, refs)).toEqual(normalizeSpec(readBack, refs));
  });

  it("shows the read-back spec in the inputs' units and by name", () => {
    const e = fromEngineSpec(readBack, refs);
    expect(e).toMatchObject({
      name: "rich",
      mode: "replicated",
      replicas: 1,
      stopGracePeriod: "1s",
      env: ["B=2", "A=1"],
      hosts: ["10.0.0.5 db.local"],
      networks: [{ target: "n1", aliases: ["web"], driverOpts: { k: "v" } }],
      resources: { limits: { cpus: 0.5, memory: 64 * 1024 * 1024, pids: 100 }, reservations: { cpus: 0.1, memory: 8 * 1024 * 1024 } },
      secrets: [{ secretName: "s1", secretId: refs.secrets.s1, fileName: "s1", uid: "0", gid: "0", mode: 0o444 }],
      updateConfig: { parallelism: 1, delay: "1s", monitor: "1s", failureAction: "pause", order: "stop-first", maxFailureRatio: 0 },
      healthcheck: { test: ["CMD-SHELL", "true"], interval: "2s" },
      privileges: { seLinuxContext: { disable: true } },
    });
    // Engine noise is gone: Isolation "default", Runtime, ForceUpdate 0, null Privileges members.
    expect(e).not.toHaveProperty("isolation");
    expect(e).not.toHaveProperty("forceUpdate");
    expect(e.privileges).not.toHaveProperty("credentialSpec");
    expect(e.privileges).not.toHaveProperty("noNewPrivileges");
  });
});

describe("toEngineSpec details", () => {
  const map = (raw: Record<string, unknown>) => toEngineSpec(specInputsOf(parseInputs({ image: "img", ...raw }), "svc"));

  it("sends a record env sorted by name and a list env in the order given", () => {
    expect(map({ env: { B: "2", A: "1" } }).TaskTemplate.ContainerSpec.Env).toEqual(["A=1", "B=2"]);
    expect(map({ env: ["B=2", "A=1"] }).TaskTemplate.ContainerSpec.Env).toEqual(["B=2", "A=1"]);
  });

  it("converts units: durations to ns, cpus to NanoCPUs, sizes to bytes, octal modes", () => {
    const s = map({
      stopGracePeriod: "1m30s",
      resources: { limits: { cpus: 1.5, memory: "512M" } },
      mounts: [{ type: "tmpfs", target: "/t", tmpfsOptions: { sizeBytes: "64k", mode: "1777" } }],
      secrets: [{ secretName: "db", mode: "0400", uid: 1000 }],
    });
    expect(s.TaskTemplate.ContainerSpec.StopGracePeriod).toBe(90e9);
    expect(s.TaskTemplate.Resources?.Limits).toEqual({ NanoCPUs: 1.5e9, MemoryBytes: 512 * 1024 * 1024 });
    expect(s.TaskTemplate.ContainerSpec.Mounts?.[0].TmpfsOptions).toEqual({ SizeBytes: 65536, Mode: 0o1777 });
    expect(s.TaskTemplate.ContainerSpec.Secrets?.[0]).toEqual({ SecretName: "db", File: { Name: "db", UID: "1000", GID: "0", Mode: 0o400 } });
  });

  it("maps each mode with the Engine's defaults", () => {
    expect(map({}).Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(map({ mode: "global" }).Mode).toEqual({ Global: {} });
    expect(map({ mode: "replicated-job", maxConcurrent: 2 }).Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } });
    expect(map({ mode: "global-job" }).Mode).toEqual({ GlobalJob: {} });
  });

  it("sends update configs as the docker CLI does (parallelism 1 unless given, not 0 = all at once)", () => {
    expect(map({ updateConfig: { monitor: "2s" } }).UpdateConfig).toEqual({ Parallelism: 1, Monitor: 2e9, FailureAction: "pause", MaxFailureRatio: 0, Order: "stop-first" });
    expect(map({ updateConfig: { parallelism: 0 } }).UpdateConfig?.Parallelism).toBe(0);
  });

  it("fills IDs of secrets, configs and networks from the references, and names of objects given by ID", () => {
    const refs = { secrets: { db: "sid" }, configs: { gmsa: "cid" }, networks: { front: "nid" } };
    const s = toEngineSpec(
      specInputsOf(
        parseInputs({
          image: "img",
          secrets: [{ secretId: "sid", fileName: "password" }],
          configs: [{ configName: "gmsa", runtime: true }],
          privileges: { credentialSpec: { config: "gmsa" } },
          networks: ["front"],
        }),
        "svc",
      ),
      refs,
    );
    expect(s.TaskTemplate.ContainerSpec.Secrets).toEqual([{ SecretID: "sid", SecretName: "db", File: { Name: "password", UID: "0", GID: "0", Mode: 0o444 } }]);
    expect(s.TaskTemplate.ContainerSpec.Configs).toEqual([{ ConfigID: "cid", ConfigName: "gmsa", Runtime: {} }]);
    expect(s.TaskTemplate.ContainerSpec.Privileges?.CredentialSpec).toEqual({ Config: "cid" });
    expect(s.TaskTemplate.Networks).toEqual([{ Target: "nid" }]);
  });

  it("sends a seccomp profile as base64 (a Go []byte) and reads it back as text", () => {
    const profile = '{"defaultAction":"SCMP_ACT_ALLOW"}';
    const s = map({ privileges: { seccomp: { mode: "custom", profile }, noNewPrivileges: true } });
    expect(s.TaskTemplate.ContainerSpec.Privileges).toEqual({ Seccomp: { Mode: "custom", Profile: Buffer.from(profile).toString("base64") }, NoNewPrivileges: true });
    expect(fromEngineSpec(s).privileges).toEqual({ seccomp: { mode: "custom", profile }, noNewPrivileges: true });
  });

  it("turns a healthcheck string into CMD-SHELL and disable into NONE", () => {
    expect(map({ healthcheck: { test: "curl -f x" } }).TaskTemplate.ContainerSpec.Healthcheck).toEqual({ Test: ["CMD-SHELL", "curl -f x"] });
    expect(map({ healthcheck: { disable: true } }).TaskTemplate.ContainerSpec.Healthcheck).toEqual({ Test: ["NONE"] });
    expect(fromEngineSpec(map({ healthcheck: { disable: true } })).healthcheck).toEqual({ disable: true });
  });

  it("leaves out everything not declared", () => {
    expect(map({})).toEqual({ Name: "svc", TaskTemplate: { ContainerSpec: { Image: "img" } }, Mode: { Replicated: { Replicas: 1 } } });
  });
});

describe("fromEngineSpec on a minimal service as the Engine returns it", () => {
  it("drops the Engine's own additions", () => {
    const readBack: EngineServiceSpec = {
      Name: "t1",
      Labels: {},
      TaskTemplate: { ContainerSpec: { Image: "pds/busybox:latest", Command: ["sleep", "3600"], Isolation: "default" }, ForceUpdate: 0, Runtime: "container" },
      Mode: { Replicated: { Replicas: 2 } },
    };
    expect(fromEngineSpec(readBack, emptyReferences())).toEqual({ name: "t1", image: "pds/busybox:latest", command: ["sleep", "3600"], mode: "replicated", replicas: 2 });
  });

  it("reads a job's mode and its counts", () => {
    const spec: EngineServiceSpec = { Name: "j", TaskTemplate: { ContainerSpec: { Image: "i" } }, Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 3 } } };
    expect(fromEngineSpec(spec)).toMatchObject({ mode: "replicated-job", maxConcurrent: 1, totalCompletions: 3 });
    expect(fromEngineSpec({ ...spec, Mode: { GlobalJob: {} } }).mode).toBe("global-job");
  });
});
