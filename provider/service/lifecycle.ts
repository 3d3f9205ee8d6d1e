/**
 * The SwarmService resource's provider: check / diff / create / read / update / delete, using the
 * Engine client. Called by the tiny stub in sdk/ inside Pulumi's provider host.
 */
import type { DockerEngine } from "../engine";
import { CLIENT_MIN_API_VERSION, compareApiVersions } from "../engine/api-version";
import type { RegistryAuth } from "../engine/api/services";
import { EngineError, isEngineError } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import type { Service } from "../engine/schemas";
import { InputError, validate, type CheckFailure } from "../common/check";
import { engineForInput } from "../common/connection";
import { progressFor, type Progress } from "../common/progress";
import { containsUnknown, withoutUnknowns } from "../common/unknowns";
import { serviceInputs, serviceInputsBase, type ServiceInputs } from "./args";
import { declaredOf, plan } from "./compare";
import { waitForConvergence, type Observer, type WaitResult } from "./convergence";
import { diffService, registryAuthHash, serviceNameOf, type ServiceState } from "./diff";
import { ConvergenceError, failureDetails } from "./failure";
import { gatedFields, refusalMessage, refusedAt } from "./gating";
import { distributionInfo, hasDigest, parseImage, pinImage } from "./image";
import { readOutputs } from "./outputs";
import { ReferenceError, resolveReferences } from "./references-io";
import { specInputsOf } from "./spec";
import type { EngineServiceSpec } from "./spec/engine-types";
import { ns } from "./spec/units";

type Raw = Record<string, unknown>;

const KIND = "swarm-service";
/** The update monitor the Engine uses when none is declared, and so how long a fresh convergence is watched. */
const DEFAULT_MONITOR_MS = 5000;

// ─── check ───────────────────────────────────────────────────────────────────

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const raw = stripProvider(news);
  const { failures } = validate(serviceInputs, raw);
  if (failures.length) return { inputs: news, failures };
  return { inputs: news, failures: await apiVersionFailures(raw) };
}

/**
 * Fields the Engine's API version lacks. Costs an engine call only when a field newer than the
 * oldest supported API is used (or none when the connection pins its API version).
 */
async function apiVersionFailures(raw: Raw): Promise<CheckFailure[]> {
  const parsed = serviceInputsBase.safeParse(withoutUnknowns(raw));
  if (!parsed.success) return [];
  const uses = gatedFields(parsed.data);
  if (!uses.length) return [];
  const pinned = parsed.data.connection?.apiVersion;
  const needsCall = uses.some((u) => compareApiVersions(u.minApi, CLIENT_MIN_API_VERSION) > 0);
  if (!pinned && (!needsCall || containsUnknown(raw.connection))) return [];
  let version = pinned;
  let host = "the engine";
  try {
    const engine = engineForInput(parsed.data.connection);
    host = engine.host;
    version ??= await engine.apiVersion();
  } catch {
    // Unreachable now: create/update check again with the version they negotiate.
    return [];
  }
  return refusedAt(uses, version).map((u) => ({ property: u.property, reason: refusalMessage(u, version, host) }));
}

// ─── diff ────────────────────────────────────────────────────────────────────

export async function diff(_id: string, olds: ServiceState & Raw, news: Raw) {
  const raw = stripProvider(news);
  // Cross-field rules are check's business; with unknowns they could fail here and hide a replace.
  const parsed = serviceInputsBase.safeParse(withoutUnknowns(raw));
  if (!parsed.success) return { changes: true };
  const inputs = parsed.data;
  const d = diffService(olds, inputs, raw);
  const log = progressFor(inputs._name, KIND);

  // Opt-in: ask the registry whether the tag moved (the only engine call a preview may make here).
  if (inputs.resolveImage && !d.replaces.length && !containsUnknown(raw.image) && !hasDigest(inputs.image) && olds.spec) {
    const pinned = await resolveImage(engineForInput(inputs.connection), inputs, log);
    const current = parseImage(olds.spec.image).digest;
    if (pinned.digest && pinned.digest !== current) {
      d.changes = true;
      d.reasons.push(`image: ${inputs.image} now resolves to ${pinned.digest}${current ? ` (running ${current})` : ""}`);
    }
  }
  for (const r of d.reasons) log(r);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: true };
}

// ─── create ──────────────────────────────────────────────────────────────────

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parse(news);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, KIND);
  const name = serviceNameOf(inputs);
  await refuseNewerFields(engine, inputs);
  const pinned = await resolveImage(engine, inputs, log);

  if (inputs.adopt) {
    const existing = (await engine.services.list({ name: [name] })).find((s) => s.Spec.Name === name);
    if (existing) {
      log(`adopting the existing service ${name} (${existing.ID})`);
      try {
        const outs = await updateService(engine, existing.ID, inputs, { log, pinnedImage: pinned.image, authChanged: !!inputs.registryAuth, adopted: true });
        return { id: existing.ID, outs };
      } catch (e) {
        if (e instanceof ConvergenceError) throw new ConvergenceError(e.message, e.id, withProvider(e.properties, news));
        throw e;
      }
    }
  }

  const refs = await references(engine, inputs);
  const { desired } = plan(specInputsOf({ ...inputs, image: pinned.image }, name), declaredOf(inputs), undefined, refs);
  log(`creating service ${name} (${inputs.mode}, image ${desired.TaskTemplate.ContainerSpec.Image})`);
  let id: string;
  try {
    const created = await engine.services.create(desired as never, toRegistryAuth(inputs));
    id = created.id;
    for (const w of created.warnings) log(`engine warning: ${w}`);
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
    throw e;
  }

  const extra = { resolvedImage: pinned.digest ? pinned.image : undefined, adopted: false };
  if (inputs.convergence.enabled) {
    const service = await engine.services.inspect(id);
    const result = await converge(engine, id, inputs, log, { since: service.CreatedAt, watchUpdateStatus: true });
    if (!result.ok) {
      const details = await failureDetails(engine, result.last.failedTasks, await engine.nodes.list().catch(() => []));
      const outs = await readOutputs(engine, await engine.services.inspect(id), inputs, extra);
      throw new ConvergenceError(
        [`service ${name} was created but did not converge: ${whyNot(result, inputs)}`, details, "It is recorded in the stack; the next `pulumi up` retries."]
          .filter(Boolean)
          .join("\n"),
        id,
        withProvider(outs, news),
      );
    }
    log(`converged: ${result.last.summary}`);
  }
  const outs = await readOutputs(engine, await engine.services.inspect(id), inputs, extra);
  return { id, outs };
}

// ─── read ────────────────────────────────────────────────────────────────────

export async function read(id: string, props: ServiceState & Raw): Promise<{ id?: string; props?: Raw }> {
  const inputs = fromState(props);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, KIND);
  let service: Service;
  try {
    service = await engine.services.inspect(id);
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      log(`service ${id} no longer exists on ${engine.host} (removed outside of Pulumi)`);
      return {};
    }
    throw e;
  }
  const outs = await readOutputs(engine, service, inputs, {
    adopted: !!props.adopted,
    resolvedImage: typeof props.resolvedImage === "string" ? props.resolvedImage : undefined,
  });
  // The credentials are never stored: keep the hash of the ones last applied.
  return { id, props: { ...outs, registryAuthHash: props.registryAuthHash ?? "" } };
}

// ─── update ──────────────────────────────────────────────────────────────────

export async function update(id: string, olds: ServiceState & Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parse(news);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, KIND);
  await refuseNewerFields(engine, inputs);
  const pinned = await resolveImage(engine, inputs, log);
  const authChanged = (registryAuthHash(inputs.registryAuth) ?? "") !== (olds.registryAuthHash ?? "");
  try {
    const outs = await updateService(engine, id, inputs, {
      log,
      pinnedImage: pinned.image,
      authChanged,
      adopted: !!olds.adopted,
      resolvedImage: pinned.digest ? pinned.image : undefined,
    });
    return { outs };
  } catch (e) {
    if (e instanceof ConvergenceError) throw new ConvergenceError(e.message, e.id, withProvider(e.properties, news));
    throw e;
  }
}

interface UpdateContext {
  log: Progress;
  pinnedImage: string;
  authChanged: boolean;
  adopted: boolean;
  resolvedImage?: string;
}

/** Writes the declared spec over the current one when they differ, waits, and rolls back on failure. */
async function updateService(engine: DockerEngine, id: string, inputs: ServiceInputs, ctx: UpdateContext): Promise<Raw> {
  const { log } = ctx;
  const name = serviceNameOf(inputs);
  const extra = { adopted: ctx.adopted, resolvedImage: ctx.resolvedImage };
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
      const p = plan(specInputsOf({ ...inputs, image: ctx.pinnedImage }, name), declaredOf(inputs), current.Spec as unknown as EngineServiceSpec, refs);
      changed = p.changed;
      // A no-op update would still replace PreviousSpec (the rollback target): skip it, unless new
      // registry credentials have to reach the Engine.
      return changed.length || ctx.authChanged ? p.desired : undefined;
    },
    write: async (current, next) => {
      const warnings = await engine.services.update(id, current.Version.Index, next as never, { registryAuth: toRegistryAuth(inputs) });
      for (const w of warnings) log(`engine warning: ${w}`);
    },
    onRetry: (n) => log(`the service changed while it was being updated (attempt ${n}); reading it again`),
  });

  if (result.written) log(`updated in place: ${changed.length ? changed.join(", ") : "registry credentials"}`);
  else log("the service already matches the declared spec: nothing written");

  if (inputs.convergence.enabled) {
    const after = await engine.services.inspect(id);
    const res = await converge(engine, id, inputs, log, {
      since: result.written ? after.UpdatedAt : after.CreatedAt,
      watchUpdateStatus: result.written,
      stable: result.written,
    });
    if (!res.ok) {
      const nodes = await engine.nodes.list().catch(() => []);
      const details = await failureDetails(engine, res.last.failedTasks, nodes);
      const lines = [`update of service ${name} failed: ${whyNot(res, inputs)}`, details];
      if (result.written && res.last.engineRolledBack) {
        lines.push("The Engine rolled the service back to its previous spec (updateConfig.failureAction is rollback).");
      } else if (result.written && inputs.rollbackOnFailure) {
        lines.push(await rollBack(engine, id, inputs, log));
      } else if (result.written) {
        lines.push("rollbackOnFailure is false: the service is left on the new spec.");
      }
      const outs = await readOutputs(engine, await engine.services.inspect(id), inputs, extra);
      throw new ConvergenceError(lines.filter(Boolean).join("\n"), id, outs);
    }
    log(`converged: ${res.last.summary}`);
  }
  return readOutputs(engine, await engine.services.inspect(id), inputs, extra);
}

/** `rollback=previous`, then waits for the previous spec to run again. Returns a line for the error. */
async function rollBack(engine: DockerEngine, id: string, inputs: ServiceInputs, log: Progress): Promise<string> {
  log("rolling back to the previous spec");
  try {
    await readModifyWrite<Service, Service["Spec"]>({
      read: () => engine.services.inspect(id),
      apply: (current) => current.Spec,
      write: async (current, spec) => {
        await engine.services.update(id, current.Version.Index, spec, { rollback: true });
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

// ─── delete ──────────────────────────────────────────────────────────────────

export async function remove(id: string, props: ServiceState & Raw): Promise<void> {
  const inputs = fromState(props);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, KIND);
  // The task IDs first: once the service is gone, the Engine no longer filters tasks by it.
  const taskIds = (await engine.tasks.list({ service: [id] }).catch(() => [])).map((t) => t.ID);
  try {
    await engine.services.remove(id);
  } catch (e) {
    if (!isEngineError(e, "NOT_FOUND")) throw e;
    log(`service ${id} was already gone`);
  }
  if (!taskIds.length) return;
  const timeoutMs = Math.max(30_000, (ns(inputs.convergence.timeout) ?? 300e9) / 1e6);
  const deadline = Date.now() + timeoutMs;
  let lastCount = -1;
  for (;;) {
    const present = (await engine.tasks.list({ id: taskIds })).filter((t) => taskIds.includes(t.ID));
    // Docker 20.10 keeps the completed tasks of a deleted job (their containers have exited): they
    // will not go away, so they are not waited for.
    const kept = present.filter((t) => t.DesiredState === "complete" && t.Status.State === "complete");
    const left = present.filter((t) => !kept.includes(t));
    if (!left.length) {
      log(`removed service ${id}; its ${taskIds.length} task(s) are gone${kept.length ? ` (the Engine keeps ${kept.length} completed job task record(s))` : ""}`);
      return;
    }
    if (left.length !== lastCount) {
      log(`waiting for ${left.length} task(s) to stop`);
      lastCount = left.length;
    }
    if (Date.now() > deadline) {
      log(`warning: the service is removed, but ${left.length} task(s) were still stopping after ${Math.round(timeoutMs / 1000)}s`);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ─── helpers ─────────────────────────────────────────────────────────────────

interface ConvergeOpts {
  since: string | number | null | undefined;
  watchUpdateStatus: boolean;
  rollback?: boolean;
  /** Watch for the monitor period after converging (default true). */
  stable?: boolean;
}

function converge(engine: DockerEngine, id: string, inputs: ServiceInputs, log: Progress, o: ConvergeOpts): Promise<WaitResult> {
  const obs: Observer = {
    service: () => engine.services.inspect(id),
    upToDateTasks: () => engine.tasks.list({ service: [id], "_up-to-date": ["true"] }),
    nodes: () => engine.nodes.list(),
  };
  const monitor = ns(inputs.updateConfig?.monitor);
  const since = typeof o.since === "number" ? o.since : Date.parse(o.since ?? "") || 0;
  return waitForConvergence(obs, {
    timeoutMs: (ns(inputs.convergence.timeout) ?? 300e9) / 1e6,
    stableMs: o.stable === false ? 0 : monitor !== undefined ? monitor / 1e6 : DEFAULT_MONITOR_MS,
    maxFailures: inputs.convergence.maxFailures,
    watchUpdateStatus: o.watchUpdateStatus,
    rollback: !!o.rollback,
    since,
    log,
  });
}

function whyNot(r: WaitResult, inputs: ServiceInputs): string {
  if (r.timedOut) return `not converged within ${inputs.convergence.timeout} (${r.last.summary})`;
  return `${r.last.reason ?? "failed"} (${r.last.summary})`;
}

async function refuseNewerFields(engine: DockerEngine, inputs: ServiceInputs): Promise<void> {
  const uses = gatedFields(inputs);
  if (!uses.length) return;
  const version = await engine.apiVersion();
  const refused = refusedAt(uses, version);
  if (refused.length) throw new InputError(refused.map((u) => ({ property: u.property, reason: refusalMessage(u, version, engine.host) })));
}

async function references(engine: DockerEngine, inputs: ServiceInputs) {
  try {
    return await resolveReferences(engine, inputs);
  } catch (e) {
    if (e instanceof ReferenceError) throw new InputError([{ property: e.message.split(":")[0], reason: e.message }]);
    throw e;
  }
}

/**
 * The image to write: as declared, or pinned to the registry's digest with resolveImage. A registry
 * the Engine cannot reach is not fatal: the tag is used as written, and the progress line says so.
 */
async function resolveImage(engine: DockerEngine, inputs: ServiceInputs, log: Progress): Promise<{ image: string; digest?: string }> {
  if (!inputs.resolveImage || hasDigest(inputs.image)) return { image: inputs.image };
  try {
    const info = distributionInfo(await engine.distribution.inspect(inputs.image, toRegistryAuth(inputs), 15_000));
    if (!info) throw new Error("the registry answered without a digest");
    return { image: pinImage(inputs.image, info.digest), digest: info.digest };
  } catch (e) {
    const why = isEngineError(e) ? e.engineMessage : (e as Error).message;
    log(`resolveImage: cannot resolve ${inputs.image} through its registry (${why}); using "${inputs.image}" as written`);
    return { image: inputs.image };
  }
}

function toRegistryAuth(inputs: ServiceInputs): RegistryAuth | undefined {
  const a = inputs.registryAuth;
  if (!a) return undefined;
  return { username: a.username, password: a.password, serveraddress: a.serverAddress, identitytoken: a.identityToken };
}

function parse(news: Raw): ServiceInputs {
  const raw = stripProvider(news);
  const parsed = serviceInputs.safeParse(raw);
  if (!parsed.success) throw new InputError(validate(serviceInputs, raw).failures);
  return parsed.data;
}

/** Inputs as echoed in state (for read and delete, which receive only the outputs). */
function fromState(props: Raw): ServiceInputs {
  const keys = Object.keys(serviceInputsBase.shape);
  const picked = Object.fromEntries(Object.entries(props).filter(([k]) => keys.includes(k)));
  const parsed = serviceInputsBase.safeParse(picked);
  if (parsed.success) return parsed.data;
  // State from another version of this package: the connection and name are all read/delete need.
  const minimal = serviceInputsBase.safeParse({ image: "unknown", connection: props.connection, _name: props._name });
  return minimal.success ? minimal.data : serviceInputsBase.parse({ image: "unknown" });
}

/**
 * The provider host adds the serialized provider (`__provider`) to successful results only; the
 * properties of a partial failure become the state as they are, and read/delete of that state then
 * need it, so it is added here.
 */
function withProvider(outs: Raw, news: Raw): Raw {
  return news.__provider === undefined ? outs : { ...outs, __provider: news.__provider };
}

function stripProvider(news: Raw): Raw {
  const { __provider: _p, ...rest } = news;
  return rest;
}
