/**
 * Test-bed setup for SwarmService e2e tests, done with the Engine client (not with the resources
 * under test): a 3-node swarm, a second tag of the bed's only image, and the secret, config and
 * overlay network the broad spec refers to; plus direct looks at services, tasks and containers.
 */
import type { DockerEngine } from "../../provider/engine";
import type { Task } from "../../provider/engine/schemas";
import type { Bed } from "./beds";
import { engine, resetBed, waitFor } from "./engines";

/** A swarm with engine 0 as manager and the others as workers. */
export async function threeNodeSwarm(bed: Bed): Promise<void> {
  await resetBed(bed);
  const manager = engine(bed, 0);
  await manager.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: {} });
  const token = (await manager.swarm.inspect()).JoinTokens.Worker;
  for (let i = 1; i < bed.engines.length; i++) {
    await engine(bed, i).swarm.join({
      ListenAddr: "0.0.0.0:2377",
      AdvertiseAddr: bed.engines[i].address,
      RemoteAddrs: [`${bed.engines[0].address}:2377`],
      JoinToken: token,
    });
  }
  await waitFor("every node to be ready", async () => {
    const nodes = await manager.nodes.list();
    return nodes.length === bed.engines.length && nodes.every((n) => n.Status.State === "ready");
  });
}

/** Tags the bed's image under another name on every node (there is no registry to pull from). */
export async function tagImage(bed: Bed, repo: string, tag: string): Promise<string> {
  for (let i = 0; i < bed.engines.length; i++) {
    await engine(bed, i).http.call("POST", `/images/${encodeURIComponent(bed.image)}/tag`, { query: { repo, tag } });
  }
  return `${repo}:${tag}`;
}

export interface SpecObjects {
  secretName: string;
  secretId: string;
  configName: string;
  configId: string;
  networkName: string;
  networkId: string;
}

export async function createSpecObjects(bed: Bed): Promise<SpecObjects> {
  const m = engine(bed, 0);
  const secretId = await m.secrets.create("web-password", "s3cret-value");
  const configId = await m.configs.create("web-config", "listen 80\n");
  const networkId = await m.networks.create({ Name: "web-net", Driver: "overlay", Attachable: true });
  return { secretName: "web-password", secretId, configName: "web-config", configId, networkName: "web-net", networkId };
}

export async function servicesNamed(e: DockerEngine, name: string) {
  return (await e.services.list({ name: [name] })).filter((s) => s.Spec.Name === name);
}

/** Tasks of the service whose container runs now, on the service's current spec. */
export async function runningUpToDate(e: DockerEngine, id: string): Promise<Task[]> {
  const tasks = await e.tasks.list({ service: [id], "_up-to-date": ["true"], "desired-state": ["running"] });
  return tasks.filter((t) => t.Status.State === "running");
}

/** Containers of a service on every node of the bed (running or not). */
export async function containersOf(bed: Bed, serviceId: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < bed.engines.length; i++) {
    const res = await engine(bed, i).http.call("GET", "/containers/json", {
      query: { all: true, filters: { label: [`com.docker.swarm.service.id=${serviceId}`] } },
    });
    n += (JSON.parse(res.body.toString("utf8")) as unknown[]).length;
  }
  return n;
}
