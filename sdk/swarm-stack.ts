import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
// Type-only: the Compose core is loaded lazily, in the program's process (it is never serialized).
import type * as compose from "../provider/stack/compose";
import { serviceGroupProvider, stackPrunerProvider } from "./stubs";
import { SwarmConfig, SwarmSecret } from "./swarm-data-object";
import { SwarmNetwork } from "./swarm-network";
import { SwarmService, serviceInputsOf, type SwarmServiceArgs } from "./swarm-service";
import type { ConnectionArgs } from "./types";
import { withStackConfig } from "./config";

export interface SwarmStackArgs {
  /** A manager of the swarm. */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The Compose file's text. Give this or `composeFile`. */
  compose?: string;
  /** The Compose file's path (relative paths in it, such as `env_file` and `secrets.*.file`, are read from its folder). */
  composeFile?: string;
  /** The stack's name, as in `docker stack deploy NAME` (default: the resource's name). Objects are named `<namespace>_<key>`. */
  namespace?: string;
  /** Values for `${VAR}` interpolation in the file (they win over the environment). */
  variables?: Record<string, string>;
  /** Also take `${VAR}` values from the program's environment, as the docker CLI does (default false). */
  useEnvironment?: boolean;
  /**
   * Remove what the file no longer declares: services, secrets, configs and networks carrying the
   * stack's namespace label (default false: they are kept and reported, as `docker stack deploy`
   * without `--prune` keeps services). `destroy` always removes everything of the stack.
   */
  prune?: boolean;
  /**
   * "service" (default): a service whose update fails is rolled back on its own. "stack": every
   * service of the stack updated by the same `up` is rolled back too.
   */
  rollback?: "service" | "stack";
  /** Take over a stack deployed with `docker stack deploy`: its objects are managed in place (default false). */
  adopt?: boolean;
  /** Convergence settings for every service of the stack. */
  convergence?: SwarmServiceArgs["convergence"];
}

/** A service of the stack, as the Engine reports it after `up`. */
export interface StackServiceOutput {
  id: string;
  name: string;
  runningTasks: number;
  desiredTasks: number;
}

/**
 * A Compose file deployed as a swarm stack, the way `docker stack deploy -c FILE NAME` does: the same
 * names (`<namespace>_<service>`), labels and default network, so `docker stack ls/ps/services` show it
 * and a stack deployed with the CLI can be adopted. Each service, network, secret and config is a
 * child resource, so `pulumi preview` shows each change on its own line; secrets and configs rotate
 * without downtime; every service is waited for; a failed update is rolled back and fails `up`.
 *
 * ```ts
 * const shop = new SwarmStack("shop", { connection, composeFile: "docker-stack.yml", prune: true });
 * export const services = shop.services;
 * ```
 */
export class SwarmStack extends pulumi.ComponentResource {
  /** Per Compose service key: its ID, name and task counts. */
  declare readonly services: pulumi.Output<Record<string, StackServiceOutput>>;
  /** Per Compose network key: the network's name on the Engine. */
  declare readonly networks: pulumi.Output<Record<string, string>>;
  /** Per Compose secret key: the current secret object's name. */
  declare readonly secrets: pulumi.Output<Record<string, string>>;
  /** Per Compose config key: the current config object's name. */
  declare readonly configs: pulumi.Output<Record<string, string>>;
  /** What carries the stack's label but is not in the file (kept when prune is off). */
  declare readonly strays: pulumi.Output<string[]>;

  constructor(name: string, args: SwarmStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("docker-swarm:index:SwarmStack", name, {}, opts);
    const core: typeof compose = require("../provider/stack/compose");
    const namespace = args.namespace ?? name;
    const file = args.composeFile ? path.resolve(args.composeFile) : undefined;
    const text = args.compose ?? (file ? fs.readFileSync(file, "utf8") : undefined);
    if (text === undefined) throw new Error(`SwarmStack ${name}: give compose (the file's text) or composeFile`);
    const workingDir = file ? path.dirname(file) : process.cwd();
    // Bad files fail here, at preview, naming the path in the file (services.web.deploy.replicas: …).
    const { project, warnings } = core.loadCompose(text, {
      variables: args.variables,
      environment: process.env,
      useEnvironment: args.useEnvironment ?? false,
      workingDir,
      readFile: (p) => fs.readFileSync(p, "utf8"),
    });
    for (const w of warnings) pulumi.log.warn(`${name}: ${w}`, this);
    const plan = core.planStack(project, { namespace });
    const child = { parent: this, retainOnDelete: !args.prune };
    const connection = withStackConfig(args.connection);
    const adopt = args.adopt ?? false;

    const networks: Record<string, SwarmNetwork> = {};
    for (const [key, n] of Object.entries(plan.networks)) {
      if (n.external) continue;
      networks[key] = new SwarmNetwork(`${name}-network-${key}`, {
        connection,
        name: n.name,
        driver: n.driver,
        attachable: n.attachable,
        internal: n.internal,
        ipam: n.ipam,
        options: n.driverOpts,
        labels: n.labels,
        adopt,
      }, child);
    }
    const secrets: Record<string, SwarmSecret> = {};
    for (const [key, s] of Object.entries(plan.secrets)) {
      if (s.external) continue;
      const data = contentOf(s.source, true);
      secrets[key] = new SwarmSecret(`${name}-secret-${key}`, {
        connection,
        name: s.name,
        ...(data !== undefined ? { data } : {}),
        labels: s.labels,
        driver: s.driver ? { name: s.driver, options: s.driverOpts } : undefined,
        templating: s.templateDriver ? { name: s.templateDriver } : undefined,
        adopt,
      }, child);
    }
    const configs: Record<string, SwarmConfig> = {};
    for (const [key, c] of Object.entries(plan.configs)) {
      if (c.external) continue;
      configs[key] = new SwarmConfig(`${name}-config-${key}`, {
        connection,
        name: c.name,
        data: contentOf(c.source, false),
        labels: c.labels,
        templating: c.templateDriver ? { name: c.templateDriver } : undefined,
        adopt,
      }, child);
    }

    // Each service's inputs, with its references resolved to the objects made above.
    const serviceArgs: Record<string, SwarmServiceArgs> = {};
    for (const [key, s] of Object.entries(plan.services)) {
      const a = s.args as Record<string, unknown>;
      serviceArgs[key] = {
        ...(a as unknown as SwarmServiceArgs),
        connection,
        secrets: (a.secrets as compose.SecretRef[] | undefined)?.map(({ secretKey, ...file }) =>
          secrets[secretKey] ? { secret: secrets[secretKey], target: file.fileName, uid: file.uid, gid: file.gid, mode: file.mode } : { secretName: plan.secrets[secretKey].name, ...file },
        ),
        configs: (a.configs as compose.ConfigRef[] | undefined)?.map(({ configKey, ...rest }) =>
          configs[configKey]
            ? "runtime" in rest
              ? { configId: configs[configKey].configId, configName: configs[configKey].engineName, runtime: true }
              : { config: configs[configKey], target: rest.fileName, uid: rest.uid, gid: rest.gid, mode: rest.mode }
            : { configName: plan.configs[configKey].name, ...rest },
        ),
        networks: (a.networks as compose.NetworkRef[] | undefined)?.map(({ networkKey, ...rest }) =>
          networks[networkKey] ? { network: networks[networkKey], ...rest } : { target: plan.networks[networkKey].name, ...rest },
        ),
        convergence: args.convergence,
        adopt,
      };
    }
    // rollback "service": one SwarmService per service (each change on its own line, each rolled back
    // on its own). rollback "stack": the services as one resource, all rolled back together.
    const services: Record<string, SwarmService> = {};
    let group: SwarmServiceGroup | undefined;
    if (args.rollback === "stack") {
      group = new SwarmServiceGroup(`${name}-services`, {
        connection,
        services: Object.fromEntries(Object.entries(serviceArgs).map(([key, a]) => [key, serviceInputsOf(`${name}-${key}`, { ...a, connection: undefined })])),
      }, child);
    } else {
      for (const [key, a] of Object.entries(serviceArgs)) services[key] = new SwarmService(`${name}-${key}`, a, child);
    }

    // The pruner comes after every child (it depends on them), so that Pulumi deletes it first.
    const children = [...Object.values(networks), ...Object.values(secrets), ...Object.values(configs), ...Object.values(services), ...(group ? [group] : [])];
    const pruner = new StackPruner(`${name}-prune`, {
      connection,
      namespace,
      prune: args.prune ?? false,
      declared: {
        services: Object.values(plan.services).map((s) => s.name),
        networks: Object.values(plan.networks).map((n) => n.name),
        secrets: Object.values(plan.secrets).map((s) => s.name),
        configs: Object.values(plan.configs).map((c) => c.name),
      },
      owners: [
        ...Object.keys(networks).map((key) => ownerOf(`${name}-network-${key}`)),
        ...Object.keys(secrets).map((key) => ownerOf(`${name}-secret-${key}`)),
        ...Object.keys(configs).map((key) => ownerOf(`${name}-config-${key}`)),
      ],
    }, { parent: this, dependsOn: children });

    this.services = group
      ? group.services.apply((all) =>
          Object.fromEntries(Object.entries(all ?? {}).map(([key, s]) => [key, { id: s.serviceId, name: s.name, runningTasks: s.runningTasks, desiredTasks: s.desiredTasks }])),
        )
      : pulumi.all(Object.entries(services).map(([key, s]) => pulumi.all([key, s.serviceId, s.name, s.runningTasks, s.desiredTasks]))).apply((rows) =>
          Object.fromEntries(rows.map(([key, id, n, running, desired]) => [key, { id, name: n, runningTasks: running, desiredTasks: desired }])),
        );
    this.networks = pulumi.output(Object.fromEntries(Object.entries(plan.networks).map(([key, n]) => [key, networks[key]?.engineName ?? n.name])));
    this.secrets = pulumi.output(Object.fromEntries(Object.entries(plan.secrets).map(([key, s]) => [key, secrets[key]?.engineName ?? s.name])));
    this.configs = pulumi.output(Object.fromEntries(Object.entries(plan.configs).map(([key, c]) => [key, configs[key]?.engineName ?? c.name])));
    this.strays = pruner.strays;
    this.registerOutputs({ services: this.services, networks: this.networks, secrets: this.secrets, configs: this.configs, strays: this.strays });
  }
}

/** The data of a planned secret or config, read at program time (files relative to the Compose file). */
function contentOf(source: compose.FileObjectSource | undefined, secret: boolean): pulumi.Input<string> | undefined {
  if (!source) return undefined;
  const text = "file" in source ? fs.readFileSync(source.file, "utf8") : "value" in source ? source.value : source.content;
  return secret ? pulumi.secret(text) : text;
}

/** The version label owner the SDK classes set for a child resource ("<project>/<stack>/<resource name>"). */
function ownerOf(resourceName: string): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}/${resourceName}`;
}

interface StackPrunerArgs {
  connection?: pulumi.Input<ConnectionArgs>;
  namespace: string;
  prune: boolean;
  declared: { services: string[]; networks: string[]; secrets: string[]; configs: string[] };
  owners: string[];
}

/** @internal The stack's pruner (provider/stack/pruner.ts). */
class StackPruner extends pulumi.dynamic.Resource {
  declare readonly strays: pulumi.Output<string[]>;

  constructor(name: string, args: StackPrunerArgs, opts?: pulumi.CustomResourceOptions) {
    super(stackPrunerProvider, name, { ...args, _name: name, strays: undefined }, opts, "docker-swarm", "SwarmStackPruner");
  }
}

/** @internal The services of a stack deployed as one (rollback "stack"; provider/service/group.ts). */
class SwarmServiceGroup extends pulumi.dynamic.Resource {
  declare readonly services: pulumi.Output<Record<string, { serviceId: string; name: string; runningTasks: number; desiredTasks: number }>>;

  constructor(name: string, args: { connection?: pulumi.Input<ConnectionArgs>; services: Record<string, Record<string, unknown>> }, opts?: pulumi.CustomResourceOptions) {
    super(serviceGroupProvider, name, { ...args, _name: name, engine: undefined }, opts, "docker-swarm", "SwarmServiceGroup");
  }
}
