// A swarm on one engine: its spec, autolock, and join tokens for the nodes that will join it.
//
//   pulumi config set manager unix:///path/to/docker.sock   # the engine that becomes the first manager
//   pulumi config set advertiseAddr 10.213.0.11             # the address other nodes reach it on
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { Swarm } from "pulumi-docker-swarm";

const config = new pulumi.Config();

const swarm = new Swarm("cluster", {
  connection: { host: config.require("manager") },
  advertiseAddr: config.get("advertiseAddr"),
  listenAddr: config.get("listenAddr") ?? "0.0.0.0:2377",
  autolock: config.getBoolean("autolock") ?? false,
  spec: {
    labels: { owner: "pulumi", env: config.get("env") ?? "dev" },
    taskHistoryRetentionLimit: config.getNumber("taskHistory") ?? 3,
    dispatcherHeartbeatPeriod: config.get("heartbeat") ?? "5s",
    caConfig: { nodeCertExpiry: config.get("certExpiry") ?? "720h" },
    raft: { snapshotInterval: config.getNumber("snapshotInterval") ?? 10000 },
  },
  rotateWorkerToken: config.get("workerTokenGeneration"),
  rotateUnlockKey: config.get("unlockKeyGeneration"),
  // Take over a swarm that already runs on that engine instead of initialising one.
  adopt: config.getBoolean("adopt") ?? false,
});

export const swarmId = swarm.swarmId;
export const managerNodeId = swarm.nodeId;
export const joinAddress = swarm.joinAddress;
export const engineVersion = swarm.engineVersion;
export const spec = swarm.spec;
export const autolock = swarm.autolock;
export const joinTokens = swarm.joinTokens; // secret
export const unlockKey = swarm.unlockKey; // secret
