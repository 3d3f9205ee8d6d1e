/**
 * diffService (pure): no spurious diffs between what a program declares and what the Engine reports,
 * field-by-field reasons, and the replace rules (only name and mode). State is built the way the
 * provider builds it (see tests/helpers/service-state.ts).
 */
import { UNKNOWN } from "../../provider/common/unknowns";
import { diffService, diffServiceDetailed, registryAuthHash } from "../../provider/service/diff";
import { sameImage, normalImage } from "../../provider/service/image";
import { carryOver, normalizeSpec } from "../../provider/service/normalize";
import { specInputsOf, toEngineSpec } from "../../provider/service/spec";
import type { EngineServiceSpec } from "../../provider/engine/service-spec";
import { emptyReferences } from "../../provider/engine/service-references";
import { RICH_SERVICE_ENGINE_20_10, RICH_SERVICE_ENGINE_26_1 } from "../helpers/service-fixtures";
import { parseForDiff, parseInputs, RICH_INPUTS, richRefs, stateOf } from "../helpers/service-state";

const BASE = { image: "pds/busybox:latest", command: ["sleep", "3600"], _name: "web" };

/** What the Engine stores for `raw` (as sent), with the additions it makes on every read. */
function engineReadBack(raw: Record<string, unknown>, extra: (s: EngineServiceSpec) => void = () => undefined): EngineServiceSpec {
  const s = toEngineSpec(specInputsOf(parseInputs(raw), (raw.name as string) ?? "web"));
  s.Labels ??= {};
  s.TaskTemplate.ContainerSpec.Isolation = "default";
  s.TaskTemplate.ForceUpdate = 0;
  s.TaskTemplate.Runtime = "container";
  extra(s);
  return s;
}

function diff(olds: ReturnType<typeof stateOf>, raw: Record<string, unknown>) {
  return diffService(olds, parseForDiff(raw), raw);
}

describe("diffService: no spurious diffs", () => {
  it("none for an unchanged minimal service", () => {
    const d = diff(stateOf(BASE, engineReadBack(BASE)), BASE);
    expect(d).toEqual({ changes: false, replaces: [], reasons: [], specChanges: [] });
  });

  it.each([
    ["20.10", RICH_SERVICE_ENGINE_20_10],
    ["26.1", RICH_SERVICE_ENGINE_26_1],
  ])("none for the rich service as Engine %s read it back", (_v, fixture) => {
    const refs = richRefs(fixture);
    const olds = stateOf(RICH_INPUTS, fixture.Spec as unknown as EngineServiceSpec, refs);
    const d = diff(olds, RICH_INPUTS);
    expect(d.reasons).toEqual([]);
    expect(d.changes).toBe(false);
  });

  it("none against the Engine's defaults: Mode, RestartPolicy, Update/RollbackConfig, EndpointSpec, empty maps, null Privileges members", () => {
    const raw = {
      ...BASE,
      restartPolicy: { condition: "any" },
      updateConfig: { parallelism: 1 },
      rollbackConfig: {},
      endpoint: { mode: "vip" },
      labels: {},
      containerLabels: {},
      privileges: { noNewPrivileges: false },
      isolation: "default",
    };
    const readBack = engineReadBack(BASE, (s) => {
      s.TaskTemplate.RestartPolicy = { Condition: "any", MaxAttempts: 0 };
      s.UpdateConfig = { Parallelism: 1, FailureAction: "pause", MaxFailureRatio: 0, Order: "stop-first" };
      s.RollbackConfig = { Parallelism: 1, FailureAction: "pause", MaxFailureRatio: 0, Order: "stop-first" };
      s.EndpointSpec = { Mode: "vip" };
      s.TaskTemplate.ContainerSpec.Privileges = { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false };
    });
    expect(diff(stateOf(BASE, readBack), raw).reasons).toEqual([]);
  });

  it("none when the Engine filled in port protocol and publish mode", () => {
    const raw = { ...BASE, endpoint: { ports: [{ targetPort: 80, publishedPort: 8080 }] } };
    const readBack = engineReadBack(BASE, (s) => {
      s.EndpointSpec = { Mode: "vip", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "ingress" }] };
    });
    expect(diff(stateOf(raw, readBack), raw).reasons).toEqual([]);
  });

  it("none for tag vs tag@digest read back, and for docker.io/library spellings", () => {
    const readBack = engineReadBack(BASE, (s) => {
      s.TaskTemplate.ContainerSpec.Image = "docker.io/pds/busybox:latest@sha256:" + "a".repeat(64);
    });
    expect(diff(stateOf(BASE, readBack), BASE).reasons).toEqual([]);
    const nginx = { ...BASE, image: "nginx" };
    const rb = engineReadBack(nginx, (s) => (s.TaskTemplate.ContainerSpec.Image = "docker.io/library/nginx:latest"));
    expect(diff(stateOf(nginx, rb), nginx).reasons).toEqual([]);
  });

  it("none for a network declared by name and read back as its ID, nor for one declared by ID", () => {
    const refs = { ...emptyReferences(), networks: { front: "n0d3id" } };
    const byName = { ...BASE, networks: ["front"] };
    const readBack = engineReadBack(BASE, (s) => (s.TaskTemplate.Networks = [{ Target: "n0d3id" }]));
    expect(diff(stateOf(byName, readBack, refs), byName).reasons).toEqual([]);
    const byId = { ...BASE, networks: ["n0d3id"] };
    expect(diff(stateOf(byId, readBack, refs), byId).reasons).toEqual([]);
  });

  it("none for secrets given by ID, read back with both ID and name", () => {
    const refs = { ...emptyReferences(), secrets: { db: "s3cr3tid" } };
    const raw = { ...BASE, secrets: [{ secretId: "s3cr3tid" }] };
    const readBack = engineReadBack(BASE, (s) => {
      s.TaskTemplate.ContainerSpec.Secrets = [{ SecretID: "s3cr3tid", SecretName: "db", File: { Name: "db", UID: "0", GID: "0", Mode: 0o444 } }];
    });
    expect(diff(stateOf(raw, readBack, refs), raw).reasons).toEqual([]);
  });

  it("none for ForceUpdate or replicas changed out of band when the program does not declare them", () => {
    const raw = { ...BASE };
    const readBack = engineReadBack(BASE, (s) => {
      s.TaskTemplate.ForceUpdate = 4;
      s.Mode = { Replicated: { Replicas: 7 } };
    });
    expect(diff(stateOf(raw, readBack), raw).reasons).toEqual([]);
  });

  it("none for platforms the docker CLI added when the program declares none", () => {
    const readBack = engineReadBack(BASE, (s) => (s.TaskTemplate.Placement = { Platforms: [{ Architecture: "amd64", OS: "linux" }] }));
    expect(diff(stateOf(BASE, readBack), BASE).reasons).toEqual([]);
  });
});

describe("diffService: real changes, field by field", () => {
  const olds = stateOf({ ...BASE, env: { A: "1" }, replicas: 3 }, engineReadBack({ ...BASE, env: { A: "1" }, replicas: 3 }));

  it("an env change updates in place, naming env", () => {
    const d = diff(olds, { ...BASE, env: { A: "2" }, replicas: 3 });
    expect(d).toMatchObject({ changes: true, replaces: [], specChanges: ["env"] });
    expect(d.reasons).toEqual(["env: differs from the program; up updates it in place"]);
  });

  it("image, replicas, networks, hosts, sysctls, labels and registry credentials update in place", () => {
    const d = diff(olds, {
      ...BASE,
      image: "pds/busybox:1.36",
      env: { A: "1" },
      replicas: 5,
      networks: ["front"],
      hosts: { "db.local": "10.0.0.9" },
      sysctls: { "net.core.somaxconn": 1024 },
      containerLabels: { tier: "web" },
      registryAuth: { username: "u", password: "p" },
    });
    expect(d.replaces).toEqual([]);
    expect(d.specChanges.sort()).toEqual(["containerLabels", "hosts", "image", "networks", "replicas", "sysctls"]);
    expect(d.reasons).toContain("registryAuth: new credentials are sent with an in-place update");
  });

  it("a changed digest counts when the program pins one", () => {
    const pinned = { ...BASE, image: `pds/busybox:latest@sha256:${"b".repeat(64)}` };
    const readBack = engineReadBack(pinned, (s) => (s.TaskTemplate.ContainerSpec.Image = `pds/busybox:latest@sha256:${"a".repeat(64)}`));
    expect(diff(stateOf(pinned, readBack), pinned).specChanges).toEqual(["image"]);
  });

  it("only a mode change or a rename replaces", () => {
    expect(diff(olds, { ...BASE, env: { A: "1" }, mode: "global" }).replaces).toEqual(["mode"]);
    expect(diff(olds, { ...BASE, env: { A: "1" }, replicas: 3, name: "web2" }).replaces).toEqual(["name"]);
  });

  it("treats unknown values as changes, and an unknown name or mode as a replace", () => {
    expect(diff(olds, { ...BASE, env: { A: UNKNOWN }, replicas: 3 })).toMatchObject({ changes: true, replaces: [] });
    expect(diff(olds, { ...BASE, env: { A: "1" }, replicas: 3, name: UNKNOWN }).replaces).toEqual(["name"]);
    expect(diff(olds, { ...BASE, env: { A: "1" }, replicas: 3, mode: UNKNOWN }).replaces).toEqual(["mode"]);
  });

  it("records settings of this package without a spec change", () => {
    const d = diff(olds, { ...BASE, env: { A: "1" }, replicas: 3, convergence: { timeout: "1m" } });
    expect(d).toMatchObject({ changes: true, replaces: [], specChanges: [] });
    expect(d.reasons).toEqual(["convergence: recorded"]);
  });

  it("same credentials: no change; the state keeps only a hash", () => {
    const auth = { username: "deploy", password: "hunter2" };
    const raw = { ...BASE, env: { A: "1" }, replicas: 3, registryAuth: auth };
    const s = stateOf(raw, engineReadBack({ ...BASE, env: { A: "1" }, replicas: 3 }));
    expect(JSON.stringify(s)).not.toContain("hunter2");
    expect(s.registryAuthHash).toBe(registryAuthHash(auth));
    expect(diff(s, raw).changes).toBe(false);
    expect(diff(s, { ...raw, registryAuth: { ...auth, password: "hunter3" } }).replaces).toEqual([]);
  });
});

describe("carryOver and normalizeSpec", () => {
  it("keeps the running digest when the declared tag matches", () => {
    const desired = toEngineSpec(specInputsOf(parseInputs(BASE), "web"));
    const current = engineReadBack(BASE, (s) => (s.TaskTemplate.ContainerSpec.Image = `pds/busybox:latest@sha256:${"c".repeat(64)}`));
    const next = carryOver(desired, current, { replicas: true, forceUpdate: false, platforms: false });
    expect(next.TaskTemplate.ContainerSpec.Image).toBe(`pds/busybox:latest@sha256:${"c".repeat(64)}`);
    expect(normalizeSpec(next, emptyReferences())).toEqual(normalizeSpec(current, emptyReferences()));
  });

  it('a config target "app.conf" and "/app.conf" are one file: no change (an adopted service is not restarted for it)', () => {
    const base = toEngineSpec(specInputsOf(parseInputs(BASE), "web"));
    const withTarget = (name: string): EngineServiceSpec => {
      const s = structuredClone(base);
      s.TaskTemplate.ContainerSpec.Configs = [{ ConfigName: "app", ConfigID: "c1", File: { Name: name, UID: "0", GID: "0", Mode: 0o444 } }];
      return s;
    };
    const refs = { ...emptyReferences(), configs: { app: "c1" } };
    expect(normalizeSpec(withTarget("app.conf"), refs)).toEqual(normalizeSpec(withTarget("/app.conf"), refs));
    expect(normalizeSpec(withTarget("app.conf"), refs)).not.toEqual(normalizeSpec(withTarget("/etc/app.conf"), refs));
  });

  it("image comparison", () => {
    expect(normalImage("nginx")).toBe("docker.io/library/nginx:latest");
    expect(normalImage("localhost:5000/app")).toBe("localhost:5000/app:latest");
    expect(sameImage("nginx", "docker.io/library/nginx:latest@sha256:" + "a".repeat(64))).toBe(true);
    expect(sameImage("nginx:1.27", "nginx:1.26")).toBe(false);
    expect(sameImage("ghcr.io/a/b:1", "docker.io/a/b:1")).toBe(false);
    expect(sameImage(`nginx@sha256:${"a".repeat(64)}`, `nginx:1.27@sha256:${"a".repeat(64)}`)).toBe(true);
  });
});

describe("diffServiceDetailed: the same changes as a structured list", () => {
  it("a new name replaces (with its reason), a new env is an in-place change of env", () => {
    const olds = stateOf(BASE, engineReadBack(BASE));
    const raw = { ...BASE, name: "web2", env: { A: "1" } };
    const d = diffServiceDetailed(olds, parseForDiff(raw), raw);
    expect(d.properties).toEqual([{ path: "name", replace: true, reason: 'name: the Engine cannot rename a service, so "web" is replaced by "web2"' }]);
    const raw2 = { ...BASE, env: { A: "1" } };
    const d2 = diffServiceDetailed(olds, parseForDiff(raw2), raw2);
    expect(d2.properties).toEqual([{ path: "env", replace: false, reason: "env: differs from the program; up updates it in place" }]);
    const { properties: _p, ...plain } = d2;
    expect(diff(olds, raw2)).toEqual(plain);
  });
});
