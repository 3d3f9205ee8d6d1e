/**
 * The Swarm resource's provider: check / diff / create / read / update / delete, using the Engine
 * client through the lifecycle kit. Called by the tiny stub in sdk/ inside Pulumi's provider host.
 *
 * Identity: the resource is one engine's membership as the swarm's first manager. At create it
 * records that engine (its ID) and the swarm's cluster ID; every later call reaches the recorded
 * engine (never DOCKER_HOST), proves it is the same engine, and only ever makes it leave a swarm
 * whose cluster ID is this resource's.
 */
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError, isTransientAnswer } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import type { Info, Swarm, SwarmSpec } from "../engine/schemas";
import type { PropertyChange } from "../common/changes";
import { deepEqual, omitUndefined } from "../common/clean";
import { validate, type CheckFailure } from "../common/check";
import {
  engineAt,
  recordFromState,
  recordOf,
  settingsForCreate,
  settingsForExisting,
  verifySameEngine,
  reachExisting,
  type EngineRecord,
} from "../common/connection";
import { ProviderError } from "../common/errors";
import { inputsFromState, keepTrack, parseOrThrow, stripProvider, type Raw } from "../common/lifecycle";
import { pollOrThrow } from "../common/poll";
import { progressFor, type Progress } from "../common/progress";
import { parseDuration } from "../common/duration";
import { withoutUnknowns } from "../common/unknowns";
import { swarmInputs, swarmInputsBase, type SwarmInputs } from "./args";
import { diffSwarm, diffSwarmDetailed, type SwarmState } from "./diff";
import { applyDeclared, effectiveSpec, toInitRequest, writeOnlyOf } from "./spec";
import { quorumLostMessage, recoverQuorum } from "./quorum";

const KIND = "swarm";

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const { failures } = validate(swarmInputs, declared(news));
  return { inputs: news, failures };
}

export async function diff(id: string, olds: SwarmState & Raw, news: Raw) {
  const { properties: _structured, ...d } = await diffDetailed(id, olds, news);
  return d;
}

/** diff, with the changes also as a structured list: the provider plugin's detailed diff. */
export async function diffDetailed(_id: string, olds: SwarmState & Raw, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean; properties?: PropertyChange[] }> {
  const rawNews = declared(news);
  // Cross-field rules are check's business; with unknowns they could fail here and hide a replace.
  const parsed = swarmInputsBase.safeParse(withoutUnknowns(rawNews));
  if (!parsed.success) return { changes: true };
  const inputs = parsed.data;
  const record = recordFromState(olds.engine);
  const host = hostFor(inputs, olds, record);
  const d = diffSwarmDetailed(olds, inputs, rawNews, host);
  const log = progressFor(inputs._name, KIND);

  // A manager that restarted with autolock is locked; `up` unlocks it, so it is a change to make.
  if (!d.changes && inputs.unlock && olds.autolock && host) {
    const state = await engineAt(settingsForExisting(inputs.connection, record, "swarm", olds.resolvedHost))
      .system.info()
      .then((i) => i.Swarm.LocalNodeState)
      .catch(() => undefined);
    if (state === "locked") {
      d.changes = true;
      d.reasons.push("the manager is locked: it will be unlocked with the key held in state");
      d.properties.push({ path: "", replace: false, reason: "the manager is locked: it will be unlocked with the key held in state" });
    }
  }
  if (d.recoverQuorum) {
    const reason = `recoverQuorum: if the managers have lost quorum, \`up\` runs force-new-cluster on ${host}, keeping the swarm's services, secrets and nodes`;
    d.reasons.push(reason);
    for (const p of d.properties) if (p.path === "recoverQuorum") p.reason = reason;
  }
  for (const r of d.reasons) log(r);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: true, properties: d.properties };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parseOrThrow(swarmInputs, declared(news));
  const settings = settingsForCreate(inputs.connection);
  const engine = engineAt(settings);
  const log = progressFor(inputs._name, KIND);
  const info = await engine.system.info();
  const state = info.Swarm.LocalNodeState;

  if (state && state !== "inactive") {
    const existing = info.Swarm.Cluster?.ID ?? info.Swarm.NodeID;
    if (!inputs.adopt) {
      throw new EngineError({
        code: "ALREADY_IN_SWARM",
        engineMessage: `engine ${engine.host} is already part of a swarm (${existing}, state ${state}); set adopt: true to manage that swarm, or make it leave first`,
        host: engine.host,
      });
    }
    if (state === "locked") {
      throw new EngineError({
        code: "LOCKED",
        engineMessage: `cannot adopt the swarm on ${engine.host}: it is locked. Unlock it first (docker swarm unlock)`,
        host: engine.host,
      });
    }
    requireManager(info, engine.host);
    log(`adopting the existing swarm ${existing}`);
    const record = recordOf(engine, info, settings);
    const id = info.Swarm.Cluster?.ID as string;
    // The swarm existed before: a failure from here on still leaves it recorded (adopted, never left).
    return keepTrack(
      id,
      news,
      async () => {
        await writeSpec(engine, inputs, { worker: false, manager: false, unlockKey: false }, {});
        const outs = await readOutputs(engine, inputs, record, { adopted: true, writeOnly: writeOnlyOf(inputs.spec) });
        return { id, outs };
      },
      () => readOutputs(engine, inputs, record, { adopted: true, writeOnly: {} }),
      () => fallbackOutputs(inputs, record, id, true),
    );
  }

  log(`initialising a swarm on ${engine.host}`);
  warnDroppedSettings(inputs, log);
  let nodeId: string;
  try {
    nodeId = await engine.swarm.init(toInitRequest(inputs));
  } catch (e) {
    // The engine can fail after it became a manager (e.g. "error updating cluster settings"):
    // leave again, so that a failed create leaves nothing half-done behind.
    const after = await engine.system.info().catch(() => undefined);
    if (after && after.Swarm.LocalNodeState && after.Swarm.LocalNodeState !== "inactive") {
      log("initialisation failed after the swarm was created: leaving it again");
      await engine.swarm.leave(true).catch(() => undefined);
    }
    throw e;
  }
  // From here on the swarm exists: whatever fails is reported with its ID, so it stays in state.
  const ready = await pollOrThrow({
    what: `the new swarm on ${engine.host} to be ready`,
    step: async () => {
      const i = await engine.system.info();
      const done = i.Swarm.LocalNodeState === "active" && i.Swarm.ControlAvailable && !!i.Swarm.Cluster?.ID;
      return { done, value: i, status: `state ${i.Swarm.LocalNodeState}` };
    },
    timeoutMs: 60_000,
    log,
  }).catch((e) => {
    throw new ProviderError("WAIT_TIMEOUT", `the swarm was initialised (node ${nodeId}) but its cluster ID could not be read: ${(e as Error).message}`, e);
  });
  const record = recordOf(engine, ready, settings);
  const id = ready.Swarm.Cluster?.ID as string;
  return keepTrack(
    id,
    news,
    async () => {
      const outs = await readOutputs(engine, inputs, record, { adopted: false, writeOnly: writeOnlyOf(inputs.spec) });
      log(`swarm ${id} ready (node ${outs.nodeId})`);
      return { id, outs };
    },
    () => readOutputs(engine, inputs, record, { adopted: false, writeOnly: writeOnlyOf(inputs.spec) }),
    () => fallbackOutputs(inputs, record, id, false),
  );
}

export async function read(id: string, props: SwarmState & Raw): Promise<{ id?: string; props?: Raw }> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, KIND);
  const { engine, record, settings } = connect(inputs, props);
  const swarmId = swarmIdOf(id, props);
  const info = await verifySameEngine(engine, record, `swarm ${swarmId}`);
  const state = info.Swarm.LocalNodeState;
  // The right engine (proven above) holds no such swarm: it is gone from this engine.
  if (!state || state === "inactive") {
    log(`engine ${engine.host} is no longer part of a swarm`);
    return {};
  }
  if (state === "locked") {
    log(
      `the manager on ${engine.host} is LOCKED (autolock is on and the engine restarted). ` +
        (inputs.unlock ? "`pulumi up` will unlock it with the key held in state." : "unlock is off: unlock it with `docker swarm unlock`."),
    );
    return { id, props: { ...props, localNodeState: "locked" } };
  }
  if (info.Swarm.Cluster?.ID && info.Swarm.Cluster.ID !== swarmId) {
    log(`engine ${engine.host} is now part of another swarm (${info.Swarm.Cluster.ID})`);
    return {};
  }
  requireManager(info, engine.host);
  const outs = await readOutputs(engine, inputs, record ?? recordOf(engine, info, settings), {
    adopted: !!props.adopted,
    writeOnly: props.writeOnly ?? {},
  }).catch((e) => {
    throw isTransientAnswer(e) ? new ProviderError("QUORUM", quorumLostMessage(engine.host), e) : e;
  });
  // read only knows the inputs echoed in state: keep every one of them (init-only settings such as
  // advertiseAddr must survive a refresh, or the next diff would see them change and replace).
  return { id, props: { ...props, ...outs } };
}

export async function update(id: string, olds: SwarmState & Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parseOrThrow(swarmInputs, declared(news));
  const log = progressFor(inputs._name, KIND);
  const { engine, record, settings } = connect(inputs, olds);
  const swarmId = swarmIdOf(id, olds);
  let info = await verifySameEngine(engine, record, `swarm ${swarmId}`);
  if (info.Swarm.LocalNodeState === "locked") {
    if (!inputs.unlock) {
      throw new EngineError({ code: "LOCKED", engineMessage: `the manager on ${engine.host} is locked and unlock is off`, host: engine.host });
    }
    const key = typeof olds.unlockKey === "string" ? olds.unlockKey : "";
    if (!key) {
      throw new EngineError({ code: "LOCKED", engineMessage: `the manager on ${engine.host} is locked and state holds no unlock key`, host: engine.host });
    }
    log("unlocking the manager with the key held in state");
    await engine.swarm.unlock(key);
    info = await waitForControl(engine, log);
  }
  if (!info.Swarm.LocalNodeState || info.Swarm.LocalNodeState === "inactive") {
    throw new EngineError({
      code: "NOT_IN_SWARM",
      engineMessage: `engine ${engine.host} has left swarm ${swarmId}; run \`pulumi refresh\` and then \`pulumi up\` to initialise a new one`,
      host: engine.host,
    });
  }
  if (info.Swarm.Cluster?.ID && info.Swarm.Cluster.ID !== swarmId) {
    throw new ProviderError(
      "WRONG_ENGINE",
      `engine ${engine.host} is now a manager of another swarm (${info.Swarm.Cluster.ID}), not of swarm ${swarmId}; nothing was changed. Run \`pulumi refresh\``,
    );
  }
  requireManager(info, engine.host);
  const d = diffSwarm(olds, inputs, declared(news), engine.host);
  try {
    if (d.recoverQuorum) await recoverQuorum(engine, inputs, log);
    warnDroppedSettings(inputs, log);
    const written = await writeSpec(engine, inputs, d.rotate, olds.writeOnly ?? {});
    if (written) log("swarm spec updated");
    await waitForRootRotation(engine, inputs, log);
    const outs = await readOutputs(engine, inputs, record ?? recordOf(engine, info, settings), {
      adopted: !!olds.adopted,
      writeOnly: writeOnlyOf(inputs.spec),
    });
    return { outs };
  } catch (e) {
    // The client already waited through an election: a swarm still without a leader has lost quorum.
    if (isTransientAnswer(e)) throw new ProviderError("QUORUM", quorumLostMessage(engine.host), e);
    throw e;
  }
}

export async function remove(id: string, props: SwarmState & Raw): Promise<void> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, KIND);
  const swarmId = swarmIdOf(id, props);
  const leave = props.leaveOnDelete ?? !props.adopted;
  if (!leave) {
    log(`leaving swarm ${swarmId} running (${props.adopted ? "it was adopted" : "leaveOnDelete is false"})`);
    return;
  }
  const { engine, record } = connect(inputs, props);
  const info = await verifySameEngine(engine, record, `swarm ${swarmId}`);
  const state = info.Swarm.LocalNodeState;
  if (!state || state === "inactive") {
    log(`engine ${engine.host} is already out of swarm ${swarmId}`);
    return;
  }
  const cluster = info.Swarm.Cluster?.ID;
  // A locked manager reports no cluster ID: the engine is proven the right one, so it may leave.
  if (cluster && cluster !== swarmId) {
    log(`engine ${engine.host} is now part of another swarm (${cluster}): it stays there; swarm ${swarmId} is gone from it`);
    return;
  }
  try {
    await engine.swarm.leave(true);
    log(`engine ${engine.host} left swarm ${swarmId}`);
  } catch (e) {
    if (isEngineError(e, "NOT_IN_SWARM")) return;
    throw e;
  }
}

// ─── helpers ─────────────────────────────────────────────────────────────────

/** The recorded engine, reached from the declared connection completed by the record (never DOCKER_HOST). */
function connect(inputs: SwarmInputs, state: Raw) {
  return reachExisting(inputs.connection, state, "swarm");
}

/** The swarm's cluster ID: the resource ID (state kept it also as swarmId). */
function swarmIdOf(id: string, state: Raw): string {
  return typeof state.swarmId === "string" && state.swarmId ? state.swarmId : id;
}

/** The engine the (new) connection reaches, for the replace decision; "" when it cannot be said. */
function hostFor(inputs: SwarmInputs, olds: Raw, record: EngineRecord | undefined): string {
  try {
    const legacy = typeof olds.resolvedHost === "string" ? olds.resolvedHost : undefined;
    return engineAt(settingsForExisting(inputs.connection, record, "swarm", legacy)).host;
  } catch {
    return String(inputs.connection?.host ?? "");
  }
}

/** Writes the declared spec (and rotations) with read-modify-write; returns whether anything was written. */
async function writeSpec(
  engine: DockerEngine,
  inputs: SwarmInputs,
  rotate: { worker: boolean; manager: boolean; unlockKey: boolean },
  appliedWriteOnly: ReturnType<typeof writeOnlyOf>,
): Promise<boolean> {
  const wantWo = writeOnlyOf(inputs.spec);
  const caMaterialChanged =
    !deepEqual(wantWo.signingCACert, appliedWriteOnly.signingCACert) || !deepEqual(wantWo.signingCAKey, appliedWriteOnly.signingCAKey);
  const rotating = rotate.worker || rotate.manager || rotate.unlockKey;
  const result = await readModifyWrite<Swarm, SwarmSpec>({
    read: () => engine.swarm.inspect(),
    apply: (current) => {
      const next = applyDeclared(current.Spec, inputs.spec, inputs.autolock);
      if (!caMaterialChanged && next.CAConfig) {
        delete next.CAConfig.SigningCACert;
        delete next.CAConfig.SigningCAKey;
      }
      const same = deepEqual(normalizeForCompare(next), normalizeForCompare(current.Spec));
      return same && !rotating && !caMaterialChanged ? undefined : next;
    },
    write: (current, next) =>
      engine.swarm.update(current.Version.Index, next, {
        rotateWorkerToken: rotate.worker,
        rotateManagerToken: rotate.manager,
        rotateManagerUnlockKey: rotate.unlockKey,
      }),
  });
  return result.written;
}

/** Nulls and empty objects the engine returns are equivalent to absent values. */
function normalizeForCompare(spec: SwarmSpec): unknown {
  return JSON.parse(JSON.stringify(spec, (_k, v) => (v === null ? undefined : v)));
}

async function readOutputs(
  engine: DockerEngine,
  inputs: SwarmInputs,
  record: EngineRecord,
  extra: { adopted: boolean; writeOnly: ReturnType<typeof writeOnlyOf> },
): Promise<Raw> {
  const [swarm, info, version] = await Promise.all([engine.swarm.inspect(), engine.system.info(), engine.system.version()]);
  const autolock = !!swarm.Spec.EncryptionConfig?.AutoLockManagers;
  const unlockKey = autolock ? await engine.swarm.unlockKey() : "";
  const self = info.Swarm.RemoteManagers?.find((m) => m.NodeID === info.Swarm.NodeID);
  const { spec: _declared, autolock: _a, ...echo } = inputs;
  return omitUndefined({
    ...echo,
    engine: { ...record, swarmId: swarm.ID, nodeId: info.Swarm.NodeID || record.nodeId },
    resolvedHost: engine.host,
    autolock,
    spec: effectiveSpec(swarm),
    writeOnly: extra.writeOnly,
    adopted: extra.adopted,
    swarmId: swarm.ID,
    nodeId: info.Swarm.NodeID,
    version: swarm.Version.Index,
    createdAt: swarm.CreatedAt ?? "",
    updatedAt: swarm.UpdatedAt ?? "",
    joinTokens: { worker: swarm.JoinTokens.Worker, manager: swarm.JoinTokens.Manager },
    unlockKey,
    joinAddress: self?.Addr ?? `${info.Swarm.NodeAddr}:${portOf(inputs.listenAddr)}`,
    localNodeState: info.Swarm.LocalNodeState,
    trustRoot: swarm.TLSInfo?.TrustRoot ?? "",
    defaultAddrPoolInUse: swarm.DefaultAddrPool ?? [],
    dataPathPortInUse: swarm.DataPathPort ?? 0,
    subnetSizeInUse: swarm.SubnetSize ?? 0,
    engineVersion: version.Version,
    apiVersion: await engine.apiVersion(),
  });
}

/** What state holds when the swarm exists but could not be read back: enough to find, update and leave it. */
function fallbackOutputs(inputs: SwarmInputs, record: EngineRecord, id: string, adopted: boolean): Raw {
  const { spec: _declared, ...echo } = inputs;
  return omitUndefined({ ...echo, engine: record, resolvedHost: record.host, swarmId: id, nodeId: record.nodeId ?? "", adopted });
}

function portOf(listenAddr: string): string {
  const m = /:(\d+)$/.exec(listenAddr);
  return m ? m[1] : "2377";
}

function requireManager(info: Info, host: string): void {
  if (!info.Swarm.ControlAvailable) {
    throw new EngineError({
      code: "NOT_A_MANAGER",
      engineMessage: `engine ${host} is in a swarm but is not a manager; a Swarm resource must point at a manager`,
      host,
    });
  }
}

/** After an unlock: the manager takes a moment to serve the swarm again. */
function waitForControl(engine: DockerEngine, log: Progress, timeoutMs = 30_000): Promise<Info> {
  return pollOrThrow({
    what: `the manager on ${engine.host} to serve the swarm`,
    step: async () => {
      const info = await engine.system.info();
      return { done: info.Swarm.LocalNodeState === "active" && info.Swarm.ControlAvailable, value: info, status: `state ${info.Swarm.LocalNodeState}` };
    },
    timeoutMs,
    intervalMs: 200,
    log,
  });
}

/**
 * A root CA rotation (new signing material or forceRotate) goes on in the background until every node
 * holds a certificate from the new root. Waiting for it (bounded by caRotationTimeout) means `up`
 * returns when the cluster has converged, and fails clearly when it does not.
 */
async function waitForRootRotation(engine: DockerEngine, inputs: SwarmInputs, log: Progress): Promise<void> {
  const limit = parseDuration(inputs.caRotationTimeout);
  let announced = false;
  await pollOrThrow({
    what: "the root CA rotation to finish (every node must hold a certificate from the new root; down or unreachable nodes block it)",
    step: async () => {
      const swarm = await engine.swarm.inspect();
      if (swarm.RootRotationInProgress && !announced) {
        log("root CA rotation in progress: waiting until every node holds a certificate from the new root");
        announced = true;
      }
      return { done: !swarm.RootRotationInProgress, value: true, status: swarm.RootRotationInProgress ? "rotation in progress" : "done" };
    },
    timeoutMs: typeof limit === "number" ? limit / 1e6 : 300_000,
    intervalMs: 500,
    log,
  });
  if (announced) log("root CA rotation complete: every node holds a certificate from the new root");
}

function warnDroppedSettings(inputs: SwarmInputs, log: Progress): void {
  if (inputs.spec?.taskDefaults?.logDriver) {
    log(
      "warning: spec.taskDefaults.logDriver is sent to the engine, but the Docker Engine drops it (moby/moby#53396): " +
        "it is neither stored nor reported back, so it is compared only with what this program applied before",
    );
  }
}

/** Inputs as echoed in state (for read and delete, which receive only the outputs). */
function fromState(props: Raw): SwarmInputs {
  return inputsFromState(swarmInputsBase, props) as SwarmInputs;
}

/**
 * The inputs as the user declared them: without the serialized provider, and with the CA signing key,
 * which the SDK passes separately as a secret (`_signingCAKey`) so that the rest of `spec` stays
 * readable in state, put back at spec.caConfig.signingCAKey.
 */
function declared(news: Raw): Raw {
  const { _signingCAKey: key, ...rest } = stripProvider(news);
  if (key === undefined || key === null || key === "") return rest;
  const spec = (rest.spec && typeof rest.spec === "object" ? rest.spec : {}) as Raw;
  const caConfig = (spec.caConfig && typeof spec.caConfig === "object" ? spec.caConfig : {}) as Raw;
  return { ...rest, spec: { ...spec, caConfig: { ...caConfig, signingCAKey: key } } };
}
