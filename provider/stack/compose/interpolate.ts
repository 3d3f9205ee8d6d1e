/**
 * Interpolation of a whole Compose tree, before validation (as the CLI does): every string value is
 * substituted (keys are not), and a value that interpolation changed at a place that takes a number or
 * a boolean is converted, so `replicas: ${REPLICAS}` is a number again. The places are the CLI's list
 * (loader/interpolate.go); elsewhere an interpolated value stays a string and validation judges it.
 */
import { Findings, type PathSegment } from "./compose-error";
import { substituteVariables, type Lookup } from "./substitute-variables";

type Cast = (text: string) => { value: unknown } | { expected: string };

const toInt: Cast = (t) => (/^[-+]?\d+$/.test(t) ? { value: Number(t) } : { expected: "a whole number" });
const toFloat: Cast = (t) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? { value: Number(t) } : { expected: "a number" });
/** The YAML 1.1 booleans, in any case, as the CLI's toBoolean. */
const toBoolean: Cast = (t) => {
  const l = t.toLowerCase();
  if (["y", "yes", "true", "on"].includes(l)) return { value: true };
  if (["n", "no", "false", "off"].includes(l)) return { value: false };
  return { expected: "a boolean (true/false, yes/no, on/off)" };
};

/** `*` is any key or list item, `[]` any list item. */
const CASTS: Array<[string[], Cast]> = [
  ...(
    [
      [["configs", "[]", "mode"], toInt],
      [["secrets", "[]", "mode"], toInt],
      [["healthcheck", "retries"], toInt],
      [["healthcheck", "disable"], toBoolean],
      [["deploy", "replicas"], toInt],
      [["deploy", "update_config", "parallelism"], toInt],
      [["deploy", "update_config", "max_failure_ratio"], toFloat],
      [["deploy", "rollback_config", "parallelism"], toInt],
      [["deploy", "rollback_config", "max_failure_ratio"], toFloat],
      [["deploy", "restart_policy", "max_attempts"], toInt],
      [["deploy", "placement", "max_replicas_per_node"], toInt],
      [["ports", "[]", "target"], toInt],
      [["ports", "[]", "published"], toInt],
      [["ulimits", "*"], toInt],
      [["ulimits", "*", "hard"], toInt],
      [["ulimits", "*", "soft"], toInt],
      [["privileged"], toBoolean],
      [["oom_score_adj"], toInt],
      [["read_only"], toBoolean],
      [["stdin_open"], toBoolean],
      [["tty"], toBoolean],
      [["volumes", "[]", "read_only"], toBoolean],
      [["volumes", "[]", "volume", "nocopy"], toBoolean],
    ] as Array<[string[], Cast]>
  ).map(([p, c]): [string[], Cast] => [["services", "*", ...p], c]),
  [["networks", "*", "external"], toBoolean],
  [["networks", "*", "internal"], toBoolean],
  [["networks", "*", "attachable"], toBoolean],
  [["volumes", "*", "external"], toBoolean],
  [["secrets", "*", "external"], toBoolean],
  [["configs", "*", "external"], toBoolean],
];

function castFor(path: ReadonlyArray<PathSegment>): Cast | undefined {
  const parts = path.map((p) => (typeof p === "number" ? "[]" : p));
  for (const [pattern, cast] of CASTS) {
    if (pattern.length === parts.length && pattern.every((want, i) => want === "*" || want === parts[i])) return cast;
  }
  return undefined;
}

export function interpolateTree(tree: unknown, lookup: Lookup, findings: Findings, path: PathSegment[] = []): unknown {
  if (typeof tree === "string") {
    const r = substituteVariables(tree, lookup);
    for (const e of r.errors) findings.error(path, e);
    for (const name of r.unset) findings.warn(path, `variable ${name} is not set: substituting an empty string`);
    for (const form of r.ambiguous) {
      const name = /^\$[_a-z0-9]*/i.exec(form)![0];
      findings.warn(path, `"${form}" is read as "\${${form.slice(1)}}" (docker stack deploy reads it so too); write "\${${name.slice(1)}}${form.slice(name.length)}" if you meant the variable followed by text`);
    }
    if (r.value === tree) return tree;
    const cast = castFor(path);
    if (!cast) return r.value;
    const c = cast(r.value);
    if ("expected" in c) {
      findings.error(path, `expected ${c.expected} after interpolation, got ${JSON.stringify(r.value)}`);
      return r.value;
    }
    return c.value;
  }
  if (Array.isArray(tree)) return tree.map((item, i) => interpolateTree(item, lookup, findings, [...path, i]));
  if (tree !== null && typeof tree === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) out[k] = interpolateTree(v, lookup, findings, [...path, k]);
    return out;
  }
  return tree;
}
