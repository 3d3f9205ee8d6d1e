/**
 * The Pulumi package schema of the plugin, generated from the zod schemas that validate the inputs
 * (provider/<folder>/args.ts), describe the outputs (outputs-schema.ts), the look-ups
 * (provider/lookups/args.ts) and the provider's configuration (config.ts): one source for shapes,
 * descriptions (`.meta({ description })`) and secrets (`.meta({ secret: true })`).
 *
 * zod → JSON Schema (z.toJSONSchema, input side) → Pulumi types: objects become named types
 * (`docker-swarm:index:<Resource><Path>`, or their `title`), records maps, unions `oneOf`, anything
 * else `pulumi.json#/Any`. `npm run gen-schema` writes schema.json; the plugin serves the same schema
 * (GetSchema), and a unit test fails when the committed file is stale.
 */
import { z } from "zod";
import { alternatives, connectionInput, engineIdentityOutput } from "../provider/common/schemas";
import { LOOKUPS } from "../provider/lookups/args";
import { providerConfigInput } from "./config";
import { packageInfo } from "./package-info";
import type { SecretPath } from "./properties";
import { PACKAGE, RESOURCES } from "./resources";

type Json = Record<string, unknown>;
export type TypeSpec = Json;
export interface PropertySpec extends Json {
  description?: string;
  secret?: boolean;
}
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

const ANY = { $ref: "pulumi.json#/Any" };

/** The JSON Schema (input side) of a zod schema, with byShape's accepted shapes as anyOf. */
export function jsonSchemaOf(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const shapes = alternatives.get(ctx.zodSchema as object);
      if (shapes) {
        for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Json)[k];
        (ctx.jsonSchema as Json).anyOf = shapes.map((s) => jsonSchemaOf(s));
      }
    },
  }) as Json;
}

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
const singular = (s: string) => (/[^s]s$/.test(s) ? s.slice(0, -1) : s);

/** Builds named object types, reusing one for structurally equal shapes. */
class Types {
  readonly types: Record<string, ObjectTypeSpec> = {};
  private readonly byShape = new Map<string, string>();

  add(name: string, spec: ObjectTypeSpec, suffix: string): string {
    const key = JSON.stringify(spec);
    const known = this.byShape.get(key);
    if (known) return known;
    let token = `${PACKAGE}:index:${name}`;
    for (let i = 2; this.types[token]; i++) token = `${PACKAGE}:index:${name}${i === 2 ? suffix : `${suffix}${i}`}`;
    this.types[token] = spec;
    this.byShape.set(key, token);
    return token;
  }
}

interface Ctx {
  types: Types;
  /** Suffix for a type name already taken by another shape (output types: "Info"). */
  suffix: string;
  /** Secret paths found while converting (relative to the converted value). */
  secrets: SecretPath[];
}

function typeOf(js: Json, name: string, ctx: Ctx, at: string[]): TypeSpec {
  if (js.secret === true) ctx.secrets.push(at);
  const members = (js.anyOf ?? js.oneOf) as Json[] | undefined;
  if (members) {
    const kept = members.filter((m) => m.type !== "null");
    const objects = kept.filter((m) => m.type === "object").length;
    const specs = kept.map((m, i) => typeOf(m, objects > 1 ? `${name}${i + 1}` : name, ctx, at));
    const unique = [...new Map(specs.map((s) => [JSON.stringify(s), s])).values()];
    return unique.length === 1 ? unique[0] : { oneOf: unique };
  }
  if (Array.isArray(js.type)) {
    const kept = (js.type as string[]).filter((t) => t !== "null");
    return kept.length === 1 ? typeOf({ ...js, type: kept[0] }, name, ctx, at) : { oneOf: kept.map((t) => typeOf({ type: t }, name, ctx, at)) };
  }
  switch (js.type) {
    case "string":
    case "number":
    case "integer":
    case "boolean":
      return { type: js.type };
    case "array":
      return { type: "array", items: js.items ? typeOf(js.items as Json, singular(name), ctx, [...at, "[]"]) : ANY };
    case "object": {
      const props = js.properties as Record<string, Json> | undefined;
      if (props && Object.keys(props).length) {
        const title = typeof js.title === "string" ? js.title : undefined;
        // A titled type (Connection, Tls, EngineIdentity) is shared: its own description, not the one
        // of the property that uses it (JSON Schema merges both into one object).
        const spec = objectType(title ? { ...js, description: titledDescriptions()[title] } : js, title ?? name, ctx, at);
        return { $ref: `#/types/${ctx.types.add(title ?? name, spec, ctx.suffix)}` };
      }
      const extra = js.additionalProperties;
      return { type: "object", additionalProperties: extra && typeof extra === "object" && Object.keys(extra).length ? typeOf(extra as Json, name, ctx, [...at, "*"]) : ANY };
    }
    default:
      return ANY;
  }
}

/** The descriptions of the shared (titled) types, from their own zod metadata. */
function titledDescriptions(): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const tls = connectionInput.shape.tls.unwrap();
  for (const schema of [connectionInput, tls, engineIdentityOutput] as z.ZodType[]) {
    const meta = z.globalRegistry.get(schema) as { title?: string; description?: string } | undefined;
    if (meta?.title) out[meta.title] = meta.description;
  }
  return out;
}

function objectType(js: Json, name: string, ctx: Ctx, at: string[]): ObjectTypeSpec {
  const properties: Record<string, PropertySpec> = {};
  for (const [key, prop] of Object.entries((js.properties ?? {}) as Record<string, Json>)) {
    if (key.startsWith("_")) continue;
    properties[key] = propertyOf(prop, `${name}${pascal(key)}`, ctx, [...at, key]);
  }
  const required = ((js.required ?? []) as string[]).filter((k) => k in properties);
  return omitEmpty({ type: "object" as const, description: js.description as string | undefined, properties, required: required.length ? required : undefined });
}

function propertyOf(js: Json, name: string, ctx: Ctx, at: string[]): PropertySpec {
  const secretsBefore = ctx.secrets.length;
  const type = typeOf(js, name, ctx, at);
  const ownSecret = ctx.secrets.slice(secretsBefore).some((p) => p.join(".") === at.join("."));
  return omitEmpty({ ...type, description: typeof js.description === "string" ? js.description : undefined, secret: ownSecret || undefined });
}

function omitEmpty<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The properties of a zod object as Pulumi properties, with the secret paths found in them. */
function propertiesOf(schema: z.ZodType, name: string, types: Types, suffix = ""): { spec: ObjectTypeSpec; secrets: SecretPath[] } {
  const ctx: Ctx = { types, suffix, secrets: [] };
  const spec = objectType(jsonSchemaOf(schema), name, ctx, []);
  return { spec, secrets: ctx.secrets };
}

export interface GeneratedSchema {
  schema: Json;
  /** Per resource token: the secret paths of its inputs and of its outputs. */
  secrets: Record<string, { inputs: SecretPath[]; outputs: SecretPath[] }>;
  /** Per function token: the secret paths of its result. */
  functionSecrets: Record<string, SecretPath[]>;
}

let cached: GeneratedSchema | undefined;

export function generateSchema(): GeneratedSchema {
  if (cached) return cached;
  const types = new Types();
  const resources: Record<string, Json> = {};
  const secrets: GeneratedSchema["secrets"] = {};
  for (const r of RESOURCES) {
    const inputs = propertiesOf(r.inputs, r.name, types);
    const outputs = propertiesOf(r.outputs, r.name, types, "Info");
    // Every input is also an output (the resource echoes its inputs), with the output's own type
    // where the two differ (a Swarm's `spec` as read back).
    const properties = { ...inputs.spec.properties, ...outputs.spec.properties };
    resources[r.token] = omitEmpty({
      description: r.description,
      inputProperties: inputs.spec.properties,
      requiredInputs: inputs.spec.required?.filter((k) => !r.providerFills?.includes(k)),
      properties,
      required: outputs.spec.required,
    });
    secrets[r.token] = { inputs: inputs.secrets, outputs: outputs.secrets };
  }
  const functions: Record<string, Json> = {};
  const functionSecrets: GeneratedSchema["functionSecrets"] = {};
  for (const [fn, def] of Object.entries(LOOKUPS)) {
    const Name = pascal(fn);
    const args = propertiesOf(def.args, `${Name}Args`, types);
    const result = propertiesOf(def.result, `${Name}Result`, types, "Info");
    functions[`${PACKAGE}:index:${fn}`] = omitEmpty({
      description: def.description,
      inputs: omitEmpty({ properties: args.spec.properties, required: args.spec.required }),
      outputs: omitEmpty({ properties: result.spec.properties, required: result.spec.required }),
    });
    functionSecrets[`${PACKAGE}:index:${fn}`] = result.secrets;
  }
  const config = propertiesOf(providerConfigInput, "Provider", types);
  const pkg = packageInfo();
  const schema: Json = {
    name: PACKAGE,
    displayName: "Docker Swarm",
    version: pkg.version,
    description: "Docker Swarm clusters, nodes, services, secrets, configs and networks, on the Docker Engine API (the pulumi-docker-swarm npm package).",
    keywords: ["pulumi", "docker", "swarm", "category/infrastructure", "kind/native"],
    license: pkg.license,
    publisher: "pulumi-docker-swarm",
    meta: { moduleFormat: "(.*)" },
    config: { variables: config.spec.properties },
    provider: { description: "The docker-swarm provider: its configuration names the engine of resources without a `connection`.", inputProperties: config.spec.properties },
    types: types.types,
    resources,
    functions,
    language: {
      python: { packageName: "pulumi_docker_swarm", requires: { pulumi: ">=3.142.0,<4.0.0" }, pyproject: { enabled: true }, respectSchemaVersion: true },
    },
  };
  cached = { schema, secrets, functionSecrets };
  return cached;
}

/** schema.json's text: stable key order, two-space indentation, final newline. */
export function schemaText(): string {
  return `${JSON.stringify(generateSchema().schema, null, 2)}\n`;
}
