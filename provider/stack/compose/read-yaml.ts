/**
 * Compose YAML → plain JavaScript values, read the way the docker CLI's YAML library (go-yaml v3)
 * reads it, so that a file means the same thing here as under `docker stack deploy`:
 * - anchors, aliases and `<<` merge keys (YAML 1.1 merge, which go-yaml supports);
 * - `0440` is an octal number (go-yaml keeps YAML 1.1 octals; secret `mode: 0440` relies on it),
 *   while `yes`/`no`/`on`/`off` stay strings (go-yaml reads them as booleans only into bool fields;
 *   the CLI reads into untyped maps, so `read_only: yes` fails validation there too);
 * - duplicate keys are an error.
 * Only the first problem of a broken file is worth much, but all parser errors are reported.
 */
import { parseDocument, type ScalarTag } from "yaml";
import { Findings } from "./compose-error";

const legacyOctal: ScalarTag = {
  // Only used for reading: numbers are never written back as YAML here.
  identify: () => false,
  default: true,
  tag: "tag:yaml.org,2002:int",
  test: /^[-+]?0[0-7]+$/,
  resolve: (text: string) => {
    const n = parseInt(text.replace(/^[-+]/, ""), 8);
    return text.startsWith("-") ? -n : n;
  },
};

export function readComposeYaml(text: string, findings: Findings): Record<string, unknown> | undefined {
  const doc = parseDocument(text, {
    merge: true,
    uniqueKeys: true,
    prettyErrors: true,
    // Checked before the core schema's own int, which would read 0440 as decimal 440.
    customTags: (tags) => [legacyOctal, ...tags],
  });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "(file)";
      findings.issues.push({ path: where, message: `YAML: ${e.message.split("\n")[0]}` });
    }
    return undefined;
  }
  let value: unknown;
  try {
    // A budget of alias expansions guards against "billion laughs" documents; real files use few.
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    findings.error([], `YAML: ${(e as Error).message}`);
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    findings.error([], "the top level of a Compose file must be a mapping");
    return undefined;
  }
  return value as Record<string, unknown>;
}
