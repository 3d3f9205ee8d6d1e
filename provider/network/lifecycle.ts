/**
 * SwarmNetwork's provider: check / diff / create / read / delete through the lifecycle kit (no
 * update: the Engine cannot change a network, so every setting is a replacement).
 *
 * A replacement is created first: its name is the declared one when free, else the declared one with
 * a short hash of its settings (the old network still holds the name). The services that refer to
 * this resource then move to the new network in place, and the old network's delete comes last. That
 * delete waits, bounded, for the tasks that just left to let go of it; one that a service still uses
 * (an update that failed and rolled back) is kept while a newer version exists, and removed by a later
 * delete once unused.
 */
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import type { Network } from "../engine/api/networks";
import type { PropertyChange } from "../common/changes";
import { omitUndefined } from "../common/clean";
import { validate, type CheckFailure } from "../common/check";
import {
  engineAt,
  recordOf,
  settingsForCreate,
  verifySwarmManager,
  reachExisting,
  type EngineRecord,
} from "../common/connection";
import { ProviderError, messageOf } from "../common/errors";
import { inputsFromState, keepTrack, parseOrThrow, stripProvider, type Raw } from "../common/lifecycle";
import { poll } from "../common/poll";
import { progressFor, type Progress } from "../common/progress";
import { withoutUnknowns } from "../common/unknowns";
import { VERSION_OF_LABEL } from "../common/versions";
import { networkInputs, networkInputsBase, networkNameOf, type NetworkInputs } from "./args";
import { diffNetworkDetailed } from "./diff";
import { differences, observedOf, replacementName, toCreateRequest } from "./spec";

const KIND = "swarm-network";
/** How long a delete waits for tasks that just left the network to release it. */
const RELEASE_MS = 60_000;

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const { failures } = validate(networkInputs, stripProvider(news));
  return { inputs: news, failures };
}

export async function diff(id: string, olds: Raw, news: Raw) {
  const { properties: _structured, ...d } = await diffDetailed(id, olds, news);
  return d;
}

/** diff, with the changes also as a structured list: the provider plugin's detailed diff. */
export async function diffDetailed(_id: string, olds: Raw, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean; properties?: PropertyChange[] }> {
  const raw = stripProvider(news);
  const parsed = networkInputsBase.safeParse(withoutUnknowns(raw));
  if (!parsed.success) return { changes: true };
  const d = diffNetworkDetailed(olds, parsed.data, raw);
  const log = progressFor(parsed.data._name, KIND);
  for (const r of d.reasons) log(r);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false, properties: d.properties };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parseOrThrow(networkInputs, stripProvider(news));
  const settings = settingsForCreate(inputs.connection);
  const engine = engineAt(settings);
  const log = progressFor(inputs._name, KIND);
  const name = networkNameOf(inputs);
  const record = recordOf(engine, await verifySwarmManager(engine, undefined, `network ${name}`), settings);
  const existing = await byName(engine, name);
  let target = name;
  if (existing) {
    if (inputs.adopt) {
      const diffs = differences(existing, inputs);
      if (diffs.length) {
        throw new ProviderError("REFUSED", `network ${name} exists with other settings than declared (${diffs.join("; ")}); networks cannot change, so declare its settings to adopt it`);
      }
      log(`adopting the existing network ${name} (${existing.Id})`);
      return { id: existing.Id, outs: outputs(existing, inputs, { record, adopted: true }) };
    }
    if (!inputs._owner || existing.Labels?.[VERSION_OF_LABEL] !== inputs._owner) {
      throw new EngineError({
        code: "CONFLICT",
        engineMessage: `a network named "${name}" already exists on ${engine.host}; set adopt: true to manage it, or choose another name`,
        host: engine.host,
      });
    }
    // The previous version of this very network (a replacement in progress) still holds the name.
    target = replacementName(inputs);
    log(`the previous version still holds the name ${name}: the new network is ${target}`);
  }
  log(`creating network ${target} (${inputs.driver}${inputs.attachable ? ", attachable" : ""}${inputs.encrypted ? ", encrypted" : ""})`);
  const id = await engine.networks.create(toCreateRequest(inputs, target));
  return keepTrack(
    id,
    news,
    async () => ({ id, outs: outputs(await engine.networks.inspect(id), inputs, { record, adopted: false }) }),
    async () => outputs(await engine.networks.inspect(id), inputs, { record, adopted: false }),
    () => omitUndefined({ ...echo(inputs, { record, adopted: false }), networkId: id, engineName: target }),
  );
}

export async function read(id: string, props: Raw): Promise<{ id?: string; props?: Raw }> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, KIND);
  const { engine, record, settings } = connect(inputs, props);
  const info = await verifySwarmManager(engine, record?.swarmId, `network ${networkNameOf(inputs)}`);
  let n: Network;
  try {
    n = await engine.networks.inspect(id);
  } catch (e) {
    if (isEngineError(e, "NOT_FOUND")) {
      log(`network ${id} no longer exists in swarm ${info.Swarm.Cluster?.ID} (removed outside of Pulumi)`);
      return {};
    }
    throw e;
  }
  return { id, props: { ...props, ...observedOf(n), engine: record ?? recordOf(engine, info, settings) } };
}

/** Only settings of this package change in place (adopt, connection): nothing is written. */
export async function update(id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parseOrThrow(networkInputs, stripProvider(news));
  const { engine, record, settings } = connect(inputs, olds);
  const info = await verifySwarmManager(engine, record?.swarmId, `network ${networkNameOf(inputs)}`);
  return { outs: outputs(await engine.networks.inspect(id), inputs, { record: record ?? recordOf(engine, info, settings), adopted: !!olds.adopted }) };
}

export async function remove(id: string, props: Raw): Promise<void> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, KIND);
  const { engine, record } = connect(inputs, props);
  await verifySwarmManager(engine, record?.swarmId, `network ${networkNameOf(inputs)}`);
  if (props.adopted) log(`removing the adopted network ${String(props.engineName ?? id)}`);
  const newer = await newerVersionExists(engine, id, inputs._owner);
  const r = await poll({
    what: `network ${String(props.engineName ?? id)} to be released by its services' tasks`,
    step: async () => {
      try {
        await engine.networks.remove(id);
        return { done: true, value: "removed", status: "removed" };
      } catch (e) {
        if (isEngineError(e, "NOT_FOUND")) return { done: true, value: "gone", status: "gone" };
        const users = await usersOf(engine, id);
        // A newer version exists and a service still uses this one: keep it, as secrets are kept.
        if (newer && users.length) return { done: true, value: `kept: still used by ${users.join(", ")}`, status: "kept" };
        if (isEngineError(e) && /in use|active endpoints/i.test(e.engineMessage)) return { done: false, status: `in use${users.length ? ` by ${users.join(", ")}` : " (tasks still detaching)"}` };
        throw e;
      }
    },
    timeoutMs: RELEASE_MS,
    intervalMs: 500,
    log,
  });
  if (!r.ok) {
    throw new ProviderError("REFUSED", `network ${String(props.engineName ?? id)} was not removed: ${r.status}. Remove it from the services that use it first`);
  }
  logOutcome(log, String(props.engineName ?? id), r.value);
}

// ─── helpers ─────────────────────────────────────────────────────────────────

function logOutcome(log: Progress, name: string, outcome: string): void {
  if (outcome === "removed") log(`removed network ${name}`);
  else if (outcome === "gone") log(`network ${name} was already gone`);
  else log(`network ${name} is ${outcome}; a later delete removes it once unused`);
}

function connect(inputs: NetworkInputs, state: Raw) {
  return reachExisting(inputs.connection, state, `network ${networkNameOf(inputs)}`);
}

function fromState(props: Raw): NetworkInputs {
  return inputsFromState(networkInputsBase, props) as NetworkInputs;
}

async function byName(engine: DockerEngine, name: string): Promise<Network | undefined> {
  return (await engine.networks.list({ name: [name] })).find((n) => n.Name === name);
}

/** Whether another network of the same resource was made after this one. */
async function newerVersionExists(engine: DockerEngine, id: string, owner: string | undefined): Promise<boolean> {
  if (!owner) return false;
  const all = await engine.networks.list({ label: [`${VERSION_OF_LABEL}=${owner}`] });
  const self = all.find((n) => n.Id === id);
  const t = (n: Network) => Date.parse(n.Created ?? "") || 0;
  return !!self && all.some((n) => n.Id !== id && t(n) > t(self));
}

/** The services whose tasks attach to the network. */
async function usersOf(engine: DockerEngine, id: string): Promise<string[]> {
  try {
    const services = await engine.services.list();
    return services.filter((s) => (s.Spec.TaskTemplate.Networks ?? []).some((n) => n.Target === id)).map((s) => s.Spec.Name ?? s.ID);
  } catch (e) {
    return [`(services could not be listed: ${messageOf(e)})`];
  }
}

interface Extra {
  record: EngineRecord;
  adopted: boolean;
}

function echo(inputs: NetworkInputs, extra: Extra): Raw {
  return { ...inputs, name: networkNameOf(inputs), adopted: extra.adopted, engine: extra.record };
}

function outputs(n: Network, inputs: NetworkInputs, extra: Extra): Raw {
  return omitUndefined({ ...echo(inputs, extra), ...observedOf(n) });
}
