/**
 * The SwarmService inputs' validation: every failure names the property (as check reports it to
 * `pulumi preview`) and says what is wrong, and the friendly forms parse.
 */
import { validate } from "../../provider/common/check";
import { UNKNOWN } from "../../provider/common/unknowns";
import { serviceInputs } from "../../provider/service/args";

const base = { image: "pds/busybox:latest", command: ["sleep", "3600"] };

function failures(extra: Record<string, unknown>) {
  return validate(serviceInputs, { ...base, ...extra }).failures;
}

function expectFailure(extra: Record<string, unknown>, property: string, reason: RegExp) {
  const f = failures(extra);
  expect(f).toEqual(expect.arrayContaining([expect.objectContaining({ property })]));
  const one = f.find((x) => x.property === property)!;
  expect(one.reason.startsWith(`${property}: `)).toBe(true);
  expect(one.reason).toMatch(reason);
}

describe("SwarmService inputs: what is refused, and how it is named", () => {
  it("accepts a minimal service and fills the package defaults", () => {
    const r = validate(serviceInputs, base);
    expect(r.failures).toEqual([]);
    expect(r.value).toMatchObject({
      mode: "replicated",
      resolveImage: false,
      rollbackOnFailure: true,
      adopt: false,
      convergence: { enabled: true, timeout: "5m", maxFailures: 3 },
    });
  });

  it.each([
    [{ stopGracePeriod: "10 parsecs" }, "stopGracePeriod", /not a duration/],
    [{ updateConfig: { monitor: "-5s" } }, "updateConfig.monitor", /negative/],
    [{ healthcheck: { interval: "500us" } }, "healthcheck.interval", /shorter than 1ms/],
    [{ convergence: { timeout: "forever" } }, "convergence.timeout", /not a duration/],
    [{ replicas: -1 }, "replicas", /zero or more/],
    [{ replicas: 1.5 }, "replicas", /whole number/],
    [{ mounts: [{ type: "nfs", target: "/x" }] }, "mounts[0].type", /unknown mount type "nfs".*"bind"/],
    [{ mounts: [{ type: "bind", target: "/x" }] }, "mounts[0].source", /required for a bind mount/],
    [{ mounts: [{ type: "bind", source: "relative/dir", target: "/x" }] }, "mounts[0].source", /absolute path/],
    [{ mounts: [{ type: "tmpfs", target: "/x", volumeOptions: { noCopy: true } }] }, "mounts[0].volumeOptions", /only applies to mounts of type "volume"/],
    [{ mounts: [{ type: "tmpfs", target: "/x", tmpfsOptions: { sizeBytes: "lots" } }] }, "mounts[0].tmpfsOptions.sizeBytes", /not a size/],
    [{ mounts: [{ type: "tmpfs", target: "/x", tmpfsOptions: { mode: "0999" } }] }, "mounts[0].tmpfsOptions.mode", /octal/],
    [{ mounts: [{ type: "tmpfs", target: "/x" }, { type: "tmpfs", target: "/x" }] }, "mounts[1].target", /already mounted by mounts\[0\]/],
    [{ endpoint: { ports: [{ targetPort: 80, publishedPort: 70000 }] } }, "endpoint.ports[0].publishedPort", /between 1 and 65535/],
    [{ endpoint: { ports: [{ targetPort: 0 }] } }, "endpoint.ports[0].targetPort", /between 1 and 65535/],
    [{ endpoint: { ports: [{ targetPort: 80, protocol: "icmp" }] } }, "endpoint.ports[0].protocol", /unknown protocol "icmp"/],
    [{ endpoint: { mode: "dnsrr", ports: [{ targetPort: 80 }] } }, "endpoint.ports[0].publishMode", /must be "host" with endpoint mode "dnsrr"/],
    [
      { endpoint: { ports: [{ targetPort: 80, publishedPort: 8080 }, { targetPort: 81, publishedPort: 8080 }] } },
      "endpoint.ports[1].publishedPort",
      /8080\/tcp is already published by ports\[0\]/,
    ],
    [{ mode: "daemonset" }, "mode", /unknown mode "daemonset"/],
    [{ mode: "global", replicas: 3 }, "replicas", /only applies to mode "replicated"/],
    [{ mode: "replicated-job", updateConfig: {} }, "updateConfig", /jobs cannot have an update config/],
    [{ totalCompletions: 3 }, "totalCompletions", /only applies to mode "replicated-job"/],
    [{ resources: { limits: { cpus: 0.0001 } } }, "resources.limits.cpus", /at least 0.001/],
    [{ resources: { limits: { memory: "1M" } } }, "resources.limits.memory", /below 4MiB/],
    [{ resources: { limits: { memory: "12 parsecs" } } }, "resources.limits.memory", /not a size/],
    [{ env: ["NOEQUALS"] }, "env[0]", /KEY=value/],
    [{ env: { "A=B": "x" } }, "env.A=B", /cannot be empty or contain "="/],
    [{ hosts: ["db.local"] }, "hosts[0]", /IP hostname/],
    [{ hosts: "db.local=10.0.0.1" }, "hosts", /must be a record/],
    [{ networks: [{ target: "n", alias: ["x"] }] }, "networks[0]", /unknown property "alias"/],
    [{ restartPolicy: { condition: "sometimes" } }, "restartPolicy.condition", /unknown restart condition/],
    [{ updateConfig: { failureAction: "explode" } }, "updateConfig.failureAction", /unknown failure action/],
    [{ rollbackConfig: { failureAction: "rollback" } }, "rollbackConfig.failureAction", /unknown failure action "rollback"/],
    [{ updateConfig: { maxFailureRatio: 2 } }, "updateConfig.maxFailureRatio", /between 0 and 1/],
    [{ placement: { constraints: ["node.role"] } }, "placement.constraints[0]", /"==" or "!="/],
    [{ secrets: [{ fileName: "x" }] }, "secrets[0].secretName", /give secretName or secretId/],
    [{ secrets: [{ secretName: "db", uid: "root" }] }, "secrets[0].uid", /numeric ID/],
    [{ configs: [{ configName: "c", runtime: true, fileName: "/x" }] }, "configs[0].fileName", /does not apply to a runtime config/],
    [{ privileges: { seccomp: { mode: "custom" } } }, "privileges.seccomp.profile", /required with mode "custom"/],
    [{ privileges: { credentialSpec: { file: "a", registry: "b" } } }, "privileges.credentialSpec", /exactly one/],
    [{ privileges: { credentialSpec: { config: "gmsa" } } }, "privileges.credentialSpec.config", /runtime: true/],
    [{ ulimits: [{ name: "nofile", soft: 10, hard: 5 }] }, "ulimits[0].soft", /cannot exceed hard/],
    [{ healthcheck: { test: ["curl", "-f", "x"] } }, "healthcheck.test[0]", /"CMD", "CMD-SHELL" or "NONE"/],
    [{ registryAuth: { username: "u" } }, "registryAuth", /username and password/],
    [{ name: "-bad" }, "name", /start with a letter or digit/],
    [{ name: "x".repeat(64) }, "name", /at most 63/],
    [{ imag: "typo" }, "(inputs)", /unknown property "imag"/],
  ])("refuses %j naming %s", (extra, property, reason) => {
    expectFailure(extra as Record<string, unknown>, property as string, reason as RegExp);
  });

  it("requires the image", () => {
    const f = validate(serviceInputs, { command: ["x"] }).failures;
    expect(f).toEqual([expect.objectContaining({ property: "image" })]);
  });

  it("accepts the friendly forms", () => {
    const r = validate(serviceInputs, {
      ...base,
      env: { B: "2", A: "1" },
      hosts: { "db.local": "10.0.0.5" },
      stopGracePeriod: "1m30s",
      resources: { limits: { cpus: 0.5, memory: "512M", pids: 100 }, reservations: { memory: 8 * 1024 * 1024, genericResources: [{ kind: "gpu", value: "GPU-1" }, { kind: "ssd", value: 2 }] } },
      mounts: [{ type: "tmpfs", target: "/t", tmpfsOptions: { sizeBytes: "64m", mode: "1777" } }],
      secrets: [{ secretName: "db", mode: "0400", uid: 1000 }],
      sysctls: { "net.core.somaxconn": 1024 },
      healthcheck: { test: "curl -f http://localhost", interval: "10s" },
      networks: ["front", { target: "back", aliases: ["api"] }],
    });
    expect(r.failures).toEqual([]);
  });

  it("does not fail on values unknown during preview", () => {
    const r = validate(serviceInputs, { ...base, image: UNKNOWN, replicas: UNKNOWN, env: { A: UNKNOWN } });
    expect(r.failures).toEqual([]);
    expect(r.hasUnknowns).toBe(true);
  });
});
