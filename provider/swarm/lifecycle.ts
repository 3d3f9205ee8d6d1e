/**
 * The Swarm resource's provider: check / diff / create / read / update / delete, using the Engine
 * client. Called by the tiny stub in sdk/ inside Pulumi's provider host.
 */
import type { DockerEngine } from "../engine";
import { EngineError, isEngineError } from "../engine/errors";
import { readModifyWrite } from "../engine/retry";
import type { Info, Swarm, SwarmSpec } from "../engine/schemas";
import { deepEqual, omitUndefined } from "../common/clean";
import { InputError, validate, type CheckFailure } from "../common/check";
import { engineForInput } from "../common/connection";
import { progressFor } from "../common/progress";
import { parseDuration } from "../common/duration";
import { withoutUnknowns } from "../common/unknowns";
import { swarmInputs, swarmInputsBase, type SwarmInputs } from "./args";
import { diffSwarm, type SwarmState } from "./diff";
import { applyDeclared, effectiveSpec, toInitRequest, writeOnlyOf } from "./spec";

type Raw = Record<string, unknown>;

export async function check(_olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }> {
  const { failures } = validate(swarmInputs, stripProvider(news));
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: SwarmState, news: Raw) {
  const rawNews = stripProvider(news);
  // Cross-field rules are check's business; with unknowns they could fail here and hide a replace.
  const parsed = swarmInputsBase.safeParse(withoutUnknowns(rawNews));
  if (!parsed.success) return { changes: true };
  const inputs = parsed.data;
  const host = hostOf(rawNews, inputs);
  const d = diffSwarm(olds, inputs, rawNews, host);

  // A manager that restarted with autolock is locked; `up` unlocks it, so it is a change to make.
  if (!d.changes && inputs.unlock && olds.autolock) {
    const state = await engineForInput(inputs.connection).system.info().then((i) => i.Swarm.LocalNodeState).catch(() => undefined);
    if (state === "locked") {
      d.changes = true;
      d.reasons.push("the manager is locked: it will be unlocked with the key held in state");
    }
  }
  const log = progressFor(inputs._name, "swarm");
  for (const r of d.reasons) log(r);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: true };
}

export async function create(news: Raw): Promise<{ id: string; outs: Raw }> {
  const inputs = parse(news);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, "swarm");
  const info = await engine.system.info();
  const state = info.Swarm.LocalNodeState;
  let adopted = false;

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
    adopted = true;
    await writeSpec(engine, inputs, { worker: false, manager: false, unlockKey: false }, {});
  } else {
    log(`initialising a swarm on ${engine.host}`);
    warnDroppedSettings(inputs, log);
    try {
      await engine.swarm.init(toInitRequest(inputs));
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
  }
  const outs = await readOutputs(engine, inputs, { adopted, writeOnly: writeOnlyOf(inputs.spec) });
  log(`swarm ${outs.swarmId} ready (node ${outs.nodeId})`);
  return { id: outs.swarmId as string, outs };
}

export async function read(id: string, props: SwarmState & Raw): Promise<{ id?: string; props?: Raw }> {
  const inputs = fromState(props);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, "swarm");
  const info = await engine.system.info();
  const state = info.Swarm.LocalNodeState;
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
  if (info.Swarm.Cluster?.ID && info.Swarm.Cluster.ID !== id) {
    log(`engine ${engine.host} is now part of another swarm (${info.Swarm.Cluster.ID})`);
    return {};
  }
  requireManager(info, engine.host);
  const outs = await readOutputs(engine, inputs, { adopted: !!props.adopted, writeOnly: props.writeOnly ?? {} });
  // read only knows the inputs echoed in state: keep every one of them (init-only settings such as
  // advertiseAddr must survive a refresh, or the next diff would see them change and replace).
  return { id, props: { ...props, ...outs } };
}

export async function update(id: string, olds: SwarmState & Raw, news: Raw): Promise<{ outs: Raw }> {
  const inputs = parse(news);
  const engine = engineForInput(inputs.connection);
  const log = progressFor(inputs._name, "swarm");
  let info = await engine.system.info();
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
    info = await waitForControl(engine);
  }
  if (!info.Swarm.LocalNodeState || info.Swarm.LocalNodeState === "inactive") {
    throw new EngineError({
      code: "NOT_IN_SWARM",
      engineMessage: `engine ${engine.host} has left swarm ${id}; run \`pulumi refresh\` and then \`pulumi up\` to initialise a new one`,
      host: engine.host,
    });
  }
  requireManager(info, engine.host);
  const rawNews = stripProvider(news);
  const d = diffSwarm(olds, inputs, rawNews, engine.host);
  warnDroppedSettings(inputs, log);
  const written = await writeSpec(engine, inputs, d.rotate, olds.writeOnly ?? {});
  if (written) log("swarm spec updated");
  await waitForRootRotation(engine, inputs, log);
  const outs = await readOutputs(engine, inputs, { adopted: !!olds.adopted, writeOnly: writeOnlyOf(inputs.spec) });
  return { outs };
}

export async function remove(id: string, props: SwarmState & Raw): Promise<void> {
  const inputs = fromState(props);
  const log = progressFor(inputs._name, "swarm");
  const leave = props.leaveOnDelete ?? !props.adopted;
  if (!leave) {
    log(`leaving swarm ${id} running (${props.adopted ? "it was adopted" : "leaveOnDelete is false"})`);
    return;
  }
  const engine = engineForInput(inputs.connection);
  try {
    await engine.swarm.leave(true);
    log(`engine ${engine.host} left swarm ${id}`);
  } catch (e) {
    if (isEngineError(e, "NOT_IN_SWARM")) return;
    throw e;
  }
}

// ─── helpers ─────────────────────────────────────────────────────────────────

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
  extra: { adopted: boolean; writeOnly: ReturnType<typeof writeOnlyOf> },
): Promise<Raw> {
  const [swarm, info, version] = await Promise.all([engine.swarm.inspect(), engine.system.info(), engine.system.version()]);
  const autolock = !!swarm.Spec.EncryptionConfig?.AutoLockManagers;
  const unlockKey = autolock ? await engine.swarm.unlockKey() : "";
  const self = info.Swarm.RemoteManagers?.find((m) => m.NodeID === info.Swarm.NodeID);
  const { spec: _declared, autolock: _a, ...echo } = inputs;
  return omitUndefined({
    ...echo,
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
    engineVersion: version.Version,
    apiVersion: await engine.apiVersion(),
  });
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

async function waitForControl(engine: DockerEngine, timeoutMs = 30_000): Promise<Info> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await engine.system.info();
    if (info.Swarm.LocalNodeState === "active" && info.Swarm.ControlAvailable) return info;
    if (Date.now() > deadline) return info;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A root CA rotation (new signing material or forceRotate) goes on in the background until every node
 * holds a certificate from the new root. Waiting for it (bounded by caRotationTimeout) means `up`
 * returns when the cluster has converged, and fails clearly when it does not.
 */
async function waitForRootRotation(engine: DockerEngine, inputs: SwarmInputs, log: (m: string) => void): Promise<void> {
  const limit = parseDuration(inputs.caRotationTimeout);
  const timeoutMs = typeof limit === "number" ? limit / 1e6 : 300_000;
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const swarm = await engine.swarm.inspect();
    if (!swarm.RootRotationInProgress) {
      if (announced) log("root CA rotation complete: every node holds a certificate from the new root");
      return;
    }
    if (!announced) {
      log("root CA rotation in progress: waiting until every node holds a certificate from the new root");
      announced = true;
    }
    if (Date.now() > deadline) {
      throw new EngineError({
        code: "TIMEOUT",
        engineMessage: `the root CA rotation did not finish within ${inputs.caRotationTimeout}: some nodes do not hold a certificate from the new root yet (down or unreachable nodes block it)`,
        host: engine.host,
      });
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function warnDroppedSettings(inputs: SwarmInputs, log: (m: string) => void): void {
  if (inputs.spec?.taskDefaults?.logDriver) {
    log(
      "warning: spec.taskDefaults.logDriver is sent to the engine, but the Docker Engine drops it (moby/moby#53396): " +
        "it is neither stored nor reported back, so it is compared only with what this program applied before",
    );
  }
}

function parse(news: Raw): SwarmInputs {
  const parsed = swarmInputs.safeParse(stripProvider(news));
  if (!parsed.success) {
    throw new InputError(validate(swarmInputs, stripProvider(news)).failures);
  }
  return parsed.data;
}

/** Inputs as echoed in state (for read and delete, which receive only the outputs). */
function fromState(props: Raw): SwarmInputs {
  const parsed = swarmInputs.safeParse({
    connection: props.connection,
    listenAddr: props.listenAddr,
    unlock: props.unlock,
    adopt: props.adopt,
    leaveOnDelete: props.leaveOnDelete,
    _name: props._name,
  });
  if (parsed.success) return parsed.data;
  return { listenAddr: "0.0.0.0:2377", unlock: true, adopt: false } as SwarmInputs;
}

function hostOf(rawNews: Raw, inputs: SwarmInputs): string {
  try {
    return engineForInput(inputs.connection).host;
  } catch {
    return String((rawNews.connection as Raw | undefined)?.host ?? "");
  }
}

/**
 * The inputs as the user declared them: without the serialized provider, and with the CA signing key,
 * which the SDK passes separately as a secret (`_signingCAKey`) so that the rest of `spec` stays
 * readable in state, put back at spec.caConfig.signingCAKey.
 */
function stripProvider(news: Raw): Raw {
  const { __provider: _p, _signingCAKey: key, ...rest } = news;
  if (key === undefined || key === null || key === "") return rest;
  const spec = (rest.spec && typeof rest.spec === "object" ? rest.spec : {}) as Raw;
  const caConfig = (spec.caConfig && typeof spec.caConfig === "object" ? spec.caConfig : {}) as Raw;
  return { ...rest, spec: { ...spec, caConfig: { ...caConfig, signingCAKey: key } } };
}
