/**
 * Test-bed setup for SwarmService e2e tests, done with the Engine client (not with the resources
 * under test): a 3-node swarm, a second tag of the bed's only image, and the secret, config and
 * overlay network the broad spec refers to; plus direct looks at services, tasks and containers.
 */
import type { DockerEngine } from "../../provider/engine";
import type { Task } from "../../provider/engine/schemas";
import type { Bed } from "./beds";
import { engine, resetBed, waitFor } from "./engines";

/**
 * A swarm with engine 0 as manager and the others as workers. A healthy one left by an earlier run
 * is reused, emptied of services, secrets, configs and overlay networks: making Docker 20.10 engines
 * leave and join again in quick succession has left workers unable to start their network agent
 * ("port 7946: address already in use") and their tasks stuck.
 */
export async function threeNodeSwarm(bed: Bed): Promise<void> {
  // Exactly three nodes, whatever the bed's size (the full test run uses 4-engine beds): the tests
  // count one task per node of a 3-node swarm. Further engines stay out of the swarm.
  const size = Math.min(3, bed.engines.length);
  const manager = engine(bed, 0);
  const info = await manager.system.info();
  if (info.Swarm.ControlAvailable) {
    const nodes = await manager.nodes.list();
    if (nodes.length === size && nodes.every((n) => n.Status.State === "ready" && n.Spec.Availability === "active")) {
      await emptySwarm(manager);
      return;
    }
  }
  await resetBed(bed);
  await manager.swarm.init({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: bed.engines[0].address, Spec: {} });
  const token = (await manager.swarm.inspect()).JoinTokens.Worker;
  for (let i = 1; i < size; i++) {
    await engine(bed, i).swarm.join({
      ListenAddr: "0.0.0.0:2377",
      AdvertiseAddr: bed.engines[i].address,
      RemoteAddrs: [`${bed.engines[0].address}:2377`],
      JoinToken: token,
    });
  }
  await waitFor("every node to be ready", async () => {
    const nodes = await manager.nodes.list();
    return nodes.length === size && nodes.every((n) => n.Status.State === "ready");
  });
}

/** Removes every service (waiting for their running tasks to stop), secret, config and overlay network. */
export async function emptySwarm(e: DockerEngine): Promise<void> {
  const services = await e.services.list();
  for (const s of services) await e.services.remove(s.ID);
  const ids = new Set(services.map((s) => s.ID));
  await waitFor("the services' tasks to stop", async () => {
    const tasks = await e.tasks.list();
    return !tasks.some((t) => ids.has(t.ServiceID) && ["new", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running"].includes(t.Status.State));
  });
  for (const s of await e.secrets.list()) await e.secrets.remove(s.ID);
  for (const c of await e.configs.list()) await e.configs.remove(c.ID);
  for (const n of await e.networks.list({ driver: ["overlay"] })) {
    if (!n.Ingress) await waitFor(`network ${n.Name} to be removable`, async () => e.networks.remove(n.Id).then(() => true), 30_000);
  }
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
