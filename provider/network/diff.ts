/**
 * Field-level comparison for SwarmNetwork (pure). The Engine cannot change a network: any declared
 * setting that changes is a replacement, made create-before-delete so that the services that use it
 * move to the new network (in place) before the old one goes.
 */
import { deepEqual } from "../common/clean";
import { containsUnknown } from "../common/unknowns";
import { networkNameOf, type NetworkInputs } from "./args";
import { SETTINGS } from "./spec";

export function diffNetwork(olds: Record<string, unknown>, news: NetworkInputs, raw: Record<string, unknown>): { changes: boolean; replaces: string[]; reasons: string[] } {
  const replaces: string[] = [];
  const reasons: string[] = [];
  for (const key of SETTINGS) {
    if (containsUnknown(raw[key]) || !deepEqual(olds[key] ?? null, news[key] ?? null)) {
      replaces.push(key);
      reasons.push(`${key}: networks cannot change, so a new network is made; services move to it in place, then the old one is removed`);
    }
  }
  if (containsUnknown(raw.name) || (olds.name ?? olds._name) !== networkNameOf(news)) {
    replaces.push("name");
    reasons.push(`name: ${String(olds.name)} → ${networkNameOf(news)}; a new network is made`);
  }
  let changes = replaces.length > 0;
  for (const key of ["adopt", "connection"] as const) {
    if (containsUnknown(raw[key]) || !deepEqual(olds[key], news[key])) {
      changes = true;
      reasons.push(`${key}: recorded`);
    }
  }
  return { changes, replaces, reasons };
}
