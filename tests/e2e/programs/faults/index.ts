// The fault-injection suite's program: optionally a swarm (and manager nodes joining it), and N
// services. Every knob is a config key, so a test can change one thing between two `up`s.
//
//   manager            engine for the services (and the swarm), a DOCKER_HOST-style URL; when
//                      unset, resources are declared WITHOUT `connection` (DOCKER_HOST at create)
//   withSwarm          declare the Swarm on that engine (advertiseAddr required)
//   joinManagers       JSON list of {host, address} of engines that join as managers (SwarmNode)
//   count              number of services (default 1), named svc0, svc1, …
//   command            JSON list (default ["sleep","3600"])
//   password           a secret put into every service's env as PASSWORD
//   monitor            updateConfig.monitor (default "1s"); timeout: convergence.timeout (default "2m")
//   logTail            convergence.logTail; replicas (default 1); recoverQuorum (a trigger)
import * as pulumi from "@pulumi/pulumi";
import { Swarm, SwarmNode, SwarmService } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const host = config.get("manager");
const connection = host ? { host } : undefined;
const image = config.get("image") ?? "pds/busybox:latest";
const password = config.getSecret("password");

let swarm: Swarm | undefined;
const managers: SwarmNode[] = [];
if (config.getBoolean("withSwarm")) {
  swarm = new Swarm("swarm", {
    connection,
    advertiseAddr: config.require("advertiseAddr"),
    recoverQuorum: config.get("recoverQuorum"),
    spec: { dispatcherHeartbeatPeriod: "2s" },
  });
  const joining = config.getObject<Array<{ host: string; address: string }>>("joinManagers") ?? [];
  joining.forEach((e, i) => {
    managers.push(
      new SwarmNode(`manager${i + 1}`, {
        connection: { host: e.host },
        // The engine the swarm recorded at create: also right when the swarm was made without `connection`.
        manager: swarm!.engine.apply((e) => ({ host: e.host })),
        join: {
          remoteAddrs: [swarm!.joinAddress],
          token: swarm!.joinTokens.manager,
          advertiseAddr: e.address,
        },
        role: "manager",
        removal: { drainTimeout: "30s" },
      }),
    );
  });
}

const services: SwarmService[] = [];
for (let i = 0; i < (config.getNumber("count") ?? 1); i++) {
  services.push(
    new SwarmService(
      `svc${i}`,
      {
        connection,
        image,
        command: config.getObject<string[]>("command") ?? ["sleep", "3600"],
        replicas: config.getNumber("replicas") ?? 1,
        env: password ? { PASSWORD: password, MODE: "fault-test" } : { MODE: "fault-test" },
        stopGracePeriod: "1s",
        restartPolicy: { condition: "on-failure", delay: "1s" },
        updateConfig: { monitor: config.get("monitor") ?? "1s" },
        convergence: { timeout: config.get("timeout") ?? "2m", logTail: config.getNumber("logTail") },
      },
      { dependsOn: swarm ? [swarm, ...managers] : [] },
    ),
  );
}

export const swarmId = swarm?.swarmId;
export const serviceIds = services.map((s) => s.serviceId);
export const managerNodes = managers.map((m) => m.nodeId);
