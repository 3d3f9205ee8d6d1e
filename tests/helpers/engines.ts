/** Direct Engine access for tests: set up and inspect what the resources did, and reset engines. */
import { DockerEngine } from "../../provider/engine";
import { isEngineError } from "../../provider/engine/errors";
import type { Bed } from "./beds";

export function engine(bed: Bed, index = 0): DockerEngine {
  return new DockerEngine({ host: bed.engines[index].host, requestTimeoutMs: 60_000 });
}

/** Makes every engine of the bed leave any swarm (force), so a test starts from a clean bed. */
export async function resetBed(bed: Bed): Promise<void> {
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
