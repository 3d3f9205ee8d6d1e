/**
 * Builders for SwarmService unit tests: inputs parsed like check/diff parse them, and the state the
 * provider stores after reading a service back (inputs echoed, spec read back and mapped to the
 * inputs' shape, references), so tests compare exactly what diff compares.
 */
import { withoutUnknowns } from "../../provider/common/unknowns";
import { serviceInputs, serviceInputsBase, type ServiceInputs } from "../../provider/service/args";
import { registryAuthHash, type ServiceState } from "../../provider/service/diff";
import { fromEngineSpec } from "../../provider/service/spec";
import type { EngineServiceSpec } from "../../provider/engine/service-spec";
import { emptyReferences, type References } from "../../provider/engine/service-references";
import { RICH_SERVICE_ENGINE_20_10 } from "./service-fixtures";

export function parseInputs(raw: Record<string, unknown>): ServiceInputs {
  return serviceInputs.parse(raw);
}

/** As lifecycle.diff parses: unknowns removed, no cross-field rules. */
export function parseForDiff(raw: Record<string, unknown>): ServiceInputs {
  return serviceInputsBase.parse(withoutUnknowns(raw));
}

/** The outputs the provider stores for a service whose spec the Engine reported as `spec`. */
export function stateOf(raw: Record<string, unknown>, spec: EngineServiceSpec, refs: References = emptyReferences()): ServiceState {
  const { registryAuth, ...echo } = parseInputs(raw);
  return { ...echo, spec: fromEngineSpec(spec, refs), references: refs, serviceId: "svc1", registryAuthHash: registryAuthHash(registryAuth) ?? "" };
}

/** The inputs from which the rich fixture service was created (tests/helpers/service-fixtures.ts). */
export const RICH_INPUTS: Record<string, unknown> = {
  name: "rich",
  labels: { a: "b" },
  image: "pds/busybox:latest",
  command: ["sleep", "3600"],
  args: [],
  env: ["B=2", "A=1"],
  workdir: "/tmp",
  user: "root",
  hostname: "h1",
  groups: ["users"],
  containerLabels: { cl: "v" },
  tty: false,
  openStdin: false,
  readOnly: true,
  init: true,
  stopSignal: "SIGTERM",
  stopGracePeriod: "1s",
  mounts: [
    { type: "tmpfs", target: "/scratch", tmpfsOptions: { sizeBytes: "1m", mode: "1777" } },
    { type: "volume", source: "v1", target: "/data", volumeOptions: { noCopy: true, labels: { x: "y" }, driverConfig: { name: "local", options: { type: "tmpfs", device: "tmpfs" } } } },
    { type: "bind", source: "/tmp", target: "/hosttmp", readOnly: true, bindOptions: { propagation: "rprivate" } },
  ],
  secrets: [{ secretName: "s1" }],
  configs: [{ configName: "c1" }],
  healthcheck: { test: "true", interval: "2s", timeout: "1s", startPeriod: "1s", retries: 3 },
  hosts: { "db.local": "10.0.0.5" },
  dns: { nameservers: ["10.0.0.2"], search: ["example.org"], options: ["ndots:2"] },
  sysctls: { "net.ipv4.ip_forward": 1 },
  capabilityAdd: ["CAP_NET_ADMIN"],
  capabilityDrop: ["CAP_MKNOD"],
  ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
  privileges: { seLinuxContext: { disable: true } },
  resources: { limits: { cpus: 0.5, memory: "64M", pids: 100 }, reservations: { cpus: 0.1, memory: "8M" } },
  restartPolicy: { condition: "on-failure", delay: "1s", maxAttempts: 3, window: "10s" },
  placement: { constraints: ["node.role==manager"], preferences: [{ spread: "node.labels.zone" }], maxReplicas: 2 },
  networks: [{ target: "n1", aliases: ["web"], driverOpts: { k: "v" } }],
  logDriver: { name: "json-file", options: { "max-size": "1m" } },
  replicas: 1,
  updateConfig: { parallelism: 1, delay: "1s", monitor: "1s" },
  rollbackConfig: { parallelism: 0 },
  endpoint: {
    mode: "vip",
    ports: [
      { targetPort: 80, publishedPort: 8080 },
      { targetPort: 81, publishedPort: 8081, publishMode: "host", protocol: "udp" },
    ],
  },
};

/** name → ID of the fixture's secret, config and network, as the provider resolves them. */
export function richRefs(fixture: typeof RICH_SERVICE_ENGINE_20_10 | { Spec: unknown }): References {
  const spec = fixture.Spec as unknown as EngineServiceSpec;
  const c = spec.TaskTemplate.ContainerSpec;
  return {
    secrets: { s1: c.Secrets![0].SecretID! },
    configs: { c1: c.Configs![0].ConfigID! },
    networks: { n1: spec.TaskTemplate.Networks![0].Target },
  };
}
