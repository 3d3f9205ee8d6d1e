/**
 * The schema of one service, after interpolation: the keys and shapes of the docker CLI's Compose
 * schema (config_schema_v3.13.json), strict. Keys the CLI accepts and then ignores are validated too
 * (a file docker stack deploy refuses is refused here), and reported as ignored by the loader.
 * Values keep their Compose shape; load-compose.ts normalises them.
 */
import { z } from "zod";
import { parseCpus, parseRamSize } from "./parse-sizes";
import { duration, integer, listOfStrings, listOrDict, shapes, stringMap, stringOrList, uniqueList, withExtensions } from "./schema-kit";
import { splitShellWords } from "./split-shell-words";

/** `command` / `entrypoint`: a list as is, or a string split into words like a shell would. */
const shellCommand = shapes(
  {
    string: z.string().transform((s, ctx) => {
      const r = splitShellWords(s);
      if ("error" in r) {
        ctx.addIssue({ code: "custom", message: r.error });
        return z.NEVER;
      }
      return r.words;
    }),
    array: z.array(z.string()),
  },
  "a string or a list of strings",
);

const cpus = z.string().superRefine((v, ctx) => {
  const r = parseCpus(v);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
});
const memory = z.string().superRefine((v, ctx) => {
  const r = parseRamSize(v);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
});

const rollout = z.strictObject({
  parallelism: integer.optional(),
  delay: duration.optional(),
  failure_action: z.string().optional(),
  monitor: duration.optional(),
  max_failure_ratio: z.number().optional(),
  order: z.enum(["start-first", "stop-first"]).optional(),
});

const deployObject = z.strictObject({
  mode: z.string().optional(),
  endpoint_mode: z.string().optional(),
  replicas: integer.optional(),
  labels: listOrDict.optional(),
  rollback_config: rollout.optional(),
  update_config: rollout.optional(),
  resources: z
    .strictObject({
      limits: z.strictObject({ cpus: cpus.optional(), memory: memory.optional(), pids: integer.optional() }).optional(),
      reservations: z
        .strictObject({
          cpus: cpus.optional(),
          memory: memory.optional(),
          generic_resources: z
            .array(
              z.strictObject({
                discrete_resource_spec: z.strictObject({ kind: z.string(), value: integer }).optional(),
              }),
            )
            .optional(),
        })
        .optional(),
    })
    .optional(),
  restart_policy: z
    .strictObject({
      condition: z.string().optional(),
      delay: duration.optional(),
      max_attempts: integer.optional(),
      window: duration.optional(),
    })
    .optional(),
  placement: z
    .strictObject({
      constraints: z.array(z.string()).optional(),
      preferences: z.array(z.strictObject({ spread: z.string().optional() })).optional(),
      max_replicas_per_node: integer.optional(),
    })
    .optional(),
});
export type RawDeploy = z.output<typeof deployObject>;

/** `deploy: ` (null) is allowed and means nothing. */
const deploy = shapes({ null: z.null().transform((): RawDeploy => ({})), object: deployObject }, "a mapping");

const healthcheck = z.strictObject({
  disable: z.boolean().optional(),
  interval: duration.optional(),
  retries: integer.optional(),
  test: shapes({ string: z.string(), array: z.array(z.string()) }, "a string or a list of strings").optional(),
  timeout: duration.optional(),
  start_period: duration.optional(),
  start_interval: duration.optional(),
});

const logging = z.strictObject({
  driver: z.string().optional(),
  options: z
    .record(
      z.string().min(1, "keys cannot be empty"),
      shapes({ string: z.string(), number: z.number().transform((n) => String(n)), null: z.null().transform(() => "") }, "a string, a number or null"),
    )
    .optional(),
});

const NAME = /^[a-zA-Z0-9._-]+$/;
export const nameKey = z.string().regex(NAME, "names may contain only letters, digits, '.', '_' and '-'");

const serviceNetwork = shapes(
  {
    null: z.null(),
    object: z.strictObject({
      aliases: listOfStrings.optional(),
      driver_opts: stringMap.optional(),
      ipv4_address: z.string().optional(),
      ipv6_address: z.string().optional(),
    }),
  },
  "a mapping or null",
);
export type RawServiceNetwork = Exclude<z.output<typeof serviceNetwork>, null>;

const networks = shapes(
  { array: listOfStrings, object: z.record(nameKey, serviceNetwork) },
  "a list of network names or a mapping",
);

const port = shapes(
  {
    number: integer,
    string: z.string(),
    object: z.strictObject({
      mode: z.string().optional(),
      target: integer.optional(),
      published: integer.optional(),
      protocol: z.string().optional(),
    }),
  },
  "a port (number or string) or a mapping",
);

const fileReference = shapes(
  {
    string: z.string(),
    object: z.strictObject({
      source: z.string().optional(),
      target: z.string().optional(),
      uid: z.string().optional(),
      gid: z.string().optional(),
      mode: integer.optional(),
    }),
  },
  "a name or a mapping",
);
export type RawFileReference = z.output<typeof fileReference>;

const ulimit = shapes(
  { number: integer, object: z.strictObject({ soft: integer, hard: integer }) },
  "a whole number or a mapping { soft, hard }",
);

const volumeObject = z.strictObject({
  type: z.string(),
  source: z.string().optional(),
  target: z.string().optional(),
  read_only: z.boolean().optional(),
  consistency: z.string().optional(),
  bind: z
    .strictObject({
      propagation: z.string().optional(),
      // Compose-spec options that the CLI accepts (its schema leaves this mapping open) and ignores.
      create_host_path: z.boolean().optional(),
      selinux: z.string().optional(),
    })
    .optional(),
  volume: z.strictObject({ nocopy: z.boolean().optional(), subpath: z.string().optional() }).optional(),
  tmpfs: z
    .strictObject({
      size: shapes({ number: integer.min(0, "must be zero or more"), string: memory }, "a number of bytes or a size such as \"64m\"").optional(),
      mode: integer.optional(),
    })
    .optional(),
});
export type RawVolumeObject = z.output<typeof volumeObject>;

const volume = shapes({ string: z.string(), object: volumeObject }, "a string or a mapping");

export const serviceSchema = withExtensions(
  z.strictObject({
    deploy: deploy.optional(),
    build: shapes({ string: z.string(), object: z.record(z.string(), z.unknown()) }, "a string or a mapping").optional(),
    cap_add: listOfStrings.optional(),
    cap_drop: listOfStrings.optional(),
    cgroupns_mode: z.string().optional(),
    cgroup_parent: z.string().optional(),
    command: shellCommand.optional(),
    configs: z.array(fileReference).optional(),
    container_name: z.string().optional(),
    credential_spec: z
      .strictObject({ config: z.string().optional(), file: z.string().optional(), registry: z.string().optional() })
      .optional(),
    depends_on: listOfStrings.optional(),
    devices: listOfStrings.optional(),
    dns: stringOrList.optional(),
    dns_search: stringOrList.optional(),
    domainname: z.string().optional(),
    entrypoint: shellCommand.optional(),
    env_file: stringOrList.optional(),
    environment: listOrDict.optional(),
    expose: uniqueList(shapes({ string: z.string(), number: z.number() }, "a string or a number")).optional(),
    external_links: listOfStrings.optional(),
    extra_hosts: listOrDict.optional(),
    healthcheck: healthcheck.optional(),
    hostname: z.string().optional(),
    image: z.string().optional(),
    init: z.boolean().optional(),
    ipc: z.string().optional(),
    isolation: z.string().optional(),
    labels: listOrDict.optional(),
    links: listOfStrings.optional(),
    logging: logging.optional(),
    mac_address: z.string().optional(),
    network_mode: z.string().optional(),
    networks: networks.optional(),
    pid: shapes({ string: z.string(), null: z.null() }, "a string or null").optional(),
    ports: uniqueList(port).optional(),
    privileged: z.boolean().optional(),
    read_only: z.boolean().optional(),
    restart: z.string().optional(),
    security_opt: listOfStrings.optional(),
    shm_size: shapes({ number: z.number(), string: z.string() }, "a number or a string").optional(),
    secrets: z.array(fileReference).optional(),
    sysctls: listOrDict.optional(),
    stdin_open: z.boolean().optional(),
    stop_grace_period: duration.optional(),
    stop_signal: z.string().optional(),
    tmpfs: stringOrList.optional(),
    tty: z.boolean().optional(),
    ulimits: z.record(z.string().regex(/^[a-z]+$/, "ulimit names are lower-case letters, such as nofile"), ulimit).optional(),
    oom_score_adj: integer.optional(),
    user: z.string().optional(),
    userns_mode: z.string().optional(),
    volumes: uniqueList(volume).optional(),
    working_dir: z.string().optional(),
  }),
);
export type RawService = z.output<typeof serviceSchema>;
