// A swarm of many engines in one program: a Swarm on the first engine, a SwarmNode per other engine
// (the first `managers - 1` join with the manager token and role manager, the rest as workers), labels
// on every node (the first manager's through a SwarmNode by nodeId), and a global service that runs
// once all nodes are in. Stack config:
//   hosts     [{ host, address }] of every engine, the first one initialises the swarm
//   managers  how many managers, the first engine included (default 5)
//   members   how many engines after the first are nodes (default all): lowering it removes the last
//             ones (drained, left, removed)
//   rev       the value of label `rev` on every node (the "rolling label change" changes it)
//   image     default pds/busybox:latest
import * as pulumi from "@pulumi/pulumi";
import { Swarm, SwarmNode, SwarmService } from "pulumi-docker-swarm";

interface Host {
  host: string;
  address: string;
}

export const nodeName = (i: number) => `node-${String(i + 1).padStart(2, "0")}`;

export function scale(config: pulumi.Config): number {
  const hosts = config.requireObject<Host[]>("hosts");
  const managers = config.getNumber("managers") ?? 5;
  const members = config.getNumber("members") ?? hosts.length - 1;
  const rev = config.get("rev") ?? "a";
  const image = config.get("image") ?? "pds/busybox:latest";
  const manager = { host: hosts[0].host };
  const labels = (i: number) => ({ zone: `z${i % 3}`, rev });

  const swarm = new Swarm("swarm", { connection: manager, advertiseAddr: hosts[0].address });
  const nodes: SwarmNode[] = [new SwarmNode(nodeName(0), { nodeId: swarm.nodeId, manager, labels: labels(0), labelsMode: "merge" })];
  for (let i = 1; i <= members; i++) {
    const isManager = i < managers;
    nodes.push(
      new SwarmNode(nodeName(i), {
        connection: { host: hosts[i].host },
        manager,
        join: {
          remoteAddrs: [swarm.joinAddress],
          token: isManager ? swarm.joinTokens.manager : swarm.joinTokens.worker,
          advertiseAddr: hosts[i].address,
        },
        role: isManager ? "manager" : "worker",
        labels: labels(i),
      }),
    );
  }
  new SwarmService(
    "global",
    { connection: manager, name: "global", mode: "global", image, args: ["sleep", "3600"], stopGracePeriod: "1s" },
    { dependsOn: nodes },
  );
  return nodes.length;
}
