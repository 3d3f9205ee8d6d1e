/** Direct Engine access for tests: set up and inspect what the resources did, and reset engines. */
import { DockerEngine } from "../../provider/engine";
import { isEngineError } from "../../provider/engine/errors";
import { testbed, type Bed } from "./beds";

export function engine(bed: Bed, index = 0): DockerEngine {
  return new DockerEngine({ host: bed.engines[index].host, requestTimeoutMs: 60_000 });
}

/**
 * Makes every engine of the bed leave any swarm (force), so a test starts from a clean bed. Docker
 * 20.10 engines that left and joined swarms in quick succession keep stale network state (memberlist
 * peers, sandboxes: "is unknown to memberlist") that later keeps tasks from starting; restarting them
 * after they left clears it (about 10 s for 5 engines), so 20.10 beds are restarted too.
 */
export async function resetBed(bed: Bed): Promise<void> {
  await leaveAll(bed);
  // An engine that left keeps state of its old swarm the next one trips on: 20.10 its memberlist
  // (tasks that never start), any version at times a swarm-scoped network such as the old ingress
  // (26.1: a task of the next swarm stuck in "starting", its container failing with "network … not
  // found"). A restart clears both.
  const stale = await Promise.all(
    bed.engines.map(async (_e, i) => bed.engine === "20.10" || (await engine(bed, i).networks.list()).some((n) => n.Scope === "swarm")),
  );
  const restart = bed.engines.filter((_e, i) => stale[i]);
  for (const e of restart) testbed(["restart", "--name", bed.name, "--node", e.name]);
  await Promise.all(
    bed.engines.map((e, i) => (stale[i] ? waitFor(`engine ${e.name} to answer`, async () => (await engine(bed, i).system.ping()) || undefined, 120_000) : undefined)),
  );
}

async function leaveAll(bed: Bed): Promise<void> {
  await Promise.all(
    bed.engines.map(async (_e, i) => {
      const eng = engine(bed, i);
      const info = await eng.system.info();
      if (info.Swarm.LocalNodeState && info.Swarm.LocalNodeState !== "inactive") {
        await eng.swarm.leave(true).catch((e) => {
          if (!isEngineError(e, "NOT_IN_SWARM")) throw e;
        });
      }
    }),
  );
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
