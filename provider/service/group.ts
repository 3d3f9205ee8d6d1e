/**
 * A group of services deployed as one (a SwarmStack with `rollback: "stack"`): every service's change
 * is written, all are waited for in parallel (through the engine's one watcher), and when any fails,
 * every service this operation changed is put back: updated ones rolled back to their previous spec
 * (`rollback=previous`), created ones removed. So the group is never left half old, half new, and
 * state always says what runs: the whole group is one Pulumi resource, whatever Pulumi's --parallel.
 *
 * Each member is a SwarmService's inputs; the per-service diff, create, update, convergence and
 * rollback are the SwarmService's own (diff.ts, creation.ts, rollout.ts).
 */
import { z } from "zod";
import type { DockerEngine } from "../engine";
import { isEngineError } from "../engine/errors";
import type { CheckFailure } from "../common/check";
import { validate } from "../common/check";
import {
  connectionFromState,
  engineAt,
  recordOf,
  settingsForCreate,
  verifySwarmManager,
  reachExisting,
  type EngineRecord,
} from "../common/connection";
import { messageOf } from "../common/errors";
import { PartialFailure, stripProvider, withProvider, type Raw } from "../common/lifecycle";
import { progressFor, type Progress } from "../common/progress";
import { connectionInput } from "../common/schemas";
import { joinSecretSpec } from "../common/secrets";
import { withoutUnknowns } from "../common/unknowns";
import { serviceInputs, serviceInputsBase, type ServiceInputs } from "./args";
import { createService } from "./creation";
import { diffService, registryAuthHash, serviceNameOf, type ServiceState } from "./diff";
import { readOutputs } from "./outputs";
import { resolveImage, withDockerConfigAuth } from "./registry";
import { awaitRollout, converge, failureText, rollBack, writeService } from "./rollout";

const KIND = "swarm-stack";

const groupInputs = z.strictObject({
  connection: connectionInput.optional(),
  /** Compose service key → that service's SwarmService inputs. */
  services: z.record(z.string(), z.record(z.string(), z.unknown())),
  _name: z.string().optional(),
});

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const raw = stripProvider(news);
  const top = validate(groupInputs, raw).failures;
  if (top.length) return { inputs: news, failures: top };
  const failures: CheckFailure[] = [];
  for (const [key, s] of Object.entries(raw.services as Record<string, Raw>)) {
    for (const f of validate(serviceInputs, s).failures) failures.push({ property: `services.${key}.${f.property}`, reason: `services.${key}.${f.reason}` });
  }
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: Raw, news: Raw) {
  const raw = stripProvider(news);
  const services = (raw.services ?? {}) as Record<string, Raw>;
  const before = (olds.services ?? {}) as Record<string, ServiceState & Raw>;
  const log = progressFor(raw._name as string | undefined, KIND);
  let changes = false;
  for (const [key, s] of Object.entries(services)) {
    const parsed = serviceInputsBase.safeParse(withoutUnknowns(s));
    if (!parsed.success || !before[key]) {
      changes = true;
      log(`${key}: ${before[key] ? "changes" : "created"}`);
      continue;
    }
    const d = diffService({ ...before[key], spec: joinSecretSpec(before[key].spec, before[key].secretSpec) }, await withDockerConfigAuth(parsed.data), s);
    if (d.changes) changes = true;
    for (const r of d.reasons) log(`${key}: ${r}`);
  }
  for (const key of Object.keys(before)) {
    if (!(key in services)) {
      changes = true;
      log(`${key}: removed from the group`);
    }
  }
  return { changes, replaces: [], deleteBeforeReplace: false };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const raw = stripProvider(news);
  const settings = settingsForCreate(connectionFromState(raw.connection));
  const engine = engineAt(settings);
  const record = recordOf(engine, await verifySwarmManager(engine, undefined, `stack ${raw._name}`), settings);
  const outs = await deploy(engine, record, raw, {}, news);
  return { id: `group-${raw._name ?? "stack"}`, outs };
}

export async function update(id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }> {
  const raw = stripProvider(news);
  const { engine, record } = connect(raw, olds);
  await verifySwarmManager(engine, record?.swarmId, `stack ${raw._name}`);
  return { outs: await deploy(engine, record as EngineRecord, raw, (olds.services ?? {}) as Record<string, Raw>, news, id) };
}

export async function read(id: string, props: Raw): Promise<{ id?: string; props?: Raw }> {
  const { engine, record } = connect(props, props);
  await verifySwarmManager(engine, record?.swarmId, `stack ${props._name}`);
  const services: Record<string, Raw> = {};
  for (const [key, s] of Object.entries((props.services ?? {}) as Record<string, Raw>)) {
    const inputs = memberFromState(s);
    const svc = await engine.services.inspect(String(s.serviceId)).catch((e) => (isEngineError(e, "NOT_FOUND") ? undefined : Promise.reject(e)));
    if (svc) services[key] = { ...(await readOutputs(engine, svc, inputs, { record: record as EngineRecord, adopted: !!s.adopted })), registryAuthHash: s.registryAuthHash ?? "" };
  }
  return { id, props: { ...props, services } };
}

export async function remove(_id: string, props: Raw): Promise<void> {
  const { engine, record } = connect(props, props);
  await verifySwarmManager(engine, record?.swarmId, `stack ${props._name}`);
  const log = progressFor(props._name as string | undefined, KIND);
  for (const s of Object.values((props.services ?? {}) as Record<string, Raw>)) {
    await engine.services.remove(String(s.serviceId)).catch((e) => {
      if (!isEngineError(e, "NOT_FOUND")) throw e;
    });
    log(`removed service ${String(s.name)}`);
  }
}

// ─── the deployment ──────────────────────────────────────────────────────────

interface Step {
  key: string;
  inputs: ServiceInputs;
  id: string;
  /** What this operation did to it: made it, wrote a new spec, or nothing. */
  did: "created" | "written" | "none";
  log: Progress;
}

async function deploy(engine: DockerEngine, record: EngineRecord, raw: Raw, before: Record<string, Raw>, news: Raw, groupId?: string): Promise<Raw> {
  const wanted = raw.services as Record<string, Raw>;
  const steps: Step[] = [];
  const failures: string[] = [];
  const prefix = (raw._name as string | undefined) ?? "stack";
  // Writes first, for every member, so that all roll out at once.
  for (const [key, s] of Object.entries(wanted)) {
    const inputs = await withDockerConfigAuth(serviceInputs.parse(s));
    const log = progressFor(`${prefix} ${key}`, KIND);
    try {
      const pinned = await resolveImage(engine, inputs, log);
      const old = before[key];
      const sameObject = old?.serviceId && (old.name ?? serviceNameOf(old as ServiceInputs)) === serviceNameOf(inputs) && old.mode === inputs.mode;
      if (old?.serviceId && !sameObject) {
        // A new name or mode: the Engine cannot change those in place.
        log(`replacing service ${String(old.name)} (a new name or mode)`);
        await engine.services.remove(String(old.serviceId)).catch((e) => (isEngineError(e, "NOT_FOUND") ? undefined : Promise.reject(e)));
      }
      if (sameObject) {
        const authChanged = (registryAuthHash(inputs.registryAuth) ?? "") !== (old.registryAuthHash ?? "");
        const { written } = await writeService(engine, String(old.serviceId), inputs, { log, pinnedImage: pinned.image, authChanged });
        steps.push({ key, inputs, id: String(old.serviceId), did: written ? "written" : "none", log });
      } else {
        const existing = inputs.adopt ? (await engine.services.list({ name: [serviceNameOf(inputs)] })).find((x) => x.Spec.Name === serviceNameOf(inputs)) : undefined;
        if (existing) {
          log(`adopting the existing service ${serviceNameOf(inputs)} (${existing.ID})`);
          const { written } = await writeService(engine, existing.ID, inputs, { log, pinnedImage: pinned.image, authChanged: !!inputs.registryAuth });
          steps.push({ key, inputs, id: existing.ID, did: written ? "written" : "none", log });
        } else {
          steps.push({ key, inputs, id: await createService(engine, inputs, pinned.image, log), did: "created", log });
        }
      }
    } catch (e) {
      failures.push(`${key}: ${messageOf(e)}`);
      break;
    }
  }
  // Then every member is waited for, in parallel.
  if (!failures.length) {
    const results = await Promise.all(
      steps.map(async (st) => {
        try {
          if (st.did === "created" && st.inputs.convergence.enabled) {
            const svc = await engine.services.inspect(st.id);
            const r = await converge(engine, st.id, st.inputs, st.log, { since: svc.CreatedAt, watchUpdateStatus: true });
            return r.ok ? undefined : failureText(engine, `${st.key} did not converge`, r, st.inputs);
          }
          const r = await awaitRollout(engine, st.id, st.inputs, st.did === "written", st.log);
          return !r || r.ok ? undefined : failureText(engine, `${st.key} failed`, r, st.inputs);
        } catch (e) {
          return `${st.key}: ${messageOf(e)}`;
        }
      }),
    );
    for (const r of results) if (r) failures.push(r);
  }
  if (failures.length) {
    // All or nothing: put back every member this operation changed.
    const undone: string[] = [];
    for (const st of steps) {
      if (st.did === "written") undone.push(`${st.key}: ${await rollBack(engine, st.id, st.inputs, st.log)}`);
      if (st.did === "created") {
        await engine.services.remove(st.id).catch(() => undefined);
        undone.push(`${st.key}: removed (it was created by this up)`);
      }
    }
    const outs = await outputsOf(engine, record, raw, before, steps.filter((s) => s.did !== "created"));
    const message = [`the stack's update failed, so every service it changed was put back (rollback: "stack"):`, ...failures, ...undone].join("\n");
    throw new PartialFailure(message, groupId ?? `group-${prefix}`, withProvider(outs, news));
  }
  // Members dropped from the group go once the rest converged.
  for (const [key, old] of Object.entries(before)) {
    if (key in wanted || !old.serviceId) continue;
    await engine.services.remove(String(old.serviceId)).catch((e) => (isEngineError(e, "NOT_FOUND") ? undefined : Promise.reject(e)));
    progressFor(`${prefix} ${key}`, KIND)(`removed service ${String(old.name)} (no longer in the group)`);
  }
  return outputsOf(engine, record, raw, {}, steps);
}

async function outputsOf(engine: DockerEngine, record: EngineRecord, raw: Raw, before: Record<string, Raw>, steps: Step[]): Promise<Raw> {
  const services: Record<string, Raw> = { ...before };
  for (const st of steps) {
    const svc = await engine.services.inspect(st.id).catch(() => undefined);
    if (svc) services[st.key] = await readOutputs(engine, svc, st.inputs, { record, adopted: false });
  }
  return { connection: raw.connection, _name: raw._name, engine: record, services };
}

function memberFromState(s: Raw): ServiceInputs {
  const keys = Object.keys(serviceInputsBase.shape);
  const picked = Object.fromEntries(Object.entries(s).filter(([k]) => keys.includes(k)));
  const parsed = serviceInputsBase.safeParse({ ...picked, connection: undefined });
  return (parsed.success ? parsed.data : serviceInputsBase.parse({ image: String(s.image ?? "unknown") })) as ServiceInputs;
}

function connect(inputs: Raw, state: Raw) {
  return reachExisting(connectionFromState(inputs.connection), state, `stack ${inputs._name}`);
}
