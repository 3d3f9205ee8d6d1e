/**
 * Pulumi's detailed diff from the core's structured change list (provider/common/changes.ts): each
 * changed property becomes the paths that really differ between the old and the new inputs (an added
 * label is `labels.zone: ADD`, a changed one `labels.zone: UPDATE`), with the _REPLACE kind when the
 * change replaces the resource. A change the inputs do not show (drift seen by refresh, a locked
 * manager, a moved image tag) is reported at the property itself, as a difference from the state.
 */
import type { PropertyChange } from "../provider/common/changes";
import { deepEqual } from "../provider/common/clean";
import { UNKNOWN } from "../provider/common/unknowns";
import { propertyPath, segmentsOf, valueAt, type Raw } from "./properties";

export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface PropertyDiffEntry {
  kind: DiffKind;
  /** True when it is a difference between the old and new inputs (not between the state and the inputs). */
  inputDiff: boolean;
}

export function detailedDiff(changes: PropertyChange[], oldInputs: Raw, newInputs: Raw): Record<string, PropertyDiffEntry> {
  const out: Record<string, PropertyDiffEntry> = {};
  const put = (path: string, kind: "ADD" | "DELETE" | "UPDATE", replace: boolean, inputDiff: boolean) => {
    const k = (replace ? `${kind}_REPLACE` : kind) as DiffKind;
    const prev = out[path];
    // A replace wins over an in-place change of the same path.
    if (!prev || (!prev.kind.endsWith("_REPLACE") && replace)) out[path] = { kind: k, inputDiff };
  };
  for (const c of changes) {
    if (!c.path) continue;
    const segs = segmentsOf(c.path);
    const leaves = differences(valueAt(oldInputs, segs), valueAt(newInputs, segs), segs);
    if (!leaves.length) put(propertyPath(segs), "UPDATE", c.replace, false);
    for (const l of leaves) put(propertyPath(l.path), l.kind, c.replace, true);
  }
  return out;
}

interface Leaf {
  path: Array<string | number>;
  kind: "ADD" | "DELETE" | "UPDATE";
}

/** The paths where `a` and `b` differ, as deep as both are objects (lists of equal length item by item). */
export function differences(a: unknown, b: unknown, at: Array<string | number> = []): Leaf[] {
  const absent = (v: unknown) => v === undefined || v === null;
  if (b === UNKNOWN) return [{ path: at, kind: absent(a) ? "ADD" : "UPDATE" }];
  if (absent(a) && absent(b)) return [];
  if (absent(a)) return [{ path: at, kind: "ADD" }];
  if (absent(b)) return [{ path: at, kind: "DELETE" }];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [{ path: at, kind: "UPDATE" }];
    return a.flatMap((x, i) => differences(x, b[i], [...at, i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences(a[k], b[k], [...at, k]));
  }
  return deepEqual(a, b) ? [] : [{ path: at, kind: "UPDATE" }];
}

function isObject(v: unknown): v is Raw {
  return !!v && typeof v === "object" && !Array.isArray(v);
}
