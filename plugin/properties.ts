/**
 * Property values as they cross the provider protocol. The plugin answers Configure with
 * acceptSecrets, so secret values arrive wrapped (`{ [SIG]: SECRET_SIG, value }`) wherever they sit, and
 * the plugin must wrap what has to stay secret on the way out: Pulumi no longer re-marks outputs for a
 * provider that accepts secrets. The lifecycles in provider/ only ever see plain values.
 */
export type Raw = Record<string, unknown>;

/** The special-value signature key of Pulumi's wire format (sdk/nodejs/runtime/rpc.ts specialSigKey). */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export function isSecretValue(v: unknown): v is { value: unknown } {
  return !!v && typeof v === "object" && (v as Raw)[SIG] === SECRET_SIG;
}

export function secret(value: unknown): Raw {
  return { [SIG]: SECRET_SIG, value };
}

/**
 * The value without secret wrappers (and with resource references as their ID or URN, output values
 * as their value), and every string that was inside a secret, so that outputs holding one of them can
 * be wrapped again.
 */
export function unwrap(value: unknown, secrets: Set<string> = new Set()): { value: unknown; secrets: Set<string> } {
  const walk = (v: unknown, inSecret: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, inSecret));
    if (v && typeof v === "object") {
      const o = v as Raw;
      if (o[SIG] === SECRET_SIG) return walk(o.value, true);
      if (o[SIG] === RESOURCE_SIG) return o.id ?? o.urn;
      if (o[SIG] === OUTPUT_SIG) return walk(o.value, inSecret || !!o.secret);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x, inSecret)]));
    }
    if (inSecret && typeof v === "string" && v.length >= 4) secrets.add(v);
    return v;
  };
  return { value: walk(value, false), secrets };
}

export function unwrapMap(m: Raw, secrets: Set<string> = new Set()): { values: Raw; secrets: Set<string> } {
  const r = unwrap(m, secrets);
  return { values: (r.value ?? {}) as Raw, secrets };
}

/** The top-level keys of `m` under which a secret value sits. */
export function secretKeysOf(m: Raw): string[] {
  const has = (v: unknown): boolean =>
    isSecretValue(v) || (Array.isArray(v) ? v.some(has) : !!v && typeof v === "object" && Object.values(v as Raw).some(has));
  return Object.keys(m)
    .filter((k) => has(m[k]))
    .sort();
}

/** A path into a value, as the schema names secret properties: segments, "[]" for every item of a list. */
export type SecretPath = string[];

/** Wraps the values at `path` (in place, on a copy made by the caller) as secrets; returns whether any was found. */
export function wrapAt(target: unknown, path: SecretPath): boolean {
  if (!path.length || !target || typeof target !== "object") return false;
  const [head, ...rest] = path;
  if (head === "[]") {
    if (!Array.isArray(target)) return false;
    let found = false;
    target.forEach((item, i) => {
      if (!rest.length) {
        if (item !== undefined && item !== null && !isSecretValue(item)) (target[i] = secret(item)), (found = true);
      } else if (wrapAt(item, rest)) found = true;
    });
    return found;
  }
  const o = target as Raw;
  if (!(head in o) || o[head] === undefined || o[head] === null) return false;
  if (!rest.length) {
    if (!isSecretValue(o[head]) && o[head] !== "") o[head] = secret(o[head]);
    return true;
  }
  return wrapAt(isSecretValue(o[head]) ? (o[head] as Raw).value : o[head], rest);
}

/** Whether the value at `path` is present (and not an empty string). */
export function presentAt(target: unknown, path: SecretPath): boolean {
  if (!path.length) return target !== undefined && target !== null && target !== "";
  if (!target || typeof target !== "object") return false;
  const [head, ...rest] = path;
  if (head === "[]") return Array.isArray(target) && target.some((x) => presentAt(x, rest));
  return presentAt((target as Raw)[head], rest);
}

/** Whether `value` holds one of the strings, anywhere. */
export function containsAny(value: unknown, strings: Set<string>): boolean {
  if (!strings.size) return false;
  if (typeof value === "string") return [...strings].some((s) => value.includes(s));
  if (Array.isArray(value)) return value.some((v) => containsAny(v, strings));
  if (value && typeof value === "object") return Object.values(value as Raw).some((v) => containsAny(v, strings));
  return false;
}

/** A plain copy without undefined values (the protobuf Struct cannot carry them). */
export function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Pulumi property path syntax: `a.b[0].c`, `sysctls["net.ipv4.ip_forward"]`. */
export function propertyPath(segments: Array<string | number>): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** The core's dot paths ("spec.raft.snapshotInterval", "mounts[0].type") as segments. */
export function segmentsOf(dotPath: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of dotPath.split(".")) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export function valueAt(v: unknown, segments: Array<string | number>): unknown {
  let cur = v;
  for (const s of segments) {
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}
