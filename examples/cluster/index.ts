// A whole cluster: the first engine initialises the swarm, the others join it as workers, and two
// services run on it: a replicated web tier on the workers and an agent on every node.
//
//   pulumi config set engines '[{"host":"unix:///run/e1/docker.sock","address":"10.0.0.11"},
//                               {"host":"tcp://10.0.0.12:2376","address":"10.0.0.12"}, …]'
//   pulumi config set image pds/busybox:latest   # any image the engines have or can pull
//   pulumi up
//
// (`npm run demo` does all of this on three throwaway local engines.)
import * as pulumi from "@pulumi/pulumi";
import { Swarm, SwarmNode, SwarmService } from "pulumi-docker-swarm";

interface Engine {
  host: string;
  address: string;
}

const config = new pulumi.Config();
const engines = config.requireObject<Engine[]>("engines");
const image = config.get("image") ?? "busybox:latest";
const [first, ...others] = engines;

const swarm = new Swarm("cluster", {
  connection: { host: first.host },
  advertiseAddr: first.address,
  spec: {
    labels: { managedBy: "pulumi" },
    taskHistoryRetentionLimit: 3,
    caConfig: { nodeCertExpiry: "720h" },
  },
});

const workers = others.map(
  (engine, i) =>
    new SwarmNode(`worker-${i + 1}`, {
      connection: { host: engine.host },
      manager: { host: first.host },
      join: { remoteAddrs: [swarm.joinAddress], token: swarm.joinTokens.worker, advertiseAddr: engine.address },
      role: "worker",
      labels: { tier: "app", zone: i % 2 === 0 ? "a" : "b" },
    }),
);

const manager = { host: first.host };

// The web tier: 3 replicas on the workers, spread over zones, rolled out one task at a time.
const web = new SwarmService(
  "web",
  {
    connection: manager,
    name: "web",
    image,
    command: ["sh", "-c", "while true; do echo \"web $(hostname) up\"; sleep 30; done"],
    env: { APP_ENV: config.get("env") ?? "demo" },
    replicas: config.getNumber("replicas") ?? 3,
    placement: { constraints: ["node.labels.tier==app"], preferences: [{ spread: "node.labels.zone" }] },
    resources: { limits: { memory: "64M", cpus: 0.25 } },
    updateConfig: { parallelism: 1, monitor: "2s", order: "start-first", failureAction: "rollback" },
    stopGracePeriod: "2s",
    convergence: { timeout: "3m" },
  },
  { dependsOn: workers },
);

// An agent on every node.
const agent = new SwarmService(
  "agent",
  {
    connection: manager,
    name: "agent",
    image,
    mode: "global",
    command: ["sleep", "86400"],
    stopGracePeriod: "1s",
  },
  { dependsOn: workers },
);

export const swarmId = swarm.swarmId;
export const joinAddress = swarm.joinAddress;
export const workerNodes = workers.map((w) => pulumi.all([w.hostname, w.nodeId, w.state]).apply(([h, id, s]) => `${h} ${id} ${s}`));
export const webRunning = pulumi.interpolate`${web.runningTasks}/${web.desiredTasks}`;
export const agentRunning = pulumi.interpolate`${agent.runningTasks}/${agent.desiredTasks}`;
