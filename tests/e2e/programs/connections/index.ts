// The connections suite's program. Resources are declared WITHOUT `connection` unless the
// `connection` key says otherwise, so that the stack's docker-swarm:* configuration (or, at create,
// the environment) decides which engine they act on.
//
//   connection      JSON connection given to every resource and look-up (default: none)
//   advertiseAddr   declare a Swarm, advertising this address
//   worker          JSON {host, sshOptions?, address}: a SwarmNode joining that engine (its manager: not declared)
//   image           declare a SwarmService running this image (sleep 3600, 1 replica)
//   serviceName     its name in the swarm (default "svc")
//   fromDockerConfig  the service's registryAuth is { fromDockerConfig: true }
//   lookups         export what getNodesOutput / getServicesOutput see (after the resources exist)
import * as pulumi from "@pulumi/pulumi";
import { Swarm, SwarmNode, SwarmService, getNodesOutput, getServicesOutput, type ConnectionArgs } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const connection = config.getObject<ConnectionArgs>("connection");
const advertiseAddr = config.get("advertiseAddr");
const worker = config.getObject<{ host: string; sshOptions?: string[]; address: string }>("worker");
const image = config.get("image");

const swarm = advertiseAddr ? new Swarm("swarm", { connection, advertiseAddr }) : undefined;
const node =
  swarm && worker
    ? new SwarmNode("worker", {
        connection: { host: worker.host, sshOptions: worker.sshOptions },
        join: { remoteAddrs: [swarm.joinAddress], token: swarm.joinTokens.worker, advertiseAddr: worker.address },
        removal: { drainTimeout: "30s" },
      })
    : undefined;
const service = image
  ? new SwarmService(
      "svc",
      {
        connection,
        name: config.get("serviceName"),
        image,
        command: ["sleep", "3600"],
        replicas: 1,
        registryAuth: config.getBoolean("fromDockerConfig") ? { fromDockerConfig: true } : undefined,
        updateConfig: { monitor: "1s" },
        convergence: { timeout: "90s" },
      },
      { dependsOn: [swarm, node].filter((r): r is Swarm | SwarmNode => r !== undefined) },
    )
  : undefined;

export const swarmEngine = swarm?.engine;
export const workerManagerEngine = node?.managerEngine;
export const serviceEngine = service?.engine;
export const serviceId = service?.serviceId;
export const running = service?.runningTasks;

// Look-ups run in the program: after the resources exist (an Output that waits for them).
const after = pulumi.all([swarm?.id, node?.nodeId, service?.serviceId]).apply(() => connection) as pulumi.Output<ConnectionArgs>;
export const lookedUpNodes = config.getBoolean("lookups") ? getNodesOutput({ connection: after }).apply((ns) => ns.length) : undefined;
export const lookedUpServices = config.getBoolean("lookups") ? getServicesOutput({ connection: after }).apply((ss) => ss.map((s) => s.name).sort()) : undefined;
