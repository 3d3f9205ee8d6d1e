// A multi-node swarm: the first engine initialises it, the others join as SwarmNodes. Roles,
// availability and labels come from stack config, so they can be changed (and nodes removed) with
// `pulumi config set` and `pulumi up`.
//
//   pulumi config set hosts '[{"host":"tcp://10.0.0.11:2376","address":"10.0.0.11"},
//                             {"host":"tcp://10.0.0.12:2376","address":"10.0.0.12"},
//                             {"host":"tcp://10.0.0.13:2376","address":"10.0.0.13"}]'
//   # Which engines (by index in hosts) are nodes, and how. Default: every engine after the first, as workers.
//   pulumi config set nodes '{"1":{"labels":{"zone":"a"}},"2":{"availability":"drain","role":"manager"}}'
//   pulumi config set labels '{"pool":"app"}'   # labels every node gets (default {"pool":"app"})
//   pulumi config set managerLabels '{"ingress":"true"}'   # labels on the first manager
//   pulumi up
//
// Removing an engine from `nodes` removes it from the swarm safely: drained, its tasks moved,
// demoted if it was a manager, made to leave, then removed from the node list.
import * as pulumi from "@pulumi/pulumi";
import { Swarm, SwarmNode } from "pulumi-docker-swarm";

interface Host {
  host: string;
  address: string;
}
interface NodeSettings {
  role?: "worker" | "manager";
  availability?: "active" | "pause" | "drain";
  labels?: Record<string, string>;
  name?: string;
}

const config = new pulumi.Config();
const hosts = config.requireObject<Host[]>("hosts");
const nodes: Record<string, NodeSettings> =
  config.getObject<Record<string, NodeSettings>>("nodes") ??
  Object.fromEntries(hosts.slice(1).map((_h, i) => [String(i + 1), {}]));
const commonLabels = config.getObject<Record<string, string>>("labels") ?? { pool: "app" };
const labelsMode = config.get("labelsMode") as "exact" | "merge" | undefined;

const first = hosts[0];
const swarm = new Swarm("cluster", {
  connection: { host: first.host },
  advertiseAddr: first.address,
});

const members: Record<string, SwarmNode> = {};
for (const [index, settings] of Object.entries(nodes)) {
  const h = hosts[Number(index)];
  if (!h || Number(index) === 0) throw new Error(`nodes: "${index}" is not the index of a joining engine in hosts (1..${hosts.length - 1})`);
  members[index] = new SwarmNode(`node-${index}`, {
    // The engine that joins, and the manager through which its spec is managed.
    connection: { host: h.host },
    manager: { host: first.host },
    join: {
      remoteAddrs: [swarm.joinAddress],
      token: swarm.joinTokens.worker, // a secret; the node is promoted below if its role is manager
      advertiseAddr: h.address,
    },
    role: settings.role ?? "worker",
    availability: settings.availability ?? "active",
    labels: { ...commonLabels, ...settings.labels },
    labelsMode,
    name: settings.name,
    removal: { drainTimeout: config.get("drainTimeout") ?? "2m" },
  });
}

// A SwarmNode can also manage a node it did not join, by ID: here the first manager's labels. In
// "merge" mode only these keys are managed; labels others put on that node are left alone. Deleting
// this resource leaves the node in the swarm (removal.remove defaults to false with nodeId).
const managerLabels = config.getObject<Record<string, string>>("managerLabels");
if (managerLabels) {
  new SwarmNode("manager-0", {
    nodeId: swarm.nodeId,
    manager: { host: first.host },
    labels: managerLabels,
    labelsMode: "merge",
  });
}

export const swarmId = swarm.swarmId;
export const joinAddress = swarm.joinAddress;
export const nodeIds = Object.fromEntries(Object.entries(members).map(([i, n]) => [i, n.nodeId]));
export const roles = Object.fromEntries(Object.entries(members).map(([i, n]) => [i, n.role]));
export const availability = Object.fromEntries(Object.entries(members).map(([i, n]) => [i, n.availability]));
export const labels = Object.fromEntries(Object.entries(members).map(([i, n]) => [i, n.labels]));
export const managerStatus = Object.fromEntries(Object.entries(members).map(([i, n]) => [i, n.managerStatus]));
