// The scenario tests/e2e/plugin.test.ts runs through both front-ends: here through the dynamic
// providers (the TypeScript SDK), there through the provider plugin (a YAML program with the same
// values, conformanceYaml() in the test). The Engine state both produce is compared.
const pulumi = require("@pulumi/pulumi");
const { Swarm, SwarmNode, SwarmService } = require("pulumi-docker-swarm");

const config = new pulumi.Config();
const manager = { host: config.require("manager") };

const swarm = new Swarm("swarm", {
  connection: manager,
  advertiseAddr: config.require("advertiseAddr"),
  spec: { taskHistoryRetentionLimit: 4, dispatcherHeartbeatPeriod: "4s", labels: { owner: "conformance" } },
});

const worker = new SwarmNode("worker", {
  connection: { host: config.require("worker") },
  manager,
  join: { remoteAddrs: [swarm.joinAddress], token: swarm.joinTokens.worker, advertiseAddr: config.require("workerAddr") },
  availability: "active",
  labels: { zone: "b", tier: "app" },
  removal: { drainTimeout: "30s" },
});

const web = new SwarmService(
  "web",
  {
    connection: manager,
    name: "conformance-web",
    image: "pds/busybox:latest",
    command: ["sleep", "3600"],
    replicas: 2,
    env: { MODE: "conformance", LEVEL: "2" },
    labels: { app: "web" },
    containerLabels: { role: "frontend" },
    stopGracePeriod: "2s",
    restartPolicy: { condition: "on-failure", delay: "1s", maxAttempts: 3 },
    placement: { constraints: ["node.labels.zone==b"] },
    resources: { limits: { memory: "64M", cpus: 0.5 } },
    updateConfig: { parallelism: 1, order: "start-first", monitor: "1s" },
    healthcheck: { test: "true", interval: "5s" },
  },
  { dependsOn: [worker] },
);

exports.swarmId = swarm.swarmId;
exports.workerNodeId = worker.nodeId;
exports.serviceId = web.serviceId;
