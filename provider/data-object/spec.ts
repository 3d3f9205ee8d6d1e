/**
 * Pure mapping of SwarmSecret / SwarmConfig inputs to the Engine's spec, and the keyed hashes that
 * stand in for the content in state and in the object's name.
 *
 * The hashes are HMAC-SHA256 under a random key made at create and kept (as a secret) in state, so
 * that neither the name suffix anyone can see (`docker secret ls`) nor the hash in state lets a weak
 * secret be guessed by hashing candidates.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { DataObjectSpec } from "../engine/api/secrets";
import { omitUndefined } from "../common/clean";
import { VERSION_OF_LABEL } from "../common/versions";
import { contentOf, logicalName, SUFFIX_LENGTH, type DataObjectInputs } from "./args";

export function newHashKey(): string {
  return randomBytes(16).toString("hex");
}

function hmac(key: string, parts: Array<string | Buffer>): string {
  const h = createHmac("sha256", Buffer.from(key, "hex"));
  for (const p of parts) {
    h.update(p);
    h.update("\u0000");
  }
  return h.digest("hex");
}

/** A keyed hash of the content alone (state keeps it to notice a change of `data`). */
export function dataHashOf(key: string, inputs: Pick<DataObjectInputs, "data" | "dataBase64">): string {
  const content = contentOf(inputs);
  return content === undefined ? "" : `hmac-sha256:${hmac(key, ["data", content])}`;
}

/** Everything that makes the object what it is (and cannot change in place): content, driver, templating. */
function identityHash(key: string, inputs: DataObjectInputs): string {
  const content = contentOf(inputs) ?? Buffer.alloc(0);
  return hmac(key, ["object", content, JSON.stringify(inputs.driver ?? null), JSON.stringify(inputs.templating ?? null)]);
}

/** The Engine object's name: pinned, or "<logical name>-<8 hex of the keyed identity hash>". */
export function engineNameOf(inputs: DataObjectInputs, key: string): string {
  return inputs.engineName ?? `${logicalName(inputs)}-${identityHash(key, inputs).slice(0, SUFFIX_LENGTH)}`;
}

/** The labels the object carries: the declared ones and the one that ties its versions together. */
export function labelsOf(inputs: Pick<DataObjectInputs, "labels" | "_owner">): Record<string, string> {
  return { ...(inputs.labels ?? {}), ...(inputs._owner ? { [VERSION_OF_LABEL]: inputs._owner } : {}) };
}

/** The declared labels as read back: without the package's own. */
export function declaredLabels(engine: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(engine ?? {})) if (k !== VERSION_OF_LABEL) out[k] = v;
  return sortKeys(out);
}

export function toEngineSpec(inputs: DataObjectInputs, engineName: string): DataObjectSpec {
  const content = contentOf(inputs);
  return omitUndefined({
    Name: engineName,
    Labels: labelsOf(inputs),
    Data: content?.toString("base64"),
    Driver: inputs.driver ? omitUndefined({ Name: inputs.driver.name, Options: inputs.driver.options }) : undefined,
    Templating: inputs.templating ? omitUndefined({ Name: inputs.templating.name, Options: inputs.templating.options }) : undefined,
  });
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
