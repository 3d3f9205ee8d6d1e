// Services on an existing swarm: a replicated web service (3 tasks), and, when switched on, a global
// agent (one task per node) and a replicated job. Every knob the tests turn is a config key.
//
//   pulumi config set manager unix:///path/to/manager.sock   # a manager of the swarm
//   pulumi up
//
// Optional: image, command (JSON list), env, replicas, mode, monitor, stopGracePeriod,
// convergenceTimeout, rollbackOnFailure, withGlobal, withJob, registryUser + registryPassword
// (secret), full (a broad spec using the secret/config/network named by secretName, configName,
// networkName), mountType, publishedPort, noNewPrivileges, resolveImage, adopt.
import * as pulumi from "@pulumi/pulumi";
import { SwarmService, type ServiceMode, type SwarmServiceArgs } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const connection = { host: config.require("manager") };
const image = config.get("image") ?? "pds/busybox:latest";
const monitor = config.get("monitor") ?? "1s";
const mode = (config.get("mode") ?? "replicated") as ServiceMode;
const full = config.getBoolean("full") ?? false;

const registryPassword = config.getSecret("registryPassword");
const registryAuth = registryPassword
  ? { username: config.get("registryUser") ?? "deploy", password: registryPassword, serverAddress: "registry.example.com" }
  : undefined;

// Settings that only make sense when the test created the objects they name.
const fullSpec: Partial<SwarmServiceArgs> = full
  ? {
      user: "0",
      workdir: "/tmp",
      hostname: "web-{{.Task.Slot}}",
      groups: ["1000"],
      readOnly: true,
      init: true,
      stopSignal: "SIGTERM",
      containerLabels: { tier: "web" },
      secrets: [{ secretName: config.require("secretName"), mode: 0o400 }],
      configs: [{ configName: config.require("configName"), fileName: "/etc/app.conf" }],
      networks: [{ target: config.require("networkName"), aliases: ["web-alias"] }],
      healthcheck: { test: "true", interval: "2s", timeout: "1s", startPeriod: "1s", retries: 3 },
      hosts: { "db.internal": "10.0.0.5" },
      dns: { nameservers: ["10.0.0.2"], search: ["example.internal"], options: ["ndots:2"] },
      capabilityAdd: ["CAP_NET_ADMIN"],
      capabilityDrop: ["CAP_MKNOD"],
      sysctls: { "net.ipv4.ip_forward": 1 },
      ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
      resources: { limits: { cpus: 0.5, memory: "64M", pids: 200 }, reservations: { cpus: 0.01, memory: "8M" } },
      restartPolicy: { condition: "on-failure", delay: "1s", maxAttempts: 5, window: "30s" },
      placement: { constraints: ["node.platform.os==linux"], preferences: [{ spread: "node.id" }], maxReplicas: 2 },
      logDriver: { name: "json-file", options: { "max-size": "1m", "max-file": 2 } },
      rollbackConfig: { parallelism: 0, monitor },
    }
  : {};

const web = new SwarmService("web", {
  connection,
  name: config.get("name") ?? "web",
  labels: { app: "web", owner: "pulumi" },
  image,
  command: config.getObject<string[]>("command") ?? ["sleep", "3600"],
  env: { APP_ENV: config.get("env") ?? "dev", FEATURE: "on" },
  mode,
  replicas: mode === "replicated" ? (config.getNumber("replicas") ?? 3) : undefined,
  stopGracePeriod: config.get("stopGracePeriod") ?? "1s",
  mounts: [
    { type: (config.get("mountType") ?? "tmpfs") as "tmpfs", target: "/scratch", tmpfsOptions: { sizeBytes: "16m", mode: "1777" } },
    ...(full
      ? [
          { type: "volume" as const, source: "web-data", target: "/data", volumeOptions: { labels: { keep: "no" }, driverConfig: { name: "local", options: { type: "tmpfs", device: "tmpfs" } } } },
          { type: "bind" as const, source: "/etc", target: "/host-etc", readOnly: true },
        ]
      : []),
  ],
  endpoint: { ports: [{ targetPort: 80, publishedPort: config.getNumber("publishedPort") ?? 18080 }] },
  updateConfig: mode.endsWith("-job") ? undefined : { parallelism: 1, monitor, order: "stop-first" },
  privileges: config.getBoolean("noNewPrivileges") ? { noNewPrivileges: true } : undefined,
  registryAuth,
  resolveImage: config.getBoolean("resolveImage") ?? false,
  adopt: config.getBoolean("adopt") ?? false,
  rollbackOnFailure: config.getBoolean("rollbackOnFailure") ?? true,
  convergence: { timeout: config.get("convergenceTimeout") ?? "2m" },
  ...fullSpec,
});

export const webId = web.serviceId;
export const webSpec = web.spec;
export const webPorts = web.endpointPorts;
export const webRunning = web.runningTasks;
export const webUpdateStatus = web.updateStatus;

if (config.getBoolean("withGlobal")) {
  const agent = new SwarmService("agent", {
    connection,
    image,
    mode: "global",
    command: ["sleep", "3600"],
    stopGracePeriod: "1s",
    updateConfig: { monitor },
  });
  exports.agentId = agent.serviceId;
  exports.agentRunning = agent.runningTasks;
}

if (config.getBoolean("withJob")) {
  const job = new SwarmService("migrate", {
    connection,
    image,
    mode: "replicated-job",
    totalCompletions: 2,
    maxConcurrent: 2,
    command: ["sh", "-c", "echo migrated"],
  });
  exports.jobId = job.serviceId;
  exports.jobCompleted = job.completedTasks;
}
