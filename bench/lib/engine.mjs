// A bare Engine API client for the bench: JSON over a unix socket with undici, no retries, no checks.
// It is the floor's client and the bench's own eyes (cleaning up, reading task timestamps); it must
// stay independent of the provider's client so that it measures the Engine, not our code.
import { Pool } from "undici";

const API = "/v1.45";

export class Engine {
  /** @param {string} host unix:///path/docker.sock */
  constructor(host) {
    if (!host.startsWith("unix://")) throw new Error(`bench engines are unix sockets, not ${host}`);
    this.host = host;
    // As many connections as the floor sends requests at once: no queueing in the client.
    this.pool = new Pool("http://localhost", { connections: 128, connect: { socketPath: host.slice("unix://".length) } });
  }

  async request(method, path, body) {
    const res = await this.pool.request({
      method,
      path: API + path,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${text.trim()}`);
    return text ? JSON.parse(text) : undefined;
  }

  get(path) {
    return this.request("GET", path);
  }

  /** GET with Engine filters, e.g. list("/tasks", { service: ["x"] }). */
  list(path, filters) {
    return this.get(filters ? `${path}?filters=${encodeURIComponent(JSON.stringify(filters))}` : path);
  }

  /**
   * Follows a streaming endpoint (GET /events) line by line until `signal` aborts. Resolves once the
   * Engine answered (the stream is open), so that nothing that happens afterwards is missed.
   */
  async stream(path, onLine, signal) {
    const res = await this.pool.request({ method: "GET", path: API + path, signal, bodyTimeout: 0 });
    if (res.statusCode >= 400) throw new Error(`GET ${path}: ${res.statusCode} ${(await res.body.text()).trim()}`);
    const done = (async () => {
      let pending = "";
      try {
        for await (const chunk of res.body) {
          pending += chunk.toString("utf8");
          let nl;
          while ((nl = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line) onLine(line);
          }
        }
      } catch (e) {
        if (!signal.aborted) throw e;
      }
    })();
    return { done };
  }

  close() {
    return this.pool.close();
  }
}

/** Removes every service, then waits until no task and no container is left on any engine. */
export async function removeAllServices(manager, engines, timeoutMs = 120_000) {
  const services = await manager.get("/services");
  await Promise.all(services.map((s) => manager.request("DELETE", `/services/${s.ID}`).catch(() => undefined)));
  await waitUntilEmpty(manager, engines, timeoutMs);
}

/** Waits until the swarm lists no task and no engine has a container (running or not). */
export async function waitUntilEmpty(manager, engines, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await manager.get("/tasks");
    const containers = (await Promise.all(engines.map((e) => e.get("/containers/json?all=1")))).flat();
    if (!tasks.length && !containers.length) return;
    if (Date.now() > deadline) throw new Error(`clean-up: ${tasks.length} task(s), ${containers.length} container(s) left after ${timeoutMs / 1000}s`);
    await sleep(250);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
