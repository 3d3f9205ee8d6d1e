/**
 * The two front-ends cannot drift apart. The provider plugin's Pulumi schema is generated from the zod
 * schemas (plugin/schema.ts); the TypeScript SDK's Args interfaces and resource classes are written
 * by hand (sdk/*.ts). This test reads the SDK's source and checks it against the same zod schemas:
 * per resource the set of input properties, required or optional, nested shapes, and the declared
 * outputs. The SDK's own conveniences (a SwarmSecret resource instead of a secret's name, `target`)
 * are listed here, each with the reason it is not in the provider's inputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { jsonSchemaOf, generateSchema, schemaText } from "../../plugin/schema";
import { RESOURCES, publishedInputKeys } from "../../plugin/resources";
import { SdkShapes, type SdkShape } from "../helpers/sdk-shapes";

const sdk = new SdkShapes();
const ARGS: Record<string, string> = {
  Swarm: "SwarmArgs",
  SwarmNode: "SwarmNodeArgs",
  SwarmService: "SwarmServiceArgs",
  SwarmSecret: "SwarmSecretArgs",
  SwarmConfig: "SwarmConfigArgs",
  SwarmNetwork: "SwarmNetworkArgs",
};

/** SDK-only properties: what the SDK's constructor turns them into before the provider sees them. */
const SDK_ONLY: Record<string, string> = {
  "SwarmService.secrets.secret": "a SwarmSecret resource → secretId, secretName and fileName (sdk/swarm-service.ts secretRef)",
  "SwarmService.secrets.target": "the file name → fileName",
  "SwarmService.configs.config": "a SwarmConfig resource → configId, configName and fileName",
  "SwarmService.configs.target": "the file path → fileName",
  "SwarmService.networks.network": "a SwarmNetwork resource → target (its ID)",
};

/** Required in the zod schema, optional in the SDK: the SDK accepts an SDK-only property instead. */
const SDK_ALTERNATIVE: Record<string, string> = {
  "SwarmService.networks.target": "or `network`, a SwarmNetwork resource",
};

type Json = Record<string, any>;

/** Differences between a zod object (as JSON Schema, input side) and an SDK shape. */
function compare(js: Json, shape: SdkShape, at: string, out: string[]): void {
  const props: Record<string, Json> = js.properties ?? {};
  const required = new Set<string>(js.required ?? []);
  const zodKeys = Object.keys(props).filter((k) => !k.startsWith("_"));
  for (const k of zodKeys) if (!(k in shape)) out.push(`${at}.${k}: in the zod schema, not in the SDK`);
  for (const k of Object.keys(shape)) if (!zodKeys.includes(k) && !SDK_ONLY[`${at}.${k}`]) out.push(`${at}.${k}: in the SDK, not in the zod schema`);
  for (const k of zodKeys.filter((x) => x in shape)) {
    if (required.has(k) === shape[k].optional && !(required.has(k) && SDK_ALTERNATIVE[`${at}.${k}`])) {
      out.push(`${at}.${k}: ${required.has(k) ? "required" : "optional"} in the zod schema, ${shape[k].optional ? "optional" : "required"} in the SDK`);
    }
    let p: Json | undefined = props[k];
    while (p?.type === "array" && p.items) p = p.items;
    const objects = ((p?.anyOf as Json[] | undefined) ?? [p]).map((x) => (x?.type === "array" ? x.items : x)).filter((x) => x?.type === "object" && x.properties);
    if (objects.length && shape[k].nested) compare(objects[0], shape[k].nested!, `${at}.${k}`, out);
    else if (objects.length) out.push(`${at}.${k}: an object in the zod schema, not in the SDK`);
  }
}

describe("the SDK's Args and the zod schemas (the plugin's source) agree", () => {
  it("finds every resource of the plugin in the SDK (the comparison itself works)", () => {
    expect(RESOURCES.map((r) => r.name).sort()).toEqual(Object.keys(ARGS).sort());
    expect(Object.keys(sdk.args("SwarmServiceArgs"))).toContain("image");
    expect(sdk.args("SwarmServiceArgs").image.optional).toBe(false);
    expect(Object.keys(sdk.args("SwarmSecretArgs"))).toEqual(expect.arrayContaining(["data", "driver", "connection"]));
    // A difference is found: a shape with one property too many.
    const out: string[] = [];
    compare({ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { a: { name: "a", optional: true, doc: "" }, b: { name: "b", optional: true, doc: "" } }, "X", out);
    expect(out).toEqual(["X.b: in the SDK, not in the zod schema", "X.a: required in the zod schema, optional in the SDK"]);
  });

  it.each(RESOURCES.map((r) => [r.name, r] as const))("%s: the same input properties, required or optional, nested shapes", (name, r) => {
    const out: string[] = [];
    // What the provider's configuration fills (SwarmNode.manager) is optional in both front ends: the
    // SDK fills it from the stack's docker-swarm:* configuration, the plugin from its own.
    const js = jsonSchemaOf(r.inputs) as { required?: string[] };
    const required = (js.required ?? []).filter((k) => !r.providerFills?.includes(k));
    compare({ ...js, required }, sdk.args(ARGS[name]), name, out);
    expect(out).toEqual([]);
  });

  it.each(RESOURCES.map((r) => [r.name, r] as const))("%s: the SDK class declares every output the zod schema describes, and no other", (name, r) => {
    const declared = Object.keys(sdk.outputs(name)).sort();
    const described = Object.keys(r.outputs.shape).sort();
    // Outputs that echo an input (e.g. a node's labels) may be declared by the class too.
    expect(declared.filter((k) => !described.includes(k) && !publishedInputKeys(r).includes(k))).toEqual([]);
    expect(described.filter((k) => !declared.includes(k))).toEqual([]);
  });

  it("every SDK-only property is still in the SDK (the list above is not stale)", () => {
    for (const key of Object.keys(SDK_ONLY)) {
      const [res, ...rest] = key.split(".");
      let shape: SdkShape | undefined = sdk.args(ARGS[res]);
      for (const seg of rest.slice(0, -1)) shape = shape?.[seg]?.nested;
      expect(shape?.[rest.at(-1)!]).toBeDefined();
    }
  });
});

describe("the Pulumi schema", () => {
  it("schema.json is the generated one (run `npm run gen-schema` after changing a zod schema)", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "../../schema.json"), "utf8");
    expect(committed).toBe(schemaText());
  });

  it("publishes every resource with its inputs (descriptions on each), outputs and secrets", () => {
    const { schema, secrets } = generateSchema() as { schema: Json; secrets: Record<string, { inputs: string[][]; outputs: string[][] }> };
    for (const r of RESOURCES) {
      const res = schema.resources[r.token];
      expect(Object.keys(res.inputProperties).sort()).toEqual(publishedInputKeys(r).sort());
      const undescribed = Object.entries(res.inputProperties as Record<string, Json>).filter(([, p]) => !p.description).map(([k]) => k);
      expect(undescribed).toEqual([]);
      for (const k of Object.keys(r.outputs.shape)) expect(res.properties[k]).toBeDefined();
    }
    expect(secrets["docker-swarm:index:Swarm"].outputs).toEqual([["joinTokens"], ["unlockKey"]]);
    expect(secrets["docker-swarm:index:SwarmNode"].inputs).toEqual(expect.arrayContaining([["join", "token"], ["manager", "tls", "key"]]));
    expect(schema.resources["docker-swarm:index:Swarm"].properties.unlockKey.secret).toBe(true);
    expect(schema.types["docker-swarm:index:SwarmNodeJoin"].properties.token.secret).toBe(true);
    expect(schema.types["docker-swarm:index:Tls"].properties.key.secret).toBe(true);
    // The provider fills `manager` from its configuration: optional in the plugin, required in the SDK.
    expect(schema.resources["docker-swarm:index:SwarmNode"].requiredInputs ?? []).not.toContain("manager");
    expect(schema.resources["docker-swarm:index:SwarmService"].requiredInputs).toEqual(["image"]);
    expect(Object.keys(schema.functions).sort()).toEqual(
      ["getConfigs", "getNetworks", "getNode", "getNodes", "getSecrets", "getService", "getServiceLogs", "getServiceTasks", "getServices", "getSwarm"].map((f) => `docker-swarm:index:${f}`),
    );
    expect(Object.keys(schema.config.variables)).toEqual(["host", "context", "tlsCertPath", "tlsCa", "tlsCert", "tlsKey", "tlsVerify", "sshOptions", "apiVersion", "requestTimeout"]);
    expect(schema.config.variables.tlsKey.secret).toBe(true);
  });

  it("a record-or-list input (env) is a oneOf of a map and a list, not any", () => {
    const env = (generateSchema().schema as Json).resources["docker-swarm:index:SwarmService"].inputProperties.env;
    expect(env.oneOf).toEqual([{ type: "object", additionalProperties: { type: "string" } }, { type: "array", items: { type: "string" } }]);
  });
});
