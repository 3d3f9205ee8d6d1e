/**
 * During `pulumi preview`, values computed by other resources reach check and diff as this sentinel
 * string (@pulumi/pulumi runtime/rpc.ts `unknownValue`). Validation must not fail on them, and diff
 * must treat them as "may change".
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** Paths (as dot paths) of every unknown value inside `value`. */
export function unknownPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (isUnknown(value)) return [prefix];
  const out: Array<Array<string | number>> = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...unknownPaths(v, [...prefix, i])));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...unknownPaths(v, [...prefix, k]));
  }
  return out;
}

/** A copy of `value` with every unknown removed (object keys dropped, array items dropped). */
export function withoutUnknowns<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => !isUnknown(v)).map(withoutUnknowns) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!isUnknown(v)) out[k] = withoutUnknowns(v);
    return out as T;
  }
  return value;
}

export function containsUnknown(value: unknown): boolean {
  return unknownPaths(value).length > 0;
}
