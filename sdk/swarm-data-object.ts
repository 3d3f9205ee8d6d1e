import * as pulumi from "@pulumi/pulumi";
import { configProvider, secretProvider } from "./stubs";
import { protectConnection, type ConnectionArgs, type EngineIdentity } from "./types";
import { withStackConfig } from "./config";

/** A driver (external store, or templating engine) and its options. */
export interface DriverArgs {
  name: pulumi.Input<string>;
  options?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

interface DataObjectArgs {
  /** A manager of the swarm. */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * The logical name (default: the resource's name). The Engine object is named after it with a
   * short keyed hash of its content, e.g. `db_password-3f9a1c2e`, so that a new content is a new
   * object next to the old one; services see the logical name as their file name.
   */
  name?: pulumi.Input<string>;
  /** The content as text. */
  data?: pulumi.Input<string>;
  /** The content as base64, for binary data. */
  dataBase64?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** A templating driver (`{ name: "golang" }`): the content is a template rendered per task. */
  templating?: pulumi.Input<DriverArgs>;
  /**
   * Pins the Engine object's name (no content hash). A new content then needs the old object deleted
   * first, which the Engine refuses while a service uses it: leave it unpinned to rotate in place.
   */
  engineName?: pulumi.Input<string>;
  /** Previous versions kept after a rotation, besides the current one (default 0). */
  keepVersions?: pulumi.Input<number>;
  /** Take over an existing object of this name (`engineName`, else `name`) instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

export interface SwarmSecretArgs extends DataObjectArgs {
  /** The secret's content. Always stored as a secret; state keeps only a keyed hash of it. */
  data?: pulumi.Input<string>;
  /** An external secret store (a secret driver plugin) that holds the data instead. */
  driver?: pulumi.Input<DriverArgs>;
}

export type SwarmConfigArgs = DataObjectArgs;

const OUTPUTS = ["engineName", "dataHash", "hashKey", "version", "createdAt", "engine", "adopted"];

function propsOf(name: string, args: DataObjectArgs, secret: boolean): Record<string, unknown> {
  const props: Record<string, unknown> = {
    ...args,
    connection: protectConnection(withStackConfig(args.connection)),
    _name: name,
    // Ties the versions of this resource together on the Engine (a label on each object).
    _owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
  };
  if (secret) {
    if (args.data !== undefined) props.data = pulumi.secret(args.data);
    if (args.dataBase64 !== undefined) props.dataBase64 = pulumi.secret(args.dataBase64);
  }
  for (const key of [...OUTPUTS, "name", "labels"]) if (!(key in props)) props[key] = undefined;
  return props;
}

/**
 * A swarm secret: data given to services as a file under /run/secrets. A new `data` rotates it
 * without downtime: a new secret object is made, every `SwarmService` that refers to this resource is
 * updated in place (a rolling update, same file name for the application), and only then is the old
 * object removed. State never holds the data, only a keyed hash of it.
 *
 * ```ts
 * const dbPassword = new SwarmSecret("db_password", { connection, data: cfg.requireSecret("dbPassword") });
 * new SwarmService("api", { connection, image, secrets: [{ secret: dbPassword, target: "db_password" }] });
 * ```
 */
export class SwarmSecret extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/docker-swarm:SwarmSecret";

  /** The current Engine object's ID (changes with each rotation). */
  declare readonly secretId: pulumi.Output<string>;
  /** The logical name. */
  declare readonly name: pulumi.Output<string>;
  /** The current Engine object's name, e.g. `db_password-3f9a1c2e`. */
  declare readonly engineName: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** A keyed hash of the data. Secret. */
  declare readonly dataHash: pulumi.Output<string>;
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  /** The manager and swarm it was made in. */
  declare readonly engine: pulumi.Output<EngineIdentity>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: SwarmSecretArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...propsOf(name, args, true), secretId: undefined };
    super(secretProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["dataHash", "hashKey"] }), "docker-swarm", "SwarmSecret");
    Object.defineProperty(this, "__swarmType", { value: SwarmSecret.__pulumiType });
  }

  static override isInstance(obj: unknown): obj is SwarmSecret {
    return !!obj && (obj as { __swarmType?: string }).__swarmType === SwarmSecret.__pulumiType;
  }
}

/**
 * A swarm config: data given to services as a file. Like SwarmSecret (rotation included), but its
 * content is not secret: the Engine returns it, and state keeps it.
 */
export class SwarmConfig extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/docker-swarm:SwarmConfig";

  /** The current Engine object's ID (changes with each rotation). */
  declare readonly configId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly engineName: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly dataHash: pulumi.Output<string>;
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly engine: pulumi.Output<EngineIdentity>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: SwarmConfigArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...propsOf(name, args, false), configId: undefined };
    super(configProvider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["hashKey"] }), "docker-swarm", "SwarmConfig");
    Object.defineProperty(this, "__swarmType", { value: SwarmConfig.__pulumiType });
  }

  static override isInstance(obj: unknown): obj is SwarmConfig {
    return !!obj && (obj as { __swarmType?: string }).__swarmType === SwarmConfig.__pulumiType;
  }
}
