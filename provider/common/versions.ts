/**
 * Versions of an immutable Engine object (a secret's or config's data, a network's settings). A
 * change makes a new object next to the old one (create before delete), so services move over with a
 * rolling update while the old object still exists. Every object a resource made carries one label
 * naming the resource, so that its versions can be found again even after Pulumi forgot one (a
 * version kept because a service still used it when its delete came).
 */
export const VERSION_OF_LABEL = "com.pulumi.docker-swarm.version-of";

export interface ObjectVersion {
  id: string;
  name: string;
  /** Creation time in ms (the Engine's CreatedAt). */
  createdAt: number;
  /** A service refers to it (the Engine would refuse to remove it). */
  inUse: boolean;
}

export interface PrunePlan {
  /** Object IDs to remove now. */
  remove: string[];
  /** Object IDs kept, with why (for progress lines). */
  kept: Array<{ id: string; why: string }>;
}

/**
 * What the delete of object `target` removes, among all versions of its resource.
 *
 * - When a newer version exists, this delete is the end of a replacement: the newest version stays,
 *   the `keep` newest previous ones stay, and every older one not in use goes (`target` included when
 *   it is among them).
 * - When none is newer, the resource itself is being deleted: every version goes, unless in use.
 *
 * An object in use is never removed: the Engine refuses it, and a service that still uses it (one
 * rolled back to it, say) must keep working. It stays labelled, so a later delete finds it.
 */
export function planPrune(all: readonly ObjectVersion[], target: string, keep: number): PrunePlan {
  const byAge = [...all].sort((a, b) => b.createdAt - a.createdAt);
  const self = all.find((v) => v.id === target);
  const newer = self ? byAge.filter((v) => v.createdAt > self.createdAt && v.id !== target) : [];
  const kept: PrunePlan["kept"] = [];
  const remove: string[] = [];
  const consider = (v: ObjectVersion, keepIt: string | undefined) => {
    if (keepIt) kept.push({ id: v.id, why: keepIt });
    else if (v.inUse) kept.push({ id: v.id, why: "still in use by a service" });
    else remove.push(v.id);
  };
  if (self && newer.length === 0) {
    for (const v of byAge) consider(v, undefined);
    return { remove, kept };
  }
  const [current, ...previous] = byAge;
  if (current) kept.push({ id: current.id, why: "the current version" });
  previous.forEach((v, i) => consider(v, i < keep ? `one of the ${keep} previous version(s) kept (keepVersions)` : undefined));
  // The target may be gone already (removed out of band): nothing else to decide for it.
  return { remove, kept };
}
