/**
 * The SwarmService resource's provider: check / diff / create / read / delete through the lifecycle
 * kit (updates and convergence are in rollout.ts). Called by the tiny stub in sdk/ inside Pulumi's
 * provider host.
 *
 * Identity: a service belongs to a swarm. At create the resource records the manager it reached and
 * the swarm's cluster ID; later calls reach the manager from state (never from DOCKER_HOST) and prove
 * it manages that same swarm before reading, writing or deleting anything, and before a "not found"
 * may remove the service from state.
 */
import type { DockerEngine } from "../engine";
import { CLIENT_MIN_API_VERSION, compareApiVersions } from "../engine/api-version";
import { isEngineError } from "../engine/errors";
import type { Service } from "../engine/schemas";
import type { PropertyChange } from "../common/changes";
import { validate, type CheckFailure } from "../common/check";
import {
  engineAt,
  engineForInput,
  recordFromState,
  recordOf,
  settingsForCreate,
  settingsForExisting,
  verifySwarmManager,
  reachExisting,
} from "../common/connection";
import { InputError } from "../common/errors";
import { inputsFromState, keepTrack, parseOrThrow, PartialFailure, stripProvider, withProvider, type Raw } from "../common/lifecycle";
import { pollOrThrow } from "../common/poll";
import { progressFor } from "../common/progress";
import { joinSecretSpec } from "../common/secrets";
import { containsUnknown, withoutUnknowns } from "../common/unknowns";
import { serviceInputs, serviceInputsBase, type ServiceInputs } from "./args";
import { diffServiceDetailed, registryAuthHash, serviceNameOf, type ServiceState } from "./diff";
import { gatedFields, refusalMessage, refusedAt } from "./gating";
import { hasDigest, parseImage } from "./image";
import { fallbackOutputs, readOutputs, type OutputExtras } from "./outputs";
import { resolveImage, withDockerConfigAuth } from "./registry";
import { createService } from "./creation";
import { converge, detailOptions, failureText, updateService } from "./rollout";
import { ns } from "./spec/units";

const KIND = "swarm-service";

// ─── check ───────────────────────────────────────────────────────────────────

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const raw = stripProvider(news);
  const { failures } = validate(serviceInputs, raw);
  if (failures.length) return { inputs: news, failures };
  return { inputs: news, failures: await apiVersionFailures(raw, _olds) };
}

/**
 * Fields the Engine's API version lacks. Costs an engine call only when a field newer than the
 * oldest supported API is used (or none when the connection pins its API version).
 */
async function apiVersionFailures(raw: Raw, olds: Raw): Promise<CheckFailure[]> {
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
    // An existing service is checked against its recorded engine, a new one against where it will go.
    const record = recordFromState(olds.engine);
    const engine = record ? engineAt(settingsForExisting(parsed.data.connection, record, "service")) : engineForInput(parsed.data.connection);
    host = engine.host;
    version ??= await engine.apiVersion();
  } catch {
    // Unreachable now: create/update check again with the version they negotiate.
    return [];
  }
  return refusedAt(uses, version).map((u) => ({ property: u.property, reason: refusalMessage(u, version, host) }));
}

// ─── diff ────────────────────────────────────────────────────────────────────

export async function diff(id: string, olds: ServiceState & Raw, news: Raw) {
  const { properties: _structured, ...d } = await diffDetailed(id, olds, news);
  return d;
}

/** diff, with the changes also as a structured list: the provider plugin's detailed diff. */
export async function diffDetailed(_id: string, olds: ServiceState & Raw, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean; properties?: PropertyChange[] }> {
  const raw = stripProvider(news);
  // Cross-field rules are check's business; with unknowns they could fail here and hide a replace.
  const parsed = serviceInputsBase.safeParse(withoutUnknowns(raw));
  if (!parsed.success) return { changes: true };
  const inputs = await withDockerConfigAuth(parsed.data);
  const state: ServiceState = { ...olds, spec: joinSecretSpec(olds.spec, olds.secretSpec) };
  const d = diffServiceDetailed(state, inputs, raw);
  const log = progressFor(inputs._name, KIND);

  // Opt-in: ask the registry whether the tag moved (the only engine call a preview may make here).
  if (inputs.resolveImage && !d.replaces.length && !containsUnknown(raw.image) && !hasDigest(inputs.image) && state.spec) {
    const { engine } = connect(inputs, olds);
    const pinned = await resolveImage(engine, inputs, log);
    const current = parseImage(state.spec.image).digest;
    if (pinned.digest && pinned.digest !== current) {
      d.changes = true;
      const reason = `image: ${inputs.image} now resolves to ${pinned.digest}${current ? ` (running ${current})` : ""}`;
      d.reasons.push(reason);
      d.properties.push({ path: "image", replace: false, reason });
    }
  }
  for (const r of d.reasons) log(r);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: true, properties: d.properties };
}

// ─── create ──────────────────────────────────────────────────────────────────

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = await withDockerConfigAuth(parseOrThrow(serviceInputs, stripProvider(news)));
  const settings = settingsForCreate(inputs.connection);
  const engine = engineAt(settings);
  const log = progressFor(inputs._name, KIND);
  const name = serviceNameOf(inputs);
  const record = recordOf(engine, await verifySwarmManager(engine, undefined, `service ${name}`), settings);
  await refuseNewerFields(engine, inputs);
  const pinned = await resolveImage(engine, inputs, log);

  if (inputs.adopt) {
    const existing = (await engine.services.list({ name: [name] })).find((s) => s.Spec.Name === name);
    if (existing) {
      log(`adopting the existing service ${name} (${existing.ID})`);
      const ctx = { log, record, pinnedImage: pinned.image, authChanged: !!inputs.registryAuth, adopted: true };
      return keepTrack(
        existing.ID,
        news,
        async () => ({ id: existing.ID, outs: await updateService(engine, existing.ID, inputs, ctx) }),
        async () => readOutputs(engine, await engine.services.inspect(existing.ID), inputs, { record, adopted: true }),
        () => fallbackOutputs(existing.ID, inputs, { record, adopted: true }),
      );
    }
  }

  const id = await createService(engine, inputs, pinned.image, log);

  // The service exists from here on: whatever fails is reported with its ID, so it stays in state
  // (and the next `up` updates it and waits again, instead of failing on "already exists").
  const extra: OutputExtras = { resolvedImage: pinned.digest ? pinned.image : undefined, adopted: false, record };
  return keepTrack(
    id,
    news,
    async () => {
      if (inputs.convergence.enabled) {
        const service = await engine.services.inspect(id);
        const result = await converge(engine, id, inputs, log, { since: service.CreatedAt, watchUpdateStatus: true });
        if (!result.ok) {
          const outs = await readOutputs(engine, await engine.services.inspect(id), inputs, extra);
          const message = [await failureText(engine, `service ${name} was created but did not converge`, result, inputs), "It is recorded in the stack; the next `pulumi up` retries."].join("\n");
          throw new PartialFailure(detailOptions(inputs).scrub(message), id, outs);
        }
        log(`converged: ${result.last.summary}`);
      }
      return { id, outs: await readOutputs(engine, await engine.services.inspect(id), inputs, extra) };
    },
    async () => readOutputs(engine, await engine.services.inspect(id), inputs, extra),
    () => fallbackOutputs(id, inputs, extra),
  );
}

// ─── read ────────────────────────────────────────────────────────────────────

export async function read(id: string, props: ServiceState & Raw): Promise<{ id?: string; props?: Raw }> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, KIND);
  const { engine, record, settings } = connect(inputs, props);
  // Proven first: only a manager of this very swarm may say that the service is gone.
  const info = await verifySwarmManager(engine, record?.swarmId, `service ${serviceNameOf(inputs) || id}`);
  let service: Service;
  try {
    service = await engine.services.inspect(id);
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      log(`service ${id} no longer exists in swarm ${info.Swarm.Cluster?.ID} (removed outside of Pulumi)`);
      return {};
    }
    throw e;
  }
  const outs = await readOutputs(engine, service, inputs, {
    adopted: !!props.adopted,
    resolvedImage: typeof props.resolvedImage === "string" ? props.resolvedImage : undefined,
    record: record ?? recordOf(engine, info, settings),
  });
  // The credentials are never stored: keep the hash of the ones last applied.
  return { id, props: { ...outs, registryAuthHash: props.registryAuthHash ?? "" } };
}

// ─── update ──────────────────────────────────────────────────────────────────

export async function update(id: string, olds: ServiceState & Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = await withDockerConfigAuth(parseOrThrow(serviceInputs, stripProvider(news)));
  const log = progressFor(inputs._name, KIND);
  const { engine, record, settings } = connect(inputs, olds);
  const info = await verifySwarmManager(engine, record?.swarmId, `service ${serviceNameOf(inputs)}`);
  await refuseNewerFields(engine, inputs);
  const pinned = await resolveImage(engine, inputs, log);
  const authChanged = (registryAuthHash(inputs.registryAuth) ?? "") !== (olds.registryAuthHash ?? "");
  const ctx = {
    log,
    record: record ?? recordOf(engine, info, settings),
    pinnedImage: pinned.image,
    authChanged,
    adopted: !!olds.adopted,
    resolvedImage: pinned.digest ? pinned.image : undefined,
  };
  try {
    return { outs: await updateService(engine, id, inputs, ctx) };
  } catch (e) {
    // A convergence failure carries the service's outputs: Pulumi records them with the error.
    if (e instanceof PartialFailure) throw new PartialFailure(e.message, e.id, withProvider(e.properties, news), e);
    throw e;
  }
}

// ─── delete ──────────────────────────────────────────────────────────────────

export async function remove(id: string, props: ServiceState & Raw): Promise<void> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, KIND);
  const { engine, record } = connect(inputs, props);
  await verifySwarmManager(engine, record?.swarmId, `service ${serviceNameOf(inputs) || id}`);
  // The task IDs first: once the service is gone, the Engine no longer filters tasks by it.
  const taskIds = (await engine.tasks.list({ service: [id] }).catch(() => [])).map((t) => t.ID);
  try {
    await engine.services.remove(id);
  } catch (e) {
    if (!isEngineError(e, "NOT_FOUND")) throw e;
    log(`service ${id} was already gone`);
  }
  if (!taskIds.length) return;
  const timeoutMs = Math.max(30_000, (ns(inputs.convergence?.timeout ?? "5m") ?? 300e9) / 1e6);
  let kept = 0;
  try {
    await pollOrThrow({
      what: `the ${taskIds.length} task(s) of service ${id} to stop`,
      step: async () => {
        const present = (await engine.tasks.list({ id: taskIds })).filter((t) => taskIds.includes(t.ID));
        // Docker 20.10 keeps the completed tasks of a deleted job (their containers have exited): they
        // will not go away, so they are not waited for.
        kept = present.filter((t) => t.DesiredState === "complete" && t.Status.State === "complete").length;
        const left = present.length - kept;
        return { done: left === 0, value: true, status: `${left} task(s) still stopping` };
      },
      timeoutMs,
      intervalMs: 200,
      log,
    });
    log(`removed service ${id}; its ${taskIds.length} task(s) are gone${kept ? ` (the Engine keeps ${kept} completed job task record(s))` : ""}`);
  } catch (e) {
    log(`warning: the service is removed, but its tasks were still stopping: ${(e as Error).message}`);
  }
}

// ─── helpers ─────────────────────────────────────────────────────────────────

/** The recorded manager, reached from the declared connection completed by the record (never DOCKER_HOST). */
function connect(inputs: Pick<ServiceInputs, "connection" | "name" | "_name">, state: Raw) {
  return reachExisting(inputs.connection, state, `service ${serviceNameOf(inputs)}`);
}

async function refuseNewerFields(engine: DockerEngine, inputs: ServiceInputs): Promise<void> {
  const uses = gatedFields(inputs);
  if (!uses.length) return;
  const version = await engine.apiVersion();
  const refused = refusedAt(uses, version);
  if (refused.length) throw new InputError(refused.map((u) => ({ property: u.property, reason: refusalMessage(u, version, engine.host) })));
}

/** Inputs as echoed in state (for read and delete, which receive only the outputs), read leniently. */
function fromState(props: Raw): ServiceInputs {
  return inputsFromState(serviceInputsBase, props) as ServiceInputs;
}
