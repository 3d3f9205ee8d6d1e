/**
 * zod issues → Pulumi CheckFailures, rendered in one place. Each failure names the property with a dot
 * path (`spec.raft.snapshotInterval`), so `pulumi preview` says exactly which input is wrong.
 * Unknown values (preview) are removed before validation, and issues at or under an unknown path, or
 * about a required value that is still unknown, are dropped.
 */
import type { z } from "zod";
import { isUnknown, unknownPaths } from "./unknowns";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function toDotPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

export function renderIssue(issue: z.core.$ZodIssue): CheckFailure {
  const property = toDotPath(issue.path) || "(inputs)";
  const reason = reasonOf(issue);
  return { property, reason: `${property}: ${reason}${shownValue(property, reason, (issue as { input?: unknown }).input)}` };
}

/** Inputs whose values may be secret: their values are never repeated in a message. */
const SENSITIVE = /token|passw|secret|key|data|auth|identity|cert|pem|\benv\b|env\.|credential|\bca\b|unlock|connection|host|url|manager|remoteAddrs/i;

/**
 * " (got …)" for a short, non-secret offending value. Pulumi shows a nested property's value as
 * `{<nil>}` (it looks the dotted path up as a top-level key), so the message must carry it itself.
 */
function shownValue(property: string, reason: string, input: unknown): string {
  if (input === undefined || SENSITIVE.test(property)) return "";
  // A URL may carry credentials (user:password@): never repeated.
  const text = typeof input === "string" ? (input.length <= 60 && !input.includes("://") ? JSON.stringify(input) : "") : typeof input === "number" || typeof input === "boolean" ? String(input) : "";
  return text && !reason.includes(text) ? ` (got ${text})` : "";
}

/** The issue's own words; zod's generic wrappers ("Invalid key in record") give way to the inner issues. */
function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  if (issue.code === "invalid_key" || issue.code === "invalid_element") {
    const inner = issue.issues.map((i) => i.message).filter(Boolean);
    const key = issue.path.at(-1);
    if (inner.length) return `${inner.join("; ")}${issue.code === "invalid_key" ? ` (key ${JSON.stringify(String(key ?? ""))})` : ""}`;
  }
  return issue.message;
}

/**
 * Validates `inputs` with `schema`. Returns the parsed value when everything is known, and the
 * failures (empty when valid).
 */
export function validate<S extends z.ZodType>(
  schema: S,
  inputs: unknown,
): { value?: z.infer<S>; failures: CheckFailure[]; hasUnknowns: boolean } {
  const unknowns = unknownPaths(inputs);
  const known = unknowns.length ? maskUnknowns(inputs) : inputs;
  const parsed = schema.safeParse(known, { reportInput: true });
  if (parsed.success) return { value: unknowns.length ? undefined : parsed.data, failures: [], hasUnknowns: unknowns.length > 0 };
  const failures = parsed.error.issues
    .filter(
      (issue) =>
        !unknowns.some(
          (u) =>
            isPrefix(u, issue.path as PropertyKey[]) ||
            // An unknown value never makes a key unrecognised: such issues on an ancestor still stand.
            (issue.code !== "unrecognized_keys" && isPrefix(issue.path as PropertyKey[], u)),
        ),
    )
    .map(renderIssue);
  return { failures, hasUnknowns: unknowns.length > 0 };
}

/**
 * Like withoutUnknowns, but an unknown array item leaves a hole (undefined) instead of shifting the
 * items after it, so that issues keep the index the user wrote and the hole's own issue is dropped.
 */
function maskUnknowns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (isUnknown(v) ? undefined : maskUnknowns(v)));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!isUnknown(v)) out[k] = maskUnknowns(v);
    return out;
  }
  return value;
}

function isPrefix(prefix: ReadonlyArray<PropertyKey>, path: ReadonlyArray<PropertyKey>): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}
