/**
 * The call that makes a service: the declared spec, written with `POST /services/create`. A name that
 * is taken fails with the adopt hint. When the answer is lost (a connection cut, a timeout, managers
 * that did not agree in time) the service may exist all the same: found by its unique name, made just
 * now, it is this call's, and is never made twice.
 */
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import { pollOrThrow } from "../common/poll";
import type { Progress } from "../common/progress";
import type { ServiceInputs } from "./args";
import { declaredOf, plan } from "./compare";
import { serviceNameOf } from "./diff";
import { references } from "./references-io";
import { toRegistryAuth } from "./registry";
import { specInputsOf } from "./spec";

/** Creates the service with `image` (as declared, or pinned to a digest); returns its ID. */
export async function createService(engine: DockerEngine, inputs: ServiceInputs, image: string, log: Progress): Promise<string> {
  const name = serviceNameOf(inputs);
  const refs = await references(engine, inputs);
  const { desired } = plan(specInputsOf({ ...inputs, image }, name), declaredOf(inputs), undefined, refs);
  log(`creating service ${name} (${inputs.mode}, image ${desired.TaskTemplate.ContainerSpec.Image})`);
  const attempted = Date.now();
  try {
    const created = await engine.services.create(desired, toRegistryAuth(inputs));
    for (const w of created.warnings) log(`engine warning: ${w}`);
    return created.id;
  } catch (e) {
    if (isEngineError(e, "CONFLICT") && /already exists/i.test(e.engineMessage)) {
      throw new EngineError({
        code: "CONFLICT",
        engineMessage: `a service named "${name}" already exists on ${engine.host}; set adopt: true to manage it, or choose another name`,
        status: e.status,
        request: e.request,
        host: e.host,
      });
    }
    const made = outcomeUnknown(e) ? await madeByThisCall(engine, name, attempted) : undefined;
    if (!made) throw e;
    log(`the create call failed (${(e as Error).message}), but service ${name} exists (${made}): it was created by this call`);
    return made;
  }
}

/** A failed write whose effect is unknown: the request may have reached the managers before it failed. */
function outcomeUnknown(e: unknown): boolean {
  return isEngineError(e) && (["UNREACHABLE", "TIMEOUT", "DEADLINE_EXCEEDED", "ENGINE_ERROR"] as string[]).includes(e.code);
}

/** The ID of a service of this name created since `since` (give or take clock skew), if any. */
async function madeByThisCall(engine: DockerEngine, name: string, since: number): Promise<string | undefined> {
  try {
    const found = await pollOrThrow({
      what: `service ${name} to be listed`,
      step: async () => {
        const s = (await engine.services.list({ name: [name] })).find((x) => x.Spec.Name === name);
        return { done: true, value: s, status: s ? "found" : "absent" };
      },
      timeoutMs: 60_000,
    });
    const created = Date.parse(found?.CreatedAt ?? "");
    return found && created >= since - 10_000 ? found.ID : undefined;
  } catch {
    return undefined;
  }
}
