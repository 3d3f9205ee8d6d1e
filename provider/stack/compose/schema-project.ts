/**
 * The schema of a whole Compose file after interpolation: `version`, `services`, and the top-level
 * `networks`, `volumes`, `secrets` and `configs`, with `x-` extensions allowed where the CLI's schema
 * allows them (top level, services, networks, volumes, secrets, configs). Beyond the CLI's schema, the
 * Compose Specification's `environment` source of secrets and configs and `content` of configs are
 * accepted (docker stack deploy refuses them; they are listed in the README's Compose key table).
 */
import { z } from "zod";
import { listOrDict, shapes, stringMap, withExtensions } from "./schema-kit";
import { nameKey, serviceSchema } from "./schema-service";

/** `external: true`, or the deprecated `external: { name: … }`. */
const external = shapes(
  { boolean: z.boolean(), object: z.strictObject({ name: z.string().optional() }) },
  "a boolean (or the deprecated { name })",
);
export type RawExternal = z.output<typeof external>;

const networkObject = z.strictObject({
  name: z.string().optional(),
  driver: z.string().optional(),
  driver_opts: stringMap.optional(),
  ipam: z
    .strictObject({
      driver: z.string().optional(),
      config: z.array(z.strictObject({ subnet: z.string().optional() })).optional(),
    })
    .optional(),
  external: external.optional(),
  internal: z.boolean().optional(),
  attachable: z.boolean().optional(),
  labels: listOrDict.optional(),
});
export type RawNetwork = z.output<typeof networkObject>;

const volumeObject = z.strictObject({
  name: z.string().optional(),
  driver: z.string().optional(),
  driver_opts: stringMap.optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
});
export type RawVolume = z.output<typeof volumeObject>;

/** A network or volume may be declared with no settings (`data:`): null means defaults. */
function nullMeansDefaults<T extends z.ZodType>(object: T) {
  return shapes({ null: z.null().transform(() => ({}) as z.output<T>), object: withExtensions(object) }, "a mapping or null");
}

const secretObject = z.strictObject({
  name: z.string().optional(),
  file: z.string().optional(),
  environment: z.string().optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
  driver: z.string().optional(),
  driver_opts: stringMap.optional(),
  template_driver: z.string().optional(),
});
export type RawSecret = z.output<typeof secretObject>;

const configObject = z.strictObject({
  name: z.string().optional(),
  file: z.string().optional(),
  environment: z.string().optional(),
  content: z.string().optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
  template_driver: z.string().optional(),
});
export type RawConfig = z.output<typeof configObject>;

export const projectSchema = withExtensions(
  z.strictObject({
    version: z.string().optional(),
    services: z.record(nameKey, serviceSchema).optional(),
    networks: z.record(nameKey, nullMeansDefaults(networkObject)).optional(),
    volumes: z.record(nameKey, nullMeansDefaults(volumeObject)).optional(),
    secrets: z.record(nameKey, withExtensions(secretObject)).optional(),
    configs: z.record(nameKey, withExtensions(configObject)).optional(),
  }),
);
export type RawProject = z.output<typeof projectSchema>;
