/** Unit conversions shared by the mapping in both directions. */
import { parseBytes } from "../../common/bytes";
import { formatDuration, parseDuration } from "../../common/duration";
import { parseFileMode } from "../args/common";

/** "10s" → 10000000000; undefined stays undefined (validation already refused bad values). */
export function ns(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const v = parseDuration(d);
  return typeof v === "number" ? v : undefined;
}

/** Nanoseconds → "10s"; 0, null and undefined → undefined (the Engine omits zero durations). */
export function dur(v: number | null | undefined): string | undefined {
  return typeof v === "number" && v > 0 ? formatDuration(v) : undefined;
}

export function bytes(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseBytes(v);
  return typeof n === "number" ? n : undefined;
}

export function fileMode(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseFileMode(v);
  return typeof n === "number" ? n : undefined;
}

/** CPUs (0.5) ↔ NanoCPUs (500000000). */
export function nanoCpus(cpus: number | undefined): number | undefined {
  return cpus === undefined ? undefined : Math.round(cpus * 1e9);
}

export function cpus(nano: number | null | undefined): number | undefined {
  return typeof nano === "number" && nano > 0 ? nano / 1e9 : undefined;
}

/** Empty strings, arrays and objects, null and false-y defaults read back from the Engine → undefined. */
export function nonEmpty<T>(v: T | null | undefined): T | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string" && v === "") return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0) return undefined;
  return v;
}

export function trueOrUndefined(v: boolean | null | undefined): true | undefined {
  return v ? true : undefined;
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}
