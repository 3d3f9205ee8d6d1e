/**
 * The structured form of a diff: one entry per changed property, with the property's path in the
 * inputs (`spec.raft.snapshotInterval`, `join.advertiseAddr`; "" when the change is not a property's,
 * e.g. a locked manager that `up` unlocks), whether it replaces the resource, and the reason in the
 * user's words. The dynamic providers print the reasons; the provider plugin turns the entries into
 * Pulumi's detailed diff. Each pure diff module fills its list and its reasons together.
 */
export interface PropertyChange {
  path: string;
  replace: boolean;
  reason: string;
}

export interface ChangeList {
  /** The reasons, as the diff modules always reported them. */
  readonly reasons: string[];
  readonly properties: PropertyChange[];
  /** Records a change of `path`: its reason, and whether it replaces the resource. */
  add(path: string, reason: string, replace?: boolean): void;
}

export function changeList(reasons: string[] = [], properties: PropertyChange[] = []): ChangeList {
  return {
    reasons,
    properties,
    add(path, reason, replace = false) {
      reasons.push(reason);
      properties.push({ path, replace, reason });
    },
  };
}
