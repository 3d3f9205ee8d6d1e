// The engine's own floor: what the Engine API can do with no tool in the way. Every request is sent
// at once (no client-side queue), then one task list is polled every 50 ms until every service has a
// running task (of the new spec, for updates). No stability window: the floor stops at the first
// moment the cluster is converged, so any tool's time above it is the tool's own overhead or policy.
import { engineSpec, names } from "./lib/spec.mjs";
import { sleep } from "./lib/engine.mjs";

const POLL_MS = 50;

/** Creates N services in parallel and waits until each has a running task. Returns timings (ms). */
export async function floorCreate(manager, n, image, rev, window) {
  const t0 = performance.now();
  const created = await Promise.all(names(n).map((name) => manager.request("POST", "/services/create", engineSpec(name, image, rev, window))));
  const acceptedMs = performance.now() - t0;
  await waitRunning(manager, new Set(created.map((c) => c.ID)), rev);
  return { acceptedMs, wallMs: performance.now() - t0 };
}

/** Changes BENCH_REV of every bench service in parallel (read + update each), then waits as above. */
export async function floorUpdate(manager, n, image, rev, window) {
  const t0 = performance.now();
  const ids = await Promise.all(
    names(n).map(async (name) => {
      const s = await manager.get(`/services/${name}`);
      await manager.request("POST", `/services/${s.ID}/update?version=${s.Version.Index}`, engineSpec(name, image, rev, window));
      return s.ID;
    }),
  );
  const acceptedMs = performance.now() - t0;
  await waitRunning(manager, new Set(ids), rev);
  return { acceptedMs, wallMs: performance.now() - t0 };
}

/** Until every service in `ids` has a task that runs with BENCH_REV=rev and should keep running. */
async function waitRunning(manager, ids, rev) {
  const env = `BENCH_REV=${rev}`;
  for (;;) {
    const tasks = await manager.list("/tasks", { "desired-state": ["running"] });
    const running = new Set(
      tasks
        .filter((t) => t.Status?.State === "running" && (t.Spec?.ContainerSpec?.Env ?? []).includes(env))
        .map((t) => t.ServiceID),
    );
    if ([...ids].every((id) => running.has(id))) return;
    await sleep(POLL_MS);
  }
}
