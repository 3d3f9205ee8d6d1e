/**
 * Small zod building blocks of the SwarmService inputs. Messages are written for a person reading
 * `pulumi preview`: the property path is added by check, so each message says what is wrong with it.
 */
import { z } from "zod";
import { parseDuration } from "../../common/duration";

import { alternatives } from "../../common/schemas";

export { bytesInput, durationInput, labelsInput, nonNegativeInt } from "../../common/schemas";

export const stringList = z.array(z.string());
export const nonEmptyStringList = z.array(z.string().min(1, "cannot be empty"));

export const positiveInt = z.number().int("must be a whole number").min(1, "must be at least 1");

/** A duration that must be at least 1ms when set (the Engine rejects shorter healthcheck times). */
export const healthDurationInput = z.string().superRefine((value, ctx) => {
  const r = parseDuration(value);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
  else if (r < 0) ctx.addIssue({ code: "custom", message: `"${value}" is negative` });
  else if (r > 0 && r < 1e6) ctx.addIssue({ code: "custom", message: `"${value}" is shorter than 1ms, the Engine's minimum` });
});

/**
 * File permissions: a number (write 0o444 in TypeScript) or an octal string ("0444", "444", "1777").
 * The Engine stores the number.
 */
export const fileModeInput = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  const n = parseFileMode(value);
  if (typeof n === "string") ctx.addIssue({ code: "custom", message: n });
});

export function parseFileMode(value: number | string): number | string {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 && value <= 0o7777 ? value : `${value} is not a file mode (use 0o444 or "0444")`;
  }
  if (!/^0?[0-7]{3,4}$/.test(value.trim())) return `"${value}" is not an octal file mode such as "0444" or "1777"`;
  return parseInt(value.trim(), 8);
}

/**
 * A value that may take several shapes (a list or a record, a string or an object). Unlike
 * z.union, which can only say "Invalid input" when every member fails, this picks the member by
 * the value's shape and reports that member's own issues, at their own paths.
 */
export function byShape<S extends Partial<Record<"string" | "array" | "object" | "number", z.ZodType>>>(shapes: S, expected: string) {
  type Out = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never }[keyof S];
  const result = z.unknown().transform((v, ctx): Out => {
    const kind = Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
    const schema = (shapes as Record<string, z.ZodType | undefined>)[kind];
    if (!schema) {
      ctx.addIssue({ code: "custom", message: `must be ${expected}` });
      return z.NEVER;
    }
    const r = schema.safeParse(v);
    if (r.success) return r.data as Out;
    for (const issue of r.error.issues) {
      const message =
        issue.code === "unrecognized_keys" ? `unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
      ctx.addIssue({ code: "custom", path: issue.path as PropertyKey[], message });
    }
    return z.NEVER;
  });
  alternatives.set(result, (Object.values(shapes) as Array<z.ZodType | undefined>).filter((x): x is z.ZodType => x !== undefined));
  return result;
}

/** A user or group ID for secret and config files: a number or a numeric string. */
export const idInput = byShape(
  { number: z.number().int("must be a whole number").min(0, "must be zero or more"), string: z.string().regex(/^\d+$/, "must be a numeric ID such as \"0\"") },
  'a numeric ID such as 0 or "0"',
);

/** Environment variables: a record (sorted by name when sent) or a list of "KEY=value" in the order given. */
export const envInput = byShape(
  {
    object: z.record(z.string(), z.string()).superRefine((env, ctx) => {
      for (const k of Object.keys(env)) {
        if (!/^[^=\s]+$/.test(k)) ctx.addIssue({ code: "custom", path: [k], message: 'variable names cannot be empty or contain "=" or spaces' });
      }
    }),
    array: z.array(z.string().regex(/^[^=\s]+=/, 'must be "KEY=value"')),
  },
  'a record { NAME: "value" } or a list of "NAME=value"',
);

/** Key/value options (driver options, sysctls): values may be given as numbers or booleans. */
export const optionsInput = z.record(z.string().min(1, "keys cannot be empty"), z.union([z.string(), z.number(), z.boolean()]));

export function optionsToStrings(o: Record<string, string | number | boolean> | undefined): Record<string, string> | undefined {
  if (!o) return undefined;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}

/** Enum with a message that lists the accepted values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, {
    error: (iss) => `${iss.input === undefined ? "is required" : `unknown ${what} ${JSON.stringify(iss.input)}`} (use ${values.map((v) => `"${v}"`).join(", ")})`,
  });
}
