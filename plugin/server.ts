/**
 * Pulumi's ResourceProvider gRPC service, served with @grpc/grpc-js and the generated stubs that
 * @pulumi/pulumi ships under proto/ (as its dynamic-provider host does), on the resource lifecycles of
 * provider/. Served here rather than through @pulumi/pulumi/provider's server, whose CheckConfig and
 * DiffConfig are unimplemented, whose Configure never hands the configuration to the provider, and
 * which drops the detailed diff, the operation's timeout and the old inputs.
 *
 * What the plugin adds to the lifecycles, and nothing more:
 * - configuration: CheckConfig / DiffConfig / Configure; Check writes the provider's connection into
 *   resources that declare none (recorded in state as a declared one would be);
 * - secrets: acceptSecrets; values are unwrapped on the way in, and what must stay secret (join tokens,
 *   the unlock key, hashes, secret data, anything holding a secret input's value) wrapped on the way out;
 * - Diff's detailed diff from the lifecycles' structured change lists, and their reasons as messages
 *   under the resource;
 * - Create / Update / Delete / Read bounded by the request's timeout (customTimeouts); Cancel;
 * - Read for `pulumi import` (it returns inputs), Invoke for the look-ups;
 * - PartialFailure (an object made, then something failed) → ErrorResourceInitFailed, so it stays in state.
 */
import * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { PartialFailure } from "../provider/common/lifecycle";
import { cancel, runOperation, type Operation } from "../provider/common/operation";
import type { ConnectionInput } from "../provider/common/schemas";
import { checkConfig, configOf, connectionOf, providerConfigInput } from "./config";
import { detailedDiff, differences, type DiffKind } from "./detailed-diff";
import { engineLog, type EngineLog } from "./engine-log";
import { invoke } from "./invoke";
import { packageInfo } from "./package-info";
import { containsAny, plain, presentAt, propertyPath, secret, secretKeysOf, unwrapMap, wrapAt, type Raw } from "./properties";
import { resourceOf, type ResourceKind } from "./resources";
import { generateSchema } from "./schema";

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

const KIND: Record<DiffKind, provproto.PropertyDiff.Kind> = {
  ADD: provproto.PropertyDiff.Kind.ADD,
  ADD_REPLACE: provproto.PropertyDiff.Kind.ADD_REPLACE,
  DELETE: provproto.PropertyDiff.Kind.DELETE,
  DELETE_REPLACE: provproto.PropertyDiff.Kind.DELETE_REPLACE,
  UPDATE: provproto.PropertyDiff.Kind.UPDATE,
  UPDATE_REPLACE: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** Inputs the SDK's dynamic resources carry but users never set (the secret-holding keys of a service). */
const NOT_SECRET_KEYS_OF_SERVICE = ["registryAuth", "connection"];

function toStruct(v: Raw | undefined): structproto.Struct {
  return structproto.Struct.fromJavaScript(plain(v ?? {}) as Record<string, structproto.JavaScriptValue>);
}

function fromStruct(s: structproto.Struct | undefined): Raw {
  return (s?.toJavaScript() ?? {}) as Raw;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → project and stack. */
function projectAndStack(urn: string): { project: string; stack: string } {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return { stack: m?.[1] ?? "", project: m?.[2] ?? "" };
}

function grpcError(e: unknown, code = grpc.status.UNKNOWN): grpc.ServiceError {
  const message = e instanceof Error ? e.message : String(e);
  return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() });
}

export class DockerSwarmProvider {
  private connection: ConnectionInput | undefined;
  private readonly running = new Set<Operation>();

  constructor(private readonly engine: EngineLog) {}

  /** The handlers, keyed as the ResourceProviderService definition names them; the rest answer UNIMPLEMENTED. */
  handlers(): grpc.UntypedServiceImplementation {
    const h = <Req, Res>(fn: (req: Req) => Promise<Res>, errorOf: (e: unknown) => grpc.ServiceError = (e) => grpcError(e)): Unary<Req, Res> => {
      return (call, callback) => {
        fn(call.request).then(
          (res) => callback(null, res),
          (e) => callback(errorOf(e), null),
        );
      };
    };
    return {
      getPluginInfo: h(async () => new plugproto.PluginInfo().setVersion(packageInfo().version)),
      getSchema: h(async (req: provproto.GetSchemaRequest) => {
        if (req.getVersion() !== 0) throw grpcError(`unsupported schema version ${req.getVersion()}`, grpc.status.INVALID_ARGUMENT);
        return new provproto.GetSchemaResponse().setSchema(JSON.stringify(generateSchema().schema));
      }),
      checkConfig: h((req: provproto.CheckRequest) => this.checkConfig(req)),
      diffConfig: h((req: provproto.DiffRequest) => this.diffConfig(req)),
      configure: h((req: provproto.ConfigureRequest) => this.configure(req)),
      check: h((req: provproto.CheckRequest) => this.check(req)),
      diff: h((req: provproto.DiffRequest) => this.diff(req)),
      create: h((req: provproto.CreateRequest) => this.create(req), partialFailureError),
      read: h((req: provproto.ReadRequest) => this.read(req)),
      update: h((req: provproto.UpdateRequest) => this.update(req), partialFailureError),
      delete: h((req: provproto.DeleteRequest) => this.delete(req)),
      invoke: h((req: provproto.InvokeRequest) => this.invoke(req)),
      cancel: h(async () => {
        for (const op of this.running) cancel(op);
        return new emptyproto.Empty();
      }),
    };
  }

  // ─── configuration ─────────────────────────────────────────────────────────

  private async checkConfig(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const raw = fromStruct(req.getNews());
    const { values } = unwrapMap(raw);
    const resp = new provproto.CheckResponse();
    const inputs = plain(raw);
    wrapAt(inputs, ["tlsKey"]);
    resp.setInputs(toStruct(inputs));
    resp.setFailuresList(checkConfig(values).map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
    return resp;
  }

  private async diffConfig(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const olds = configOf(unwrapMap(fromStruct(req.getOldInputs() ?? req.getOlds())).values);
    const news = configOf(unwrapMap(fromStruct(req.getNews())).values);
    const resp = new provproto.DiffResponse();
    const leaves = differences(olds, news);
    // A new configuration never replaces the provider (that would replace every resource): each
    // resource sees it in its own Check and diff (a Service records a new connection, a Swarm on
    // another engine is replaced).
    resp.setChanges(leaves.length ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    resp.setHasdetaileddiff(true);
    const map = resp.getDetaileddiffMap();
    for (const l of leaves) map.set(String(l.path[0]), new provproto.PropertyDiff().setKind(KIND[l.kind]).setInputdiff(true));
    resp.setDiffsList([...new Set(leaves.map((l) => String(l.path[0])))]);
    return resp;
  }

  private async configure(req: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
    let raw = fromStruct(req.getArgs());
    if (!Object.keys(raw).length) {
      // Older engines send only `variables`: "docker-swarm:config:host" → host.
      raw = Object.fromEntries([...req.getVariablesMap().entries()].map(([k, v]) => [k.replace(/^.*:config:/, ""), v]));
    }
    const values = configOf(unwrapMap(raw).values);
    const parsed = providerConfigInput.safeParse(values);
    if (!parsed.success) throw grpcError(`invalid docker-swarm configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, grpc.status.INVALID_ARGUMENT);
    this.connection = connectionOf(parsed.data);
    return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false).setAcceptresources(false).setAcceptoutputs(false);
  }

  // ─── resources ─────────────────────────────────────────────────────────────

  private async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const kind = resourceOf(req.getType());
    const rawNews = fromStruct(req.getNews());
    const { values: olds } = unwrapMap(fromStruct(req.getOlds()));
    const { values: news } = unwrapMap(rawNews);
    const inputs: Raw = plain(rawNews);
    // The provider's connection becomes the resource's own, recorded in its inputs and outputs.
    if (this.connection) {
      for (const key of kind.connectionKeys(news)) {
        if (news[key] === undefined) news[key] = inputs[key] = plain(this.connection);
      }
    }
    const { failures } = await this.op(req.getUrn(), undefined, () => kind.lifecycle.check(internals(kind, req.getUrn(), olds), internals(kind, req.getUrn(), news, rawNews)));
    // What the schema says is secret is kept secret in state even when the program did not say so.
    for (const path of generateSchema().secrets[kind.token].inputs) wrapAt(inputs, path);
    const resp = new provproto.CheckResponse().setInputs(toStruct(inputs));
    resp.setFailuresList(failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
    return resp;
  }

  private async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const kind = resourceOf(req.getType());
    const { values: olds } = unwrapMap(fromStruct(req.getOlds()));
    const { values: news } = unwrapMap(fromStruct(req.getNews()));
    const oldInputs = req.getOldInputs() ? unwrapMap(fromStruct(req.getOldInputs())).values : olds;
    const rawNews = fromStruct(req.getNews());
    // The preview prints these messages without naming the resource: they keep their "[kind name]" prefix.
    const d = await this.op(req.getUrn(), undefined, () => kind.lifecycle.diffDetailed(req.getId(), olds, internals(kind, req.getUrn(), news, rawNews)), undefined, true);
    const resp = new provproto.DiffResponse();
    resp.setChanges(d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    const replaces = d.replaces ?? [];
    resp.setReplacesList(replaces);
    resp.setDeletebeforereplace(replaces.length > 0 && !!d.deleteBeforeReplace);
    if (d.changes && d.properties) {
      const detailed = detailedDiff(d.properties, oldInputs, news);
      if (replaces.length) {
        // A replacement makes a new object from all the inputs: show every input that differs too.
        for (const l of differences(published(kind, oldInputs), published(kind, news))) {
          const path = propertyPath(l.path);
          const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
          if (l.path.length && !Object.keys(detailed).some((p) => related(path, p) || related(p, path))) {
            detailed[path] = { kind: l.kind, inputDiff: true };
          }
        }
      }
      const map = resp.getDetaileddiffMap();
      for (const [path, e] of Object.entries(detailed)) map.set(path, new provproto.PropertyDiff().setKind(KIND[e.kind]).setInputdiff(e.inputDiff));
      resp.setHasdetaileddiff(true);
      resp.setDiffsList([...new Set(d.properties.filter((p) => p.path).map((p) => p.path.split(/[.[]/)[0]))]);
    }
    return resp;
  }

  private async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
    const kind = resourceOf(req.getType());
    const raw = fromStruct(req.getProperties());
    const { values: news, secrets } = unwrapMap(raw);
    const { id, outs } = await this.op(
      req.getUrn(),
      req.getTimeout(),
      () => kind.lifecycle.create(internals(kind, req.getUrn(), news, raw)),
      (p) => this.outputs(kind, p, secrets),
    );
    return new provproto.CreateResponse().setId(id).setProperties(toStruct(this.outputs(kind, outs, secrets)));
  }

  private async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    const kind = resourceOf(req.getType());
    const { values: props } = unwrapMap(fromStruct(req.getProperties()));
    // The program's secrets are those of the inputs (outputs are wrapped whole, with plain parts).
    const { secrets } = unwrapMap(fromStruct(req.getInputs()));
    const id = req.getId();
    const resp = new provproto.ReadResponse();
    if (Object.keys(props).length) {
      // refresh: the object as it is now; the stored inputs stay the program's.
      const r = await this.op(req.getUrn(), req.getTimeout(), () => kind.lifecycle.read(id, props));
      if (!r.id) return resp.setId("");
      const live = kind.refreshed ? kind.refreshed(r.props ?? {}) : (r.props ?? {});
      return resp.setId(r.id).setProperties(toStruct(this.outputs(kind, live, secrets)));
    }
    // `pulumi import` (or a get): nothing is known but the ID, and the provider's engine.
    if (!kind.importInputs) throw grpcError(`${kind.name} ${id}: ${kind.notImportable ?? "cannot be imported"}`, grpc.status.INVALID_ARGUMENT);
    const base: Raw = internals(kind, req.getUrn(), {});
    if (this.connection) for (const key of kind.connectionKeys({})) base[key] = plain(this.connection);
    return this.op(req.getUrn(), req.getTimeout(), async () => {
      const first = await kind.lifecycle.read(id, base);
      if (!first.id || !first.props) return resp.setId("");
      const inputs = plain(kind.importInputs!(first.props, id));
      // Read again as the resource the program will declare, so that its state echoes those inputs
      // (or, for a node, take it under management as its create does).
      const second = kind.importByCreate
        ? await kind.lifecycle.create({ ...base, ...inputs }).then((c) => ({ id: c.id, props: c.outs }))
        : await kind.lifecycle.read(first.id, { ...first.props, ...inputs, ...base });
      if (!second.id) return resp.setId("");
      const stored = plain(inputs);
      for (const path of generateSchema().secrets[kind.token].inputs) wrapAt(stored, path);
      return resp
        .setId(second.id)
        .setProperties(toStruct(this.outputs(kind, second.props ?? {}, secrets)))
        .setInputs(toStruct(stored));
    });
  }

  private async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const kind = resourceOf(req.getType());
    const { values: olds } = unwrapMap(fromStruct(req.getOlds()));
    const raw = fromStruct(req.getNews());
    const { values: news, secrets } = unwrapMap(raw);
    const { outs } = await this.op(
      req.getUrn(),
      req.getTimeout(),
      () => kind.lifecycle.update(req.getId(), olds, internals(kind, req.getUrn(), news, raw)),
      (p) => this.outputs(kind, p, secrets),
    );
    return new provproto.UpdateResponse().setProperties(toStruct(this.outputs(kind, outs, secrets)));
  }

  private async delete(req: provproto.DeleteRequest): Promise<emptyproto.Empty> {
    const kind = resourceOf(req.getType());
    const { values: props } = unwrapMap(fromStruct(req.getProperties()));
    await this.op(req.getUrn(), req.getTimeout(), () => kind.lifecycle.delete(req.getId(), props));
    return new emptyproto.Empty();
  }

  private async invoke(req: provproto.InvokeRequest): Promise<provproto.InvokeResponse> {
    const { values: args } = unwrapMap(fromStruct(req.getArgs()));
    const r = await invoke(req.getTok(), args, this.connection);
    const resp = new provproto.InvokeResponse();
    if (r.failures.length) return resp.setFailuresList(r.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
    const result = plain(r.result ?? {});
    for (const key of r.secretResults) if (result[key] !== undefined) result[key] = secret(result[key]);
    return resp.setReturn(toStruct(result));
  }

  // ─── helpers ───────────────────────────────────────────────────────────────

  /**
   * Runs a lifecycle call as one operation: its progress lines go to the engine under the URN, its
   * waits end at the request's timeout (seconds; 0 or absent: none), Cancel ends them at once. A
   * PartialFailure's properties get the same secret wrapping as outputs (`protect`).
   */
  private async op<T>(urn: string, timeoutSeconds: number | undefined, fn: () => Promise<T>, protect?: (props: Raw) => Raw, keepPrefix = false): Promise<T> {
    const op: Operation = {
      sink: (line) => this.engine.log(urn, /^\[[^\]]*\] warning:/.test(line) ? "warning" : "info", keepPrefix ? line : line.replace(/^\[[^\]]*\] /, "")),
    };
    if (timeoutSeconds && timeoutSeconds > 0) {
      op.deadline = Date.now() + timeoutSeconds * 1000;
      op.deadlineSource = `the operation's timeout (customTimeouts: ${timeoutSeconds} s)`;
    }
    this.running.add(op);
    try {
      return await runOperation(op, fn);
    } catch (e) {
      if (e instanceof PartialFailure && protect) throw new PartialFailure(e.message, e.id, protect(e.properties), e);
      throw e;
    } finally {
      this.running.delete(op);
    }
  }

  /**
   * The outputs with what must stay secret wrapped (each as a whole top-level property): what the
   * schema marks secret (outputs, and inputs echoed), the resource's internal secrets, and anything
   * that holds the value of a secret input (`inputSecrets`: the strings inside the program's secrets;
   * never those of outputs, which are wrapped whole with their plain parts).
   */
  private outputs(kind: ResourceKind, outs: Raw, inputSecrets: Set<string>): Raw {
    const out = plain(outs);
    const { inputs, outputs } = generateSchema().secrets[kind.token];
    const keys = new Set<string>(kind.internalSecretOutputs ?? []);
    for (const p of [...inputs, ...outputs]) if (presentAt(out, p)) keys.add(p[0]);
    for (const [k, v] of Object.entries(out)) if (containsAny(v, inputSecrets)) keys.add(k);
    for (const k of keys) if (out[k] !== undefined) out[k] = secret(out[k]);
    return out;
  }
}

/** The inputs a program declares (the published ones), for comparing old and new inputs. */
function published(kind: ResourceKind, inputs: Raw): Raw {
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => !k.startsWith("_") && k in kind.inputs.shape));
}

/**
 * The inputs with what the TypeScript SDK adds to them in the program, here derived from the request
 * (never stored as inputs, so previews show only what the program declares): `_name` (the resource's
 * name), `_owner` (project/stack/name, the label tying an object's versions together) and
 * `_secretKeys` (the inputs that held a secret, from their wrappers in `raw`).
 */
function internals(kind: ResourceKind, urn: string, values: Raw, raw?: Raw): Raw {
  const name = urn.slice(urn.lastIndexOf("::") + 2);
  const out: Raw = { ...values, _name: name };
  if (kind.owner) {
    const { project, stack } = projectAndStack(urn);
    out._owner = `${project}/${stack}/${name}`;
  }
  if (kind.secretKeys && raw) out._secretKeys = secretKeysOf(raw).filter((k) => !NOT_SECRET_KEYS_OF_SERVICE.includes(k));
  return out;
}

/** A PartialFailure (the object exists) → ErrorResourceInitFailed: Pulumi records the object and its properties. */
export function partialFailureError(e: unknown): grpc.ServiceError {
  if (!(e instanceof PartialFailure)) return grpcError(e);
  const detail = new provproto.ErrorResourceInitFailed();
  detail.setId(e.id);
  detail.setProperties(toStruct(e.properties));
  detail.setReasonsList(e.reasons);
  const any = new anyproto.Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusproto.Status();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(e.message);
  status.addDetails(any);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return Object.assign(new Error(e.message), { code: grpc.status.UNKNOWN, details: e.message, metadata });
}

/** Starts the server on a free loopback port; resolves with the port. */
export async function serve(engineAddress: string | undefined): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.max_send_message_length": 400 * 1024 * 1024 });
  const provider = new DockerSwarmProvider(engineLog(engineAddress));
  server.addService(provrpc.ResourceProviderService, provider.handlers());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}
