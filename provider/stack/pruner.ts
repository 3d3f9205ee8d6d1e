/**
 * A stack's pruner: one small resource per SwarmStack that knows what carries the stack's namespace
 * label (`com.docker.stack.namespace`, as `docker stack deploy` labels everything) but is declared by
 * no child of the stack: services, secrets, configs and networks left from a file that changed, or
 * made by `docker stack deploy` before the stack was adopted.
 *
 * - `preview` lists them (the one place a stack's preview asks the Engine): with `prune: true` as a
 *   change ("removes …"), without it as a note ("kept, not in the file").
 * - `up` with `prune: true` removes them: services first (waiting for their tasks), then secrets and
 *   configs, then networks.
 * - Deleting the pruner (the stack is destroyed or removed from the program) removes everything the
 *   namespace label still marks, in the same order. The stack's children are retained by Pulumi when
 *   `prune` is false (so that one dropped from the file stays, as with the CLI), which is why the
 *   pruner's delete, which Pulumi runs before its children's, is what leaves nothing behind.
 */
import type { DockerEngine } from "../engine";
import { isEngineError } from "../engine/errors";
import { validate, type CheckFailure } from "../common/check";
import { deepEqual } from "../common/clean";
import {
  engineAt,
  recordOf,
  settingsForCreate,
  verifySwarmManager,
  reachExisting,
  type EngineRecord,
} from "../common/connection";
import { inputsFromState, parseOrThrow, stripProvider, type Raw } from "../common/lifecycle";
import { poll } from "../common/poll";
import { progressFor, type Progress } from "../common/progress";
import { containsUnknown, withoutUnknowns } from "../common/unknowns";
import { VERSION_OF_LABEL } from "../common/versions";
import { NAMESPACE_LABEL } from "./compose/plan-types";
import { prunerInputs, type PrunerInputs } from "./pruner-args";

const KIND = "swarm-stack";

interface Stray {
  kind: "service" | "secret" | "config" | "network";
  id: string;
  name: string;
}

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  return { inputs: news, failures: validate(prunerInputs, stripProvider(news)).failures };
}

export async function diff(_id: string, olds: Raw, news: Raw) {
  const raw = stripProvider(news);
  const parsed = prunerInputs.safeParse(withoutUnknowns(raw));
  if (!parsed.success || containsUnknown(raw)) return { changes: true };
  const inputs = parsed.data;
  const log = progressFor(inputs.namespace, KIND);
  const { engine, record } = connect(inputs, olds);
  await verifySwarmManager(engine, record?.swarmId, `stack ${inputs.namespace}`);
  const strays = await straysOf(engine, inputs);
  report(strays, inputs.prune, log, "preview");
  const recorded = !deepEqual([olds.prune, olds.declared, olds.owners], [inputs.prune, inputs.declared, inputs.owners]);
  return { changes: recorded || (inputs.prune && strays.length > 0) };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parseOrThrow(prunerInputs, stripProvider(news));
  const settings = settingsForCreate(inputs.connection);
  const engine = engineAt(settings);
  const record = recordOf(engine, await verifySwarmManager(engine, undefined, `stack ${inputs.namespace}`), settings);
  const outs = await apply(engine, inputs, record);
  return { id: `stack-${inputs.namespace}`, outs };
}

export async function read(id: string, props: Raw): Promise<{ id?: string; props?: Raw }> {
  const inputs = fromState(props);
  const { engine, record, settings } = connect(inputs, props);
  const info = await verifySwarmManager(engine, record?.swarmId, `stack ${inputs.namespace}`);
  const strays = await straysOf(engine, inputs);
  return { id, props: { ...props, strays: strays.map(describe), engine: record ?? recordOf(engine, info, settings) } };
}

export async function update(_id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parseOrThrow(prunerInputs, stripProvider(news));
  const { engine, record, settings } = connect(inputs, olds);
  const info = await verifySwarmManager(engine, record?.swarmId, `stack ${inputs.namespace}`);
  return { outs: await apply(engine, inputs, record ?? recordOf(engine, info, settings)) };
}

/** The stack is destroyed: everything its namespace label marks goes, services first. */
export async function remove(_id: string, props: Raw): Promise<void> {
  const inputs = fromState(props);
  const log = progressFor(inputs.namespace, KIND);
  const { engine, record } = connect(inputs, props);
  await verifySwarmManager(engine, record?.swarmId, `stack ${inputs.namespace}`);
  const all = await labelled(engine, inputs.namespace);
  if (all.length) log(`removing the stack's ${all.length} object(s): ${all.map((s) => `${s.kind} ${s.name}`).join(", ")}`);
  await removeAll(engine, all, log);
}

// ─── helpers ─────────────────────────────────────────────────────────────────

async function apply(engine: DockerEngine, inputs: PrunerInputs, record: EngineRecord): Promise<Raw> {
  const log = progressFor(inputs.namespace, KIND);
  let strays = await straysOf(engine, inputs);
  if (inputs.prune && strays.length) {
    log(`prune: removing what the file no longer declares: ${strays.map((s) => `${s.kind} ${s.name}`).join(", ")}`);
    await removeAll(engine, strays, log);
    strays = await straysOf(engine, inputs);
  } else {
    report(strays, inputs.prune, log, "up");
  }
  return { ...inputs, strays: strays.map(describe), engine: record };
}

function describe(s: Stray): string {
  return `${s.kind} ${s.name}`;
}

function report(strays: Stray[], prune: boolean, log: Progress, when: "preview" | "up"): void {
  if (!strays.length) return;
  const list = strays.map(describe).join(", ");
  if (prune) log(`${when === "preview" ? "up will remove" : "removing"} what the file no longer declares: ${list}`);
  else log(`kept (not in the file; prune is off): ${list}. Set prune: true to remove them`);
}

/** Everything carrying the namespace label. */
async function labelled(engine: DockerEngine, namespace: string): Promise<Stray[]> {
  const label = [`${NAMESPACE_LABEL}=${namespace}`];
  const [services, secrets, configs, networks] = await Promise.all([
    engine.services.list({ label }),
    engine.secrets.list({ label }),
    engine.configs.list({ label }),
    engine.networks.list({ label }),
  ]);
  return [
    ...services.map((s) => ({ kind: "service" as const, id: s.ID, name: s.Spec.Name ?? s.ID, labels: {} as Record<string, string> })),
    ...secrets.map((s) => ({ kind: "secret" as const, id: s.ID, name: s.Spec.Name, labels: s.Spec.Labels ?? {} })),
    ...configs.map((c) => ({ kind: "config" as const, id: c.ID, name: c.Spec.Name, labels: c.Spec.Labels ?? {} })),
    ...networks.map((n) => ({ kind: "network" as const, id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
  ].map(({ labels, ...s }) => ({ ...s, owner: labels[VERSION_OF_LABEL] })) as Array<Stray & { owner?: string }>;
}

/** Labelled objects that no child of the stack declares (by name, or by the owner of its versions). */
async function straysOf(engine: DockerEngine, inputs: PrunerInputs): Promise<Stray[]> {
  const declared: Record<Stray["kind"], string[]> = {
    service: inputs.declared.services,
    secret: inputs.declared.secrets,
    config: inputs.declared.configs,
    network: inputs.declared.networks,
  };
  const all = (await labelled(engine, inputs.namespace)) as Array<Stray & { owner?: string }>;
  return all
    .filter((o) => !declared[o.kind].includes(o.name) && !(o.owner && inputs.owners.includes(o.owner)))
    .map(({ owner: _o, ...s }) => s);
}

/** Services first (and their tasks gone), then secrets and configs, then networks (once released). */
async function removeAll(engine: DockerEngine, objects: Stray[], log: Progress): Promise<void> {
  const ignoreGone = (e: unknown) => {
    if (!isEngineError(e, "NOT_FOUND")) throw e;
  };
  const services = objects.filter((o) => o.kind === "service");
  for (const s of services) await engine.services.remove(s.id).catch(ignoreGone);
  if (services.length) {
    const ids = services.map((s) => s.id);
    await poll({
      what: "the removed services' tasks to stop",
      step: async () => {
        const left = (await engine.tasks.list()).filter((t) => ids.includes(t.ServiceID) && t.Status.State === "running");
        return { done: left.length === 0, value: true, status: `${left.length} task(s) still running` };
      },
      timeoutMs: 60_000,
      intervalMs: 300,
      log,
    });
  }
  for (const o of objects.filter((x) => x.kind === "secret")) await engine.secrets.remove(o.id).catch(ignoreGone);
  for (const o of objects.filter((x) => x.kind === "config")) await engine.configs.remove(o.id).catch(ignoreGone);
  for (const n of objects.filter((x) => x.kind === "network")) {
    // Tasks that just stopped take a moment to let go of their networks.
    const r = await poll({
      what: `network ${n.name} to be released`,
      step: async () => {
        try {
          await engine.networks.remove(n.id);
        } catch (e) {
          if (isEngineError(e, "NOT_FOUND")) return { done: true, value: true, status: "gone" };
          throw e;
        }
        return { done: true, value: true, status: "removed" };
      },
      timeoutMs: 60_000,
      intervalMs: 500,
      log,
    });
    if (!r.ok) throw new Error(`network ${n.name} could not be removed: ${r.status}`);
  }
  for (const o of objects) log(`removed ${describe(o)}`);
}

function connect(inputs: PrunerInputs, state: Raw) {
  return reachExisting(inputs.connection, state, `stack ${inputs.namespace}`);
}

function fromState(props: Raw): PrunerInputs {
  return inputsFromState(prunerInputs, props) as PrunerInputs;
}
