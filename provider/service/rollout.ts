/**
 * Rolling a service out: the in-place update (read-modify-write with the service's version), the wait
 * for convergence after a create, an update or a rollback, and the rollback of a failed update.
 * A convergence that fails becomes a PartialFailure carrying the service's outputs, so that Pulumi
 * records the service as it is (and the next `up` retries).
 */
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import type { Service } from "../engine/schemas";
import type { EngineServiceSpec } from "../engine/service-spec";
import { watcherFor } from "../engine/watcher";
import type { EngineRecord } from "../common/connection";
import { PartialFailure, type Raw } from "../common/lifecycle";
import type { Progress } from "../common/progress";
import { scrubStrings, secretStrings } from "../common/secrets";
import type { ServiceInputs } from "./args";
import { declaredOf, plan } from "./compare";
import { waitForConvergence, type Observer, type WaitResult } from "./convergence";
import { serviceNameOf } from "./diff";
import { failureDetails, type DetailOptions } from "./failure";
import { readOutputs, type OutputExtras } from "./outputs";
import { references } from "./references-io";
import { toRegistryAuth } from "./registry";
import { specInputsOf } from "./spec";
import { ns } from "./spec/units";

/** The update monitor the Engine uses when none is declared, and so how long a fresh convergence is watched. */
const DEFAULT_MONITOR_MS = 5000;

export interface UpdateContext {
  log: Progress;
  record: EngineRecord;
  pinnedImage: string;
  authChanged: boolean;
  adopted: boolean;
  resolvedImage?: string;
}

/** How failure details are told for these inputs: the log tail asked for, secret values scrubbed. */
export function detailOptions(inputs: ServiceInputs): DetailOptions {
  const secrets = secretStrings(inputs as unknown as Raw, inputs._secretKeys ?? []);
  return { logTail: inputs.convergence.logTail, scrub: (text) => scrubStrings(text, secrets) };
}

/** Writes the declared spec over the current one when they differ, waits, and rolls back on failure. */
export async function updateService(engine: DockerEngine, id: string, inputs: ServiceInputs, ctx: UpdateContext): Promise<Raw> {
  const { log } = ctx;
  const name = serviceNameOf(inputs);
  const extra: OutputExtras = { adopted: ctx.adopted, resolvedImage: ctx.resolvedImage, record: ctx.record };
  const { written } = await writeService(engine, id, inputs, ctx);
  const res = await awaitRollout(engine, id, inputs, written, log);
  if (res && !res.ok) {
    const lines = [await failureText(engine, `update of service ${name} failed`, res, inputs)];
    if (written && res.last.engineRolledBack) {
      lines.push("The Engine rolled the service back to its previous spec (updateConfig.failureAction is rollback).");
    } else if (written && inputs.rollbackOnFailure) {
      lines.push(await rollBack(engine, id, inputs, log));
    } else if (written) {
      lines.push("rollbackOnFailure is false: the service is left on the new spec.");
    }
    const outs = await readOutputs(engine, await engine.services.inspect(id), inputs, extra);
    throw new PartialFailure(detailOptions(inputs).scrub(lines.filter(Boolean).join("\n")), id, outs);
  }
  return readOutputs(engine, await engine.services.inspect(id), inputs, extra);
}

/**
 * The write of an update: read-modify-write of the declared spec over the current one, skipped when
 * they do not differ (a no-op update would still replace PreviousSpec, the rollback target), unless
 * new registry credentials have to reach the Engine.
 */
export async function writeService(engine: DockerEngine, id: string, inputs: ServiceInputs, ctx: Omit<UpdateContext, "record" | "adopted">): Promise<{ written: boolean; changed: string[] }> {
  const { log } = ctx;
  const name = serviceNameOf(inputs);
  const refs = await references(engine, inputs);
  let changed: string[] = [];
  const result = await readModifyWrite<Service, EngineServiceSpec>({
    read: () =>
      engine.services.inspect(id).catch((e) => {
        if (isEngineError(e, "NOT_FOUND")) {
          throw new EngineError({
            code: "NOT_FOUND",
            engineMessage: `service ${name} (${id}) no longer exists on ${engine.host}; run \`pulumi refresh\` so that \`pulumi up\` creates it again`,
            status: e.status,
            host: e.host,
          });
        }
        throw e;
      }),
    apply: (current) => {
      const p = plan(specInputsOf({ ...inputs, image: ctx.pinnedImage }, name), declaredOf(inputs), current.Spec as EngineServiceSpec, refs);
      changed = p.changed;
      return changed.length || ctx.authChanged ? p.desired : undefined;
    },
    write: async (current, next) => {
      const warnings = await engine.services.update(id, current.Version.Index, next, { registryAuth: toRegistryAuth(inputs) });
      for (const w of warnings) log(`engine warning: ${w}`);
    },
    onRetry: (n) => log(`the service changed while it was being updated (attempt ${n}); reading it again`),
  });
  if (result.written) log(`updated in place: ${changed.length ? changed.join(", ") : "registry credentials"}`);
  else log("the service already matches the declared spec: nothing written");
  return { written: result.written, changed };
}

/** Waits for the service after an update (undefined when convergence is off); logs success. */
export async function awaitRollout(engine: DockerEngine, id: string, inputs: ServiceInputs, written: boolean, log: Progress): Promise<WaitResult | undefined> {
  if (!inputs.convergence.enabled) return undefined;
  const after = await engine.services.inspect(id);
  const res = await converge(engine, id, inputs, log, {
    since: written ? after.UpdatedAt : after.CreatedAt,
    // Watched for the stability window even when nothing was written: a crash-looping service's task is
    // "running" for a moment between crashes, and without the window that moment would pass for converged
    // (an `up` that only changed logTail or convergence settings, or retried a failed create).
    watchUpdateStatus: written,
  });
  if (res.ok) log(`converged: ${res.last.summary}`);
  return res;
}

/** "<what>: <why>" and the failed tasks with their log tails (scrubbed). */
export async function failureText(engine: DockerEngine, what: string, res: WaitResult, inputs: ServiceInputs): Promise<string> {
  const details = await failureDetails(engine, res.last.failedTasks, await engine.nodes.list().catch(() => []), detailOptions(inputs));
  return [`${what}: ${whyNot(res, inputs)}`, details].filter(Boolean).join("\n");
}

/** `rollback=previous`, then waits for the previous spec to run again. Returns a line for the error. */
export async function rollBack(engine: DockerEngine, id: string, inputs: ServiceInputs, log: Progress): Promise<string> {
  log("rolling back to the previous spec");
  try {
    await readModifyWrite<Service, Service["Spec"]>({
      read: () => engine.services.inspect(id),
      apply: (current) => current.Spec,
      write: async (current, spec) => {
        await engine.services.update(id, current.Version.Index, spec as EngineServiceSpec, { rollback: true });
      },
    });
  } catch (e) {
    return `Rolling back failed: ${(e as Error).message}`;
  }
  const res = await converge(engine, id, inputs, log, { since: Date.parse((await engine.services.inspect(id)).UpdatedAt ?? "") || 0, watchUpdateStatus: true, rollback: true });
  if (res.ok) {
    log(`rolled back: ${res.last.summary}`);
    return `Rolled back to the previous spec (rollback=previous), which converged: ${res.last.summary}.`;
  }
  return `Rolled back to the previous spec (rollback=previous), but it did not converge either: ${whyNot(res, inputs)}.`;
}

export interface ConvergeOpts {
  since: string | number | null | undefined;
  watchUpdateStatus: boolean;
  rollback?: boolean;
}

export function converge(engine: DockerEngine, id: string, inputs: ServiceInputs, log: Progress, o: ConvergeOpts): Promise<WaitResult> {
  // The engine's one watcher serves every service converging on it from a shared poll.
  const watcher = watcherFor(engine);
  const obs: Observer = { observe: () => watcher.next(id) };
  const stableFor = ns(inputs.convergence.stableFor) ?? ns(inputs.updateConfig?.monitor);
  const since = typeof o.since === "number" ? o.since : Date.parse(o.since ?? "") || 0;
  return waitForConvergence(obs, {
    timeoutMs: (ns(inputs.convergence.timeout) ?? 300e9) / 1e6,
    stableMs: stableFor !== undefined ? stableFor / 1e6 : DEFAULT_MONITOR_MS,
    maxFailures: inputs.convergence.maxFailures,
    watchUpdateStatus: o.watchUpdateStatus,
    rollback: !!o.rollback,
    since,
    log,
    // The watcher paces the polls: ask again as soon as an observation was evaluated.
    pollMs: 0,
  });
}

export function whyNot(r: WaitResult, inputs: ServiceInputs): string {
  const waiting = r.last.waiting ? `; ${r.last.waiting}` : "";
  if (r.timedOut) return `not converged within ${r.endedBy ? `the limit set by ${r.endedBy}` : inputs.convergence.timeout} (${r.last.summary}${waiting})`;
  return `${r.last.reason ?? "failed"} (${r.last.summary})`;
}
