/**
 * SwarmSecret and SwarmConfig providers: check / diff / create / read / update / delete through the
 * lifecycle kit, for either kind (`secret` or `config`).
 *
 * Rotation: a new content is a replacement, which Pulumi runs create-before-delete. The new object
 * (a new name, with a new content hash) is made first; the services that refer to this resource get
 * its new ID and name and roll over to it in place; only then does Pulumi delete the old object. The
 * delete removes it unless a service still uses it (a service update that failed and rolled back
 * keeps using the old one: it stays, and the next `up`, once the service moved, removes it), and
 * keeps the `keepVersions` newest previous versions.
 */
import type { DockerEngine } from "../engine";
import type { DataObjectSpec } from "../engine/api/secrets";
import { EngineError, isEngineError } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import type { Service } from "../engine/schemas";
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
import { ProviderError } from "../common/errors";
import { inputsFromState, keepTrack, parseOrThrow, stripProvider, type Raw } from "../common/lifecycle";
import { progressFor } from "../common/progress";
import { withoutUnknowns } from "../common/unknowns";
import { planPrune, VERSION_OF_LABEL, type ObjectVersion } from "../common/versions";
import { contentOf, dataObjectInputs, dataObjectInputsBase, logicalName, type DataObjectInputs, type DataObjectKind } from "./args";
import { diffDataObjectDetailed, type DataObjectState } from "./diff";
import { dataHashOf, declaredLabels, engineNameOf, newHashKey, sortKeys, toEngineSpec } from "./spec";

/** An Engine secret or config as this module needs it. */
interface EngineObject {
  ID: string;
  Version?: { Index: number } | null;
  CreatedAt?: string | null;
  Spec: { Name: string; Labels?: Record<string, string> | null; Data?: string | null; Driver?: unknown; Templating?: unknown };
}

interface KindApi {
  list(filters?: Record<string, string[]>): Promise<EngineObject[]>;
  inspect(idOrName: string): Promise<EngineObject>;
  createSpec(spec: DataObjectSpec): Promise<string>;
  update(id: string, version: number, spec: DataObjectSpec): Promise<void>;
  remove(id: string): Promise<void>;
}

function apiOf(engine: DockerEngine, kind: DataObjectKind): KindApi {
  return kind === "secret" ? engine.secrets : engine.configs;
}

/** The IDs of the objects of this kind that some service refers to. */
function inUse(services: Service[], kind: DataObjectKind): Set<string> {
  const ids = new Set<string>();
  for (const s of services) {
    const c = s.Spec.TaskTemplate.ContainerSpec;
    for (const r of (kind === "secret" ? c.Secrets : c.Configs) ?? []) {
      const id = kind === "secret" ? (r as { SecretID?: string }).SecretID : (r as { ConfigID?: string }).ConfigID;
      if (id) ids.add(id);
    }
  }
  return ids;
}

export interface DataObjectProvider {
  check(olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }>;
  diff(id: string, olds: Raw, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  /** diff, with the changes also as a structured list: the provider plugin's detailed diff. */
  diffDetailed(id: string, olds: Raw, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean; properties?: PropertyChange[] }>;
  create(news: Raw): Promise<{ id: string; outs: Raw }>;
  read(id: string, props: Raw): Promise<{ id?: string; props?: Raw }>;
  update(id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }>;
  delete(id: string, props: Raw): Promise<void>;
}

export function dataObjectProvider(kind: DataObjectKind): DataObjectProvider {
  const schema = dataObjectInputs(kind);
  const base = dataObjectInputsBase(kind);
  const KIND = `swarm-${kind}`;
  /** The output holding the Engine object's ID: secretId or configId. */
  const idKey = `${kind}Id`;
  const what = (inputs: Pick<DataObjectInputs, "name" | "_name">) => `${kind} ${logicalName(inputs)}`;

  async function check(_olds: Raw, news: Raw) {
    const { failures } = validate(schema, stripProvider(news));
    return { inputs: news, failures };
  }

  async function diff(id: string, olds: Raw, news: Raw) {
    const { properties: _structured, ...d } = await diffDetailed(id, olds, news);
    return d;
  }

  async function diffDetailed(_id: string, olds: Raw, news: Raw) {
    const raw = stripProvider(news);
    const parsed = base.safeParse(withoutUnknowns(raw));
    if (!parsed.success) return { changes: true };
    const d = diffDataObjectDetailed(kind, olds as DataObjectState, parsed.data as DataObjectInputs, raw);
    const log = progressFor(parsed.data._name, KIND);
    for (const r of d.reasons) log(r);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace, properties: d.properties };
  }

  async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
    const inputs = parseOrThrow(schema, stripProvider(news)) as DataObjectInputs;
    const settings = settingsForCreate(inputs.connection);
    const engine = engineAt(settings);
    const log = progressFor(inputs._name, KIND);
    const record = recordOf(engine, await verifySwarmManager(engine, undefined, what(inputs)), settings);
    const api = apiOf(engine, kind);
    const hashKey = newHashKey();
    const engineName = engineNameOf(inputs, hashKey);

    if (inputs.adopt) {
      const existing = await findToAdopt(api, inputs);
      if (existing) {
        log(`adopting the existing ${kind} ${existing.Spec.Name} (${existing.ID})`);
        return keepTrack(
          existing.ID,
          news,
          async () => {
            await writeLabels(api, existing.ID, inputs);
            return { id: existing.ID, outs: await outputs(api, existing.ID, inputs, { record, hashKey, adopted: true }) };
          },
          () => outputs(api, existing.ID, inputs, { record, hashKey, adopted: true }),
          () => fallback(existing.ID, existing.Spec.Name, inputs, { record, hashKey, adopted: true }),
        );
      }
    }

    log(`creating ${kind} ${engineName}`);
    let id: string;
    try {
      id = await api.createSpec(toEngineSpec(inputs, engineName));
    } catch (e) {
      if (isEngineError(e, "CONFLICT") || (isEngineError(e) && /already exists/i.test(e.engineMessage))) {
        throw new EngineError({
          code: "CONFLICT",
          engineMessage: `a ${kind} named "${engineName}" already exists on ${engine.host}; set adopt: true to manage it, or choose another name`,
          status: e.status,
          request: e.request,
          host: e.host,
        });
      }
      throw e;
    }
    const extra = { record, hashKey, adopted: false };
    return keepTrack(
      id,
      news,
      async () => ({ id, outs: await outputs(api, id, inputs, extra) }),
      () => outputs(api, id, inputs, extra),
      () => fallback(id, engineName, inputs, extra),
    );
  }

  async function read(id: string, props: Raw): Promise<{ id?: string; props?: Raw }> {
    const inputs = fromState(props);
    const log = progressFor(inputs._name, KIND);
    const { engine, record, settings } = connect(inputs, props);
    const info = await verifySwarmManager(engine, record?.swarmId, what(inputs));
    let object: EngineObject;
    try {
      object = await apiOf(engine, kind).inspect(id);
    } catch (e) {
      if (isEngineError(e, "NOT_FOUND")) {
        log(`${kind} ${id} no longer exists in swarm ${info.Swarm.Cluster?.ID} (removed outside of Pulumi)`);
        return {};
      }
      throw e;
    }
    const observed = observedOf(object, props);
    return { id, props: { ...props, ...observed, engine: record ?? recordOf(engine, info, settings) } };
  }

  async function update(id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }> {
    const inputs = parseOrThrow(schema, stripProvider(news)) as DataObjectInputs;
    const { engine, record, settings } = connect(inputs, olds);
    const info = await verifySwarmManager(engine, record?.swarmId, what(inputs));
    const api = apiOf(engine, kind);
    const written = await writeLabels(api, id, inputs);
    if (written) progressFor(inputs._name, KIND)(`labels updated in place`);
    const hashKey = typeof olds.hashKey === "string" ? olds.hashKey : newHashKey();
    return { outs: await outputs(api, id, inputs, { record: record ?? recordOf(engine, info, settings), hashKey, adopted: !!olds.adopted }) };
  }

  async function remove(id: string, props: Raw): Promise<void> {
    const inputs = fromState(props);
    const log = progressFor(inputs._name, KIND);
    const { engine, record } = connect(inputs, props);
    await verifySwarmManager(engine, record?.swarmId, what(inputs));
    const api = apiOf(engine, kind);
    const services = await engine.services.list();
    const used = inUse(services, kind);
    const owner = inputs._owner;
    const all = owner ? await api.list({ label: [`${VERSION_OF_LABEL}=${owner}`] }) : [];
    if (!all.some((o) => o.ID === id)) {
      // Not labelled (adopted before labels, or made by hand): only this object is considered.
      const self = await api.inspect(id).catch((e) => (isEngineError(e, "NOT_FOUND") ? undefined : Promise.reject(e)));
      if (self) all.push(self);
    }
    const versions: ObjectVersion[] = all.map((o) => ({ id: o.ID, name: o.Spec.Name, createdAt: Date.parse(o.CreatedAt ?? "") || 0, inUse: used.has(o.ID) }));
    const plan = planPrune(versions, id, inputs.keepVersions ?? 0);
    const nameOf = (x: string) => versions.find((v) => v.id === x)?.name ?? x;
    for (const k of plan.kept) if (k.id === id || k.why.startsWith("still")) log(`${kind} ${nameOf(k.id)} is kept: ${k.why}`);
    for (const x of plan.remove) {
      await api.remove(x).catch((e) => {
        if (isEngineError(e, "NOT_FOUND")) return;
        throw e;
      });
      log(`removed ${kind} ${nameOf(x)}`);
    }
    // Deleting the resource itself (no newer version) while a service still uses it: say so, and fail,
    // rather than leaving it behind silently.
    const selfKept = plan.kept.find((k) => k.id === id && k.why.startsWith("still"));
    const newest = [...versions].sort((a, b) => b.createdAt - a.createdAt)[0];
    if (selfKept && newest?.id === id) {
      const users = services.filter((s) => inUse([s], kind).has(id)).map((s) => s.Spec.Name ?? s.ID);
      throw new ProviderError("REFUSED", `${kind} ${nameOf(id)} is still used by service(s) ${users.join(", ")}: remove it from them first (it was not removed)`);
    }
  }

  // ─── helpers ───────────────────────────────────────────────────────────────

  function connect(inputs: DataObjectInputs, state: Raw) {
    return reachExisting(inputs.connection, state, what(inputs));
  }

  function fromState(props: Raw): DataObjectInputs {
    return inputsFromState(base, props) as DataObjectInputs;
  }

  /** An object to adopt: the pinned name, else the logical name (as `docker ${kind} create` names it). */
  async function findToAdopt(api: KindApi, inputs: DataObjectInputs): Promise<EngineObject | undefined> {
    const name = inputs.engineName ?? logicalName(inputs);
    const found = (await api.list({ name: [name] })).find((o) => o.Spec.Name === name);
    if (!found || kind !== "config") return found;
    // A config's content can be read: adopting one with other content would hide a change.
    const content = contentOf(inputs);
    if (content && found.Spec.Data && Buffer.from(found.Spec.Data, "base64").equals(content)) return found;
    throw new ProviderError("REFUSED", `config ${name} exists with other content than declared: adopt it with the same data, or remove adopt to make a new version`);
  }

  /**
   * Read-modify-write of the labels (the only thing the Engine lets change); false when nothing to
   * write. Only the declared labels are compared: an adopted object without the version label keeps
   * it that way (adoption writes nothing when the declared labels already match).
   */
  async function writeLabels(api: KindApi, id: string, inputs: DataObjectInputs): Promise<boolean> {
    const want = sortKeys(inputs.labels ?? {});
    const r = await readModifyWrite<EngineObject, DataObjectSpec>({
      read: () => api.inspect(id),
      apply: (current) => {
        if (JSON.stringify(declaredLabels(current.Spec.Labels)) === JSON.stringify(want)) return undefined;
        const version = current.Spec.Labels?.[VERSION_OF_LABEL];
        return { ...(current.Spec as DataObjectSpec), Labels: { ...want, ...(version ? { [VERSION_OF_LABEL]: version } : {}) } };
      },
      write: (current, spec) => api.update(id, current.Version?.Index ?? 0, spec),
    });
    return r.written;
  }

  interface Extra {
    record: EngineRecord;
    hashKey: string;
    adopted: boolean;
  }

  async function outputs(api: KindApi, id: string, inputs: DataObjectInputs, extra: Extra): Promise<Raw> {
    const object = await api.inspect(id);
    return omitUndefined({ ...echo(inputs, extra), ...observedOf(object, { hashKey: extra.hashKey, ...inputs }) });
  }

  function fallback(id: string, engineName: string, inputs: DataObjectInputs, extra: Extra): Raw {
    return omitUndefined({ ...echo(inputs, extra), [idKey]: id, engineName, dataHash: dataHashOf(extra.hashKey, inputs) });
  }

  /** The inputs kept in state: never the content of a secret (a keyed hash stands for it). */
  function echo(inputs: DataObjectInputs, extra: Extra): Raw {
    const { data, dataBase64, ...rest } = inputs;
    return {
      ...rest,
      ...(kind === "config" ? { data, dataBase64 } : {}),
      name: logicalName(inputs),
      pinned: inputs.engineName !== undefined,
      hashKey: extra.hashKey,
      adopted: extra.adopted,
      engine: extra.record,
      dataHash: dataHashOf(extra.hashKey, inputs),
    };
  }

  /** What the Engine says about the object, in the outputs' shape. */
  function observedOf(o: EngineObject, state: Raw): Raw {
    const out: Raw = {
      [idKey]: o.ID,
      engineName: o.Spec.Name,
      labels: declaredLabels(o.Spec.Labels),
      version: o.Version?.Index ?? 0,
      createdAt: o.CreatedAt ?? "",
    };
    // A config's content can be read back: a keyed hash of it shows a change made out of band.
    if (kind === "config" && typeof o.Spec.Data === "string" && typeof state.hashKey === "string") {
      out.dataHash = dataHashOf(state.hashKey, { dataBase64: o.Spec.Data });
    }
    return out;
  }

  return { check, diff, diffDetailed, create, read, update, delete: remove };
}
