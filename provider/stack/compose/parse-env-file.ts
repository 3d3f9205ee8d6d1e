/**
 * An env_file's text → variables, with the docker CLI's rules (pkg/kvfile): one `KEY=value` per line;
 * leading whitespace is dropped, trailing whitespace and quotes are part of the value (no unquoting, no
 * interpolation); empty lines and lines starting with `#` are skipped; a UTF-8 BOM is dropped; a line
 * with only a `KEY` takes the variable's value from `lookup`, and is left out when it has none.
 */
import type { Lookup } from "./substitute-variables";

export function parseEnvFile(text: string, lookup: Lookup): { entries: Array<[string, string]> } | { error: string } {
  const entries: Array<[string, string]> = [];
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  // A final newline does not make one more (empty) line; it would be skipped anyway.
  for (const [index, raw] of lines.entries()) {
    // Lines are read like Go's bufio.ScanLines: a CR before the LF is not part of the line.
    const line = raw.replace(/\r$/, "").replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === "") return { error: `line ${index + 1}: no variable name on line '${line}'` };
    if (/[ \t]/.test(key)) return { error: `line ${index + 1}: variable '${key}' contains whitespaces` };
    if (eq >= 0) {
      entries.push([key, line.slice(eq + 1)]);
      continue;
    }
    const value = lookup(key);
    if (value !== undefined) entries.push([key, value]);
  }
  return { entries };
}
