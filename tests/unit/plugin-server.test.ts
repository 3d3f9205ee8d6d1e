/**
 * The provider plugin's gRPC server, driven over a real loopback connection with the stubs
 * @pulumi/pulumi ships (as the Pulumi engine drives it), for everything that needs no engine:
 * plugin info and schema, the configuration calls, Check (the provider's connection written into
 * the resource, secrets kept secret, failures named by property), Diff (Pulumi's detailed diff and
 * the replace), Invoke's argument checks, Read refusing an import it cannot do, Cancel, and a
 * PartialFailure as ErrorResourceInitFailed. Create/Update/Delete/Read against engines are proven
 * by tests/e2e/plugin.test.ts.
 */
import * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { PartialFailure } from "../../provider/common/lifecycle";
import { partialFailureError, serve } from "../../plugin/server";
import { SECRET_SIG, SIG } from "../../plugin/properties";
import { packageInfo } from "../../plugin/package-info";

const SWARM = "docker-swarm:index:Swarm";
const SERVICE = "docker-swarm:index:SwarmService";
const NODE = "docker-swarm:index:SwarmNode";
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const TOKEN = "SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd-0123456789abcdefghijklmno";
const secret = (value: unknown) => ({ [SIG]: SECRET_SIG, value });
const struct = (o: Record<string, unknown>) => structproto.Struct.fromJavaScript(o as Record<string, structproto.JavaScriptValue>);

let server: grpc.Server;
let client: provrpc.ResourceProviderClient;

function call<Req, Res>(method: string, req: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    (client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => void>)[method](req, (e, r) => (e ? reject(e) : resolve(r))),
  );
}

beforeAll(async () => {
  process.env.PDS_QUIET = "1";
  const s = await serve(undefined);
  server = s.server;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${s.port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  server?.forceShutdown();
  delete process.env.PDS_QUIET;
});

async function configure(args: Record<string, unknown>): Promise<void> {
  const req = new provproto.ConfigureRequest().setArgs(struct(args)).setAcceptsecrets(true);
  const resp = await call<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
  expect(resp.getAcceptsecrets()).toBe(true);
}

async function check(type: string, name: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const req = new provproto.CheckRequest().setUrn(urn(type, name)).setName(name).setType(type).setNews(struct(news)).setOlds(struct(olds));
  const resp = await call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
  return { inputs: resp.getInputs()?.toJavaScript() as Record<string, any>, failures: resp.getFailuresList().map((f) => [f.getProperty(), f.getReason()]) };
}

async function diff(type: string, name: string, olds: Record<string, unknown>, news: Record<string, unknown>, oldInputs = news) {
  const req = new provproto.DiffRequest()
    .setId("id1")
    .setUrn(urn(type, name))
    .setName(name)
    .setType(type)
    .setOlds(struct(olds))
    .setNews(struct(news))
    .setOldInputs(struct(oldInputs));
  const resp = await call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
  const detailed: Record<string, string> = {};
  const kinds = Object.fromEntries(Object.entries(provproto.PropertyDiff.Kind).map(([k, v]) => [v, k]));
  for (const [k, v] of resp.getDetaileddiffMap().entries()) detailed[k] = kinds[v.getKind()];
  return { changes: resp.getChanges(), replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace(), detailed, diffs: resp.getDiffsList() };
}

describe("plugin info, schema and configuration", () => {
  it("GetPluginInfo gives the package's version; GetSchema the generated schema", async () => {
    const info = await call<emptyproto.Empty, plugproto.PluginInfo>("getPluginInfo", new emptyproto.Empty());
    expect(info.getVersion()).toBe(packageInfo().version);
    const schema = JSON.parse((await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>("getSchema", new provproto.GetSchemaRequest())).getSchema());
    expect(schema.name).toBe("docker-swarm");
    expect(Object.keys(schema.resources)).toContain(SERVICE);
  });

  it("CheckConfig names a bad value by its configuration key and keeps tlsKey secret", async () => {
    const req = new provproto.CheckRequest().setUrn("urn:pulumi:dev::proj::pulumi:providers:docker-swarm::default").setNews(struct({ host: "ftp://m1", tlsKey: "KEY-PEM-TEXT", version: "0.1.0" }));
    const resp = await call<provproto.CheckRequest, provproto.CheckResponse>("checkConfig", req);
    const failures = resp.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    expect(failures).toEqual(
      expect.arrayContaining([
        ["host", 'host: unsupported scheme "ftp:" (use unix://, tcp:// or ssh://)'],
        ["tlsKey", "tlsKey: is set without cert: give the client certificate (PEM, or a certPath holding cert.pem) with its key"],
      ]),
    );
    expect((resp.getInputs()?.toJavaScript() as any).tlsKey).toEqual(secret("KEY-PEM-TEXT"));
    const both = await call<provproto.CheckRequest, provproto.CheckResponse>("checkConfig", new provproto.CheckRequest().setNews(struct({ host: "unix:///a.sock", context: "prod" })));
    expect(both.getFailuresList().map((f) => f.getReason())).toEqual(['context: give host or context, not both (as docker\'s -H and --context): host is "unix:///a.sock"']);
  });

  it("DiffConfig: a new host is a change, never a replacement of the provider", async () => {
    const req = new provproto.DiffRequest().setOldInputs(struct({ host: "unix:///a.sock", version: "0.1.0" })).setNews(struct({ host: "unix:///b.sock", version: "0.2.0" }));
    const resp = await call<provproto.DiffRequest, provproto.DiffResponse>("diffConfig", req);
    expect(resp.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(resp.getReplacesList()).toEqual([]);
    expect([...resp.getDetaileddiffMap().keys()]).toEqual(["host"]);
    const same = await call<provproto.DiffRequest, provproto.DiffResponse>("diffConfig", new provproto.DiffRequest().setOldInputs(struct({ host: "unix:///a.sock" })).setNews(struct({ host: "unix:///a.sock" })));
    expect(same.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  });
});

describe("Check", () => {
  afterEach(() => configure({}));

  it("writes the provider's connection into a resource that has none, keeping a TLS key secret", async () => {
    await configure({ host: "tcp://10.0.0.11:2376", tlsCa: "CA", tlsCert: "CERT", tlsKey: secret("KEY-PEM-TEXT") });
    const { inputs, failures } = await check(SERVICE, "web", { image: "nginx:1.27" });
    expect(failures).toEqual([]);
    expect(inputs.connection).toEqual({ host: "tcp://10.0.0.11:2376", tls: { ca: "CA", cert: "CERT", key: secret("KEY-PEM-TEXT") } });
    // Nothing else is added to what the program declared (previews show only that).
    expect(Object.keys(inputs).sort()).toEqual(["connection", "image"]);
    // A declared connection wins.
    const own = await check(SERVICE, "web", { image: "nginx:1.27", connection: { host: "unix:///other.sock" } });
    expect(own.inputs.connection).toEqual({ host: "unix:///other.sock" });
  });

  it("a SwarmNode gets the provider's engine as its manager, and as its own engine only when it joins", async () => {
    await configure({ host: "unix:///m1.sock" });
    const managed = await check(NODE, "n", { nodeId: "abc" });
    expect(managed.inputs).toEqual({ nodeId: "abc", manager: { host: "unix:///m1.sock" } });
    const joining = await check(NODE, "n", { join: { remoteAddrs: ["10.0.0.11:2377"], token: TOKEN } });
    expect(joining.inputs.connection).toEqual({ host: "unix:///m1.sock" });
    // The join token is secret in state even when the program did not mark it.
    expect(joining.inputs.join.token).toEqual(secret(TOKEN));
    expect(joining.failures).toEqual([]);
  });

  it("reports invalid inputs by property path, with the lifecycle's own words", async () => {
    const { failures } = await check(SERVICE, "web", { image: "nginx", mode: "sometimes", mounts: [{ type: "nfs", target: "/x" }] });
    expect(failures).toEqual(
      expect.arrayContaining([
        ["mode", 'mode: unknown mode "sometimes" (use "replicated", "global", "replicated-job" or "global-job")'],
        ["mounts[0].type", 'mounts[0].type: unknown mount type "nfs" (use "bind", "volume", "tmpfs", "npipe")'],
      ]),
    );
  });

  it("a secret nested in an input arrives unwrapped to the lifecycle and stays wrapped in the inputs", async () => {
    const { inputs, failures } = await check(SWARM, "s", { spec: { caConfig: { signingCACert: "CERT", signingCAKey: secret("CA-KEY") } } });
    expect(failures).toEqual([]);
    expect(inputs.spec.caConfig).toEqual({ signingCACert: "CERT", signingCAKey: secret("CA-KEY") });
  });
});

describe("Diff", () => {
  const service = { image: "pds/busybox:latest", command: ["sleep", "3600"], replicas: 2, env: { A: "1" } };
  /** The state of a service created with `inputs` (as the lifecycle echoes it, with the spec read back). */
  const state = (inputs: Record<string, unknown>) => ({
    ...inputs,
    name: "web",
    mode: "replicated",
    spec: { name: "web", image: "pds/busybox:latest", command: ["sleep", "3600"], env: ["A=1"], mode: "replicated", replicas: 2 },
    references: { secrets: {}, configs: {}, networks: {} },
    serviceId: "id1",
    registryAuthHash: "",
    convergence: { enabled: true, timeout: "5m", maxFailures: 3, logTail: 15 },
    rollbackOnFailure: true,
    adopt: false,
    resolveImage: false,
    engine: { host: "unix:///m1.sock", id: "E1", swarmId: "S1" },
  });

  it("no change: DIFF_NONE", async () => {
    const d = await diff(SERVICE, "web", state(service), service);
    expect(d).toMatchObject({ changes: provproto.DiffResponse.DiffChanges.DIFF_NONE, replaces: [], detailed: {} });
  });

  it("in-place changes: a detailed diff down to the changed keys", async () => {
    const news = { ...service, replicas: 3, env: { A: "1", B: "2" } };
    const d = await diff(SERVICE, "web", state(service), news, service);
    expect(d.changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(d.replaces).toEqual([]);
    expect(d.detailed).toEqual({ replicas: "UPDATE", "env.B": "ADD" });
    expect(d.diffs.sort()).toEqual(["env", "replicas"]);
  });

  it("a new name replaces, deleting first (names are unique in a swarm), showing the other changes too", async () => {
    const news = { ...service, name: "web2", replicas: 3 };
    const d = await diff(SERVICE, "web", state(service), news, service);
    expect(d.replaces).toEqual(["name"]);
    expect(d.deleteBeforeReplace).toBe(true);
    expect(d.detailed).toEqual({ name: "ADD_REPLACE", replicas: "UPDATE" });
  });

  it("drift seen by refresh (the program unchanged) is reported at the property, as a difference from the state", async () => {
    const drifted = { ...state(service), spec: { ...state(service).spec, replicas: 1 } };
    const d = await diff(SERVICE, "web", drifted, service, service);
    expect(d.detailed).toEqual({ replicas: "UPDATE" });
  });

  it("a Swarm's init-only setting replaces it; a spec setting is updated in place", async () => {
    const olds = {
      advertiseAddr: "10.0.0.11",
      listenAddr: "0.0.0.0:2377",
      resolvedHost: "unix:///m1.sock",
      engine: { host: "unix:///m1.sock", id: "E1" },
      autolock: false,
      unlock: true,
      adopt: false,
      caRotationTimeout: "5m",
      spec: { labels: {}, taskHistoryRetentionLimit: 5, raft: { snapshotInterval: 10000, logEntriesForSlowFollowers: 500 }, caConfig: { externalCAs: [], forceRotate: 0 } },
    };
    const inputs = { advertiseAddr: "10.0.0.11", connection: { host: "unix:///m1.sock" } };
    const d = await diff(SWARM, "s", { ...olds, connection: inputs.connection }, { ...inputs, advertiseAddr: "10.0.0.12", spec: { taskHistoryRetentionLimit: 3 } }, inputs);
    expect(d.replaces).toEqual(["advertiseAddr"]);
    expect(d.detailed).toEqual({ advertiseAddr: "UPDATE_REPLACE", "spec.taskHistoryRetentionLimit": "ADD" });
  });
});

describe("Invoke, Read, Cancel and errors", () => {
  it("Invoke checks a look-up's arguments and names the unknown function", async () => {
    const bad = await call<provproto.InvokeRequest, provproto.InvokeResponse>("invoke", new provproto.InvokeRequest().setTok("docker-swarm:index:getNode").setArgs(struct({ idd: "x" })));
    expect(bad.getFailuresList().map((f) => f.getReason())).toEqual(expect.arrayContaining(['(inputs): unknown property "idd"']));
    await expect(call("invoke", new provproto.InvokeRequest().setTok("docker-swarm:index:getEverything").setArgs(struct({})))).rejects.toMatchObject({
      details: expect.stringContaining("unknown function docker-swarm:index:getEverything"),
    });
  });

  it("Read of a secret for `pulumi import` is refused, saying what to do instead", async () => {
    const req = new provproto.ReadRequest().setId("abc").setUrn(urn("docker-swarm:index:SwarmSecret", "s")).setName("s").setType("docker-swarm:index:SwarmSecret");
    await expect(call("read", req)).rejects.toMatchObject({ details: expect.stringContaining("cannot be imported: declare it with `adopt: true`") });
  });

  it("Cancel answers", async () => {
    await expect(call("cancel", new emptyproto.Empty())).resolves.toBeInstanceOf(emptyproto.Empty);
  });

  it("a PartialFailure becomes ErrorResourceInitFailed (id, properties, reasons) in the status details", () => {
    const e = partialFailureError(new PartialFailure("service web was created but did not converge", "svc1", { serviceId: "svc1" }));
    const status = statusproto.Status.deserializeBinary(e.metadata.get("grpc-status-details-bin")[0] as Buffer);
    const any = status.getDetailsList()[0];
    expect(any.getTypeName()).toBe("pulumirpc.ErrorResourceInitFailed");
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    expect(detail.getId()).toBe("svc1");
    expect(detail.getProperties()?.toJavaScript()).toEqual({ serviceId: "svc1" });
    expect(detail.getReasonsList()).toEqual(["service web was created but did not converge"]);
    // Any other error is a plain one.
    expect(partialFailureError(new Error("boom")).metadata.get("grpc-status-details-bin")).toEqual([]);
  });
});
