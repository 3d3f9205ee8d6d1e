/**
 * The inputs of SwarmSecret and SwarmConfig, one zod schema for both kinds (they differ only in their
 * limits, and in secrets alone having an external `driver`). Property names are the user's; the
 * Engine's SecretSpec / ConfigSpec is built in spec.ts.
 */
import { z } from "zod";
import { connectionInput, labelsInput, nonNegativeInt } from "../common/schemas";

export type DataObjectKind = "secret" | "config";

/** swarmkit's limits (manager/controlapi): secrets under 500 KiB, configs at most 1000 KiB, never empty. */
export const MAX_BYTES: Record<DataObjectKind, { bytes: number; inclusive: boolean; text: string }> = {
  secret: { bytes: 500 * 1024, inclusive: false, text: "less than 500 KiB" },
  config: { bytes: 1000 * 1024, inclusive: true, text: "at most 1000 KiB" },
};

/** The Engine's rule for secret and config names (swarmkit validateConfigOrSecretSpec). */
const NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;
export const objectName = z
  .string()
  .max(64, "must be at most 64 characters")
  .regex(NAME, "may contain only letters, digits, '-', '_' and '.', and must start and end with a letter or digit");

/** The short hash appended to the logical name: "db_password" → "db_password-3f9a1c2e". */
export const SUFFIX_LENGTH = 8;

const driverInput = z.strictObject({
  name: z.string().min(1, "cannot be empty").meta({ description: "The driver's name." }),
  options: z.record(z.string(), z.string()).optional().meta({ description: "The driver's options." }),
});

export function dataObjectInputsBase(kind: DataObjectKind) {
  // Secrets alone can be held by an external store (a secret driver plugin).
  const driver = kind === "secret" ? { driver: driverInput.optional().meta({ description: "An external secret store (a secret driver plugin) that holds the data instead." }) } : {};
  return z.strictObject({
    ...driver,
    connection: connectionInput.optional().meta({ description: "A manager of the swarm." }),
    /** The logical name (default: the resource's name); the Engine object is named after it. */
    name: objectName.optional().meta({ description: "The logical name (default: the resource's name). The Engine object is named after it with a short keyed hash of its content, e.g. `db_password-3f9a1c2e`, so that a new content is a new object next to the old one; services see the logical name as their file name." }),
    /** The content, as text. */
    data: z
      .string()
      .optional()
      .meta(
        kind === "secret"
          ? { description: "The secret's content. Always stored as a secret; state keeps only a keyed hash of it.", secret: true }
          : { description: "The config's content, as text." },
      ),
    /** The content as base64 (binary data). */
    dataBase64: z
      .string()
      .optional()
      .meta({ description: "The content as base64, for binary data.", ...(kind === "secret" ? { secret: true } : {}) }),
    labels: labelsInput.optional().meta({ description: "Labels of the object; updated in place." }),
    /** A templating driver for the content (e.g. { name: "golang" }), API 1.37+. */
    templating: driverInput.optional().meta({ description: "A templating driver (`{ name: \"golang\" }`): the content is a template rendered per task." }),
    /** Pins the Engine object's name (default: the logical name and a short content hash). */
    engineName: objectName.optional().meta({ description: "Pins the Engine object's name (no content hash). A new content then needs the old object deleted first, which the Engine refuses while a service uses it: leave it unpinned to rotate in place." }),
    /** Previous versions kept after a rotation, besides the current one (default 0). */
    keepVersions: nonNegativeInt.max(100, "must be at most 100").default(0).meta({ description: "Previous versions kept after a rotation, besides the current one (default 0)." }),
    /** Take over an existing object of this name instead of failing (default false). */
    adopt: z.boolean().default(false).meta({ description: "Take over an existing object of this name (`engineName`, else `name`) instead of failing." }),
    _name: z.string().optional(),
    /** Set by the SDK: "<project>/<stack>/<resource name>", the label that ties versions together. */
    _owner: z.string().optional(),
  });
}

export function dataObjectInputs(kind: DataObjectKind) {
  const limit = MAX_BYTES[kind];
  return dataObjectInputsBase(kind).superRefine((v, ctx) => {
    const given = [v.data !== undefined, v.dataBase64 !== undefined].filter(Boolean).length;
    if (given > 1) ctx.addIssue({ code: "custom", path: ["dataBase64"], message: "give data or dataBase64, not both" });
    if (given === 0 && !("driver" in v && v.driver)) {
      ctx.addIssue({ code: "custom", path: ["data"], message: `is required (the ${kind}'s content${kind === "secret" ? ", unless a driver holds it" : ""})` });
    }
    if (v.dataBase64 !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(v.dataBase64.replace(/\s/g, ""))) {
      ctx.addIssue({ code: "custom", path: ["dataBase64"], message: "is not base64" });
    }
    const bytes = contentOf(v)?.length;
    // The message states sizes only: it never repeats the value, which may be a secret.
    if (bytes === 0) ctx.addIssue({ code: "custom", path: [v.data !== undefined ? "data" : "dataBase64"], message: "is empty; the Engine refuses an empty " + kind });
    if (bytes !== undefined && (limit.inclusive ? bytes > limit.bytes : bytes >= limit.bytes)) {
      ctx.addIssue({ code: "custom", path: [v.data !== undefined ? "data" : "dataBase64"], message: `is ${bytes} bytes; a ${kind} must be ${limit.text} (${limit.bytes} bytes)` });
    }
    if (v.name === undefined && v._name !== undefined && !objectName.safeParse(v._name).success) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `is needed: the resource name "${v._name}" is not a valid ${kind} name (letters, digits, '-', '_', '.')` });
    }
    if (!v.engineName && (v.name ?? v._name ?? "").length + 1 + SUFFIX_LENGTH > 64) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `is too long to carry the ${SUFFIX_LENGTH}-character content hash (at most ${64 - 1 - SUFFIX_LENGTH} characters), or pin engineName` });
    }
  });
}

export type DataObjectInputs = z.infer<ReturnType<typeof dataObjectInputsBase>> & { driver?: z.infer<typeof driverInput> };

/** The content as bytes (undefined for a driver-held secret). */
export function contentOf(v: Pick<DataObjectInputs, "data" | "dataBase64">): Buffer | undefined {
  if (v.data !== undefined) return Buffer.from(v.data, "utf8");
  if (v.dataBase64 !== undefined) return Buffer.from(v.dataBase64, "base64");
  return undefined;
}

/** The logical name: as given, or the resource's name. */
export function logicalName(v: Pick<DataObjectInputs, "name" | "_name">): string {
  return v.name ?? v._name ?? "";
}
