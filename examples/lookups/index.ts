// Look-ups: read what a swarm has, to make decisions in a program or to export it.
//
//   pulumi config set manager unix:///path/to/manager.sock   # a manager of the swarm
//   pulumi config set service web                            # a service to inspect (optional)
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { getNodesOutput, getServiceLogsOutput, getServiceOutput, getServiceTasksOutput, getSwarmOutput } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const connection = { host: config.require("manager") };

// The Output form of getSwarm is secret as a whole: it carries the join tokens.
const swarm = getSwarmOutput({ connection });
export const joinTokens = swarm.joinTokens;
export const swarmId = pulumi.unsecret(swarm.id);

// Nodes by role and by label, e.g. to place services or to export the leader's address.
const managers = getNodesOutput({ connection, filters: { role: ["manager"] } });
export const leaderAddress = managers.apply((ms) => ms.find((m) => m.leader)?.managerAddress ?? "");
export const workerHostnames = getNodesOutput({ connection, filters: { role: ["worker"] } }).apply((ns) => ns.map((n) => n.hostname));
const zone = config.get("zone");
export const zoneNodes = zone ? getNodesOutput({ connection, filters: { "node.label": [`zone=${zone}`] } }).apply((ns) => ns.map((n) => n.hostname)) : [];

const service = config.get("service");
if (service) {
  const svc = getServiceOutput({ connection, service });
  exports.serviceImage = svc.spec.apply((s) => s.image);
  exports.serviceRunning = svc.apply((s) => `${s.runningTasks}/${s.desiredTasks}`);
  exports.serviceTaskStates = getServiceTasksOutput({ connection, service, desiredState: "running" }).apply((ts) => ts.map((t) => `${t.slot}:${t.state}`));
  exports.serviceLogTail = getServiceLogsOutput({ connection, service, tail: 5, stderr: false }).apply((l) => l.lines.map((x) => x.text));
}
