/**
 * zod building blocks for the Compose schema, with messages in the reader's terms: "expected a
 * mapping", "unknown property", "is required". The Compose format often takes a value in several
 * shapes (a string or a list, a list or a mapping): `shapes` picks the member by the value's shape and
 * reports that member's own problems at their own paths, instead of zod's "invalid union".
 */
import { z } from "zod";
import { parseDuration } from "../../common/duration";

type Kind = "string" | "number" | "boolean" | "null" | "array" | "object";

function kindOf(v: unknown): Kind | "undefined" | "other" {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  return t === "string" || t === "number" || t === "boolean" || t === "object" ? t : "other";
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "a boolean",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  null: "null",
};

export interface RawIssue {
  path: PropertyKey[];
  message: string;
}

/** zod's issues → one message per problem, unknown keys one by one at their own path. */
export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) out.push({ path: [...path, key], message: "unknown property" });
        break;
      case "invalid_type": {
        const input = (issue as { input?: unknown }).input;
        if (input === undefined) out.push({ path, message: "is required" });
        else if (issue.expected === "int" && typeof input !== "number") out.push({ path, message: "expected a number" });
        else if (issue.expected === "boolean" && typeof input === "string" && /^(y|yes|n|no|on|off)$/i.test(input)) {
          // go-yaml, like YAML 1.2, reads these as strings where the type is not known in advance.
          out.push({ path, message: `expected a boolean (${JSON.stringify(input)} is a string in Compose files: write true or false)` });
        } else out.push({ path, message: `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}` });
        break;
      }
      case "invalid_value":
        out.push({ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` });
        break;
      case "invalid_key":
      case "invalid_element":
        for (const inner of describeIssues(issue.issues)) out.push({ path: [...path, ...inner.path], message: inner.message });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

type ShapeMap = Partial<Record<Kind, z.ZodType>>;
type ShapeOut<M extends ShapeMap> = { [K in keyof M]: M[K] extends z.ZodType ? z.output<M[K]> : never }[keyof M];

/** A value that may take several shapes; `expected` names them for the message ("a string or a list"). */
export function shapes<M extends ShapeMap>(map: M, expected: string): z.ZodType<ShapeOut<M>> {
  return z.unknown().transform((v, ctx): ShapeOut<M> => {
    const kind = kindOf(v);
    const schema = (map as Record<string, z.ZodType | undefined>)[kind];
    if (!schema) {
      ctx.addIssue({ code: "custom", message: kind === "undefined" ? "is required" : `expected ${expected}` });
      return z.NEVER;
    }
    const r = schema.safeParse(v, { reportInput: true });
    if (r.success) return r.data as ShapeOut<M>;
    for (const issue of describeIssues(r.error.issues)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  }) as unknown as z.ZodType<ShapeOut<M>>;
}

/** Without its `x-` keys (extensions), which the format allows at this level and which mean nothing. */
export function withExtensions<T extends z.ZodType>(schema: T): z.ZodType<z.output<T>> {
  return z.preprocess((v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith("x-")));
  }, schema) as unknown as z.ZodType<z.output<T>>;
}

/** A list whose items must differ (the Compose schema's uniqueItems). */
export function uniqueList<T extends z.ZodType>(item: T) {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((v, i) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i], message: `duplicate entry ${key}` });
      seen.add(key);
    });
  });
}

export const listOfStrings = uniqueList(z.string());

/** A string or a list of strings, always read as a list. */
export const stringOrList = shapes({ string: z.string().transform((s) => [s]), array: listOfStrings }, "a string or a list of strings");

/** Scalars of a mapping that the CLI turns into strings (numbers printed, null kept as null). */
const scalar = shapes(
  { string: z.string(), number: z.number().transform((n) => String(n)), null: z.null() },
  "a string, a number or null",
);

/**
 * `list_or_dict`: a mapping of scalars or a list of strings (`KEY=value`). Kept in its shape: how a
 * list item without `=` reads depends on the key (labels: "", environment: no value).
 */
export const listOrDict = shapes(
  {
    object: z.record(z.string().min(1, "keys cannot be empty"), scalar),
    array: listOfStrings,
  },
  "a mapping or a list of strings",
);
export type ListOrDict = z.output<typeof listOrDict>;

/** Driver options and the like: a mapping of strings or numbers, read as strings. */
export const stringMap = z.record(
  z.string().min(1, "keys cannot be empty"),
  shapes({ string: z.string(), number: z.number().transform((n) => String(n)) }, "a string or a number"),
);

/** A Go duration ("10s", "1m30s", "1h"), as the CLI's duration format. */
export const duration = z.string().superRefine((value, ctx) => {
  const r = parseDuration(value);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
});

export const integer = z.number().int();
